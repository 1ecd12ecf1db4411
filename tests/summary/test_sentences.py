"""The clean tree split into paragraphs and sentences, by each language's rules
(summary/sentences.py)."""

from __future__ import annotations

import lxml.html
import pytest

from distill.summary.sentences import is_prose, segment, split_text, text_blocks


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Smith met the U.S. envoy at 3 p.m. on Monday. They talked.",
         ["Dr. Smith met the U.S. envoy at 3 p.m. on Monday.", "They talked."]),
        ("Growth was 3.5% in the quarter. Prices rose 2.1 percent.",
         ["Growth was 3.5% in the quarter.", "Prices rose 2.1 percent."]),
        ('"Why now?" she asked. Nobody answered.', ['"Why now?" she asked.', "Nobody answered."]),
        ("J. R. R. Tolkien wrote it. It sold well.", ["J. R. R. Tolkien wrote it.", "It sold well."]),
    ],
)
def test_english_splitting(text, expected):
    assert split_text(text, "en") == expected


def test_non_breaking_prefixes():
    assert split_text("He works at No. 5 Main St. in Springfield. He left.", "en") == [
        "He works at No. 5 Main St. in Springfield.", "He left."]
    assert split_text("Die Kosten liegen bei ca. 12 Mio. Euro. Sie steigen z. B. im Mai.", "de") == [
        "Die Kosten liegen bei ca. 12 Mio. Euro.", "Sie steigen z. B. im Mai."]


def test_language_models_are_used():
    assert split_text("Das ist z.B. ein Satz. Und noch einer.", "de") == ["Das ist z.B. ein Satz.", "Und noch einer."]
    assert split_text("Il a vu M. Dupont hier. Il est parti.", "fr-FR") == ["Il a vu M. Dupont hier.", "Il est parti."]


def test_arabic_question_mark_ends_a_sentence():
    assert split_text("هل هذا سؤال؟ نعم هو كذلك.", "ar") == ["هل هذا سؤال؟", "نعم هو كذلك."]


@pytest.mark.parametrize(("text", "prose"), [
    ("The council approved the plan on Thursday.", True),
    ("Photo", False),
    ("WASHINGTON (AP) —", False),
    ("12 34 56 78 90 11", False),
    ("Home > News > World > Leaders meet to discuss the plan", False),
    ("福娘童話集 > きょうのイソップ童話 > １月のイソップ童話 > 欲張りなイヌ", False),
    ("Sales rose > 5% in March, and costs fell > 2% in April.", True),  # one ">" each time
])
def test_prose(text, prose):
    assert is_prose(text, 5) is prose


def test_plain_text_paragraphs():
    blocks = text_blocks("One line\nwrapped here.\n\n\nSecond  para.\n")
    assert [text for _, text in blocks] == ["One line wrapped here.", "Second para."]


def test_segment_keeps_headings_and_captions_out_of_ranking():
    root = lxml.html.fragment_fromstring(
        "<h2>A heading that has quite a few words in it</h2>"
        "<p>First sentence of the paragraph is here. Second one has <a href='#'>a link</a> inside it too.</p>"
        "<figure><figcaption>A caption with more than five words in it.</figcaption></figure>"
        "<ul><li>A list item that reads like a full sentence of prose.</li></ul>", create_parent="div")
    paras = segment(root, "en", 5)
    ranked = [s.text for p in paras for s in p.sentences]
    assert ranked == ["First sentence of the paragraph is here.", "Second one has a link inside it too.",
                      "A list item that reads like a full sentence of prose."]
    assert [s.index for p in paras for s in p.sentences] == [0, 1, 2]
    assert [p.prose for p in paras] == [False, True, False, True]


