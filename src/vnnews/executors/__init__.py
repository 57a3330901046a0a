"""Executors run the per-document stages over a batch (as datatrove's executors).

An executor is ``run(fn, docs, stats) -> iterator of Document | None``, one result per
input document, in input order, the drops, notes and step counts of ``fn`` merged into
``stats``; ``fn`` is the :class:`vnnews.pipeline.Pipeline` built by the engine. Because the
per-document stages are deterministic and the results keep the input order, every
executor gives the same events: dedup, clustering and event cards run afterwards in
the engine, sequentially, in one deterministic order.

- ``local`` (default): in this process, or in a process pool when ``workers`` > 1.
- ``ray``: Ray Data maps the stages over the batch on a Ray cluster (``ray_address``),
  or on a local Ray instance (``pip install "vnnews[ray]"``); see :mod:`.ray`.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from ..model import Document
from ..pipeline import Stats

Process = Callable[[Document, Stats], "Document | None"]
Run = Callable[[Process, list[Document], Stats], Iterator["Document | None"]]


def _chunk(args: tuple[Process, list[Document]]) -> list[tuple[Document | None, Stats]]:
    fn, docs = args
    out = []
    for d in docs:
        st = Stats()
        out.append((fn(d, st), st))
    return out


def local(workers: int | None = None, chunk_size: int = 8) -> Run:
    """In this process; with ``workers`` > 1, a pool of that many processes (the first
    document runs here first, so forked workers start with the models loaded)."""
    def run(fn: Process, docs: list[Document], stats: Stats) -> Iterator[Document | None]:
        if not workers or workers <= 1 or len(docs) < 2 * chunk_size:
            for d in docs:
                yield fn(d, stats)
            return
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        yield fn(docs[0], stats)  # warm-up in the parent (lazy models, caches)
        rest = docs[1:]
        chunks = [(fn, rest[i:i + chunk_size]) for i in range(0, len(rest), chunk_size)]
        ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for results in pool.map(_chunk, chunks):
                for out, st in results:
                    stats.merge(st)
                    yield out

    return run


def auto_workers(settings: Any = None) -> int:
    """Processes for the local executor from the settings (``executor.workers``; 0: one per
    idle CPU, i.e. the usable CPUs less the 1-minute load average, rounded, at least 1 and
    at most ``executor.max_auto_workers``). On a machine busy with other work a pool
    only adds the cost of shipping documents to it (measured: +20 % CPU, no faster), so
    it is used where CPUs are idle."""
    import os

    from ..settings import DEFAULT

    cfg = (settings or DEFAULT).executor
    if cfg.workers > 0:
        return cfg.workers
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    idle = float(cpus)
    try:
        idle -= os.getloadavg()[0]
    except (AttributeError, OSError):
        pass
    return max(1, min(int(idle + 0.5), cpus, cfg.max_auto_workers))


def get_executor(name: str = "local", workers: int | None = None, settings: Any = None, **options: Any) -> Run:
    """The executor called ``name`` (``local`` or ``ray``) with its options
    (``ray``: ``ray_address``, ``num_cpus``, ``chunk_size``; ``settings``: the run's
    Settings, section ``executor``)."""
    name = (name or "local").lower()
    if name == "local":
        return local(workers)
    if name == "ray":
        from .ray import ray_executor

        if settings is not None:
            options.setdefault("object_store_bytes", settings.executor.ray_object_store_bytes)
        return ray_executor(workers=workers, **options)
    from ..errors import E, ConfigError

    raise ConfigError(E.UNKNOWN_EXECUTOR, f"unknown executor {name!r}: use --executor local or --executor ray")
