"""API tokens: created and revoked from the command line, checked on every API call.

A token is shown once, when it is created; the database keeps only its keyed hash
(HMAC-SHA256 under the server's secret key), so a copy of the database does not let anyone
call the API. Tokens are 256 random bits, so a fast keyed hash is enough (a password hash
would cost every request tens of milliseconds for no gain); the lookup is by hash and the
final comparison is constant-time. SQLite by default, PostgreSQL (or any SQLAlchemy
database) when several servers share the tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from ..config import Settings
from ..errors import DistillError

LOGGER = logging.getLogger("distill.tokens")

PREFIX = "dst_"
NAME_MAX = 64
LAST_USED_EVERY_S = 60  # last-used is written at most once a minute per token and process

metadata = sa.MetaData()
api_tokens = sa.Table(
    "distill_api_tokens",
    metadata,
    sa.Column("name", sa.String(NAME_MAX), primary_key=True),
    sa.Column("digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
)


class TokenError(Exception):
    """A token command that cannot be done; the message says why."""


class TokenStoreUnavailable(DistillError):
    """The token database cannot be asked (PostgreSQL down or unreachable): no request can be
    let in unchecked, and none is the client's fault, so every guarded call is a 503."""

    status = 503
    code = "tokens_unavailable"


UNAVAILABLE_MESSAGE = ("This server cannot check API tokens right now: its token database is not "
                       "answering. Try again in a moment; if it goes on, tell the server's administrator.")
# a database that does not answer fails a request in seconds, not after the OS's TCP timeout
CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: datetime
    last_used_at: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_file(url: str) -> Path | None:
    """The database file of a sqlite:///PATH URL; None for a server database or one in memory."""
    path = url.removeprefix("sqlite:///")
    return Path(path) if url.startswith("sqlite:///") and path not in ("", ":memory:") else None


def _secret_key(settings: Settings) -> bytes:
    """DISTILL_SECRET_KEY, else (SQLite only) a key file created beside the database once."""
    if settings.secret_key is not None and settings.secret_key.get_secret_value():
        return settings.secret_key.get_secret_value().encode()
    if not settings.database.startswith("sqlite"):
        raise TokenError("DISTILL_SECRET_KEY must be set when tokens live in a server database: every "
                         "server sharing it needs the same key (e.g. `openssl rand -hex 32`)")
    db_file = _sqlite_file(settings.database)
    path = db_file.with_suffix(".key") if db_file else settings.data_dir / "distill.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


class TokenStore:
    def __init__(self, settings: Settings):
        db_file = _sqlite_file(settings.database)
        if db_file:
            db_file.parent.mkdir(parents=True, exist_ok=True)
        postgres = settings.database.startswith("postgres")
        connect_args = {"connect_timeout": CONNECT_TIMEOUT_S} if postgres else {}
        self.engine = sa.create_engine(settings.database, pool_pre_ping=True, connect_args=connect_args)
        self._key = _secret_key(settings)
        self._lock = threading.Lock()
        self._count: tuple[float, int] | None = None  # (when, how many tokens exist)
        self._touched: dict[str, float] = {}
        metadata.create_all(self.engine)

    def digest(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()

    # ------------------------------------------------------------ administration (CLI)
    def create(self, name: str) -> str:
        name = name.strip()
        if not name or len(name) > NAME_MAX or any(c.isspace() for c in name):
            raise TokenError(f"a token name is 1-{NAME_MAX} characters without spaces")
        token = PREFIX + secrets.token_urlsafe(32)
        try:
            with self.engine.begin() as conn:
                conn.execute(api_tokens.insert().values(name=name, digest=self.digest(token),
                                                        created_at=_now()))
        except sa.exc.IntegrityError:
            raise TokenError(f"a token named {name!r} exists: revoke it first, or pick another "
                             "name") from None
        self._count = None
        return token

    def list(self) -> list[TokenInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(api_tokens.c.name, api_tokens.c.created_at,
                                          api_tokens.c.last_used_at).order_by(api_tokens.c.name))
            return [TokenInfo(*row) for row in rows]

    def revoke(self, name: str) -> None:
        with self.engine.begin() as conn:
            if not conn.execute(api_tokens.delete().where(api_tokens.c.name == name)).rowcount:
                raise TokenError(f"no token named {name!r} (see `distill tokens list`)")
        self._count = None

    # ------------------------------------------------------------ requests
    def any(self, cache_s: float = 5.0) -> bool:
        """Whether any token exists. "None" is looked up on every request, so the first token
        locks the API at once; "some" is remembered a few seconds (reopening can wait).
        TokenStoreUnavailable when the database does not answer: an API whose tokens cannot be
        counted is neither open nor closed, it is unavailable."""
        now = time.monotonic()
        if self._count is None or not self._count[1] or now - self._count[0] > cache_s:
            with self._asking(), self.engine.connect() as conn:
                n = conn.execute(sa.select(sa.func.count()).select_from(api_tokens)).scalar_one()
            self._count = (now, n)
        return self._count[1] > 0

    def verify(self, token: str) -> str | None:
        """The token's name, or None. Revocation takes effect on the next request.
        TokenStoreUnavailable when the database does not answer."""
        if not token.startswith(PREFIX):
            return None
        digest = self.digest(token)
        with self._asking():
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(api_tokens.c.name, api_tokens.c.digest)
                                   .where(api_tokens.c.digest == digest)).first()
            if row is None or not hmac.compare_digest(row.digest, digest):
                return None
            self._touch(row.name)
        return row.name

    @contextmanager
    def _asking(self) -> Iterator[None]:
        """A request's question to the database; its failure is the server's, said as a 503."""
        try:
            yield
        except sa.exc.SQLAlchemyError as exc:
            LOGGER.error("token database unavailable: %s", type(exc).__name__)
            raise TokenStoreUnavailable(UNAVAILABLE_MESSAGE) from exc

    def _touch(self, name: str) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._touched.get(name, -1e9) < LAST_USED_EVERY_S:
                return
            self._touched[name] = now
        with self.engine.begin() as conn:
            conn.execute(api_tokens.update().where(api_tokens.c.name == name).values(last_used_at=_now()))
