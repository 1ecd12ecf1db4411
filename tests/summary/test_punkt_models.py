"""The mapped punkt models (punkt_models.py) split as the library's own models do."""

import json

import numpy as np
import punkt
import pytest

from distill.summary import punkt_models
from distill.summary.sentences import PUNKT_MODELS

TEXTS = {
    "english": 'Dr. Smith arrived at 5 p.m. on Jan. 3. "Why now?" she asked. The U.S. team won, '
               "e.g. in St. Louis. No. 5 was next. It was over.",
    "german": "Am 3. Okt. kam Prof. Müller z. B. mit Dr. Weber. Das war gut. Die Nr. 5 fehlte "
              "ca. 12 Std. lang. Danach ging es weiter.",
    "french": "M. Dupont est arrivé le 3 janv. à Paris. Il a dit: « Pourquoi ? » Puis il est "
              "reparti. Cf. p. 12 pour le détail.",
    "chinese": "今天天气很好。我们去公园吧！你觉得怎么样？",
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_mapped_model_splits_as_the_library_s_own(tmp_path, name):
    library = punkt.tokenizer_for(name, prefixes=True)
    punkt_models.save(tmp_path, name)
    mapped = punkt_models.tokenizer(name, tmp_path)
    assert isinstance(mapped.params, punkt_models.MappedParameters)
    text = TEXTS[name]
    assert list(mapped.span_tokenize(text)) == list(library.span_tokenize(text))
    assert list(mapped.span_tokenize(text * 3)) == list(library.span_tokenize(text * 3))


@pytest.mark.parametrize("name", ["english", "german", "malayalam"])
def test_every_word_type_gets_the_flags_that_decide_a_verdict(tmp_path, name):
    library = punkt.tokenizer_for(name, prefixes=True).params
    punkt_models.save(tmp_path, name)
    mapped = punkt_models.load(tmp_path, name)
    kept = library.pruned().ortho_context
    assert 0 < len(kept) <= len(library.ortho_context)
    for type_ in library.ortho_context:  # the pruned-away ones read as never seen
        assert mapped.ortho(type_) == kept.get(type_, 0)
    for type_ in ("zzqx", "", "##number##x", "\ud800"):
        assert mapped.ortho(type_) == library.ortho(type_)
    for key in ("abbrev_types", "collocations", "sent_starters", "numeric_abbrev_types"):
        assert getattr(mapped, key) == getattr(library, key)


def test_the_table_is_mapped_not_read_into_the_heap(tmp_path):
    punkt_models.save(tmp_path, "english")
    entries = punkt_models.load(tmp_path, "english")._entries
    assert isinstance(entries.obj, np.memmap) or isinstance(entries.obj.base, np.memmap)
    assert entries.readonly


def test_a_missing_or_broken_table_falls_back_to_the_library_and_is_written_again(tmp_path):
    mapped = punkt_models.tokenizer("english", tmp_path)  # none yet: the library's, then written
    assert not isinstance(mapped.params, punkt_models.MappedParameters)
    assert isinstance(punkt_models.tokenizer("english", tmp_path).params,
                      punkt_models.MappedParameters)
    (tmp_path / "english.npy").write_bytes(b"not an npy")
    again = punkt_models.tokenizer("english", tmp_path)
    assert list(again.span_tokenize(TEXTS["english"])) == list(
        punkt.tokenizer_for("english", prefixes=True).span_tokenize(TEXTS["english"]))
    assert isinstance(punkt_models.load(tmp_path, "english"), punkt_models.MappedParameters)
    sets = json.loads((tmp_path / "english.json").read_text())
    (tmp_path / "english.json").write_text(json.dumps({**sets, "entries": 3}))
    with pytest.raises(ValueError):
        punkt_models.load(tmp_path, "english")


def test_a_model_directory_that_cannot_be_written_still_splits(tmp_path):
    (tmp_path / "file").write_text("")  # even root cannot make a directory under a file
    tokenizer = punkt_models.tokenizer("german", tmp_path / "file" / "punkt")
    assert list(tokenizer.span_tokenize(TEXTS["german"])) == list(
        punkt.tokenizer_for("german", prefixes=True).span_tokenize(TEXTS["german"]))


def test_save_all_writes_every_model_the_pages_can_name(tmp_path):
    punkt_models.save_all(tmp_path, PUNKT_MODELS.values())
    for name in set(PUNKT_MODELS.values()):
        assert isinstance(punkt_models.load(tmp_path, name), punkt_models.MappedParameters)
