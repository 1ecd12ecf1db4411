"""The extension's translations: every locale has every message, with the same placeholders, no
English left in a translation, every message the code asks for exists, and the UI code builds
no visible text from English literals (it goes through chrome.i18n)."""

from __future__ import annotations

import re

import pytest
from browser_support import EXTENSION, messages

LOCALES = ["fr", "de", "es", "ar"]
PLACEHOLDER = re.compile(r"\$\d")
# the same word in English and in that language, checked by a speaker, not left untranslated
SAME_AS_ENGLISH = {
    "fr": {"listenPause", "exportSource", "exportImage", "exportArticle", "optEnd", "print"},
    "de": {"optEnd"},
    "es": {"optEnd"},
    "ar": {"optEnd"},
}
SAME_AS_ENGLISH["fr"].discard("print")  # "Imprimer"


def used_keys(known: set[str]) -> tuple[set[str], set[str]]:
    """Message names the code asks for: (named in a t()/getMessage call, any known name quoted)."""
    called: set[str] = set()
    quoted: set[str] = set()
    for path in EXTENSION.glob("*.js"):
        src = path.read_text(encoding="utf-8")
        called |= set(re.findall(r"\b(?:t|getMessage)\(\s*\"([A-Za-z0-9]+)\"", src))
        quoted |= set(re.findall(r"\"([A-Za-z0-9]+)\"", src)) & known  # t(cond ? "a" : "b")
    html = (EXTENSION / "options.html").read_text(encoding="utf-8")
    called |= set(re.findall(r'data-i18n(?:-placeholder)?="([A-Za-z0-9]+)"', html))
    called |= set(re.findall(r"__MSG_([A-Za-z0-9]+)__", (EXTENSION / "manifest.json").read_text()))
    return called, called | quoted


def test_english_has_every_message_the_code_uses_and_no_other():
    english = set(messages("en"))
    called, used = used_keys(english)
    assert sorted(called - english) == []
    assert sorted(english - used) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locale_translates_every_message(locale):
    english = messages("en")
    local = messages(locale)
    assert list(local) == list(english)
    for key, text in english.items():
        assert sorted(PLACEHOLDER.findall(local[key])) == sorted(PLACEHOLDER.findall(text)), key
        assert local[key].strip(), key
    untranslated = {k for k in english if local[k] == english[k]} - SAME_AS_ENGLISH[locale]
    assert untranslated == set()


def test_arabic_is_written_in_arabic():
    arabic = re.compile(r"[\u0600-\u06ff]")
    texts = [v for k, v in messages("ar").items() if k != "optEnd"]
    assert all(arabic.search(v) for v in texts)


def test_ui_code_builds_no_visible_text_from_english_literals():
    """Visible text, titles and labels come from t(...): a literal with letters is a bug, except
    the product's name."""
    literal = re.compile(r"""(?:\b(?:text|title)\s*:|"aria-label"\s*:|\.(?:textContent|placeholder|title)\s*=|"""
                         r"""\bsay\(|\b(?:set)?[iI]conButton\((?:\s*\w+\s*,)?\s*"[a-z]*"\s*,)\s*[`"']([^`"']*)[`"']""")
    for name in ("content.js", "options.js", "export.js", "background.js"):
        src = (EXTENSION / name).read_text(encoding="utf-8")
        for match in literal.finditer(src):
            value = re.sub(r"\$\{[^}]*\}", "", match.group(1))  # a template's ${...} holds t(...)
            assert not re.search(r"[A-Za-z]{2,}", value) or value == "Distill", f"{name}: {match.group(0)}"
