"""vnnews crawl against a local in-process HTTP server (127.0.0.1 only, no network).

Politeness (robots.txt, per-host delay, Retry-After, backoff), safety (10 MB cap, gzip
bombs, redirect limits, the private-address guard), malformed and huge feeds and
sitemaps, conditional GET, resume after SIGKILL, Ctrl-C and the WARC round trip.
"""
from __future__ import annotations

import glob
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytest.importorskip("httpx")
pytest.importorskip("protego")

from vnnews import engine  # noqa: E402
from vnnews.ingest.crawl import Crawler  # noqa: E402
from vnnews.ingest.crawlfetch import AddressGuard, Blocked, retry_after  # noqa: E402
from vnnews.ingest.crawlsources import feed_links, load_sources_file, sitemap_links  # noqa: E402
from vnnews.ingest.crawlstate import CrawlState  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGES = sorted(glob.glob(os.path.join(ROOT, "tests", "data", "golden", "pages", "h0[1-5]*.html")))
TINY = b"<html><head><title>t</title></head><body><p>tin</p></body></html>"


def page(i: int) -> bytes:
    with open(PAGES[i % len(PAGES)], "rb") as fh:
        return fh.read()


class Site:
    """A small news site on 127.0.0.1: ``routes[path] = (status, headers, body)`` or a
    function ``fn(handler)`` that answers itself. Every request is logged."""

    def __init__(self, robots: str = "User-agent: *\nDisallow: /private/\n"):
        self.routes: dict = {"/robots.txt": (200, [("Content-Type", "text/plain")], robots.encode())}
        self.log: list[tuple[float, str, dict]] = []
        self.lock = threading.Lock()
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.log.append((time.monotonic(), path, dict(self.headers)))
                r = site.routes.get(path)
                if r is None:
                    return self.answer(404, [("Content-Type", "text/plain")], b"not found")
                if callable(r):
                    return r(self)
                self.answer(*r)

            def answer(self, status, headers, body):
                self.send_response(status)
                names = {k.lower() for k, _ in headers}
                if "content-type" not in names:
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers:
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.port = self.srv.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def html(self, path: str, body: bytes) -> None:
        self.routes[path] = (200, [], body)

    def rss(self, path: str, links: list[str], headers=()) -> None:
        items = "".join(f"<item><title>Tin {i}</title><link>{u if '://' in u else self.base + u}</link></item>"
                        for i, u in enumerate(links))
        body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Tin</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>").encode()
        self.routes[path] = (200, [("Content-Type", "application/rss+xml")] + list(headers), body)

    def requests(self, path: str | None = None, since: float = 0.0) -> list[tuple[float, str, dict]]:
        with self.lock:
            return [r for r in self.log if r[0] >= since and (path is None or r[1] == path)]

    def close(self) -> None:
        self.srv.shutdown()
        self.srv.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()


def crawl(sources, db, **kw):
    fails: list[tuple[str, str]] = []
    kw.setdefault("delay", 0.0)
    kw.setdefault("once", True)
    kw.setdefault("backoff_base", 0.05)
    c = Crawler(sources if isinstance(sources, list) else [sources], db, on_fail=lambda u, r: fails.append((u, r)), **kw)
    res = c.run()
    res.fails = fails
    return res


def stored_ids(db: str) -> set[str]:
    return {a["id"] for a in engine.export(db=db, articles=True)}


def reason(res, url: str) -> str:
    return " | ".join(r for u, r in res.fails if u == url)


# ---------------------------------------------------------------- politeness
def test_feed_robots_and_delay(site, tmp_path):
    for i in range(3):
        site.html(f"/news/{i}.html", page(i))
    site.html("/private/secret.html", page(4))
    site.rss("/rss.xml", ["/news/0.html", "/news/1.html", "/news/2.html", "/private/secret.html"])
    db = str(tmp_path / "a.db")
    t0 = time.monotonic()
    res = crawl(site.url("/rss.xml"), db, delay=0.15)
    log = site.requests(since=t0)
    assert [p for _, p, _ in log][:2] == ["/robots.txt", "/rss.xml"]
    assert not any(p.startswith("/private/") for _, p, _ in site.log)
    assert "robots.txt" in reason(res, site.url("/private/secret.html"))
    gaps = [b[0] - a[0] for a, b in zip(log, log[1:])]
    assert len(log) == 5 and min(gaps) >= 0.14, gaps
    assert {site.url(f"/news/{i}.html") for i in range(3)} <= stored_ids(db)
    # one host, one request at a time: the user agent names itself and a contact URL
    assert all("vnnews" in h.get("User-Agent", "") and "http" in h.get("User-Agent", "") for _, _, h in log)


