"""``distill``: serve the backend, extract an article, summarize a page or a batch.

``extract`` never loads the sentence model; ``summarize`` loads it once per process, also in
``--jsonl`` batch mode; ``model build`` distills it (the only command that imports torch).
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import sys
from typing import Any

from . import __version__, client_json
from .config import Settings, SettingsError, get_settings, load_settings, one_native_thread
from .errors import DistillError


def _read_input(path: str | None) -> bytes:
    if path in (None, "-"):
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def _page_text(data: bytes) -> str:
    from .page.parse import decode_html

    return decode_html(data)


def _plain_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _fail(message: str, code: int = 2) -> int:
    print(f"distill: {message}", file=sys.stderr)
    return code


def _is_pdf(data: bytes) -> bool:
    from .page.pdf import PDF_MAGIC

    return PDF_MAGIC in data[:1024]


def _file_row(data: bytes, url: str | None) -> dict[str, Any]:
    """A file given on the command line: a PDF's bytes, else the page's HTML."""
    return {"pdf": data, "url": url} if _is_pdf(data) else {"html": _page_text(data), "url": url}


# ------------------------------------------------------------------ extract
def _extract_one(row: dict[str, Any], settings: Settings) -> dict[str, Any]:
    from .page.reader import render
    from .pipeline import read_page, read_pdf_bytes

    pdf = _row_pdf(row)
    if pdf is not None:
        reading = read_pdf_bytes(pdf, row.get("url"), settings, require_summary=False)
    else:
        reading = read_page(_row_html(row), row.get("url"), settings, require_summary=False)
    a = reading.article
    return {
        "title": a.title, "byline": a.byline, "site_name": a.site_name, "published": a.published,
        "lang": a.lang, "dir": a.dir, "url": a.url, "lead_image": a.lead_image,
        "excerpt": a.description, "word_count": reading.word_count, "extractor": a.extractor,
        "text": reading.plain_text(), "content_html": render(reading.root),
        "timings_ms": reading.timings.ms,
    }


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    if args.jsonl:
        from .server.schemas import PageRow

        def handle(row: dict[str, Any]) -> dict[str, Any]:
            if "pdf_base64" not in row:  # a page: checked as the API checks one
                page = PageRow.model_validate(row)
                row = {"html": page.html, "url": page.url}
            return {"text": _extract_one(row, settings)["text"]}

        # pages vary a hundredfold in size: hand them out one at a time so no worker idles
        return _batch(handle, args.workers, chunksize=1)
    try:
        out = _extract_one(_file_row(_read_input(args.file), args.url), settings)
    except DistillError as exc:
        return _fail(exc.message, 1)
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=2))
    elif args.format == "html":
        print(out["content_html"])
    else:
        if out["title"] and not args.no_title:
            print(out["title"], end="\n\n")
        print(out["text"])
    return 0


# ------------------------------------------------------------------ summarize
def _summarize_one(row: dict[str, Any], args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    """One page, PDF or text, checked as the API checks a request (a batch line's error says which
    field is wrong); the command line's length and language where the row gives none."""
    from .pipeline import summarize_pdf, summarize_request
    from .server.schemas import SummarizeRequest

    pdf = _row_pdf(row)
    if pdf is not None:
        ratio = row.get("ratio", args.ratio)
        sentences = None if ratio is not None else row.get("sentences", args.sentences)
        return summarize_pdf(pdf, row.get("url") or args.url, sentences, ratio, settings,
                             row.get("lang") or args.lang)
    fields = SummarizeRequest.model_validate(row).source_fields()
    if fields["sentences"] is None and fields["ratio"] is None:
        fields["sentences"], fields["ratio"] = args.sentences, args.ratio
    fields["lang"] = fields["lang"] or args.lang
    fields["url"] = fields["url"] or args.url
    return summarize_request(settings, **fields)


def _summary_lines(result: dict[str, Any]) -> list[str]:
    by_index = {s["index"]: s["text"] for s in result["sentences"]}
    return [by_index[i] for i in result["summary"]]


