"""The extension against hostile input, in real Chromium: an answer whose article HTML and
fields carry script (as a compromised or buggy backend would send them) runs nothing in the
overlay; a page cannot drive the extension (no message channel from the page; its scripted
clicks, keys, submits and changes on the overlay's controls, the picker and remove mode are
ignored; DOM clobbering does not stop it; the worker obeys only its own overlay's and pages'
well-formed messages); and nothing is stored but the settings."""

from __future__ import annotations

import json
import threading

import pytest
from browser_support import (
    ERROR,
    OVERLAY,
    PICKER,
    READER,
    SUMMARY_ITEMS,
    in_content_world,
    open_page,
    open_reader,
    overlay_eval,
    show_reader,
    trigger_action,
    use_backend,
)
from playwright.sync_api import expect
from support import free_port as closed_port
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

pytestmark = [pytest.mark.browser, pytest.mark.model]

SETTINGS = {"backendUrl", "apiToken", "summaryLength", "theme", "fontSize", "speechRate", "listenScope",
            "alwaysOpenHosts", "siteRules"}
STORED = """async () => ({local: await chrome.storage.local.get(null), sync: await chrome.storage.sync.get(null)})"""
PWN = "window.__pwned = (window.__pwned || []).concat"

# markup that has run script somewhere: handlers, script in HTML, SVG and MathML, URLs, frames,
# mutation-XSS shapes that change meaning when parsed twice, refresh and base tags, templates
HOSTILE_HTML = f"""
<p><span data-sentence="0">The council met on Monday to approve the ferry timetable for winter.</span></p>
<img src="x" onerror="{PWN}('img')"><img src="https://127.0.0.1:1/x.png" onerror="{PWN}('img2')">
<script>{PWN}('script')</script>
<svg onload="{PWN}('svg')"><script>{PWN}('svg-script')</script></svg>
<math><mtext><table><mglyph><style><img src=x onerror="{PWN}('mathml')"></style></mglyph></table></mtext></math>
<noscript><p title="</noscript><img src=x onerror={PWN}('noscript')>"></p></noscript>
<p><a href="javascript:{PWN}('href')" id="jslink">a link</a> and <a href=" JaVaScRiPt:{PWN}('href2')">another</a></p>
<iframe srcdoc="<script>parent.{PWN}('iframe')</script>"></iframe>
<object data="javascript:{PWN}('object')"></object><embed src="javascript:{PWN}('embed')">
<form><button formaction="javascript:{PWN}('form')">Send</button></form>
<details open ontoggle="{PWN}('toggle')"><summary>More</summary>text</details>
<p style="background:url(javascript:{PWN}('style'))" onmouseover="{PWN}('hover')">Hover here.</p>
<meta http-equiv="refresh" content="0;url=javascript:{PWN}('refresh')"><base href="javascript:/">
<template><img src=x onerror="{PWN}('template')"></template>
<img srcset="javascript:{PWN}('srcset') 1x"><video poster="javascript:1" onerror="{PWN}('video')"></video>
<p><span data-sentence="1" onclick="{PWN}('span')">The ferry leaves at seven in the morning and returns at noon.</span></p>
"""
MARKUP_TEXT = f"<img src=x onerror=\"{PWN}('text')\">"


def hostile_answer() -> dict:
    return {
        "title": MARKUP_TEXT, "byline": MARKUP_TEXT, "site_name": MARKUP_TEXT, "published": MARKUP_TEXT,
        "lang": 'en" onload="x', "dir": "rtl onload=x", "url": f"javascript:{PWN}('url')",
        "lead_image": f"javascript:{PWN}('lead')", "excerpt": MARKUP_TEXT, "word_count": 30,
        "reading_minutes": 1, "content_html": HOSTILE_HTML, "query": MARKUP_TEXT,
        "next_page_url": f"javascript:{PWN}('next')", "pages_read": "1) ; alert(1) //",
        "sentences": [{"index": 0, "text": MARKUP_TEXT, "score": 1.0, "paragraph": 0},
                      {"index": 1, "text": "The ferry leaves at seven.", "score": 0.5, "paragraph": 1}],
        "summary": [0, 1], "ranking": [0, 1, "1) ; alert(1) //"],
        "embedding": {"model": "x", "sentences": 2, "embedded": 2, "sampled": False},
        "extractor": "readability", "version": "0.1.0", "timings_ms": {},
    }


