"""Quotes: direct quotes with their speaker, and reported speech.

Direct quotes are text in “…”, "…", «…», ‘…’ or '…' within one paragraph, of at least
``min_words`` words (``Settings.facts.quote_min_words``) (short quoted phrases such as “lạc lối” are not quotes); quotes nested
in a quote stay in it (“… anh Dũng “khùng” thì …"), and quoted names are not quotes (after
"Nghị quyết", "cuộc vận động", "khẩu hiệu", "đề cử", a list of banners ...). The speaker
comes from the attribution:

* after the quote: ``“…” - ông Khánh nhấn mạnh.``, ``“…”, Bộ trưởng Trần Tuấn Anh nói``,
  ``“…” - CNRP tuyên bố`` (an organisation, or any short subject before a speech verb);
  a pronoun ("ông", "bà", "ông này") is the last person named before the quote;
* before it: ``Bộ trưởng … Trần Tuấn Anh cho rằng: “…”``, ``X khẳng định: “…”``,
  ``Theo X, “…”``, or a sentence ending in ":" that names someone;
* a quote opening a paragraph right after one that ends with ":" takes that paragraph's
  speaker.

Reported speech (kind "reported") is the clause after "Theo X, …" / "Còn theo X, …" or after
"X cho rằng/khẳng định/đề nghị …," when X (a person or an organisation) opens the sentence
(possibly after an introductory phrase: "Phát biểu tại buổi làm việc, X khẳng định, …").

Speakers are full names when the mention was resolved in the article, else the short form
as written ("ông Khánh", "Bí thư Hà Nội"), which :func:`vnnews.facts.resolve_event` resolves
across the articles of an event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Quote
from .doc import Doc
from .lexicon import clean
from .orgs import OrgMatch
from .people import PersonMention
from ..settings import FactsSettings


SPEECH_VERBS = (
    "nhấn mạnh", "nói", "cho biết", "cho hay", "khẳng định", "chia sẻ", "tuyên bố",
    "cho rằng", "đề nghị", "mong muốn", "mong", "yêu cầu", "đánh giá cao", "đánh giá",
    "thông tin", "kiến nghị", "lưu ý", "chỉ đạo", "nêu rõ", "chỉ rõ", "bày tỏ", "đề xuất",
    "cam kết", "nhận định", "nhận xét", "phát biểu", "giải thích", "lo ngại", "cảnh báo",
    "thừa nhận", "tiết lộ", "khuyến cáo", "trả lời", "viết", "kết luận", "phân tích",
    "quả quyết", "nhắc lại", "thông báo", "gợi ý", "kêu gọi", "tâm sự", "bộc bạch",
    "hy vọng", "tin rằng", "tin tưởng", "quan ngại", "bình luận", "khuyên", "hỏi",
    "dẫn lời", "trích lời", "chia sẻ thêm", "nói thêm", "đồng tình", "lưu ý rằng",
    "than thở", "kể", "kể lại", "nhớ lại", "phàn nàn", "trải lòng", "thổ lộ", "xác nhận",
    "lý giải", "khoe", "giãi bày", "tâm sự thêm", "bức xúc", "cười nói", "nói với",
    "chia sẻ với", "trả lời phỏng vấn", "phản hồi", "hồi tưởng", "thú nhận", "nhận xét thêm",
)
#: Verbs whose reported content may follow without a comma ("X đề nghị Bộ ... hỗ trợ").
OBJECT_VERBS = (
    "nhấn mạnh", "khẳng định", "cho rằng", "đề nghị", "mong muốn", "mong", "yêu cầu",
    "đánh giá cao", "đánh giá", "kiến nghị", "lưu ý", "chỉ đạo", "nêu rõ", "chỉ rõ",
    "bày tỏ", "đề xuất", "cam kết", "nhận định", "cảnh báo", "thừa nhận", "khuyến cáo",
    "kêu gọi", "hy vọng", "tin rằng", "tin tưởng", "quan ngại", "lo ngại", "cho biết",
    "cho hay", "tuyên bố", "lưu ý rằng",
)


def _alt(verbs: tuple[str, ...]) -> str:
    return "|".join(sorted((re.escape(v).replace(r"\ ", r"\s+") for v in verbs),
                           key=len, reverse=True))


_VERB_ALT = _alt(SPEECH_VERBS)
_OBJ_VERB_ALT = _alt(OBJECT_VERBS)
_ADVERBS = (r"(?:(?:cũng|đã|còn|thì|tiếp tục|vẫn|lại|từng|mới|vừa|đều|liền|bèn|tự tin|"
            r"hài hước|thẳng thắn|vui vẻ|thành thật|cười)\s+)*")
_QUOTE_RE = re.compile(
    r"“(?P<a>[^”\"“\n]+)[”\"]|(?<!\w)\"(?=\S)(?P<b>[^\"\n]+?)(?<=\S)\"(?!\w)|«(?P<c>[^»\n]+)»"
    r"|‘(?P<d>[^’\n]+)’"
    r"|(?<!\w)'(?P<e>[^'\n]+)'(?!\w)"
)
_AFTER_SEP = re.compile(r"[^\S\n]*[.,!?…]?[^\S\n]*(?:[-–—]|,)[^\S\n]*")
_AFTER_FALLBACK = re.compile(
    r"(?P<who>[^,.;:\n“”\"]{1,60}?)[^\S\n]+" + _ADVERBS + r"(?:" + _VERB_ALT + r")(?!\w)"
)
_BEFORE_VERB = re.compile(
    r"[^\S\n]+" + _ADVERBS + r"(?:" + _VERB_ALT + r")(?:[^\S\n]+rằng)?[^\S\n]*[:,]?[^\S\n]*$"
)
#: A speech verb with a short complement before the colon that opens the quote ("lý giải
#: cho nhận định của mình: “…”", "chia sẻ với phóng viên: “…”", "nói vui: “…”").
_BEFORE_VERB_COLON = re.compile(
    r"[^\S\n]+" + _ADVERBS + r"(?:" + _VERB_ALT + r")(?:[^\S\n]+(?:thêm|vui|với|cho|về|trước|"
    r"tại|trong|khi)(?:[^\S\n]+[^\s:,.;!?“”\"]+){0,7})?[^\S\n]*:[^\S\n]*$"
)
#: The clause before a speech verb: after the last comma or semicolon, or the sentence start,
#: minus a connective ("Cũng theo", "Còn", "Trong khi đó,").
_CLAUSE_LEAD = re.compile(r"^(?:(?:cũng|còn|và|nhưng|song|trong khi đó|đồng thời|sau đó)\s+)*"
                          r"(?:theo\s+)?", re.I)
_TRAILING_VERB = re.compile(r"(?:\s+(?:" + _VERB_ALT + r"))+$", re.I)
#: "Cũng theo người đứng đầu ngành Công thương Hà Nội: “…”": the source before the colon.
_THEO_COLON = re.compile(r"(?:^|[\s,;])theo\s+(?P<who>[^,.;:!?“”\"\n]{2,80}?)\s*:\s*$", re.I)
#: Right after a closing quotation mark with no dash or comma: "“…” ông Chiến nói.",
#: "“…” Cô nói.", "“…” bà Nguyễn Hoa cho biết." (the attribution ends its sentence).
_AFTER_BARE = re.compile(r"[^\S\n]+(?=\S)")
_BARE_END = re.compile(r"(?:[^\S\n]+thêm)?[^\S\n]*(?:[.,;!]|$)", re.M)
#: "“…”, theo bà Hoa." / "“…” - theo Darrell Cronk, CEO của …"
_AFTER_THEO = re.compile(r"(?:theo|trích lời|dẫn lời)[^\S\n]+", re.I)
_BEFORE_THEO = re.compile(r"(?:^|[,.;:]\s*|\s)(?:còn\s+|cũng\s+|và\s+)?theo\s+$")
_THEO = re.compile(
    r"(?:^|(?<=[\s,;:]))(?:còn\s+|cũng\s+|và\s+)?theo\s+"
    r"(?:báo cáo của\s+|thông tin từ\s+|thông tin của\s+|đánh giá của\s+|ý kiến của\s+|"
    r"lời\s+|số liệu của\s+|thống kê của\s+)?"
)
_VERB_AFTER_SUBJECT = re.compile(
    r"[^\S\n]+" + _ADVERBS + r"(?:(?:" + _VERB_ALT + r")(?:[^\S\n]+rằng[^\S\n]*[,:]?|"
    r"[^\S\n]*[,:])|(?:" + _OBJ_VERB_ALT + r")(?!\w))[^\S\n]*"
)
_PRONOUNS = {"ông", "bà", "anh", "chị", "ông ấy", "bà ấy", "anh ấy", "chị ấy", "ông này",
             "bà này", "người này", "vị này", "ông ta", "bà ta", "lãnh đạo này", "cô",
             "cô ấy", "cô này", "anh ta", "cậu", "cậu ấy", "em", "nàng", "chàng", "hắn",
             "ngài", "cụ", "người đẹp", "nữ ca sĩ", "nam ca sĩ", "ca sĩ", "nam diễn viên",
             "nữ diễn viên", "cầu thủ này", "tiền vệ này", "tiền đạo này", "hlv này",
             "huấn luyện viên này", "chiến lược gia", "chiến lược gia này", "đại sứ",
             "bộ trưởng", "thủ tướng", "tổng thống", "ngoại trưởng", "chủ tịch", "giám đốc",
             "người phát ngôn", "phát ngôn viên", "vị chủ tịch", "vị bộ trưởng", "vị tướng",
             "nữ tỷ phú", "tỷ phú", "doanh nhân", "vị giám đốc"}
_QUOTE_CHARS = "“\"«‘'"
_PRONOUN_SUBJECT = re.compile(
    r"(?P<p>(?:ông|bà|anh|chị)(?:\s+(?:ấy|này|ta))?)\s+" + _ADVERBS + r"(?:" + _VERB_ALT + r")(?!\w)"
    r"|(?P<q>(?:người|vị|lãnh đạo)\s+này)\s")


@dataclass
class _Speaker:
    start: int
    end: int
    name: str


def _speakers(doc: Doc, mentions: list[PersonMention], orgs: list[OrgMatch]) -> list[_Speaker]:
    out = []
    for pm in mentions:
        if pm.resolved:
            name = pm.resolved
        elif pm.kind == "partial":
            name = pm.alias
        else:
            name = clean(doc.text[pm.start:pm.end])
        out.append(_Speaker(pm.start, pm.end, name))
    spans = [(pm.start, pm.end) for pm in mentions]
    for o in orgs:
        if o.complete and not any(a <= o.start < b for a, b in spans):
            out.append(_Speaker(o.start, o.end, o.name))
    out.sort(key=lambda s: s.start)
    return out


def _at(speakers: list[_Speaker], pos: int) -> _Speaker | None:
    for s in speakers:
        if s.start == pos:
            return s
        if s.start > pos:
            break
    return None


def _last_before(speakers: list[_Speaker], lo: int, hi: int, persons_only: set[int] | None = None
                 ) -> _Speaker | None:
    best = None
    for s in speakers:
        if s.start >= lo and s.end <= hi and (persons_only is None or s.start in persons_only):
            best = s
    return best


def _curly_spans(norm: str) -> list[tuple[int, int]]:
    """Balanced “…” / «…» spans within a line, nested quotes kept inside their quote
    (“… anh Dũng “khùng” thì …”): (opening mark, closing mark) positions. A straight
    double quote closes a “ that is open (“…" is common)."""
    out = []
    i = 0
    n = len(norm)
    while True:
        m = _OPENERS.search(norm, i)
        if not m:
            break
        i = m.start()
        opener = norm[i]
        closer = "”" if opener == "“" else "»"
        depth = 1
        j = i + 1
        end = -1
        limit = min(n, i + 6000)
        while j < limit:
            ch = norm[j]
            if ch == "\n":
                break
            if ch == opener:
                depth += 1
            elif ch == closer or (opener == "“" and ch == '"' and j > 0
                                  and not norm[j - 1].isspace()
                                  and not norm[j + 1:j + 2].isalnum()):
                depth -= 1
                if depth == 0:
                    end = j
                    break
            j += 1
        if end < 0:
            i += 1
            continue
        out.append((i, end))
        i = end + 1
    return out


_OPENERS = re.compile("[“«]")


def _quote_spans(doc: Doc) -> list[tuple[int, int, int, int]]:
    """(open, close end, content start, content end) of every quotation in text order."""
    out = [(a, b + 1, a + 1, b) for a, b in _curly_spans(doc.norm)]
    taken = [(a, e) for a, e, _, _ in out]
    for m in _QUOTE_RE.finditer(doc.norm):
        if any(a < m.end() and m.start() < e for a, e in taken):
            continue
        group = next(g for g in "abcde" if m.group(g) is not None)
        cs, ce = m.span(group)
        out.append((m.start(), m.end(), cs, ce))
    out.sort()
    return out


#: Nouns after which a quoted text is a name (of a slogan, a resolution, an event, a prize),
#: not someone's words: 'Nghị quyết Trung ương 4 "Một số vấn đề..."', 'cuộc vận động “..."'.
_NAMING_BEFORE = re.compile(
    r"(?<!\w)(?:nghị quyết|chỉ thị|quyết định|thông tư|nghị định|luật|chủ đề|chương trình|"
    r"cuộc vận động|vận động|cuộc thi|giải thưởng|giải|hạng mục|đề cử|tọa đàm|hội thảo|"
    r"hội nghị|diễn đàn|khẩu hiệu|biểu ngữ|băng rôn|ca khúc|bài hát|phim|bộ phim|cuốn sách|"
    r"sách|tác phẩm|dự án|đề án|phong trào|ngày hội|lễ hội|sự kiện|chiến dịch|chuyên mục|"
    r"tiêu đề|tựa đề|danh hiệu|thông điệp|chuỗi sự kiện|mang tên|có tên|gọi là|tên là|"
    r"hồi ký|hồi kí|bút ký|tiểu thuyết|truyện|bài thơ|vở|vở kịch|album|chương trình|"
    r"tội|tội danh|hành vi|kỷ lục|huy chương|huân chương|danh sách|bảng xếp hạng|"
    r"có đoạn|đoạn|điệp khúc|ca từ|lời bài hát|câu hát|lời ca|ca dao|câu thơ|khổ thơ|"
    r"hình thức|chế độ|cơ chế|mô hình|hashtag|từ khóa|biệt danh|biệt hiệu|câu|dòng chữ)"
    r"[^.!?“”\"\n]{0,45}?(?:[^\S\n]+(?:về|là|như|với))?[^\S\n]*[:,]?[^\S\n]*$")
#: Nouns right before the quotation mark that make it a name or a slogan: 'với đề tài “…”',
#: 'với nội dung: “…”' (a banner), 'với tinh thần “…”', 'bầu chọn là “…”', 'triển lãm “…”'.
_NAMING_RIGHT_BEFORE = re.compile(
    r"(?<!\w)(?:đề tài|(?:với|có|ghi) nội dung|tinh thần|niềm tin|hành trình|triển lãm|"
    r"bầu chọn là|bình chọn là)[^\S\n]*:?[^\S\n]*$")
_LIST_AFTER_QUOTE = re.compile(r"[”\"»’'][^\S\n]*(?:,|và|hay|hoặc)[^\S\n]*$")


def find_quotes(doc: Doc, mentions: list[PersonMention], orgs: list[OrgMatch],
                min_words: int = FactsSettings.quote_min_words) -> list[Quote]:
    """Direct and reported quotes of the document, in text order."""
    speakers = _speakers(doc, mentions, orgs)
    person_starts = {pm.start for pm in mentions}
    quotes: list[Quote] = []
    direct_spans: list[tuple[int, int]] = []
    named_end = -1  # end of the last quoted name: a list of names goes on ("“A”, “B”")
    for qs, qe, cs, ce in _quote_spans(doc):
        content = doc.text[cs:ce]
        s0 = doc.sentence_at(qs)[0]
        before = doc.low[max(s0, qs - 90):qs]
        if _NAMING_BEFORE.search(before) or _NAMING_RIGHT_BEFORE.search(before) or (
                named_end >= 0 and _LIST_AFTER_QUOTE.search(doc.norm[named_end - 1:qs])):
            named_end = qe
            continue  # a name in quotation marks
        if len(content.split()) < min_words:
            continue
        speaker = _direct_speaker(doc, qs, qe, speakers, person_starts)
        if not speaker:
            speaker = _continued_speaker(doc, qs, quotes, speakers)
        if not speaker:
            s0, _ = doc.sentence_at(qs)
            if s0 < qs and content[:1].islower() and \
                    not _BEFORE_VERB.search(doc.norm[max(s0, qs - 60):qs]):
                continue  # a phrase in quotation marks inside a sentence, nobody's words
            speaker = _previous_subject(doc, qs, speakers, person_starts)
        if not speaker and _looks_like_a_name(content):
            continue  # “Những năm tháng không thể nào quên”: a title, nobody's words
        quotes.append(Quote(text=" ".join(content.split()), speaker=speaker,
                            sources=[doc.doc_id], start=cs, end=ce, doc_id=doc.doc_id,
                            kind="direct"))
        direct_spans.append((qs, qe))
    quotes.extend(_reported(doc, speakers, direct_spans))
    quotes.sort(key=lambda q: q.start)
    return quotes


_SPEECH_PERSON = re.compile(r"(?<!\w)(?<!đàn )(?:tôi|chúng tôi|chúng ta|chúng mình|mình|ta|em|anh|chị|"
                            r"bạn|các bạn|ông|bà|cháu|con|mẹ|bố|họ)(?!\w)")


def _looks_like_a_name(content: str) -> bool:
    """A short quoted text without sentence punctuation nor a person speaking in it: the
    name of a song, a campaign, a document ("Giấy chứng nhận tốt nghiệp tạm thời")."""
    words = content.split()
    if len(words) > 10 or content.rstrip()[-1:] in ".!?…":
        return False
    return not _SPEECH_PERSON.search(content.lower())


def _continued_speaker(doc: Doc, qs: int, quotes: list[Quote], speakers: list[_Speaker]) -> str:
    """The speaker of the direct quote just before, when nothing but an attribution or a
    short narration naming nobody else lies between (“…” – X cho biết – “…”)."""
    prev = next((q for q in reversed(quotes) if q.kind == "direct"), None)
    if prev is None or not prev.speaker or qs - prev.end > 400:
        return ""
    if doc.paragraph_index(qs) - doc.paragraph_index(prev.end) > 1:
        return ""
    others = [sp for sp in speakers if prev.end <= sp.start < qs and sp.name != prev.speaker]
    return "" if others else prev.speaker


def _previous_subject(doc: Doc, qs: int, speakers: list[_Speaker],
                      person_starts: set[int]) -> str:
    """A quote opening its sentence without attribution: the person who is the subject of
    the sentence before (named near its start, not as an object), in the same paragraph or
    closing the one before."""
    s0, _ = doc.sentence_at(qs)
    if s0 < qs or qs == 0:
        return ""
    ps, pe = doc.sentence_at(qs - 1)
    if ps >= qs or doc.paragraph_index(qs) - doc.paragraph_index(ps) > 1:
        return ""
    for sp in speakers:
        if sp.start < ps:
            continue
        if sp.start >= min(pe, ps + 80):
            break
        if sp.start in person_starts and \
                not _OBJECT_BEFORE.search(doc.low[max(ps, sp.start - 20):sp.start]):
            return sp.name
    return ""


def _subject(doc: Doc, speakers: list[_Speaker], lo: int, hi: int,
             person_starts: set[int]) -> _Speaker | None:
    """The speaker of a clause in [lo, hi): the last person named there that is not an
    object ("trao đổi với tờ Inquirer", "cho AFP"), else the last such organisation."""
    cands = [s for s in speakers if s.start >= lo and s.end <= hi
             and not _OBJECT_BEFORE.search(doc.low[max(lo, s.start - 20):s.start])]
    persons = [s for s in cands if s.start in person_starts]
    if persons:
        return persons[-1]
    return cands[-1] if cands else None


_OBJECT_BEFORE = re.compile(r"(?<!\w)(?:với|cho|của|tờ|báo|hãng|hãng tin|trang|trên|tại|ở|từ|"
                            r"về|đến|tới)[^\S\n]+$")
_QUOTED_BY = re.compile(r"[^\S\n]+(?:dẫn lời|trích lời|dẫn)[^\S\n]+")
_SUBJ_VERB = re.compile(r"[^\S\n]*(?:[-–,][^\S\n]*)?" + _ADVERBS + r"(?:" + _VERB_ALT + r")(?!\w)")
#: Lower-case subjects of a speech verb after a quote that are speakers as the article names
#: them: "một tiểu thương", "người dân", "các chuyên gia", "đại diện công ty".
#: A capitalised run of one to four words (not opening a sentence) right before a speech
#: verb: an unknown speaker named as written ("Phát biểu trên trang cá nhân, Nadal nói:").
_CAP_BEFORE_VERB = re.compile(r"(?<=[\s,])((?:[A-ZĐÀ-Ỹ][\w\-.]*)(?:\s+[A-ZĐÀ-Ỹ][\w\-.]*){0,3})\s*$")
_LOWER_SPEAKER = re.compile(
    r"(?:một|hai|ba|nhiều|các|những|vị|người|đại diện|lãnh đạo|phía|giới|nguồn tin|tạp chí|"
    r"tờ báo|tờ|báo|hãng tin|hãng|cơ quan|công ty|cảnh sát|nhà chức trách|giới chức|"
    r"chính quyền|nạn nhân|bị cáo|nghi phạm|thí sinh|nhân chứng|cô gái|chàng trai|cậu bé|"
    r"cô bé|bé|ông chủ|bà chủ|chủ quán|chủ nhà|tài xế|bác sĩ|luật sư|chuyên gia|giáo sư|"
    r"tác giả|phóng viên|khán giả|cư dân|nông dân|công nhân|tiểu thương|học sinh|sinh viên|"
    r"phụ huynh|bệnh nhân|hành khách|du khách|nhà báo|nhà nghiên cứu|nhà khoa học|"
    r"quan chức|nhà ngoại giao|binh sĩ|nữ sinh|nam sinh|phát ngôn viên|người phát ngôn|công tố viên|kiểm sát viên|thẩm phán|"
    r"điều tra viên|nhà nhiếp ảnh|nhiếp ảnh gia|ngư dân|văn phòng|thông cáo|tuyên bố|"
    r"giáo viên|thầy giáo|cô giáo|hiệu trưởng|nhạc sĩ|đạo diễn|nhà văn|nhà thơ)"
    r"(?:\s+[\w\-]+){0,8}")
_DESCRIPTOR = re.compile(r"(?:một|lãnh đạo|đại diện|người phát ngôn|giới|nguồn tin|các|nhiều|"
                         r"phía|ban|nhà)(?!\w)")


def _direct_speaker(doc: Doc, qs: int, qe: int, speakers: list[_Speaker],
                    person_starts: set[int]) -> str:
    # after the quote: “…” - ông Khánh nhấn mạnh; “…” ông Chiến nói.
    m = _AFTER_SEP.match(doc.norm, qe)
    bare = m is None
    if bare:
        m = _AFTER_BARE.match(doc.norm, qe)
    if m:
        pos = m.end()
        theo = _AFTER_THEO.match(doc.low, pos)
        if theo and not bare:
            # "“…”, theo bà Hoa." / "“…” - dẫn lời ông X"
            sp = _at(speakers, theo.end())
            if sp is not None:
                return sp.name
        sp = _at(speakers, pos)
        if sp is not None and (not bare or _bare_attribution(doc, sp.end)):
            # "“…” - Reuters dẫn lời luật sư Anatoly Kucherena": the one quoted speaks
            qb = _QUOTED_BY.match(doc.low, sp.end)
            if qb:
                sp2 = _at(speakers, qb.end())
                if sp2 is not None:
                    return sp2.name
            return sp.name
        fb = _AFTER_FALLBACK.match(doc.norm, pos)
        if fb and (not bare or _BARE_END.match(doc.norm, fb.end())):
            qb = _QUOTED_BY.match(doc.low, fb.end("who"))
            if qb:  # "“…”, hãng RIA-Novosti dẫn lời ông Peskov": the one quoted speaks
                sp2 = _at(speakers, qb.end())
                if sp2 is not None:
                    return sp2.name
            who = _as_written(doc, clean(fb.group("who")), qs, speakers, person_starts)
            if who:
                return who
    # before the quote, in the same sentence
    s0 = doc.sentence_at(qs)[0]
    own_sentence = s0 < qs
    if s0 == qs:  # the quote opens its sentence: look at the sentence before
        s0 = max(doc.paragraph_at(qs)[0], doc.sentence_at(qs - 1)[0] if qs else 0)
    pre = doc.norm[s0:qs]
    if pre.strip():
        vm = _BEFORE_VERB.search(pre) or _BEFORE_VERB_COLON.search(pre)
        if vm:
            sp = _subject(doc, speakers, s0, s0 + vm.start() + 1, person_starts)
            if sp is not None:
                return sp.name
            # the clause's own subject as written: "Một ngư dân tại vùng biển này cho hay:",
            # "Thu Phương nói vui:", "Cô chia sẻ:" (the last person named before)
            lead = pre[:vm.start()]
            cut = max(lead.rfind(","), lead.rfind(";"))
            clause = _CLAUSE_LEAD.sub("", lead[cut + 1:].strip())
            clause = _TRAILING_VERB.sub("", clean(clause))  # "Một giáo viên … bức xúc nói:"
            if _is_name(clause):
                return clause
            who = _CAP_BEFORE_VERB.search(lead)
            if who and not _OBJECT_BEFORE.search(doc.low[max(s0, s0 + who.start() - 20):s0 + who.start()]):
                return clean(who.group(1))  # "..., Nadal nói: “…”": the name as written
            who = _as_written(doc, clause, s0, speakers, person_starts, strict=True)
            if who:
                return who
        # "Pavel Durov - viết trên website ... rằng họ sẽ rất vui mừng “…”"
        for sp in reversed([s for s in speakers if s0 <= s.start and s.end <= qs]):
            if own_sentence and _SUBJ_VERB.match(doc.low, sp.end) and \
                    not _OBJECT_BEFORE.search(doc.low[max(s0, sp.start - 20):sp.start]):
                return sp.name

        pm = _PRONOUN_SUBJECT.match(doc.low, s0)
        if pm and _last_before(speakers, s0, qs) is None:
            # "Ông này cho biết mục tiêu là “…”": the person it points back to
            who = _antecedent(doc, pm.group("p") or pm.group("q"), s0, speakers, person_starts)
            if who:
                return who
        stripped = pre.rstrip()
        if stripped.endswith(","):
            # "Theo X, “…”"
            for sp in reversed([s for s in speakers if s0 <= s.start and s.end <= qs]):
                if _BEFORE_THEO.search(doc.low[s0:sp.start]):
                    return sp.name
        if stripped.endswith(":"):
            sp = _last_before(speakers, s0, qs)
            if sp is not None:
                return sp.name
            tc = _THEO_COLON.search(pre)
            if tc:
                who = _as_written(doc, clean(tc.group("who")), s0, speakers, person_starts, strict=True)
                if who:
                    return who
    # a quote opening a paragraph after one ending with ":"
    p0 = doc.paragraph_at(qs)[0]
    if p0 == qs:
        idx = doc.paragraph_index(qs)
        if idx > 0:
            ps, pe = doc.paragraphs[idx - 1]
            if doc.text[ps:pe].rstrip().endswith(":"):
                sp = _last_before(speakers, ps, pe)
                if sp is not None:
                    return sp.name
    return ""


def _bare_attribution(doc: Doc, pos: int) -> bool:
    """After a name that follows a closing quotation mark with no dash or comma: a speech
    verb that ends the attribution ("“…” ông Chiến nói.", "… cho biết thêm,")."""
    vm = _SUBJ_VERB.match(doc.low, pos)
    return bool(vm) and bool(_BARE_END.match(doc.norm, vm.end()))


def _is_name(words: str) -> bool:
    """One to four capitalised words, the first neither a pronoun nor a word that opens a
    sentence ("Chính Sir Bobby Charlton", "Trước thông tin"): "Thu Phương", "Tuấn"."""
    ws = words.split()
    return 0 < len(ws) <= 4 and all(w[:1].isupper() for w in ws) and \
        ws[0].lower() not in _PRONOUNS and ws[0].lower() not in _OPENING_WORDS and \
        words.lower() not in _PRONOUNS


_OPENING_WORDS = {"chính", "và", "nhưng", "còn", "theo", "trong", "trước", "sau", "khi", "tại",
                  "với", "cả", "riêng", "về", "do", "vì", "từ", "đến", "nếu", "dù", "ngay",
                  "đặc biệt", "thậm chí", "hiện", "đó", "này", "các", "những", "một", "ngoài"}
_FEMALE = {"bà", "chị", "cô", "bà ấy", "chị ấy", "cô ấy", "bà này", "cô này", "bà ta", "nàng",
           "người đẹp", "nữ ca sĩ", "nữ diễn viên", "nữ tỷ phú", "cô bé"}
_MALE = {"ông", "anh", "ông ấy", "anh ấy", "ông này", "ông ta", "anh ta", "chàng", "cậu",
         "cậu ấy", "nam ca sĩ", "nam diễn viên"}
_TITLE_BEFORE = re.compile(r"(?<!\w)(ông|anh|bà|chị|cô)[^\S\n]+$")


def _gender_clash(doc: Doc, pronoun: str, sp: _Speaker) -> bool:
    """'bà' cannot point back to a person the article calls 'ông' / 'anh', nor 'ông' to 'bà'."""
    first = doc.low[sp.start:sp.end].split(" ", 1)[0]
    m = _TITLE_BEFORE.search(doc.low[max(0, sp.start - 6):sp.start])
    title = first if first in ("ông", "anh", "bà", "chị", "cô") else (m.group(1) if m else "")
    if pronoun in _FEMALE:
        return title in ("ông", "anh")
    if pronoun in _MALE:
        return title in ("bà", "chị", "cô")
    return False


def _antecedent(doc: Doc, pronoun: str, qs: int, speakers: list[_Speaker],
                person_starts: set[int]) -> str:
    """The person a pronoun of an attribution points back to: the last person named before
    (within the paragraph and 2,000 characters before it), never one of the other sex ('ông'
    for 'bà')."""
    best = _last_before([sp for sp in speakers if not _gender_clash(doc, pronoun, sp)],
                        doc.paragraph_at(qs)[0] - 2000, qs, person_starts)
    return best.name if best else ""


def _as_written(doc: Doc, who: str, qs: int, speakers: list[_Speaker], person_starts: set[int],
                strict: bool = False) -> str:
    """A speaker named by the attribution's own words when no known name stands there: a
    pronoun is the last person named before the quote; a described speaker ("một tiểu
    thương", "công tố viên", "lãnh đạo Vinacomin") or a short name stays as written.
    ``strict`` (a clause before the quote): only descriptions and names of capitalised words."""
    if not who:
        return ""
    low = who.lower()
    if low in _PRONOUNS:
        return _antecedent(doc, low, qs, speakers, person_starts)
    words = who.split()
    if low.endswith(" và"):
        return ""  # "một người đàn ông ôm mặt khóc và nói": a description with its verbs
    if _LOWER_SPEAKER.fullmatch(low) or (_DESCRIPTOR.match(low) and len(words) <= 12 and
                                          any(c.isupper() for c in who)):
        return who  # "một tiểu thương cho biết", "đại diện Vinacomin", "công tố viên nhấn mạnh"
    if strict:
        return who if _is_name(who) else ""  # "Tuấn chia sẻ:", "Thanh Long tự tin chia sẻ:"
    if who[0].isupper() and len(words) <= 6:
        return who
    return ""


def _reported(doc: Doc, speakers: list[_Speaker], direct_spans: list[tuple[int, int]]
              ) -> list[Quote]:
    out: list[Quote] = []
    for s0, s1 in doc.sentences:
        sent_low = doc.low[s0:s1]
        found = None
        # "Theo X, ..." near the start of the sentence
        for tm in _THEO.finditer(sent_low):
            if tm.start() > 80:
                break
            if tm.start() > 0 and sent_low[:tm.start()].count(",") > 1:
                continue
            sp = _at(speakers, s0 + tm.end())
            if sp is None:
                continue
            cm = re.compile(r"[^\S\n]*,[^\S\n]*").match(doc.norm, sp.end)
            if cm:
                found = (sp, cm.end())
                break
        if found is None:
            # "X cho rằng/khẳng định/đề nghị, ..." with X opening the sentence (after an
            # optional introductory phrase ending with a comma)
            starts = [s0]
            comma = doc.norm.find(",", s0, min(s1, s0 + 100))
            if comma >= 0:
                m = re.compile(r",[^\S\n]*").match(doc.norm, comma)
                starts.append(m.end() if m else comma + 1)
            for st in starts:
                sp = _at(speakers, st)
                if sp is None:
                    continue
                vm = _VERB_AFTER_SUBJECT.match(doc.low, sp.end)
                if vm:
                    found = (sp, vm.end())
                    break
        if found is None:
            continue
        sp, cstart = found
        if cstart >= s1 or doc.norm[cstart] in _QUOTE_CHARS:
            continue  # a direct quote follows: already taken
        cend = s1
        while cend > cstart and doc.text[cend - 1] in " .…;:!?":
            cend -= 1
        clause = doc.text[cstart:cend]
        if len(clause.split()) < 4:
            continue
        if any(a <= cstart < b for a, b in direct_spans):
            continue
        out.append(Quote(text=" ".join(clause.split()), speaker=sp.name, sources=[doc.doc_id],
                         start=cstart, end=cend, doc_id=doc.doc_id, kind="reported"))
    return out
