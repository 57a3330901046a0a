"""One polite, bounded HTTP GET (httpx) and the WARC writer (fastwarc) of ``vnnews crawl``.

- http(s) only; redirects are not followed here: the crawler queues the target as a new
  request on its host (so robots.txt and the per-host delay apply to every hop), at most
  settings ``crawl.max_redirects`` of them;
- no request to a private, loopback, link-local or otherwise non-public address unless
  its host is one the user named as a source (server-side request forgery through feeds):
  checked on the resolved addresses before connecting and on the peer after connecting;
- the body is streamed and capped at ``max_bytes``, after inflation for gzip and deflate
  (we only offer those two encodings), so a compression bomb stops at the cap;
- timeouts for connect and read, and a whole-response deadline against slow drips.
"""
from __future__ import annotations

import gzip
import io
import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

DEFAULT_USER_AGENT = "vnnews/0.1 (+https://github.com/vnnews/vnnews; news event engine)"


class Blocked(Exception):
    """The URL may not be requested (scheme, address)."""


@dataclass
class Response:
    url: str
    status: int = 0
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: list[tuple[str, str]] = field(default_factory=list)
    raw: bytes = b""            # the body as it came (content coding kept, transfer coding undone)
    body: bytes = b""           # the body inflated
    error: str | None = None    # why there is no usable response
    retry_after: float | None = None
    started: float = 0.0        # time.monotonic() when the request was sent
    request_headers: list[tuple[str, str]] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").lower()


# ------------------------------------------------------------------------ guard
def _public(ip: str) -> bool:
    a = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped:
        a = a.ipv4_mapped
    return a.is_global and not a.is_multicast


