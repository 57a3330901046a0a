"""Date expressions, resolved against the publication date.

Recognised (case-insensitive), with the granularity of the resulting :class:`DateRef`:

* day: "Chiều 13/8", "sáng thứ Hai (10/8)", "ngày 13/8/2020", "13.08.2020", "ngày 25-10",
  "ngày 13 tháng 8 năm 2020", "Sáng 20.10" (a dot only after a time word);
* range (day precision): "ngày 19-21/12";
* month: "tháng 8", "tháng 8/2020";
* year: "năm 2035", "đến năm 2025", "đến 2030";
* range of years: "5 năm 2016 – 2020", "giai đoạn 2016-2025";
* relative: "hôm nay", "hôm qua", "hôm kia", "ngày mai", "sáng nay", "tối qua" (day);
  "tuần trước/này/tới" (Monday-Sunday range); "tháng trước/này/tới" (month);
  "năm ngoái/nay/tới" (year); "nhiệm kỳ tới" (range: publication year + 5, approximate).

A day and month without a year take the publication year, or the year before when that would
put the date more than ~2 months (62 days) after publication.

A bare "13/8" without a time word before it (and without a year) is not taken: it is as
likely a fraction or a score. Without a publication date, expressions that need one are
skipped.
"""
from __future__ import annotations

import datetime as dt
import re

from ..model import DateRef
from .doc import Doc
from ..settings import FactsSettings

_TOD = (r"(?:rạng sáng|sáng sớm|sáng|trưa|chiều tối|chiều|tối|đêm|khuya|hôm)"
        r"(?:\s+(?:nay|qua))?(?:\s+ngày)?|từ ngày|đến ngày|tới ngày|ngày|từ|đến|tới")
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật)"
_PRE = (r"(?P<pre>(?:" + _TOD + r")(?:\s*,?\s*" + _WEEKDAY + r")?[\s,]*\(?\s*|"
        + _WEEKDAY + r"[\s,]*\(?\s*)")
_B = r"(?<![\w./,:-])"
_E = r"(?![\w/]|[.,]\d)"

_DM = re.compile(
    _B + r"(?:" + _PRE + r")?(?P<d1>\d{1,2})(?:\s*[-–]\s*(?P<d2>\d{1,2}))?\s*/\s*"
    r"(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{4}))?" + _E
)
_DOTTED = re.compile(_B + r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})" + _E)
_ISO = re.compile(_B + r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})" + _E)
_DASH_DM = re.compile(
    _B + r"(?P<pre>ngày|sáng|chiều|tối|trưa|đêm|hôm)\s+(?P<d>\d{1,2})-(?P<m>\d{1,2})"
    r"(?:-(?P<y>\d{4}))?(?![\w/-])"
)
_LONG = re.compile(
    r"(?<!\w)ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm\s+|,\s*|/)(?P<y>\d{4}))?"
    + _E
)
_MONTH = re.compile(
    r"(?<!\d\s)(?<!\w)tháng\s+(?P<m>\d{1,2})(?:\s*(?:/|-|năm)\s*(?P<y>\d{4}))?(?![\w/]|\s*\d)"
)
_YEAR_RANGE = re.compile(
    r"(?<!\w)(?P<pre>(?:\d+\s+năm|giai\s+đoạn|thời\s+kỳ|nhiệm\s+kỳ|niên\s+khóa)\s+)?"
    r"(?P<y1>(?:19|20)\d{2})\s*[-–—]\s*(?P<y2>(?:19|20)\d{2})" + _E
)
_YEAR = re.compile(
    r"(?<!\w)(?:(?:đến|tới|từ|trước|sau|vào|cuối|đầu|giữa|trong)\s+)?năm\s+"
    r"(?P<y>(?:19|20)\d{2})" + _E + r"|(?<!\w)(?:đến|tới)\s+(?P<y2>(?:19|20)\d{2})(?![\w/-])"
)
_RELATIVE = re.compile(
    r"(?<!\w)(?P<rel>hôm nay|hôm qua|hôm kia|ngày mai|"
    r"(?:rạng sáng|sáng|trưa|chiều|tối|đêm)\s+(?:nay|qua)|"
    # "5 năm qua", "3 tháng tới" are durations, not the previous year / next month
    r"(?<!\d\s)(?:tuần\s+(?:trước|qua|này|tới|sau)|tháng\s+(?:trước|qua|này|tới|sau)|"
    r"năm\s+(?:ngoái|trước|qua|nay|tới|sau)|nhiệm\s+kỳ\s+tới))(?!\w)"
)
# "Sáng 20.10", "trưa 30.10": day.month with a dot, only after a time word
_DOT_DM = re.compile(
    r"(?<![\w./,:-])(?P<pre>(?:rạng sáng|sáng|trưa|chiều|tối|đêm|hôm|ngày)(?:\s+(?:nay|qua))?"
    r"\s+)(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?![\w/]|[.,]\d)"
)
_BYLINE = re.compile(r"(?:\d{1,2}:\d{2}\s*(?:[|,\-–]\s*)?|\|\s*)$")


