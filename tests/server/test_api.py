"""The HTTP contract, through Flask's test client, with the real model."""

from __future__ import annotations

import json
import re

import pytest
from support import page

URL = "https://coastline-herald.example/news/2025/03/14/floating-solar-farm"


def _post(client, body=None, **kw):
    return client.post("/api/v1/summarize", json=body, **kw)


def _error(resp, status, code):
    assert resp.status_code == status, resp.get_data(as_text=True)
    assert resp.is_json
    err = resp.get_json()["error"]
    assert err["code"] == code and err["message"]
    assert "Traceback" not in err["message"]
    return err["message"]


def test_health_and_openapi(client):
    health = client.get("/api/v1/health").get_json()
    assert health["status"] == "ok" and health["model"] == "all-minilm-l6-v2-static256" and health["version"]
    assert health["device"] == "cpu"
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    op = doc["paths"]["/api/v1/summarize"]["post"]
    body_schema = op["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["$ref"].endswith("/SummarizeRequest")
    req = doc["components"]["schemas"]["SummarizeRequest"]["properties"]
    assert {"html", "url", "text", "sentences", "ratio"} <= set(req)
    assert {"200", "400", "413", "422"} <= set(op["responses"])


@pytest.mark.model
def test_summarize_a_cluttered_page(client):
    resp = _post(client, {"html": page("cluttered_news.html"), "url": URL})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    data = resp.get_json()
    assert data["title"] == "Harbor city approves floating solar farm on old reservoir"
    assert (data["byline"], data["site_name"], data["lang"]) == ("Maria Delgado", "The Coastline Herald", "en")
    assert data["published"] == "2025-03-14"
    assert data["word_count"] > 250 and data["reading_minutes"] == 1
    sentences = data["sentences"]
    assert [s["index"] for s in sentences] == list(range(len(sentences)))
    assert all(0 <= s["score"] <= 1 for s in sentences)
    assert 3 <= len(data["summary"]) <= 5 and data["summary"] == sorted(data["summary"])
    k = len(data["summary"])
    assert sorted(data["ranking"][:k]) == data["summary"]
    assert len(data["ranking"]) == len(set(data["ranking"])) == len(sentences)
    # the lead sentence of an inverted-pyramid story belongs in its summary
    assert 0 in data["summary"]
    # every sentence is marked in the reader HTML
    marked = set(map(int, re.findall(r'data-sentence="(\d+)"', data["content_html"])))
    assert marked == set(range(len(sentences)))
    for phrase in ("Taboola", "You May Like", "Related Articles", "tinnitus"):
        assert phrase not in data["content_html"]
    assert set(data["timings_ms"]) >= {"parse", "extract", "clean", "sanitize", "split", "embed", "rank", "render", "total"}
    assert data["embedding"]["sampled"] is False


@pytest.mark.model
def test_length_can_be_set(client):
    html = page("cluttered_news.html")
    two = _post(client, {"html": html, "url": URL, "sentences": 2}).get_json()
    four = _post(client, {"html": html, "url": URL, "sentences": 4}).get_json()
    assert len(two["summary"]) == 2
    # a longer summary extends the shorter one: the extension relies on this
    assert set(two["summary"]) <= set(four["summary"]) and two["ranking"] == four["ranking"]
    data = _post(client, {"html": html, "url": URL, "ratio": 0.5}).get_json()
    assert len(data["summary"]) == round(0.5 * len(data["sentences"]))


@pytest.mark.model
def test_summarize_plain_text(client):
    text = ("The harbor city council approved a floating solar farm on Thursday.\n\n"
            "It will cover the disused reservoir and supply a fifth of municipal power.\n\n"
            "Opponents worry about migrating birds that rest on the water in autumn.")
    data = _post(client, {"text": text, "sentences": 2}).get_json()
    assert len(data["sentences"]) == 3 and len(data["summary"]) == 2
    assert data["title"] is None and "<p>" in data["content_html"]
    # JSON has one number type: 2.0 is the integer 2 (JSON Schema's reading; schemathesis sends it)
    assert _post(client, {"text": text, "sentences": 2.0}).get_json()["summary"] == data["summary"]


@pytest.mark.model
def test_non_english_pages(client):
    fr = _post(client, {"html": page("french_news.html"), "url": "https://quotidien.example/a"}).get_json()
    assert fr["lang"] == "fr" and any("M. Dupont" in s["text"] for s in fr["sentences"])
    de = _post(client, {"html": page("german_news.html"), "url": "https://anzeiger.example/a"}).get_json()
    assert de["lang"] == "de" and de["title"] == "Stadtrat beschließt neues Radwegenetz"
    assert de["sentences"][1]["text"] == "Die Kosten liegen bei ca. 12 Mio. Euro, wie der Bürgermeister Dr. Weber mitteilte."
    es = _post(client, {"html": page("spanish_news.html"), "url": "https://diariodelsur.example/a"}).get_json()
    # "¿Quién podrá cultivarlos?" is split off (and too short to rank); "Sra. Gómez" is not split
    assert es["lang"] == "es" and es["sentences"][3]["text"].startswith("Los vecinos empadronados")
    assert es["sentences"][1]["text"].endswith("según explicó la concejala Sra. Gómez.")
    assert 0 in es["summary"]
    ar = _post(client, {"html": page("arabic_news.html"), "url": "https://madina.example/a"}).get_json()
    assert ar["dir"] == "rtl" and len(ar["sentences"]) == 9
    assert ar["sentences"][4]["text"] == "هل ستنجح المكتبة في جذب الشباب؟"


@pytest.mark.model
def test_hostile_page_is_safe(client):
    data = _post(client, {"html": page("hostile.html"), "url": "https://garden.example/a"}).get_json()
    html = data["content_html"].lower()
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


@pytest.mark.parametrize(("body", "fragment"), [
    ({}, "exactly one of"),
    ({"html": "<p>x</p>", "text": "y"}, "exactly one of"),
    ({"html": 5}, "html"),
    ({"text": "Hello there friend.", "sentences": 0}, "sentences"),
    ({"text": "Hello there friend.", "sentences": "3"}, "sentences"),
    ({"text": "Hello there friend.", "sentences": 2.5}, "sentences"),
    ({"text": "Hello there friend.", "sentences": True}, "sentences"),
    ({"text": "Hello there friend.", "ratio": 1.5}, "ratio"),
    ({"text": "Hello there friend.", "sentences": 2, "ratio": 0.5}, "not both"),
    ({"text": "Hello there friend.", "lang": "<script>"}, "lang"),
])
def test_invalid_requests(client, body, fragment):
    assert fragment in _error(_post(client, body), 400, "invalid_request")


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"a string"', b"\xff\xfe\x00junk", b""])
def test_bodies_that_are_not_json_objects(client, raw):
    _error(client.post("/api/v1/summarize", data=raw, content_type="application/json"), 400, "invalid_json")


@pytest.mark.model
def test_json_is_read_and_written_whatever_the_characters(client):
    """The API's JSON goes through orjson (app.FastJSON), which writes UTF-8 rather than \\u
    escapes; what only the standard library takes, a lone surrogate (a page's DOM can hold one,
    and JSON.stringify escapes it), is read and answered; so is a form feed (text copied from a
    PDF), which lxml cannot hold either."""
    text = ("Der Stadtrat hat am Dienstag den neuen Haushalt f\u00fcr das kommende Jahr beschlossen. "
            "Die Opposition stimmte geschlossen gegen den Entwurf der Verwaltung. "
            "Die B\u00fcrger hatten monatelang \ud800 \u00fcber die geplanten Ausgaben gestritten.\x0c "
            "Im Fr\u00fchjahr beginnen die Arbeiten an der neuen Stadtbibliothek.")
    raw = json.dumps({"text": text, "sentences": 2}).encode()  # the surrogate as \\ud800
    resp = client.post("/api/v1/summarize", data=raw, content_type="application/json")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert len(resp.get_json()["summary"]) == 2
    plain = _post(client, {"text": text.replace("\ud800 ", "").replace("\x0c", ""), "sentences": 2})
    assert plain.status_code == 200 and "f\u00fcr" in plain.get_data(as_text=True)


def test_wrong_content_type(client):
    _error(client.post("/api/v1/summarize", data={"html": "x"}), 400, "invalid_json")


def test_too_large(client):
    body = b'{"html": "' + b"a" * (5 * 1024 * 1024) + b'"}'
    assert "5 MB" in _error(client.post("/api/v1/summarize", data=body, content_type="application/json"),
                            413, "too_large")


@pytest.mark.parametrize(("html", "code"), [
    ("", "empty_page"),
    (page("no_article.html"), "no_article"),
    ("\x00\x01\x02" * 5000, "not_html"),
    ("<html><body>" + "<div>x" * 3000 + "</div>" * 3000 + "</body></html>", "too_deep"),
])
def test_pages_without_an_article(client, html, code):
    _error(_post(client, {"html": html, "url": URL}), 422, code)


def test_a_section_front_is_a_422_that_says_to_open_an_article(client):
    """A home or section page is teasers, not a story: no reader view of link lists."""
    message = _error(_post(client, {"html": page("section_front.html"), "url": URL}), 422, "no_article")
    assert "list of links" in message and "open one of its articles" in message


def test_an_article_followed_by_an_unlabelled_list_is_still_an_article(client):
    story = "".join(f"<p>Paragraph {i} of the story says something new about the harbour ferries.</p>"
                    for i in range(4))
    teasers = "".join(f'<li><a href="/n/{i}">Other headline number {i}</a></li>' for i in range(12))
    html = f"<html><body><article>{story}<ul>{teasers}</ul></article></body></html>"
    assert _post(client, {"html": html, "url": URL}).status_code == 200


def test_text_without_sentences(client):
    _error(_post(client, {"text": "Hi.\n\nOk."}), 422, "no_article")


def test_unknown_routes_and_methods_answer_json(client):
    _error(client.get("/api/v1/nope"), 404, "not_found")
    _error(client.get("/api/v1/summarize"), 405, "method_not_allowed")


def test_unexpected_errors_do_not_leak(client, monkeypatch):
    import distill.server.api

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(distill.server.api, "summarize_request", boom)
    msg = _error(_post(client, {"text": "Hello there friend, how are you."}), 500, "internal_error")
    assert "secret" not in msg


def test_model_unavailable_is_503(app, client, settings):
    app.config["DISTILL_SETTINGS"] = settings.model_copy(update={"model": "/nonexistent/model"})
    _error(_post(client, {"text": "Hello there friend, how are you today."}), 503, "model_unavailable")
    assert client.get("/api/v1/ready").status_code == 503


@pytest.mark.model
def test_ready_after_model_load(client):
    _post(client, {"text": "Hello there friend, how are you today."})
    assert client.get("/api/v1/ready").get_json()["status"] == "ready"


@pytest.mark.model
def test_very_long_pages_are_sampled(client, settings, app):
    app.config["DISTILL_SETTINGS"] = settings.model_copy(update={"max_embedded_sentences": 50})
    paras = "\n\n".join(f"Paragraph {i} explains one more detail about topic number {i % 7} here." for i in range(300))
    data = _post(client, {"text": paras}).get_json()
    assert data["embedding"] == {"model": "all-minilm-l6-v2-static256", "sentences": 300, "embedded": 50, "sampled": True}
    assert len(data["sentences"]) == 300


def test_warm_up_before_fork_summarizes_and_freezes_the_heap():
    import gc

    from distill.server.app import warm_up_before_fork

    try:
        warm_up_before_fork()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_warm_up_before_fork_embeds_on_the_cpu_whatever_the_device(monkeypatch):
    """A CUDA context made in gunicorn's master would leave every forked worker unable to use
    the GPU: the warm-up embeds on the CPU and each worker starts its own device."""
    import gc

    from distill.config import Settings
    from distill.server import app as app_module
    from distill.summary import embed

    devices = []
    real_encode = embed.encode
    monkeypatch.setattr(embed, "_cuda_usable", lambda: True)
    monkeypatch.setattr(embed, "encode", lambda s, p, device="cpu": devices.append(device) or real_encode(s, p))
    monkeypatch.setattr(app_module, "get_settings", lambda: Settings(device="cuda", warm_model=False))
    embed.resolve_device.cache_clear()
    try:
        app_module.warm_up_before_fork()
    finally:
        gc.unfreeze()
        embed.resolve_device.cache_clear()
    assert devices == ["cpu"]
