from __future__ import annotations

import lxml.html
import pytest
from conftest import page

from distill.errors import NoArticle
from distill.extract import (
    MAX_DEPTH,
    clean_title,
    decode_html,
    extract,
    looks_binary,
    max_depth,
    parse_html,
    too_deep,
    unlink_headings,
)
from distill.restore import restore_blocks
from distill.summarize import read_page


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
    from distill.extract import _metadata

    assert _metadata(_head(head, body), None)["title"] == expected


def test_right_to_left_pages_keep_their_direction():
    a = extract(page("arabic_news.html"))
    assert (a.lang, a.dir) == ("ar", "rtl")


def test_declared_charset_is_honoured():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>'
    assert "Café crème" in decode_html(html.encode("iso-8859-1"))


def test_utf8_without_declaration_and_bom():
    assert decode_html("\ufeff<p>naïve</p>".encode()) == "<p>naïve</p>"
    assert decode_html("<p>naïve</p>".encode()) == "<p>naïve</p>"


@pytest.mark.parametrize("junk", [bytes(range(256)) * 200, b"\x00" * 1000, b"\x89PNG\r\n\x1a\n" + bytes(5000)])
def test_binary_junk_is_not_html(junk):
    assert looks_binary(decode_html(junk))
    with pytest.raises(NoArticle) as err:
        extract(decode_html(junk))
    assert err.value.code == "not_html"


@pytest.mark.parametrize("html", ["", "   \n", "<!-- nothing -->"])
def test_empty_page(html):
    with pytest.raises(NoArticle) as err:
        extract(html)
    assert err.value.code == "empty_page"


def test_page_without_an_article():
    from distill.summarize import read_page

    with pytest.raises(NoArticle) as err:
        read_page(page("no_article.html"))
    assert err.value.status == 422


def _distinct_paragraphs(n: int = 5) -> str:
    return "".join(
        f"<p>Paragraph {i} tells part of the story with enough words to count as real prose here.</p>"
        for i in range(n)
    )


def test_deep_wrapper_chains_are_unwrapped_not_lost():
    html = "<html><body>" + "<div>" * 600 + _distinct_paragraphs() + "</div>" * 600 + "</body></html>"
    doc = parse_html(html)
    assert max_depth(doc) < 20
    assert "Paragraph 4 tells" in extract(html).content.text_content()


@pytest.mark.parametrize("extra", [-2, -1, 0, 1, 2, 50])
def test_too_deep_is_max_depth_past_the_limit(extra):
    n = MAX_DEPTH + extra  # the html element is depth 0, body 1, the divs below it
    doc = lxml.html.document_fromstring("<html><body>" + "<div>" * n + "x" + "</div>" * n,
                                        parser=lxml.html.HTMLParser(huge_tree=True))
    assert too_deep(doc) == (max_depth(doc) > MAX_DEPTH)


@pytest.mark.parametrize("depth", [400, 5000])
def test_pages_nested_too_deep_get_a_clear_error(depth):
    html = "<html><body>" + "<div>x" * depth + _distinct_paragraphs() + "</div>" * depth + "</body></html>"
    with pytest.raises(NoArticle) as err:
        extract(html)
    assert err.value.code == "too_deep"


def test_control_characters_and_lone_surrogates_do_not_break_parsing():
    html = "<html><body><article>" + _distinct_paragraphs().replace("story", "st\x00ory\ud800") + "</article></body></html>"
    text = extract(html).content.text_content()
    assert "story" in text and "\x00" not in text


