"""React's streamed server rendering, put in place as its scripts would put it.

A page rendered by React 18+ with streaming (Next.js's app router) sends first what was ready:
where a part was not, a fallback ("Loading paragraph...") between the comments <!--$?--> and
<!--/$-->, after a <template id="B:3">, or a bare <template id="P:5"> placeholder. The part
itself comes later in the same response, at the end of the body, as <div hidden id="S:3">, and
an inline script moves it into place: $RC("B:3","S:3") replaces a boundary's fallback with the
segment's content, $RS("S:5","P:5") puts a segment where its placeholder is. Read as it was sent
(a batch, a saved file) the article is in pieces: its opening in <main>, the rest after the
footer, and "Loading paragraph..." where each piece belongs. The extractors then keep one piece.

The calls are done here in the order the page makes them (a segment can hold another's
placeholder). A call whose boundary or segment is missing is left alone: the segment stays
where it is, kept though hidden (parse.is_hidden), as before this step.
"""

from __future__ import annotations

import re

import lxml.etree
from lxml.html import HtmlElement

_CALL = re.compile(r'\$R([CS])\(\s*"([^"\\]+)"\s*,\s*"([^"\\]+)"')
# the comments that open and close a suspense boundary: "$" done, "$?" pending, "$!" failed
_OPENS = frozenset(("$", "$?", "$!"))
_CLOSES = "/$"
_IDS = lxml.etree.XPath("//*[starts-with(@id, 'S:') or starts-with(@id, 'B:') or starts-with(@id, 'P:')]")
# Siblings looked at, over all calls, for the comments that close boundaries. A real page's
# fallbacks are a few nodes each; a hostile one's (thousands of templates, no closing comments)
# would make every call walk every later sibling: 8,000 calls took 40 s before this bound.
MAX_STEPS = 100_000


_PLACING_CALL = re.compile(r"\$R[CS]\(")


def may_stream(markup: str) -> bool:
    """Whether the page's markup calls React's placing scripts (the parse then keeps comments,
    which mark where a boundary's fallback ends). One search for both calls: two substring
    searches ("$RC(" in markup) took twice as long on a median page."""
    return _PLACING_CALL.search(markup) is not None


def place_segments(doc: HtmlElement) -> int:
    """Move each streamed segment where the page's scripts would; how many were placed."""
    calls = [m.groups() for script in doc.iter("script") if "$R" in (script.text or "")
             for m in _CALL.finditer(script.text)]
    if not calls:
        return 0
    by_id = {el.get("id"): el for el in _IDS(doc)}
    placed = 0
    budget = [MAX_STEPS]
    for kind, first, second in calls:
        segment, target = (by_id.get(first), by_id.get(second)) if kind == "S" else \
            (by_id.get(second), by_id.get(first))
        if segment is None or target is None or segment.getparent() is None or target.getparent() is None:
            continue
        if segment in target.iterancestors() or target in segment.iterancestors():
            continue
        where = _clear_fallback(target, budget) if kind == "C" else target
        if where is None:
            break  # out of steps: the rest stay where they were sent, as without this step
        _move_content(segment, where)
        if where is target:
            target.drop_tree()  # a placeholder; its tail is the page's
        segment.drop_tree()
        placed += 1
    return placed


def _clear_fallback(template: HtmlElement, budget: list[int]) -> HtmlElement | None:
    """Remove a boundary's template and its fallback, up to the comment closing the boundary
    (boundaries nest); return that comment, before which the segment goes. Without a closing
    comment only the template goes (and the segment takes its place). None, changing nothing,
    once budget[0] siblings have been looked at over all calls."""
    depth, node = 0, template.getnext()
    while node is not None:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if isinstance(node, lxml.etree._Comment):
            data = (node.text or "").strip()
            if data == _CLOSES:
                if depth == 0:
                    break
                depth -= 1
            elif data in _OPENS:
                depth += 1
        node = node.getnext()
    if node is None:
        return template
    parent = template.getparent()
    current = template
    while current is not node:
        following = current.getnext()
        parent.remove(current)  # with its tail: the fallback's text
        current = following
    return node


def _move_content(segment: HtmlElement, before: HtmlElement) -> None:
    """Put segment's text and children before the element before, in order."""
    if segment.text:
        previous = before.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + segment.text
        else:
            parent = before.getparent()
            parent.text = (parent.text or "") + segment.text
    for child in list(segment):
        before.addprevious(child)  # its tail moves with it
