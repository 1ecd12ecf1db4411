// Options page: settings through settings.js, a permission request for a non-default backend
// host at the moment the user saves it, a connection test against /health, and the list of
// sites where the reader view opens by itself (added here once the user allows the site, when
// the overlay's toggle sent them with ?always=ORIGIN). Every string comes from chrome.i18n.
/* global DISTILL_DEFAULTS, loadSettings, saveSettings, normalizeBackendUrl, originPattern,
   isDefaultHost, SPEECH_RATES */

const $ = (id) => document.getElementById(id);
const t = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
const FIELDS = ["backendUrl", "apiToken", "summaryLength", "theme", "fontSize", "speechRate", "listenScope"];

/** The page in the browser's language: texts, placeholders, and the writing direction. */
function localize() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  document.documentElement.dir = chrome.i18n.getMessage("@@bidi_dir") || "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) {
    const arg = node.getAttribute("data-i18n-arg");
    node.textContent = t(node.getAttribute("data-i18n"), arg ? [arg] : undefined);
  }
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.getAttribute("data-i18n-placeholder"));
  }
  const number = new Intl.NumberFormat(chrome.i18n.getUILanguage());
  $("speechRate").replaceChildren(...SPEECH_RATES.map((rate) => {
    const option = document.createElement("option");
    option.value = String(rate);
    option.textContent = `${number.format(rate)}×`;
    return option;
  }));
}

function say(message, kind = "", where = "status") {
  const status = $(where);
  status.textContent = message;
  status.className = kind;
}

async function fill() {
  const settings = await loadSettings();
  for (const name of FIELDS) {
    $(name).value = String(settings[name]);
  }
  $("fontSizeValue").textContent = `${$("fontSize").value} px`;
  showHosts(settings.alwaysOpenHosts);
  showRules(settings.siteRules);
}

function readForm() {
  return {
    backendUrl: normalizeBackendUrl($("backendUrl").value || DISTILL_DEFAULTS.backendUrl),
    apiToken: $("apiToken").value.trim(),
    summaryLength: Number($("summaryLength").value) || 0,
    theme: $("theme").value,
    fontSize: Number($("fontSize").value) || DISTILL_DEFAULTS.fontSize,
    speechRate: Number($("speechRate").value) || DISTILL_DEFAULTS.speechRate,
    listenScope: $("listenScope").value === "article" ? "article" : "summary",
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
    say(t("optNotSavedInvalid"), "fail");
    return;
  }
  // permissions.request must run in the click's user gesture: call it before any await.
  const granted = requestHost(settings.backendUrl);
  if (!(await granted)) {
    say(t("optNotSavedPermission", [new URL(settings.backendUrl).host]), "fail");
    return;
  }
  await saveSettings(settings);
  $("backendUrl").value = settings.backendUrl;
  say(t("optSaved"), "ok");
}

