"""What kind of page a summary is of, and what a reader of that kind needs first.

The ranker learned from news, where the lead says it all and the best sentences crowd the top.
Other pages are read differently:

- a forum thread (page/thread.py renders each post as a <section>) is a question and its
  answers: the summary opens with the best sentence of the opening post, then the best sentence
  of each of the most central replies, one a post, rather than three sentences of the first post;
- a documentation page says what it is for in its opening sentence (the description under the
  title): that comes first, whatever the ranker thinks of it;
- a page of numbered steps (a recipe's method, a how-to: an <ol>, or headings "Step 1"...) is
  summed up by its key steps: its introduction, then one sentence per step, the most central
  steps first, never two neighbouring steps while others are left, rather than whichever three
  sentences of one long step score best.

These are promotions: the sentences named go first in the pick order, in the order named, and
the greedy pick (rank.pick_order) fills the rest as before. An ordinary article has none, so its
summary is the ranker's alone.
"""

from __future__ import annotations

import re

import numpy as np
from lxml.html import HtmlElement

from .rank import scale01
from .sentences import Paragraph

ARTICLE, DOCS, THREAD, STEPS = "article", "docs", "thread", "steps"
KINDS = (ARTICLE, DOCS, THREAD, STEPS)
MIN_STEPS = 3
# numbered steps make a page of steps when their sentences are this share of the page's: a
# story with a three-point list in it stays a story
MIN_STEP_SHARE = 0.4
# "Step 3", "Step 3:", "3.", "3)": a heading that numbers a step
_STEP_HEADING = re.compile(r"^\s*(?:step\s*\d+|\d{1,2}\s*[.):])", re.I)
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# a paragraph that opens a page with what it is for: not a list item, a quote or a cell
_INTRO_TAGS = frozenset({"p", "div", "section", "article", "main", "body", "dd"})
_NOT_INTRO = frozenset({"li", "blockquote", "table"})


def _holder(p: Paragraph) -> HtmlElement:
    el, kind = p.slots[0]
    return el if kind == "text" else el.getparent()


def _ancestor(el: HtmlElement | None, tags: frozenset[str]) -> HtmlElement | None:
    while el is not None:
        if isinstance(el.tag, str) and el.tag in tags:
            return el
        el = el.getparent()
    return None


def _combined(first: np.ndarray, later: np.ndarray) -> np.ndarray:
    """The ranker's score and the coverage score, each scaled within the page, summed: a
    sentence good to open with and central to the page."""
    return scale01(first) + scale01(later)


def _groups(paragraphs: list[Paragraph], key) -> dict[HtmlElement, list[int]]:
    """Sentence indices per group (key(paragraph) -> a group element or None), groups in order."""
    # keyed by the element itself: the dict keeps its proxy alive (an id() of an lxml proxy can
    # be reused once the proxy is gone)
    found: dict[HtmlElement, list[int]] = {}
    for p in paragraphs:
        if not p.sentences:
            continue
        group = key(p)
        if group is not None:
            found.setdefault(group, []).extend(s.index for s in p.sentences)
    return found


_SECTION = frozenset({"section"})


def _posts(paragraphs: list[Paragraph]) -> list[list[int]]:
    return list(_groups(paragraphs, lambda p: _ancestor(_holder(p), _SECTION)).values())


_LIST_ITEM = frozenset({"li"})
_LISTS = frozenset({"ol", "ul"})


def _list_steps(paragraphs: list[Paragraph]) -> list[list[int]]:
    """The items of the numbered list that holds the most sentences, each item a step."""
    lists: dict[HtmlElement, dict[HtmlElement, list[int]]] = {}
    for p in paragraphs:
        if not p.sentences:
            continue
        item = _ancestor(_holder(p), _LIST_ITEM)
        parent = _ancestor(item.getparent(), _LISTS) if item is not None else None
        if parent is None or parent.tag != "ol":
            continue
        lists.setdefault(parent, {}).setdefault(item, []).extend(s.index for s in p.sentences)
    if not lists:
        return []
    best = max(lists.values(), key=lambda items: sum(map(len, items.values())))
    return list(best.values())


def _heading_steps(paragraphs: list[Paragraph]) -> list[list[int]]:
    """Sentences under headings that number steps ("Step 2: shape the dough"), each a step."""
    steps: list[list[int]] = []
    current: list[int] | None = None
    for p in paragraphs:
        if p.tag in _HEADINGS:
            current = [] if _STEP_HEADING.match(p.text) else None
            if current is not None:
                steps.append(current)
        elif current is not None:
            current.extend(s.index for s in p.sentences)
    return [s for s in steps if s]


