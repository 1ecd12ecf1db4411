"""Accessibility of the overlay, the block picker, the PDF reader page and the options page, in
real Chromium: axe-core finds no violation (light and dark, menu closed and open), the keyboard reaches everything in a sensible
order with focus moving in and back out, j/k move between summary sentences, reduced motion is
respected, and the reader view still works 412 px wide (Firefox for Android's size)."""

from __future__ import annotations

import json

import pytest
from browser_support import (
    ARTIFACTS,
    OVERLAY,
    PICKER,
    READER,
    ROOT,
    SUMMARY_ITEMS,
    chromium_with_extension,
    listen_settled,
    open_page,
    open_pdf_reader,
    open_reader,
    overlay_eval,
    show_reader,
    trigger_action,
    use_backend,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.model]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page, include=None, host=None):
    """axe-core's violations (WCAG 2.x A/AA and best practices) on the page or one element;
    host (by default the element looked at) is the extension's element to move into <body>."""
    assert AXE.exists(), "node_modules/axe-core missing: ./scripts/test runs npm ci"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: the page's CSP does not apply
    # axe cannot tell the colours behind anything outside <body> (every contrast check of the
    # overlay, a child of <html>, came back "incomplete"): the host moves into <body> while axe
    # looks, which changes nothing on screen (it is position: fixed), then goes back.
    result = page.evaluate("""async ([include, moved]) => {
        const host = moved && document.querySelector(moved);
        const home = host && host.parentNode;
        if (host) document.body.append(host);
        const r = await axe.run(include ? {include: [[include]]} : document,
            {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        if (host) home.append(host);
        const unsure = r.incomplete.filter(v => v.id === 'color-contrast')
            .flatMap(v => v.nodes.filter(n => !/only non-text|pseudo|partially obscured/i.test(n.any.map(a => a.message).join(' '))));
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => [n.target, n.failureSummary])}))
            .concat(unsure.map(n => ({id: 'color-contrast-unknown', nodes: [[n.target, n.any.map(a => a.message).join(' ')]]}))); }""",
                           [include, host or include])
    return result


def _reader(ctx, ext_id, url):
    """The reader view once the Listen button has settled: axe looks at the overlay as it stays."""
    page = open_reader(ctx, ext_id, url)
    listen_settled(page)
    return page


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_in_the_overlay(browser, pages, theme):
    ctx, worker, ext_id = browser
    worker.evaluate("(t) => chrome.storage.sync.set({theme: t})", theme)
    page = _reader(ctx, ext_id, pages.url("rich_article.html"))
    assert _axe(page, OVERLAY) == []
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    assert _axe(page, OVERLAY) == []
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    page.locator(SUMMARY_ITEMS).first.focus()
    page.keyboard.press("j")  # a sentence flashed in the article, summary item focused
    assert _axe(page, OVERLAY) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_in_the_picker(browser, pages, theme):
    """"Not the article?" with a block outlined and the hint bar naming it."""
    ctx, worker, ext_id = browser
    worker.evaluate("(t) => chrome.storage.sync.set({theme: t})", theme)
    page = _reader(ctx, ext_id, pages.url("rich_article.html"))
    page.emulate_media(color_scheme=theme)
    page.locator(f"{OVERLAY} [data-role=pick]").click()
    page.locator(PICKER).wait_for(state="attached")
    target = page.locator("article p").nth(1)
    bounds = target.bounding_box()
    page.mouse.move(bounds["x"] + 20, bounds["y"] + 5)
    shadow = f"document.getElementById('{PICKER[1:]}').shadowRoot"
    page.wait_for_function(f"{shadow}.querySelector('[data-role=picker-box]').dataset.tag === 'p'")
    page.keyboard.press("ArrowUp")  # the hint names the widened block
    assert "article" in page.evaluate(f"{shadow}.querySelector('[data-role=picker-hint]').textContent")
    assert _axe(page, PICKER) == []
    page.keyboard.press("Escape")


