"""Learned salience of a card's names: which people, organisations and places the story is
about (issue 19, round 5).

The facts stage lists every name an event's articles give (``resolve_event``); a card shows
the first five of each type. Hand-written ranking rules raised the sets they were tuned on
but not fresh events, whose wrong names were mostly *background* (named, right type, not
what the story is about). This module scores each listed name with a logistic model over
cheap, generic features read from the event's articles, reorders each list by that score
and moves the names below a show-threshold (``Settings.facts.salience_show_*``) to the
card's ``mentioned`` lists, where search and filters still find them.

Features (:data:`FEATURES`, one vector per candidate, see :func:`candidate_features`):
share of articles naming it, in a title, in the lead, mention count, position of the first
mention, quote speaker, name shape (words, a lower-case word inside, a cut end, an
abbreviation), organisation kind word, one of the cluster's outlets, gazetteer level and
foreign vs Vietnamese, the current rank. No names or cluster ids.

Weights: ``vnnews/data/salience.json`` (feature list, one weight vector per type, where they
came from), written by ``tools/train_salience.py`` from the audit gold; scored here in pure
Python. The file's feature list must equal :data:`FEATURES` (a test checks it).
"""
from __future__ import annotations

import bisect
import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import Document, Facts
from ..settings import FactsSettings
from .lexicon import gazetteer, key, lower_same, match_copy, title_lexicon

TYPES = ("people", "organizations", "places")

FEATURES: tuple[str, ...] = (
    "bias",
    "art_share",        # share of the event's articles naming it
    "multi_art",        # named by two articles or more
    "title_share",      # share of articles whose title names it
    "in_title",         # some title names it
    "lead_share",       # share of articles whose lead names it
    "in_lead",          # some lead names it
    "log_mentions",     # log(1 + mentions per article)
    "first_pos",        # mean relative position of its first mention (1: never found in a text)
    "not_in_text",      # the name itself is found in no article's text (a canonical form)
    "speaker",          # a quote's speaker
    "words",            # number of words / 6 (at most 1)
    "one_word",
    "lower_inside",     # a lower-case word after the first
    "cut_end",          # the text goes on with a lower-case syllable that makes one word with its last
    "all_caps",         # an abbreviation ("FBI", "UBND")
    "org_company", "org_state", "org_media", "org_sport", "org_school", "org_party",
    "outlet",           # one of the cluster's outlets, or a known outlet
    "place_country", "place_province", "place_local", "place_other", "place_unknown",
    "foreign",
    "salient_share",    # share of articles that count it salient (places: title, lead, twice)
    "rank_inv",         # 1 / (1 + its rank in the facts' order)
    "top5",             # among the first five of the facts' order
    "rel_art",          # art_share over the highest art_share of its type in the event
    "rel_mentions",     # log_mentions over the highest of its type in the event
    "rel_first",        # first_pos less the lowest of its type in the event
    "single_doc",       # the event has one article (shares say nothing there)
    "one_of_many",      # named by one article of three or more
    "minority",         # named by fewer than half of the articles (of two or more)
    "summary_share",    # share of the card's summary sentences naming it
    "in_summary",       # the card's summary names it
    # round 6: relational and context features
    "rel_title",        # title_share over the highest of its type in the event
    "rel_lead",         # lead_share over the highest of its type in the event
    "sent_share",       # share of the event's sentences naming it
    "rel_sent",         # sent_share over the highest of its type in the event
    "tail_share",       # share of its mentions in the last part of an article (salience_tail)
    "only_tail",        # every mention in an article's last part
    "cooc_title",       # share of the sentences naming it that also name another title name
    "after_role",       # share of its mentions right after a person's title word ("Bí thư", "Ủy viên")
    "in_person_title",  # an organisation inside a person's title ("Ủy viên Bộ Chính trị")
    "nationality",      # share of its mentions after "người", "quốc tịch", "gốc", "công dân" (a nationality)
    "inside_top",       # a place inside (gazetteer parents) a place of a title (else the most salient)
    "contains_top",     # a place containing a place of a title (else the most salient)
    "kind_only",        # an organisation that is only a kind phrase ("Chính phủ", "Quân đội")
    "kind_place",       # a kind phrase and a place ("Quân đội Mỹ", "CLB Nhật Bản")
    "sub_of_other",     # part of a longer name of its type in the event ("Hoa Sen" / "Tập đoàn Hoa Sen")
    "has_other",        # holds a shorter name of its type in the event and more words
    "team_ctx",         # share of a place's mentions after a team word ("CLB", "đội", "U23")
    "in_org_share",     # share of a place's mentions inside one of the event's organisation names
)

