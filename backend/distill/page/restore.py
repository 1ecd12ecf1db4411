"""Put back the lists, code blocks, figures and headings an extractor dropped mid-article.

readability-lxml cleans its pick "conditionally": a list whose items are mostly links (a bug
list in a changelog, a table of contents, references) or a <pre> it scored low is removed even
when it sits between two paragraphs it kept. Readability.js keeps such lists, and a reader who
sees "Fixed in this release:" followed by nothing has lost part of the article. We find each
block of the source page that is missing from the pick but whose neighbours on both sides are in
it, and insert a copy between them. Figures come back the same way (a photo and its caption
are part of the story, and Readability.js keeps them); a figure whose only media is a video
player or other embed does not, since the sanitizer would leave its caption describing nothing.
So do section headings that link elsewhere (a buyer's guide's "“Rez Infinite” ($30)"), which
readability drops as "mostly links"; a run of lost blocks (a heading, then its figure) comes
back in order. So do data tables (a training plan's weeks, a price list: rows of short cells,
which readability scores as having no prose and drops with the wrapper a theme puts around them
for scrolling); a table that holds another, or is mostly links, is layout or navigation and
stays out.
Past the pick's end one kept neighbour is enough where its last block announces the block after
it: a heading, or a line ending in a colon (a training plan's last table), with nothing after it.
"Both neighbours kept" means next to each other among the pick's blocks: they may sit in two
containers (newspapers split the body into columns around each figure). What comes back still
goes through the clutter rules and the sanitizer like everything else.
"""

from __future__ import annotations

import copy

from lxml.html import HtmlElement

from .clean import has_text, text_of

# what we put back, and what counts as an anchoring neighbour
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
RESTORABLE = ("ul", "ol", "dl", "pre", "blockquote", "figure", "table", *HEADINGS)
_EMBEDS = ("iframe", "video", "object", "embed")
ANCHORS = ("p", "h1", *HEADINGS, "pre", "blockquote", "ul", "ol", "dl", "table")
MIN_WORDS = 5  # shorter blocks are not worth the risk
MIN_HEADING_WORDS = 2
MIN_ANCHOR_CHARS = 6  # shorter texts ("Notes") are too common to find the right one again
MAX_HOPS = 3  # how far up the source tree to look for a neighbour
MIN_TABLE_ROWS = 2  # a data table: this many rows with text, at least one of two cells or more
MAX_TABLE_LINKS = 0.5  # share of a data table's text in links (more: a menu laid out as a table)


def _data_table(table: HtmlElement) -> bool:
    """A table of data, not of layout: no table inside it, rows of cells, few links."""
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = [tr for tr in table.iter("tr") if has_text(tr)]
    if len(rows) < MIN_TABLE_ROWS or not any(len(tr.findall("td") + tr.findall("th")) > 1 for tr in rows):
        return False
    return _link_share(table) <= MAX_TABLE_LINKS


def _inside_restorable(el: HtmlElement, tables: dict[HtmlElement, bool]) -> bool:
    """Whether el sits in a block restore_blocks would put back whole (a layout table around the
    whole story is no such block). tables: _data_table's answers so far."""
    return any(a.tag != "table" or _is_data_table(a, tables) for a in el.iterancestors(*RESTORABLE))


def _is_data_table(table: HtmlElement, tables: dict[HtmlElement, bool]) -> bool:
    """_data_table, remembered in tables (a table is asked as a block and as an ancestor)."""
    if table not in tables:
        tables[table] = _data_table(table)
    return tables[table]


def _neighbour(el: HtmlElement, preceding: bool) -> HtmlElement | None:
    """The nearest block with text before (or after) el in the source, climbing a few levels; for
    a table, a wrapper that holds it alone is not a level (a theme wraps a table in five
    scrolling divs; a list or figure that deep is a widget's, not the story's)."""
    node = el
    hops = 0
    while hops < MAX_HOPS:
        parent = node.getparent()
        if el.tag == "table" and parent is not None and len(parent) == 1 \
                and not (parent.text or "").strip() and not (node.tail or "").strip():
            node = parent  # el's only wrapper: nothing beside el at this level
            continue
        hops += 1
        for sib in node.itersiblings(preceding=preceding):
            if not isinstance(sib.tag, str) or sib.tag == "figure" or not has_text(sib):
                continue  # figures float beside the text: they anchor nothing
            if sib.tag in ANCHORS:
                return sib
            # the last block with text before el, or the first after it
            found = None
            for block in sib.iter(*ANCHORS):
                if has_text(block):
                    found = block
                    if not preceding:
                        break
            return found  # None: text in something that is not a block, no reliable anchor
        node = node.getparent()
        if node is None:
            return None
    return None


