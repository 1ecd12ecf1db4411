"""What inside a forum post's block is the forum's, not the poster's: the signature under it, the
bar of Reply / Quote / Report / Like buttons, the vote widget, "Click to expand..." under a long
quote, the engine's "Edited by" note.

Engines name these parts in their classes ("message-signature", "post-footer__outer-wrapper",
"forum-comment-links__item item__reply", "bbCodeBlock-expandLink", "vote-widget"), read here as
words. A part with such a class that holds more than a line of text is kept: a post's own
content can sit in a block whose class says "footer" or "share". Invision marks its edit notes
and such data-excludequote: what a reply quoting the post leaves out is not the post.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from lxml.html import HtmlElement

from ..text import count_words
from .byline import token_words

# class words of a forum's own parts of a post (signature: at any length); not "reply" nor
# "quote", which name posts and quoted posts too
_CHROME_WORDS = frozenset({"footer", "actions", "toolbar", "controls", "buttons", "button", "btn",
                           "reactions", "likes", "vote", "votes", "voting", "share", "sharing",
                           "bookmarks"})
_CHROME_PAIRS = frozenset({("expand", "link"), ("action", "bar")})  # not "expandContent": a quote
CHROME_MAX_WORDS = 12  # more is a post's content in a block with an unlucky class


@lru_cache(maxsize=4096)
def _names_chrome(cls: str) -> bool:
    for token in cls.split():
        words = token_words(token)
        if not _CHROME_WORDS.isdisjoint(words) or any(p in _CHROME_PAIRS for p in pairwise(words)):
            return True
    return False


def is_chrome(el: HtmlElement) -> bool:
    """Whether el is a part of a post the forum adds (see the module's docstring)."""
    if not isinstance(el.tag, str):
        return False
    if el.get("data-excludequote") is not None:
        return True
    cls = el.get("class")
    if not cls:
        return False
    if "signature" in cls.lower():
        return True
    return _names_chrome(cls) and count_words(el.text_content() or "") <= CHROME_MAX_WORDS


def drop_chrome(post: HtmlElement) -> None:
    """Remove the forum's parts from a copy of a post's body."""
    for el in list(post.iterdescendants()):
        if el.getparent() is not None and is_chrome(el):
            el.drop_tree()


def own_words(el: HtmlElement, cache: dict[HtmlElement, int]) -> int:
    """Words in el without the forum's parts in it."""
    n = cache.get(el)
    if n is None:
        n = count_words(el.text or "")
        for child in el:
            if isinstance(child.tag, str) and not is_chrome(child):
                n += own_words(child, cache)
            n += count_words(child.tail or "")
        cache[el] = n
    return n
