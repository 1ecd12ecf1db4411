// "Not the article?": the user picks the block that is. Blocks are outlined as the pointer moves;
// Up/Down widen or narrow the choice (the parent, or back towards what the pointer is on); Enter
// or a click takes it, Esc cancels. The outline and the hint live in their own open shadow root,
// built with textContent only. Injected before content.js, into the same isolated world.
(() => {
  if (Object.hasOwn(globalThis, "__distillPicker")) return; // its own: a page element named so shows through

  const HOST_ID = "distill-picker";
  const CSS = `
:host { all: initial; }
.box { position: fixed; z-index: 2147483646; pointer-events: none; border: 3px solid #0b6670;
  background: rgba(11, 102, 112, .12); border-radius: 3px; transition: all .06s;
  box-shadow: 0 0 0 2px #fff, inset 0 0 0 1px #fff; } /* a dark and a light ring: seen on light and dark pages alike */
.hint { position: fixed; z-index: 2147483647; inset: auto 16px 16px 16px; max-width: 46em; margin: 0 auto;
  padding: 10px 14px; border-radius: 8px; background: #1c1d1f; color: #f4f2ed; pointer-events: none;
  font: 15px/1.4 system-ui, sans-serif; box-shadow: 0 6px 20px rgba(0,0,0,.3); }
.hint b { color: #9be3ea; }
@media (prefers-reduced-motion: reduce) { .box { transition: none; } }
`;
  const t = (key, subs) => chrome.i18n.getMessage(key, subs) || key;

  /** A selector that finds this element again on later pages of the site: its id, else the
   *  classes and positions of the path from the nearest ancestor with an id (or <body>). */
  function selectorFor(node) {
    const stableId = (el) => el.id && !/\d{3,}|^[0-9]/.test(el.id) && /^[\w-]+$/.test(el.id);
    const parts = [];
    for (let el = node; el && el.nodeType === 1 && el.localName !== "body" && el.localName !== "html"; el = el.parentElement) {
      if (stableId(el)) {
        parts.unshift(`#${CSS_escape(el.id)}`);
        break;
      }
      let part = el.localName;
      const classes = [...el.classList].filter((c) => /^[A-Za-z][\w-]*$/.test(c) && !/\d{3,}/.test(c)).slice(0, 3);
      if (classes.length) part += classes.map((c) => `.${CSS_escape(c)}`).join("");
      const parent = el.parentElement;
      if (parent) {
        const same = [...parent.children].filter((c) => c.localName === el.localName);
        if (same.length > 1 && (!classes.length || parent.querySelectorAll(`:scope > ${part}`).length > 1)) {
          part += `:nth-of-type(${same.indexOf(el) + 1})`;
        }
      }
      parts.unshift(part);
      if (document.querySelectorAll(parts.join(" > ")).length === 1 && parts.length > 1) break;
    }
    const selector = parts.join(" > ") || "body";
    return document.querySelector(selector) === node ? selector : null;
  }

  function CSS_escape(value) {
    return globalThis.CSS && CSS.escape ? CSS.escape(value) : value.replace(/[^\w-]/g, "\\$&");
  }

  function blockOf(node) {
    let el = node && node.nodeType === 1 ? node : node && node.parentElement;
    // inline elements are not blocks: climb to the nearest element that lays out as one
    while (el && el.parentElement && el.localName !== "body" && getComputedStyle(el).display.startsWith("inline")) {
      el = el.parentElement;
    }
    return el && el.localName !== "html" ? el : null;
  }

  /** Resolves with the element the user took, or null when they cancelled. */
  function pick() {
    const existing = document.getElementById(HOST_ID);
    if (existing) existing.remove();
    const host = document.createElement("div");
    host.id = HOST_ID;
    const root = host.attachShadow({ mode: "open" });
    const sheet = document.createElement("style");
    sheet.textContent = CSS;
    try {
      const constructed = new CSSStyleSheet();
      constructed.replaceSync(CSS);
      root.adoptedStyleSheets = [constructed];
    } catch {
      root.append(sheet);
    }
    const box = document.createElement("div");
    box.className = "box";
    box.dataset.role = "picker-box";
    const hint = document.createElement("div");
    hint.className = "hint";
    hint.setAttribute("role", "status");
    hint.dataset.role = "picker-hint";
    hint.textContent = t("pickerHint");
    root.append(box, hint);
    document.documentElement.append(host);

    let pointed = null; // what the pointer is on
    let chosen = null; // the block outlined (pointed, or an ancestor after Up)
    const trail = []; // the narrower blocks Up left, for Down

    function outline(el) {
      chosen = el;
      if (!el) {
        box.style.display = "none";
        return;
      }
      const r = el.getBoundingClientRect();
      Object.assign(box.style, { display: "block", left: `${r.left - 3}px`, top: `${r.top - 3}px`,
        width: `${r.width + 6}px`, height: `${r.height + 6}px` });
      box.dataset.tag = el.localName;
      hint.textContent = `${t("pickerHint")} — ${el.localName}${el.id ? `#${el.id}` : ""}`;
    }

    return new Promise((resolve) => {
      function finish(el) {
        document.removeEventListener("mousemove", onMove, true);
        document.removeEventListener("click", onClick, true);
        document.removeEventListener("keydown", onKey, true);
        host.remove();
        resolve(el);
      }
      // The user's own pointer and keys only: the page's scripts can dispatch mouse and key
      // events on the document, which must not steer or take the choice.
      function onMove(event) {
        if (!event.isTrusted) return;
        const el = blockOf(document.elementFromPoint(event.clientX, event.clientY));
        if (!el || el === pointed || host.contains(el)) return;
        pointed = el;
        trail.length = 0;
        outline(el);
      }
      function onClick(event) {
        if (!event.isTrusted) return;
        event.preventDefault();
        event.stopPropagation();
        const el = chosen || blockOf(event.target);
        finish(el);
      }
      function onKey(event) {
        if (!event.isTrusted) return;
        const actions = {
          Escape: () => finish(null),
          Enter: () => chosen && finish(chosen),
          ArrowUp: () => {
            if (chosen && chosen.parentElement && chosen.localName !== "body") {
              trail.push(chosen);
              outline(chosen.parentElement);
            }
          },
          ArrowDown: () => {
            if (trail.length) outline(trail.pop());
            else if (chosen) {
              const inner = [...chosen.children].find((c) => c.getClientRects().length && c.textContent.trim());
              if (inner) outline(inner);
            }
          },
        };
        const action = actions[event.key];
        if (!action) return;
        event.preventDefault();
        event.stopPropagation();
        action();
      }
      document.addEventListener("mousemove", onMove, true);
      document.addEventListener("click", onClick, true);
      document.addEventListener("keydown", onKey, true);
      // keyboard-only users start on the page's main block
      outline(blockOf(document.querySelector("main, article, [role=main]") || document.body));
    });
  }

  /** The block as the backend takes it (extract: false), and the selector that finds it again. */
  function describe(el) {
    return { html: el.outerHTML, url: location.href, extract: false, title: document.title || undefined,
      selector: selectorFor(el) };
  }

  globalThis.__distillPicker = { pick, describe, selectorFor };
})();