def _introduces(anchor: HtmlElement, el: HtmlElement) -> bool:
    """Whether the pick's last block announces el, the block after it in the source: a heading,
    or a line ending in a colon ("The plan:"), cannot end an article, so what follows it is its
    section (a training plan's last table, readability dropping it with the theme's wrappers).
    A heading is not put back this way, nor a list or table mostly links (a "Related" heading's
    teasers, which the clutter rules remove with the heading)."""
    if el.tag in HEADINGS or _link_share(el) > MAX_TABLE_LINKS:
        return False
    return anchor.tag in HEADINGS or text_of(anchor).endswith(":")


def _ends(block: HtmlElement, content: HtmlElement) -> bool:
    """Whether no text follows block in content (the last kept block among the anchors may sit
    before text in other elements: a forum post's body in plain divs)."""
    node = block
    while node is not content and node is not None:
        if (node.tail or "").strip():
            return False
        if any(isinstance(sib.tag, str) and has_text(sib) for sib in node.itersiblings()):
            return False
        node = node.getparent()
    return True


def _link_share(el: HtmlElement) -> float:
    """Share of el's text in links."""
    text = len(text_of(el))
    return sum(len(text_of(a)) for a in el.iter("a")) / text if text else 1.0


def _remember(kept: dict[str, HtmlElement | None], text: str, block: HtmlElement) -> None:
    """Index a kept block by its text; an ambiguous anchor is no anchor."""
    if len(text) >= MIN_ANCHOR_CHARS:
        kept[text] = None if text in kept else block


def restore_blocks(source: HtmlElement, content: HtmlElement) -> int:
    """Insert into content, in place, the source blocks it lost between two blocks it kept."""
    kept: dict[str, HtmlElement | None] = {}
    following: dict[HtmlElement, HtmlElement] = {}  # each kept block -> the next, in document order
    previous = None
    for block in content.iter(*ANCHORS):
        text = text_of(block)
        if len(text) >= MIN_ANCHOR_CHARS:
            _remember(kept, text, block)
            if previous is not None:
                following[previous] = block
            previous = block
    # set lookups, not substring searches: a page with thousands of lists stays linear
    present = {text_of(b) for b in content.iter(*RESTORABLE, "li", "dt", "tr")}
    restored = 0
    tables: dict[HtmlElement, bool] = {}
    for el in list(source.iter(*RESTORABLE)):
        if el.tag == "table" and not _is_data_table(el, tables):
            continue
        if _inside_restorable(el, tables):
            continue  # the outermost block comes back whole
        if el.tag == "figure" and el.find(".//img") is None and next(el.iter(*_EMBEDS), None) is not None:
            continue  # a video player's caption
        text = text_of(el)
        if len(text.split()) < (MIN_HEADING_WORDS if el.tag in HEADINGS else MIN_WORDS) or text in present:
            continue
        first_item = next((i for i in el.iter("li", "dt", "tr") if text_of(i)), None)
        if first_item is not None and text_of(first_item) in present:
            continue  # kept, in another shape
        before, after = _neighbour(el, True), _neighbour(el, False)
        if before is None:
            continue
        anchor = kept.get(text_of(before))
        follower = kept.get(text_of(after)) if after is not None else None
        if anchor is None or following.get(anchor) is not follower:
            continue  # both sides must be kept, with nothing kept between them
        if follower is None and not (_introduces(anchor, el) and _ends(anchor, content)):
            continue  # past the pick's end: only what its last block announces
        block = copy.deepcopy(el)
        block.tail = None
        anchor.addnext(block)
        # a run of lost blocks (a heading, then its figure) comes back whole and in order
        following[anchor], following[block] = block, follower
        _remember(kept, text, block)
        restored += 1
    return restored
