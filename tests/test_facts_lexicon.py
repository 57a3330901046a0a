"""Lexicon helpers: tone placement, keys, trie regexes, data files."""
from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from vnnews.normalize import match_view as canon_tone
from vnnews.facts.lexicon import (clean, gazetteer, key, match_copy, org_lexicon,
                                  title_lexicon, word_regex)


def test_canon_tone():
    assert canon_tone("hoà thuỷ Thành uỷ hàng hoá khoẻ") == "hòa thủy Thành ủy hàng hóa khỏe"
    assert canon_tone("Hoàng quý Huỳnh hoạch thuyền") == "Hoàng quý Huỳnh hoạch thuyền"
    assert canon_tone("HOÀ") == "HÒA"


@given(st.text(alphabet="hoàáảãạòóuỳýỷyèéeaqkHOUYÀ .,\n", max_size=60))
def test_canon_tone_keeps_length(s):
    s = unicodedata.normalize("NFC", s)
    assert len(canon_tone(s)) == len(s)
    assert len(match_copy(s)) == len(s)


def test_key():
    assert key("Bộ Công thương") == key("Bộ  Công Thương")
    assert key("Thành uỷ Hà Nội") == key("Thành ủy Hà Nội")
    assert clean(" Thành  uỷ ") == "Thành ủy"


def test_word_regex_longest_and_boundaries():
    rx = word_regex(["Hà Nội", "Hà", "Hà Nam", "Bà Rịa - Vũng Tàu"])
    assert [m.group(0) for m in rx.finditer("Hà Nội, Hà Nam và Hàng")] == ["Hà Nội", "Hà Nam"]
    assert rx.search("tỉnh Bà Rịa – Vũng Tàu").group(0) == "Bà Rịa – Vũng Tàu"
    assert rx.search("Hà  Nội") is not None  # any blank run


def test_data_files_load():
    assert "Bộ Công Thương" in org_lexicon().entries
    assert title_lexicon().canonical["bộ trưởng"] == "Bộ trưởng"
    assert gazetteer().lookup("TP.HCM") == "TP Hồ Chí Minh"
    assert gazetteer().lookup("Sài Gòn") == "TP Hồ Chí Minh"
