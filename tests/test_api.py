"""JSON API of ``vnnews serve`` (``vnnews.api.create_app``): routes, errors, paging,
filters, accent-aware search, people, and hostile article text kept as plain data.

The database is made by ``vnnews.ingest`` from the two seed pages plus a JSONL file
written here (one article is an XSS attempt in every field). ``test_web.py`` reuses
the same fixtures for the HTML side.
"""
from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import vnnews
from vnnews.api import CSP, create_app
from vnnews.engine import ingest
from vnnews.schema import all_strings

from .conftest import SEED_IDS, SEEDS

XSS_ID = "xss-1"
XSS_TITLE = "<script>alert(1)</script>Tin <img src=x onerror=alert(2)> Hà Nội và Bộ Công Thương"
XSS_SOURCE = "Báo Thử <b>Nghiệm</b>"
XSS_AUTHOR = "<b onmouseover=alert(4)>Phóng viên</b>"
XSS_TAGS = ["<script>alert(6)</script>", "Hà Nội"]
XSS_URL = "javascript:alert(5)"
XSS_TEXT = (
    "Chiều 13/8, Thứ trưởng Bộ Công Thương Trần Quốc Khánh đã có buổi làm việc với lãnh đạo "
    "thành phố Hà Nội về phát triển công nghiệp <img src=x onerror=alert(2)> và thương mại trên "
    "địa bàn Thủ đô trong giai đoạn tới.\n\n"
    "Theo ông Khánh, Bộ Công Thương sẽ phối hợp chặt chẽ với Hà Nội "
    "<iframe src=javascript:alert(3)></iframe> để hoàn thiện quy hoạch các khu công nghiệp và "
    "cụm công nghiệp trên địa bàn trong năm nay.\n\n"
    "Ông Trần Quốc Khánh cho biết tăng trưởng công nghiệp của Hà Nội đạt bình quân 10,54%/năm "
    "<script>alert(7)</script> trong giai đoạn vừa qua, cao hơn mức bình quân chung của cả nước."
)
# raw markup from the XSS article that must never reach a page as markup
XSS_NEEDLES = ["<script>alert", "<img src=x onerror", "<iframe src=javascript", "<b>Nghiệm</b>",
               "<b onmouseover", "<script>"]

STORM_ID = "https://dantri.com.vn/thoi-tiet/bao-so-5 mien trung.htm?ref=a#b"  # an id with / ? # and spaces
FOOTBALL_ID = "bd-4"
HN2_ID = "hn-2"

ARTICLES: list[dict[str, Any]] = [
    {"id": XSS_ID, "title": XSS_TITLE, "text": XSS_TEXT, "source": XSS_SOURCE, "url": XSS_URL,
     "published": "2020-08-13T17:00:00+07:00", "author": XSS_AUTHOR, "tags": XSS_TAGS},
    {"id": HN2_ID, "title": "Hà Nội và Bộ Công Thương bàn phát triển công nghiệp",
     "text": ("Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ và Bộ trưởng Bộ Công Thương Trần Tuấn "
              "Anh đã chủ trì buổi làm việc giữa Thường trực Thành ủy Hà Nội và Ban Cán sự Đảng Bộ Công "
              "Thương về phát triển công nghiệp.\n\n"
              "Thứ trưởng Bộ Công Thương Trần Quốc Khánh cho biết bộ sẽ hỗ trợ Hà Nội hoàn thiện quy hoạch "
              "các khu công nghiệp, cụm công nghiệp và trung tâm thương mại trong thời gian tới."),
     "source": "VnExpress", "url": "https://vnexpress.net/ha-noi-bo-cong-thuong-4145.html",
     "published": "2020-08-13T19:30:00+07:00", "author": "Minh An", "tags": ["Hà Nội"]},
    {"id": STORM_ID, "title": "Bão số 5 đổ bộ vào Đà Nẵng, hàng nghìn hộ dân phải sơ tán",
     "text": ("Sáng 5/1, bão số 5 đã đổ bộ vào thành phố Đà Nẵng với sức gió mạnh cấp 10, giật cấp 12, "
              "khiến nhiều cây xanh bị quật đổ và hàng trăm ngôi nhà bị tốc mái.\n\n"
              "Trung tâm Dự báo khí tượng thủy văn quốc gia cho biết mưa lớn sẽ tiếp tục kéo dài tại các "
              "tỉnh miền Trung trong hai ngày tới, lượng mưa phổ biến từ 200 đến 300 mm."),
     "source": "Dân trí", "url": "https://dantri.com.vn/thoi-tiet/bao-so-5.htm",
     "published": "2021-01-05T07:00:00+07:00", "author": None, "tags": ["thời tiết"]},
    {"id": FOOTBALL_ID, "title": "Đội tuyển bóng đá Việt Nam thắng đậm trên sân Mỹ Đình",
     "text": ("Tối 2/3, đội tuyển bóng đá quốc gia Việt Nam đã giành chiến thắng đậm với tỷ số 4-0 trước "
              "đối thủ trong trận đấu giao hữu diễn ra trên sân vận động quốc gia Mỹ Đình.\n\n"
              "Huấn luyện viên trưởng cho biết các cầu thủ trẻ đã thi đấu rất tự tin và sẽ tiếp tục được "
              "trao cơ hội ra sân trong các trận đấu vòng loại sắp tới của giải."),
     "source": "Thể thao", "url": "https://thethao.vn/bong-da/viet-nam-thang-dam.html",
     "published": "2019-03-02T21:00:00+07:00", "author": None, "tags": ["bóng đá"]},
]


