"""The serving benchmark: Distill as shipped (`distill serve`, gunicorn) beside readability-lxml +
sumy LexRank under gunicorn sync workers (scripts/baseline_app.py), both measured in this run on
the same pages, through HTTP on 127.0.0.1, with ratios. Run by `scripts/bench` after bench.py.

For each stack and worker count (1 and 2 by default), on --runs new servers (2 by default; the
figures are over all of them, cold start and memory the largest):
  * cold start: from starting the server to its first ready answer;
  * latency: the pages one at a time (Distill's cache off), median and p95 ms, from sending a
    request to having its whole answer (each request's JSON is encoded before the runs: a load
    generator's fixed bodies);
  * throughput: a bounded load generator (2 x workers requests in flight) over the pages, pages/s;
  * peak resident memory of each worker (VmHWM) and of the whole server after the run.
Distill's answers also carry per-stage times; their medians and p95s are printed, beside an
lxml parse of each page alone (the physical floor: every stage reads a parsed page).
Then batch: `distill summarize --jsonl` at 1 and N workers beside the baseline's summarizer in
1 and N processes, on the same CNN/DailyMail dev articles (all 1,500 by default).

    .venv/bin/python scripts/bench_server.py [--pages N] [--workers 1,2] [--runs N] [--articles N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from bench import _pages, pct  # the in-process benchmark's pages and percentiles

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DISTILL_SHARED", ROOT.parent / "shared"))
# the batch's articles: CNN's dev articles, then DailyMail's (500 + 1000)
ARTICLES = [SHARED / "data" / "cnndm" / "dev-cnn.jsonl", SHARED / "data" / "cnndm" / "dev-dailymail.jsonl"]
BIN = Path(sys.executable).parent
JSON_HEADERS = {"Content-Type": "application/json"}


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kind: str, workers: int):
        self.port = free_port()
        self.kind = kind
        env = dict(os.environ, DISTILL_WORKERS=str(workers), DISTILL_PORT=str(self.port), DISTILL_CACHE="0",
                   DISTILL_RATE_LIMIT="", DISTILL_LOG_LEVEL="WARNING",
                   DISTILL_DATABASE_URL=f"sqlite:////tmp/distill-bench-{os.getpid()}.db")
        if kind == "distill":
            cmd = [str(BIN / "distill"), "serve"]
            self.ready, self.url = "/api/v1/ready", "/api/v1/summarize"
        else:
            cmd = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{self.port}", "--chdir",
                   str(ROOT / "scripts"), "--log-level", "warning", "baseline_app:app"]
            self.ready, self.url = "/health", "/summarize"
        self.base = f"http://127.0.0.1:{self.port}"
        started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"bench: {kind} server exited")
            try:
                if requests.get(self.base + self.ready, timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.02)
        self.cold_start_s = time.perf_counter() - started
        self.session = threading.local()

    def post(self, body: bytes, decode: bool = True) -> tuple[float, dict | None]:
        """One request; the time from sending the body to having the whole answer (the body is
        encoded beforehand and the answer decoded after, as a load generator's fixed bodies).
        decode=False: the answer is not decoded at all (the load runs: a client's decoding would
        take CPU from the server on the same cores)."""
        session = getattr(self.session, "s", None) or requests.Session()
        self.session.s = session
        start = time.perf_counter()
        r = session.post(self.base + self.url, data=body, headers=JSON_HEADERS, timeout=120)
        ms = (time.perf_counter() - start) * 1000
        return ms, (r.json() if decode and r.status_code == 200 else None)

    def rss_mb(self) -> tuple[float, float, float]:
        """(largest worker's peak RSS, the whole server's proportional set size now, the largest
        helper's peak RSS), MB. The server's PSS counts the workers' helper processes (Distill's
        page/second_opinion.py) with the workers they serve."""
        def children(pid: int) -> list[int]:
            return [int(p) for p in subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)],
                                                   capture_output=True, text=True).stdout.split()]
        pids = children(self.proc.pid)
        helpers = [h for p in pids for h in children(p)]

        def field(pid: int, name: str) -> float:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(name):
                    return int(line.split()[1]) / 1024
            return 0.0
        def pss(pid: int) -> float:  # shared pages (the model, preloaded) counted once, split
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
            return 0.0
        peak = max(field(p, "VmHWM") for p in pids)
        total = sum(pss(p) for p in [self.proc.pid, *pids, *helpers])
        return peak, total, max((field(h, "VmHWM") for h in helpers), default=0.0)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def load(server: Server, pages: list[bytes], in_flight: int) -> float:
    """Seconds to answer the pages with a fixed number of requests in flight (a bounded load
    generator)."""
    start = time.perf_counter()
    with ThreadPoolExecutor(in_flight) as pool:
        list(pool.map(lambda body: server.post(body, decode=False), pages))
    return time.perf_counter() - start


def run_stack(kind: str, workers: int, pages: list[bytes]) -> dict:
    server = Server(kind, workers)
    try:
        server.post(pages[0])  # warm
        latencies, stages = [], {}
        for body in pages:
            ms, answer = server.post(body)
            latencies.append(ms)
            for stage, t in ((answer or {}).get("timings_ms") or {}).items():
                stages.setdefault(stage, []).append(t)
        load_s = load(server, pages, 2 * workers)
        peak, total, helper = server.rss_mb()
        return {"cold": server.cold_start_s, "latencies": latencies, "load_s": load_s,
                "peak_worker_mb": peak, "peak_helper_mb": helper, "server_mb": total,
                "worker_pss_mb": total / workers, "stages": stages}
    finally:
        server.stop()


def run_stacks(kind: str, workers: int, pages: list[bytes], runs: int) -> dict:
    """run_stack on a new server each time (a new server meets the pages as new, as one pass of
    a single run does), the figures over all of them: so a few slow seconds of a shared machine
    weigh less. Latencies and stage times are pooled, pages/s is all pages over all the load
    runs' time, and cold start and memory are the largest of the runs."""
    each = [run_stack(kind, workers, pages) for _ in range(runs)]
    latencies = [ms for r in each for ms in r["latencies"]]
    stages: dict[str, list[float]] = {}
    for r in each:
        for stage, values in r["stages"].items():
            stages.setdefault(stage, []).extend(values)
    biggest = {key: max(r[key] for r in each)
               for key in ("cold", "peak_worker_mb", "peak_helper_mb", "server_mb", "worker_pss_mb")}
    return {**biggest, "median": statistics.median(latencies), "p95": pct(latencies, 0.95),
            "max": max(latencies), "rate": len(pages) * runs / sum(r["load_s"] for r in each),
            "stages": stages}


def article_lines(n: int) -> list[str]:
    return [line for path in ARTICLES for line in path.read_text(encoding="utf-8").splitlines()][:n]


def batch(lines: list[str], workers: int) -> float:
    """The rate the command itself reports: from its start of work (the model load included)
    to its last line, without the interpreter's start."""
    out = subprocess.run([str(BIN / "distill"), "summarize", "--jsonl", "--sentences", "3",
                          "--workers", str(workers)], input="\n".join(lines).encode(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return float(re.search(rb"\(([\d.]+)/s", out.stderr)[1])


def _baseline_summary(text: str) -> list[str]:
    from baseline_app import lexrank

    return lexrank(text)


def baseline_batch(lines: list[str], workers: int) -> float:
    import multiprocessing

    texts = [json.loads(line)["text"] for line in lines]
    n = len(texts)
    start = time.perf_counter()
    if workers == 1:
        for t in texts:
            _baseline_summary(t)
    else:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_baseline_summary, texts, chunksize=8)
    return n / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=0, help="first N Mozilla pages (default all 129)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--runs", type=int, default=2,
                    help="servers started for each stack and worker count, each taking the pages "
                    "once one at a time and once under load (default 2)")
    ap.add_argument("--articles", type=int, default=1500,
                    help="batch: the first N CNN/DailyMail dev articles, CNN's first (default all "
                    "1500; 0: no batch)")
    args = ap.parse_args()
    pages = [html for _, html in _pages(args.pages or None)]
    bodies = [json.dumps({"html": html, "url": "http://fakehost/test/page.html"}).encode() for html in pages]

    import lxml.html

    parse = []
    for html in pages:
        start = time.perf_counter()
        lxml.html.document_fromstring(html)
        parse.append((time.perf_counter() - start) * 1000)
    print(f"## Serving, {len(pages)} Mozilla pages through HTTP on 127.0.0.1 (Distill's cache off), "
          f"{args.runs} new servers of each kind, each taking every page once")
    print(f"the floor, one lxml parse per page: median {statistics.median(parse):.1f} ms, "
          f"p95 {pct(parse, 0.95):.1f}")
    results = {}
    for w in (int(x) for x in args.workers.split(",")):
        for kind in ("distill", "baseline"):
            results[kind, w] = run_stacks(kind, w, bodies, args.runs)
        d, b = results["distill", w], results["baseline", w]
        print(f"\n### {w} worker{'s' if w > 1 else ''}: Distill | readability-lxml + sumy LexRank | "
              "ratio (Distill/baseline)")
        for label, key, fmt in (("cold start to ready, s", "cold", "{:.2f}"),
                                ("latency median, ms", "median", "{:.0f}"),
                                ("latency p95, ms", "p95", "{:.0f}"), ("slowest page, ms", "max", "{:.0f}"),
                                (f"pages/s, {2 * w} in flight", "rate", "{:.1f}"),
                                ("peak RSS of a worker, MB", "peak_worker_mb", "{:.0f}"),
                                ("peak RSS of a worker's helper, MB", "peak_helper_mb", "{:.0f}"),
                                ("whole server PSS after the run, MB", "server_mb", "{:.0f}"),
                                ("  of it per worker (PSS / workers), MB", "worker_pss_mb", "{:.0f}")):
            ratio = f"{d[key] / b[key]:.2f}x" if b[key] else "-"  # the baseline has no helpers
            print(f"  {label:<36} {fmt.format(d[key]):>8} | {fmt.format(b[key]):>8} | {ratio}")
    stages = results["distill", int(args.workers.split(",")[0])]["stages"]
    print("\n### Distill's stages (from its answers), ms: median / p95, and the median's multiple of "
          "the parse floor")
    floor = statistics.median(parse)
    for stage, values in stages.items():
        print(f"  {stage:<10} {statistics.median(values):7.1f} / {pct(values, 0.95):7.1f}   "
              f"{statistics.median(values) / floor:5.1f}x")
    lines, cores = article_lines(args.articles), os.cpu_count() or 1
    if not lines:
        return
    print(f"\n## Batch, the first {len(lines)} CNN/DailyMail dev articles, 3 sentences: articles/s "
          "(Distill | baseline | ratio)")
    for w in sorted({1, cores}):
        d, b = batch(lines, w), baseline_batch(lines, w)
        print(f"  {w} worker{'s' if w > 1 else ''}: {d:7.1f} | {b:7.1f} | {d / b:.2f}x")


if __name__ == "__main__":
    main()
