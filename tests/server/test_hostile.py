"""Hostile requests through Flask's test client: each gets a clear 4xx or a correct answer,
never a 500, a hang or a script in the reader view."""

from __future__ import annotations

import json

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
