import random

import lxml.html

from distill.page.extractors import (
    LIBRARY_CLEAN,
    readability_clean,
    readability_clean_length,
    readability_pick,
    trafilatura_pick,
)


def test_readability_clean_gives_the_library_s_result_for_any_whitespace():
    rng = random.Random(7)
    alphabet = [" ", "\n", "\t", "\r", "\xa0", "\u2003", "\x0c", "a", "b", ".", "\x85", "\u2028"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.1:  # the long-run cap: 255+ mixed spaces, with or without a newline
            text += "".join(rng.choice(alphabet[:6]) for _ in range(rng.randint(250, 400))) + "x"
        if rng.random() < 0.05:  # ... and 255+ of other whitespace on one line
            text += "x" + "".join(rng.choice(["\xa0", "\r", "\x0c", "\u2003", " ", "\x1d"])
                                  for _ in range(rng.randint(250, 300))) + "y"
        assert readability_clean(text) == LIBRARY_CLEAN(text), repr(text)
        assert readability_clean_length(text) == len(LIBRARY_CLEAN(text)), repr(text)
    for run in ("\r " * 150, "\x0c" * 300, "\xa0 " * 140, "\t" * 260, " " * 256):  # capped runs
        text = f"a {run}b\n c"
        assert readability_clean_length(text) == len(LIBRARY_CLEAN(text)), repr(text)


def _page() -> lxml.html.HtmlElement:
    paragraphs = "".join(f"<p>Paragraph {i} of the story says enough to be prose, with a "
                         f"<a href='more/{i}'>link</a> in it.</p>" for i in range(8))
    return lxml.html.document_fromstring(
        f"<html><head><title>T</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article>{paragraphs}</article></body></html>")


def test_picks_leave_the_shared_tree_as_it_was():
    doc = _page()
    before = lxml.html.tostring(doc)
    assert readability_pick(doc) is not None
    assert trafilatura_pick(doc, "https://example.org/news/a") is not None
    assert lxml.html.tostring(doc) == before


def test_reader_links_are_absolute_against_where_the_page_was_read_from():
    """Not against its canonical URL: relative links are relative to the document's address."""
    from distill.pipeline import read_page

    doc = _page()
    canonical = lxml.html.fragment_fromstring(
        "<link rel='canonical' href='https://example.org/amp/other/path'>")
    doc.find("head").append(canonical)
    reading = read_page(lxml.html.tostring(doc, encoding="unicode"), "https://example.org/news/a",
                        require_summary=False)
    assert reading.article.url == "https://example.org/amp/other/path"
    hrefs = [a.get("href") for a in reading.root.iter("a")]
    assert hrefs and all(h.startswith("https://example.org/news/more/") for h in hrefs)


def test_trafilatura_s_links_resolve_against_the_page_not_the_site_root():
    """trafilatura on its own makes "more/1" on /news/a into /more/1; the reader view's links
    are those the page means, whichever extractor picked the block."""
    from distill.page.sanitize import sanitize

    url = "https://example.org/news/a"
    doc = _page()
    doc.find("body/article/p").append(lxml.html.fragment_fromstring("<a href='#notes'>notes</a>"))
    pick = trafilatura_pick(doc, url)
    assert [a.get("href") for a in pick.iter("a")][:2] == ["more/0", "#notes"]
    hrefs = [a.get("href") for a in sanitize(pick, url).iter("a")]
    assert hrefs[:3] == ["https://example.org/news/more/0", "https://example.org/news/a#notes",
                         "https://example.org/news/more/1"]


def test_a_page_s_base_resolves_its_links_whichever_extractor_picks_the_block():
    from distill.pipeline import read_page

    doc = _page()
    doc.find("head").append(lxml.html.fragment_fromstring("<base href='https://cdn.example/site/'>"))
    html = lxml.html.tostring(doc, encoding="unicode")
    for method in ("readability", "trafilatura"):
        reading = read_page(html, "https://example.org/news/a", require_summary=False, method=method)
        hrefs = [a.get("href") for a in reading.root.iter("a")]
        assert hrefs and all(h.startswith("https://cdn.example/site/more/") for h in hrefs), method


def test_descendant_steps_only_where_no_predicate_counts_positions():
    from distill.page.extractors import descendant_steps

    assert descendant_steps("\n  .//*[self::div][contains(@class, 'x')]") == (
        "\n  descendant::*[self::div][contains(@class, 'x')]")
    assert descendant_steps(".//*[self::div][1]") == ".//*[self::div][1]"
    assert descendant_steps("(.//*[self::div])[1]") == "(.//*[self::div])[1]"
    assert descendant_steps(".//*[position() < 3]") == ".//*[position() < 3]"
    assert descendant_steps(".//header") == ".//header"


def test_script_links_and_handlers_never_reach_the_reader_view():
    from distill.page.reader import render
    from distill.pipeline import read_page

    paragraphs = "".join(f"<p onclick='steal()'>Paragraph {i} of the story says enough to be "
                         f"prose, with a <a href='javascript:steal()'>link</a> in it.</p>"
                         for i in range(8))
    html = render(read_page(f"<html><body><article>{paragraphs}</article></body></html>",
                            require_summary=False).root)
    assert "Paragraph 7" in html
    assert "javascript:" not in html and "onclick" not in html


def test_the_block_test_answers_as_the_library_s_markup_pattern():
    """readability-lxml serializes a div's children and searches the markup; holds_block walks
    the tags. Random trees, with tags that only start like block tags and "<p" in text and
    attribute values (escaped in markup, so never a match there)."""
    from lxml.etree import tostring
    from readability.readability import REGEXES

    from distill.page.extractors import holds_block

    rng = random.Random(3)
    tags = ["div", "p", "span", "a", "em", "param", "picture", "pre", "img", "ol", "ul", "dl",
            "table", "blockquote", "b", "section", "o:p", "svg", "path", "br"]

    def tree(depth: int) -> str:
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(["text", "&lt;p oops", "x < div", ""])
        tag = rng.choice(tags)
        attr = rng.choice(["", " title='<p>'", " data-x='<div class=a>'", " class='c'"])
        inner = "".join(tree(depth - 1) for _ in range(rng.randint(0, 3)))
        return f"<{tag}{attr}>{inner}</{tag}>" + rng.choice(["", "tail <p", " tail"])

    checked = 0
    for _ in range(400):
        doc = lxml.html.document_fromstring(f"<html><body><div>{tree(5)}</div></body></html>")
        for div in doc.iter("div"):
            markup = str(b"".join(tostring(child, encoding="utf-8") for child in div))
            assert holds_block(div) == bool(REGEXES["divToPElementsRe"].search(markup)), markup
            checked += 1
    assert checked > 400


def test_readability_steps_done_here_give_the_library_s_article():
    """_TreeDocument's scoring, unlikely-candidate and misused-div steps against readability-lxml's
    own, on every fixture page and on pages made to exercise them."""
    from readability import Document

    from distill.page.extract import parse_html
    from distill.page.extractors import _TreeDocument

    class Library(Document):  # the library's steps, on the same copy of the tree
        _parse = _TreeDocument._parse

    made = [
        "<html><body><div class='sidebar'><p>" + "Side text, short. " * 5 + "</p></div>"
        "<div id='main-content'><div>Loose text in a div, long enough to be counted as a paragraph"
        " here.<span>inline</span><br>more text <a href='x'>a link</a> tail</div>"
        + "".join(f"<div><p>Paragraph {i}, with commas, clauses, and <a href='#'>links</a>, "
                  f"long enough to score.</p><param name='x'></div>" for i in range(6))
        + "<div class='comment footer'><p>Comment text that should go, it is unlikely.</p></div>"
        "<pre class='comment'><p>Code in a comment-classed pre stays.</p></pre></div>"
        "</body></html>",
        # a lead line the conditional clean-up would drop (negative class) kept because a quote
        # follows it, and a table of contents kept the same way
        "<html><body><article><section><div>"
        + "".join(f"<p>Paragraph {i} of the piece, with commas, clauses, and more words in it.</p>"
                  for i in range(5))
        + "<div class='related'><img src='letter.jpg'>She wrote to the board in a letter we quote"
        " in full:</div>"
        "<div><blockquote>We will not sell, whatever the offer, and we will say so.</blockquote></div>"
        "<h2>Table of contents</h2><ul class='related'><li><a href='#a'>One</a></li>"
        "<li><a href='#b'>Two</a></li></ul>"
        + "".join(f"<p>More text {i}, long enough to count, with a comma or two, here.</p>"
                  for i in range(4))
        + "</div></section></article></body></html>",
    ]
    from support import FIXTURES

    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))
             if p.name != "empty.html"] + made
    for html in pages:
        doc = parse_html(html)
        assert _TreeDocument(doc).summary(html_partial=True) == Library(doc).summary(html_partial=True)


