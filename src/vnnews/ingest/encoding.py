"""Decoding of text files: BOMs, UTF-8/16/32 and the legacy Vietnamese encodings.

``decode_bytes`` finds the encoding of a file and returns its text in Unicode NFC.
Detection order:

1. a byte-order mark: UTF-32 LE/BE, UTF-8, UTF-16 LE/BE (the mark is dropped);
2. UTF-16 without a BOM, when every other byte is NUL (Windows "Unicode" files);
3. strict UTF-8 (so plain ASCII is UTF-8);
4. the legacy single-byte Vietnamese encodings, decided on the first 64 KB: the
   candidate whose text reads most like Vietnamese wins.

Legacy encodings (names as returned and as accepted by ``encode_legacy`` /
``decode_legacy``):

``cp1258``
    Windows-1258. Vietnamese keyboards write the tone as a combining mark after the
    letter ("a" + 0xCC for "à"), which NFC composes; ``encode_legacy`` writes that form.
``tcvn3``
    TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts: ASCII, the 7 capitals
    Ă Â Ê Ô Ơ Ư Đ and all lower-case letters. It has no capitals with tone marks
    (documents used a second font, .VnTimeH, drawing the lower-case codes as capitals).
    Decoding also accepts the rest of the upper half of VN1, the full level of the
    standard (toned capitals at 0x80-0x9F etc., NBSP at 0xA0, combining tone marks at
    0xB0-0xB4), as written by glibc iconv ("TCVN5712-1"); encoding writes VN3 only.
``vni``
    VNI-Windows, the encoding of the VNI-Times fonts: a base letter followed by a mark
    byte ("caùc" = "các", "Vieät" = "Việt"); ơ ư đ, the toned i and ỵ are single bytes.
``viscii``
    VISCII (RFC 1456): all 134 letters as single bytes, six capitals in the C0 range.

The legacy encodings carry ASCII and the Vietnamese letters only: no curly quotes,
dashes or ellipsis (cp1258 has those, as in Windows-1252).
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from ..normalize import TONE_MARKS, VOWELS, is_syllable
from ..pipeline import Rejected
from ..settings import DEFAULT, EncodingSettings

__all__ = ["decode_bytes", "decode_legacy", "encode_legacy", "LEGACY_ENCODINGS"]

LEGACY_ENCODINGS = ("cp1258", "tcvn3", "vni", "viscii")

# ---------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------

_UNDEFINED = "\ufffe"  # marks an unassigned byte in a charmap decoding table
_ASCII = "".join(map(chr, range(128)))

# TCVN 5712:1993, bytes 0x80-0xFF of VN1. VN3 is ASCII, 0xA1-0xAE and the lower-case
# letters; the other bytes are VN1 only (decoded all the same, never written).
_TCVN_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨ"  # 0x80 (VN1 only)
    "ÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x90 (VN1 only)
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # 0xA0 (0xA0 and 0xAF VN1 only)
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xB0 (0xB0-0xB4, 0xBA, 0xBF VN1 only)
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"  # 0xC0
    "éẹềểễếệìỉỄẾỒĩíịò"  # 0xD0
    "Ổỏõóọồổỗốộờởỡớợù"  # 0xE0
    "ỖủũúụừửữứựỳỷỹýỵỐ"  # 0xF0
)
# The letters of VN3: no capital carries a tone mark (Ă Â Ê Ô Ơ Ư Đ have none).
_TCVN3_LETTERS = frozenset(
    ch for ch in _TCVN_HIGH if ch.isalpha() and (ch.islower() or ch in "ĂÂÊÔƠƯĐ")
)
_TCVN3_DECODE = _ASCII + _TCVN_HIGH
_TCVN3_ENCODE = codecs.charmap_build(
    _ASCII + "".join(ch if ch in _TCVN3_LETTERS else _UNDEFINED for ch in _TCVN_HIGH)
)

# VISCII (RFC 1456): six capitals replace C0 controls, the upper half is all letters.
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_DECODE = "".join(_VISCII_C0.get(b, chr(b)) for b in range(128)) + (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)
_VISCII_ENCODE = codecs.charmap_build(_VISCII_DECODE)

# VNI-Windows: mark bytes (lower-case form, upper-case form) after a base letter.
_BREVE, _CIRCUMFLEX = "\u0306", "\u0302"
_VNI_MARKS = {
    # (vowel mark, tone number): (byte after a lower-case letter, after an upper-case one)
    ("", 2): ("ù", "Ù"), ("", 1): ("ø", "Ø"), ("", 4): ("û", "Û"),
    ("", 3): ("õ", "Õ"), ("", 5): ("ï", "Ï"),
    (_CIRCUMFLEX, 0): ("â", "Â"), (_CIRCUMFLEX, 2): ("á", "Á"), (_CIRCUMFLEX, 1): ("à", "À"),
    (_CIRCUMFLEX, 4): ("å", "Å"), (_CIRCUMFLEX, 3): ("ã", "Ã"), (_CIRCUMFLEX, 5): ("ä", "Ä"),
    (_BREVE, 0): ("ê", "Ê"), (_BREVE, 2): ("é", "É"), (_BREVE, 1): ("è", "È"),
    (_BREVE, 4): ("ú", "Ú"), (_BREVE, 3): ("ü", "Ü"), (_BREVE, 5): ("ë", "Ë"),
}
# base letter in VNI (lower case) -> (Unicode base, vowel marks it takes)
_VNI_BASES = {
    "a": ("a", ("", _CIRCUMFLEX, _BREVE)),
    "e": ("e", ("", _CIRCUMFLEX)),
    "o": ("o", ("", _CIRCUMFLEX)),
    "u": ("u", ("",)),
    "y": ("y", ("",)),
    "ô": ("ơ", ("",)),  # 0xF4
    "ö": ("ư", ("",)),  # 0xF6
}
# letters written as one byte: ơ ư đ and the toned i, ỵ
_VNI_SINGLES = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "î": "ỵ",
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(VNI byte string -> letter for decoding, letter -> VNI bytes for encoding)."""
    decode: dict[str, str] = {}
    encode: dict[str, str] = {}
    for vni_base, (base, vowel_marks) in _VNI_BASES.items():
        for (vowel_mark, tone), (mark_lower, mark_upper) in _VNI_MARKS.items():
            if vowel_mark not in vowel_marks:
                continue
            letter = unicodedata.normalize("NFC", base + vowel_mark + TONE_MARKS[tone])
            for vni_b, ch in ((vni_base, letter), (vni_base.upper(), letter.upper())):
                # either form of the mark is accepted; the matching case is written
                for mark in (mark_lower, mark_upper):
                    decode[vni_b + mark] = ch
                encode[ch] = vni_b + (mark_lower if ch.islower() else mark_upper)
    for vni_lower, letter in _VNI_SINGLES.items():
        for vni, ch in ((vni_lower, letter), (vni_lower.upper(), letter.upper())):
            decode[vni] = ch
            encode[ch] = vni  # ỵ is written "î", not "y" + the dot below
    return decode, encode


