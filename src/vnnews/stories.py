"""Stories over time: events of one story linked as ``related``.

Clustering keeps an event to what happened within a couple of days, so a story that
unfolds over a week or more becomes several events: the search for a crashed plane
and the black box found days later, a match and the praise after it, the daily
sessions of one market. This module links them, after clustering, on each card:
``related: [{"id", "title", "date", "relation"}]`` with ``relation`` one of
``earlier`` (the other event comes before this one), ``later`` or ``same_day``.

Candidates come from the clustering index (never all pairs): the events sharing
index terms with the event (its people, places, organisations and top syllables) in
the publication weeks up to ``window_days`` around it (the thresholds named here are
the settings section ``stories``, :class:`vnnews.settings.StoriesSettings`). A candidate is linked when

* its average-link text similarity with the event (the clustering score between two
  events' recent members, :func:`vnnews.cluster.link_score`) is at least
  ``min_score`` — same subject, though too far apart in time or wording to be the same
  event (those merged at clustering) — and
* the names they share (people, places, organisations) weigh at least ``min_names``,
  each name counting 1/(n-1) where n is the number of events naming it in the weeks
  around the two (:func:`name_weight`): a story is about the same someones and
  somewheres, named by these events only ("Lao Airlines", "Champasak"), while
  "Việt Nam", "Bộ Y tế" or a famous coach named every other day tie nothing.

The thresholds were set by reading the candidate pairs of VMDS (2013) by score; the
precision of the links is reported on VMDS and on vims-dev (2016), whose links were
judged after the thresholds were fixed.

At most ``max_links`` links per event are kept, the strongest. Links are symmetric:
linking A to B also writes A into B's card (the other side's ``related`` is updated
in place; its other fields are not rebuilt). A link to an event that disappears later
(merged into another) is dropped when either side is next linked, and readers leave
out links to unknown events.

Measured on VMDS in ``tests/test_stories.py`` (hand-judged pairs in
``tests/data/story_pairs.tsv``).
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from .cluster import ClusterConfig, EventState, week_key
from .settings import DEFAULT, StoriesSettings


@functools.lru_cache(maxsize=8192)
def _day_weeks(day: str, window_days: int) -> frozenset[str]:
    """The publication weeks within ``window_days`` of ``day`` (YYYY-MM-DD)."""
    try:
        d = dt.date.fromisoformat(day)
    except ValueError:
        return frozenset()
    out = {week_key((d + dt.timedelta(days=k)).isoformat()) for k in range(-window_days, window_days + 1, 7)}
    out.add(week_key((d + dt.timedelta(days=window_days)).isoformat()))
    out.add(week_key((d - dt.timedelta(days=window_days)).isoformat()))
    return frozenset(out)


def _weeks(days: list[str], window_days: int) -> set[str]:
    out: set[str] = set()
    for d in days:
        try:
            out |= _day_weeks(d[:10], window_days)
        except TypeError:
            continue
    return out


def _terms(st: EventState, max_terms: int) -> list[str]:
    counts: dict[str, int] = {}
    for m in st.members:
        for t in m.get("terms", []):
            counts[t] = counts.get(t, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))[:max_terms]


def _entities(st: EventState) -> set[str]:
    return {t for m in st.members for t in m.get("terms", []) if not t.startswith("t:")}


@dataclass
class _Profile:
    """What scoring needs of one event, computed once per event and batch: the sums of
    the text and title vectors of its recent members (the average-link score of two
    events is the dot product of their sums over the number of pairs: a cosine is
    bilinear) and its first and last publication days."""

    vec: dict[str, float]
    title: dict[str, float]
    n: int
    days: tuple[dt.date, dt.date] | None

    @classmethod
    def of(cls, st: EventState, recent: int) -> "_Profile":
        vec: dict[str, float] = {}
        title: dict[str, float] = {}
        members = st.members[-recent:] if len(st.members) > recent else st.members
        for m in members:
            for t, w in m["vec"].items():
                vec[t] = vec.get(t, 0.0) + w
            for t, w in m["title"].items():
                title[t] = title.get(t, 0.0) + w
        pubs = [m["pub"] for m in st.members if m.get("pub")]
        days = None
        if pubs:
            try:
                days = dt.date.fromisoformat(min(pubs)[:10]), dt.date.fromisoformat(max(pubs)[:10])
            except ValueError:
                days = None
        return cls(vec, title, len(members), days)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _apart(a: _Profile, b: _Profile) -> int | None:
    """Days between two events' publications (0: they overlap; None: unknown)."""
    if a.days is None or b.days is None:
        return None
    (lo_a, hi_a), (lo_b, hi_b) = a.days, b.days
    if hi_a < lo_b:
        return (lo_b - hi_a).days
    if hi_b < lo_a:
        return (lo_a - hi_b).days
    return 0


