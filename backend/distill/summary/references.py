"""Which sentences cannot stand in a summary on their own, in the languages Distill knows.

An extractive summary leaves most of the article out, so a sentence that opens by pointing back
("He is, of course, the foreign minister.", "But the NCAA is taking a different position...")
reads as nonsense without the sentence before it, and so does the second half of a quote split
over two sentences ('It was terrible," she said.'). Such a sentence *needs* the one before it:
the pick (rank.pick_order) takes it only after that one. Some lines are no summary's at all: a
"Click here"/"Read more" line, a photo caption or credit, a dateline standing alone.

Only a sentence's opening words are read (no parser): a third-person pronoun or possessive, a
demonstrative (not one that names a time: "This week"), or a connective, each from the word lists
of the sentence's language below. Languages without lists are only checked for split quotes,
which need no words. Case is ignored (the common CNN/DailyMail release is lowercased), except
where German capitals tell a pronoun from an article ("Das ist" / "Das Haus").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import islice

import numpy as np

from ..text import primary_language


@dataclass(frozen=True)
class Pointers:
    """One language's words that point back when a sentence opens with them."""

    # a pronoun or possessive whose referent came before ("He", "Their", "Celle-ci")
    pronouns: frozenset[str]
    # a demonstrative ("This", "Cette", "Diese"): back-pointing unless a time word follows
    demonstratives: frozenset[str]
    time_words: frozenset[str]
    # connectives, each a tuple of words ("but"; "in", "addition"); elisions split ("c'est" -> c est)
    connectives: frozenset[tuple[str, ...]]
    # openings that look like the above but point nowhere ("It is expected", "Il y a", "Es gibt")
    impersonal: frozenset[tuple[str, ...]] = frozenset()
    # German: a demonstrative followed by a capitalised word is an article before a noun
    article_before_noun: frozenset[str] = frozenset()

    @cached_property
    def longest(self) -> int:
        """The most words of a connective or an impersonal opening."""
        return max((len(p) for p in self.connectives | self.impersonal), default=1)


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


def _tokens(text: str, limit: int | None = None) -> list[str]:
    """Lowercased words (the first limit of them), elisions split off ("c'est" -> c, est; "it's"
    -> it, s)."""
    words = _WORD.finditer(text.replace("’", " ").replace("'", " ").lower())
    return [m.group() for m in islice(words, limit)]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _phrases(text: str) -> frozenset[tuple[str, ...]]:
    """Comma-separated phrases, each split into the words _tokens would find."""
    return frozenset(tuple(_tokens(p)) for p in text.split(",") if p.strip())


