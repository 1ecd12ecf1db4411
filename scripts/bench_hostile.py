"""Time every case of the hostile corpus (tests/hostile.py) end to end, against the 2 s bound,
beside an ordinary page measured in the same run.

    .venv/bin/python scripts/bench_hostile.py [--repeat 3] [--only SUBSTRING] [--no-server]

Each case is posted twice over: in process (Flask's test client: wall and CPU seconds of this
process) and to a real `distill serve` (gunicorn, one worker, on 127.0.0.1: wall seconds from
sending the body to having the whole answer, and the CPU seconds the server's processes spent
on it, its helper process included). The least of --repeat runs is reported. On a machine
shared with other work, wall time is CPU time plus waiting for a core: the CPU columns are what
the request itself costs. Not a unit test: it reports, the tests in tests/server/test_hostile.py
check the answers.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the corpus lives with the tests that check it

import hostile  # noqa: E402

BOUND_S = 2.0
BIN = Path(sys.executable).parent


def _answer(status: int, body: bytes) -> str:
    import json

    if status == 200:
        return "200"
    try:
        return f"{status} {json.loads(body)['error']['code']}"
    except (ValueError, KeyError, TypeError):
        return f"{status} ?"


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and all its descendants, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


class InProcess:
    def __init__(self) -> None:
        from distill.config import Settings
        from distill.server.app import create_app

        app = create_app(Settings(warm_model=False, cache=False, rate_limit="", log_level="ERROR"))
        self.client = app.test_client()
        from distill.pipeline import load_models

        load_models(app.config["DISTILL_SETTINGS"])

    def post(self, case: hostile.Case) -> tuple[str, float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        resp = self.client.post("/api/v1/summarize", data=case.body, headers=case.headers)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        return _answer(resp.status_code, resp.get_data()), wall, cpu


class Served:
    """`distill serve` with one worker on a free port, until closed."""

    def __init__(self) -> None:
        import requests
        from support import free_port

        self.port = free_port()
        env = dict(os.environ, DISTILL_WORKERS="1", DISTILL_PORT=str(self.port), DISTILL_CACHE="0",
                   DISTILL_RATE_LIMIT="", DISTILL_LOG_LEVEL="WARNING",
                   DISTILL_DATABASE_URL=f"sqlite:////tmp/distill-bench-hostile-{os.getpid()}.db")
        self.proc = subprocess.Popen([str(BIN / "distill"), "serve"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit("bench_hostile: the server exited")
            try:
                if self.session.get(self.base + "/api/v1/ready", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        sys.exit("bench_hostile: the server was not ready in 120 s")

    def post(self, case: hostile.Case) -> tuple[str, float, float]:
        cpu = _tree_cpu(self.proc.pid)
        start = time.perf_counter()
        resp = self.session.post(self.base + "/api/v1/summarize", data=case.body, headers=case.headers,
                                 timeout=120)
        wall = time.perf_counter() - start
        time.sleep(0.05)  # let the helper process finish its share before its CPU is read
        return _answer(resp.status_code, resp.content), wall, _tree_cpu(self.proc.pid) - cpu

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _best(post, case: hostile.Case, repeat: int) -> tuple[str, float, float]:
    runs = [post(case) for _ in range(repeat)]
    return runs[0][0], min(r[1] for r in runs), min(r[2] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="cases whose name holds this")
    parser.add_argument("--no-server", action="store_true", help="in process only")
    args = parser.parse_args()

    cases = [hostile.baseline()] + [c for c in hostile.cases() if args.only in c.name]
    targets = {"in process": InProcess()}
    if not args.no_server:
        targets["gunicorn"] = Served()
    print(f"{'case':<44} {'KB':>6}  {'answer':<24}" + "".join(
        f" {name + ' wall':>16} {'cpu':>6}" for name in targets))
    worst: dict[str, tuple[float, str]] = {}
    unexpected = []
    try:
        for case in cases:
            row = f"{case.name[:44]:<44} {len(case.body) // 1024:>6}  "
            answers = []
            for name, target in targets.items():
                answer, wall, cpu = _best(target.post, case, args.repeat)
                answers.append(answer)
                row += f" {wall:>16.3f} {cpu:>6.3f}"
                for key, value in ((f"{name} wall", wall), (f"{name} cpu", cpu)):
                    if value > worst.get(key, (0.0, ""))[0]:
                        worst[key] = (value, case.name)
            status, _, code = answers[0].partition(" ")
            if case.expect.get(int(status), "missing") != (code or None):
                unexpected.append(f"{case.name}: {answers[0]}")
            print(row[:53] + f"{answers[0]:<24}" + row[53:], flush=True)
        if "gunicorn" in targets and not targets["gunicorn"].alive():
            unexpected.append("the server died")
    finally:
        if "gunicorn" in targets:
            targets["gunicorn"].close()
    print()
    for key, (value, name) in worst.items():
        verdict = "within" if value <= BOUND_S else "OVER"
        print(f"worst {key:<20} {value:6.3f} s  ({name})  {verdict} the {BOUND_S:.0f} s bound")
    for line in unexpected:
        print(f"UNEXPECTED ANSWER {line}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
