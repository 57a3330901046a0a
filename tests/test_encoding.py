"""Tests for vnnews.ingest.encoding: detection, legacy Vietnamese codecs, rejections."""
from __future__ import annotations

import codecs
import random
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews.ingest.encoding import LEGACY_ENCODINGS, decode_bytes, decode_legacy, encode_legacy
from vnnews.normalize import TONE_MARKS, VOWELS
from vnnews.pipeline import Rejected

# The first three lines of examples/seeds/000_69dc071e8ae462b1.txt, curly quotes made ASCII.
SAMPLE = unicodedata.normalize(
    "NFC", (Path(__file__).parent / "data" / "encoding_sample.txt").read_text(encoding="utf-8")
)


def lower_toned_capitals(text: str) -> str:
    """What TCVN3 can carry: capitals with a tone mark become lower case."""
    toned = {unicodedata.normalize("NFC", v + m) for v in VOWELS.upper() for m in TONE_MARKS[1:]}
    return "".join(ch.lower() if ch in toned else ch for ch in text)


def all_letters() -> list[str]:
    """The 12 vowels x 6 tones, upper and lower case, and đ Đ."""
    lower = [unicodedata.normalize("NFC", v + m) for v in VOWELS for m in TONE_MARKS] + ["đ"]
    return lower + [ch.upper() for ch in lower]


LETTERS = all_letters()
TCVN3_LETTERS = [ch for ch in LETTERS if lower_toned_capitals(ch) == ch]


def test_letter_inventory() -> None:
    assert len(LETTERS) == 146 and len(set(LETTERS)) == 146
    assert len([ch for ch in LETTERS if not ch.isascii()]) == 134
    assert len(TCVN3_LETTERS) == 146 - 12 * 5  # no capital with a tone mark
    assert {ch for ch in TCVN3_LETTERS if ch.isupper() and not ch.isascii()} == set("ĂÂÊÔƠƯĐ")


# ---------------------------------------------------------------------------
# legacy codecs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_every_letter_round_trips(encoding: str) -> None:
    letters = TCVN3_LETTERS if encoding == "tcvn3" else LETTERS
    for ch in letters:
        data = encode_legacy(ch, encoding)
        assert decode_legacy(data, encoding) == ch, (ch, data)
        # NFD input is accepted too
        assert encode_legacy(unicodedata.normalize("NFD", ch), encoding) == data
    text = " ".join(letters)
    assert decode_legacy(encode_legacy(text, encoding), encoding) == text


def test_single_byte_encodings_are_single_byte() -> None:
    for ch in LETTERS:
        assert len(encode_legacy(ch, "viscii")) == 1
    for ch in TCVN3_LETTERS:
        assert len(encode_legacy(ch, "tcvn3")) == 1


def test_tcvn3_has_no_toned_capitals() -> None:
    for ch in set(LETTERS) - set(TCVN3_LETTERS):
        with pytest.raises(ValueError):
            encode_legacy(ch, "tcvn3")
    # but the VN1 bytes for them (as iconv writes) are read
    assert decode_legacy(b"\x80\x90\xff", "tcvn3") == "ÀÍỐ"


@pytest.mark.parametrize(
    ("vni", "text"),
    [
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
        ("ñöôïc", "được"),
        ("Vieät Nam", "Việt Nam"),
        ("ÑAÛNG", "ĐẢNG"),
        ("Ñaûng", "Đảng"),
        ("Î", "Ỵ"),
        ("æ", "ỉ"),
        ("ngöôøi", "người"),
        ("THAØNH UÛY", "THÀNH ỦY"),
    ],
)
def test_vni(vni: str, text: str) -> None:
    data = vni.encode("latin-1")
    assert decode_legacy(data, "vni") == text
    assert encode_legacy(text, "vni") == data


def test_cp1258_writes_combining_tone_marks() -> None:
    assert encode_legacy("à", "cp1258") == b"a\xcc"
    assert encode_legacy("Việt", "cp1258") == b"Vi\xea\xf2t"
    assert encode_legacy("ơ ư đ", "cp1258") == b"\xf5 \xfd \xf0"
    assert decode_legacy(b"Vi\xea\xf2t", "cp1258") == "Việt"
    assert decode_legacy(b"Vi\xeat", "cp1258") == "Viêt"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viscii"])
