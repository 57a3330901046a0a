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
  tone placement and normalised spacing; names in sentence case keep their lower-case words
  when a capitalised word or a place follows ("Hiệp hội Vận tải ôtô Việt Nam", "Liên đoàn
  bóng đá Campuchia") or a usual last word ends them ("Hội Chữ thập đỏ");
* a state body of a foreign country in any case ("chính phủ Kenya" -> "Chính phủ Kenya"),
  a Latin-script name ending with an organisation word ("SPDR Gold Trust") or named by a
  cue word ("tờ Inquirer", "mạng xã hội VKontakte"), a national body's local branch
  ("Liên hiệp các tổ chức hữu nghị Đà Nẵng").

Outlets in photo/source credits and bylines ("Ảnh: AFP", "Ngọc Thành/VOV online", "(TTXVN)"
closing the article) and generic uses ("Sở Y tế các tỉnh", "hai Chính phủ", "trái phiếu
Chính phủ") are not reported. A place closing the name of an institution ("Bảo tàng Hội
An") belongs to the name; one closing a government body's name ("Sở Y tế Hà Nội") is also
reported as a place, as is any place but "Việt Nam" closing a name.

:func:`org_key` (abbreviations expanded, case/tone-insensitive) is the merge key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .doc import Doc
from .lexicon import (CAP_WORD, HSPACE, LETTER, STRONG_SURNAMES, SURNAMES, clean, gazetteer,
                      org_key, org_lexicon)
from ..normalize import is_syllable
from .names import FOREIGN_GIVEN, NOT_NAME_TAIL
from .places import parse_place_at

_SP = HSPACE

_SUB_BODIES = {
    "thanh tra": ("Thanh tra", True),
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
    "cty", "tổng cty",
    "ngân hàng tmcp", "ngân hàng thương mại cổ phần", "ngân hàng", "tổng cục", "cục", "sở",
    "viện", "trường đại học", "trường cao đẳng", "trường thpt", "trường thcs",
    "trường tiểu học", "trường mầm non", "đại học", "học viện", "bệnh viện", "hiệp hội",
    "hội", "liên đoàn", "quỹ", "ủy ban", "đảng", "đài truyền hình", "đài phát thanh",
    "báo", "tòa án nhân dân", "viện kiểm sát nhân dân", "công an", "bộ tư lệnh",
    "quân khu", "quân đoàn", "ban quản lý", "trung tâm", "nhà máy", "tổ chức", "liên minh",
    "hãng", "tổng liên đoàn", "liên hiệp", "hợp tác xã", "câu lạc bộ", "clb",
    "bảo tàng", "thẩm mỹ viện", "tạp chí", "thành đoàn", "tỉnh đoàn", "thanh tra", "vụ",
    "nhật báo", "hãng tin", "hãng thông tấn", "đoàn đbqh", "đoàn đại biểu quốc hội",
    "cảnh sát", "lực lượng", "quân đội", "hải quân", "không quân", "tòa án", "viện kiểm sát",
    "tổng cục", "chi cục", "phòng", "đội", "văn phòng", "nhà xuất bản", "nhà hát", "đài",
    "đh", "ctcp", "tổ chức", "đảng",
    # a school named without "Trường" ("Tiểu học Lê Ngọc Hân (TP.HCM)"), an embassy
    # ("Học viện ... và Đại sứ quán Thụy Điển": two names, not one)
    "tiểu học", "thcs", "thpt", "trung học cơ sở", "trung học phổ thông", "mầm non",
    "đại sứ quán", "tổng lãnh sự quán", "lãnh sự quán",
)
_GENERIC_RE = re.compile(
    r"(?<![\w.])(" + "|".join(sorted(_GENERIC_HEADS, key=len, reverse=True)).replace(" ", _SP)
    + r")" + _SP
)
_HEAD_DISPLAY = {"tổng công ty": "Tổng Công ty", "công ty cp": "Công ty CP",
                 "công ty tnhh": "Công ty TNHH", "ngân hàng tmcp": "Ngân hàng TMCP",
                 "clb": "CLB", "trường thpt": "Trường THPT", "trường thcs": "Trường THCS",
                 "đoàn đbqh": "Đoàn ĐBQH", "đh": "ĐH", "ctcp": "CTCP", "cty": "Cty",
                 "tổng cty": "Tổng Cty"}
_LOWER_FIRST_HEADS = frozenset((
    "hội", "hiệp hội", "liên đoàn", "liên hiệp", "viện", "trung tâm", "trường", "tổ chức",
    "ủy ban", "quỹ", "học viện", "bảo tàng", "câu lạc bộ", "công ty", "tập đoàn",
    "tổng công ty", "đại học", "trường đại học", "cục", "tổng cục", "nhà xuất bản", "đảng",
    "cty"))
#: Head + next syllable that make another word: "Hội nghị", "Trường hợp", "Đảng viên".
_FALSE_COMPOUNDS = frozenset((
    "hội nghị", "hội chợ", "hội thảo", "hội diễn", "hội thi", "hội đàm", "hội viên", "hội ý",
    "hội tụ", "hội nhập", "trường hợp", "trường học", "trường kỳ", "đảng viên", "đảng phái",
    "quỹ đạo", "cục diện", "cục bộ", "viện trợ", "viện dẫn", "tổ chức", "công ty con",
    "trung tâm thương mại", "tập đoàn kinh tế", "đại học", "ủy ban nhân"))
#: Heads of institutions whose trailing place is part of the name, not a place of the story
#: (government bodies keep it: "Sở Y tế Hà Nội", "Công an Hà Nội").
_INSTITUTION_HEADS = frozenset((
    "bảo tàng", "hội", "hiệp hội", "trường", "trường đại học", "đại học", "học viện", "viện",
    "câu lạc bộ", "clb", "nhà hát", "tạp chí", "báo", "quỹ", "tổ chức", "liên đoàn",
    "trường thpt", "trường thcs", "trường tiểu học", "trường mầm non", "trường cao đẳng",
    "bệnh viện", "đh", "tiểu học", "thcs", "thpt", "trung học cơ sở", "trung học phổ thông",
    "mầm non"))
_PLACE_WORDS = frozenset(("thành phố", "tỉnh", "huyện", "quận", "thủ đô", "xã", "phường",
                          "thị xã", "thị trấn", "khu", "vùng", "miền", "nước", "địa phương",
                          "cả nước", "thôn", "làng", "bản"))
#: Heads that are common words too: they start a name only before a capitalised word that
#: is not a place alone ("Vụ Vận tải", "Phòng Cảnh sát", not "Vụ Hà Nội", "Đội tuyển").
_LEAGUE = re.compile(r"(?<![\w])(?:[\w.]+[-.]?League|Liga|Serie|Bundesliga|Ligue)(?![\w])")
_SCHOOL_LEVELS = frozenset(("tiểu học", "thcs", "thpt", "trung học cơ sở", "trung học phổ thông",
                            "mầm non", "trường thpt", "trường thcs"))
_MEDIA_HEADS = frozenset(("nhật báo", "hãng tin", "hãng thông tấn", "hãng"))
_WEAK_HEADS = frozenset(("vụ", "phòng", "đội", "đài", "lực lượng", "cảnh sát", "thanh tra",
                         "văn phòng"))
#: Lower-case words that may end a name after its capitalised words
#: ("Ủy ban Kiểm tra kỷ luật trung ương", "Hội Chữ thập đỏ", "Vụ Hợp tác quốc tế").
_NAME_TAILS = ("trung ương", "quốc tế", "quốc gia", "nhân dân", "tối cao", "đỏ", "toàn quốc",
               "thế giới", "nội địa")
_TAIL_RE = re.compile(r"(?:" + "|".join(_NAME_TAILS).replace(" ", _SP) + r")(?!\w)")
_COMPANY_FORM = re.compile(r"(?:cổ phần|cp|tnhh(?:" + _SP + r"mtv)?|tmcp)" + _SP)
_CAP = re.compile(CAP_WORD)
#: A lower-case word (a plain "[a-zà-ỹđ]" range would also take "Đ", "Ă", "Ấ" ...).
_LOWER_CHARS = "".join(ch for rng in ((0x61, 0x7B), (0xDF, 0x250), (0x1E00, 0x1F00))
                       for ch in map(chr, range(*rng)) if ch.isalpha() and ch.islower())
_LOWER_WORD = re.compile("[" + re.escape(_LOWER_CHARS) + "]+")
#: Lower-case words that end a generic organisation name.
_STOP = frozenset("""đã sẽ đang vừa mới cũng là có không được bị cho với của tại trong về
để đến từ theo này đó kia thì mà nhưng khi và hay hoặc các những một hai ba nên vì do
nhằm sau trước trên dưới ngoài giữa cùng đều rất chưa còn lại ra vào lên xuống ở bên phía
nơi như gồm thuộc qua tới nay hôm ngày năm tháng ông bà anh chị trao gửi ký tặng nhận đề
yêu quyết khởi chia tiếp cùng hỗ bị phải khiến nói làm đưa mở đạt tăng giảm bán mua kêu
xác cấp thu chi dẫn lên ban bố""".split())
_ABBREV_WORD = re.compile(r"[A-ZĐ]{2,}[A-Z0-9Đ&\-]*")
_LATIN_AFTER_PLACE = re.compile(r"[^\S\n]+([A-Z][a-z]+(?:-[A-Z][a-z]+)*)(?![\w])")
#: Heads of units known by a number ("Bệnh viện 108", "Bệnh viện Quân y 175").
_NUMBERED_HEADS = frozenset(("bệnh viện",))
_UNIT_NUMBER = re.compile(r"(\d{2,3})(?![\w/%:-]|[.,]\d)(?![^\S\n]+(?:ngày|tháng|năm|giờ|phút|người|"
                          r"triệu|tỷ|nghìn|ngàn|km|m|lần|ca|bệnh nhân|bác sĩ|giường|tuổi)(?!\w))")
_AND_NAME = re.compile(r"(?:và|&)" + _SP + r"(?=" + CAP_WORD + r")")
#: Abbreviated lines of business after a company form ("TNHH TM - XNK", "CP SX-TM-DV").
_LINE_ABBREVS = re.compile(r"(?:TM|XNK|DV|SX|XD|ĐT|XK|NK|KD|TMDV|SXTM)(?:[^\S\n]*[-&][^\S\n]*"
                           r"(?:TM|XNK|DV|SX|XD|ĐT|XK|NK|KD)|" + _SP + r"(?:TM|XNK|DV|SX|XD|ĐT|XK|NK|KD))*"
                           + _SP)
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
                         _foreign_state(doc, pos), _ascii_org(doc, pos), _after_cue(doc, pos),
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
    if org_lexicon().lookup(name) is not None:
        base.listed = False  # "Ban Chấp hành Trung ương Đảng" is one body ("Trung ương
        # Đảng" is its other name), not a sub-body beside its parent
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
        if head == "Đảng ủy":  # "Đảng ủy Công an Trung ương", "Đảng ủy Khối Doanh nghiệp"
            o = parse_org_at(doc, q, after_title=True)
            if o is None:
                cm = re.compile(CAP_WORD + r"(?:" + _SP + CAP_WORD + r"){0,5}").match(doc.norm, q)
                if cm:
                    return OrgMatch(pos, cm.end(), clean(head + " " + cm.group(0)), True,
                                    "party")
            elif o.complete:
                o.listed = False
                return OrgMatch(pos, o.end, f"{head} {o.name}", True, "party", [o])
    return OrgMatch(pos, m.end(), head, False, "party", listed=False)


def _council(doc: Doc, pos: int) -> OrgMatch | None:
    m = _COUNCIL_RE.match(doc.low, pos)
    if not m or not doc.norm[pos].isupper():
        return None
    head = _COUNCILS[_norm_space(m.group(1))]
    q = _space(doc, m.end())
    if q >= 0:
        p = parse_place_at(doc, q, context=True)
        if p and _person_as_place(p):
            p = None  # "Chủ tịch UBND thành phố Nguyễn Đức Chung": the level, then the person
        if p:
            return OrgMatch(pos, p.end, local_body_name(head, p.name, p.prefix), True, "local")
        lvl = re.compile(r"(tp\.?|thành phố|tỉnh|quận|huyện|thị xã|xã|phường)(?!\w)").match(
            doc.low, q)
        if lvl:
            word = {"tp": "TP", "tp.": "TP", "thành phố": "TP"}.get(lvl.group(1), lvl.group(1))
            return OrgMatch(pos, lvl.end(), head + " " + word, False, "local", listed=False)
    return OrgMatch(pos, m.end(), head, False, "local", listed=False)


def _person_as_place(p) -> bool:
    """A place read after a level word that is a person's name ("thành phố Nguyễn Đức
    Chung"): three words or more, unknown to the gazetteer, opening with a family name
    (two-word districts missing from the gazetteer, "huyện Lục Yên", stay places)."""
    words = p.name.split()
    return bool(p.prefix) and len(words) >= 3 and words[0] in SURNAMES and \
        gazetteer().places.get(p.name) is None and gazetteer().lookup(p.name) is None


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
        name = lex.lookup(surface, after_title=title_only)
        if name and not _has_capital(surface):
            # "chính phủ Mỹ": a lower-case state body counts before a foreign country
            q = _space(doc, m.end())
            p = parse_place_at(doc, q, context=True) if q >= 0 else None
            row = gazetteer().places.get(p.name) if p else None
            if not (lex.entries[name].type in ("ministry", "state") and row is not None
                    and row.type == "country" and p.name != "Việt Nam"):
                continue
        if name:
            best = (m.end(), name)
    if best is None:
        return None
    end, name = best
    entry = lex.entries[name]
    surface = doc.norm[pos:end]
    if _ABBREV_WORD.fullmatch(surface) and re.match(r"[-–]" + CAP_WORD, doc.norm[end:end + 12]):
        return None  # "VTV-Cần Thơ 1" is another name than VTV
    if entry.type == "club" and _ABBREV_WORD.fullmatch(surface) and _stock_context(doc, pos):
        # "PSG" in a stock-market story is a ticker (Công ty ... PSG), not Paris Saint-Germain
        return OrgMatch(pos, end, surface, True, "company", name_end=end)
    if name == "Chính phủ" and _GOV_DIGITAL.match(doc.low, end):
        return None
    if name == "Đảng Cộng sản Việt Nam" and doc.low[pos:end] == "đảng" and \
            not _PARTY_ALONE.match(doc.norm, end):
        return None  # "Đảng" alone is the CPV ("Đảng, Nhà nước"), not "Đảng đối lập"
    # a national body's local branch: "Liên hiệp các tổ chức hữu nghị Đà Nẵng"
    if name.endswith(" Việt Nam") and not doc.low[pos:end].endswith("việt nam"):
        q = _space(doc, end)
        p = parse_place_at(doc, q, context=True) if q >= 0 else None
        row = gazetteer().places.get(p.name) if p else None
        if p and row is not None and row.provincial:
            return OrgMatch(pos, p.end, clean(f"{name[:-len(' Việt Nam')]} {p.name}"), True,
                            entry.type, name_end=end)
    # a foreign ministry / parliament: "Bộ Ngoại giao Mỹ", "Chính phủ Nhật Bản"
    if entry.type in ("ministry", "state"):
        q = _space(doc, end)
        if q >= 0:
            p = parse_place_at(doc, q, context=True)
            row = gazetteer().places.get(p.name) if p else None
            if p and row is not None and row.type == "country" and p.name != "Việt Nam" \
                    and not p.prefix:
                if name.endswith(" Việt Nam") and not doc.low[pos:end].endswith("việt nam"):
                    name = name[:-len(" Việt Nam")]  # "Cục Hàng không Lào", not "... Việt Nam Lào"
                return OrgMatch(pos, p.end, f"{name} {p.name}", True, "foreign", name_end=end)
    return OrgMatch(pos, end, name, True, entry.type, name_end=end)


_STOCK_WORDS = re.compile(r"(?<!\w)(?:cổ phiếu|mã|chứng khoán|sàn|vn-index|hnx-index|hnx|hose|"
                          r"upcom|khớp lệnh|tăng trần|giảm sàn|thanh khoản|phiên giao dịch|"
                          r"nhà đầu tư|thị giá|vốn hóa|niêm yết)(?!\w)")
_FOOTBALL_WORDS = re.compile(r"(?<!\w)(?:bóng đá|trận|cầu thủ|hlv|huấn luyện viên|bàn thắng|"
                             r"ghi bàn|đội bóng|ligue|champions league|sân|tiền đạo|"
                             r"tiền vệ|thủ môn|giải đấu|vòng)(?!\w)")


def _stock_context(doc: Doc, pos: int, window: int = 600) -> bool:
    """The text around ``pos`` speaks of shares more than of football."""
    around = doc.low[max(0, pos - window):pos + window]
    return len(_STOCK_WORDS.findall(around)) > len(_FOOTBALL_WORDS.findall(around))


_PARTY_ALONE = re.compile(r"[^\S\n]*(?:[,.;:)!?…\"”]|$)|[^\S\n]+(?:và|ta|Nhà nước|lãnh đạo)(?!\w)")
_STATE_HEADS = {"chính phủ": "Chính phủ", "quân đội": "Quân đội", "cảnh sát": "Cảnh sát",
                "hải quân": "Hải quân", "không quân": "Không quân", "lục quân": "Lục quân",
                "lực lượng bảo vệ bờ biển": "Lực lượng Bảo vệ Bờ biển",
                "tuần duyên": "Tuần duyên", "quốc hội": "Quốc hội",
                "bộ ngoại giao": "Bộ Ngoại giao", "bộ quốc phòng": "Bộ Quốc phòng"}
_STATE_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(_STATE_HEADS, key=len, reverse=True))
                       .replace(" ", _SP) + r")" + _SP)
