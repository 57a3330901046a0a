"""``vnnews crawl``: follow outlets' feeds and sitemaps politely, without end.

One scheduler thread owns all state (hosts, queues, the crawl tables, the batch of pages
for the pipeline); a small pool of threads only performs HTTP requests. Per host:
robots.txt first, then one request at a time, the next one no sooner than ``delay``
seconds (or the host's Crawl-delay, if larger) after the previous one ended. Pages go
through ``engine.ingest_items`` (the same steps as ``vnnews ingest``) in small batches.
"""
from __future__ import annotations

import concurrent.futures as cf
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

from ..model import Document
from .crawlfetch import (DEFAULT_USER_AGENT, AddressGuard, Response,
                         WarcWriter, fetch, inflate_capped, make_client)
from .crawlsources import (Robots, Seed, feed_links, home_feeds, host_of, normalize, same_site,
                           seeds_from, sitemap_links, sniff)
from .crawlstate import DONE, CrawlState

# (politeness, retries and caps: settings section ``crawl``)
HTML_TYPES = ("html",)


@dataclass
class Task:
    url: str
    kind: str                 # robots | auto | feed | sitemap | home | page
    hops: int = 0
    origin: str | None = None  # the first URL of a redirect chain
    attempt: int = 0
    not_before: float = 0.0
    seed: bool = False
    lastmod: str | None = None
    host: str = ""            # scheduling host (robots redirects stay on their host)


@dataclass
class HostStats:
    fetched: int = 0
    stored: int = 0
    failed: int = 0
    waiting: int = 0
    note: str = ""


@dataclass
class Server:
    """One machine name: http:// and https:// of it share one request at a time and the delay."""
    busy: bool = False
    next_at: float = 0.0


@dataclass
class Host:
    key: str
    server: Server = field(default_factory=Server)
    pages: deque = field(default_factory=deque)
    sources: deque = field(default_factory=deque)
    robots: Robots | None = None
    robots_queued: bool = False
    blocked: str | None = None    # why nothing of this host can be fetched in this run
    blocked_for_good: bool = False
    delay: float = 1.0
    stats: HostStats = field(default_factory=HostStats)

    def waiting(self) -> int:
        return len(self.pages) + len(self.sources)

    @property
    def busy(self) -> bool:
        return self.server.busy

    @busy.setter
    def busy(self, v: bool) -> None:
        self.server.busy = v

    @property
    def next_at(self) -> float:
        return self.server.next_at

    @next_at.setter
    def next_at(self, v: float) -> None:
        self.server.next_at = v


@dataclass
class CrawlResult:
    fetched: int = 0
    stored: int = 0
    unchanged: int = 0
    rejected: int = 0
    failed: int = 0
    requests: int = 0
    rounds: int = 0
    interrupted: bool = False
    errors: list[str] = field(default_factory=list)  # unusable sources given
    hosts: dict[str, HostStats] = field(default_factory=dict)


