from __future__ import annotations

import os

import numpy as np
import pytest

from distill.config import get_settings
from distill.summary import embed


def test_an_unbuilt_model_says_how_to_build_it(tmp_path):
    with pytest.raises(embed.ModelUnavailable, match="distill model build"):
        embed.encode(["Some sentence here."], tmp_path / "missing")


def test_unknown_source_package_is_a_clear_error():
    with pytest.raises(embed.ModelUnavailable, match="not installed"):
        embed.source_model_path("no_such_model_package")


def test_bundled_transformer_is_installed():
    assert (embed.source_model_path() / "config.json").exists()


@pytest.mark.model
def test_embeddings_are_unit_length_meaningful_and_blind_to_case():
    path = get_settings().model_path
    texts = ["The cat sat on the mat.", "A cat was sitting on a rug.", "Stocks fell sharply."]
    vecs = embed.encode(texts, path)
    assert vecs.shape == (3, embed.STATIC_DIMS)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.2
    assert np.allclose(embed.encode([t.upper() for t in texts], path), vecs, atol=1e-6)
    assert embed.is_loaded(path)
    assert embed.encode([], path).shape == (0, embed.STATIC_DIMS)


@pytest.mark.model
@pytest.mark.parametrize("device", ["cpu", "auto"])
def test_serving_never_imports_torch_nor_the_hub_client(device):
    """Not with the default device, nor with 'auto' on a machine without an NVIDIA driver; and
    the local model folder is loaded without huggingface_hub (25 MB a worker)."""
    import os
    import subprocess
    import sys

    if device == "auto" and embed._cuda_usable():
        pytest.skip("this machine has a GPU: auto takes it, through torch")
    code = ("import sys; from distill.pipeline import summarize_text; "
            "summarize_text('The council approved the plan on Monday. Work starts in May. "
            "Residents had asked for it for years. The cost is five million pounds.', sentences=2); "
            "print('torch' in sys.modules, 'huggingface_hub' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "DISTILL_DEVICE": device})
    assert out.stdout.strip() == "False False"


@pytest.mark.model
def test_the_lean_loader_builds_the_model_model2vec_builds():
    from model2vec import StaticModel

    path = get_settings().model_path
    ours, library = embed.load_static(path), StaticModel.from_pretrained(str(path))
    texts = ["The council voted on Thursday to approve the new budget.",
             "Der Bundestag hat das Gesetz beschlossen. " * 120, "", "naïve café — 東京"]
    assert np.array_equal(ours.encode(texts), library.encode(texts))
    assert (ours.normalize, ours.max_length, ours.config) == (
        library.normalize, library.max_length, library.config)


@pytest.mark.model
def test_remembered_pieces_give_the_tokenizers_own_tokens(monkeypatch):
    """embed.memoize_tokens tokenizes a sentence a space-separated piece at a time, from memory:
    the tokens and vectors must be the tokenizer's own, whatever the characters (accents and
    combining marks, control and zero-width characters, other spaces, CJK, the tokenizer's
    special tokens), past the model's max_length, and for sentences with a piece too long to be
    remembered, which are tokenized whole; the first time and from memory."""
    import random

    path = get_settings().model_path
    plain, memo = embed.load_static(path), embed.load_static(path)
    assert embed.memoize_tokens(memo)
    rnd = random.Random(7)
    alphabet = [*"ab cd  .,;'\"-\u00e9e\u0301\u00a0\u200b\t\n\x00\x0b\x1c\x85\ufffd\u4e2d\u6587\u65e5"
                "\ud55c\u0130\u03a3\u03c2\u3000\u2028", "[UNK]", "[CLS]", "U.S.", "don't", "Caf\u00e9"]
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 60))) for _ in range(2000)]
    texts += ["The council met on Tuesday.", "", "  ", "word " * 700, "\u4e2d" * 900,
              "x " * 600 + "\u4e2d" * 600, "a" * 150 + " b", "pneumonoultramicroscopic" * 5 + " ok"]
    for _ in range(2):  # the second time, every short piece comes from memory
        assert np.array_equal(memo.encode(texts), plain.encode(texts))
        assert memo.tokenize(texts) == plain.tokenize(texts)
    monkeypatch.setattr(embed, "MEMO_PIECES", 10)  # forgotten when full, and still the same
    assert memo.tokenize(texts[:50]) == plain.tokenize(texts[:50])


