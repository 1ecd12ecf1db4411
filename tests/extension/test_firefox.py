"""The same toolbar flow in Firefox ESR, through Marionette (no geckodriver needed)."""

from __future__ import annotations

import time

import pytest
from browser_support import ARTIFACTS, messages
from firefox_support import (
    OVERLAY_STATE,
    control,
    firefox_with_extension,
    overlay,
    set_backend,
    trigger_action,
    wait_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.model]


def test_toolbar_flow_in_firefox(firefox, backend, pages):
    m, ext_uuid = firefox
    set_backend(m, ext_uuid, backend.url)

    m.navigate(pages.url("cluttered_news.html"))
    before = backend.requests
    trigger_action(m)
    state = wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
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
    overlay(m, "root.querySelector('[data-role=length] button:last-child').click();")
    assert len(m.execute_script(OVERLAY_STATE)["items"]) == len(state["items"])
    control(m, "[data-role=length] button:last-child").click()
    assert len(m.execute_script(OVERLAY_STATE)["items"]) == len(state["items"]) + 1
    assert backend.requests == before + 1

    # and the toolbar button closes it again
    trigger_action(m)
    wait_for(m, OVERLAY_STATE, lambda s: s is None, timeout=10)


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
    msg = messages("fr")
    with firefox_with_extension(tmp_path, locale="fr") as (m, ext_uuid):
        set_backend(m, ext_uuid, backend.url)
        assert m.execute_script("return browser.i18n.getUILanguage()", sandbox=None) == "fr"
        assert m.title == msg["optionsTitle"]
        page_url = pages.url("cluttered_news.html")
        m.navigate(page_url)
        trigger_action(m)
        state = wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
        assert state["error"] is None, state["error"]
        summary = state["items"]

        # French everywhere, and no voice in headless Firefox: the button says so
        listen = "const b = root.querySelector('[data-role=listen]'); return [b.disabled, b.textContent.trim(), b.title];"
        deadline = time.monotonic() + 10
        while overlay(m, listen)[1] != msg["listenNoVoice"] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert overlay(m, listen) == [True, msg["listenNoVoice"], msg["listenNoVoiceHelp"]]
        assert overlay(m, "return root.querySelector('.summary-box h2').textContent;") == msg["summaryHeading"]
        assert overlay(m, "return root.querySelector('[data-role=menu] summary').textContent;").startswith(msg["menuLabel"])

        # the two files, downloaded for real
        control(m, "[data-role=menu] summary").click()
        control(m, "[data-role=download-markdown]").click()
        md = _wait_file(tmp_path / "downloads", ".md").read_text(encoding="utf-8")
        assert md.startswith("# Harbor city approves floating solar farm on old reservoir\n")
        assert f"## {msg['summaryHeading']}\n\n" + "\n".join(f"- {s}" for s in summary) in md
        assert f"## {msg['exportArticle']}" in md and "floating solar panels" in md and "Taboola" not in md
        control(m, "[data-role=menu] summary").click()
        control(m, "[data-role=download-html]").click()
        html = _wait_file(tmp_path / "downloads", ".html").read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "<img" not in html and "<script" not in html
        assert all(s.replace("'", "&#39;") in html or s in html for s in summary)

        # Listen, sentence by sentence, with a stand-in engine in the content-script world
        voices = [{"name": "Alex", "lang": "en-US", "default": True, "localService": True}]
        assert _in_content_world(m, ext_uuid, page_url, FAKE_ENGINE, voices) is True
        # closed, then opened again on the stand-in (each awaited: the action runs in the
        # background, and the old overlay would otherwise pass for the new one)
        trigger_action(m)
        wait_for(m, OVERLAY_STATE, lambda s: s is None, timeout=10)
        trigger_action(m)
        wait_for(m, OVERLAY_STATE, lambda s: s and s["items"])
        deadline = time.monotonic() + 10
        while overlay(m, listen)[0] and time.monotonic() < deadline:
            time.sleep(0.2)
        control(m, "[data-role=listen]").click()
        speaking = "return [...root.querySelectorAll('[data-role=summary] li.speaking')].map(e => e.textContent);"
        assert overlay(m, speaking) == [summary[0]]
        log = _in_content_world(m, ext_uuid, page_url, "() => globalThis.__fake.log()")
        assert log[-1] == {"op": "speak", "text": summary[0], "lang": "en", "voice": "Alex"}
        assert _in_content_world(m, ext_uuid, page_url, "() => globalThis.__fake.end()") is True
        assert overlay(m, speaking) == [summary[1]]
        control(m, "[data-role=listen]").click()
        assert overlay(m, listen)[1] == msg["listenResume"]
        control(m, "[data-role=listen-stop]").click()
        assert overlay(m, speaking) == []
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "overlay-firefox-fr.png").write_bytes(m.screenshot(format="binary", full=False))


def test_arabic_ui_is_right_to_left_in_firefox(tmp_path, backend, pages):
    msg = messages("ar")
    with firefox_with_extension(tmp_path, locale="ar") as (m, ext_uuid):
        set_backend(m, ext_uuid, backend.url)
        assert m.execute_script("return [document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
        assert m.title == msg["optionsTitle"]
        m.navigate(pages.url("cluttered_news.html"))
        trigger_action(m)
        wait_for(m, OVERLAY_STATE, lambda s: s and s["items"])
        assert overlay(m, "return root.querySelector('.backdrop').getAttribute('dir');") == "rtl"
        assert overlay(m, "return getComputedStyle(root.querySelector('.toolbar')).direction;") == "rtl"
        assert overlay(m, "return root.querySelector('.summary-box h2').textContent;") == msg["summaryHeading"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "overlay-firefox-ar.png").write_bytes(m.screenshot(format="binary", full=False))
