"""Figures: numbers with a unit, a multiplier or a counted noun, in Vietnamese conventions.

"." groups thousands and "," is the decimal mark ("5.000" = 5000, "10,54" = 10.54).

=================================  ==========  ==============
text                               value       unit
=================================  ==========  ==============
"23%"                              23          "%"
"10,54%/năm"                       10.54       "%/năm"
"22,7 đến 23,0%" (range)           22.7        "%"
"108 nghìn doanh nghiệp"           108000      "doanh nghiệp"
"1,2 triệu lao động"               1200000     "lao động"
"1,2 tỷ đồng"                      1.2e9       "đồng"
"120KV"                            120         "kV"
"5.000 người"                      5000        "người"
=================================  ==========  ==============

Qualifiers ("khoảng", "hơn", "gần") are not part of ``text`` but stay in ``context``.
Bare numbers without unit, multiplier or counted noun ("3 yếu tố", "8 bộ") are skipped, as
are dates, years, times, ordinals ("thứ 6"), list markers and numbers that name something
("Nghị quyết 50", "Quận 1", "bão số 13").
"""
from __future__ import annotations

import re

from ..model import Figure
from ..text.numbers import parse_number
from .doc import Doc

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_MULT = {"nghìn tỷ": 1e12, "ngàn tỷ": 1e12, "nghìn tỉ": 1e12, "triệu tỷ": 1e15,
         "nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,
         "trăm": 1e2}
# measure units: surface (lower-case) -> canonical
_UNITS = {
    "%/năm": "%/năm", "%": "%", "phần trăm": "%", "điểm phần trăm": "điểm phần trăm",
    "đồng": "đồng", "vnđ": "đồng", "vnd": "đồng", "đ": "đồng",
    "usd": "USD", "đô la mỹ": "USD", "đô la": "USD", "đôla": "USD", "$": "USD",
    "eur": "EUR", "euro": "EUR", "yên": "yên", "nhân dân tệ": "nhân dân tệ", "bảng anh": "bảng Anh",
    "kv": "kV", "kw": "kW", "kwh": "kWh", "mw": "MW", "mwh": "MWh", "gw": "GW", "gwh": "GWh",
    "m2": "m2", "m²": "m2", "km2": "km2", "km²": "km2", "m3": "m3", "m³": "m3",
    "km/h": "km/h", "km": "km", "m": "m", "cm": "cm", "mm": "mm",
    "ha": "ha", "hécta": "ha", "héc-ta": "ha", "hecta": "ha", "tấn": "tấn", "kg": "kg",
    "lít": "lít", "thùng": "thùng", "độ c": "°C", "°c": "°C", "teu": "TEU",
    "inch": "inch", "gb": "GB", "mb": "MB", "tb": "TB", "ghz": "GHz", "mhz": "MHz",
    "mah": "mAh", "mp": "MP", "megapixel": "MP",
}
#: Counted nouns taken as the unit of a bare number ("1,2 triệu lao động").
_COUNTED = sorted("""người|lao động|doanh nghiệp|hộ|hộ dân|hộ gia đình|ca|ca mắc|ca nhiễm|
trường hợp|dự án|công trình|xe|ô tô|căn hộ|căn nhà|ngôi nhà|học sinh|sinh viên|bệnh nhân|
du khách|khách|lượt|lượt khách|vụ|vụ việc|cơ sở|sản phẩm|đơn vị|xã|phường|tỉnh|chiếc|con|
cây|nhà đầu tư|cán bộ|đảng viên|binh sĩ|quân nhân|thí sinh|giáo viên|việc làm|hợp đồng|
tàu|máy bay|camera|vi phạm|đại biểu|quốc gia|nước|thành viên|hành khách|nạn nhân|
người dân|công nhân|trẻ em|cụm công nghiệp|khu công nghiệp|sàn|gian hàng|cửa hàng|
chợ|siêu thị|trường|bệnh viện|giường bệnh|liều|liều vắc xin|mẫu|tuyến|điểm""".replace(
    "\n", "").split("|"), key=len, reverse=True)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_UNITS, key=len, reverse=True))
_MULT_ALT = "|".join(sorted(_MULT, key=len, reverse=True))
_COUNTED_ALT = "|".join(re.escape(u) for u in _COUNTED)
_SP = r"[^\S\n]*"

