"""The two libraries that pick a page's content block, run on the tree Distill already parsed.

Both would otherwise parse the page again from markup (readability-lxml once more on each of its
retries, trafilatura with its own parser), and trafilatura would serialize its pick to HTML for us
to parse back. Here each gets a copy of the one parsed tree (both change what they are given) and
hands back an element.
"""

from __future__ import annotations

import copy
import logging
import re

import lxml.etree
import lxml.html
import readability.readability as _readability_module
from lxml.html import HtmlElement
from lxml_html_clean import Cleaner
from readability import Document
from readability.cleaners import html_cleaner
from readability.readability import Unparseable

from .clean import has_text
from .parse import fragment, html_parser

LOGGER = logging.getLogger(__name__)
# The extractors log what Distill already handles ("discarding data", a page readability cannot
# score, with its traceback): a page's quirks are neither a CLI user's nor an operator's problem.
LIBRARY_LOGGERS = ("readability", "trafilatura", "htmldate", "courlan", "justext")


def quiet_libraries() -> None:
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


# readability-lxml measures text with its clean() tens of thousands of times a page (every
# candidate's and every link's text, again after each change), and two of its three patterns are
# retried at every character of a whitespace run, so their cost grows with the square of the run:
# indented markup has runs of dozens. Anchored at a run's start they match exactly the same text
# once; the third pattern and the guards skip work that cannot change anything. Same result for
# every string (tests/test_extractors.py), 3-4 times faster.
_LONG_RUN = re.compile(r"(?<!\s)\s{255,}")
_NEWLINE_RUN = re.compile(r"(?<!\s)\s*\n\s*")
_SPACE_RUN = re.compile(r"\t|[ \t]{2,}")


def readability_clean(text: str) -> str:
    """readability-lxml's clean(): runs of 255+ spaces capped, a space run with a newline becomes
    the newline, tabs and double spaces one space, ends stripped."""
    if len(text) >= 255:
        text = _LONG_RUN.sub(" " * 255, text)
    if "\n" in text:
        text = _NEWLINE_RUN.sub("\n", text)
    if "\t" in text or "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


LIBRARY_CLEAN = _readability_module.clean  # kept: the tests hold ours to the installed library's
_readability_module.clean = readability_clean

# Most of those calls want only the cleaned text's length (every candidate's and link's), and
# on a large block each pattern pass costs ~10 ns a character. The length needs no new string:
# a whitespace run with a newline becomes one newline, so the result is the text's non-blank
# lines, stripped, one character apart; a line is as long as it is unless it holds a tab, a
# double space, or (255+ characters long) a run of other whitespace that clean() caps, and
# only those few lines are cleaned to be measured.
_OTHER_ASCII_SPACE = re.compile(r"[\r\x0b\x0c\x1c-\x1f]")


def readability_clean_length(text: str) -> int:
    """len(readability_clean(text)), about four times as fast on a page's blocks."""
    total = lines = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        lines += 1
        if "\t" in line or "  " in line or (len(line) >= 255 and (
                not line.isascii() or _OTHER_ASCII_SPACE.search(line))):
            total += len(readability_clean(line))
        else:
            total += len(line)
    return total + lines - 1 if lines else 0


def _text_length(elem) -> int:
    return readability_clean_length(elem.text_content() or "")


LIBRARY_TEXT_LENGTH = _readability_module.text_length
_readability_module.text_length = _text_length


# readability-lxml's own cleaner, less its javascript option: that one rewrote every link of the
# page through a Python callback (a third of the library's set-up time) to drop "javascript:"
# URLs and event handlers, which nh3 drops from whatever Distill returns anyway (sanitize.py).
_CLEANER = Cleaner(**{**{name: getattr(html_cleaner, name) for name in (
    "scripts", "comments", "style", "links", "meta", "add_nofollow", "page_structure",
    "processing_instructions", "embedded", "frames", "forms", "annoying_tags", "remove_tags",
    "remove_unknown_tags", "safe_attrs_only")}, "javascript": False})


# readability-lxml builds a description of each candidate for its debug log whether or not that
# log is on (and keeps every described element in a module-wide dict); described only when it is.
_LIBRARY_DESCRIBE = _readability_module.describe


def _describe(node, depth=1):
    return _LIBRARY_DESCRIBE(node, depth) if _readability_module.log.isEnabledFor(logging.DEBUG) else ""