POINTERS: dict[str, Pointers] = {
    "en": Pointers(
        pronouns=_words("he she it they him them his her its their hers theirs himself herself "
                        "itself themselves"),
        demonstratives=_words("this that these those such"),
        time_words=_words("week weekend month year morning afternoon evening night season "
                          "summer winter spring autumn fall century decade monday tuesday wednesday "
                          "thursday friday saturday sunday january february march april june july "
                          "august september october november december"),
        connectives=_phrases(
            "but, however, and, also, so, yet, still, or, nor, plus, meanwhile, moreover, "
            "furthermore, besides, additionally, likewise, similarly, nevertheless, nonetheless, "
            "therefore, thus, hence, consequently, accordingly, instead, otherwise, indeed, "
            "then, later, afterwards, afterward, again, even so, "
            "which, in addition, in fact, as a result, by contrast, in contrast, on the other hand, "
            "at the same time, for example, for instance, in turn, after that, because of this, "
            "despite this, despite that, despite it, the latter, the two, another, "
            "others, the others, the same, not only that, on top of that, in other words"),
        impersonal=_phrases(
            "it is expected, it is thought, it is believed, it is understood, it is unclear, "
            "it is not clear, it is not known, it is unknown, it is likely, it is unlikely, "
            "it is possible, it is hoped, it is feared, it is estimated, it was not clear, "
            "it was unclear, it was not known, it remains unclear, it remains to be seen, "
            "it was expected, it was thought, it was believed, it was understood, it is now, "
            "it s unclear, it s not clear, it s likely, it s unlikely, it s possible, so far, "
            "later this, then this, it was announced, it was reported, it is reported, "
            "it emerged, it has emerged"),
    ),
    "fr": Pointers(
        pronouns=_words("il elle ils elles lui leur leurs son sa ses celui celle ceux celles "
                        "celui-ci celle-ci ceux-ci celles-ci cela ceci ça"),
        demonstratives=_words("ce cet cette ces"),
        time_words=_words("semaine week-end mois année an matin soir midi après-midi nuit saison "
                          "été hiver printemps automne siècle lundi mardi mercredi jeudi vendredi "
                          "samedi dimanche"),
        connectives=_phrases(
            "mais, cependant, pourtant, toutefois, néanmoins, et, aussi, ainsi, donc, alors, or, "
            "puis, ensuite, également, en outre, de plus, par ailleurs, d'ailleurs, en effet, "
            "en revanche, par contre, au contraire, quant à, de même, du coup, c'est pourquoi, "
            "c'est, c'était, ce sera, ce n'est, ce fut, malgré cela, malgré tout, pour autant, "
            "en plus, là, là-bas, celui-là, celle-là, ce dernier, cette dernière, ces derniers, "
            "ces dernières, l'autre, les autres, tous deux, toutes deux, lesquels, laquelle, lequel, "
            "dans ce cas, à cet égard, pour cela, de son côté, de leur côté, sinon"),
        impersonal=_phrases(
            "il y a, il y avait, il y aura, il y a eu, il faut, il faudra, il fallait, il s'agit, "
            "il est prévu, il est possible, il est probable, il est vrai, il est temps, "
            "il est difficile, il semble, il paraît, il reste, il suffit, il existe, il pleut, "
            "il fait, il était une fois, alors que, alors qu, ce que, ce qu, ce qui"),
    ),
    "de": Pointers(
        pronouns=_words("er sie es ihm ihn ihnen ihr ihre ihrer ihren ihrem ihres sein seine "
                        "seiner seinen seinem seines derselbe dieselbe dasselbe dessen deren"),
        demonstratives=_words("das dies diese dieser dieses diesem diesen"),
        time_words=_words("woche wochenende monat jahr morgen vormittag nachmittag abend nacht "
                          "saison sommer winter frühjahr frühling herbst jahrhundert jahrzehnt "
                          "montag dienstag mittwoch donnerstag freitag samstag sonntag mal"),
        connectives=_phrases(
            "aber, doch, jedoch, allerdings, und, auch, zudem, außerdem, ausserdem, dennoch, "
            "trotzdem, deshalb, deswegen, daher, darum, somit, also, folglich, dabei, damit, "
            "dazu, davon, dafür, dagegen, danach, darauf, daraufhin, davor, darin, darüber, "
            "dort, dann, sonst, stattdessen, ebenso, ebenfalls, gleichzeitig, inzwischen, "
            "mittlerweile, immerhin, übrigens, oder, sowie, zugleich, demnach, insofern, "
            "darüber hinaus, im gegenteil, zum beispiel, beide, die beiden, der andere, "
            "die anderen, letzterer, letztere, ersterer, erstere"),
        impersonal=_phrases(
            "es gibt, es gab, es geht, es ging, es wird erwartet, es ist unklar, es ist nicht "
            "klar, es ist möglich, es ist wahrscheinlich, es heißt, es hieß, es regnet, "
            "es sei denn, es war einmal"),
        # "Das Haus", "Diese Woche" (time word), but "Das ist", "Dies zeigt"
        article_before_noun=_words("das"),
    ),
    "es": Pointers(
        pronouns=_words("él ella ellos ellas ello le les su sus suyo suya esto eso "
                        "aquello éste ésta éstos éstas ése ésa aquél aquélla"),
        demonstratives=_words("este esta estos estas ese esa esos esas aquel aquella aquellos "
                              "aquellas dicho dicha dichos dichas"),
        time_words=_words("semana fin mes año mañana tarde noche temporada verano invierno "
                          "primavera otoño siglo década lunes martes miércoles jueves viernes "
                          "sábado domingo vez"),
        connectives=_phrases(
            "pero, sin embargo, no obstante, aun así, además, también, tampoco, y, e, o, u, ni, "
            "así, así que, por eso, por ello, por lo tanto, por tanto, por consiguiente, "
            "entonces, luego, después de eso, después de ello, asimismo, igualmente, "
            "mientras tanto, en cambio, por el contrario, por otra parte, por otro lado, "
            "por su parte, de hecho, incluso, es decir, o sea, en efecto, allí, ahí, allá, "
            "este último, esta última, ambos, ambas, los dos, las dos, "
            "el otro, la otra, los otros, las otras, de ahí, con todo, pese a ello, a pesar de ello, "
            "a pesar de eso, sin ello"),
        impersonal=_phrases("lo que, la que, lo cual"),
    ),
}
# what a sentence in an unknown language is read as: no word lists, split quotes only
_NO_WORDS = Pointers(frozenset(), frozenset(), frozenset(), frozenset())

