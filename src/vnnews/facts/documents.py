"""References to legal and official documents: "Nghị định số 357/2025/NĐ-CP", "Nghị
quyết 50 của Bộ Chính trị", "Thông tư 30", "Luật Đất đai 2013", "Hiến pháp năm 1992".

What counts as a reference (precision first; ``tests/data/legal_refs_check.jsonl`` is
the hand check):

* a document kind (:data:`KINDS`) written with its capital ("Nghị quyết", not the verb
  "quyết định"), then a number: ``số`` and/or a document code ("84/2009/NĐ-CP",
  "36 – NQ/TW", "70/2014/QĐ –TTg") or a bare number ("Chỉ thị 16") that is not a
  quantity ("Luật 10 năm" is not a law). A lower-case kind counts with ``số`` and a code
  with a slash ("theo nghị định số 84/2009/NĐ-CP");
* a law by its name: "Luật" or "Bộ luật" followed by a name of :data:`LAW_NAMES`
  (Vietnamese law titles), with "(sửa đổi)" and a year kept in the text;
* "Hiến pháp" with a year.

The issuing body is the organisation named right after "của" (through a date such as
"ngày 21/12/2015"), as :mod:`vnnews.facts.orgs` finds it, or what the code says of it
("NĐ-CP": the Government). The date of issue is that date, where given.

Across the articles of an event, references to one document (the same kind and
number, or the same law name) are one entry: the fullest form as text (code over bare
number), every article citing it as a source (:func:`resolve_documents`).
"""
from __future__ import annotations

import re
from typing import Iterable

from ..model import Facts, LegalRef

#: document kinds, longest first
KINDS = ("Thông tư liên tịch", "Nghị quyết liên tịch", "Nghị định", "Nghị quyết", "Thông tư", "Quyết định",
         "Bộ luật", "Luật", "Chỉ thị", "Công văn", "Pháp lệnh", "Kết luận", "Công điện", "Thông báo",
         "Kế hoạch", "Hiến pháp", "Lệnh")
#: kinds that take a bare number ("Chỉ thị 16"); the others need "số" or a code
_BARE_OK = {"Thông tư liên tịch", "Nghị quyết liên tịch", "Nghị định", "Nghị quyết", "Thông tư", "Quyết định",
            "Chỉ thị", "Công văn", "Pháp lệnh", "Kết luận", "Công điện", "Luật"}