def test_one_search_decides_whether_the_binary_test_and_the_character_cleanup_run():
    """parse_html skips both when _SUSPECT finds nothing: each must then have nothing to do."""
    import random

    from distill.extract import _SUSPECT, clean_markup

    rng = random.Random(4)
    odd = [chr(c) for c in [*range(0, 32), 0x7F, 0xFFFD, 0xD800, 0xDBFF, 0xDC00, 0xDFFF]]
    plain = [*"<p>abc é中 </p>\n\t\r", "\u2028", "\x85", "\xa0", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rng.choice(odd if rng.random() < 0.05 else plain) for _ in range(rng.randint(0, 40)))
        if _SUSPECT.search(text) is None:
            assert not looks_binary(text) and clean_markup(text, unsafe=False) == clean_markup(text)
    with pytest.raises(NoArticle) as err:  # and when it finds something, they run
        parse_html("<p>x</p>" + "\x01" * 5000)
    assert err.value.code == "not_html"
    assert "\x00" not in lxml.html.tostring(parse_html("<p>a\x00b</p>"), encoding="unicode")


def test_too_small_readability_pick_falls_back_to_trafilatura(monkeypatch):
    import distill.extract as ex

    monkeypatch.setattr(ex, "readability_pick", lambda doc: None)
    a = extract(page("cluttered_news.html"))
    assert a.extractor == "trafilatura"
    assert "floating solar panels" in a.content.text_content()


def test_remove_hidden_finds_every_element_the_visibility_test_would():
    import random

    from distill.extract import _MAYBE_HIDDEN, is_hidden

    rng = random.Random(3)
    attrs = ["hidden", "hidden=''", "style='display:none'", "style='visibility: hidden'",
             "style='color: red'", "aria-hidden='true'", "aria-hidden='false'",
             "class='fallback-image' aria-hidden='true'", "class='x'", ""]
    tags = ["div", "p", "span", "img", "section", "body", "html", "svg"]
    for _ in range(40):
        markup = "".join(f"<{rng.choice(tags)} {rng.choice(attrs)}>t" for _ in range(60))
        doc = lxml.html.document_fromstring(f"<html {rng.choice(attrs)}><body {rng.choice(attrs)}>"
                                            f"{markup}<!-- c --></body></html>")
        every = [el for el in doc.iter() if isinstance(el.tag, str) and is_hidden(el)]
        assert [el for el in _MAYBE_HIDDEN(doc) if is_hidden(el)] == every


def test_hidden_nodes_never_reach_the_article():
    html = ("<html><body><article>" + _distinct_paragraphs(6)
            + '<p style="display: none">Secret hidden paragraph that a reader never sees on the page.</p>'
            + '<div hidden><p>Another hidden paragraph with plenty of words to look like prose.</p></div>'
            + '<p aria-hidden="true">Screen readers skip this paragraph and so does the reader view.</p>'
            + "</article></body></html>")
    text = extract(html).content.text_content()
    assert "Paragraph 5 tells" in text
    assert "Secret" not in text and "Another hidden" not in text and "Screen readers" not in text


def test_second_pass_wins_only_when_it_holds_the_first_and_more():
    from distill.extract import _prefer_second

    small, big = lxml_div(_distinct_paragraphs(10)), lxml_div(_distinct_paragraphs(20))
    assert _prefer_second(small, big, page_prose=0, fallback_ratio=0.2)  # readability kept a sub-block
    assert not _prefer_second(big, small, page_prose=0, fallback_ratio=0.2)
    other = lxml_div("".join(f"<p>Unrelated comment number {i} says something else entirely here.</p>"
                             for i in range(40)))
    assert not _prefer_second(small, other, page_prose=0, fallback_ratio=0.2)  # bigger, but elsewhere
    # more only by a repeated headline and a sidebar of short link lines: not worth switching for
    chrome = "<h1>Minecraft 1.8 The Bountiful Update</h1>" + "".join(
        f'<a href="/l{i}">Official link {i}</a><br>' for i in range(8))
    padded = lxml_div(chrome + _distinct_paragraphs(10))
    assert not _prefer_second(small, padded, page_prose=0, fallback_ratio=0.2)


