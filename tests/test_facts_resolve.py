"""resolve_event: merging the facts of several articles."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vnnews.facts import extract_facts, resolve_event
from vnnews.facts.resolve import is_full_name, resolve_speaker, vote_event_date
from vnnews.model import Facts, Person


def test_vote_event_date():
    assert vote_event_date(["2020-08-13", "2020-08-13", "2020-08-14"]) == "2020-08-13"
    assert vote_event_date(["2020-08-14", "2020-08-13"]) == "2020-08-13"  # tie: earliest
    assert vote_event_date([None, None]) is None


def test_is_full_name():
    assert is_full_name("Trần Quốc Khánh") and is_full_name("Hun Sen")
    assert not is_full_name("Khánh") and not is_full_name("Tuấn Anh")


def test_resolve_speaker():
    people = [Person("Vương Đình Huệ", ["Bí thư Thành ủy Hà Nội", "Ủy viên Bộ Chính trị"]),
              Person("Trần Tuấn Anh", ["Bộ trưởng Bộ Công Thương"], ["ông Tuấn Anh"]),
              Person("Trần Quốc Khánh", ["Thứ trưởng Bộ Công Thương"]),
              Person("Đỗ Thắng Hải", ["Thứ trưởng Bộ Công Thương"])]
    assert resolve_speaker("ông Khánh", people) == "Trần Quốc Khánh"
    assert resolve_speaker("Bí thư Hà Nội", people) == "Vương Đình Huệ"
    assert resolve_speaker("Bí thư Thành ủy Hà Nội", people) == "Vương Đình Huệ"
    assert resolve_speaker("Bí thư Vương Đình Huệ", people) == "Vương Đình Huệ"
    assert resolve_speaker("Bộ trưởng", people) == "Trần Tuấn Anh"
    assert resolve_speaker("ông Tuấn Anh", people) == "Trần Tuấn Anh"
    assert resolve_speaker("Thứ trưởng", people) == "Thứ trưởng"  # ambiguous
    assert resolve_speaker("Bộ Công thương", people) == "Bộ Công Thương"
    assert resolve_speaker("", people) == ""


def test_people_titles_union_without_duplicates():
    a = extract_facts("Bí thư Thành uỷ Hà Nội Vương Đình Huệ chủ trì.", "a")
    b = extract_facts("Đồng chí Vương Đình Huệ, Ủy viên Bộ Chính trị, Bí thư Thành ủy phát "
                      "biểu. Bí thư Vương Đình Huệ kết luận.", "b")
    merged = resolve_event({"a": a, "b": b})
    [hue] = merged.people
    assert hue.titles == ["Bí thư Thành ủy Hà Nội", "Ủy viên Bộ Chính trị"]
    assert hue.sources == ["a", "b"]
    assert len(hue.mentions) == 3


def test_partial_person_resolved_across_articles():
    a = extract_facts("Ông Khánh cho biết sẽ hoàn thiện quy hoạch.", "a")
    assert [p.name for p in a.people] == ["Khánh"]
    b = extract_facts("Thứ trưởng Bộ Công Thương Trần Quốc Khánh dự họp.", "b")
    merged = resolve_event({"a": a, "b": b})
    assert [(p.name, p.aliases, p.sources) for p in merged.people] == \
        [("Trần Quốc Khánh", ["ông Khánh"], ["a", "b"])]


def test_figures_merge_sources():
    text = "Thành phố có 1,2 triệu lao động trong lĩnh vực thương mại."
    merged = resolve_event({"a": extract_facts(text, "a"), "b": extract_facts(text, "b")})
    assert [(f.text, f.sources) for f in merged.figures] == [("1,2 triệu lao động", ["a", "b"])]


def test_places_and_event_date():
    a = extract_facts("Chiều 13/8, tại Hà Nội, hội nghị khai mạc ở Gia Lâm.", "a", "2020-08-14")
    b = extract_facts("Sáng 14/8, Hà Nội tiếp tục hội nghị.", "b", "2020-08-14")
    c = extract_facts("Chiều 13/8 tại Thủ đô Hà Nội.", "c", "2020-08-15")
    merged = resolve_event({"a": a, "b": b, "c": c})
    assert merged.event_date == "2020-08-13"
    assert merged.places[0] == "Hà Nội" and "Gia Lâm" in merged.places


def test_empty():
    assert resolve_event({}) == Facts()
    f = extract_facts("", "x")
    assert f == Facts()


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáạảãờớởỡợếềễểệ"
                                             "ÀÁĐÊƯHNBTQ0123456789 ,.;:%/-“”\"\n")),
               max_size=300))
def test_offsets_always_valid(text):
    f = extract_facts(text, "d", "2020-08-14")
    for p in f.people:
        for m in p.mentions:
            assert 0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.text
    for x in [*f.figures, *f.quotes, *f.dates]:
        assert 0 <= x.start <= x.end <= len(text)
    resolve_event({"d": f})


def test_merge_quotes_one_passage_one_quote():
    from vnnews.facts.resolve import merge_quotes
    from vnnews.model import Quote

    text = "Chúng ta phải làm rõ được đặc thù của thành phố trong giai đoạn tới"
    merged = merge_quotes([[Quote(text, "ông Huệ", sources=["a"], kind="reported")],
                           [Quote(text + ".", "Vương Đình Huệ", sources=["b"], kind="direct")],
                           [Quote(text, "Vương Đình Huệ", sources=["c"], kind="direct")],
                           [Quote("làm rõ được đặc thù của thành phố", "", sources=["d"])]],
                          [Person("Vương Đình Huệ", sources=["b"])])
    assert len(merged) == 1
    q = merged[0]
    assert (q.speaker, q.kind, sorted(q.sources)) == ("Vương Đình Huệ", "direct", ["a", "b", "c", "d"])


def test_merge_quotes_one_passage_in_other_words_is_shown_once():
    # VMDS vmds-12235664 / its copy: one outlet wrote "2 đồng nội tệ", the other "2 đồng tiền tệ"
    from vnnews.facts.resolve import merge_quotes
    from vnnews.model import Quote

    a = ("Các vấn đề kinh tế trong điều kiện 2 đồng nội tệ đã gây ra những rào cản rất lớn "
         "trong cuộc sống hàng ngày của chúng tôi")
    b = a.replace("nội tệ", "tiền tệ")
    other = "Việc chính phủ thống nhất một đồng nội tệ là một động thái tích cực, rất đáng hoan nghênh"
    merged = merge_quotes([[Quote(a, "", sources=["x"], kind="direct")],
                           [Quote(b, "tờ Granma", sources=["y"], kind="direct"),
                            Quote(other, "tờ Granma", sources=["y"], kind="direct")]], [])
    assert len(merged) == 2
    one = next(q for q in merged if "rào cản" in q.text)
    # each text keeps its own articles; the speaker named by the other form is kept
    assert one.speaker == "tờ Granma"
    assert (one.text == a and one.sources == ["x"]) or (one.text == b and one.sources == ["y"])
