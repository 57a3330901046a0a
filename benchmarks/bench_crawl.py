"""Crawl throughput and its CPU cost next to ``vnnews ingest`` of the same pages.

A local server (127.0.0.1, this process) serves N VMDS article pages (default 500) as one
outlet with one RSS feed listing them all (``benchmarks/crawl_site.py``). Then, each in
its own process, timed with the CPU time the OS accounts to it (user + system):

  1. ``vnnews crawl FEED --once --delay 0 --warc DIR --db A``  (fetch, pipeline, store)
  2. ``vnnews ingest DIR --db B``                              (the same pages from the WARC)

Reported: pages per second of (1), CPU seconds per stored page of (1) and (2) and their
ratio (goal ≤ 1.2: crawling costs little beyond the pipeline itself), and whether both
stores hold the same article ids. The server's own CPU is not counted (it runs here).

    python benchmarks/bench_crawl.py [--pages 500] [--out benchmarks/results/crawl.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from crawl_site import single_site  # noqa: E402


def run(args: list[str]) -> dict:
    t0 = time.monotonic()
    p = subprocess.Popen([sys.executable, "-m", "vnnews.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return {"rc": p.returncode, "wall_s": time.monotonic() - t0, "cpu_s": ru.ru_utime + ru.ru_stime,
            "max_rss_mb": ru.ru_maxrss / 1024, "stderr_tail": err.strip().splitlines()[-3:]}


def ids(db: str) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {r[0] for r in con.execute("SELECT id FROM articles")}
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--out", default=os.path.join(HERE, "results", "crawl.json"))
    a = ap.parse_args()
    site = single_site(a.pages)
    tmp = tempfile.mkdtemp(prefix="bench-crawl-")
    db_a, db_b, warc = (os.path.join(tmp, x) for x in ("crawl.db", "ingest.db", "warc"))
    try:
        crawl = run(["crawl", site.base + site.feed_path, "--once", "--delay", "0", "--warc", warc,
                     "--db", db_a, "--quiet"])
        requests = len(site.log)
        ingest = run(["ingest", warc, "--db", db_b, "--quiet"])
    finally:
        site.close()
    got_a, got_b = ids(db_a), ids(db_b)
    n = len(got_a)
    res = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPUs (shared with other jobs)",
        "pages_served": a.pages, "requests": requests, "stored_by_crawl": n, "stored_by_ingest": len(got_b),
        "same_ids": got_a == got_b,
        "crawl": crawl, "ingest_from_warc": ingest,
        "pages_per_s": n / crawl["wall_s"] if crawl["wall_s"] else None,
        "crawl_cpu_ms_per_page": 1000 * crawl["cpu_s"] / max(1, n),
        "ingest_cpu_ms_per_page": 1000 * ingest["cpu_s"] / max(1, len(got_b)),
    }
    res["ratio"] = res["crawl_cpu_ms_per_page"] / res["ingest_cpu_ms_per_page"]
    load = os.getloadavg()[0]
    res["load_average_after"] = round(load, 2)
    res["table"] = [
        {"benchmark": f"crawl of {a.pages} local pages at --delay 0, wall clock (load average {load:.1f})",
         "ours": f"{res['pages_per_s']:.2f} pages/s", "reference": "-", "ratio": None, "goal": "-", "met": None},
        {"benchmark": "crawl CPU per page vs `vnnews ingest` of the WARC it wrote (same pages)",
         "ours": f"{res['crawl_cpu_ms_per_page']:.1f} ms/page",
         "reference": f"{res['ingest_cpu_ms_per_page']:.1f} ms/page (ingest)", "ratio": round(res["ratio"], 3),
         "goal": "≤ 1.2×", "met": bool(res["ratio"] <= 1.2 and res["same_ids"])},
    ]
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(res, fh, ensure_ascii=False, indent=1)
    print(f"crawl:  {n} pages stored in {crawl['wall_s']:.1f} s = {res['pages_per_s']:.2f} pages/s; "
          f"CPU {crawl['cpu_s']:.1f} s = {res['crawl_cpu_ms_per_page']:.1f} ms/page ({requests} requests)")
    print(f"ingest: {len(got_b)} pages from the WARC, CPU {ingest['cpu_s']:.1f} s = "
          f"{res['ingest_cpu_ms_per_page']:.1f} ms/page; same ids: {res['same_ids']}")
    print(f"CPU per page, crawl / ingest = {res['ratio']:.3f} (goal <= 1.2)")
    return 0 if res["table"][1]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
