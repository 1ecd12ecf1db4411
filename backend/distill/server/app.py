"""The Flask app factory: settings, the API blueprint, JSON errors, the status page, and the
team server's layers (observe: ids, logs, metrics; guard: tokens, limits, origins)."""

from __future__ import annotations

import logging
import threading
import time

import orjson
from flask import Response, current_app, render_template, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_openapi3 import Info, OpenAPI
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from .. import __version__, client_json
from ..config import Settings, get_settings
from ..errors import DistillError, error_response
from ..page.extractors import quiet_libraries
from ..summary import embed
from . import access, body, logs, metrics
from .cache import make_cache
from .schemas import ErrorResponse, describe_errors
from .tokens import TokenStore

LOGGER = logging.getLogger("distill.app")


class FastJSON(DefaultJSONProvider):
    """orjson for the request and the answer, each a page's worth of JSON (100 KB at the median):
    0.7 of the 1.2 ms Flask spent around a summary went to the standard library's json. What
    orjson refuses and the standard library takes (lone surrogates, which a page's DOM can hold;
    integers past 64 bits; NaN) is read (client_json.loads) and written as before, and so is a
    pretty (debug) dump."""

    sort_keys = False  # an answer's fields in the order the pipeline writes them

    def dumps(self, obj, **kwargs) -> str:
        if not kwargs.get("indent") and not kwargs.get("sort_keys", self.sort_keys):
            try:
                return orjson.dumps(obj, default=self.default).decode()
            except TypeError:  # orjson.JSONEncodeError is a TypeError
                pass
        return super().dumps(obj, **kwargs)

    def loads(self, s: str | bytes, **kwargs):
        return client_json.loads(s)


_SEND_JSON = "Send one JSON object, as UTF-8, with Content-Type: application/json."


def _body_problem() -> str | None:
    """What is wrong with a body that is not a JSON object, or None when it is one."""
    if not request.is_json:
        came = request.mimetype or "no content type"
        return f"The request body is not JSON (it came as {came}). {_SEND_JSON}"
    try:
        client_json.loads_object(request.get_data())
    except client_json.JSONInputError as exc:
        return f"The request body is not a JSON object: {exc}. {_SEND_JSON}"
    return None


def _validation_error(exc: ValidationError) -> Response:
    """flask-openapi3 hands us pydantic's errors; say in one line what to fix."""
    if (problem := _body_problem()) is not None:
        resp, status = error_response(400, "invalid_json", problem)
    else:
        resp, status = error_response(400, "invalid_request", describe_errors(exc))
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


def preload_models(settings: Settings) -> None:
    """summarize.load_models, timed into distill_model_load_seconds. A model that fails to load
    is logged, not raised: the server still answers, /ready says 503 and summaries say what to
    run, until it is built."""
    from ..pipeline import load_models

    try:
        seconds = load_models(settings)
    except embed.ModelUnavailable:
        LOGGER.exception("model failed to load")
        return
    metrics.MODEL_LOAD.set(seconds)
    LOGGER.info("model loaded", extra={"seconds": round(seconds, 2),
                                       "model": embed.model_name(settings.model_path)})


_WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    + "".join(f"<p>Sentence {i} of a short article, long enough to count as prose for the reader.</p>"
              for i in range(8))
    + "</article></body></html>")


def warm_up_before_fork() -> None:
    """Summarize one small page in gunicorn's master, load what the first requests would load,
    then freeze the heap. Each worker would otherwise load these privately on its first requests
    (the libraries' lazily imported parts, the English sentence rules, and trafilatura's stop-word
    list of every language for its justext fallback, 19 MB); loaded here they are shared, and
    gc.freeze keeps the collector from writing to (and so copying) the shared objects. Two workers
    after the Mozilla pages: 551 -> 482 MB in all, for about 0.2 s of start (0.1 s of it the
    stop-word list)."""
    import gc

    from ..page.extractors import all_stopwords
    from ..pipeline import summarize_page

    try:
        all_stopwords()
        # no helper process here: the master's would outlive the warm-up (each worker has its own)
        # embedded on the CPU: a CUDA context made here would leave every forked worker unable to
        # use the GPU (each worker makes its own, embed.start_device)
        summarize_page(_WARM_UP_PAGE, "https://distill.invalid/warm-up",
                       settings=get_settings().model_copy(update={"helper": False, "device": "cpu"}))
    except embed.ModelUnavailable:
        pass  # preload_models has said so; /ready says what to run
    except Exception:  # a warm-up must never stop a start; the first requests pay instead
        LOGGER.exception("warm-up failed")
    gc.freeze()


def warm_model(settings: Settings) -> threading.Thread:
    """Load the model in the background so /ready turns green, and the first request is fast,
    without a first request."""
    thread = threading.Thread(target=preload_models, args=(settings,), name="distill-warm-model",
                              daemon=True)
    thread.start()
    return thread


def _register_status(app: OpenAPI, settings: Settings) -> None:
    started = time.time()

    @app.get("/", doc_ui=False)
    def status_page():
        """What an administrator (or anyone opening the server's URL) wants to know."""
        path = settings.model_path
        up = int(time.time() - started)
        return render_template(
            "status.html", version=__version__, ready=embed.is_loaded(path), model=embed.model_name(path),
            uptime=f"{up // 3600} h {up % 3600 // 60} min {up % 60} s",
            tokens=access.tokens_required(settings, app.extensions["distill_tokens"]),
            rate_limit=settings.rate_limit,
            cache=(f"{app.extensions['distill_cache'].kind}, answers kept {settings.cache_ttl_s} s"
                   if app.extensions["distill_cache"] else "off"),
            base_url=request.host_url.rstrip("/"), docs_url=url_for("swagger.swagger"),
            openapi_url="/api/v1/openapi.json", health_url="/api/v1/health", ready_url="/api/v1/ready",
        )


def create_app(settings: Settings | None = None) -> OpenAPI:
    settings = settings or get_settings()
    logs.configure_logging(settings)
    if settings.log_level.lower() != "debug":
        quiet_libraries()
    app = OpenAPI(
        __name__,
        info=Info(title="Distill API", version=__version__,
                  description="Reader view and extractive summary of a web page. When the server has "
                  "API tokens, send one as `Authorization: Bearer TOKEN` (Authorize, above)."),
        security_schemes={"bearer": {"type": "http", "scheme": "bearer"}},
        validation_error_status=400,
        validation_error_model=ErrorResponse,
        validation_error_callback=_validation_error,
        doc_ui=True,
        doc_prefix="/docs",
    )
    app.config["DISTILL_SETTINGS"] = settings
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.config["SWAGGER_CONFIG"] = {"validatorUrl": None}  # no request leaves for swagger.io
    app.json = FastJSON(app)
    from .api import api, document_pdf_body

    store = TokenStore(settings)
    app.extensions["distill_tokens"] = store
    app.extensions["distill_cache"] = make_cache(settings)
    access.trust_proxies(app, settings)
    app.wsgi_app = body.DecodeBody(app.wsgi_app, settings.max_body_bytes)
    logs.register(app, settings)  # first: every answer gets its request id and log line
    access.register_auth(app, settings, store)
    app.before_request(body.raise_body_error)  # after the token check: a stranger learns nothing
    access.register_limits(app, settings)
    access.register_cors(app, settings)
    app.register_api(api)
    document_pdf_body(app)
    _register_errors(app)
    _register_status(app, settings)
    metrics.set_build_info(embed.model_name(settings.model_path))
    if settings.warm_model:
        warm_model(settings)
    return app
