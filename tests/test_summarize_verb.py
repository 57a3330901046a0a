"""`vnnews summarize FILE --group-by FIELD`: one sourced summary per group (INTERFACE.md)."""
import json
import subprocess
import sys
from collections import defaultdict

from .conftest import DATA

VMDS = DATA / "vmds" / "articles.jsonl"


def test_summarize_all_vmds_clusters(tmp_path):
    out = tmp_path / "s.jsonl"
    r = subprocess.run([sys.executable, "-m", "vnnews.cli", "summarize", str(VMDS), "--group-by", "cluster",
                        "--max-words", "120", "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    members = defaultdict(set)
    for line in VMDS.read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        members[a["cluster"]].add(a["id"])
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {r["group"] for r in rows} == set(members) and len(rows) == 199
    for row in rows:
        assert row["summary"], row["group"]
        assert sum(len(s["text"].split()) for s in row["summary"]) <= 120
        for s in row["summary"]:
            assert s["sources"] and set(s["sources"]) <= members[row["group"]]
