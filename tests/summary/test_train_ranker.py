"""The ranker's training labels and how several trained scorers ship as one (scripts/train_ranker.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import train_ranker

from distill.summary.scorer import Scorer

REFERENCE = str.split("the mayor opened the new bridge on monday")
SENTENCES = [str.split(s) for s in (
    "the mayor opened the new bridge on monday",
    "crowds watched from the river banks as boats sailed past under grey skies all day long",
    "traffic was light",
    "a band played",
)]


def test_bertsum_oracle_stops_when_nothing_raises_rouge():
    assert train_ranker.greedy_oracle(SENTENCES, REFERENCE, k=3) == [0]


def test_exact_oracle_takes_k_picks_each_the_least_harmful():
    """A summary always has three sentences: the third label is the one that costs least (a
    short one here), not none."""
    picks = train_ranker.greedy_oracle(SENTENCES, REFERENCE, k=3, exact=True)
    assert picks[0] == 0 and len(picks) == 3
    assert set(picks[1:]) == {2, 3}  # the long sentence dilutes precision most


def test_exact_oracle_never_takes_more_sentences_than_there_are():
    assert train_ranker.greedy_oracle(SENTENCES[:2], REFERENCE, k=3, exact=True) == [0, 1]


def _scorer(w: dict[str, np.ndarray], names: list[str]) -> Scorer:
    return Scorer(names=tuple(names), mean=w["mean"], std=w["std"], w1=w["w1"], b1=w["b1"],
                  w2=w["w2"], b2=float(np.asarray(w["b2"]).reshape(-1)[0]), meta={})


def test_an_ensemble_scores_the_mean_of_its_members():
    rng = np.random.default_rng(0)
    names = [f"f{i}" for i in range(5)]
    mean, std = rng.normal(size=5).astype(np.float32), rng.uniform(0.5, 2, size=5).astype(np.float32)
    nets = [{"mean": mean, "std": std, "w1": rng.normal(size=(5, 4)).astype(np.float32),
             "b1": rng.normal(size=4).astype(np.float32), "w2": rng.normal(size=4).astype(np.float32),
             "b2": rng.normal(size=1).astype(np.float32)} for _ in range(3)]
    rows = rng.normal(size=(7, 5)).astype(np.float32)
    members = np.mean([_scorer(w, names)(rows, names) for w in nets], axis=0)
    packed = _scorer(train_ranker.ensemble(nets), names)(rows, names)
    assert packed.shape == (7,)
    np.testing.assert_allclose(packed, members, rtol=1e-5, atol=1e-5)
