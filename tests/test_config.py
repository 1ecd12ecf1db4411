from __future__ import annotations

import pytest
from pydantic import ValidationError

from distill.config import Settings


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.setenv("DISTILL_MAX_BODY_BYTES", "10000000")
    monkeypatch.setenv("DISTILL_WORKERS", "1")
    monkeypatch.setenv("DISTILL_MODEL", "/srv/models/my-model")
    s = Settings()
    assert (s.max_body_bytes, s.workers, s.model) == (10_000_000, 1, "/srv/models/my-model")
    assert str(s.model_path) == "/srv/models/my-model"


def test_defaults_are_the_documented_ones():
    s = Settings()
    assert (s.host, s.port, s.max_body_bytes) == ("127.0.0.1", 8000, 5 * 1024 * 1024)
    assert (s.default_sentences_min, s.default_sentences_max) == (3, 5)
    assert s.model == "" and s.model_path == s.data_dir / "models" / "all-minilm-l6-v2-static256"


def test_a_worker_has_one_thread_when_another_can_take_the_next_page(monkeypatch):
    assert Settings(workers=2).threads == 1 and Settings(workers=8).threads == 1
    assert Settings(workers=1).threads == 2  # alone, a second thread answers health checks
    monkeypatch.setenv("DISTILL_THREADS", "4")
    assert Settings(workers=2).threads == 4


@pytest.mark.parametrize("env", [{"DISTILL_PORT": "0"}, {"DISTILL_WORKERS": "zero"},
                                 {"DISTILL_MAX_EMBEDDED_SENTENCES": "3"}])
def test_bad_settings_fail_at_start(monkeypatch, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ValidationError):
        Settings()


def test_the_data_dir_places_the_built_model(monkeypatch, tmp_path):
    monkeypatch.setenv("DISTILL_DATA_DIR", str(tmp_path))
    assert Settings().model_path == tmp_path / "models" / "all-minilm-l6-v2-static256"
