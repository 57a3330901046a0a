"""SQLite store (the default): articles, events, clustering index, FTS5 search.

One ingest batch is one transaction (WAL mode), so a crash leaves only whole
articles. Documents are stored with their extracted text, paragraphs, sentences and
facts as JSON; event cards are stored as the JSON of INTERFACE.md. The SQL shared with
PostgreSQL is :class:`vnnews.store.base.SqlStore`; here are the connection, the
transactions and the FTS5 index (search queries compiled to FTS5 ``MATCH`` text).
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Sequence

from ..model import Document
from .base import AllOf, AnyOf, Dialect, Match, Near, Phrase, SqlStore, Without, dump_json

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
-- an event's terms by event (merges move them, deletes drop them): without it each merge
-- scans the whole index, a cost that grows with the archive (benchmarks/bench_cluster_scale.py)
CREATE INDEX IF NOT EXISTS event_terms_event ON event_terms(event_id);
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


SQLITE = Dialect("sqlite", "?", in_list=lambda col: f"{col} IN (SELECT value FROM json_each(?))",
                 list_arg=dump_json, json_field=lambda col, key: f"json_extract({col}, '$.{key}')")


def fts5(match: Match) -> str:
    """The FTS5 ``MATCH`` expression of a structured search query."""
    if isinstance(match, Phrase):
        return "{" + " ".join(match.columns) + '} : "' + " ".join(match.words) + '"'
    if isinstance(match, Near):
        cols = match.phrases[0].columns if match.phrases else ("title", "text")
        return ("{" + " ".join(cols) + "} : NEAR(" + " ".join('"' + " ".join(p.words) + '"' for p in match.phrases)
                + f", {match.distance})")
    if isinstance(match, AllOf):
        return " AND ".join(f"({fts5(p)})" for p in match.parts)
    if isinstance(match, AnyOf):
        return " OR ".join(f"({fts5(p)})" for p in match.parts)
    if isinstance(match, Without):
        return f"({fts5(match.keep)}) NOT ({fts5(match.drop)})"
    raise TypeError(f"not a search query: {match!r}")


def _busy_timeout(timeout: float | None) -> float:
    """How long opening, creating or writing waits for another process (settings
    ``store.busy_timeout_s`` unless given)."""
    if timeout is not None:
        return timeout
    from ..settings import DEFAULT

    return DEFAULT.store.busy_timeout_s


def _retry_locked(fn, timeout: float | None = None):
    """Run ``fn`` again while SQLite answers "locked"/"busy" (two processes creating one
    database at once: switching to WAL and the schema script do not all wait on the busy
    handler), up to ``timeout`` seconds."""
    deadline = time.monotonic() + _busy_timeout(timeout)
    delay = 0.01
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as e:
            msg = str(e).lower()
            if ("locked" not in msg and "busy" not in msg) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.25)


def connect(path: str, busy_timeout_s: float | None = None) -> sqlite3.Connection:
    """A connection to the SQLite file ``path`` as vnnews uses them: WAL journal,
    autocommit (transactions are explicit), rows by name and position, a wait for
    a writer (``busy_timeout_s``, default settings ``store.busy_timeout_s`` = 60 s;
    switching to WAL retried while another process creates the file). OSError
    when the file's folder does not exist."""
    busy_timeout_s = _busy_timeout(busy_timeout_s)
    d = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(d):
        raise OSError(f"folder {d} does not exist: create it or choose another --db")
    db = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    _retry_locked(lambda: db.execute("PRAGMA journal_mode=WAL"), busy_timeout_s)
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class SqliteStore(SqlStore):
    dialect = SQLITE

    def __init__(self, path: str, readonly: bool = False, busy_timeout_s: float | None = None):
        self.path = path
        self.busy_timeout_s = _busy_timeout(busy_timeout_s)
        if readonly:
            self._open_readonly(path)
            return
        self.db = connect(path, self.busy_timeout_s)
        # 64 MiB page cache (SQLite's default is 2 MiB): the clustering index look-ups of a
        # batch touch a few thousand scattered B-tree pages; with the default cache they are
        # re-read from the OS on every batch and the per-article cost grows with the archive.
        self.db.execute("PRAGMA cache_size=-65536")
        _retry_locked(lambda: self.db.executescript("BEGIN IMMEDIATE;" + SCHEMA + "COMMIT;"), self.busy_timeout_s)

    def _open_readonly(self, path: str) -> None:
        from urllib.parse import quote

        from ..errors import E, InputError

        if not os.path.isfile(path):
            raise InputError(E.NO_DATABASE, f"no database {path}: ingest articles first (vnnews ingest PATH --db {path})")
        uri = "file:" + quote(os.path.abspath(path)) + "?mode=ro"
        self.db = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout_s, isolation_level=None,
                                  check_same_thread=False)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA query_only=1")
        self.db.execute("PRAGMA cache_size=-65536")
        self._search_ready = True  # never re-index from a reader

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

    def _many(self, q: str, rows: list[tuple]) -> None:
        self.db.executemany(q, rows)

    def _rows(self, q: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        return self.db.execute(q, tuple(args)).fetchall()  # sqlite3.Row: by name and by position

    # -------------------------------------------------------------------- search
    def _insert_article(self, doc: Document, values: tuple) -> None:
        self.db.execute(f"INSERT INTO articles VALUES ({','.join('?' * len(values))})", values)
        self._index_article(doc)

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

    def search(self, match: Match, limit: int = 20, *, folded: bool = False, since: int | None = None) -> list[int]:
        """Rowids of the articles matching ``match`` in the accented index (or the folded
        one), newest first (by rowid), at most ``limit``, none below ``since``. Ranking is
        :mod:`vnnews.search`'s, on this window."""
        self.ensure_search_index()
        t = "articles_fts_folded" if folded else "articles_fts"
        return [r[0] for r in self.db.execute(
            f"SELECT rowid FROM {t} WHERE {t} MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT ?",
            (fts5(match), since or 0, limit))]
