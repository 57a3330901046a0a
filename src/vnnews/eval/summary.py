"""Summary evaluation against human references (VMDS protocol).

The groups are read as ``vnnews summarize`` reads them (:func:`load_groups`: the
``summarize`` pipeline, the steps of an ingest) and summarised as that verb and the
cards summarise them (:func:`shipped_summarizer`).

For every cluster the syllable budget is the mean length of its references
(``mean_ref``), or one budget for all, the mean length of all references, with every
summary cut at it (``mean_all``: the protocol of the outside summary check, the default
of ``vnnews eval summary``), or a fixed number. Scored, as mean ROUGE F1 over the clusters (each candidate against all the
cluster's references, averaged — see :mod:`vnnews.eval.rouge`):

* ``system``: :func:`vnnews.summarize.summarize` at the budget;
* ``lead``: the first sentences of the first article of the cluster (by input order),
  taken whole until the budget, the last one cut at the budget;
* ``lead_rr``: the multi-document lead — the first sentence of every article in
  input order, then the second of every article, … (whole sentences, stopping once
  the budget is reached). This is the "Lead" of the published VMDS numbers;
* ``ref_vs_ref``: the first human summary scored against the second.

``fidelity`` is the share of system summary sentences found verbatim (whitespace
normalised) in at least one article they cite.
"""
from __future__ import annotations

import importlib
import json
import statistics
import subprocess
import sys
import time
import types
import unicodedata
from typing import Callable

from ..model import Document, SummarySentence
from ..summarize import count_syllables, summarize
from .rouge import rouge

Summarizer = Callable[[list[Document], int], list[SummarySentence]]
_METRICS = ("rouge1", "rouge2", "rougeL")


def _squash(text: str) -> str:
    return " ".join(text.split())


def cut_to_budget(text: str, budget: int) -> str:
    """The first ``budget`` syllables (whitespace-separated tokens) of ``text``."""
    return " ".join(text.split()[:budget])


def lead(docs: list[Document], budget: int) -> str:
    """Single-document Lead: first body sentences of the first article, cut at budget."""
    if not docs:
        return ""
    body = [s.text for s in docs[0].sentences if s.kind == "body"] or [docs[0].text]
    return cut_to_budget(" ".join(body), budget)


def lead_round_robin(docs: list[Document], budget: int) -> str:
    """Multi-document Lead: sentence k of every article in turn, k = 0, 1, …, whole
    sentences until the budget is reached (the last one may overrun it)."""
    bodies = [[s.text for s in d.sentences if s.kind == "body"] for d in docs]
    out: list[str] = []
    n = 0
    for k in range(max(map(len, bodies), default=0)):
        for body in bodies:
            if k < len(body) and n < budget:
                out.append(body[k])
                n += count_syllables(body[k])
    return " ".join(out)


def fidelity(summary: list[SummarySentence], docs: list[Document]) -> tuple[int, int]:
    """(sentences found verbatim in one of their cited articles, sentences)."""
    texts = {d.id: _squash(d.text) for d in docs}
    found = sum(any(_squash(s.text) in texts.get(src, "") for src in s.sources) for s in summary)
    return found, len(summary)


def _budget(refs: list[str], budget: str | int) -> int:
    if budget == "mean_ref":
        return round(statistics.mean(count_syllables(r) for r in refs))
    if isinstance(budget, int):
        return budget
    raise ValueError(f"budget must be 'mean_ref', 'mean_all' or an int, not {budget!r}")


