"""Hostile requests through Flask's test client: each gets a clear 4xx or a correct answer,
never a 500, a hang or a script in the reader view."""

from __future__ import annotations

import gzip
import json
import os
import zlib

import pytest


def _error(resp, status: int, code: str) -> str:
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    err = resp.get_json()["error"]
    assert err["code"] == code and err["message"] and "Traceback" not in err["message"]
    return err["message"]


def _post_raw(client, data: bytes, **headers):
    return client.post("/api/v1/summarize", data=data, headers=headers,
                       content_type=headers.pop("content_type", "application/json"))


DEEP = 50_000


@pytest.mark.parametrize(("body", "says"), [
    (b"[" * DEEP, "more than 1024 levels deep"),
    (b'{"html": ' + b"[" * DEEP, "more than 1024 levels deep"),
    (b'{"text": ' + b'{"a": ' * DEEP + b"1" + b"}" * (DEEP + 1), "more than 1024 levels deep"),
    # a lone surrogate sends the body past orjson to the standard library, which recursed
    (b'{"text": "\\ud800", "a": ' + b"[" * DEEP, "more than 1024 levels deep"),
    (json.dumps("[" * DEEP).encode(), "it is a string"),
    (b"[1, 2]", "it is an array"),
    (b"null", "it is null"),
    (b'{"text": "x", "sentences": 1' + b"0" * 5000 + b"}", "not valid JSON"),
    (b'{"text": "unterminated', "not valid JSON"),
])
def test_json_that_is_not_a_request_object_is_a_400_that_says_why(client, body, says):
    message = _error(_post_raw(client, body), 400, "invalid_json")
    assert says in message and "Content-Type: application/json" in message


def test_json_sent_as_another_type_says_which_it_came_as(client):
    message = _error(_post_raw(client, b'{"text": "x"}', content_type="text/plain"), 400, "invalid_json")
    assert "text/plain" in message


@pytest.mark.parametrize(("body", "says"), [
    ({"html": ["<p>x</p>"]}, "html: Input should be a valid string"),
    ({"html": {"a": 1}}, "html: Input should be a valid string"),
    ({"text": 5}, "text: Input should be a valid string"),
    ({"text": "x", "sentences": True}, "sentences: Input should be a valid integer"),
    ({"text": "x", "sentences": 3.0}, "sentences: Input should be a valid integer"),
    ({"text": "x", "sentences": 10**30}, "sentences: "),
    ({"text": "x", "ratio": "0.5"}, "ratio: Input should be a valid number"),
    ({"text": "x", "url": 5}, "url: Input should be a valid string"),
    ({"text": "x", "title": []}, "title: Input should be a valid string"),
    ({"text": "x", "lang": {"x": 1}}, "lang: Input should be a valid string"),
    ({"html": None, "text": None}, "exactly one of"),
])
def test_wrongly_typed_fields_are_a_400_naming_the_field(client, body, says):
    assert says in _error(client.post("/api/v1/summarize", json=body), 400, "invalid_request")


@pytest.mark.parametrize("number", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_numbers_json_cannot_hold_are_refused_as_lengths(client, number):
    for field in (b"ratio", b"sentences"):
        body = b'{"text": "x", "' + field + b'": ' + number + b"}"
        assert field.decode() in _error(_post_raw(client, body), 400, "invalid_request")


def _page_body() -> bytes:
    from support import page

    return json.dumps({"html": page("cluttered_news.html"), "url": "https://herald.example/a"}).encode()


@pytest.mark.parametrize(("encoding", "compress"), [
    ("gzip", gzip.compress), ("x-gzip", gzip.compress), ("deflate", zlib.compress),
    ("gzip", lambda b: gzip.compress(b[:100]) + gzip.compress(b[100:])),  # two gzip members
])
def test_compressed_bodies_are_decoded(client, encoding, compress):
    resp = _post_raw(client, compress(_page_body()), **{"Content-Encoding": encoding})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.get_json()["title"] == "Harbor city approves floating solar farm on old reservoir"


def test_a_gzip_bomb_is_refused_without_inflating_it(client):
    """50 MB of one byte is 50 KB of gzip: decoded only up to the size limit, then a 413."""
    bomb = gzip.compress(b'{"html": "' + b"a" * (50 * 1024 * 1024) + b'"}')
    assert len(bomb) < 100_000
    message = _error(_post_raw(client, bomb, **{"Content-Encoding": "gzip"}), 413, "too_large")
    assert "decompresses to more than" in message and "5 MB" in message


def test_a_compressed_body_over_the_limit_is_a_413_before_decoding(client):
    body = gzip.compress(os.urandom(6 * 1024 * 1024), compresslevel=1)
    _error(_post_raw(client, body, **{"Content-Encoding": "gzip"}), 413, "too_large")


@pytest.mark.parametrize(("data", "encoding", "status", "code"), [
    (b"not gzip at all", "gzip", 400, "invalid_encoding"),
    (gzip.compress(b'{"text": "x"}')[:-12], "gzip", 400, "invalid_encoding"),  # cut short
    (b'{"text": "x"}', "deflate", 400, "invalid_encoding"),
    (b'{"text": "x"}', "br", 415, "unsupported_encoding"),
    (b'{"text": "x"}', "zstd", 415, "unsupported_encoding"),
    (b'{"text": "x"}', "gzip, br", 415, "unsupported_encoding"),
])
def test_bodies_that_are_not_what_their_encoding_says(client, data, encoding, status, code):
    message = _error(_post_raw(client, data, **{"Content-Encoding": encoding}), status, code)
    assert encoding.split(",")[0] in message
