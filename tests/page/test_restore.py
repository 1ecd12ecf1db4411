"""Blocks the extractor dropped between two it kept are put back (page/restore.py)."""

from __future__ import annotations

import lxml.html
from support import page

from distill.page.restore import restore_blocks
from distill.pipeline import read_page


def test_link_heavy_list_between_kept_paragraphs_comes_back():
    # readability-lxml drops this bug list as "too many links"; Readability.js keeps it
    text = read_page(page("release_notes.html"), require_summary=False).plain_text()
    bugs = text.index("Bug 1201 Predictions drifted")
    assert text.index("most often are below.") < bugs < text.index("Bug 1152") < text.index("If you maintain")
    assert text.count("Bug 1201") == 1


def _blocks(*texts: str) -> str:
    return "".join(f"<p>{t} is a paragraph with enough words to anchor on.</p>" for t in texts)


def test_restore_needs_both_neighbours_kept_and_adjacent():
    lst = "<ul><li>one two three</li><li>four five six</li></ul>"
    source = lxml.html.fragment_fromstring(
        "<div>" + lst + _blocks("Alpha") + lst.replace("one", "uno") + _blocks("Beta", "Gamma")
        + lst.replace("one", "eins") + _blocks("Delta") + "</div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta", "Delta"), create_parent="div")
    assert restore_blocks(source, content) == 1  # only the list between Alpha and Beta
    text = content.text_content()
    assert "uno" in text and "eins" not in text and "one two" not in text
    assert text.index("Alpha") < text.index("uno") < text.index("Beta")


def _figure(caption: str, media: str = '<img src="https://img.example/p.jpg" alt="">') -> str:
    return f"<figure>{media}<figcaption>{caption}</figcaption></figure>"


def test_restore_puts_back_figures_between_columns_but_not_video_captions():
    # newspapers split the body into columns around each figure; the pick keeps the columns
    photo = _figure("A worker repairs underground cables in Queens this month.")
    video = _figure("Media caption The president speaks about the new law",
                    '<iframe src="https://player.example/v"></iframe>')
    source = lxml.html.fragment_fromstring(
        f"<div><div class='col'>{_blocks('Alpha')}</div><div><div>{photo}</div></div>"
        f"<div class='col'>{_blocks('Beta')}</div>{video}<div class='col'>{_blocks('Gamma')}</div></div>",
        create_parent="body")
    content = lxml.html.fragment_fromstring(
        f"<div><div>{_blocks('Alpha')}</div><div>{_blocks('Beta')}</div><div>{_blocks('Gamma')}</div></div>")
    assert restore_blocks(source, content) == 1
    text = content.text_content()
    assert text.index("Alpha") < text.index("underground cables") < text.index("Beta")
    assert content.find(".//figure/img") is not None
    assert "Media caption" not in text


def test_restore_brings_back_a_run_of_lost_blocks_in_order():
    # a buyer's guide: each linked product heading and its video are dropped, the reviews kept
    source = lxml.html.fragment_fromstring(
        "<div>" + _blocks("Alpha") + '<h3><a href="https://shop.example/rez">Rez Infinite ($30)</a></h3>'
        + _figure("The Rez trailer shows the new Area X mode in motion.") + _blocks("Beta")
        + "<h3>One</h3>" + _blocks("Gamma") + "</div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta", "Gamma"), create_parent="div")
    assert restore_blocks(source, content) == 2
    text = content.text_content()
    assert text.index("Alpha") < text.index("Rez Infinite") < text.index("Area X") < text.index("Beta")
    assert "One" not in text  # a one-word heading is not worth the risk


def test_restore_s_text_test_agrees_with_text_of_on_every_kind_of_space():
    from distill.page.clean import has_text, text_of

    for text in ["", " ", "\xa0", "\u2003\u3000", "\n\t", "\u200b", "\ufeff", "x", " \xa0y ", "\x1c"]:
        el = lxml.html.fragment_fromstring(f"<p>{text}<span>{text}</span></p>")
        assert has_text(el) == bool(text_of(el)), repr(text)


def _table(rows: list[list[str]], cell: str = "td") -> str:
    return "<table>" + "".join(
        "<tr>" + "".join(f"<{cell}>{c}</{cell}>" for c in row) + "</tr>" for row in rows) + "</table>"


