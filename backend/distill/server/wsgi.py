"""The WSGI app gunicorn serves (``distill.server.wsgi:app``), built once in the master process.

gunicorn_conf.py preloads it: the model, the ranker and the language identifier are loaded
here, and one page summarized, before the workers fork, so every worker shares the same pages
of memory and is ready the moment it starts. (The static model is numpy arrays with no threads
or GPU state of its own, so forking after loading it is safe.)
"""

from __future__ import annotations

from ..config import get_settings
from ..summary import embed
from .app import create_app, preload_models, warm_up_before_fork

settings = get_settings()
app = create_app(settings.model_copy(update={"warm_model": False}))
embed.resolve_device(settings.device)  # a GPU asked for and missing stops the start here
preload_models(settings)
warm_up_before_fork()
