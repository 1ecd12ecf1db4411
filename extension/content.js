// Distill's overlay: reads the page's rendered DOM and draws the reader view with its summary.
// It lives in an open shadow root on #distill-root, styled with adoptedStyleSheets, so the
// page's CSS cannot reach in and ours cannot leak out; a strict page CSP blocks neither.
// Everything is built with createElement/textContent: backend strings never become markup,
// and the backend's already-sanitized article HTML is parsed with DOMParser and copied through
// the same allowlist again before it is inserted.
(() => {
  if (globalThis.__distill) {
    return; // injected again by the next click: keep the one instance
  }

  const HOST_ID = "distill-root";
  const MAX_LENGTH = 15;

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
:host { all: initial; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; display: flex; justify-content: center;
  background: var(--bg); color: var(--fg); overflow: hidden;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.backdrop.compact { inset: 16px 16px auto auto; width: min(440px, calc(100vw - 32px)); max-height: 80vh;
  border: 1px solid var(--rule); border-radius: 12px; box-shadow: 0 12px 40px rgba(0,0,0,.28); }
.theme-light { --bg: #fbfaf7; --fg: #1e1e1e; --muted: #5f6368; --rule: #ddd8cc; --accent: #0e6e78;
  --hl: #fff0b3; --hl-strong: #ffd65c; --card: #f1ede3; }
.theme-dark { --bg: #1c1d1f; --fg: #e6e3dc; --muted: #a4a19a; --rule: #3a3b3e; --accent: #58c4cf;
  --hl: #4a4224; --hl-strong: #7a6a2a; --card: #26282b; }
.panel { display: flex; flex-direction: column; width: 100%; height: 100%; }
.compact .panel { height: auto; max-height: 80vh; }
.toolbar { display: flex; align-items: center; gap: 8px; padding: 8px 16px; border-bottom: 1px solid var(--rule);
  background: var(--bg); flex: none; }
.brand { font-weight: 700; letter-spacing: .02em; color: var(--accent); margin-right: auto; }
button { font: inherit; font-size: 14px; color: var(--fg); background: var(--card); border: 1px solid var(--rule);
  border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button:hover { border-color: var(--accent); }
button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button:disabled { opacity: .45; cursor: default; }
.close { font-size: 20px; line-height: 1; padding: 2px 10px; }
.length { display: flex; align-items: center; gap: 4px; font-size: 14px; color: var(--muted); }
.length output { min-width: 7.5em; text-align: center; }
.scroll { overflow-y: auto; flex: 1; padding: 24px 16px 64px; }
.compact .scroll { padding: 12px 16px 16px; }
article { max-width: 40em; margin: 0 auto; font-size: var(--font-size, 19px); }
.site { color: var(--muted); font-size: 14px; text-transform: uppercase; letter-spacing: .06em; }
h1.title { font: 700 1.9em/1.2 Georgia, "Iowan Old Style", "Noto Serif", serif; margin: .2em 0 .3em; }
.meta { color: var(--muted); font-size: 15px; margin: 0 0 1em; }
.lead-image { display: block; max-width: 100%; height: auto; border-radius: 6px; margin: 0 0 1em; }
.summary-box { background: var(--card); border-left: 4px solid var(--accent); border-radius: 6px;
  padding: 12px 16px; margin: 0 0 1.5em; font-size: 17px; }
.summary-box h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .08em; color: var(--accent); margin: 0 0 6px; }
.summary-box ol { margin: 0; padding-inline-start: 1.3em; }
.summary-box li { margin: .35em 0; cursor: pointer; }
.summary-box li:hover { text-decoration: underline; text-decoration-color: var(--accent); }
.content { font-family: Georgia, "Iowan Old Style", "Noto Serif", serif; line-height: 1.65; overflow-wrap: break-word; }
.content img { max-width: 100%; height: auto; }
.content pre { overflow-x: auto; background: var(--card); padding: 10px; border-radius: 6px; font-size: 14px; }
.content code, .content pre { font-family: ui-monospace, Menlo, Consolas, monospace; }
.content blockquote { border-inline-start: 3px solid var(--rule); margin-inline: 0; padding-inline-start: 1em; color: var(--muted); }
.content table { border-collapse: collapse; font-size: .85em; }
.content td, .content th { border: 1px solid var(--rule); padding: 4px 8px; }
.content a { color: var(--accent); }
.content figcaption { color: var(--muted); font-size: .8em; }
.content section + section { border-top: 1px solid var(--rule); margin-top: 1.2em; padding-top: .6em; }
.content section > small:first-child { display: block; color: var(--muted); font-family: system-ui, sans-serif; }
span.hl { background: var(--hl); border-radius: 2px; box-shadow: 0 0 0 1px var(--hl); }
span.flash { background: var(--hl-strong); transition: background .6s; }
.status { display: flex; align-items: center; gap: 10px; color: var(--muted); padding: 32px 0; justify-content: center; }
.spinner { width: 18px; height: 18px; border: 3px solid var(--rule); border-top-color: var(--accent);
  border-radius: 50%; animation: spin .8s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
.error { max-width: 36em; margin: 32px auto; padding: 16px; border: 1px solid #c5221f; border-radius: 8px; }
.error p { margin: 0 0 10px; }
.copied { color: var(--accent); font-size: 13px; min-width: 4em; }
`;

  let host = null;
  let shadow = null;
  let state = null; // {data, length, mode}
  let savedOverflow = null;

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child) node.append(child);
    }
    return node;
  }

  function isOpen() {
    return Boolean(host && host.isConnected);
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
    host = document.createElement("div");
    host.id = HOST_ID;
    shadow = host.attachShadow({ mode: "open" });
    attachStyles(shadow);
    document.documentElement.append(host);
    if (mode === "page") {
      savedOverflow = document.documentElement.style.overflow;
      document.documentElement.style.overflow = "hidden";
    }
    document.addEventListener("keydown", onKey, true);
    state = { mode, data: null, length: 0 };
    drawFrame(mode, el("div", { class: "status", "data-role": "loading", role: "status" },
      el("span", { class: "spinner" }),
      el("span", { text: mode === "page" ? "Distilling this page…" : "Summarizing the selection…" })));
  }

  function close() {
    document.removeEventListener("keydown", onKey, true);
    if (host) host.remove();
    if (savedOverflow !== null) {
      document.documentElement.style.overflow = savedOverflow;
      savedOverflow = null;
    }
    host = shadow = state = null;
  }

  function onKey(event) {
    if (event.key === "Escape" && isOpen()) {
      event.stopPropagation();
      close();
    }
  }

  function themeClass(theme) {
    const dark = theme === "dark" || (theme !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
    return dark ? "theme-dark" : "theme-light";
  }

  function drawFrame(mode, body, options = {}) {
    const backdrop = el("div", {
      class: `backdrop ${mode === "selection" ? "compact" : ""} ${themeClass(options.theme || "auto")}`,
    });
    if (options.fontSize) backdrop.style.setProperty("--font-size", `${Number(options.fontSize)}px`);
    const toolbar = el("div", { class: "toolbar" }, el("span", { class: "brand", text: "Distill" }));
    if (options.controls) toolbar.append(...options.controls);
    toolbar.append(el("button", { class: "close", title: "Close (Esc)", "aria-label": "Close", text: "×", onclick: close }));
    const panel = el("div", { class: "panel", role: "dialog", "aria-label": "Distill reader view" },
      toolbar, el("div", { class: "scroll" }, body));
    backdrop.append(panel);
    shadow.replaceChildren(...shadow.querySelectorAll("style"), backdrop);
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
    event.target.remove(); // a broken picture (or one the page's CSP blocks) shows nothing
  }

  function readerContent(html) {
    const parsed = new DOMParser().parseFromString(String(html || ""), "text/html");
    const content = copyAllowed(parsed.body, el("div", { class: "content", "data-role": "reader" }));
    for (const img of content.querySelectorAll("img")) img.addEventListener("error", dropImage);
    return content;
  }

  // ---------------------------------------------------------------- summary and length
  function summaryOf(data, length) {
    const order = data.ranking && data.ranking.length ? data.ranking : data.summary;
    return order.slice(0, length).sort((a, b) => a - b);
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
    list.replaceChildren(...picked.map((i) =>
      el("li", { "data-sentence": String(i), text: textOf(i), title: "Show in the article", onclick: () => reveal(i) })));
    const wanted = new Set(picked.map(String));
    for (const span of shadow.querySelectorAll(".content span[data-sentence]")) {
      span.classList.toggle("hl", wanted.has(span.getAttribute("data-sentence")));
    }
    const out = shadow.querySelector('[data-role="length"] output');
    if (out) out.textContent = `${picked.length} sentence${picked.length === 1 ? "" : "s"}`;
    const [less, more] = shadow.querySelectorAll('[data-role="length"] button');
    if (less) less.disabled = length <= 1;
    if (more) more.disabled = length >= maxLength(data);
  }

  function maxLength(data) {
    const order = data.ranking && data.ranking.length ? data.ranking : data.summary;
    return Math.min(order.length, MAX_LENGTH);
  }

  function changeLength(delta) {
    state.length = Math.max(1, Math.min(maxLength(state.data), state.length + delta));
    showSummary();
  }

  function reveal(index) {
    const target = shadow.querySelector(`.content span[data-sentence="${Number(index)}"]`);
    if (!target) return;
    target.scrollIntoView({ block: "center", behavior: "smooth" });
    target.classList.add("flash");
    setTimeout(() => target.classList.remove("flash"), 1200);
  }

  async function copy(kind) {
    const { data, length } = state;
    const lines = summaryOf(data, length).map(sentenceText(data));
    let text = lines.join("\n");
    if (kind === "markdown") {
      const title = data.title ? `## ${data.title}\n\n` : "";
      const source = data.url ? `\n\n[Source](${data.url})` : "";
      text = `${title}${lines.map((l) => `- ${l}`).join("\n")}${source}`;
    }
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      const area = el("textarea");
      area.value = text;
      shadow.append(area);
      area.select();
      done = document.execCommand("copy");
      area.remove();
    }
    const note = shadow.querySelector(".copied");
    if (note) note.textContent = done ? "Copied" : "Copy failed";
  }

  // ---------------------------------------------------------------- rendering answers
  function metaLine(data) {
    const parts = [];
    if (data.byline) parts.push(data.byline);
    if (data.published) parts.push(data.published);
    if (data.reading_minutes) parts.push(`${data.reading_minutes} min read`);
    return parts.join(" · ");
  }

  function renderArticle(data, options) {
    const mode = options.mode || "page";
    state = { mode, data, length: Math.max(1, data.summary.length) };
    const article = el("article");
    if (data.lang) article.setAttribute("lang", data.lang);
    if (data.dir) article.setAttribute("dir", data.dir);
    if (mode === "page") {
      const header = el("header");
      if (data.site_name) header.append(el("div", { class: "site", text: data.site_name }));
      if (data.title) header.append(el("h1", { class: "title", text: data.title }));
      const meta = metaLine(data);
      if (meta) header.append(el("p", { class: "meta", text: meta }));
      const lead = data.lead_image && safeUrl(data.lead_image, "src");
      if (lead) header.append(el("img", { class: "lead-image", src: lead, alt: "", onerror: dropImage }));
      article.append(header);
    }
    article.append(el("section", { class: "summary-box", "aria-label": "Summary" },
      el("h2", { text: "Summary" }), el("ol", { "data-role": "summary" })));
    if (mode === "page") article.append(readerContent(data.content_html));
    const controls = [
      el("div", { class: "length", "data-role": "length" },
        el("button", { title: "Fewer sentences", "aria-label": "Fewer sentences", text: "−", onclick: () => changeLength(-1) }),
        el("output"),
        el("button", { title: "More sentences", "aria-label": "More sentences", text: "+", onclick: () => changeLength(1) })),
      el("button", { text: "Copy", title: "Copy the summary as plain text", "data-role": "copy-text", onclick: () => copy("text") }),
      el("button", { text: "Copy Markdown", title: "Copy the summary as Markdown", "data-role": "copy-markdown", onclick: () => copy("markdown") }),
      el("span", { class: "copied", "aria-live": "polite" }),
    ];
    drawFrame(mode, article, { ...options, controls });
    showSummary();
  }

  function renderError(error, options) {
    const box = el("div", { class: "error", "data-role": "error", role: "alert" }, el("p", { text: error.message }));
    // every error links to the options: the backend address, token and length live there
    box.append(el("button", { text: error.fixInOptions ? "Fix in Distill options" : "Distill options",
      onclick: () => chrome.runtime.sendMessage({ type: "distill:open-options" }) }));
    drawFrame(options.mode || "page", box, options);
  }

  globalThis.__distill = {
    /** Toolbar: close if open, else show the loading state and hand over the rendered DOM. */
    toggle() {
      if (isOpen()) {
        close();
        return { closed: true };
      }
      const page = { html: document.documentElement.outerHTML, url: location.href };
      open("page");
      return page;
    },
    /** Context menu: show the compact loading state and return the selection with its breaks. */
    openSelection() {
      const text = String(getSelection() || "");
      open("selection");
      return text;
    },
    render(outcome, options = {}) {
      if (!isOpen()) open(options.mode || "page");
      if (outcome && outcome.ok) renderArticle(outcome.data, options);
      else renderError((outcome && outcome.error) || { message: "Something went wrong." }, options);
    },
    close,
    isOpen,
  };
})();
