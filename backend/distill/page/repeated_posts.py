"""A thread's posts when no markup names them: the block the page repeats once a post.

page/thread.py knows posts by schema.org's itemprop="text" and by the post-body classes of the
common forum engines. A site with its own engine (GameFAQs' message boards, a Q&A site built on
Drupal) declares the page a discussion in its JSON-LD and marks no post body. Its posts are
still easy to see: the same element, with the same class, repeated once a post, each holding a
block of prose and, beside it, who wrote it and when. Here every (tag, class token) pair of the
page is such a candidate; the one whose members read most like posts (most of them name an
author and a date, apart from their prose) and hold the most prose is the thread. In each
member, the body is the element that holds (nearly) all its words without the author's name or
the date: the post's text without its header.

Only asked on a page that declares itself a discussion and whose posts the markup did not find
(page/thread.py): a story's comment section or a listing of threads never gets here by its
repeated blocks alone.
"""

from __future__ import annotations

from collections import defaultdict

import lxml.etree
from lxml.html import HtmlElement

from ..text import count_words
from .byline import find_author, find_date
from .post_chrome import is_chrome, own_words

MIN_MEMBERS = 2
# the share of a group's members that must show an author, and a date, beside their text
MIN_SIGNED_SHARE = 0.6
# the body is the smallest element holding this share of the words its member has outside the
# author's name and the date (a body of many paragraphs is their container, not the longest one)
BODY_SHARE = 0.9
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "form", "nav",
                           "header", "footer", "aside", "select", "option", "button"})
_NOT_POST_TOKENS = frozenset({"row", "col", "container", "clearfix", "wrapper", "content", "inner"})


def _words(el: HtmlElement, cache: dict[HtmlElement, int]) -> int:
    n = cache.get(el)
    if n is None:
        n = cache[el] = count_words(el.text_content() or "")
    return n


def _groups(doc: HtmlElement) -> dict[tuple[str, str], list[HtmlElement]]:
    """The page's elements by (tag, class token), tokens with a digit left out (ids, "bg1")."""
    groups: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for el in doc.iter(lxml.etree.Element):
        if el.tag in _SKIPPED_TAGS:
            continue
        cls = el.get("class")
        if not cls:
            continue
        for token in set(cls.split()):
            if not any(c.isdigit() for c in token) and token.lower() not in _NOT_POST_TOKENS:
                groups[(el.tag, token)].append(el)
    return groups


def _contains(el: HtmlElement, other: HtmlElement | None) -> bool:
    return other is not None and (other is el or el in other.iterancestors())


def _body(member: HtmlElement, header: list[HtmlElement], nested: set[HtmlElement],
          own: dict[HtmlElement, int]) -> HtmlElement | None:
    """The member's post text: the smallest element (of its own, not a nested reply's) holding
    BODY_SHARE of the words its largest header-free element holds, the forum's parts in it
    (signature, buttons: page/post_chrome) not counted."""
    candidates = []
    stack = list(member)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or el in nested or el.tag in _SKIPPED_TAGS or is_chrome(el):
            continue
        if any(_contains(el, h) for h in header):
            stack.extend(el)  # the header is in it: look inside
            continue
        candidates.append(el)
        stack.extend(el)
    if not candidates:
        return None
    most = max(own_words(el, own) for el in candidates)
    if not most:
        return None
    enough = [el for el in candidates if own_words(el, own) >= BODY_SHARE * most]
    return min(enough, key=lambda el: (own_words(el, own), -len(list(el.iterancestors()))))


def repeated_posts(doc: HtmlElement) -> list[tuple[HtmlElement, HtmlElement]]:
    """(container, body) of each post, in page order, of the repeated block that reads most like
    a thread's posts; [] when no block repeats with an author and a date beside its text."""
    cache: dict[HtmlElement, int] = {}
    own: dict[HtmlElement, int] = {}
    best: list[tuple[HtmlElement, HtmlElement]] = []
    best_words = 0
    for members in _groups(doc).values():
        if len(members) < MIN_MEMBERS or sum(_words(m, cache) for m in members) <= best_words:
            continue
        member_set = set(members)
        posts, signed, dated, words = [], 0, 0, 0
        for member in members:
            nested = {m for m in member.iterdescendants() if m in member_set}
            author, date = find_author(member, None), find_date(member, None)
            header = [found[0] for found in (author, date) if found is not None]
            body = _body(member, header, nested, own)
            if body is None:
                continue
            signed += author is not None
            dated += date is not None
            words += own_words(body, own)
            posts.append((member, body))
        n = len(members)
        if len(posts) >= MIN_MEMBERS and signed >= MIN_SIGNED_SHARE * n and dated >= MIN_SIGNED_SHARE * n \
                and words > best_words:
            best, best_words = posts, words
    return best
