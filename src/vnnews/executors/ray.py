"""Ray executor: the per-document stages of a batch mapped by Ray Data.

``pip install "vnnews[ray]"``, then ``vnnews ingest … --executor ray`` (a local Ray
instance, started on first use) or ``--executor ray --ray-address ray://host:10001``
(or ``auto``, or ``host:6379``) for an existing cluster, whose workers must have
vnnews installed in the same version.

What runs where: the driver (this process) reads the inputs and cuts them into batches;
Ray Data maps the ingest pipeline (:func:`vnnews.pipeline.build_pipeline`: extract,
check, language, sentences, facts) over each batch in chunks on the cluster's workers; the results come back in
input order with their counted drops. Dedup, clustering and event cards stay in the
driver, inside one store transaction per batch, in the same deterministic order as
with the local executor: so both executors give the same events. (Clustering is the
sequential, index-driven step; partitioning it by date window across machines is
future work.)
"""
from __future__ import annotations

import logging
import os
import pickle
from typing import Any, Callable, Iterator

from ..model import Document
from ..pipeline import Stats

Process = Callable[[Document, Stats], "Document | None"]

INSTALL_HINT = ('the ray executor needs Ray Data: pip install "vnnews[ray]" '
                '(or pip install "ray[data]>=2.30"), or use --executor local')


def import_ray():
    """``ray`` and ``ray.data``, or :class:`vnnews.errors.MissingDependency` (an
    ``ImportError``) with the install hint."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as e:
        from ..errors import MissingDependency

        raise MissingDependency("the ray executor", f"{INSTALL_HINT} ({e})") from None
    return ray


def _quiet() -> None:
    for name in ("ray", "ray.data", "ray._private", "ray.data._internal"):
        logging.getLogger(name).setLevel(logging.ERROR)


def ensure_ray(address: str | None = None, num_cpus: int | None = None, object_store_bytes: int | None = None) -> Any:
    """Connect to the Ray cluster at ``address``, or start a quiet local instance
    (``num_cpus`` CPUs, default min(2, cpu count); ``object_store_bytes`` of shared
    memory, default settings ``executor.ray_object_store_bytes``); reuse one already
    connected."""
    ray = import_ray()
    if not ray.is_initialized():
        _quiet()
        common = dict(include_dashboard=False, logging_level=logging.ERROR, log_to_driver=False,
                      configure_logging=True)
        if address:
            ray.init(address=address, **common)
        else:
            if object_store_bytes is None:
                from ..settings import DEFAULT

                object_store_bytes = DEFAULT.executor.ray_object_store_bytes
            ray.init(num_cpus=num_cpus or min(2, os.cpu_count() or 1),
                     object_store_memory=object_store_bytes, **common)
        _quiet()
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    for opt in ("enable_operator_progress_bars", "print_on_execution_start", "enable_auto_log_stats"):
        if hasattr(ctx, opt):
            setattr(ctx, opt, False)
    return ray


def _apply_batch(batch: dict, fn: Process) -> dict:
    """One Ray Data batch: {"i", "doc"} (pickled Documents) -> {"i", "out"} (pickled
    ``(Document | None, Stats)``)."""
    idx = [int(i) for i in batch["i"]]
    outs = []
    for blob in batch["doc"]:
        st = Stats()
        doc = pickle.loads(blob)
        outs.append(pickle.dumps((fn(doc, st), st), protocol=pickle.HIGHEST_PROTOCOL))
    import numpy as np

    out = np.empty(len(outs), dtype=object)
    out[:] = outs
    return {"i": np.asarray(idx, dtype=np.int64), "out": out}


def ray_executor(workers: int | None = None, ray_address: str | None = None, address: str | None = None,
                 num_cpus: int | None = None, chunk_size: int = 16, object_store_bytes: int | None = None,
                 **_: Any
                 ) -> Callable[[Process, list[Document], Stats], Iterator[Document | None]]:
    """``run(fn, docs, stats)`` mapping ``fn`` over ``docs`` with Ray Data, results in input
    order. ``workers`` > 1: at most that many concurrent map tasks (default: as many as the
    cluster's CPUs allow);
    ``chunk_size``: documents per task."""
    import_ray()  # fail early, with the install hint
    address = ray_address or address

    def run(fn: Process, docs: list[Document], stats: Stats) -> Iterator[Document | None]:
        if not docs:
            return
        ray = ensure_ray(address, num_cpus, object_store_bytes)
        from functools import partial

        items = [{"i": i, "doc": pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL)} for i, d in enumerate(docs)]
        n_blocks = max(1, min(len(items), -(-len(items) // chunk_size)))
        ds = ray.data.from_items(items, override_num_blocks=n_blocks)
        kw: dict[str, Any] = {"batch_size": chunk_size, "batch_format": "numpy"}
        if workers and workers > 1:  # (the CLI's default --workers 1 means "not capped")
            kw["concurrency"] = workers
        ds = ds.map_batches(partial(_apply_batch, fn=fn), **kw)
        results: list[Any] = [None] * len(docs)
        for row in ds.iter_rows():
            results[int(row["i"])] = row["out"]
        for i, blob in enumerate(results):
            if blob is None:  # a lost row: run it here rather than lose the document
                yield fn(docs[i], stats)
                continue
            out, st = pickle.loads(blob)
            stats.merge(st)
            yield out

    return run