def test_axe_finds_nothing_on_the_pdf_reader_page(browser, site):
    ctx, _, ext_id = browser
    _, reader = open_pdf_reader(ctx, ext_id, site.url("mill.pdf"))
    reader.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
    expect(reader.locator(f"{OVERLAY} h1.title")).to_have_text("The mill on the Wend")
    assert _axe(reader, host=OVERLAY) == []  # the whole page: its language, title, landmarks and the reader view


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_options_page(browser, scheme):
    ctx, _, ext_id = browser
    opt = ctx.new_page()
    opt.emulate_media(color_scheme=scheme)
    opt.goto(f"chrome-extension://{ext_id}/options.html")
    expect(opt.locator("#backendUrl")).not_to_have_value("")
    opt.click("#save")
    expect(opt.locator("#status")).to_have_text("Saved.")
    assert _axe(opt) == []
    opt.goto(f"chrome-extension://{ext_id}/options.html?always=https%3A%2F%2Fnews.example")
    expect(opt.locator("#ask")).to_be_visible()
    assert _axe(opt) == []


def test_keyboard_focus_order_and_sentence_keys(browser, pages):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("cluttered_news.html"))
    page.evaluate("""() => { const b = document.createElement('button'); b.id = 'before'; b.textContent = 'page button';
        document.body.prepend(b); b.focus(); }""")
    show_reader(ctx, ext_id, page)
    active = "return root.activeElement ? (root.activeElement.dataset.role || root.activeElement.getAttribute('role') || root.activeElement.localName) : null;"
    # focus is in the dialog, which has a name
    assert page.evaluate("document.activeElement.id") == "distill-root"
    assert overlay_eval(page, active) == "dialog"
    assert overlay_eval(page, "return root.querySelector('[role=dialog]').getAttribute('aria-label');") == "Distill reader view"

    # Tab walks the toolbar in reading order, then the summary, and wraps inside the dialog
    names = []
    for _ in range(11):
        page.keyboard.press("Tab")
        names.append(overlay_eval(page, """const a = root.activeElement;
            return a.getAttribute('aria-label') || a.textContent.trim().slice(0, 20);"""))
    assert names[:10] == ["Not the article?", "Remove", "Fewer sentences", "More sentences", "What to read aloud",
                          "Reading speed", "Save and share ▾", "Close", names[8], names[9]]
    assert names[8] == page.locator(SUMMARY_ITEMS).first.inner_text()[:20]
    page.keyboard.press("Shift+Tab")
    for _ in range(30):  # forward until it wraps back to the first control
        page.keyboard.press("Tab")
        if overlay_eval(page, "return root.activeElement.textContent.trim();") == "Not the article?":
            break
    else:
        raise AssertionError("Tab never came back to the first control")
    assert page.evaluate("document.activeElement.id") == "distill-root"  # never left the dialog

    # j/k and the arrows move between summary sentences and show each in the article
    ids = page.locator(SUMMARY_ITEMS).evaluate_all("els => els.map(e => e.dataset.sentence)")
    current = "return root.activeElement.dataset.sentence || null;"
    page.keyboard.press("j")
    assert overlay_eval(page, current) == ids[0]
    page.keyboard.press("j")
    assert overlay_eval(page, current) == ids[1]
    flashed = overlay_eval(page, "return [...root.querySelectorAll('.content span.flash')].map(e => e.dataset.sentence);")
    assert ids[1] in flashed
    page.keyboard.press("k")
    assert overlay_eval(page, current) == ids[0]
    page.keyboard.press("ArrowDown")
    assert overlay_eval(page, current) == ids[1]
    page.keyboard.press("ArrowUp")
    assert overlay_eval(page, current) == ids[0]
    # the page's own shortcuts do not see j/k while the reader is open
    page.evaluate("() => { window.__keys = []; document.addEventListener('keydown', e => __keys.push(e.key)); }")
    page.keyboard.press("j")
    assert page.evaluate("window.__keys") == []

    # Escape closes the menu first, then the reader; focus goes back where it was
    page.keyboard.press("Tab")
    page.locator(f"{OVERLAY} [data-role=menu] summary").focus()
    page.keyboard.press("Enter")
    assert overlay_eval(page, "return root.querySelector('details.menu').open;")
    page.keyboard.press("Escape")
    assert not overlay_eval(page, "return root.querySelector('details.menu').open;")
    page.keyboard.press("Escape")
    assert page.locator(OVERLAY).count() == 0
    assert page.evaluate("document.activeElement.id") == "before"


