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
