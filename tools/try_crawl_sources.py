"""Try the README's "Follow the news live" steps against a local copy of the outlets of
``examples/sources.toml`` (127.0.0.1 only; no network).

For every outlet of the sources file a local host is started that publishes in the same
shape as the real one: its feed at the same path (``/rss/home.rss``, ``/trang-chu.rss``,
``/feed/`` ...), VietNamNet's Google News sitemap, 24h's feed on a second (CDN) host.
The articles are VMDS articles (real Vietnamese news, ``tests/data/vmds``); the articles
of one VMDS event are spread over several outlets, as when several outlets report it.
A local sources file with the same structure (names, feeds, sitemaps; local URLs) is
written, and then, as the README says:

    vnnews crawl local-sources.toml --db news.db --interval 20 --delay 1      (no --once)

runs as a subprocess. After its first round a second wave of articles is published;
the next poll must fetch only those. Then Ctrl-C (SIGINT), and ``vnnews events``.

    python tools/try_crawl_sources.py [--articles 300] [--interval 20] [--delay 1]
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zlib
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "benchmarks"))
sys.path.insert(0, os.path.join(ROOT, "src"))

from crawl_site import Outlet, load_articles  # noqa: E402

from vnnews.ingest.crawlsources import load_sources_file  # noqa: E402


def count(db: str, q: str) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute(q).fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", default=os.path.join(ROOT, "examples", "sources.toml"))
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--interval", type=float, default=20.0)
    ap.add_argument("--delay", type=float, default=1.0)
    a = ap.parse_args()

    outlets = load_sources_file(a.sources)
    hosts: list[Outlet] = []
    local = ["# local copy of %s (same outlets, same feed paths)\n" % os.path.relpath(a.sources, ROOT)]
    by_outlet: list[tuple[Outlet, Outlet | None]] = []
    for o in outlets:
        feed = o.feeds[0] if o.feeds else None
        shape = "wordpress" if feed and feed.rstrip("/").endswith("/feed") else ("rss" if feed else "newsmap")
        path = urlsplit(feed).path if feed else "/rss.xml"
        h = Outlet(o.name, shape, path).start()
        cdn = None
        if feed and urlsplit(feed).hostname != urlsplit(o.home or feed).hostname:
            cdn = Outlet(o.name + " CDN", "rss", path).start()  # e.g. cdn.24h.com.vn
        hosts += [h] + ([cdn] if cdn else [])
        by_outlet.append((h, cdn))
        feeds = [(cdn or h).base + path] if feed else []
        sitemaps = [h.base + urlsplit(s).path for s in o.sitemaps]
        local.append("[[outlet]]\nname = %s\nhome = %s\nfeeds = %s\nsitemaps = %s\n" % (
            json.dumps(o.name, ensure_ascii=False), json.dumps(h.base + "/"), json.dumps(feeds), json.dumps(sitemaps)))
    tmp = tempfile.mkdtemp(prefix="try-crawl-")
    src = os.path.join(tmp, "local-sources.toml")
    with open(src, "w", encoding="utf-8") as fh:
        fh.write("\n".join(local))
    db = os.path.join(tmp, "news.db")

    arts = load_articles(a.articles)
    clusters: dict[str, list[dict]] = {}
    for x in arts:
        clusters.setdefault(x["cluster"], []).append(x)
    names = sorted(clusters)
    waves = [names[: int(len(names) * 0.7)], names[int(len(names) * 0.7):]]

    def publish(wave: list[str]) -> int:
        per: dict[int, list[dict]] = {}
        n = 0
        for c in wave:
            start = zlib.crc32(c.encode()) % len(by_outlet)
            for k, x in enumerate(clusters[c]):  # one event's articles go to different outlets
                per.setdefault((start + k * 7) % len(by_outlet), []).append(x)
                n += 1
        for i, xs in per.items():
            h, cdn = by_outlet[i]
            h.publish(xs, feed_host=cdn)
        return n

    n1 = publish(waves[0])
    print(f"{len(outlets)} outlets on {len(hosts)} local hosts; wave 1: {n1} articles of {len(waves[0])} events")
    print(f"$ vnnews crawl {src} --db {db} --interval {a.interval:g} --delay {a.delay:g}")
    t0 = time.monotonic()
    p = subprocess.Popen([sys.executable, "-m", "vnnews.cli", "crawl", src, "--db", db, "--interval", str(a.interval),
                          "--delay", str(a.delay)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    timeline = []
    wave2_at = None
    n2 = 0
    while p.poll() is None:
        time.sleep(2)
        stored = count(db, "SELECT count(*) FROM articles")
        events = count(db, "SELECT count(*) FROM events")
        timeline.append((round(time.monotonic() - t0), stored, events))
        print(f"  t={timeline[-1][0]:4d}s  articles={stored:4d}  events={events:4d}", flush=True)
        if wave2_at is None and stored >= n1 - 5 and len(timeline) > 2 and timeline[-2][1] == stored:
            n2 = publish(waves[1])
            wave2_at = time.monotonic()
            requests_before = sum(len(h.log) for h in hosts)
            print(f"  wave 2 published: {n2} more articles of {len(waves[1])} events")
        if wave2_at and (count(db, "SELECT count(*) FROM articles") >= n1 + n2 - 5 or time.monotonic() - wave2_at > 6 * a.interval):
            time.sleep(3)
            p.send_signal(signal.SIGINT)
            break
        if time.monotonic() - t0 > 900:
            p.send_signal(signal.SIGINT)
            break
    out, err = p.communicate(timeout=120)
    print(f"crawl exited with {p.returncode} after {time.monotonic() - t0:.0f} s; last lines of its stderr:")
    for line in err.strip().splitlines()[-3:]:
        print("   ", line)
    paths_after = [q for h in hosts for q in h.log[:]]
    refetched = 0
    if wave2_at:
        seen: dict[str, int] = {}
        for h in hosts:
            for q in h.log:
                if q.endswith(".html"):
                    seen[h.base + q] = seen.get(h.base + q, 0) + 1
        refetched = sum(1 for v in seen.values() if v > 1)
    ev = subprocess.run([sys.executable, "-m", "vnnews.cli", "events", "--db", db, "--json", "--limit", "100000"],
                        cwd=ROOT, capture_output=True, text=True)
    briefs = json.loads(ev.stdout or "[]")
    multi = [b for b in briefs if len(b.get("outlets") or []) >= 2]
    print(f"stored {count(db, 'SELECT count(*) FROM articles')} of {n1 + n2} articles; {len(briefs)} events, "
          f"{len(multi)} with articles from 2+ outlets; article pages fetched twice: {refetched}; "
          f"requests: {len(paths_after)}")
    for b in multi[:3]:
        print(f"   {b['date']}  {b['title'][:70]}  ({', '.join(b['outlets'][:4])})")
    for h in hosts:
        h.close()
    return 0 if p.returncode == 0 and multi and not refetched else 1


if __name__ == "__main__":
    sys.exit(main())
