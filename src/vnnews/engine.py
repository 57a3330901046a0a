"""The verbs (ingest, export, events, show, summarize, search): steps, store and executor wired.

The CLI, the JSON API and the web page are thin skins over these functions.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import dedup
from .cluster import Clusterer, ClusterConfig, ingest_order
from .errors import E
from .model import Document, Drop, Event
from .pipeline import Stats, build_pipeline
from .settings import DEFAULT as DEFAULT_SETTINGS, Settings
from .store import open_store

DEFAULT_DB = "vnnews.db"


def db_path(db: str | None) -> str:
    return db or os.environ.get("VNNEWS_DB") or DEFAULT_DB


# ------------------------------------------------------------------ document steps
def process_document(doc: Document, stats: Stats) -> Document | None:
    """All per-document stages of an ingest with the default settings (the unit an
    executor runs in parallel); ``build_pipeline(settings, "ingest")`` for others."""
    return _default_pipeline()(doc, stats)


_PIPELINES: dict = {}


def _default_pipeline():
    if "ingest" not in _PIPELINES:
        _PIPELINES["ingest"] = build_pipeline(DEFAULT_SETTINGS, "ingest")
    return _PIPELINES["ingest"]


def content_hash(doc: Document) -> str:
    h = hashlib.sha256()
    for part in (doc.raw_text, doc.html or "", doc.title or "", doc.source or "", doc.url or "",
                 doc.published or "", doc.author or "", "|".join(doc.tags)):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


# ------------------------------------------------------------------------- ingest
@dataclass
class IngestResult:
    unchanged: int = 0
    copies: int = 0
    events_touched: int = 0
    drops: list[Drop] = field(default_factory=list)
    #: ``(stage, n)`` after each article processed ("process"), stored ("store") and
    #: each event card built ("events"): ``ingest(..., on_progress=f)`` (vnnews.progress)
    progress: Callable[[str, int], None] | None = field(default=None, repr=False, compare=False)
    notes: list[Drop] = field(default_factory=list)  # stored, with something cut or refused
    stats: Stats = field(default_factory=Stats)  # per-step counts and time

    @property
    def read(self) -> int:
        """Articles read (what the ``read`` step passed on)."""
        return self._out("read")

    @property
    def stored(self) -> int:
        """Articles stored now (what the ``store`` step passed on)."""
        return self._out("store")

    def _out(self, step: str) -> int:
        st = self.stats.steps.get(step)
        return st.docs_out if st else 0

    @property
    def ok(self) -> bool:
        """Something in the arguments was ingestible (stored now or already stored)."""
        return self.stored + self.unchanged > 0

    def reasons(self) -> dict[str, int]:
        c: dict[str, int] = defaultdict(int)
        for d in self.drops:
            c[f"[{d.code}] {d.reason}" if d.code else d.reason] += 1
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))


def file_id_for(stem: str, path: str) -> str:
    """The id of a file article whose name ``stem`` is already the id of another file's
    article: ``stem~`` and 8 hex digits of its real path's hash (stable across runs)."""
    return f"{stem}~{hashlib.blake2b(path.encode('utf-8', 'surrogateescape'), digest_size=4).hexdigest()}"


def ingest(paths: Iterable[str], db: str | None = None, executor: str = "local",
           workers: int | None = None, on_item: Callable[[Document | Drop], None] | None = None,
           on_drop: Callable[[Drop], None] | None = None, cluster_config: ClusterConfig | None = None,
           batch_size: int | None = None, settings: Settings | None = None,
           on_note: Callable[[Drop], None] | None = None,
           **executor_options: Any) -> IngestResult:
    """Read, extract, normalise, find facts, dedup, cluster and store articles.

    The per-document steps come from ``build_pipeline(settings, "ingest")``. Each batch
    of ``batch_size`` articles (default ``settings.limits.batch_size``) is one
    transaction. File article ids: the file name without extensions; when that id is
    already taken by another file (another real path with other content, in this run
    or an earlier one), ``name~<8 hex digits of the real path's hash>``
    (:func:`file_id_for`); the same content under the same name is the same article."""
    from .ingest.readers import read_paths

    settings = settings or DEFAULT_SETTINGS
    return ingest_items(read_paths(paths, settings.limits, settings.encoding), db=db, executor=executor, workers=workers,
                        on_item=on_item, on_drop=on_drop, cluster_config=cluster_config, batch_size=batch_size,
                        settings=settings, on_note=on_note, **executor_options)


