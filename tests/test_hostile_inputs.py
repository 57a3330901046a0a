"""Hostile inputs (issue 15): one bad input never costs the good ones.

Each case puts a bad input beside good ones and asserts that the good ones are stored,
the bad one is reported with its stable code (vnnews.errors), the exit code is 0, and
time and peak memory stay bounded (measured on the `vnnews` subprocess). Most cases
share one ingest of one folder (a subprocess start costs seconds); the rest are small.
"""
from __future__ import annotations

import gzip
import json
import os
import pathlib
import subprocess
import sys
import time
import zlib

import pytest

from vnnews.errors import E

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"
VNNEWS = [sys.executable, "-c", "import sys; sys.argv[0] = 'vnnews'; from vnnews.cli import main; main()"]
# runs a command and prints its peak RSS (KiB) and wall time last on stderr
MEASURE = ("import resource, subprocess, sys, time; t = time.monotonic(); "
           "r = subprocess.run(sys.argv[1:]); "
           "sys.stderr.write('\\nMEASURE %d %.2f\\n' % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
           "time.monotonic() - t)); sys.exit(r.returncode)")
TB = "Traceback (most recent call last)"


def _articles(n: int, skip: int = 0) -> list[dict]:
    """n VMDS articles from different clusters (no two are copies or one event)."""
    out, clusters = [], set()
    for line in VMDS.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        if a["cluster"] in clusters:
            continue
        clusters.add(a["cluster"])
        out.append(a)
    return out[skip:skip + n]


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("VNNEWS_DB", None)
    env.pop("VNNEWS_CONFIG", None)
    return env


def run(args: list, cwd=None, timeout: float = 300, measure: bool = False) -> subprocess.CompletedProcess:
    cmd = VNNEWS + [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args]
    if measure:
        cmd = [sys.executable, "-c", MEASURE] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, errors="backslashreplace",
                          cwd=cwd or ROOT, env=_env(), timeout=timeout)


def measured(r: subprocess.CompletedProcess) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of a measured run."""
    line = [x for x in r.stderr.splitlines() if x.startswith("MEASURE ")][-1]
    _, kb, secs = line.split()
    return int(kb) / 1024, float(secs)


def export(db: str, articles: bool = True) -> list[dict]:
    r = run(["export", "--db", db] + (["--articles"] if articles else []))
    assert r.returncode == 0, r.stderr
    return [json.loads(x) for x in r.stdout.splitlines() if x.strip()]


def _page(a: dict) -> str:
    return a["title"] + "\n\n" + a["text"]


def _warc_record(uri: str, http: bytes) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2020-08-13T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def _gzip_zeros(n_bytes: int, prefix: bytes = b"", suffix: bytes = b"", wbits: int = 31) -> bytes:
    """A gzip stream (or zlib/deflate with other ``wbits``) of ``prefix``, ``n_bytes`` spaces
    and ``suffix``, compressed chunk by chunk (never held inflated)."""
    c = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [c.compress(prefix)]
    chunk = b" " * (1 << 20)
    for _ in range(n_bytes >> 20):
        parts.append(c.compress(chunk))
    parts.append(c.compress(suffix))
    parts.append(c.flush())
    return b"".join(parts)


# ------------------------------------------------------------------ the big folder
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One folder of good and hostile inputs, ingested once (measured)."""
    d = tmp_path_factory.mktemp("hostile")
    good = _articles(16)
    files = d / "files"
    files.mkdir()
    for i, a in enumerate(good[:5]):
        (files / f"good{i}.txt").write_text(_page(a), encoding="utf-8")
    # a file name that is not valid UTF-8, and one with a newline and an escape sequence
    badname = os.path.join(os.fsencode(files), b"bad\xff\xfename.txt")
    with open(badname, "wb") as fh:
        fh.write(_page(good[5]).encode("utf-8"))
    (files / "evil\nvnnews: 999 stored\x1b[31m.txt").write_text(_page(good[6]), encoding="utf-8")
    # JSONL: each line one case
    def line(a, **kw):
        obj = {"id": a["id"], "title": a["title"], "text": a["text"], "source": a["source"],
               "published": a["published"]}
        obj.update(kw)
        return json.dumps(obj, ensure_ascii=True)
    deep = "[" * 1500 + "]" * 1500
    lines = [
        line(good[7]),  # good
        line(good[8], id="sur\ud800rogate"),  # lone surrogate in the id: stored, id escaped
        line(good[9], id="bad-text", text=good[9]["text"] + "\ud800"),  # lone surrogate in the text
        line(good[10], id="deep").replace('"source"', f'"extra": {deep}, "source"', 1),  # 1,500-deep array
        line(good[10], published="9999-12-31T23:59:59"),
        line(good[11], published="hôm qua lúc 3h"),
        line(good[12], published=1597300000),
        line(good[13], title={"a": 1}, author=["x"], url=5),
        line(good[14], title="Giá điện [/nope] tăng \x1b[2J\nvnnews: forged line"),
    ]
    (d / "mix.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + line(good[15]).encode() + b"\n")
    # a .jsonl.gz whose middle line inflates to 600 MB, between two good lines
    extra = _articles(4, skip=16)
    bomb = _gzip_zeros(600 << 20, prefix=(line(extra[0]) + "\n").encode() + b'{"id": "bomb", "text": "',
                       suffix=b'"}\n' + (line(extra[1]) + "\n").encode())
    (d / "bomb.jsonl.gz").write_bytes(bomb)
    # a WARC response whose gzip body inflates to 400 MB, then a good record
    body = _gzip_zeros(400 << 20, prefix=b"<html><body><p>")
    http1 = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n"
             b"Content-Length: %d\r\n\r\n" % len(body)) + body
    page = ("<html><head><title>%s</title></head><body><article><h1>%s</h1>%s</article></body></html>" % (
        extra[2]["title"], extra[2]["title"],
        "".join(f"<p>{p}</p>" for p in extra[2]["text"].split(". ")))).encode()
    http2 = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    (d / "crawl.warc").write_bytes(_warc_record("http://example.vn/bomb", http1)
                                   + _warc_record("http://example.vn/good", http2))
    # the quadratic-regex page: no closing tag, no text
    (d / "scripts.html").write_bytes(b"<script>" * 50000)
    db = str(tmp_path_factory.mktemp("hostile_db") / "h.db")
    r = run(["ingest", str(d), "--db", db], measure=True, timeout=600)
    return {"dir": d, "db": db, "r": r, "good": good, "extra": extra, "stored": export(db)}


