"""Servers and helpers for the real-browser tests of the extension.

Pages are served from http://localhost:PORT and the backend from http://127.0.0.1:PORT, so the
extension's host permission (127.0.0.1 only) never covers the pages: the toolbar path must work
through activeTab alone, as it does for users.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from support import FIXTURES
from werkzeug.serving import make_server

from distill.config import Settings
from distill.server.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
ARTIFACTS = ROOT / "artifacts" / "screenshots"
STRICT_CSP = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'"
CHROMIUM = "/usr/bin/chromium"
FIREFOX = "/usr/bin/firefox-esr"

# The overlay's host element (its UI lives in the host's shadow root, which Playwright's CSS
# selectors pierce), its parts the tests look at, and the block picker's host.
OVERLAY = "#distill-root"
SUMMARY_ITEMS = f"{OVERLAY} [data-role=summary] li"
READER = f"{OVERLAY} [data-role=reader]"
ERROR = f"{OVERLAY} [data-role=error]"
PICKER = "#distill-picker"


def messages(locale: str) -> dict[str, str]:
    """The extension's UI strings in `locale`, by message name."""
    data = json.loads((EXTENSION / "_locales" / locale / "messages.json").read_text(encoding="utf-8"))
    return {key: value["message"] for key, value in data.items()}


def require_binary(path: str) -> str:
    """Browser tests must run, not skip: a missing browser is a failed set-up."""
    if not Path(path).exists() and not shutil.which(path):
        raise RuntimeError(f"{path} is missing: run ./scripts/test, which installs it")
    return path


class PageServer:
    """Static pages on localhost; CSP on every page unless its name starts with 'nocsp-'."""

    def __init__(self, directory: Path = FIXTURES):
        directory = str(directory)

        class Handler(SimpleHTTPRequestHandler):
            def __init__(self, *a, **k):
                super().__init__(*a, directory=directory, **k)

            def end_headers(self):
                if not self.path.lstrip("/").startswith("nocsp-"):
                    self.send_header("Content-Security-Policy", STRICT_CSP)
                super().end_headers()

            def translate_path(self, path):
                return super().translate_path(path.replace("/nocsp-", "/", 1))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://localhost:{self.port}/{name}"

    def close(self):
        self.httpd.shutdown()


class Backend:
    """The real Distill app on 127.0.0.1 in a thread, counting summarize requests."""

    def __init__(self, settings: Settings | None = None):
        self.app = create_app(settings or Settings(warm_model=False))
        self.requests = 0
        self.origins: list[str] = []
        self.delay_s = 0.0  # a slow backend, to see the loading state
        inner = self.app.wsgi_app

        def counting(environ, start_response):
            if environ.get("PATH_INFO") == "/api/v1/summarize" and environ.get("REQUEST_METHOD") == "POST":
                self.requests += 1
                self.origins.append(environ.get("HTTP_ORIGIN", ""))
                time.sleep(self.delay_s)
            return inner(environ, start_response)

        self.app.wsgi_app = counting
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@contextmanager
def chromium_with_extension(playwright, profile_dir: Path, *, language: str | None = None,
                            viewport: tuple[int, int] = (1100, 760)):
    """Chromium with the extension loaded. `language` sets the browser's UI language the way
    it works on Linux (the LANGUAGE environment variable; --lang is ignored there)."""
    require_binary(CHROMIUM)
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--enable-unsafe-extension-debugging",
            f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"]
    env = {**os.environ, "LANGUAGE": language} if language else None
    ctx = playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=CHROMIUM, headless=True, args=args, env=env,
        viewport={"width": viewport[0], "height": viewport[1]})
    try:
        worker = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker")
        yield ctx, worker, worker.url.split("/")[2]
    finally:
        ctx.close()


def use_backend(worker, url: str) -> None:
    """Point the extension at the backend at `url`, where the options page would keep it."""
    worker.evaluate("(url) => chrome.storage.local.set({backendUrl: url})", url)


def trigger_action(ctx, ext_id: str, page) -> None:
    """A real toolbar click: fires action.onClicked with the tab and grants activeTab."""
    cdp = ctx.browser.new_browser_cdp_session()
    try:
        tabs = cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        target = next(t for t in tabs if t["url"] == page.url)
        page.bring_to_front()
        cdp.send("Extensions.triggerAction", {"id": ext_id, "targetId": target["targetId"]})
    finally:
        cdp.detach()


def open_page(ctx, url: str):
    """A new tab on `url`."""
    page = ctx.new_page()
    page.goto(url)
    return page


def show_reader(ctx, ext_id: str, page, timeout: int = 60000) -> None:
    """The toolbar click on `page`, then the reader view's first summary sentence."""
    trigger_action(ctx, ext_id, page)
    page.locator(SUMMARY_ITEMS).first.wait_for(timeout=timeout)


def open_reader(ctx, ext_id: str, url: str, timeout: int = 60000):
    """A new tab on `url` with the reader view open on it, its summary shown."""
    page = open_page(ctx, url)
    show_reader(ctx, ext_id, page, timeout)
    return page


def open_pdf_reader(ctx, ext_id: str, url: str):
    """The toolbar click on a PDF's tab, which opens the reader view in an extension page of its
    own: (the PDF's tab, that page, loaded)."""
    page = open_page(ctx, url)
    page.wait_for_timeout(500)
    with ctx.expect_page(lambda p: "/reader.html#" in p.url, timeout=60000) as opened:
        trigger_action(ctx, ext_id, page)
    reader = opened.value
    reader.wait_for_load_state()
    return page, reader


def listen_settled(page) -> None:
    """Wait for the Listen button to hear from the speech engine (it is disabled until the engine
    lists its voices): enabled, or marked as having no voice, so the overlay no longer changes."""
    page.locator(f"{OVERLAY} [data-role=listen][data-voice], {OVERLAY} [data-role=listen]:enabled").wait_for()


def in_content_world(worker, page, func: str, arg=None):
    """Run `func` (JS function source taking one argument) in the extension's isolated world of
    `page`, where the overlay's scripts live (the page's own JS cannot reach them). Needs the
    activeTab grant a trigger_action gave. Returns the function's (JSON) result."""
    return worker.evaluate(f"""async ([url, arg]) => {{
        const tab = (await chrome.tabs.query({{}})).find(t => t.url === url);
        const [first] = await chrome.scripting.executeScript({{target: {{tabId: tab.id}}, func: {func}, args: [arg]}});
        return first.result; }}""", [page.url, arg])


def overlay_eval(page, body: str, arg=None):
    """Evaluate JS with `root` bound to the overlay's shadow root."""
    return page.evaluate(f"(arg) => {{ const root = document.getElementById('distill-root').shadowRoot; {body} }}", arg)


def choose(select, value: str) -> None:
    """Choose an option of one of the overlay's selects with the keyboard, as a user does:
    select_option() sets it from a script, whose events the overlay ignores as a page's."""
    values = select.evaluate("(s) => [...s.options].map((o) => o.value)")
    steps = values.index(value) - values.index(select.input_value())
    select.focus()
    for _ in range(abs(steps)):
        select.press("ArrowDown" if steps > 0 else "ArrowUp")
    if select.input_value() != value:
        raise AssertionError(f"the select shows {select.input_value()!r}, not {value!r}")
