"""Accent-aware search (``vnnews.search`` over the store's FTS5 table): exact accents,
unaccented queries over every accented form with the exact forms first, tone-placement
variants, phrases, exclusions, filters, snippets of the original text, events, and the
store's indexed event listing and person lookup.

The archive is written straight to the store (no NLP pipeline), so each article's
text, outlet, date, people, places and event are exactly those written here.
"""
from __future__ import annotations

import pathlib
from collections.abc import Iterator
from typing import Any

import pytest

import vnnews
from vnnews.model import Document, Facts, Person
from vnnews.normalize import fold
from vnnews.search import (fold_text, has_diacritics, index_columns, name_matches, parse_query, search,
                           search_events, snippet)
from vnnews.store import open_store

# id: (title, text, source, published, people, places, event)
ARTICLES: dict[str, tuple[str, str, str, str, list[str], list[str], str | None]] = {
    "hue-name": ("Bí thư Vương Đình Huệ làm việc với Bộ Công Thương",
                 "Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ đã chủ trì buổi làm việc về phát triển "
                 "công nghiệp của Thủ đô.", "VnExpress", "2020-08-13T19:30:00+07:00",
                 ["Vương Đình Huệ"], ["Hà Nội"], "ev-hn"),
    "hue-name-2": ("Hà Nội và Bộ Công Thương bàn phát triển công nghiệp",
                   "Ông VƯƠNG ĐÌNH HUỆ cho biết Hà Nội sẽ hoàn thiện quy hoạch các khu công nghiệp. "
                   "Thứ trưởng Trần Quốc Khánh nhất trí.", "Dân trí", "2020-08-14T08:00:00+07:00",
                   ["Vương Đình Huệ", "Trần Quốc Khánh"], ["Hà Nội"], "ev-hn"),
    "hue-city": ("Mưa lớn ở Huế", "Thành phố Huế mưa lớn suốt đêm, nhiều tuyến phố ngập sâu.",
                 "Tuổi Trẻ", "2020-10-10T06:00:00+07:00", [], ["Huế"], "ev-hue"),
    "hue-literal": ("Vietnam news digest", "English digest: vuong dinh hue met the ministry of industry.",
                    "Digest", "2020-08-15", [], [], None),
    "hoa-new": ("Gìn giữ hoà bình", "Việt Nam cử lực lượng gìn giữ hoà bình; thuỷ quân lục chiến tham gia.",
                "VnExpress", "2021-03-01T09:00:00+07:00", [], [], "ev-hoa"),
    "hoa-old": ("Khu công nghệ cao Hòa Lạc", "Khu công nghệ cao Hòa Lạc đón nhà đầu tư; Thủy điện Hòa Bình "
                "vận hành ổn định.", "Dân trí", "2021-03-02T09:00:00+07:00", [], ["Hòa Lạc"], "ev-hoa"),
    "phrase-no": ("Công nghiệp và thương mại", "Ngành công nghiệp tăng trưởng, còn Hà Nội thì giữ nhịp "
                  "thương mại ổn định.", "Nhân Dân", "2019-05-05", [], ["Hà Nội"], None),
    "long": ("Bài dài", " ".join(["Đây là một câu văn không liên quan đến chủ đề chính của bài viết."] * 30)
             + " Cuối bài mới nhắc đến Vương Đình Huệ và Thủ đô." + " Thêm một câu kết." * 5,
             "Lao Động", "2020-09-01", [], [], None),
    "wrong-tone": ("Đà Nẵng đón bão", "Bão số 5 đổ bộ vào Đà Nẵng với sức gió mạnh.", "Dân trí",
                   "2021-01-05T07:00:00+07:00", [], ["Đà Nẵng"], "ev-storm"),
}