def ingest_items(items: Iterable[Document | Drop], db: str | None = None, executor: str = "local",
                 workers: int | None = None, on_item: Callable[[Document | Drop], None] | None = None,
                 on_drop: Callable[[Drop], None] | None = None, cluster_config: ClusterConfig | None = None,
                 batch_size: int | None = None, settings: Settings | None = None,
                 on_note: Callable[[Drop], None] | None = None,
                 **executor_options: Any) -> IngestResult:
    """``ingest`` of documents already read (``vnnews crawl`` hands its pages in here):
    the same steps, dedup, clustering and store as files get."""
    from .executors import get_executor

    settings = settings or DEFAULT_SETTINGS
    if cluster_config is not None:
        settings = settings.replace(cluster=cluster_config)
    batch_size = batch_size or settings.limits.batch_size
    on_progress = executor_options.pop("on_progress", None)
    pipe = build_pipeline(settings, "ingest")
    run = get_executor(executor, workers=workers, settings=settings, **executor_options)
    store = open_store(db_path(db), settings=settings)
    res = IngestResult(progress=on_progress)
    stats = res.stats
    try:
        def report(d: Drop) -> None:
            res.drops.append(d)
            if on_drop:
                on_drop(d)

        def report_note(d: Drop) -> None:
            res.notes.append(d)
            if on_note:
                on_note(d)

        def fresh_docs() -> Iterator[Document]:
            seen: dict[str, tuple[str, str]] = {}  # id -> (real path, content hash)
            st = stats.step("read")
            it = iter(items)
            while True:
                t0 = time.perf_counter()
                item = next(it, None)
                st.seconds += time.perf_counter() - t0
                if item is None:
                    break
                st.docs_in += 1
                if on_item:
                    on_item(item)
                if isinstance(item, Drop):
                    st.dropped += 1
                    report(item)
                    continue
                st.docs_out += 1
                path = item.meta.get("path", "")
                item.meta["content_hash"] = content_hash(item)
                if item.id in seen and path and seen[item.id][1] != item.meta["content_hash"]:
                    item.id = file_id_for(item.id, path)  # another file of the same name
                if item.id in seen:
                    report(Drop(item.origin, E.DUPLICATE_ID.reason, f"id {item.id} already read",
                                E.DUPLICATE_ID.code))
                    continue
                seen[item.id] = (path, item.meta["content_hash"])
                for n in item.meta.get("notes") or []:
                    if not n.get("reported"):
                        n["reported"] = True
                        report_note(Drop(item.origin, n["reason"], n.get("detail", ""), n["code"]))
                yield item

        batch: list[Document] = []
        for doc in fresh_docs():
            batch.append(doc)
            if len(batch) >= batch_size:
                _ingest_batch(store, batch, run, pipe, stats, res, report, report_note)
                batch = []
        if batch:
            _ingest_batch(store, batch, run, pipe, stats, res, report, report_note)
    finally:
        store.close()
    return res


def crawl(sources: Iterable[str], db: str | None = None, **options: Any):
    """``vnnews crawl``: follow feeds, sitemaps, home pages and article URLs (or a sources
    ``.toml``) into the same pipeline; options as :class:`vnnews.ingest.crawl.Crawler`
    (``once``, ``interval``, ``delay``, ``warc``, ``max_pages``, ``user_agent`` ...)."""
    from .ingest.crawl import crawl as _crawl

    return _crawl(list(sources), db=db, **options)


