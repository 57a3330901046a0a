"""Extraction step: a read Document becomes an article with clean, normalised text.

HTML goes through trafilatura first; then every text goes through normalisation
(NFC and blanks only: the outlet's characters are kept verbatim, tone placement
included, see :mod:`vnnews.normalize`; with an offset map) and the plain-text line cleaner, which
labels lines as body, heading, caption, byline or boilerplate and recovers title,
outlet, publication date and author from the page text.

``Document.text`` is the article: its body, heading and caption lines joined by a
blank line. ``Document.offset_map`` maps offsets of ``text`` to offsets of
``raw_text`` (as compressed runs, see ``to_raw``).

Metadata, first found wins: what came with the input (JSONL fields); for HTML, the
page's own metadata (see ``html.py``; when trafilatura found no article in the page, the
title and date stamp the cleaner finds in the page's lines come first); then what the
cleaner finds in the text: headline, date stamp, byline, the outlet credited in the lead
("(Dân trí) -", "DNTH:"; also kept as ``meta["credited_outlet"]``) and the original
outlet of a republished article ("Theo NGUYÊN TRANG (Nhân dân)" -> ``original_source``).
"""
from __future__ import annotations

import bisect
import unicodedata

from ..model import Document, Paragraph
from ..normalize import normalize
from ..pipeline import Rejected
from ..settings import DEFAULT, ExtractSettings
from .text import ARTICLE_KINDS, label_lines

def extract(doc: Document, max_chars: int | None = None, settings: ExtractSettings | None = None) -> Document:
    """``max_chars``: a page's extracted text longer than this is cut (``meta["_cut"]``
    set; the pipeline reports it as a note). ``settings``: section ``extract`` of the
    run's Settings (default: the shipped one)."""
    settings = settings or DEFAULT.extract
    art = None
    if doc.html is not None and not doc.raw_text:
        from .html import extract_html

        art = extract_html(doc.html, doc.url, settings)
        doc.raw_text = art.text
        if max_chars is not None and len(doc.raw_text) > max_chars:
            doc.raw_text = doc.raw_text[:max_chars]
            doc.meta["_cut"] = True
        doc.source = doc.source or art.sitename
        doc.url = doc.url or art.url
        doc.tags = doc.tags or art.tags
    raw = doc.raw_text
    if not raw.strip():
        raise Rejected("empty text")
    norm = normalize(raw)
    page = label_lines(norm.text)
    pieces: list[tuple[int, int]] = []  # spans of norm.text that make the article text
    paragraphs: list[Paragraph] = []
    pos = 0
    for ln in page.lines:
        if ln.label not in ARTICLE_KINDS:
            if ln.text.strip() and ln.label == "boiler":
                doc.boilerplate.append(ln.text.strip())
            continue
        a = ln.start + ln.strip
        a += len(norm.text[a:ln.end]) - len(norm.text[a:ln.end].lstrip())
        b = ln.start + len(norm.text[ln.start:ln.end].rstrip())
        if b <= a:
            continue
        if paragraphs:
            pos += 2  # "\n\n"
        paragraphs.append(Paragraph(norm.text[a:b], pos, pos + (b - a), ln.label))
        pieces.append((a, b))
        pos += b - a
    text = "\n\n".join(p.text for p in paragraphs)
    if len(text.split()) < settings.min_words:
        raise Rejected("no article text", "fewer than %d words after cleaning" % settings.min_words)
    doc.text = text
    doc.paragraphs = paragraphs
    doc.offset_map = _runs(pieces, norm.offsets)
    if art is not None:
        if art.fallback:
            # trafilatura found no article in the page: the title and date stamp the
            # cleaner found in the page's own lines beat trafilatura's guesses
            if page.title and art.page_title and page.title in art.page_title:
                doc.title = doc.title or page.title
            doc.published = doc.published or page.published
        doc.title = doc.title or art.title
        doc.author = doc.author or art.author
        doc.original_source = doc.original_source or page.original_source or art.original_source
        doc.published = doc.published or art.date
    doc.title = doc.title or page.title
    doc.published = doc.published or page.published
    doc.author = doc.author or page.author
    if page.source:
        doc.meta["credited_outlet"] = page.source
    doc.source = doc.source or page.source
    doc.original_source = doc.original_source or page.original_source
    if doc.title:
        doc.title = normalize(" ".join(doc.title.split())).text
    return doc


def _runs(pieces: list[tuple[int, int]], offsets: list[int]) -> list[list[int]]:
    """Compress the text -> raw offset map to runs [text_pos, raw_pos]: within a run,
    raw = raw_pos + (t - text_pos)."""
    runs: list[list[int]] = []
    t = 0
    for a, b in pieces:
        if runs:
            t += 2
        stack = [(a, b)]  # split a piece until each part maps to consecutive raw offsets
        while stack:
            lo, hi = stack.pop()
            r = offsets[lo]
            if offsets[lo:hi] == list(range(r, r + hi - lo)):
                if not runs or runs[-1][1] + (t - runs[-1][0]) != r:
                    runs.append([t, r])
                t += hi - lo
            else:
                mid = (lo + hi) // 2
                stack += [(mid, hi), (lo, mid)]  # left half first
    return runs


def to_raw(doc: Document, start: int, end: int) -> tuple[int, int]:
    """Map a [start, end) span of ``doc.text`` back to ``doc.raw_text``."""
    runs = doc.offset_map
    if not runs:
        return start, end

    def one(t: int) -> int:
        i = max(0, bisect.bisect_right([r[0] for r in runs], t) - 1)
        return runs[i][1] + (t - runs[i][0])

    a = one(start)
    if end <= start:
        return a, a
    b = one(end - 1) + 1
    raw = doc.raw_text
    while b < len(raw) and unicodedata.combining(raw[b]):  # keep NFD marks of the last letter
        b += 1
    return a, b
