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
                         '<span data-sentence="x">bad</span><img src="https://a.example/i.png" onload="x">')
    assert html == ('<p lang="fr">t</p><span data-sentence="3">s</span><span>bad</span>'
                    '<img src="https://a.example/i.png">')


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
