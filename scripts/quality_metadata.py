"""Reader-view metadata against Mozilla's expected metadata (Readability.js's reviewed output).

Title, byline, language and direction, each the share of pages where Distill agrees, beside the
title readability-lxml (short_title) and trafilatura (its metadata) give for the same pages.
Titles are compared without case or punctuation, and a title that differs only by a trailing
site name (" | eHow", which Distill drops on purpose) counts as the same; so does a byline that
only lacks the expected one's "By" or the date after the name. Usage:
    python scripts/quality_metadata.py ../shared
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path

_NON_WORD = re.compile(r"[\W_]+")
SITE_SUFFIX_MAX_CHARS = 40


def norm(text: str | None) -> str:
    return " ".join(_NON_WORD.sub(" ", (text or "").lower()).split())


def same_title(ours: str | None, expected: str | None) -> bool:
    a, b = norm(ours), norm(expected)
    if not a or not b:
        return a == b
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(long_) - len(short) < SITE_SUFFIX_MAX_CHARS


_BY = re.compile(r"^(?:written by|by|par|por|von|di)\s+")


def same_byline(ours: str | None, expected: str | None) -> bool:
    """Names agree: the expected byline often keeps its "By" and the date after the name."""
    a, b = _BY.sub("", norm(ours)), _BY.sub("", norm(expected))
    if not a or not b:
        return a == b
    return a.startswith(b) or b.startswith(a)


def main() -> None:
    import trafilatura.metadata
    from readability import Document

    from distill.errors import DistillError
    from distill.page.extract import extract
    from distill.page.parse import parse_html

    pages_dir = Path(sys.argv[1]) / "data" / "readability-test-pages"
    counts = {k: 0 for k in ("title", "byline", "lang", "dir", "readability-lxml title", "trafilatura title")}
    pages = 0
    for page in sorted(p for p in pages_dir.iterdir() if (p / "expected-metadata.json").exists()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        html = (page / "source.html").read_text(encoding="utf-8")
        pages += 1
        try:
            article = extract(html)
        except DistillError:
            continue
        counts["title"] += same_title(article.title, expected.get("title"))
        counts["byline"] += same_byline(article.byline, expected.get("byline"))
        want_lang = (expected.get("lang") or "").split("-")[0].lower()
        counts["lang"] += not want_lang or (article.lang or "").split("-")[0].lower() == want_lang
        counts["dir"] += (article.dir or "ltr") == (expected.get("dir") or "ltr")
        with contextlib.suppress(Exception):  # a baseline's crash is a miss
            short = Document(html).short_title()
            counts["readability-lxml title"] += same_title(short, expected.get("title"))
        meta = trafilatura.metadata.extract_metadata(parse_html(html))
        counts["trafilatura title"] += same_title(meta.title if meta else None, expected.get("title"))
    print(f"| field (Mozilla's {pages} pages) | agrees with Readability.js |")
    print("|---|---|")
    for name, n in counts.items():
        print(f"| {name} | {n}/{pages} ({n / pages:.0%}) |")


if __name__ == "__main__":
    main()