@pytest.mark.parametrize("char", ["“", "”", "‘", "’", "–", "—", "…", "€", "ñ", "ü", "中", "\u00a0"])
def test_unrepresentable(encoding: str, char: str) -> None:
    with pytest.raises(ValueError):
        encode_legacy(f"a{char}b", encoding)


def test_undefined_bytes() -> None:
    with pytest.raises(ValueError):
        decode_legacy(b"a\x81b", "cp1258")
    with pytest.raises(ValueError):
        decode_legacy(b"a\x93b", "vni")  # no curly quote in VNI
    with pytest.raises(ValueError):
        decode_legacy(b"u\xe2", "vni")  # the circumflex mark never follows u
    assert decode_legacy(b"a\x93b", "vni", errors="replace") == "a\ufffdb"
    with pytest.raises(ValueError):
        decode_legacy(b"abc", "koi8-r")
    with pytest.raises(ValueError):
        encode_legacy("abc", "latin-1")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(LEGACY_ENCODINGS),
    st.text(
        alphabet=st.sampled_from(LETTERS + list(" .,;:!?()-'\"0123456789\nbcdghklmnpqrstvx")),
        max_size=80,
    ),
)
def test_round_trip_property(encoding: str, text: str) -> None:
    if encoding == "tcvn3":
        text = lower_toned_capitals(text)
    assert decode_legacy(encode_legacy(text, encoding), encoding) == text


# ---------------------------------------------------------------------------
# cross-check against glibc iconv (skipped where it lacks the charset)
# ---------------------------------------------------------------------------


def iconv_decode(data: bytes, charset: str) -> str | None:
    if shutil.which("iconv") is None:
        return None
    run = subprocess.run(["iconv", "-f", charset, "-t", "UTF-8"], input=data, capture_output=True)
    return run.stdout.decode("utf-8") if run.returncode == 0 else None


def iconv_encode(text: str, charset: str) -> bytes | None:
    cmd = ["iconv", "-f", "UTF-8", "-t", charset]
    run = subprocess.run(cmd, input=text.encode(), capture_output=True)
    return run.stdout if run.returncode == 0 else None


@pytest.mark.parametrize(
    ("encoding", "charset", "first"),
    [("viscii", "VISCII", 0), ("tcvn3", "TCVN5712-1", 0x20)],  # TCVN: VN1 has capitals in C0
)
def test_tables_match_iconv(encoding: str, charset: str, first: int) -> None:
    byte_values = [b for b in range(first, 256) if b != 0x0A]
    # each byte on its own line, so that iconv cannot combine neighbours
    data = b"".join(bytes([b]) + b"\n" for b in byte_values)
    expected = iconv_decode(data, charset)
    if expected is None:
        pytest.skip(f"iconv without {charset}")
    ours = [decode_legacy(bytes([b]), encoding) for b in byte_values]
    assert ours == expected.split("\n")[:-1]
    letters = TCVN3_LETTERS if encoding == "tcvn3" else LETTERS
    for ch in letters:
        assert encode_legacy(ch, encoding) == iconv_encode(ch, charset), ch


# ---------------------------------------------------------------------------
# detection
# ---------------------------------------------------------------------------


def encoded(text: str, how: str) -> bytes:
    if how == "utf-8":
        return text.encode("utf-8")
    if how == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8")
    if how == "utf-16-le":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if how == "utf-16-be":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    if how == "utf-32-le":
        return codecs.BOM_UTF32_LE + text.encode("utf-32-le")
    if how == "utf-32-be":
        return codecs.BOM_UTF32_BE + text.encode("utf-32-be")
    return encode_legacy(text, how)


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", *LEGACY_ENCODINGS],
)
@pytest.mark.parametrize("lines", [1, 3])
def test_detects_sample(encoding: str, lines: int) -> None:
    reference = "\n".join(SAMPLE.split("\n")[:lines])
    if encoding == "tcvn3":
        reference = lower_toned_capitals(reference)
    text, name = decode_bytes(encoded(reference, encoding), "sample.txt")
    assert name == encoding
    assert text == reference


