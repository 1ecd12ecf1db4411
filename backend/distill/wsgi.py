"""The WSGI app gunicorn serves (``distill.wsgi:app``), built once in the master process.

gunicorn_conf.py preloads it: the model, the ranker and the language identifier are loaded
here, before the workers fork, so every worker shares the same pages of memory and is ready
the moment it starts. (The static model is numpy arrays with no threads or GPU state of its
own, so forking after loading it is safe.)
"""

from __future__ import annotations

import logging
import time

from . import embed, metrics, scorer, sentences
from .app import create_app
from .config import get_settings

LOGGER = logging.getLogger("distill.wsgi")

settings = get_settings()
app = create_app(settings.model_copy(update={"warm_model": False}))
_started = time.perf_counter()
embed.resolve_device(settings.device)  # a GPU asked for and missing stops the start here
try:
    sentences.language_identifier()
    embed.get_model(settings.model_path)
    scorer.load()
    metrics.MODEL_LOAD.set(time.perf_counter() - _started)
    LOGGER.info("model loaded", extra={"seconds": round(time.perf_counter() - _started, 2),
                                       "model": embed.model_name(settings.model_path)})
except embed.ModelUnavailable:
    # served anyway: /ready says 503 and summaries say what to run, until it is built
    LOGGER.exception("model failed to load")
