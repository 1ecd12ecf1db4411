"""The helper process that reads trafilatura's second opinion beside its worker (page/second_opinion.py)."""

from __future__ import annotations

import os
import signal

import lxml.html
import pytest
from support import page

from distill.config import Settings
from distill.page import extract as extract_module
from distill.page import second_opinion
from distill.page.extract import extract
from distill.page.extractors import trafilatura_markup
from distill.page.metadata import page_metadata
from distill.page.parse import parse_html, prepare
from distill.pipeline import read_page

URL = "https://coastline-herald.example/news/x"
PAGES = ("cluttered_news.html", "rich_article.html", "no_article.html", "german_news.html")


@pytest.fixture
def fresh_helper():
    """A helper of this test's own, ended after it."""
    second_opinion.start()
    yield
    if second_opinion._HELPER is not None:
        second_opinion._HELPER.close()
        second_opinion._HELPER = None


def _serialized(article) -> bytes:
    return lxml.html.tostring(article.content)


@pytest.mark.parametrize("name", PAGES)
def test_the_helper_s_markup_is_what_trafilatura_gives_the_worker(name):
    doc = parse_html(page(name))
    prepare(doc)
    assert second_opinion.second_opinion_markup(page(name), URL) == trafilatura_markup(doc, URL)


@pytest.mark.parametrize("name", PAGES)
def test_the_metadata_step_leaves_the_tree_the_helper_rebuilds_as_it_was(name):
    """The helper parses and prepares the page itself: the worker's tree must not differ from
    it by the time trafilatura would read it."""
    doc = parse_html(page(name))
    before = lxml.html.tostring(doc)
    page_metadata(doc, URL)
    assert lxml.html.tostring(doc) == before


@pytest.mark.parametrize("name", PAGES)
def test_an_article_read_with_a_helper_is_the_one_read_without(name, fresh_helper, monkeypatch):
    monkeypatch.setattr(extract_module, "_second_could_win", lambda *args: True)  # ask it always
    alone = extract(page(name), URL)
    answer = second_opinion.ask(page(name), URL)
    assert answer is not None
    helped = extract(page(name), URL, helper=answer)
    assert answer.markup()[0] is True  # the helper answered: nothing was read here instead
    assert helped.extractor == alone.extractor
    assert _serialized(helped) == _serialized(alone)


def test_the_helper_is_a_process_of_its_own(fresh_helper):
    pid = second_opinion.helper_pid()
    assert pid is not None and pid != os.getpid()
    answer = second_opinion.ask(page("cluttered_news.html"), URL)
    ok, markup = answer.markup()
    assert ok and "floating solar" in markup


def test_a_busy_helper_is_not_asked_again_until_it_has_answered(fresh_helper, monkeypatch):
    first = second_opinion.ask(page("cluttered_news.html"), URL)
    assert first is not None
    monkeypatch.setattr(second_opinion._HELPER.conn, "poll", lambda timeout=0: False)  # still at it
    assert second_opinion.ask(page("rich_article.html"), URL) is None
    monkeypatch.undo()
    assert first.markup()[0]
    assert second_opinion.ask(page("rich_article.html"), URL) is not None


def test_an_answer_nobody_waited_for_is_dropped_before_the_next_page(fresh_helper):
    second_opinion.ask(page("cluttered_news.html"), URL).release()  # trafilatura not needed: never read
    second_opinion._HELPER.conn.poll(30)  # the helper has finished with it
    answer = second_opinion.ask(page("rich_article.html"), URL)
    assert answer is not None
    ok, markup = answer.markup()
    doc = parse_html(page("rich_article.html"))
    prepare(doc)
    assert ok and markup == trafilatura_markup(doc, URL)  # this page's answer, not the last one's


