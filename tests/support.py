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


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def distinct_paragraphs(n: int = 5) -> str:
    """n paragraphs of prose, each with its own words (no two read as duplicates)."""
    return "".join(
        f"<p>Paragraph {i} tells part of the story with enough words to count as real prose here.</p>"
        for i in range(n)
    )
