"""The summarize request's "query": validated, documented in the OpenAPI schema, and the
answer's summary and scores are focused on it (through Flask's test client, with the real model)."""

from __future__ import annotations

import pytest

from distill.summary.focus import MAX_QUERY_CHARS

STORY = """The town council met on Tuesday night to settle next year's budget.

Councillors agreed to raise the budget for road repairs by a fifth, after a winter that left the
ring road full of potholes. The repairs will start in April and close one lane at a time.

The mayor said the town's finances were healthier than they had been for a decade. Business rates
brought in more than expected, and the council's debts will be paid off two years early.

The central library will open on Sundays from June, and its opening hours on weekdays will run
until eight in the evening. Librarians asked for the longer hours because students had nowhere
quiet to work after school.

A new car park behind the station was approved, with three hundred spaces and charging points for
electric cars. Residents who live nearby will get permits to park there free of charge.

The council also voted to plant two hundred trees along the river path this autumn. The meeting
ended shortly before midnight after a long debate about the budget."""


def _summary(data):
    return [data["sentences"][i]["text"] for i in data["summary"]]


def _post(client, **body):
    return client.post("/api/v1/summarize", json={"text": STORY, "sentences": 2, **body})


@pytest.mark.model
def test_a_query_refocuses_the_summary_and_its_scores(client):
    plain = _post(client).get_json()
    assert plain["query"] is None and plain["kind"] == "article"
    assert not any("library" in s for s in _summary(plain))
    resp = _post(client, query="library opening hours")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    focused = resp.get_json()
    assert focused["query"] == "library opening hours"
    assert "library" in focused["sentences"][focused["ranking"][0]]["text"]  # picked first
    assert any("library" in s for s in _summary(focused))
    best = max(focused["sentences"], key=lambda s: s["score"])
    assert "library" in best["text"] and best["score"] == 1.0
    assert [s["score"] for s in focused["sentences"]] != [s["score"] for s in plain["sentences"]]
    # a different question, a different summary
    parking = _post(client, query="Where can I park my electric car?").get_json()
    assert any("car park" in s for s in _summary(parking))


@pytest.mark.model
def test_a_query_on_a_page_and_the_cache_tells_queries_apart(client):
    html = "<html><head><title>Council night</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in STORY.split("\n\n")) + "</article></body></html>"
    body = {"html": html, "url": "https://town.example/news/council", "sentences": 2}
    plain = client.post("/api/v1/summarize", json=body).get_json()
    focused = client.post("/api/v1/summarize", json={**body, "query": "trees by the river"}).get_json()
    assert any("trees" in s for s in _summary(focused)) and not any("trees" in s for s in _summary(plain))


@pytest.mark.model
def test_a_blank_query_is_no_query(client):
    data = _post(client, query="   ").get_json()
    assert data["query"] is None
    assert data["summary"] == _post(client).get_json()["summary"]
    assert _post(client, query="  library \n hours ").get_json()["query"] == "library hours"


@pytest.mark.parametrize("query", [5, ["library"], "x" * (MAX_QUERY_CHARS + 1)])
def test_a_query_must_be_a_short_string(client, query):
    resp = _post(client, query=query)
    assert resp.status_code == 400
    assert "query" in resp.get_json()["error"]["message"]


def test_the_query_is_documented(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    schemas = doc["components"]["schemas"]
    query = schemas["SummarizeRequest"]["properties"]["query"]
    text = str(query)
    assert str(MAX_QUERY_CHARS) in text and "focus" in query.get("description", "")
    assert "maxLength" in text
    answer = schemas["SummarizeResponse"]["properties"]
    assert {"query", "kind"} <= set(answer)
