"""Extraction quality per page and per check: vnnews next to trafilatura alone, same run.

Two sets:

* ``real``: real article pages as the outlets served them (``tests/data/real_pages``:
  ``pages/``, ``manifest.json`` with repository, path and commit of each page,
  ``gold.json`` with hand-checked gold). Each page is in the ``dev`` half (looked at
  while tuning) or the ``report`` half (only reported); results are given per half.
* ``golden``: the self-written HTML pages of ``tests/data/golden`` (their ``labels.json``).

Checks of one page (a check without gold is skipped):

``title``      the title equals the gold title (NFC, blanks collapsed);
``published``  the publication time starts with the gold value (``2023-11-02T19:20``);
``sapo``       the lead paragraph is one of the text's paragraphs;
``first``      the first body paragraph (after the sapo) is one of the text's paragraphs;
``last``       the last body paragraph is one of the text's paragraphs;
``boiler``     none of the page's chrome strings is a paragraph of the text or opens one.

"Is one of the paragraphs": the gold paragraph equals a line of the text, blanks collapsed
(a paragraph with words lost or a teaser glued to it fails); a lead's dateline credit
("(Dân trí) - ") may be left out, for both extractors. ``published`` is to the minute:
trafilatura alone gives days only, so it fails where the gold has a time. trafilatura alone is
``trafilatura.bare_extraction`` with the options vnnews passes it (its text, title, date).

``python -m vnnews.eval.extract [--set real|golden|all] [--json]``, or ``vnnews eval extract``.
"""
from __future__ import annotations

import json
import pathlib
import re
import unicodedata
from typing import Any

CHECKS = ("title", "published", "sapo", "first", "last", "boiler")
ROOT = pathlib.Path(__file__).resolve().parents[3]
REAL = ROOT / "tests" / "data" / "real_pages"
GOLDEN = ROOT / "tests" / "data" / "golden"
_WS = re.compile(r"\s+")


def canon(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "")
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return _WS.sub(" ", s).strip()


def load_real(folder: pathlib.Path = REAL) -> list[dict[str, Any]]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    pages = []
    for name, g in sorted(gold.items()):
        if name.startswith("_"):
            continue
        pages.append({"set": "real", "name": name, "split": g.get("split", "dev"),
                      "path": folder / "pages" / name, "gold": g})
    return pages


def load_golden(folder: pathlib.Path = GOLDEN) -> list[dict[str, Any]]:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = []
    for name, lab in sorted(labels.items()):
        if name.startswith("_") or not name.endswith(".html"):
            continue
        meta = lab.get("meta") or {}
        body = lab.get("body") or []
        g = {"title": meta.get("title"), "published": (meta.get("published") or "")[:16] or None,
             "sapo": None, "first": body[0] if body else None, "last": body[-1] if body else None,
             "boiler": lab.get("boiler") or []}
        pages.append({"set": "golden", "name": name, "split": "golden",
                      "path": folder / "pages" / name, "gold": g})
    return pages


def _lines(text: str) -> list[str]:
    return [c for c in (canon(x) for x in (text or "").split("\n")) if c]


def _forms(par: str) -> set[str]:
    """The gold paragraph, and without its dateline credit ("(Dân trí) - ", "TTO - "), which
    the cleaner keeps as metadata (``credited_outlet``), not as text."""
    from ..extract.meta import outlet_prefix

    c = canon(par)
    pre = outlet_prefix(c)
    return {c, c[pre.length:].strip()} if pre else {c}


def score(got: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool | None]:
    """Each check of one extraction (``title``, ``published``, ``text``) against gold."""
    lines = _lines(got.get("text") or "")
    line_set = set(lines)
    out: dict[str, bool | None] = {}
    out["title"] = None if not gold.get("title") else canon(got.get("title")) == canon(gold["title"])
    pub = gold.get("published")
    out["published"] = None if not pub else (got.get("published") or "").startswith(pub)
    out["published_day"] = None if not pub else (got.get("published") or "")[:10] == pub[:10]
    for k in ("sapo", "first", "last"):
        out[k] = None if not gold.get(k) else bool(_forms(gold[k]) & line_set)
    boiler = [canon(b) for b in gold.get("boiler") or [] if canon(b)]
    out["boiler"] = None if not boiler else not any(ln == b or ln.startswith(b + " ") for b in boiler
                                                    for ln in lines)
    return out


