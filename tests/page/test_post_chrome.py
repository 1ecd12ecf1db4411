"""The forum's own parts inside a post's block go (page/post_chrome.py): signatures, button bars,
vote widgets, quote expanders, edit notes; a post's content in a block with an unlucky class stays."""

from __future__ import annotations

import lxml.html

from distill.page.post_chrome import drop_chrome, own_words


def _post() -> lxml.html.HtmlElement:
    return lxml.html.fromstring("""<div class="post-body__outer-wrapper">
      <div class="comment-content"><p>Switch the sleep mode back to deep sleep on the command line.</p>
        <blockquote class="bbCodeBlock bbCodeBlock--quote"><div class="bbCodeBlock-expandContent">Is there
          a module option?</div><div class="bbCodeBlock-expandLink"><a role="button">Click to expand...</a></div>
        </blockquote>
        <span data-excludequote="true"><strong>Edited June 19 by kestrel_k</strong></span>
        <div class="share-story">Share this story: the county paid for my evening courses after a year of
          service, and I would recommend asking your own employer the same question.</div>
      </div>
      <div class="vote-widget"><span>14</span></div>
      <div class="post-footer__outer-wrapper"><a href="#">Reply</a> <a href="#">Quote</a> <a href="#">Report</a></div>
      <div class="user-signature">Read the wiki before you post, and post your logs.</div>
    </div>""")


def test_the_forums_parts_go_and_the_posts_text_stays():
    post = _post()
    drop_chrome(post)
    text = " ".join(post.text_content().split())
    for chrome in ("Click to expand", "Edited June 19", "14", "Reply", "Report", "Read the wiki"):
        assert chrome not in text
    for kept in ("deep sleep on the command line", "Is there a module option?", "evening courses after a year"):
        assert kept in text


def test_words_of_a_block_leave_the_forums_parts_out():
    post = _post()
    content = post.find_class("comment-content")[0]
    assert own_words(post, {}) == own_words(content, {})
