"""Finding the article: readability-lxml's pick, trafilatura's second opinion, and when it
wins (page/extract.py)."""

from __future__ import annotations

import lxml.html
import pytest
from support import distinct_paragraphs, page

from distill.errors import NoArticle
from distill.page.clean import text_of
from distill.page.extract import extract
from distill.page.parse import (
    parse_html,
    prepare,
)
from distill.pipeline import read_page


def test_page_without_an_article():

    with pytest.raises(NoArticle) as err:
        read_page(page("no_article.html"))
    assert err.value.status == 422


def test_too_small_readability_pick_falls_back_to_trafilatura(monkeypatch):
    import distill.page.extract as ex

    monkeypatch.setattr(ex, "readability_pick", lambda doc: None)
    a = extract(page("cluttered_news.html"))
    assert a.extractor == "trafilatura"
    assert "floating solar panels" in a.content.text_content()


def test_second_pass_wins_only_when_it_holds_the_first_and_more():
    from distill.page.extract import _prefer_second

    small, big = lxml_div(distinct_paragraphs(10)), lxml_div(distinct_paragraphs(20))
    assert _prefer_second(small, big, page_prose=0, fallback_ratio=0.2)  # readability kept a sub-block
    assert not _prefer_second(big, small, page_prose=0, fallback_ratio=0.2)
    other = lxml_div("".join(f"<p>Unrelated comment number {i} says something else entirely here.</p>"
                             for i in range(40)))
    assert not _prefer_second(small, other, page_prose=0, fallback_ratio=0.2)  # bigger, but elsewhere
    # more only by a repeated headline and a sidebar of short link lines: not worth switching for
    chrome = "<h1>Minecraft 1.8 The Bountiful Update</h1>" + "".join(
        f'<a href="/l{i}">Official link {i}</a><br>' for i in range(8))
    padded = lxml_div(chrome + distinct_paragraphs(10))
    assert not _prefer_second(small, padded, page_prose=0, fallback_ratio=0.2)


def test_second_pass_wins_by_far_only_with_prose():
    """Readability kept the first section of a long article: trafilatura's pick is four times
    longer and what it adds is paragraphs, so it wins; four times longer by menus and short link
    lines is the page around the article, and does not."""
    from distill.page.extract import _prefer_second

    section, article = distinct_paragraphs(25), distinct_paragraphs(100)
    small = lxml_div(section)
    assert article.startswith(section)
    assert _prefer_second(small, lxml_div(article), page_prose=0, fallback_ratio=0.2)
    chrome = "".join(f"<div>Section {i} home</div><div>Menu entry {i}</div><div>Topic {i} page</div>"
                     for i in range(150))
    assert not _prefer_second(small, lxml_div(section + chrome), page_prose=0, fallback_ratio=0.2)



def test_two_picks_that_share_nothing_go_to_the_one_about_the_page():
    """readability kept a block beside the story (a donation appeal, an old-browser warning, a
    login form, teasers): trafilatura's pick shares nothing with it. The pick that reads like the
    page's title and description wins, whichever is longer; with no title to go by, when
    trafilatura's is the stray block, or when it is only a title bar, readability's stays."""
    from distill.page.extract import _prefer_second, about_words

    appeal = lxml_div("".join(
        f"<p>Appeal {i}: if you want independent journalism to go on, please support our work with a "
        f"donation, however small, and tell your friends about us today.</p>" for i in range(6)))
    story = lxml_div("<h1>Drone flies over aircraft carrier</h1>" + "".join(
        f"<p>Part {i}: the drone filmed the carrier from above for minutes, the agency said, and "
        f"nobody on deck seemed to notice it before it turned back.</p>" for i in range(4)))
    about = about_words("Drone flies over aircraft carrier "
                        "A drone filmed the carrier from above, the agency said.")
    assert _prefer_second(appeal, story, page_prose=0, fallback_ratio=0.2, about=about)
    assert not _prefer_second(story, appeal, page_prose=0, fallback_ratio=0.2, about=about)
    assert not _prefer_second(appeal, story, page_prose=0, fallback_ratio=0.2)
    assert not _prefer_second(appeal, story, page_prose=0, fallback_ratio=0.2,
                              about=about_words("Support us"))
    # a forum's title bar names the page too, and is no article
    bar = lxml_div("<div>Active Recent Comments Search Login 49 Drone flies over aircraft carrier "
                   "video via someone 1 year ago 12 comments</div>")
    assert not _prefer_second(appeal, bar, page_prose=0, fallback_ratio=0.2, about=about)