#: Last words that make a capitalised Latin-script run an organisation ("SPDR Gold Trust",
#: "Mail.Ru Group", "Sky News", "VIAC Limited Partnership").
_ORG_SUFFIXES = ("Group", "Trust", "Partnership", "News", "Airlines", "Airways", "Bank", "Corp",
                 "Corporation", "Inc", "Ltd", "Company", "Agency", "Press", "Holdings",
                 "Capital", "Partners", "Securities", "Insurance", "Motors", "Electronics",
                 "Technologies", "Systems", "Energy", "Petroleum", "Telecom", "Foundation",
                 "Institute", "University", "College", "Association", "Council", "Times",
                 "Post", "Journal", "Daily", "Herald", "Tribune", "Gazette", "Network", "Media",
                 "Entertainment", "Studios", "Pictures", "Records", "Shimbun", "Novosti")
_LATIN_TOKEN = r"(?:[A-Z][A-Za-z0-9]*(?:[.&+\-][A-Za-z0-9]+)*|\([A-Za-z0-9.]+\)|of|and|&)"
_ASCII_ORG_RE = re.compile(r"[A-Z][A-Za-z0-9]*(?:[.&+\-][A-Za-z0-9]+)*(?:" + _SP + _LATIN_TOKEN
                           + r"){0,5}?" + _SP + r"(?:" + "|".join(_ORG_SUFFIXES) + r")(?![\w])")
