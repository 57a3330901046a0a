"""Summarise all clusters of a corpus with today's summariser and the reference one, in
the same run: time ratio and the ROUGE table.

Usage: ``python benchmarks/bench_summarize.py [articles.jsonl refs.jsonl] [--reference REV]
[--repeat N]`` (default: tests/data/vmds; the issue's figure is on
../shared/data/vims-dev, 150 clusters). Loading and sentence splitting are not timed;
the seconds are the CPU time of ``summarize`` over all clusters (robust on a shared
machine; wall time is printed beside), the best of ``--repeat`` runs, new and
reference interleaved. The reference is ``src/vnnews/summarize.py`` of git
revision REV (default 53817d0, the summariser before issue 18), loaded as a module of
the package. Goal (issue 18): new / reference <= 2.
"""
from __future__ import annotations

import argparse
import importlib
import pathlib
import sys
import time

from vnnews.eval.summary import evaluate_summaries, load_groups, load_refs, summarizer_at

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds"


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("articles", nargs="?", default=str(VMDS / "articles.jsonl"))
    ap.add_argument("refs", nargs="?")
    ap.add_argument("--reference", default="53817d0")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args(argv)
    refs_path = a.refs or str(pathlib.Path(a.articles).with_name("refs.jsonl"))
    t0 = time.perf_counter()
    groups = load_groups(a.articles)
    references = load_refs(refs_path)
    n_docs = sum(len(g) for g in groups.values())
    print(f"loaded {n_docs} articles in {len(groups)} clusters through the summarize pipeline "
          f"({time.perf_counter() - t0:.1f} s, not timed)")
    new = importlib.import_module("vnnews.summarize").summarize
    old = summarizer_at(a.reference, str(ROOT)).summarize
    best: dict[str, dict] = {}
    for _ in range(a.repeat):
        for name, fn in (("new", new), ("reference", old)):
            cpu = [0.0]

            def timed(docs, n, fn=fn, cpu=cpu):
                t = time.process_time()
                out = fn(docs, max_words=n)
                cpu[0] += time.process_time() - t
                return out

            res = evaluate_summaries(groups, references, summarizer=timed)
            res["cpu"] = cpu[0]
            if name not in best or res["cpu"] < best[name]["cpu"]:
                best[name] = res
    for name in ("new", "reference"):
        res = best[name]
        print(f"{name:9s} summarize: {res['cpu']:.2f} CPU s ({res['seconds']:.2f} s wall) for {res['groups']} "
              f"clusters ({1000 * res['cpu'] / max(1, res['groups']):.1f} CPU ms per cluster)")
    ratio = best["new"]["cpu"] / max(1e-9, best["reference"]["cpu"])
    print(f"CPU time new / reference ({a.reference}) = {ratio:.2f} (goal <= 2)")
    print(f"{'':34s} {'R1':>6s} {'R2':>6s} {'RL':>6s}   (budget: each cluster's mean reference length)")
    rows = (("new", "system", "system (new)"), ("reference", "system", f"system ({a.reference})"),
            ("new", "lead", "Lead (first article)"), ("new", "lead_rr", "Lead (round robin)"),
            ("new", "ref_vs_ref", "human ref1 vs ref2"))
    for which, key, name in rows:
        r = best[which][key]
        print(f"{name:34s} {100 * r['rouge1']:6.1f} {100 * r['rouge2']:6.1f} {100 * r['rougeL']:6.1f}")
    print(f"fidelity new {best['new']['fidelity']:.3f}, reference {best['reference']['fidelity']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
