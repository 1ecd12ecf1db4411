"""The team server against real gunicorn on 127.0.0.1: tokens, limits, origins, cache, metrics,
logs, the status page, a killed worker; and the scale-out set-up (two servers, Redis,
PostgreSQL and nginx, all real) that docs/deploy.md describes."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest
import requests
from servers import Distill, Nginx, Postgres, Redis
from support import page

from distill.config import CHROME_EXTENSION_ID

pytestmark = [pytest.mark.server, pytest.mark.model]

CHROME = f"chrome-extension://{CHROME_EXTENSION_ID}"
FIREFOX = "moz-extension://4b6e3a52-7d1c-4c53-9f3e-2f2b7d1f0a11"
PAGE = {"html": page("cluttered_news.html"), "url": "https://herald.example/a"}


def _post(base: str, body: dict, token: str | None = None, **headers) -> requests.Response:
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.post(f"{base}/api/v1/summarize", json=body, headers=headers, timeout=60)


def _text(i: int) -> dict:
    return {"text": f"Request number {i} asks about the harbour ferries and their new timetable.\n\n"
                    "Another sentence that is long enough to be ranked by the server here."}


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Two workers, metrics on, tokens in their own SQLite file, the in-process cache."""
    tmp = tmp_path_factory.mktemp("team")
    server = Distill({"DISTILL_DATABASE_URL": f"sqlite:///{tmp}/tokens.db", "DISTILL_METRICS": "1",
                      "DISTILL_CORS_ORIGINS": f"{CHROME},{FIREFOX}", "DISTILL_MAX_BODY_BYTES": "1000000"})
    yield server
    log = server.stop()
    # one JSON object a line; who asked is the token's name, never the token or the page
    requests_logged = [json.loads(x) for x in log.splitlines() if x.startswith("{") and '"route"' in x]
    assert any(x["token"] == "alice" and x["status"] == 200 for x in requests_logged)
    assert all(len(x["request_id"]) == 32 for x in requests_logged)
    assert "dst_" not in log and "harbour" not in log and "herald.example" not in log


@pytest.fixture(scope="module")
def token(team):
    out = team.cli("tokens", "create", "alice")
    assert out.returncode == 0, out.stderr
    return out.stdout.decode().strip().splitlines()[-1]


def test_token_lifecycle_over_http(team):
    open_before = _post(team.base, _text(0))
    assert open_before.status_code == 200  # no token exists yet: the API is open
    created = team.cli("tokens", "create", "bob")
    token = created.stdout.decode().strip().splitlines()[-1]
    assert created.returncode == 0 and token.startswith("dst_") and "shown only now" in created.stderr.decode()

    missing = _post(team.base, _text(1))
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert missing.json()["error"]["code"] == "unauthorized" and "missing" in missing.json()["error"]["message"]
    wrong = _post(team.base, _text(1), token="dst_not-a-real-token")
    assert wrong.status_code == 401 and "not valid" in wrong.json()["error"]["message"]
    assert _post(team.base, _text(1), token=token).status_code == 200
    # health and readiness stay open, for load balancers and probes
    assert requests.get(f"{team.base}/api/v1/health", timeout=5).status_code == 200
    assert requests.get(f"{team.base}/api/v1/ready", timeout=5).status_code == 200

    listed = team.cli("tokens", "list").stdout.decode()
    assert "bob" in listed and token not in listed
    bob = next(line for line in listed.splitlines() if line.startswith("bob"))
    assert "never" not in bob  # last used is recorded

    assert team.cli("tokens", "create", "carol").returncode == 0
    revoked = team.cli("tokens", "revoke", "bob")
    assert revoked.returncode == 0 and "last token" not in revoked.stderr.decode()
    assert _post(team.base, _text(1), token=token).status_code == 401
    assert team.cli("tokens", "revoke", "bob").returncode == 2
    # revoking the last one says that the API is open again (tokens are on while any exists)
    last = team.cli("tokens", "revoke", "carol").stderr.decode()
    assert "last token" in last and "DISTILL_REQUIRE_TOKEN=1" in last


def test_the_database_keeps_only_a_keyed_hash(team, token):
    import sqlite3

    db = team.env["DISTILL_DATABASE_URL"].removeprefix("sqlite:///")
    rows = sqlite3.connect(db).execute("select name, digest from distill_api_tokens").fetchall()
    assert rows and all(token not in digest and len(digest) == 64 for _, digest in rows)
    assert oct(os.stat(db.replace(".db", ".key")).st_mode & 0o777) == "0o600"


