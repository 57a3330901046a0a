"""Syndicated copies: MinHash (rensa) over normalised word shingles, LSH bands in the store.

A copy (the same text republished under another outlet's lead, byline or boilerplate)
is linked to its original, the earliest published of the near-identical articles, and
counts as one source voice. Signatures come from rensa's ``RMinHash``; the LSH index
is a table of band keys in the store, so lookups stay index lookups at any archive
size and survive between runs.
"""
from __future__ import annotations

import array
import hashlib
from functools import lru_cache

from .model import Document
from .normalize import match_key
from .settings import DEFAULT, DedupSettings

# the knobs live in the Settings tree (section dedup); these names are the defaults
_D = DEFAULT.dedup
NUM_PERM = _D.num_perm
BANDS = _D.bands
ROWS = _D.rows
SHINGLE = _D.shingle
THRESHOLD = _D.threshold
SEED = _D.seed


@lru_cache(maxsize=1)
def _rminhash():
    from rensa import RMinHash

    return RMinHash


def shingles(text: str, k: int = _D.shingle) -> list[str]:
    words = match_key(text).split()
    words = [w.strip(".,;:!?“”\"'()[]…-–—") for w in words]
    words = [w for w in words if w]
    if len(words) < k:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + k]) for i in range(len(words) - k + 1)]


def signature(doc: Document, cfg: DedupSettings = _D) -> list[int]:
    body = "\n".join(p.text for p in doc.paragraphs if p.kind == "body") or doc.text
    m = _rminhash()(num_perm=cfg.num_perm, seed=cfg.seed)
    m.update(shingles(body, cfg.shingle))
    return list(m.digest())


def pack(sig: list[int]) -> bytes:
    return array.array("Q", sig).tobytes()


def unpack(blob: bytes) -> list[int]:
    a = array.array("Q")
    a.frombytes(blob)
    return list(a)


def band_keys(sig: list[int], cfg: DedupSettings = _D) -> list[int]:
    """One 63-bit key per LSH band."""
    out = []
    rows = cfg.rows
    for b in range(cfg.bands):
        chunk = pack(sig[b * rows:(b + 1) * rows])
        h = hashlib.blake2b(chunk + bytes([b]), digest_size=8).digest()
        out.append(int.from_bytes(h, "big") >> 1)
    return out


def jaccard(a: list[int], b: list[int]) -> float:
    return sum(1 for x, y in zip(a, b) if x == y) / max(1, len(a))
