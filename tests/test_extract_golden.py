"""Golden extraction set: hand-labelled pages, and the quality gate of the extract step.

``tests/data/golden/pages/`` holds news pages written for this set: Vietnamese (and one
English) articles wrapped in the chrome of different site styles (menus, breadcrumbs,
related-link blocks, date-stamped link lists, bylines, photo credits, tag and share rows,
comment counters and comments, teasers, sidebars, footers). ``labels.json`` says, for
each page, what a careful reader calls the article:

* text pages (``.txt``): the label of every line (title, dateline, heading, caption,
  byline, body; unlisted lines are boilerplate);
* HTML pages (``.html``): the article paragraphs that must be in the extracted text and
  strings of the page chrome that must not be.

Every labelled unit (a line, or a paragraph/string of an HTML page) is an *article*
unit (body, heading or caption) or not (boilerplate, and title, dateline and byline,
which are metadata and not part of the article text). The extract step keeps or drops
each one; over the whole set:

* body recall: article units kept / article units;
* boilerplate precision: dropped units that are not article / dropped units;
* article precision and boilerplate recall, and the F1 of each side.

The gate: each of body recall and boilerplate precision is at least 0.95 and at least
the floor below, as are the F1s. Floors are what was measured, rounded down to two
decimals; they may only go up.

``python -m tests.test_extract_golden`` prints the table and the units that are wrong;
``python -m tests.test_extract_golden t01 h05`` shows pages with their labels (gold,
then the cleaner's label; "!" where they disagree on article vs not).
"""
from __future__ import annotations

import functools
import json
import unicodedata

import pytest

from vnnews.extract import extract
from vnnews.extract.meta import outlet_prefix
from vnnews.extract.text import ARTICLE_KINDS, label_lines
from vnnews.model import Document
from vnnews.nlp.language import detect_language
from vnnews.normalize import normalize
from vnnews.pipeline import Rejected

from .conftest import DATA

GOLDEN = DATA / "golden"
LABELS = json.loads((GOLDEN / "labels.json").read_text(encoding="utf-8"))
PAGES = sorted(k for k in LABELS if not k.startswith("_"))
TEXT_PAGES = [p for p in PAGES if p.endswith(".txt")]
HTML_PAGES = [p for p in PAGES if p.endswith(".html")]
LINE_LABELS = ("title", "dateline", "heading", "caption", "byline", "body")
META = ("title", "published", "source", "author", "original_source")

# Measured on the whole set (64 pages, 1320 units), rounded down to 2 decimals: they may
# only go up. (Pages written after the cleaner was tuned on the earlier ones scored, before
# the cleaner was tuned on them too: body recall 0.966 and 1.0, boilerplate precision
# 0.978 and 1.0, article precision 0.955 and 0.957 -- see the docstring of ``main``.)
FLOORS = {
    "body_recall": 1.00,
    "boiler_precision": 1.00,
    "article_precision": 1.00,
    "boiler_recall": 1.00,
    "article_f1": 1.00,
    "boiler_f1": 1.00,
}
MIN_PAGES = 30


def _canon(s: str) -> str:
    return " ".join(normalize(unicodedata.normalize("NFC", s)).text.split())


