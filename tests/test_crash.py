"""Crash safety: an ingest killed with SIGKILL midway leaves only whole batches.

Each ingest batch is one transaction (SQLite WAL). A child process ingests ~400 short
articles in batches of 50; it is killed with SIGKILL as soon as the database holds
some articles. The database must then open, pass ``PRAGMA integrity_check``, hold
exactly the articles of the first k batches (each with text, facts, its event and
that event's card), and re-running the same ingest must complete it with the same
articles and events as a clean one-shot ingest.
"""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import vnnews

from .conftest import DATA, ROOT

N_ARTICLES = 400
BATCH = 50
_SENT = re.compile(r"(?<=[.!?…])\s+(?=[\"“A-ZĐÀ-ỸÁ-Ỹ0-9])")


def short_articles(n: int = N_ARTICLES) -> list[dict]:
    """``n`` short articles cut from VMDS articles (3 to 5 consecutive sentences),
    with their own ids and publication days."""
    src = [json.loads(line) for line in (DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    out = []
    k = 0
    while len(out) < n:
        a = src[k % len(src)]
        sents = [s for s in _SENT.split(a["text"]) if len(s.split()) >= 5]
        part = (k // len(src)) * 4
        body = sents[part:part + 3 + k % 3]
        k += 1
        if len(body) < 2:
            continue
        out.append({"id": f"crash-{len(out):04d}", "title": a.get("title"), "source": a.get("source"),
                    "published": (a.get("published") or "2013-10-23")[:10],
                    "text": " ".join(body)})
    return out


def _ingest_code(src: str, db: str) -> str:
    return ("import sys, vnnews; from vnnews import engine; "
            f"r = engine.ingest([{src!r}], db={db!r}, batch_size={BATCH}); "
            "sys.exit(0 if r.ok else 1)")


def _count(db: str) -> int:
    if not os.path.exists(db):
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # schema not created yet, or locked
        return 0


def _events(db: str) -> dict[str, dict]:
    return {c["id"]: c for c in vnnews.export(db=db)}


def _articles(db: str) -> dict[str, dict]:
    return {a["id"]: a for a in vnnews.export(db=db, articles=True)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    src = d / "short.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in short_articles()),
                   encoding="utf-8")
    clean = str(d / "clean.db")
    r = subprocess.run([sys.executable, "-c", _ingest_code(str(src), clean)], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    return str(src), clean


def test_sigkill_midway_leaves_whole_batches_and_rerun_completes(corpus, tmp_path):
    src, clean = corpus
    db = str(tmp_path / "killed.db")
    proc = subprocess.Popen([sys.executable, "-c", _ingest_code(src, db)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 300
        seen = 0
        while time.monotonic() < deadline and proc.poll() is None:
            seen = _count(db)
            if seen > 0:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest ended before it could be killed: " + proc.stderr.read().decode()[-2000:]
        assert seen > 0, "no batch committed in time"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL

    # the database opens and is consistent
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = con.execute("SELECT id, text, facts, event_id FROM articles").fetchall()
    n_fts = con.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
    n_sig = con.execute("SELECT COUNT(*) FROM minhashes").fetchone()[0]
    cards = {r[0]: json.loads(r[1]) for r in con.execute("SELECT id, card FROM events")}
    con.close()
    assert 0 < len(rows) < N_ARTICLES, len(rows)
    print("killed with", len(rows), "articles stored")
    assert n_fts == len(rows) and n_sig == len(rows)
    for aid, text, facts, eid in rows:
        assert text and text.strip(), aid
        assert facts and json.loads(facts) is not None, aid
        assert eid in cards, (aid, eid)
        assert aid in {a["id"] for a in cards[eid]["articles"]}, (aid, eid)
    for eid, card in cards.items():  # no event card without its articles
        assert card["articles"], eid

    # only whole batches: the stored set is the clean ingest's articles of the first k batches
    stored = {r[0] for r in rows}
    clean_ids = set(_articles(clean))
    order = [f"crash-{i:04d}" for i in range(N_ARTICLES)]
    prefixes = [{a for a in order[:k * BATCH] if a in clean_ids} for k in range(1, N_ARTICLES // BATCH)]
    assert stored in prefixes, f"{len(stored)} stored articles are not whole batches"

    # re-running the same ingest completes it: same articles and events as a clean run
    r = subprocess.run([sys.executable, "-c", _ingest_code(src, db)], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    arts = _articles(db)
    assert set(arts) == clean_ids
    assert len(arts) >= N_ARTICLES - 5  # (a few short cuts may be rejected; none expected)
    assert all(a["event"] for a in arts.values())
    assert arts == _articles(clean)
    assert _events(db) == _events(clean)
