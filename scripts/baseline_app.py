"""The stack Distill is measured against: readability-lxml for the article, sumy's LexRank for a
3-sentence summary, as a small Flask app (served by gunicorn's sync workers in scripts/bench).

    gunicorn -w 2 --chdir scripts baseline_app:app
"""

from __future__ import annotations

import re

import lxml.html
import punkt
from flask import Flask, jsonify, request
from readability import Document
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.utils import get_stop_words

app = Flask(__name__)
SUMMARIZER = LexRankSummarizer(Stemmer("english"))
SUMMARIZER.stop_words = get_stop_words("english")
# Punkt sentences and letter-run words, as ../shared/tools/score_summary.py feeds sumy (sumy's own
# tokenizer needs NLTK data, which is not installable offline)
PUNKT = punkt.PunktSentenceTokenizer(punkt.load_model("english"))


class _Words:
    @staticmethod
    def to_words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+(?:['\u2019][^\W_]+)*", text)

    @staticmethod
    def to_sentences(text: str) -> list[str]:
        return [text]


def lexrank(text: str, k: int = 3) -> list[str]:
    sentences = [Sentence(s, _Words) for s in PUNKT.tokenize(text)]
    picked = {id(s) for s in SUMMARIZER(ObjectDocumentModel([Paragraph(sentences)]), k)}
    return [str(s) for s in sentences if id(s) in picked]


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/summarize")
def summarize():
    html = (request.get_json(silent=True) or {}).get("html") or ""
    try:
        content = Document(html).summary(html_partial=True)
        text = lxml.html.fromstring(content).text_content() if content.strip() else ""
    except Exception:
        return jsonify(error="no article"), 422
    if not text.strip():
        return jsonify(error="no article"), 422
    return jsonify(summary=lexrank(text), content_html=content)
