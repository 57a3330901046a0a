"""HTML extraction speed: our extract step against trafilatura alone, on the same pages.

Usage: ``python benchmarks/bench_html.py [--pages 200] [--rounds 5] [--out benchmarks/results/html.json]``

The pages are the HTML pages of the golden extraction set (``tests/data/golden/pages``)
and the real pages (``tests/data/real_pages/pages``), repeated with deterministic variations (paragraphs shuffled and repeated, numbers
changed, extra sidebar and related-link boxes) up to ``--pages``. In one process, after
a warm-up, the rounds alternate (a) ``trafilatura.bare_extraction`` with the options our
extractor passes it and (b) ``vnnews.extract.extract`` on a Document holding the HTML
(trafilatura + our pruning, lead and time recovery, normalisation and the line cleaner).
Each round is timed in CPU seconds of this process (``time.process_time``: both sides
are single-threaded, and CPU time is steadier than wall time on a shared machine). Each
side's figure is its median round; the ratio is (b) pages/s over (a) pages/s
(goal: at least 1/1.2 = 0.833, i.e. vnnews within 1.2x trafilatura's time; issue 17).
"""
from __future__ import annotations

import argparse
import json
import pathlib
import platform
import random
import re
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "golden" / "pages"
REAL_PAGES = ROOT / "tests" / "data" / "real_pages" / "pages"

SIDEBAR = ('<aside class="sidebar"><h3>Đọc nhiều</h3><ul>' + "".join(
    f'<li><a href="/tin-{i}.html">Tin đọc nhiều số {i} trong ngày hôm nay</a></li>' for i in range(8))
    + "</ul></aside>")
RELATED = ('<div class="box-tinlienquan"><h4>Tin liên quan</h4><ul><li><a href="/r1">Một tin liên quan</a></li>'
           '<li><a href="/r2">Một tin liên quan khác</a></li></ul></div>')


def variants(n: int, seed: int = 13) -> list[str]:
    base = [p.read_text(encoding="utf-8") for p in sorted(PAGES.glob("*.html")) + sorted(REAL_PAGES.glob("*.html"))]
    if not base:
        sys.exit(f"no HTML pages under {PAGES}")
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        html = base[i % len(base)]
        if i >= len(base):
            paras = re.findall(r"<p[ >].*?</p>", html, re.S)
            if len(paras) > 2:
                extra = rnd.sample(paras, k=min(len(paras), rnd.randint(1, 4)))
                html = html.replace(paras[-1], paras[-1] + "\n" + "\n".join(extra), 1)
            html = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rnd.randint(0, 9)) if len(m.group(0)) < 6
                          else m.group(0), html)
            if rnd.random() < 0.5:
                html = html.replace("</body>", SIDEBAR + "</body>", 1)
            if rnd.random() < 0.5:
                html = re.sub(r"(</p>)", r"\1" + RELATED, html, count=1)
        out.append(html)
    return out


def main(argv: list[str]) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "html.json"))
    a = ap.parse_args(argv)

    import trafilatura

    from vnnews.extract import extract
    from vnnews.extract.html import trafilatura_options
    from vnnews.model import Document
    from vnnews.pipeline import Rejected

    pages = variants(a.pages)
    options = trafilatura_options()

    def run_traf() -> int:
        ok = 0
        for h in pages:
            if trafilatura.bare_extraction(h, **options) is not None:
                ok += 1
        return ok

    def run_ours() -> int:
        ok = 0
        for i, h in enumerate(pages):
            try:
                extract(Document(id=str(i), html=h))
                ok += 1
            except Rejected:
                pass
        return ok

    run_traf(), run_ours()  # warm-up: imports, lazy tables, caches
    t_traf, t_ours = [], []
    for r in range(a.rounds):
        order = (("traf", run_traf), ("ours", run_ours)) if r % 2 == 0 else (("ours", run_ours),
                                                                               ("traf", run_traf))
        for name, fn in order:
            t0 = time.process_time()  # CPU time of this process: steadier than wall time on a
            fn()  # shared machine (both sides are single-threaded)
            (t_traf if name == "traf" else t_ours).append(time.process_time() - t0)
    traf_ps = len(pages) / statistics.median(t_traf)
    ours_ps = len(pages) / statistics.median(t_ours)
    res = {
        "pages": len(pages),
        "rounds": a.rounds,
        "trafilatura_pages_per_s": round(traf_ps, 1),
        "vnnews_pages_per_s": round(ours_ps, 1),
        "ratio": round(ours_ps / traf_ps, 3),
        "goal": 0.833,
        "trafilatura_seconds": [round(x, 3) for x in t_traf],
        "vnnews_seconds": [round(x, 3) for x in t_ours],
        "trafilatura_options": options,
        "python": platform.python_version(),
        "trafilatura": getattr(trafilatura, "__version__", "?"),
        "machine": platform.machine(),
        "command": "python benchmarks/bench_html.py " + " ".join(argv),
    }
    print(f"{len(pages)} pages, {a.rounds} alternating rounds (median)")
    print(f"trafilatura.bare_extraction alone: {traf_ps:8.1f} pages/s")
    print(f"vnnews extract (full HTML step):  {ours_ps:8.1f} pages/s")
    print(f"ratio: {ours_ps / traf_ps:.3f}x (goal >= 0.833: within 1.2x of trafilatura's time)")
    out = pathlib.Path(a.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written {out}")
    return res


if __name__ == "__main__":
    main(sys.argv[1:])
