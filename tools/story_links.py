"""The story links (``related``) vnnews makes on a labelled JSONL corpus, for judging.

    .venv/bin/python tools/story_links.py ARTICLES.jsonl [--db FILE]

Ingests the articles (unless ``--db`` names a database already holding them) and
prints one line per linked pair of events: score, the two events' gold clusters
(majority of their articles' ``cluster``), dates and titles, tab-separated, ready to
be judged by hand (``tests/data/story_pairs.tsv`` holds the judged VMDS and
vims-dev links).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

import vnnews  # noqa: E402
from vnnews import stories  # noqa: E402
from vnnews.store import open_store  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles")
    ap.add_argument("--db")
    args = ap.parse_args()
    db = args.db or os.path.join(tempfile.mkdtemp(), "stories.db")
    if not args.db or not os.path.exists(db):
        vnnews.ingest([args.articles], db=db)
    gold = {}
    with open(args.articles, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            gold[d["id"]] = d.get("cluster")
    cards = {c["id"]: c for c in vnnews.export(db=db)}
    st = open_store(db)
    states: dict = {}
    seen = set()
    rows = []
    for eid in sorted(cards):
        for score, other in stories.find_related(st, eid, None, states):
            key = tuple(sorted((eid, other)))
            if key in seen:
                continue
            seen.add(key)
            a, b = cards[key[0]], cards[key[1]]
            ga = collections.Counter(gold.get(x["id"]) for x in a["articles"]).most_common(1)[0][0]
            gb = collections.Counter(gold.get(x["id"]) for x in b["articles"]).most_common(1)[0][0]
            rows.append((score, ga, gb, a.get("date"), b.get("date"), a.get("title"), b.get("title")))
    st.close()
    for r in sorted(rows, key=lambda r: -r[0]):
        print(f"{r[0]:.3f}\t" + "\t".join(str(x) for x in r[1:]))
    print(f"{len(rows)} links among {len(cards)} events", file=sys.stderr)


if __name__ == "__main__":
    main()
