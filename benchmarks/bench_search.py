"""Search latency on a synthetic archive of 100,000 Vietnamese articles.

Usage::

    python benchmarks/bench_search.py [--articles 100000] [--db PATH] [--reps 5]
                                      [--rebuild] [--no-optimize]
                                      [--out benchmarks/results/search.json]

1. Build (unless ``--db`` names an archive built before with the same size): short
   articles made by recombining the sentences of ``tests/data/vmds/articles.jsonl``
   (4 to 7 per article, shuffled across clusters), each with one or two people from a
   list of 60 names and one or two of 20 places inserted in a sentence of its own,
   one of 20 outlets, a publication time over 2013-2022 and an event of about three
   articles. **The fast path**: rows go straight into the store's ``articles``,
   ``mentions``, ``events``, ``articles_fts`` and ``articles_fts_folded`` tables (the
   FTS columns made by ``vnnews.search.index_columns`` and ``facet_tokens``, exactly
   as ``put_article`` makes them), 5,000 per transaction; the NLP pipeline
   (sentences, facts, clustering) is not run, so this times search, not ingestion.
   Then ``SqliteStore.optimize_search_index`` merges the FTS segments (``--no-optimize``
   keeps what the bulk insert left).
2. Run a fixed set of 50 queries (accented, unaccented, mixed, phrases, tone-placement
   variants, exclusions, rare and common words, and with each filter) once to warm
   up, then ``--reps`` times each, in turn, on one open store:
   ``vnnews.search.search(store, q, limit=20, **filters)``, i.e. filters, ranking, the
   page's rows and their snippets, as the JSON API returns them. Also timed: the
   event grouping of the web page (``search_events``) and ``engine.search`` (which
   opens the store first, as the CLI and each API request do).
3. Print p50 / p95 in milliseconds, wall clock and the process's CPU time (the second
   is what the query costs; the first also holds waiting for a CPU on a busy
   machine: the load average is recorded), and write them to ``--out`` (JSON).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import platform
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Vương", "Dương"]
MIDDLES = ["Văn", "Thị", "Đình", "Quốc", "Xuân", "Minh", "Thanh", "Hữu", "Tuấn", "Thủy"]
GIVEN = ["Huệ", "Huế", "Anh", "Khánh", "Hải", "Hằng", "Phúc", "Hòa", "Dũng", "Lan", "Hùng", "Thủy", "Nam",
         "Long", "Tâm", "Tú"]
PLACES = ["Hà Nội", "Huế", "Đà Nẵng", "TP.HCM", "Hải Phòng", "Cần Thơ", "Quảng Ninh", "Nghệ An", "Thanh Hóa",
          "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Bình Dương", "Đồng Nai", "Hòa Lạc", "Quảng Nam", "Bắc Ninh",
          "Hà Tĩnh", "Sóc Sơn", "Phú Quốc"]
OUTLETS = ["VnExpress", "Dân trí", "Tuổi Trẻ", "Thanh Niên", "Vietnamnet", "Nhân Dân", "Lao Động", "Tiền Phong",
           "Zing", "VOV", "VTV", "Người Lao Động", "Pháp Luật", "Kinh tế & Đô thị", "Công an nhân dân",
           "Quân đội nhân dân", "Sài Gòn Giải Phóng", "Hà Nội Mới", "Đầu tư", "Vietnam+"]
NAME_SENTENCES = [
    "Ông {p} cho biết {l} sẽ tiếp tục triển khai các giải pháp trong thời gian tới.",
    "Phát biểu tại buổi làm việc ở {l}, ông {p} đề nghị các đơn vị phối hợp chặt chẽ.",
    "Theo bà {p}, tình hình tại {l} đã có nhiều chuyển biến tích cực.",
    "{p} đã có chuyến công tác tại {l} và làm việc với lãnh đạo địa phương.",
]

# (query, filters): 50 queries; the filter values exist in the archive
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("Vương Đình Huệ", {}), ("vuong dinh hue", {}), ("Huệ", {}), ("Huế", {}), ("hue", {}),
    ("Trần Quốc Khánh", {}), ("tran quoc khanh", {}), ('"Nguyễn Văn Hùng"', {}), ('"nguyen thi lan"', {}),
    ("Hà Nội", {}), ("ha noi", {}), ("Đà Nẵng", {}), ("da nang", {}), ("Thanh Hóa", {}), ("thanh hoa", {}),
    ("hòa bình", {}), ("hoà bình", {}), ("thủy điện", {}), ("thuỷ điện", {}), ("bão lũ", {}), ("bao lu", {}),
    ("giá xăng", {}), ("gia xang", {}), ('"công nghiệp"', {}), ('"phát triển kinh tế"', {}),
    ('"tai nan giao thong"', {}), ("biểu tình Campuchia", {}), ("Campuchia", {}), ("bóng đá", {}),
    ("bong da viet nam", {}), ("học sinh thi tốt nghiệp", {}), ("hoc sinh", {}), ("Mỹ", {}), ("my", {}),
    ("Vương dinh hue", {}), ('"Vương dinh hue"', {}), ("hue -Huế", {}), ("tham nhũng", {}),
    ("chính phủ", {}), ("Quốc hội", {}),
    ("ha noi", {"date_from": "2016-01-01", "date_to": "2016-12-31"}),
    ("Huệ", {"date_from": "2020-08-01", "date_to": "2020-08-31"}),
    ("giá xăng", {"source": "VnExpress"}), ("bao lu", {"source": "dan tri"}),
    ("hue", {"person": "Vương Đình Huệ"}), ("ha noi", {"person": "tran quoc khanh"}),
    ("bão", {"place": "Đà Nẵng"}), ("kinh te", {"place": "ha noi"}),
    ("chính phủ", {"place": "Hà Nội", "source": "Tuổi Trẻ", "date_from": "2018-01-01", "date_to": "2019-12-31"}),
    ("Vương Đình Huệ", {"person": "Vương Đình Huệ", "place": "Hà Nội"}),
]
assert len(QUERIES) == 50


def sentences_of(text: str) -> list[str]:
    out = []
    for para in text.split("\n"):
        for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", para.strip()):
            s = s.strip()
            if 40 <= len(s) <= 400:
                out.append(s)
    return out


def build(path: str, n: int, optimize: bool = True, seed: int = 20240813) -> dict[str, Any]:
    """Write the synthetic archive to ``path`` (fast path, see the module doc)."""
    from vnnews.normalize import tone_canon
    from vnnews.search import facet_tokens, index_columns
    from vnnews.store import open_store

    rng = random.Random(seed)
    records = [json.loads(line) for line in open(VMDS, encoding="utf-8")]
    pool = [s for r in records for s in sentences_of(tone_canon(r["text"]))]
    titles = [tone_canon(r["title"]) for r in records if r.get("title")]
    people = sorted({f"{s} {m} {g}" for s in SURNAMES for m in MIDDLES for g in GIVEN})
    people = rng.sample(people, 56) + ["Vương Đình Huệ", "Trần Quốc Khánh", "Nguyễn Văn Hùng", "Nguyễn Thị Lan"]
    start = datetime(2013, 1, 1)
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    t0 = time.perf_counter()
    st = open_store(path)
    db = st.db
    n_chars = 0
    event_no = 0
    in_event = 0
    event_rows: dict[str, dict[str, Any]] = {}
    batch = 5000
    for lo in range(0, n, batch):
        arts, fts, mentions = [], [], []
        for i in range(lo, min(n, lo + batch)):
            if in_event <= 0:
                event_no += 1
                in_event = rng.choice((1, 2, 3, 3, 4, 5))
                ev_time = start + timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
                ev_people = rng.sample(people, rng.choice((1, 2)))
                ev_places = rng.sample(PLACES, rng.choice((1, 1, 2)))
            in_event -= 1
            eid = f"ev-{event_no:06d}"
            published = (ev_time + timedelta(minutes=rng.randrange(0, 48 * 60))).isoformat() + "+07:00"
            body = rng.sample(pool, rng.randint(4, 7))
            body.insert(rng.randrange(len(body) + 1),
                        rng.choice(NAME_SENTENCES).format(p=ev_people[0], l=ev_places[0]))
            if len(ev_people) > 1:
                body.insert(rng.randrange(len(body) + 1), f"Cùng dự có ông {ev_people[1]}.")
            paras = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
            text = "\n\n".join(paras)
            title = rng.choice(titles)
            if rng.random() < 0.3:
                title = f"{ev_people[0]}: {title}"
            aid = f"syn-{i:07d}"
            source = rng.choice(OUTLETS)
            n_chars += len(text)
            arts.append((aid, hashlib.sha1(text.encode()).hexdigest(), title, source,
                         f"https://example.vn/{aid}.html", published, "[]", "vi", "bench", "utf-8",
                         text, "", "{}", "[]", eid, ev_time.date().isoformat(), time.time()))
            fts.append((aid, index_columns(title, text), facet_tokens(source, published, ev_people, ev_places)))
            mentions += [("person", p, aid) for p in ev_people] + [("place", p, aid) for p in ev_places]
            ev = event_rows.setdefault(eid, {"id": eid, "title": title, "date": ev_time.date().isoformat(),
                                             "places": ev_places, "people": [{"name": p, "titles": [],
                                                                              "aliases": [], "sources": []}
                                                                             for p in ev_people],
                                             "articles": []})
            ev["articles"].append({"id": aid, "source": source, "title": title, "published": published})
            for p in ev["people"]:
                p["sources"].append(aid)
        with st.transaction():
            db.executemany("INSERT INTO articles(id, content_hash, title, source, url, published, tags, language, "
                           "origin, encoding, text, raw_text, meta, boilerplate, event_id, event_date, ingested_at) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", arts)
            rowids = dict(db.execute("SELECT id, rowid FROM articles WHERE id >= ? AND id <= ?",
                                     (fts[0][0], fts[-1][0])).fetchall())
            db.executemany("INSERT INTO articles_fts(rowid, title, text, facets) VALUES (?,?,?,?)",
                           [(rowids[a], c[0], c[1], fc) for a, c, fc in fts])
            db.executemany("INSERT INTO articles_fts_folded(rowid, title, text, facets) VALUES (?,?,?,?)",
                           [(rowids[a], c[2], c[3], fc) for a, c, fc in fts])
            db.executemany("INSERT OR IGNORE INTO mentions VALUES (?,?,?)", mentions)
            done = [e for e in event_rows if e != f"ev-{event_no:06d}"]
            for e in done:
                st.put_event(e, event_rows.pop(e), None)
        print(f"  {min(n, lo + batch):>7d} articles, {time.perf_counter() - t0:6.1f} s", file=sys.stderr)
    with st.transaction():
        for e in list(event_rows):
            st.put_event(e, event_rows.pop(e), None)
    st.ensure_search_index()
    build_s = time.perf_counter() - t0
    if optimize:
        t1 = time.perf_counter()
        st.optimize_search_index()
        optimize_s = round(time.perf_counter() - t1, 1)
    else:
        optimize_s = None
    n_events = st.count_events()
    st.close()
    return {"articles": n, "events": n_events, "mean_chars": round(n_chars / n), "build_s": round(build_s, 1),
            "optimize_s": optimize_s,
            "db_mb": round(sum(os.path.getsize(path + s) for s in ("", "-wal") if os.path.exists(path + s)) / 2**20)}


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(p / 100 * len(v) + 0.5) - 1))]


def summary(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(pct(ms, 95), 2),
            "max_ms": round(max(ms), 2), "mean_ms": round(statistics.fmean(ms), 2), "n": len(ms)}


def run(path: str, reps: int) -> dict[str, Any]:
    from vnnews import engine
    from vnnews.search import search, search_events
    from vnnews.store import open_store

    st = open_store(path)
    per_query: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    wall: list[float] = []
    cpu: list[float] = []

    def timed(fn: Any, *a: Any, **kw: Any) -> tuple[float, float]:
        t, c = time.perf_counter(), time.process_time()
        fn(*a, **kw)
        return 1000 * (time.perf_counter() - t), 1000 * (time.process_time() - c)

    load_before = os.getloadavg()[0]
    try:
        for q, f in QUERIES:  # warm-up (and the hit counts)
            hits[q + json.dumps(f, ensure_ascii=False)] = len(search(st, q, limit=20, **f))
        for _ in range(reps):
            for q, f in QUERIES:
                w, c = timed(search, st, q, limit=20, **f)
                per_query.setdefault(q + json.dumps(f, ensure_ascii=False), []).append(c)
                wall.append(w)
                cpu.append(c)
        ev_wall, ev_cpu = [], []
        for _ in range(max(1, reps // 2)):
            for q, f in QUERIES:
                w, c = timed(search_events, st, q, limit=20, **f)
                ev_wall.append(w)
                ev_cpu.append(c)
    finally:
        st.close()
    open_wall, open_cpu = [], []
    for q, f in QUERIES[:20]:
        w, c = timed(engine.search, q, path, limit=20)
        open_wall.append(w)
        open_cpu.append(c)
    slowest = sorted(((statistics.median(v), k) for k, v in per_query.items()), reverse=True)[:5]
    return {"search": summary(wall), "search_cpu": summary(cpu),
            "search_events": summary(ev_wall), "search_events_cpu": summary(ev_cpu),
            "engine_search_with_open": summary(open_wall), "engine_search_with_open_cpu": summary(open_cpu),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "slowest_queries_cpu": [{"query": k, "p50_ms": round(m, 2), "hits": hits[k]} for m, k in slowest],
            "queries_without_hits": [k for k, v in hits.items() if v == 0]}


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", help="archive file (kept; rebuilt when missing or of another size)")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-optimize", action="store_true",
                    help="leave the FTS indexes in the segments the bulk insert made")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "search.json"))
    args = ap.parse_args(argv)
    tmp = None
    if args.db:
        path = args.db
    else:
        tmp = tempfile.TemporaryDirectory(prefix="vnnews-bench-")
        path = os.path.join(tmp.name, "archive.db")
    info: dict[str, Any] = {}
    reuse = False
    if os.path.exists(path) and not args.rebuild:
        with sqlite3.connect(path) as c:
            reuse = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == args.articles
    sidecar = pathlib.Path(path + ".build.json")  # what building it took, for a reused archive
    if reuse:
        print(f"archive {path}: reused", file=sys.stderr)
        info = {"articles": args.articles, "build_s": None}
        if sidecar.exists():
            info = json.loads(sidecar.read_text(encoding="utf-8"))
        info["reused"] = True
    else:
        print(f"building {args.articles} articles in {path} …", file=sys.stderr)
        info = build(path, args.articles, optimize=not args.no_optimize)
        info["load_average_while_building"] = round(os.getloadavg()[0], 2)
        if args.db:
            sidecar.write_text(json.dumps(info), encoding="utf-8")
    res = run(path, args.reps)
    n = info.get("articles") or args.articles
    w, c, e = res["search"], res["search_cpu"], res["search_events"]
    table = [
        {"benchmark": f"search p50 / p95, {n:,} articles, wall clock (load average {res['load_average'][0]})",
         "ours": f"{w['p50_ms']} / {w['p95_ms']} ms", "reference": "-", "ratio": None, "goal": "p50 < 5 ms",
         "met": w["p50_ms"] < 5},
        {"benchmark": f"search p50 / p95, {n:,} articles, CPU time", "ours": f"{c['p50_ms']} / {c['p95_ms']} ms",
         "reference": "-", "ratio": None, "goal": "p50 < 5 ms", "met": c["p50_ms"] < 5},
        {"benchmark": "search grouped by event (web page) p50 / p95, wall clock",
         "ours": f"{e['p50_ms']} / {e['p95_ms']} ms", "reference": "-", "ratio": None, "goal": "-", "met": None},
    ]
    if info.get("build_s"):
        table.append({"benchmark": f"build of the {n:,}-article archive (fast path, no NLP)",
                      "ours": f"{info['build_s']} s + {info.get('optimize_s')} s optimize, {info.get('db_mb')} MB",
                      "reference": "-", "ratio": None, "goal": "-", "met": None})
    out = {"table": table, "archive": info, "queries": len(QUERIES), "reps": args.reps, "limit": 20, **res,
           "sqlite": sqlite3.sqlite_version, "python": platform.python_version(),
           "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
           "command": "python benchmarks/bench_search.py " + " ".join(argv)}
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"archive: {info.get('articles')} articles, {info.get('events', '?')} events, "
          f"built in {info.get('build_s')} s, {info.get('db_mb', '?')} MB; load average {res['load_average']}")
    for name, key in (("search", "search"), ("search_events", "search_events"),
                      ("engine.search (opens the store)", "engine_search_with_open")):
        w, c = res[key], res[key + "_cpu"]
        print(f"{name:32s} wall p50 {w['p50_ms']:6.2f} ms  p95 {w['p95_ms']:6.2f} ms | "
              f"cpu p50 {c['p50_ms']:6.2f} ms  p95 {c['p95_ms']:6.2f} ms  (n={w['n']})")
    for q in res["slowest_queries_cpu"]:
        print(f"  slow: {q['query']}  {q['p50_ms']} ms cpu ({q['hits']} hits)")
    if res["queries_without_hits"]:
        print("  no hits:", ", ".join(res["queries_without_hits"]))
    print(f"-> {args.out}")
    if tmp:
        tmp.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