class Crawler:
    def __init__(self, sources: list[str], db: str | None = None, *, once: bool = False,
                 interval: float | None = None, delay: float | None = None, warc: str | None = None,
                 max_pages: int | None = None, user_agent: str | None = None,
                 workers: int = 8, batch_size: int = 100, batch_age_s: float = 10.0,
                 max_bytes: int | None = None, backoff_base: float = 2.0, timeout: float | None = None,
                 on_fail: Callable[[str, str], None] | None = None,
                 on_progress: Callable[[dict[str, HostStats]], None] | None = None,
                 on_batch: Callable[[object], None] | None = None, settings=None):
        from ..engine import db_path

        from ..settings import DEFAULT

        cs = self.cs = (settings or DEFAULT).crawl
        self.encoding = (settings or DEFAULT).encoding
        self.settings = settings
        self.db = db_path(db)
        self.args = list(sources)
        self.once = once
        self.interval = max(0.0, interval if interval is not None else cs.interval_s)
        self.delay = max(0.0, delay if delay is not None else cs.delay_s)
        self.max_pages = max_pages
        self.user_agent = user_agent or (settings.crawl.user_agent if settings is not None else None) or DEFAULT_USER_AGENT
        max_bytes = max_bytes or cs.max_response_bytes
        timeout = timeout or cs.timeout_s
        self.robots_token = self.user_agent.split("/")[0].split()[0] if self.user_agent.strip() else "vnnews"
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.batch_age_s = batch_age_s
        self.max_bytes = max_bytes
        self.backoff_base = backoff_base
        self.timeout = timeout
        self.on_fail = on_fail
        self.on_progress = on_progress
        self.on_batch = on_batch
        self.warc_dir = warc
        self.hosts: dict[str, Host] = {}
        self.servers: dict[str, Server] = {}
        self.queued: set[str] = set()
        self.batch: list[Document] = []
        self.batch_started = 0.0
        self.res = CrawlResult()
        self._stop = threading.Event()
        self._page_budget_used = 0
        self._last_progress = 0.0

    # ------------------------------------------------------------------ control
    def stop(self) -> None:
        """Finish the requests in hand, hand their pages to the pipeline, then return."""
        self._stop.set()

    def run(self) -> CrawlResult:
        seeds, errors = seeds_from(self.args)
        self.res.errors = errors
        if not seeds:
            return self.res
        self.state = CrawlState(self.db)
        from ..store import open_store

        self.store = open_store(self.db, settings=self.settings)
        self.guard = AddressGuard()
        for s in seeds:  # a source the user names may be local; what feeds list may not
            from urllib.parse import urlsplit

            p = urlsplit(s.url)
            if p.hostname and self.guard.is_private_host(p.hostname, p.port or 80):
                self.guard.allow(p.hostname)
        self.warc = WarcWriter(self.warc_dir) if self.warc_dir else None
        self.client = make_client(self.user_agent, self.timeout)
        self.pool = cf.ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="vnnews-fetch")
        try:
            while True:
                self.res.rounds += 1
                self._seed(seeds)
                self._round()
                self._flush()
                self._progress(force=True)
                if self.once or self._stop.is_set() or self._budget_spent():
                    break
                deadline = time.monotonic() + self.interval
                while not self._stop.is_set() and time.monotonic() < deadline:
                    self._stop.wait(min(1.0, max(0.0, deadline - time.monotonic())))
                if self._stop.is_set():
                    break
        finally:
            self._flush()
            self.pool.shutdown(wait=True)
            self.client.close()
            if self.warc:
                self.warc.close()
            self.store.close()
            self.state.close()
        self.res.interrupted = self._stop.is_set()
        self.res.hosts = {k: h.stats for k, h in self.hosts.items()}
        return self.res

    def _budget_spent(self) -> bool:
        return self.max_pages is not None and self._page_budget_used >= self.max_pages

    # ------------------------------------------------------------------ queues
    def _host(self, key: str) -> Host:
        h = self.hosts.get(key)
        if h is None:
            from urllib.parse import urlsplit

            u = urlsplit(key)
            name = (u.hostname or key).lower() + (f":{u.port}" if u.port not in (None, 80, 443) else "")
            h = self.hosts[key] = Host(key, server=self.servers.setdefault(name, Server()), delay=self.delay)
            cached = self.state.robots(key)
            if cached and time.time() - cached[2] < self.cs.robots_ttl_s:
                self._set_robots(h, cached[0], cached[1])
        return h

    def _enqueue(self, t: Task, front: bool = False) -> None:
        if t.kind != "robots" and t.url in self.queued:
            return
        h = self._host(t.host or host_of(t.url))
        t.host = h.key
        if t.kind != "robots":
            self.queued.add(t.url)
        q = h.pages if t.kind == "page" else h.sources
        (q.appendleft if front else q.append)(t)
        h.stats.waiting = h.waiting()

    def _seed(self, seeds: list[Seed]) -> None:
        """Every source known (given now or found before) is re-read; the frontier reloaded."""
        self.queued.clear()
        for s in seeds:
            url = normalize(s.url) or s.url
            row = self.state.get(url)
            if row is not None and row["kind"] == "page":  # an article URL given as a source
                if row["status"] not in DONE and not self.store.hashes([url]):
                    self._enqueue(Task(url, "page", seed=True))
                continue
            self.state.add_source(url, s.kind, host_of(url))
            self._enqueue(Task(url, s.kind, seed=True))
        # feeds and sitemaps found through these sources (home pages, sitemap indexes) are
        # found again when those are re-read; pages listed before wait in the frontier
        rows = self.state.frontier()
        stored = self.store.hashes(r["url"] for r in rows)
        done = [r["url"] for r in rows if r["url"] in stored]
        if done:
            self.state.mark_many(done, "stored")
        for r in rows:
            if r["url"] not in stored:
                self._enqueue(Task(r["url"], r["kind"], hops=r["hops"], origin=r["origin"], lastmod=r["lastmod"]))

    def _add_pages(self, links: list[tuple[str, str | None]], found_in: str) -> int:
        """Queue the pages of a feed or sitemap that are neither stored nor given up."""
        links = [(u, m) for u, m in dict((u, m) for u, m in links).items()]
        if not links:
            return 0
        urls = [u for u, _ in links]
        status = self.state.statuses(urls)
        stored = self.store.hashes([u for u in urls if status.get(u) not in DONE])
        # known URLs are in the frontier already, or wait for their retry time, or are done
        new = [(u, m) for u, m in links
               if status.get(u) in (None, "new") and u not in stored and u not in self.queued]
        if stored:
            self.state.add_pages([(u, host_of(u), found_in, m) for u, m in links if u in stored and u not in status])
            self.state.mark_many([u for u in stored if status.get(u) not in DONE], "stored")
        self.state.add_pages([(u, host_of(u), found_in, m) for u, m in new if u not in status])
        for u, m in new:
            self._enqueue(Task(u, "page", lastmod=m))
        return len(new)

    # ------------------------------------------------------------------ the loop
    def _round(self) -> None:
        inflight: dict[cf.Future, Task] = {}
        while True:
            now = time.monotonic()
            stopping = self._stop.is_set()
            if not stopping:
                self._dispatch(now, inflight)
            if self.batch and (not inflight or len(self.batch) >= self.batch_size
                               or time.monotonic() - self.batch_started > self.batch_age_s):
                self._flush()  # nothing being fetched (waiting out a delay, or done): pipeline time is free
            if not inflight:
                if stopping or not self._pending(now):
                    return
            wait = self._next_wakeup(now)
            if inflight:
                done, _ = cf.wait(list(inflight), timeout=wait, return_when=cf.FIRST_COMPLETED)
                for f in done:
                    t = inflight.pop(f)
                    h = self.hosts[t.host]
                    h.busy = False
                    end = time.monotonic()
                    try:
                        self._handle(t, f.result(), h)
                    except Exception as e:  # a bug in one answer's handling must not end the crawl
                        self._fail(t, h, f"internal error: {type(e).__name__}: {e}", permanent=True)
                    h.next_at = max(h.next_at, end + h.delay)  # h.delay may come from robots.txt
            else:
                self._stop.wait(wait)
            self._progress()

    def _pending(self, now: float) -> bool:
        for h in self.hosts.values():
            if h.sources or (h.pages and not self._budget_spent()):
                return True
        return False

    def _next_wakeup(self, now: float) -> float:
        t = 0.25
        for h in self.hosts.values():
            if h.busy or not (h.sources or h.pages):
                continue
            nb = min((x.not_before for x in list(h.sources)[:8] + list(h.pages)[:8]), default=now)
            t = min(t, max(0.0, max(h.next_at, nb) - now))
        return max(0.001, t)

    def _next_task(self, h: Host, now: float) -> Task | None:
        if h.robots is None:
            if not h.robots_queued:
                h.robots_queued = True
                return Task(h.key + "/robots.txt", "robots", host=h.key)
            return None  # robots.txt in flight or waiting for a retry
        for q in (h.sources, h.pages):
            if q is h.pages and self._budget_spent():
                continue
            for i, t in enumerate(q):
                if t.not_before <= now:
                    del q[i]
                    return t
                if i > 32:
                    break
        return None

    def _dispatch(self, now: float, inflight: dict) -> None:
        for h in list(self.hosts.values()):
            if h.busy or h.next_at > now:
                continue
            t = self._pick(h, now)
            if t is None:
                continue
            if t.kind == "page":
                if self._budget_spent():
                    self._enqueue(t, front=True)
                    continue
                self._page_budget_used += 1
            h.busy = True
            h.stats.waiting = h.waiting()
            self.res.requests += 1
            headers = {}
            if t.kind in ("feed", "sitemap", "auto"):
                etag, lm = self.state.validators(t.url)
                if etag:
                    headers["If-None-Match"] = etag
                if lm:
                    headers["If-Modified-Since"] = lm
            inflight[self.pool.submit(fetch, self.client, t.url, self.guard, headers, self.max_bytes,
                                           self.cs.response_deadline_s)] = t

    def _pick(self, h: Host, now: float) -> Task | None:
        """Next task of a host; pages robots.txt forbids are dropped on the way."""
        while True:
            t = self._robots_task(h, now) or self._next_task(h, now)
            if t is None or t.kind == "robots":
                return t
            if h.blocked:
                self._fail(t, h, h.blocked, permanent=h.blocked_for_good)
                continue
            if h.robots.allowed(t.url, self.robots_token):
                return t
            self.queued.discard(t.url)
            if t.kind == "page":
                self.state.mark(t.url, "gone", "disallowed by robots.txt")
            self._fail(t, h, "disallowed by robots.txt", permanent=True, record=False)

    def _robots_task(self, h: Host, now: float) -> Task | None:
        for i, t in enumerate(h.sources):
            if t.kind == "robots" and t.not_before <= now:
                del h.sources[i]
                return t
        return None

    # ------------------------------------------------------------------ answers
    def _handle(self, t: Task, r: Response, h: Host) -> None:
        if t.kind == "robots":
            return self._handle_robots(t, r, h)
        if r.error:
            permanent = "over" in r.error and "MB" in r.error or r.error.startswith(("not an http", "no host")) \
                or "non-public address" in r.error or "unsupported content" in r.error
            return self._retry_or_fail(t, h, r.error, permanent=permanent)
        if r.status in (301, 302, 303, 307, 308):
            return self._redirect(t, r, h)
        if r.status == 304 and t.kind in ("feed", "sitemap", "auto", "home"):
            self.state.set_validators(t.url, r.header("etag"), r.header("last-modified"))
            return
        if r.status in (429, 503):
            wait = r.retry_after if r.retry_after is not None else self._backoff(t.attempt)
            h.next_at = max(h.next_at, time.monotonic() + wait)  # the host asked everyone to wait
            if wait > self.cs.max_retry_after_s or t.attempt >= 5:
                return self._fail(t, h, f"HTTP {r.status}, Retry-After {wait:.0f} s: tried again on a later run",
                                  next_in=max(wait, 60.0))
            t.attempt += 1
            t.not_before = time.monotonic() + wait
            self.queued.discard(t.url)
            self._enqueue(t, front=True)
            return
        if r.status >= 500:
            return self._retry_or_fail(t, h, f"HTTP {r.status}")
        if r.status >= 400:
            return self._fail(t, h, f"HTTP {r.status} {r.reason}".strip(), permanent=r.status in (400, 401, 403, 404, 410, 451))
        if r.status != 200:
            return self._fail(t, h, f"HTTP {r.status} {r.reason}".strip(), permanent=True)
        h.stats.fetched += 1
        self.res.fetched += 1
        kind = t.kind
        if kind in ("auto", "page", "feed", "sitemap"):
            sniffed = sniff(r.body)
            if sniffed == "gzip" and kind in ("auto", "sitemap"):
                sniffed = "sitemap"
            if kind == "auto" or (kind == "page" and t.seed):
                kind = {"feed": "feed", "sitemap": "sitemap"}.get(sniffed)
                if kind is None:
                    from urllib.parse import urlsplit

                    kind = "home" if urlsplit(t.url).path in ("", "/") else "page"
                if kind != "page":
                    self.state.add_source(t.url, kind, h.key)
                if t.kind == "auto":
                    self.state.set_kind(t.url, kind)
                    if kind == "page":
                        self.state.add_pages([(t.url, h.key, None, None)])
            elif kind in ("feed", "sitemap") and sniffed in ("feed", "sitemap") and sniffed != kind:
                kind = sniffed  # a feed URL that serves a sitemap, or the other way round
        if kind == "page":
            return self._handle_page(t, r, h)
        if self.warc:
            self.warc.write(r, as_metadata=True)
        if kind == "feed":
            self.state.set_validators(t.url, r.header("etag"), r.header("last-modified"))
            links = feed_links(r.body, t.url, r.content_type, self.cs.max_links_per_source)
            if not links and sniff(r.body) != "feed":
                return self._fail(t, h, "not an RSS, Atom or JSON feed", permanent=False, record=False)
            self._add_pages([(u, None) for u in links], t.url)
        elif kind == "sitemap":
            body = r.body
            if body[:2] == b"\x1f\x8b":
                body = inflate_capped(body, self.max_bytes)
                if body is None:
                    return self._fail(t, h, f"sitemap over {self.max_bytes // (1024 * 1024)} MB once inflated",
                                      record=False)
            sm = sitemap_links(body, t.url, self.cs.max_links_per_source)
            if sm.malformed and not sm.pages and not sm.sitemaps:
                return self._fail(t, h, sm.malformed, record=False)
            self.state.set_validators(t.url, r.header("etag"), r.header("last-modified"), t.lastmod)
            for u, lastmod in sm.sitemaps:
                row = self.state.get(u)
                if row is not None and row["fetched_at"] and not row["error"]:
                    if lastmod and row["lastmod"] == lastmod:
                        continue  # unchanged since it was read
                    if not lastmod and time.time() - row["fetched_at"] < max(self.interval, self.cs.child_sitemap_ttl_s):
                        continue  # no lastmod in the index: re-read now and then, not on every poll
                self.state.add_source(u, "sitemap", host_of(u), t.url)
                self._enqueue(Task(u, "sitemap", lastmod=lastmod))
            self._add_pages(sm.pages, t.url)
        elif kind == "home":
            from ..ingest.readers import decode_html
            from ..pipeline import Rejected

            try:
                html, _ = decode_html(r.body, t.url, self.encoding)
            except Rejected as e:
                return self._fail(t, h, e.reason, record=False)
            found = 0
            for f in home_feeds(html, t.url):
                self.state.add_source(f, "feed", host_of(f), t.url)
                self._enqueue(Task(f, "feed"))
                found += 1
            for s in (h.robots.sitemaps() if h.robots else []):
                u = normalize(s, t.url)
                if u and same_site(u, t.url):
                    self.state.add_source(u, "sitemap", host_of(u), t.url)
                    self._enqueue(Task(u, "sitemap"))
                    found += 1
            if not found:
                self._fail(t, h, "no feed (<link rel=alternate>) or sitemap (robots.txt) found on this home page",
                           record=False)

    def _handle_robots(self, t: Task, r: Response, h: Host) -> None:
        if r.error is None and r.status in (301, 302, 303, 307, 308) and t.hops < self.cs.max_redirects:
            loc = r.header("location")
            target = normalize(loc, t.url) if loc else None
            if target:
                h.sources.appendleft(Task(target, "robots", hops=t.hops + 1, host=h.key))
                return
        if r.error is None and r.status == 200:
            body = r.body[:self.cs.max_robots_bytes].decode("utf-8", "replace")
            self._set_robots(h, 200, body)
            self.state.put_robots(h.key, 200, body)
        elif r.error is None and 400 <= r.status < 500 and r.status != 429:
            self._set_robots(h, r.status, "")
            self.state.put_robots(h.key, r.status, "")
        elif t.attempt < self.cs.max_retries - 1 and not (r.error and "non-public address" in r.error):
            t.attempt += 1
            wait = r.retry_after if r.retry_after is not None else self._backoff(t.attempt)
            t.not_before = time.monotonic() + min(wait, self.cs.max_retry_after_s)
            h.sources.appendleft(t)
        else:
            h.robots = Robots(mode="deny_all")  # RFC 9309: unreachable robots.txt = disallow all
            reason = r.error or f"HTTP {r.status}"
            if r.error and ("non-public address" in r.error or "not an http" in r.error):
                h.blocked, h.blocked_for_good = r.error, True  # the address guard, not robots.txt
                h.stats.note = "blocked"
            else:
                h.blocked = f"robots.txt unreachable ({reason}): tried again on a later run"
                h.stats.note = "robots.txt unreachable"

    def _set_robots(self, h: Host, status: int, body: str) -> None:
        h.robots = Robots(body, "rules") if status == 200 else Robots(mode="allow_all")
        d = h.robots.crawl_delay(self.robots_token)
        h.delay = max(self.delay, min(d, self.cs.max_crawl_delay_s)) if d else self.delay

    def _redirect(self, t: Task, r: Response, h: Host) -> None:
        loc = r.header("location")
        target = normalize(loc, t.url) if loc else None
        if not target:
            return self._fail(t, h, f"HTTP {r.status} redirect to {loc!r}: not an http(s) URL" if loc
                              else f"HTTP {r.status} without Location", permanent=True)
        if t.hops + 1 > self.cs.max_redirects:
            return self._fail(t, h, f"more than {self.cs.max_redirects} redirects", permanent=True)
        origin = t.origin or t.url
        if t.kind == "page":
            self.state.mark(t.url, "redirected", final_url=target)
            self.queued.discard(t.url)
            st = self.state.statuses([target]).get(target)
            if st in DONE or self.store.hashes([target]):
                return
            self.state.add_redirect_target(target, host_of(target), "page", t.hops + 1, origin)
        else:
            self.state.add_source(target, t.kind if t.kind != "auto" else "auto", host_of(target), t.url)
        self._enqueue(Task(target, t.kind, hops=t.hops + 1, origin=origin, seed=t.seed))

    def _handle_page(self, t: Task, r: Response, h: Host) -> None:
        from ..ingest.readers import decode_html
        from ..pipeline import Rejected

        ctype = r.content_type
        if ctype and not any(x in ctype for x in HTML_TYPES):
            return self._fail(t, h, f"not an HTML page ({ctype.split(';')[0]})", permanent=True)
        if not r.body.strip():
            return self._fail(t, h, "empty page", permanent=True)
        try:
            html, enc = decode_html(r.body, t.url, self.encoding)
        except Rejected as e:
            return self._fail(t, h, e.reason, permanent=True)
        if self.warc:
            self.warc.write(r)
        doc = Document(id=t.url, origin=t.url, url=t.url, html=html, encoding=enc)
        doc.meta["format"] = "crawl"
        doc.meta["crawled"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        if t.origin and t.origin != t.url:
            doc.meta["requested_url"] = t.origin
        self.state.mark(t.url, "fetched")
        if not self.batch:
            self.batch_started = time.monotonic()
        self.batch.append(doc)

    # ------------------------------------------------------------------ failures
    def _backoff(self, attempt: int) -> float:
        return min(300.0, self.backoff_base * (2 ** attempt))

    def _retry_or_fail(self, t: Task, h: Host, reason: str, permanent: bool = False) -> None:
        if permanent or t.attempt + 1 >= self.cs.max_retries:
            return self._fail(t, h, reason, permanent=permanent)
        t.attempt += 1
        t.not_before = time.monotonic() + self._backoff(t.attempt)
        self.queued.discard(t.url)
        self._enqueue(t, front=False)

    def _fail(self, t: Task, h: Host, reason: str, permanent: bool = False, record: bool = True,
              next_in: float | None = None) -> None:
        h.stats.failed += 1
        self.res.failed += 1
        self.queued.discard(t.url)
        if t.kind == "page" and record:
            row = self.state.get(t.url)
            attempts = (row["attempts"] if row else 0) + 1
            if permanent or attempts >= self.cs.give_up_after:
                self.state.mark(t.url, "gone", reason, attempt=True)
            else:
                wait = next_in if next_in is not None else min(86400.0, 600.0 * (2 ** attempts))
                self.state.mark(t.url, "failed", reason, next_at=time.time() + wait, attempt=True)
        elif t.kind in ("feed", "sitemap", "home", "auto"):
            self.state.source_failed(t.url, reason)
        self._report(t.url, reason)

    def _report(self, url: str, reason: str) -> None:
        if self.on_fail:
            self.on_fail(url, reason)

    # ------------------------------------------------------------------ pipeline
    def _flush(self) -> None:
        if not self.batch:
            return
        from ..engine import ingest_items

        batch, self.batch = self.batch, []
        dropped: dict[str, str] = {}
        res = ingest_items(batch, db=self.db, batch_size=len(batch), workers=1, settings=self.settings,
                           on_drop=lambda d: dropped.__setitem__(d.origin, d.reason))
        stored = [d.url for d in batch if d.origin not in dropped]
        self.state.mark_many(stored, "stored")
        for d in batch:
            h = self.hosts.get(host_of(d.url))
            if d.origin in dropped:
                self.state.mark(d.url, "stored", f"rejected: {dropped[d.origin]}")
                self.res.rejected += 1
                if h:
                    h.stats.failed += 1
                self._report(d.url, f"rejected by the pipeline: {dropped[d.origin]}")
            elif h:
                h.stats.stored += 1
        self.res.stored += res.stored
        self.res.unchanged += res.unchanged
        if self.on_batch:
            self.on_batch(res)

    def _progress(self, force: bool = False) -> None:
        if not self.on_progress:
            return
        now = time.monotonic()
        if not force and now - self._last_progress < 0.2:
            return
        self._last_progress = now
        for h in self.hosts.values():
            h.stats.waiting = h.waiting() + (1 if h.busy else 0)
        self.on_progress({k: h.stats for k, h in self.hosts.items()})


def crawl(sources: list[str], db: str | None = None, **options) -> CrawlResult:
    """Python entry point of ``vnnews crawl`` (see Crawler for the options). SIGINT
    (Ctrl-C) or SIGTERM ends the crawl after the requests in hand when run in the main
    thread; a second Ctrl-C interrupts at once."""
    c = Crawler(sources, db, **options)
    old = {}
    if threading.current_thread() is threading.main_thread():
        def on_signal(signum, frame):
            if c._stop.is_set() and signum == signal.SIGINT:
                raise KeyboardInterrupt  # a second Ctrl-C: now
            c.stop()
        for sig in (signal.SIGINT, signal.SIGTERM):  # SIGTERM: a service manager's stop
            old[sig] = signal.signal(sig, on_signal)
    try:
        return c.run()
    finally:
        for sig, h in old.items():
            signal.signal(sig, h)
