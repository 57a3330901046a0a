import glob
import os
import pathlib
import pwd
import shutil
import subprocess
import tempfile
import uuid

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "examples" / "seeds"
DATA = ROOT / "tests" / "data"
SEED_IDS = ("000_69dc071e8ae462b1", "001_ff470c2923c8895d")


@pytest.fixture
def seeds_dir() -> pathlib.Path:
    return SEEDS


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> str:
    """A database with the two seeds ingested once (shared, read-only use)."""
    import vnnews

    path = str(tmp_path_factory.mktemp("seed") / "seed.db")
    res = vnnews.ingest([str(SEEDS / f"{i}.txt") for i in SEED_IDS], db=path)
    assert res.stored == 2, res.drops
    return path


@pytest.fixture(scope="session")
def seed_card(seed_db) -> dict:
    import vnnews

    cards = list(vnnews.export(db=seed_db))
    assert len(cards) == 1, [c["title"] for c in cards]
    return cards[0]


# ------------------------------------------------------------- PostgreSQL
def _binaries() -> tuple[str, str] | None:
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return initdb, pg_ctl
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True):
        if os.path.exists(f"{d}/initdb") and os.path.exists(f"{d}/pg_ctl"):
            return f"{d}/initdb", f"{d}/pg_ctl"
    return None


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session: ``connect(dbname) -> url`` factory."""
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



os.environ.pop("VNNEWS_DB", None)


@pytest.fixture(scope="session")
def vmds_db(tmp_path_factory) -> str:
    """All 628 VMDS articles ingested once (shared, read-only use)."""
    import vnnews

    path = str(tmp_path_factory.mktemp("vmds") / "vmds.db")
    res = vnnews.ingest([str(ROOT / "tests" / "data" / "vmds" / "articles.jsonl")], db=path)
    assert res.stored == 628, res.reasons()
    return path
