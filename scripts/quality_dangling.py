"""How many summary sentences dangle: the share that open by pointing back to a sentence the
summary left out ("But...", "He...", the end of a split quote; summary/references.py), and how
many summaries start with a sentence no summary should start with (one that dangles, half a
quote, a "Click here" line), for `distill summarize --jsonl` output beside Lead-3's.

Each article is split again as the summarizer split it (pipeline.read_text, its language), each
summary line found among its sentences, and Lead-3 read as the first three of them.

    .venv/bin/python scripts/quality_dangling.py DATASET.jsonl PREDICTIONS.jsonl [--label NAME]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from distill.config import get_settings
from distill.errors import NoArticle
from distill.pipeline import read_text
from distill.summary import references


def count(picked: list[int], texts: list[str], lang: str | None,
          needs: list[int | None]) -> tuple[int, int, bool]:
    """(dangling sentences, sentences, whether the summary starts with an unfit one)."""
    picked = sorted(picked)
    dangling = references.dangling(picked, needs)
    bad_start = bool(picked) and (picked[0] in dangling or not references.can_open(texts[picked[0]], lang))
    return len(dangling), len(picked), bad_start


def locate(lines: list[str], texts: list[str]) -> list[int]:
    """Where each summary line is among the sentences: the lines are in article order, so each
    is the first sentence of its text after the one before it (an article can say a sentence
    twice)."""
    picked: list[int] = []
    for line in lines:
        after = picked[-1] + 1 if picked else 0
        found = next((i for i in range(after, len(texts)) if texts[i] == line), None)
        if found is None:
            found = next((i for i in range(len(texts)) if texts[i] == line and i not in picked), None)
        if found is not None:
            picked.append(found)
    return picked


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dataset", type=Path)
    ap.add_argument("predictions", type=Path)
    ap.add_argument("--label", default="distill")
    ap.add_argument("--lead", type=int, default=3, help="Lead-k beside it (0: none)")
    args = ap.parse_args()
    settings = get_settings()
    predicted = {}
    for line in args.predictions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        predicted[row["id"]] = row.get("summary") or []
    totals = {args.label: [0, 0, 0], f"lead-{args.lead}": [0, 0, 0]}
    articles = missing = 0
    for line in args.dataset.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec["id"] not in predicted:
            continue
        try:
            reading = read_text(rec["text"], settings, rec.get("lang"), rec.get("title"))
        except NoArticle:
            continue
        texts = [s.text for s in reading.sentences]
        lang = reading.article.lang
        needs = references.antecedents(texts, lang)
        picked = locate(predicted[rec["id"]], texts)
        missing += len(predicted[rec["id"]]) - len(picked)
        articles += 1
        runs = {args.label: picked}
        if args.lead:
            runs[f"lead-{args.lead}"] = list(range(min(args.lead, len(texts))))
        for name, chosen in runs.items():
            d, n, bad = count(chosen, texts, lang, needs)
            totals[name][0] += d
            totals[name][1] += n
            totals[name][2] += bad
    for name, (d, n, bad) in totals.items():
        if not n:
            continue
        print(f"  {name:12s} dangling {d:4d} of {n:5d} summary sentences ({100 * d / n:5.2f}%); "
              f"summaries starting unfit {bad} of {articles}")
    if missing:
        print(f"  ({missing} summary lines not found among the article's sentences)")


if __name__ == "__main__":
    main()
