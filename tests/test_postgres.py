"""PostgreSQL store beyond the conformance suite (tests/test_store_conformance.py runs
every protocol method and the searches on both backends): a failed batch rolls back,
and the CLI takes a ``postgresql://`` URL.

The throwaway server is the ``pg_server`` fixture of conftest.py. Skipped, with the
reason, when psycopg or the server binaries are missing (``pip install
"vnnews[postgres]"``; ``apt-get install postgresql``).
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import vnnews
from vnnews import engine

from .conftest import ROOT, SEED_IDS, SEEDS

pytest.importorskip("psycopg", reason='psycopg 3 is not installed (pip install "vnnews[postgres]")')


@pytest.fixture
def pg_url(pg_server, monkeypatch):
    """A fresh database; ``open_store`` taught the URL if it is not wired yet."""
    url = pg_server()
    from vnnews.store import open_store
    from vnnews.store.postgres import PostgresStore

    try:
        open_store(url).close()
    except SystemExit:  # store/__init__.py does not open PostgreSQL URLs yet
        monkeypatch.setattr(engine, "open_store",
                            lambda db: PostgresStore(db) if db.startswith(("postgresql://", "postgres://"))
                            else open_store(db))
    return url


def test_failed_batch_leaves_nothing(pg_url, tmp_path, monkeypatch):
    """One ingest batch is one transaction: an error while building cards rolls it back."""
    def boom(*a, **k):
        raise RuntimeError("simulated crash")

    monkeypatch.setattr(engine, "build_event", boom)
    with pytest.raises(RuntimeError):
        vnnews.ingest([str(SEEDS / f"{SEED_IDS[0]}.txt")], db=pg_url)
    from vnnews.store.postgres import PostgresStore

    st = PostgresStore(pg_url)
    try:
        assert st.count_articles() == 0 and st.count_events() == 0
        assert st.db.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0] == 0
    finally:
        st.close()


def test_cli_with_postgresql_url(pg_server, tmp_path):
    from vnnews.store import open_store

    url = pg_server()
    try:
        open_store(url).close()
    except SystemExit as e:
        pytest.skip(f"open_store does not open PostgreSQL URLs yet ({e})")
    exe = [sys.executable, "-m", "vnnews.cli"]
    r = subprocess.run(exe + ["ingest", str(SEEDS), "--db", url], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    r = subprocess.run(exe + ["export", "--db", url], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    cards = [json.loads(x) for x in r.stdout.splitlines()]
    assert len(cards) == 1 and {a["id"] for a in cards[0]["articles"]} == set(SEED_IDS)


