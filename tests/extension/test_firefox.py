"""The same toolbar flow in Firefox ESR, through Marionette (no geckodriver needed)."""

from __future__ import annotations

import gc
import json
import time
import uuid
from contextlib import contextmanager

import pytest
from browser_support import ARTIFACTS, EXTENSION, FIREFOX, require_binary

pytestmark = [pytest.mark.browser, pytest.mark.model]

GECKO_ID = json.loads((EXTENSION / "manifest.json").read_text())["browser_specific_settings"]["gecko"]["id"]

TRIGGER_ACTION = """
const {ExtensionParent} = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
const ext = ExtensionParent.GlobalManager.getExtension(arguments[0]);
ExtensionParent.apiManager.global.browserActionFor(ext).triggerAction(window);
"""
OVERLAY_STATE = """
const root = document.getElementById('distill-root');
if (!root || !root.shadowRoot) return null;
const s = root.shadowRoot;
return {items: [...s.querySelectorAll('[data-role=summary] li')].map(li => li.textContent),
        highlighted: new Set([...s.querySelectorAll('[data-role=reader] span.hl')].map(e => e.dataset.sentence)).size,
        reader: (s.querySelector('[data-role=reader]') || {}).textContent || '',
        error: (s.querySelector('[data-role=error]') || {}).textContent || null};
"""


@contextmanager
def firefox_with_extension(tmp_path, locale: str | None = None):
    """Firefox ESR with the extension as a temporary add-on; `locale` picks the UI language
    (Debian's language packs, firefox-esr-l10n-*), downloads go to tmp_path/downloads."""
    from marionette_driver.addons import Addons
    from marionette_driver.marionette import Marionette

    require_binary(FIREFOX)
    ext_uuid = str(uuid.uuid4())
    downloads = tmp_path / "downloads"
    downloads.mkdir(exist_ok=True)
    prefs = {"extensions.webextensions.uuids": json.dumps({GECKO_ID: ext_uuid}),
             "network.proxy.type": 0, "extensions.autoDisableScopes": 0,
             "browser.download.dir": str(downloads), "browser.download.folderList": 2,
             "browser.download.useDownloadDir": True, "browser.download.always_ask_before_handling_new_types": False}
    if locale:
        prefs["intl.locale.requested"] = locale
    m = Marionette(bin=FIREFOX, headless=True, gecko_log=str(tmp_path / "gecko.log"), prefs=prefs)
    m.start_session()
    try:
        Addons(m).install(str(EXTENSION), temp=True)
        yield m, ext_uuid
    finally:
        m.cleanup()
        del m
        gc.collect()


@pytest.fixture
def firefox(tmp_path):
    with firefox_with_extension(tmp_path) as (m, ext_uuid):
        yield m, ext_uuid


def _wait_for(m, script, predicate, timeout=60):
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = m.execute_script(script)
        if predicate(state):
            return state
        time.sleep(0.25)
    raise AssertionError(f"timed out; last state: {state}")


def test_toolbar_flow_in_firefox(firefox, backend, pages):
    m, ext_uuid = firefox
    m.navigate(f"moz-extension://{ext_uuid}/options.html")
    m.execute_async_script(
        "const [url, done] = arguments; browser.storage.local.set({backendUrl: url}).then(done);",
        script_args=[backend.url], sandbox=None)

    m.navigate(pages.url("cluttered_news.html"))
    before = backend.requests
    with m.using_context("chrome"):
        m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
    state = _wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
    assert state["error"] is None, state["error"]
    assert 3 <= len(state["items"]) <= 5
    assert state["highlighted"] == len(state["items"])
    assert "floating solar panels" in state["reader"] and "Taboola" not in state["reader"]
    assert backend.requests == before + 1
    assert backend.origins[-1] == f"moz-extension://{ext_uuid}"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "overlay-firefox.png").write_bytes(m.screenshot(format="binary", full=False))

    # the length control works here too, without a new request; a real click: the overlay
    # ignores a script's click(), which a page could send
    _overlay(m, "root.querySelector('[data-role=length] button:last-child').click();")
    assert len(m.execute_script(OVERLAY_STATE)["items"]) == len(state["items"])
    _control(m, "[data-role=length] button:last-child").click()
    assert len(m.execute_script(OVERLAY_STATE)["items"]) == len(state["items"]) + 1
    assert backend.requests == before + 1

    # and the toolbar button closes it again
    with m.using_context("chrome"):
        m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
    _wait_for(m, OVERLAY_STATE, lambda s: s is None, timeout=10)


