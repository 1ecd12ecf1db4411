"""Parsed page -> Article: the main content block, with the page's metadata (metadata.py).

readability-lxml picks the content block. Its known weaknesses are a first pick far too small (a
teaser, a caption block) and a pick that is only part of the article (one section). trafilatura
runs as a second, independent pass; its pick wins when readability's is tiny, or when it holds
readability's and somewhat more without swallowing the page around it (_prefer_second); a helper
process may read it meanwhile (second_opinion.py). Where readability's tiny pick is one block of a
series alike (an accordion's panel) that also holds trafilatura's pick, the series is the
article (series.py). Lists and code blocks the pick lost between two paragraphs it kept are put
back (restore.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from lxml.html import HtmlElement

from ..errors import NoArticle
from ..text import count_words, ends_like_sentence
from .clean import PROSE_MIN_WORDS, has_text, holds, link_density, reading_unchanged, text_of
from .docs import documentation_body, documentation_page
from .extractors import element_from_markup, readability_pick, trafilatura_block, trafilatura_pick
from .lead import restore_lead
from .metadata import article_direction, page_metadata
from .parse import parse_html, prepare, usable_url
from .recipe import holds_recipe_alone, recipe_steps
from .restore import restore_blocks
from .second_opinion import Answer
from .series import series_parent
from .thread import thread_block

# Readability.js retries with looser rules under 500 characters (about 80 English words); so do
# we, with trafilatura. Counted in words so that CJK pages (a word per character) are not retried.
FALLBACK_MIN_WORDS = 80
# trafilatura's pick wins when it holds this share of readability's and is this much longer
SECOND_PASS_CONTAINMENT = 0.85
SECOND_PASS_MIN_GAIN = 1.05
SECOND_PASS_MAX_GAIN = 2.5
SECOND_PASS_MAX_LINKS = 0.4
SECOND_PASS_MIN_ADDED_PROSE = 0.01
# trafilatura is run only where the block its reading starts from holds prose readability's pick
# lacks, this share of the pick's words at least (_second_could_win). Its pick must be 5% longer
# (SECOND_PASS_MIN_GAIN) to win, which under 3% of missing prose it seldom was: at 1% (the
# added-prose floor) it ran on 56 of Mozilla's 129 pages, at 3% on 45, winning the same 13;
# every dev set within 0.0001 (16 of 3,500 pages change, as many up as down). At 5% it lost
# dragnet-train 0.0006.
SECOND_PASS_GATE_PROSE = 0.03
# On a documentation body (docs.py) there is no gain ceiling: the rest of a reference page can be
# many times the one section readability kept. What still guards it: it holds this share of
# readability's pick (docs themes repeat less of the page than news sites, and readability's pick
# of a code block loses its line breaks in trafilatura's) and is at most this share links.
DOCS_CONTAINMENT = 0.75
DOCS_MAX_LINKS = 0.25
# On a documentation page trafilatura's pick also wins when it holds nearly all of readability's
# (DOCS_WHOLE_HELD) and is a little longer: readability dropped what is not prose there, a
# section's heading, a list of options, a table, a code block, which is most of a reference
# page. The prose rules cannot see that loss: what is added is seldom sentences.
DOCS_WHOLE_HELD = 0.94
DOCS_MIN_GAIN = 1.02
# Beyond SECOND_PASS_MAX_GAIN trafilatura's pick still wins when this share of the words it adds
# is in sentence-like blocks: readability kept one section of a long article (its intro, the part
# before a table), not an article that trafilatura buried in the page's menus and teasers.
SECOND_PASS_LONG_PROSE_SHARE = 0.2
# The picks overlap only in part (readability kept an FAQ or a list of entries, trafilatura the
# story before it, losing some of them): trafilatura's still wins when it holds some of
# readability's (the same article, not a block elsewhere), is this much longer, and more than
# half of what it adds is prose, that prose also more than half as long as readability's pick.
PARTIAL_OVERLAP_MIN_HELD = 0.1
PARTIAL_OVERLAP_MIN_GAIN = 1.5
PARTIAL_OVERLAP_PROSE_SHARE = 0.55
# A short post: readability's pick looks too small (_too_small), yet it is the block the page
# marks as its article body (trafilatura's content paths: "entry-content", "post-body",
# <article>): it holds this share of the block's text, and the block is this share of the pick
# (not a header block a theme marks up as the post, with the body elsewhere). trafilatura,
# finding its block short, reads the whole page instead and returns the post with the author's
# bio, the blog's blurb and its sidebar: its pick is not asked for.
MARKED_BODY_HELD = 0.9
MARKED_BODY_SHARE = 0.8
# Two picks that share at most this share of either's shingles are two different blocks (an old
# browser's warning, a donation box, a login form or a teaser list against the story): neither
# holds the other, and the one that reads like the page's title and description is the article.
DISJOINT_HELD = 0.2
# ... and trafilatura's must be this many words at least: a forum's title bar ("Active Recent
# Comments Search Login ... 12 comments", 24 words) names the page too, and is no article.
DISJOINT_MIN_WORDS = 50
# Two picks that share nothing may be two parts of one article whose markup is broken between
# them (an embed's unclosed <div> swallowing the second half): the page's marked body
# (trafilatura_block) holds this share of each, and at most this many times their words, is the
# article (_body_of_both)
BOTH_HELD = 0.9
BOTH_MAX_GAIN = 1.25
# A short post (readability's pick too small) keeps its pick when trafilatura's holds it whole and
# adds mostly what is not prose (_read_past_post)
SHORT_POST_HELD = 0.9
SHORT_POST_SHARE = 0.5
SHORT_POST_ADDED_PROSE = 0.25
# readability's pick, too small, is one block of a series alike (series.py): the series' parent is
# the article when it also holds this share of trafilatura's pick (_whole_series), which may add
# the headline and standfirst set above the series
SERIES_HELD = 0.7
# A page's sidebar (class or id "sidebar", as blog themes name it; an <aside>): on a short post
# trafilatura, reading the whole page, may keep the sidebar's "About me" or the blog's blurb, which
# is prose and so passes for the rest of the post (or a site's "About this section" box beside a
# longer story). What its pick holds of the sidebar is not counted as article: neither its length
# against readability's too-small pick nor the prose it adds to readability's.
# A layout's wrapper ("has-sidebar", "content-sidebar-wrap", "sidebar-content": the column beside it)
# holds the article and is none.
_SIDEBAR = re.compile(r"^(?:[a-z0-9]+[-_])?sidebar", re.I)
_LAYOUT = re.compile(r"^(?:has|with|no|show|hide|fixed|flex)[-_]|wrap|layout|content", re.I)
_WORDS = re.compile(r"\w+")
_ABOUT_MIN_CHARS = 4  # words this long or longer say what a page is about ("with", "über" less so)



@dataclass
class Article:
    """What we know about a page once its main content is found."""

    content: HtmlElement
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    site_name: str | None = None
    published: str | None = None
    lang: str | None = None
    dir: str | None = None
    lead_image: str | None = None
    description: str | None = None
    extractor: str = "readability"
    # what the page's relative links are relative to: where it was read from, else its canonical URL
    base_url: str | None = None
    # the article's next page, when it is split over several (pages.py)
    next_page_url: str | None = None


def prose_chars(doc: HtmlElement) -> int:
    """Characters in the page's prose-like paragraphs: the yardstick for a too-small pick."""
    total = 0
    for p in doc.iter("p"):
        t = text_of(p)
        if count_words(t) >= PROSE_MIN_WORDS:
            total += len(t)
    return total


