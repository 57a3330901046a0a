"""Syndicated-copy detection: our MinHash + stored LSH bands vs rensa alone.

Usage::

    python benchmarks/bench_dedup.py [--articles 10000] [--out benchmarks/results/dedup.json]

Corpus: ``--articles`` short synthetic articles (``bench_cluster_scale.synthetic_articles``,
recombined VMDS sentences), and for every 10th one a syndicated copy (another outlet's
lead line and credit added, one sentence dropped) right after it. Shingles (the word
4-grams of ``vnnews.dedup.shingles``) are computed once, untimed, and given to both.

Timed, docs/s:

- **ours**: what ``engine._link_copy`` does per article, from its shingles: the rensa
  ``RMinHash`` signature (``vnnews.dedup`` settings), 32 band keys, the candidate
  lookup in the store's ``lsh_bands`` table, the Jaccard estimate against each
  candidate's stored signature, and the writes of the signature and bands; SQLite
  store in a temporary file, 2,000 articles per transaction (as the engine).
- **reference**: rensa ``RMinHash`` alone on the same shingles (signature only, in
  memory): the floor any MinHash dedup pays.
- also shown: rensa ``RMinHash`` + rensa's in-memory ``RMinHashLSH`` (query, then
  insert), and ours with the shingling included (``engine._link_copy`` itself).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import random
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_cluster_scale import RESULTS, peak_rss_mb, synthetic_articles  # noqa: E402

OUTLETS = ["VnExpress", "Dân trí", "Tuổi Trẻ", "Thanh Niên", "Vietnamnet", "Lao Động", "Tiền Phong", "VOV"]


def corpus(n: int) -> list[dict]:
    rng = random.Random(7)
    out = []
    for a in synthetic_articles(n, per_day=200, seed=29):
        out.append(a)
        if len(out) % 11 == 10:
            sents = a["text"].split(". ")
            if len(sents) > 3:
                sents.pop(rng.randrange(1, len(sents)))
            out.append(dict(a, id=a["id"] + "-copy", copy_of=a["id"],
                            text=f"({rng.choice(OUTLETS)}) - " + ". ".join(sents) + f" Theo {rng.choice(OUTLETS)}."))
    return out


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--out", default=str(RESULTS / "dedup.json"))
    args = ap.parse_args(argv)

    from rensa import RMinHash, RMinHashLSH

    from vnnews import dedup, engine
    from vnnews.model import Document, Paragraph
    from vnnews.store import SqliteStore

    arts = corpus(args.articles)
    n = len(arts)
    sh = [dedup.shingles(a["text"]) for a in arts]
    expected = {a["id"] for a in arts if a.get("copy_of")}
    print(f"{n} articles ({len(expected)} syndicated copies), shingles ready", file=sys.stderr)

    # reference: rensa RMinHash alone
    def ref_once() -> float:
        t0 = time.perf_counter()
        for s in sh:
            m = RMinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED)
            m.update(s)
            m.digest()
        return time.perf_counter() - t0

    ref_once()  # warm-up
    t_ref = min(ref_once() for _ in range(3))

    # rensa RMinHash + in-memory RMinHashLSH
    t0 = time.perf_counter()
    lsh = RMinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM, num_bands=dedup.BANDS)
    hashes = []
    found_lsh = set()
    for i, s in enumerate(sh):
        m = RMinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED)
        m.update(s)
        if any(m.jaccard(hashes[c]) >= dedup.THRESHOLD for c in lsh.query(m)):
            found_lsh.add(arts[i]["id"])
        lsh.insert(i, m)
        hashes.append(m)
    t_lsh = time.perf_counter() - t0

    def store_run(full: bool) -> tuple[float, set[str]]:
        tmp = tempfile.TemporaryDirectory(prefix="vnnews-dedup-")
        store = SqliteStore(os.path.join(tmp.name, "d.db"))
        found: set[str] = set()
        total = 0.0
        for b in range(0, n, 2000):
            chunk = range(b, min(n, b + 2000))
            with store.transaction():
                store.db.executemany("INSERT INTO articles (id, content_hash, text, published) VALUES (?,?,?,?)",
                                     [(arts[i]["id"], "", "", arts[i]["published"]) for i in chunk])
                docs = [Document(id=arts[i]["id"], text=arts[i]["text"], published=arts[i]["published"],
                                 paragraphs=[Paragraph(arts[i]["text"], 0, len(arts[i]["text"]))])
                        for i in chunk] if full else None
                t0 = time.perf_counter()
                if full:
                    for d in docs:
                        if engine._link_copy(store, d):
                            found.add(d.id)
                else:
                    for i in chunk:
                        m = RMinHash(num_perm=dedup.NUM_PERM, seed=dedup.SEED)
                        m.update(sh[i])
                        sig = list(m.digest())
                        keys = dedup.band_keys(sig)
                        for cand in sorted(store.ids_with_bands(keys)):
                            blob = store.minhash(cand)
                            if blob and dedup.jaccard(sig, dedup.unpack(blob)) >= dedup.THRESHOLD:
                                found.add(arts[i]["id"])
                        store.put_minhash(arts[i]["id"], dedup.pack(sig))
                        store.add_bands(arts[i]["id"], keys)
                total += time.perf_counter() - t0
        store.close()
        tmp.cleanup()
        return total, found

    t_ours, found_ours = store_run(False)
    t_full, found_full = store_run(True)

    def recall(found: set[str]) -> float:
        return len(found & expected) / max(1, len(expected))

    ours, ref = n / t_ours, n / t_ref
    res = {
        "name": "dedup", "articles": n, "copies": len(expected),
        "ours_docs_per_s": round(ours, 1), "rensa_rminhash_docs_per_s": round(ref, 1),
        "rensa_rminhash_lsh_docs_per_s": round(n / t_lsh, 1), "ours_with_shingling_docs_per_s": round(n / t_full, 1),
        "ratio": round(ours / ref, 4),
        "copy_recall": {"ours": round(recall(found_ours), 4), "ours_link_copy": round(recall(found_full), 4),
                        "rensa_lsh": round(recall(found_lsh), 4)},
        "other_pairs_flagged": {"ours": len(found_ours - expected), "rensa_lsh": len(found_lsh - expected)},
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "python": platform.python_version(), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "command": "python benchmarks/bench_dedup.py " + " ".join(argv),
    }
    res["table"] = [
        {"benchmark": "dedup: signature + stored LSH bands (docs/s)", "ours": f"{ours:,.0f} docs/s",
         "reference": f"{ref:,.0f} docs/s (rensa RMinHash alone, same shingles)", "ratio": res["ratio"],
         "goal": "- (ratio reported)", "met": None},
        {"benchmark": "dedup vs rensa RMinHash + in-memory RMinHashLSH", "ours": f"{ours:,.0f} docs/s",
         "reference": f"{n / t_lsh:,.0f} docs/s", "ratio": round(ours * t_lsh / n, 4), "goal": "-", "met": None},
        {"benchmark": "dedup: planted copies found (recall / other near-duplicates flagged)",
         "ours": f"{recall(found_ours):.3f} / {len(found_ours - expected)}",
         "reference": f"{recall(found_lsh):.3f} / {len(found_lsh - expected)} (rensa LSH)",
         "ratio": None, "goal": "-", "met": None},
    ]
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.out).write_text(json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"ours {ours:,.0f} docs/s (with shingling, engine._link_copy: {n / t_full:,.0f}); "
          f"rensa RMinHash alone {ref:,.0f} docs/s; rensa + RMinHashLSH {n / t_lsh:,.0f} docs/s; "
          f"ratio {ours / ref:.3f}")
    print(f"copies found: ours {recall(found_ours):.3f} ({len(found_ours - expected)} other near-duplicates flagged, same-event rewrites), "
          f"rensa LSH {recall(found_lsh):.3f} ({len(found_lsh - expected)} other)")
    print(f"-> {args.out}")


if __name__ == "__main__":
    main(sys.argv[1:])
