"""/summarize beyond one page's HTML, through Flask's test client: a block the user picked
(extract: false), PDFs (text, headers/footers, encrypted, scanned, limits, not a PDF) and
multi-page articles (next_page_url, pages stitched without repeats)."""

from __future__ import annotations

import pytest
from support import distinct_paragraphs, pdf_article, pdf_bytes

from distill.config import Settings
from distill.page.pages import next_page_url
from distill.page.parse import parse_html
from distill.server.app import create_app

SUMMARIZE = "/api/v1/summarize"


def _error(resp, status, code):
    assert resp.status_code == status, resp.get_data(as_text=True)
    err = resp.get_json()["error"]
    assert err["code"] == code and err["message"]
    return err["message"]


def _words(resp) -> str:
    return " ".join(s["text"] for s in resp.get_json()["sentences"])


# ------------------------------------------------------------------ extract: false
PAGE = ("<html><head><title>Harbour news</title></head><body><nav>Home News Sport</nav>"
        "<article><h1>The harbour wall</h1>" + distinct_paragraphs(8) + "</article>"
        "<aside id='box'><h2>About the lighthouse</h2>"
        + "".join(f"<p>Lighthouse note {i} explains how the keeper kept the lamp burning through the "
                  f"winter storms of the northern coast.</p>" for i in range(5))
        + "</aside></body></html>")
BLOCK = PAGE[PAGE.index("<aside"):PAGE.index("</aside>") + 8]


def test_extract_false_takes_the_block_as_the_article(client):
    whole = client.post(SUMMARIZE, json={"html": PAGE, "url": "https://harbour.example/wall"})
    assert whole.status_code == 200 and "Paragraph 3" in _words(whole)
    picked = client.post(SUMMARIZE, json={"html": BLOCK, "url": "https://harbour.example/wall",
                                          "extract": False, "title": "Harbour news"})
    assert picked.status_code == 200, picked.get_data(as_text=True)
    data = picked.get_json()
    text = _words(picked)
    # the extractor would never pick the sidebar: the block was taken as it is
    assert "Lighthouse note 4" in text and "Paragraph" not in text
    assert data["extractor"] == "given" and data["title"] == "About the lighthouse"
    assert data["summary"] and data["ranking"] and "<span data-sentence=" in data["content_html"]


def test_extract_false_still_sanitizes(client):
    block = ("<div onclick='steal()'><script>alert(1)</script>" + distinct_paragraphs(5)
             + "<img src='javascript:alert(1)'></div>")
    data = client.post(SUMMARIZE, json={"html": block, "extract": False, "title": "Notes"}).get_json()
    assert "script" not in data["content_html"] and "onclick" not in data["content_html"]
    assert "javascript:" not in data["content_html"] and data["title"] == "Notes"


@pytest.mark.parametrize("value", ["false", 0, None, [], "no"])
def test_extract_must_be_a_boolean(client, value):
    resp = client.post(SUMMARIZE, json={"html": BLOCK, "extract": value})
    assert "extract" in _error(resp, 400, "invalid_request")


def test_extract_false_means_nothing_to_text(client):
    """extract says whether html is searched for its article; text and pages are never searched,
    so false changes nothing there (the API contract allows it, and so does the server)."""
    plain = client.post(SUMMARIZE, json={"text": "Some text here."})
    flagged = client.post(SUMMARIZE, json={"text": "Some text here.", "extract": False})
    assert flagged.status_code == plain.status_code
    assert flagged.get_json() == plain.get_json()

