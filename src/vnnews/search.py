"""Vietnamese-aware full-text search of articles and events (SQLite FTS5).

Query language
--------------
* Words are ANDed; ``"double quotes"`` make a phrase; ``-word`` or ``-"a phrase"``
  excludes. Case never matters.
* A word written **with** diacritics matches exactly those diacritics: "Huệ" does not
  match "Huế". Tone placement does not matter: "hoà" and "hòa", "thuỷ" and "thủy" are
  the same word (index and query are both tone-canonical,
  :func:`vnnews.normalize.tone_canon`).
* A word written **without** any ("hue") matches every accented form ("Huệ", "Huế",
  "huề", and "hue" itself).
* One query may mix both ("Vương dinh hue"); each word follows its own rule, also
  inside a phrase.

Index (``vnnews.store.sqlite``)
-------------------------------
Two FTS5 tables whose rowid is the article's rowid: ``articles_fts(title, text,
facets)`` with the tone-canonical accented text, ``articles_fts_folded`` with the same
text lower-cased without diacritics (:func:`fold_text`, "đ" → "d"). Bare words are
looked up in the folded table, accented ones in the other, so the posting list of a
common bare syllable ("ha": hà, hạ, hả…) is never walked for an exact lookup. The
``facets`` column holds one token per person, place, outlet and publication
year/month/day of the article (:func:`facet_tokens`): every filter is one more FTS5
term, so a filtered query costs no more than an unfiltered one.

Ranking
-------
BM25 needs each term's document frequency, i.e. a walk of its whole posting list:
tens of milliseconds for a common syllable in 100,000 articles. So ranking works on a
window instead: the newest ``window`` (100) matches (by rowid, i.e. the order they
were stored in), plus the newest ``tier_window`` (50) matches of the query exactly as
typed, wherever they are (the numbers here are the settings section ``search``,
:class:`vnnews.settings.SearchSettings`; each function takes ``settings=``). They are ordered by, in turn:

1. ``exact``: the query occurs exactly as typed (an unaccented query's literal form;
   every hit of a query with all its words accented is exact);
2. ``phrase``: all the words, in order, side by side (for queries of two or three
   terms and at most four words: names, places, short topics);
3. how many of the query's terms the title holds;
4. publication time, newest first.

A page further than the window widens it (``offset + limit`` matches). Queries with
fewer matches than the window are ranked over all their matches.

``score`` in a hit is ``4·exact + 2·phrase + (title terms / terms)``.

Snippets
--------
Computed here, for the returned page only, from the article's original text: a window
of about 240 characters around the densest cluster of hits (in the first 1,000
characters when they hold any: the lead). The hits are found by
regular expressions that accept every accented form of a bare word, so an unaccented
query still shows (and highlights) "Vương Đình Huệ" as written. Each hit carries
``snippet`` (hits between ``[`` and ``]``), ``snippet_text`` with ``snippet_hits``
(``[start, end)`` offsets) and ``title_hits`` (offsets in ``title``).

Filters
-------
``date_from`` / ``date_to`` (publication day, inclusive), ``source`` (the outlet),
``person`` and ``place`` (names found in the article, the store's ``mentions``
table). Names and outlets compare like the words of a query: "ha noi" is every
accented form, "HÀ NỘI" is "Hà Nội".
"""
from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from .normalize import TONE_MARKS, fold, match_key, tone_canon
from .settings import DEFAULT, SearchSettings
from .store.base import AllOf, AnyOf, Match, Near, Phrase, Without

__all__ = ["search", "search_events", "parse_query", "Query", "Term", "fold_text", "index_columns",
           "facet_tokens", "has_diacritics", "build_match", "name_matches", "resolve_names",
           "resolve_sources", "snippet", "RANK", "count"]

#: FTS5 rank setting of the folded table (BM25 weights title, text, facets); its
#: presence marks an index checked by ``SqliteStore.ensure_search_index``.
RANK = "bm25(4.0, 1.0, 0.0)"
_FIRST_YEAR = 1970  # open date ranges start here
SORTS = ("relevance", "date")


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


def facet_key(name: str) -> str:
    """A name as one index token: tone-canonical, case-folded, letters and digits only."""
    return "".join(c for c in match_key(name) if c.isalnum())