def test_a_small_pick_about_the_page_beats_a_longer_stray_block():
    """readability's pick is small beside the page's prose (a photo story's captions, the page's
    other text in galleries), and trafilatura's, longer, shares nothing with it: the fallback to
    trafilatura still asks which of the two blocks reads like the page's title. A pick that is
    next to nothing (under DISJOINT_MIN_WORDS) falls back as before."""
    from distill.page.extract import _prefer_second, about_words

    story = lxml_div("".join(
        f"<p>Part {i}: the drone filmed the carrier from above for minutes, the agency said, and "
        f"nobody on deck seemed to notice it before it turned back.</p>" for i in range(4)))
    stray = lxml_div("".join(
        f"<p>Gallery {i}: photos of the season's games, the fans in the stands and the players "
        f"celebrating after the final whistle in the rain.</p>" for i in range(12)))
    about = about_words("Drone flies over aircraft carrier")
    lots_of_prose = 10 * len(stray.text_content())  # readability's pick looks too small
    assert not _prefer_second(story, stray, lots_of_prose, 0.2, about=about)
    assert _prefer_second(story, stray, lots_of_prose, 0.2)  # no title to go by: the fallback
    tiny = lxml_div("<p>Drone flies over the aircraft carrier.</p>")
    assert _prefer_second(tiny, stray, lots_of_prose, 0.2, about=about)


def lxml_div(html):

    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_trafilatura_is_asked_only_when_its_block_holds_prose_readability_left():
    from distill.page.extract import _second_could_win

    story = distinct_paragraphs(12)
    comments = "".join(f"<p>Reader {i} wrote a long comment about the council's plan and its cost.</p>"
                       for i in range(3))
    first = lxml_div(story)  # readability's pick: the story alone

    def asked(body: str) -> bool:
        doc = parse_html(f"<html><body>{body}</body></html>")
        return _second_could_win(first, doc, page_prose=0, fallback_ratio=0.2)

    # what readability left lies outside trafilatura's block (the <article>): not worth asking
    assert not asked(f"<article>{story}</article><aside>{comments}</aside>")
    # inside it: asked
    assert asked(f"<article>{story}<div class='more'>{comments}</div></article>")
    # nothing left anywhere: not asked
    assert not asked(f"<article>{story}</article>")
    # no block of its paths in the page: the page is its to read
    assert asked(f"<div>{story}</div><div>{comments}</div>")
    # a first path's block with no text is passed over, as trafilatura passes it: the next
    # path's block (main-column) holds the prose left
    assert asked(f"<div class='post'> </div><div class='main-column'>{story}{comments}</div>")
    assert not asked(f"<div class='post'>{story}</div><div class='main-column'>{comments}</div>")


