"""Manners of ``vnnews serve``: where it listens, who may call it.

* :func:`banner` is the line ``serve`` prints: the address to open (and the API docs);
* :func:`is_local` tells a loopback bind from one other machines can reach (``serve``
  warns on the latter: the database is readable by anyone who reaches the port);
* :class:`HostCheck` answers 400 to a request whose ``Host`` header is not an allowed
  name: a page of another site that a browser was made to resolve to this machine
  (DNS rebinding) cannot read the API. The default allow list is the local names
  (:data:`LOCAL_NAMES`) and the bound address; ``--allow-host`` or
  ``$VNNEWS_ALLOWED_HOSTS`` (comma-separated) add names, ``*`` turns the check off.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


def is_local(host: str) -> bool:
    """Whether binding ``host`` keeps the server to this machine."""
    h = host.strip().strip("[]").lower()
    if h == "localhost" or h.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str:
    """The name in a ``Host`` header, without the port; IPv6 literals without brackets."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h[1:]
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> list[str]:
    """The local names, the bound address (unless a wildcard) and ``extra``."""
    names = list(LOCAL_NAMES)
    b = bind.strip().strip("[]").lower()
    if b not in WILDCARDS:
        names.append(b)
    for e in extra:
        for part in e.split(","):
            p = host_name(part) if part.strip() != "*" else "*"
            if p:
                names.append(p)
    return list(dict.fromkeys(names))


def url_for(host: str, port: int) -> str:
    h = host.strip()
    if h in WILDCARDS:
        h = "127.0.0.1"
    if ":" in h and not h.startswith("["):
        h = f"[{h}]"
    return f"http://{h}:{port}/"


def banner(host: str, port: int) -> str:
    url = url_for(host, port)
    return f"vnnews: serving {url} (API reference: {url}docs); Ctrl-C stops"


def exposure_warning(host: str, allowed: list[str]) -> str | None:
    """A warning when other machines can reach the server (None when it binds loopback)."""
    if is_local(host):
        return None
    names = ", ".join(a for a in allowed if a not in LOCAL_NAMES) or "none but the local names"
    return (f"warning: listening on {host or 'all interfaces'}: anyone who can reach this machine can read the "
            f"database. Requests must name an allowed host ({names}); add the names clients use with "
            f"--allow-host NAME.")


class HostCheck:
    """ASGI middleware: 400 for an HTTP request whose Host is not allowed."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {a.lower() for a in allowed}
        self.any = "*" in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.any:
            await self.app(scope, receive, send)
            return
        host = ""
        for k, v in scope.get("headers") or []:
            if k == b"host":
                host = v.decode("latin-1")
                break
        if host_name(host) in self.allowed:
            await self.app(scope, receive, send)
            return
        body = b"Invalid Host header (not in vnnews serve's --allow-host list)\n"
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


__all__ = ["HostCheck", "allowed_hosts", "banner", "exposure_warning", "is_local", "host_name", "LOCAL_NAMES"]