def facet_tokens(source: str | None, published: str | None, people: Iterable[str],
                 places: Iterable[str]) -> str:
    """The ``facets`` column of an article: ``s<outlet>``, ``p<person>``, ``l<place>``,
    and ``y<yyyy> m<yyyymm> d<yyyymmdd>`` of its publication day."""
    toks = []
    if source and facet_key(source):
        toks.append("s" + facet_key(source))
    toks += ["p" + facet_key(n) for n in people if facet_key(n)]
    toks += ["l" + facet_key(n) for n in places if facet_key(n)]
    day = _day_or_none(published)
    if day:
        toks += [f"y{day:%Y}", f"m{day:%Y%m}", f"d{day:%Y%m%d}"]
    return " ".join(dict.fromkeys(toks))


def _day_or_none(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _date_tokens(lo: date, hi: date) -> list[str]:
    """Facet tokens covering the days ``lo``..``hi``: whole years, whole months, days."""
    toks = []
    d = lo
    while d <= hi:
        if d.month == 1 and d.day == 1 and date(d.year, 12, 31) <= hi:
            toks.append(f"y{d:%Y}")
            d = date(d.year + 1, 1, 1)
            continue
        last = date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        if d.day == 1 and last <= hi:
            toks.append(f"m{d:%Y%m}")
            d = last + timedelta(days=1)
            continue
        toks.append(f"d{d:%Y%m%d}")
        d += timedelta(days=1)
    return toks


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

    def folded(self) -> Phrase:
        """The phrase in the folded index (every accented form; a superset when the
        term has accented words, which :func:`_passes` then checks)."""
        return Phrase(tuple(fold_text(w) for w in self.words))

    def literal(self) -> Phrase:
        """The phrase in the accented index: the words exactly as typed."""
        return Phrase(self.words)


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def folded(self) -> bool:
        """Whether the query runs on the folded index (it has a bare word)."""
        return any(any(t.bare) for t in self.positive)


@dataclass
class _Plan:
    """The index queries of a query (with its filters; the store compiles them for its
    engine: :mod:`vnnews.store.base`) and what Python checks."""

    folded: bool
    match: Match
    exact: Match | None = None  # on the accented index
    phrase: Match | None = None  # on the main index
    near: Match | None = None  # the positive terms close together (main index)
    exact_near: Match | None = None  # ... as typed (accented index)
    name: bool = False  # the query is a stored person's name: only near matches count
    require: list[Term] = field(default_factory=list)  # must occur (checked on the text)
    exclude: list[Term] = field(default_factory=list)  # must not occur (checked on the text)


def _and(parts: Iterable[Match]) -> Match:
    return AllOf(tuple(parts))


def _not(keep: Match, drop: list[Match]) -> Match:
    return Without(keep, AnyOf(tuple(drop)))


def _plan(q: Query, facets: list[Match], settings: SearchSettings = DEFAULT.search) -> _Plan:
    """Bare words go to the folded index, accented ones to the accented index; a term
    that index cannot decide (an accented word in a folded query, a bare word excluded
    from an accented one) is looked up loosely and checked on the text."""
    pos, neg = q.positive, q.negative
    if q.folded:
        require = [t for t in pos if not all(t.bare)]
        main_neg = [t.folded() for t in neg if all(t.bare)]
        exclude = [t for t in neg if not all(t.bare)]
        main = _and([t.folded() for t in pos] + facets)
        exact = _and([t.literal() for t in pos] + facets)
        acc_neg = [t.literal() for t in neg if not any(t.bare)]
        if acc_neg:
            exact = _not(exact, acc_neg)
        words = [fold_text(w) for t in pos for w in t.words]
    else:
        acc_neg = []
        require = []
        main_neg = [t.literal() for t in neg if not any(t.bare)]
        exclude = [t for t in neg if any(t.bare)]
        main = _and([t.literal() for t in pos] + facets)
        exact = None
        words = [w for t in pos for w in t.words]
    if main_neg:
        main = _not(main, main_neg)
    phrase = near = exact_near = None
    if 1 < len(pos) <= 3 and len(words) <= 4:  # names, places, short topics (a longer phrase: rarely there)
        phrase = _and([Phrase(tuple(words))] + facets)
        if main_neg:
            phrase = _not(phrase, main_neg)
    if 1 < len(pos) and len(words) <= settings.near_max_words:
        # the words of a short query close together: what a name or a topic means
        near = _and([_near((t.folded() if q.folded else t.literal() for t in pos), settings)] + facets)
        if main_neg:
            near = _not(near, main_neg)
        if q.folded:
            exact_near = _and([_near((t.literal() for t in pos), settings)] + facets)
            if acc_neg:
                exact_near = _not(exact_near, acc_neg)
    return _Plan(q.folded, main, exact, phrase, near=near, exact_near=exact_near, require=require, exclude=exclude)


def _near(phrases: Iterable[Phrase], settings: SearchSettings = DEFAULT.search) -> Near:
    return Near(tuple(phrases), settings.near_distance)


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


def build_match(query: str) -> tuple[Match, bool] | None:
    """The main index query of ``query`` and whether it is for the folded index."""
    q = parse_query(query)
    if q is None:
        return None
    plan = _plan(q, [])
    return plan.match, plan.folded


# ------------------------------------------------------------------ hit patterns
def _letter_classes() -> dict[str, str]:
    groups: dict[str, set[str]] = {}
    for lo, hi in ((0x41, 0x5B), (0x61, 0x7B), *_LETTER_RANGES):
        for cp in range(lo, hi):
            c = chr(cp)
            f = fold_text(c)
            if len(f) == 1 and f.isascii() and f.isalpha():
                groups.setdefault(f, set()).update(v for v in (c, c.lower(), c.upper()) if len(v) == 1)
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


def _spans(text: str, patterns: list[re.Pattern[str]], cap: int | None = None) -> list[tuple[int, int, int]]:
    """Hits of each pattern in ``text`` at word starts, at most ``cap`` per pattern
    (default settings ``search.max_spans``), sorted."""
    cap = cap or DEFAULT.search.max_spans
    out: list[tuple[int, int, int]] = []
    for i, pat in enumerate(patterns):
        n = 0
        for m in pat.finditer(text):
            s = m.start()
            if s and (text[s - 1].isalnum()):
                continue
            out.append((s, m.end(), i))
            n += 1
            if n >= cap:
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
            width: int | None = None, settings: SearchSettings | None = None) -> tuple[str, list[list[int]]]:
    """A window of ``text`` around its densest cluster of hits, and the hit offsets in it.

    The window starts at a sentence or word boundary; "…" marks a cut. Line breaks
    become spaces (one for one, so the offsets hold). ``width``: default settings
    ``search.snippet_width``.
    """
    settings = settings or DEFAULT.search
    width = width or settings.snippet_width
    scan_first, before, cap = settings.snippet_scan_first, settings.snippet_context, settings.max_spans
    text = text or ""
    # the lead first: most articles name what they are about in it (and a long text is
    # only searched further when it does not)
    head = text[:scan_first]
    head_cut = head[:head.rfind(" ")] if len(text) > scan_first and " " in head else head
    spans = _spans(head_cut, patterns, cap)
    if not spans and len(head_cut) < len(text):
        spans = _spans(text, patterns, cap)
    if spans:
        best = (-1, -1, 0)
        best_start = spans[0][0]
        counts: dict[int, int] = {}
        k = 0
        for j, (s, _, _) in enumerate(spans):  # a sliding window over the hits
            reach = s + width - before
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
        start = max(0, best_start - before)
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
    if end > len(head_cut) and len(head_cut) < len(text) and spans and spans[-1][1] <= len(head_cut):
        # the window runs past the part searched: find its hits there too
        spans = spans + [(s + len(head_cut), e + len(head_cut), i)
                         for s, e, i in _spans(text[len(head_cut):end], patterns, cap)]
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
    names = [n for n in store.mention_names(kind, _first_chars(q)) if name_matches(n, q)]
    if kind == "place":
        # an administrative alias names the gazetteer's place: "Huế" is stored as
        # "Thừa Thiên Huế", "Sài Gòn" and "TP.HCM" as "TP Hồ Chí Minh"
        from .facts.lexicon import gazetteer

        canon = gazetteer().lookup(q)
        if canon and canon != q:
            names += [n for n in store.mention_names(kind, _first_chars(canon))
                      if name_matches(n, canon) and n not in names]
    return names