def test_crawl_delay_of_robots_is_respected(tmp_path):
    site = Site(robots="User-agent: *\nCrawl-delay: 0.4\n")
    try:
        site.html("/a.html", TINY)
        site.html("/b.html", TINY)
        site.rss("/rss.xml", ["/a.html", "/b.html"])
        t0 = time.monotonic()
        crawl(site.url("/rss.xml"), str(tmp_path / "a.db"), delay=0.0)
        log = site.requests(since=t0)
        assert len(log) == 4
        assert min(b[0] - a[0] for a, b in zip(log, log[1:])) >= 0.38
    finally:
        site.close()


def test_retry_after_429_and_503(site, tmp_path):
    n = {"/a.html": 0, "/b.html": 0}

    def flaky(path, code, after):
        def fn(h):
            n[path] += 1
            if n[path] == 1:
                return h.answer(code, [("Retry-After", after), ("Content-Type", "text/plain")], b"busy")
            return h.answer(200, [], page(0 if path == "/a.html" else 1))
        return fn

    site.routes["/a.html"] = flaky("/a.html", 429, "1")
    site.routes["/b.html"] = flaky("/b.html", 503, "1")
    site.rss("/rss.xml", ["/a.html", "/b.html"])
    db = str(tmp_path / "a.db")
    res = crawl(site.url("/rss.xml"), db)
    for p in ("/a.html", "/b.html"):
        ts = [t for t, _, _ in site.requests(p)]
        assert len(ts) == 2 and ts[1] - ts[0] >= 0.95, (p, ts)
    assert {site.url("/a.html"), site.url("/b.html")} <= stored_ids(db)
    assert res.failed == 0


def test_retry_after_http_date():
    future = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    assert 25 <= retry_after(future) <= 31
    assert retry_after("7") == 7.0
    assert retry_after("soon") is None


def test_backoff_then_gives_up_and_remembers(site, tmp_path):
    site.routes["/down.html"] = (500, [], b"oops")
    site.rss("/rss.xml", ["/down.html"])
    db = str(tmp_path / "a.db")
    res = crawl(site.url("/rss.xml"), db, backoff_base=0.1)
    ts = [t for t, _, _ in site.requests("/down.html")]
    assert len(ts) == 3
    g1, g2 = ts[1] - ts[0], ts[2] - ts[1]
    assert g1 >= 0.19 and g2 >= 0.39  # exponential: 0.2 s, then 0.4 s (lower bounds: a loaded machine adds)
    assert "HTTP 500" in reason(res, site.url("/down.html"))
    st = CrawlState(db)
    row = st.get(site.url("/down.html"))
    st.close()
    assert row["status"] == "failed" and row["next_at"] > time.time() + 60
    t1 = time.monotonic()
    crawl(site.url("/rss.xml"), db)  # an immediate second run does not hammer it again
    assert not site.requests("/down.html", since=t1)


# -------------------------------------------------------------------- safety
def test_size_cap_without_content_length(site, tmp_path):
    def big(h):  # close-delimited body, no Content-Length: the cap must count while streaming
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(12 * 16):
                h.wfile.write(b"<p>" + b"x" * 65530 + b"</p>")
        except (BrokenPipeError, ConnectionResetError):
            pass
        h.close_connection = True

    site.routes["/big.html"] = big
    site.routes["/declared.html"] = (200, [], b"x" * (11 * 1024 * 1024))
    site.html("/ok.html", page(0))
    site.rss("/rss.xml", ["/big.html", "/declared.html", "/ok.html"])
    db = str(tmp_path / "a.db")
    res = crawl(site.url("/rss.xml"), db)
    assert "over 10 MB" in reason(res, site.url("/big.html"))
    assert "over 10 MB" in reason(res, site.url("/declared.html"))
    ids = stored_ids(db)
    assert site.url("/ok.html") in ids and site.url("/big.html") not in ids


