"""Cheap syllable tokens."""
from __future__ import annotations

import re

_SYL = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (runs of word characters; numbers keep their separators),
    tone-canonical ("hoà" and "hòa" are one token): for matching, never for display."""
    from ..normalize import tone_canon

    return [m.group(0).lower() for m in _SYL.finditer(tone_canon(text))]
