#!/usr/bin/env python3
"""Disagreement precision and recall on the judged set (tests/data/audit/disagreements.jsonl).

    .venv/bin/python tools/eval_disagreements.py [--vims-db DB] [--vmds-db DB] [--old REF]

Every gold cluster of vims-dev and VMDS (their copies in ``tests/data``; without ``--*-db`` each file
is ingested into a temporary database first, about a minute each) is one group of
articles; ``vnnews.compare.compare`` runs on each with the stored facts, and so does the
``compare`` of git revision ``--old`` (default: the code before the same-quantity rules).
Each output disagreement is matched to a judgement of its cluster by its set of claim
texts; precision = judged real / judged, recall = real judgements found / real
judgements, per half: ``tune`` (VMDS, and vims-dev clusters numbered 1 mod 4, which the
rules were fitted to) and ``report`` (vims-dev clusters numbered 3 mod 4). Unjudged
outputs are counted apart (they are neither right nor wrong until read).
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

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"  # copies of ../shared/data's vmds and vims-dev articles
JUDGED = ROOT / "tests" / "data" / "audit" / "disagreements.jsonl"
OLD_REF = "c499a5f^"  # main before "Differences only between claims about one quantity"


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


def _old_module(ref: str):
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{ref}:src/vnnews/compare.py"],
                         check=True, capture_output=True, text=True).stdout
    path = pathlib.Path(tempfile.mkdtemp(prefix="vnnews-old-")) / "compare_old.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("vnnews._compare_old", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _groups(path: pathlib.Path, db: str | None):
    from vnnews.engine import ingest
    from vnnews.store import open_store

    if db is None:
        db = str(pathlib.Path(tempfile.mkdtemp(prefix="vnnews-dis-")) / "e.db")
        ingest([str(path)], db=db)
    label = {}
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                a = json.loads(line)
                label[a["id"]] = a["cluster"]
    st = open_store(db)
    for cluster in sorted(set(label.values())):
        docs = sorted(st.documents([i for i, c in label.items() if c == cluster]),
                      key=lambda d: (d.published or "9999", d.id))
        yield cluster, docs, {d.id: d.facts for d in docs if d.facts}


def half_of(corpus: str, cluster: str) -> str:
    if corpus == "vmds":
        return "tune"
    return "tune" if int(cluster.split("_")[1]) % 4 == 1 else "report"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vims-db")
    ap.add_argument("--vmds-db")
    ap.add_argument("--old", default=OLD_REF, help="git revision of the baseline compare.py")
    ap.add_argument("--judged", default=str(JUDGED))
    args = ap.parse_args()
    from vnnews import compare as new

    systems = {"old": _old_module(args.old).compare, "new": new.compare}
    judged: dict[tuple, dict] = {}
    for line in open(args.judged, encoding="utf-8"):
        j = json.loads(line)
        judged[(j["corpus"], j["cluster"], frozenset(_key(c) for c in j["claims"]))] = j
    stats = {(s, h): {"tp": 0, "fp": 0, "unjudged": 0, "found": set()} for s in systems for h in ("tune", "report")}
    for corpus, path, db in (("vmds", DATA / "vmds" / "articles.jsonl", args.vmds_db),
                             ("vims-dev", DATA / "vims-dev" / "articles.jsonl.gz", args.vims_db)):
        for cluster, docs, facts in _groups(path, db):
            for name, compare in systems.items():
                st = stats[(name, half_of(corpus, cluster))]
                for d in compare(docs, facts)[1]:
                    key = (corpus, cluster, frozenset(_key(c.text) for c in d.claims))
                    j = judged.get(key)
                    if j is None:
                        st["unjudged"] += 1
                    elif j["real"]:
                        st["tp"] += 1
                        st["found"].add(key)
                    else:
                        st["fp"] += 1
    for half in ("tune", "report"):
        real = [k for k, j in judged.items() if j["real"] and half_of(k[0], k[1]) == half]
        for name in systems:
            st = stats[(name, half)]
            judged_n = st["tp"] + st["fp"]
            p = f"{st['tp'] / judged_n:.3f}" if judged_n else "n/a"
            r = f"{len(st['found']) / len(real):.3f}" if real else "n/a"
            print(f"{half:6s} {name:4s} precision {p} ({st['tp']}/{judged_n}) recall {r} "
                  f"({len(st['found'])}/{len(real)} real) unjudged {st['unjudged']}")


if __name__ == "__main__":
    main()
