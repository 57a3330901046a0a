"""Merge the facts of the articles of one event (:func:`resolve_event`)."""
from __future__ import annotations

import collections
import dataclasses
import math
import re

from ..model import DateRef, Facts, Figure, Person, Quote
from ..normalize import is_syllable
from ..settings import FactsSettings
from .lexicon import SURNAMES, clean, gazetteer, key, org_key, org_lexicon
from .orgs import canonical_org
from .people import (PersonMention, _candidates, dedupe_titles, family_matches,
                     given_matches, parse_reference)


def is_full_name(name: str) -> bool:
    """A full name ("Trần Quốc Khánh", "Hun Sen"), not a short form ("Khánh", "Tuấn Anh")."""
    words = name.split()
    if len(words) < 2:
        return False
    return words[0] in SURNAMES or len(words) >= 3 or all(w.isascii() for w in words)


def merge_people(groups: list[tuple[str, list[Person]]]) -> list[Person]:
    """People of several articles, merged by full name; short forms resolved when unique."""
    full: dict[str, Person] = {}
    partial: list[tuple[str, Person]] = []
    for doc_id, people in groups:
        for p in people:
            if is_full_name(p.name):
                _merge_into(full, key(p.name), p, doc_id)
            else:
                partial.append((doc_id, p))
    short: dict[str, Person] = {}
    for doc_id, p in partial:
        cands = [q for q in full.values() if given_matches(p.name, q.name)] or \
            [q for q in full.values() if family_matches(p.name, q.name)]
        if len(cands) == 1:
            _absorb(cands[0], p, doc_id)
        else:
            _merge_into(short, key(p.name), p, doc_id)
    # "Thu Trang" beside "Trần Thị Thu Trang":
    # a two-word name ending exactly one longer full name is that person
    _fold_into_longer(full, lambda k: len(k.split()) == 2 and full[k].name.split()[0] not in SURNAMES,
                      lambda k, o: o.endswith(" " + k) and len(o.split()) >= 3)
    # "Phạm Thanh Vân" beside "Phạm Thị Thanh Vân": the one name with its middle Thị / Văn
    _fold_into_longer(full, lambda k: len(k.split()) >= 3 and not any(w in _MIDDLE_KEYS for w in k.split()),
                      _with_middle)
    out = [p for p in list(full.values()) + list(short.values()) if card_worthy_person(p.name)]
    order = {doc_id: i for i, (doc_id, _) in enumerate(groups)}
    for p in out:
        p.titles = dedupe_titles(p.titles)
        p.sources.sort(key=lambda s: order.get(s, len(order)))
    return out


def _fold_into_longer(full: dict[str, Person], short, longer_of) -> None:
    """Each name ``short`` accepts that has exactly one longer form in ``full``
    (``longer_of(k, other)``) is that person: absorbed into it."""
    for k in list(full):
        if not short(k):
            continue
        longer = [o for o in full if o != k and longer_of(k, o)]
        if len(longer) == 1:
            p = full.pop(k)
            _absorb(full[longer[0]], p, p.sources[0] if p.sources else "")


def _with_middle(k: str, o: str) -> bool:
    """``o`` is ``k`` with a middle Thị / Văn after the family name."""
    ow = o.split()
    return len(ow) >= 2 and ow[1] in _MIDDLE_KEYS and ow[:1] + ow[2:] == k.split()


_MIDDLE_KEYS = frozenset(("thị", "văn"))
#: Middle names that cannot end a name ("Trần Văn", "Lê Thị": a name cut short).
_MIDDLE_ONLY = frozenset(("Văn", "Thị"))


def card_worthy_person(name: str) -> bool:
    """Not an unresolved short reference or a cut name: one Vietnamese syllable alone
    ("Nhung", "Hiếu", "Lớn" of "cầu Ông Lớn"), a name ending with a middle name ("Trần
    Văn") or a Vietnamese family name with an initial ("Lê T")."""
    words = name.split()
    if not words or words[0] == "Theo":  # "Theo Toshiba": "according to"
        return False
    if len(words) == 1:
        return not is_syllable(words[0])
    if words[-1] in _MIDDLE_ONLY:
        return False
    return not (len(words) == 2 and len(words[-1].rstrip(".")) == 1 and words[0] in SURNAMES)


