"""Bytes and markup to the tree both extractors read: decoding, refusing what is not a page,
depth, hidden elements, heading links (page/parse.py)."""

from __future__ import annotations

import lxml.html
import pytest
from support import distinct_paragraphs, page

from distill.config import Settings
from distill.errors import NoArticle
from distill.page.extract import extract
from distill.page.parse import (
    MAX_DEPTH,
    decode_html,
    looks_binary,
    max_depth,
    nested_text,
    parse_html,
    prepare,
    too_deep,
    unlink_headings,
)
from distill.pipeline import read_page, read_text


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


def test_deep_wrapper_chains_are_unwrapped_not_lost():
    html = "<html><body>" + "<div>" * 600 + distinct_paragraphs() + "</div>" * 600 + "</body></html>"
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
    html = "<html><body>" + "<div>x" * depth + distinct_paragraphs() + "</div>" * depth + "</body></html>"
    with pytest.raises(NoArticle) as err:
        extract(html)
    assert err.value.code == "too_deep"


def test_control_characters_and_lone_surrogates_do_not_break_parsing():
    html = "<html><body><article>" + distinct_paragraphs().replace("story", "st\x00ory\ud800") + "</article></body></html>"
    text = extract(html).content.text_content()
    assert "story" in text and "\x00" not in text


def test_one_search_decides_whether_the_binary_test_and_the_character_cleanup_run():
    """parse_html skips both when suspect() finds nothing: each must then have nothing to do."""
    import random

    from distill.page.parse import clean_markup, suspect

    rng = random.Random(4)
    odd = [chr(c) for c in [*range(0, 32), 0x7F, 0xFFFD, 0xD800, 0xDBFF, 0xDC00, 0xDFFF]]
    plain = [*"<p>abc é中 </p>\n\t\r", "\u2028", "\x85", "\xa0", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rng.choice(odd if rng.random() < 0.05 else plain) for _ in range(rng.randint(0, 40)))
        if not suspect(text):
            assert not looks_binary(text) and clean_markup(text, unsafe=False) == clean_markup(text)
    with pytest.raises(NoArticle) as err:  # and when it finds something, they run
        parse_html("<p>x</p>" + "\x01" * 5000)
    assert err.value.code == "not_html"
    assert "\x00" not in lxml.html.tostring(parse_html("<p>a\x00b</p>"), encoding="unicode")


def test_remove_hidden_finds_every_element_the_visibility_test_would():
    import random

    from distill.page.parse import _MAYBE_HIDDEN, is_hidden

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
    html = ("<html><body><article>" + distinct_paragraphs(6)
            + '<p style="display: none">Secret hidden paragraph that a reader never sees on the page.</p>'
            + '<div hidden><p>Another hidden paragraph with plenty of words to look like prose.</p></div>'
            + '<p aria-hidden="true">Screen readers skip this paragraph and so does the reader view.</p>'
            + "</article></body></html>")
    text = extract(html).content.text_content()
    assert "Paragraph 5 tells" in text
    assert "Secret" not in text and "Another hidden" not in text and "Screen readers" not in text


def test_a_page_hidden_whole_until_its_script_shows_it_is_still_read():
    """A "visibility: hidden" wrapper around the whole page (shown by a script once the page is
    ready) is the page; a hidden part of it still goes."""
    html = ('<html><body><div style="visibility:hidden;min-height:100vh"><nav><a href="/">Home</a></nav>'
            "<article>" + distinct_paragraphs(6)
            + '<p style="display: none">Secret hidden paragraph that a reader never sees on the page.</p>'
            + "</article></div></body></html>")
    text = extract(html).content.text_content()
    assert "Paragraph 5 tells" in text and "Secret" not in text
    # a hidden part, even most of the article, is not a wrapper of the page
    html = ('<html><body><article><div style="visibility: hidden">' + distinct_paragraphs(6)
            + "</div><p>The one visible paragraph is long enough to be read as the article here.</p>"
            "</article></body></html>")
    assert "Paragraph 5 tells" not in extract(html).content.text_content()


