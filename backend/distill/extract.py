"""HTML page -> Article: the main content block and the page's own metadata.

readability-lxml picks the content block. Its known weaknesses are a first pick far too small (a
teaser, a caption block) and a pick that is only part of the article (one section). trafilatura
runs as a second, independent pass; its pick wins when readability's is tiny, or when it holds
readability's and somewhat more without swallowing the page around it (_prefer_second). Metadata
comes from trafilatura's metadata module, which reads og:, article:, JSON-LD and <meta> tags.
Lists and code blocks the pick lost between two paragraphs it kept are put back (restore.py).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from html import unescape as unescape_html
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from .author import find_author
from .clean import LONE_DATE, PROSE_MIN_WORDS, holds, link_density, text_of, title_similarity
from .errors import NoArticle
from .extractors import (
    element_from_markup,
    readability_pick,
    trafilatura_block,
    trafilatura_markup,
    trafilatura_pick,
)
from .helper import Answer
from .markup import html_parser
from .restore import restore_blocks
from .sentences import count_words, ends_like_sentence

LOGGER = logging.getLogger(__name__)
# The extractors log what Distill already handles ("discarding data", a page readability cannot
# score, with its traceback): a page's quirks are neither a CLI user's nor an operator's problem.
LIBRARY_LOGGERS = ("readability", "trafilatura", "htmldate", "courlan", "justext")


def quiet_libraries() -> None:
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)

# C0 controls other than tab/newline/carriage return, and lone surrogates: lxml refuses both,
# and neither belongs in a page's text.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»]\s+|\s*:\s+")
_RTL_LANGS = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}
MAX_DEPTH = 200
# Readability.js retries with looser rules under 500 characters (about 80 English words); so do
# we, with trafilatura. Counted in words so that CJK pages (a word per character) are not retried.
FALLBACK_MIN_WORDS = 80
# trafilatura's pick wins when it holds this share of readability's and is this much longer
SECOND_PASS_CONTAINMENT = 0.85
SECOND_PASS_MIN_GAIN = 1.05
SECOND_PASS_MAX_GAIN = 2.5
SECOND_PASS_MAX_LINKS = 0.4
SECOND_PASS_MIN_ADDED_PROSE = 0.01
_WORDS = re.compile(r"\w+")
_WRAPPER_TAGS = {"div", "span", "section", "article", "main", "font", "center", "b", "i", "em", "strong"}


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


def clean_markup(text: str, unsafe: bool = True) -> str:
    """Remove characters lxml cannot hold and an XML declaration, which only describes the bytes
    the text was decoded from. unsafe=False: the caller knows there are no such characters."""
    return _XML_DECLARATION.sub("", without_unsafe_chars(text) if unsafe else text, count=1)


_NOT_TEXT = re.compile("[\ufffd\x00-\x08\x0b-\x0c\x0e-\x1f]")
# what either looks_binary or clean_markup looks for: _NOT_TEXT's controls are all unsafe
_SUSPECT = re.compile("[\ufffd" + _UNSAFE_CHARS.pattern[1:])


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


# An element MAX_DEPTH + 1 levels below the root: libxml2 walks the levels in C, a third of
# max_depth's time (which makes a Python object of every element to count them)
_TOO_DEEP = lxml.etree.XPath("boolean(/*" + "/*" * (MAX_DEPTH + 1) + ")")


def too_deep(doc: HtmlElement) -> bool:
    """max_depth(doc) > MAX_DEPTH."""
    return bool(_TOO_DEEP(doc))


def unwrap_wrappers(doc: HtmlElement) -> None:
    """Remove elements that only wrap one other element: deep wrapper chains keep their content."""
    for el in list(doc.iterdescendants()):
        parent = el.getparent()
        if (parent is not None and len(el) == 1 and not (el.text or "").strip()
                and not (el[0].tail or "").strip() and el.tag in _WRAPPER_TAGS):
            el.drop_tag()


def parse_html(text: str) -> HtmlElement:
    """Parse a whole page, once for every stage after it; NoArticle if it is not markup.

    libxml2 silently drops everything below depth 256, so deep pages are parsed without that
    limit and their pure wrapper chains unwrapped; what is still too deep is refused.
    """
    # one pass finds whether either test has anything to do: most pages hold none of these
    suspect = _SUSPECT.search(text) is not None
    if suspect and looks_binary(text):
        raise NoArticle("The input looks like binary data, not an HTML page.", code="not_html")
    text = clean_markup(text, unsafe=suspect)
    if not text.strip():
        raise NoArticle("The page is empty.", code="empty_page")
    # comments and processing instructions are never content, and readability-lxml and
    # trafilatura both drop them: gone at the parse, they cost nobody a pass
    parser = html_parser(huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        if "empty" in str(exc).lower():
            raise NoArticle("The page is empty.", code="empty_page") from exc
        raise NoArticle(f"The page could not be parsed as HTML ({exc}).", code="not_html") from exc
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        raise NoArticle("The page nests its elements too deeply to be read (thousands of levels).",
                        code="too_deep")
    if too_deep(doc):
        unwrap_wrappers(doc)
        if too_deep(doc):
            raise NoArticle(f"The page nests its elements more than {MAX_DEPTH} deep, which "
                            "Distill cannot read.", code="too_deep")
    return doc


def prose_chars(doc: HtmlElement) -> int:
    """Characters in the page's prose-like paragraphs: the yardstick for a too-small pick."""
    total = 0
    for p in doc.iter("p"):
        t = text_of(p)
        if count_words(t) >= PROSE_MIN_WORDS:
            total += len(t)
    return total


