"""Issue 19, names round 4: error classes read on report3 (tuning material by then), each
with the corpus sentence; every test fails on f6dd847."""
import pytest

from vnnews.facts import extract_facts
from vnnews.facts.resolve import merge_orgs


def _facts(text):
    f = extract_facts(text, "t")
    return [p.name for p in f.people], f.organizations


def test_given_name_that_opens_sentences_is_kept():
    people, _ = _facts("Phó Chủ tịch UBND tỉnh Kon Tum - ông Nguyễn Đức Tuy đã ký quyết định "
                       "gửi Sở Kế hoạch và Đầu tư tỉnh Kon Tum thống nhất thu hồi dự án.")
    assert "Nguyễn Đức Tuy" in people and "Nguyễn Đức" not in people


def test_school_without_truong_is_no_person():
    people, orgs = _facts("Hai giải nhì lần lượt thuộc về hai đội tuyển đến từ Tiểu học Lê "
                          "Ngọc Hân (TP.HCM) và Xuân Đỉnh (Hà Nội).")
    assert "Lê Ngọc Hân" not in people
    assert "Tiểu học Lê Ngọc Hân" in orgs


def test_embassy_is_not_joined_to_the_organisation_before_it():
    _, orgs = _facts("Hội thảo do Học viện Chính trị Hồ Chí Minh và Đại sứ quán Thụy Điển "
                     "phối hợp tổ chức.")
    assert "Học viện Chính trị Hồ Chí Minh" in orgs and "Đại sứ quán Thụy Điển" in orgs
    assert not any(" và " in o for o in orgs)


def test_country_of_a_news_agency_is_not_the_agency():
    _, orgs = _facts("Hãng thông tấn Triều Tiên KCNA cho hay, chương trình hành động "
                     "\"Nói không với thuốc lá\" bao gồm cả việc tuyên truyền.")
    assert "KCNA" in orgs and "Triều Tiên" not in orgs


def test_byline_word_is_not_part_of_the_outlet():
    _, orgs = _facts("Hiện vụ việc đang được cơ quan chức năng tỉnh Đắk Lắk tiến hành điều "
                     "tra, làm rõ nguyên nhân. PV VTC News sẽ thông tin tiếp vụ việc.")
    assert "VTC News" in orgs and "PV VTC News" not in orgs


def test_school_and_embassy_variants_merge():
    assert merge_orgs([["Trung học cơ sở Gio Việt"], ["Trường THCS Gio Việt"],
                       ["THCS Gio Việt"]]) == ["Trường THCS Gio Việt"]
    assert merge_orgs([["Đại sứ quán Italia"], ["Đại sứ quán Italy"]]) == ["Đại sứ quán Italia"]


def test_national_exam_is_no_school():
    _, orgs = _facts("Kỳ thi THPT Quốc gia năm nay diễn ra từ ngày 1/7.")
    assert not any("Quốc gia" in o for o in orgs)


def test_given_name_tao_is_kept_but_the_opener_cut():
    people, _ = _facts("Ông Trần Văn Tạo cũng cho biết: “Tòa án nhân dân TP.HCM đã thụ lý các "
                       "đơn khởi kiện.”")
    assert "Trần Văn Tạo" in people
    people, _ = _facts("Ông Nguyễn Văn Thanh Tạo điều kiện cho doanh nghiệp là việc cần làm.")
    assert "Nguyễn Văn Thanh Tạo" not in people


def test_club_of_a_league_is_no_club_name():
    _, orgs = _facts("Những lời đề nghị của CLB J-League 2 chắc chắn là sự động viên cực lớn "
                     "cho tất cả cầu thủ phố Núi.")
    assert not any("League" in o for o in orgs)
    _, orgs = _facts("CLB Paris St-Germain thắng đậm ở vòng này.")
    assert "CLB Paris St-Germain" in orgs


@pytest.mark.parametrize("text,org", [
    # lower-case syllables that make one word with each other (underthesea's Viet74K list)
    ("Theo Cục Chống tham nhũng của Thanh tra Chính phủ, vụ việc đang được xác minh.",
     "Cục Chống tham nhũng"),
    ("Ông Hofer của Đảng Tự do Áo đã dẫn trước.", "Đảng Tự do Áo"),
    ("Lực lượng Phòng không Nhật Bản được lệnh bắn hạ.", "Lực lượng Phòng không Nhật Bản"),
    # a place ends the name: the verb after it is the sentence
    ("Bộ tư lệnh Lực lượng vũ trang Nga tiến hành cuộc tập trận.",
     "Bộ tư lệnh Lực lượng vũ trang Nga"),
])
def test_lower_case_words_of_an_organisation_name(text, org):
    assert org in extract_facts(text, "d", "2013-10-20").organizations
