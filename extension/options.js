// Options page: settings in chrome.storage.local, a permission request for a non-default
// backend host at the moment the user saves it, and a connection test against /health.
/* global DISTILL_DEFAULTS, loadSettings, normalizeBackendUrl, originPattern, isDefaultHost */

const $ = (id) => document.getElementById(id);
const FIELDS = ["backendUrl", "apiToken", "summaryLength", "theme", "fontSize"];

function say(message, kind = "") {
  const status = $("status");
  status.textContent = message;
  status.className = kind;
}

async function fill() {
  const settings = await loadSettings();
  for (const name of FIELDS) {
    $(name).value = String(settings[name]);
  }
  $("fontSizeValue").textContent = $("fontSize").value;
}

function readForm() {
  return {
    backendUrl: normalizeBackendUrl($("backendUrl").value || DISTILL_DEFAULTS.backendUrl),
    apiToken: $("apiToken").value.trim(),
    summaryLength: Number($("summaryLength").value) || 0,
    theme: $("theme").value,
    fontSize: Number($("fontSize").value) || DISTILL_DEFAULTS.fontSize,
  };
}

/** Another host than the default needs a host permission; ask while the click still counts. */
function requestHost(backendUrl) {
  if (isDefaultHost(backendUrl)) {
    return Promise.resolve(true);
  }
  return chrome.permissions.request({ origins: [originPattern(backendUrl)] });
}

async function save(event) {
  event.preventDefault();
  let settings;
  try {
    settings = readForm();
  } catch (err) {
    say(`Not saved: ${err.message.includes("URL") ? err.message : "the backend URL is not a valid URL."}`, "fail");
    return;
  }
  // permissions.request must run in the click's user gesture: call it before any await.
  const granted = requestHost(settings.backendUrl);
  if (!(await granted)) {
    say(`Not saved: Distill needs permission to reach ${new URL(settings.backendUrl).host}.`, "fail");
    return;
  }
  await chrome.storage.local.set(settings);
  $("backendUrl").value = settings.backendUrl;
  say("Saved.", "ok");
}

async function testConnection() {
  let settings;
  try {
    settings = readForm();
  } catch (err) {
    say(`Connection failed: ${err.message}`, "fail");
    return;
  }
  say(`Connecting to ${settings.backendUrl}…`);
  const headers = settings.apiToken ? { Authorization: `Bearer ${settings.apiToken}` } : {};
  try {
    const response = await fetch(`${settings.backendUrl}/api/v1/health`, {
      headers, signal: AbortSignal.timeout(10000),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !body.version) {
      const why = body && body.error ? body.error.message : `HTTP ${response.status}`;
      say(`Connection failed: ${settings.backendUrl} answered, but not as a Distill backend (${why}).`, "fail");
      return;
    }
    const model = body.model_loaded ? `model ${body.model} loaded` : `model ${body.model} still loading`;
    const connected = `Connected: Distill ${body.version} at ${settings.backendUrl}, ${model}`;
    const token = await checkToken(settings, headers);
    say(`${connected}${token.text}`, token.ok ? "ok" : "fail");
  } catch (err) {
    const why = err && err.name === "TimeoutError" ? "no answer within 10 s" : "is it running?";
    say(`Connection failed: can't reach ${settings.backendUrl} (${why}).`, "fail");
  }
}

/** Health is open to anyone; /whoami answers like any API call, so it says whether the token works. */
async function checkToken(settings, headers) {
  let response;
  try {
    response = await fetch(`${settings.backendUrl}/api/v1/whoami`, { headers, signal: AbortSignal.timeout(10000) });
  } catch {
    return { ok: true, text: "." };
  }
  if (response.status === 401) {
    return { ok: false, text: settings.apiToken
      ? ", but it refused the API token: check it, or ask the server's administrator for a new one."
      : ", but it needs an API token: paste the one the server's administrator gave you, then save." };
  }
  const who = await response.json().catch(() => null);
  if (!response.ok || !who) {
    return { ok: true, text: "." };  // an older server without /whoami
  }
  if (!who.tokens_required) {
    return { ok: true, text: settings.apiToken ? "; it needs no token (the one set here is not used)." : "." };
  }
  return { ok: true, text: `; API token accepted (“${who.token}”).` };
}

$("form").addEventListener("submit", save);
$("test").addEventListener("click", testConnection);
$("fontSize").addEventListener("input", () => { $("fontSizeValue").textContent = $("fontSize").value; });
fill();
