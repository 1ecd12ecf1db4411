from __future__ import annotations

import numpy as np
import pytest

from distill.summary import scorer
from distill.summary.features import sentence_features


def _toy(names):
    k = len(names)
    return scorer.Scorer(names=tuple(names), mean=np.zeros(k, np.float32), std=np.ones(k, np.float32),
                         w1=np.eye(k, dtype=np.float32), b1=np.zeros(k, np.float32),
                         w2=np.ones(k, dtype=np.float32), b2=0.0, meta={})


def test_a_model_scores_only_the_columns_it_was_trained_on():
    s = _toy(["b"])
    rows = np.array([[5.0, 1.0], [0.0, 3.0]])
    assert s(rows, ["a", "b"]).tolist() == [1.0, 3.0]
    assert s(np.zeros((0, 2)), ["a", "b"]).size == 0
    with pytest.raises(scorer.ScorerUnavailable, match="does not compute"):
        s(rows, ["a", "c"])


def test_an_unreadable_ranker_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "ranker.npz"
    bad.write_bytes(b"not a numpy file")
    with pytest.raises(scorer.ScorerUnavailable, match="could not read"):
        scorer.read(bad)


def test_the_shipped_ranker_fits_the_features_and_says_how_it_was_trained():
    model = scorer.load()
    texts = ["The mayor resigned on Friday after a week of protests.", "She had led the city since 2019.",
             "Her deputy takes over until an election in May.", "Protesters cheered outside city hall."]
    emb = np.eye(4, 256, dtype=np.float32)
    rows, names, _ = sentence_features(texts, emb)
    scores = model(rows, names)
    assert scores.shape == (4,) and np.isfinite(scores).all()
    assert model.meta["articles"] > 10_000 and model.meta["oracle_k"] == 3
    assert model.w1.shape == (len(model.names), model.meta["hidden"])
