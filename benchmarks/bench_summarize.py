"""Summarise all VMDS clusters: time it and print the ROUGE table.

Usage: ``python benchmarks/bench_summarize.py [articles.jsonl refs.jsonl]``
(default: tests/data/vmds). Loading and sentence splitting are not timed; the
seconds are those of ``summarize`` over all clusters.
"""
from __future__ import annotations

import pathlib
import sys
import time

from vnnews.eval.summary import evaluate_summaries, load_groups, load_refs, shipped_summarizer

VMDS = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "vmds"


def main(argv: list[str]) -> None:
    articles, refs = (argv + [str(VMDS / "articles.jsonl"), str(VMDS / "refs.jsonl")][len(argv):])[:2]
    t0 = time.perf_counter()
    groups = load_groups(articles)
    references = load_refs(refs)
    n_docs = sum(len(g) for g in groups.values())
    print(f"loaded {n_docs} articles in {len(groups)} clusters through the summarize pipeline "
          f"({time.perf_counter() - t0:.1f} s, not timed)")
    res = evaluate_summaries(groups, references, summarizer=shipped_summarizer())
    print(f"summarize: {res['seconds']:.2f} s for {res['groups']} clusters "
          f"({1000 * res['seconds'] / max(1, res['groups']):.1f} ms per cluster)")
    print(f"{'':34s} {'R1':>6s} {'R2':>6s} {'RL':>6s}")
    rows = (("system", "system"), ("lead", "Lead (first article)"),
            ("lead_rr", "Lead (round robin, published)"), ("ref_vs_ref", "human ref1 vs ref2"))
    for key, name in rows:
        r = res[key]
        print(f"{name:34s} {100 * r['rouge1']:6.1f} {100 * r['rouge2']:6.1f} {100 * r['rougeL']:6.1f}")
    print(f"fidelity {res['fidelity']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