#: Lower-case words naming what a following Latin-script name is: "tờ Inquirer", "hãng thông
#: tấn AP", "trang Goal.com", "mạng xã hội VKontakte", "nhà mạng Vietnamobile".
_CUE_WORDS = (r"(?<!\w)(?:tờ|báo|nhật báo|tạp chí|trang|chuyên trang|trang tin|mạng xã hội|"
                     r"nhà mạng|kênh|hãng tin|hãng thông tấn|hãng|công ty|tập đoàn|"
                     r"ngân hàng|website|tổ chức|nhóm phiến quân)" + _SP)
_NOT_NAMES = frozenset("Internet Web Online Smartphone Tablet Email Wifi WiFi App Store".split())
_CUE_RE = re.compile(_CUE_WORDS + r"(?=[A-Z])", re.I)
_CUE_END_RE = re.compile(_CUE_WORDS + r"$")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*(?:" + _SP
                         + r"(?:&" + _SP + r")?[A-Z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*){0,3}(?![\w])")


def _foreign_state(doc: Doc, pos: int) -> OrgMatch | None:
    """A state body of a foreign country, any case: "chính phủ Kenya", "quân đội Syria",
    "Cảnh sát Ấn Độ"."""
    m = _STATE_RE.match(doc.low, pos)
    if not m:
        return None
    p = parse_place_at(doc, m.end(), context=True)
    row = gazetteer().places.get(p.name) if p else None
    if p is None or row is None or row.type != "country" or p.name == "Việt Nam" or p.prefix:
        return None
    head = _STATE_HEADS[_norm_space(m.group(1))]
    return OrgMatch(pos, p.end, f"{head} {p.name}", True, "foreign", name_end=m.end())


