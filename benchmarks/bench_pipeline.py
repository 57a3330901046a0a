"""End-to-end ingest throughput vs underthesea word segmentation alone, and peak RSS.

Usage::

    python benchmarks/bench_pipeline.py [--n 628] [--workers 2] [--ray]
                                        [--out benchmarks/results/pipeline.json]

Articles: the first ``--n`` VMDS articles (``tests/data/vmds/articles.jsonl``, 628 news
articles of about 500 syllables in 199 events), as one JSONL file.

Both sides run in this process, one core, after a warm-up (models loaded):

- **ours**: ``vnnews.engine.ingest`` of the file into a fresh SQLite database: read,
  extract, normalise, language, sentences, facts, syndicated copies, clustering,
  event cards (facts resolved, summary, comparison), store with FTS. docs/s = stored
  articles / wall seconds. The per-document stages are timed too (wrapped).
- **reference**: ``underthesea.word_tokenize`` alone on the same articles (title +
  text): the cost of the most common first step of a Vietnamese NLP pipeline.

``--workers 2`` adds a run of ours with the local executor's process pool (2 processes,
so not the same resources as the reference: shown apart); ``--ray`` a run with the Ray
executor on a local Ray instance (start-up excluded). Peak RSS is that of this process
after the one-core ingest (imports and models included).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_cluster_scale import RESULTS, ROOT, VMDS, peak_rss_mb  # noqa: E402


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=628, help="VMDS articles (at most 628)")
    ap.add_argument("--workers", type=int, default=2, help="also run the local pool with this many (0: no)")
    ap.add_argument("--ray", action="store_true", help="also run the Ray executor (local instance)")
    ap.add_argument("--out", default=str(RESULTS / "pipeline.json"))
    args = ap.parse_args(argv)

    from underthesea import word_tokenize

    from vnnews import engine

    rows = [json.loads(x) for x in VMDS.read_text(encoding="utf-8").splitlines()][:args.n]
    tmp = tempfile.TemporaryDirectory(prefix="vnnews-bench-")
    src = os.path.join(tmp.name, "articles.jsonl")
    with open(src, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    texts = [(r.get("title") or "") + "\n" + r["text"] for r in rows]
    n_syl = sum(len(t.split()) for t in texts)

    # warm-up: models and lexicons loaded on both sides
    engine.ingest([str(ROOT / "examples" / "seeds")], db=os.path.join(tmp.name, "warm.db"))
    word_tokenize(texts[0])

    # the per-step times come from the pipeline's own counters (build_pipeline, purpose ingest)
    t0 = time.perf_counter()
    res = engine.ingest([src], db=os.path.join(tmp.name, "ours.db"))
    t_ours = time.perf_counter() - t0
    rss = peak_rss_mb()
    stored = res.stored
    print(f"ours: {stored} articles stored in {t_ours:.1f} s = {stored / t_ours:.1f} docs/s "
          f"({res.events_touched} events); peak RSS {rss:.0f} MB", flush=True)

    t0 = time.perf_counter()
    for t in texts:
        word_tokenize(t)
    t_ref = time.perf_counter() - t0
    print(f"reference: underthesea word_tokenize on the same {len(texts)} articles in {t_ref:.1f} s "
          f"= {len(texts) / t_ref:.1f} docs/s", flush=True)

    ours, ref = stored / t_ours, len(texts) / t_ref
    stages = {k: round(v.seconds, 2) for k, v in res.stats.steps.items()}
    stages["rest (outside the steps)"] = round(t_ours - sum(v.seconds for v in res.stats.steps.values()), 2)
    out: dict = {"name": "pipeline", "articles": len(rows), "syllables": n_syl, "stored": stored,
                 "events": res.events_touched, "ours_s": round(t_ours, 2), "ours_docs_per_s": round(ours, 2),
                 "reference": "underthesea.word_tokenize (title + text), same process",
                 "reference_s": round(t_ref, 2), "reference_docs_per_s": round(len(texts) / t_ref, 2),
                 "ratio": round(ours / ref, 3), "stage_s": stages, "peak_rss_mb": round(rss, 1)}
    table = [{"benchmark": f"end-to-end ingest, {len(rows)} VMDS articles, 1 process",
              "ours": f"{ours:.1f} docs/s", "reference": f"{ref:.1f} docs/s (underthesea word_tokenize alone)",
              "ratio": out["ratio"], "goal": "≥ 1.0×", "met": ours / ref >= 1.0}]

    if args.workers and args.workers > 1:
        t0 = time.perf_counter()
        r2 = engine.ingest([src], db=os.path.join(tmp.name, "pool.db"), workers=args.workers)
        t2 = time.perf_counter() - t0
        out["pool"] = {"workers": args.workers, "s": round(t2, 2), "docs_per_s": round(r2.stored / t2, 2),
                       "ratio": round(r2.stored / t2 / ref, 3)}
        print(f"ours, local pool of {args.workers}: {r2.stored / t2:.1f} docs/s", flush=True)
        table.append({"benchmark": f"end-to-end ingest, local executor, {args.workers} processes",
                      "ours": f"{r2.stored / t2:.1f} docs/s",
                      "reference": f"{ref:.1f} docs/s (word_tokenize, 1 process)",
                      "ratio": out["pool"]["ratio"], "goal": "- (not the same resources)", "met": None})
    if args.ray:
        from vnnews.executors.ray import ensure_ray

        t0 = time.perf_counter()
        ray = ensure_ray(num_cpus=min(2, os.cpu_count() or 1))
        engine.ingest([str(ROOT / "examples" / "seeds")], db=os.path.join(tmp.name, "raywarm.db"), executor="ray")
        t_start = time.perf_counter() - t0
        t0 = time.perf_counter()
        r3 = engine.ingest([src], db=os.path.join(tmp.name, "ray.db"), executor="ray")
        t3 = time.perf_counter() - t0
        ray.shutdown()
        out["ray"] = {"startup_s": round(t_start, 1), "s": round(t3, 2), "docs_per_s": round(r3.stored / t3, 2)}
        print(f"ours, Ray executor (local, {min(2, os.cpu_count() or 1)} CPUs): {r3.stored / t3:.1f} docs/s "
              f"(start-up {t_start:.0f} s excluded)", flush=True)
        table.append({"benchmark": "end-to-end ingest, Ray executor (local instance)",
                      "ours": f"{r3.stored / t3:.1f} docs/s", "reference": f"{ref:.1f} docs/s",
                      "ratio": round(r3.stored / t3 / ref, 3), "goal": "-", "met": None})
    table.append({"benchmark": "peak RSS of the 1-process ingest", "ours": f"{rss:.0f} MB", "reference": "-",
                  "ratio": None, "goal": "-", "met": None})
    out["table"] = table
    out.update({"python": platform.python_version(), "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
                "command": "python benchmarks/bench_pipeline.py " + " ".join(argv)})
    for k, v in stages.items():
        print(f"  {k:50s} {v:7.2f} s")
    print(f"ratio {ours / ref:.3f} (goal ≥ 1.0)")
    pathlib.Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(args.out).write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"-> {args.out}")
    tmp.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
