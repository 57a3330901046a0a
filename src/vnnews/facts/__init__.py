"""The facts stage: people (with titles and aliases), organisations, places, dates, figures
and quotes of Vietnamese news articles, and their merge across the articles of one event.

Rule- and lexicon-based, pure Python (no model calls): a 3 KB article costs about 10 ms,
a third of underthesea's word segmentation of it (``benchmarks/bench_facts.py``). Data
files (own compilations, see their headers) live in ``vnnews/data``: ``gazetteer_vn.tsv``
(places, with old names), ``titles.txt`` (person titles), ``orgs.txt`` (organisations);
name lists in :mod:`vnnews.facts.names`.

Measured against hand annotations of VMDS articles (``python -m vnnews.eval.facts``,
``tests/data/facts_gold``), with underthesea's NER as the baseline.

API
---
``extract_facts(text, doc_id, published=None, title=None) -> Facts``
    Facts of one article. ``text`` is the cleaned main text (paragraphs separated by blank
    lines, NFC); tone placement may be classic or new ("hòa"/"hoà"): matching is done on a
    same-length copy with classic placement, so every ``start``/``end`` is an offset into
    ``text``. ``published`` (ISO date/datetime) resolves relative and year-less dates.
    ``title`` is only used as a fallback for the event date.

``resolve_event(facts: dict[str, Facts], published=None) -> Facts``
    Merge the facts of the articles of one event (doc id -> facts): people by full name
    (titles united, short references such as "ông Khánh" resolved when unique), organisations
    by canonical name, places, figures and quotes with their sources, quote speakers resolved
    to full names, event date by vote over the articles' ``happened`` dates (ties: nearest
    the first publication) with its basis (``published``: the first publication date,
    when no article ties a date to the happening; pass ``published``).

Per article, ``event_date`` is the first day in the lead (a clustering signal) and
``happened`` / ``happened_basis`` the day the text ties to the happening
(:func:`vnnews.facts.dates.event_date_basis`).

Canonical forms: organisations as in :mod:`vnnews.facts.orgs` ("Bộ Công Thương",
"UBND TP Hà Nội", "Thành ủy Hà Nội"); places without administrative prefix ("Hà Nội",
"Thạch Thất", "TP Hồ Chí Minh"); titles as "title + organisation"
("Bộ trưởng Bộ Công Thương").
"""
from __future__ import annotations

import collections

from ..model import Facts
from .dates import event_date as _event_date
from .dates import event_date_basis as _event_date_basis
from .dates import find_dates
from .doc import Doc
from .documents import find_documents
from .figures import find_figures
from .orgs import find_orgs, org_names
from .people import build_people, find_person_mentions
from .places import find_places
from .quotes import find_quotes
from .resolve import merge_orgs, resolve_event

__all__ = ["extract_facts", "resolve_event"]


def extract_facts(text: str, doc_id: str, published: str | None = None,
                  title: str | None = None) -> Facts:
    """Facts of one article (see the module documentation)."""
    doc = Doc.of(text or "", doc_id)
    orgs = find_orgs(doc)
    mentions = find_person_mentions(doc, [(o.start, o.end) for o in orgs])
    people = build_people(doc, mentions)

    title_orgs = [o for pm in mentions for t in pm.titles for o in t.orgs]
    all_orgs = sorted(orgs + title_orgs, key=lambda o: o.start)
    organizations = merge_orgs([org_names(all_orgs)])

    name_spans = [(pm.name_start, pm.name_end) for pm in mentions if pm.name_start >= 0]
    org_name_spans = [(o.start, o.name_end) for top in all_orgs for o in top.all()
                      if o.name_end > o.start]
    # "Việt Nam" closing an organisation's name marks its scope, not a place of the story
    org_name_spans += [(o.start, o.end) for top in all_orgs for o in top.all()
                       if o.end > o.name_end > o.start and o.name.endswith(" Việt Nam")]
    place_matches = find_places(doc, exclude=name_spans + org_name_spans)
    counts = collections.Counter(p.name for p in place_matches)
    first: dict[str, int] = {}
    for p in place_matches:
        first.setdefault(p.name, p.start)
    places = sorted(counts, key=lambda n: (-counts[n], first[n]))

    dates = find_dates(doc, published)
    skip = [(d.start, d.end) for d in dates] + name_spans
    figures = find_figures(doc, skip)
    quotes = find_quotes(doc, mentions, orgs)
    ev_date, ev_basis = _event_date_basis(dates, doc, title, published)
    return Facts(people=people, organizations=organizations, places=places, dates=dates,
                 figures=figures, quotes=quotes,
                 event_date=_event_date(dates, doc, title, published),
                 happened=ev_date, happened_basis=ev_basis,
                 documents=find_documents(text or "", doc_id, [(o.start, o.end, o.name) for o in orgs]))
