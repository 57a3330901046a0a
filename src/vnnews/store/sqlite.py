"""SQLite store (the default): articles, events, clustering index, FTS5 search.

One ingest batch is one transaction (WAL mode), so a crash leaves only whole
articles. Documents are stored with their extracted text, paragraphs, sentences and
facts as JSON; event cards are stored as the JSON of INTERFACE.md.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, Iterable, Iterator

from ..model import (DateRef, Document, Facts, Figure, Mention, Paragraph, Person, Quote,
                     Sentence)
from ..normalize import fold

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT, source TEXT, original_source TEXT, url TEXT, published TEXT,
    author TEXT, tags TEXT, language TEXT, origin TEXT, encoding TEXT,
    text TEXT NOT NULL, raw_text TEXT,
    paragraphs TEXT, sentences TEXT, facts TEXT, offset_map TEXT, meta TEXT,
    boilerplate TEXT,
    event_id TEXT, duplicate_of TEXT, event_date TEXT,
    ingested_at REAL
);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event_id);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    date TEXT,
    title TEXT,
    n_articles INTEGER,
    card TEXT,
    state TEXT,
    updated_at REAL
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS event_terms (
    term TEXT NOT NULL,
    event_id TEXT NOT NULL,
    PRIMARY KEY (term, event_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS minhashes (
    id TEXT PRIMARY KEY,
    sig BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    key INTEGER NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    kind TEXT NOT NULL, name TEXT NOT NULL, article_id TEXT NOT NULL,
    PRIMARY KEY (kind, name, article_id)
) WITHOUT ROWID;
-- search (vnnews.search): one FTS5 row per article, its rowid = the article's rowid;
-- title/text tone-canonical with their accents, *_folded without (same tokens).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, title, text, title_folded, text_folded,
    tokenize = "unicode61 remove_diacritics 0"
);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
"""


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def facts_from_json(d: dict | None) -> Facts | None:
    if not d:
        return None
    return Facts(
        people=[Person(name=p["name"], titles=p.get("titles", []), aliases=p.get("aliases", []),
                       sources=p.get("sources", []),
                       mentions=[Mention(**m) for m in p.get("mentions", [])])
                for p in d.get("people", [])],
        organizations=d.get("organizations", []),
        places=d.get("places", []),
        dates=[DateRef(**x) for x in d.get("dates", [])],
        figures=[Figure(**x) for x in d.get("figures", [])],
        quotes=[Quote(**x) for x in d.get("quotes", [])],
        event_date=d.get("event_date"),
    )


