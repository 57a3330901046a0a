"""Claims about one quantity across reworded sentences (issue 19, third round): real
sentence pairs of vims-dev clusters, each a disagreement the near-duplicate step and the
figure alignment did not find, or a false one they reported."""
from __future__ import annotations

import pytest

from vnnews.compare import compare
from vnnews.settings import CompareSettings

from .test_summarize import make_doc

LEAD = "Sáng nay, cơ quan chức năng tỉnh đã thông báo vụ việc tại trụ sở trước báo chí."


def _pair(sent_a: str, sent_b: str, settings=None, published: str = "2016-06-03"):
    docs = [make_doc("a", [LEAD, sent_a], published=published),
            make_doc("b", [LEAD, sent_b], published=published)]
    return compare(docs, None, settings)[1]


# Cluster_289: a birth year and an age in two reworded sentences
HIEU_SN = ("Khi chị Ngọc vừa xuống xe để đưa các con vào quán thì bất ngờ đối tượng Lê Trung Hiếu "
           "(SN 1989, ngụ khu phố 5, phường Tương Bình Hiệp) lên xe bật chìa khóa khởi động máy lấy "
           "trộm xe rồi bỏ chạy về hướng TP.HCM.")
HIEU_25 = "Khi chị Mai vừa vào trong quán thì Lê Trung Hiếu (25 tuổi) mở cửa xe rồi lái đi."
HIEU_27 = "Nghi phạm cướp ô tô là Lê Trung Hiếu, 27 tuổi, ngụ P.Tương Bình Hiệp."


def test_an_age_against_a_birth_year_in_reworded_sentences():
    (d,) = _pair(HIEU_SN, HIEU_25)
    assert d.topic == "Lê Trung Hiếu (tuổi)"  # whose age
    assert [c.sources for c in d.claims] == [["a"], ["b"]]
    assert {c.text for c in d.claims} == {HIEU_SN, HIEU_25}
    assert _pair(HIEU_SN, HIEU_25, CompareSettings(reword=False, gate=0.0)) == []
    assert _pair(HIEU_SN, HIEU_27) == []  # an age that agrees with the birth year: 2016 - 1989 = 27


def test_a_toll_told_with_other_words():
    # Cluster_145: the injured of one lightning strike, 6 vs 5, in sentences worded apart
    a = ("Giông sét đã đánh trúng hai nhóm nông dân đang làm đồng trên địa bàn xã Hương An (thị xã "
         "Hương Trà) và phường An Hòa (TP Huế) khiến một người chết, 6 người bị thương.")
    b = ("Một người chết cùng 5 người khác bị thương do bị sét đánh khi đang làm đồng xảy ra ngay "
         "trong cơn mưa giông cực lớn xảy ra trên địa bàn tỉnh Thừa Thiên- Huế.")
    (d,) = _pair(a, b)
    assert d.topic == "thương (người)"
    assert {c.text for c in d.claims} == {a, b}
    assert _pair(a, b, CompareSettings(reword=False, gate=0.0)) == []


@pytest.mark.parametrize("a,b", [
    # Cluster_219: a forecast ("sẽ tiêu thụ") against what was sold at one market ("đã tiêu thụ")
    ("Dự kiến Lễ hội trái cây Nam bộ năm nay sẽ tiêu thụ khoảng 1.000 tấn trái cây các loại và "
     "thu hút hơn 1 triệu lượt khách tham quan.",
     "Tại khu vực chợ nổi trái cây đã tiêu thụ trên 20 tấn trái cây ngon các loại."),
    # Cluster_047: houses unroofed or destroyed against houses destroyed
    ("Tại huyện Lục Yên mưa lớn kèm theo giông lốc đã làm 48 ngôi nhà bị tốc mái và sập đổ.",
     "Trên địa bàn huyện Lục Yên đã xảy ra trận gió lốc làm nhiều người bị thương, hơn 20 ngôi nhà "
     "bị sập đổ, 170 ngôi nhà bị tốc mái."),
    # Cluster_237: "20,000" (an English thousands mark) is "20 nghìn"
    ("Ngày 1-6, Quỹ Nhi đồng Liên hợp quốc (UNICEF) cho biết, ít nhất 20 nghìn trẻ em vẫn mắc kẹt "
     "trong TP Fallujah.",
     "Đại diện UNICEF cho biết, ít nhất 20,000 trẻ em vẫn bị mắc kẹt trong thành phố trong điều kiện "
     "thực phẩm, thuốc men và nước sạch rất khan hiếm."),
], ids=["forecast-vs-sold", "unroofed-vs-destroyed", "thousands-mark"])
def test_other_quantities_are_no_disagreement(a, b):
    assert _pair(a, b) == []
