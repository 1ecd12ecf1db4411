"""Forum threads and Q&A pages: the article is every post, in order, not the largest one.

Both extractors look for the one block with the most prose, and on a thread that is one post (a
200-word reply out of a 1,000-word discussion). A thread announces itself: schema.org's
DiscussionForumPosting, QAPage, Question, Answer or Comment in its JSON-LD or microdata, and each
post's body marked itemprop="text" (XenForo, Discourse, NodeBB, StackExchange, Invision...), or
the post-body markup of the engines that carry no microdata (phpBB, FluxBB, vBulletin, MyBB,
Flarum, Vanilla, SMF, old Reddit, Lemmy); a page that declares itself a discussion in markup
none of these know has its posts found as the block it repeats once a post (page/repeated_posts).
Their bodies, copied in page order into one block, are the article, each post a <section> headed
by its author and date (page/byline: one short line, shown but never ranked); vote counts, reply
buttons, signatures and the rest of the chrome around each body stay out, and so does a quote of
an earlier post inside a reply (the thread already holds it).

Readers' comments under a story must stay out: they can carry the same markup (WordPress themes
mark them schema.org/Comment). So bodies found by markup alone make a thread only when the page
declares itself a discussion, or when the posts hold what readability picked (it picked one of
them, not a story above them), or, found by a forum engine's own classes, when readability found
no text at all (Flarum's server-rendered posts wait in a <noscript>). Repeated blocks must hold
the pick even on a declared discussion: a blog that marks its stories DiscussionForumPosting
repeats its readers' comments, not the story. Comments on an answer
(StackExchange's, a Comment item inside an Answer or Question) are remarks on a post, not posts.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable

import lxml.etree
from lxml.html import HtmlElement

from ..text import count_words
from .byline import byline as _byline
from .post_chrome import drop_chrome, is_chrome
from .repeated_posts import repeated_posts

# schema.org types of a post, and of a page that is a discussion
POST_TYPES = frozenset({"DiscussionForumPosting", "Comment", "Answer", "Question", "SocialMediaPosting"})
THREAD_PAGE_TYPES = frozenset({"DiscussionForumPosting", "QAPage"})
# a Comment item inside one of these is a remark on that post (StackExchange), not a post
COMMENTED_POST_TYPES = frozenset({"Answer", "Question"})
# itemprop values of a post's body
BODY_PROPS = frozenset({"text", "articleBody"})
# fewer posts than this is a single post with at most a reply: the extractors' pick is fine
MIN_POSTS = 2
# the posts must hold this share of readability's pick (its 4-word shingles) when the page does
# not declare itself a discussion: else the pick is a story and the "posts" its comments
MIN_PICK_CONTAINMENT = 0.6
# a quote block whose shingles the earlier posts hold at this share repeats one of them
QUOTED_SHARE = 0.5
QUOTE_TAGS = ("blockquote", "aside")
SIGNATURE_LEVELS = 3  # how far up from a body to look for a signature's container
_TYPE_NAME = re.compile(r"[\w]+$")
_JSON_LD_TYPE = re.compile(r'"@type"\s*:\s*(\[[^\]]*\]|"[^"]*")')
_QUOTED = re.compile(r'"([^"]*)"')
_WORDS = re.compile(r"\w+")


def _class_tokens(el: HtmlElement) -> list[str]:
    cls = el.get("class")
    return cls.split() if cls else []


def _within(el: HtmlElement, token: str, levels: int) -> bool:
    """Whether one of el's nearest ancestors (up to levels) has class token."""
    node = el.getparent()
    for _ in range(levels):
        if node is None:
            return False
        if token in _class_tokens(node):
            return True
        node = node.getparent()
    return False


# The post bodies of forum engines without microdata, each a test on one element: a class
# token (and where the token alone is too common, the container it sits in).
ENGINE_BODIES: dict[str, Callable[[HtmlElement, list[str]], bool]] = {
    "xenforo": lambda el, cls: "bbWrapper" in cls,
    "discourse": lambda el, cls: "cooked" in cls,
    "stackexchange": lambda el, cls: "js-post-body" in cls,
    "phpbb": lambda el, cls: "content" in cls and _within(el, "postbody", 3),
    "fluxbb": lambda el, cls: "postmsg" in cls,
    "vbulletin": lambda el, cls: (el.get("id") or "").startswith("post_message_") or (
        "postcontent" in cls and el.tag == "blockquote"),
    "mybb": lambda el, cls: "post_body" in cls,
    "flarum": lambda el, cls: "Post-body" in cls,
    "vanilla": lambda el, cls: "userContent" in cls and "Message" in cls,
    "smf": lambda el, cls: "inner" in cls and el.get("data-msgid") is not None,
    "reddit": lambda el, cls: "usertext-body" in cls,
    "lemmy": lambda el, cls: "md-div" in cls,
    "invision": lambda el, cls: el.get("data-role") == "commentContent",
}


