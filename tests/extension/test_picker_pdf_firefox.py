"""The picker and PDFs in Firefox ESR (Marionette): "Not the article?" takes the block the user
widens to with the keys, and a PDF in Firefox's own viewer (pdf.js, where no content script runs:
the worker fetches the bytes) opens the reader view in an extension page."""

from __future__ import annotations

import time

import pytest
from browser_support import ARTIFACTS
from firefox_support import OVERLAY_STATE, control, set_backend, trigger_action, wait_for
from marionette_driver.by import By
from marionette_driver.keys import Keys

pytestmark = [pytest.mark.browser, pytest.mark.model]


def _press(m, key):
    m.actions.sequence("key", "keyboard").key_down(key).key_up(key).perform()


def test_picker_in_firefox(firefox, backend, site):
    m, ext_uuid = firefox
    set_backend(m, ext_uuid, backend.url)
    m.navigate(site.url("harbour.html"))
    trigger_action(m)
    state = wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
    assert "Lighthouse" not in state["reader"]
    # the user's own pointer and keys (WebDriver actions): the picker ignores a script's events
    control(m, "[data-role=pick]").click()
    wait_for(m, "return Boolean(document.getElementById('distill-picker'))", bool, timeout=10)
    note = m.find_element(By.CSS_SELECTOR, "aside .note-2")
    m.execute_script("arguments[0].scrollIntoView({block: 'center'})", script_args=[note])
    m.actions.sequence("pointer", "mouse", {"pointerType": "mouse"}).pointer_move(0, 0, origin=note).perform()
    _press(m, Keys.ARROW_UP)
    tag = m.execute_script("return document.getElementById('distill-picker').shadowRoot"
                           ".querySelector('[data-role=picker-box]').dataset.tag")
    assert tag == "aside"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "picker-firefox.png").write_bytes(m.screenshot(format="binary", full=False))
    before = backend.requests
    _press(m, Keys.ENTER)
    state = wait_for(m, OVERLAY_STATE, lambda s: s and s["items"] and "Lighthouse" in s["reader"])
    assert "Paragraph 3" not in state["reader"] and backend.requests == before + 1


def test_pdf_in_firefox(firefox, backend, site):
    m, ext_uuid = firefox
    set_backend(m, ext_uuid, backend.url)
    m.navigate(f"http://127.0.0.1:{site.port}/mill.pdf")  # the backend's host: no permission prompt
    time.sleep(1)
    handles = set(m.window_handles)
    trigger_action(m)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and set(m.window_handles) == handles:
        time.sleep(0.25)
    (reader,) = set(m.window_handles) - handles
    m.switch_to_window(reader)
    state = wait_for(m, OVERLAY_STATE, lambda s: s and (s["items"] or s["error"]))
    assert state["error"] is None, state["error"]
    assert "for 46 years" in state["reader"] and "Quarterly Review" not in state["reader"]
    assert "/reader.html#" in m.get_url()
    (ARTIFACTS / "pdf-reader-firefox.png").write_bytes(m.screenshot(format="binary", full=False))
