"""Syllable tokens for matching (never for display). Two kinds, for two uses:

* :func:`syllables`: every token, numbers included with their separators ("10,54"),
  lower-cased and tone-canonical: what summaries count and compare.
* :func:`letter_syllables`: letters only (numbers and punctuation dropped), in the
  name-matching form of :func:`vnnews.normalize.match_key` (case-folded, normalised,
  tone-canonical): what the clusterer's TF-IDF vectors and IDF table are made of.
"""
from __future__ import annotations

import re

_SYL = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (runs of word characters; numbers keep their separators),
    tone-canonical ("hoà" and "hòa" are one token)."""
    from ..normalize import tone_canon

    return [m.group(0).lower() for m in _SYL.finditer(tone_canon(text))]


def letter_syllables(text: str) -> list[str]:
    """The runs of letters of ``text`` in :func:`vnnews.normalize.match_key` form."""
    from ..normalize import match_key

    return _LETTERS.findall(match_key(text))
