"""Normalisation of Vietnamese text, with an offset map back to the original.

Verbatim text
-------------
Everything a reader sees (``Document.text``, titles, paragraphs, summary sentences,
quotes, figure contexts, claims, snippets) is the outlet's own characters after
``normalize`` only, which changes nothing a reader can see:

* Unicode NFC (decomposed input such as "Vie\\u0302\\u0323t" becomes "Việt");
* NBSP and the other Unicode space characters become " ";
* zero-width characters (U+200B..U+200D, U+2060, U+FEFF) and soft hyphens are removed;
* line endings "\\r\\n", "\\r", U+0085, U+2028 and U+2029 become "\\n".

Everything else (tone-mark placement, quotes, dashes, case, tabs) is kept as the outlet
wrote it: "Thanh Hoá", "Uỷ ban" and "thoả thuận" stay so. ``Normalized.offsets`` maps
every position of the normalised text to a position in the original, so spans found in
the stored text can be cited against the exact original characters.

Matching view
-------------
Tone placement and case folding are for matching, keys and search only:

* ``match_view(text)``: the same NFC text with every syllable's tone mark on its
  canonical vowel (below). In NFC, moving a tone mark between the vowels of a syllable
  keeps the string length, so ``match_view(t)`` has exactly ``len(t)`` characters and
  shares every offset with ``t``: match on the view, slice what is shown from ``t``
  (``t[m.start():m.end()]``), as :mod:`vnnews.facts` does with ``Doc.norm``;
* ``tone_canon(text)``: NFC, then ``match_view`` (for text not yet NFC);
* ``match_key(text)``: tone-canonical, case-folded, single spaces (names, dedup, clusters);
* ``fold(text)``: lower case without any diacritics (accent-insensitive search).

Tone placement (of the matching view)
-------------------------------------
Vietnamese has two styles of placing the tone mark in syllables with two vowels. We use
the *old* (classic) style, used by most Vietnamese news sites and by underthesea's text
normaliser: in the open syllables (no final consonant) with the vowel pairs **oa, oe,
uy**, the tone mark goes on the *first* vowel: "hòa", "khỏe", "thủy", "Hòa Lạc",
"Thành ủy" (the new style writes "hoà", "khoẻ", "thuỷ").
After the onsets "qu" and "gi" the "u"/"i" belongs to the onset, so "quý", "quả",
"giá" keep the mark on the following vowel. With a final consonant the mark is on the
last vowel in both styles ("hoàng", "toán", "huỳnh"), and "thuyền" has it on "ê".

The canonical position, applied to every syllable (with one tone mark) that parses as
onset + vowel cluster + final consonant, is:

1. the vowel cluster contains ă, â, ê, ô, ơ or ư: on the last of them
   ("người", "muốn", "thuế", "hoặc", "rượu");
2. otherwise a single vowel carries it;
3. otherwise, with a final consonant: on the last vowel ("toán", "hoàng", "uỳnh");
4. otherwise, three vowels: on the middle one ("ngoài", "khuỷu", "ngoẹo");
5. otherwise (two vowels, open syllable): on the first one ("của", "mía", "hòa", "thủy").

So besides the oa/oe/uy style, common misplacements are corrected as well: "ngừơi" →
"người", "đựơc" → "được", "hòang" → "hoàng", "qúa" → "quá", "gía" → "giá",
"caí" → "cái". Words that do not parse as one Vietnamese syllable (foreign words, names
such as "José", or words with two tone marks) are never changed.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "TONE_MARKS",
    "VOWELS",
    "Normalized",
    "normalize",
    "normalize_text",
    "to_original",
    "tone_canon",
    "match_view",
    "fold",
    "match_key",
    "is_syllable",
]

# ---------------------------------------------------------------------------
# Vietnamese letters
# ---------------------------------------------------------------------------

#: Combining tone marks, indexed by tone number (0 = ngang, no mark).
TONE_MARKS = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng
#: The twelve vowel letters (without tone).
VOWELS = "aăâeêioôơuưy"
_QUALITY_VOWELS = "ăâêôơư"


def _letter_tables() -> tuple[dict[str, tuple[str, int]], dict[tuple[str, int], str]]:
    split: dict[str, tuple[str, int]] = {}
    join: dict[tuple[str, int], str] = {}
    for base in VOWELS + VOWELS.upper():
        for tone, mark in enumerate(TONE_MARKS):
            letter = unicodedata.normalize("NFC", base + mark)
            split[letter] = (base, tone)
            join[base, tone] = letter
    return split, join


#: vowel letter (any case, any tone) -> (the same vowel without tone, tone number)
_SPLIT, _JOIN = _letter_tables()
#: every letter that can appear in a Vietnamese syllable (the 134 letters plus f j w z)
_ALPHABET = frozenset(_SPLIT) | frozenset("bcdđghklmnpqrstvxfjwzBCDĐGHKLMNPQRSTVXFJWZ")

_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"([aăâeêioôơuưy]+)"
    r"(ch|ng|nh|[cmnpt])?"
)
# Vowel clusters (after the onset) that take no final consonant ...
_OPEN_NUCLEI = frozenset(
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua uơ "
    "oai oay oao oeo uôi ươi ươu iêu yêu uya uyu uây".split()
)
# ... that need one ...
_CLOSED_NUCLEI = frozenset("ă â iê yê uô ươ oă uâ uyê oo".split())
# ... and that take either.
_FREE_NUCLEI = frozenset("a e ê i o ô ơ u ư y oa oe uê uy".split())
_NUCLEI = _OPEN_NUCLEI | _CLOSED_NUCLEI | _FREE_NUCLEI
_STOP_CODAS = frozenset(("c", "ch", "p", "t"))
_STOP_TONES = frozenset((0, 2, 5))  # ngang (loan words), sắc, nặng


@dataclass(frozen=True)
class _Syllable:
    start: int  # index of the first vowel of the cluster in the word
    nucleus: str  # toneless, lower-case vowel cluster
    coda: str
    tone: int
    tone_at: int  # index of the toned letter in the word (-1 when no tone)


@functools.lru_cache(maxsize=65536)
def _parse(word: str) -> _Syllable | None:
    """Parse one word as a Vietnamese syllable (case-insensitive); None if it is not one."""
    if not word or not all(ch in _ALPHABET for ch in word):
        return None
    plain = []
    tone, tone_at = 0, -1
    for i, ch in enumerate(word):
        split = _SPLIT.get(ch)
        if split is None:
            plain.append(ch.lower())
            continue
        base, t = split
        plain.append(base.lower())
        if t:
            if tone:
                return None  # two tone marks
            tone, tone_at = t, i
    m = _SYLLABLE.fullmatch("".join(plain))
    if m is None:
        return None
    onset, nucleus, coda = m.group(1) or "", m.group(2), m.group(3) or ""
    if nucleus not in _NUCLEI and onset in ("gi", "qu"):
        onset, nucleus = onset[0], onset[1] + nucleus  # "gì", "gìn": the i is the vowel
    if nucleus not in _NUCLEI:
        return None
    if (coda and nucleus in _OPEN_NUCLEI) or (not coda and nucleus in _CLOSED_NUCLEI):
        return None
    if coda in _STOP_CODAS and tone not in _STOP_TONES:
        return None
    return _Syllable(len(onset), nucleus, coda, tone, tone_at)


def _tone_position(nucleus: str, has_coda: bool) -> int:
    """Index in the vowel cluster that carries the tone mark (rules 1-5 of the module doc)."""
    quality = [i for i, ch in enumerate(nucleus) if ch in _QUALITY_VOWELS]
    if quality:
        return quality[-1]
    if len(nucleus) == 1:
        return 0
    if has_coda:
        return len(nucleus) - 1
    if len(nucleus) == 3:
        return 1
    return 0


def is_syllable(word: str) -> bool:
    """True if ``word`` (NFC) is one well-formed Vietnamese syllable.

    Checks onset + vowel cluster + final consonant, at most one tone mark, the tones
    allowed before c/ch/p/t, and the case pattern (lower, Title or UPPER). The tone
    mark may be on any vowel of the cluster.
    """
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    return _parse(word) is not None


@functools.lru_cache(maxsize=65536)
def _canon_word(word: str) -> str:
    """The word with its tone mark on the canonical vowel (unchanged if not a syllable)."""
    syl = _parse(word)
    if syl is None or not syl.tone:
        return word
    target = syl.start + _tone_position(syl.nucleus, bool(syl.coda))
    if target == syl.tone_at:
        return word
    chars = list(word)
    chars[syl.tone_at] = _JOIN[_SPLIT[word[syl.tone_at]][0], 0]
    chars[target] = _JOIN[_SPLIT[word[target]][0], syl.tone]
    return "".join(chars)


def _misplaced_pattern() -> re.Pattern[str]:
    """A toned vowel whose tone may not be where ``_tone_position`` puts it.

    Matches at the toned vowel. Every word that ``_canon_word`` changes has a match (the
    tests check all syllables); canonical words rarely have one, so clean text is
    scanned by this one regex, which only stops at toned vowels.
    """

    def cls(chars: Iterable[str]) -> str:
        return "[" + "".join(sorted(set(chars))) + "]"

    vowel = cls(_SPLIT)
    plain = cls("aeiouyAEIOUY")  # untoned, no vowel mark
    quality = cls(_QUALITY_VOWELS + _QUALITY_VOWELS.upper())  # untoned ă â ê ô ơ ư
    toned = cls(ch for ch, (_, tone) in _SPLIT.items() if tone)
    toned_plain = cls(ch for ch, (base, tone) in _SPLIT.items() if tone and base in "aeiouyAEIOUY")
    toned_u = cls(ch for ch, (base, tone) in _SPLIT.items() if tone and base in "uU")
    toned_i = cls(ch for ch, (base, tone) in _SPLIT.items() if tone and base in "iI")
    open_end = r"(?![^\W\d_])"
    # the vowel before the toned one is the "u" of an onset "qu" or the "i" of "gi"
    onset_vowel_before = r"(?:(?<=[qQ][uU].)|(?<=[gG][iI].)(?<![nN][gG][iI].))"
    branches = (
        f"(?={plain}*{quality})",  # before a vowel with a mark: "ngừơi", "múôn"
        f"(?<={quality}{toned_plain})",  # after one: "ngươì"
        f"(?<={quality}{plain}{toned_plain})",
        f"(?<={toned_plain})(?={plain}+[cmnptCMNPT])",  # not last before a coda: "hòang"
        # second of two vowels, open: "hoà", "caí" (not "quý", "giá")
        f"(?<={plain}{toned_plain})(?<!{vowel}..)(?!{onset_vowel_before}){open_end}",
        f"(?<={plain}{plain}{toned_plain})(?<!{vowel}...){open_end}",  # last of three
        f"(?<={toned_plain})(?<!{vowel}.)(?={plain}{plain}{open_end})",  # first of three
        f"(?<=[qQ]{toned_u})(?={vowel})",  # on the onset: "qúa"
        f"(?<=[gG]{toned_i})(?<![nN]..)(?={vowel})",  # "gía"
        # in a run of four vowels (an onset "qu"/"gi" and three vowels): "quóai"
        f"(?<={vowel}{vowel}{vowel}.)",
        f"(?<={vowel}{vowel}.)(?={vowel})",
        f"(?<={vowel}.)(?={vowel}{vowel})",
        f"(?={vowel}{vowel}{vowel})",
    )
    # Every branch needs a vowel next to the toned one; testing that first is faster.
    return re.compile(f"{toned}(?:(?<={vowel}.)|(?={vowel}))(?:{'|'.join(branches)})")


_MISPLACED = _misplaced_pattern()


def _canon_tones(text: str) -> str:
    """Canonical tone placement on NFC text; the result has the same length."""
    parts: list[str] = []
    pos = 0  # text[:pos] is done
    n = len(text)
    for m in _MISPLACED.finditer(text):
        start, end = m.start(), m.end()
        if start < pos:
            continue
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        while end < n and text[end].isalpha():
            end += 1
        # a combining mark right after the word could compose with a changed letter
        if end < n and unicodedata.combining(text[end]):
            continue
        word = text[start:end]
        canon = _canon_word(word)
        if canon != word:
            parts.append(text[pos:start])
            parts.append(canon)
            pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def tone_canon(text: str) -> str:
    """NFC with canonical tone placement (for matching); nothing else is changed."""
    return _canon_tones(unicodedata.normalize("NFC", text))


def match_view(text: str) -> str:
    """The matching view of NFC ``text``: canonical tone placement, same length and
    offsets as ``text`` (see the module doc). Never shown to a reader."""
    return _canon_tones(text)


# ---------------------------------------------------------------------------
# normalize with offsets
# ---------------------------------------------------------------------------

_ZERO_WIDTH = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_NEWLINES = "\u0085\u2028\u2029"
# one special character, or "\r\n" (a pattern starting with a character set scans fast)
_SPECIAL = re.compile(f"[\r{_NEWLINES}{_ZERO_WIDTH}{_SPACES}](?:(?<=\r)\n)?")

# Characters that never compose with, or reorder around, the character before them
# (canonical combining class 0 and never the second part of a canonical composition;
# checked by the tests). NFC can only change text around the other characters, so each
# run of other characters is normalised together with the one character before it.
_STABLE = (
    "\x00-\u02ff\u0370-\u0482\u048a-\u058f\u1e00-\u20cf\u2100-\u2cee"
    "\u3000-\u3029\u3030-\u3098\u309b-\u9fff\uac00-\ud7a3"
)
_UNSTABLE = re.compile(f"[^{_STABLE}]+")


@dataclass
class Normalized:
    """Normalised text and, for each of its positions, the position in the original.

    ``len(offsets) == len(text) + 1``; ``offsets[i]`` is the position in the original of
    the character normalised character ``i`` comes from (for characters NFC composed or
    reordered, e.g. "e" + U+0302 + U+0301 → "ế", the first of the group) and
    ``offsets[len(text)] == len(original)``; non-decreasing.
    """

    text: str
    offsets: list[int]


def _clean(text: str) -> tuple[str, list[int]]:
    """Line endings, spaces and zero-width characters, with offsets into ``text``."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        start = m.start()
        parts.append(text[pos:start])
        offsets.extend(range(pos, start))
        first = text[start]
        if first == "\r" or first in _NEWLINES:
            parts.append("\n")
            offsets.append(start)
        elif first not in _ZERO_WIDTH:
            parts.append(" ")
            offsets.append(start)
        pos = m.end()
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    return "".join(parts), offsets


