"""The web page in a real browser: Debian's chromium driven by playwright.

``vnnews serve`` runs on 127.0.0.1 over the two seeds and six VMDS clusters (two
stories: the Laos plane crash, vmds-024/114; Chelsea–Schalke, vmds-093/090; and the
VN-Index sessions, vmds-160/166, a card with hundreds of figures and several
disagreements), ingested with ``vnnews.engine.ingest``. At 1366 px and at 390 px wide:

* no page scrolls sideways (home, event, article, search);
* the sources of an event start within its first two screens;
* a click on a summary citation lands on the cited passage, highlighted, in view;
* the story line of an event of a story renders, with a link to the other event;
* the seed card reads as a reader sees it (title, date, the five people, the sourced
  summary), and the search form finds "vuong dinh hue" and "Huệ".

Screenshots go to a temporary folder, so a test run never rewrites tracked files;
``VNNEWS_SCREENSHOT_DIR=docs`` refreshes the ones in ``docs/``. No console error and no Content-Security-Policy
violation may happen on any page.

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
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import pytest

from .conftest import ROOT, SEED_IDS, SEEDS

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("VNNEWS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
SHOTS = pathlib.Path(os.environ.get("VNNEWS_SCREENSHOT_DIR")
                     or tempfile.mkdtemp(prefix="vnnews-screenshots-"))
WIDTHS = {1366: 768, 390: 844}  # viewport width: height
STORY_CLUSTERS = {"vmds-024", "vmds-114", "vmds-093", "vmds-090", "vmds-160", "vmds-166"}
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
    import json

    from vnnews.engine import ingest

    tmp = tmp_path_factory.mktemp("browser")
    stories = tmp / "stories.jsonl"
    with open(ROOT / "tests" / "data" / "vmds" / "articles.jsonl", encoding="utf-8") as src, \
            open(stories, "w", encoding="utf-8") as out:
        for line in src:
            if json.loads(line)["cluster"] in STORY_CLUSTERS:
                out.write(line)
    db = str(tmp / "web.db")
    res = ingest([str(SEEDS), str(stories)], db=db)
    assert res.stored >= len(SEED_IDS) + 8, res.drops
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
def browser(server: tuple[str, str]) -> Iterator[Any]:
    assert sync_playwright is not None
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@contextmanager
def open_page(browser: Any, width: int) -> Iterator[tuple[Page, list[str]]]:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}, locale="vi-VN",
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
    try:
        yield page, problems
    finally:
        context.close()


def _csp_violations(page: Page) -> list[str]:
    return page.evaluate("() => (window.__csp || [])")


def _watch_csp(page: Page) -> None:
    """Record securitypolicyviolation events (run in the page's isolated world by CDP,
    so the page's own CSP, which forbids inline script, does not block it)."""
    page.evaluate("""() => { window.__csp = window.__csp || [];
        document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI)); }""")


def _no_sideways_scroll(page: Page) -> None:
    sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], (page.url, sizes)


