"""What a page says about itself, for the reader view's header: headline, byline, site name,
date, lead image, description, canonical address, language and text direction.

Metadata comes from trafilatura's metadata module (og:, article:, JSON-LD and <meta> tags) and
htmldate, with Distill's rules on top: the publisher's headline over the page's lone <h1>, a
byline of names only, dates read in the page's own language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import lru_cache
from html import unescape as unescape_html
from urllib.parse import urljoin, urlsplit

from lxml.etree import tostring
from lxml.html import HtmlElement, document_fromstring

from ..text import primary_language
from .author import find_author
from .clean import LONE_DATE, text_of, title_similarity

LOGGER = logging.getLogger(__name__)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·•»]\s+|\s*:\s+")
_RTL_LANGS = {"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ku"}


def _attr(doc: HtmlElement, xpath: str) -> str | None:
    return _first_value(doc.xpath(xpath))


def _first_value(values: Iterable[str | None]) -> str | None:
    """The first of values with text, its whitespace collapsed."""
    for value in values:
        value = " ".join(str(value or "").split())
        if value:
            return value
    return None


# A "//tag" XPath tests every element of the page in libxml2, about 0.2 ms on a median page; a
# walk for one tag (lxml's iter(tag)) is done in C without that, in the same page order. The
# metadata asks three such questions of every page: the <title>, the JSON-LD and the body's dir.
def _titles(doc: HtmlElement, in_head: bool) -> Iterator[str | None]:
    """The text of the page's <title>s (those of its <head> only, or all), as "//head/title//text()"
    or "//title//text()" gives it: a title holds text alone (the parser reads it as raw text)."""
    titles = (t for head in doc.iter("head") for t in head.iterchildren("title")) if in_head \
        else doc.iter("title")
    for title in titles:
        yield from title.xpath(".//text()")


def _json_ld_scripts(doc: HtmlElement) -> Iterator[str]:
    """The text of the page's JSON-LD scripts ("//script[@type='application/ld+json']/text()")."""
    for script in doc.iter("script"):
        if script.get("type") == "application/ld+json":
            yield from script.xpath("text()")


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
    declared = (_first_value(body.get("dir") for body in doc.iter("body"))
                or _attr(doc, "/html/@dir")) if doc is not None else None
    if declared and declared.lower() in ("rtl", "ltr"):
        return declared.lower()
    if primary_language(lang, default="") in _RTL_LANGS:
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
    try:  # a malformed address ("http://[::1") is a ValueError in urllib, with a base or without
        value = urljoin(base, value) if base else value
        return value if urlsplit(value).scheme in ("http", "https") else None
    except ValueError:
        return None


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

    for script in _json_ld_scripts(doc):
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
    document_title = (_first_value(_titles(doc, in_head=True))
                      or _first_value(_titles(doc, in_head=False)) or "")
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

    base = primary_language(lang, default="")
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


# htmldate's extensive search runs its patterns over the whole serialized page, about 0.5 s of a
# core per MB (1.5 s of a 5 MB page that is mostly a script): it reads the page's first this many
# characters, where a page that names its date in its text names it. Every page of the dev sets
# under it reads the same; the larger Mozilla pages name their dates in markup.
EXTENSIVE_DATE_MAX_CHARS = 500_000


def _date_search_input(doc: HtmlElement) -> HtmlElement:
    html = tostring(doc, encoding="unicode")
    if len(html) <= EXTENSIVE_DATE_MAX_CHARS:
        return doc
    return document_fromstring(html[:EXTENSIVE_DATE_MAX_CHARS])


def page_metadata(doc: HtmlElement, url: str | None) -> dict:
    """The page's own account of itself (headline, byline, site, date, lead image, description,
    canonical URL, language, direction); a field it does not give is None."""
    try:
        meta = _library_metadata(doc, url)
        if meta is not None and not meta.date:
            # Only a page whose markup names no date pays for the search through its text:
            # htmldate's extensive mode took 1.5 s on a page whose <meta> has the date anyway.
            from htmldate import find_date
            from trafilatura.settings import set_date_params

            token = _DATE_LANGUAGES.set(_date_languages(page_lang(doc)))
            try:
                meta.date = find_date(_date_search_input(doc), **set_date_params(True), url=meta.url)
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