def _attr(doc: HtmlElement, xpath: str) -> str | None:
    found = doc.xpath(xpath)
    for value in found:
        value = " ".join(str(value).split())
        if value:
            return value
    return None


def page_lang(doc: HtmlElement) -> str | None:
    """The page's declared language, as a lower-case primary tag plus region if given."""
    lang = (
        _attr(doc, "/html/@lang")
        or _attr(doc, "/html/@xml:lang")
        or _attr(doc, "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content")
        or _attr(doc, "//meta[@property='og:locale']/@content")
    )
    if not lang:
        return None
    return lang.replace("_", "-").split(",")[0].strip().lower() or None


def article_direction(doc: HtmlElement, content: HtmlElement) -> str | None:
    """The dir the article's own text sits under (<main dir="rtl"> in an ltr page), found from
    the source element of its first paragraph, as Readability.js reads it off its top pick."""
    first = next((text_of(p) for p in content.iter("p") if len(text_of(p)) >= 20), None)
    if first is None:
        return None
    for p in doc.iter("p"):
        if text_of(p) == first:
            for el in (p, *p.iterancestors()):
                value = (el.get("dir") or "").lower()
                if value in ("rtl", "ltr"):
                    return value
            return None
    return None


def text_direction(doc: HtmlElement | None, lang: str | None) -> str | None:
    # the body's dir overrides the root's, as it does in a browser
    declared = (_attr(doc, "//body/@dir") or _attr(doc, "/html/@dir")) if doc is not None else None
    if declared and declared.lower() in ("rtl", "ltr"):
        return declared.lower()
    if lang and lang.split("-")[0] in _RTL_LANGS:
        return "rtl"
    return None


def clean_title(title: str | None, site_name: str | None, byline: str | None = None) -> str | None:
    """Drop a trailing or leading " | Site name" (or " | Author") from a headline."""
    if not title:
        return None
    title = " ".join(title.split())
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if seps and byline and title[seps[-1].end() :].strip().lower() == byline.strip().lower():
        title = title[: seps[-1].start()].strip()
        seps = seps[:-1]
    if not seps or not site_name:
        return title
    site = site_name.lower()
    last, first = seps[-1], seps[0]
    tail, head = title[last.end() :].lower(), title[: first.start()].lower()
    if tail and (tail == site or tail in site or site in tail):
        return title[: last.start()].strip()
    if head and (head == site or head in site):
        return title[first.end() :].strip()
    return title


