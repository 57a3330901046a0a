"""Shared text helpers and lexicons for the facts stage.

Everything here is pure Python and cheap; the data files under ``vnnews/data`` are read
once (lazily) and compiled into trie-shaped regular expressions, so that matching a few
hundred place or organisation names costs about as much as one pass over the text.

Offsets: the extractors match on a *matching copy* of the article text
(:func:`match_copy`) that has exactly the same length as the original, so every offset
found on the copy is an offset into the original text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable

# --------------------------------------------------------------------------- characters

#: Upper-case Latin letters used in Vietnamese and in foreign names (precomposed, NFC).
UPPER = "".join(
    ch
    for rng in ((0x41, 0x5B), (0xC0, 0x250), (0x1E00, 0x1F00))
    for ch in map(chr, range(*rng))
    if ch.isalpha() and ch.isupper()
)
_UPPER_CLASS = "[" + re.escape(UPPER) + "]"
#: A letter (any case).
LETTER = r"[^\W\d_]"
#: A capitalised syllable / word (hyphenated foreign names allowed: Jong-un).
CAP_WORD = _UPPER_CLASS + LETTER + r"*(?:-" + LETTER + r"+)*"
#: Horizontal white space (never crosses a line break).
HSPACE = r"[^\S\n]+"


# --------------------------------------------------------------------------- tone placement
# one tone canonicaliser for the project: vnnews.normalize.match_view (classic placement,
# misplaced marks repaired, same length as its input)
from ..normalize import match_view  # noqa: E402


def lower_same(s: str) -> str:
    """``s.lower()`` that keeps the length (characters whose lower form is longer stay)."""
    low = s.lower()
    if len(low) == len(s):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


_HSPACE_RE = re.compile(r"[^\S\n]")


def match_copy(text: str) -> str:
    """Same-length copy of ``text`` for matching: classic tones, all blanks as " "."""
    return _HSPACE_RE.sub(" ", match_view(text))


_DASH_RE = re.compile(r"\s*[-–—]\s*")
_WS_RE = re.compile(r"\s+")


def clean(s: str) -> str:
    """Display form: classic tones, single spaces, stripped."""
    return _WS_RE.sub(" ", match_view(unicodedata.normalize("NFC", s))).strip()


@lru_cache(maxsize=8192)
def key(s: str) -> str:
    """Case-, tone-placement- and spacing-insensitive comparison key."""
    s = lower_same(clean(s))
    s = _DASH_RE.sub(" - ", s)
    return s.strip(" .,;:")


_ABBREV = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "tp": "thành phố",
    "tp.": "thành phố",
    "t.ư": "trung ương",
    "tư": "trung ương",
    "tw": "trung ương",
    "dn": "doanh nghiệp",
    "lhq": "liên hợp quốc",
    "mttq": "mặt trận tổ quốc",
    "bch": "ban chấp hành",
    "hcm": "hồ chí minh",
    "cty": "công ty",
    "ctcp": "công ty cổ phần",
    "cp": "cổ phần",
    "vn": "việt nam",
    "thcs": "trung học cơ sở",
    "thpt": "trung học phổ thông",
}
#: A school's level names it with or without "Trường": "Trường THCS Gio Việt" = "Trung học
#: cơ sở Gio Việt" = "THCS Gio Việt".
_SCHOOL_KEY = re.compile(r"^trường (?=(?:tiểu học|trung học cơ sở|trung học phổ thông|mầm non) )")


def org_key(s: str) -> str:
    """Comparison key for organisation names: :func:`key` with abbreviations expanded."""
    words = key(s).replace("tp.", "tp ").split()
    return _SCHOOL_KEY.sub("", " ".join(_ABBREV.get(w, w) for w in words))


# --------------------------------------------------------------------------- trie regex


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression (no groups) matching any of ``words``, factored as a trie.

    A space in a word matches any horizontal run of blanks; a dash (with or without spaces
    around it) matches any dash with optional blanks. Longer alternatives are tried first,
    so combined with a trailing word boundary the longest entry wins.
    """
    trie: dict = {}
    for w in words:
        w = _DASH_RE.sub("\x00", w.strip())
        w = _WS_RE.sub(" ", w)
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def atom(ch: str) -> str:
        if ch == " ":
            return HSPACE
        if ch == "\x00":
            return r"\s*[-–—]\s*"
        return re.escape(ch)

    def build(node: dict) -> str:
        end = "" in node
        alts = [atom(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie)


def word_regex(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """Compiled trie regex for ``words`` with word boundaries on both sides."""
    pat = trie_pattern(words)
    if not pat:
        pat = r"(?!x)x"
    return re.compile(r"(?<![\w.])(?:" + pat + r")(?!\w)", flags)


# --------------------------------------------------------------------------- surnames

#: Common Vietnamese surnames (họ). Any of them may start a titled full name.
SURNAMES: frozenset[str] = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Vương Trịnh
    Đinh Lâm Mai Tô Hà Đào Cao Lương Chu Tạ Triệu Quách Đoàn Thái Kiều Khổng Lưu Tôn Mạc
    Văn Đàm Lại Lục Nông Lò Hứa Giáp Tăng Thân Trương Ninh Phùng Nghiêm Âu Diệp Doãn Đồng
    Hoàng Khúc Kim La Lã Lạc Lạng Lăng Mẫn Ông Phí Quan Tiêu Tống Từ Ung Vi Viên Yên Châu
    Chế Cù Bạch Cung Đậu Hàn Hầu Khuất Khương Lều Mã Mông Nhan Quang Sầm Thạch Thi Trình
    Trương Trang Vưu Vương Giang Lữ Lương Hoa Bế Hoàng Đới Tào Kha Khúc Mạnh Nhữ Phó Ứng""".split()
)

#: Surnames unambiguous enough to accept a bare (untitled) 3-4 syllable name.
STRONG_SURNAMES: frozenset[str] = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Vương Trịnh Đinh
    Đào Lương Chu Tạ Triệu Quách Đoàn Khổng Lưu Tôn Mạc Đàm Nông Hứa Giáp Trương Phùng
    Nghiêm Doãn Khúc Lại Lục Phí Tống Thân Tăng""".split()
)

#: Honorifics / appellations that introduce a person's name.
HONORIFICS: tuple[str, ...] = (
    "đồng chí", "ông", "bà", "anh", "chị", "ngài", "cụ", "chú", "cô", "thầy", "em",
    "cháu", "nữ sĩ", "vợ chồng", "gia đình", "nghi phạm", "bị cáo", "đối tượng",
    "nạn nhân", "tỷ phú", "doanh nhân", "nhà sử học", "nhà nghiên cứu", "nhà khoa học",
    "phóng viên", "nghệ sĩ", "diễn viên", "cầu thủ", "vận động viên", "HLV", "huấn luyện viên",
    # professions and roles written before a name (stage names without a family name too)
    "ca sỹ", "nhạc sỹ", "nghệ sỹ", "đạo diễn", "MC", "người mẫu", "siêu mẫu", "người đẹp",
    "hoa hậu", "á hậu", "thủ môn", "thủ thành", "tiền đạo", "tiền vệ", "hậu vệ", "trung vệ",
    "danh thủ", "tay vợt", "võ sĩ", "kỳ thủ", "giám khảo", "bạn đọc", "độc giả", "tài tử",
    "nữ diễn viên", "nam diễn viên", "tài xế", "nhà sản xuất", "pianist", "nghệ nhân",
    "nhà thiết kế", "thí sinh", "quán quân", "võ sư", "chiến sĩ", "thượng sĩ", "trung sĩ",
    "nhà đầu tư", "chủ tịch HĐQT", "CEO", "nhà vô địch", "nhà văn", "nhà thơ", "nhạc công",
    "nhà sưu tập", "tác giả", "xạ thủ", "cung thủ", "vận động viên", "VĐV",
)
#: Title heads (lower case, from ``titles.txt``) that are professions: like an honorific,
#: they may precede a stage name without a family name ("ca sĩ Minh Hằng").
PROFESSION_TITLES: frozenset[str] = frozenset((
    "ca sĩ", "nhạc sĩ", "nghệ sĩ nhân dân", "nghệ sĩ ưu tú", "nsnd", "nsưt", "nhà văn",
    "nhà thơ", "họa sĩ", "nhà báo", "luật sư", "bác sĩ", "bs", "kỹ sư", "kiến trúc sư",
    "chuyên gia", "tiến sĩ", "thạc sĩ", "giáo sư", "phó giáo sư", "ts", "ths", "gs", "pgs",
    "gs.ts", "pgs.ts", "gs-ts", "pgs-ts",
))


# --------------------------------------------------------------------------- data files


def _data_lines(name: str) -> list[str]:
    path = resources.files("vnnews").joinpath("data").joinpath(name)
    text = path.read_text(encoding="utf-8")
    return [match_view(unicodedata.normalize("NFC", line.rstrip("\r\n")))
            for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Place:
    """One gazetteer row."""

    name: str
    type: str
    parent: str = ""
    variants: list[str] = field(default_factory=list)  # free variants (incl. name if free)
    context_variants: list[str] = field(default_factory=list)  # need context
    note: str = ""

    @property
    def provincial(self) -> bool:
        """A province or centrally-run city of Vietnam."""
        return self.type in ("city", "province")


@dataclass
class Gazetteer:
    places: dict[str, Place]  # canonical name -> row
    free: dict[str, str]  # surface form -> canonical (matched anywhere)
    context: dict[str, str]  # surface form -> canonical (only in context)
    free_re: re.Pattern[str]
    context_re: re.Pattern[str]
    by_key: dict[str, str]  # key(surface) -> canonical (any variant)

    def lookup(self, surface: str) -> str | None:
        """Canonical place name of a surface form (any variant, any case), or None."""
        return self.by_key.get(key(surface))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    places: dict[str, Place] = {}
    free: dict[str, str] = {}
    context: dict[str, str] = {}
    for line in _data_lines("gazetteer_vn.tsv"):
        cols = (line.split("\t") + [""] * 6)[:6]
        name, typ, parent, variants, flags, note = (c.strip() for c in cols)
        row = Place(name, typ, parent, note=note)
        forms = [v.strip() for v in variants.split("|") if v.strip()]
        if "ctx" in flags.split(","):
            forms.append("~" + name)
        else:
            forms.append(name)
        for f in forms:
            if f.startswith("~"):
                row.context_variants.append(f[1:])
                context.setdefault(f[1:], name)
            else:
                row.variants.append(f)
                free.setdefault(f, name)
        places[name] = row
    by_key = {key(s): c for s, c in {**context, **free}.items()}
    return Gazetteer(places, free, context, word_regex(free), word_regex(context), by_key)


@dataclass
class OrgEntry:
    canonical: str
    type: str
    variants: list[str]
    title_only: list[str]


@dataclass
class OrgLexicon:
    entries: dict[str, OrgEntry]  # canonical -> entry
    ci_re: re.Pattern[str]  # case-insensitive forms, matched on the lower-cased copy
    cs_re: re.Pattern[str]  # all-capital abbreviations, case-sensitive
    title_ci_re: re.Pattern[str]  # forms valid only after a person title (lower-cased copy)
    title_cs_re: re.Pattern[str]
    by_key: dict[str, str]  # org_key(form) -> canonical
    title_by_key: dict[str, str]

    def lookup(self, surface: str, after_title: bool = False) -> str | None:
        k = org_key(surface)
        hit = self.by_key.get(k)
        if hit is None and after_title:
            hit = self.title_by_key.get(k)
        return hit


def _is_abbrev(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) \
        and " " not in s.strip()


@lru_cache(maxsize=1)
def org_lexicon() -> OrgLexicon:
    entries: dict[str, OrgEntry] = {}
    ci: set[str] = set()
    cs: set[str] = set()
    tci: set[str] = set()
    tcs: set[str] = set()
    by_key: dict[str, str] = {}
    title_by_key: dict[str, str] = {}
    for line in _data_lines("orgs.txt"):
        cols = (line.split("\t") + ["", ""])[:3]
        canonical, typ, variants = (c.strip() for c in cols)
        forms = [canonical] + [v.strip() for v in variants.split("|") if v.strip()]
        entry = OrgEntry(canonical, typ, [], [])
        for f in forms:
            title_only = f.startswith("~")
            f = f.lstrip("~")
            if title_only:
                entry.title_only.append(f)
                (tcs if _is_abbrev(f) else tci).add(f if _is_abbrev(f) else lower_same(f))
                title_by_key.setdefault(org_key(f), canonical)
            else:
                entry.variants.append(f)
                (cs if _is_abbrev(f) else ci).add(f if _is_abbrev(f) else lower_same(f))
                by_key.setdefault(org_key(f), canonical)
        entries[canonical] = entry
    return OrgLexicon(entries, word_regex(ci), word_regex(cs), word_regex(tci),
                      word_regex(tcs), by_key, title_by_key)


@dataclass
class TitleLexicon:
    regex: re.Pattern[str]  # on the lower-cased copy
    canonical: dict[str, str]  # lower-cased surface -> display


@lru_cache(maxsize=1)
def title_lexicon() -> TitleLexicon:
    canonical: dict[str, str] = {}
    for line in _data_lines("titles.txt"):
        surface, _, display = line.partition("\t")
        surface = surface.strip()
        canonical[lower_same(surface)] = (display.strip() or surface)
    return TitleLexicon(word_regex(canonical), canonical)
