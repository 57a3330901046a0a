"""Train and cross-validate the card's salience ranker (``vnnews.facts.salience``).

    .venv/bin/python tools/train_salience.py                 # CV report (a)/(b)/(c), no write
    .venv/bin/python tools/train_salience.py --write         # and ship src/vnnews/data/salience.json

Data: the audit gold files (tuning material only; ``cards_report5.jsonl`` is refused). Every
gold event's articles go through the real per-article pipeline and ``resolve_event`` (as
``vnnews eval cards`` builds a card); each name of the merged people / organisations /
places is a candidate with the features of :func:`vnnews.facts.salience.candidate_features`,
labelled positive when it is a gold entity under the eval's matching
(:class:`vnnews.eval.cards.GoldMatcher`).

Model: one L2-regularised logistic regression per type (Newton's method, numpy; the run is
deterministic). Measurement, fixed before any result was looked at:

* folds: the events in gold-file order (files sorted by name), event ``i`` in fold
  ``i mod 10``: grouped by event, so no event is scored by a model that saw it;
* per outer fold, a model on the other nine; the show-threshold is chosen inside them by an
  inner 10-fold CV (same rule over the training events): the smallest threshold on a 0.01
  grid whose pooled inner out-of-fold precision at five reaches ``--target`` (0.90), else
  the one of highest precision; the scored fold never chooses anything;
* reported per type: precision and recall at five (as ``vnnews eval cards``) of (a) the
  facts' own order, (b) the ranker's order, (c) the ranker's order less the names below the
  threshold, (c1) as (c) but the top name always shown, (d) the ranker's order less the
  names below the shipped thresholds (chosen on all events' out-of-fold scores, so (d) is
  not nested: (c) is the honest figure); all from the same run.

The shipped weights are fitted on all events, and the shipped thresholds are chosen by the
same rule on the out-of-fold scores of the 10-fold CV over all events, capped by ``--cap``.
"""
from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "src"))

from _logistic import newton_logistic  # noqa: E402  (tools/, beside this file)
from vnnews.eval.cards import TOP, GoldMatcher, _subset, load_gold, score_names_recall  # noqa: E402
from vnnews.facts.salience import FEATURES, TYPES, candidate_features, vector  # noqa: E402

FOLDS = 10
GRID = [i / 100 for i in range(100)]


def default_gold() -> list[str]:
    files = sorted(glob.glob(os.path.join(ROOT, "tests/data/audit/cards_*.jsonl")))
    return [f for f in files if "report5" not in os.path.basename(f)]


def build_rows(gold_files: list[str], data: dict[str, str], docs_cache: str | None = None) -> list[dict]:
    """One row per gold event: its gold lists and, per type, the candidates (name,
    features, gold indices matched) in the facts' order. ``docs_cache``: a pickle of the
    processed articles (for trying features without running the pipeline again)."""
    import pickle

    from vnnews.engine import load_groups
    from vnnews.facts import resolve_event
    from vnnews.pipeline import build_pipeline
    from vnnews.settings import DEFAULT as DEFAULT_SETTINGS
    from vnnews.summarize import summarize

    events = []
    for path in gold_files:
        for g in load_gold(path):
            g["_file"] = os.path.basename(path)
            events.append(g)
    wanted: dict[str, set[str]] = {}
    for g in events:
        wanted.setdefault(g["corpus"], set()).add(str(g["cluster"]))
    groups: dict[tuple[str, str], list] = {}
    if docs_cache and os.path.exists(docs_cache):
        with open(docs_cache, "rb") as f:
            groups = pickle.load(f)
    for corpus, clusters in wanted.items():
        clusters = {c for c in clusters if (corpus, c) not in groups}
        if not clusters:
            continue
        subset = _subset(data[corpus], clusters)
        for cl, docs in load_groups(subset, "cluster", pipe=build_pipeline(None, "ingest")).items():
            groups[(corpus, cl)] = docs
        os.unlink(subset)
    if docs_cache:
        with open(docs_cache, "wb") as f:
            pickle.dump(groups, f)
    rows = []
    cfg = DEFAULT_SETTINGS.facts
    for g in events:
        docs = groups.get((g["corpus"], str(g["cluster"])))
        if not docs:
            print(f"missing {g['corpus']}:{g['cluster']}", file=sys.stderr)
            continue
        docs = sorted(docs, key=lambda d: (d.published or "9999", d.id))
        facts = {d.id: d.facts for d in docs if d.facts}
        merged = resolve_event(facts, {d.id: d.published for d in docs}, cfg)
        row = {"event": f"{g['corpus']}:{g['cluster']}", "file": g["_file"],
               "gold": {t: g.get(t) or [] for t in TYPES}}
        summary = [s.text for s in summarize(docs, max_words=DEFAULT_SETTINGS.summary.max_words,
                                             facts=facts, params=DEFAULT_SETTINGS.summary.params)]
        for kind, cands in candidate_features(docs, merged, cfg, summary=summary).items():
            m = GoldMatcher(row["gold"][kind], kind)
            row[kind] = [{"name": item.name if kind == "people" else item, "x": vector(f),
                          "hit": sorted(m.match(item.name if kind == "people" else item))}
                         for item, f in cands]
        rows.append(row)
    return rows


