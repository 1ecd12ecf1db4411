import random

import lxml.html

from distill.extractors import LIBRARY_CLEAN, readability_clean, readability_pick, trafilatura_pick


def test_readability_clean_gives_the_library_s_result_for_any_whitespace():
    rng = random.Random(7)
    alphabet = [" ", "\n", "\t", "\r", "\xa0", "\u2003", "\x0c", "a", "b", "."]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.1:  # the long-run cap: 255+ mixed spaces, with or without a newline
            text += "".join(rng.choice(alphabet[:6]) for _ in range(rng.randint(250, 400))) + "x"
        assert readability_clean(text) == LIBRARY_CLEAN(text), repr(text)


def _page() -> lxml.html.HtmlElement:
    paragraphs = "".join(f"<p>Paragraph {i} of the story says enough to be prose, with a "
                         f"<a href='more/{i}'>link</a> in it.</p>" for i in range(8))
    return lxml.html.document_fromstring(
        f"<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article>{paragraphs}</article></body></html>")


def test_picks_leave_the_shared_tree_as_it_was():
    doc = _page()
    before = lxml.html.tostring(doc)
    assert readability_pick(doc) is not None
    assert trafilatura_pick(doc, "https://example.org/news/a") is not None
    assert lxml.html.tostring(doc) == before


def test_reader_links_are_absolute_against_where_the_page_was_read_from():
    """Not against its canonical URL: relative links are relative to the document's address."""
    from distill.summarize import read_page

    doc = _page()
    canonical = lxml.html.fragment_fromstring(
        "<link rel='canonical' href='https://example.org/amp/other/path'>")
    doc.find("head").append(canonical)
    reading = read_page(lxml.html.tostring(doc, encoding="unicode"), "https://example.org/news/a",
                        require_summary=False)
    assert reading.article.url == "https://example.org/amp/other/path"
    hrefs = [a.get("href") for a in reading.root.iter("a")]
    assert hrefs and all(h.startswith("https://example.org/news/more/") for h in hrefs)


def test_script_links_and_handlers_never_reach_the_reader_view():
    from distill.reader import render
    from distill.summarize import read_page

    paragraphs = "".join(f"<p onclick='steal()'>Paragraph {i} of the story says enough to be "
                         f"prose, with a <a href='javascript:steal()'>link</a> in it.</p>"
                         for i in range(8))
    html = render(read_page(f"<html><body><article>{paragraphs}</article></body></html>",
                            require_summary=False).root)
    assert "Paragraph 7" in html
    assert "javascript:" not in html and "onclick" not in html