def _event_with_story(db: str) -> dict:
    import vnnews

    cards = [c for c in vnnews.export(db=db) if c.get("related")]
    assert cards, "no story links among the VMDS stories"
    return next(c for c in cards if "Lào" in (c.get("title") or "")) if any(
        "Lào" in (c.get("title") or "") for c in cards) else cards[0]


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_event_page_at_width(server: tuple[str, str], browser: Any, width: int) -> None:
    import vnnews

    base, db = server
    seed = next(c for c in vnnews.export(db=db) if c["id"] and set(SEED_IDS) <= {a["id"] for a in c["articles"]})
    story = _event_with_story(db)
    biggest = max(vnnews.export(db=db), key=lambda c: len(c["figures"]))
    assert len(biggest["figures"]) > 100
    with open_page(browser, width) as (page, problems):
        resp = page.goto(base + "/")
        assert resp is not None and resp.ok
        assert "content-security-policy" in {k.lower() for k in resp.headers}
        _watch_csp(page)
        _no_sideways_scroll(page)
        expect(page.locator("ol.events a.title").first).to_be_visible()

        for card in (seed, story, biggest):
            page.goto(base + "/events/" + quote(card["id"], safe=""))
            _watch_csp(page)
            _no_sideways_scroll(page)
            # the sources start within the first two screens
            top = page.evaluate("() => document.getElementById('sources').getBoundingClientRect().top")
            assert top < 2 * WIDTHS[width], (card["id"], top)
            expect(page.locator("#sources ol.article-list li").first).to_be_visible()
            assert _csp_violations(page) == []
        # the many-figure card (the last one loaded): ten figures shown, the rest folded
        shown = page.locator("section.figures > ul > li")
        expect(shown).to_have_count(10)
        expect(page.locator("details.more-figures li").first).to_be_hidden()
        if biggest["disagreements"]:
            assert page.locator("section.disagreements li.claim").count() >= 2
        page.locator("section.figures").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"screenshot-figures-{width}.png"), full_page=False)

        # the seed card as a reader sees it
        page.goto(base + "/events/" + quote(seed["id"], safe=""))
        assert page.locator("h1").inner_text() == seed["title"] and seed["date"] == "2020-08-13"
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
            assert href.split("#")[0] in {"/articles/" + quote(a, safe="") for a in SEED_IDS}, href
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"screenshot-event-{width}.png"), full_page=False)

        # a citation click lands on the cited passage, highlighted and in view
        link = summary.nth(1).locator(".cite a").first
        href = link.get_attribute("href") or ""
        anchor = href.split("#", 1)[1]
        link.click()
        page.wait_for_url("**/articles/**")
        _watch_csp(page)
        _no_sideways_scroll(page)
        target = page.locator(":target")
        expect(target).to_have_count(1)
        assert target.get_attribute("id") == anchor and "passage" in (target.get_attribute("class") or "")
        box = page.evaluate("""() => { const r = document.querySelector(':target').getBoundingClientRect();
            return [r.top, r.bottom, window.innerHeight,
                    getComputedStyle(document.querySelector(':target')).backgroundColor]; }""")
        assert 0 <= box[0] < box[2], box  # in view
        assert box[3] not in ("rgba(0, 0, 0, 0)", "transparent"), box  # highlighted
        other = page.evaluate("() => getComputedStyle(document.querySelector('.text p')).backgroundColor")
        assert other != box[3]
        assert page.locator("dl.meta-grid").is_visible() and page.locator(".text p").count() >= 3
        page.screenshot(path=str(SHOTS / f"screenshot-passage-{width}.png"), full_page=False)

        # the story line of an event of a story
        page.goto(base + "/events/" + quote(story["id"], safe=""))
        _watch_csp(page)
        items = page.locator("#story ol.story-line li")
        expect(items.first).to_be_visible()
        assert items.count() == len(story["related"]) + 1
        assert page.locator("#story li.current").count() == 1
        other_id = story["related"][0]["id"]
        expect(page.locator(f'#story a[href="/events/{quote(other_id, safe="")}"]')).to_be_visible()
        page.locator("#story").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"screenshot-story-{width}.png"), full_page=False)
        assert _csp_violations(page) == []
    assert problems == [], problems


def test_search_in_chromium(server: tuple[str, str], browser: Any) -> None:
    import vnnews

    base, db = server
    seed = next(c for c in vnnews.export(db=db) if set(SEED_IDS) <= {a["id"] for a in c["articles"]})
    with open_page(browser, 1366) as (page, problems):
        page.goto(base + "/")
        for query, shown in (("vuong dinh hue", "Vương Đình Huệ"), ("Huệ", "Huệ")):
            page.fill("header.site input[name=q], form.search-form input[name=q]", query)
            page.press("input[name=q] >> nth=0", "Enter")
            page.wait_for_url("**/search?**")
            _watch_csp(page)
            _no_sideways_scroll(page)
            expect(page.locator("h1")).to_have_text("Tìm kiếm")
            expect(page.locator("input[name=q]").first).to_have_value(query)
            hrefs = page.locator("ol.results li.hit a.title").evaluate_all(
                "els => els.map(e => e.getAttribute('href'))")
            assert set(hrefs) == {"/articles/" + quote(a, safe="") for a in SEED_IDS}, hrefs
            marks = page.locator("ol.results mark").all_inner_texts()
            assert marks and all(m in (shown, *shown.split()) for m in marks), marks  # accented, as written
            event_link = page.locator("ol.results a.event-title")
            expect(event_link).to_have_count(1)
            assert event_link.inner_text() == seed["title"]
            if query == "vuong dinh hue":
                page.screenshot(path=str(SHOTS / "screenshot-search.png"), full_page=False)
            assert _csp_violations(page) == []

        # a word that is in no seed: the page says so
        page.fill("input[name=q] >> nth=0", "Huế")
        page.press("input[name=q] >> nth=0", "Enter")
        page.wait_for_url("**/search?**")
        expect(page.locator("p.empty")).to_be_visible()
    assert problems == [], problems
