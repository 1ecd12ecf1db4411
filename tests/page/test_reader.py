"""The reader view's HTML as the client gets it (page/reader.py)."""

from __future__ import annotations

import lxml.html

from distill.page.reader import render


def test_render_is_sanitized_and_escaped():
    root = lxml.html.fragment_fromstring("<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>", create_parent="div")
    root.text = "<img src=x onerror=alert(1)>"
    html = render(root)
    assert "<img" not in html and "&lt;img" in html
    assert "<script" not in html


def test_a_code_block_starting_with_blank_lines_renders_to_a_fixed_point():
    """A parser drops the line break right after <pre>: a block that starts with blank lines lost
    one at every pass through the allowlist, so the answer was not what sanitizing makes of it."""
    from distill.page.parse import fragment
    from distill.page.reader import render
    from distill.page.sanitize import sanitize_html

    out = render(fragment("<p>Intro.</p><pre>\n\n\nx = 1\n</pre><pre><code>\n\ny</code></pre>"))
    assert sanitize_html(out, marks=True) == out
    assert "x = 1\n</pre>" in out and "<code>\n\ny</code>" in out


def test_an_article_s_photo_captions_are_in_its_reader_view_but_not_its_text():
    """A news photo's caption and credit sit beside the image in the reader view; the article's
    text (the API's `text`, what a batch exports) is the story. A documentation page's figure
    captions explain its diagrams and stay in its text."""
    from distill.pipeline import read_page

    prose = "".join(f"<p>The council met on Tuesday to discuss the harbour's new ferry timetable, "
                    f"point {i} of which drew long questions from residents and traders.</p>" for i in range(6))
    figure = ("<figure><img src='https://news.example/a.jpg' alt=''>"
              "<figcaption>Ferries at the quay on Monday. Photo: J. Smith</figcaption></figure>"
              "<figure><img src='https://news.example/b.jpg' alt=''><figcaption><p>The old quay, 1920."
              "</p><p>Credit: Harbour Museum</p></figcaption></figure>")  # its paragraphs too
    story = read_page(f"<html><body><article><h1>Harbour timetable</h1>{prose[:400]}{figure}{prose[400:]}"
                      "</article></body></html>", "https://news.example/harbour", require_summary=False)
    assert story.kind == "article"
    assert "Photo: J. Smith" in render(story.root) and "Photo: J. Smith" not in story.plain_text()
    assert "Harbour Museum" in render(story.root) and "Harbour Museum" not in story.plain_text()
    assert "ferry timetable" in story.plain_text()
    docs = read_page(f"<html><body><main class='documentation'><h1>Ferry API</h1>{prose[:400]}"
                     "<figure><img src='/flow.png' alt=''><figcaption>The request flow: client, gateway, "
                     f"timetable service.</figcaption></figure>{prose[400:]}</main></body></html>",
                     "https://docs.ferry.example/api/reference/", require_summary=False)
    assert docs.kind == "docs" and "The request flow" in docs.plain_text()