def _bomb(mb: int) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1 << 20)
    return b"".join(c.compress(chunk) for _ in range(mb)) + c.flush()


def test_gzip_bombs_stop_at_the_cap(site, tmp_path):
    bomb = _bomb(64)
    assert len(bomb) < 200_000
    site.routes["/bomb.html"] = (200, [("Content-Encoding", "gzip")], bomb)
    site.routes["/sitemap.xml.gz"] = (200, [("Content-Type", "application/x-gzip")], bomb)
    site.routes["/deflate.html"] = (200, [("Content-Encoding", "deflate")], zlib.compress(b"\0" * (32 << 20), 9))
    site.rss("/rss.xml", ["/bomb.html", "/deflate.html"])
    db = str(tmp_path / "a.db")
    import tracemalloc

    tracemalloc.start()
    res = crawl([site.url("/rss.xml"), site.url("/sitemap.xml.gz")], db)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "once inflated" in reason(res, site.url("/bomb.html"))
    assert "once inflated" in reason(res, site.url("/deflate.html"))
    assert "once inflated" in reason(res, site.url("/sitemap.xml.gz"))
    assert peak < 60 * 1024 * 1024  # never the 64 MB the bomb holds


def test_gzip_page_is_stored(site, tmp_path):
    site.routes["/z.html"] = (200, [("Content-Encoding", "gzip")], gzip.compress(page(2)))
    site.rss("/rss.xml", ["/z.html"])
    db = str(tmp_path / "a.db")
    crawl(site.url("/rss.xml"), db)
    assert site.url("/z.html") in stored_ids(db)


def test_redirect_limits(site, tmp_path):
    for i in range(5):  # /r0 -> /r1 -> ... -> /r4 -> /final.html: 5 redirects
        site.routes[f"/r{i}"] = (301, [("Location", f"/r{i + 1}" if i < 4 else "/final.html")], b"")
    site.html("/final.html", page(3))
    for i in range(6):  # 6 redirects: too many
        site.routes[f"/s{i}"] = (302, [("Location", f"/s{i + 1}" if i < 5 else "/never.html")], b"")
    site.html("/never.html", TINY)
    site.routes["/ftp"] = (302, [("Location", "ftp://127.0.0.1/x")], b"")
    site.routes["/file"] = (302, [("Location", "file:///etc/passwd")], b"")
    site.routes["/loop"] = (302, [("Location", "/loop2")], b"")
    site.routes["/loop2"] = (302, [("Location", "/loop")], b"")
    site.rss("/rss.xml", ["/r0", "/s0", "/ftp", "/file", "/loop"])
    db = str(tmp_path / "a.db")
    res = crawl(site.url("/rss.xml"), db)
    ids = stored_ids(db)
    assert site.url("/final.html") in ids and site.url("/r0") not in ids  # id = final URL
    assert "more than 5 redirects" in reason(res, site.url("/s5"))
    assert not site.requests("/never.html")
    assert "not an http(s) URL" in reason(res, site.url("/ftp"))
    assert "not an http(s) URL" in reason(res, site.url("/file"))
    assert len(site.requests("/loop")) == 1  # a loop ends, it is not followed forever


def test_private_address_guard_through_feeds(site, tmp_path):
    site.html("/ok.html", page(0))
    site.html("/news/x.html", TINY)
    site.routes["/jump"] = (302, [("Location", f"http://localhost:{site.port}/news/x.html")], b"")
    site.rss("/rss.xml", ["/ok.html", f"http://localhost:{site.port}/news/x.html", "/jump",
                          "http://169.254.169.254/latest/meta-data/", "http://10.255.255.1/x.html",
                          "http://[::1]:1/x.html"])
    db = str(tmp_path / "a.db")
    t0 = time.monotonic()
    res = crawl(site.url("/rss.xml"), db)
    assert time.monotonic() - t0 < 20  # nothing waited on a connect to 10.255.255.1
    # the source is on 127.0.0.1, so 127.0.0.1 may be fetched; another name for it may not
    assert site.url("/ok.html") in stored_ids(db)
    assert not [r for r in site.log if not r[2].get("Host", "").startswith("127.0.0.1")]
    for u in (f"http://localhost:{site.port}/news/x.html", "http://169.254.169.254/latest/meta-data/",
              "http://10.255.255.1/x.html", "http://[::1]:1/x.html"):
        assert "non-public address" in reason(res, u), (u, res.fails)