@pytest.mark.parametrize("label, lang", [
    ("Sur vos écrans cette semaine", "fr"),  # a kicker in a <p>
    ("转播到腾讯微博", "zh"),  # "repost to Tencent Weibo"
    ("TNW中文站 10月14日报道", "zh"),  # a dateline
])
def test_short_unterminated_blocks_are_labels_not_prose(label, lang):
    sentence = "这是一篇很长的新闻报道的第一句话。" if lang == "zh" else "Le conseil a voté le budget mardi soir."
    root = lxml.html.fragment_fromstring(f"<p>{label}</p><p>{sentence}</p>", create_parent="div")
    assert [s.text for p in segment(root, lang, 5) for s in p.sentences] == [sentence]


def test_link_lists_are_not_prose():
    root = lxml.html.fragment_fromstring(
        "<p><a href='/a'>Another story you might want to read right now</a></p>", create_parent="div")
    assert segment(root, "en", 5)[0].sentences == []


def test_cells_links_and_preformatted_text_are_prose_only_where_nothing_else_is():
    story = ("I am a rather elderly man, and my work has brought me into contact with scriveners. "
             "Bartleby was the strangest of them I ever saw or heard of.")
    # an old page laid out in a table, its every paragraph a link to notes on it
    laid_out = lxml.html.fragment_fromstring(
        f"<table><tr><td><h3>Study text</h3><p><a href='#n1'>{story}</a></p>"
        f"<p><a href='#n2'>He wrote on, silently, palely, mechanically, through the day.</a></p></td></tr></table>",
        create_parent="div")
    assert [s.text for p in segment(laid_out, "en", 5) for s in p.sentences] == [
        "I am a rather elderly man, and my work has brought me into contact with scriveners.",
        "Bartleby was the strangest of them I ever saw or heard of.",
        "He wrote on, silently, palely, mechanically, through the day."]
    # a plain-text document: blank lines end its paragraphs, and a title block or a page header
    # that does not end like a sentence is not one
    draft = ("INTERNET DRAFT                                          M. de Jong\n"
             "Document: draft-remotestorage-04                      IndieHosters\n\n"
             "Abstract\n\n   This draft describes a protocol by which applications\n   store data"
             " on a server. It is a\n   working document.\n\n\f\n"
             "de Jong                  Expires 18 June 2015                [Page 1]\n\n"
             "   The server answers every request with a status code.\n")
    plain = lxml.html.fragment_fromstring(f"<pre>{draft}</pre>", create_parent="div")
    sentences = [s for p in segment(plain, "en", 5) for s in p.sentences]
    assert [s.text for s in sentences] == [
        "This draft describes a protocol by which applications store data on a server.",
        "It is a working document.", "The server answers every request with a status code."]
    assert [" ".join(draft[s.start:s.end].split()) for s in sentences] == [s.text for s in sentences]
    # beside prose of the article's own, a data cell, a link and code stay out of the ranking
    mixed = lxml.html.fragment_fromstring(
        f"<p>{story}</p><table><tr><th>Year</th><th>Event</th></tr><tr><td>1853</td>"
        "<td>The cell holds a sentence of data about the table.</td></tr></table>"
        "<p><a href='/x'>A linked sentence that reads like prose, about another story.</a></p>"
        "<pre>print('a line of code that ends like a sentence, with words.')</pre>", create_parent="div")
    assert [s.text for p in segment(mixed, "en", 5) for s in p.sentences] == [
        "I am a rather elderly man, and my work has brought me into contact with scriveners.",
        "Bartleby was the strangest of them I ever saw or heard of."]
    # a table that lays out the page (one row: a menu cell and the story's cell) is no data
    layout = lxml.html.fragment_fromstring(
        "<p>The lead paragraph of the story, in a paragraph of its own.</p>"
        f"<table><tr><td>Home</td><td><p>{story}</p></td></tr></table>", create_parent="div")
    assert [s.text for p in segment(layout, "en", 5) for s in p.sentences] == [
        "The lead paragraph of the story, in a paragraph of its own.",
        "I am a rather elderly man, and my work has brought me into contact with scriveners.",
        "Bartleby was the strangest of them I ever saw or heard of."]


