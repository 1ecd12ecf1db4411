// Distill's background: the service worker in Chrome, the event page in Firefox (same file).
// It injects the overlay, fetches the backend (a content-script fetch would be subject to the
// page's CORS) and hands the answer back to the overlay. No state lives here between events:
// settings are read from chrome.storage each time, so a restarted worker behaves the same.
// It also opens the reader view by itself on the hosts the user chose ("always open"): those
// hosts' pages are visible to it only once the user granted their optional host permission.
/* global loadSettings, saveSettings, OVERLAY_SETTINGS, originPattern, hostOf, alwaysOpens */
// "Not the article?" (picker.js) sends a block with extract: false; a site rule sends the block
// its selector finds. PDFs (pdf tabs) and multi-page articles are read here too: see pdf and
// following pages below. Their bytes and pages are fetched in the page's own world (same origin,
// the user's cookies, no extra permission) or, where that cannot run (Firefox's PDF viewer),
// by this worker with the page's host permission, asked for at that moment.

if (typeof importScripts === "function") {
  importScripts("settings.js"); // Chrome's service worker; Firefox loads it from the manifest
}

const MENU_ID = "summarize-selection";
const PICK_MENU_ID = "pick-article";
const MAX_FOLLOWING_PAGES = 10;
const REQUEST_TIMEOUT_MS = 60000;
const OVERLAY_FILES = ["speech.js", "export.js", "picker.js", "content.js"];
const t = (key, subs) => chrome.i18n.getMessage(key, subs);

