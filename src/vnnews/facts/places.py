"""Places: gazetteer matching (``vnnews/data/gazetteer_vn.tsv``) plus administrative prefixes.

Rules:

* free variants of the gazetteer match anywhere (case-sensitive, word boundaries);
* "tỉnh/thành phố/TP/quận/huyện/thị xã/xã/phường/thị trấn" + a capitalised name is a place
  even when the name is not in the gazetteer ("xã Yên Thường");
* ambiguous names ("Anh", "Đức", "Ý", "Vinh", context variants such as "Hồ Chí Minh") only
  count after such a prefix, after a context word ("nước Anh", "tại Đức", "người Nhật"), or
  next to another country in a list ("Anh, Pháp", "Pháp và Đức");
* "Thủ đô", "TP", "Trung ương" alone are never places; places inside people's names are
  dropped by the caller (``exclude`` spans);
* abbreviated levels before a name of two words ("Q. Thủ Đức", "P.Bến Nghé"), streets
  ("đường Giải Phóng", "phố Wall", "tại 36 Hàng Thiếc") and numbered roads ("quốc lộ 1A")
  are places;
* a place name is not a place after a structure or event word ("cầu vượt Bình Phước",
  "Giải Đan Mạch mở rộng"), as a direction ("phía Tây Bắc"), inside a longer Latin-script
  name ("New South Wales"), or as a one-syllable country opening a person's name ("Mỹ Tâm");
  ambiguous names are also accepted when listed with a place of their kind ("Hà Nội, Đà
  Nẵng và HCM").

Output names are canonical, without administrative prefix ("Hà Nội", "Thạch Thất",
"TP Hồ Chí Minh" for every spelling of Hồ Chí Minh City).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .doc import Doc
from ..normalize import is_syllable
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
#: Abbreviated levels ("Q. Thủ Đức", "P.Bến Nghé", "TX. Dĩ An"): only before a name of two
#: words or more, or a gazetteer name (a single capital and a dot is usually an initial).
_ABBR_PREFIX_RE = re.compile(r"(?<![\w.])(Q|P|TX|TT)\.[^\S\n]*(?=[" + re.escape(
    "".join(c for c in map(chr, range(0x41, 0x1EFF)) if c.isupper())) + r"])")
_ABBR_LEVEL = {"Q": "quận", "P": "phường", "TX": "thị xã", "TT": "thị trấn"}
#: Streets: "đường Giải Phóng", "phố Wall", "36 Hàng Thiếc", "15A/28 Lê Thánh Tôn".
_STREET_RE = re.compile(r"(?<![\w.])(?:(đường|phố|đại lộ)" + HSPACE + r"|(?:(?<=tại )|(?<=ở )|"
                        r"(?<=tại số )|(?<=nhà )|(?<=: )|(?<=\()|(?<=ngụ )|(?<=chỉ ))"
                        r"\d+(?:[a-z]?/\d+[a-z]?)*" + HSPACE + r"(?=\S+" + HSPACE + r"\S))")
#: Roads by number: "quốc lộ 1A", "QL 1A", "tỉnh lộ 10".
_ROAD_RE = re.compile(r"(?<![\w.])(?:quốc lộ|ql|tỉnh lộ|đường tỉnh)\.?" + r"[^\S\n]*(\d+[a-z]?)(?!\w)")
#: Words before a place name that make it the name of a structure or an event
#: ("cầu vượt Bình Phước", "vòng xoay An Lạc", "Giải Đan Mạch mở rộng").
_STRUCTURE_BEFORE = re.compile(
    r"(?<!\w)(?:cầu|cầu vượt|chợ|bến xe|ga|sân vận động|svđ|nhà thi đấu|công viên|khách sạn|"
    r"vòng xoay|bùng binh|chung cư|tòa nhà|cung|nhà hát|chùa|đền|giải|cúp|tàu|hầm|"
    r"nút giao|siêu thị|trung tâm thương mại)" + HSPACE + r"$")
#: Gazetteer types of places outside Vietnam (a country, a region, a foreign city).
_FOREIGN_TYPES = frozenset(("country", "region", "capital", "city_foreign"))
_DIRECTIONS = frozenset(("Tây Bắc", "Đông Bắc", "Tây Nam", "Đông Nam", "Bắc", "Nam", "Đông",
                         "Tây"))
_DIRECTION_BEFORE = re.compile(r"(?:phía|hướng|miền)" + HSPACE + r"$")
_CAP_RUN = re.compile(CAP_WORD + r"(?:" + HSPACE + CAP_WORD + r")*")
_NUM_RE = re.compile(r"\d{1,2}(?!\w)")
_CONTEXT_BEFORE = re.compile(
    r"(?:nước|vương quốc|quốc gia|người|tại|ở|sang|thăm|từ|đến|tới|cộng hòa|liên bang|"
    r"chính phủ|đại sứ quán|đại sứ|thủ tướng|tổng thống|ngoại trưởng|phía|giữa|với|của|"
    r"thủ đô|quân đội|hải quân|đội tuyển|tuyển)" + HSPACE + r"$|\([^\S\n]*$"
)

#: Words that make the next name a country whatever follows ("nước Đức", "người Anh").
_COUNTRY_WORD_BEFORE = re.compile(r"(?:nước|người|vương quốc|quốc gia|cộng hòa|liên bang)" + HSPACE + r"$")


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
        hit = _name_after_prefix(doc, m.end(), level=ADMIN_PREFIXES[m.group(1)])
        if hit:
            end, name = hit
            return PlaceMatch(pos, end, name, ADMIN_PREFIXES[m.group(1)])
    m = _ABBR_PREFIX_RE.match(doc.norm, pos)
    if m:  # "Công an Q.Tân Bình"
        hit = _name_after_prefix(doc, m.end(), min_words=2)
        if hit:
            return PlaceMatch(pos, hit[0], hit[1], _ABBR_LEVEL[m.group(1)])
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


def _name_after_prefix(doc: Doc, pos: int, min_words: int = 1,
                       level: str = "") -> tuple[int, str] | None:
    """The place named at ``pos``, after an administrative level word (``level``: its
    canonical form). A country or foreign place that only opens a longer capitalised name
    is not it: "xã Mỹ Hòa Hưng" is a commune, not "Mỹ"."""
    gaz = gazetteer()
    run = _CAP_RUN.match(doc.norm, pos)
    run_end = run.end() if run else pos

    def opens_longer(end: int, canon: str) -> bool:
        row = gaz.places.get(canon)
        return end < run_end and row is not None and row.type in _FOREIGN_TYPES

    best = None
    for rx, table in ((gaz.free_re, gaz.free), (gaz.context_re, gaz.context)):
        m = rx.match(doc.norm, pos)
        if m and (best is None or m.end() > best[0]):
            canon = table[_canon_surface(m.group(0))]
            if not opens_longer(m.end(), canon):
                best = (m.end(), canon)
    if best:
        return best
    if min_words > 1:
        m = _CAP_RUN.match(doc.norm, pos)
        if not m or len(m.group(0).split()) < min_words:
            return None
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
            end = pos + len(_join_span(doc.norm, pos, k))
            if k < len(words) and opens_longer(end, canon):
                continue
            return end, canon
    if level in ("TP", "tỉnh") and words[0] in STRONG_SURNAMES and len(words) >= 3:
        # every Vietnamese province and city is in the gazetteer: "Chủ tịch UBND thành phố
        # Nguyễn Đức Chung" names the chairman, not a city
        return None
    out: list[str] = []
    for i, w in enumerate(words[:4]):
        if i and w in STRONG_SURNAMES and len(words) - i >= 2:
            break
        out.append(w)
    text = " ".join(out)
    end = pos + len(_join_span(doc.norm, pos, len(out)))
    return end, clean(text)


def _join_span(s: str, pos: int, nwords: int) -> str:
    """The text of ``nwords`` words at ``pos``, without punctuation after the last one."""
    m = re.match(r"\S+(?:" + HSPACE + r"\S+){%d}" % (nwords - 1), s[pos:])
    if not m:
        return ""
    return re.sub(r"[\s,.;:!?()\[\]\"“”'’…]+$", "", m.group(0))


def find_places(doc: Doc, exclude: list[tuple[int, int]] | None = None) -> list[PlaceMatch]:
    """All place mentions of the document, in text order (overlaps resolved, longest first)."""
    gaz = gazetteer()
    cands: list[PlaceMatch] = []
    for m in _PREFIX_RE.finditer(doc.low):
        hit = _name_after_prefix(doc, m.end(), level=ADMIN_PREFIXES[m.group(1)])
        if hit:
            cands.append(PlaceMatch(m.start(), hit[0], hit[1], ADMIN_PREFIXES[m.group(1)]))
    for m in _ABBR_PREFIX_RE.finditer(doc.norm):
        hit = _name_after_prefix(doc, m.end(), min_words=2)
        if hit:
            cands.append(PlaceMatch(m.start(), hit[0], hit[1], _ABBR_LEVEL[m.group(1)]))
    for m in _STREET_RE.finditer(doc.low):
        hit = _street_name(doc, m.end(), numbered=m.group(1) is None)
        if hit:
            cands.append(PlaceMatch(m.start(), hit[0], hit[1], m.group(1) or "đường"))
    for m in _ROAD_RE.finditer(doc.low):
        cands.append(PlaceMatch(m.start(), m.end(), "Quốc lộ " + m.group(1).upper()
                                if not m.group(0).startswith(("tỉnh", "đường")) else
                                "Tỉnh lộ " + m.group(1).upper(), "đường"))
    for m in gaz.free_re.finditer(doc.norm):
        if _inside_latin_name(doc, m.start()):
            continue  # "Wales" of "New South Wales", "Ohio" of "Seaman Guard Ohio"
        cands.append(PlaceMatch(m.start(), m.end(), gaz.free[_canon_surface(m.group(0))]))
    ctx = [PlaceMatch(m.start(), m.end(), gaz.context[_canon_surface(m.group(0))])
           for m in gaz.context_re.finditer(doc.norm)]
    countries = {p.name for p in gaz.places.values() if p.type in ("country", "region")}
    for c in ctx:
        before = doc.low[max(0, c.start - 30):c.start]
        if _CONTEXT_BEFORE.search(before) or _in_country_list(doc, c, cands, countries):
            cands.append(c)
    cands = [c for c in cands if not _not_a_place(doc, c, gaz)]
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


def _inside_latin_name(doc: Doc, pos: int) -> bool:
    """The name at ``pos`` continues a run of capitalised Latin-script words that is not a
    place ("New South Wales", "Seaman Guard Ohio")."""
    m = re.search(r"([A-Z][A-Za-z]+)" + HSPACE + r"$", doc.norm[max(0, pos - 30):pos])
    if not m or is_syllable(m.group(1)) or m.group(1).isupper():
        return False
    return gazetteer().lookup(m.group(1)) is None


def _street_name(doc: Doc, pos: int, numbered: bool) -> tuple[int, str] | None:
    """The capitalised name of a street at ``pos`` (two words or more after a house number)."""
    m = _CAP_RUN.match(doc.norm, pos)
    if not m:
        return None
    words = m.group(0).split()[:5]
    if numbered and len(words) < 2:
        return None
    if any(sum(c.isupper() for c in w) >= 2 for w in words):
        return None  # "36 HÀNG", "số 10 UBND"
    return pos + len(_join_span(doc.norm, pos, len(words))), clean(" ".join(words))


def _not_a_place(doc: Doc, c: PlaceMatch, gaz) -> bool:
    """Context that makes a place name something else: a structure or an event named after
    it, a direction ("phía Tây Bắc"), a one-syllable country opening a person's name ("Mỹ Tâm",
    "Mỹ Bình (TTXVN)")."""
    before = doc.low[max(0, c.start - 25):c.start]
    if not c.prefix and _STRUCTURE_BEFORE.search(before):
        return True
    if c.name in _DIRECTIONS and _DIRECTION_BEFORE.search(before):
        return True
    row = gaz.places.get(c.name)
    surface = doc.norm[c.start:c.end]
    if row is not None and row.type == "country" and " " not in surface and not c.prefix \
            and not _COUNTRY_WORD_BEFORE.search(before):
        # any other context word may open a person's name too: "của Đức Tuấn", "với Mỹ Tâm"
        nxt = re.compile(HSPACE + r"(" + CAP_WORD + r")").match(doc.norm, c.end)
        if nxt and is_syllable(nxt.group(1)) and parse_place_at(doc, nxt.start(1)) is None:
            return True
    return False


_KIND_GROUP = {"country": "country", "region": "country", "city": "prov", "province": "prov",
               "capital": "prov", "city_foreign": "prov"}


def _in_country_list(doc: Doc, c: PlaceMatch, cands: list[PlaceMatch],
                     countries: set[str]) -> bool:
    """True when ``c`` is directly listed with another place of its kind ("Anh, Pháp",
    "Pháp và Anh"; "Hà Nội, Đà Nẵng và HCM")."""
    sep = r"^(?:\s*[,/]\s*|\s+và\s+|\s*[-–]\s*)$"
    gaz = gazetteer()
    row = gaz.places.get(c.name)
    group = _KIND_GROUP.get(row.type) if row is not None else None
    for o in cands:
        orow = gaz.places.get(o.name)
        if o.name == c.name or orow is None or group is None or \
                _KIND_GROUP.get(orow.type) != group:
            continue
        if o.end <= c.start and re.match(sep, doc.norm[o.end:c.start]):
            return True
        if c.end <= o.start and re.match(sep, doc.norm[c.end:o.start]):
            return True
    return False
