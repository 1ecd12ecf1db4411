"""Which sentences cannot stand alone in a summary: one rule per class, in every language listed."""

from __future__ import annotations

import pytest

from distill.summary.references import (
    POINTERS,
    antecedents,
    can_open,
    continues_quote,
    dangling,
    needs_previous,
    opens_quote,
    points_back,
    requirements,
    site_line,
)


@pytest.mark.parametrize(("lang", "sentence"), [
    # a pronoun whose referent came before
    ("en", "He is, of course, the Iranian foreign minister."),
    ("en", "Their lawyers said the ruling would be appealed."),
    ("en", "It resulted in six patients receiving transplants."),
    # a connective
    ("en", "But the NCAA is taking a very different position on the matter."),
    ("en", "And fighting has killed hundreds of people in the last month."),
    ("en", "However, the council did not vote on the plan."),
    ("en", "In addition, the company will cut 300 jobs."),
    ("en", "Also on the list were three former ministers."),
    # a demonstrative that names no time
    ("en", "This is the first time the court has ruled on the question."),
    ("en", "That decision angered the opposition."),
    ("en", "That's according to an annual report by the center."),
    # lowercased and tokenized, as the common CNN/DailyMail release
    ("en", "but the club said it would not comment ."),
    # after a short phrase put before the subject
    ("en", "Last year, she won the race by four seconds."),
    ("en", "On the TV side, he previously starred in a cartoon series."),
    ("fr", "Il a été élu maire en 2014 avec 52 % des voix."),
    ("fr", "Mais le gouvernement refuse de revenir sur la réforme."),
    ("fr", "C'est la première fois qu'un tel accord est signé."),
    ("fr", "Cette décision a provoqué la colère des syndicats."),
    ("fr", "Par ailleurs, trois personnes ont été interpellées."),
    ("fr", "Cette semaine, ils ont adressé un courrier au Premier ministre."),
    ("de", "Er war zuvor Bürgermeister der Stadt."),
    ("de", "Aber die Regierung lehnt den Vorschlag ab."),
    ("de", "Das ist ein großer Erfolg für die Mannschaft."),
    ("de", "Diese Entscheidung sorgte für Kritik."),
    ("de", "Außerdem wurden drei Menschen verletzt."),
    ("es", "Sin embargo, el Gobierno no ha confirmado la cifra."),
    ("es", "Ella fue detenida el martes en Madrid."),
    ("es", "Esta decisión provocó protestas en todo el país."),
    ("es", "Además, la empresa despedirá a 300 trabajadores."),
])
def test_a_sentence_opening_with_a_word_pointing_back_needs_the_one_before(lang, sentence):
    assert points_back(sentence, lang) and needs_previous(sentence, lang)


@pytest.mark.parametrize(("lang", "sentence"), [
    ("en", "The council approved the floating solar farm on Tuesday."),
    ("en", "This week the council approved the floating solar farm."),
    ("en", "It is expected to open next spring, officials said."),
    ("en", "The former president said he would not run again."),
    ("en", "Thousands of people marched through the capital on Saturday."),
    ("en", "So far, 20 people have been arrested."),
    # the fronted phrase is a clause of its own, joined by "and"
    ("en", "The tweets were deleted, and the accounts were closed."),
    ("fr", "Le gouvernement a annoncé lundi une hausse des salaires."),
    ("fr", "Il y a 25 ans, le mur de Berlin tombait."),
    ("fr", "Cette semaine marque le début des soldes d'hiver."),
    ("fr", "Alors que la crise s'aggrave, les prix continuent de monter."),
    ("fr", "Alors qu'il pleuvait, la foule est restée devant la mairie."),  # the elided "que"
    ("fr", "Ce qu'ils demandent, c'est une hausse des salaires."),
    ("de", "Das Unternehmen hat 300 neue Stellen geschaffen."),
    ("de", "Diese Woche beginnt die Ernte in Bayern."),
    ("de", "Es gibt keine Hinweise auf einen Anschlag."),
    ("es", "El Gobierno aprobó el martes la nueva ley."),
    ("es", "Esta semana comienza la campaña electoral."),
    ("es", "La policía detuvo a tres personas en Madrid."),
])
def test_a_sentence_that_stands_on_its_own_needs_nothing(lang, sentence):
    assert not needs_previous(sentence, lang)


