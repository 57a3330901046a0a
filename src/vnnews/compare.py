"""Claims alignment across the articles of one event: agreements and disagreements.

Claims are compared between *voices*: an article and its syndicated copies
(``duplicate_of``) are one voice.

* **Figures and dates.** The figures of ``facts[doc_id].figures`` (for an article
  without them, a small regex reader of numbers with a unit) and the day dates of
  ``facts[doc_id].dates`` plus the day/month dates ("13/8") they leave unresolved.
  Two statements report the same measure when they have the same unit and their
  contexts (the content syllables just before and after them, not past neighbouring
  figures; a date's whole clause), IDF-weighted over the event's sentences, overlap
  (Dice), each being the other's best match in its voice. A measure every voice that
  mentions it reports with the same value (up to rounding) is an agreement. Different
  values make a disagreement, one claim per value, when the match is stricter, the
  clauses are not lists of figures, and no voice states every value itself.
* **Names.** In the closest parallel sentences of two voices, the same slot (at least
  ``CompareSettings.anchor_min`` common words before, common words after) filled by different proper
  names: "buổi làm việc giữa Thường trực Thành uỷ Hà Nội" vs "buổi làm việc giữa Ban
  Thường vụ Thành ủy Hà Nội". Spelling variants, abbreviations and two ways of
  referring that both articles use ("Bí thư Vương Đình Huệ" / "Bí thư Thành ủy") are
  not disagreements.

A claim's text is verbatim: the clause (sentence part between semicolons) stating
the figure or date, or the anchor words plus the name. Its sources are every article
(copies included) of the voices that state it, in input order.
"""
from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from .model import Claim, Disagreement, Document, Facts
from .settings import CompareSettings
from .summarize import voices
from .text.numbers import parse_number