async function testConnection() {
  let settings;
  try {
    settings = readForm();
  } catch (err) {
    say(t("optConnFailedInvalid"), "fail");
    return;
  }
  const backend = settings.backendUrl;
  say(t("optConnecting", [backend]));
  const headers = settings.apiToken ? { Authorization: `Bearer ${settings.apiToken}` } : {};
  try {
    const response = await fetch(`${backend}/api/v1/health`, {
      headers, signal: AbortSignal.timeout(10000),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !body.version) {
      const why = body && body.error ? body.error.message : `HTTP ${response.status}`;
      say(t("optConnNotDistill", [backend, why]), "fail");
      return;
    }
    const model = t(body.model_loaded ? "optModelLoaded" : "optModelLoading", [body.model]);
    const connected = t("optConnected", [body.version, backend, model]);
    const token = await checkToken(settings, headers);
    say(`${connected}${token.text}`, token.ok ? "ok" : "fail");
  } catch (err) {
    const why = t(err && err.name === "TimeoutError" ? "optNoAnswer" : "optIsItRunning");
    say(t("optConnFailed", [backend, why]), "fail");
  }
}

/** Health is open to anyone; /whoami answers like any API call, so it says whether the token works. */
async function checkToken(settings, headers) {
  let response;
  try {
    response = await fetch(`${settings.backendUrl}/api/v1/whoami`, { headers, signal: AbortSignal.timeout(10000) });
  } catch {
    return { ok: true, text: t("optEnd") };
  }
  if (response.status === 401) {
    return { ok: false, text: t(settings.apiToken ? "optTokenRefused" : "optTokenNeeded") };
  }
  const who = await response.json().catch(() => null);
  if (!response.ok || !who) {
    return { ok: true, text: t("optEnd") }; // an older server without /whoami
  }
  if (!who.tokens_required) {
    return { ok: true, text: t(settings.apiToken ? "optTokenUnused" : "optEnd") };
  }
  return { ok: true, text: t("optTokenAccepted", [who.token]) };
}

// ---------------------------------------------------------------- always open
function showHosts(hosts) {
  $("alwaysList").replaceChildren(...hosts.map((host) => {
    const item = document.createElement("li");
    const name = document.createElement("span");
    name.textContent = host;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = t("optRemove");
    remove.setAttribute("aria-label", t("optRemoveHost", [host]));
    remove.dataset.host = host;
    remove.addEventListener("click", () => removeHost(host));
    item.append(name, remove);
    return item;
  }));
  $("alwaysEmpty").hidden = hosts.length > 0;
}

async function removeHost(host) {
  const settings = await loadSettings();
  await saveSettings({ alwaysOpenHosts: settings.alwaysOpenHosts.filter((h) => h !== host) });
  await dropPermission(host, settings);
  say(t("optAlwaysRemoved", [host]), "ok", "alwaysStatus");
}

/** Give back what was granted for that site alone: not the manifest's hosts, not the backend's. */
async function dropPermission(host, settings) {
  const required = chrome.runtime.getManifest().host_permissions || [];
  if (host === new URL(settings.backendUrl).hostname) return;
  const origins = [`http://${host}/*`, `https://${host}/*`].filter((o) => !required.includes(o));
  const held = [];
  for (const origin of origins) {
    if (await chrome.permissions.contains({ origins: [origin] })) held.push(origin);
  }
  if (held.length) await chrome.permissions.remove({ origins: held }).catch(() => false);
}

/** Sent here by the overlay's toggle: ask for the site's permission on the user's click. */
function askForHost() {
  const raw = new URLSearchParams(location.search).get("always");
  if (!raw) return;
  let origin;
  try {
    origin = new URL(raw);
  } catch {
    return;
  }
  if (origin.protocol !== "http:" && origin.protocol !== "https:") return;
  const host = origin.hostname;
  $("askText").textContent = t("optAskAlways", [host]);
  $("ask").hidden = false;
  $("askAllow").focus();
  $("askAllow").addEventListener("click", async () => {
    // permissions.request must run in the click's user gesture: call it before any await.
    const granted = chrome.permissions.request({ origins: [originPattern(origin.href)] });
    if (!(await granted.catch(() => false))) {
      say(t("optAlwaysDenied", [host]), "fail", "alwaysStatus");
      return;
    }
    const settings = await loadSettings();
    if (!settings.alwaysOpenHosts.includes(host)) {
      await saveSettings({ alwaysOpenHosts: [...settings.alwaysOpenHosts, host] });
    }
    $("ask").hidden = true;
    say(t("optAlwaysAdded", [host]), "ok", "alwaysStatus");
  });
  $("askCancel").addEventListener("click", () => {
    $("ask").hidden = true;
  });
}

// ---------------------------------------------------------------- site rules
/** A selector the browser can parse (querySelector throws on one it cannot). */
function parseSelector(selector) {
  document.createDocumentFragment().querySelector(selector);
}

function showRules(rules) {
  const hosts = Object.keys(rules).sort();
  $("rulesList").replaceChildren(...hosts.map((host) => {
    const item = document.createElement("li");
    item.dataset.host = host;
    const name = document.createElement("span");
    name.textContent = host;
    const input = document.createElement("input");
    input.type = "text";
    input.spellcheck = false;
    input.value = rules[host];
    input.setAttribute("aria-label", t("optRuleSelector", [host]));
    const save = document.createElement("button");
    save.type = "button";
    save.textContent = t("optRuleSave");
    save.dataset.role = "rule-save";
    save.addEventListener("click", () => editRule(host, input.value));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = t("optRemove");
    remove.dataset.role = "rule-delete";
    remove.setAttribute("aria-label", t("optRuleDelete", [host]));
    remove.addEventListener("click", () => deleteRule(host));
    item.append(name, input, save, remove);
    return item;
  }));
  $("rulesEmpty").hidden = hosts.length > 0;
  $("rulesExport").disabled = hosts.length === 0;
}

async function editRule(host, selector) {
  const checked = validSiteRules({ [host]: selector }, parseSelector);
  if (!checked) {
    say(t("optRuleInvalid"), "fail", "rulesStatus");
    return;
  }
  const settings = await loadSettings();
  await saveSettings({ siteRules: { ...settings.siteRules, ...checked } });
  say(t("optRuleSaved", [host]), "ok", "rulesStatus");
}

async function deleteRule(host) {
  const settings = await loadSettings();
  const rules = { ...settings.siteRules };
  delete rules[host];
  await saveSettings({ siteRules: rules });
}

async function exportRules() {
  const settings = await loadSettings();
  const blob = new Blob([JSON.stringify(settings.siteRules, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "distill-site-rules.json";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

async function importRules() {
  const file = $("rulesImport").files[0];
  if (!file) return;
  let rules = null;
  try {
    rules = validSiteRules(JSON.parse(await file.text()), parseSelector);
  } catch {
    rules = null;
  }
  $("rulesImport").value = "";
  if (!rules) {
    say(t("optRulesBadFile"), "fail", "rulesStatus");
    return;
  }
  const settings = await loadSettings();
  await saveSettings({ siteRules: { ...settings.siteRules, ...rules } });
  say(t("optRulesImported", [String(Object.keys(rules).length)]), "ok", "rulesStatus");
}

chrome.storage.onChanged.addListener((changes) => {
  if (changes.alwaysOpenHosts) loadSettings().then((s) => showHosts(s.alwaysOpenHosts));
  if (changes.siteRules) loadSettings().then((s) => showRules(s.siteRules));
});
$("rulesExport").addEventListener("click", exportRules);
$("rulesImport").addEventListener("change", importRules);
localize();
$("form").addEventListener("submit", save);
$("test").addEventListener("click", testConnection);
$("fontSize").addEventListener("input", () => { $("fontSizeValue").textContent = `${$("fontSize").value} px`; });
fill();
askForHost();