def evaluate_summaries(
    groups: dict[str, list[Document]],
    refs: dict[str, list[str]],
    budget: str | int = "mean_ref",
    summarizer: Summarizer = summarize,
) -> dict[str, object]:
    """Mean ROUGE F1 (in [0, 1]) of system, Lead, multi-document Lead and reference
    vs reference over the clusters present in both ``groups`` and ``refs``.

    Returns ``{"groups": n, "seconds": summarizer time, "fidelity": share,
    "system" | "lead" | "lead_rr" | "ref_vs_ref": {"rouge1", "rouge2", "rougeL"}}``
    (``ref_vs_ref`` over the clusters with at least two references).
    """
    rows: dict[str, list[dict[str, float]]] = {"system": [], "lead": [], "lead_rr": [],
                                                 "ref_vs_ref": []}
    found = total = 0
    seconds = 0.0
    clusters = [c for c in groups if refs.get(c)]
    cut = False
    if budget == "mean_all":  # the protocol of ../shared/checks/summary: one budget, summaries cut at it
        lens = [count_syllables(r) for rs in refs.values() for r in rs]
        budget, cut = round(sum(lens) / len(lens)), True
    for c in clusters:
        docs, cluster_refs = groups[c], refs[c]
        n = _budget(cluster_refs, budget)
        t0 = time.perf_counter()
        summary = summarizer(docs, n)
        seconds += time.perf_counter() - t0
        f, k = fidelity(summary, docs)
        found, total = found + f, total + k
        system = " ".join(s.text for s in summary)
        for name, text in (("system", cut_to_budget(system, n) if cut else system),
                           ("lead", lead(docs, n)), ("lead_rr", lead_round_robin(docs, n))):
            rows[name].append({m: s.f1 for m, s in rouge(text, cluster_refs).items()})
        if len(cluster_refs) >= 2:
            rows["ref_vs_ref"].append(
                {m: s.f1 for m, s in rouge(cluster_refs[0], cluster_refs[1]).items()})
    result: dict[str, object] = {
        name: {m: statistics.mean(r[m] for r in rs) if rs else 0.0 for m in _METRICS}
        for name, rs in rows.items()
    }
    result.update(groups=len(clusters), seconds=seconds,
                  fidelity=found / total if total else 1.0)
    return result


def load_groups(path: str, group_by: str = "cluster", settings=None) -> dict[str, list[Document]]:
    """Articles of a JSONL file grouped in file order, processed exactly as the
    ``summarize`` verb processes them (``build_pipeline(settings, "summarize")``: the
    steps of an ingest), so that what is scored is what ships."""
    from ..engine import load_groups as _load
    from ..pipeline import build_pipeline

    return _load(path, group_by, pipe=build_pipeline(settings, "summarize"))


def shipped_summarizer(settings=None) -> Summarizer:
    """The summariser of the ``summarize`` verb and of event cards, with ``settings``."""
    from ..engine import summarize_group

    return lambda docs, n: summarize_group(docs, n, settings)


def load_refs(path: str, group_by: str = "cluster") -> dict[str, list[str]]:
    """Reference summaries of a JSONL file: one line per group with ``refs``."""
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {str(r[group_by]): [unicodedata.normalize("NFC", x) for x in r["refs"]] for r in rows}


def evaluate_file(articles: str, refs: str, group_by: str = "cluster",
                  budget: str | int = "mean_ref", settings=None) -> dict[str, object]:
    """:func:`evaluate_summaries` of the groups of an articles JSONL file against a
    references JSONL file (the VMDS layout)."""
    return evaluate_summaries(load_groups(articles, group_by, settings), load_refs(refs, group_by), budget,
                              summarizer=shipped_summarizer(settings))


#: modules that older summarisers import under the name they had then
_MOVED_MODULES = {"vnnews.nlp.tokens": "vnnews.text.tokens"}


def summarizer_at(rev: str, repo: str) -> types.ModuleType:
    """``src/vnnews/summarize.py`` as it was at git revision ``rev`` of the checkout ``repo``,
    loaded as a module of the vnnews package: a summariser of the past measured beside
    today's in the same run (benchmarks/bench_summarize.py, tools/summary_cv.py)."""
    code = subprocess.run(["git", "show", f"{rev}:src/vnnews/summarize.py"], cwd=repo,
                          capture_output=True, text=True, check=True).stdout
    for gone, now in _MOVED_MODULES.items():  # its imports of modules moved since
        if gone not in sys.modules:
            sys.modules[gone] = importlib.import_module(now)
    mod = types.ModuleType(f"vnnews._summarize_at_{rev}")
    mod.__package__ = "vnnews"
    sys.modules[mod.__name__] = mod
    exec(compile(code, f"{rev}:summarize.py", "exec"), mod.__dict__)
    return mod
