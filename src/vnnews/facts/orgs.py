"""Organisations: lexicon (``vnnews/data/orgs.txt``) plus patterns, with canonical names.

Canonical display forms (one per organisation, used for merging and output):

* lexicon entries use their canonical column ("Bộ Công Thương" for "Bộ Công thương",
  "Bộ trưởng Công thương", ...);
* local government bodies are written with the usual abbreviations: "UBND TP Hà Nội",
  "HĐND tỉnh Quảng Ngãi", "UBND quận Ba Đình" ("TP" for the five centrally-run cities,
  "tỉnh" for provinces, otherwise the level word written in the text);
* party committees: "Thành ủy Hà Nội", "Tỉnh ủy Gia Lai", "Thành ủy TP Hồ Chí Minh";
* sub-bodies keep their parent: "Ban Thường vụ Thành ủy Hà Nội", "Ban Cán sự đảng Bộ Công
  Thương" (the parent is reported too);
* anything else ("Tổng Công ty Điện lực Hà Nội", "Sở Y tế Hà Nội") as written, with classic
  tone placement and normalised spacing.

:func:`org_key` (abbreviations expanded, case/tone-insensitive) is the merge key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .doc import Doc
from .lexicon import (CAP_WORD, HSPACE, LETTER, STRONG_SURNAMES, clean, gazetteer,
                      org_key, org_lexicon)
from .places import parse_place_at

_SP = HSPACE

_SUB_BODIES = {
    "ban thường vụ": ("Ban Thường vụ", True),
    "ban cán sự đảng": ("Ban Cán sự đảng", True),
    "ban chấp hành đảng bộ": ("Ban Chấp hành Đảng bộ", True),
    "ban chấp hành": ("Ban Chấp hành", True),
    "đảng đoàn": ("Đảng đoàn", True),
    "ủy ban kiểm tra": ("Ủy ban Kiểm tra", True),
    "ban tuyên giáo": ("Ban Tuyên giáo", True),
    "ban tổ chức": ("Ban Tổ chức", True),
    "ban dân vận": ("Ban Dân vận", True),
    "ban nội chính": ("Ban Nội chính", True),
    "văn phòng": ("Văn phòng", True),
    "thường trực": ("Thường trực", False),
    "thường vụ": ("Thường vụ", False),
}
_SUB_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(_SUB_BODIES, key=len, reverse=True))
                     .replace(" ", _SP) + r")" + _SP)

_COMMITTEES = {"thành ủy": "Thành ủy", "tỉnh ủy": "Tỉnh ủy", "huyện ủy": "Huyện ủy",
               "quận ủy": "Quận ủy", "thị ủy": "Thị ủy", "đảng ủy": "Đảng ủy"}
_COMMITTEE_RE = re.compile(r"(?<!\w)(thành ủy|tỉnh ủy|huyện ủy|quận ủy|thị ủy|đảng ủy)(?!\w)")

_COUNCILS = {"ubnd": "UBND", "ủy ban nhân dân": "UBND", "hđnd": "HĐND",
             "hội đồng nhân dân": "HĐND", "ubmttq": "UBMTTQ"}
_COUNCIL_RE = re.compile(r"(?<!\w)(ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân)(?!\w)")

_GENERIC_HEADS = (
    "tập đoàn", "tổng công ty", "công ty cổ phần", "công ty tnhh", "công ty cp", "công ty",
    "ngân hàng tmcp", "ngân hàng thương mại cổ phần", "ngân hàng", "tổng cục", "cục", "sở",
    "viện", "trường đại học", "trường cao đẳng", "trường thpt", "trường thcs",
    "trường tiểu học", "trường mầm non", "đại học", "học viện", "bệnh viện", "hiệp hội",
    "hội", "liên đoàn", "quỹ", "ủy ban", "đảng", "đài truyền hình", "đài phát thanh",
    "báo", "tòa án nhân dân", "viện kiểm sát nhân dân", "công an", "bộ tư lệnh",
    "quân khu", "quân đoàn", "ban quản lý", "trung tâm", "nhà máy", "tổ chức", "liên minh",
    "hãng", "tổng liên đoàn", "liên hiệp", "hợp tác xã", "câu lạc bộ", "clb",
)
_GENERIC_RE = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(_GENERIC_HEADS, key=len, reverse=True)).replace(" ", _SP)
    + r")" + _SP
)
_HEAD_DISPLAY = {"tổng công ty": "Tổng Công ty", "công ty cp": "Công ty CP",
                 "công ty tnhh": "Công ty TNHH", "ngân hàng tmcp": "Ngân hàng TMCP",
                 "clb": "CLB", "trường thpt": "Trường THPT", "trường thcs": "Trường THCS"}
_COMPANY_FORM = re.compile(r"(?:cổ phần|cp|tnhh(?:" + _SP + r"mtv)?|tmcp)" + _SP)
_CAP = re.compile(CAP_WORD)
_LOWER_WORD = re.compile(r"[a-zà-ỹđ]+")
#: Lower-case words that end a generic organisation name.
_STOP = frozenset("""đã sẽ đang vừa mới cũng là có không được bị cho với của tại trong về
để đến từ theo này đó kia thì mà nhưng khi và hay hoặc các những một hai ba nên vì do
nhằm sau trước trên dưới ngoài giữa cùng đều rất chưa còn lại ra vào lên xuống ở bên phía
nơi như gồm thuộc qua tới nay hôm ngày năm tháng ông bà anh chị""".split())
_ABBREV_WORD = re.compile(r"[A-ZĐ]{2,}[A-Z0-9Đ&\-]*")
_GOV_DIGITAL = re.compile(_SP + r"(?:điện tử|số)(?!\w)")


@dataclass
class OrgMatch:
    start: int
    end: int
    name: str  # canonical display
    complete: bool = True  # False: "Thành ủy", "UBND TP" without a place
    kind: str = ""  # ministry | party | state | local | company | intl | media | foreign | ...
    nested: list["OrgMatch"] = field(default_factory=list)
    listed: bool = True  # reported in Facts.organizations (complete and not a mere modifier)
    #: [start, name_end) holds name words that are not place mentions ("Trung tâm Pháp y",
    #: "Ngân hàng Phát triển châu Á"); a trailing place ("... Hà Nội") stays a place.
    name_end: int = -1

    def all(self) -> list["OrgMatch"]:
        out = [self]
        for n in self.nested:
            out.extend(n.all())
        return out


def _space(doc: Doc, pos: int) -> int:
    """Position after the blanks at ``pos`` (or -1 when there are none)."""
    m = re.compile(_SP).match(doc.norm, pos)
    return m.end() if m else -1


def _has_capital(s: str) -> bool:
    return any(c.isupper() for c in s)


def parse_org_at(doc: Doc, pos: int, after_title: bool = False) -> OrgMatch | None:
    """The longest organisation starting exactly at ``pos`` (None when there is none).

    ``after_title``: the position follows a person title, so short ministry names
    ("Bộ trưởng Công thương") and "T.Ư Đảng" count as organisations.
    """
    cands = [c for c in (_sub_body(doc, pos, after_title), _committee(doc, pos),
                         _council(doc, pos), _lexicon(doc, pos, after_title),
                         _generic(doc, pos)) if c is not None]
    if not cands:
        return None
    # longest wins; on a tie the earlier rule (more specific) wins; a generic match only
    # beats a lexicon one when it adds a capitalised word ("Liên Hiệp Quốc" + "ở")
    best = cands[0]
    for c in cands[1:]:
        if c.end > best.end and not (c.kind == "other" and best.kind != "other"
                                     and not _has_capital(doc.norm[best.end:c.end])):
            best = c
    return best


def _sub_body(doc: Doc, pos: int, after_title: bool) -> OrgMatch | None:
    m = _SUB_RE.match(doc.low, pos)
    if not m or not _has_capital(doc.norm[pos:m.end()]) and not after_title:
        return None
    base = parse_org_at(doc, m.end(), after_title=True)
    if base is None or not base.complete:
        return None
    display, listed = _SUB_BODIES[_norm_space(m.group(1))]
    name = display + " " + base.name
    return OrgMatch(pos, base.end, name, True, base.kind, [base], listed)


def _committee(doc: Doc, pos: int) -> OrgMatch | None:
    m = _COMMITTEE_RE.match(doc.low, pos)
    if not m or not doc.norm[pos].isupper():
        return None
    head = _COMMITTEES[m.group(1)]
    q = _space(doc, m.end())
    if q >= 0:
        p = parse_place_at(doc, q, context=True)
        if p:
            return OrgMatch(pos, p.end, head + " " + p.name, True, "party")
    return OrgMatch(pos, m.end(), head, False, "party", listed=False)


def _council(doc: Doc, pos: int) -> OrgMatch | None:
    m = _COUNCIL_RE.match(doc.low, pos)
    if not m or not doc.norm[pos].isupper():
        return None
    head = _COUNCILS[_norm_space(m.group(1))]
    q = _space(doc, m.end())
    if q >= 0:
        p = parse_place_at(doc, q, context=True)
        if p:
            return OrgMatch(pos, p.end, local_body_name(head, p.name, p.prefix), True, "local")
        lvl = re.compile(r"(tp\.?|thành phố|tỉnh|quận|huyện|thị xã|xã|phường)(?!\w)").match(
            doc.low, q)
        if lvl:
            word = {"tp": "TP", "tp.": "TP", "thành phố": "TP"}.get(lvl.group(1), lvl.group(1))
            return OrgMatch(pos, lvl.end(), head + " " + word, False, "local", listed=False)
    return OrgMatch(pos, m.end(), head, False, "local", listed=False)


def local_body_name(head: str, place: str, prefix: str = "") -> str:
    """Canonical name of a local body: "UBND TP Hà Nội", "UBND tỉnh Gia Lai", ..."""
    row = gazetteer().places.get(place)
    if row is not None and row.type == "city":
        if place.startswith("TP "):
            return f"{head} {place}"
        return f"{head} TP {place}"
    if row is not None and row.type == "province":
        return f"{head} tỉnh {place}"
    if prefix:
        return f"{head} {prefix} {place}"
    return f"{head} {place}"


def _lexicon(doc: Doc, pos: int, after_title: bool) -> OrgMatch | None:
    lex = org_lexicon()
    best: tuple[int, str] | None = None
    tries = [(lex.ci_re, doc.low, False), (lex.cs_re, doc.norm, False)]
    if after_title:
        tries += [(lex.title_ci_re, doc.low, True), (lex.title_cs_re, doc.norm, True)]
    for rx, s, title_only in tries:
        m = rx.match(s, pos)
        if not m or (best and m.end() <= best[0]):
            continue
        surface = doc.norm[pos:m.end()]
        if not _has_capital(surface):
            continue
        name = lex.lookup(surface, after_title=title_only)
        if name:
            best = (m.end(), name)
    if best is None:
        return None
    end, name = best
    entry = lex.entries[name]
    if name == "Chính phủ" and _GOV_DIGITAL.match(doc.low, end):
        return None
    # a foreign ministry / parliament: "Bộ Ngoại giao Mỹ", "Chính phủ Nhật Bản"
    if entry.type in ("ministry", "state"):
        q = _space(doc, end)
        if q >= 0:
            p = parse_place_at(doc, q, context=True)
            row = gazetteer().places.get(p.name) if p else None
            if p and row is not None and row.type == "country" and p.name != "Việt Nam" \
                    and not p.prefix:
                return OrgMatch(pos, p.end, f"{name} {p.name}", True, "foreign", name_end=end)
    return OrgMatch(pos, end, name, True, entry.type, name_end=end)


def _generic(doc: Doc, pos: int) -> OrgMatch | None:
    m = _GENERIC_RE.match(doc.low, pos)
    if not m or not doc.norm[pos].isupper():
        return None
    if parse_place_at(doc, pos) is not None:
        return None  # "Hội An", "Đài Loan", "Trường Sa" are places
    head_low = _norm_space(m.group(1))
    q = m.end()
    parts: list[str] = []
    fm = _COMPANY_FORM.match(doc.low, q)
    if fm and head_low.startswith(("công ty", "ngân hàng")):
        parts.append(doc.norm[q:fm.end()].strip())
        q = fm.end()
    end = -1
    name_end = -1
    units = 0
    while units < 8:
        if units:
            place = parse_place_at(doc, q)
            if place is not None:  # a place ends the name: "Tổng Công ty Điện lực Hà Nội"
                parts.append(doc.norm[q:place.end])
                name_end = q
                end = place.end
                break
        cm = _CAP.match(doc.norm, q)
        if not cm:
            break
        word = cm.group(0)
        if word in STRONG_SURNAMES and units and _name_ahead(doc, q):
            break
        if units == 0 and word in STRONG_SURNAMES and _name_ahead(doc, q, 3):
            break
        parts.append(word)
        end = cm.end()
        units += 1
        nxt = _space(doc, end)
        if nxt < 0:
            break
        lm = _LOWER_WORD.fullmatch(doc.norm, nxt, _word_end(doc, nxt))
        if lm and lm.group(0) not in _STOP and not _ABBREV_WORD.match(word):
            parts.append(lm.group(0))
            end = lm.end()
            nxt = _space(doc, end)
            if nxt < 0:
                break
        cm2 = re.compile(r"(?:và|&|-|–)" + _SP).match(doc.norm, nxt)
        if cm2 and _CAP.match(doc.norm, cm2.end()):
            parts.append(cm2.group(0).strip())
            q = cm2.end()
            continue
        q = nxt
    if end < 0:
        return None
    while parts and parts[-1] in ("và", "&", "-", "–"):
        parts.pop()
    head = _HEAD_DISPLAY.get(head_low, doc.norm[pos:pos + len(m.group(1))])
    head = head[0].upper() + head[1:]
    text = clean(head + " " + " ".join(parts))
    if gazetteer().lookup(doc.norm[pos:end]) is not None:
        return None
    return OrgMatch(pos, end, text, True, "other", name_end=name_end if name_end >= 0 else end)


def _word_end(doc: Doc, pos: int) -> int:
    m = re.compile(LETTER + r"+").match(doc.norm, pos)
    return m.end() if m else pos


def _name_ahead(doc: Doc, pos: int, min_words: int = 2) -> bool:
    """A capitalised run of at least ``min_words`` words starts at ``pos`` (a person name)."""
    m = re.compile(CAP_WORD + r"(?:" + _SP + CAP_WORD + r")*").match(doc.norm, pos)
    return bool(m) and len(m.group(0).split()) >= min_words


def _norm_space(s: str) -> str:
    return " ".join(s.split())


_STARTERS = re.compile(
    "|".join(p.pattern for p in (_SUB_RE, _COMMITTEE_RE, _COUNCIL_RE, _GENERIC_RE))
)


def find_orgs(doc: Doc) -> list[OrgMatch]:
    """Top-level organisation mentions in text order (each with its nested parents)."""
    lex = org_lexicon()
    starts: set[int] = set()
    for m in _STARTERS.finditer(doc.low):
        starts.add(m.start())
    for m in lex.ci_re.finditer(doc.low):
        starts.add(m.start())
    for m in lex.cs_re.finditer(doc.norm):
        starts.add(m.start())
    out: list[OrgMatch] = []
    taken_end = -1
    for s in sorted(starts):
        if s < taken_end:
            continue
        o = parse_org_at(doc, s)
        if o is None:
            continue
        out.append(o)
        taken_end = o.end
    return out


def org_names(matches: list[OrgMatch]) -> list[str]:
    """Canonical names to report (complete, listed, de-duplicated by :func:`org_key`)."""
    seen: dict[str, str] = {}
    for top in matches:
        for o in top.all():
            if o.complete and o.listed:
                seen.setdefault(org_key(o.name), o.name)
    return list(seen.values())


@lru_cache(maxsize=4096)
def canonical_org(surface: str) -> str:
    """Canonical display form of an organisation name given as a string."""
    s = clean(surface)
    doc = Doc.of(s)
    o = parse_org_at(doc, 0, after_title=True)
    if o is not None and o.end == len(s):
        return o.name
    hit = org_lexicon().lookup(s, after_title=True)
    return hit or s
