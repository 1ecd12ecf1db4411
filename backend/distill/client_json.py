"""JSON a client sends, read one way by the API and by the batch commands: what is wrong with it
said in a line the client can act on, never an exception from deep inside a parser.

orjson reads it first (fast, and it refuses nesting past MAX_DEPTH levels); what orjson refuses
and the standard library takes (a lone surrogate, which a page's DOM can hold and JSON.stringify
escapes; an integer past 64 bits; NaN) is read by the standard library, whose recursive parser
would otherwise crash (RecursionError) on nesting no request needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

# orjson's own limit, which it does not let a caller change: a request is one flat object
MAX_DEPTH = 1024


class JSONInputError(ValueError):
    """The bytes are not the JSON a request must be; the message ("it is an array") says why."""


def _too_deep() -> JSONInputError:
    return JSONInputError(f"it nests arrays or objects more than {MAX_DEPTH} levels deep")


def loads(data: str | bytes) -> Any:
    """The JSON value of data; JSONInputError (a ValueError, as parsers raise) when it is not."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "depth" in str(exc):  # 'depth limit exceeded': no other parser should try
            raise _too_deep() from None
        first = exc
    try:
        return json.loads(data)
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as exc:  # past what orjson refused (a lone surrogate), if that was all
        raise JSONInputError(f"it is not valid JSON ({exc})") from None
    except ValueError:  # bytes that are not UTF-8, an integer too long to read
        raise JSONInputError(f"it is not valid JSON ({first})") from None


def loads_object(data: str | bytes) -> dict[str, Any]:
    """loads, for what must be a JSON object (a request, a batch line)."""
    value = loads(data)
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}.get(
            type(value), "a number")
        raise JSONInputError(f"it is {kind}")
    return value


def json_lines(chunks: Iterable[bytes]) -> Iterator[str]:
    """JSON Lines: records separated by \\n only (a trailing \\r dropped), each decoded as UTF-8
    (an invalid byte becomes U+FFFD). str.splitlines would also break at U+2028, U+2029, U+0085
    and the controls \\x0b, \\x0c, \\x1c-\\x1e, which json.dumps(ensure_ascii=False) leaves
    unescaped inside strings, and so cut records in two. chunks: a binary file (read a line at
    a time) or a list of one bytes object."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\n")
        rest = parts.pop()
        for part in parts:
            yield part.removesuffix(b"\r").decode("utf-8", errors="replace")
    if rest:
        yield rest.removesuffix(b"\r").decode("utf-8", errors="replace")
