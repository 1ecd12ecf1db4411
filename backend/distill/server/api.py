"""The HTTP API, ``/api/v1``: thin views over the pipeline; errors are handled in app.py."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, g, jsonify, request
from flask_openapi3 import APIBlueprint, Tag
from pydantic import ValidationError

from .. import __version__
from ..errors import InvalidInput
from ..page import second_opinion
from ..page.pdf import check_size
from ..pipeline import summarize_pdf, summarize_request
from ..summary import embed
from . import access, metrics
from .cache import request_key
from .schemas import (
    ErrorResponse,
    HealthResponse,
    PdfQuery,
    SummarizeRequest,
    SummarizeResponse,
    WhoAmIResponse,
)

api = APIBlueprint("api", __name__, url_prefix="/api/v1", abp_tags=[Tag(name="distill")])

_ERRORS = {400: ErrorResponse, 413: ErrorResponse, 415: ErrorResponse, 422: ErrorResponse,
           503: ErrorResponse}


def _settings():
    return current_app.config["DISTILL_SETTINGS"]


@api.post("/summarize", responses={200: SummarizeResponse, 401: ErrorResponse, 429: ErrorResponse, **_ERRORS},
          security=[{"bearer": []}])
def summarize(body: SummarizeRequest):
    """Reader view and summary of a page, of a multi-page article, of plain text, or of a PDF
    (the PDF's bytes as the body, with Content-Type: application/pdf and url, sentences, ratio
    and lang in the query string). Identical requests are answered from the cache (the
    X-Distill-Cache header says hit or miss)."""
    settings = _settings()
    return _answer(body.model_dump(), lambda: summarize_request(settings, **body.source_fields()))


def _answer(request_fields: dict, work) -> Response:
    """The cached answer to these request fields, or work()'s, cached."""
    cache = current_app.extensions.get("distill_cache")
    key = request_key(request_fields) if cache is not None else None
    if cache is not None and (hit := cache.get(key)) is not None:
        g.cache_result = "hit"
        metrics.CACHE.labels("hit").inc()
        return Response(hit, content_type="application/json", headers={"X-Distill-Cache": "hit"})
    with second_opinion.serving():  # counted, so helpers are only asked while a core is idle
        result = work()
    metrics.observe_stages(result.get("timings_ms", {}))
    resp = jsonify(result)
    if cache is not None:
        g.cache_result = "miss"
        metrics.CACHE.labels("miss").inc()
        cache.set(key, resp.get_data())
        resp.headers["X-Distill-Cache"] = "miss"
    return resp


@api.before_request
def _pdf_body():
    """A PDF posted to /summarize is answered here: the JSON model that validates the view's
    body does not apply to it (flask-openapi3 validates inside the view)."""
    if request.endpoint != "api.summarize" or request.mimetype != "application/pdf":
        return None
    return summarize_pdf_request()


def summarize_pdf_request() -> Response:
    settings = _settings()
    limit = settings.max_pdf_bytes
    check_size(request.content_length or 0, limit)
    request.max_content_length = limit  # instead of the JSON limit (Flask 3.1)
    data = request.get_data(cache=False)
    check_size(len(data), limit)
    try:
        query = PdfQuery.model_validate(request.args.to_dict())
    except ValidationError as exc:
        raise InvalidInput("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
                                     for e in exc.errors()[:5])) from None
    fields = {"pdf_sha256": hashlib.sha256(data).hexdigest(), **query.model_dump()}
    return _answer(fields, lambda: summarize_pdf(data, query.url, query.sentences, query.ratio,
                                                 settings, query.lang))


def document_pdf_body(app) -> None:
    """Add the PDF body to /summarize in the OpenAPI document. Its query parameters (url,
    sentences, ratio, lang: PdfQuery) are named in its description, not as the operation's
    parameters: those would bind the JSON body's requests too, which take none."""
    from flask_openapi3.models import MediaType, Schema

    operation = app.paths["/api/v1/summarize"].post
    fields = ", ".join(f"{name} ({field.get('description', '')})"
                       for name, field in PdfQuery.model_json_schema()["properties"].items())
    operation.requestBody.content["application/pdf"] = MediaType(
        schema=Schema(type="string", format="binary",
                      description="a PDF's bytes (encrypted and scanned PDFs get 422, more than "
                                  "max_pdf_pages pages or max_pdf_bytes bytes 413); in the query "
                                  f"string: {fields}"))


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
