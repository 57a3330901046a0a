"""The one schema (vnnews.schema): stored objects round-trip by their type hints, the
card model covers every Event field, OpenAPI documents every card field, and every
``/api`` response validates against its route's model."""
from __future__ import annotations

import dataclasses
import typing
from typing import Any
from urllib.parse import quote

import pytest
from pydantic import TypeAdapter

from vnnews import model
from vnnews.schema import EventCard, card_problems, from_data, to_data

from .test_api import FOOTBALL_ID, STORM_ID, XSS_ID, client, web_db, xss_event  # noqa: F401  (fixtures)


def full_facts() -> model.Facts:
    """Facts with every field set to something other than its default."""
    m = model.Mention("ông Khánh", 3, 12, "a", "person", "Trần Quốc Khánh", "Thứ trưởng")
    return model.Facts(
        people=[model.Person("Trần Quốc Khánh", ["Thứ trưởng"], ["ông Khánh"], ["a"], [m])],
        organizations=["Bộ Công Thương"], places=["Hà Nội"],
        dates=[model.DateRef("13/8", 5, 9, "2020-08-13", "range", "2020-08-14")],
        figures=[model.Figure("10,54%/năm", 10.54, "%/năm", "tăng 10,54%/năm", sources=["a"], start=40, end=50,
                              doc_id="a")],
        quotes=[model.Quote("sẽ phối hợp", "Trần Quốc Khánh", sources=["a"], start=60, end=70, doc_id="a",
                             kind="reported")],
        salient_places=["Hà Nội"], event_date="2020-08-13", happened="2020-08-13", happened_basis="reported",
        documents=[model.LegalRef("Nghị định số 357/2025/NĐ-CP", "Nghị định", "357/2025/NĐ-CP", "Chính phủ",
                                   "2025-12-31", sources=["a"], start=80, end=107, doc_id="a")])


def test_every_facts_field_is_set_in_the_fixture() -> None:
    f = full_facts()
    for fld in dataclasses.fields(f):
        assert getattr(f, fld.name) != fld.default_factory() if fld.default_factory is not dataclasses.MISSING \
            else getattr(f, fld.name) != fld.default, fld.name


def test_facts_round_trip_by_type_hints() -> None:
    f = full_facts()
    back = from_data(model.Facts, to_data(f))
    assert back == f
    assert isinstance(back.people[0].mentions[0], model.Mention)
    assert isinstance(back.documents[0], model.LegalRef)
    # unknown keys are ignored, missing ones take defaults
    assert from_data(model.Facts, {"places": ["Huế"], "from_the_future": 1}) == model.Facts(places=["Huế"])


def test_document_round_trips_through_the_store(tmp_path) -> None:
    from vnnews.store import open_store

    doc = model.Document(id="a", text="Chiều 13/8 ...", title="T", source="Nhân Dân", published="2020-08-13",
                         tags=["x"], language="vi", paragraphs=[model.Paragraph("Chiều 13/8 ...", 0, 13)],
                         sentences=[model.Sentence("Chiều 13/8 ...", 0, 13, 0, "body")], facts=full_facts(),
                         offset_map=[0, 1, 2], meta={"k": "v"}, boilerplate=["Chia sẻ"], event="e1")
    st = open_store(str(tmp_path / "s.db"))
    try:
        with st.transaction():
            st.put_article(doc, "h")
        back = st.get_document("a")
    finally:
        st.close()
    assert back.facts == doc.facts
    assert back.paragraphs == doc.paragraphs and back.sentences == doc.sentences


def test_card_model_covers_every_event_field() -> None:
    fields = {f.name for f in dataclasses.fields(model.Event)}
    assert fields == set(EventCard.model_fields), fields ^ set(EventCard.model_fields)


