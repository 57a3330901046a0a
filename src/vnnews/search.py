"""Vietnamese-aware full-text search of articles and events (SQLite FTS5).

Query language
--------------
* Words are ANDed; ``"double quotes"`` make a phrase; ``-word`` or ``-"a phrase"``
  excludes. Case never matters.
* A word written **with** diacritics matches exactly those diacritics: "Huệ" does not
  match "Huế". Tone placement does not matter: "hoà" and "hòa", "thuỷ" and "thủy" are
  the same word (the index and the query are both tone-canonical,
  :func:`vnnews.normalize.tone_canon`).
* A word written **without** any ("hue") matches every accented form ("Huệ", "Huế",
  "huề", and "hue" itself). Articles holding the query exactly as typed rank first
  (``exact`` in each hit), then the others by BM25.
* One query may mix both ("Vương dinh hue"); each word follows its own rule, also
  inside a phrase.

Index
-----
``articles_fts(id, title, text, title_folded, text_folded)``: one row per article
whose rowid is the article's rowid. ``title``/``text`` hold the tone-canonical text
with its accents, ``*_folded`` the same text lower-cased without diacritics
(:func:`fold_text`, "đ" → "d"): the unicode61 tokenizer splits both into the same
tokens. Accented words are looked up in the first two columns, bare words in the last
two. BM25 weighs a title hit 4 times a text hit (the table's ``rank``).

Snippets
--------
Computed here, for the returned page only, from the article's original text: a
window of about 240 characters around the densest cluster of hits. The hits are found
by regular expressions that accept every accented form of a bare word, so an
unaccented query still shows (and highlights) "Vương Đình Huệ" as written. Each hit
carries ``snippet`` (hits between ``[`` and ``]``), ``snippet_text`` with
``snippet_hits`` (``[start, end)`` offsets) and ``title_hits`` (offsets in ``title``).

Filters
-------
``date_from`` / ``date_to`` (publication day, inclusive), ``source`` (the outlet),
``person`` and ``place`` (names found in the article, the store's ``mentions``
table). Names and outlets compare like the words of a query: "ha noi" is every
accented form, "HÀ NỘI" is "Hà Nội".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .normalize import TONE_MARKS, fold, match_key, tone_canon

__all__ = ["search", "search_events", "parse_query", "Query", "Term", "fold_text", "index_columns",
           "has_diacritics", "build_match", "name_matches", "resolve_names", "resolve_sources",
           "snippet", "SNIPPET_WIDTH", "RANK"]

#: BM25 weights of the FTS columns (id, title, text, title_folded, text_folded).
RANK = "bm25(0.0, 4.0, 1.0, 4.0, 1.0)"
SNIPPET_WIDTH = 240  # characters of text around the hits
_CONTEXT_BEFORE = 60  # of them, before the first hit
_MAX_SPANS = 400  # regex hits looked at per text
_EVENT_POOL = 500  # best article hits grouped into events


# ------------------------------------------------------------------------ folding
_MARK_RANGES = ((0x0300, 0x0370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100), (0xFE20, 0xFE30))
_LETTER_RANGES = ((0x00C0, 0x0250), (0x0370, 0x0530), (0x1E00, 0x2000))


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _MARK_RANGES:
        for cp in range(lo, hi):
            table[cp] = ""
    for lo, hi in _LETTER_RANGES:
        for cp in range(lo, hi):
            c = chr(cp)
            f = fold(c)
            if f != c:
                table[cp] = f
    return table


_FOLD_TABLE = _build_fold_table()


def fold_text(text: str) -> str:
    """:func:`vnnews.normalize.fold` (lower case, no diacritics, đ → d), fast: one
    ``str.translate`` for Latin, Greek and Cyrillic letters; anything else that still
    decomposes goes through ``fold`` itself."""
    out = text.lower().translate(_FOLD_TABLE)
    if not out.isascii() and not unicodedata.is_normalized("NFD", out):
        return fold(text)
    return out


def has_diacritics(s: str) -> bool:
    """Whether ``s`` carries any diacritic (or đ): then it is matched exactly."""
    return fold_text(s) != s.lower()


def index_columns(title: str | None, text: str | None) -> tuple[str, str, str, str]:
    """The four indexed columns of an article: title, text, folded title, folded text."""
    t = tone_canon(title or "")
    x = tone_canon(text or "")
    return t, x, fold_text(t), fold_text(x)


# ------------------------------------------------------------------------ queries
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word or a phrase of the query: lower-case, tone-canonical words."""

    words: tuple[str, ...]
    negated: bool = False

    @property
    def bare(self) -> tuple[bool, ...]:
        return tuple(not has_diacritics(w) for w in self.words)

    def expr(self) -> str:
        """FTS5 expression of the words, each by its own rule."""
        bare = self.bare
        if all(bare):
            return "{title_folded text_folded} : " + _phrase(self.words)
        if not any(bare):
            return "{title text} : " + _phrase(self.words)
        # mixed: the folded phrase, and each accented word exactly (checked again in Python)
        accented = " AND ".join(_phrase([w]) for w, b in zip(self.words, bare) if not b)
        return ("({title_folded text_folded} : " + _phrase([fold_text(w) for w in self.words])
                + ") AND ({title text} : (" + accented + "))")

    def exact_expr(self) -> str:
        """FTS5 expression of the words exactly as typed (bare words unaccented)."""
        return "{title text} : " + _phrase(self.words)

    @property
    def mixed_phrase(self) -> bool:
        return len(self.words) > 1 and any(self.bare) and not all(self.bare)


