"""View helpers: engine data in, plain values out (never markup).

Everything returned here is rendered by autoescaping Jinja templates, so article
text, outlet names and entity names stay text wherever they end up, SVG included.
The SVG pictures (timeline, entity graph) are laid out here as numbers and strings;
the templates only place them.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from itertools import combinations
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


def search_page_href(query: str, filters: EventFilters | None = None, page: int = 1) -> str:
    """The search page for ``query`` with these filters, page ``page``."""
    items = [("q", query)] + (filters.items() if filters else [])
    if page > 1:
        items.append(("page", str(page)))
    return "/search?" + urlencode(items, quote_via=quote)


def events_page_href(filters: EventFilters | None = None, page: int = 1) -> str:
    """The events list with these filters, page ``page``."""
    items = filters.items() if filters else []
    if page > 1:
        items.append(("page", str(page)))
    return "/?" + urlencode(items, quote_via=quote) if items else "/"


# ---------------------------------------------------------------------- events
def event_brief(card: dict[str, Any]) -> dict[str, Any]:
    """What the event list shows of a card (:func:`vnnews.engine.event_brief`), with the
    id standing in for a missing title."""
    brief = engine.event_brief(card)
    brief["title"] = brief["title"] or brief["id"]
    return brief


def article_numbers(card: dict[str, Any]) -> dict[str, int]:
    """Article id -> its number on the event page ([1], [2], ...)."""
    return {a["id"]: i + 1 for i, a in enumerate(card.get("articles") or []) if a.get("id")}


# ---------------------------------------------------------------------- timeline
@dataclass
class TimelineRow:
    article_id: str
    label: str
    title: str
    x: float
    y: float
    copy: bool


@dataclass
class Tick:
    x: float
    label: str
    anchor: str


@dataclass
class Timeline:
    width: int
    height: int
    x0: float
    x1: float
    axis_y: float
    rows: list[TimelineRow]
    ticks: list[Tick]
    undated: int = 0
    hidden: int = 0


TL_WIDTH, TL_LABEL_CHARS, TL_X0, TL_ROW, TL_TOP, TL_MAX_ROWS = 760, 36, 290.0, 24, 34, 120


def timeline(articles: list[dict[str, Any]]) -> Timeline | None:
    """Articles placed by publication time: one row each, a dot on a shared time axis."""
    dated = []
    undated = 0
    for a in articles:
        t = parse_time(a.get("published"))
        if t is None:
            undated += 1
        else:
            dated.append((t, a.get("id") or "", a))
    if not dated:
        return None
    dated.sort(key=lambda r: (r[0], r[1]))
    hidden = max(len(dated) - TL_MAX_ROWS, 0)
    dated = dated[:TL_MAX_ROWS]
    x0, x1 = TL_X0, TL_WIDTH - 30.0
    lo, hi = dated[0][0], dated[-1][0]
    span = (hi - lo).total_seconds()

    def xpos(t: datetime) -> float:
        return round((x0 + x1) / 2 if span <= 0 else x0 + (x1 - x0) * (t - lo).total_seconds() / span, 1)

    short = span < 2 * 86400
    clock = any(has_clock(a.get("published")) for _, _, a in dated)

    def stamp(t: datetime) -> str:
        if short and clock:
            return t.strftime("%d/%m %H:%M")
        return t.strftime("%d/%m/%Y")

    rows = []
    for i, (t, aid, a) in enumerate(dated):
        label = clip(f"{stamp(t)} · {a.get('source') or '?'}", TL_LABEL_CHARS)
        rows.append(TimelineRow(article_id=aid, label=label, title=a.get("title") or aid,
                                x=xpos(t), y=TL_TOP + i * TL_ROW + TL_ROW / 2,
                                copy=bool(a.get("duplicate_of"))))
    ticks = [Tick(xpos(lo), stamp(lo), "start" if span > 0 else "middle")]
    if span > 0:
        ticks.append(Tick(xpos(hi), stamp(hi), "end"))
    height = TL_TOP + len(rows) * TL_ROW + 8
    return Timeline(width=TL_WIDTH, height=height, x0=x0, x1=x1, axis_y=TL_TOP - 6,
                    rows=rows, ticks=ticks, undated=undated, hidden=hidden)


# ------------------------------------------------------------------ entity graph
KIND_ORDER = {"person": 0, "org": 1, "place": 2}


@dataclass
class Node:
    kind: str  # person | org | place
    name: str
    label: str
    href: str
    articles: int
    x: float = 0.0
    y: float = 0.0
    r: float = 6.0
    lx: float = 0.0
    ly: float = 0.0
    anchor: str = "start"
    angle: float = 0.0  # the label's rotation (degrees): it reads outwards, never upside down


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: int
    names: str


@dataclass
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge] = field(default_factory=list)
    hidden: int = 0


G_WIDTH, G_HEIGHT, G_RADIUS, G_MAX_NODES, G_LABEL_CHARS = 860, 800, 180.0, 36, 28


def entity_graph(card: dict[str, Any], mentions: Iterable[tuple[str, str, str]]) -> Graph | None:
    """People, organisations and places of an event; an edge joins two entities named in
    the same article (its weight: how many articles). A circle, in a fixed order; each
    label runs outwards along its radius, so neighbours never overlap.

    ``mentions`` are ``(kind, name, article_id)`` rows of the store's mentions table;
    a person's article list also takes the card's ``sources``. Names are compared by
    :func:`vnnews.normalize.match_key` (tone marks, case, spacing).
    """
    event_ids = {a.get("id") for a in card.get("articles") or []}
    seen: dict[tuple[str, str], set[str]] = {}
    for kind, name, aid in mentions:
        if aid in event_ids and kind in KIND_ORDER and name:
            seen.setdefault((kind, match_key(name)), set()).add(aid)

    entities: dict[tuple[str, str], tuple[str, set[str]]] = {}

    def add(kind: str, name: str, extra: Iterable[str] = ()) -> None:
        if not name:
            return
        key = (kind, match_key(name))
        arts = set(seen.get(key, set())) | {s for s in extra if s in event_ids}
        if key in entities:
            entities[key][1].update(arts)
        else:
            entities[key] = (name, arts)

    for p in card.get("people") or []:
        add("person", p.get("name") or "", p.get("sources") or [])
    for o in card.get("organizations") or []:
        add("org", o)
    for pl in card.get("places") or []:
        add("place", pl)
    if not entities:
        return None

    ranked = sorted(entities.items(), key=lambda kv: (-len(kv[1][1]), KIND_ORDER[kv[0][0]], kv[1][0]))
    kept = ranked[:G_MAX_NODES]
    kept.sort(key=lambda kv: (KIND_ORDER[kv[0][0]], -len(kv[1][1]), kv[1][0]))
    cx, cy, n = G_WIDTH / 2, G_HEIGHT / 2, len(kept)
    nodes: list[Node] = []
    for i, ((kind, _), (name, arts)) in enumerate(kept):
        a = -math.pi / 2 + 2 * math.pi * i / n
        c, s = math.cos(a), math.sin(a)
        r = 5.0 + 2.0 * min(len(arts), 5)
        right = c > 1e-9 or (abs(c) <= 1e-9 and s < 0)
        lr = G_RADIUS + r + 6
        deg = math.degrees(a) if right else math.degrees(a) + 180.0
        href = person_href(name) if kind == "person" else search_href(name)
        nodes.append(Node(kind=kind, name=name, label=clip(name, G_LABEL_CHARS), href=href,
                          articles=len(arts), x=round(cx + G_RADIUS * c, 1), y=round(cy + G_RADIUS * s, 1),
                          r=r, lx=round(cx + lr * c, 1), ly=round(cy + lr * s, 1),
                          anchor="start" if right else "end", angle=round(deg, 1)))

    weight: dict[tuple[int, int], int] = {}
    per_article: dict[str, list[int]] = {}
    for i, (_, (_, arts)) in enumerate(kept):
        for aid in arts:
            per_article.setdefault(aid, []).append(i)
    for aid in sorted(per_article):
        for i, j in combinations(sorted(per_article[aid]), 2):
            weight[(i, j)] = weight.get((i, j), 0) + 1
    edges = [Edge(nodes[i].x, nodes[i].y, nodes[j].x, nodes[j].y, w, f"{nodes[i].name} — {nodes[j].name}")
             for (i, j), w in sorted(weight.items())]
    return Graph(width=G_WIDTH, height=G_HEIGHT, nodes=nodes, edges=edges, hidden=len(ranked) - n)