@lru_cache(maxsize=8)
def shingles(text: str, n: int = 4) -> Counter:
    """Word 4-grams, the unit extraction benchmarks compare texts by. The last few are kept: the
    two picks' texts are compared both ways, and with the page's marked body. Not to be changed."""
    words = _WORDS.findall(text)
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(zip(*(words[i:] for i in range(n)), strict=False))  # the n-grams, made in C


@lru_cache(maxsize=8)
def containment(inner: str, outer: str) -> float:
    """Share of inner's shingles that outer also has. The last few answers are kept: the rules
    choosing between two picks ask it of the same two texts more than once."""
    a, b = shingles(inner), shingles(outer)
    return sum((a & b).values()) / max(sum(a.values()), 1)


def _too_small(first_text: str, first_words: int, page_prose: int, fallback_ratio: float) -> bool:
    """readability's pick is next to nothing, or a small part of the page's prose."""
    return first_words < FALLBACK_MIN_WORDS or len(first_text) < fallback_ratio * page_prose


def about_share(about: set[str], text: str) -> float:
    """Share of the words that say what the page is about (about_words) that text holds."""
    if not about:
        return 0.0
    return len(about & about_words(text)) / len(about)


def about_words(text: str) -> set[str]:
    """The lower-cased words of a title or description that name something (4+ characters)."""
    return {w for w in _WORDS.findall(text.lower()) if len(w) >= _ABOUT_MIN_CHARS}