def test_address_guard_unit():
    g = AddressGuard()
    for u in ("http://127.0.0.1/", "http://10.1.2.3/", "http://192.168.0.1/", "http://169.254.169.254/",
              "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[fe80::1]/",
              "http://100.64.0.1/", "gopher://example.com/", "file:///etc/passwd"):
        with pytest.raises(Blocked):
            g.check(u)
    g.check("http://8.8.8.8/")  # a public address literal: allowed (no DNS needed)
    g.allow("127.0.0.1")
    g.check("http://127.0.0.1:8080/x")


# -------------------------------------------------- malformed and huge inputs
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url>
<url><loc>http://h/ok.html</loc></url></urlset>"""


def test_sitemap_parser_on_hostile_input():
    t0 = time.monotonic()
    sm = sitemap_links(BILLION_LAUGHS, "http://h/sitemap.xml")
    assert time.monotonic() - t0 < 2
    assert [u for u, _ in sm.pages] == ["http://h/ok.html"]
    assert sitemap_links(b"\x00\xff garbage <<<", "http://h/sitemap.xml").malformed
    assert sitemap_links(b"<html><body>hi</body></html>", "http://h/sitemap.xml").malformed
    cut = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
          b"<url><loc>http://h/a.html</loc><lastmod>2026-01-02</lastmod></url><url><loc>http://h/b.ht"
    assert ("http://h/a.html", "2026-01-02") in sitemap_links(cut, "http://h/sitemap.xml").pages
    news = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b"<url><loc>http://h/old.html</loc><news:news><news:publication_date>2026-01-01T08:00:00+07:00"
            b"</news:publication_date></news:news></url>"
            b"<url><loc>http://h/new.html</loc><news:news><news:publication_date>2026-03-01T08:00:00+07:00"
            b"</news:publication_date></news:news></url></urlset>")
    assert [u for u, _ in sitemap_links(news, "http://h/s.xml").pages] == ["http://h/new.html", "http://h/old.html"]


def test_feed_parser_on_hostile_input():
    assert feed_links(b"\x00\x01garbage", "http://h/rss") == []
    t0 = time.monotonic()
    evil = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + b'<link href="' + b"'" * 200_000
    assert feed_links(evil, "http://h/atom") == [] or True
    assert time.monotonic() - t0 < 5  # no catastrophic backtracking
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="http://h/atom"/>'
            b'<entry><link rel="alternate" href="http://h/a.html?utm_source=rss#top"/></entry></feed>')
    assert feed_links(atom, "http://h/atom") == ["http://h/a.html"]
    media = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>'
             b'<link rel="alternate" href="http://h/tin-moi-215.chn"/><link rel="enclosure" href="http://h/a.jpg"/>'
             b'<link rel="enclosure" href="http://h/clip.mp4"/></entry></feed>')
    assert feed_links(media, "http://h/atom") == ["http://h/tin-moi-215.chn"]


