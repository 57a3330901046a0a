"""View helpers: engine data in, plain values out (never markup).

Everything returned here is rendered by autoescaping Jinja templates, so article
text, outlet names and entity names stay text wherever they end up, SVG included.
The event page's parts (citations to passages, the story line, the folded figures)
and the article page's paragraphs with their cited passages are computed here.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from .. import engine
from ..normalize import match_key

#: Vietnam's time zone (no daylight saving): aware timestamps are shown in it.
VN_TZ = timezone(timedelta(hours=7))


# ------------------------------------------------------------------------ links
def path_part(value: str) -> str:
    """One path segment, percent-encoded (ids may hold ``/``, ``?``, ``#``, spaces)."""
    return quote(value, safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + path_part(article_id)


def event_href(event_id: str) -> str:
    return "/events/" + path_part(event_id)


def person_href(name: str) -> str:
    return "/people/" + path_part(name)


def search_href(query: str) -> str:
    return "/search?q=" + quote(query, safe="")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (render it as text then).

    ``javascript:``, ``data:``, relative and scheme-less URLs never become links.
    """
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x20 or c in "\x7f\\" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


# ------------------------------------------------------------------------- text
@dataclass(frozen=True)
class Segment:
    """A piece of a search snippet; ``hit`` pieces are shown marked."""

    text: str
    hit: bool = False


def highlight(snippet: str | None, open_mark: str = "[", close_mark: str = "]") -> list[Segment]:
    """Split a search snippet at its hit markers (``[word]``) into text segments.

    The template escapes every segment and wraps hits in ``<mark>``: the markers are
    never turned into markup by string replacement. An unmatched marker stays text.
    """
    out: list[Segment] = []
    s = snippet or ""
    i = 0
    plain: list[str] = []
    while i < len(s):
        j = s.find(open_mark, i)
        k = s.find(close_mark, j + 1) if j >= 0 else -1
        if j < 0 or k < 0:
            plain.append(s[i:])
            break
        plain.append(s[i:j])
        if "".join(plain):
            out.append(Segment("".join(plain)))
        plain = []
        if k > j + 1:
            out.append(Segment(s[j + 1:k], True))
        i = k + 1
    if "".join(plain):
        out.append(Segment("".join(plain)))
    return out


def doc_segments(text: str | None) -> list[Segment]:
    """A docstring as text and ``code`` pieces (``hit``: shown as <code>): the double
    backticks of reStructuredText never reach the page. Line breaks become spaces."""
    parts = " ".join((text or "").split()).split("``")
    if len(parts) % 2 == 0:  # an unmatched pair: keep the last backticks as text
        parts[-2:] = [parts[-2] + "``" + parts[-1]]
    return [Segment(p, i % 2 == 1) for i, p in enumerate(parts) if p]


def segments(text: str | None, hits: Iterable[Iterable[int]] | None) -> list[Segment]:
    """Split ``text`` at hit offsets (``[start, end)`` pairs, as search gives them)."""
    s = text or ""
    out: list[Segment] = []
    pos = 0
    for h in hits or []:
        start, end = (int(v) for v in h)
        start, end = max(start, pos), min(end, len(s))
        if end <= start:
            continue
        if start > pos:
            out.append(Segment(s[pos:start]))
        out.append(Segment(s[start:end], True))
        pos = end
    if pos < len(s):
        out.append(Segment(s[pos:]))
    return out


def paragraphs(text: str | None) -> list[str]:
    """The paragraphs of an extracted main text (separated by a blank line)."""
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def clip(text: str, n: int) -> str:
    """At most ``n`` characters, with an ellipsis when cut (for SVG labels, which do not wrap)."""
    return text if len(text) <= n else text[: max(n - 1, 1)].rstrip() + "…"


# ------------------------------------------------------------------------- time
def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime as a naive datetime in Vietnam's time."""
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(VN_TZ).replace(tzinfo=None)
    return t


def has_clock(value: str | None) -> bool:
    """Whether an ISO value carries a time of day (more than ``yyyy-mm-dd``)."""
    return value is not None and len(value.strip()) > 10


def fmt_time(value: str | None) -> str:
    """``13/08/2020 10:05`` (or ``13/08/2020`` for a date); unparsable values as given."""
    t = parse_time(value)
    if t is None:
        return value or ""
    return t.strftime("%d/%m/%Y %H:%M") if has_clock(value) else t.strftime("%d/%m/%Y")


def fmt_date(value: str | None) -> str:
    """An event date (``2020-08-13``, ``2020-08`` or ``2020``) the Vietnamese way."""
    if not value:
        return ""
    parts = value[:10].split("-")
    if len(parts) == 3:
        return f"{parts[2]}/{parts[1]}/{parts[0]}"
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    return value


# --------------------------------------------------------------------- filters
FILTER_FIELDS = ("date_from", "date_to", "source", "person", "place")


@dataclass
class EventFilters:
    """The filter fields of a GET form (events list, search), as typed, checked.

    Empty fields are no filter; a bad date or an inverted range sets ``error`` (shown
    on the page, instead of a 422 for a form a person filled in).
    """

    fields: tuple[str, ...]
    values: dict[str, str]
    error: str | None = None

    @classmethod
    def from_args(cls, **kwargs: str) -> "EventFilters":
        values = {k: " ".join((v or "").split()) for k, v in kwargs.items()}
        form = cls(tuple(kwargs), values)
        days = {}
        for k in ("date_from", "date_to"):
            if values.get(k):
                try:
                    days[k] = date.fromisoformat(values[k])
                except ValueError:
                    form.error = f"Ngày không hợp lệ: {values[k]} (cần dạng năm-tháng-ngày, ví dụ 2020-08-13)."
        if not form.error and len(days) == 2 and days["date_from"] > days["date_to"]:
            form.error = "Ngày bắt đầu ở sau ngày kết thúc."
        return form

    def __getattr__(self, name: str) -> str:
        if name in FILTER_FIELDS:
            return self.values.get(name, "")
        raise AttributeError(name)

    @property
    def active(self) -> bool:
        return any(self.values.values())

    def args(self) -> dict[str, Any]:
        """Keyword arguments for the store / search (None for an empty field)."""
        out: dict[str, Any] = {}
        for k in self.fields:
            v = self.values.get(k) or None
            out[k] = date.fromisoformat(v) if v and k.startswith("date_") else v
        return out

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.values.items() if v]


def search_page_href(query: str, filters: EventFilters | None = None, page: int = 1,
                     sort: str = "relevance") -> str:
    """The search page for ``query`` with these filters, page ``page``, in this order."""
    items = [("q", query)] + (filters.items() if filters else [])
    if sort and sort != "relevance":
        items.append(("sort", sort))
    if page > 1:
        items.append(("page", str(page)))
    return "/search?" + urlencode(items, quote_via=quote)


def events_page_href(filters: EventFilters | None = None, page: int = 1, sort: str = "updated") -> str:
    """The events list with these filters, page ``page``, in this order."""
    items = filters.items() if filters else []
    if sort and sort != "updated":
        items.append(("sort", sort))
    if page > 1:
        items.append(("page", str(page)))
    return "/?" + urlencode(items, quote_via=quote) if items else "/"


def looks_like_name(query: str) -> bool:
    """Two to four plain words (no phrase, no exclusion): a query that may name a person."""
    q = query.strip()
    return bool(q) and '"' not in q and not any(w.startswith("-") for w in q.split()) and 2 <= len(q.split()) <= 4


# ---------------------------------------------------------------------- events
def event_brief(card: dict[str, Any], settings: Any = None) -> dict[str, Any]:
    """What the event list shows of a card (:func:`vnnews.engine.event_brief`), with the
    id standing in for a missing title."""
    brief = engine.event_brief(card, settings)
    brief["title"] = brief["title"] or brief["id"]
    return brief


def article_numbers(card: dict[str, Any]) -> dict[str, int]:
    """Article id -> its number on the event page ([1], [2], ...)."""
    return {a["id"]: i + 1 for i, a in enumerate(card.get("articles") or []) if a.get("id")}


# ------------------------------------------------------------------- event page
DATE_BASIS = {"reported": "ngày nêu trong bài", "scheduled": "ngày dự kiến", "published": "ngày đăng bài"}


def passage_id(kind: str, text: str) -> str:
    """The anchor of a cited passage on an article page, the same on the event page
    (which has no article text) and the article page (which finds the text)."""
    return kind + "-" + hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def span_id(start: int, end: int) -> str:
    return f"s-{int(start)}-{int(end)}"


def cite_href(article_id: str, anchor: str | None = None) -> str:
    return article_href(article_id) + ("#" + anchor if anchor else "")


@dataclass
class Cite:
    num: int
    href: str
    outlet: str


def cites(item: dict[str, Any], nums: dict[str, int], outlets: dict[str, str], kind: str) -> list[Cite]:
    """The citations of a card item ([1] [2] …), each linking to the cited passage:
    a summary sentence by its offsets in each source, a quote or figure by its text."""
    out = []
    offsets = item.get("offsets") or {}
    for s in item.get("sources") or []:
        if s not in nums:
            continue
        anchor = None
        off = offsets.get(s)
        if kind == "summary" and isinstance(off, (list, tuple)) and len(off) == 2:
            anchor = span_id(off[0], off[1])
        elif kind in ("quote", "figure") and item.get("text"):
            anchor = passage_id(kind[0], item["text"])
        out.append(Cite(nums[s], cite_href(s, anchor), outlets.get(s, s)))
    return out


def salient_figures(figures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Figures by how many articles state them, then as the card orders them."""
    order = sorted(range(len(figures)), key=lambda i: (-len(figures[i].get("sources") or []), i))
    return [figures[i] for i in order]


def quotes_ordered(quotes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Direct quotes first, then reported speech (each group in the card's order)."""
    return sorted(quotes, key=lambda q: (q.get("kind", "direct") != "direct"))


def last_update(card: dict[str, Any]) -> str | None:
    """The card's ``updated`` when it has one, else its newest article's publication."""
    if card.get("updated"):
        return card["updated"]
    times = [a.get("published") for a in card.get("articles") or [] if a.get("published")]
    return max(times, key=lambda v: parse_time(v) or datetime.min) if times else None


def date_basis(card: dict[str, Any]) -> str | None:
    """What the event date rests on, in words: the card's ``date_basis`` when given,
    else whether some article was published that day (publication) or not (the text)."""
    basis = card.get("date_basis")
    if basis:
        return DATE_BASIS.get(basis, str(basis))
    d = card.get("date")
    if not d:
        return None
    pubs = {(a.get("published") or "")[:10] for a in card.get("articles") or []}
    return DATE_BASIS["published"] if d[:10] in pubs else DATE_BASIS["reported"]


def outlet_list(card: dict[str, Any]) -> list[str]:
    return list(dict.fromkeys(a.get("source") for a in card.get("articles") or [] if a.get("source")))


def lead_title(text: str | None, words: int = 16) -> str | None:
    """An untitled article's first sentence (at most ``words`` words), its dateline cut
    ("(Tổ Quốc) - "): shown as a stand-in title, marked as such."""
    t = " ".join((text or "").split())
    t = re.sub(r"^\([^()]{1,40}\)\s*[-–—:]\s*", "", t)
    m = re.search(r"(?<=[.!?…])\s", t)
    first = t[:m.start()] if m else t
    w = first.split()
    if not w:
        return None
    return " ".join(w[:words]) + ("…" if len(w) > words else "")


def related_items(card: dict[str, Any], exists: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The story of the event: its ``related`` events and itself, in date order (links
    to events that no longer exist are left out when ``exists`` is given)."""
    rel = [r for r in card.get("related") or [] if isinstance(r, dict) and r.get("id")]
    if exists is not None:
        keep = set(exists)
        rel = [r for r in rel if r["id"] in keep]
    if not rel:
        return []
    items = [dict(r, current=False) for r in rel]
    items.append({"id": card.get("id"), "title": card.get("title"), "date": card.get("date"),
                  "relation": "this", "current": True})
    return sorted(items, key=lambda r: (r.get("date") or "9999", not r["current"], r.get("id") or ""))


RELATION_WORDS = {"earlier": "trước đó", "later": "diễn biến sau", "same_day": "cùng ngày", "this": "sự kiện này"}


# ---------------------------------------------------------------- article page
@dataclass
class Piece:
    text: str
    marks: tuple[str, ...] = ()  # empty anchors placed before this text


@dataclass
class Run:
    """A stretch of a paragraph: a cited passage (``anchor`` set: highlighted when the
    address targets it) or plain text."""

    pieces: list[Piece]
    anchor: str | None = None


def cited_passages(card: dict[str, Any] | None, article_id: str, text: str) -> list[tuple[int, int, str]]:
    """``(start, end, anchor)`` of the passages of ``text`` that the event card cites from
    this article: summary sentences by their offsets, quotes and figures found verbatim."""
    if not card or not text:
        return []
    out: list[tuple[int, int, str]] = []
    for s in card.get("summary") or []:
        off = (s.get("offsets") or {}).get(article_id)
        if article_id in (s.get("sources") or []) and isinstance(off, (list, tuple)) and len(off) == 2:
            a, b = int(off[0]), int(off[1])
            if 0 <= a < b <= len(text):
                out.append((a, b, span_id(a, b)))
    for kind, items in (("q", card.get("quotes") or []), ("f", card.get("figures") or [])):
        for it in items:
            t = it.get("text") or ""
            if article_id in (it.get("sources") or []) and t:
                i = text.find(t)
                if i >= 0:
                    out.append((i, i + len(t), passage_id(kind, t)))
    return sorted(set(out), key=lambda p: (p[0], -p[1], p[2]))


def article_paragraphs(text: str | None, passages: list[tuple[int, int, str]]) -> list[list[Run]]:
    """The paragraphs of an article (blank-line separated), each as pieces of text; a
    cited passage is a piece with its anchor. Passages never nest: one that overlaps an
    earlier one becomes an empty anchor at its start (the link still lands there)."""
    text = text or ""
    chosen: list[tuple[int, int, str]] = []
    marks: list[tuple[int, str]] = []
    end_prev = -1
    for a, b, anchor in passages:
        if a >= end_prev:
            chosen.append((a, b, anchor))
            end_prev = b
        else:
            marks.append((a, anchor))
    paras: list[list[Run]] = []
    placed: set[str] = set()
    pos = 0

    def pieces(x: int, y: int) -> list[Piece]:
        cuts = sorted({x, y} | {m for m, _ in marks if x < m < y})
        return [Piece(text[c:d], tuple(n for m, n in marks if m == c)) for c, d in zip(cuts, cuts[1:])]

    for chunk in text.split("\n\n"):
        start = pos + len(chunk) - len(chunk.lstrip())
        end = start + len(chunk.strip())
        pos += len(chunk) + 2
        if end <= start:
            continue
        runs: list[Run] = []
        x = start
        for a, b, anchor in chosen:
            a, b = max(a, start), min(b, end)
            if b <= a:
                continue
            if a > x:
                runs.append(Run(pieces(x, a)))
            runs.append(Run(pieces(a, b), None if anchor in placed else anchor))
            placed.add(anchor)
            x = b
        if x < end:
            runs.append(Run(pieces(x, end)))
        paras.append(runs)
    return paras