def _disjoint(first_text: str, second_text: str) -> bool:
    """The picks share next to nothing either way (DISJOINT_HELD): two different blocks."""
    return containment(first_text, second_text) < DISJOINT_HELD \
        and containment(second_text, first_text) < DISJOINT_HELD


def _other_block_wins(first_text: str, second_text: str, second: HtmlElement, about: set[str]) -> bool:
    """The picks are different blocks: trafilatura's wins when it reads more like the page's title
    and description than readability's does, and is neither a title bar nor a list of links."""
    return about_share(about, second_text) > about_share(about, first_text) \
        and count_words(second_text) >= DISJOINT_MIN_WORDS \
        and link_density(second) <= SECOND_PASS_MAX_LINKS


def _prefer_second(first: HtmlElement | None, second: HtmlElement | None, page_prose: int,
                   fallback_ratio: float, docs: Callable[[HtmlElement], bool] | None = None,
                   about: set[str] | None = None,
                   docs_page: Callable[[], bool] | None = None,
                   sidebar: Callable[[], str] | None = None) -> bool:
    """Take trafilatura's block over readability's when readability's is inside it and smaller
    (readability picked a sub-block of the article: a section, the part before a figure), or
    when readability found next to nothing. The thresholds were chosen on Mozilla's test pages
    with scripts/quality. docs: whether a block is a documentation body (docs.py), asked only of
    a block past the gain ceiling, which it lifts. about: the words of the page's title and
    description (about_words), which decide between two picks that share nothing. docs_page:
    whether the page says it is documentation (docs.documentation_page), asked of a pick that
    holds all of readability's. sidebar: the text of the page's sidebars (sidebar_text), whose
    prose trafilatura's pick may add and which is not more article."""
    if second is None:
        return False
    second_text = text_of(second)
    if first is None:
        return bool(second_text)
    first_text = text_of(first)
    first_words = count_words(first_text)
    if _too_small(first_text, first_words, page_prose, fallback_ratio):
        if about and first_words >= DISJOINT_MIN_WORDS and _disjoint(first_text, second_text):
            # two blocks, neither next to nothing: the one that reads like the page's title
            return _other_block_wins(first_text, second_text, second, about)
        beside = _chars_in(second, first_text, sidebar()) if sidebar is not None else 0
        return len(second_text) - beside > 1.2 * len(first_text) and not _read_past_post(first_text, second)
    held = containment(first_text, second_text)
    if about and _disjoint(first_text, second_text):
        return _other_block_wins(first_text, second_text, second, about)
    second_words, first_count = len(_WORDS.findall(second_text)), len(_WORDS.findall(first_text))
    gain = second_words / max(first_count, 1)
    if gain < DOCS_MIN_GAIN:
        return False  # not more
    links = link_density(second)
    if links > SECOND_PASS_MAX_LINKS:
        return False  # what it added is link lists
    if held >= DOCS_WHOLE_HELD and links <= DOCS_MAX_LINKS and docs_page is not None and docs_page():
        return True  # all of readability's reference and the headings, lists, code it dropped
    if gain < SECOND_PASS_MIN_GAIN:
        return False  # not more
    if held < PARTIAL_OVERLAP_MIN_HELD:
        return False  # elsewhere on the page
    added = added_prose_words(first_text, second)
    if added and sidebar is not None:
        added -= _sidebar_prose_words(first_text, second, sidebar())
    if held < SECOND_PASS_CONTAINMENT and _longer_article(first_text, second, gain, links,
                                                          first_count, second_words - first_count):
        return True
    if held < DOCS_CONTAINMENT:
        return False
    # what it added must hold sentences, not only a repeated headline, a sidebar or code lines
    adds_prose = added >= SECOND_PASS_MIN_ADDED_PROSE * first_words
    if gain <= SECOND_PASS_MAX_GAIN:
        return held >= SECOND_PASS_CONTAINMENT and adds_prose
    # past the gain ceiling: the rest of an article readability cut short (a fifth of what is
    # added is prose, not the page's menus and teasers), or the rest of a reference page (a
    # documentation body, held to looser containment and fewer links), or the page around it
    added_words = second_words - first_count
    if held >= SECOND_PASS_CONTAINMENT and added >= SECOND_PASS_LONG_PROSE_SHARE * added_words:
        return True
    return adds_prose and links <= DOCS_MAX_LINKS and docs is not None and docs(second)


