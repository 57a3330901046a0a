#!/usr/bin/env python3
"""Sweep clustering settings on a pooled, already-ingested database with gold labels.

    .venv/bin/python tools/tune_cluster.py DB GOLD.jsonl [--field cluster]

Documents (with their facts) are read back from DB, then re-clustered in memory for
each setting, in the order ingest uses and with the batch-end split as the engine
does (``vnnews.eval.replay.Replay``); BCubed against the gold field
is printed."""
import argparse
import itertools
import sys

from vnnews.eval.replay import Replay, load

from vnnews import cluster as C
from vnnews.eval.bcubed import bcubed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("gold")
    ap.add_argument("--field", default="cluster")
    a = ap.parse_args()
    gold, docs = load(a.db, a.gold, a.field)
    replay = Replay(docs, gold)
    grid = dict(threshold=[0.3, 0.35], title_weight=[0.4, 0.6], date_penalty=[0.1, 0.2], entity_weight=[0.0, 0.1, 0.2],
                window_days=[2, 3], merge_threshold=[0.5], split_floor=[0.25, 0.28, 0.3])
    keys = list(grid)
    for vals in itertools.product(*[grid[k] for k in keys]):
        pred = replay.run(C.ClusterConfig(**dict(zip(keys, vals))))
        p, r, f = bcubed({k: v for k, v in pred.items() if k in gold}, gold)
        print(" ".join(f"{k}={v}" for k, v in zip(keys, vals)), f"P={p:.3f} R={r:.3f} F={f:.3f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
