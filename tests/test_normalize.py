"""Tests for vnnews.normalize: NFC, tone placement, cleanups and the offset map."""
from __future__ import annotations

import re
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews import normalize as nz
from vnnews.normalize import (
    Normalized,
    fold,
    is_syllable,
    match_key,
    normalize,
    normalize_text,
    to_original,
    match_view,
    tone_canon,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# ---------------------------------------------------------------------------
# tone placement
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hoà", "hòa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("Hoà", "Hòa"),
        ("uỷ", "ủy"),
        ("HOÀ", "HÒA"),
        ("Hoà Lạc", "Hòa Lạc"),
        ("Thành uỷ Hà Nội", "Thành ủy Hà Nội"),
        ("hoà bình, thuỷ lợi; sức khoẻ.", "hòa bình, thủy lợi; sức khỏe."),
        # other misplacements
        ("ngừơi", "người"),
        ("đựơc", "được"),
        ("hòang", "hoàng"),
        ("tóan", "toán"),
        ("qúa", "quá"),
        ("gía", "giá"),
        ("caí", "cái"),
        ("thúê", "thuế"),
        ("ngoaì", "ngoài"),
        ("khủyu", "khuỷu"),
    ],
)
def test_tone_placement(text: str, expected: str) -> None:
    # the matching view moves the tone mark; the text a reader sees keeps the outlet's
    assert tone_canon(text) == expected
    assert tone_canon(nfd(text)) == expected
    assert match_view(text) == expected and len(match_view(text)) == len(text)
    assert normalize_text(text) == text
    assert normalize_text(nfd(text)) == text


@pytest.mark.parametrize(
    "word",
    [
        "hòa", "khỏe", "thủy", "hoàng", "quý", "quả", "quyết", "giá", "giữa", "gì", "gìn",
        "toán", "thuyền", "huỳnh", "người", "được", "của", "mía", "ngoài", "khuỷu",
        "hoặc", "tuần", "thuở", "nghĩa",
        # not Vietnamese syllables: never touched
        "José", "café", "naïve", "Hoàii", "hoàhoà",
    ],
)
def test_tone_placement_keeps(word: str) -> None:
    assert normalize_text(word) == word
    assert tone_canon(word) == word


def test_every_changed_syllable_is_found_by_the_fast_scan() -> None:
    """_MISPLACED must match every word _canon_word changes (else clean-text scan misses it)."""
    onsets = ["", *"b c ch d đ g gh gi h k kh l m n ng ngh nh p ph q qu r s t th tr v x".split()]
    codas = ("", "c", "ch", "m", "n", "ng", "nh", "p", "t")
    changed = 0
    for onset in onsets:
        for nucleus in nz._NUCLEI:
            for coda in codas:
                plain = onset + nucleus + coda
                if nz._parse(plain) is None:
                    continue
                for i, ch in enumerate(plain):
                    if ch not in nz._SPLIT:
                        continue
                    for tone in (1, 2):  # with and without a stop final
                        word = plain[:i] + nz._JOIN[ch, tone] + plain[i + 1 :]
                        for w in (word, word.capitalize(), word.upper()):
                            if nz._canon_word(w) != w:
                                changed += 1
                                assert nz._MISPLACED.search(w), w
                            assert nz._canon_word(nz._canon_word(w)) == nz._canon_word(w)
    assert changed > 1000


@pytest.mark.parametrize(
    "word", ["người", "Việt", "NAM", "Đà", "quốc", "hòa", "hoà", "gì", "khuỷu", "ăn", "yêu"]
)
def test_is_syllable(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    ["nguờì", "ngừời", "iPhone", "hÒa", "chaøo", "Vieät", "café", "ăng\u0300", "các\u0300", "tàt",
     "ă", "hoan\u0309", ""],
)
def test_is_not_syllable(word: str) -> None:
    assert not is_syllable(unicodedata.normalize("NFC", word))


# ---------------------------------------------------------------------------
# normalize and offsets
# ---------------------------------------------------------------------------


def check_offsets(original: str, norm: Normalized) -> None:
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(original)
    assert all(0 <= o <= len(original) for o in norm.offsets)
    assert all(a <= b for a, b in zip(norm.offsets, norm.offsets[1:]))
    assert all(o < len(original) for o in norm.offsets[:-1])


def base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0].lower()


def test_nfd_input_maps_to_original_letters() -> None:
    text = "Bí thư Thành ủy Hà Nội Vương Đình Huệ và Bộ trưởng Trần Tuấn Anh; hoà thuỷ"
    original = nfd(text)
    norm = normalize(original)
    assert norm.text == text  # NFC of the outlet's characters, tone marks where they were
    assert len(original) > len(norm.text)
    check_offsets(original, norm)
    for i, ch in enumerate(norm.text):
        assert base(original[norm.offsets[i]]) == base(ch)
    # each letter's span covers the letter and its marks
    i = norm.text.index("Huệ")
    a, b = to_original(norm, i, i + 3)
    assert original[a:b] == nfd("Huệ")
    assert unicodedata.normalize("NFC", original[a:b]) == "Huệ"


def test_cp1258_style_input() -> None:
    # Windows-1258 keyboards: precomposed ê/ô/ư + combining tone mark
    original = "Vi\u00ea\u0323t Nam \u0111\u01b0\u01a1\u0323c"
    norm = normalize(original)
    assert norm.text == "Việt Nam được"
    check_offsets(original, norm)
    assert norm.offsets[:5] == [0, 1, 2, 4, 5]


