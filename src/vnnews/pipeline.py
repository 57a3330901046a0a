"""Steps over documents, with counted drops (as datatrove's pipeline steps).

A step is anything with ``name`` and ``run(docs, stats) -> docs``. A step drops a
document by calling ``stats.drop(origin, reason, detail)`` and not yielding it: one
bad document never stops the batch. ``Map`` wraps a per-document function; a
function that raises ``Rejected`` (or any exception) drops that document only.
"""
from __future__ import annotations

import collections
import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Protocol

from .errors import Rejected  # noqa: F401 (re-exported)
from .model import Document, Drop

log = logging.getLogger("vnnews")


@dataclass
class Stats:
    drops: list[Drop] = field(default_factory=list)
    counts: collections.Counter = field(default_factory=collections.Counter)

    def drop(self, origin: str, reason: str, detail: str = "") -> None:
        self.drops.append(Drop(origin, reason, detail))
        self.counts["dropped: " + reason] += 1

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def by_reason(self) -> dict[str, int]:
        c = collections.Counter(d.reason for d in self.drops)
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


class Step(Protocol):
    name: str

    def run(self, docs: Iterable[Document], stats: Stats) -> Iterator[Document]: ...


class Map:
    """A per-document step from a function ``Document -> Document | None``."""

    def __init__(self, fn: Callable[[Document], Document | None], name: str | None = None):
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "map")

    def __call__(self, doc: Document) -> Document | None:
        return self.fn(doc)

    def run(self, docs: Iterable[Document], stats: Stats) -> Iterator[Document]:
        for doc in docs:
            out = apply_one(self, doc, stats)
            if out is not None:
                yield out


def apply_one(step: Map, doc: Document, stats: Stats) -> Document | None:
    try:
        out = step.fn(doc)
    except Rejected as e:
        stats.drop(doc.origin or doc.id, e.reason, e.detail)
        return None
    except Exception as e:  # one bad document never kills the batch
        log.debug("step %s failed on %s", step.name, doc.id, exc_info=True)
        stats.drop(doc.origin or doc.id, f"error in {step.name}", f"{type(e).__name__}: {e}")
        return None
    if out is None:
        stats.drop(doc.origin or doc.id, f"dropped by {step.name}")
    return out


def run_document(steps: list[Map], doc: Document, stats: Stats) -> Document | None:
    """Run per-document steps on one document (the unit an executor parallelises)."""
    for step in steps:
        doc = apply_one(step, doc, stats)
        if doc is None:
            return None
    return doc


def run_pipeline(steps: list[Step], docs: Iterable[Document], stats: Stats) -> Iterator[Document]:
    for step in steps:
        docs = step.run(docs, stats)
    return iter(docs)