_VNI_DECODE, _VNI_ENCODE = _vni_tables()
_VNI_ENCODE_TABLE = str.maketrans(_VNI_ENCODE)


def _vni_token() -> re.Pattern[str]:
    """A base letter followed by a mark byte it takes, or any other byte above ASCII."""
    marks_after: dict[str, str] = {}
    for pair in _VNI_DECODE:
        if len(pair) == 2:
            marks_after[pair[0]] = marks_after.get(pair[0], "") + pair[1]
    pairs = "|".join(f"{re.escape(base)}[{marks}]" for base, marks in marks_after.items())
    return re.compile(f"{pairs}|[\x80-\xff]")


_VNI_TOKEN = _vni_token()

# Windows-1258 keyboards write every toned vowel as the vowel and a combining tone mark.
_TONE_SPLIT = {
    unicodedata.normalize("NFC", vowel + mark): vowel + mark
    for vowel in VOWELS + VOWELS.upper()
    for mark in TONE_MARKS[1:]
}
_CP1258_SPLIT = str.maketrans(_TONE_SPLIT)

# the 134 letters with diacritics, and the plain vowels
_VIETNAMESE_LETTERS = frozenset(_TONE_SPLIT) | frozenset(VOWELS + VOWELS.upper() + "đĐ")
_VNI_ENCODABLE = frozenset(_ASCII) | _VIETNAMESE_LETTERS


def encode_legacy(text: str, encoding: str) -> bytes:
    """Encode ``text`` (any normalisation form) in a legacy Vietnamese encoding.

    ``encoding`` is one of ``"tcvn3"``, ``"vni"``, ``"viscii"``, ``"cp1258"``. Raises
    ``ValueError`` (a ``UnicodeEncodeError``) for a character the encoding cannot carry,
    e.g. a curly quote, or a capital with a tone mark in TCVN3.
    """
    text = unicodedata.normalize("NFC", text)
    if encoding == "cp1258":
        return text.translate(_CP1258_SPLIT).encode("cp1258")
    if encoding == "tcvn3":
        return codecs.charmap_encode(text, "strict", _TCVN3_ENCODE)[0]
    if encoding == "viscii":
        return codecs.charmap_encode(text, "strict", _VISCII_ENCODE)[0]
    if encoding == "vni":
        for pos, ch in enumerate(text):
            if ch not in _VNI_ENCODABLE:
                raise UnicodeEncodeError("vni", text, pos, pos + 1, "character not in VNI")
        return text.translate(_VNI_ENCODE_TABLE).encode("latin-1")
    raise ValueError(f"unknown legacy encoding {encoding!r}; known: {LEGACY_ENCODINGS}")


