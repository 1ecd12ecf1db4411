"""The command line, run as a user runs it: a subprocess of the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

DISTILL = str(Path(sys.executable).with_name("distill"))


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([DISTILL, *args], input=data, capture_output=True, timeout=120)


def test_extract_prints_the_clean_article_without_clutter():
    out = run("extract", str(FIXTURES / "cluttered_news.html"), "--url", "https://herald.example/a")
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert text.startswith("Harbor city approves floating solar farm on old reservoir\n\n")
    for clutter in ("Taboola", "You May Like", "Sponsored", "Related Articles", "Live Events"):
        assert clutter not in text


def test_extract_does_not_import_torch():
    code = ("import sys; from distill.cli import main; sys.argv=['distill','extract','--format','json',"
            f"{str(FIXTURES / 'rich_article.html')!r}]; main(); assert 'torch' not in sys.modules, 'torch'")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr.decode()


def test_extract_json_and_html_formats():
    data = json.loads(run("extract", "--format", "json", str(FIXTURES / "rich_article.html")).stdout)
    assert data["title"] == "How we cut our build times in half" and data["byline"] == "Sam Rivera"
    html = run("extract", "--format", "html", str(FIXTURES / "rich_article.html")).stdout.decode()
    for tag in ("<table>", "<pre>", "<figcaption>", "<blockquote>", "<li>", "<h2>"):
        assert tag in html, tag


def test_extract_errors_are_one_line_and_nonzero():
    out = run("extract", str(FIXTURES / "empty.html"))
    assert out.returncode == 1 and out.stderr.decode().strip() == "distill: The page is empty."
    assert run("extract", "/nonexistent.html").returncode == 2


def test_extract_batch_keeps_going_after_bad_lines():
    lines = [json.dumps({"id": "a", "html": (FIXTURES / "french_news.html").read_text()}),
             "{not json", json.dumps({"id": "c", "html": ""}), json.dumps({"id": "d"})]
    out = run("extract", "--jsonl", stdin="\n".join(lines) + "\n")
    rows = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "c", "d"]
    assert "pistes cyclables" in rows[0]["text"]
    assert all("error" in r for r in rows[1:])


@pytest.mark.model
def test_summarize_page_text_and_batch():
    out = run("summarize", str(FIXTURES / "cluttered_news.html"))
    lines = out.stdout.decode().splitlines()
    assert out.returncode == 0 and 3 <= len(lines) <= 5
    assert lines[0].startswith("The harbor city council on Thursday approved")

    text = "First sentence is about the harbor.\n\nSecond sentence is about the birds.\n\nThird is about cost."
    assert len(run("summarize", "--text", "--sentences", "2", stdin=text).stdout.decode().splitlines()) == 2

    rows = [{"id": 1, "text": text}, {"id": 2, "html": (FIXTURES / "rich_article.html").read_text()},
            {"id": 3, "text": "Hi."}]
    out = run("summarize", "--jsonl", "--sentences", "1", stdin="\n".join(map(json.dumps, rows)))
    got = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [len(g.get("summary", [])) for g in got] == [1, 1, 0] and "error" in got[2]


def test_summarize_rejects_bad_lengths():
    assert run("summarize", "--text", "--sentences", "0", stdin="x").returncode == 2
    assert run("summarize", "--text", "--ratio", "2", stdin="x").returncode == 2


@pytest.mark.parametrize("markup", ["<html><body></body></html>", "<frameset><frame src=a></frameset>"])
def test_the_libraries_log_lines_stay_off_stderr(markup):
    """trafilatura says 'discarding data' (and readability prints tracebacks) on pages Distill
    already answers with its own one-line message."""
    out = run("extract", "-", stdin=markup)
    assert out.returncode == 1
    assert out.stderr.decode().strip() == "distill: No readable article was found on this page."
