"""Golden line labels of the seed pages, and the cleaner on small strings."""
import json

import pytest

from vnnews.extract.meta import outlet_prefix, parse_byline, parse_date_line
from vnnews.extract.text import label_lines

from .conftest import DATA, SEEDS

GOLDEN = json.loads((DATA / "golden" / "seed_labels.json").read_text(encoding="utf-8"))
LABELS = ("title", "dateline", "heading", "caption", "byline", "body")


@pytest.mark.parametrize("name", [k for k in GOLDEN if not k.startswith("_")])
def test_seed_line_labels(name):
    want = GOLDEN[name]
    page = label_lines((SEEDS / name).read_text(encoding="utf-8"))
    expected = {}
    for label in LABELS:
        for n in want[label]:
            expected[n] = label
    got = {i + 1: ln.label for i, ln in enumerate(page.lines) if ln.text.strip()}
    wrong = {n: (got[n], expected.get(n, "boiler")) for n in got if got[n] != expected.get(n, "boiler")}
    assert not wrong, f"line: (got, expected) {wrong}"
    meta = want["meta"]
    assert page.title == meta["title"]
    assert page.published == meta["published"]
    assert page.source == meta["source"]
    assert page.author == meta["author"]
    assert page.original_source == meta["original_source"]


@pytest.mark.parametrize("line,iso", [
    ("08:47 | 14/08/2020", "2020-08-14T08:47:00+07:00"),
    ("Thứ Sáu, 14/08/2020 08:47 (GMT+7)", "2020-08-14T08:47:00+07:00"),
    ("14-08-2020 - 08:47 AM", "2020-08-14T08:47:00+07:00"),
    ("14-08-2020 - 08:47 PM", "2020-08-14T20:47:00+07:00"),
    ("Cập nhật: 14/08/2020 08:47", "2020-08-14T08:47:00+07:00"),
    ("14/08/2020", "2020-08-14"),
    ("Chiều 13/8, Bí thư Thành ủy Hà Nội", None),
    ("32/13/2020", None),
    ("Thứ sáu, 14/8/2020 - 08:47", "2020-08-14T08:47:00+07:00"),
    ("14/08/2020 | 08:47 GMT+7", "2020-08-14T08:47:00+07:00"),
    ("Cập nhật lúc 08:47 ngày 14/08/2020", "2020-08-14T08:47:00+07:00"),
    ("Ngày 14 tháng 8 năm 2020", "2020-08-14"),
    ("Thứ Sáu, 14/8/2020, 08:47 (GMT+7)", "2020-08-14T08:47:00+07:00"),
    ("14/08/2020 08:47 (GMT+07:00)", "2020-08-14T08:47:00+07:00"),
    ("Chủ nhật, 08:47, 16/08/2020", "2020-08-16T08:47:00+07:00"),
    ("Thứ 6, 14/8/2020, 8h47", "2020-08-14T08:47:00+07:00"),
    ("Ngày đăng: 15/02/2022 - Lượt xem: 412", "2022-02-15"),
    ("August 14, 2020 | 08:47 pm GMT+7", "2020-08-14T20:47:00+07:00"),
    ("2020-08-14T08:47:00+07:00", "2020-08-14T08:47:00+07:00"),
    ("Thứ Sáu, 14/08/2020", "2020-08-14"),
    ("Đại hội lần thứ 14/08/2020 đã diễn ra thành công tốt đẹp tại Hà Nội", None),
])
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


@pytest.mark.parametrize("line,outlet", [
    ("(Tổ Quốc) - Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ đã chủ trì", "Tổ Quốc"),
    ("DNTH: Chiều 13/8, đồng chí Vương Đình Huệ, Ủy viên Bộ Chính trị, Bí thư", "DNTH"),
    ("TTO - Sáng nay, hàng nghìn người đã tham gia diễu hành tại trung tâm", "TTO"),
    ("UBND: Ủy ban nhân dân thành phố đã ban hành quyết định mới về giá", None),
    ("Hà Nội - thành phố vì hòa bình", None),
    ("VOV.VN - Sáng 18/1, tại kỳ họp bất thường lần thứ 5, Quốc hội đã biểu quyết", "VOV.VN"),
    ("(Baonghean.vn) - Mưa lớn kéo dài khiến đồi đất phía sau khu dân cư bị sạt lở", "Baonghean.vn"),
    ("Kinhtedothi - UBND TP Hà Nội vừa ban hành kế hoạch rà soát, xử lý dứt điểm", "Kinhtedothi"),
    ("TOKYO — President Võ Văn Thưởng and Prime Minister Kishida Fumio on Monday agreed", None),
    ("(Ảnh: TTXVN) - Một câu chú thích ảnh không phải nguồn tin của bài báo", None),
])
def test_outlet_prefix(line, outlet):
    p = outlet_prefix(line)
    assert (p.outlet if p else None) == outlet


