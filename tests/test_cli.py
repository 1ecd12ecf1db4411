"""The command line, run as a user runs it: a subprocess of the installed console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURES

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


# what json.dumps(ensure_ascii=False) leaves unescaped in strings and str.splitlines breaks at
LINE_BREAKS_IN_STRINGS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"


@pytest.mark.parametrize("stdin_is", ["pipe", "file"])
def test_batch_lines_are_separated_by_newlines_only(tmp_path, stdin_is):
    """JSON Lines: a record ends at \n (a \r before it dropped); blank lines are skipped, a
    truncated last line is an error line and the records before it are whole."""
    page = (FIXTURES / "french_news.html").read_text()
    rows = [json.dumps({"id": f"p{i}{LINE_BREAKS_IN_STRINGS}",
                        "html": page.replace("</p>", LINE_BREAKS_IN_STRINGS + "</p>")}, ensure_ascii=False)
            for i in range(2)]
    data = ("\r\n".join([rows[0], "", "  ", rows[1]]) + "\n" + rows[1][:200]).encode()
    if stdin_is == "file":
        (tmp_path / "rows.jsonl").write_bytes(data)
        with (tmp_path / "rows.jsonl").open("rb") as stdin:
            out = subprocess.run([DISTILL, "extract", "--jsonl", "--workers", "1"], stdin=stdin,
                                 capture_output=True, timeout=120)
    else:
        out = run("extract", "--jsonl", "--workers", "2", stdin=data)
    assert out.returncode == 0, out.stderr
    got = [json.loads(line) for line in out.stdout.split(b"\n") if line]
    assert [g["id"] for g in got] == [f"p0{LINE_BREAKS_IN_STRINGS}", f"p1{LINE_BREAKS_IN_STRINGS}", 5]
    assert all("pistes cyclables" in g["text"] for g in got[:2])
    assert "not valid JSON" in got[2]["error"]
    assert "3 line(s)" in out.stderr.decode() and "1 failed" in out.stderr.decode()


def test_batch_lines_that_are_not_requests_say_what_to_fix():
    page = (FIXTURES / "french_news.html").read_text()
    lines = [b"[" * 50_000, b"[1, 2]", json.dumps({"id": "n", "html": 5}).encode(),
             json.dumps({"id": "u", "html": page, "url": ["x"]}).encode(),
             json.dumps({"id": "t", "text": "no page"}).encode(),
             json.dumps({"id": "\ud800", "html": page}).encode(),  # a lone surrogate, as \\ud800
             b'{"id": "bad-utf8 \xff", "html": ' + json.dumps(page).encode() + b"}"]
    out = run("extract", "--jsonl", "--workers", "1", stdin=b"\n".join(lines))
    assert out.returncode == 0 and b"Traceback" not in out.stderr, out.stderr
    got = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert [g["id"] for g in got] == [1, 2, "n", "u", "t", "\ud800", "bad-utf8 \ufffd"]
    errors = [g.get("error") for g in got]
    assert "levels deep" in errors[0] and "it is an array" in errors[1]
    assert "html: Input should be a valid string" in errors[2]
    assert "url: Input should be a valid string" in errors[3]
    assert "html: Field required" in errors[4]
    assert errors[5:] == [None, None] and "pistes cyclables" in got[5]["text"]


@pytest.mark.model
def test_summarize_batch_checks_each_line_as_the_api_checks_a_request():
    text = "First sentence is about the harbor.\n\nSecond sentence is about the birds today."
    rows = [{"id": 1, "text": text, "sentences": "2"}, {"id": 2, "text": text, "html": "<p>x</p>"},
            {"id": 3, "text": text, "ratio": 0.5}, {"id": 4, "text": text}]
    out = run("summarize", "--jsonl", "--sentences", "2", stdin="\n".join(map(json.dumps, rows)))
    got = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert "sentences: Input should be a valid integer" in got[0]["error"]
    assert "exactly one of" in got[1]["error"]
    assert [len(g["summary"]) for g in got[2:]] == [1, 2]


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


def _rows(n: int) -> str:
    page = (FIXTURES / "french_news.html").read_text()
    rows = [json.dumps({"id": f"p{i}", "html": page.replace("pistes cyclables", f"pistes cyclables {i}")})
            for i in range(n)]
    rows.insert(3, "{not json")
    return "\n".join(rows) + "\n"


def test_batch_on_two_workers_keeps_input_order_and_reports():
    one = run("extract", "--jsonl", "--workers", "1", stdin=_rows(12))
    two = run("extract", "--jsonl", "--workers", "2", stdin=_rows(12))
    assert one.stdout == two.stdout
    ids = [json.loads(line)["id"] for line in two.stdout.decode().splitlines()]
    assert ids == ["p0", "p1", "p2", 4, *[f"p{i}" for i in range(3, 12)]]
    err = two.stderr.decode()
    assert "13 line(s)" in err and "2 workers" in err and "1 failed" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal


def test_batch_shows_a_progress_bar_on_a_terminal(tmp_path):
    """Input from a file: the bar knows the total, so it shows the share done and an ETA."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    rows = tmp_path / "rows.jsonl"
    rows.write_text(_rows(6))
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    with rows.open("rb") as stdin:
        proc = subprocess.Popen([DISTILL, "extract", "--jsonl", "--workers", "2"], stdin=stdin,
                                stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        proc.communicate(timeout=120)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    text = err.decode(errors="replace")
    assert "line/s" in text and "7/7" in text and "100%" in text


@pytest.mark.parametrize(("env", "says"), [
    ({"DISTILL_PORT": "99999"}, "bad setting: DISTILL_PORT='99999'"),
    ({"DISTILL_DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/db"}, "DISTILL_SECRET_KEY must be set"),
    ({"DISTILL_DATABASE_URL": "postgresql://u:secret@127.0.0.1:1/db", "DISTILL_SECRET_KEY": "k"},
     "the token database (127.0.0.1:1/db) failed"),
    ({"DISTILL_DEVICE": "gpu"}, "DISTILL_DEVICE='gpu': Input should be 'auto', 'cpu' or 'cuda'"),
    ({"DISTILL_DEVICE": "cuda"}, "DISTILL_DEVICE=cuda, but no CUDA device is usable here"),
])
def test_serve_refuses_to_start_with_one_line_that_says_why(env, says):
    import os

    from distill.summary import embed

    if env.get("DISTILL_DEVICE") == "cuda" and embed._cuda_usable():
        pytest.skip("this machine has a GPU: DISTILL_DEVICE=cuda is valid here")

    out = subprocess.run([DISTILL, "serve"], env={**os.environ, **env}, capture_output=True, timeout=60)
    err = out.stderr.decode()
    assert out.returncode == 2 and says in err and "Traceback" not in err and "secret@" not in err


def _mill_pdf() -> bytes:
    from support import pdf_article

    return pdf_article([f"The mill on the river Wend ground the valley's corn for {n} years before the "
                        f"railway made the journey to the larger mills of the town cheaper." for n in range(40, 46)],
                       title="The mill")


def test_extract_and_summarize_a_pdf_file(tmp_path):
    path = tmp_path / "mill.pdf"
    path.write_bytes(_mill_pdf())
    out = run("extract", "--format", "json", str(path))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["title"] == "The mill" and data["extractor"] == "pdf"
    assert "for 45 years" in data["text"] and "Quarterly Review" not in data["text"]
    summary = run("summarize", "--sentences", "2", str(path))
    assert summary.returncode == 0, summary.stderr
    assert len(summary.stdout.decode().strip().splitlines()) == 2


def test_pdf_lines_in_a_batch():
    import base64

    from support import pdf_bytes

    lines = [{"id": "ok", "pdf_base64": base64.b64encode(_mill_pdf()).decode()},
             {"id": "locked", "pdf_base64": base64.b64encode(pdf_bytes([[(72, 700, "x")]], encrypted=True)).decode()},
             {"id": "bad", "pdf_base64": "not base64!"}]
    out = run("extract", "--jsonl", "--workers", "1", stdin="\n".join(json.dumps(x) for x in lines))
    rows = {r["id"]: r for r in map(json.loads, out.stdout.decode().splitlines())}
    assert "for 45 years" in rows["ok"]["text"]
    assert "encrypted" in rows["locked"]["error"] and "base64" in rows["bad"]["error"]


def _hostile_files() -> dict[str, bytes]:
    import hostile

    html = hostile.page(hostile.article().replace("Paragraph", "Paragraphé"))
    return {
        "invalid UTF-8": html.encode().replace(b"Paragraph\xc3\xa9 1", b"Paragraph \xff\xfe 1"),
        "UTF-16 without a BOM": html.encode("utf-16-le"),
        "UTF-16BE without a BOM": html.encode("utf-16-be"),
        "a wrong declared charset": html.replace("<title>", "<meta charset='shift_jis'><title>").encode(),
        "UTF-8 declared, Latin-1 sent": html.replace("<title>", "<meta charset='utf-8'><title>").encode("latin-1"),
        "NUL bytes": html.replace("</p>", "\x00</p>").encode(),
        "control character references": html.replace("</p>", "&#14;&#0;</p>").encode(),
    }


@pytest.mark.parametrize("name", list(_hostile_files()))
def test_extract_reads_badly_encoded_files(tmp_path, name):
    import hostile

    path = tmp_path / "page.html"
    path.write_bytes(_hostile_files()[name])
    out = run("extract", str(path))
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert text.startswith(hostile.HEADLINE) and "largest harvest since records began" in text
    assert "\x00" not in text and "\x0e" not in text


def test_batch_answers_pages_past_the_limits_line_by_line():
    import hostile

    rows = [json.dumps({"id": "many", "html": hostile.page("<br>" * 40_000 + hostile.article())}),
            json.dumps({"id": "deep", "html": hostile.page("<div>" * 100_000 + hostile.article())}),
            json.dumps({"id": "ok", "html": hostile.page(hostile.article())})]
    out = run("extract", "--jsonl", "--workers", "1", stdin="\n".join(rows))
    got = {g["id"]: g for g in map(json.loads, out.stdout.decode().splitlines())}
    assert "at most 30,000 (DISTILL_MAX_PAGE_ELEMENTS)" in got["many"]["error"]
    assert "too deep" in got["deep"]["error"] or "nests" in got["deep"]["error"]
    assert hostile.HEADLINE not in got["ok"]["text"] and "largest harvest" in got["ok"]["text"]
