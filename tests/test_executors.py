"""Executors: local (one process or a pool) and Ray give the same articles and events.

The Ray tests start a local Ray instance (2 CPUs, no dashboard) once for the module
and skip with the reason when ``ray[data]`` is not installed (``pip install "vnnews[ray]"``).
"""
from __future__ import annotations

import sys
import time

import pytest

import vnnews
from vnnews.executors import get_executor
from vnnews.model import Document
from vnnews.pipeline import Stats

from .conftest import DATA, SEED_IDS, SEEDS

VMDS = str(DATA / "vmds" / "articles.jsonl")


def _drop_odd(doc: Document, stats: Stats) -> Document | None:
    """A per-document function for the executor unit tests (module level: it pickles)."""
    n = int(doc.id.split("-")[1])
    if n % 2:
        stats.drop(doc.origin, "odd")
        return None
    doc.text = doc.text.upper()
    return doc


def _runaway(doc: Document) -> Document:
    if doc.id == "d-3":
        end = time.monotonic() + 30  # a runaway step (bounded: a broken limit fails the test, not hangs)
        while time.monotonic() < end:
            pass
    return doc


def _docs(n: int) -> list[Document]:
    return [Document(id=f"d-{i}", text=f"bài số {i}", origin=f"mem:{i}") for i in range(n)]


def _ingest(src: list[str], db: str, **kw) -> tuple[dict, dict]:
    res = vnnews.ingest(src, db=db, **kw)
    assert res.stored > 0, res.drops
    cards = {c["id"]: c for c in vnnews.export(db=db)}
    arts = {a["id"]: a for a in vnnews.export(db=db, articles=True)}
    return cards, arts


def test_unknown_executor_is_refused():
    from vnnews.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown executor"):
        get_executor("spark")


def test_ray_missing_gives_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    monkeypatch.delitem(sys.modules, "vnnews.executors.ray", raising=False)
    with pytest.raises(ImportError, match=r'pip install "vnnews\[ray\]"'):
        get_executor("ray")


@pytest.mark.parametrize("workers", [1, 2])
def test_local_executor_keeps_order_and_counts_drops(workers):
    stats = Stats()
    out = list(get_executor("local", workers=workers)(_drop_odd, _docs(41), stats))
    assert len(out) == 41
    assert [d.id if d else None for d in out] == [f"d-{i}" if i % 2 == 0 else None for i in range(41)]
    assert all(d.text == d.text.upper() for d in out if d)
    assert [d.origin for d in stats.drops] == [f"mem:{i}" for i in range(1, 41, 2)]
    assert stats.counts["dropped: odd"] == 20


def test_local_pool_same_events_as_one_process(tmp_path):
    src = [str(SEEDS / f"{i}.txt") for i in SEED_IDS] + [str(tmp_path / "v.jsonl")]
    lines = (DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    (tmp_path / "v.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = _ingest(src, str(tmp_path / "one.db"))
    pool = _ingest(src, str(tmp_path / "pool.db"), workers=2)
    assert pool == one


# ------------------------------------------------------------------------------ Ray
@pytest.fixture(scope="module")
def ray_local():
    pytest.importorskip("ray", reason='ray is not installed (pip install "vnnews[ray]")')
    pytest.importorskip("ray.data", reason='Ray Data is not installed (pip install "ray[data]>=2.30")')
    from vnnews.executors.ray import ensure_ray

    ray = ensure_ray(num_cpus=2)
    yield ray
    ray.shutdown()


def test_ray_executor_keeps_order_and_counts_drops(ray_local):
    stats = Stats()
    out = list(get_executor("ray", chunk_size=4)(_drop_odd, _docs(23), stats))
    assert [d.id if d else None for d in out] == [f"d-{i}" if i % 2 == 0 else None for i in range(23)]
    assert [d.origin for d in stats.drops] == [f"mem:{i}" for i in range(1, 23, 2)]


def test_ray_time_limit_drops_a_runaway_document(ray_local):
    """The per-document time limit holds in Ray's workers (whichever thread runs the task):
    the runaway document is dropped with R403, the batch goes on."""
    from vnnews.errors import E
    from vnnews.pipeline import Map, Pipeline
    from vnnews.settings import Limits, Settings

    pipe = Pipeline([Map(_runaway, "runaway", requires={"input"})],
                    Settings(limits=Limits(seconds_per_document=0.5)))
    stats = Stats()
    t0 = time.monotonic()
    out = list(get_executor("ray", chunk_size=2)(pipe, _docs(6), stats))
    assert time.monotonic() - t0 < 25
    assert [d.id if d else None for d in out] == ["d-0", "d-1", "d-2", None, "d-4", "d-5"]
    assert [(d.origin, d.code) for d in stats.drops] == [("mem:3", E.TIME_LIMIT.code)]


def test_ray_seeds_same_card_as_local(ray_local, tmp_path):
    src = [str(SEEDS / f"{i}.txt") for i in SEED_IDS]
    local = _ingest(src, str(tmp_path / "local.db"))
    ray = _ingest(src, str(tmp_path / "ray.db"), executor="ray")
    assert len(local[0]) == 1
    assert ray == local


@pytest.mark.slow
def test_ray_same_events_as_local_on_vmds(ray_local, tmp_path):
    """All 628 VMDS articles: local (one process) and Ray give the same articles and
    the same event cards (the local pool is compared on a VMDS subset above)."""
    local = _ingest([VMDS], str(tmp_path / "local.db"))
    assert len(local[1]) == 628
    ray = _ingest([VMDS], str(tmp_path / "ray.db"), executor="ray")
    assert set(ray[0]) == set(local[0])
    assert ray[1] == local[1]
    assert ray[0] == local[0]


def test_auto_workers_uses_idle_cpus(monkeypatch):
    """``vnnews ingest`` without --workers: one process per idle CPU (CPUs less the load
    average), at least 1, at most executor.max_auto_workers; a set number is kept."""
    import os

    from vnnews.executors import auto_workers
    from vnnews.settings import ExecutorSettings, Settings

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    for load, want in ((0.1, 4), (5.2, 3), (7.6, 1), (30.0, 1)):
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, load, load))
        assert auto_workers() == want, load
    assert auto_workers(Settings(executor=ExecutorSettings(max_auto_workers=8))) == 1
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert auto_workers(Settings(executor=ExecutorSettings(max_auto_workers=8))) == 8
    assert auto_workers(Settings(executor=ExecutorSettings(workers=3))) == 3
