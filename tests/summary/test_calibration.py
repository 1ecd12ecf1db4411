"""A language's correction of the scorer's logits (summary/calibration.py)."""

from __future__ import annotations

import json

import numpy as np

from distill.summary import calibration
from distill.summary.features import sentence_features

TITLE = "Rouen : un incendie détruit une usine chimique"
TEXTS = [
    "Les pompiers sont intervenus dans la nuit de jeudi à vendredi dans la zone industrielle.",
    "Un incendie a détruit une usine chimique de Rouen.",
    "Les habitants des quartiers voisins, réveillés par les sirènes et par l'odeur, ont été invités "
    "à rester chez eux, fenêtres fermées, jusqu'à ce que la préfecture lève l'alerte dans la matinée.",
]


def _rows(texts):
    e = np.random.default_rng(0).normal(size=(len(texts), 8))
    rows, names, _ = sentence_features(texts, e / np.linalg.norm(e, axis=1, keepdims=True), lang="fr")
    return rows, names


def test_title_overlap_counts_the_headlines_content_words():
    overlap = calibration.title_overlap(TEXTS, TITLE, "fr")
    # headline content words: rouen, incendie, détruit, usine, chimique ("une" is a function word)
    assert overlap.tolist() == [0.0, 1.0, 0.0]
    assert calibration.title_overlap(TEXTS, "Le et la", "fr").tolist() == [0, 0, 0]


def test_terms_reward_the_headline_and_the_lead_and_weigh_length():
    rows, names = _rows(TEXTS)
    cal = calibration.Calibration(title=1.0, words=-1.0, lead=0.5)
    terms = cal.terms(rows, names, TEXTS, TITLE, "fr")
    words_30 = rows[:, names.index("words_30")]
    assert np.allclose(terms, [0.5 - words_30[0], 1.0 - words_30[1], -words_30[2]])
    assert terms.argmax() == 1 and terms.argmin() == 2
    # no title: the title term is left out, not an error
    assert np.allclose(cal.terms(rows, names, TEXTS, None, "fr"), terms - [0, 1, 0])


def test_a_language_without_a_calibration_keeps_the_scorers_logits():
    rows, names = _rows(TEXTS)
    scores = np.array([0.3, -0.1, 0.2])
    for lang in ("en", "en-US", None, "xx"):
        assert calibration.adjust(scores, rows, names, TEXTS, TITLE, lang) is scores
    assert calibration.adjust(np.zeros(0), rows[:0], names, [], TITLE, "fr").size == 0


def test_the_shipped_french_calibration_and_its_regional_tags():
    found = calibration.for_language("fr")
    assert found is not None and found == calibration.for_language("fr-CA")
    rows, names = _rows(TEXTS)
    scores = np.zeros(3)
    adjusted = calibration.adjust(scores, rows, names, TEXTS, TITLE, "fr")
    assert np.allclose(adjusted, found.terms(rows, names, TEXTS, TITLE, "fr"))


def test_read_takes_each_languages_weights(tmp_path):
    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"de": {"weights": {"title": 2.0, "words": 0.0, "lead": -0.5},
                                       "report": {"articles": 3}}}), encoding="utf-8")
    assert calibration.read(path) == {"de": calibration.Calibration(title=2.0, words=0.0, lead=-0.5)}
