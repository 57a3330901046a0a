"""Plain-text page cleaner: which lines of a copied page are the article.

Text copied from a Vietnamese news page holds the article plus the site around it:
menus, breadcrumbs, related-link lists ("- 22.07.2020 Bí thư Hà Nội: …"), tags, share
rows, comment counters and comments, "Cùng chuyên mục" blocks, teasers of other
stories, photo credits and footers. Each line gets one label:

    title      the headline (header zone)
    dateline   a publication stamp ("08:47 | 14/08/2020")
    body       article paragraph (list items of the article included)
    heading    subheading inside the article (kept, not summarised)
    caption    image caption (kept, not summarised)
    byline     author / credit line ("Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)")
    boiler     everything else (dropped, kept in ``Document.boilerplate``)

How (one pass over the lines after one backwards pass for the next non-blank line,
so linear in the page):

1. the article starts at the first line of running text that is not a headline
   (a headline is followed by a date stamp or a byline and a date stamp);
2. before it is the header zone: menus, the title (the headline nearest to the date
   stamp or the article), the date stamp, a byline at the top, a short sapo;
3. in the article zone a small state machine: a section title such as "Cùng chuyên
   mục" or "Bình luận" ends the article ("tail"); "Tin liên quan" / "Xem thêm" open a
   block of links after which the article resumes at the next real paragraph; a
   credit line at the end ("Theo …", a name) is the byline and ends the article;
   teasers of other stories (a headline, then a lead with the outlet's prefix) end it.

``label_lines`` is pure (string in, labels out).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import (Byline, outlet_prefix, parse_byline, parse_credit_date, parse_date_line, parse_org_credit,
                   parse_time_line, with_time)

ARTICLE_KINDS = ("body", "heading", "caption")

# Section titles after which the rest of the page is not the article.
_HARD_END = re.compile(
    r"^\s*(?:Cùng chuyên mục|Tin cùng chuyên mục|Bài cùng chuyên mục|Tin khác|Các tin khác|Tin bài khác|"
    r"Các tin,? bài (?:viết )?khác|Các bài viết khác|Bài viết khác|Các bài khác|Tin mới(?: nhất| hơn)?|"
    r"Tin cũ hơn|Tin nổi bật|Tin nóng|Tin đọc nhiều|Đọc nhiều(?: nhất)?|Xem nhiều(?: nhất)?|"
    r"Bài viết liên quan|Bài liên quan|Tin bài liên quan|Tin, bài liên quan|Tin tức liên quan|"
    r"Có thể bạn quan tâm|Bạn có thể quan tâm|Có thể bạn muốn xem|Tags?\s*:?|Từ khóa\s*:?|Từ khoá\s*:?|"
    r"Chủ đề\s*:|Bình luận(?:\s*\(\d+\))?|\d+ bình luận|Ý kiến(?: của)? bạn(?: đọc)?|Ý kiến|Gửi bình luận|"
    r"Viết bình luận|Gửi ý kiến|Để lại bình luận|Chia sẻ\s*:?|Chia sẻ bài viết\s*:?|Tin mới cập nhật|"
    r"Đọc tiếp|Mới nhất|Nổi bật|Ảnh khác|Video khác|Tin ảnh|Tiêu điểm|Sự kiện|Dòng sự kiện|"
    r"Bài viết cùng chủ đề|Tin cùng chủ đề|Bài cùng chủ đề|Cùng chủ đề|Video đang được quan tâm|"
    r"Bạn thấy bài viết (?:này )?có hữu ích không\??|Xem theo ngày|"
    r"Related(?: news| articles| stories)?\s*:?|Read more\s*:?|More news|Most (?:viewed|read|popular)|"
    r"Latest(?: news)?|Comments?(?:\s*\(\d+\))?|Tags?\s*:.*|Từ khóa\s*:.*|Từ khoá\s*:.*|Chủ đề\s*:.*)"
    r"\s*:?\s*$",
    re.I,
)
# Blocks of links that may sit inside the article; the article resumes after them.
_SOFT_START = re.compile(r"^\s*(?:Tin liên quan|Xem thêm|Đọc thêm|Xem tiếp|Video|Clip|>>\s*|»\s*|"
                         r"ĐỌC THÊM|XEM THÊM|See also|Also read)\s*:?.*$", re.I)
# A box announcing one teaser of another story (headline + lead) inside the article.
_TEASER_START = re.compile(r"^\s*(?:Đọc thêm|Xem thêm|Xem tiếp|Có thể bạn quan tâm|See also|Also read)\s*:?\s*$", re.I)
_LINK_LINE = re.compile(r"^\s*(?:[-•·*+>»]+\s*\(?\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\)?|"
                        r"\(?\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)?)\s+\S|"
                        r"\S.*\(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\)\s*$")
_BULLET = re.compile(r"^\s*[-•·*+>»–]+\s*")
_JUNK = re.compile(
    r"^\s*(?:[-–—•·*|/:.…]+|\d+|Chia sẻ|Share|Facebook|Twitter|Zalo|Email|E-mail|Print|Pinterest|"
    r"In bài(?: viết)?|In trang|Gửi email|Gửi bài(?: viết)?|Lưu(?: bài)?|Tweet|Like|Thích(?:\s*\(\d+\))?|"
    r"Trả lời(?:\s*[-·]\s*Thích(?:\s*\(\d+\))?)?|Bình luận|Trang chủ|Quay lại|Về đầu trang|Trở lại đầu trang|"
    r"Trở lại .{1,30}|Tin nhanh|Quảng cáo|Advertisement|Theo dõi .* trên .*|Google News|Copy link|"
    r"Sao chép liên kết|Bình luận \(\d+\)|\(\d+\) bình luận|\d+ bình luận|Bình luận \d+|Xem thêm|Đọc thêm|"
    r"Tin liên quan|Lượt xem\s*:?\s*[\d.,]+|Số lượt xem\s*:?\s*[\d.,]+|\d+ lượt xem|"
    r"Xem thêm (?:\d+ )?(?:bình luận|ý kiến)|\d+ (?:phút|giờ|ngày) trước|"
    r"Mời (?:quý )?(?:độc giả|bạn đọc|bạn) (?:xem|theo dõi|đón xem).*|"
    r"Chuyên mục\s*:.*|Danh mục\s*:.*|Đăng bởi .{1,40}|Người đăng\s*:.*|#\S.*|"
    r"Write a comment|Comments?|Reply|Log in|Đăng nhập|Đăng ký|Tìm kiếm|Search)\s*:?\s*[-/|]*\s*$",
    re.I,
)
_CAPTION = re.compile(r"(?:^\s*\(?Ảnh(?: minh họa| minh hoạ)?\s*[:)]|\(Ảnh[^()]*\)\s*$|^\s*Ảnh minh h[oọ]a|"
                      r"^\s*Clip\s*:|^\s*Video\s*:|^\s*Nguồn\s*:|[.\s]Ảnh\s*:\s*[^.]{2,40}$)", re.I)
# A photo credit alone on its line ("Ảnh: Nguyễn Tuấn", "(Ảnh minh họa)"): not article text.
_CREDIT = re.compile(r"^\s*\(?\s*(?:Ảnh(?: minh họa| minh hoạ| tư liệu)?|Nguồn ảnh|Đồ họa|Photo|Video)"
                     r"\s*(?::\s*[^.!?:;]{1,40})?\s*\)?\s*\.?\s*$", re.I)
_END_PUNCT = re.compile(r"[.!?…:;”\"'’)»]\s*$")
_SENT_END = re.compile(r"[.!?…”\"»)]\s*$")
_RESUME_END = re.compile(r"(?<!\.\.)[.!:;”\"’)]\s*$")  # a paragraph, not a teaser cut with "..."
_SENT_PUNCT = re.compile(r"[.!?…]")
_HEADER_LABEL = re.compile(r"^\s*(?:Chuyên mục|Danh mục|Đăng bởi|Người đăng|Tác giả|Nguồn|Lượt xem|"
                           r"Từ khóa|Tags?|Chủ đề|Trang chủ)\b", re.I)
_MENU_SEP = re.compile(r"\s[|>»›/·•]\s|^\s*[|>»›·•]|[|>»›·•]\s*$")


@dataclass
class Line:
    text: str
    start: int  # offset of the line in the page
    end: int
    label: str = "boiler"
    strip: int = 0  # characters at the start that are not article text (outlet prefix)


@dataclass
class Cleaned:
    lines: list[Line]
    title: str | None = None
    published: str | None = None
    source: str | None = None  # outlet credited in the lead ("(Tổ Quốc) -", "DNTH:")
    author: str | None = None
    original_source: str | None = None  # "Theo … (Nhân dân)"
    photo: str | None = None
    notes: list[str] = field(default_factory=list)

    def of(self, *labels: str) -> list[Line]:
        return [ln for ln in self.lines if ln.label in labels]


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(Line(raw, pos, pos + len(raw)))
        pos += len(raw) + 1
    return out


def _words(s: str) -> int:
    return len(s.split())


def _is_paragraph(s: str) -> bool:
    """Looks like running article text: long enough and made of sentences."""
    n = _words(s)
    return n >= 12 and bool(_SENT_PUNCT.search(s)) or n >= 25


def _is_heading(s: str) -> bool:
    n = _words(s)
    st = s.strip()
    return (3 <= n <= 25 and not _END_PUNCT.search(st) and st[:1].isupper()
            and not _BULLET.match(st) and not _LINK_LINE.match(st))


def _is_junk(s: str) -> bool:
    st = s.strip()
    return len(st) <= 2 or bool(_JUNK.match(st))


def _capitalised(s: str) -> bool:
    """Every word starts with a capital (a name, a menu entry, a site name)."""
    ws = [w for w in s.split() if w[:1].isalpha()]
    return bool(ws) and all(w[:1].isupper() for w in ws)


def _title_like(s: str) -> bool:
    n = _words(s)
    letters = [ch for ch in s if ch.isalpha()]
    return (4 <= n <= 35 and not _is_junk(s) and not _MENU_SEP.search(s) and not _LINK_LINE.match(s)
            and not _BULLET.match(s) and not _HEADER_LABEL.match(s) and not s.endswith((".", ":", ";", ","))
            and not _HARD_END.match(s) and not _SOFT_START.match(s) and parse_date_line(s) is None
            and not (letters and all(ch.isupper() for ch in letters))
            and not (n <= 6 and _capitalised(s)) and not _byline_at_top(s))


def label_lines(text: str) -> Cleaned:
    """Label every line of a page (see module docstring)."""
    lines = split_lines(text)
    c = Cleaned(lines)
    strip = [ln.text.strip() for ln in lines]
    nonempty = [i for i, s in enumerate(strip) if s]
    if not nonempty:
        return c
    nxt = [-1] * (len(lines) + 1)  # next non-blank line after i (-1: none)
    for i in range(len(lines) - 1, -1, -1):
        nxt[i] = i + 1 if i + 1 < len(lines) and strip[i + 1] else nxt[i + 1] if i + 1 < len(lines) else -1
    dates: dict[int, str | None] = {}
    credits: dict[int, str] = {}  # "Theo Trí Thức Trẻ 02/11/2020 15:48": the outlet of a stamp

    def stamp(i: int) -> str | None:
        if i not in dates:
            dates[i] = parse_date_line(strip[i])
            if dates[i] is None and strip[i][:1] in "TN":
                cd = parse_credit_date(strip[i])
                if cd:
                    credits[i], dates[i] = cd
        return dates[i]

    def headline(i: int) -> bool:
        """A line followed by a date stamp (maybe after a byline) is a headline."""
        j = nxt[i]
        if j < 0:
            return False
        if stamp(j):
            return True
        by = parse_byline(strip[j]) if _words(strip[j]) <= 6 else None
        return bool(by and by.author and nxt[j] >= 0 and stamp(nxt[j]))

    # blank lines inside running text mark images: they are rare in copied text
    # where paragraphs are separated by single newlines.
    blanks = sum(1 for i in range(nonempty[0], nonempty[-1]) if not strip[i])
    sparse_blanks = blanks * 3 < len(nonempty)

    # 1. the article starts at the first paragraph that is no headline
    def starts_article(i: int) -> bool:
        """Running text that goes on: long, or followed by more running text soon
        (a poll question or a lone teaser among menu lines does not start the article)."""
        if not _is_paragraph(strip[i]) or headline(i):
            return False
        j, k = nxt[i], 0
        while j >= 0 and k < 8:  # the article's headline and stamp come later: a teaser box
            if headline(j):
                return False
            j, k = nxt[j], k + 1
        if _words(strip[i]) >= 30 and not strip[i].endswith("?"):
            return True
        j, k = nxt[i], 0
        while j >= 0 and k < 5:
            if _is_paragraph(strip[j]) or (_words(strip[j]) >= 6 and _SENT_END.search(strip[j])):
                return True
            j, k = nxt[j], k + 1
        return j < 0 and not strip[i].endswith("?")

    body_start = next((i for i in nonempty if starts_article(i)), None)
    if body_start is None:
        body_start = next((i for i in nonempty if _is_paragraph(strip[i]) and not headline(i)), None)
    if body_start is None:  # no running text at all: keep the longest line as the article
        best = max(nonempty, key=lambda i: len(strip[i]))
        lines[best].label = "body"
        return c

    # 2. header zone
    head = [i for i in nonempty if i < body_start]
    stamps = [i for i in head if stamp(i)]
    after_stamp = {nxt[k] for k in stamps}
    first_stamp = stamps[0] if stamps else len(lines)
    cands = [i for i in head if not stamp(i) and _title_like(strip[i])]

    def near(i: int) -> bool:  # next to the date stamp or the article
        j = nxt[i]
        while j >= 0 and j < body_start and not stamp(j) and _byline_at_top(strip[j]):
            j = nxt[j]
        return j == body_start or (j >= 0 and bool(stamp(j))) or i in after_stamp

    t = None
    if cands:
        close = [i for i in cands if near(i)]
        t = (close or cands)[-1]
        lines[t].label = "title"
        c.title = strip[t]
    for i in stamps:
        lines[i].label = "dateline"
    after = [i for i in stamps if t is not None and i > t]
    before = [i for i in stamps if t is None or i < t]
    pick = after[0] if after else (before[-1] if t is not None and before else
                                   next((i for i in before if "T" in (stamp(i) or "")), before[0] if before else None))
    for i in stamps:
        if i in credits:
            c.original_source = c.original_source or credits[i]
    if pick is not None:
        c.published = stamp(pick)
        j = nxt[pick]
        if c.published and "T" not in c.published and j >= 0:
            hm = parse_time_line(strip[j])
            if hm:
                c.published = with_time(c.published, hm)
                lines[j].label = "dateline"
    for i in head:
        if lines[i].label != "boiler" or (t is not None and i < t):
            continue
        if t is None and i < first_stamp:
            continue
        by = _byline_at_top(strip[i])
        if by:
            _take_byline(c, lines[i], by)
        elif parse_time_line(strip[i]):
            lines[i].label = "dateline"
        elif t is not None and _words(strip[i]) >= 6 and _SENT_END.search(strip[i]) and not _is_junk(strip[i]):
            body_start = i  # a short sapo under the title
            break

    # lead paragraph: outlet credit prefix
    lead = lines[body_start]
    pre = outlet_prefix(lead.text)
    if pre:
        c.source = pre.outlet
        lead.strip = pre.length
    lead_prefix = lead.text[:pre.length].strip() if pre else None

    # 3. article zone
    state = "body"  # body | links (inside a soft link block) | tail (after a hard end)
    teaser = False  # the link block is a "Đọc thêm" box: a headline and its lead
    n_body = 0
    prev_blank = False
    for i in range(body_start, len(lines)):
        ln = lines[i]
        s = strip[i]
        if not s:
            prev_blank = True
            continue
        blank_before, prev_blank = prev_blank, False
        if state == "tail":
            continue
        if len(s) <= 90 and stamp(i):
            ln.label = "dateline"
            c.published = c.published or stamp(i)
            continue
        if _HARD_END.match(s) and n_body >= 1:
            state = "tail"
            continue
        if lead_prefix and i != body_start and s.startswith(lead_prefix):
            # a teaser of another story by the same outlet: its headline is the line above
            _unlabel_heading_above(lines, i)
            state = "tail" if n_body >= 2 else state
            continue
        if _LINK_LINE.match(s):
            continue  # related-link list item
        if _BULLET.match(s) and not _is_paragraph(s) and not _END_PUNCT.search(s) \
                and not (state == "body" and _in_list(lines, strip, i)):
            continue  # related-link list item
        if _SOFT_START.match(s) and not _is_paragraph(s):
            state = "links"
            teaser = bool(_TEASER_START.match(s))
            continue
        if n_body >= 1 and len(s) <= 90 and state == "body":
            by = parse_byline(s)
            if by and (by.strong or (n_body >= 2 and _next_is_end(lines, strip, nxt, i))):
                _take_byline(c, ln, by)
                state = "tail"
                continue
        if _is_junk(s):
            continue
        if state == "links":
            if not (_is_paragraph(s) and _RESUME_END.search(s)):
                continue
            j = _prev_nonempty(strip, i)
            if teaser and j is not None and j > body_start and _is_heading(strip[j]) and \
                    lines[j].label == "boiler" and not _BULLET.match(strip[j]):
                teaser = False  # the lead of the teased story, under its headline
                continue
            state = "body"
        if n_body >= 2 and state == "body" and _next_is_end(lines, strip, nxt, i):
            org = parse_org_credit(s)
            if org:  # "Phòng VH-TT huyện": a portal's credit to an office
                _take_byline(c, ln, Byline(org, None, None))
                state = "tail"
                continue
        if _CREDIT.match(s) and _words(s) <= 8:
            continue  # a photo credit alone on its line
        if n_body >= 1 and parse_time_line(s) and _next_is_paragraph(lines, strip, nxt, i):
            ln.label = "heading"  # a time in a live report ("13h00")
            continue
        if _CAPTION.search(s) and _words(s) <= 40:
            ln.label = "caption"
            continue
        if blank_before and sparse_blanks and n_body >= 1 and _words(s) <= 40 and \
                len(_SENT_PUNCT.findall(s.rstrip(".… "))) == 0:
            ln.label = "caption"
            continue
        if n_body >= 1 and _is_heading(s) and _next_is_paragraph(lines, strip, nxt, i):
            ln.label = "heading"
            continue
        if _is_paragraph(s) or (n_body >= 1 and _END_PUNCT.search(s) and _words(s) >= 4) or \
                (i == body_start):
            ln.label = "body"
            n_body += 1
            continue
        if n_body >= 1 and _words(s) >= 3 and _in_list(lines, strip, i):
            ln.label = "body"  # an item of a list the article introduced ("… như sau:")
            n_body += 1
            continue
    return c


def _prev_nonempty(strip: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if strip[j]:
            return j
    return None


def _byline_at_top(s: str) -> Byline | None:
    if len(s) > 60 or _words(s) > 8:
        return None
    by = parse_byline(s)
    return by if by and (by.author or by.original_source) else None


def _in_list(lines: list[Line], strip: list[str], i: int) -> bool:
    """Line i belongs to a list that an article line introduced with a colon: the lines
    between (list items) are short items, not link lines."""
    for j in range(i - 1, max(-1, i - 30), -1):
        s = strip[j]
        if not s:
            continue
        if lines[j].label in ("body", "heading") and s.endswith(":"):
            return True
        if lines[j].label != "body" or _LINK_LINE.match(s):
            return False
    return False


def _next_is_paragraph(lines: list[Line], strip: list[str], nxt: list[int], i: int) -> bool:
    """The next line is running text (a paragraph, or a sentence introducing a list)."""
    j = nxt[i]
    if j < 0 or _LINK_LINE.match(strip[j]):
        return False
    return _is_paragraph(strip[j]) or (_words(strip[j]) >= 6 and bool(_END_PUNCT.search(strip[j]))
                                       and not _is_junk(strip[j]) and not _HARD_END.match(strip[j]))


def _next_is_end(lines: list[Line], strip: list[str], nxt: list[int], i: int) -> bool:
    """The line is the last of the article: the page ends or leaves the article next."""
    j = nxt[i]
    return j < 0 or not _is_paragraph(strip[j]) or bool(_HARD_END.match(strip[j]))


def _unlabel_heading_above(lines: list[Line], i: int) -> None:
    for j in range(i - 1, -1, -1):
        if lines[j].text.strip():
            if lines[j].label in ("heading", "body") and not _is_paragraph(lines[j].text):
                lines[j].label = "boiler"
            return


def _take_byline(c: Cleaned, ln: Line, by: Byline) -> None:
    ln.label = "byline"
    c.author = c.author or by.author
    c.original_source = c.original_source or by.original_source
    c.photo = c.photo or by.photo
