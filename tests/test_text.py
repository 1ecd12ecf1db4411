"""Words and sentence ends, as every part of Distill counts them (text.py)."""

from __future__ import annotations


def test_words_are_counted_in_scripts_without_spaces():
    from distill.text import count_words

    assert count_words("The cat sat.") == 3
    assert count_words("谷歌在2014年收购了公司") == 9 + 1
    assert count_words("トレンドマイクロは3月9日") == 11 + 2
