"""A PDF's text as the reader's paragraphs: pdfium (pypdfium2, Apache/BSD) reads each page's
text runs with their boxes; runs on one baseline become a line, lines become paragraphs where the
gap between them opens or a short line ends a sentence, and what repeats in every page's top or
bottom margin (a running header, a journal's name, "Page 3 of 9") or is only a number there is
dropped. Reading order is the file's content order, which is how authoring tools write columns.

What cannot be read says why (errors.py): an encrypted file (422), a scan with no text layer
(422: no OCR here), too many pages or bytes (413), a body that is not a PDF (415) or a broken one
(400).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import lxml.html
from lxml.html import HtmlElement

from ..errors import InvalidInput, NoArticle, NotPdf, PdfTooLarge

PDF_MAGIC = b"%PDF-"
# a header or footer lives in this share of the page's height at its top or bottom
MARGIN_SHARE = 0.08
# a margin line is running matter when (digits aside) it is on this share of the pages
RUNNING_SHARE = 0.5
# a vertical gap this many times the usual line spacing starts a paragraph
PARAGRAPH_GAP = 1.4
# a line this share shorter than the page's usual line, ending a sentence, ends its paragraph
SHORT_LINE = 0.8
_SENTENCE_END = re.compile(r"[.!?:…»\"'”’)]$")
_PAGE_NUMBER = re.compile(
    r"^(?:page|p\.|seite|página|pagina)?\s*[\divxlc]+(?:\s*(?:/|of|sur|von|de)\s*\d+)?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def size_text(n: int) -> str:
    """A byte limit as people write it: 20 MB, 512 KB."""
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def check_size(n: int, limit: int) -> None:
    if n > limit:
        raise PdfTooLarge(f"This PDF is larger than this server reads ({size_text(limit)}).")


@dataclass
class Line:
    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class PdfText:
    """What the reader needs from a PDF: its title (the document's own, if it names one), and
    its paragraphs as a <div> of <p>."""

    title: str | None
    root: HtmlElement
    pages: int


def _open(data: bytes, max_pages: int):
    import pypdfium2 as pdfium

    if PDF_MAGIC not in data[:1024]:  # the header may follow a little junk, as readers allow
        raise NotPdf("The body is not a PDF (it does not start with %PDF-).")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == 4:  # FPDF_ERR_PASSWORD
            raise NoArticle("This PDF is encrypted (it needs a password to open): Distill cannot read it.",
                            code="pdf_encrypted") from None
        raise InvalidInput(f"This PDF cannot be read: it is damaged or not a PDF ({exc}).",
                           code="invalid_pdf") from None
    if len(pdf) > max_pages:
        count = len(pdf)
        pdf.close()
        raise PdfTooLarge(f"This PDF has {count} pages; this server reads at most {max_pages}.")
    return pdf


def _page_lines(page) -> list[Line]:
    """The page's text runs in content order, runs sharing a baseline joined into one line."""
    textpage = page.get_textpage()
    try:
        lines: list[Line] = []
        for i in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(i)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if not text:
                continue
            last = lines[-1] if lines else None
            middle = (bottom + top) / 2
            if last and last.bottom <= middle <= last.top and left >= last.left:
                last.text += " " + text
                last.right = max(last.right, right)
                continue
            lines.append(Line(text, left, bottom, right, top))
        return lines
    finally:
        textpage.close()


def _running_matter(pages: list[tuple[float, list[Line]]]) -> set[tuple[int, int]]:
    """(page, line) of the headers, footers and page numbers in the margins."""
    margins = []
    for number, (height, lines) in enumerate(pages):
        for index, line in enumerate(lines):
            if line.top > height * (1 - MARGIN_SHARE) or line.bottom < height * MARGIN_SHARE:
                margins.append((number, index, _DIGITS.sub("#", line.text.lower())))
    seen = Counter(key for _, _, key in {(n, 0, k) for n, _, k in margins})
    repeats = max(2, round(len(pages) * RUNNING_SHARE))
    drop = set()
    for number, index, key in margins:
        text = pages[number][1][index].text
        if _PAGE_NUMBER.match(text) or (len(pages) > 1 and seen[key] >= repeats):
            drop.add((number, index))
    return drop


def _paragraphs(lines: list[Line]) -> list[str]:
    """Lines -> paragraphs: a new one where the gap opens or a short line ends a sentence; a word
    hyphenated across lines is joined."""
    if not lines:
        return []
    gaps = [a.bottom - b.bottom for a, b in pairwise(lines)
            if 0 < a.bottom - b.bottom < 3 * (a.top - a.bottom)]
    spacing = statistics.median(gaps) if gaps else max(line.top - line.bottom for line in lines) * 1.2
    width = statistics.median(line.right - line.left for line in lines)
    paragraphs: list[list[str]] = [[lines[0].text]]
    for prev, line in pairwise(lines):
        gap = prev.bottom - line.bottom
        short_end = (prev.right - prev.left) < SHORT_LINE * width and _SENTENCE_END.search(prev.text)
        if gap > PARAGRAPH_GAP * spacing or gap < -spacing or short_end:
            paragraphs.append([line.text])
            continue
        current = paragraphs[-1]
        if current[-1].endswith("-") and line.text[:1].islower():
            current[-1] = current[-1][:-1] + line.text
        else:
            current.append(line.text)
    return [" ".join(p) for p in paragraphs]


def read_pdf(data: bytes, max_pages: int) -> PdfText:
    """PDF bytes -> its title and paragraphs. Raises the errors the module docstring lists."""
    pdf = _open(data, max_pages)
    try:
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                pages.append((page.get_height(), _page_lines(page)))
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(lines for _, lines in pages):
        raise NoArticle("This PDF has no text layer (a scanned document?): Distill does not do OCR, so "
                        "there is nothing to read.", code="pdf_no_text")
    drop = _running_matter(pages)
    root = lxml.html.Element("div")
    for number, (_, lines) in enumerate(pages):
        kept = [line for index, line in enumerate(lines) if (number, index) not in drop]
        for text in _paragraphs(kept):
            p = lxml.html.Element("p")
            p.text = text
            root.append(p)
    _join_across_pages(root)
    return PdfText(title=title, root=root, pages=len(pages))


def _join_across_pages(root: HtmlElement) -> None:
    """A paragraph the page break cut (it ends mid-sentence, the next starts in lower case) is
    one paragraph again."""
    children = list(root)
    for prev, nxt in pairwise(children):
        if prev.getparent() is None:
            continue
        text, following = prev.text or "", nxt.text or ""
        if text and following[:1].islower() and not _SENTENCE_END.search(text):
            joined = text[:-1] + following if text.endswith("-") else f"{text} {following}"
            nxt.text = joined
            root.remove(prev)