def _reported(r, code: str) -> list[str]:
    return [x for x in r.stderr.splitlines() if f"[{code}]" in x]


def test_hostile_folder_exit_0_no_traceback_bounded(hostile):
    r = hostile["r"]
    assert r.returncode == 0, r.stderr[-3000:]
    assert TB not in r.stderr
    rss, secs = measured(r)
    # the bombs inflate to 1 GB in all: streamed, they cost neither memory nor minutes
    assert rss < 800, f"peak RSS {rss:.0f} MB"  # a 600 MB line held whole would exceed it
    assert secs < 240, f"{secs:.0f} s"


def test_good_files_beside_bad_names_are_stored(hostile):
    ids = {a["id"] for a in hostile["stored"]}
    assert {f"good{i}" for i in range(5)} <= ids
    # not valid UTF-8: stored under a stable escaped id, with a note
    assert "bad\\xff\\xfename" in ids
    assert _reported(hostile["r"], E.ID_ESCAPED.code)
    assert any(i.startswith("evil") for i in ids)


def test_jsonl_cases(hostile):
    r, by_id = hostile["r"], {a["id"]: a for a in hostile["stored"]}
    good = hostile["good"]
    assert good[7]["id"] in by_id and good[15]["id"] in by_id  # a plain line; the BOM file's line
    assert "sur\\ud800rogate" in by_id  # escaped id
    assert "bad-text" not in by_id and any("bad-text" in x for x in _reported(r, E.INVALID_UNICODE.code))
    assert "deep" not in by_id and any("mix.jsonl line 4" in x for x in _reported(r, E.TOO_DEEP.code))
    # published refused field by field: the article is kept, without the date
    for i in (10, 11, 12):
        assert by_id[good[i]["id"]]["published"] is None
    assert len(_reported(r, E.PUBLISHED_REFUSED.code)) == 2  # 9999 and "hôm qua lúc 3h", each once
    assert len(_reported(r, E.ID_ESCAPED.code)) == 2  # the file name and the JSONL id, each once
    assert not _reported(r, E.UNSUPPORTED_TYPE.code)
    notes = _reported(r, E.FIELD_REFUSED.code)
    assert any("'published' is a int" in x for x in notes)
    assert any("'title' is a dict" in x for x in notes) and any("'author' is a list" in x for x in notes)
    t = by_id[good[13]["id"]]["title"]
    assert t is None or "{" not in t  # never a Python repr
    assert by_id[good[14]["id"]]["title"].startswith("Giá điện [/nope] tăng")


