"""The extension beyond its peers, in real Chromium: "Not the article?" (the picker, from the
overlay and the context menu), remove mode, site rules (saved from the overlay, used on the next
visit, listed, edited, deleted, exported and imported in the options), PDFs (the toolbar on a
PDF tab opens the reader view in an extension page; an encrypted one says so) and a 3-page
article stitched into one."""

from __future__ import annotations

import json

import pytest
from browser_support import (
    ARTIFACTS,
    ERROR,
    OVERLAY,
    PICKER,
    READER,
    SUMMARY_ITEMS,
    open_page,
    open_pdf_reader,
    open_reader,
    overlay_eval,
    show_reader,
    trigger_action,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.model]

RULES = "chrome.storage.sync.get('siteRules').then((s) => s.siteRules || {})"


def _summary_text(page) -> str:
    return " ".join(page.locator(SUMMARY_ITEMS).all_inner_texts())


def _pick_lighthouse(page):
    """Point at a note of the sidebar, widen to the whole <aside> with Up, take it with Enter."""
    box = page.locator(PICKER).first
    box.wait_for(state="attached")
    target = page.locator("aside .note-2")
    target.scroll_into_view_if_needed()
    bounds = target.bounding_box()
    page.mouse.move(bounds["x"] + 20, bounds["y"] + 5)
    tag = "document.getElementById('distill-picker').shadowRoot.querySelector('[data-role=picker-box]').dataset.tag"
    page.wait_for_function(f"{tag} === 'p'")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(tag) == "aside"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")  # back: Down narrows to what Up left
    assert page.evaluate(tag) == "aside"
    hint = page.evaluate("document.getElementById('distill-picker').shadowRoot"
                         ".querySelector('[data-role=picker-hint]').textContent")
    assert "Esc" in hint and "aside#lighthouse" in hint
    page.screenshot(path=str(ARTIFACTS / "picker-outline.png"))
    page.keyboard.press("Enter")


def test_pick_the_article_remove_a_paragraph_and_keep_the_block_for_the_site(browser, site, backend):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, site.url("harbour.html"))
    assert "Lighthouse" not in _summary_text(page)  # the extractor's pick: the article

    page.locator(f"{OVERLAY} [data-role=pick]").click()
    expect(page.locator(OVERLAY)).to_have_count(0)  # the overlay makes way for the picker
    _pick_lighthouse(page)
    page.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
    expect(page.locator(PICKER)).to_have_count(0)
    content = page.locator(READER)
    expect(content).to_contain_text("Lighthouse note 4")
    expect(content).not_to_contain_text("Paragraph 3")
    expect(page.locator(f"{OVERLAY} h1.title")).to_have_text("About the lighthouse")

    # remove mode: a paragraph leaves the view and the summary, which is re-ranked without it
    before = _summary_text(page)
    first_in_summary = page.locator(SUMMARY_ITEMS).first.inner_text()
    page.locator(f"{OVERLAY} [data-role=remove]").click()
    expect(page.locator(f"{OVERLAY} [data-role=remove]")).to_have_attribute("aria-pressed", "true")
    victim = content.locator("p", has_text=first_in_summary[:30])
    victim.click()
    expect(content).not_to_contain_text(first_in_summary[:30])
    after = _summary_text(page)
    assert first_in_summary not in after and after != before
    assert page.locator(SUMMARY_ITEMS).count() >= 1
    page.screenshot(path=str(ARTIFACTS / "picked-block-removed.png"))

    # keep the block for the site, then the next visit reads it by itself
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    rule_button = page.locator(f"{OVERLAY} [data-role=site-rule]")
    expect(rule_button).to_have_text("Always use this block on localhost")
    rule_button.click()
    expect(page.locator(f"{OVERLAY} .copied")).to_have_text("Distill will read this block on localhost from now on.")
    assert worker.evaluate(RULES) == {"localhost": "#lighthouse"}

    page.reload()
    show_reader(ctx, ext_id, page)
    expect(page.locator(READER)).to_contain_text("Lighthouse note 4")
    expect(page.locator(READER)).not_to_contain_text("Paragraph 3")

    # a rule that finds nothing: the whole page, with a note
    worker.evaluate("chrome.storage.sync.set({siteRules: {localhost: '#gone'}})")
    page.reload()
    show_reader(ctx, ext_id, page)
    expect(page.locator(f"{OVERLAY} [data-role=note]")).to_contain_text("is not on this page")
    expect(page.locator(READER)).to_contain_text("Paragraph 3")


