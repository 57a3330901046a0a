"""JSON API and web page of ``vnnews serve``: a thin skin over :mod:`vnnews.engine`.

``create_app(db_path)`` builds the FastAPI application:

* HTML: ``/`` (events, newest first, ``?page=``, filters ``place``, ``person``,
  ``date_from``, ``date_to``), ``/events/{id}``, ``/articles/{id}``, ``/search?q=``
  (results grouped by event; filters ``date_from``, ``date_to``, ``source``,
  ``person``, ``place`` as GET form fields), ``/people/{name}``, ``/docs`` (the API
  reference, rendered server-side).
* JSON: ``/api/events`` (``limit``, ``offset``, ``place``, ``person``, ``date_from``,
  ``date_to``; the total in ``X-Total-Count``), ``/api/events/{id}``, ``/api/search``
  and ``/api/search/events`` (``q``, ``limit``, ``offset`` and the search filters; see
  :mod:`vnnews.search`), ``/api/articles/{id}``, ``/api/people/{name}``, and the
  OpenAPI schema at ``/openapi.json``.

Listing, filtering and person lookups are the store's indexed queries
(``SqliteStore.filter_events``, ``person_events``, ``event_mentions``); search is
:mod:`vnnews.search`.

Article text is hostile input. Every template is autoescaped and nothing derived
from an article is ever marked safe (SVG included); only http(s) URLs become links;
every response carries a strict Content-Security-Policy (no inline script or style,
so the page needs no JavaScript at all); JSON escapes ``<``, ``>`` and ``&``.
Errors under ``/api`` are JSON (``{"detail": ...}``, 404 / 422); elsewhere a small
HTML page with the same status.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, Literal

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__, engine
from .schema import (ArticleOut, ErrorOut, EventBrief, EventCard, EventSearchHit, PersonPage, SearchHit,
                     validated)
from .search import name_matches
from .search import search as _search
from .search import search_events as _search_events
from .settings import DEFAULT, Settings
from .store import open_store
from .web import STATIC_DIR, TEMPLATES_DIR, views

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
Q_HELP = ('words (ANDed); "a phrase"; -word excludes; a word with diacritics matches exactly them '
          '(any tone placement), one without matches every accented form')


# --------------------------------------------------------------------- responses
_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})


class SafeJSONResponse(JSONResponse):
    """UTF-8 JSON in which ``<``, ``>``, ``&`` (and U+2028/9) are ``\\u`` escapes.

    The same data for any JSON parser, but the body never holds markup, even if a
    client or a proxy gets the content type wrong. (Outside strings JSON has none of
    these characters, so escaping them everywhere is exact.)
    """

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.translate(_JSON_ESCAPES).encode("utf-8")


class SecurityHeaders:
    """ASGI middleware: the security headers on every HTTP response (404s, static, docs).

    An unhandled error inside becomes a 500 that carries them too (then is re-raised
    for the server's log).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for k, v in SECURITY_HEADERS.items():
                    headers[k] = v
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                resp: Response
                if _is_api_path(scope.get("path", "")):
                    resp = SafeJSONResponse({"detail": "internal error"}, status_code=500)
                else:
                    resp = HTMLResponse("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\">"
                                        "<title>500</title><p>Lỗi máy chủ (500).</p></html>",
                                        status_code=500)
                await resp(scope, receive, send_with_headers)
            raise


def _is_api_path(path: str) -> bool:
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


# ------------------------------------------------------------------ documented shapes
# (the one schema, vnnews.schema: every JSON response is validated against its model)
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut, "description": "Unknown id"}}


# ----------------------------------------------------------------- store queries
@contextmanager
def _store(db: str) -> Iterator[Any]:
    """A store opened for one request (SQLite connections are not shared), then closed."""
    st = open_store(db, readonly=True)  # the server never writes (nor rebuilds an index)
    try:
        yield st
    finally:
        st.close()


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def filtered_events(db: str, limit: int, offset: int, place: str | None = None,
                    person: str | None = None, date_from: date | None = None,
                    date_to: date | None = None, order: str = "updated") -> tuple[list[dict[str, Any]], int]:
    """Event cards matching the filters, latest update first (``order="date"``: newest
    event date first), and how many match in all (the store's indexed ``filter_events``)."""
    with _store(db) as st:
        return st.filter_events(limit, offset, place=_nfc(place) if place else None,
                                person=_nfc(person) if person else None,
                                date_from=date_from, date_to=date_to, order=order)


