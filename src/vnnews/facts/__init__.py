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
``extract_facts(text, doc_id, published=None, title=None, *, sentences=None, settings=None) -> Facts``
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
import re
from typing import Any, Iterable

from ..model import Document, Facts
from ..settings import FactsSettings
from .dates import event_date as _event_date
from .dates import event_date_basis as _event_date_basis
from .dates import find_dates
from .doc import Doc
from .documents import find_documents
from .figures import find_figures
from .lexicon import gazetteer
from ..normalize import is_syllable
from .orgs import find_orgs, org_names
from .people import build_people, find_person_mentions
from .places import find_places
from .quotes import find_quotes
from .resolve import merge_orgs, resolve_event

__all__ = ["extract_facts", "document_facts", "resolve_event"]

#: Salience of a place in one article: ``Settings.facts`` title_weight, lead_weight,
#: lead_chars and salient_min (see :func:`_salient_places`).
#: Words before a place name that make it a nationality or a team, not where the story is.
_NOT_ABOUT_BEFORE = re.compile(
    r"(?<!\w)(?:người|quốc tịch|gốc|clb|câu lạc bộ|đt|đội tuyển|tuyển|đội bóng|liên đoàn bóng đá|"
    r"cầu thủ|tiền đạo|tiền vệ|hậu vệ|thủ môn|hlv|chiến lược gia|ngôi sao|danh thủ|tay vợt|"
    r"võ sĩ|xạ thủ|vận động viên|ca sĩ|diễn viên|đạo diễn)\s+$")
#: Words before a country that make it the attribute of a person or an institution, or the
#: enemy of a war, not where the story is: "quan chức Mỹ", "các nhà lãnh đạo châu Âu",
#: "Thủ tướng Nga", "kháng chiến chống Mỹ", "cựu cầu thủ của Lyon" (a club), the country of
#: a source ("Truyền thông Hàn Quốc cho rằng", "người đồng cấp Mỹ Barack Obama"), a point of
#: comparison ("so với Mỹ thì nó vẫn còn khá cao").
_ATTRIBUTE_BEFORE = re.compile(
    r"(?<!\w)(?:chính phủ|quan chức|giới chức|nhà chức trách|lãnh đạo|tổng thống|thủ tướng|"
    r"ngoại trưởng|bộ trưởng|đại sứ|đại sứ quán|quân đội|hải quân|không quân|hạ viện|"
    r"thượng viện|chống|đánh|thắng|(?:cầu thủ|tiền đạo|tiền vệ|hậu vệ|thủ môn|hlv) của|"
    r"truyền thông|báo chí|báo giới|hãng tin|hãng thông tấn|đồng cấp|so với)\s+$")
#: A place alone in brackets right after a person's name ("đại biểu Hà Minh Huệ (tỉnh Bình
#: Thuận)", "anh A (Hà Nội)"): the person's constituency or home, an attribute.
_OF_PERSON_BEFORE = re.compile(r"\s*\(\s*(?:(?:tỉnh|thành phố|tp\.?|huyện|quận|đoàn|đoàn đbqh)\s+)?$")
_CLOSE_AFTER = re.compile(r"\s*\)")
_LIST_SEP = re.compile(r"\s*(?:,|;|và|\s-\s)\s*")
#: A capitalised Latin word after a place name that makes it a club or a brand
#: ("Colorado Rapids", "Sao Paulo FC").
_LATIN_AFTER = re.compile(r"[^\S\n]+([A-Z][a-z]+)(?!\w)")


def _listed(run, score, skip=frozenset()) -> None:
    if len(run) >= 3:
        for p in run:
            if p.name not in skip:
                score[p.name] += 1.0


def _foreign(name: str, gaz) -> bool:
    """A place outside Vietnam (a country other than Việt Nam, a foreign city or region)."""
    row = gaz.places.get(name)
    return row is not None and name != "Việt Nam" and row.type in (
        "country", "region", "capital", "city_foreign")