def resolve_sources(store: Any, query: str) -> list[str]:
    """The stored outlet names that ``query`` names (same rule as people and places; any
    name of an outlet in :mod:`vnnews.outlets` stands for its one name)."""
    from .outlets import domain_name, name_key, names_of, outlet_name

    q = _clean_name(query)
    if not q:
        return []
    canon = outlet_name(q)
    # another name of a known outlet, compared by the same rule ("qdnd online", "QĐND Online")
    known = canon and (domain_name(q) == canon or any(name_matches(n, q) for n in names_of(canon)))
    key = name_key(canon) if known else None
    return [n for n in store.source_names() if name_matches(n, q) or (key and name_key(n) == key)]


@dataclass
class _Filters:
    facets: list[Match] = field(default_factory=list)  # queries on the facets column
    empty: bool = False  # a filter that nothing can pass


def _facet_or(tokens: Iterable[str]) -> Match:
    return AnyOf(tuple(Phrase((t,), ("facets",)) for t in dict.fromkeys(tokens)))


def _filters(store: Any, date_from: Any = None, date_to: Any = None, source: str | None = None,
             person: str | None = None, place: str | None = None) -> _Filters:
    f = _Filters()
    lo, hi = _day(date_from, "date_from"), _day(date_to, "date_to")
    if lo and hi and lo > hi:
        raise ValueError("date_from is after date_to")
    if lo or hi:
        lo = lo or date(_FIRST_YEAR, 1, 1)
        hi = hi or date(max(date.today().year + 1, lo.year), 12, 31)
        f.facets.append(_facet_or(_date_tokens(lo, hi)))
    if source and source.strip():
        names = resolve_sources(store, source)
        f.empty |= not names
        if names:
            f.facets.append(_facet_or("s" + facet_key(n) for n in names))
    for kind, prefix, name in (("person", "p", person), ("place", "l", place)):
        if name and name.strip():
            names = resolve_names(store, kind, name)
            f.empty |= not names
            if names:
                f.facets.append(_facet_or(prefix + facet_key(n) for n in names))
    return f