def _write(path: str) -> None:
    st = open_store(path)
    try:
        with st.transaction():
            events: dict[str, list[str]] = {}
            for aid, (title, text, source, published, people, places, ev) in ARTICLES.items():
                facts = Facts(people=[Person(n, [], [], [aid]) for n in people], places=places,
                              event_date=published[:10])
                st.put_article(Document(id=aid, title=title, text=text, source=source, published=published,
                                        url=f"https://example.vn/{aid}.html", language="vi", facts=facts,
                                        event=ev), "h-" + aid)
                if ev:
                    events.setdefault(ev, []).append(aid)
            for ev, ids in events.items():
                first = ARTICLES[ids[0]]
                st.put_event(ev, {
                    "id": ev, "title": first[0], "date": first[3][:10],
                    "places": sorted({p for i in ids for p in ARTICLES[i][5]}),
                    "people": [{"name": n, "titles": [], "aliases": [], "sources": [i for i in ids
                                                                                   if n in ARTICLES[i][4]]}
                               for n in dict.fromkeys(n for i in ids for n in ARTICLES[i][4])],
                    "articles": [{"id": i, "source": ARTICLES[i][2], "title": ARTICLES[i][0],
                                  "published": ARTICLES[i][3]} for i in ids],
                }, None)
    finally:
        st.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("search") / "search.db")
    _write(path)
    return path


@pytest.fixture
def store(archive: str) -> Iterator[Any]:
    st = open_store(archive)
    try:
        yield st
    finally:
        st.close()


def ids(hits: list[dict]) -> list[str]:
    return [h["id"] for h in hits]


# ------------------------------------------------------------------- accents
def test_accented_query_matches_exactly_those_accents(store: Any) -> None:
    assert set(ids(search(store, "Huệ"))) == {"hue-name", "hue-name-2", "long"}
    assert ids(search(store, "Huế")) == ["hue-city"]
    assert ids(search(store, "huế")) == ["hue-city"]  # case never matters
    assert ids(search(store, "Đà Nẵng")) == ["wrong-tone"]
    assert search(store, "Đà Nẳng") == []  # another tone is another word


def test_unaccented_query_expands_to_every_accented_form(store: Any) -> None:
    assert set(ids(search(store, "hue"))) == {"hue-name", "hue-name-2", "hue-city", "hue-literal", "long"}
    hits = search(store, "vuong dinh hue")
    assert set(ids(hits)) == {"hue-name", "hue-name-2", "hue-literal", "long"}
    assert "hue-city" not in ids(hits)


def test_exact_forms_rank_first(store: Any) -> None:
    hits = search(store, "vuong dinh hue")
    assert hits[0]["id"] == "hue-literal" and hits[0]["exact"] is True
    assert all(h["exact"] is False for h in hits[1:])
    # an accented query is exact by definition, and the unaccented article is not a match
    hits = search(store, "Vương Đình Huệ")
    assert "hue-literal" not in ids(hits) and all(h["exact"] for h in hits)
    # the title counts more than the text: the article with the name in its title first
    assert hits[0]["id"] == "hue-name"


def test_mixed_query_each_word_by_its_rule(store: Any) -> None:
    assert set(ids(search(store, "Vương dinh hue"))) == {"hue-name", "hue-name-2", "long"}
    assert set(ids(search(store, '"Vương dinh hue"'))) == {"hue-name", "hue-name-2", "long"}
    assert set(ids(search(store, '"vuong dinh Huệ"'))) == {"hue-name", "hue-name-2", "long"}
    assert search(store, '"vuong dinh Huế"') == []


@pytest.mark.parametrize("query", ["hòa bình", "hoà bình", "HOÀ BÌNH", "Hòa Bình"])
def test_tone_placement_variants_match_each_other(store: Any, query: str) -> None:
    assert set(ids(search(store, query))) == {"hoa-new", "hoa-old"}


def test_tone_placement_thuy(store: Any) -> None:
    assert set(ids(search(store, "thủy"))) == {"hoa-new", "hoa-old"}
    assert set(ids(search(store, "thuỷ"))) == {"hoa-new", "hoa-old"}
    # the snippet shows each article's own spelling, highlighted
    hits = {h["id"]: h for h in search(store, "thủy")}
    assert "[thuỷ]" in hits["hoa-new"]["snippet"] and "[Thủy]" in hits["hoa-old"]["snippet"]


# -------------------------------------------------------------- query language
def test_phrases(store: Any) -> None:
    words = set(ids(search(store, "công nghiệp Hà Nội")))
    assert {"hue-name", "hue-name-2", "phrase-no"} <= words
    phrase = set(ids(search(store, '"công nghiệp của Thủ đô"')))
    assert phrase == {"hue-name"}
    assert "phrase-no" not in set(ids(search(store, '"Hà Nội sẽ"')))
    assert set(ids(search(store, '"ha noi se"'))) == {"hue-name-2"}
    # punctuation between the words of a phrase does not matter (as for FTS5)
    assert set(ids(search(store, '"thành phố huế mưa"'))) == {"hue-city"}


