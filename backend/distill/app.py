"""The Flask app factory: settings, the API blueprint, JSON errors, request logs."""

from __future__ import annotations

import logging
import threading
import time

from flask import Response, current_app, g, jsonify, request
from flask_openapi3 import Info, OpenAPI
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from . import __version__, embed, scorer, sentences
from .config import Settings, get_settings
from .errors import DistillError
from .extract import quiet_libraries
from .schemas import ErrorResponse

LOGGER = logging.getLogger("distill.app")


def error_response(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": message}), status


def _validation_error(exc: ValidationError) -> Response:
    """flask-openapi3 hands us pydantic's errors; say in one line what to fix."""
    if not isinstance(request.get_json(silent=True), dict):
        resp, status = error_response(
            400, "invalid_json",
            "The request body must be a JSON object, sent as UTF-8 with Content-Type: application/json.",
        )
    else:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
            msg = err.get("msg", "invalid").removeprefix("Value error, ")
            parts.append(f"{where}: {msg}" if where else msg)
        resp, status = error_response(400, "invalid_request", "; ".join(parts) or "invalid request")
    resp.status_code = status
    return resp


def _register_errors(app: OpenAPI) -> None:
    @app.errorhandler(DistillError)
    def _distill(exc: DistillError):
        return error_response(exc.status, exc.code, exc.message)

    @app.errorhandler(embed.ModelUnavailable)
    def _model(exc: embed.ModelUnavailable):
        LOGGER.error("model unavailable: %s", exc)
        return error_response(503, "model_unavailable",
                              "The summarization model is not available on this server.")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code == 413:
            limit = current_app.config["MAX_CONTENT_LENGTH"]
            return error_response(
                413, "too_large",
                f"The request is larger than this server accepts ({limit // (1024 * 1024)} MB).",
            )
        if exc.code == 400 and getattr(exc, "response", None) is not None:
            return exc.response  # already ours (validation)
        code = (exc.name or "error").lower().replace(" ", "_")
        return error_response(exc.code or 500, code, exc.description or exc.name)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        LOGGER.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "The server failed to process this request.")


def _register_logging(app: OpenAPI) -> None:
    """One line per request: method, path, status, size and time; never the page itself."""

    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _log(resp: Response):
        ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
        LOGGER.info("%s %s %s in=%s out=%s %.1fms", request.method, request.path, resp.status_code,
                    request.content_length or 0, resp.calculate_content_length() or 0, ms)
        return resp


def warm_model(settings: Settings) -> threading.Thread:
    """Load the model (and the language identifier) in the background so /ready turns green,
    and the first request is fast, without a first request."""

    def load():
        try:
            sentences.language_identifier()
            embed.get_model(settings.model_path)
            scorer.load()
        except embed.ModelUnavailable:
            LOGGER.exception("model failed to load")

    thread = threading.Thread(target=load, name="distill-warm-model", daemon=True)
    thread.start()
    return thread


def create_app(settings: Settings | None = None) -> OpenAPI:
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("distill").setLevel(settings.log_level.upper())
    if settings.log_level.lower() != "debug":
        quiet_libraries()
    app = OpenAPI(
        __name__,
        info=Info(title="Distill API", version=__version__,
                  description="Reader view and extractive summary of a web page."),
        validation_error_status=400,
        validation_error_model=ErrorResponse,
        validation_error_callback=_validation_error,
        doc_ui=False,
    )
    app.config["DISTILL_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.sort_keys = False
    from .api import api

    app.register_api(api)
    _register_errors(app)
    _register_logging(app)
    if settings.warm_model:
        warm_model(settings)
    return app
