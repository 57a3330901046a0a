#!/usr/bin/env python3
"""Where clustering recall is lost: each gold cluster spread over several events.

    .venv/bin/python tools/cluster_splits.py FILE [--part 1/4] [--db DB] [--replay] [--set k=v ...]

FILE is a labelled JSONL (``.gz`` read too), scored as ``vnnews eval cluster`` scores it
(``--part K/M``: only the gold clusters numbered K mod M, ``vnnews.eval.cluster.write_part``).
Without ``--db`` the file is ingested pooled into a temporary database; with ``--db`` a
database made before is reused (ingested if it does not exist yet). ``--replay``
re-clusters the stored documents in memory (``vnnews.eval.replay.Replay``: one batch,
syndicated copies with their original) with the settings changed by ``--set``, so a
change can be tried without ingesting again.

For every gold cluster over several events it lists each part (event, articles,
publication days, the day its titles or leads name, titles) and, for each pair of parts,
why the batch-end rejoin keeps them apart: the centroid cosine (``vnnews.cluster.centroid``;
joined at ``Settings.cluster.rejoin``), different named days or different main people
(``apart``), and the days between the publication spans. Then the events that mix gold
clusters (precision). BCubed P/R/F1 is printed first.

Do not run it on the held-out report half of vims-dev (``--part 3/4``): its errors are not
to be read (docs/quality.md); the tool refuses that part of a vims-dev file.
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import sys
import tempfile
from collections import defaultdict

from vnnews import cluster as C
from vnnews.eval.bcubed import bcubed
from vnnews.eval.cluster import parse_part, write_part
from vnnews.settings import ClusterConfig
from vnnews.store import open_store


def _lines(path: str):
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _value(text: str):
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)


def config(pairs: list[str]) -> ClusterConfig:
    changes = {}
    for pair in pairs:
        k, _, v = pair.partition("=")
        if k not in {f.name for f in dataclasses.fields(ClusterConfig)}:
            raise SystemExit(f"unknown cluster setting {k!r}")
        changes[k] = _value(v)
    return dataclasses.replace(ClusterConfig(), **changes)


def replay(store, docs, cfg: ClusterConfig) -> dict[str, str]:
    """Article id -> event, re-clustered in memory in ingest order (copies follow their original)."""
    from vnnews.store.sqlite import SqliteStore

    mem = SqliteStore(":memory:")
    cl = C.Clusterer(mem, cfg)
    copies = {}
    with mem.transaction():
        for d in docs:
            mem.db.execute("INSERT INTO articles (id, content_hash, text) VALUES (?, '', '')", (d.id,))
            if d.duplicate_of:
                copies[d.id] = d.duplicate_of
                continue
            mem.set_event(d.id, cl.assign(d, C.features(d, cfg)))
        touched = {r[0] for r in mem.db.execute("SELECT DISTINCT event_id FROM articles WHERE event_id IS NOT NULL")}
        cl.refine(touched)
    pred = dict(mem.db.execute("SELECT id, event_id FROM articles"))
    for cid, root in copies.items():
        pred[cid] = pred.get(root) or "copy:" + cid
    return pred


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file")
    ap.add_argument("--gold", default="cluster", help="gold label field")
    ap.add_argument("--part", help="K/M: only the gold clusters numbered K modulo M")
    ap.add_argument("--db", help="database to reuse (ingested when missing)")
    ap.add_argument("--replay", action="store_true", help="re-cluster the stored documents in memory")
    ap.add_argument("--set", nargs="*", default=[], metavar="K=V", help="cluster settings for --replay")
    ap.add_argument("--mixed", action="store_true", help="also list the events that mix gold clusters")
    a = ap.parse_args(argv)
    part = parse_part(a.part) if a.part else None
    if part == (3, 4) and "vims" in os.path.basename(os.path.dirname(os.path.abspath(a.file))) + a.file:
        print("refused: --part 3/4 of vims-dev is the held-out report half (docs/quality.md)", file=sys.stderr)
        return 2
    path = a.file
    if part:
        path = write_part(a.file, a.gold, part, os.path.join(tempfile.mkdtemp(prefix="vnnews-splits-"), "part.jsonl"))
    gold = {o["id"]: str(o[a.gold]) for o in _lines(path) if o.get(a.gold) is not None}
    db = a.db or os.path.join(tempfile.mkdtemp(prefix="vnnews-splits-"), "eval.db")
    if not os.path.exists(db):
        from vnnews import engine

        engine.ingest([path], db=db)
    store = open_store(db)
    docs = sorted(store.documents(store.article_ids()), key=C.ingest_order)
    docs = [d for d in docs if d.id in gold]
    by_id = {d.id: d for d in docs}
    cfg = config(a.set)
    if a.replay:
        pred = replay(store, docs, cfg)
    else:
        pred = {d.id: d.event for d in docs}
    pred = {i: pred.get(i) or "missing:" + i for i in gold}
    p, r, f = bcubed(pred, gold)
    print(f"{len(gold)} articles, {len(set(gold.values()))} gold clusters, {len(set(pred.values()))} events: "
          f"P {p:.3f} R {r:.3f} F1 {f:.3f}" + ("  (replay" + (" " + " ".join(a.set) if a.set else "") + ")"
                                               if a.replay else ""))
    feats = {d.id: C.features(d, cfg) for d in docs}

    def members(ids):
        out = []
        for i in ids:
            ft = feats[i]
            out.append({"vec": dict(sorted(ft.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:cfg.member_terms]),
                        "title": ft.title_vec, "pub": ft.published, "day": ft.day, "lday": ft.lead_day,
                        "terms": sorted(ft.index_terms), "id": i})
        return out

    by_gold: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    by_event: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for i, g in gold.items():
        by_gold[g][pred[i]].append(i)
        by_event[pred[i]][g].append(i)
    split = sorted((g for g, evs in by_gold.items() if len(evs) > 1), key=lambda g: (-len(by_gold[g]), g))
    print(f"\n{len(split)} gold clusters over several events")
    for g in split:
        parts = sorted(by_gold[g].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        print(f"\n== {g}: {sum(len(v) for _, v in parts)} articles in {len(parts)} events")
        for k, (ev, ids) in enumerate(parts):
            others = {og: len(v) for og, v in by_event[ev].items() if og != g}
            print(f"  [{k}] {ev} ({len(ids)} of its {sum(len(v) for v in by_event[ev].values())} articles"
                  + (f"; also {others}" if others else "") + ")")
            for i in sorted(ids, key=lambda i: (feats[i].published or "", i)):
                d, ft = by_id[i], feats[i]
                day = ft.day or (("lead " + ft.lead_day) if ft.lead_day else "")
                copy = " copy" if d.duplicate_of else ""
                print(f"      {ft.published or 'undated'} ev={ft.event_date or '-'} day={day or '-'}{copy} "
                      f"{(d.title or '')[:90]}")
        ms = [members(ids) for _, ids in parts]
        for x in range(len(parts)):
            for y in range(x + 1, len(parts)):
                cos = C.cosine(C.centroid(ms[x], cfg.member_terms), C.centroid(ms[y], cfg.member_terms))
                pubs_x = [m["pub"] for m in ms[x] if m["pub"]]
                pubs_y = [m["pub"] for m in ms[y] if m["pub"]]
                gap = "-"
                if pubs_x and pubs_y:
                    lo, hi = sorted([(min(pubs_x), max(pubs_x)), (min(pubs_y), max(pubs_y))])
                    gap = 0 if hi[0] <= lo[1] else C._days(lo[1], hi[0])
                why = [w for w, on in (("days differ", C.days_differ(ms[x], ms[y])),
                                       ("people differ", C.people_differ(ms[x], ms[y]))) if on]
                print(f"    [{x}]-[{y}] centroid {cos:.3f}, span gap {gap} d"
                      + (", " + ", ".join(why) if why else "")
                      + f"; people {sorted(C.main_people(ms[x]))[:4]} / {sorted(C.main_people(ms[y]))[:4]}")
    if a.mixed:
        mixed = sorted((e for e, gs in by_event.items() if len(gs) > 1), key=lambda e: e)
        print(f"\n{len(mixed)} events mix gold clusters")
        for e in mixed:
            print(f"  {e}: " + ", ".join(f"{g} ×{len(v)}" for g, v in sorted(by_event[e].items())))
            for g, ids in sorted(by_event[e].items()):
                for i in ids[:3]:
                    print(f"      {g} {feats[i].published} {(by_id[i].title or '')[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
