"""Word tokens via underthesea (lazy import) and cheap syllable tokens."""
from __future__ import annotations

import re
from functools import lru_cache

_SYL = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)


def syllables(text: str) -> list[str]:
    """Lower-cased syllables (runs of word characters; numbers keep their separators),
    tone-canonical ("hoà" and "hòa" are one token): for matching, never for display."""
    from ..normalize import tone_canon

    return [m.group(0).lower() for m in _SYL.finditer(tone_canon(text))]


@lru_cache(maxsize=1)
def _word_tokenize():
    from underthesea import word_tokenize

    return word_tokenize


def word_tokens(text: str) -> list[str]:
    """underthesea word segmentation: multi-syllable words joined by a space."""
    return _word_tokenize()(text)