def test_a_block_the_pick_holds_whole_is_not_searched_and_the_answer_is_the_search_s():
    """When the pick's text holds trafilatura's whole block, the gate answers without looking at
    the block's paragraphs: the answer must be the one their search gives, on every fixture."""
    from support import FIXTURES

    from distill.page import extract as module
    from distill.page.clean import text_of
    from distill.page.extractors import readability_pick, trafilatura_block

    def searched(first, doc) -> bool:
        first_text = text_of(first)
        kept = {text_of(el) for el in first.iter(*module._TEXT_BLOCKS)}
        enough = module.SECOND_PASS_GATE_PROSE * module.count_words(first_text)
        block = trafilatura_block(doc)
        return module._lacks_prose([doc] if block is None else module._split_body(block), kept, first_text,
                                   enough)

    story = distinct_paragraphs(12)
    pages = [f"<html><body><article>{story}</article><p>An aside, with words enough to be prose here.</p>"
             "</body></html>",
             f"<html><body><article>\n  {story.replace('</p>', '</p>  <span> </span>')}</article></body></html>"]
    pages += [p.read_text() for p in sorted(FIXTURES.glob("*.html")) if p.stat().st_size]
    shortcut = 0
    for html in pages:
        doc = parse_html(html)
        prepare(doc)
        first = readability_pick(doc)
        if first is None or module._too_small(text_of(first), module.count_words(text_of(first)), 0, 0.2):
            continue
        block = trafilatura_block(doc)
        shortcut += block is not None and all(text_of(b) in text_of(first) for b in module._split_body(block))
        assert module._second_could_win(first, doc, 0, 0.2) == searched(first, doc)
    assert shortcut >= 2


def test_a_short_post_that_is_the_marked_body_is_not_widened_to_the_page():
    """A short blog post: readability's pick is under the word floor but is the post's marked
    body (class "post"). trafilatura, finding that block short, reads the whole page and brings
    the author's bio and the blog's blurb along; readability's pick stays."""
    a = extract(page("short_post.html"))
    text = a.content.text_content()
    assert a.extractor == "readability"
    assert "bright shade of yellow" in text and "Worth a detour." in text
    assert "teaches chemistry" not in text and "Pedal Notes collects" not in text


def test_a_marked_body_is_most_of_the_pick_and_held_by_it():
    from distill.page.extract import _is_marked_body

    post = "The council painted the old bike racks on Elm Street a bright shade of yellow this week."
    assert _is_marked_body("Painted racks " + post, post)
    # a header block a theme marks up as the post (title and byline), the body elsewhere
    assert not _is_marked_body(post + " They look cheerful, and more people lock up there now.",
                               "The council painted the old bike racks")
    assert not _is_marked_body(post, "A different block entirely, about a cake sale at the school.")
    assert not _is_marked_body(post, "")


def test_a_lead_paragraph_above_the_body_s_container_comes_back_first():
    """The lead (class "article-intro") sits above the body's container that readability keeps:
    it is put back in front; a box marked "intro" in the sidebar is not."""
    text = read_page(page("lead_outside_body.html"), "https://seekurier.example/faehre",
                     require_summary=False).plain_text()
    assert text.startswith("Die Stadtwerke haben am Montag eine neue Elektrofähre")
    assert "vierzig Autos" in text and "eigene Stellplätze" in text
    assert "in unserem Dossier" not in text


def test_a_lead_marked_lead_comes_back_but_not_the_leaderboard_ad():
    """Leads are marked "lead", "leadIn" or "Post__lead" too, not only "intro": the one above the
    body comes back first; the "leaderboard" ad slot, prose as it may read, is no lead, and
    Tailwind's "leading-snug" is a line height."""
    text = read_page(page("lead_classes.html"), "https://portal.example/praca/godzina",
                     require_summary=False).plain_text()
    assert text.startswith("Oto kraje, w których średnia godzina pracy")
    assert "Najmniej produktywne" in text and "Reklama" not in text
    from distill.page.lead import _LEAD_CLASS

    for cls in ("lead", "leadIn", "Post__lead", "a-lead", "c-lead-text", "leader"):
        assert _LEAD_CLASS.search(cls), cls
    for cls in ("leaderboard", "ad-leaderboard", "lead-image", "lead_media", "leadPhoto", "lead-story",
                "text-lg leading-snug", "font-sans leading-5"):
        assert not _LEAD_CLASS.search(cls), cls

