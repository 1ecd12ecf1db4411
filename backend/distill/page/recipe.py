"""Recipe pages: the recipe's steps are the article.

A recipe page declares its recipe for search engines (schema.org Recipe, in JSON-LD or
microdata), steps included (recipeInstructions). Both extractors look for the block with the
most prose, which on a recipe page is often the story above the recipe or one of its tabs ("Why
it is healthy"), and the steps, short imperative lines beside ingredient links, read as a link
list. Between the two picks, the one that holds the steps the page declares is the article
(extract.py asks); a reader who opened a recipe and got its nutrition blurb has lost the recipe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

from lxml import etree
from lxml.html import HtmlElement

from .clean import text_of

# a step shorter than this ("Enjoy!") is found anywhere; the first STEP_CHARS of each are compared
MIN_STEP_CHARS = 15
STEP_CHARS = 40
# the pick that holds at least this share of the steps holds the recipe; the other must hold
# this much less of them to lose it
HELD = 0.5
MARGIN = 0.3
_TAGS = re.compile(r"<[^>]{0,200}>")
_NON_WORD = re.compile(r"\W+")
_MICRODATA_STEPS = etree.XPath("descendant-or-self::*[@itemprop='recipeInstructions']")
_STEP_NUMBER = re.compile(r"^(?:step )?\d{1,2} ")  # "1 Heat the oven", "Step 2 Mix"


def _normal(text: str) -> str:
    """Lower-case words, one space apart: JSON-LD's steps keep the page's entities and tags
    ("Heat oven to 350&deg;F.<br>"), the page's text its own spacing."""
    return _NON_WORD.sub(" ", unescape(_TAGS.sub(" ", text))).strip().lower()


def _items(data: object) -> Iterator[dict]:
    """Every JSON object in a JSON-LD document, however nested (@graph, lists, mainEntity)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))


def _is_recipe(item: dict) -> bool:
    kind = item.get("@type")
    return "Recipe" in (kind if isinstance(kind, list) else [kind])


def _step_texts(instructions: object) -> Iterator[str]:
    """A recipe's steps: strings, HowToStep texts, HowToSection lists of them."""
    for node in instructions if isinstance(instructions, list) else [instructions]:
        if isinstance(node, str):
            yield from (line for line in node.split("\n") if line.strip())
        elif isinstance(node, dict):
            if isinstance(node.get("text"), str):
                yield node["text"]
            elif node.get("itemListElement") is not None:
                yield from _step_texts(node["itemListElement"])


def recipe_steps(doc: HtmlElement, *picks: HtmlElement | None) -> list[str]:
    """The steps the page declares (each the start of one, normalized), empty on a page that
    declares no recipe. Steps marked up as microdata are looked for only in the picks: one that
    holds none of them wins nothing by them, and a whole page's search costs half a millisecond."""
    texts: list[str] = []
    for el in doc.iter("script"):
        if el.get("type") == "application/ld+json" and "Recipe" in (el.text or ""):
            try:
                data = json.loads(el.text)
            except ValueError:
                continue
            texts.extend(step for item in _items(data) if _is_recipe(item)
                         for step in _step_texts(item.get("recipeInstructions")))
    if not texts:  # microdata: each step's own text, without the number set before it
        for pick in picks:
            for el in [] if pick is None else _MICRODATA_STEPS(pick):
                own = el.xpath(".//*[@itemprop='text']")
                texts.extend(text_of(part) for part in own or [el])
    steps = (_STEP_NUMBER.sub("", _normal(text))[:STEP_CHARS] for text in texts)
    return list(dict.fromkeys(step for step in steps if len(step) >= MIN_STEP_CHARS))


def steps_held(steps: list[str], block: HtmlElement | None) -> float:
    """The share of the steps whose start the block's text holds."""
    if not steps or block is None:
        return 0.0
    text = _normal(text_of(block))
    return sum(step in text for step in steps) / len(steps)


def holds_recipe_alone(steps: list[str], first: HtmlElement | None, second: HtmlElement | None
                       ) -> bool:
    """Whether second holds the recipe's steps and first does not."""
    if not steps:
        return False
    held = steps_held(steps, second)
    return held >= HELD and held - steps_held(steps, first) >= MARGIN
