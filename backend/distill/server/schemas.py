"""The API's request and response shapes: one pydantic model validates and documents each."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator


class SummarizeRequest(BaseModel):
    """A rendered page (``html`` with its ``url``) or plain text, never both."""

    model_config = ConfigDict(strict=True, extra="ignore")

    html: str | None = Field(None, description="the page's rendered DOM (document.documentElement.outerHTML)")
    url: str | None = Field(None, max_length=8192, description="the page's URL, for relative links")
    text: str | None = Field(None, description="plain text; paragraphs separated by blank lines")
    title: str | None = Field(None, max_length=2000, description="headline of the text, if known")
    sentences: int | None = Field(None, ge=1, le=50, description="summary length in sentences")
    ratio: float | None = Field(None, gt=0, le=1, description="summary length as a share of the sentences")
    lang: str | None = Field(
        None, max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="BCP 47 language of the text; pages declare their own",
    )

    @model_validator(mode="after")
    def _one_source(self) -> SummarizeRequest:
        if (self.html is None) == (self.text is None):
            raise ValueError("send exactly one of 'html' (a page) or 'text' (plain text)")
        if self.sentences is not None and self.ratio is not None:
            raise ValueError("send 'sentences' or 'ratio', not both")
        return self


class SentenceOut(BaseModel):
    index: int
    text: str
    score: float = Field(description="the ranker's score scaled to [0, 1] within the article (1 = best)")
    paragraph: int


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
                                           "the summary of length k is the first k, in document order")
    embedding: EmbeddingInfo
    extractor: str | None
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
