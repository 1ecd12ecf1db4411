"""Every ranked sentence marked in the article's tree, for the reader view.

Each ranked sentence's text is wrapped in ``<span data-sentence="i">``. A sentence that crosses a
link or an emphasis becomes several spans with the same index, so the markup stays well nested
and the extension can highlight any summary, of any length, from this one document.
"""

from __future__ import annotations

import lxml.html
from lxml.html import HtmlElement

from .sentences import Paragraph


def _pieces(text: str, offset: int, spans: list[tuple[int, int, int]]) -> list[str | tuple[int, str]]:
    """Cut one slot's text into plain strings and (sentence index, text) pieces."""
    out: list[str | tuple[int, str]] = []
    pos = 0
    for start, end, index in spans:
        a, b = max(start - offset, 0), min(end - offset, len(text))
        if a >= b:
            continue
        if a > pos:
            out.append(text[pos:a])
        out.append((index, text[a:b]))
        pos = b
    if pos < len(text):
        out.append(text[pos:])
    return out


def _mark_slot(el: HtmlElement, kind: str, pieces: list[str | tuple[int, str]]) -> None:
    lead = pieces[0] if isinstance(pieces[0], str) else ""
    rest = pieces[1:] if isinstance(pieces[0], str) else pieces
    if kind == "text":
        el.text = lead
        parent, at = el, 0
    else:
        el.tail = lead
        parent, at = el.getparent(), el.getparent().index(el) + 1
    last: HtmlElement | None = None
    for piece in rest:
        if isinstance(piece, str):
            last.tail = (last.tail or "") + piece  # a plain piece always follows a span
            continue
        index, text = piece
        span = lxml.html.Element("span", {"data-sentence": str(index)})
        span.text = text
        parent.insert(at, span)
        at += 1
        last = span


def mark_sentences(paragraphs: list[Paragraph]) -> None:
    """Wrap every ranked sentence in place (the paragraphs' tree is modified)."""
    for para in paragraphs:
        if not para.sentences:
            continue
        spans = [(s.start, s.end, s.index) for s in para.sentences]
        offset = 0
        for el, kind in para.slots:
            text = (el.text if kind == "text" else el.tail) or ""
            here = [s for s in spans if s[0] < offset + len(text) and s[1] > offset]
            if here:
                _mark_slot(el, kind, _pieces(text, offset, here))
            offset += len(text)