def _merge_into(table: dict[str, Person], k: str, p: Person, doc_id: str) -> None:
    target = table.get(k)
    if target is None:
        table[k] = Person(name=" ".join(p.name.split()), titles=list(p.titles),
                          aliases=list(p.aliases),
                          sources=list(p.sources) or [doc_id],
                          mentions=[dataclasses.replace(m) for m in p.mentions])
        return
    _absorb(target, p, doc_id)


def _absorb(target: Person, p: Person, doc_id: str) -> None:
    target.titles.extend(p.titles)
    for a in p.aliases:
        if key(a) not in {key(x) for x in target.aliases}:
            target.aliases.append(a)
    for s in p.sources or [doc_id]:
        if s not in target.sources:
            target.sources.append(s)
    for m in p.mentions:
        target.mentions.append(dataclasses.replace(m, name=target.name))


def resolve_speaker(speaker: str, people: list[Person]) -> str:
    """A quote's speaker as a full name when it designates one person of the event.

    Accepts full names (optionally with titles), aliases ("ông Khánh"), title references
    ("Bí thư Hà Nội", "Bộ trưởng"); organisations are returned in canonical form; anything
    else unchanged.
    """
    if not speaker:
        return speaker
    k = key(speaker)
    for p in people:
        if key(p.name) == k:
            return p.name
    for p in people:
        if any(key(a) == k for a in p.aliases):
            return p.name
    pm: PersonMention | None = parse_reference(speaker)
    if pm is not None:
        if pm.kind == "full":
            for p in people:
                if key(p.name) == key(pm.name):
                    return p.name
            return pm.name
        cands = _candidates(pm, people)
        if len(cands) == 1:
            return cands[0].name
        return speaker
    canon = canonical_org(speaker)
    return canon


def merge_orgs(names_per_doc: list[list[str]]) -> list[str]:
    """Organisations merged case/spelling-insensitively, canonical display, first-seen order.

    A name that only truncates another one ("Tổng Công ty Điện lực" beside "Tổng Công ty
    Điện lực Hà Nội") is dropped unless it is a lexicon entry.
    """
    lex = org_lexicon()
    seen: dict[str, str] = {}
    for names in names_per_doc:
        for n in names:
            canon = lex.lookup(n)
            if canon and n.isupper() and lex.entries[canon].type == "club":
                canon = n  # a ticker left as such by the extractor ("PSG" in a stock story)
            canon = canon or canonical_org(n)
            k = _embassy_key(org_key(canon))
            if k in seen and canon.startswith("Trường ") and not seen[k].startswith("Trường "):
                seen[k] = canon  # the school's full name: "Trường THCS Gio Việt"
            seen.setdefault(k, canon)
    keys = [k for k in seen if _card_worthy_org(seen[k])]
    # "Trung tâm Y tế Châu Đức" beside "Trung tâm Y tế huyện Châu Đức", "Công an Cà Mau"
    # beside "Công an tỉnh Cà Mau": a name without its level word is the one name with it
    # (left apart when two levels are named: "Công an tỉnh / thành phố Cà Mau")
    keys = _without_short_forms(keys, _without_level)
    # "Pratt & Whitney" beside "Công ty Pratt & Whitney": the company word adds nothing
    keys = _without_short_forms(keys, _without_company_head)
    # "Hiệp hội Vận tải ôtô Việt Nam" beside "... ô tô ...": spaces and dashes aside, one name
    compact: dict[str, str] = {}
    for k in keys:
        compact.setdefault(_SPACING.sub("", k), k)
    keys = [k for k in keys if compact[_SPACING.sub("", k)] == k]
    # "Ủy ban TCNS" beside "Ủy ban Tài chính – Ngân sách", "Sở TT&TT TP.HCM" beside "Sở
    # Thông tin và Truyền thông TP HCM": an abbreviation of the other name's middle words
    keys = [k for k in keys if _abbreviates(seen[k], [o for o in keys if o != k]) is None]
    out = []
    for k in keys:
        longer = [o for o in keys if o != k and o.startswith(k + " ")]
        if len(longer) == 1 and lex.lookup(seen[k]) is None:
            continue
        out.append(seen[k])
    return _brand_family(out, lex)


