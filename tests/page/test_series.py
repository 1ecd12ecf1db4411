"""A pick that is one block of a series alike grows to the series' parent (page/series.py)."""

from __future__ import annotations

import lxml.html

from distill.page.clean import text_of
from distill.page.extract import _whole_series
from distill.page.parse import parse_html
from distill.page.series import series_parent


def _panel(i: int, cls: str = "accordion") -> str:
    paragraphs = "".join(f"<p>Step {i} explains part {k} of the work with enough words to be prose.</p>"
                         for k in range(3))
    return (f"<div class='{cls}'><button>Step {i}</button><div role=region>"
            f"<div class=rich>{paragraphs}</div></div></div>")


def _guide(panels: str, box: str = "mb") -> str:
    intro = "<div class=rich><p>The intro says what the guide covers, in words enough to count.</p></div>"
    return (f"<html><body><nav><a href='/'>Home</a></nav><div class=column>{intro}"
            f"<div class={box}><div class=list>{panels}</div></div>"
            f"<div class={box}><p>A boxed question and its answer, told in a sentence or two.</p></div>"
            f"<div class={box}><p>Another boxed tip for the reader, told in a sentence or two.</p></div>"
            f"</div><footer>Footer text</footer></body></html>")


def _pick_of(doc: lxml.html.HtmlElement, i: int) -> lxml.html.HtmlElement:
    """readability's pick: a copy of one panel's rich text, classes gone."""
    source = next(el for el in doc.iter("div") if el.get("class") == "rich" and f"Step {i} " in text_of(el))
    return lxml.html.fragment_fromstring(
        "<div><div>" + "".join(lxml.html.tostring(p, encoding="unicode") for p in source) + "</div></div>")


def test_one_panel_of_an_accordion_grows_to_the_guide_around_the_series():
    doc = parse_html(_guide("".join(_panel(i) for i in range(4))))
    grown = series_parent(doc, _pick_of(doc, 2))
    assert grown is not None
    text = text_of(grown)
    # the panels' list is one of the column's boxes alike: the whole column is the article
    assert all(f"Step {i} explains" in text for i in range(4)) and "The intro" in text
    assert "Home" not in text and "Footer" not in text
    assert grown.getparent() is None  # a copy: restore.py inserts into it, not into the page


def test_a_block_with_no_siblings_alike_or_a_series_of_links_does_not_grow():
    doc = parse_html(_guide(_panel(0) + _panel(1, "other") + _panel(2, "more")))
    assert series_parent(doc, _pick_of(doc, 0)) is None
    teasers = "".join(f"<div class=card><p><a href='/s{i}'>Story {i} is a teaser with a long enough "
                      f"headline to read as prose.</a></p></div>" for i in range(5))
    doc = parse_html(f"<html><body><div class=list>{teasers}</div></body></html>")
    pick = lxml.html.fragment_fromstring("<div><p>Story 1 is a teaser with a long enough headline to "
                                         "read as prose.</p></div>")
    assert series_parent(doc, pick) is None


def test_the_series_is_taken_for_a_pick_too_small_when_it_holds_trafilatura_s_too():
    doc = parse_html(_guide("".join(_panel(i) for i in range(4))))
    pick = _pick_of(doc, 2)
    intro = lxml.html.fragment_fromstring(
        "<div><h1>The guide</h1><p>The intro says what the guide covers, in words enough to count.</p>"
        + "".join(f"<p>Step 0 explains part {k} of the work with enough words to be prose.</p>" for k in range(3))
        + "</div>")
    reviews = lxml.html.fragment_fromstring(
        "<div><p>A product's description, which no panel of the guide holds at all.</p></div>")
    grown = _whole_series(doc, pick, intro, page_prose=10_000, fallback_ratio=0.2)
    assert grown is not None and "Step 3 explains" in text_of(grown)
    assert _whole_series(doc, pick, None, page_prose=10_000, fallback_ratio=0.2) is not None
    # trafilatura's pick is elsewhere (a product page's description beside its reviews): no series
    assert _whole_series(doc, pick, reviews, page_prose=10_000, fallback_ratio=0.2) is None
    big = lxml.html.fragment_fromstring("<div>" + "".join(
        f"<p>Paragraph {k} of a long enough story with more than enough words to count.</p>"
        for k in range(12)) + "</div>")
    assert _whole_series(doc, big, None, page_prose=1_000, fallback_ratio=0.2) is None  # not too small
