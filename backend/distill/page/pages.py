"""Multi-page articles: where the next page is, and the pages stitched into one article.

The next page is the one the page names with rel=next, else a link in the page's pagination
(a block called pag*, or a link called next) that says "next", "›" or the page's number; either
way only an address that is this page's own with the page number one past it (?page=3 after
?page=2, /2 after the bare first page), as Postlight's parser reads pagination: a docs site's
rel=next (the next chapter) or a "next article" link is not a next page.

Stitched pages keep the first page's metadata; what a later page repeats (its headline, a
standfirst, a paragraph shown on every page) is left out.
"""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from lxml.html import HtmlElement

from .clean import text_of

_NEXT_TEXT = re.compile(r"^(?:next(?: page)?|suivant(?:e)?|weiter|nächste(?: seite)?|siguiente|التالي"
                        r"|›|»|→|>|>>)\s*[›»→>]*$", re.IGNORECASE)
_NOT_NEXT = re.compile(r"comment|reply|prev|newer|older|related|post-nav|article-nav", re.IGNORECASE)
# where a URL says its page number: ?page=2 (and its kin), /page/2, /2, -2, _2 at the path's end
_PAGE_KEYS = {"page", "p", "pg", "pagina", "seite", "paged", "pagenum"}
_PATH_PAGE = re.compile(r"(?:/page/|/|[-_])(\d{1,3})$")
# short links (a number, "next", an arrow): the only ones that can lead to the next page
_SHORT_LINKS = "//a[@href][string-length(normalize-space()) < 16]"
_PAGER = re.compile(r"pag|next", re.IGNORECASE)
BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figure", "table", "dd", "dt")


def _split(url: str) -> tuple[str | None, str, int | None]:
    """(host, the rest of the URL with its page number taken out, the page number or None)."""
    parts = urlsplit(url.split("#")[0])
    path = parts.path.rstrip("/")
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (key, value) in enumerate(query):
        if key.lower() in _PAGE_KEYS and value.isdigit():
            return parts.hostname, f"{path}?{urlencode(query[:i] + query[i + 1:])}", int(value)
    match = _PATH_PAGE.search(path)
    if match:
        return parts.hostname, f"{path[: match.start()]}?{parts.query}", int(match.group(1))
    return parts.hostname, f"{path}?{parts.query}", None


def _is_next(target: str, url: str) -> bool:
    """target is url's next page: the same address but for a page number one past url's (from
    a first page without one: page 2, or 1 where pages count from 0)."""
    host, stem, number = _split(url)
    t_host, t_stem, t_number = _split(target)
    if t_host != host or t_stem != stem or t_number is None:
        return False
    return t_number in (1, 2) if number is None else t_number == number + 1


def next_page_url(doc: HtmlElement, url: str | None) -> str | None:
    """The article's next page, or None. doc: the page as parsed, before extraction."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    # (<link> and <a> walked in C: an XPath for them tested every element of the page)
    for link in doc.iter("link", "a"):
        if link.get("rel") != "next" or link.get("href") is None:
            continue
        target = urljoin(url, link.get("href").strip())
        if _is_next(target, url):
            return target
    for a in doc.xpath(_SHORT_LINKS):
        label = (text_of(a) or a.get("aria-label", "") or a.get("title", "")).strip()
        if not (label.isdigit() or _NEXT_TEXT.match(label)):
            continue
        names = [f"{el.get('class', '')} {el.get('id', '')}" for el in (a, *islice(a.iterancestors(), 3))]
        if not any(_PAGER.search(n) for n in names) or any(_NOT_NEXT.search(n) for n in names):
            continue
        target = urljoin(url, a.get("href").strip())
        if _is_next(target, url):
            return target
    return None


def _key(el: HtmlElement) -> str:
    return " ".join(text_of(el).lower().split())


def stitch(first: HtmlElement, others: list[HtmlElement], title: str | None = None) -> None:
    """Append the later pages' content to the first's (which this changes), each block of
    theirs whose text the article already has (or that is its headline) left out."""
    seen = {_key(el) for el in first.iter(*BLOCKS)}
    if title:
        seen.add(" ".join(title.lower().split()))
    for content in others:
        for el in list(content.iter(*BLOCKS)):
            if el.getparent() is None:
                continue
            key = _key(el)
            if key and key in seen:
                el.drop_tree()
            elif key:
                seen.add(key)
        if text_of(content):
            first.append(content)
