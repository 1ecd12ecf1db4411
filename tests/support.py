"""What tests in every folder use: the project's own fixture pages, and free ports.

Plain functions, imported by name (``from support import page``); the fixtures themselves are
in the conftest.py files.
"""

from __future__ import annotations

import socket
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def free_port() -> int:
    """A port nothing listens on (for a server to take, or for a backend that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unit_vectors(n: int, d: int = 8, seed: int = 0):
    """n random unit vectors (float32), standing in for sentence embeddings."""
    import numpy as np

    e = np.random.default_rng(seed).normal(size=(n, d))
    return (e / np.linalg.norm(e, axis=1, keepdims=True)).astype(np.float32)


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def distinct_paragraphs(n: int = 5) -> str:
    """n paragraphs of prose, each with its own words (no two read as duplicates)."""
    return "".join(
        f"<p>Paragraph {i} tells part of the story with enough words to count as real prose here.</p>"
        for i in range(n)
    )


def pdf_bytes(pages: list[list[tuple[float, float, str]]], *, size: tuple[int, int] = (612, 792),
              title: str | None = None, encrypted: bool = False, image_only: bool = False) -> bytes:
    """A small PDF written by hand: each page a list of (x, y, text) lines in Helvetica 11 pt
    (y from the bottom, as PDF counts). encrypted: a Standard security handler whose user password
    is unknown (no reader opens it without one); image_only: each page is one grey image and no
    text, as a scan without OCR is."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in once the page tree's number is known
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x80\xc0\xc0\x80\nendstream")
    kids = []
    for lines in pages:
        if image_only:
            ops = f"q {size[0] - 100} 0 0 {size[1] - 100} 50 50 cm /Im0 Do Q"
        else:
            ops = "\n".join(
                "BT /F1 11 Tf {:.1f} {:.1f} Td ({}) Tj ET".format(
                    x, y, text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)"))
                for x, y, text in lines)
        data = ops.encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im0 %d 0 R >> >> >>"
            % (tree, size[0], size[1], content, font, image)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % tree
    objects[tree - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = add(b"<< /Title (%s) >>" % title.encode("latin-1")) if title else None
    encrypt = add(b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <" + b"ab" * 32
                  + b"> /U <" + b"cd" * 32 + b"> >>") if encrypted else None
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    if encrypt:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt, b"12" * 16, b"12" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_article(paragraphs: list[str], *, per_page: int = 3, header: str = "The Quarterly Review",
                title: str | None = None, width: int = 80) -> bytes:
    """A paged PDF article: each page has a running header, its paragraphs as wrapped lines (a
    blank line's gap between paragraphs) and its page number at the foot."""
    import textwrap

    pages = []
    for start in range(0, len(paragraphs), per_page):
        lines, y = [(72, 750, header)], 700.0
        for para in paragraphs[start:start + per_page]:
            for line in textwrap.wrap(para, width):
                lines.append((72, y, line))
                y -= 14
            y -= 12
        lines.append((300, 40, str(len(pages) + 1)))
        pages.append(lines)
    return pdf_bytes(pages, title=title)
