"""Train the sentence scorer (backend/distill/summary/data/ranker.npz) on CNN/DailyMail training
articles.

Each training article is split and embedded exactly as a request would be (ranker_data.py's
article_rows: the pipeline's read_text, the sentence model, the features); its label is the
greedy ROUGE oracle (BertSum's:
add the sentence that most raises ROUGE-1 + ROUGE-2 F1 against the highlights, up to three).
A one-hidden-layer network scores each sentence; it is trained with a listwise loss (softmax
over an article's sentences against its oracle picks), so only the order within an article
matters. Deterministic: fixed seeds, fixed article order, one torch thread for the training.

    .venv/bin/python scripts/train_ranker.py                      # train and write the model
    .venv/bin/python scripts/train_ranker.py --drop embedding_vector --out /tmp/x.npz   # ablation
    .venv/bin/python scripts/train_ranker.py --ablations           # the ablation table

Prepared features are cached under artifacts/ranker/ (keyed by the article count and the
feature code), so a second run or an ablation only trains (a minute or two).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import lzma
import os
import re
import sys
import time
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from ranker_data import ROOT, SHARED, article_rows

TRAIN = SHARED / "data" / "cnndm" / "train.jsonl.xz"
CACHE = ROOT / "artifacts" / "ranker"
OUT = ROOT / "backend" / "distill" / "summary" / "data" / "ranker.npz"
ORACLE_K = 3
MAX_SENTENCES = 60  # oracle sentences sit in the first 60 of 99.6% of training articles


# ---------------------------------------------------------------- ROUGE for the oracle
_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=500_000)
def _stem(word: str) -> str:
    return _STEMMER.stem(word) if len(word) > 3 else word


def _stemmer():
    from nltk.stem import porter

    return porter.PorterStemmer()


_STEMMER = None


def tokens(text: str) -> list[str]:
    """rouge-score's default tokenizer: lower case, runs of [a-z0-9], Porter stems."""
    return [_stem(w) for w in _TOKEN.findall(text.lower())]


def _f1(overlap: int, n_sum: int, n_ref: int) -> float:
    if not overlap:
        return 0.0
    p, r = overlap / n_sum, overlap / n_ref
    return 2 * p * r / (p + r)


def greedy_oracle(sent_tokens: list[list[str]], ref_tokens: list[str], k: int = ORACLE_K,
                  exact: bool = False) -> list[int]:
    """BertSum's greedy oracle: ROUGE-1 + ROUGE-2 F1 of the picks so far against the reference.
    BertSum stops when no sentence raises it; exact goes on to k picks, each the sentence that
    lowers it least, as a summary that always has k sentences must (on the training articles it
    adds 0.45 picks an article, mostly short sentences: highlights are short)."""
    ref1, ref2 = Counter(ref_tokens), Counter(pairwise(ref_tokens))
    n1, n2 = sum(ref1.values()), max(sum(ref2.values()), 1)
    uni = [Counter(t) for t in sent_tokens]
    bi = [Counter(pairwise(t)) for t in sent_tokens]
    chosen: list[int] = []
    sum1: Counter = Counter()
    sum2: Counter = Counter()
    best = 0.0
    for _ in range(k):
        pick, pick_value = None, -1.0 if exact else best
        for i in range(len(sent_tokens)):
            if i in chosen:
                continue
            c1, c2 = sum1 + uni[i], sum2 + bi[i]
            value = (_f1(sum((c1 & ref1).values()), sum(c1.values()), n1)
                     + _f1(sum((c2 & ref2).values()), max(sum(c2.values()), 1), n2))
            if value > pick_value + 1e-9:
                pick, pick_value = i, value
        if pick is None:
            break
        chosen.append(pick)
        sum1, sum2, best = sum1 + uni[pick], sum2 + bi[pick], pick_value
    return chosen


