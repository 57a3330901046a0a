"""Clustering cost vs archive size, on synthetic archives of short articles.

Usage::

    python benchmarks/bench_cluster_scale.py [--sizes 10000,100000] [--per-day 100]
                                             [--budget-s 300]
                                             [--out benchmarks/results/cluster_scale.json]

(``make bench-1m``: ``--sizes 10000,100000,1000000 --budget-s 3600 --out benchmarks/results/cluster_scale_1m.json``.)

The archives: short articles (3 to 5 sentences) recombined from the sentences of one
VMDS cluster (``tests/data/vmds/articles.jsonl``) per synthetic event, each event with
its own person (one of 1,920 generated names), place and day, 1 to 5 articles an
event (3 on average), ``--per-day`` articles a publication day: an archive of N
articles covers N / per-day days, as a growing archive does. Events drawn from the
same VMDS cluster are at least 199 events (about six days at 100 a day) apart.

What is timed: **only clustering** (``vnnews.cluster.Clusterer.assign`` with the
SQLite store's term index and event states, in a temporary file, batches of 2,000
articles as the engine makes them, one transaction each, with the event states
written at the end of each batch as the engine does). The NLP stages are skipped:
each article's ``Features`` are computed from its synthetic text and facts (people,
place, event date) with ``vnnews.cluster.features`` before its batch, untimed;
article rows are minimal (id, date, event) and event cards are not built.

Each size runs in a fresh process (its own peak RSS). Reported per size: clustering
ms per article (all, and the last batch, i.e. at the full archive size, and a curve of
cost vs archive size), the same in CPU time of the process (what the ±25 % goal is
judged on: CPU time is not inflated by other work on the machine; "at full size" is the
mean of the batches of the last tenth of the archive, at least five), events, BCubed F1
against the synthetic events, peak RSS, database size. ``--budget-s`` bounds each
size's clustering time (``make bench`` stays short): a size that reaches it stops after
that batch and reports the archive size reached.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from typing import Any, Iterator

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"
RESULTS = ROOT / "benchmarks" / "results"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Vương", "Dương"]
MIDDLES = ["Văn", "Thị", "Đình", "Quốc", "Xuân", "Minh", "Thanh", "Hữu", "Tuấn", "Ngọc"]
GIVEN = ["Huệ", "Anh", "Khánh", "Hải", "Hằng", "Phúc", "Hòa", "Dũng", "Lan", "Hùng", "Thủy", "Nam",
         "Long", "Tâm", "Tú", "Sơn"]
PLACES = ["Hà Nội", "Huế", "Đà Nẵng", "TP.HCM", "Hải Phòng", "Cần Thơ", "Quảng Ninh", "Nghệ An", "Thanh Hóa",
          "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Bình Dương", "Đồng Nai", "Quảng Nam", "Bắc Ninh", "Hà Tĩnh",
          "Phú Quốc", "Nam Định", "Thái Bình"]
NAME_SENTENCES = [
    "Ông {p} cho biết {l} sẽ tiếp tục triển khai các giải pháp trong thời gian tới.",
    "Phát biểu tại buổi làm việc ở {l}, ông {p} đề nghị các đơn vị phối hợp chặt chẽ.",
    "Theo ông {p}, tình hình tại {l} đang được theo dõi sát sao.",
    "Bà {p} khẳng định {l} đã chuẩn bị đầy đủ các phương án.",
]
START = dt.date(2013, 1, 1)
_SENT = re.compile(r"(?<=[.!?…])\s+(?=[\"“A-ZĐÀ-ỸÁ-Ỹ0-9])")


@lru_cache(maxsize=1)
def vmds_clusters() -> list[tuple[list[str], list[str]]]:
    """Per VMDS cluster: (its titles, its sentences of 6 words or more)."""
    by: dict[str, tuple[list[str], list[str]]] = {}
    for line in VMDS.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        titles, sents = by.setdefault(a["cluster"], ([], []))
        if a.get("title"):
            titles.append(a["title"])
        sents += [s for s in _SENT.split(a["text"]) if len(s.split()) >= 6]
    return [by[k] for k in sorted(by) if by[k][1]]


NAMES = [f"{s} {m} {g}" for s in SURNAMES for m in MIDDLES for g in GIVEN]


def synthetic_articles(n: int, per_day: int = 100, seed: int = 13) -> Iterator[dict]:
    """``n`` short articles in synthetic events (see the module docstring), in
    publication order: dicts with id, title, text, published, person, place, event."""
    clusters = vmds_clusters()
    made = 0
    k = 0
    while made < n:
        rng = random.Random(seed * 1_000_003 + k)
        titles, sents = clusters[k % len(clusters)]
        person = NAMES[rng.randrange(len(NAMES))]
        place = PLACES[rng.randrange(len(PLACES))]
        day = START + dt.timedelta(days=made // per_day)
        for j in range(1 + rng.randrange(5)):
            if made >= n:
                break
            body = rng.sample(sents, min(len(sents), 3 + rng.randrange(3)))
            body.insert(rng.randrange(len(body) + 1), rng.choice(NAME_SENTENCES).format(p=person, l=place))
            pub = day + dt.timedelta(days=rng.randrange(2))
            yield {"id": f"syn-{made:07d}", "title": rng.choice(titles) if titles else body[0],
                   "text": " ".join(body), "published": pub.isoformat() + f"T{8 + j:02d}:00:00",
                   "person": person, "place": place, "event": f"e{k}", "event_date": day.isoformat()}
            made += 1
        k += 1


def as_document(a: dict):
    from vnnews.model import Document, Facts, Person

    facts = Facts(people=[Person(name=a["person"])], places=[a["place"]], event_date=a["event_date"])
    return Document(id=a["id"], text=a["text"], title=a["title"], published=a["published"], facts=facts)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def run_one(n: int, per_day: int, batch: int = 2000, budget_s: float = 0) -> dict[str, Any]:
    """Cluster an archive of ``n`` synthetic articles (in this process); with
    ``budget_s``, stop after the batch that takes the clustering time past it."""
    from vnnews.cluster import Clusterer, features
    from vnnews.eval.bcubed import bcubed
    from vnnews.store import SqliteStore

    tmp = tempfile.TemporaryDirectory(prefix="vnnews-cluster-")
    path = os.path.join(tmp.name, "archive.db")
    store = SqliteStore(path)
    gold: dict[str, str] = {}
    pred: dict[str, str] = {}
    t_cluster = t_feat = cpu_cluster = 0.0
    last_batch_ms = 0.0
    curve: list[tuple[int, float]] = []  # (archive size before the batch, ms per article)
    cpu_curve: list[tuple[int, float]] = []  # the same in CPU time of this process
    it = synthetic_articles(n, per_day)
    done = 0
    stopped = False
    while done < n:
        if budget_s and t_cluster > budget_s:
            stopped = True
            break
        arts = [a for _, a in zip(range(batch), it)]
        if not arts:
            break
        t0 = time.perf_counter()
        docs = [as_document(a) for a in arts]
        feats = [features(d) for d in docs]
        t_feat += time.perf_counter() - t0
        with store.transaction():
            store.db.executemany(
                "INSERT INTO articles (id, content_hash, text, published, event_date) VALUES (?,?,?,?,?)",
                [(d.id, "", "", d.published, a["event_date"]) for d, a in zip(docs, arts)])
            t0, c0 = time.perf_counter(), time.process_time()
            cl = Clusterer(store)
            touched = set()
            for d, f in zip(docs, feats):
                eid = cl.assign(d, f)
                store.set_event(d.id, eid)
                pred[d.id] = eid
                touched.add(eid)
            touched |= cl.refine(touched)
            for eid in sorted({cl.merged.get(e, e) for e in touched}):
                while eid in cl.merged:
                    eid = cl.merged[eid]
                st = cl.state(eid)
                store.put_event(eid, {"id": eid, "date": st.latest, "title": eid, "articles": []}, st.to_json())
            dt_batch = time.perf_counter() - t0
            cpu_batch = time.process_time() - c0
        t_cluster += dt_batch
        cpu_cluster += cpu_batch
        cpu_curve.append((done, round(1000 * cpu_batch / len(arts), 3)))
        last_batch_ms = 1000 * dt_batch / len(arts)
        curve.append((done, round(last_batch_ms, 3)))
        if len(curve) % 10 == 0:
            print(f"  {done + len(arts):,} articles: {last_batch_ms:.2f} ms/article "
                  f"({cpu_curve[-1][1]:.2f} CPU), {t_cluster:.0f} s",
                  file=sys.stderr, flush=True)
        for a in arts:
            gold[a["id"]] = a["event"]
        done += len(arts)
    # merges moved articles: read the final event of each article
    final = dict(store.db.execute("SELECT id, event_id FROM articles"))
    p, r, f1 = bcubed({k: final.get(k, v) for k, v in pred.items()}, gold)
    n_events = store.count_events()
    store.close()
    size_mb = sum(os.path.getsize(os.path.join(tmp.name, x)) for x in os.listdir(tmp.name)) / 2**20
    tmp.cleanup()
    step = max(1, len(curve) // 20)
    # the cost at full size: the mean of the batches of the last tenth of the archive, at
    # least five (single batches vary by ±40 % with what they hold)
    tail = [ms for _, ms in cpu_curve[-max(5, len(cpu_curve) // 10):]]
    return {"articles": done, "target": n, "stopped_by_budget": stopped, "budget_s": budget_s or None,
            "days": -(-done // per_day), "per_day": per_day, "events": n_events,
            "gold_events": len(set(gold.values())),
            "cluster_s": round(t_cluster, 2), "ms_per_article": round(1000 * t_cluster / max(1, done), 3),
            "ms_per_article_last_batch": round(last_batch_ms, 3), "features_s_untimed": round(t_feat, 1),
            "cpu_ms_per_article": round(1000 * cpu_cluster / max(1, done), 3),
            "cpu_ms_per_article_at_size": round(sum(tail) / max(1, len(tail)), 3),
            "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)},
            "peak_rss_mb": round(peak_rss_mb(), 1), "db_mb": round(size_mb, 1),
            "curve_ms_per_article": curve[::step] + ([curve[-1]] if curve and (len(curve) - 1) % step else []),
            "curve_cpu_ms_per_article": cpu_curve[::step] + ([cpu_curve[-1]] if cpu_curve and (len(cpu_curve) - 1) % step else []),
            "cpu_ms_per_batch": [ms for _, ms in cpu_curve]}


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated archive sizes")
    ap.add_argument("--per-day", type=int, default=100, help="articles per publication day")
    ap.add_argument("--budget-s", type=float, default=300,
                    help="clustering seconds per size before stopping early (0: none)")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: one size, JSON on stdout
    ap.add_argument("--out", default=str(RESULTS / "cluster_scale.json"))
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.per_day, budget_s=args.budget_s)))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    runs = []
    for n in sizes:
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, __file__, "--one", str(n), "--per-day", str(args.per_day),
                            "--budget-s", str(args.budget_s)], stdout=subprocess.PIPE, text=True, check=True)
        res = json.loads(r.stdout.strip().splitlines()[-1])
        res["wall_s"] = round(time.perf_counter() - t0, 1)
        runs.append(res)
        cut = f" (stopped by the {args.budget_s:.0f} s budget, of {n:,})" if res["stopped_by_budget"] else ""
        print(f"{res['articles']:>9,} articles{cut} ({res['days']} days): {res['ms_per_article']:.2f} ms/article "
              f"(last batch {res['ms_per_article_last_batch']:.2f}), {res['events']:,} events "
              f"(gold {res['gold_events']:,}), BCubed F1 {res['bcubed']['f1']:.3f}, "
              f"peak RSS {res['peak_rss_mb']:.0f} MB, db {res['db_mb']:.0f} MB", flush=True)
    first, last = runs[0], runs[-1]
    growth = last["cpu_ms_per_article_at_size"] / max(1e-9, first["cpu_ms_per_article_at_size"])
    table = [{"benchmark": f"clustering, archive of {r['articles']:,} articles"
                           + (f" (of {r['target']:,}: time budget)" if r["stopped_by_budget"] else ""),
              "ours": f"{r['ms_per_article']:.2f} ms/article wall, {r['cpu_ms_per_article']:.2f} CPU "
                      f"(at full size {r['cpu_ms_per_article_at_size']:.2f} CPU); "
                      f"BCubed F1 {r['bcubed']['f1']:.3f}; peak RSS {r['peak_rss_mb']:.0f} MB",
              "reference": "-", "ratio": None, "goal": "peak RSS < 2 GiB",
              "met": r["peak_rss_mb"] < 2048} for r in runs]
    if len(runs) > 1 and last["articles"] > first["articles"]:
        size_ratio = last["articles"] / first["articles"]
        table.append({"benchmark": f"clustering CPU cost per article at full size, archive {first['articles']:,} → "
                                   f"{last['articles']:,} (×{size_ratio:.0f})",
                      "ours": f"{first['cpu_ms_per_article_at_size']:.2f} → {last['cpu_ms_per_article_at_size']:.2f} "
                              f"ms/article (×{growth:.2f})",
                      "reference": f"all-pairs: ×{size_ratio:.0f}", "ratio": round(growth, 3),
                      "goal": "flat within ±25 % (0.75–1.25×)", "met": 0.75 <= growth <= 1.25})
    out = {"name": "cluster_scale", "runs": runs, "table": table,
           "what": "Clusterer.assign on precomputed Features (NLP stages skipped), SQLite store in a temp file",
           "python": platform.python_version(), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
           "command": "python benchmarks/bench_cluster_scale.py " + " ".join(argv)}
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