def test_bombs_dropped_records_after_kept(hostile):
    r, ids = hostile["r"], {a["id"] for a in hostile["stored"]}
    extra = hostile["extra"]
    assert extra[0]["id"] in ids and extra[1]["id"] in ids
    assert any("bomb.jsonl.gz line 2" in x for x in _reported(r, E.RAW_TOO_LARGE.code))
    assert "http://example.vn/good" in ids
    assert any("record 1" in x for x in _reported(r, E.INFLATES_TOO_LARGE.code))
    assert any("scripts.html" in x for x in _reported(r, E.NO_HTML_TEXT.code))


def test_terminal_output_escaped(hostile):
    r = hostile["r"]
    assert "\x1b" not in r.stderr
    # a newline in a file name cannot forge a line of the report
    assert not any(x.startswith("vnnews: 999 stored") for x in r.stderr.splitlines())
    for cmd in (["events", "--db", hostile["db"]], ["search", "điện", "--db", hostile["db"]]):
        out = run(cmd)
        assert out.returncode == 0 and TB not in out.stderr, out.stderr
        assert "\x1b" not in out.stdout
        assert not any(x.lstrip().startswith("vnnews: forged line") for x in out.stdout.splitlines())
    ev = run(["events", "--db", hostile["db"], "--limit", "100"])
    assert "[/nope]" in ev.stdout.replace("\n", "")


# ------------------------------------------------------------ per-document isolation
def test_step_failures_become_coded_drops():
    from vnnews.model import Document
    from vnnews.pipeline import Map, Pipeline, Stats
    from vnnews.settings import Limits, Settings

    def boom(doc):
        if doc.id == "mem":
            raise MemoryError
        if doc.id == "rec":
            raise RecursionError
        if doc.id == "uni":
            "\ud800".encode("utf-8")
        if doc.id == "slow":
            while True:  # a runaway document
                pass
        return doc

    pipe = Pipeline([Map(boom, "boom", requires={"input"})],
                    Settings(limits=Limits(seconds_per_document=0.5)))
    stats = Stats()
    t0 = time.monotonic()
    out = [pipe.process(Document(id=i), stats) for i in ("a", "mem", "rec", "uni", "slow", "b")]
    assert time.monotonic() - t0 < 5
    assert [d.id for d in out if d] == ["a", "b"]
    assert [d.code for d in stats.drops] == [E.OUT_OF_MEMORY.code, E.RECURSION.code, E.INVALID_UNICODE.code,
                                              E.TIME_LIMIT.code]
    assert stats.steps["boom"].docs_in == 6 and stats.steps["boom"].dropped == 4


def _runaway(doc):
    if doc.id.startswith("slow"):
        end = time.monotonic() + 20  # a runaway step (bounded, so that a broken limit fails, not hangs)
        while time.monotonic() < end:
            pass
    return doc