def fit(X: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-regularised logistic regression (the bias, column 0, unpenalised)."""
    pen = np.full(X.shape[1], l2)
    pen[0] = 1e-6
    return newton_logistic(X, y, pen, tol=1e-8)


def train(rows: list[dict], kind: str, l2: float) -> np.ndarray:
    X = np.array([c["x"] for r in rows for c in r[kind]], dtype=float).reshape(-1, len(FEATURES))
    y = np.array([1.0 if c["hit"] else 0.0 for r in rows for c in r[kind]])
    if len(y) == 0 or y.min() == y.max():
        return np.zeros(len(FEATURES))
    return fit(X, y, l2)


def scores(rows: list[dict], kind: str, w: np.ndarray) -> list[list[float]]:
    out = []
    for r in rows:
        if not r[kind]:
            out.append([])
            continue
        X = np.array([c["x"] for c in r[kind]], dtype=float)
        out.append(list(1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))))
    return out


def shown(row: dict, kind: str, sc: list[float] | None, t: float | None, floor: int = 0) -> list[str]:
    """The names a card shows: the facts' order (``sc`` None) or by score, less those below
    ``t`` (the first ``floor`` always kept)."""
    cands = row[kind]
    if sc is None:
        return [c["name"] for c in cands]
    order = sorted(range(len(cands)), key=lambda i: (-sc[i], i))
    return [cands[i]["name"] for j, i in enumerate(order) if t is None or sc[i] >= t or j < floor]


def measure(rows: list[dict], kind: str, lists: list[list[str]], exact: bool = True) -> dict:
    """Precision and recall at five of the lists, as ``vnnews eval cards`` scores a card
    (``exact``: by :func:`score_names_recall` itself; else from the candidates' stored
    gold matches, the same numbers faster, for the threshold search)."""
    right = total = found = top = 0
    for r, names in zip(rows, lists):
        if exact:
            a, n, _, f = score_names_recall(r["gold"][kind], names, kind)
        else:
            hits = {c["name"]: c["hit"] for c in r[kind]}
            first = [hits[x] for x in names[:TOP]]
            a, n = sum(1 for h in first if h), len(first)
            f = min(len({i for h in first for i in h}), TOP)
        right += a
        total += n
        found += f
        top += min(TOP, len(r["gold"][kind]))
    return {"precision": right / total if total else 1.0, "recall": found / top if top else 1.0,
            "right": right, "shown": total, "gold_found": found, "gold_top": top}


def oof_scores(rows: list[dict], kind: str, l2: float) -> list[list[float]]:
    """Out-of-fold scores: event i scored by the model of the events of other folds."""
    out: list[list[float]] = [[] for _ in rows]
    for k in range(FOLDS):
        tr = [r for i, r in enumerate(rows) if i % FOLDS != k]
        te = [i for i in range(len(rows)) if i % FOLDS == k]
        if not te:
            continue
        w = train(tr, kind, l2)
        for i, s in zip(te, scores([rows[i] for i in te], kind, w)):
            out[i] = s
    return out


def choose_threshold(rows: list[dict], kind: str, sc: list[list[float]], target: float,
                     floor: int = 0) -> float:
    """The smallest threshold whose pooled precision at five reaches ``target``, else the
    one of highest precision."""
    best_t, best_p = 0.0, -1.0
    for t in GRID:
        p = measure(rows, kind, [shown(r, kind, s, t, floor) for r, s in zip(rows, sc)],
                    exact=False)["precision"]
        if p >= target:
            return t
        if p > best_p:
            best_t, best_p = t, p
    return best_t


def cross_validate(rows: list[dict], l2: float, target: float, fixed: dict[str, float]) -> dict:
    res: dict = {}
    for kind in TYPES:
        lists = {"a": [None] * len(rows), "b": [None] * len(rows), "c": [None] * len(rows),
                 "c1": [None] * len(rows), "d": [None] * len(rows)}
        thresholds = []
        for k in range(FOLDS):
            tr = [r for i, r in enumerate(rows) if i % FOLDS != k]
            te = [i for i in range(len(rows)) if i % FOLDS == k]
            w = train(tr, kind, l2)
            inner = oof_scores(tr, kind, l2)
            t = choose_threshold(tr, kind, inner, target)
            t1 = choose_threshold(tr, kind, inner, target, floor=1)
            thresholds.append((t, t1))
            for i, s in zip(te, scores([rows[i] for i in te], kind, w)):
                lists["a"][i] = shown(rows[i], kind, None, None)
                lists["b"][i] = shown(rows[i], kind, s, None)
                lists["c"][i] = shown(rows[i], kind, s, t)
                lists["c1"][i] = shown(rows[i], kind, s, t1, floor=1)
                lists["d"][i] = shown(rows[i], kind, s, fixed[kind])
        res[kind] = {v: measure(rows, kind, lists[v]) for v in lists}
        assert all(measure(rows, kind, lists[v], exact=False) == res[kind][v] for v in lists)
        # the same out-of-fold lists, scored on the events no rule was tuned on (the train*
        # sets, written from the text alone) and on the others
        for group, sel in (("fresh", lambda r: r["file"].startswith("cards_train")),
                           ("tuned", lambda r: not r["file"].startswith("cards_train"))):
            idx = [i for i, r in enumerate(rows) if sel(r)]
            if idx:
                res[kind][group] = {v: measure([rows[i] for i in idx], kind, [lists[v][i] for i in idx])
                                    for v in lists}
                res[kind][group]["events"] = len(idx)
        res[kind]["thresholds_per_fold"] = thresholds
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="*", default=None, help="gold files (default: every "
                    "tests/data/audit/cards_*.jsonl except report5)")
    ap.add_argument("--vims-dev", default=os.path.join(ROOT, "../shared/data/vims-dev/articles.jsonl"))
    ap.add_argument("--vmds", default=os.path.join(ROOT, "../shared/data/vmds/articles.jsonl"))
    ap.add_argument("--cache", default=None, help="read/write the candidate rows here")
    ap.add_argument("--docs-cache", default=None, help="pickle of the processed articles")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the weights")
    ap.add_argument("--target", type=float, default=0.9, help="precision the threshold aims at")
    ap.add_argument("--cap", action="append", default=[], metavar="KIND=VALUE",
                    help="highest shipped threshold of a type (e.g. places=0.6)")
    ap.add_argument("--write", action="store_true", help="write src/vnnews/data/salience.json")
    ap.add_argument("--json", default=None, help="write the CV figures here")
    a = ap.parse_args(argv)
    gold = sorted(a.gold) if a.gold else default_gold()
    if any("report5" in os.path.basename(g) for g in gold):
        ap.error("cards_report5.jsonl is held out: never train or tune on it")
    if a.cache and os.path.exists(a.cache):
        with open(a.cache, encoding="utf-8") as f:
            rows = json.load(f)
        if sorted({r["file"] for r in rows}) != sorted({os.path.basename(g) for g in gold}):
            ap.error("the cache holds other gold files: remove it")
    else:
        rows = build_rows(gold, {"vims-dev": a.vims_dev, "vmds": a.vmds}, a.docs_cache)
        if a.cache:
            with open(a.cache, "w", encoding="utf-8") as f:
                json.dump(rows, f, ensure_ascii=False)
    n_events = len(rows)
    print(f"{n_events} events from {', '.join(os.path.basename(g) for g in gold)}; "
          f"{FOLDS}-fold CV by event (i mod {FOLDS}), l2 {a.l2}, target precision {a.target}")
    # the shipped thresholds: the rule on the out-of-fold scores of all events, capped
    # where --cap says (a contract the card must keep, e.g. the seed card's districts)
    caps = dict((k, float(v)) for k, v in (c.split("=") for c in a.cap))
    shipped = {kind: min(choose_threshold(rows, kind, oof_scores(rows, kind, a.l2), a.target),
                         caps.get(kind, 1.0)) for kind in TYPES}
    res = cross_validate(rows, a.l2, a.target, shipped)
    print(f"{'type':14s} {'variant':28s} {'P@5':>6s} {'R@5':>6s}  right/shown  found/gold")
    names = {"a": "(a) facts' order", "b": "(b) ranker order", "c": "(c) ranker + threshold",
             "c1": "(c1) threshold, top kept", "d": "(d) shipped thresholds"}
    for kind in TYPES:
        for v, label in names.items():
            m = res[kind][v]
            print(f"{kind:14s} {label:28s} {m['precision']:6.3f} {m['recall']:6.3f}  "
                  f"{m['right']:4d}/{m['shown']:<4d}   {m['gold_found']:4d}/{m['gold_top']}")
        print(f"{'':14s} thresholds per fold: {[t for t, _ in res[kind]['thresholds_per_fold']]}")
        for group in ("fresh", "tuned"):
            if group in res[kind]:
                g = res[kind][group]
                print(f"{'':14s} {group} ({g['events']} events): " + "  ".join(
                    f"{v} {g[v]['precision']:.3f}/{g[v]['recall']:.3f}" for v in names))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
    if a.write:
        weights, thresholds, counts = {}, {}, {}
        for kind in TYPES:
            weights[kind] = [round(float(x), 5) for x in train(rows, kind, a.l2)]
            thresholds[kind] = shipped[kind]
            counts[kind] = {"candidates": sum(len(r[kind]) for r in rows),
                            "positive": sum(1 for r in rows for c in r[kind] if c["hit"])}
        files = collections_count(rows)
        model = {
            "features": list(FEATURES),
            "weights": weights,
            "thresholds": thresholds,
            "provenance": {
                "trained_on": files, "events": n_events, "candidates": counts,
                "events_list": [r["event"] for r in rows],
                "date": datetime.date.today().isoformat(),
                "command": "tools/train_salience.py --write" + (f" --l2 {a.l2}" if a.l2 != 1.0 else "")
                + (f" --target {a.target}" if a.target != 0.9 else "")
                + "".join(f" --cap {c}" for c in a.cap),
                "model": "logistic regression per type, L2 " + str(a.l2),
                "threshold_rule": f"smallest threshold (0.01 grid) whose pooled out-of-fold "
                                  f"precision at five (10-fold CV by event) reaches {a.target}",
                "caps": caps,
                "cv": {k: {v: res[k][v] for v in ("a", "b", "c", "c1", "d")} for k in TYPES},
            },
        }
        out = os.path.join(ROOT, "src/vnnews/data/salience.json")
        with open(out, "w", encoding="utf-8") as f:
            json.dump(model, f, ensure_ascii=False, indent=1)
            f.write("\n")
        print(f"wrote {out}; thresholds {thresholds} (set Settings.facts.salience_show_*)")
    return 0


def collections_count(rows: list[dict]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r["file"]] = out.get(r["file"], 0) + 1
    return out


if __name__ == "__main__":
    raise SystemExit(main())