# ---------------------------------------------------------------- features
def _prepare_one(line: str):
    global _STEMMER
    if _STEMMER is None:
        _STEMMER = _stemmer()
    rec = json.loads(line)
    article = article_rows(rec["text"])
    if article is None:
        return None
    texts, rows = article["texts"][:MAX_SENTENCES], article["rows"][:MAX_SENTENCES]
    labels = np.zeros(len(texts), dtype=np.int8)
    ref = tokens(rec.get("reference") or "\n".join(rec.get("references") or []))
    sent_tokens = [tokens(t) for t in texts]
    picks = greedy_oracle(sent_tokens, ref)
    labels[picks] = 1
    exact = np.zeros(len(texts), dtype=np.int8)
    exact[greedy_oracle(sent_tokens, ref, exact=True)] = 1
    return rows.astype(np.float16), labels, sentence_rouge(sent_tokens, ref), exact


def sentence_rouge(sent_tokens: list[list[str]], ref_tokens: list[str]) -> np.ndarray:
    """Each sentence's own ROUGE-1 + ROUGE-2 F1 against the reference (a graded label)."""
    ref1, ref2 = Counter(ref_tokens), Counter(pairwise(ref_tokens))
    n1, n2 = sum(ref1.values()), max(sum(ref2.values()), 1)
    out = []
    for t in sent_tokens:
        c1, c2 = Counter(t), Counter(pairwise(t))
        out.append(_f1(sum((c1 & ref1).values()), max(len(t), 1), n1)
                   + _f1(sum((c2 & ref2).values()), max(len(t) - 1, 1), n2))
    return np.array(out, dtype=np.float16)


def _code_hash() -> str:
    """What the prepared rows depend on: the splitting, cleaning, embedding and feature code,
    read_text, how articles are read (ranker_data.py) and this script's preparation half."""
    import inspect

    import ranker_data

    from distill import pipeline, text
    from distill.page import clean
    from distill.summary import embed, features, language, lexicon, rank, sentences

    h = hashlib.sha256()
    for module in (features, lexicon, sentences, language, text, clean, embed, rank, ranker_data):
        h.update(Path(module.__file__).read_bytes())
    h.update(inspect.getsource(pipeline.read_text).encode())
    h.update(inspect.getsource(pipeline.embed_sentences).encode())
    h.update(Path(__file__).read_bytes().split(b"# " + b"-" * 64 + b" training")[0])
    return h.hexdigest()[:12]


def prepare(n_articles: int, workers: int):
    """Feature rows, labels and per-article offsets for the first n training articles (cached)."""
    from distill.config import get_settings
    from distill.summary import embed

    embed.build(get_settings().model_path)
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"train-{n_articles}-{_code_hash()}.npz"
    if path.exists():
        data = np.load(path)
        return data["rows"], data["labels"], data["offsets"], data["soft"], data["exact"]
    start = time.perf_counter()
    with lzma.open(TRAIN, "rt", encoding="utf-8") as f:
        lines = [line for _, line in zip(range(n_articles), f, strict=False)]
    rows, labels, soft, exact, offsets = [], [], [], [], [0]
    with Pool(workers) as pool:
        for i, out in enumerate(pool.imap(_prepare_one, lines, chunksize=64)):
            if out is not None and out[1].any():
                rows.append(out[0])
                labels.append(out[1])
                soft.append(out[2])
                exact.append(out[3])
                offsets.append(offsets[-1] + len(out[1]))
            if (i + 1) % 5000 == 0:
                print(f"  prepared {i + 1}/{len(lines)} articles ({time.perf_counter() - start:.0f} s)",
                      file=sys.stderr)
    data = {"rows": np.concatenate(rows), "labels": np.concatenate(labels), "soft": np.concatenate(soft),
            "exact": np.concatenate(exact),
            "offsets": np.asarray(offsets, dtype=np.int64)}
    np.savez(path, **data)
    print(f"  {len(offsets) - 1} articles, {len(data['labels'])} sentences prepared in "
          f"{time.perf_counter() - start:.0f} s", file=sys.stderr)
    return data["rows"], data["labels"], data["offsets"], data["soft"], data["exact"]


