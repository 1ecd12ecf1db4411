"""The overlay's "focus on…" field in real Chromium: the summary is asked again with the reader's
query (the same page, one more request), the answer's summary is focused on it, the field keeps
the query, and "Clear focus" brings the plain summary back."""

from __future__ import annotations

import pytest
from browser_support import OVERLAY, READER, SUMMARY_ITEMS, open_reader
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.model]

# the sentences only: while a focused summary is asked, a status item stands in the list
SENTENCES = f"{SUMMARY_ITEMS}[data-sentence]"
FIELD = f"{OVERLAY} [data-role=focus-query]"


@pytest.fixture
def browser(browser):
    """conftest's browser with 2-sentence summaries: short enough that the plain summary leaves
    out what the focused one brings in."""
    _, worker, _ = browser
    worker.evaluate("chrome.storage.local.set({summaryLength: 2})")
    return browser


def test_focus_on_a_question_asks_again_and_shows_the_focused_summary(browser, pages, backend):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("council_news.html"))
    items = page.locator(SENTENCES)
    plain = items.all_inner_texts()
    assert not any("library" in s for s in plain)
    before = backend.requests
    assert page.locator(f"{OVERLAY} [data-role=focus-clear]").count() == 0

    field = page.locator(FIELD)
    expect(field).to_have_attribute("placeholder", "Focus on…")
    expect(field).to_have_accessible_name("Focus the summary on a question or keywords")
    field.fill("library opening hours")
    field.press("j")  # typing in the field is typing, not the sentence keys
    field.press("Backspace")
    field.press("Enter")
    expect(page.locator(f"{OVERLAY} [data-role=focus-clear]")).to_be_visible(timeout=60000)
    focused = items.all_inner_texts()
    assert any("library" in s for s in focused)
    assert backend.requests == before + 1
    expect(page.locator(FIELD)).to_have_value("library opening hours")  # the backend's echo
    # the article's highlights follow the focused summary
    reader_hl = page.locator(f"{READER} span.hl").all_inner_texts()
    assert any("library" in s for s in reader_hl)

    # the same query again asks nothing; clearing it brings the plain summary back
    page.locator(f"{OVERLAY} [data-role=focus-go]").click()
    assert backend.requests == before + 1
    page.locator(f"{OVERLAY} [data-role=focus-clear]").click()
    expect(page.locator(f"{OVERLAY} [data-role=focus-clear]")).to_have_count(0, timeout=60000)
    assert items.all_inner_texts() == plain
    expect(page.locator(FIELD)).to_have_value("")
    assert backend.requests == before + 2


def test_focus_in_the_selection_overlay(browser, pages, backend):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("council_news.html"))  # the grant a real menu click gives
    page.keyboard.press("Escape")
    selected = page.evaluate("""() => { const r = document.createRange(); const ps = document.querySelectorAll('article p');
        r.setStartBefore(ps[1]); r.setEndAfter(ps[ps.length - 1]);
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    assert worker.evaluate("""async ([url, sel]) => { const [tab] = await chrome.tabs.query({url});
        return handleMenuClick({menuItemId: 'summarize-selection', selectionText: sel, pageUrl: url}, tab); }""",
                           [page.url, selected]) == "shown"
    page.locator(FIELD).fill("trees along the river")
    page.locator(FIELD).press("Enter")
    expect(page.locator(f"{OVERLAY} [data-role=focus-clear]")).to_be_visible(timeout=60000)
    texts = page.locator(SENTENCES).all_inner_texts()
    assert any("trees" in s for s in texts) and all(s in selected for s in texts)
    assert page.evaluate("() => document.getElementById('distill-root').shadowRoot"
                         ".querySelector('.backdrop').classList.contains('compact')")
