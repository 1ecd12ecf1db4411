"""The pipeline, top to bottom: extract, clean, sanitize, split, embed, rank, render.

Each stage is timed under its own name (the answer's ``timings_ms``) and is a plain function of
its inputs, so later work can cache or replace one stage without touching the others.
``read_page`` stops before the model and is what ``distill extract`` runs.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import lxml.html
import numpy as np
from lxml.html import HtmlElement

from . import __version__
from .config import Settings, get_settings
from .errors import NoArticle, PageTooLarge
from .page import second_opinion
from .page.clean import clean, clean_text_blocks, looks_like_listing
from .page.docs import documentation_page, reference_page
from .page.extract import Article, extract
from .page.pages import next_page_url, stitch
from .page.parse import parse_html, without_soft_hyphens, without_unsafe_chars
from .page.sanitize import sanitize
from .summary.language import guess_lang, language_identifier
from .summary.sentences import Paragraph, segment, text_blocks
from .text import count_words

WORDS_PER_MINUTE = 230
# An article whose figure captions hold this share of its words is a photo essay: the captions
# are its story, and its text keeps them (Reading.plain_text)
PHOTO_ESSAY_CAPTION_SHARE = 0.3


class Timings:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = round((time.perf_counter() - start) * 1000, 2)


@dataclass
class Reading:
    """An article ready to show: metadata, the clean tree and its paragraphs."""

    article: Article
    root: HtmlElement
    paragraphs: list[Paragraph]
    timings: Timings = field(default_factory=Timings)
    kind: str = "article"  # summary/kinds.py: "article", "docs" or "thread"

    # computed once: the paragraphs are final when a Reading is made, and a request asks for
    # both several times
    @cached_property
    def sentences(self):
        return [s for p in self.paragraphs for s in p.sentences]

    @cached_property
    def word_count(self) -> int:
        return sum(count_words(p.text) for p in self.paragraphs)

    def plain_text(self) -> str:
        """The article's text, paragraph by paragraph. An article's figure captions (a photo's
        caption and credit) stay in the reader view beside their image but are not its text; a
        documentation page's explain its diagrams and are, and so do a photo essay's, whose
        captions tell the story (PHOTO_ESSAY_CAPTION_SHARE of its words)."""
        captions = sum(count_words(p.text) for p in self.paragraphs if p.caption)
        keep = self.kind != "article" or captions >= PHOTO_ESSAY_CAPTION_SHARE * self.word_count
        return "\n\n".join(" ".join(p.text.split()) for p in self.paragraphs if keep or not p.caption)


def read_page(html: str, url: str | None = None, settings: Settings | None = None,
              lang: str | None = None, require_summary: bool = True, method: str = "auto",
              title: str | None = None, more_pages: list[tuple[str, str | None]] = ()) -> Reading:
    """Page HTML -> Reading, without the model. Raises NoArticle when there is nothing to read,
    or (require_summary) too little to summarize. method "given": the HTML is the article (a
    block the user picked), cleaned, sanitized and split but not searched; title then names it
    when the block has no headline of its own. more_pages: the (html, url) of a multi-page
    article's following pages, whose articles are stitched onto this one (pages.py)."""
    settings = settings or get_settings()
    timings = Timings()
    # trafilatura's second opinion is read meanwhile by a helper process when a core is idle
    asking = settings.helper and method == "auto" and second_opinion.spare_core()
    with second_opinion.meanwhile(html, url, wanted=asking) as answer:
        with timings.stage("parse"):
            doc = parse_html(html, settings.max_page_elements, settings.max_text_chars)
        with timings.stage("pages"):  # 0.5 ms at the median, so not in extract (the dev sets' path)
            following = next_page_url(doc, url) if method != "given" else None
        with timings.stage("extract"):
            article = extract(doc, url, fallback_ratio=settings.fallback_ratio, method=method,
                              helper=answer)
    article.next_page_url = following
    if more_pages:
        with timings.stage("stitch"):
            _stitch_pages(article, more_pages, settings)
    if lang:
        article.lang = lang
    if method == "given" and title and not article.title:
        article.title = title
    with timings.stage("clean"):
        # asked once, before cleaning (which keeps a docs theme's classes): documentation keeps
        # its cross-references ("See also"), which on news are widgets, and is summed up as such
        docs = documentation_page(doc, article.content, article.base_url)
        clean(article.content, article.title, docs=docs and method != "given",
              thread=article.extractor == "thread")
        listing = method != "given" and looks_like_listing(article.content)  # a picked block is the article
        if listing and not reference_page(doc, article.base_url):
            raise NoArticle("This page is a list of links (a home, section or search page), not an "
                            "article: open one of its articles and try again.")
    with timings.stage("sanitize"):
        root = sanitize(article.content, article.base_url)
    with timings.stage("split"):
        article.lang = article.lang or guess_lang(root.text_content())
        paragraphs = segment(root, article.lang, settings.min_sentence_words)
    reading = Reading(article, root, paragraphs, timings, page_kind(article, docs))
    return _checked(reading, settings, require_summary)


