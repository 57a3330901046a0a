"""A light view of one article for the extractors: matching copies, paragraphs, sentences."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .lexicon import lower_same, match_copy

# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by blanks and a
# capital / opening quote / digit / dash, or at "…" glued to a capital ("Nghĩa…Kết luận").
_SENT_END = re.compile(
    r"(?:(?<=[^\s.])[.!?]+|(?<![,;])…+|\.{3})[\"”’»)\]]*(?=[^\S\n]+[\"“‘«(\-–—\d\w]|[^\S\n]*$)"
    r"|…+(?=[^\W\d_])",
    re.M,
)
# Tokens before a full stop that do not end a sentence ("TP. HCM", "TS. Nguyễn", initials).
_NO_BREAK = frozenset("TP Tp tp TS GS PGS ThS BS St Mr Mrs Dr Ths v.v PGS.TS GS.TS".split())


@dataclass
class Doc:
    """The article text plus same-length matching copies and paragraph/sentence spans."""

    text: str
    doc_id: str = ""
    norm: str = ""  # classic tones, blanks unified (same length as text)
    low: str = ""  # lower-cased norm (same length)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)
    _par_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, doc_id: str = "") -> "Doc":
        norm = match_copy(text)
        doc = cls(text=text, doc_id=doc_id, norm=norm, low=lower_same(norm))
        doc.paragraphs = _paragraphs(text)
        doc.sentences = [s for p in doc.paragraphs for s in _sentences(norm, *p)]
        doc._sent_starts = [s for s, _ in doc.sentences]
        doc._par_starts = [s for s, _ in doc.paragraphs]
        return doc

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence containing ``pos`` (or the nearest before)."""
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        if i < 0:
            return (0, 0) if not self.sentences else self.sentences[0]
        return self.sentences[i]

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._par_starts, pos) - 1
        if i < 0:
            return (0, 0) if not self.paragraphs else self.paragraphs[0]
        return self.paragraphs[i]

    def paragraph_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._par_starts, pos) - 1)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _sentences(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    s = start
    for m in _SENT_END.finditer(norm, start, end):
        if m.group(0).startswith(".") and _no_break(norm[max(start, m.start() - 8):m.start()]):
            continue
        e = m.end()
        if e > s:
            out.append((s, e))
        s = e
        while s < end and norm[s].isspace():
            s += 1
    if s < end:
        out.append((s, end))
    return out


def _no_break(before: str) -> bool:
    """True when the word before a full stop is an abbreviation or an initial."""
    words = before.split()
    if not words:
        return False
    w = words[-1]
    return w in _NO_BREAK or (len(w) == 1 and w.isupper())
