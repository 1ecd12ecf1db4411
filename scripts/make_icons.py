"""Draw the toolbar icons (16/32/48/128 px PNG) with the standard library alone.

A teal rounded square holding four lines of text, the first highlighted: a page with its
summary on top. Run: python scripts/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

TEAL = (16, 110, 120, 255)
WHITE = (255, 255, 255, 255)
HIGHLIGHT = (255, 214, 92, 255)
CLEAR = (0, 0, 0, 0)


def _pixel(x: float, y: float) -> tuple[int, int, int, int]:
    """Colour at (x, y) in a unit square."""
    r = 0.2  # corner radius
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return CLEAR
    lines = [(0.22, 0.78, HIGHLIGHT), (0.40, 0.78, WHITE), (0.58, 0.78, WHITE), (0.76, 0.58, WHITE)]
    for top, right, colour in lines:
        if top - 0.06 <= y <= top + 0.06 and 0.22 <= x <= right:
            return colour
    return TEAL


def png(size: int) -> bytes:
    rows = []
    for j in range(size):
        row = bytearray([0])
        for i in range(size):
            # 4x4 supersampling keeps the small sizes crisp
            acc = [0, 0, 0, 0]
            for sj in range(4):
                for si in range(4):
                    px = _pixel((i + (si + 0.5) / 4) / size, (j + (sj + 0.5) / 4) / size)
                    for c in range(4):
                        acc[c] += px[c]
            row.extend(v // 16 for v in acc)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "extension" / "icons"
    for size in (16, 32, 48, 128):
        (out / f"icon-{size}.png").write_bytes(png(size))
        print(out / f"icon-{size}.png")