def _stitch_pages(article: Article, more: list[tuple[str, str | None]], settings: Settings) -> None:
    """The following pages' articles appended to the first's; a page with none is skipped."""
    contents = []
    for page_html, page_url in more[: settings.max_pages - 1]:
        try:
            doc = parse_html(page_html, settings.max_page_elements, settings.max_text_chars)
            article.next_page_url = next_page_url(doc, page_url)
            page = extract(doc, page_url, fallback_ratio=settings.fallback_ratio)
        except NoArticle:
            continue
        contents.append(page.content)
    stitch(article.content, contents, article.title)


def _checked(reading: Reading, settings: Settings, require_summary: bool) -> Reading:
    if not reading.word_count:
        raise NoArticle("No readable article was found on this page.")
    if require_summary and (reading.word_count < settings.min_article_words or not reading.sentences):
        raise NoArticle(
            "No readable article was found on this page: it has too little text to summarize."
        )
    return reading


def read_pdf_bytes(data: bytes, url: str | None = None, settings: Settings | None = None,
                   lang: str | None = None, require_summary: bool = True) -> Reading:
    """PDF bytes -> Reading (page/pdf.py reads the text); the errors pdf.read_pdf raises."""
    from .page.pdf import read_pdf

    settings = settings or get_settings()
    timings = Timings()
    with timings.stage("extract"):
        text = read_pdf(data, settings.max_pdf_pages)
    with timings.stage("sanitize"):
        root = sanitize(text.root, url)
    with timings.stage("split"):
        article = Article(content=root, url=url, title=text.title, extractor="pdf", base_url=url,
                          lang=lang or guess_lang(root.text_content()))
        paragraphs = segment(root, article.lang, settings.min_sentence_words)
    return _checked(Reading(article, root, paragraphs, timings), settings, require_summary)


def page_kind(article: Article, docs: bool) -> str:
    """A forum thread (its posts were read), a documentation page (docs: by its address, the
    tool that made it or its theme's classes, docs.documentation_page) or an article: each is
    summed up differently (summary/kinds.py)."""
    if article.extractor == "thread":
        return "thread"
    return "docs" if docs else "article"


def read_text(text: str, settings: Settings | None = None, lang: str | None = None,
              title: str | None = None) -> Reading:
    """Plain text (a selection, paragraphs separated by blank lines) -> Reading."""
    settings = settings or get_settings()
    if len(text) > settings.max_text_chars:
        raise PageTooLarge(f"The text has {len(text):,} characters; this server reads at most "
                           f"{settings.max_text_chars:,} (DISTILL_MAX_TEXT_CHARS).")
    timings = Timings()
    # a selection can hold what lxml cannot (a lone surrogate), the page's soft hyphens and
    # letters spelled in two code points (sanitize.composed)
    text = unicodedata.normalize("NFC", without_soft_hyphens(without_unsafe_chars(text)))
    with timings.stage("split"):
        root = lxml.html.Element("div")
        for tag, block in clean_text_blocks(text_blocks(text)):
            el = lxml.html.Element(tag)
            el.text = block
            root.append(el)
        article = Article(content=root, lang=lang or guess_lang(text), title=title, extractor="text")
        paragraphs = segment(root, article.lang, settings.min_sentence_words)
    reading = Reading(article, root, paragraphs, timings)
    if not reading.sentences:
        raise NoArticle(
            "The text has no sentences to summarize "
            f"(a sentence needs at least {settings.min_sentence_words} words)."
        )
    return reading