def test_a_tokenizer_that_is_not_berts_is_left_alone():
    from types import SimpleNamespace

    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "a": 1}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    model = SimpleNamespace(tokenizer=tokenizer, tokenize="model2vec's own")
    assert not embed.memoize_tokens(model)
    assert model.tokenize == "model2vec's own"


def test_encoding_from_many_threads_at_once():
    """A server worker answers on several threads; the tokenizer must not be entered twice."""
    import threading

    from distill.config import Settings
    from distill.summary import embed

    path = Settings().model_path
    errors: list[Exception] = []

    def work(i: int) -> None:
        try:
            for _ in range(20):
                embed.encode([f"Sentence {i} about ferries and fares number {j}." for j in range(30)], path)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_the_device_path_gives_the_cpu_paths_vectors():
    """DISTILL_DEVICE=cuda runs the same mean of token vectors as one torch embedding_bag; on this
    machine the torch path runs on the CPU, and must give model2vec's own vectors, rounded to the
    table's float16 alike (so equal but for the order of a sum, which may move the last bit)."""
    from distill.config import Settings
    from distill.summary import embed

    path = Settings().model_path
    model = embed.get_model(path)
    sentences = ["The council approved the plan on Tuesday.", "", "Ferries, fares and timetables!",
                 "xqzv", "word " * 600] + [f"Sentence number {i} about the harbour, ferry {i % 7}." for i in range(200)]
    mine = embed._encode_torch(model, sentences, "cpu")
    theirs = model.encode(sentences, use_multiprocessing=False)
    assert mine.shape == theirs.shape == (len(sentences), embed.STATIC_DIMS)
    assert mine.dtype == theirs.dtype
    assert not mine[1].any() and not theirs[1].any()  # a sentence with no token is zeros
    assert (mine == theirs).mean() > 0.999
    np.testing.assert_allclose(mine.astype(np.float32), theirs.astype(np.float32), atol=2.5e-4)


def test_the_gpu_check_leaves_forked_processes_free_to_use_cuda(monkeypatch):
    """torch counts devices by initializing the CUDA driver unless told to count through NVML;
    after that, a forked worker could not use CUDA at all."""
    import sys
    import types

    from distill.summary import embed

    seen = []
    torch = types.SimpleNamespace(cuda=types.SimpleNamespace(
        is_available=lambda: seen.append(os.environ.get("PYTORCH_NVML_BASED_CUDA_CHECK")) or True))
    monkeypatch.setenv("PYTORCH_NVML_BASED_CUDA_CHECK", "")  # restored after the test, set or not
    monkeypatch.delenv("PYTORCH_NVML_BASED_CUDA_CHECK")
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setattr(embed.shutil, "which", lambda name: "/usr/bin/nvidia-smi")
    assert embed._cuda_usable() is True
    assert seen == ["1"]


def test_device_setting(monkeypatch):
    from distill.summary import embed

    monkeypatch.setattr(embed, "_cuda_usable", lambda: False)
    embed.resolve_device.cache_clear()
    try:
        assert embed.resolve_device("cpu") == "cpu" and embed.resolve_device("auto") == "cpu"
        with pytest.raises(embed.DeviceUnavailable, match="DISTILL_DEVICE=cuda, but no CUDA device"):
            embed.resolve_device("cuda")
        monkeypatch.setattr(embed, "_cuda_usable", lambda: True)
        embed.resolve_device.cache_clear()
        assert embed.resolve_device("auto") == "cuda" and embed.resolve_device("cuda") == "cuda"
    finally:
        embed.resolve_device.cache_clear()
