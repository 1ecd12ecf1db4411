"""From what a client sent to the tree both extractors read: bytes decoded, markup parsed once
(refusing what is not a page, or nests too deep to read), and the page prepared as a reader sees
it: hidden elements gone, heading permalinks unlinked, links resolved against its <base>.

Every tree Distill builds (the page, the extractors' picks, the sanitized article) is made by
one parser set-up (html_parser).
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ..config import get_settings
from ..errors import NoArticle, PageTooLarge
from .clean import text_of
from .streamed import may_stream, place_segments

# C0 controls other than tab/newline/carriage return, and lone surrogates: lxml refuses both,
# and neither belongs in a page's text.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_DEPTH = 200
_WRAPPER_TAGS = {"div", "span", "section", "article", "main", "font", "center", "b", "i", "em", "strong"}

# lxml.html picks each element's class in a Python method (special classes for forms, which no
# stage uses), called for every element any stage touches: some two million calls over the
# Mozilla pages. Every element is an HtmlElement here, chosen in C.
_LOOKUP = lxml.etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def html_parser(**options) -> lxml.html.HTMLParser:
    """A new parser (lxml's are not shared between threads) with lxml.HTMLParser's options."""
    parser = lxml.html.HTMLParser(**options)
    parser.set_element_class_lookup(_LOOKUP)
    return parser


def fragment(markup: str) -> lxml.html.HtmlElement:
    """lxml.html.fragment_fromstring(markup, create_parent="div"), every element in it made by
    html_parser (lxml.html makes the parent with its own parser, and what moves into it with it)."""
    parser = html_parser()
    root = parser.makeelement("div")
    elements = lxml.html.fragments_fromstring(markup, parser=parser, no_leading_text=False)
    if elements and isinstance(elements[0], str):
        root.text = elements.pop(0)
    root.extend(elements)
    return root


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then UTF-8 when valid, then the declared charset, then a guess.

    Only files and stdin come as bytes; the HTTP API receives already-decoded JSON strings.
    """
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace")
    # Valid UTF-8 with non-ASCII text is UTF-8 whatever the page declares: other encodings almost
    # never form valid UTF-8 by chance, and saved pages often keep a stale <meta charset>.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096].decode("ascii", errors="replace")
    declared = re.search(r"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", head, re.I)
    if declared:
        try:
            return data.decode(declared.group(1), errors="replace")
        except LookupError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return data.decode(best.encoding if best else "utf-8", errors="replace")


# An XHTML page's <?xml ... encoding="..."?> names the bytes' encoding; once the page is text it
# means nothing, and lxml refuses text that still carries one.
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)


def without_unsafe_chars(text: str) -> str:
    """text without the characters lxml cannot hold (NUL, other controls, lone surrogates)."""
    return _UNSAFE_CHARS.sub("", text)


def without_soft_hyphens(text: str) -> str:
    """text without soft hyphens (U+00AD): where a word may break at a line's end, which a
    browser shows only there. German sites set them inside nearly every long word ("Italiens"
    as Ita-li-ens, each hyphen unseen), and every stage that reads words (sentences, the ranker's
    word lists and embeddings, a search of the text) would read three."""
    return text.replace("\u00ad", "") if "\u00ad" in text else text


# &shy; and its numeric forms, which the parser would turn into the character
_SOFT_HYPHEN_REFS = re.compile(r"&(?:shy|#0*173|#[xX]0*[aA][dD]);")

# <script .../> and <style .../>: a browser ignores the slash and reads the code up to </script>
# as the script, while libxml2 closes the element there and puts the code in the page's text (a
# recipe's steps opening with "(function() { document.addEventListener(...").
_SELF_CLOSED_RAW_TEXT = re.compile(r"(<(?:script|style)\b[^<>]*?)\s*/>", re.I)

# A character reference to one of those controls (&#14;, &#x1F): libxml2 puts the character
# itself in the tree, where the first stage that sets it again (a link made absolute against the
# page's <base>) fails. Browsers show nothing for them.
_CONTROL_REFS = re.compile(r"&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])(?![0-9a-fA-F])"
                           r"|0*(?:[0-8]|1[1-24-9]|2[0-9]|3[01]|127)(?![0-9]));?")


