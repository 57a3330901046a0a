"""Clustering quality: BCubed of vnnews events against a gold field, next to a baseline.

The file is ingested pooled (all articles into one fresh database in one run) and
each article's event is compared with its gold label. In the same run a plain TF-IDF
single-pass clusterer (syllable TF-IDF with IDF from the same file, each article joins
the most similar earlier cluster centroid above a threshold, else starts one; all
clusters compared, no index) is scored at a sweep of thresholds and reported at its
best one, so the baseline is given every advantage.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import os
import re
import tempfile
from collections import Counter

from ..ingest.readers import read_jsonl
from ..model import Document
from .bcubed import bcubed

BASELINE_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)


def gold_labels(path: str, field: str) -> tuple[dict[str, str], list[Document]]:
    gold, docs = {}, []
    for item in read_jsonl(path):
        if isinstance(item, Document) and item.meta.get(field) is not None:
            gold[item.id] = str(item.meta[field])
            docs.append(item)
    return gold, docs


def tfidf_single_pass(docs: list[Document], threshold: float) -> dict[str, str]:
    """The baseline: single-pass clustering over all existing clusters."""
    from ..text.tokens import letter_syllables as syllables

    toks = {d.id: Counter(syllables((d.title or "") + " " + d.raw_text)) for d in docs}
    df = Counter(t for c in toks.values() for t in c)
    n = len(docs)
    vecs = {}
    for i, c in toks.items():
        v = {t: (1 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5)) for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vecs[i] = {t: w / norm for t, w in v.items()}
    centroids: list[tuple[dict[str, float], int]] = []
    labels: dict[str, str] = {}
    for d in sorted(docs, key=lambda d: (d.published or "", d.id)):
        v = vecs[d.id]
        best, best_s = -1, threshold
        for k, (cen, _) in enumerate(centroids):
            s = sum(w * cen.get(t, 0.0) for t, w in v.items())
            if s >= best_s:
                best, best_s = k, s
        if best < 0:
            centroids.append((dict(v), 1))
            labels[d.id] = f"b{len(centroids) - 1}"
        else:
            cen, m = centroids[best]
            merged = Counter({t: w * m for t, w in cen.items()})
            merged.update(v)
            norm = math.sqrt(sum(w * w for w in merged.values())) or 1.0
            centroids[best] = ({t: w / norm for t, w in merged.items()}, m + 1)
            labels[d.id] = f"b{best}"
    return labels


def write_followups(path: str, field: str, days: int, out: str) -> str:
    """Distractors: for every labelled article, a follow-up published ``days`` later made
    of the last third of its text (similar words, not a copy), labelled as its own
    cluster ``<label>@+<days>d``. Ingested with the originals, false merges across
    dates then lower the score."""
    with open(path, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            a = json.loads(line)
            if a.get(field) is None or not a.get("text") or not a.get("published"):
                continue
            words = a["text"].split()
            when = dt.datetime.fromisoformat(a["published"][:19]) + dt.timedelta(days=days)
            b = dict(a, id=f"{a['id']}@+{days}d", published=when.isoformat(),
                     text=" ".join(words[2 * len(words) // 3:]))
            b[field] = f"{a[field]}@+{days}d"
            if a.get("title"):
                b["title"] = a["title"] + " (tiếp theo)"
            dst.write(json.dumps(b, ensure_ascii=False) + "\n")
    return out


def parse_part(text: str) -> tuple[int, int]:
    """``"1/4"`` -> (1, 4): the gold clusters whose number is 1 modulo 4."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m or int(m.group(2)) < 1:
        raise ValueError(f"a part is K/M (gold cluster numbers = K mod M), not {text!r}")
    return int(m.group(1)) % int(m.group(2)), int(m.group(2))


def cluster_number(label) -> int | None:
    """The number at the end of a gold label (``Cluster_017`` -> 17, ``vmds-151`` -> 151)."""
    m = re.search(r"(\d+)\D*$", str(label))
    return int(m.group(1)) if m else None


def write_part(path: str, field: str, part: tuple[int, int], out: str) -> str:
    """The labelled lines of ``path`` whose gold cluster number is ``part[0]`` modulo
    ``part[1]`` (a fixed split of a corpus into halves by cluster, docs/quality.md)."""
    k, m = part
    opener = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            n = cluster_number(json.loads(line).get(field))
            if n is not None and n % m == k:
                dst.write(line.rstrip("\n") + "\n")
    return out


def evaluate_clustering(path: str, field: str = "cluster", db: str | None = None,
                        extra: list[str] | None = None, followup_days: int | None = None,
                        part: tuple[int, int] | None = None, **ingest_options) -> dict:
    """BCubed P/R/F1 of vnnews and of the TF-IDF baseline on the labelled articles.

    ``extra``: more input paths ingested into the same database (unlabelled; not scored).
    ``followup_days``: add labelled follow-up distractors (see ``write_followups``).
    ``part``: only the gold clusters numbered ``part[0]`` mod ``part[1]`` (``write_part``)
    are ingested and scored."""
    from .. import engine

    tmp = tempfile.mkdtemp(prefix="vnnews-eval-")
    if part:
        path = write_part(path, field, part, os.path.join(tmp, "part.jsonl"))
    if followup_days:
        both = os.path.join(tmp, "with-followups.jsonl")
        fu = write_followups(path, field, followup_days, os.path.join(tmp, "followups.jsonl"))
        with open(both, "w", encoding="utf-8") as out:
            for p in (path, fu):
                with open(p, encoding="utf-8") as fh:
                    out.write(fh.read().rstrip("\n") + "\n")
        path = both
    gold, docs = gold_labels(path, field)
    if db is None:
        db = os.path.join(tmp, "eval.db")
    res = engine.ingest([path] + list(extra or []), db=db, **ingest_options)
    pred = {a["id"]: a["event"] for a in engine.export(db=db, articles=True) if a["id"] in gold}
    missing = [i for i in gold if i not in pred]
    for i in missing:  # an article that was not ingested is its own cluster
        pred[i] = "missing:" + i
    p, r, f = bcubed(pred, gold)
    out = {"articles": len(gold), "gold_clusters": len(set(gold.values())),
           "events": len(set(pred.values())), "not_ingested": len(missing),
           "vnnews": {"precision": p, "recall": r, "f1": f},
           "dropped": res.reasons()}
    best = None
    for t in BASELINE_THRESHOLDS:
        bp, br, bf = bcubed(tfidf_single_pass(docs, t), gold)
        row = {"threshold": t, "precision": bp, "recall": br, "f1": bf}
        out.setdefault("baseline_sweep", []).append(row)
        if best is None or bf > best["f1"]:
            best = row
    out["baseline"] = best
    return out
