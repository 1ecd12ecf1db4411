// Distill's background: the service worker in Chrome, the event page in Firefox (same file).
// It injects the overlay, fetches the backend (a content-script fetch would be subject to the
// page's CORS) and hands the answer back to the overlay. No state lives here between events:
// settings are read from chrome.storage each time, so a restarted worker behaves the same.
/* global loadSettings */

if (typeof importScripts === "function") {
  importScripts("settings.js"); // Chrome's service worker; Firefox loads it from the manifest
}

const MENU_ID = "summarize-selection";
const REQUEST_TIMEOUT_MS = 60000;

function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: MENU_ID,
      title: chrome.i18n.getMessage("menuSummarizeSelection"),
      contexts: ["selection"],
    });
  });
}

chrome.runtime.onInstalled.addListener(createMenu);
chrome.runtime.onStartup.addListener(createMenu);
chrome.action.onClicked.addListener((tab) => {
  handleAction(tab).catch((err) => cannotRead(tab, err));
});
chrome.contextMenus.onClicked.addListener((info, tab) => {
  handleMenuClick(info, tab).catch((err) => console.error("Distill:", err));
});
chrome.runtime.onMessage.addListener((message) => {
  if (message && message.type === "distill:open-options") {
    chrome.runtime.openOptionsPage();
  }
});

/** Browser pages (chrome://, the web stores, PDFs) cannot be scripted: say so on the button. */
function cannotRead(tab, err) {
  console.error("Distill:", err);
  if (!tab || tab.id === undefined) return;
  chrome.action.setBadgeBackgroundColor({ tabId: tab.id, color: "#c5221f" });
  chrome.action.setBadgeText({ tabId: tab.id, text: "!" });
  chrome.action.setTitle({ tabId: tab.id, title: "Distill can't read this page (browser pages, stores and PDFs are off limits)" });
}

/**
 * scripting.executeScript, retrying the one error Chromium raises 20-35% of the time right
 * after action.onClicked ("Cannot access contents of the page") although the grant exists.
 */
async function exec(injection, tries = 4) {
  for (let i = 0; ; i++) {
    try {
      return await chrome.scripting.executeScript(injection);
    } catch (err) {
      if (i + 1 >= tries || !/Cannot access contents of the page/.test(String(err && err.message))) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** i));
    }
  }
}

async function runInTab(tabId, func, args = []) {
  await exec({ target: { tabId }, files: ["content.js"] });
  const [first] = await exec({ target: { tabId }, func, args });
  return first ? first.result : undefined;
}

/** Toolbar button and shortcut: open the reader view, or close it if it is open. */
async function handleAction(tab) {
  chrome.action.setBadgeText({ tabId: tab.id, text: "" });
  const page = await runInTab(tab.id, () => globalThis.__distill.toggle());
  if (!page || page.closed) {
    return "closed";
  }
  return summarizeInto(tab.id, { html: page.html, url: page.url }, "page");
}

/** Context menu: summarize the selected text in the compact overlay. */
async function handleMenuClick(info, tab) {
  if (info.menuItemId !== MENU_ID) {
    return "ignored";
  }
  // The menu's selectionText loses paragraph breaks; the page's own selection keeps them.
  const selected = await runInTab(tab.id, () => globalThis.__distill.openSelection());
  const text = (selected && selected.trim()) || (info.selectionText || "").trim();
  return summarizeInto(tab.id, { text, title: tab.title || undefined }, "selection");
}

async function summarizeInto(tabId, body, mode) {
  const settings = await loadSettings();
  if (settings.summaryLength > 0) {
    body.sentences = settings.summaryLength;
  }
  let outcome;
  try {
    outcome = { ok: true, data: await callBackend(settings, body) };
  } catch (err) {
    outcome = { ok: false, error: describeError(err, settings) };
  }
  const view = { theme: settings.theme, fontSize: settings.fontSize, mode };
  await runInTab(tabId, (result, options) => globalThis.__distill.render(result, options), [outcome, view]);
  return outcome.ok ? "shown" : outcome.error.kind;
}

class BackendError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

async function callBackend(settings, body) {
  const headers = { "Content-Type": "application/json" };
  if (settings.apiToken) {
    headers.Authorization = `Bearer ${settings.apiToken}`;
  }
  let response;
  try {
    response = await fetch(`${settings.backendUrl}/api/v1/summarize`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    if (err && (err.name === "TimeoutError" || err.name === "AbortError")) {
      throw new BackendError("timeout", "");
    }
    throw new BackendError("unreachable", String(err && err.message));
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    payload = null;
  }
  if (!response.ok) {
    const message = payload && payload.error && payload.error.message;
    const error = new BackendError(`http-${response.status}`, message || response.statusText, response.status);
    error.retryAfter = Number(response.headers.get("Retry-After")) || 0;
    throw error;
  }
  return payload;
}

/** What the user reads when something goes wrong, and whether the options page can fix it. */
function describeError(err, settings) {
  const status = err.status || 0;
  const backend = settings.backendUrl;
  if (err.kind === "unreachable") {
    return { kind: "unreachable", fixInOptions: true,
      message: `Can't reach the Distill backend at ${backend}. Is it running? Start it with ./scripts/serve, or set its address in the options.` };
  }
  if (err.kind === "timeout") {
    return { kind: "timeout", fixInOptions: false,
      message: `The Distill backend at ${backend} did not answer within ${REQUEST_TIMEOUT_MS / 1000} seconds. Try again in a moment.` };
  }
  if (status === 401 || status === 403) {
    return { kind: "unauthorized", fixInOptions: true,
      message: settings.apiToken
        ? "The Distill server refused your API token (it may have been revoked). Check it in the options, or ask the server's administrator for a new one."
        : "This Distill server needs an API token. Ask its administrator for one and paste it in the options." };
  }
  if (status === 413) {
    return { kind: "too-large", fixInOptions: false,
      message: "This page is too large for the backend's request limit." };
  }
  if (status === 422) {
    return { kind: "no-article", fixInOptions: false,
      message: err.message || "No readable article was found on this page." };
  }
  if (status === 429) {
    const wait = err.retryAfter ? `in ${err.retryAfter} seconds` : "in a moment";
    return { kind: "rate-limited", fixInOptions: false,
      message: `You have reached this Distill server's request limit. Try again ${wait}.` };
  }
  return { kind: "backend-error", fixInOptions: false,
    message: `The backend answered ${status || "with an error"}: ${err.message || "unknown error"}` };
}
