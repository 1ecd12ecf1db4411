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
back in order.
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
RESTORABLE = ("ul", "ol", "dl", "pre", "blockquote", "figure", *HEADINGS)
_EMBEDS = ("iframe", "video", "object", "embed")
ANCHORS = ("p", "h1", *HEADINGS, "pre", "blockquote", "ul", "ol", "dl", "table")
MIN_WORDS = 5  # shorter blocks are not worth the risk
MIN_HEADING_WORDS = 2
MIN_ANCHOR_CHARS = 6  # shorter texts ("Notes") are too common to find the right one again
MAX_HOPS = 3  # how far up the source tree to look for a neighbour


def _neighbour(el: HtmlElement, preceding: bool) -> HtmlElement | None:
    """The nearest block with text before (or after) el in the source, climbing a few levels."""
    node = el
    for _ in range(MAX_HOPS):
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
    present = {text_of(b) for b in content.iter(*RESTORABLE, "li", "dt")}
    restored = 0
    for el in list(source.iter(*RESTORABLE)):
        if any(a.tag in RESTORABLE for a in el.iterancestors()):
            continue  # the outermost block comes back whole
        if el.tag == "figure" and el.find(".//img") is None and next(el.iter(*_EMBEDS), None) is not None:
            continue  # a video player's caption
        text = text_of(el)
        if len(text.split()) < (MIN_HEADING_WORDS if el.tag in HEADINGS else MIN_WORDS) or text in present:
            continue
        first_item = next((i for i in el.iter("li", "dt") if text_of(i)), None)
        if first_item is not None and text_of(first_item) in present:
            continue  # kept, in another shape
        before, after = _neighbour(el, True), _neighbour(el, False)
        if before is None or after is None:
            continue
        anchor, follower = kept.get(text_of(before)), kept.get(text_of(after))
        if anchor is None or follower is None or following.get(anchor) is not follower:
            continue  # both sides must be kept, with nothing kept between them
        block = copy.deepcopy(el)
        block.tail = None
        anchor.addnext(block)
        # a run of lost blocks (a heading, then its figure) comes back whole and in order
        following[anchor], following[block] = block, follower
        _remember(kept, text, block)
        restored += 1
    return restored
