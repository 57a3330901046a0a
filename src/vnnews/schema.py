"""The one schema of vnnews: what a stored object and an exported card look like.

Two halves, each written once:

* **Stored objects** are the dataclasses of :mod:`vnnews.model` (``Document`` with its
  paragraphs, sentences and ``Facts``). :func:`to_data` and :func:`from_data` turn any
  of them into plain JSON data and back, by their type hints: a field added to a
  dataclass is stored and read back with no other change (there is no hand-written
  decoder to forget). Unknown keys in stored data are ignored, missing ones take the
  field's default, so an older or newer database still reads.
* **The outside contract** (``../shared/INTERFACE.md``, extended) is the Pydantic
  models below: :class:`EventCard` (``vnnews export``, ``/api/events/{id}``) and
  :class:`ArticleOut` (``export --articles``, ``/api/articles/{id}``). A card is made
  from an :class:`~vnnews.model.Event` by :meth:`EventCard.dump` (reading the
  dataclass attributes), the API validates every response against its model, and the
  tests check cards with :func:`card_problems`. A card field that is not in the model
  is an error, never silently dropped.

Optional card fields (``date_basis``, ``updated``, ``related``, ``mentioned``) are left out
of a card where they are None, so a card without them stays as it was.
"""
from __future__ import annotations

import dataclasses
import datetime
import types
import typing
import unicodedata
from functools import lru_cache
from typing import Any, ClassVar, Iterator, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# --------------------------------------------------------------- stored objects
# (in vnnews.serial, without Pydantic: the store imports them from there)
from .serial import _decode, _fields, from_data, to_data  # noqa: E402,F401


# ---------------------------------------------------------- the outside contract
class Contract(BaseModel):
    """A contract object: no unknown fields; ``_optional`` fields left out when None."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)
    _optional: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def dump(cls, obj: Any) -> dict[str, Any]:
        """``obj`` (a dataclass or plain data) validated against this model, as JSON data."""
        data = cls.model_validate(obj).model_dump(mode="json")
        for k in cls._optional:
            if data.get(k) is None:
                data.pop(k, None)
        return data


class Sourced(Contract):
    """A text taken from the articles, with the ids of the articles that say it."""

    text: str
    sources: list[str] = Field(description="ids of the event's articles that say it (never empty)")


class ArticleRef(Contract):
    """One article of an event."""

    id: str
    source: str | None = Field(None, description="outlet that published this copy")
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or datetime")
    original_source: str | None = Field(None, description='outlet credited as origin ("Theo X")')
    duplicate_of: str | None = Field(None, description="id of the article this one is a copy of")


class PersonCard(Contract):
    name: str
    titles: list[str] = []
    aliases: list[str] = []
    sources: list[str] = []


class FigureCard(Sourced):
    value: float | None = None
    unit: str = ""
    context: str = ""


class QuoteCard(Sourced):
    speaker: str
    kind: Literal["direct", "reported"] = Field("direct", description="direct quote or reported speech")


class SummaryCard(Sourced):
    offsets: dict[str, list[int]] = Field(
        {}, description="for each article id, [start, end) of the sentence in that article's text")


class DisagreementCard(Contract):
    topic: str
    claims: list[Sourced]


class RelatedEvent(Contract):
    """Another event of the same story."""

    id: str
    title: str | None = None
    date: str | None = None
    relation: str = Field(description="how it relates, e.g. earlier or later")


class DocumentCard(Sourced):
    """A legal or official document the articles cite ("Nghị quyết 50 của Bộ Chính trị")."""

    kind: str = Field(description='"Nghị định", "Nghị quyết", "Thông tư", "Quyết định", "Luật", "Chỉ thị", ...')
    number: str | None = Field(None, description='its number as written, e.g. "357/2025/NĐ-CP" or "50"')
    issuer: str | None = Field(None, description='issuing body, e.g. "Bộ Chính trị"')


class MentionedNames(Contract):
    """Names an event's articles give in passing (``EventCard.mentioned``), most salient first."""

    people: list[str] = []
    organizations: list[str] = []
    places: list[str] = []


class EventCard(Contract):
    """An event card (the event schema of INTERFACE.md)."""

    _optional: ClassVar[frozenset[str]] = frozenset({"date_basis", "updated", "related", "mentioned"})

    id: str
    title: str | None = None
    date: str | None = Field(None, description="when it happened (YYYY-MM-DD), not when it was published")
    places: list[str] = []
    articles: list[ArticleRef] = []
    people: list[PersonCard] = []
    organizations: list[str] = []
    figures: list[FigureCard] = []
    quotes: list[QuoteCard] = []
    summary: list[SummaryCard] = []
    disagreements: list[DisagreementCard] = []
    agreements: list[Sourced] = []
    documents: list[DocumentCard] = []
    date_basis: Literal["reported", "scheduled", "published"] | None = None
    updated: str | None = Field(None, description="ISO datetime of the latest article")
    related: list[RelatedEvent] | None = None
    mentioned: MentionedNames | None = Field(
        None, description="names the articles give that the story is not about (below the card's "
        "show-threshold of the learned salience ranker): still found by search and the person / "
        "place filters, not shown among people, organizations, places")