class HostileBackend:
    """A backend on 127.0.0.1 that answers every summary with hostile_answer()."""

    def __init__(self):
        @Request.application
        def app(request):
            return Response(json.dumps(hostile_answer()), content_type="application/json")

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


def _pwned(page):
    return page.evaluate("() => window.__pwned || null")


def _options_pages(ctx):
    return [p for p in ctx.pages if "/options.html" in p.url]


def test_a_hostile_answer_runs_nothing_in_the_overlay(browser, pages):
    ctx, worker, ext_id = browser
    evil = HostileBackend()
    try:
        use_backend(worker, evil.url)
        dialogs = []
        page = open_page(ctx, pages.url("nocsp-cluttered_news.html"))  # no CSP: anything inserted would run
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        show_reader(ctx, ext_id, page, timeout=30000)
        # give handlers every chance: errors of broken images, hovering, clicking what is there
        page.wait_for_timeout(500)
        for selector in (f"{READER} p", f"{READER} details", f"{READER} a", SUMMARY_ITEMS):
            for el in page.locator(selector).all():
                el.hover()
        page.locator(f"{READER} span[data-sentence='1']").first.click()
        page.locator(SUMMARY_ITEMS).first.click()
        page.wait_for_timeout(300)
        assert _pwned(page) is None and dialogs == []
        found = overlay_eval(page, """const all = [...root.querySelectorAll('*')];
            return {
              active: root.querySelectorAll('script, iframe, object, embed, svg, math, template, meta, base, '
                                            + 'video, noscript, button[formaction], form:not([data-role=focus])').length,
              handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
              urls: all.filter(e => ['href', 'src', 'srcset', 'cite', 'poster', 'action', 'formaction']
                .some(a => /^\\s*(javascript|data|vbscript):/i.test(e.getAttribute(a) || ''))).length,
              styles: all.filter(e => e.hasAttribute('style') && e.closest('.content')).length,
              title: root.querySelector('h1.title').textContent,
              first: root.querySelector('[data-role=summary] li').textContent,
              query: root.querySelector('[data-role=focus-query]').value};""")
        # the fields with markup are shown as text (or a field's value), never parsed
        assert found == {"active": 0, "handlers": 0, "urls": 0, "styles": 0,
                         "title": MARKUP_TEXT, "first": MARKUP_TEXT, "query": MARKUP_TEXT}
        assert "The council met on Monday" in page.locator(READER).inner_text()
        assert page.locator(f"{OVERLAY} img.lead-image").count() == 0
        assert page.locator(f"{READER} a").first.get_attribute("href") is None
    finally:
        evil.close()


def test_a_page_has_no_channel_to_the_extension(browser, pages):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("nocsp-cluttered_news.html"))
    # not externally connectable: the page's world has no runtime to message the extension with
    reached = page.evaluate("""(id) => new Promise((done) => {
        if (!(window.chrome && chrome.runtime && chrome.runtime.sendMessage)) return done('no runtime');
        try { chrome.runtime.sendMessage(id, {type: 'distill:open-options'}, () => done('sent')); }
        catch (err) { done('refused'); } })""", ext_id)
    assert reached in ("no runtime", "refused")
    page.wait_for_timeout(500)
    assert not _options_pages(ctx)


def test_scripted_clicks_and_keys_on_the_error_are_ignored(browser, pages):
    ctx, worker, ext_id = browser
    use_backend(worker, f"http://127.0.0.1:{closed_port()}")
    page = open_page(ctx, pages.url("nocsp-cluttered_news.html"))
    trigger_action(ctx, ext_id, page)
    page.locator(ERROR).wait_for(timeout=30000)
    # the page's own script clicks the overlay's buttons and presses Escape (the root is open)
    overlay_eval(page, """root.querySelector('[data-role=error] button').click();
        root.querySelector('.close').click();
        document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));""")
    page.wait_for_timeout(700)
    assert not _options_pages(ctx)
    assert page.locator(ERROR).count() == 1  # still open
    # the user's own click does what the button says (so the refusal above is not a broken button)
    with ctx.expect_page(lambda p: p.url.endswith("/options.html")):
        page.locator(ERROR).locator("button").click()
    page.bring_to_front()
    page.keyboard.press("Escape")
    page.wait_for_selector(OVERLAY, state="detached")