def _file_ids(store, batch: list[Document], known: dict[str, str]) -> bool:
    """Give a file article whose id another file's article holds in the store its own
    id (:func:`file_id_for`). True when an id changed."""
    changed = False
    for d in batch:
        path = d.meta.get("path")
        if not path or d.id not in known:
            continue
        if known[d.id] == d.meta["content_hash"]:
            continue  # the same article (a copy of the file elsewhere changes nothing)
        prev = store.get_document(d.id)
        other = prev.meta.get("path") if prev else None
        if other and other != path:
            d.id = file_id_for(d.id, path)
            changed = True
    return changed


def _ingest_batch(store, batch: list[Document], run, pipe, stats: Stats, res: IngestResult,
                  report: Callable[[Drop], None], report_note: Callable[[Drop], None]) -> None:
    known = store.hashes(d.id for d in batch)
    if _file_ids(store, batch, known):
        known = store.hashes(d.id for d in batch)
    todo = [d for d in batch if known.get(d.id) != d.meta["content_hash"]]
    res.unchanged += len(batch) - len(todo)
    before, notes_before = len(stats.drops), len(stats.notes)
    tick = res.progress or (lambda stage, n=1: None)
    done = []
    for d in run(pipe, todo, stats):
        tick("process", 1)
        if d is not None:
            done.append(d)
    for d in stats.drops[before:]:
        report(d)
    for d in stats.notes[notes_before:]:
        report_note(d)
    for d in done:
        for n in d.meta.get("notes") or []:
            n.pop("reported", None)
    # one deterministic order: by event date / publication, then id
    done.sort(key=ingest_order)
    touched: set[str] = set()
    with stats.timed("store", len(done)) as st_store, store.transaction():
        # re-read inside the write lock: another process may have stored some meanwhile
        # (two concurrent ingests of the same data end as one)
        known = store.hashes(d.id for d in done)
        clusterer = Clusterer(store, pipe.settings.cluster)
        timers = {"dedup": 0.0, "cluster": 0.0}
        for doc in done:
            if known.get(doc.id) == doc.meta["content_hash"]:
                res.unchanged += 1
                continue
            try:
                with store.savepoint():
                    _store_one(store, doc, known, clusterer, touched, res, pipe.settings, timers)
            except Exception as e:  # this article only (its writes undone): the batch goes on
                st_store.dropped += 1
                report(Drop(doc.origin or doc.id, E.STORE_ERROR.reason, f"{type(e).__name__}: {str(e)[:200]}",
                            E.STORE_ERROR.code))
                continue
            tick("store", 1)
            st_store.docs_out += 1
        t_dedup, t_cluster = timers["dedup"], timers["cluster"]
        t0 = time.perf_counter()
        touched = {clusterer.merged.get(e, e) for e in touched}
        touched |= clusterer.refine(touched)
        t_cluster += time.perf_counter() - t0
        for name, secs in (("dedup", t_dedup), ("cluster", t_cluster)):
            st = stats.step(name)
            st.docs_in += len(done)
            st.docs_out += len(done)
            st.seconds += secs
        st_store.seconds -= t_dedup + t_cluster
        gone = set(clusterer.merged)
        t_nested = time.perf_counter()  # cards and stories are their own rows, not "store"
        with stats.timed("cards", len(touched)) as st_cards:
            for eid in sorted(touched):
                members = store.event_members(eid)
                if not members:
                    store.delete_event(eid)
                    gone.add(eid)
                    continue
                card = build_event(eid, store.documents(members), settings=pipe.settings)
                tick("events", 1)
                store.put_event(eid, card.to_json(), clusterer.state(eid).to_json())
                st_cards.docs_out += 1
        # events of one story (days apart) linked as ``related`` (vnnews.stories)
        from .stories import link_stories

        with stats.timed("stories", len(touched - gone)):
            link_stories(store, touched - gone, clusterer.cfg, gone, pipe.settings.stories)
        st_store.seconds -= time.perf_counter() - t_nested
    res.events_touched += len(touched)