def event_mentions(db: str, event_id: str) -> list[tuple[str, str, str]]:
    """``(kind, name, article_id)`` for every entity named in the event's articles."""
    with _store(db) as st:
        return st.event_mentions(event_id)


def person_events(db: str, name: str) -> dict[str, Any] | None:
    """A person's events over time, with the titles each event gives them.

    The events are those whose articles mention the person (the store's mentions
    table, by index); names compare as in :func:`vnnews.search.name_matches`, so
    ``/people/tran quoc khanh`` finds "Trần Quốc Khánh". None when no event names them.
    """
    query = _nfc(name)
    if not query:
        return None
    with _store(db) as st:
        found = st.person_events(query)
    if not found:
        return None
    names: dict[str, int] = {}
    titles: list[str] = []
    aliases: list[str] = []
    out_events = []
    for card, article_ids in found:
        entries = [p for p in card.get("people") or [] if name_matches(p.get("name"), query)]
        ev_titles = list(dict.fromkeys(t for p in entries for t in p.get("titles") or []))
        ev_aliases = list(dict.fromkeys(a for p in entries for a in p.get("aliases") or []))
        arts = set(article_ids) | {s for p in entries for s in p.get("sources") or []}
        for p in entries:
            names[p["name"]] = names.get(p["name"], 0) + 1
        titles += [t for t in ev_titles if t not in titles]
        aliases += [a for a in ev_aliases if a not in aliases]
        out_events.append({"id": card["id"], "title": card.get("title"), "date": card.get("date"),
                           "titles": ev_titles, "aliases": ev_aliases,
                           "articles": [{k: a.get(k) for k in ("id", "source", "title", "published")}
                                        for a in card.get("articles") or [] if a.get("id") in arts]})
    ranked = sorted(names, key=lambda n: (-names[n], n)) or [query]
    return {"name": ranked[0], "names": ranked, "titles": titles, "aliases": aliases, "events": out_events}


def search_articles(db: str, q: str, limit: int, offset: int = 0, settings: Settings = DEFAULT,
                    **filters: Any) -> list[dict[str, Any]]:
    """:func:`vnnews.search.search` on the database (ValueError for bad filters)."""
    with _store(db) as st:
        return _search(st, q, limit=limit, offset=offset, settings=settings.search, **filters)


def search_total(db: str, q: str, events: bool = False, settings: Settings = DEFAULT,
                 **filters: Any) -> dict[str, str]:
    """The ``X-Total-Count`` headers of a search (:func:`vnnews.search.count`): the number
    of matches in all, and ``X-Total-Count-Capped: true`` when counting stopped at the cap
    (then it is a lower bound)."""
    from .search import count

    filters.pop("sort", None)
    with _store(db) as st:
        n, capped = count(st, q, events=events, settings=settings.search, **filters)
    return {"X-Total-Count": str(n), **({"X-Total-Count-Capped": "true"} if capped else {})}


def search_events(db: str, q: str, limit: int, offset: int = 0, per_event: int = 3, settings: Settings = DEFAULT,
                  **filters: Any) -> list[dict[str, Any]]:
    """:func:`vnnews.search.search_events` on the database (ValueError for bad filters)."""
    with _store(db) as st:
        return _search_events(st, q, limit=limit, offset=offset, per_event=per_event, settings=settings.search,
                              **filters)


FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2100, 12, 31)  # query dates outside give 422


def _check_dates(date_from: date | None, date_to: date | None) -> None:
    for name, d in (("date_from", date_from), ("date_to", date_to)):
        if d is not None and not FIRST_DATE <= d <= LAST_DATE:
            raise HTTPException(422, f"{name} must be within {FIRST_DATE} … {LAST_DATE}")
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, "date_from is after date_to")


def _search_filters(date_from: date | None, date_to: date | None, source: str | None,
                    person: str | None, place: str | None) -> dict[str, Any]:
    _check_dates(date_from, date_to)
    return {"date_from": date_from, "date_to": date_to, "source": _nfc(source) if source else None,
            "person": _nfc(person) if person else None, "place": _nfc(place) if place else None}


def _found(model: Any, data: Any, what: str) -> SafeJSONResponse:
    """``data`` validated against ``model``; 404 ("no <what>") when it is None."""
    if data is None:
        raise HTTPException(404, f"no {what}")
    return SafeJSONResponse(validated(model, data))


