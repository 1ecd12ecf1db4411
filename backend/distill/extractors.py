"""The two libraries that pick a page's content block, run on the tree Distill already parsed.

Both would otherwise parse the page again from markup (readability-lxml once more on each of its
retries, trafilatura with its own parser), and trafilatura would serialize its pick to HTML for us
to parse back. Here each gets a copy of the one parsed tree (both change what they are given) and
hands back an element.
"""

from __future__ import annotations

import copy
import logging
import re

import lxml.etree
import lxml.html
import readability.readability as _readability_module
from lxml.html import HtmlElement
from lxml_html_clean import Cleaner
from readability import Document
from readability.cleaners import html_cleaner
from readability.readability import Unparseable

from .markup import fragment, html_parser

LOGGER = logging.getLogger(__name__)

# readability-lxml measures text with its clean() tens of thousands of times a page (every
# candidate's and every link's text, again after each change), and two of its three patterns are
# retried at every character of a whitespace run, so their cost grows with the square of the run:
# indented markup has runs of dozens. Anchored at a run's start they match exactly the same text
# once; the third pattern and the guards skip work that cannot change anything. Same result for
# every string (tests/test_extractors.py), 3-4 times faster.
_LONG_RUN = re.compile(r"(?<!\s)\s{255,}")
_NEWLINE_RUN = re.compile(r"(?<!\s)\s*\n\s*")
_SPACE_RUN = re.compile(r"\t|[ \t]{2,}")


def readability_clean(text: str) -> str:
    """readability-lxml's clean(): runs of 255+ spaces capped, a space run with a newline becomes
    the newline, tabs and double spaces one space, ends stripped."""
    if len(text) >= 255:
        text = _LONG_RUN.sub(" " * 255, text)
    if "\n" in text:
        text = _NEWLINE_RUN.sub("\n", text)
    if "\t" in text or "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


LIBRARY_CLEAN = _readability_module.clean  # kept: the tests hold ours to the installed library's
_readability_module.clean = readability_clean


# readability-lxml's own cleaner, less its javascript option: that one rewrote every link of the
# page through a Python callback (a third of the library's set-up time) to drop "javascript:"
# URLs and event handlers, which nh3 drops from whatever Distill returns anyway (sanitize.py).
_CLEANER = Cleaner(**{**{name: getattr(html_cleaner, name) for name in (
    "scripts", "comments", "style", "links", "meta", "add_nofollow", "page_structure",
    "processing_instructions", "embedded", "frames", "forms", "annoying_tags", "remove_tags",
    "remove_unknown_tags", "safe_attrs_only")}, "javascript": False})


class _TreeDocument(Document):
    """readability-lxml's Document on a parsed tree: each of its passes starts from a fresh copy
    (its ruthless pass strips what the retry needs). Hidden elements are gone already
    (extract.remove_hidden drops a superset of what the library drops)."""

    def _parse(self, input):
        doc = _CLEANER.clean_html(copy.deepcopy(input))
        doc.resolve_base_href(handle_failures=self.handle_failures)
        return doc


def readability_pick(doc: HtmlElement) -> HtmlElement | None:
    """readability-lxml's article block. Its links stay as the page wrote them (after <base>):
    sanitize.py makes the reader view's links absolute, once, against the page's address."""
    try:
        partial = _TreeDocument(doc).summary(html_partial=True)
    except (Unparseable, ValueError, lxml.etree.ParserError) as exc:
        LOGGER.info("readability found nothing: %s", exc)
        return None
    if not partial.strip():
        return None
    try:
        return fragment(partial)
    except (AssertionError, lxml.etree.ParserError):
        # a page with no <body> (cut off inside <head>) comes back as a whole document
        LOGGER.info("readability returned no fragment")
        return None


def trafilatura_pick(doc: HtmlElement, url: str | None) -> HtmlElement | None:
    """trafilatura's article block (no comments; tables, images and links kept) as an element."""
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    found = bare_extraction(
        doc,  # trafilatura copies a tree it is given before changing it
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
    )
    if found is None or found.body is None:
        return None
    # its HTML conversion, serialized as trafilatura.extract serializes it, so the text's spacing
    # is the same; this is the article alone, a few KB
    markup = lxml.etree.tostring(convert_to_html(found.body), pretty_print=True, encoding="unicode")
    out = lxml.html.document_fromstring(markup.strip(), parser=html_parser())
    body = out.find("body")
    root = body if body is not None else out
    root.tag = "div"
    return root