def test_a_regex_test_is_guarded_only_when_an_empty_value_cannot_match():
    from distill.page.extractors import guard_regex_tests

    assert guard_regex_tests(".//*[re:test(@class, 'author|byline')]") == (
        ".//*[(@class and re:test(@class, 'author|byline'))]")
    assert guard_regex_tests("//*[re:test(@id|@class, '^ad-', 'i')]") == (
        "//*[(@id|@class and re:test(@id|@class, '^ad-', 'i'))]")
    # these match an empty value, so their answer without the attribute is "true": left alone
    assert guard_regex_tests("//*[re:test(@class, 'x?')]") == "//*[re:test(@class, 'x?')]"
    assert guard_regex_tests("//*[not(re:test(@id, '^$'))]") == "//*[not(re:test(@id, '^$'))]"


def test_guarded_trafilatura_xpaths_select_what_the_library_s_select():
    """Every guarded XPath against the library's own, on the fixture pages and on random
    attribute soup built from the words trafilatura's patterns look for."""
    from support import FIXTURES

    from distill.page.extractors import GUARDED_XPATHS

    assert len(GUARDED_XPATHS) >= 15
    rng = random.Random(5)
    words = ["author", "Author", "byline", "comments", "comment-list", "sidebar", "hidden", "ad",
             "share", "post-content", "article-body", "entry-content", "main", "nav", "footer",
             "reply-", "akismet", "cookie", "consent", "meta", "tag", "hide-print", " hidden",
             "mvp-post-add-box", "", "x"]
    tags = ["div", "span", "a", "p", "section", "article", "aside", "ul", "li", "figure", "time"]

    def soup() -> str:
        out = []
        for _ in range(120):
            tag = rng.choice(tags)
            attrs = "".join(f" {name}='{rng.choice(words)}{rng.choice(['', '-x', ' y'])}'"
                            for name in ("class", "id", "style", "itemprop", "rel")
                            if rng.random() < 0.35)
            out.append(f"<{tag}{attrs}>text {rng.choice(words)}</{tag}>")
        return "<html><body>" + "".join(out) + "</body></html>"

    docs = [lxml.html.document_fromstring(p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))
            if p.stat().st_size] + [lxml.html.document_fromstring(soup()) for _ in range(30)]
    matched = 0
    for library, guarded in GUARDED_XPATHS:
        for doc in docs:
            theirs = library(doc)
            assert guarded(doc) == theirs, library.path
            matched += len(theirs)
    assert matched > 100


