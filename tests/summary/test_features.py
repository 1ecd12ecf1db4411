from __future__ import annotations

import numpy as np
from support import unit_vectors

from distill.summary.features import GROUPS, coverage_scores, sentence_features

TEXTS = [
    "The council approved a new budget for the city's schools on Monday.",
    '"We have waited years for this," said Maria Lopez, a parent of two.',
    "Spending rises by 4% next year, to $12 million.",
    "Will it be enough?",
    "Roads and parks get the rest of the money.",
]


_emb = unit_vectors


def test_one_named_grouped_finite_row_per_sentence():
    rows, names, groups = sentence_features(TEXTS, _emb(5))
    assert rows.shape == (5, len(names)) and len(names) == len(groups) == len(set(names))
    assert set(groups) == set(GROUPS)
    assert np.isfinite(rows).all()
    col = dict(zip(names, rows.T, strict=True))
    assert col["pos_0"].tolist() == [1, 0, 0, 0, 0]
    assert col["has_quote"].tolist() == [0, 1, 0, 0, 0]
    assert col["question"].tolist() == [0, 0, 0, 1, 0]
    assert col["digits"][2] > 0 and col["digits"][0] == 0


def test_features_are_blind_to_case_and_to_tokenization_of_quotes():
    """Training text is lowercased and PTB-tokenized; pages are not. Only the embedding (which
    is uncased) could tell them apart, and it is the same input here."""
    emb = _emb(5)
    cased, names, _ = sentence_features(TEXTS, emb)
    lower, _, _ = sentence_features([t.lower() for t in TEXTS], emb)
    assert np.array_equal(cased, lower)
    tokenized = [t.replace('"We', "`` we").replace('," said', " , '' said") for t in TEXTS]
    ptb, _, _ = sentence_features(tokenized, emb)
    quote_cols = [i for i, n in enumerate(names) if "quote" in n]
    assert np.array_equal(cased[:, quote_cols], ptb[:, quote_cols])


def test_a_sample_of_a_long_article_keeps_its_real_positions():
    rows, names, _ = sentence_features(TEXTS[:3], _emb(3), positions=np.array([0, 100, 500]), total=1000)
    col = dict(zip(names, rows.T, strict=True))
    assert col["pos_0"].tolist() == [1, 0, 0]
    assert col["rel_pos"][1] == np.float32(100 / 999)


def test_single_sentence_and_wordless_input_do_not_crash():
    rows, _, _ = sentence_features(["Only one sentence here."], _emb(1))
    assert rows.shape[0] == 1 and np.isfinite(rows).all()
    rows, _, _ = sentence_features(["— — —", "12 34 56"], _emb(2))
    assert np.isfinite(rows).all()


def test_words_are_counted_alike_in_tokenized_text_and_in_scripts_without_spaces():
    from distill.summary.features import count_words

    assert count_words("He does n't know , she said .") == count_words("He doesn't know, she said.") + 1
    assert count_words("这让人感到巨大压力。") == 9
    assert count_words("Apple发布了新产品 today") == 2 + 6


def test_coverage_favours_central_sentences_and_the_headline():
    texts = ["Flooding closed the main bridge and flooding closed two schools in the valley.",
             "Flooding in the valley closed the bridge for a week.",
             "The mayor thanked volunteers.",
             "Schools in the valley reopen after the flooding next week."]
    e = np.eye(4) + 0.1
    e = e / np.linalg.norm(e, axis=1, keepdims=True)
    rows, names, _ = sentence_features(texts, e)
    plain = coverage_scores(rows, names, e)
    assert plain[2] == plain.min()
    steered = coverage_scores(rows, names, e, headline=e[2])
    assert steered[2] > plain[2]


def test_the_digit_share_counts_letters_as_every_letter_is_counted():
    """_surface counts a sentence's letters as its runs of letters and digits less its digits;
    the share must be the one every letter counted alone gives, whatever the script."""
    import random
    import re

    from distill.summary.features import _WORDS, _surface

    letters, digits = re.compile(r"[^\W\d_]"), re.compile(r"\d")
    rnd = random.Random(11)
    alphabet = [chr(rnd.randrange(0x20, 0x3000)) for _ in range(400)] + [*"ab_1 2\u00b2\u0661\u0301\u00e9"]
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 50))) for _ in range(3000)]
    names, rows = _surface(texts, [_WORDS.findall(t) for t in texts])
    share = rows[:, names.index("digits")]
    expected = [min(len(digits.findall(t)) / max(len(letters.findall(t)), 1), 1.0) for t in texts]
    assert np.array_equal(share, np.array(expected))