def sidebar_text(doc: HtmlElement, first: HtmlElement | None = None) -> str:
    """The text of the page's sidebars (_SIDEBAR, <aside>), each told apart by a newline. A block
    that holds readability's pick (first) is the article's column, whatever its name
    ("sidebar-content" beside the sidebar, a grid's "fixed-sidebar" layout): no sidebar."""
    first_text = text_of(first) if first is not None else ""
    texts = (text_of(el) for el in doc.iter("aside", "div", "section", "ul", "td")
             if el.tag == "aside" or any(_SIDEBAR.match(word) and not _LAYOUT.search(word)
                                         for word in f"{el.get('class', '')} {el.get('id', '')}".split()))
    return "\n".join(text for text in texts if not (first_text and first_text in text))


def _chars_in(pick: HtmlElement, first_text: str, aside: str) -> int:
    """Characters of pick's outermost blocks whose text is all in aside and not in first_text."""
    if not aside:
        return 0
    text = text_of(pick)
    if text and text in aside and text not in first_text:
        return len(text)
    return sum(_chars_in(child, first_text, aside) for child in pick if isinstance(child.tag, str))


def _sidebar_prose_words(first_text: str, second: HtmlElement, aside: str) -> int:
    """Words of second's sentence-like blocks that first_text lacks and the page's sidebars hold:
    a site's blurb, not more of the article."""
    if not aside:
        return 0
    return sum(n for text, n in _prose_blocks(second) if text not in first_text and text in aside)


def _body_of_both(first: HtmlElement | None, second: HtmlElement | None, doc: HtmlElement,
                  marked: Callable[[], HtmlElement | None] | None = None) -> HtmlElement | None:
    """The page's marked article body (trafilatura_block), where readability's pick and
    trafilatura's share nothing (DISJOINT_HELD) yet the body holds nearly all of each (BOTH_HELD)
    and little besides (BOTH_MAX_GAIN of their words): two halves of one article, each extractor
    keeping the one its reading of broken markup reached. Neither half is the article. The
    tests go cheapest first (the picks' 4-grams last: on a long page they cost 20 ms). marked:
    the page's trafilatura_block, when the caller has it."""
    if first is None or second is None:
        return None
    block = marked() if marked is not None else trafilatura_block(doc)
    if block is None:
        return None
    first_text, second_text, block_text = text_of(first), text_of(second), text_of(block)
    if count_words(block_text) > BOTH_MAX_GAIN * (count_words(first_text) + count_words(second_text)):
        return None
    if link_density(block) > SECOND_PASS_MAX_LINKS:
        return None
    if containment(first_text, second_text) >= DISJOINT_HELD \
            or containment(second_text, first_text) >= DISJOINT_HELD:
        return None
    if containment(first_text, block_text) < BOTH_HELD or containment(second_text, block_text) < BOTH_HELD:
        return None
    return block


def _read_past_post(first_text: str, second: HtmlElement) -> bool:
    """Whether trafilatura, given a page whose post is short, read on past it into the page around
    it: its pick holds all of readability's (SHORT_POST_HELD), is over twice as long (readability's
    is under SHORT_POST_SHARE of it), and what it adds is mostly not prose (under
    SHORT_POST_ADDED_PROSE of the added words in sentence-like blocks): the blog's blurb, menus,
    link lists, a slideshow's chrome. A short post is the article, not the fallback's pick."""
    second_text = text_of(second)
    if containment(first_text, second_text) < SHORT_POST_HELD:
        return False
    if containment(second_text, first_text) >= SHORT_POST_SHARE:
        return False
    added_words = count_words(second_text) - count_words(first_text)
    return added_prose_words(first_text, second) < SHORT_POST_ADDED_PROSE * added_words