def _phrase(words: Iterable[str]) -> str:
    return '"' + " ".join(words) + '"'


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    def match(self) -> str:
        """The FTS5 MATCH expression."""
        expr = " AND ".join("(" + t.expr() + ")" for t in self.positive)
        if self.negative:
            expr = f"({expr}) NOT ({' OR '.join('(' + t.expr() + ')' for t in self.negative)})"
        return expr

    def exact_match(self) -> str | None:
        """MATCH expression of the query exactly as typed, when it differs from :meth:`match`."""
        if not any(any(t.bare) for t in self.positive):
            return None
        expr = " AND ".join("(" + t.exact_expr() + ")" for t in self.positive)
        if self.negative:
            expr = f"({expr}) NOT ({' OR '.join('(' + t.expr() + ')' for t in self.negative)})"
        return expr

    @property
    def needs_check(self) -> bool:
        """A phrase mixing accented and bare words: FTS5 finds a superset, Python checks."""
        return any(t.mixed_phrase for t in self.positive)


def parse_query(query: str) -> Query | None:
    """The words and phrases of ``query``; None when it has no word to look for."""
    query = tone_canon(unicodedata.normalize("NFC", query or ""))
    terms = []
    for m in _TOKEN.finditer(query):
        neg = bool(m.group(1) or m.group(3))
        body = m.group(2) if m.group(2) is not None else m.group(4)
        words = tuple(w.lower() for w in _WORD.findall(body or ""))
        if words:
            terms.append(Term(words, neg))
    if not any(not t.negated for t in terms):
        return None
    return Query(tuple(dict.fromkeys(terms)))


def build_match(query: str) -> tuple[str, bool] | None:
    """FTS5 MATCH expression of ``query`` and whether it has any bare (folded) word."""
    q = parse_query(query)
    if q is None:
        return None
    return q.match(), any(any(t.bare) for t in q.terms)


# ------------------------------------------------------------------ hit patterns
def _letter_classes() -> dict[str, str]:
    groups: dict[str, set[str]] = {}
    for lo, hi in ((0x41, 0x5B), (0x61, 0x7B), *_LETTER_RANGES):
        for cp in range(lo, hi):
            c = chr(cp)
            f = fold_text(c)
            if len(f) == 1 and f.isascii() and f.isalpha():
                groups.setdefault(f, set()).update((c, c.lower(), c.upper()))
    return {k: "[" + "".join(sorted(v)) + "]" for k, v in groups.items()}


