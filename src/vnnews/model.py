"""Data model: plain dataclasses that flow through the pipeline and into the store.

Offsets: every ``start``/``end`` pair is a character offset into ``Document.text``
(the stored, normalised main text). ``Document.offset_map`` maps positions of
``text`` back to positions of ``Document.raw_text`` (what the reader decoded), so a
quote or figure can always be pointed at in the original characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Paragraph:
    """One block of the main text. kind: body | heading | caption | byline."""

    text: str
    start: int
    end: int
    kind: str = "body"


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int = 0
    kind: str = "body"


@dataclass
class Mention:
    """An entity mention in one article."""

    text: str
    start: int
    end: int
    doc_id: str
    kind: str  # person | org | place
    name: str = ""  # canonical name (resolved)
    title: str = ""  # e.g. "Thứ trưởng Bộ Công Thương"


@dataclass
class Person:
    name: str
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(kw_only=True)
class Cited:
    """Where a fact is found: the ids of the articles that say it, and [start, end) of it
    in the text of ``doc_id`` (the article it was taken from). Keyword-only, after the
    fact's own fields."""

    sources: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    doc_id: str = ""


@dataclass
class Figure(Cited):
    text: str
    value: float | None
    unit: str
    context: str


@dataclass
class Quote(Cited):
    text: str
    speaker: str
    kind: str = field(default="direct", kw_only=True)  # direct | reported


@dataclass
class Claim:
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Disagreement:
    topic: str
    claims: list[Claim] = field(default_factory=list)


@dataclass
class DateRef:
    """A resolved date expression: [start, end) in the text, ISO date and its granularity."""

    text: str
    start: int
    end: int
    date: str  # ISO yyyy-mm-dd (or yyyy-mm / yyyy)
    granularity: str = "day"  # day | month | year | range
    end_date: str | None = None


@dataclass
class LegalRef(Cited):
    """A cited legal or official document ("Nghị định số 357/2025/NĐ-CP", "Nghị quyết 50
    của Bộ Chính trị"): its kind, number and issuing body as written, and its date."""

    text: str  # the reference as written in the article
    kind: str  # Nghị định | Nghị quyết | Thông tư | Quyết định | Luật | Chỉ thị | ...
    number: str | None = None  # "357/2025/NĐ-CP", "50"
    issuer: str | None = None  # "Bộ Chính trị", "Chính phủ"
    date: str | None = None  # ISO date of issue, where the article gives it


@dataclass(kw_only=True)
class FactLists:
    """The facts an article's :class:`Facts` and an :class:`Event`'s card both list (an
    event's are its articles' facts resolved across them). Keyword-only."""

    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    documents: list[LegalRef] = field(default_factory=list)


@dataclass(kw_only=True)
class Facts(FactLists):
    """Everything the facts stage found in one article."""

    #: places the article is about: in its title or lead, or named twice; most salient first
    salient_places: list[str] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    event_date: str | None = None  # first day in the lead (a clustering signal)
    happened: str | None = None  # the day the text ties to the happening (card date)
    happened_basis: str | None = None  # reported | scheduled (event level: or published)


@dataclass
class Document:
    id: str
    text: str = ""  # extracted, normalised main text (paragraphs joined by "\n\n")
    title: str | None = None
    source: str | None = None  # outlet that published this copy
    original_source: str | None = None  # outlet credited as origin ("Theo X (Nhân dân)")
    url: str | None = None
    published: str | None = None  # ISO date or datetime
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    origin: str = ""  # file path (and line/record) it came from
    raw_text: str = ""  # text as decoded by the reader, before cleaning
    html: str | None = None
    encoding: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)  # dropped lines, kept for inspection
    offset_map: list[int] | None = None  # text position -> raw_text position (None: identity)
    sentences: list[Sentence] = field(default_factory=list)
    facts: Facts | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    event: str | None = None
    duplicate_of: str | None = None

    def to_article_json(self) -> dict[str, Any]:
        """The article schema of INTERFACE.md (``export --articles``)."""
        from .schema import ArticleOut

        return ArticleOut.model_validate(self).model_dump(mode="json")


@dataclass
class Drop:
    """A rejected input: where it came from and why."""

    origin: str
    reason: str
    detail: str = ""
    code: str = ""  # stable code (vnnews.errors), filled from the reason when not given

    def __post_init__(self) -> None:
        if not self.code:
            from .errors import code_for

            self.code = code_for(self.reason)

    def __str__(self) -> str:
        code = f"[{self.code}] " if self.code else ""
        return f"{self.origin}: {code}{self.reason}" + (f" ({self.detail})" if self.detail else "")


@dataclass
class SummarySentence:
    text: str
    sources: list[str]
    offsets: dict[str, list[int]] = field(default_factory=dict)  # doc id -> [start, end]


@dataclass
class Event(FactLists):
    id: str
    title: str = ""
    date: str | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    agreements: list[Claim] = field(default_factory=list)
    date_basis: str | None = None  # reported | scheduled | published
    updated: str | None = None  # ISO datetime of the latest article
    related: list[dict[str, Any]] | None = None  # [{id, title, date, relation}]
    # names the articles give that the story is not about (scored below the card's
    # show-threshold by ``facts.salience``): {"people": [...], "organizations": [...],
    # "places": [...]}, names only; None when the ranker is off
    mentioned: dict[str, list[str]] | None = None

    def to_json(self) -> dict[str, Any]:
        """The event card (:class:`vnnews.schema.EventCard`, the event schema of INTERFACE.md)."""
        from .schema import EventCard

        return EventCard.dump(self)