def _nfc_group(group: str, start: int, parts: list[str], offsets: list[int]) -> None:
    """NFC of one composing group; its output characters all point to the group start."""
    nfc = unicodedata.normalize("NFC", group)
    parts.append(nfc)
    if nfc == group:
        offsets.extend(range(start, start + len(group)))
    else:  # composed and/or reordered: no finer correspondence exists
        offsets.extend([start] * len(nfc))


def _nfc_run(run: str, start: int, parts: list[str], offsets: list[int]) -> None:
    """NFC of a run that is not normalised, split into groups that compose independently."""
    chunks: list[tuple[int, int]] = []  # [begin, end) of each starter + its combining marks
    begin = 0
    for i in range(1, len(run)):
        if not unicodedata.combining(run[i]):
            chunks.append((begin, i))
            begin = i
    chunks.append((begin, len(run)))

    nfc = unicodedata.normalize
    g_begin, g_end = chunks[0]
    for c_begin, c_end in chunks[1:]:
        group, chunk = run[g_begin:g_end], run[c_begin:c_end]
        if nfc("NFC", group + chunk) == nfc("NFC", group) + nfc("NFC", chunk):
            _nfc_group(group, start + g_begin, parts, offsets)
            g_begin = c_begin
        g_end = c_end  # a composing chunk (e.g. Hangul jamo) joins the group
    _nfc_group(run[g_begin:g_end], start + g_begin, parts, offsets)


