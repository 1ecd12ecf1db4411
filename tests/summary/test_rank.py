from __future__ import annotations

import numpy as np
import pytest

from distill.pipeline import embedding_sample
from distill.summary.rank import (
    content_words,
    directed_centrality,
    lexical_centrality,
    pick_order,
    scale01,
    summary_length,
)


def _unit(rows):
    m = np.asarray(rows, dtype=np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_a_sentence_introducing_later_ones_beats_one_repeating_earlier_ones():
    # 0 and 3 are about the same topic; 0 comes first, so it introduces what 3 repeats.
    e = _unit([[1, 0.1, 0], [0, 1, 0], [0, 0, 1], [1, 0.12, 0]])
    c = directed_centrality(e @ e.T, beta=0.0, forward=1.0, backward=-0.5)
    assert c[0] > c[3]


def test_lexical_centrality_favours_the_sentence_sharing_most_words():
    sets = [content_words(t) for t in ["council budget vote delayed", "budget vote council today",
                                       "weather sunny", "council budget"]]
    c = lexical_centrality(sets)
    assert c.argmax() in (0, 1) and c[2] == 0


def test_lexical_centrality_without_single_sentence_words_is_the_full_graph():
    """Words found in one sentence only are left out of the product: they are only that
    sentence's overlap with itself, which is no edge. The answer is the full graph's, exactly."""
    import random

    def full_graph(word_sets):
        vocab = sorted({w for ws in word_sets for w in ws})
        m = np.array([[w in ws for w in vocab] for ws in word_sets], dtype=np.float32)
        logs = np.log(np.maximum([len(ws) for ws in word_sets], 2)).astype(np.float64)
        sim = (m @ m.T) / (logs[:, None] + logs[None, :])
        np.fill_diagonal(sim, 0.0)
        return sim.sum(axis=1)

    rnd = random.Random(3)
    words = [f"w{i}" for i in range(60)]
    for _ in range(200):
        sets = [set(rnd.sample(words, rnd.randrange(0, 12))) for _ in range(rnd.randrange(1, 25))]
        assert np.array_equal(lexical_centrality(sets), full_graph(sets))
    assert np.array_equal(lexical_centrality([{"a"}, {"b"}, set()]), np.zeros(3))


@pytest.mark.parametrize(("n", "sentences", "ratio", "expected"), [
    (40, None, None, 4), (10, None, None, 3), (200, None, None, 5), (2, None, None, 2),
    (40, 7, None, 7), (40, None, 0.25, 10), (3, 10, None, 3), (0, 3, None, 0),
])
def test_summary_length(n, sentences, ratio, expected):
    assert summary_length(n, sentences, ratio) == expected


def test_long_pages_embed_the_lead_and_a_spread_sample():
    chosen = embedding_sample(2000, 400)
    assert len(chosen) == 400 and chosen[:200] == list(range(200)) and chosen[-1] == 1999
    assert embedding_sample(50, 400) == list(range(50))


def test_scale01_of_constant_is_zero():
    assert scale01(np.array([2.0, 2.0])).tolist() == [0.0, 0.0]


TEXTS = ["The council approved the new budget on Monday night.",
         "Schools will get more money next year.",
         "The council approved the new budget, officials said.",
         "Roads are the second priority."]


def test_picks_follow_the_scores_and_are_nested():
    e = _unit(np.eye(4))
    scores = np.array([0.2, 0.9, 0.1, 0.5])
    order = pick_order(scores, e, ["a b", "c d", "e f", "g h"], 4)
    assert order == [1, 3, 0, 2]
    assert pick_order(scores, e, ["a b", "c d", "e f", "g h"], 2) == order[:2]
    assert pick_order(scores, e, ["a b", "c d", "e f", "g h"], 10) == order
    assert pick_order(np.zeros(0), np.zeros((0, 4)), [], 3) == []


def test_a_sentence_repeating_a_pick_word_for_word_comes_last():
    e = _unit(np.eye(4))  # embeddings say nothing: trigram blocking alone decides
    scores = np.array([1.0, 0.5, 0.9, 0.1])
    assert pick_order(scores, e, TEXTS, 4) == [0, 1, 3, 2]
    assert pick_order(scores, e, TEXTS, 4, block_trigrams=False) == [0, 2, 1, 3]


def test_near_duplicate_embeddings_are_a_last_resort():
    e = _unit([[1, 0, 0], [1, 0.05, 0], [0, 1, 0]])
    texts = ["one two", "three four", "five six"]
    scores = np.array([1.0, 0.95, 0.1])
    assert pick_order(scores, e, texts, 3, max_similarity=1.01) == [0, 1, 2]
    assert pick_order(scores, e, texts, 3, max_similarity=0.85) == [0, 2, 1]



def test_later_picks_follow_the_later_scores():
    e = _unit(np.eye(6))
    texts = [f"w{i} x{i} y{i}" for i in range(6)]
    first = np.array([6.0, 5, 4, 3, 2, 1])
    later = np.array([0.0, 0, 0, 1, 2, 3])
    assert pick_order(first, e, texts, 5, later=later) == [0, 1, 2, 5, 4]
    assert pick_order(first, e, texts, 5, later=later, lead_picks=1) == [0, 5, 4, 3, 1]  # ties: earlier


def _prefixes_read_alone(order, needs, can_open=None):
    """Every prefix of a pick order: no sentence whose antecedent it left out, and a first
    sentence (in article order) that may open a summary."""
    for k in range(1, len(order) + 1):
        picked = set(order[:k])
        if any(needs[i] is not None and needs[i] not in picked for i in picked):
            return False
        if can_open is not None and not can_open[min(picked)]:
            return False
    return True


def test_a_sentence_pointing_back_is_picked_only_after_its_antecedent():
    e = _unit(np.eye(5))
    texts = [f"w{i} x{i} y{i}" for i in range(5)]
    scores = np.array([0.5, 0.1, 0.9, 0.3, 0.2])
    needs = [None, None, 1, None, None]  # 2 opens "But..." and needs 1
    assert pick_order(scores, e, texts, 3) == [2, 0, 3]
    order = pick_order(scores, e, texts, 5, needs=needs)
    assert order == [0, 3, 4, 1, 2]
    assert _prefixes_read_alone(order, needs)
    # a chain: 3 needs 2, which needs 1
    chain = [None, None, 1, 2, None]
    order = pick_order(np.array([0.1, 0.2, 0.8, 0.9, 0.3]), e, texts, 5, needs=chain)
    assert order.index(1) < order.index(2) < order.index(3) and _prefixes_read_alone(order, chain)
    # one that needs a sentence left out of a sample (needs itself) comes after every other
    assert pick_order(scores, e, texts, 5, needs=[None, None, 2, None, None])[-1] == 2


def test_site_lines_come_last_and_half_quotes_never_open_a_summary():
    e = _unit(np.eye(4))
    texts = [f"w{i} x{i} y{i}" for i in range(4)]
    scores = np.array([0.2, 0.9, 0.5, 0.1])
    barred = np.array([False, True, False, False])
    assert pick_order(scores, e, texts, 4, barred=barred) == [2, 0, 3, 1]
    # 2 opens a quote it does not close: taken only once a sentence before it is
    can_open = np.array([True, True, False, True])
    order = pick_order(np.array([0.2, 0.1, 0.9, 0.5]), e, texts, 4, can_open=can_open)
    assert order == [3, 0, 2, 1] and _prefixes_read_alone(order, [None] * 4, can_open)


def test_every_prefix_of_a_pick_order_reads_alone():
    """Whatever the scores, the requirements hold for every summary length: the extension
    shortens and lengthens a summary by taking prefixes of the order."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        n = int(rng.integers(1, 14))
        e = _unit(rng.normal(size=(n, 6)))
        texts = [f"w{i} x{i} y{i} z{i}" for i in range(n)]
        barred = rng.random(n) < 0.1
        barred[0] = False  # (a sentence that waits on a barred one comes after it, of course)
        needs = [i - 1 if i and not barred[i - 1] and rng.random() < 0.4 else None for i in range(n)]
        can_open = rng.random(n) > 0.2
        can_open[0] = True
        order = pick_order(rng.normal(size=n), e, texts, n, later=rng.normal(size=n), needs=needs,
                           barred=barred, can_open=can_open)
        assert sorted(order) == list(range(n))
        assert _prefixes_read_alone(order, needs, can_open)
        free = [i for i in range(n) if not barred[i]]
        assert all(barred[i] for i in order[len(free):])
