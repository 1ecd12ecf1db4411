"""How Distill counts words and tells where a sentence ends, in any script.

Reading a page (is this block prose? is the extractor's pick too small?) and summarizing it
(is this line a heading? how long is this sentence?) ask the same questions of text; both parts
take the answers from here, so the two can never disagree about what a word or a sentence is.
"""

from __future__ import annotations

import re

# A letter in any script (no digits, no underscore).
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# Scripts written without spaces between words: each character counts as a word.
CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# A block that ends like this closes a sentence; one that does not may be a heading.
_TERMINAL = re.compile(r"[.!?…。！？؟:;\"'”’»)\]]\s*$")


def primary_language(lang: str | None, default: str = "en") -> str:
    """A language tag's primary subtag, lower-cased ("fr-CA" -> "fr"); default when there is
    none (a page that does not say is read by English rules)."""
    return (lang or default).split("-")[0].lower()


def count_words(text: str) -> int:
    """Words in any script: spaced words, plus one per CJK character."""
    cjk = len(CJK_CHARS.findall(text))
    if not cjk:
        return len(text.split())
    return cjk + len(CJK_CHARS.sub(" ", text).split())


def ends_like_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))
