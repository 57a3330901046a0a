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
from typing import Any, Iterable, Iterator

from ..model import Document, Facts, Paragraph, Sentence
from ..schema import from_data, to_data

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
-- search (vnnews.search): two FTS5 indexes, one row per article whose rowid is the
-- article's rowid: articles_fts holds the tone-canonical title and text with their
-- accents, articles_fts_folded the same without diacritics (vnnews.search.fold_text),
-- so an accented word and a bare one never share a posting list. `facets` holds one
-- token per person, place, outlet and publication year/month/day (the filters).
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, facets, tokenize = "unicode61 remove_diacritics 0"
);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts_folded USING fts5(
    title, text, facets, tokenize = "unicode61 remove_diacritics 0"
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
"""


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


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
        # 64 MiB page cache (SQLite's default is 2 MiB): the clustering index look-ups of a
        # batch touch a few thousand scattered B-tree pages; with the default cache they are
        # re-read from the OS on every batch and the per-article cost grows with the archive.
        self.db.execute("PRAGMA cache_size=-65536")
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
        facts = to_data(doc.facts) if doc.facts else None
        self._unindex_article(doc.id)
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (doc.id,))
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, content_hash, doc.title, doc.source, doc.original_source, doc.url, doc.published,
             doc.author, _j(doc.tags), doc.language, doc.origin, doc.encoding, doc.text, doc.raw_text,
             _j(to_data(doc.paragraphs)), _j(to_data(doc.sentences)),
             _j(facts), _j(doc.offset_map), _j(doc.meta), _j(doc.boilerplate),
             doc.event, doc.duplicate_of, doc.facts.event_date if doc.facts else None, time.time()))
        self._index_article(doc)
        if doc.facts:
            rows = {("person", p.name) for p in doc.facts.people}
            rows |= {("place", p) for p in doc.facts.places}
            rows |= {("org", o) for o in doc.facts.organizations}
            self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?)",
                                [(k, n, doc.id) for k, n in rows])

    def set_event(self, article_id: str, event_id: str) -> None:
        self.db.execute("UPDATE articles SET event_id = ? WHERE id = ?", (event_id, article_id))

    def move_articles(self, ids: list[str], src: str, dst: str) -> None:
        """Move articles of event ``src`` to event ``dst``, each with its copy family (its
        original and that original's syndicated copies) where those are in ``src`` too."""
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join(["?"] * len(chunk))
            self.db.execute(f"UPDATE articles SET event_id = ? WHERE event_id = ? AND COALESCE(duplicate_of, id) "
                            f"IN (SELECT COALESCE(duplicate_of, id) FROM articles WHERE id IN ({marks}))",
                            (dst, src, *chunk))

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
            paragraphs=[from_data(Paragraph, p) for p in json.loads(r["paragraphs"] or "[]")],
            sentences=[from_data(Sentence, s) for s in json.loads(r["sentences"] or "[]")],
            facts=from_data(Facts, json.loads(r["facts"] or "null")),
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

    def events_with_terms(self, terms: Iterable[str], prefix: bool = False) -> dict[str, int]:
        """Candidate events sharing index terms, with the number of shared terms;
        ``prefix=True`` matches every term that starts with one of ``terms``."""
        terms = list(terms)
        out: dict[str, int] = {}
        if prefix:
            for t in terms:
                q = "SELECT event_id, COUNT(*) FROM event_terms WHERE term >= ? AND term < ? GROUP BY event_id"
                for eid, n in self.db.execute(q, (t, t + "\uffff")):
                    out[eid] = out.get(eid, 0) + n
            return out
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
    def _index_article(self, doc: Document) -> None:
        """The article's rows in both FTS indexes (after its row in ``articles``)."""
        from ..search import facet_tokens, index_columns

        self.ensure_search_index()

        title, text, title_f, text_f = index_columns(doc.title, doc.text)
        facets = facet_tokens(doc.source, doc.published,
                              [p.name for p in doc.facts.people] if doc.facts else [],
                              list(doc.facts.places) if doc.facts else [])
        rowid = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (doc.id,)).fetchone()[0]
        self._unindex_article(doc.id)  # (a first re-index of an old database may have added it)
        self.db.execute("INSERT INTO articles_fts(rowid, title, text, facets) VALUES (?,?,?,?)",
                        (rowid, title, text, facets))
        self.db.execute("INSERT INTO articles_fts_folded(rowid, title, text, facets) VALUES (?,?,?,?)",
                        (rowid, title_f, text_f, facets))

    def _unindex_article(self, article_id: str) -> None:
        r = self.db.execute("SELECT rowid FROM articles WHERE id = ?", (article_id,)).fetchone()
        if r is not None:
            self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (r[0],))
            self.db.execute("DELETE FROM articles_fts_folded WHERE rowid = ?", (r[0],))

    def ensure_search_index(self) -> None:
        """Once per store: make sure both FTS indexes hold exactly the stored articles,
        keyed by their rowids. A database from before this layout (one ``articles_fts``
        table with folded columns, rows keyed by id) is re-indexed once; afterwards the
        folded table's ``rank`` setting marks the index as checked."""
        if getattr(self, "_search_ready", False):
            return
        from contextlib import nullcontext

        from ..search import RANK, facet_tokens, index_columns

        marked = self.db.execute("SELECT 1 FROM articles_fts_folded_config WHERE k = 'rank'").fetchone()
        if marked is None:
            try:
                with (nullcontext() if self.db.in_transaction else self.transaction()):
                    cols = [r[1] for r in self.db.execute("PRAGMA table_info(articles_fts)")]
                    n = self.count_articles()
                    stale = "facets" not in cols or any(
                        self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] != n
                        for t in ("articles_fts", "articles_fts_folded"))
                    if stale:
                        self.db.execute("DROP TABLE IF EXISTS articles_fts")
                        self.db.execute("DROP TABLE IF EXISTS articles_fts_folded")
                        ddl = SCHEMA[SCHEMA.index("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts "):
                                     SCHEMA.index("CREATE INDEX IF NOT EXISTS articles_source")]
                        for stmt in ddl.split(";"):
                            if stmt.strip():
                                self.db.execute(stmt)
                        names: dict[str, dict[str, list[str]]] = {}
                        for kind, name, aid in self.db.execute(
                                "SELECT kind, name, article_id FROM mentions WHERE kind IN ('person', 'place')"):
                            names.setdefault(aid, {}).setdefault(kind, []).append(name)
                        for r in self.db.execute("SELECT rowid, id, title, text, source, published FROM articles"):
                            title, text, title_f, text_f = index_columns(r[2], r[3])
                            m = names.get(r[1], {})
                            facets = facet_tokens(r[4], r[5], m.get("person", []), m.get("place", []))
                            self.db.execute("INSERT INTO articles_fts(rowid, title, text, facets) VALUES (?,?,?,?)",
                                            (r[0], title, text, facets))
                            self.db.execute("INSERT INTO articles_fts_folded(rowid, title, text, facets) "
                                            "VALUES (?,?,?,?)", (r[0], title_f, text_f, facets))
                    self.db.execute("INSERT INTO articles_fts_folded(articles_fts_folded, rank) "
                                    "VALUES ('rank', ?)", (RANK,))
            except sqlite3.OperationalError:  # a read-only database: search it as it is
                pass
        self._search_ready = True

    def optimize_search_index(self) -> None:
        """Merge each FTS index into one segment (after a large ingest: fewer segments,
        faster queries). Takes about half a minute per 100,000 articles."""
        for t in ("articles_fts", "articles_fts_folded"):
            self.db.execute(f"INSERT INTO {t}({t}) VALUES ('optimize')")

    def search(self, match: str, limit: int = 20, *, folded: bool = False, since: int | None = None) -> list[int]:
        """Rowids of the articles matching the FTS5 expression ``match`` in the accented
        index (or the folded one), newest first (by rowid), at most ``limit``, none below
        ``since``. Ranking is :mod:`vnnews.search`'s, on this window."""
        self.ensure_search_index()
        t = "articles_fts_folded" if folded else "articles_fts"
        return [r[0] for r in self.db.execute(
            f"SELECT rowid FROM {t} WHERE {t} MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
            (match, since or 0, limit))]

    def search_meta(self, rowids: list[int]) -> dict[int, tuple[str | None, str | None]]:
        """Article rowid -> (title, published): what ranking looks at."""
        if not rowids:
            return {}
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT rowid, title, published FROM articles WHERE rowid IN (SELECT value FROM json_each(?))",
            (_j(rowids),))}

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

