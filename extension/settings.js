// Settings shared by the background worker and the options page: defaults live here only.
/* exported DISTILL_DEFAULTS, loadSettings, normalizeBackendUrl, originPattern, isDefaultHost */

const DISTILL_DEFAULTS = Object.freeze({
  backendUrl: "http://127.0.0.1:8000",
  apiToken: "",
  summaryLength: 0, // 0: let the backend choose (3-5 sentences for news)
  theme: "auto", // auto | light | dark
  fontSize: 19, // px, reader body text
});

async function loadSettings() {
  const stored = await chrome.storage.local.get(DISTILL_DEFAULTS);
  return { ...DISTILL_DEFAULTS, ...stored };
}

/** A backend URL as the user typed it -> "http(s)://host[:port][/path]" without a trailing slash. */
function normalizeBackendUrl(raw) {
  const url = new URL(String(raw).trim());
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("The backend URL must start with http:// or https://");
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/** The host permission pattern that covers a backend URL. */
function originPattern(backendUrl) {
  const url = new URL(backendUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** True for the backend host the manifest already grants (no permission prompt needed). */
function isDefaultHost(backendUrl) {
  const url = new URL(backendUrl);
  return url.protocol === "http:" && url.hostname === "127.0.0.1";
}
