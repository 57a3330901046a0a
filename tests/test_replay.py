"""vnnews.eval.replay: the tuning tools' replay of the clusterer, with an injected scorer
(Clusterer(scorer=...)) instead of a monkeypatched module function."""
from __future__ import annotations

from vnnews import cluster as C
from vnnews.eval.bcubed import bcubed
from vnnews.eval.replay import Replay, load

from .conftest import DATA


def test_replay_with_injected_scorers(tmp_path) -> None:
    src = tmp_path / "v.jsonl"
    src.write_text("\n".join((DATA / "vmds" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[:40]) + "\n",
                   encoding="utf-8")
    gold, docs = load(None, src)
    rp = Replay(docs, gold)
    shipped = rp.run()
    assert shipped == rp.run(score=lambda f, st, cfg: C.score(f, st, cfg))  # the default is the shipped scorer
    assert len(set(rp.run(score=lambda f, st, cfg: 0.0, refine=False).values())) == len(docs)  # nothing joins
    # ... until the batch-end rejoin merges the events of one happening (Clusterer.rejoin)
    assert len(set(rp.run(score=lambda f, st, cfg: 0.0).values())) < len(docs)
    assert len(set(rp.run(C.ClusterConfig(rejoin=0), score=lambda f, st, cfg: 0.0).values())) == len(docs)
    assert len(set(rp.run(score=lambda f, st, cfg: 9.9, refine=False).values())) < len(set(shipped.values()))
    p, r, f1 = bcubed({d: shipped[d] for d in gold if d in shipped}, {d: gold[d] for d in gold if d in shipped})
    assert f1 > 0.8, (p, r, f1)
