"""What a page says about itself: headline, byline, dates, direction (page/metadata.py)."""

from __future__ import annotations

import lxml.html
import pytest
from support import distinct_paragraphs, page

from distill.page.extract import extract
from distill.page.metadata import clean_title, page_metadata
from distill.page.parse import (
    parse_html,
)


def test_metadata_comes_from_the_pages_own_tags():
    a = extract(page("cluttered_news.html"), "https://coastline-herald.example/news/x")
    assert a.title == "Harbor city approves floating solar farm on old reservoir"
    assert a.byline == "Maria Delgado"
    assert a.site_name == "The Coastline Herald"
    assert a.published == "2025-03-14"
    assert a.lang == "en"
    assert a.lead_image == "https://coastline-herald.example/images/solar-reservoir.jpg"
    assert a.description.startswith("The council voted 7-2")
    assert a.url == "https://coastline-herald.example/news/2025/03/14/floating-solar-farm"  # canonical


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Big news today | The Daily", "The Daily", "Big news today"),
        ("Big news today - The Daily", "The Daily", "Big news today"),
        ("The Daily: Big news today", "The Daily", "Big news today"),
        ("Big news - what it means for you", "The Daily", "Big news - what it means for you"),
        ("Plain headline", None, "Plain headline"),
        ("Whales strand again | Eleanor Roy", "The Guardian", "Whales strand again"),
    ],
)
def test_title_loses_the_site_name(title, site, expected):
    assert clean_title(title, site, byline="Eleanor Roy") == expected


def _head(head: str, body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        # the page's one <h1> is a blog's greeting, not the headline
        ("<title>Get your Frontend JavaScript Code Covered | Code</title>", "<h1>Hi, I'm Nicolas.</h1>",
         "Get your Frontend JavaScript Code Covered | Code"),
        ('<meta property="og:title" content="Babies Who Eat Peanuts Early May Avoid Allergy">',
         "<h1>Allergies Health Center</h1>", "Babies Who Eat Peanuts Early May Avoid Allergy"),
        # Dublin Core first, then Open Graph, as Readability.js; a property may list several keys
        ('<meta property="og:title twitter:title" content="A title">'
         '<meta property="x:title dc:title" content="Preferred title">', "", "Preferred title"),
        # og:site_name names the suffix to drop
        ('<meta property="og:title" content="Snopes checker speaks - Breitbart">'
         '<meta property="og:site_name" content="Breitbart">', "", "Snopes checker speaks"),
        # Wikipedia's JSON-LD "headline" is its kind of page; "name" is what the <title> says
        ('<title>List of films featuring time loops - Wikipedia</title><script type="application/ld+json">'
         '{"@type": "Article", "name": "List of films featuring time loops", '
         '"headline": "Wikimedia list article"}</script>', "", "List of films featuring time loops"),
        # a <title> too short to be a headline gives way to a long enough single <h1>
        ("<title>Home</title>", "<h1>City council approves the new budget for schools</h1>",
         "City council approves the new budget for schools"),
        ("<title>RTL Test</title>", "<h1>Lorem</h1>", "RTL Test"),
    ],
)
def test_page_title_prefers_the_publishers_statements_over_a_lone_h1(head, body, expected):
    assert page_metadata(_head(head, body), None)["title"] == expected


def test_right_to_left_pages_keep_their_direction():
    a = extract(page("arabic_news.html"))
    assert (a.lang, a.dir) == ("ar", "rtl")


@pytest.mark.parametrize("markup", [
    '<html dir="ltr"><body dir="rtl">{}</body></html>',
    '<html><body><main dir="rtl">{}</main></body></html>',
])
def test_direction_is_the_one_the_article_sits_under(markup):
    text = "".join(f"<p>هذه فقرة طويلة رقم {i} من نص المقال تكفي ليكون نثرا حقيقيا للقارئ هنا.</p>"
                   for i in range(8))
    assert extract(markup.format(text)).dir == "rtl"


@pytest.mark.parametrize(("raw", "clean"), [
    ("Nathan Willis March 25, 2015", "Nathan Willis"),
    ("Aleš Vávra před", "Aleš Vávra"),
    ("Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"),
    ("Joe Wee Monday; February", "Joe Wee"),
    ("Theresa May", "Theresa May"),
    ("Username", None),
    ("Last Updated January 7", None),
])
def test_bylines_are_names_only(raw, clean):
    from distill.page.metadata import clean_byline

    assert clean_byline(raw) == clean