_readability_module.describe = _describe

# readability-lxml keeps a <div> as a block when its children's serialized markup matches
# "<(blockquote|dl|div|img|ol|p|pre|table|ul)": a tag starting so (no word end: <param> and
# <picture> count). Serialization escapes "<" in text and attribute values, so only tags can
# match, and a walk over the tags answers the same without writing out each div's subtree.
_BLOCK_PREFIXES = ("blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul")
_INLINE_TAGS = frozenset(("a", "b", "cite", "code", "em", "font", "i", "small", "span", "strong",
                          "sub", "sup", "u"))


def holds_block(elem: HtmlElement) -> bool:
    """Whether readability-lxml's divToPElementsRe matches the markup of elem's children."""
    for el in elem.iterdescendants():
        tag = el.tag
        if isinstance(tag, str) and tag.lower().startswith(_BLOCK_PREFIXES):
            return True
    return False


# readability-lxml's class and id patterns are case-insensitive alternations of ASCII words,
# which Python's re runs about five times slower than the same words, case-sensitive, in the
# lower-cased text. For ASCII text the answers are the same (a test compares them); other text
# gets the library's own pattern (its case folding reaches a few non-ASCII letters).
_LOWER_PATTERNS = {name: re.compile(_readability_module.REGEXES[name].pattern)
                   for name in ("unlikelyCandidatesRe", "okMaybeItsACandidateRe", "negativeRe",
                                "positiveRe")}


def _search(name: str, text: str) -> bool:
    """readability-lxml's REGEXES[name].search(text), as a truth value."""
    if text.isascii():
        return _LOWER_PATTERNS[name].search(text.lower()) is not None
    return _readability_module.REGEXES[name].search(text) is not None


class _LinkLengthsWhileScoring:
    """For a readability Document (readability-lxml's or trafilatura's fork): while it scores
    candidates, each link's text is measured once, not once per candidate around it (every
    paragraph's parent and grandparent asks for the same links, and the tree does not change
    meanwhile). Outside scoring the tree changes between calls: the library measures again.
    _measure_text is the Document's own text length."""

    __slots__ = ()
    _link_lengths: dict | None = None

    def score_paragraphs(self):
        self._link_lengths = {}
        try:
            return super().score_paragraphs()
        finally:
            self._link_lengths = None

    def get_link_density(self, elem: HtmlElement) -> float:
        lengths = self._link_lengths
        if lengths is None:
            return super().get_link_density(elem)
        linked = 0
        for link in elem.findall(".//a"):
            n = lengths.get(link)
            if n is None:
                n = lengths[link] = self._measure_text(link)
            linked += n
        return linked / max(self._measure_text(elem), 1)


_IN_CODE = lxml.etree.XPath("ancestor-or-self::pre | ancestor-or-self::code")
_HOLDS_ARTICLE = lxml.etree.XPath(
    "descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")