def _series(a: EventState, b: EventState) -> bool:
    """Two events of a daily series: every member of both names its day (a session or
    edition in its title, or a daily market or weather report: ``vnnews.cluster.report_day``)
    and the two never name the same day. Their names (SJC, DOJI, HOSE, Hà Nội) are the
    series' every day, so the name test does not apply; the text score still does."""
    days_a = {m.get("day") for m in a.members}
    days_b = {m.get("day") for m in b.members}
    return None not in days_a | days_b and not days_a & days_b


def story_score(a: EventState, b: EventState, cfg: ClusterConfig | None = None,
                settings: StoriesSettings | None = None) -> float | None:
    """The text similarity of two events when it is high enough for one story (None:
    too far apart in time, or too different)."""
    settings = settings or DEFAULT.stories
    if not a.members or not b.members:
        return None
    return _score(_Profile.of(a, settings.recent_members), _Profile.of(b, settings.recent_members),
                  cfg or ClusterConfig(), settings)


def _score(a: _Profile, b: _Profile, cfg: ClusterConfig, settings: StoriesSettings) -> float | None:
    apart = _apart(a, b)
    if apart is not None and apart > settings.window_days:
        return None
    # the average-link score of the clustering (vnnews.cluster.link_score: text cosine +
    # weighted title cosine per pair of recent members) without its different-day
    # penalty: reports of different days (gold prices of 22 and 23 October) are two
    # events of one story
    s = (_dot(a.vec, b.vec) + cfg.title_weight * _dot(a.title, b.title)) / (a.n * b.n)
    return s if s >= settings.min_score else None


def name_weight(shared: set[str], df: dict[str, int]) -> float:
    """How much the names two events share tie them: each counts 1/(n-1), n the events
    naming it around them (2: only these two: 1; a name in 9 events: 1/8)."""
    return sum(1.0 / (df[t] - 1) for t in shared if df.get(t, 0) >= 2)


def relation(this_date: str | None, other_date: str | None) -> str:
    """``earlier``, ``later`` or ``same_day``: when the other event is, seen from this one."""
    if not this_date or not other_date or this_date[:10] == other_date[:10]:
        return "same_day"
    return "earlier" if other_date[:10] < this_date[:10] else "later"


def _entry(card: dict[str, Any], this_date: str | None) -> dict[str, Any]:
    return {"id": card["id"], "title": card.get("title"), "date": card.get("date"),
            "relation": relation(this_date, card.get("date"))}


def candidates(store: Any, eid: str, st: EventState, settings: StoriesSettings | None = None) -> list[str]:
    settings = settings or DEFAULT.stories
    days = [m["pub"] for m in st.members if m.get("pub")]
    terms = _terms(st, settings.max_terms)
    if not terms:
        return []
    weeks = _weeks(days, settings.window_days) if days else set()
    keys = {t + "@" + w for t in terms for w in weeks} if weeks else set()
    shared = store.events_with_terms(keys) if keys else store.events_with_terms(
        {t + "@" for t in terms}, prefix=True)
    ranked = sorted(((n, e) for e, n in shared.items() if e != eid and n >= 2), key=lambda x: (-x[0], x[1]))
    return [e for _, e in ranked[:settings.max_candidates]]


