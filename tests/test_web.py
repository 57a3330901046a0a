# ruff: noqa: F811  (fixtures imported from test_api are parameters here)
"""HTML side of ``vnnews serve``: every page renders hostile article text as text, carries
the security headers (404s and /docs included), works without JavaScript, and the event
page draws its timeline and entity graph as server-side SVG.

Fixtures (the ingested database, the client) come from ``test_api.py``.
"""
from __future__ import annotations

import asyncio
import html as html_lib
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import vnnews
from vnnews.api import CSP, create_app
from vnnews.settings import DEFAULT
from vnnews.web import views

from .test_api import HN2_ID, STORM_ID, XSS_ID, XSS_NEEDLES, XSS_URL, client, person_of, web_db, xss_event  # noqa: F401

SAFE_TAGS = {
    "html", "head", "meta", "title", "link", "body", "header", "nav", "main", "footer", "form", "label",
    "input", "button", "a", "h1", "h2", "h3", "p", "ol", "ul", "li", "span", "strong", "small", "code",
    "mark", "q", "time", "dl", "dt", "dd", "div", "section", "article", "figure", "figcaption",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td",
    "svg", "g", "line", "circle", "text", "fieldset", "legend", "details", "summary", "select", "option", "aside",
}
URL_ATTRS = {"href", "src", "action", "xlink:href", "formaction", "data", "poster", "background"}


