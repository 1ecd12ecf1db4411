"""Put back a story's lead paragraph (standfirst) that the extractor's pick left above it.

News and magazine sites set the lead apart from the body: a paragraph or box with a class like
"intro", "article-intro", "standfirst" or "Einleitung", before the body's container. readability
scores the body's container and keeps it alone, so the reader starts at the second paragraph.
A marked lead is put back in front of the pick when it is prose (sentence-like, not links), was
lost, and sits just above the pick's first paragraph: under a common ancestor a few levels up.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from lxml.html import HtmlElement

from ..text import count_words, ends_like_sentence
from .clean import PROSE_MIN_WORDS, link_density, text_of

# class names that mark a lead ("intro", "article-intro", "c-page-intro__copy", "standfirst",
# "DefaultEinleitung", "lead", "leadIn", "Post__lead", "a-lead"), in any case, but not Tailwind's
# line height ("leading-snug"), the "leaderboard" ad slot nor a lead picture or story
# ("lead-image", "lead-media"); looked for on <p> and <div> only, which lxml finds in C (a regex
# on their classes took a third of the time an XPath with translate() took)
_LEAD_CLASS = re.compile(r"intro|standfirst|einleitung|"
                         r"lead(?!ing|erboard|[-_]?(?:image|img|media|photo|picture|video|art|story|item))",
                         re.I)
LEAD_MAX_WORDS = 120  # a lead is a paragraph or two; a longer block is a section, not a lead
LEAD_MAX_LINKS = 0.3  # share of its text in links: more is a teaser list
LEAD_MAX_HOPS = 4  # the lead and the pick's first paragraph share an ancestor this close
MAX_CANDIDATES = 5  # lead-marked blocks looked at on a page (the lead comes early)


def _source_of(source: HtmlElement, text: str) -> HtmlElement | None:
    """The source paragraph with this text (the pick is a copy of the source's blocks)."""
    for p in source.iter("p"):
        if text_of(p) == text:
            return p
    return None


def _near_before(lead: HtmlElement, first: HtmlElement) -> bool:
    """lead comes before first and shares an ancestor with it within LEAD_MAX_HOPS levels."""
    ancestors = {}
    node = lead
    for hop in range(LEAD_MAX_HOPS + 1):
        node = node.getparent()
        if node is None:
            break
        ancestors[node] = hop
    node = first
    for _ in range(LEAD_MAX_HOPS + 1):
        node = node.getparent()
        if node is None:
            return False
        if node in ancestors:
            # document order: lead's branch under node comes first
            children = list(node)
            branch_lead = next(a for a in (lead, *lead.iterancestors()) if a.getparent() is node)
            branch_first = next(a for a in (first, *first.iterancestors()) if a.getparent() is node)
            return children.index(branch_lead) < children.index(branch_first)
    return False


@lru_cache(maxsize=4096)
def _marks_lead(cls: str) -> bool:
    """Remembered: a page repeats its few classes on hundreds of blocks."""
    return _LEAD_CLASS.search(cls) is not None


def _lead_candidates(source: HtmlElement) -> list[HtmlElement]:
    """The first MAX_CANDIDATES <p> and <div> whose class marks a lead, in page order."""
    found = []
    for el in source.iter("p", "div"):
        cls = el.get("class")
        if cls and _marks_lead(cls):
            found.append(el)
            if len(found) == MAX_CANDIDATES:
                break
    return found


def restore_lead(source: HtmlElement, content: HtmlElement) -> bool:
    """Insert into content, in front, the marked lead paragraph it lost; whether it did."""
    candidates = _lead_candidates(source)
    if not candidates:
        return False
    first_p = next((p for p in content.iter("p") if count_words(text_of(p)) >= PROSE_MIN_WORDS), None)
    if first_p is None:
        return False
    have = text_of(content)
    first = None
    for lead in candidates:
        text = text_of(lead)
        n = count_words(text)
        if not (PROSE_MIN_WORDS <= n <= LEAD_MAX_WORDS) or not ends_like_sentence(text) \
                or text in have or link_density(lead) > LEAD_MAX_LINKS:
            continue
        if any(a in candidates for a in lead.iterancestors()):
            continue  # its outer lead-marked block was looked at
        first = first if first is not None else _source_of(source, text_of(first_p))
        if first is None or not _near_before(lead, first):
            continue
        block = copy.deepcopy(lead)
        block.tail = None
        first_p.addprevious(block)
        return True
    return False
