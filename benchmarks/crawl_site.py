"""A local copy of Vietnamese news sites for crawl benchmarks and trials (127.0.0.1 only).

The articles are the VMDS articles of ``tests/data/vmds/articles.jsonl`` (real Vietnamese
news texts with their title, outlet and publication time), each rendered as an article
page with the usual furniture (menu, related links, footer). Each outlet is one HTTP
server on its own port (one host each), publishing what is new the way the outlets of
``examples/sources.toml`` do:

  rss        RSS 2.0 at the outlet's feed path (``/rss/tin-moi-nhat.rss``, ``/rss/home.rss``,
             ``/home.rss``, ``/trang-chu.rss`` ...), newest first, 50 items
  newsmap    a Google News sitemap (``/sitemap-news.xml``: ``<news:publication_date>``)
  wordpress  ``/feed/`` (RSS 2.0 with ``<atom:link rel="self">`` and ``content:encoded``)
  cdnfeed    the feed on a second host (as 24h's cdn.24h.com.vn), links to the main host

Used by ``benchmarks/bench_crawl.py`` and ``tools/try_crawl_sources.py``.
"""
from __future__ import annotations

import html
import json
import os
import re
import threading
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VMDS = os.path.join(ROOT, "tests", "data", "vmds", "articles.jsonl")
TZ = timezone(timedelta(hours=7))


def load_articles(n: int | None = None, path: str = VMDS) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rows.append(json.loads(line))
    return rows[:n] if n else rows


def _slug(s: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", s.lower()).replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:80] or "tin"


def _paragraphs(text: str) -> list[str]:
    sents = re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", text.strip())
    out, cur = [], []
    for s in sents:
        cur.append(s)
        if len(cur) >= 3:
            out.append(" ".join(cur))
            cur = []
    if cur:
        out.append(" ".join(cur))
    return out


def article_page(a: dict, outlet: str, related: list[tuple[str, str]]) -> bytes:
    t = html.escape(a.get("title") or "")
    pub = a.get("published") or "2013-10-23T08:00:00"
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(a["text"]))
    rel = "".join(f'<li><a href="{html.escape(u)}">{html.escape(x)}</a></li>' for u, x in related)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{t} - {html.escape(outlet)}</title>'
            f'<meta property="og:title" content="{t}"><meta property="og:site_name" content="{html.escape(outlet)}">'
            f'<meta property="article:published_time" content="{pub}+07:00">'
            f'<meta name="viewport" content="width=device-width"></head><body>'
            f'<header><a href="/">{html.escape(outlet)}</a><nav><a href="/thoi-su">Thời sự</a> '
            f'<a href="/the-gioi">Thế giới</a> <a href="/kinh-doanh">Kinh doanh</a> <a href="/the-thao">Thể thao</a>'
            f'</nav></header><main><article><h1>{t}</h1><div class="date">{pub.replace("T", " ")}</div>'
            f'{paras}</article><aside><h3>Tin liên quan</h3><ul>{rel}</ul></aside></main>'
            f'<footer>© {html.escape(outlet)}. Giấy phép số 548/GP-BTTTT. Liên hệ quảng cáo.</footer>'
            f"</body></html>").encode("utf-8")


def _rss(base: str, items: list[tuple[str, str, str]], self_link: str | None = None, wordpress: bool = False) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
             'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
             f"<channel><title>Tin mới nhất</title><link>{base}/</link><description>Tin tức</description>"]
    if self_link:
        parts.append(f'<atom:link href="{self_link}" rel="self" type="application/rss+xml"/>')
    for url, title, pub in items:
        d = format_datetime(datetime.fromisoformat(pub).replace(tzinfo=TZ))
        extra = f"<content:encoded><![CDATA[<p>{html.escape(title)}</p>]]></content:encoded>" if wordpress else ""
        parts.append(f"<item><title><![CDATA[{title}]]></title><link>{url}</link><guid>{url}</guid>"
                     f"<pubDate>{d}</pubDate><description><![CDATA[<a href=\"{url}\"><img src=\"{base}/i.jpg\"></a>"
                     f"{html.escape(title)}]]></description>{extra}</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def _newsmap(items: list[tuple[str, str, str]], outlet: str) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
             'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">']
    for url, title, pub in items:
        parts.append(f"<url><loc>{url}</loc><news:news><news:publication><news:name>{html.escape(outlet)}</news:name>"
                     f"<news:language>vi</news:language></news:publication><news:publication_date>{pub}+07:00"
                     f"</news:publication_date><news:title>{html.escape(title)}</news:title></news:news></url>")
    parts.append("</urlset>")
    return "".join(parts).encode("utf-8")