def _without_short_forms(keys: list[str], shorten) -> list[str]:
    """``keys`` less each key that exactly one other key becomes under ``shorten`` (which
    gives None where it does not apply): the short form is that one name."""
    longer: dict[str, list[str]] = {}
    for k in keys:
        short = shorten(k)
        if short is not None:
            longer.setdefault(short, []).append(k)
    return [k for k in keys if len(longer.get(k, [])) != 1]


def _without_level(k: str) -> str | None:
    bare = _LEVEL_WORD.sub(" ", k)
    return " ".join(bare.split()) if bare != k else None


def _without_company_head(k: str) -> str | None:
    m = _COMPANY_HEAD.match(k)
    return k[m.end():] if m and k[m.end():] else None


_EMBASSY = re.compile(r"^((?:tổng )?lãnh sự quán|đại sứ quán) (.+)$")


def _embassy_key(k: str) -> str:
    """An embassy is its country's, however the country is spelt: "Đại sứ quán Italy" =
    "Đại sứ quán Italia" (the key only; each card shows the outlet's first spelling)."""
    m = _EMBASSY.match(k)
    canon = gazetteer().lookup(m.group(2)) if m else None
    return f"{m.group(1)} {key(canon)}" if canon else k


_SPACING = re.compile(r"[\s\-–—]+")
_ABBR_TOKEN = re.compile(r"[A-ZĐ][A-ZĐ&\-]*[A-ZĐ]")
_JOINERS = frozenset(("và", "&", "-", "–", "—"))


def _abbreviates(name: str, other_keys: list[str]) -> str | None:
    """The one other name (org key) that ``name`` writes with an abbreviation of its middle
    words: "Ủy ban TCNS" for "ủy ban tài chính – ngân sách" (initials of the words between
    the same first and last words, joiners "và", "&", dashes aside)."""
    toks = name.split()
    for i, t in enumerate(toks):
        if not _ABBR_TOKEN.fullmatch(t) or org_key(t) != key(t):
            continue  # not an abbreviation, or one the key expands already ("UBND")
        letters = key(t).replace("&", "").replace("-", "")
        pre = org_key(" ".join(toks[:i]))
        post = org_key(" ".join(toks[i + 1:]))
        hits = []
        for o in other_keys:
            if not (o.startswith(pre + " ") if pre else True) or (post and not o.endswith(" " + post)):
                continue
            mid = o[len(pre):len(o) - len(post)].split()
            mid = [w for w in mid if w not in _JOINERS]
            if len(mid) >= 2 and "".join(w[0] for w in mid) == letters:
                hits.append(o)
        if len(hits) == 1:
            return hits[0]
    return None


_COMPANY_NAME = re.compile(r"(?:Tổng Công ty|Công ty|Tập đoàn)(?!\w)")


def _brand_family(names: list[str], lex) -> list[str]:
    """A lexicon company read from its brand alone ("Viettel" -> "Tập đoàn Công nghiệp -
    Viễn thông Quân đội") is the one company of the event whose name carries the brand
    ("Tổng Công ty Viễn thông Viettel"): one entry, at the earlier place."""
    out = list(names)
    for name in names:
        entry = lex.entries.get(name)
        if entry is None or entry.type != "company" or name not in out:
            continue
        brands = {v for v in entry.variants if " " not in v and not v.isupper()}
        fam = [o for o in out if o != name and _COMPANY_NAME.match(o)
               and lex.entries.get(o) is not None and brands & set(o.split())]
        if len(fam) == 1:
            i, j = out.index(name), out.index(fam[0])
            out[min(i, j)] = fam[0]
            del out[max(i, j)]
    return out