def test_malformed_and_huge_feeds_and_sitemaps(site, tmp_path):
    site.html("/a.html", page(0))
    site.html("/b.html", page(1))
    site.routes["/garbage.rss"] = (200, [("Content-Type", "application/rss+xml")], os.urandom(4096))
    body = site.base.encode()
    site.routes["/cut.rss"] = (200, [("Content-Type", "application/rss+xml")],
                               b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>' + body
                               + b"/a.html</link></item><item><link>" + body + b"/b.h")
    site.routes["/lol.xml"] = (200, [("Content-Type", "application/xml")], BILLION_LAUGHS)
    n = 30_000
    site.rss("/huge.rss", [f"/n/{i}.html" for i in range(n)])
    site.routes["/toobig.xml"] = (200, [("Content-Type", "application/xml")],
                                  b'<?xml version="1.0"?><urlset>' + b"<url><loc>http://x/</loc></url>" * 400_000)
    db = str(tmp_path / "a.db")
    t0 = time.monotonic()
    res = crawl([site.url(p) for p in ("/garbage.rss", "/cut.rss", "/lol.xml", "/huge.rss", "/toobig.xml")],
                db, max_pages=2)
    assert time.monotonic() - t0 < 60
    assert reason(res, site.url("/garbage.rss"))
    assert "over 10 MB" in reason(res, site.url("/toobig.xml"))
    st = CrawlState(db)
    counts = st.counts()
    st.close()
    # the huge feed's links wait in the frontier; --max-pages 2 fetched two pages only
    assert sum(counts.values()) >= n and counts.get("new", 0) >= n - 2
    assert sum(1 for _, p, _ in site.log if p.endswith(".html")) == 2


