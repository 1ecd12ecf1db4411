"""The extension in real Chromium (Debian's), driven by Playwright, against the real backend."""

from __future__ import annotations

import pytest
from browser_support import (
    ARTIFACTS,
    ERROR,
    OVERLAY,
    READER,
    SUMMARY_ITEMS,
    open_page,
    open_reader,
    show_reader,
    trigger_action,
    use_backend,
)
from playwright.sync_api import expect
from support import free_port as closed_port

pytestmark = [pytest.mark.browser, pytest.mark.model]

STORED = "Promise.all([chrome.storage.local.get(null), chrome.storage.sync.get(null)]).then(([l, s]) => ({...l, ...s}))"
CLUTTER = ["Taboola", "Sponsored Links", "You May Like", "tinnitus", "Related Articles", "Live Events",
           "DOWNLOAD THE APP", "Sign up for our morning newsletter", "No comments yet"]


def _overlay_count(page, selector):
    return page.locator(selector).count()


def test_toolbar_shows_reader_view_with_highlighted_summary(browser, pages, backend):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("cluttered_news.html"))  # served with a strict CSP
    before = backend.requests
    trigger_action(ctx, ext_id, page)

    items = page.locator(SUMMARY_ITEMS)
    items.first.wait_for(timeout=60000)
    n = items.count()
    assert 3 <= n <= 5
    assert backend.requests == before + 1
    reader = page.locator(READER)
    text = reader.inner_text()
    assert "floating solar panels" in text
    for phrase in CLUTTER:
        assert phrase not in text, phrase
    header = page.locator(f"{OVERLAY} h1.title").inner_text()
    assert header == "Harbor city approves floating solar farm on old reservoir"

    # every summary sentence is highlighted in the article, and nothing else is
    summary_ids = page.locator(SUMMARY_ITEMS).evaluate_all("els => els.map(e => e.dataset.sentence)")
    highlighted = page.locator(f"{READER} span.hl").evaluate_all(
        "els => [...new Set(els.map(e => e.dataset.sentence))]")
    assert sorted(summary_ids) == sorted(highlighted)
    first_li = items.first.inner_text()
    assert first_li in text

    # the length control re-picks the summary from the scores, without a request
    page.locator(f"{OVERLAY} [data-role=length] button[aria-label='More sentences']").click()
    assert items.count() == n + 1
    page.locator(f"{OVERLAY} [data-role=length] button[aria-label='Fewer sentences']").click()
    page.locator(f"{OVERLAY} [data-role=length] button[aria-label='Fewer sentences']").click()
    assert items.count() == n - 1
    assert page.locator(f"{READER} span.hl").evaluate_all(
        "els => new Set(els.map(e => e.dataset.sentence)).size") == n - 1
    assert backend.requests == before + 1

    # the service worker did the fetch, from the extension's origin
    assert backend.origins[-1] == f"chrome-extension://{ext_id}"

    page.keyboard.press("Escape")
    assert _overlay_count(page, OVERLAY) == 0


def test_toolbar_again_closes_and_page_css_stays_out(browser, pages):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("rich_article.html"))
    # the overlay is in an open shadow root, styled by adopted sheets
    info = page.evaluate("""() => { const root = document.getElementById('distill-root').shadowRoot;
        return {mode: root.mode, sheets: root.adoptedStyleSheets.length,
                table: !!root.querySelector('[data-role=reader] table'),
                pre: !!root.querySelector('[data-role=reader] pre code')}; }""")
    assert info == {"mode": "open", "sheets": 1, "table": True, "pre": True}
    trigger_action(ctx, ext_id, page)
    page.wait_for_selector(OVERLAY, state="detached")


def test_screenshots_light_and_dark(browser, pages):
    ctx, worker, ext_id = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        worker.evaluate("(t) => chrome.storage.local.set({theme: t})", theme)
        page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
        bg = page.evaluate("""() => getComputedStyle(document.getElementById('distill-root')
            .shadowRoot.querySelector('.backdrop')).backgroundColor""")
        assert bg == ("rgb(251, 250, 247)" if theme == "light" else "rgb(28, 29, 31)")
        page.screenshot(path=str(ARTIFACTS / f"overlay-{theme}.png"))
        page.close()