def clean_markup(text: str, unsafe: bool = True) -> str:
    """Remove characters lxml cannot hold (and references to them), soft hyphens, the slash of a
    self-closed <script/> or <style/> (which a browser ignores) and an XML declaration, which
    only describes the bytes the text was decoded from. unsafe=False: the caller knows there are
    no such characters."""
    text = _CONTROL_REFS.sub("", without_unsafe_chars(text) if unsafe else text)
    text = without_soft_hyphens(_SOFT_HYPHEN_REFS.sub("", text))
    text = _SELF_CLOSED_RAW_TEXT.sub(r"\1>", text)
    return _XML_DECLARATION.sub("", text, count=1)


_NOT_TEXT = re.compile("[\ufffd\x00-\x08\x0b-\x0c\x0e-\x1f]")
# _UNSAFE_CHARS's controls as bytes (suspect); _NOT_TEXT's controls are all among them
_CONTROL_BYTES = bytes(c for c in range(0x80) if _UNSAFE_CHARS.match(chr(c)))


def suspect(text: str) -> bool:
    """Whether text holds what either looks_binary or clean_markup looks for: a replacement
    character, a lone surrogate (which UTF-8 cannot encode) or a control (_UNSAFE_CHARS). Asked in
    C: a regular expression's character class took 0.6 ms on an average page, this 0.25."""
    if "\ufffd" in text:
        return True
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return len(data.translate(None, _CONTROL_BYTES)) != len(data)


def looks_binary(text: str) -> bool:
    """True for data that decoded to mostly replacement or control characters."""
    sample = text[:65536]
    if not sample:
        return False
    return len(_NOT_TEXT.findall(sample)) / len(sample) > 0.1


def max_depth(doc: HtmlElement) -> int:
    """Nesting depth, computed without recursion (hostile pages nest thousands deep)."""
    depth = {doc: 0}
    deepest = 0
    for el in doc.iterdescendants():
        d = depth[el.getparent()] + 1
        depth[el] = d
        deepest = max(deepest, d)
    return deepest


@lru_cache(maxsize=64)
def _deeper_than(levels: int) -> lxml.etree.XPath:
    """Whether a page has an element `levels` levels below the root: libxml2 walks the levels in
    C, a third of max_depth's time (which makes a Python object of every element to count them)."""
    return lxml.etree.XPath("boolean(/*" + "/*" * levels + ")")


def too_deep(doc: HtmlElement) -> bool:
    """max_depth(doc) > MAX_DEPTH."""
    return bool(_deeper_than(MAX_DEPTH + 1)(doc))


def unwrap_wrappers(doc: HtmlElement) -> None:
    """Remove elements that only wrap one other element: deep wrapper chains keep their content."""
    for el in list(doc.iterdescendants()):
        parent = el.getparent()
        if (parent is not None and len(el) == 1 and not (el.text or "").strip()
                and not (el[0].tail or "").strip() and el.tag in _WRAPPER_TAGS):
            el.drop_tag()


# Every stage that reads an element's text (readability's scoring and sanitizing, the cleanup
# rules' word counts) reads its whole subtree, so a page's work grows with the sum over its text of
# how deep each piece sits. Real pages stay far below this: the most of 3,497 dev pages is 7.9
# million (median 0.2). Text at every one of 190 levels of a 1 MB page makes 92 million and took
# 8 s; 16 million took about 1.8 s.
MAX_NESTED_TEXT = 15_000_000
_UNREAD = frozenset(("script", "style", "noscript", "template"))


def nested_text(doc: HtmlElement) -> int:
    """The sum over the page's visible text of each piece's depth (characters x levels); a
    script's or a style's own text is read by no stage."""
    total = depth = 0
    for event, el in lxml.etree.iterwalk(doc, events=("start", "end")):
        if event == "start":
            depth += 1
            if el.tag not in _UNREAD:
                total += len(el.text or "") * depth
        else:
            depth -= 1
            total += len(el.tail or "") * depth
    return total


