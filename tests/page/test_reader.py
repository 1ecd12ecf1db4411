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