def _store_one(store, doc: Document, known: dict, clusterer, touched: set, res: IngestResult,
               settings: Settings, timers: dict) -> None:
    """Dedup, cluster and store one processed article (inside the batch transaction)."""
    old_event = None
    if doc.id in known:  # changed content: re-cluster it
        prev = store.get_document(doc.id)
        old_event = prev.event if prev else None
    t0 = time.perf_counter()
    related = _link_copy(store, doc, settings)
    timers["dedup"] += time.perf_counter() - t0
    store.put_article(doc, doc.meta["content_hash"])
    # a syndicated copy (or a newly found older original) shares its text's event
    rel = store.get_document(related) if related else None
    t0 = time.perf_counter()
    eid = rel.event if rel and rel.event else clusterer.assign(doc)
    timers["cluster"] += time.perf_counter() - t0
    doc.event = eid
    store.set_event(doc.id, eid)
    if old_event:
        touched.add(old_event)
    touched.add(eid)
    if related:
        res.copies += 1


def _link_copy(store, doc: Document, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """Link ``doc`` with the syndicated copies of its text among stored articles (MinHash
    LSH): the earliest published is the original, the others point at it. Returns the
    id of the stored article it was linked with, if any. A copy link never points at
    the article itself (re-ingesting a changed original keeps it the original)."""
    cfg = settings.dedup
    sig = dedup.signature(doc, cfg)
    keys = dedup.band_keys(sig, cfg)
    best, best_j = None, 0.0
    for cand in sorted(store.ids_with_bands(keys)):
        if cand == doc.id:
            continue
        blob = store.minhash(cand)
        j = dedup.jaccard(sig, dedup.unpack(blob)) if blob else 0.0
        if j >= cfg.threshold and j > best_j:
            best, best_j = cand, j
    doc.duplicate_of = None
    if best is not None:
        other = store.get_document(best)
        # the original is the earliest published; a copy of a copy points at the original
        root = other.duplicate_of or other.id
        root_doc = other if root == other.id else store.get_document(root)
        if root == doc.id:
            pass  # its copies already point at it: it stays the original
        elif doc.published and root_doc and root_doc.published and doc.published < root_doc.published:
            store.relink_copies(root, doc.id)  # the new article is older: it becomes the original
        else:
            doc.duplicate_of = root
        doc.meta["copy_similarity"] = round(best_j, 3)
    store.put_minhash(doc.id, dedup.pack(sig))
    store.add_bands(doc.id, keys)
    return best


# ------------------------------------------------------------------------- events
def build_event(event_id: str, docs: list[Document], max_words: int | None = None,
                settings: Settings | None = None) -> Event:
    """The event card of a group of articles: facts resolved, summary, comparison."""
    from .compare import compare
    from .facts import resolve_event
    from .facts.documents import resolve_documents
    from .summarize import summarize

    settings = settings or DEFAULT_SETTINGS
    docs = sorted(docs, key=lambda d: (d.published or "9999", d.id))
    ids = [d.id for d in docs]
    facts = {d.id: d.facts for d in docs if d.facts}
    merged = resolve_event(facts, {d.id: d.published for d in docs}, settings.facts) if facts else None
    ev = Event(id=event_id)
    ev.articles = [{"id": d.id, "source": d.source, "url": d.url, "title": d.title,
                    "published": d.published, "original_source": d.original_source,
                    "duplicate_of": d.duplicate_of} for d in docs]
    ev.title = next((d.title for d in docs if d.title), None) or _lead_title(docs)
    if merged:
        ev.date = merged.event_date
        ev.date_basis = merged.happened_basis
        ev.places = list(merged.places)
        ev.people = list(merged.people)
        ev.organizations = list(merged.organizations)
        ev.figures = list(merged.figures)
        ev.quotes = list(merged.quotes)
        ev.documents = resolve_documents(facts)
    if not ev.date:
        ev.date = next((d.published[:10] for d in docs if d.published), None)
        ev.date_basis = "published" if ev.date else None
    ev.updated = latest_time(d.published for d in docs)
    ev.summary = summarize(docs, max_words=max_words or settings.summary.max_words, facts=facts,
                           params=settings.summary.params)
    if merged and settings.facts.salience:
        # learned salience (after the quotes' speakers are resolved; the summary is one of
        # its signals): each list by score, the names below the show-threshold kept apart
        # as ``mentioned`` (search and the person / place filters read the articles' facts)
        from .facts.salience import rank
        ranked = rank(docs, merged, settings.facts, summary=[s.text for s in ev.summary])
        ev.people, low_people = ranked["people"]
        ev.organizations, low_orgs = ranked["organizations"]
        ev.places, low_places = ranked["places"]
        ev.mentioned = {"people": [p.name for p in low_people], "organizations": low_orgs,
                        "places": low_places}
    ev.agreements, ev.disagreements = compare(docs, facts, settings.compare)
    _keep_valid_sources(ev, set(ids))
    return ev


def latest_time(values: Iterable[str | None]) -> str | None:
    """The latest of ISO dates/datetimes (a time without zone is taken as Vietnam's, UTC+7),
    as given: a card's ``updated``, the time of its latest article."""
    from datetime import datetime, timedelta, timezone

    vn = timezone(timedelta(hours=7))
    best, best_t = None, None
    for v in values:
        if not v:
            continue
        try:
            t = datetime.fromisoformat(v.replace("Z", "+00:00"))
        except ValueError:
            continue
        if t.tzinfo is None:
            t = t.replace(tzinfo=vn)
        if best_t is None or t > best_t:
            best, best_t = v, t
    return best


def _lead_title(docs: list[Document]) -> str:
    for d in docs:
        for s in d.sentences:
            if s.kind == "body":
                words = s.text.split()
                return " ".join(words[:16]) + ("…" if len(words) > 16 else "")
    return docs[0].id if docs else ""


def _keep_valid_sources(ev: Event, ids: set[str]) -> None:
    """Contract: every ``sources`` list is non-empty and names the event's articles."""
    def fix(items):
        out = []
        for it in items:
            it.sources = [s for s in dict.fromkeys(it.sources) if s in ids]
            if it.sources:
                out.append(it)
        return out

    ev.people = fix(ev.people)
    ev.figures = fix(ev.figures)
    ev.quotes = fix(ev.quotes)
    ev.documents = fix(ev.documents)
    ev.summary = fix(ev.summary)
    ev.agreements = fix(ev.agreements)
    for d in ev.disagreements:
        d.claims = fix(d.claims)
    ev.disagreements = [d for d in ev.disagreements if len(d.claims) >= 2]


def nfc_json(obj: Any) -> Any:
    if isinstance(obj, str):
        return unicodedata.normalize("NFC", obj)
    if isinstance(obj, dict):
        return {nfc_json(k): nfc_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [nfc_json(v) for v in obj]
    return obj


# ------------------------------------------------------------------ read verbs
def open_existing(db: str | None):
    """The store of a read verb, opened read-only: a missing database is an error
    (:class:`vnnews.errors.InputError`), never created."""
    return open_store(db_path(db), readonly=True)


def event_brief(card: dict, settings: Settings | None = None) -> dict:
    """What an event list shows of a card: date, latest update, title, a one-line
    summary (the first summary sentence, cut at a word with "…"), outlets, article and
    copy counts, and how many events of its story are linked."""
    arts = card.get("articles") or []
    outlets = list(dict.fromkeys(a.get("source") for a in arts if a.get("source")))
    first = next((s.get("text") for s in card.get("summary") or [] if s.get("text")), None)
    chars = (settings or DEFAULT_SETTINGS).web.brief_summary_chars
    if first and len(first) > chars:
        cut = first.rfind(" ", 0, chars)
        first = first[:cut if cut > 0 else chars].rstrip(" ,;:") + "…"
    updated = card.get("updated") or max((a.get("published") for a in arts if a.get("published")), default=None)
    return {"id": card.get("id") or "", "title": card.get("title"), "date": card.get("date"),
            "updated": updated, "summary": first,
            "n_articles": len(arts), "n_copies": sum(1 for a in arts if a.get("duplicate_of")),
            "n_outlets": len(outlets), "outlets": outlets, "places": (card.get("places") or [])[:5],
            "n_related": len(card.get("related") or [])}


def events(db: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict]:
    store = open_existing(db)
    try:
        return store.events(limit, offset)
    finally:
        store.close()


def show(event_id: str, db: str | None = None) -> dict | None:
    store = open_existing(db)
    try:
        return store.get_event(event_id)
    finally:
        store.close()


def article(article_id: str, db: str | None = None) -> dict | None:
    store = open_existing(db)
    try:
        d = store.get_document(article_id)
        return nfc_json(d.to_article_json()) if d else None
    finally:
        store.close()


def export(db: str | None = None, articles: bool = False) -> Iterator[dict]:
    """Event cards (INTERFACE.md event schema), or articles with ``articles=True``."""
    store = open_existing(db)
    try:
        if articles:
            for doc in store.iter_documents():
                yield nfc_json(doc.to_article_json())
        else:
            for card in store.events():
                yield nfc_json(card)
    finally:
        store.close()


def search(query: str, db: str | None = None, limit: int = 20, events: bool = False,
           settings: Settings | None = None, **options: Any) -> list[dict]:
    """:func:`vnnews.search.search` (``events=True``: :func:`~vnnews.search.search_events`)
    with the API's options: ``offset``, ``date_from``, ``date_to``, ``source``,
    ``person``, ``place``, ``sort`` (ValueError for a bad date, range or sort)."""
    from .search import search as _search
    from .search import search_events as _search_events

    store = open_existing(db)
    try:
        return (_search_events if events else _search)(store, query, limit=limit,
                                                        settings=(settings or DEFAULT_SETTINGS).search, **options)
    finally:
        store.close()


# --------------------------------------------------------------------- summarize
def summarize_group(docs: list[Document], max_words: int | None = None,
                    settings: Settings | None = None) -> list:
    """The summary of one group of processed articles, as its event card would give it."""
    from .summarize import summarize as _summarize

    settings = settings or DEFAULT_SETTINGS
    facts = {d.id: d.facts for d in docs if d.facts}
    return _summarize(docs, max_words=max_words or settings.summary.max_words, facts=facts,
                      params=settings.summary.params)


def summarize(path: str, group_by: str, max_words: int | None = None, settings: Settings | None = None,
              stats: Stats | None = None) -> Iterator[dict]:
    """Summaries of given groups of a JSONL file (no clustering): one dict per group.
    The articles go through ``build_pipeline(settings, "summarize")`` (the steps of an
    ingest); rejected lines are in ``stats.drops``."""
    settings = settings or DEFAULT_SETTINGS
    groups = load_groups(path, group_by, stats, build_pipeline(settings, "summarize"))
    for value, docs in groups.items():
        summ = summarize_group(docs, max_words, settings)
        yield nfc_json({"group": value, "summary": [{"text": s.text, "sources": s.sources} for s in summ]})


def load_groups(path: str, group_by: str, stats: Stats | None = None,
                pipe=None) -> dict[str, list[Document]]:
    """Read a JSONL file and process its articles with ``pipe`` (default: the
    ``summarize`` pipeline), grouped by a field (input order kept)."""
    from .ingest.readers import read_jsonl

    stats = stats if stats is not None else Stats()
    pipe = pipe or build_pipeline(DEFAULT_SETTINGS, "summarize")
    groups: dict[str, list[Document]] = {}
    for item in read_jsonl(path, pipe.settings.limits):
        if isinstance(item, Drop):
            stats.drops.append(item)
            continue
        key = item.meta.get(group_by)
        if key is None:
            key = getattr(item, group_by, None)
        if key is None or isinstance(key, (dict, list)):
            stats.drop(item.origin, E.NO_GROUP_FIELD, f"no usable field {group_by!r}")
            continue
        doc = pipe.process(item, stats)
        if doc is not None:
            groups.setdefault(str(key), []).append(doc)
    return groups


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)
