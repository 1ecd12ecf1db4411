"""Documentation pages (reference docs, guides, API pages): recognised so that the choice between
the two extractors (extract.py) may take the whole documentation body.

readability-lxml credits each paragraph to its parent, so on a reference page it picks the one
block that holds the most paragraphs: a class's description, a recipe's code, one section. The
documentation body around it is often several times longer. On a news page a second pick that
much longer is the page around the article (comments, teasers), and extract.py refuses it; on a
documentation page it is the rest of the reference, and it wins.

A page is documentation by what made it (a docs generator's <meta name="generator">, a docs
theme's class names), by where it lives (a docs path or host), or by what the longer pick holds:
several code blocks, which news pages and forum threads seldom have.
"""

from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urlsplit

import lxml.etree
from lxml.html import HtmlElement

# Site generators and API-doc tools that make documentation, not articles (<meta name="generator">)
DOCS_GENERATORS = re.compile(
    r"\b(?:sphinx|docutils|mkdocs|docusaurus|gitbook|rustdoc|javadoc|jsdoc|doxygen|starlight|"
    r"vitepress|vuepress|nextra|mintlify|docfx|bookdown|antora|redoc)\b", re.I)
# A docs host (docs.example.org) or a docs folder in the path (/docs/, /api/, /reference/...)
DOCS_HOST = re.compile(r"^(?:docs?|developers?|devdocs|api|manual|man)\.", re.I)
DOCS_PATH = re.compile(
    r"/(?:docs?|documentation|api|apis|reference|references|manual|man-?pages|guides?|"
    r"tutorials?|library|handbook|sdk)(?:/|$)", re.I)
# Class names docs themes give their content (Sphinx/Read the Docs, MkDocs Material, Docusaurus,
# rustdoc, GitBook, VitePress): callout boxes, permalink marks, the sidebar table of contents
DOCS_CLASSES = ("admonition", "headerlink", "toctree-l1", "sphinxsidebar", "rst-content", "md-content",
                "theme-doc-markdown", "rustdoc", "docblock", "vp-doc", "markdown-section", "docs-content")
_DOCS_CLASS_XPATH = lxml.etree.XPath(
    "boolean(//*[@class][" + " or ".join(
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')" for name in DOCS_CLASSES)
    + "])")
# Code blocks that make a pick a documentation body, whatever the page says of itself
DOCS_MIN_CODE_BLOCKS = 3


# Wiki engines (<meta name="generator">): a wiki's page is reference material, whatever it holds
WIKI_GENERATORS = re.compile(r"\b(?:mediawiki|dokuwiki|moinmoin|xwiki|tiddlywiki|wiki\.js)\b", re.I)


def _generated_by(doc: HtmlElement, names: re.Pattern) -> bool:
    """One of names in the page's <meta name="generator">."""
    for meta in doc.iter("meta"):
        if (meta.get("name") or "").lower() == "generator" and names.search(meta.get("content") or ""):
            return True
    return False


def made_by_docs_tool(doc: HtmlElement) -> bool:
    """A docs generator's name in the page's <meta name="generator">, or a docs theme's classes."""
    return _generated_by(doc, DOCS_GENERATORS) or bool(_DOCS_CLASS_XPATH(doc))


def reference_page(doc: HtmlElement, url: str | None) -> bool:
    """Documentation or a wiki's page (by its address, its generator or its theme): a list of
    links there (a reading list under the page's own section headings, a manual's index) is
    what the page is for, not the teasers of a home or section page. Asked only of a page that
    reads as a listing, so its search of the whole page is rare."""
    return docs_address(url) or _generated_by(doc, WIKI_GENERATORS) or made_by_docs_tool(doc)


def docs_address(url: str | None) -> bool:
    """A docs host or a docs folder in the page's address."""
    if not url:
        return False
    try:
        parts = urlsplit(url)
        return bool(DOCS_HOST.match(parts.hostname or "") or DOCS_PATH.search(parts.path))
    except ValueError:  # a malformed address ("http://[::1")
        return False


def holds_code(el: HtmlElement) -> bool:
    """Several code blocks: reference material, whatever the page is called."""
    return next(islice(el.iter("pre"), DOCS_MIN_CODE_BLOCKS - 1, None), None) is not None


def documentation_body(doc: HtmlElement, url: str | None, pick: HtmlElement) -> bool:
    """Whether pick (an extractor's block of the page doc, read from url) is a documentation
    body: the page is documentation, or the pick holds several code blocks."""
    return holds_code(pick) or docs_address(url) or made_by_docs_tool(doc)


def documentation_page(doc: HtmlElement, content: HtmlElement, url: str | None) -> bool:
    """Whether a page whose article is content is documentation, cheaply enough to ask of every
    page: its address, its generator, or a docs theme's classes within the article (searching
    the whole page for them, as made_by_docs_tool does, takes 9 ms on a median page)."""
    if docs_address(url) or _generated_by(doc, DOCS_GENERATORS):
        return True
    return any(name in DOCS_CLASSES for el in content.iter() if (cls := el.get("class"))
               for name in cls.split())
