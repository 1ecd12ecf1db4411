"""Sentence features for the learned ranker: one row per sentence, every column named and grouped.

The same function builds the training rows (scripts/train_ranker.py, on lowercased, tokenized
CNN/DailyMail) and the rows ranked at request time (real, cased pages), so every feature here is
blind to case and to tokenization: words are runs of letters, quotes are any quote mark
(" “ ” `` ''), and the embedding model is uncased. Groups exist so the quality script can retrain
without one and say what each is worth.
"""

from __future__ import annotations

import re

import numpy as np

from ..text import CJK_CHARS
from .lexicon import first_person, function_words
from .rank import (
    content_words,
    directed_centrality,
    lexical_centrality,
    scale01,
    sentence_counts,
)

LEAD_SLOTS = 5  # one-hot position for the first few sentences, where news puts its summary
_WORDS = re.compile(r"[^\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d")
_QUOTE = re.compile(r"[\"“”„«»]|``|''")
# PacSum's graph (rank.directed_centrality) with its paper's settings
PACSUM_BETA = 0.3


def _position(i: np.ndarray, n: int) -> tuple[list[str], np.ndarray]:
    cols = [(i == k).astype(np.float64) for k in range(LEAD_SLOTS)]
    cols += [np.log1p(i), i / max(n - 1, 1), np.full(len(i), np.log1p(n))]
    names = [f"pos_{k}" for k in range(LEAD_SLOTS)] + ["log_pos", "rel_pos", "log_n"]
    return names, np.stack(cols, axis=1)


def count_words(text: str, runs: list[str] | None = None) -> int:
    """Runs of letters or digits (so PTB's " , " and "n't" split no differently from real text),
    one per character in scripts written without spaces (as sentences.count_words). runs:
    _WORDS.findall(text), when the caller has it."""
    cjk = len(CJK_CHARS.findall(text))
    if cjk:
        return len(_WORDS.findall(CJK_CHARS.sub(" ", text))) + cjk
    return len(_WORDS.findall(text) if runs is None else runs)


def _length(texts: list[str], runs: list[list[str]]) -> tuple[list[str], np.ndarray]:
    words = np.array([count_words(t, r) for t, r in zip(texts, runs, strict=True)], dtype=np.float64)
    rel = words / max(float(np.mean(words)), 1.0)
    cols = [np.log1p(words), np.minimum(words, 60) / 30, rel, (words < 10).astype(np.float64)]
    return ["log_words", "words_30", "rel_words", "short"], np.stack(cols, axis=1)


def _surface(texts: list[str], runs: list[list[str]], lang: str | None = None,
             ) -> tuple[list[str], np.ndarray]:
    rows = []
    speaker = first_person(lang)
    for t, r in zip(texts, runs, strict=True):
        digits = len(_DIGITS.findall(t))
        # every character of the runs is a digit or a letter: the letters are the rest
        letters = max(sum(map(len, r)) - digits, 1)
        stripped = t.strip()
        rows.append([
            min(digits / letters, 1.0),
            float(bool(_QUOTE.search(t))),
            float(bool(_QUOTE.match(stripped))),
            float(stripped.endswith(("?", "? ''", '?"'))),
            float(bool(speaker.search(t))),
            float(":" in t),
        ])
    return ["digits", "has_quote", "starts_quote", "question", "first_person", "colon"], np.array(
        rows, dtype=np.float64).reshape(len(texts), 6)


def _lexical(texts: list[str], lang: str | None = None) -> tuple[list[str], np.ndarray]:
    n = len(texts)
    stopwords = function_words(lang)
    word_sets = [content_words(t, stopwords) for t in texts]
    doc_counts = sentence_counts(word_sets)
    central = lexical_centrality(word_sets, doc_counts)
    # share of a sentence's words that recur elsewhere in the article (topic words), and overlap
    # with the lead sentence
    recur = np.array([sum(doc_counts[w] > 1 for w in ws) / max(len(ws), 1) for ws in word_sets])
    lead = word_sets[0] if n else set()
    lead_overlap = np.array([len(ws & lead) / max(len(ws | lead), 1) for ws in word_sets])
    # SumBasic (Nenkova & Vanderwende 2005): the mean article frequency of a sentence's words,
    # and its most frequent word, as a share of the article's sentences
    # (a mean of whole counts is exact in Python; np.mean costs more than the sum, once a sentence)
    sumbasic = np.array([sum(doc_counts[w] for w in ws) / len(ws) / n if ws else 0.0
                         for ws in word_sets])
    top_word = np.array([max((doc_counts[w] for w in ws), default=0) / n for ws in word_sets])
    cols = [scale01(central), central / max(n - 1, 1), recur, lead_overlap, sumbasic, top_word]
    names = ["lex_central", "lex_central_abs", "lex_recur", "lex_lead", "lex_sumbasic", "lex_top_word"]
    return names, np.stack(cols, axis=1)


