"""Replay of the clusterer over stored documents, for tuning and experiments
(``tools/tune_cluster.py``, ``tools/cluster_experiments.py``): the documents are
re-clustered in memory in ingest order, with a given configuration or scorer
(:class:`vnnews.cluster.Clusterer` takes one), as ingest clusters them.
"""
from __future__ import annotations

import json
import pathlib
import tempfile

from .. import cluster as C
from ..store import open_store
from ..store.sqlite import SqliteStore

VMDS = pathlib.Path(__file__).resolve().parents[3] / "tests" / "data" / "vmds" / "articles.jsonl"


def load(db: str | None, gold_path: pathlib.Path = VMDS, field: str = "cluster"):
    """Gold labels of ``gold_path`` and the documents of ``db`` (without ``db``: the gold
    file ingested into a temporary database) in the order ingest clusters them."""
    rows = [json.loads(line) for line in pathlib.Path(gold_path).read_text(encoding="utf-8").splitlines()]
    gold = {o["id"]: o[field] for o in rows}
    if db is None:
        from vnnews.engine import ingest
        db = str(pathlib.Path(tempfile.mkdtemp(prefix="vnnews-exp-")) / "vmds.db")
        ingest([str(gold_path)], db=db)
    st = open_store(db)
    docs = sorted(st.documents(st.article_ids()), key=C.ingest_order)
    return gold, docs


class Replay:
    """Re-cluster the documents in memory with a given scorer."""

    def __init__(self, docs, gold):
        self.docs, self.gold = docs, gold
        self.feats = {d.id: C.features(d) for d in docs}
        self.by_title = {id(self.feats[d.id].title_vec): d for d in docs}

    def run(self, cfg=None, score=None, clusterer=None, refine=True) -> dict[str, str]:
        mem = SqliteStore(":memory:")
        cl = clusterer(mem) if clusterer else C.Clusterer(mem, cfg or C.ClusterConfig(), scorer=score)
        with mem.transaction():
            for d in self.docs:
                mem.db.execute("INSERT INTO articles (id, content_hash, text) VALUES (?, '', '')", (d.id,))
                mem.set_event(d.id, cl.assign(d, self.feats[d.id]))
            if refine:
                cl.refine({r[0] for r in mem.db.execute("SELECT DISTINCT event_id FROM articles")})
        return dict(mem.db.execute("SELECT id, event_id FROM articles"))


__all__ = ["Replay", "load"]
