"""One conformance suite for every store backend (:class:`vnnews.store.base.Store`).

Each test runs on SQLite and, where the PostgreSQL server binaries and psycopg are
installed (as ``.ci/run`` installs them), on a throwaway PostgreSQL database (the
``pg_server`` fixture of conftest.py). Every protocol method is exercised with its
expected result written here, and 40 searches (accents, tone placement, phrases,
exclusions, filters) must return the hits named here, in the same order on every
backend. Finally the seeds and a VMDS subset go through the whole pipeline on each
backend and must give the same cards, articles and search hits.
"""
from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

import vnnews
from vnnews.model import DateRef, Document, Facts, Figure, LegalRef, Paragraph, Person, Quote, Sentence
from vnnews.search import facet_key, search, search_events
from vnnews.store import open_store
from vnnews.store.base import (AllOf, AnyOf, Near, Phrase, SqlStore, Store, Without, filter_events,
                               person_events)

from .conftest import DATA, SEED_IDS, SEEDS
from .test_search import ARTICLES, _write

BACKENDS = ["sqlite", "postgres"]


def _backend_classes() -> list[type]:
    from vnnews.store.sqlite import SqliteStore

    out: list[type] = [SqliteStore]
    try:
        from vnnews.store.postgres import PostgresStore

        out.append(PostgresStore)
    except ImportError:  # pragma: no cover
        pass
    return out


@pytest.fixture(params=BACKENDS)
def new_db(request: pytest.FixtureRequest, tmp_path: Any) -> Any:
    """``new_db() -> db``: a fresh, empty database of the backend under test."""
    if request.param == "sqlite":
        n = iter(range(1000))
        return lambda: str(tmp_path / f"s{next(n)}.db")
    pytest.importorskip("psycopg", reason='psycopg 3 is not installed (pip install "vnnews[postgres]")')
    return request.getfixturevalue("pg_server")


@pytest.fixture
def store(new_db: Any) -> Iterator[Any]:
    st = open_store(new_db())
    try:
        yield st
    finally:
        st.close()


# -------------------------------------------------------------------- protocol
def _protocol_methods() -> set[str]:
    return {n for n in vars(Store) if not n.startswith("_") and callable(getattr(Store, n))}


def test_every_backend_implements_the_protocol_and_nothing_else() -> None:
    methods = _protocol_methods()
    assert len(methods) >= 40
    for cls in _backend_classes():
        public = {n for n in dir(cls) if not n.startswith("_") and callable(getattr(cls, n))}
        assert methods <= public, (cls, methods - public)
        # services above the protocol are the only extras
        assert public - methods <= {"filter_events", "person_events"}, (cls, public - methods)
        for n in methods:
            want = list(inspect.signature(getattr(Store, n)).parameters)
            got = list(inspect.signature(getattr(cls, n)).parameters)
            assert got == want, (cls.__name__, n, got, want)
        assert issubclass(cls, SqlStore)



def test_every_protocol_method_is_exercised_here() -> None:
    import pathlib
    import re

    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    called = set(re.findall(r"\.(\w+)\(", source)) | {"close"}  # (close: by the fixtures)
    assert _protocol_methods() <= called, _protocol_methods() - called


def _doc(aid: str, published: str | None, event: str | None = None, dup: str | None = None,
         people: tuple[str, ...] = (), places: tuple[str, ...] = (), source: str | None = "Nhân Dân") -> Document:
    facts = Facts(people=[Person(n, ["Bí thư"], [], [aid]) for n in people], places=list(places),
                  organizations=["Bộ Công Thương"], event_date=(published or "")[:10] or None,
                  dates=[DateRef("13/8", 6, 10, "2020-08-13")],
                  figures=[Figure("10,54%", 10.54, "%", "tăng 10,54%", sources=[aid], start=1, end=6, doc_id=aid)],
                  quotes=[Quote("sẽ hỗ trợ", people[0] if people else "", sources=[aid], start=0, end=9, doc_id=aid,
                                         kind="reported")],
                  documents=[LegalRef("Nghị quyết 50", "Nghị quyết", "50", "Bộ Chính trị", None, sources=[aid],
                                             start=0, end=13, doc_id=aid)])
    text = f"Chiều 13/8, bài {aid} về công nghiệp Thủ đô."
    return Document(id=aid, text=text, title=f"Tiêu đề {aid}", source=source, original_source="Nhân dân",
                    url=f"https://example.vn/{aid}", published=published, author="PV", tags=["a", "b"],
                    language="vi", origin=f"/tmp/{aid}.txt", raw_text=text + "\n", encoding="utf-8",
                    paragraphs=[Paragraph(text, 0, len(text))], boilerplate=["Chia sẻ"],
                    offset_map=list(range(len(text))), sentences=[Sentence(text, 0, len(text))], facts=facts,
                    meta={"content_hash": "h", "n": 1}, event=event, duplicate_of=dup)