class TagAudit(HTMLParser):
    """Every tag and attribute a browser would see in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_safe_page(r: Any, status: int = 200) -> str:
    """A page with the headers, made only of our own markup: no script, no event handler,
    no inline style, no URL other than same-site paths and http(s) links."""
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.headers["content-security-policy"] == CSP
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    html = r.text
    for needle in XSS_NEEDLES + ["<style", "<iframe", "<object", "<embed", "<img"]:
        assert needle not in html, needle
    audit = TagAudit()
    audit.feed(html)
    assert audit.tags, html[:200]
    for tag, attrs in audit.tags:
        assert tag in SAFE_TAGS, (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, attrs)
            if name in URL_ATTRS:
                v = (value or "").strip()
                assert v.startswith(("/", "#", "http://", "https://")) and not v.startswith("//"), (tag, name, v)
    # the page basics: UTF-8, Vietnamese, a search form, the one stylesheet
    assert '<meta charset="utf-8">' in html and '<html lang="vi">' in html
    forms = [a for t, a in audit.tags if t == "form"]
    assert any(f.get("action") == "/search" and f.get("method") == "get" for f in forms)
    assert any(t == "input" and a.get("name") == "q" for t, a in audit.tags)
    assert any(t == "link" and a.get("href") == "/static/app.css" for t, a in audit.tags)
    return html


def href_to(aid: str) -> str:
    return "/articles/" + quote(aid, safe="")


# ------------------------------------------------------------------------ pages
def test_index_lists_events_by_latest_update(client: TestClient, web_db: str) -> None:
    """Latest update first (the newest article of each event); ?sort=date by event date;
    each entry with its coverage, outlets and a one-line summary."""
    html = assert_safe_page(client.get("/"))
    cards = vnnews.events(db=web_db)
    by_update = sorted(cards, key=lambda c: (c.get("updated") or "", c["id"]), reverse=True)
    positions = [html.find('href="/events/' + quote(c["id"], safe="") + '"') for c in by_update]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    by_date = assert_safe_page(client.get("/?sort=date"))
    positions = [by_date.find('href="/events/' + quote(c["id"], safe="") + '"') for c in cards]
    assert all(p > 0 for p in positions) and positions == sorted(positions)
    for c in cards:
        assert c.get("updated") and views.fmt_time(c["updated"]) in html
        assert c.get("summary")
        assert vnnews.engine.event_brief(c)["summary"].replace("&", "&amp;").replace('"', "&#34;")[:40] in html
    for c in cards:
        assert views.fmt_date(c["date"]) in html
        assert f'{len(c["articles"])} bài' in html
    assert "Dân trí" in html and "VnExpress" in html
    assert "Sự kiện mới nhất" in html  # Vietnamese text as UTF-8


def test_index_paging(client: TestClient, monkeypatch: pytest.MonkeyPatch, web_db: str) -> None:
    from vnnews.settings import Settings, WebSettings

    with TestClient(create_app(web_db, settings=Settings(web=WebSettings(page_size=2)))) as c:
        ids = [e["id"] for e in sorted(vnnews.events(db=web_db), key=lambda c: (c.get("updated") or "", c["id"]),
                                       reverse=True)]
        seen: list[str] = []
        page = 1
        while True:
            html = assert_safe_page(c.get("/", params={"page": page}))
            found = re.findall(r'href="/events/([^"]+)"', html)
            seen += found
            if 'rel="next"' not in html:
                break
            assert f'href="/?page={page + 1}"' in html
            page += 1
        assert seen == [quote(i, safe="") for i in ids]
        assert 'rel="prev"' in html or page == 1
    assert_safe_page(client.get("/", params={"page": 999}))
    assert_safe_page(client.get("/", params={"page": 0}), 422)
    assert_safe_page(client.get("/", params={"page": "x"}), 422)


def test_event_page_content(client: TestClient, xss_event: dict, web_db: str) -> None:
    html = assert_safe_page(client.get("/events/" + quote(xss_event["id"], safe="")))
    nums = views.article_numbers(xss_event)
    assert views.fmt_date(xss_event["date"]) in html
    for p in xss_event["places"]:
        assert views.search_href(p) in html
    for a in xss_event["articles"]:
        assert f'href="{href_to(a["id"])}"' in html
    for s in xss_event["summary"]:  # each summary sentence cites its articles, numbered
        for src in s["sources"]:
            assert f'<a href="{href_to(src)}' in html and f"[{nums[src]}]" in html
    for p in xss_event["people"]:
        assert f'href="{views.person_href(p["name"])}"' in html
        for t in p["titles"]:
            assert t.replace("&", "&amp;") in html
    for o in xss_event["organizations"]:
        assert views.search_href(o) in html
    # a card with disagreements shows each side (the seeds' event has some)
    disputed = [c for c in vnnews.events(db=web_db) if c["disagreements"]]
    assert disputed
    dhtml = assert_safe_page(client.get("/events/" + quote(disputed[0]["id"], safe="")))
    assert 'class="claims"' in dhtml and dhtml.count('class="claim"') >= 2
    # only http(s) source URLs are links; javascript: is shown as text
    assert "javascript:alert(5)" in html and 'href="javascript' not in html
    hn2_event = vnnews.article(HN2_ID, db=web_db)["event"]  # the same event or another one
    html = assert_safe_page(client.get("/events/" + quote(hn2_event, safe="")))
    assert 'href="https://vnexpress.net/ha-noi-bo-cong-thuong-4145.html"' in html


def test_article_page(client: TestClient, web_db: str) -> None:
    art = vnnews.article(HN2_ID, db=web_db)
    html = assert_safe_page(client.get(href_to(HN2_ID)))
    assert art["title"] in html and "VnExpress" in html and "Minh An" in html
    assert 'href="https://vnexpress.net/ha-noi-bo-cong-thuong-4145.html"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert f'href="/events/{quote(art["event"], safe="")}"' in html
    shown = re.sub(r"<[^>]+>", "", html)
    for p in views.paragraphs(art["text"]):
        assert p.replace("&", "&amp;") in shown
    # an id holding / ? # and spaces
    storm = vnnews.article(STORM_ID, db=web_db)
    html = assert_safe_page(client.get(href_to(STORM_ID)))
    assert storm["title"] in html


def test_hostile_article_everywhere_is_text(client: TestClient, xss_event: dict, web_db: str) -> None:
    art = vnnews.article(XSS_ID, db=web_db)
    name = person_of(xss_event, web_db)
    pages = {
        "index": client.get("/"),
        "event": client.get("/events/" + quote(xss_event["id"], safe="")),
        "article": client.get(href_to(XSS_ID)),
        "search": client.get("/search", params={"q": "Bộ Công Thương"}),
        "search-alert": client.get("/search", params={"q": "alert"}),
        "person": client.get("/people/" + quote(name, safe="")),
    }
    for key, r in pages.items():
        html = assert_safe_page(r)
        assert 'href="javascript' not in html.lower(), key
    article_html = pages["article"].text
    assert "javascript:alert(5)" in article_html  # shown, not linked
    for field in ("title", "source", "author"):  # each holds markup in the test data
        assert art[field] and "<" in art[field], field
        escaped = art[field].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&#34;") in article_html, field
    assert "&lt;script&gt;alert(6)&lt;/script&gt;" in article_html  # the tag
    assert "<script>alert(7)</script>" in art["text"]  # the extracted text keeps it, as text
    assert "&lt;script&gt;alert(7)&lt;/script&gt;" in article_html
    title_escaped = art["title"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert xss_event["title"] == art["title"] and title_escaped in pages["person"].text


def test_search_page_highlights_safely(client: TestClient) -> None:
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong"}))
    assert "<mark>" in html
    assert f'href="{href_to(XSS_ID)}"' in html and f'href="{href_to(HN2_ID)}"' in html
    html = assert_safe_page(client.get("/search", params={"q": "Đà Nẵng"}))
    assert f'href="{href_to(STORM_ID)}"' in html and "<mark>Đà Nẵng</mark>" in html
    html = assert_safe_page(client.get("/search", params={"q": "<script>alert(9)</script>"}))
    assert "&lt;script&gt;alert(9)&lt;/script&gt;" in html
    assert 'value="&lt;script&gt;alert(9)&lt;/script&gt;"' in html
    html = assert_safe_page(client.get("/search", params={"q": '"><b onmouseover=alert(10)>'}))
    assert 'value="&#34;&gt;&lt;b onmouseover=alert(10)&gt;"' in html
    assert_safe_page(client.get("/search"))
    assert_safe_page(client.get("/search", params={"q": "x" * 501}), 422)


def test_search_page_groups_by_event_with_filters(client: TestClient, xss_event: dict, web_db: str) -> None:
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong"}))
    audit = TagAudit()
    audit.feed(html)
    names = {a.get("name") for t, a in audit.tags if t == "input"}
    assert {"q", "date_from", "date_to", "source", "person", "place"} <= names
    # each matching article once, under its event's title
    assert html.count(f'href="{href_to(XSS_ID)}"') == 1 and html.count(f'href="{href_to(HN2_ID)}"') == 1
    assert f'class="event-title" href="/events/{quote(xss_event["id"], safe="")}"' in html
    hn2_event = vnnews.article(HN2_ID, db=web_db)["event"]
    assert f'class="event-title" href="/events/{quote(hn2_event, safe="")}"' in html
    # filters are plain GET fields; their values come back escaped
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong", "source": "VnExpress",
                                                           "date_from": "2020-08-13", "date_to": ""}))
    assert f'href="{href_to(HN2_ID)}"' in html and f'href="{href_to(XSS_ID)}"' not in html
    assert 'value="VnExpress"' in html and 'value="2020-08-13"' in html
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong", "person": "<b>x</b>"}))
    assert 'value="&lt;b&gt;x&lt;/b&gt;"' in html and "Không tìm thấy" in html
    # a bad date is said on the page, not a 422 for a form a person filled in
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong", "date_from": "13/08/2020"}))
    assert "form-error" in html and f'href="{href_to(HN2_ID)}"' not in html
    html = assert_safe_page(client.get("/search", params={"q": "ha noi", "date_from": "2021-01-01",
                                                           "date_to": "2020-01-01"}))
    assert "form-error" in html


def test_search_page_paging(web_db: str) -> None:
    from vnnews.settings import Settings, WebSettings

    client = TestClient(create_app(web_db, settings=Settings(web=WebSettings(search_groups=1))))
    html = assert_safe_page(client.get("/search", params={"q": "bo cong thuong", "source": "vnexpress"}))
    assert 'rel="next"' not in html
    html = assert_safe_page(client.get("/search", params={"q": "ha noi"}))
    assert 'rel="next" href="/search?q=ha%20noi&amp;page=2"' in html
    html2 = assert_safe_page(client.get("/search", params={"q": "ha noi", "page": 2}))
    assert 'rel="prev"' in html2


def test_index_filters(client: TestClient, xss_event: dict, web_db: str) -> None:
    storm = vnnews.article(STORM_ID, db=web_db)["event"]
    html = assert_safe_page(client.get("/", params={"place": "da nang"}))
    assert f'href="/events/{quote(storm, safe="")}"' in html
    assert f'href="/events/{quote(xss_event["id"], safe="")}"' not in html
    assert "sự kiện khớp" in html and "<details" in html and " open" in html
    html = assert_safe_page(client.get("/", params={"date_from": "2030-01-01"}))
    assert "Không có sự kiện nào khớp" in html
    html = assert_safe_page(client.get("/", params={"date_from": "x"}))
    assert "form-error" in html


def test_person_page(client: TestClient, xss_event: dict, web_db: str) -> None:
    name = person_of(xss_event, web_db)
    html = assert_safe_page(client.get("/people/" + quote(name, safe="")))
    assert f"<h1>{name}</h1>" in html
    assert f'href="/events/{quote(xss_event["id"], safe="")}"' in html
    entry = next((p for p in xss_event["people"] if p["name"] == name), None)
    for t in (entry or {}).get("titles", []):
        assert t in html


@pytest.mark.parametrize("path", [
    "/events/ev-nope", "/articles/nope", "/people/Không%20Ai%20Cả", "/nothing/here",
    "/events/%3Cscript%3Ealert(8)%3C%2Fscript%3E", "/static/nope.css", "/favicon.ico",
])
def test_html_404_pages(client: TestClient, path: str) -> None:
    html = assert_safe_page(client.get(path), 404)
    assert "404" in html and "alert(8)" not in html


def test_docs_page_without_cdn(client: TestClient) -> None:
    html = assert_safe_page(client.get("/docs"))
    for p in ("/api/events", "/api/search", "/api/articles/{article_id}", "/api/people/{name}"):
        assert p in html
    assert "cdn" not in html.lower()


def test_server_errors_carry_the_headers(tmp_path: Any) -> None:
    """A store that cannot be opened is a 500, HTML or JSON, with the headers still on."""
    with TestClient(create_app(str(tmp_path / "no-such-folder" / "x.db")), raise_server_exceptions=False) as c:
        r = c.get("/")
        assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
        assert r.headers["content-security-policy"] == CSP
        r = c.get("/api/events")
        assert r.status_code == 500 and r.headers["content-type"] == "application/json"
        assert r.json() == {"detail": "internal error"} and r.headers["content-security-policy"] == CSP


def test_static_files(client: TestClient) -> None:
    r = client.get("/static/app.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert r.headers["content-security-policy"] == CSP
    assert "mark" in r.text


async def _raw_get(app: Any, raw_path: bytes) -> tuple[int, bytes, dict[bytes, bytes]]:
    """One GET straight through ASGI, the path untouched by any client normalisation."""
    from urllib.parse import unquote_to_bytes

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 1), "root_path": "",
             "path": unquote_to_bytes(raw_path).decode("latin-1"), "raw_path": raw_path, "query_string": b"",
             "headers": [(b"host", b"testserver")]}
    status, body, headers = 0, b"", {}

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status, body, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = dict(message["headers"])
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")

    await app(scope, receive, send)
    return status, body, headers


@pytest.mark.parametrize("raw_path", [
    b"/static/../../etc/passwd", b"/static/..%2f..%2fetc%2fpasswd", b"//etc/passwd",
    b"/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", b"/static/..%5c..%5cetc%5cpasswd",
    b"/static/../../../../../../etc/passwd", b"/static//etc/passwd", b"/static/../web/views.py",
    b"/static/../../api.py", b"/static/%2e%2e/__init__.py",
])
def test_static_never_leaves_its_folder(client: TestClient, web_db: str, raw_path: bytes) -> None:
    r = client.get(raw_path.decode())
    assert r.status_code == 404 and "root:" not in r.text and "import" not in r.text
    status, body, headers = asyncio.run(_raw_get(create_app(web_db), raw_path))
    assert status == 404, (raw_path, body[:200])
    assert b"root:" not in body and b"import " not in body
    assert headers[b"content-security-policy"] == CSP.encode()


def test_no_javascript_needed(client: TestClient, xss_event: dict) -> None:
    """The pages hold no script at all, so they read the same with JavaScript off."""
    for path in ("/", "/events/" + quote(xss_event["id"], safe=""), href_to(XSS_ID), "/search?q=ha+noi", "/docs"):
        r = client.get(path)
        assert r.status_code == 200
        assert "<script" not in r.text.lower() and "javascript:" not in re.sub(r">[^<]*<", "><", r.text)


# ------------------------------------------------------------------- view helpers
@pytest.mark.parametrize("url,ok", [
    ("https://vnexpress.net/a.html", True), ("http://dantri.com.vn/x?y=1#z", True),
    (" https://tuoitre.vn/ ", True), (XSS_URL, False), ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False), ("java\tscript:alert(1)", False), ("data:text/html,<b>x</b>", False),
    ("vbscript:msgbox", False), ("//evil.example/x", False), ("/local/path", False), ("", False),
    (None, False), ("https://", False), ("http:\\\\evil.example", False), ("ftp://files.vn/a", False),
])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (views.safe_url(url) is not None) is ok


def test_highlight_segments() -> None:
    segs = views.highlight("Hôm nay [Bộ] <b>[Công]</b> [Thương] mở [ngoặc")
    assert [s.text for s in segs if s.hit] == ["Bộ", "Công", "Thương"]
    assert "".join(s.text for s in segs) == "Hôm nay Bộ <b>Công</b> Thương mở [ngoặc"
    assert views.highlight(None) == [] and views.highlight("") == []
    assert views.highlight("[]a") == [views.Segment("a")]


def test_citations_land_on_the_cited_passage(client: TestClient, xss_event: dict, web_db: str) -> None:
    """A summary citation links to /articles/ID#s-START-END; that page holds the passage
    under that id (highlighted by CSS :target), the article's own characters."""
    html = assert_safe_page(client.get("/events/" + quote(xss_event["id"], safe="")))
    checked = 0
    for s in xss_event["summary"]:
        for src, (a, b) in (s.get("offsets") or {}).items():
            anchor = views.span_id(a, b)
            assert f'href="{href_to(src)}#{anchor}"' in html
            page = assert_safe_page(client.get(href_to(src)))
            page = re.sub(r'<span class="anchor" id="[^"]*"></span>', "", page)
            m = re.search(rf'<span class="passage" id="{anchor}">(.*?)</span>', page, re.S)
            assert m, anchor
            text = vnnews.article(src, db=web_db)["text"]
            assert html_lib.unescape(re.sub(r"<[^>]+>", "", m.group(1))) == text[a:b]
            checked += 1
    assert checked
    css = client.get("/static/app.css").text
    assert ".passage:target" in css


