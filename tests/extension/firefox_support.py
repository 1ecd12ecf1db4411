"""Firefox ESR with the extension, driven through Marionette (no geckodriver needed), and the
helpers the Firefox tests share: the toolbar click, the overlay's state and its controls."""

from __future__ import annotations

import gc
import json
import time
import uuid
from contextlib import contextmanager

from browser_support import EXTENSION, FIREFOX, require_binary
from support import free_port

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
    # a port of its own: on Marionette's default (2828) two test runs on one machine drove each
    # other's browser, and every navigation waited out the 300 s page-load limit
    m = Marionette(bin=FIREFOX, headless=True, gecko_log=str(tmp_path / "gecko.log"), prefs=prefs,
                   port=free_port())
    m.start_session()
    m.timeout.page_load = 60  # a page of 127.0.0.1 that has not loaded in a minute will not
    try:
        Addons(m).install(str(EXTENSION), temp=True)
        yield m, ext_uuid
    finally:
        m.cleanup()
        del m
        gc.collect()


def trigger_action(m) -> None:
    """The toolbar button's click, from the browser's chrome (the action runs in the background:
    wait for what it shows)."""
    with m.using_context("chrome"):
        m.execute_script(TRIGGER_ACTION, script_args=[GECKO_ID])


def wait_for(m, script, predicate, timeout=60):
    """Run `script` in the page until `predicate` holds for its result; that result."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = m.execute_script(script)
        if predicate(state):
            return state
        time.sleep(0.25)
    raise AssertionError(f"timed out; last state: {state}")


def overlay(m, body, *args):
    """Run `body` in the page with `root` bound to the overlay's shadow root."""
    return m.execute_script("const root = document.getElementById('distill-root').shadowRoot; " + body,
                            script_args=list(args))


def control(m, selector):
    """One of the overlay's controls, for Marionette's element click: a user's (trusted) click,
    where a script's click() would be ignored by the overlay as a page's."""
    return m.execute_script("return document.getElementById('distill-root').shadowRoot.querySelector(arguments[0])",
                            script_args=[selector])


def set_backend(m, ext_uuid, url) -> None:
    """Point the extension at `url`, from its options page (where browser.storage is); the
    options page stays open."""
    m.navigate(f"moz-extension://{ext_uuid}/options.html")
    m.execute_async_script(
        "const [url, done] = arguments; browser.storage.local.set({backendUrl: url}).then(done);",
        script_args=[url], sandbox=None)