def _fill(st: Any) -> list[Document]:
    docs = [_doc("a1", "2020-08-13T10:00:00+07:00", "ev-1", people=("Vương Đình Huệ",), places=("Hà Nội",)),
            _doc("a2", "2020-08-14", "ev-1", people=("Trần Quốc Khánh", "Vương Đình Huệ"), places=("Hà Nội",),
                 source="Dân trí"),
            _doc("a3", None, "ev-2", places=("Huế",), source=None),
            _doc("a4", "2019-01-02", "ev-3", dup="a2", people=("Vương Đình Hụê",), source="VnExpress")]
    with st.transaction():
        for d in docs:
            st.put_article(d, "hash-" + d.id)
        st.put_event("ev-1", {"id": "ev-1", "title": "Hà Nội", "date": "2020-08-13", "places": ["Hà Nội"],
                              "articles": [{"id": "a1"}, {"id": "a2"}]}, {"terms": ["x"]})
        st.put_event("ev-2", {"id": "ev-2", "title": "Huế", "date": None, "places": ["Huế"],
                              "articles": [{"id": "a3"}]}, None)
        st.put_event("ev-3", {"id": "ev-3", "title": "Cũ", "date": "2019-01-02", "places": [],
                              "articles": [{"id": "a4"}]}, None)
    return docs


def test_articles_round_trip(store: Any) -> None:
    docs = _fill(store)
    assert store.count_articles() == 4
    assert store.hashes(["a1", "a3", "zz"]) == {"a1": "hash-a1", "a3": "hash-a3"}
    assert store.hashes([]) == {}
    for d in docs:
        assert store.get_document(d.id) == d
    assert store.get_document("zz") is None
    assert [d.id for d in store.documents(["a3", "zz", "a1"])] == ["a3", "a1"]
    assert store.article_ids() == ["a3", "a4", "a1", "a2"]  # undated first, then by publication
    assert [d.id for d in store.iter_documents()] == store.article_ids()
    assert store.event_members("ev-1") == ["a1", "a2"] and store.event_members("nope") == []
    # replacing an article replaces it (and its mentions), it never duplicates it
    d = docs[0]
    d.title, d.facts.people = "Tiêu đề mới", []
    with store.transaction():
        store.put_article(d, "hash-new")
    assert store.count_articles() == 4 and store.get_document("a1").title == "Tiêu đề mới"
    assert store.hashes(["a1"]) == {"a1": "hash-new"}
    assert ("person", "Vương Đình Huệ", "a1") not in store.event_mentions("ev-1")


def test_transaction_rolls_back(store: Any) -> None:
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_article(_doc("r1", "2020-01-01"), "h")
            store.put_event("ev-r", {"id": "ev-r", "articles": []})
            raise RuntimeError("boom")
    assert store.count_articles() == 0 and store.count_events() == 0 and store.get_document("r1") is None


def test_event_membership_and_copies(store: Any) -> None:
    rows = [("a1", "ev-x", None), ("b1", "ev-x", None), ("b1-copy", "ev-x", "b1"), ("b1-elsewhere", "ev-y", "b1"),
            ("c0", "ev-x", None), ("c1", "ev-x", "c0")]  # c1 clustered, then c0 found to be its older original
    with store.transaction():
        for aid, eid, dup in rows:
            store.put_article(Document(id=aid, text="x", duplicate_of=dup), aid)
            store.set_event(aid, eid)
        store.move_articles(["b1", "c1"], "ev-x", "ev-z")
    assert store.event_members("ev-x") == ["a1"]
    assert store.event_members("ev-z") == ["b1", "b1-copy", "c0", "c1"]
    assert store.event_members("ev-y") == ["b1-elsewhere"]  # only copies in the event being split
    with store.transaction():
        store.relink_copies("b1", "a1")
    assert {d.id: d.duplicate_of for d in store.documents(["b1", "b1-copy", "b1-elsewhere", "a1"])} == \
        {"b1": "a1", "b1-copy": "a1", "b1-elsewhere": "a1", "a1": None}