def embedding_sample(n: int, cap: int) -> list[int]:
    """Which sentences to embed on a long page: the first half of the budget from the top
    (where news and encyclopedia articles say what they are about), the rest evenly spread."""
    if n <= cap:
        return list(range(n))
    lead = cap // 2
    rest = np.linspace(lead, n - 1, cap - lead).round().astype(int)
    return sorted(set(range(lead)) | set(rest.tolist()))


def load_models(settings: Settings) -> float:
    """Load now what the first summary would otherwise wait for (the language identifier, the
    sentence model, the ranker); the seconds it took. Raises embed.ModelUnavailable."""
    from .summary import embed, scorer

    started = time.perf_counter()
    language_identifier()
    embed.get_model(settings.model_path)
    scorer.load()
    return time.perf_counter() - started


def embed_sentences(texts: list[str], title: str | None,
                    settings: Settings) -> tuple[np.ndarray, np.ndarray | None]:
    """The sentences' embeddings and the headline's (None without one), in one encode call."""
    from .summary import embed

    vectors = embed.encode(texts + ([title] if title else []), settings.model_path,
                           embed.resolve_device(settings.device))
    return vectors[: len(texts)], (vectors[len(texts)] if title else None)


def embed_query(query: str, settings: Settings) -> np.ndarray:
    from .summary import embed

    return embed.encode([query], settings.model_path, embed.resolve_device(settings.device))[0]


def arrange(reading: Reading, texts: list[str], emb: np.ndarray, chosen: list[int], first: np.ndarray,
            later: np.ndarray, query: str | None, settings: Settings) -> tuple[str, np.ndarray, np.ndarray]:
    """(the summary's kind, the scores it is picked by, and by which its later picks are made):
    refocused on a reader's query (summary/focus.py), else with what a page of its kind needs
    first put first (summary/kinds.py). An article without a query keeps the ranker's."""
    from .summary import focus, kinds

    kind, steps = kinds.summary_kind(reading.kind, reading.paragraphs)
    if query:
        rel = focus.relevance(texts, emb, query, embed_query(query, settings), reading.article.lang)
        return kind, focus.refocus(first, rel), focus.refocus(later, rel)
    order = kinds.promotions(kind, reading.paragraphs, steps, first, later, chosen)
    return kind, kinds.promote(first, order), kinds.promote(later, order)