def feature_layout() -> tuple[list[str], list[str]]:
    from distill.summary import features

    texts = ["One sentence here.", "Another sentence there."]
    _, names, groups = features.sentence_features(texts, np.eye(2, 256, dtype=np.float32))
    return names, groups


# ---------------------------------------------------------------- training
def train(rows: np.ndarray, labels: np.ndarray, offsets: np.ndarray, keep: np.ndarray,
          hidden: int, epochs: int, seed: int = 0, loss_kind: str = "listwise",
          lr: float = 2e-3, soft: np.ndarray | None = None, soft_weight: float = 0.0,
          soft_temperature: float = 0.1, dropout: float = 0.3,
          weight_decay: float = 0.01) -> dict[str, np.ndarray]:
    """A one-hidden-layer scorer, listwise softmax loss per article; returns numpy weights."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    x_all = rows[:, keep].astype(np.float32)
    mean = x_all.mean(axis=0)
    std = x_all.std(axis=0)
    std[std < 1e-6] = 1.0
    x = torch.from_numpy((x_all - mean) / std)
    y = torch.from_numpy(labels.astype(np.float32))
    g = torch.from_numpy((soft if soft is not None else labels).astype(np.float32)) / soft_temperature
    n_docs = len(offsets) - 1
    doc = torch.from_numpy(np.repeat(np.arange(n_docs), np.diff(offsets)))
    model = torch.nn.Sequential(torch.nn.Linear(x.shape[1], hidden), torch.nn.ReLU(),
                                torch.nn.Dropout(dropout), torch.nn.Linear(hidden, 1))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    rng = np.random.default_rng(seed)
    docs_per_batch = 64
    steps = epochs * (n_docs // docs_per_batch + 1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=steps)
    for _ in range(epochs):
        order = rng.permutation(n_docs)
        for b in range(0, n_docs, docs_per_batch):
            ids = order[b:b + docs_per_batch]
            idx = np.concatenate([np.arange(offsets[d], offsets[d + 1]) for d in ids])
            idx_t = torch.from_numpy(idx)
            logits = model(x[idx_t]).squeeze(1)
            d = doc[idx_t]
            _, d = torch.unique(d, return_inverse=True)
            # log-softmax within each article
            m = torch.zeros(len(ids)).scatter_reduce(0, d, logits.detach(), "amax", include_self=False)
            z = torch.exp(logits - m[d])
            denom = torch.zeros(len(ids)).index_add(0, d, z)
            logp = logits - m[d] - torch.log(denom[d])
            yb = y[idx_t]
            if loss_kind == "bce":
                loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, yb)
            else:
                per_doc = torch.zeros(len(ids)).index_add(0, d, yb)
                target = yb / per_doc[d].clamp(min=1)
                if soft_weight:
                    gb = g[idx_t]
                    gm = torch.zeros(len(ids)).scatter_reduce(0, d, gb, "amax", include_self=False)
                    ge = torch.exp(gb - gm[d])
                    target = (1 - soft_weight) * target + soft_weight * ge / torch.zeros(
                        len(ids)).index_add(0, d, ge)[d]
                loss = -(target * logp).sum() / len(ids)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    w1, b1 = model[0].weight.detach().numpy().T, model[0].bias.detach().numpy()
    w2, b2 = model[3].weight.detach().numpy().T[:, 0], model[3].bias.detach().numpy()
    return {"mean": mean, "std": std, "w1": w1.astype(np.float32), "b1": b1.astype(np.float32),
            "w2": w2.astype(np.float32), "b2": b2.astype(np.float32)}


def ensemble(nets: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Scorers trained on the same rows (one mean and std), as one network whose score is the
    mean of theirs: their hidden units side by side, each output weight divided by their number.
    Serving it costs one wider matrix product; seeds' errors partly cancel."""
    n = len(nets)
    return {"mean": nets[0]["mean"], "std": nets[0]["std"],
            "w1": np.concatenate([w["w1"] for w in nets], axis=1),
            "b1": np.concatenate([w["b1"] for w in nets]),
            "w2": (np.concatenate([w["w2"] for w in nets]) / n).astype(np.float32),
            "b2": np.mean([w["b2"] for w in nets], axis=0).astype(np.float32)}