@pytest.mark.parametrize("line,author,orig", [
    ("Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)", "Nguyên Trang", "Nhân dân"),
    ("Theo VnExpress", None, "VnExpress"),
    ("Minh Anh", "Minh Anh", None),
    ("Đây là một câu bình thường trong bài báo, không phải dòng tác giả.", None, None),
    ("PV", "PV", None),
    ("Nhóm PV", "Nhóm PV", None),
    ("Bài và ảnh: Hà Linh", "Hà Linh", None),
    ("Hồng Điệp - Minh Quyết (TTXVN)", "Hồng Điệp - Minh Quyết", "TTXVN"),
    ("Theo THU HẰNG (Nhân dân)", "Thu Hằng", "Nhân dân"),
    ("Công Luận/VOV-TP.HCM", "Công Luận", None),
    ("TUYẾT MAI", "Tuyết Mai", None),
    ("By Vo Hai", "Vo Hai", None),
    ("Tác giả: Minh Hải", "Minh Hải", None),
    ("Minh Sơn (thực hiện)", "Minh Sơn", None),
    ("Thanh Bình (theo Reuters, AFP)", "Thanh Bình", "Reuters, AFP"),
    ("T.H", "T.H", None),
    ("VNS", None, "VNS"),
    ("Nguồn: Báo Nhân dân", None, "Báo Nhân dân"),
    ("Xem bài gốc tại Lao Động", None, "Lao Động"),
    ("Hà Nội kiểm tra an toàn cháy nổ tại hơn 2.000 chung cư mini", None, None),
])
def test_bylines(line, author, orig):
    b = parse_byline(line)
    if author is None and orig is None:
        assert b is None
    else:
        assert b is not None and b.author == author and b.original_source == orig


def test_related_links_tags_and_teasers_are_dropped():
    page = "\n".join([
        "Tiêu đề bài viết về giá xăng dầu hôm nay",
        "(VTV) - Sáng 5/3, giá xăng dầu trong nước được điều chỉnh tăng lần thứ ba liên tiếp theo kỳ điều hành mới.",
        "Tin liên quan:",
        "- Giá xăng tăng mạnh từ chiều nay",
        "- 04.03.2024 Xăng dầu có thể tăng giá",
        "Theo Bộ Công Thương, giá xăng E5 RON92 tăng 500 đồng mỗi lít so với kỳ trước, lên mức mới.",
        "Chia sẻ:",
        "Bình luận (3)",
        "Tags: xăng dầu / giá cả",
        "Cùng chuyên mục",
        "VTV - Một bài khác hoàn toàn không liên quan đến giá xăng dầu mà nói về thời tiết hôm nay.",
    ])
    c = label_lines(page)
    body = [ln.text for ln in c.lines if ln.label == "body"]
    assert len(body) == 2
    assert body[0].startswith("(VTV) - Sáng 5/3") and body[1].startswith("Theo Bộ Công Thương")
    assert c.title == "Tiêu đề bài viết về giá xăng dầu hôm nay"
    assert c.source == "VTV"


def test_credit_date_time_and_org_credit_lines():
    from vnnews.extract.meta import parse_credit_date, parse_org_credit, parse_time_line

    assert parse_credit_date("Theo Trí Thức Trẻ 02/11/2020 15:48 PM") == ("Trí Thức Trẻ", "2020-11-02T15:48:00+07:00")
    assert parse_credit_date("Theo báo cáo của Bộ Công Thương năm 2020") is None
    assert parse_time_line("08:47 (GMT+7)") == (8, 47) and parse_time_line("13h00") == (13, 0)
    assert parse_time_line("Sáng nay 8h") is None
    assert parse_org_credit("Phòng VH-TT huyện") == "Phòng VH-TT huyện"
    assert parse_org_credit("Phòng họp của huyện") is None


def test_header_zone_title_date_byline():
    """Site date at the top, menus, the headline, a byline, the stamp, a short sapo."""
    page = "\n".join([
        "Thứ Tư, 28/10/2020", "Trang chủ", "Thời sự", "Xã hội", "Góc Nhỏ Của Tôi",
        "Đà Nẵng tạm dừng tắm biển do sóng lớn", "Hoàng Hiệp", "Thứ Ba, 27/10/2020, 18:25 (GMT+7)",
        "Bãi biển Đà Nẵng đóng cửa từ chiều nay.",
        "UBND thành phố Đà Nẵng vừa có công văn yêu cầu tạm dừng hoạt động tắm biển tại tất cả các bãi biển.",
        "Ban quản lý các bãi biển đã cắm biển cảnh báo, bố trí lực lượng cứu hộ túc trực dọc tuyến biển.",
    ])
    c = label_lines(page)
    assert c.title == "Đà Nẵng tạm dừng tắm biển do sóng lớn"
    assert c.published == "2020-10-27T18:25:00+07:00" and c.author == "Hoàng Hiệp"
    assert [ln.label for ln in c.lines[-3:]] == ["body", "body", "body"]


def test_cleaner_is_linear_on_long_pages():
    import time

    line = "Một câu rất bình thường trong bài báo, có dấu phẩy và kết thúc bằng dấu chấm."
    small = "\n".join([line] * 2000)
    big = "\n".join([line] * 20000)
    t0 = time.perf_counter()
    label_lines(small)
    t1 = time.perf_counter()
    label_lines(big)
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 0.01)


def test_cleaner_is_linear_on_pathological_headers():
    """Thousands of date stamps and headline-like lines before the first paragraph."""
    import time

    def page(n):
        head = []
        for i in range(n):
            head += [f"Thứ Sáu, {1 + i % 28}/08/2020 08:47", f"Tiêu đề thứ {i} của một trang rất dài"]
        return "\n".join(head + ["Một câu rất bình thường trong bài báo, có dấu phẩy và kết thúc bằng dấu chấm, "
                                  "đủ dài để là đoạn văn đầu tiên của bài viết này."] * 2)

    t0 = time.perf_counter()
    label_lines(page(1000))
    t1 = time.perf_counter()
    c = label_lines(page(10000))
    t2 = time.perf_counter()
    assert (t2 - t1) < 30 * max(t1 - t0, 0.01)
    assert c.title == "Tiêu đề thứ 9999 của một trang rất dài"