def test_events(store: Any) -> None:
    _fill(store)
    assert store.count_events() == 3
    assert store.get_event("ev-1")["title"] == "Hà Nội" and store.get_event("nope") is None
    assert store.event_state("ev-1") == {"terms": ["x"]} and store.event_state("ev-2") is None
    assert [c["id"] for c in store.events()] == ["ev-1", "ev-3", "ev-2"]  # newest first, undated last
    assert [c["id"] for c in store.events(1, 1)] == ["ev-3"]
    assert store.event_ids() == ["ev-1", "ev-3", "ev-2"]
    cards, total = store.select_events()
    assert [c["id"] for c in cards] == ["ev-1", "ev-3", "ev-2"] and total == 3
    cards, total = store.select_events(["ev-1", "ev-2"], date_from="2020-01-01", limit=5)
    assert [c["id"] for c in cards] == ["ev-1"] and total == 1
    cards, total = store.select_events(None, date_before="2020-08-13", limit=1, offset=0)
    assert [c["id"] for c in cards] == ["ev-3"] and total == 1
    assert sorted(c["id"] for c in store.event_cards(["ev-2", "ev-3", "zz"])) == ["ev-2", "ev-3"]
    assert store.event_briefs(["ev-1", "zz"]) == {"ev-1": {"id": "ev-1", "title": "Hà Nội", "date": "2020-08-13",
                                                           "n_articles": 2, "places": ["Hà Nội"]}}
    assert store.event_briefs([]) == {}
    with store.transaction():
        store.put_event("ev-1", {"id": "ev-1", "title": "Hà Nội (mới)", "date": "2020-08-15", "articles": []})
        store.delete_event("ev-3")
    assert store.get_event("ev-1")["title"] == "Hà Nội (mới)" and store.event_state("ev-1") is None
    assert store.event_ids() == ["ev-1", "ev-2"] and store.count_events() == 2


def test_clustering_and_copy_index(store: Any) -> None:
    with store.transaction():
        store.add_event_terms("ev-1", ["hà nội", "công nghiệp", "hà nội"])
        store.add_event_terms("ev-2", ["hà nam", "huế"])
        store.add_event_terms("ev-2", [])
    assert store.events_with_terms(["hà nội", "huế", "zz"]) == {"ev-1": 1, "ev-2": 1}
    assert store.events_with_terms(["hà"], prefix=True) == {"ev-1": 1, "ev-2": 1}
    assert store.events_with_terms([]) == {}
    with store.transaction():
        store.move_event_terms("ev-2", "ev-1")
    assert store.events_with_terms(["hà nội", "huế"]) == {"ev-1": 2}
    sig = bytes(range(256)) * 2
    with store.transaction():
        store.put_minhash("a1", b"old")
        store.put_minhash("a1", sig)
        store.add_bands("a1", [1, 2**40, -5])
        store.add_bands("a2", [2**40])
        store.add_bands("a3", [])
    assert store.minhash("a1") == sig and store.minhash("zz") is None
    assert store.ids_with_bands([2**40]) == {"a1", "a2"} and store.ids_with_bands([-5, 7]) == {"a1"}
    assert store.ids_with_bands([]) == set()


def test_names_and_services(store: Any) -> None:
    _fill(store)
    assert store.source_names() == ["Dân trí", "Nhân Dân", "VnExpress"]
    assert store.mention_names("person", ["V"]) == ["Vương Đình Huệ", "Vương Đình Hụê"]
    assert store.mention_names("person", ["T", "V"]) == ["Trần Quốc Khánh", "Vương Đình Huệ", "Vương Đình Hụê"]
    assert store.mention_names("place", ["x"]) == []
    assert store.event_mentions("ev-1") == [
        ("org", "Bộ Công Thương", "a1"), ("org", "Bộ Công Thương", "a2"), ("person", "Trần Quốc Khánh", "a2"),
        ("person", "Vương Đình Huệ", "a1"), ("person", "Vương Đình Huệ", "a2"), ("place", "Hà Nội", "a1"),
        ("place", "Hà Nội", "a2")]
    assert store.mention_events("person", ["Vương Đình Huệ", "Vương Đình Hụê"]) == [
        ("ev-1", "a1"), ("ev-1", "a2"), ("ev-3", "a4")]
    assert store.mention_events("person", []) == []
    cards, total = filter_events(store, 10, 0, place="ha noi")
    assert [c["id"] for c in cards] == ["ev-1"] and total == 1
    cards, total = filter_events(store, 10, 0, person="Vương Đình Huệ", date_to="2020-08-12")
    assert [c["id"] for c in cards] == ["ev-3"] and total == 1  # "Hụê": the same name, another tone placement
    assert filter_events(store, 10, 0, place="Hà Nam") == ([], 0)
    assert store.filter_events(10, 0, person="vuong dinh hue") == filter_events(store, 10, 0, person="vuong dinh hue")
    found = person_events(store, "vuong dinh hue")  # folded: every accented form
    assert [(c["id"], a) for c, a in found] == [("ev-3", ["a4"]), ("ev-1", ["a1", "a2"])]
    assert person_events(store, "Vương Đình Huệ") == found
    assert person_events(store, "Vương Đình Huế") == []  # accents as written
    assert person_events(store, "") == [] and store.person_events("Nobody") == []


