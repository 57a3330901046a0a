"""Vietnamese-aware full-text search over the store (SQLite FTS5).

An accented query matches exactly those accents ("Huệ" does not match "Huế"); a
query written without any diacritics ("vuong dinh hue") matches every accented form
through the folded columns. Words are ANDed; "double quotes" make a phrase.
"""
from __future__ import annotations

import re
import unicodedata

from .normalize import fold, tone_canon

_PHRASE = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def has_diacritics(s: str) -> bool:
    return fold(s) != s.lower()


def build_match(query: str) -> tuple[str, bool] | None:
    """FTS5 MATCH expression and whether it searches the folded columns."""
    query = unicodedata.normalize("NFC", query)
    folded = not has_diacritics(query)
    parts = []
    for m in _PHRASE.finditer(query):
        words = _WORD.findall(m.group(1) or m.group(2) or "")
        if not words:
            continue
        words = [fold(w) if folded else tone_canon(w) for w in words]
        parts.append('"' + " ".join(w.replace('"', "") for w in words) + '"')
    if not parts:
        return None
    cols = "{title_folded text_folded}" if folded else "{title text}"
    return f"{cols} : ({' AND '.join(parts)})", folded


def search(store, query: str, limit: int = 20) -> list[dict]:
    built = build_match(query)
    if built is None:
        return []
    match, folded = built
    rows = store.search(match, limit=limit)
    out = []
    for r in rows:
        out.append({"id": r["id"], "title": r["title"], "source": r["source"],
                    "published": r["published"], "event": r["event_id"],
                    "snippet": r["snip_folded"] if folded and "[" not in (r["snip"] or "") else r["snip"],
                    "score": round(-r["score"], 4)})
    return out
