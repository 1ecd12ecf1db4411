"""Fixtures every real-browser test of the extension needs: the backend it talks to, servers
for the pages it reads (the fixtures' pages, and the small site of sites.py) and Playwright (each
started once per test module); and the browsers with the extension loaded (a fresh profile for
each test)."""

from __future__ import annotations

import pytest
from browser_support import Backend, PageServer, chromium_with_extension, use_backend
from firefox_support import firefox_with_extension
from sites import write_site


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
def site(tmp_path_factory):
    """The harbour page with its sidebar, mill.pdf, locked.pdf and the 3-page canal story."""
    root = tmp_path_factory.mktemp("site")
    write_site(root)
    server = PageServer(root)
    yield server
    server.close()


@pytest.fixture(scope="module")
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def firefox(tmp_path):
    """Firefox ESR with the extension: (Marionette, the extension's UUID in its moz-extension URLs)."""
    with firefox_with_extension(tmp_path) as (m, ext_uuid):
        yield m, ext_uuid


@pytest.fixture
def browser(playwright, tmp_path, backend):
    """Chromium with the extension, pointed at the module's backend: (context, its service
    worker, the extension's id)."""
    with chromium_with_extension(playwright, tmp_path / "profile") as (ctx, worker, ext_id):
        use_backend(worker, backend.url)
        yield ctx, worker, ext_id
