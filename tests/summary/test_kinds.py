"""Page kinds: a thread's summary draws from several posts, a documentation page's opens with what
the page is for, a page of numbered steps gets its key steps, one sentence a step; an article's
is the ranker's alone. Each rule is checked on a fixture page where the ranker alone breaks it."""

from __future__ import annotations

import lxml.html
import numpy as np
import pytest
from support import page

import distill.pipeline as pipeline
from distill.pipeline import read_page, summarize_page
from distill.summary import kinds
from distill.summary.sentences import segment


def _paragraphs(html: str):
    return segment(lxml.html.fragment_fromstring(html, create_parent="div"), "en")


def _ranker_only(monkeypatch):
    """The summary the learned ranker makes without any kind's rule."""
    monkeypatch.setattr(pipeline, "arrange",
                        lambda reading, texts, emb, chosen, first, later, query, settings:
                        ("article", first, later))


def _post_of(paragraphs):
    return {i: n for n, post in enumerate(kinds._posts(paragraphs)) for i in post}


@pytest.mark.model
@pytest.mark.parametrize("name", ["forum_thread.html", "forum_long_question.html"])
def test_a_threads_summary_opens_with_the_question_and_draws_from_several_posts(name, monkeypatch):
    url = "https://forum.example/threads/42/"
    html = page(name)
    reading = read_page(html, url)
    assert reading.kind == "thread"
    post = _post_of(reading.paragraphs)
    data = summarize_page(html, url, sentences=3)
    assert data["kind"] == "thread"
    assert post[data["ranking"][0]] == 0  # the opening post says what the thread is about
    assert len({post[i] for i in data["summary"]}) == 3  # one sentence a post
    _ranker_only(monkeypatch)
    plain = summarize_page(html, url, sentences=3)
    assert len({post[i] for i in plain["summary"]}) < 3  # the ranker alone stays in the first posts


def test_posts_are_the_threads_sections_in_order():
    paragraphs = _paragraphs("<section><small>ann</small><div>The first post has one sentence here. "
                             "And it has a second one as well.</div></section>"
                             "<section><small>bob</small><div>The reply says something else entirely.</div>"
                             "</section><section><div>A third post closes the thread for good.</div></section>")
    assert kinds._posts(paragraphs) == [[0, 1], [2], [3]]
    first = np.array([3.0, 2.0, 0.0, 1.0])
    order = kinds.promotions("thread", paragraphs, [], first, first.copy())
    assert order == [0, 3, 2]  # the opening post's best, then the replies by worth


@pytest.mark.model
def test_a_documentation_page_opens_with_what_it_is_for(monkeypatch):
    url = "https://heron.example/retry.html"  # a Sphinx page: documentation by its generator
    data = summarize_page(page("docs_intro.html"), url, sentences=3)
    assert data["kind"] == "docs"
    intro = data["sentences"][0]["text"]
    assert intro.startswith("This page explains how Heron decides")
    assert data["ranking"][0] == 0 and 0 in data["summary"]
    _ranker_only(monkeypatch)
    assert 0 not in summarize_page(page("docs_intro.html"), url, sentences=3)["summary"]


def test_the_intro_is_an_opening_paragraph_not_a_list_or_a_lead_in():
    assert kinds.intro_sentence(_paragraphs("<h1>Title here</h1><p>This page explains the cache "
                                            "and how it is filled.</p><p>More text follows it here.</p>")) == 0
    assert kinds.intro_sentence(_paragraphs("<ul><li>A list item opens the page here today.</li></ul>"
                                            "<p>The prose only comes after the list.</p>")) is None
    assert kinds.intro_sentence(_paragraphs("<p>CSS flexible box layout enables you to:</p>"
                                            "<ul><li>Make all the children of a container equal.</li></ul>")) is None


@pytest.mark.model
@pytest.mark.parametrize(("name", "step_count"), [("recipe_steps.html", 8), ("howto_step_headings.html", 5)])
def test_a_page_of_steps_gets_its_introduction_and_key_steps(name, step_count, monkeypatch):
    url = "https://kitchen.example/how-to"
    html = page(name)
    reading = read_page(html, url)
    kind, steps = kinds.summary_kind(reading.kind, reading.paragraphs)
    assert kind == "steps" and len(steps) == step_count
    step_of = {i: n for n, step in enumerate(steps) for i in step}
    data = summarize_page(html, url, sentences=4)
    assert data["kind"] == "steps"
    assert data["ranking"][0] == 0  # what the page makes
    picked = [step_of[i] for i in data["summary"] if i in step_of]
    assert len(picked) == 3 and len(set(picked)) == 3  # one sentence a step
    assert all(steps[s][0] in data["summary"] for s in picked)  # the step's instruction, not its tip
    in_order = [step_of[i] for i in data["ranking"][1:3]]
    assert abs(in_order[0] - in_order[1]) > 1  # spread over the method, not neighbours
    _ranker_only(monkeypatch)
    plain = [step_of[i] for i in summarize_page(html, url, sentences=4)["summary"] if i in step_of]
    # the ranker alone takes a step twice (its tip as well), or neighbouring steps
    assert len(plain) > len(set(plain)) or any(abs(a - b) == 1 for a in plain for b in plain)


def test_steps_need_a_numbered_list_that_is_most_of_the_page():
    story = "".join(f"<p>Paragraph {i} of the story says something new about the harbour.</p>" for i in range(8))
    short_list = "<ol>" + "".join(f"<li>Point {i} is one line of the list here.</li>" for i in range(3)) + "</ol>"
    assert kinds.find_steps(_paragraphs(story + short_list)) == []
    assert kinds.summary_kind("article", _paragraphs(story + short_list))[0] == "article"
    bullets = "<ul>" + "".join(f"<li>Point {i} is one line of the list here.</li>" for i in range(6)) + "</ul>"
    assert kinds.find_steps(_paragraphs(bullets)) == []  # bullets are not steps
    numbered = short_list.replace("3)", "6)") + "<ol>" + "".join(
        f"<li>Step {i} tells the reader what to do next here.</li>" for i in range(6)) + "</ol>"
    steps = kinds.find_steps(_paragraphs(numbered))
    assert len(steps) == 6 and steps[0] == [3]  # the longest numbered list
    assert kinds.summary_kind("thread", _paragraphs(numbered)) == ("thread", [])


def test_steps_are_taken_one_a_step_and_never_neighbours_while_others_are_left():
    steps = [[0], [1, 2], [3], [4], [5]]
    value = {0: 0.1, 1: 0.2, 2: 0.9, 3: 0.8, 4: 0.3, 5: 0.7}
    # step 1 (by its best sentence, 2) first, its first sentence standing for it; steps 0 and 2
    # are its neighbours, so step 4 comes next; then only neighbours are left, by worth
    assert kinds._steps_order(steps, value) == [1, 5, 3, 4, 0]


def test_an_article_has_no_promotions_and_keeps_the_rankers_scores():
    paragraphs = _paragraphs("<p>One sentence of a story here.</p><p>Another sentence of it here.</p>")
    first = np.array([0.2, 0.9])
    assert kinds.promotions("article", paragraphs, [], first, first) == []
    assert np.array_equal(kinds.promote(first, []), first)
    assert list(np.argsort(-kinds.promote(first, [0]))) == [0, 1]
