"""A light view of one article for the extractors: matching copies, paragraphs, sentences.

The paragraphs and sentences are the ones of :mod:`vnnews.nlp.sentences`, the one
sentence splitter: the pipeline hands the article's ``Document.sentences`` in
(``Doc.of(text, doc_id, sentences=...)``), so the facts, the card's sentences and the
summary cite the same spans; a text given alone is split the same way when its
sentences are first asked for.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable

from ..nlp.sentences import line_paragraphs, text_sentences
from .lexicon import lower_same, match_copy


@dataclass
class Doc:
    """The article text plus same-length matching copies and paragraph/sentence spans."""

    text: str
    doc_id: str = ""
    norm: str = ""  # classic tones, blanks unified (same length as text)
    low: str = ""  # lower-cased norm (same length)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _sentences: list[tuple[int, int]] | None = None  # filled on first use (see ``sentences``)
    _sent_starts: list[int] = field(default_factory=list)
    _par_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, doc_id: str = "", sentences: Iterable[tuple[int, int]] | None = None) -> "Doc":
        """The view of ``text``; ``sentences``: its [start, end) sentence spans when they
        are known already (``Document.sentences``), else they are split on first use."""
        norm = match_copy(text)
        doc = cls(text=text, doc_id=doc_id, norm=norm, low=lower_same(norm))
        doc.paragraphs = line_paragraphs(text)
        doc._par_starts = [s for s, _ in doc.paragraphs]
        if sentences is not None:
            doc._set_sentences(sentences)
        return doc

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """[start, end) of every sentence, in text order."""
        if self._sentences is None:
            self._set_sentences((s.start, s.end) for s in text_sentences(self.text))
        return self._sentences  # type: ignore[return-value]

    def _set_sentences(self, spans: Iterable[tuple[int, int]]) -> None:
        self._sentences = sorted(spans)
        self._sent_starts = [s for s, _ in self._sentences]

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence containing ``pos`` (or the nearest before)."""
        sentences = self.sentences
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        if i < 0:
            return (0, 0) if not sentences else sentences[0]
        return sentences[i]

    def paragraph_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._par_starts, pos) - 1
        if i < 0:
            return (0, 0) if not self.paragraphs else self.paragraphs[0]
        return self.paragraphs[i]

    def paragraph_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._par_starts, pos) - 1)
