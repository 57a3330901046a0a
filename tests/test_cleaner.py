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
])
def test_date_lines(line, iso):
    assert parse_date_line(line) == iso


@pytest.mark.parametrize("line,outlet", [
    ("(Tổ Quốc) - Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ đã chủ trì", "Tổ Quốc"),
    ("DNTH: Chiều 13/8, đồng chí Vương Đình Huệ, Ủy viên Bộ Chính trị, Bí thư", "DNTH"),
    ("TTO - Sáng nay, hàng nghìn người đã tham gia diễu hành tại trung tâm", "TTO"),
    ("UBND: Ủy ban nhân dân thành phố đã ban hành quyết định mới về giá", None),
    ("Hà Nội - thành phố vì hòa bình", None),
])
def test_outlet_prefix(line, outlet):
    p = outlet_prefix(line)
    assert (p.outlet if p else None) == outlet


@pytest.mark.parametrize("line,author,orig", [
    ("Theo NGUYÊN TRANG; Ảnh: DUY LINH (Nhân dân)", "Nguyên Trang", "Nhân dân"),
    ("Theo VnExpress", None, "VnExpress"),
    ("Minh Anh", "Minh Anh", None),
    ("Đây là một câu bình thường trong bài báo, không phải dòng tác giả.", None, None),
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
