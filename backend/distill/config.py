"""Every tunable of the backend in one place, read from ``DISTILL_*`` environment variables.

A team running its own backend changes behaviour here and nowhere else; tests build a
``Settings`` directly instead of patching module globals.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import pydantic_settings
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# the directory `distill model build` writes under data_dir/models
STATIC_MODEL_NAME = "all-minilm-l6-v2-static256"
# the Chrome id pinned by the "key" in extension/manifest.json
CHROME_EXTENSION_ID = "gepdihichgdfmijhibefclodnhmjbmcg"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DISTILL_", env_file=None, extra="ignore")

    # --- serving (gunicorn, from backend/distill/server/gunicorn_conf.py)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1,
                         description="gunicorn worker processes (default: one per core)")
    threads: int | None = Field(
        None, ge=1, description="threads per worker (default: 1 with several workers, so a busy "
        "worker takes no second page while another idles, and health checks go to a free one; "
        "2 with a single worker, so they answer mid-request)")
    timeout_s: int = Field(120, ge=5, description="a worker silent this long is killed and replaced")
    graceful_timeout_s: int = Field(30, ge=1, description="how long a reload or stop waits for requests")
    max_requests: int = Field(2000, ge=0, description="a worker is replaced after this many requests "
                              "(0 = never), so a slow leak cannot grow without bound")
    max_requests_jitter: int = Field(200, ge=0, description="spread those restarts over workers")
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="larger requests get 413")
    max_pdf_bytes: int = Field(20 * 1024 * 1024, ge=1024, description="a larger PDF gets 413")
    max_pdf_pages: int = Field(300, ge=1, description="a PDF with more pages gets 413")
    max_pages: int = Field(11, ge=1, le=50, description="pages of a multi-page article stitched "
                           "together: the first and the 10 that follow")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "debug", "info", "warning", "error"] = "INFO"
    log_format: Literal["json", "text"] = Field("json", description="json: one object a line")

    # --- the team server: tokens, limits, origins, cache, metrics
    database_url: str = Field(
        "", description="where API tokens live: empty = SQLite in data_dir/distill.db; "
        "postgresql://user:pass@host/db for several servers")
    require_token: bool = Field(False, description="demand a token even before any exists")
    secret_key: SecretStr | None = Field(
        None, description="key of the hash tokens are stored under; several servers sharing a "
        "database must share it. Empty with SQLite = a key file beside the database")
    rate_limit: str = Field("120/minute", description="per token (per client address without "
                            "tokens), as flask-limiter writes it: '60/minute', '1000/day;60/minute'; "
                            "empty = no limit")
    redis_url: str = Field("", description="redis://host:port/db: rate-limit counts and the cache "
                           "shared by several servers; empty = in process")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: [f"chrome-extension://{CHROME_EXTENSION_ID}"],
        description="origins whose pages may call the API from a browser: the extension's "
        "(the pinned Chrome id; add Firefox's moz-extension://UUID from about:debugging)")
    cache: bool = Field(True, description="answer identical requests from a cache")
    cache_ttl_s: int = Field(3600, ge=1, description="how long an answer (and the page in it) is kept")
    cache_max_items: int = Field(256, ge=1, description="answers kept per process (memory cache)")
    cache_max_mb: int = Field(64, ge=1, description="and at most this many MB of them per process")
    metrics: bool = Field(False, description="serve Prometheus metrics at /metrics")
    trust_proxy: int = Field(0, ge=0, description="reverse proxies in front whose X-Forwarded-For "
                             "names the client (1 behind one nginx)")

    # --- model
    data_dir: Path = Field(
        default_factory=lambda: default_data_dir(),
        description="where the built sentence model lives: the repository's var/ in a source "
        "checkout, else the user's data directory",
    )
    model: str = Field(
        "",
        description="a static (model2vec) sentence model directory; empty = the one `distill model "
        "build` distills from the packaged all-MiniLM-L6-v2 into data_dir",
    )
    max_embedded_sentences: int = Field(
        400,
        ge=10,
        description="long pages rank at most this many sentences (the lead plus an even sample "
        "of the rest); the others are scored 0 and the answer says so",
    )
    warm_model: bool = Field(True, description="load the model when a server worker starts")
    device: Literal["auto", "cpu", "cuda"] = Field(
        "cpu", description="where sentences are embedded: cpu (the default and the tested path), "
        "cuda (a GPU; an error at start when there is none) or auto (a GPU when one is usable)")

    # --- extraction
    max_page_elements: int = Field(
        30_000, ge=1000,
        description="a page with more HTML elements than this is refused with 413, before any "
        "stage reads it: every stage's work grows with the elements (a million tiny ones fit in "
        "4 MB), by up to 60 microseconds each. The largest of the 3,500 extraction dev pages has "
        "15,800")
    max_text_chars: int = Field(
        1_000_000, ge=10_000,
        description="a page with more visible text than this (characters outside scripts and "
        "styles), or plain text longer than this, is refused with 413: reading and splitting "
        "take about 1 s of a core per MB. The most of the 3,500 dev pages is 493,000")
    min_article_words: int = Field(
        20, ge=1, description="fewer readable words than this is 'no article found' (422)"
    )
    fallback_ratio: float = Field(
        0.2,
        gt=0,
        le=1,
        description="if readability keeps less than this share of the page's prose, "
        "try the looser trafilatura pass and keep the longer result",
    )

    helper: bool = Field(
        True, description="read trafilatura's second opinion of a page in a helper process beside "
        "each server worker while a core is idle (the same answer, sooner); the batch commands "
        "use their own worker processes instead")

    # --- summary
    min_sentence_words: int = Field(5, ge=1, description="shorter sentences are not ranked")
    default_sentences_min: int = Field(3, ge=1)
    default_sentences_max: int = Field(5, ge=1)
    max_summary_sentences: int = Field(50, ge=1)

    @model_validator(mode="after")
    def _threads(self) -> Settings:
        if self.threads is None:
            self.threads = 1 if self.workers > 1 else 2
        return self

    @field_validator("rate_limit")
    @classmethod
    def _rate_limit(cls, value: str) -> str:
        if value.strip():
            from limits import parse_many

            try:
                parse_many(value)
            except ValueError:
                raise ValueError("write it as COUNT/PERIOD, e.g. 60/minute or 1000/day;60/minute") from None
        return value.strip()

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if value and not value.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError("use sqlite:///PATH or postgresql://USER:PASSWORD@HOST/DB")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str) -> str:
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("use redis://HOST:PORT/DB (or rediss://, unix://)")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value):
        if isinstance(value, str):  # DISTILL_CORS_ORIGINS="a,b" as well as JSON
            value = json.loads(value) if value.strip().startswith("[") else \
                [o.strip() for o in value.split(",") if o.strip()]
        for origin in value:
            if not origin.startswith(("chrome-extension://", "moz-extension://", "http://", "https://")):
                raise ValueError(f"{origin!r} is not an origin (chrome-extension://ID, moz-extension://UUID, "
                                 "https://HOST)")
        return value

    @property
    def database(self) -> str:
        """The SQLAlchemy URL of the token database."""
        url = self.database_url or f"sqlite:///{self.data_dir / 'distill.db'}"
        if url.startswith(("postgresql://", "postgres://")):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return url

    @property
    def model_path(self) -> Path:
        return Path(self.model).expanduser() if self.model else self.data_dir / "models" / STATIC_MODEL_NAME


def default_data_dir() -> Path:
    """The repository's var/ when running from a source checkout, else $XDG_DATA_HOME/distill."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "backend").is_dir():
        return checkout / "var"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "distill"


