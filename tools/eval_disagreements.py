#!/usr/bin/env python3
"""Disagreement precision and recall on the judged set (tests/data/audit/disagreements.jsonl).

    .venv/bin/python tools/eval_disagreements.py [--vims-db DB] [--vmds-db DB] [--old REF]
    .venv/bin/python tools/eval_disagreements.py --candidates OUT.jsonl [--half report2]

Every gold cluster of vims-dev and VMDS (their copies in ``tests/data``; without ``--*-db`` each file
is ingested into a temporary database first, about a minute each) is one group of
articles; ``vnnews.compare.compare`` runs on each with the stored facts, and so does the
``compare`` of git revision ``--old`` (default: the code before the same-quantity rules).

Halves, by cluster: ``report2`` (the clusters listed in tests/data/audit/report2_clusters.txt:
every gold cluster with no judged line at 58e719d and not in the card audit set, so never
read for disagreements; judged before the code tuned after it was written), ``tune``
(VMDS and vims-dev clusters numbered 1 mod 4) and ``report`` (vims-dev clusters numbered
3 mod 4; scored and read in an earlier round, so no longer a clean held-out set).

An output matches a judgement of its cluster when every judged claim is matched by a
distinct output claim, a claim matching another when one's words (lower-cased) contain the
other's: an output stating a clause of a judged sentence is that judgement. An output is
right when it matches a real judgement, wrong when it matches judgements and none is real,
unjudged otherwise (counted apart: neither right nor wrong until read). Precision = right /
(right + wrong), recall = real judgements matched / real judgements, per half.

``--candidates`` writes the unjudged outputs on the clusters of ``--half`` of a deliberately
loose set of generators (the old code, the current code, the current code with loose
thresholds and no aspect filter, and near-duplicate sentence pairs of two voices that differ
in a number or in a name), to be read and judged by hand.
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"  # copies of ../shared/data's vmds and vims-dev articles
JUDGED = ROOT / "tests" / "data" / "audit" / "disagreements.jsonl"
REPORT2 = ROOT / "tests" / "data" / "audit" / "report2_clusters.txt"
OLD_REF = "c499a5f^"  # main before "Differences only between claims about one quantity"
HALVES = ("tune", "report", "report2")
# The held-out card set report5 (docs/quality.md): never run by these tools.
REPORT5 = ({("vims-dev", f"Cluster_{n:03d}") for n in (11, 39, 67, 95, 123, 151, 179, 207, 235, 263, 291)}
           | {("vmds", f"vmds-{n:03d}") for n in (16, 36, 56, 76, 96, 116, 136, 156, 176, 197)})


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def _module_at(ref: str, name: str = "compare_old"):
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:src/vnnews/compare.py"],
                         check=True, capture_output=True, text=True).stdout
    src = src.replace("from .", "from vnnews.")
    path = pathlib.Path(tempfile.mkdtemp(prefix="vnnews-old-")) / f"{name}.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"vnnews._{name}", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def without_report5(path: pathlib.Path) -> pathlib.Path:
    """A copy of an articles file without the report5 clusters' articles."""
    opener = gzip.open if str(path).endswith(".gz") else open
    corpus = "vmds" if "vmds" in str(path) else "vims-dev"
    out = pathlib.Path(tempfile.mkdtemp(prefix="vnnews-dis-")) / "articles.jsonl"
    with opener(path, "rt", encoding="utf-8") as fh, open(out, "w", encoding="utf-8") as o:
        for line in fh:
            if line.strip() and (corpus, json.loads(line)["cluster"]) not in REPORT5:
                o.write(line.rstrip("\n") + "\n")
    return out


def _groups(path: pathlib.Path, db: str | None, only: set[str] | None = None):
    from vnnews.engine import ingest
    from vnnews.store import open_store

    if db is None:
        db = str(pathlib.Path(tempfile.mkdtemp(prefix="vnnews-dis-")) / "e.db")
        ingest([str(without_report5(path))], db=db)
    label = {}
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                a = json.loads(line)
                label[a["id"]] = a["cluster"]
    st = open_store(db)
    corpus = "vmds" if "vmds" in str(path) else "vims-dev"
    for cluster in sorted(set(label.values())):
        if (only is not None and cluster not in only) or (corpus, cluster) in REPORT5:
            continue
        docs = sorted(st.documents([i for i, c in label.items() if c == cluster]),
                      key=lambda d: (d.published or "9999", d.id))
        yield cluster, docs, {d.id: d.facts for d in docs if d.facts}


