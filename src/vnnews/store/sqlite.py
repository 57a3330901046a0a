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
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, title, text, title_folded, text_folded,
    tokenize = "unicode61 remove_diacritics 0"
);
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
        self.db.execute("DELETE FROM articles_fts WHERE id = ?", (doc.id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (doc.id,))
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.id, content_hash, doc.title, doc.source, doc.original_source, doc.url, doc.published,
             doc.author, _j(doc.tags), doc.language, doc.origin, doc.encoding, doc.text, doc.raw_text,
             _j([asdict(p) for p in doc.paragraphs]), _j([asdict(s) for s in doc.sentences]),
             _j(facts), _j(doc.offset_map), _j(doc.meta), _j(doc.boilerplate),
             doc.event, doc.duplicate_of, doc.facts.event_date if doc.facts else None, time.time()))
        self.db.execute("INSERT INTO articles_fts VALUES (?,?,?,?,?)",
                        (doc.id, doc.title or "", doc.text, fold(doc.title or ""), fold(doc.text)))
        if doc.facts:
            rows = {("person", p.name) for p in doc.facts.people}
            rows |= {("place", p) for p in doc.facts.places}
            rows |= {("org", o) for o in doc.facts.organizations}
            self.db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?)",
                                [(k, n, doc.id) for k, n in rows])

    def set_event(self, article_id: str, event_id: str) -> None:
        self.db.execute("UPDATE articles SET event_id = ? WHERE id = ?", (event_id, article_id))

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
    def search(self, match: str, limit: int = 20) -> list[sqlite3.Row]:
        q = ("SELECT a.id, a.title, a.source, a.published, a.event_id, "
             "snippet(articles_fts, 2, '[', ']', '…', 12) AS snip, "
             "snippet(articles_fts, 4, '[', ']', '…', 12) AS snip_folded, bm25(articles_fts) AS score "
             "FROM articles_fts JOIN articles a ON a.id = articles_fts.id "
             "WHERE articles_fts MATCH ? ORDER BY score LIMIT ?")
        return list(self.db.execute(q, (match, limit)))
