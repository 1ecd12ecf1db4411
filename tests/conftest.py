"""Fixtures for every test: the environment no test may leave (the checkout's token database,
rate limits, Redis), settings that never start background threads, the app and its client.
Helpers that are not fixtures (fixture pages, free ports) are in support.py."""

from __future__ import annotations

import os
import tempfile

import pytest

# Tests never touch the checkout's token database, and only the tests about limits have one:
# everything (in process, gunicorn subprocesses, browsers' backends) inherits these.
_STATE = tempfile.mkdtemp(prefix="distill-tests-")
os.environ["DISTILL_DATABASE_URL"] = f"sqlite:///{_STATE}/tokens.db"
os.environ["DISTILL_RATE_LIMIT"] = ""
os.environ.pop("DISTILL_REDIS_URL", None)
os.environ.pop("DISTILL_REQUIRE_TOKEN", None)

from distill.config import Settings  # noqa: E402
from distill.server.app import create_app  # noqa: E402


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
