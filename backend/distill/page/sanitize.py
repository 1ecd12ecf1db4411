"""Make article HTML safe to insert into someone else's page: an nh3 allowlist, nothing else.

Page markup is hostile by default. Only structural and typographic tags survive, only the
attributes a reader view needs, only http(s)/mailto URLs; links open without a referrer or
opener. URLs are made absolute first so the reader view works outside the page's origin.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urljoin, urlsplit

import lxml.html
import nh3
from lxml.html import HtmlElement

from .parse import fragment, without_unsafe_chars

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "rp", "rt",
    "ruby", "s", "samp",
    "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
ALLOWED_ATTRIBUTES = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "srcset", "alt", "width", "height", "sizes"},
    "source": {"srcset", "type", "media", "sizes"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "scope", "headers"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "span": {"data-sentence"},
}
URL_SCHEMES = {"http", "https", "mailto"}
_URL_ATTRS = {"href", "src", "cite"}
# Dropped with their contents, not just unwrapped: their text is never article text.
CLEAN_CONTENT_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed",
                      "form", "button", "select", "textarea", "svg", "canvas", "head", "title"}


def _absolute(url: str, base: str | None) -> str | None:
    url = url.strip()
    if not url:
        return None
    try:  # a malformed address ("http://[::1") is a ValueError in urllib, with a base or without
        url = urljoin(base, url) if base else url
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in URL_SCHEMES else None


def absolutize(root: HtmlElement, base_url: str | None) -> None:
    """Resolve relative href/src/srcset against the page URL; drop what cannot be resolved."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in _URL_ATTRS:
            if attr in el.attrib:
                fixed = _absolute(el.attrib[attr], base_url)
                if fixed is None:
                    del el.attrib[attr]
                else:
                    el.attrib[attr] = fixed
        if "srcset" in el.attrib:
            parts = []
            for candidate in el.attrib["srcset"].split(","):
                bits = candidate.split()
                if bits and (url := _absolute(bits[0], base_url)):
                    parts.append(" ".join([url, *bits[1:]]))
            if parts:
                el.attrib["srcset"] = ", ".join(parts)
            else:
                del el.attrib["srcset"]


# The sentence marks are Distill's own (summary/marks.py, added after the page is sanitized): a
# page's markup never brings one, or it could highlight its own text as the summary.
MARK_ATTRIBUTE = "data-sentence"
_PAGE_ATTRIBUTES = {tag: names - {MARK_ATTRIBUTE} for tag, names in ALLOWED_ATTRIBUTES.items()}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == MARK_ATTRIBUTE and not value.isdigit():
        return None
    if attr in ("width", "height") and not value.isdigit():
        return None
    if attr == "cite" and not _relative_or_allowed(value):
        return None  # nh3 checks the schemes of href and src only
    return value


def _relative_or_allowed(url: str) -> bool:
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return False
    return not scheme or scheme in URL_SCHEMES


def sanitize_html(html: str, *, marks: bool = False) -> str:
    """The allowlist pass; safe on its own for any string, whatever produced it (one lxml never
    made can hold a lone surrogate, which nh3 cannot encode: it goes, with the controls lxml
    refuses, only then). marks: keep the sentence marks (the reader HTML's pass, not the page's)."""
    try:
        return _clean(html, marks)
    except UnicodeEncodeError:
        return _clean(without_unsafe_chars(html), marks)


def _clean(html: str, marks: bool) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES if marks else _PAGE_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def composed(root: HtmlElement) -> None:
    """Every text in the tree in Unicode's composed form (NFC), its links and attributes as they
    were. A page may spell a letter as two code points (Bengali's য় as য + ়, an accent after its
    e): the reader sees one letter either way, but a search for a word, a query's focus words or
    the ranker's word lists would not find it."""
    for el in root.iter():
        if el.text and not unicodedata.is_normalized("NFC", el.text):
            el.text = unicodedata.normalize("NFC", el.text)
        if el.tail and not unicodedata.is_normalized("NFC", el.tail):
            el.tail = unicodedata.normalize("NFC", el.tail)


def sanitize(root: HtmlElement, base_url: str | None) -> HtmlElement:
    """Absolutize, sanitize and re-parse: the tree the rest of the pipeline works on."""
    absolutize(root, base_url)
    html = lxml.html.tostring(root, encoding="unicode", method="html")
    clean = sanitize_html(html) or "<div></div>"
    safe = fragment(clean)
    if not unicodedata.is_normalized("NFC", clean):
        composed(safe)
    for img in list(safe.iter("img")):
        if not img.get("src") and not img.get("srcset"):
            img.drop_tree()  # its URL was unsafe (data:, javascript:) and nothing is left to show
    return safe