def library_tables_dir(name: str, package: str, suffix: str = "") -> Path:
    """A directory of tables unpacked from a library's model (Punkt's, py3langid's), beside the
    sentence model, named for the library's version (a new version writes its own)."""
    from importlib.metadata import version

    return get_settings().model_path.parent / f"{name}-{version(package)}{suffix}"


NATIVE_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_native_thread() -> None:
    """Numeric libraries start a thread per core for every process by default; Distill's
    processes (server workers, batch workers) are already one per core, so each gets one
    (measured: a 2-worker batch went from 1.5x to 1.9x the 1-worker rate). Must run before
    numpy is imported; a value already in the environment wins."""
    for var in NATIVE_THREAD_VARS:
        os.environ.setdefault(var, "1")


def libc_function(name: str):
    """A function of the process's C library through ctypes (glibc's malloc_trim, madvise), or
    None where it has none: the caller then skips what it would have done. Looked up among the
    symbols the interpreter already loaded, not by a library search (ldconfig)."""
    import ctypes

    try:
        return getattr(ctypes.CDLL(None, use_errno=True), name)
    except (OSError, AttributeError):
        return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()


class SettingsError(Exception):
    """A DISTILL_* variable has a value Distill cannot use; the message names it."""


def load_settings() -> Settings:
    """get_settings(), with a bad variable reported as 'DISTILL_PORT=99999: ...' (no traceback)."""
    try:
        return get_settings()
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            name = f"DISTILL_{err['loc'][0]}".upper()
            got = os.environ.get(name)
            shown = f"{name}={got!r}" if got is not None and "secret" not in name.lower() else name
            lines.append(f"{shown}: {err['msg'].removeprefix('Value error, ')}")
        raise SettingsError("; ".join(lines)) from None
    except pydantic_settings.SettingsError as exc:  # a value that does not even parse
        raise SettingsError(str(exc)) from None