def _centroid(emb: np.ndarray) -> np.ndarray:
    centroid = emb.mean(axis=0)
    return centroid / (np.linalg.norm(centroid) or 1.0)


def _embedding_graph(emb: np.ndarray, centroid: np.ndarray) -> tuple[list[str], np.ndarray]:
    n = emb.shape[0]
    sim = emb @ emb.T
    to_centroid = emb @ centroid
    forward = directed_centrality(sim, PACSUM_BETA, 1.0, 0.0)
    backward = directed_centrality(sim, PACSUM_BETA, 0.0, 1.0)
    off = sim - np.eye(n) * 2.0  # the diagonal never wins a max
    earlier = np.array([off[i, :i].max() if i else 0.0 for i in range(n)])
    degree = np.clip(off, 0, None).sum(axis=1) / max(n - 1, 1)
    rank_c = np.argsort(np.argsort(-to_centroid)) / max(n - 1, 1)
    cols = [to_centroid, rank_c, scale01(forward), scale01(backward), degree, sim[:, 0], earlier]
    names = ["emb_centroid", "emb_centroid_rank", "emb_forward", "emb_backward", "emb_degree",
             "emb_lead", "emb_max_earlier"]
    return names, np.stack(cols, axis=1)


def _embedding_vector(emb: np.ndarray, centroid: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The sentence's own embedding, and the article's mean one: what kind of sentence in what
    kind of story (a quote in a sports report, a figure in a business story)."""
    d = emb.shape[1]
    names = [f"vec_{j}" for j in range(d)] + [f"doc_{j}" for j in range(d)]
    return names, np.concatenate([emb, np.repeat(centroid[None, :], len(emb), axis=0)],
                                 axis=1).astype(np.float64)


# group -> the functions that build it; "embedding" is every signal the sentence model gives
GROUPS = ("position", "length", "surface", "lexical", "embedding_graph", "embedding_vector")


def sentence_features(texts: list[str], emb: np.ndarray, positions: np.ndarray | None = None,
                      total: int | None = None, lang: str | None = None,
                      ) -> tuple[np.ndarray, list[str], list[str]]:
    """(rows, column names, each column's group) for the sentences of one article, in order.
    positions and total place a sample of a long article's sentences within the whole of it;
    lang picks the word lists (lexicon.py; English when None or without lists)."""
    if positions is None:
        positions = np.arange(len(texts))
    total = len(texts) if total is None else total
    centroid = _centroid(emb)
    runs = [_WORDS.findall(t) for t in texts]
    parts = [
        ("position", _position(np.asarray(positions, dtype=np.float64), total)),
        ("length", _length(texts, runs)),
        ("surface", _surface(texts, runs, lang)),
        ("lexical", _lexical(texts, lang)),
        ("embedding_graph", _embedding_graph(emb, centroid)),
        ("embedding_vector", _embedding_vector(emb, centroid)),
    ]
    names = [name for _, (cols, _) in parts for name in cols]
    groups = [group for group, (cols, _) in parts for _ in cols]
    rows = np.concatenate([m for _, (_, m) in parts], axis=1).astype(np.float32)
    return rows, names, groups


# the coverage score's weights (lexical, PacSum, headline), chosen on the dev set's BBC articles
# at their matching budget (ratio 0.42) with scripts/eval_ranker.py's data
COVERAGE_WEIGHTS = {"lex_central": 4.0, "emb_forward": 1.0}
COVERAGE_HEADLINE_WEIGHT = 1.0


def coverage_scores(rows: np.ndarray, names: list[str], emb: np.ndarray,
                    headline: np.ndarray | None = None) -> np.ndarray:
    """How central each sentence is to the whole article: for the picks after a summary's opening
    ones, which should cover the rest of the story rather than read on down the lead. Word-overlap
    centrality (TextRank), PacSum's forward centrality (both already among the rows) and the
    similarity to the headline, each scaled to [0, 1]: the unsupervised ranking Distill used
    before the learned scorer."""
    total = sum(w * rows[:, names.index(name)].astype(np.float64) for name, w in COVERAGE_WEIGHTS.items())
    if headline is not None and headline.size:
        total = total + COVERAGE_HEADLINE_WEIGHT * scale01(emb @ headline)
    return total