def _absolute_url(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    try:
        value = urljoin(base, value) if base else value
    except ValueError:
        return None
    return value if urlsplit(value).scheme in ("http", "https") else None


# The publisher's own statements of the headline, in Readability.js's order of preference.
META_TITLE_KEYS = ("dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title",
                   "title", "twitter:title", "parsely-title")
TITLE_MIN_CHARS, TITLE_MAX_CHARS = 15, 150
H1_TITLE_MIN_WORDS = 5
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|LiveBlogPosting|Report|Review|WebPage|CreativeWork")


def meta_values(doc: HtmlElement) -> dict[str, str]:
    """<meta> contents by property, then by name ("DC.title" as "dc:title"); a property may list
    several space-separated keys. The first value of a key wins, and properties beat names."""
    by_property: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for meta in doc.iter("meta"):
        content = " ".join((meta.get("content") or "").split())
        if not content:
            continue
        for key in (meta.get("property") or "").lower().split():
            by_property.setdefault(key, content)
        name = (meta.get("name") or "").lower().strip().replace(".", ":")
        if name:
            by_name.setdefault(name, content)
    return {**by_name, **by_property}


def _json_ld_headline(doc: HtmlElement, page_title_text: str) -> str | None:
    """An article's JSON-LD headline, or its name when that is what the <title> says (Wikipedia's
    "headline" is "Wikimedia list article"; aktualne.cz puts its own name in "name")."""
    import json

    for script in doc.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        items += [g for d in items if isinstance(d, dict) for g in d.get("@graph", []) or []]
        for item in items:
            if not isinstance(item, dict) or not _ARTICLE_TYPES.search(str(item.get("@type", ""))):
                continue
            found = [" ".join(v.split()) for v in (item.get("headline"), item.get("name"))
                     if isinstance(v, str) and v.strip()]
            if found:
                return max(found, key=lambda v: title_similarity(page_title_text, v))  # ties: headline
    return None


def page_title(doc: HtmlElement, site: str | None, byline: str | None = None,
               meta: dict[str, str] | None = None) -> str | None:
    """The article's headline: what the page's metadata says it is (JSON-LD, Dublin Core, Open
    Graph, Twitter), else its <title> without the site's name, else its only <h1>.

    A page's single <h1> is often not the headline at all (a blog's "Hi, I'm Nicolas.", a
    portal's "Allergies Health Center", a promo box), so it is only the fallback, used as
    Readability.js does when the <title> is missing, too short or too long to be one."""
    document_title = _attr(doc, "//head/title//text()") or _attr(doc, "//title//text()") or ""
    meta = meta_values(doc) if meta is None else meta
    title = _json_ld_headline(doc, document_title) or next(
        (meta[k] for k in META_TITLE_KEYS if meta.get(k)), None)
    if title:
        # JSON strings and doubly escaped attributes keep their entities ("&mdash;"); like
        # Readability.js, unescape what metadata says
        return clean_title(unescape_html(title), site, byline)
    title = clean_title(document_title, site, byline)
    h1s = [h for h in (" ".join(h.text_content().split()) for h in doc.iter("h1")) if h]
    if (not title or not TITLE_MIN_CHARS <= len(title) <= TITLE_MAX_CHARS) and len(h1s) == 1 \
            and len(h1s[0].split()) >= H1_TITLE_MIN_WORDS:
        return h1s[0]
    return title


# What author extraction catches besides a name: the date after it, a label, a form field. A
# month ends the name only before a day ("Theresa May" is a name).
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_BYLINE_TAIL = re.compile(
    rf"\s+(?:(?:{_MONTHS})\s+\d|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|před|"
    rf"updated|published)\b).*$", re.I)
_NOT_A_BYLINE = re.compile(
    r"^(?:username|user name|authority control|admin|author|作者|by|last updated\b.*)$", re.I)


def clean_byline(byline: str | None) -> str | None:
    """Names only: no trailing date ("Nathan Willis March 25, 2015"), no labels, no name twice."""
    if not byline:
        return None
    names: list[str] = []
    for part in byline.split(";"):
        part = " ".join(part.split())
        name = _BYLINE_TAIL.sub("", part).strip(" ,")
        if _NOT_A_BYLINE.match(part) or not name or _NOT_A_BYLINE.match(name) or LONE_DATE.match(name):
            continue
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return "; ".join(names) or None


# trafilatura cuts an author at " of " ("Jane Smith of Reuters" -> "Jane Smith"), which also cuts
# a source's own name ("Time of India" -> "Time"). A name left as one word, or ending in a word
# that names an institution, gets its " of ..." back when the page's byline says so.
INSTITUTION_WORDS = {
    "agency", "association", "bank", "board", "bureau", "chronicle", "council", "daily", "department",
    "desk", "express", "foundation", "gazette", "government", "herald", "institute", "journal",
    "ministry", "news", "office", "post", "press", "service", "society", "times", "tribune", "trust",
    "university",
}
_BYLINE_XPATH = ("//meta[@name='author']/@content | //*[@rel='author' or @itemprop='author' or "
                 "contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'source')"
                 " or contains(@id, 'author') or contains(@id, 'byline')]//text()")


def restore_cut_names(byline: str | None, doc: HtmlElement) -> str | None:
    if not byline:
        return byline
    names = byline.split("; ")
    todo = [i for i, n in enumerate(names)
            if len(n.split()) == 1 or n.split()[-1].lower() in INSTITUTION_WORDS]
    if not todo:
        return byline
    found = " ".join(" ".join(str(t).split()) for t in doc.xpath(_BYLINE_XPATH))
    for i in todo:
        m = re.search(rf"\b{re.escape(names[i])} of ((?:the )?[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){{0,3}})",
                      found)
        if m:
            names[i] = f"{names[i]} of {m.group(1)}"
    return "; ".join(names)


# The last resort of the date search reads date-like strings of the page's text with dateparser,
# which tries each of its ~200 languages on each string unless told which to try: 30 ms a string,
# over a second on a blog page whose sidebar lists dates. A page that declares its language is
# read in that language and English (htmldate's own settings otherwise); one that does not, in
# all of them, as before (a guess from the page's first words, menus included, lost dates).
_DATE_LANGUAGES: ContextVar[tuple[str, ...] | None] = ContextVar("date_languages", default=None)


@lru_cache(maxsize=64)
def _date_parser(languages: tuple[str, ...] | None):
    from dateparser import DateDataParser
    from htmldate.extractors import get_external_parser

    every = get_external_parser()
    if languages is None:
        return every
    # htmldate's own settings (strict parsing, past dates...), kept in sync with its parser
    return DateDataParser(languages=list(languages), settings=every._settings)


def _date_languages(lang: str | None) -> tuple[str, ...] | None:
    # dateparser's list of its languages (its loader's locale map builds every locale to say so)
    from dateparser.data.languages_info import language_order

    base = (lang or "").split("-")[0]
    return tuple(dict.fromkeys((base, "en"))) if base in language_order else None


def _external_date(string: str):
    """htmldate's call to dateparser, in the page's languages (_DATE_LANGUAGES)."""
    try:
        return _date_parser(_DATE_LANGUAGES.get()).get_date_data(string)["date_obj"]
    except (OverflowError, ValueError):
        return None


def _read_dates_in_page_language() -> None:
    import htmldate.extractors

    htmldate.extractors._external_date = _external_date


_read_dates_in_page_language()


def _library_metadata(doc: HtmlElement, url: str | None):
    """trafilatura.metadata.extract_metadata (2.x) without the categories, tags and licence,
    which Distill never shows: the same steps in the same order, with the library's own
    functions. Those three were a third of the metadata's median time (1.8 of 5.4 ms); every
    field Distill reads is the same on all 2,500 dev pages."""
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import set_date_params

    meta = examine_meta(doc)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(doc, meta)
    except Exception:  # bugs in trafilatura's JSON-LD reading, as the library itself guards
        LOGGER.warning("JSON-LD metadata could not be read")
    if not meta.title:
        meta.title = extract_title(doc)
    if not meta.author:
        meta.author = find_author(doc)
    if not meta.url:
        meta.url = extract_url(doc, url)
    date_config = set_date_params(False)
    date_config["url"] = meta.url
    meta.date = find_date(doc, **date_config)
    if not meta.sitename:
        meta.sitename = extract_sitename(doc)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        found = META_URL.match(meta.url)
        if found:
            meta.sitename = found[1]
    meta.clean_and_trim()
    return meta


def _metadata(doc: HtmlElement, url: str | None) -> dict:
    try:
        meta = _library_metadata(doc, url)
        if meta is not None and not meta.date:
            # Only a page whose markup names no date pays for the search through its text:
            # htmldate's extensive mode took 1.5 s on a page whose <meta> has the date anyway.
            from htmldate import find_date
            from trafilatura.settings import set_date_params

            token = _DATE_LANGUAGES.set(_date_languages(page_lang(doc)))
            try:
                meta.date = find_date(doc, **set_date_params(True), url=meta.url)
            finally:
                _DATE_LANGUAGES.reset(token)
    except Exception:  # a metadata bug must not cost the user the article
        LOGGER.exception("metadata extraction failed")
        meta = None
    get = (lambda name: getattr(meta, name, None) or None) if meta is not None else (lambda _: None)
    byline = restore_cut_names(clean_byline(get("author")), doc)
    tags = meta_values(doc)
    site = get("sitename") or tags.get("og:site_name") or tags.get("application-name")
    lang = page_lang(doc)
    return {
        # last resort: the first <h1>, whatever its length
        "title": page_title(doc, site, byline, tags) or clean_title(get("title"), site, byline)
        or clean_title(_attr(doc, "//h1//text()"), site),
        "byline": byline,
        "site_name": site,
        "published": get("date"),
        "lead_image": _absolute_url(get("image"), url),
        "description": unescape_html(get("description") or "") or None,
        # the page's own canonical address when it names one (tracking parameters and all gone)
        "url": _absolute_url(get("url"), url) or url,
        "lang": lang,
        "dir": text_direction(doc, lang),
    }


def shingles(text: str, n: int = 4) -> Counter:
    """Word 4-grams, the unit extraction benchmarks compare texts by."""
    words = _WORDS.findall(text)
    return Counter(tuple(words[i : i + n]) for i in range(max(len(words) - n + 1, 1)))


def containment(inner: str, outer: str) -> float:
    """Share of inner's shingles that outer also has."""
    a, b = shingles(inner), shingles(outer)
    return sum((a & b).values()) / max(sum(a.values()), 1)


def _too_small(first_text: str, first_words: int, page_prose: int, fallback_ratio: float) -> bool:
    """readability's pick is next to nothing, or a small part of the page's prose."""
    return first_words < FALLBACK_MIN_WORDS or len(first_text) < fallback_ratio * page_prose


def _prefer_second(first: HtmlElement | None, second: HtmlElement | None, page_prose: int,
                   fallback_ratio: float) -> bool:
    """Take trafilatura's block over readability's when readability's is inside it and smaller
    (readability picked a sub-block of the article: a section, the part before a figure), or
    when readability found next to nothing. The thresholds were chosen on Mozilla's test pages
    with scripts/quality."""
    if second is None:
        return False
    second_text = text_of(second)
    if first is None:
        return bool(second_text)
    first_text = text_of(first)
    first_words = count_words(first_text)
    if _too_small(first_text, first_words, page_prose, fallback_ratio):
        return len(second_text) > 1.2 * len(first_text)
    gain = len(_WORDS.findall(second_text)) / max(len(_WORDS.findall(first_text)), 1)
    if not SECOND_PASS_MIN_GAIN <= gain <= SECOND_PASS_MAX_GAIN:
        return False  # not more, or so much more that it swallowed the page around the article
    if link_density(second) > SECOND_PASS_MAX_LINKS:
        return False  # what it added is link lists
    if containment(first_text, second_text) < SECOND_PASS_CONTAINMENT:
        return False
    # what it added must hold sentences, not only a repeated headline, a sidebar or code lines
    return added_prose_words(first_text, second) >= SECOND_PASS_MIN_ADDED_PROSE * first_words


def _second_could_win(first: HtmlElement | None, doc: HtmlElement, page_prose: int,
                      fallback_ratio: float) -> bool:
    """Whether trafilatura is worth running: its pick replaces readability's only when that one is
    missing or small, or when it adds prose. trafilatura reads the article from the first block
    its own content paths point to (an <article>, an "entry-content" div...); when that block
    holds no sentence-like block that readability's pick lacks, its reading adds none, and its
    12 ms median are saved. On a page none of its paths reaches, the whole page is searched."""
    if first is None:
        return True
    first_text = text_of(first)
    first_words = count_words(first_text)
    if _too_small(first_text, first_words, page_prose, fallback_ratio):
        return True
    block = trafilatura_block(doc)
    if block is not None and text_of(block) in first_text:
        # the pick holds the whole block, so each of its blocks too (an element's text is a
        # piece of its ancestor's, whitespace collapsed or not): nothing to search
        return False
    kept = {text_of(el) for el in first.iter(*_TEXT_BLOCKS)}
    enough = SECOND_PASS_MIN_ADDED_PROSE * first_words
    return _lacks_prose(doc if block is None else block, kept, first_text, enough)


def _lacks_prose(root: HtmlElement, kept: set[str], first_text: str, enough: float) -> bool:
    """Whether root's sentence-like blocks missing from readability's pick hold enough words.
    A block the pick kept whole is a set lookup, not a search through its text (which made this
    quadratic on long pages), and the search stops once enough is missing."""
    missing = 0
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


_TEXT_BLOCKS = ("p", "li", "blockquote", "dd", "td", "h1", "h2", "h3", "h4", "h5", "h6", "div")


def _prose_blocks(root: HtmlElement) -> Iterator[tuple[str, int]]:
    """(text, words) of root's sentence-like blocks: 10+ words, closing punctuation."""
    for el in root.iter(*_TEXT_BLOCKS):
        if el.tag == "div" and holds(el, "p"):
            continue  # its paragraphs count on their own
        text = text_of(el)
        n = count_words(text)
        if n >= PROSE_MIN_WORDS and ends_like_sentence(text):
            yield text, n


def added_prose_words(first_text: str, second: HtmlElement) -> int:
    """Words in second's sentence-like blocks that first_text (whitespace collapsed, as text_of
    gives it) lacks."""
    return sum(_missing_prose(second, first_text))


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def is_hidden(el: HtmlElement) -> bool:
    """Readability.js's visibility test (never the page's <html> or <body>)."""
    return el.tag not in ("html", "body") and (
        el.get("hidden") is not None
        or bool(_HIDDEN_STYLE.search(el.get("style", "")))
        or (el.get("aria-hidden") == "true" and "fallback-image" not in el.get("class", ""))
    )


# the elements is_hidden could say yes to, found in C: most elements carry none of these
_MAYBE_HIDDEN = lxml.etree.XPath("descendant-or-self::*[@hidden or @style or @aria-hidden]")


def remove_hidden(doc: HtmlElement) -> int:
    """Drop what the reader cannot see, by Readability.js's own visibility test."""
    hidden = [el for el in _MAYBE_HIDDEN(doc) if is_hidden(el)]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    return len(hidden)


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
    """The page's address when links can be resolved against it (not data:, javascript:...)."""
    return url if url and urlsplit(url).scheme in ("http", "https", "file") else None


def _prepare(doc: HtmlElement) -> None:
    """What both extractors read: the page without what the reader cannot see, its links
    resolved against its <base> (as readability-lxml resolves them on its copy; trafilatura's
    block and the blocks restore.py copies from the page keep links as the page wrote them)."""
    remove_hidden(doc)
    unlink_headings(doc)
    doc.resolve_base_href(handle_failures="discard")


def second_opinion_markup(html: str, url: str | None) -> str | None:
    """trafilatura's block of a page, as extract() would ask for it, in markup: what a helper
    process (helper.py) reads while its worker reads the rest. The metadata step does not change
    the tree, so parsing and _prepare give trafilatura the same tree."""
    doc = parse_html(html)
    _prepare(doc)
    return trafilatura_markup(doc, usable_url(url))


def _second(doc: HtmlElement, url: str | None, helper: Answer | None) -> HtmlElement | None:
    if helper is not None:
        ok, markup = helper.markup()
        if ok:
            return None if markup is None else element_from_markup(markup)
    return trafilatura_pick(doc, url)


def extract(page: str | HtmlElement, url: str | None = None, *, fallback_ratio: float = 0.2,
            method: str = "auto", helper: Answer | None = None) -> Article:
    """Find the article in a page (its markup, or parse_html's tree of it, which this changes).
    Raises NoArticle when there is none to find.

    method: "auto" (readability, and trafilatura when readability's pick looks wrong),
    "readability" or "trafilatura" (one extractor only, for comparisons).
    helper: the page handed to a helper process (helper.ask), which reads trafilatura's block
    meanwhile; without one, trafilatura runs here when it is needed.
    """
    url = usable_url(url)
    doc = parse_html(page) if isinstance(page, str) else page
    meta = _metadata(doc, url)
    _prepare(doc)

    content = readability_pick(doc) if method in ("auto", "readability") else None
    extractor = "readability"
    page_prose = prose_chars(doc) if method != "readability" else 0
    if method == "trafilatura" or (method == "auto"
                                   and _second_could_win(content, doc, page_prose, fallback_ratio)):
        second = _second(doc, url, helper)
        if method == "trafilatura" or _prefer_second(content, second, page_prose, fallback_ratio):
            content, extractor = second, "trafilatura"
    if content is None or not text_of(content):
        raise NoArticle("No readable article was found on this page.")
    restore_blocks(doc, content)
    meta["dir"] = article_direction(doc, content) or meta["dir"]
    return Article(content=content, extractor=extractor, base_url=url or meta["url"], **meta)
