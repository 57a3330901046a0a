"""PostgreSQL store: the same cards, articles and search hits as the SQLite store.

A throwaway PostgreSQL cluster is started for this module from the server binaries
of Debian's package (``initdb``/``pg_ctl`` on PATH or in /usr/lib/postgresql/*/bin;
run as the ``postgres`` user when the tests run as root, since ``initdb`` refuses root),
listening on a Unix socket in a temporary folder only. ``VNNEWS_TEST_PG_URL`` names an
existing database to use instead. Skipped, with the reason, when psycopg or the server
binaries are missing (``pip install "vnnews[postgres]"``; ``apt-get install postgresql``).
"""
from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import uuid

import pytest

import vnnews
from vnnews import engine

from .conftest import DATA, ROOT, SEED_IDS, SEEDS

pytest.importorskip("psycopg", reason='psycopg 3 is not installed (pip install "vnnews[postgres]")')

NAMES = [
    {"id": "hue-1", "title": "Ông Vương Đình Huệ làm việc với Bộ Công Thương", "published": "2020-08-13",
     "source": "Nhân Dân",
     "text": "Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ đã làm việc với Bộ Công Thương về "
             "phát triển công nghiệp của Thủ đô."},
    {"id": "hue-2", "title": "Festival Huế 2020 lùi sang năm sau", "published": "2020-08-14", "source": "Tuổi Trẻ",
     "text": "Ban tổ chức Festival Huế cho biết lễ hội sẽ lùi sang năm sau vì dịch bệnh, "
             "thành phố Huế đã thông báo cho các đoàn nghệ thuật."},
    {"id": "hue-3", "title": "Tiếng Anh: Hue city", "published": "2020-08-15", "source": "VnExpress",
     "text": "Du khách nước ngoài viết tên thành phố là Hue, không dấu, trên các biển hiệu tiếng Anh."},
]
QUERIES = ["Huệ", "Huế", "hue", "Vương Đình Huệ", "vuong dinh hue", "Vương dinh hue", '"Đình Huệ"', "Hà Nội",
           "ha noi", "công nghiệp -Hà", "hue -Huế", "thành phố", "thanh pho", "Campuchia biểu tình", "campuchia",
           "hoà", "hòa", "dịch bệnh", "thuỷ", "nonexistentword"]


def _binaries() -> tuple[str, str] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if os.path.exists(f"{d}/initdb") and os.path.exists(f"{d}/pg_ctl"):
            return f"{d}/initdb", f"{d}/pg_ctl"
    return None


