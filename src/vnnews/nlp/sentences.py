"""Sentence splitting with character offsets.

underthesea's ``sent_tokenize`` (lazy import) splits each paragraph; its sentences are
located back in the paragraph so every sentence keeps exact offsets into the text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Paragraph, Sentence

_FALLBACK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]*[A-ZĐÀ-Ỹ0-9])")


@lru_cache(maxsize=1)
def _sent_tokenize():
    try:
        from underthesea import sent_tokenize
    except ImportError:  # pragma: no cover - underthesea is a core dependency
        return None
    return sent_tokenize


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of one paragraph (no surrounding spaces)."""
    if not text.strip():
        return []
    tok = _sent_tokenize()
    pieces = tok(text) if tok is not None else _FALLBACK.split(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        i = text.find(piece, pos)
        if i < 0:  # the tokenizer changed the text: fall back to the regex on the rest
            return spans + [(pos + a, pos + b) for a, b in _regex_spans(text[pos:])]
        spans.append((i, i + len(piece)))
        pos = i + len(piece)
    return _merge_fragments(text, spans)


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue pieces that cannot start a sentence (closing quote, dash attribution, lower
    case) or that follow an unclosed quotation onto the previous sentence."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out:
            prev = text[out[-1][0]:out[-1][1]]
            head = text[a:b].lstrip()
            unclosed = prev.count("“") > prev.count("”")
            if unclosed or (head and (head[0] in "”’»)-–—,;:" or head[0].islower())):
                out[-1] = (out[-1][0], b)
                continue
        out.append((a, b))
    return out


def _regex_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _FALLBACK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text.rstrip())))
    return out


def split_sentences(doc: Document) -> Document:
    """Fill ``doc.sentences`` from ``doc.paragraphs`` (a sentence keeps its paragraph kind)."""
    paras = doc.paragraphs or [Paragraph(doc.text, 0, len(doc.text))]
    sents: list[Sentence] = []
    for pi, p in enumerate(paras):
        ptext = doc.text[p.start:p.end]
        if p.kind != "body":  # headings and captions are one unit each
            sents.append(Sentence(ptext.strip(), p.start, p.start + len(ptext.rstrip()), pi, p.kind))
            continue
        for a, b in sentence_spans(ptext):
            sents.append(Sentence(ptext[a:b], p.start + a, p.start + b, pi, p.kind))
    doc.sentences = sents
    return doc