def test_openapi_documents_extract_pages_and_pdf(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    props = doc["components"]["schemas"]["SummarizeRequest"]["properties"]
    assert props["extract"]["type"] == "boolean" and props["extract"]["default"] is True
    assert "pages" in props
    op = doc["paths"]["/api/v1/summarize"]["post"]
    assert set(op["requestBody"]["content"]) == {"application/json", "application/pdf"}
    pdf_doc = op["requestBody"]["content"]["application/pdf"]["schema"]["description"]
    assert all(f"{name} (" in pdf_doc for name in ("url", "sentences", "ratio", "lang"))
    assert not any(p["in"] == "query" for p in op.get("parameters", []))  # JSON requests take none
    assert {"413", "415", "422"} <= set(op["responses"])
    assert "next_page_url" in doc["components"]["schemas"]["SummarizeResponse"]["properties"]


# ------------------------------------------------------------------ PDFs
MILL = [f"The mill on the river Wend {w} ground the valley's corn for {n} years before the new "
        f"railway made the journey to the town's larger mills cheaper than the old cart road."
        for w, n in zip(["first", "later", "then", "soon", "once", "still", "again"], range(40, 47), strict=True)]


def _pdf(client, data, query=""):
    return client.post(f"{SUMMARIZE}{query}", data=data, content_type="application/pdf")


def test_pdf_paragraphs_in_order_without_headers_or_page_numbers(client):
    resp = _pdf(client, pdf_article(MILL, title="The mill on the Wend"), "?url=https://wend.example/mill.pdf&sentences=2")
    assert resp.status_code == 200, resp.get_data(as_text=True)
    data = resp.get_json()
    assert data["title"] == "The mill on the Wend" and data["extractor"] == "pdf"
    assert data["url"] == "https://wend.example/mill.pdf" and len(data["summary"]) == 2
    html = data["content_html"]
    assert "Quarterly Review" not in html  # the running header of every page
    # each paragraph is one <p>, its wrapped lines joined, in the file's order
    assert html.count("<p>") == len(MILL)
    positions = [html.index(f"for {n} years") for n in range(40, 47)]
    assert positions == sorted(positions)
    texts = [s["text"] for s in data["sentences"]]
    assert not any(t.strip().isdigit() for t in texts) and "cart road." in texts[0]


def test_pdf_paragraph_cut_by_a_page_break_is_joined():
    from distill.page.pdf import read_pdf

    pages = [[(72, 700, "The first paragraph starts on one page and its sentence"), (300, 40, "1")],
             [(72, 700, "ends on the next page, as long paragraphs do."), (300, 40, "2")]]
    text = read_pdf(pdf_bytes(pages), 10)
    assert [p.text for p in text.root] == [
        "The first paragraph starts on one page and its sentence ends on the next page, as long paragraphs do."]


def test_encrypted_pdf_is_a_clear_422(client):
    message = _error(_pdf(client, pdf_bytes([[(72, 700, "Secret")]], encrypted=True)), 422, "pdf_encrypted")
    assert "encrypted" in message


def test_scanned_pdf_says_no_ocr(client):
    message = _error(_pdf(client, pdf_bytes([[], []], image_only=True)), 422, "pdf_no_text")
    assert "OCR" in message


def test_not_a_pdf(client):
    _error(_pdf(client, b"<html><p>hello</p></html>"), 415, "not_pdf")
    _error(_pdf(client, b"%PDF-1.4\nnothing else here"), 400, "invalid_pdf")


def test_pdf_limits_say_the_limit():
    pages = create_app(Settings(warm_model=False, max_pdf_pages=2)).test_client()
    message = _error(_pdf(pages, pdf_article(MILL, per_page=1)), 413, "too_large")
    assert "7 pages" in message and "at most 2" in message
    size = create_app(Settings(warm_model=False, max_pdf_bytes=4096)).test_client()
    big = pdf_article(MILL * 4, per_page=40)
    assert len(big) > 4096
    assert "(4 KB)" in _error(_pdf(size, big), 413, "too_large")
    assert _pdf(size, pdf_article(MILL[:2])).status_code == 200


def test_pdf_query_is_validated(client):
    _error(_pdf(client, pdf_article(MILL), "?sentences=lots"), 400, "invalid_input")


# ------------------------------------------------------------------ multi-page articles
BASE = "https://longreads.example/story/the-canal"


def _story_page(n: int, total: int = 3) -> str:
    pager = "".join(f"<a href='{BASE}?page={i}'>{i}</a>" for i in range(1, total + 1))
    nxt = f"<a href='{BASE}?page={n + 1}'>Next ›</a>" if n < total else ""
    paras = "".join(f"<p>Page {n} part {i}: the canal builders of the valley dug through clay and rock "
                    f"for {n * 10 + i} months before the water came.</p>" for i in range(5))
    return (f"<html><head><title>The canal</title></head><body><header>Longreads</header><article>"
            f"<h1>The canal</h1><p class='standfirst'>How a valley dug its way to the sea, in three parts.</p>"
            f"{paras}</article><div class='pagination'>{pager}{nxt}</div></body></html>")


def test_next_page_url_from_rel_next_and_pagination_links():
    rel = "<html><head><link rel='next' href='/story/2'></head><body><p>x</p></body></html>"
    assert next_page_url(parse_html(rel), "https://a.example/story/1") == "https://a.example/story/2"
    assert next_page_url(parse_html(_story_page(1)), f"{BASE}?page=1") == f"{BASE}?page=2"
    assert next_page_url(parse_html(_story_page(3)), f"{BASE}?page=3") is None
    other_site = "<html><head><link rel='next' href='https://elsewhere.example/2'></head><body></body></html>"
    assert next_page_url(parse_html(other_site), "https://a.example/1") is None
    # a "next article" link is not the next page
    teaser = "<div class='related'><a href='/other'>Next</a></div>"
    assert next_page_url(parse_html(f"<html><body>{teaser}</body></html>"), "https://a.example/1") is None


def test_one_page_answer_names_the_next_page(client):
    data = client.post(SUMMARIZE, json={"html": _story_page(1), "url": f"{BASE}?page=1"}).get_json()
    assert data["next_page_url"] == f"{BASE}?page=2"


def test_pages_are_stitched_without_repeats(client):
    pages = [{"html": _story_page(n), "url": f"{BASE}?page={n}"} for n in (1, 2, 3)]
    resp = client.post(SUMMARIZE, json={"pages": pages})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    data = resp.get_json()
    texts = [s["text"] for s in data["sentences"]]
    for n in (1, 2, 3):
        assert sum(t.startswith(f"Page {n} part") for t in texts) == 5
    # the headline and the standfirst each page repeats are there once
    assert data["content_html"].count("How a valley dug") <= 1 and data["content_html"].count("The canal<") == 0
    assert len(texts) == len(set(texts)) and data["next_page_url"] is None
    assert data["url"] == f"{BASE}?page=1" or data["url"].startswith(BASE)


def test_pages_validation(client):
    _error(client.post(SUMMARIZE, json={"pages": []}), 400, "invalid_request")
    _error(client.post(SUMMARIZE, json={"pages": [{"url": BASE}]}), 400, "invalid_request")
    _error(client.post(SUMMARIZE, json={"pages": [{"html": "<p>x</p>"}], "html": "<p>x</p>"}), 400,
           "invalid_request")
