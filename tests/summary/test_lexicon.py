"""The features' word lists follow the article's language (summary/lexicon.py)."""

from __future__ import annotations

import numpy as np
from support import unit_vectors

from distill.summary.features import sentence_features
from distill.summary.lexicon import first_person, function_words

FRENCH = [
    "Les pompiers ont maîtrisé dans la nuit un incendie dans une usine de Rouen.",
    "Les habitants des quartiers voisins ont été invités à rester chez eux pour la nuit.",
    "Le préfet a annoncé une enquête sur les causes de cet incendie.",
    '"Nous avons eu très peur", raconte une voisine.',
]


_emb = unit_vectors


def _columns(texts, lang):
    rows, names, _ = sentence_features(texts, _emb(len(texts)), lang=lang)
    return dict(zip(names, rows.T, strict=True))


def test_french_function_words_are_no_topic_words():
    """Read with English lists, "les", "dans", "une" are the article's commonest words; with
    French ones the commonest is a topic word ("incendie", "nuit"), in two of four sentences."""
    english, french = _columns(FRENCH, "en"), _columns(FRENCH, "fr")
    assert english["lex_top_word"][0] == np.float32(3 / 4)  # "les": in three sentences
    assert french["lex_top_word"][0] == np.float32(2 / 4)
    assert (french["lex_recur"] <= english["lex_recur"]).all()
    assert french["lex_recur"][1] < english["lex_recur"][1]


def test_first_person_in_each_language():
    assert _columns(FRENCH, "fr")["first_person"].tolist() == [0, 0, 0, 1]
    assert _columns(FRENCH, "en")["first_person"].tolist() == [0, 0, 0, 0]
    assert first_person("fr").search("J'ai vu la vague arriver")
    assert not first_person("fr").search("M. Dupont a vu la vague")  # "M." is Monsieur
    assert first_person("de").search("Wir wussten nichts davon")
    assert first_person("es").search("Nuestro equipo ganó")
    assert first_person("en").search("We knew nothing") and not first_person("en").search("Nous")


def test_regional_tags_share_the_language_and_unknown_languages_read_as_english():
    assert function_words("fr-CA") is function_words("fr")
    assert function_words("pt") is function_words("en") is function_words(None)
    assert first_person("fi") is first_person("en")


def test_english_rows_are_the_ones_the_ranker_was_trained_on():
    texts = ["The council approved a new budget for the schools.", "We have waited years, she said.",
             "The schools get the money next year."]
    emb = _emb(3)
    default, _, _ = sentence_features(texts, emb)
    for lang in ("en", "en-GB", None, "xx"):
        assert np.array_equal(sentence_features(texts, emb, lang=lang)[0], default)