def test_search_index_primitives(store: Any) -> None:
    _fill(store)
    store.ensure_search_index()
    rowids = store.search(Phrase(("công", "nghiệp")), 10)
    assert len(rowids) == 4 and rowids == sorted(rowids, reverse=True)  # newest stored first
    assert store.search(Phrase(("cong", "nghiep")), 10, folded=True) == rowids
    assert store.search(Phrase(("cong", "nghiep")), 10) == []  # bare words are not in the accented index
    assert store.search(Phrase(("công", "nghiệp")), 2) == rowids[:2]
    assert store.search(Phrase(("công", "nghiệp")), 10, since=rowids[1]) == rowids[:2]
    meta = store.search_meta(rowids)
    by_id = {r["id"]: rid for rid, r in store.search_articles(rowids).items()}
    assert set(by_id) == {"a1", "a2", "a3", "a4"}
    assert meta[by_id["a2"]] == ("Tiêu đề a2", "2020-08-14")
    row = store.search_articles([by_id["a3"]])[by_id["a3"]]
    assert (row["id"], row["source"], row["event_id"], row["url"]) == ("a3", None, "ev-2", "https://example.vn/a3")
    assert row["text"].startswith("Chiều 13/8")
    assert store.article_events([by_id["a1"], by_id["a4"]]) == {by_id["a1"]: "ev-1", by_id["a4"]: "ev-3"}
    assert store.search_meta([]) == {} and store.search_articles([]) == {} and store.article_events([]) == {}
    a12 = AnyOf((Phrase(("ta1",)), Phrase(("ta2",))))
    assert store.search(Phrase(("a1",)), 10) == [by_id["a1"]]
    assert sorted(store.search(AnyOf((Phrase(("a1",)), Phrase(("a2",)))), 10)) == sorted([by_id["a1"], by_id["a2"]])
    assert store.search(AllOf((Phrase(("a1",)), Phrase(("a2",)))), 10) == []
    assert store.search(a12, 10) == []
    facet = Phrase(("s" + facet_key("Dân trí"),), ("facets",))
    assert store.search(AllOf((Phrase(("công",)), facet)), 10) == [by_id["a2"]]
    assert store.search(Without(Phrase(("công",)), AnyOf((Phrase(("a1",)), facet))), 10) == \
        [by_id[a] for a in ("a4", "a3")]
    assert store.search(Phrase(("tiêu", "đề"), ("title",)), 10) == rowids
    assert store.search(Phrase(("tiêu", "đề"), ("text",)), 10) == []
    store.optimize_search_index()
    assert store.search(Phrase(("công", "nghiệp")), 10) == rowids