function createMenu() {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: MENU_ID,
      title: chrome.i18n.getMessage("menuSummarizeSelection"),
      contexts: ["selection"],
    });
    chrome.contextMenus.create({
      id: PICK_MENU_ID,
      title: chrome.i18n.getMessage("menuPickArticle"),
      contexts: ["page"],
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
  const answer = handleMessage(message, sender);
  if (answer === "ignored") return false;
  answer.then(sendResponse, (err) => {
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

// ---------------------------------------------------------------- messages
// Who may send a message: this extension's own overlay (its content script, in the top frame of
// a tab) or one of its own pages (the PDF reader page, whose overlay has no web page around it).
const OVERLAY = "overlay";
const EXTENSION_PAGE = "extension-page";
const isString = (value) => typeof value === "string";
const isBoolean = (value) => typeof value === "boolean";
const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isAny = () => true;

// What may be asked of the worker, by message type: the fields each message has besides its
// type (exactly these, each with its check), who may send it, and what it does. The handlers
// check the values' meaning (a known setting, the tab's own host...); nothing else is done for
// anyone. The reader page shows only the error's options button and Listen's settings.
const MESSAGES = {
  "distill:open-options": { from: [OVERLAY, EXTENSION_PAGE], fields: {}, run: openOptions },
  "distill:save-setting": { from: [OVERLAY, EXTENSION_PAGE], fields: { key: isString, value: isAny },
    run: saveOverlaySetting },
  "distill:always-open": { from: [OVERLAY], fields: { url: isString, on: isBoolean }, run: setAlwaysOpen },
  "distill:site-rule": { from: [OVERLAY], fields: { url: isString, selector: isString }, run: saveSiteRule },
  "distill:summarize-block": { from: [OVERLAY], fields: { block: isRecord }, run: summarizeBlock },
  "distill:refocus": { from: [OVERLAY], fields: { query: isString, mode: (v) => v === "page" || v === "selection",
    request: isRecord }, run: refocus },
};

/**
 * A message is obeyed only when it comes from this extension's own overlay or page (see
 * senderKind), its type allows that sender, and it has exactly the fields its type has. Web
 * pages cannot message the extension at all (no externally_connectable); this also refuses any
 * other sender and any malformed message, so nothing a page can make a script send, and no future
 * one, drives it. Returns "ignored", or the promise of the answer.
 */
function handleMessage(message, sender) {
  const kind = senderKind(sender);
  const entry = isWellFormed(message) ? MESSAGES[message.type] : null;
  if (!kind || !entry || !entry.from.includes(kind)) {
    // neither the message nor the sender's address is logged: they may carry a page's content
    console.warn(`Distill: ignored a message (${!kind ? "unknown sender" : !entry ? "malformed" : `not from ${kind}`})`);
    return "ignored";
  }
  return Promise.resolve().then(() => entry.run(message, sender.tab));
}

function senderKind(sender) {
  if (!isRecord(sender) || sender.id !== chrome.runtime.id) return null;
  if (isString(sender.url) && sender.url.startsWith(chrome.runtime.getURL(""))) return EXTENSION_PAGE;
  if (isRecord(sender.tab) && sender.frameId === 0) return OVERLAY;
  return null;
}

function isWellFormed(message) {
  if (!isRecord(message) || !isString(message.type) || !Object.hasOwn(MESSAGES, message.type)) return false;
  const fields = MESSAGES[message.type].fields;
  const keys = Object.keys(message).filter((key) => key !== "type");
  return keys.length === Object.keys(fields).length
    && keys.every((key) => Object.hasOwn(fields, key) && fields[key](message[key]));
}

async function openOptions() {
  await chrome.runtime.openOptionsPage();
  return { ok: true };
}

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

/** Toolbar button and shortcut: open the reader view, or close it if it is open. A PDF tab
 *  gets its reader view in an extension page (pdfReader). */
async function handleAction(tab) {
  chrome.action.setBadgeText({ tabId: tab.id, text: "" });
  if (await isPdfTab(tab)) return pdfReader(tab);
  const settings = await loadSettings();
  const rule = settings.siteRules[hostOf(tab.url || "")] || null;
  const page = await runInTab(tab.id, (r) => globalThis.__distill.toggle(r), [rule]);
  if (!page || page.closed) {
    return "closed";
  }
  return summarizePage(tab.id, page, settings);
}

/** A page (or the block a site rule found) as the overlay handed it over. */
function summarizePage(tabId, page, settings) {
  const body = { html: page.html, url: page.url };
  const view = {};
  if (page.extract === false) {
    Object.assign(body, { extract: false, title: page.title });
  }
  if (page.ruleMissed) view.note = t("noteRuleMissed", [hostOf(page.url)]);
  return summarizeInto(tabId, body, "page", settings, view);
}

/** A block the user picked (the overlay's "Not the article?" or the context menu). */
async function summarizeBlock(message, tab) {
  const block = message.block;
  if (!block || typeof block.html !== "string") return { ok: false };
  const body = { html: block.html, url: block.url || tab.url, extract: false, title: block.title };
  const shown = await summarizeInto(tab.id, body, "page", null, { picked: block.selector || "" });
  return { ok: shown === "shown" };
}

/** "Always use this block on <site>": the picked block's selector, kept for the host. */
async function saveSiteRule(message, tab) {
  const host = hostOf(message.url);
  const selector = typeof message.selector === "string" ? message.selector.trim() : "";
  if (!host || host !== hostOf(tab.url || message.url) || !selector || selector.length > 1000) return { ok: false };
  const settings = await loadSettings();
  await saveSettings({ siteRules: { ...settings.siteRules, [host]: selector } });
  return { ok: true };
}

/** Context menu: summarize the selected text in the compact overlay. */
async function handleMenuClick(info, tab) {
  if (info.menuItemId === PICK_MENU_ID) {
    const block = await runInTab(tab.id, () => globalThis.__distill.pick());
    if (!block) return "cancelled";
    return summarizeBlock({ block }, tab).then((r) => (r.ok ? "shown" : "failed"));
  }
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
  const rule = settings.siteRules[hostOf(tab.url)] || null;
  const page = await runInTab(tab.id, (r) => globalThis.__distill.openPage(r), [rule]);
  if (!page) return "already-open";
  return summarizePage(tab.id, page, settings);
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

/** The overlay's "focus on…" field: the same page or text asked again with the reader's query. */
const MAX_QUERY_CHARS = 300; // the backend's limit (server/schemas.py)
async function refocus(message, tab) {
  const sent = message.request || {};
  const body = {};
  for (const key of ["html", "url", "text", "title"]) {
    if (typeof sent[key] === "string") body[key] = sent[key];
  }
  if (sent.extract === false) body.extract = false; // a picked block stays the article
  if ((body.html === undefined) === (body.text === undefined)) return { ok: false };
  const query = typeof message.query === "string" ? message.query.trim().slice(0, MAX_QUERY_CHARS) : "";
  if (query) body.query = query;
  const shown = await summarizeInto(tab.id, body, message.mode === "selection" ? "selection" : "page");
  return { ok: shown === "shown" };
}

function viewOptions(settings, mode, url, extra = {}) {
  return { theme: settings.theme, fontSize: settings.fontSize, mode, speechRate: settings.speechRate,
    listenScope: settings.listenScope, alwaysOpen: mode === "page" && alwaysOpens(settings, url || ""), ...extra };
}

async function summarizeInto(tabId, body, mode, known = null, extra = {}) {
  const settings = known || (await loadSettings());
  if (settings.summaryLength > 0) {
    body.sentences = settings.summaryLength;
  }
  let outcome;
  try {
    outcome = { ok: true, data: await callBackend(settings, body) };
    if (mode === "page" && body.extract !== false && outcome.data.next_page_url) {
      outcome = await withFollowingPages(tabId, body, outcome, settings);
    }
  } catch (err) {
    outcome = { ok: false, error: describeError(err, settings) };
  }
  // request: what was asked, for the overlay to ask again with a query
  const view = viewOptions(settings, mode, body.url, { ...extra, request: body });
  await runInTab(tabId, (result, options) => globalThis.__distill.render(result, options), [outcome, view]);
  return outcome.ok ? "shown" : outcome.error.kind;
}

// ---------------------------------------------------------------- multi-page articles
/**
 * The backend names the article's next page: fetch it in the page's world (same origin, with
 * the user's cookies), and ask again with all the pages, until there is no next page or
 * MAX_FOLLOWING_PAGES were read. A page that cannot be fetched ends the series: what was read
 * is shown.
 */
async function withFollowingPages(tabId, body, outcome, settings) {
  const pages = [{ html: body.html, url: body.url }];
  const origin = new URL(body.url).origin;
  let next = outcome.data.next_page_url;
  const seen = new Set([body.url]);
  while (next && pages.length <= MAX_FOLLOWING_PAGES && !seen.has(next) && new URL(next).origin === origin) {
    seen.add(next);
    const html = await runInTab(tabId, (url) => globalThis.__distill.fetchPage(url), [next]).catch(() => null);
    if (typeof html !== "string") break;
    pages.push({ html, url: next });
    const data = await callBackend(settings, { pages, sentences: body.sentences, query: body.query });
    outcome = { ok: true, data: { ...data, pages_read: pages.length } };
    next = data.next_page_url;
  }
  return outcome;
}

// ---------------------------------------------------------------- PDFs
/** A tab showing a PDF: its URL says .pdf, or its document is one (Chrome's viewer). */
async function isPdfTab(tab) {
  if (!tab.url) return false;
  let url;
  try {
    url = new URL(tab.url);
  } catch {
    return false;
  }
  if (!/^(https?|file):$/.test(url.protocol)) return false;
  if (/\.pdf$/i.test(url.pathname)) return true;
  try {
    const [first] = await exec({ target: { tabId: tab.id }, func: () => document.contentType });
    return first && first.result === "application/pdf";
  } catch {
    return false;
  }
}

/** The PDF's bytes: read in the tab (same origin, cookies) where a script may run there, else
 *  fetched here, with the host's permission asked for when the worker lacks it. */
async function pdfBytes(tab) {
  try {
    const [first] = await exec({ target: { tabId: tab.id }, func: async () => {
      const response = await fetch(location.href, { credentials: "include" });
      if (!response.ok) return null;
      const bytes = new Uint8Array(await response.arrayBuffer());
      let binary = "";
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    } });
    if (first && typeof first.result === "string") {
      return Uint8Array.from(atob(first.result), (c) => c.charCodeAt(0));
    }
  } catch {
    // Firefox's viewer, or a page that forbids scripts: fetch from here instead
  }
  if (/^https?:/.test(tab.url)) {
    const origins = [originPattern(tab.url)];
    if (!(await chrome.permissions.contains({ origins })) && !(await chrome.permissions.request({ origins }))) {
      throw new BackendError("pdf-permission", "");
    }
  }
  const response = await fetch(tab.url, { credentials: "include" });
  if (!response.ok) throw new BackendError("pdf-fetch", response.statusText, 0);
  return new Uint8Array(await response.arrayBuffer());
}

/** A PDF tab: the reader view opens in an extension page next to it, which shows the answer
 *  once the worker has it (kept in storage.session under the page's key). */
async function pdfReader(tab) {
  const settings = await loadSettings();
  const key = `pdf-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const view = viewOptions(settings, "page", tab.url, { source: tab.url });
  await chrome.storage.session.set({ [key]: { view, outcome: null } });
  const reader = await chrome.tabs.create({ url: chrome.runtime.getURL(`reader.html#${key}`), index: tab.index + 1 });
  let outcome;
  try {
    const bytes = await pdfBytes(tab);
    const query = new URLSearchParams({ url: tab.url });
    if (settings.summaryLength > 0) query.set("sentences", String(settings.summaryLength));
    outcome = { ok: true, data: await callBackend(settings, bytes, `?${query}`) };
  } catch (err) {
    outcome = { ok: false, error: describeError(err, settings) };
  }
  await chrome.storage.session.set({ [key]: { view, outcome } });
  return { shown: outcome.ok ? "shown" : outcome.error.kind, readerTab: reader.id };
}

class BackendError extends Error {
  constructor(kind, message, status = 0) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** POST to /summarize: a JSON body, or a PDF's bytes (query: its url and length). */
async function callBackend(settings, body, query = "") {
  const pdf = body instanceof Uint8Array;
  const headers = { "Content-Type": pdf ? "application/pdf" : "application/json" };
  if (settings.apiToken) {
    headers.Authorization = `Bearer ${settings.apiToken}`;
  }
  let response;
  try {
    response = await fetch(`${settings.backendUrl}/api/v1/summarize${query}`, {
      method: "POST",
      headers,
      body: pdf ? body : JSON.stringify(body),
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
    error.code = (payload && payload.error && payload.error.code) || "";
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
  const pdfErrors = { pdf_encrypted: "errorPdfEncrypted", pdf_no_text: "errorPdfNoText", not_pdf: "errorPdfInvalid",
    invalid_pdf: "errorPdfInvalid" };
  if (pdfErrors[err.code]) {
    return { kind: err.code, fixInOptions: false, message: t(pdfErrors[err.code]) };
  }
  if (err.kind === "pdf-permission" || err.kind === "pdf-fetch") {
    return { kind: err.kind, fixInOptions: false, message: t("errorPdfFetch") };
  }
  if (status === 413) {
    return { kind: "too-large", fixInOptions: false,
      message: err.message ? `${t("errorTooLarge")} (${err.message})` : t("errorTooLarge") };
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
