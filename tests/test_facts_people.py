"""People: names, title chains, honorifics, short references."""
from __future__ import annotations

import pytest

from vnnews.facts import extract_facts
from vnnews.facts.lexicon import key
from vnnews.model import Person


def people(text: str) -> dict[str, list[str]]:
    return {p.name: p.titles for p in extract_facts(text, "d").people}


@pytest.mark.parametrize("text,name,titles", [
    ("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Vương Đình Huệ chủ trì.", "Vương Đình Huệ",
     ["Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hà Nội"]),
    ("Bộ trưởng Bộ Công Thương Trần Tuấn Anh phát biểu.", "Trần Tuấn Anh",
     ["Bộ trưởng Bộ Công Thương"]),
    ("Bộ trưởng Công thương Trần Tuấn Anh đánh giá cao.", "Trần Tuấn Anh",
     ["Bộ trưởng Bộ Công Thương"]),
    ("Phó Bí thư Thường trực Thành ủy Hà Nội Ngô Thị Thanh Hằng dự.", "Ngô Thị Thanh Hằng",
     ["Phó Bí thư Thường trực Thành ủy Hà Nội"]),
    ("Chiều 13/8, đồng chí Vương Đình Huệ, Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội đã "
     "chủ trì.", "Vương Đình Huệ", ["Ủy viên Bộ Chính trị", "Bí thư Thành ủy Hà Nội"]),
    ("Thủ tướng Phạm Minh Chính chủ trì cuộc họp.", "Phạm Minh Chính", ["Thủ tướng"]),
    ("Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung cho biết.", "Nguyễn Đức Chung",
     ["Chủ tịch UBND TP Hà Nội"]),
    ("Tổng thống Mỹ Barack Obama thăm Việt Nam.", "Barack Obama", ["Tổng thống Mỹ"]),
    ("Thủ tướng Campuchia Hun Sen phát biểu.", "Hun Sen", ["Thủ tướng Campuchia"]),
    ("Hôm qua ông Hun Sen tuyên bố.", "Hun Sen", []),
    ("Bộ trưởng Quốc phòng Phan Văn Giang dự.", "Phan Văn Giang", ["Bộ trưởng Bộ Quốc phòng"]),
    ("Ủy viên T.Ư Đảng, Bộ trưởng Bộ Y tế Nguyễn Thanh Long họp.", "Nguyễn Thanh Long",
     ["Ủy viên Trung ương Đảng", "Bộ trưởng Bộ Y tế"]),
    ("Thứ trưởng Bộ Công thương Đỗ Thắng Hải nói.", "Đỗ Thắng Hải",
     ["Thứ trưởng Bộ Công Thương"]),
    ("Theo PGS.TS Nguyễn Văn Nam, chuyên gia kinh tế.", "Nguyễn Văn Nam", ["PGS.TS"]),
    ("Ông Lê Văn Hưng, Giám đốc Sở Y tế Hà Nội, cho biết.", "Lê Văn Hưng",
     ["Giám đốc Sở Y tế Hà Nội"]),
    ("Bí thư Hà Nội Vương Đình Huệ đề nghị.", "Vương Đình Huệ", ["Bí thư Thành ủy Hà Nội"]),
])
def test_titled_people(text, name, titles):
    got = people(text)
    assert name in got, got
    assert [key(t) for t in got[name]] == [key(t) for t in titles]


def test_group_titles():
    text = ("Tham dự có các đồng chí Ủy viên T.Ư Đảng: Bộ trưởng Công thương Trần Tuấn Anh; "
            "Phó Bí thư Thường trực Thành ủy Hà Nội Ngô Thị Thanh Hằng.")
    got = people(text)
    assert "Ủy viên Trung ương Đảng" in got["Trần Tuấn Anh"]
    assert "Ủy viên Trung ương Đảng" in got["Ngô Thị Thanh Hằng"]


