"""Acceptance tests of the facts stage on the two seed articles (one event)."""
from __future__ import annotations

import pathlib

import pytest

from vnnews.facts import extract_facts, resolve_event
from vnnews.facts.lexicon import key, org_key

SEEDS = pathlib.Path(__file__).resolve().parent.parent / "examples" / "seeds"
ID0 = "000_69dc071e8ae462b1"
ID1 = "001_ff470c2923c8895d"


def seed_body(doc_id: str) -> str:
    """The article body of a seed: see the facts-stage brief."""
    lines = (SEEDS / f"{doc_id}.txt").read_text(encoding="utf-8").splitlines()
    if doc_id == ID0:
        lines = [ln for ln in lines
                 if not ln.startswith(("- 22.07.2020", "- 14.07.2020", "- 10.07.2020"))]
    else:
        end = next(i for i, ln in enumerate(lines) if ln.startswith("Theo NGUYÊN TRANG"))
        lines = lines[2:end]
    return "\n\n".join(ln.strip() for ln in lines if ln.strip())


@pytest.fixture(scope="module")
def per_doc():
    return {
        ID0: extract_facts(seed_body(ID0), ID0, "2020-08-14"),
        ID1: extract_facts(seed_body(ID1), ID1, "2020-08-14T08:47:00"),
    }


@pytest.fixture(scope="module")
def event(per_doc):
    return resolve_event(per_doc)


def _person(facts, name):
    hits = [p for p in facts.people if p.name == name]
    assert len(hits) == 1, [p.name for p in facts.people]
    return hits[0]


def _has_title(person, title):
    return key(title) in {key(t) for t in person.titles}


def test_people_and_titles(event):
    hue = _person(event, "Vương Đình Huệ")
    assert _has_title(hue, "Bí thư Thành ủy Hà Nội")
    assert _has_title(hue, "Ủy viên Bộ Chính trị")
    anh = _person(event, "Trần Tuấn Anh")
    assert _has_title(anh, "Bộ trưởng Bộ Công Thương")
    khanh = _person(event, "Trần Quốc Khánh")
    assert _has_title(khanh, "Thứ trưởng Bộ Công Thương")
    assert "ông Khánh" in khanh.aliases
    hai = _person(event, "Đỗ Thắng Hải")
    assert _has_title(hai, "Thứ trưởng Bộ Công Thương")
    hang = _person(event, "Ngô Thị Thanh Hằng")
    assert _has_title(hang, "Phó Bí thư Thường trực Thành ủy Hà Nội")


def test_titles_have_no_duplicates(event):
    for p in event.people:
        keys = [key(t) for t in p.titles]
        assert len(keys) == len(set(keys)), p.titles
    # "Bộ trưởng Công thương" (seed 001) is the same title as "Bộ trưởng Bộ Công Thương"
    anh = _person(event, "Trần Tuấn Anh")
    assert sum("bộ trưởng" in key(t) for t in anh.titles) == 1, anh.titles


def test_no_bogus_people(event):
    names = {p.name for p in event.people}
    for bogus in ("Hà Nội", "Bộ Công", "Thủ đô", "Đặc biệt", "Bộ Công Thương", "Công Thương",
                  "Khánh", "Thành ủy", "Tổ Quốc", "TP HCM"):
        assert bogus not in names
    assert names == {"Vương Đình Huệ", "Trần Tuấn Anh", "Trần Quốc Khánh", "Đỗ Thắng Hải",
                     "Ngô Thị Thanh Hằng"}


def test_people_sources(event):
    assert _person(event, "Vương Đình Huệ").sources == [ID0, ID1]
    assert _person(event, "Trần Tuấn Anh").sources == [ID0, ID1]
    assert _person(event, "Trần Quốc Khánh").sources == [ID0]
    assert _person(event, "Ngô Thị Thanh Hằng").sources == [ID1]


def _quote(facts, prefix):
    hits = [q for q in facts.quotes if q.text.startswith(prefix)]
    assert len(hits) == 1, [q.text[:30] for q in facts.quotes]
    return hits[0]


def test_direct_quotes_and_speakers(event):
    q = _quote(event, "Với mục tiêu đã xác định")
    assert (q.speaker, q.kind) == ("Trần Quốc Khánh", "direct")
    assert _quote(event, "Chúng ta đã làm rõ").speaker == "Trần Tuấn Anh"
    assert _quote(event, "Trước khi quá muộn").speaker == "Trần Tuấn Anh"
    q = _quote(event, "Đặc biệt là đối với ngành công nghiệp chế biến chế tạo")
    assert q.speaker == "Vương Đình Huệ"
    assert q.sources == [ID0]