def test_body_limit_and_errors_with_a_token(team, token):
    big = requests.post(f"{team.base}/api/v1/summarize", data=b'{"html":"' + b"x" * 1_200_000 + b'"}',
                        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
                        timeout=30)
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"


def test_cors_only_for_the_extensions_origins(team, token):
    for origin in (CHROME, FIREFOX):
        pre = requests.options(f"{team.base}/api/v1/summarize", timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type"})
        assert pre.status_code == 200 and pre.headers["Access-Control-Allow-Origin"] == origin
        allowed = {h.strip().lower() for h in pre.headers["Access-Control-Allow-Headers"].split(",")}
        assert {"authorization", "content-type"} <= allowed
        r = _post(team.base, _text(2), token=token, Origin=origin)
        assert r.headers["Access-Control-Allow-Origin"] == origin
        assert "X-Request-Id" in r.headers["Access-Control-Expose-Headers"]
    for origin in ("https://evil.example", "chrome-extension://someotherextensionid"):
        pre = requests.options(f"{team.base}/api/v1/summarize", timeout=10, headers={
            "Origin": origin, "Access-Control-Request-Method": "POST"})
        assert "Access-Control-Allow-Origin" not in pre.headers
        r = _post(team.base, _text(2), token=token, Origin=origin)
        assert "Access-Control-Allow-Origin" not in r.headers


def test_metrics_add_up_across_two_workers(team, token):
    assert len(team.worker_pids()) == 2
    assert requests.get(f"{team.base}/metrics", timeout=10).status_code == 401  # tokens are on
    before = _count(team, token)
    sent = 12
    codes: list = []
    threads = [threading.Thread(target=lambda i=i: codes.append(_safe_post(team.base, _text(100 + i), token)))
               for i in range(sent)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * sent
    text = requests.get(f"{team.base}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10).text
    assert _count(team, token) - before == sent
    for name in ("distill_request_seconds_bucket", 'distill_stage_seconds_bucket{le="0.005",stage="embed"}',
                 'distill_cache_total{result="miss"}', "distill_rate_limited_total",
                 "distill_model_load_seconds", 'distill_build_info{model="all-minilm-l6-v2-static256"'):
        assert name in text, name
    # both workers answered some of them, and /metrics summed the files of both
    pids = {f.split("_")[-1] for f in os.listdir(_metrics_dir(team)) if f.startswith("histogram_")}
    assert len(pids) >= 2


def _metrics_dir(team) -> str:
    pid = team.worker_pids()[0]
    with open(f"/proc/{pid}/environ", "rb") as f:
        environ = f.read().split(b"\0")
    return next(e.split(b"=", 1)[1].decode() for e in environ if e.startswith(b"PROMETHEUS_MULTIPROC_DIR="))


def _count(team, token) -> float:
    text = requests.get(f"{team.base}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=10).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith('distill_requests_total{method="POST",route="/api/v1/summarize",status="200"}'))


def test_the_status_page_says_what_an_administrator_needs(team, token):
    r = requests.get(f"{team.base}/", timeout=10)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    for what in ("0.1.0", "all-minilm-l6-v2-static256", "ready", "required", "/docs/swagger", "Test connection"):
        assert what in r.text, what
    docs = requests.get(f"{team.base}/docs/swagger", timeout=10)
    assert docs.status_code == 200 and "swagger-ui-bundle.js" in docs.text and "https://" not in docs.text


def test_a_killed_worker_is_replaced_and_the_server_keeps_answering(team, token):
    victims = team.worker_pids()
    slow = {"html": "<html><body>" + "".join(
        f"<p>Paragraph {i} of a very long page says something about ferries, fares and timetables.</p>"
        for i in range(4000)) + "</body></html>"}
    results: list = []
    t = threading.Thread(target=lambda: results.append(_safe_post(team.base, slow, token)))
    t.start()
    # wait until a worker has spent a while on the slow page, then kill every worker: the one in
    # the middle of that request is among them
    before = {pid: _cpu_seconds(pid) for pid in victims}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any(_cpu_seconds(p) - before[p] > 0.3 for p in victims):
        time.sleep(0.05)
    for victim in victims:
        os.kill(victim, signal.SIGKILL)
    t.join()
    assert results[0] in ("ConnectionError", "ChunkedEncodingError")  # cut off, not answered a 5xx
    ok = 0
    for i in range(10):
        ok += _post(team.base, _text(200 + i), token=token).status_code == 200
    assert ok == 10
    # A killed worker stays listed until it has finished dying and the master has reaped it: the
    # one killed in the middle of the long page can take a while to let go of its memory on a
    # loaded machine, so wait for the replacements themselves, not just for two children.
    deadline = time.monotonic() + 30
    pids = team.worker_pids()
    while (len(pids) != 2 or set(victims) & set(pids)) and time.monotonic() < deadline:
        time.sleep(0.2)
        pids = team.worker_pids()
    assert len(pids) == 2 and not set(victims) & set(pids), team.worker_states()


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used (utime + stime in /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_sighup_replaces_the_workers_gracefully(team, token):
    before = set(team.worker_pids())
    os.kill(team.proc.pid, signal.SIGHUP)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = set(team.worker_pids())
        if len(now) == 2 and not now & before:
            break
        time.sleep(0.2)
    assert len(now) == 2 and not now & before
    assert _post(team.base, _text(400), token=token).status_code == 200


def _safe_post(base, body, token):
    try:
        return _post(base, body, token=token).status_code
    except requests.RequestException as exc:
        return type(exc).__name__


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    """One worker, so the in-process rate-limit counts and cache are the whole server's."""
    tmp = tmp_path_factory.mktemp("limited")
    server = Distill({"DISTILL_DATABASE_URL": f"sqlite:///{tmp}/tokens.db", "DISTILL_RATE_LIMIT": "4/minute"},
                     workers=1)
    yield server
    log = server.stop()
    lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
    assert any(x.get("status") == 429 for x in lines)


def test_rate_limit_is_a_429_with_retry_after(limited):
    codes = [_post(limited.base, _text(300 + i)).status_code for i in range(4)]
    assert codes == [200] * 4
    r = _post(limited.base, _text(310))
    assert r.status_code == 429 and r.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 61 and "4 per 1 minute" in r.json()["error"]["message"]
    assert requests.get(f"{limited.base}/api/v1/health", timeout=5).status_code == 200  # not limited


def test_memory_cache_hit_and_miss(limited):
    # the limit above counted this client's address; a token gets its own count
    token = limited.cli("tokens", "create", "cache").stdout.decode().strip().splitlines()[-1]
    first = _post(limited.base, PAGE, token=token)
    again = _post(limited.base, {**PAGE, "html": PAGE["html"].replace("\n", "\n  ")}, token=token)
    other = _post(limited.base, {**PAGE, "sentences": 2}, token=token)
    assert [first.headers["X-Distill-Cache"], again.headers["X-Distill-Cache"],
            other.headers["X-Distill-Cache"]] == ["miss", "hit", "miss"]
    assert again.json() == first.json()


# ------------------------------------------------------------------ scale-out
@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fleet")
    started = []
    try:
        redis = Redis(tmp)
        started.append(redis)
        pg = Postgres()
        started.append(pg)
        env = {"DISTILL_DATABASE_URL": pg.url, "DISTILL_REDIS_URL": redis.url, "DISTILL_SECRET_KEY": "k" * 64,
               "DISTILL_RATE_LIMIT": "5/minute", "DISTILL_TRUST_PROXY": "1"}
        a = Distill(env, workers=2)
        started.append(a)
        b = Distill(env, workers=2)
        started.append(b)
        proxy = Nginx(tmp, [f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"])
        started.append(proxy)
        yield a, b, proxy, redis
    finally:
        for s in reversed(started):
            s.stop()


def test_two_servers_share_tokens_cache_and_limits(fleet):
    a, b, proxy, _redis = fleet
    created = a.cli("tokens", "create", "newsroom")
    assert created.returncode == 0, created.stderr
    token = created.stdout.decode().strip().splitlines()[-1]
    # a token created once (on the shared PostgreSQL) works on both servers and through the proxy
    assert _post(a.base, _text(1), token=token).status_code == 200
    assert _post(b.base, _text(2), token=token).status_code == 200
    assert _post(proxy.base, _text(3), token="dst_wrong").status_code == 401
    # a page cached by one server is a hit on the other (Redis)
    first = _post(a.base, PAGE, token=token)
    second = _post(b.base, PAGE, token=token)
    assert (first.headers["X-Distill-Cache"], second.headers["X-Distill-Cache"]) == ("miss", "hit")
    # the limit (5/minute per token) counts across both: 4 used above, the 6th is refused
    assert _post(proxy.base, _text(4), token=token).status_code == 200
    assert _post(b.base, _text(5), token=token).status_code == 429
    assert _post(a.base, _text(6), token=token).status_code == 429
    assert "newsroom" in b.cli("tokens", "list").stdout.decode()