# ------------------------------------------------------------------------- search
def _patterns(q: Query) -> list[re.Pattern[str]]:
    return [_term_pattern(t) for t in q.positive]


def _passes(plan: _Plan, row: Any) -> bool:
    """The checks FTS5 could not make: accented words of a folded query, exclusions."""
    title, text = row["title"] or "", row["text"] or ""
    for t in plan.require:
        pat = _term_pattern(t)
        if not (_spans(title, [pat]) or _spans(text, [pat])):
            return False
    for t in plan.exclude:
        pat = _term_pattern(t)
        if _spans(title, [pat]) or _spans(text, [pat]):
            return False
    return True


@dataclass
class _Ranked:
    rowid: int
    exact: bool
    phrase: bool
    title: int  # terms in the title
    score: float
    near: bool = True  # the words close together (always, for a one-term query)


def _title_terms(title: str, patterns: list[re.Pattern[str]]) -> int:
    n = 0
    for pat in patterns:
        for m in pat.finditer(title):
            if not m.start() or not title[m.start() - 1].isalnum():
                n += 1
                break
    return n


def _ranked(store: Any, q: Query, plan: _Plan, need: int, sort: str = "relevance",
            settings: SearchSettings = DEFAULT.search) -> list[_Ranked]:
    """At least the best ``need`` matches, best first (see "Ranking" in the module doc)."""
    k = max(settings.window, need)
    exact_expr = plan.exact
    near_ids: set[int] | None = None  # None: every match counts as near (one term)
    main: list[int] = []
    if plan.phrase and len(q.positive) == 2 and all(len(t.words) == 1 for t in q.positive):
        # two syllables are most often one Vietnamese word ("ngân sách"): when the
        # archive has them side by side, "chính sách ... ngân hàng" is not a match
        main = store.search(plan.phrase, k, folded=plan.folded)
        if main:
            near_ids = set(main)
            exact_expr = plan.exact_near if plan.folded else None
    if plan.near and not main:
        near_list = store.search(plan.near, k, folded=plan.folded)
        near_ids = set(near_list)
        if plan.name and near_list:  # a name: its words apart are not the name
            main = near_list
            exact_expr = plan.exact_near if plan.folded else None
    if not main:
        main = store.search(plan.match, k, folded=plan.folded)
    if not main:
        return []
    exact = set(store.search(exact_expr, max(settings.tier_window, need), folded=False)) if exact_expr else None
    # the phrase tier of the window (no deeper: a rare phrase of common words would walk
    # every match of its words)
    phrase = set(store.search(plan.phrase, k, folded=plan.folded, since=min(main))) if plan.phrase else set()
    ids = list(main)
    seen = set(main)
    if exact and not q.negative:  # then exact matches are matches of the query too
        ids += sorted(exact - seen, reverse=True)
        seen |= exact
    if near_ids:  # near matches are matches of the query too
        ids += sorted(near_ids - seen, reverse=True)
    meta = store.search_meta(ids)
    patterns = _patterns(q)
    keys = []
    for rid in ids:
        title, published = meta.get(rid, (None, None))
        ex = rid in exact if exact is not None else True
        ph = rid in phrase
        ne = ph or near_ids is None or rid in near_ids
        ti = _title_terms(title, patterns) if title else 0
        if sort == "date":
            keys.append(((published or "", rid), ex, ph, ne, ti, rid))
        else:
            keys.append(((ph, ne, ex, ti, published or "", rid), ex, ph, ne, ti, rid))
    keys.sort(key=lambda k: k[0], reverse=True)
    n = len(patterns)
    ranked = [_Ranked(rid, ex, ph, ti, round(4.0 * ph + 2.0 * ne + 1.0 * ex + ti / n, 3), ne)
              for _, ex, ph, ne, ti, rid in keys]
    if not (plan.require or plan.exclude):
        return ranked
    kept: list[_Ranked] = []
    for i in range(0, len(ranked), 50):  # check the text, best first, until enough pass
        chunk = ranked[i:i + 50]
        rows = store.search_articles([r.rowid for r in chunk])
        kept += [r for r in chunk if r.rowid in rows and _passes(plan, rows[r.rowid])]
        if len(kept) >= need:
            break
    return kept


