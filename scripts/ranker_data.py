"""What training and evaluating the ranker both read: an article's sentences as a request sees
them, the summarization dev sets, and how a ranker's summaries of them are scored.

scripts/train_ranker.py trains on these rows and reports the dev figures beside the model;
scripts/eval_ranker.py scores ranker files on the same rows. Both import this module and never
each other, so a change to how articles are read or scored reaches both at once.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DISTILL_SHARED", ROOT.parent / "shared"))

# (label, file under ../shared/data, source, sentences, ratio)
SETS = [
    ("cnn", "cnndm/dev-cnn.jsonl", None, 3, None),
    ("dailymail", "cnndm/dev-dailymail.jsonl", None, 3, None),
    ("writers", "summarization-dev/dev.jsonl", "llmnews-writers", 3, None),
    ("bbc", "summarization-dev/dev.jsonl", "bbc-news-summary", 3, None),
    ("bbc@0.42", "summarization-dev/dev.jsonl", "bbc-news-summary", None, 0.42),
    ("french", "summarization-multilingual-dev/dev-fr.jsonl", None, 3, None),
]


def article_rows(text: str, title: str | None = None) -> dict | None:
    """An article's sentences as a request sees them (read_text, embed_sentences, features):
    texts, embeddings, feature rows and names, coverage scores; None when it has none."""
    from distill.config import get_settings
    from distill.errors import NoArticle
    from distill.pipeline import embed_sentences, read_text
    from distill.summary import calibration, features, references

    settings = get_settings()
    try:
        reading = read_text(text, settings, title=title)
    except NoArticle:
        return None
    texts = [s.text for s in reading.sentences]
    emb, headline = embed_sentences(texts, title, settings)
    lang = reading.article.lang
    rows, names, _ = features.sentence_features(texts, emb, lang=lang)
    adjust = calibration.adjust(np.zeros(len(texts)), rows, names, texts, title, lang)
    return {"texts": texts, "emb": emb, "rows": rows, "names": names, "calibration": adjust,
            "later": features.coverage_scores(rows, names, emb, headline),
            "needs": references.requirements(texts, reading.article.lang)}


def load_set(file: str, source: str | None, limit: int | None) -> list[dict]:
    """A dev set's articles as article_rows, each with its reference summaries ("refs")."""
    out = []
    for line in (SHARED / "data" / file).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if source and rec["source"] != source:
            continue
        article = article_rows(rec["text"], rec.get("title"))
        if article is None:
            continue
        out.append({**article, "refs": rec.get("references") or [rec["reference"]]})
        if limit and len(out) >= limit:
            break
    return out


@cache
def _rouge_scorer():
    from rouge_score import rouge_scorer  # the quality extra: training without a report needs none

    return rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


def rouge(summary: list[str], refs: list[str]) -> tuple[float, float]:
    """ROUGE-1/2 F1 with stemming, mean over references, as ../shared/tools/score_summary.py."""
    r1 = r2 = 0.0
    for ref in refs:
        s = _rouge_scorer().score(ref, "\n".join(summary))
        r1 += s["rouge1"].fmeasure
        r2 += s["rouge2"].fmeasure
    return 100 * r1 / len(refs), 100 * r2 / len(refs)


def evaluate(articles: list[dict], model, sentences, ratio, repair: bool = True) -> np.ndarray:
    """Per-article (R-1, R-2, dangling sentences, sentences) of a ranker's summaries (a
    distill.summary.scorer.Scorer; model None is Lead-k); dangling: sentences that point back to
    one the summary left out (references.dangling); repair False picks without references.py's
    requirements, as Distill did before them."""
    from distill.summary import rank, references

    out = []
    for a in articles:
        k = rank.summary_length(len(a["texts"]), sentences, ratio)
        if model is None:
            picked = list(range(k))
        else:
            scores = model(a["rows"], a["names"]) + a["calibration"]
            needs = a["needs"]
            repairs = ({"needs": needs.needs, "barred": needs.barred, "can_open": needs.can_open}
                       if repair else {})
            picked = sorted(rank.pick_order(scores, a["emb"], a["texts"], k, later=a["later"],
                                            **repairs))
        out.append((*rouge([a["texts"][i] for i in picked], a["refs"]),
                    len(references.dangling(picked, a["needs"].needs)), len(picked)))
    return np.array(out)