# The page's script works every control of the reader view it can reach in the open shadow root:
# each button (length, Listen, remove, "Not the article?", the menu's copy/download/print, which
# click() reaches in the closed menu too, the focus form's), the always-open box, the selects, the
# focus form's submit, the summary items, the sentence keys, Tab and Escape. Each step on its own:
# one that worked must not stop the others.
PAGE_DRIVES_THE_OVERLAY = """() => {
    const root = document.getElementById('distill-root').shadowRoot;
    const done = [];
    const attempt = (what, fn) => { try { fn(); done.push(what); } catch (err) { done.push(what + ': ' + err.message); } };
    const all = (sel) => [...root.querySelectorAll(sel)];
    for (const role of ['copy-text', 'copy-markdown', 'download-markdown', 'download-html', 'print',
                        'listen', 'listen-stop', 'remove', 'focus-go'])
        attempt(role, () => root.querySelector(`[data-role=${role}]`).click());
    attempt('length', () => all('[data-role=length] button').forEach((b) => b.click()));
    attempt('always-open', () => root.querySelector('[data-role=always-open]').click());
    attempt('query', () => {
        root.querySelector('[data-role=focus-query]').value = 'hostile question';
        root.querySelector('[data-role=focus-go]').click();
        root.querySelector('[data-role=focus]').requestSubmit();
        root.querySelector('[data-role=focus]').requestSubmit(root.querySelector('[data-role=focus-go]'));
    });
    attempt('selects', () => all('select').forEach((s) => {
        s.value = s.options[s.options.length - 1].value;
        s.dispatchEvent(new Event('input', {bubbles: true}));
        s.dispatchEvent(new Event('change', {bubbles: true}));
    }));
    attempt('summary', () => all('[data-role=summary] li').forEach((li) => li.click()));
    attempt('remove-a-paragraph', () => root.querySelector('[data-role=reader] p').click());
    attempt('keys', () => {
        const item = root.querySelector('[data-role=summary] li');
        for (const key of ['j', 'k', 'ArrowDown', 'Enter', 'Tab'])
            item.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, composed: true}));
    });
    attempt('pick', () => root.querySelector('[data-role=pick]').click());
    attempt('escape', () => document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})));
    attempt('close', () => root.querySelector('.close').click());
    return done;
}"""

OVERLAY_STATE = """const active = root.activeElement;
    return {items: root.querySelectorAll('[data-role=summary] li').length,
            paragraphs: root.querySelectorAll('[data-role=reader] p').length,
            said: root.querySelector('.copied').textContent,
            removing: root.querySelector('[data-role=remove]').getAttribute('aria-pressed'),
            alwaysOpen: root.querySelector('[data-role=always-open]').checked,
            focusDisabled: root.querySelector('[data-role=focus-go]').disabled,
            active: active ? active.localName : null};"""


def test_the_page_cannot_work_the_reader_views_controls(browser, pages, backend):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
    # printing is recorded (headless has no print dialog); the clipboard would be the page's to read
    in_content_world(worker, page, "() => { globalThis.__printed = 0; window.print = () => { globalThis.__printed++; }; return true; }")
    before = overlay_eval(page, OVERLAY_STATE)
    requests, stored = backend.requests, worker.evaluate(STORED)

    done = page.evaluate(PAGE_DRIVES_THE_OVERLAY)
    assert all(":" not in step for step in done), done  # every control was there, and each was worked
    page.wait_for_timeout(700)

    assert page.locator(OVERLAY).count() == 1 and page.locator(PICKER).count() == 0  # neither closed nor picking
    assert overlay_eval(page, OVERLAY_STATE) == before  # nothing said, removed, toggled, lengthened, focused
    assert in_content_world(worker, page, "() => globalThis.__printed") == 0
    # nothing asked, nothing kept (the page can set the selects' shown value, not the setting)
    assert backend.requests == requests and worker.evaluate(STORED) == stored
    assert not _options_pages(ctx)

    # the user's own clicks and keys work (so the refusals above are not broken controls)
    page.locator(f"{OVERLAY} [data-role=length] button[aria-label='More sentences']").click()
    assert overlay_eval(page, OVERLAY_STATE)["items"] == before["items"] + 1
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    page.locator(f"{OVERLAY} [data-role=print]").click()
    assert in_content_world(worker, page, "() => globalThis.__printed") == 1
    page.locator(f"{OVERLAY} [data-role=remove]").click()
    overlay_eval(page, "root.querySelector('[data-role=reader] p').click();")  # in remove mode, the page's click
    assert overlay_eval(page, OVERLAY_STATE)["paragraphs"] == before["paragraphs"]  # removes nothing
    page.locator(f"{READER} p").first.click()
    assert overlay_eval(page, OVERLAY_STATE)["paragraphs"] == before["paragraphs"] - 1
    page.keyboard.press("Escape")
    page.wait_for_selector(OVERLAY, state="detached")