def test_summarize_selection(browser, pages, backend):
    ctx, worker, ext_id = browser
    assert worker.evaluate("chrome.contextMenus.update('summarize-selection', {}).then(() => true)")
    page = open_reader(ctx, ext_id, pages.url("french_news.html"))  # a real menu click grants activeTab the same way
    page.keyboard.press("Escape")
    selected = page.evaluate("""() => { const r = document.createRange();
        const ps = document.querySelectorAll('article p'); r.setStartBefore(ps[1]); r.setEndAfter(ps[3]);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    result = worker.evaluate("""async ([url, sel]) => { const [tab] = await chrome.tabs.query({url});
        return handleMenuClick({menuItemId: 'summarize-selection', selectionText: sel, pageUrl: url}, tab); }""",
                             [page.url, selected])
    assert result == "shown"
    items = page.locator(SUMMARY_ITEMS)
    assert 1 <= items.count() <= 5
    compact = page.evaluate("() => document.getElementById('distill-root').shadowRoot"
                            ".querySelector('.backdrop').classList.contains('compact')")
    assert compact
    for text in items.all_inner_texts():
        assert text in selected
    assert _overlay_count(page, READER) == 0


def test_options_save_and_test_connection(browser, backend):
    ctx, worker, ext_id = browser
    opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html")
    opt.fill("#backendUrl", backend.url + "/")
    opt.fill("#apiToken", "team-token")
    opt.select_option("#summaryLength", "4")
    opt.select_option("#theme", "dark")
    opt.click("#save")
    expect(opt.locator("#status")).to_have_text("Saved.")
    stored = worker.evaluate(STORED)
    assert stored["backendUrl"] == backend.url and stored["apiToken"] == "team-token"
    # the token stays on this machine; the other settings go where the browser syncs them
    assert worker.evaluate("chrome.storage.sync.get('apiToken')") == {}
    assert worker.evaluate("chrome.storage.local.get('theme')") == {}
    assert stored["summaryLength"] == 4 and stored["theme"] == "dark"

    opt.click("#test")
    expect(opt.locator("#status")).to_contain_text("Connected: Distill 0.1.0")

    opt.fill("#backendUrl", f"http://127.0.0.1:{closed_port()}")
    opt.click("#test")
    expect(opt.locator("#status")).to_contain_text("Connection failed: can't reach")

    opt.fill("#backendUrl", "ftp://nope")
    opt.click("#save")
    expect(opt.locator("#status")).to_contain_text("Not saved")
    assert worker.evaluate(STORED)["backendUrl"] == backend.url


def test_backend_down_shows_a_clear_error_with_options_link(browser, pages):
    ctx, worker, ext_id = browser
    use_backend(worker, f"http://127.0.0.1:{closed_port()}")
    page = open_page(ctx, pages.url("cluttered_news.html"))
    trigger_action(ctx, ext_id, page)
    error = page.locator(ERROR)
    error.wait_for(timeout=30000)
    assert "Can't reach the Distill backend" in error.inner_text()
    with ctx.expect_page(lambda p: p.url.endswith("/options.html")):
        error.locator("button").click()


def test_page_without_article_and_too_large_page(browser, pages, backend):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("no_article.html"))
    trigger_action(ctx, ext_id, page)
    page.locator(ERROR).wait_for(timeout=30000)
    assert "No readable article" in page.locator(ERROR).inner_text()

    limit = backend.app.config["MAX_CONTENT_LENGTH"]
    backend.app.config["MAX_CONTENT_LENGTH"] = 2000
    try:
        page = open_page(ctx, pages.url("cluttered_news.html"))
        trigger_action(ctx, ext_id, page)
        page.locator(ERROR).wait_for(timeout=30000)
        assert "too large" in page.locator(ERROR).inner_text()
    finally:
        backend.app.config["MAX_CONTENT_LENGTH"] = limit


def test_hostile_page_runs_nothing_in_the_overlay(browser, pages):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("nocsp-hostile.html"))  # no CSP: a handler would really run
    page.evaluate("() => { window.__pwned = undefined; }")
    show_reader(ctx, ext_id, page)
    page.wait_for_timeout(500)  # broken images would have fired onerror by now
    assert page.evaluate("() => window.__pwned") is None
    found = page.evaluate("""() => { const root = document.getElementById('distill-root').shadowRoot;
        const all = [...root.querySelectorAll('*')];
        return {scripts: root.querySelectorAll('script, iframe, object, embed, form:not([data-role=focus]), svg').length,
                handlers: all.filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
                badLinks: all.filter(e => /^(javascript|data|vbscript):/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
                styles: all.filter(e => e.hasAttribute('style') && e.closest('.content')).length}; }""")
    assert found == {"scripts": 0, "handlers": 0, "badLinks": 0, "styles": 0}
    assert "Tomatoes need at least six hours" in page.locator(READER).inner_text()


def test_works_after_the_worker_restarts(browser, pages):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("french_news.html"))
    cdp = ctx.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    cdp.detach()
    show_reader(ctx, ext_id, page)
    assert page.locator(f"{OVERLAY} article").get_attribute("lang") == "fr"


def test_summary_click_scrolls_and_copy_buttons(browser, pages):
    ctx, _, ext_id = browser
    ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=pages.url("").rstrip("/"))
    page = open_page(ctx, pages.url("cluttered_news.html"))
    trigger_action(ctx, ext_id, page)
    items = page.locator(SUMMARY_ITEMS)
    items.first.wait_for(timeout=60000)
    last = items.last
    index = last.get_attribute("data-sentence")
    target = page.locator(f"{READER} span[data-sentence='{index}']").first
    scroller = "document.getElementById('distill-root').shadowRoot.querySelector('.scroll').scrollTop"
    assert page.evaluate(scroller) == 0
    last.click()
    page.wait_for_function(f"() => {scroller} > 0")
    assert "flash" in (target.get_attribute("class") or "")

    summary = items.all_inner_texts()
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    page.locator(f"{OVERLAY} [data-role=copy-text]").click()
    expect(page.locator(f"{OVERLAY} .copied")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(summary)
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    page.locator(f"{OVERLAY} [data-role=copy-markdown]").click()
    markdown = page.evaluate("navigator.clipboard.readText()")
    assert markdown.startswith("## Harbor city approves floating solar farm on old reservoir\n\n- ")
    assert markdown.endswith("(https://coastline-herald.example/news/2025/03/14/floating-solar-farm)")


def test_right_to_left_article(browser, pages):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("arabic_news.html"))
    article = page.locator(f"{OVERLAY} article")
    assert article.get_attribute("dir") == "rtl" and article.get_attribute("lang") == "ar"
    assert page.evaluate("""() => getComputedStyle(document.getElementById('distill-root').shadowRoot
        .querySelector('[data-role=reader] p')).direction""") == "rtl"


def test_loading_state_while_the_backend_works(browser, pages, backend):
    ctx, _, ext_id = browser
    backend.delay_s = 1.5
    try:
        page = open_page(ctx, pages.url("german_news.html"))
        trigger_action(ctx, ext_id, page)
        loading = page.locator(f"{OVERLAY} [data-role=loading]")
        loading.wait_for(timeout=5000)
        assert "Distilling this page" in loading.inner_text()
        page.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
        assert loading.count() == 0
    finally:
        backend.delay_s = 0.0


def test_pages_that_cannot_be_scripted_say_so_on_the_button(browser):
    ctx, worker, ext_id = browser
    page = open_page(ctx, "chrome://version")
    trigger_action(ctx, ext_id, page)
    tab_id = worker.evaluate("async () => (await chrome.tabs.query({active: true, lastFocusedWindow: true}))[0].id")
    badge = None
    for _ in range(40):
        badge = worker.evaluate("(id) => chrome.action.getBadgeText({tabId: id})", tab_id)
        if badge:
            break
        page.wait_for_timeout(100)
    assert badge == "!"
    assert "can't read this page" in worker.evaluate("(id) => chrome.action.getTitle({tabId: id})", tab_id)


def test_api_token_in_options_and_a_refused_token_in_the_overlay(browser, pages, backend):
    """An administrator turned tokens on: the options page says whether the token works, and a
    missing or revoked token is a clear message that leads to the options."""
    ctx, _, ext_id = browser
    store = backend.app.extensions["distill_tokens"]
    token = store.create("browser-test")
    try:
        page = open_page(ctx, pages.url("cluttered_news.html"))
        trigger_action(ctx, ext_id, page)
        page.locator(ERROR).wait_for(timeout=30000)
        assert "needs an API token" in page.locator(ERROR).inner_text()

        opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html")
        opt.click("#test")
        expect(opt.locator("#status")).to_contain_text("but it needs an API token")
        opt.fill("#apiToken", "dst_wrong")
        opt.click("#test")
        expect(opt.locator("#status")).to_contain_text("but it refused the API token")
        opt.fill("#apiToken", token)
        opt.click("#test")
        expect(opt.locator("#status")).to_contain_text("API token accepted (“browser-test”)")
        opt.click("#save")
        expect(opt.locator("#status")).to_have_text("Saved.")
        opt.close()  # an open options tab is focused, not opened again

        page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"), timeout=30000)

        store.revoke("browser-test")
        store.create("someone-else")
        page = open_page(ctx, pages.url("cluttered_news.html"))
        trigger_action(ctx, ext_id, page)
        page.locator(ERROR).wait_for(timeout=30000)
        assert "refused your API token" in page.locator(ERROR).inner_text()
        with ctx.expect_page(lambda p: p.url.endswith("/options.html")):
            page.locator(ERROR).locator("button").click()
    finally:
        for name in ("browser-test", "someone-else"):
            if name in [t.name for t in store.list()]:
                store.revoke(name)


def test_the_status_page_and_api_docs_render_with_nothing_from_outside(playwright, backend):
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    try:
        page = browser.new_page()
        errors, outside = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(backend.url) else None)
        page.goto(backend.url + "/")
        expect(page.locator("h1")).to_have_text("Distill")
        expect(page.locator("#version")).to_have_text("0.1.0")
        expect(page.locator("#tokens")).to_contain_text("not required")
        page.click("#docs")
        expect(page.locator(".swagger-ui .title")).to_contain_text("Distill API", timeout=20000)
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "status-docs.png"))
        assert errors == [] and outside == []
    finally:
        browser.close()


def test_a_forum_thread_shows_every_post_as_its_own_block_with_its_author(browser, pages):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("forum_thread.html"))
    posts = page.locator(f"{READER} section")
    assert posts.count() == 3
    heads = posts.evaluate_all("els => els.map(e => (e.querySelector('small') || {}).textContent)")
    assert heads == ["crumbshot · Mar 2, 2025", "levain_lou · Mar 2, 2025", "crumbshot · Mar 3, 2025"]
    assert "That did it" in posts.nth(2).inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(READER).screenshot(path=str(ARTIFACTS / "forum-thread.png"))
