"""Every input that ever crashed the fuzz target (scripts/fuzz_pipeline.py) runs through the
same check here, for good: tests/fixtures/fuzz/ holds them, as libFuzzer wrote them (the first
byte picks bytes or text and the page URL, see fuzz_pipeline.check)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from support import FIXTURES

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "fuzz_pipeline.py"
CRASHES = sorted((FIXTURES / "fuzz").iterdir())


def _fuzz_target():
    spec = importlib.util.spec_from_file_location("fuzz_pipeline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_inputs_to_replay():
    assert CRASHES


@pytest.mark.parametrize("path", CRASHES, ids=[p.name for p in CRASHES])
def test_a_crash_found_once_stays_fixed(path):
    _fuzz_target().check(path.read_bytes())
