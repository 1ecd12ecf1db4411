"""Graph signals over an article's sentences, and the greedy pick that turns scores into a summary.

The scores themselves come from the learned scorer (scorer.py over features.py's rows); these
are the hand-written parts it builds on. PacSum's directed centrality (Zheng & Lapata 2019,
"Sentence Centrality Revisited for Unsupervised Summarization") says how much a sentence
introduces what follows it; TextRank's word-overlap graph (Mihalcea & Tarau 2004) favours long,
content-rich sentences, which the embedding graph (length-blind by construction) does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .lexicon import function_words

# Function words carry no topic: English's (lexicon.py has other languages')
STOPWORDS = function_words("en")


def cosine_matrix(embeddings: np.ndarray) -> np.ndarray:
    """res[i][j] = cos(e_i, e_j) for unit-length rows."""
    return embeddings @ embeddings.T


def scale01(x: np.ndarray) -> np.ndarray:
    lo, hi = float(np.min(x)), float(np.max(x))
    if hi - lo < 1e-12:
        return np.zeros_like(x, dtype=np.float64)
    return (x - lo) / (hi - lo)


def directed_centrality(sim: np.ndarray, beta: float, forward: float, backward: float) -> np.ndarray:
    """PacSum's score: forward * sum_{j>i} e'_ij + backward * sum_{j<i} e'_ij."""
    n = sim.shape[0]
    if n < 2:
        return np.zeros(n)
    off = sim[~np.eye(n, dtype=bool)]
    threshold = off.min() + beta * (off.max() - off.min())
    edges = np.clip(sim - threshold, 0.0, None)
    np.fill_diagonal(edges, 0.0)
    upper = np.triu(edges, 1)
    after = upper.sum(axis=1)  # similarity mass of the sentences that follow i
    before = upper.sum(axis=0)  # ... and of those that precede it
    return forward * after + backward * before


_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def content_words(text: str, stopwords: frozenset[str] = frozenset()) -> set[str]:
    return {w for w in map(str.lower, _WORD.findall(text)) if w not in stopwords}


def sentence_counts(word_sets: list[set[str]]) -> Counter:
    """How many of the sentences hold each word."""
    return Counter(w for words in word_sets for w in words)


def lexical_centrality(word_sets: list[set[str]], counts: Counter | None = None) -> np.ndarray:
    """TextRank's sentence graph (Mihalcea & Tarau 2004), summed per sentence:
    sim(i, j) = |Wi & Wj| / (log|Wi| + log|Wj|). It favours long, content-rich sentences,
    which the embedding graph (length-blind by construction) does not. counts:
    sentence_counts(word_sets), when the caller has it."""
    n = len(word_sets)
    if counts is None:
        counts = sentence_counts(word_sets)
    # a word in one sentence only adds to that sentence's overlap with itself, which is not an
    # edge: most of an article's words, left out of the product
    shared = {w: j for j, w in enumerate(w for w, c in counts.items() if c > 1)}
    if not shared:
        return np.zeros(n)
    rows, cols = [], []
    for i, words in enumerate(word_sets):
        for w in words:
            j = shared.get(w)
            if j is not None:
                rows.append(i)
                cols.append(j)
    m = np.zeros((n, len(shared)), dtype=np.float32)
    m[rows, cols] = 1.0
    overlap = m @ m.T
    logs = np.log(np.maximum([len(w) for w in word_sets], 2)).astype(np.float64)
    sim = overlap / (logs[:, None] + logs[None, :])
    np.fill_diagonal(sim, 0.0)
    return sim.sum(axis=1)


def summary_length(n_sentences: int, sentences: int | None, ratio: float | None,
                   default_min: int = 3, default_max: int = 5) -> int:
    """How many sentences to pick: as asked, else about a tenth of the article within 3-5."""
    if n_sentences == 0:
        return 0
    if sentences is not None:
        return min(sentences, n_sentences)
    if ratio is not None:
        return min(n_sentences, max(1, round(ratio * n_sentences)))
    return min(n_sentences, max(default_min, min(default_max, round(n_sentences / 10))))


