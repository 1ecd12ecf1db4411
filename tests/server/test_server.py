"""The real thing: `distill serve` (gunicorn) on 127.0.0.1, spoken to over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
import requests
from servers import Distill, wait_for
from support import page

pytestmark = [pytest.mark.server, pytest.mark.model]


@pytest.fixture(scope="module")
def server():
    running = Distill({"DISTILL_MAX_BODY_BYTES": "1000000"}, workers=1)
    yield running.base, running
    running.stop()


def test_summarize_over_http(server):
    base, _ = server
    r = requests.post(f"{base}/api/v1/summarize", timeout=60,
                      json={"html": page("cluttered_news.html"), "url": "https://herald.example/a"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    data = r.json()
    assert 3 <= len(data["summary"]) <= 5 and "Taboola" not in data["content_html"]
    health = requests.get(f"{base}/api/v1/health", timeout=5).json()
    assert health["model_loaded"] is True


def test_limits_and_errors_over_http(server):
    base, _ = server
    big = requests.post(f"{base}/api/v1/summarize", data=b'{"html":"' + b"x" * 1_200_000 + b'"}',
                        headers={"Content-Type": "application/json"}, timeout=30)
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    bad = requests.post(f"{base}/api/v1/summarize", data=b"\x00\xff", timeout=30,
                        headers={"Content-Type": "application/json"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_json"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def test_each_worker_reads_with_a_helper_process_that_ends_with_it():
    running = Distill({}, workers=2)
    try:
        # ready means one worker answers; the other may still be starting
        wait_for(lambda: len([h for w in running.worker_pids() for h in _children(w)]) == 2, 30,
                 "two workers with a helper each")
        workers = running.worker_pids()
        helpers = [h for w in workers for h in _children(w)]
        assert len(workers) == 2 and len(helpers) == 2  # one each, forked by the worker
        r = requests.post(f"{running.base}/api/v1/summarize", timeout=60,
                          json={"html": page("cluttered_news.html"), "url": "https://herald.example/a"})
        assert r.status_code == 200 and r.json()["extractor"] in ("readability", "trafilatura")
        # closed after each answer: a kept connection would tie its client to one worker
        assert r.headers["Connection"] == "close"
    finally:
        log = running.stop()
    assert "Traceback" not in log
    for pid in helpers:  # gone with their workers, not left behind
        with pytest.raises(ProcessLookupError):
            for _ in range(100):
                os.kill(pid, 0)
                time.sleep(0.05)


def test_logs_do_not_contain_page_text(server):
    base, running = server
    secret = "Zanzibar-flamingo-7731 is a phrase only this article contains in its text body."
    requests.post(f"{base}/api/v1/summarize", timeout=60,
                  json={"text": f"{secret}\n\nAnother sentence that is long enough to rank here."})
    log = running.stop()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    served = [x for x in lines if x.get("route") == "/api/v1/summarize" and x.get("status") == 200]
    assert served and all(len(x["request_id"]) == 32 and x["ms"] > 0 and x["bytes_in"] > 0 for x in served)
    assert "Zanzibar" not in log
