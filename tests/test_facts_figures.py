"""Figures: Vietnamese number conventions, units, counted nouns, what is skipped."""
from __future__ import annotations

import pytest

from vnnews.facts.doc import Doc
from vnnews.facts.figures import clause_context, find_figures


@pytest.mark.parametrize("sentence,text,value,unit", [
    ("Tỷ trọng chiếm khoảng 23% trong tổng GRDP.", "23%", 23, "%"),
    ("Doanh thu tăng 10,54%/năm trong giai đoạn này.", "10,54%/năm", 10.54, "%/năm"),
    ("Ngành công nghiệp tăng 8,3%… Thành phố hiện có nhiều doanh nghiệp.", "8,3%", 8.3, "%"),
    ("Tỷ trọng chiếm từ 22,7 đến 23,0% GRDP thành phố.", "22,7 đến 23,0%", 22.7, "%"),
    ("Thành phố có hơn 108 nghìn doanh nghiệp công nghiệp.", "108 nghìn doanh nghiệp", 108000,
     "doanh nghiệp"),
    ("Khu vực này có 1,2 triệu lao động.", "1,2 triệu lao động", 1_200_000, "lao động"),
    ("Công ty trao tặng 1,2 tỷ đồng cho người dân.", "1,2 tỷ đồng", 1.2e9, "đồng"),
    ("Hệ thống gồm các công trình 120KV mới.", "120KV", 120, "kV"),
    ("Có 5.000 người tham dự lễ hội.", "5.000 người", 5000, "người"),
    ("Diện tích 1.234,5 m2 đất ở.", "1.234,5 m2", 1234.5, "m2"),
    ("Tuyến đường dài 12 km qua hai huyện.", "12 km", 12, "km"),
    ("Dự án rộng 300 ha ven sông.", "300 ha", 300, "ha"),
    ("Xuất khẩu 2,5 triệu tấn gạo mỗi năm.", "2,5 triệu tấn", 2.5e6, "tấn"),
    ("Kim ngạch đạt 3,2 tỷ USD trong quý.", "3,2 tỷ USD", 3.2e9, "USD"),
    ("Ghi nhận 393 vi phạm giao thông.", "393 vi phạm", 393, "vi phạm"),
])
def test_figures_table(sentence, text, value, unit):
    figs = find_figures(Doc.of(sentence, "d"))
    assert len(figs) == 1, [f.text for f in figs]
    f = figs[0]
    assert (f.text, f.unit) == (text, unit)
    assert f.value == pytest.approx(value)
    assert sentence[f.start:f.end] == text
    assert f.sources == ["d"] and f.doc_id == "d"


@pytest.mark.parametrize("sentence", [
    "Theo tinh thần Nghị quyết 50 của Bộ Chính trị.",
    "Đây là cuộc làm việc thứ 6 trong kế hoạch làm việc với 8 bộ, ngành.",
    "Có 3 yếu tố cần tập trung hoàn thiện sớm.",
    "Người dân Quận 1 khắc phục hậu quả bão số 13.",
    "Năm 2025, GRDP tăng cao nhất vùng.",
    "Hai bên cùng ký kết biên bản.",
])
def test_no_figures(sentence):
    assert find_figures(Doc.of(sentence)) == []


def test_dates_are_skipped_by_caller():
    doc = Doc.of("Ngày 13/8/2020 có 5.000 người dự.")
    figs = find_figures(doc, skip=[(5, 14)])
    assert [f.text for f in figs] == ["5.000 người"]


def test_context_is_the_clause():
    s = ("Dự kiến 5 năm 2016 – 2020, tổng mức bán lẻ tăng 10,54%/năm; giá trị tăng thêm "
         "ngành công nghiệp tăng 8,3%.")
    doc = Doc.of(s)
    figs = {f.text: f for f in find_figures(doc)}
    assert figs["8,3%"].context == "giá trị tăng thêm ngành công nghiệp tăng 8,3%"
    assert figs["10,54%/năm"].context.endswith("tổng mức bán lẻ tăng 10,54%/năm")


def test_context_is_trimmed():
    long = ", ".join(f"vế thứ {i} của câu rất dài này" for i in range(20))
    s = long + ", trong đó tỷ lệ đạt 45% so với kế hoạch, " + long + "."
    doc = Doc.of(s)
    f = find_figures(doc)[0]
    assert f.text == "45%"
    assert "45%" in f.context and len(f.context) <= 200
    assert clause_context(doc, f.start, f.end, limit=60).count("45%") == 1