def test_utf8_bytes_win_over_a_stale_declared_charset():
    html = '<html><head><meta charset="gb2312"></head><body><p>谷歌的人工智能</p></body></html>'
    assert "谷歌的人工智能" in decode_html(html.encode("utf-8"))
    assert "谷歌的人工智能" in decode_html(html.encode("gb2312"))


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


def test_page_cut_off_inside_its_head_has_no_article():
    # readability-lxml hands back the whole <head>-only document, which is not a fragment
    html = "<html><head><meta charset='utf-8'><title>Cut off</title>\n<meta name='x' content='y'>\n"
    with pytest.raises(NoArticle):
        extract(html)


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


def test_an_article_streamed_by_react_is_read_though_it_waits_in_a_hidden_segment():
    """Next.js pages send the article as <div hidden id="S:0"> and a script moves it into place: a
    page read as it was sent must not lose it, while a plainly hidden element stays out."""
    text = read_page(page("streamed_article.html"), "https://example.com/blog/queries").plain_text()
    assert "composite indexes" in text and "halved their time again" in text
    assert "notice is hidden" not in text


def test_every_tab_of_a_tabbed_guide_is_read():
    """A guide written once per language hides each tab panel but the first until its tab is
    chosen: the page holds them all, and so does the reader view. A hidden menu and a hidden
    cookie banner still go."""
    reading = read_page(page("language_tabs_docs.html"), "https://pigeonpost.example/docs/quickstart")
    text = reading.plain_text()
    for language in ("Python", "Ruby", "Go"):
        assert f"Hello from {language}" in text, language
    assert "Run the program" in text
    assert "Email guides" not in text and "cookies" not in text


def test_a_filter_form_s_drop_down_lists_do_not_outweigh_the_article():
    """A search page's filter form holds hundreds of <option> entries (every year, team and
    topic); their text made readability pick the form over the short article beside it. The
    reader sees one choice per list, and the reader view none: the lists go before either
    extractor reads the page, and the text around them stays."""
    options = "".join(f"<option value='{i}'>{2000 + i % 25} - Project team number {i}</option>"
                      for i in range(400))
    html = ("<html><body><main><form class='filters'><label>Team</label>"
            f"<p><select name='team'>{options}</select> Pick a team</p>"
            f"<datalist id='topics'>{options}</datalist></form>"
            "<article><h1>Connected objects</h1>" + distinct_paragraphs(6) + "</article>"
            "</main></body></html>")
    text = read_page(html, "https://institute.example/en/connected-objects",
                     require_summary=False).plain_text()
    assert "Paragraph 5 tells" in text
    assert "Project team number" not in text
    doc = parse_html(html)
    prepare(doc)
    assert doc.find(".//select") is None and doc.find(".//datalist") is None
    assert "Pick a team" in doc.text_content()


@pytest.mark.parametrize("ref", ["&#14;", "&#x0e;", "&#X1F", "&#0;", "&#127;", "&#x7f;", "&#0011;", "&#12"])
def test_references_to_control_characters_never_reach_the_tree(ref):
    """libxml2 puts the referenced character in the tree; the first stage that sets it again
    (a link made absolute against the page's <base>) failed, a 500."""
    html = (f"<html><head><base href='https://b.example/'></head><body><article>"
            f"<p><a href='x{ref}y'>link</a> a{ref}b</p>{distinct_paragraphs()}</article></body></html>")
    doc = parse_html(html)
    assert not any(ch in lxml.html.tostring(doc, encoding="unicode") for ch in "\x00\x0e\x1f\x7f\x0b\x0c")
    reading = read_page(html, "https://e.example/a")
    assert "https://b.example/xy" in lxml.html.tostring(reading.root, encoding="unicode")


@pytest.mark.parametrize("ref", ["&#9;", "&#10;", "&#13;", "&#145;", "&#x1F600;", "&#x7f0;", "&#32;", "&#xe9;"])
def test_references_to_other_characters_stay(ref):
    from distill.page.parse import clean_markup

    assert clean_markup(f"<p>a{ref}b</p>") == f"<p>a{ref}b</p>"


