"""Executors run the per-document stages over a batch (as datatrove's executors).

``local`` (default) runs them in this process, or in a process pool when
``workers`` > 1; results keep the input order, so every executor gives the same events.
"""
from __future__ import annotations

from typing import Callable, Iterator

from ..model import Document
from ..pipeline import Stats

Process = Callable[[Document, Stats], "Document | None"]


def _one(args: tuple[Process, Document]) -> tuple[Document | None, Stats]:
    fn, doc = args
    st = Stats()
    return fn(doc, st), st


def local(workers: int | None = None) -> Callable[[Process, list[Document], Stats], Iterator[Document | None]]:
    def run(fn: Process, docs: list[Document], stats: Stats) -> Iterator[Document | None]:
        if not workers or workers <= 1 or len(docs) < 8:
            for d in docs:
                yield fn(d, stats)
            return
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for out, st in pool.map(_one, [(fn, d) for d in docs], chunksize=8):
                stats.drops += st.drops
                stats.counts.update(st.counts)
                yield out

    return run


def get_executor(name: str = "local", workers: int | None = None, **options):
    if name == "local":
        return local(workers)
    raise SystemExit(f"unknown executor {name!r}: use --executor local")
