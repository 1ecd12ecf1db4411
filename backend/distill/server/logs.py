"""Request ids, one JSON log line per request, and the Prometheus endpoint.

A log line says who asked (the token's *name*), what for (route, status, sizes, cache result)
and how long it took; never the page, its URL or the token itself, so a team's logs hold
nothing its members read.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

from ..config import Settings
from . import metrics

LOGGER = logging.getLogger("distill.request")
# one JSON object a line, for Distill's loggers and (gunicorn_conf.py) gunicorn's own
JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
JSON_RENAME = {"asctime": "time", "levelname": "level", "name": "logger"}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def configure_logging(settings: Settings) -> None:
    """Distill's loggers write to stderr, as JSON lines or as text; gunicorn's go the same way."""
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter(JSON_FORMAT, rename_fields=JSON_RENAME))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("distill")
    logger.handlers[:] = [handler]
    logger.setLevel(settings.log_level.upper())
    logger.propagate = False


def _route() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "unmatched"


def register(app: Flask, settings: Settings) -> None:
    @app.before_request
    def _start():
        g.started = time.perf_counter()
        given = request.headers.get("X-Request-Id", "")
        # a proxy's id is kept when it looks like one; anything else is replaced, not logged
        g.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex

    @app.after_request
    def _finish(resp: Response):
        seconds = time.perf_counter() - g.get("started", time.perf_counter())
        route = _route()
        resp.headers["X-Request-Id"] = g.get("request_id", "")
        metrics.REQUESTS.labels(route, request.method, str(resp.status_code)).inc()
        metrics.LATENCY.labels(route).observe(seconds)
        LOGGER.info("request", extra={
            "request_id": g.get("request_id"), "method": request.method, "route": route,
            "status": resp.status_code, "ms": round(seconds * 1000, 1),
            "bytes_in": request.content_length or 0, "bytes_out": resp.calculate_content_length() or 0,
            "cache": g.get("cache_result"), "token": g.get("token_name"),
        })
        return resp

    if settings.metrics:
        @app.get("/metrics")
        def _metrics():
            body, content_type = metrics.render()
            return Response(body, content_type=content_type)