def test_justext_gets_the_same_stop_words_held_once():
    import justext.core
    import trafilatura.external
    from justext.utils import get_stoplist, get_stoplists

    from distill.page.extractors import all_stopwords

    library_tuple = tuple({w for lang in get_stoplists() for w in get_stoplist(lang)})  # trafilatura's
    ours = all_stopwords()
    assert trafilatura.external.jt_stoplist_init() is ours and trafilatura.external.JT_STOPLIST is ours
    assert justext.core.define_stoplist(ours) is ours  # no second, lower-cased copy
    assert ours == justext.core.define_stoplist(library_tuple)  # the set justext would have used


def test_class_patterns_answer_as_the_library_s_case_insensitive_ones():
    from readability.readability import REGEXES

    from distill.page.extractors import _LOWER_PATTERNS, _search

    rng = random.Random(9)
    pieces = ["Comment", "SIDEBAR", "sponsor", "Ad-Break", "article", "MAIN", "Body", "x", " ", "-",
              "_", "K", "\u212a", "\u017f", "\u0130", "\u0131", "Twitter", "ContentBody", "é", "ß"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        for name in _LOWER_PATTERNS:
            assert _search(name, text) == bool(REGEXES[name].search(text)), (name, text)


def test_trafilatura_s_readability_gives_the_library_s_article():
    """trafilatura's readability fork with its link lengths remembered while it scores, against
    the fork itself, on every fixture page and on pages dense with links inside candidates."""
    import copy

    import trafilatura.external
    from support import FIXTURES
    from trafilatura.readability_lxml import Document

    from distill.page.extract import parse_html

    faster = trafilatura.external.ReadabilityDocument
    assert faster is not Document and issubclass(faster, Document)
    made = [
        "<html><body><div id='main'>"
        + "".join(f"<div class='block'><p>Paragraph {i}, with <a href='/a{i}'>a link, long</a> and "
                  f"<a href='/b{i}'>another <b>link</b></a>, clauses, commas, and words enough.</p>"
                  f"<p><a href='/c{i}'>A paragraph that is one link, long enough to be scored here.</a>"
                  "</p></div>" for i in range(8))
        + "<ul class='nav'>" + "".join(f"<li><a href='/n{i}'>Nav {i}</a></li>" for i in range(20))
        + "</ul></div></body></html>",
    ]
    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))
             if p.name != "empty.html"] + made
    for html in pages:
        doc = parse_html(html)
        assert faster(copy.deepcopy(doc)).summary() == Document(copy.deepcopy(doc)).summary()