_FIG = re.compile(
    r"(?<![\w.,/:\-])(?P<n1>" + _NUM + r")"
    r"(?:(?P<rsep>" + _SP + r"(?:-|–|đến|tới)" + _SP + r")(?P<n2>" + _NUM + r"))?"
    r"(?:" + _SP + r"(?P<mult>" + _MULT_ALT + r")(?!\w))?"
    r"(?:" + _SP + r"(?P<unit>" + _UNIT_ALT + r")(?![\w²³]))?"
    r"(?:[^\S\n]+(?P<noun>" + _COUNTED_ALT + r")(?!\w))?"
)
_SKIP_BEFORE = re.compile(
    r"(?<!\w)(?:nghị quyết|nghị định|quyết định|thông tư|chỉ thị|kết luận|điều|khoản|"
    r"(?<!con )số|thứ|lần thứ|khóa|quận|phường|bão|tuyến|luật|đại hội|kỳ họp|"
    r"hội nghị trung ương|quốc lộ|ql|đường|covid-|mục|chương|phần|tập|trang|hình|bảng|"
    r"phụ lục|top|hạng|lô|tầng|phòng|căn|nhà|ngõ|ngách|hẻm|block|tháp|giờ|lúc|nhóm|loại|"
    r"cấp|vòng|sư đoàn|trung đoàn|quân đoàn|quân khu|xóm|thôn|ấp|tổ|khu phố|khu|đội|"
    r"số nhà|euro|iphone|galaxy|windows|version|phiên bản)"
    r"[^\S\n]*$"
)


def clause_context(doc: Doc, start: int, end: int, limit: int = 200) -> str:
    """The clause around [start, end): its sentence, cut at ";", then grown comma-piece by
    comma-piece around the span while it fits in ``limit`` characters."""
    text = doc.text
    lo, hi = doc.sentence_at(start)
    hi = max(hi, end)
    semis = [lo + m.start() for m in re.finditer(";", text[lo:hi])]
    if any(p < start for p in semis):
        lo = max(p for p in semis if p < start) + 1
    if any(p >= end for p in semis):
        hi = min(p for p in semis if p >= end)
    if hi - lo > limit:
        commas = [lo + m.start() for m in re.finditer(r",\s", text[lo:hi])]
        lefts = [lo] + [c + 1 for c in commas if c < start]
        rights = [c for c in commas if c >= end] + [hi]
        ai, bi = len(lefts) - 1, 0
        grown = True
        while grown:
            grown = False
            if ai > 0 and rights[bi] - lefts[ai - 1] <= limit:
                ai -= 1
                grown = True
            if bi < len(rights) - 1 and rights[bi + 1] - lefts[ai] <= limit:
                bi += 1
                grown = True
        lo, hi = lefts[ai], rights[bi]
        if hi - lo > limit:  # one long piece: a window around the figure
            lo = max(lo, min(start, end - limit) - 20)
            hi = min(hi, lo + limit)
    ctx = text[lo:hi].strip(" ,;:.…\n")
    return " ".join(ctx.split())


def find_figures(doc: Doc, skip: list[tuple[int, int]] | None = None) -> list[Figure]:
    """All figures of the document in text order (``skip``: spans of dates etc.)."""
    skip = skip or []
    out: list[Figure] = []
    for m in _FIG.finditer(doc.low):
        s = m.start()
        unit_raw = m.group("unit")
        mult = m.group("mult")
        noun = m.group("noun")
        if not (unit_raw or mult or noun):
            continue
        e = m.end("unit") if unit_raw else (m.end("noun") if noun else m.end("mult"))
        if any(a < e and s < b for a, b in skip):
            continue
        if _SKIP_BEFORE.search(doc.low[max(0, s - 25):s]):
            continue
        n1 = m.group("n1")
        # years are not figures unless they measure something
        if re.fullmatch(r"(?:19|20)\d{2}", n1) and not (unit_raw or mult):
            continue
        value = parse_number(n1)
        if value is None:
            continue
        if mult:
            value *= _MULT[mult]
        unit = _UNITS.get(unit_raw, unit_raw) if unit_raw else (noun or "")
        text = " ".join(doc.text[s:e].split())
        out.append(Figure(text=text, value=value, unit=unit,
                          context=clause_context(doc, s, e), sources=[doc.doc_id],
                          start=s, end=e, doc_id=doc.doc_id))
    return out