def _text_patterns(q: Query, text: str, patterns: list[re.Pattern[str]]) -> list[re.Pattern[str]]:
    """What to mark in ``text``: the query's words side by side when the text has them so
    (then a lone "sách" of "chính sách" is not marked for "ngân sách"), else each word."""
    pos = q.positive
    if len(pos) > 1:
        whole = _term_pattern(Term(tuple(w for t in pos for w in t.words)))
        if _spans(text, [whole]):
            return [whole]
    return patterns


def _hit(r: _Ranked, row: Any, patterns: list[re.Pattern[str]], q: Query | None = None,
         settings: SearchSettings = DEFAULT.search) -> dict[str, Any]:
    title = row["title"] or ""
    text, hits = snippet(row["text"], _text_patterns(q, row["text"] or "", patterns) if q else patterns,
                         settings=settings)
    title_hits = _merge((s, e) for s, e, _ in _spans(title, _text_patterns(q, title, patterns) if q else patterns,
                                                     settings.max_spans))
    return {"id": row["id"], "title": row["title"], "source": row["source"], "published": row["published"],
            "url": row["url"], "event": row["event_id"], "snippet": _marked(text, hits),
            "snippet_text": text, "snippet_hits": hits, "title_hits": title_hits,
            "exact": r.exact, "phrase": r.phrase, "near": r.near, "score": r.score}


def _prepare(store: Any, query: str, date_from: Any, date_to: Any, source: str | None, person: str | None,
             place: str | None, settings: SearchSettings = DEFAULT.search) -> tuple[Query, _Plan] | None:
    q = parse_query(query)
    if q is None:
        return None
    flt = _filters(store, date_from, date_to, source, person, place)
    if flt.empty:
        return None
    plan = _plan(q, flt.facets, settings)
    if plan.near and not q.negative and len(q.positive) <= 4 and all(len(t.words) == 1 for t in q.positive):
        plan.name = bool(resolve_names(store, "person", " ".join(t.words[0] for t in q.positive)))
    return q, plan


