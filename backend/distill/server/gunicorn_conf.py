"""gunicorn's configuration for `distill serve` (and for running gunicorn by hand:
``gunicorn -c backend/distill/server/gunicorn_conf.py distill.server.wsgi:app``). Every value comes from
the DISTILL_* settings, validated before anything starts.

SIGHUP reloads gracefully: new workers start, old ones finish their requests and exit.
(With preload_app the application code is the master's; a code upgrade is a restart.)
"""

import contextlib
import sys

from distill.config import SettingsError, libc_function, load_settings, one_native_thread
from distill.server.logs import JSON_FORMAT, JSON_RENAME

one_native_thread()  # before the app (and numpy) is loaded: workers are already one per core

try:
    _settings = load_settings()
except SettingsError as _exc:
    print(f"distill: bad setting: {_exc}", file=sys.stderr)
    sys.exit(2)

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
threads = _settings.threads
worker_class = "gthread"
timeout = _settings.timeout_s
graceful_timeout = _settings.graceful_timeout_s
max_requests = _settings.max_requests
max_requests_jitter = _settings.max_requests_jitter
# A worker takes no more connections than it has threads, and closes each after its answer: a
# connection kept open stays with the worker that took it, so a few busy clients could load one
# worker while another idles (4 requests in flight on 2 workers ran at 14-29 pages/s, by how
# their connections fell). A connection the workers have no thread for waits for the first free
# one, whichever worker it is in (25-28 pages/s with 2 threads a worker, 28-31 with 1).
keepalive = 0
worker_connections = _settings.threads
preload_app = True  # the model is loaded once, before fork (server/wsgi.py)
accesslog = None  # distill.request logs each request, without the page
loglevel = _settings.log_level.lower()
proc_name = "distill"
control_socket_disable = True  # one per user by default: two servers on a host would share it
if _settings.log_format == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": JSON_FORMAT,
                                "rename_fields": JSON_RENAME}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(),
                                       "propagate": False},
                    "gunicorn.access": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
    }


# A long page leaves the worker's heap full of freed pages that glibc keeps (the largest Mozilla
# test page, 1 MB, left 40 MB behind); after a request that large they go back to the system.
# About 1 ms, so smaller requests skip it.
TRIM_AFTER_BYTES = 200_000


_trim = libc_function("malloc_trim")  # None where the C library is not glibc: nothing to trim


def post_request(worker, req, environ, resp):
    """After each answer: the language identifier's pages go back to the page cache, and after
    a large request the freed heap goes back to the system."""
    from distill.summary.language import release_language_tables

    release_language_tables()
    try:
        size = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    if _trim is not None and size >= TRIM_AFTER_BYTES:
        _trim(0)


def post_fork(server, worker):
    """Connections opened by the master (the token database's pool) are not shared with workers;
    each worker forks its own helper process (page/second_opinion.py), then makes its own CUDA context when
    the sentences are embedded on a GPU (the helper never embeds)."""
    from distill.page import second_opinion
    from distill.server.wsgi import app
    from distill.summary import embed

    app.extensions["distill_tokens"].engine.dispose(close=False)
    if _settings.helper:  # forked now, before the worker starts its threads
        second_opinion.start()
    with contextlib.suppress(embed.ModelUnavailable):  # no model built yet: /ready says what to run
        embed.start_device(_settings.model_path, embed.resolve_device(_settings.device))


def child_exit(server, worker):
    from distill.server import metrics

    metrics.worker_exited(worker.pid)
