"""Listen, in real Chromium: the summary or the whole article read aloud sentence by sentence
with speechSynthesis, the sentence being read highlighted and in view, pause/resume/stop and a
remembered speed; where the browser has no voice, the button says so.

Headless Chromium here has no speech voices, so the reading itself runs against a stand-in
speechSynthesis installed in the extension's isolated world of the test page only (the page's
own JS cannot reach that world, so a main-world stub would not be seen)."""

from __future__ import annotations

import pytest
from browser_support import (
    ARTIFACTS,
    OVERLAY,
    SUMMARY_ITEMS,
    choose,
    in_content_world,
    open_page,
    open_reader,
    overlay_eval,
    show_reader,
    trigger_action,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.model]

LISTEN = f"{OVERLAY} [data-role=listen]"

# A speechSynthesis that records what it is asked and ends an utterance when the test says so.
FAKE_ENGINE = """(voices) => {
    class FakeUtterance extends EventTarget {
        constructor(text) { super(); this.text = text; this.lang = ''; this.rate = 1; this.voice = null; }
    }
    const engine = new EventTarget();
    const state = {log: [], current: null};
    engine.getVoices = () => voices;
    engine.speak = (u) => { state.current = u;
        state.log.push({op: 'speak', text: u.text, lang: u.lang, rate: u.rate, voice: u.voice ? u.voice.name : null}); };
    engine.pause = () => state.log.push({op: 'pause'});
    engine.resume = () => state.log.push({op: 'resume'});
    engine.cancel = () => { state.log.push({op: 'cancel'}); state.current = null; };
    globalThis.__fake = {
        log: () => state.log,
        end: () => { const u = state.current; state.current = null; if (u) u.dispatchEvent(new Event('end')); return !!u; },
    };
    globalThis.SpeechSynthesisUtterance = FakeUtterance;
    Object.defineProperty(globalThis, 'speechSynthesis', {value: engine, configurable: true, writable: true});
    return true;
}"""
NO_ENGINE = """() => { Object.defineProperty(globalThis, 'speechSynthesis', {value: undefined, configurable: true,
    writable: true}); return true; }"""
IN_VIEW = """const s = root.querySelector('.content span.speaking').getBoundingClientRect();
    const box = root.querySelector('.scroll').getBoundingClientRect();
    return s.top >= box.top && s.bottom <= box.bottom;"""
VOICES = [{"name": "Alex", "lang": "en-US", "default": True, "localService": True},
          {"name": "Amélie", "lang": "fr-FR", "default": False, "localService": True}]


def _reopen_with(ctx, worker, ext_id, page, stub, arg=None):
    """The first click grants activeTab and creates the isolated world; the stub goes in there,
    then the reader view opens again on top of it."""
    show_reader(ctx, ext_id, page)
    page.keyboard.press("Escape")
    assert in_content_world(worker, page, stub, arg)
    show_reader(ctx, ext_id, page)


def _log(worker, page):
    return in_content_world(worker, page, "() => globalThis.__fake.log()")


def _end(worker, page):
    return in_content_world(worker, page, "() => globalThis.__fake.end()")


def _speaking(page):
    return overlay_eval(page, """return {items: [...root.querySelectorAll('[data-role=summary] li.speaking')].map(e => e.dataset.sentence),
        spans: [...new Set([...root.querySelectorAll('.content span.speaking')].map(e => e.dataset.sentence))]};""")


def test_without_a_voice_the_button_says_so(browser, pages):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
    button = page.locator(LISTEN)
    # this browser's own engine: the button follows what it reports
    voices = in_content_world(worker, page, """() => new Promise(r => { const s = speechSynthesis;
        if (s.getVoices().length) return r(s.getVoices().length);
        s.addEventListener('voiceschanged', () => r(s.getVoices().length)); setTimeout(() => r(s.getVoices().length), 2000); })""")
    if voices == 0:
        expect(button).to_be_disabled()
        expect(button).to_contain_text("No voice")
        assert "no speech voice" in button.get_attribute("title")
        description = overlay_eval(page, "return root.getElementById('distill-voice-note').textContent;")
        assert "no speech voice installed" in description
    else:
        expect(button).to_be_enabled()

    # an engine with no voice at all, and a browser without speechSynthesis
    page.keyboard.press("Escape")
    in_content_world(worker, page, FAKE_ENGINE, [])
    trigger_action(ctx, ext_id, page)
    expect(button).to_contain_text("No voice", timeout=60000)
    expect(button).to_be_disabled()
    page.keyboard.press("Escape")
    in_content_world(worker, page, NO_ENGINE)
    trigger_action(ctx, ext_id, page)
    expect(button).to_contain_text("No voice", timeout=60000)
    assert "no speech synthesis" in button.get_attribute("title")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator(f"{OVERLAY} [data-role=toolbar]").screenshot(path=str(ARTIFACTS / "listen-no-voice.png"))


