"""PostgreSQL store: the same interface as :class:`vnnews.store.sqlite.SqliteStore`.

``pip install "vnnews[postgres]"`` (psycopg 3), then ``--db postgresql://user@host/db``.
The database needs the ``unaccent`` extension (Debian: ``postgresql-contrib``; it is a
trusted extension, so the database owner can create it; the store does on first use).

Layout: the tables of the SQLite store (articles, events, event_terms, minhashes,
lsh_bands, mentions) with the same columns (JSON as text, so cards come back byte for
byte), text keys in the "C" collation (the same order as SQLite's), and one ingest
batch per transaction (concurrent ingests take turns on an advisory lock, as SQLite's
``BEGIN IMMEDIATE`` makes them). Articles keep an identity ``rowid``, renewed when an
article is replaced (as SQLite's ``INSERT OR REPLACE``), which search uses as its
recency order.

Search: two ``tsvector`` columns with GIN indexes stand for the two FTS5 tables. The
title and text are tone-canonical (:func:`vnnews.search.index_columns`), lower-cased
and cut into words as FTS5's ``unicode61`` tokenizer cuts them, then indexed with the
``simple`` configuration (``tsv``: accents kept) and with ``vnnews_folded``, a copy of
``simple`` that runs ``unaccent`` first (``tsv_folded``: no diacritics, "đ" → "d");
the facet tokens (people, places, outlet, publication days) go in both, unfolded.
Title, text and facets carry the weights A, B and D, which play the FTS5 columns.
:meth:`PostgresStore.search` takes the FTS5 expressions that :mod:`vnnews.search`
builds (column filters, phrases, AND / OR / NOT) and translates them into ``tsquery``
(phrases with ``<->``), so the query language behaves as on SQLite: an accented word
matches those accents exactly, a bare word every accented form.
"""
from __future__ import annotations

import json
import re
import time
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

from ..model import Document

INSTALL_HINT = ('the PostgreSQL store needs psycopg 3: pip install "vnnews[postgres]" '
                '(or pip install "psycopg[binary]>=3.1"), or give --db a SQLite file path')
FOLDED_CONFIG = "vnnews_folded"
_LOCK_SCHEMA = 0x766E6E01  # advisory lock keys ("vnn" + n)
_LOCK_WRITE = 0x766E6E02
_WORD = re.compile(r"[^\W_]+")

SCHEMA = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{FOLDED_CONFIG}') THEN
    CREATE TEXT SEARCH CONFIGURATION {FOLDED_CONFIG} (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION {FOLDED_CONFIG}
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part,
                        numword, numhword, hword_numpart
      WITH unaccent, simple;
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS articles (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT COLLATE "C" PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT, source TEXT COLLATE "C", original_source TEXT, url TEXT, published TEXT COLLATE "C",
    author TEXT, tags TEXT, language TEXT, origin TEXT, encoding TEXT,
    text TEXT NOT NULL, raw_text TEXT,
    paragraphs TEXT, sentences TEXT, facts TEXT, offset_map TEXT, meta TEXT,
    boilerplate TEXT,
    event_id TEXT COLLATE "C", duplicate_of TEXT COLLATE "C", event_date TEXT COLLATE "C",
    ingested_at DOUBLE PRECISION,
    tsv tsvector, tsv_folded tsvector
);
CREATE INDEX IF NOT EXISTS articles_event ON articles(event_id);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of);
CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING gin(tsv);
CREATE INDEX IF NOT EXISTS articles_tsv_folded ON articles USING gin(tsv_folded);
CREATE TABLE IF NOT EXISTS events (
    id TEXT COLLATE "C" PRIMARY KEY,
    date TEXT COLLATE "C",
    title TEXT,
    n_articles INTEGER,
    card TEXT,
    state TEXT,
    updated_at DOUBLE PRECISION
);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE TABLE IF NOT EXISTS event_terms (
    term TEXT COLLATE "C" NOT NULL,
    event_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (term, event_id)
);
CREATE INDEX IF NOT EXISTS event_terms_event ON event_terms(event_id);
CREATE TABLE IF NOT EXISTS minhashes (
    id TEXT COLLATE "C" PRIMARY KEY,
    sig BYTEA NOT NULL
);
CREATE TABLE IF NOT EXISTS lsh_bands (
    key BIGINT NOT NULL,
    id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (key, id)
);
CREATE TABLE IF NOT EXISTS mentions (
    kind TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL, article_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (kind, name, article_id)
);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
"""

ARTICLE_COLUMNS = ("id, content_hash, title, source, original_source, url, published, author, tags, language, "
                   "origin, encoding, text, raw_text, paragraphs, sentences, facts, offset_map, meta, boilerplate, "
                   "event_id, duplicate_of, event_date, ingested_at")
_TSV = ("setweight(to_tsvector('simple', %(t)s), 'A') || setweight(to_tsvector('simple', %(x)s), 'B') "
        "|| setweight(to_tsvector('simple', %(f)s), 'D')")
_TSV_FOLDED = (f"setweight(to_tsvector('{FOLDED_CONFIG}', %(t)s), 'A') "
               f"|| setweight(to_tsvector('{FOLDED_CONFIG}', %(x)s), 'B') "
               "|| setweight(to_tsvector('simple', %(f)s), 'D')")


def _j(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def _psycopg():
    try:
        import psycopg
    except ImportError as e:
        raise SystemExit(f"{INSTALL_HINT} ({e})") from None
    return psycopg


def redact(url: str) -> str:
    """``url`` without its password (for messages)."""
    try:
        p = urlsplit(url)
        if p.password:
            netloc = p.netloc.replace(":" + p.password + "@", ":***@", 1)
            return urlunsplit(p._replace(netloc=netloc))
    except ValueError:
        pass
    return url


def words(text: str | None) -> str:
    """Lower-cased words as FTS5's unicode61 tokenizer cuts them, space-separated."""
    return " ".join(_WORD.findall((text or "").lower()))


