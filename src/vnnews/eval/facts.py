"""Facts evaluation: people, organisations, places and quotes against hand annotations.

Gold (``tests/data/facts_gold/vmds_gold.jsonl``, see its README): one object per article,
``{"id", "people", "organizations", "places", "quotes": [{"start", "speaker"}]}``. An
entity is a string (its canonical name) or a list of strings (canonical name first, then
other spellings found in the article: abbreviations, misspellings, short forms). A quote's
``speaker`` is a string or a list of acceptable speakers.

Every gold article's text goes through the real cleaner first (:func:`vnnews.extract.extract`,
as in ``vnnews.engine.load_groups``), then through

* **vnnews**: :func:`vnnews.facts.extract_facts` (``people`` names, ``organizations``,
  ``places``, direct ``quotes`` with speakers);
* **underthesea**: ``underthesea.ner`` sentence by sentence (PER -> people, ORG ->
  organisations, LOC -> places; it has no quotes), in the same run.

Matching is lenient and the same for both systems (:func:`entity_key`): NFC, case-folded,
tone-placement-insensitive (:func:`vnnews.normalize.match_key`), punctuation and dashes
as blanks, common abbreviations expanded (UBND, HĐND, TP, T.Ư, HCM, ĐH, LHQ ...), and
leading honorifics ("ông", "bà", ...), administrative prefixes ("TP", "tỉnh", "quận", ...)
and generic geographic words ("sông", "đảo", "đường", "phố") stripped. A prediction is
correct when its key equals the key of any spelling of a gold entity of the same type and
article. Several predictions of one gold entity count once (neither a hit nor an error);
a prediction matching no gold entity is a false positive. Micro precision, recall and F1
per type over all articles.

A predicted quote is correct when its text starts with the gold start (keys compared) and
its speaker's key equals that of the gold speaker or of any spelling of the gold entity
(person or organisation) the speaker names; the same (text, speaker) predicted twice counts
once. ``quotes_text`` scores the quote text alone. Only direct quotes are scored.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..normalize import match_key

TYPES = ("people", "organizations", "places", "quotes")
ENTITY_TYPES = ("people", "organizations", "places")
_NER_LABEL = {"people": "PER", "organizations": "ORG", "places": "LOC"}

# ------------------------------------------------------------------------------ keys

_ABBREV = {
    "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc", "tp": "thành phố", "tphcm": "thành phố hồ chí minh",
    "hcm": "hồ chí minh", "tư": "trung ương", "tw": "trung ương", "dn": "doanh nghiệp",
    "đh": "đại học", "đhqg": "đại học quốc gia", "lhq": "liên hợp quốc", "vn": "việt nam",
    "đbqh": "đại biểu quốc hội", "ctcp": "công ty cổ phần", "cp": "cổ phần",
    "bch": "ban chấp hành", "q": "quận", "p": "phường", "ql": "quốc lộ",
}
_PREFIXES = (
    # honorifics
    "đồng chí", "ông", "bà", "anh", "chị", "cô", "chú", "ngài", "cụ", "em", "cháu",
    # administrative levels
    "thành phố", "tỉnh", "quận", "huyện", "thị xã", "thị trấn", "xã", "phường",
    # generic geographic words
    "đường", "phố", "sông", "đảo",
)
_PUNCT = re.compile(r"[\s.,;:!?…\-–—_/&()\[\]\"'“”‘’«»]+")


def entity_key(text: str) -> str:
    """Lenient comparison key of a name (see the module documentation)."""
    s = match_key(unicodedata.normalize("NFC", text or ""))
    s = re.sub(r"(?<!\w)t\.\s*ư(?!\w)", "tư", s)  # "T.Ư" -> "tư" before punctuation goes
    words = _PUNCT.sub(" ", s).split()
    out: list[str] = []
    for w in words:
        out.extend(_ABBREV.get(w, w).split())
    changed = True
    while changed and out:
        changed = False
        joined = " ".join(out)
        for p in _PREFIXES:
            if joined.startswith(p + " ") and len(joined) > len(p) + 1:
                out = joined[len(p) + 1:].split()
                changed = True
                break
    return " ".join(out)


def text_key(text: str) -> str:
    """Key for quote text: match_key with punctuation as blanks."""
    return " ".join(_PUNCT.sub(" ", match_key(text or "")).split())


# ------------------------------------------------------------------------------ gold


@dataclass
class GoldArticle:
    id: str
    entities: dict[str, list[list[str]]]  # type -> entities, each a list of spellings
    quotes: list[tuple[str, list[str]]]  # (start, acceptable speakers)


def _spellings(item: Any) -> list[str]:
    if isinstance(item, str):
        return [item]
    return [str(x) for x in item if str(x).strip()]


def load_gold(path: str) -> list[GoldArticle]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            ents = {t: [_spellings(x) for x in d.get(t, [])] for t in ENTITY_TYPES}
            quotes = [(q["start"], _spellings(q.get("speaker", ""))) for q in d.get("quotes", [])]
            out.append(GoldArticle(d["id"], ents, quotes))
    return out


# ------------------------------------------------------------------------------ scoring


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.errors.extend(other.errors)

    def scores(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp,
                "fn": self.fn}


def score_entities(gold: list[list[str]], predicted: Iterable[str], doc_id: str = "",
                   kind: str = "") -> Counts:
    """Match predicted names against gold entities (lists of spellings) of one article."""
    gold_keys = [{entity_key(s) for s in ent} - {""} for ent in gold]
    matched: set[int] = set()
    c = Counts()
    seen: set[str] = set()
    for name in predicted:
        k = entity_key(name)
        if not k or k in seen:
            continue
        seen.add(k)
        hits = [i for i, keys in enumerate(gold_keys) if k in keys]
        if hits:
            free = [i for i in hits if i not in matched]
            matched.add(free[0] if free else hits[0])
        else:
            c.fp += 1
            c.errors.append({"id": doc_id, "type": kind, "error": "fp", "text": name})
    c.tp = len(matched)
    c.fn = len(gold) - len(matched)
    for i, ent in enumerate(gold):
        if i not in matched:
            c.errors.append({"id": doc_id, "type": kind, "error": "fn", "text": ent[0]})
    return c


def _speaker_keys(speakers: list[str], art: GoldArticle) -> set[str]:
    keys = {entity_key(s) for s in speakers} - {""}
    for t in ("people", "organizations"):
        for ent in art.entities[t]:
            ek = {entity_key(s) for s in ent}
            if ek & keys:
                keys |= ek
    return keys


def score_quotes(art: GoldArticle, predicted: list[tuple[str, str]],
                 with_speaker: bool = True) -> Counts:
    """Match predicted (text, speaker) direct quotes against the gold quotes of one article."""
    gold = [(text_key(start), _speaker_keys(sp, art), start) for start, sp in art.quotes]
    matched: set[int] = set()
    c = Counts()
    seen: set[tuple[str, str]] = set()
    for text, speaker in predicted:
        tk = text_key(text)
        sk = entity_key(speaker)
        if (tk, sk if with_speaker else "") in seen:
            continue  # the same quote twice (an article that repeats itself) counts once
        seen.add((tk, sk if with_speaker else ""))
        hit = None
        for i, (gstart, gspk, _) in enumerate(gold):
            if gstart and tk.startswith(gstart) and (not with_speaker or sk in gspk):
                hit = i
                break
        if hit is None:
            c.fp += 1
            c.errors.append({"id": art.id, "type": "quotes", "error": "fp",
                             "text": text[:60], "speaker": speaker})
        else:
            matched.add(hit)
    c.tp = len(matched)
    c.fn = len(gold) - len(matched)
    for i, (_, _, start) in enumerate(gold):
        if i not in matched:
            c.errors.append({"id": art.id, "type": "quotes", "error": "fn", "text": start,
                             "speaker": art.quotes[i][1][0] if art.quotes[i][1] else ""})
    return c


# ------------------------------------------------------------------------------ systems


def load_articles(articles_path: str, ids: set[str]) -> dict[str, Any]:
    """The gold articles of a JSONL file, read and cleaned like ``load_groups`` does."""
    from ..ingest.readers import read_jsonl
    from ..model import Document
    from ..pipeline import Stats, build_pipeline

    pipe = build_pipeline(None, "read")  # the ingest pipeline up to the facts step
    docs = {}
    for item in read_jsonl(articles_path):
        if isinstance(item, Document) and item.id in ids:
            d = pipe.process(item, Stats())
            if d is not None:
                docs[item.id] = d
    return docs


def vnnews_predict(doc: Any) -> dict[str, list]:
    from ..facts import document_facts

    facts = document_facts(doc)
    return {
        "people": [p.name for p in facts.people],
        "organizations": list(facts.organizations),
        "places": list(facts.places),
        "quotes": [(q.text, q.speaker) for q in facts.quotes if q.kind == "direct"],
    }


def underthesea_predict(doc: Any) -> dict[str, list]:
    from ..facts.baseline import underthesea_ner_entities

    ents = underthesea_ner_entities(doc.text)
    out: dict[str, list] = {t: sorted(ents[_NER_LABEL[t]]) for t in ENTITY_TYPES}
    out["quotes"] = []
    return out


def _evaluate_system(gold: list[GoldArticle], docs: dict[str, Any],
                     predict: Callable[[Any], dict[str, list]]) -> dict[str, Any]:
    totals = {t: Counts() for t in TYPES + ("quotes_text",)}
    t0 = time.perf_counter()
    preds = {}
    for art in gold:
        preds[art.id] = predict(docs[art.id])
    seconds = time.perf_counter() - t0
    for art in gold:
        pred = preds[art.id]
        for t in ENTITY_TYPES:
            totals[t].add(score_entities(art.entities[t], pred[t], art.id, t))
        totals["quotes"].add(score_quotes(art, pred["quotes"]))
        qt = score_quotes(art, pred["quotes"], with_speaker=False)
        qt.errors = []
        totals["quotes_text"].add(qt)
    res: dict[str, Any] = {t: c.scores() for t, c in totals.items()}
    res["seconds"] = seconds
    res["errors"] = [e for t in TYPES for e in totals[t].errors]
    return res


def evaluate_facts(gold_path: str, articles_path: str,
                   baseline: bool = True) -> dict[str, Any]:
    """Score vnnews (and underthesea's NER, when ``baseline``) against the gold file.

    Returns ``{"articles": n, "gold": {type: count}, "vnnews": {type: {precision, recall,
    f1, tp, fp, fn}, "seconds", "errors"}, "underthesea": {...}}``.
    """
    gold = load_gold(gold_path)
    docs = load_articles(articles_path, {a.id for a in gold})
    missing = [a.id for a in gold if a.id not in docs]
    if missing:
        raise ValueError(f"gold articles not in {articles_path}: {missing[:5]}")
    out: dict[str, Any] = {
        "articles": len(gold),
        "gold": {t: sum(len(a.entities[t]) for a in gold) for t in ENTITY_TYPES}
        | {"quotes": sum(len(a.quotes) for a in gold)},
        "vnnews": _evaluate_system(gold, docs, vnnews_predict),
    }
    if baseline:
        out["underthesea"] = _evaluate_system(gold, docs, underthesea_predict)
    return out


def format_table(res: dict[str, Any]) -> str:
    """The P/R/F1 table (percent) of :func:`evaluate_facts`'s result."""
    systems = [s for s in ("vnnews", "underthesea") if s in res]
    lines = [f"{res['articles']} articles; gold: "
             + ", ".join(f"{res['gold'][t]} {t}" for t in TYPES)]
    head = f"{'type':14s}" + "".join(f" | {s + ' P':>14s} {'R':>6s} {'F1':>6s}" for s in systems)
    lines += [head, "-" * len(head)]
    for t in TYPES + ("quotes_text",):
        row = f"{t:14s}"
        for s in systems:
            if s == "underthesea" and t.startswith("quotes"):
                row += f" | {'-':>14s} {'-':>6s} {'-':>6s}"
                continue
            r = res[s][t]
            row += (f" | {100 * r['precision']:14.1f} {100 * r['recall']:6.1f}"
                    f" {100 * r['f1']:6.1f}")
        lines.append(row)
    lines.append("seconds: " + ", ".join(f"{s} {res[s]['seconds']:.2f}" for s in systems))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[3]
    ap = argparse.ArgumentParser(prog="python -m vnnews.eval.facts",
                                 description="Score the facts stage against hand annotations.")
    ap.add_argument("--gold", default=str(root / "tests/data/facts_gold/vmds_gold.jsonl"))
    ap.add_argument("--articles", default=str(root / "tests/data/vmds/articles.jsonl"))
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list vnnews's errors")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    res = evaluate_facts(a.gold, a.articles, baseline=not a.no_baseline)
    if a.json:
        print(json.dumps(res, ensure_ascii=False, indent=1))
        return 0
    print(format_table(res))
    if a.errors:
        for e in res["vnnews"]["errors"]:
            print(json.dumps(e, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    main()  # always 0: the table is the result
