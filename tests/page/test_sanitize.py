from __future__ import annotations

import re

import lxml.html
from support import page

from distill.page.sanitize import sanitize, sanitize_html
from distill.pipeline import read_page


def _reader_html() -> str:
    from distill.page.reader import render

    return render(read_page(page("hostile.html"), "https://garden.example/articles/tomatoes").root)


def test_no_script_handlers_or_active_urls_survive():
    html = _reader_html()
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "vbscript:", "data:",
                "<iframe", "<object", "<form", "<input", "<svg", "<math", "style=", "<style", "pwned"):
        assert bad not in lowered, bad
    assert "Tomatoes need at least six hours" in html


def test_links_are_absolute_and_do_not_leak_the_referrer():
    html = _reader_html()
    assert 'href="https://garden.example/relative/page"' in html
    for tag in re.findall(r"<a [^>]*>", html):
        assert 'rel="noopener noreferrer"' in tag


def test_only_allowlisted_attributes_remain():
    html = sanitize_html('<p class="x" id="y" data-track="1" lang="fr">t</p><span data-sentence="3">s</span>'
                         '<span data-sentence="x">bad</span><img src="https://a.example/i.png" onload="x">',
                         marks=True)
    assert html == ('<p lang="fr">t</p><span data-sentence="3">s</span><span>bad</span>'
                    '<img src="https://a.example/i.png">')


def test_quotation_sources_keep_only_allowed_schemes():
    html = sanitize_html('<blockquote cite="javascript:alert(1)">a</blockquote><q cite=" Data:x">b</q>'
                         '<q cite="/source">c</q><blockquote cite="https://a.example/s">d</blockquote>')
    assert html == ('<blockquote>a</blockquote><q>b</q><q cite="/source">c</q>'
                    '<blockquote cite="https://a.example/s">d</blockquote>')


def test_a_page_brings_no_sentence_marks_of_its_own():
    """Marks are added after the page is sanitized: one in the page's markup would highlight text
    the summarizer never picked (and the extension would show it as the summary)."""
    story = "".join(f"<p>Paragraph {i} tells part of the story with enough words to count as prose.</p>"
                    for i in range(6))
    forged = '<p>Buy now: <span data-sentence="0">click here, it is the best offer you will see.</span></p>'
    assert sanitize_html(forged) == "<p>Buy now: <span>click here, it is the best offer you will see.</span></p>"
    reading = read_page(f"<html><body><article>{story}{forged}</article></body></html>",
                        "https://shop.example/a")
    from distill.page.reader import render
    from distill.summary.marks import mark_sentences

    mark_sentences(reading.paragraphs)
    marked = re.findall(r'<span data-sentence="(\d+)">([^<]*)', render(reading.root))
    assert marked and all(" ".join(text.split()) in reading.sentences[int(i)].text for i, text in marked)


def test_srcset_and_relative_images_resolve():
    root = lxml.html.fragment_fromstring(
        '<p>x<img src="a.jpg" srcset="a-1x.jpg 1x, javascript:alert(1) 2x, /b-2x.jpg 2x"></p>', create_parent="div")
    out = lxml.html.tostring(sanitize(root, "https://site.example/news/story.html"), encoding="unicode")
    assert 'src="https://site.example/news/a.jpg"' in out
    assert "https://site.example/news/a-1x.jpg 1x, https://site.example/b-2x.jpg 2x" in out
    assert "javascript" not in out


def test_images_without_a_safe_source_are_dropped():
    root = lxml.html.fragment_fromstring('<p>x<img src="data:image/png;base64,AAAA" alt="a"></p>',
                                         create_parent="div")
    assert sanitize(root, None).find(".//img") is None


def test_malformed_addresses_are_dropped_not_raised():
    """urllib raises ValueError on an unclosed IPv6 host ("http://[::1"): such a link, image or
    page address is one Distill cannot use, never a failed request."""
    root = lxml.html.fragment_fromstring(
        '<p>x <a href="http://[::1/a">a</a> <img src="https://[::1" srcset="http://[x 1x, b.jpg 2x"></p>',
        create_parent="div")
    out = lxml.html.tostring(sanitize(root, None), encoding="unicode")
    assert "[" not in out and "href" not in out
    out = lxml.html.tostring(sanitize(lxml.html.fragment_fromstring(
        '<p><a href="http://[::1/a">a</a></p>', create_parent="div"), "https://site.example/"), encoding="unicode")
    assert "href" not in out
    reading = read_page('<html><head><meta property="og:url" content="http://[::1">'
                        '<meta property="og:image" content="https://[::1/i.png"></head><body><article>'
                        + "".join(f"<p>Paragraph {i} tells part of the story with enough words to count.</p>"
                                  for i in range(6)) + "</article></body></html>", "https://[::1/page")
    assert reading.article.lead_image is None and reading.sentences


def test_ruby_annotations_stay_ruby():
    """Unwrapped, furigana would read inline as part of the word ("子こども")."""
    out = sanitize_html("<p><ruby onclick='x()'>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども</p>")
    assert out == "<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>ども</p>"


def test_text_is_composed_and_links_are_not():
    """A letter spelled as two code points reads the same; its text is the composed one, so
    a search for the word finds it. A link's address is the page's."""
    from distill.page.sanitize import sanitize

    root = lxml.html.fragment_fromstring(
        "<div><p>Le cafe\u0301 de la gare a rouvert ses portes.</p>"
        "<p><a href='https://a.example/cafe\u0301'>কুষ্টি\u09df</a></p></div>")
    safe = sanitize(root, None)
    assert "Le café de la gare" in safe.text_content() and "\u09df" not in safe.text_content()
    assert "কুষ্টি\u09af\u09bc" in safe.text_content()  # as the page's readers type it
    assert safe.find(".//a").get("href") == "https://a.example/cafe%CC%81"  # the e and its accent
