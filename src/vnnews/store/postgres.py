"""PostgreSQL store: the :class:`vnnews.store.base.Store` protocol, as SQLite's.

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
:meth:`PostgresStore.search` compiles the structured queries of :mod:`vnnews.search`
(:mod:`vnnews.store.base`: phrases in columns, all of, any of, without) into
``tsquery`` (phrases with ``<->``), so the query language behaves as on SQLite: an
accented word matches those accents exactly, a bare word every accented form.
The SQL shared with SQLite is :class:`vnnews.store.base.SqlStore`.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, Sequence
from urllib.parse import urlsplit, urlunsplit

from ..model import Document
from .base import ARTICLE_COLUMNS, AllOf, AnyOf, Dialect, Match, Near, Phrase, SqlStore, Without, near_holds

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

_TSV = ("setweight(to_tsvector('simple', %(t)s), 'A') || setweight(to_tsvector('simple', %(x)s), 'B') "
        "|| setweight(to_tsvector('simple', %(f)s), 'D')")
_TSV_FOLDED = (f"setweight(to_tsvector('{FOLDED_CONFIG}', %(t)s), 'A') "
               f"|| setweight(to_tsvector('{FOLDED_CONFIG}', %(x)s), 'B') "
               "|| setweight(to_tsvector('simple', %(f)s), 'D')")


def _psycopg():
    try:
        import psycopg
    except ImportError as e:
        from ..errors import MissingDependency

        raise MissingDependency("the PostgreSQL store", f"{INSTALL_HINT} ({e})") from None
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


# --------------------------------------------------------------- queries
_WEIGHT = {"title": "A", "text": "B", "facets": "D"}
POSTGRES = Dialect("postgresql", "%s", in_list=lambda col: f"{col} = ANY(?)", list_arg=list,
                   json_field=lambda col, key: f"({col}::json -> '{key}')::text")


def required_nears(match: Match) -> list[Near]:
    """The :class:`Near` groups that every match of ``match`` must satisfy (those in
    its top-level conjunction; ``tsquery`` has no "within N", so they are checked on
    the text of the candidates, which :func:`tsquery` finds with all their words)."""
    if isinstance(match, Near):
        return [match]
    if isinstance(match, AllOf):
        return [n for p in match.parts for n in required_nears(p)]
    if isinstance(match, Without):
        return required_nears(match.keep)
    return []


def tsquery(match: Match, folded: bool, params: list[str], nears: tuple[Near, ...] = ()) -> str:
    """SQL ``tsquery`` expression of a structured search query (its ``%s`` parameters
    appended to ``params``): title and text words in the accented (``simple``) or folded
    configuration, facet tokens unfolded, columns as weights. A :class:`Near` must be
    one of ``nears`` (:func:`required_nears`): it becomes all of its phrases."""
    if isinstance(match, Near):
        if match not in nears:
            raise ValueError("PostgreSQL search takes NEAR only as a required part of the query")
        return tsquery(AllOf(match.phrases), folded, params)
    if isinstance(match, Phrase):
        ws = [w for w in match.words if w]
        if not ws:
            return "''::tsquery"
        parts = []
        text_w = "".join(_WEIGHT[c] for c in match.columns if c != "facets")
        if text_w:
            params.append(" <-> ".join(f"'{w}':{text_w}" for w in ws))
            parts.append(f"to_tsquery('{FOLDED_CONFIG if folded else 'simple'}', %s)")
        if "facets" in match.columns:
            params.append(" <-> ".join(f"'{w}':D" for w in ws))
            parts.append("to_tsquery('simple', %s)")
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"
    if isinstance(match, (AllOf, AnyOf)):
        op = " && " if isinstance(match, AllOf) else " || "
        return "(" + op.join(tsquery(p, folded, params, nears) for p in match.parts) + ")"
    if isinstance(match, Without):
        return f"({tsquery(match.keep, folded, params, nears)} && !!{tsquery(match.drop, folded, params)})"
    raise TypeError(f"not a search query: {match!r}")


# ---------------------------------------------------------------------- store
class PostgresStore(SqlStore):
    dialect = POSTGRES

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

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One transaction; writers take turns (as SQLite's BEGIN IMMEDIATE)."""
        with self.db.transaction():
            self.db.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_WRITE,))
            yield self.db

    def _rows(self, q: str, args: Sequence[Any] = ()) -> list[Mapping[str, Any]]:
        from psycopg.rows import dict_row

        with self.db.cursor(row_factory=dict_row) as cur:
            cur.execute(self.dialect.sql(q), tuple(args))
            return cur.fetchall()

    def _many(self, q: str, rows: list[tuple]) -> None:
        with self.db.cursor() as cur:
            cur.executemany(self.dialect.sql(q), rows)

    def _insert_article(self, doc: Document, values: tuple) -> None:
        from ..search import facet_tokens, index_columns

        title, text, _, _ = index_columns(doc.title, doc.text)
        facts = doc.facts
        args: dict[str, Any] = {f"v{i}": v for i, v in enumerate(values)}
        args.update(t=words(title), x=words(text),
                    f=facet_tokens(doc.source, doc.published, [p.name for p in facts.people] if facts else [],
                                   list(facts.places) if facts else []))
        self.db.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}, tsv, tsv_folded) VALUES ("
            + ", ".join(f"%(v{i})s" for i in range(len(values))) + f", {_TSV}, {_TSV_FOLDED})", args)

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

    def search(self, match: Match, limit: int = 20, *, folded: bool = False, since: int | None = None) -> list[int]:
        """Rowids of the articles matching ``match`` in the accented index (or the folded
        one), newest first (by rowid), at most ``limit``, none below ``since``."""
        self.ensure_search_index()
        params: list[str] = []
        nears = tuple(required_nears(match))
        tsq = tsquery(match, folded, params, nears)
        col = "tsv_folded" if folded else "tsv"
        q = f"SELECT rowid FROM articles WHERE {col} @@ ({tsq}) AND rowid >= %s ORDER BY rowid DESC LIMIT %s"
        if not nears:
            return [r[0] for r in self.db.execute(q, (*params, since or 0, limit))]
        from ..search import index_columns

        out: list[int] = []
        floor = since or 0
        batch = max(limit, 200)
        q = q.replace("SELECT rowid", "SELECT rowid, title, text").replace("rowid >= %s", "rowid >= %s AND rowid < %s")
        top = 2**62
        while len(out) < limit:
            rows = self.db.execute(q, (*params, floor, top, batch)).fetchall()
            for rowid, title, text in rows:
                cols = index_columns(title, text)
                toks = {"title": words(cols[2] if folded else cols[0]).split(),
                        "text": words(cols[3] if folded else cols[1]).split()}
                if all(near_holds(n, toks) for n in nears):
                    out.append(rowid)
            if len(rows) < batch:
                break
            top = rows[-1][0]
        return out[:limit]
