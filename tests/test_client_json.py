"""Reading what a client sends as JSON (client_json): one parser for the API and the batch
commands, and JSON Lines split where JSON Lines are split."""

from __future__ import annotations

import json

import pytest

from distill.client_json import MAX_DEPTH, JSONInputError, json_lines, loads, loads_object


@pytest.mark.parametrize(("data", "says"), [
    (b"[" * 50_000, "levels deep"),  # orjson refuses it, and the standard library would recurse
    (b'{"text": "\\ud800"' + b", \"a\": " + b"[" * 5_000, "levels deep"),  # past orjson, still deep
    (b'{"html": ' + b'{"a": ' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 2), "levels deep"),
    (b"{not json", "not valid JSON"),
    (b'{"text": "\\ud800 x"', "not valid JSON (Expecting"),  # the real fault, not the surrogate
    (b"\xff\xfe\xfa", "not valid JSON"),
    (b'{"sentences": 1' + b"0" * 5000 + b"}", "not valid JSON"),
    (b"", "not valid JSON"),
])
def test_what_is_not_json_says_why_and_never_recurses(data, says):
    with pytest.raises(JSONInputError) as err:
        loads(data)
    assert says in str(err.value)


def test_what_only_the_standard_library_reads_is_still_read():
    assert loads(b'{"text": "a \\ud800 b", "n": 123456789012345678901234567890}') == {
        "text": "a \ud800 b", "n": 123456789012345678901234567890}
    deep = b"[" * MAX_DEPTH + b"]" * MAX_DEPTH  # orjson's limit itself is fine
    assert loads(deep) is not None


@pytest.mark.parametrize(("value", "kind"), [([1], "an array"), ("s", "a string"), (None, "null"),
                                             (True, "true or false"), (3, "a number")])
def test_an_object_is_asked_for_and_the_answer_names_what_came(value, kind):
    with pytest.raises(JSONInputError, match=f"it is {kind}"):
        loads_object(json.dumps(value))


SEPARATORS = "\u2028\u2029\u0085\x0b\x0c\x1c\x1d\x1e"


def test_json_lines_break_at_newline_only():
    """json.dumps(ensure_ascii=False) leaves these unescaped in strings; str.splitlines breaks
    at every one of them."""
    records = [{"id": i, "text": f"a{SEPARATORS}b{i}"} for i in range(3)]
    data = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode() + b"\n\n"
    for chunks in ([data], data.splitlines(keepends=True)):  # a whole file, a pipe's lines
        lines = list(json_lines(chunks))
        assert [json.loads(line) for line in lines if line] == records
    assert list(json_lines([b"a\nb"])) == ["a", "b"]  # a last line without its newline
    assert list(json_lines([b"\xff{}\n"])) == ["\ufffd{}"]
