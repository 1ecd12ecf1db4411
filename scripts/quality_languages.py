"""Extraction quality by language, from the per-page results scripts/quality wrote.

A page's language is the one its expected metadata declares, else Distill's own guess from the
truth text (script, then py3langid; "la" is the Lorem-ipsum test pages). Figures are the
benchmark's: P and R averaged over the group's pages, F1 of the two means. With --summaries it
also summarizes every non-English page (Mozilla's and the project's own fixtures, which include
the right-to-left Arabic one) and prints what a reader would check: the language and direction
Distill answers, how the text split into sentences, and the 3-sentence summary. Usage:
    python scripts/quality_languages.py ../shared NAME=extract-NAME.json ... [--summaries]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from distill.summary.language import guess_lang


def page_langs(pages_dir: Path) -> dict[str, str]:
    langs = {}
    for page in sorted(pages_dir.iterdir()):
        meta_file, truth_file = page / "expected-metadata.json", page / "expected.html"
        if not meta_file.exists():
            continue
        declared = json.loads(meta_file.read_text(encoding="utf-8")).get("lang")
        if declared:
            langs[page.name] = declared.split("-")[0].lower()
            continue
        import lxml.html

        text = lxml.html.fromstring(truth_file.read_text(encoding="utf-8")).text_content()
        langs[page.name] = guess_lang(text) or "und"
    return langs


def summaries(shared: Path, langs: dict[str, str]) -> None:
    from statistics import median

    from distill.pipeline import summarize_page
    from distill.text import count_words

    pages = [(pid, shared / "data" / "readability-test-pages" / pid / "source.html")
             for pid, lang in sorted(langs.items()) if lang not in ("en", "la", "und")]
    fixtures = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
    pages += [(f.stem, f) for f in sorted(fixtures.glob("*_news.html")) if "cluttered" not in f.stem]
    print("\n| page | lang | dir | sentences | median words | summary (3 sentences) |")
    print("|---|---|---|---|---|---|")
    for pid, path in pages:
        try:
            out = summarize_page(path.read_text(encoding="utf-8"), "https://example.org/", sentences=3)
        except Exception as exc:
            print(f"| {pid} | | | | | {type(exc).__name__}: {exc} |")
            continue
        texts = [s["text"] for s in out["sentences"]]
        words = median(count_words(t) for t in texts) if texts else 0
        summary = " / ".join(texts[i][:60] for i in out["summary"]).replace("|", "\\|")
        print(f"| {pid} | {out['lang']} | {out['dir'] or 'ltr'} | {len(texts)} | {words:g} | {summary} |")


def main() -> None:
    shared = Path(sys.argv[1])
    sys.path.insert(0, str(shared / "tools"))
    from score_extraction import aggregate  # the benchmark's own: P and R averaged, F1 of the means
    args = [a for a in sys.argv[2:] if not a.startswith("--")]
    runs = dict(arg.split("=", 1) for arg in args)
    langs = page_langs(shared / "data" / "readability-test-pages")
    results = {name: {p["id"]: p for p in json.loads(Path(f).read_text())["pages"]}
               for name, f in runs.items()}
    groups: dict[str, list[str]] = defaultdict(list)
    for pid, lang in langs.items():
        groups[lang].append(pid)
    names = list(results)
    print("| language | pages | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for lang, pids in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cells = []
        for n in names:
            pages = [results[n][p] for p in pids if p in results[n]]
            cells.append(f"{aggregate([(r['tp'], r['fp'], r['fn']) for r in pages])['f1']:.3f}")
        print(f"| {lang} | {len(pids)} | " + " | ".join(cells) + " |")
    if "--summaries" in sys.argv:
        summaries(shared, langs)


if __name__ == "__main__":
    main()