def test_content_paths_find_what_trafilatura_s_body_xpaths_find():
    """Each of trafilatura's content paths' first match, by our one walk and by the library's
    XPaths, on the fixture pages and on attribute soup built from the values they test."""
    from support import FIXTURES
    from trafilatura.xpaths import BODY_XPATH

    from distill.page.extractors import content_path_matches

    rng = random.Random(7)
    values = ["post", "entry", "articleBody", "articleContent", "entry-content", "article__body",
              "body-text", "post_content", "ArticleContent", "article", "story", "postarea", "text",
              "cell", "primary-x", "x primary", "story-body", "FullText", "article intro",
              "single-content", "field-body", "content", "content-main", "contentBody",
              "content__body", "Main-Content", "MAIN-CONTENT", "x Page-Content", "PAGE-CONTENT", "main", "mainbar", "x-main", ""]
    tags = ["div", "section", "article", "main", "span", "p", "aside"]

    def soup() -> str:
        out = []
        for _ in range(60):
            tag = rng.choice(tags)
            attrs = "".join(f" {name}='{rng.choice(values)}'"
                            for name in ("class", "id", "role", "itemprop") if rng.random() < 0.25)
            out.append(f"<{tag}{attrs}>text" + ("" if rng.random() < 0.5 else f"</{tag}>"))
        return "<html><body>" + "".join(out) + "</body></html>"

    docs = [lxml.html.document_fromstring(p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))
            if p.stat().st_size] + [lxml.html.document_fromstring(soup()) for _ in range(200)]
    found = 0
    for doc in docs:
        theirs = [next(iter(path(doc)), None) for path in BODY_XPATH]
        ours = content_path_matches(doc)
        assert all(a is b for a, b in zip(theirs, ours, strict=True)), (theirs, ours)
        found += sum(a is not None for a in theirs)
    assert found > 300


def test_the_walk_was_written_from_the_installed_trafilatura_s_content_paths(monkeypatch):
    """A trafilatura whose content paths changed is asked through its own XPaths (the same
    block, slower) until _content_path is checked against the new paths."""
    from support import FIXTURES

    from distill.page import extractors

    assert extractors._WALK_IS_CURRENT, (
        "trafilatura's BODY_XPATH changed: compare _content_path with it, then update "
        f"CONTENT_PATHS_FINGERPRINT to {extractors.LIBRARY_PATHS_FINGERPRINT}")
    docs = [lxml.html.document_fromstring(p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))
            if p.stat().st_size]
    walked = [extractors.trafilatura_block(doc) for doc in docs]
    monkeypatch.setattr(extractors, "_WALK_IS_CURRENT", False)
    assert [extractors.trafilatura_block(doc) for doc in docs] == walked
    assert sum(block is not None for block in walked) >= 5


def test_a_title_bar_is_not_where_trafilatura_reads_the_article():
    """A docs page's first content block may be a bar with the page's title only ("<div
    class=content><h1>"): trafilatura drops a heading that ends what it read and, left with
    nothing, goes on to its next path. The gate that decides whether trafilatura runs must look
    where it reads, not at the title."""
    from support import page

    from distill.page import extractors
    from distill.page.clean import text_of
    from distill.page.parse import parse_html, prepare

    doc = parse_html(page("title_bar_docs.html"))
    prepare(doc)
    block = extractors.trafilatura_block(doc)
    assert block is not None and "hosted message queue" in text_of(block)
    second = extractors.trafilatura_pick(doc, "https://skyqueue.example/overview")
    assert "hosted message queue" in text_of(second)
