"""The same toolbar flow in Firefox ESR, through Marionette (no geckodriver needed)."""

from __future__ import annotations

import gc
import json
import time
import uuid

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


@pytest.fixture
def firefox(tmp_path):
    from marionette_driver.addons import Addons
    from marionette_driver.marionette import Marionette

    require_binary(FIREFOX)
    ext_uuid = str(uuid.uuid4())
    m = Marionette(bin=FIREFOX, headless=True, gecko_log=str(tmp_path / "gecko.log"),
                   prefs={"extensions.webextensions.uuids": json.dumps({GECKO_ID: ext_uuid}),
                          "network.proxy.type": 0, "extensions.autoDisableScopes": 0})
    m.start_session()
    try:
        Addons(m).install(str(EXTENSION), temp=True)
        yield m, ext_uuid
    finally:
        m.cleanup()
        del m
        gc.collect()


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

    # the length control works here too, without a new request
    m.execute_script("document.getElementById('distill-root').shadowRoot"
                     ".querySelector(\"[aria-label='More sentences']\").click()")
    assert len(m.execute_script(OVERLAY_STATE)["items"]) == len(state["items"]) + 1
    assert backend.requests == before + 1

    # and the toolbar button closes it again
    with m.using_context("chrome"):
        m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])
    _wait_for(m, OVERLAY_STATE, lambda s: s is None, timeout=10)
