"""Request bodies sent compressed (Content-Encoding: gzip or deflate), decoded before Flask reads
them, never to more than the size limit a plain body has: a small gzip bomb is refused as too
large, not inflated. Other encodings are refused (415) with what to send instead.

The decoding is WSGI middleware, so everything after it (the size limit, JSON, the views) sees
an ordinary body; a body it cannot decode is left empty and its error is answered by the app
(``raise_body_error``, a before-request hook), with the request id, log line and CORS headers
every answer has.
"""

from __future__ import annotations

import io
import zlib

from ..errors import DistillError

_ENCODINGS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16,
              "deflate": zlib.MAX_WBITS}  # HTTP's deflate is zlib's format
_ERROR_KEY = "distill.body_error"
_CHUNK = 64 * 1024


def inflate(data: bytes, encoding: str, limit: int) -> bytes:
    """data decompressed (each member of a multi-member gzip), at most limit bytes of it:
    DistillError 413 past the limit, 400 for data that is not what its encoding says."""
    out = bytearray()
    while data:
        engine = zlib.decompressobj(_ENCODINGS[encoding])
        try:
            out += engine.decompress(data, limit + 1 - len(out))
        except zlib.error as exc:
            raise DistillError(f"The request body is not valid {encoding} data ({exc}): send it as "
                               "it is, or gzip-compressed.", code="invalid_encoding") from None
        if len(out) > limit:
            raise DistillError(f"The request body decompresses to more than this server accepts "
                               f"({limit // (1024 * 1024)} MB).", code="too_large", status=413)
        if not engine.eof:
            raise DistillError(f"The request body's {encoding} data is cut short.", code="invalid_encoding")
        data = engine.unused_data
    return bytes(out)


def _read(environ: dict, limit: int) -> bytes | None:
    """The raw body, or None when it is longer than limit (Flask then answers 413 as for any
    body too large). A body without a length is read to its end only when the server says it
    ends (chunked, wsgi.input_terminated); otherwise there is none, as for werkzeug."""
    stream = environ["wsgi.input"]
    length = environ.get("CONTENT_LENGTH") or ""
    if length.isdigit():
        if int(length) > limit:
            return None
        return stream.read(int(length))
    if not environ.get("wsgi.input_terminated"):
        return b""
    chunks, size = [], 0
    while chunk := stream.read(_CHUNK):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    return b"".join(chunks)


class DecodeBody:
    """WSGI middleware: a gzip- or deflate-encoded body replaced by its decoded bytes."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict, start_response):
        encoding = environ.get("HTTP_CONTENT_ENCODING", "").strip().lower()
        if encoding and encoding != "identity":
            self._decode(environ, encoding)
        return self.app(environ, start_response)

    def _decode(self, environ: dict, encoding: str) -> None:
        if encoding not in _ENCODINGS:
            error = DistillError(f"Content-Encoding: {encoding[:40]} is not supported: send the body "
                                 "as it is, or gzip-compressed.", code="unsupported_encoding", status=415)
        else:
            raw = _read(environ, self.limit)
            if raw is None:
                return  # too large before decoding: the app's size limit answers 413
            try:
                decoded = inflate(raw, encoding, self.limit)
            except DistillError as exc:
                error = exc
            else:
                environ["wsgi.input"] = io.BytesIO(decoded)
                environ["CONTENT_LENGTH"] = str(len(decoded))
                environ.pop("HTTP_CONTENT_ENCODING")
                environ.pop("wsgi.input_terminated", None)
                return
        environ[_ERROR_KEY] = error
        environ["wsgi.input"] = io.BytesIO(b"")
        environ["CONTENT_LENGTH"] = "0"


def raise_body_error() -> None:
    """Before each request: the error DecodeBody met, raised for the app's error handlers."""
    from flask import request

    if (error := request.environ.get(_ERROR_KEY)) is not None:
        raise error