def _longer_article(first_text: str, second: HtmlElement, gain: float, links: float,
                    first_words: int, added_words: int) -> bool:
    """Whether trafilatura's pick, overlapping readability's only in part, is the longer reading
    of the article: much longer (PARTIAL_OVERLAP_MIN_GAIN), few links, and what it adds mostly
    prose (PARTIAL_OVERLAP_PROSE_SHARE of the added words, and of readability's pick), each
    paragraph counted once (a gallery's fifty slides, each a list item around a paragraph, are
    not twice the prose they hold)."""
    if gain < PARTIAL_OVERLAP_MIN_GAIN or links > DOCS_MAX_LINKS:
        return False
    added = sum(n for text, n in _prose_blocks(second, _PARAGRAPH_HOLDERS) if text not in first_text)
    return added >= PARTIAL_OVERLAP_PROSE_SHARE * max(first_words, added_words)


def _second_could_win(first: HtmlElement | None, doc: HtmlElement, page_prose: int,
                      fallback_ratio: float, docs_page: Callable[[], bool] | None = None,
                      marked: Callable[[], HtmlElement | None] | None = None) -> bool:
    """Whether trafilatura is worth running: its pick replaces readability's only when that one is
    missing or small, or when it adds prose. trafilatura reads the article from the first block
    its own content paths point to (an <article>, an "entry-content" div...); when that block
    holds no sentence-like block that readability's pick lacks (or too few words of them:
    SECOND_PASS_GATE_PROSE), its reading adds none, and its 12 ms median are saved. On a page
    none of its paths reaches, the whole page is searched.
    (Searching it also where trafilatura would read the page again, its first block being short,
    ran trafilatura on 12 more of the 129 Mozilla pages for no change there: +0.002 on WCXB's
    articles did not pay for 9% more extraction time.) On a documentation page (docs_page) the
    headings, list items and code blocks readability lacks count too (DOCS_WHOLE_HELD). Where the
    block is one section of several marked up alike (_split_body), the others are searched too."""
    if first is None:
        return True
    first_text = text_of(first)
    first_words = count_words(first_text)
    block = marked() if marked is not None else trafilatura_block(doc)
    if _too_small(first_text, first_words, page_prose, fallback_ratio):
        # a marked body is the post, unless it is one of the body's sections (_split_body)
        return block is None or len(_split_body(block)) > 1 or not _is_marked_body(first_text, text_of(block))
    roots = [doc] if block is None else _split_body(block)
    if block is not None and all(text_of(root) in first_text for root in roots):
        # the pick holds the whole block, so each of its blocks too (an element's text is a
        # piece of its ancestor's, whitespace collapsed or not): nothing to search
        return False
    kept = {text_of(el) for el in first.iter(*_TEXT_BLOCKS)}
    enough = SECOND_PASS_GATE_PROSE * first_words
    if _lacks_prose(roots, kept, first_text, enough):
        return True
    return (block is not None and docs_page is not None and docs_page()
            and _lacks_blocks(block, first, first_text, (DOCS_MIN_GAIN - 1) * first_words))


def _split_body(block: HtmlElement) -> list[HtmlElement]:
    """The block trafilatura's reading starts from, with its siblings alike (same tag and class,
    with text): an article whose sections are each marked up as the article body (a guide's tabs,
    each an <article class=content>). readability keeps one of them, and trafilatura, finding
    the first short, reads on; what the sections beside the block hold is what a pick may lack."""
    parent = block.getparent()
    if parent is None or not block.get("class"):
        return [block]
    return [el for el in parent.iterchildren(block.tag)
            if el is block or (el.get("class") == block.get("class") and has_text(el))]


# Blocks of a documentation body that hold its text whatever its form (_lacks_blocks)
_DOCS_BLOCKS = ("p", "li", "dt", "dd", "td", "th", "pre", "h1", "h2", "h3", "h4", "h5", "h6")
_MENU_LINKS = 0.5  # a block or list this much links is navigation