def test_restore_puts_back_a_data_table_but_not_a_layout_or_link_table():
    # a training plan: the weeks' table sits in scrolling wrappers that readability dropped (five
    # deep: a wrapper holding the table alone is no level to climb past in search of neighbours)
    plan = _table([["Week", "Monday", "Tuesday"], ["1", "Rest", "Walk twenty minutes"],
                   ["2", "Rest", "Jog ten minutes"]])
    links = _table([[f"<a href='/s{i}'>Section number {i}</a>", f"<a href='/t{i}'>Topic {i}</a>"]
                    for i in range(3)])
    layout = "<table><tr><td>" + _table([["x y", "z w"], ["a b", "c d"]]) + "</td><td>side</td></tr></table>"
    source = lxml.html.fragment_fromstring(
        f"<div>{_blocks('Alpha')}{'<div class=scroll>' * 5}{plan}{'</div>' * 5}{_blocks('Beta')}"
        f"{links}{_blocks('Gamma')}{layout}{_blocks('Delta')}</div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta", "Gamma", "Delta"), create_parent="div")
    assert restore_blocks(source, content) == 1
    text = content.text_content()
    assert text.index("Alpha") < text.index("Walk twenty minutes") < text.index("Beta")
    assert "Section number" not in text and "side" not in text
    assert restore_blocks(source, content) == 0  # kept now, so not put back twice


def test_a_list_inside_a_layout_table_is_still_restored_on_its_own():
    # old pages put the whole story in one layout table: its lists are blocks of the story
    lst = "<ul><li>one two three</li><li>four five six</li></ul>"
    source = lxml.html.fragment_fromstring(
        f"<div><table><tr><td>{_blocks('Alpha')}{lst}{_blocks('Beta')}"
        f"<table><tr><td>menu</td></tr></table></td></tr></table></div>", create_parent="body")
    content = lxml.html.fragment_fromstring(_blocks("Alpha", "Beta"), create_parent="div")
    assert restore_blocks(source, content) == 1
    assert "four five six" in content.text_content()


def test_a_block_the_pick_s_last_heading_announces_comes_back_at_the_end():
    # a training plan's last table: readability kept its heading, dropped the table (and its
    # wrappers); nothing follows it in the article's container but the page's footer
    plan = _table([["Week", "Monday", "Tuesday"], ["1", "Rest", "Speed play forty minutes"],
                   ["2", "Rest", "Tempo run thirty minutes"]])
    source = lxml.html.fragment_fromstring(
        f"<div><div class=body>{_blocks('Alpha')}<h3>Half to full plan</h3>"
        f"<div class=scroll>{plan}</div></div><footer>{_blocks('Footer')}</footer></div>",
        create_parent="body")
    content = lxml.html.fragment_fromstring(f"{_blocks('Alpha')}<h3>Half to full plan</h3>",
                                            create_parent="div")
    assert restore_blocks(source, content) == 1
    text = content.text_content()
    assert text.index("Half to full plan") < text.index("Speed play") and "Footer" not in text


def test_nothing_comes_back_past_the_pick_s_end_unless_its_last_block_announces_it():
    lst = "<ul><li>one two three four</li><li>five six seven eight</li></ul>"
    links = "<ul>" + "".join(f"<li><a href='/p{i}'>Another story number {i}</a></li>" for i in range(4)) + "</ul>"
    post = "The post itself sits in plain divs, as a forum's posts do."
    source = lxml.html.fragment_fromstring(
        f"<div><section>{_blocks('Alpha')}{lst}</section><section>{_blocks('Beta')}<h2>Related stories</h2>"
        f"{links}</section><section><h2>Status of the thread</h2>{lst.replace('one', 'uno')}"
        f"<div>{post}</div></section></div>", create_parent="body")
    for kept in (_blocks("Alpha"), _blocks("Beta") + "<h2>Related stories</h2>"):
        content = lxml.html.fragment_fromstring(kept, create_parent="div")
        assert restore_blocks(source, content) == 0  # a paragraph announces nothing; links stay out
    # the heading is the last anchor, but the post's text (in plain divs) follows it
    content = lxml.html.fragment_fromstring(
        f"<div><h2>Status of the thread</h2><div>{post}</div></div>")
    assert restore_blocks(source, content) == 0