def _salient_places(doc, title, matches, counts, first, cfg: FactsSettings,
                    name_ends: frozenset[int] = frozenset()) -> list[str]:
    """Places of the article ranked by salience (title, lead, frequency), passing mentions
    left out: a mention in the title counts ``cfg.title_weight``, one in the lead (first
    paragraph, at most ``cfg.lead_chars`` characters) ``cfg.lead_weight``, any other one 1;
    a place is salient with a score of at least ``cfg.salient_min``. In a story set in
    Vietnam (its title and lead name Vietnamese places only; without any, its first place
    is) a foreign place named further on is a comparison or an example ("các nước ASEAN
    như Thái Lan, Lào, Campuchia", "Mỹ, Úc, New Zealand đều cho phép", "phát hành tại
    Campuchia và Myanmar"): its mentions count ``cfg.domestic_foreign_weight`` and no
    enumeration bonus."""
    score: dict[str, float] = collections.defaultdict(float)
    lead_end = min(doc.paragraphs[0][1] if doc.paragraphs else len(doc.text), cfg.lead_chars)
    gaz = gazetteer()
    title_places = _title_places(title) if title else []
    head = [p.name for p in title_places] + [p.name for p in matches if p.start < lead_end]
    if not head and matches:
        head = [matches[0].name]
    kinds = [_foreign(n, gaz) for n in head if gaz.places.get(n) is not None]
    domestic = bool(kinds) and not any(kinds)
    abroad = frozenset(p.name for p in matches if _foreign(p.name, gaz)) if domestic else frozenset()
    for p in matches:
        before = doc.low[max(0, p.start - 16):p.start]
        if _NOT_ABOUT_BEFORE.search(before):
            continue  # "chiến lược gia người Đức", "CLB Sao Paulo", "ĐT Bosnia-Herzegovina"
        if _ATTRIBUTE_BEFORE.search(doc.low[max(0, p.start - 30):p.start]):
            continue  # "các quan chức Mỹ", "hội đàm Thủ tướng Nga"
        ob = _OF_PERSON_BEFORE.search(doc.low, max(0, p.start - 30), p.start)
        if ob and ob.start() in name_ends and _CLOSE_AFTER.match(doc.low, p.end):
            continue  # "đại biểu Hà Minh Huệ (tỉnh Bình Thuận)": the person's, not the story's
        la = _LATIN_AFTER.match(doc.norm, p.end)
        if la and not is_syllable(la.group(1)) and gaz.lookup(la.group(1)) is None:
            continue  # "Colorado Rapids"
        w = cfg.lead_weight if p.start < lead_end else 1.0
        row = gaz.places.get(p.name)
        if p.prefix in ("phường", "xã", "thị trấn", "đường") or p.name.startswith(
                ("Quốc lộ", "Tỉnh lộ")) or (row is not None and row.type == "commune"):
            w *= 0.5  # a ward or a street is named with its district: it seldom heads a card
        if p.name in abroad and p.start >= lead_end:
            w *= cfg.domestic_foreign_weight
        score[p.name] += w
    # an enumeration of places ("Thanh Hóa, Đồng Nai, Vũng Tàu, Bình Thuận") is what the
    # sentence is about: each listed place counts once more
    run = matches[:1]
    for prev, cur in zip(matches, matches[1:]):
        if _LIST_SEP.fullmatch(doc.norm[prev.end:cur.start]):
            run.append(cur)
            continue
        _listed(run, score, abroad)
        run = [cur]
    _listed(run, score, abroad)
    for p in title_places:
        score[p.name] += cfg.title_weight
    keep = [n for n, s in score.items() if s >= cfg.salient_min]
    return sorted(keep, key=lambda n: (-score[n], first.get(n, -1)))


def _org_name_spans(all_orgs) -> list[tuple[int, int]]:
    """The spans of organisations' own names, where a place name is no place ("Hoàng Anh
    Gia Lai"); "Việt Nam" closing an organisation's name marks its scope, not a place of
    the story."""
    spans = [(o.start, o.name_end) for top in all_orgs for o in top.all() if o.name_end > o.start]
    spans += [(o.start, o.end) for top in all_orgs for o in top.all()
              if o.end > o.name_end > o.start and o.name.endswith(" Việt Nam")]
    return spans


