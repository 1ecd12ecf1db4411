"""Answers to identical requests, kept for a while: in process, or in Redis for several servers.

The key is a hash of the normalized request (the page or text, its URL and every option) and
of Distill's version, so an upgrade never serves an old answer. The value is the answer's JSON,
which holds the page's text: it lives in this process's memory (or in Redis) for at most
DISTILL_CACHE_TTL_S seconds and is never written to disk by Distill.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from typing import Any

from cachetools import TTLCache

from .. import __version__
from ..config import Settings

LOGGER = logging.getLogger(__name__)
REDIS_PREFIX = "distill:answer:"


def request_key(body: dict[str, Any]) -> str:
    """Same content and options -> same key. Whitespace runs are one space (a re-rendered page
    differs in nothing else), absent options are null, and the version is part of it."""
    norm = {k: (" ".join(v.split()) if isinstance(v, str) and k in ("html", "text") else v)
            for k, v in sorted(body.items()) if v is not None}
    raw = json.dumps({"v": __version__, "req": norm}, sort_keys=True, ensure_ascii=False)
    # a lone surrogate (a page's DOM can hold one) is hashed as it is, not refused
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class MemoryCache:
    """Bounded three ways: answers, bytes (a reader view of a long page is megabytes) and age."""

    kind = "memory"

    def __init__(self, max_items: int, ttl_s: int, max_bytes: int):
        self._data: TTLCache = TTLCache(maxsize=max_bytes, ttl=ttl_s, getsizeof=len)
        self._max_items = max_items
        self._lock = threading.Lock()  # cachetools caches are not thread-safe; workers have threads

    def get(self, key: str) -> bytes | None:
        with self._lock:
            return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self._data.maxsize:
            return  # larger than the whole cache: not kept
        with self._lock:
            self._data[key] = value
            while len(self._data) > self._max_items:
                self._data.popitem()  # the least recently used


class RedisCache:
    """Shared by every server on the Redis; a Redis outage degrades to misses, not errors."""

    kind = "redis"

    def __init__(self, url: str, ttl_s: int):
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._ttl = ttl_s

    def get(self, key: str) -> bytes | None:
        try:
            return self._redis.get(REDIS_PREFIX + key)
        except Exception as exc:
            LOGGER.warning("cache read failed: %s", type(exc).__name__)
            return None

    def set(self, key: str, value: bytes) -> None:
        try:
            self._redis.set(REDIS_PREFIX + key, value, ex=self._ttl)
        except Exception as exc:
            LOGGER.warning("cache write failed: %s", type(exc).__name__)


def make_cache(settings: Settings) -> MemoryCache | RedisCache | None:
    if not settings.cache:
        return None
    if settings.redis_url:
        return RedisCache(settings.redis_url, settings.cache_ttl_s)
    return MemoryCache(settings.cache_max_items, settings.cache_ttl_s, settings.cache_max_mb * 2**20)