def _overlay(m, body, *args):
    return m.execute_script("const root = document.getElementById('distill-root').shadowRoot; " + body,
                            script_args=list(args))


def _control(m, selector):
    """One of the overlay's controls, for Marionette's element click: a user's (trusted) click,
    where a script's click() would be ignored by the overlay as a page's."""
    return m.execute_script("return document.getElementById('distill-root').shadowRoot.querySelector(arguments[0])",
                            script_args=[selector])


def _set_backend(m, ext_uuid, url):
    m.navigate(f"moz-extension://{ext_uuid}/options.html")
    m.execute_async_script(
        "const [url, done] = arguments; browser.storage.local.set({backendUrl: url}).then(done);",
        script_args=[url], sandbox=None)


def _messages(locale):
    data = json.loads((EXTENSION / "_locales" / locale / "messages.json").read_text(encoding="utf-8"))
    return {k: v["message"] for k, v in data.items()}


def _wait_file(folder, suffix, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0]
        if done and not list(folder.glob("*.part")):
            return done[0]
        time.sleep(0.25)
    raise AssertionError(f"no {suffix} file in {folder}: {list(folder.iterdir())}")


FAKE_ENGINE = """(voices) => {
    class FakeUtterance extends EventTarget {
        constructor(text) { super(); this.text = text; this.lang = ''; this.rate = 1; this.voice = null; }
    }
    const engine = new EventTarget();
    const state = {log: [], current: null};
    engine.getVoices = () => voices;
    engine.speak = (u) => { state.current = u; state.log.push({op: 'speak', text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null}); };
    engine.pause = () => state.log.push({op: 'pause'});
    engine.resume = () => state.log.push({op: 'resume'});
    engine.cancel = () => { state.log.push({op: 'cancel'}); state.current = null; };
    globalThis.__fake = {log: () => state.log,
        end: () => { const u = state.current; state.current = null; if (u) u.dispatchEvent(new Event('end')); return !!u; }};
    globalThis.SpeechSynthesisUtterance = FakeUtterance;
    Object.defineProperty(globalThis, 'speechSynthesis', {value: engine, configurable: true, writable: true});
    return true;
}"""


def _in_content_world(m, ext_uuid, page_url, func, arg=None):
    """Run `func` in the extension's content-script world of the page tab, from an extension
    page in a second tab (where browser.scripting is available)."""
    page_tab = m.current_window_handle
    m.switch_to_window(m.open(type="tab")["handle"])
    m.navigate(f"moz-extension://{ext_uuid}/options.html")
    result = m.execute_async_script(f"""const [url, arg, done] = arguments; (async () => {{
        const tab = (await browser.tabs.query({{}})).find(t => t.url === url);
        const [first] = await browser.scripting.executeScript({{target: {{tabId: tab.id}}, func: {func}, args: [arg]}});
        return first.result; }})().then(done, e => done('error: ' + e.message));""", script_args=[page_url, arg], sandbox=None)
    m.close()
    m.switch_to_window(page_tab)
    return result


