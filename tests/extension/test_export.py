"""Export and print, in real Chromium: the reader view downloaded as Markdown and as one
self-contained HTML file (read back from disk), and printing that shows the reader view alone."""

from __future__ import annotations

import re

import lxml.html
import pytest
from browser_support import (
    ARTIFACTS,
    OVERLAY,
    SUMMARY_ITEMS,
    in_content_world,
    open_page,
    open_reader,
    overlay_eval,
)

pytestmark = [pytest.mark.browser, pytest.mark.model]

TITLE = "Harbor city approves floating solar farm on old reservoir"
SOURCE = "https://coastline-herald.example/news/2025/03/14/floating-solar-farm"
CLUTTER = ["Taboola", "Sponsored Links", "You May Like", "DOWNLOAD THE APP", "No comments yet"]


def _download(page, role, tmp_path):
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    with page.expect_download() as info:
        page.locator(f"{OVERLAY} [data-role={role}]").click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_text(encoding="utf-8")


def test_markdown_file(browser, pages, tmp_path):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))  # strict CSP page
    summary = page.locator(SUMMARY_ITEMS).all_inner_texts()
    name, md = _download(page, "download-markdown", tmp_path)
    assert name == f"{TITLE}.md"
    lines = md.splitlines()
    assert lines[0] == f"# {TITLE}"
    assert lines[2] == "Maria Delgado · 2025-03-14 · The Coastline Herald"
    assert f"Source: <{SOURCE}>" in lines
    # summary first, in the overlay's order, then the article
    start = lines.index("## Summary")
    assert lines[start + 2: start + 2 + len(summary)] == [f"- {s}" for s in summary]
    assert md.index("## Summary") < md.index("## Article")
    article = md[md.index("## Article"):]
    assert "floating solar panels" in article
    for phrase in CLUTTER:
        assert phrase not in md, phrase
    # the lead image is a link, never an embedded picture
    assert re.search(r"^\[Image\]\(http://localhost:\d+/images/solar-reservoir\.jpg\)$", md, re.M)
    assert "![" not in md


def test_markdown_keeps_structure_and_links(browser, pages, tmp_path):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("rich_article.html"))
    _, md = _download(page, "download-markdown", tmp_path)
    article = md[md.index("## Article"):]
    assert re.search(r"^### \S", article, re.M)  # the article's <h2> under the file's "## Article"
    assert re.search(r"^```\n.+\n```$", article, re.M | re.S)  # code block fenced
    assert re.search(r"^- \S", article, re.M) or re.search(r"^1\. \S", article, re.M)  # a list
    assert re.search(r"^\| .+ \|$", article, re.M)  # the table
    assert re.search(r"\[Image: Build times chart\]\(http://localhost:\d+/img/build-times\.png\)", article)
    assert re.search(r"\[[^\]]+\]\(https?://[^)]+\)", article)  # links kept as links


def test_html_file_is_self_contained(browser, pages, tmp_path):
    ctx, _, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("rich_article.html"))
    summary = page.locator(SUMMARY_ITEMS).all_inner_texts()
    title = page.locator(f"{OVERLAY} h1.title").inner_text()
    name, html = _download(page, "download-html", tmp_path)
    assert name == f"{title}.html"
    assert html.startswith("<!DOCTYPE html>")
    doc = lxml.html.fromstring(html)
    assert doc.findtext(".//title") == title
    assert doc.xpath("string(//h1)") == title
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    # nothing to fetch, nothing to run
    assert doc.xpath("//img | //script | //iframe | //link | //object | //embed | //source") == []
    assert doc.xpath("//@src | //@srcset | //@style") == []
    assert [a for a in doc.xpath("//@*") if a.attrname.startswith("on")] == []
    # summary first, then the article; images as links
    assert [li.text_content() for li in doc.xpath("//section[@class='summary']//li")] == summary
    body = doc.xpath("//div[@class='content']")[0]
    assert doc.xpath("//section[@class='summary']")[0].getparent().index(
        doc.xpath("//section[@class='summary']")[0]) < body.getparent().index(body)
    image_links = [a for a in body.iter("a") if a.text_content() == "Image: Build times chart"]
    assert len(image_links) == 1 and image_links[0].get("href").endswith("/img/build-times.png")
    assert body.xpath(".//table") and body.xpath(".//pre")
    source = doc.xpath("//p[@class='source']/a/@href")
    assert source and source[0].startswith("http")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (tmp_path / "export.html").write_text(html, encoding="utf-8")
    view = open_page(ctx, (tmp_path / "export.html").as_uri())
    view.screenshot(path=str(ARTIFACTS / "export-html.png"), full_page=True)


def test_print_shows_the_reader_view_alone_summary_first(browser, pages):
    ctx, worker, ext_id = browser
    page = open_reader(ctx, ext_id, pages.url("cluttered_news.html"))
    # the Print button asks the browser to print (recorded here: headless has no print dialog)
    in_content_world(worker, page, "() => { globalThis.__printed = 0; window.print = () => { globalThis.__printed++; }; return true; }")
    page.locator(f"{OVERLAY} [data-role=menu] summary").click()
    page.locator(f"{OVERLAY} [data-role=print]").click()
    assert in_content_world(worker, page, "() => globalThis.__printed") == 1

    page.emulate_media(media="print")
    shown = page.evaluate("""() => ({body: getComputedStyle(document.body).display,
        root: getComputedStyle(document.getElementById('distill-root')).display})""")
    assert shown == {"body": "none", "root": "block"}
    layout = overlay_eval(page, """const css = (sel) => getComputedStyle(root.querySelector(sel));
        const order = [...root.querySelectorAll('h1.title, .summary-box, [data-role=reader]')].map(e => e.className || e.dataset.role);
        return {backdrop: css('.backdrop').position, toolbar: css('.toolbar').display, scroll: css('.scroll').overflowY,
                source: css('.print-only').display, order};""")
    assert layout == {"backdrop": "static", "toolbar": "none", "scroll": "visible", "source": "block",
                      "order": ["title", "summary-box", "content"]}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "print-preview.png"), full_page=True)
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")

    # closed, printing is the page's own business again
    page.emulate_media(media="screen")
    page.keyboard.press("Escape")
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
