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

Only asked on a page that declares itself a discussion and whose posts the markup did not find,
and what it finds is a thread only when it holds readability's pick (page/thread.py): a story's
comment section or a listing of threads never becomes the article by its repeated blocks alone.
"""

from __future__ import annotations

import re
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
# a group whose first EARLY_LOOK members mostly (this share) lack an author or a date is no thread
EARLY_LOOK, EARLY_MISS_SHARE = 5, 0.8
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg", "form", "nav",
                           "header", "footer", "aside", "select", "option", "button"})
_DIGIT = re.compile(r"\d")
_NOT_POST_TOKENS = frozenset({"row", "col", "container", "clearfix", "wrapper", "content", "inner"})


def _word_counts(doc: HtmlElement) -> dict[HtmlElement, int]:
    """Words under every element of the page, children counted before their parents (one pass,
    not a text_content() per element)."""
    counts: dict[HtmlElement, int] = {}
    for el in reversed(list(doc.iter(lxml.etree.Element))):
        n = count_words(el.text or "")
        for child in el:
            n += counts.get(child, 0) + count_words(child.tail or "")
        counts[el] = n
    return counts


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
            if not _DIGIT.search(token) and token.lower() not in _NOT_POST_TOKENS:
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
    a thread's posts; [] when no block repeats with an author and a date beside its text.

    Groups are read from the most text down, and a group stops being read once too many of its
    members lack an author or a date: a page has thousands of groups, and the posts' group is
    found among the first few; no group with less text than it could beat it."""
    words = _word_counts(doc)
    own: dict[HtmlElement, int] = {}
    groups, seen = [], set()
    for members in _groups(doc).values():
        key = (len(members), id(members[0]), id(members[-1]))  # one element, several tokens: one group
        if len(members) >= MIN_MEMBERS and key not in seen:
            seen.add(key)
            groups.append((sum(words[m] for m in members), members))
    groups.sort(key=lambda group: group[0], reverse=True)
    best: list[tuple[HtmlElement, HtmlElement]] = []
    best_words = 0
    for total, members in groups:
        if total <= best_words:
            break
        posts = _signed_posts(members, own)
        held = sum(own_words(body, own) for _, body in posts)
        if len(posts) >= MIN_MEMBERS and held > best_words:
            best, best_words = posts, held
    return best


def _signed_posts(members: list[HtmlElement],
                  own: dict[HtmlElement, int]) -> list[tuple[HtmlElement, HtmlElement]]:
    """(member, body) of a group's members, or [] when more than the allowed share of them lack an
    author, a date or a body (or most of the first few do: a menu, a list of links)."""
    member_set = set(members)
    allowed = (1 - MIN_SIGNED_SHARE) * len(members)
    posts, unsigned, undated = [], 0, 0

    def hopeless(seen: int) -> bool:
        worst = max(unsigned, undated)
        return worst > allowed or (seen >= EARLY_LOOK and worst > EARLY_MISS_SHARE * seen)

    for seen, member in enumerate(members, 1):
        author, date = find_author(member, None), find_date(member, None)
        unsigned += author is None
        undated += date is None
        if hopeless(seen):
            return []
        header = [found[0] for found in (author, date) if found is not None]
        nested = {m for m in member.iterdescendants() if m in member_set}
        body = _body(member, header, nested, own)
        if body is not None:
            posts.append((member, body))
            continue
        unsigned += author is not None  # no text: no post, whoever signed it
        undated += date is not None
        if hopeless(seen):
            return []
    return posts
