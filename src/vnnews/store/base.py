"""What a store is: the :class:`Store` protocol, the SQL both backends share, and the
query services above them.

* :class:`Store` lists every method the engine, search, the API and the tools call.
  ``tests/test_store_conformance.py`` runs one suite over every backend.
* :class:`SqlStore` holds the SQL the backends share, written once with ``?``
  placeholders; a backend gives its :class:`Dialect` (placeholders, list parameters,
  JSON fields) and what really differs: connecting, transactions and the full-text
  index (:meth:`SqlStore._insert_article`, ``_unindex_article``, ``search``,
  ``ensure_search_index``, ``optimize_search_index``).
* Search hands the store a structured query (:data:`Match`: :class:`Phrase`,
  :class:`AllOf`, :class:`AnyOf`, :class:`Without`), which each backend compiles for
  its engine (FTS5 ``MATCH`` text, PostgreSQL ``tsquery``).
* :func:`filter_events` and :func:`person_events` are query services over any store.

Documents are stored as columns plus JSON (:func:`vnnews.serial.to_data`) and read back
with :func:`vnnews.serial.from_data`: one decoder, derived from the dataclasses.
"""
from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta
from typing import Any, Callable, ContextManager, Iterable, Iterator, Mapping, Protocol, Sequence, Union

from ..model import Document, Facts, Paragraph, Sentence
from ..serial import from_data, to_data


