"""Metadata found in the text of Vietnamese news pages: date lines, outlet prefixes, bylines.

All functions work on one line (a string) and return None when the line is not of
their kind, so each is testable alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------------------- dates
_WEEKDAY = (r"(?:Thứ\s*(?:Hai|Ba|Tư|Năm|Sáu|Bảy|Bẩy|[2-7])|Chủ\s*Nhật|CN|T[2-7]|"
            r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?)")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_EN = rf"(?P<mn>(?:{'|'.join(m[:3] for m in _MONTHS)})[a-z]*\.?)"  # "Aug", "August", "Sept."
# The forms a date takes in a stamp, each with groups d, m (or mn: an English month name)
# and y. The stamp grammar is built around each form (_DATE_LINE), and the quick test
# whether a line holds a date at all (_ANY_DATE) is the union of the forms.
_DATE_FORMS = {
    "numeric": r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})",
    "vietnamese": r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*(?:năm|,)?\s*(?P<y>\d{4})",
    "english": (rf"(?:{_MONTH_EN}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})|"
                rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn2>[A-Za-z]{{3,9}}\.?),?\s+(?P<y2>\d{{4}}))"),
    "iso": r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",  # a machine stamp: its own line grammar
}
_TIME = r"(?P<H>\d{1,2})\s*(?::|h|g|giờ)\s*(?P<M>\d{2})(?:\s*:\s*\d{2})?(?:\s*phút)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
_TZ = r"(?:\(?\s*(?:GMT|UTC)\s*\+\s*0?7(?::?00)?\s*\)?|[+]07:?00|\(?\s*giờ Hà Nội\s*\)?|ICT)"
_SEP = r"\s*(?:[|,\-–—]\s*)?"
_LABEL = (r"(?:(?:Cập nhật|Ngày cập nhật|Đăng|Đăng lúc|Đăng ngày|Ngày đăng|Ngày|Xuất bản|Ngày xuất bản|"
          r"Thời gian|Thời gian đăng|Published|Updated|Posted|Last updated)\s*(?:lúc|vào|on|at)?\s*:?\s*)?")
_WD = rf"(?:{_WEEKDAY}\s*[,|\-–]?\s*)?"
_NGAY = r"(?:ngày\s*)?"
_LUC = r"(?:lúc\s*|at\s*)?"
_COUNTER = r"(?:\s*[-|–,]\s*(?:Lượt xem|Lượt đọc|Số lượt xem|Lượt truy cập|Views?)\s*:?\s*[\d.,]+)?"
_TAIL = rf"\s*(?:{_TZ})?\s*\.?{_COUNTER}\s*$"


def _alts(date: str) -> list[re.Pattern[str]]:
    return [
        re.compile(rf"^\s*{_LABEL}{_WD}{_LUC}{_TIME}{_SEP}{_WD}{_NGAY}{date}{_TAIL}", re.I),
        re.compile(rf"^\s*{_LABEL}{_WD}{_NGAY}{date}{_SEP}{_LUC}{_TIME}{_TAIL}", re.I),
        re.compile(rf"^\s*{_LABEL}{_WD}{_NGAY}{date}{_TAIL}", re.I),
    ]


_DATE_LINE = [rx for name, form in _DATE_FORMS.items() if name != "iso" for rx in _alts(form)] + [
    re.compile(rf"^\s*{_LABEL}{_DATE_FORMS['iso']}(?:[T\s]+{_TIME}(?::\d{{2}})?)?\s*(?:Z|[+]0?7:?00|{_TZ})?\s*$",
               re.I)]
_TIME_LINE = re.compile(rf"^\s*{_LUC}{_TIME}{_TAIL}", re.I)
_ANY_DATE = re.compile("|".join(re.sub(r"\(\?P<\w+>", "(?:", f) for f in _DATE_FORMS.values()), re.I)


def parse_date_line(line: str) -> str | None:
    """ISO date(time) of a stand-alone publication stamp such as "08:47 | 14/08/2020",
    "Thứ Sáu, 14/08/2020 08:47 (GMT+7)", "14-08-2020 - 08:47 AM", "Thứ sáu, 14/8/2020 - 08:47",
    "14/08/2020 | 08:47 GMT+7", "Cập nhật lúc 08:47 ngày 14/08/2020", "Ngày 14 tháng 8 năm 2020"
    or "August 14, 2020 | 08:47 am GMT+7"; else None."""
    if len(line) > 90 or not _ANY_DATE.search(line):
        return None
    for rx in _DATE_LINE:
        m = rx.match(line)
        if m:
            return _iso(m.groupdict())
    return None


_CREDIT_DATE = re.compile(r"^\s*(?:Theo|Nguồn)\s*:?\s+(?P<o>[^\d|:]{2,40}?)\s*[|,\-–]?\s*(?P<rest>\d.*)$")


def parse_credit_date(line: str) -> tuple[str, str] | None:
    """(outlet, ISO date) of a stamp that also credits an outlet: "Theo Trí Thức Trẻ 02/11/2020 15:48"."""
    if len(line) > 90:
        return None
    m = _CREDIT_DATE.match(line)
    if not m:
        return None
    iso = parse_date_line(m.group("rest"))
    return (_clean_outlet(m.group("o")), iso) if iso else None


def parse_time_line(line: str) -> tuple[int, int] | None:
    """(hour, minute) of a line that is only a time stamp ("08:47 (GMT+7)")."""
    if len(line) > 30:
        return None
    m = _TIME_LINE.match(line)
    if not m:
        return None
    h = _hour(int(m.group("H")), m.group("ampm"))
    mi = int(m.group("M"))
    return (h, mi) if 0 <= h <= 23 and 0 <= mi <= 59 else None


def with_time(iso_date: str, hm: tuple[int, int]) -> str:
    return f"{iso_date[:10]}T{hm[0]:02d}:{hm[1]:02d}:00+07:00"


def _hour(h: int, ampm: str | None) -> int:
    ampm = (ampm or "").replace(".", "").lower()
    if ampm == "pm" and h < 12:
        return h + 12
    if ampm == "am" and h == 12:
        return 0
    return h


def _month(name: str | None) -> int:
    name = (name or "").lower().rstrip(".")
    for i, full in enumerate(_MONTHS):
        if len(name) >= 3 and full.startswith(name):
            return i + 1
    return 0


def _iso(g: dict) -> str | None:
    if g.get("d") is None and g.get("d2") is not None:
        g = dict(g, d=g["d2"], y=g["y2"], mn=g["mn2"])
    d, y = int(g["d"]), int(g["y"])
    mo = int(g["m"]) if g.get("m") else _month(g.get("mn"))
    if not (1 <= d <= 31 and 1 <= mo <= 12 and 1900 <= y <= 2100):
        return None
    if g.get("H") is None:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    h, mi = _hour(int(g["H"]), g.get("ampm")), int(g["M"])
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00+07:00"


# ---------------------------------------------------------------- outlet prefixes
# "(Tổ Quốc) - Chiều 13/8 …", "(Dân trí) - …", "DNTH: Chiều 13/8 …", "TTO - …", "VOV.VN - …"
_PREFIX_PAREN = re.compile(r"^\s*\((?P<o>[^()]{2,40})\)\s*[-–—:]\s*")
_PREFIX_ABBR = re.compile(r"^\s*(?P<o>[A-ZĐ][A-ZĐ0-9&.]{1,14}(?:\s[A-ZĐ][A-ZĐ0-9&.]{1,10})?"
                          r"(?:\s(?:Online|online|News|TV|Plus|\+))?)\s*(?:[-–—]|:)\s+(?=\S)")
# "Kinhtedothi - …", "Baonghean.vn - …": a site name written as one ASCII word
_PREFIX_SITE = re.compile(r"^\s*(?P<o>[A-Z][a-z]{4,20}(?:\.(?:vn|com|net|org)(?:\.vn)?)?)\s+[-–—]\s+(?=\S)")
# abbreviations that open ordinary sentences and are no outlet
_NOT_OUTLETS = {"TP", "TP.", "UBND", "HĐND", "GDP", "GRDP", "FDI", "ASEAN", "WHO", "LHQ", "USD", "VND",
                "CNC", "KCN", "BCH", "TW", "T.Ư", "ĐBQH", "THPT", "ĐH", "NATO", "EU", "UAE", "CPI", "PGS",
                "TS", "GS", "ThS", "BS", "CLB", "HLV", "VĐV", "ĐT", "QL", "QĐ", "NQ", "CP", "BHXH", "BHYT"}


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
    m = _PREFIX_ABBR.match(line) or _PREFIX_SITE.match(line)
    if m and m.group("o").rstrip(".") not in _NOT_OUTLETS:
        if "—" in line[m.end("o"):m.end()] and "." not in m.group("o"):
            return None  # "TOKYO — …": a place dateline, not an outlet
        rest = line[m.end():]
        if len(rest.split()) >= 6:  # a lead sentence follows, not a heading
            return Prefix(m.group("o").rstrip(), m.end())
    return None


# ------------------------------------------------------------------------ bylines
@dataclass
class Byline:
    author: str | None
    original_source: str | None
    photo: str | None
    strong: bool = False  # a credit form that ordinary text never takes ("Theo X (Y)", "PV")


_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper() and c.isalpha())
_NAME_WORD = rf"[{_UP}][^\s;:()/,|]*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}"
_NAMES = rf"{_NAME}(?:\s*(?:-|–|,|&|và|and)\s*{_NAME}){{0,3}}"
_ANON = r"(?:Nhóm\s+(?:PV|phóng viên|P\.V)|PV|P\.V|CTV|Nhóm CTV|Phóng viên|BTV|Ban Biên tập|Nhóm tác giả)"
_CREDIT = (r"(?:Theo\s+|By\s+|Bài(?:\s*(?:,|và)\s*ảnh)?\s*:\s*|Ảnh\s*(?:,|và)\s*bài\s*:\s*|"
           r"Tác giả\s*:\s*|Tin\s*(?:,|và)\s*ảnh\s*:\s*|Người viết\s*:\s*|Thực hiện\s*:\s*|Nhóm PV\s*:\s*)")
_BYLINE = re.compile(
    rf"^\s*(?P<credit>{_CREDIT})?"
    rf"(?P<author>{_ANON}(?:\s+{_NAME})?|{_NAMES})?"
    r"(?P<desk>\s*/\s*[^\s;()/][^;()/]{1,29})?"
    r"\s*(?:[;,\-–]\s*Ảnh\s*:\s*(?P<photo>[^()]+?))?"
    r"\s*(?:\((?P<orig>[^()]{2,40})\))?\s*\.?\s*$"
)
_SOURCE_LINE = re.compile(r"^\s*(?:Nguồn|Source)\s*:\s*(?P<orig>[^.!?]{2,60}?)\s*\.?\s*$", re.I)


def parse_byline(line: str) -> Byline | None:
    """A credit line: "Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)", "Theo VnExpress",
    "Minh Anh", "Bài và ảnh: Hà Linh", "PV", "Nhóm PV", "Hồng Điệp - Minh Quyết (TTXVN)",
    "Công Luận/VOV-TP.HCM", "By Vo Hai", "Tác giả: Minh Hải", "Nguồn: Báo Nhân dân"."""
    s = line.strip().rstrip(",;")
    if not s or len(s) > 90 or s.endswith(("?", "!", ":")) or "“" in s or '"' in s:
        return None
    m = _THEO_OUTLET.match(s)
    if m and len(s.split()) <= 7 and not _NAMES_ONLY_UPPER.match(m.group("o")):
        # "Theo VnExpress", "Theo Nhịp sống kinh tế": the credited outlet, not a person
        return Byline(None, _clean_outlet(m.group("o")), None, strong=True)
    m = _ORIGINAL_LINK.match(s)
    if m:
        return Byline(None, _clean_outlet(m.group("orig")), None, strong=True)
    m = _INITIALS.match(s)
    if m:  # "T.H", "N.A (tổng hợp)"
        return Byline(m.group("a"), _outlet_in_parens(m.group("orig")), None, strong=True)
    words = s.split()
    if len(words) > 14:
        return None
    m = _SOURCE_LINE.match(s)
    if m:
        return Byline(None, _clean_outlet(m.group("orig")), None, strong=True)
    m = _BYLINE.match(s)
    if not m or not (m.group("author") or m.group("orig")):
        return None
    credit = (m.group("credit") or "").strip()
    author = (m.group("author") or "").strip() or None
    orig = m.group("orig")
    if orig and (orig.lower().startswith(("ảnh", "ảnh:")) or re.fullmatch(r"[\d\s/.-]+", orig)):
        return None
    orig = _outlet_in_parens(orig)
    photo = (m.group("photo") or "").strip() or None
    anon = bool(author and re.match(rf"^{_ANON}$", author))
    if author and not credit and not orig and not photo and not anon and re.fullmatch(r"[A-Z][A-Z+/&-]{1,7}", author):
        # "VNS", "TTXVN", "AFP" alone: an outlet (agency) credit, not a person
        return Byline(None, author, None, strong=True)
    if credit.startswith("Theo") and author and not orig and not author.isupper() and len(author.split()) <= 4:
        # "Theo VnExpress" / "Theo Tuổi Trẻ": the credited outlet, not a person
        return Byline(None, author, photo, strong=True)
    shouted = bool(author and author.replace(" ", "").replace("-", "").isupper() and len(author) > 3)
    if author and not anon:
        author = _name_case(author)
    strong = bool(credit or m.group("orig") or photo or anon or m.group("desk") or shouted)
    if not strong:
        # a bare name line: only when it looks like a name (2-5 capitalised words)
        if not author or not (2 <= len(words) <= 5) or s.endswith("."):
            return None
    return Byline(author, orig, photo, strong=strong)


_THEO_OUTLET = re.compile(r"^\s*Theo\s+(?P<o>[A-ZĐ0-9][^.!?:;,()\"“”]{1,45}?)\s*\.?\s*$")
_NAMES_ONLY_UPPER = re.compile(r"^[^a-zà-ỹ]+$")  # "NGUYÊN TRANG": a person, shouted
_ORIGINAL_LINK = re.compile(r"^\s*(?:Xem bài gốc|Đọc bài gốc|Bài gốc|Xem nguồn)\s*(?:tại|ở|:)?\s*(?P<orig>[^.!?]{2,50}?)\s*$",
                            re.I)
_INITIALS = re.compile(r"^\s*(?P<a>[A-ZĐ]\.\s?(?:[A-ZĐ]\.?\s?){1,3})\s*(?:\((?P<orig>[^()]{2,40})\))?\s*$")
_ORG_CREDIT = re.compile(r"^\s*(?:Phòng|Ban|Trung tâm|Văn phòng|Tổ|Bộ phận)\s+(?=[^\n]*\b[A-ZĐ]{2,}(?:-[A-ZĐ&]{1,6})*\b)"
                         r"[^\s.,;:!?()]+(?:\s+[^\s.,;:!?()]+){0,4}\s*$")


def parse_org_credit(line: str) -> str | None:
    """A credit to an office at the end of a portal article ("Phòng VH-TT huyện")."""
    s = line.strip()
    return s if len(s) <= 60 and _ORG_CREDIT.match(s) else None


def _outlet_in_parens(orig: str | None) -> str | None:
    """The outlet named in a byline's parentheses: "(Nhân dân)", "(theo Reuters, AFP)";
    none for "(thực hiện)", "(tổng hợp)", "(lược dịch)"."""
    if not orig:
        return None
    o = orig.strip()
    m = re.match(r"^(?:theo|nguồn|từ|lược dịch theo|dịch theo|tổng hợp theo)\s*:?\s+(.+)$", o, re.I)
    if m:
        return _clean_outlet(m.group(1))
    if not o[:1].isupper():
        return None
    return _clean_outlet(o)


def _name_case(name: str) -> str:
    """"NGUYÊN TRANG" -> "Nguyên Trang"; names already in mixed case are kept."""
    out = []
    for w in name.split():
        out.append(w.capitalize() if w.isupper() and len(w) > 1 and w not in ("PV", "CTV", "BTV") else w)
    return " ".join(out)


def _clean_outlet(s: str) -> str:
    return " ".join(s.strip(" .-–").split())
