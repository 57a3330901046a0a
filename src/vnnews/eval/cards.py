"""Event-card audit: date, top-5 people / organisations / places, disagreements.

Gold (``tests/data/audit/cards_gold.jsonl``, see its README): one object per audited event
(a gold cluster of vims-dev or VMDS), written by reading the cluster's articles::

    {"corpus": "vims-dev", "cluster": "Cluster_007", "split": "tune" | "report" | ...,
     "date": ["2016-05-19", ...],            # acceptable event dates, best first
     "date_basis": "reported" | "scheduled" | "published",
     "people": [...], "organizations": [...], "places": [...]}

An entity is a string or a list of spellings (canonical first). The entity lists hold every
name a journalist would accept on the card (right boundaries, right type); places are the
places the story is about or happens in, not passing mentions.

Each audited cluster's articles go through the real per-article pipeline
(``build_pipeline(settings, "ingest")``) and :func:`vnnews.engine.build_event` as one group
(no clustering, so clustering errors do not blur the card's). Scores, per split (every
``split`` value of the gold file, in file order) and overall:

* ``date``: share of events whose card date is one of the gold dates, next to the
  baseline "first publication date" of the same events; ``basis`` agreement is reported
  beside it;
* ``people`` / ``organizations`` / ``places``: precision of the card's first five names
  (micro over events): a name is right when its lenient key (:func:`entity_key`, plus
  generic organisation words such as "Công ty Cổ phần" dropped) equals that of any
  spelling of a gold entity ("Báo Tiền Phong" is "Tiền Phong": an outlet's kind word is
  dropped like a company's); beside it ``recall`` at five: the distinct gold entities the
  first five names find over ``min(5, len(gold))`` per event (micro), so that a card which
  shows fewer names is not mistaken for a better one;
* ``disagreements``: from the judgements file (``tests/data/audit/disagreements.jsonl``,
  written by whoever judges them; optional). Each line: ``{"corpus", "cluster", "topic",
  "real": true|false}`` (optionally ``"claims": [text, ...]`` and ``"half"``); its clusters
  are built too. A card disagreement is matched to a judgement of the same cluster by
  topic key or by sharing two claim texts (one when a side has one);
  precision = judged-real / judged among the card's disagreements, recall = real
  judgements found by the card / all real judgements. Unjudged card disagreements are
  counted apart.
"""
from __future__ import annotations

import json
import os
import re
from typing import Any

from .facts import entity_key

TYPES = ("people", "organizations", "places")
TOP = 5
_ORG_GENERIC = re.compile(
    r"^(?:tổng công ty|công ty cổ phần|công ty cp|công ty tnhh|công ty|ctcp|tập đoàn|"
    r"hãng hàng không|hãng|cơ sở|nhóm|câu lạc bộ|clb|đội tuyển|đt|báo|tờ|tạp chí)\s+")


def _keys(name: str, kind: str) -> set[str]:
    k = entity_key(name)
    out = {k} if k else set()
    if kind == "organizations" and k:
        k2 = k
        while True:
            k3 = _ORG_GENERIC.sub("", k2)
            if k3 == k2:
                break
            k2 = k3
        if k2:
            out.add(k2)
    return out


def _spellings(item: Any) -> list[str]:
    return [item] if isinstance(item, str) else [str(x) for x in item if str(x).strip()]


