"""A page's author as trafilatura finds it (trafilatura.metadata.extract_author), in one walk.

trafilatura copies the whole page, deletes the parts where a name is not the author's (comment
threads, sidebars, dates, figures...), then runs three XPaths over what is left, from the most
specific to a last resort. libxml2 spends about 2 µs an element on each of those XPaths, and they
were most of the metadata's time. Here one walk over the page notes those parts and which
elements pass each of the three tests (the same tests, as attribute checks), and an element's
text is read as it would read with the parts deleted: their tails kept, joined to the text
before them, as trafilatura's delete_element joins them. The same answer on every dev page and
fixture (tests/test_author.py holds it to the library's).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

LEN_LIMIT = 120  # trafilatura's limit for an author line

# trafilatura.xpaths.AUTHOR_XPATHS, in order: specific, generic, last resort
_SPECIFIC_TAGS = frozenset(("a", "address", "div", "link", "p", "span", "strong"))
_NAME_CLASS = re.compile("author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset(("a", "div", "h3", "h4", "p", "span"))
_GENERIC_CLASSES = frozenset(("byline", "username", "byl", "BBL"))
_GENERIC_ID = re.compile("author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(
    "author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")
_ANY_ID = re.compile("[Aa]uthor")
_ANY_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")
# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS
_DISCARD_TAGS = frozenset(("a", "div", "section", "span"))
_DISCARD_CLASSES = frozenset(("comments", "title", "date"))
_DISCARD_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARD_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|"
    "article-(?:share|support)|print|category|meta-date|meta-reviewer")


# What every test above needs from a class or id, one of these pieces: an element with none of
# them, none of the other attributes the tests read and none of their tags passes no test. Most
# elements are such, and one search tells them apart (tests/test_author.py holds the pieces to
# the patterns).
_CUES = re.compile(
    "omment|ProductReviews|sidebar|is-hidden|quote|embedly-instagram|article-s|print|category|"
    "meta-reviewer|title|date|uthor|byl|BBL|username|zuozhe|bianji|xiaobian|channel-name|"
    "submitted-by|posted-by|journalist-name|screenname|writer|yline")
_CUE_TAGS = frozenset(("time", "figure", "author"))

# _verdict's answers: an element to skip with all it holds, or the tests it passes (bits)
DISCARD, SPECIFIC, GENERIC, LAST_RESORT = -1, 1, 2, 4


def _verdict(el: HtmlElement, tag: str, root: bool) -> int:
    """DISCARD (never the root), or which of the three author tests el passes (SPECIFIC |
    GENERIC | LAST_RESORT), from one read of each attribute the tests look at."""
    get = el.get
    cls, ident = get("class"), get("id")
    if (tag not in _CUE_TAGS and not (cls and _CUES.search(cls)) and not (ident and _CUES.search(ident))
            and get("rel") is None and get("itemprop") is None and get("data-testid") is None
            and get("data-component") is None):
        return 0
    return _tests(el, tag, root, cls, ident)


def _tests(el: HtmlElement, tag: str, root: bool, cls: str | None, ident: str | None) -> int:
    """_verdict without its shortcut."""
    get = el.get
    if not root and (tag in ("time", "figure") or (tag in _DISCARD_TAGS and (
            ident == "comments" or cls in _DISCARD_CLASSES
            or (ident and _DISCARD_ID.search(ident)) or (cls and _DISCARD_CLASS.search(cls))
            or "Figure" in (get("data-component") or "")))):
        return DISCARD
    itemprop = get("itemprop") or ""
    passed = 0
    if tag == "author" or (tag in _SPECIFIC_TAGS and (
            get("rel") == "author" or ident == "author" or cls == "author"
            or itemprop == "author name" or get("data-testid") in ("AuthorCard", "AuthorURL")
            or (cls and _NAME_CLASS.search(cls)))):
        passed |= SPECIFIC
    if tag in _GENERIC_TAGS and (
            cls in _GENERIC_CLASSES or "author" in itemprop
            or (ident and _GENERIC_ID.search(ident)) or (cls and _GENERIC_CLASS.search(cls))):
        passed |= GENERIC
    if ("Byline" in (get("data-component") or "") or "author" in itemprop
            or (ident and _ANY_ID.search(ident)) or (cls and _ANY_CLASS.search(cls))):
        passed |= LAST_RESORT
    return passed


def _kept_pieces(el: HtmlElement, removed: set, out: list[str]) -> None:
    """el.itertext() as it would run with the removed elements deleted, tails kept."""
    slot = el.text
    for child in el:
        if not isinstance(child.tag, str):  # a comment: itertext skips its text, not its tail
            if slot:
                out.append(slot)
            slot = child.tail
            continue
        if child in removed:
            if child.tail:
                slot = (slot or "") + child.tail
            continue
        if slot:
            out.append(slot)
        _kept_pieces(child, removed, out)
        slot = child.tail
    if slot:
        out.append(slot)


def _after(el: HtmlElement) -> object:
    """The first node after el's subtree in document order (_END after the last)."""
    while el is not None:
        following = el.getnext()
        if following is not None:
            return following
        el = el.getparent()
    return _END


_END = object()  # what no node is


def find_author(doc: HtmlElement) -> str | None:
    """trafilatura's author line for the page, normalized as trafilatura normalizes it."""
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.utils import trim

    if doc.find(".//rel") is not None:
        # one of trafilatura's tests compares a <rel> child's text, which the deletions could
        # change; such pages (none among the dev pages) get the library's own walk
        from trafilatura.metadata import extract_author

        return extract_author(doc)
    removed: set[HtmlElement] = set()
    found: tuple[list, list, list] = ([], [], [])
    resume_at = None  # inside a deleted part: skip to the first node after it
    for el in doc.iter():
        if resume_at is not None:
            if el is not resume_at:
                continue
            resume_at = None
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if not el.attrib:  # (most elements) every test but two reads attributes
            if tag in ("time", "figure") and el is not doc:
                removed.add(el)
                resume_at = _after(el)
            elif tag == "author":
                found[0].append(el)
            continue
        verdict = _verdict(el, tag, el is doc)
        if not verdict:
            continue
        if verdict == DISCARD:
            removed.add(el)
            resume_at = _after(el)
            continue
        for i, test in enumerate((SPECIFIC, GENERIC, LAST_RESORT)):
            if verdict & test:
                found[i].append(el)
    for elements in found:
        for el in elements:
            pieces: list[str] = []
            _kept_pieces(el, removed, pieces)
            content = trim(" ".join(pieces))
            if content and 2 < len(content) < LEN_LIMIT:
                return normalize_authors(None, content)
    return None
