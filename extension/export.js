// Export: the reader view as a Markdown file or as one self-contained HTML file, and the print
// stylesheet that prints the reader view alone. Loaded before content.js into the same
// isolated world. Both files are built from the overlay's own article DOM, which content.js
// copied through its tag and attribute allowlist, and from the backend's fields as text:
// nothing here parses markup, and images become links so the files load nothing from outside.
(() => {
  if (Object.hasOwn(globalThis, "__distillExport")) { // its own: a page element named so shows through
    return;
  }

  const t = (key, subs) => chrome.i18n.getMessage(key, subs);

  // ---------------------------------------------------------------- Markdown
  function escapeInline(text) {
    return text.replace(/([\\`*_[\]<>|])/g, "\\$1");
  }

  function escapeLineStart(line) {
    return line.replace(/^(\s*)([#>+-]|\d+[.)])(?=\s|$)/, "$1\\$2");
  }

  function linkTarget(url) {
    return String(url).replace(/[()\s]/g, (c) => encodeURIComponent(c));
  }

  function imageLink(img) {
    const src = img.getAttribute("src") || (img.getAttribute("srcset") || "").split(/[\s,]+/)[0];
    if (!src) return "";
    const alt = img.getAttribute("alt") || "";
    const label = alt ? t("exportImageNamed", [alt]) : t("exportImage");
    return `[${escapeInline(label)}](${linkTarget(src)})`;
  }

  function inline(node) {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        out += escapeInline(child.data.replace(/\s+/g, " "));
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.localName;
      const inner = () => inline(child);
      if (tag === "br") out += "  \n";
      else if (tag === "img") out += imageLink(child);
      else if (tag === "a") {
        const text = inner().trim();
        const href = child.getAttribute("href");
        out += href ? `[${text || escapeInline(href)}](${linkTarget(href)})` : text;
      } else if (tag === "strong" || tag === "b") out += wrap(inner(), "**");
      else if (tag === "em" || tag === "i" || tag === "cite" || tag === "dfn" || tag === "var") out += wrap(inner(), "*");
      else if (tag === "del" || tag === "s") out += wrap(inner(), "~~");
      else if (tag === "code" || tag === "kbd" || tag === "samp") {
        const code = child.textContent;
        const fence = code.includes("`") ? "``" : "`";
        out += code ? `${fence}${code}${fence}` : "";
      } else out += inner();
    }
    return out;
  }

  function wrap(text, mark) {
    const trimmed = text.trim();
    if (!trimmed) return text;
    const lead = text.match(/^\s*/)[0];
    const trail = text.match(/\s*$/)[0];
    return `${lead}${mark}${trimmed}${mark}${trail}`;
  }

  const BLOCKS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr",
    "table", "figure", "section", "div", "dl", "details", "picture", "figcaption", "caption"]);

  function hasBlocks(node) {
    return [...node.children].some((c) => BLOCKS.has(c.localName));
  }

  /** Markdown blocks of a container, each a string, in order. */
  function blocks(node, depth = 0) {
    const out = [];
    let run = null; // inline content between blocks (text directly in a <div>)
    const flush = () => {
      if (run !== null) {
        const text = run.trim();
        if (text) out.push(text.split("\n").map(escapeLineStart).join("\n"));
        run = null;
      }
    };
    for (const child of node.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE && BLOCKS.has(child.localName)) {
        flush();
        out.push(...block(child, depth));
      } else if (child.nodeType === Node.ELEMENT_NODE && child.localName === "img") {
        flush();
        const link = imageLink(child);
        if (link) out.push(link);
      } else if (child.nodeType === Node.ELEMENT_NODE || child.nodeType === Node.TEXT_NODE) {
        const holder = document.createElement("span");
        holder.append(child.cloneNode(true));
        run = (run || "") + inline(holder);
      }
    }
    flush();
    return out;
  }

  function block(node, depth) {
    const tag = node.localName;
    if (/^h[1-6]$/.test(tag)) {
      const text = inline(node).trim();
      // the document's own title is the one "#"; the article's headings start at "##"
      return text ? [`${"#".repeat(Math.min(6, Number(tag[1]) + 1))} ${text}`] : [];
    }
    if (tag === "p" || tag === "figcaption" || tag === "caption") {
      const text = inline(node).trim();
      if (!text) return [];
      const lines = text.split("\n").map(escapeLineStart).join("\n");
      return [tag === "p" ? lines : `*${lines}*`];
    }
    if (tag === "hr") return ["---"];
    if (tag === "pre") {
      const code = node.textContent.replace(/\n$/, "");
      const fence = code.includes("```") ? "````" : "```";
      return [`${fence}\n${code}\n${fence}`];
    }
    if (tag === "blockquote") {
      return [blocks(node, depth).join("\n\n").split("\n").map((l) => (l ? `> ${l}` : ">")).join("\n")];
    }
    if (tag === "ul" || tag === "ol") return [list(node, depth)];
    if (tag === "table") return [table(node)];
    if (tag === "dl") {
      return [...node.children].map((c) => (c.localName === "dt" ? `**${inline(c).trim()}**` : inline(c).trim()))
        .filter(Boolean);
    }
    return blocks(node, depth); // section, div, figure, details, picture
  }

  function list(node, depth) {
    const ordered = node.localName === "ol";
    let number = Number(node.getAttribute("start")) || 1;
    const lines = [];
    for (const item of node.children) {
      if (item.localName !== "li") continue;
      const marker = ordered ? `${number++}.` : "-";
      const pad = " ".repeat(marker.length + 1);
      const body = hasBlocks(item) ? blocks(item, depth + 1).join("\n\n") : inline(item).trim();
      const [first, ...rest] = body.split("\n");
      lines.push(`${marker} ${first || ""}`, ...rest.map((l) => (l ? pad + l : l)));
    }
    return lines.join("\n");
  }

  function table(node) {
    const rows = [...node.querySelectorAll("tr")].map((tr) =>
      [...tr.children].map((cell) => inline(cell).replace(/\s*\n\s*/g, " ").trim()));
    if (!rows.length) return "";
    const width = Math.max(...rows.map((r) => r.length));
    const line = (cells) => `| ${Array.from({ length: width }, (_, i) => cells[i] || "").join(" | ")} |`;
    return [line(rows[0]), line(Array(width).fill("---")), ...rows.slice(1).map(line)].join("\n");
  }

  /**
   * The reader view as Markdown. `view` holds the backend's fields as text and the overlay's
   * article element: {title, byline, published, url, siteName, summary: [text], content}.
   */
  function markdown(view) {
    const parts = [];
    parts.push(`# ${escapeInline(view.title || t("exportUntitled"))}`);
    const meta = [view.byline, view.published, view.siteName].filter(Boolean).map(escapeInline);
    if (meta.length) parts.push(meta.join(" · "));
    if (view.url) parts.push(`${t("exportSource")}: <${view.url}>`);
    if (view.summary.length) {
      parts.push(`## ${t("summaryHeading")}`, view.summary.map((s) => `- ${escapeInline(s)}`).join("\n"));
    }
    if (view.leadImage) parts.push(`[${escapeInline(t("exportImage"))}](${linkTarget(view.leadImage)})`);
    if (view.content) {
      parts.push(`## ${t("exportArticle")}`, ...blocks(view.content));
    }
    return `${parts.join("\n\n")}\n`;
  }

  // ---------------------------------------------------------------- one HTML file
  const FILE_CSS = `
body { margin: 0; background: #fbfaf7; color: #1e1e1e; font: 19px/1.65 Georgia, "Noto Serif", serif; }
main { max-width: 40em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.9em; line-height: 1.2; margin: 0 0 .3em; }
.meta, .source { color: #5f6368; font: 15px/1.5 system-ui, sans-serif; margin: 0 0 .5em; }
.summary { background: #f1ede3; border-inline-start: 4px solid #0e6e78; border-radius: 6px; padding: .6em 1em; margin: 1em 0 1.5em; }
.summary h2 { font: 700 13px/1.5 system-ui, sans-serif; text-transform: uppercase; letter-spacing: .08em; color: #0e6e78; margin: 0; }
a { color: #0e6e78; overflow-wrap: anywhere; }
pre { overflow-x: auto; background: #f1ede3; padding: 10px; font-size: 14px; }
blockquote { border-inline-start: 3px solid #ddd8cc; margin-inline: 0; padding-inline-start: 1em; color: #5f6368; }
figure { margin: 1em 0; } figcaption { color: #5f6368; font-size: .85em; }
table { border-collapse: collapse; font-size: .85em; } td, th { border: 1px solid #ddd8cc; padding: 4px 8px; }
@media print { body { background: none; } a { color: inherit; } }`;

  /** The same reader view as one HTML file with nothing to fetch (its CSP forbids it anyway). */
  function htmlFile(view) {
    const doc = document.implementation.createHTMLDocument("");
    const make = (tag, props = {}, text = null) => {
      const node = doc.createElement(tag);
      for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
      if (text !== null) node.textContent = text;
      return node;
    };
    doc.documentElement.setAttribute("lang", view.lang || "");
    if (view.dir) doc.documentElement.setAttribute("dir", view.dir);
    doc.head.append(
      make("meta", { charset: "utf-8" }),
      make("meta", { "http-equiv": "Content-Security-Policy", content: "default-src 'none'; style-src 'unsafe-inline'" }),
      make("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
      make("meta", { name: "generator", content: "Distill" }),
    );
    doc.title = view.title || t("exportUntitled");
    doc.head.append(make("style", {}, FILE_CSS));
    const main = make("main");
    const article = make("article");
    article.append(make("h1", {}, view.title || t("exportUntitled")));
    const meta = [view.byline, view.published, view.siteName].filter(Boolean).join(" · ");
    if (meta) article.append(make("p", { class: "meta" }, meta));
    if (view.url) {
      const source = make("p", { class: "source" }, `${t("exportSource")}: `);
      source.append(make("a", { href: view.url }, view.url));
      article.append(source);
    }
    if (view.summary.length) {
      const box = make("section", { class: "summary" });
      box.append(make("h2", {}, t("summaryHeading")));
      const ol = make("ol");
      for (const sentence of view.summary) ol.append(make("li", {}, sentence));
      box.append(ol);
      article.append(box);
    }
    if (view.leadImage) {
      const p = make("p");
      p.append(make("a", { href: view.leadImage }, t("exportImage")));
      article.append(p);
    }
    if (view.content) article.append(portableContent(view.content, doc));
    main.append(article);
    doc.body.append(main);
    return `<!DOCTYPE html>\n${doc.documentElement.outerHTML}\n`;
  }

  /** A copy of the article for the file: images become links, overlay-only attributes go. */
  function portableContent(content, doc) {
    const copy = doc.importNode(content, true);
    copy.removeAttribute("data-role");
    copy.setAttribute("class", "content");
    for (const img of [...copy.querySelectorAll("img")]) {
      const src = img.getAttribute("src") || (img.getAttribute("srcset") || "").split(/[\s,]+/)[0];
      const alt = img.getAttribute("alt") || "";
      const picture = img.closest("picture");
      const target = picture || img;
      if (!src) {
        target.remove();
        continue;
      }
      const link = doc.createElement("a");
      link.setAttribute("href", src);
      link.textContent = alt ? t("exportImageNamed", [alt]) : t("exportImage");
      target.replaceWith(link);
    }
    for (const node of copy.querySelectorAll("source")) node.remove();
    for (const node of copy.querySelectorAll("[class], [target], [rel], [tabindex]")) {
      for (const name of ["class", "target", "rel", "tabindex"]) node.removeAttribute(name);
    }
    return copy;
  }

  // ---------------------------------------------------------------- files and print
  function fileName(title, extension) {
    const base = String(title || "distill").normalize("NFKC").replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ")
      .replace(/\s+/g, " ").trim().slice(0, 80) || "distill";
    return `${base}.${extension}`;
  }

  /** Save a file the way a page's own download link does: no downloads permission needed. */
  function download(parent, name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    parent.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  /**
   * While the reader view is open, printing shows it alone: the page's body is hidden and
   * the overlay's own print rules (in content.js) lay the article out as a normal flow.
   */
  let printSheet = null;
  function printOnlyOverlay(on) {
    if (!("adoptedStyleSheets" in document)) return;
    if (!printSheet) {
      printSheet = new CSSStyleSheet();
      printSheet.replaceSync(`@media print {
        html { overflow: visible !important; height: auto !important; }
        body { display: none !important; } }`);
    }
    const others = document.adoptedStyleSheets.filter((s) => s !== printSheet);
    document.adoptedStyleSheets = on ? [...others, printSheet] : others;
  }

  globalThis.__distillExport = { markdown, htmlFile, fileName, download, printOnlyOverlay };
})();