def lxml_div(html):
    import lxml.html

    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_utf8_bytes_win_over_a_stale_declared_charset():
    html = '<html><head><meta charset="gb2312"></head><body><p>谷歌的人工智能</p></body></html>'
    assert "谷歌的人工智能" in decode_html(html.encode("utf-8"))
    assert "谷歌的人工智能" in decode_html(html.encode("gb2312"))


def test_link_heavy_list_between_kept_paragraphs_comes_back():
    # readability-lxml drops this bug list as "too many links"; Readability.js keeps it
    text = read_page(page("release_notes.html"), require_summary=False).plain_text()
    bugs = text.index("Bug 1201 Predictions drifted")
    assert text.index("most often are below.") < bugs < text.index("Bug 1152") < text.index("If you maintain")
    assert text.count("Bug 1201") == 1


def test_headings_linked_to_the_table_of_contents_are_kept_as_text():
    reading = read_page(page("release_notes.html"), require_summary=False)
    text = reading.plain_text()
    for heading in ("What changed in the solver", "Fixed bugs", "Looking ahead"):
        assert heading in text
    assert "¶" not in text
    assert "Other Project News" not in text and "ocean software conference" not in text


def test_unlink_headings_keeps_links_to_other_pages():
    doc = lxml.html.fragment_fromstring(
        '<h2><a href="#s1">Section</a><a class="headerlink" href="#s1">¶</a></h2>'
        '<h3><a href="/elsewhere">Teaser</a></h3>', create_parent="div")
    assert unlink_headings(doc) == 2
    assert doc.find("h2").text_content() == "Section" and doc.find("h2").find("a") is None
    assert doc.find("h3").find("a") is not None


def _blocks(*texts: str) -> str:
    return "".join(f"<p>{t} is a paragraph with enough words to anchor on.</p>" for t in texts)


def test_restore_needs_both_neighbours_kept_and_adjacent():
    lst = "<ul><li>one two three</li><li>four five six</li></ul>"
    source = lxml.html.fragment_fromstring(
        "<div>" + lst + _blocks("Alpha") + lst.replace("one", "uno") + _blocks("Beta", "Gamma")
        + lst.replace("one", "eins") + _blocks("Delta") + "</div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta", "Delta"), create_parent="div")
    assert restore_blocks(source, content) == 1  # only the list between Alpha and Beta
    text = content.text_content()
    assert "uno" in text and "eins" not in text and "one two" not in text
    assert text.index("Alpha") < text.index("uno") < text.index("Beta")


def test_page_cut_off_inside_its_head_has_no_article():
    # readability-lxml hands back the whole <head>-only document, which is not a fragment
    html = "<html><head><meta charset='utf-8'><title>Cut off</title>\n<meta name='x' content='y'>\n"
    with pytest.raises(NoArticle):
        extract(html)


def _figure(caption: str, media: str = '<img src="https://img.example/p.jpg" alt="">') -> str:
    return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"


def test_restore_puts_back_figures_between_columns_but_not_video_captions():
    # newspapers split the body into columns around each figure; the pick keeps the columns
    photo = _figure("A worker repairs underground cables in Queens this month.")
    video = _figure("Media caption The president speaks about the new law",
                    '<iframe src="https://player.example/v"></iframe>')
    source = lxml.html.fragment_fromstring(
        f"<div><div class='col'>{_blocks('Alpha')}</div><div><div>{photo}</div></div>"
        f"<div class='col'>{_blocks('Beta')}</div>{video}<div class='col'>{_blocks('Gamma')}</div></div>",
        create_parent="body")
    content = lxml.html.fragment_fromstring(
        f"<div><div>{_blocks('Alpha')}</div><div>{_blocks('Beta')}</div><div>{_blocks('Gamma')}</div></div>")
    assert restore_blocks(source, content) == 1
    text = content.text_content()
    assert text.index("Alpha") < text.index("underground cables") < text.index("Beta")
    assert content.find(".//figure/img") is not None
    assert "Media caption" not in text


