"""Train and cross-validate the card's salience ranker (``vnnews.facts.salience``).

    .venv/bin/python tools/train_salience.py                 # CV report, no write
    git show 8bbd5b4:src/vnnews/data/salience.json > /tmp/salience_r5.json
    .venv/bin/python tools/train_salience.py --write --ship people=r5,organizations=lr,places=keep \
        --keep-from /tmp/salience_r5.json                    # the shipped file (round 6)

Data: the audit gold files (tuning material only; the held-out ``cards_report6.jsonl`` is refused). Every
gold event's articles go through the real per-article pipeline and ``resolve_event`` (as
``vnnews eval cards`` builds a card); each name of the merged people / organisations /
places is a candidate with the features of :func:`vnnews.facts.salience.candidate_features`,
labelled positive when it is a gold entity under the eval's matching
(:class:`vnnews.eval.cards.GoldMatcher`).

Models (``VARIANTS``, compared in one run): ``r5`` the round-5 L2 logistic regression on its 40
features, ``lr`` the same on every feature, ``gb`` boosted depth-2 trees (``tools/_boost.py``;
compared, not shippable); Newton's method, numpy, deterministic. ``--write`` ships a logistic
variant per type (``--ship people=r5,organizations=lr,places=keep``; ``keep``: the type's
weights and threshold of ``--keep-from``). Measurement, fixed before any result was looked at:

* folds: the events in gold-file order (files sorted by name), event ``i`` in fold
  ``i mod 10``: grouped by event, so no event is scored by a model that saw it;
* per outer fold, a model on the other nine; the show-threshold is chosen inside them by an
  inner 10-fold CV (same rule over the training events): the smallest threshold on a 0.01
  grid whose pooled inner out-of-fold precision at five reaches ``--target`` (0.90), else
  the one of highest precision; the scored fold never chooses anything;
* reported per type: precision and recall at five (as ``vnnews eval cards``) of (a) the
  facts' own order and, per variant, (b) its order, (c@T) its order less the names below the
  nested threshold of target T (``--targets``, 0.90 and 0.95), the AUC of its out-of-fold
  scores, and for the type's shipped variant (d) its order less the names below the shipped
  thresholds (chosen on all events' out-of-fold scores, so (d) is not nested: (c) is the
  honest figure); all from the same run.

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
from _boost import fit_boost, predict_boost  # noqa: E402
from vnnews.facts.salience import FEATURES, R5_FEATURES, TYPES, candidate_features, vector  # noqa: E402

FOLDS = 10
HELD_OUT = "report6"  # the held-out audit set of round 6: never read, trained or tuned on
GRID = [i / 100 for i in range(100)]


def default_gold() -> list[str]:
    files = sorted(glob.glob(os.path.join(ROOT, "tests/data/audit/cards_*.jsonl")))
    return [f for f in files if HELD_OUT not in os.path.basename(f)]


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
    summaries: dict[str, list[str]] = {}
    summ_cache = docs_cache + ".summaries.json" if docs_cache else None
    if summ_cache and os.path.exists(summ_cache):
        with open(summ_cache, encoding="utf-8") as f:
            summaries = json.load(f)
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
        if row["event"] not in summaries:
            summaries[row["event"]] = [
                s.text for s in summarize(docs, max_words=DEFAULT_SETTINGS.summary.max_words,
                                          facts=facts, params=DEFAULT_SETTINGS.summary.params)]
        summary = summaries[row["event"]]
        for kind, cands in candidate_features(docs, merged, cfg, summary=summary).items():
            m = GoldMatcher(row["gold"][kind], kind)
            row[kind] = [{"name": item.name if kind == "people" else item, "x": vector(f),
                          "hit": sorted(m.match(item.name if kind == "people" else item))}
                         for item, f in cands]
        rows.append(row)
    if summ_cache:
        with open(summ_cache, "w", encoding="utf-8") as f:
            json.dump(summaries, f, ensure_ascii=False)
    return rows


# the models compared (fixed before any run of round 6): the round-5 model (logistic on its
# 40 features), the same logistic on every feature, and boosted depth-2 trees on every
# feature (100 rounds, learning rate 0.1, leaf L2 1.0, at least 1.0 of hessian per leaf,
# 16 thresholds per feature)
VARIANTS = {
    "r5": {"model": "logistic", "features": len(R5_FEATURES)},
    "lr": {"model": "logistic", "features": len(FEATURES)},
    "gb": {"model": "boosted", "features": len(FEATURES), "rounds": 100, "depth": 2, "lr": 0.1,
           "lam": 1.0, "min_hess": 1.0, "max_bins": 16},
}


def fit(X: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-regularised logistic regression (the bias, column 0, unpenalised)."""
    pen = np.full(X.shape[1], l2)
    pen[0] = 1e-6
    return newton_logistic(X, y, pen, tol=1e-8)


