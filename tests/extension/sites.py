"""A small site the browser tests read, written by the project itself: the harbour page (an
article and a sidebar the picker can take instead), a PDF article (mill.pdf), an encrypted PDF
(locked.pdf) and a 3-page article (/canal/, /canal/2/, /canal/3/)."""

from __future__ import annotations

from pathlib import Path

from support import distinct_paragraphs, pdf_article, pdf_bytes

SIDEBAR = ("<aside id='lighthouse' class='sidebar'><h2>About the lighthouse</h2>"
           + "".join(f"<p class='note-{i}'>Lighthouse note {i} explains how the keeper kept the lamp burning "
                     f"through the winter storms of the northern coast.</p>" for i in range(5))
           + "</aside>")
HARBOUR = ("<!doctype html><html lang='en'><head><title>Harbour news</title></head><body>"
           "<nav>Home · News · Sport</nav><main><article><h1>The harbour wall</h1>" + distinct_paragraphs(8)
           + "</article>" + SIDEBAR + "</main></body></html>")


def canal_story(n: int) -> str:
    """Page n of 3 of one article, with a numbered pager and a "Next ›" link but on the last."""
    nxt = f"<a class='next' href='/canal/{n + 1}/'>Next ›</a>" if n < 3 else ""
    pager = "".join(f"<a href='/canal/{i}/'>{i}</a>" if i > 1 else "<a href='/canal/'>1</a>" for i in (1, 2, 3))
    paras = "".join(f"<p>Page {n} part {i}: the canal builders of the valley dug through clay and rock for "
                    f"{n * 10 + i} months before the water came down from the hills.</p>" for i in range(5))
    return (f"<!doctype html><html lang='en'><head><title>The canal</title></head><body><header>Longreads</header>"
            f"<article><h1>The canal</h1><p>How a valley dug its way to the sea, told in three parts.</p>{paras}"
            f"</article><div class='pagination'>{pager}{nxt}</div></body></html>")


def mill_pdf() -> bytes:
    """A 7-paragraph PDF article titled "The mill on the Wend" (the last says "for 46 years")."""
    mill = [f"The mill on the river Wend ground the valley's corn for {n} years before the railway made "
            f"the journey to the town's larger mills cheaper than the old cart road." for n in range(40, 47)]
    return pdf_article(mill, title="The mill on the Wend")


def write_site(root: Path) -> None:
    """The site's files under `root`, for a PageServer."""
    (root / "harbour.html").write_text(HARBOUR, encoding="utf-8")
    (root / "mill.pdf").write_bytes(mill_pdf())
    (root / "locked.pdf").write_bytes(pdf_bytes([[(72, 700, "Secret")]], encrypted=True))
    for n in (1, 2, 3):
        folder = root / "canal" / ("" if n == 1 else str(n))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(canal_story(n), encoding="utf-8")
