"""Who wrote a forum post and when: the "author · date" line that heads each post of a thread.

A post's author and date sit around its body, in the part of the page that holds this post and
no other (its container, page/thread.py finds it). Engines write them in many ways: schema.org
markup (itemprop author, a <time> or datePublished), a class that names the poster
("username", "cAuthorPane_author", "PostUser-name"), a link to the poster's profile
("/members/x.12/", "memberlist.php?mode=viewprofile&u=3", "/u/x"), the post's date as plain
text beside it ("by Minoa » Tue Aug 27, 2019 5:58 am", "2019-02-24, 02:31 AM", "3 years ago"),
or in a tooltip over a short form ("2y"). The first date in the page's order is the post's, but
the user panel beside a post has dates too ("Joined: Feb 2011", "Registered: 2012-09-03", an
icon whose tooltip says "Joined"), and the footer an edit note ("Last edited by x; Feb 17,
2026", StackExchange's "Modified"): a date after such a label is not the post's. Only the date
as the page shows it is kept; nothing is parsed (dateparser would cost milliseconds a post for a
line that is shown, never computed on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from lxml.html import HtmlElement

AUTHOR_MAX_WORDS = 6  # longer is a sentence about the author, not a name
ANCESTOR_LEVELS = 3  # how far above a post's container its data-author may be (Reddit's nesting)

# a class token that names the poster, read as words: it ends with "author", "username" or
# "poster" ("cAuthorPane_author", "comment-author", "author-details__username"), or with a name
# word after "user", "display"... ("PostUser-name"), or starts with "username" ("username-coloured");
# "cAuthorPane_content", "author_information" or "poster_ip" hold more than the name
_AUTHOR_LAST = frozenset({"author", "username", "poster", "postauthor", "bigusername", "postername",
                          "displayname", "nickname", "screenname"})
_NAME_AFTER = frozenset({"user", "display", "nick", "screen", "author", "poster"})
_TOKEN_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
# a link to a member's profile: the name in it is the poster's
_PROFILE_HREF = re.compile(r"(?:^|[/?&;.])(?:members?|memberlist|profile|users?|u|people|authors?)"
                           r"(?:[/.=;?&_-]|\.php|$)|[?&;]u=\d", re.I)
_UI_WORDS = re.compile(r"profile|log ?in|sign ?(?:in|up)|register|members?$", re.I)

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ON_DATE = (
    rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+\d{{4}}"          # Tue Aug 27, 2019
    rf"|{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"  # 27 August 2019
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|\s?[+-]\d{2}:?\d{2})?)?"  # 2019-08-27
    r"|\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"            # 27/08/2019
)
# the post's date as shown: a calendar date with its time of day on either side, or how long ago
_DATE_TEXT = re.compile(
    rf"\b(?:(?:{_CLOCK}\s*(?:on\s+)?)?(?:{_ON_DATE})(?:,?\s*(?:at\s+|\|\s*)?{_CLOCK})?"
    r"|\d+\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
    rf"|(?:yesterday|today)(?:,?\s+at\s+{_CLOCK})?)", re.I)
# a date after one of these (in the text just before it) belongs to the poster or an edit, not the post
_NOT_POSTED = re.compile(r"(?:joined|join date|registered|member since|since|edited|modified|updated|"
                         r"last seen|last active|last activity|viewed|birthday|founded)"
                         r"\W*(?:by\b[^;:]*[;:,]?\s*)?(?:on\s+)?$", re.I)
LABEL_WINDOW = 48  # characters of text before a date that are read for such a label
# a quoted post's date is the quoted post's; the comments under a post (StackExchange's) are remarks
# with dates of their own
_SKIP_CLASS = re.compile(r"quote|(?:^|\s)(?:js-)?comments(?:-list|-container)?(?:\s|$)", re.I)


def token_words(token: str) -> list[str]:
    """A class token read as words: "cAuthorPane_author" -> c, author, pane, author."""
    return [w.lower() for w in _TOKEN_WORDS.findall(token)]


def names_poster(cls: str | None) -> bool:
    """Whether a class attribute has a token that names the poster."""
    return bool(cls) and _names_poster(cls)


@lru_cache(maxsize=4096)  # a page repeats its classes: one reading each
def _names_poster(cls: str) -> bool:
    for token in cls.split():
        words = token_words(token)
        if words and (words[-1] in _AUTHOR_LAST or words[0] == "username"
                      or (len(words) > 1 and words[-1] == "name" and words[-2] in _NAME_AFTER)):
            return True
    return False


def _short_text(el: HtmlElement) -> str | None:
    text = " ".join((el.text_content() or "").split())
    return text if text and len(text.split()) <= AUTHOR_MAX_WORDS else None


def _outside(container: HtmlElement, body: HtmlElement | None) -> Iterator[HtmlElement]:
    """container and its elements in page order, without body and what is inside it."""
    stack = [container]
    while stack:
        el = stack.pop()
        if el is body:
            continue
        yield el
        stack.extend(child for child in reversed(el) if isinstance(child.tag, str))


def find_author(container: HtmlElement, body: HtmlElement | None) -> tuple[HtmlElement, str] | None:
    """(the element, the name) of the post's author: a data-author on the container or just above
    it, schema.org's author, a class naming the poster, else a link to a member's profile."""
    node = container
    for _ in range(ANCESTOR_LEVELS + 1):
        if node is None:
            break
        given = node.get("data-author") or node.get("data-username")
        if given and given.strip():
            return node, " ".join(given.split())
        node = node.getparent()
    profile = None
    for el in _outside(container, body):
        if (given := el.get("data-username")) and given.strip():
            return el, " ".join(given.split())
        if "author" in (el.get("itemprop") or "").split():
            named = el.find('.//*[@itemprop="name"]')
            source = el if named is None else named
            if found := _short_text(source) or source.get("content"):
                return el, found
        elif names_poster(el.get("class")) and (found := _short_text(el)):
            return _innermost_name(el, found)
        elif profile is None and _is_profile_link(el) and (found := _short_text(el)) \
                and not _UI_WORDS.search(found):
            profile = el, found
    return profile


def _is_profile_link(el: HtmlElement) -> bool:
    return el.tag == "a" and bool(_PROFILE_HREF.search(el.get("href") or ""))


def _innermost_name(el: HtmlElement, text: str) -> tuple[HtmlElement, str]:
    """The name inside an author element that also holds the poster's rank or post count
    ("Soapm 22", "Mr_Enigmatic Member 5"): a profile link or author class in it, when there is one."""
    for inner in el.iterdescendants():
        if isinstance(inner.tag, str) and (_is_profile_link(inner) or names_poster(inner.get("class"))) \
                and (found := _short_text(inner)) and not _UI_WORDS.search(found):
            return inner, found
    return el, text


def _time_element(container: HtmlElement, shown: str, when: str) -> HtmlElement:
    time = container.makeelement("time", {"datetime": when} if when else {})
    time.text = shown
    return time


def _walk(container: HtmlElement, body: HtmlElement | None) -> Iterator[tuple[HtmlElement, str | None]]:
    """container's elements (as (element, None)) and text pieces (as (owner, text)) in page order,
    without body, a quote or a comment section (_SKIP_CLASS). One generator over a stack, not one
    per level: a post's date is looked for in every post of a thread."""
    stack: list[tuple[HtmlElement, bool]] = [(container, True)]
    while stack:
        el, opening = stack.pop()
        if not opening:  # the text after el, inside its parent
            yield el.getparent(), el.tail
            continue
        yield el, None
        if el.text:
            yield el, el.text
        for child in reversed(el):
            if child.tail:
                stack.append((child, False))
            skipped = child is body or _SKIP_CLASS.search(child.get("class") or "")
            if isinstance(child.tag, str) and not skipped:
                stack.append((child, True))