_COMPANY_FORMS = frozenset("TNHH MTV CP TMCP CTCP JSC".split())
#: Vietnamese words opening a sentence before a Latin-script name ("Theo Gulf News").
_CUE_OPENERS = frozenset("Theo Trang Tờ Báo Hãng Kênh Đài Tạp".split())
#: A reporter's byline word before the outlet ("PV VTC News sẽ thông tin tiếp"): no part
#: of the outlet's name.
_BYLINE_OPENERS = frozenset(("PV", "BTV", "CTV"))


def _ascii_org(doc: Doc, pos: int) -> OrgMatch | None:
    m = _ASCII_ORG_RE.match(doc.norm, pos)
    if not m or (pos > 0 and re.match(r"[\w.]", doc.norm[pos - 1])) or \
            m.group(0).split()[0] in _COMPANY_FORMS:
        return None  # "CP Apple Inc" is "cổ phiếu Apple Inc"
    first = m.group(0).split()[0]
    if first in _CUE_OPENERS or first in _BYLINE_OPENERS:
        # "Theo Gulf News", "Trang Daily Mail", "PV VTC News": the cue is no part of it
        start = _space(doc, pos + len(first))
        rest = clean(doc.norm[start:m.end()]) if start >= 0 else ""
        if len(rest.split()) < 2:
            return None
        return OrgMatch(start, m.end(), rest, True, "foreign")
    return OrgMatch(pos, m.end(), clean(m.group(0)), True, "foreign")


def _after_cue(doc: Doc, pos: int) -> OrgMatch | None:
    """A Latin-script name right after a cue word ("tờ Inquirer"): the name alone."""
    cue = _CUE_END_RE.search(doc.low[max(0, pos - 25):pos]) if pos >= 3 else None
    if cue is None:
        return None
    m = _LATIN_NAME.match(doc.norm, pos)
    if not m or m.group(0).split()[0] in _NOT_NAMES | _COMPANY_FORMS or \
            parse_place_at(doc, pos) is not None:
        return None
    name = clean(m.group(0))
    if all(is_syllable(w) for w in name.split()) and (
            re.match(r"[^\S\n]+[a-zà-ỹđ]", doc.norm[m.end():m.end() + 3])
            or doc.norm[max(0, pos - 25) + cue.start()].isupper()):
        return None  # "tổ chức Sinh viên tình nguyện": a Vietnamese phrase, not a Latin
        # name; "Trang Nhung": a capitalised "cue" with a Vietnamese name is a person
    hit = org_lexicon().lookup(name)
    return OrgMatch(pos, m.end(), hit or name, True, "media")


