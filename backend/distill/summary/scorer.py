"""The learned sentence scorer: a small network over features.py's rows, weights in data/ranker.npz.

Trained by scripts/train_ranker.py on CNN/DailyMail training articles against greedy ROUGE
oracle picks (the file's ``meta`` says with what). Inference is two matrix products in numpy;
the file names the feature columns it was trained on, so a model trained without a feature
group (an ablation) scores the same rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .embed import ModelUnavailable

DEFAULT_PATH = Path(__file__).parent / "data" / "ranker.npz"


class ScorerUnavailable(ModelUnavailable):
    """The ranker file is missing or does not fit the features this code computes."""


@dataclass(frozen=True, eq=False)
class Scorer:
    names: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    meta: dict[str, Any]
    _columns: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, repr=False)

    def columns(self, names: list[str]) -> np.ndarray:
        """Where this model's features sit among the computed ones."""
        key = tuple(names)
        found = self._columns.get(key)
        if found is None:
            where = {name: i for i, name in enumerate(names)}
            missing = [n for n in self.names if n not in where]
            if missing:
                raise ScorerUnavailable(
                    f"the ranker needs features this code does not compute: {missing[:5]}")
            found = self._columns[key] = np.array([where[n] for n in self.names])
        return found

    def __call__(self, rows: np.ndarray, names: list[str]) -> np.ndarray:
        """One score per row (a logit: higher is more summary-worthy; comparable within an article)."""
        if len(rows) == 0:
            return np.zeros(0)
        x = (rows[:, self.columns(names)].astype(np.float32) - self.mean) / self.std
        hidden = np.maximum(x @ self.w1 + self.b1, 0.0)
        return (hidden @ self.w2 + self.b2).astype(np.float64)


def read(path: str | Path) -> Scorer:
    try:
        with np.load(path, allow_pickle=False) as data:
            return Scorer(
                names=tuple(str(n) for n in data["names"]),
                mean=data["mean"].astype(np.float32),
                std=data["std"].astype(np.float32),
                w1=data["w1"].astype(np.float32),
                b1=data["b1"].astype(np.float32),
                w2=data["w2"].astype(np.float32),
                b2=float(np.asarray(data["b2"]).reshape(-1)[0]),
                meta=json.loads(str(data["meta"])),
            )
    except (OSError, KeyError, ValueError) as exc:
        raise ScorerUnavailable(f"could not read the ranker from {path}: {exc}") from exc


@lru_cache(maxsize=8)
def load(path: str | None = None) -> Scorer:
    """The process's scorer (the shipped one unless a path is given), read once."""
    return read(path or DEFAULT_PATH)