#: names of Vietnamese laws (after "Luật"/"Bộ luật"), matched case-blind on their words
LAW_NAMES = (
    "An ninh mạng", "An ninh quốc gia", "An toàn thông tin mạng", "An toàn thực phẩm", "An toàn, vệ sinh lao động",
    "Ban hành văn bản quy phạm pháp luật", "Bảo hiểm tiền gửi", "Bảo hiểm xã hội", "Bảo hiểm y tế", "BHXH", "BHYT",
    "Bảo vệ môi trường", "Bảo vệ quyền lợi người tiêu dùng", "Bảo vệ, chăm sóc và giáo dục trẻ em", "Báo chí",
    "Biên giới quốc gia", "Biển Việt Nam", "Biển", "Bình đẳng giới", "Bầu cử đại biểu Quốc hội", "Cán bộ, công chức",
    "Căn cước công dân", "Căn cước", "Cạnh tranh", "Chăn nuôi", "Chất lượng sản phẩm, hàng hóa", "Chứng khoán",
    "Chuyển giao công nghệ", "Công an nhân dân", "Công chứng", "Công đoàn", "Công nghệ thông tin", "Cư trú",
    "Dân quân tự vệ", "Dân sự", "Dầu khí", "Di sản văn hóa", "Doanh nghiệp", "Du lịch", "Dược", "Đa dạng sinh học",
    "Đất đai", "Đấu thầu", "Đầu tư công", "Đầu tư", "Đê điều", "Điện ảnh", "Điện lực", "Đo lường",
    "Đường sắt", "Giá", "Giáo dục đại học", "Giáo dục nghề nghiệp", "Giáo dục", "Giao dịch điện tử",
    "Giao thông đường bộ", "Giao thông đường thủy nội địa", "Hàng hải", "Hàng không dân dụng Việt Nam",
    "Hải quan", "Hình sự", "Hóa chất", "Hòa giải ở cơ sở", "Hôn nhân và gia đình", "Hộ tịch", "Kế toán",
    "Khám bệnh, chữa bệnh", "Khiếu nại", "Khoa học và công nghệ", "Khoáng sản", "Khí tượng thủy văn",
    "Kiểm toán nhà nước", "Kinh doanh bảo hiểm", "Kinh doanh bất động sản", "Lao động", "Lâm nghiệp", "Luật sư",
    "Ngân hàng Nhà nước Việt Nam", "Ngân sách nhà nước", "Ngân sách", "NSNN", "Người cao tuổi", "Người khuyết tật",
    "Nghĩa vụ quân sự", "Nhà ở", "Năng lượng nguyên tử", "Phá sản", "Phòng cháy và chữa cháy",
    "Phòng, chống ma túy", "Phòng, chống tham nhũng", "Phòng, chống thiên tai", "Phòng, chống tác hại của thuốc lá",
    "Phòng, chống tác hại của rượu, bia", "Quảng cáo", "Quản lý thuế", "Quản lý ngoại thương", "Quốc phòng",
    "Quốc tịch", "Quy hoạch đô thị", "Quy hoạch", "Sở hữu trí tuệ", "Tài nguyên nước", "Thanh niên", "Thanh tra",
    "Thi đua, khen thưởng", "Thi đua khen thưởng", "Thi đua", "Thi hành án dân sự", "Thi hành án hình sự", "Thống kê",
    "Thú y", "Thuế giá trị gia tăng", "Thuế thu nhập cá nhân", "Thuế thu nhập doanh nghiệp", "Thủ đô", "Thủy lợi",
    "Thủy sản", "Thương mại", "Thể dục, thể thao", "Tiếp cận thông tin", "Tiếp công dân", "Tín ngưỡng, tôn giáo",
    "Tố cáo", "Tố tụng dân sự", "Tố tụng hình sự", "Tố tụng hành chính", "Tổ chức chính quyền địa phương",
    "Tổ chức Chính phủ", "Tổ chức Quốc hội", "Tổ chức tòa án nhân dân", "Các tổ chức tín dụng", "Trẻ em",
    "Trồng trọt", "Trọng tài thương mại", "Trợ giúp pháp lý", "Trưng cầu ý dân", "Việc làm", "Viên chức",
    "Viễn thông", "Xây dựng", "Xuất bản", "Xuất cảnh, nhập cảnh", "Xử lý vi phạm hành chính",
)

#: issuing bodies a document code names (its last part)
CODE_ISSUERS = {"CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "BTC": "Bộ Tài chính", "BYT": "Bộ Y tế",
                "BCT": "Bộ Công Thương", "BGDĐT": "Bộ Giáo dục và Đào tạo", "BXD": "Bộ Xây dựng",
                "BGTVT": "Bộ Giao thông vận tải", "BTNMT": "Bộ Tài nguyên và Môi trường", "BNV": "Bộ Nội vụ",
                "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
                "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn", "BTTTT": "Bộ Thông tin và Truyền thông",
                "BCA": "Bộ Công an", "BQP": "Bộ Quốc phòng", "BTP": "Bộ Tư pháp", "NHNN": "Ngân hàng Nhà nước",
                "UBTVQH": "Ủy ban Thường vụ Quốc hội"}

_SEP = r"\s?[/\-–]\s?"
_UPPER = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
_NUMBER = rf"(?P<num>\d+(?:{_SEP}[\w&]+)*)"
_KIND = "|".join(re.escape(k) for k in KINDS)
_NUMBERED = re.compile(rf"(?<![\w])(?P<kind>{_KIND}|{_KIND.lower()})\s+(?P<so>số\s+)?{_NUMBER}(?![\w])")
_QUANTITY = re.compile(r"\s*(?:%|năm|tháng|ngày|giờ|người|lần|tỷ|tỉ|triệu|nghìn|ngàn|trăm|điều|khoản|chương|"
                       r"điểm|đồng|USD|ha|km|m|kg|tấn|văn bản|bản|cái|trang)(?!\w)", re.IGNORECASE)
_YEAR = r"(?:\s+(?:năm\s+)?(?:19|20)\d\d)?"
_AMENDED = r"(?:\s+\(?sửa đổi(?:,\s*bổ sung)?\)?)?"
_LAW = re.compile(r"(?<![\w])(?P<kind>Bộ luật|Luật)\s+(?P<name>"
                  + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(LAW_NAMES, key=len, reverse=True))
                  + rf")(?![\w]){_AMENDED}{_YEAR}(?![\w/])", re.IGNORECASE)
