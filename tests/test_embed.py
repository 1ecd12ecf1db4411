from __future__ import annotations

import numpy as np
import pytest

from distill import embed
from distill.config import get_settings


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
def test_serving_never_imports_torch():
    import subprocess
    import sys

    code = ("import sys; from distill.summarize import summarize_text; "
            "summarize_text('The council approved the plan on Monday. Work starts in May. "
            "Residents had asked for it for years. The cost is five million pounds.', sentences=2); "
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_encoding_from_many_threads_at_once():
    """A server worker answers on several threads; the tokenizer must not be entered twice."""
    import threading

    from distill import embed
    from distill.config import Settings

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
