"""Data model: plain dataclasses that flow through the pipeline and into the store.

Offsets: every ``start``/``end`` pair is a character offset into ``Document.text``
(the stored, normalised main text). ``Document.offset_map`` maps positions of
``text`` back to positions of ``Document.raw_text`` (what the reader decoded), so a
quote or figure can always be pointed at in the original characters.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Span:
    """A piece of an article: text plus [start, end) offsets into Document.text."""

    text: str
    start: int
    end: int
    doc_id: str = ""


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


@dataclass
class Figure:
    text: str
    value: float | None
    unit: str
    context: str
    sources: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    doc_id: str = ""


@dataclass
class Quote:
    text: str
    speaker: str
    sources: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    doc_id: str = ""
    kind: str = "direct"  # direct | reported


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
class Facts:
    """Everything the facts stage found in one article."""

    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    event_date: str | None = None


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
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "original_source": self.original_source,
            "url": self.url,
            "published": self.published,
            "author": self.author,
            "tags": list(self.tags),
            "language": self.language,
            "event": self.event,
            "text": self.text,
        }


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
class Event:
    id: str
    title: str = ""
    date: str | None = None
    places: list[str] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    agreements: list[Claim] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The event schema of INTERFACE.md."""
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "places": list(self.places),
            "articles": [dict(a) for a in self.articles],
            "people": [
                {"name": p.name, "titles": list(p.titles), "aliases": list(p.aliases),
                 "sources": list(p.sources)}
                for p in self.people
            ],
            "organizations": list(self.organizations),
            "figures": [
                {"text": f.text, "value": f.value, "unit": f.unit, "context": f.context,
                 "sources": list(f.sources)}
                for f in self.figures
            ],
            "quotes": [
                {"text": q.text, "speaker": q.speaker, "sources": list(q.sources),
                 "kind": q.kind}
                for q in self.quotes
            ],
            "summary": [
                {"text": s.text, "sources": list(s.sources), "offsets": dict(s.offsets)}
                for s in self.summary
            ],
            "disagreements": [
                {"topic": d.topic, "claims": [asdict(c) for c in d.claims]}
                for d in self.disagreements
            ],
            "agreements": [asdict(c) for c in self.agreements],
        }