# Every class token an ENGINE_BODIES test needs: an element with none of them (nor a post's id or
# data-role) is no engine's post body, and is not put to the thirteen tests (most of a page).
_ENGINE_TOKENS = frozenset({"bbWrapper", "cooked", "js-post-body", "content", "postmsg", "postcontent",
                            "post_body", "Post-body", "userContent", "inner", "usertext-body", "md-div"})


def _type_names(value: str) -> set[str]:
    """schema.org type names in an itemtype or @type value ("https://schema.org/Comment")."""
    names = set()
    for part in value.split():
        found = _TYPE_NAME.search(part)
        if found:
            names.add(found.group())
    return names


def _json_ld_types(script: HtmlElement) -> set[str]:
    names: set[str] = set()
    for found in _JSON_LD_TYPE.finditer(script.text or ""):
        for quoted in _QUOTED.findall(found.group(1)):
            names |= _type_names(quoted)
    return names


def _item_type(el: HtmlElement) -> set[str]:
    """The types of the microdata item el's properties belong to (its nearest itemscope)."""
    node = el if el.get("itemscope") is not None and el.get("itemprop") not in BODY_PROPS else el.getparent()
    while node is not None:
        if node.get("itemscope") is not None:
            return _type_names(node.get("itemtype") or "")
        node = node.getparent()
    return set()


def _is_remark(el: HtmlElement) -> bool:
    """A Comment item's body inside an Answer or Question item: a remark on a post."""
    seen_comment = False
    node = el.getparent()
    while node is not None:
        if node.get("itemscope") is not None:
            types = _type_names(node.get("itemtype") or "")
            if not seen_comment:
                if "Comment" not in types:
                    return False
                seen_comment = True
            elif types & COMMENTED_POST_TYPES:
                return True
        node = node.getparent()
    return False


class _Survey:
    """One walk over the page: its declared types, its microdata bodies, its engines' bodies."""

    def __init__(self, doc: HtmlElement) -> None:
        self.types: set[str] = set()
        self.microdata: list[HtmlElement] = []
        self.engine: dict[str, list[HtmlElement]] = {}
        for el in doc.iter(lxml.etree.Element):  # elements only, chosen in C
            names = el.keys()
            if not names:
                continue  # most of a page: nothing here to look at
            if el.tag == "script":
                if el.get("type") == "application/ld+json":
                    self.types |= _json_ld_types(el)
                continue
            if "itemtype" in names:
                self.types |= _type_names(el.get("itemtype"))
            if "itemprop" in names and BODY_PROPS.intersection(el.get("itemprop").split()):
                self.microdata.append(el)
            # an attribute is read only where the element has it (most have a class at most)
            cls = _class_tokens(el) if "class" in names else []
            if not _ENGINE_TOKENS.isdisjoint(cls) \
                    or ("id" in names and el.get("id").startswith("post_message_")) \
                    or ("data-role" in names and el.get("data-role") == "commentContent"):
                for engine, is_body in ENGINE_BODIES.items():
                    if is_body(el, cls):
                        self.engine.setdefault(engine, []).append(el)
                        break

    def declared_thread(self) -> bool:
        return bool(self.types & THREAD_PAGE_TYPES)

    def bodies(self) -> tuple[list[HtmlElement], bool]:
        """The posts' bodies in page order, as the markup that marks the most posts finds them:
        microdata (preferred on a tie) or one engine's classes (a XenForo page marks its replies
        as Comment items, and its first post not at all); and whether an engine's classes
        found them."""
        marked = [el for el in self.microdata if _item_type(el) & POST_TYPES and not _is_remark(el)]
        shown = {_item_of(el) for el in marked if el.tag != "meta"}
        marked = [el for el in marked if el.tag != "meta" or _hidden_post(el, shown)]
        best, by_engine = _outermost(marked), False
        for els in self.engine.values():
            els = _outermost(els)
            if len(els) > len(best):
                best, by_engine = els, True
        return best, by_engine


def _in_signature(el: HtmlElement) -> bool:
    """Whether el is or sits in a post's signature (XenForo writes it as one more bbWrapper,
    FluxBB as one more postmsg)."""
    node = el
    for _ in range(SIGNATURE_LEVELS + 1):
        if node is None:
            return False
        if "signature" in (node.get("class") or "").lower():
            return True
        node = node.getparent()
    return False


def _outermost(els: list[HtmlElement]) -> list[HtmlElement]:
    """els (in page order) without those inside another of them (a quote's body in a post) and
    those in a signature."""
    chosen = set()
    out = []
    for el in els:
        if any(a in chosen for a in el.iterancestors()) or _in_signature(el):
            continue
        chosen.add(el)
        out.append(el)
    return [el for el in out if count_words(_body_text(el))]


def _body_text(el: HtmlElement) -> str:
    """A body's text: a <meta itemprop="text"> holds it in its content (Nairaland's first post)."""
    return (el.get("content") or "") if el.tag == "meta" else el.text_content() or ""


def _item_of(el: HtmlElement) -> HtmlElement | None:
    """The microdata item el's property belongs to (its nearest itemscope above it)."""
    for node in el.iterancestors():
        if node.get("itemscope") is not None:
            return node
    return None