def load_gold(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def load_judgements(path: str | None) -> list[dict] | None:
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_names(gold: list, predicted: list[str], kind: str) -> tuple[int, int, list[str]]:
    """(right, total, wrong names) of the first TOP predicted names."""
    right, total, wrong, _ = score_names_recall(gold, predicted, kind)
    return right, total, wrong


def score_names_recall(gold: list, predicted: list[str],
                       kind: str) -> tuple[int, int, list[str], int]:
    """:func:`score_names` plus the number of distinct gold entities that the first TOP
    predicted names find (the numerator of recall at five, whose denominator is
    ``min(TOP, len(gold))``: a card that shows fewer names is not rewarded for it)."""
    matcher = GoldMatcher(gold, kind)
    right, total, wrong, hit = 0, 0, [], set()
    for name in predicted[:TOP]:
        total += 1
        found = matcher.match(name)
        if found:
            right += 1
            hit.update(found)
        else:
            wrong.append(name)
    return right, total, wrong, min(len(hit), TOP)


class GoldMatcher:
    """The gold entities of one type of one event, and which of them a card name is (the
    matching of :func:`score_names_recall`; also the labels of ``tools/train_salience.py``)."""

    def __init__(self, gold: list, kind: str):
        self.kind = kind
        self.gold_keys = [set().union(*(_keys(s, kind) for s in _spellings(g))) for g in gold]
        self.allk = set().union(*self.gold_keys) if self.gold_keys else set()

    def match(self, name: str) -> set[int]:
        """Indices of the gold entities that ``name`` is (empty: a wrong name)."""
        keys = _keys(name, self.kind)
        if self.kind == "organizations" and _ORG_GENERIC.match(entity_key(name) + " "):
            # "Công ty Cổ phần Thương mại Merro" for a gold "Merro": the distinctive end
            keys |= {g for g in self.allk if len(g) >= 3 and any(k.endswith(" " + g) for k in keys)}
        if not keys & self.allk:
            return set()
        return {i for i, g in enumerate(self.gold_keys) if keys & g}


def _topic_key(s: str) -> str:
    return entity_key(s or "")


def _date(s: str | None) -> str | None:
    return (s or "")[:10] or None


def evaluate_cards(gold_path: str, data: dict[str, str],
                   judgements: str | None = None, settings: Any = None) -> dict[str, Any]:
    """Score the cards of the audited clusters. ``data``: corpus -> articles JSONL path;
    ``settings``: the run's Settings (``--config``; shipped defaults when None)."""
    from ..engine import build_event, load_groups
    from ..pipeline import build_pipeline

    gold = load_gold(gold_path)
    judged = load_judgements(judgements)
    wanted: dict[str, set[str]] = {}
    for g in gold + (judged or []):
        wanted.setdefault(g["corpus"], set()).add(str(g["cluster"]))
    cards: dict[tuple[str, str], dict] = {}
    for corpus, clusters in wanted.items():
        path = data.get(corpus)
        if not path or not os.path.exists(path):
            continue
        subset = _subset(path, clusters)
        groups = load_groups(subset, "cluster", pipe=build_pipeline(settings, "ingest"))
        os.unlink(subset)
        for cl, docs in groups.items():
            ev = build_event(f"{corpus}:{cl}", docs, settings=settings)
            card = ev.to_json()
            card["_first_published"] = min((d.published or "9999")[:10] for d in docs)
            cards[(corpus, cl)] = card

    def blank() -> dict[str, Any]:
        return {"events": 0, "date_right": 0, "baseline_date_right": 0, "basis_right": 0,
                **{t: [0, 0, 0, 0] for t in TYPES}}

    splits = list(dict.fromkeys(str(g.get("split") or "all") for g in gold))
    agg = {split: blank() for split in splits if split != "all"}
    agg["all"] = blank()
    details = []
    for g in gold:
        card = cards.get((g["corpus"], g["cluster"]))
        if card is None:
            continue
        ok_dates = set(g.get("date") or [])
        d = _date(card.get("date"))
        basis = card.get("date_basis") or ""
        row = {"corpus": g["corpus"], "cluster": g["cluster"], "split": g.get("split", "all"),
               "date": d, "gold_date": g.get("date"), "basis": basis,
               "gold_basis": g.get("date_basis"), "date_ok": d in ok_dates}
        base_ok = card["_first_published"] in ok_dates
        for split in {row["split"], "all"} & set(agg):
            a = agg[split]
            a["events"] += 1
            a["date_right"] += row["date_ok"]
            a["baseline_date_right"] += base_ok
            a["basis_right"] += basis == g.get("date_basis")
        for t in TYPES:
            names = [p["name"] if isinstance(p, dict) else p for p in card.get(t) or []]
            r, n, wrong, found = score_names_recall(g.get(t) or [], names, t)
            row[t] = names[:TOP]
            row[t + "_wrong"] = wrong
            for split in {row["split"], "all"} & set(agg):
                agg[split][t][0] += r
                agg[split][t][1] += n
                agg[split][t][2] += found
                agg[split][t][3] += min(TOP, len(g.get(t) or []))
        details.append(row)
    out: dict[str, Any] = {"gold": gold_path, "events": len(details), "details": details,
                           "splits": list(agg)}
    for split, a in agg.items():
        n = a["events"] or 1
        out[split] = {
            "events": a["events"],
            "date_right": a["date_right"] / n,
            "baseline_first_published": a["baseline_date_right"] / n,
            "basis_right": a["basis_right"] / n,
            **{t: {"precision": (a[t][0] / a[t][1]) if a[t][1] else 1.0, "right": a[t][0],
                   "total": a[t][1],
                   "recall": (a[t][2] / a[t][3]) if a[t][3] else 1.0, "gold_found": a[t][2],
                   "gold_top": a[t][3]} for t in TYPES},
        }
    out["disagreements"] = _score_disagreements(judged, cards)
    return out


def _subset(path: str, clusters: set[str]) -> str:
    import tempfile

    fd, tmp = tempfile.mkstemp(suffix=".jsonl")
    with os.fdopen(fd, "w", encoding="utf-8") as out, open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and json.loads(line).get("cluster") in clusters:
                out.write(line)
    return tmp


def _claim_keys(claims: list) -> set[str]:
    return {_topic_key(c if isinstance(c, str) else c.get("text", "")) for c in claims or []} - {""}


def _score_disagreements(judged: list[dict] | None, cards: dict) -> dict[str, Any]:
    """Precision and recall of the cards' disagreements against judged ones (see the module
    documentation); per ``half`` of the judgements file too when it has one."""
    if judged is None:
        return {"judgements": None, "note": "no judgements file"}
    by_cluster: dict[tuple[str, str], list[dict]] = {}
    for j in judged:
        by_cluster.setdefault((j.get("corpus", ""), str(j.get("cluster", ""))), []).append(j)
    counts: dict[str, list[int]] = {}  # half -> [tp, fp, unjudged]
    found_real: set[int] = set()
    for key, card in cards.items():
        js = by_cluster.get(key, [])
        for dis in card.get("disagreements") or []:
            tk = _topic_key(dis.get("topic", ""))
            ck = _claim_keys(dis.get("claims"))
            hit = None
            for j in js:
                jk = _claim_keys(j.get("claims"))
                if _topic_key(j.get("topic", "")) == tk or (
                        jk and ck and len(jk & ck) >= min(2, len(jk), len(ck))):
                    hit = j
                    break
            half = (hit or (js[0] if js else {})).get("half", "all")
            c = counts.setdefault(half, [0, 0, 0])
            if hit is None:
                c[2] += 1
            elif hit.get("real"):
                c[0] += 1
                found_real.add(id(hit))
            else:
                c[1] += 1
    real = [j for j in judged if j.get("real") and
            (j.get("corpus", ""), str(j.get("cluster", ""))) in cards]

    def summary(tp: int, fp: int, unj: int, reals: list[dict]) -> dict[str, Any]:
        found = sum(1 for j in reals if id(j) in found_real)
        return {"card_disagreements": tp + fp + unj, "unjudged": unj,
                "precision": tp / (tp + fp) if tp + fp else None,
                "recall": found / len(reals) if reals else None, "real": len(reals)}

    tot = [sum(c[i] for c in counts.values()) for i in range(3)]
    out = {"judgements": len(judged), **summary(*tot, real)}
    halves = sorted({j.get("half") for j in judged if j.get("half")})
    if halves:
        out["halves"] = {h: summary(*counts.get(h, [0, 0, 0]),
                                    [j for j in real if j.get("half") == h]) for h in halves}
    return out


def format_report(res: dict[str, Any]) -> str:
    lines = [f"{res['events']} audited events ({res['gold']})",
             f"{'split':8s} {'n':>3s} {'date':>6s} {'1st-pub':>7s} {'basis':>6s} "
             f"{'people':>7s} {'orgs':>7s} {'places':>7s}   recall@5: people orgs places"]
    for split in res.get("splits") or ("tune", "report", "all"):
        s = res[split]
        lines.append(f"{split:8s} {s['events']:3d} {s['date_right']:6.3f} "
                     f"{s['baseline_first_published']:7.3f} {s['basis_right']:6.3f} "
                     + " ".join(f"{s[t]['precision']:7.3f}" for t in TYPES)
                     + "   " + " ".join(f"{s[t].get('recall', float('nan')):6.3f}" for t in TYPES))
    d = res["disagreements"]
    if d.get("judgements") is None:
        lines.append("disagreements: no judgements file")
    else:
        p = "n/a" if d["precision"] is None else f"{d['precision']:.3f}"
        r = "n/a" if d["recall"] is None else f"{d['recall']:.3f}"
        lines.append(f"disagreements: precision {p} recall {r} ({d['card_disagreements']} on the "
                     f"cards, {d['unjudged']} unjudged, {d['real']} judged real)")
        for h, x in (d.get("halves") or {}).items():
            p = "n/a" if x["precision"] is None else f"{x['precision']:.3f}"
            r = "n/a" if x["recall"] is None else f"{x['recall']:.3f}"
            lines.append(f"  {h}: precision {p} recall {r} ({x['card_disagreements']} on the "
                         f"cards, {x['unjudged']} unjudged, {x['real']} judged real)")
    return "\n".join(lines)