def test_every_control_has_a_name(browser, pages):
    ctx, _, ext_id = browser
    page = _reader(ctx, ext_id, pages.url("cluttered_news.html"))
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    unnamed = overlay_eval(page, """return [...root.querySelectorAll('button, select, input, summary')].filter(e => {
        const label = e.getAttribute('aria-label') || e.textContent.trim() || (e.closest('label') || {}).textContent;
        return !label || !label.trim(); }).map(e => e.outerHTML.slice(0, 80));""")
    assert unnamed == []


def test_reduced_motion(browser, pages, backend):
    ctx, _, ext_id = browser
    backend.delay_s = 1.5
    try:
        spinner = f"{OVERLAY} .spinner"
        for motion, animation in (("reduce", "none"), ("no-preference", "spin")):
            page = ctx.new_page()
            page.emulate_media(reduced_motion=motion)
            page.goto(pages.url("german_news.html"))
            trigger_action(ctx, ext_id, page)
            page.locator(spinner).wait_for(timeout=5000)
            assert page.locator(spinner).evaluate("e => getComputedStyle(e).animationName") == animation
            page.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
            page.locator(SUMMARY_ITEMS).last.click()
            transition = overlay_eval(page, "return getComputedStyle(root.querySelector('.content span.flash')).transitionDuration;")
            assert (transition == "0s") == (motion == "reduce")
            page.close()
    finally:
        backend.delay_s = 0.0


def test_reader_view_at_phone_width(playwright, tmp_path, backend, pages):
    with chromium_with_extension(playwright, tmp_path / "profile", viewport=(412, 915)) as (ctx, worker, ext_id):
        use_backend(worker, backend.url)
        page = _reader(ctx, ext_id, pages.url("rich_article.html"))
        fits = """const width = document.documentElement.clientWidth;
            const scroll = root.querySelector('.scroll');
            const out = [...root.querySelectorAll('.toolbar *, .summary-box, [data-role=reader] > *')]
              .filter(e => e.getClientRects().length && !e.closest('.voice-note') && !e.closest('details:not([open]) .menu-items'))
              .filter(e => { const r = e.getBoundingClientRect(); return r.left < -0.5 || r.right > width + 0.5; })
              .map(e => e.className || e.localName);
            return {width, out, wide: scroll.scrollWidth > scroll.clientWidth};"""
        assert overlay_eval(page, fits) == {"width": 412, "out": [], "wide": False}
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "reader-412.png"))
        page.locator(f"{OVERLAY} [data-role=menu] summary").click()
        menu = overlay_eval(page, "const r = root.querySelector('.menu-items').getBoundingClientRect(); return [r.left, r.right];")
        assert menu[0] >= 0 and menu[1] <= 412
        page.screenshot(path=str(ARTIFACTS / "reader-412-menu.png"))
        page.locator(f"{OVERLAY} [data-role=menu] summary").click()
        page.locator(f"{READER} table").scroll_into_view_if_needed()
        assert overlay_eval(page, fits)["out"] == []
        page.screenshot(path=str(ARTIFACTS / "reader-412-table.png"))
        summary_text = page.locator(SUMMARY_ITEMS).first.inner_text()
        assert json.dumps(summary_text)  # readable text, not clipped to nothing
        box = page.locator(SUMMARY_ITEMS).first.bounding_box()
        assert box["width"] > 250
