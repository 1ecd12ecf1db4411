"""Quality regressions on the project's own pages: these fail when extraction or ranking slips.

Extraction is scored as the benchmarks score it (4-word shingle F1) against reviewed expected
texts; ranking is checked for the behaviours the dev-set figures rest on.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from support import FIXTURES, page

from distill.pipeline import read_page, summarize_text


def shingle_f1(truth: str, pred: str, n: int = 4) -> float:
    def grams(text):
        words = re.findall(r"\w+", text)
        return Counter(tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1)))

    t, p = grams(truth), grams(pred)
    tp = sum((t & p).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(t.values())
    return 2 * precision * recall / (precision + recall)


@pytest.mark.parametrize("name", ["cluttered_news", "rich_article"])
def test_extraction_matches_the_reviewed_text(name):
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    got = read_page(page(f"{name}.html"), "https://example.org/story", require_summary=False).plain_text()
    assert shingle_f1(expected, got) >= 0.99


STORY = """Nick Rowe has been chosen to ride Spring Lane in the Grand National at Aintree next Saturday.

Nick Rowe has been lined up to ride the horse Spring Lane in the Grand National at Aintree on Saturday week.

Rowe had been expected to partner the favourite, Sam Winter, who was pulled up at Cheltenham last month.

The trainer said he had plenty of other jockeys who could ride Sam Winter in the race.

Spring Lane has run only once since finishing fourth in a handicap chase in Ireland last summer.

The race is worth one million pounds and attracts a field of forty runners every year.

Bookmakers cut the odds on Spring Lane from twenty to one to twelve to one after the news."""


@pytest.mark.model
def test_summary_does_not_repeat_the_lead():
    """Lead-3 would take sentences 0 and 1, which say the same thing; the picks must not."""
    data = summarize_text(STORY, sentences=3, title="Rowe to ride Spring Lane in the Grand National")
    assert 0 in data["summary"] or 1 in data["summary"]
    assert not {0, 1} <= set(data["summary"])


@pytest.mark.model
def test_lowercased_text_gets_a_summary_of_sentences():
    """Lowercased transcripts and pasted selections split into sentences like any other text:
    a 3-sentence summary is three sentences, not three runs of the whole article."""
    lowered = " ".join(STORY.lower().split("\n\n"))
    data = summarize_text(lowered, sentences=3)
    assert len(data["sentences"]) == 7 and len(data["summary"]) == 3
    assert all(len(data["sentences"][i]["text"].split()) < 30 for i in data["summary"])


@pytest.mark.model
def test_inverted_pyramid_news_keeps_its_lead():
    data = summarize_text(read_page(page("cluttered_news.html")).plain_text(), sentences=3)
    assert data["summary"][0] == 0