def search_query_of(max_query: int):
    """The query, filters and order of both JSON search routes (a FastAPI dependency),
    queries up to ``max_query`` characters (settings ``search.max_query_chars``)."""

    def search_query(
        q: str,  # (annotated below: the limit is this app's setting)
        date_from: Annotated[date | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
        date_to: Annotated[date | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
        source: Annotated[str | None, Query(max_length=200, description="outlet ('Dân trí' or 'dan tri')")] = None,
        person: Annotated[str | None, Query(max_length=200, description="articles naming this person")] = None,
        place: Annotated[str | None, Query(max_length=200, description="articles naming this place")] = None,
        sort: Annotated[Literal["relevance", "date"], Query(
            description="relevance: the query's words side by side, then close together, first; date: newest first")]
        = "relevance",
    ) -> dict[str, Any]:
        return {"q": q, "sort": sort, **_search_filters(date_from, date_to, source, person, place)}

    return _annotated(q=Annotated[str, Query(min_length=1, max_length=max_query, description=Q_HELP)])(search_query)


def _annotated(**annotations: Any) -> Any:
    """A decorator setting these parameter annotations as objects: FastAPI evaluates a
    string annotation in the module's globals, where what depends on one app's settings
    (a query's length limit) is not."""
    def set_them(fn: Any) -> Any:
        fn.__annotations__.update(annotations)
        return fn

    return set_them


def event_context(db: str, card: dict[str, Any], settings: Settings = DEFAULT) -> dict[str, Any]:
    """What the event page shows of a card, in its order (see ``event.html``)."""
    arts = card.get("articles") or []
    nums = views.article_numbers(card)
    outlets = {a["id"]: a.get("source") or a["id"] for a in arts if a.get("id")}
    untitled = [a["id"] for a in arts if a.get("id") and not a.get("title")]
    related_ids = [r.get("id") for r in card.get("related") or [] if isinstance(r, dict) and r.get("id")]
    with _store(db) as st:
        leads = {d.id: views.lead_title(d.text) for d in st.documents(untitled)} if untitled else {}
        existing = set(st.event_briefs(related_ids)) if related_ids else set()

    def cites(item: dict[str, Any], kind: str) -> list[views.Cite]:
        return views.cites(item, nums, outlets, kind)

    return {"card": card, "nums": nums, "cites": cites, "leads": leads,
            "outlets": views.outlet_list(card), "updated": views.last_update(card),
            "basis": views.date_basis(card), "story": views.related_items(card, existing),
            "relation_words": views.RELATION_WORDS,
            "quotes": views.quotes_ordered(card.get("quotes") or []),
            "figures": views.salient_figures(card.get("figures") or []), "shown": settings.web.figures_shown}


# ----------------------------------------------------------------------- templates
def _environment() -> jinja2.Environment:
    """Jinja with autoescaping on for every template, whatever its name."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        article_href=views.article_href, event_href=views.event_href, person_href=views.person_href,
        search_href=views.search_href, search_page_href=views.search_page_href, doc_segments=views.doc_segments,
        events_page_href=views.events_page_href, safe_url=views.safe_url, fmt_time=views.fmt_time,
        fmt_date=views.fmt_date, version=__version__)
    return env


# ---------------------------------------------------------------------------- app
def create_app(db_path: str, allowed_hosts: list[str] | None = None, settings: Settings | None = None) -> FastAPI:
    """The web UI and JSON API over the database at ``db_path`` (opened per request).

    ``allowed_hosts``: the names a request's Host header may give (``vnnews serve``
    passes the local names and its ``--allow-host`` names; None: no check).
    ``settings``: the run's Settings (sections ``web`` and ``search``; default: shipped)."""
    db = db_path
    settings = settings or DEFAULT
    page_size, search_groups = settings.web.page_size, settings.web.search_groups
    max_query = settings.search.max_query_chars
    search_query = search_query_of(max_query)
    env = _environment()
    app = FastAPI(
        title="vnnews", version=__version__,
        description="Vietnamese news events: sourced event cards, articles, people and "
                    "accent-aware search. All text is Unicode NFC.",
        docs_url=None, redoc_url=None, default_response_class=SafeJSONResponse)
    if allowed_hosts is not None:
        from .web.serving import HostCheck

        app.add_middleware(HostCheck, allowed=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")

    def page(name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("query", "")
        return HTMLResponse(env.get_template(name).render(**ctx), status_code=status)

    def error_page(status: int, message: str) -> HTMLResponse:
        return page("error.html", status=status, status_code=status, message=message)

    # ------------------------------------------------------------------ errors
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _is_api_path(request.url.path):
            return SafeJSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                                    headers=getattr(exc, "headers", None))
        messages = {404: "Không tìm thấy trang này.", 405: "Phương thức không được hỗ trợ."}
        return error_page(exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api_path(request.url.path):
            return SafeJSONResponse({"detail": jsonable_encoder(exc.errors())}, status_code=422)
        return error_page(422, "Tham số không hợp lệ.")

    # -------------------------------------------------------------------- HTML
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
              place: Annotated[str, Query(max_length=200)] = "",
              person: Annotated[str, Query(max_length=200)] = "",
              date_from: Annotated[str, Query(max_length=20)] = "",
              date_to: Annotated[str, Query(max_length=20)] = "",
              sort: Annotated[str, Query(max_length=10)] = "updated") -> HTMLResponse:
        form = views.EventFilters.from_args(place=place, person=person, date_from=date_from, date_to=date_to)
        order = sort if sort in ("updated", "date") else "updated"
        if form.error:
            cards: list[dict[str, Any]] = []
            total = 0
        else:
            cards, total = filtered_events(db, page_size, (page_no - 1) * page_size, **form.args(), order=order)
        return page("index.html", events=[views.event_brief(c, settings) for c in cards], filters=form, total=total,
                    page_no=page_no, has_next=page_no * page_size < total, sort=order)

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(event_id: str) -> HTMLResponse:
        card = engine.show(event_id, db)
        if card is None:
            raise HTTPException(404, "unknown event")
        return page("event.html", **event_context(db, card, settings))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        with _store(db) as st:
            doc = st.get_document(article_id)
            if doc is None:
                raise HTTPException(404, "unknown article")
            card = st.get_event(doc.event) if doc.event else None
        art = engine.nfc_json(doc.to_article_json())
        text = art.get("text") or ""
        passages = views.cited_passages(card, doc.id, text)
        stated = doc.facts.event_date if doc.facts and doc.facts.event_date else None
        return page("article.html", art=art, paragraphs=views.article_paragraphs(text, passages),
                    lead=None if art.get("title") else views.lead_title(text), stated_date=stated,
                    event=views.event_brief(card, settings) if card else None)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    @_annotated(q=Annotated[str, Query(max_length=max_query)])
    def search_page(q: str = "",  # (annotated above: the limit is a setting)
                    page_no: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
                    source: Annotated[str, Query(max_length=200)] = "",
                    place: Annotated[str, Query(max_length=200)] = "",
                    person: Annotated[str, Query(max_length=200)] = "",
                    date_from: Annotated[str, Query(max_length=20)] = "",
                    date_to: Annotated[str, Query(max_length=20)] = "",
                    sort: Annotated[str, Query(max_length=10)] = "relevance") -> HTMLResponse:
        form = views.EventFilters.from_args(source=source, place=place, person=person,
                                            date_from=date_from, date_to=date_to)
        order = sort if sort in ("relevance", "date") else "relevance"
        groups: list[dict[str, Any]] = []
        person_card = None
        if q.strip() and not form.error:
            groups = search_events(db, q, search_groups + 1, (page_no - 1) * search_groups, per_event=2,
                                   sort=order, settings=settings, **form.args())
            if page_no == 1 and views.looks_like_name(q):
                person_card = person_events(db, q)
            for g in groups:
                for h in g["hits"]:
                    h["title_segments"] = views.segments(h.get("title") or h["id"], h.get("title_hits"))
                    h["segments"] = views.segments(h.get("snippet_text"), h.get("snippet_hits"))
        return page("search.html", query=q, groups=groups[:search_groups], filters=form, page_no=page_no,
                    has_next=len(groups) > search_groups, sort=order, person=person_card)

    @app.get("/people/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(name: str) -> HTMLResponse:
        person = person_events(db, name)
        if person is None:
            raise HTTPException(404, "unknown person")
        return page("person.html", person=person)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        """The API reference, from the OpenAPI schema, without scripts or a CDN."""
        return page("docs.html", spec=app.openapi())

    # -------------------------------------------------------------------- JSON
    @app.get("/api/events", response_model=list[EventBrief], tags=["events"], summary="List events",
             responses={422: {"model": ErrorOut, "description": "Bad parameter"}})
    def api_events(
            limit: Annotated[int, Query(ge=1, le=500, description="at most this many events")] = 20,
            offset: Annotated[int, Query(ge=0, le=10_000_000, description="skip this many (newest first)")] = 0,
            place: Annotated[str | None, Query(max_length=200,
                                               description="events in this place ('Hà Nội' or 'ha noi')")] = None,
            person: Annotated[str | None, Query(max_length=200, description="events naming this person")] = None,
            date_from: Annotated[date | None, Query(description="event date on or after (YYYY-MM-DD)")] = None,
            date_to: Annotated[date | None, Query(description="event date on or before (YYYY-MM-DD)")] = None,
            sort: Annotated[Literal["updated", "date"], Query(
                description="updated: the event with the latest article first; date: newest event date first")] = "updated",
    ) -> Any:
        """Events in brief (title, date, latest update, a one-line summary, outlets, counts);
        the whole card is at /api/events/{id}. The number matching in all is in the
        X-Total-Count header."""
        _check_dates(date_from, date_to)
        cards, total = filtered_events(db, limit, offset, place, person, date_from, date_to, sort)
        briefs = [engine.nfc_json(engine.event_brief(c, settings)) for c in cards]
        return SafeJSONResponse(validated(list[EventBrief], briefs), headers={"X-Total-Count": str(total)})

    @app.get("/api/events/{event_id:path}", response_model=EventCard, tags=["events"], summary="One event",
             responses=_NOT_FOUND)
    def api_event(event_id: Annotated[str, Path(description="event id")]) -> Any:
        """One event card."""
        return _found(EventCard, engine.show(event_id, db), f"event {event_id!r}")

    @app.get("/api/search", response_model=list[SearchHit], tags=["search"], summary="Search articles",
             responses={422: {"model": ErrorOut, "description": "Missing or bad query"}})
    @_annotated(query=Annotated[dict[str, Any], Depends(search_query)])
    def api_search(
            query: dict,  # (annotated above: the query's limit is a setting)
            limit: Annotated[int, Query(ge=1, le=200, description="at most this many hits")] = 20,
            offset: Annotated[int, Query(ge=0, le=100_000, description="skip this many (best first)")] = 0,
    ) -> Any:
        """Accent-aware full-text search of articles, best first: the query's words side by
        side, then close together, then as typed (``sort=date``: newest first). Each
        snippet is the article's original text: [ and ] mark the hits in ``snippet``; ``snippet_hits`` / ``title_hits`` give them as
        [start, end) offsets into ``snippet_text`` / ``title``. The number of matches in
        all is in the X-Total-Count header (counted up to 1,000; beyond,
        X-Total-Count-Capped is true)."""
        return SafeJSONResponse(validated(list[SearchHit], search_articles(db, limit=limit, offset=offset,
                                                                           settings=settings, **query)),
                                headers=search_total(db, settings=settings, **query))

    @app.get("/api/search/events", response_model=list[EventSearchHit], tags=["search"],
             summary="Search events", responses={422: {"model": ErrorOut, "description": "Missing or bad query"}})
    @_annotated(query=Annotated[dict[str, Any], Depends(search_query)])
    def api_search_events(
            query: dict,  # (annotated above: the query's limit is a setting)
            limit: Annotated[int, Query(ge=1, le=100, description="at most this many events")] = 20,
            offset: Annotated[int, Query(ge=0, le=10_000, description="skip this many (best first)")] = 0,
    ) -> Any:
        """The events whose articles match (same query and filters as /api/search), in
        the order of their best article; an article outside any event is its own group
        (``event`` null). Each group lists up to 3 matching articles. The number of groups
        in all is in X-Total-Count (over the best 1,000 matching articles)."""
        return SafeJSONResponse(validated(list[EventSearchHit], search_events(db, limit=limit, offset=offset,
                                                                              settings=settings, **query)),
                                headers=search_total(db, events=True, settings=settings, **query))

    @app.get("/api/articles/{article_id:path}", response_model=ArticleOut, tags=["articles"], summary="One article",
             responses=_NOT_FOUND)
    def api_article(article_id: Annotated[str, Path(description="article id")]) -> Any:
        """One stored article: metadata, its event and the extracted main text."""
        return _found(ArticleOut, engine.article(article_id, db), f"article {article_id!r}")

    @app.get("/api/people/{name:path}", response_model=PersonPage, tags=["people"], summary="One person",
             responses=_NOT_FOUND)
    def api_person(name: Annotated[str, Path(description="a person's name (diacritics optional)")]) -> Any:
        """A person's events over time, with the titles each gives them."""
        return _found(PersonPage, person_events(db, name), f"person {name!r}")

    @app.get("/api", include_in_schema=False)
    def api_root() -> Any:
        return SafeJSONResponse({"name": "vnnews", "version": __version__, "openapi": "/openapi.json",
                                 "docs": "/docs"})

    return app


__all__ = ["create_app", "CSP", "SECURITY_HEADERS", "SafeJSONResponse", "filtered_events",
           "person_events", "event_mentions"]
