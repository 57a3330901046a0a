"""What ``vnnews crawl`` reads besides articles: sources files, feeds, sitemaps, home pages
and robots.txt.

- feeds: trafilatura's feed helpers (``is_potential_feed``, ``find_links``: RSS, Atom and
  JSON Feed); its link filter (courlan ``check_url``) is not used because it rejects IP
  hosts and ``localhost``, so links are resolved and normalised with courlan's
  ``normalize_url`` and checked here (http(s), same site unless the feed is on another host);
- sitemaps: trafilatura's plausibility test, then lxml (entities not resolved, no network)
  for ``<loc>`` with its ``<lastmod>`` / ``<news:publication_date>``, which trafilatura's
  sitemap helper drops; gzip sitemaps are inflated with the same 10 MB cap;
- home pages: trafilatura's ``determine_feed`` (``<link rel="alternate">``);
- robots.txt: Protego (Scrapy's parser: wildcards, ``Crawl-delay``, ``Sitemap``).
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.I)


@dataclass
class Outlet:
    name: str
    home: str | None = None
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


@dataclass
class Seed:
    url: str
    kind: str  # auto | feed | sitemap | home | page
    outlet: str | None = None


def load_sources_file(path: str) -> list[Outlet]:
    """A TOML file of outlets: ``[[outlet]]`` tables with ``name``, ``home``, ``feeds``,
    ``sitemaps`` (see examples/sources.toml). Raises ValueError with the reason."""
    try:
        import tomllib
    except ImportError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as e:
            raise ValueError(f"{path}: not valid TOML: {e}") from None
    outlets = []
    for i, o in enumerate(data.get("outlet") or data.get("outlets") or []):
        if not isinstance(o, dict):
            raise ValueError(f"{path}: outlet {i + 1} is not a table")
        if o.get("enabled") is False:
            continue

        def urls(key):
            v = o.get(key) or []
            if isinstance(v, str):
                v = [v]
            return [u for u in v if isinstance(u, str) and u.strip()]

        home = o.get("home") if isinstance(o.get("home"), str) else None
        outlets.append(Outlet(name=str(o.get("name") or home or f"outlet {i + 1}"), home=home,
                              feeds=urls("feeds"), sitemaps=urls("sitemaps")))
    if not outlets:
        raise ValueError(f"{path}: no [[outlet]] with feeds, sitemaps or home")
    return outlets


def seeds_from(args: list[str]) -> tuple[list[Seed], list[str]]:
    """Seeds of the command line (URLs and .toml files) and the errors of those unusable."""
    seeds: list[Seed] = []
    errors: list[str] = []
    for a in args:
        if a.lower().endswith(".toml") and not a.lower().startswith(("http://", "https://")):
            try:
                outlets = load_sources_file(a)
            except (OSError, ValueError) as e:
                errors.append(f"{a}: {e}")
                continue
            for o in outlets:
                for u in o.feeds:
                    seeds.append(Seed(u.strip(), "feed", o.name))
                for u in o.sitemaps:
                    seeds.append(Seed(u.strip(), "sitemap", o.name))
                if o.home and not (o.feeds or o.sitemaps):
                    seeds.append(Seed(o.home.strip(), "home", o.name))
            continue
        u = a.strip()
        if "://" not in u:
            if "." in u.split("/")[0] and not u.startswith(("/", ".")):
                u = "https://" + u  # vnexpress.net
            else:
                errors.append(f"{a}: neither a URL nor a .toml sources file")
                continue
        if urlsplit(u).scheme not in ("http", "https"):
            errors.append(f"{a}: only http and https URLs can be crawled")
            continue
        seeds.append(Seed(u, "auto"))
    return seeds, errors


# ------------------------------------------------------------------------ URLs
def normalize(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without fragment and tracking parameters, or None."""
    from courlan import normalize_url

    url = (url or "").strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    try:
        return normalize_url(url)
    except Exception:
        return url


_MEDIA = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp3|m4a|aac|ogg|wav|mp4|m4v|webm|avi|mov|mkv|"
                    r"pdf|zip|rar|7z|gz|docx?|xlsx?|pptx?|apk|exe|css|js)$", re.I)