class SqliteStore:
    def __init__(self, path: str):
        self.path = path
        d = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(d):
            raise OSError(f"folder {d} does not exist: create it or choose another --db")
        self.db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    # ------------------------------------------------------------------ articles
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = "SELECT id, content_hash FROM articles WHERE id IN (%s)" % ",".join("?" * len(chunk))
            out.update({r[0]: r[1] for r in self.db.execute(q, chunk)})
        return out

    def put_article(self, doc: Document, content_hash: str) -> None:
        """Insert or replace one article (inside the caller's transaction)."""
        facts = asdict(doc.facts) if doc.facts else None
        self.db.execute("DELETE FROM articles_fts WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)",
                        (doc.id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (doc.id,))
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, content_hash, doc.title, doc.source, doc.original_source, doc.url, doc.published,
             doc.author, _j(doc.tags), doc.language, doc.origin, doc.encoding, doc.text, doc.raw_text,
             _j([asdict(p) for p in doc.paragraphs]), _j([asdict(s) for s in doc.sentences]),
             _j(facts), _j(doc.offset_map), _j(doc.meta), _j(doc.boilerplate),
             doc.event, doc.duplicate_of, doc.facts.event_date if doc.facts else None, time.time()))
        self.db.execute("INSERT INTO articles_fts(rowid, id, title, text, title_folded, text_folded) "
                        "SELECT rowid, ?, ?, ?, ?, ? FROM articles WHERE id = ?",
                        (doc.id, *fts_columns(doc.title, doc.text), doc.id))
        if doc.facts:
            rows = {("person", p.name) for p in doc.facts.people}
            rows |= {("place", p) for p in doc.facts.places}
            rows |= {("org", o) for o in doc.facts.organizations}
            self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?)",
                                [(k, n, doc.id) for k, n in rows])

    def set_event(self, article_id: str, event_id: str) -> None:
        self.db.execute("UPDATE articles SET event_id = ? WHERE id = ?", (event_id, article_id))

    def relink_copies(self, old_root: str, new_root: str) -> None:
        """Make ``new_root`` the original of ``old_root`` and of all its copies."""
        self.db.execute("UPDATE articles SET duplicate_of = ? WHERE id = ? OR duplicate_of = ?",
                        (new_root, old_root, old_root))

    def get_document(self, aid: str) -> Document | None:
        r = self.db.execute("SELECT * FROM articles WHERE id = ?", (aid,)).fetchone()
        return self._doc(r) if r else None

    def documents(self, ids: Iterable[str]) -> list[Document]:
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = "SELECT * FROM articles WHERE id IN (%s)" % ",".join("?" * len(chunk))
            out += [self._doc(r) for r in self.db.execute(q, chunk)]
        order = {a: k for k, a in enumerate(ids)}
        return sorted(out, key=lambda d: order.get(d.id, 0))

    def event_members(self, event_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE event_id = ? ORDER BY published, id", (event_id,))]

    def article_rows(self) -> Iterator[sqlite3.Row]:
        yield from self.db.execute("SELECT * FROM articles ORDER BY published, id")

    def _doc(self, r: sqlite3.Row) -> Document:
        doc = Document(
            id=r["id"], text=r["text"], title=r["title"], source=r["source"],
            original_source=r["original_source"], url=r["url"], published=r["published"],
            author=r["author"], tags=json.loads(r["tags"] or "[]"), language=r["language"],
            origin=r["origin"] or "", raw_text=r["raw_text"] or "", encoding=r["encoding"],
            paragraphs=[Paragraph(**p) for p in json.loads(r["paragraphs"] or "[]")],
            sentences=[Sentence(**s) for s in json.loads(r["sentences"] or "[]")],
            facts=facts_from_json(json.loads(r["facts"] or "null")),
            offset_map=json.loads(r["offset_map"] or "null"),
            meta=json.loads(r["meta"] or "{}"),
            boilerplate=json.loads(r["boilerplate"] or "[]"),
            event=r["event_id"], duplicate_of=r["duplicate_of"],
        )
        return doc

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -------------------------------------------------------------------- events
    def put_event(self, event_id: str, card: dict, state: dict | None = None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO events VALUES (?,?,?,?,?,?,?)",
            (event_id, card.get("date"), card.get("title"), len(card.get("articles", [])), _j(card),
             _j(state) if state is not None else None, time.time()))

    def delete_event(self, event_id: str) -> None:
        self.db.execute("DELETE FROM events WHERE id = ?", (event_id,))
        self.db.execute("DELETE FROM event_terms WHERE event_id = ?", (event_id,))

    def event_state(self, event_id: str) -> dict | None:
        r = self.db.execute("SELECT state FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(r[0]) if r and r[0] else None

    def get_event(self, event_id: str) -> dict | None:
        r = self.db.execute("SELECT card FROM events WHERE id = ?", (event_id,)).fetchone()
        return json.loads(r[0]) if r and r[0] else None

    def events(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        q = "SELECT card FROM events ORDER BY date DESC, updated_at DESC, id"
        args: list[Any] = []
        if limit is not None:
            q += " LIMIT ? OFFSET ?"
            args = [limit, offset]
        return [json.loads(r[0]) for r in self.db.execute(q, args) if r[0]]

    def event_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM events ORDER BY date DESC, id")]

    def count_events(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    # ---------------------------------------------------------- clustering index
    def add_event_terms(self, event_id: str, terms: Iterable[str]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO event_terms VALUES (?, ?)",
                            [(t, event_id) for t in terms])

    def move_event_terms(self, src: str, dst: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO event_terms SELECT term, ? FROM event_terms WHERE event_id = ?",
                        (dst, src))
        self.db.execute("DELETE FROM event_terms WHERE event_id = ?", (src,))

    def events_with_terms(self, terms: Iterable[str]) -> dict[str, int]:
        """Candidate events sharing index terms, with the number of shared terms."""
        terms = list(terms)
        out: dict[str, int] = {}
        for i in range(0, len(terms), 500):
            chunk = terms[i:i + 500]
            q = ("SELECT event_id, COUNT(*) FROM event_terms WHERE term IN (%s) GROUP BY event_id"
                 % ",".join("?" * len(chunk)))
            for eid, n in self.db.execute(q, chunk):
                out[eid] = out.get(eid, 0) + n
        return out

    def put_minhash(self, aid: str, sig: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO minhashes VALUES (?, ?)", (aid, sig))

    def minhash(self, aid: str) -> bytes | None:
        r = self.db.execute("SELECT sig FROM minhashes WHERE id = ?", (aid,)).fetchone()
        return r[0] if r else None

    def add_bands(self, aid: str, keys: Iterable[int]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?)", [(k, aid) for k in keys])

    def ids_with_bands(self, keys: Iterable[int]) -> set[str]:
        keys = list(keys)
        q = "SELECT DISTINCT id FROM lsh_bands WHERE key IN (%s)" % ",".join("?" * len(keys))
        return {r[0] for r in self.db.execute(q, keys)} if keys else set()

    # -------------------------------------------------------------------- search
    # (vnnews.search builds the MATCH expressions, resolves filter names and makes
    # the snippets; these methods only run indexed queries.)
    def ensure_search_index(self) -> None:
        """Once per store: make sure every FTS row's rowid is its article's rowid.

        Databases written before that rule (FTS rows joined by id) are re-indexed once;
        the FTS table's ``rank`` setting marks an index known to follow the rule.
        """
        if getattr(self, "_search_ready", False):
            return
        from ..search import RANK, index_columns

        if self.db.execute("SELECT 1 FROM articles_fts_config WHERE k = 'rank'").fetchone() is None:
            try:
                with self.transaction():
                    stale = self.db.execute(
                        "SELECT EXISTS (SELECT 1 FROM articles_fts f LEFT JOIN articles a ON a.rowid = f.rowid "
                        "WHERE a.id IS NOT f.id)").fetchone()[0]
                    n_fts = self.db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
                    if stale or n_fts != self.count_articles():
                        self.db.execute("DELETE FROM articles_fts")
                        rows = self.db.execute("SELECT rowid, id, title, text FROM articles")
                        self.db.executemany(
                            "INSERT INTO articles_fts(rowid, id, title, text, title_folded, text_folded) "
                            "VALUES (?,?,?,?,?,?)",
                            ((r[0], r[1], *index_columns(r[2], r[3])) for r in rows))
                    self.db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', ?)", (RANK,))
            except sqlite3.OperationalError:  # a read-only database: search it as it is
                pass
        self._search_ready = True

    def search(self, match: str, limit: int = 20, offset: int = 0, *, exact: str | None = None,
               date_from: str | None = None, date_to: str | None = None, sources: list[str] | None = None,
               mentions: list[tuple[str, list[str]]] | None = None) -> list[sqlite3.Row]:
        """``(rowid, score, exact)`` of the articles matching the FTS5 expression ``match``,
        best first: those matching ``exact`` too (when given) before the others, then by
        BM25 (``score``, lower is better). Filters: publication time in
        [``date_from``, ``date_to``) (ISO prefixes), outlet in ``sources``, and for each
        ``(kind, names)`` of ``mentions`` one of the names mentioned in the article."""
        from ..search import RANK

        self.ensure_search_index()
        weights = RANK[RANK.index("(") + 1:RANK.index(")")]
        args: dict[str, Any] = {"m": match, "x": exact, "n": limit, "o": offset}
        conds = ["articles_fts MATCH :m"]
        if date_from:
            conds.append("+a.published >= :df")
            args["df"] = date_from
        if date_to:
            conds.append("+a.published < :dt")
            args["dt"] = date_to
        if sources is not None:
            conds.append("a.source IN (SELECT value FROM json_each(:src))")
            args["src"] = _j(sources)
        for i, (kind, names) in enumerate(mentions or []):
            conds.append(f"a.id IN (SELECT m.article_id FROM mentions m WHERE m.kind = :k{i} "
                         f"AND m.name IN (SELECT value FROM json_each(:n{i})))")
            args[f"k{i}"], args[f"n{i}"] = kind, _j(names)
        join = " JOIN articles a ON a.rowid = articles_fts.rowid" if len(conds) > 1 else ""
        exact_col = ("articles_fts.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :x)"
                     if exact else "NULL")
        q = (f"SELECT articles_fts.rowid AS rowid, bm25(articles_fts, {weights}) AS score, {exact_col} AS exact "
             f"FROM articles_fts{join} WHERE {' AND '.join(conds)} "
             f"ORDER BY {'exact DESC, ' if exact else ''}score LIMIT :n OFFSET :o")
        return list(self.db.execute(q, args))

    def search_articles(self, rowids: list[int]) -> dict[int, sqlite3.Row]:
        """What a search hit shows of the articles with these rowids."""
        if not rowids:
            return {}
        return {r["rowid"]: r for r in self.db.execute(
            "SELECT rowid, id, title, source, published, url, event_id, text FROM articles "
            "WHERE rowid IN (SELECT value FROM json_each(?))", (_j(rowids),))}

    def article_events(self, rowids: list[int]) -> dict[int, str | None]:
        """Article rowid -> its event id."""
        out: dict[int, str | None] = {}
        for i in range(0, len(rowids), 5000):
            out.update(self.db.execute("SELECT rowid, event_id FROM articles WHERE rowid IN "
                                       "(SELECT value FROM json_each(?))", (_j(rowids[i:i + 5000]),)).fetchall())
        return out

    def event_briefs(self, ids: list[str]) -> dict[str, dict]:
        """Event id -> ``{id, title, date, n_articles, places}`` (no full card parse)."""
        if not ids:
            return {}
        return {r[0]: {"id": r[0], "title": r[1], "date": r[2], "n_articles": r[3],
                       "places": json.loads(r[4] or "[]")}
                for r in self.db.execute(
                    "SELECT id, title, date, n_articles, json_extract(card, '$.places') FROM events "
                    "WHERE id IN (SELECT value FROM json_each(?))", (_j(ids),))}

    def mention_names(self, kind: str, first_chars: Iterable[str]) -> list[str]:
        """The distinct names of ``kind`` starting with one of ``first_chars`` (a skip
        scan of the mentions key: one index seek per name, never a table scan)."""
        out: list[str] = []
        q = ("WITH RECURSIVE s(n) AS ("
             "SELECT (SELECT min(name) FROM mentions WHERE kind = :k AND name >= :lo AND name < :hi) "
             "UNION ALL SELECT (SELECT min(name) FROM mentions WHERE kind = :k AND name > s.n AND name < :hi) "
             "FROM s WHERE s.n IS NOT NULL) SELECT n FROM s WHERE n IS NOT NULL")
        for c in sorted(set(first_chars)):
            out += [r[0] for r in self.db.execute(q, {"k": kind, "lo": c, "hi": chr(ord(c) + 1)})]
        return out

    def source_names(self) -> list[str]:
        """The distinct outlet names (a skip scan of the articles_source index)."""
        q = ("WITH RECURSIVE s(n) AS (SELECT (SELECT min(source) FROM articles) "
             "UNION ALL SELECT (SELECT min(source) FROM articles WHERE source > s.n) FROM s "
             "WHERE s.n IS NOT NULL) SELECT n FROM s WHERE n IS NOT NULL")
        return [r[0] for r in self.db.execute(q)]

    def event_mentions(self, event_id: str) -> list[tuple[str, str, str]]:
        """``(kind, name, article_id)`` for every entity named in the event's articles."""
        return [(r[0], r[1], r[2]) for r in self.db.execute(
            "SELECT m.kind, m.name, m.article_id FROM articles a JOIN mentions m ON m.article_id = a.id "
            "WHERE a.event_id = ? ORDER BY m.kind, m.name, m.article_id", (event_id,))]

    def _events_naming(self, kind: str, query: str) -> set[str]:
        from ..search import resolve_names

        names = resolve_names(self, kind, query)
        if not names:
            return set()
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT a.event_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = ? AND m.name IN (SELECT value FROM json_each(?)) AND a.event_id IS NOT NULL",
            (kind, _j(names)))}

    def filter_events(self, limit: int | None = None, offset: int = 0, *, place: str | None = None,
                      person: str | None = None, date_from: Any = None,
                      date_to: Any = None) -> tuple[list[dict], int]:
        """Event cards matching the filters in the order of :meth:`events`, and how many
        match in all. ``place``/``person``: named in one of the event's articles (names
        compare as in :func:`vnnews.search.name_matches`); ``date_from``/``date_to``:
        the event date, inclusive (dates or ISO strings)."""
        from datetime import date as _date, timedelta

        conds: list[str] = []
        args: list[Any] = []
        if date_from:
            conds.append("e.date >= ?")
            args.append(str(date_from)[:10])
        if date_to:
            day = date_to if isinstance(date_to, _date) else _date.fromisoformat(str(date_to)[:10])
            conds.append("e.date < ?")
            args.append((day + timedelta(days=1)).isoformat())
        ids: set[str] | None = None
        for kind, value in (("place", place), ("person", person)):
            if value and value.strip():
                found = self._events_naming(kind, value)
                ids = found if ids is None else ids & found
        if ids is not None:
            if not ids:
                return [], 0
            conds.append("e.id IN (SELECT value FROM json_each(?))")
            args.append(_j(sorted(ids)))
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        total = self.db.execute(f"SELECT COUNT(*) FROM events e{where}", args).fetchone()[0]
        q = f"SELECT e.card FROM events e{where} ORDER BY e.date DESC, e.updated_at DESC, e.id"
        if limit is not None:
            q += " LIMIT ? OFFSET ?"
            args = [*args, limit, offset]
        return [json.loads(r[0]) for r in self.db.execute(q, args) if r[0]], total

    def person_events(self, name: str) -> list[tuple[dict, list[str]]]:
        """``(card, ids of its articles naming the person)`` for each event naming
        ``name`` (as in :func:`vnnews.search.name_matches`), by date then id."""
        from ..search import resolve_names

        names = resolve_names(self, "person", name)
        if not names:
            return []
        arts: dict[str, set[str]] = {}
        for eid, aid in self.db.execute(
                "SELECT a.event_id, m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE m.kind = 'person' AND m.name IN (SELECT value FROM json_each(?)) "
                "AND a.event_id IS NOT NULL", (_j(names),)):
            arts.setdefault(eid, set()).add(aid)
        cards = [json.loads(r[0]) for r in self.db.execute(
            "SELECT card FROM events WHERE id IN (SELECT value FROM json_each(?)) ORDER BY date, id",
            (_j(sorted(arts)),)) if r[0]]
        cards.sort(key=lambda c: (c.get("date") or "9999", c.get("id") or ""))
        return [(c, sorted(arts.get(c.get("id"), ()))) for c in cards]


def fts_columns(title: str | None, text: str | None) -> tuple[str, str, str, str]:
    """The indexed columns of an article (see :func:`vnnews.search.index_columns`)."""
    from ..search import index_columns

    return index_columns(title, text)