# -------------------------------------------------------------------- searches
# (query, filters, the hit ids in order) on tests/test_search.py's archive. The sets
# follow the query rules (accents as typed, bare words every accented form, tone
# placement free, phrases, exclusions, filters); the orders are the ranking of
# vnnews.search (exact, phrase, title terms, newest), the same before and after the
# store took structured queries.
SEARCHES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("Huệ", {}, ["hue-name", "long", "hue-name-2"]),
    ("Huế", {}, ["hue-city"]),
    ("hue", {}, ["hue-literal", "hue-city", "hue-name", "long", "hue-name-2"]),
    ("HUỆ", {}, ["hue-name", "long", "hue-name-2"]),
    ("Vương Đình Huệ", {}, ["hue-name", "long", "hue-name-2"]),
    ("vuong dinh hue", {}, ["hue-literal", "hue-name", "long", "hue-name-2"]),
    ("Vương dinh hue", {}, ["hue-name", "long", "hue-name-2"]),
    ("\"Đình Huệ\"", {}, ["hue-name", "long", "hue-name-2"]),
    ("\"Huệ Vương\"", {}, []),
    ("hoà bình", {}, ["hoa-new", "hoa-old"]),
    ("hòa bình", {}, ["hoa-new", "hoa-old"]),
    ("Hoà Lạc", {}, ["hoa-old"]),
    ("thủy", {}, ["hoa-old", "hoa-new"]),
    ("thuỷ", {}, ["hoa-old", "hoa-new"]),
    ("thuy", {}, ["hoa-old", "hoa-new"]),
    ("công nghiệp", {}, ["hue-name-2", "phrase-no", "hue-name"]),
    ("\"công nghiệp\"", {}, ["hue-name-2", "phrase-no", "hue-name"]),
    ("công nghiệp -Huệ", {}, ["phrase-no"]),
    ("cong nghiep -hue", {}, ["phrase-no"]),
    ("hue -Huế", {}, ["hue-literal", "hue-name", "long", "hue-name-2"]),
    ("Huệ -thủ", {}, ["hue-name-2"]),
    ("Hà Nội thương mại", {}, ["phrase-no"]),
    ("\"Hà Nội thương mại\"", {}, []),
    ("Đà Nẵng", {}, ["wrong-tone"]),
    ("da nang", {}, ["wrong-tone"]),
    ("Đá Nẵng", {}, []),
    ("bão", {"date_from": "2021-01-01"}, ["wrong-tone"]),
    ("bão", {"date_to": "2020-12-31"}, []),
    ("Huệ", {"date_from": "2020-08-14", "date_to": "2020-08-14"}, ["hue-name-2"]),
    ("Huệ", {"source": "dan tri"}, ["hue-name-2"]),
    ("Huệ", {"source": "VnExpress"}, ["hue-name"]),
    ("công nghiệp", {"person": "tran quoc khanh"}, ["hue-name-2"]),
    ("công nghiệp", {"place": "Hà Nội"}, ["hue-name-2", "phrase-no", "hue-name"]),
    ("công nghiệp", {"place": "Huế"}, []),
    ("hue", {"place": "hue"}, ["hue-city"]),
    ("Huệ", {"person": "Nobody"}, []),
    ("mưa lớn", {"source": "Tuổi Trẻ", "date_from": "2020-10-01"}, ["hue-city"]),
    ("thủ đô", {}, ["long", "hue-name"]),
    ("<script>alert(1)</script> OR \"x\" NEAR", {}, []),
    ("nonexistentword", {}, []),
]


@pytest.fixture
def archive_store(new_db: Any) -> Iterator[Any]:
    db = new_db()
    _write(db)
    st = open_store(db)
    try:
        yield st
    finally:
        st.close()


def test_forty_searches(archive_store: Any) -> None:
    assert len(SEARCHES) >= 30
    wrong = {}
    for q, kw, want in SEARCHES:
        got = [h["id"] for h in search(archive_store, q, limit=10, **kw)]
        if got != want:
            wrong[(q, tuple(kw.items()))] = got
    assert not wrong, wrong
    assert set(ARTICLES) >= {i for _, _, want in SEARCHES for i in want}


def test_search_paging_and_events(archive_store: Any) -> None:
    full = [h["id"] for h in search(archive_store, "hue", limit=10)]
    assert [h["id"] for h in search(archive_store, "hue", limit=2, offset=1)] == full[1:3]
    groups = search_events(archive_store, "Huệ")
    assert [(g["event"] or {}).get("id") for g in groups] == ["ev-hn", None]
    assert [h["id"] for h in groups[0]["hits"]] == ["hue-name", "hue-name-2"] and groups[0]["n_hits"] == 2
    assert groups[0]["event"]["n_articles"] == 2