class _TreeDocument(_LinkLengthsWhileScoring, Document):
    """readability-lxml's Document on a parsed tree: each of its passes starts from a fresh copy
    (its ruthless pass strips what the retry needs). Hidden elements are gone already
    (extract.remove_hidden drops a superset of what the library drops).

    Some of its steps are done here as the library does them, with the same results (tested
    against the library's own on every fixture page), without the work that cannot change one:
    scoring measures each link's text once, not once per candidate around it; the unlikely-
    candidate test reads only elements with a class or an id (the others it skips anyway); the
    class and id patterns run case-sensitively on lower-cased ASCII (_search); and the
    misused-div test walks tags instead of serializing markup (holds_block)."""

    _measure_text = staticmethod(_readability_module.text_length)

    def _parse(self, input):
        # the cleaner in place on our copy: its clean_html would copy the whole page once more.
        # The page's <base> is already applied, to the tree both extractors read (parse.prepare)
        doc = copy.deepcopy(input)
        _CLEANER(doc)
        return doc

    _quote_leads: dict | None = None

    def get_preserved_elements(self, node):
        # the quote-lead test climbs from every div and section through all its ancestors, and
        # cleaned each ancestor's whole text again: a long page's sections share their
        # ancestors, so each one's answer is remembered (nothing changes the tree meanwhile)
        self._quote_leads = {}
        try:
            return super().get_preserved_elements(node)
        finally:
            self._quote_leads = None

    def is_quote_lead(self, elem):
        known = self._quote_leads if self._quote_leads is not None else {}
        for lead in (elem, *elem.iterancestors()):
            answer = known.get(lead)
            if answer is None:
                answer = known[lead] = self._leads_a_quote(lead)
            if answer:
                return True
        return False

    def _leads_a_quote(self, lead) -> bool:
        """The library's test for one element: a quote follows it, and its cleaned text is long
        enough and ends with a colon (the cleaned text's last character is the text's last
        non-space one)."""
        following = lead.getnext()
        if following is None or not following.findall(".//blockquote"):
            return False
        text = lead.text_content() or ""
        return text.rstrip().endswith(":") and readability_clean_length(text) >= self.min_text_length

    def remove_unlikely_candidates(self):
        # the library's loop over ".//*[@class or @id]", listed by a walk in Python (the XPath's
        # result list cost more than the walk); each class-and-id string is tested once (a page
        # repeats its few dozen classes hundreds of times), the structural tests compiled once
        unlikely: dict[str, bool] = {}
        marked = []
        for elem in self.html.iterdescendants(lxml.etree.Element):
            cls, ident = elem.get("class"), elem.get("id")
            if cls is not None or ident is not None:
                marked.append((elem, f"{cls or ''} {ident or ''}"))
        for elem, s in marked:  # listed first: what is dropped must not end the walk
            verdict = unlikely.get(s)
            if verdict is None:
                verdict = unlikely[s] = len(s) >= 2 and _search("unlikelyCandidatesRe", s) \
                    and not _search("okMaybeItsACandidateRe", s)
            if (
                verdict
                and elem.tag not in ("html", "body")
                and not _IN_CODE(elem)
                and not _HOLDS_ARTICLE(elem)
            ):
                elem.drop_tree()

    def class_weight(self, e):
        if self.positive_keywords or self.negative_keywords:
            return super().class_weight(e)
        weight = 0
        for feature in (e.get("class", None), e.get("id", None)):
            if feature:
                if _search("negativeRe", feature):
                    weight -= 25
                if _search("positiveRe", feature):
                    weight += 25
        return weight

    def transform_misused_divs_into_paragraphs(self):
        for elem in self.html.findall(".//div"):
            if not holds_block(elem):
                elem.tag = "p"
        # the rest is the library's second pass as it is written (readability-lxml 0.9): runs
        # of inline children and loose text in a <div> are wrapped in <p>s, <br>s dropped
        block = _readability_module.REGEXES["divToPElementsRe"]
        for elem in self.html.findall(".//div"):
            children = list(elem)
            paragraph = None
            if elem.text and elem.text.strip():
                p = lxml.html.fragment_fromstring("<p/>")
                p.text = elem.text
                elem.text = None
                elem.insert(0, p)
                paragraph = p
            for child in children:
                if child.tag == "br":
                    paragraph = None
                    continue
                if child.tag not in _INLINE_TAGS or block.search(
                        lxml.etree.tounicode(child, method="html")):
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = lxml.html.fragment_fromstring("<p/>")
                    child.addprevious(paragraph)
                paragraph.append(child)
            for pos, child in reversed(list(enumerate(elem))):
                if child.tail and child.tail.strip():
                    p = lxml.html.fragment_fromstring("<p/>")
                    p.text = child.tail
                    child.tail = None
                    elem.insert(pos + 1, p)
                if child.tag == "br":
                    child.drop_tree()


def readability_pick(doc: HtmlElement) -> HtmlElement | None:
    """readability-lxml's article block, from a tree parse.prepare has made ready (its <base>
    applied). Its links stay as the page wrote them: sanitize.py makes the reader view's links
    absolute, once, against the page's address."""
    try:
        partial = _TreeDocument(doc).summary(html_partial=True)
    except (Unparseable, ValueError, lxml.etree.ParserError) as exc:
        LOGGER.info("readability found nothing: %s", exc)
        return None
    if not partial.strip():
        return None
    try:
        return fragment(partial)
    except (AssertionError, lxml.etree.ParserError):
        # a page with no <body> (cut off inside <head>) comes back as a whole document
        LOGGER.info("readability returned no fragment")
        return None


def trafilatura_pick(doc: HtmlElement, url: str | None) -> HtmlElement | None:
    """trafilatura's article block (no comments; tables, images and links kept) as an element."""
    markup = trafilatura_markup(doc, url)
    return None if markup is None else element_from_markup(markup)