_TOKEN = re.compile(r"\w+(?:[.,]\d+)*")
_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_STOP = frozenset(
    "và với của các những là đã được có trong cho để từ đến tới khoảng gần hơn trên dưới "
    "theo này đó một nhiều sẽ đang thì mà như về tại vào ra lên nên cũng không năm ngày "
    "tháng chiều sáng tối trưa đêm hôm qua nay ông bà anh chị vừa rằng thêm bị do vì khi "
    "đây ở nhất cùng lại còn hoặc hay nơi chứ phải".split()
)
_NUM = r"\d+(?:[.,]\d+)*"
_MULTIPLIERS = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
# A number, an optional range ("từ 22,7 đến 23,0"), an optional multiplier, a unit.
_FIGURE = re.compile(
    rf"(?<![\w/.,-])(?P<a>{_NUM})(?:\s*(?:–|-|đến|tới)\s*(?P<b>{_NUM}))?"
    r"\s*(?P<unit>%|phần trăm|(?:(?:nghìn|ngàn|triệu|tỷ|tỉ)\s+)?[^\W\d_]+)(?!\w)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# A number that names rather than counts ("quý 3", "tháng 9", "lần 2", "số 5").
_ORDINAL = re.compile(r"\b(?:quý|tháng|năm|ngày|lần|thứ|số|khóa|khoá|kỳ|phiên|đợt)\s*$", re.IGNORECASE)
_DATE = re.compile(r"(?<![\w/.,-])(\d{1,2})([/-])(\d{1,2})(?:\2\d{4})?(?![\w/-])")
# Clause ends: a semicolon, or an ellipsis before a capital (a new sentence glued on).
_CLAUSE_END = re.compile(r";|…(?=\s+[A-ZĐ])")
_LEFT, _RIGHT = 10, 4  # context syllables before / after a figure
# A phrase ends at a punctuation mark or a conjunction (``_phrase_after``).
_PHRASE_BREAK = re.compile(r"[,;:.()\[\]\"“”!?–]|\s-\s")


def _broken(text: str) -> bool:
    return bool(_PHRASE_BREAK.search(text))


@lru_cache(maxsize=65536)
def _key(word: str) -> str:
    """Case- and tone-placement-insensitive form of a syllable ("uỷ" = "ủy")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return base + tones


_STOP_KEYS = frozenset(_key(w) for w in _STOP)
_JOIN_KEYS = frozenset(_key(w) for w in "và nhưng còn cùng trong".split())  # a conjunction ends a phrase


@dataclass(slots=True)
class _Token:
    text: str
    key: str
    start: int
    end: int

    @property
    def capital(self) -> bool:
        return self.text[0].isupper()


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group(0)
        a = offset + m.start()
        out.append(_Token(w, _key(w), a, a + len(w)))
    return out


class _Tokens:
    """What one comparison computes once and its passes share (the rules' strict and loose
    passes read the same event): each sentence tokenised once (figures, names and
    near-duplicates read the same sentences), by article id and sentence start; and the
    work of a pass that does not depend on the settings the loose variant changes
    (``loose_settings``), each keyed by the settings it does read (``_settings_key``)."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, int], list[_Token]] = {}
        self.statements: dict[tuple, tuple] = {}  # the figures' statements, shared by the rules' passes
        self.similar: dict[tuple, list] = {}  # statements' key -> their similar pairs (``_similar_pairs``)
        self.articles: dict[tuple[str, int], "_Article"] = {}  # name slots: one voice's sentences as keys
        self.parallel: dict[tuple[str, str, int], list] = {}  # name slots: best parallel sentences (``_parallel``)
        self.blocks: dict[tuple[tuple[str, ...], tuple[str, ...]], list] = {}  # ``matching_blocks``
        self._matchers: dict[tuple[str, ...], SequenceMatcher] = {}  # by second sequence
        self.steps: dict[tuple, list] = {}  # whole steps whose settings both passes share

    def __call__(self, doc: Document, sent) -> list[_Token]:
        k = (doc.id, sent.start)
        toks = self._by.get(k)
        if toks is None:
            toks = self._by[k] = _tokens(sent.text, sent.start)
        return toks

    def matching_blocks(self, a: list[_Token], b: list[_Token]) -> list:
        """``_blocks(a, b)``, once per pair of key sequences (the same words written in
        several articles, or read by both rules' passes, are aligned once); the matcher of
        each second sequence is kept (its index of ``b`` is made once)."""
        ka, kb = tuple(t.key for t in a), tuple(t.key for t in b)
        out = self.blocks.get((ka, kb))
        if out is None:
            sm = self._matchers.get(kb)
            if sm is None:
                sm = self._matchers[kb] = SequenceMatcher(None, None, list(kb), autojunk=False)
            sm.set_seq1(list(ka))
            out = self.blocks[(ka, kb)] = [m for m in sm.get_matching_blocks() if m.size >= 2]
        return out


def _settings_key(cfg: CompareSettings, fields: tuple[str, ...]) -> tuple:
    """The values of the settings a shared step reads (its cache key in ``_Tokens``)."""
    return tuple(getattr(cfg, f) for f in fields)


# ------------------------------------------------------------------ figures and dates
class Reading(NamedTuple):
    """A figure read from text: its value(s) (two for a range), unit, and the rounding
    tolerance of each value as written ("20,34 triệu" is ± 5 000)."""

    values: tuple[float, ...]
    unit: str
    tolerance: tuple[float, ...]


def parse_figure(text: str) -> Reading | None:
    """The first figure in ``text``: "khoảng 23%" → values (23.0,), unit "%";
    "từ 22,7 đến 23,0%" → (22.7, 23.0), "%"; "1,2 triệu lao động" → (1200000.0,),
    "lao". None without a number followed by a unit (a content syllable or %)."""
    m = _FIGURE.search(text)
    if m is None:
        return None
    unit_words = m.group("unit").lower().split()
    scale = 1.0
    if len(unit_words) > 1 and unit_words[0] in _MULTIPLIERS:
        scale = _MULTIPLIERS[unit_words[0]]
        unit_words = unit_words[1:]
    unit = "%" if unit_words[0] in ("%", "phần") else unit_words[0]
    numbers = [g for g in (m.group("a"), m.group("b")) if g]
    if len(numbers) == 2 and parse_number(numbers[0]) == 0:
        numbers = numbers[1:]  # "từ 0-100 km/h" is the end of the span, not a range of values
    values = [parse_number(g) for g in numbers]
    if _key(unit) in _STOP_KEYS or any(v is None for v in values):
        return None
    return Reading(tuple(round(v * scale, 6) for v in values if v is not None), unit,
                   tuple(0.5 * 10 ** -_decimals(g) * scale for g in numbers))


def _decimals(number: str) -> int:
    """Digits written after the decimal mark ("22,7" → 1, "5.000" → 0)."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", number):
        return 0
    mark = max(number.rfind(","), number.rfind("."))
    return len(number) - mark - 1 if mark >= 0 else 0


# What a figure measures besides its unit: two figures are one quantity only when no
# aspect below tells them apart. Each aspect maps a figure's near words (from the
# previous figure to the next, see ``_statements``) to labels; two figures whose labels
# of one aspect are both present and disjoint measure different things ("doanh thu quý
# 3" / "doanh thu 9 tháng", "lợi nhuận trước thuế" / "sau thuế", "kế hoạch" / "thực
# hiện", an intraday figure / the close, "sáng" / "chiều", "tăng" / "giảm").
_ASPECTS: dict[str, list[tuple[str, re.Pattern]]] = {
    aspect: [(label, re.compile(rx, re.IGNORECASE)) for label, rx in rules]
    for aspect, rules in {
        "basis": [("target", r"\b(?:kế hoạch|mục tiêu|chỉ tiêu|dự kiến|phấn đấu|dự toán|dự báo|"
                             r"ước tính|ước đạt|định hướng|đề ra|cam kết)\b"),
                  ("actual", r"\b(?:thực hiện|thực tế|đã đạt|hoàn thành|vượt)\b")],
        "tax": [("pre", r"\btrước thuế\b"), ("post", r"\bsau thuế\b")],
        "session": [("intraday", r"\b(?:có lúc|có thời điểm|đợt 1|mở cửa|giữa phiên|đầu phiên|lúc \d)"),
                    ("close", r"\b(?:đóng cửa|chốt phiên|kết phiên|kết thúc phiên|cuối phiên|"
                              r"cuối ngày|đóng phiên)\b")],
        "daytime": [(w, rf"\b{w}\b(?!\s+(?:cả|hơn))") for w in ("sáng", "trưa", "chiều", "tối", "đêm")]
                   + [("whole", r"\b(?:phiên này|cả phiên|toàn phiên|cả ngày)\b")],
        "period": [("q1", r"\bquý (?:i|1)\b"), ("q2", r"\bquý (?:ii|2)\b"), ("q3", r"\bquý (?:iii|3)\b"),
                   ("q4", r"\bquý (?:iv|4)\b"), ("6m", r"\b(?:6|sáu) tháng\b"), ("9m", r"\b(?:9|chín) tháng\b"),
                   ("year", r"\bcả năm\b"), ("month", r"\btháng (?:\d{1,2}|này)\b(?!\s*tháng)")],
        "per": [("day", r"(?:\bmỗi|\bmột|/)\s*ngày\b"), ("week", r"(?:\bmỗi|\bmột|/)\s*tuần\b"),
                ("month", r"(?:\bmỗi|\bmột|/)\s*tháng\b"), ("year", r"(?:\bmỗi|\bmột|/)\s*năm\b")],
        "direction": [("up", r"\b(?:tăng|lên|nhích|cao hơn)\b"), ("down", r"\b(?:giảm|xuống|lùi|mất|thấp hơn)\b")],
        # "sẽ tiêu thụ khoảng 1.000 tấn" / "đã tiêu thụ trên 20 tấn": a forecast, a result
        "tense": [("future", r"\bsẽ\b"), ("past", r"\bđã\b")],
        "year": [],  # filled from the years written near the figure (``_labels``)
    }.items()
}
_YEAR_NEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?!\d|[.,]\d)")
# Words before a figure that make it approximate: values within ``_APPROX`` agree.
# Words before a figure that make it a bound or an estimate, and the interval of values
# they allow around the figure x: "gần 30" is [0,9x, x], "hơn 20" / "ít nhất 20" is
# [x, 1,1x], "khoảng 300" is [0,97x, 1,03x]. Two figures whose intervals overlap are
# compatible: neither an agreement nor a difference ("gần 30 mũi" / "27 mũi",
# "hơn 231 tỷ" / "hơn 230 tỉ"); "hơn 12 tỷ" / "hơn 10 tỉ" stay a difference.
_HEDGES = [(re.compile(r"\b(?:gần như|gần|xấp xỉ|dưới|chưa tới|chưa đến|không tới|lên tới|lên đến|tới)\s*$", re.I), (0.9, 1.0)),
           (re.compile(r"\b(?:hơn|trên|ít nhất|tối thiểu|không dưới|ngoài)\s*$", re.I), (1.0, 1.1)),
           (re.compile(r"\b(?:khoảng|chừng|ước|ước tính|tầm|độ|cỡ)\s*$", re.I), (0.97, 1.03))]
_GENERIC = frozenset({"corp", "co", "inc", "ltd", "group", "cp", "jsc", "plc", "ag", "sa"})  # company-form words


# one search per aspect first: most near words have no label of most aspects
_ASPECT_ANY = {a: re.compile("|".join(f"(?:{rx.pattern})" for _, rx in rules), re.IGNORECASE)
               for a, rules in _ASPECTS.items() if rules}
_NO_LABEL: frozenset[str] = frozenset()


def _labels(near: str) -> dict[str, frozenset[str]]:
    """The aspect labels of a figure's near words (see ``_ASPECTS``)."""
    out = {a: (frozenset(label for label, rx in rules if rx.search(near))
               if a in _ASPECT_ANY and _ASPECT_ANY[a].search(near) else _NO_LABEL)
           for a, rules in _ASPECTS.items()}
    out["year"] = frozenset(_YEAR_NEAR.findall(near))
    return out


@dataclass
class _Statement:
    """A figure or date stated in one article, with its clause and context."""

    doc: int
    voice: str
    unit: str  # "date" for dates
    value: tuple[float, ...]
    tolerance: tuple[float, ...]
    clause: str
    context: list[_Token]
    weights: dict[str, float]
    crowded: bool  # its clause lists many figures (a table, a price list): ambiguous
    labels: dict[str, frozenset[str]] = field(default_factory=dict)  # aspects (``_ASPECTS``)
    head: frozenset[str] = frozenset()  # keys of the content syllables just before it
    hedge: tuple[float, float] = (1.0, 1.0)  # the interval a hedge word allows (``_HEDGES``)
    position: int = 0  # its start in the article (salience: earlier is more salient)
    words: list[_Token] = field(default_factory=list)  # every word of its context, for the label
    measure: tuple[str, ...] = ()  # the first content words of its phrase after its unit (``_phrase_after``)
    written: str = ""  # its number as written ("20,000")


def _same_quantity(a: _Statement, b: _Statement, cfg: CompareSettings) -> bool:
    """No aspect tells the two figures apart (``_ASPECTS``, and ``subject``: the names
    written before each figure in its clause, when both have some, share one:
    "Kimberly-Clark Corp tăng 4,2%" / "Whirlpool Corp. tăng 12%" are two companies), and
    they share a measure word (dates: their whole clauses were matched, no head needed)."""
    if any(a.labels.get(k) and b.labels.get(k) and not a.labels[k] & b.labels[k] for k in a.labels):
        return False
    n = cfg.measure_words
    if len(a.measure) >= n and len(b.measure) >= n and a.measure[:n] != b.measure[:n]:
        return False  # "48 ngôi nhà bị tốc mái" / "hơn 20 ngôi nhà bị sập đổ": another measure
    return a.unit == "date" or not cfg.need_head or bool(a.head & b.head)


def _close_enough(a: _Statement, b: _Statement) -> bool:
    """Single values whose intervals (rounding, widened by hedge words) overlap."""
    if a.unit == "date" or not len(a.value) == len(b.value) == 1 or a.hedge == b.hedge == (1.0, 1.0):
        return False
    # a hedged value's interval is the hedge's alone (its rounding is part of the hedge)
    x, tx = a.value[0], (0.0 if a.hedge != (1.0, 1.0) else a.tolerance[0])
    y, ty = b.value[0], (0.0 if b.hedge != (1.0, 1.0) else b.tolerance[0])
    lo_a, hi_a = x * a.hedge[0] - tx, x * a.hedge[1] + tx
    lo_b, hi_b = y * b.hedge[0] - ty, y * b.hedge[1] + ty
    return lo_a <= hi_b + 1e-9 and lo_b <= hi_a + 1e-9


def _hedge(before: str) -> tuple[float, float]:
    return next((span for rx, span in _HEDGES if rx.search(before)), (1.0, 1.0))


def _same_value(a: _Statement, b: _Statement) -> bool:
    """Equal values, up to the rounding of the less precise one."""
    return len(a.value) == len(b.value) and all(
        abs(x - y) <= max(tx, ty) + 1e-9
        for x, y, tx, ty in zip(a.value, b.value, a.tolerance, b.tolerance))


def _locate(doc: Document, text: str, start: int, end: int, context: str = "") -> tuple[int, int] | None:
    """[start, end) of a fact's text in ``doc.text``, trusting valid offsets first."""
    if not text:
        return None
    if 0 <= start < end <= len(doc.text) and doc.text[start:end] == text:
        return start, end
    base = doc.text.find(context) if context else -1
    at = doc.text.find(text, max(base, 0))
    if at < 0:
        at = doc.text.find(text)
    return (at, at + len(text)) if at >= 0 else None


def _found(doc: Document, facts: Facts | None) -> list[tuple[Reading, int, int]]:
    """The figures and day dates of one article, with their [start, end) spans."""
    found: list[tuple[Reading, int, int]] = []
    if facts and facts.figures:
        for f in facts.figures:
            reading = parse_figure(f.text)
            if reading is None and f.value is not None and f.unit:
                reading = Reading((f.value,), f.unit.lower(), (0.0,))
            where = _locate(doc, f.text, f.start, f.end, f.context)
            if reading and where:
                found.append((reading, *where))
    else:
        for m in _FIGURE.finditer(doc.text):
            reading = parse_figure(m.group(0))
            if reading and not (reading.unit != "%" and _YEAR.fullmatch(m.group("a"))) \
                    and not _ORDINAL.search(doc.text[max(0, m.start() - 8):m.start()]):
                found.append((reading, m.start(), m.end()))
    dated: list[tuple[int, int]] = []  # spans of the facts' dates
    for d in facts.dates if facts else ():
        where = _locate(doc, d.text, d.start, d.end)
        if where:
            dated.append(where)
            if d.granularity == "day" and len(d.date) == 10:
                day = (float(d.date[8:10]), float(d.date[5:7]))
                found.append((Reading(day, "date", (0.0, 0.0)), *where))
    for m in _DATE.finditer(doc.text):  # day/month dates the facts did not resolve
        day, month = int(m.group(1)), int(m.group(3))
        if 1 <= day <= 31 and 1 <= month <= 12 and not any(
                a < m.end() and m.start() < b for a, b in dated):
            found.append((Reading((float(day), float(month)), "date", (0.0, 0.0)), m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """[a, b) of the clause of ``text`` holding [start, end)."""
    a, b = 0, len(text)
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.end()
            break
    while a < b and text[a].isspace():
        a += 1
    return a, b


_THOUSANDS = re.compile(r"\d{1,3}[.,]\d{3}")


def _thousands_twice(text_a: str, a: tuple[float, ...], text_b: str, b: tuple[float, ...]) -> bool:
    """"20,000" (read with a decimal comma: 20) and "20 nghìn": one number written two ways."""
    if not (_THOUSANDS.fullmatch(text_a) or _THOUSANDS.fullmatch(text_b)) or len(a) != 1 or len(b) != 1 \
            or not (a[0] and b[0]):
        return False
    return abs(max(a[0], b[0]) / min(a[0], b[0]) - 1000) < 1e-6


def _phrase_after(doc: Document, toks: list[_Token], end: int, most: int) -> list[_Token]:
    """The content words after ``end`` (a number's unit) up to the end of its phrase: a
    punctuation mark, a conjunction, the next number; at most ``most``."""
    after: list[_Token] = []
    prev = end
    for u in toks:
        if u.start < end:
            continue
        if u.text[0].isdigit() or u.key in _JOIN_KEYS or _broken(doc.text[prev:u.start]):
            break
        prev = u.end
        if u.key not in _STOP_KEYS:
            after.append(u)
            if len(after) >= most:
                break
    return after


def _statements(doc: Document, i: int, voice: str, facts: Facts | None,
                idf: dict[str, float], cfg: CompareSettings, tok: _Tokens) -> list[_Statement]:
    """The figures and dates of one article's body, each with its clause and its
    context: content syllables before and after a figure (not past the neighbouring
    figures), the whole clause for a date."""
    found = _found(doc, facts)
    tokens: dict[int, list[_Token]] = {}  # content tokens of each sentence, by start
    out = []
    for k, (reading, start, end) in enumerate(found):
        sent = next((s for s in doc.sentences
                     if s.kind == "body" and s.start <= start and end <= s.end), None)
        if sent is None:
            continue
        if sent.start not in tokens:
            tokens[sent.start] = [t for t in tok(doc, sent)
                                  if t.key not in _STOP_KEYS and not t.text[0].isdigit()]
        # the unit's first word ("240 doanh| nghiệp") is a word of the label too
        unit_word = _key(reading.unit.split()[0]) if reading.unit not in ("date", "%") else ""
        a, b = _clause(sent.text, start - sent.start, end - sent.start)
        a, b = sent.start + a, sent.start + b
        toks = [t for t in tokens[sent.start] if a <= t.start and t.end <= b]
        lo = max(a, found[k - 1][2] if k else 0)
        hi = min(b, found[k + 1][1] if k + 1 < len(found) else len(doc.text))
        if reading.unit == "date":  # a date sets the time of its whole clause
            context = [t for t in toks if t.end <= start or end <= t.start]
        else:
            context = ([t for t in toks if lo <= t.start and t.end <= start][-_LEFT:]
                       + [t for t in toks if end <= t.start and t.end <= hi][:_RIGHT])
        weights = {t.key: idf.get(t.key, 1.0) for t in context}
        near = [f[0].unit for f in found if a <= f[1] and f[2] <= b]
        crowded = near.count(reading.unit) >= cfg.crowded or len(near) > cfg.crowded
        words = [t for t in tok(doc, sent) if a <= t.start and t.end <= b and not t.text[0].isdigit()
                 and (t.end <= start or end <= t.start or (unit_word and t.key == unit_word))]
        if reading.unit != "date":
            words = ([t for t in words if lo <= t.start and t.end <= start][-cfg.label_left:]
                     + [t for t in words if start < t.start and t.end <= hi][:_RIGHT])
        if reading.unit == "date":
            near_text, head = doc.text[a:b], frozenset()
        else:  # from the previous figure (or the clause start) to a little after this one
            # the clause up to the figure and a little after (not past the next figure):
            # "tăng 8.300 tỷ đồng tương đương 0,8%" is a rise of 0,8%
            nxt = next((f[1] for f in found[k + 1:] if f[0].unit != "date"), len(doc.text))
            near_text = doc.text[a:start] + " " + doc.text[end:min(nxt, b, end + 40)]
            head = frozenset(t.key for t in [t for t in toks if lo <= t.start and t.end <= start][-cfg.head:])
        labels = _labels(near_text)
        if not labels["year"] and cfg.year_default and doc.published and doc.published[:4].isdigit():
            # no year written: of the year it is reported in, or the year before ("năm 2015" in
            # a 2016 ranking), not of a year long past ("Năm 1999, một trận động đất ...")
            labels["year"] = frozenset({doc.published[:4], str(int(doc.published[:4]) - 1)})
        if reading.unit != "date":  # who or what the figure is about: names before it
            labels["subject"] = frozenset(t.key for t in toks if t.end <= start and t.capital
                                          and t.start > (max(lo, a) if cfg.subject_near else a)
                                          and t.key not in _STOP_KEYS | _GENERIC)
        measure = ()
        if reading.unit != "date":
            m = _FIGURE.match(doc.text, start)
            measure = tuple(u.key for u in _phrase_after(doc, tok(doc, sent), m.end() if m else end, cfg.measure_words))
        out.append(_Statement(i, voice, reading.unit, reading.values, reading.tolerance,
                              doc.text[a:b].strip(), context, weights, crowded,
                              labels, head,
                              _hedge(doc.text[max(a, start - 14):start]), start, words, measure,
                              m.group(0) if (m := re.match(_NUM, doc.text[start:end])) else ""))
    return out


# the settings ``_statements`` reads (the key of the statements the rules' passes share)
_STATEMENT_FIELDS = ("crowded", "label_left", "head", "year_default", "subject_near", "measure_words")


def _idf(docs: list[Document]) -> dict[str, float]:
    df: Counter[str] = Counter()
    n = 0
    for d in docs:
        for s in d.sentences:
            n += 1
            df.update({_key(t) for t in _TOKEN.findall(s.text)})
    return {k: math.log((n + 1) / (c + 1)) + 1.0 for k, c in df.items()}


def _similarity(a: _Statement, b: _Statement) -> float:
    """IDF-weighted Dice overlap of two contexts."""
    common = sum(a.weights[k] for k in a.weights.keys() & b.weights.keys())
    total = sum(a.weights.values()) + sum(b.weights.values())
    return 2 * common / total if total else 0.0


def _similar_pairs(stmts: list[_Statement]) -> list[tuple[int, str, int, float]]:
    """Every ordered pair (i, j) of statements of one unit and two voices whose contexts
    overlap, as ``(i, voice of j, j, similarity)``, in the order ``_align`` reads them
    (by unit, then i, then j). One similarity per pair (it is symmetric: computed once, as
    ``_similarity(stmts[min], stmts[max])``). A pair of similarity 0 is left out: it can
    be no statement's best match whatever the threshold."""
    by_unit: dict[str, list[int]] = defaultdict(list)
    for i, st in enumerate(stmts):
        by_unit[st.unit].append(i)
    totals = [sum(st.weights.values()) for st in stmts]  # ``_similarity``'s sums, made once
    out = []
    for idx in by_unit.values():
        sims: dict[tuple[int, int], float] = {}
        for i in idx:
            wi = stmts[i].weights
            for j in idx:
                if stmts[i].voice != stmts[j].voice:
                    sim = sims.get((j, i))
                    if sim is None:  # ``_similarity(stmts[i], stmts[j])``, the same sums in the same order
                        common_keys = wi.keys() & stmts[j].weights.keys()
                        if common_keys:
                            total = totals[i] + totals[j]
                            sim = 2 * sum(wi[k] for k in common_keys) / total if total else 0.0
                        else:
                            sim = 0.0
                        sims[(i, j)] = sim
                    if sim > 0.0:
                        out.append((i, stmts[j].voice, j, sim))
    return out


def _align(stmts: list[_Statement], cfg: CompareSettings, pairs: list[tuple[int, str, int, float]] | None = None
           ) -> list[tuple[list[_Statement], float]]:
    """Groups of statements of one measure (one per voice, linked by mutual best
    matches) with the weakest link's similarity. ``pairs``: ``_similar_pairs(stmts)``
    when already computed (the rules' passes share it)."""
    best: dict[tuple[int, str], tuple[float, int]] = {}
    for i, voice, j, sim in (_similar_pairs(stmts) if pairs is None else pairs):
        if sim >= cfg.agree_min and sim > best.get((i, voice), (0.0, -1))[0]:
            best[(i, voice)] = (sim, j)
    parent = list(range(len(stmts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    strength: Counter[int] = Counter()
    links: list[tuple[int, int, float]] = []
    for (i, _), (sim, j) in best.items():
        if i < j and best.get((j, stmts[i].voice), (0.0, -1))[1] == i:
            parent[find(i)] = find(j)
            strength[i] += sim
            strength[j] += sim
            links.append((i, j, sim))
    members: dict[int, list[int]] = defaultdict(list)
    for i in strength:
        members[find(i)].append(i)
    groups = []
    for idx in members.values():
        per_voice: dict[str, int] = {}
        for i in sorted(idx, key=lambda i: -strength[i]):
            per_voice.setdefault(stmts[i].voice, i)
        chosen = set(per_voice.values())
        sims = [s for i, j, s in links if i in chosen and j in chosen]
        if len(chosen) >= 2 and sims:
            groups.append(([stmts[i] for i in sorted(chosen, key=lambda i: stmts[i].doc)], min(sims)))
    return groups


def _common_order(a: list[str], b: list[str]) -> list[int]:
    """Indexes into ``a`` of a longest common subsequence of ``a`` and ``b``."""
    n, m = len(a), len(b)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        if a[i] == b[j]:
            out.append(i)
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _shared_words(group: list[_Statement]) -> list[str]:
    """The content syllables every statement's context has (how strongly they match)."""
    shared = set.intersection(*({t.key for t in st.context} for st in group))
    return list(dict.fromkeys(t.text for t in group[0].context if t.key in shared))


def _label(group: list[_Statement], cfg: CompareSettings) -> str:
    """A disagreement's topic: the words every claim writes around its figure, in the
    order all of them write them (a common subsequence: no claim's words reordered),
    without leading or trailing function words, at most ``cfg.topic_words`` of them (those
    nearest the figure)."""
    words = group[0].words
    kept = list(range(len(words)))
    for other in group[1:]:
        sub = [words[i].key for i in kept]
        kept = [kept[i] for i in _common_order(sub, [t.key for t in other.words])]
    out = [words[i] for i in kept]
    while out and out[0].key in _STOP_KEYS:
        out.pop(0)
    while out and out[-1].key in _STOP_KEYS:
        out.pop()
    if len(out) > cfg.topic_words:
        near = sorted(out, key=lambda t: abs(t.start - group[0].position))[:cfg.topic_words]
        out = [t for t in out if t in near]
    before = [t.text for t in out if t.start < group[0].position]
    after = [t.text for t in out if t.start >= group[0].position]
    return " … ".join(w for w in (" ".join(before), " ".join(after)) if w)  # "…": where the figure stands


def _sources(voice_set: set[str], voice_of: list[str], docs: list[Document]) -> list[str]:
    """Every article (copies included) of the given voices, in input order."""
    return [d.id for d, v in zip(docs, voice_of) if v in voice_set]


def _ambiguous(st: _Statement, own: list[_Statement], cfg: CompareSettings) -> bool:
    """The voice of ``st`` itself gives the measure two values in like contexts ("Tổng
    khối lượng giao dịch đạt ..." for each exchange or session): which of its figures
    answers another voice's is unknown."""
    return any(o.clause != st.clause and not _same_value(o, st) and _similarity(o, st) >= cfg.ambiguous_min
               for o in own)


def _salience(group: list[_Statement]) -> tuple[int, int]:
    """Sort key of a disagreement, most salient first: more voices, then earlier in the
    articles (a lead's figure before a background one)."""
    return -len({st.voice for st in group}), min(st.position for st in group)


def _figure_claims(docs: list[Document], voice_of: list[str], facts: dict[str, Facts],
                   cfg: CompareSettings, tok: _Tokens
                   ) -> tuple[list[Claim], list[tuple[tuple[int, int], Disagreement]]]:
    # the statements depend on these settings only (not on the thresholds the loose pass lowers)
    key = _settings_key(cfg, _STATEMENT_FIELDS)
    if key not in tok.statements:
        idf = _idf(docs)
        found: list[_Statement] = []
        for i, d in enumerate(docs):
            if voice_of[i] == d.id:
                found.extend(_statements(d, i, voice_of[i], facts.get(d.id), idf, cfg, tok))
        tok.statements[key] = tuple(found)
    stmts = list(tok.statements[key])
    if key not in tok.similar:
        tok.similar[key] = _similar_pairs(stmts)
    by_voice: dict[tuple[str, str], list[_Statement]] = defaultdict(list)  # (voice, unit)
    for st in stmts:
        by_voice[(st.voice, st.unit)].append(st)
    agreements: dict[str, Claim] = {}
    disagreements: list[Disagreement] = []
    for group, weakest in _align(stmts, cfg, tok.similar[key]):
        by_value: list[list[_Statement]] = []
        for st in group:
            same = next((sts for sts in by_value if _same_value(sts[0], st)), None)
            if same is None:
                by_value.append([st])
            else:
                same.append(st)
        if len(by_value) == 2 and _thousands_twice(by_value[0][0].written, by_value[0][0].value,
                                                   by_value[1][0].written, by_value[1][0].value):
            continue  # "20,000" / "20 nghìn": one number written two ways
        if len(by_value) > 1 and all(_close_enough(x[0], y[0]) for x, y in itertools.combinations(by_value, 2)):
            continue  # "hơn 230 tỉ" / "hơn 231 tỷ": compatible bounds, neither an agreement nor a difference
        if len(by_value) == 1:
            claim = Claim(group[0].clause, _sources({s.voice for s in group}, voice_of, docs))
            same_text = agreements.setdefault(claim.text, claim)  # two figures, one clause
            same_text.sources = list(dict.fromkeys(same_text.sources + claim.sources))
            continue
        shared = _shared_words(group)
        if (weakest < (cfg.date_disagree_min if group[0].unit == "date" else cfg.disagree_min)
                or len(shared) < cfg.shared_min or any(st.crowded for st in group)
                or (cfg.filters and not all(_same_quantity(x, y, cfg) for x, y in itertools.combinations(group, 2)))
                or any(all(any(_same_value(sts[0], o) for o in by_voice[(st.voice, st.unit)])
                           for sts in by_value) for st in group)
                or (cfg.filters and any(_ambiguous(st, by_voice[(st.voice, st.unit)], cfg) for st in group))):
            continue  # a weak match, a list of figures, or a voice that states every value
        unit = "ngày" if group[0].unit == "date" else group[0].unit
        claims = [Claim(sts[0].clause, _sources({s.voice for s in sts}, voice_of, docs))
                  for sts in by_value]
        disagreements.append((_salience(group), Disagreement(f"{_label(group, cfg) or ' '.join(shared)} ({unit})", claims)))
    return list(agreements.values()), disagreements


# ------------------------------------------------------------------ names
@dataclass
class _Slot:
    """A name filling the slot after ``anchor`` in one voice's sentence."""

    anchor: str
    anchor_key: tuple[str, ...]
    name_key: tuple[str, ...]
    text: str
    voice: str
    position: int = 0  # start of the name in its article


def _in_name(toks: list[_Token], k: int) -> bool:
    """Capitalised, or a lower-case content syllable next to a capitalised one
    ("Thành uỷ", "Ban Thường vụ Thành", "Cán sự đảng Bộ")."""
    t = toks[k]
    if t.capital:
        return True
    if t.key in _STOP_KEYS or t.text[0].isdigit():
        return False
    return (k > 0 and toks[k - 1].capital) or (k + 1 < len(toks) and toks[k + 1].capital)


def _is_name(toks: list[_Token], i: int, j: int) -> bool:
    return any(t.capital for t in toks[i:j]) and all(_in_name(toks, k) for k in range(i, j))


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if c.isalnum())


def _variant(a: list[_Token], b: list[_Token], text_a: str, text_b: str) -> bool:
    """Two forms of one name: spelling variants ("Liên Hiệp Quốc"/"Liên Hợp Quốc",
    "Manmohan"/"Manhoman"), an abbreviation ("UBND TP", "Bộ KH-CN"), a hyphenated
    transliteration ("Cay-xỏn"/"Kaysone", "V.Pu-tin"/"Putin") or a short form
    ("Tú – Sơn"/"Minh Tú – Thái Sơn", "ông D"/"ông Dũng"); or a list ("Trung, Nam"),
    not one name. ``text_a``/``text_b``: the spans as written."""
    if any(t.text.isupper() for t in a + b):
        return True
    if re.search(r"\w-\w|[,;:()/]", text_a + " " + text_b):
        return True
    ka, kb = {t.key for t in a}, {t.key for t in b}
    if ka <= kb or kb <= ka:
        return True
    return len(a) == len(b) and all(
        SequenceMatcher(None, _plain(x.text), _plain(y.text)).ratio() >= 0.5 for x, y in zip(a, b))


def _edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def _titled(x: "_Article", diff: list[_Token], span: list[_Token]) -> bool:
    """The differing stretch holds a title ("Chủ tịch Ủy ban" / "Bí thư", "Chủ tịch nước"
    / "Tổng thống") or follows one ("Phó Thủ tướng| Chính phủ" / "Phó thủ tướng| Việt
    Nam"): two ways of titling one person, not two names."""
    from .facts.lexicon import lower_same, title_lexicon

    text = x.doc.text
    rx = title_lexicon().regex
    before = text[max(0, diff[0].start - 30):diff[0].start]
    return bool(rx.search(lower_same(text[diff[0].start:diff[-1].end]))) or bool(
        re.search(rf"(?:{rx.pattern})\s*$", lower_same(before), rx.flags))


def _glued(x: "_Article", diff: list[_Token], span: list[_Token]) -> bool:
    """The differing stretch heads a longer name: the name goes on after it, with no
    punctuation between ("Trần| Xuân Danh", "Thường trực| Thành uỷ"), or it is one given
    name after two name syllables ("Cao Thị| Hằng"); not a whole name of its own or the
    end of one ("Australia, Philippines" / "Úc, Philippines";
    "Nguyễn |Văn An, Phó Chủ tịch" / "Nguyễn |Sinh Hùng; Phó Chủ tịch": two people of a list)."""
    k = next(i for i, t in enumerate(span) if t is diff[0])
    n = k + len(diff)
    text = x.doc.text
    if n < len(span) and span[n].capital and not text[diff[-1].end:span[n].start].strip():
        return True
    # or a given name after a family and middle name ("Cao Thị| Hằng" / "Cao Thị| Huế")
    return len(diff) == 1 and k >= 2 and all(
        t.capital for t in span[k - 2:k]) and not text[span[k - 2].start:diff[0].start].count(",")


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _one_name(x: "_Article", da: list[_Token], span_a: list[_Token],
              y: "_Article", db: list[_Token], span_b: list[_Token]) -> bool:
    """Two differing stretches ``da``/``db`` (in the names ``span_a``/``span_b``) that
    are one name, or two names a reader would not call a disagreement:

    * each article also writes the other's form ("Man City" and "Manchester City");
    * an abbreviation: one form's letters, first letters alike, run through the other's
      ("Cty"/"Công ty", "TP HCM"/"Thành phố Hồ Chí Minh");
    * a spelling variant ("Mường Nọc"/"Mường Noọc", "Vành đai"/"Vành đại");
    * a whole name in a list, not a part of a longer name ("Australia, Philippines" /
      "Úc, Philippines");
    * two names with no capitalised syllable in common: another way of naming, not a
      rival version of one name ("Saudi Arabia"/"Arập Xê út", "Sài Gòn"/"TP HCM",
      "Kuala Lumpur"/"Malaysia"); a disagreement is one name told two ways
      ("Trần Xuân Danh"/"Nguyễn Xuân Danh", "Ban Thường vụ Thành ủy"/"Thường trực Thành uỷ").
    """
    if x.says(db) and y.says(da):
        return True
    if _titled(x, da, span_a) or _titled(y, db, span_b):
        return True  # "Chủ tịch nước" / "Tổng thống"; "Phó Thủ tướng Chính phủ" / "Phó thủ tướng Việt Nam"
    if not (_glued(x, da, span_a) and _glued(y, db, span_b)):
        return True  # a whole name of a list ("Australia, Philippines" / "Úc, Philippines")
    pa, pb = _plain(" ".join(t.text for t in da)), _plain(" ".join(t.text for t in db))
    short, long = sorted((pa, pb), key=len)
    if short and short[0] == long[0] and _subsequence(short, long):
        return True
    if _edits(pa, pb) <= max(1, len(long) // 5):
        return True
    caps = lambda span: {t.key for t in span if t.capital}  # noqa: E731
    return not (caps(span_a) & caps(span_b))


class _Article:
    """Body sentences of one voice's article as keys (tokens built only for the pairs
    that are read slot by slot), and its keys for look-ups."""

    def __init__(self, doc: Document, max_sentences: int):
        self.doc = doc
        # (sentence, its keys, the keys of its capitalised words after the first)
        self.sentences: list[tuple[object, set[str], set[str]]] = []
        self._keys: list[list[str]] = []
        self._grams: dict[int, list[set[tuple[str, ...]]]] = {}
        keys: list[str] = []
        for s in [s for s in doc.sentences if s.kind == "body"][:max_sentences]:
            words = _TOKEN.findall(s.text)
            ks = [_key(w) for w in words]
            caps = {k for w, k in zip(words[1:], ks[1:]) if w[0].isupper()}
            self.sentences.append((s, set(ks), caps))
            self._keys.append(ks)
            keys.extend(ks)
        self.keys = f" {' '.join(keys)} "
        self.sizes = [len(sk) for _, sk, _ in self.sentences]

    def grams(self, n: int) -> list[set[tuple[str, ...]]]:
        """Each sentence's key n-grams (made once per ``n``)."""
        out = self._grams.get(n)
        if out is None:
            out = self._grams[n] = [set(zip(*(ks[i:] for i in range(n)))) for ks in self._keys]
        return out

    def says(self, toks: list[_Token]) -> bool:
        return f" {' '.join(t.key for t in toks)} " in self.keys


def _parallel(x: _Article, y: _Article) -> list[tuple[float, int]]:
    """For each sentence of ``x``, its best parallel sentence in ``y``: the token-set
    cosine of the most similar one and the index of the last sentence of that similarity
    (-1 when ``y`` has none). The pass with threshold ``parallel_min`` reads the sentence
    there when the similarity reaches it: the same sentence as a scan keeping the last
    one at least as similar as the best so far, starting from ``parallel_min``."""
    out = []
    ys = y.sentences
    for _, sa, _ in x.sentences:
        best, best_sim = -1, -1.0
        na = len(sa)
        for k, nb in enumerate(y.sizes):
            sim = len(sa & ys[k][1]) / math.sqrt(na * nb) if na and nb else 0.0
            if sim >= best_sim:
                best, best_sim = k, sim
        out.append((best_sim, best))
    return out


def _blocks(a: list[_Token], b: list[_Token]) -> list:
    """The matching blocks (two words or more) of two sentences' keys."""
    return [m for m in SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False
                                       ).get_matching_blocks() if m.size >= 2]


def _slots(x: _Article, a: list[_Token], y: _Article, b: list[_Token], cfg: CompareSettings,
           blocks: list | None = None) -> list[tuple[_Slot, _Slot]]:
    """Name slots filled differently in parallel sentences ``a`` (of x) and ``b`` (of y);
    ``blocks``: ``_blocks(a, b)`` when already computed."""
    if blocks is None:
        blocks = _blocks(a, b)
    out = []
    for left, right in zip(blocks, blocks[1:]):
        i1, j1, i2, j2 = left.a + left.size, left.b + left.size, right.a, right.b
        if (left.size < cfg.anchor_min or not (0 < i2 - i1 <= cfg.slot_max and 0 < j2 - j1 <= cfg.slot_max)
                or not (_is_name(a, i1, i2) and _is_name(b, j1, j2))
                or _variant(a[i1:i2], b[j1:j2], x.doc.text[a[i1].start:a[i2 - 1].end],
                            y.doc.text[b[j1].start:b[j2 - 1].end])):
            continue
        # widen both names over the common words around them that belong to the name
        back = 0
        while back < left.size - cfg.anchor_min and _in_name(a, i1 - back - 1) and a[i1 - back - 1].capital:
            back += 1
        grow = 0
        while grow < right.size and (a[i2 + grow].capital or (
                grow + 1 < right.size and a[i2 + grow + 1].capital and _in_name(a, i2 + grow))):
            grow += 1
        span_a, span_b = a[i1 - back:i2 + grow], b[j1 - back:j2 + grow]
        if _one_name(x, a[i1:i2], span_a, y, b[j1:j2], span_b):
            continue
        anchor_a, anchor_b = a[max(left.a, i1 - back - 4):i1 - back], b[max(left.b, j1 - back - 4):j1 - back]
        anchor = x.doc.text[anchor_a[0].start:anchor_a[-1].end]
        anchor_key = tuple(t.key for t in anchor_a)
        out.append((
            _Slot(anchor, anchor_key, tuple(t.key for t in span_a),
                  x.doc.text[anchor_a[0].start:span_a[-1].end], x.doc.id, anchor_a[0].start),
            _Slot(anchor, anchor_key, tuple(t.key for t in span_b),
                  y.doc.text[anchor_b[0].start:span_b[-1].end], y.doc.id, anchor_b[0].start),
        ))
    return out


def _name_disagreements(docs: list[Document], voice_of: list[str], cfg: CompareSettings, tok: _Tokens
                        ) -> list[tuple[tuple[int, int], Disagreement]]:
    # the first voices and their first sentences bound this quadratic step (leads carry
    # who met whom): ``cfg.max_name_voices``, ``cfg.max_name_sentences``
    speaking = [d for d, v in zip(docs, voice_of) if v == d.id][:cfg.max_name_voices]
    # the rules' passes share the articles' keys, the best parallel sentences (the cut at
    # ``parallel_min`` is the pass's) and the matching blocks of each pair read (``_Tokens``)
    articles = []
    for d in speaking:
        art = tok.articles.get((d.id, cfg.max_name_sentences))
        if art is None:
            art = tok.articles[(d.id, cfg.max_name_sentences)] = _Article(d, cfg.max_name_sentences)
        articles.append(art)
    # anchor -> name -> (the first slot seen with that name, the voices using it)
    slots: dict[tuple[str, ...], dict[tuple[str, ...], tuple[_Slot, set[str]]]] = defaultdict(dict)
    for n, x in enumerate(articles):
        grams_x = x.grams(cfg.anchor_min)
        for y in articles[n + 1:]:
            grams_y = y.grams(cfg.anchor_min)
            par = tok.parallel.get((x.doc.id, y.doc.id, cfg.max_name_sentences))
            if par is None:
                par = tok.parallel[(x.doc.id, y.doc.id, cfg.max_name_sentences)] = _parallel(x, y)
            for (sent_a, sa, ca), ga, (best_sim, k) in zip(x.sentences, grams_x, par):
                if k < 0 or best_sim < cfg.parallel_min:
                    continue
                best = y.sentences[k]
                # a slot holds a capitalised word only one of the two sentences has, after
                # ``anchor_min`` common words in a row
                if not ((ca - best[1]) or (best[2] - sa)) or not (ga & grams_y[k]):
                    continue
                a, b = tok(x.doc, sent_a), tok(y.doc, best[0])
                for pair in _slots(x, a, y, b, cfg, tok.matching_blocks(a, b)):
                    for slot in pair:
                        slots[slot.anchor_key].setdefault(slot.name_key, (slot, set()))[1].add(slot.voice)
    out = []
    for names in slots.values():
        if len(names) >= 2:
            claims = [Claim(slot.text, _sources(vs, voice_of, docs)) for slot, vs in names.values()]
            first = next(iter(names.values()))[0]
            salience = (-len(set().union(*(vs for _, vs in names.values()))), first.position)
            out.append((salience, Disagreement(f"{first.anchor} …", claims)))
    return out


# ------------------------------------------------------------------ near-duplicate sentences
# Two voices' near-identical sentences that differ only in a number are the cleanest
# disagreement there is ("ký kết hợp tác với gần 250 doanh nghiệp" / "... gần 240 ..."):
# the summariser's conflict candidates (``summarize.states_other_numbers``), read here
# slot by slot. The number's kind decides how two values compare: a figure with its
# unit (rounding and hedges as above), a day/month date, a time of day, a year, an age
# (a birth year "SN 1976" is read as the age at publication, so "46 tuổi" / "SN 1976"
# differ and "32 tuổi" / "SN 1984" agree).
_ANY_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"(\d{1,2})\s*(?:giờ|h|g)(?![^\W\d_])\s*(\d{1,2})?(?!\d)", re.IGNORECASE)
_DURATION = re.compile(r"\b(?:trong|mất|sau|suốt|kéo dài|hơn|gần)\s*(?:khoảng\s*)?$", re.IGNORECASE)
_AGE = re.compile(r"(\d{1,3})\s+tuổi\b", re.IGNORECASE)
_BORN = re.compile(r"\b(?:SN|sinh năm|sinh)\s*$", re.IGNORECASE)
_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](?:19|20)\d\d)?(?![\d/.-]*\d)")
_DAY_BEFORE = re.compile(r"\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|rạng sáng|khuya)\s*$", re.IGNORECASE)
_REFERENCE = re.compile(r"\b(?:điều|khoản|chương|mục|điểm|số|mã|biển|hiệu|lô|phòng|tầng|xóm|tổ|thôn|ấp|"
                        r"quận|phường|khu|đường|lớp|tập|phần|bảng|bàn|hạng|top|thứ)\s*$", re.IGNORECASE)


class _Number(NamedTuple):
    """A number read in one sentence of a near-duplicate pair."""

    kind: str  # "date", "time", "age", "year" or a figure's unit
    value: tuple[float, ...]
    tolerance: tuple[float, ...]
    hedge: tuple[float, float]
    start: int  # of the number in its article


def _read_slot(doc: Document, sent, toks: list[_Token], i1: int, i2: int) -> _Number | None:
    """The number of the differing stretch ``toks[i1:i2]`` (its first number), read with
    the words after it (its unit) and before it (a hedge, "SN", "ngày")."""
    k = next((k for k in range(i1, i2) if toks[k].text[0].isdigit()), None)
    if k is None:
        return None
    start = toks[k].start
    before = doc.text[max(sent.start, start - 24):start]
    after = doc.text[start:min(sent.end, start + 40)]
    hedge = _hedge(before[-14:])
    if _ORDINAL.search(before[-10:]) or _REFERENCE.search(before[-10:]):
        return None  # a number that names (Điều 54, quý 3, số 21)
    m = _TIME.match(after)
    if m and int(m.group(1)) <= 24 and (m.group(2) is None or int(m.group(2)) < 60) \
            and not _DURATION.search(before):  # a time of day, not "trong 3 giờ"
        minutes = int(m.group(1)) * 60 + int(m.group(2) or 0)
        return _Number("time", (float(minutes),), (0.0,), hedge, start)
    m = _AGE.match(after)
    if m:
        return _Number("age", (float(m.group(1)),), (0.0,), hedge, start)
    y = re.match(r"((?:19|20)\d\d)(?!\d|[.,/]\d)", after)
    if y and _BORN.search(before):
        year = doc.published[:4] if doc.published else ""
        if not year.isdigit():
            return None
        return _Number("age", (float(int(year) - int(y.group(1))),), (0.0,), hedge, start)
    m = _DAY.match(after)
    if m and ("/" in m.group(0) or "-" in m.group(0) or _DAY_BEFORE.search(before)) \
            and 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12:
        return _Number("date", (float(m.group(1)), float(m.group(2))), (0.0, 0.0), (1.0, 1.0), start)
    if y and not re.match(r"\d{4}\s*(?:%|phần trăm|(?:nghìn|ngàn|triệu|tỷ|tỉ)\b)", after):
        return _Number("year", (float(y.group(1)),), (0.0,), (1.0, 1.0), start)
    if re.match(r"\d+(?:[.,]\d+)*[/-]\d", after) or re.match(r"\d+[^\W\d_]+\d", after):
        return None  # a code or a fraction ("40/2016/TTLT", "71H9")
    reading = parse_figure(after)
    if reading is None or _FIGURE.search(after).start() != 0:
        return None
    return _Number(reading.unit, reading.values, reading.tolerance, hedge, start)


def _slots_differ(a: _Number, b: _Number) -> bool:
    """Two readings of one slot state incompatible values."""
    if a.kind != b.kind or len(a.value) != len(b.value):
        return False
    if a.kind == "age":
        return abs(a.value[0] - b.value[0]) > 1.0  # a birth year gives the age at publication ± 1
    if all(abs(x - y) <= max(tx, ty) + 1e-9 for x, y, tx, ty in zip(a.value, b.value, a.tolerance, b.tolerance)):
        return False
    if len(a.value) == 1 and (a.hedge != (1.0, 1.0) or b.hedge != (1.0, 1.0)):
        x, tx = a.value[0], (0.0 if a.hedge != (1.0, 1.0) else a.tolerance[0])
        y, ty = b.value[0], (0.0 if b.hedge != (1.0, 1.0) else b.tolerance[0])
        lo_a, hi_a = x * a.hedge[0] - tx, x * a.hedge[1] + tx
        lo_b, hi_b = y * b.hedge[0] - ty, y * b.hedge[1] + ty
        if lo_a <= hi_b + 1e-9 and lo_b <= hi_a + 1e-9:
            return False  # compatible bounds ("gần 4 tỉ" / "3,9 tỉ")
    return True


def _digits(toks: list[_Token]) -> str:
    return "".join(c for t in toks for c in t.text if c.isdigit())


def _states(figures: list[Reading], slot: _Number, own: list[_Number]) -> bool:
    """The article states ``slot``'s value itself (in another sentence; ``figures``: all
    its figures): then the two values are two things it tells apart, not a disagreement."""
    return any(o.kind == slot.kind and o.value == slot.value for o in own) or (
        slot.kind not in ("date", "time", "age", "year")
        and any(r.unit == slot.kind and r.values == slot.value for r in figures))


def _crowded(clause: str, unit: str, cfg: CompareSettings) -> bool:
    readings = [parse_figure(m.group(0)) for m in _FIGURE.finditer(clause)]
    return sum(1 for r in readings if r and r.unit == unit) >= cfg.crowded


def _ambiguous_slot(doc: Document, before: list[_Token], slot: _Number, cache: dict) -> bool:
    """The article states a figure of the slot's unit after the same two words with another value."""
    if len(before) < 2:
        return False
    index = cache.get(doc.id)
    if index is None:
        index = cache[doc.id] = defaultdict(set)
        for m in _FIGURE.finditer(doc.text):
            r = parse_figure(m.group(0))
            if r:
                prev = [_key(w) for w in _TOKEN.findall(doc.text[max(0, m.start() - 40):m.start()])][-2:]
                index[(tuple(prev), r.unit)].add(r.values)
    values = index.get((tuple(t.key for t in before), slot.kind), set())
    return any(v != slot.value for v in values)


def _all_figures(doc: Document) -> list[Reading]:
    return [r for r in (parse_figure(m.group(0)) for m in _FIGURE.finditer(doc.text)) if r]


def _neardup_disagreements(docs: list[Document], voice_of: list[str], cfg: CompareSettings, tok: _Tokens
                           ) -> list[tuple[tuple[int, int], Disagreement]]:
    speaking = [(i, d) for i, d in enumerate(docs) if voice_of[i] == d.id][:cfg.max_name_voices]
    sents: list[list[tuple[object, list[str], set]]] = []  # per voice: digit sentences
    for _, d in speaking:
        rows = []
        for s in [s for s in d.sentences if s.kind == "body"][:2 * cfg.max_name_sentences]:
            if _ANY_DIGIT.search(s.text) is None:
                continue
            ks = [_key(w) for w in _TOKEN.findall(s.text) if not w[0].isdigit()]
            rows.append((s, ks, set(zip(ks, ks[1:]))))
        sents.append(rows)
    pairs = []  # (node a, slot a, node b, slot b, label words, clause texts)
    own_figures: dict[str, dict] = {}
    own: dict[int, list[_Number]] = defaultdict(list)
    for n, (ia, da) in enumerate(speaking):
        for m in range(n + 1, len(speaking)):
            ib, db = speaking[m]
            for sa, _, ga in sents[n]:
                for sb, _, gb in sents[m]:
                    if not ga or not gb or len(ga & gb) < cfg.neardup_cover * min(len(ga), len(gb)):
                        continue
                    ta, tb = tok(da, sa), tok(db, sb)
                    ops = SequenceMatcher(None, [t.key for t in ta], [t.key for t in tb], autojunk=False).get_opcodes()
                    found = []
                    for k, (op, i1, i2, j1, j2) in enumerate(ops):
                        if op != "replace" or not (any(t.text[0].isdigit() for t in ta[i1:i2])
                                                   and any(t.text[0].isdigit() for t in tb[j1:j2])):
                            continue
                        if _digits(ta[i1:i2]) == _digits(tb[j1:j2]):
                            continue  # one number written two ways ("20.000" / "20,000", "9h30" / "9 giờ 30")
                        if any(t.capital and not _BORN.search(t.text) for t in ta[i1:i2] + tb[j1:j2]):
                            found.append(None)  # another subject too ("PVS (376.200" / "AME (302.050")
                            continue
                        x, y = _read_slot(da, sa, ta, i1, i2), _read_slot(db, sb, tb, j1, j2)
                        if x is None or y is None or not _slots_differ(x, y):
                            continue
                        found.append((k, i1, j1, x, y))
                    if len(found) != 1 or found[0] is None:
                        continue  # one differing number, or two statements of different things
                    k, i1, j1, x, y = found[0]
                    i2, j2 = ops[k][2], ops[k][4]
                    if (i2 - i1 > cfg.neardup_slot or j2 - j1 > cfg.neardup_slot or k == 0 or ops[k - 1][0] != "equal"
                            or ops[k - 1][2] - ops[k - 1][1] < cfg.neardup_anchor):
                        continue
                    ca, cb = _clause(sa.text, x.start - sa.start, x.start - sa.start + 1), \
                        _clause(sb.text, y.start - sb.start, y.start - sb.start + 1)
                    clause_a = sa.text[ca[0]:ca[1]].strip()
                    clause_b = sb.text[cb[0]:cb[1]].strip()
                    if x.kind not in ("date", "time", "age", "year"):
                        if _crowded(clause_a, x.kind, cfg) or _crowded(clause_b, y.kind, cfg):
                            continue  # a list of figures of one unit (rises, falls, unchanged)
                        if _ambiguous_slot(da, ta[max(0, i1 - 2):i1], x, own_figures) \
                                or _ambiguous_slot(db, tb[max(0, j1 - 2):j1], y, own_figures):
                            continue  # the article gives the measure another value elsewhere
                        la = _labels(da.text[sa.start + ca[0]:x.start] + " " + da.text[x.start:x.start + 40])
                        lb = _labels(db.text[sb.start + cb[0]:y.start] + " " + db.text[y.start:y.start + 40])
                        if any(la[a] and lb[a] and not la[a] & lb[a] for a in la):
                            continue  # another aspect of the measure (sáng / chiều, quý 3 / 9 tháng)
                    left = [t for t in ta[ops[k - 1][1]:i1] if not t.text[0].isdigit()]
                    right = [t for t in ta[i2:ops[k + 1][2]] if not t.text[0].isdigit()] \
                        if k + 1 < len(ops) and ops[k + 1][0] == "equal" else []
                    pairs.append(((ia, clause_a), x, (ib, clause_b), y, (left, right)))
                    own[ia].append(x)
                    own[ib].append(y)
    return _group_pairs(pairs, own, docs, voice_of)


def _group_pairs(pairs: list[tuple], own: dict[int, list[_Number]], docs: list[Document], voice_of: list[str]
                 ) -> list[tuple[tuple[int, int], Disagreement]]:
    """Pairs of differing readings ``((doc, clause), reading, (doc, clause), reading,
    (left words, right words))`` grouped into one disagreement per quantity, one claim per
    value; not when a voice gives the quantity two values itself or states the other value."""
    if not pairs:
        return []
    parent: dict[tuple, tuple] = {}

    def find(v):
        parent.setdefault(v, v)
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, x, b, y, _ in pairs:
        parent[find((a, x.kind))] = find((b, y.kind))
    groups: dict[tuple, list] = defaultdict(list)
    for p in pairs:
        groups[find((p[0], p[1].kind))].append(p)
    out = []
    for ps in groups.values():
        stated: dict[tuple, _Number] = {}  # node -> its reading
        for a, x, b, y, _ in ps:
            stated.setdefault(a, x)
            stated.setdefault(b, y)
        by_value: list[list[tuple]] = []
        for node, slot in stated.items():
            same = next((g for g in by_value if not _slots_differ(stated[g[0]], slot)), None)
            (same.append(node) if same is not None else by_value.append([node]))
        if len(by_value) < 2:
            continue
        docs_of = [[node[0] for node in g] for g in by_value]
        if any(set(x) & set(y) for x, y in itertools.combinations(docs_of, 2)):
            continue  # a voice gives the measure two values itself
        figures = {node[0]: _all_figures(docs[node[0]]) for g in by_value for node in g}
        if any(_states(figures[node[0]], stated[other], own[node[0]])
               for g, h in itertools.permutations(by_value, 2) for node in g for other in h):
            continue  # a voice states the other value too: two things, not a disagreement
        kind = stated[by_value[0][0]].kind
        unit = {"date": "ngày", "time": "giờ", "age": "tuổi", "year": "năm"}.get(kind, kind.split("|")[0])
        left, right = ps[0][4]
        left, right = left[-6:], right[:3]
        while left and left[0].key in _STOP_KEYS:
            left = left[1:]
        while right and right[-1].key in _STOP_KEYS:
            right = right[:-1]
        claims = [Claim(g[0][1], _sources({voice_of[node[0]] for node in g}, voice_of, docs)) for g in by_value]
        first = min(stated[node].start for g in by_value for node in g)
        salience = (-len({voice_of[node[0]] for g in by_value for node in g}), first)
        topic = " … ".join(w for w in (" ".join(t.text for t in left), " ".join(t.text for t in right)) if w)
        out.append((salience, Disagreement(f"{topic} ({unit})" if topic else f"({unit})", claims)))
    return out


# ------------------------------------------------------------------ reworded claims
# Two outlets often state one quantity in sentences worded apart ("Thịnh bồi thường tổng
# cộng 290 triệu đồng cho gia đình anh L." / "Bị cáo Thịnh bồi thường khoản tiền 295
# triệu đồng cho gia đình nạn nhân"): too far apart for the near-duplicate step and with
# contexts too unlike for the figure alignment. Here each number is read with its own
# frame, not its sentence: the content words after its unit up to the end of its phrase
# (a comma, a conjunction, the next number: "thiệt mạng", "nhà bị sập đổ"), the words
# before it back to the start of its phrase (its measure and subject: "bồi thường"), and
# for an age the person's name written right before it. Two numbers of two voices are one
# quantity when their frames match (``CompareSettings.reword_*``) and no guard of the
# figure alignment tells them apart (aspects, subjects, hedge intervals, lists of figures,
# a voice stating both values).
_PEOPLE = [tuple(_key(w) for w in n.split()) for n in (
    "binh sĩ", "binh lính", "quân nhân", "nạn nhân", "chiến sĩ", "người")]
# A count of people followed by what befell them is a toll, one quantity of the happening
# whatever the words before it ("khiến ít nhất 20 quân nhân thiệt mạng" / "17 binh lính đã
# thiệt mạng"): toll words after the people, by kind.
_TOLLS = {tuple(_key(w) for w in words.split()): kind for kind, group in (
    ("chết", ("thiệt mạng", "chết", "tử vong", "tử nạn", "mất mạng")),
    ("bị thương", ("thương", "khác thương", "thương nặng", "thương nhẹ")),
    ("mất tích", ("mất tích", "khác mất tích"))) for words in group}
_HEDGE_KEYS = frozenset(_key(w) for w in (
    "ít nhất tối thiểu xấp xỉ chừng tầm ước tính khoảng gần hơn trên dưới tới đến lên").split())  # not a measure
_NAME_GAP = re.compile(r"[\s,(]*(?:(?:SN|sinh năm|sinh)\s*)?", re.IGNORECASE)  # "Phong (SN 1961", "Hiếu, 27 tuổi"


class _Framed(NamedTuple):
    """A number of one voice's sentence with its frame."""

    doc: int
    number: _Number
    clause: str
    before: list[_Token]  # content words of its phrase before it
    after: list[_Token]  # content words of its phrase after its unit
    name: tuple[str, ...]  # for an age: the person named right before it (keys)
    name_tokens: tuple[_Token, ...]
    subject: frozenset[str]
    labels: dict[str, frozenset[str]]
    text: str  # the number as written


def _frames(i: int, doc: Document, sent, toks: list[_Token], cfg: CompareSettings) -> list[_Framed]:
    """The numbers of one sentence (``toks``) of article ``i`` with their frames (see above)."""
    out = []
    done = -1
    for k, t in enumerate(toks):
        if not t.text[0].isdigit() or t.start < done:
            continue
        x = _read_slot(doc, sent, toks, k, k + 1)
        if x is None or x.kind in ("date", "time", "year"):
            continue
        if x.kind == "age":
            m = _AGE.match(doc.text, t.start) or re.compile(r"\d{4}").match(doc.text, t.start)
        else:
            m = _FIGURE.match(doc.text, t.start)
        if m is None:
            continue
        end = m.end()
        if x.kind != "age":  # "17 binh lính", "20 quân nhân", "20 người": one unit, people
            rest = [u for u in toks[k + 1:k + 4] if u.start >= t.end]
            for noun in _PEOPLE:
                if tuple(u.key for u in rest[:len(noun)]) == noun and not _broken(doc.text[t.end:rest[0].start]):
                    x = x._replace(kind="người")
                    end = rest[len(noun) - 1].end
                    break
        done = end
        if x.kind == "người":
            follow = [u.key for u in toks[k + 1:k + 8] if u.start >= end and u.key not in _STOP_KEYS][:2]
            toll = _TOLLS.get(tuple(follow)) or _TOLLS.get(tuple(follow[:1]))
            if toll:
                x = x._replace(kind=f"người|{toll}")
        before: list[_Token] = []
        nxt = t.start
        for j in range(k - 1, -1, -1):
            u = toks[j]
            if u.text[0].isdigit() or _broken(doc.text[u.end:nxt]):
                break
            nxt = u.start
            if u.key not in _STOP_KEYS and u.key not in _HEDGE_KEYS:
                before.insert(0, u)
            if len(before) >= cfg.reword_window:
                break
        after = _phrase_after(doc, toks[k + 1:], end, cfg.reword_window)
        name: tuple[str, ...] = ()
        run: list[_Token] = []
        if x.kind == "age":  # "bà Trần Thị Giêng (48 tuổi", "Huỳnh Quang Phong (SN 1961"
            j = k - 1
            while j >= 0 and _BORN.fullmatch(toks[j].text):
                j -= 1
            run = []
            while j >= 0 and toks[j].capital and not toks[j].text[0].isdigit() and not (
                    run and _broken(doc.text[toks[j].end:run[0].start])):
                run.insert(0, toks[j])
                j -= 1
            if run and _NAME_GAP.fullmatch(doc.text[run[-1].end:t.start]):
                name = tuple(u.key for u in run)
            else:
                run = []
        a, b = _clause(sent.text, t.start - sent.start, end - sent.start)
        clause = sent.text[a:b].strip()
        near = doc.text[sent.start + a:t.start] + " " + doc.text[end:min(sent.start + b, end + 40)]
        subject = frozenset(u.key for u in before if u.capital and (u.start > sent.start or u.text.isupper())
                            and u.key not in _GENERIC)
        labels = _labels(near)
        if not labels["year"] and cfg.year_default and doc.published and doc.published[:4].isdigit():
            labels["year"] = frozenset({doc.published[:4], str(int(doc.published[:4]) - 1)})
        out.append(_Framed(i, x, clause, before, after, name, tuple(run), subject, labels, t.text))
    return out


def _common_prefix(a: list[_Token], b: list[_Token]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n].key == b[n].key:
        n += 1
    return n


def _frames_match(x: _Framed, y: _Framed, cfg: CompareSettings) -> bool:
    if x.number.kind != y.number.kind:
        return False
    if x.number.kind == "age":
        return len(x.name) >= 2 and x.name == y.name
    if "|" in x.number.kind:
        return True  # one toll of the happening
    shared = {u.key for u in x.before} & {u.key for u in y.before}
    return len(shared) >= cfg.reword_before and _common_prefix(x.after, y.after) >= cfg.reword_after


def _reworded_disagreements(docs: list[Document], voice_of: list[str], cfg: CompareSettings, tok: _Tokens
                            ) -> list[tuple[tuple[int, int], Disagreement]]:
    speaking = [(i, d) for i, d in enumerate(docs) if voice_of[i] == d.id][:cfg.max_name_voices]
    framed: list[list[_Framed]] = []
    for i, d in speaking:
        rows = []
        for s in [s for s in d.sentences if s.kind == "body"][:2 * cfg.max_name_sentences]:
            if _ANY_DIGIT.search(s.text):
                rows.extend(_frames(i, d, s, tok(d, s), cfg))
        framed.append(rows)
    pairs = []
    own: dict[int, list[_Number]] = defaultdict(list)
    for n in range(len(framed)):
        for m in range(n + 1, len(framed)):
            for x in framed[n]:
                for y in framed[m]:
                    if not _frames_match(x, y, cfg) or not _slots_differ(x.number, y.number) \
                            or _thousands_twice(x.text, x.number.value, y.text, y.number.value):
                        continue
                    if x.subject and y.subject and not x.subject & y.subject:
                        continue  # another subject
                    if any(x.labels[a] and y.labels[a] and not x.labels[a] & y.labels[a] for a in x.labels):
                        continue  # another aspect of the measure
                    if x.number.kind != "age" and (_crowded(x.clause, x.number.kind, cfg)
                                                  or _crowded(y.clause, y.number.kind, cfg)):
                        continue
                    # a voice whose other numbers also match the other frame with another value: ambiguous
                    if any(z is not x and _frames_match(z, y, cfg) and _slots_differ(z.number, x.number)
                           for z in framed[n]) or any(
                            z is not y and _frames_match(x, z, cfg) and _slots_differ(z.number, y.number)
                            for z in framed[m]):
                        continue
                    shared = {u.key for u in y.before}
                    left = [u for u in x.before if u.key in shared]
                    right = x.after[:_common_prefix(x.after, y.after)]
                    if x.number.kind == "age":
                        left, right = list(x.name_tokens), []  # whose age: "Lê Trung Hiếu (tuổi)"
                    elif "|" in x.number.kind:
                        left, right = [], list(x.after[:2])  # the toll: "… thiệt mạng (người)"
                    pairs.append(((x.doc, x.clause), x.number, (y.doc, y.clause), y.number, (left, right)))
                    own[x.doc].append(x.number)
                    own[y.doc].append(y.number)
    return _group_pairs(pairs, own, docs, voice_of)


def _norm_claim(text: str) -> str:
    return " ".join(_key(w) for w in _TOKEN.findall(text))


# ------------------------------------------------------------------ rules
# The settings each step below reads: the loose variant (``loose_settings``) changes none of
# them, so its pass reuses the strict pass's outputs (tests/test_compare_gate.py checks these
# lists against the settings the steps read).
_NEARDUP_FIELDS = ("max_name_voices", "max_name_sentences", "neardup_cover", "neardup_slot",
                   "neardup_anchor", "crowded")
_REWORD_FIELDS = ("max_name_voices", "max_name_sentences", "reword_window", "reword_before",
                  "reword_after", "year_default", "crowded")


def _shared_step(step, fields: tuple[str, ...], docs: list[Document], voice_of: list[str],
                 cfg: CompareSettings, tok: _Tokens) -> list[tuple[tuple[int, int], Disagreement]]:
    """``step(docs, voice_of, cfg, tok)``, computed once per comparison for the values of
    the settings it reads (``fields``)."""
    key = (step.__name__, *_settings_key(cfg, fields))
    out = tok.steps.get(key)
    if out is None:
        out = tok.steps[key] = step(docs, voice_of, cfg, tok)
    return list(out)


def _rule_disagreements(docs: list[Document], voice_of: list[str], facts: dict[str, Facts],
                        cfg: CompareSettings, tok: _Tokens
                        ) -> tuple[list[Claim], list[tuple[tuple[int, int], Disagreement]]]:
    """The hand-written rules: figures, names, near-duplicate sentences, reworded claims."""
    agreements, figures = _figure_claims(docs, voice_of, facts, cfg, tok)
    found = figures + _name_disagreements(docs, voice_of, cfg, tok)
    if cfg.neardup:
        seen = [{_norm_claim(c.text) for c in d.claims} for _, d in found]
        for sd in _shared_step(_neardup_disagreements, _NEARDUP_FIELDS, docs, voice_of, cfg, tok):
            texts = {_norm_claim(c.text) for c in sd[1].claims}
            if not any(texts <= known for known in seen):  # not already found by its figures
                found.append(sd)
                seen.append(texts)
    if cfg.reword:
        seen = [{_norm_claim(c.text) for c in d.claims} for _, d in found]
        for sd in _shared_step(_reworded_disagreements, _REWORD_FIELDS, docs, voice_of, cfg, tok):
            texts = {_norm_claim(c.text) for c in sd[1].claims}
            if not any(texts & known for known in seen):  # a quantity found by an earlier step
                found.append(sd)
                seen.append(texts)
    return agreements, found


# ------------------------------------------------------------------ entry point
def compare(docs: list[Document], facts: dict[str, Facts] | None = None,
            settings: CompareSettings | None = None) -> tuple[list[Claim], list[Disagreement]]:
    """Agreements and disagreements between the articles of one event.

    ``docs`` need ``sentences`` filled. ``facts`` (by article id) gives figures and
    dates; an article without figures is read with the regex fallback. Returns
    ``(agreements, disagreements)``: an agreement is a figure or date that every
    voice stating it states alike (``Claim(clause, sources)``); a disagreement holds
    one claim per differing value or name. With ``settings.gate`` > 0 (and the gate's
    weights file present) the disagreements are the broad candidates (``candidates``)
    the learned gate scores at least ``gate``; else the rules' outputs.
    """
    if len(docs) < 2:
        return [], []
    cfg = settings or CompareSettings()
    model = gate_model(cfg.gate_model) if cfg.gate > 0 else None
    if model is None:
        voice_of = voices(docs)
        agreements, found = _rule_disagreements(docs, voice_of, facts or {}, cfg, _Tokens())
        ranked = sorted(found, key=lambda sd: sd[0])
        return agreements, [d for _, d in ranked]
    agreements, cands = candidates(docs, facts, cfg)
    return agreements, gate(cands, docs, model, cfg.gate, cfg.gate_rules)


# ------------------------------------------------------------------ learned gate
# Issue 19, fourth round: the rules above do not generalise (held-out precision 0.5), so a
# broad candidate set (the rules, the rules with loose thresholds and no aspect, ambiguity
# or subject filter, and near-duplicate sentences of two voices differing in a number or a
# name) is scored by a logistic model over generic features of each candidate
# (``gate_features``), trained by ``tools/train_differ.py`` on the hand-judged outputs
# (tests/data/audit/disagreements.jsonl) and shipped as ``data/<gate_model>``.
GENERATORS = ("rules", "loose", "neardup-number", "neardup-name")


class Candidate(NamedTuple):
    generators: frozenset[str]
    salience: tuple[int, int]
    disagreement: Disagreement


def loose_settings(cfg: CompareSettings) -> CompareSettings:
    """The rules with loose thresholds and no aspect, ambiguity or subject filter."""
    return replace(cfg, agree_min=cfg.loose_min, disagree_min=cfg.loose_min, parallel_min=cfg.loose_min,
                   date_disagree_min=cfg.loose_date_min, shared_min=cfg.loose_shared,
                   anchor_min=cfg.loose_anchor, need_head=False, filters=False)


def _digit_keys(toks: list[str]) -> str:
    return " ".join(n.lstrip("0") for t in toks for n in re.findall(r"\d+", t))


class _Unit(NamedTuple):
    voice: str
    sent: object


def near_duplicate_pairs(docs: list[Document], cover: float = 0.4, stretch: int = 3
                         ) -> list[tuple[str, object, object, str]]:
    """Sentence pairs of two voices sharing ``cover`` of the shorter's digit-free syllable
    pairs whose word alignment replaces a number by another number (not the same digits
    written another way: "500 m" / "500m"), or a capitalised stretch by another after two
    common words (a name), at most ``stretch`` words each side: ``(kind, unit a, unit b,
    topic)``, the topic being the common words around the first such replacement."""
    from .summarize import DEFAULT_PARAMS

    # the summariser's units (``summarize.prepare``: the first body sentences of each
    # article, its syllable pairs without digits), read here without the rest of its work
    voice_of = voices(docs)
    units: list[_Unit] = []
    plain: dict[str, frozenset] = {}
    for i, doc in enumerate(docs):
        body = [x for x in doc.sentences if x.kind == "body" and x.text.strip()][:DEFAULT_PARAMS.max_sentences_per_doc]
        for x in body:
            if x.text not in plain:
                low = x.text.lower()
                syl = _TOKEN.findall(low)
                # a pair with a digit is left out (a sentence without digits: no word to test)
                digit = [_ANY_DIGIT.search(w) is not None for w in syl] if _ANY_DIGIT.search(low) else [False] * len(syl)
                plain[x.text] = frozenset(b for b, d, e in zip(zip(syl, syl[1:]), digit, digit[1:]) if not (d or e))
            if plain[x.text]:
                units.append(_Unit(voice_of[i], x))
    # one sentence written alike by several voices is read once: each pair of distinct
    # sentences is aligned once, with its first pair of units of two voices (input order)
    by_text: dict[str, list[tuple[int, _Unit]]] = {}
    for n, u in enumerate(units):
        by_text.setdefault(u.sent.text, []).append((n, u))
    texts = list(by_text)
    words: dict[str, list[str]] = {}  # words and lower-case words of the sentences aligned, made once
    lower: dict[str, list[str]] = {}
    matchers: dict[str, SequenceMatcher] = {}  # by second sentence: its index made once
    sets = [plain[t] for t in texts]
    sizes = [len(p) for p in sets]
    out = []
    for n, x in enumerate(texts):
        px, nx = sets[n], sizes[n]
        # the later sentences sharing ``cover`` of the shorter's pairs (``min`` written out)
        later = [m for m, py, ny in zip(range(n + 1, len(texts)), sets[n + 1:], sizes[n + 1:])
                 if not len(px & py) < cover * (nx if nx < ny else ny)]
        for m in later:
            y = texts[m]
            pair = min(((min(i, j), max(i, j), u, v) for i, u in by_text[x]
                        for j, v in by_text[y] if u.voice != v.voice),
                       key=lambda p: (p[0], p[1]), default=None)
            if pair is None:
                continue
            a, b = (pair[2], pair[3]) if units[pair[0]] is pair[2] else (pair[3], pair[2])
            for t in (a.sent.text, b.sent.text):
                if t not in words:
                    words[t] = _TOKEN.findall(t)
                    lower[t] = [w.lower() for w in words[t]]
            ta, tb = words[a.sent.text], words[b.sent.text]
            sm = matchers.get(b.sent.text)
            if sm is None:
                sm = matchers[b.sent.text] = SequenceMatcher(None, None, lower[b.sent.text], autojunk=False)
            sm.set_seq1(lower[a.sent.text])
            kinds: dict[str, str] = {}
            ops = sm.get_opcodes()
            for k, (op, i1, i2, j1, j2) in enumerate(ops):
                if op != "replace" or not (0 < i2 - i1 <= stretch and 0 < j2 - j1 <= stretch):
                    continue
                sa, sb = ta[i1:i2], tb[j1:j2]
                # the topic: the common words right before and after the replaced stretch
                left = ta[max(ops[k - 1][1], i1 - 6):i1] if k > 0 and ops[k - 1][0] == "equal" else []
                right = ta[i2:min(ops[k + 1][2], i2 + 3)] if k + 1 < len(ops) and ops[k + 1][0] == "equal" else []
                while left and _key(left[0]) in _STOP_KEYS:
                    left = left[1:]
                while right and _key(right[-1]) in _STOP_KEYS:
                    right = right[:-1]
                topic = " … ".join(w for w in (" ".join(left), " ".join(right)) if w) or "…"
                if any(t[0].isdigit() for t in sa) and any(t[0].isdigit() for t in sb):
                    if _digit_keys(sa) != _digit_keys(sb):
                        kinds.setdefault("neardup-number", topic)
                elif (i1 > 0 and j1 > 0 and k > 0 and ops[k - 1][0] == "equal" and ops[k - 1][2] - ops[k - 1][1] >= 2
                      and all(t[:1].isupper() and not t.isupper() for t in sa + sb)):
                    kinds.setdefault("neardup-name", topic)
            for kind in sorted(kinds):
                out.append((kind, a, b, kinds[kind]))
    return out


def candidates(docs: list[Document], facts: dict[str, Facts] | None = None,
               settings: CompareSettings | None = None) -> tuple[list[Claim], list[Candidate]]:
    """The agreements and the broad disagreement candidates of one event: each set of
    claims once, with the generators that proposed it (``GENERATORS``)."""
    if len(docs) < 2:
        return [], []
    cfg = settings or CompareSettings()
    voice_of = voices(docs)
    tok = _Tokens()
    agreements, rules = _rule_disagreements(docs, voice_of, facts or {}, cfg, tok)
    found: dict[frozenset, list] = {}

    def add(name: str, salience: tuple[int, int], d: Disagreement) -> None:
        k = frozenset(_norm_claim(c.text) for c in d.claims)
        if len(k) < 2:
            return
        entry = found.setdefault(k, [set(), salience, d])
        entry[0].add(name)

    for sal, d in rules:
        add("rules", sal, d)
    for sal, d in _rule_disagreements(docs, voice_of, facts or {}, loose_settings(cfg), tok)[1]:
        add("loose", sal, d)
    for kind, a, b, topic in near_duplicate_pairs(docs, cfg.candidate_cover, cfg.candidate_stretch):
        claims = [Claim(u.sent.text, _sources({u.voice}, voice_of, docs)) for u in (a, b)]
        add(kind, (-2, min(a.sent.start, b.sent.start)), Disagreement(topic, claims))
    return agreements, [Candidate(frozenset(g), sal, d) for g, sal, d in found.values()]


_BORN_ANY = re.compile(r"\b(?:SN|sinh năm)\b", re.IGNORECASE)
_AGE_ANY = re.compile(r"\btuổi\b", re.IGNORECASE)
GATE_ASPECTS = ("basis", "tax", "session", "daytime", "period", "per", "direction", "tense", "year")


class _Text(NamedTuple):
    """A claim read alone, as ``_read_slot`` reads an article."""

    text: str
    published: str | None


class _Span(NamedTuple):
    start: int
    end: int


def _published(claim: Claim, docs: list[Document]) -> str | None:
    return next((d.published for d in docs if d.id in claim.sources[:1]), None)


def _position(claim: Claim, docs_by_id: dict[str, Document]) -> int:
    for sid in claim.sources:
        d = docs_by_id.get(sid)
        if d is not None:
            at = d.text.find(claim.text)
            if at >= 0:
                return at
    return 5000


def gate_features(gens: frozenset[str], d: Disagreement, docs: list[Document]) -> dict[str, float]:
    """Generic features of a candidate (no cluster, outlet or name): its generators, the
    word overlap of its first two claims, the differing numbers of their word alignment
    read as the near-duplicate step reads them (the same value written apart, rounding or
    compatible hedges; two kinds or units; the kind of the first differing pair: date,
    time, age, year or figure), the aspects that tell them apart (basis, tax, session,
    time of day, period, per, direction, tense, year), age against birth year, outlets per
    side and place in the article."""
    a, b = d.claims[0].text, d.claims[1].text
    ta, tb = _tokens(a), _tokens(b)
    ka, kb = [t.key for t in ta], [t.key for t in tb]
    f: dict[str, float] = {f"gen_{g}": float(g in gens) for g in GENERATORS}
    f["claims3"] = float(len(d.claims) > 2)
    ca = {k for k in ka if k not in _STOP_KEYS and not _ANY_DIGIT.search(k)}
    cb = {k for k in kb if k not in _STOP_KEYS and not _ANY_DIGIT.search(k)}
    common = len(ca & cb)
    f["overlap"] = common / max(1, min(len(ca), len(cb)))
    f["jaccard"] = common / max(1, len(ca | cb))
    f["len_ratio"] = min(len(ta), len(tb)) / max(1, len(ta), len(tb))
    f["length"] = min(1.0, max(len(ta), len(tb)) / 60)
    f["digits_many"] = min(1.0, max(sum(1 for k in ka if k[0].isdigit()), sum(1 for k in kb if k[0].isdigit())) / 8)
    sm = SequenceMatcher(None, ka, kb, autojunk=False)
    ops = sm.get_opcodes()
    f["aligned"] = 2 * sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal") / max(1, len(ka) + len(kb))
    # the differing numbers of the alignment, read as the near-duplicate step reads them
    # (date, time, age, year or a figure's unit): the first pair of one kind that differs
    doc_a, doc_b = (_Text(x.text, _published(x, docs)) for x in d.claims[:2])
    span_a, span_b = _Span(0, len(a)), _Span(0, len(b))
    found = False
    for name in ("slot_read", "slot_same", "slot_kinds", "slot_unread", "kind_date", "kind_time", "kind_age",
                 "kind_year", "kind_figure", "date_lead", "slots_many"):
        f[name] = 0.0
    differing = 0
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            continue
        xa = next((t for t in ta[i1:i2] if t.text[0].isdigit()), None)
        xb = next((t for t in tb[j1:j2] if t.text[0].isdigit()), None)
        if xa is None or xb is None:
            continue
        differing += 1
        ra, rb = _read_slot(doc_a, span_a, ta, i1, i2), _read_slot(doc_b, span_b, tb, j1, j2)
        if ra is None or rb is None:
            f["slot_unread"] = 1.0
        elif ra.kind != rb.kind:
            f["slot_kinds"] = 1.0
        elif not _slots_differ(ra, rb):
            f["slot_same"] = 1.0
        elif not found:
            found = True
            f["slot_read"] = 1.0
            kind = ra.kind if ra.kind in ("date", "time", "age", "year") else "figure"
            f[f"kind_{kind}"] = 1.0
            f["date_lead"] = float(kind in ("date", "time") and min(i1, j1) < 6)
    f["slots_many"] = min(1.0, differing / 4)
    la, lb = _labels(a), _labels(b)
    for asp in GATE_ASPECTS:
        x, y = la.get(asp, _NO_LABEL), lb.get(asp, _NO_LABEL)
        f[f"aspect_{asp}"] = 1.0 if (x and y and not x & y) else (0.5 if x != y else 0.0)
    f["age_born"] = float(bool((_AGE_ANY.search(a) and _BORN_ANY.search(b)) or (_AGE_ANY.search(b) and _BORN_ANY.search(a))))
    n = sorted(len(c.sources) for c in d.claims)
    f["outlets_min"] = min(1.0, math.log1p(n[0]) / math.log(10))
    f["outlets_max"] = min(1.0, math.log1p(n[-1]) / math.log(10))
    by_id = {doc.id: doc for doc in docs}
    f["position"] = min(1.0, min(_position(c, by_id) for c in d.claims[:2]) / 3000)
    return f


@lru_cache(maxsize=4)
def gate_model(name: str) -> dict | None:
    """The gate's weights (``data/<name>``): features, means, scales, weights, bias."""
    import json
    from importlib import resources

    try:
        text = resources.files("vnnews").joinpath("data", name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return json.loads(text)


def gate_score(model: dict, feats: dict[str, float]) -> float:
    z = model["bias"] + sum(w * (feats[name] - m) / s for name, w, m, s
                            in zip(model["features"], model["weights"], model["mean"], model["scale"]))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _claims_match(a: str, b: str) -> bool:
    return a == b or (len(a) >= 8 and a in b) or (len(b) >= 8 and b in a)


def _covered(claims: list[str], by: list[str]) -> bool:
    """Every claim matched by a distinct claim of ``by`` (containment, as the judged set is matched).
    tools/eval_disagreements.py keeps its own copy of this rule on purpose: the scorer must not
    change when the code it scores does."""
    free = list(by)
    for c in claims:
        hit = next((o for o in free if _claims_match(c, o)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def gate(cands: list[Candidate], docs: list[Document], model: dict, threshold: float,
         keep_rules: bool = False) -> list[Disagreement]:
    """The candidates scoring at least ``threshold`` (with ``keep_rules``, the rules'
    outputs whatever their score), one per set of claims (a candidate whose claims are
    clauses of a better one's is that one), most salient first."""
    scored = sorted(((max(gate_score(model, gate_features(c.generators, c.disagreement, docs)),
                          2.0 if keep_rules and "rules" in c.generators else 0.0), n, c)
                     for n, c in enumerate(cands)), key=lambda x: (-x[0], x[1]))
    kept: list[tuple[Candidate, list[str]]] = []
    for score, _, c in scored:
        if score < threshold:
            break
        keys = [_norm_claim(x.text) for x in c.disagreement.claims]
        if any(_covered(keys, other) or _covered(other, keys) for _, other in kept):
            continue
        kept.append((c, keys))
    return [c.disagreement for c, _ in sorted(kept, key=lambda ck: ck[0].salience)]