def test_a_dead_helper_leaves_the_worker_to_read_the_page_itself(fresh_helper, monkeypatch):
    monkeypatch.setattr(extract_module, "_second_could_win", lambda *args: True)
    alone = extract(page("no_article.html"), URL)
    pid = second_opinion.helper_pid()
    os.kill(pid, signal.SIGSTOP)  # so it dies with the page, not after answering
    answer = second_opinion.ask(page("no_article.html"), URL)
    os.kill(pid, signal.SIGKILL)
    helped = extract(page("no_article.html"), URL, helper=answer)
    assert answer.markup() == (False, None)
    assert _serialized(helped) == _serialized(alone)
    assert second_opinion.helper_pid() is None
    assert second_opinion.ask(page("no_article.html"), URL) is not None  # a new one is started
    assert second_opinion.helper_pid() is not None


def test_a_page_the_helper_cannot_read_is_read_by_the_worker(fresh_helper):
    answer = second_opinion.ask("\x00\x01\x02" * 1000, URL)  # binary: parse_html refuses it
    assert answer.markup() == (False, None)
    assert second_opinion.helper_pid() is not None  # one bad page does not end the helper


def test_the_helper_is_asked_only_while_a_core_is_spare(monkeypatch):
    monkeypatch.setattr(second_opinion, "_CORES", 2)
    assert second_opinion.spare_core()  # outside the server: this page, one core of two
    with second_opinion.serving():
        assert second_opinion.spare_core()
        with second_opinion.serving():
            assert not second_opinion.spare_core()  # two requests on two cores: none left over
    assert second_opinion.spare_core()  # both counted out again
    monkeypatch.setattr(second_opinion, "_CORES", 1)
    assert not second_opinion.spare_core()  # one core: the worker's


def test_read_page_asks_the_helper_only_when_the_settings_allow(monkeypatch):
    asked = []

    def ask(html, url):
        asked.append(url)

    monkeypatch.setattr(second_opinion, "ask", ask)
    monkeypatch.setattr(second_opinion, "_CORES", 2)
    read_page(page("cluttered_news.html"), URL, Settings(helper=False))
    assert asked == []
    read_page(page("cluttered_news.html"), URL, Settings(helper=True))
    assert asked == [URL]
    with second_opinion.serving(), second_opinion.serving():  # every core answering a request
        read_page(page("cluttered_news.html"), URL, Settings(helper=True))
    assert asked == [URL]
    read_page(page("cluttered_news.html"), URL, Settings(helper=True), method="readability")
    assert asked == [URL]


def test_an_answer_its_reader_still_holds_is_not_taken_by_another_request(fresh_helper):
    first = second_opinion.ask(page("cluttered_news.html"), URL)  # another thread's, not released
    second_opinion._HELPER.conn.poll(30)
    assert second_opinion.ask(page("rich_article.html"), URL) is None
    ok, markup = first.markup()
    assert ok and "floating solar" in markup  # its own page's answer
    again = second_opinion.ask(page("rich_article.html"), URL)
    assert again is not None and again.markup()[0]


def test_a_new_helper_holds_no_copy_of_its_worker_s_pipes_or_sockets():
    """A pipe (a browser driver's stdin) or a socket (a client's connection) open in the worker
    when its helper forks closes when the worker closes it: the helper let go of its copy."""
    import select
    import socket

    if second_opinion._HELPER is not None:  # one forked before these existed would prove nothing
        second_opinion._HELPER.close()
        second_opinion._HELPER = None
    read_end, write_end = os.pipe()
    ours, theirs = socket.socketpair()
    try:
        second_opinion.start()
        answer = second_opinion.ask(page("cluttered_news.html"), URL)
        assert answer is not None and answer.markup()[0]  # the helper is up and serving
        os.close(write_end)
        theirs.close()
        ready, _, _ = select.select([read_end, ours], [], [], 5)
        assert len(ready) == 2  # both at their end: no copy left open in the helper
        assert os.read(read_end, 1) == b"" and ours.recv(1) == b""
    finally:
        os.close(read_end)
        ours.close()
        if second_opinion._HELPER is not None:
            second_opinion._HELPER.close()
            second_opinion._HELPER = None