def test_entities_in_metadata_are_unescaped():
    body = "<p>" + "The council approved the new budget on Monday after a long debate. " * 5 + "</p>"
    ld = '{"@type": "NewsArticle", "headline": "Budget approved &mdash; at last"}'
    html = (f'<html><head><title>x</title><script type="application/ld+json">{ld}</script>'
            '<meta name="description" content="Schools &amp;amp; roads"></head>'
            f"<body><article>{body}{body.replace('council', 'mayor')}</article></body></html>")
    article = extract(html)
    assert article.title == "Budget approved — at last"
    assert article.description == "Schools & roads"


@pytest.mark.parametrize("markup, byline", [
    ('<div class="byline">By Time of India</div>', "Time of India"),
    ('<a rel="author">The Times of India</a>', "The Times of India"),
    ('<meta name="author" content="Press Trust of India">', "Press Trust of India"),
    ('<meta name="author" content="Jane Smith of Reuters">', "Jane Smith"),
    ('<span class="byline">Time of India | Sep 1, 2008</span>', "Time of India"),
])
def test_a_source_named_x_of_y_keeps_its_whole_name(markup, byline):
    """trafilatura cuts an affiliation at ' of ' ('Jane Smith of Reuters'), which also cut the
    source 'Time of India' to the byline 'Time'."""
    doc = _head("<title>Monsoon arrives early</title>" + (markup if "<meta" in markup else ""),
                (markup if "<meta" not in markup else "") + "<p>" + "Rain fell across the state. " * 20 + "</p>")
    assert page_metadata(doc, None)["byline"] == byline


def test_a_page_that_declares_its_language_has_its_dates_read_in_it():
    """The text search for a date reads the page's language and English, not ~200 languages."""
    from distill.page.metadata import _date_languages, _date_parser, _external_date

    assert _date_languages("de-DE") == ("de", "en")
    assert _date_languages("en") == ("en",)
    assert _date_languages(None) is None and _date_languages("xx-unknown") is None
    assert _date_parser(("de", "en")).languages == ["de", "en"]
    html = ("<html lang='de'><body><article>" + distinct_paragraphs(6)
            + "<p>Veröffentlicht am 12. März 2019 in der Redaktion.</p></article></body></html>")
    assert extract(html).published == "2019-03-12"
    assert _external_date("12. März 2019") is not None  # no language given: all are tried


@pytest.mark.parametrize("name", ["cluttered_news.html", "rich_article.html", "german_news.html",
                                  "french_news.html", "arabic_news.html", "tail_blocks.html"])
def test_metadata_steps_give_what_trafilatura_s_extract_metadata_gives(name):
    """_library_metadata is extract_metadata less categories, tags and licence: the fields Distill
    reads must stay the library's (this fails first if an upgrade changes its steps)."""
    from trafilatura.metadata import extract_metadata

    from distill.page.metadata import _library_metadata

    ours = _library_metadata(parse_html(page(name)), "https://news.example/a")
    theirs = extract_metadata(parse_html(page(name)), default_url="https://news.example/a",
                              extensive=False)
    for field in ("title", "author", "url", "sitename", "date", "image", "description"):
        assert getattr(ours, field) == getattr(theirs, field), field


def test_the_date_search_through_a_page_reads_its_first_part(monkeypatch):
    """htmldate's extensive search reads the whole serialized page (1.5 s of a 5 MB one): it gets
    the first EXTENSIVE_DATE_MAX_CHARS of a page whose markup names no date."""
    from distill.page import metadata
    from distill.page.parse import parse_html

    dated = "<p>Posted on 12 March 2024 by the editors.</p>"
    head = "<html><body><article><h1>Harbour wall repaired</h1>"
    html = head + dated + distinct_paragraphs(4) + "</article></body></html>"
    late = head + distinct_paragraphs(4) + dated + "</article></body></html>"
    assert metadata.page_metadata(parse_html(html), None)["published"] == "2024-03-12"
    assert metadata.page_metadata(parse_html(late), None)["published"] == "2024-03-12"
    monkeypatch.setattr(metadata, "EXTENSIVE_DATE_MAX_CHARS", len(head) + len(dated) + 50)
    assert metadata.page_metadata(parse_html(html), None)["published"] == "2024-03-12"
    assert metadata.page_metadata(parse_html(late), None)["published"] is None
