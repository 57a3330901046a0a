"""HTML pages: main text and metadata with trafilatura (lazy import)."""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from ..pipeline import Rejected


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)


_TAG = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]+>", re.I | re.S)


def _trafilatura():
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - core dependency
        raise Rejected("missing dependency", "pip install trafilatura lxml_html_clean") from e
    return trafilatura


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Main text (paragraphs separated by newlines) and metadata of one page.

    Falls back to the page's visible text (scripts and styles removed) when
    trafilatura finds no main text; rejects pages with no text at all."""
    traf = _trafilatura()
    try:
        res = traf.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                   include_tables=True, include_images=False, deduplicate=False)
    except Exception:  # a page trafilatura cannot parse: use the fallback below
        res = None
    if res is not None and not isinstance(res, dict):
        res = res.as_dict()
    text = (res or {}).get("text") or ""
    if not text.strip():
        text = _visible_text(html)
    if not text.strip():
        raise Rejected("no text in HTML page")
    tags = []
    for key in ("tags", "categories"):
        v = (res or {}).get(key)
        if isinstance(v, str):
            v = [t.strip() for t in v.split(",")]
        tags += [t for t in (v or []) if t]
    return HtmlArticle(
        text=text,
        title=(res or {}).get("title"),
        author=(res or {}).get("author"),
        date=(res or {}).get("date"),
        sitename=(res or {}).get("sitename"),
        url=(res or {}).get("url") or url,
        tags=tags,
    )


def _visible_text(html: str) -> str:
    body = _TAG.sub("\n", html)
    lines = [" ".join(htmllib.unescape(x).split()) for x in body.split("\n")]
    return "\n".join(x for x in lines if x)