_TOKENS = re.compile(r"[^\W_]+", re.UNICODE)


def word_trigrams(text: str) -> set[tuple[str, str, str]]:
    words = [w.lower() for w in _TOKENS.findall(text)]
    return set(zip(words, words[1:], words[2:], strict=False))


def pick_order(scores: np.ndarray, embeddings: np.ndarray, texts: list[str], k: int,
               max_similarity: float = 0.85, block_trigrams: bool = True,
               later: np.ndarray | None = None, lead_picks: int = 3,
               trigram_share: float = 0.1, needs: Sequence[int | None] | None = None,
               barred: np.ndarray | None = None, can_open: np.ndarray | None = None) -> list[int]:
    """The first k sentences by score, in pick order, each the best one not repeating a pick.

    A sentence repeats a pick when its embedding is closer than max_similarity to it, or, among
    the first lead_picks, when more than trigram_share of its word trigrams were said by the
    picks (BertSum's trigram blocking, which blocks on any shared trigram: news repeats its lead
    further down nearly word for word, but one shared name or phrase is not a repeat; on the dev
    sets 0.1 beat any-trigram on every source: CNN R-1/R-2 +0.19/+0.21, writers +0.40, BBC
    +1.3. In a long summary shared trigrams are common and blocking them would leave out most of
    the story). Repeats come
    only after every other. Greedy picks are nested, so the first j of this order is the
    j-sentence summary. With later scores, picks after the first lead_picks are made by those
    instead: the top of an inverted-pyramid story is its best short summary, but a longer
    summary should cover the rest of the story.

    needs (references.antecedents) says which sentence each one cannot be read without: a
    sentence is taken only after the one it needs, so no prefix of the order (no summary of any
    length) holds a sentence that points back to one it left out. (Taking the one it needs
    first when the two are worth more together than the best free sentence did no better on the
    dev sets: CNN R-1 +0.03, Daily Mail -0.04, BBC -0.59, French +0.10.)
    barred sentences (references.site_line) come after every other, and a sentence that is no
    opener (can_open False: half a quote, references.opens_quote) only after a pick that comes
    before it in the article, so that it never starts a summary. A sentence is taken out of turn
    only when nothing else is left.
    """
    n = len(scores)
    k = max(0, min(k, n))
    if k == 0:
        return []
    sim = cosine_matrix(embeddings) if embeddings.size else np.zeros((n, n))
    grams = [word_trigrams(t) for t in texts] if block_trigrams else [set()] * n
    first = np.asarray(scores, dtype=np.float64)
    rest = first if later is None else np.asarray(later, dtype=np.float64)
    need = np.array([-1 if j is None else j for j in (needs or [None] * n)], dtype=np.int64)
    allowed = np.ones(n, dtype=bool) if barred is None else ~np.asarray(barred, dtype=bool)
    duplicate = np.zeros(n, dtype=bool)
    shares_trigram = np.zeros(n, dtype=bool)
    available = np.ones(n, dtype=bool)
    seen: set[tuple[str, str, str]] = set()
    chosen: list[int] = []
    for pick in range(k):
        opening = pick < lead_picks
        value = first if opening else rest
        free = (need < 0) | ~available[np.maximum(need, 0)]
        free &= need != np.arange(n)  # one that needs a sentence left out of a sample never is
        if can_open is not None:
            free &= can_open | (np.arange(n) > (min(chosen) if chosen else n))
        tiers = [available & allowed & free & ~duplicate, available & allowed & free,
                 available & free, available]
        candidates = next(t for t in tiers if t.any())
        if opening and (candidates & ~shares_trigram).any():
            candidates = candidates & ~shares_trigram
        best = int(np.flatnonzero(candidates)[np.argmax(value[candidates])])  # ties: earlier
        chosen.append(best)
        available[best] = False
        duplicate |= sim[best] > max_similarity
        if block_trigrams and pick + 1 < lead_picks:
            seen |= grams[best]
            for i in np.flatnonzero(available & ~shares_trigram):
                if len(grams[i] & seen) > trigram_share * len(grams[i]):
                    shares_trigram[i] = True
    return chosen