def _xy(rows: list[dict], kind: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.array([c["x"][:n] for r in rows for c in r[kind]], dtype=float).reshape(-1, n)
    y = np.array([1.0 if c["hit"] else 0.0 for r in rows for c in r[kind]])
    return X, y


def train(rows: list[dict], kind: str, l2: float, variant: str = "r5"):
    """A model of ``variant`` on the candidates of ``kind`` of ``rows``."""
    v = VARIANTS[variant]
    X, y = _xy(rows, kind, v["features"])
    if v["model"] == "logistic":
        if len(y) == 0 or y.min() == y.max():
            return np.zeros(v["features"])
        return fit(X, y, l2)
    if len(y) == 0:
        return {"base": 0.0, "trees": []}
    return fit_boost(X, y, rounds=v["rounds"], depth=v["depth"], lr=v["lr"], lam=v["lam"],
                     min_hess=v["min_hess"], max_bins=v["max_bins"])


def scores(rows: list[dict], kind: str, w, variant: str = "r5") -> list[list[float]]:
    v = VARIANTS[variant]
    out = []
    for r in rows:
        if not r[kind]:
            out.append([])
            continue
        X = np.array([c["x"][:v["features"]] for c in r[kind]], dtype=float)
        if v["model"] == "logistic":
            out.append(list(1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))))
        else:
            out.append(list(predict_boost(w, X)))
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


