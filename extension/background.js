// Distill's background: the service worker in Chrome, the event page in Firefox (same file).
// It injects the overlay, fetches the backend (a content-script fetch would be subject to the
// page's CORS) and hands the answer back to the overlay. No state lives here between events:
// settings are read from chrome.storage each time, so a restarted worker behaves the same.
// It also opens the reader view by itself on the hosts the user chose ("always open"): those
// hosts' pages are visible to it only once the user granted their optional host permission.
/* global loadSettings, saveSettings, OVERLAY_SETTINGS, originPattern, hostOf, alwaysOpens */

if (typeof importScripts === "function") {
  importScripts("settings.js"); // Chrome's service worker; Firefox loads it from the manifest
}

const MENU_ID = "summarize-selection";
const REQUEST_TIMEOUT_MS = 60000;
const OVERLAY_FILES = ["speech.js", "export.js", "content.js"];
const t = (key, subs) => chrome.i18n.getMessage(key, subs);

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
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!message || !sender.tab) return false; // only the overlay, in a tab, talks to the worker
  if (message.type === "distill:open-options") {
    chrome.runtime.openOptionsPage();
    return false;
  }
  const handlers = { "distill:save-setting": saveOverlaySetting, "distill:always-open": setAlwaysOpen };
  const handler = handlers[message.type];
  if (!handler) return false;
  handler(message, sender.tab).then(sendResponse, (err) => {
    console.error("Distill:", err);
    sendResponse({ ok: false });
  });
  return true; // the answer comes asynchronously
});
chrome.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
  // tab.url is only visible for pages whose host the user granted: no grant, no auto-open
  if (changeInfo.status !== "complete" || !tab.url) return;
  autoOpen(tab).catch((err) => console.error("Distill:", err));
});

/** Browser pages (chrome://, the web stores, PDFs) cannot be scripted: say so on the button. */
function cannotRead(tab, err) {
  console.error("Distill:", err);
  if (!tab || tab.id === undefined) return;
  chrome.action.setBadgeBackgroundColor({ tabId: tab.id, color: "#c5221f" });
  chrome.action.setBadgeText({ tabId: tab.id, text: "!" });
  chrome.action.setTitle({ tabId: tab.id, title: t("actionCannotRead") });
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
  await exec({ target: { tabId }, files: OVERLAY_FILES });
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

/** A page of an "always open" host finished loading: open the reader view on it. */
async function autoOpen(tab) {
  const settings = await loadSettings();
  if (!alwaysOpens(settings, tab.url)) return "skipped";
  if (!(await chrome.permissions.contains({ origins: [originPattern(tab.url)] }))) return "no-permission";
  const page = await runInTab(tab.id, () => globalThis.__distill.openPage());
  if (!page) return "already-open";
  return summarizeInto(tab.id, { html: page.html, url: page.url }, "page", settings);
}

/** The overlay's own settings (reading speed, what Listen reads), checked before they are kept. */
async function saveOverlaySetting(message) {
  const check = OVERLAY_SETTINGS[message.key];
  if (!check || !check(message.value)) return { ok: false };
  await saveSettings({ [message.key]: message.value });
  return { ok: true };
}

/**
 * The overlay's "always open on this site" toggle. Turning it on needs the host's permission,
 * which only a click in an extension page can ask for: without it the options page opens on
 * that request, and the host is added there once the user allows it.
 */
async function setAlwaysOpen(message, tab) {
  const host = hostOf(message.url);
  if (!host || host !== hostOf(tab.url || message.url)) return { ok: false };
  const settings = await loadSettings();
  const others = settings.alwaysOpenHosts.filter((h) => h !== host);
  if (!message.on) {
    await saveSettings({ alwaysOpenHosts: others });
    return { ok: true, on: false };
  }
  const origins = [originPattern(message.url)];
  if (!(await chrome.permissions.contains({ origins }))) {
    const ask = `options.html?always=${encodeURIComponent(new URL(message.url).origin)}`;
    await chrome.tabs.create({ url: chrome.runtime.getURL(ask), index: tab.index + 1 });
    return { ok: false, needsPermission: true };
  }
  await saveSettings({ alwaysOpenHosts: [...others, host] });
  return { ok: true, on: true };
}

async function summarizeInto(tabId, body, mode, known = null) {
  const settings = known || (await loadSettings());
  if (settings.summaryLength > 0) {
    body.sentences = settings.summaryLength;
  }
  let outcome;
  try {
    outcome = { ok: true, data: await callBackend(settings, body) };
  } catch (err) {
    outcome = { ok: false, error: describeError(err, settings) };
  }
  const view = { theme: settings.theme, fontSize: settings.fontSize, mode, speechRate: settings.speechRate,
    listenScope: settings.listenScope, alwaysOpen: mode === "page" && alwaysOpens(settings, body.url || "") };
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

/** What the user reads when something goes wrong (in the UI's language), and whether the options page can fix it. */
function describeError(err, settings) {
  const status = err.status || 0;
  const backend = settings.backendUrl;
  if (err.kind === "unreachable") {
    return { kind: "unreachable", fixInOptions: true, message: t("errorUnreachable", [backend]) };
  }
  if (err.kind === "timeout") {
    return { kind: "timeout", fixInOptions: false,
      message: t("errorTimeout", [backend, String(REQUEST_TIMEOUT_MS / 1000)]) };
  }
  if (status === 401 || status === 403) {
    return { kind: "unauthorized", fixInOptions: true,
      message: t(settings.apiToken ? "errorTokenRefused" : "errorTokenNeeded") };
  }
  if (status === 413) {
    return { kind: "too-large", fixInOptions: false, message: t("errorTooLarge") };
  }
  if (status === 422) {
    return { kind: "no-article", fixInOptions: false, message: t("errorNoArticle") };
  }
  if (status === 429) {
    return { kind: "rate-limited", fixInOptions: false,
      message: err.retryAfter ? t("errorRateLimitedIn", [String(err.retryAfter)]) : t("errorRateLimited") };
  }
  // the server's own words (a diagnostic for its administrator) follow the translated sentence
  const detail = err.message ? ` (${err.message})` : "";
  return { kind: "backend-error", fixInOptions: false,
    message: `${status ? t("errorBackendStatus", [String(status)]) : t("errorBackend")}${detail}` };
}