def _generic(doc: Doc, pos: int) -> OrgMatch | None:
    m = _GENERIC_RE.match(doc.low, pos)
    if not m or not doc.norm[pos].isupper():
        return None
    if parse_place_at(doc, pos) is not None:
        return None  # "Hội An", "Đài Loan", "Trường Sa" are places
    head_low = _norm_space(m.group(1))
    q = m.end()
    parts: list[str] = []
    if head_low in _NUMBERED_HEADS:
        nm = _UNIT_NUMBER.match(doc.norm, q)
        if nm:  # "Bệnh viện 108", "Bệnh viện Quân y 103" below
            return OrgMatch(pos, nm.end(), clean(doc.norm[pos:nm.end()]), True, "other",
                            name_end=nm.end())
    wm = _CAP.match(doc.norm, q)
    if wm and wm.group(0) in NOT_NAME_TAIL:
        return None  # "Phòng Với công nghệ ...": a sentence goes on
    if head_low in _WEAK_HEADS and (not _CAP.match(doc.norm, q)
                                    or re.match(CAP_WORD + r"\d", doc.norm[q:q + 12])
                                    or parse_place_at(doc, q) is not None):
        return None
    head_text = doc.norm[pos:pos + len(m.group(1))]
    if head_text.isupper() and re.match(r"[^\W\d_]{2,}", doc.norm[q:q + 3]) and \
            doc.norm[q:q + 3].isupper() and not _ABBREV_WORD.fullmatch(head_text):
        return None  # a heading in capitals: "ĐỘI HÌNH THI ĐẤU"
    lead: list[str] = []
    if head_low in _LOWER_FIRST_HEADS and not _CAP.match(doc.norm, q):
        # "Hội hữu nghị Việt Nam - Ấn Độ", "Liên đoàn bóng đá Campuchia", "Viện nghiên cứu
        # Hán nôm": lower-case words first, then a capitalised word or a place
        p2 = q
        while len(lead) < 4:
            lm = _LOWER_WORD.fullmatch(doc.norm, p2, _word_end(doc, p2))
            if not lm or lm.group(0) in _STOP:
                break
            lead.append(lm.group(0))
            p3 = _space(doc, lm.end())
            if p3 < 0:
                break
            p2 = p3
        if not lead or not _CAP.match(doc.norm, p2) or _is_abbrev(doc, p2) or \
                f"{head_low} {lead[0]}" in _FALSE_COMPOUNDS or lead[0] in ("trưởng", "phó") or \
                " ".join(lead[:2]) in _PLACE_WORDS or lead[0] in _PLACE_WORDS:
            return None
        q = p2
    parts.extend(lead)
    fm = _COMPANY_FORM.match(doc.low, q)
    if fm and head_low.startswith(("công ty", "ngân hàng", "cty")):
        parts.append(doc.norm[q:fm.end()].strip())
        q = fm.end()
    if head_low.startswith(("công ty", "cty")):
        lm = _LINE_ABBREVS.match(doc.norm, q)
        if lm and _CAP.match(doc.norm, lm.end()):
            # "Công ty TNHH TM - XNK Xi Lai Phúc": the lines of business belong to the name
            parts.append(" ".join(lm.group(0).split()))
            q = lm.end()
    end = -1
    name_end = -1
    units = 0
    named_after = False
    school = head_low.startswith(("trường", "đại học", "học viện", "đh", "tiểu học", "thcs",
                                  "thpt", "trung học", "mầm non"))
    while units < 8:
        if units or head_low not in _WEAK_HEADS:
            place = parse_place_at(doc, q)
            if place is not None and is_syllable(doc.norm[q:place.end]) and \
                    _LOWER_WORD.match(doc.norm, place.end + 1) and doc.norm[place.end:place.end + 1] == " ":
                place = None  # "Ủy ban Pháp luật": the syllable is part of a word
            if place is not None and head_low in ("clb", "câu lạc bộ"):
                lm = _LATIN_AFTER_PLACE.match(doc.norm, place.end)
                if lm and not is_syllable(lm.group(1).split("-")[0]) and \
                        parse_place_at(doc, lm.start(1)) is None:
                    # "CLB Paris St-Germain", "CLB Colorado Rapids": a club's name goes on
                    parts.append(doc.norm[q:place.end])
                    q = lm.start(1)
                    units += 1
                    place = None
                    continue
            if place is not None:  # a place ends the name: "Tổng Công ty Điện lực Hà Nội"
                dm = re.compile(r"[^\S\n]*[-–][^\S\n]*").match(doc.norm, place.end)
                place2 = parse_place_at(doc, dm.end()) if dm else None
                if place2 is not None:  # "Hội hữu nghị Việt Nam - Ấn Độ"
                    place = place2
                parts.append(doc.norm[q:place.end])
                name_end = q
                end = place.end
                nm = re.compile(r"[^\S\n]+(\d{1,2})(?![\w.,/%])").match(doc.norm, end)
                if nm and head_low.startswith(("công ty", "tổng công ty", "nhà máy")):
                    parts.append(nm.group(1))  # "Công ty Cổ phần Xi măng Hà Tiên 1"
                    end = nm.end()
                    name_end = end
                break
        cm = _CAP.match(doc.norm, q)
        if not cm:
            break
        am = _ABBREV_WORD.match(doc.norm, q)
        if am and am.end() > cm.end() and not re.match(r"\w", doc.norm[am.end():am.end() + 1]):
            cm = am  # "Quỹ VF1": an abbreviation with its number
        word = cm.group(0)
        if units and word in NOT_NAME_TAIL and not named_after and not (
                word.isascii() and any(w.isascii() and not is_syllable(w) for w in parts[-2:])
                and re.match(_SP + r"[A-Z][a-z]*(?![\w])", doc.norm[cm.end():])):
            # ("Guo Qi Do Li": a Latin-script name goes on)
            break  # "Học viện Âm nhạc Quốc gia Để khán giả ...": the next sentence
        if word in STRONG_SURNAMES and units and _name_ahead(doc, q) and not school:
            break
        if units and word in FOREIGN_GIVEN and parts and parts[-1].isascii() and \
                parts[-1][:1].isupper() and re.match(_SP + r"[A-Z][a-z]+(?![\w.])",
                                                     doc.norm[cm.end():]):
            break  # "Tập đoàn chế tạo máy bay Boeing Ray Conner": a person after the name
        if units and not school and word in SURNAMES and _name_ahead(doc, q, 3):
            break  # "Văn phòng Chính phủ Mai Tiến Dũng": a person after the name
        if units == 0 and word in STRONG_SURNAMES and _name_ahead(doc, q, 3):
            if not school:
                break
            named_after = True  # a school named after a person: "Tiểu học Lê Ngọc Hân",
            # "Đại học Nguyễn Tất Thành" (the person's name words are no sentence opener)
        elif units >= 3:
            named_after = False
        parts.append(word)
        end = cm.end()
        units += 1
        nxt = _space(doc, end)
        if nxt < 0:
            break
        # lower-case words belong to the name when a capitalised word follows them
        # ("Hiệp hội Vận tải ôtô Việt Nam", "Tổ chức Cấm vũ khí Hóa học") or when they
        # end with a usual last word ("Hội Chữ thập đỏ"); else they are the sentence
        lows: list[tuple[str, int]] = []
        p2 = nxt
        while len(lows) < 7 and not _ABBREV_WORD.match(word):
            lm = _LOWER_WORD.fullmatch(doc.norm, p2, _word_end(doc, p2))
            if not lm or (lm.group(0) in _STOP and not (
                    not lows and _one_word(word, lm.group(0), parts))):  # "Đảng Tự do"
                break
            lows.append((lm.group(0), lm.end()))
            p3 = _space(doc, lm.end())
            if p3 < 0:
                break
            p2 = p3
        if lows:
            after = _space(doc, lows[-1][1])
            if word.isascii() and not is_syllable(word) and \
                    f"{word.lower()} {lows[0][0]}" not in _COMPOUNDS:
                take = []  # "Công ty Canon tổ chức", "Viettel vinh danh": no Vietnamese syllable ends a Latin word
            elif after >= 0 and _CAP.match(doc.norm, after) and not _is_abbrev(doc, after) and \
                    _name_goes_on(doc, after, len(lows)):
                take = lows  # more name words follow
            elif after >= 0 and len(lows) <= 2 and _AND_NAME.match(doc.norm, after) and \
                    not _is_abbrev(doc, _AND_NAME.match(doc.norm, after).end()) and \
                    not _opens_org(doc, _AND_NAME.match(doc.norm, after).end()) and \
                    parse_place_at(doc, _AND_NAME.match(doc.norm, after).end()) is None:
                take = lows  # "Cục Quản lý Chất lượng Nông lâm sản và Thủy sản"
            elif f"{word.lower()} {lows[0][0]}" in _COMPOUNDS:
                take = lows[:1]  # "Hàng không", "Quốc gia": one word in two syllables
                t = _TAIL_RE.search(doc.low, lows[0][1], lows[-1][1])
                if t and t.end() in {e for _, e in lows}:
                    take = [(w, e) for w, e in lows if e <= t.end()]  # "Ủy ban An toàn
                    # giao thông quốc gia": the name goes on to a usual last word
                elif after >= 0 and _TAIL_RE.match(doc.low, after):
                    take = lows  # the same with "... Quốc gia" capitalised
            elif len(parts) >= 2 and len(parts[-2]) > 1 and len(parts[-1]) > 1 and \
                    parts[-2][:1].isupper() and not _ABBREV_WORD.fullmatch(parts[-2]) and \
                    parts[-2].lower() not in _HEAD_WORDS:
                take = []  # a name in title case ("Tập đoàn Hoa Sen") ends at its capitals
            elif _ends_in_place(parts) and not _one_word(word, lows[0][0]):
                take = []  # "Bộ tư lệnh Lực lượng vũ trang Nga tiến hành": the place ends it
            else:
                take = lows[:1]  # the second syllable of the word: "Vận tải", "Y tế"
                if len(lows) >= 2 and not _one_word(word, lows[0][0]) and \
                        _one_word(lows[0][0], lows[1][0], parts):
                    take = lows[:2]  # "Cục Chống tham nhũng": the lower-case syllables are a word
                for i in range(1, len(lows) if take else 0):
                    t = _TAIL_RE.match(doc.low, _space(doc, lows[i - 1][1]))
                    if t and t.end() in {e for _, e in lows}:
                        take = [(w, e) for w, e in lows if e <= t.end()]
            if take and take == lows[:len(take)]:
                # "Tổng Công ty Cảng hàng không": the last syllable taken opens a word
                # that goes on ("hàng không")
                p4 = _space(doc, take[-1][1])
                lm4 = _LOWER_WORD.fullmatch(doc.norm, p4, _word_end(doc, p4)) if p4 >= 0 else None
                if lm4 and f"{take[-1][0]} {lm4.group(0)}" in _COMPOUNDS and \
                        f"{word.lower()} {take[-1][0]}" not in _COMPOUNDS:
                    take = take + [(lm4.group(0), lm4.end())]
            if take:
                parts.extend(w for w, _ in take)
                end = take[-1][1]
                nxt = _space(doc, end)
                if nxt < 0:
                    break
        cm2 = re.compile(r"(?:và|&|-|–)" + _SP).match(doc.norm, nxt)
        if cm2 and _CAP.match(doc.norm, cm2.end()) and not _is_abbrev(doc, cm2.end()) and \
                not _opens_org(doc, cm2.end()):
            parts.append(cm2.group(0).strip())
            q = cm2.end()
            continue
        q = nxt
    if end < 0:
        return None
    while parts and parts[-1] in ("và", "&", "-", "–"):
        parts.pop()
    if head_low in _NUMBERED_HEADS and parts and parts[-1] not in ("và", "&", "-", "–"):
        nm = re.compile(_SP).match(doc.norm, end)
        nm = _UNIT_NUMBER.match(doc.norm, nm.end()) if nm else None
        if nm:  # "Bệnh viện Trung ương Quân đội 108": the number ends the name
            parts.append(nm.group(1))
            end = nm.end()
            name_end = max(name_end, end) if name_end >= 0 else end
    if head_low in _MEDIA_HEADS:  # "Hãng tin AFP" is AFP, "Nhật báo Yomiuri Shimbun"
        rest = clean(" ".join(parts))
        row = gazetteer().places.get(rest)
        if row is not None and row.type == "country":
            # "Hãng thông tấn Triều Tiên KCNA": the country says whose agency it is; the
            # agency is the name after it, or the whole phrase, never the country
            nq = _space(doc, end)
            lm = _LATIN_NAME.match(doc.norm, nq) if nq >= 0 else None
            if lm and _ABBREV_WORD.fullmatch(lm.group(0).split()[0]):
                name = clean(lm.group(0))
                return OrgMatch(pos, lm.end(), org_lexicon().lookup(name) or name, True,
                                "media", name_end=lm.end())
            head = doc.norm[pos:pos + len(m.group(1))]
            return OrgMatch(pos, end, clean(f"{head[0].upper()}{head[1:]} {rest}"), True,
                            "media", name_end=end)
        hit = org_lexicon().lookup(rest)
        return OrgMatch(pos, end, hit or rest, True, "media", name_end=end)
    if head_low in _DESCRIBED_HEADS and len(parts) == 2 and not lead and \
            parts[0][:1].isupper() and parts[1].islower() and name_end < 0:
        nxt = _space(doc, end)
        lm = _LOWER_WORD.fullmatch(doc.norm, nxt, _word_end(doc, nxt)) if nxt >= 0 else None
        if lm and lm.group(0) not in _STOP:
            return None  # "Trung tâm Nghiên cứu phát triển ...", "Phòng Cảnh sát giao thông":
            # the name goes on in lower case, where it ends is not known
    if head_low in _SCHOOL_LEVELS and " ".join(parts).lower() == "quốc gia":
        return None  # "kỳ thi THPT Quốc gia" is an exam
    if head_low in ("clb", "câu lạc bộ") and _LEAGUE.search(" ".join(parts)):
        return None  # "CLB J-League 2": a club of that league, not a club's name
    head = _HEAD_DISPLAY.get(head_low, doc.norm[pos:pos + len(m.group(1))])
    head = head[0].upper() + head[1:]
    text = clean(head + " " + " ".join(parts))
    if gazetteer().lookup(doc.norm[pos:end]) is not None:
        return None
    if head_low in _INSTITUTION_HEADS:
        name_end = end  # "Bảo tàng Hội An", "Hội Luật gia Việt Nam": the place names it
    return OrgMatch(pos, end, text, True, "other", name_end=name_end if name_end >= 0 else end)


