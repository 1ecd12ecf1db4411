"""Coverage-guided fuzzing of reading a page: decode, parse, extract, clean, sanitize, split,
mark and render (everything a request runs before the model), with atheris (libFuzzer).

A crash is any exception but the pipeline's own (errors.DistillError: a page that is not one,
or holds no article), reader HTML that the allowlist would still change, or sentence marks in
it that do not spell out the sentences (a forged or lost mark). libFuzzer writes
each crashing input to artifacts/fuzz/crashes/; copy it to tests/fixtures/fuzz/ and
tests/page/test_fuzz_regressions.py runs it through the same check (``check``) from then on.

    scripts/fuzz 300              # five minutes; new inputs that reach new code go to the corpus
    scripts/fuzz 600 -max_len=8192  # more libFuzzer flags after the seconds (smaller inputs: faster)

The corpus (artifacts/fuzz/corpus/) starts from the project's fixture pages and keeps growing
from run to run. Each input's first byte picks how the rest reaches the pipeline: as bytes
through decode_html (files, stdin) or as text decoded with replacement (the API's JSON string),
and with or without a page URL.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUZZ_DIR = ROOT / "artifacts" / "fuzz"
SEEDS = ROOT / "tests" / "fixtures"
URLS = (None, "https://news.example/2025/03/a-story", "http://[::1", "file:///tmp/page.html")
DICTIONARY = ROOT / "scripts" / "fuzz_html.dict"  # the tokens of hostile HTML, for libFuzzer's mutations
REGRESSIONS = SEEDS / "fuzz"  # crashes found before: tests/page/test_fuzz_regressions.py runs them
TIMEOUT_S = 20  # one input that takes longer is reported as a hang (libFuzzer's -timeout)
MAX_RUNS = 20  # a bug found over and over stops the fuzzing; one fix at a time


def _imports():
    from distill.config import Settings
    from distill.errors import DistillError
    from distill.page.parse import decode_html, fragment
    from distill.page.reader import render
    from distill.page.sanitize import sanitize_html
    from distill.pipeline import read_page
    from distill.summary.marks import mark_sentences

    return Settings, DistillError, decode_html, fragment, render, sanitize_html, read_page, mark_sentences


def check(data: bytes) -> None:
    """One input through the pipeline; raises on anything a hostile page must not cause."""
    (Settings, DistillError, decode_html, fragment, render, sanitize_html, read_page,
     mark_sentences) = _imports()
    if not data:
        return
    mode, body = data[0], data[1:]
    html = decode_html(body) if mode & 1 else body.decode("utf-8", errors="replace")
    url = URLS[(mode >> 1) % len(URLS)]
    try:
        reading = read_page(html, url, settings=_settings(Settings), require_summary=False)
    except DistillError:
        return
    mark_sentences(reading.paragraphs)
    content = render(reading.root)
    if sanitize_html(content, marks=True) != content:
        raise AssertionError("the reader HTML is not a fixed point of the allowlist")
    marked: dict[int, str] = {}
    for span in fragment(content).iter("span") if content.strip() else ():
        if span.get("data-sentence") is not None:
            index = int(span.get("data-sentence"))
            marked[index] = marked.get(index, "") + span.text_content()
    spelled = {i: " ".join(text.split()) for i, text in marked.items()}
    if spelled != {s.index: s.text for s in reading.sentences}:
        raise AssertionError("the sentence marks in the reader HTML are not the sentences")


_SETTINGS = None


def _settings(settings_class):
    global _SETTINGS
    if _SETTINGS is None:  # no helper process: one process, so libFuzzer sees all the code
        _SETTINGS = settings_class(warm_model=False, helper=False)
    return _SETTINGS


def _seed(corpus: Path) -> None:
    """Seed an empty corpus with the fixture pages, each as text and as bytes, with a URL."""
    corpus.mkdir(parents=True, exist_ok=True)
    if any(corpus.iterdir()):
        return
    for page in sorted(SEEDS.glob("*.html")):
        raw = page.read_bytes()
        for mode in (0b010, 0b011):
            (corpus / f"{page.stem}-{mode}").write_bytes(bytes([mode]) + raw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seconds", type=int, nargs="?", default=60, help="how long to fuzz")
    parser.add_argument("libfuzzer", nargs=argparse.REMAINDER, help="more libFuzzer flags")
    args = parser.parse_args()
    corpus, crashes = FUZZ_DIR / "corpus", FUZZ_DIR / "crashes"
    _seed(corpus)
    crashes.mkdir(parents=True, exist_ok=True)
    before = {p.name for p in crashes.iterdir()}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "backend"),
                                                                    os.environ.get("PYTHONPATH")])))
    # libFuzzer stops at a crash (its fork mode cannot re-run a Python script), so a crash ends one
    # run and the next goes on from the grown corpus until the time is spent
    deadline = time.monotonic() + args.seconds
    runs, logs = 0, []
    while (left := int(deadline - time.monotonic())) >= 5 and len(logs) < MAX_RUNS:
        cmd = [sys.executable, __file__, "--run", f"-max_total_time={left}", f"-timeout={TIMEOUT_S}",
               "-rss_limit_mb=3072", "-max_len=65536", f"-dict={DICTIONARY}", f"-artifact_prefix={crashes}/",
               *args.libfuzzer, str(corpus), *([str(REGRESSIONS)] if any(REGRESSIONS.glob("*")) else [])]
        proc = subprocess.run(cmd, env=env, stderr=subprocess.PIPE, text=True, errors="replace")
        logs.append(proc.stderr)
        runs += _executions(proc.stderr)
        if proc.returncode == 0:
            break
    (FUZZ_DIR / "last-run.log").write_text("\n".join(logs))
    found = sorted(p.name for p in crashes.iterdir() if p.name not in before)
    # libFuzzer's names: crash-, timeout- (over TIMEOUT_S), oom- are failures; slow-unit- (over
    # 10 s) is reported, to look into, not a failure
    new = [name for name in found if not name.startswith("slow-unit-")]
    slow = [name for name in found if name.startswith("slow-unit-")]
    print(f"fuzz: {runs} inputs in {args.seconds} s ({len(logs)} libFuzzer run(s)), corpus "
          f"{sum(1 for _ in corpus.iterdir())} inputs, {len(new)} new crash(es), {len(slow)} slow input(s)")
    for name in found:
        print(f"  {crashes / name}")
    for log in logs:
        if "Uncaught Python exception" in log or "ERROR: libFuzzer" in log:
            print(log[log.find("=== Uncaught"):][:3000] if "=== Uncaught" in log else log[-3000:])
    return 1 if new else 0


def _executions(log: str) -> int:
    """How many inputs one libFuzzer run executed ("Done N runs", or its last status line)."""
    done = re.findall(r"^Done (\d+) runs", log, re.M)
    if done:
        return int(done[-1])
    counts = re.findall(r"^#(\d+)\s", log, re.M)
    return int(counts[-1]) if counts else 0


def _run() -> None:
    """The libFuzzer child: instrument the pipeline's code and the extractors it drives."""
    import atheris

    with atheris.instrument_imports(include=["distill", "readability", "trafilatura", "justext",
                                             "htmldate", "courlan"]):
        imported = _imports()
    del imported

    def one_input(data: bytes) -> None:
        check(data)

    atheris.Setup([sys.argv[0], *sys.argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        _run()
    else:
        sys.exit(main())