def _nfc(text: str) -> tuple[str, list[int]]:
    """NFC with, for each output character, its position in ``text``."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _UNSTABLE.finditer(text):
        start, end = max(m.start() - 1, 0), m.end()  # with the (stable) character before
        run = text[start:end]
        nfc = unicodedata.normalize("NFC", run)
        if nfc == run:
            continue  # stays in the stretch copied as is
        parts.append(text[pos:start])
        offsets.extend(range(pos, start))
        if len(nfc) == 1:  # the usual case: a letter and its marks compose into one
            parts.append(nfc)
            offsets.append(start)
        else:
            _nfc_run(run, start, parts, offsets)
        pos = end
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    expected = unicodedata.normalize("NFC", text)
    if "".join(parts) != expected:  # a composition across groups this splitting does not foresee
        offsets = []
        _nfc_group(text, 0, [], offsets)
    return expected, offsets


def normalize(text: str) -> Normalized:
    """Normalise ``text`` (see the module doc) and map every position back to it."""
    if _SPECIAL.search(text) is None and unicodedata.is_normalized("NFC", text):
        return Normalized(text, list(range(len(text) + 1)))
    cleaned, offsets = _clean(text)
    if not unicodedata.is_normalized("NFC", cleaned):
        cleaned, nfc_offsets = _nfc(cleaned)
        offsets = [offsets[i] for i in nfc_offsets]
    offsets.append(len(text))
    return Normalized(cleaned, offsets)


def normalize_text(text: str) -> str:
    """``normalize(text).text``."""
    return normalize(text).text


def to_original(norm: Normalized, start: int, end: int) -> tuple[int, int]:
    """The original span of the normalised span ``[start, end)``.

    The original span covers every original character that produced the normalised
    ones (e.g. a base letter and its combining marks, or "\\r\\n" for "\\n"); removed
    characters (zero-width, soft hyphen) right after the span are included.
    """
    n = len(norm.text)
    if not 0 <= start <= end <= n:
        raise ValueError(f"span [{start}, {end}) outside normalised text of length {n}")
    return norm.offsets[start], norm.offsets[end]


# ---------------------------------------------------------------------------
# keys for matching and search
# ---------------------------------------------------------------------------

_DIACRITICS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_D_STROKE = str.maketrans("đĐ", "dD")


def fold(text: str) -> str:
    """Lower-case, without diacritics, đ → d: "Vương Đình Huệ" → "vuong dinh hue"."""
    bare = _DIACRITICS.sub("", unicodedata.normalize("NFD", text.lower()))
    return unicodedata.normalize("NFC", bare.translate(_D_STROKE))


def match_key(text: str) -> str:
    """Key for comparing names: normalised, tone-canonical, case-folded, single spaces.

    "Bộ Công thương" and "Bộ Công Thương", "Thành uỷ" and "Thành ủy" get the same key.
    """
    return " ".join(tone_canon(normalize_text(text).casefold()).split())