def test_card_of_an_event() -> None:
    f = full_facts()
    ev = model.Event(id="e", title="T", date="2020-08-13", places=f.places,
                     articles=[{"id": "a", "source": "S", "url": None, "title": "T", "published": "2020-08-13",
                                "original_source": None, "duplicate_of": None}],
                     people=f.people, figures=f.figures, quotes=f.quotes, documents=f.documents,
                     summary=[model.SummarySentence("Chiều 13/8 ...", ["a"], {"a": [0, 13]})])
    card = ev.to_json()
    assert card_problems(card) == []
    assert card["documents"] == [{"text": "Nghị định số 357/2025/NĐ-CP", "sources": ["a"], "kind": "Nghị định",
                                  "number": "357/2025/NĐ-CP", "issuer": "Chính phủ"}]
    assert card["people"] == [{"name": "Trần Quốc Khánh", "titles": ["Thứ trưởng"], "aliases": ["ông Khánh"],
                               "sources": ["a"]}]
    assert card["quotes"][0]["kind"] == "reported"
    assert card["summary"][0]["offsets"] == {"a": [0, 13]}
    # optional fields: absent while unset, there once set
    assert not {"date_basis", "updated", "related"} & set(card)
    ev.date_basis, ev.updated = "reported", "2020-08-14T08:47:00+07:00"
    ev.related = [{"id": "e0", "title": "Trước", "date": "2020-08-01", "relation": "earlier"}]
    card = ev.to_json()
    assert card["date_basis"] == "reported" and card["related"][0]["relation"] == "earlier"
    assert card_problems(card) == []
    # an article key the schema does not know is an error, never dropped silently
    ev.articles[0]["surprise"] = 1
    with pytest.raises(Exception, match="surprise"):
        ev.to_json()


def test_openapi_documents_every_card_field(client: Any) -> None:  # noqa: F811
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    card = schemas["EventCard"]["properties"]
    assert set(EventCard.model_fields) <= set(card)
    assert "offsets" in schemas["SummaryCard"]["properties"]
    assert {"kind", "number", "issuer", "sources", "text"} <= set(schemas["DocumentCard"]["properties"])
    assert schemas["QuoteCard"]["properties"]["kind"]["enum"] == ["direct", "reported"]


def _api_urls(client: Any, card: dict) -> dict[str, list[str]]:
    """Concrete URLs for every /api route of the OpenAPI schema."""
    person = card["people"][0]["name"] if card["people"] else "Trần Quốc Khánh"
    return {
        "/api/events": ["/api/events", "/api/events?limit=2&offset=1", "/api/events?place=ha%20noi"],
        "/api/events/{event_id}": ["/api/events/" + quote(card["id"], safe="")],
        "/api/search": ["/api/search?q=" + quote(q) for q in ("Hà Nội", "ha noi", "công nghiệp", "bão")],
        "/api/search/events": ["/api/search/events?q=" + quote(q) for q in ("Hà Nội", "bóng đá")],
        "/api/articles/{article_id}": ["/api/articles/" + quote(a, safe="") for a in (XSS_ID, STORM_ID, FOOTBALL_ID)],
        "/api/people/{name}": ["/api/people/" + quote(person)],
    }


def test_every_api_response_validates_against_its_model(client: Any, xss_event: dict) -> None:  # noqa: F811
    app = client.app
    models = {r.path.replace(":path}", "}"): r.response_model for r in app.routes
              if getattr(r, "include_in_schema", False) and r.path.startswith("/api")}
    urls = _api_urls(client, xss_event)
    assert set(urls) == set(models), set(urls) ^ set(models)
    for path, model_ in models.items():
        adapter = TypeAdapter(model_)
        for url in urls[path]:
            r = client.get(url)
            assert r.status_code == 200, (url, r.text[:200])
            data = r.json()
            assert data, url  # something to validate
            adapter.validate_python(data)  # extra fields forbidden: nothing undocumented
            if typing.get_origin(model_) is list and typing.get_args(model_)[0] is EventCard:
                assert all(card_problems(c) == [] for c in data)
            elif model_ is EventCard:
                assert card_problems(data) == []