# ----------------------------------------------------------------------- data
def _write_jsonl(path: pathlib.Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for a in ARTICLES:
            fh.write(json.dumps(a, ensure_ascii=False) + "\n")


def build_db(path: str) -> str:
    """Ingest the seeds and the JSONL articles into ``path`` with ``vnnews.ingest``
    (every article must be stored)."""
    jsonl = pathlib.Path(path).with_suffix(".jsonl")
    _write_jsonl(jsonl)
    # vnnews.engine.ingest is vnnews.ingest; the attribute of the package is shadowed by
    # the subpackage vnnews.ingest once that is imported, so call it by its module
    res = ingest([str(SEEDS), str(jsonl)], db=path)
    assert res.stored == len(ARTICLES) + len(SEED_IDS), [str(d) for d in res.drops]
    return path


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test database, built once per session (``test_web.py`` imports this fixture,
    which gives it a second definition: both use the same file)."""
    folder = tmp_path_factory.getbasetemp() / "web-api-db"
    path = folder / "web.db"
    if not (folder / "done").exists():
        folder.mkdir(exist_ok=True)
        build_db(str(path))
        (folder / "done").touch()
    return str(path)


@pytest.fixture(scope="session")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db)) as c:
        yield c


@pytest.fixture(scope="session")
def xss_event(web_db: str) -> dict:
    art = vnnews.article(XSS_ID, db=web_db)
    assert art and art["event"]
    card = vnnews.show(art["event"], db=web_db)
    assert card is not None
    return card


def person_of(card: dict, web_db: str) -> str:
    """The first person of the event's card (the XSS article names Trần Quốc Khánh)."""
    assert card["people"], card["id"]
    return card["people"][0]["name"]


def assert_json(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].split(";")[0] == "application/json"
    for needle in XSS_NEEDLES + ["<", ">"]:
        assert needle not in r.text, (needle, r.text[:300])
    return r.json()




# ---------------------------------------------------------------------- tests
def test_openapi_schema_works_offline(client: TestClient) -> None:
    spec = assert_json(client.get("/openapi.json"))
    for p in ("/api/events", "/api/events/{event_id}", "/api/search", "/api/articles/{article_id}",
              "/api/people/{name}"):
        assert p in spec["paths"], sorted(spec["paths"])
    assert not any(p.startswith(("/events", "/search", "/people", "/articles")) for p in spec["paths"])


def test_events_list_briefs_by_latest_update_with_paging(client: TestClient, web_db: str) -> None:
    """/api/events lists briefs (not whole cards), latest update first (?sort=date: by
    event date), paged, with the total in X-Total-Count."""
    r = client.get("/api/events", params={"limit": 500})
    everything = assert_json(r)
    total = int(r.headers["x-total-count"])
    assert total == len(everything) >= 3
    cards = vnnews.events(db=web_db)
    by_update = sorted(cards, key=lambda c: (c.get("updated") or "", c["id"]), reverse=True)
    assert [e["id"] for e in everything] == [c["id"] for c in by_update]
    by_date = assert_json(client.get("/api/events", params={"limit": 500, "sort": "date"}))
    assert [e["id"] for e in by_date] == [c["id"] for c in cards]
    dates = [e["date"] for e in by_date if e["date"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/events", params={"sort": "size"}).status_code == 422
    paged: list[str] = []
    for offset in range(0, total, 2):
        page = assert_json(client.get("/api/events", params={"limit": 2, "offset": offset}))
        assert 1 <= len(page) <= 2
        paged += [e["id"] for e in page]
    assert paged == [e["id"] for e in everything]
    assert assert_json(client.get("/api/events", params={"offset": total})) == []
    default = assert_json(client.get("/api/events"))
    assert len(default) == min(total, 20)
    full = {c["id"]: c for c in cards}
    for brief in everything:  # a brief: what a list shows, the card is one request away
        assert {"id", "title", "date", "updated", "summary", "n_articles", "n_outlets", "outlets", "places"} <= set(brief)
        assert "articles" not in brief and "figures" not in brief
        card = full[brief["id"]]
        assert brief["n_articles"] == len(card["articles"]) and brief["title"] == card["title"]
        assert card["summary"] and card["summary"][0]["text"].startswith(brief["summary"].rstrip("…"))


def test_events_filters(client: TestClient, xss_event: dict, web_db: str) -> None:
    storm = vnnews.show(vnnews.article(STORM_ID, db=web_db)["event"], db=web_db)
    assert storm["id"] != xss_event["id"]
    for place in ("Hà Nội", "ha noi", "HÀ NỘI"):
        ids = [e["id"] for e in assert_json(client.get("/api/events", params={"place": place}))]
        assert xss_event["id"] in ids and storm["id"] not in ids, place
    assert "Hà Nội" in xss_event["places"]
    assert "Đà Nẵng" in storm["places"]
    ids = [e["id"] for e in assert_json(client.get("/api/events", params={"place": "da nang"}))]
    assert ids == [storm["id"]]
    assert assert_json(client.get("/api/events", params={"place": "Hà Nam Ninh"})) == []
    r = client.get("/api/events", params={"place": "Hà Nội", "limit": 1})
    assert len(assert_json(r)) == 1 and int(r.headers["x-total-count"]) >= 1

    name = person_of(xss_event, web_db)
    ids = [e["id"] for e in assert_json(client.get("/api/events", params={"person": name}))]
    assert xss_event["id"] in ids and storm["id"] not in ids

    day = xss_event["date"][:10]
    ids = [e["id"] for e in assert_json(client.get("/api/events", params={"date_from": day, "date_to": day}))]
    assert xss_event["id"] in ids and storm["id"] not in ids
    ids = [e["id"] for e in assert_json(client.get("/api/events", params={"date_from": "2030-01-01"}))]
    assert ids == []


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": -1}, {"limit": 100000}, {"limit": "abc"}, {"offset": -1},
    {"date_from": "13/08/2020"}, {"date_to": "2020-13-45"},
    {"date_from": "2021-01-01", "date_to": "2020-01-01"},
])
def test_events_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    body = assert_json(client.get("/api/events", params=params), 422)
    assert "detail" in body


def test_one_event(client: TestClient, xss_event: dict) -> None:
    card = assert_json(client.get("/api/events/" + quote(xss_event["id"], safe="")))
    assert card == json.loads(json.dumps(xss_event))
    assert XSS_ID in {a["id"] for a in card["articles"]}


@pytest.mark.parametrize("path", [
    "/api/events/ev-nope", "/api/articles/nope", "/api/people/Không%20Ai%20Cả",
    "/api/events/%3Cscript%3Ealert(8)%3C%2Fscript%3E", "/api/articles/%3Cimg%20src%3Dx%20onerror%3Dalert(8)%3E",
    "/api/nothing-here",
])
def test_unknown_ids_are_json_404(client: TestClient, path: str) -> None:
    body = assert_json(client.get(path), 404)
    assert set(body) == {"detail"}


def test_article_round_trip_and_ids_with_slashes(client: TestClient, web_db: str) -> None:
    ids = [XSS_ID, STORM_ID] + [s for s in SEED_IDS if vnnews.article(s, db=web_db)]
    for aid in ids:
        art = assert_json(client.get("/api/articles/" + quote(aid, safe="")))
        assert art == vnnews.article(aid, db=web_db)
        assert set(art) == {"id", "title", "source", "original_source", "url", "published", "author",
                            "tags", "language", "event", "text"}
        assert art["id"] == aid


def test_hostile_article_is_plain_data(client: TestClient, web_db: str) -> None:
    """The XSS fields come back as the very strings stored: data, not markup."""
    r = client.get("/api/articles/" + XSS_ID)
    art = assert_json(r)
    assert "\\u003cscript\\u003e" in r.text  # escaped in the body, exact once parsed
    assert art["url"] == XSS_URL
    assert "<script>alert(6)</script>" in art["tags"]
    stored = vnnews.article(XSS_ID, db=web_db)
    assert art["title"] == stored["title"] and art["author"] == stored["author"]
    assert art["source"] == stored["source"]


def test_every_api_response_escapes_markup(client: TestClient, xss_event: dict, web_db: str) -> None:
    name = person_of(xss_event, web_db)
    for path, params in [("/api/events", {"limit": 500}), ("/api/events/" + xss_event["id"], {}),
                         ("/api/articles/" + XSS_ID, {}), ("/api/search", {"q": "Bộ Công Thương"}),
                         ("/api/search", {"q": "alert"}), ("/api/search", {"q": "<script>alert(9)</script>"}),
                         ("/api/people/" + quote(name, safe=""), {}), ("/openapi.json", {})]:
        r = client.get(path, params=params)
        assert_json(r)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"


def test_search_accented_and_unaccented(client: TestClient) -> None:
    accented = assert_json(client.get("/api/search", params={"q": "Bộ Công Thương"}))
    bare = assert_json(client.get("/api/search", params={"q": "bo cong thuong"}))
    for hits in (accented, bare):
        ids = {h["id"] for h in hits}
        assert XSS_ID in ids and HN2_ID in ids and STORM_ID not in ids
        for h in hits:
            assert set(h) >= {"id", "title", "source", "published", "event", "snippet", "score"}
    assert any("[" in (h["snippet"] or "") for h in accented)
    storm = assert_json(client.get("/api/search", params={"q": "Đà Nẵng"}))
    assert [h["id"] for h in storm] == [STORM_ID]
    bare = assert_json(client.get("/api/search", params={"q": "da nang"}))  # also "đa năng", ...
    assert STORM_ID in [h["id"] for h in bare] and XSS_ID not in [h["id"] for h in bare]
    assert assert_json(client.get("/api/search", params={"q": "Đà Nẳng"})) == []  # wrong tone: no match
    limited = assert_json(client.get("/api/search", params={"q": "bo cong thuong", "limit": 1}))
    assert len(limited) == 1
    assert assert_json(client.get("/api/search", params={"q": "\"\" *"})) == []


@pytest.mark.parametrize("params", [
    {}, {"q": ""}, {"q": "x" * 501}, {"q": "a", "limit": 0}, {"q": "a", "offset": -1},
    {"q": "a", "date_from": "13/08/2020"}, {"q": "a", "date_to": "2020-02-30"},
    {"q": "a", "date_from": "2021-01-01", "date_to": "2020-01-01"}, {"q": "a", "person": "x" * 201},
])
def test_search_bad_parameters_are_422(client: TestClient, params: dict) -> None:
    assert "detail" in assert_json(client.get("/api/search", params=params), 422)
    assert "detail" in assert_json(client.get("/api/search/events", params=params), 422)


def test_search_hits_show_the_original_text(client: TestClient) -> None:
    hits = assert_json(client.get("/api/search", params={"q": "vuong dinh hue"}))
    hn2 = next(h for h in hits if h["id"] == HN2_ID)
    assert [hn2["snippet_text"][a:b] for a, b in hn2["snippet_hits"]] == ["Vương Đình Huệ"]
    assert "[Vương Đình Huệ]" in hn2["snippet"] and hn2["exact"] is False
    accented = assert_json(client.get("/api/search", params={"q": "Huệ"}))
    assert HN2_ID in {h["id"] for h in accented} and all(h["exact"] for h in accented)
    assert STORM_ID not in {h["id"] for h in accented}
    paged = [h["id"] for h in assert_json(client.get("/api/search", params={"q": "bo cong thuong", "limit": 1,
                                                                             "offset": 1}))]
    every = [h["id"] for h in assert_json(client.get("/api/search", params={"q": "bo cong thuong"}))]
    assert paged == every[1:2]


def test_search_filters(client: TestClient, web_db: str) -> None:
    def found(**params: Any) -> set[str]:
        return {h["id"] for h in assert_json(client.get("/api/search", params=params))}

    assert found(q="bo cong thuong", date_from="2020-08-13", date_to="2020-08-13") >= {XSS_ID, HN2_ID}
    assert found(q="bo cong thuong", date_from="2020-08-15") & {XSS_ID, HN2_ID} == set()
    assert found(q="bo cong thuong", source="vnexpress") == {HN2_ID}
    assert found(q="bo cong thuong", source="Báo không có") == set()
    assert found(q="thoi tiet bao", place="da nang") <= {STORM_ID}
    assert found(q="thanh pho", place="Nơi Không Có") == set()
    from vnnews.store import open_store

    st = open_store(web_db)
    try:  # the articles naming him, as the engine found them
        naming = {r[0] for r in st.db.execute(
            "SELECT article_id FROM mentions WHERE kind = 'person' AND name = 'Trần Quốc Khánh'")}
    finally:
        st.close()
    everything = found(q="bo cong thuong")
    assert found(q="bo cong thuong", person="tran quoc khanh") == everything & naming
    assert found(q="bo cong thuong", person="TRẦN QUỐC KHÁNH") == everything & naming


def test_search_events(client: TestClient, web_db: str) -> None:
    groups = assert_json(client.get("/api/search/events", params={"q": "bo cong thuong"}))
    assert groups and all({"event", "n_hits", "hits"} <= set(g) for g in groups)
    seen = [h["id"] for g in groups for h in g["hits"]]
    assert XSS_ID in seen and HN2_ID in seen and len(seen) == len(set(seen))
    for g in groups:  # every article of the archive is in an event
        assert g["event"], g
        card = vnnews.show(g["event"]["id"], db=web_db)
        members = {a["id"] for a in card["articles"]}
        assert {h["id"] for h in g["hits"]} <= members
        assert g["n_hits"] >= len(g["hits"]) >= 1
    assert assert_json(client.get("/api/search/events", params={"q": "bo cong thuong", "limit": 1})) == groups[:1]


def test_person_events_over_time(client: TestClient, xss_event: dict, web_db: str) -> None:
    name = person_of(xss_event, web_db)
    person = assert_json(client.get("/api/people/" + quote(name, safe="")))
    assert person["name"] == name
    assert xss_event["id"] in [e["id"] for e in person["events"]]
    dates = [e["date"] or "9999" for e in person["events"]]
    assert dates == sorted(dates)
    for e in person["events"]:
        assert e["articles"], e
    entry = next(p for p in xss_event["people"] if p["name"] == name)
    assert set(entry["titles"]) <= set(person["titles"])
    folded = re.sub(r"\s+", " ", name)
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    bare = bare.replace("Đ", "D").replace("đ", "d").lower()
    again = assert_json(client.get("/api/people/" + quote(bare, safe="")))
    assert xss_event["id"] in [e["id"] for e in again["events"]]


def test_api_index(client: TestClient) -> None:
    body = assert_json(client.get("/api"))
    assert body["openapi"] == "/openapi.json"


def test_search_totals(client: TestClient) -> None:
    """/api/search and /api/search/events give the number of matches in all in
    X-Total-Count: the length of the full list, whatever the page."""
    for path in ("/api/search", "/api/search/events"):
        r = client.get(path, params={"q": "công", "limit": 1})
        total = int(r.headers["x-total-count"])
        everything = assert_json(client.get(path, params={"q": "công", "limit": 100}))
        assert total == len(everything) >= 2 and len(assert_json(r)) == 1
        assert "x-total-count-capped" not in r.headers
        none = client.get(path, params={"q": "zzzkhongco"})
        assert none.headers["x-total-count"] == "0" and assert_json(none) == []