def test_detects_nfd_utf8() -> None:
    data = unicodedata.normalize("NFD", SAMPLE).encode("utf-8")
    assert decode_bytes(data) == (SAMPLE, "utf-8")


def test_detects_utf16_without_bom() -> None:
    assert decode_bytes(SAMPLE.encode("utf-16-le")) == (SAMPLE, "utf-16-le")
    assert decode_bytes(SAMPLE.encode("utf-16-be")) == (SAMPLE, "utf-16-be")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Xin chào các bạn", "vni"),
        ("Hà Nội", "tcvn3"),
        ("Việt Nam", "cp1258"),
        ("Đường phố", "viscii"),
        ("Thủ tướng Chính phủ đã ký quyết định", "tcvn3"),
        ("Thủ tướng Chính phủ đã ký quyết định", "vni"),
        ("Thủ tướng Chính phủ đã ký quyết định", "viscii"),
        ("Thủ tướng Chính phủ đã ký quyết định", "cp1258"),
    ],
)
def test_detects_short_texts(text: str, encoding: str) -> None:
    assert decode_bytes(encode_legacy(text, encoding)) == (text, encoding)


def test_ascii_is_utf8() -> None:
    assert decode_bytes(b"Hello, world\n") == ("Hello, world\n", "utf-8")


def test_cp1252_punctuation_reads_as_cp1258() -> None:
    assert decode_bytes(b"He said \x93hello\x94 \x96 ok") == ("He said “hello” – ok", "cp1258")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n\t\r\n ",
        "\u3000\u00a0 \u2003\n".encode("utf-8"),
        "\u200b\ufeff".encode("utf-8"),
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
        b"\xa0\xa0 ",  # NBSP in Windows-1258
    ],
)
def test_empty(data: bytes) -> None:
    with pytest.raises(Rejected) as e:
        decode_bytes(data)
    assert e.value.reason == "empty file"


def test_random_bytes_are_binary_and_fast() -> None:
    data = random.Random(1258).randbytes(2 * 1024 * 1024)
    for variant in (data, data.replace(b"\x00", b""), bytes(b | 0x80 for b in data[:300_000]) * 7):
        t = time.perf_counter()
        with pytest.raises(Rejected) as e:
            decode_bytes(variant, "random.bin")
        assert e.value.reason == "binary content"
        assert time.perf_counter() - t < 1.0


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + bytes(range(256)) * 4,  # zip-like
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR",
        b"\x01\x02\x03\x04 text with many controls \x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13",
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # lone surrogate
        codecs.BOM_UTF16_LE + random.Random(5).randbytes(4000),
        codecs.BOM_UTF8 + b"\xff\xfe\xfd",
    ],
)
def test_binary(data: bytes) -> None:
    with pytest.raises(Rejected) as e:
        decode_bytes(data)
    assert e.value.reason == "binary content"


def test_unknown_encoding() -> None:
    russian = "Москва — столица России, крупнейший город страны. " * 20
    with pytest.raises(Rejected) as e:
        decode_bytes(russian.encode("cp1251"))
    assert e.value.reason == "not text in a known encoding"


def test_utf8_chinese_is_accepted() -> None:
    assert decode_bytes("越南河内市。\n".encode("utf-8")) == ("越南河内市。\n", "utf-8")


def decodes_or_rejects(data: bytes) -> None:
    try:
        text, name = decode_bytes(data)
    except Rejected as e:
        assert e.reason in ("empty file", "binary content", "not text in a known encoding")
    else:
        assert isinstance(text, str) and isinstance(name, str)
        assert unicodedata.is_normalized("NFC", text)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_decode_or_reject(data: bytes) -> None:
    decodes_or_rejects(data)


# pieces that reach every branch: BOMs, NULs, controls, VISCII capitals, VNI marks
TRICKY = [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff", b"\x00", b"a", b" ",
          b"\n", b"\xe1", b"\xa0", b"\xf8", b"\x02", b"\xd8\x00", b"o\xf4", b"\xc3\xa9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TRICKY), max_size=40))
def test_tricky_bytes_decode_or_reject(chunks: list[bytes]) -> None:
    decodes_or_rejects(b"".join(chunks))
