"""Soak: Distill as shipped (`distill serve`, gunicorn on 127.0.0.1) kept saturated for minutes
with real pages and hostile ones, then judged against stated bounds.

The mix: Mozilla's Readability test pages (DISTILL_SHARED/data/readability-test-pages), and
pages built here to hurt (nesting thousands deep, tens of thousands of elements, a paragraph of
200,000 characters, a word of 100,000, an attribute bomb, an entity bomb, binary noise, lone
surrogates, megabytes of script, a link farm, a 300 x 40 table, thousands of sentences,
bidi and zero-width text, the project's hostile.html), in a fixed shuffled order. More requests
are kept in flight than the server has threads, so it is always saturated and the latency
includes queueing. Workers are never recycled (max_requests 0) and the cache is off, so every
request does its work and a leak shows in the workers' memory.

Bounds (each a flag): no answer but 200 and the expected 4xx (400, 413, 422) and no failed
connection; each worker's resident memory grows by at most --rss-growth-mb from the end of the
warm-up (the first --warmup-s) to the end; p95 latency of the real pages and of the hostile
ones at most --p95-ms. Prints the figures and exits 1 when a bound is broken.

    .venv/bin/python scripts/soak.py --minutes 5 [--workers 2] [--in-flight 6]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DISTILL_SHARED", ROOT.parent / "shared"))
PAGES = SHARED / "data" / "readability-test-pages"
HOSTILE_FIXTURE = ROOT / "tests" / "fixtures" / "hostile.html"
BIN = Path(sys.executable).parent
EXPECTED = {200, 400, 413, 422}
PROSE = ("The ferry crossed the harbour at dawn while the council debated the new timetable. "
         "Engineers said the old bridge would need repairs before the winter storms arrived. ")


def hostile_pages() -> dict[str, str]:
    """Pages built to hurt a reader, each one class of trouble (names are what the report shows)."""
    rng = random.Random(7)
    article = "<article><h1>A story</h1>" + "".join(f"<p>{PROSE}</p>" for _ in range(8)) + "</article>"
    return {
        "deep-divs": "<html><body>" + "<div>" * 6000 + PROSE + "</div>" * 6000 + "</body></html>",
        "deep-mixed": "<html><body>" + "<div><section><p><span>" * 400 + PROSE
                      + "</span></p></section></div>" * 400 + "</body></html>",
        "wide": "<html><body><article>" + "<p>w</p>" * 40000 + "</article></body></html>",
        "long-paragraph": "<html><body><article><p>" + ("word " * 40000) + "</p></article></body></html>",
        "long-word": "<html><body><article><p>" + "x" * 100000 + "</p>" + article + "</body></html>",
        "attribute-bomb": "<html><body><div " + " ".join(f"a{i}='{i}'" for i in range(20000)) + ">"
                          + article + "</div></body></html>",
        "entity-bomb": "<html><body><article><p>" + "&amp;&#x1F600;&nbsp;" * 50000
                       + "</p></article></body></html>",
        "binary": bytes(rng.randrange(256) for _ in range(200000)).decode("latin-1"),
        "surrogates": "<html><body><article>" + "".join(f"<p>\ud800{PROSE}\udfff</p>" for _ in range(8))
                      + "</article></body></html>",
        "script-megabytes": "<html><head><script>" + "var x = 1;" * 150000 + "</script><style>"
                            + "a{color:red}" * 50000 + "</style></head><body>" + article + "</body></html>",
        "link-farm": "<html><body><ul>" + "".join(f"<li><a href='/p/{i}'>Story number {i}</a></li>"
                                                  for i in range(5000)) + "</ul></body></html>",
        "big-table": "<html><body><table>" + ("<tr>" + "<td>cell text here</td>" * 40 + "</tr>") * 300
                     + "</table>" + article + "</body></html>",
        "many-sentences": "<html><body><article>" + "".join(
            f"<p>Sentence {i} says the ferry was late again on a cold and windy morning.</p>"
            for i in range(4000)) + "</article></body></html>",
        "bidi-zero-width": "<html lang='ar' dir='rtl'><body><article>" + "".join(
            f"<p>\u202e{PROSE}\u200b\u2066مرحبا بالعالم\u2069\ufeff</p>" for _ in range(10))
                           + "</article></body></html>",
        "hostile-fixture": HOSTILE_FIXTURE.read_text(encoding="utf-8"),
        "empty": "",
        "not-markup": "\x00\x01\x02" * 10000,
    }


def request_bodies() -> list[tuple[str, str, bytes]]:
    """(kind, name, JSON body) for every page, real and hostile, plus malformed requests."""
    bodies = []
    for d in sorted(p for p in PAGES.iterdir() if (p / "source.html").is_file()):
        html = (d / "source.html").read_text(encoding="utf-8", errors="replace")
        bodies.append(("real", d.name, json.dumps({"html": html, "url": f"https://{d.name}.example/a"}).encode()))
    for name, html in hostile_pages().items():
        # ensure_ascii: a lone surrogate travels as a \\ud800 escape, as a browser's JSON.stringify sends it
        bodies.append(("hostile", name, json.dumps({"html": html, "url": "https://hostile.example/"}).encode()))
    bodies += [
        ("hostile", "not-json", b"<html>not json</html>"),
        ("hostile", "both-sources", json.dumps({"html": "<p>x</p>", "text": "y"}).encode()),
        ("hostile", "too-large", json.dumps({"html": "<p>" + "x" * 6_000_000 + "</p>"}).encode()),
        ("hostile", "odd-url", json.dumps({"html": f"<article><p>{PROSE * 3}</p></article>",
                                           "url": "http://[::1"}).encode()),
    ]
    return bodies


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, workers: int, tmp: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DISTILL_WORKERS=str(workers), DISTILL_PORT=str(self.port), DISTILL_CACHE="0",
                   DISTILL_RATE_LIMIT="", DISTILL_LOG_LEVEL="WARNING", DISTILL_MAX_REQUESTS="0",
                   DISTILL_DATABASE_URL=f"sqlite:///{tmp}/tokens.db")
        with open(f"{tmp}/server.log", "w") as log:  # (the child keeps its own copy of the file)
            self.proc = subprocess.Popen([str(BIN / "distill"), "serve"], env=env, stdout=subprocess.DEVNULL,
                                         stderr=log)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"soak: the server exited (log: {tmp}/server.log)")
            try:
                if requests.get(self.base + "/api/v1/ready", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        sys.exit("soak: the server did not get ready in 180 s")

    def workers(self) -> list[int]:
        return children(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--in-flight", type=int, default=0, help="requests in flight (default 3 x workers)")
    parser.add_argument("--warmup-s", type=float, default=0, help="default: a fifth of the run, at most 90 s")
    parser.add_argument("--rss-growth-mb", type=float, default=60.0)
    parser.add_argument("--p95-ms", type=float, default=15000.0)
    args = parser.parse_args()
    duration = args.minutes * 60
    warmup = args.warmup_s or min(90.0, duration / 5)
    in_flight = args.in_flight or 3 * args.workers
    bodies = request_bodies()
    random.Random(11).shuffle(bodies)
    print(f"soak: {len(bodies)} requests in the mix ({sum(k == 'real' for k, _, _ in bodies)} real pages), "
          f"{args.workers} workers, {in_flight} in flight, {args.minutes:g} min (warm-up {warmup:.0f} s)")

    with tempfile.TemporaryDirectory(prefix="distill-soak-") as tmp:
        server = Server(args.workers, tmp)
        results: list[tuple[float, str, str, int | str, float]] = []  # (t, kind, name, status, ms)
        lock = threading.Lock()
        start = time.monotonic()
        stop_at = start + duration
        counter = iter(range(10**9))

        def client() -> None:
            session = requests.Session()
            while time.monotonic() < stop_at:
                with lock:
                    kind, name, body = bodies[next(counter) % len(bodies)]
                sent = time.perf_counter()
                try:
                    r = session.post(server.base + "/api/v1/summarize", data=body, timeout=300,
                                     headers={"Content-Type": "application/json"})
                    status: int | str = r.status_code
                except requests.RequestException as exc:
                    status = type(exc).__name__
                    session = requests.Session()
                ms = (time.perf_counter() - sent) * 1000
                with lock:
                    results.append((time.monotonic() - start, kind, name, status, ms))

        samples: dict[tuple[str, int], list[tuple[float, float]]] = defaultdict(list)  # (role, pid)
        with ThreadPoolExecutor(in_flight) as pool:
            for _ in range(in_flight):
                pool.submit(client)
            while time.monotonic() < stop_at:
                time.sleep(1)
                now = time.monotonic() - start
                for pid in server.workers():
                    for role, p in [("worker", pid), *(("helper", h) for h in children(pid))]:
                        if (mb := rss_mb(p)) is not None:
                            samples[(role, p)].append((now, mb))
        server.stop()

    return report(results, samples, warmup, duration, args)


def children(pid: int) -> list[int]:
    """The server's workers; a worker's helper process (page/second_opinion.py)."""
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def memory_growth(points: list[tuple[float, float]], warmup: float, duration: float):
    """(RSS just after the warm-up, RSS at the end, peak): the medians of the samples in a window
    right after the warm-up and in one as long at the end, so one huge page being read at either
    moment does not pass for a leak (or hide one). None when the process did not live through."""
    window = max(10.0, min(60.0, (duration - warmup) / 4))
    first = [mb for t, mb in points if warmup <= t < warmup + window]
    last = [mb for t, mb in points if t >= duration - window]
    if not first or not last:
        return None
    return statistics.median(first), statistics.median(last), max(mb for _, mb in points)


def report(results, samples, warmup, duration, args) -> int:
    failures = []
    statuses = Counter((kind, status) for _, kind, _, status, _ in results)
    unexpected = [(name, status) for _, _, name, status, _ in results if status not in EXPECTED]
    total_s = max(t for t, *_ in results) if results else 0
    print(f"\nrequests: {len(results)} in {total_s:.0f} s ({len(results) / max(total_s, 1):.1f}/s)")
    for (kind, status), n in sorted(statuses.items(), key=str):
        print(f"  {kind:8} {status!s:>20}  {n}")
    if unexpected:
        failures.append(f"{len(unexpected)} answers outside {sorted(EXPECTED)}: "
                        f"{Counter(unexpected).most_common(5)}")

    print("\nlatency after warm-up (ms):        n      p50      p95      max")
    for kind in ("real", "hostile"):
        ms = [m for t, k, _, s, m in results if k == kind and t >= warmup and isinstance(s, int)]
        p95 = pct(ms, 0.95)
        print(f"  {kind:28} {len(ms):8} {statistics.median(ms) if ms else 0:8.0f} {p95:8.0f} "
              f"{max(ms, default=0):8.0f}")
        if p95 > args.p95_ms:
            failures.append(f"p95 of the {kind} pages {p95:.0f} ms > {args.p95_ms:.0f} ms")
    slow = defaultdict(list)
    for _, kind, name, _, ms in results:
        if kind == "hostile":
            slow[name].append(ms)
    slowest = sorted(((statistics.median(v), name) for name, v in slow.items()), reverse=True)[:5]
    print("  slowest hostile pages (median ms): " + ", ".join(f"{name} {ms:.0f}" for ms, name in slowest))

    print(f"\nRSS (MB), median of the samples just after the warm-up ({warmup:.0f} s) -> at the end, peak")
    for (role, pid), points in sorted(samples.items()):
        growth = memory_growth(points, warmup, duration)
        if growth is None:
            print(f"  {role} {pid}: lived {points[0][0]:.0f}-{points[-1][0]:.0f} s only")
            if role == "worker":
                failures.append(f"worker {pid} did not live through the run (crashed or killed)")
            continue
        before, after, top = growth
        print(f"  {role} {pid}: {before:7.1f} -> {after:7.1f}  (growth {after - before:+.1f}), "
              f"peak {top:.1f}")
        if after - before > args.rss_growth_mb:
            failures.append(f"{role} {pid} grew {after - before:.1f} MB > {args.rss_growth_mb:.0f} MB")

    print(f"\nbounds: answers in {sorted(EXPECTED)}, RSS growth <= {args.rss_growth_mb:.0f} MB a worker, "
          f"p95 <= {args.p95_ms:.0f} ms")
    for f in failures:
        print(f"FAIL: {f}")
    print("PASS" if not failures else "")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