def _lacks_blocks(block: HtmlElement, first: HtmlElement, first_text: str, enough: float) -> bool:
    """Whether the innermost text blocks of block (paragraphs, headings, list items, cells, code)
    that readability's pick lacks hold enough words, prose or not; links are not counted, nor
    lists made of links (a table of contents, the sidebar's pages: readability is right to leave
    them). Kept blocks are a set lookup, and the search stops once enough is missing."""
    kept = {text_of(el) for el in first.iter(*_DOCS_BLOCKS)}
    menus: set[HtmlElement] = set()
    for lst in block.iter("ul", "ol"):
        if lst not in menus and _link_share(lst) >= _MENU_LINKS:
            menus.update(lst.iter())
    missing = 0
    for el in block.iter(*_DOCS_BLOCKS):
        if el in menus or next(el.iterchildren(*_DOCS_BLOCKS), None) is not None:
            continue  # a menu's entry; or a block whose inner blocks count
        text = text_of(el)
        if text and text not in kept and text not in first_text and _link_share(el) < _MENU_LINKS:
            missing += count_words(text)
            if missing >= enough:
                return True
    return False


def _link_share(el: HtmlElement) -> float:
    """Share of el's visible text in links, whitespace collapsed (a menu's markup is mostly
    indentation, which link_density counts)."""
    text = len(text_of(el))
    return sum(len(text_of(a)) for a in el.iter("a")) / text if text else 0.0


def _is_marked_body(first_text: str, block_text: str) -> bool:
    """Whether readability's pick is the page's marked article body: the block is most of it
    (MARKED_BODY_SHARE of its length) and it holds the block (MARKED_BODY_HELD of its text)."""
    if not block_text or not (MARKED_BODY_SHARE * len(first_text) <= len(block_text)
                              <= len(first_text) / MARKED_BODY_HELD):
        return False
    return block_text in first_text or containment(block_text, first_text) >= MARKED_BODY_HELD


def _lacks_prose(roots: list[HtmlElement], kept: set[str], first_text: str, enough: float) -> bool:
    """Whether the sentence-like blocks of roots missing from readability's pick hold enough
    words. A block the pick kept whole is a set lookup, not a search through its text (which made
    this quadratic on long pages), and the search stops once enough is missing."""
    missing = 0
    for root in roots:
        for n in _missing_prose(root, first_text, kept):
            missing += n
            if missing >= enough:
                return True
    return False


def _missing_prose(root: HtmlElement, first_text: str, kept: set[str] | frozenset = frozenset()
                   ) -> Iterator[int]:
    """The words of each of root's sentence-like blocks that first_text (whitespace collapsed,
    as text_of gives it) lacks; kept: texts of blocks known to be in it (found without a search)."""
    for text, n in _prose_blocks(root):
        if text not in kept and text not in first_text:
            yield n


# Blocks whose paragraphs are counted instead of themselves (a list item holding a paragraph)
# where prose must be counted once (_longer_article); the other rules were set counting both.
_PARAGRAPH_HOLDERS = frozenset(("div", "li", "blockquote", "dd", "td"))
_TEXT_BLOCKS = ("p", "li", "blockquote", "dd", "td", "h1", "h2", "h3", "h4", "h5", "h6", "div")


def _prose_blocks(root: HtmlElement, holders: frozenset[str] = frozenset(("div",))
                  ) -> Iterator[tuple[str, int]]:
    """(text, words) of root's sentence-like blocks: 10+ words, closing punctuation. A block of
    holders that holds paragraphs is left to them."""
    for el in root.iter(*_TEXT_BLOCKS):
        if el.tag in holders and holds(el, "p"):
            continue  # its paragraphs count on their own
        text = text_of(el)
        n = count_words(text)
        if n >= PROSE_MIN_WORDS and ends_like_sentence(text):
            yield text, n


def added_prose_words(first_text: str, second: HtmlElement) -> int:
    """Words in second's sentence-like blocks that first_text (whitespace collapsed, as text_of
    gives it) lacks."""
    return sum(_missing_prose(second, first_text))


def _whole_series(doc: HtmlElement, first: HtmlElement | None, second: HtmlElement | None,
                  page_prose: int, fallback_ratio: float) -> HtmlElement | None:
    """The parent of the series readability's pick is one block of (series.py), where that pick
    is too small for the page and the series also holds trafilatura's pick (SERIES_HELD): both
    extractors kept a part of one article (a guide's step, its intro). A series that lacks
    trafilatura's pick is something beside the article (a product's reviews)."""
    if first is None:
        return None
    first_text = text_of(first)
    if not _too_small(first_text, count_words(first_text), page_prose, fallback_ratio):
        return None
    grown = series_parent(doc, first)
    if grown is None or second is None:
        return grown
    second_text, grown_text = text_of(second), text_of(grown)
    if len(grown_text) <= len(second_text) or containment(second_text, grown_text) < SERIES_HELD:
        return None
    return grown