_CLASSES = _letter_classes()
_TONE_SET = frozenset(TONE_MARKS[1:])


def _tone_variants(word: str) -> list[str]:
    """``word`` and its other tone placements ("hòa" → "hòa", "hoà")."""
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONE_SET]
    if len(tones) != 1:
        return [word]
    base = "".join(c for c in nfd if c not in _TONE_SET)
    out = {word}
    for i, c in enumerate(base):
        if fold_text(c) in "aeiouy" and not unicodedata.combining(c):
            j = i + 1
            while j < len(base) and unicodedata.combining(base[j]):
                j += 1
            v = unicodedata.normalize("NFC", base[:j] + tones[0] + base[j:])
            if tone_canon(v) == word:
                out.add(v)
    return sorted(out)


def _cased(word: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.upper() != c and len(c.upper()) == 1 else re.escape(c)
                   for c in word)


@lru_cache(maxsize=4096)
def _word_pattern(word: str, bare: bool) -> str:
    """A regular expression for one query word in an article's original text: every
    accented form of a bare word, the tone placements of an accented one; any case."""
    if bare:
        return "".join(_CLASSES.get(c, re.escape(c)) for c in word)
    variants = _tone_variants(word)
    if len(variants) == 1:
        return _cased(word)
    return "(?:" + "|".join(_cased(v) for v in variants) + ")"


# A pattern starts with its first letter (so the regex engine can skip ahead); that the
# letter opens a word is checked by _spans.
@lru_cache(maxsize=1024)
def _term_pattern(term: Term) -> re.Pattern[str]:
    parts = [_word_pattern(w, b) for w, b in zip(term.words, term.bare)]
    return re.compile(r"[\W_]+".join(parts) + r"(?![^\W_])")


