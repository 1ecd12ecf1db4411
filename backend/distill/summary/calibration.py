"""A small correction of the learned scorer for a language it was not trained on.

The scorer learned from English news (CNN/DailyMail's highlights, with no headline); a French
newsroom's abstract (OrangeSum's chapô: two sentences, about 34 words) rewards other things: the
words of the headline, shorter sentences, the first sentence a little more. A language's
calibration adds three terms to the scorer's logits:

    title * (share of the headline's content words the sentence holds)
    + words * (the sentence's length, min(words, 60) / 30: features.py's words_30)
    + lead * (1 for the article's first sentence)

Its three weights are chosen by scripts/fit_calibration.py on that language's dev articles (a
grid, scored by ROUGE-1 of the summaries themselves), which also reports the out-of-fold figure
of the same choice made in five folds; data/calibration.json keeps the weights and that report.
A language without one (English among them) keeps the scorer's logits as they are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..text import primary_language
from .lexicon import function_words
from .rank import content_words

DEFAULT_PATH = Path(__file__).parent / "data" / "calibration.json"


@dataclass(frozen=True)
class Calibration:
    title: float = 0.0
    words: float = 0.0
    lead: float = 0.0

    def terms(self, rows: np.ndarray, names: list[str], texts: list[str], title: str | None,
              lang: str | None) -> np.ndarray:
        """What to add to each sentence's logit (features.py's rows and names for the sentences;
        rows place a sample of a long article's sentences, so pos_0 is the article's first)."""
        out = (self.words * rows[:, names.index("words_30")].astype(np.float64)
               + self.lead * rows[:, names.index("pos_0")].astype(np.float64))
        if self.title and title:
            out = out + self.title * title_overlap(texts, title, lang)
        return out


def title_overlap(texts: list[str], title: str, lang: str | None) -> np.ndarray:
    """The share of the headline's content words (the language's function words left out) that
    each sentence holds."""
    stop = function_words(lang)
    head = content_words(title, stop)
    if not head:
        return np.zeros(len(texts))
    return np.array([len(content_words(t, stop) & head) / len(head) for t in texts])


def read(path: str | Path = DEFAULT_PATH) -> dict[str, Calibration]:
    """Each language's calibration in a calibration.json ({"fr": {"weights": {...}, ...}})."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {lang: Calibration(**entry["weights"]) for lang, entry in data.items()}


@cache
def _shipped() -> dict[str, Calibration]:
    try:
        return read(DEFAULT_PATH)
    except FileNotFoundError:
        return {}


def for_language(lang: str | None) -> Calibration | None:
    """The shipped calibration for a language tag ("fr", "fr-CA"), None for any without one."""
    return _shipped().get(primary_language(lang, default=""))


def adjust(scores: np.ndarray, rows: np.ndarray, names: list[str], texts: list[str],
           title: str | None, lang: str | None) -> np.ndarray:
    """The scorer's logits corrected for the article's language (unchanged without a
    calibration for it)."""
    found = for_language(lang)
    if found is None or len(scores) == 0:
        return scores
    return scores + found.terms(rows, names, texts, title, lang)
