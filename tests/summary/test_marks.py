"""Every ranked sentence wrapped in the reader view's tree, its text unchanged
(summary/marks.py)."""

from __future__ import annotations

import lxml.html

from distill.summary.marks import mark_sentences
from distill.summary.sentences import segment


def _marked(html: str):
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    paras = segment(root, "en", 3)
    before = root.text_content()
    mark_sentences(paras)
    return root, paras, before


def test_every_sentence_is_wrapped_and_text_is_unchanged():
    root, paras, before = _marked(
        "<p>The first sentence is <em>quite</em> plain. The second crosses "
        "<a href='https://x.example/'>a link. The third</a> starts inside it.</p>")
    assert root.text_content() == before
    by_index: dict[int, str] = {}
    for span in root.iter("span"):
        i = int(span.get("data-sentence"))
        by_index[i] = by_index.get(i, "") + span.text_content()
    sentences = [s for p in paras for s in p.sentences]
    assert [" ".join(by_index[s.index].split()) for s in sentences] == [s.text for s in sentences]
    assert len(sentences) == 3


def test_ruby_readings_are_shown_over_the_word_but_are_not_its_text():
    """Furigana (<rt>) over Japanese words, as NHK's easy news sets it: the sentence is the
    words once, and marking it keeps the ruby in place for the reader view."""
    root, paras, before = _marked(
        "<p><ruby>子<rt>こ</rt></ruby>どもへの<ruby>虐待<rp>(</rp><rt>ぎゃくたい</rt><rp>)</rp></ruby>"
        "をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができました。</p>")
    assert [s.text for p in paras for s in p.sentences] == ["子どもへの虐待をなくすための法律ができました。"]
    assert root.text_content() == before
    assert [rt.text for rt in root.iter("rt")] == ["こ", "ぎゃくたい", "ほうりつ"]
    assert {el.get("data-sentence") for el in root.iter("span")} == {"0"}
