"""A post's "author · date" line (page/byline.py): the name and the date as the page shows them,
not the poster's rank, post count, join date or an edit note."""

from __future__ import annotations

import lxml.html

from distill.page.byline import byline, names_poster


def _line(html: str) -> str:
    post = lxml.html.fromstring(html)
    body = post.find_class("body")[0]
    header = byline(post, body)
    return "" if header is None else " ".join(header.text_content().split())


def test_the_name_inside_an_author_pane_that_also_holds_rank_and_post_count():
    html = """<article><aside class="cAuthorPane_author"><strong><a href="/profile/9-soapm/">Soapm</a></strong>
      <span class="rank">22</span></aside><div class="body"><p>Post text.</p></div></article>"""
    assert _line(html) == "Soapm"


def test_a_time_with_a_long_and_a_short_form_shows_the_long_one():
    html = """<div><h3 class="post-author">ColdJ</h3><time datetime="2024-06-14T13:22:54Z">
      <span>June 14, 2024</span><span>1 yr</span></time><div class="body"><p>Post text.</p></div></div>"""
    assert _line(html) == "ColdJ · June 14, 2024"


def test_a_date_after_a_joined_or_edited_label_is_not_the_posts():
    html = """<div><dl><dt><a href="/memberlist.php?mode=viewprofile&amp;u=3">Minoa</a></dt>
      <dd>Joined: Oct 05, 2011</dd></dl><p class="by">by Minoa &#187; Tue Aug 27, 2019 5:58 am</p>
      <div class="body"><p>Post text.</p></div><em>Last edited by Minoa; Aug 28, 2019</em></div>"""
    assert _line(html) == "Minoa · Tue Aug 27, 2019 5:58 am"
    html = """<div><dl><dt>Minoa</dt><dd>Joined: Oct 05, 2011</dd></dl><div class="body"><p>Text.</p></div>
      <em>Last edited by Minoa; Aug 28, 2019</em></div>"""
    assert _line(html) == ""


def test_classes_that_name_the_poster_and_classes_that_hold_more():
    for cls in ("comment-author vcard", "cAuthorPane_author", "PostUser-name", "username-coloured",
                "author-details__username", "bigusername"):
        assert names_poster(cls), cls
    for cls in ("cAuthorPane_content", "author_information", "poster_ip", "author-details-info-name", "authority"):
        assert not names_poster(cls), cls


def test_the_full_date_in_a_tooltip_over_a_short_one():
    html = """<div><a href="/users/5/pup">Pup</a> <span title="2/21/2024 5:00:00 AM">2 years ago</span>
      <div class="body"><p>Text.</p></div></div>"""
    assert _line(html) == "Pup · 2/21/2024 5:00:00 AM"


def test_a_label_given_as_an_icons_tooltip_claims_the_date_after_it():
    """XenForo's user panel: an icon whose tooltip says "Joined", then the join date."""
    html = """<div><dl><dt><span data-original-title="Joined">
      </span></dt>
      <dd>Oct 25, 2017</dd></dl><time datetime="2025-03-27">Mar 27, 2025</time>
      <div class="body"><p>Text.</p></div></div>"""
    assert _line(html) == "Mar 27, 2025"
