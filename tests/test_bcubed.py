"""B-cubed precision/recall/F1 on known examples."""
from __future__ import annotations

import pytest

from vnnews.eval.bcubed import bcubed

GOLD = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"}


def test_worked_example():
    # pred {a, b} {c, d, e}: precision a=b=1, c=1/3, d=e=2/3; recall a=b=2/3, c=1/3, d=e=1
    p, r, f = bcubed({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}, GOLD)
    assert p == pytest.approx(11 / 15)
    assert r == pytest.approx(11 / 15)
    assert f == pytest.approx(11 / 15)


def test_perfect_clustering_with_other_label_names():
    assert bcubed({"a": 7, "b": 7, "c": 7, "d": 9, "e": 9}, GOLD) == pytest.approx((1.0, 1.0, 1.0))


def test_all_singletons_and_one_cluster():
    p, r, _ = bcubed({k: k for k in GOLD}, GOLD)
    assert p == 1.0 and r == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)
    p, r, f = bcubed(dict.fromkeys(GOLD, "all"), GOLD)
    assert r == 1.0 and p == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)
    assert f == pytest.approx(2 * p * r / (p + r))


def test_amigo_example_merging_hurts_precision():
    # Amigó et al. 2009 constraint: joining two pure clusters lowers precision only
    gold = {i: ("A" if i < 4 else "B") for i in range(8)}
    split = {i: (0 if i < 4 else 1) for i in range(8)}
    joined = dict.fromkeys(range(8), 0)
    assert bcubed(split, gold) == pytest.approx((1.0, 1.0, 1.0))
    p, r, _ = bcubed(joined, gold)
    assert r == 1.0 and p == pytest.approx(0.5)


def test_missing_predictions_are_singletons_and_extras_ignored():
    pred = {"a": 1, "b": 1, "c": 1, "d": 2, "zzz": 2}  # e missing, zzz not in gold
    p, r, _ = bcubed(pred, GOLD)
    assert p == 1.0
    assert r == pytest.approx((1 + 1 + 1 + 1 / 2 + 1 / 2) / 5)


def test_empty_gold():
    assert bcubed({}, {}) == (0.0, 0.0, 0.0)
