"""Everything the facts stage reports carries its source and offsets into the article text."""
from __future__ import annotations

import json
import pathlib

import pytest

from vnnews.facts import extract_facts, resolve_event

from .test_facts_seeds import ID0, ID1, seed_body

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "facts_gold" / "vmds_gold.jsonl"
ARTICLES = ROOT / "tests" / "data" / "vmds" / "articles.jsonl"


def _squash(s: str) -> str:
    return " ".join(s.split())


def _check(text: str, doc_id: str, facts) -> int:
    n = 0
    for f in facts.figures:
        assert f.doc_id == doc_id and doc_id in f.sources
        assert 0 <= f.start < f.end <= len(text)
        assert _squash(text[f.start:f.end]) == _squash(f.text), (f, text[f.start:f.end])
        n += 1
    for q in facts.quotes:
        assert q.doc_id == doc_id and doc_id in q.sources
        assert 0 <= q.start < q.end <= len(text)
        assert _squash(text[q.start:q.end]) == q.text, (q, text[q.start:q.end])
        n += 1
    for d in facts.dates:
        assert 0 <= d.start < d.end <= len(text)
        assert _squash(text[d.start:d.end]) == _squash(d.text), (d, text[d.start:d.end])
        n += 1
    for p in facts.people:
        assert doc_id in p.sources
        for m in p.mentions:
            assert m.doc_id == doc_id and m.kind == "person"
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text, (m, text[m.start:m.end])
            n += 1
    return n


@pytest.mark.parametrize("doc_id,published", [(ID0, "2020-08-14"), (ID1, "2020-08-14T08:47")])
def test_seed_offsets(doc_id, published):
    text = seed_body(doc_id)
    facts = extract_facts(text, doc_id, published)
    assert _check(text, doc_id, facts) > 20
    assert facts.quotes and facts.figures and facts.dates and facts.people


def test_seed_offsets_survive_new_tone_placement():
    """Matching runs on a same-length copy: offsets stay right on "hoà"/"thuỷ" spellings."""
    text = seed_body(ID0).replace("hòa", "hoà").replace("Hòa", "Hoà").replace("thủy", "thuỷ")
    facts = extract_facts(text, ID0, "2020-08-14")
    assert _check(text, ID0, facts) > 20


def test_event_sources_are_articles_of_the_event():
    per_doc = {ID0: extract_facts(seed_body(ID0), ID0, "2020-08-14"),
               ID1: extract_facts(seed_body(ID1), ID1, "2020-08-14T08:47")}
    ev = resolve_event(per_doc)
    for item in ev.figures + ev.quotes + ev.people:
        assert item.sources and set(item.sources) <= {ID0, ID1}


def test_vmds_gold_article_offsets():
    ids = {json.loads(line)["id"] for line in GOLD.read_text(encoding="utf-8").splitlines()
           if line.strip()}
    n = 0
    for line in ARTICLES.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        if a["id"] in ids:
            n += _check(a["text"], a["id"], extract_facts(a["text"], a["id"], a["published"]))
    assert n > 500