def parse_ref(published: str | None) -> dt.date | None:
    """The reference date of an ISO date/datetime string (None when missing/invalid)."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _ymd(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve_day_month(d: int, m: int, y: int | None, ref: dt.date | None) -> dt.date | None:
    """A day/month (and optional year) as a date; see the module doc for the year rule."""
    if y is not None:
        return _ymd(y, m, d)
    if ref is None:
        return None
    cand = _ymd(ref.year, m, d)
    if cand is None:
        return None
    if cand > ref + dt.timedelta(days=62):
        cand = _ymd(ref.year - 1, m, d)
    return cand


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _relative(rel: str, ref: dt.date) -> tuple[str, str, str | None]:
    """(date, granularity, end_date) of a relative expression."""
    rel = " ".join(rel.split())
    last = rel.split()[-1]
    if rel in ("hôm nay",) or last == "nay" and not rel.startswith("năm"):
        return ref.isoformat(), "day", None
    if rel == "hôm kia":
        return (ref - dt.timedelta(days=2)).isoformat(), "day", None
    if rel == "ngày mai":
        return (ref + dt.timedelta(days=1)).isoformat(), "day", None
    if rel == "hôm qua" or (last == "qua" and not rel.startswith(("tuần", "tháng", "năm"))):
        return (ref - dt.timedelta(days=1)).isoformat(), "day", None
    if rel.startswith("tuần"):
        monday = ref - dt.timedelta(days=ref.weekday())
        shift = {"trước": -7, "qua": -7, "này": 0, "tới": 7, "sau": 7}[last]
        start = monday + dt.timedelta(days=shift)
        return start.isoformat(), "range", (start + dt.timedelta(days=6)).isoformat()
    if rel.startswith("tháng"):
        k = {"trước": -1, "qua": -1, "này": 0, "tới": 1, "sau": 1}[last]
        y, m = _month_add(ref.year, ref.month, k)
        return f"{y:04d}-{m:02d}", "month", None
    if rel.startswith("năm"):
        k = {"ngoái": -1, "trước": -1, "qua": -1, "nay": 0, "tới": 1, "sau": 1}[last]
        return f"{ref.year + k:04d}", "year", None
    # nhiệm kỳ tới: the coming (five-year) term, approximate
    return f"{ref.year:04d}", "range", f"{ref.year + 5:04d}"


def find_dates(doc: Doc | str, published: str | None = None) -> list[DateRef]:
    """All date expressions of the text, resolved against ``published``, in text order."""
    if isinstance(doc, str):
        doc = Doc.of(doc)
    text, low = doc.text, doc.low
    ref = parse_ref(published)
    cands: list[tuple[int, int, str, str, str | None]] = []  # start, end, date, gran, end_date

    def add(start: int, end: int, date: dt.date | str | None, gran: str,
            end_date: dt.date | str | None = None) -> None:
        if date is None:
            return
        ds = date.isoformat() if isinstance(date, dt.date) else date
        es = end_date.isoformat() if isinstance(end_date, dt.date) else end_date
        while start < end and text[start] in " (,":
            start += 1
        cands.append((start, end, ds, gran, es))

    for m in _DM.finditer(low):
        pre = (m.group("pre") or "").strip(" (,")
        y = int(m.group("y")) if m.group("y") else None
        if not pre and y is None:
            continue
        start, end = m.start(), m.end()
        if not pre or pre.startswith(("từ", "đến", "tới")):
            # keep "ngày" of "từ ngày 3/11" but not the preposition
            i = low.find("ngày", m.start(), m.start("d1"))
            start = i if i >= 0 else m.start("d1")
        if "(" in (m.group("pre") or "") and text[end:end + 1] == ")":
            end += 1
        d1, mo = int(m.group("d1")), int(m.group("m"))
        day = resolve_day_month(d1, mo, y, ref)
        if m.group("d2"):
            end_day = resolve_day_month(int(m.group("d2")), mo, day.year, ref) if day else None
            if day and end_day and end_day >= day:
                add(start, end, day, "range", end_day)
            continue
        add(start, end, day, "day")
    for rx in (_DOTTED, _ISO):
        for m in rx.finditer(low):
            add(m.start(), m.end(), _ymd(int(m.group("y")), int(m.group("m")), int(m.group("d"))),
                "day")
    for rx in (_DASH_DM, _DOT_DM):
        for m in rx.finditer(low):
            y = int(m.group("y")) if "y" in rx.groupindex and m.group("y") else None
            add(m.start(), m.end(),
                resolve_day_month(int(m.group("d")), int(m.group("m")), y, ref), "day")
    for m in _LONG.finditer(low):
        y = int(m.group("y")) if m.group("y") else None
        add(m.start(), m.end(), resolve_day_month(int(m.group("d")), int(m.group("m")), y, ref),
            "day")
    for m in _MONTH.finditer(low):
        mo = int(m.group("m"))
        if not 1 <= mo <= 12:
            continue
        if m.group("y"):
            add(m.start(), m.end(), f"{int(m.group('y')):04d}-{mo:02d}", "month")
        elif ref is not None:
            y = ref.year if (mo - ref.month) <= 2 else ref.year - 1
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}", "month")
    for m in _YEAR_RANGE.finditer(low):
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        if y2 > y1:
            add(m.start(), m.end(), f"{y1:04d}", "range", f"{y2:04d}")
    for m in _YEAR.finditer(low):
        y = m.group("y") or m.group("y2")
        add(m.start(), m.end(), f"{int(y):04d}", "year")
    if ref is not None:
        for m in _RELATIVE.finditer(low):
            date, gran, end = _relative(m.group("rel"), ref)
            add(m.start(), m.end(), date, gran, end)
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    out: list[DateRef] = []
    last_end = -1
    for start, end, date, gran, end_date in cands:
        if start < last_end:
            continue
        out.append(DateRef(text[start:end], start, end, date, gran, end_date))
        last_end = end
    return out


#: Words just before a date that make it something other than the day of the happening:
#: a start, end or deadline ("từ ngày", "đến ngày", "trước ngày", "hạn chót", "có hiệu lực
#: từ"), a birth ("sinh ngày"), an anniversary ("kỷ niệm ... ngày").
_NOT_HAPPENING_BEFORE = re.compile(
    r"(?:(?<!\w)(?:kể từ|từ|đến|tới|trước|sau|chậm nhất|muộn nhất|hạn chót|hạn cuối|hết hạn|"
    r"hạn|hiệu lực|áp dụng|sinh|sinh ra|qua đời|mất|từ trần|kỷ niệm|giỗ|thành lập|"
    r"cho đến|đến hết|trở đi)(?:\s+(?:ngày|hôm|hết ngày|từ ngày|vào ngày|vào))?\s*[,(]?\s*)$")
_NOT_HAPPENING_AFTER = re.compile(r"^\s*(?:trở đi|đến nay|tới nay|đến hết|[-–]\s*\d)")
#: A day named as the occasion of the happening ("chúc mừng ngày 1/6", "Mừng ngày Quốc tế
#: Thiếu nhi 1-6", "nhân dịp 1/6": a holiday, not the day something was done) or as the
#: point of comparison ("So với chốt phiên chiều qua", "so với tuần trước"): a few words may
#: stand between the marker and the date, no punctuation or number.
_OCCASION_OR_COMPARISON_BEFORE = re.compile(
    r"(?<!\w)(?:mừng|nhân dịp|nhân ngày|dịp|so với)(?:\s+[^\s\d,.;:()]+){0,5}\s*\(?\s*$")


def event_date(dates: list[DateRef], doc: Doc, title: str | None = None,
               published: str | None = None, lead_paragraphs: int = 3,
               lead_chars: int = 1500) -> str | None:
    """ISO date of the first day-precision date in the lead (a clustering signal).

    The lead is the first ``lead_paragraphs`` paragraphs (at most ``lead_chars``
    characters). Bylines ("08:47 | 14/08/2020") are skipped. When the lead has no such date
    the title is tried; otherwise None. The card's date is :func:`event_date_basis`.
    """
    if doc.paragraphs:
        k = min(lead_paragraphs, len(doc.paragraphs)) - 1
        lead_end = min(doc.paragraphs[k][1], lead_chars)
    else:
        lead_end = min(len(doc.text), lead_chars)
    for d in dates:
        if d.start >= lead_end:
            break
        if len(d.date) != 10 or d.granularity not in ("day", "range"):
            continue
        if _BYLINE.search(doc.text[max(0, d.start - 12):d.start]):
            continue
        return d.date
    if title:
        for d in find_dates(title, published):
            if len(d.date) == 10 and d.granularity in ("day", "range"):
                return d.date
    return None


def event_date_basis(dates: list[DateRef], doc: Doc, title: str | None = None,
                     published: str | None = None,
                     lead_paragraphs: int = FactsSettings.date_lead_paragraphs,
                     lead_chars: int = FactsSettings.date_lead_chars,
                     reported_days: int = FactsSettings.reported_days,
                     scheduled_days: int = FactsSettings.scheduled_days,
                     lead_sentences: int = FactsSettings.date_lead_sentences,
                     ) -> tuple[str | None, str | None]:
    """(ISO date, basis) of what one article reports, or (None, None).

    A candidate is a day (or day range: its first day) in the title or the lead (the
    first ``lead_paragraphs`` paragraphs, at most ``lead_chars`` characters; a text
    written without paragraph breaks, as VMDS's, has the lead of a paragraphed one: its
    first ``lead_sentences`` sentences, ``Settings.facts``), that is not a
    byline stamp ("08:47 | 14/08/2020"), a start, end or deadline ("từ ngày", "đến ngày",
    "trước ngày"), a birth or an anniversary, nor a relative week ("tuần trước"). It must
    lie within ``reported_days`` before publication (basis ``reported``) or
    ``scheduled_days`` after it (``Settings.facts``) (``scheduled``); dates further away are background
    ("năm 2012 ...", "ngày 23/6" in an August report) or plans. The earliest reported
    candidate wins (a report dated "Chiều 28-5, nạn nhân vẫn đang điều trị" tells of
    "tối 27-5"); without one, the earliest scheduled. When the lead names no such day, the
    first day named relative to the publication ("sáng qua", "ngày hôm qua"; no digits, not
    inside a “quotation”) within ``lead_chars`` is the candidate. Without a publication date
    every candidate counts as reported and the first one wins.
    """
    ref = parse_ref(published)
    if doc.paragraphs:
        k = min(lead_paragraphs, len(doc.paragraphs)) - 1
        lead_end = min(doc.paragraphs[k][1], lead_chars)
    else:
        lead_end = min(len(doc.text), lead_chars)
    if len(doc.paragraphs) < lead_paragraphs and len(doc.sentences) > lead_sentences > 0:
        # one block of text: 1,500 characters would reach the background and the
        # comparisons ("So với chốt phiên chiều qua") well past the lead
        lead_end = min(lead_end, doc.sentences[lead_sentences - 1][1])
    cands: list[tuple[str, str]] = []
    for d in dates:
        if d.start >= lead_end:
            break
        if _happening(d, doc.low, doc.text):
            cands.append((d.date, ""))
    if title:
        tdoc = Doc.of(title)
        for d in find_dates(tdoc, published):
            if _happening(d, tdoc.low, tdoc.text):
                cands.append((d.date, ""))
    if not cands:
        # nothing in the lead: a day named relative to the publication further on ("được ký
        # kết sáng qua", "phát biểu ... ngày hôm qua") is the report's own day by how it is
        # written; a numbered date there is as often background ("Hôm 27.5, ... đã chính
        # thức"), and a "hôm nay" inside a quotation is the speaker's day
        for d in dates:
            if d.start < lead_end:
                continue
            if d.start >= lead_chars:
                break
            if (not any(c.isdigit() for c in d.text) and not _in_quotation(doc.text, d.start)
                    and _happening(d, doc.low, doc.text)):
                cands.append((d.date, ""))
                break
    if ref is None:
        return (cands[0][0], "reported") if cands else (None, None)
    reported, scheduled = [], []
    for date, _ in cands:
        day = parse_ref(date)
        if day is None:
            continue
        delta = (ref - day).days
        if 0 <= delta <= reported_days:
            reported.append(date)
        elif 0 < -delta <= scheduled_days:
            scheduled.append(date)
    if reported:
        return min(reported), "reported"
    if scheduled:
        return min(scheduled), "scheduled"
    return None, None


def _in_quotation(text: str, i: int) -> bool:
    """Whether position ``i`` lies inside a quotation opened by “ and not closed before."""
    return text.rfind("“", 0, i) > text.rfind("”", 0, i)


def _happening(d: DateRef, low: str, text: str) -> bool:
    """A day-precision date that may be the day of the happening (see event_date_basis)."""
    if len(d.date) != 10 or d.granularity not in ("day", "range"):
        return False
    if d.text.lower().startswith("tuần"):
        return False
    if _BYLINE.search(text[max(0, d.start - 12):d.start]):
        return False
    if _NOT_HAPPENING_BEFORE.search(low[max(0, d.start - 30):d.start]):
        return False
    if _OCCASION_OR_COMPARISON_BEFORE.search(low[max(0, d.start - 50):d.start]):
        return False
    return not _NOT_HAPPENING_AFTER.search(low[d.end:d.end + 12])