# ------------------------------------------------------------ state and restart
def test_conditional_get_and_no_refetch(site, tmp_path):
    seen = []

    def feed(h):
        seen.append((h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")))
        if h.headers.get("If-None-Match") == '"v1"':
            return h.answer(304, [("ETag", '"v1"')], b"")
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><item><link>{site.base}/a.html</link></item>'
                f"</channel></rss>").encode()
        h.answer(200, [("Content-Type", "application/rss+xml"), ("ETag", '"v1"'),
                       ("Last-Modified", "Mon, 02 Mar 2026 08:00:00 GMT")], body)

    site.routes["/rss.xml"] = feed
    site.html("/a.html", page(0))
    db = str(tmp_path / "a.db")
    crawl(site.url("/rss.xml"), db)
    t1 = time.monotonic()
    crawl(site.url("/rss.xml"), db)
    assert seen == [(None, None), ('"v1"', "Mon, 02 Mar 2026 08:00:00 GMT")]
    assert [p for _, p, _ in site.requests(since=t1)] == ["/rss.xml"]  # robots.txt cached, page stored


def test_polls_every_interval(site, tmp_path):
    site.rss("/rss.xml", ["/a.html"])
    site.html("/a.html", TINY)
    c = Crawler([site.url("/rss.xml")], str(tmp_path / "a.db"), delay=0, interval=0.5)
    th = threading.Thread(target=c.run)
    th.start()
    deadline = time.monotonic() + 60
    while len(site.requests("/rss.xml")) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    c.stop()
    th.join(30)
    assert not th.is_alive()
    polls = [t for t, _, _ in site.requests("/rss.xml")]
    assert len(polls) >= 3 and min(b - a for a, b in zip(polls, polls[1:])) >= 0.45
    assert len(site.requests("/a.html")) == 1


def _cli(args, **kw):
    return subprocess.Popen([sys.executable, "-m", "vnnews.cli", "crawl", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _stored_count(db: str) -> int:
    try:
        con = sqlite3.connect(db, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_resume_after_sigkill(site, tmp_path):
    n = 5
    for i in range(n):
        site.html(f"/p/{i}.html", page(i))
    site.rss("/rss.xml", [f"/p/{i}.html" for i in range(n)])
    db = str(tmp_path / "a.db")
    p = _cli([site.url("/rss.xml"), "--once", "--delay", "0.5", "--db", db])
    deadline = time.monotonic() + 60
    while _stored_count(db) < 2 and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    with sqlite3.connect(db) as con:
        before = {r[0] for r in con.execute("SELECT id FROM articles")}
    assert 2 <= len(before) < n
    t1 = time.monotonic()
    res = crawl(site.url("/rss.xml"), db)
    again = {site.url(p) for _, p, _ in site.requests(since=t1)}
    assert not (again & before)  # nothing stored before the kill is fetched again
    assert stored_ids(db) >= {site.url(f"/p/{i}.html") for i in range(n)}
    assert res.failed == 0


def test_ctrl_c_ends_after_the_page_in_hand(site, tmp_path):
    for i in range(4):
        site.html(f"/p/{i}.html", page(i))
    site.rss("/rss.xml", [f"/p/{i}.html" for i in range(4)])
    db = str(tmp_path / "a.db")
    p = _cli([site.url("/rss.xml"), "--delay", "0.6", "--interval", "60", "--db", db])
    deadline = time.monotonic() + 60
    while _stored_count(db) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert "interrupted" in err
    n_feed = len(site.requests("/rss.xml"))
    q = _cli([site.url("/rss.xml"), "--delay", "0.6", "--interval", "60", "--db", db])
    deadline = time.monotonic() + 60
    while len(site.requests("/rss.xml")) == n_feed and time.monotonic() < deadline:
        time.sleep(0.05)  # running (its handlers are set before the first request)
    q.send_signal(signal.SIGTERM)  # a service manager's stop ends it the same way
    _, err2 = q.communicate(timeout=60)
    assert q.returncode == 0 and "interrupted" in err2, err2
    n_req = len([1 for _, q, _ in site.log if q.startswith("/p/")])
    assert _stored_count(db) == n_req < 4  # every page fetched was stored; it did not go on


# ----------------------------------------------------------------- sources
def test_home_page_discovery_and_sources_file(tmp_path):
    site = Site(robots="User-agent: *\nDisallow:\nSitemap: {base}/sitemap.xml\n")
    try:
        site.routes["/robots.txt"] = (200, [("Content-Type", "text/plain")],
                                      f"User-agent: *\nDisallow:\nSitemap: {site.base}/sitemap.xml\n".encode())
        site.html("/", b'<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
                       b"</head><body>Trang chu</body></html>")
        site.routes["/atom.xml"] = (200, [("Content-Type", "application/atom+xml")],
                                    f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                                    f'<entry><link href="{site.base}/a.html"/></entry></feed>'.encode())
        site.routes["/sitemap.xml"] = (200, [("Content-Type", "application/xml")],
                                       f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                                       f'sitemap/0.9"><sitemap><loc>{site.base}/news.xml</loc></sitemap>'
                                       f"</sitemapindex>".encode())
        site.routes["/news.xml"] = (200, [("Content-Type", "application/xml")],
                                    f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                    f'sitemap/0.9"><url><loc>{site.base}/b.html</loc></url></urlset>'.encode())
        site.html("/a.html", page(0))
        site.html("/b.html", page(1))
        db = str(tmp_path / "a.db")
        crawl(site.url("/"), db)
        assert {site.url("/a.html"), site.url("/b.html")} <= stored_ids(db)
        toml = tmp_path / "sources.toml"
        toml.write_text(f'[[outlet]]\nname = "Local"\nhome = "{site.base}/"\nfeeds = ["{site.base}/atom.xml"]\n'
                        f'sitemaps = ["{site.base}/news.xml"]\n', encoding="utf-8")
        db2 = str(tmp_path / "b.db")
        crawl(str(toml), db2)
        assert {site.url("/a.html"), site.url("/b.html")} <= stored_ids(db2)
    finally:
        site.close()


def test_example_sources_file():
    outlets = load_sources_file(os.path.join(ROOT, "examples", "sources.toml"))
    assert len(outlets) >= 30
    names = {o.name for o in outlets}
    assert len(names) == len(outlets)
    for o in outlets:
        assert o.feeds or o.sitemaps, o.name
        for u in o.feeds + o.sitemaps:
            assert u.startswith(("https://", "http://")), u


# --------------------------------------------------------------------- WARC
def test_warc_round_trip(site, tmp_path):
    for i in range(3):
        site.routes[f"/w/{i}.html"] = (200, [("Content-Encoding", "gzip")] if i == 1 else [],
                                       gzip.compress(page(i)) if i == 1 else page(i))
    site.routes["/r"] = (301, [("Location", "/w/2.html")], b"")
    site.rss("/rss.xml", ["/w/0.html", "/w/1.html", "/r"])
    db, db2, w = str(tmp_path / "a.db"), str(tmp_path / "b.db"), str(tmp_path / "warc")
    crawl(site.url("/rss.xml"), db, warc=w)
    files = glob.glob(os.path.join(w, "*.warc.gz"))
    assert len(files) == 1
    res = engine.ingest([w], db=db2)
    assert res.stored == 3 and not res.drops
    a = {x["id"]: x for x in engine.export(db=db, articles=True)}
    b = {x["id"]: x for x in engine.export(db=db2, articles=True)}
    assert set(a) == set(b) == {site.url(f"/w/{i}.html") for i in range(3)}
    for k in a:
        assert (a[k]["title"], a[k]["text"], a[k]["published"]) == (b[k]["title"], b[k]["text"], b[k]["published"])
    # re-ingesting the WARC into the crawl's own store changes nothing
    again = engine.ingest([w], db=db)
    assert again.unchanged == 3 and again.stored == 0


# ---------------------------------------------------------------- PostgreSQL
def test_crawl_state_in_postgresql(site, pg_server):
    """A postgresql:// --db keeps the crawl state in the same database as the articles."""
    pytest.importorskip("psycopg")
    url = pg_server()
    site.html("/a.html", page(0))
    site.html("/b.html", page(1))
    site.routes["/gone.html"] = (404, [], b"")
    site.rss("/rss.xml", ["/a.html", "/b.html", "/gone.html"], headers=[("ETag", '"e1"')])
    res = crawl(site.url("/rss.xml"), url)
    assert {site.url("/a.html"), site.url("/b.html")} <= stored_ids(url)
    assert "HTTP 404" in reason(res, site.url("/gone.html"))
    st = CrawlState(url)
    try:
        assert st.get(site.url("/gone.html"))["status"] == "gone"
        assert st.validators(site.url("/rss.xml"))[0] == '"e1"'
        assert st.robots(site.base)[0] == 200
    finally:
        st.close()
    t1 = time.monotonic()
    crawl(site.url("/rss.xml"), url)
    assert [p for _, p, h in site.requests(since=t1)] == ["/rss.xml"]
    assert site.requests("/rss.xml")[-1][2].get("If-None-Match") == '"e1"'


def test_sitemap_index_children_reread_only_when_changed(site, tmp_path):
    def index(lastmod_a):
        return (200, [("Content-Type", "application/xml")],
                (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                 f"<sitemap><loc>{site.base}/sm-a.xml</loc><lastmod>{lastmod_a}</lastmod></sitemap>"
                 f"<sitemap><loc>{site.base}/sm-b.xml</loc></sitemap></sitemapindex>").encode())

    for name, p in (("a", "/a.html"), ("b", "/b.html")):
        site.routes[f"/sm-{name}.xml"] = (200, [("Content-Type", "application/xml")],
                                          (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
                                           f'sitemap/0.9"><url><loc>{site.base}{p}</loc></url></urlset>').encode())
        site.html(p, TINY)
    site.routes["/sitemap.xml"] = index("2026-03-01")
    db = str(tmp_path / "a.db")
    crawl(site.url("/sitemap.xml"), db)
    assert len(site.requests("/sm-a.xml")) == len(site.requests("/sm-b.xml")) == 1
    crawl(site.url("/sitemap.xml"), db)  # same lastmod; B has none and was read just now
    assert len(site.requests("/sitemap.xml")) == 2
    assert len(site.requests("/sm-a.xml")) == len(site.requests("/sm-b.xml")) == 1
    site.routes["/sitemap.xml"] = index("2026-03-02")
    crawl(site.url("/sitemap.xml"), db)
    assert len(site.requests("/sm-a.xml")) == 2 and len(site.requests("/sm-b.xml")) == 1
    assert len(site.requests("/a.html")) == 1  # its page was stored: not fetched again


def test_http_and_https_of_one_name_share_the_delay(tmp_path):
    """http:// and https:// of one host (robots.txt apart) share one request at a time and
    the delay; another port is another server."""
    from vnnews.ingest.crawl import Crawler as C

    c = C(["http://127.0.0.1:1/x"], str(tmp_path / "a.db"))
    c.state = CrawlState(str(tmp_path / "a.db"))
    try:
        a, b = c._host("http://127.0.0.1:1"), c._host("https://127.0.0.1:1")
        a.busy = True
        assert b.busy and a is not b
        b.next_at = 5.0
        assert a.next_at == 5.0
        assert not c._host("http://127.0.0.1:2").busy
    finally:
        c.state.close()