def test_time_limit_holds_off_the_main_thread():
    """A runaway document in a worker thread (as in Ray's workers or a thread pool) is
    dropped with R403 by the watchdog, and the documents beside it go through."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from vnnews.model import Document
    from vnnews.pipeline import Map, Pipeline, Stats
    from vnnews.settings import Limits, Settings

    pipe = Pipeline([Map(_runaway, "runaway", requires={"input"})],
                    Settings(limits=Limits(seconds_per_document=0.3)))
    stats = Stats()
    threads = set()

    def one(i):
        threads.add(threading.current_thread() is threading.main_thread())
        return pipe.process(Document(id=i), stats)

    t0 = time.monotonic()
    with ThreadPoolExecutor(2) as pool:
        out = list(pool.map(one, ["a", "slow-1", "b", "slow-2", "c"]))
    assert threads == {False}
    assert time.monotonic() - t0 < 10
    assert [d.id if d else None for d in out] == ["a", None, "b", None, "c"]
    assert sorted(d.origin for d in stats.drops) == ["slow-1", "slow-2"]
    assert {d.code for d in stats.drops} == {E.TIME_LIMIT.code}
    assert "runaway" in stats.drops[0].detail and "0.3 s" in stats.drops[0].detail
    # nothing left pending for these threads: quick documents after a timeout go through
    again = Stats()
    with ThreadPoolExecutor(2) as pool:
        assert [d.id for d in pool.map(lambda i: pipe.process(Document(id=i), again), "xyz")] == list("xyz")
    assert not again.drops


def test_pipeline_checks_requirements_and_dependencies(monkeypatch):
    from vnnews.errors import ConfigError, MissingDependency
    from vnnews.pipeline import Facts, Sentences, build_pipeline
    from vnnews.settings import Settings

    with pytest.raises(ConfigError, match="requires"):
        build_pipeline(steps=[Facts(Settings())])
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda n, *a: None if n == "underthesea" else real(n, *a))
    with pytest.raises(ImportError, match="pip install") as e:
        build_pipeline(steps=[Sentences(Settings())])
    assert isinstance(e.value, MissingDependency)
    monkeypatch.undo()
    assert build_pipeline(Settings(), "ingest").names == ["extract", "outlet", "check", "language", "sentences", "facts"]
    assert build_pipeline(Settings(), "eval-summary").names == build_pipeline(Settings(), "summarize").names


def test_text_cut_with_note(tmp_path):
    from vnnews.ingest.readers import parse_article
    from vnnews.settings import Limits

    a = _articles(1)[0]
    doc = parse_article(json.dumps({"id": "x", "text": a["text"]}), "t line 1", Limits(text_chars=100))
    assert len(doc.raw_text) == 100
    assert doc.meta["notes"][0]["code"] == E.TEXT_CUT.code


def test_published_window():
    from vnnews.pipeline import parse_published

    assert parse_published("2020-08-13") and parse_published("2020-08-13T10:00:00+07:00")
    for bad in ("9999-12-31T23:59:59", "1899-12-31", "hôm qua lúc 3h", "2020-13-01", "2020-02-30", ""):
        assert parse_published(bad) is None, bad


# ------------------------------------------------------------ identity and concurrency
def test_file_ids_unique_across_runs(tmp_path):
    a, b = _articles(2, skip=20)
    for name, art in (("a", a), ("b", b)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(
            f"<html><body><h1>{art['title']}</h1><p>{art['text']}</p></body></html>", encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert run(["ingest", str(tmp_path / "a"), "--db", db]).returncode == 0
    assert run(["ingest", str(tmp_path / "b"), "--db", db]).returncode == 0
    assert run(["ingest", str(tmp_path / "a"), "--db", db]).returncode == 0  # the same file again: unchanged
    (tmp_path / "c").mkdir()  # a copy of a's file elsewhere: the same article
    (tmp_path / "c" / "index.html").write_bytes((tmp_path / "a" / "index.html").read_bytes())
    r = run(["ingest", str(tmp_path / "c"), "--db", db])
    assert r.returncode == 0 and "0 stored, 1 unchanged" in r.stderr, r.stderr
    arts = export(db)
    assert len(arts) == 2, [x["id"] for x in arts]
    ids = sorted(x["id"] for x in arts)
    assert ids[0] == "index" and ids[1].startswith("index~")
    by_id = {x["id"]: x for x in arts}
    assert by_id["index"]["title"] == a["title"] and by_id[ids[1]]["title"] == b["title"]


def test_copy_link_never_points_to_itself(tmp_path):
    import vnnews
    from vnnews.store import open_store

    a = _articles(1, skip=30)[0]
    orig = {"id": "orig", "title": a["title"], "text": a["text"], "source": "A", "published": "2020-01-01T08:00:00"}
    copy = dict(orig, id="copy", source="B", published="2020-01-01T09:00:00")
    db = str(tmp_path / "c.db")
    f = tmp_path / "in.jsonl"
    f.write_text(json.dumps(orig) + "\n" + json.dumps(copy) + "\n", encoding="utf-8")
    vnnews.ingest([str(f)], db=db)
    f.write_text(json.dumps(dict(orig, title=orig["title"] + " (sửa)")) + "\n", encoding="utf-8")
    vnnews.ingest([str(f)], db=db)
    st = open_store(db)
    try:
        o, c = st.get_document("orig"), st.get_document("copy")
    finally:
        st.close()
    assert o.duplicate_of is None and c.duplicate_of == "orig"


def test_concurrent_create_and_ingest_equal_one(tmp_path):
    arts = _articles(12, skip=40)
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    one = str(tmp_path / "one.db")
    assert run(["ingest", str(f), "--db", one]).returncode == 0
    two = str(tmp_path / "two.db")
    procs = [subprocess.Popen(VNNEWS + ["ingest", str(f), "--db", two], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=_env(), cwd=ROOT) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-2000:] for o in outs]
    key = lambda xs: sorted(json.dumps(x, sort_keys=True, ensure_ascii=False) for x in xs)  # noqa: E731
    assert key(export(two)) == key(export(one))
    assert key(export(two, articles=False)) == key(export(one, articles=False))


# ------------------------------------------------------------ CLI errors and the web
def test_cli_errors_a_person_can_act_on(tmp_path):
    typo = tmp_path / "typo.db"
    for verb in (["events"], ["export"], ["search", "x"], ["show", "e1"]):
        r = run(verb + ["--db", str(typo)])
        assert r.returncode != 0 and TB not in r.stderr and "no database" in r.stderr, r.stderr
    assert not typo.exists()
    r = run(["summarize", str(tmp_path / "missing.jsonl"), "--group-by", "cluster"])
    assert r.returncode == 1 and "missing.jsonl" in r.stderr and E.MISSING_INPUT.code in r.stderr
    f = tmp_path / "g.jsonl"
    a = _articles(1)[0]
    f.write_text(json.dumps(dict(a, cluster="c1")) + "\nnot json\n", encoding="utf-8")
    r = run(["summarize", str(f), "--group-by", "cluster"])
    assert r.returncode == 0 and "g.jsonl line 2" in r.stderr and E.MALFORMED_JSON.code in r.stderr
    assert json.loads(r.stdout.splitlines()[0])["group"] == "c1"
    db = str(tmp_path / "ok.db")
    run(["ingest", str(f), "--db", db])
    r = run(["export", "--db", db, "--out", str(tmp_path / "nope" / "x.jsonl")])
    assert r.returncode == 1 and "does not exist" in r.stderr and TB not in r.stderr
    r = run(["events", "--db", db, "--limit", "99999999999999999999"])
    assert r.returncode == 2 and TB not in r.stderr


def test_no_system_exit_outside_cli():
    import re

    for p in (ROOT / "src" / "vnnews").rglob("*.py"):
        if p.name == "cli.py":
            continue
        code = "\n".join(x for x in p.read_text(encoding="utf-8").splitlines() if not x.lstrip().startswith("#"))
        assert not re.search(r"raise SystemExit|sys\.exit\(", code), p


def test_web_reads_only_and_422(tmp_path, seed_db):
    import hashlib
    import shutil

    from fastapi.testclient import TestClient

    from vnnews.api import create_app

    db = str(tmp_path / "w.db")
    shutil.copy(seed_db, db)
    for ext in ("-wal", "-shm"):
        if os.path.exists(seed_db + ext):
            shutil.copy(seed_db + ext, db + ext)
    digest = hashlib.sha256(pathlib.Path(db).read_bytes()).hexdigest()
    c = TestClient(create_app(db))
    assert c.get("/api/events").status_code == 200
    assert c.get("/api/search", params={"q": "điện"}).status_code == 200
    assert c.get("/api/events", params={"date_to": "9999-12-31"}).status_code == 422
    assert c.get("/api/events", params={"offset": "9223372036854775808"}).status_code == 422
    assert c.get("/api/search", params={"q": "a", "date_from": "0001-01-01"}).status_code == 422
    assert hashlib.sha256(pathlib.Path(db).read_bytes()).hexdigest() == digest
    missing = tmp_path / "none.db"
    c2 = TestClient(create_app(str(missing)), raise_server_exceptions=False)
    c2.get("/api/events")
    assert not missing.exists()


# ------------------------------------------------------------------------- fuzzing
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings as hsettings, strategies as hs  # noqa: E402

_NAME = hs.binary(min_size=1, max_size=60).map(lambda b: b.replace(b"/", b"_").replace(b"\0", b"_")).filter(
    lambda b: b not in (b".", b".."))
_EXT = hs.sampled_from([b".txt", b".html", b".jsonl", b".jsonl.gz", b".warc", b".warc.gz", b""])


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_NAME, ext=_EXT, data=hs.binary(max_size=2000))
def test_readers_fuzz_bytes_and_names(tmp_path, name, ext, data):
    from vnnews.ingest.readers import read_paths
    from vnnews.model import Document, Drop

    d = tmp_path / "fz"
    d.mkdir(exist_ok=True)
    for x in d.iterdir():
        x.unlink()
    path = os.path.join(os.fsencode(d), name + ext)
    if ext.endswith(b".gz"):
        data = gzip.compress(data) if data[:1] != b"\x1f" else data
    with open(path, "wb") as fh:
        fh.write(data)
    for item in read_paths([str(d)]):
        assert isinstance(item, (Document, Drop))
        if isinstance(item, Drop):
            assert item.reason and item.code, item
        else:
            item.id.encode("utf-8")  # every id can be stored
            for v in (item.title, item.url, item.author, item.published, item.raw_text, item.html or ""):
                assert v is None or isinstance(v, str)
