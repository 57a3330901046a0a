"""Sentence splitting with character offsets, and what is not a body sentence.

The one sentence splitter of vnnews: the card's sentences, the summary's and the facts'
(:mod:`vnnews.facts.doc`) are these spans. underthesea's ``sent_tokenize`` (lazy import)
splits each paragraph; its sentences are located back in the paragraph so every sentence
keeps exact offsets into the text, then mended (:func:`_split_inner`,
:func:`_merge_fragments`): a sentence mark it left inside a piece before a capital
("… 100 km/h. Lực lượng", "… làm gì?\" Mặc dù") ends a sentence unless it follows an
abbreviation or an initial ("TP. Hồ Chí Minh", "No. 1", "Nh. Thạch"); a quotation of
several sentences is several sentences; an ellipsis before lower case ends none.

Pages flattened to one line (as in VMDS) glue page furniture to the sentences; each
sentence is then separated (:func:`separate`) into pieces of their own kind:

* ``teaser``   a line of links to other stories (">> Pháp, Mexico giận dữ …");
* ``caption``  a photo credit with the caption before it ("… (Ảnh: Reuters)",
  "… - Ảnh: AFP") glued before a sentence;
* ``dateline`` the outlet's stamp before an article's first sentence ("(Tổ Quốc) - ");
* ``byline``   a credit line ("Theo NGUYÊN TRANG (Nhân dân).");
* ``heading``  in a page flattened to one paragraph, a headline glued before its first sentence
  ("Phiên chiều: Cố giữ mốc 500 | Dường như …"): the sentence goes on with a
  capitalised word the same article writes in lower case elsewhere (a word capitalised
  only because a sentence starts there, not a name), the run before it has no
  sentence mark and at most ``max_heading`` syllables (settings section ``sentences``), no comma.

Only ``body`` sentences are summarised.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import Document, Paragraph, Sentence
from .optional import optional
from ..settings import DEFAULT, SentencesSettings

_TEASER = re.compile(r"^\s*(?:>>|»|>)\s*\S")
_CREDIT_BEFORE = re.compile(
    r"\((?:Ảnh|Nguồn)\b[^)]*\)\s+"
    r"|\bẢnh\s*:\s*(?:[A-ZĐ0-9][A-ZĐ0-9./&-]+|Reuters|Internet|Getty Images|Xinhua|Bloomberg)\s+"
)
_DATELINE = re.compile(
    r"^(?:\([^()]{1,30}\)\s*[-–—:]|[A-ZĐ][\w.&]*(?:\s[A-ZĐ][\w.&]*){0,2}\s[-–—]|[A-ZĐ]{2,}[\w.&]*:)\s+"
)
_BYLINE = re.compile(r"^(?:Theo|Nguồn)\s[^,]*$")
_TOKEN = re.compile(r"\S+")
_LINE = re.compile(r"[^\n]+")
_CLOSING_QUOTES = "”’»\""
_CLOSERS = re.compile(r"[”’»)\]\"]+")
_BLANKS = re.compile(r"\s*")
# a sentence mark the tokenizer may leave inside a piece ("… 100 km/h. Lực lượng …",
# "… tốt hơn.” Nhận định …"): ! ? … or a full stop, with closing quotes or brackets
_INNER_END = re.compile(r"(?:[.!?]*[!?]|…+|\.+)[”’»\")\]]*(?=\s)")
# what a full stop follows without ending a sentence: a title or place abbreviation
# ("TP. Hồ Chí Minh", "TS. Nguyễn"), an initial ("Nh. Thạch", "Q. Thủ Đức", "T.V.")
_NO_BREAK = frozenset("TP Tp tp TS GS PGS ThS Ths BS St Mr Mrs Dr No v.v PGS.TS GS.TS "
                      "Ch Gh Gi Kh Ng Nh Ph Qu Th Tr CH GH GI KH NG NH PH QU TH TR".split())
_END_MARK = re.compile(r"[.!?…:;,\"”’)\]]$")
# Words that open a multi-word name ("Bộ Giáo dục", "Hội Nghề cá", "Cố Thủ tướng"): no
# headline ends on them.
_NAME_HEADS = frozenset("Bộ Cục Hội Tổng Sở Ban Viện Vụ Phòng Ủy Đảng Nhà Công Tập Quỹ Trường Trung Cố Cựu "
                        "Nguyên Phó Thứ Chủ Hãng Tòa Báo Đài Liên Học Khu Thành Tỉnh Quận Huyện Xã "
                        "Phường Việt Mùa Ngày Bảng".split())
_FALLBACK = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]*[A-ZĐÀ-Ỹ0-9])")


@lru_cache(maxsize=1)
def _sent_tokenize():
    """underthesea's ``sent_tokenize``. Its module (plain Python, no imports of the
    package) is loaded from its own file when it is there: importing the package also
    loads its taggers (numpy, joblib, CRF models: about 0.5 s a process) that vnnews never
    uses. The same function either way; the package import is the fallback."""
    import sys

    if "underthesea" not in sys.modules:
        try:
            import importlib.util
            import os

            spec = importlib.util.find_spec("underthesea")  # locates, does not import
            path = os.path.join(spec.submodule_search_locations[0], "pipeline", "sent_tokenize", "__init__.py")
            own = importlib.util.spec_from_file_location("vnnews._underthesea_sent_tokenize", path)
            module = importlib.util.module_from_spec(own)
            own.loader.exec_module(module)
            return module.sent_tokenize
        except Exception:  # another layout: the package's own import below
            pass
    return optional("underthesea", "sent_tokenize")  # a core dependency; None: the regex


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the sentences of one paragraph (no surrounding spaces)."""
    if not text.strip():
        return []
    tok = _sent_tokenize()  # a core dependency; the regex without it
    pieces = tok(text) if tok is not None else _FALLBACK.split(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        i = text.find(piece, pos)
        if i < 0:  # the tokenizer changed the text: fall back to the regex on the rest
            return spans + [(pos + a, pos + b) for a, b in _regex_spans(text[pos:])]
        spans.append((i, i + len(piece)))
        pos = i + len(piece)
    return _merge_fragments(text, _split_inner(text, spans))


def _starts_sentence(text: str, i: int) -> bool:
    """A sentence can start at ``i``: opening quotes or brackets, then a capital or a digit."""
    while i < len(text) and text[i] in "\"“‘«(":
        i += 1
    return i < len(text) and (text[i].isupper() or text[i].isdigit())


def _abbreviation(before: str) -> bool:
    """The word before a full stop is an abbreviation or an initial (``_NO_BREAK``)."""
    words = before.split()
    w = words[-1].lstrip("(\"“‘«[") if words else ""
    return not w or w in _NO_BREAK or "." in w or (len(w) == 1 and w.isupper())


def _split_inner(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces cut again after a sentence mark the tokenizer did not split at
    (``_INNER_END``) where a sentence starts after it ("… tốt hơn.” Nhận định …",
    "… Katy Perry… Mỹ Tâm …")."""
    out = []
    for a, b in spans:
        for m in _INNER_END.finditer(text, a, b):
            if m.group().startswith(".") and not m.group().startswith("..") and \
                    _abbreviation(text[max(a, m.start() - 12):m.start()]):
                continue
            nxt = _BLANKS.match(text, m.end(), b).end()
            if nxt < b and _starts_sentence(text, nxt) and (text[m.end() - 1] != '"' or
                                                            text.count('"', 0, m.end()) % 2 == 0):
                out.append((a, m.end()))
                a = nxt
        out.append((a, b))
    return out


def _merge_fragments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Mend the tokenizer's pieces: closing quotes or brackets it put at the head of a
    piece go back to the sentence they close (the piece after them is a sentence of its
    own when it starts like one); a piece that cannot start a sentence (lower case,
    ",;:" or, right after a closing quote, a dash attribution "” - ông A nói") is glued
    onto the previous sentence, as is one after an abbreviation or an initial ("No. 1",
    "Nh. Thạch")."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out:
            pa, pb = out[-1]
            closers = _CLOSERS.match(text, a, b)
            if closers:
                rest = _BLANKS.match(text, closers.end(), b).end()
                if text[a] == '"' and text.count('"', 0, a) % 2 == 0:
                    out.append((a, b))  # an opening quote: the piece starts a sentence
                    continue
                if rest < b and _starts_sentence(text, rest):
                    out[-1] = (pa, closers.end())
                    out.append((rest, b))
                    continue
                out[-1] = (pa, b)
                continue
            head = text[a]
            if head.islower() or head in ",;:" or (head in "-–—" and text[pb - 1] in _CLOSING_QUOTES) or (
                    text.endswith(".", pa, pb) and not text.endswith("..", pa, pb)
                    and _abbreviation(text[max(pa, pb - 13):pb - 1])):
                out[-1] = (pa, b)
                continue
        out.append((a, b))
    return out


def _regex_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _FALLBACK.finditer(text):
        if text[pos:m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text.rstrip())))
    return out


def _glued_heading(text: str, lower: str, settings: SentencesSettings = DEFAULT.sentences) -> int:
    """Where the sentence starts after a headline glued before it, else 0: at a
    capitalised word whose pair with the next word the article (``lower``) also writes
    in lower case, after a capitalised word or a number without a sentence mark that
    does not precede it anywhere else in the article (not one name) and opens no
    multi-word name (``_NAME_HEADS``), with no comma in the headline."""
    toks = list(_TOKEN.finditer(text))
    if any("," in t.group(0) for t in toks[:settings.min_heading]):
        return 0
    for i in range(settings.min_heading, min(len(toks) - 1, settings.max_heading + 1)):
        word, nxt, prev = toks[i].group(0), toks[i + 1].group(0), toks[i - 1].group(0)
        if "," in prev:
            return 0
        if (_END_MARK.search(prev) or not (prev[:1].isupper() or prev[:1].isdigit()) or prev in _NAME_HEADS
                or word in _NAME_HEADS or not word[:1].isupper() or not word.isalpha() or word.isupper() or not nxt[:1].islower()):
            continue
        if f" {word.lower()} {nxt} " in lower and lower.count(f" {prev} {word} ") <= 1:
            return toks[i].start()
    return 0


def separate(text: str, first: bool, paragraph_start: bool, lower: str,
             settings: SentencesSettings = DEFAULT.sentences) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` pieces of one sentence of a body paragraph: the glued
    furniture (see the module docstring) and the body sentence, in order."""
    if _TEASER.match(text):
        return [(0, len(text), "teaser")]
    if _BYLINE.match(text.strip()) and len(text.split()) <= settings.max_byline:
        return [(0, len(text), "byline")]
    pieces: list[tuple[int, int, str]] = []
    cut = 0
    for m in _CREDIT_BEFORE.finditer(text):
        if text[m.end():m.end() + 1].isupper() or text[m.end():m.end() + 1] in "“\"":
            cut = m.end()
    if cut:
        pieces.append((0, len(text[:cut].rstrip()), "caption"))
    elif first:
        m = _DATELINE.match(text)
        if m and (text[m.end():m.end() + 1].isupper() or text[m.end():m.end() + 1] in "“\""):
            cut = m.end()
            pieces.append((0, len(text[:cut].rstrip()), "dateline"))
    if not cut and paragraph_start:
        cut = _glued_heading(text, lower, settings)
        if cut:
            pieces.append((0, len(text[:cut].rstrip()), "heading"))
    pieces.append((cut, len(text), "body"))
    return pieces


def split_sentences(doc: Document, settings: SentencesSettings = DEFAULT.sentences) -> Document:
    """Fill ``doc.sentences`` from ``doc.paragraphs``: a heading or caption paragraph is
    one unit of its kind; a body paragraph is split into sentences, each separated
    from the page furniture glued to it (:func:`separate`)."""
    paras = doc.paragraphs or [Paragraph(doc.text, 0, len(doc.text))]
    sents: list[Sentence] = []
    lower = " " + " ".join(doc.text.split()) + " "
    flattened = len(paras) == 1  # a page flattened to one line: headlines may be glued
    for pi, p in enumerate(paras):
        ptext = doc.text[p.start:p.end]
        if p.kind != "body":  # headings and captions are one unit each
            sents.append(Sentence(ptext.strip(), p.start, p.start + len(ptext.rstrip()), pi, p.kind))
            continue
        for k, (a, b) in enumerate(sentence_spans(ptext)):
            first = not any(s.kind == "body" for s in sents)
            for x, y, kind in separate(ptext[a:b], first, k == 0 and flattened, lower, settings):
                if ptext[a + x:a + y].strip():
                    sents.append(Sentence(ptext[a + x:a + y], p.start + a + x, p.start + a + y, pi, kind))
    doc.sentences = sents
    return doc


def line_paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of each non-blank line of ``text``, blanks at either end left out:
    the paragraphs of a stored text (the extractor joins them with blank lines)."""
    spans = []
    for m in _LINE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def text_sentences(text: str) -> list[Sentence]:
    """:func:`split_sentences` of a text given alone, its lines as body paragraphs:
    the sentences the pipeline gives a stored text of that form."""
    paras = [Paragraph(text[s:e], s, e) for s, e in line_paragraphs(text)]
    if not paras:
        return []
    return split_sentences(Document("", text=text, paragraphs=paras)).sentences
