"""The few words per language that the sentence features read: function words, which carry no
topic (the lexical features count the words sentences share), and first-person words (a sentence
in the first person is most often a quotation or a column's aside).

The ranker was trained on English news with English lists; a French article read with them
counts "les", "des", "pour", "dans" as topic words (its most frequent "topic word" is then a
function word) and finds no first person at all, so its rows look like no English article's.
With its own language's lists a French article's feature values fall where English ones do
(on the French dev set: most frequent word's share 0.41 -> 0.27, English 0.27-0.33; first
person 0.01 -> 0.12, English 0.12-0.15). Languages without lists are read with the English
ones, as before. Only words of three letters or more matter to the lexical features.
"""

from __future__ import annotations

import re

from ..text import primary_language

_ENGLISH_FUNCTION_WORDS = frozenset("""
the and for are but not you all any can had her was one our out has him his how its may new now
old see two who did get let put say she too use that with have this will your from they been
were said what when than them then there their these those into more most some such only also
would could should which while where after about other over very just like being because
""".split())  # noqa: SIM905 (a word list reads better as text)

FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": _ENGLISH_FUNCTION_WORDS,
    "fr": frozenset("""
les des une dans pour qui que est pas sur par avec son ses aux ont été plus mais comme tout tous
toute toutes elle elles ils leur leurs lui nous vous sont était étaient sera avait avaient fait
faire peut cette ces cet aussi bien très sans sous entre après avant depuis selon encore ainsi
donc alors dont même mêmes autre autres car quand où non oui ceux celle celles celui cela ceci
être avoir étant mon ton notre votre nos vos moi toi soi ici déjà fois ait aura auront peu trop
""".split()),  # noqa: SIM905
    "de": frozenset("""
der die das den dem des ein eine einen einem einer eines und oder aber auch auf aus bei mit nach
von vor zum zur für über unter durch gegen ohne sich sie ihr ihre ihren ihrem ihrer ist sind war
waren wird werden wurde wurden hat haben hatte hatten sein seine seinen seinem seiner kann können
nicht noch nur schon sehr wie wenn dass als auch bis dann denn doch hier dort man mehr diese
dieser dieses diesem diesen jetzt immer wieder sagte soll sollen muss will wir ich uns
""".split()),  # noqa: SIM905
    "es": frozenset("""
los las del una unos unas con por para que como pero más sus ese esa esos esas este esta estos
estas ella ellos ellas fue era son está están han había sido ser muy sin sobre entre desde hasta
también cuando donde porque cual cuales todo toda todos todas otro otra otros otras mismo misma
ya aún les nos dijo puede tiene tienen hay hace según durante antes después así
""".split()),  # noqa: SIM905
}

# "I", "we", "my"... ("j'ai" counts: the elided "j" is a word of its own)
_FIRST_PERSON: dict[str, re.Pattern[str]] = {
    lang: re.compile(r"\b(?:" + "|".join(words.split()) + r")\b", re.IGNORECASE)
    for lang, words in {
        "en": "i we my our me us",
        "fr": "je j moi nous me mon ma mes notre nos",
        "de": "ich wir mein meine meinen meinem meiner unser unsere unseren unserem mich mir uns",
        "es": "yo nosotros nosotras mi mis nuestro nuestra nuestros nuestras me nos conmigo",
    }.items()
}


def _base(lang: str | None) -> str:
    """The language's lists' key: its primary subtag when Distill has lists for it, else English
    (the ranker's own language)."""
    base = primary_language(lang)
    return base if base in FUNCTION_WORDS else "en"


def function_words(lang: str | None = None) -> frozenset[str]:
    """A language's function words, lower-cased ("en", "fr-CA"); English for any other."""
    return FUNCTION_WORDS[_base(lang)]


def first_person(lang: str | None = None) -> re.Pattern[str]:
    """A pattern that finds a first-person word in a sentence of the language."""
    return _FIRST_PERSON[_base(lang)]