def trafilatura_markup(doc: HtmlElement, url: str | None) -> str | None:
    """trafilatura's article block as markup: what a helper process sends back (second_opinion.py)."""
    from trafilatura import bare_extraction
    from trafilatura.htmlprocessing import convert_to_html

    found = bare_extraction(
        doc,  # trafilatura copies a tree it is given before changing it
        url=url,
        output_format="html",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=True,
    )
    if found is None or found.body is None:
        return None
    # its HTML conversion, serialized as trafilatura.extract serializes it, so the text's spacing
    # is the same; this is the article alone, a few KB
    return lxml.etree.tostring(convert_to_html(found.body), pretty_print=True, encoding="unicode")


def element_from_markup(markup: str) -> HtmlElement:
    """trafilatura_markup's block as the element the rest of the pipeline changes."""
    out = lxml.html.document_fromstring(markup.strip(), parser=html_parser())
    body = out.find("body")
    root = body if body is not None else out
    root.tag = "div"
    return root


# trafilatura's content paths (trafilatura.xpaths.BODY_XPATH, 2.x), in their order, as tests on
# one element each: every path's first match in page order is the first element passing its
# test. Five XPaths with regular-expression callbacks took 1.2 ms a page; one walk over the
# candidates takes a fraction of that (tests/test_extractors.py holds them to the library's).
_SECTIONS = ("article", "div", "main", "section")
_POST_ID = re.compile(r"(?:entry|article|art)-content|article__content|article(?:-|__)?body|articleBody"
                      r"|body-text")
_POST_CLASS = re.compile(
    r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|post_inner_wrapper|"
    r"article-?text|articleText|(?:entry|page|text|article|art)-content|article__content|"
    r"article(?:-|__)?body|articleBody|ArticleContent|body-text|article__container")
_STORY_ID = re.compile(r"^primary|story-body")
_STORY_CLASS = re.compile(r"^article |post-bodycopy|story-?content|(?:theme|blog|section|single)-content"
                          r"|single-post|main-column|wpb_text_column|story-body|field-body")
_FULLTEXT = re.compile(r"fulltext", re.IGNORECASE)
_CONTENT_ID = re.compile(r"content-main|content-body|contentBody")
_CONTENT_CLASS = re.compile(r"content[-_]main|content(?:-|__)body")


def _content_path(el: HtmlElement) -> tuple[bool, ...]:
    """Which of trafilatura's five content paths select el (one of the _SECTIONS tags)."""
    tag = el.tag
    cls, id_, role, itemprop = el.get("class"), el.get("id"), el.get("role"), el.get("itemprop")
    if cls is None and id_ is None and role is None and itemprop is None:
        return False, tag == "article", False, False, tag == "main"  # most elements
    post = (cls in ("post", "entry") or itemprop == "articleBody" or id_ == "articleContent"
            or (id_ is not None and _POST_ID.search(id_) is not None)
            or (cls is not None and _POST_CLASS.search(cls) is not None))
    story = (role == "article" or id_ in ("article", "story")
             or cls in ("postarea", "art-postcontent", "text", "cell", "story")
             or (id_ is not None and _STORY_ID.search(id_) is not None)
             or (cls is not None and (_FULLTEXT.search(cls) is not None
                                      or _STORY_CLASS.search(cls) is not None)))
    content = (id_ == "content" or cls == "content"
               or (id_ is not None and (_CONTENT_ID.search(id_) is not None
                                        or "main-content" in id_.replace("C", "c").replace("M", "m")))
               or (cls is not None and (_CONTENT_CLASS.search(cls) is not None
                                        or "main-content" in cls.replace("C", "c").replace("M", "m")
                                        or "page-content" in cls.replace("C", "c").replace("P", "p"))))
    main = tag == "main" or any(value is not None and value.startswith("main")
                                for value in (cls, id_, role))
    return post, tag == "article", story, content, main


def content_path_matches(doc: HtmlElement) -> list[HtmlElement | None]:
    """Each of trafilatura's content paths' first match in doc (None where it has none)."""
    found: list[HtmlElement | None] = [None] * 5
    paths: dict[tuple, tuple[bool, ...]] = {}  # a page repeats its few classes: each is tested once
    for el in doc.iterdescendants(*_SECTIONS):
        key = (el.tag, el.get("class"), el.get("id"), el.get("role"), el.get("itemprop"))
        selects = paths.get(key)
        if selects is None:
            selects = paths[key] = _content_path(el)
        for i, selected in enumerate(selects):
            if selected and found[i] is None:
                found[i] = el
    return found


