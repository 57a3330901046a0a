"""Numbers as Vietnamese news writes them.

The Vietnamese convention: "." groups thousands ("5.000", "1.234.567") and "," is the
decimal mark ("10,54"; both in "1.234,5"). Writers following the English habit put a
"." for the decimal point ("1.5 triệu", "2.2"); a "." that is not followed by groups of
exactly three digits is read so. "1.000" is always one thousand.
"""
from __future__ import annotations

import re

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def parse_number(text: str) -> float | None:
    """The value of a number written the Vietnamese way (see the module doc): "5.000"
    is 5000, "10,54" is 10.54, "1.234,5" is 1234.5, "1.5" is 1.5; None when ``text``
    is not one number ("1.2.3", "1,2,3", "")."""
    text = text.strip()
    if _GROUPED.fullmatch(text):
        text = text.replace(".", "")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None