def _marked_date(el: HtmlElement) -> tuple[str, str] | None:
    """(shown, machine-readable) of a date element: a <time> or schema.org datePublished (shown as
    written: "June 14, 2024", not its short form beside it, "1 yr"), or an element whose tooltip
    holds the full date over a short one ("2y", "2 years ago")."""
    props = (el.get("itemprop") or "").split()
    if el.tag == "time" or "datePublished" in props or "dateCreated" in props:
        when = el.get("datetime") or el.get("content") or ""
        shown = " ".join(" ".join(el.itertext()).split())
        if (written := _DATE_TEXT.search(shown)) is not None:
            shown = written.group()
        return (shown or when, when) if shown or when else None
    title = el.get("title")
    if title and (written := _DATE_TEXT.search(title)) and not _NOT_POSTED.search(title[:written.start()]):
        return " ".join(written.group().split()), ""
    return None


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _label(el: HtmlElement) -> str:
    return el.get("title") or el.get("data-original-title") or el.get("aria-label") or ""


def find_date(container: HtmlElement, body: HtmlElement | None) -> tuple[HtmlElement, HtmlElement] | None:
    """(the element, a <time> of what it shows) of the post's date: the first outside its body, as
    a <time>, schema.org datePublished, a tooltip or text, that no label before it ("Joined",
    "Registered", "edited", "Modified") gives to the poster or to an edit."""
    before = ""
    for el, text in _walk(container, body):
        if text is None:
            marked = _marked_date(el)
            if marked is not None and not _NOT_POSTED.search(before):
                return el, _time_element(container, *marked)
            if marked is None and (label := _label(el)):
                before = (before + " " + label)[-LABEL_WINDOW:]  # an icon's tooltip: "Joined"
            continue
        for found in _DATE_TEXT.finditer(text):
            if not _NOT_POSTED.search(_squeeze(before + text[:found.start()])[-LABEL_WINDOW:]):
                return el, _time_element(container, " ".join(found.group().split()), "")
        before = _squeeze(before + " " + text)[-LABEL_WINDOW:]
    return None


def byline(container: HtmlElement, body: HtmlElement) -> HtmlElement | None:
    """A post's header line, "author · date", or None when the page names neither. A <header>
    (the sanitizer keeps its line and drops the tag), not a paragraph: the cleanup rules take a
    short line of figures before an article's first paragraph for a date or a ticker."""
    author, date = find_author(container, body), find_date(container, body)
    if author is None and date is None:
        return None
    line = container.makeelement("header", {})
    small = container.makeelement("small", {})
    line.append(small)
    if author is not None:
        name = container.makeelement("b", {})
        name.text = author[1]
        small.append(name)
    if date is not None:
        if author is not None:
            name.tail = " · "
        small.append(date[1])
    return line