# ----------------------------------------------------- the pipeline, per backend
@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Seeds plus 60 VMDS articles through the whole pipeline into SQLite."""
    return _ingest(str(tmp_path_factory.mktemp("ref") / "ref.db"), tmp_path_factory.mktemp("src"))


def _ingest(db: str, folder: Any) -> str:
    src = folder / "v.jsonl"
    lines = (DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = vnnews.ingest([str(SEEDS / f"{i}.txt") for i in SEED_IDS] + [str(src)], db=db, batch_size=25)
    assert res.stored == 62, res.drops
    return db


def test_pipeline_gives_the_same_cards_articles_and_hits(new_db: Any, reference: str, tmp_path: Any) -> None:
    db = new_db()
    if db.endswith(".db"):
        db = reference  # SQLite is the reference itself; its checks below still run
    else:
        _ingest(db, tmp_path)
    assert list(vnnews.export(db=db)) == list(vnnews.export(db=reference))
    assert list(vnnews.export(db=db, articles=True)) == list(vnnews.export(db=reference, articles=True))
    for q in ("campuchia", "biểu tình", "Hà Nội", "ha noi", "công nghiệp -Hà", "Vương Đình Huệ", "chính phủ"):
        assert vnnews.search(q, db=db) == vnnews.search(q, db=reference), q
    st, ref = open_store(db), open_store(reference)
    try:
        seed = [c for c in st.events() if set(SEED_IDS) <= {a["id"] for a in c["articles"]}]
        assert len(seed) == 1
        for q, kw in [("campuchia", {}), ("biểu tình", {"date_from": "2013-10-20", "date_to": "2013-10-31"})]:
            assert search_events(st, q, **kw) == search_events(ref, q, **kw), (q, kw)
        assert filter_events(st, 5, place="Hà Nội") == filter_events(ref, 5, place="Hà Nội")
        assert json.dumps(person_events(st, "Vương Đình Huệ")) == json.dumps(person_events(ref, "Vương Đình Huệ"))
        assert st.event_ids() == ref.event_ids()
    finally:
        st.close()
        ref.close()
    again = vnnews.ingest([str(SEEDS / f"{i}.txt") for i in SEED_IDS], db=db)
    assert again.stored == 0 and again.unchanged == 2


# ------------------------------------------------- words close together (NEAR)
@pytest.fixture
def near_store(new_db: Any) -> Iterator[Any]:
    from .test_search_near import ARTICLES as NEAR_ARTICLES

    st = open_store(new_db())
    with st.transaction():
        for aid, (title, text, source, published, people) in NEAR_ARTICLES.items():
            facts = Facts(people=[Person(n, [], [], [aid]) for n in people], event_date=published[:10])
            st.put_article(Document(id=aid, title=title, text=text, source=source, published=published,
                                    facts=facts, event="ev-" + aid), "h-" + aid)
    try:
        yield st
    finally:
        st.close()


NEAR_SEARCHES: list[tuple[str, list[str]]] = [
    ("vuong dinh hue", ["name"]),  # a stored name: only its syllables together
    ("Vương Đình Huệ", ["name"]),
    ("vuong ngan hue", ["scattered"]),  # not a name: the syllables anywhere
    ("gia vang tang", ["gold-near", "gold-far"]),  # together first
    ("giá vàng", ["gold-near"]),  # two syllables side by side somewhere: one word
    ("ngân sách -bội", ["budget"]),
    ("ngan sach", ["deficit", "budget"]),  # not "chính sách ... ngân hàng"
]


def test_near_searches(near_store: Any) -> None:
    got = {q: [h["id"] for h in search(near_store, q)] for q, _ in NEAR_SEARCHES}
    assert got == dict(NEAR_SEARCHES)
    hits = search(near_store, "gia vang tang")
    assert hits[0]["near"] and not hits[1]["near"]
    assert near_store.search(Near((Phrase(("giá",)), Phrase(("vàng",))), 0), 10) == \
        near_store.search(Phrase(("giá", "vàng")), 10)  # no token between: side by side
    far = near_store.search(Near((Phrase(("giá",)), Phrase(("vàng",))), 20), 10)
    assert len(far) == 2 and near_store.search(Near((Phrase(("vàng",)), Phrase(("rau",))), 20), 10) == far[1:]
    assert near_store.search(Near((Phrase(("vàng",)), Phrase(("rau",))), 5), 10) == []  # 14 tokens apart


def test_savepoint_undoes_one_unit(store: Any) -> None:
    with store.transaction():
        store.put_article(_doc("s1", "2020-01-01"), "h1")
        with pytest.raises(RuntimeError):
            with store.savepoint():
                store.put_article(_doc("s2", "2020-01-02"), "h2")
                store.put_event("ev-s", {"id": "ev-s", "articles": []})
                raise RuntimeError("this article only")
        with store.savepoint():
            store.put_article(_doc("s3", "2020-01-03"), "h3")
    assert store.article_ids() == ["s1", "s3"] and store.count_events() == 0
    assert [d.id for d in store.iter_documents()] == ["s1", "s3"]