# "Click here to...", "Read more:", "Scroll down for video", "Photo: ...", "Pictured: ...": lines
# the page adds around its story, in every language the lists know
_SITE_LINE = re.compile(
    r"""^\W*(?:
        click\s+here | read\s+more | scroll\s+down | see\s+also | see\s+more\s*: |
        related\s*: | watch\s*: | pictured\b | (?:above|below|top|left|right)\s*: |
        (?:photo|image|picture|video|gallery)s?\s*(?:credit)?\s*[:|] | credit\s*: |
        \(\s*(?:photo|image|picture)s?\b | (?:source|sources|via)\s*: |
        lire\s+aussi | lire\s+la\s+suite | voir\s+aussi | à\s+lire\s+aussi | cliquez\s+ici |
        (?:photo|crédit)s?\s*: |
        mehr\s+zum\s+thema | lesen\s+sie\s+auch | weiterlesen | hier\s+klicken | (?:foto|bild)s?\s*: |
        lee\s+también | leer\s+más | haz\s+clic | pincha\s+aquí | (?:foto|imagen)\s*:
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# a caption's credit at its end: "... on Sunday. (Photo: AP)", "... Getty Images"
_CREDIT = re.compile(
    r"(?:\((?:photo|image|picture|foto|bild|crédit)s?\b[^)]*\)|\b(?:getty\s+images|"
    r"afp/getty|reuters/|/reuters|ap\s+photo|epa/|/epa|photo\s+credit)\b)\W*$",
    re.IGNORECASE,
)
# a dateline standing alone ("LONDON, England (CNN) --", "WASHINGTON (Reuters) -", "Paris -"):
# capitalised words, perhaps an agency in brackets, a dash or colon, nothing else
_DATELINE = re.compile(r"^(?:[A-Z][\w.'-]*[ ,]*){1,4}(?:\(\w[\w ]*\))?\s*(?:--|[-—–:])\s*$")

_LEADING = re.compile(r"^[\s\-—–•·*…]+")
# quote marks, each read as opening or closing (straight ones by the characters around them)
_QUOTE = re.compile(r"``|''|[\"“”„«»]")
_OPENING = {"``": True, "''": False, "„": True, "«": True, "»": False, "”": False}


def pointers(lang: str | None) -> Pointers:
    """The word lists for a language tag ("en", "fr-CA"); English when the language is
    unknown (a page that does not say, and the identifier is unsure, is read by English rules
    everywhere else too), none for a language without lists."""
    return POINTERS.get(primary_language(lang), _NO_WORDS)


# a short phrase put before the subject ("Last year, she...", "En 2010, il..."): its words at most
FRONTED_MAX_WORDS = 4


def points_back(text: str, lang: str | None = None) -> bool:
    """Whether the sentence opens with a word that points back to what came before it: a
    third-person pronoun, a demonstrative that names no time, or a connective, at its start or
    right after a short phrase put before the subject ("Last year, she won...")."""
    words = pointers(lang)
    if not words.pronouns and not words.connectives:
        return False
    opening = _LEADING.sub("", text)
    if opening[:1] in "\"“”„«»'`‘’":
        return False  # a quotation: its own words are read by continues_quote
    head = opening[:120]
    if _opens_back(head, words):
        return True
    fronted, comma, rest = head.partition(",")
    return bool(comma and len(_tokens(fronted)) <= FRONTED_MAX_WORDS
                and not _QUOTE.search(fronted) and _opens_back(rest, words, connectives=False))


def _opens_back(head: str, words: Pointers, connectives: bool = True) -> bool:
    """Whether head starts with a pronoun, a demonstrative or (connectives) a connective that
    points back. (After a fronted phrase, "and" or "which" joins the sentence's own parts.)"""
    tokens = _tokens(head, words.longest + 1)
    if not tokens:
        return False
    starts = [tuple(tokens[:n]) for n in range(min(words.longest, len(tokens)), 0, -1)]
    if any(start in words.impersonal for start in starts):
        return False
    if connectives and any(start in words.connectives for start in starts):
        return True
    first = tokens[0]
    if first in words.demonstratives:
        following = tokens[1] if len(tokens) > 1 else ""
        if following in words.time_words:
            return False
        return not (first in words.article_before_noun and _next_capitalised(head))
    return first in words.pronouns


def _next_capitalised(text: str) -> bool:
    found = _WORD.findall(text)
    return len(found) > 1 and found[1][:1].isupper()


def _quote_marks(text: str, lang: str | None) -> tuple[bool, bool]:
    """(closes a quotation it did not open, leaves one open): each mark read as opening or
    closing by its kind (“ closes in German, „so“), a straight one by what is around it."""
    depth = 0
    closes_unopened = False
    german = primary_language(lang, default="") == "de"
    for m in _QUOTE.finditer(text):
        mark = m.group()
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if mark == "“":
            opening = not german
        elif mark == '"':
            opening = (before.isspace() or before in "([{—–-'’") and not after.isspace()
        elif len(mark) == 2 and not (before if mark == "''" else after).isspace():
            continue  # PTB's `` and '' stand apart from the words ("l''UFC" is a typo)
        else:
            opening = _OPENING[mark]
        if opening:
            depth += 1
        elif depth:
            depth -= 1
        else:
            closes_unopened = True
    return closes_unopened, depth > 0


def continues_quote(text: str, lang: str | None = None) -> bool:
    """Whether the sentence closes a quotation it did not open: the second half of a quote
    Punkt split after a full stop ('It was terrible," she said.')."""
    return _quote_marks(text, lang)[0]


def opens_quote(text: str, lang: str | None = None) -> bool:
    """Whether the sentence opens a quotation that goes on past it ('"I was shocked.'): the
    first half of a split quote, whose speaker is named after it."""
    return _quote_marks(text, lang)[1]


def site_line(text: str) -> bool:
    """A line the page adds around its story, which no summary should hold: "Click here"/"Read
    more" and their kind, a photo caption's credit, a dateline standing alone."""
    stripped = text.strip()
    return bool(_SITE_LINE.match(stripped) or _CREDIT.search(stripped) or _DATELINE.match(stripped))


def can_open(text: str, lang: str | None = None) -> bool:
    """Whether a summary may start with the sentence: not half a quote, nor a site's line (a
    sentence that needs the one before it is never first either, as it needs an earlier one)."""
    return not (opens_quote(text, lang) or site_line(text))


def needs_previous(text: str, lang: str | None = None) -> bool:
    """Whether the sentence cannot be read without the one before it."""
    return points_back(text, lang) or continues_quote(text, lang)


def antecedents(texts: Sequence[str], lang: str | None = None,
                positions: Sequence[int] | None = None) -> list[int | None]:
    """For each sentence, the index of the sentence it needs before it in a summary (the one
    before it in the article), or None. positions place a sample of a long article's sentences:
    a sentence whose antecedent was left out of the sample needs itself, so it is never free to
    take (the pick puts it after every other)."""
    out: list[int | None] = []
    for i, text in enumerate(texts):
        if (i == 0 and (positions is None or positions[0] == 0)) or not needs_previous(text, lang):
            out.append(None)
        elif positions is not None and (i == 0 or positions[i - 1] != positions[i] - 1):
            out.append(i)
        else:
            out.append(i - 1)
    return out


@dataclass(frozen=True)
class Requirements:
    """What rank.pick_order needs to know of an article's sentences to keep every summary
    readable on its own."""

    needs: list[int | None]  # antecedents()
    barred: np.ndarray  # site_line(): no summary's
    can_open: np.ndarray  # can_open(): may start a summary


def requirements(texts: Sequence[str], lang: str | None = None,
                 positions: Sequence[int] | None = None) -> Requirements:
    site = np.array([site_line(t) for t in texts], dtype=bool)
    half_quote = np.array([opens_quote(t, lang) for t in texts], dtype=bool)
    return Requirements(antecedents(texts, lang, positions), site, ~(site | half_quote))


def dangling(summary: Iterable[int], needs: Sequence[int | None]) -> list[int]:
    """The summary's sentences that need one the summary left out."""
    picked = set(summary)
    return [i for i in sorted(picked) if needs[i] is not None and needs[i] not in picked]
