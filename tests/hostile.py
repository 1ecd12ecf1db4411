"""The hostile corpus: requests no client should send, each with the answers it may get. Built
in code (the pages are megabytes of pattern) from the project's own fixtures; shared by
tests/server/test_hostile.py and scripts/bench_hostile.py, which times every case.

A case's answer is one of its `expect` statuses (with that error code, for an error): a clear
4xx or the article, never a 500.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://allotments.example/news/harvest"
LIMIT = 5 * 1024 * 1024  # DISTILL_MAX_BODY_BYTES' default
MAX_ELEMENTS = 30_000  # DISTILL_MAX_PAGE_ELEMENTS' default
MAX_TEXT = 1_000_000  # DISTILL_MAX_TEXT_CHARS' default
PROSE = ("The allotment society said its members brought in the largest harvest since records "
         "began, even though the spring was the driest in thirty years. ")
HEADLINE = "Allotment growers report record harvest despite dry spring"


def article(paragraphs: int = 6) -> str:
    """A short article with a headline: what every page below hides among its junk."""
    return (f"<article><h1>{HEADLINE}</h1>"
            + "".join(f"<p>Paragraph {i}: {PROSE}Volunteer number {i} carried the water cans.</p>"
                      for i in range(paragraphs))
            + "</article>")


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head><title>{HEADLINE}</title>{head}</head><body>{body}</body></html>"


@dataclass
class Case:
    name: str
    body: bytes
    expect: dict[int, str | None]  # status -> error code (None: the answer itself)
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    found: str | None = HEADLINE  # a 200 answer's text must hold this


def _json(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def _html_case(name: str, html: str, expect: dict[int, str | None], **kw) -> Case:
    return Case(name, _json({"html": html, "url": URL}), expect, **kw)


def _at_size(prefix: str, suffix: str, size: int) -> bytes:
    """A request of exactly size bytes: an article after a script blob (a framework's page
    state, the bulk of many real pages) filling the rest."""
    shell = _json({"html": page(prefix + "<script>window.__STATE__=''</script>" + suffix), "url": URL})
    fill = size - len(shell)
    return shell.replace(b"__STATE__=''", b"__STATE__='" + b"x" * fill + b"'")


OK = {200: None}
NO_ARTICLE = {422: "no_article"}


def _xss() -> Case:
    return _html_case("xss vectors", (FIXTURES / "hostile" / "xss.html").read_text(encoding="utf-8"), OK)


def _shapes() -> list[Case]:
    """Just under the element limit, each in the shape that costs a stage most per element,
    the article after them; and the same shapes far past it."""
    units = {"inline": "<b>x</b>", "links": '<a href="/x">x</a>', "items": "<li>x</li>",
             "paragraphs": "<p>x</p>", "divs": "<div>x</div>", "images": '<img src="/i.png">',
             "cells": "<td>x</td>", "classes": '<div class="sidebar-widget related-links share">x</div>'}
    n = MAX_ELEMENTS - 100
    cases = [_html_case(f"{n:,} {name} before an article", page(f"<div>{unit * n}</div>{article()}"),
                        {200: None, 422: "no_article"}) for name, unit in units.items()]
    cases.append(_html_case("300,000 inline elements (2.4 MB)",
                            page(f"<div>{'<b>x</b>' * 300_000}</div>{article()}"),
                            {413: "page_too_large"}))
    cases.append(_html_case("a million tiny elements", page("<br>" * 1_000_000 + article()),
                            {413: "page_too_large"}))
    return cases


def _book(chars: int) -> str:
    """An article of about chars characters of prose, in 600-character paragraphs."""
    return "".join(f"<p>Chapter {i // 40} paragraph {i}: {PROSE * 4}</p>"
                   for i in range(chars // (len(PROSE) * 4 + 30)))


def _plain(chars: int) -> str:
    return "\n\n".join(f"Paragraph {i}: {PROSE}" for i in range(chars // (len(PROSE) + 16)))


def _text_heavy() -> list[Case]:
    words = ["harvest", "water", "bean", "onion", "potato", "rota", "volunteer", "standpipe",
             "bowser", "tank", "gutter", "shed", "plot", "orchard", "fence", "market", "stall"]
    run_on = " ".join(words[i % len(words)] for i in range(MAX_TEXT // 7 - 2_000))  # ~1 MB, no punctuation
    return [
        _html_case("1 MB paragraph without punctuation", page(f"{article()}<p>{run_on}</p>"), OK),
        _html_case("1 MB word without a space", page(f"{article()}<p>{'x' * (MAX_TEXT - 5_000)}</p>"), OK),
        _html_case("a book just under the text limit",
                   page(f"<article><h1>{HEADLINE}</h1>{_book(MAX_TEXT - 20_000)}</article>"), OK),
        _html_case("a 5 MB book", page(f"<article><h1>{HEADLINE}</h1>{_book(LIMIT - 200_000)}</article>"),
                   {413: "page_too_large"}, found=None),
        Case("plain text just under the text limit", _json({"text": _plain(MAX_TEXT - 20_000)}), OK,
             found=None),
        Case("5 MB of plain text", _json({"text": _plain(LIMIT - 300_000)}), {413: "page_too_large"},
             found=None),
    ]


def _text_at_every_level(levels: int, chars: int) -> str:
    """An article inside `levels` nested boxes, each level holding two paragraphs of `chars`
    characters beside the box it nests: every read of a box's text reads all below it."""
    filler = " ".join(["harvest"] * (chars // 8))
    inner = article()
    for _ in range(levels):
        inner = f"<div class='box'><p>{filler}</p></div><div class='box'><p>{filler}</p></div><div class='box'>{inner}</div>"
    return inner


def _sizes() -> list[Case]:
    return [
        Case("a page at the size limit", _at_size("", article(), LIMIT), OK),
        Case("one byte over the size limit", _at_size("", article(), LIMIT + 1), {413: "too_large"},
             found=None),
        _html_case("100,000 levels of nesting", page("<div>" * 100_000 + article() + "</div>" * 100_000),
                   {422: "too_deep", 200: None}),
        _html_case("300,000 attributes on one element",
                   page("<div " + " ".join(f"a{i}='{i}>'" for i in range(300_000)) + ">" + article() + "</div>"),
                   OK),
        _html_case("300,000 attributes without values on one element",
                   page("<div " + " ".join(f"a{i}" for i in range(300_000)) + ">" + article() + "</div>"),
                   OK),
        _html_case("100,000 levels of inline nesting", page("<b>" * 100_000 + article()),
                   {422: "too_deep", 200: None}),
        _html_case("text at each of 150 nested levels", page(_text_at_every_level(150, 2_500)),
                   {422: "too_deep"}),
        _html_case("6,500 streamed segments whose boundaries never close", page(
            article() + "".join(f'<template id="B:{i:x}"></template><p>x</p>' for i in range(6_500))
            + "".join(f'<div hidden id="S:{i:x}"><p>part {i}</p></div>' for i in range(6_500))
            + "<script>" + ";".join(f'$RC("B:{i:x}","S:{i:x}")' for i in range(6_500)) + "</script>"),
            OK),
        _html_case("20,000 'Related stories' headings after the story",
                   page(article() + "<h3>Related stories</h3>" * 20_000), OK),
        _html_case("6,000 signed comments and comment forms, nested and side by side", page(
            article() + "<div><p>Posted by: Reader at November 8, 2012 7:12 AM</p>" * 100 + "</div>" * 100
            + "<div><p>Name</p><p>Email</p><p>Posted by: Reader at May 1, 2012</p></div>" * 6_000), OK),
    ]


def _encodings() -> list[Case]:
    html = page(article())
    body = _json({"html": html, "url": URL})
    latin1_declared_utf8 = page(f"<meta charset='utf-8'>{article()}").replace("Paragraph", "Paragraphé")
    return [
        _html_case("NUL bytes", html.replace("</p>", "\x00</p>").replace("harvest", "har\x00vest"), OK),
        _html_case("control characters as references", html.replace("</p>", "&#14;&#x1F;&#0;</p>")
                   .replace('<p>', '<p><a href="/a&#14;b">x</a>'), OK),
        Case("invalid UTF-8 in the JSON", body.replace(b"Paragraph 1", b"Paragraph \xff\xfe 1"),
             {400: "invalid_json"}, found=None),
        Case("UTF-16 without a BOM", json.dumps({"html": html, "url": URL}).encode("utf-16-le"),
             {200: None, 400: "invalid_json"}),
        _html_case("a wrong declared charset", latin1_declared_utf8.replace("<title>", "<meta charset='shift_jis'><title>"), OK),
        _html_case("an XML declaration with an encoding", '<?xml version="1.0" encoding="ebcdic-cp-us"?>' + html, OK),
        Case("gzip-encoded body", gzip.compress(body),
             OK, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}),
        Case("gzip bomb", gzip.compress(b'{"html": "' + b"a" * (50 * 1024 * 1024) + b'"}'),
             {413: "too_large"}, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
             found=None),
        Case("brotli-encoded body", body, {415: "unsupported_encoding"},
             headers={"Content-Type": "application/json", "Content-Encoding": "br"}, found=None),
    ]


def _json_cases() -> list[Case]:
    return [
        Case("50,000 nested JSON arrays", b"[" * 50_000, {400: "invalid_json"}, found=None),
        Case("deep JSON past a lone surrogate", b'{"text": "\\ud800", "a": ' + b"[" * 50_000,
             {400: "invalid_json"}, found=None),
        Case("html as an array", _json({"html": [page(article())]}), {400: "invalid_request"}, found=None),
        Case("sentences as a string", _json({"html": page(article()), "sentences": "3"}),
             {400: "invalid_request"}, found=None),
    ]


def _urls() -> list[Case]:
    long_path = "https://allotments.example/" + "a/" * 4000
    return [
        Case("a URL of 8,000 characters", _json({"html": page(article()), "url": long_path[:8000]}), OK),
        Case("a URL past the 8,192 limit", _json({"html": page(article()), "url": long_path + "x" * 200}),
             {400: "invalid_request"}, found=None),
        Case("a malformed URL", _json({"html": page(article()), "url": "http://[::1/news"}), OK),
        _html_case("links of a megabyte", page(article().replace(
            "<p>Paragraph 2", f'<p><a href="/{"y" * 1_000_000}">long</a> <img src="/{"z" * 500_000}.png" '
            f'srcset="{"/s.png 1x, " * 20_000}/t.png 2x">Paragraph 2')), OK),
    ]


def pdf() -> bytes:
    """A one-page PDF whose text is in a compressed (binary) stream, as most PDFs are."""
    text = zlib.compress(b"".join(b"BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (700 - i, PROSE.encode())
                                  for i in range(300)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(text), text)]
    out, offsets = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _not_html() -> list[Case]:
    return [
        # what a client reading the file as text sends
        _html_case("a PDF where HTML is expected", pdf().decode("utf-8", errors="replace"),
                   {422: "not_html"}, found=None),
        # a PDF posted as one is read as one (page/pdf.py)
        Case("a PDF body", pdf(), {200: None}, headers={"Content-Type": "application/pdf"},
             found=None),
    ]


BUILDERS: list[Callable[[], Case | list[Case]]] = [
    _xss, _shapes, _text_heavy, _sizes, _encodings, _json_cases, _urls, _not_html]


def cases() -> list[Case]:
    """Every case, built now (some 60 MB of requests in all)."""
    out: list[Case] = []
    for build in BUILDERS:
        made = build()
        out.extend(made if isinstance(made, list) else [made])
    return out


def baseline() -> Case:
    """An ordinary page, the bench's yardstick."""
    return _html_case("baseline: an ordinary news page",
                      (FIXTURES / "cluttered_news.html").read_text(encoding="utf-8"), OK,
                      found="Harbor city approves floating solar farm")
