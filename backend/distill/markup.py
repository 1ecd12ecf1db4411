"""One lxml parser set-up for every tree Distill builds (the page, the extractors' picks, the
sanitized article)."""

from __future__ import annotations

import lxml.etree
import lxml.html

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
