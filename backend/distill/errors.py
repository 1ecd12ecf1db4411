"""Errors the pipeline raises on purpose, each carrying what the client should be told.

The HTTP layer maps them to ``{"error": {"code", "message"}}`` with their status, and the CLI
prints the message; nothing else needs to know about HTTP.
"""

from __future__ import annotations


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
