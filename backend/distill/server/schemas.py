"""The API's request and response shapes: one pydantic model validates and documents each."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..summary.focus import MAX_QUERY_CHARS


class PageIn(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")

    html: str = Field(description="one page's rendered DOM")
    url: str | None = Field(None, max_length=8192, description="that page's URL")


class SummarizeRequest(BaseModel):
    """A rendered page (``html`` with its ``url``), the pages of a multi-page article (``pages``)
    or plain text: exactly one of them. A PDF is sent as the body itself, with
    ``Content-Type: application/pdf`` and url, sentences, ratio and lang in the query string."""

    # _one_source's rules, in the document too: exactly one of html or text (a null is as good as
    # leaving it out), and never both sentences and ratio
    model_config = ConfigDict(strict=True, extra="ignore", json_schema_extra={
        "oneOf": [{"required": ["html"], "properties": {"html": {"type": "string"}}},
                  {"required": ["pages"], "properties": {"pages": {"type": "array"}}},
                  {"required": ["text"], "properties": {"text": {"type": "string"}}}],
        "not": {"required": ["sentences", "ratio"],
                "properties": {"sentences": {"type": "integer"}, "ratio": {"type": "number"}}},
    })

    html: str | None = Field(None, description="the page's rendered DOM (document.documentElement.outerHTML)")
    url: str | None = Field(None, max_length=8192, description="the page's URL, for relative links")
    extract: bool = Field(True, description="false: ``html`` is the article itself (a block the user "
                          "picked), cleaned, sanitized, split and ranked but not searched for; text "
                          "and pages are never searched, so it changes nothing there")
    pages: list[PageIn] | None = Field(None, min_length=1, max_length=11, description=(
        "a multi-page article's pages in order, first page first: their articles are stitched into "
        "one, without the headers and paragraphs the pages repeat"))
    text: str | None = Field(None, description="plain text; paragraphs separated by blank lines")
    title: str | None = Field(None, max_length=2000, description="headline of the text, or of a picked "
                              "block (extract: false) that has none, if known")
    sentences: int | None = Field(None, ge=1, le=50, description="summary length in sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="summary length as a share of the sentences")
    lang: str | None = Field(
        None, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="BCP 47 language of the text; pages declare their own",
    )

    query: str | None = Field(
        None, max_length=MAX_QUERY_CHARS,
        description=f"a question or keywords to focus the summary on (at most {MAX_QUERY_CHARS} "
                    "characters): sentences are ranked by their relevance to it as well; blank is none",
    )

    @field_validator("sentences", mode="before")
    @classmethod
    def _integral_number_is_an_integer(cls, value: object) -> object:
        """JSON has one number type: 3.0 is the integer 3 to JSON Schema (and to a client that
        computed it), so only a fractional count is refused; strings and booleans still are."""
        if type(value) is float and value.is_integer():
            return int(value)
        return value

    @field_validator("query")
    @classmethod
    def _blank_query_is_none(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value is not None else None

    def source_fields(self) -> dict:
        """The fields as pipeline.summarize_request takes them (pages as (html, url) pairs)."""
        fields = self.model_dump(exclude={"pages"})
        fields["pages"] = None if self.pages is None else [(p.html, p.url) for p in self.pages]
        return fields

    @model_validator(mode="after")
    def _one_source(self) -> SummarizeRequest:
        if sum(source is not None for source in (self.html, self.text, self.pages)) != 1:
            raise ValueError("send exactly one of 'html' (a page), 'pages' (a multi-page article) "
                             "or 'text' (plain text)")
        if self.sentences is not None and self.ratio is not None:
            raise ValueError("send 'sentences' or 'ratio', not both")
        return self


class PdfQuery(BaseModel):
    """A PDF's request fields, in the query string (its body is the PDF)."""

    model_config = ConfigDict(extra="ignore")  # query values are strings: numbers are parsed

    url: str | None = Field(None, max_length=8192, description="where the PDF was read from")
    sentences: int | None = Field(None, ge=1, le=50, description="summary length in sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="summary length as a share of the sentences")
    lang: str | None = Field(None, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
                             description="BCP 47 language of the PDF's text")


def describe_errors(exc: ValidationError, limit: int = 5) -> str:
    """pydantic's errors in one line, each as 'field: what is wrong' (the API's 400, a batch
    line's error)."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x != "body")
        msg = err.get("msg", "invalid").removeprefix("Value error, ")
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts) or "invalid request"


class PageRow(BaseModel):
    """A line of `distill extract --jsonl`: a page and its URL (an "id" is echoed back)."""

    model_config = ConfigDict(strict=True, extra="ignore")

    html: str
    url: str | None = Field(None, max_length=8192)


class SentenceOut(BaseModel):
    index: int
    text: str
    score: float = Field(description="the ranker's score scaled to [0, 1] within the article (1 = best); "
                                     "with a query, blended with the sentence's relevance to it")
    paragraph: int
    needs: int | None = Field(
        None, description="the sentence this one cannot be read without (it opens with a word "
                          "pointing back to it: 'But', 'He', 'This', or ends a quote it began): "
                          "a summary that holds this sentence holds that one too. Every prefix of "
                          "'ranking' already does; this is for a client that picks by score")


class EmbeddingInfo(BaseModel):
    model: str
    sentences: int = Field(description="sentences ranked")
    embedded: int = Field(description="sentences embedded; the rest of a very long page score 0")
    sampled: bool


class SummarizeResponse(BaseModel):
    title: str | None
    byline: str | None
    site_name: str | None
    published: str | None
    lang: str | None
    dir: str | None = Field(description="'rtl' or 'ltr' when the page says or its language implies it")
    url: str | None
    lead_image: str | None
    excerpt: str | None
    word_count: int
    reading_minutes: int
    content_html: str = Field(description="sanitized article HTML; ranked sentences wrapped in "
                                          "<span data-sentence=INDEX>")
    sentences: list[SentenceOut]
    summary: list[int] = Field(description="indices of the summary sentences, in document order")
    ranking: list[int] = Field(description="sentence indices in the order the summarizer picks them: "
                                           "the summary of length k is the first k, in document order; "
                                           "each such summary holds every sentence its sentences need "
                                           "and starts with one that can open a summary")
    kind: str = Field(description="what the summary was made for: 'article', 'docs' (opens with what the "
                                  "page is for), 'thread' (draws from several posts) or 'steps' (a page of "
                                  "numbered steps: its key steps)")
    query: str | None = Field(description="the query the summary was focused on, if any")
    embedding: EmbeddingInfo
    extractor: str | None
    next_page_url: str | None = Field(None, description="the article's next page, when the page links "
                                      "one (rel=next or a pagination link): send the pages together")
    version: str
    timings_ms: dict[str, float]


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class HealthResponse(BaseModel):
    status: str
    version: str
    model: str
    model_loaded: bool
    device: str = Field(description="where sentences are embedded: cpu or cuda (DISTILL_DEVICE)")


class WhoAmIResponse(BaseModel):
    status: str
    tokens_required: bool = Field(description="whether this server needs a token on API calls")
    token: str | None = Field(None, description="the name of the token this request sent, if any")