def within_nesting_limit(markup: str, doc: HtmlElement, limit: int = MAX_NESTED_TEXT) -> None:
    """Refuse (NoArticle, too_deep) a page whose text sits so deep that reading it would take
    seconds. Counted only when it could be over: its text is at most the markup's length, so a
    page with no element deeper than limit / len(markup) levels (nearly every page) is under."""
    if not markup or len(markup) * MAX_DEPTH <= limit:
        return
    if not _deeper_than(limit // len(markup))(doc):
        return
    # the same bound from the page's text, written out in C (a 1 MB page is seldom much text,
    # and the walk took 15 ms on one): comments too, which nested_text reads, one level below
    # the element that holds them
    chars = len(lxml.etree.tostring(doc, method="text", encoding="unicode")) + sum(
        len(comment.text or "") for comment in doc.iter(lxml.etree.Comment))
    if not chars or not _deeper_than(limit // chars - 1)(doc):
        return
    if (weight := nested_text(doc)) > limit:
        raise NoArticle(f"The page nests its text too deeply to be read in time ({weight:,} "
                        f"characters x levels; at most {limit:,}).", code="too_deep")


_COUNT_ELEMENTS = lxml.etree.XPath("count(//*)")


def element_count(doc: HtmlElement) -> int:
    """How many elements the page has, counted in C (a million in some 30 ms)."""
    return int(_COUNT_ELEMENTS(doc))


def within_element_limit(doc: HtmlElement, limit: int) -> None:
    """Refuse (PageTooLarge) a page with more than limit elements, before any stage reads it:
    every stage's work grows with the elements (a million tiny ones fit in 4 MB), and no real
    page comes near the limit. (Unwrapping inline formatting to get under it was tried: lxml's
    strip_tags leaves the text in adjacent nodes, which every later read of it joins again,
    quadratically.)"""
    if (count := element_count(doc)) > limit:
        raise PageTooLarge(f"The page has {count:,} HTML elements; this server reads pages of at "
                           f"most {limit:,} (DISTILL_MAX_PAGE_ELEMENTS).")


_RAW_TEXT = ("script", "style", "noscript", "template")


def visible_chars(doc: HtmlElement) -> int:
    """Characters of text a reader could see: the text in the page's <body> (every <body>, once),
    less what sits directly in a script, a style, or what only shows without scripts. The
    body's text is written out in C, and only those few elements are read in Python: an XPath
    for the text nodes (//body//text()[not(parent::script...)]) gave the same count at 90 ms on
    a 1 MB Wikipedia page, making a string of every node."""
    total = 0
    for body in doc.iter("body"):
        if any(a.tag == "body" for a in body.iterancestors()):
            continue  # its text is its outer body's
        total += len(lxml.etree.tostring(body, method="text", encoding="unicode", with_tail=False))
        for el in body.iter(*_RAW_TEXT):
            total -= len(el.text or "") + sum(len(child.tail or "") for child in el)
    return total


def within_text_limit(text: str, doc: HtmlElement, limit: int) -> None:
    """Refuse (PageTooLarge) a page with more than limit characters of visible text. Counted
    only when the markup itself is longer than the limit, so a page under it costs nothing."""
    if len(text) > limit and (count := visible_chars(doc)) > limit:
        raise PageTooLarge(f"The page has {count:,} characters of text; this server reads pages of "
                           f"at most {limit:,} (DISTILL_MAX_TEXT_CHARS).")


# libxml2 checks each attribute of a tag against the tag's others as it parses: 20,000 attributes
# on one element took 0.36 s, 80,000 (1.2 MB) 9.7 s, and a body at the size limit would take
# minutes. No page needs more than a few dozen on an element; a tag with more than this many
# keeps its first ones. The pattern reads quoted values whole, so a '>' or '<' inside one does
# not end the tag early (libxml2 does not end it there either).
MAX_ATTRIBUTES = 1000
_ATTRIBUTE = r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
# the same, possessive: a tag's attributes never need to be read again another way, and not
# backtracking through each tag's is what lets a page be searched in 0.3 ms instead of 0.7
_ATTRIBUTE_ONCE = r"""\s++[^\s"'>/=]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s"'>]++))?+"""
_MANY_ATTRIBUTES = re.compile(r"<[A-Za-z][^\s/>]*+(?:%s){%d,}" % (_ATTRIBUTE_ONCE, MAX_ATTRIBUTES + 1))
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)


def trim_attributes(text: str) -> str:
    """The page with no tag holding more than MAX_ATTRIBUTES attributes (the rest dropped).
    Every page is searched: an attribute need not have a value (<div a1 a2 a3...>, 80,000 of
    them took 7 s to parse), so no count of '=' can say a page has no such tag."""

    def trim(found: re.Match) -> str:
        tag = found.group()
        name = re.match(r"<[^\s/>]*", tag).group()
        kept = islice(_ONE_ATTRIBUTE.finditer(tag, len(name)), MAX_ATTRIBUTES)
        return name + "".join(m.group() for m in kept)

    return _MANY_ATTRIBUTES.sub(trim, text)


def parse_html(text: str, max_elements: int | None = None, max_text: int | None = None) -> HtmlElement:
    """Parse a whole page, once for every stage after it; NoArticle if it is not markup,
    PageTooLarge past max_elements or max_text (default: the settings').

    libxml2 silently drops everything below depth 256, so deep pages are parsed without that
    limit and their pure wrapper chains unwrapped; what is still too deep is refused.
    """
    # one pass finds whether either test has anything to do: most pages hold none of these
    unsafe = suspect(text)
    if unsafe and looks_binary(text):
        raise NoArticle("The input looks like binary data, not an HTML page.", code="not_html")
    text = trim_attributes(clean_markup(text, unsafe=unsafe))
    if not text.strip():
        raise NoArticle("The page is empty.", code="empty_page")
    # comments and processing instructions are never content, and readability-lxml and
    # trafilatura both drop them: gone at the parse, they cost nobody a pass. A page streamed by
    # React keeps them until its segments are in place (streamed.py): they end each fallback.
    streamed = may_stream(text)
    parser = html_parser(huge_tree=True, remove_comments=not streamed, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise NoArticle("The page is empty.", code="empty_page") from exc
        raise NoArticle(f"The page could not be parsed as HTML ({exc}).", code="not_html") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise NoArticle("The page nests its elements too deeply to be read (thousands of levels).",
                        code="too_deep")
    # first: unwrap_wrappers and place_segments walk elements in Python
    within_element_limit(doc, get_settings().max_page_elements if max_elements is None else max_elements)
    within_text_limit(text, doc, get_settings().max_text_chars if max_text is None else max_text)
    if streamed:
        place_segments(doc)
        for comment in list(doc.iter(lxml.etree.Comment)):
            comment.drop_tree()
    if too_deep(doc):
        unwrap_wrappers(doc)
        if too_deep(doc):
            raise NoArticle(f"The page nests its elements more than {MAX_DEPTH} deep, which "
                            "Distill cannot read.", code="too_deep")
    within_nesting_limit(text, doc)
    return doc


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


# React's streamed server rendering sends each part of the page that was not ready with the first
# bytes as <div hidden id="S:0">, at the end of the body, and a script moves it into place: the
# article of many 2025 pages (Next.js) is in one. In a browser it is shown; in a page read as it
# was sent (the batch, a saved file) it is still waiting for the script, and it is content.
_STREAMED_SEGMENT = re.compile(r"S:[0-9a-f]+")  # React writes the ids in hex


# A tab panel (role="tabpanel") hidden until its tab is chosen: the same guide for another
# programming language or platform, one click away. Documentation pages (Docusaurus, Microsoft
# Learn, design systems) hide every panel but the first with the hidden attribute; the page holds
# them all, and so does a reader's copy of it.
_TAB_PANEL = "tabpanel"
# An accordion's panel (WAI-ARIA's accordion pattern: role="region", labelled by its header's
# button) is hidden the same way until its header is clicked: a guide's steps, a review's
# sections, a FAQ's answers. A menu or a dialog is not marked up as a region.
_ACCORDION_PANEL = "region"


def is_hidden(el: HtmlElement) -> bool:
    """Readability.js's visibility test (never the page's <html> or <body>), less React's streamed
    segments (_STREAMED_SEGMENT), tab panels (_TAB_PANEL) and accordion panels (_ACCORDION_PANEL)."""
    return el.tag not in ("html", "body") and el.get("role") not in (_TAB_PANEL, _ACCORDION_PANEL) and (
        (el.get("hidden") is not None and not _STREAMED_SEGMENT.fullmatch(el.get("id") or ""))
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
        or (el.get("aria-hidden") == "true" and "fallback-image" not in el.get("class", ""))
    )


# the elements is_hidden could say yes to, found in C: most elements carry none of these. Reached
# through the attributes (libxml2 tests three attributes of every element more slowly than it
# gathers three attributes' parents: 0.36 ms a page against 0.51), in page order all the same.
_MAYBE_HIDDEN = lxml.etree.XPath("descendant-or-self::*/@hidden/.. | descendant-or-self::*/@style/.."
                                 " | descendant-or-self::*/@aria-hidden/..")


# Some pages hide everything until their script runs (a "visibility: hidden" wrapper around the
# whole page, shown once its fonts or its framework are ready: against a flash of unstyled text).
# In a browser the page is then shown; read as it was sent, it is still the page. A hidden element
# that holds at least this share of the body's text is such a wrapper, and stays; a hidden part
# of the article, even its larger part, still goes (Readability.js's test page has one).
PAGE_WRAPPER_SHARE = 0.9


def remove_hidden(doc: HtmlElement) -> int:
    """Drop what the reader cannot see, by Readability.js's own visibility test, less a wrapper
    that hides the whole page until a script shows it (PAGE_WRAPPER_SHARE)."""
    hidden = [el for el in _MAYBE_HIDDEN(doc) if is_hidden(el)]
    if hidden:
        body = doc.find("body")
        page_chars = len((doc if body is None else body).text_content())
        hidden = [el for el in hidden if len(el.text_content()) < PAGE_WRAPPER_SHARE * page_chars]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    return len(hidden)


def remove_option_lists(doc: HtmlElement) -> int:
    """Drop drop-down lists (<select>, <datalist>): the reader sees one choice, not the hundreds
    of options a search page's filter form holds, whose text made readability-lxml pick the form
    over the article beside it. The reader view drops them anyway (sanitize.py)."""
    lists = list(doc.iter("select", "datalist"))
    for el in lists:
        el.drop_tree()
    return len(lists)


_PERMALINK_TEXT = {"¶", "#", "§", "🔗", "link"}


def unlink_headings(doc: HtmlElement) -> int:
    """Turn in-page links inside headings into plain text, and drop permalink marks.

    Documentation and blog engines wrap section headings in links back to the table of contents
    or to themselves; readability-lxml then drops every such heading as "mostly links"
    (Readability.js does not). A heading linking to another page stays a link: that is how
    teaser lists look, and those should go."""
    changed = 0
    # (an XPath over every element for headings took five times as long as this walk)
    links: dict[HtmlElement, None] = {}
    for heading in doc.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        for a in heading.iter("a"):
            if (a.get("href") or "").strip(" \t\r\n").startswith("#"):
                links[a] = None  # in page order, once (headings can nest)
    for a in links:
        if text_of(a).lower() in _PERMALINK_TEXT or "headerlink" in (a.get("class") or ""):
            a.drop_tree()
        else:
            a.drop_tag()
        changed += 1
    return changed


def usable_url(url: str | None) -> str | None:
    """The page's address when links can be resolved against it (not data:, javascript:...,
    nor one urllib cannot read: "https://[::1" is a ValueError there)."""
    try:
        return url if url and urlsplit(url).scheme in ("http", "https", "file") else None
    except ValueError:
        return None


def prepare(doc: HtmlElement) -> None:
    """What both extractors read: the page without what the reader cannot see, its links
    resolved against its <base> (as readability-lxml resolves them on its copy; trafilatura's
    block and the blocks restore.py copies from the page keep links as the page wrote them)."""
    remove_hidden(doc)
    remove_option_lists(doc)
    unlink_headings(doc)
    doc.resolve_base_href(handle_failures="discard")