def _library_paths_fingerprint() -> str:
    import hashlib

    from trafilatura.xpaths import BODY_XPATH

    return hashlib.sha256("\n".join(path.path for path in BODY_XPATH).encode()).hexdigest()[:16]


# the library's content paths _content_path was written from (trafilatura 2.3.1's); with other
# paths, the library's own XPaths are asked instead (a test says when to look at them again).
# Taken here, as the library wrote them: _guard_trafilatura_xpaths below rewrites them.
CONTENT_PATHS_FINGERPRINT = "049ab58f8ca0d8bf"
LIBRARY_PATHS_FINGERPRINT = _library_paths_fingerprint()
_WALK_IS_CURRENT = LIBRARY_PATHS_FINGERPRINT == CONTENT_PATHS_FINGERPRINT


def trafilatura_block(doc: HtmlElement) -> HtmlElement | None:
    """Where trafilatura's own reading of the article starts: the first block its content paths
    find in the page (each path's first match, in the paths' order), past any block with no
    text at all or with headings only (a docs page's title bar, "<div class=content><h1>"):
    trafilatura drops the headings that end what it read and, left with nothing, goes on to the
    next path too."""
    if _WALK_IS_CURRENT:
        matches = content_path_matches(doc)
    else:
        from trafilatura.xpaths import BODY_XPATH

        matches = (next(iter(path(doc)), None) for path in BODY_XPATH)
    for found in matches:
        if found is not None and _text_besides_headings(found):
            return found
    return None


_HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _text_besides_headings(el: HtmlElement) -> bool:
    """Whether el has text outside its headings (el itself a heading has none)."""
    if el.tag in _HEADING_TAGS or not has_text(el):
        return False
    heading_chars = sum(len("".join(h.text_content().split())) for h in el.iterdescendants(*_HEADING_TAGS))
    return not heading_chars or len("".join(el.text_content().split())) > heading_chars


# trafilatura's XPaths test class and id values with EXSLT regular expressions, which lxml runs
# as a Python callback for every element the path reaches, with the attribute or without it:
# most elements have neither class nor id, and a pattern that cannot match an empty value gives
# them "false" after a callback each. Guarded by the attribute's presence, the callback is made
# only where there is a value to test; the XPath selects exactly the same elements.
_REGEX_TEST = re.compile(r"re:test\(\s*(?P<attr>@[\w-]+(?:\s*\|\s*@[\w-]+)*)\s*,\s*'(?P<pattern>[^']*)'"
                         r"(?:\s*,\s*'(?P<flags>[^']*)')?\s*\)")


def guard_regex_tests(path: str) -> str:
    """An XPath with each re:test(@attr, 'pattern') that cannot match an empty value made
    (@attr and re:test(...)): the same selection, without a callback per element lacking it."""

    def guard(match: re.Match) -> str:
        flags = re.IGNORECASE if "i" in (match["flags"] or "") else 0
        if re.search(match["pattern"], "", flags) is not None:
            return match[0]  # it can match an empty value: its answer without one matters
        return f"({match['attr']} and {match[0]})"

    return _REGEX_TEST.sub(guard, path)


# trafilatura's paths start ".//*[...]": the descendant-or-self step and then each node's
# children, which libxml2 does not fold into one descendant walk when the step has predicates
# (positional ones would change meaning). Without a positional predicate, "descendant::*[...]"
# selects the same elements in the same order, a fifth faster on the Mozilla pages.
_DESCENDANTS = re.compile(r"^(\s*)\.//\*")
_POSITIONAL = re.compile(r"\[\s*\d+\s*\]|position\(\)|last\(\)")


def descendant_steps(path: str) -> str:
    """An XPath's leading .//* as descendant::*, when no predicate in it counts positions."""
    return path if _POSITIONAL.search(path) else _DESCENDANTS.sub(r"\1descendant::*", path)


GUARDED_XPATHS: list[tuple] = []  # (the library's XPath, the guarded one), for the tests


