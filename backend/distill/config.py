"""Every tunable of the backend in one place, read from ``DISTILL_*`` environment variables.

A team running its own backend changes behaviour here and nowhere else; tests build a
``Settings`` directly instead of patching module globals.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# the directory `distill model build` writes under data_dir/models
STATIC_MODEL_NAME = "all-minilm-l6-v2-static256"


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
    data_dir: Path = Field(
        default_factory=lambda: default_data_dir(),
        description="where the built sentence model lives: the repository's var/ in a source "
        "checkout, else the user's data directory",
    )
    model: str = Field(
        "",
        description="a static (model2vec) sentence model directory; empty = the one `distill model "
        "build` distills from the packaged all-MiniLM-L6-v2 into data_dir",
    )
    max_embedded_sentences: int = Field(
        400,
        ge=10,
        description="long pages rank at most this many sentences (the lead plus an even sample "
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

    @property
    def model_path(self) -> Path:
        return Path(self.model).expanduser() if self.model else self.data_dir / "models" / STATIC_MODEL_NAME


def default_data_dir() -> Path:
    """The repository's var/ when running from a source checkout, else $XDG_DATA_HOME/distill."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "backend").is_dir():
        return checkout / "var"
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "distill"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
