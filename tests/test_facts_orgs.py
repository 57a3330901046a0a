"""Organisations: canonical forms and merge keys."""
from __future__ import annotations

import pytest

from vnnews.facts import extract_facts
from vnnews.facts.lexicon import org_key
from vnnews.facts.orgs import canonical_org
from vnnews.facts.resolve import merge_orgs


def orgs(text: str) -> list[str]:
    return extract_facts(text, "d").organizations


@pytest.mark.parametrize("surface,canonical", [
    ("Bộ Công Thương", "Bộ Công Thương"),
    ("Bộ Công thương", "Bộ Công Thương"),
    ("Bộ KH&ĐT", "Bộ Kế hoạch và Đầu tư"),
    ("UBND TP Hà Nội", "UBND TP Hà Nội"),
    ("Ủy ban nhân dân thành phố Hà Nội", "UBND TP Hà Nội"),
    ("UBND Hà Nội", "UBND TP Hà Nội"),
    ("UBND tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi"),
    ("HĐND TP.HCM", "HĐND TP Hồ Chí Minh"),
    ("Thành uỷ Hà Nội", "Thành ủy Hà Nội"),
    ("Tỉnh ủy Gia Lai", "Tỉnh ủy Gia Lai"),
    ("LHQ", "Liên Hợp Quốc"),
    ("Ủy ban Quản lý vốn Nhà nước tại DN", "Ủy ban Quản lý vốn Nhà nước tại doanh nghiệp"),
    ("tổng Công ty Truyền tải điện quốc gia", "Tổng Công ty Truyền tải điện quốc gia"),
    ("Ban Cán sự Đảng Bộ Công Thương", "Ban Cán sự đảng Bộ Công Thương"),
    ("T.Ư Đảng", "Trung ương Đảng"),
])
def test_canonical(surface, canonical):
    assert canonical_org(surface) == canonical


def test_org_key_expands_abbreviations():
    assert org_key("UBND TP Hà Nội") == org_key("Ủy ban nhân dân Thành phố Hà Nội")
    assert org_key("Bộ Công thương") == org_key("Bộ Công Thương")
    assert org_key("Ủy ban Quản lý vốn Nhà nước tại DN") == \
        org_key("Ủy ban Quản lý vốn Nhà nước tại doanh nghiệp")


def test_orgs_in_text():
    got = orgs("Buổi làm việc giữa Ban Thường vụ Thành ủy Hà Nội với Ban Cán sự đảng Bộ Công "
               "thương về phối hợp giữa Bộ Công thương và TP Hà Nội theo Nghị quyết 50 của Bộ "
               "Chính trị; Sở Y tế Hà Nội và Tập đoàn Điện lực Việt Nam cùng tham gia.")
    for o in ("Ban Thường vụ Thành ủy Hà Nội", "Thành ủy Hà Nội", "Ban Cán sự đảng Bộ Công "
              "Thương", "Bộ Công Thương", "Bộ Chính trị", "Sở Y tế Hà Nội",
              "Tập đoàn Điện lực Việt Nam"):
        assert o in got, got
    assert sum(o == "Bộ Công Thương" for o in got) == 1


def test_ministry_after_title_counts_once():
    got = orgs("Bộ trưởng Công thương Trần Tuấn Anh và Bộ Công Thương cùng ký kết.")
    assert got == ["Bộ Công Thương"]


@pytest.mark.parametrize("text", [
    "Tiếp tục thực hiện tốt Chính phủ điện tử.",
    "Làm việc với 8 bộ, ngành Trung ương của Hà Nội.",
    "Hội An và Đài Loan thu hút du khách.",
    "Hội chợ quốc tế được tổ chức hằng năm.",
    "chính phủ các nước đều quan tâm.",
])
def test_not_orgs(text):
    assert orgs(text) == []


def test_foreign_ministry():
    assert "Bộ Ngoại giao Mỹ" in orgs("Bộ Ngoại giao Mỹ ra thông báo.")


def test_merge_orgs_across_articles():
    merged = merge_orgs([["Bộ Công Thương", "Tổng Công ty Điện lực"],
                         ["Bộ Công thương", "Tổng Công ty Điện lực Hà Nội", "UBND TP Hà Nội"]])
    assert merged == ["Bộ Công Thương", "Tổng Công ty Điện lực Hà Nội", "UBND TP Hà Nội"]


def test_ticker_or_club_by_the_story():
    from vnnews.facts import extract_facts

    stock = "Trên sàn HNX, cổ phiếu PSG tăng trần, mã KSB giảm. Thanh khoản thấp, nhà đầu tư thận trọng."
    assert "Paris Saint-Germain" not in extract_facts(stock, "s").organizations
    assert "PSG" in extract_facts(stock, "s").organizations
    football = "PSG thắng 3-0 trong trận đấu tại Ligue 1, tiền đạo Cavani ghi bàn."
    assert "Paris Saint-Germain" in extract_facts(football, "f").organizations


def test_a_described_name_going_on_in_lower_case_is_not_cut():
    from vnnews.facts import extract_facts

    orgs = extract_facts("Phòng Cảnh sát giao thông Công an tỉnh Bắc Giang và Trung tâm "
                         "Nghiên cứu phát triển nông thôn phối hợp với Sở Xây dựng.",
                         "a").organizations
    assert "Phòng Cảnh sát" not in orgs and "Trung tâm Nghiên cứu" not in orgs
    assert "Sở Xây dựng" in orgs


def test_card_names_cut_at_an_initial_or_led_by_a_cue_word_or_naming_a_company():
    from vnnews.facts import extract_facts, resolve_event

    text = ("Tổng Công ty Cảng hàng không Việt Nam cho biết sân bay mở rộng. Theo Gulf News, "
            "nạn nhân được đưa vào Bệnh viện T. Công ty Saigon Petro giảm giá; Saigon Petro "
            "nói giá gas giảm.")
    f = extract_facts(text, "a", "2016-06-02")
    assert "Tổng Công ty Cảng hàng không Việt Nam" in f.organizations
    assert "Gulf News" in f.organizations and "Theo Gulf News" not in f.organizations
    card = resolve_event({"a": f})
    assert "Bệnh viện T" not in card.organizations
    assert "Saigon Petro" not in [p.name for p in card.people]