_HEAD_WORDS = frozenset("sở bộ cục vụ viện ban hội phòng đội trường".split())
#: Heads whose name is a description that often goes on in lower case after its first
#: (capitalised) word: "Trung tâm Nghiên cứu phát triển nông thôn", "Phòng Cảnh sát giao
#: thông", "Hội Bảo trợ người khuyết tật" (a department "Sở Xây dựng" is complete as is).
_DESCRIBED_HEADS = frozenset(("trung tâm", "viện", "hội", "hợp tác xã", "phòng", "đội",
                              "lực lượng", "đại học", "trường đại học", "học viện", "công ty",
                              "văn phòng", "câu lạc bộ"))
#: A capitalised syllable and the lower-case one that completes the word in a name
#: ("Cục Hàng không", "Viện Bỏng Quốc gia"), even after a name in title case.
_COMPOUNDS = frozenset((
    "hàng không", "quốc gia", "quốc tế", "quốc phòng", "nhân dân", "trung ương", "cạnh tranh",
    "an ninh", "an toàn", "kinh tế", "tài chính", "y tế", "giáo dục", "văn hóa", "khoa học",
    "công nghệ", "công nghiệp", "nông nghiệp", "thương mại", "dầu khí", "điện lực",
    "xây dựng", "giao thông", "vận tải", "môi trường", "tài nguyên", "thủy lợi", "phát triển",
    "đầu tư", "bảo hiểm", "xã hội", "lao động", "thể thao", "du lịch", "truyền thông",
    "thông tin", "ngoại giao", "tư pháp", "kế hoạch", "quản lý", "ngân sách", "viễn thông",
    "âm nhạc", "mỹ thuật", "sân khấu", "điện ảnh", "pháp luật", "nghiên cứu", "chứng khoán",
    "khủng bố"))