def _doc(name: str) -> Document:
    path = GOLDEN / "pages" / name
    stem = name.rsplit(".", 1)[0]
    if name.endswith(".html"):
        return Document(id=stem, origin=str(path), html=path.read_text(encoding="utf-8"))
    return Document(id=stem, origin=str(path), raw_text=path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def extracted(name: str) -> Document | None:
    try:
        return extract(_doc(name))
    except Rejected:
        return None


def units(name: str) -> list[tuple[str, bool, bool]]:
    """(text, is article per the labels, kept by the extract step) for each labelled unit."""
    want = LABELS[name]
    out = []
    if name.endswith(".txt"):
        text = (GOLDEN / "pages" / name).read_text(encoding="utf-8")
        gold = {n: lab for lab in LINE_LABELS for n in want[lab]}
        page = label_lines(normalize(text).text)
        for i, ln in enumerate(page.lines):
            if ln.text.strip():
                out.append((ln.text, gold.get(i + 1, "boiler") in ARTICLE_KINDS, ln.label in ARTICLE_KINDS))
        return out
    doc = extracted(name)
    got = _canon(doc.text) if doc else ""
    for s in want["body"]:
        pre = outlet_prefix(s)  # "TTO - …": the outlet credit is metadata, not text
        out.append((s, True, _canon(s) in got or bool(pre and _canon(s[pre.length:]) in got)))
    for s in want["boiler"]:
        out.append((s, False, _canon(s) in got))
    return out


def scores(names: list[str]) -> dict[str, float]:
    tp = fn = fp = tn = 0
    for name in names:
        for _, gold, kept in units(name):
            if gold and kept:
                tp += 1
            elif gold:
                fn += 1
            elif kept:
                fp += 1
            else:
                tn += 1

    def div(a: int, b: int) -> float:
        return a / b if b else 1.0

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    s = {"units": tp + fn + fp + tn, "article_units": tp + fn,
         "body_recall": div(tp, tp + fn), "boiler_precision": div(tn, tn + fn),
         "article_precision": div(tp, tp + fp), "boiler_recall": div(tn, tn + fp)}
    s["article_f1"] = f1(s["article_precision"], s["body_recall"])
    s["boiler_f1"] = f1(s["boiler_precision"], s["boiler_recall"])
    return s


def errors(names: list[str]) -> list[str]:
    out = []
    for name in names:
        for text, gold, kept in units(name):
            if gold != kept:
                out.append(f"{name}: {'article dropped' if gold else 'boilerplate kept'}: {text[:90]}")
    return out


# ----------------------------------------------------------------------------- tests
def test_golden_set_size():
    assert len(PAGES) >= MIN_PAGES
    assert len(TEXT_PAGES) >= 20 and len(HTML_PAGES) >= 10


def test_text_labels_are_consistent():
    """Every labelled line exists, is not blank, and has one label."""
    for name in TEXT_PAGES:
        lines = (GOLDEN / "pages" / name).read_text(encoding="utf-8").split("\n")
        seen = set()
        for lab in LINE_LABELS:
            for n in LABELS[name][lab]:
                assert 1 <= n <= len(lines) and lines[n - 1].strip(), (name, lab, n)
                assert n not in seen, (name, n)
                seen.add(n)


def test_html_labels_are_consistent():
    """Each labelled string is on its page, and no boilerplate string is part of a body one."""
    for name in HTML_PAGES:
        page = " ".join((GOLDEN / "pages" / name).read_text(encoding="utf-8").split())
        body = [_canon(s) for s in LABELS[name]["body"]]
        assert body, name
        for b in LABELS[name]["boiler"]:
            assert not any(_canon(b) in s for s in body), (name, b)
        for s in LABELS[name]["body"] + LABELS[name]["boiler"]:
            assert s.split()[0] in page, (name, s)


@pytest.mark.parametrize("which", ["all", "text", "html"])
def test_extraction_gate(which):
    names = {"all": PAGES, "text": TEXT_PAGES, "html": HTML_PAGES}[which]
    s = scores(names)
    failed = {k: round(s[k], 4) for k, floor in FLOORS.items() if s[k] < max(0.95, floor)}
    assert not failed, f"{which}: {failed}\n" + "\n".join(errors(names))


@pytest.mark.parametrize("name", PAGES)
def test_page_metadata(name):
    want = LABELS[name]["meta"]
    doc = extracted(name)
    assert doc is not None, f"{name} rejected"
    got = {k: getattr(doc, k) for k in META}
    got["published"] = got["published"] and got["published"][:len(want["published"] or "")]
    exp = {k: want.get(k) for k in META}
    diff = {k: (got[k], exp[k]) for k in META if got[k] != exp[k]}
    assert not diff, f"(got, expected): {diff}"
    if "tags" in want:
        assert [t.lower() for t in doc.tags] == [t.lower() for t in want["tags"]]
    lang = detect_language(doc.text)
    assert lang == want.get("language", "vi"), f"language {lang}"



def test_seed_labels_unchanged_by_the_golden_set():
    """The seed pages keep their own golden test (test_cleaner); here: the text of seed 001
    still ends at its byline."""
    from .conftest import SEEDS

    page = label_lines((SEEDS / "001_ff470c2923c8895d.txt").read_text(encoding="utf-8"))
    assert [ln.label for ln in page.lines[20:22]] == ["byline", "boiler"]


def main() -> None:  # pragma: no cover - a report for people
    """The table of the gate's numbers, the units that are wrong, the metadata misses.

    History of the set: 29 text pages were written first (the cleaner was then tuned on
    them); 12 HTML pages were written next and measured before any change (body recall
    0.871, boilerplate precision 0.917); then 10 text + 4 HTML pages (body recall 0.966,
    boilerplate precision 0.978, article precision 0.955, 6 of 14 pages with a metadata
    error), then 5 text + 4 HTML pages (1.0, 1.0, 0.957, 3 of 9), each batch measured
    before the cleaner was changed for it."""
    print(f"golden set: {len(PAGES)} pages ({len(TEXT_PAGES)} text, {len(HTML_PAGES)} HTML)")
    keys = ("body_recall", "boiler_precision", "article_precision", "boiler_recall", "article_f1", "boiler_f1")
    print(f"{'':6s} {'units':>6s} " + " ".join(f"{k:>17s}" for k in keys))
    for which, names in (("all", PAGES), ("text", TEXT_PAGES), ("html", HTML_PAGES)):
        s = scores(names)
        print(f"{which:6s} {s['units']:6d} " + " ".join(f"{s[k]:17.4f}" for k in keys))
    for e in errors(PAGES):
        print(e)
    bad = []
    for name in PAGES:
        try:
            test_page_metadata(name)
        except AssertionError as e:
            bad.append(f"{name}: {str(e).splitlines()[0][:300]}")
    print(f"metadata: {len(PAGES) - len(bad)}/{len(PAGES)} pages right")
    for b in bad:
        print(" ", b)


def show(name: str) -> None:  # pragma: no cover - for reviewing labels
    """Print a page with its labels (text pages) or its labelled strings (HTML pages),
    and what the extract step did with each."""
    if not name.endswith((".txt", ".html")):
        name = next(p for p in PAGES if p.startswith(name))
    want = LABELS[name]
    print(f"== {name}  meta: {json.dumps(want['meta'], ensure_ascii=False)}")
    if name.endswith(".txt"):
        gold = {n: lab for lab in LINE_LABELS for n in want[lab]}
        page = label_lines(normalize((GOLDEN / "pages" / name).read_text(encoding="utf-8")).text)
        for i, ln in enumerate(page.lines):
            g = gold.get(i + 1, "boiler") if ln.text.strip() else ""
            flag = " " if not ln.text.strip() or (g in ARTICLE_KINDS) == (ln.label in ARTICLE_KINDS) else "!"
            print(f"{i + 1:3d} {g:8s} {ln.label if ln.text.strip() else '':8s}{flag} {ln.text[:110]}")
    else:
        for text, gold, kept in units(name):
            print(f"{'body  ' if gold else 'boiler'} {'kept   ' if kept else 'dropped'}"
                  f"{' ' if gold == kept else '!'} {text[:110]}")


if __name__ == "__main__":  # pragma: no cover
    import sys

    if sys.argv[1:]:
        for n in sys.argv[1:]:
            show(n)
    else:
        main()