def test_pages_past_the_element_limit_are_refused_naming_it():
    from distill.errors import PageTooLarge
    from distill.page.parse import element_count

    html = "<html><body>" + "<b>x</b>" * 3000 + distinct_paragraphs() + "</body></html>"
    assert element_count(parse_html(html, max_elements=10_000)) == 3000 + 5 + 2  # html, body
    with pytest.raises(PageTooLarge) as err:
        parse_html(html, max_elements=2000)
    assert err.value.status == 413 and err.value.code == "page_too_large"
    assert "3,007 HTML elements" in err.value.message and "at most 2,000" in err.value.message
    with pytest.raises(PageTooLarge):
        read_page(html, settings=Settings(max_page_elements=2000))


@pytest.mark.parametrize("url", ["http://[::1/news", "http://[zz]/", "https://a.example:99999/x"])
def test_a_malformed_page_address_is_not_an_error(url):
    html = ("<html><body><article><p><a href='http://[::1/x'>v6</a> <a href='/rel'>rel</a></p>"
            + distinct_paragraphs() + "</article></body></html>")
    reading = read_page(html, url)
    assert reading.word_count > 50


def test_pages_past_the_text_limit_are_refused_naming_it():
    """Visible text only: a page whose markup is mostly a script blob is read."""
    from distill.errors import PageTooLarge

    prose = distinct_paragraphs(40)
    html = f"<html><body><script>var s='{'x' * 50_000}'</script><article>{prose}</article></body></html>"
    assert parse_html(html, max_text=20_000) is not None
    with pytest.raises(PageTooLarge) as err:
        parse_html(html.replace("<script>", "<p>").replace("</script>", "</p>"), max_text=20_000)
    assert err.value.code == "page_too_large" and "at most 20,000 (DISTILL_MAX_TEXT_CHARS)" in err.value.message
    with pytest.raises(PageTooLarge):
        read_text("Words of a sentence. " * 2000, Settings(max_text_chars=10_000))


def test_an_attribute_bomb_keeps_its_first_attributes_and_the_page():
    """libxml2 parses a tag's attributes in quadratic time (80,000 took 9.7 s): past
    MAX_ATTRIBUTES a tag keeps its first ones; quoted '>' do not end the tag early."""
    from distill.page.parse import MAX_ATTRIBUTES

    attrs = " ".join(f"data-a{i}='x>{i}'" for i in range(MAX_ATTRIBUTES * 5))
    doc = parse_html(f"<html><body><div id='main' {attrs}><p>Kept paragraph.</p></div></body></html>")
    div = doc.find(".//div")
    assert len(div.attrib) == MAX_ATTRIBUTES and div.get("id") == "main" and div.get("data-a3") == "x>3"
    assert doc.find(".//p").text == "Kept paragraph."
    # attributes without values: a page with no '=' in it at all
    bare = " ".join(f"a{i}" for i in range(MAX_ATTRIBUTES * 5))
    doc = parse_html(f"<html><body><div {bare}><p>Kept paragraph.</p></div></body></html>")
    assert len(doc.find(".//div").attrib) == MAX_ATTRIBUTES and doc.find(".//p").text == "Kept paragraph."
    ordinary = "<html><body><div id='a' class='b' data-x='1'><p>Text.</p></div></body></html>"
    assert len(parse_html(ordinary).find(".//div").attrib) == 3


