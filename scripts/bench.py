"""Speed of the pipeline, each figure beside a baseline measured in the same run.

    .venv/bin/python scripts/bench.py [--pages N] [--repeat R]

1. extraction per page (Mozilla test pages): Distill's extract+clean+sanitize+split against plain
   readability-lxml on the same pages;
2. summary per page with the model warm: embedding + ranking (the model stages) and the whole
   pipeline, beside the MiniLM transformer's embedding of the same sentences (with the quality
   extra installed), and the resident memory each model adds to a process;
3. a 2,000-sentence article: the capped pipeline (max_embedded_sentences) against ranking every
   sentence, the cost the cap avoids.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "readability-test-pages"


def _ms(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def _passes(pages: list[tuple[str, str]], repeat: int, *functions) -> list[list[float]]:
    """Each function's time on each page, the least of `repeat` passes over all the pages.
    trafilatura and htmldate keep what they worked out for a string (a trimmed line, a date
    expression); run again at once on the same page they would find it all there, which no
    server sees with a new page. Each pass starts with those caches emptied and reads every page
    once, as a server reads a stream of pages (what pages share stays shared)."""
    from trafilatura.meta import reset_caches

    best = [[float("inf")] * len(pages) for _ in functions]
    for _ in range(repeat):
        reset_caches()
        for i, (_, html) in enumerate(pages):
            for times, fn in zip(best, functions, strict=True):
                times[i] = min(times[i], _ms(lambda fn=fn, html=html: fn(html), 1))
    return best


def pct(values: list[float], q: float) -> float:
    """The q-quantile of values (nearest rank), as both benchmarks report it."""
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def _pages(limit: int) -> list[tuple[str, str]]:
    if not PAGES.is_dir():
        sys.exit(f"bench: {PAGES} not found")
    dirs = sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file())[:limit]
    return [(d.name, (d / "source.html").read_text(encoding="utf-8", errors="replace")) for d in dirs]


def _transformer():
    """The packaged MiniLM transformer, when the quality extra (sentence-transformers) is there."""
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    from distill.summary.embed import source_model_path

    torch.set_num_threads(1)
    return SentenceTransformer(str(source_model_path()), device="cpu")


# each measured in a fresh process: what loading the model (and embedding once) adds to it
_MEMORY = {
    "the static model + ranker": (
        "from distill.summary import embed, scorer; from distill.config import get_settings; "
        "p = get_settings().model_path; embed.encode(['A sentence to embed.'], p); scorer.load()"),
    "the MiniLM transformer (sentence-transformers)": (
        "from sentence_transformers import SentenceTransformer; "
        "from distill.summary.embed import source_model_path; "
        "SentenceTransformer(str(source_model_path()), device='cpu').encode(['A sentence to embed.'])"),
}


def _rss_mb(code: str) -> float:
    import subprocess

    probe = ("import re; rss = lambda: int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read())"
             "[1]) / 1024; import numpy, distill.pipeline; before = rss(); "
             + code + "; print(rss() - before)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    return float(out.stdout.strip() or "nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=129)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from distill.config import one_native_thread

    one_native_thread()  # as the server and the batch do: numpy's threads would take the idle core

    from readability import Document

    from distill.config import get_settings
    from distill.errors import DistillError
    from distill.pipeline import read_page, read_text, summarize_reading
    from distill.summary import embed

    # the CPU's cost of each stage, in this process alone: no helper process (page/second_opinion.py), whose
    # effect (a core's work moved to an idle one) is measured apart below and through HTTP
    settings = get_settings().model_copy(update={"helper": False})
    url = "http://fakehost/test/page.html"
    pages = _pages(args.pages)

    from distill.page import second_opinion
    from distill.page.extract import extract

    def distill_extract(html: str) -> None:
        with contextlib.suppress(DistillError):
            extract(html, url, fallback_ratio=settings.fallback_ratio)

    def distill_read(html: str) -> None:
        with contextlib.suppress(DistillError):
            read_page(html, url, settings, require_summary=False)

    def distill_extract_helped(html: str) -> None:
        # as read_page starts a page on a server with an idle core
        with second_opinion.meanwhile(html, url) as answer, contextlib.suppress(DistillError):
            extract(html, url, fallback_ratio=settings.fallback_ratio, helper=answer)

    base, ours, read = _passes(pages, args.repeat, lambda html: Document(
        html, url=url).summary(html_partial=True), distill_extract, distill_read)
    # apart: the helper reads on after a page whose answer is not wanted, and the one-core figures
    # above must not share the machine with it
    second_opinion.start()
    (helped,) = _passes(pages, args.repeat, distill_extract_helped)
    mb, mo, mr = statistics.median(base), statistics.median(ours), statistics.median(read)
    print(f"extraction, {len(pages)} pages, median ms/page (p95): readability-lxml {mb:.1f} "
          f"({pct(base, 0.95):.1f}), Distill's parse+extract {mo:.1f} ({pct(ours, 0.95):.1f}) = "
          f"{mo / mb:.2f}x; the whole reading (+ clean, sanitize, split) {mr:.1f} "
          f"({pct(read, 0.95):.1f}) = {mr / mb:.2f}x")
    # the medians are the typical page; the totals weigh the long pages, where trafilatura and
    # htmldate's search through the text cost most
    print(f"  in total over the pages: readability-lxml {sum(base) / 1000:.2f} s, Distill's "
          f"parse+extract {sum(ours) / 1000:.2f} s = {sum(ours) / sum(base):.2f}x")
    mh = statistics.median(helped)
    print(f"  parse+extract with a helper process reading trafilatura's opinion on the idle core "
          f"(page/second_opinion.py): {mh:.1f} ({pct(helped, 0.95):.1f}) = {mh / mb:.2f}x, in wall time; "
          "the figures above are one core's")

    # a long page whose link lists readability-lxml drops and restore.py puts back: must stay linear
    from distill.page.extractors import readability_pick
    from distill.page.parse import parse_html
    from distill.page.restore import restore_blocks

    para = "<p>" + "Words of a long enough paragraph to count as prose in the article body. " * 3 + "</p>"
    items = ("<ul><li><a href='/a'>first linked item N</a></li>"
             "<li><a href='/b'>second linked item</a></li></ul>")
    for n in (1000, 3000):  # 3,000 is some 770,000 characters of text, under the text limit
        html = "<div>" + "".join(para.replace("Words", f"W{i}") + items.replace("N", str(i))
                                 for i in range(n)) + "</div>"
        whole = _ms(lambda html=html: extract(html), 1)
        doc = parse_html(html)
        content = readability_pick(doc)  # readability-lxml's pick, lists dropped
        restore = _ms(lambda doc=doc, content=content: restore_blocks(doc, content), 1)
        print(f"page with {n} dropped lists ({len(html) // 1000} KB): extract {whole:.0f} ms, "
              f"of which restoring lists about {restore:.0f} ms ({restore / whole:.0%})")

    # embedding + ranking, the model stages, on every page (one thread, warm model), beside the
    # transformer the static model was distilled from, on the same sentences
    embed.get_model(settings.model_path)
    stages, total, transformer = [], [], []
    st = _transformer()
    for _, html in pages:
        try:
            reading = read_page(html, url, settings)
        except DistillError:
            continue
        answer = summarize_reading(reading, settings=settings)
        t = answer["timings_ms"]
        stages.append(t["embed"] + t["rank"])
        total.append(t["total"])
        if st is not None and len(transformer) < 40:
            texts = [s["text"] for s in answer["sentences"]][: settings.max_embedded_sentences]
            transformer.append(_ms(lambda texts=texts: st.encode(texts, batch_size=32), 1))
    ms, mt = statistics.median(stages), statistics.median(total)
    print(f"summary, {len(stages)} pages, warm model: embed+rank median {ms:.1f} ms "
          f"(p95 {pct(stages, 0.95):.1f}), whole pipeline median {mt:.0f} ms")
    if transformer:
        mx = statistics.median(transformer)
        print(f"  the MiniLM transformer's embedding alone, {len(transformer)} pages: median {mx:.0f} ms "
              f"({mx / ms:.0f}x the static model's embed+rank)")
    for name, code in _MEMORY.items():
        print(f"  resident memory of {name}: {_rss_mb(code):.0f} MB")

    words = ["the", "council", "said", "the", "plan", "for", "the", "harbor", "will", "cost", "more",
             "than", "expected", "this", "year"]
    # every line distinct: repeated lines are page furniture to the plain-text reader and go
    text = "\n\n".join(f"Report {i} says " + " ".join(words[(i + j) % len(words)] for j in range(12)) + "."
                       for i in range(2000))
    reading = read_text(text, settings)
    start = time.perf_counter()
    answer = summarize_reading(reading, settings=settings)
    capped = (time.perf_counter() - start) * 1000
    all_texts = [s.text for s in read_text(text, settings).sentences]
    full = _ms(lambda: summarize_reading(read_text(text, settings), settings=settings.model_copy(
        update={"max_embedded_sentences": len(all_texts)})), 1)
    print(f"2,000-sentence article: capped pipeline {capped:.0f} ms "
          f"(embedded {answer['embedding']['embedded']} of {answer['embedding']['sentences']}), "
          f"ranking all sentences {full:.0f} ms ({full / capped:.1f}x slower)")


if __name__ == "__main__":
    main()
