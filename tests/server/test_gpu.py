"""DISTILL_DEVICE=cuda on a machine with an NVIDIA GPU: the CPU's answers, from a real server
whose forked workers each embed on the GPU, and from the batch's forked workers.

Skipped where torch sees no CUDA device, as on CI's machines; the CPU path of the same code is
tested in tests/summary/test_embed.py. Run on a GPU machine with `./scripts/test tests/server/test_gpu.py`."""

from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pytest
import requests
from servers import DISTILL, Distill
from support import page

from distill.config import Settings
from distill.summary import embed

pytestmark = pytest.mark.skipif(not embed._cuda_usable(),
                                reason="no CUDA device here: the GPU path runs on a machine with one")

PAGES = ["cluttered_news.html", "rich_article.html", "french_news.html", "german_news.html",
         "spanish_news.html", "arabic_news.html", "release_notes.html", "tail_blocks.html"]


def _cpu_answer(name: str) -> dict:
    from distill.pipeline import summarize_page

    return summarize_page(page(name), f"https://news.example/{name}",
                          settings=Settings(helper=False, device="cpu"))


def _same_answer(gpu: dict, cpu: dict) -> None:
    """The same picks and the same text. The scores may differ a little: the GPU sums the token
    vectors in another order, which can move a float16 vector's last bit, and the ranker's
    features (ranks among the sentences) can turn that into a visible difference."""
    assert gpu["summary"] == cpu["summary"]
    assert gpu["content_html"] == cpu["content_html"]
    assert [s["text"] for s in gpu["sentences"]] == [s["text"] for s in cpu["sentences"]]
    np.testing.assert_allclose([s["score"] for s in gpu["sentences"]],
                               [s["score"] for s in cpu["sentences"]], atol=0.01)


@pytest.mark.model
def test_the_gpu_gives_the_cpus_vectors():
    sentences = ["The council approved the plan on Tuesday.", "", "xqzv", "Ferries, fares!",
                 "word " * 600] + [f"Sentence number {i} about the harbour." for i in range(300)]
    path = Settings().model_path
    gpu, cpu = embed.encode(sentences, path, "cuda"), embed.encode(sentences, path, "cpu")
    assert not gpu[1].any()
    # float16 vectors rounded alike: most are equal, and the others differ by a last bit (the GPU
    # sums in another order; on an H200, 1% of these rows)
    assert (gpu == cpu).all(axis=1).mean() > 0.9
    np.testing.assert_allclose(gpu, cpu, atol=1e-3)


@pytest.mark.server
def test_a_server_on_the_gpu_gives_the_cpus_answers():
    """Every worker is forked from a master that loaded the model and warmed up: each must still
    be able to make its own CUDA context, and says so in the log."""
    server = Distill({"DISTILL_DEVICE": "cuda"}, workers=2)
    try:
        assert requests.get(f"{server.base}/api/v1/health", timeout=5).json()["device"] == "cuda"
        for name in PAGES * 2:  # both workers answer some
            r = requests.post(f"{server.base}/api/v1/summarize", timeout=60,
                              json={"html": page(name), "url": f"https://news.example/{name}"})
            assert r.status_code == 200, r.text
            _same_answer(r.json(), _cpu_answer(name))
    finally:
        log = server.stop()
    assert log.count("sentences are embedded on the GPU") == 2, log[-3000:]
    assert "Traceback" not in log


@pytest.mark.server
def test_the_batch_on_the_gpu_gives_the_cpus_summaries():
    rows = "".join(json.dumps({"id": name, "html": page(name), "url": f"https://news.example/{name}"})
                   + "\n" for name in PAGES * 3)

    def batch(device: str) -> list[dict]:
        out = subprocess.run([DISTILL, "summarize", "--jsonl", "--workers", "3"], input=rows.encode(),
                             capture_output=True, timeout=300,
                             env={**os.environ, "DISTILL_DEVICE": device})
        assert out.returncode == 0 and b"0 failed" in out.stderr, out.stderr.decode()[-3000:]
        return [json.loads(line) for line in out.stdout.decode().splitlines()]

    gpu, cpu = batch("cuda"), batch("cpu")
    assert [r["id"] for r in gpu] == [r["id"] for r in cpu] == PAGES * 3
    for g, c in zip(gpu, cpu, strict=True):
        assert "error" not in g, g
        assert g["summary"] == c["summary"]