_LEVEL_WORD = re.compile(r"(?<!\w)(?:tỉnh|huyện|quận|thị xã|thành phố)(?= )")
_COMPANY_HEAD = re.compile(r"(?:công ty|cty|tập đoàn|tổng công ty|ngân hàng|hãng|clb|câu lạc bộ|"
                           r"nhà máy|ac|fc)(?:[^\S\n]+(?:cổ phần|cp|tnhh|mtv|tmcp))*[^\S\n]+")


def _names_an_org(name: str, organizations: list[str]) -> bool:
    """The card's organisations name this "person": "Saigon Petro" beside "Công ty Saigon
    Petro", "Milan" beside "AC Milan" (organisation words keep it out of the people)."""
    k = key(name)
    for o in organizations:
        ko = key(o)
        if ko == k:
            return True
        m = _COMPANY_HEAD.match(ko)
        if m and ko[m.end():] == k:
            return True
    return False


def _card_worthy_org(name: str) -> bool:
    """Not a name cut at an initial ("Bệnh viện T", "V") nor a number plate ("BKS")."""
    words = name.split()
    return bool(words) and name not in ("BKS", "BS") and not (
        len(words[-1]) == 1 and words[-1].isalpha()
        and not (_EMBASSY.match(key(name)) and words[-1] in gazetteer().places))
    # "Đại sứ quán Ý" names its country; elsewhere a one-letter end may be a cut name
    # ("Hội đồng thời trang Ý- Việt" read up to "Ý")


def merge_places(places_per_doc: list[list[str]]) -> list[str]:
    """Places merged by canonical name, ranked by salience over the articles: the sum of
    1 / (1 + rank) of the place in each article's list (a place leading every article comes
    first; one named late in many articles does not head the card), then first rank."""
    gaz = gazetteer()
    score: collections.Counter[str] = collections.Counter()
    rank: dict[str, float] = {}
    display: dict[str, str] = {}
    for places in places_per_doc:
        for i, p in enumerate(places):
            canon = gaz.lookup(p) or clean(p)
            k = key(canon)
            display.setdefault(k, canon)
            rank[k] = min(rank.get(k, i), i)
            score[k] += 1.0 / (1 + i)
    order = sorted(display, key=lambda k: (-score[k], rank[k]))
    return [display[k] for k in order]


_TOKEN = re.compile(r"\w+")


def _similar(a: str, b: str, threshold: float = 0.6) -> bool:
    ta, tb = set(_TOKEN.findall(a.lower())), set(_TOKEN.findall(b.lower()))
    if not ta or not tb:
        return a == b
    return len(ta & tb) / len(ta | tb) >= threshold


def merge_figures(groups: list[list[Figure]]) -> list[Figure]:
    """Figures with their sources; the same value+unit in a similar clause is merged."""
    out: list[Figure] = []
    for figs in groups:
        for f in figs:
            for g in out:
                if g.value == f.value and g.unit == f.unit and _similar(g.context, f.context):
                    for s in f.sources:
                        if s not in g.sources:
                            g.sources.append(s)
                    break
            else:
                out.append(dataclasses.replace(f, sources=list(f.sources)))
    # by salience: stated by more articles first, then earlier in its article (the lead
    # before background); stable, so ties keep the articles' order
    return sorted(out, key=lambda g: (-len(g.sources), g.start if g.start is not None and g.start >= 0 else 10**9))


def _quote_key(text: str) -> str:
    return " ".join(_TOKEN.findall(key(text)))