def _guard_trafilatura_xpaths() -> None:
    import importlib

    import trafilatura.settings
    import trafilatura.xpaths
    from lxml.etree import XPath

    baseline = importlib.import_module("trafilatura.baseline")  # the package's name is a function

    def guarded(expression: XPath) -> XPath:
        path = descendant_steps(guard_regex_tests(expression.path))
        if path == expression.path:
            return expression
        new = XPath(path, namespaces={"re": trafilatura.xpaths.REGEXP_NS})
        GUARDED_XPATHS.append((expression, new))
        return new

    for value in vars(trafilatura.xpaths).values():
        if isinstance(value, list):
            value[:] = [guarded(e) if isinstance(e, XPath) else e for e in value]
    trafilatura.settings.BASIC_CLEAN_XPATH = baseline.BASIC_CLEAN_XPATH = guarded(
        baseline.BASIC_CLEAN_XPATH)


_guard_trafilatura_xpaths()


def _keep_links_as_written() -> None:
    """trafilatura resolves every link against the site's root, not the page (its base URL drops
    the path): on /news/a, "more/1" became /more/1 and "#notes" left the page. The reader view's
    links are made absolute once, against the page's own address (sanitize.py), as for
    readability's pick; so trafilatura's block keeps them as the page wrote them (after its
    <base>, parse.prepare), and its link resolutions are saved (130 on the average page it
    reads, 2.6 ms under the profiler). Images are left to trafilatura, which resolves them
    against the whole address."""
    import trafilatura.htmlprocessing

    library = trafilatura.htmlprocessing.convert_link

    def convert_link(elem: HtmlElement, base_url: str | None) -> None:
        library(elem, None)

    trafilatura.htmlprocessing.convert_link = convert_link


_keep_links_as_written()


def _trafilatura_readability() -> type:
    """trafilatura's fork of readability-lxml (its second opinion on every page it reads), without
    a cost that cannot change its article. Scoring measured every link's text again for each
    candidate around it (the parent and grandparent of each paragraph, up to <body>): 48,000
    text measurements over the Mozilla pages, 78 of 378 ms of trafilatura on the largest one.
    Here each link is measured once per scoring (the tree does not change while it scores)."""
    from trafilatura.readability_lxml import Document, text_length

    class TrafilaturaReadability(_LinkLengthsWhileScoring, Document):
        __slots__ = ("_link_lengths",)  # the fork's Document has slots: no class default reaches
        _measure_text = staticmethod(text_length)

        def __init__(self, doc: HtmlElement, min_text_length: int = 25) -> None:
            super().__init__(doc, min_text_length)
            self._link_lengths = None

    return TrafilaturaReadability


def _speed_up_trafilatura_readability() -> None:
    import trafilatura.external

    trafilatura.external.ReadabilityDocument = _trafilatura_readability()


_speed_up_trafilatura_readability()


# trafilatura's last resort, justext, reads a page whose language is unknown with the stop words
# of every language: trafilatura builds them as a tuple of 154,000 words, and justext's
# define_stoplist caches its lower-cased set keyed by that tuple, so every call hashes the tuple
# again (7 ms; tuples do not keep their hash) and the process holds the words twice (33 MB).
# Built here once as the lower-cased set itself (a frozenset keeps its hash), which
# define_stoplist would turn into the same set, and is handed back as it is.
_ALL_STOPWORDS: frozenset[str] | None = None


def all_stopwords() -> frozenset[str]:
    """Every justext stop-word list in one lower-cased set (trafilatura's JT_STOPLIST's words)."""
    global _ALL_STOPWORDS
    if _ALL_STOPWORDS is None:
        import trafilatura.external
        from justext.utils import get_stoplist, get_stoplists

        _ALL_STOPWORDS = frozenset(word.lower() for language in get_stoplists()
                                   for word in get_stoplist(language))
        trafilatura.external.JT_STOPLIST = _ALL_STOPWORDS
    return _ALL_STOPWORDS


def _share_stopwords() -> None:
    import justext.core
    import trafilatura.external

    library = justext.core.define_stoplist

    def define_stoplist(stoplist):
        return stoplist if stoplist is _ALL_STOPWORDS else library(stoplist)

    define_stoplist.cache_clear = library.cache_clear  # trafilatura.meta.reset_caches calls it
    justext.core.define_stoplist = define_stoplist
    trafilatura.external.jt_stoplist_init = all_stopwords


_share_stopwords()