@pytest.mark.parametrize(("table", "data"), [
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>", False),  # 4 cells
    ("<table><tr><td>a</td></tr><tr><td>b</td></tr><tr><td>c</td></tr></table>", False),  # 1 column
    ("<table><tr><td>a</td><td>b</td><td>c</td><td>d</td><td>e</td></tr>"
     "<tr><td>f</td></tr></table>", True),  # more than 4 columns
    ("<table>" + "<tr><td>a</td><td>b</td></tr>" * 10 + "</table>", True),  # 10 rows
    ("<table>" + "<tr><td>a</td><td>b</td><td>c</td></tr>" * 4 + "</table>", True),  # 12 cells
    ("<table><tr><td colspan='3'>a</td></tr><tr><td>b</td><td colspan='x'>c</td></tr>"
     "<tr><td rowspan='2'>d</td><td>e</td></tr></table>", False),  # 3 columns x 3 rows: 9 cells
    ("<table><caption>Results</caption><tr><td>a</td></tr></table>", True),
    ("<table><tr><th>Year</th></tr><tr><td>a</td></tr></table>", True),
    ("<table>" + "<tr><td>a</td><td>b</td><td>c</td></tr>" * 4
     + "<tr><td><table><tr><td>x</td></tr></table></td></tr></table>", False),  # holds a table
])
def test_data_tables_are_told_from_layout_tables_as_readability_js_does(table, data):
    from distill.summary.sentences import is_data_table

    assert is_data_table(lxml.html.fragment_fromstring(table)) is data


def test_citation_marks_stay_with_their_sentence():
    text = "It promotes free software.[1] The community is supported by a foundation.[2][3] It grew."
    assert split_text(text, "en") == ["It promotes free software.[1]",
                                      "The community is supported by a foundation.[2][3]", "It grew."]


def test_text_blocks_follow_the_lines_of_selected_text():
    text = ("City approves floating solar farm\nThe council approved the plan on Thursday, officials said.\n"
            "It will cover the old reservoir and supply a fifth of the\ncity's power\n.\n\nA new paragraph.")
    assert text_blocks(text) == [
        ("h3", "City approves floating solar farm"),
        ("p", "The council approved the plan on Thursday, officials said."),
        ("p", "It will cover the old reservoir and supply a fifth of the city's power."),
        ("p", "A new paragraph."),
    ]


def test_lowercased_text_is_split_at_every_full_stop():
    """Transcripts, pasted selections and the common CNN/DailyMail release have no capitals: a
    piece starting in lower case is a new sentence there, not the last one going on."""
    text = ("luis suarez will return to anfield on march 29 . the game is organised by the club 's "
            "foundation . xabi alonso has also been confirmed . tickets go on sale on friday .")
    assert split_text(text, "en") == [
        "luis suarez will return to anfield on march 29 .",
        "the game is organised by the club 's foundation .",
        "xabi alonso has also been confirmed .",
        "tickets go on sale on friday .",
    ]
    # in cased text a lower-case piece still continues its sentence
    assert split_text('"Why now?" she asked. Nobody answered. The room went quiet.', "en") == [
        '"Why now?" she asked.', "Nobody answered.", "The room went quiet."]


def test_language_tags_of_one_model_share_one_tokenizer_and_no_library_copy_stays():
    import punkt.model.registry

    from distill.summary.sentences import _tokenizer

    assert _tokenizer("en") is _tokenizer("en-US") is _tokenizer("EN-gb") is _tokenizer("xx")
    assert _tokenizer("de") is _tokenizer("de-AT") and _tokenizer("de") is not _tokenizer("en")
    assert _tokenizer("ar") is _tokenizer("fa")  # the Arabic-script rules, no model
    assert punkt.model.registry._load_cached.cache_info().currsize == 0
