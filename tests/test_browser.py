"""The web page in a real browser: Debian's chromium driven by playwright.

``vnnews serve`` runs on 127.0.0.1 over the two seeds (ingested with
``vnnews.engine.ingest``); the test opens the event list, clicks the event, checks the
card as a reader sees it (title, date, the five people, the sourced summary, the
timeline and the graph), saves a full-page screenshot to ``docs/``, then searches with
the page's form for "vuong dinh hue" and "Huệ". No console error and no
Content-Security-Policy violation may happen on any page.

Browsers cannot be downloaded here, so playwright drives the system chromium
(``tools/install_browser.sh`` installs it; ``$VNNEWS_CHROMIUM`` names another one).
Without chromium or the playwright package the test is skipped, saying which.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from .conftest import ROOT, SEED_IDS, SEEDS

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("VNNEWS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = pathlib.Path(os.environ.get("VNNEWS_SCREENSHOT_DIR") or ROOT / "docs")
PEOPLE = ["Vương Đình Huệ", "Trần Tuấn Anh", "Trần Quốc Khánh", "Đỗ Thắng Hải", "Ngô Thị Thanh Hằng"]

try:
    from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None


def _skip_reason() -> str | None:
    if sync_playwright is None:
        return "playwright is not installed (pip install 'vnnews[browser]'; make test installs it)"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return (f"no chromium at {CHROMIUM} (tools/install_browser.sh installs Debian's; "
                "or set VNNEWS_CHROMIUM)")
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from vnnews.engine import ingest

    db = str(tmp_path_factory.mktemp("browser") / "seeds.db")
    res = ingest([str(SEEDS)], db=db)
    assert res.stored == len(SEED_IDS), res.drops
    port = _free_port()
    log = open(tmp_path_factory.getbasetemp() / "serve.log", "w+b")
    proc = subprocess.Popen([sys.executable, "-m", "vnnews.cli", "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/api", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"vnnews serve did not start: {log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.2)
        yield base, db
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser_page(server: tuple[str, str]) -> Iterator[tuple[Page, list[str]]]:
    assert sync_playwright is not None
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN",
                                          device_scale_factor=1)
            page = context.new_page()

            def on_console(msg: ConsoleMessage) -> None:
                # CSP violations are reported as console errors ("Refused to ...")
                if msg.type == "error" or "Content Security Policy" in msg.text:
                    problems.append(f"console {msg.type}: {msg.text} ({page.url})")

            page.on("console", on_console)
            page.on("pageerror", lambda e: problems.append(f"page error: {e} ({page.url})"))
            page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} {r.failure}"))
            page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
            yield page, problems
        finally:
            browser.close()


def _csp_violations(page: Page) -> list[str]:
    return page.evaluate("() => (window.__csp || [])")


def _watch_csp(page: Page) -> None:
    """Record securitypolicyviolation events (run in the page's isolated world by CDP,
    so the page's own CSP, which forbids inline script, does not block it)."""
    page.evaluate("""() => { window.__csp = window.__csp || [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }""")


def test_event_page_and_search_in_chromium(server: tuple[str, str], browser_page: tuple[Page, list[str]]) -> None:
    import vnnews

    base, db = server
    page, problems = browser_page
    (card,) = list(vnnews.export(db=db))

    # the event list, then the event
    resp = page.goto(base + "/")
    assert resp is not None and resp.ok
    assert "Content-Security-Policy".lower() in {k.lower() for k in resp.headers}
    _watch_csp(page)
    links = page.locator("ol.events a.title")
    expect(links).to_have_count(1)
    links.first.click()
    page.wait_for_url("**/events/**")
    _watch_csp(page)

    # the card, as a reader sees it
    card_title = page.locator("h1").inner_text()
    assert card_title == card["title"] and card["date"] == "2020-08-13"
    expect(page.locator(".event-head .date")).to_have_text("13/08/2020")
    people = page.locator("section.entities ul.people a.person").all_inner_texts()
    for name in PEOPLE:
        assert name in people, (name, people)
    summary = page.locator("section.summary li")
    assert summary.count() >= 2
    for i in range(summary.count()):
        cites = summary.nth(i).locator(".cite a")
        assert cites.count() >= 1, summary.nth(i).inner_text()
        href = cites.first.get_attribute("href") or ""
        assert href in {"/articles/" + quote(a, safe="") for a in SEED_IDS}, href
    for sel in ("svg.timeline", "svg.graph"):
        svg = page.locator(sel)
        expect(svg).to_be_visible()
        box = svg.bounding_box()
        assert box and box["width"] > 300 and box["height"] > 50, (sel, box)
    dated = [a for a in card["articles"] if a.get("published")]
    assert dated
    expect(page.locator("svg.timeline circle")).to_have_count(len(dated))
    for name in PEOPLE:
        expect(page.locator("svg.graph a.node text", has_text=name).first).to_be_visible()
    # Vietnamese text is laid out with real glyphs (no missing-glyph boxes: same width as a known font)
    width = page.evaluate("""() => { const c = document.createElement('canvas').getContext('2d');
        c.font = '16px ' + getComputedStyle(document.body).fontFamily;
        return [c.measureText('Vương Đình Huệ').width, c.measureText('\\u25a1\\u25a1\\u25a1').width]; }""")
    assert width[0] > 60, width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "screenshot-event.png"), full_page=True)

    # search with the form: unaccented, then accented
    for query, shown in (("vuong dinh hue", "Vương Đình Huệ"), ("Huệ", "Huệ")):
        page.fill("header.site input[name=q], form.search-form input[name=q]", query)
        page.press("input[name=q] >> nth=0", "Enter")
        page.wait_for_url("**/search?**")
        _watch_csp(page)
        expect(page.locator("h1")).to_have_text("Tìm kiếm")
        expect(page.locator("input[name=q]")).to_have_value(query)
        hrefs = page.locator("ol.results li.hit a.title").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert set(hrefs) == {"/articles/" + quote(a, safe="") for a in SEED_IDS}, hrefs
        marks = page.locator("ol.results mark").all_inner_texts()
        assert marks and all(m in shown.split() for m in marks), marks  # the original, accented words
        event_link = page.locator("ol.results a.event-title")
        expect(event_link).to_have_count(1)
        assert event_link.inner_text() == card_title
        if query == "vuong dinh hue":
            page.screenshot(path=str(SHOTS / "screenshot-search.png"), full_page=False)
        assert _csp_violations(page) == []

    # a word that is in no seed: the page says so
    page.fill("input[name=q]", "Huế")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?**")
    expect(page.locator("p.empty")).to_be_visible()
    assert problems == [], problems
