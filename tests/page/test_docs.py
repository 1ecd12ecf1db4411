"""Documentation pages (page/docs.py): a reference page keeps every section, not the one
readability-lxml picks, and a docs landing page with prose is read, not refused as a listing."""

from __future__ import annotations

import lxml.html
import pytest
from support import distinct_paragraphs, page

from distill.page.docs import (
    docs_address,
    documentation_body,
    documentation_page,
    holds_code,
    made_by_docs_tool,
)
from distill.page.extract import _prefer_second
from distill.page.parse import parse_html
from distill.pipeline import read_page

REFERENCE_URL = "https://heron.example.org/en/stable/reference/queue.html"
# the reference fixture's sections, in page order
SECTIONS = ["Quick start", "Configuration", "The Queue class", "Usage", "Draining a queue in batches",
            "Delayed tasks", "Errors", "Empty", "CorruptSegment", "LeaseExpired",
            "Migrating from version 3"]


def _div(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_a_reference_page_keeps_every_section_in_order_and_leaves_the_sidebar():
    reading = read_page(page("reference_docs.html"), REFERENCE_URL, require_summary=False)
    html = lxml.html.tostring(reading.root, encoding="unicode")
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    headings = [h.text_content().strip() for h in root.iter("h2", "h3")]
    assert headings == SECTIONS
    text = reading.plain_text()
    # the intro, the table, the admonitions and code blocks of every part
    for words in ("stores tasks on disk before a worker runs them", "Size at which a new segment",
                  "a power failure can lose the tasks", "upgraded in place the first time",
                  "index.bulk_write", "heron queue repair", "about a second per gigabyte"):
        assert words in text, words
    assert root.findall(".//table") and len(root.findall(".//pre")) >= 3
    # the sidebar's links to sibling pages and the search box stay out
    for chrome in ("heron.serializers", "Quick search", "Previous topic", "Report a documentation bug"):
        assert chrome not in text, chrome


def test_the_fixture_shows_the_failure_it_guards():
    """readability-lxml's own pick of the reference fixture is one class's description, and
    trafilatura's, which the choice takes, is more than the gain ceiling longer."""
    from distill.page.clean import text_of
    from distill.page.extract import SECOND_PASS_MAX_GAIN
    from distill.page.extractors import readability_pick, trafilatura_pick
    from distill.page.parse import prepare

    doc = parse_html(page("reference_docs.html"))
    prepare(doc)
    first, second = readability_pick(doc), trafilatura_pick(doc, REFERENCE_URL)
    assert "Quick start" not in text_of(first)
    assert len(text_of(second).split()) > SECOND_PASS_MAX_GAIN * len(text_of(first).split())
    assert _prefer_second(first, second, page_prose=0, fallback_ratio=0.2,
                          docs=lambda pick: documentation_body(doc, REFERENCE_URL, pick))


def test_past_the_gain_ceiling_a_reference_of_code_wins_only_on_a_documentation_page():
    """Much more than readability's pick, and mostly code: on an article that is the page around
    it (it adds too little prose), on a documentation page the rest of the reference."""
    small = _div(distinct_paragraphs(10))
    code = "".join(f"<pre>queue.put(task_{i}, priority={i})\nqueue.flush()</pre>" for i in range(60))
    big = _div(distinct_paragraphs(12) + code)
    assert not _prefer_second(small, big, page_prose=0, fallback_ratio=0.2, docs=lambda pick: False)
    assert _prefer_second(small, big, page_prose=0, fallback_ratio=0.2, docs=lambda pick: True)
    # a documentation page's much longer pick that is mostly links (the sidebar swallowed) loses
    links = "".join(f'<li><a href="/p{i}">Sibling page number {i} of the guide</a></li>' for i in range(80))
    swallowed = _div(distinct_paragraphs(40) + f"<ul>{links}</ul>")
    assert not _prefer_second(small, swallowed, page_prose=0, fallback_ratio=0.2, docs=lambda pick: True)


def test_what_makes_a_page_documentation():
    assert made_by_docs_tool(parse_html(page("reference_docs.html")))  # docutils, admonitions
    assert made_by_docs_tool(parse_html(page("docs_landing.html")))  # Docusaurus
    assert not made_by_docs_tool(parse_html(page("rich_article.html")))
    assert docs_address("https://docs.example.org/start") and docs_address("https://example.org/api/v2/charges")
    assert not docs_address("https://example.org/2025/03/docsis-upgrade") and not docs_address(None)
    assert holds_code(_div("<pre>a</pre><p>x</p><pre>b</pre><pre>c</pre>"))
    assert not holds_code(_div("<pre>a</pre><p>x</p>"))


def test_a_docs_landing_page_with_prose_is_read_not_refused():
    reading = read_page(page("docs_landing.html"), "https://heron.example.org/docs/", require_summary=False)
    text = reading.plain_text()
    assert "Heron is a small task queue" in text and "start with the tutorial" in text
    assert "Scheduling periodic tasks" in text  # the guides it points to are part of it
    assert "Built with Docusaurus" not in text


def test_a_wiki_reading_list_is_read_not_refused_as_a_listing():
    """A wiki page that collects links under its own section headings reads like a section front
    (teasers, little prose), but on a wiki or a documentation site the list is what the page is
    for: it is read. The same list on a site of articles is still refused."""
    from support import page

    from distill.errors import NoArticle
    from distill.pipeline import read_page

    html = page("wiki_reading_list.html")
    text = read_page(html, "https://wiki.emberdb.example/wiki/Query_Tuning",
                     require_summary=False).plain_text()
    assert "Reading query plans step by step" in text and "Connection pooling" in text
    plain = html.replace('<meta name="generator" content="MediaWiki 1.41.0">', "")
    with pytest.raises(NoArticle):
        read_page(plain, "https://news.example.com/query-tuning", require_summary=False)


def test_a_documentation_page_s_longer_pick_may_still_win_as_the_rest_of_an_article():
    """Past the gain ceiling on a page the docs rule recognises, a pick with a few more links
    than that rule allows still wins when most of what it adds is prose, as on any page."""
    small = _div(distinct_paragraphs(10))
    links = "".join(f'<li><a href="/p{i}">Another page of this guide, number {i}</a></li>' for i in range(40))
    big = _div(distinct_paragraphs(40) + f"<ul>{links}</ul>")
    assert _prefer_second(small, big, page_prose=0, fallback_ratio=0.2, docs=lambda pick: True)


API_URL = "https://docs.heron.example.org/heron/queue/struct.Queue.html"
SIGNATURES = ["pub fn put(task: Task, priority: int = 0) -> None", "pub fn get(timeout: float | None = None) -> Task",
              "pub fn ack(task: Task) -> None", "pub fn nack(task: Task, delay: float = 0) -> None",
              "pub fn drain(batch: int = 100) -> Iterator[list[Task]]", "pub fn compact() -> int"]


def test_an_api_reference_keeps_the_headings_readability_drops():
    """readability-lxml drops each method's signature heading (its words are links to the
    types) and the "Implementations" heading: a reference that lost what each paragraph is
    about. trafilatura's pick holds all of readability's and adds them, little enough that the
    prose rules never looked (it adds no sentence): on a documentation page it wins."""
    reading = read_page(page("api_reference.html"), API_URL, require_summary=False)
    text = reading.plain_text()
    for signature in SIGNATURES:
        assert signature in text, signature
    assert "Implementations" in text and "segment_size" in text and "store(batch)" in text
    assert "must not be opened by two processes" in text  # the warning box
    assert "In heron::queue" not in text and "Lease" not in text.split("Implementations")[0][:40]


def test_the_api_reference_shows_the_failure_it_guards():
    """Without the page's own word that it is documentation neither is trafilatura run nor
    would its pick win."""
    from functools import partial

    from distill.page.clean import text_of
    from distill.page.extract import _second_could_win
    from distill.page.extractors import readability_pick, trafilatura_pick
    from distill.page.parse import prepare

    doc = parse_html(page("api_reference.html"))
    prepare(doc)
    first, second = readability_pick(doc), trafilatura_pick(doc, API_URL)
    assert not any(signature in text_of(first) for signature in SIGNATURES[:2])
    docs = partial(documentation_body, doc, API_URL)
    docs_page = partial(documentation_page, doc, first, API_URL)
    assert docs_page()  # rustdoc made it
    assert _second_could_win(first, doc, 0, 0.2, docs_page) and not _second_could_win(first, doc, 0, 0.2)
    assert _prefer_second(first, second, 0, 0.2, docs, docs_page=docs_page)
    assert not _prefer_second(first, second, 0, 0.2, docs)  # a blog post's code alone is not enough


def test_a_lost_table_of_contents_does_not_make_trafilatura_worth_running():
    """What readability lacks of a documentation body counts only when it is the body's own
    text: a table of contents (a list of links, however indented) is left out on purpose."""
    from distill.page.extract import _lacks_blocks

    body = distinct_paragraphs(20)
    first = _div(body)
    toc = "".join(f'<li>\n      {i}.1\n      <a href="/book/ch{i}">Chapter {i}, its first section</a>\n    </li>'
                  for i in range(20))
    with_toc = _div(f"<ol>{toc}</ol>" + body)
    assert not _lacks_blocks(with_toc, first, " ".join(first.text_content().split()), enough=10)
    with_sections = _div(body + "".join(f"<h2>Section heading {i}</h2><li>option_{i}</li>" for i in range(8)))
    assert _lacks_blocks(with_sections, first, " ".join(first.text_content().split()), enough=10)