def test_title_after_name_that_is_a_new_subject():
    text = ("Chủ tịch nước Trương Tấn Sang trao quyết định cho đồng chí Bùi Văn Nam. Trao quyết "
            "định cho đồng chí Bùi Văn Nam, Chủ tịch nước nêu rõ nhiệm vụ.")
    got = people(text)
    assert got["Bùi Văn Nam"] == []
    assert got["Trương Tấn Sang"] == ["Chủ tịch nước"]


def test_rank_conferred_is_not_a_title():
    got = people("Sau khi công bố quyết định thăng quân hàm Thượng tướng, Chủ tịch nước Trương "
                 "Tấn Sang trao quyết định.")
    assert got == {"Trương Tấn Sang": ["Chủ tịch nước"]}


def test_apposition():
    got = people("Bộ trưởng Bộ Công Thương, ông Trần Tuấn Anh cho biết.")
    assert got == {"Trần Tuấn Anh": ["Bộ trưởng Bộ Công Thương"]}


@pytest.mark.parametrize("text", [
    "Hà Nội phải kéo được các doanh nghiệp lớn đầu tư trên địa bàn.",
    "Đặc biệt là những ngành công nghiệp sử dụng công nghệ hiện đại.",
    "Bộ Công Thương hỗ trợ phát triển kinh tế - xã hội Thủ đô.",
    "Đường Nguyễn Văn Linh thi công 3 ca.",
    "Trường Sa, Hoàng Sa là của Việt Nam.",
    "Tập đoàn Đức Long Gia Lai vừa có hành động thiết thực.",
    "Bí thư Hà Nội: Quốc Oai phải quyết tâm không cam chịu trì trệ.",
    "Thành phố Hồ Chí Minh tổ chức tuần lễ sản phẩm OCOP tại Bà Rịa.",
    "Chủ tịch HĐQT phát biểu tại đại hội.",
])
def test_no_bogus_people(text):
    assert people(text) == {}


def test_bare_full_names():
    got = people("Tags: Vương Đình Huệ / công nghiệp. Ngô Thị Thanh Hằng dự họp.")
    assert set(got) == {"Vương Đình Huệ", "Ngô Thị Thanh Hằng"}


def test_short_references_resolved_in_article():
    text = ("Thứ trưởng Bộ Công Thương Trần Quốc Khánh và Bộ trưởng Trần Tuấn Anh dự họp. "
            "Ông Khánh cho rằng cần quy hoạch. Theo Bộ trưởng, Hà Nội cần làm rõ đặc thù.")
    f = extract_facts(text, "d")
    by_name = {p.name: p for p in f.people}
    assert set(by_name) == {"Trần Quốc Khánh", "Trần Tuấn Anh"}
    assert by_name["Trần Quốc Khánh"].aliases == ["ông Khánh"]
    assert len(by_name["Trần Tuấn Anh"].mentions) == 2  # "Bộ trưởng" resolved


def test_ambiguous_short_reference_unresolved():
    text = "Ông Trần Văn Anh và ông Lê Tuấn Anh dự họp. Ông Anh cho biết thêm."
    f = extract_facts(text, "d")
    by_name = {p.name: p for p in f.people}
    assert set(by_name) == {"Trần Văn Anh", "Lê Tuấn Anh"}
    assert all(not p.aliases for p in f.people)


def test_unknown_short_reference_is_a_partial_person():
    f = extract_facts("Bà Hằng cho biết gia đình đã chuẩn bị từ sớm.", "d")
    assert [(p.name, p.aliases) for p in f.people] == [("Hằng", ["bà Hằng"])]


def test_name_spelling_variants_merge():
    f = extract_facts("Ông Nguyễn Thị Thủy dự. Bà Nguyễn Thị Thuỷ phát biểu.", "d")
    assert [p.name for p in f.people] == ["Nguyễn Thị Thủy"]