def cmd_summarize(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import load_models

    if args.jsonl:
        return _batch(lambda row: {"summary": _summary_lines(_summarize_one(row, args, settings))},
                      args.workers, warm=lambda: load_models(settings))
    data = _read_input(args.file)
    row = {"text": _plain_text(data)} if args.text else _file_row(data, args.url)
    try:
        result = _summarize_one(row, args, settings)
    except DistillError as exc:
        return _fail(exc.message, 1)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print("\n".join(_summary_lines(result)))
    return 0


# ------------------------------------------------------------------ batch
def _row_html(row: dict[str, Any]) -> str:
    html = row.get("html")
    if not isinstance(html, str):
        raise DistillError("each line needs 'html' (a page), 'pdf_base64' (a PDF) or 'text'")
    return html


def _row_pdf(row: dict[str, Any]) -> bytes | None:
    """A PDF's bytes: a file's ("pdf"), or a batch line's "pdf_base64"; None for a page or text."""
    if isinstance(row.get("pdf"), bytes):
        return row["pdf"]
    encoded = row.get("pdf_base64")
    if encoded is None:
        return None
    try:
        return base64.b64decode(encoded, validate=True)
    except (ValueError, TypeError):
        raise DistillError("'pdf_base64' is not base64") from None


_HANDLE = None  # the batch's per-row function, set before the workers fork


def _batch_line(item: tuple[int, str]) -> tuple[str, bool] | None:
    """One input line -> (its output line, whether it failed); None for a blank line. Never raises."""
    from pydantic import ValidationError

    from .server.schemas import describe_errors

    number, line = item
    if not line.strip():
        return None
    row_id: Any = number
    try:
        row = client_json.loads_object(line)
        row_id = row.get("id", number)
        out = {"id": row_id, **_HANDLE(row)}
    except client_json.JSONInputError as exc:
        out = {"id": row_id, "error": f"line {number} is not a JSON object: {exc}"}
    except ValidationError as exc:
        out = {"id": row_id, "error": f"line {number}: {describe_errors(exc)}"}
    except DistillError as exc:
        out = {"id": row_id, "error": exc.message}
    except Exception as exc:  # the batch goes on; the line says what went wrong
        logging.getLogger(__name__).exception("line %s failed", number)
        out = {"id": row_id, "error": f"{type(exc).__name__}: {exc}"}
    text = json.dumps(out, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (in an id): written as JSON writes it, \ud800
        text = json.dumps(out)
    return text, "error" in out


def _stdin_lines() -> tuple[Any, int | None]:
    """stdin's JSON Lines (client_json.json_lines), lazily, and how many there are when stdin is
    a file (for the ETA)."""
    import os
    import stat

    if stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode):
        data = sys.stdin.buffer.read()
        total = data.count(b"\n") + (not data.endswith(b"\n") and bool(data))
        return client_json.json_lines([data]), total
    return client_json.json_lines(sys.stdin.buffer), None


def _batch(handle, workers: int | None = None, warm=None, chunksize: int = 8) -> int:
    """One JSON object per input line -> one per output line, in input order, on every core; a
    bad line never stops the run. A progress bar (rate, ETA) goes to stderr when it is a
    terminal, and a summary line at the end either way."""
    import multiprocessing
    import os
    import time

    from tqdm import tqdm

    global _HANDLE
    _HANDLE = handle
    workers = max(1, workers or os.cpu_count() or 1)
    lines, total = _stdin_lines()
    started = time.perf_counter()
    done = failures = 0
    bar = tqdm(total=total, unit="line", file=sys.stderr, disable=not sys.stderr.isatty(), smoothing=0.1)
    pool = None
    try:
        if workers > 1:
            if warm is not None:
                warm()  # load the model once, before fork: the workers share its memory
            pool = multiprocessing.get_context("fork").Pool(workers)
            results = pool.imap(_batch_line, enumerate(lines, 1), chunksize=chunksize)
        else:
            results = map(_batch_line, enumerate(lines, 1))
        for result in results:
            bar.update(1)
            if result is None:
                continue
            out, failed = result
            done += 1
            failures += failed
            sys.stdout.write(out + "\n")
            sys.stdout.flush()
    finally:
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
    seconds = time.perf_counter() - started
    print(f"distill: {done} line(s) in {seconds:.1f} s ({done / max(seconds, 1e-9):.1f}/s, {workers} "
          f"worker{'s' if workers > 1 else ''}), {failures} failed", file=sys.stderr)
    return 0


# ------------------------------------------------------------------ serve
def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Exec gunicorn with the repository's config; the command line overrides DISTILL_*."""
    import os
    import shutil
    import tempfile
    from pathlib import Path

    for name, value in (("HOST", args.host), ("PORT", args.port), ("WORKERS", args.workers)):
        if value is not None:
            os.environ[f"DISTILL_{name}"] = str(value)
    get_settings.cache_clear()
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(f"bad setting: {exc}")
    from .server.tokens import TokenError, TokenStore

    try:  # the token database must answer before any worker starts: one line, not a traceback
        TokenStore(settings).engine.dispose()
    except TokenError as exc:
        return _fail(str(exc))
    except Exception as exc:
        return _database_failed(settings, exc)
    if settings.metrics:
        # prometheus-client's multiprocess mode: a fresh directory per server, set before any import
        shared = os.environ.get(metrics_env := "PROMETHEUS_MULTIPROC_DIR")
        if shared:
            shutil.rmtree(shared, ignore_errors=True)
            os.makedirs(shared, exist_ok=True)
        else:
            os.environ[metrics_env] = tempfile.mkdtemp(prefix="distill-metrics-")
    conf = Path(__file__).parent / "server" / "gunicorn_conf.py"
    print(f"distill {__version__}: serving on http://{settings.host}:{settings.port} "
          f"({settings.workers} workers, model {settings.model_path})", file=sys.stderr)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execv(str(gunicorn), [str(gunicorn), "--config", str(conf), "distill.server.wsgi:app"])
    return 0  # not reached


# ------------------------------------------------------------------ model
def _build_punkt_models() -> None:
    """The sentence rules' mapped tables (punkt_models.py), so that no server worker imports a
    model to write one: each one missing, in about 0.1 s."""
    from .summary import punkt_models
    from .summary.sentences import PUNKT_MODELS, punkt_dir

    punkt_models.save_all(punkt_dir(), PUNKT_MODELS.values())


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    from .summary import embed, scorer

    path = settings.model_path
    if args.action == "build":
        _build_punkt_models()
        if embed.is_built(path) and not args.force:
            print(f"distill: sentence model already built at {path}", file=sys.stderr)
            return 0
        print(f"distill: distilling the sentence model from {embed.SOURCE_MODEL} into {path} "
              "(about 20 s)...", file=sys.stderr)
        try:
            embed.build(path, force=args.force)
        except embed.ModelUnavailable as exc:
            return _fail(str(exc))
        return 0
    info = {"model": str(path), "built": embed.is_built(path), "ranker": str(scorer.DEFAULT_PATH)}
    if info["built"]:
        info["build"] = json.loads((path / embed.BUILD_FILE).read_text(encoding="utf-8"))
    try:
        info["ranker_meta"] = scorer.load().meta
    except scorer.ScorerUnavailable as exc:
        info["ranker_error"] = str(exc)
    print(json.dumps(info, indent=1))
    return 0


# ------------------------------------------------------------------ tokens
def cmd_tokens(args: argparse.Namespace, settings: Settings) -> int:
    from .server.tokens import TokenError, TokenStore

    try:
        store = TokenStore(settings)
        if args.action == "create":
            token = store.create(args.name)
            print(f"distill: token {args.name!r} created; it is shown only now. Send it as "
                  "'Authorization: Bearer <token>' or paste it into the extension's options.",
                  file=sys.stderr)
            if len(store.list()) == 1 and not settings.require_token:
                print("distill: this is the first token: from now on every API call needs one.",
                      file=sys.stderr)
            print(token)
        elif args.action == "list":
            rows = store.list()
            print(f"{'NAME':<24} {'CREATED (UTC)':<20} LAST USED (UTC)")
            for t in rows:
                used = t.last_used_at.strftime("%Y-%m-%d %H:%M") if t.last_used_at else "never"
                print(f"{t.name:<24} {t.created_at.strftime('%Y-%m-%d %H:%M'):<20} {used}")
        else:
            store.revoke(args.name)
            print(f"distill: token {args.name!r} revoked", file=sys.stderr)
            if not store.list() and not settings.require_token:
                print("distill: that was the last token: the API is open to anyone again. Set "
                      "DISTILL_REQUIRE_TOKEN=1 to keep it closed with no tokens.", file=sys.stderr)
    except TokenError as exc:
        return _fail(str(exc))
    except Exception as exc:  # the database is down or unreachable
        return _database_failed(settings, exc)
    return 0


def _database_failed(settings: Settings, exc: Exception) -> int:
    """Which database (host and name only: never the password) and why, in one line."""
    return _fail(f"the token database ({settings.database.split('@')[-1]}) failed: "
                 f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="distill", description="Reader view and summary of web pages.")
    parser.add_argument("--version", action="version", version=f"distill {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP backend (gunicorn)")
    serve.add_argument("--host", default=None, help="default 127.0.0.1 (DISTILL_HOST)")
    serve.add_argument("--port", type=int, default=None, help="default 8000 (DISTILL_PORT)")
    serve.add_argument("--workers", type=int, default=None, help="default: one per core (DISTILL_WORKERS)")

    tokens = sub.add_parser("tokens", help="manage the API tokens of this server's database")
    tsub = tokens.add_subparsers(dest="action", required=True)
    create = tsub.add_parser("create", help="make a token; it is printed once, as the last line")
    create.add_argument("name", help="who or what it is for, e.g. alice or newsroom-laptops")
    tsub.add_parser("list", help="names, when created, when last used (never the tokens)")
    revoke = tsub.add_parser("revoke", help="the token stops working at once")
    revoke.add_argument("name")

    ext = sub.add_parser("extract", help="print the article of a page")
    ext.add_argument("file", nargs="?", default="-", help="HTML or PDF file, or - for stdin")
    ext.add_argument("--url", help="the page's URL (resolves relative links)")
    ext.add_argument("--format", choices=["text", "html", "json"], default="text")
    ext.add_argument("--no-title", action="store_true", help="text format: the body only")
    ext.add_argument("--jsonl", action="store_true",
                     help='batch: {"id","html","url"} (or "pdf_base64" for a PDF) per stdin line '
                     '-> {"id","text"} per line')
    ext.add_argument("--workers", type=int, default=None, help="batch processes (default: one per core)")

    summ = sub.add_parser("summarize", help="print the summary of a page or text")
    summ.add_argument("file", nargs="?", default="-", help="HTML, PDF (or --text) file, or - for stdin")
    summ.add_argument("--url", help="the page's URL")
    summ.add_argument("--text", action="store_true", help="the input is plain text, not HTML")
    summ.add_argument("--lang", help="language of the text (pages declare their own)")
    length = summ.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, help="summary length in sentences")
    length.add_argument("--ratio", type=float, help="summary length as a share of the sentences")
    summ.add_argument("--json", action="store_true", help="print the full API answer")
    summ.add_argument("--jsonl", action="store_true",
                      help='batch: {"id","html","url"}, {"id","pdf_base64","url"} or {"id","text"} '
                      'per line -> {"id","summary"}')
    summ.add_argument("--workers", type=int, default=None, help="batch processes (default: one per core)")

    model = sub.add_parser("model", help="build or describe the sentence model")
    model.add_argument("action", choices=["build", "info"])
    model.add_argument("--force", action="store_true", help="build again even if it is there")
    return parser


def main(argv: list[str] | None = None) -> int:
    one_native_thread()
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(f"bad setting: {exc}")
    if args.command != "serve":
        # one page, or a batch whose worker processes already take every core: no helper process
        settings = settings.model_copy(update={"helper": False})
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        from .page.extractors import quiet_libraries

        quiet_libraries()
    if args.command in ("serve", "summarize"):  # the commands that embed: a missing GPU stops them here
        from .summary.embed import DeviceUnavailable, resolve_device

        try:
            resolve_device(settings.device)
        except DeviceUnavailable as exc:
            return _fail(str(exc))
    if args.command != "serve" and getattr(args, "sentences", None) is not None and args.sentences < 1:
        return _fail("--sentences must be at least 1")
    if args.command != "serve" and getattr(args, "ratio", None) is not None and not 0 < args.ratio <= 1:
        return _fail("--ratio must be in (0, 1]")
    handlers = {"serve": cmd_serve, "extract": cmd_extract, "summarize": cmd_summarize,
                "model": cmd_model, "tokens": cmd_tokens}
    try:
        return handlers[args.command](args, settings)
    except FileNotFoundError as exc:
        return _fail(f"no such file: {exc.filename}")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
