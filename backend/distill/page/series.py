"""A pick that is one block of a series: its parent, where the series is the article.

Some pages build the article from blocks marked up alike, each holding a part of it: an
accordion's panels (a guide's steps, each opened by its header), a page builder's rich-text
blocks between headings. readability scores each block alone and keeps the one with the most
paragraphs, a fifth of the article or less; trafilatura, for its part, may stop at the intro.
When readability's pick is too small for the page, and the block it came from (or a wrapper of
it a few levels up) has siblings alike (same tag and class, with text), their parent holds the
whole series, and extract.py takes it where it also holds trafilatura's pick (a series beside
the article, a product's reviews, does not). Asked only of a pick too small, so rare and cheap.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from ..text import count_words
from .clean import PROSE_MIN_WORDS, has_text, link_density, text_of

MAX_HOPS = 3  # how far above the pick's block its series' members may sit (a panel's wrappers)
MIN_ALIKE = 2  # siblings alike besides the pick's own block: three blocks make a series
MAX_LINKS = 0.25  # the parent is at most this share links (not a list of teaser cards)
_HOLDS_PICK = 0.9  # the source block readability read holds this share of the pick's text


def _source_block(doc: HtmlElement, pick: HtmlElement) -> HtmlElement | None:
    """The source element readability's pick (a copy) came from: the smallest ancestor of its
    first paragraph's source that is about as long as the pick."""
    first = next((p for p in pick.iter("p") if count_words(text_of(p)) >= PROSE_MIN_WORDS), None)
    if first is None:
        return None
    key = text_of(first)
    node = next((p for p in doc.iter("p") if text_of(p) == key), None)
    size = _HOLDS_PICK * len(text_of(pick))
    while node is not None and len(text_of(node)) < size:
        node = node.getparent()
    return node


def series_parent(doc: HtmlElement, pick: HtmlElement) -> HtmlElement | None:
    """A copy of the parent of the series readability's pick is one block of, or None. The parent
    may itself be one of a series (an accordion among the page's other boxes): the search goes
    on from it, as long as the result is not mostly links."""
    found = None
    node = _source_block(doc, pick)
    while node is not None:
        node = _series_above(node)
        if node is not None and link_density(node) <= MAX_LINKS:
            found = node
        else:
            break
    return None if found is None else copy.deepcopy(found)


def _series_above(node: HtmlElement) -> HtmlElement | None:
    """The parent of the first of node and its ancestors (MAX_HOPS up) that has MIN_ALIKE
    siblings alike, or None."""
    for _ in range(MAX_HOPS + 1):
        parent, cls = node.getparent(), node.get("class")
        if parent is None:
            return None
        if cls and sum(1 for sib in parent.iterchildren(node.tag)
                       if sib is not node and sib.get("class") == cls and has_text(sib)) >= MIN_ALIKE:
            return parent
        node = parent
    return None