# ------------------------------------------------------------- FTS5 -> tsquery
_FTS_TOKEN = re.compile(r'\s*(\{[^}]*\}|\(|\)|:|"[^"]*"|[^\s(){}:"]+)')
_WEIGHT = {"title": "A", "text": "B", "facets": "D"}


class _Fts5ToTsquery:
    """Translate the FTS5 expressions of :mod:`vnnews.search` (column filters
    ``{title text} :`` / ``{facets} :``, ``"phrases"``, bare words, parentheses, AND, OR,
    NOT with FTS5's precedence NOT > AND > OR) into a SQL ``tsquery`` expression."""

    def __init__(self, expr: str, folded: bool):
        self.toks = [m.group(1) for m in _FTS_TOKEN.finditer(expr) if m.group(1)]
        self.i = 0
        self.folded = folded
        self.params: list[str] = []

    def translate(self) -> tuple[str, list[str]]:
        sql = self._or(None)
        if self.i != len(self.toks):
            raise ValueError(f"cannot translate the search expression near {self.toks[self.i]!r}")
        return sql, self.params

    def _peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def _take(self, want: str | None = None) -> str:
        tok = self._peek()
        if tok is None or (want is not None and tok != want):
            raise ValueError(f"malformed search expression: expected {want or 'a term'}, got {tok!r}")
        self.i += 1
        return tok

    def _or(self, cols) -> str:
        left = self._and(cols)
        while self._peek() == "OR":
            self._take()
            left = f"({left} || {self._and(cols)})"
        return left

    def _starts_primary(self) -> bool:
        tok = self._peek()
        return tok is not None and tok not in (")", "OR", "NOT", "AND", ":")

    def _and(self, cols) -> str:
        left = self._not(cols)
        while self._peek() == "AND" or self._starts_primary():
            if self._peek() == "AND":
                self._take()
            left = f"({left} && {self._not(cols)})"
        return left

    def _not(self, cols) -> str:
        left = self._primary(cols)
        while self._peek() == "NOT":
            self._take()
            left = f"({left} && !!{self._primary(cols)})"
        return left

    def _primary(self, cols) -> str:
        tok = self._take()
        if tok.startswith("{") or (self._peek() == ":" and tok in _WEIGHT):
            names = tok.strip("{}").split() if tok.startswith("{") else [tok]
            self._take(":")
            return self._primary(tuple(n for n in names if n in _WEIGHT))
        if tok == "(":
            inner = self._or(cols)
            self._take(")")
            return inner
        phrase = tok[1:-1] if tok.startswith('"') else tok
        return self._phrase(_WORD.findall(phrase.lower()), cols or tuple(_WEIGHT))

    def _phrase(self, ws: list[str], cols: tuple[str, ...]) -> str:
        if not ws:
            return "''::tsquery"
        parts = []
        text_w = "".join(_WEIGHT[c] for c in cols if c != "facets")
        if text_w:
            cfg = FOLDED_CONFIG if self.folded else "simple"
            self.params.append(" <-> ".join(f"'{w}':{text_w}" for w in ws))
            parts.append(f"to_tsquery('{cfg}', %s)")
        if "facets" in cols:
            self.params.append(" <-> ".join(f"'{w}':D" for w in ws))
            parts.append("to_tsquery('simple', %s)")
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"


