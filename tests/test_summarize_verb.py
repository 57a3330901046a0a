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


def test_summary_settings_reach_the_verb(tmp_path):
    """`vnnews --config` parameters (section summary) are those `vnnews summarize` runs."""
    lead = "Chiều 13/8, Bí thư Thành ủy Hà Nội đã chủ trì buổi làm việc với Bộ Công Thương về công nghiệp."
    arts = tmp_path / "a.jsonl"
    arts.write_text("\n".join(json.dumps({"id": i, "g": "x", "text": lead + " Câu thứ hai của bài báo số " + i + "."},
                                         ensure_ascii=False) for i in ("1", "2")), encoding="utf-8")
    cfg = tmp_path / "c.toml"
    cfg.write_text("[summary.params]\ncite_cover = 1.01\n", encoding="utf-8")  # nothing is cited twice

    def sources(*config):
        r = subprocess.run([sys.executable, "-m", "vnnews.cli", *config, "summarize", str(arts), "--group-by", "g"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        (row,) = [json.loads(x) for x in r.stdout.splitlines()]
        return [s["sources"] for s in row["summary"] if s["text"] == lead]

    assert sources() == [["1", "2"]]
    assert sources("--config", str(cfg)) == [["1"]]