def test_restore_brings_back_a_run_of_lost_blocks_in_order():
    # a buyer's guide: each linked product heading and its video are dropped, the reviews kept
    source = lxml.html.fragment_fromstring(
        "<div>" + _blocks("Alpha") + '<h3><a href="https://shop.example/rez">Rez Infinite ($30)</a></h3>'
        + _figure("The Rez trailer shows the new Area X mode in motion.") + _blocks("Beta")
        + "<h3>One</h3>" + _blocks("Gamma") + "</div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta", "Gamma"), create_parent="div")
    assert restore_blocks(source, content) == 2
    text = content.text_content()
    assert text.index("Alpha") < text.index("Rez Infinite") < text.index("Area X") < text.index("Beta")
    assert "One" not in text  # a one-word heading is not worth the risk


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
    from distill.extract import clean_byline

    assert clean_byline(raw) == clean


@pytest.mark.parametrize("declaration", ['<?xml version="1.0" encoding="iso-8859-1"?>',
                                         "  <?XML version='1.0' encoding='utf-8' standalone='yes' ?>"])
def test_xhtml_with_an_encoding_declaration_is_read(declaration):
    """Unicode text that still carries its bytes' encoding declaration made lxml refuse the page."""
    body = "<p>" + "The council approved the new budget on Monday after a long debate. " * 5 + "</p>"
    html = (declaration + '\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Budget approved</title></head>'
            f"<body><article>{body}{body.replace('council', 'mayor')}</article></body></html>")
    article = extract(html)
    assert article.title == "Budget approved"
    assert "mayor approved" in article.content.text_content()


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
    from distill.extract import _metadata

    doc = _head("<title>Monsoon arrives early</title>" + (markup if "<meta" in markup else ""),
                (markup if "<meta" not in markup else "") + "<p>" + "Rain fell across the state. " * 20 + "</p>")
    assert _metadata(doc, None)["byline"] == byline


def test_a_page_that_declares_its_language_has_its_dates_read_in_it():
    """The text search for a date reads the page's language and English, not ~200 languages."""
    from distill.extract import _date_languages, _date_parser, _external_date

    assert _date_languages("de-DE") == ("de", "en")
    assert _date_languages("en") == ("en",)
    assert _date_languages(None) is None and _date_languages("xx-unknown") is None
    assert _date_parser(("de", "en")).languages == ["de", "en"]
    html = ("<html lang='de'><body><article>" + _distinct_paragraphs(6)
            + "<p>Veröffentlicht am 12. März 2019 in der Redaktion.</p></article></body></html>")
    assert extract(html).published == "2019-03-12"
    assert _external_date("12. März 2019") is not None  # no language given: all are tried


@pytest.mark.parametrize("name", ["cluttered_news.html", "rich_article.html", "german_news.html",
                                  "french_news.html", "arabic_news.html", "tail_blocks.html"])
def test_metadata_steps_give_what_trafilatura_s_extract_metadata_gives(name):
    """_library_metadata is extract_metadata less categories, tags and licence: the fields Distill
    reads must stay the library's (this fails first if an upgrade changes its steps)."""
    from trafilatura.metadata import extract_metadata

    from distill.extract import _library_metadata

    ours = _library_metadata(parse_html(page(name)), "https://news.example/a")
    theirs = extract_metadata(parse_html(page(name)), default_url="https://news.example/a",
                              extensive=False)
    for field in ("title", "author", "url", "sitename", "date", "image", "description"):
        assert getattr(ours, field) == getattr(theirs, field), field


def test_heading_links_found_as_the_xpath_finds_them():
    """unlink_headings walks headings for in-page links; the XPath it replaced is the reference:
    nested headings, whitespace around the '#', links elsewhere and links outside headings."""
    html = ("<html><body><h1>T <a href=' #top'>¶</a><h2><a href='\n#s1'>One</a></h2></h1>"
            "<p><a href='#p'>not a heading</a></p><h3><a href='/other'>Other</a>"
            "<span><a href='#deep'>Deep</a></span></h3><h6><a>no href</a></h6></body></html>")
    doc = lxml.html.document_fromstring(html)
    expected = [a.get("href") for a in doc.xpath(
        "//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"
        "//a[starts-with(normalize-space(@href), '#')]")]
    assert expected == [" #top", "\n#s1", "#deep"]
    assert unlink_headings(doc) == 3
    assert doc.xpath("//h1//a | //h2//a | //h3//a[@href='#deep']") == []
    assert doc.find(".//p/a") is not None and doc.find(".//h3/a").get("href") == "/other"



