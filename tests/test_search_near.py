"""Search finds what was meant: the words of a multi-word query close together rank
first, a person's name does not match its syllables scattered over an article, a
snippet marks "ngân sách" and not the "sách" of "chính sách", results sort by date on
request, and an outlet filter takes any name of the outlet (``vnnews.outlets``)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from vnnews.model import Document, Facts, Person
from vnnews.search import search, search_events
from vnnews.store import open_store

# id: (title, text, source, published, people)
ARTICLES = {
    "name": ("Bí thư làm việc với Bộ Công Thương",
             "Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ chủ trì buổi làm việc.", "QĐND",
             "2020-08-13T19:00:00+07:00", ["Vương Đình Huệ"]),
    "scattered": ("Tin tổng hợp",
                  "Bà Vương Thị Ngân cho biết kế hoạch đã được xác định từ trước. Ở xã Hoà Huề, "
                  "nông dân bắt đầu gặt lúa.", "Dân trí", "2020-08-20T08:00:00+07:00", ["Vương Thị Ngân"]),
    "budget": ("Quốc hội bàn dự toán", "Quốc hội thảo luận dự toán ngân sách nhà nước năm 2014 và "
               "chính sách tiền lương.", "Tuổi Trẻ", "2013-10-23T09:00:00+07:00", []),
    "policy": ("Chính sách giảm nghèo", "Chính sách giảm nghèo cần thêm nguồn lực; ngân hàng chính sách "
               "cho vay ưu đãi.", "Tuổi Trẻ", "2013-10-24T09:00:00+07:00", []),
    "deficit": ("Bội chi ngân sách", "Nâng trần bội chi ngân sách lên 5,3% GDP.", "Thanh Niên",
                "2013-10-25T09:00:00+07:00", []),
    "gold-far": ("Giá cả thị trường", "Giá rau ở các chợ đầu mối phía Bắc hôm nay tăng mạnh do mưa lớn kéo dài nhiều ngày; riêng vàng miếng đứng yên.", "VnExpress",
                 "2013-10-26T09:00:00+07:00", []),
    "gold-near": ("Thị trường", "Sáng nay giá vàng tăng 200.000 đồng mỗi lượng.", "VnExpress",
                  "2013-10-22T09:00:00+07:00", []),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path = str(tmp_path_factory.mktemp("near") / "near.db")
    st = open_store(path)
    with st.transaction():
        for aid, (title, text, source, published, people) in ARTICLES.items():
            facts = Facts(people=[Person(n, [], [], [aid]) for n in people], event_date=published[:10])
            st.put_article(Document(id=aid, title=title, text=text, source=source, published=published,
                                    url=f"https://example.vn/{aid}.html", language="vi", facts=facts,
                                    event="ev-" + aid), "h-" + aid)
            st.put_event("ev-" + aid, {"id": "ev-" + aid, "title": title, "date": published[:10],
                                       "articles": [{"id": aid, "source": source, "title": title,
                                                     "published": published}]}, None)
    try:
        yield st
    finally:
        st.close()


def ids(hits: list[dict]) -> list[str]:
    return [h["id"] for h in hits]


def test_a_name_query_finds_the_name_not_its_syllables_apart(store: Any) -> None:
    assert ids(search(store, "vuong dinh hue")) == ["name"]
    assert ids(search(store, "Vương Đình Huệ")) == ["name"]
    # the scattered syllables alone still match a query that is not a known name
    assert "scattered" in ids(search(store, "vuong ngan hue"))


def test_words_close_together_rank_first(store: Any) -> None:
    hits = search(store, "gia vang tang")
    assert ids(hits)[0] == "gold-near" and hits[0]["near"] and hits[0]["phrase"]
    far = next(h for h in hits if h["id"] == "gold-far")
    assert not far["near"] and far["score"] < hits[0]["score"]


def test_snippet_marks_the_words_side_by_side(store: Any) -> None:
    hits = search(store, "ngân sách -bội")
    assert ids(hits) == ["budget"]  # "bội chi ngân sách" is excluded; "chính sách" is not "ngân sách"
    marked = [hits[0]["snippet_text"][a:b] for a, b in hits[0]["snippet_hits"]]
    assert marked == ["ngân sách"]


def test_sort_by_date(store: Any) -> None:
    by_date = ids(search(store, "ngân sách", sort="date"))
    assert by_date == ["deficit", "budget"]
    with pytest.raises(ValueError):
        search(store, "ngân sách", sort="size")
    groups = search_events(store, "ngân sách", sort="date")
    assert [g["event"]["id"] for g in groups] == ["ev-deficit", "ev-budget"]


def test_outlet_filter_takes_any_name_of_the_outlet(store: Any) -> None:
    for name in ("QĐND", "QĐND Online", "qdnd online", "www.qdnd.vn", "Quân đội nhân dân"):
        assert ids(search(store, "Huệ", source=name)) == ["name"], name
    assert search(store, "Huệ", source="Tuổi Trẻ") == []


def test_count_is_the_total_of_the_pages(store: Any) -> None:
    from vnnews.search import count

    for q in ("ngân sách", "gia vang tang", "vuong dinh hue", "Tuổi Trẻ nghèo -ngân"):
        everything = search(store, q, limit=100)
        assert count(store, q) == (len(everything), False), q
        groups = search_events(store, q, limit=100)
        assert count(store, q, events=True) == (len(groups), False), q
    n, capped = count(store, "ngân sách", cap=0)
    assert capped and n == 0
    assert count(store, "Huệ", source="Tuổi Trẻ") == (0, False)