# the first 40 features: the round-5 model's (a weights file may use only a prefix)
R5_FEATURES = FEATURES[:40]

_ORG_KINDS = (
    ("org_company", re.compile(r"(?:tổng công ty|công ty|tập đoàn|ngân hàng|hãng|ctcp|doanh nghiệp)\b")),
    ("org_state", re.compile(r"(?:bộ|cục|sở|tổng cục|ubnd|ủy ban|uỷ ban|hđnd|quốc hội|chính phủ|tòa án|"
                             r"toà án|viện kiểm sát|công an|cảnh sát|quân đội|quân khu|bộ tư lệnh|"
                             r"thành ủy|tỉnh ủy|chi cục|phòng|ban|văn phòng|đại sứ quán|lãnh sự quán|"
                             r"liên hợp quốc|hội đồng)\b")),
    ("org_media", re.compile(r"(?:báo|đài|tạp chí|thông tấn|hãng tin|truyền hình|kênh)\b")),
    ("org_sport", re.compile(r"(?:clb|câu lạc bộ|đội tuyển|đt|liên đoàn|fc\b)")),
    ("org_school", re.compile(r"(?:trường|đại học|học viện|viện|trung tâm)\b")),
    ("org_party", re.compile(r"(?:đảng|đoàn|mặt trận|hội)\b")),
)
_PLACE_LEVEL = {"country": "place_country", "province": "place_province", "city": "place_province",
                "former_province": "place_province", "district": "place_local",
                "commune": "place_local", "zone": "place_local"}
_FOREIGN = ("country", "region", "capital", "city_foreign")
_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s)|\n+")
_TEAM = re.compile(r"(?:^|\s)(?:clb|câu lạc bộ|(?<!quân )đội|đội tuyển|đt|tuyển|fc|u\.?-?\d\d)\s+$")
_NATIONALITY = re.compile(r"(?:người|quốc tịch|gốc|công dân)\s+$")


@lru_cache(maxsize=1)
def load_model() -> dict[str, Any]:
    """The shipped weights (``vnnews/data/salience.json``)."""
    path = resources.files("vnnews").joinpath("data").joinpath("salience.json")
    return json.loads(path.read_text(encoding="utf-8"))


class _Text:
    """One article, lower-cased for matching (same length as the text)."""

    __slots__ = ("id", "low", "title", "lead_end", "n", "sent_ends")

    def __init__(self, doc: Document, lead_chars: int):
        self.id = doc.id
        self.low = lower_same(match_copy(doc.text or ""))
        self.title = lower_same(match_copy(doc.title or ""))
        self.n = max(1, len(self.low))
        para = self.low.find("\n\n")
        self.lead_end = min(para if para > 0 else len(self.low), lead_chars)
        self.sent_ends = [m.end() for m in _SENT_END.finditer(self.low)] + [len(self.low) + 1]

    def sentence(self, i: int) -> int:
        """Index of the sentence holding offset ``i``."""
        return bisect.bisect_right(self.sent_ends, i)


def _find_all(hay: str, needle: str) -> list[int]:
    """Starts of ``needle`` in ``hay`` at word boundaries."""
    out: list[int] = []
    if not needle:
        return out
    i = hay.find(needle)
    while i >= 0:
        j = i + len(needle)
        if (i == 0 or not hay[i - 1].isalnum()) and (j >= len(hay) or not hay[j].isalnum()):
            out.append(i)
        i = hay.find(needle, i + 1)
    return out


