#!/usr/bin/env python3
"""Sweep clustering settings on a pooled, already-ingested database with gold labels.

    .venv/bin/python tools/tune_cluster.py DB GOLD.jsonl [--field cluster]

Documents (with their facts) are read back from DB, then re-clustered in memory for
each setting, in the order ingest uses; BCubed against the gold field is printed."""
import argparse
import itertools
import json
import sys

from vnnews import cluster as C
from vnnews.eval.bcubed import bcubed
from vnnews.store import open_store
from vnnews.store.sqlite import SqliteStore


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("gold")
    ap.add_argument("--field", default="cluster")
    a = ap.parse_args()
    gold = {}
    for line in open(a.gold, encoding="utf-8"):
        o = json.loads(line)
        gold[o["id"]] = o[a.field]
    st = open_store(a.db)
    docs = st.documents([r["id"] for r in st.article_rows()])
    docs.sort(key=lambda d: ((d.facts.event_date if d.facts and d.facts.event_date else None)
                             or (d.published or "")[:10] or "9999", d.published or "", d.id))
    feats = {d.id: C.features(d) for d in docs}
    grid = dict(threshold=[0.3, 0.35], title_weight=[0.4, 0.6], date_penalty=[0.1, 0.2], entity_weight=[0.0, 0.1, 0.2],
                window_days=[2, 3], merge_threshold=[0.5], split_floor=[0.25, 0.28, 0.3])
    keys = list(grid)
    for vals in itertools.product(*[grid[k] for k in keys]):
        cfg = C.ClusterConfig(**dict(zip(keys, vals)))
        mem = SqliteStore(":memory:")
        cl = C.Clusterer(mem, cfg)
        pred = {}
        with mem.transaction():
            for d in docs:
                d2 = d
                mem.db.execute("INSERT INTO articles (id, content_hash, text) VALUES (?, '', '')", (d.id,))
                e = cl.assign(d2, feats[d.id])
                mem.set_event(d.id, e)
            cl.refine({r[0] for r in mem.db.execute("SELECT DISTINCT event_id FROM articles")})  # as the engine
        pred = {r[0]: r[1] for r in mem.db.execute("SELECT id, event_id FROM articles")}
        p, r, f = bcubed({k: v for k, v in pred.items() if k in gold}, gold)
        print(" ".join(f"{k}={v}" for k, v in zip(keys, vals)), f"P={p:.3f} R={r:.3f} F={f:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
