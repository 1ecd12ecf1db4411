"""Choose a language's scorer calibration (backend/distill/summary/calibration.py) on its dev
articles, and say honestly what it is worth.

Every weight triple of a small grid is scored by the ROUGE-1 of the 3-sentence summaries it
gives (picked as a request picks them, repairs included: ranker_data.evaluate). The weights
shipped are the grid's best on all the articles; the figure to quote is the out-of-fold one: in
each of five folds the grid's best on the other four is scored on the fold (three shuffles),
paired against Lead-3 with a bootstrap interval. Both go into data/calibration.json beside the
weights.

    .venv/bin/python scripts/fit_calibration.py            # French: OrangeSum's validation split
    .venv/bin/python scripts/fit_calibration.py --dry-run  # the report only

The French dev set (../shared/data/summarization-multilingual-dev/dev-fr.jsonl) is OrangeSum's
(Kamal Eddine, Tixier and Vazirgiannis, EMNLP 2021), CC BY-SA 4.0; articles (c) Orange Actu/AFP.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import asdict

import numpy as np
from eval_ranker import paired_ci
from ranker_data import SHARED, article_rows, evaluate

from distill.summary import calibration, scorer

DATA = {"fr": "summarization-multilingual-dev/dev-fr.jsonl"}
GRID = {"title": (0.0, 1.0, 2.0, 4.0), "words": (0.0, -0.5, -1.0, -2.0), "lead": (0.0, 0.5, -0.5)}
FOLDS = 5
SHUFFLES = (0, 1, 2)


def load(lang: str) -> list[dict]:
    out = []
    for line in (SHARED / "data" / DATA[lang]).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        article = article_rows(rec["text"], rec.get("title"))
        if article is not None:
            out.append({**article, "title": rec.get("title"), "lang": lang,
                        "refs": rec.get("references") or [rec["reference"]]})
    return out


def r1(articles: list[dict], model, cal: calibration.Calibration | None) -> np.ndarray:
    """Per-article ROUGE-1 of the 3-sentence summaries with the calibration (None: Lead-3)."""
    for a in articles:
        a["calibration"] = (np.zeros(len(a["texts"])) if cal is None else
                            cal.terms(a["rows"], a["names"], a["texts"], a["title"], a["lang"]))
    return evaluate(articles, model, 3, None)[:, 0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lang", default="fr", choices=sorted(DATA))
    ap.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    args = ap.parse_args()
    articles = load(args.lang)
    model = scorer.load()
    lead = evaluate(articles, None, 3, None)[:, 0]
    grid = [calibration.Calibration(*w) for w in itertools.product(*GRID.values())]
    scores = np.stack([r1(articles, model, c) for c in grid])  # (grid, article)
    none = grid.index(calibration.Calibration())

    def paired(res: np.ndarray) -> dict:
        lo, hi = paired_ci(res - lead)
        return {"r1": round(float(res.mean()), 2), "vs_lead3": round(float((res - lead).mean()), 2),
                "interval": [round(lo, 2), round(hi, 2)]}

    out_of_fold = []
    for seed in SHUFFLES:
        order = np.random.default_rng(seed).permutation(len(articles))
        res = np.zeros(len(articles))
        for fold in np.array_split(order, FOLDS):
            rest = np.setdiff1d(order, fold)
            res[fold] = scores[int(scores[:, rest].mean(axis=1).argmax()), fold]
        out_of_fold.append(paired(res))
    best = int(scores.mean(axis=1).argmax())
    report = {"articles": len(articles), "lead3_r1": round(float(lead.mean()), 2),
              "uncalibrated": paired(scores[none]), "in_sample": paired(scores[best]),
              "out_of_fold": out_of_fold, "folds": FOLDS, "grid": GRID, "data": DATA[args.lang]}
    print(json.dumps({"weights": asdict(grid[best]), **report}, indent=1))
    if not args.dry_run:
        path = calibration.DEFAULT_PATH
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data[args.lang] = {"weights": asdict(grid[best]), "report": report}
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