def test_react_streamed_segments_are_put_where_the_page_s_scripts_put_them():
    """A streamed page's pending parts wait at the end of the body (<div hidden id="S:a">, ids
    in hex) with "Loading paragraph..." where they belong; the page's own $RC/$RS calls say
    where each goes, one segment holding another's placeholder. Read as sent, the article is
    whole, in order, and without the fallback."""
    doc = parse_html(page("streamed_sections.html"))
    assert doc.xpath("//template | //*[@hidden] | //comment()") == []
    text = " ".join(doc.find(".//article").text_content().split())
    order = ["killed by neglect", "Feed it on a schedule", "surprises from its keeper",
             "out of the fridge door", "going back to sleep", "write it down on a card"]
    positions = [text.find(snippet) for snippet in order]
    assert -1 not in positions and positions == sorted(positions)
    assert "Loading paragraph" not in text
    reading = read_page(page("streamed_sections.html"), "https://example.com/starter")
    assert "going back to sleep" in reading.plain_text() and "Loading" not in reading.plain_text()


def test_a_streamed_segment_whose_boundary_is_missing_stays_where_it_is():
    """A call naming a boundary the page lacks (a copy saved after the script ran, a cut page)
    moves nothing: the segment stays, read as before, and the rest of the page is untouched."""
    html = ("<html><body><main><p>Opening paragraph of the story, long enough to read.</p></main>"
            "<div hidden id='S:1'><p>The streamed part of the story, which waits here.</p></div>"
            "<script>$RC(\"B:1\",\"S:1\")</script></body></html>")
    doc = parse_html(html)
    prepare(doc)
    assert "which waits here" in doc.text_content() and "Opening paragraph" in doc.text_content()


def test_text_nested_deep_at_every_level_is_refused_before_it_costs_seconds():
    """Each stage that reads a box's text reads everything below it, so text at every one of 150
    nested levels (under the depth and text limits) would take seconds to read: refused as
    too_deep, saying why. The same text in a few levels is read."""
    filler = " ".join(["harvest"] * 300)
    inner = "<p>" + "The story itself, long enough to be read as prose by the reader view. " * 5 + "</p>"
    for _ in range(150):
        inner = f"<div class='box'><p>{filler}</p></div><div class='box'><p>{filler}</p></div><div class='box'>{inner}</div>"
    with pytest.raises(NoArticle, match="nests its text too deeply") as refused:
        parse_html(f"<html><body>{inner}</body></html>")
    assert refused.value.code == "too_deep"
    flat = "".join(f"<div class='box'><p>{filler}</p></div>" for _ in range(300))
    assert parse_html(f"<html><body><main>{flat}</main></body></html>") is not None


def test_nested_text_weighs_each_piece_by_its_depth():
    doc = lxml.html.document_fromstring("<html><body><div>abc<p>de</p>f</div></body></html>")
    # html 1, body 2, div 3, p 4: "abc" and the tail "f" at 3, "de" at 4
    assert nested_text(doc) == 3 * 3 + 2 * 4 + 1 * 3


def test_placing_streamed_segments_is_bounded_work(monkeypatch):
    """Boundaries that never close make each call look at every later sibling for the comment
    that would close it: quadratic in a hostile page's calls (8,000 took 40 s). The looking is
    bounded over all calls; once spent, the segments left stay where they were sent, and
    nothing of the page is lost."""
    from distill.page import streamed

    monkeypatch.setattr(streamed, "MAX_STEPS", 200)
    n = 40
    html = ("<html><body><main>" + "".join(f'<template id="B:{i:x}"></template><p>x</p>' for i in range(n))
            + "</main>" + "".join(f'<div hidden id="S:{i:x}"><p>part {i}</p></div>' for i in range(n))
            + "<script>" + ";".join(f'$RC("B:{i:x}","S:{i:x}")' for i in range(n)) + "</script></body></html>")
    doc = lxml.html.document_fromstring(html)
    placed = streamed.place_segments(doc)
    assert 0 < placed < n
    text = doc.text_content()
    assert all(f"part {i}" in text for i in range(n))


