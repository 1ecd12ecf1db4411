"""The extension's UI in the reader's language, in real Chromium started in French and in Arabic
(LANGUAGE in the environment: Chromium on Linux ignores --lang): the overlay, its menu, errors
and the options page show the translations and no English, and the Arabic UI is right-to-left."""

from __future__ import annotations

import pytest
from browser_support import (
    ARTIFACTS,
    ERROR,
    OVERLAY,
    chromium_with_extension,
    listen_settled,
    messages,
    open_page,
    open_reader,
    overlay_eval,
    trigger_action,
    use_backend,
)
from playwright.sync_api import expect
from support import free_port as closed_port

pytestmark = [pytest.mark.browser, pytest.mark.model]

UI_TEXT = """const ui = [...root.querySelectorAll('.toolbar, .summary-box > h2, .menu-items, .error, .status')];
    const texts = [];
    for (const part of ui) {
        const walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) { const t = walker.currentNode.data.trim(); if (t) texts.push(t); }
        for (const e of part.querySelectorAll('[title], [aria-label]')) {
            for (const a of ['title', 'aria-label']) if (e.getAttribute(a)) texts.push(e.getAttribute(a)); }
    }
    return texts;"""


def english_left(texts, locale):
    """UI strings that are an English message (and not also that language's word)."""
    english = {v for v in messages("en").values() if "$" not in v and len(v) > 1}
    local = set(messages(locale).values())
    return [t for t in texts if t in english and t not in local]


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_overlay_and_options_in_the_browsers_language(playwright, tmp_path, backend, pages, locale):
    msg = messages(locale)
    with chromium_with_extension(playwright, tmp_path / "profile", language=locale) as (ctx, worker, ext_id):
        assert worker.evaluate("chrome.i18n.getUILanguage()").startswith(locale)
        use_backend(worker, backend.url)
        rtl = locale == "ar"

        page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
        listen_settled(page)
        page.locator(f"{OVERLAY} [data-role=menu] summary").click()
        texts = overlay_eval(page, UI_TEXT)
        assert english_left(texts, locale) == []
        for key in ("summaryHeading", "menuLabel", "downloadMarkdown", "downloadHtml", "print", "copyText",
                    "moreSentences", "closeTitle", "speedLabel", "listenScopeLabel"):
            assert any(msg[key] in t for t in texts), key
        assert msg["alwaysOpen"].replace("$1", "localhost") in texts
        assert msg["summaryLengthValue"].replace("$1", "3") in texts or any(
            t.startswith(msg["summaryLengthValue"].split("$1")[0]) for t in texts)
        backdrop = overlay_eval(page, """const b = root.querySelector('.backdrop');
            return {dir: b.getAttribute('dir'), lang: b.getAttribute('lang'),
                    toolbar: getComputedStyle(root.querySelector('.toolbar')).direction,
                    article: getComputedStyle(root.querySelector('article')).direction};""")
        assert backdrop["dir"] == ("rtl" if rtl else "ltr") and backdrop["lang"].startswith(locale)
        assert backdrop["toolbar"] == ("rtl" if rtl else "ltr")
        assert backdrop["article"] == "ltr"  # the English article keeps its own direction
        if rtl:  # the brand sits at the right, the close button at the left
            order = overlay_eval(page, """const x = (s) => root.querySelector(s).getBoundingClientRect().left;
                return x('.brand') > x('[data-role=close]');""")
            assert order
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"overlay-{locale}.png"))

        # an error in that language
        use_backend(worker, f"http://127.0.0.1:{closed_port()}")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        trigger_action(ctx, ext_id, page)
        error = page.locator(ERROR)
        error.wait_for(timeout=30000)
        assert msg["errorUnreachable"].split("$1")[0] in error.inner_text()
        assert english_left(overlay_eval(page, UI_TEXT), locale) == []

        # the options page
        opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html?always=https%3A%2F%2Fnews.example")
        expect(opt.locator("html")).to_have_attribute("dir", "rtl" if rtl else "ltr")
        expect(opt.locator("html")).to_have_attribute("lang", locale)
        assert opt.title() == msg["optionsTitle"]
        expect(opt.locator("label[for=backendUrl]")).to_have_text(msg["optBackendUrl"])
        expect(opt.locator("#askText")).to_have_text(msg["optAskAlways"].replace("$1", "news.example"))
        opt.click("#save")
        expect(opt.locator("#status")).to_have_text(msg["optSaved"])
        visible = opt.evaluate("""() => { const out = []; const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (w.nextNode()) { const n = w.currentNode; const t = n.data.trim();
              if (t && n.parentElement.offsetParent !== null) out.push(t); }
            for (const o of document.querySelectorAll('option')) out.push(o.textContent.trim());
            for (const e of document.querySelectorAll('[placeholder]')) out.push(e.placeholder);
            return out; }""")
        assert english_left(visible, locale) == []
        opt.screenshot(path=str(ARTIFACTS / f"options-{locale}.png"), full_page=True)

        # the toolbar button's tooltip and the context menu
        assert worker.evaluate("chrome.action.getTitle({})") == msg["actionTitle"]