def test_short_quoted_phrases_are_not_quotes(event):
    texts = {q.text for q in event.quotes}
    assert "lạc lối" not in texts and "phủ kín" not in texts


def test_reported_speech(event):
    q = _quote(event, "Hà Nội là trung tâm chính trị")
    assert (q.speaker, q.kind) == ("Đỗ Thắng Hải", "reported")
    q = _quote(event, "Hà Nội cần tạo ra cơ")  # "Cũng theo Bộ trưởng, ..."
    assert q.speaker == "Trần Tuấn Anh"
    q = _quote(event, "5 năm qua")  # "Theo báo cáo của UBND TP Hà Nội, ..."
    assert q.speaker == "UBND TP Hà Nội"


def test_quote_offsets(per_doc):
    for doc_id, f in per_doc.items():
        text = seed_body(doc_id)
        for q in f.quotes:
            assert " ".join(text[q.start:q.end].split()) == q.text


def test_organisations(event):
    keys = [org_key(o) for o in event.organizations]
    assert len(keys) == len(set(keys)), event.organizations
    assert sum(key(o) == key("Bộ Công Thương") for o in event.organizations) == 1
    assert "Bộ Công Thương" in event.organizations
    for org in ("Thành ủy Hà Nội", "UBND TP Hà Nội", "Bộ Chính trị",
                "Tổng Công ty Truyền tải điện quốc gia"):
        assert org in event.organizations, event.organizations
    assert not any(key(o) == key("Bộ Công thương") and o != "Bộ Công Thương"
                   for o in event.organizations)


def test_places(per_doc, event):
    # every place of the articles is found ...
    every = {p for f in per_doc.values() for p in f.places}
    for place in ("Hà Nội", "Thạch Thất", "Quốc Oai", "Hòa Lạc", "Gia Lâm", "Sóc Sơn",
                  "Đông Anh", "Phú Nghĩa"):
        assert place in every, every
    # ... and the card lists the salient ones (title, lead, named twice, listed with two
    # others): passing mentions do not head it
    assert event.places[:3] == ["Hà Nội", "Sóc Sơn", "Đông Anh"], event.places
    # then the districts of Hà Nội named in passing (inside a salient place), after them
    for place in ("Thạch Thất", "Quốc Oai", "Gia Lâm"):
        assert place in event.places[3:], event.places
    for place in ("Quảng Ngãi", "Vũng Tàu", "Gia Lai", "Thủ đô", "TP"):
        assert place not in event.places
    assert event.places[0] == "Hà Nội"


def _figure(facts, text):
    hits = [f for f in facts.figures if text in f.text]
    assert hits, [f.text for f in facts.figures]
    return hits[0]


def test_figures(event):
    f = _figure(event, "23%")
    assert (f.value, f.unit) == (23, "%")
    assert "tỷ trọng ngành công nghiệp, thương mại, xây dựng chiếm khoảng 23%" in f.context
    assert len(f.context) <= 210
    f = _figure(event, "10,54%/năm")
    assert f.value == pytest.approx(10.54) and f.unit == "%/năm"
    f = _figure(event, "8,3%")
    assert f.value == pytest.approx(8.3) and f.unit == "%"
    f = _figure(event, "1,2 triệu lao động")
    assert f.value == 1_200_000 and f.unit == "lao động"
    f = _figure(event, "22,7 đến 23,0%")
    assert f.value == pytest.approx(22.7) and f.unit == "%"
    texts = {f.text for f in event.figures}
    assert not any(t.startswith(("50", "6 ", "2016", "2020")) for t in texts), texts
    assert all(f.sources for f in event.figures)


def test_figure_offsets(per_doc):
    for doc_id, f in per_doc.items():
        text = seed_body(doc_id)
        for fig in f.figures:
            assert " ".join(text[fig.start:fig.end].split()) == fig.text
            assert fig.doc_id == doc_id


def test_event_date(per_doc, event):
    assert per_doc[ID0].event_date == "2020-08-13"
    assert per_doc[ID1].event_date == "2020-08-13"
    assert event.event_date == "2020-08-13"


def test_dates(per_doc):
    d0 = {d.text: d for d in per_doc[ID0].dates}
    assert d0["Chiều 13/8"].date == "2020-08-13"
    assert d0["đến năm 2025"].date == "2025"
    d1 = {d.text: d for d in per_doc[ID1].dates}
    assert (d1["5 năm 2016 – 2020"].date, d1["5 năm 2016 – 2020"].end_date) == ("2016", "2020")


def test_mentions_point_into_text(per_doc):
    for doc_id, f in per_doc.items():
        text = seed_body(doc_id)
        for p in f.people:
            assert p.mentions
            for m in p.mentions:
                assert text[m.start:m.end] == m.text and m.doc_id == doc_id
