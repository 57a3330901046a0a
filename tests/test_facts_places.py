"""Places: gazetteer variants, prefixes, ambiguity."""
from __future__ import annotations

import pytest

from vnnews.facts import extract_facts
from vnnews.facts.lexicon import gazetteer


def places(text: str) -> list[str]:
    return extract_facts(text, "d").places


def test_gazetteer_has_all_provinces():
    gaz = gazetteer()
    kinds = [p.type for p in gaz.places.values()]
    assert kinds.count("city") == 5 and kinds.count("province") == 58
    hanoi = [p for p in gaz.places.values() if p.parent == "Hà Nội" and p.type == "district"]
    assert len(hanoi) >= 30


@pytest.mark.parametrize("surface", ["TP HCM", "TP.HCM", "TPHCM", "Thành phố Hồ Chí Minh",
                                     "thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Sài Gòn"])
def test_hcm_variants(surface):
    assert places(f"Hội nghị diễn ra tại {surface} hôm qua.") == ["TP Hồ Chí Minh"]


def test_hcm_variants_are_one_place():
    text = "TP HCM, TP.HCM, Thành phố Hồ Chí Minh và Sài Gòn là một."
    assert places(text) == ["TP Hồ Chí Minh"]


@pytest.mark.parametrize("text,expected", [
    ("Trước khi Thạch Thất, Quốc Oai trở thành đô thị", ["Thạch Thất", "Quốc Oai"]),
    ("chợ đầu mối tại Yên Thường (Gia Lâm)", ["Yên Thường", "Gia Lâm"]),
    ("khu công nghệ cao Hòa Lạc", ["Hòa Lạc"]),
    ("Khu CNC Hòa Lạc", ["Hòa Lạc"]),
    ("các khu công nghiệp Sóc Sơn, Đông Anh, Phú Nghĩa", ["Sóc Sơn", "Đông Anh", "Phú Nghĩa"]),
    ("tại xã Tân Lập, huyện Đan Phượng", ["Tân Lập", "Đan Phượng"]),
    ("Khánh Hoà và Thừa Thiên - Huế", ["Khánh Hòa", "Thừa Thiên Huế"]),
    ("quan hệ với nước Anh và Đức", ["Anh", "Đức"]),
    ("các nước Anh, Pháp, Đức", ["Anh", "Pháp", "Đức"]),
    ("Tổng thống Mỹ và Chủ tịch Trung Quốc", ["Mỹ", "Trung Quốc"]),
])
def test_places_in_text(text, expected):
    assert sorted(places(text)) == sorted(expected)


@pytest.mark.parametrize("text", [
    "Bộ trưởng Trần Tuấn Anh phát biểu.",
    "Anh cho biết sẽ trở lại vào năm sau.",
    "Thủ đô và Trung ương đều tăng trưởng.",
    "Trận động đất xảy ra cách thành phố 53km về phía Tây Bắc.".replace("thành phố ", ""),
    "Xe đi qua cầu vượt Bình Phước rồi vòng xoay An Lạc.",
    "Đồng chí Nguyễn Đức Chung dự họp.",
    "Ông Lê Văn Vinh cho biết.",
])
def test_not_places(text):
    assert places(text) == []


def test_places_ordered_by_frequency():
    assert places("Gia Lâm và Hà Nội. Hà Nội phát triển. Hà Nội đổi mới.")[0] == "Hà Nội"


def test_salient_places_rank_title_and_lead_over_passing_mentions():
    from vnnews.facts import extract_facts, resolve_event

    text = ("Sáng 1/6, Quốc hội thảo luận về ngân sách tại Hà Nội.\n\nĐại biểu nêu ví dụ tuyến "
            "đường qua Thái Bình, rồi nói tiếp về nợ công.\n\nMột đại biểu khác nhắc đến Hải "
            "Phòng trong phần phát biểu.")
    f = extract_facts(text, "a", "2016-06-01", title="Quốc hội bàn ngân sách ở Hà Nội")
    assert f.salient_places == ["Hà Nội"]
    assert {"Thái Bình", "Hải Phòng"} <= set(f.places)  # still found, for search
    assert resolve_event({"a": f}).places == ["Hà Nội"]


def test_place_filter_finds_a_place_by_its_administrative_alias():
    from vnnews.search import resolve_names

    class Store:
        names = ["Thừa Thiên Huế", "TP Hồ Chí Minh", "Hà Nội"]

        def mention_names(self, kind, first_chars):
            return [n for n in self.names if kind == "place"]

    assert resolve_names(Store(), "place", "Huế") == ["Thừa Thiên Huế"]
    assert resolve_names(Store(), "place", "Sài Gòn") == ["TP Hồ Chí Minh"]
    assert resolve_names(Store(), "place", "TP.HCM") == ["TP Hồ Chí Minh"]
    assert resolve_names(Store(), "place", "Thừa Thiên Huế") == ["Thừa Thiên Huế"]


def test_place_salience_and_event_day_read_their_knobs_from_settings():
    from vnnews.facts import extract_facts
    from vnnews.settings import FactsSettings

    text = ("Sáng 1/6, Quốc hội thảo luận về ngân sách tại Hà Nội.\n\nĐại biểu nêu ví dụ tuyến "
            "đường qua Thái Bình, rồi nói tiếp về nợ công.")
    title = "Quốc hội bàn ngân sách ở Hà Nội"
    shipped = extract_facts(text, "a", "2016-06-03", title=title)
    assert shipped.salient_places == ["Hà Nội"]
    assert (shipped.happened, shipped.happened_basis) == ("2016-06-01", "reported")
    loose = extract_facts(text, "a", "2016-06-03", title=title,
                          settings=FactsSettings(salient_min=1.0, reported_days=1))
    assert loose.salient_places == ["Hà Nội", "Thái Bình"]
    assert loose.happened is None  # 1/6 is two days before publication: too far back