def decode_legacy(data: bytes, encoding: str, errors: str = "strict") -> str:
    """Decode bytes in a legacy Vietnamese encoding to NFC text.

    ``errors`` is ``"strict"`` (raise ``ValueError``, a ``UnicodeDecodeError``, on a byte
    the encoding does not define) or ``"replace"`` (U+FFFD instead).
    """
    if errors not in ("strict", "replace"):
        raise ValueError(f"errors must be 'strict' or 'replace', not {errors!r}")
    if encoding == "cp1258":
        text = data.decode("cp1258", errors)
    elif encoding == "tcvn3":
        text = codecs.charmap_decode(data, errors, _TCVN3_DECODE)[0]
    elif encoding == "viscii":
        text = codecs.charmap_decode(data, errors, _VISCII_DECODE)[0]
    elif encoding == "vni":
        text = _decode_vni(bytes(data), errors)
    else:
        raise ValueError(f"unknown legacy encoding {encoding!r}; known: {LEGACY_ENCODINGS}")
    return unicodedata.normalize("NFC", text)


def _decode_vni(data: bytes, errors: str) -> str:
    latin = data.decode("latin-1")  # one character per byte; ASCII is itself
    if latin.isascii():
        return latin

    def letter(m: re.Match[str]) -> str:
        ch = _VNI_DECODE.get(m.group())
        if ch is not None:
            return ch
        if errors == "strict":
            raise UnicodeDecodeError("vni", data, m.start(), m.end(), "byte not defined in VNI")
        return "\ufffd"

    return _VNI_TOKEN.sub(letter, latin)


# ---------------------------------------------------------------------------
# detection
# ---------------------------------------------------------------------------

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than \t \n \f \r (and other than the VISCII capitals), and DEL
_CONTROL_BYTES = bytes(
    b for b in [*range(32), 127] if b not in (9, 10, 12, 13) and b not in _VISCII_C0
)
# (the shares and the sample size: settings section ``encoding``)

_BAD_CATEGORIES = frozenset(("Cc", "Cn", "Co", "Cs"))
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_VISIBLE = re.compile("[^\\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")
_WORD = re.compile(r"[^\W\d_]+")
# What a wrong legacy decoding produces: controls, U+FFFD, Latin-1 symbols that news
# text does not use, stray combining marks (after NFC).
_NOISE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\u00a1-\u00a6\u00a8\u00aa\u00ac\u00af"
    "\u00b2-\u00b6\u00b8-\u00ba\u00bc-\u00bf\u02c6\u02dc\u0300-\u036f]"
)
# A Latin-1 symbol glued to a letter: "§éng ®Êt" is TCVN3 "Động đất" read as cp1258.
# (° is left out: "30°C".)
_GLUED_SYMBOL = re.compile(
    "(?<=[^\\W\\d_])[\u00a1-\u00af\u00b1-\u00bf\u00d7\u00f7]"
    "|[\u00a1-\u00af\u00b1-\u00bf\u00d7\u00f7](?=[^\\W\\d_])"
)
# The 200 most frequent syllables with diacritics in Vietnamese news (about 60 % of them).
_COMMON_WORDS = frozenset(
    """
    và của các có là được với đã một không công người đồng những này quốc về tại để hiện
    năm chính việc việt từ cũng đó nước ở nhân đến sẽ trên như thể nhiều hội bộ ông số định
    sự ngày nhà thành đầu động vào học phải giá trường cơ bị lại đại thông chỉ làm tế nhất
    phát dân hàng trước viên hợp trình điều thực hơn chức báo biết thời còn đối tăng vụ chủ
    hành mới cùng ảnh thủ thế nhưng đề phương lý tiếp đang hình tôi mỹ dự nghiệp sách cuộc
    độ đây thì rất lượng tháng mà nhận tư lực giải tổ tập cả tổng cấp lên sản nội kết pháp
    dụng văn tác điểm tỷ sĩ tình vì hóa tới nói nguyễn liên bình vị vẫn mình xuất tài giảm
    biểu hà bảo đạo tâm giới diễn cầu bản đội năng rằng trưởng phần sở đi triệu máy lớn bằng
    thứ hệ nghị đấu ý mức hoạt ngân quyết đoàn tạo triển toàn sáng phòng khác phủ thị sử nên
    chưa chương thống trợ ngoài mạnh chiến chúng nhiệm tướng nguyên cần cách đổi kiến phạm
    tiền thức trọng lần
    """.split()
)