_CONSTITUTION = re.compile(r"(?<![\w])Hiến pháp\s+(?:năm\s+)?(?P<year>(?:19|20)\d\d)(?![\w/])")
_DATE_AFTER = re.compile(r"\s*,?\s*(?:ban hành\s+)?(?:ngày\s+(?P<d>\d{1,2})\s*[/\-.]\s*(?P<m>\d{1,2})\s*[/\-.]\s*"
                         r"(?P<y>(?:19|20)\d\d)|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+"
                         r"(?P<y2>(?:19|20)\d\d)|(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>(?:19|20)\d\d))")
_OF = re.compile(r"\s*,?\s*(?:do\s+|của\s+)")
_PM = re.compile(r"Thủ tướng(?:\s+Chính phủ)?(?![\w])")
# "Đại học Luật", "Trường Luật", "khoa Luật": a school, not a law
_SCHOOL_BEFORE = re.compile(r"(?:Đại học|ĐH|Trường|trường|khoa|Khoa|Học viện|cử nhân|Cử nhân)\s+$")


def _is_kind(s: str) -> str | None:
    for k in KINDS:
        if s.lower() == k.lower():
            return k
    return None


def _code_length(num: str) -> int:
    """How much of ``num`` is a document number: parts of digits, or of letters with at
    least two capitals ("NĐ", "TTg", "BGDĐT", "GD&ĐT"); "66 - Hướng dẫn" is "66"."""
    end = 0
    for m in re.finditer(rf"({_SEP})?([\w&]+)", num):
        part = m.group(2)
        if m.start() and not (part.isdigit() or sum(c.isupper() for c in part) >= 2):
            break
        end = m.end()
    return end


def _clean_number(num: str) -> str:
    """The number as a code: spaces around separators dropped, dashes as "-"."""
    return re.sub(r"\s*([/\-–])\s*", lambda m: "-" if m.group(1) == "–" else m.group(1), num)


def _issue(text: str, end: int, orgs: list[tuple[int, int, str]]) -> tuple[str | None, str | None, int]:
    """Date of issue and issuer named after a reference ending at ``end``, and where they end."""
    date = None
    m = _DATE_AFTER.match(text, end)
    if m:
        d, mo, y = (m.group("d") or m.group("d2") or m.group("d3"), m.group("m") or m.group("m2") or m.group("m3"),
                    m.group("y") or m.group("y2") or m.group("y3"))
        if 1 <= int(d) <= 31 and 1 <= int(mo) <= 12:
            date = f"{y}-{int(mo):02d}-{int(d):02d}"
            end = m.end()
    m = _OF.match(text, end)
    if not m:
        return date, None, end
    pos = m.end()
    pm = _PM.match(text, pos)
    if pm:
        return date, "Thủ tướng Chính phủ", pm.end()
    for s, e, name in orgs:
        if s == pos:
            # a joint document: "của Bộ Tài chính và Bộ GD&ĐT"
            nxt = re.match(r"\s+và\s+", text[e:])
            other = next(((s2, e2, n2) for s2, e2, n2 in orgs if nxt and s2 == e + nxt.end()), None)
            if other:
                return date, f"{name} và {other[2]}", other[1]
            return date, name, e
    return date, None, end


def _code_issuer(number: str) -> str | None:
    parts = re.split(r"[/\-]", number)
    if len(parts) < 2:
        return None
    last = parts[-1]
    if re.fullmatch(r"QH\d*", last):
        return "Quốc hội"
    return CODE_ISSUERS.get(last)


