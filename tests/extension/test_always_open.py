"""Per-site "always open in Distill", in real Chromium: the overlay's toggle, the reader view
opening by itself once a page of that host has loaded, and the options page's list as the way
back. A host is only opened by itself with its permission: the pages served from 127.0.0.1 are
covered by the backend's host permission; localhost is not, so the toggle sends the user to the
options page to allow it (headless Chromium cannot answer the permission prompt, so there the
prompt's answer is stood in for)."""

from __future__ import annotations

import pytest
from browser_support import (
    ARTIFACTS,
    OVERLAY,
    SUMMARY_ITEMS,
    open_page,
    open_reader,
    show_reader,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.model]

TOGGLE = f"{OVERLAY} [data-role=always-open]"
HOSTS = "Promise.all([chrome.storage.local.get('alwaysOpenHosts'), chrome.storage.sync.get('alwaysOpenHosts')])" \
        ".then(([l, s]) => ({...l, ...s}).alwaysOpenHosts || [])"


def _menu(page):
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()


def test_always_open_on_a_host_then_back_from_the_options(browser, pages, backend):
    ctx, worker, ext_id = browser
    site = f"http://127.0.0.1:{pages.port}"
    page = open_page(ctx, f"{site}/cluttered_news.html")
    page.wait_for_timeout(1000)
    assert page.locator(OVERLAY).count() == 0  # nothing opens by itself before the user asks

    show_reader(ctx, ext_id, page)
    _menu(page)
    toggle = page.locator(TOGGLE)
    expect(page.locator(f"{OVERLAY} label.toggle")).to_have_text("Always open on 127.0.0.1")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(page.locator(f"{OVERLAY} .copied")).to_have_text("Distill will open by itself on 127.0.0.1.")
    assert worker.evaluate(HOSTS) == ["127.0.0.1"]

    # another page of that host: the reader view opens by itself once it has loaded
    requests = backend.requests
    other = open_page(ctx, f"{site}/french_news.html")
    other.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
    assert backend.requests == requests + 1
    assert other.locator(f"{OVERLAY} article").get_attribute("lang") == "fr"
    _menu(other)
    expect(other.locator(TOGGLE)).to_be_checked()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    other.screenshot(path=str(ARTIFACTS / "always-open-menu.png"))

    # the options page lists it; Remove is the way back, and the open overlay follows
    opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html")
    expect(opt.locator("#alwaysList li")).to_have_count(1)
    expect(opt.locator("#alwaysList li span")).to_have_text("127.0.0.1")
    expect(opt.locator("#alwaysEmpty")).to_be_hidden()
    opt.screenshot(path=str(ARTIFACTS / "options-always-open.png"), full_page=True)
    opt.get_by_role("button", name="Remove 127.0.0.1").click()
    expect(opt.locator("#alwaysList li")).to_have_count(0)
    expect(opt.locator("#alwaysEmpty")).to_be_visible()
    expect(opt.locator("#alwaysStatus")).to_contain_text("Removed 127.0.0.1")
    assert worker.evaluate(HOSTS) == []
    expect(other.locator(TOGGLE)).not_to_be_checked()
    # the manifest's own host permission (the backend's) is not given back
    assert worker.evaluate("chrome.permissions.contains({origins: ['http://127.0.0.1/*']})")

    third = open_page(ctx, f"{site}/german_news.html")
    third.wait_for_timeout(2000)
    assert third.locator(OVERLAY).count() == 0

    # the toggle turns it off too
    show_reader(ctx, ext_id, third)
    _menu(third)
    third.locator(TOGGLE).check()
    expect(third.locator(f"{OVERLAY} .copied")).to_contain_text("will open by itself")
    third.locator(TOGGLE).uncheck()
    expect(third.locator(f"{OVERLAY} .copied")).to_have_text("Distill will no longer open by itself on 127.0.0.1.")
    assert worker.evaluate(HOSTS) == []


def test_a_host_without_permission_is_allowed_from_the_options_page(browser, pages):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))  # localhost: no host permission
    _menu(page)
    with ctx.expect_page(lambda p: "/options.html?always=" in p.url) as opened:
        page.locator(TOGGLE).click()  # it turns itself back off: click, not check()
    opt = opened.value
    expect(page.locator(TOGGLE)).not_to_be_checked()
    expect(page.locator(f"{OVERLAY} .copied")).to_have_text(
        "Allow localhost in the Distill options tab that just opened.")
    assert worker.evaluate(HOSTS) == []

    opt.wait_for_load_state()
    expect(opt.locator("#ask")).to_be_visible()
    expect(opt.locator("#askText")).to_contain_text("Open the reader view by itself on localhost?")
    # the browser's prompt, answered "no" and then "yes"
    stub = """(answer) => { window.__asked = []; Object.defineProperty(chrome.permissions, 'request', {configurable: true,
        value: (p) => { window.__asked.push(p); return Promise.resolve(answer); }}); }"""
    opt.evaluate(stub, False)
    opt.click("#askAllow")
    expect(opt.locator("#alwaysStatus")).to_have_text("Not added: permission to read localhost was not given.")
    assert worker.evaluate(HOSTS) == []
    opt.evaluate(stub, True)
    opt.click("#askAllow")
    expect(opt.locator("#alwaysStatus")).to_have_text("Distill will open by itself on localhost.")
    assert opt.evaluate("window.__asked") == [{"origins": ["http://localhost/*"]}]
    assert worker.evaluate(HOSTS) == ["localhost"]
    expect(opt.locator("#ask")).to_be_hidden()
    expect(opt.locator("#alwaysList li span")).to_have_text("localhost")
    expect(page.locator(TOGGLE)).to_be_checked()  # the overlay follows the list

    # a listed host whose permission was never really granted is not opened by itself
    tab_id = worker.evaluate("async (u) => (await chrome.tabs.query({})).find(t => t.url === u).id", page.url)
    assert worker.evaluate("([id, url]) => autoOpen({id, url})", [tab_id, page.url]) == "no-permission"
