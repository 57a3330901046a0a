"""Online event clustering: candidates by index, never all-pairs.

Each new article is compared only with the events that share index terms with it
(people, places, organisations from the facts stage and the article's highest
weighted syllables) in the index buckets of its publication week and the weeks
around it, published within a few days of the event's latest article; the
bucketing keeps a look-up's cost flat as the archive grows.
The score is average-link: the mean, over the event's most recent members, of the
cosine between TF-IDF vectors (syllables; IDF from a fixed background table shipped
with the package, so scores do not depend on what was ingested before) plus a
weighted cosine of the titles, less a penalty when both state an event date and the
dates differ. The article joins the best event above ``threshold`` or starts a new
one; when it also scores above the threshold with another event that links to the
joined one strongly enough, the two events merge (a bridging article).
At the end of each batch the events it touched are re-checked with complete link over
their recent members (``Clusterer.refine``): members that fall into groups with some
cross pair below ``split_floor`` are split into events of their own (two angles or
two days of one story that average link let through).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable
from importlib import resources

from .model import Document
from .normalize import match_key
from .text.tokens import letter_syllables
from .settings import ClusterConfig  # noqa: F401 (re-exported)

# every tuning number lives in the one Settings tree (vnnews.settings, section cluster)
_DEFAULT = ClusterConfig()


@lru_cache(maxsize=1)
def background_idf() -> tuple[dict[str, float], float]:
    """IDF of syllables and bigrams from the packaged background table."""
    idf: dict[str, float] = {}
    try:
        raw = resources.files("vnnews").joinpath("data/idf_vi.tsv.gz").read_bytes()
    except (FileNotFoundError, OSError):
        return idf, 8.0
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    n_docs = int(lines[0].split("\t")[1])
    for line in lines[1:]:
        term, df = line.rsplit("\t", 1)
        idf[term] = math.log((n_docs + 1) / (int(df) + 0.5))
    return idf, math.log((n_docs + 1) / 0.5)


# Two words of Latin letters written with one space between them, at least one with a
# letter outside the Vietnamese alphabet (f, j, w, z): a foreign name that outlets also
# write glued ("Viet foods" / "Vietfoods", "VietJet Air" / "VietjetAir").
_FOREIGN_PAIR = re.compile(r"(?<!\w)([A-Za-z]+) (?=([A-Za-z]+)(?!\w))")
_FOREIGN_LETTER = re.compile(r"[fjwzFJWZ]")


def glued_terms(text: str) -> list[str]:
    """The glued forms of the foreign two-word names of ``text`` (``_FOREIGN_PAIR``):
    "Viet foods" gives "vietfoods", the term an article writing "Vietfoods" has."""
    return [(m.group(1) + m.group(2)).lower() for m in _FOREIGN_PAIR.finditer(text)
            if _FOREIGN_LETTER.search(m.group(1) + m.group(2))]


def vectorize(text: str, top_terms: int = 0, glued: float | None = None) -> dict[str, float]:
    """TF-IDF over syllables (bigrams measured to hurt: syndicated rewrites share
    words more than word order), sublinear TF, the top terms kept, L2-normalised.
    The glued form of a foreign two-word name (``glued_terms``) is added with
    ``glued`` times its weight (``ClusterConfig.glued_weight``; 0: not added), so a
    name written spaced and glued shares a term without doubling every name."""
    idf, unknown = background_idf()
    glued = _DEFAULT.glued_weight if glued is None else glued
    tf = Counter(letter_syllables(text))
    vec = {t: (1 + math.log(c)) * idf.get(t, unknown) for t, c in tf.items()}
    if glued:
        for t, c in Counter(glued_terms(text)).items():
            vec[t] = vec.get(t, 0.0) + glued * (1 + math.log(c)) * idf.get(t, unknown)
    top = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:top_terms or _DEFAULT.top_terms]
    norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
    return {t: w / norm for t, w in top}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def entity_keys(doc: Document) -> set[str]:
    f = doc.facts
    if not f:
        return set()
    keys = {"p:" + match_key(p.name) for p in f.people}
    keys |= {"l:" + match_key(p) for p in f.places}
    keys |= {"o:" + match_key(o) for o in f.organizations}
    return keys


def doc_text_for_vector(doc: Document) -> str:
    body = " ".join(p.text for p in doc.paragraphs if p.kind == "body") or doc.text
    return (doc.title or "") + " . " + body


@dataclass
class Features:
    vec: dict[str, float]
    title_vec: dict[str, float]
    entities: set[str]
    index_terms: set[str]
    published: str | None  # publication day
    event_date: str | None  # the day of what happened, when the text says it
    day: str | None = None  # the day, session or edition the title names (``report_day``)
    lead_day: str | None = None  # the day the lead's first sentence names (``lead_day``)


# A day written d/m (optionally /yyyy), not glued to other digits, slashes or colons
# (a score "2-1", a time "21:30", a ratio "3/4/5" are not read).
_DAY = re.compile(r"(?<![\w/.,:–-])(\d{1,2})/(\d{1,2})(?:/((?:19|20)\d\d))?(?![\w/–-]|:\d)")
# What makes a d/m a day: a day, session or time-of-day word right before it
# ("phiên 22/10", "ngày 23/10", "Sáng 22/10", "thứ Ba (22/10)", "hôm nay 22/10").
_DAY_WORD = re.compile(r"(?:\b(?:phiên|ngày|hôm|sáng|chiều|tối|trưa|đêm|khuya|nay|thứ\s+\w+|chủ\s+nhật)"
                       r"(?:\s+giao\s+dịch)?\s*[,(]?\s*|\(\s*)$", re.IGNORECASE)
_DAY_NOW = re.compile(r"\b(?:sáng|chiều|tối|trưa|hôm)\s+nay\b", re.IGNORECASE)


def named_day(title: str, lead: str, published: str | None, cfg: "ClusterConfig | None" = None) -> str | None:
    """The day a report is about when its title or lead names it: a d/m written after a
    day, session or time-of-day word ("phiên 22/10", "Sáng 23/10:", "ngày 23/10"), or
    opening the title ("22/10: ..."), within ``cfg.day_before``/``cfg.day_after`` days of the publication day
    (a date further away is background: "cao nhất kể từ ngày 20/9"). The title wins
    over the lead. A match score ("Chelsea 3-1", "2/1 trên chấm 11m" has no day word)
    is not read. None without a publication day."""
    cfg = cfg or ClusterConfig()
    try:
        pub = dt.date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    for where, text in (("title", title or ""), ("lead", lead if cfg.day_lead else "")):
        for m in _DAY.finditer(text):
            before = text[max(0, m.start() - 30):m.start()]
            if not (_DAY_WORD.search(before) or (where == "title" and not before.strip()
                                                  and text[m.end():m.end() + 1] == ":")):
                continue
            try:
                day = dt.date(int(m.group(3) or pub.year), int(m.group(2)), int(m.group(1)))
            except ValueError:
                continue
            if -cfg.day_before <= (day - pub).days <= cfg.day_after:
                return day.isoformat()
        if cfg.day_relative and _DAY_NOW.search(text):
            return pub.isoformat()
    return None


# Titles of daily market and weather reports: one report a day (or a session) on the
# same topic; a report without a named day is about its publication day.
_SERIES = re.compile(r"(?:^|\W)(?:giá vàng|thị trường vàng|vàng (?:tăng|giảm|đi ngang|lao dốc|bật tăng)|"
                     r"vn-?index|hnx-?index|chứng khoán|cổ phiếu|thời tiết|tỷ giá)(?:\W|$)", re.IGNORECASE)


def report_day(title: str, lead: str, published: str | None, cfg: "ClusterConfig | None" = None) -> str | None:
    """``named_day``, or for a daily market or weather report (``_SERIES`` in its title)
    its publication day: the 22 and 23 October gold-price reports are two events."""
    day = named_day(title, lead, published, cfg)
    if day is None and published and (cfg or ClusterConfig()).day_series and _SERIES.search(title or ""):
        return published[:10]
    return day


def lead_day(lead: str, published: str | None, cfg: "ClusterConfig | None" = None) -> str | None:
    """The day the lead's first sentence names ("Sáng 22/10, VN-Index ...", "Ngày 23/10,
    ..."), read as ``named_day`` reads a title. Not a join penalty (measured to lower
    F1 there), only what keeps two parts of an event apart (``days_differ``)."""
    return named_day("", lead, published, dataclasses.replace(cfg or _DEFAULT, day_lead=True))


def lead_sentence(doc: Document) -> str:
    """The first sentence of the article's first body paragraph (at most 300 characters)."""
    body = next((p.text for p in doc.paragraphs if p.kind == "body"), None) or doc.text or ""
    first = next((s.text for s in doc.sentences if s.kind == "body"), None) if doc.sentences else None
    text = first if first and body.startswith(first[:20]) else body
    return text[:300]


def features(doc: Document, cfg: "ClusterConfig | None" = None) -> Features:
    cfg = cfg or _DEFAULT
    vec = vectorize(doc_text_for_vector(doc), cfg.top_terms, cfg.glued_weight)
    ents = entity_keys(doc)
    top = sorted(vec, key=lambda t: (-vec[t], t))[:cfg.index_terms]
    ev = doc.facts.event_date[:10] if doc.facts and doc.facts.event_date else None
    pub = doc.published[:10] if doc.published else None
    lead = lead_sentence(doc)
    return Features(vec, vectorize(doc.title or "", cfg.title_terms, cfg.glued_weight), ents, ents | {"t:" + t for t in top},
                    pub or ev, ev, report_day(doc.title or "", lead, pub, cfg),
                    lead_day(lead, pub, cfg) if cfg.day_lead_apart else None)


def ingest_order(doc: Document) -> tuple[str, str, str]:
    """The order articles are clustered in (one deterministic order): by event date,
    else publication day, then publication time and id."""
    return ((doc.facts.event_date if doc.facts and doc.facts.event_date else None)
            or (doc.published or "")[:10] or "9999", doc.published or "", doc.id)


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except (TypeError, ValueError):
        return None


UNDATED = "undated"


def week_key(day: str | None) -> str:
    """The index bucket of a publication day: its ISO week (``2020-W33``), so that a
    look-up only meets events of nearby weeks and its cost does not grow with the archive."""
    try:
        y, w, _ = dt.date.fromisoformat(day[:10]).isocalendar()  # type: ignore[index]
    except (TypeError, ValueError):
        return UNDATED
    return f"{y}-W{w:02d}"


def index_keys(terms, day: str | None) -> set[str]:
    """The stored index keys of ``terms`` for an article published on ``day``."""
    bucket = week_key(day)
    return {t + "@" + bucket for t in terms}


def weeks_around(day: str | None) -> list[str]:
    """The week of ``day`` and the weeks before and after it (the publication window is
    shorter than a week, so its events are all in these three buckets)."""
    try:
        d = dt.date.fromisoformat(day[:10])  # type: ignore[index]
    except (TypeError, ValueError):
        return [UNDATED]
    return [week_key((d + dt.timedelta(days=k)).isoformat()) for k in (-7, 0, 7)]


def event_id_for(article_id: str) -> str:
    return "ev-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


@dataclass
class EventState:
    """What clustering keeps of an event (stored as JSON with the event): the vectors
    of its most recent members, for average-link scoring, and its entities."""

    members: list[dict] = field(default_factory=list)
    n: int = 0
    entities: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"members": self.members, "n": self.n, "entities": self.entities}

    @classmethod
    def from_json(cls, d: dict | None) -> "EventState":
        d = d or {}
        return cls(d.get("members", []), d.get("n", 0), d.get("entities", {}))

    def add(self, f: Features, article_id: str | None = None, cfg: ClusterConfig = _DEFAULT) -> None:
        top = dict(sorted(f.vec.items(), key=lambda kv: (-kv[1], kv[0]))[:cfg.member_terms])
        self.members.append({"vec": top, "title": f.title_vec, "pub": f.published, "ev": f.event_date,
                             "id": article_id, "terms": sorted(f.index_terms), "day": f.day,
                             "lday": f.lead_day})
        self.members = self.members[-cfg.max_members:]
        self.n += 1
        for e in f.entities:
            self.entities[e] = self.entities.get(e, 0) + 1

    def absorb(self, other: "EventState", cfg: ClusterConfig = _DEFAULT) -> None:
        self.members = sorted(self.members + other.members, key=lambda m: m.get("pub") or "")[-cfg.max_members:]
        self.n += other.n
        for e, c in other.entities.items():
            self.entities[e] = self.entities.get(e, 0) + c

    def remove(self, members: list[dict]) -> "EventState":
        """Take ``members`` out of this event; returns them as a new event's state."""
        ids = {id(m) for m in members}
        self.members = [m for m in self.members if id(m) not in ids]
        self.n -= len(members)
        new = EventState()
        for m in members:
            new.members.append(m)
            new.n += 1
            for e in member_entities(m):
                new.entities[e] = new.entities.get(e, 0) + 1
                left = self.entities.get(e, 0) - 1
                if left > 0:
                    self.entities[e] = left
                else:
                    self.entities.pop(e, None)
        return new

    @property
    def latest(self) -> str | None:
        return max((m["pub"] for m in self.members if m.get("pub")), default=None)

    @property
    def first(self) -> str | None:
        return min((m["pub"] for m in self.members if m.get("pub")), default=None)

    @property
    def event_dates(self) -> set[str]:
        return {m["ev"] for m in self.members if m.get("ev")}


def member_entities(m: dict) -> list[str]:
    """The people, places and organisations of a stored member (its non-term index keys)."""
    return [t for t in m.get("terms", []) if not t.startswith("t:")]


def pair_score(a: dict, b: dict, cfg: ClusterConfig) -> float:
    """Text cosine + weighted title cosine of two stored members, less ``day_penalty``
    when their titles or leads name different days."""
    s = cosine(a["vec"], b["vec"]) + cfg.title_weight * cosine(a["title"], b["title"])
    if a.get("day") and b.get("day") and a["day"] != b["day"]:
        s -= cfg.day_penalty
    return s


def centroid(members: list[dict], top_terms: int = 0) -> dict[str, float]:
    """The L2-normalised sum of the members' text vectors (its ``top_terms`` heaviest
    terms, all without)."""
    total: dict[str, float] = {}
    for m in members:
        for t, w in m["vec"].items():
            total[t] = total.get(t, 0.0) + w
    if top_terms and len(total) > top_terms:
        total = dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))[:top_terms])
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {t: w / norm for t, w in total.items()}


def member_day(m: dict) -> str | None:
    """The day a stored member reports: the one its title names (``Features.day``), else
    the one its lead names (``Features.lead_day``)."""
    return m.get("day") or m.get("lday")


def days_differ(a: list[dict], b: list[dict]) -> bool:
    """Both sides name days (``member_day``: title, else lead) and none in common: two
    reports of a series."""
    da = {d for d in map(member_day, a) if d}
    db = {d for d in map(member_day, b) if d}
    return bool(da and db and not da & db)


def main_people(members: list[dict]) -> set[str]:
    """The people named by at least half of the members (entity keys ``p:...``)."""
    counts = Counter(e for m in members for e in set(member_entities(m)) if e.startswith("p:"))
    return {e for e, c in counts.items() if 2 * c >= len(members)}


def people_differ(a: list[dict], b: list[dict]) -> bool:
    """Both sides have main people (``main_people``) and none in common: two happenings
    of one kind (two accidents, two court cases) with other actors."""
    pa, pb = main_people(a), main_people(b)
    return bool(pa and pb and not pa & pb)


def apart(a: list[dict], b: list[dict]) -> bool:
    """Two parts of an event (two groups of its members, or two events) that name
    different days or different main people: never one happening, however alike.
    Otherwise they are one happening when their centroids (``centroid`` over
    ``cfg.member_terms``) are at least ``cfg.rejoin`` alike: a centroid averages the
    angles of a story (the crash, the search, the victims), where complete link and
    single pairs see only the farthest or nearest two."""
    return days_differ(a, b) or people_differ(a, b)


def complete_link_groups(members: list[dict], cfg: ClusterConfig) -> list[list[int]]:
    """Agglomerate members (complete link: a group's weakest cross pair) while two groups
    stay at or above ``cfg.split_floor``; then groups that are one happening
    (not ``apart``, centroids ``cfg.rejoin`` alike) join again, the most alike first. Returns the groups as lists of
    member indexes, the group of the oldest member first."""
    n = len(members)
    groups = [[i] for i in range(n)]
    if n < 2 or not cfg.split_floor:
        return [list(range(n))]
    link = {(i, j): pair_score(members[i], members[j], cfg) for i in range(n) for j in range(i + 1, n)}
    while len(groups) > 1:
        best, bi, bj = max((min(link[min(a, b), max(a, b)] for a in gi for b in gj), i, j)
                           for i, gi in enumerate(groups) for j, gj in enumerate(groups) if i < j)
        if best < cfg.split_floor:
            break
        groups[bi] = sorted(groups[bi] + groups.pop(bj))
    while len(groups) > 1 and cfg.rejoin:
        parts = [[members[i] for i in g] for g in groups]
        cents = [centroid(p, cfg.member_terms) for p in parts]
        best, bi, bj = max(((cosine(cents[i], cents[j]), i, j)
                            for i in range(len(groups)) for j in range(i + 1, len(groups))
                            if not apart(parts[i], parts[j])),
                           default=(0.0, 0, 0))
        if best < cfg.rejoin:
            break
        groups[bi] = sorted(groups[bi] + groups.pop(bj))
    return sorted(groups)


def score(f: Features, st: EventState, cfg: ClusterConfig) -> float:
    """Average over the event's members of text cosine + weighted title cosine, less a
    penalty when both sides state an event date and none agrees."""
    if not st.members:
        return 0.0
    total = sum(cosine(f.vec, m["vec"]) + cfg.title_weight * cosine(f.title_vec, m["title"])
                for m in st.members)
    s = total / len(st.members)
    dates = st.event_dates
    if f.event_date and dates and f.event_date not in dates:
        s -= cfg.date_penalty
    days = {m["day"] for m in st.members if m.get("day")}
    if f.day and days and f.day not in days:
        s -= cfg.day_penalty
    people = {e for e in f.entities if e.startswith("p:")}
    if cfg.entity_weight and people:
        s += cfg.entity_weight * len(people & st.entities.keys()) / len(people)
    return s


def _span_gap(a: EventState, b: EventState) -> int:
    """Days between two events' publication spans (0 when they overlap; large when undated)."""
    if not (a.first and b.first):
        return 1 << 30
    if a.first > b.first:
        a, b = b, a
    return 0 if b.first <= (a.latest or a.first) else (_days(a.latest, b.first) or 0)


def link_score(a: EventState, b: EventState, cfg: ClusterConfig) -> float:
    pairs = [(x, y) for x in a.members for y in b.members]
    if not pairs:
        return 0.0
    return sum(pair_score(x, y, cfg) for x, y in pairs) / len(pairs)


class Clusterer:
    """Assigns articles to events using the store's term index and event states."""

    def __init__(self, store, cfg: ClusterConfig | None = None,
                 scorer: Callable[[Features, EventState, ClusterConfig], float] | None = None):
        self.store = store
        self.cfg = cfg or ClusterConfig()
        self.scorer = scorer or score  # how well an article fits an event (tools try others)
        self.states: dict[str, EventState] = {}  # events touched in this batch
        self.merged: dict[str, str] = {}  # removed event -> event it merged into

    def state(self, eid: str) -> EventState:
        if eid not in self.states:
            self.states[eid] = EventState.from_json(self.store.event_state(eid))
        return self.states[eid]

    def candidates(self, f: Features) -> list[str]:
        if f.published:
            shared = self.store.events_with_terms(
                {t + "@" + w for t in f.index_terms for w in weeks_around(f.published) + [UNDATED]})
        else:  # an undated article can belong to any week: every bucket of its terms
            shared = self.store.events_with_terms({t + "@" for t in f.index_terms}, prefix=True)
        ranked = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
        out = []
        for eid, n in ranked[:self.cfg.max_candidates]:
            if n < 2:
                continue
            d = _days(f.published, self.state(eid).latest)
            if d is not None and d > self.cfg.window_days:
                continue
            out.append(eid)
        return out

    def assign(self, doc: Document, f: Features | None = None) -> str:
        f = f or features(doc, self.cfg)
        scored = sorted(((self.scorer(f, self.state(e), self.cfg), e) for e in self.candidates(f)),
                        key=lambda x: (-x[0], x[1]))
        if scored and scored[0][0] >= self.cfg.threshold:
            eid = scored[0][1]
            st = self.state(eid)
            st.add(f, doc.id, self.cfg)
            for s, other in scored[1:]:
                if s >= self.cfg.threshold and link_score(st, self.state(other), self.cfg) >= self.cfg.merge_threshold:
                    self._merge(other, eid)
        else:
            eid = event_id_for(doc.id)
            self.states[eid] = EventState()
            self.states[eid].add(f, doc.id, self.cfg)
        self.store.add_event_terms(eid, index_keys(f.index_terms, f.published))
        return eid

    def refine(self, event_ids) -> set[str]:
        """Split each of ``event_ids`` whose recent members fall apart under complete link
        (see ``complete_link_groups``): the group of the oldest member keeps the event,
        every other group, with the syndicated copies of its articles, becomes an event
        named after its first article. Returns the events created."""
        created: set[str] = set()
        for eid in sorted(event_ids):
            while eid in self.merged:
                eid = self.merged[eid]
            st = self.state(eid)
            if len(st.members) < 2 or any(not m.get("id") for m in st.members):
                continue  # states stored before members carried their ids are left as they are
            groups = [[st.members[i] for i in g] for g in complete_link_groups(st.members, self.cfg)]
            for members in groups[1:]:
                new_id = self._free_id([m["id"] for m in members], eid)
                self.states[new_id] = st.remove(members)
                self.store.move_articles([m["id"] for m in members], eid, new_id)
                self.store.add_event_terms(new_id, {k for m in members for k in index_keys(m["terms"], m["pub"])})
                created.add(new_id)
        return created | self.rejoin(set(event_ids) | created)

    def rejoin(self, event_ids) -> set[str]:
        """Merge each of ``event_ids`` with a nearby event that reports the same happening
        (not ``apart``, centroids ``cfg.rejoin`` alike): the two angles of a story that started apart, or a member
        published a few days away from the rest. Candidates come from the index (the
        event's ``cfg.event_terms`` most frequent terms around its latest day, at most
        ``cfg.rejoin_candidates``), within ``_bridge_days`` of the event's publication
        span (``cfg.rejoin_days`` for a straggler, else ``cfg.window_days``), so the cost
        per event does not grow with the archive. The older event
        keeps its id. Returns the events that took others in."""
        kept: set[str] = set()
        if not self.cfg.rejoin:
            return kept
        cents: dict[str, dict[str, float]] = {}  # event -> centroid, within this pass

        def cent(e: str) -> dict[str, float]:
            if e not in cents:
                cents[e] = centroid(self.state(e).members, self.cfg.member_terms)
            return cents[e]

        for eid in sorted(event_ids):
            while eid in self.merged:
                eid = self.merged[eid]
            st = self.state(eid)
            if not st.members or any(not m.get("id") for m in st.members):
                continue
            for other in self._rejoin_candidates(eid, st):
                while other in self.merged:
                    other = self.merged[other]
                if other == eid:
                    continue
                ost = self.state(other)
                if not ost.members or any(not m.get("id") for m in ost.members):
                    continue
                if _span_gap(st, ost) > self._bridge_days(st, ost) or cosine(cent(eid), cent(other)) < self.cfg.rejoin \
                        or apart(st.members, ost.members):
                    continue
                src, dst = (eid, other) if (st.first or "~", eid) > (ost.first or "~", other) else (other, eid)
                self._merge(src, dst)
                cents.pop(src, None)
                cents.pop(dst, None)
                kept.add(dst)
                kept.discard(src)
                eid, st = dst, self.state(dst)
        return kept

    def _bridge_days(self, a: EventState, b: EventState) -> int:
        """How many days between two events' publication spans the batch-end merge bridges:
        ``cfg.rejoin_days`` for a straggler (the smaller event has at most
        ``cfg.rejoin_straggler`` articles: a member published a few days from the rest),
        else ``cfg.window_days``: two reported events days apart are two happenings of one
        story (a series; linked as a story, ``vnnews.stories``), not one event."""
        return self.cfg.rejoin_days if min(a.n, b.n) <= self.cfg.rejoin_straggler else self.cfg.window_days

    def _rejoin_candidates(self, eid: str, st: EventState) -> list[str]:
        counts = Counter(t for m in st.members for t in m.get("terms", []))
        terms = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:self.cfg.event_terms]]
        latest = st.latest
        if not latest:
            return []
        shared = self.store.events_with_terms({t + "@" + w for t in terms for w in weeks_around(latest)})
        ranked = sorted(((n, e) for e, n in shared.items() if e != eid and n >= 2), key=lambda x: (-x[0], x[1]))
        return [e for _, e in ranked[:self.cfg.rejoin_candidates]]

    def _free_id(self, article_ids: list[str], current: str) -> str:
        """An event id for a split-off group: named after its first article, unless that
        name is taken (the article founded the event being split)."""
        for key in article_ids + ["/".join(article_ids)]:
            eid = event_id_for(key)
            if eid != current and eid not in self.states and self.store.event_state(eid) is None \
                    and not self.store.event_members(eid):
                return eid
        return event_id_for(current + "/" + "/".join(article_ids))

    def _merge(self, src: str, dst: str) -> None:
        self.state(dst).absorb(self.state(src), self.cfg)
        for aid in self.store.event_members(src):
            self.store.set_event(aid, dst)
        self.store.move_event_terms(src, dst)
        self.store.delete_event(src)
        self.states.pop(src, None)
        self.merged[src] = dst