def _second(doc: HtmlElement, url: str | None, helper: Answer | None) -> HtmlElement | None:
    if helper is not None:
        ok, markup = helper.markup()
        if ok:
            return None if markup is None else element_from_markup(markup)
    return trafilatura_pick(doc, url)


def _choose(doc: HtmlElement, url: str | None, meta: dict, content: HtmlElement | None,
            thread: HtmlElement | None, method: str, fallback_ratio: float,
            helper: Answer | None) -> tuple[HtmlElement | None, str]:
    """The article block and the name of what found it: the thread's posts, readability's pick,
    or (where readability's may be wrong) trafilatura's, the page's marked body or a series."""
    if thread is not None:
        return thread, "thread"
    extractor = "readability"
    page_prose = prose_chars(doc) if method != "readability" else 0
    # the page says it is documentation (not a blog post that holds code, whose longer reading
    # may be the blog's teasers), asked only where readability's pick may have lost its reference
    docs_page = partial(documentation_page, doc, content, url) if content is not None else None
    marked = cache(partial(trafilatura_block, doc))  # where trafilatura's own reading starts
    if method == "trafilatura" or (method == "auto" and _second_could_win(
            content, doc, page_prose, fallback_ratio, docs_page, marked)):
        second = _second(doc, url, helper)
        steps = recipe_steps(doc, content, second) if method == "auto" else []
        docs = partial(documentation_body, doc, url)
        about = about_words(f"{meta['title'] or ''} {meta['description'] or ''}")
        whole = _body_of_both(content, second, doc, marked) if method == "auto" else None
        series = (_whole_series(doc, content, second, page_prose, fallback_ratio)
                  if method == "auto" and whole is None else None)
        if holds_recipe_alone(steps, content, second):
            content, extractor = second, "trafilatura"
        elif holds_recipe_alone(steps, second, content):
            pass  # readability's pick holds the recipe, trafilatura's not
        elif whole is not None:
            content, extractor = whole, "body"
        elif series is not None:
            content, extractor = series, "series"
        elif method == "trafilatura" or _prefer_second(content, second, page_prose, fallback_ratio, docs,
                                                       about, docs_page, partial(sidebar_text, doc, content)):
            content, extractor = second, "trafilatura"
    return content, extractor


def extract(page: str | HtmlElement, url: str | None = None, *, fallback_ratio: float = 0.2,
            method: str = "auto", helper: Answer | None = None) -> Article:
    """Find the article in a page (its markup, or parse_html's tree of it, which this changes).
    Raises NoArticle when there is none to find.

    method: "auto" (readability, and trafilatura when readability's pick looks wrong),
    "readability" or "trafilatura" (one extractor only, for comparisons), or "given": the page
    is the article already (a block the user picked), only its metadata is read.
    helper: the page handed to a helper process (second_opinion.ask), which reads trafilatura's block
    meanwhile; without one, trafilatura runs here when it is needed.
    """
    url = usable_url(url)
    doc = parse_html(page) if isinstance(page, str) else page
    meta = page_metadata(doc, url)
    prepare(doc)

    if method == "given":
        body = doc.find("body")
        content = body if body is not None else doc
        if not text_of(content):
            raise NoArticle("The block sent has no text to read.")
        meta["dir"] = article_direction(doc, content) or meta["dir"]
        return Article(content=content, extractor="given", base_url=url or meta["url"], **meta)
    content = readability_pick(doc) if method in ("auto", "readability") else None
    thread = thread_block(doc, content) if method == "auto" else None
    # choosing between the picks reads the same blocks' text from rule to rule and changes none
    with reading_unchanged():
        content, extractor = _choose(doc, url, meta, content, thread, method, fallback_ratio, helper)
    if content is None or not text_of(content):
        raise NoArticle("No readable article was found on this page.")
    restore_blocks(doc, content)
    restore_lead(doc, content)
    meta["dir"] = article_direction(doc, content) or meta["dir"]
    return Article(content=content, extractor=extractor, base_url=url or meta["url"], **meta)