class Outlet:
    """One outlet's host: article pages, its feed or sitemap, robots.txt, a home page."""

    def __init__(self, name: str, shape: str, feed_path: str):
        self.name, self.shape, self.feed_path = name, shape, feed_path
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.items: list[tuple[str, str, str]] = []
        self.log: list[str] = []
        self.lock = threading.Lock()
        self.srv = None
        self.base = ""

    def start(self) -> "Outlet":
        site = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.log.append(path)
                    hit = site.pages.get(path)
                if hit is None:
                    hit = ("text/plain", b"not found")
                    code = 404
                else:
                    code = 200
                self.send_response(code)
                self.send_header("Content-Type", hit[0])
                self.send_header("Content-Length", str(len(hit[1])))
                self.end_headers()
                self.wfile.write(hit[1])

        self.srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.srv.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.srv.server_address[1]}"
        threading.Thread(target=self.srv.serve_forever, daemon=True).start()
        self.pages["/robots.txt"] = ("text/plain", f"User-agent: *\nDisallow: /admin/\n"
                                     f"Sitemap: {self.base}/sitemap-news.xml\n".encode())
        self.pages["/"] = ("text/html; charset=utf-8",
                           f'<html><head><title>{html.escape(self.name)}</title><link rel="alternate" '
                           f'type="application/rss+xml" href="{self.feed_path}"></head><body><h1>'
                           f"{html.escape(self.name)}</h1></body></html>".encode())
        return self

    def publish(self, articles: list[dict], feed_host: "Outlet | None" = None) -> None:
        """Add articles (newest last) and rewrite the feed and the news sitemap."""
        with self.lock:
            for a in articles:
                path = f"/{_slug(a.get('title') or a['id'])}-{a['id'].split('-')[-1]}.html"
                url = self.base + path
                rel = [(self.base + p, "Tin khác") for p, _, _ in self.items[-3:]]
                self.pages[path] = ("text/html; charset=utf-8", article_page(a, self.name, rel))
                self.items.append((path, a.get("title") or "", (a.get("published") or "2013-10-23T08:00:00")[:19]))
            newest = [(self.base + p, t, d) for p, t, d in reversed(self.items[-50:])]
            self.pages["/sitemap-news.xml"] = ("application/xml", _newsmap(newest, self.name))
            target = feed_host or self
            if self.shape != "newsmap":
                body = _rss(self.base, newest, target.base + self.feed_path, wordpress=self.shape == "wordpress")
                with target.lock if target is not self else _Null():
                    target.pages[self.feed_path] = ("application/rss+xml; charset=utf-8", body)

    def close(self) -> None:
        if self.srv:
            self.srv.shutdown()
            self.srv.server_close()


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *a):
        return False


def single_site(n: int) -> Outlet:
    """One host serving ``n`` VMDS article pages listed in one feed of all of them."""
    o = Outlet("Tin Tức Việt", "rss", "/rss/tin-moi-nhat.rss").start()
    arts = load_articles(n)
    o.publish(arts)
    newest = [(o.base + p, t, d) for p, t, d in reversed(o.items)]
    o.pages[o.feed_path] = ("application/rss+xml; charset=utf-8", _rss(o.base, newest, o.base + o.feed_path))
    return o
