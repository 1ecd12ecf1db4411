"""Who may call the API, how often, and from which browser origins.

Tokens are the security boundary: with at least one token in the database (or
DISTILL_REQUIRE_TOKEN=1) every API call needs ``Authorization: Bearer <token>``. Rate limits
count per token, or per client address when tokens are off. CORS only lets the extension's
own origins read answers in a browser; it keeps other web pages from using a colleague's
browser as a proxy, but it is not access control (any non-browser client ignores it).
"""

from __future__ import annotations

import math
import time

from flask import Flask, g, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from werkzeug.middleware.proxy_fix import ProxyFix

from ..config import Settings
from ..errors import error_response
from . import metrics
from .tokens import TokenStore

OPEN_PATHS = {"/api/v1/health", "/api/v1/ready", "/api/v1/openapi.json"}
API_PREFIX = "/api/"


def tokens_required(settings: Settings, store: TokenStore) -> bool:
    return settings.require_token or store.any()


def _api_call() -> bool:
    """A call that tokens guard and limits count: the API but its open probes, and no preflight
    (browsers send CORS preflights without credentials)."""
    path = request.path
    return request.method != "OPTIONS" and path.startswith(API_PREFIX) and path not in OPEN_PATHS


def register_auth(app: Flask, settings: Settings, store: TokenStore) -> None:
    @app.before_request
    def _authenticate():
        g.token_name = None
        needs_token = _api_call() or (request.path == "/metrics" and request.method != "OPTIONS")
        if not needs_token or not tokens_required(settings, store):
            return None
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        name = store.verify(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if name is None:
            metrics.UNAUTHORIZED.inc()
            what = "is not valid (it may have been revoked)" if header else "is missing"
            resp, status = error_response(401, "unauthorized",
                                  f"This server needs an API token and the one sent {what}. Ask the "
                                  "server's administrator for one (`distill tokens create NAME`) and "
                                  "send it as 'Authorization: Bearer <token>' (the extension's options "
                                  "page has a field for it).")
            resp.headers["WWW-Authenticate"] = 'Bearer realm="distill"'
            return resp, status
        g.token_name = name
        return None


def _client_key() -> str:
    name = g.get("token_name")
    return f"token:{name}" if name else f"addr:{request.remote_addr or 'unknown'}"


def register_limits(app: Flask, settings: Settings) -> Limiter | None:
    if not settings.rate_limit:
        return None
    limiter = Limiter(
        key_func=_client_key,
        app=app,
        default_limits=[settings.rate_limit],
        storage_uri=settings.redis_url or "memory://",
        strategy="moving-window",
        headers_enabled=True,  # X-RateLimit-* and Retry-After
        default_limits_exempt_when=lambda: not _api_call(),
        swallow_errors=True,  # a Redis outage lets requests through rather than failing them
    )

    @app.errorhandler(RateLimitExceeded)
    def _limited(exc: RateLimitExceeded):
        metrics.RATE_LIMITED.inc()
        resp, status = error_response(429, "rate_limited",
                              f"Too many requests: this server allows {exc.description} per "
                              f"{'token' if g.get('token_name') else 'client'}. Wait and try again "
                              "(Retry-After says how many seconds).")
        current = limiter.current_limit
        if current is not None:
            resp.headers["Retry-After"] = str(max(1, math.ceil(current.reset_at - time.time())))
        return resp, status

    return limiter


def register_cors(app: Flask, settings: Settings) -> None:
    CORS(app, resources={r"/api/*": {"origins": settings.cors_origins}},
         allow_headers=["Authorization", "Content-Type"], methods=["GET", "POST", "OPTIONS"],
         expose_headers=["X-Request-Id", "X-Distill-Cache", "Retry-After"], max_age=600,
         vary_header=True)


def trust_proxies(app: Flask, settings: Settings) -> None:
    if settings.trust_proxy:
        n = settings.trust_proxy
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
