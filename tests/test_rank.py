from __future__ import annotations

import numpy as np
import pytest

from distill.rank import (
    RankParams,
    directed_centrality,
    scale01,
    score,
    select,
    summary_length,
)
from distill.summarize import embedding_sample


def _unit(rows):
    m = np.asarray(rows, dtype=np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_a_sentence_introducing_later_ones_beats_one_repeating_earlier_ones():
    # 0 and 3 are about the same topic; 0 comes first, so it introduces what 3 repeats.
    e = _unit([[1, 0.1, 0], [0, 1, 0], [0, 0, 1], [1, 0.12, 0]])
    c = directed_centrality(e @ e.T, beta=0.0, forward=1.0, backward=-0.5)
    assert c[0] > c[3]


def test_scores_are_bounded_and_one_per_sentence():
    rng = np.random.default_rng(0)
    e = _unit(rng.normal(size=(12, 8)))
    s = score(e)
    assert s.shape == (12,) and s.min() >= 0 and s.max() <= 1


def test_query_similarity_lifts_the_matching_sentence():
    e = _unit([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0.2, 1]])
    without = score(e, params=RankParams(w_position=0))
    with_q = score(e, query=_unit([[0, 1, 0]])[0], params=RankParams(w_position=0))
    assert with_q[1] - without[1] > 0


def test_select_returns_document_order_and_skips_duplicates():
    e = _unit([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]])
    picked = select(np.array([1.0, 0.99, 0.5, 0.1]), e, 2, mmr_lambda=0.5)
    assert picked == [0, 2]
    assert select(np.array([0.1, 0.9, 0.5]), _unit(np.eye(3)), 2) == [1, 2]
    assert select(np.array([0.1]), _unit([[1, 0]]), 5) == [0]


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


def test_near_duplicates_are_a_last_resort():
    e = _unit([[1, 0, 0], [1, 0.05, 0], [0, 1, 0]])
    scores = np.array([1.0, 0.95, 0.1])
    assert select(scores, e, 2, mmr_lambda=1.0) == [0, 1]  # no redundancy control at all
    assert select(scores, e, 2, mmr_lambda=1.0, max_similarity=0.85) == [0, 2]
    assert select(scores, e, 3, mmr_lambda=1.0, max_similarity=0.85) == [0, 1, 2]


def test_picks_after_the_lead_ones_rank_without_the_position_prior():
    from distill.rank import mmr_order, score_both

    rng = np.random.default_rng(3)
    e = _unit(rng.normal(size=(20, 16)))
    params = RankParams(w_position=50.0)  # the prior alone decides the opening picks
    with_prior, without = score_both(e, params=params)
    order = mmr_order(with_prior, e, 6, 1.0, 1.0, without, lead_picks=3)
    assert order[:3] == [0, 1, 2]  # the top of the story, as the prior says
    rest = [i for i in np.argsort(-without) if i not in (0, 1, 2)][:3]
    assert order[3:] == rest  # then coverage: the best of the rest without the prior
    assert mmr_order(with_prior, e, 6, 1.0, 1.0)[:6] == [0, 1, 2, 3, 4, 5]  # one score: the lead
