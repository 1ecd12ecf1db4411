"""Properties of the whole pipeline on generated pages (hypothesis): hostile markup from a
vocabulary of tags, attributes and unicode text, nested at random, well formed or not.

Whatever a page holds: no exception but the pipeline's own (errors.DistillError) escapes;
content_html is already what the allowlist makes of it (sanitizing it again changes nothing,
and every tag, attribute and URL in it is one the allowlist keeps); the sentence marks in the
reader HTML are exactly the sentences, in order; the summary is sentence indices in document
order, and the ranking picks each sentence once. Bounded examples and no per-example deadline
keep the module under a minute on a busy machine; HYPOTHESIS_PROFILE=thorough runs many more.
"""

from __future__ import annotations

import html as html_lib
import os
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from distill.config import Settings
from distill.errors import DistillError
from distill.page.parse import fragment, without_unsafe_chars
from distill.page.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, URL_SCHEMES, sanitize_html
from distill.pipeline import read_page, summarize_page, summarize_text

pytestmark = pytest.mark.model  # the summary properties embed the generated sentences

settings.register_profile("default", max_examples=60, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("thorough", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PIPELINE = Settings(warm_model=False, helper=False)

TAGS = [
    "p", "p", "p", "div", "div", "span", "a", "a", "em", "strong", "b", "i", "article", "section",
    "main", "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "pre",
    "code", "br", "img", "script", "style", "iframe", "svg", "math", "noscript", "template", "form",
    "button", "nav", "aside", "header", "footer", "figure", "figcaption", "select", "option",
    "textarea", "object", "title", "sup", "q", "time", "details", "summary", "font", "center",
    "body", "html", "head", "meta", "base", "link", "xmp", "noembed", "wbr", "picture", "source",
    "frameset", "plaintext", "custom-element",
]
ATTRIBUTES = [
    "class", "id", "href", "src", "srcset", "onclick", "onerror", "onload", "style", "data-sentence",
    "lang", "dir", "title", "width", "height", "colspan", "rowspan", "hidden", "aria-hidden",
    "itemprop", "rel", "target", "content", "name", "http-equiv", "xmlns", "formaction", "cite",
    "role", "datetime", "ONCLICK", "xlink:href", "property", "itemprop",
]
VALUES = st.one_of(
    st.sampled_from([
        "javascript:window.__pwned=1", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x",
        "/relative/page", "https://ok.example/a.png 2x, javascript:x 1x", "https://ok.example/",
        "mailto:a@b.example", "#top", "1", "0", "-1", "99999999999999999999", "display:none",
        "visibility: hidden", "rtl", "ltr", "", "true", "article-body content", "S:0", "tabpanel",
        "http://[::1", "https://exa mple.com/\x00", "\"><script>alert(1)</script>", "og:image",
        "og:url", "og:title", "article:published_time", "author", "headline", "datePublished",
    ]),
    st.text(max_size=20),
)
WORDS = ["harbour", "ferry", "council", "timetable", "winter", "summer", "river", "bridge", "crossing",
         "passengers", "fares", "engineers", "museum", "library", "garden", "tomatoes", "village",
         "mayor", "budget", "weather", "station", "island", "travellers", "evening", "morning", "report"]
# text lxml and browsers treat specially: controls, lone surrogates, bidi and zero-width marks,
# entities (some invalid), markup fragments that open or close what they should not
ODD_TEXT = st.sampled_from([
    "\x00", "\x1b", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "\ufffd", "&amp;", "&#0;",
    "&#xD800;", "&nbsp", "&lt;script&gt;", "<!-- open comment", "-->", "<![CDATA[x]]>", "</p>",
    "</div></article>", "<p", "<a href='javascript:1'", "]]>", "<?php echo 1; ?>", "\r\n", "\t",
    "🙂", "é", "\u0301", "ﷺ", "日本語の文。", "Привет мир.", "مرحبا بالعالم.",
])


@st.composite
def prose(draw) -> str:
    """A sentence of plain words, so that many generated pages get as far as a summary."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=18))
    return " ".join(words).capitalize() + draw(st.sampled_from([".", ".", "!", "?", ""]))


TEXT = st.one_of(prose(), prose(), st.text(max_size=40), ODD_TEXT)


@st.composite
def attributes(draw) -> str:
    out = []
    for name in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)):
        value = draw(VALUES)
        quote = draw(st.sampled_from(['"', "'", ""]))
        if quote:
            value = html_lib.escape(value, quote=True) if draw(st.booleans()) else value.replace(quote, "")
            out.append(f" {name}={quote}{value}{quote}")
        else:
            out.append(f" {name}={value.replace(' ', '').replace('>', '')}" if value else f" {name}")
    return "".join(out)


def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def make(draw) -> str:
        tag = draw(st.sampled_from(TAGS))
        inner = "".join(draw(st.lists(children, max_size=5)))
        closing = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", f"</{tag}>", "", "</p>"]))
        return f"<{tag}{draw(attributes())}>{inner}{closing}"

    return make()


MARKUP = st.recursive(TEXT.map(lambda t: t if "<" in t or "&" in t else html_lib.escape(t, quote=False)),
                      element, max_leaves=40)


@st.composite
def pages(draw) -> str:
    """A page: sometimes a whole document with a head, sometimes a bare fragment."""
    body = "".join(draw(st.lists(MARKUP, min_size=1, max_size=6)))
    if draw(st.booleans()):
        lang = draw(st.sampled_from(["", " lang='en'", " lang='de'", " lang='ar' dir='rtl'", " lang='x'"]))
        title = html_lib.escape(draw(TEXT), quote=False)
        return f"<!DOCTYPE html><html{lang}><head><title>{title}</title></head><body>{body}</body></html>"
    return body


URLS = st.sampled_from([None, "https://news.example/2025/a-story", "http://127.0.0.1:1/x",
                        "javascript:alert(1)", "file:///etc/passwd", "not a url", "https://[::1"])


# ------------------------------------------------------------------ the checks
def allowlisted(content_html: str) -> list[str]:
    """What in content_html the allowlist would not let through (empty when all is well)."""
    problems = []
    markup = without_unsafe_chars(content_html)  # (lxml holds no NUL; the allowlist keeps text as is)
    root = fragment(markup) if markup.strip() else None
    for el in () if root is None else root.iterdescendants():
        if not isinstance(el.tag, str):
            problems.append(f"a {type(el).__name__}")
            continue
        if el.tag not in ALLOWED_TAGS:
            problems.append(f"tag {el.tag}")
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(el.tag, set())
        for name, value in el.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"handler {name}")
            elif name not in allowed and not (el.tag == "a" and name == "rel"):
                problems.append(f"attribute {el.tag}@{name}")
            elif name in ("href", "src", "cite") and urlsplit(value).scheme.lower() not in URL_SCHEMES:
                problems.append(f"URL {name}={value!r}")
    return problems


def marked_text(content_html: str) -> dict[int, str]:
    """Sentence index -> the text of its marks in the reader HTML, in document order."""
    marks: dict[int, str] = {}
    markup = without_unsafe_chars(content_html)
    for span in (fragment(markup).iter("span") if markup.strip() else ()):
        index = span.get("data-sentence")
        if index is not None:
            marks[int(index)] = marks.get(int(index), "") + span.text_content()
    return marks


def check_answer(result: dict) -> None:
    content = result["content_html"]
    assert sanitize_html(content, marks=True) == content, "sanitizing content_html again changed it"
    assert allowlisted(content) == []

    sentences = result["sentences"]
    n = len(sentences)
    assert [s["index"] for s in sentences] == list(range(n))
    assert all(s["text"] and s["text"] == " ".join(s["text"].split()) for s in sentences)
    paragraphs = [s["paragraph"] for s in sentences]
    assert paragraphs == sorted(paragraphs)
    # every sentence is marked, nothing else is, and its marks spell it out
    marks = marked_text(content)
    assert sorted(marks) == list(range(n))
    for s in sentences:
        assert " ".join(marks[s["index"]].split()) == s["text"]

    summary, ranking = result["summary"], result["ranking"]
    assert summary and summary == sorted(set(summary)) and all(0 <= i < n for i in summary)
    assert len(set(ranking)) == len(ranking) and all(0 <= i < n for i in ranking)
    assert summary == sorted(ranking[: len(summary)])
    if not result["embedding"]["sampled"]:
        # every sentence is ranked (up to the longest summary a client may ask for)
        assert len(ranking) == min(n, max(len(summary), PIPELINE.max_summary_sentences))
        if n <= PIPELINE.max_summary_sentences:
            assert sorted(ranking) == list(range(n))
    assert all(0.0 <= s["score"] <= 1.0 for s in sentences)


# ------------------------------------------------------------------ the properties
@given(page=pages(), url=URLS)
def test_a_page_gives_a_consistent_answer_or_a_distill_error(page, url):
    try:
        result = summarize_page(page, url, settings=PIPELINE)
    except DistillError as exc:
        assert 400 <= exc.status < 500 and exc.message
        event(f"refused: {exc.code}")
        return
    event("summarized")
    check_answer(result)


@given(page=pages(), url=URLS, lang=st.sampled_from([None, "en", "de", "ar", "zh", "xx"]))
def test_reading_a_page_never_fails_outside_the_distill_errors(page, url, lang):
    """read_page alone (what `distill extract` runs), without the summary's word floor."""
    try:
        reading = read_page(page, url, settings=PIPELINE, lang=lang, require_summary=False)
    except DistillError as exc:
        assert exc.message
        return
    assert [s.index for s in reading.sentences] == list(range(len(reading.sentences)))
    for p in reading.paragraphs:
        for s in p.sentences:
            assert " ".join(p.text[s.start:s.end].split()) == s.text


@given(text=st.lists(st.one_of(prose(), st.text(max_size=60), ODD_TEXT), min_size=1, max_size=12)
       .map(lambda parts: "".join(p + ("\n\n" if i % 3 == 0 else " ") for i, p in enumerate(parts))),
       sentences=st.one_of(st.none(), st.integers(1, 50)))
def test_plain_text_gives_a_consistent_answer_or_a_distill_error(text, sentences):
    try:
        result = summarize_text(text, sentences=sentences, settings=PIPELINE)
    except DistillError as exc:
        assert exc.status == 422 and exc.message
        return
    check_answer(result)
    if sentences is not None:
        assert len(result["summary"]) == min(sentences, len(result["sentences"]))


@given(markup=st.one_of(MARKUP, st.text()), marks=st.booleans())
def test_the_allowlist_is_idempotent_and_keeps_nothing_it_forbids(markup, marks):
    once = sanitize_html(markup, marks=marks)
    assert sanitize_html(once, marks=marks) == once
    assert allowlisted(once) == []
    if not marks:  # a page's markup never brings a sentence mark
        assert not marked_text(once)
