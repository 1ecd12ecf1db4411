"""Fixtures every real-browser test of the extension needs: the backend it talks to, a server
for the pages it reads, and Playwright (each started once per test module)."""

from __future__ import annotations

import pytest
from browser_support import Backend, PageServer


@pytest.fixture(scope="module")
def backend():
    server = Backend()
    yield server
    server.close()


@pytest.fixture(scope="module")
def pages():
    server = PageServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw
