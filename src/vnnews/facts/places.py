"""Places: gazetteer matching (``vnnews/data/gazetteer_vn.tsv``) plus administrative prefixes.

Rules:

* free variants of the gazetteer match anywhere (case-sensitive, word boundaries);
* "tỉnh/thành phố/TP/quận/huyện/thị xã/xã/phường/thị trấn" + a capitalised name is a place
  even when the name is not in the gazetteer ("xã Yên Thường");
* ambiguous names ("Anh", "Đức", "Ý", "Vinh", context variants such as "Hồ Chí Minh") only
  count after such a prefix, after a context word ("nước Anh", "tại Đức", "người Nhật"), or
  next to another country in a list ("Anh, Pháp", "Pháp và Đức");
* "Thủ đô", "TP", "Trung ương" alone are never places; places inside people's names are
  dropped by the caller (``exclude`` spans).

Output names are canonical, without administrative prefix ("Hà Nội", "Thạch Thất",
"TP Hồ Chí Minh" for every spelling of Hồ Chí Minh City).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .doc import Doc
from .lexicon import CAP_WORD, HSPACE, STRONG_SURNAMES, clean, gazetteer

#: Administrative prefixes (lower-cased) and the level word used in canonical org names.
ADMIN_PREFIXES = {
    "tp.": "TP", "tp": "TP", "thành phố": "TP", "tỉnh": "tỉnh", "quận": "quận",
    "huyện": "huyện", "thị xã": "thị xã", "xã": "xã", "phường": "phường",
    "thị trấn": "thị trấn",
}
_PREFIX_RE = re.compile(
    r"(?<![\w.])(tp\.|tp|thành phố|tỉnh|quận|huyện|thị xã|thị trấn|xã|phường)(?:" + HSPACE
    + r"|(?<=\.))"
)
_CAP_RUN = re.compile(CAP_WORD + r"(?:" + HSPACE + CAP_WORD + r")*")
_NUM_RE = re.compile(r"\d{1,2}(?!\w)")
_CONTEXT_BEFORE = re.compile(
    r"(?:nước|vương quốc|quốc gia|người|tại|ở|sang|thăm|từ|đến|tới|cộng hòa|liên bang|"
    r"chính phủ|đại sứ quán|đại sứ|thủ tướng|tổng thống|ngoại trưởng|phía|giữa|với|của|"
    r"thủ đô|quân đội|hải quân|đội tuyển|tuyển)" + HSPACE + r"$"
)


@dataclass
class PlaceMatch:
    start: int
    end: int
    name: str  # canonical
    prefix: str = ""  # canonical level word ("TP", "tỉnh", "quận"...) when written


def parse_place_at(doc: Doc, pos: int, context: bool = False) -> PlaceMatch | None:
    """A place starting exactly at ``pos`` (optionally with an administrative prefix).

    ``context``: ambiguous names are accepted (the caller knows the position is one where a
    place is expected, e.g. after "Thành ủy" or "Tổng thống").
    """
    gaz = gazetteer()
    m = _PREFIX_RE.match(doc.low, pos)
    if m:
        hit = _name_after_prefix(doc, m.end())
        if hit:
            end, name = hit
            return PlaceMatch(pos, end, name, ADMIN_PREFIXES[m.group(1)])
    m = gaz.free_re.match(doc.norm, pos)
    if context:
        m2 = gaz.context_re.match(doc.norm, pos)
        if m2 and (not m or m2.end() > m.end()):
            return PlaceMatch(pos, m2.end(), gaz.context[_canon_surface(m2.group(0))])
    if m:
        return PlaceMatch(pos, m.end(), gaz.free[_canon_surface(m.group(0))])
    return None


def _canon_surface(s: str) -> str:
    """Map a matched surface (blanks/dashes as in text) back to the lexicon form."""
    gaz = gazetteer()
    if s in gaz.free or s in gaz.context:
        return s
    norm = clean(s)
    for table in (gaz.free, gaz.context):
        if norm in table:
            return norm
    k = gaz.lookup(s)
    if k is not None:
        row = gaz.places[k]
        for v in row.variants + row.context_variants:
            if gaz.lookup(v) == k:
                return v
    return s


def _name_after_prefix(doc: Doc, pos: int) -> tuple[int, str] | None:
    gaz = gazetteer()
    best = None
    for rx, table in ((gaz.free_re, gaz.free), (gaz.context_re, gaz.context)):
        m = rx.match(doc.norm, pos)
        if m and (best is None or m.end() > best[0]):
            best = (m.end(), table[_canon_surface(m.group(0))])
    if best:
        return best
    m = _NUM_RE.match(doc.norm, pos)
    if m:
        return None  # numbered wards/districts are handled by the gazetteer ("Quận 1")
    m = _CAP_RUN.match(doc.norm, pos)
    if not m:
        return None
    words = m.group(0).split()
    for k in range(min(4, len(words)), 0, -1):  # "TP.HCM": the lookbehind hid "HCM"
        canon = gaz.lookup(" ".join(words[:k]))
        if canon is not None:
            return pos + len(_join_span(doc.norm, pos, k)), canon
    out: list[str] = []
    for i, w in enumerate(words[:4]):
        if i and w in STRONG_SURNAMES and len(words) - i >= 2:
            break
        out.append(w)
    text = " ".join(out)
    end = pos + len(_join_span(doc.norm, pos, len(out)))
    return end, clean(text)


def _join_span(s: str, pos: int, nwords: int) -> str:
    m = re.match(r"\S+(?:" + HSPACE + r"\S+){%d}" % (nwords - 1), s[pos:])
    return m.group(0) if m else ""


def find_places(doc: Doc, exclude: list[tuple[int, int]] | None = None) -> list[PlaceMatch]:
    """All place mentions of the document, in text order (overlaps resolved, longest first)."""
    gaz = gazetteer()
    cands: list[PlaceMatch] = []
    for m in _PREFIX_RE.finditer(doc.low):
        hit = _name_after_prefix(doc, m.end())
        if hit:
            cands.append(PlaceMatch(m.start(), hit[0], hit[1], ADMIN_PREFIXES[m.group(1)]))
    for m in gaz.free_re.finditer(doc.norm):
        cands.append(PlaceMatch(m.start(), m.end(), gaz.free[_canon_surface(m.group(0))]))
    ctx = [PlaceMatch(m.start(), m.end(), gaz.context[_canon_surface(m.group(0))])
           for m in gaz.context_re.finditer(doc.norm)]
    countries = {p.name for p in gaz.places.values() if p.type in ("country", "region")}
    for c in ctx:
        before = doc.low[max(0, c.start - 30):c.start]
        if _CONTEXT_BEFORE.search(before) or _in_country_list(doc, c, cands, countries):
            cands.append(c)
    cands.sort(key=lambda p: (p.start, -(p.end - p.start)))
    out: list[PlaceMatch] = []
    taken: list[tuple[int, int]] = list(exclude or [])
    for p in cands:
        if any(p.start < e and s < p.end for s, e in taken):
            continue
        out.append(p)
        taken.append((p.start, p.end))
    out.sort(key=lambda p: p.start)
    return out


def _in_country_list(doc: Doc, c: PlaceMatch, cands: list[PlaceMatch],
                     countries: set[str]) -> bool:
    """True when ``c`` is directly listed with another country ("Anh, Pháp", "Pháp và Anh")."""
    sep = r"^(?:\s*[,/]\s*|\s+và\s+|\s*[-–]\s*)$"
    for o in cands:
        if o.name not in countries or o.name == c.name:
            continue
        if o.end <= c.start and re.match(sep, doc.norm[o.end:c.start]):
            return True
        if c.end <= o.start and re.match(sep, doc.norm[c.end:o.start]):
            return True
    return False