def find_related(store: Any, eid: str, cfg: ClusterConfig | None = None,
                 states: dict[str, EventState] | None = None,
                 settings: StoriesSettings | None = None,
                 profiles: dict[str, _Profile] | None = None) -> list[tuple[float, str]]:
    """The events of ``eid``'s story, strongest first: ``(score, event id)``.
    ``states``, ``profiles``: caches kept over the events of one batch."""
    states = states if states is not None else {}
    profiles = profiles if profiles is not None else {}
    settings = settings or DEFAULT.stories
    cfg = cfg or ClusterConfig()

    def state(e: str) -> EventState:
        if e not in states:
            states[e] = EventState.from_json(store.event_state(e))
        return states[e]

    def profile(e: str) -> _Profile:
        if e not in profiles:
            profiles[e] = _Profile.of(state(e), settings.recent_members)
        return profiles[e]

    st = state(eid)
    if not st.members:
        return []
    mine = _entities(st)
    df: dict[str, int] = {}
    found = []
    for c in candidates(store, eid, st, settings):
        other = state(c)
        if not other.members:
            continue
        s = _score(profile(eid), profile(c), cfg, settings)
        if s is None:
            continue
        shared = mine & _entities(other)
        weeks = _weeks([m["pub"] for m in st.members + other.members if m.get("pub")], settings.window_days)
        for t in shared - df.keys():  # events naming it around these two (indexed look-up)
            df[t] = len(store.events_with_terms({t + "@" + w for w in weeks})) if weeks else 99
        if name_weight(shared, df) >= settings.min_names or _series(st, other):
            found.append((s, c))
    found.sort(key=lambda x: (-x[0], x[1]))
    return found[:settings.max_links]


def link_stories(store: Any, event_ids: set[str] | list[str], cfg: ClusterConfig | None = None,
                 gone: set[str] | None = None, settings: StoriesSettings | None = None) -> int:
    """Write ``related`` on the cards of ``event_ids`` and on the cards they link to.

    ``gone``: events removed in this batch (links to them are dropped where met).
    Returns the number of links written (each pair counted once per side)."""
    gone = set(gone or ())
    settings = settings or DEFAULT.stories
    states: dict[str, EventState] = {}
    profiles: dict[str, _Profile] = {}
    cards: dict[str, dict[str, Any]] = {}
    dirty: set[str] = set()

    def card(e: str) -> dict[str, Any] | None:
        if e not in cards:
            c = store.get_event(e)
            if c is None:
                return None
            cards[e] = c
        return cards[e]

    touched = sorted(e for e in set(event_ids) if card(e) is not None)
    links = 0
    for eid in touched:
        this = cards[eid]
        found = find_related(store, eid, cfg, states, settings, profiles)
        linked = {c for _, c in found if card(c) is not None}
        old = {r.get("id") for r in this.get("related") or [] if isinstance(r, dict)}
        this["related"] = [_entry(cards[c], this.get("date")) for _, c in found if c in linked]
        dirty.add(eid)
        links += len(this["related"])
        # the other side: add this event, or drop it where it is no longer related
        for other in linked | (old - {eid}):
            oc = card(other)
            if oc is None:
                continue
            rel = [r for r in oc.get("related") or [] if isinstance(r, dict)
                   and r.get("id") != eid and r.get("id") not in gone]
            if other in linked:
                rel.append(_entry(this, oc.get("date")))
                rel.sort(key=lambda r: (r.get("date") or "9999", r.get("id") or ""))
                rel = rel[:settings.max_links * 2]
            if rel != (oc.get("related") or []):
                oc["related"] = rel
                dirty.add(other)
    for e in sorted(dirty):
        c = cards[e]
        if not c.get("related"):
            c.pop("related", None)
        else:
            c["related"].sort(key=lambda r: (r.get("date") or "9999", r.get("id") or ""))
        store.put_event(e, c, store.event_state(e))
    return links


__all__ = ["link_stories", "find_related", "story_score", "name_weight", "relation"]