def auc(rows: list[dict], kind: str, sc: list[list[float]]) -> float:
    """Area under the ROC curve of the pooled scores (ties count half)."""
    s = np.array([x for xs in sc for x in xs])
    y = np.array([1 if c["hit"] else 0 for r in rows for c in r[kind]])
    pos, neg = int(y.sum()), int(len(y) - y.sum())
    if not pos or not neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ss = s[order]
    i = 0
    while i < len(ss):
        j = i
        while j + 1 < len(ss) and ss[j + 1] == ss[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def oof_scores(rows: list[dict], kind: str, l2: float, variant: str = "r5") -> list[list[float]]:
    """Out-of-fold scores: event i scored by the model of the events of other folds."""
    out: list[list[float]] = [[] for _ in rows]
    for k in range(FOLDS):
        tr = [r for i, r in enumerate(rows) if i % FOLDS != k]
        te = [i for i in range(len(rows)) if i % FOLDS == k]
        if not te:
            continue
        w = train(tr, kind, l2, variant)
        for i, s in zip(te, scores([rows[i] for i in te], kind, w, variant)):
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


def cross_validate(rows: list[dict], l2: float, targets: list[float], variants: list[str],
                   fixed: dict[str, float], ship: dict[str, str]) -> dict:
    """Per type: (a) the facts' order; per variant (b) its order, (c@T) its order less the
    names below the nested threshold of target T, AUC of its out-of-fold scores; (d) the
    type's shipped variant less the names below the shipped thresholds (not nested)."""
    res: dict = {}
    groups = (("fresh", lambda r: r["file"].startswith("cards_train")),
              ("tuned", lambda r: not r["file"].startswith("cards_train")))
    for kind in TYPES:
        lists: dict[str, list] = {"a": [shown(r, kind, None, None) for r in rows]}
        res[kind] = {"thresholds_per_fold": {}, "auc": {}}
        for v in variants:
            names = ["b"] + [f"c@{t}" for t in targets] + (["d"] if v == ship[kind] else [])
            for n in names:
                lists[f"{v}:{n}"] = [None] * len(rows)
            outer: list[list[float]] = [[] for _ in rows]
            per_fold = []
            for k in range(FOLDS):
                tr = [r for i, r in enumerate(rows) if i % FOLDS != k]
                te = [i for i in range(len(rows)) if i % FOLDS == k]
                w = train(tr, kind, l2, v)
                inner = oof_scores(tr, kind, l2, v)
                ts = {t: choose_threshold(tr, kind, inner, t) for t in targets}
                per_fold.append(ts)
                for i, s in zip(te, scores([rows[i] for i in te], kind, w, v)):
                    outer[i] = s
                    lists[f"{v}:b"][i] = shown(rows[i], kind, s, None)
                    for t in targets:
                        lists[f"{v}:c@{t}"][i] = shown(rows[i], kind, s, ts[t])
                    if v == ship[kind]:
                        lists[f"{v}:d"][i] = shown(rows[i], kind, s, fixed[kind])
            res[kind]["thresholds_per_fold"][v] = per_fold
            res[kind]["auc"][v] = auc(rows, kind, outer)
            for group, sel in groups:
                idx = [i for i, r in enumerate(rows) if sel(r)]
                res[kind].setdefault("auc_" + group, {})[v] = auc([rows[i] for i in idx], kind,
                                                                  [outer[i] for i in idx])
        for n in lists:
            res[kind][n] = measure(rows, kind, lists[n])
            assert measure(rows, kind, lists[n], exact=False) == res[kind][n]
        # the same out-of-fold lists, scored on the events no rule was tuned on (the train*
        # sets, written from the text alone) and on the others
        for group, sel in groups:
            idx = [i for i, r in enumerate(rows) if sel(r)]
            if idx:
                res[kind][group] = {n: measure([rows[i] for i in idx], kind, [lists[n][i] for i in idx])
                                    for n in lists}
                res[kind][group]["events"] = len(idx)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="*", default=None, help="gold files (default: every "
                    "tests/data/audit/cards_*.jsonl except report6)")
    ap.add_argument("--vims-dev", default=os.path.join(ROOT, "../shared/data/vims-dev/articles.jsonl"))
    ap.add_argument("--vmds", default=os.path.join(ROOT, "../shared/data/vmds/articles.jsonl"))
    ap.add_argument("--cache", default=None, help="read/write the candidate rows here")
    ap.add_argument("--docs-cache", default=None, help="pickle of the processed articles")
    ap.add_argument("--l2", type=float, default=1.0, help="L2 penalty of the logistic weights")
    ap.add_argument("--target", type=float, default=0.9, help="precision the shipped thresholds aim at")
    ap.add_argument("--targets", type=float, nargs="*", default=[0.9, 0.95],
                    help="targets of the nested thresholds reported")
    ap.add_argument("--variants", default="r5,lr,gb", help=f"models compared ({', '.join(VARIANTS)})")
    ap.add_argument("--ship", default="lr", help="the variant shipped by --write: one for every "
                    "type, or per type (people=r5,organizations=lr,places=keep); keep: the weights "
                    "and threshold of that type in --keep-from, unchanged")
    ap.add_argument("--keep-from", default=None, metavar="FILE",
                    help="a salience.json whose weights 'keep' ships (e.g. git show "
                         "8bbd5b4:src/vnnews/data/salience.json, the round-5 weights)")
    ap.add_argument("--cap", action="append", default=[], metavar="KIND=VALUE",
                    help="highest shipped threshold of a type (e.g. places=0.6)")
    ap.add_argument("--write", action="store_true", help="write src/vnnews/data/salience.json")
    ap.add_argument("--json", default=None, help="write the CV figures here")
    a = ap.parse_args(argv)
    variants = [v for v in a.variants.split(",") if v]
    if "=" in a.ship:
        ship = dict(x.split("=") for x in a.ship.split(","))
    else:
        ship = {kind: a.ship for kind in TYPES}
    if set(ship) != set(TYPES) or any(v not in VARIANTS and v != "keep" for v in ship.values()) \
            or any(v not in VARIANTS for v in variants):
        ap.error(f"variants are {', '.join(VARIANTS)} (and keep for --ship)")
    if "keep" in ship.values() and not a.keep_from:
        ap.error("--ship ...=keep needs --keep-from")
    kept = json.load(open(a.keep_from, encoding="utf-8")) if a.keep_from else None
    for v in ship.values():
        if v != "keep" and v not in variants:
            variants.append(v)
    gold = sorted(a.gold) if a.gold else default_gold()
    if any(HELD_OUT in os.path.basename(g) for g in gold):
        ap.error(f"cards_{HELD_OUT}.jsonl is held out: never train or tune on it")
    if a.cache and os.path.exists(a.cache):
        with open(a.cache, encoding="utf-8") as f:
            rows = json.load(f)
        if sorted({r["file"] for r in rows}) != sorted({os.path.basename(g) for g in gold}) or \
                any(len(c["x"]) != len(FEATURES) for r in rows for k in TYPES for c in r[k]):
            ap.error("the cache holds other gold files or features: remove it")
    else:
        rows = build_rows(gold, {"vims-dev": a.vims_dev, "vmds": a.vmds}, a.docs_cache)
        if a.cache:
            with open(a.cache, "w", encoding="utf-8") as f:
                json.dump(rows, f, ensure_ascii=False)
    n_events = len(rows)
    print(f"{n_events} events from {', '.join(os.path.basename(g) for g in gold)}; "
          f"{FOLDS}-fold CV by event (i mod {FOLDS}), l2 {a.l2}, targets {a.targets}, "
          f"variants {variants}, shipped {ship} at target {a.target}")
    # the shipped thresholds: the rule on the out-of-fold scores of all events, capped
    # where --cap says (a contract the card must keep, e.g. the seed card's districts)
    caps = dict((k, float(v)) for k, v in (c.split("=") for c in a.cap))
    rule, shipped = {}, {}
    for kind in TYPES:
        if ship[kind] == "keep":
            rule[kind] = shipped[kind] = kept["thresholds"][kind]
            continue
        rule[kind] = choose_threshold(rows, kind, oof_scores(rows, kind, a.l2, ship[kind]), a.target)
        shipped[kind] = min(rule[kind], caps.get(kind, 1.0))
    res = cross_validate(rows, a.l2, a.targets, variants, shipped, ship)
    print(f"{'type':14s} {'variant':14s} {'P@5':>6s} {'R@5':>6s}  right/shown  found/gold   "
          f"fresh P/R (train* events)")
    for kind in TYPES:
        for n, m in res[kind].items():
            if not isinstance(m, dict) or "precision" not in m:
                continue
            fr = res[kind]["fresh"][n]
            print(f"{kind:14s} {n:14s} {m['precision']:6.3f} {m['recall']:6.3f}  "
                  f"{m['right']:4d}/{m['shown']:<4d}   {m['gold_found']:4d}/{m['gold_top']:<4d}  "
                  f"{fr['precision']:.3f}/{fr['recall']:.3f}")
        print(f"{'':14s} out-of-fold AUC: " + "  ".join(
            f"{v} {res[kind]['auc'][v]:.3f} (fresh {res[kind]['auc_fresh'][v]:.3f})" for v in variants))
        for v in variants:
            print(f"{'':14s} {v} nested thresholds per fold: "
                  + "  ".join(f"{t}: {[f[t] for f in res[kind]['thresholds_per_fold'][v]]}"
                              for t in a.targets))
    print(f"shipped thresholds ({ship}, rule at {a.target} on all events' out-of-fold scores; "
          f"keep: the kept file's): rule {rule}, capped {shipped}; (d) above: a type's shipped "
          f"variant at them (none for keep)")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
    if a.write:
        # one logistic weight vector per type over FEATURES (a model on the round-5 features
        # or a kept round-5 vector has zeros for the later ones: the same scores)
        if any(VARIANTS[v]["model"] != "logistic" for v in ship.values() if v != "keep"):
            ap.error("--write ships logistic variants only (the package scores weights)")
        weights, thresholds, counts = {}, {}, {}
        for kind in TYPES:
            if ship[kind] == "keep":
                w = dict(zip(kept["features"], kept["weights"][kind]))
                weights[kind] = [w.get(n, 0.0) for n in FEATURES]
            else:
                w = train(rows, kind, a.l2, ship[kind])
                weights[kind] = [round(float(x), 5) for x in w] + [0.0] * (len(FEATURES) - len(w))
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
                "command": f"tools/train_salience.py --write --ship {a.ship}"
                + (f" --keep-from {a.keep_from}" if a.keep_from else "")
                + (f" --l2 {a.l2}" if a.l2 != 1.0 else "")
                + (f" --target {a.target}" if a.target != 0.9 else "")
                + "".join(f" --cap {c}" for c in a.cap),
                "model": {kind: ({"variant": "keep", "kept_from": kept["provenance"]["command"],
                                  "kept_events": kept["provenance"]["events"],
                                  "kept_trained_on": kept["provenance"]["trained_on"]}
                                 if ship[kind] == "keep" else
                                 {"variant": ship[kind], "logistic_l2": a.l2,
                                  "features": VARIANTS[ship[kind]]["features"]})
                          for kind in TYPES},
                "threshold_rule": f"smallest threshold (0.01 grid) whose pooled out-of-fold "
                                  f"precision at five (10-fold CV by event) reaches {a.target}",
                "rule_thresholds": rule,
                "caps": caps,
                "cv": {k: {n: m for n, m in res[k].items() if isinstance(m, dict) and "precision" in m}
                       | {"auc": res[k]["auc"]} for k in TYPES},
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
