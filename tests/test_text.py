"""Shared text helpers (vnnews.text): one parse_number with the Vietnamese convention,
used by the figures of the facts stage and by the comparison of articles."""
from __future__ import annotations

import pytest

from vnnews.text import parse_number


@pytest.mark.parametrize("text,value", [
    ("5.000", 5000), ("1.234.567", 1234567), ("1.000", 1000),  # "." groups thousands
    ("10,54", 10.54), ("23,0", 23.0), ("22,7", 22.7),  # "," is the decimal mark
    ("1.234,5", 1234.5), ("1.270,2", 1270.2),
    ("1.5", 1.5), ("2.2", 2.2), ("10.54", 10.54),  # a "." without groups of three: a decimal point
    ("23", 23), (" 7 ", 7),
])
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "1.2.3", "1,2,3", "1.234.5", "abc", "1,234.5"])
def test_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_one_helper_for_figures_and_comparison() -> None:
    from vnnews import compare
    from vnnews.facts import figures
    from vnnews.facts.doc import Doc

    assert figures.parse_number is parse_number and compare.parse_number is parse_number
    (fig,) = figures.find_figures(Doc.of("Diện tích 1.234,5 m2 đất ở.", "a"), [])
    assert fig.value == pytest.approx(1234.5)
    # (the figures' own reader took "1.5" for 15; its pattern never hands it such a number,
    # the comparison's does: one reader, one answer)


def test_two_kinds_of_syllables() -> None:
    from vnnews.text import letter_syllables, syllables

    text = "Hoà Bình tăng 10,54% năm 2020; THUỶ điện"
    assert syllables(text) == ["hòa", "bình", "tăng", "10,54", "năm", "2020", "thủy", "điện"]
    assert letter_syllables(text) == ["hòa", "bình", "tăng", "năm", "thủy", "điện"]
    from vnnews import nlp, summarize

    assert nlp.syllables is syllables and summarize.syllables is syllables