def search(store: Any, query: str, limit: int = 20, *, offset: int = 0, date_from: Any = None,
           date_to: Any = None, source: str | None = None, person: str | None = None,
           place: str | None = None, sort: str = "relevance",
           settings: SearchSettings | None = None) -> list[dict[str, Any]]:
    """Articles matching ``query`` (and the filters), best first (``sort="date"``: newest
    first), with snippets.

    Each hit: ``id``, ``title``, ``source``, ``published``, ``url``, ``event``,
    ``snippet`` (hits in ``[ ]``), ``snippet_text``, ``snippet_hits``, ``title_hits``,
    ``exact`` (the query occurs as typed), ``phrase`` (its words side by side),
    ``near`` (its words close together; false only when no article has them so and the
    hits hold them apart) and ``score`` (higher is better).
    Raises ValueError for a bad date or range or an unknown sort. ``settings``: the
    ``search`` section of the run's Settings (default: the shipped one).
    """
    settings = settings or DEFAULT.search
    prepared = _start(store, query, limit, sort, (date_from, date_to, source, person, place), settings)
    if prepared is None:
        return []
    q, plan = prepared
    offset = max(offset, 0)
    page = _ranked(store, q, plan, offset + limit, sort, settings)[offset:offset + limit]
    rows = store.search_articles([r.rowid for r in page])
    patterns = _patterns(q)
    return [_hit(r, rows[r.rowid], patterns, q, settings) for r in page if r.rowid in rows]


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")


def _start(store: Any, query: str, limit: int, sort: str, filters: tuple, settings: SearchSettings):
    """The checked sort and the prepared query and plan of a search (``filters``: date
    from, date to, source, person, place); None when nothing can match or nothing is asked."""
    _check_sort(sort)
    prepared = _prepare(store, query, *filters, settings)
    return None if prepared is None or limit <= 0 else prepared


def search_events(store: Any, query: str, limit: int = 20, *, offset: int = 0, per_event: int = 3,
                  date_from: Any = None, date_to: Any = None, source: str | None = None,
                  person: str | None = None, place: str | None = None,
                  sort: str = "relevance", settings: SearchSettings | None = None) -> list[dict[str, Any]]:
    """The events whose articles match, in the order of their best article (``sort="date"``:
    of their newest matching article).

    Each group: ``event`` (``id``, ``title``, ``date``, ``n_articles``, ``places``;
    None for an article outside any event), ``n_hits`` (its matching articles among
    the best 500) and ``hits`` (its best ``per_event``, as :func:`search` gives them).
    """
    settings = settings or DEFAULT.search
    prepared = _start(store, query, limit, sort, (date_from, date_to, source, person, place), settings)
    if prepared is None:
        return []
    q, plan = prepared
    pool = max(settings.event_pool, 5 * (max(offset, 0) + limit))
    ranked = _ranked(store, q, plan, pool, sort, settings)[:pool]
    events = store.article_events([r.rowid for r in ranked])
    groups: dict[str, list[_Ranked]] = {}
    for r in ranked:
        eid = events.get(r.rowid)
        groups.setdefault(eid if eid else f"\0{r.rowid}", []).append(r)
    offset = max(offset, 0)
    keys = list(groups)[offset:offset + limit]
    briefs = store.event_briefs([k for k in keys if not k.startswith("\0")])
    rows = store.search_articles([r.rowid for k in keys for r in groups[k][:per_event]])
    patterns = _patterns(q)
    out = []
    for k in keys:
        hits = [_hit(r, rows[r.rowid], patterns, q, settings) for r in groups[k][:per_event] if r.rowid in rows]
        out.append({"event": briefs.get(k), "n_hits": len(groups[k]), "hits": hits})
    return out


def count(store: Any, query: str, *, events: bool = False, cap: int | None = None, date_from: Any = None,
          date_to: Any = None, source: str | None = None, person: str | None = None,
          place: str | None = None, settings: SearchSettings | None = None) -> tuple[int, bool]:
    """How many articles (``events=True``: event groups) :func:`search` (or
    :func:`search_events`) would give for ``query`` in all, counted over the best
    ``cap`` matches (the same ranked list, so the same filters and text checks), and
    whether the count stopped at the cap (then it is a lower bound); ``cap``: default
    settings ``search.count_cap``."""
    settings = settings or DEFAULT.search
    cap = settings.count_cap if cap is None else cap
    prepared = _prepare(store, query, date_from, date_to, source, person, place, settings)
    if prepared is None:
        return 0, False
    q, plan = prepared
    ranked = _ranked(store, q, plan, cap + 1, settings=settings)
    capped = len(ranked) > cap
    ranked = ranked[:cap]
    if not events:
        return len(ranked), capped
    ids = store.article_events([r.rowid for r in ranked])
    return len({ids.get(r.rowid) or f"\0{r.rowid}" for r in ranked}), capped
