"""Plain-text page cleaner: which lines of a copied page are the article.

Text copied from a Vietnamese news page holds the article plus the site around it:
menus, related-link lists ("- 22.07.2020 Bí thư Hà Nội: …"), tags, share rows,
comment counters, "Cùng chuyên mục" blocks and teasers of other stories. Each line
gets one label:

    title      the headline (header zone)
    dateline   a publication stamp ("08:47 | 14/08/2020")
    body       article paragraph
    heading    subheading inside the article (kept, not summarised)
    caption    image caption (kept, not summarised)
    byline     author / credit line ("Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)")
    boiler     everything else (dropped, kept in ``Document.boilerplate``)

``label_lines`` is pure (string in, labels out); ``clean_text`` builds the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .meta import Byline, outlet_prefix, parse_byline, parse_date_line

ARTICLE_KINDS = ("body", "heading", "caption")

# Section titles after which the rest of the page is not the article.
_HARD_END = re.compile(
    r"^\s*(?:Cùng chuyên mục|Tin cùng chuyên mục|Tin khác|Các tin khác|Tin mới(?: nhất| hơn)?|Tin cũ hơn|"
    r"Tin nổi bật|Đọc nhiều(?: nhất)?|Xem nhiều(?: nhất)?|Bài viết liên quan|Bài liên quan|Tin bài liên quan|"
    r"Có thể bạn quan tâm|Bạn có thể quan tâm|Tags?\s*:?|Từ khóa\s*:?|Từ khoá\s*:?|Chủ đề\s*:|"
    r"Bình luận(?:\s*\(\d+\))?|Ý kiến bạn đọc|Gửi bình luận|Viết bình luận|Chia sẻ\s*:?|Chia sẻ bài viết|"
    r"Tin mới cập nhật|Tin tức liên quan|Đọc tiếp|Mới nhất|Nổi bật)\s*:?\s*$",
    re.I,
)
# Blocks of links that may sit inside the article; the article resumes after them.
_SOFT_START = re.compile(r"^\s*(?:Tin liên quan|Xem thêm|Đọc thêm|Xem tiếp|Video|Clip|>>\s*)\s*:?.*$", re.I)
_LINK_LINE = re.compile(r"^\s*(?:[-•·*+>»]+\s*)?\(?\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\)?\s+\S")
_BULLET = re.compile(r"^\s*[-•·*+>»]+\s*")
_JUNK = re.compile(
    r"^\s*(?:[-–—•·*|/:.…]+|\d+|Chia sẻ|Share|Facebook|Twitter|Zalo|Email|E-mail|In bài(?: viết)?|"
    r"Gửi bài(?: viết)?|Lưu(?: bài)?|Tweet|Like|Thích|Bình luận|Trang chủ|Quay lại|Về đầu trang|"
    r"Tin nhanh|Quảng cáo|Advertisement|Theo dõi .* trên .*|Google News|Copy link|Sao chép liên kết|"
    r"Bình luận \(\d+\)|\(\d+\) bình luận|\d+ bình luận|Xem thêm|Đọc thêm|Tin liên quan)\s*:?\s*[-/|]*\s*$",
    re.I,
)
_CAPTION = re.compile(r"(?:^\s*\(?Ảnh(?: minh họa| minh hoạ)?\s*[:)]|\(Ảnh[^()]*\)\s*$|^\s*Ảnh minh h[oọ]a|"
                      r"^\s*Clip\s*:|^\s*Video\s*:|^\s*Nguồn\s*:)", re.I)
_END_PUNCT = re.compile(r"[.!?…:;”\"'’)»]\s*$")
_SENT_PUNCT = re.compile(r"[.!?…]")


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
    return bool(_JUNK.match(st)) or (len(st) <= 2)


def label_lines(text: str) -> Cleaned:
    """Label every line of a page (see module docstring)."""
    lines = split_lines(text)
    c = Cleaned(lines)
    nonempty = [i for i, ln in enumerate(lines) if ln.text.strip()]
    if not nonempty:
        return c
    # blank lines inside running text mark images: they are rare in copied text
    # where paragraphs are separated by single newlines.
    blanks = sum(1 for i in range(nonempty[0], nonempty[-1]) if not lines[i].text.strip())
    sparse_blanks = blanks * 3 < len(nonempty)

    # 1. header zone: everything before the first paragraph-like line
    body_start = next((i for i in nonempty if _is_paragraph(lines[i].text)), None)
    if body_start is None:  # no running text at all: keep the longest line as the article
        best = max(nonempty, key=lambda i: len(lines[i].text))
        lines[best].label = "body"
        return c
    for i in nonempty:
        if i >= body_start:
            break
        s = lines[i].text.strip()
        stamp = parse_date_line(s)
        if stamp:
            lines[i].label = "dateline"
            c.published = c.published or stamp
        elif c.title is None and 4 <= _words(s) <= 35 and not _is_junk(s) and "|" not in s \
                and not _LINK_LINE.match(s) and not _BULLET.match(s):
            lines[i].label = "title"
            c.title = s
    # lead paragraph: outlet credit prefix
    lead = lines[body_start]
    pre = outlet_prefix(lead.text)
    if pre:
        c.source = pre.outlet
        lead.strip = pre.length
    lead_prefix = lead.text[:pre.length].strip() if pre else None

    # 2. article zone
    state = "body"  # body | links (inside a soft link block) | tail (after a hard end)
    n_body = 0
    prev_blank = False
    for k, i in enumerate(range(body_start, len(lines))):
        ln = lines[i]
        s = ln.text.strip()
        if not s:
            prev_blank = True
            continue
        blank_before, prev_blank = prev_blank, False
        if state == "tail":
            continue
        stamp = parse_date_line(s)
        if stamp:
            ln.label = "dateline"
            c.published = c.published or stamp
            continue
        if _HARD_END.match(s) and n_body >= 1:
            state = "tail"
            continue
        if lead_prefix and i != body_start and s.startswith(lead_prefix):
            # a teaser of another story by the same outlet: its headline is the line above
            _unlabel_heading_above(lines, i)
            state = "tail" if n_body >= 2 else state
            continue
        if _LINK_LINE.match(s) or (_BULLET.match(s) and not _is_paragraph(s) and not _END_PUNCT.search(s)):
            continue  # related-link list item
        if _SOFT_START.match(s) and not _is_paragraph(s):
            state = "links"
            continue
        if _is_junk(s):
            continue
        if state == "links":
            if not _is_paragraph(s):
                continue
            state = "body"
        if n_body >= 3 and _next_is_end(lines, i):
            by = parse_byline(s)
            if by:
                _take_byline(c, ln, by)
                state = "tail"
                continue
        if _CAPTION.search(s) and _words(s) <= 40:
            ln.label = "caption"
            continue
        if blank_before and sparse_blanks and n_body >= 1 and _words(s) <= 40 and \
                len(_SENT_PUNCT.findall(s.rstrip(".… "))) == 0:
            ln.label = "caption"
            continue
        if n_body >= 1 and _is_heading(s) and _next_is_paragraph(lines, i):
            ln.label = "heading"
            continue
        if _is_paragraph(s) or (n_body >= 1 and _END_PUNCT.search(s) and _words(s) >= 4):
            ln.label = "body"
            n_body += 1
            continue
    return c


def _next_nonempty(lines: list[Line], i: int) -> Line | None:
    for j in range(i + 1, len(lines)):
        if lines[j].text.strip():
            return lines[j]
    return None


def _next_is_paragraph(lines: list[Line], i: int) -> bool:
    nxt = _next_nonempty(lines, i)
    return nxt is not None and _is_paragraph(nxt.text) and not _LINK_LINE.match(nxt.text)


def _next_is_end(lines: list[Line], i: int) -> bool:
    """The line is the last of the article: the page ends or leaves the article next."""
    nxt = _next_nonempty(lines, i)
    return nxt is None or not _is_paragraph(nxt.text) or bool(_HARD_END.match(nxt.text.strip()))


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