def dump_json(v: Any) -> str:
    """Compact JSON text as stored (non-ASCII kept)."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


# ------------------------------------------------------------- search queries
@dataclass(frozen=True)
class Phrase:
    """Words side by side (one word: that word) in the given columns (``title``,
    ``text``; ``facets`` holds the filter tokens of :func:`vnnews.search.facet_tokens`).
    Words are lower-case letters and digits only."""

    words: tuple[str, ...]
    columns: tuple[str, ...] = ("title", "text")


@dataclass(frozen=True)
class Near:
    """All the phrases in one column, with at most ``distance`` tokens between the end of
    the first and the start of the last (FTS5's ``NEAR``)."""

    phrases: tuple[Phrase, ...]
    distance: int = 10


@dataclass(frozen=True)
class AllOf:
    parts: tuple["Match", ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple["Match", ...]


@dataclass(frozen=True)
class Without:
    """Matches of ``keep`` that do not match ``drop``."""

    keep: "Match"
    drop: "Match"


Match = Union[Phrase, Near, AllOf, AnyOf, Without]


def near_holds(near: Near, columns: dict[str, list[str]]) -> bool:
    """Whether ``near`` holds in one of the tokenised ``columns`` (name -> tokens), as
    FTS5 defines it: one instance of each phrase such that the tokens between the end
    of the first instance and the start of the last are at most ``near.distance``."""
    names = near.phrases[0].columns if near.phrases else ()
    for name in names:
        toks = columns.get(name) or []
        starts: list[list[int]] = []
        for ph in near.phrases:
            n = len(ph.words)
            starts.append([i for i in range(len(toks) - n + 1) if tuple(toks[i:i + n]) == ph.words])
            if not starts[-1]:
                break
        else:
            for k, first in enumerate(near.phrases):
                for s0 in starts[k]:
                    end = s0 + len(first.words)
                    last = s0
                    for j, st in enumerate(starts):
                        nxt = [x for x in st if x >= s0 and (j != k or x == s0)]
                        if not nxt:
                            break
                        last = max(last, min(nxt))
                    else:
                        if last - end <= near.distance:
                            return True
    return False


# ------------------------------------------------------------------ protocol
class Store(Protocol):
    """Every method a store offers (SQLite and PostgreSQL implement all of them)."""

    # lifecycle
    def close(self) -> None: ...
    def transaction(self) -> ContextManager[Any]: ...
    def savepoint(self) -> ContextManager[None]: ...

    # articles
    def hashes(self, ids: Iterable[str]) -> dict[str, str]: ...
    def put_article(self, doc: Document, content_hash: str) -> None: ...
    def set_event(self, article_id: str, event_id: str) -> None: ...
    def move_articles(self, ids: list[str], src: str, dst: str) -> None: ...
    def relink_copies(self, old_root: str, new_root: str) -> None: ...
    def get_document(self, aid: str) -> Document | None: ...
    def documents(self, ids: Iterable[str]) -> list[Document]: ...
    def iter_documents(self) -> Iterator[Document]: ...
    def article_ids(self) -> list[str]: ...
    def event_members(self, event_id: str) -> list[str]: ...
    def count_articles(self) -> int: ...

    # events
    def put_event(self, event_id: str, card: dict, state: dict | None = None) -> None: ...
    def delete_event(self, event_id: str) -> None: ...
    def event_state(self, event_id: str) -> dict | None: ...
    def get_event(self, event_id: str) -> dict | None: ...
    def events(self, limit: int | None = None, offset: int = 0) -> list[dict]: ...
    def select_events(self, ids: Iterable[str] | None = None, date_from: str | None = None,
                      date_before: str | None = None, limit: int | None = None,
                      offset: int = 0, order: str = "date") -> tuple[list[dict], int]: ...
    def event_cards(self, ids: Iterable[str]) -> list[dict]: ...
    def event_ids(self) -> list[str]: ...
    def count_events(self) -> int: ...

    # clustering and copy-detection index
    def add_event_terms(self, event_id: str, terms: Iterable[str]) -> None: ...
    def move_event_terms(self, src: str, dst: str) -> None: ...
    def events_with_terms(self, terms: Iterable[str], prefix: bool = False) -> dict[str, int]: ...
    def put_minhash(self, aid: str, sig: bytes) -> None: ...
    def minhash(self, aid: str) -> bytes | None: ...
    def add_bands(self, aid: str, keys: Iterable[int]) -> None: ...
    def ids_with_bands(self, keys: Iterable[int]) -> set[str]: ...

    # search
    def ensure_search_index(self) -> None: ...
    def optimize_search_index(self) -> None: ...
    def search(self, match: Match, limit: int = 20, *, folded: bool = False,
               since: int | None = None) -> list[int]: ...
    def search_meta(self, rowids: list[int]) -> dict[int, tuple[str | None, str | None]]: ...
    def search_articles(self, rowids: list[int]) -> dict[int, Mapping[str, Any]]: ...
    def article_events(self, rowids: list[int]) -> dict[int, str | None]: ...
    def event_briefs(self, ids: list[str]) -> dict[str, dict]: ...

    # names
    def mention_names(self, kind: str, first_chars: Iterable[str]) -> list[str]: ...
    def source_names(self) -> list[str]: ...
    def event_mentions(self, event_id: str) -> list[tuple[str, str, str]]: ...
    def mention_events(self, kind: str, names: Sequence[str]) -> list[tuple[str, str]]: ...


# ------------------------------------------------------------------- dialect
@dataclass(frozen=True)
class Dialect:
    """What the SQL of the two backends differs in (beyond the full-text index)."""

    name: str
    placeholder: str  # the driver's "?"
    in_list: Callable[[str], str]  # "col is one of the list parameter"
    list_arg: Callable[[Sequence[Any]], Any]  # that list parameter
    json_field: Callable[[str, str], str]  # a top-level field of a JSON text column, as JSON text

    def sql(self, q: str) -> str:
        return q if self.placeholder == "?" else q.replace("%", "%%").replace("?", self.placeholder)


ARTICLE_COLUMNS = ("id", "content_hash", "title", "source", "original_source", "url", "published", "author", "tags",
                   "language", "origin", "encoding", "text", "raw_text", "paragraphs", "sentences", "facts",
                   "offset_map", "meta", "boilerplate", "event_id", "duplicate_of", "event_date", "ingested_at")
_EVENT_ORDER = "ORDER BY date DESC NULLS LAST, updated_at DESC, id"


class SqlStore:
    """The SQL both backends share. A subclass sets ``dialect`` and ``db`` (a DB-API
    connection in autocommit mode) and implements the hooks named in the module doc."""

    dialect: Dialect
    db: Any

    # ---------------------------------------------------------------- plumbing
    def close(self) -> None:
        self.db.close()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """One unit of writes inside the current transaction: when it raises, its
        writes alone are undone (the transaction goes on)."""
        self._run("SAVEPOINT unit")
        try:
            yield
        except BaseException:
            self._run("ROLLBACK TO SAVEPOINT unit")
            self._run("RELEASE SAVEPOINT unit")
            raise
        self._run("RELEASE SAVEPOINT unit")

    def _all(self, q: str, args: Sequence[Any] = ()) -> list[Any]:
        """Rows of a query (indexable by position and, for ``_rows``, by name)."""
        return list(self.db.execute(self.dialect.sql(q), tuple(args)).fetchall())

    def _one(self, q: str, args: Sequence[Any] = ()) -> Any:
        return self.db.execute(self.dialect.sql(q), tuple(args)).fetchone()

    def _run(self, q: str, args: Sequence[Any] = ()) -> None:
        self.db.execute(self.dialect.sql(q), tuple(args))

    def _many(self, q: str, rows: list[tuple]) -> None:
        raise NotImplementedError

    def _rows(self, q: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        """Rows addressable by column name."""
        raise NotImplementedError

    def _in(self, col: str) -> str:
        return self.dialect.in_list(col)

    def _list(self, values: Iterable[Any]) -> Any:
        return self.dialect.list_arg(list(values))

    # ------------------------------------------------------------- articles
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        return {r[0]: r[1] for r in self._all(f"SELECT id, content_hash FROM articles WHERE {self._in('id')}",
                                              [self._list(ids)])}

    def put_article(self, doc: Document, content_hash: str) -> None:
        """Insert or replace one article (inside the caller's transaction); a replaced
        article gets a new rowid (search's recency order)."""
        self._unindex_article(doc.id)
        self._run("DELETE FROM mentions WHERE article_id = ?", (doc.id,))
        self._run("DELETE FROM articles WHERE id = ?", (doc.id,))
        facts = doc.facts
        values = (doc.id, content_hash, doc.title, doc.source, doc.original_source, doc.url, doc.published,
                  doc.author, dump_json(doc.tags), doc.language, doc.origin, doc.encoding, doc.text, doc.raw_text,
                  dump_json(to_data(doc.paragraphs)), dump_json(to_data(doc.sentences)),
                  dump_json(to_data(facts) if facts else None), dump_json(doc.offset_map), dump_json(doc.meta),
                  dump_json(doc.boilerplate), doc.event, doc.duplicate_of, facts.event_date if facts else None,
                  time.time())
        self._insert_article(doc, values)
        if facts:
            rows = {("person", p.name) for p in facts.people}
            rows |= {("place", p) for p in facts.places}
            rows |= {("org", o) for o in facts.organizations}
            if rows:
                self._many("INSERT INTO mentions VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [(k, n, doc.id) for k, n in sorted(rows)])

    def _insert_article(self, doc: Document, values: tuple) -> None:
        """Insert the article's row (``values`` in :data:`ARTICLE_COLUMNS` order) and
        index it for search."""
        raise NotImplementedError

    def _unindex_article(self, article_id: str) -> None:
        """Remove the article from the search index (before its row is deleted)."""

    def set_event(self, article_id: str, event_id: str) -> None:
        self._run("UPDATE articles SET event_id = ? WHERE id = ?", (event_id, article_id))

    def move_articles(self, ids: list[str], src: str, dst: str) -> None:
        """Move articles of event ``src`` to event ``dst``, each with its copy family (its
        original and that original's syndicated copies) where those are in ``src`` too."""
        self._run("UPDATE articles SET event_id = ? WHERE event_id = ? AND COALESCE(duplicate_of, id) IN "
                  f"(SELECT COALESCE(duplicate_of, id) FROM articles WHERE {self._in('id')})",
                  (dst, src, self._list(ids)))

    def relink_copies(self, old_root: str, new_root: str) -> None:
        """Make ``new_root`` the original of ``old_root`` and of all its copies."""
        self._run("UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                  (new_root, old_root, old_root))

    def _doc(self, r: Mapping[str, Any]) -> Document:
        return Document(
            id=r["id"], text=r["text"], title=r["title"], source=r["source"],
            original_source=r["original_source"], url=r["url"], published=r["published"],
            author=r["author"], tags=json.loads(r["tags"] or "[]"), language=r["language"],
            origin=r["origin"] or "", raw_text=r["raw_text"] or "", encoding=r["encoding"],
            paragraphs=[from_data(Paragraph, p) for p in json.loads(r["paragraphs"] or "[]")],
            sentences=[from_data(Sentence, s) for s in json.loads(r["sentences"] or "[]")],
            facts=from_data(Facts, json.loads(r["facts"] or "null") or None),
            offset_map=json.loads(r["offset_map"] or "null"),
            meta=json.loads(r["meta"] or "{}"),
            boilerplate=json.loads(r["boilerplate"] or "[]"),
            event=r["event_id"], duplicate_of=r["duplicate_of"],
        )

    _DOC_COLUMNS = ", ".join(ARTICLE_COLUMNS)

    def get_document(self, aid: str) -> Document | None:
        rows = self._rows(f"SELECT {self._DOC_COLUMNS} FROM articles WHERE id = ?", (aid,))
        return self._doc(rows[0]) if rows else None

    def documents(self, ids: Iterable[str]) -> list[Document]:
        """The stored documents with these ids, in the order given (unknown ids left out)."""
        ids = list(ids)
        out = [self._doc(r) for r in self._rows(f"SELECT {self._DOC_COLUMNS} FROM articles WHERE {self._in('id')}",
                                                [self._list(ids)])]
        order = {a: k for k, a in enumerate(ids)}
        return sorted(out, key=lambda d: order.get(d.id, 0))

    def article_ids(self) -> list[str]:
        """Every article id, by publication (undated first) then id."""
        return [r[0] for r in self._all("SELECT id FROM articles ORDER BY published NULLS FIRST, id")]

    def iter_documents(self) -> Iterator[Document]:
        """Every stored document in :meth:`article_ids` order (read 500 at a time)."""
        ids = self.article_ids()
        for i in range(0, len(ids), 500):
            yield from self.documents(ids[i:i + 500])

    def event_members(self, event_id: str) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM articles WHERE event_id = ? ORDER BY published NULLS FIRST, id",
                                        (event_id,))]

    def count_articles(self) -> int:
        return self._one("SELECT COUNT(*) FROM articles")[0]

    # --------------------------------------------------------------- events
    def put_event(self, event_id: str, card: dict, state: dict | None = None) -> None:
        self._run("INSERT INTO events (id, date, title, n_articles, card, state, updated_at) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET date = excluded.date, "
                  "title = excluded.title, n_articles = excluded.n_articles, card = excluded.card, "
                  "state = excluded.state, updated_at = excluded.updated_at",
                  (event_id, card.get("date"), card.get("title"), len(card.get("articles", [])), dump_json(card),
                   dump_json(state) if state is not None else None, time.time()))

    def delete_event(self, event_id: str) -> None:
        self._run("DELETE FROM events WHERE id = ?", (event_id,))
        self._run("DELETE FROM event_terms WHERE event_id = ?", (event_id,))

    def event_state(self, event_id: str) -> dict | None:
        r = self._one("SELECT state FROM events WHERE id = ?", (event_id,))
        return json.loads(r[0]) if r and r[0] else None

    def get_event(self, event_id: str) -> dict | None:
        r = self._one("SELECT card FROM events WHERE id = ?", (event_id,))
        return json.loads(r[0]) if r and r[0] else None

    def events(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        """Event cards, newest event date first (undated last), then last updated first."""
        q, args = f"SELECT card FROM events {_EVENT_ORDER}", []
        if limit is not None:
            q, args = q + " LIMIT ? OFFSET ?", [limit, offset]
        return [json.loads(r[0]) for r in self._all(q, args) if r[0]]

    def select_events(self, ids: Iterable[str] | None = None, date_from: str | None = None,
                      date_before: str | None = None, limit: int | None = None,
                      offset: int = 0, order: str = "date") -> tuple[list[dict], int]:
        """Event cards in :meth:`events` order (``order="updated"``: latest article first)
        among ``ids`` (all when None), dated on or after ``date_from`` and before
        ``date_before`` (ISO days); and how many in all."""
        conds: list[str] = []
        args: list[Any] = []
        if date_from:
            conds.append("date >= ?")
            args.append(date_from)
        if date_before:
            conds.append("date < ?")
            args.append(date_before)
        if ids is not None:
            conds.append(self._in("id"))
            args.append(self._list(sorted(set(ids))))
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        total = self._one(f"SELECT COUNT(*) FROM events{where}", args)[0]
        by = _EVENT_ORDER if order != "updated" else \
            f"ORDER BY {self.dialect.json_field('card', 'updated')} DESC NULLS LAST, date DESC NULLS LAST, id"
        q = f"SELECT card FROM events{where} {by}"
        if limit is not None:
            q, args = q + " LIMIT ? OFFSET ?", [*args, limit, offset]
        return [json.loads(r[0]) for r in self._all(q, args) if r[0]], total

    def event_cards(self, ids: Iterable[str]) -> list[dict]:
        """The cards of these events, by id."""
        return [json.loads(r[0]) for r in self._all(f"SELECT card FROM events WHERE {self._in('id')} ORDER BY id",
                                                    [self._list(ids)]) if r[0]]

    def event_ids(self) -> list[str]:
        return [r[0] for r in self._all("SELECT id FROM events ORDER BY date DESC NULLS LAST, id")]

    def count_events(self) -> int:
        return self._one("SELECT COUNT(*) FROM events")[0]

    # -------------------------------------------------- clustering index
    def add_event_terms(self, event_id: str, terms: Iterable[str]) -> None:
        rows = [(t, event_id) for t in sorted(set(terms))]
        if rows:
            self._many("INSERT INTO event_terms VALUES (?, ?) ON CONFLICT DO NOTHING", rows)

    def move_event_terms(self, src: str, dst: str) -> None:
        self._run("INSERT INTO event_terms SELECT term, ? FROM event_terms WHERE event_id = ? ON CONFLICT DO NOTHING",
                  (dst, src))
        self._run("DELETE FROM event_terms WHERE event_id = ?", (src,))

    def events_with_terms(self, terms: Iterable[str], prefix: bool = False) -> dict[str, int]:
        """Candidate events sharing index terms, with the number of shared terms;
        ``prefix=True`` matches every term that starts with one of ``terms``."""
        terms = list(terms)
        out: dict[str, int] = {}
        if not terms:
            return out
        if prefix:
            for t in terms:
                for eid, n in self._all("SELECT event_id, COUNT(*) FROM event_terms WHERE term >= ? AND term < ? "
                                        "GROUP BY event_id", (t, t + "\uffff")):
                    out[eid] = out.get(eid, 0) + n
            return out
        return {r[0]: r[1] for r in self._all(
            f"SELECT event_id, COUNT(*) FROM event_terms WHERE {self._in('term')} GROUP BY event_id",
            [self._list(terms)])}

    def put_minhash(self, aid: str, sig: bytes) -> None:
        self._run("INSERT INTO minhashes VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET sig = excluded.sig", (aid, sig))

    def minhash(self, aid: str) -> bytes | None:
        r = self._one("SELECT sig FROM minhashes WHERE id = ?", (aid,))
        return bytes(r[0]) if r else None

    def add_bands(self, aid: str, keys: Iterable[int]) -> None:
        rows = [(k, aid) for k in keys]
        if rows:
            self._many("INSERT INTO lsh_bands VALUES (?, ?) ON CONFLICT DO NOTHING", rows)

    def ids_with_bands(self, keys: Iterable[int]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {r[0] for r in self._all(f"SELECT DISTINCT id FROM lsh_bands WHERE {self._in('key')}",
                                        [self._list(keys)])}

    # ---------------------------------------------------------------- search
    # (vnnews.search builds the queries, resolves filter names and makes the snippets;
    # these methods only run indexed look-ups.)
    def search_meta(self, rowids: list[int]) -> dict[int, tuple[str | None, str | None]]:
        """Article rowid -> (title, published): what ranking looks at."""
        if not rowids:
            return {}
        return {r[0]: (r[1], r[2]) for r in self._all(
            f"SELECT rowid, title, published FROM articles WHERE {self._in('rowid')}", [self._list(rowids)])}

    def search_articles(self, rowids: list[int]) -> dict[int, Mapping[str, Any]]:
        """What a search hit shows of the articles with these rowids."""
        if not rowids:
            return {}
        return {r["rowid"]: r for r in self._rows(
            "SELECT rowid, id, title, source, published, url, event_id, text FROM articles "
            f"WHERE {self._in('rowid')}", [self._list(rowids)])}

    def article_events(self, rowids: list[int]) -> dict[int, str | None]:
        """Article rowid -> its event id."""
        if not rowids:
            return {}
        return {r[0]: r[1] for r in self._all(f"SELECT rowid, event_id FROM articles WHERE {self._in('rowid')}",
                                              [self._list(rowids)])}

    def event_briefs(self, ids: list[str]) -> dict[str, dict]:
        """Event id -> ``{id, title, date, n_articles, places}`` (no full card parse)."""
        if not ids:
            return {}
        places = self.dialect.json_field("card", "places")
        return {r[0]: {"id": r[0], "title": r[1], "date": r[2], "n_articles": r[3],
                       "places": json.loads(r[4] or "[]")}
                for r in self._all(f"SELECT id, title, date, n_articles, {places} FROM events WHERE {self._in('id')}",
                                   [self._list(ids)])}

    # ----------------------------------------------------------------- names
    def mention_names(self, kind: str, first_chars: Iterable[str]) -> list[str]:
        """The distinct names of ``kind`` starting with one of ``first_chars`` (a skip
        scan of the mentions key: one index seek per name, never a table scan)."""
        q = ("WITH RECURSIVE s(n) AS ("
             "SELECT (SELECT min(name) FROM mentions WHERE kind = ? AND name >= ? AND name < ?) "
             "UNION ALL SELECT (SELECT min(name) FROM mentions WHERE kind = ? AND name > s.n AND name < ?) "
             "FROM s WHERE s.n IS NOT NULL) SELECT n FROM s WHERE n IS NOT NULL")
        out: list[str] = []
        for c in sorted(set(first_chars)):
            hi = chr(ord(c) + 1)
            out += [r[0] for r in self._all(q, (kind, c, hi, kind, hi))]
        return out

    def source_names(self) -> list[str]:
        """The distinct outlet names (a skip scan of the articles_source index)."""
        return [r[0] for r in self._all(
            "WITH RECURSIVE s(n) AS (SELECT (SELECT min(source) FROM articles) "
            "UNION ALL SELECT (SELECT min(source) FROM articles WHERE source > s.n) FROM s "
            "WHERE s.n IS NOT NULL) SELECT n FROM s WHERE n IS NOT NULL")]

    def event_mentions(self, event_id: str) -> list[tuple[str, str, str]]:
        """``(kind, name, article_id)`` for every entity named in the event's articles."""
        return [(r[0], r[1], r[2]) for r in self._all(
            "SELECT m.kind, m.name, m.article_id FROM articles a JOIN mentions m ON m.article_id = a.id "
            "WHERE a.event_id = ? ORDER BY m.kind, m.name, m.article_id", (event_id,))]

    def mention_events(self, kind: str, names: Sequence[str]) -> list[tuple[str, str]]:
        """``(event_id, article_id)`` of the articles in an event naming one of ``names``."""
        if not names:
            return []
        return [(r[0], r[1]) for r in self._all(
            "SELECT DISTINCT a.event_id, m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            f"WHERE m.kind = ? AND {self._in('m.name')} AND a.event_id IS NOT NULL ORDER BY 1, 2",
            (kind, self._list(names)))]

    # ------------------------------------------------- services (see below)
    def filter_events(self, limit: int | None = None, offset: int = 0, **filters: Any) -> tuple[list[dict], int]:
        """:func:`filter_events` on this store."""
        return filter_events(self, limit, offset, **filters)

    def person_events(self, name: str) -> list[tuple[dict, list[str]]]:
        """:func:`person_events` on this store."""
        return person_events(self, name)


# ------------------------------------------------------------ query services
def _day_after(value: Any) -> str:
    day = value if isinstance(value, _date) else _date.fromisoformat(str(value)[:10])
    return (day + timedelta(days=1)).isoformat()


def filter_events(store: Store, limit: int | None = None, offset: int = 0, *, place: str | None = None,
                  person: str | None = None, date_from: Any = None,
                  date_to: Any = None, order: str = "date") -> tuple[list[dict], int]:
    """Event cards matching the filters in the order of ``store.events``, and how many
    match in all. ``place``/``person``: named in one of the event's articles (names
    compare as in :func:`vnnews.search.name_matches`); ``date_from``/``date_to``: the
    event date, inclusive (dates or ISO strings). ``order="updated"``: the event with
    the latest article first."""
    from ..search import resolve_names

    ids: set[str] | None = None
    for kind, value in (("place", place), ("person", person)):
        if value and value.strip():
            names = resolve_names(store, kind, value)
            found = {e for e, _ in store.mention_events(kind, names)}
            ids = found if ids is None else ids & found
    if ids is not None and not ids:
        return [], 0
    return store.select_events(ids, str(date_from)[:10] if date_from else None,
                               _day_after(date_to) if date_to else None, limit, offset, order)


def person_events(store: Store, name: str) -> list[tuple[dict, list[str]]]:
    """``(card, ids of its articles naming the person)`` for each event naming
    ``name`` (as in :func:`vnnews.search.name_matches`), by date (undated last) then id."""
    from ..search import resolve_names

    arts: dict[str, set[str]] = {}
    for eid, aid in store.mention_events("person", resolve_names(store, "person", name)):
        arts.setdefault(eid, set()).add(aid)
    cards = store.event_cards(arts)
    cards.sort(key=lambda c: (c.get("date") or "9999", c.get("id") or ""))
    return [(c, sorted(arts.get(c.get("id"), ()))) for c in cards]


__all__ = ["Store", "SqlStore", "Dialect", "Match", "Phrase", "Near", "near_holds", "AllOf", "AnyOf", "Without", "ARTICLE_COLUMNS",
           "dump_json", "filter_events", "person_events"]
