"""Search the ranking parameters on the summarization dev set, embedding every article once.

Prints ROUGE-1/2 (F1, stemmed, mean over references, as ../shared/tools/score_summary.py
scores) for Lead-3 and for each parameter setting, per source. The official figures come from
scripts/quality; this is the quick loop for trying ideas.

    .venv/bin/python scripts/tune_ranking.py [--grid small|full] [--k 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
from rouge_score import rouge_scorer

from distill import embed, rank
from distill.config import get_settings
from distill.summarize import read_text

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "summarization-dev" / "dev.jsonl"


def load(path: Path):
    settings = get_settings()
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        reading = read_text(rec["text"], settings, title=rec.get("title"))
        sents = reading.sentences
        texts = [s.text for s in sents]
        queries = [rec["title"]] if rec.get("title") else []
        vecs = embed.encode(texts + queries, settings.model, settings.torch_threads)
        emb, q = vecs[: len(texts)], vecs[len(texts):]
        query = None
        if len(q):
            query = q.mean(axis=0)
            query /= np.linalg.norm(query)
        articles.append({"rec": rec, "texts": texts, "emb": emb, "query": query,
                         "paras": np.array([s.paragraph for s in sents], dtype=float)})
    return articles


SCORER = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


_MEMO: dict[tuple, tuple[float, float]] = {}


def rouge(summary: list[str], refs: list[str]) -> tuple[float, float]:
    key = (tuple(summary), tuple(refs))
    if key not in _MEMO:
        _MEMO[key] = _rouge(summary, refs)
    return _MEMO[key]


def _rouge(summary: list[str], refs: list[str]) -> tuple[float, float]:
    r1 = r2 = 0.0
    for ref in refs:
        s = SCORER.score(ref, "\n".join(summary))
        r1 += s["rouge1"].fmeasure
        r2 += s["rouge2"].fmeasure
    return 100 * r1 / len(refs), 100 * r2 / len(refs)


def query_of(a, mode: str):
    lead = a["emb"][0]
    if mode == "title" or (mode == "title_or_lead" and a["query"] is not None):
        return a["query"]
    if mode == "title_or_lead" or a["query"] is None:
        return lead
    q = a["query"] + lead
    return q / np.linalg.norm(q)


QUERY_MODE = "title"


def evaluate(articles, params: rank.RankParams | None, k: int) -> dict[str, tuple[float, float]]:
    by_source: dict[str, list[tuple[float, float]]] = {}
    for a in articles:
        n = len(a["texts"])
        if params is None:
            picked = list(range(min(k, n)))
        else:
            scores, later = rank.score_both(a["emb"], np.arange(n, dtype=float), query_of(a, QUERY_MODE),
                                            params, texts=a["texts"])
            picked = rank.select(scores, a["emb"], k, params.mmr_lambda, params.max_similarity, later,
                                 params.lead_picks)
        refs = a["rec"].get("references") or [a["rec"]["reference"]]
        by_source.setdefault(a["rec"]["source"], []).append(rouge([a["texts"][i] for i in picked], refs))
        by_source.setdefault("ALL", []).append(by_source[a["rec"]["source"]][-1])
    return {src: tuple(np.mean(v, axis=0)) for src, v in by_source.items()}


def fmt(res):
    return "  ".join(f"{src}: {r1:5.2f}/{r2:5.2f}" for src, (r1, r2) in sorted(res.items()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--grid", choices=["small", "full", "lexical", "dupes", "none"], default="small")
    ap.add_argument("--query", choices=["title", "title_or_lead", "title_and_lead"], default="title")
    args = ap.parse_args()
    global QUERY_MODE
    QUERY_MODE = args.query
    articles = load(DEV)
    print("lead-3   ", fmt(evaluate(articles, None, args.k)))
    base = rank.RankParams()
    print("default  ", fmt(evaluate(articles, base, args.k)), base)
    if args.grid == "none":
        return
    grid = {
        "small": {"w_position": [0.3, 0.6, 1.0], "w_query": [0.0, 0.6], "mmr_lambda": [0.75, 1.0],
                  "w_length": [0.0, 0.3]},
        "full": {"w_position": [0.6, 1.0, 1.5, 2.5], "position_scale": [1.0, 2.0, 4.0],
                 "w_query": [0.3, 0.6], "backward": [0.0, -0.3],
                 "mmr_lambda": [0.5, 0.6, 0.75, 0.9], "w_length": [0.0, 0.2, 0.4]},
        "lexical": {"w_lexical": [2.0, 3.0, 4.0], "w_position": [2.0, 3.0, 4.0, 6.0],
                    "w_query": [0.3], "mmr_lambda": [0.9, 1.0], "w_centrality": [0.5, 1.0],
                    "position_scale": [4.0, 8.0], "w_length": [0.0, 0.5, 1.0]},
        "dupes": {"max_similarity": [0.7, 0.75, 0.8, 0.85, 0.9, 1.0]},
    }[args.grid]
    lead = evaluate(articles, None, args.k)
    results = []
    for values in itertools.product(*grid.values()):
        params = replace(base, **dict(zip(grid, values, strict=True)))
        res = evaluate(articles, params, args.k)
        # the worst source's margin over Lead-3 decides: a win on one set must not be a loss on another
        margin = min(res[src][0] + res[src][1] - lead[src][0] - lead[src][1] for src in res if src != "ALL")
        results.append((margin, res, params))
    results.sort(key=lambda r: -r[0])
    for margin, res, params in results[:15]:
        print(f"{margin:+.2f}", fmt(res), {k: getattr(params, k) for k in grid})


if __name__ == "__main__":
    main()