def test_exclusions(store: Any) -> None:
    assert set(ids(search(store, "hue -Huế"))) == {"hue-name", "hue-name-2", "hue-literal", "long"}
    assert set(ids(search(store, 'hue -"vuong dinh"'))) == {"hue-city"}
    assert search(store, "-hue") == []  # nothing to look for


@pytest.mark.parametrize("query", ["", "   ", '""', '"" *', "* - ?", "-"])
def test_empty_queries(store: Any, query: str) -> None:
    assert search(store, query) == []
    assert search_events(store, query) == []
    assert parse_query(query) is None


def test_hostile_queries_are_words(store: Any) -> None:
    for q in ['NEAR(hue dinh)', 'hue OR huế', '"unterminated', "title:hue", "{title}: hue", "hue*", "^hue",
              "<script>alert(1)</script>", "a\x00b", "'; DROP TABLE articles; --"]:
        search(store, q)  # never an FTS5 syntax error
    assert set(ids(search(store, "hue OR huế"))) == set()  # "or" is a word (ANDed), and no article has it


def test_limit_and_offset(store: Any) -> None:
    everything = ids(search(store, "hue", limit=50))
    assert ids(search(store, "hue", limit=2)) == everything[:2]
    assert ids(search(store, "hue", limit=2, offset=2)) == everything[2:4]
    assert search(store, "hue", limit=0) == []


# --------------------------------------------------------------------- filters
def test_filters_by_date(store: Any) -> None:
    assert set(ids(search(store, "hue", date_from="2020-08-14"))) == {"hue-name-2", "hue-city", "hue-literal",
                                                                       "long"}
    assert set(ids(search(store, "hue", date_to="2020-08-13"))) == {"hue-name"}
    assert set(ids(search(store, "hue", date_from="2020-08-13", date_to="2020-08-14"))) == {"hue-name",
                                                                                           "hue-name-2"}
    with pytest.raises(ValueError):
        search(store, "hue", date_from="13/08/2020")
    with pytest.raises(ValueError):
        search(store, "hue", date_from="2021-01-01", date_to="2020-01-01")


def test_filters_by_outlet_person_place(store: Any) -> None:
    for src in ("Dân trí", "dan tri", "DÂN TRÍ"):
        assert set(ids(search(store, "hue", source=src))) == {"hue-name-2"}, src
    assert search(store, "hue", source="Dân Tri") == []  # accents as typed: "Tri" is not "trí"...
    assert search(store, "hue", source="Báo Không Có") == []
    for name in ("Trần Quốc Khánh", "tran quoc khanh", "TRẦN QUỐC KHÁNH"):
        assert ids(search(store, "vuong dinh hue", person=name)) == ["hue-name-2"], name
    assert search(store, "hue", person="Trần Quốc Khang") == []
    assert set(ids(search(store, "hue", place="ha noi"))) == {"hue-name", "hue-name-2"}
    assert ids(search(store, "hue", place="Huế")) == ["hue-city"]
    assert ids(search(store, "hoa binh", place="hoa lac")) == ["hoa-old"]
    assert ids(search(store, "hue", place="Hà Nội", person="Vương Đình Huệ", source="VnExpress",
                      date_from="2020-08-01", date_to="2020-08-31")) == ["hue-name"]


# -------------------------------------------------------------------- snippets
def test_snippet_shows_the_original_accented_text(store: Any) -> None:
    hit = next(h for h in search(store, "vuong dinh hue") if h["id"] == "hue-name")
    assert "[Vương Đình Huệ]" in hit["snippet"]
    text, spans = hit["snippet_text"], hit["snippet_hits"]
    assert [text[s:e] for s, e in spans] == ["Vương Đình Huệ"]
    assert [hit["title"][s:e] for s, e in hit["title_hits"]] == ["Vương Đình Huệ"]
    phrase = next(h for h in search(store, '"vuong dinh hue"') if h["id"] == "hue-name-2")
    assert "[VƯƠNG ĐÌNH HUỆ]" in phrase["snippet"]
    assert phrase["snippet_text"] in ARTICLES["hue-name-2"][1]