def merge_quotes(groups: list[list[Quote]], people: list[Person],
                 same_passage: float = FactsSettings.quote_same_passage,
                 min_words: int = FactsSettings.quote_min_words) -> list[Quote]:
    """Quotes with resolved speakers, one per passage.

    The same passage from several articles (same words, whatever the kind) is one quote:
    a direct quote over reported speech, the speaker named by most articles (a full name
    over a short form or none). A passage contained in a longer one of the same speaker (or
    of none) is absorbed by it. A passage an outlet edited (word sets alike by
    ``same_passage``, Jaccard) is shown once: the form stated by more articles (then a
    direct quote, then the longer), in its own words and with its own sources only (the
    other articles do not contain these words), its speaker or else the other's.
    """
    out: dict[str, Quote] = {}
    votes: dict[str, collections.Counter] = {}
    for quotes in groups:
        for q in quotes:
            speaker = resolve_speaker(q.speaker, people)
            k = _quote_key(q.text)
            have = out.get(k)
            if have is None:
                out[k] = dataclasses.replace(q, speaker=speaker, sources=list(q.sources))
                votes[k] = collections.Counter()
            else:
                for s in q.sources:
                    if s not in have.sources:
                        have.sources.append(s)
                if q.kind == "direct" and have.kind != "direct":
                    have.kind = "direct"
            if speaker:
                votes[k][speaker] += 1 + is_full_name(speaker)
    for k, q in out.items():
        if votes[k]:
            q.speaker = max(votes[k].items(), key=lambda kv: (kv[1], is_full_name(kv[0])))[0]
    keys = sorted(out, key=len, reverse=True)
    for i, short in enumerate(keys):
        if short not in out:
            continue
        for long_ in keys[:i]:
            if long_ not in out or len(short) < 20 or (" " + short + " ") not in (" " + long_ + " "):
                continue
            a, b = out[long_], out[short]
            if a.speaker and b.speaker and a.speaker != b.speaker:
                continue
            for s in b.sources:
                if s not in a.sources:
                    a.sources.append(s)
            a.speaker = a.speaker or b.speaker
            if b.kind == "direct":
                a.kind = "direct"
            del out[short]
            break
    return _one_per_passage(list(out.values()), same_passage, min_words)


def _one_per_passage(quotes: list[Quote], same_passage: float, min_words: int) -> list[Quote]:
    words = [set(_quote_key(q.text).split()) for q in quotes]
    order = sorted(range(len(quotes)), key=lambda i: (-len(quotes[i].sources),
                                                      quotes[i].kind != "direct",
                                                      -len(quotes[i].text), i))
    kept: list[int] = []
    for i in order:
        a = words[i]
        twin = next((j for j in kept if len(a) >= min_words and len(words[j]) >= min_words
                     and len(a & words[j]) >= same_passage * len(a | words[j])), None)
        if twin is None:
            kept.append(i)
        elif not quotes[twin].speaker:
            quotes[twin].speaker = quotes[i].speaker
    return [quotes[i] for i in sorted(kept)]


def merge_dates(groups: list[list[DateRef]]) -> list[DateRef]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for dates in groups:
        for d in dates:
            k = (d.date, d.granularity, d.end_date)
            if k in seen:
                continue
            seen.add(k)
            out.append(d)
    return out


def vote_event_date(dates: list[str | None], near: str | None = None) -> str | None:
    """Most frequent event date; ties go to the one nearest ``near`` (an ISO date, e.g. the
    first publication), then to the earliest."""
    c = collections.Counter(d for d in dates if d)
    if not c:
        return None
    best = max(c.values())
    tied = sorted(d for d, n in c.items() if n == best)
    if near and len(tied) > 1:
        import datetime as dt

        def dist(d: str) -> int:
            try:
                return abs((dt.date.fromisoformat(d[:10]) - dt.date.fromisoformat(near[:10])).days)
            except ValueError:
                return 10 ** 6
        tied.sort(key=lambda d: (dist(d), d))
    return tied[0]