def report2_clusters() -> set[tuple[str, str]]:
    return {tuple(line.split()) for line in REPORT2.read_text(encoding="utf-8").splitlines() if line.strip()}


_R2: set[tuple[str, str]] | None = None


def half_of(corpus: str, cluster: str) -> str:
    global _R2
    if _R2 is None:
        _R2 = report2_clusters()
    if (corpus, cluster) in _R2:
        return "report2"
    if corpus == "vmds":
        return "tune"
    return "tune" if int(cluster.split("_")[1]) % 4 == 1 else "report"


def _claim_match(a: str, b: str) -> bool:
    return a == b or (len(a) >= 8 and a in b) or (len(b) >= 8 and b in a)


def matches(judged_claims: list[str], output_claims: list[str]) -> bool:
    """Every judged claim matched by a distinct output claim (containment of keys)."""
    free = list(output_claims)
    for j in judged_claims:
        hit = next((o for o in free if _claim_match(j, o)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def load_judged(path: str) -> dict[tuple[str, str], list[dict]]:
    by_cluster: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for line in open(path, encoding="utf-8"):
        if line.strip():
            j = json.loads(line)
            j["_keys"] = [_key(c) for c in j["claims"]]
            by_cluster[(j["corpus"], j["cluster"])].append(j)
    return by_cluster


def verdict(judged: list[dict], claims: list[str]) -> tuple[str, list[dict]]:
    """("right" | "wrong" | "unjudged", the judgements the output matches)."""
    keys = [_key(c) for c in claims]
    hit = [j for j in judged if matches(j["_keys"], keys)]
    if not hit:
        return "unjudged", hit
    return ("right" if any(j["real"] for j in hit) else "wrong"), hit


# ------------------------------------------------------------------ loose candidates
def _near_duplicates(docs, cover: float = 0.4, stretch: int = 3):
    """``vnnews.compare.near_duplicate_pairs`` as (kind, sentence a, sentence b)."""
    from vnnews.compare import near_duplicate_pairs

    return [(kind, a.sent.text, b.sent.text) for kind, a, b, _ in near_duplicate_pairs(docs, cover, stretch)]


def _loose_compare(mod):
    """The rules with loose thresholds and no aspect, ambiguity or subject filter
    (``vnnews.compare.loose_settings``), learned gate off."""
    from vnnews.settings import CompareSettings

    cfg = mod.loose_settings(CompareSettings(gate=0.0))
    return lambda docs, facts: mod.compare(docs, facts, cfg)


def write_candidates(out_path: str, half: str, args) -> None:
    from vnnews import compare as new

    judged = load_judged(args.judged)
    gens = {"old": _module_at(args.old).compare, "new": new.compare, "loose": _loose_compare(new)}
    rows = []
    for corpus, path, db in (("vmds", DATA / "vmds" / "articles.jsonl", args.vmds_db),
                             ("vims-dev", DATA / "vims-dev" / "articles.jsonl.gz", args.vims_db)):
        only = {c for c in {cl for co, cl in report2_clusters() if co == corpus} if half_of(corpus, c) == half} \
            if half == "report2" else None
        for cluster, docs, facts in _groups(path, db, only):
            if half_of(corpus, cluster) != half:
                continue
            found: dict[frozenset, dict] = {}
            for name, run in gens.items():
                for d in run(docs, facts)[1]:
                    claims = [c.text for c in d.claims]
                    k = frozenset(_key(c) for c in claims)
                    found.setdefault(k, {"topic": d.topic, "claims": claims, "found_by": []})["found_by"].append(name)
            for name, a, b in _near_duplicates(docs):
                k = frozenset((_key(a), _key(b)))
                found.setdefault(k, {"topic": "", "claims": [a, b], "found_by": []})["found_by"].append(name)
            for c in found.values():
                if verdict(judged.get((corpus, cluster), []), c["claims"])[0] == "unjudged":
                    rows.append({"corpus": corpus, "cluster": cluster, "half": half, **c})
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} unjudged candidates on {half} -> {out_path}")


# ------------------------------------------------------------------ scoring
def _units(real: list[dict]) -> list[list[dict]]:
    """Real judgements grouped into distinct differences: two judgements of one cluster
    sharing a claim are one difference told by several outlet pairs (five outlets'
    "gần 250" against one "gần 240" are one difference, five judged pairs)."""
    parent = list(range(len(real)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in ((i, j) for i in range(len(real)) for j in range(i + 1, len(real))):
        a, b = real[i], real[j]
        if (a["corpus"], a["cluster"]) == (b["corpus"], b["cluster"]) and set(a["_keys"]) & set(b["_keys"]):
            parent[find(i)] = find(j)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, j in enumerate(real):
        groups[find(i)].append(j)
    return list(groups.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vims-db")
    ap.add_argument("--vmds-db")
    ap.add_argument("--old", default=OLD_REF, help="git revision of the baseline compare.py")
    ap.add_argument("--judged", default=str(JUDGED))
    ap.add_argument("--candidates", help="write unjudged loose candidates of --half here")
    ap.add_argument("--half", default="report2", choices=HALVES)
    ap.add_argument("--unjudged", help="write the unjudged outputs of the current code here")
    ap.add_argument("--missed", action="store_true", help="print the real judgements the current code misses")
    ap.add_argument("--halves", default=",".join(HALVES), help="halves to print and write (tuning: tune,report)")
    args = ap.parse_args()
    if args.candidates:
        write_candidates(args.candidates, args.half, args)
        return
    from vnnews import compare as new

    systems = {"old": _module_at(args.old).compare, "new": new.compare}
    judged = load_judged(args.judged)
    stats = {(s, h): {"tp": 0, "fp": 0, "unjudged": 0, "found": set()} for s in systems for h in HALVES}
    unjudged_rows = []
    for corpus, path, db in (("vmds", DATA / "vmds" / "articles.jsonl", args.vmds_db),
                             ("vims-dev", DATA / "vims-dev" / "articles.jsonl.gz", args.vims_db)):
        for cluster, docs, facts in _groups(path, db):
            half = half_of(corpus, cluster)
            if half not in args.halves.split(","):
                continue  # not compared at all (a held-out half stays unread while tuning)
            js = judged.get((corpus, cluster), [])
            for name, compare in systems.items():
                st = stats[(name, half)]
                for d in compare(docs, facts)[1]:
                    claims = [c.text for c in d.claims]
                    v, hit = verdict(js, claims)
                    if v == "unjudged":
                        st["unjudged"] += 1
                        if name == "new" and half in args.halves.split(","):
                            unjudged_rows.append({"corpus": corpus, "cluster": cluster, "half": half,
                                                  "topic": d.topic, "claims": claims})
                    elif v == "right":
                        st["tp"] += 1
                        st["found"].update(id(j) for j in hit if j["real"])
                        if name == "new":
                            for j in hit:
                                j["_found"] = True
                    else:
                        st["fp"] += 1
                        if name == "new" and args.missed and half in args.halves.split(","):
                            print("WRONG", half, cluster, d.topic, "|", hit[0].get("note", ""), "|",
                                  " || ".join(c[:150] for c in claims))
    if args.unjudged:
        with open(args.unjudged, "w", encoding="utf-8") as fh:
            for r in unjudged_rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    if args.missed:
        for (co, cl), js in judged.items():
            for j in js:
                if j["real"] and not j.get("_found") and half_of(co, cl) in args.halves.split(","):
                    print("MISSED", half_of(co, cl), cl, j.get("note", ""), "|", " || ".join(c[:150] for c in j["claims"]))
    for half in args.halves.split(","):
        real = [j for (co, cl), js in judged.items() for j in js if j["real"] and half_of(co, cl) == half]
        for name in systems:
            st = stats[(name, half)]
            judged_n = st["tp"] + st["fp"]
            p = f"{st['tp'] / judged_n:.3f}" if judged_n else "n/a"
            r = f"{len(st['found']) / len(real):.3f}" if real else "n/a"
            units = _units(real)
            hit = sum(1 for u in units if any(id(j) in st["found"] for j in u))
            ru = f"{hit / len(units):.3f}" if units else "n/a"
            print(f"{half:7s} {name:4s} precision {p} ({st['tp']}/{judged_n}) recall {r} "
                  f"({len(st['found'])}/{len(real)} real) by difference {ru} ({hit}/{len(units)}) "
                  f"unjudged {st['unjudged']}")


if __name__ == "__main__":
    main()
