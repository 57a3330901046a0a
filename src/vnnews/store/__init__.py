"""Stores behind one interface: SQLite (default, a file path) or PostgreSQL (a URL)."""
from __future__ import annotations

from .sqlite import SqliteStore


def open_store(db: str, readonly: bool = False, settings=None):
    """Open the store named by ``db``: a file path (SQLite) or ``postgresql://…``.
    ``readonly``: open an existing SQLite file read-only (no schema, no index work; a
    missing file is :class:`vnnews.errors.InputError`). ``settings``: the run's
    Settings (section ``store``; default: the shipped one)."""
    if db.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # imports psycopg, with an install hint

        return PostgresStore(db)
    return SqliteStore(db, readonly=readonly,
                       busy_timeout_s=settings.store.busy_timeout_s if settings is not None else None)


__all__ = ["open_store", "SqliteStore"]
