"""Crawl state that survives a crash: the frontier, what was fetched, feed and sitemap
validators and per-URL failures, kept in the same database file as the articles.

Its own tables (``crawl_urls``, ``crawl_robots``), its own connection: the article store
is not touched. Every change is committed at once (SQLite WAL), so after ``kill -9`` a new
run reloads the URLs still to fetch and skips those already done.

Statuses of a URL:
  new        discovered, not fetched yet (the frontier)
  fetched    fetched, handed to the pipeline, not yet committed there
  stored     in the article store (or rejected by the pipeline: ``error`` says why)
  redirected answered with a redirect to ``final_url``
  failed     gave up for now: ``error`` says why, ``next_at`` when it may be tried again
  gone       gave up for good (robots.txt, 4xx, too large, too many failures)
  source     a feed, sitemap or home page: re-read on every poll (``etag``, ``last_modified``)
"""
from __future__ import annotations

import sqlite3
import time
from typing import Iterable

SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_urls (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,              -- page | feed | sitemap | home | auto
    host TEXT NOT NULL,
    status TEXT NOT NULL,
    hops INTEGER NOT NULL DEFAULT 0, -- redirects followed to get here
    origin TEXT,                     -- the URL first asked for (redirect chains)
    found_in TEXT,                   -- the feed or sitemap that listed it
    lastmod TEXT,                    -- sitemap lastmod / publication date when given
    etag TEXT, last_modified TEXT,   -- validators of feeds and sitemaps
    final_url TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    next_at REAL,
    discovered_at REAL, fetched_at REAL
);
CREATE INDEX IF NOT EXISTS crawl_urls_status ON crawl_urls(status);
CREATE TABLE IF NOT EXISTS crawl_robots (
    host TEXT PRIMARY KEY,           -- scheme://host[:port]
    status INTEGER, body TEXT, fetched_at REAL
);
"""

DONE = ("stored", "redirected", "gone")


class CrawlState:
    """Crawl bookkeeping in the database named by ``--db``: the SQLite file, or the
    PostgreSQL database of a ``postgresql://`` URL (its own connection, same tables)."""

    def __init__(self, path: str):
        self.pg = path.startswith(("postgresql://", "postgres://"))
        if self.pg:
            try:
                import psycopg
                from psycopg.rows import dict_row
            except ImportError as e:
                raise ImportError('a PostgreSQL --db needs psycopg: pip install "vnnews[postgres]"') from e
            self._con = psycopg.connect(path, autocommit=True, row_factory=dict_row)
            for stmt in SCHEMA.replace(" REAL", " DOUBLE PRECISION").split(";"):
                if stmt.strip():
                    self._con.execute(stmt)
            return
        from ..store.sqlite import connect

        self._con = connect(path)
        self._con.executescript(SCHEMA)

    @property
    def db(self) -> "_Db":
        return _Db(self._con, self.pg)

    def close(self) -> None:
        self._con.close()

    def sources(self) -> list:
        """Feeds and sitemaps found on earlier runs (re-read on every poll)."""
        return self.db.execute("SELECT url, kind FROM crawl_urls WHERE status='source'").fetchall()

    def set_lastmod(self, url: str, lastmod: str) -> None:
        with self._tx():
            self.db.execute("UPDATE crawl_urls SET lastmod=? WHERE url=?", (lastmod, url))

    # ------------------------------------------------------------------ reads
    def get(self, url: str) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM crawl_urls WHERE url=?", (url,)).fetchone()

    def statuses(self, urls: Iterable[str]) -> dict[str, str]:
        urls = list(urls)
        out: dict[str, str] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            q = "SELECT url, status FROM crawl_urls WHERE url IN (%s)" % ",".join("?" * len(chunk))
            out.update({r["url"]: r["status"] for r in self.db.execute(q, chunk)})
        return out

    def frontier(self, now: float | None = None) -> list[sqlite3.Row]:
        """Pages still to fetch: new ones, ones fetched but never committed by the pipeline
        (the run was killed in between) and failures whose wait is over."""
        now = time.time() if now is None else now
        return self.db.execute(
            "SELECT * FROM crawl_urls WHERE kind='page' AND (status IN ('new','fetched') "
            "OR (status='failed' AND coalesce(next_at,0) <= ?)) "
            "ORDER BY coalesce(lastmod,'') DESC, discovered_at", (now,)).fetchall()

    def counts(self) -> dict[str, int]:
        return {r["status"]: r["n"] for r in self.db.execute(
            "SELECT status, count(*) AS n FROM crawl_urls WHERE kind='page' GROUP BY status")}

    # ----------------------------------------------------------------- writes
    def add_pages(self, rows: list[tuple[str, str, str | None, str | None]]) -> None:
        """(url, host, found_in, lastmod) of newly listed pages; known URLs are left alone."""
        if not rows:
            return
        now = time.time()
        with self._tx():
            self.db.executemany(
                "INSERT INTO crawl_urls(url, kind, host, status, found_in, lastmod, discovered_at) "
                "VALUES (?, 'page', ?, 'new', ?, ?, ?) ON CONFLICT(url) DO NOTHING",
                [(u, h, f, m, now) for u, h, f, m in rows])

    def add_redirect_target(self, url: str, host: str, kind: str, hops: int, origin: str) -> None:
        with self._tx():
            self.db.execute(
                "INSERT INTO crawl_urls(url, kind, host, status, hops, origin, discovered_at) "
                "VALUES (?, ?, ?, 'new', ?, ?, ?) ON CONFLICT(url) DO NOTHING",
                (url, kind, host, hops, origin, time.time()))

    def add_source(self, url: str, kind: str, host: str, found_in: str | None = None) -> None:
        with self._tx():
            self.db.execute(
                "INSERT INTO crawl_urls(url, kind, host, status, found_in, discovered_at) "
                "VALUES (?, ?, ?, 'source', ?, ?) ON CONFLICT(url) DO UPDATE SET kind=excluded.kind "
                "WHERE crawl_urls.kind='auto'", (url, kind, host, found_in, time.time()))

    def set_kind(self, url: str, kind: str) -> None:
        with self._tx():
            self.db.execute("UPDATE crawl_urls SET kind=? WHERE url=?", (kind, url))

    def mark(self, url: str, status: str, error: str | None = None, final_url: str | None = None,
             next_at: float | None = None, attempt: bool = False) -> None:
        with self._tx():
            self.db.execute(
                "UPDATE crawl_urls SET status=?, error=?, final_url=coalesce(?, final_url), next_at=?, "
                "fetched_at=?, attempts=attempts+? WHERE url=?",
                (status, error, final_url, next_at, time.time(), 1 if attempt else 0, url))

    def mark_many(self, urls: Iterable[str], status: str, error: str | None = None) -> None:
        now = time.time()
        with self._tx():
            self.db.executemany("UPDATE crawl_urls SET status=?, error=?, fetched_at=? WHERE url=?",
                                [(status, error, now, u) for u in urls])

    def validators(self, url: str) -> tuple[str | None, str | None]:
        r = self.db.execute("SELECT etag, last_modified FROM crawl_urls WHERE url=?", (url,)).fetchone()
        return (r["etag"], r["last_modified"]) if r else (None, None)

    def set_validators(self, url: str, etag: str | None, last_modified: str | None,
                       lastmod: str | None = None) -> None:
        with self._tx():
            self.db.execute("UPDATE crawl_urls SET etag=?, last_modified=?, lastmod=coalesce(?, lastmod), "
                            "fetched_at=?, error=NULL, attempts=0 WHERE url=?",
                            (etag, last_modified, lastmod, time.time(), url))

    def source_failed(self, url: str, error: str) -> None:
        with self._tx():
            self.db.execute("UPDATE crawl_urls SET error=?, attempts=attempts+1, fetched_at=? WHERE url=?",
                            (error, time.time(), url))

    # ----------------------------------------------------------------- robots
    def robots(self, origin: str) -> tuple[int, str, float] | None:
        r = self.db.execute("SELECT status, body, fetched_at FROM crawl_robots WHERE host=?", (origin,)).fetchone()
        return (r["status"], r["body"] or "", r["fetched_at"]) if r else None

    def put_robots(self, origin: str, status: int, body: str) -> None:
        with self._tx():
            self.db.execute("INSERT INTO crawl_robots(host, status, body, fetched_at) VALUES (?,?,?,?) "
                            "ON CONFLICT(host) DO UPDATE SET status=excluded.status, body=excluded.body, "
                            "fetched_at=excluded.fetched_at", (origin, status, body, time.time()))

    # ----------------------------------------------------------------- helper
    def _tx(self):
        return _Tx(self.db, self.pg)


class _Db:
    """The connection with SQLite's ``?`` placeholders on either database."""

    def __init__(self, con, pg: bool):
        self.con, self.pg = con, pg

    def execute(self, sql: str, params=()):
        return self.con.execute(sql.replace("?", "%s") if self.pg else sql, params)

    def executemany(self, sql: str, rows):
        if self.pg:
            with self.con.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)
            return None
        return self.con.executemany(sql, rows)


class _Tx:
    def __init__(self, db: _Db, pg: bool):
        self.db, self.pg = db, pg

    def __enter__(self):
        self.db.execute("BEGIN" if self.pg else "BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, et, ev, tb):
        self.db.execute("ROLLBACK" if et else "COMMIT")
        return False