@lru_cache(maxsize=1)
def _two_syllable_words() -> frozenset[str]:
    """Vietnamese words of two syllables in lower case, from underthesea's word list
    (Viet74K; found without importing the package); empty when it is not installed."""
    import importlib.util
    import os
    import unicodedata

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = os.path.join(list(spec.submodule_search_locations)[0], "corpus", "data", "Viet74K.txt")
    try:
        with open(path, encoding="utf-8") as f:
            words = (unicodedata.normalize("NFC", line.strip().lower()) for line in f)
            return frozenset(w for w in words if w.count(" ") == 1)
    except OSError:
        return frozenset()


def _ends_in_place(parts: list[str]) -> bool:
    """Do the name's words so far end with a place ("… Nga", "… châu Âu")?"""
    return bool(parts) and (gazetteer().lookup(parts[-1]) is not None or (
        len(parts) >= 2 and gazetteer().lookup(f"{parts[-2]} {parts[-1]}") is not None))


def _one_word(first: str, second: str, parts: list[str] | None = None) -> bool:
    """Do two syllables make one word ("hàng không", "tự do", "tham nhũng")? With the
    name's words so far (``parts``), never after a place that ends them ("Đại học Vinh
    đào tạo", "châu Âu cũng": the name ended at the place)."""
    pair = f"{first.lower()} {second}"
    if pair in _COMPOUNDS:
        return True
    if parts and _ends_in_place(parts):
        return False
    return pair in _two_syllable_words()


def _name_goes_on(doc: Doc, pos: int, n_lower: int) -> bool:
    """After ``n_lower`` lower-case words, does the capitalised word at ``pos`` continue the
    name? Not when it opens another organisation or a person's name ("Đảng ủy Công an
    Trung ương lãnh đạo Bộ Công an"); after more than two lower-case words, only a place
    ("Hội Giáo dục chăm sóc sức khỏe cộng đồng Việt Nam")."""
    place = parse_place_at(doc, pos)
    if n_lower > 2 and place is None:
        return False
    if place is None and (_lexicon(doc, pos, False) is not None
                          or _GENERIC_RE.match(doc.low, pos) or _name_ahead(doc, pos, 3)):
        return False
    return True


def _opens_org(doc: Doc, pos: int) -> bool:
    """Another organisation's name starts at ``pos`` ("Sở Y tế và Sở Tài chính", "Công ty
    Xi Lai Phúc và Công ty Guo Qi Do Li": two names, not one)."""
    return bool(_GENERIC_RE.match(doc.low, pos) or _COUNCIL_RE.match(doc.low, pos)
                or _COMMITTEE_RE.match(doc.low, pos) or _SUB_RE.match(doc.low, pos)
                or _lexicon(doc, pos, False) is not None)