def find_steps(paragraphs: list[Paragraph]) -> list[list[int]]:
    """The page's numbered steps (sentence indices per step), or [] when it is not a page of
    steps: fewer than MIN_STEPS, or too small a share of its sentences."""
    total = sum(len(p.sentences) for p in paragraphs)
    for steps in (_list_steps(paragraphs), _heading_steps(paragraphs)):
        if len(steps) >= MIN_STEPS and sum(map(len, steps)) >= MIN_STEP_SHARE * total:
            return steps
    return []


def summary_kind(page_kind: str, paragraphs: list[Paragraph]) -> tuple[str, list[list[int]]]:
    """The kind a summary is made for (the page's, or "steps" for an article of numbered steps)
    and the page's steps, if any. A thread's posts are never steps."""
    if page_kind == THREAD:
        return THREAD, []
    steps = find_steps(paragraphs)
    return (STEPS if steps and page_kind == ARTICLE else page_kind), steps


def intro_sentence(paragraphs: list[Paragraph]) -> int | None:
    """The page's opening sentence, when it opens with a paragraph of prose (not a list item, a
    quote or a table): what the page is for. Not one that leads into a list ("Flexbox lets
    you:"), which says nothing without it."""
    for p in paragraphs:
        if p.sentences:
            first = p.sentences[0]
            if (p.tag in _INTRO_TAGS and _ancestor(_holder(p), _NOT_INTRO) is None
                    and not first.text.endswith(":")):
                return first.index
            return None
    return None


def _thread_order(posts: list[list[int]], value: dict[int, float]) -> list[int]:
    """The opening post's best sentence, then each reply's best, the most valuable replies first
    (a thread's summary is the question and its best answers, not the question at length)."""
    posts = [[i for i in post if i in value] for post in posts]
    posts = [post for post in posts if post]
    if len(posts) < 2:
        return []
    best = [max(post, key=value.__getitem__) for post in posts]
    replies = sorted(best[1:], key=lambda i: -value[i])
    return [best[0], *replies]


def _steps_order(steps: list[list[int]], value: dict[int, float]) -> list[int]:
    """One sentence per step (its first: the instruction, before the tips), the most central
    steps first, skipping the neighbours of steps already taken while others are left."""
    steps = [[i for i in step if i in value] for step in steps]
    worth = [max((value[i] for i in step), default=-1.0) for step in steps]
    left = sorted((j for j, step in enumerate(steps) if step), key=lambda j: -worth[j])
    taken: list[int] = []
    while left:
        apart = [j for j in left if all(abs(j - t) > 1 for t in taken)]
        j = (apart or left)[0]
        taken.append(j)
        left.remove(j)
    return [steps[j][0] for j in taken]


def promotions(kind: str, paragraphs: list[Paragraph], steps: list[list[int]],
               first: np.ndarray, later: np.ndarray, ranked: list[int] | None = None) -> list[int]:
    """Which of the ranked sentences to pick first, in order, for a page of this kind, as
    positions in first and later (their scores; ranked: the sentence index of each, when only
    a sample of a long page was ranked); [] for an article."""
    if kind == ARTICLE or len(first) < 2:
        return []
    ranked = list(range(len(first))) if ranked is None else ranked
    value = dict(zip(ranked, _combined(first, later).tolist(), strict=True))
    order: list[int] = []
    if kind == THREAD:
        order = _thread_order(_posts(paragraphs), value)
    else:  # docs and steps open with what the page is for
        intro = intro_sentence(paragraphs)
        in_steps = {i for step in steps for i in step}
        if intro is not None and intro in value and intro not in in_steps:
            order.append(intro)
        if steps:
            order += _steps_order(steps, value)
    at = {s: j for j, s in enumerate(ranked)}
    return [at[i] for i in dict.fromkeys(order)]


def promote(scores: np.ndarray, order: list[int]) -> np.ndarray:
    """scores with the sentences of order above every other, in that order (for the greedy
    pick, which takes the best first)."""
    out = np.asarray(scores, dtype=np.float64).copy()
    if not order:
        return out
    top = float(out.max()) + 1.0
    for rank, i in enumerate(order):
        out[i] = top + (len(order) - rank)
    return out
