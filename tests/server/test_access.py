"""Tokens, limits, origins, cache and metrics through Flask's test client (the real-server
versions are in test_team_server.py)."""

from __future__ import annotations

import pytest
from support import page

from distill.config import CHROME_EXTENSION_ID, Settings, SettingsError, get_settings, load_settings
from distill.server.app import create_app
from distill.server.cache import request_key
from distill.server.tokens import TokenError, TokenStore

TEXT = {"text": "The council met on Tuesday to discuss the harbour ferries.\n\n"
                "It agreed to raise the fares by eight percent from April next year."}
CHROME = f"chrome-extension://{CHROME_EXTENSION_ID}"


def _app(tmp_path, **kw):
    settings = Settings(warm_model=False, database_url=f"sqlite:///{tmp_path}/t.db", **kw)
    app = create_app(settings)
    app.config["TESTING"] = True
    return app, app.extensions["distill_tokens"]


def test_tokens_are_required_once_one_exists(tmp_path):
    app, store = _app(tmp_path)
    client = app.test_client()
    assert client.post("/api/v1/summarize", json=TEXT).status_code == 200
    assert client.get("/api/v1/whoami").get_json() == {"status": "ok", "tokens_required": False, "token": None}
    token = store.create("alice")
    r = client.post("/api/v1/summarize", json=TEXT)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == 'Bearer realm="distill"'
    assert "distill tokens create" in r.get_json()["error"]["message"]
    for header in (f"Bearer {token}x", f"Basic {token}", token, "Bearer "):
        assert client.post("/api/v1/summarize", json=TEXT, headers={"Authorization": header}).status_code == 401
    ok = client.post("/api/v1/summarize", json=TEXT, headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    assert client.get("/api/v1/whoami", headers={"Authorization": f"bearer {token}"}).get_json()["token"] == "alice"
    for open_path in ("/api/v1/health", "/api/v1/ready", "/api/v1/openapi.json", "/"):
        assert client.get(open_path).status_code in (200, 503), open_path
    store.revoke("alice")
    assert client.post("/api/v1/summarize", json=TEXT, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_require_token_without_any_token(tmp_path):
    app, _ = _app(tmp_path, require_token=True)
    assert app.test_client().post("/api/v1/summarize", json=TEXT).status_code == 401


def test_token_names_and_duplicates(tmp_path):
    _, store = _app(tmp_path)
    store.create("ci-bot")
    with pytest.raises(TokenError, match="exists"):
        store.create("ci-bot")
    for bad in ("", "two words", "x" * 65):
        with pytest.raises(TokenError):
            store.create(bad)
    with pytest.raises(TokenError, match="no token named"):
        store.revoke("nobody")
    assert [t.name for t in store.list()] == ["ci-bot"]


def test_a_server_database_needs_a_shared_secret_key():
    with pytest.raises(TokenError, match="DISTILL_SECRET_KEY"):
        TokenStore(Settings(warm_model=False, database_url="postgresql://u@127.0.0.1:1/db"))


def test_the_same_token_hashes_alike_only_under_the_same_key(tmp_path):
    a = TokenStore(Settings(database_url=f"sqlite:///{tmp_path}/a.db", secret_key="one"))
    b = TokenStore(Settings(database_url=f"sqlite:///{tmp_path}/b.db", secret_key="two"))
    assert a.digest("dst_x") != b.digest("dst_x") and a.digest("dst_x") == a.digest("dst_x")


def test_rate_limit_429_with_retry_after(tmp_path):
    app, store = _app(tmp_path, rate_limit="2/minute")
    client = app.test_client()
    assert [client.post("/api/v1/summarize", json=TEXT).status_code for _ in range(2)] == [200, 200]
    r = client.post("/api/v1/summarize", json=TEXT)
    assert r.status_code == 429 and r.get_json()["error"]["code"] == "rate_limited"
    assert 1 <= int(r.headers["Retry-After"]) <= 60
    assert client.get("/api/v1/health").status_code == 200
    # a token has a count of its own
    token = store.create("t")
    assert client.post("/api/v1/summarize", json=TEXT, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_cors_allows_only_configured_origins(tmp_path):
    app, _ = _app(tmp_path, cors_origins=[CHROME, "moz-extension://abc"])
    client = app.test_client()
    pre = client.options("/api/v1/summarize", headers={"Origin": CHROME, "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "Authorization"})
    assert pre.headers["Access-Control-Allow-Origin"] == CHROME
    assert "authorization" in pre.headers["Access-Control-Allow-Headers"].lower()
    bad = client.options("/api/v1/summarize", headers={"Origin": "https://news.example",
                                                       "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in bad.headers
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": CHROME}).headers


def test_cache_hit_miss_and_off(tmp_path):
    app, _ = _app(tmp_path)
    client = app.test_client()
    body = {"html": page("cluttered_news.html"), "url": "https://herald.example/a"}
    first = client.post("/api/v1/summarize", json=body)
    second = client.post("/api/v1/summarize", json=body)
    assert (first.headers["X-Distill-Cache"], second.headers["X-Distill-Cache"]) == ("miss", "hit")
    assert second.get_json() == first.get_json()
    assert client.post("/api/v1/summarize", json={**body, "ratio": 0.5}).headers["X-Distill-Cache"] == "miss"
    off, _ = _app(tmp_path, cache=False)
    assert "X-Distill-Cache" not in off.test_client().post("/api/v1/summarize", json=body).headers


def test_cache_key_normalizes_whitespace_and_keeps_options_apart():
    assert request_key({"html": "<p>a  b</p>\n", "url": None}) == request_key({"html": "<p>a b</p>"})
    assert request_key({"html": "<p>a</p>", "sentences": 3}) != request_key({"html": "<p>a</p>", "sentences": 4})
    assert request_key({"text": "a"}) != request_key({"html": "a"})


def test_memory_cache_is_bounded_in_items(tmp_path):
    app, _ = _app(tmp_path, cache_max_items=2)
    client = app.test_client()
    for i in range(3):
        client.post("/api/v1/summarize", json={"text": TEXT["text"] + f" Number {i} of them all."})
    assert len(app.extensions["distill_cache"]._data) == 2


def test_memory_cache_is_bounded_in_bytes():
    from distill.server.cache import MemoryCache

    cache = MemoryCache(max_items=100, ttl_s=60, max_bytes=1000)
    for i in range(5):
        cache.set(f"k{i}", b"x" * 300)
    assert cache.get("k0") is None and cache.get("k4") == b"x" * 300  # oldest went first
    assert sum(len(v) for v in cache._data.values()) <= 1000
    cache.set("huge", b"x" * 5000)
    assert cache.get("huge") is None


def test_metrics_off_by_default_and_on_when_asked(tmp_path):
    app, _ = _app(tmp_path)
    assert app.test_client().get("/metrics").status_code == 404
    on, _ = _app(tmp_path, metrics=True)
    client = on.test_client()
    client.post("/api/v1/summarize", json=TEXT)
    text = client.get("/metrics").get_data(as_text=True)
    assert "distill_requests_total" in text and "distill_stage_seconds_bucket" in text


def test_request_ids_are_returned_and_kept_from_a_proxy(tmp_path):
    app, _ = _app(tmp_path)
    client = app.test_client()
    assert len(client.get("/api/v1/health").headers["X-Request-Id"]) == 32
    given = "a1b2c3d4e5f60718"
    assert client.get("/api/v1/health", headers={"X-Request-Id": given}).headers["X-Request-Id"] == given
    odd = client.get("/api/v1/health", headers={"X-Request-Id": "<script>"}).headers["X-Request-Id"]
    assert odd != "<script>" and len(odd) == 32


@pytest.mark.parametrize(("var", "value", "says"), [
    ("DISTILL_PORT", "99999", "less than or equal to 65535"),
    ("DISTILL_RATE_LIMIT", "lots", "COUNT/PERIOD"),
    ("DISTILL_DATABASE_URL", "mysql://x", "postgresql://"),
    ("DISTILL_REDIS_URL", "localhost:6379", "redis://"),
    ("DISTILL_CORS_ORIGINS", "evil", "is not an origin"),
    ("DISTILL_WORKERS", "many", "integer"),
    ("DISTILL_LOG_FORMAT", "xml", "json"),
])
def test_bad_settings_name_the_variable(monkeypatch, var, value, says):
    monkeypatch.setenv(var, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsError) as err:
            load_settings()
        assert str(err.value).startswith(f"{var}=") and says in str(err.value)
    finally:
        get_settings.cache_clear()
