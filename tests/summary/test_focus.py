"""Focusing a summary on a query: keyword matching (a longer form of a word counts), relevance
blended from the embedding and the keywords, and the blend with the ranker's scores."""

from __future__ import annotations

import numpy as np

from distill.summary import focus


def test_query_words_leave_out_function_and_question_words():
    assert focus.query_words("How do I feed the starter?") == {"feed", "starter"}
    assert focus.query_words("what is it") == set()


def test_query_words_follow_the_articles_language():
    assert focus.query_words("Quelles sont les mesures prises ?", "fr") == {"mesures", "prises"}
    assert focus.query_words("Wie viele Wohnungen werden gebaut?", "de-AT") >= {"wohnungen", "gebaut"}
    assert "wie" not in focus.query_words("Wie viele Wohnungen werden gebaut?", "de")
    # an English question about a French page still loses its English function words
    assert focus.query_words("what about the budget", "fr") == {"budget"}


def test_keyword_match_counts_other_forms_but_not_short_fragments():
    texts = ["Feeding the starters twice a day helps.", "The starter smells of acetone.",
             "Nothing here about it.", "A fee is charged."]
    share = focus.keyword_match(texts, {"feed", "starter"})
    assert list(share) == [1.0, 0.5, 0.0, 0.0]
    assert list(focus.keyword_match(["The cat sat."], {"at"})) == [0.0]  # "at" is no stem of "cat"
    assert list(focus.keyword_match(texts, set())) == [0.0] * 4
    assert focus.same_word("library", "librarians") and focus.same_word("opening", "opens")
    assert not focus.same_word("fee", "feed") and not focus.same_word("harbour", "harvest")


def _unit(rows):
    m = np.asarray(rows, dtype=np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_relevance_blends_similarity_and_keywords():
    texts = ["The harbour wall was rebuilt.", "The library opens on Sundays now.", "Rain fell."]
    emb = _unit([[1, 0, 0], [0, 1, 0], [0.2, 0.2, 1]])
    rel = focus.relevance(texts, emb, "library hours", _unit([[0, 1, 0.1]])[0])
    assert rel.argmax() == 1 and rel.max() <= 1.0 and rel.min() >= 0.0
    # no sentence names a query word: the embedding alone decides
    only = focus.relevance(texts, emb, "books", _unit([[0, 1, 0.1]])[0])
    assert only.argmax() == 1 and only[1] == 1.0


def test_refocus_keeps_the_rankers_order_among_equally_relevant_sentences():
    scores = np.array([5.0, 1.0, 3.0])
    assert list(np.argsort(-focus.refocus(scores, np.zeros(3)))) == [0, 2, 1]
    refocused = focus.refocus(scores, np.array([0.0, 1.0, 0.0]))
    assert refocused.argmax() == 1  # relevance outweighs the ranker
    assert refocused[0] > refocused[2]
    assert list(focus.refocus(np.array([2.0]), np.array([0.3]))) == [1.0]