@pytest.mark.parametrize("text,names", [
    ("P. Chủ nhiệm Ủy ban Tài chính - Ngân sách, ông Phùng Quốc Hiển Đánh giá về thu ngân sách.",
     ["Phùng Quốc Hiển"]),
    ("tác giả Hoàng Hữu Tư Chiếu chèo sân đình, tác giả Vũ Quang Huy Cánh diều biển đảo, "
     "tác giả Trịnh Thu Nguyệt Nụ cười M'Nông.", ["Hoàng Hữu Tư", "Vũ Quang Huy", "Trịnh Thu Nguyệt"]),
    ("Ca sỹ Aslan Tạm gác niềm đam mê nghệ thuật sang một bên.", ["Aslan"]),
    ("Ông Jullian Caillet, Tổng giám đốc Abbott Việt Nam, cho biết.", ["Jullian Caillet"]),
    ("do đồng chí Nguyễn Thiện Nhân Ủy viên Bộ Chính trị chủ trì.", ["Nguyễn Thiện Nhân"]),
    ("phim của đạo diễn Hà Lan Michael Dudok De Wit nhận giải.", ["Michael Dudok De Wit"]),
    ("Ông Lê Như Tiến Báo cáo tại phiên họp. GS.TS Đinh Quang Báo cho rằng.",
     ["Lê Như Tiến", "Đinh Quang Báo"]),
    ("Nước ngập các tuyến đường Lương Định Của, Bình Quới, Bùi Hữu Nghĩa, Huỳnh Tấn Phát.", []),
    ("Chris Wondolowski (San Jose Earthquakes) và tiền vệ Orlando City ghi bàn.",
     ["Chris Wondolowski"]),
])
def test_name_boundaries_and_types(text, names):
    from vnnews.facts import extract_facts

    assert [p.name for p in extract_facts(text, "d").people] == names


def test_short_two_word_name_merges_into_the_one_full_name_it_ends():
    from vnnews.facts import resolve_event
    from vnnews.facts import extract_facts

    a = extract_facts("Chị Trần Thị Thu Trang kể lại vụ việc.", "a")
    b = extract_facts("Vợ anh, Thu Trang nói với phóng viên rằng anh bị thương.", "b")
    b.people = [Person("Thu Trang", sources=["b"])]
    assert [p.name for p in resolve_event({"a": a, "b": b}).people] == ["Trần Thị Thu Trang"]


def test_names_keep_the_outlets_characters():
    from vnnews.facts import resolve_event

    a = extract_facts("Ông Nguyễn Văn Hoà cho biết. Ông Hoà nói thêm như vậy.", "a")
    assert [(p.name, p.aliases) for p in a.people] == [("Nguyễn Văn Hoà", ["ông Hoà"])]
    b = extract_facts("Ông Nguyễn Văn Hòa cho biết.", "b")
    assert [p.name for p in resolve_event({"a": a, "b": b}).people] == ["Nguyễn Văn Hoà"]


def test_streets_are_not_people_and_cut_names_stay_off_the_card():
    from vnnews.facts import extract_facts, resolve_event

    text = ("Ngập nặng ở Bến Phú Định (Q.8), Lương Định Của (Q.2) và Huỳnh Tấn Phát (quận 7). "
            "Xe dừng ở giao lộ Nguyễn Văn Linh - Nguyễn Đức Cảnh, gần cầu Ông Lớn.\n\n"
            "Anh Trần Văn Nam cho biết nước rút chậm; bà Nhung nói thêm.")
    f = extract_facts(text, "a", "2016-06-02")
    names = {p.name for p in f.people}
    assert not names & {"Lương Định Của", "Huỳnh Tấn Phát", "Nguyễn Văn Linh", "Nguyễn Đức Cảnh"}
    card = [p.name for p in resolve_event({"a": f}).people]
    assert "Trần Văn Nam" in card
    assert not set(card) & {"Nhung", "Lớn"}  # unresolved one-syllable references