def test_a_lead_of_links_or_far_from_the_pick_is_not_put_back():
    from distill.page.lead import restore_lead

    body = "".join(f"<p>Paragraph {i} of the story says what happened at the harbour today.</p>"
                   for i in range(4))
    teasers = ('<p class="intro"><a href="/a">One story about the harbour and its ferries today.</a> '
               '<a href="/b">Another story.</a></p>')
    far = '<div><div><div><div><div><p class="intro">A far paragraph with ten words or more in it.</p>'
    for html in (f"<body><article>{teasers}<div class='body'>{body}</div></article></body>",
                 f"<body>{far}</div></div></div></div></div><div><div><div><div><div class='body'>{body}"
                 "</div></div></div></div></div></body>"):
        source = parse_html(f"<html>{html}</html>")
        content = lxml_div(body)
        assert not restore_lead(source, content)


def test_second_pass_overlapping_only_in_part_wins_when_it_is_the_longer_article():
    """readability kept the FAQ that ends a guide; trafilatura kept the guide and lost half the
    FAQ. Their picks overlap in part only, yet trafilatura's is the article: far longer, and
    what it adds is prose. Longer only by short lines (a menu, link labels), or elsewhere on the
    page, it is not."""
    from distill.page.extract import _prefer_second

    def faq(i: int) -> str:
        return (f"<h3>Question {i}: how long does step {i} of the course take?</h3>"
                f"<p>Answer {i}: most learners finish step {i} in a few weeks, studying part time.</p>")

    guide = "".join(f"<p>Section {i} of the guide explains one more part of the topic in detail.</p>"
                    for i in range(30))
    first = lxml_div("".join(faq(i) for i in range(12)))
    second = lxml_div(guide + "".join(faq(i) for i in range(4)))
    assert _prefer_second(first, second, page_prose=0, fallback_ratio=0.2)
    menu = "".join(f"<div>Course {i} catalogue</div><div>Campus {i} map</div>" for i in range(120))
    assert not _prefer_second(first, lxml_div(menu + "".join(faq(i) for i in range(4))),
                              page_prose=0, fallback_ratio=0.2)
    assert not _prefer_second(first, lxml_div(guide), page_prose=0, fallback_ratio=0.2)


def test_a_gallery_s_slides_count_once_against_an_overlap_in_part():
    """A gallery of slides after the story, each a list item around its paragraph, is counted
    by its paragraphs alone: the slides then hold less than the share of prose a longer reading
    of the article must add, and readability's story stays. Counted twice (the item and its
    paragraph), as the other rules count, they would read as that longer article."""
    from distill.page.extract import PARTIAL_OVERLAP_PROSE_SHARE, _prefer_second, added_prose_words

    story = distinct_paragraphs(20)
    # readability's pick: the story and its video player's labels, which trafilatura drops, so
    # that the two picks overlap in part
    first = lxml_div(story + "".join(f"<p>Player control {i}</p>" for i in range(40)))
    slides = "<ul>" + "".join(
        f"<li><h2>Slide {i} of forty: the results of the quarter</h2>"
        "<p>Photo by the agency, all rights reserved</p>"
        f"<p>Slide {i} shows one more company whose results surprised the markets.</p></li>"
        for i in range(40)) + "</ul>"
    second = lxml_div(story + slides)
    added_words = len(text_of(second).split()) - len(text_of(first).split())
    assert added_prose_words(text_of(first), second) > PARTIAL_OVERLAP_PROSE_SHARE * added_words
    assert not _prefer_second(first, second, page_prose=0, fallback_ratio=0.2)


def test_a_short_post_keeps_its_pick_over_the_page_around_it():
    """readability's pick is a short post (too small to trust alone); trafilatura read on past it
    into the blog's blurb and link lists: its pick holds the post whole, is far longer and adds
    no prose, so the post stays. When what trafilatura adds is paragraphs (the rest of a story
    readability cut short), its pick still wins."""
    from distill.page.extract import _prefer_second

    post = ("<p>Yesterday's over. This is bad news for market leaders, and great news for everyone "
            "else.</p><p>And it happens again, fresh, every day.</p>")
    small = lxml_div(post)
    chrome = "".join(f'<div><a href="/b{i}">Bestseller title {i}</a></div><div>Bonus list {i}</div>'
                     for i in range(20))
    assert not _prefer_second(small, lxml_div(post + chrome), page_prose=0, fallback_ratio=0.2)
    assert _prefer_second(small, lxml_div(post + distinct_paragraphs(8)), page_prose=0, fallback_ratio=0.2)