def event_date_and_basis(items: list[tuple[str | None, str | None]],
                         published: list[str | None] | None = None,
                         before_days: int = FactsSettings.card_before_days,
                         after_days: int = FactsSettings.card_after_days,
                         later_share: float = FactsSettings.card_later_share,
                         item_published: list[str | None] | None = None,
                         ) -> tuple[str | None, str | None]:
    """The event's date and basis from its articles' (date, basis) pairs.

    The most frequent date wins (ties: the one nearest the first publication, then the
    earliest); its basis is the one most of the articles tying it give (ties:
    ``reported``). With the articles' publication dates, the date must lie within
    [first publication - ``before_days``, last publication + ``after_days``], scheduled
    dates too (else the card would sit among other weeks' news; the outside check
    card-trust holds cards to that window). A reported date later than the first
    publication (the first article could not report it) must be tied by at least
    ``later_share`` of the articles published on or after it (``item_published``: each
    item's publication, aligned with ``items``; all articles when not given): one later
    article's follow-up ("Ngày 18/5, trao đổi với PV ...") is not the happening.
    Otherwise, or without any date, (first publication, ``published``); (None, None)
    when nothing is known.
    """
    import datetime as dt

    pubs = sorted(p[:10] for p in (published or []) if p)
    date = vote_event_date([d for d, _ in items], pubs[0] if pubs else None)
    bases = collections.Counter(b for d, b in items if d == date and date)
    basis = "scheduled" if bases["scheduled"] > bases["reported"] else "reported"
    if date and pubs:
        try:
            day = dt.date.fromisoformat(date[:10])
            first = dt.date.fromisoformat(pubs[0])
            lo = first - dt.timedelta(days=before_days)
            hi = dt.date.fromisoformat(pubs[-1]) + dt.timedelta(days=after_days)
            if not lo <= day <= hi:
                date = None
            elif day > first:
                could = len(items) if basis == "scheduled" or not item_published else sum(
                    1 for p in item_published if p and p[:10] >= date[:10])
                if sum(bases.values()) < later_share * could:
                    date = None
        except ValueError:
            date = None
    if date:
        return date, basis
    if pubs:
        return pubs[0], "published"
    return None, None


def _ranked_places(items: list[tuple[str, Facts]],
                   inside_min_articles: int = FactsSettings.card_inside_min_articles) -> list[str]:
    """The event's places: the salient ones (title, lead, named twice, listed), by salience,
    then the places named in passing that lie inside a salient one (the districts of the
    city the story is about) and that at least ``inside_min_articles`` articles name, or
    half of them when fewer (one article's example, address or background among three or
    more: "một trường tiểu học ở quận Hai Bà Trưng",
    "tại cố đô St.Petersburg ... ngày 5/9", "sân bay Kansai (Osaka)"); other passing
    mentions only when no article has a salient place."""
    salient = merge_places([f.salient_places for _, f in items])
    passing = merge_places([f.places for _, f in items])
    if not salient:
        return passing
    gaz = gazetteer()
    named = collections.Counter(key(gaz.lookup(p) or clean(p)) for _, f in items for p in set(f.places))
    need = min(inside_min_articles, math.ceil(len(items) / 2))
    passing = [p for p in passing if named[key(p)] >= need]
    inside = {key(p) for p in salient}
    seen = set(inside)
    out = list(salient)
    for p in passing:
        row = gaz.places.get(p)
        if key(p) not in seen and row is not None and row.parent and key(row.parent) in inside:
            out.append(p)
            seen.add(key(p))
    return out


def resolve_event(facts: dict[str, Facts], published: dict[str, str | None] | None = None,
                  settings: FactsSettings | None = None) -> Facts:
    """Merge the facts of all articles of one event (see the package documentation).

    ``published`` (doc id -> ISO date/datetime) lets the event date fall back to the first
    publication date (basis ``published``) when no article ties a date to the happening.
    ``settings``: ``Settings.facts`` (the card's date window; shipped defaults when None).
    """
    cfg = settings or FactsSettings()
    items = list(facts.items())
    people = merge_people([(doc_id, f.people) for doc_id, f in items])
    date, basis = event_date_and_basis(
        [(f.happened, f.happened_basis) for _, f in items],
        list(published.values()) if published else None,
        before_days=cfg.card_before_days, after_days=cfg.card_after_days,
        later_share=cfg.card_later_share,
        item_published=[(published or {}).get(doc_id) for doc_id, _ in items])
    organizations = merge_orgs([f.organizations for _, f in items])
    people = [p for p in people if not _names_an_org(p.name, organizations)]
    return Facts(
        people=people,
        organizations=organizations,
        places=_ranked_places(items, cfg.card_inside_min_articles),
        dates=merge_dates([f.dates for _, f in items]),
        figures=merge_figures([f.figures for _, f in items]),
        quotes=merge_quotes([f.quotes for _, f in items], people,
                            cfg.quote_same_passage, cfg.quote_min_words),
        event_date=date,
        happened=date,
        happened_basis=basis,
    )