def test_event_page_order_and_folded_figures() -> None:
    """The event page's sections in the journalist's order; ten figures shown, the rest
    folded; direct quotes before reported ones; the story line with its relations."""
    from vnnews.api import _environment

    card = {"id": "ev", "title": "Sự kiện", "date": "2020-08-13",
            "articles": [{"id": "a1", "source": "VnExpress", "title": "Bài một", "published": "2020-08-13T10:00:00+07:00",
                          "url": "https://vnexpress.net/a1.html"},
                         {"id": "a2", "source": "Dân trí", "title": "Bài hai", "published": "2020-08-14T09:00:00+07:00"}],
            "summary": [{"text": "Câu tóm tắt.", "sources": ["a1"], "offsets": {"a1": [0, 12]}}],
            "people": [{"name": "Vương Đình Huệ", "titles": [], "aliases": [], "sources": ["a1"]}],
            "organizations": ["Bộ Công Thương"], "places": ["Hà Nội"],
            "mentioned": {"people": [], "organizations": ["Quốc hội"], "places": ["Quốc lộ 1A"]},
            "quotes": [{"text": "thuật lại", "speaker": "A", "sources": ["a1"], "kind": "reported"},
                       {"text": "trực tiếp", "speaker": "B", "sources": ["a2"], "kind": "direct"}],
            "figures": [{"text": f"{i}%", "value": i, "unit": "%", "context": "", "sources": ["a1"] if i % 2 else ["a1", "a2"]}
                        for i in range(15)],
            "disagreements": [{"topic": "số người", "claims": [{"text": "x", "sources": ["a1"]}, {"text": "y", "sources": ["a2"]}]}],
            "agreements": [],
            "related": [{"id": "ev0", "title": "Trước", "date": "2020-08-10", "relation": "earlier"},
                        {"id": "ev2", "title": "Sau", "date": "2020-08-20", "relation": "later"}]}
    nums = views.article_numbers(card)
    outlets = {a["id"]: a["source"] for a in card["articles"]}
    html = _environment().get_template("event.html").render(
        card=card, nums=nums, cites=lambda it, k: views.cites(it, nums, outlets, k), leads={}, query="",
        outlets=views.outlet_list(card), updated=views.last_update(card), basis=views.date_basis(card),
        story=views.related_items(card, {"ev0", "ev2"}), relation_words=views.RELATION_WORDS,
        quotes=views.quotes_ordered(card["quotes"]), figures=views.salient_figures(card["figures"]),
        shown=DEFAULT.web.figures_shown)
    order = [html.index(x) for x in ("<h1>", 'class="summary"', 'id="sources"', 'id="story"', 'class="entities"',
                                     'class="quotes"', 'class="figures"', 'class="disagreements"')]
    assert order == sorted(order)
    assert "14/08/2020 09:00" in html and "(ngày đăng bài)" in html and html.count('class="outlet"') >= 2
    head, folded = html.split('<details class="more-figures">')
    assert head[head.index('class="figures"'):].count("<strong>") == 10 and folded.count("<strong>") == 5
    # the salient first: figures stated by both articles come before those stated by one
    assert views.salient_figures(card["figures"])[0]["sources"] == ["a1", "a2"]
    assert html.index("trực tiếp") < html.index("thuật lại")
    # names in passing (the salience ranker's ``mentioned``) folded after the card's own lists
    also = html[html.index('<details class="mentioned">'):]
    also = also[:also.index("</details>")]
    assert "Cũng được nhắc đến (2)" in also and "Quốc hội" in also and "Quốc lộ 1A" in also
    assert html.index('class="places"') < html.index('class="mentioned"') < html.index('class="quotes"')
    story = html[html.index('id="story"'):html.index('class="entities"')]
    assert [m for m in re.findall(r"<time[^>]*>([^<]+)</time>", story)] == ["10/08/2020", "13/08/2020", "20/08/2020"]
    assert 'href="/events/ev0"' in story and "trước đó" in story and "diễn biến sau" in story
    assert 'href="/articles/a1#s-0-12"' in html and f'href="/articles/a1#{views.passage_id("f", "1%")}"' in html
    # a link to an event that no longer exists is left out
    assert [r["id"] for r in views.related_items(card, {"ev0"})] == ["ev0", "ev"]