PICKER_TAG = "document.getElementById('distill-picker').shadowRoot.querySelector('[data-role=picker-box]').dataset.tag"


def test_the_page_cannot_steer_or_take_the_pickers_choice(browser, backend, site):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, site.url("harbour.html"))
    page.locator(f"{OVERLAY} [data-role=pick]").click()
    page.locator(PICKER).wait_for(state="attached")
    first = page.evaluate(PICKER_TAG)
    requests = backend.requests
    # the page moves "the pointer" onto its sidebar, widens with the keys, takes with Enter and a click
    page.evaluate("""() => { const note = document.querySelector('aside .note-2'); const r = note.getBoundingClientRect();
        document.dispatchEvent(new MouseEvent('mousemove', {clientX: r.left + 20, clientY: r.top + 5, bubbles: true}));
        for (const key of ['ArrowUp', 'ArrowDown', 'Enter'])
            document.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
        note.click(); }""")
    page.wait_for_timeout(500)
    assert page.locator(PICKER).count() == 1 and page.evaluate(PICKER_TAG) == first
    assert backend.requests == requests and page.locator(OVERLAY).count() == 0
    # the user's own keys still work: Up widens the choice, Escape cancels
    page.keyboard.press("ArrowUp")
    assert page.evaluate(PICKER_TAG) != first
    page.keyboard.press("Escape")
    expect(page.locator(PICKER)).to_have_count(0)
    assert backend.requests == requests


def test_a_page_that_clobbers_the_overlays_names_still_gets_the_overlay(browser, pages):
    ctx, _, ext_id = browser
    page = open_page(ctx, pages.url("cluttered_news.html"))
    # elements named like the overlay's globals show through as window.__distill... in every world
    page.evaluate("""() => { for (const name of ['__distill', '__distillPicker', '__distillSpeech', '__distillExport']) {
        const a = document.createElement('div'); a.id = name;
        const f = document.createElement('form'); f.name = name;
        document.body.prepend(a, f); } }""")
    show_reader(ctx, ext_id, page)
    expect(page.locator(f"{OVERLAY} [data-role=listen]")).to_have_count(1)
    page.locator(f"{OVERLAY} [data-role=pick]").click()  # the picker, too, is the extension's own
    page.locator(PICKER).wait_for(state="attached")
    page.keyboard.press("Escape")
    expect(page.locator(PICKER)).to_have_count(0)


OWN = "({id: chrome.runtime.id, tab: {id: 1, index: 0, url: 'https://page.example/a'}, frameId: 0, url: 'https://page.example/a'})"
READER_PAGE = "({id: chrome.runtime.id, tab: {id: 2, index: 1}, frameId: 0, url: chrome.runtime.getURL('reader.html#pdf-1')})"


