"""Which language a text is in, and the identifier's tables mapped and given back
(summary/language.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from distill.summary.sentences import split_text


def test_language_is_guessed_from_the_script_when_undeclared():
    from distill.summary.language import guess_lang

    assert guess_lang("这是一支笔。那是一本书。") == "zh"
    assert guess_lang("これはペンです。") == "ja"
    assert guess_lang("هذا نص عربي طويل") == "ar"
    assert guess_lang("Plain English text") is None  # too short to tell
    assert split_text("这是一支笔。那是一本书。", "zh") == ["这是一支笔。", "那是一本书。"]


def test_undeclared_latin_script_language_is_identified_and_split_by_its_rules():
    from distill.pipeline import read_text

    text = ("El ayuntamiento aprobó el presupuesto el jueves por la tarde. La Sra. Gómez, concejala "
            "de Hacienda, dijo que las obras comenzarán en primavera. Los vecinos celebraron la "
            "noticia en la plaza mayor.")
    reading = read_text(text)
    assert reading.article.lang == "es"
    assert [s.text for s in reading.sentences][1].startswith("La Sra. Gómez, concejala")
    assert split_text(text, "en")[1] == "La Sra."  # what English rules would have done
    assert read_text("Le conseil municipal a approuvé le budget jeudi soir, après un long débat "
                     "sur les écoles.").article.lang == "fr"


def test_the_unpacked_language_model_classifies_as_the_library_s_own(tmp_path):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from distill.summary.language import _load_unpacked, _save_unpacked

    library = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    path = tmp_path / "langid"
    _save_unpacked(library, path)
    unpacked = _load_unpacked(path)
    for text in ("Der Bundestag hat am Donnerstag das neue Gesetz beschlossen.",
                 "The council voted on Thursday to approve the new budget.",
                 "Le conseil a voté jeudi le nouveau budget de la ville.",
                 "Совет в четверг утвердил новый бюджет города."):
        assert unpacked.classify(text) == library.classify(text)


def _resident_kb(prefix: str) -> int:
    """This process's resident kB in mappings of files under prefix (from /proc/self/smaps)."""
    total, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split()
        if fields and "-" in fields[0] and not fields[0].endswith(":"):
            inside = len(fields) >= 6 and fields[5].startswith(prefix)
        elif inside and fields[0] == "Rss:":
            total += int(fields[1])
    return total


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux only")
def test_the_mapped_language_model_gives_its_pages_back_when_released(tmp_path):
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from distill.summary.language import _load_unpacked, _save_unpacked

    library = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    path = tmp_path / "langid"
    _save_unpacked(library, path)
    unpacked = _load_unpacked(path)
    gc.collect()  # the tables copied out of their files (pc, classes) keep their mappings open
    assert not any(mapping.closed for mapping, _, _ in unpacked._maps)
    text = "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen, sagte die Sprecherin."
    assert unpacked.classify(text) == library.classify(text)
    assert _resident_kb(str(path)) > 0
    unpacked.release()
    assert _resident_kb(str(path)) == 0
    assert unpacked.classify(text) == library.classify(text)  # mapped back when it is needed
    assert _resident_kb(str(path)) > 0


def test_a_server_worker_releases_the_language_tables_after_each_request(monkeypatch):
    import distill.server.gunicorn_conf as conf
    import distill.summary.language as s

    released = []
    monkeypatch.setattr(s, "release_language_tables", lambda: released.append(True))
    conf.post_request(None, None, {"CONTENT_LENGTH": "120"}, None)
    conf.post_request(None, None, {"CONTENT_LENGTH": "not a number"}, None)
    assert released == [True, True]


def test_a_broken_unpacked_language_model_falls_back_to_the_library_s(tmp_path, monkeypatch):
    import distill.summary.language as s

    broken = tmp_path / "langid"
    broken.mkdir()
    (broken / "ptc.npy").write_bytes(b"not an npy")
    monkeypatch.setattr(s, "_langid_cache", lambda: broken)
    s.language_identifier.cache_clear()
    try:
        assert s.language_identifier().classify("The council voted to approve the budget.")[0] == "en"
        assert s._load_unpacked(broken).classify("Guten Morgen, wie geht es dir heute?")[0] == "de"
        ptc = (broken / "ptc.npy").read_bytes()
        (broken / "ptc.npy").write_bytes(ptc[: len(ptc) // 2])  # a table cut short
        s.language_identifier.cache_clear()
        assert s.language_identifier().classify("Le conseil a voté le nouveau budget.")[0] == "fr"
    finally:
        s.language_identifier.cache_clear()


def test_releasing_the_loaded_identifier_needs_no_classification_first():
    import distill.summary.language as s

    s.release_language_tables()  # nothing read yet, or nothing loaded: nothing to do
    identifier = s.language_identifier()
    identifier.classify("The council voted on Thursday to approve the new budget for the city.")
    s.release_language_tables()
    assert getattr(identifier, "_touched", False) is False
