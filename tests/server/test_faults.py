"""Faults under the team server, on real gunicorn and a real PostgreSQL on 127.0.0.1: the token
database going away mid-service is a 503 that says so, never a 500 and never an open door, and
the server recovers on its own when the database is back. (A killed worker: test_team_server.)"""

from __future__ import annotations

import json
import time

import pytest
import requests
from servers import Distill, Postgres

pytestmark = [pytest.mark.server, pytest.mark.model]

TEXT = {"text": "The harbour ferries keep their winter timetable until the end of March this year.\n\n"
                "Passengers can buy tickets on board or at the kiosk beside the old customs house."}


@pytest.fixture(scope="module")
def pg_team():
    started = []
    try:
        pg = Postgres()
        started.append(pg)
        server = Distill({"DISTILL_DATABASE_URL": pg.url, "DISTILL_SECRET_KEY": "s" * 64}, workers=2)
        started.append(server)
        created = server.cli("tokens", "create", "newsroom")
        assert created.returncode == 0, created.stderr
        server.token = created.stdout.decode().strip().splitlines()[-1]
        yield pg, server
    finally:
        for s in reversed(started):
            s.stop()


def _post(base: str, token: str | None) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{base}/api/v1/summarize", json=TEXT, headers=headers, timeout=60)


def test_the_token_database_going_away_is_a_503_never_a_500_nor_an_open_door(pg_team):
    pg, server = pg_team
    assert _post(server.base, server.token).status_code == 200
    pg.halt()
    started = time.monotonic()
    for _ in range(3):
        for token in (server.token, "dst_not-a-token"):
            r = _post(server.base, token)
            assert r.status_code == 503, r.text
            error = r.json()["error"]
            assert error["code"] == "tokens_unavailable" and "token database" in error["message"]
        # without a token: refused while the server still remembers that tokens exist (5 s),
        # unavailable once it would have to ask; never let in
        assert _post(server.base, None).status_code in (401, 503)
        r = requests.get(f"{server.base}/api/v1/whoami", timeout=30,
                         headers={"Authorization": f"Bearer {server.token}"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "tokens_unavailable"
        time.sleep(2.5)
    assert _post(server.base, None).status_code == 503  # past the 5 s: the count is asked for
    assert time.monotonic() - started < 60  # each answer came in seconds, not a TCP timeout
    # the probes need no database: a load balancer still sees the process up
    assert requests.get(f"{server.base}/api/v1/health", timeout=10).status_code == 200

    pg.start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _post(server.base, server.token).status_code != 200:
        time.sleep(0.5)
    assert _post(server.base, server.token).status_code == 200  # recovered without a restart
    assert _post(server.base, None).status_code == 401


def test_the_outage_is_logged_without_the_token(pg_team):
    _, server = pg_team
    log = server.stop()  # (the fixture's stop is then a no-op)
    lines = [json.loads(x) for x in log.splitlines() if x.startswith("{")]
    assert any(x.get("logger") == "distill.tokens" and "unavailable" in x.get("message", "") for x in lines)
    assert any(x.get("status") == 503 for x in lines)
    assert not any(x.get("status", 0) >= 500 and x.get("status") != 503 for x in lines)
    assert server.token not in log and "dst_not-a-token" not in log
