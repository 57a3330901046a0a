"""``vnnews ingest`` progress: the engine reports each stage (process, store, events) as
it goes; the inputs are counted first for a total (lines of JSONL, one per page file;
none for WARC); the display shows stages, counts, rate and time left."""
from __future__ import annotations

import gzip
import io
import json

from rich.console import Console

import vnnews
from vnnews.progress import IngestProgress, count_inputs

from .conftest import ROOT, SEED_IDS, SEEDS


def test_count_inputs(tmp_path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "1"}\n{"id": "2"}\n{"id": "3"}\n', encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write('{"id": "4"}\n{"id": "5"}\n')
    sub = tmp_path / "pages"
    sub.mkdir()
    (sub / "x.txt").write_text("x", encoding="utf-8")
    (sub / "y.html").write_text("<p>y</p>", encoding="utf-8")
    assert count_inputs([str(tmp_path / "a.jsonl")]) == 3
    assert count_inputs([str(tmp_path)]) == 7
    assert count_inputs([str(ROOT / "tests" / "data" / "vmds" / "articles.jsonl")]) == 628
    (tmp_path / "c.warc.gz").write_bytes(b"")
    assert count_inputs([str(tmp_path)]) is None  # a WARC: no total, no time left


def test_engine_reports_each_stage(db: str) -> None:
    seen: dict[str, int] = {}
    items: list[object] = []

    def on_progress(stage: str, n: int = 1) -> None:
        seen[stage] = seen.get(stage, 0) + n

    res = vnnews.engine.ingest([str(SEEDS)], db=db, on_item=items.append, on_progress=on_progress)
    assert res.stored == len(SEED_IDS) and len(items) == len(SEED_IDS)
    assert seen == {"process": 2, "store": 2, "events": 1}
    again: dict[str, int] = {}
    vnnews.engine.ingest([str(SEEDS)], db=db, on_progress=lambda s, n=1: again.update({s: again.get(s, 0) + n}))
    assert again == {}  # nothing changed: nothing processed


def test_display_shows_stages_counts_rate_and_time_left(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    with open(ROOT / "tests" / "data" / "vmds" / "articles.jsonl", encoding="utf-8") as src:
        lines = [next(src) for _ in range(6)]
    path.write_text("".join(lines) + "not json\n", encoding="utf-8")
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=150, color_system=None)
    progress = IngestProgress(console, count_inputs([str(path)]), enabled=True)
    with progress:
        res = vnnews.engine.ingest([str(path)], db=str(tmp_path / "p.db"), on_item=progress.on_item,
                                   on_progress=progress.on_progress)
    text = out.getvalue()
    assert res.stored == 6
    for label in ("read", "process", "cluster + store", "event cards"):
        assert label in text, label
    assert "7/7" in text and "6/6" in text and "/s" in text and "left" in text and "1 rejected" in text
    assert progress.counts["read"] == 7 and progress.counts["process"] == 6 and progress.counts["store"] == 6
    assert progress.counts["events"] >= 1
    json.dumps(progress.counts)