def test_every_panel_of_an_accordion_is_read():
    """A guide written as an accordion (WAI-ARIA's pattern: each panel a role="region" labelled by
    its header's button) hides every closed panel until its header is clicked; the page holds
    them all, and so does the reader view. A hidden menu beside it still goes."""
    steps = "".join(
        f"<h3><button aria-expanded='false' aria-controls='step{i}'>Step {i}: {name}</button></h3>"
        f"<div id='step{i}' role='region' aria-labelledby='h{i}' style='display:none'>"
        f"<p>{name} comes {order} and takes most homeowners about {i + 1} weeks of waiting for permits, "
        f"crews and inspections before anything changes on the roof.</p></div>"
        for i, (name, order) in enumerate([("Site survey", "first"), ("System design", "second"),
                                           ("Installation day", "third")], start=1))
    html = ("<html><head><title>Installing solar panels, step by step</title></head><body>"
            "<nav><div style='display:none'><a href='/a'>Account settings</a></div></nav><main>"
            "<h1>Installing solar panels, step by step</h1><p>Going solar is a project of several "
            "months, and knowing the steps ahead makes each of them easier to plan for and to pay.</p>"
            f"{steps}<p>Once the utility approves the system, you can switch it on and watch the "
            "meter run backwards on the first sunny afternoon.</p></main></body></html>")
    text = read_page(html, "https://example.com/guides/solar").plain_text()
    for name in ("Site survey", "System design", "Installation day"):
        assert f"{name} comes" in text, name
    assert "Account settings" not in text


@pytest.mark.parametrize("shy", ["\u00ad", "&shy;", "&#173;", "&#xAD;"])
def test_soft_hyphens_split_no_word(shy):
    """German sites set a soft hyphen inside nearly every long word; a browser shows it only at a
    line's end, so the words a reader sees are whole in the text, the sentences and a search."""
    body = "".join(f"<p>Das faschis{shy}ti{shy}sche Regime reih{shy}te den Wein {i} unter die gro{shy}ßen"
                   f" Wei{shy}ne Ita{shy}li{shy}ens, neben Baro{shy}lo und Bar{shy}ba{shy}res{shy}co.</p>"
                   for i in range(6))
    reading = read_page(f"<html><body><article>{body}</article></body></html>", require_summary=False)
    text = reading.plain_text()
    assert "Italiens, neben Barolo und Barbaresco" in text and "\u00ad" not in text
    assert "Italiens" in reading.sentences[0].text
    assert read_text("Die Wei\u00adne Ita\u00adli\u00adens sind gut. Sie sind sehr gut.").sentences[0].text \
        == "Die Weine Italiens sind gut."


def test_a_self_closed_script_hides_its_code_as_a_browser_does():
    """<script type="text/javascript"/> is no empty element to a browser: the code after it, up to
    </script>, is the script, and never the recipe's first step."""
    body = "".join(f"<p>Step {i}: heat the oven and grease the pan before the batter goes in it.</p>"
                   for i in range(5))
    html = (f"<html><body><article><h2>Steps</h2><script type='text/javascript'/>(function() {{"
            f" document.addEventListener('DOMContentLoaded', go); }})();</script>{body}"
            f"<style/>p {{ color: red }}</style></article></body></html>")
    text = read_page(html, require_summary=False).plain_text()
    assert "addEventListener" not in text and "color: red" not in text and "Step 4" in text


def test_visible_chars_counts_the_text_a_reader_could_see():
    """The body's text written out in C, less what sits directly in a script, a style, a
    noscript or a template, is what an XPath over the visible text nodes counts."""
    import lxml.etree

    from distill.page.parse import visible_chars

    visible = lxml.etree.XPath(
        "//body//text()[not(parent::script or parent::style or parent::noscript or parent::template)]")
    pages = [
        "<html><head><title>Not counted</title><script>var a = 1;</script></head><body>"
        "<p>One <b>two</b> three</p><script>var b = 2;</script>tail<style>p {}</style>"
        "<noscript><p>inside</p>loose</noscript><template>kept out</template><p>end</p></body></html>",
        "<html><body>" + "<div>text <span>deep</span></div>" * 50 + "</body></html>",
        "<p>no body written</p>",
    ]
    for html in pages:
        doc = parse_html(html)
        assert visible_chars(doc) == sum(map(len, visible(doc))) > 0, html[:60]
