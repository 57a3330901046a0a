"""Metadata found in the text of Vietnamese news pages: date lines, outlet prefixes, bylines.

All functions work on one line (a string) and return None when the line is not of
their kind, so each is testable alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAY = r"(?:(?:Thứ\s*(?:Hai|Ba|Tư|Năm|Sáu|Bảy|hai|ba|tư|năm|sáu|bảy|[2-7]))|Chủ\s*[Nn]hật|CN|T[2-7])"
_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
_TIME = r"(?P<H>\d{1,2})\s*[:hg]\s*(?P<M>\d{2})(?:\s*:\s*\d{2})?\s*(?P<ampm>[AaPp][Mm])?"
_TZ = r"(?:\(?\s*GMT\s*\+?\s*7\s*\)?|\+07:?00)"
_SEP = r"\s*(?:[|,\-–—]\s*)?"

# A whole line that is only a date/time stamp, in the common orders.
_DATE_LINE = [
    re.compile(rf"^\s*(?:{_WEEKDAY}\s*,?\s*)?{_TIME}{_SEP}(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?{_DATE}\s*(?:{_TZ})?\s*$", re.I),
    re.compile(rf"^\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?{_DATE}{_SEP}(?:lúc\s*)?{_TIME}\s*(?:{_TZ})?\s*$", re.I),
    re.compile(rf"^\s*(?:{_WEEKDAY}\s*,?\s*)?(?:ngày\s*)?{_DATE}\s*(?:{_TZ})?\s*$", re.I),
]
_LABEL = r"^\s*(?:Cập nhật|Đăng|Ngày đăng|Xuất bản|Thời gian)\s*:?\s*(?:lúc\s*)?"
_DATE_LINE += [re.compile(_LABEL + rx.pattern.lstrip("^\\s*"), re.I) for rx in _DATE_LINE]


def parse_date_line(line: str) -> str | None:
    """ISO date(time) of a stand-alone publication stamp such as "08:47 | 14/08/2020",
    "Thứ Sáu, 14/08/2020 08:47 (GMT+7)" or "14-08-2020 - 08:47 AM"; else None."""
    if len(line) > 80:
        return None
    for rx in _DATE_LINE:
        m = rx.match(line)
        if m:
            return _iso(m.groupdict())
    return None


def _iso(g: dict) -> str | None:
    d, mo, y = int(g["d"]), int(g["m"]), int(g["y"])
    if not (1 <= d <= 31 and 1 <= mo <= 12 and 1900 <= y <= 2100):
        return None
    if g.get("H") is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    h, mi = int(g["H"]), int(g["M"])
    ampm = (g.get("ampm") or "").lower()
    if ampm == "pm" and h < 12:
        h += 12
    elif ampm == "am" and h == 12:
        h = 0
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00+07:00"


# "(Tổ Quốc) - Chiều 13/8 …", "(Dân trí) - …", "DNTH: Chiều 13/8 …", "TTO - …", "VOV.VN - …"
_PREFIX_PAREN = re.compile(r"^\s*\((?P<o>[^()]{2,40})\)\s*[-–—:]\s*")
_PREFIX_ABBR = re.compile(r"^\s*(?P<o>[A-ZĐ][A-ZĐ0-9&.]{1,14}(?:\s[A-ZĐ][A-ZĐ0-9&.]{1,10})?)\s*(?:[-–—]|:)\s+(?=\S)")
# abbreviations that open ordinary sentences and are no outlet
_NOT_OUTLETS = {"TP", "TP.", "UBND", "HĐND", "GDP", "GRDP", "FDI", "ASEAN", "WHO", "LHQ", "USD", "VND",
                "CNC", "KCN", "BCH", "TW", "T.Ư", "ĐBQH", "THPT", "ĐH"}


@dataclass
class Prefix:
    outlet: str
    length: int  # characters of the line taken by the prefix


def outlet_prefix(line: str) -> Prefix | None:
    """The dateline outlet credit at the start of a lead paragraph."""
    m = _PREFIX_PAREN.match(line)
    if m:
        outlet = m.group("o").strip()
        # "(Ảnh: …)" or "(TTXVN/Vietnam+)" style credits count; numbers alone do not
        if re.search(r"[^\W\d_]", outlet) and not outlet.lower().startswith("ảnh"):
            return Prefix(outlet, m.end())
    m = _PREFIX_ABBR.match(line)
    if m and m.group("o").rstrip(".") not in _NOT_OUTLETS:
        rest = line[m.end():]
        if len(rest.split()) >= 6:  # a lead sentence follows, not a heading
            return Prefix(m.group("o").rstrip(), m.end())
    return None


@dataclass
class Byline:
    author: str | None
    original_source: str | None
    photo: str | None


_BYLINE = re.compile(
    r"^\s*(?:Theo\s+|Bài(?:\s+và\s+ảnh)?\s*:\s*|Tác giả\s*:\s*|Nhóm PV\s*)?"
    r"(?P<author>[A-ZĐÀ-Ỹ][^\s;:()]*(?:\s+[A-ZĐÀ-Ỹ][^\s;:()]*){0,4})?"
    r"\s*(?:[;,-]\s*Ảnh\s*:\s*(?P<photo>[^()]+?))?"
    r"\s*(?:\((?P<orig>[^()]{2,40})\))?\s*\.?\s*$"
)


def parse_byline(line: str) -> Byline | None:
    """A credit line at the end of an article: "Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)",
    "Theo VnExpress", "Minh Anh", "Bài và ảnh: Hà Linh"."""
    s = line.strip()
    if not s or len(s) > 90 or s.endswith(("?", "!", ":")) or "“" in s:
        return None
    words = s.split()
    if len(words) > 12:
        return None
    starts_theo = s.startswith("Theo ")
    m = _BYLINE.match(s)
    if not m or not (m.group("author") or m.group("orig")):
        return None
    author = (m.group("author") or "").strip() or None
    orig = m.group("orig")
    if starts_theo and author and not orig and author.isupper() is False and len(author.split()) <= 3:
        # "Theo VnExpress" / "Theo Tuổi Trẻ": the credited outlet, not a person
        return Byline(None, author, m.group("photo"))
    if author and author.isupper() and len(author) > 3:
        author = author.title()
    if not starts_theo and not orig and not m.group("photo"):
        # a bare name line: only when it looks like a name (2-4 capitalised words)
        if not author or not (2 <= len(words) <= 4) or s.endswith("."):
            return None
    return Byline(author, orig.strip() if orig else None, (m.group("photo") or "").strip() or None)
