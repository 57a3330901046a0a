"""Ingest: bad inputs are reported with a reason and the rest goes on; re-ingest is a no-op."""
import json
import random
import subprocess
import sys

import vnnews

from .conftest import SEED_IDS, SEEDS

GOOD = {"id": "good-1", "title": "Hà Nội phát triển công nghiệp",
        "text": "Chiều 13/8, Bí thư Thành ủy Hà Nội Vương Đình Huệ đã chủ trì buổi làm việc với "
                "Bộ Công Thương về phát triển công nghiệp của Thủ đô trong giai đoạn tới.",
        "published": "2020-08-14"}


def test_bad_inputs_reported_rest_ingested(tmp_path, db):
    (tmp_path / "in").mkdir()
    lines = [json.dumps(GOOD, ensure_ascii=False), '{"id": "broken", "text": "Hà Nội',
             json.dumps({"title": "no id", "text": "Một bài không có mã số."}, ensure_ascii=False)]
    (tmp_path / "in" / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "binary.txt").write_bytes(random.Random(1).randbytes(50_000))
    (tmp_path / "in" / "seed.txt").write_bytes((SEEDS / f"{SEED_IDS[0]}.txt").read_bytes())
    res = vnnews.ingest([str(tmp_path / "in")], db=db)
    assert res.stored == 2, res.drops
    reasons = {(d.origin.split("/")[-1], d.reason) for d in res.drops}
    assert ("a.jsonl line 2", "malformed JSON") in reasons
    assert ("a.jsonl line 3", "missing id") in reasons
    assert ("empty.txt", "empty file") in reasons
    assert ("binary.txt", "binary content") in reasons
    ids = {a["id"] for a in vnnews.export(db=db, articles=True)}
    assert ids == {"good-1", "seed"}


def test_reingest_changes_nothing(seeds_dir, db):
    paths = [str(seeds_dir / f"{i}.txt") for i in SEED_IDS]
    first = vnnews.ingest(paths, db=db)
    cards1 = list(vnnews.export(db=db))
    arts1 = list(vnnews.export(db=db, articles=True))
    second = vnnews.ingest(paths, db=db)
    assert first.stored == 2 and second.stored == 0 and second.unchanged == 2
    assert list(vnnews.export(db=db)) == cards1
    assert list(vnnews.export(db=db, articles=True)) == arts1


def test_cli_exit_codes_and_reasons(tmp_path, db):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "x.jsonl").write_text('{"id": 1, "text": \n', encoding="utf-8")
    exe = [sys.executable, "-m", "vnnews.cli"]
    r = subprocess.run(exe + ["ingest", str(bad), "--db", db], capture_output=True, text=True)
    assert r.returncode == 1
    assert "empty.txt" in r.stderr and "empty file" in r.stderr
    assert "x.jsonl line 1" in r.stderr and "malformed JSON" in r.stderr
    assert "Traceback" not in r.stderr
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(GOOD, ensure_ascii=False) + "\n", encoding="utf-8")
    r = subprocess.run(exe + ["ingest", str(bad), str(good), "--db", db], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "1 stored" in r.stderr