def save(path: Path, weights: dict[str, np.ndarray], names: list[str], meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **weights, names=np.array(names),
                        meta=np.array(json.dumps(meta, sort_keys=True)))


def fit(args, drop: list[str], out: Path) -> Path:
    rows, labels, offsets, soft, exact = prepare(args.articles, args.workers)
    names, groups = feature_layout()
    keep = np.array([g not in drop for g in groups])
    start = time.perf_counter()
    w = args.exact_weight
    target = (1 - w) * labels.astype(np.float32) + w * exact.astype(np.float32)
    weights = ensemble([
        train(rows, target, offsets, keep, args.hidden, args.epochs, loss_kind=args.loss, lr=args.lr,
              soft=soft, soft_weight=args.soft_weight, soft_temperature=args.soft_temperature,
              dropout=args.dropout, weight_decay=args.weight_decay, seed=args.seed + i)
        for i in range(args.seeds)])
    meta = {"exact_weight": w, "seeds": args.seeds, "articles": int(len(offsets) - 1),
            "sentences": len(labels), "hidden": args.hidden,
            "epochs": args.epochs, "loss": args.loss, "lr": args.lr, "dropped": drop, "oracle_k": ORACLE_K,
            "soft_weight": args.soft_weight, "soft_temperature": args.soft_temperature,
            "dropout": args.dropout, "weight_decay": args.weight_decay, "seed": args.seed,
            "train_seconds": round(time.perf_counter() - start, 1)}
    save(out, weights, [n for n, k in zip(names, keep, strict=True) if k], meta)
    print(f"trained {out} in {meta['train_seconds']} s: {meta}", file=sys.stderr)
    if args.report:
        report(out, meta)
    return out


def report(path: Path, meta: dict) -> None:
    """The figures the model was trained to, beside it (ranker.json): R-1/R-2 on every dev source
    next to Lead-3, scored in process by scripts/eval_ranker.py."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import eval_ranker

    from distill.summary import scorer

    model = scorer.read(path)
    figures = {}
    for label, file, source, k, ratio in eval_ranker.SETS:
        articles = eval_ranker.load_set(file, source, None)
        lead = eval_ranker.evaluate(articles, None, k, ratio).mean(axis=0)
        ours = eval_ranker.evaluate(articles, model, k, ratio).mean(axis=0)
        figures[label] = {"articles": len(articles), "distill": [round(float(x), 2) for x in ours],
                          "lead": [round(float(x), 2) for x in lead]}
        print(f"  {label}: R-1/R-2 {ours[0]:.2f}/{ours[1]:.2f}, Lead {lead[0]:.2f}/{lead[1]:.2f}",
              file=sys.stderr)
    path.with_suffix(".json").write_text(json.dumps({"meta": meta, "dev_figures": figures}, indent=1)
                                         + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=39_160)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--loss", choices=["listwise", "bce"], default="listwise")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--soft-weight", type=float, default=0.0,
                    help="share of the target that is each sentence's own ROUGE (softmax), not the oracle")
    ap.add_argument("--soft-temperature", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.3)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=1,
                    help="train this many scorers (seeds seed, seed+1, ...) and ship their mean as one")
    ap.add_argument("--exact-weight", type=float, default=0.0,
                    help="share of the target that is the exact-k oracle (always k picks), not BertSum's")
    ap.add_argument("--drop", action="append", default=[], help="a feature group to leave out")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--prepare-only", action="store_true")
    ap.add_argument("--report-only", action="store_true", help="score an already trained --out")
    ap.add_argument("--no-report", dest="report", action="store_false",
                    help="skip scoring the model on the dev sets (ranker.json)")
    args = ap.parse_args()
    if args.prepare_only:
        prepare(args.articles, args.workers)
        return
    if args.report_only:
        from distill.summary import scorer

        report(args.out, scorer.read(args.out).meta)
        return
    fit(args, args.drop, args.out)


if __name__ == "__main__":
    main()