def decode_bytes(data: bytes, name: str = "", settings: EncodingSettings | None = None) -> tuple[str, str]:
    """Decode a text file of unknown encoding; returns ``(NFC text, encoding name)``.

    The name is ``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``utf-32-le``,
    ``utf-32-be`` or one of ``LEGACY_ENCODINGS``; a BOM is not part of the text.
    Raises ``Rejected`` ("empty file", "binary content", "not text in a known
    encoding") and nothing else. ``name`` (e.g. the path) only goes into the details.
    ``settings``: section ``encoding`` of the run's Settings (default: the shipped one).
    """
    data = bytes(data)
    label = f"{name}: " if name else ""
    text, encoding = _detect(data, label, settings or DEFAULT.encoding)
    if _VISIBLE.search(text) is None:
        raise Rejected("empty file", f"{label}{len(data)} bytes, no visible character")
    return unicodedata.normalize("NFC", text), encoding


def _detect(data: bytes, label: str, cfg: EncodingSettings) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_unicode(data[len(bom) :], encoding, label, cfg), encoding
    sample = data[:cfg.sample_bytes]
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return _decode_unicode(data, utf16, label, cfg), utf16
    if b"\x00" in data:
        raise Rejected("binary content", f"{label}NUL bytes")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > cfg.max_control_share * len(sample):
        detail = f"{label}{controls} control bytes in the first {len(sample)}"
        raise Rejected("binary content", detail)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_guessed(data, sample, label, cfg)
    return _check_unicode(text, "utf-8", label, cfg), "utf-8"


def _decode_unicode(data: bytes, encoding: str, label: str, cfg: EncodingSettings) -> str:
    """Decode in a Unicode encoding the data announced (BOM, NUL pattern) or reject."""
    try:
        text = data.decode("utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as e:
        raise Rejected("binary content", f"{label}invalid {encoding}: {e.reason}") from None
    return _check_unicode(text, encoding, label, cfg)


def _check_unicode(text: str, encoding: str, label: str, cfg: EncodingSettings) -> str:
    """``text``, unless its sample has too many controls or unassigned characters."""
    sample = text[:cfg.sample_bytes]
    bad = _bad_char_count(sample)
    if bad > cfg.max_control_share * len(sample):
        raise Rejected("binary content", f"{label}{bad} control/unassigned characters ({encoding})")
    return text


def _bad_char_count(text: str) -> int:
    """Controls (except \\t \\n \\f \\r), unassigned, private-use and surrogate characters."""
    bad = len(_CONTROL_CHARS.findall(text))
    if not text.isascii():
        bad += sum(unicodedata.category(ch) in _BAD_CATEGORIES for ch in _NON_ASCII.findall(text))
    return bad


def _utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``-be`` if half of the bytes are NUL, all at even or all at odd offsets."""
    half = len(sample) // 2
    if half < 2 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * half and even <= 0.01 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd <= 0.01 * half:
        return "utf-16-be"
    return None


def _decode_guessed(data: bytes, sample: bytes, label: str, cfg: EncodingSettings) -> tuple[str, str]:
    """The legacy encoding whose decoding of ``sample`` reads most like Vietnamese.

    On equal scores the first of ``LEGACY_ENCODINGS`` wins (their texts are then
    usually the same, e.g. "Búp bê" in cp1258 and VISCII).
    """
    best: tuple[float, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        score, plausible = _vietnamese_score(decode_legacy(sample, encoding, "replace"), cfg)
        if plausible and (best is None or score > best[0]):
            best = (score, encoding)
    if best is None:
        whitespace = sum(sample.count(b) for b in b" \t\n\r")
        if whitespace < cfg.min_whitespace_share * len(sample):
            raise Rejected("binary content", f"{label}no encoding gives plausible text")
        detail = f"{label}not UTF-8, no legacy Vietnamese encoding fits"
        raise Rejected("not text in a known encoding", detail)
    encoding = best[1]
    return decode_legacy(data, encoding, "replace"), encoding


def _vietnamese_score(text: str, cfg: EncodingSettings = DEFAULT.encoding) -> tuple[float, bool]:
    """(score, plausible) of a candidate decoding.

    The score counts the non-ASCII words that are Vietnamese syllables (common words
    twice more), minus the other non-ASCII words and twice the noise characters.
    ASCII words read the same in every candidate and are not counted.
    """
    good = bad = common = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if is_syllable(word):
            good += 1
            common += word.lower() in _COMMON_WORDS
        else:
            bad += 1
    noise = len(_NOISE.findall(text)) + len(_GLUED_SYMBOL.findall(text))
    plausible = noise <= cfg.max_noise_share * len(text) and good >= cfg.min_syllable_share * (good + bad)
    return good + 2 * common - bad - 2 * noise, plausible