class ArticleOut(Contract):
    """A stored article (``export --articles``)."""

    id: str
    title: str | None = None
    source: str | None = None
    original_source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    tags: list[str] = []
    language: str | None = None
    event: str | None = Field(None, description="id of its event")
    text: str = Field("", description="extracted main text, paragraphs separated by a blank line")


class SearchHit(Contract):
    """An article matching a search, with a snippet of its original (accented) text."""

    id: str
    title: str | None = None
    source: str | None = None
    published: str | None = None
    url: str | None = None
    event: str | None = None
    snippet: str | None = Field(None, description="the snippet with the hits between [ and ]")
    snippet_text: str | None = None
    snippet_hits: list[list[int]] = Field([], description="[start, end) of each hit in snippet_text")
    title_hits: list[list[int]] = Field([], description="[start, end) of each hit in title")
    exact: bool = Field(True, description="the query occurs exactly as typed")
    phrase: bool = Field(False, description="the query's words occur side by side")
    near: bool = Field(True, description="the query's words occur close together (false: only apart)")
    score: float


class EventBrief(Contract):
    """An event in a list: what the list shows of its card (``/api/events`` gives every
    field; search groups give id, title, date, n_articles, places)."""

    id: str
    title: str | None = None
    date: str | None = None
    n_articles: int | None = None
    places: list[str] = []
    updated: str | None = Field(None, description="publication time of its latest article")
    summary: str | None = Field(None, description="one line: its first summary sentence, cut with …")
    n_copies: int | None = Field(None, description="articles that are syndicated copies")
    n_outlets: int | None = None
    outlets: list[str] = []
    n_related: int | None = Field(None, description="linked events of the same story")


class EventSearchHit(Contract):
    """An event whose articles match a search: the event, how many of its articles
    match, and the best of them."""

    event: EventBrief | None = None
    n_hits: int
    hits: list[SearchHit]


class PersonArticle(Contract):
    id: str
    source: str | None = None
    title: str | None = None
    published: str | None = None


class PersonEvent(Contract):
    """One event of a person: the titles and aliases it gives them, the articles naming them."""

    id: str
    title: str | None = None
    date: str | None = None
    titles: list[str] = []
    aliases: list[str] = []
    articles: list[PersonArticle] = []


class PersonPage(Contract):
    """A person across events: every title used, and the events in date order."""

    name: str
    names: list[str]
    titles: list[str]
    aliases: list[str]
    events: list[PersonEvent]


class ErrorOut(BaseModel):
    detail: Any


def validated(model: Any, data: Any) -> Any:
    """``data`` validated against ``model`` (a :class:`Contract` or ``list[Contract]``),
    as JSON data: what every API response goes through."""
    if typing.get_origin(model) is list:
        (item,) = typing.get_args(model)
        return [item.dump(d) for d in data]
    return model.dump(data)


def card_problems(card: dict[str, Any]) -> list[str]:
    """What is wrong with an exported card: schema errors, then the contract's rules
    (a date, NFC text, every ``sources`` list non-empty and naming the event's articles)."""
    try:
        ev = EventCard.model_validate(card)
    except ValidationError as e:
        return [f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors()]
    errs = []
    ids = {a.id for a in ev.articles}
    sourced: list[Sourced] = [*ev.figures, *ev.quotes, *ev.summary, *ev.agreements, *ev.documents,
                              *(c for d in ev.disagreements for c in d.claims)]
    for it in sourced:
        if not it.sources or not set(it.sources) <= ids:
            errs.append(f"sources {it.sources} of {it.text[:40]!r}")
    for p in ev.people:
        if not set(p.sources) <= ids:
            errs.append(f"sources {p.sources} of {p.name!r}")
    try:
        datetime.date.fromisoformat(ev.date or "")
    except ValueError:
        errs.append(f"date {ev.date!r}")

    errs += [f"not NFC: {s[:40]!r}" for s in all_strings(card) if not unicodedata.is_normalized("NFC", s)]
    return errs


__all__ = ["to_data", "from_data", "Contract", "Sourced", "ArticleRef", "PersonCard", "FigureCard", "QuoteCard",
           "SummaryCard", "DisagreementCard", "RelatedEvent", "DocumentCard", "EventCard", "ArticleOut",
           "SearchHit", "EventBrief", "EventSearchHit", "PersonArticle", "PersonEvent", "PersonPage", "ErrorOut",
           "validated", "card_problems"]


def all_strings(v: Any) -> Iterator[str]:
    """Every string of a JSON value, keys included (for NFC and escaping checks)."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from all_strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from all_strings(x)
