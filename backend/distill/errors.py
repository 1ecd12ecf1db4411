"""Errors the pipeline raises on purpose, each carrying what the client should be told.

The HTTP layer maps them to ``{"error": {"code", "message"}}`` with their status
(error_response, the one shape every HTTP error has), and the CLI prints the message.
"""

from __future__ import annotations


def error_response(status: int, code: str, message: str):
    """The JSON error answer and its status (flask is imported here, not by the pipeline)."""
    from flask import jsonify

    return jsonify(error={"code": code, "message": message}), status


class DistillError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status


class InvalidInput(DistillError):
    """The request itself is wrong: the client must change what it sends."""

    status = 400
    code = "invalid_input"


class NoArticle(DistillError):
    """The input was fine as a request but holds no readable article."""

    status = 422
    code = "no_article"


class PageTooLarge(DistillError):
    """The page is within the size limit but more than Distill reads (too many elements, too
    much text): the message names the limit."""

    status = 413
    code = "page_too_large"


class NotPdf(DistillError):
    """A body sent as a PDF is not one."""

    status = 415
    code = "not_pdf"


class PdfTooLarge(DistillError):
    """A PDF over max_pdf_pages pages or max_pdf_bytes bytes."""

    status = 413
    code = "too_large"
