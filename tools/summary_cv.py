#!/usr/bin/env python3
"""Choose the summariser by 5-fold cross-validation over VMDS and ViMs-dev pooled.

    .venv/bin/python tools/summary_cv.py [--data DIR] [--folds 5] [--seed 0]
                                          [--designs concepts,centroid,...] [--no-cache]

Both corpora are read as ``vnnews summarize`` reads them (``engine.load_groups``:
extraction and sentence splitting) once and cached under ``.cache/summary_cv/`` (keyed
by the data files and the source of ``vnnews``); every cluster's units
(``summarize.prepare``), TF-IDF vectors and sentence similarities are computed once.

Protocol (that of ``../shared/checks/summary``): the budget of a corpus is the mean
length of its references in whitespace syllables; a summary is cut at the budget;
ROUGE-1/2/L F1 (``vnnews.eval.rouge``) against the two references, mean over the
references, then over the clusters. Clusters of both corpora are pooled and dealt
into 5 folds at random (fixed seed); for each design, each fold's parameters are the
grid point with the best mean ROUGE-2 on the four other folds, and the fold is scored
with them. The table gives the cross-validated scores (pooled and per corpus), with
Lead (the first article cut at the budget) and human ref-vs-ref from the same run,
and the parameters chosen on each fold. Parameters for shipping are the grid point
best on all clusters (the procedure the cross-validated score estimates).

Designs (all share candidates, budget and verbatim sentences, and are scored in
article order, the article's sentence order; the shipped summariser orders by first
report, which changes only the bigrams across sentence boundaries):

* ``concepts``  Gillick & Favre (2009) greedy concept coverage, concepts = syllable
  bigrams weighted by the voices stating them and their lead position (the shipped
  summariser, ``vnnews.summarize``);
* ``centroid``  MEAD (Radev et al. 2004): centroid + position + first-sentence overlap,
  greedy with a redundancy threshold;
* ``lexrank``   continuous LexRank (Erkan & Radev 2004) + position, same selection;
* ``submodular`` Lin & Bilmes (2011): saturated coverage + diversity reward over
  clusters of sentences, greedy with scaled cost;
* ``legacy``    the MMR summariser of commit 53817d0 (what this replaced; no
  parameters; needs git).
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import pathlib
import pickle
import random
import statistics
import sys
import time
from collections import Counter, defaultdict

import importlib

from vnnews.eval.rouge import lcs_length, rouge_n_tokens, tokenize
from vnnews.eval.summary import summarizer_at

S = importlib.import_module("vnnews.summarize")  # the package exports a function of that name

ROOT = pathlib.Path(__file__).resolve().parent.parent
LEGACY_COMMIT = "53817d0"
CORPORA = ("vims-dev", "vmds")

GRIDS: dict[str, dict[str, list]] = {
    "concepts": dict(position=[0.0, 1.0, 3.0, 10.0], min_voices=[1, 2, 3], min_share=[0.0, 0.25, 0.5],
                     length_exponent=[0.5, 1.0]),
    "centroid": dict(position=[0.0, 0.5, 1.0, 2.0], first=[0.0, 1.0], redundancy=[0.3, 0.5]),
    "lexrank": dict(position=[0.0, 0.5, 1.0, 2.0], redundancy=[0.3, 0.5]),
    "submodular": dict(alpha=[0.05, 0.15, 0.3], diversity=[0.0, 6.0], position=[0.0, 1.0]),
    "legacy": {},
}


# ------------------------------------------------------------------------ data
def _source_key(paths: list[pathlib.Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        st = p.stat()
        h.update(f"{p}:{st.st_size}:{st.st_mtime_ns}".encode())
    for p in sorted((ROOT / "src" / "vnnews").rglob("*.py")):
        if "summarize" not in p.name:  # the summariser itself does not change the input
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load(data: pathlib.Path, use_cache: bool) -> dict[str, tuple[dict, dict, int]]:
    """{corpus: (groups, refs, budget)}, groups as ``vnnews summarize`` builds them."""
    from vnnews import engine
    from vnnews.eval.summary import load_refs

    files = [data / c / f for c in CORPORA for f in ("articles.jsonl", "refs.jsonl")]
    cache = ROOT / ".cache" / "summary_cv" / f"{_source_key(files)}.pkl"
    if use_cache and cache.exists():
        with open(cache, "rb") as fh:
            return pickle.load(fh)
    out = {}
    for c in CORPORA:
        groups = engine.load_groups(str(data / c / "articles.jsonl"), "cluster")
        refs = load_refs(str(data / c / "refs.jsonl"))
        lens = [len(r.split()) for rs in refs.values() for r in rs]
        out[c] = ({str(k): v for k, v in groups.items()}, refs, round(sum(lens) / len(lens)))
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache, "wb") as fh:
        pickle.dump(out, fh)
    return out


class Cluster:
    """Everything about one cluster that no parameter changes."""

    def __init__(self, corpus: str, name: str, docs: list, refs: list[str], budget: int):
        self.corpus, self.name, self.docs, self.budget = corpus, name, docs, budget
        self.refs = [tokenize(r) for r in refs]
        self.units = S.prepare(docs)
        feats = []
        for u in self.units:
            syl = u.sent.text.lower().split()
            f = Counter(syl)
            f.update(f"{a} {b}" for a, b in zip(syl, syl[1:]))
            feats.append(f)
        df: Counter[str] = Counter()
        for f in feats:
            df.update(f.keys())
        n = len(feats)
        self.vecs = [_unit({t: (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1) for t, c in f.items()})
                     for f in feats]
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j, v in enumerate(self.vecs):
            for t, w in v.items():
                postings[t].append((j, w))
        self.sim: list[dict[int, float]] = []
        for v in self.vecs:
            acc: dict[int, float] = defaultdict(float)
            for t, w in v.items():
                for k, wk in postings[t]:
                    acc[k] += w * wk
            self.sim.append(dict(acc))
        self.cands = [j for j, u in enumerate(self.units) if u.candidate and u.length <= budget]
        self._lexrank: list[float] | None = None
        self._centroid: dict[str, float] | None = None

    def score(self, texts: list[str]) -> tuple[float, float, float]:
        cand = tokenize(" ".join(" ".join(texts).split()[:self.budget]))
        r = [(rouge_n_tokens(cand, ref, 1).f1, rouge_n_tokens(cand, ref, 2).f1,
              _rl(cand, ref)) for ref in self.refs]
        return tuple(sum(x[i] for x in r) / len(r) for i in range(3))  # type: ignore[return-value]


def _rl(cand: list[str], ref: list[str]) -> float:
    m = lcs_length(cand, ref) if cand and ref else 0
    p, r = (m / len(cand) if cand else 0.0), (m / len(ref) if ref else 0.0)
    return 2 * p * r / (p + r) if p + r else 0.0


def _unit(v: dict[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(w * w for w in v.values()))
    return {t: w / n for t, w in v.items()} if n else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


# --------------------------------------------------------------------- designs
def _chronological(c: Cluster, chosen: list[int]) -> list[str]:
    return [c.units[j].sent.text for j in sorted(chosen, key=lambda j: (c.units[j].doc, c.units[j].position))]


def _greedy_by_score(c: Cluster, score: dict[int, float], redundancy: float) -> list[int]:
    """Best first, skipping what does not fit or is too similar to a chosen sentence."""
    chosen: list[int] = []
    left = c.budget
    for j in sorted(score, key=lambda k: (-score[k], k)):
        if c.units[j].length <= left and all(c.sim[j].get(k, 0.0) < redundancy for k in chosen):
            chosen.append(j)
            left -= c.units[j].length
    return chosen


def design_concepts(c: Cluster, p: dict) -> list[str]:
    params = S.SummaryParams(**p)
    return _chronological(c, S.select(c.units, S.concept_weights(c.units, params), c.budget, params))


def design_centroid(c: Cluster, p: dict) -> list[str]:
    if c._centroid is None:
        total: dict[str, float] = defaultdict(float)
        for v in c.vecs:
            for t, w in v.items():
                total[t] += w
        c._centroid = _unit(total)
    centroid = c._centroid
    firsts = {u.doc: j for j, u in enumerate(c.units) if u.position == 0}
    score = {}
    for j in c.cands:
        u = c.units[j]
        s = _dot(c.vecs[j], centroid) + p["position"] / (1 + u.position)
        s += p["first"] * c.sim[j].get(firsts.get(u.doc, j), 0.0)
        score[j] = s * (0.8 if u.context else 1.0)
    return _chronological(c, _greedy_by_score(c, score, p["redundancy"]))


def _lexrank(c: Cluster) -> list[float]:
    if c._lexrank is None:
        n = len(c.units)
        rows = [{k: s for k, s in c.sim[j].items() if s >= 0.1} for j in range(n)]
        sums = [sum(r.values()) or 1.0 for r in rows]
        x = [1.0 / n] * n
        for _ in range(30):
            y = [0.15 / n] * n
            for j, r in enumerate(rows):
                share = 0.85 * x[j] / sums[j]
                for k, s in r.items():
                    y[k] += share * s
            x = y
        top = max(x, default=1.0) or 1.0
        c._lexrank = [v / top for v in x]
    return c._lexrank


def design_lexrank(c: Cluster, p: dict) -> list[str]:
    lr = _lexrank(c)
    score = {j: (lr[j] + p["position"] / (1 + c.units[j].position)) * (0.8 if c.units[j].context else 1.0)
             for j in c.cands}
    return _chronological(c, _greedy_by_score(c, score, p["redundancy"]))


def design_submodular(c: Cluster, p: dict) -> list[str]:
    """Lin & Bilmes (2011): F(S) = sum_i min(C_i(S), alpha C_i(V)) + lambda sum_k sqrt(sum_{j in S∩P_k} r_j),
    C_i(S) = sum_{j in S} w_ij; P_k: leader clustering of the sentences (cosine >= 0.3);
    r_j: mean similarity of j to the event (plus the position bonus); greedy gain / cost**0.3."""
    n = len(c.units)
    total = [sum(c.sim[i].values()) for i in range(n)]
    reward = [total[j] / n + p["position"] / (1 + c.units[j].position) / n for j in range(n)]
    part, leaders = [0] * n, []
    for j in range(n):
        for li in leaders:
            if c.sim[j].get(li, 0.0) >= 0.3:
                part[j] = li
                break
        else:
            leaders.append(j)
            part[j] = j
    cover = [0.0] * n
    group: dict[int, float] = defaultdict(float)
    chosen: list[int] = []
    left = c.budget
    pool = set(c.cands)

    def gain(j: int) -> float:
        g = 0.0
        for i, w in c.sim[j].items():
            cap = p["alpha"] * total[i]
            g += min(cover[i] + w, cap) - min(cover[i], cap)
        k = part[j]
        g += p["diversity"] * (math.sqrt(group[k] + reward[j]) - math.sqrt(group[k]))
        return g

    while pool:
        j = max(pool, key=lambda k: (gain(k) / c.units[k].length ** 0.3, -k))
        pool.discard(j)
        if c.units[j].length > left or gain(j) <= 0:
            continue
        chosen.append(j)
        left -= c.units[j].length
        for i, w in c.sim[j].items():
            cover[i] += w
        group[part[j]] += reward[j]
        pool = {k for k in pool if c.units[k].length <= left}
    return _chronological(c, chosen)


_LEGACY = None


def design_legacy(c: Cluster, p: dict) -> list[str]:
    global _LEGACY
    if _LEGACY is None:
        _LEGACY = summarizer_at(LEGACY_COMMIT, str(ROOT))
    return [s.text for s in _LEGACY.summarize(c.docs, max_words=c.budget)]


DESIGNS = {"concepts": design_concepts, "centroid": design_centroid, "lexrank": design_lexrank,
           "submodular": design_submodular, "legacy": design_legacy}


# -------------------------------------------------------------------------- CV
def grid(design: str) -> list[dict]:
    g = GRIDS[design]
    return [dict(zip(g, vals)) for vals in itertools.product(*g.values())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = next((str(d / "shared" / "data") for d in (ROOT.parent, ROOT.parent.parent)
                    if (d / "shared" / "data").is_dir()), "../shared/data")
    ap.add_argument("--data", default=default, help="folder with vims-dev/ and vmds/")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--designs", default=",".join(DESIGNS))
    ap.add_argument("--no-cache", action="store_true")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    corpora = load(pathlib.Path(a.data), not a.no_cache)
    clusters = [Cluster(c, name, docs, refs[name], budget)
                for c, (groups, refs, budget) in corpora.items()
                for name, docs in groups.items() if refs.get(name)]
    print(f"{len(clusters)} clusters ({', '.join(f'{c}: budget {b}' for c, (_, _, b) in corpora.items())}); "
          f"prepared in {time.perf_counter() - t0:.1f} s", flush=True)
    order = list(range(len(clusters)))
    random.Random(a.seed).shuffle(order)
    fold = {ci: k % a.folds for k, ci in enumerate(order)}

    def mean(rows: list[tuple[float, ...]], i: int) -> float:
        return 100 * statistics.mean(r[i] for r in rows) if rows else 0.0

    # baselines from the same run
    base = {}
    for c in clusters:
        lead = tokenize(" ".join(c.docs[0].text.split()[:c.budget])) if c.docs else []
        lead_s = [(rouge_n_tokens(lead, r, 1).f1, rouge_n_tokens(lead, r, 2).f1, _rl(lead, r)) for r in c.refs]
        hum = []
        for i, r in enumerate(c.refs):
            others = c.refs[:i] + c.refs[i + 1:]
            hum.append(tuple(statistics.mean(x) for x in zip(*[(rouge_n_tokens(r, o, 1).f1,
                                                                 rouge_n_tokens(r, o, 2).f1, _rl(r, o))
                                                                for o in others])))
        base[c.name] = (tuple(statistics.mean(x) for x in zip(*lead_s)),
                        tuple(statistics.mean(x) for x in zip(*hum)))
    table = []
    for which, key in (("Lead (first article)", 0), ("human ref-vs-ref", 1)):
        rows = {k: [base[c.name][key] for c in clusters if k in ("pooled", c.corpus)] for k in ("pooled", *CORPORA)}
        table.append((which, rows, ""))

    shipped = {}
    for design in a.designs.split(","):
        t1 = time.perf_counter()
        points = grid(design) or [{}]
        scores = [[c.score(DESIGNS[design](c, p)) for c in clusters] for p in points]
        held: dict[str, list] = defaultdict(list)
        chosen = []
        for k in range(a.folds):
            train = [i for i in range(len(clusters)) if fold[i] != k]
            best = max(range(len(points)), key=lambda pi: (statistics.mean(scores[pi][i][1] for i in train), -pi))
            chosen.append(points[best])
            for i in range(len(clusters)):
                if fold[i] == k:
                    held["pooled"].append(scores[best][i])
                    held[clusters[i].corpus].append(scores[best][i])
        best_all = max(range(len(points)), key=lambda pi: (statistics.mean(s[1] for s in scores[pi]), -pi))
        shipped[design] = points[best_all]
        picks = "; ".join(f"fold {k + 1}: " + (",".join(f"{n}={v}" for n, v in p.items()) or "-")
                          for k, p in enumerate(chosen))
        table.append((design, held, picks))
        print(f"{design}: {len(points)} grid points, {time.perf_counter() - t1:.0f} s; "
              f"on all clusters best {points[best_all]}", flush=True)

    print()
    head = " | ".join(f"{k} R1/R2/RL" for k in ("pooled", *CORPORA))
    print(f"| design | {head} | parameters chosen on each fold (best R2 on the other folds) |")
    print("|---|" + "---|" * (len(CORPORA) + 2))
    for name, rows, picks in table:
        cells = " | ".join("%.1f / %.1f / %.1f" % (mean(rows[k], 0), mean(rows[k], 1), mean(rows[k], 2))
                           for k in ("pooled", *CORPORA))
        print(f"| {name} | {cells} | {picks} |")
    print()
    print("parameters best on all clusters (for shipping):")
    for d, p in shipped.items():
        print(f"  {d}: {json.dumps(p)}")
    print(f"total {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
