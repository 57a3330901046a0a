"""People: names with their titles, short references, and in-article resolution.

A person mention is found from an *anchor*:

* a title chain (``data/titles.txt`` heads, each with its organisation or place):
  "Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Vương Đình Huệ",
  "Bộ trưởng Công thương Trần Tuấn Anh", "Tổng thống Mỹ Barack Obama";
* an honorific: "ông Trần Tuấn Anh", "bà Hằng", "đồng chí Vương Đình Huệ";
* a bare Vietnamese full name of 3-4 capitalised syllables starting with a common surname
  (not after street/place words or a house number, not a gazetteer name);
* a bare foreign name of 2-4 capitalised ASCII words that opens with a common given name
  (:data:`vnnews.facts.names.FOREIGN_GIVEN`) or is followed by an age, ", <person noun>"
  or a speech verb ("Dmitry Sokolov", "Naida Asiyalova 30 tuổi", "Elga Reyes, một ...");
* a name listed next to a known person ("Nhạc sỹ Nguyễn Cường, Đan Trường, Văn Mai Hương");
* a later occurrence of a name already found, and the family name of a foreign person
  ("Durov" after "Pavel Durov").

A profession title ("ca sĩ", "nhạc sĩ") or role ("đạo diễn", "thủ môn", "MC") before a
name acts as an honorific: stage names without a family name are taken ("ca sĩ Minh
Hằng"). A capitalised sentence opener glued after a name is cut ("Trần Ly Ly Bên cạnh").

A full name may be followed by ", <title chain>" (titles after the name). A title chain with
no name is a *title reference* ("Bí thư Hà Nội", "Cũng theo Bộ trưởng, ..."); an honorific
with one or two syllables is a *partial reference* ("ông Khánh"). References are resolved
against the people of the article: a partial one to the one person whose name ends with
those syllables, a title one to the one person holding a title that starts with it
("Bí thư Hà Nội" is read as "Bí thư Thành ủy Hà Nội"). Ambiguous references stay unresolved.

Titles are kept as "title + organisation" with the organisation in canonical form
("Bộ trưởng Công thương" -> "Bộ trưởng Bộ Công Thương", "Ủy viên T.Ư Đảng" ->
"Ủy viên Trung ương Đảng").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Mention, Person
from ..normalize import is_syllable
from .doc import Doc
from .lexicon import (CAP_WORD, HONORIFICS, HSPACE, PROFESSION_TITLES, STRONG_SURNAMES,
                      SURNAMES, clean, gazetteer, key, title_lexicon, word_regex)
from .names import FOREIGN_GIVEN, FOREIGN_NAME_OPENERS, NOT_NAME_TAIL, ORG_WORDS, PERSON_NOUNS
from .orgs import OrgMatch, local_body_name, parse_org_at
from .places import parse_place_at

_SP = HSPACE
_SPACE_RE = re.compile(_SP)
_NAME_WORD = CAP_WORD + r"(?!\w)(?![-–]\d)"  # not "U21", "U-23" (a dash after is fine)
_CAP_RUN = re.compile(_NAME_WORD + r"(?:" + _SP + _NAME_WORD + r")*")
_PARTICLE = r"(?:al|el|ad|as|ash|bin|ibn|abu|de|da|di|du|van|von|der|den|la|le|dos|das|del)"
#: A foreign name: capitalised words with lower-case particles ("Bashar al-Assad",
#: "Bandar bin Sultan", "Charles de Gaulle").
_FOREIGN_RUN = re.compile(
    _NAME_WORD + r"(?:(?:" + _SP + _PARTICLE + r"-|" + _SP + _PARTICLE + _SP + r"|" + _SP
    + r")(?:[A-Z]\.(?=[^\S\n])|" + _NAME_WORD + r")){1,4}"
)
_ASCII_CAP = re.compile(r"(?<![\w.@/\-])[A-Z][A-Za-z]*(?:-[A-Za-z]+)*(?!\w)")
_SPEECH_AFTER = re.compile(
    r"[^\S\n]+(?:(?:cũng|đã|còn|vẫn|lại|từng)[^\S\n]+)?(?:nói|cho biết|viết|khẳng định|"
    r"tuyên bố|chia sẻ|cho rằng|nhấn mạnh|thừa nhận|tiết lộ|bày tỏ|nhận định|giải thích)(?!\w)")
_SURNAME_KEYS = frozenset(s.lower() for s in SURNAMES)
#: Capitalised words that are not given names after an honorific ("nghệ sĩ Việt").
_NOT_GIVEN = frozenset("Việt Nam Tây Đông Bắc Trung Quốc Nhà Nước Thủ Đô Hội Hồi Vậy Đa Mối Clip "
                       "Kinh".split()) | NOT_NAME_TAIL
_HONORIFIC_RE = word_regex([h.lower() for h in HONORIFICS])
_PRE_MOD = re.compile(r"(?:nguyên|cựu|tân|quyền)" + _SP)
_POST_MOD = re.compile(_SP + r"(thường trực|thứ nhất|phụ trách|dự khuyết|thường vụ)(?!\w)")
_CHAIN_SEP = re.compile(r"[^\S\n]*,[^\S\n]*|" + _SP + r"kiêm" + _SP + r"|" + _SP)
_AT_PLACE = re.compile(_SP + r"tại" + _SP)
_GROUP_RE = re.compile(r"(?<!\w)các" + _SP + r"(?:đồng chí|ông|bà|vị)" + _SP)
#: Words before a capitalised run that make it a street, school, prize... and not a person.
_NOT_PERSON_BEFORE = re.compile(
    r"(?:đường|phố|phường|xã|quận|huyện|trường|cầu|chợ|lăng|tượng|khu|hồ|sông|núi|đền|"
    r"chùa|giải|cúp|quảng trường|công viên|bến|nhà|thị trấn|tỉnh|thành phố|tp|số|tàu|"
    r"đại lộ|ngõ|ngách|hẻm|tổ|thôn|ấp|bản|làng|bệnh viện|học viện|bảo tàng|di tích|"
    r"chiến dịch|tác phẩm|cuốn|phim|bài|dự án|công ty|tập đoàn|hãng|thương hiệu|tp\.|"
    r"giao lộ|ngã tư|ngã ba|nút giao|quốc lộ|tỉnh lộ|tuyến|tuyến đường(?:" + _SP + r"chính)?)"
    + r"(?:[^\S\n]*:)?" + _SP + r"$"
)
#: Words before a foreign-looking run that make it a product or a work ("sản phẩm ...").
_PRODUCT_BEFORE = re.compile(r"(?<!\w)(?:đường|phố|đại lộ|quảng trường|sản phẩm|nhãn hiệu|nhãn hàng|ca khúc|bài hát|album|"
                             r"mẫu xe|dòng xe|dòng máy|mẫu điện thoại|xúc xích|bánh|rượu|"
                             r"tiểu thuyết|cuốn sách|vở|game|trò chơi)" + _SP + r"$")
#: A district in brackets after a capitalised run: a street ("Huỳnh Tấn Phát (quận 7)").
_DISTRICT_AFTER = re.compile(r"[^\S\n]*\([^\S\n]*(?:q\.|quận|p\.|phường|huyện|h\.)")
#: Words after which a title is an object (a rank conferred), not a person's title.
_TITLE_AS_OBJECT = re.compile(r"(?:hàm|thăng|phong|bổ nhiệm|chức|chức vụ|cương vị|vị trí|"
                              r"ghế|danh hiệu)\s+$")
#: Photo / source credits: "(Ảnh: Đỗ Tuấn Anh)".
_CREDIT_BEFORE = re.compile(r"(?:ảnh|nguồn|video|clip|đồ họa|thực hiện|bài|tác giả)"
                            r"(?:\s+minh\s+họa)?\s*:\s*$")
#: A house number before a capitalised run: "36 Hàng Thiếc", "15A/28 Lê Thánh Tôn" (streets).
_HOUSE_NUMBER_BEFORE = re.compile(r"(?<![\w.,])\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*[^\S\n]+$")
#: "(30 tuổi", ", 30 tuổi", " 30 tuổi" right after a name: a person.
_AGE_AFTER = re.compile(r"[^\S\n]*(?:[,(][^\S\n]*)?\d{1,3}[^\S\n]+tuổi(?!\w)")
_PERSON_NOUN_AFTER = re.compile(r"[^\S\n]*,[^\S\n]*(?:" + "|".join(
    sorted(PERSON_NOUNS, key=len, reverse=True)) + r")(?!\w)")
# an ellipsis ends a list inside its sentence ("…, Khởi My, Hiền Thục.... đều kêu gọi")
_LIST_SEP = re.compile(r"[^\S\n]*,[^\S\n]*|[^\S\n]+và[^\S\n]+|[^\S\n]*;[^\S\n]*|(?:…|\.{3,})[^\S\n]*")
_SECRETARIES = {"bí thư", "phó bí thư"}
_MIDDLE_NAMES = frozenset(("Thị", "Văn"))
_UNIT_HEADS = {"trưởng phòng", "phó trưởng phòng", "trưởng ban", "phó trưởng ban"}
_CHAIR = {"chủ tịch", "phó chủ tịch"}


@dataclass
class Title:
    """One title of a chain: display text plus the parsed organisation (if any)."""

    text: str  # canonical display, e.g. "Bộ trưởng Bộ Công Thương"
    head: str  # "Bộ trưởng"
    start: int = 0
    end: int = 0
    orgs: list[OrgMatch] = field(default_factory=list)
    post: bool = False  # written after the name (", Bí thư Thành ủy Hà Nội")


@dataclass
class PersonMention:
    start: int
    end: int
    kind: str  # full | partial | title
    name: str = ""  # full name (kind full) or the given-name part (kind partial)
    titles: list[Title] = field(default_factory=list)
    honorific: str = ""
    group: bool = False  # "các đồng chí <title>:" (titles for the people listed after it)
    resolved: str = ""  # full name this mention refers to, after resolution
    name_start: int = -1  # span of the name itself (without titles), when there is one
    name_end: int = -1

    @property
    def alias(self) -> str:
        """Short form of a partial mention, e.g. "ông Khánh"."""
        if self.kind == "partial":
            return f"{self.honorific} {self.name}".strip() if self.honorific else self.name
        return ""

    @property
    def title_text(self) -> str:
        return ", ".join(t.text for t in self.titles)


# --------------------------------------------------------------------------- parsing


def _space(doc: Doc, pos: int) -> int:
    m = _SPACE_RE.match(doc.norm, pos)
    return m.end() if m else -1


def parse_title(doc: Doc, pos: int) -> Title | None:
    """One title (with modifiers and organisation/place) starting at ``pos``."""
    lex = title_lexicon()
    p = pos
    pre = ""
    m = _PRE_MOD.match(doc.low, p)
    if m:
        pre = m.group(0).strip().lower() + " "
        p = m.end()
    m = lex.regex.match(doc.low, p)
    if not m:
        return None
    head = lex.canonical.get(" ".join(m.group(0).split()), clean(doc.norm[p:m.end()]))
    end = m.end()
    mods = []
    while True:
        mm = _POST_MOD.match(doc.low, end)
        if not mm:
            break
        mods.append(mm.group(1)[0].upper() + mm.group(1)[1:])
        end = mm.end()
    head_text = " ".join([head] + mods)
    text = head_text
    orgs: list[OrgMatch] = []
    q = _space(doc, end)
    if q >= 0 and not lex.regex.match(doc.low, q):
        # a unit's head ("Trưởng phòng Giáo dục") heads a department, not the ministry that
        # the short forms after a title name ("Bộ trưởng Giáo dục")
        org = parse_org_at(doc, q, after_title=head.lower() not in _UNIT_HEADS)
        place = None if org else parse_place_at(doc, q, context=True)
        if place is not None and not place.prefix and not _free_place(doc.norm[q:place.end]) \
                and len(doc.norm[q:place.end].split()) >= 3 \
                and doc.norm[q:place.end].split()[0] in SURNAMES:
            place = None  # "Chủ tịch Hồ Chí Minh" is the person, not the city
        if org is not None:
            orgs.append(org)
            text = f"{head_text} {org.name}"
            end = org.end
        elif place is not None:
            low_head = head.lower()
            row = gazetteer().places.get(place.name)
            provincial = row is not None and row.provincial
            if low_head in _SECRETARIES and provincial:
                committee = "Thành ủy" if row.type == "city" else "Tỉnh ủy"
                org_name = f"{committee} {place.name}"
                orgs.append(OrgMatch(q, place.end, org_name, True, "party"))
                text = f"{head_text} {org_name}"
            elif low_head in _CHAIR and provincial:
                org_name = local_body_name("UBND", place.name)
                orgs.append(OrgMatch(q, place.end, org_name, True, "local"))
                text = f"{head_text} {org_name}"
            else:
                text = f"{head_text} {place.name}"
            end = place.end
        # "Đại sứ Việt Nam tại Mỹ"
        am = _AT_PLACE.match(doc.low, end)
        if am and text != head_text:
            place2 = parse_place_at(doc, am.end(), context=True)
            if place2:
                text = f"{text} tại {place2.name}"
                end = place2.end
    return Title(pre + text if pre else text, head, pos, end, orgs)


def parse_title_chain(doc: Doc, pos: int) -> tuple[int, list[Title]] | None:
    """A chain of titles separated by ", ", " kiêm " or a blank; (end, titles)."""
    t = parse_title(doc, pos)
    if t is None:
        return None
    titles = [t]
    end = t.end
    while True:
        m = _CHAIN_SEP.match(doc.norm, end)
        if not m:
            break
        nxt = parse_title(doc, m.end())
        if nxt is None:
            break
        titles.append(nxt)
        end = nxt.end
    return end, titles


def _is_abbrev(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def _ascii(word: str) -> bool:
    return all(c.isascii() for c in word)


def parse_name(doc: Doc, pos: int, after_title: bool, after_honorific: bool
               ) -> tuple[int, str, str] | None:
    """A person name starting at ``pos``: (end, kind, name) with kind full|partial."""
    run = _CAP_RUN.match(doc.norm, pos)
    if not run:
        return None
    words = run.group(0).split()
    if any(_is_abbrev(w) for w in words[:1]):
        return None
    # a known place / organisation is not a name ("Hà Nội", "Bộ Công Thương"), except a
    # district name inside a longer name after an honorific ("bà Hoàng Mai Anh")
    place = parse_place_at(doc, pos)
    if place is not None:
        if (after_title or after_honorific) and place.end < run.end():
            # "đạo diễn Hà Lan Michael Dudok De Wit", "cầu thủ Thái Lan Tiakisuk": a
            # nationality before a foreign name
            q = _space(doc, place.end)
            foreign = _foreign_run(doc, q) if q >= 0 else None
            if foreign is not None:
                return foreign[0], "full", foreign[1]
            nxt = _CAP_RUN.match(doc.norm, q) if q >= 0 else None
            if nxt is not None and _ascii(nxt.group(0).split()[0]) and \
                    not is_syllable(nxt.group(0).split()[0]) and len(nxt.group(0).split()[0]) > 2:
                w = nxt.group(0).split()[0]
                return q + len(w), "partial", w
        # after an honorific a longer capitalised run is a name: "bà Hoàng Mai Anh",
        # "chị Mỹ Tâm" ("Mỹ" alone would be the country)
        if not (after_honorific and place.end < run.end()):
            return None
    elif parse_org_at(doc, pos) is not None:
        return None
    out: list[str] = []
    for w in words:
        if _is_abbrev(w) or len(out) >= 5:
            break
        out.append(w)
    while len(out) >= 2 and out[-1] in NOT_NAME_TAIL and not _given_opener(doc, pos, out):
        out.pop()  # "Trần Ly Ly Bên cạnh", "Phạm Thị Hải Chuyền Mấy năm"
    if len(out) >= 3 and out[-1] in _GIVEN_UNLESS_NEXT:
        nxt = _LOWER_NEXT.match(doc.norm, _end_of_words(doc.norm, pos, len(out)))
        if nxt and nxt.group(1) in _GIVEN_UNLESS_NEXT[out[-1]]:
            out.pop()  # "Lê Như Tiến Báo cáo ...", but "Đinh Quang Báo"
    out = _trim_tail(doc, pos, out)
    while len(out) >= 2 and out[-1] in NOT_NAME_TAIL and not _given_opener(doc, pos, out):
        out.pop()  # again after a caption's abbreviation was cut ("Đỗ Xuân Sơn Nhóm P.A.K")
    if not out or _org_like(out) or out[0] in _ORG_HEAD_WORDS:
        return None  # "Phó Chánh văn phòng Bộ", "chủ tịch T.Ư Hội Nguyễn Việt Thắng"
    if len(out) >= 3 and _ascii(out[0]) and not is_syllable(out[0]) and \
            all(is_syllable(w) for w in out[1:]) and not all(_ascii(w) for w in out[1:]):
        # "kiện tướng Dancesport Minh Trường": a Latin word describing a Vietnamese name
        q = _space(doc, _end_of_words(doc.norm, pos, 1))
        return parse_name(doc, q, after_title, after_honorific) if q >= 0 else None
    if len(out) >= 2 and _ascii(out[0]) and not is_syllable(out[0]) and \
            not _ascii(out[1]) and out[1] not in SURNAMES:
        out = out[:1]  # "Ca sỹ Aslan Tạm gác ...": a foreign name, then the next clause
    foreign = _foreign_run(doc, pos)
    if out[0] in SURNAMES or (len(out) >= 3 and out[1] in _MIDDLE_NAMES and not _ascii(out[0])):
        # a rare family name with a middle name is Vietnamese too: "bà Lô Thị Xuân Lý"
        if len(out) == 5 and "Thị" not in out and "Nữ" not in out:
            out = out[:4]
        kind = "full" if len(out) >= 2 else "partial"
    elif foreign and (after_title or after_honorific):
        # foreign name: "Barack Obama", "Hun Sen", "Bashar al-Assad"
        return foreign[0], "full", foreign[1]
    elif len(out) >= 3 and (after_title or after_honorific):
        out = out[:3]
        kind = "full"  # transliterated: "Tập Cận Bình", "Quý Kiến Nghiệp"
    elif after_honorific:
        out = out[:2]
        kind = "partial"
    elif after_title and len(out) == 1 and _ascii(out[0]) and len(out[0]) > 2:
        kind = "partial"  # "Tổng thống Obama"
    else:
        return None
    if kind == "partial" and (out[0] in _NOT_GIVEN or len(out[-1]) < 2):
        return None
    name = " ".join(out)
    if _free_place(name):
        return None
    end = _end_of_words(doc.norm, pos, len(out))
    return end, kind, clean(name)


#: Capitalised words that open an organisation's name, never a person's.
_ORG_HEAD_WORDS = frozenset("Bộ Sở Cục Viện Ban Hội Đảng Công Phòng Vụ Tổng Ủy Trường".split())
#: Given names that open a word with the lower-case syllable after them ("Báo cáo").
_GIVEN_UNLESS_NEXT = {"Báo": {"cáo", "chí", "động", "hiệu"}, "Tiến": {"hành", "độ", "bộ"},
                      "Chàng": {"trai"},
                      "Phát": {"biểu", "hiện", "triển", "ngôn"}, "Chia": {"sẻ"}}
_LOWER_NEXT = re.compile(r"[^\S\n]+([a-zà-ỹđ]+)(?!\w)")
#: Sentence openers that are given names too: the third word of a name unless the next
#: word makes the opener ("ông Nguyễn Đức Tuy đã ký", "Ông Trần Văn Tạo cũng cho biết",
#: but "... Tuy nhiên", "... Tạo điều kiện").
_GIVEN_OPENERS = {"Tuy": {"nhiên", "vậy", "thế", "rằng", "là"},
                  "Tạo": {"ra", "điều", "nên", "thành", "dựng", "lập", "động", "cơ", "sự"}}


def _given_opener(doc: Doc, pos: int, out: list[str]) -> bool:
    if len(out) < 3 or out[-1] not in _GIVEN_OPENERS:
        return False
    nxt = _LOWER_NEXT.match(doc.norm, _end_of_words(doc.norm, pos, len(out)))
    return bool(nxt) and nxt.group(1) not in _GIVEN_OPENERS[out[-1]]

_FREE_PLACE_KEYS: set[str] = set()
#: Caption labels that open a credit after the text they close ("... Phan Anh Ảnh: X").
_CAPTION_WORDS = frozenset(("Ảnh", "Video", "Clip", "Nguồn"))


def _trim_tail(doc: Doc, pos: int, words: list[str]) -> list[str]:
    """Cut what follows a Vietnamese full name (3+ words, opening with a family name): a
    title opening the next phrase ("Nguyễn Thiện Nhân Ủy viên Bộ Chính trị"), or a foreign
    word glued from a caption ("Đậu An Phúc Bus Hop On")."""
    out = list(words)
    if len(out) >= 2 and out[-1] in _CAPTION_WORDS and re.match(
            r"[^\S\n]*:", doc.norm[_end_of_words(doc.norm, pos, len(out)):]):
        out.pop()  # "Phan Anh Ảnh: Lý Võ Phú Hưng": a photo credit follows the name
    if not out or out[0] not in SURNAMES:
        return out
    for i in range(2, len(out)):
        if _ascii(out[i]) and not is_syllable(out[i]):
            out = out[:i]
            break
    lex = title_lexicon()
    while len(out) >= 3:
        last = out[-1]
        start = _end_of_words(doc.norm, pos, len(out) - 1)
        q = _space(doc, start)
        tm = lex.regex.match(doc.low, q) if q >= 0 else None
        if (_ascii(last) and not is_syllable(last)) or (tm is not None and tm.end() > q + len(last)):
            out.pop()
            continue
        break
    return out


def _org_like(words: list[str]) -> bool:
    """A capitalised run that names an organisation, team or show rather than a person:
    "Abbott Việt Nam", "Jetstar Pacific", "Orlando City", "The Voice"."""
    if words[0] == "The" or " ".join(words[-2:]) in ("Việt Nam", "Viet Nam"):
        return len(words) >= 2
    return _ascii(words[0]) and any(w.strip(".") in ORG_WORDS for w in words)


def _free_place(name: str) -> bool:
    """``name`` is a place name that needs no context ("Hà Nội"; not "Hồ Chí Minh")."""
    if not _FREE_PLACE_KEYS:
        _FREE_PLACE_KEYS.update(key(v) for v in gazetteer().free)
    return key(name) in _FREE_PLACE_KEYS


def _foreign_run(doc: Doc, pos: int) -> tuple[int, str] | None:
    """A foreign name at ``pos``: two or more ASCII capitalised words (particles allowed,
    "Bashar al-Assad"), cut before the first non-ASCII word ("Salman Khurshid Tuyên bố")."""
    m = _FOREIGN_RUN.match(doc.norm, pos)
    if not m:
        return None
    words: list[tuple[str, int]] = []  # (word, end offset)
    for wm in re.finditer(r"\S+", m.group(0)):
        w = wm.group(0)
        if not _ascii(w) or _is_abbrev(w.split("-")[0]) or (words and w in NOT_NAME_TAIL):
            break
        words.append((w, pos + wm.end()))
    while words and (words[-1][0].islower() or words[-1][0].endswith(".")):
        words.pop()  # a particle or an initial cannot end the name
    if len(words) < 2:
        return None
    end = words[-1][1]
    return end, clean(doc.norm[pos:end])


def _end_of_words(s: str, pos: int, n: int) -> int:
    m = re.compile(r"\S+?(?=[\s,.;:!?()\"“”'’]|$)").match
    p = pos
    for i in range(n):
        mm = m(s, p)
        if not mm:
            break
        p = mm.end()
        if i < n - 1:
            q = _SPACE_RE.match(s, p)
            if not q:
                break
            p = q.end()
    return p


def parse_person_at(doc: Doc, pos: int) -> PersonMention | None:
    """A person mention (full, partial or title reference) starting at ``pos``."""
    honorific = ""
    p = pos
    hm = _HONORIFIC_RE.match(doc.low, p)
    tm = title_lexicon().regex.match(doc.low, p)
    if hm and tm and tm.end() >= hm.end():
        hm = None  # "Nghệ sĩ Nhân dân" is a title, not the honorific "nghệ sĩ"
    if hm and doc.norm[pos].isupper() and re.search(CAP_WORD + _SP + "$",
                                                    doc.norm[max(0, pos - 20):pos]):
        hm = None  # inside a proper name: "Hai Bà Trưng"
    if hm:
        q = _space(doc, hm.end())
        if q >= 0 and doc.norm[q].isupper() and parse_place_at(doc, pos) is None:
            honorific = " ".join(hm.group(0).split())
            p = q
        elif not _starts_title(doc, pos):
            return None
    titles: list[Title] = []
    chain = parse_title_chain(doc, p)
    if chain is not None:
        p_end, titles = chain
        q = _space(doc, p_end)
        profession = all(t.text.lower() == t.head.lower() and t.head.lower() in PROFESSION_TITLES
                         for t in titles)
        name = parse_name(doc, q, True, bool(honorific) or profession) if q >= 0 else None
        if name is None:
            if not honorific and not doc.norm[pos].isupper():
                return None
            return PersonMention(pos, p_end, "title", "", titles, honorific)
        end, kind, nm = name
        pm = PersonMention(pos, end, kind, nm, titles, honorific, name_start=q, name_end=end)
        return _with_post_titles(doc, pm)
    if not honorific:
        return None
    name = parse_name(doc, p, False, True)
    if name is None:
        return None
    end, kind, nm = name
    pm = PersonMention(pos, end, kind, nm, [], honorific, name_start=p, name_end=end)
    return _with_post_titles(doc, pm)


def _starts_title(doc: Doc, pos: int) -> bool:
    return title_lexicon().regex.match(doc.low, pos) is not None


def _with_post_titles(doc: Doc, pm: PersonMention) -> PersonMention:
    """Attach ", <title chain>" after a full name when no other name follows the chain."""
    if pm.kind != "full":
        return pm
    m = re.compile(r"[^\S\n]*,[^\S\n]*").match(doc.norm, pm.end)
    if not m:
        return pm
    chain = parse_title_chain(doc, m.end())
    if chain is None:
        return pm
    end, titles = chain
    q = _space(doc, end)
    if q >= 0 and parse_name(doc, q, True, False) is not None:
        return pm  # the titles belong to the next person
    closed = re.compile(r"[^\S\n]*(?:[,;)\]]|[.!?…]|$)").match(doc.norm, end) is not None
    if not closed and titles[-1].text == titles[-1].head:
        return pm  # "... cho đồng chí A, Chủ tịch nước nêu rõ": a new subject, not A's title
    for t in titles:
        t.post = True
    pm.titles.extend(titles)
    pm.end = end
    return pm


# --------------------------------------------------------------------------- scanning


def _bare_name_re() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(?:" + "|".join(sorted(STRONG_SURNAMES)) + r")(?:" + _SP
                      + CAP_WORD + r"){2,3}(?![\w])")


_BARE_RE: re.Pattern[str] | None = None


def find_person_mentions(doc: Doc, org_spans: list[tuple[int, int]] | None = None
                         ) -> list[PersonMention]:
    """All person mentions in text order (overlaps resolved, earliest/longest first)."""
    lex = title_lexicon()
    org_spans = org_spans or []
    starts: set[int] = {m.start() for m in lex.regex.finditer(doc.low)}
    starts |= {m.start() for m in _PRE_MOD.finditer(doc.low)}
    starts |= {m.start() for m in _HONORIFIC_RE.finditer(doc.low)}
    found: list[PersonMention] = []
    taken_end = -1
    for s in sorted(starts):
        if s < taken_end:
            continue
        if any(a < s < b for a, b in org_spans):
            continue  # "Ban Bí thư", "Văn phòng Chủ tịch nước"
        if _TITLE_AS_OBJECT.search(doc.low[max(0, s - 20):s]):
            continue  # "thăng quân hàm Thượng tướng, Chủ tịch nước X trao ..."
        if _CREDIT_BEFORE.search(doc.low[max(0, s - 25):s]):
            continue  # "Ảnh minh họa: Anh Quân"
        pm = parse_person_at(doc, s)
        if pm is None:
            continue
        found.append(pm)
        taken_end = pm.end
    spans = [(p.start, p.end) for p in found] + list(org_spans)
    found += _bare_vietnamese(doc, spans)
    found += _bare_foreign(doc, spans)
    found = [p for p in found if not _is_byline(doc, p)]
    found += _list_members(doc, found, spans)
    # later occurrences of known names (full names, and partial ones of two words or more),
    # and of the family name of a foreign person ("Durov" after "Pavel Durov")
    names = {p.name for p in found
             if p.kind == "full" or (p.kind == "partial" and len(p.name.split()) >= 2)}
    kinds = {p.name: p.kind for p in found if p.name in names}
    for p in found:
        words = p.name.split()
        if p.kind == "full" and len(words) >= 2 and words[0] not in SURNAMES and \
                _ascii(words[-1]) and len(words[-1]) >= 3 and words[-1] not in names:
            names.add(words[-1])
            kinds[words[-1]] = "partial"
    if names:
        rx = word_regex(names)
        spans = [(p.start, p.end) for p in found] + list(org_spans)
        for m in rx.finditer(doc.norm):
            s, e = m.span()
            if any(a < e and s < b for a, b in spans) or \
                    _CREDIT_BEFORE.search(doc.low[max(0, s - 25):s]):
                continue
            nm = clean(m.group(0))
            found.append(PersonMention(s, e, kinds.get(nm, "full"), nm, name_start=s,
                                       name_end=e))
            spans.append((s, e))
    found.sort(key=lambda p: p.start)
    _apply_groups(doc, found)
    _apply_appositions(doc, found)
    return [p for p in found if not p.group and not _is_byline(doc, p)]


def _overlaps(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in spans)


def _bare_vietnamese(doc: Doc, spans: list[tuple[int, int]]) -> list[PersonMention]:
    """Untitled Vietnamese full names: 3-4 capitalised syllables opening with a common
    family name ("Nguyễn Đức Cường"), not a street ("đường", "36 Hàng Thiếc"), a place or a
    credit; a capitalised sentence opener after the name is cut ("... Chuyền Mấy năm")."""
    global _BARE_RE
    if _BARE_RE is None:
        _BARE_RE = _bare_name_re()
    out = []
    for m in _BARE_RE.finditer(doc.norm):
        s = m.start()
        run = _CAP_RUN.match(doc.norm, s)
        if run is None:
            continue
        words = run.group(0).split()
        while len(words) > 3 and words[-1] in NOT_NAME_TAIL:
            words.pop()
        words = _trim_tail(doc, s, words)
        while len(words) > 3 and words[-1] in NOT_NAME_TAIL:
            words.pop()  # again after a caption's abbreviation was cut ("Sơn Nhóm P.A.K")
        if not 3 <= len(words) <= 4 or any(_is_abbrev(w) for w in words[1:]):
            continue
        e = _end_of_words(doc.norm, s, len(words))
        if _overlaps(spans, s, e):
            continue
        if s > 0 and re.search(CAP_WORD + _SP + r"$", doc.norm[max(0, s - 30):s]):
            continue  # preceded by another capitalised word
        before = doc.low[max(0, _list_start(doc, s) - 25):_list_start(doc, s)]
        if not _NOT_PERSON_BEFORE.search(before):
            before = doc.low[max(0, s - 25):s]
        if _NOT_PERSON_BEFORE.search(before) or _CREDIT_BEFORE.search(before) or \
                _HOUSE_NUMBER_BEFORE.search(doc.norm[max(0, s - 15):s]) or \
                _DISTRICT_AFTER.match(doc.low, e):
            continue
        name = doc.norm[s:e]
        if _free_place(name):
            continue  # "Hồ Chí Minh" alone is the person; "TP Hồ Chí Minh" is excluded above
        if words[0] in ("Hồ", "Sông", "Núi", "Đảo") and \
                gazetteer().lookup(" ".join(words[1:])) is not None:
            continue  # "Hồ Linh Đàm" is a lake, not a Mr Hồ
        pm = _with_post_titles(doc, PersonMention(s, e, "full", clean(name), name_start=s,
                                                  name_end=e))
        out.append(pm)
        spans.append((pm.start, pm.end))
    return out


_LIST_ITEM_BEFORE = re.compile(r"(" + CAP_WORD + r"(?:" + _SP + CAP_WORD + r"){0,4})"
                               r"[^\S\n]*(?:,|và|;|[^\S\n]?[-–][^\S\n])[^\S\n]*$")


def _list_start(doc: Doc, s: int) -> int:
    """Start of the list of capitalised names that ``s`` continues ("đường Lương Định
    Của, Bùi Hữu Nghĩa, Huỳnh Tấn Phát": the streets' list starts after "đường")."""
    start = s
    for _ in range(10):
        m = _LIST_ITEM_BEFORE.search(doc.norm[max(0, start - 80):start])
        if not m:
            break
        start = max(0, start - 80) + m.start(1)
    return start


def _bare_foreign(doc: Doc, spans: list[tuple[int, int]]) -> list[PersonMention]:
    """Untitled foreign names: two to four capitalised ASCII words ("Dmitry Sokolov",
    "William H. Watson", "Albert del Rosario") that open with a common given name, or are
    followed by an age ("Naida Asiyalova 30 tuổi"), by ", <person noun>" ("Elga Reyes, một
    người dùng Twitter") or by a speech verb ("Lola Dodge viết"); never with words of
    organisations or products ("Sky News", "Vietnam Airlines")."""
    out = []
    for m in _ASCII_CAP.finditer(doc.norm):
        s = m.start()
        if _overlaps(spans, s, m.end()):
            continue
        prev = re.search(r"(\S+)" + _SP + r"$", doc.norm[max(0, s - 40):s])
        family = -1
        if prev and prev.group(1)[:1].isupper() and not _ascii(prev.group(1)) and \
                is_syllable(prev.group(1)) and \
                _glued_before(doc, s - len(prev.group(0)), s, spans):
            # a capitalised Vietnamese word before: "Thái Lan Chadchart" (a place, then the
            # name), "Thiện Thanh Spa" (a business): the ASCII run is not a name of its own;
            # after a family name ("Phó An My") it is the rest of a Vietnamese name
            if prev.group(1) not in SURNAMES or gazetteer().lookup(prev.group(1)) is not None:
                continue
            family = s - len(prev.group(0))
        if prev and _ascii(prev.group(1)) and prev.group(1)[:1].isupper() and \
                (prev.group(1) in FOREIGN_NAME_OPENERS or (
                    not is_syllable(prev.group(1)) and not _is_abbrev(prev.group(1)) and
                    gazetteer().lookup(prev.group(1)) is None)):
            continue  # inside a longer foreign run whose start was rejected
        hit = _foreign_run(doc, s)
        if hit is None:
            continue
        e, name = hit
        words = name.split()
        if any(w.strip(".") in ORG_WORDS for w in words) or _overlaps(spans, s, e):
            continue
        if family >= 0:
            if not all(is_syllable(w) for w in words) or len(words) > 3:
                continue
            s, name = family, clean(doc.norm[family:e])
            words = name.split()
        if not (words[0] in FOREIGN_GIVEN or _AGE_AFTER.match(doc.low, e)
                or _PERSON_NOUN_AFTER.match(doc.low, e) or _SPEECH_AFTER.match(doc.low, e)):
            continue
        if parse_place_at(doc, s) is not None or parse_org_at(doc, s) is not None or \
                gazetteer().lookup(name) is not None:
            continue
        if _CREDIT_BEFORE.search(doc.low[max(0, s - 25):s]) or \
                _PRODUCT_BEFORE.search(doc.low[max(0, s - 25):s]):
            continue  # "đường Nelson Mandela", "phim James Bond", "sản phẩm Frank Furter"
        pm = _with_post_titles(doc, PersonMention(s, e, "full", name, name_start=s, name_end=e))
        out.append(pm)
        spans.append((pm.start, pm.end))
    return out


def _glued_before(doc: Doc, ps: int, s: int, spans: list[tuple[int, int]] = ()) -> bool:
    """The capitalised Vietnamese word at ``ps`` is glued to the ASCII run at ``s``: part
    of a place that goes on into it ("Thái Lan" before "Chadchart"), or of a Vietnamese name
    or a business ("Phó An My", "Thiện Thanh Spa"); a nationality before a foreign name
    ("Mỹ John Kerry", "Cộng hòa Ý Sergio Mattarella"), nor an honorific ("Ngài Sergio")."""
    word = doc.norm[ps:s].strip()
    if any(a < ps + len(word) <= b <= s for a, b in spans):
        return False  # an organisation's name ends there: "Nhà Trắng Barack Obama"
    if gazetteer().lookup(word) is not None or _HONORIFIC_RE.fullmatch(word.lower()) or \
            title_lexicon().regex.fullmatch(word.lower()):
        return False
    for a in range(max(0, ps - 20), ps + 1):
        if a == 0 or not doc.norm[a - 1].isalnum():
            place = parse_place_at(doc, a)
            if place is not None and place.end > ps:
                return place.end > s
    # a sentence opening with it: "Còn Elga Reyes", "Là Michael Jordan"
    return not re.search(r"(?:^|[.!?:;\"“”…(\n])[^\S\n]*$", doc.norm[max(0, ps - 5):ps])


def _list_members(doc: Doc, found: list[PersonMention], spans: list[tuple[int, int]]
                  ) -> list[PersonMention]:
    """Names listed next to a known person: "Nhạc sỹ Nguyễn Cường, Nguyễn Đức Cường, Ca sỹ
    Mỹ Tâm, Đàm Vĩnh Hưng, Đan Trường, Văn Mai Hương và Hoàng Quyên". An item is a whole
    capitalised run of two to four words (no place, organisation or abbreviation) between
    list separators; items are taken while they chain to an item that is a person."""
    ends = {p.end for p in found if p.name_start >= 0}
    if not ends:
        return []
    out: list[PersonMention] = []
    for s0, s1 in doc.sentences:
        if not any(s0 < e <= s1 for e in ends):
            continue
        items: list[tuple[int, int]] = []
        pos = s0
        for m in _LIST_SEP.finditer(doc.norm, s0, s1):
            items.append((pos, m.start()))
            pos = m.end()
        items.append((pos, s1))
        if len(items) < 2:
            continue
        kinds: list[str] = []  # person | cand | other
        cands: dict[int, tuple[int, int, list[str]]] = {}
        for i, (a, b) in enumerate(items):
            b2 = b
            while b2 > a and doc.norm[b2 - 1] in " .…!?":
                b2 -= 1
            if any(p.end == b2 and p.start >= a and p.name_start >= 0 for p in found):
                kinds.append("person")
                continue
            item = doc.norm[a:b2]
            run = None
            for rm in _CAP_RUN.finditer(item):
                run = rm
            ok = run is not None and run.end() == len(item)
            if ok and run.start() > 0:
                ok = i == 0 and re.search(r"(?:như|là|gồm|gồm có|cùng|với|:)" + _SP + "$",
                                          doc.low[a:a + run.start()]) is not None
            words = run.group(0).split() if ok else []
            if ok and 2 <= len(words) <= 4 and words[0] not in NOT_NAME_TAIL and \
                    not any(_is_abbrev(w) for w in words) and \
                    all(is_syllable(w) or _ascii(w) for w in words):
                st = a + run.start()
                if parse_place_at(doc, st) is None and parse_org_at(doc, st) is None and \
                        gazetteer().lookup(run.group(0)) is None and \
                        not _overlaps(spans, st, a + len(item)):
                    cands[i] = (st, a + len(item), words)
                    kinds.append("cand")
                    continue
            kinds.append("other")
        take = set()
        for i, k in enumerate(kinds):
            if k != "person":
                continue
            for step in (1, -1):
                j = i + step
                while 0 <= j < len(kinds) and kinds[j] == "cand":
                    take.add(j)
                    j += step
        for j in sorted(take):
            st, en, words = cands[j]
            ls = _list_start(doc, st)
            if _NOT_PERSON_BEFORE.search(doc.low[max(0, ls - 25):ls]):
                continue  # "tuyến đường Lý Thường Kiệt, Bà Triệu, Trần Hưng Đạo": streets
            kind = "full" if words[0] in SURNAMES else "partial"
            out.append(PersonMention(st, en, kind, clean(" ".join(words)), name_start=st,
                                     name_end=en))
            spans.append((st, en))
    return out


_BYLINE_REST = re.compile(r"[\W\d_]*|(?:[\W_]*(?:[A-ZĐ]{2,}[\w&-]*|Theo|Ảnh|Video|Nguồn)"
                          r"[\W_]*)+")


def _is_byline(doc: Doc, pm: PersonMention) -> bool:
    """A name standing alone as a sentence (author line "Anh Tuấn", "Hoàng Anh Tuấn
    (TTXVN)", "./. Anh Phương") is a byline, not a person of the story."""
    if pm.titles:
        return False
    s0, s1 = doc.sentence_at(pm.start)
    if doc.text[max(0, pm.start - 3):pm.start].strip().endswith(("/.", "./")):
        return True
    if not (s0 <= pm.start and pm.end <= s1):
        return False
    rest = doc.norm[s0:pm.start] + " " + doc.norm[pm.end:s1]
    return len(rest) < 60 and _BYLINE_REST.fullmatch(rest) is not None


def _apply_groups(doc: Doc, found: list[PersonMention]) -> None:
    """"các đồng chí Ủy viên T.Ư Đảng: A; B" gives the titles to A and B."""
    for i, pm in enumerate(found):
        if pm.kind != "title":
            continue
        before = doc.low[max(0, pm.start - 12):pm.start + len(pm.honorific) + 1]
        colon = re.compile(r"[^\S\n]*:").match(doc.norm, pm.end)
        if not colon or not (_GROUP_RE.search(before) or pm.honorific):
            continue
        pm.group = True
        s_end = doc.sentence_at(pm.start)[1]
        for other in found[i + 1:]:
            if other.start >= s_end:
                break
            if other.kind == "full":
                other.titles = pm.titles + other.titles


def _apply_appositions(doc: Doc, found: list[PersonMention]) -> None:
    """"Bộ trưởng Bộ Công Thương, ông Trần Tuấn Anh": the titles go to the name."""
    for i, pm in enumerate(found[:-1]):
        nxt = found[i + 1]
        if pm.kind != "title" or pm.group or nxt.kind != "full":
            continue
        if re.fullmatch(r"[^\S\n]*,[^\S\n]*", doc.norm[pm.end:nxt.start]) and \
                (nxt.honorific or len(nxt.name.split()) >= 3):
            nxt.titles = pm.titles + nxt.titles
            pm.group = True  # consumed


# --------------------------------------------------------------------------- resolution


def dedupe_titles(titles: list[str]) -> list[str]:
    """Unique titles (case/tone-insensitive), dropping ones another title extends
    ("Bí thư" and "Bí thư Thành ủy" when "Bí thư Thành ủy Hà Nội" is there)."""
    uniq: dict[str, str] = {}
    for t in titles:
        uniq.setdefault(key(t), clean(t))
    keys = list(uniq)
    out = []
    for k in keys:
        if any(o != k and o.startswith(k + " ") for o in keys):
            continue
        out.append(uniq[k])
    return out


def title_matches(ref: str, titles: list[str]) -> bool:
    """A title reference ``ref`` matches a person holding one of ``titles``."""
    r = key(ref)
    return any(key(t) == r or key(t).startswith(r + " ") for t in titles)


def given_matches(given: str, name: str) -> bool:
    """``given`` ("Khánh", "Tuấn Anh") is the end (or, for foreign names, start) of ``name``."""
    g = key(given).split()
    n = key(name).split()
    if not g or len(g) >= len(n):
        return False
    if n[-len(g):] == g or (len(g) == 1 and n[-1].split("-")[-1] == g[0]):
        return True  # "Khánh" / "Trần Quốc Khánh", "Assad" / "Bashar al-Assad"
    return n[0] not in _SURNAME_KEYS and n[:len(g)] == g


def family_matches(given: str, name: str) -> bool:
    """``given`` is the first word of ``name``: Chinese/Korean names named by family name
    ("bà Hoa" for "Hoa Xuân Oánh"); only tried when no name ends with ``given``."""
    g = key(given).split()
    n = key(name).split()
    return len(g) == 1 and len(n) > 1 and n[0] == g[0]


def build_people(doc: Doc, mentions: list[PersonMention]) -> list[Person]:
    """Group mentions into people of one article and resolve short references."""
    people: dict[str, Person] = {}
    post: list[tuple[Person, Title]] = []
    for pm in mentions:
        if pm.kind != "full":
            continue
        k = key(pm.name)
        person = people.get(k)
        if person is None:
            person = people[k] = Person(name=_outlet_form(doc, pm), sources=[doc.doc_id])
        person.titles.extend(t.text for t in pm.titles if not t.post)
        post.extend((person, t) for t in pm.titles if t.post)
        pm.resolved = person.name
        person.mentions.append(_mention(doc, pm, person.name))
    # "ông Phạm Quang nghị" (a typo) next to "Phạm Quang Nghị": the short one is the long one
    for k in list(people):
        longer = [o for o in people if o != k and o.startswith(k + " ")]
        if len(k.split()) == 2 and len(longer) == 1:
            short, long_ = people.pop(k), people[longer[0]]
            for m in short.mentions:
                m.name = long_.name
            long_.mentions.extend(short.mentions)
            long_.titles.extend(short.titles)
            for pm in mentions:
                if pm.resolved == short.name:
                    pm.resolved = long_.name
            post = [(long_ if p is short else p, t) for p, t in post]
    # a title after a name ("... cho đồng chí A, Chủ tịch nước nêu rõ") that another person
    # of the article holds refers to that person, not to A
    for person, t in post:
        others = [p for p in people.values() if p is not person and title_matches(t.text, p.titles)]
        if not others:
            person.titles.append(t.text)
    for person in people.values():
        person.titles = dedupe_titles(person.titles)
    partial_people: dict[str, Person] = {}
    for pm in mentions:
        if pm.kind == "full":
            continue
        target = resolve_reference(pm, list(people.values()))
        if target is not None:
            pm.resolved = target.name
            target.mentions.append(_mention(doc, pm, target.name))
            alias = _outlet_alias(doc, pm)
            if pm.kind == "partial" and alias and alias not in target.aliases:
                target.aliases.append(alias)
            if pm.titles:
                target.titles = dedupe_titles(target.titles + [t.text for t in pm.titles])
        elif pm.kind == "partial" and not _candidates(pm, list(people.values())):
            k = key(pm.name)
            person = partial_people.get(k)
            if person is None:
                person = partial_people[k] = Person(name=_outlet_form(doc, pm), sources=[doc.doc_id])
            alias = _outlet_alias(doc, pm)
            if alias and alias not in person.aliases:
                person.aliases.append(alias)
            person.titles = dedupe_titles(person.titles + [t.text for t in pm.titles])
            # pm.resolved stays empty: a speaker known only as "ông Huệ" keeps that form
            person.mentions.append(_mention(doc, pm, person.name))
    return list(people.values()) + list(partial_people.values())


def _outlet_form(doc: Doc, pm: PersonMention) -> str:
    """The name as the outlet wrote it (its tone placement, NFC, single spaces): matching
    runs on a classic-tone copy, display keeps the outlet's characters."""
    if 0 <= pm.name_start < pm.name_end:
        surface = " ".join(doc.text[pm.name_start:pm.name_end].split())
        if key(surface) == key(pm.name):
            return surface
    return pm.name


def _outlet_alias(doc: Doc, pm: PersonMention) -> str:
    """A short form ("ông Hoà") with the name as the outlet wrote it."""
    if not pm.alias:
        return ""
    name = _outlet_form(doc, pm)
    return f"{pm.honorific} {name}".strip() if pm.honorific else name


def _candidates(pm: PersonMention, people: list[Person]) -> list[Person]:
    if pm.kind == "partial":
        cands = [p for p in people if given_matches(pm.name, p.name)]
        if not cands:
            cands = [p for p in people if family_matches(pm.name, p.name)]
        return cands
    if pm.kind == "title" and pm.titles:
        ref = pm.titles[-1].text
        return [p for p in people if title_matches(ref, p.titles)]
    return []


def resolve_reference(pm: PersonMention, people: list[Person]) -> Person | None:
    """The one person a partial/title mention refers to, or None (unknown or ambiguous)."""
    cands = _candidates(pm, people)
    return cands[0] if len(cands) == 1 else None


def _mention(doc: Doc, pm: PersonMention, name: str) -> Mention:
    return Mention(text=doc.text[pm.start:pm.end], start=pm.start, end=pm.end,
                   doc_id=doc.doc_id, kind="person", name=name, title=pm.title_text)


def parse_reference(text: str) -> PersonMention | None:
    """Parse a speaker string ("ông Khánh", "Bí thư Hà Nội", "Trần Tuấn Anh") on its own."""
    doc = Doc.of(clean(text))
    pm = parse_person_at(doc, 0)
    if pm is None:
        nm = parse_name(doc, 0, False, False)
        if nm is not None and nm[1] == "full":
            return PersonMention(0, nm[0], "full", nm[2])
        return None
    return pm