def test_trafilatura_is_asked_only_when_its_block_holds_prose_readability_left():
    from distill.extract import _second_could_win

    story = _distinct_paragraphs(12)
    comments = "".join(f"<p>Reader {i} wrote a long comment about the council's plan and its cost.</p>"
                       for i in range(3))
    first = lxml_div(story)  # readability's pick: the story alone

    def asked(body: str) -> bool:
        doc = parse_html(f"<html><body>{body}</body></html>")
        return _second_could_win(first, doc, page_prose=0, fallback_ratio=0.2)

    # what readability left lies outside trafilatura's block (the <article>): not worth asking
    assert not asked(f"<article>{story}</article><aside>{comments}</aside>")
    # inside it: asked
    assert asked(f"<article>{story}<div class='more'>{comments}</div></article>")
    # nothing left anywhere: not asked
    assert not asked(f"<article>{story}</article>")
    # no block of its paths in the page: the page is its to read
    assert asked(f"<div>{story}</div><div>{comments}</div>")
    # a first path's block with no text is passed over, as trafilatura passes it: the next
    # path's block (main-column) holds the prose left
    assert asked(f"<div class='post'> </div><div class='main-column'>{story}{comments}</div>")
    assert not asked(f"<div class='post'>{story}</div><div class='main-column'>{comments}</div>")


def test_a_block_the_pick_holds_whole_is_not_searched_and_the_answer_is_the_search_s():
    """When the pick's text holds trafilatura's whole block, the gate answers without looking at
    the block's paragraphs: the answer must be the one their search gives, on every fixture."""
    from conftest import FIXTURES

    from distill import extract as module
    from distill.clean import text_of
    from distill.extractors import readability_pick, trafilatura_block

    def searched(first, doc) -> bool:
        first_text = text_of(first)
        kept = {text_of(el) for el in first.iter(*module._TEXT_BLOCKS)}
        enough = module.SECOND_PASS_MIN_ADDED_PROSE * module.count_words(first_text)
        block = trafilatura_block(doc)
        return module._lacks_prose(doc if block is None else block, kept, first_text, enough)

    story = _distinct_paragraphs(12)
    pages = [f"<html><body><article>{story}</article><p>An aside, with words enough to be prose here.</p>"
             "</body></html>",
             f"<html><body><article>\n  {story.replace('</p>', '</p>  <span> </span>')}</article></body></html>"]
    pages += [p.read_text() for p in sorted(FIXTURES.glob("*.html")) if p.stat().st_size]
    shortcut = 0
    for html in pages:
        doc = parse_html(html)
        module._prepare(doc)
        first = readability_pick(doc)
        if first is None or module._too_small(text_of(first), module.count_words(text_of(first)), 0, 0.2):
            continue
        block = trafilatura_block(doc)
        shortcut += block is not None and text_of(block) in text_of(first)
        assert module._second_could_win(first, doc, 0, 0.2) == searched(first, doc)
    assert shortcut >= 2


def test_restore_s_text_test_agrees_with_text_of_on_every_kind_of_space():
    from distill.clean import has_text, text_of

    for text in ["", " ", "\xa0", "\u2003\u3000", "\n\t", "\u200b", "\ufeff", "x", " \xa0y ", "\x1c"]:
        el = lxml.html.fragment_fromstring(f"<p>{text}<span>{text}</span></p>")
        assert has_text(el) == bool(text_of(el)), repr(text)