def is_page_link(url: str) -> bool:
    """Not an image, media file or document (feeds list enclosures, sitemaps list images):
    by the path's extension only (.chn, .epi, .vnp and other outlets' page suffixes pass)."""
    return not _MEDIA.search(urlsplit(url).path)


def host_of(url: str) -> str:
    """``scheme://host[:port]``: the unit of politeness and of robots.txt."""
    p = urlsplit(url)
    return f"{p.scheme.lower()}://{p.netloc.lower()}"


def _site(host: str) -> str:
    """Registered-domain-ish key to tell a site's own links from others (www. dropped)."""
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def same_site(a: str, b: str) -> bool:
    ha, hb = _site(urlsplit(a).hostname or ""), _site(urlsplit(b).hostname or "")
    return ha == hb or ha.endswith("." + hb) or hb.endswith("." + ha)


# ---------------------------------------------------------------------- decoding
def decode_xml(data: bytes, content_type: str = "") -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    m = _XML_DECL.match(data[:200])
    cs = m.group(1).decode("ascii") if m else None
    if not cs:
        mc = _CHARSET.search(content_type or "")
        cs = mc.group(1) if mc else "utf-8"
    try:
        return data.decode(cs, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")


def sniff(data: bytes) -> str:
    """feed | sitemap | html | unknown, from the first bytes of a body."""
    head = data[:2048].lstrip().lower()
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith(b"{") and b'"items"' in data[:65536]:
        return "feed"
    if b"<html" in head or b"<!doctype html" in head or b"<head" in head or b"<body" in head:
        return "html"
    if b"<?xml" in head:
        # an XML prolog followed by a long comment: look further
        more = data[:65536].lower()
        if b"<urlset" in more or b"<sitemapindex" in more:
            return "sitemap"
        if b"<rss" in more or b"<feed" in more or b"<rdf:rdf" in more:
            return "feed"
    return "unknown"


# ------------------------------------------------------------------------ feeds
def feed_links(data: bytes, url: str, content_type: str = "", max_links: int | None = None) -> list[str]:
    """Article links of an RSS, Atom or JSON feed, in feed order (trafilatura's parsers),
    at most ``max_links`` (default: settings ``crawl.max_links_per_source``)."""
    from trafilatura.feeds import FeedParameters, find_links

    text = decode_xml(data, content_type).strip()
    params = FeedParameters(url, urlsplit(url).hostname or "", url, external=True)
    out: list[str] = []
    seen: set[str] = set()
    for link in find_links(text, params)[:max_links or _max_links()]:
        u = normalize(_unescape(link), url)
        # an RSS channel's own <link> is the site's home page, not an article
        if u and u not in seen and u != url and urlsplit(u).path not in ("", "/") and is_page_link(u):
            seen.add(u)
            out.append(u)
    return out


def _max_links() -> int:
    from ..settings import DEFAULT

    return DEFAULT.crawl.max_links_per_source


def _unescape(s: str) -> str:
    import html

    return html.unescape(s.strip())


# ---------------------------------------------------------------------- sitemaps
@dataclass
class SitemapLinks:
    sitemaps: list[tuple[str, str | None]] = field(default_factory=list)  # (url, lastmod)
    pages: list[tuple[str, str | None]] = field(default_factory=list)
    malformed: str | None = None


def sitemap_links(data: bytes, url: str, max_links: int | None = None) -> SitemapLinks:
    """Child sitemaps and pages (with their lastmod) of a sitemap, sitemap index, news
    sitemap or plain-text sitemap; newest pages first where lastmod is given; at most
    ``max_links`` (default: settings ``crawl.max_links_per_source``)."""
    max_links = max_links or _max_links()
    from lxml import etree
    from trafilatura.sitemaps import DETECT_LINKS, SITEMAP_FORMAT, is_plausible_sitemap

    out = SitemapLinks()
    text = decode_xml(data)
    if not is_plausible_sitemap(url, text):
        out.malformed = "not a sitemap (neither XML sitemap nor list of URLs)"
        return out
    if not SITEMAP_FORMAT.match(text):  # plain-text sitemap: one URL per line
        for m in DETECT_LINKS.finditer(text):
            u = normalize(m.group(0))
            if u and is_page_link(u):
                out.pages.append((u, None))
            if len(out.pages) >= max_links:
                break
        return out
    data = _strip_doctype(data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False,
                             load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data if not text.startswith("\ufeff") else data[3:], parser)
    except (etree.XMLSyntaxError, ValueError) as e:
        out.malformed = f"malformed sitemap XML: {e}"
        return out
    if root is None:
        out.malformed = "malformed sitemap XML"
        return out
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = etree.QName(el).localname
        if tag not in ("url", "sitemap"):
            continue
        loc = lastmod = None
        for ch in el.iter():
            if not isinstance(ch.tag, str):
                continue
            name = etree.QName(ch).localname
            if name == "loc" and loc is None and ch.text:
                loc = ch.text.strip()
            elif name in ("lastmod", "publication_date") and ch.text and ch.text.strip():
                v = ch.text.strip()[:32]
                lastmod = max(lastmod or "", v)
        u = normalize(loc or "", url)
        if not u or (tag == "url" and not is_page_link(u)):
            continue
        (out.sitemaps if tag == "sitemap" else out.pages).append((u, lastmod))
        if len(out.pages) + len(out.sitemaps) >= max_links:
            break
    if not out.pages and not out.sitemaps and not len(root):
        out.malformed = "empty or malformed sitemap"
    out.pages.sort(key=lambda p: p[1] or "", reverse=True)
    out.sitemaps.sort(key=lambda p: p[1] or "", reverse=True)
    return out


def _strip_doctype(data: bytes) -> bytes:
    """A sitemap needs no DTD: drop one (and the entities it declares) before parsing."""
    i = data.find(b"<!DOCTYPE", 0, 4096)
    if i < 0:
        return data
    j = data.find(b">", i)
    k = data.find(b"[", i)
    if 0 <= k < j:
        j = data.find(b"]>", k)
        j = j + 1 if j >= 0 else len(data) - 1
    return data[:i] + data[j + 1:]


# --------------------------------------------------------------------- home page
def home_feeds(html: str, url: str) -> list[str]:
    """Feeds a home page announces (``<link rel="alternate" type="application/rss+xml">``)."""
    from trafilatura.feeds import FeedParameters, determine_feed

    params = FeedParameters(url, urlsplit(url).hostname or "", url, external=True)
    out = []
    for u in determine_feed(html, params):
        n = normalize(u, url)
        if n and n not in out:
            out.append(n)
    return out


# ------------------------------------------------------------------------ robots
class Robots:
    """robots.txt rules of one host (Protego); ``allow_all``/``deny_all`` for missing or
    unreachable files (RFC 9309: 4xx = no rules, 5xx/unreachable = full disallow)."""

    def __init__(self, body: str | None = None, mode: str = "rules"):
        self.mode = mode
        self._p = None
        if mode == "rules":
            try:
                from protego import Protego
            except ImportError:  # pragma: no cover - the crawl extra
                print("vnnews crawl: protego is missing (pip install 'vnnews[crawl]'); "
                      "using urllib.robotparser", file=sys.stderr)
                import urllib.robotparser

                rp = urllib.robotparser.RobotFileParser()
                rp.parse((body or "").splitlines())
                self._p = rp
            else:
                self._p = Protego.parse(body or "")

    def allowed(self, url: str, ua: str) -> bool:
        if self.mode == "allow_all":
            return True
        if self.mode == "deny_all":
            return False
        return bool(self._p.can_fetch(url, ua))

    def crawl_delay(self, ua: str) -> float | None:
        if self.mode != "rules":
            return None
        try:
            d = self._p.crawl_delay(ua)
        except Exception:
            return None
        return float(d) if d else None

    def sitemaps(self) -> list[str]:
        if self.mode != "rules":
            return []
        try:
            return list(self._p.sitemaps) if hasattr(self._p, "sitemaps") and not callable(self._p.sitemaps) \
                else list(self._p.site_maps() or [])
        except Exception:
            return []