def test_untitled_article_shows_its_lead_sentence() -> None:
    assert views.lead_title("(Tổ Quốc) - Chiều 13/8, Bí thư Vương Đình Huệ chủ trì. Câu hai.") == \
        "Chiều 13/8, Bí thư Vương Đình Huệ chủ trì."
    assert views.lead_title("") is None


def test_search_page_person_card_and_sort(client: TestClient, xss_event: dict, web_db: str) -> None:
    """A name query shows the person's card above the results; ?sort=date orders the
    results newest first and the pager keeps the order."""
    name = next(p["name"] for p in xss_event["people"] if 2 <= len(p["name"].split()) <= 4)
    html = assert_safe_page(client.get("/search", params={"q": name}))
    assert '<aside class="person-card">' in html
    card = html[html.index('<aside class="person-card">'):html.index("</aside>")]
    assert f'href="{views.person_href(name)}"' in card and "sự kiện" in card
    assert html.index("</aside>") < html.index('<ol class="results">')
    plain = assert_safe_page(client.get("/search", params={"q": "công nghiệp"}))
    assert "person-card" not in plain
    by_date = client.get("/api/search", params={"q": "công nghiệp", "sort": "date"}).json()
    times = [h["published"] for h in by_date if h["published"]]
    assert len(times) >= 2 and times == sorted(times, reverse=True)
    page = assert_safe_page(client.get("/search", params={"q": "công nghiệp", "sort": "date"}))
    assert '<option value="date" selected>' in page
    assert client.get("/api/search", params={"q": "x", "sort": "size"}).status_code == 422
