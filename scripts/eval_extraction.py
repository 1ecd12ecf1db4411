"""Extraction P/R/F1 on every dev set, Distill beside readability-lxml and trafilatura, in one run.

The quick loop for extraction work and the table ``scripts/quality extract`` prints. Every page
runs in process (all cores, input order kept) through the same code a request runs; the
baselines are the shared scorer's own extractor definitions, and their per-page results are
cached under artifacts/quality/ by library version (they never change with our code).

Sets and how each is scored (../shared/tools and ../shared/data/extraction-dev):
  mozilla          129 pages, shingle F1 against Readability.js's reviewed output; Distill's reader
                   HTML is converted to text with the benchmark's html_to_text, like the baseline's
  dragnet-train    966 hand-marked news/blog pages (2012), shingle F1, Distill's plain text
  dragnet-test     the other 415 Dragnet pages (Dragnet's own split; kept for checking, not tuning)
  trafilatura-eval 990 mostly German pages, must-contain / must-not-contain snippets (micro counts)
  wcxb-article     WCXB's 793 dev articles (2025-26), WCXB's metric: bag-of-words F1 of each page
                   (word tokens, lower case), the mean over pages; "broken" counts pages under 0.5
  wcxb-docs        WCXB's 91 dev documentation pages, the same metric
  wcxb-forum       WCXB's 113 dev forum threads, the same metric
Intervals are 95% percentile bootstrap over pages; "vs" columns are the paired difference of F1
(Distill minus the baseline) on the same resampled pages. "overall" is the mean of the set F1s.

    .venv/bin/python scripts/eval_extraction.py [--sets dragnet-train,...] [--limit N] [--boot 1000]
    .venv/bin/python scripts/eval_extraction.py --sets dragnet-train --worst 20   # look at failures
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import random
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DISTILL_SHARED", ROOT.parent / "shared"))
TOOLS = SHARED / "tools"
DEV = SHARED / "data" / "extraction-dev"
OUT = ROOT / "artifacts" / "quality"
BASELINES = ("readability-lxml-partial", "trafilatura-nocomments")
SETS = ("mozilla", "dragnet-train", "dragnet-test", "trafilatura-eval", "wcxb-article", "wcxb-docs",
        "wcxb-forum")
WCXB_TYPES = {"wcxb-article": "article", "wcxb-docs": "documentation", "wcxb-forum": "forum"}
BROKEN_F1 = 0.5  # WCXB: a page under this F1 is a broken reader view
TIMEOUT_S = 30.0


def _tools():
    sys.dont_write_bytecode = True  # leave no __pycache__ beside the shared tools
    spec = importlib.util.spec_from_file_location("score_extraction", TOOLS / "score_extraction.py")
    se = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(se)
    return se


SE = _tools()


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def load(name: str, limit: int | None) -> list[dict]:
    """Pages as dicts: id, url, html, and either truth (shingle sets) or with/without snippets."""
    if name == "mozilla":
        pages = SE.load_dataset("mozilla")
    elif name.startswith("dragnet"):  # the scorer's own loader (ScrapingHub layout), one split of it
        root = DEV / "dragnet"
        split = name.split("-")[1]
        gt = json.loads((root / "ground-truth.json").read_text("utf8"))
        pages = [p for p in SE.load_dataset("scrapinghub", root) if gt[p["id"]].get("split") == split]
    elif name == "trafilatura-eval":
        root = DEV / "trafilatura-eval"
        snip = json.loads((root / "snippets.json").read_text("utf8"))
        pages = []
        for key in sorted(snip):
            with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf8") as f:
                pages.append({"id": key, "url": snip[key].get("url") or "", "html": f.read(),
                              "with": snip[key]["with"], "without": snip[key]["without"]})
    elif name in WCXB_TYPES:
        root = DEV / "wcxb-dev"
        gt = json.loads((root / "ground-truth.json").read_text("utf8"))
        pages = []
        for key in sorted(gt):
            if gt[key]["type"] != WCXB_TYPES[name]:
                continue
            with gzip.open(root / "html" / f"{key}.html.gz", "rt", encoding="utf8", errors="replace") as f:
                pages.append({"id": key, "url": gt[key].get("url") or "", "html": f.read(),
                              "bow_truth": gt[key]["main_content"] or ""})
    else:
        raise SystemExit(f"unknown set {name}; choose from {', '.join(SETS)}")
    return pages[:limit] if limit else pages


# ------------------------------------------------------------------ extractors (run in workers)
_FN = None


def _distill_fn(html_mode: bool, method: str):
    from distill.errors import DistillError
    from distill.page.reader import render
    from distill.pipeline import read_page

    def run(src: str, url: str) -> str:
        run.info = None
        try:
            reading = read_page(src, url or None, require_summary=False, method=method)
        except DistillError as exc:
            run.info = exc.code
            return ""  # "no article" is an empty prediction, as the benchmark scores it
        run.info = reading.article.extractor
        return SE.html_to_text(render(reading.root)) if html_mode else reading.plain_text()
    return run


def _init(extractor: str, html_mode: bool, method: str) -> None:
    global _FN
    import logging

    logging.disable(logging.WARNING)
    os.environ["DISTILL_HELPER"] = "0"  # a batch: every core already has a page (no helper process)
    _FN = _distill_fn(html_mode, method) if extractor == "distill" else SE.EXTRACTORS[extractor][0]()[1]


def _run(page: dict) -> tuple[str, str | None, str | None]:
    """(text, error, which path Distill took or why it found nothing)."""
    try:
        text = SE.call_with_timeout(_FN, page["html"], page["url"], TIMEOUT_S) or ""
        return text, None, getattr(_FN, "info", None)
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "", f"{type(exc).__name__}: {exc}"[:300], None


def predict(extractor: str, name: str, pages: list[dict], workers: int,
            method: str = "auto") -> list[tuple[str, str | None, str | None]]:
    slim = [{"html": p["html"], "url": p["url"]} for p in pages]
    with Pool(workers, initializer=_init, initargs=(extractor, name == "mozilla", method)) as pool:
        return list(pool.imap(_run, slim, chunksize=4))


# ------------------------------------------------------------------ scoring
_WORD = re.compile(r"\w+")


def bow_scores(truth: str, pred: str) -> tuple[float, float, float]:
    """WCXB's per-page (P, R, F1): bags of lower-cased word tokens (_WORD); an empty truth scores 1 only
    against an empty prediction, an empty prediction 0."""
    t, p = Counter(_WORD.findall(truth.lower())), Counter(_WORD.findall(pred.lower()))
    if not t:
        return (1.0, 1.0, 1.0) if not p else (0.0, 0.0, 0.0)
    if not p:
        return 0.0, 0.0, 0.0
    common = sum((t & p).values())
    prec, rec = common / sum(p.values()), common / sum(t.values())
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def page_record(page: dict, pred: str, err: str | None, info: str | None = None) -> dict:
    rec = {"id": page["id"], "error": err, "info": info}
    if "bow_truth" in page:
        rec["counts"] = bow_scores(page["bow_truth"], pred)
    elif "truth" in page:
        rec["counts"] = SE.page_counts(page["truth"], pred)
    else:
        text = _norm(pred)
        tp = sum(_norm(w) in text for w in page["with"])
        fp = sum(_norm(w) in text for w in page["without"])
        rec["counts"] = (tp, fp, len(page["with"]) - tp)
    return rec


def metrics(counts: list[tuple], kind: str) -> dict:
    """P, R, F1 of a set from its pages' records: "shingle" (the shared scorer's aggregate),
    "snippets" (micro counts) or "bow" (WCXB: the means of the pages' own P, R and F1)."""
    if kind == "bow":
        n = max(len(counts), 1)
        return {"precision": sum(c[0] for c in counts) / n, "recall": sum(c[1] for c in counts) / n,
                "f1": sum(c[2] for c in counts) / n}
    if kind == "shingle":
        return SE.aggregate(counts)
    tp, fp, fn = (sum(c[i] for c in counts) for i in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def bootstrap(results: dict[str, list[tuple]], kind: str, n_boot: int, seed: int = 0):
    """Resampled F1 for every extractor on the same page draws (so differences are paired)."""
    n = len(next(iter(results.values())))
    rng = random.Random(seed)
    draws: dict[str, list[dict]] = {k: [] for k in results}
    for _ in range(n_boot):
        idx = [rng.randrange(n) for _ in range(n)]
        for k, counts in results.items():
            draws[k].append(metrics([counts[i] for i in idx], kind))
    return draws


def interval(values: list[float]) -> tuple[float, float]:
    s = sorted(values)
    return s[int(0.025 * (len(s) - 1))], s[int(0.975 * (len(s) - 1))]


def cached_baseline(extractor: str, name: str, pages: list[dict], workers: int,
                    limit: int | None) -> list[dict]:
    version = SE.EXTRACTORS[extractor][0]()[0]
    path = OUT / f"extract-{name}-{extractor}-{version}{'-' + str(limit) if limit else ''}.json"
    if path.exists():
        return json.loads(path.read_text("utf8"))
    recs = [page_record(p, *r) for p, r in zip(pages, predict(extractor, name, pages, workers), strict=True)]
    path.write_text(json.dumps(recs), "utf8")
    return recs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--boot", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--method", default="auto", choices=("auto", "readability", "trafilatura"),
                    help="Distill's extraction path (to measure what the fallback is worth)")
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where Distill loses most F1")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    names = args.sets.split(",")
    overall: dict[str, list[list[float]]] = {}
    print(f"{'set':<17} {'extractor':<25} {'P':>6} {'R':>6} {'F1':>6} {'95% CI':>15}   "
          f"Distill F1 minus this one [95% CI]")
    for name in names:
        t0 = time.time()
        pages = load(name, args.limit)
        kind = "snippets" if name == "trafilatura-eval" else "bow" if name in WCXB_TYPES else "shingle"
        recs = {b: cached_baseline(b, name, pages, args.workers, args.limit) for b in BASELINES}
        preds = predict("distill", name, pages, args.workers, args.method)
        recs["distill"] = [page_record(p, *r) for p, r in zip(pages, preds, strict=True)]
        per_page = [{**r, "pred": pred[0]} for r, pred in zip(recs["distill"], preds, strict=True)]
        suffix = "" if args.method == "auto" else "-" + args.method
        (OUT / f"extract-{name}-distill{suffix}.json").write_text(json.dumps(per_page, ensure_ascii=False),
                                                                  "utf8")
        counts = {k: [tuple(r["counts"]) for r in v] for k, v in recs.items()}
        draws = bootstrap(counts, kind, args.boot)
        for k in (*BASELINES, "distill"):
            m = metrics(counts[k], kind)
            lo, hi = interval([d["f1"] for d in draws[k]])
            diff = ""
            if k != "distill":
                paired = zip(draws["distill"], draws[k], strict=True)
                dl, dh = interval([a["f1"] - b["f1"] for a, b in paired])
                diff = f"{metrics(counts['distill'], kind)['f1'] - m['f1']:+.3f} [{dl:+.3f}, {dh:+.3f}]"
            errors = sum(1 for r in recs[k] if r["error"])
            broken = sum(1 for c in counts[k] if c[2] < BROKEN_F1) if kind == "bow" else 0
            print(f"{name:<17} {k:<25} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                  f"[{lo:.3f}, {hi:.3f}]   {diff}{f'  errors {errors}' if errors else ''}"
                  f"{f'  broken {broken}' if kind == 'bow' else ''}")
            overall.setdefault(k, []).append([d["f1"] for d in draws[k]])
        paths = Counter(r["info"] for r in recs["distill"])
        print(f"{'':<17} ({len(pages)} pages, {time.time() - t0:.0f} s; Distill's path: "
              f"{', '.join(f'{k} {v}' for k, v in paths.most_common())})")
        if args.worst and kind != "snippets":
            worst(pages, recs, preds, args.worst, kind)
    if len(names) > 1:
        means = {k: [sum(col) / len(col) for col in zip(*v, strict=True)] for k, v in overall.items()}
        for k in (*BASELINES, "distill"):
            lo, hi = interval(means[k])
            diff = ""
            if k != "distill":
                dl, dh = interval([a - b for a, b in zip(means["distill"], means[k], strict=True)])
                diff = f"[{dl:+.3f}, {dh:+.3f}]"
            print(f"{'overall (mean)':<17} {k:<25} {'':>6} {'':>6} {sum(means[k]) / len(means[k]):6.3f} "
                  f"[{lo:.3f}, {hi:.3f}]   {diff}")
    return 0


def _pr(c: tuple, kind: str) -> tuple[float, float, float]:
    if kind == "bow":
        return c
    p, r = SE.page_precision(*c), SE.page_recall(*c)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def worst(pages: list[dict], recs: dict, preds: list, n: int, kind: str) -> None:
    rows = []
    for i, page in enumerate(pages):
        p, r, ours = _pr(recs["distill"][i]["counts"], kind)
        best = max(_pr(recs[b][i]["counts"], kind)[2] for b in BASELINES)
        rows.append((ours - best, page["id"], ours, best, p, r))
    for d, pid, ours, best, p, r in sorted(rows)[:n]:
        print(f"    {pid:<12} distill {ours:.3f} (P {p:.3f} R {r:.3f})  best baseline {best:.3f}  ({d:+.3f})")


if __name__ == "__main__":
    sys.exit(main())