def test_word_lists_apply_to_their_own_language_only():
    # German "Die" is an article, English "Die" a verb; Italian has no lists: only quotes count
    assert not points_back("Die Regierung lehnt den Vorschlag ab.", "de")
    assert not points_back("Ma il governo ha detto di no alla proposta.", "it")
    assert not points_back("He said the plan would go ahead.", "it")
    assert points_back("He said the plan would go ahead.", "en-GB")
    # a page whose language is not known is read by English rules, as its sentences are split
    assert points_back("He said the plan would go ahead.", None)
    assert {"en", "fr", "de", "es"} <= set(POINTERS)


@pytest.mark.parametrize(("lang", "sentence", "continues", "opens"), [
    ("en", 'It was terrible," she said.', True, False),
    ("en", '"I was shocked.', False, True),
    ("en", '"We will win," the coach said.', False, False),
    ("en", 'He called the plan "a disaster" and left.', False, False),
    ("en", "it was terrible , '' she said .", True, False),
    ("en", "`` we will win , '' the coach said .", False, False),
    ("fr", "Je ne suis pas raciste », a-t-il déclaré.", True, False),
    ("fr", "« Nous allons gagner », assure l'entraîneur.", False, False),
    ("fr", "Léa Salamé enregistrait son dernier numéro d'\"On n'est pas couché\" jeudi.", False, False),
    ("de", "„Wir werden gewinnen“, sagte der Trainer.", False, False),
    ("de", "Das war schrecklich“, sagte sie.", True, False),
])
def test_a_quote_split_over_two_sentences(lang, sentence, continues, opens):
    assert continues_quote(sentence, lang) is continues
    assert opens_quote(sentence, lang) is opens
    assert needs_previous(sentence, lang) is (continues or points_back(sentence, lang))
    assert can_open(sentence, lang) is not opens


@pytest.mark.parametrize(("sentence", "site"), [
    ("Click here to access the transcript of today's program.", True),
    ("Read more: Robin Thicke sues to protect his song.", True),
    ("READ MORE: 5 key issues for next Israeli leader .", True),
    ("scroll down for video .", True),
    ("pictured steve slaughter with son stephen , wife gillian and daughter eva .", True),
    ("Photo: Protesters gather outside the parliament building on Monday.", True),
    ("Protesters gather outside the parliament building on Monday. (Photo: AP)", True),
    ("The mayor speaks to reporters at city hall on Monday. Getty Images", True),
    ("LONDON, England (CNN) --", True),
    ("Lire aussi : la réforme des retraites adoptée", True),
    ("Lesen Sie auch: Die Bahn streicht weitere Verbindungen", True),
    ("Pictures from the government showed rescue workers helping people off a boat.", False),
    ("Photographs were sent all over the world and put on the cover of Life magazine.", False),
    ("Le point sur l'enquête :", False),
    ("The council read more than 300 letters before the vote.", False),
])
def test_lines_a_site_adds_around_its_story(sentence, site):
    assert site_line(sentence) is site
    if site:
        assert not can_open(sentence)


def test_antecedents_name_the_sentence_before_and_a_sample_leaves_some_without():
    texts = ["The council approved the plan on Tuesday.", "But residents say they were not asked.",
             "They want a vote on the farm.", "It will open next spring."]
    assert antecedents(texts, "en") == [None, 0, 1, 2]
    # the first sentence has nothing before it to need
    assert antecedents(["But the vote went ahead anyway, officials said."], "en") == [None]
    # a sample of a long article: sentence 40's antecedent (39) was not embedded, so it needs itself
    sample = [0, 1, 40, 41]
    assert antecedents(texts, "en", sample) == [None, 0, 2, 2]


def test_dangling_counts_sentences_whose_antecedent_the_summary_left_out():
    needs = [None, 0, None, 2, 3]
    assert dangling([0, 1, 2], needs) == []
    assert dangling([0, 3], needs) == [3]
    assert dangling([2, 4], needs) == [4]
    assert dangling([2, 3, 4], needs) == []


def test_requirements_gather_each_sentence_rule():
    texts = ["The council approved the plan.", "But residents were not asked.",
             "Click here for the full report on the council.", '"We were shocked.']
    r = requirements(texts, "en")
    assert r.needs == [None, 0, None, None]
    assert r.barred.tolist() == [False, False, True, False]
    assert r.can_open.tolist() == [True, True, False, False]