def test_snippet_window_is_around_the_hits(store: Any) -> None:
    hit = next(h for h in search(store, "vuong dinh hue") if h["id"] == "long")
    assert hit["snippet_text"].startswith("…") and "[Vương Đình Huệ]" in hit["snippet"]
    assert len(hit["snippet_text"]) <= 300
    body = hit["snippet_text"].strip("…")
    assert body in ARTICLES["long"][1]


def test_snippet_unit() -> None:
    q = parse_query("hue")
    assert q is not None
    from vnnews.search import _term_pattern

    pats = [_term_pattern(t) for t in q.positive]
    text, hits = snippet("Ông Vương Đình Huệ, Huế đẹp;\nthuế cao. Hue!", pats)
    assert [text[s:e] for s, e in hits] == ["Huệ", "Huế", "Hue"] and "\n" not in text
    # a long text: its lead is searched first, the window's own hits are all marked
    long = "Mở đầu. " + "chữ " * 222 + "Huệ và Huế " + "chữ " * 30 + "thêm Hue cuối."
    text, hits = snippet(long, pats)
    assert [text[s:e] for s, e in hits] == ["Huệ", "Huế", "Hue"], (text, hits)
    text, hits = snippet("chữ " * 400 + "ở cuối mới có Huế.", pats)
    assert [text[s:e] for s, e in hits] == ["Huế"] and text.startswith("…")
    assert snippet("", pats) == ("", [])
    text, hits = snippet("không có gì", pats)
    assert text == "không có gì" and hits == []


# ----------------------------------------------------------------------- events
def test_events_group_their_matching_articles(store: Any) -> None:
    groups = search_events(store, "vuong dinh hue")
    by_event = {(g["event"] or {}).get("id"): g for g in groups}
    hn = by_event["ev-hn"]
    assert hn["n_hits"] == 2 and {h["id"] for h in hn["hits"]} == {"hue-name", "hue-name-2"}
    assert hn["event"]["title"] and hn["event"]["date"] == "2020-08-13" and hn["event"]["places"] == ["Hà Nội"]
    lone = [g for g in groups if g["event"] is None]
    assert {g["hits"][0]["id"] for g in lone} == {"hue-literal", "long"}
    assert groups[0]["hits"][0]["id"] == "hue-literal"  # in the order of the best hit
    assert search_events(store, "vuong dinh hue", per_event=1)[1]["hits"][0]["snippet"]
    assert len(search_events(store, "hue", limit=2)) == 2
    assert [g["event"] for g in search_events(store, "Huế")] == [
        {"id": "ev-hue", "title": "Mưa lớn ở Huế", "date": "2020-10-10", "n_articles": 1, "places": ["Huế"]}]
    assert search_events(store, "hue", person="Không Ai") == []


def test_engine_and_cli_signature(archive: str) -> None:
    hits = vnnews.search("vuong dinh hue", db=archive, limit=2)
    assert len(hits) == 2 and hits[0]["id"] == "hue-literal"
    assert {"id", "title", "source", "published", "event", "snippet", "score"} <= set(hits[0])


# ------------------------------------------------------------- store helpers
def test_filter_events(store: Any) -> None:
    cards, total = store.filter_events(10, 0)
    assert total == 4 and [c["id"] for c in cards] == [c["id"] for c in store.events(10, 0)]
    cards, total = store.filter_events(10, 0, place="ha noi")
    assert total == 1 and [c["id"] for c in cards] == ["ev-hn"]
    cards, total = store.filter_events(10, 0, person="tran quoc khanh", date_from="2020-08-13",
                                       date_to="2020-08-13")
    assert [c["id"] for c in cards] == ["ev-hn"]
    assert store.filter_events(10, 0, person="tran quoc khanh", date_to="2020-08-12") == ([], 0)
    assert store.filter_events(10, 0, place="Hà Nam Ninh") == ([], 0)
    cards, total = store.filter_events(1, 1)
    assert total == 4 and len(cards) == 1


def test_person_events(store: Any) -> None:
    found = store.person_events("vuong dinh hue")
    assert [(c["id"], arts) for c, arts in found] == [("ev-hn", ["hue-name", "hue-name-2"])]
    assert store.person_events("Vương Đình Huế") == []
    assert store.person_events("") == []