def test_reads_the_summary_sentence_by_sentence_with_controls(browser, pages):
    ctx, worker, ext_id = browser
    page = open_page(ctx, pages.url("french_news.html"))
    _reopen_with(ctx, worker, ext_id, page, FAKE_ENGINE, VOICES)
    button = page.locator(LISTEN)
    expect(button).to_be_enabled()
    expect(button).to_have_attribute("title", "Read the summary aloud")
    summary = page.locator(SUMMARY_ITEMS)
    ids = summary.evaluate_all("els => els.map(e => e.dataset.sentence)")
    texts = summary.all_inner_texts()
    assert len(ids) >= 2

    button.click()
    first = _log(worker, page)[-1]
    assert first == {"op": "speak", "text": texts[0], "lang": "fr", "rate": 1, "voice": "Amélie"}
    assert _speaking(page) == {"items": [ids[0]], "spans": [ids[0]]}
    expect(button).to_contain_text("Pause")
    expect(button).to_have_attribute("aria-pressed", "true")

    assert _end(worker, page)  # the first sentence is read: the next one starts, and is marked
    assert _log(worker, page)[-1]["text"] == texts[1]
    assert _speaking(page) == {"items": [ids[1]], "spans": [ids[1]]}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "listen-speaking.png"))

    button.click()
    assert _log(worker, page)[-1] == {"op": "pause"}
    expect(button).to_contain_text("Resume")
    button.click()
    assert _log(worker, page)[-1] == {"op": "resume"}
    expect(button).to_contain_text("Pause")

    # a new speed applies to the sentence being read, and is remembered
    choose(page.locator(f"{OVERLAY} [data-role=speed]"), "1.5")  # one step at a time: 1.25, then 1.5
    log = _log(worker, page)
    assert log[-2] == {"op": "cancel"}
    assert log[-1]["text"] == texts[1] and log[-1]["rate"] == 1.5
    assert worker.evaluate("chrome.storage.sync.get('speechRate')") == {"speechRate": 1.5}

    page.locator(f"{OVERLAY} [data-role=listen-stop]").click()
    assert _log(worker, page)[-1] == {"op": "cancel"}
    assert _speaking(page) == {"items": [], "spans": []}
    expect(button).to_contain_text("Listen")
    expect(page.locator(f"{OVERLAY} [data-role=listen-stop]")).to_be_disabled()

    # to the end: the last sentence read, nothing stays marked
    button.click()
    while _end(worker, page):
        pass
    speaks = [e["text"] for e in _log(worker, page) if e["op"] == "speak"]
    assert speaks[-len(texts):] == texts
    assert _speaking(page) == {"items": [], "spans": []}
    expect(button).to_contain_text("Listen")

    # the speed is there when the reader view opens again; closing it stops the reading
    page.keyboard.press("Escape")
    trigger_action(ctx, ext_id, page)
    expect(page.locator(f"{OVERLAY} [data-role=speed]")).to_have_value("1.5", timeout=60000)
    expect(button).to_be_enabled()
    button.click()
    page.keyboard.press("Escape")
    assert _log(worker, page)[-1] == {"op": "cancel"}


def test_reads_the_whole_article_and_keeps_the_sentence_in_view(browser, pages):
    ctx, worker, ext_id = browser
    page = ctx.new_page()
    page.set_viewport_size({"width": 900, "height": 420})  # most of the article out of view
    page.goto(pages.url("german_news.html"))  # no German voice: the default voice reads it
    _reopen_with(ctx, worker, ext_id, page, FAKE_ENGINE, VOICES)
    button = page.locator(LISTEN)
    expect(button).to_be_enabled()
    assert "No voice for de" in button.get_attribute("title")
    choose(page.locator(f"{OVERLAY} [data-role=listen-scope]"), "article")
    assert worker.evaluate("chrome.storage.sync.get('listenScope')") == {"listenScope": "article"}
    all_ids = overlay_eval(page, """return [...new Set([...root.querySelectorAll('.content span[data-sentence]')]
        .map(e => Number(e.dataset.sentence)))].sort((a, b) => a - b);""")
    last_in_view = overlay_eval(page, IN_VIEW.replace("span.speaking", f'span[data-sentence="{all_ids[-1]}"]'))
    assert not last_in_view
    button.click()
    first = _log(worker, page)[-1]
    assert first["lang"] == "de" and first["voice"] is None
    seen = []
    for _ in range(len(all_ids)):
        spans = _speaking(page)["spans"]
        seen.append(int(spans[0]))
        page.wait_for_function(f"() => {{ const root = document.getElementById('distill-root').shadowRoot; {IN_VIEW} }}", timeout=5000)
        _end(worker, page)
    assert seen == all_ids
    assert len(seen) > len(page.locator(SUMMARY_ITEMS).all())
