"""Refocusing a summary on a reader's question or keywords (SMMRY's "keywords" box).

A query does not replace the ranker: a summary focused on "feeding schedule" should still be
made of sentences worth reading. Each sentence's relevance to the query (the similarity of its
embedding to the query's, from the model that embeds the sentences already, and the share of
the query's words it holds) is blended with the ranker's own score, both scaled to [0, 1]
within the article. A word counts as held when the sentence has it or another form of it
(same_word: "feed" and "feeding", "library" and "librarians"), which serves most languages
without a stemmer.
"""

from __future__ import annotations

import numpy as np

from ..text import primary_language
from .lexicon import function_words
from .rank import STOPWORDS, content_words, scale01

MAX_QUERY_CHARS = 300  # a question or a few keywords; the API refuses longer ones
# the query's share of a sentence's score: most of it, so the summary answers the question, but
# not all of it, so a sentence that merely repeats the query's words does not win on its own
QUERY_WEIGHT = 0.6
# within relevance: the embedding's similarity and the keyword match, half each. The static
# embedding alone ranks a sentence that talks around the topic as high as one that names it.
KEYWORD_SHARE = 0.5
# question words carry no topic of their own (the rest of the function words are already left out)
QUESTION_WORDS = {
    "en": frozenset({"what", "why", "how", "when", "who", "which", "does", "whom", "whose"}),
    "fr": frozenset({"quoi", "pourquoi", "comment", "quand", "qui", "quel", "quelle", "quels",
                     "quelles", "lequel", "laquelle", "combien", "est-ce"}),
    "de": frozenset({"was", "warum", "wieso", "weshalb", "wie", "wann", "wer", "wen", "wem",
                     "wessen", "welche", "welcher", "welches", "wo", "woher", "wohin"}),
    "es": frozenset({"qué", "que", "por", "porqué", "cómo", "cuándo", "quién", "quiénes",
                     "cuál", "cuáles", "dónde", "cuánto", "cuánta", "cuántos", "cuántas"}),
}
MIN_STEM = 4  # words shorter than this only match whole


def query_words(query: str, lang: str | None = None) -> set[str]:
    """The query's topic words: three letters or more, not a function or question word of the
    article's language ("quelles sont les mesures" is about "mesures") nor of English (a reader
    may ask in English about a page in another language)."""
    stop = (STOPWORDS | QUESTION_WORDS["en"] | function_words(lang)
            | QUESTION_WORDS.get(primary_language(lang), frozenset()))
    return content_words(query, stop)


def same_word(a: str, b: str) -> bool:
    """Two forms of one word, as far as a prefix tells: equal, or sharing all but the last two
    letters of the shorter one, and at least MIN_STEM ("opening" and "opens", "library" and
    "librarians"; not "fee" and "feed")."""
    if a == b:
        return True
    need = max(MIN_STEM, min(len(a), len(b)) - 2)
    return len(a) >= need and len(b) >= need and a[:need] == b[:need]


def _holds(word: str, words: set[str]) -> bool:
    return word in words or any(same_word(word, w) for w in words)


def keyword_match(texts: list[str], words: set[str]) -> np.ndarray:
    """Per sentence, the share of the query's words it holds (0 when the query has none)."""
    if not words:
        return np.zeros(len(texts))
    return np.array([sum(_holds(w, content_words(t)) for w in words) / len(words) for t in texts])


def relevance(texts: list[str], emb: np.ndarray, query: str, query_vec: np.ndarray | None,
              lang: str | None = None) -> np.ndarray:
    """Each sentence's relevance to the query, in [0, 1]: embedding similarity (scaled within the
    article) and keyword match, blended."""
    n = len(texts)
    if n == 0:
        return np.zeros(0)
    similar = scale01(emb @ query_vec) if query_vec is not None and emb.size and n > 1 else np.zeros(n)
    keywords = keyword_match(texts, query_words(query, lang))
    if not keywords.any():  # no sentence names the query's words: the embedding says it all
        return similar
    return (1 - KEYWORD_SHARE) * similar + KEYWORD_SHARE * keywords


def refocus(scores: np.ndarray, rel: np.ndarray, weight: float = QUERY_WEIGHT) -> np.ndarray:
    """The ranker's scores blended with relevance; both in [0, 1] within the article."""
    scores = np.asarray(scores, dtype=np.float64)
    if len(scores) < 2:
        return np.ones_like(scores)
    return (1 - weight) * scale01(scores) + weight * np.asarray(rel, dtype=np.float64)