@pytest.fixture(scope="module")
def pg_server():
    """A PostgreSQL server for this module: ``connect(dbname) -> url`` factory."""
    url = os.environ.get("VNNEWS_TEST_PG_URL")
    if url:
        yield lambda: url
        return
    bins = _binaries()
    if bins is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql "
                    "(or set VNNEWS_TEST_PG_URL)")
    initdb, pg_ctl = bins
    as_user: list[str] = []
    base = tempfile.mkdtemp(prefix="vnnews-pg-")
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and there is no 'postgres' user to run initdb as")
        runner = shutil.which("runuser")
        if runner is None:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and runuser (util-linux) is missing to run initdb as 'postgres'")
        as_user = [runner, "-u", "postgres", "--"]
        os.chown(base, pw.pw_uid, pw.pw_gid)
    data = os.path.join(base, "data")

    def run(cmd: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(as_user + cmd, capture_output=True, text=True, timeout=120)

    r = run([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8"])
    if r.returncode != 0:  # no C.UTF-8 locale: C (the store lower-cases and cuts words itself)
        shutil.rmtree(data, ignore_errors=True)
        r = run([initdb, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"])
    if r.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {r.stderr.strip()[-500:]}")
    opts = f"-k {base} -p 5432 -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c shared_buffers=32MB"
    r = run([pg_ctl, "-D", data, "-l", os.path.join(base, "server.log"), "-w", "-t", "60", "-o", opts, "start"])
    if r.returncode != 0:
        log = open(os.path.join(base, "server.log"), encoding="utf-8", errors="replace").read()[-1000:] \
            if os.path.exists(os.path.join(base, "server.log")) else ""
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {r.stderr.strip()[-300:]} {log}")
    import psycopg

    admin = f"postgresql://postgres@/postgres?host={base}&port=5432"

    def new_db() -> str:
        name = "vnnews_" + uuid.uuid4().hex[:10]
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@/{name}?host={base}&port=5432"

    try:
        yield new_db
    finally:
        run([pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


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


def _state(db: str) -> tuple[dict, list]:
    return {c["id"]: c for c in vnnews.export(db=db)}, list(vnnews.export(db=db, articles=True))


def test_fts5_expressions_translate():
    from vnnews.store.postgres import fts5_to_tsquery

    sql, params = fts5_to_tsquery('({title text} : "vuong dinh") AND ({facets} : ("d20200813" OR "m202008"))', True)
    assert params == ["'vuong':AB <-> 'dinh':AB", "'d20200813':D", "'m202008':D"]
    assert sql == ("(to_tsquery('vnnews_folded', %s) && (to_tsquery('simple', %s) || to_tsquery('simple', %s)))")
    sql, params = fts5_to_tsquery('(({title text} : "huệ")) NOT (({title text} : "huế") OR ({title text} : "x"))',
                                  False)
    assert sql.count("!!") == 1 and sql.count("'simple'") == 3 and params[0] == "'huệ':AB"


def test_seeds_same_card_articles_and_search_as_sqlite(pg_url, tmp_path):
    paths = [str(SEEDS / f"{i}.txt") for i in SEED_IDS]
    names = tmp_path / "names.jsonl"
    names.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in NAMES), encoding="utf-8")
    lite = str(tmp_path / "lite.db")
    for db in (pg_url, lite):
        res = vnnews.ingest(paths + [str(names)], db=db)
        assert res.stored == 5, res.drops
    assert _state(pg_url) == _state(lite)
    seed_cards = [c for c in _state(pg_url)[0].values() if set(SEED_IDS) <= {a["id"] for a in c["articles"]}]
    assert len(seed_cards) == 1  # (hue-1 reports the same meeting: it may join them)
    for q in QUERIES:
        assert vnnews.search(q, db=pg_url) == vnnews.search(q, db=lite), q
    ids = lambda q: {h["id"] for h in vnnews.search(q, db=pg_url)}  # noqa: E731
    assert "hue-1" in ids("Huệ") and not {"hue-2", "hue-3"} & ids("Huệ")  # accents as typed
    assert "hue-2" in ids("Huế") and not {"hue-1", "hue-3"} & ids("Huế")
    assert {"hue-1", "hue-2", "hue-3"} <= ids("hue")
    assert ids("hue -Huế") >= {"hue-1", "hue-3"} and "hue-2" not in ids("hue -Huế")
    # re-ingest is a no-op there too
    again = vnnews.ingest(paths + [str(names)], db=pg_url)
    assert again.stored == 0 and again.unchanged == 5


def test_vmds_subset_same_events_and_search_as_sqlite(pg_url, tmp_path):
    src = tmp_path / "v.jsonl"
    lines = (DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:120]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    lite = str(tmp_path / "lite.db")
    for db in (pg_url, lite):
        assert vnnews.ingest([str(src)], db=db, batch_size=50).stored == 120
    assert _state(pg_url) == _state(lite)
    for q in QUERIES:
        assert vnnews.search(q, db=pg_url) == vnnews.search(q, db=lite), q
    from vnnews.search import search_events

    from vnnews.store.postgres import PostgresStore
    from vnnews.store.sqlite import SqliteStore

    pg, sq = PostgresStore(pg_url), SqliteStore(lite)
    try:
        for q, kw in [("campuchia", {}), ("biểu tình", {"date_from": "2013-10-20", "date_to": "2013-10-31"}),
                      ("chính phủ", {"source": "tuoitre.vn"})]:
            assert search_events(pg, q, **kw) == search_events(sq, q, **kw), (q, kw)
        assert pg.filter_events(5, place="Phnom Penh") == sq.filter_events(5, place="Phnom Penh")
        assert pg.source_names() == sq.source_names()
        assert pg.mention_names("person", "HN") == sq.mention_names("person", "HN")
        assert pg.person_events("Hun Sen") == sq.person_events("Hun Sen")
        eid = sq.event_ids()[0]
        assert pg.event_mentions(eid) == sq.event_mentions(eid) and pg.event_ids() == sq.event_ids()
    finally:
        pg.close()
        sq.close()


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


def test_move_articles_takes_copies_along_like_sqlite(pg_url, tmp_path):
    """The split step's store call (``Clusterer.refine``) on both stores."""
    from vnnews.store import open_store

    rows = [("a1", "ev-x", None), ("b1", "ev-x", None), ("b1-copy", "ev-x", "b1"), ("b1-elsewhere", "ev-y", "b1"),
            ("c0", "ev-x", None), ("c1", "ev-x", "c0")]  # c1 clustered, then c0 found to be its older original
    for url in (pg_url, str(tmp_path / "m.db")):
        st = open_store(url)
        with st.transaction():
            for aid, eid, dup in rows:
                doc = vnnews.model.Document(id=aid, text="x")
                doc.duplicate_of = dup
                st.put_article(doc, aid)
                st.set_event(aid, eid)
            st.move_articles(["b1", "c1"], "ev-x", "ev-z")
        assert st.event_members("ev-x") == ["a1"], url
        assert st.event_members("ev-z") == ["b1", "b1-copy", "c0", "c1"], url
        assert st.event_members("ev-y") == ["b1-elsewhere"], url  # only copies in the event being split
        st.close()
