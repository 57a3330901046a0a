"""``vnnews ingest``'s progress display (rich): one line per stage with its count, rate
and time left.

Stages: ``read`` (items read from the inputs: articles and rejected lines), ``process``
(articles through extraction, language, sentences, facts), ``store`` (deduplicated,
clustered and stored), ``events`` (event cards built). The total of ``read`` comes from
a quick count of the inputs before the run (:func:`count_inputs`: lines of JSONL files,
one per other file; WARC files and compressed JSONL are not counted, so their stages run
without a total and show no time left); the later stages take as total what the earlier
one has let through so far, so their bars fill as the run goes.
"""
from __future__ import annotations

import gzip
import os
import time
from collections.abc import Iterable
from typing import Any

STAGES = ("read", "process", "store", "events")
LABELS = {"read": "read", "process": "process", "store": "cluster + store", "events": "event cards"}
_ONE_PER_FILE = (".txt", ".html", ".htm")
_LINES = (".jsonl", ".ndjson")


def _count_file(path: str) -> int | None:
    low = path.lower()
    if low.endswith(_ONE_PER_FILE):
        return 1
    if low.endswith(_LINES):
        n = 0
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                n += chunk.count(b"\n")
        return n
    if low.endswith(tuple(x + ".gz" for x in _LINES)):
        try:
            with gzip.open(path, "rb") as fh:
                return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
        except OSError:
            return None
    return None  # WARC and others: unknown


def count_inputs(paths: Iterable[str], max_files: int = 200_000) -> int | None:
    """How many items the inputs hold (None when some cannot be counted cheaply)."""
    total = 0
    seen = 0
    for p in paths:
        files = [p] if os.path.isfile(p) else [os.path.join(root, f) for root, _, fs in os.walk(p) for f in fs] \
            if os.path.isdir(p) else []
        for f in files:
            seen += 1
            if seen > max_files:
                return None
            try:
                n = _count_file(f)
            except OSError:
                n = 0
            if n is None:
                return None
            total += n
    return total


class IngestProgress:
    """Rich progress bars for the stages; ``on_item`` and ``on_progress`` are the
    callbacks :func:`vnnews.engine.ingest` takes. Disabled: a no-op."""

    def __init__(self, console: Any, total: int | None, enabled: bool = True) -> None:
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                                   TimeRemainingColumn)

        self.total = total
        self.enabled = enabled
        self.counts = {s: 0 for s in STAGES}
        self.dropped = 0
        self.started = time.monotonic()
        self.progress = Progress(
            TextColumn("{task.description:>16}"), BarColumn(bar_width=30), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>9}"), TextColumn("left"), TimeRemainingColumn(),
            TextColumn("{task.fields[note]}"), TimeElapsedColumn(),
            console=console, transient=False, disable=not enabled, refresh_per_second=4)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> "IngestProgress":
        self.progress.__enter__()
        for s in STAGES:
            self.tasks[s] = self.progress.add_task(LABELS[s], total=self.total if s == "read" else None,
                                                   rate="", note="")
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.enabled and self.tasks:  # the last counts, every bar closed
            for s in STAGES:
                self.progress.update(self.tasks[s], total=self.counts[s], completed=self.counts[s])
        self.progress.__exit__(*exc)

    def _rate(self, n: int) -> str:
        dt = time.monotonic() - self.started
        return f"{n / dt:6.1f}/s" if dt > 0 and n else ""

    def on_item(self, item: Any) -> None:
        from .model import Drop

        self.counts["read"] += 1
        if isinstance(item, Drop):
            self.dropped += 1
        self._update("read")

    def on_progress(self, stage: str, n: int = 1) -> None:
        if stage in self.counts:
            self.counts[stage] += n
            self._update(stage)

    def _update(self, stage: str) -> None:
        if not self.enabled:
            return
        n = self.counts[stage]
        note = f"{self.dropped} rejected" if stage == "read" and self.dropped else ""
        fields: dict[str, Any] = {"completed": n, "rate": self._rate(n), "note": note}
        if stage == "process":
            fields["total"] = max(self.counts["read"] - self.dropped, n)
        elif stage == "store":
            fields["total"] = max(self.counts["process"], n)
        elif stage == "events":
            fields["total"] = None
        self.progress.update(self.tasks[stage], **fields)


__all__ = ["IngestProgress", "count_inputs", "STAGES"]