def test_french_ui_export_and_listen_in_firefox(tmp_path, backend, pages):
    msg = _messages("fr")
    with firefox_with_extension(tmp_path, locale="fr") as (m, ext_uuid):
        _set_backend(m, ext_uuid, backend.url)
        assert m.execute_script("return browser.i18n.getUILanguage()", sandbox=None) == "fr"
        assert m.title == msg["optionsTitle"]
        page_url = pages.url("cluttered_news.html")
        m.navigate(page_url)
        with m.using_context("chrome"):
            m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
        state = _wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
        assert state["error"] is None, state["error"]
        summary = state["items"]

        # French everywhere, and no voice in headless Firefox: the button says so
        listen = "const b = root.querySelector('[data-role=listen]'); return [b.disabled, b.textContent.trim(), b.title];"
        deadline = time.monotonic() + 10
        while _overlay(m, listen)[1] != msg["listenNoVoice"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _overlay(m, listen) == [True, msg["listenNoVoice"], msg["listenNoVoiceHelp"]]
        assert _overlay(m, "return root.querySelector('.summary-box h2').textContent;") == msg["summaryHeading"]
        assert _overlay(m, "return root.querySelector('[data-role=menu] summary').textContent;").startswith(msg["menuLabel"])

        # the two files, downloaded for real
        _control(m, "[data-role=menu] summary").click()
        _control(m, "[data-role=download-markdown]").click()
        md = _wait_file(tmp_path / "downloads", ".md").read_text(encoding="utf-8")
        assert md.startswith("# Harbor city approves floating solar farm on old reservoir\n")
        assert f"## {msg['summaryHeading']}\n\n" + "\n".join(f"- {s}" for s in summary) in md
        assert f"## {msg['exportArticle']}" in md and "floating solar panels" in md and "Taboola" not in md
        _control(m, "[data-role=menu] summary").click()
        _control(m, "[data-role=download-html]").click()
        html = _wait_file(tmp_path / "downloads", ".html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "<img" not in html and "<script" not in html
        assert all(s.replace("'", "&#39;") in html or s in html for s in summary)

        # Listen, sentence by sentence, with a stand-in engine in the content-script world
        voices = [{"name": "Alex", "lang": "en-US", "default": True, "localService": True}]
        assert _in_content_world(m, ext_uuid, page_url, FAKE_ENGINE, voices) is True
        # closed, then opened again on the stand-in (each awaited: the action runs in the
        # background, and the old overlay would otherwise pass for the new one)
        with m.using_context("chrome"):
            m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
        _wait_for(m, OVERLAY_STATE, lambda s: s is None, timeout=10)
        with m.using_context("chrome"):
            m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
        _wait_for(m, OVERLAY_STATE, lambda s: s and s["items"])
        deadline = time.monotonic() + 10
        while _overlay(m, listen)[0] and time.monotonic() < deadline:
            time.sleep(0.2)
        _control(m, "[data-role=listen]").click()
        speaking = "return [...root.querySelectorAll('[data-role=summary] li.speaking')].map(e => e.textContent);"
        assert _overlay(m, speaking) == [summary[0]]
        log = _in_content_world(m, ext_uuid, page_url, "() => globalThis.__fake.log()")
        assert log[-1] == {"op": "speak", "text": summary[0], "lang": "en", "voice": "Alex"}
        assert _in_content_world(m, ext_uuid, page_url, "() => globalThis.__fake.end()") is True
        assert _overlay(m, speaking) == [summary[1]]
        _control(m, "[data-role=listen]").click()
        assert _overlay(m, listen)[1] == msg["listenResume"]
        _control(m, "[data-role=listen-stop]").click()
        assert _overlay(m, speaking) == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "overlay-firefox-fr.png").write_bytes(m.screenshot(format="binary", full=False))


def test_arabic_ui_is_right_to_left_in_firefox(tmp_path, backend, pages):
    msg = _messages("ar")
    with firefox_with_extension(tmp_path, locale="ar") as (m, ext_uuid):
        _set_backend(m, ext_uuid, backend.url)
        assert m.execute_script("return [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
        assert m.title == msg["optionsTitle"]
        m.navigate(pages.url("cluttered_news.html"))
        with m.using_context("chrome"):
            m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
        _wait_for(m, OVERLAY_STATE, lambda s: s and s["items"])
        assert _overlay(m, "return root.querySelector('.backdrop').getAttribute('dir');") == "rtl"
        assert _overlay(m, "return getComputedStyle(root.querySelector('.toolbar')).direction;") == "rtl"
        assert _overlay(m, "return root.querySelector('.summary-box h2').textContent;") == msg["summaryHeading"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "overlay-firefox-ar.png").write_bytes(m.screenshot(format="binary", full=False))