def _spans(text: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for i, pat in enumerate(patterns):
        n = 0
        for m in pat.finditer(text):
            s = m.start()
            if s and (text[s - 1].isalnum()):
                continue
            out.append((s, m.end(), i))
            n += 1
            if n >= _MAX_SPANS:
                break
    out.sort()
    return out


def _merge(spans: Iterable[tuple[int, int]]) -> list[list[int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return merged


def snippet(text: str | None, patterns: list[re.Pattern[str]],
            width: int = SNIPPET_WIDTH) -> tuple[str, list[list[int]]]:
    """A window of ``text`` around its densest cluster of hits, and the hit offsets in it.

    The window starts at a sentence or word boundary; "…" marks a cut. Line breaks
    become spaces (one for one, so the offsets hold).
    """
    text = text or ""
    spans = _spans(text, patterns)
    if spans:
        best = (-1, -1, 0)
        best_start = spans[0][0]
        counts: dict[int, int] = {}
        k = 0
        for j, (s, _, _) in enumerate(spans):  # a sliding window over the hits
            reach = s + width - _CONTEXT_BEFORE
            while k < len(spans) and spans[k][1] <= reach:
                counts[spans[k][2]] = counts.get(spans[k][2], 0) + 1
                k += 1
            key = (len(counts), k - j, -s)
            if key > best:
                best, best_start = key, s
            if k > j:
                t = spans[j][2]
                counts[t] -= 1
                if not counts[t]:
                    del counts[t]
            else:
                k = j + 1
        start = max(0, best_start - _CONTEXT_BEFORE)
        if start > 0:
            cut = max(text.rfind(". ", start, best_start), text.rfind("\n", start, best_start))
            if cut >= 0:
                start = cut + 1
            else:
                while start < best_start and not text[start - 1].isspace():
                    start += 1
        while start < best_start and text[start].isspace():
            start += 1
    else:
        start = 0
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        if space > 0:
            end = space
        hits_end = max((e for s, e, _ in spans if start <= s < end), default=end)
        end = max(end, min(hits_end, len(text)))
    body = text[start:end].replace("\n", " ").replace("\r", " ").replace("\t", " ")
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    hits = _merge((s + shift, e + shift) for s, e, _ in spans if s >= start and e <= end)
    return lead + body.rstrip() + tail, hits


def _marked(text: str, hits: list[list[int]]) -> str:
    out, pos = [], 0
    for s, e in hits:
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    out.append(text[pos:])
    return "".join(out)


# ------------------------------------------------------------------------ filters
def _day(value: date | str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ValueError(f"{name}: expected YYYY-MM-DD, got {value!r}") from None


def _clean_name(name: str) -> str:
    return " ".join(tone_canon(unicodedata.normalize("NFC", name)).split())


def name_matches(value: str | None, query: str) -> bool:
    """Whether a stored name is the one asked for: tone-canonically and case-blind when
    the query has diacritics, else by folded form ("ha noi" is "Hà Nội", "Hà Nổi"…)."""
    if not isinstance(value, str) or not query:
        return False
    if has_diacritics(query):
        return match_key(value) == match_key(query)
    return " ".join(fold_text(value).split()) == " ".join(fold_text(query).split())


def _first_chars(query: str) -> list[str]:
    """Characters a stored name matching ``query`` can start with."""
    c = query[:1]
    if not c:
        return []
    if has_diacritics(c):
        variants = {c, c.upper(), c.lower()}
    else:
        f = fold_text(c)
        variants = {f, f.upper()} | set(_CLASSES.get(f, "")[1:-1])
    return sorted(v for v in variants if len(v) == 1)


def resolve_names(store: Any, kind: str, query: str) -> list[str]:
    """The stored names of ``kind`` ("person", "place", "org") that ``query`` names."""
    q = _clean_name(query)
    if not q:
        return []
    return [n for n in store.mention_names(kind, _first_chars(q)) if name_matches(n, q)]


def resolve_sources(store: Any, query: str) -> list[str]:
    """The stored outlet names that ``query`` names (same rule as people and places)."""
    q = _clean_name(query)
    if not q:
        return []
    return [n for n in store.source_names() if name_matches(n, q)]


@dataclass
class _Filters:
    date_from: str | None = None
    date_to: str | None = None  # exclusive: the day after the last one
    sources: list[str] | None = None
    mentions: list[tuple[str, list[str]]] | None = None
    empty: bool = False  # a filter that nothing can pass

    def args(self) -> dict[str, Any]:
        return {"date_from": self.date_from, "date_to": self.date_to, "sources": self.sources,
                "mentions": self.mentions}


def _filters(store: Any, date_from: Any = None, date_to: Any = None, source: str | None = None,
             person: str | None = None, place: str | None = None) -> _Filters:
    f = _Filters()
    lo, hi = _day(date_from, "date_from"), _day(date_to, "date_to")
    if lo and hi and lo > hi:
        raise ValueError("date_from is after date_to")
    f.date_from = lo.isoformat() if lo else None
    f.date_to = (hi + timedelta(days=1)).isoformat() if hi else None
    if source and source.strip():
        f.sources = resolve_sources(store, source)
        f.empty |= not f.sources
    mentions = []
    for kind, name in (("person", person), ("place", place)):
        if name and name.strip():
            names = resolve_names(store, kind, name)
            f.empty |= not names
            mentions.append((kind, names))
    f.mentions = mentions or None
    return f


# ------------------------------------------------------------------------- search
def _patterns(q: Query) -> list[re.Pattern[str]]:
    return [_term_pattern(t) for t in q.positive]


def _verified(q: Query, row: Any) -> bool:
    """Whether every mixed phrase really occurs (FTS5 matched its parts)."""
    for t in q.positive:
        if t.mixed_phrase:
            pat = _term_pattern(t)
            if not (pat.search(row["title"] or "") or pat.search(row["text"] or "")):
                return False
    return True


def _ranked(store: Any, q: Query, flt: _Filters, limit: int, offset: int) -> list[Any]:
    """(rowid, score, exact) of the hits, best first; the mixed phrases checked."""
    if not q.needs_check:
        return store.search(q.match(), limit=limit, offset=offset, exact=q.exact_match(), **flt.args())
    want = offset + limit
    pool = store.search(q.match(), limit=want * 4 + 20, offset=0, exact=q.exact_match(), **flt.args())
    rows = store.search_articles([r["rowid"] for r in pool])
    kept = [r for r in pool if r["rowid"] in rows and _verified(q, rows[r["rowid"]])]
    return kept[offset:want]


def _hit(q: Query, r: Any, row: Any, patterns: list[re.Pattern[str]]) -> dict[str, Any]:
    text, hits = snippet(row["text"], patterns)
    title = row["title"] or ""
    title_hits = _merge((s, e) for s, e, _ in _spans(title, patterns))
    exact = bool(r["exact"]) if r["exact"] is not None else True
    return {"id": row["id"], "title": row["title"], "source": row["source"], "published": row["published"],
            "url": row["url"], "event": row["event_id"], "snippet": _marked(text, hits),
            "snippet_text": text, "snippet_hits": hits, "title_hits": title_hits,
            "exact": exact, "score": round(-float(r["score"]), 4)}


def search(store: Any, query: str, limit: int = 20, *, offset: int = 0, date_from: Any = None,
           date_to: Any = None, source: str | None = None, person: str | None = None,
           place: str | None = None) -> list[dict[str, Any]]:
    """Articles matching ``query`` (and the filters), best first, with snippets.

    Each hit: ``id``, ``title``, ``source``, ``published``, ``url``, ``event``,
    ``snippet`` (hits in ``[ ]``), ``snippet_text``, ``snippet_hits``, ``title_hits``,
    ``exact`` (the query occurs as typed) and ``score`` (BM25, higher is better).
    Raises ValueError for a bad date.
    """
    q = parse_query(query)
    if q is None or limit <= 0:
        return []
    flt = _filters(store, date_from, date_to, source, person, place)
    if flt.empty:
        return []
    ranked = _ranked(store, q, flt, limit, max(offset, 0))
    rows = store.search_articles([r["rowid"] for r in ranked])
    patterns = _patterns(q)
    return [_hit(q, r, rows[r["rowid"]], patterns) for r in ranked if r["rowid"] in rows]


def search_events(store: Any, query: str, limit: int = 20, *, offset: int = 0, per_event: int = 3,
                  date_from: Any = None, date_to: Any = None, source: str | None = None,
                  person: str | None = None, place: str | None = None) -> list[dict[str, Any]]:
    """The events whose articles match, in the order of their best article hit.

    Each group: ``event`` (``id``, ``title``, ``date``, ``n_articles``, ``places``;
    None for an article outside any event), ``n_hits`` (its matching articles among
    the best 500) and ``hits`` (the best ``per_event``, as :func:`search` gives them).
    """
    q = parse_query(query)
    if q is None or limit <= 0:
        return []
    flt = _filters(store, date_from, date_to, source, person, place)
    if flt.empty:
        return []
    ranked = _ranked(store, q, flt, _EVENT_POOL, 0)
    events = store.article_events([r["rowid"] for r in ranked])
    groups: dict[str, list[Any]] = {}
    for r in ranked:
        eid = events.get(r["rowid"])
        groups.setdefault(eid if eid else f"\0{r['rowid']}", []).append(r)
    keys = list(groups)[max(offset, 0):max(offset, 0) + limit]
    briefs = store.event_briefs([k for k in keys if not k.startswith("\0")])
    shown = [r for k in keys for r in groups[k][:per_event]]
    rows = store.search_articles([r["rowid"] for r in shown])
    patterns = _patterns(q)
    out = []
    for k in keys:
        hits = [_hit(q, r, rows[r["rowid"]], patterns) for r in groups[k][:per_event] if r["rowid"] in rows]
        out.append({"event": briefs.get(k), "n_hits": len(groups[k]), "hits": hits})
    return out