def test_context_menu_picker_and_escape(browser, site):
    ctx, worker, ext_id = browser
    assert worker.evaluate("chrome.contextMenus.update('pick-article', {}).then(() => true)")
    page = open_reader(ctx, ext_id, site.url("harbour.html"))  # a menu click grants activeTab the same way
    page.keyboard.press("Escape")
    start = """async (url) => { const tab = (await chrome.tabs.query({})).find(t => t.url === url);
        globalThis.__picked = handleMenuClick({menuItemId: 'pick-article', pageUrl: url}, tab); return true; }"""
    worker.evaluate(start, page.url)
    page.locator(PICKER).wait_for(state="attached")
    page.keyboard.press("Escape")
    assert worker.evaluate("globalThis.__picked") == "cancelled"
    expect(page.locator(PICKER)).to_have_count(0)
    worker.evaluate(start, page.url)
    _pick_lighthouse(page)
    assert worker.evaluate("globalThis.__picked") == "shown"
    expect(page.locator(READER)).to_contain_text("Lighthouse note 0")


def test_options_list_edit_delete_export_and_import_site_rules(browser, tmp_path):
    ctx, worker, ext_id = browser
    worker.evaluate("chrome.storage.sync.set({siteRules: {'news.example': 'article .body', 'blog.example': '#post'}})")
    opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html")
    rows = opt.locator("#rulesList li")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("blog.example")
    news = opt.locator("#rulesList li[data-host='news.example']")
    news.locator("input").fill("main > div[")  # not a selector
    news.locator("[data-role=rule-save]").click()
    expect(opt.locator("#rulesStatus")).to_have_text("That is not a CSS selector.")
    news.locator("input").fill("main .story")
    news.locator("[data-role=rule-save]").click()
    expect(opt.locator("#rulesStatus")).to_have_text("Rule for news.example saved.")
    assert worker.evaluate(RULES)["news.example"] == "main .story"

    with opt.expect_download() as download:
        opt.locator("#rulesExport").click()
    exported = json.loads(download.value.path().read_text())
    assert exported == {"blog.example": "#post", "news.example": "main .story"}

    opt.locator("#rulesList li[data-host='blog.example'] [data-role=rule-delete]").click()
    expect(rows).to_have_count(1)
    assert "blog.example" not in worker.evaluate(RULES)

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(["not", "rules"]))
    opt.locator("#rulesImport").set_input_files(str(bad))
    expect(opt.locator("#rulesStatus")).to_contain_text("not a list of site rules")
    good = tmp_path / "rules.json"
    good.write_text(json.dumps({"docs.example": ".content", "Wiki.Example": "#bodyContent"}))
    opt.locator("#rulesImport").set_input_files(str(good))
    expect(opt.locator("#rulesStatus")).to_have_text("2 rules imported.")
    assert worker.evaluate(RULES) == {"news.example": "main .story", "docs.example": ".content",
                                      "wiki.example": "#bodyContent"}
    expect(rows).to_have_count(3)
    opt.screenshot(path=str(ARTIFACTS / "options-site-rules.png"), full_page=True)


def test_pdf_tab_opens_the_reader_view_in_an_extension_page(browser, site, backend):
    ctx, _worker, ext_id = browser
    requests = backend.requests
    _page, reader = open_pdf_reader(ctx, ext_id, site.url("mill.pdf"))
    reader.locator(SUMMARY_ITEMS).first.wait_for(timeout=60000)
    assert backend.requests == requests + 1
    expect(reader.locator(f"{OVERLAY} h1.title")).to_have_text("The mill on the Wend")
    content = reader.locator(READER)
    expect(content).to_contain_text("for 46 years")
    expect(content).not_to_contain_text("Quarterly Review")
    assert content.locator("p").count() == 7
    assert reader.title() == "The mill on the Wend"
    reader.screenshot(path=str(ARTIFACTS / "pdf-reader.png"))

    _, locked = open_pdf_reader(ctx, ext_id, site.url("locked.pdf"))
    error = locked.locator(ERROR)
    error.wait_for(timeout=60000)
    expect(error).to_contain_text("This PDF is encrypted")
    locked.screenshot(path=str(ARTIFACTS / "pdf-encrypted.png"))


def test_three_page_article_is_read_as_one(browser, site, backend):
    ctx, _worker, ext_id = browser
    page = ctx.new_page()
    # served from 127.0.0.1: the pages' host is the backend's, no other permission involved
    page.goto(f"http://127.0.0.1:{site.port}/canal/")
    requests = backend.requests
    trigger_action(ctx, ext_id, page)
    note = page.locator(f"{OVERLAY} [data-role=note]")
    note.wait_for(timeout=90000)
    expect(note).to_have_text("This article is 3 pages long: they are all shown here.")
    content = page.locator(READER)
    for n in (1, 2, 3):
        expect(content.locator("p", has_text=f"Page {n} part")).to_have_count(5)
    expect(content.locator("p", has_text="How a valley dug")).to_have_count(1)
    texts = overlay_eval(page, "return [...root.querySelectorAll('[data-role=reader] p')].map(p => p.textContent)")
    assert len(texts) == len(set(texts))
    assert backend.requests == requests + 3  # page 1, then pages 1-2, then 1-3
    page.screenshot(path=str(ARTIFACTS / "three-pages.png"))
