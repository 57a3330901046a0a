#!/usr/bin/env python3
"""Build the background IDF table used by clustering (src/vnnews/data/idf_vi.tsv.gz).

Document frequencies of syllables (as ``vnnews.cluster.syllables``
makes them) over the VMDS articles and the seed articles shipped with the project.
Only the text is used, never the cluster labels. Terms seen in fewer than 2 documents
are left out (they get the maximum IDF). Run from the repository root:

    .venv/bin/python tools/build_idf.py
"""
import gzip
import json
import pathlib
from collections import Counter

from vnnews.text.tokens import letter_syllables as syllables

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "vnnews" / "data" / "idf_vi.tsv.gz"


def texts():
    for line in open(ROOT / "tests" / "data" / "vmds" / "articles.jsonl", encoding="utf-8"):
        a = json.loads(line)
        yield (a.get("title") or "") + " " + a["text"]
    for p in sorted((ROOT / "examples" / "seeds").glob("*.txt")):
        yield p.read_text(encoding="utf-8")


def main():
    df, n = Counter(), 0
    for t in texts():
        df.update(set(syllables(t)))
        n += 1
    rows = sorted((t, c) for t, c in df.items() if c >= 2)
    body = "docs\t%d\n" % n + "".join("%s\t%d\n" % r for r in rows)
    OUT.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    print("wrote %s: %d documents, %d terms" % (OUT, n, len(rows)))


if __name__ == "__main__":
    main()