def rank_sentences(texts: list[str], emb: np.ndarray, headline: np.ndarray | None = None,
                   positions: list[int] | None = None, total: int | None = None,
                   ranker: str | None = None, lang: str | None = None,
                   title: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(the learned scorer's score, the coverage score) for each sentence, from one set of
    features.py rows (a sample of a long article's sentences is placed by positions in total;
    lang, the article's language, picks the features' word lists and the scorer's correction
    for the language, which reads the title: summary/calibration.py)."""
    from .summary import calibration, features, scorer

    rows, names, _ = features.sentence_features(
        texts, emb, None if positions is None else np.asarray(positions), total, lang)
    scores = calibration.adjust(scorer.load(ranker)(rows, names), rows, names, texts, title, lang)
    return scores, features.coverage_scores(rows, names, emb, headline)


def summarize_reading(reading: Reading, sentences: int | None = None, ratio: float | None = None,
                      settings: Settings | None = None, query: str | None = None) -> dict[str, Any]:
    """Rank a Reading's sentences and build the API answer; query: a reader's question or
    keywords to focus the summary on."""
    from .page.reader import render
    from .summary import embed, rank, references
    from .summary.marks import mark_sentences

    settings = settings or get_settings()
    timings = reading.timings
    all_sentences = reading.sentences
    chosen = embedding_sample(len(all_sentences), settings.max_embedded_sentences)
    article = reading.article

    texts = [all_sentences[i].text for i in chosen]
    with timings.stage("embed"):
        emb, headline = embed_sentences(texts, article.title, settings)
    with timings.stage("rank"):
        scores_sub, later = rank_sentences(texts, emb, headline, chosen, len(all_sentences),
                                           lang=article.lang, title=article.title)
        kind, picked_by, later = arrange(reading, texts, emb, chosen, scores_sub, later, query, settings)
        if query:  # the answer's scores say how the summary was picked
            scores_sub = picked_by
        # a ratio is a share of the whole article, even when only a sample of it was ranked
        k = min(len(chosen), rank.summary_length(len(all_sentences), sentences, ratio,
                                                 settings.default_sentences_min,
                                                 settings.default_sentences_max))
        depth = max(k, min(len(chosen), settings.max_summary_sentences))
        # every prefix of the order reads on its own (references.py): no sentence pointing back
        # to one the summary left out, and none that no summary should start with
        needs = references.requirements(texts, article.lang, chosen)
        order = [chosen[i] for i in rank.pick_order(
            picked_by, emb, texts, depth, later=later, needs=needs.needs, barred=needs.barred,
            can_open=needs.can_open)]
        scores = np.zeros(len(all_sentences))
        scores[chosen] = rank.scale01(scores_sub) if len(chosen) > 1 else 1.0
        summary = sorted(order[:k])
    with timings.stage("render"):
        mark_sentences(reading.paragraphs)
        content_html = render(reading.root)

    words = reading.word_count
    return {
        "title": article.title,
        "byline": article.byline,
        "site_name": article.site_name,
        "published": article.published,
        "lang": article.lang,
        "dir": article.dir,
        "url": article.url,
        "lead_image": article.lead_image,
        "excerpt": article.description,
        "word_count": words,
        "reading_minutes": max(1, round(words / WORDS_PER_MINUTE)),
        "content_html": content_html,
        "sentences": [
            {"index": s.index, "text": s.text, "score": round(float(scores[s.index]), 4),
             "paragraph": s.paragraph, "needs": antecedent}
            for s, antecedent in zip(all_sentences, references.antecedents(
                [s.text for s in all_sentences], article.lang), strict=True)
        ],
        "summary": summary,
        "ranking": order,
        "kind": kind,
        "query": query or None,
        "embedding": {
            "model": embed.model_name(settings.model_path),
            "sentences": len(all_sentences),
            "embedded": len(chosen),
            "sampled": len(chosen) < len(all_sentences),
        },
        "extractor": article.extractor,
        "next_page_url": article.next_page_url,
        "version": __version__,
        "timings_ms": {**timings.ms, "total": round(sum(timings.ms.values()), 2)},
    }


def summarize_page(html: str, url: str | None = None, sentences: int | None = None,
                   ratio: float | None = None, settings: Settings | None = None,
                   lang: str | None = None, extract: bool = True,
                   title: str | None = None, query: str | None = None) -> dict[str, Any]:
    """extract=False: the HTML is the article already (a block the user picked)."""
    reading = read_page(html, url, settings, lang, method="auto" if extract else "given", title=title)
    return summarize_reading(reading, sentences, ratio, settings, query)


def summarize_pages(pages: list[tuple[str, str | None]], sentences: int | None = None,
                    ratio: float | None = None, settings: Settings | None = None,
                    lang: str | None = None, query: str | None = None) -> dict[str, Any]:
    """A multi-page article, its pages in order: one article, one summary."""
    (html, url), *more = pages
    reading = read_page(html, url, settings, lang, more_pages=more)
    return summarize_reading(reading, sentences, ratio, settings, query)


def summarize_pdf(data: bytes, url: str | None = None, sentences: int | None = None,
                  ratio: float | None = None, settings: Settings | None = None,
                  lang: str | None = None, query: str | None = None) -> dict[str, Any]:
    return summarize_reading(read_pdf_bytes(data, url, settings, lang), sentences, ratio, settings,
                             query)


def summarize_text(text: str, sentences: int | None = None, ratio: float | None = None,
                   settings: Settings | None = None, lang: str | None = None,
                   title: str | None = None, query: str | None = None) -> dict[str, Any]:
    return summarize_reading(read_text(text, settings, lang, title), sentences, ratio, settings, query)


def summarize_request(settings: Settings | None = None, *, html: str | None = None,
                      pages: list[tuple[str, str | None]] | None = None, text: str | None = None,
                      url: str | None = None, sentences: int | None = None, ratio: float | None = None,
                      lang: str | None = None, extract: bool = True, title: str | None = None,
                      query: str | None = None) -> dict[str, Any]:
    """A validated request, whichever of its sources it sends (the API's body, a batch line):
    one dispatch, so the server and the command line answer the same request alike."""
    if text is not None:
        return summarize_text(text, sentences, ratio, settings, lang, title, query)
    if pages is not None:
        return summarize_pages(pages, sentences, ratio, settings, lang, query)
    if html is None:
        raise ValueError("a request sends html, pages or text")
    return summarize_page(html, url, sentences, ratio, settings, lang, extract, title, query)
