"""Syllable-level ROUGE against hand-computed examples."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews.eval.rouge import lcs_length, rouge, tokenize


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r)


def test_tokenize_nfc_lower_punctuation():
    nfd = unicodedata.normalize("NFD", "Hà Nội, thủ đô!")
    assert tokenize(nfd) == ["hà", "nội", "thủ", "đô"]
    assert tokenize("“Công-nghiệp” 5.000 (TP.HCM)") == ["công", "nghiệp", "5", "000", "tp", "hcm"]


def test_textbook_example():
    s = rouge("the cat was found under the bed", "the cat was under the bed")
    assert s["rouge1"].precision == pytest.approx(6 / 7)
    assert s["rouge1"].recall == pytest.approx(1.0)
    assert s["rouge1"].f1 == pytest.approx(12 / 13)
    assert s["rouge2"].precision == pytest.approx(4 / 6)
    assert s["rouge2"].recall == pytest.approx(4 / 5)
    assert s["rouge2"].f1 == pytest.approx(f1(4 / 6, 4 / 5))
    assert s["rougeL"].f1 == pytest.approx(12 / 13)


def test_vietnamese_example():
    s = rouge("Hà Nội, thủ đô!", "hà nội là thủ đô")
    assert s["rouge1"].f1 == pytest.approx(f1(1.0, 4 / 5))
    assert s["rouge2"].f1 == pytest.approx(f1(2 / 3, 2 / 4))
    assert s["rougeL"].precision == pytest.approx(1.0)
    assert s["rougeL"].recall == pytest.approx(4 / 5)


def test_counts_are_clipped():
    s = rouge("the the the", "the")
    assert s["rouge1"].precision == pytest.approx(1 / 3)
    assert s["rouge1"].recall == pytest.approx(1.0)


def test_rouge_l_order_matters():
    s = rouge("d c b a", "a b c d")
    assert s["rouge1"].f1 == pytest.approx(1.0)
    assert s["rougeL"].f1 == pytest.approx(1 / 4)


def test_multi_reference_is_the_average():
    s = rouge("a b", ["a b", "c d"])
    assert s["rouge1"].f1 == pytest.approx(0.5)
    assert s["rouge2"].recall == pytest.approx(0.5)
    one = rouge("a b", ["a b"])
    assert one["rouge1"].f1 == pytest.approx(1.0)


def test_empty():
    assert rouge("", "a b")["rouge1"].f1 == 0.0
    assert rouge("a b", "")["rougeL"].f1 == 0.0
    assert rouge("a", [])["rouge2"].f1 == 0.0


def _lcs_dp(a: list[str], b: list[str]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from("abcde"), max_size=40), st.lists(st.sampled_from("abcde"), max_size=40))
def test_bit_parallel_lcs_matches_dynamic_programming(a, b):
    assert lcs_length(a, b) == _lcs_dp(a, b)
