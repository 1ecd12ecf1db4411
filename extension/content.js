// Distill's overlay: reads the page's rendered DOM and draws the reader view with its summary.
// It lives in an open shadow root on #distill-root, styled with adoptedStyleSheets, so the
// page's CSS cannot reach in and ours cannot leak out; a strict page CSP blocks neither.
// Everything is built with createElement/textContent: backend strings never become markup,
// and the backend's already-sanitized article HTML is parsed with DOMParser and copied through
// the same allowlist again before it is inserted. Every string the user reads comes from
// chrome.i18n (extension/_locales). speech.js (Listen) and export.js (files, print) are
// injected before this file into the same isolated world.
(() => {
  // Injected again by the next click: keep the one instance. Its own property only: a page's
  // element with id or name "__distill" shows through as window.__distill in this world too (DOM
  // clobbering), and would otherwise stop the overlay from ever being set up.
  if (Object.hasOwn(globalThis, "__distill")) {
    return;
  }

  const HOST_ID = "distill-root";
  const MAX_LENGTH = 15;
  const SPEECH_RATES = [0.75, 1, 1.25, 1.5, 1.75, 2]; // the same list as settings.js

  // The backend's allowlist (backend/distill/page/sanitize.py), applied once more here.
  const ALLOWED_TAGS = new Set([
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
    "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
  ]);
  const DROP_WITH_CONTENT = new Set(["script", "style", "template", "iframe", "object", "embed",
    "noscript", "svg", "math", "form", "textarea", "select", "button", "canvas"]);
  const ALLOWED_ATTRS = {
    "*": ["lang", "dir", "title"],
    a: ["href"],
    img: ["src", "srcset", "alt", "width", "height", "sizes"],
    source: ["srcset", "type", "media", "sizes"],
    td: ["colspan", "rowspan", "headers"],
    th: ["colspan", "rowspan", "scope", "headers"],
    time: ["datetime"],
    ol: ["start", "reversed"],
    blockquote: ["cite"],
    q: ["cite"],
    span: ["data-sentence"],
  };
  const URL_ATTRS = new Set(["href", "src", "cite"]);
  const NUMERIC_ATTRS = new Set(["data-sentence", "width", "height", "colspan", "rowspan", "start"]);

  const CSS = `
:host { all: initial; display: block; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; display: flex; justify-content: center;
  background: var(--bg); color: var(--fg); overflow: hidden;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.backdrop.compact { inset: 16px 16px auto auto; width: min(440px, calc(100vw - 32px)); max-height: 80vh;
  border: 1px solid var(--rule); border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.28); }
.backdrop.compact[dir="rtl"] { inset: 16px auto auto 16px; }
.theme-light { --bg: #fbfaf7; --fg: #1e1e1e; --muted: #5b5f63; --rule: #ddd8cc; --accent: #0b6670;
  --hl: #fff0b3; --hl-strong: #ffd65c; --card: #f1ede3; --speak: #c9e7ea; --danger: #b3261e; }
.theme-dark { --bg: #1c1d1f; --fg: #e6e3dc; --muted: #b0ada6; --rule: #3a3b3e; --accent: #58c4cf;
  --hl: #4a4224; --hl-strong: #7a6a2a; --card: #26282b; --speak: #1d4d53; --danger: #f28b82; }
.panel { display: flex; flex-direction: column; width: 100%; height: 100%; outline: none; }
.compact .panel { height: auto; max-height: 80vh; }
.toolbar { position: relative; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; padding: 8px 16px;
  border-bottom: 1px solid var(--rule); background: var(--bg); flex: none; }
.brand { font-weight: 700; letter-spacing: .02em; color: var(--accent); margin-inline-end: auto; }
button, select, summary.menu-button { font: inherit; font-size: 14px; color: var(--fg); background: var(--card);
  border: 1px solid var(--rule); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
select { padding: 3px 4px; }
button:hover, select:hover, summary.menu-button:hover { border-color: var(--accent); }
button:focus-visible, select:focus-visible, summary:focus-visible, input:focus-visible, li:focus-visible,
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button:disabled { opacity: .6; cursor: default; }
.close { font-size: 20px; line-height: 1; padding: 2px 10px; }
.length, .listen { display: flex; align-items: center; gap: 4px; font-size: 14px; color: var(--muted); }
.length output { min-width: 6.5em; text-align: center; }
.listen .voice-note { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.icon { display: inline-block; width: .7em; height: .7em; margin-inline-end: 6px; vertical-align: -.02em; }
.icon.play { width: 0; height: 0; border-style: solid; border-width: .4em 0 .4em .62em;
  border-color: transparent transparent transparent currentColor; }
.icon.pause { background: linear-gradient(to right, currentColor 0 35%, transparent 35% 65%, currentColor 65%); }
.icon.stop { background: currentColor; border-radius: 1px; }
.icon.none { display: none; }
details.menu { position: static; }
summary.menu-button { list-style: none; }
summary.menu-button::-webkit-details-marker { display: none; }
.menu-items { position: absolute; top: calc(100% - 2px); inset-inline-end: 16px; z-index: 1; display: flex;
  flex-direction: column; gap: 6px; padding: 10px; min-width: 14em; max-width: calc(100% - 32px);
  background: var(--bg); border: 1px solid var(--rule); border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.2); }
.menu-items button { text-align: start; }
.menu-items hr { border: 0; border-top: 1px solid var(--rule); margin: 2px 0; width: 100%; }
.toggle { display: flex; gap: 8px; align-items: flex-start; font-size: 14px; cursor: pointer; }
.toggle input { margin: 3px 0 0; accent-color: var(--accent); }
.scroll { overflow-y: auto; flex: 1; padding: 24px 16px 64px; }
.compact .scroll { padding: 12px 16px 16px; }
article { max-width: 40em; margin: 0 auto; font-size: var(--font-size, 19px); }
.site { color: var(--muted); font-size: 14px; text-transform: uppercase; letter-spacing: .06em; }
h1.title { font: 700 1.9em/1.2 Georgia, "Iowan Old Style", "Noto Serif", serif; margin: .2em 0 .3em; }
.meta { color: var(--muted); font-size: 15px; margin: 0 0 1em; }
.print-only { display: none; }
img[hidden] { display: none !important; }
.lead-image { display: block; max-width: 100%; height: auto; border-radius: 6px; margin: 0 0 1em; }
.summary-box { background: var(--card); border-inline-start: 4px solid var(--accent); border-radius: 6px;
  padding: 12px 16px; margin: 0 0 1.5em; font-size: 17px; }
.summary-box h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .08em; color: var(--accent); margin: 0 0 6px; }
.summary-box ol { margin: 0; padding-inline-start: 1.3em; }
.summary-box li { margin: .35em 0; cursor: pointer; border-radius: 3px; }
.summary-box li:hover { text-decoration: underline; text-decoration-color: var(--accent); }
.content { font-family: Georgia, "Iowan Old Style", "Noto Serif", serif; line-height: 1.65; overflow-wrap: break-word; }
.content img { max-width: 100%; height: auto; }
.content pre { overflow-x: auto; background: var(--card); padding: 10px; border-radius: 6px; font-size: 14px; }
.content code, .content pre { font-family: ui-monospace, Menlo, Consolas, monospace; }
.content blockquote { border-inline-start: 3px solid var(--rule); margin-inline: 0; padding-inline-start: 1em; color: var(--muted); }
.content table { border-collapse: collapse; font-size: .85em; display: block; max-width: 100%; overflow-x: auto; }
.content td, .content th { border: 1px solid var(--rule); padding: 4px 8px; }
.content a { color: var(--accent); }
.content figcaption { color: var(--muted); font-size: .8em; }
.content section + section { border-top: 1px solid var(--rule); margin-top: 1.2em; padding-top: .6em; }
.content section > small:first-child { display: block; color: var(--muted); font-family: system-ui, sans-serif; }
span.hl { background: var(--hl); border-radius: 2px; box-shadow: 0 0 0 1px var(--hl); }
span.flash { background: var(--hl-strong); transition: background .6s; }
.speaking, span.hl.speaking { background: var(--speak); box-shadow: 0 0 0 2px var(--speak); }
.status { display: flex; align-items: center; gap: 10px; color: var(--muted); padding: 32px 0; justify-content: center; }
.spinner { width: 18px; height: 18px; border: 3px solid var(--rule); border-top-color: var(--accent);
  border-radius: 50%; animation: spin .8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.error { max-width: 36em; margin: 32px auto; padding: 16px; border: 1px solid var(--danger); border-radius: 8px; }
.error p { margin: 0 0 10px; }
.copied { color: var(--accent); font-size: 13px; }
.note { max-width: 40em; margin: 0 auto 1em; padding: 8px 12px; border: 1px solid var(--rule); border-radius: 6px;
  color: var(--muted); font-size: 14px; }
button[aria-pressed="true"] { background: var(--accent); color: var(--bg); border-color: var(--accent); }
.removing .content :is(p, figure, li, blockquote, pre, table, h2, h3, h4, h5, h6):hover { outline: 2px dashed var(--danger);
  outline-offset: 2px; cursor: not-allowed; }
.focus { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0 0; }
.focus input { flex: 1 1 10em; min-width: 0; font: inherit; font-size: 14px; color: var(--fg); background: var(--bg);
  border: 1px solid var(--muted); border-radius: 6px; padding: 3px 8px; }
@media (prefers-reduced-motion: reduce) {
  .spinner { animation: none; border-color: var(--accent); border-right-color: var(--rule); }
  span.flash { transition: none; }
}
@media print {
  .backdrop, .backdrop.compact { position: static; display: block; overflow: visible; inset: auto; width: auto;
    max-height: none; border: 0; box-shadow: none; background: #fff; color: #000; }
  .theme-light, .theme-dark { --bg: #fff; --fg: #000; --muted: #444; --card: #fff; --accent: #000; --rule: #999; }
  .panel, .compact .panel { display: block; height: auto; max-height: none; }
  .toolbar { display: none; }
  .scroll, .compact .scroll { overflow: visible; padding: 0; }
  .print-only { display: block; }
  span.hl, .speaking, span.flash { background: none; box-shadow: none; }
  .summary-box { border: 1px solid #999; break-inside: avoid; }
  .content a { color: inherit; }
}
`;

  const t = (key, subs) => chrome.i18n.getMessage(key, subs) || key;
  const UI_DIR = chrome.i18n.getMessage("@@bidi_dir") || "ltr";
  const UI_LANG = chrome.i18n.getUILanguage();
  const speech = globalThis.__distillSpeech;
  const exporter = globalThis.__distillExport;
  const picker = globalThis.__distillPicker;

  let host = null;
  let shadow = null;
  let state = null; // {mode, data, length, options}
  let savedOverflow = null;
  let returnFocus = null; // where focus goes back to when the overlay closes
  const reader = new speech.Reader({ onSentence: markSpoken, onState: showListenState });

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), trusted(value));
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child) node.append(child);
    }
    return node;
  }

  /**
   * A handler that runs for the user's own input only. The overlay is in an open shadow root, so
   * the page's scripts can reach its controls and call click() or dispatch events; those events
   * are not trusted, and must not open the options page, copy, save a setting or a site rule,
   * ask the backend again, or close the reader view.
   */
  function trusted(handler) {
    return (event) => {
      if (event.isTrusted) handler(event);
    };
  }

  /** A button whose name is its text, after a decorative CSS-drawn symbol (fonts may lack ⏸). */
  function iconButton(icon, label, props = {}) {
    return el("button", { type: "button", ...props },
      el("span", { class: `icon ${icon}`, "aria-hidden": "true" }), el("span", { class: "label", text: label }));
  }

  function setIconButton(button, icon, label) {
    button.querySelector(".icon").className = `icon ${icon}`;
    button.querySelector(".label").textContent = label;
  }

  function isOpen() {
    return Boolean(host && host.isConnected);
  }

  function reducedMotion() {
    return matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function attachStyles(root) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      root.append(el("style", { text: CSS })); // older engines without constructable sheets
    }
  }

  function open(mode) {
    close();
    const active = document.activeElement;
    returnFocus = active && active !== document.body ? active : null;
    host = document.createElement("div");
    host.id = HOST_ID;
    shadow = host.attachShadow({ mode: "open" });
    attachStyles(shadow);
    document.documentElement.append(host);
    if (mode === "page") {
      savedOverflow = document.documentElement.style.overflow;
      document.documentElement.style.overflow = "hidden";
      exporter.printOnlyOverlay(true);
    }
    document.addEventListener("keydown", onKey, true);
    state = { mode, data: null, length: 0, options: {} };
    drawFrame(mode, el("div", { class: "status", "data-role": "loading", role: "status" },
      el("span", { class: "spinner" }),
      el("span", { text: t(mode === "page" ? "loadingPage" : "loadingSelection") })));
  }

  function close() {
    document.removeEventListener("keydown", onKey, true);
    const wasOpen = isOpen();
    reader.stop();
    exporter.printOnlyOverlay(false);
    if (host) host.remove();
    if (savedOverflow !== null) {
      document.documentElement.style.overflow = savedOverflow;
      savedOverflow = null;
    }
    host = shadow = state = null;
    if (wasOpen) {
      // back where the reader was on the page (with no such element, focus falls to the page)
      if (returnFocus && returnFocus.isConnected) returnFocus.focus({ preventScroll: true });
    }
    returnFocus = null;
  }

  // ---------------------------------------------------------------- keyboard
  function focusables() {
    return [...shadow.querySelectorAll('button, select, input, summary, a[href], [tabindex="0"]')]
      .filter((node) => !node.disabled && node.getClientRects().length > 0);
  }

  function typing(node) {
    return node && /^(input|select|textarea)$/i.test(node.localName);
  }

  function onKey(event) {
    if (!event.isTrusted || !isOpen()) return; // the page's dispatched keys are not the user's
    const inside = event.composedPath().includes(host);
    const active = shadow.activeElement;
    if (event.key === "Escape") {
      event.stopPropagation();
      const menu = shadow.querySelector("details.menu[open]");
      if (menu && inside) {
        menu.open = false;
        menu.querySelector("summary").focus();
        return;
      }
      close();
      return;
    }
    if (event.key === "Tab" && state.mode === "page") {
      // the reader view is modal: Tab cycles through its controls
      const list = focusables();
      if (!list.length) return;
      const first = list[0];
      const last = list[list.length - 1];
      if (!inside || (event.shiftKey && (active === first || !list.includes(active)))) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
      return;
    }
    if (!inside || typing(active) || event.altKey || event.ctrlKey || event.metaKey) return;
    const onItem = active && active.matches && active.matches("[data-role=summary] li");
    const step = { j: 1, k: -1 }[event.key] || (onItem ? { ArrowDown: 1, ArrowUp: -1 }[event.key] : 0);
    if (step && state.data) {
      event.preventDefault();
      event.stopPropagation();
      moveSentence(step);
    } else if (onItem && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      reveal(active.getAttribute("data-sentence"));
    }
  }

  /** j/k: the next or previous summary sentence gets the focus, and the article shows it. */
  function moveSentence(step) {
    const items = [...shadow.querySelectorAll("[data-role=summary] li")];
    if (!items.length) return;
    const now = items.indexOf(shadow.activeElement);
    const next = now < 0 ? (step > 0 ? 0 : items.length - 1) : Math.max(0, Math.min(items.length - 1, now + step));
    for (const item of items) item.tabIndex = -1;
    items[next].tabIndex = 0;
    items[next].focus();
    reveal(items[next].getAttribute("data-sentence"));
  }

  // ---------------------------------------------------------------- frame
  function themeClass(theme) {
    const dark = theme === "dark" || (theme !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    return dark ? "theme-dark" : "theme-light";
  }

  function drawFrame(mode, body, options = {}) {
    const backdrop = el("div", {
      class: `backdrop ${mode === "selection" ? "compact" : ""} ${themeClass(options.theme || "auto")}`,
      dir: UI_DIR, lang: UI_LANG,
    });
    if (options.fontSize) backdrop.style.setProperty("--font-size", `${Number(options.fontSize)}px`);
    const toolbar = el("div", { class: "toolbar", "data-role": "toolbar" }, el("span", { class: "brand", text: "Distill" }));
    if (options.controls) toolbar.append(...options.controls);
    toolbar.append(el("button", { type: "button", class: "close", title: t("closeTitle"), "aria-label": t("close"),
      "data-role": "close", text: "×", onclick: close }));
    const panel = el("div", { class: "panel", role: "dialog", "aria-label": t("overlayLabel"), tabindex: "-1" },
      toolbar, el("div", { class: "scroll" }, body));
    if (mode === "page") panel.setAttribute("aria-modal", "true");
    backdrop.append(panel);
    shadow.replaceChildren(...shadow.querySelectorAll("style"), backdrop);
    panel.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- sanitizing copy
  function safeUrl(value, attr) {
    try {
      const url = new URL(value, document.baseURI);
      const ok = attr === "href" ? ["http:", "https:", "mailto:"] : ["http:", "https:"];
      return ok.includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  function copyAllowed(source, target) {
    for (const node of source.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        target.append(document.createTextNode(node.data));
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = node.localName;
      if (DROP_WITH_CONTENT.has(tag)) continue;
      if (!ALLOWED_TAGS.has(tag)) {
        copyAllowed(node, target); // unknown wrapper: keep its text
        continue;
      }
      const copy = document.createElement(tag);
      const allowed = [...ALLOWED_ATTRS["*"], ...(ALLOWED_ATTRS[tag] || [])];
      for (const name of allowed) {
        let value = node.getAttribute(name);
        if (value === null) continue;
        if (URL_ATTRS.has(name)) value = safeUrl(value, name);
        else if (name === "srcset") value = value.split(",").map((c) => c.trim().split(/\s+/))
          .filter(([u]) => u && safeUrl(u, "src")).map(([u, ...rest]) => [safeUrl(u, "src"), ...rest].join(" ")).join(", ");
        else if (NUMERIC_ATTRS.has(name) && !/^\d+$/.test(value)) value = null;
        if (value) copy.setAttribute(name, value);
      }
      if (tag === "a") {
        copy.setAttribute("target", "_blank");
        copy.setAttribute("rel", "noopener noreferrer");
      }
      if (tag === "img" && !copy.hasAttribute("src") && !copy.hasAttribute("srcset")) continue;
      copyAllowed(node, copy);
      target.append(copy);
    }
    return target;
  }

  function dropImage(event) {
    // a broken picture (or one the page's CSP blocks) shows nothing, but stays in the DOM:
    // the exported files link to it
    event.target.hidden = true;
  }

  function readerContent(html) {
    const parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    const content = copyAllowed(parsed.body, el("div", { class: "content", "data-role": "reader" }));
    for (const img of content.querySelectorAll("img")) img.addEventListener("error", dropImage);
    return content;
  }

  // ---------------------------------------------------------------- summary and length
  /** The ranking without the sentences the user removed: the summary of length k is its first k. */
  function rankingOf(data) {
    const order = data.ranking && data.ranking.length ? data.ranking : data.summary;
    const removed = (state && state.removed) || new Set();
    return order.filter((i) => !removed.has(i));
  }

  function summaryOf(data, length) {
    return rankingOf(data).slice(0, length).sort((a, b) => a - b);
  }

  function sentenceText(data) {
    const byIndex = new Map(data.sentences.map((s) => [s.index, s.text]));
    return (i) => byIndex.get(i) || "";
  }

  function showSummary() {
    const { data, length } = state;
    const picked = summaryOf(data, length);
    const textOf = sentenceText(data);
    const list = shadow.querySelector('[data-role="summary"]');
    list.replaceChildren(...picked.map((i, n) =>
      el("li", { "data-sentence": String(i), text: textOf(i), title: t("showInArticle"), tabindex: n === 0 ? "0" : "-1",
        onclick: () => reveal(i) })));
    const wanted = new Set(picked.map(String));
    for (const span of shadow.querySelectorAll(".content span[data-sentence]")) {
      span.classList.toggle("hl", wanted.has(span.getAttribute("data-sentence")));
    }
    const out = shadow.querySelector('[data-role="length"] output');
    if (out) out.textContent = t("summaryLengthValue", [String(picked.length)]);
    const [less, more] = shadow.querySelectorAll('[data-role="length"] button');
    if (less) less.disabled = length <= 1;
    if (more) more.disabled = length >= maxLength(data);
  }

  function maxLength(data) {
    return Math.max(1, Math.min(rankingOf(data).length, MAX_LENGTH));
  }

  function changeLength(delta) {
    state.length = Math.max(1, Math.min(maxLength(state.data), state.length + delta));
    if (reader.state !== "idle" && state.options.listenScope !== "article") reader.stop();
    showSummary();
  }

  function reveal(index) {
    const target = shadow.querySelector(`.content span[data-sentence="${Number(index)}"]`);
    if (!target) return;
    target.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1200);
  }

  function say(message) {
    const note = shadow && shadow.querySelector(".copied");
    if (note) note.textContent = message;
  }

  async function copy(kind) {
    const { data, length } = state;
    const lines = summaryOf(data, length).map(sentenceText(data));
    let text = lines.join("\n");
    if (kind === "markdown") {
      const title = data.title ? `## ${data.title}\n\n` : "";
      const source = data.url ? `\n\n[${t("exportSource")}](${data.url})` : "";
      text = `${title}${lines.map((l) => `- ${l}`).join("\n")}${source}`;
    }
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      const area = el("textarea", { "aria-hidden": "true" });
      area.value = text;
      shadow.append(area);
      area.select();
      done = document.execCommand("copy");
      area.remove();
    }
    say(t(done ? "copied" : "copyFailed"));
  }

  // ---------------------------------------------------------------- listen
  function listenItems() {
    const { data, length } = state;
    if (state.options.listenScope === "article" && state.mode === "page") {
      return [...data.sentences].filter((s) => !state.removed.has(s.index)).sort((a, b) => a.index - b.index)
        .map((s) => ({ index: s.index, text: s.text }));
    }
    const textOf = sentenceText(data);
    return summaryOf(data, length).map((i) => ({ index: i, text: textOf(i) }));
  }

  function listenButton() {
    return shadow && shadow.querySelector("[data-role=listen]");
  }

  function toggleListen() {
    if (reader.state === "playing") reader.pause();
    else if (reader.state === "paused") reader.resume();
    else reader.start(listenItems(), { lang: state.data.lang, rate: Number(state.options.speechRate) || 1 });
  }

  function showListenState(now) {
    const button = listenButton();
    if (!button || button.dataset.voice === "none") return;
    if (now === "playing") setIconButton(button, "pause", t("listenPause"));
    else if (now === "paused") setIconButton(button, "play", t("listenResume"));
    else setIconButton(button, "play", t("listen"));
    button.setAttribute("aria-pressed", String(now === "playing"));
    button.dataset.state = now;
    const stop = shadow.querySelector("[data-role=listen-stop]");
    if (stop) stop.disabled = now === "idle";
  }

  /** The sentence being read: highlighted in the summary and the article, and kept in view. */
  function markSpoken(index) {
    if (!shadow) return;
    for (const node of shadow.querySelectorAll(".speaking")) node.classList.remove("speaking");
    if (index === null || index === undefined) return;
    const item = shadow.querySelector(`[data-role=summary] li[data-sentence="${Number(index)}"]`);
    const spans = [...shadow.querySelectorAll(`.content span[data-sentence="${Number(index)}"]`)];
    for (const node of [item, ...spans]) if (node) node.classList.add("speaking");
    const target = state.options.listenScope === "article" ? spans[0] || item : item || spans[0];
    if (target) target.scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
  }

  /** No voice (or no speechSynthesis at all): the button says so and stays disabled. */
  async function checkVoices() {
    const button = listenButton();
    if (!button) return;
    const list = await speech.whenVoices();
    if (button !== listenButton()) return; // redrawn meanwhile
    const note = shadow.querySelector("[data-role=voice-note]");
    if (!speech.synth() || !list.length) {
      button.disabled = true;
      button.dataset.voice = "none";
      setIconButton(button, "none", t("listenNoVoice"));
      const why = t(speech.synth() ? "listenNoVoiceHelp" : "listenNoSpeechHelp");
      button.title = why;
      note.textContent = why;
      return;
    }
    button.disabled = false;
    delete button.dataset.voice;
    const lang = state.data.lang;
    button.title = lang && !speech.voiceFor(lang, list)
      ? t("listenDefaultVoice", [lang]) : t(state.options.listenScope === "article" ? "listenArticleTitle" : "listenSummaryTitle");
    note.textContent = "";
    showListenState(reader.state);
  }

  function saveSetting(key, value) {
    state.options[key] = value;
    chrome.runtime.sendMessage({ type: "distill:save-setting", key, value }).catch(() => {});
  }

  function listenControls() {
    const number = new Intl.NumberFormat(UI_LANG);
    const rate = Number(state.options.speechRate) || 1;
    const speed = el("select", { "data-role": "speed", "aria-label": t("speedLabel"), title: t("speedLabel"),
      onchange: (event) => {
        const value = Number(event.target.value);
        saveSetting("speechRate", value);
        reader.setRate(value);
      } },
    ...SPEECH_RATES.map((r) => el("option", { value: String(r), text: `${number.format(r)}×` })));
    speed.value = String(rate);
    const group = el("div", { class: "listen", role: "group", "aria-label": t("listenGroup") },
      // disabled until the engine has listed its voices (checkVoices)
      iconButton("play", t("listen"), { "data-role": "listen", "aria-describedby": "distill-voice-note", disabled: "",
        onclick: toggleListen }),
      iconButton("stop", t("listenStop"), { "data-role": "listen-stop", disabled: "", onclick: () => reader.stop() }),
      speed,
      el("span", { class: "voice-note", id: "distill-voice-note", "data-role": "voice-note" }));
    if (state.mode === "page") {
      const scope = el("select", { "data-role": "listen-scope", "aria-label": t("listenScopeLabel"), title: t("listenScopeLabel"),
        onchange: (event) => {
          reader.stop();
          saveSetting("listenScope", event.target.value);
          checkVoices();
        } },
      el("option", { value: "summary", text: t("listenScopeSummary") }),
      el("option", { value: "article", text: t("listenScopeArticle") }));
      scope.value = state.options.listenScope === "article" ? "article" : "summary";
      group.insertBefore(scope, speed);
    }
    return group;
  }

  // ---------------------------------------------------------------- menu: copy, export, print, always open
  function exportView() {
    const { data, length } = state;
    return {
      title: data.title || "", byline: data.byline || "", published: data.published || "",
      siteName: data.site_name || "", url: data.url ? safeUrl(data.url, "href") || "" : "",
      lang: data.lang || "", dir: data.dir || "",
      leadImage: (data.lead_image && safeUrl(data.lead_image, "src")) || "",
      summary: summaryOf(data, length).map(sentenceText(data)),
      content: shadow.querySelector("[data-role=reader]"),
    };
  }

  function downloadAs(kind) {
    const view = exportView();
    if (kind === "markdown") {
      exporter.download(shadow, exporter.fileName(view.title, "md"), exporter.markdown(view), "text/markdown");
    } else {
      exporter.download(shadow, exporter.fileName(view.title, "html"), exporter.htmlFile(view), "text/html");
    }
    say(t("downloaded"));
  }

  function closeMenu() {
    const menu = shadow && shadow.querySelector("details.menu");
    if (menu) menu.open = false;
  }

  function alwaysOpenToggle() {
    const hostName = location.hostname;
    const input = el("input", { type: "checkbox", "data-role": "always-open" });
    input.checked = Boolean(state.options.alwaysOpen);
    // A page's script can click() the box, and the change event that follows is trusted: the
    // click itself is checked, and a page's is undone (cancelling a click restores the box).
    input.addEventListener("click", (event) => {
      if (!event.isTrusted) event.preventDefault();
      else askAlwaysOpen(input.checked);
    });
    async function askAlwaysOpen(on) {
      input.disabled = true;
      let answer = null;
      try {
        answer = await chrome.runtime.sendMessage({ type: "distill:always-open", url: location.href, on });
      } catch {
        answer = null;
      }
      input.disabled = false;
      if (answer && answer.needsPermission) {
        input.checked = false;
        say(t("alwaysOpenConfirm", [hostName]));
      } else if (answer && answer.ok) {
        input.checked = answer.on;
        state.options.alwaysOpen = answer.on;
        say(t(answer.on ? "alwaysOpenOn" : "alwaysOpenOff", [hostName]));
      } else {
        input.checked = !on;
        say(t("errorSomething"));
      }
    }
    return el("label", { class: "toggle" }, input, el("span", { text: t("alwaysOpen", [hostName]) }));
  }

  function menu() {
    const page = state.mode === "page";
    const act = (fn) => () => {
      closeMenu();
      fn();
    };
    const items = el("div", { class: "menu-items" },
      el("button", { type: "button", text: t("copyText"), title: t("copyTextTitle"), "data-role": "copy-text",
        onclick: act(() => copy("text")) }),
      el("button", { type: "button", text: t("copyMarkdown"), title: t("copyMarkdownTitle"), "data-role": "copy-markdown",
        onclick: act(() => copy("markdown")) }));
    if (page) {
      items.append(
        el("button", { type: "button", text: t("downloadMarkdown"), "data-role": "download-markdown",
          onclick: act(() => downloadAs("markdown")) }),
        el("button", { type: "button", text: t("downloadHtml"), "data-role": "download-html",
          onclick: act(() => downloadAs("html")) }),
        el("button", { type: "button", text: t("print"), "data-role": "print", onclick: act(() => window.print()) }));
      if (/^https?:$/.test(location.protocol) && location.hostname) {
        items.append(el("hr"));
        if (state.options.picked) items.append(siteRuleButton());
        items.append(alwaysOpenToggle());
      }
    }
    return el("details", { class: "menu", "data-role": "menu" },
      el("summary", { class: "menu-button", text: `${t("menuLabel")} ▾` }), items);
  }

  // ---------------------------------------------------------------- remove, pick, site rules
  const REMOVABLE = "p, figure, li, blockquote, pre, table, h2, h3, h4, h5, h6, img";

  function toggleRemoving() {
    state.removing = !state.removing;
    const button = shadow.querySelector("[data-role=remove]");
    button.setAttribute("aria-pressed", String(state.removing));
    shadow.querySelector(".backdrop").classList.toggle("removing", state.removing);
    say(state.removing ? t("removeOn") : "");
  }

  /** Remove mode: a click takes the paragraph or figure out of the view and its sentences out of
   *  the summary, which is re-ranked from the backend's ranking without them. */
  function removeBlock(event) {
    if (!state || !state.removing) return;
    const block = event.target.closest(REMOVABLE);
    const content = shadow.querySelector("[data-role=reader]");
    if (!block || !content.contains(block)) return;
    event.preventDefault();
    event.stopPropagation();
    for (const span of block.querySelectorAll("span[data-sentence]")) state.removed.add(Number(span.dataset.sentence));
    block.remove();
    state.length = Math.min(state.length, maxLength(state.data));
    if (reader.state !== "idle") reader.stop();
    showSummary();
    say(t("removedBlock"));
  }

  /** "Not the article?": the user picks the block; the worker asks the backend about it alone. */
  async function pickBlock() {
    const options = state ? state.options : {};
    close();
    const chosen = await picker.pick();
    if (!chosen) return null;
    const block = picker.describe(chosen);
    open("page");
    if (state) state.options = options;
    return block;
  }

  function siteRuleButton() {
    const hostName = location.hostname;
    return el("button", { type: "button", "data-role": "site-rule", text: t("alwaysUseBlock", [hostName]),
      onclick: async () => {
        closeMenu();
        let answer = null;
        try {
          answer = await chrome.runtime.sendMessage({ type: "distill:site-rule", url: location.href,
            selector: state.options.picked });
        } catch {
          answer = null;
        }
        say(answer && answer.ok ? t("siteRuleSaved", [hostName]) : t("errorSomething"));
      } });
  }

  // ---------------------------------------------------------------- focus on a question
  // The summary asked again with the reader's question or keywords ("query"): the worker sends
  // the same request it sent first (options.request), and the answer is drawn like the first.
  function refocus(query) {
    const list = shadow.querySelector('[data-role="summary"]');
    list.replaceChildren(el("li", { class: "status", role: "status", "data-role": "focus-loading" },
      el("span", { class: "spinner" }), el("span", { text: t("focusLoading") })));
    for (const node of shadow.querySelectorAll("[data-role=focus] input, [data-role=focus] button")) node.disabled = true;
    chrome.runtime.sendMessage({ type: "distill:refocus", query, mode: state.mode, request: state.options.request })
      .catch(() => renderError({ message: t("errorSomething") }, state.options));
  }

  function focusForm(data) {
    if (!state.options.request) return null; // nothing to ask again with
    const input = el("input", { type: "search", name: "query", maxlength: "300", "data-role": "focus-query",
      placeholder: t("focusPlaceholder"), "aria-label": t("focusLabel"), title: t("focusLabel") });
    input.value = data.query || "";
    // The user's click on the button, or Enter in the field (its implicit click is trusted too),
    // asks; a submit event alone does not: a page's requestSubmit() or click() makes a trusted one.
    const form = el("form", { class: "focus", role: "search", "data-role": "focus", "aria-label": t("focusLabel") },
      input, el("button", { type: "submit", "data-role": "focus-go", text: t("focusButton"), onclick: (event) => {
        event.preventDefault();
        const query = input.value.trim();
        if (query !== (data.query || "")) refocus(query);
      } }));
    form.addEventListener("submit", (event) => event.preventDefault()); // never navigates the page
    if (data.query) {
      form.append(el("button", { type: "button", "data-role": "focus-clear", text: t("focusClear"),
        onclick: () => refocus("") }));
    }
    return form;
  }

  // ---------------------------------------------------------------- rendering answers
  function metaLine(data) {
    const parts = [];
    if (data.byline) parts.push(data.byline);
    if (data.published) parts.push(data.published);
    if (data.reading_minutes) parts.push(t("minutesRead", [String(data.reading_minutes)]));
    return parts.join(" · ");
  }

  function renderArticle(data, options) {
    const mode = options.mode || "page";
    reader.stop();
    state = { mode, data, length: Math.max(1, data.summary.length), options: { ...options }, removed: new Set(),
      removing: false };
    const article = el("article");
    if (data.lang) article.setAttribute("lang", data.lang);
    article.setAttribute("dir", data.dir || "auto");
    if (mode === "page") {
      const header = el("header");
      if (data.site_name) header.append(el("div", { class: "site", text: data.site_name }));
      if (data.title) header.append(el("h1", { class: "title", text: data.title }));
      const meta = metaLine(data);
      if (meta) header.append(el("p", { class: "meta", text: meta }));
      const source = data.url && safeUrl(data.url, "href");
      if (source) header.append(el("p", { class: "meta print-only", text: `${t("exportSource")}: ${source}` }));
      article.append(header);
    }
    article.append(el("section", { class: "summary-box", "aria-label": t("summaryHeading") },
      el("h2", { text: t("summaryHeading") }),
      el("ol", { "data-role": "summary", title: t("summaryKeysHint") }), focusForm(data)));
    if (mode === "page") {
      const lead = data.lead_image && safeUrl(data.lead_image, "src");
      if (lead) article.append(el("img", { class: "lead-image", src: lead, alt: "", onerror: dropImage }));
      const content = readerContent(data.content_html);
      content.addEventListener("click", trusted(removeBlock), true);
      article.append(content);
    }
    const note = options.note || (data.pages_read > 1 ? t("notePages", [String(data.pages_read)]) : "");
    if (note) article.prepend(el("p", { class: "note", role: "note", "data-role": "note", text: note }));
    // picking needs the page itself: not in the PDF reader's extension page
    const pickable = /^(https?|file):$/.test(location.protocol);
    const pageTools = mode !== "page" ? [] : [
      pickable && el("button", { type: "button", "data-role": "pick", text: t("notTheArticle"), title: t("notTheArticleTitle"),
        onclick: () => pickBlock().then((block) => block && chrome.runtime.sendMessage({ type: "distill:summarize-block", block }))
          .catch(() => {}) }),
      el("button", { type: "button", "data-role": "remove", text: t("removeMode"), title: t("removeModeTitle"),
        "aria-pressed": "false", onclick: toggleRemoving }),
    ].filter(Boolean);
    const controls = [
      ...pageTools,
      el("div", { class: "length", "data-role": "length", role: "group", "aria-label": t("lengthGroup") },
        el("button", { type: "button", title: t("fewerSentences"), "aria-label": t("fewerSentences"), text: "−",
          onclick: () => changeLength(-1) }),
        el("output", { "aria-live": "polite" }),
        el("button", { type: "button", title: t("moreSentences"), "aria-label": t("moreSentences"), text: "+",
          onclick: () => changeLength(1) })),
      listenControls(),
      el("span", { class: "copied", role: "status" }),
      menu(),
    ];
    drawFrame(mode, article, { ...options, controls });
    showSummary();
    checkVoices();
  }

  function renderError(error, options) {
    const box = el("div", { class: "error", "data-role": "error", role: "alert" }, el("p", { text: error.message }));
    // every error links to the options: the backend address, token and length live there
    box.append(el("button", { type: "button", text: t(error.fixInOptions ? "buttonFixInOptions" : "buttonOptions"),
      onclick: () => chrome.runtime.sendMessage({ type: "distill:open-options" }) }));
    drawFrame(options.mode || "page", box, options);
  }

  /** The options page changed the always-open list: the overlay's toggle follows. */
  chrome.storage.onChanged.addListener((changes) => {
    if (!changes.alwaysOpenHosts || !isOpen()) return;
    const input = shadow.querySelector("[data-role=always-open]");
    const hosts = changes.alwaysOpenHosts.newValue || [];
    if (input) input.checked = hosts.includes(location.hostname);
  });

  function pageForBackend(rule) {
    if (rule) {
      let block = null;
      try {
        block = document.querySelector(rule);
      } catch {
        block = null;
      }
      // the site's saved block; without it, the whole page (the reader view says so)
      if (block) return { ...picker.describe(block), rule };
      return { html: document.documentElement.outerHTML, url: location.href, ruleMissed: true };
    }
    return { html: document.documentElement.outerHTML, url: location.href };
  }

  globalThis.__distill = {
    /** Toolbar: close if open, else show the loading state and hand over the rendered DOM. */
    toggle(rule = null) {
      if (isOpen()) {
        close();
        return { closed: true };
      }
      const page = pageForBackend(rule);
      open("page");
      return page;
    },
    /** "Always open" on page load: open unless it already is (null then). */
    openPage(rule = null) {
      if (isOpen()) return null;
      const page = pageForBackend(rule);
      open("page");
      return page;
    },
    /** "Not the article?" from the context menu: the picked block, or null when cancelled. */
    pick: pickBlock,
    /** Context menu: show the compact loading state and return the selection with its breaks. */
    openSelection() {
      const text = String(getSelection() || "");
      open("selection");
      return text;
    },
    /** The article's next page, fetched in the page's world: same origin, the user's cookies. */
    async fetchPage(url) {
      const target = new URL(url, location.href);
      if (target.origin !== location.origin) return null;
      const response = await fetch(target.href, { credentials: "include" });
      return response.ok ? response.text() : null;
    },
    /** The loading state alone (the PDF reader page, before the worker's answer). */
    loading() {
      if (!isOpen()) open("page");
    },
    render(outcome, options = {}) {
      if (!isOpen()) open(options.mode || "page");
      if (outcome && outcome.ok) renderArticle(outcome.data, options);
      else renderError((outcome && outcome.error) || { message: t("errorSomething") }, options);
    },
    close,
    isOpen,
  };
})();