def _hidden_post(meta: HtmlElement, shown: set[HtmlElement | None]) -> bool:
    """Whether a <meta itemprop="text"> is a post the page gives only there: its item has no body
    on show, and the text is not the item's headline or name again (NodeBB's topic title)."""
    item = _item_of(meta)
    if item in shown:
        return False
    if item is None:
        return True
    text = " ".join((meta.get("content") or "").split())
    for el in item.iter(lxml.etree.Element):
        named = el is not meta and {"headline", "name"} & set((el.get("itemprop") or "").split())
        if named and " ".join((el.get("content") or el.text_content() or "").split()) == text:
            return False
    return True


def _meta_block(meta: HtmlElement) -> HtmlElement:
    """A post whose text the page gives only in a meta's content, as paragraphs (blank lines
    part them, a single line break stays one)."""
    block = meta.makeelement("div", {})
    for chunk in re.split(r"\n\s*\n", meta.get("content") or ""):
        lines = [" ".join(line.split()) for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        para = meta.makeelement("p", {})
        para.text = lines[0]
        for line in lines[1:]:
            br = meta.makeelement("br", {})
            br.tail = line
            para.append(br)
        block.append(para)
    return block


def _post_containers(bodies: list[HtmlElement]) -> list[HtmlElement]:
    """For each body, the largest element around it that holds no other post's body: where
    the post's own author and date are written."""
    holding: Counter = Counter(a for body in bodies for a in body.iterancestors())
    out = []
    for body in bodies:
        node = body
        for parent in body.iterancestors():
            if holding[parent] > 1:
                break
            node = parent
        out.append(node)
    return out


def _unsigned_text(el: HtmlElement) -> str:
    """el's text without the forum's parts in it (readability's pick of a thread holds the
    posters' signatures)."""
    if not any(is_chrome(d) for d in el.iterdescendants(lxml.etree.Element)):
        return el.text_content() or ""
    el = copy.deepcopy(el)
    drop_chrome(el)
    return el.text_content() or ""


def _is_quote(el: HtmlElement) -> bool:
    if el.tag in QUOTE_TAGS:
        return True
    cls = el.get("class")
    return cls is not None and "quote" in cls.lower()


def _drop_quoted(post: HtmlElement, said: set[tuple[str, ...]]) -> None:
    """Remove from post the quotes of earlier posts: a quote block (a <blockquote>, an <aside>,
    a "quote" class) whose text the thread already holds. A quote of a log, a manual or an
    article stays: the thread holds none of it."""
    for el in list(post.iterdescendants()):
        if not isinstance(el.tag, str) or not _is_quote(el):
            continue
        if any(_is_quote(a) for a in el.iterancestors() if a is not post):
            continue
        quoted = _shingles(el.text_content() or "")
        if quoted and len(quoted & said) >= QUOTED_SHARE * len(quoted):
            el.drop_tree()


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = _WORDS.findall(text.lower())
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 1))}


def _holds_pick(thread_text: str, pick_text: str) -> bool:
    pick = _shingles(pick_text)
    return len(pick & _shingles(thread_text)) >= MIN_PICK_CONTAINMENT * len(pick)


def thread_block(doc: HtmlElement, pick: HtmlElement | None) -> HtmlElement | None:
    """The page's posts' bodies, copied in order into one block, when the page is a thread
    (see the module's docstring); None when it is not. pick: readability's pick, which the
    posts must hold on a page that does not declare itself a discussion."""
    survey = _Survey(doc)
    bodies, by_engine = survey.bodies()
    posts = list(zip(bodies, _post_containers(bodies), strict=True))
    repeated = not posts and survey.declared_thread()
    if repeated:
        posts = [(body, container) for container, body in repeated_posts(doc)]
    if len(posts) < MIN_POSTS:
        return None
    block = doc.makeelement("div", {})
    said: set[tuple[str, ...]] = set()
    texts = []
    for body, container in posts:
        post = doc.makeelement("section", {})
        item = _item_of(body) if body.tag == "meta" else None
        if item is not None:  # the item around a meta holds the post's author and date, as metas too
            container = item
        byline = _byline(container, body)
        if byline is not None:
            post.append(byline)
        inner = _meta_block(body) if body.tag == "meta" else copy.deepcopy(body)
        inner.tail = None
        drop_chrome(inner)
        _drop_quoted(inner, said)
        text = inner.text_content() or ""
        said |= _shingles(text)
        texts.append(text)
        post.append(inner)
        block.append(post)
    thread_text = " ".join(texts)
    pick_text = "" if pick is None else _unsigned_text(pick)
    if (survey.declared_thread() and not repeated) or (by_engine and not count_words(pick_text)):
        return block  # a discussion; or an engine's posts where readability found no text
    if not count_words(pick_text) or not _holds_pick(thread_text, pick_text):
        return None  # the pick is not one of the posts: a story with its readers' comments
    return block