def test_cleanups() -> None:
    original = "Hà\u00a0Nội\r\nxin\u200bchào\u00adbạn\rhết\u2028a\u3000b\ufeff\u202fc\t“d” – e"
    norm = normalize(original)
    assert norm.text == "Hà Nội\nxinchàobạn\nhết\na b c\t“d” – e"
    check_offsets(original, norm)
    i = norm.text.index("\n")
    assert to_original(norm, i, i + 1) == (original.index("\r\n"), original.index("\r\n") + 2)
    i = norm.text.index("chào")
    a, b = to_original(norm, i, i + 4)
    assert original[a:b] == "chào\u00ad"  # the removed soft hyphen right after comes along
    assert original[to_original(norm, 0, 6)[0] : to_original(norm, 0, 6)[1]] == "Hà\u00a0Nội"


def test_plain_text_identity_offsets() -> None:
    text = "Hà Nội: Ủy ban nhân dân thành phố, ngày 13/8."
    norm = normalize(text)
    assert norm.text == text
    assert norm.offsets == list(range(len(text) + 1))


def test_to_original_bounds() -> None:
    norm = normalize("abc")
    assert to_original(norm, 0, 0) == (0, 0)
    assert to_original(norm, 3, 3) == (3, 3)
    with pytest.raises(ValueError):
        to_original(norm, 2, 4)
    with pytest.raises(ValueError):
        to_original(norm, 2, 1)


def test_hangul_and_other_compositions() -> None:
    original = "\u1112\u1161\u11ab \u0915\u093c x\u0301\u0323 \u0061\u0323\u0302"
    norm = normalize(original)
    assert norm.text == unicodedata.normalize("NFC", original)
    check_offsets(original, norm)


def test_stable_characters_are_stable() -> None:
    """No character of _STABLE composes with or reorders around the one before it."""
    seconds = set()
    for cp in range(0x110000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            seconds.update(int(x, 16) for x in d.split()[1:])
    stable = re.compile(f"[{nz._STABLE}]")
    for cp in range(0x10000):
        ch = chr(cp)
        if stable.match(ch):
            assert unicodedata.combining(ch) == 0 and cp not in seconds, hex(cp)


def test_speed_of_clean_text() -> None:
    text = ("Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ và Bộ trưởng Bộ Công Thương "
            "Trần Tuấn Anh đã chủ trì buổi làm việc giữa Thường trực Thành ủy Hà Nội. ") * 34
    assert len(text) > 5000
    normalize(text)
    t = time.perf_counter()
    for _ in range(20):
        normalize(text)
    assert (time.perf_counter() - t) / 20 < 0.01  # about 0.5 ms on a slow machine


# ---------------------------------------------------------------------------
# fold / match_key
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vương Đình Huệ", "vuong dinh hue"),
        ("Thành ủy Hà Nội", "thanh uy ha noi"),
        ("ĐƯỢC", "duoc"),
        (nfd("Nguyễn Phú Trọng"), "nguyen phu trong"),
        ("Ăn ở", "an o"),
        ("Café 100%", "cafe 100%"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_match_key() -> None:
    assert match_key("Bộ Công thương") == match_key("Bộ Công Thương") == "bộ công thương"
    assert match_key("Thành uỷ") == match_key("Thành ủy") == match_key(nfd("THÀNH  UỶ "))
    assert match_key("  Hà\u00a0Nội\n") == "hà nội"
    assert match_key("Hà Nội") != match_key("Hà Nam")


# ---------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------

_VIET = "".join(nz._SPLIT) + "đĐqgQG"
_SPECIALS = "\r\n\u00a0\u200b\u200c\u200d\ufeff\u00ad\u2028\u3000\u0085 \t"
_MARKS = "".join(nz.TONE_MARKS) + "\u0302\u0306\u031b\u0308\u0338\u093c\u3099"
_JAMO = "\u1100\u1161\u11a8\uac00"

texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(_VIET + _SPECIALS + _MARKS + _JAMO + "nhcg"),
        st.characters(blacklist_categories=()),  # anything, lone surrogates included
    ),
    max_size=60,
)
words = st.lists(
    st.text(alphabet=st.sampled_from(_VIET + _MARKS + "nhtcgqu\u200b\u00ad"), min_size=1,
            max_size=6),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_normalize_properties(text: str) -> None:
    norm = normalize(text)
    check_offsets(text, norm)
    assert unicodedata.is_normalized("NFC", norm.text)
    again = normalize(norm.text)
    assert again.text == norm.text  # idempotent
    assert again.offsets == list(range(len(norm.text) + 1))
    assert norm.text == unicodedata.normalize("NFC", nz._clean(text)[0])  # NFC only: verbatim
    assert len(match_view(norm.text)) == len(norm.text)
    assert match_view(match_view(norm.text)) == match_view(norm.text)
    assert normalize_text(text) == norm.text
    fold(text)
    match_key(text)


@settings(max_examples=300, deadline=None)
@given(words, st.sampled_from([" ", "\u00a0", "\r\n", "\n", " \u200b"]))
def test_to_original_round_trip(parts: list[str], sep: str) -> None:
    original = sep.join(parts)
    norm = normalize(original)
    for m in re.finditer(r"\S+", norm.text):
        a, b = to_original(norm, m.start(), m.end())
        assert normalize_text(original[a:b]).strip() == m.group()

