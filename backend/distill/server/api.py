"""The HTTP API, ``/api/v1``: thin views over the pipeline; errors are handled in app.py."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify
from flask_openapi3 import APIBlueprint, Tag

from .. import __version__
from ..page import second_opinion
from ..pipeline import summarize_page, summarize_text
from ..summary import embed
from . import access, metrics
from .cache import request_key
from .schemas import ErrorResponse, HealthResponse, SummarizeRequest, SummarizeResponse, WhoAmIResponse

api = APIBlueprint("api", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="distill")])

_ERRORS = {400: ErrorResponse, 413: ErrorResponse, 422: ErrorResponse, 503: ErrorResponse}


def _settings():
    return current_app.config["DISTILL_SETTINGS"]


@api.post("/summarize", responses={200: SummarizeResponse, 401: ErrorResponse, 429: ErrorResponse, **_ERRORS},
          security=[{"bearer": []}])
def summarize(body: SummarizeRequest):
    """Reader view and summary of a page or of plain text. Identical requests are answered from
    the cache (the X-Distill-Cache header says hit or miss)."""
    cache = current_app.extensions.get("distill_cache")
    key = request_key(body.model_dump()) if cache is not None else None
    if cache is not None and (hit := cache.get(key)) is not None:
        g.cache_result = "hit"
        metrics.CACHE.labels("hit").inc()
        return Response(hit, content_type="application/json", headers={"X-Distill-Cache": "hit"})
    settings = _settings()
    with second_opinion.serving():  # counted, so helpers are only asked while a core is idle
        if body.html is not None:
            result = summarize_page(body.html, body.url, body.sentences, body.ratio, settings, body.lang)
        else:
            result = summarize_text(body.text, body.sentences, body.ratio, settings, body.lang,
                                    body.title)
    metrics.observe_stages(result.get("timings_ms", {}))
    resp = jsonify(result)
    if cache is not None:
        g.cache_result = "miss"
        metrics.CACHE.labels("miss").inc()
        cache.set(key, resp.get_data())
        resp.headers["X-Distill-Cache"] = "miss"
    return resp


def _health() -> dict:
    settings = _settings()
    return {
        "version": __version__,
        "model": embed.model_name(settings.model_path),
        "model_loaded": embed.is_loaded(settings.model_path),
        "device": embed.resolve_device(settings.device),
    }


@api.get("/health", responses={200: HealthResponse})
def health():
    """The process is up (it may still be loading the model)."""
    return jsonify(status="ok", **_health())


@api.get("/ready", responses={200: HealthResponse, 503: HealthResponse})
def ready():
    """The model is loaded: requests will not wait for it."""
    info = _health()
    if info["model_loaded"]:
        return jsonify(status="ready", **info)
    return jsonify(status="loading", **info), 503


@api.get("/whoami", responses={200: WhoAmIResponse, 401: ErrorResponse}, security=[{"bearer": []}])
def whoami():
    """Whether this request's token is accepted (the extension's "Test connection" asks):
    200 with the token's name, or 401 like any API call without a valid token."""
    store = current_app.extensions["distill_tokens"]
    return jsonify(status="ok", tokens_required=access.tokens_required(_settings(), store),
                   token=g.get("token_name"))


@api.get("/openapi.json", doc_ui=False)
def openapi():
    """This API's OpenAPI document, generated from the models that validate requests."""
    return jsonify(current_app.api_doc)
