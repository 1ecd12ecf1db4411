"""A summary of any length reads on its own: no sentence pointing back to one it left out, and
no start that a reader cannot follow (half a quote, a "Click here" line). Through the pipeline,
with the real model and ranker, on stories written so that the pointing sentences are the most
summary-like ones."""

from __future__ import annotations

import pytest

from distill.pipeline import summarize_text

STORY = """Harbor City's council voted on Tuesday to build a floating solar farm on the old Miller reservoir.

Click here to read the full council report on the floating solar farm and the Miller reservoir.

Residents packed the hall for a meeting that lasted four hours.

But the floating solar farm on the Miller reservoir will cost Harbor City twice what the council estimated, auditors said.

He said the farm's 12,000 panels would power 4,000 homes once the reservoir project is finished in 2027.

"The reservoir has been empty for a decade.

Now the solar farm will make it the city's largest power plant," the mayor said.

The council will vote on the solar farm's budget again in May, after the auditors' final report.

It could still delay the project by a year, the auditors warned the council."""

HISTOIRE = """Le conseil municipal de Brest a voté mardi la construction d'une ferme solaire flottante sur l'ancien réservoir.

Les habitants ont rempli la salle pendant quatre heures de débats.

Mais la ferme solaire flottante du réservoir de Brest coûtera deux fois plus que prévu, selon les auditeurs de la ville.

Il a précisé que les 12 000 panneaux de la ferme solaire alimenteraient 4 000 foyers de Brest.

Cette ferme solaire sera la plus grande centrale électrique de la ville de Brest.

Le conseil votera de nouveau le budget de la ferme solaire en mai, après le rapport final des auditeurs."""


def _check(data):
    sentences = {s["index"]: s for s in data["sentences"]}
    order = data["ranking"]
    for k in range(1, len(order) + 1):
        picked = sorted(order[:k])
        for i in picked:
            assert sentences[i]["needs"] is None or sentences[i]["needs"] in picked, (k, sentences[i]["text"])
        first = sentences[picked[0]]["text"]
        assert first[0] != '"' and not first.startswith("Click here"), (k, first)


@pytest.mark.model
@pytest.mark.parametrize("sentences", [1, 3, 5])
def test_every_summary_length_reads_alone(sentences):
    data = summarize_text(STORY, sentences=sentences, title="Floating solar farm approved")
    needs = {s["text"].split()[0]: s["needs"] for s in data["sentences"]}
    assert needs["But"] == 2 and needs["He"] == 3 and needs["It"] == 7
    assert needs["Now"] == 5  # the second half of the mayor's quote
    _check(data)
    assert len(data["summary"]) == sentences
    assert sorted(data["ranking"][:sentences]) == data["summary"]


@pytest.mark.model
def test_french_summaries_read_alone():
    data = summarize_text(HISTOIRE, sentences=2, lang="fr")
    needs = {s["text"].split()[0]: s["needs"] for s in data["sentences"]}
    assert needs["Mais"] == 1 and needs["Il"] == 2 and needs["Cette"] == 3
    _check(data)