class AddressGuard:
    """Refuses non-public addresses except on hosts the user named as sources."""

    def __init__(self, allowed_hosts: set[str] | None = None):
        self.allowed = {h.lower() for h in (allowed_hosts or set())}
        self._cache: dict[tuple[str, int], tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def allow(self, host: str) -> None:
        self.allowed.add(host.lower())

    def resolve(self, host: str, port: int) -> list[str]:
        key = (host, port)
        with self._lock:
            hit = self._cache.get(key)
        if hit and time.monotonic() - hit[0] < 300:
            return hit[1]
        try:
            ips = sorted({ai[4][0] for ai in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
        except (socket.gaierror, UnicodeError, OSError) as e:
            raise Blocked(f"cannot resolve {host}: {e}") from None
        with self._lock:
            self._cache[key] = (time.monotonic(), ips)
        return ips

    def is_private_host(self, host: str, port: int = 80) -> bool:
        try:
            return not all(_public(ip) for ip in self.resolve(host, port))
        except Blocked:
            return False

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise Blocked(f"not an http(s) URL ({parts.scheme or 'no scheme'})")
        host = (parts.hostname or "").lower()
        if not host:
            raise Blocked("no host in URL")
        if host in self.allowed:
            return
        port = parts.port or (443 if parts.scheme == "https" else 80)
        for ip in self.resolve(host, port):
            if not _public(ip):
                raise Blocked(f"{host} resolves to a non-public address ({ip}); only sources you name may be local")

    def check_peer(self, url: str, ip: str | None) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if ip and host not in self.allowed and not _public(ip):
            raise Blocked(f"{host} connected to a non-public address ({ip})")


# -------------------------------------------------------------------- decoding
class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than ``limit`` bytes."""

    def __init__(self, coding: str, limit: int):
        self.coding = coding
        self.limit = limit
        self.out = bytearray()
        self.over = False
        self._raw_deflate = False
        self._d = zlib.decompressobj(47 if coding in ("gzip", "x-gzip") else 15)

    def feed(self, data: bytes) -> None:
        while data and not self.over:
            room = self.limit - len(self.out) + 1
            try:
                chunk = self._d.decompress(data, room)
            except zlib.error:
                if self.coding == "deflate" and not self._raw_deflate and not self.out:
                    self._raw_deflate = True  # servers that send raw deflate without the zlib header
                    self._d = zlib.decompressobj(-15)
                    continue
                raise
            self.out += chunk
            if len(self.out) > self.limit:
                self.over = True
                return
            data = self._d.unconsumed_tail
            if self._d.eof and self._d.unused_data and self.coding in ("gzip", "x-gzip"):
                data = self._d.unused_data  # concatenated gzip members
                self._d = zlib.decompressobj(47)


def inflate_capped(data: bytes, limit: int | None = None) -> bytes | None:
    """A gzip file's content (a ``.xml.gz`` sitemap), or None when it inflates past ``limit``
    (default: settings ``crawl.max_response_bytes``)."""
    from ..settings import DEFAULT

    limit = limit or DEFAULT.crawl.max_response_bytes
    inf = _Inflater("gzip", limit)
    inf.feed(data)
    return None if inf.over else bytes(inf.out)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if dt is None:
        return None
    return max(0.0, dt.timestamp() - (time.time() if now is None else now))


# ----------------------------------------------------------------------- client
def make_client(user_agent: str, timeout: float = 30.0):
    try:
        import httpx
    except ImportError as e:  # pragma: no cover - the crawl extra
        raise ImportError("vnnews crawl needs httpx: pip install 'vnnews[crawl]'") from e
    try:
        import h2  # noqa: F401  (HTTP/2 when available)
        http2 = True
    except ImportError:
        http2 = False
    return httpx.Client(
        http2=http2, follow_redirects=False, trust_env=False,
        timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)),
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate",
                 "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                 "Accept-Language": "vi,en;q=0.5"})


def fetch(client, url: str, guard: AddressGuard, headers: dict[str, str] | None = None,
          max_bytes: int | None = None, deadline_s: float | None = None) -> Response:
    """GET ``url`` once (no redirect followed); never raises for network trouble.
    ``max_bytes``, ``deadline_s``: default settings ``crawl.max_response_bytes`` and
    ``crawl.response_deadline_s``."""
    import httpx

    from ..settings import DEFAULT

    max_bytes = max_bytes or DEFAULT.crawl.max_response_bytes
    deadline_s = deadline_s or DEFAULT.crawl.response_deadline_s
    res = Response(url=url, started=time.monotonic())
    try:
        guard.check(url)
    except Blocked as e:
        res.error = str(e)
        return res
    try:
        with client.stream("GET", url, headers=headers or {}) as r:
            res.request_headers = list(r.request.headers.items())
            stream = r.extensions.get("network_stream")
            peer = None
            if stream is not None:
                try:
                    addr = stream.get_extra_info("server_addr")
                    peer = addr[0] if addr else None
                except Exception:  # pragma: no cover - transport without the info
                    peer = None
            guard.check_peer(url, peer)
            res.status = r.status_code
            res.reason = r.reason_phrase or ""
            res.http_version = r.http_version or "HTTP/1.1"
            res.headers = [(k, v) for k, v in r.headers.multi_items()]
            res.retry_after = retry_after(r.headers.get("retry-after"))
            if 300 <= r.status_code < 400 or r.status_code >= 400:
                # error and redirect bodies are not needed
                return res
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                res.error = f"response over {max_bytes // (1024 * 1024)} MB (Content-Length {declared})"
                return res
            coding = (r.headers.get("content-encoding") or "identity").lower().strip()
            if coding not in ("identity", "gzip", "x-gzip", "deflate", ""):
                res.error = f"unsupported content encoding {coding!r}"
                return res
            inf = _Inflater(coding, max_bytes) if coding in ("gzip", "x-gzip", "deflate") else None
            raw = bytearray()
            for chunk in r.iter_raw(65536):
                raw += chunk
                if len(raw) > max_bytes:
                    res.error = f"response over {max_bytes // (1024 * 1024)} MB"
                    return res
                if inf is not None:
                    inf.feed(chunk)
                    if inf.over:
                        res.error = f"response over {max_bytes // (1024 * 1024)} MB once inflated ({coding})"
                        return res
                if time.monotonic() - res.started > deadline_s:
                    res.error = f"response took over {deadline_s:.0f} s"
                    return res
            res.raw = bytes(raw)
            res.body = bytes(inf.out) if inf is not None else res.raw
    except Blocked as e:
        res.error = str(e)
    except zlib.error as e:
        res.error = f"corrupt compressed body: {e}"
    except httpx.TimeoutException as e:
        res.error = f"timeout ({type(e).__name__})"
    except httpx.HTTPError as e:
        res.error = f"{type(e).__name__}: {e}"[:200]
    except (OSError, ValueError) as e:
        res.error = f"{type(e).__name__}: {e}"[:200]
    return res


# --------------------------------------------------------------------------- WARC
class WarcWriter:
    """Appends request and response records to ``DIR/vnnews-crawl-<time>-<pid>.warc.gz``, one
    gzip member per record, flushed as written (a killed run leaves whole records)."""

    def __init__(self, folder: str, max_file_bytes: int = 1 << 30):
        import os

        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.max_file_bytes = max_file_bytes
        self.fh = None
        self.n_files = 0
        self.records = 0
        self._open()

    def _open(self) -> None:
        import os

        if self.fh:
            self.fh.close()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
        self.n_files += 1
        self.path = os.path.join(self.folder, f"vnnews-crawl-{stamp}-{os.getpid()}-{self.n_files:03d}.warc.gz")
        self.fh = open(self.path, "ab")
        from fastwarc.warc import WarcRecordType

        info = b"software: vnnews crawl\r\nformat: WARC File Format 1.1\r\n"
        self._write(WarcRecordType.warcinfo, None, info, "application/warc-fields")

    def _write(self, rtype, uri: str | None, block: bytes, ctype: str, extra: dict | None = None) -> str:
        from fastwarc.warc import WarcRecord

        rec = WarcRecord()
        rec.init_headers(rtype)
        if uri:
            rec.headers["WARC-Target-URI"] = uri
        rec.headers["Content-Type"] = ctype
        for k, v in (extra or {}).items():
            rec.headers[k] = v
        rec.set_bytes_content(block)
        buf = io.BytesIO()
        rec.write(buf, checksum_data=True)
        self.fh.write(gzip.compress(buf.getvalue(), compresslevel=6))
        self.records += 1
        return rec.headers["WARC-Record-ID"]

    def write(self, res: Response, as_metadata: bool = False) -> None:
        """The request and response of one fetch. ``as_metadata`` keeps a non-article HTML
        answer (a home page) out of what ``vnnews ingest`` reads as articles."""
        from fastwarc.warc import WarcRecordType

        if self.fh.tell() > self.max_file_bytes:
            self._open()
        parts = urlsplit(res.url)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        req = [f"GET {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in res.request_headers]
        rid = self._write(WarcRecordType.request, res.url, ("\r\n".join(req) + "\r\n\r\n").encode("latin-1", "replace"),
                          "application/http; msgtype=request")
        version = res.http_version if res.http_version.startswith("HTTP/") else "HTTP/1.1"
        head = [f"{version} {res.status} {res.reason}".rstrip()]
        for k, v in res.headers:
            if k.lower() in ("transfer-encoding", "content-length"):
                continue
            head.append(f"{k}: {v}")
        head.append(f"Content-Length: {len(res.raw)}")
        block = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace") + res.raw
        rtype = WarcRecordType.metadata if as_metadata else WarcRecordType.response
        self._write(rtype, res.url, block, "application/http; msgtype=response",
                    {"WARC-Concurrent-To": rid})
        self.fh.flush()

    def close(self) -> None:
        if self.fh:
            self.fh.close()
            self.fh = None