def fts5_to_tsquery(expr: str, folded: bool) -> tuple[str, list[str]]:
    """SQL ``tsquery`` expression (with ``%s`` parameters) of an FTS5 expression."""
    return _Fts5ToTsquery(expr, folded).translate()


# ---------------------------------------------------------------------- store
class PostgresStore:
    def __init__(self, url: str):
        psycopg = _psycopg()
        self.url = url
        try:
            self.db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as e:
            raise OSError(f"cannot connect to PostgreSQL at {redact(url)}: {str(e).strip()}") from None
        try:
            self.db.execute("SELECT pg_advisory_lock(%s)", (_LOCK_SCHEMA,))
            try:
                self.db.execute(SCHEMA)
            finally:
                self.db.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_SCHEMA,))
        except psycopg.Error as e:
            self.db.close()
            hint = (" (the unaccent extension is needed: install postgresql-contrib, or have the database owner "
                    "run CREATE EXTENSION unaccent)") if "unaccent" in str(e) else ""
            raise OSError(f"cannot set up the vnnews tables in {redact(url)}: {str(e).strip()}{hint}") from None

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One transaction; writers take turns (as SQLite's BEGIN IMMEDIATE)."""
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_WRITE,))
            yield self.db

    def _rows(self, q: str, args: Any = None) -> list[dict]:
        from psycopg.rows import dict_row

        with self.db.cursor(row_factory=dict_row) as cur:
            cur.execute(q, args)
            return cur.fetchall()

    # ------------------------------------------------------------------ articles
    def hashes(self, ids: Iterable[str]) -> dict[str, str]:
        ids = list(ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 5000):
            out.update(self.db.execute("SELECT id, content_hash FROM articles WHERE id = ANY(%s)",
                                       (ids[i:i + 5000],)).fetchall())
        return out

    def put_article(self, doc: Document, content_hash: str) -> None:
        """Insert or replace one article (inside the caller's transaction)."""
        from ..search import facet_tokens, index_columns

        facts = asdict(doc.facts) if doc.facts else None
        self.db.execute("DELETE FROM mentions WHERE article_id = %s", (doc.id,))
        self.db.execute("DELETE FROM articles WHERE id = %s", (doc.id,))  # a new rowid, as SQLite's REPLACE
        title, text, _, _ = index_columns(doc.title, doc.text)
        facets = facet_tokens(doc.source, doc.published,
                              [p.name for p in doc.facts.people] if doc.facts else [],
                              list(doc.facts.places) if doc.facts else [])
        values = (doc.id, content_hash, doc.title, doc.source, doc.original_source, doc.url, doc.published,
                  doc.author, _j(doc.tags), doc.language, doc.origin, doc.encoding, doc.text, doc.raw_text,
                  _j([asdict(p) for p in doc.paragraphs]), _j([asdict(s) for s in doc.sentences]),
                  _j(facts), _j(doc.offset_map), _j(doc.meta), _j(doc.boilerplate),
                  doc.event, doc.duplicate_of, doc.facts.event_date if doc.facts else None, time.time())
        args = {f"v{i}": v for i, v in enumerate(values)}
        args.update(t=words(title), x=words(text), f=facets)
        self.db.execute(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}, tsv, tsv_folded) VALUES ("
            + ", ".join(f"%(v{i})s" for i in range(len(values))) + f", {_TSV}, {_TSV_FOLDED})", args)
        if doc.facts:
            rows = {("person", p.name) for p in doc.facts.people}
            rows |= {("place", p) for p in doc.facts.places}
            rows |= {("org", o) for o in doc.facts.organizations}
            if rows:
                with self.db.cursor() as cur:
                    cur.executemany("INSERT INTO mentions VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                                    [(k, n, doc.id) for k, n in sorted(rows)])

    def set_event(self, article_id: str, event_id: str) -> None:
        self.db.execute("UPDATE articles SET event_id = %s WHERE id = %s", (event_id, article_id))

    def move_articles(self, ids: list[str], src: str, dst: str) -> None:
        """Move articles of event ``src`` to event ``dst``, each with its copy family (its
        original and that original's syndicated copies) where those are in ``src`` too."""
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join(["%s"] * len(chunk))
            self.db.execute(f"UPDATE articles SET event_id = %s WHERE event_id = %s AND COALESCE(duplicate_of, id) "
                            f"IN (SELECT COALESCE(duplicate_of, id) FROM articles WHERE id IN ({marks}))",
                            (dst, src, *chunk))

    def relink_copies(self, old_root: str, new_root: str) -> None:
        """Make ``new_root`` the original of ``old_root`` and of all its copies."""
        self.db.execute("UPDATE articles SET duplicate_of = %s WHERE id = %s OR duplicate_of = %s",
                        (new_root, old_root, old_root))

    def get_document(self, aid: str) -> Document | None:
        rows = self._rows("SELECT * FROM articles WHERE id = %s", (aid,))
        return self._doc(rows[0]) if rows else None

    def documents(self, ids: Iterable[str]) -> list[Document]:
        ids = list(ids)
        out = []
        for i in range(0, len(ids), 500):
            out += [self._doc(r) for r in self._rows("SELECT * FROM articles WHERE id = ANY(%s)", (ids[i:i + 500],))]
        order = {a: k for k, a in enumerate(ids)}
        return sorted(out, key=lambda d: order.get(d.id, 0))

    def event_members(self, event_id: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE event_id = %s ORDER BY published NULLS FIRST, id", (event_id,))]

    def article_rows(self) -> Iterator[dict]:
        """Every article row, by publication then id (fetched 500 at a time)."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM articles ORDER BY published NULLS FIRST, id")]
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = {r["id"]: r for r in self._rows("SELECT * FROM articles WHERE id = ANY(%s)", (chunk,))}
            yield from (rows[a] for a in chunk if a in rows)

    def _doc(self, r: dict) -> Document:
        from .sqlite import SqliteStore

        return SqliteStore._doc(self, r)  # the same columns, the same JSON: one decoder

    def count_articles(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # -------------------------------------------------------------------- events
    def put_event(self, event_id: str, card: dict, state: dict | None = None) -> None:
        self.db.execute(
            "INSERT INTO events VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET "
            "date = EXCLUDED.date, title = EXCLUDED.title, n_articles = EXCLUDED.n_articles, card = EXCLUDED.card, "
            "state = EXCLUDED.state, updated_at = EXCLUDED.updated_at",
            (event_id, card.get("date"), card.get("title"), len(card.get("articles", [])), _j(card),
             _j(state) if state is not None else None, time.time()))

    def delete_event(self, event_id: str) -> None:
        self.db.execute("DELETE FROM events WHERE id = %s", (event_id,))
        self.db.execute("DELETE FROM event_terms WHERE event_id = %s", (event_id,))

    def event_state(self, event_id: str) -> dict | None:
        r = self.db.execute("SELECT state FROM events WHERE id = %s", (event_id,)).fetchone()
        return json.loads(r[0]) if r and r[0] else None

    def get_event(self, event_id: str) -> dict | None:
        r = self.db.execute("SELECT card FROM events WHERE id = %s", (event_id,)).fetchone()
        return json.loads(r[0]) if r and r[0] else None

    def events(self, limit: int | None = None, offset: int = 0) -> list[dict]:
        q = "SELECT card FROM events ORDER BY date DESC NULLS LAST, updated_at DESC, id"
        args: list[Any] = []
        if limit is not None:
            q += " LIMIT %s OFFSET %s"
            args = [limit, offset]
        return [json.loads(r[0]) for r in self.db.execute(q, args) if r[0]]

    def event_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM events ORDER BY date DESC NULLS LAST, id")]

    def count_events(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    # ---------------------------------------------------------- clustering index
    def add_event_terms(self, event_id: str, terms: Iterable[str]) -> None:
        rows = [(t, event_id) for t in sorted(set(terms))]
        if rows:
            with self.db.cursor() as cur:
                cur.executemany("INSERT INTO event_terms VALUES (%s, %s) ON CONFLICT DO NOTHING", rows)

    def move_event_terms(self, src: str, dst: str) -> None:
        self.db.execute("INSERT INTO event_terms SELECT term, %s FROM event_terms WHERE event_id = %s "
                        "ON CONFLICT DO NOTHING", (dst, src))
        self.db.execute("DELETE FROM event_terms WHERE event_id = %s", (src,))

    def events_with_terms(self, terms: Iterable[str], prefix: bool = False) -> dict[str, int]:
        """Candidate events sharing index terms, with the number of shared terms;
        ``prefix=True`` matches every term that starts with one of ``terms``."""
        terms = list(terms)
        if not terms:
            return {}
        if prefix:
            out: dict[str, int] = {}
            for t in terms:
                for eid, n in self.db.execute(
                        "SELECT event_id, COUNT(*) FROM event_terms WHERE term >= %s AND term < %s "
                        "GROUP BY event_id", (t, t + "\uffff")).fetchall():
                    out[eid] = out.get(eid, 0) + n
            return out
        return dict(self.db.execute("SELECT event_id, COUNT(*) FROM event_terms WHERE term = ANY(%s) "
                                    "GROUP BY event_id", (terms,)).fetchall())

    def put_minhash(self, aid: str, sig: bytes) -> None:
        self.db.execute("INSERT INTO minhashes VALUES (%s, %s) ON CONFLICT (id) DO UPDATE SET sig = EXCLUDED.sig",
                        (aid, sig))

    def minhash(self, aid: str) -> bytes | None:
        r = self.db.execute("SELECT sig FROM minhashes WHERE id = %s", (aid,)).fetchone()
        return bytes(r[0]) if r else None

    def add_bands(self, aid: str, keys: Iterable[int]) -> None:
        rows = [(k, aid) for k in keys]
        if rows:
            with self.db.cursor() as cur:
                cur.executemany("INSERT INTO lsh_bands VALUES (%s, %s) ON CONFLICT DO NOTHING", rows)

    def ids_with_bands(self, keys: Iterable[int]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {r[0] for r in self.db.execute("SELECT DISTINCT id FROM lsh_bands WHERE key = ANY(%s)", (keys,))}

    # -------------------------------------------------------------------- search
    def ensure_search_index(self) -> None:
        """Index the articles whose search columns are missing (none, normally)."""
        if getattr(self, "_search_ready", False):
            return
        from ..search import facet_tokens, index_columns

        missing = self._rows("SELECT id, title, text, source, published FROM articles WHERE tsv IS NULL "
                             "OR tsv_folded IS NULL")
        if missing:
            names: dict[str, dict[str, list[str]]] = {}
            for kind, name, aid in self.db.execute(
                    "SELECT kind, name, article_id FROM mentions WHERE kind IN ('person', 'place') "
                    "AND article_id = ANY(%s)", ([r["id"] for r in missing],)):
                names.setdefault(aid, {}).setdefault(kind, []).append(name)
            with self.transaction():
                for r in missing:
                    title, text, _, _ = index_columns(r["title"], r["text"])
                    m = names.get(r["id"], {})
                    self.db.execute(f"UPDATE articles SET tsv = {_TSV}, tsv_folded = {_TSV_FOLDED} WHERE id = %(id)s",
                                    {"t": words(title), "x": words(text), "id": r["id"],
                                     "f": facet_tokens(r["source"], r["published"], m.get("person", []),
                                                       m.get("place", []))})
        self._search_ready = True

    def optimize_search_index(self) -> None:
        """Refresh the planner's statistics and clean the GIN pending lists."""
        self.db.execute("VACUUM ANALYZE articles")

    def search(self, match: str, limit: int = 20, *, folded: bool = False, since: int | None = None) -> list[int]:
        """Rowids of the articles matching the FTS5 expression ``match`` (translated to
        ``tsquery``) in the accented index (or the folded one), newest first (by rowid),
        at most ``limit``, none below ``since``."""
        self.ensure_search_index()
        tsq, params = fts5_to_tsquery(match, folded)
        col = "tsv_folded" if folded else "tsv"
        return [r[0] for r in self.db.execute(
            f"SELECT rowid FROM articles WHERE {col} @@ ({tsq}) AND rowid >= %s ORDER BY rowid DESC LIMIT %s",
            (*params, since or 0, limit))]

    def search_meta(self, rowids: list[int]) -> dict[int, tuple[str | None, str | None]]:
        """Article rowid -> (title, published): what ranking looks at."""
        if not rowids:
            return {}
        return {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT rowid, title, published FROM articles WHERE rowid = ANY(%s)", (list(rowids),))}

    def search_articles(self, rowids: list[int]) -> dict[int, dict]:
        """What a search hit shows of the articles with these rowids."""
        if not rowids:
            return {}
        return {r["rowid"]: r for r in self._rows(
            "SELECT rowid, id, title, source, published, url, event_id, text FROM articles WHERE rowid = ANY(%s)",
            (list(rowids),))}

    def article_events(self, rowids: list[int]) -> dict[int, str | None]:
        """Article rowid -> its event id."""
        out: dict[int, str | None] = {}
        for i in range(0, len(rowids), 5000):
            out.update(self.db.execute("SELECT rowid, event_id FROM articles WHERE rowid = ANY(%s)",
                                       (list(rowids[i:i + 5000]),)).fetchall())
        return out

    def event_briefs(self, ids: list[str]) -> dict[str, dict]:
        """Event id -> ``{id, title, date, n_articles, places}`` (no full card parse)."""
        if not ids:
            return {}
        return {r[0]: {"id": r[0], "title": r[1], "date": r[2], "n_articles": r[3],
                       "places": json.loads(r[4] or "[]")}
                for r in self.db.execute(
                    "SELECT id, title, date, n_articles, (card::json -> 'places')::text FROM events "
                    "WHERE id = ANY(%s)", (list(ids),))}

    def mention_names(self, kind: str, first_chars: Iterable[str]) -> list[str]:
        """The distinct names of ``kind`` starting with one of ``first_chars`` (a skip
        scan of the mentions key: one index seek per name)."""
        out: list[str] = []
        q = ("WITH RECURSIVE s(n) AS ("
             "SELECT (SELECT min(name) FROM mentions WHERE kind = %(k)s AND name >= %(lo)s AND name < %(hi)s) "
             "UNION ALL SELECT (SELECT min(name) FROM mentions WHERE kind = %(k)s AND name > s.n AND name < %(hi)s) "
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
            "WHERE a.event_id = %s ORDER BY m.kind, m.name, m.article_id", (event_id,))]

    def _events_naming(self, kind: str, query: str) -> set[str]:
        from ..search import resolve_names

        names = resolve_names(self, kind, query)
        if not names:
            return set()
        return {r[0] for r in self.db.execute(
            "SELECT DISTINCT a.event_id FROM mentions m JOIN articles a ON a.id = m.article_id "
            "WHERE m.kind = %s AND m.name = ANY(%s) AND a.event_id IS NOT NULL", (kind, names))}

    def filter_events(self, limit: int | None = None, offset: int = 0, *, place: str | None = None,
                      person: str | None = None, date_from: Any = None,
                      date_to: Any = None) -> tuple[list[dict], int]:
        """As :meth:`vnnews.store.sqlite.SqliteStore.filter_events`."""
        from datetime import date as _date, timedelta

        conds: list[str] = []
        args: list[Any] = []
        if date_from:
            conds.append("e.date >= %s")
            args.append(str(date_from)[:10])
        if date_to:
            day = date_to if isinstance(date_to, _date) else _date.fromisoformat(str(date_to)[:10])
            conds.append("e.date < %s")
            args.append((day + timedelta(days=1)).isoformat())
        ids: set[str] | None = None
        for kind, value in (("place", place), ("person", person)):
            if value and value.strip():
                found = self._events_naming(kind, value)
                ids = found if ids is None else ids & found
        if ids is not None:
            if not ids:
                return [], 0
            conds.append("e.id = ANY(%s)")
            args.append(sorted(ids))
        where = (" WHERE " + " AND ".join(conds)) if conds else ""
        total = self.db.execute(f"SELECT COUNT(*) FROM events e{where}", args).fetchone()[0]
        q = f"SELECT e.card FROM events e{where} ORDER BY e.date DESC NULLS LAST, e.updated_at DESC, e.id"
        if limit is not None:
            q += " LIMIT %s OFFSET %s"
            args = [*args, limit, offset]
        return [json.loads(r[0]) for r in self.db.execute(q, args) if r[0]], total

    def person_events(self, name: str) -> list[tuple[dict, list[str]]]:
        """As :meth:`vnnews.store.sqlite.SqliteStore.person_events`."""
        from ..search import resolve_names

        names = resolve_names(self, "person", name)
        if not names:
            return []
        arts: dict[str, set[str]] = {}
        for eid, aid in self.db.execute(
                "SELECT a.event_id, m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id "
                "WHERE m.kind = 'person' AND m.name = ANY(%s) AND a.event_id IS NOT NULL", (names,)):
            arts.setdefault(eid, set()).add(aid)
        cards = [json.loads(r[0]) for r in self.db.execute(
            "SELECT card FROM events WHERE id = ANY(%s) ORDER BY date NULLS FIRST, id", (sorted(arts),)) if r[0]]
        cards.sort(key=lambda c: (c.get("date") or "9999", c.get("id") or ""))
        return [(c, sorted(arts.get(c.get("id"), ()))) for c in cards]