def find_documents(text: str, doc_id: str = "", orgs: Iterable[tuple[int, int, str]] = ()) -> list[LegalRef]:
    """The legal and official documents ``text`` cites, in text order. ``orgs``:
    ``(start, end, canonical name)`` of the organisations found in it (the issuers)."""
    orgs = sorted(orgs)
    found: list[LegalRef] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int, number: str | None, issuer: str | None = None,
            date: str | None = None) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(LegalRef(text=text[start:end], kind=kind, number=number, issuer=issuer, date=date,
                              sources=[doc_id] if doc_id else [], start=start, end=end, doc_id=doc_id))

    for m in _NUMBERED.finditer(text):
        kind = _is_kind(m.group("kind"))
        num = m.group("num")[:_code_length(m.group("num"))]
        num_end = m.start("num") + len(num)
        coded = bool(re.search(r"[/\-–]", num))
        lower = m.group("kind")[0].islower()
        if kind is None or kind == "Hiến pháp":
            continue
        if lower and not (m.group("so") and "/" in num):
            continue
        if not (coded or m.group("so")) and (kind not in _BARE_OK or _QUANTITY.match(text, num_end)):
            continue
        if not coded and not m.group("so") and len(num) > 4:
            continue
        if text[num_end:num_end + 1] in (",", ".") and text[num_end + 1:num_end + 2].isdigit():
            continue  # "Luật 1.000": a figure
        number = _clean_number(num)
        date, issuer, end = _issue(text, num_end, orgs)
        # the reference shown is the kind, number and issuer as written (the date is a field)
        shown_end = end if issuer else num_end
        add(kind, m.start(), shown_end, number, issuer or _code_issuer(number), date)
    for m in _LAW.finditer(text):
        if _SCHOOL_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        if re.match(rf"\s+[{_UPPER}]", text[m.end():]):
            continue  # the name goes on ("Bộ luật Hình sự Sharia"): not the law of that name
        kind = "Bộ luật" if m.group("kind").lower() == "bộ luật" else "Luật"
        if m.group("kind")[0].islower() or not m.group("name")[0].isupper():
            continue
        add(kind, m.start(), m.end(), None)
    for m in _CONSTITUTION.finditer(text):
        add("Hiến pháp", m.start(), m.end(), None)
    found.sort(key=lambda r: r.start)
    return found


# ------------------------------------------------------------------- resolution
def _key(ref: LegalRef) -> tuple[str, str]:
    """What identifies the document: kind and leading number, or kind and name."""
    if ref.number:
        return ref.kind, re.match(r"\d+", ref.number).group(0)
    name = re.sub(r"\s*\(?sửa đổi.*$", "", ref.text, flags=re.IGNORECASE)
    return ref.kind, " ".join(name.lower().split())


def _fullness(ref: LegalRef) -> tuple[int, int, int]:
    return (len(ref.number or ""), bool(ref.issuer), len(ref.text))


def resolve_documents(facts: dict[str, Facts]) -> list[LegalRef]:
    """The documents cited by the articles of one event (doc id -> facts), one entry
    per document, in order of first citation: same kind and leading number (when their
    codes and issuers do not contradict each other), or the same law name."""
    groups: dict[tuple[str, str], list[LegalRef]] = {}
    order: list[tuple[str, str]] = []
    for doc_id, f in facts.items():
        for ref in (f.documents if f else []):
            key = _key(ref)
            group = groups.setdefault(key, [])
            if not group:
                order.append(key)
            group.append(ref)
    out: list[LegalRef] = []
    for key in order:
        refs = groups[key]
        # codes that differ beyond the number ("30/2014/TT-BGDĐT", "30/2011/TT-BTC") are two documents
        clusters: list[list[LegalRef]] = []
        for r in sorted((r for r in refs if _coded(r)), key=lambda r: -len(r.number or "")):
            home = next((c for c in clusters if c[0].number.startswith(r.number)), None)
            (home.append(r) if home is not None else clusters.append([r]))
        for r in (r for r in refs if not _coded(r)):
            fits = [c for c in clusters if len(clusters) == 1 or (r.issuer and r.issuer in {x.issuer for x in c})]
            if fits:
                fits[0].append(r)
            elif not any(_coded(c[0]) for c in clusters):
                (clusters[0].append(r) if clusters else clusters.append([r]))
            # else: a bare number of two different coded documents, and which one is unknown
        for c in sorted(clusters, key=lambda c: min(refs.index(x) for x in c)):
            best = max(c, key=_fullness)
            out.append(LegalRef(text=best.text, kind=best.kind, number=best.number,
                                issuer=best.issuer or next((x.issuer for x in c if x.issuer), None),
                                date=best.date or next((x.date for x in c if x.date), None),
                                sources=list(dict.fromkeys(s for x in refs if any(x is y for y in c)
                                                           for s in (x.sources or [x.doc_id]))),
                                start=best.start, end=best.end, doc_id=best.doc_id))
    return out


def _coded(ref: LegalRef) -> bool:
    return bool(ref.number) and not ref.number.isdigit()


__all__ = ["find_documents", "resolve_documents", "KINDS", "LAW_NAMES"]