def _is_abbrev(doc: Doc, pos: int) -> bool:
    """An abbreviation in capitals starts at ``pos`` ("PV", "TTXVN")."""
    m = _ABBREV_WORD.match(doc.norm, pos)
    return bool(m) and not re.match(r"\w", doc.norm[m.end():m.end() + 1])


def _word_end(doc: Doc, pos: int) -> int:
    m = re.compile(LETTER + r"+").match(doc.norm, pos)
    return m.end() if m else pos


def _name_ahead(doc: Doc, pos: int, min_words: int = 2) -> bool:
    """A capitalised run of at least ``min_words`` words starts at ``pos`` (a person name)."""
    m = re.compile(CAP_WORD + r"(?:" + _SP + CAP_WORD + r")*").match(doc.norm, pos)
    if not m:
        return False
    words = [w for w in m.group(0).split() if not _ABBREV_WORD.fullmatch(w)]
    return len(words) >= min_words and words == m.group(0).split()[:len(words)]


def _norm_space(s: str) -> str:
    return " ".join(s.split())


_STARTERS = re.compile(  # a lookahead: overlapping starts ("trường đại học", "đại học")
    "(?=" + "|".join(p.pattern for p in (_SUB_RE, _COMMITTEE_RE, _COUNCIL_RE, _GENERIC_RE))
    + ")"
)


def find_orgs(doc: Doc) -> list[OrgMatch]:
    """Top-level organisation mentions in text order (each with its nested parents)."""
    lex = org_lexicon()
    starts: set[int] = set()
    for m in _STARTERS.finditer(doc.low):
        starts.add(m.start())
    for m in _STATE_RE.finditer(doc.low):
        starts.add(m.start())
    for m in _CUE_RE.finditer(doc.norm):
        starts.add(m.end())
    for m in _ASCII_ORG_RE.finditer(doc.norm):
        starts.add(m.start())
    for m in lex.ci_re.finditer(doc.low):
        starts.add(m.start())
    for m in lex.cs_re.finditer(doc.norm):
        starts.add(m.start())
    out: list[OrgMatch] = []
    taken_end = -1
    last_credit = -1
    for s in sorted(starts):
        if s < taken_end:
            continue
        o = parse_org_at(doc, s)
        if o is None:
            continue
        taken_end = o.end
        if _is_credit(doc, o.start, o.end) or (last_credit >= 0 and re.fullmatch(
                r"[^\S\n]*[-/–,][^\S\n]*", doc.norm[last_credit:o.start])):
            last_credit = o.end
            continue  # "Ảnh: Reuters", "Ngọc Thành/VOV online", "Mỹ Bình (TTXVN)"
        if _generic_use(doc, o):
            continue  # "Sở Y tế các tỉnh", "hai Chính phủ", "trái phiếu Chính phủ"
        if out and _ALIAS_GAP.fullmatch(doc.norm, out[-1].end, o.start) and \
                _ALIAS_END.match(doc.norm, o.end) and " " not in doc.norm[o.start:o.end].strip():
            # "CLB Paris St-Germain (PSG)", "Ủy ban Tài chính – Ngân sách (TCNS)": the name
            # in brackets is the other name of the one before it; the lexicon's name of the
            # two is the one listed ("Liên Hợp Quốc (UNHCR)" after "cơ quan về người tị nạn
            # của": two known bodies, both kept)
            lex = org_lexicon()
            known_prev = lex.lookup(out[-1].name) is not None
            known = lex.lookup(o.name) is not None
            if known and not known_prev:
                for n in out[-1].all():
                    n.listed = False
            elif not known or lex.lookup(o.name) == lex.lookup(out[-1].name):
                for n in o.all():
                    n.listed = False
        out.append(o)
    return out


_ALIAS_GAP = re.compile(r"[^\S\n]*\([^\S\n]*")
_ALIAS_END = re.compile(r"[^\S\n]*[),;]")


_CREDIT_LABEL = re.compile(r"(?<!\w)(?:(?:ảnh|nguồn|video|clip|đồ họa|ảnh minh họa)[^\S\n]*:"
                           r"[^\S\n]*(?:[^\s,.;:()]+[^\S\n]+){0,1}|\(ảnh[^\S\n]+)$")
_PLURAL_BEFORE = re.compile(r"(?:^|[^\w])(?:hai|ba|các|những|mỗi|\d+)[^\S\n]+$|"
                            r"trái[^\S\n]+phiếu[^\S\n]+$")
_PLURAL_AFTER = re.compile(r"[^\S\n]+(?:các|những)[^\S\n]+(?:tỉnh|thành phố|địa phương|nước|"
                           r"quốc gia|bộ|ngành)(?!\w)")


def _is_credit(doc: Doc, start: int, end: int) -> bool:
    """An outlet named in a photo or source credit or a byline, not in the story."""
    if start > 0 and doc.norm[start - 1] == "/":
        return True
    p0, p1 = doc.paragraph_at(start)
    before = doc.low[max(p0, start - 40):start]
    if _CREDIT_LABEL.search(before):
        return True
    rest = doc.norm[end:p1]
    if re.search(r"(?<!\w)theo[^\S\n]+$", before) and \
            re.fullmatch(r"(?:[^\S\n]*,[^\S\n]*[A-Z][\w.+]*(?:[^\S\n]+[A-Z][\w.+]*)*)*[\s.)]*",
                         rest):
        return True  # "... Gia Tùng Theo Inquirer, Telegraph" closing the article
    s0, s1 = doc.sentence_at(start)
    if s0 == start and re.fullmatch(r"[\W]*", doc.norm[end:s1]) and s0 > p0 and s1 == p1:
        return True  # "... cùng quan tâm. TTXVN" closing the article
    if re.fullmatch(r"[^\S\n]*\)?[\s.)/]*(?:online)?[\s.)]*", rest) and (
            re.search(r"(?:\(|theo)[^\S\n]*$", before) or doc.norm[start - 1:start] == "("):
        return True  # "... Mỹ Bình (TTXVN)" or "... Theo AP" closing the article
    return False


def _generic_use(doc: Doc, o: "OrgMatch") -> bool:
    return bool(_PLURAL_BEFORE.search(doc.low[max(0, o.start - 12):o.start])
                or _PLURAL_AFTER.match(doc.low, o.end))


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
