"""Which language a text is in, when its page does not say: its script when that decides,
else py3langid's naive Bayes model, kept unpacked beside the sentence model and mapped so that
every server worker shares one copy (_MappedIdentifier).

The language picks the sentence rules (sentences.py) and is the reader view's lang.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from ..config import library_tables_dir
from ..text import LETTER

# Script -> language, for pages that do not declare one (enough to pick sentence rules).
_SCRIPT_LANGS = [
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
]
# Identifying a language from fewer words is guesswork; below this confidence English rules stay.
LANG_ID_MIN_WORDS = 8
LANG_ID_MIN_CONFIDENCE = 0.9


def guess_lang(text: str) -> str | None:
    """The language of a page that does not say: its script when that decides (CJK, Arabic,
    Cyrillic...), else its words, when the identifier is sure (None keeps the English rules)."""
    sample = text[:5000]
    letters = max(len(LETTER.findall(sample)), 1)
    for pattern, lang in _SCRIPT_LANGS:
        if len(pattern.findall(sample)) > 0.3 * letters:
            return lang
    if len(sample.split()) < LANG_ID_MIN_WORDS:
        return None
    lang, confidence = language_identifier().classify(sample)
    return lang if confidence >= LANG_ID_MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def language_identifier():
    """py3langid's model (97 languages, naive Bayes over byte n-grams), loaded once.

    The library ships it xz-compressed and unpacks it into each process's heap at every load:
    0.45 s of each server start, and 130 MB of every worker's resident memory for a model most
    pages never consult (they declare their language). Its unpacked arrays are kept beside the
    sentence model after the first load (a cache: any problem with it falls back to the
    library's own file) and mapped from there, so a start maps them in milliseconds, the page
    cache holds one copy for all workers, and a server worker has in memory only the parts its
    current request's classification touches (_MappedIdentifier)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    cache = _langid_cache()
    try:
        return _load_unpacked(cache)
    except (OSError, ValueError, KeyError, TypeError):  # TypeError: a table cut short
        pass
    model = LanguageIdentifier.from_modelpath(MODEL_DIR / MODEL_FILE, norm_probs=True)
    _save_unpacked(model, cache)
    return model


def _langid_cache():
    return library_tables_dir("py3langid", "py3langid")


# the identifier's tables, each one .npy file in the cache directory
_LANGID_TABLES = ("ptc", "pc", "classes", "nextmove", "rowbase", "output")


class _MappedIdentifier:
    """py3langid's identifier over tables mapped from files, which can hand the pages its
    classifications read back to the page cache (madvise DONTNEED). A server worker does so after
    each request that needed it (release_language_tables, from gunicorn's post_request): it would
    otherwise keep mapped, and count in its resident memory, every part of the 67 MB that its
    pages' languages ever touched (40 MB after the Mozilla pages, in each worker, of one copy the
    page cache holds for all; one classification maps about 20 MB, as the kernel maps 64 KB
    around each page it reads). Mapping back what one classification reads costs it about 1 ms
    (0.6 -> 1.8 ms median over the Mozilla pages that need one), and the release about 0.5 ms
    after the answer has gone. A batch does not release: its processes end with the batch, and
    every article it reads may need the identifier."""

    def __init__(self, model, maps: list[tuple[object, int, int]]) -> None:
        self.model = model
        # (mapping, address, length) of each table: holding the mapping keeps the address ours
        # (an unmapped and reused address told DONTNEED would lose someone else's memory)
        self._maps = maps
        self._touched = False

    def classify(self, text: str) -> tuple[str, float]:
        self._touched = True
        return self.model.classify(text)

    def release(self) -> None:
        if self._touched and (madvise := _madvise()) is not None:
            self._touched = False
            for _mapping, address, length in self._maps:
                madvise(address, length, _MADV_DONTNEED)


_MADV_DONTNEED = 4  # Linux's value


@cache
def _madvise():
    """libc's madvise through ctypes, which lets other threads run meanwhile (mmap.madvise holds
    the GIL for the 0.5 ms the kernel takes); None off Linux, where pages stay mapped."""
    import ctypes
    import sys

    from ..config import libc_function

    madvise = libc_function("madvise") if sys.platform.startswith("linux") else None
    if madvise is None:
        return None
    madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    madvise.restype = ctypes.c_int
    return madvise


def release_language_tables() -> None:
    """The pages of the identifier's tables that classifications read since the last call go
    back to the page cache (a no-op when none did, or the identifier is not loaded)."""
    if language_identifier.cache_info().currsize:
        identifier = language_identifier()
        if isinstance(identifier, _MappedIdentifier):
            identifier.release()


def _map_npy(path):
    """An .npy file's array over a read-only mapping of the file, and (the mapping, its address,
    its length)."""
    import mmap

    import numpy as np
    from numpy.lib import format as npy

    with open(path, "rb") as f:
        version = npy.read_magic(f)
        read_header = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}.get(version)
        if read_header is None:
            raise ValueError(f"{path}: .npy version {version} is not one np.save writes here")
        shape, fortran_order, dtype = read_header(f)
        if dtype.hasobject:
            raise ValueError(f"{path} holds Python objects")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        offset = f.tell()
    array = np.ndarray(shape, dtype=dtype, buffer=mapped, offset=offset,
                       order="F" if fortran_order else "C")
    # the mapping starts (page-aligned) where the file does, offset bytes before the array
    return array, (mapped, array.__array_interface__["data"][0] - offset, len(mapped))


def _load_unpacked(path) -> _MappedIdentifier:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    tables, maps = {}, []
    for name in _LANGID_TABLES:
        tables[name], mapped = _map_npy(path / f"{name}.npy")
        maps.append(mapped)
    if (tables["ptc"].shape[1] != len(tables["classes"])
            or len(tables["rowbase"]) != len(tables["output"])):
        raise ValueError(f"inconsistent language model tables in {path}")
    # the DFA walk (py3langid's visit_counts) indexes these one byte at a time: memoryviews over
    # the mapped arrays give it plain ints as fast as the library's own arrays and lists do
    model = LanguageIdentifier(tables["ptc"], np.array(tables["pc"]), tables["classes"].tolist(),
                               memoryview(tables["nextmove"]), memoryview(tables["output"]),
                               norm_probs=True, tk_row=())
    model._rowbase = memoryview(tables["rowbase"])  # the library's pre-shifted row offsets
    return _MappedIdentifier(model, maps)


def _save_unpacked(model, path) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    import numpy as np

    def unsigned(buffer) -> np.ndarray:
        return np.frombuffer(buffer, dtype=f"u{buffer.itemsize}")

    tables = {"ptc": model.nb_ptc, "pc": model.nb_pc, "classes": np.array(model.nb_classes),
              "nextmove": unsigned(model.tk_nextmove),
              "rowbase": np.array(model._rowbase, dtype=np.uint32),
              "output": np.array(model.tk_output, dtype=np.int32)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}-"))
    except OSError:  # a read-only model directory: the next start unpacks again
        return
    try:
        for name in _LANGID_TABLES:
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(tables[name]), allow_pickle=False)
        tmp.chmod(0o755)  # model files: readable by the server's own user too
        shutil.rmtree(path, ignore_errors=True)  # a broken copy from before
        tmp.rename(path)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
