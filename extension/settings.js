// Settings shared by the background worker and the options page: defaults live here only.
// They are kept in chrome.storage.sync where the browser has it (so they follow the user),
// except the API token, a credential, which stays in chrome.storage.local on this machine.
// Older versions kept everything in local: those values are still read, below sync's.
/* exported DISTILL_DEFAULTS, loadSettings, saveSettings, normalizeBackendUrl, originPattern,
   isDefaultHost, OVERLAY_SETTINGS, hostOf, alwaysOpens, SPEECH_RATES, validSiteRules */

const DISTILL_DEFAULTS = Object.freeze({
  backendUrl: "http://127.0.0.1:8000",
  apiToken: "",
  summaryLength: 0, // 0: let the backend choose (3-5 sentences for news)
  theme: "auto", // auto | light | dark
  fontSize: 19, // px, reader body text
  speechRate: 1, // Listen: speechSynthesis rate
  listenScope: "summary", // Listen reads the summary or the whole article
  alwaysOpenHosts: [], // hostnames where the reader view opens by itself
  siteRules: {}, // hostname -> CSS selector of the block that is the article there
});

const LOCAL_ONLY = new Set(["apiToken"]);
const SPEECH_RATES = Object.freeze([0.75, 1, 1.25, 1.5, 1.75, 2]);

/** What the overlay may change itself (through the worker), each with its check. */
const OVERLAY_SETTINGS = Object.freeze({
  speechRate: (value) => SPEECH_RATES.includes(value),
  listenScope: (value) => value === "summary" || value === "article",
});

function syncArea() {
  return (chrome.storage && chrome.storage.sync) || chrome.storage.local;
}

async function loadSettings() {
  const keys = Object.keys(DISTILL_DEFAULTS);
  const [local, synced] = await Promise.all([
    chrome.storage.local.get(keys),
    syncArea() === chrome.storage.local ? {} : syncArea().get(keys.filter((k) => !LOCAL_ONLY.has(k))),
  ]);
  return { ...DISTILL_DEFAULTS, ...local, ...synced };
}

/** Store some settings: the token on this machine, the rest where they sync. */
async function saveSettings(changes) {
  const local = {};
  const synced = {};
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in DISTILL_DEFAULTS)) throw new Error(`unknown setting ${key}`);
    (LOCAL_ONLY.has(key) ? local : synced)[key] = value;
  }
  const writes = [];
  if (Object.keys(local).length) writes.push(chrome.storage.local.set(local));
  if (Object.keys(synced).length) writes.push(syncArea().set(synced));
  await Promise.all(writes);
}

/** A backend URL as the user typed it -> "http(s)://host[:port][/path]" without a trailing slash. */
function normalizeBackendUrl(raw) {
  const url = new URL(String(raw).trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(chrome.i18n.getMessage("errorBackendScheme"));
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** The host permission pattern that covers a URL (a backend's, or a page's for "always open"). */
function originPattern(anyUrl) {
  const url = new URL(anyUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** True for the backend host the manifest already grants (no permission prompt needed). */
function isDefaultHost(backendUrl) {
  const url = new URL(backendUrl);
  return url.protocol === "http:" && url.hostname === "127.0.0.1";
}

/** The hostname "always open" remembers for a page, or "" for pages it cannot apply to. */
function hostOf(pageUrl) {
  try {
    const url = new URL(pageUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.hostname : "";
  } catch {
    return "";
  }
}

function alwaysOpens(settings, pageUrl) {
  const host = hostOf(pageUrl);
  return Boolean(host) && settings.alwaysOpenHosts.includes(host);
}

/** Site rules as the options page imports them: {host: selector}, each a host name and a
 *  selector the browser can parse; anything else is refused (null). */
function validSiteRules(rules, parse = (selector) => selector) {
  if (!rules || typeof rules !== "object" || Array.isArray(rules)) return null;
  const out = {};
  for (const [host, selector] of Object.entries(rules)) {
    if (!/^[a-z0-9.-]+$/i.test(host) || typeof selector !== "string" || !selector.trim() || selector.length > 1000) {
      return null;
    }
    try {
      parse(selector.trim());
    } catch {
      return null;
    }
    out[host.toLowerCase()] = selector.trim();
  }
  return out;
}