def _shape(name: str, texts: list[_Text], f: dict[str, float]) -> None:
    words = name.split()
    f["words"] = min(len(words), 6) / 6
    f["one_word"] = float(len(words) == 1)
    f["lower_inside"] = float(any(w[:1].islower() for w in words[1:]))
    f["all_caps"] = float(len(words) == 1 and len(name) <= 8 and name.isupper())
    if words and words[-1][:1].islower():
        f["cut_end"] = 1.0
        return
    from .orgs import _two_syllable_words
    pairs = _two_syllable_words()
    if not pairs or len(words) < 2:
        return
    needle = lower_same(match_copy(name))
    last = needle.split()[-1]
    for t in texts:
        for i in _find_all(t.low, needle)[:3]:
            m = _WORD.match(t.low, i + len(needle) + 1)
            if m and i + len(needle) < len(t.low) and t.low[i + len(needle)] == " " and \
                    f"{last} {m.group()}" in pairs:
                f["cut_end"] = 1.0
                return


def candidate_features(docs: list[Document], merged: Facts, cfg: FactsSettings | None = None,
                       outlets: set[str] | None = None, summary: list[str] | None = None
                       ) -> dict[str, list[tuple[Any, dict[str, float]]]]:
    """Per type, ``[(item, features)]`` for every name of the merged facts in their order
    (``item``: the :class:`Person` or the name); ``features`` maps names of
    :data:`FEATURES` to values (absent: 0). ``summary``: the texts of the card's summary
    sentences (the extractive summary picks what the articles share)."""
    from ..outlets import name_key, outlet_name, _by_key

    cfg = cfg or FactsSettings()
    texts = [_Text(d, cfg.lead_chars) for d in docs]
    n_docs = max(1, len(docs))
    by_id = {t.id: t for t in texts}
    facts = {d.id: d.facts for d in docs if d.facts}
    outlet_keys = {name_key(o) for o in (outlet_name(d.source, d.url) for d in docs) if o}
    outlet_keys |= {name_key(o) for o in (outlets or ())}
    known = _by_key()
    speakers = {key(q.speaker) for q in merged.quotes if q.speaker}
    gaz = gazetteer()
    out: dict[str, list[tuple[Any, dict[str, float]]]] = {t: [] for t in TYPES}

    summ = [lower_same(match_copy(x)) for x in summary or []]
    tail_from = 1.0 - cfg.salience_tail
    role_re = title_lexicon().regex
    role_ends = [{m.end() for m in role_re.finditer(t.low)} for t in texts]
    n_sents = max(1, sum(len(t.sent_ends) for t in texts))
    hit_sents: list[set[tuple[int, int]]] = []  # per candidate, in the order of ``out``
    # where the event's organisation names stand in each text (places inside them)
    org_needles = [n for n in dict.fromkeys(lower_same(match_copy(o)) for o in merged.organizations)
                   if len(n.split()) >= 2]
    org_spans = [sorted((i, i + len(n)) for n in org_needles for i in _find_all(t.low, n)) for t in texts]

    def text_stats(forms: list[str], f: dict[str, float], art: set[str]) -> None:
        needles = [n for n in dict.fromkeys(lower_same(match_copy(x)) for x in forms) if len(n) >= 2]
        in_summ = sum(1 for x in summ if any(_find_all(x, n) for n in needles))
        f["summary_share"] = in_summ / len(summ) if summ else 0.0
        f["in_summary"] = float(in_summ > 0)
        titles = leads = mentions = tail = role = nation = team = in_org = 0
        shortest = min((len(n) for n in needles), default=0)
        firsts: list[float] = []
        sents: set[tuple[int, int]] = set()
        for ti, t in enumerate(texts):
            hits = sorted(i for n in needles for i in _find_all(t.low, n))
            in_title = any(_find_all(t.title, n) for n in needles)
            if hits or in_title:
                art.add(t.id)
            titles += in_title
            if hits:
                mentions += len(hits)
                firsts.append(hits[0] / t.n)
                leads += hits[0] < t.lead_end
                ends = role_ends[ti]
                for i in hits:
                    sents.add((ti, t.sentence(i)))
                    tail += i / t.n >= tail_from
                    role += any(e in ends for e in range(i - 2, i + 1))
                    nation += bool(_NATIONALITY.search(t.low, max(0, i - 12), i))
                    team += bool(_TEAM.search(t.low, max(0, i - 12), i))
                    # inside a longer organisation name ("Báo Thanh Niên", "UBND TP Hà Nội")
                    in_org += any(a <= i and i + shortest <= b and b - a > shortest
                                  for a, b in org_spans[ti])
        f["tail_share"] = tail / mentions if mentions else 0.0
        f["only_tail"] = float(mentions > 0 and tail == mentions)
        f["after_role"] = role / mentions if mentions else 0.0
        f["nationality"] = nation / mentions if mentions else 0.0
        f["sent_share"] = len(sents) / n_sents
        f["team_ctx"] = team / mentions if mentions else 0.0
        f["in_org_share"] = in_org / mentions if mentions else 0.0
        hit_sents.append(sents)
        f["title_share"] = titles / n_docs
        f["in_title"] = float(titles > 0)
        f["lead_share"] = leads / n_docs
        f["in_lead"] = float(leads > 0)
        f["log_mentions"] = math.log1p(mentions / n_docs)
        f["first_pos"] = sum(firsts) / len(firsts) if firsts else 1.0
        f["not_in_text"] = float(not firsts)

    def common(i: int, f: dict[str, float], art: set[str]) -> None:
        f["bias"] = 1.0
        f["art_share"] = len(art) / n_docs
        f["multi_art"] = float(len(art) >= 2)
        f["one_of_many"] = float(len(art) <= 1 and n_docs >= 3)
        f["minority"] = float(n_docs >= 2 and len(art) < n_docs / 2)
        f["rank_inv"] = 1.0 / (1 + i)
        f["top5"] = float(i < 5)

    for i, p in enumerate(merged.people):
        f: dict[str, float] = {}
        art = {s for s in p.sources if s in by_id}
        forms = [p.name] + [a for a in p.aliases if len(a.split()) >= 2]
        text_stats(forms, f, art)
        # the resolved mentions ("ông Khánh") count too
        for m in p.mentions:
            if m.doc_id in by_id:
                art.add(m.doc_id)
        if p.mentions:
            f["log_mentions"] = max(f["log_mentions"], math.log1p(len(p.mentions) / n_docs))
        f["speaker"] = float(key(p.name) in speakers)
        _shape(p.name, texts, f)
        common(i, f, art)
        out["people"].append((p, f))

    person_titles = [key(x) for p in merged.people for x in p.titles]
    for i, o in enumerate(merged.organizations):
        f = {}
        k = key(o)
        art = {d for d, fa in facts.items() if any(key(x) == k for x in fa.organizations)}
        text_stats([o], f, art)
        f["speaker"] = float(k in speakers)
        _shape(o, texts, f)
        low = k
        for name, rx in _ORG_KINDS:
            m = rx.match(low)
            if m:
                f[name] = 1.0
                rest = low[m.end():].strip()
                f["kind_only"] = float(not rest or bool(rx.fullmatch(low)))
                f["kind_place"] = float(bool(rest) and gaz.lookup(rest) is not None)
                break
        nk = name_key(o)
        f["outlet"] = float(nk in outlet_keys or nk in known)
        f["in_person_title"] = float(bool(k) and any(k in tk for tk in person_titles))
        common(i, f, art)
        out["organizations"].append((o, f))

    for i, pl in enumerate(merged.places):
        f = {}
        k = key(pl)
        row = gaz.places.get(pl)
        forms = [pl] + (list(row.variants) if row is not None else [])
        art = {d for d, fa in facts.items()
               if any(key(gaz.lookup(x) or x) == k for x in fa.places)}
        sal = sum(1 for fa in facts.values() if any(key(gaz.lookup(x) or x) == k for x in fa.salient_places))
        text_stats(forms, f, art)
        f["salient_share"] = sal / n_docs
        _shape(pl, texts, f)
        f["cut_end"] = 0.0
        if row is None:
            f["place_unknown"] = 1.0
        else:
            f[_PLACE_LEVEL.get(row.type, "place_other")] = 1.0
            f["foreign"] = float(pl != "Việt Nam" and row.type in _FOREIGN)
        common(i, f, art)
        out["places"].append((pl, f))
    # sentences naming another name that some title names
    flat = [f for kind in TYPES for _, f in out[kind]]
    in_title: dict[tuple[int, int], int] = {}
    for f, s in zip(flat, hit_sents):
        if f["in_title"]:
            for x in s:
                in_title[x] = in_title.get(x, 0) + 1
    for f, s in zip(flat, hit_sents):
        if s:
            own = 1 if f["in_title"] else 0
            f["cooc_title"] = sum(1 for x in s if in_title.get(x, 0) > own) / len(s)
    # places inside / containing the event's main places (titles, or the most salient)
    places = out["places"]
    if places:
        top_sal = max(f["salient_share"] for _, f in places)
        main = {pl for pl, f in places if f["in_title"]} or \
            {pl for pl, f in places if top_sal > 0 and f["salient_share"] == top_sal}
        for pl, f in places:
            up = _ancestors(pl, gaz)
            f["inside_top"] = float(any(a in main for a in up))
            f["contains_top"] = float(any(pl in _ancestors(m, gaz) for m in main if m != pl))
    for kind, cands in out.items():
        if not cands:
            continue
        keys = [" " + key(item.name if kind == "people" else item) + " " for item, _ in cands]
        for j, (_, f) in enumerate(cands):
            if keys[j].strip():
                f["sub_of_other"] = float(any(keys[j] in o and o != keys[j] for o in keys))
                f["has_other"] = float(any(o in keys[j] and o != keys[j] and o.strip() for o in keys))
        top_art = max(f["art_share"] for _, f in cands) or 1.0
        top_men = max(f["log_mentions"] for _, f in cands) or 1.0
        low_first = min(f["first_pos"] for _, f in cands)
        top_title = max(f["title_share"] for _, f in cands) or 1.0
        top_lead = max(f["lead_share"] for _, f in cands) or 1.0
        top_sent = max(f["sent_share"] for _, f in cands) or 1.0
        for _, f in cands:
            f["rel_art"] = f["art_share"] / top_art
            f["rel_mentions"] = f["log_mentions"] / top_men
            f["rel_first"] = f["first_pos"] - low_first
            f["single_doc"] = float(n_docs == 1)
            f["rel_title"] = f["title_share"] / top_title
            f["rel_lead"] = f["lead_share"] / top_lead
            f["rel_sent"] = f["sent_share"] / top_sent
    return out