def test_the_worker_obeys_only_its_own_overlays_well_formed_messages(browser, pages):
    ctx, worker, _ = browser
    open_page(ctx, pages.url("cluttered_news.html"))  # (the options page would reuse a blank first tab)
    other = "'abcdefghijklmnopabcdefghijklmnop'"
    block = "{html: '<p>x</p>', url: 'https://page.example/a', extract: false, selector: 'p'}"
    request = "{html: '<p>x</p>', url: 'https://page.example/a'}"
    cases = {
        "another extension": f"[{{type: 'distill:open-options'}}, {{...{OWN}, id: {other}}}]",
        "no id": f"[{{type: 'distill:open-options'}}, {{...{OWN}, id: undefined}}]",
        "no tab (not a content script)": "[{type: 'distill:open-options'}, {id: chrome.runtime.id, frameId: 0}]",
        "a subframe": f"[{{type: 'distill:open-options'}}, {{...{OWN}, frameId: 3}}]",
        "no sender": "[{type: 'distill:open-options'}, undefined]",
        "an extra field": f"[{{type: 'distill:open-options', url: 'https://evil.example/'}}, {OWN}]",
        "a missing field": f"[{{type: 'distill:save-setting', key: 'speechRate'}}, {OWN}]",
        "a wrong type of field": f"[{{type: 'distill:always-open', url: 'https://page.example/a', on: 'yes'}}, {OWN}]",
        "a string for an object": f"[{{type: 'distill:summarize-block', block: 'x'}}, {OWN}]",
        "an array for an object": f"[{{type: 'distill:refocus', query: '', mode: 'page', request: []}}, {OWN}]",
        "an unknown mode": f"[{{type: 'distill:refocus', query: '', mode: 'x', request: {request}}}, {OWN}]",
        "an unknown type": f"[{{type: 'distill:set-backend', url: 'https://evil.example/'}}, {OWN}]",
        "a prototype key": f"[{{type: 'toString'}}, {OWN}]",
        "an inherited field": f"[Object.assign(Object.create({{key: 'speechRate', value: 2}}), {{type: 'distill:save-setting'}}), {OWN}]",
        "a string": f"['distill:open-options', {OWN}]",
        "null": f"[null, {OWN}]",
        "an array": f"[['distill:open-options'], {OWN}]",
        # the PDF reader page's overlay: options and Listen's settings only, nothing about a site
        "the reader page, always open": f"[{{type: 'distill:always-open', url: 'https://page.example/a', on: true}}, {READER_PAGE}]",
        "the reader page, a site rule": f"[{{type: 'distill:site-rule', url: 'https://page.example/a', selector: 'p'}}, {READER_PAGE}]",
        "the reader page, a block": f"[{{type: 'distill:summarize-block', block: {block}}}, {READER_PAGE}]",
        "the reader page, refocus": f"[{{type: 'distill:refocus', query: 'x', mode: 'page', request: {request}}}, {READER_PAGE}]",
    }
    stored = worker.evaluate(STORED)
    for what, args in cases.items():
        assert worker.evaluate(f"() => handleMessage(...{args})") == "ignored", what
    assert worker.evaluate(STORED) == stored
    assert not _options_pages(ctx)

    # what they may ask is done: a setting from the overlay and from the reader page, the options
    save = "{type: 'distill:save-setting', key: 'speechRate', value: 1.5}"
    assert worker.evaluate(f"() => handleMessage({save}, {OWN})") == {"ok": True}
    assert worker.evaluate(f"() => handleMessage({{...{save}, value: 2}}, {READER_PAGE})") == {"ok": True}
    assert worker.evaluate("chrome.storage.sync.get('speechRate')") == {"speechRate": 2}
    with ctx.expect_page(lambda p: p.url.endswith("/options.html")):
        assert worker.evaluate(f"() => handleMessage({{type: 'distill:open-options'}}, {READER_PAGE})") == {"ok": True}


def test_nothing_is_stored_but_the_settings(browser, pages, backend):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
    sel = page.evaluate("""() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('article'));
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
    worker.evaluate("""async ([url, sel]) => { const [tab] = await chrome.tabs.query({url});
        return handleMenuClick({menuItemId: 'summarize-selection', selectionText: sel, pageUrl: url}, tab); }""",
                    [page.url, sel])
    opt = open_page(ctx, f"chrome-extension://{ext_id}/options.html")
    opt.fill("#apiToken", "a-token")
    opt.click("#save")
    opt.locator("#status").filter(has_text="Saved.").wait_for()

    stored = worker.evaluate("""async () => ({
        local: await chrome.storage.local.get(null),
        sync: await chrome.storage.sync.get(null),
        session: await chrome.storage.session.get(null),
        caches: await caches.keys(),
        databases: (await indexedDB.databases()).map(d => d.name)})""")
    # the settings only: the token on this machine, the rest where the browser syncs them
    assert set(stored["local"]) <= SETTINGS and stored["local"]["apiToken"] == "a-token"
    assert set(stored["sync"]) <= SETTINGS and "apiToken" not in stored["sync"]
    assert stored["session"] == {}  # (the PDF reader page's answer passes through here, then goes)
    assert stored["caches"] == [] and stored["databases"] == []
    # and nothing in the page's own storage either: the overlay writes no cookie or web storage
    assert page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]") == [0, 0, ""]
    page_text = page.content()
    assert backend.url not in page_text  # (neither the backend address nor the answer is left in the DOM
    assert "a-token" not in page_text    # outside the overlay, let alone the token)