def test_an_article_split_over_sections_alike_is_read_whole():
    """A guide whose sections are each marked up as the article body (<article class=...> tabs):
    readability keeps one section, and the one trafilatura's reading starts from is not the
    whole body either: the sections beside it, alike in tag and class, are searched for what the
    pick lacks, and trafilatura's reading of the whole guide wins."""
    from distill.page.extract import _second_could_win

    article = extract(page("sectioned_guide.html"))
    text = text_of(article.content)
    assert article.extractor == "trafilatura"
    for part in ("cost of cabinets", "cost of insulation", "cost of stairs"):  # first, middle, last
        assert part in text
    assert "the first question is nearly always what it will cost" in text

    def section(i: int, cls: str = "guide__section") -> str:
        return (f"<article class='{cls}'><h2>Part {i}</h2>"
                + "".join(f"<p>Part {i} says thing {k} with enough words to be counted as prose.</p>"
                          for k in range(6)) + "</article>")

    first = lxml_div("".join(section(0).split("</h2>")[1:]).removesuffix("</article>"))

    def asked(body: str) -> bool:
        doc = parse_html(f"<html><body><main>{body}</main></body></html>")
        return _second_could_win(first, doc, page_prose=0, fallback_ratio=0.2)

    assert asked(section(0) + section(1) + section(2))  # the sections alike beside the first
    assert not asked(section(0))  # one section is the whole body
    # siblings of another kind (related stories, a comment box) are not the body's sections
    assert not asked(section(0) + section(1, "related") + section(2, "comment"))


def test_two_halves_of_one_post_come_back_as_its_body():
    """Markup broken inside a post (an embed's unclosed <div> swallowing its second half):
    readability keeps the half inside the embed, trafilatura the half before it, and the two
    share nothing. The post's marked body holds both and little else: it is the article. A body
    holding much besides the two halves, or one that lacks either, is not taken."""
    from distill.page.extract import _body_of_both

    reading = read_page(page("broken_embed_post.html"), require_summary=False)
    text = reading.plain_text()
    assert reading.article.extractor == "body"
    assert text.startswith("Deciding how much to leave for a plumber")
    assert "Boilers need a yearly service" in text  # the last paragraph
    assert "padding" not in text  # the embed's style is no text

    def halves(word: str) -> str:  # the two halves share no run of words
        if word == "earlier":
            return "".join(f"<p>Opening point {k} explains why fees differ between towns and trades.</p>"
                           for k in range(6))
        return "".join(f"<p>Closing remark {k}: keep receipts, ask for quotes, compare the warranty.</p>"
                       for k in range(6))

    first, second = lxml_div(halves("later")), lxml_div(halves("earlier"))

    def body(html: str) -> lxml.html.HtmlElement | None:
        return _body_of_both(first, second, parse_html(f"<html><body>{html}</body></html>"))

    assert body(f"<div class='post-content'>{halves('earlier')}<div>{halves('later')}</div></div>") is not None
    sidebar = "".join(f"<p>Sidebar teaser {k} is a story of its own with words enough for prose.</p>"
                      for k in range(12))
    assert body(f"<div class='post-content'>{halves('earlier')}{halves('later')}{sidebar}</div>") is None
    assert body(f"<div class='post-content'>{halves('earlier')}</div><div>{halves('later')}</div>") is None


