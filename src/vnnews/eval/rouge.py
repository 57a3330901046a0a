"""Syllable-level ROUGE-1, ROUGE-2 and ROUGE-L (F1, precision, recall).

Tokens: the text is NFC-normalised and lower-cased, every punctuation or symbol
character (Unicode categories P* and S*) becomes a space, and the result is split on
whitespace, so a Vietnamese token is one syllable ("5.000" gives "5" and "000").

ROUGE-N counts clipped n-gram matches; ROUGE-L uses the longest common subsequence of
the two whole token sequences (computed bit-parallel, Hyyrö 2004). With several
references, the candidate is scored against each reference separately and precision,
recall and F1 are each **averaged** over the references (not the maximum).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Sequence


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one candidate against its reference(s), in [0, 1]."""

    precision: float
    recall: float
    f1: float


def tokenize(text: str) -> list[str]:
    """NFC, lower case, punctuation and symbols replaced by spaces, split on whitespace."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(" " if unicodedata.category(ch)[0] in "PS" else ch for ch in text).split()


def _score(matches: int, n_cand: int, n_ref: int) -> Score:
    p = matches / n_cand if n_cand else 0.0
    r = matches / n_ref if n_ref else 0.0
    return Score(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def rouge_n_tokens(cand: Sequence[str], ref: Sequence[str], n: int) -> Score:
    """ROUGE-N of two token sequences (clipped n-gram overlap)."""
    c, r = _ngrams(cand, n), _ngrams(ref, n)
    matches = sum(min(k, r[g]) for g, k in c.items() if g in r)
    return _score(matches, sum(c.values()), sum(r.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (bit-parallel, O(len(a)·len(b)/wordsize))."""
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, tok in enumerate(a):
        masks[tok] = masks.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for tok in b:
        u = v & masks.get(tok, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def rouge_l_tokens(cand: Sequence[str], ref: Sequence[str]) -> Score:
    """ROUGE-L of two token sequences (LCS-based precision, recall and F1)."""
    return _score(lcs_length(cand, ref), len(cand), len(ref))


def _average(scores: list[Score]) -> Score:
    if not scores:
        return Score(0.0, 0.0, 0.0)
    k = len(scores)
    return Score(sum(s.precision for s in scores) / k, sum(s.recall for s in scores) / k,
                 sum(s.f1 for s in scores) / k)


def rouge(candidate: str, references: str | Sequence[str]) -> dict[str, Score]:
    """ROUGE-1, ROUGE-2 and ROUGE-L of ``candidate`` against one or several references
    (scores averaged over the references). Keys: ``rouge1``, ``rouge2``, ``rougeL``."""
    refs = [references] if isinstance(references, str) else list(references)
    cand = tokenize(candidate)
    toks = [tokenize(r) for r in refs]
    return {
        "rouge1": _average([rouge_n_tokens(cand, t, 1) for t in toks]),
        "rouge2": _average([rouge_n_tokens(cand, t, 2) for t in toks]),
        "rougeL": _average([rouge_l_tokens(cand, t) for t in toks]),
    }
