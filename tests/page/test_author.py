import random

import lxml.html
from trafilatura.metadata import extract_author

from distill.page.author import find_author


def test_finds_the_byline_and_leaves_out_comment_threads_and_dates():
    doc = lxml.html.document_fromstring(
        "<html><body><div class='comments'><span class='author'>Reader Name</span></div>"
        "<p class='byline'>By Jane <time>May 5</time>Doe<figure>x</figure> and Ann Lee</p>"
        "<article><p>Text of the story.</p></article></body></html>")
    assert find_author(doc) == extract_author(doc) == "Jane Doe; Ann Lee"


def test_gives_the_library_s_author_on_fixtures_and_random_pages():
    """Random pages made of the classes, ids and tags trafilatura's author and discard tests look
    for, nested, with text and tails around deleted parts (where a naive reading would join or
    split words differently)."""
    from support import FIXTURES

    rng = random.Random(11)
    tags = ["a", "address", "div", "link", "p", "span", "strong", "h3", "h4", "section", "time",
            "figure", "author", "em", "li"]
    attrs = ["class='author'", "class='byline'", "class='author-name'", "class='AuthorName'",
             "class='comments'", "class='comments-list x'", "class='sidebar'", "class='title'",
             "class='meta-date'", "class='screenname'", "class='writer'", "id='author'",
             "id='comments'", "id='commentlist'", "id='zuozhe'", "id='Author1'", "rel='author'",
             "itemprop='author name'", "itemprop='author'", "data-testid='AuthorCard'",
             "data-component='Byline'", "data-component='Figure'", "class='BBL'", "", "", ""]
    names = ["Jane Doe", "By John Smith", "Ann", "x", "Maria Garcia-Lopez", "", "  ", "Posted by"]

    def node(depth: int) -> str:
        if depth == 0 or rng.random() < 0.25:
            return rng.choice(names)
        tag = rng.choice(tags)
        inner = "".join(node(depth - 1) for _ in range(rng.randint(0, 3)))
        return f"<{tag} {rng.choice(attrs)}>{rng.choice(names)}{inner}</{tag}>{rng.choice(names)}"

    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html")) if p.stat().st_size]
    pages += [f"<html><body>{''.join(node(4) for _ in range(6))}</body></html>" for _ in range(400)]
    found = 0
    for html in pages:
        doc = lxml.html.document_fromstring(html)
        ours = find_author(doc)
        assert ours == extract_author(doc), html
        found += ours is not None
    assert found > 100


def test_a_page_with_rel_elements_gets_the_library_s_own_walk():
    doc = lxml.html.document_fromstring(
        "<html><body><span><rel>me</rel>Jane Doe</span></body></html>")
    assert find_author(doc) == extract_author(doc)


def test_the_shortcut_never_hides_a_test_an_element_passes():
    """_verdict answers 0 without running the tests for an element with none of _CUES's pieces in
    its class or id and none of the other attributes or tags they read: every alternative of
    every pattern (and the exact values), alone and inside other text, must get past it."""
    import re

    from distill.page import author

    pieces = set()
    for name in dir(author):
        value = getattr(author, name)
        if isinstance(value, re.Pattern) and name != "_CUES":
            pattern = re.sub(r"([\w-]+)\(\?:(\w+)\|(\w+)\)", r"\1\2|\1\3", value.pattern)  # a(?:b|c)
            for alternative in pattern.split("|"):
                alternative = alternative.lstrip("^")
                # a character class [Aa] or an optional "-": every spelling of the alternative
                for variant in {re.sub(r"\[(\w)\w\]", r"\1", alternative),
                                re.sub(r"\[\w(\w)\]", r"\1", alternative)}:
                    pieces |= {variant.replace("-?", "-"), variant.replace("-?", "")}
        elif isinstance(value, frozenset) and all(isinstance(v, str) for v in value):
            pieces |= value
    assert {"author", "commentlist", "ProductReviews", "Byline", "BBL", "article-support"} <= pieces
    assert all(re.fullmatch(r"[\w -]+", p) for p in pieces), pieces  # no pattern syntax left
    rng = random.Random(3)
    tags = ["a", "div", "span", "p", "section", "h3", "strong", "li", "time", "figure", "author"]
    checked = 0
    for piece in sorted(pieces):
        for text in (piece, f"x {piece}", f"{piece}-y", f"pre{piece}post"):
            for attr in ("class", "id"):
                tag = rng.choice(tags)
                el = lxml.html.fragment_fromstring(f"<{tag} {attr}='{text}'>x</{tag}>",
                                                   create_parent="div")[0]
                cls, ident = el.get("class"), el.get("id")
                assert author._verdict(el, tag, False) == author._tests(el, tag, False, cls, ident), (
                    tag, attr, text)
                checked += 1
    assert checked >= 400
