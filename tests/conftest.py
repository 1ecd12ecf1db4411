"""Shared fixtures: settings that never start background threads, the app, its client, pages."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

# Tests never touch the checkout's token database, and only the tests about limits have one:
# everything (in process, gunicorn subprocesses, browsers' backends) inherits these.
_STATE = tempfile.mkdtemp(prefix="distill-tests-")
os.environ["DISTILL_DATABASE_URL"] = f"sqlite:///{_STATE}/tokens.db"
os.environ["DISTILL_RATE_LIMIT"] = ""
os.environ.pop("DISTILL_REDIS_URL", None)
os.environ.pop("DISTILL_REQUIRE_TOKEN", None)

from distill.app import create_app  # noqa: E402
from distill.config import Settings  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    """A port nothing listens on (for a server to take, or for a backend that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture
def settings() -> Settings:
    return Settings(warm_model=False)


@pytest.fixture
def app(settings):
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()
