"""Score ranker files on every summarization dev source in one process (the quick loop).

Every article is split, embedded and featurized once, as a request would be
(scripts/ranker_data.py's article_rows, the rows the ranker is trained on); each ranker file
then only scores and picks. ROUGE-1/2 F1
with stemming, mean over references, as ../shared/tools/score_summary.py computes it; Lead-3
is the first three of the same sentences. The official figures (through `distill summarize
--jsonl` and the shared scorer) come from scripts/quality.

    .venv/bin/python scripts/eval_ranker.py [RANKER.npz ...] [--limit N]
    .venv/bin/python scripts/eval_ranker.py --ablations   # retrain without each feature group
    .venv/bin/python scripts/eval_ranker.py --unrepaired  # and the picks without references.py

The last figure of each cell is the share of summary sentences that dangle (open by pointing
back to one the summary left out; summary/references.py). A language with a calibration
(summary/calibration.py; French) is scored with the shipped one, which was fitted on that very
dev set: its honest, out-of-fold figure is scripts/fit_calibration.py's.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from pathlib import Path

import numpy as np
from ranker_data import ROOT, SETS, evaluate, load_set

from distill import text
from distill.summary import features, lexicon, scorer, sentences


def paired_ci(diff: np.ndarray, n: int = 1000, seed: int = 0) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    means = diff[rng.integers(0, len(diff), size=(n, len(diff)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def table(models: dict[str, tuple[scorer.Scorer | None, bool]], limit: int | None) -> None:
    """Each model's R-1/R-2, paired R-1 difference to Lead-3 [95% interval] and the share of
    its summary sentences that dangle (references.dangling), per dev source."""
    data = {label: load_set(file, source, limit) for label, file, source, _, _ in SETS}
    width = 31
    print(f"{'model':28s}" + "".join(f"{label:>{width}s}" for label, *_ in SETS))
    lead = {label: evaluate(data[label], None, k, r) for label, _, _, k, r in SETS}
    print(f"{'lead':28s}" + "".join(f"{lead[s][:, 0].mean():11.2f}/{lead[s][:, 1].mean():5.2f}"
                                    + " " * (width - 17) for s, *_ in SETS))
    for name, (model, repair) in models.items():
        cells = []
        for label, _, _, k, r in SETS:
            res = evaluate(data[label], model, k, r, repair=repair)
            lo, hi = paired_ci(res[:, 0] - lead[label][:, 0])
            d = res[:, 0].mean() - lead[label][:, 0].mean()
            dangling = 100 * res[:, 2].sum() / max(res[:, 3].sum(), 1)
            cells.append(f"{res[:, 0].mean():6.2f}/{res[:, 1].mean():5.2f} {d:+5.2f}[{lo:+.1f},{hi:+.1f}]"
                         f" {dangling:4.1f}%")
        print(f"{name:28s}" + "".join(f"{c:>{width}s}" for c in cells), flush=True)


def _training_hash() -> str:
    h = hashlib.sha256()
    for path in (ROOT / "scripts" / "train_ranker.py", ROOT / "scripts" / "ranker_data.py",
                 features.__file__, lexicon.__file__, sentences.__file__, text.__file__):
        h.update(Path(path).read_bytes())
    return h.hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rankers", nargs="*", type=Path)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--unrepaired", action="store_true",
                    help="also each ranker's picks without the repair of dangling sentences")
    ap.add_argument("--ablations", action="store_true",
                    help="retrain without each feature group (scripts/train_ranker.py) and score each")
    args = ap.parse_args()
    models: dict[str, tuple[scorer.Scorer | None, bool]] = {}
    paths = args.rankers or [scorer.DEFAULT_PATH]
    for p in paths:
        models[p.stem] = (scorer.read(p), True)
        if args.unrepaired:
            models[f"{p.stem} (unrepaired)"] = (scorer.read(p), False)
    if args.ablations:
        out = ROOT / "artifacts" / "ranker" / f"ablations-{_training_hash()}"
        out.mkdir(parents=True, exist_ok=True)
        drops = [[g] for g in features.GROUPS] + [["embedding_graph", "embedding_vector"]]
        for drop in drops:
            path = out / ("without-" + "+".join(drop) + ".npz")
            if not path.exists():  # trained once per version of the training and feature code
                cmd = [sys.executable, str(ROOT / "scripts" / "train_ranker.py"), "--no-report",
                       "--out", str(path)]
                for g in drop:
                    cmd += ["--drop", g]
                subprocess.run(cmd, check=True)
            models["without " + " + ".join(drop)] = (scorer.read(path), True)
    table(models, args.limit)


if __name__ == "__main__":
    main()