def _title_places(title: str):
    """The places of a title, with the body's exclusions: a place inside a person's or an
    organisation's name ("S. Khánh Hòa dễ dàng đè bẹp Hoàng Anh Gia Lai") is none."""
    tdoc = Doc.of(title)
    orgs = find_orgs(tdoc)
    mentions = find_person_mentions(tdoc, [(o.start, o.end) for o in orgs])
    title_orgs = [o for pm in mentions for t in pm.titles for o in t.orgs]
    spans = [(pm.name_start, pm.name_end) for pm in mentions if pm.name_start >= 0]
    return find_places(tdoc, exclude=spans + _org_name_spans(
        sorted(orgs + title_orgs, key=lambda o: o.start)))


def extract_facts(text: str, doc_id: str, published: str | None = None,
                  title: str | None = None, *, sentences: Iterable[tuple[int, int]] | None = None,
                  settings: FactsSettings | None = None) -> Facts:
    """Facts of one article (see the module documentation). ``sentences``: the [start,
    end) spans of its sentences (``Document.sentences``) where the pipeline split them
    already; else the text is split by the same splitter (:mod:`vnnews.nlp.sentences`).
    ``settings``: the tuning knobs (``Settings.facts``; the shipped defaults when None)."""
    cfg = settings or FactsSettings()
    doc = Doc.of(text or "", doc_id, sentences)
    orgs = find_orgs(doc)
    mentions = find_person_mentions(doc, [(o.start, o.end) for o in orgs])
    people = build_people(doc, mentions)

    title_orgs = [o for pm in mentions for t in pm.titles for o in t.orgs]
    all_orgs = sorted(orgs + title_orgs, key=lambda o: o.start)
    organizations = merge_orgs([org_names(all_orgs)])

    name_spans = [(pm.name_start, pm.name_end) for pm in mentions if pm.name_start >= 0]
    place_matches = find_places(doc, exclude=name_spans + _org_name_spans(all_orgs))
    counts = collections.Counter(p.name for p in place_matches)
    first: dict[str, int] = {}
    for p in place_matches:
        first.setdefault(p.name, p.start)
    places = sorted(counts, key=lambda n: (-counts[n], first[n]))
    salient = _salient_places(doc, title, place_matches, counts, first, cfg,
                              frozenset(e for _, e in name_spans))

    dates = find_dates(doc, published)
    skip = [(d.start, d.end) for d in dates] + name_spans
    figures = find_figures(doc, skip)
    quotes = find_quotes(doc, mentions, orgs, min_words=cfg.quote_min_words)
    ev_date, ev_basis = _event_date_basis(dates, doc, title, published,
                                          lead_paragraphs=cfg.date_lead_paragraphs,
                                          lead_chars=cfg.date_lead_chars,
                                          reported_days=cfg.reported_days,
                                          scheduled_days=cfg.scheduled_days,
                                          lead_sentences=cfg.date_lead_sentences)
    return Facts(people=people, organizations=organizations, places=places,
                 salient_places=salient, dates=dates,
                 figures=figures, quotes=quotes,
                 event_date=_event_date(dates, doc, title, published),
                 happened=ev_date, happened_basis=ev_basis,
                 documents=find_documents(text or "", doc_id, [(o.start, o.end, o.name) for o in orgs]))


def document_facts(doc: Document, **options: Any) -> Facts:
    """:func:`extract_facts` of a document (``options``: its further keyword arguments),
    on the sentences of its ``sentences`` step (split here, by the same splitter, where
    the pipeline did not)."""
    if not doc.sentences and doc.text.strip():
        from ..nlp.sentences import split_sentences

        split_sentences(doc)
    return extract_facts(doc.text, doc.id, doc.published, doc.title,
                         sentences=[(s.start, s.end) for s in doc.sentences], **options)