def run_vnnews(html: str) -> dict[str, Any]:
    from ..extract import extract
    from ..model import Document
    from ..pipeline import Rejected

    try:
        doc = extract(Document(id="page", html=html))
    except Rejected:
        return {"text": "", "title": None, "published": None}
    return {"text": doc.text.replace("\n\n", "\n"), "title": doc.title, "published": doc.published}


def run_trafilatura(html: str) -> dict[str, Any]:
    from ..extract.html import _trafilatura, trafilatura_options

    try:
        res = _trafilatura().bare_extraction(html, **trafilatura_options())
    except Exception:
        res = None
    if res is not None and not isinstance(res, dict):
        res = res.as_dict()
    res = res or {}
    return {"text": res.get("text") or "", "title": res.get("title"), "published": res.get("date")}


def evaluate(which: str = "all") -> dict[str, Any]:
    pages: list[dict[str, Any]] = []
    if which in ("real", "all"):
        pages += load_real()
    if which in ("golden", "all"):
        pages += load_golden()
    rows = []
    for p in pages:
        html = p["path"].read_text(encoding="utf-8", errors="replace")
        ours = score(run_vnnews(html), p["gold"])
        traf = score(run_trafilatura(html), p["gold"])
        rows.append({"set": p["set"], "split": p["split"], "page": p["name"], "vnnews": ours,
                     "trafilatura": traf})
    return {"pages": rows, "summary": summarize(rows)}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(r["split"], []).append(r)
        if r["split"] != r["set"]:
            groups.setdefault(r["set"] + " (all)", []).append(r)
    out = {}
    for g, rs in sorted(groups.items()):
        s: dict[str, Any] = {"pages": len(rs)}
        for who in ("vnnews", "trafilatura"):
            checks = [r[who][k] for r in rs for k in CHECKS if r[who].get(k) is not None]
            s[who + "_checks"] = f"{sum(checks)}/{len(checks)}"
            s[who + "_pages_right"] = sum(all(r[who].get(k) is not False for k in CHECKS) for r in rs)
            # the same with the date judged by the day only (trafilatura alone gives days)
            s[who + "_pages_right_by_day"] = sum(
                all(r[who].get(k) is not False for k in CHECKS if k != "published")
                and r[who].get("published_day") is not False for r in rs)
        s["lost"] = [f"{r['page']}:{k}" for r in rs for k in CHECKS
                     if r["trafilatura"].get(k) is True and r["vnnews"].get(k) is False]
        s["won"] = [f"{r['page']}:{k}" for r in rs for k in CHECKS
                    if r["trafilatura"].get(k) is False and r["vnnews"].get(k) is True]
        s["share_right"] = round(s["vnnews_pages_right"] / len(rs), 3) if rs else 0.0
        out[g] = s
    return out


def format_table(res: dict[str, Any]) -> str:
    def mark(v: bool | None) -> str:
        return "." if v is None else "ok" if v else "XX"

    head = f"{'set':7s} {'split':7s} {'page':40s} " + " ".join(f"{c[:6]:>13s}" for c in CHECKS)
    lines = ["vnnews / trafilatura alone, per page and check (ok pass, XX fail, . no gold)", head]
    for r in res["pages"]:
        cells = " ".join(f"{mark(r['vnnews'][c]) + '/' + mark(r['trafilatura'][c]):>13s}" for c in CHECKS)
        lines.append(f"{r['set']:7s} {r['split']:7s} {r['page'][:40]:40s} {cells}")
    lines.append("")
    for g, s in res["summary"].items():
        lines.append(f"{g}: {s['pages']} pages; fully right vnnews {s['vnnews_pages_right']} "
                     f"({100 * s['share_right']:.0f} %), trafilatura {s['trafilatura_pages_right']} "
                     f"(date by the day: vnnews {s['vnnews_pages_right_by_day']}, "
                     f"trafilatura {s['trafilatura_pages_right_by_day']}); "
                     f"checks vnnews {s['vnnews_checks']}, trafilatura {s['trafilatura_checks']}; "
                     f"lost vs trafilatura: {', '.join(s['lost']) or 'none'}; "
                     f"won: {len(s['won'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", default="all", choices=("real", "golden", "all"))
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    res = evaluate(a.set)
    print(json.dumps(res, ensure_ascii=False, indent=1, default=str) if a.json else format_table(res))
    return 0


if __name__ == "__main__":
    main()  # always 0: the table is the result (no SystemExit outside cli.py)
