"""Forum threads: every post in order, per-post chrome out; a story's readers' comments stay out
(page/thread.py)."""

from __future__ import annotations

from support import page

from distill.page.extract import extract
from distill.pipeline import read_page

POSTS = ("smelled sharply of acetone", "Nothing is ruined", "That did it")


def test_thread_keeps_every_post_in_order():
    a = extract(page("forum_thread.html"), "https://forum.example/threads/sourdough.1/")
    text = " ".join(a.content.text_content().split())
    assert a.extractor == "thread"
    positions = [text.find(p) for p in POSTS]
    assert -1 not in positions and positions == sorted(positions)


def test_thread_leaves_chrome_signatures_and_quoted_replies_out():
    text = " ".join(read_page(page("forum_thread.html")).article.content.text_content().split())
    for chrome in ("Well-known member", "Joined", "Reply", "Like 5", "Bake every day",
                   "levain_lou said", "Terms and rules", "Write your reply"):
        assert chrome not in text
    # the quoted sentence is there once, in the post that wrote it
    assert text.count("discard more before each feeding") == 1


def test_readers_comments_under_a_story_stay_out():
    a = extract(page("news_with_comments.html"), "https://courier.example/news/ferry")
    text = a.content.text_content()
    assert a.extractor != "thread"
    assert "reopen the ferry crossing" in text
    for comment in ("My grandfather ran that ferry", "Who is paying for the dredging", "first boat"):
        assert comment not in text


def test_each_post_is_headed_by_its_author_and_date_which_are_never_ranked():
    reading = read_page(page("forum_thread.html"), "https://forum.example/threads/sourdough.1/")
    headers = [p.text.strip() for p in reading.paragraphs if not p.prose and "·" in p.text]
    assert headers == ["crumbshot · Mar 2, 2025", "levain_lou · Mar 2, 2025", "crumbshot · Mar 3, 2025"]
    assert not any("·" in s.text for s in reading.sentences)


def test_posts_without_microdata_are_headed_by_the_profile_link_and_the_written_date():
    """FluxBB and phpBB write no schema.org: the author is the link to the poster's profile, the date
    plain text beside the post; the user panel's "Registered:" date is the poster's, not the post's."""
    reading = read_page(page("forum_thread_plain.html"), "https://bbs.example/viewtopic.php?id=9")
    assert reading.article.extractor == "thread"
    headers = [p.text.strip() for p in reading.paragraphs if not p.prose and "·" in p.text]
    assert headers == ["tuxwren · 2024-08-03 10:59:47", "kestrel_k · 2024-08-03 14:22:38",
                       "tuxwren · 2024-08-04 05:30:45"]


def test_a_signature_written_as_one_more_post_body_stays_out():
    text = " ".join(read_page(page("forum_thread_plain.html")).article.content.text_content().split())
    assert "Backups or it did not happen" not in text and "Read the wiki before you post" not in text
    assert "Marking this as solved" in text


QA_POSTS = ("two years of work at a county transport office", "the certification exam counts",
            "Ask your county whether it pays tuition", "I will start in the autumn")


def test_a_declared_qa_page_in_markup_no_engine_rule_knows_keeps_every_post():
    """No itemprop="text", no known engine: the posts are the block repeated once a post, each with
    a profile link and a date beside its text; vote widgets, buttons and signatures stay out."""
    reading = read_page(page("qa_custom_markup.html"), "https://planners.example/q/1")
    text = " ".join(reading.article.content.text_content().split())
    assert reading.article.extractor == "thread"
    positions = [text.find(p) for p in QA_POSTS]
    assert -1 not in positions and positions == sorted(positions)
    for chrome in ("Reply", "Report", "▲", "Principal planner, views my own", "Related questions",
                   "AICP exam"):
        assert chrome not in text
    headers = [p.text.strip() for p in reading.paragraphs if not p.prose and "·" in p.text]
    assert headers == ["gridlock_gwen · March 3, 2024 at 9:12", "zoning_zeke · March 3, 2024 at 11:40",
                       "marta.b · March 4, 2024 at 8:05", "gridlock_gwen · March 5, 2024 at 19:30"]


def test_a_story_declared_a_discussion_keeps_its_readers_comments_out():
    """A blog that marks its stories DiscussionForumPosting: the repeated blocks are the readers'
    comments, and they do not hold the story readability picked, so the article is the story."""
    a = extract(page("declared_story_with_comments.html"), "https://valley.example/orchard")
    text = " ".join(a.content.text_content().split())
    assert a.extractor != "thread"
    assert "station master's apple trees" in text and "a home" in text
    for comment in ("My grandfather bought his ticket", "room for a young tree", "grafting day"):
        assert comment not in text


def _meta_thread(opening: str) -> str:
    reply = ('<div itemprop="comment" itemscope itemtype="https://schema.org/Comment">'
             '<span itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" '
             'content="{0}"></span><meta itemprop="datePublished" content="2023-03-1{1}T10:00:00Z">'
             '<div itemprop="text"><p>{2}</p></div></div>')
    return f"""<html><head><title>Hybrid computing</title></head><body><h1>Hybrid computing</h1>
      <div itemscope itemtype="https://schema.org/DiscussionForumPosting">
      <meta itemprop="headline" content="Hybrid computing">
      <span itemprop="author" itemscope itemtype="https://schema.org/Person"><meta itemprop="name" content="byte1"></span>
      <meta itemprop="datePublished" content="2023-03-09T14:21:23Z">
      <meta itemprop="text" content="{opening}">
      <table><tr><td>Hybrid computing by byte1</td></tr><tr><td><div class="narrow">{opening}</div></td></tr></table>
      {reply.format("byte2", 1, "Jax runs numerical work on CPUs, GPUs and TPUs, and it can drive a simulator too.")}
      {reply.format("byte3", 2, "Graphene based machines are cheap, but their signal is weak on the oscilloscope.")}
      </div></body></html>"""


OPENING = ("A quantum computer and a classical computer working together on one problem is what the industry "
           "calls hybrid computing.\n\nEvery quantum computer is a hybrid: classical machines run almost every "
           "part of it, from the control pulses to the error correction.")


def test_a_post_given_only_in_a_meta_is_the_thread_opening():
    """Nairaland: the opening post's text is a <meta itemprop="text">, shown once more unmarked."""
    reading = read_page(_meta_thread(OPENING), "https://forum.example/7603790/hybrid")
    text = " ".join(reading.article.content.text_content().split())
    assert reading.article.extractor == "thread"
    assert text.count("what the industry calls hybrid computing") == 1
    assert text.find("hybrid computing") < text.find("Jax runs") < text.find("Graphene based")
    headers = [p.text.strip() for p in reading.paragraphs if not p.prose and "·" in p.text]
    assert headers[0] == "byte1 · 2023-03-09T14:21:23Z"


def test_a_meta_text_that_repeats_the_headline_is_no_post():
    """NodeBB gives the topic's title as its item's text too."""
    reading = read_page(_meta_thread("Hybrid computing"), "https://forum.example/topic/1/hybrid")
    headers = [p.text.strip() for p in reading.paragraphs if not p.prose and "·" in p.text]
    assert [h.split(" · ")[0] for h in headers] == ["byte2", "byte3"]