def _ancestors(name: str, gaz: Any) -> list[str]:
    """The gazetteer parents of a place, nearest first."""
    out: list[str] = []
    row = gaz.places.get(name)
    while row is not None and row.parent and row.parent not in out and len(out) < 6:
        out.append(row.parent)
        row = gaz.places.get(row.parent)
    return out


def vector(f: dict[str, float]) -> list[float]:
    return [f.get(n, 0.0) for n in FEATURES]


def score(kind: str, f: dict[str, float], model: dict[str, Any] | None = None) -> float:
    """Probability that a name of type ``kind`` is one the story is about."""
    model = model or load_model()
    w = model["weights"][kind]
    z = sum(wi * f.get(n, 0.0) for wi, n in zip(w, model["features"]))
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def rank(docs: list[Document], merged: Facts, cfg: FactsSettings | None = None,
         summary: list[str] | None = None) -> dict[str, tuple[list[Any], list[Any]]]:
    """Per type, ``(shown, mentioned)``: the merged facts' names by score, those scoring
    below the type's show-threshold apart (``summary``: the card's summary texts)."""
    cfg = cfg or FactsSettings()
    model = load_model()
    thresholds = {"people": cfg.salience_show_people, "organizations": cfg.salience_show_organizations,
                  "places": cfg.salience_show_places}
    out = {}
    for kind, cands in candidate_features(docs, merged, cfg, summary=summary).items():
        scored = sorted(((score(kind, f, model), i, item) for i, (item, f) in enumerate(cands)),
                        key=lambda x: (-x[0], x[1]))
        t = thresholds[kind]
        out[kind] = ([it for s, _, it in scored if s >= t], [it for s, _, it in scored if s < t])
    return out
