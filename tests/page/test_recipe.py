"""Recipe pages: the pick that holds the steps the page declares is the article (page/recipe.py)."""

from __future__ import annotations

import json

import lxml.html

import distill.page.extract as ex
from distill.page.parse import parse_html
from distill.page.recipe import holds_recipe_alone, recipe_steps, steps_held

STEPS = ["Heat the milk with the oats, vanilla and cinnamon and let it simmer for two minutes.",
         "Toast the nuts in a dry pan. Wash, halve and core the apples, then slice them thinly.",
         "Serve the porridge in bowls with the apples and nuts on top."]


def _json_ld(instructions) -> str:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Porridge"},
        {"@type": ["Recipe"], "name": "Porridge", "recipeInstructions": instructions}]}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def _block(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_steps_are_read_from_json_ld_in_every_shape():
    shapes = [
        STEPS,
        [{"@type": "HowToStep", "text": s} for s in STEPS],
        [{"@type": "HowToSection", "name": "Porridge", "itemListElement": [
            {"@type": "HowToStep", "text": f"{s}&nbsp;<br>"} for s in STEPS]}],
        "\n".join(STEPS),
    ]
    for shape in shapes:
        steps = recipe_steps(parse_html(f"<html><head>{_json_ld(shape)}</head><body><p>x</p></body></html>"))
        assert len(steps) == 3 and steps[0].startswith("heat the milk with the oats")


def test_steps_are_read_from_microdata_without_their_numbers():
    items = "".join(f"<li itemprop='recipeInstructions' itemscope itemtype='https://schema.org/HowToStep'>"
                    f"<div>{i}</div><div itemprop='text'>{s}</div></li>" for i, s in enumerate(STEPS, 1))
    doc = parse_html(f"<html><body><ol>{items}</ol></body></html>")
    assert recipe_steps(doc) == []  # looked for in the picks only
    steps = recipe_steps(doc, doc.find("body"), None)
    assert [s[:14] for s in steps] == ["heat the milk ", "toast the nuts", "serve the porr"]
    # trafilatura's reading of the same list runs each number into its step ("1Heat the milk")
    joined = _block("<ul>" + "".join(f"<li>{i}{s}</li>" for i, s in enumerate(STEPS, 1)) + "</ul>")
    assert steps_held(steps, joined) == 1.0


def test_a_page_that_declares_no_recipe_has_no_steps():
    assert recipe_steps(parse_html("<html><head>" + _json_ld([]).replace("Recipe", "Article")
                                   + "</head><body><p>Heat the milk.</p></body></html>")) == []


def test_the_pick_with_the_steps_holds_the_recipe():
    steps = recipe_steps(parse_html(f"<html><head>{_json_ld(STEPS)}</head><body></body></html>"))
    blurb = _block("<p>Oats are rich in fibre and calcium, and the apple makes the porridge light.</p>")
    recipe = _block("<h2>Preparation</h2>" + "".join(f"<p>{s}</p>" for s in STEPS))
    assert holds_recipe_alone(steps, blurb, recipe) and not holds_recipe_alone(steps, recipe, blurb)
    assert not holds_recipe_alone([], blurb, recipe)


def test_extract_takes_the_pick_that_holds_the_recipe(monkeypatch):
    """readability keeps the "why it is healthy" tab, with more prose than the steps beside
    ingredient links; trafilatura's pick holds the steps the page declares."""
    story = "".join(f"<p>Oats are rich in fibre number {i}, and the porridge with apples is a light,"
                    " warming breakfast that keeps you full until lunch on a cold morning.</p>" for i in range(6))
    links = "".join(f"<li><a href='/shop/{i}'>Ingredient {i} in our shop</a></li>" for i in range(12))
    method = "".join(f"<p>{s}</p>" for s in STEPS)
    html = (f"<html><head><title>Porridge</title>{_json_ld(STEPS)}</head><body><main>"
            f"<div id='recipe'><ul>{links}</ul>{method}</div><div id='healthy'>{story}</div>"
            "</main></body></html>")
    monkeypatch.setattr(ex, "readability_pick", lambda doc: doc.get_element_by_id("healthy"))
    monkeypatch.setattr(ex, "_second", lambda doc, url, helper: doc.get_element_by_id("recipe"))
    article = ex.extract(html)
    assert article.extractor == "trafilatura" and "Toast the nuts" in article.content.text_content()
