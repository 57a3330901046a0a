"""Baseline for evaluation only (not used by the pipeline): underthesea's CRF NER.

``underthesea_ner_entities(text)`` returns ``{"PER": {...}, "ORG": {...}, "LOC": {...}}``
with B-/I- tagged tokens merged into entity strings. underthesea is imported lazily.
"""
from __future__ import annotations

from typing import Any

LABELS = ("PER", "ORG", "LOC")


def merge_bio(tagged: list[tuple[Any, ...]]) -> dict[str, set[str]]:
    """Merge (token, ..., BIO-tag) rows into entity strings per label (PER/ORG/LOC)."""
    out: dict[str, set[str]] = {label: set() for label in LABELS}
    cur_label: str | None = None
    cur: list[str] = []

    def flush() -> None:
        nonlocal cur_label, cur
        if cur_label in out and cur:
            out[cur_label].add(" ".join(cur))
        cur_label, cur = None, []

    for row in tagged:
        token, tag = str(row[0]), str(row[-1])
        if tag.startswith("B-"):
            flush()
            cur_label, cur = tag[2:], [token]
        elif tag.startswith("I-") and cur_label == tag[2:] and cur:
            cur.append(token)
        elif tag.startswith("I-"):  # I- without B-: start a new entity
            flush()
            cur_label, cur = tag[2:], [token]
        else:
            flush()
    flush()
    return out


def underthesea_ner_entities(text: str) -> dict[str, set[str]]:
    """PER/ORG/LOC entities of ``text`` by underthesea.ner, sentence by sentence."""
    from underthesea import ner, sent_tokenize

    out: dict[str, set[str]] = {label: set() for label in LABELS}
    for para in text.split("\n"):
        if not para.strip():
            continue
        for sent in sent_tokenize(para):
            for label, ents in merge_bio(ner(sent)).items():
                out[label] |= ents
    return out