def test_names_resolve_by_index(store: Any) -> None:
    from vnnews.search import resolve_names, resolve_sources

    assert resolve_names(store, "person", "VƯƠNG ĐÌNH HUỆ") == ["Vương Đình Huệ"]
    assert resolve_names(store, "place", "hue") == ["Huế"]
    assert resolve_names(store, "place", "Huệ") == []
    assert sorted(resolve_sources(store, "vnexpress")) == ["VnExpress"]
    assert name_matches("Thành ủy Hà Nội", "thành uỷ hà nội") and not name_matches("Huế", "Huệ")


def _make_old_layout(path: str) -> None:
    """The first layout: one articles_fts(id, title, text, title_folded, text_folded)
    table, rows keyed by id with rowids of their own."""
    st = open_store(path)
    try:
        rows = st.db.execute("SELECT rowid, id, title, text FROM articles").fetchall()
        with st.transaction():
            st.db.execute("DROP TABLE articles_fts")
            st.db.execute("DROP TABLE articles_fts_folded")
            st.db.execute('CREATE VIRTUAL TABLE articles_fts USING fts5(id UNINDEXED, title, text, title_folded, '
                          'text_folded, tokenize = "unicode61 remove_diacritics 0")')
            for r in rows:
                st.db.execute("INSERT INTO articles_fts(rowid, id, title, text, title_folded, text_folded) "
                              "VALUES (?,?,?,?,?,?)", (r[0] + 1000, r[1], r[2], r[3], fold(r[2]), fold(r[3])))
    finally:
        st.close()


def test_old_index_layout_is_rebuilt(tmp_path: pathlib.Path) -> None:
    """A database of the first layout is re-indexed once, at its first search."""
    path = str(tmp_path / "old.db")
    _write(path)
    _make_old_layout(path)
    st = open_store(path)
    try:
        assert ids(search(st, "Huế")) == ["hue-city"]
        assert ids(search(st, "hue", place="Huế")) == ["hue-city"]  # facets rebuilt from the mentions
        for t in ("articles_fts", "articles_fts_folded"):
            assert st.db.execute(f"SELECT COUNT(*) FROM {t} f JOIN articles a ON a.rowid = f.rowid"
                                 ).fetchone()[0] == len(ARTICLES)
    finally:
        st.close()


def test_old_index_layout_then_ingest(tmp_path: pathlib.Path) -> None:
    """... or at its first write, inside the writer's transaction."""
    path = str(tmp_path / "old2.db")
    _write(path)
    _make_old_layout(path)
    st = open_store(path)
    try:
        with st.transaction():
            st.put_article(Document(id="new", title="Tin mới về Huế", text="Huế mưa.", source="VOV",
                                    published="2022-01-01"), "h")
        assert set(ids(search(st, "Huế"))) == {"hue-city", "new"}
        assert st.db.execute("SELECT COUNT(*) FROM articles_fts_folded").fetchone()[0] == len(ARTICLES) + 1
    finally:
        st.close()


def test_reingest_replaces_the_index_row(tmp_path: pathlib.Path) -> None:
    path = str(tmp_path / "re.db")
    _write(path)
    st = open_store(path)
    try:
        with st.transaction():
            st.put_article(Document(id="hue-city", title="Nắng ở Huế", text="Trời nắng đẹp.", source="Tuổi Trẻ",
                                    published="2020-10-11"), "h2")
        assert ids(search(st, "mưa lớn")) == []
        assert ids(search(st, "nắng")) == ["hue-city"]
        assert st.db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == len(ARTICLES)
    finally:
        st.close()


# ---------------------------------------------------------------------- folding
@pytest.mark.parametrize("text", ["Vương Đình Huệ", "HÒA BÌNH thuỷ", "Ăn ở Đà Nẵng — “ngon”!", "Ωμέγα ĐĐđ",
                                  "naïve café", "İstanbul", "한국어", "x\u0301y", ""])
def test_fold_text_is_fold(text: str) -> None:
    assert fold_text(text) == fold(text)


def test_index_columns_and_diacritics() -> None:
    assert index_columns("Hoà bình", "thuỷ") == ("Hòa bình", "thủy", "hoa binh", "thuy")
    assert has_diacritics("đi") and has_diacritics("Huệ") and not has_diacritics("Hue")