def test_a_short_posts_sidebar_does_not_pass_for_the_rest_of_the_post():
    """readability's pick is a short post; trafilatura, reading the whole page, kept the post and
    the sidebar's "About me" paragraph, which is prose. What it holds of the page's sidebar
    (class or id "sidebar", an <aside>) does not count as more article, so the post stays; the
    rest of a story outside the sidebar still wins."""
    from distill.page.extract import _prefer_second, sidebar_text

    post = ("<p>Max Jacob Newport was born this morning. He weighs seven pounds and already "
            "looks like a future study hacker.</p>")
    about = ("<p>I'm a 30-year-old computer scientist interested in why some people lead "
             "successful, enjoyable, meaningful lives, while so many others do not. Being a geek, "
             "I'm not satisfied with simplistic slogans or conventional wisdom, so I study it.</p>")
    doc = lxml.html.document_fromstring(
        f'<html><body><div id="content"><div class="post">{post}</div></div>'
        f'<div id="sidebar"><div class="widget widget_text">{about}</div></div></body></html>')
    aside = sidebar_text(doc)
    assert "computer scientist" in aside and "Max Jacob" not in aside
    small = lxml_div(post)
    assert _prefer_second(small, lxml_div(post + about), page_prose=0, fallback_ratio=0.2)  # unknown
    assert not _prefer_second(small, lxml_div(post + about), page_prose=0, fallback_ratio=0.2,
                              sidebar=lambda: aside)
    story = post + distinct_paragraphs(3)
    assert _prefer_second(small, lxml_div(story + about), page_prose=0, fallback_ratio=0.2,
                          sidebar=lambda: aside)
    aside_page = lxml.html.document_fromstring(f"<html><body>{post}<aside>{about}</aside></body></html>")
    assert "computer scientist" in sidebar_text(aside_page)
    # a layout's wrapper around the story and its sidebar is no sidebar
    wrapped = lxml.html.document_fromstring(
        f'<html><body><div class="page has-sidebar"><div class="content-sidebar-wrap">{post}</div>'
        f'<div class="sidebar-content">{post}</div></div></body></html>')
    assert sidebar_text(wrapped) == ""
    # nor is a block that holds readability's pick, whatever its name
    column = lxml.html.document_fromstring(
        f'<html><body><div class="fixed-sidebar grid"><div class="sidebar-main">{post}</div>'
        f'<div class="sidebar">{about}</div></div></body></html>')
    aside = sidebar_text(column, lxml_div(post))
    assert "computer scientist" in aside and "Max Jacob" not in aside
    # a longer story's "About this section" box adds no prose to it
    story = post + distinct_paragraphs(6)  # not too small: the added prose is weighed
    box = "".join(about.replace("computer", f"section {i}") for i in range(3))
    aside = sidebar_text(lxml.html.document_fromstring(
        f'<html><body>{story}<div id="primary-sidebar">{box}</div></body></html>'))
    assert _prefer_second(lxml_div(story), lxml_div(story + box), page_prose=0, fallback_ratio=0.2)
    assert not _prefer_second(lxml_div(story), lxml_div(story + box), page_prose=0, fallback_ratio=0.2,
                              sidebar=lambda: aside)


def test_the_choice_between_picks_reads_the_same_with_texts_remembered(monkeypatch):
    """extract remembers each block's text while it chooses between the picks (nothing changes
    the tree meanwhile); without that memory every fixture gives the same article."""
    import contextlib

    import lxml.html
    from support import FIXTURES

    from distill.errors import NoArticle
    from distill.page import extract as extract_module

    def read_all() -> list[bytes | None]:
        out = []
        for path in sorted(FIXTURES.glob("*.html")):
            try:
                article = extract_module.extract(path.read_text(encoding="utf-8"), "https://example.org/a")
            except NoArticle:
                out.append(None)
                continue
            out.append(lxml.html.tostring(article.content) + article.extractor.encode())
        return out

    remembered = read_all()
    monkeypatch.setattr(extract_module, "reading_unchanged", contextlib.nullcontext)
    assert read_all() == remembered
    assert sum(out is not None for out in remembered) >= 8
