"""Cost of the facts stage against underthesea word segmentation, on the same texts.

Usage: ``python benchmarks/bench_facts.py [articles.jsonl] [--n 50] [--rounds 5]``

Texts: the ``--n`` VMDS articles whose cleaned text is closest to 3 KB (UTF-8), plus the
two seed articles (cleaned by the real extractor). Both functions run in this process,
warm (one untimed round first: lexicons compiled, underthesea's model loaded), alternating
text by text (and which one goes first alternates too), ``--rounds`` times; per article
the median over the rounds is kept. Prints ms per article of each and the ratio
(goal: ``extract_facts`` within 2x ``underthesea.word_tokenize``), and writes
``benchmarks/results/facts.json``.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import platform
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
VMDS = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"
SEEDS = ROOT / "examples" / "seeds"
OUT = ROOT / "benchmarks" / "results" / "facts.json"


def load_texts(path: pathlib.Path, n: int, target: int = 3000) -> list[tuple[str, str, str]]:
    """(id, text, published) of the ``n`` articles closest to ``target`` bytes, and the seeds."""
    from vnnews.ingest.readers import read_jsonl, read_paths
    from vnnews.model import Document
    from vnnews.pipeline import Stats, build_pipeline

    pipe = build_pipeline(None, "read")  # the ingest pipeline up to the facts step
    docs = []
    for item in read_jsonl(str(path)):
        if isinstance(item, Document):
            d = pipe.process(item, Stats())
            if d is not None:  # a rejected article is just not used
                docs.append(d)
    docs.sort(key=lambda d: (abs(len(d.text.encode("utf-8")) - target), d.id))
    chosen = sorted(docs[:n], key=lambda d: d.id)
    out = [(d.id, d.text, d.published or "") for d in chosen]
    for item in read_paths([str(SEEDS)]):
        if isinstance(item, Document):
            d = pipe.process(item, Stats())
            out.append((d.id, d.text, d.published or ""))
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", nargs="?", default=str(VMDS))
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default=str(OUT))
    a = ap.parse_args(argv)

    from underthesea import word_tokenize

    from vnnews.facts import extract_facts

    texts = load_texts(pathlib.Path(a.articles), a.n)
    sizes = [len(t.encode("utf-8")) for _, t, _ in texts]

    def run_facts(doc_id: str, text: str, published: str) -> None:
        extract_facts(text, doc_id, published or None)

    def run_seg(doc_id: str, text: str, published: str) -> None:
        word_tokenize(text)

    for doc_id, text, pub in texts:  # warm-up, untimed
        run_facts(doc_id, text, pub)
        run_seg(doc_id, text, pub)

    times: dict[str, list[list[float]]] = {"facts": [[] for _ in texts],
                                           "segment": [[] for _ in texts]}
    for r in range(a.rounds):
        for i, (doc_id, text, pub) in enumerate(texts):
            order = (("facts", run_facts), ("segment", run_seg))
            if (i + r) % 2:
                order = order[::-1]
            for name, fn in order:
                t0 = time.perf_counter()
                fn(doc_id, text, pub)
                times[name][i].append(time.perf_counter() - t0)

    per_article = {k: [statistics.median(v) * 1000 for v in vs] for k, vs in times.items()}
    facts_ms = statistics.mean(per_article["facts"])
    seg_ms = statistics.mean(per_article["segment"])
    ratios = [f / s for f, s in zip(per_article["facts"], per_article["segment"]) if s > 0]
    res = {
        "articles": len(texts),
        "vmds_articles": len(texts) - 2,
        "mean_bytes": statistics.mean(sizes),
        "median_bytes": statistics.median(sizes),
        "rounds": a.rounds,
        "extract_facts_ms_per_article": round(facts_ms, 3),
        "word_tokenize_ms_per_article": round(seg_ms, 3),
        "ratio_mean_ms": round(facts_ms / seg_ms, 3),
        "ratio_median_per_article": round(statistics.median(ratios), 3),
        "ratio_max_per_article": round(max(ratios), 3),
        "goal": "extract_facts <= 2x word_tokenize",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "per_article": [
            {"id": doc_id, "bytes": b, "extract_facts_ms": round(f, 3),
             "word_tokenize_ms": round(s, 3)}
            for (doc_id, _, _), b, f, s in zip(texts, sizes, per_article["facts"],
                                               per_article["segment"])
        ],
    }
    print(f"{res['articles']} articles ({res['vmds_articles']} VMDS near 3 KB + 2 seeds), "
          f"mean {res['mean_bytes']:.0f} bytes, {a.rounds} rounds, warm, alternating")
    print(f"extract_facts          {facts_ms:8.2f} ms per article")
    print(f"underthesea word_tokenize {seg_ms:5.2f} ms per article")
    print(f"ratio {res['ratio_mean_ms']:.2f}x (per-article median {res['ratio_median_per_article']:.2f}x, "
          f"max {res['ratio_max_per_article']:.2f}x); goal <= 2x: "
          f"{'met' if res['ratio_mean_ms'] <= 2 else 'NOT met'}")
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
