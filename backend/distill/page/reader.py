"""The reader view's HTML, as the client gets it: the article's tree serialized and run through
the allowlist once more (the sentence marks added after sanitizing are spans the allowlist keeps)."""

from __future__ import annotations

import html

import lxml.html
from lxml.html import HtmlElement

from .sanitize import sanitize_html


def render(root: HtmlElement) -> str:
    """Serialize the article's children and run the allowlist once more on the result."""
    inner = html.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode", method="html") for child in root
    )
    return sanitize_html(inner, marks=True)
