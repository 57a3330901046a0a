"""Legal and official document references (vnnews.facts.documents): forms, issuers,
resolution across articles, the seed card, search by number, and the precision of the
hand check in tests/data/legal_refs/check.jsonl."""
from __future__ import annotations

import json

import pytest

import vnnews
from vnnews.facts.doc import Doc
from vnnews.facts.documents import find_documents, resolve_documents
from vnnews.facts.orgs import find_orgs
from vnnews.model import Facts

from .conftest import DATA, SEED_IDS


def refs(text: str, doc_id: str = "a") -> list[tuple]:
    doc = Doc.of(text, doc_id)
    found = find_documents(text, doc_id, [(o.start, o.end, o.name) for o in find_orgs(doc)])
    for r in found:
        assert text[r.start:r.end] == r.text and r.sources == [doc_id]
    return [(r.text, r.kind, r.number, r.issuer) for r in found]


@pytest.mark.parametrize("text, want", [
    ("Chính phủ ban hành Nghị định số 357/2025/NĐ-CP quy định về phí.",
     [("Nghị định số 357/2025/NĐ-CP", "Nghị định", "357/2025/NĐ-CP", "Chính phủ")]),
    ("Thực hiện Nghị quyết 50 của Bộ Chính trị về thu hút đầu tư.",
     [("Nghị quyết 50 của Bộ Chính trị", "Nghị quyết", "50", "Bộ Chính trị")]),
    ("Nghị quyết 36 – NQ/TW của Bộ Chính trị đưa ra định hướng.",
     [("Nghị quyết 36 – NQ/TW của Bộ Chính trị", "Nghị quyết", "36-NQ/TW", "Bộ Chính trị")]),
    ("theo Quyết định số 70/2014/QĐ –TTg ngày 10 tháng 12 năm 2014 của Thủ tướng Chính phủ.",
     [("Quyết định số 70/2014/QĐ –TTg ngày 10 tháng 12 năm 2014 của Thủ tướng Chính phủ", "Quyết định",
       "70/2014/QĐ-TTg", "Thủ tướng Chính phủ")]),
    ("theo nghị định số 84/2009/NĐ-CP và Thông tư 30.",
     [("nghị định số 84/2009/NĐ-CP", "Nghị định", "84/2009/NĐ-CP", "Chính phủ"),
      ("Thông tư 30", "Thông tư", "30", None)]),
    ("Nghị quyết 43/2022/QH15 về chính sách tài khóa.",
     [("Nghị quyết 43/2022/QH15", "Nghị quyết", "43/2022/QH15", "Quốc hội")]),
    ("Luật Đất đai sửa đổi được thông qua; Luật Báo chí 2016 có hiệu lực; Hiến pháp năm 2013 quy định.",
     [("Luật Đất đai sửa đổi", "Luật", None, None), ("Luật Báo chí 2016", "Luật", None, None),
      ("Hiến pháp năm 2013", "Hiến pháp", None, None)]),
    ("Thông tư 66 - Hướng dẫn về nội dung chi.", [("Thông tư 66", "Thông tư", "66", None)]),
])
def test_forms(text: str, want: list[tuple]) -> None:
    assert refs(text) == want


@pytest.mark.parametrize("text", [
    "Hội đồng đã quyết định 5 người được khen thưởng.",  # the verb
    "Luật 10 năm qua không đổi.", "Nghị quyết 2 năm trước.",  # quantities
    "Sinh viên Đại học Luật Hà Nội làm bài thi.",  # a school
    "Bộ luật Hình sự Sharia sẽ có hiệu lực ở Brunei.",  # another law than the one named so
    "Kế hoạch 5 năm của tỉnh.", "Thông báo 3 lần.",  # kinds that need "số" or a code
    "Vi phạm pháp luật, ông luật sư nói.",
])
def test_not_references(text: str) -> None:
    assert refs(text) == []


def test_resolved_across_articles() -> None:
    a = find_documents("Theo Nghị quyết 50, ...", "a")
    tb = "Nghị quyết số 50-NQ/TW ngày 20/8/2019 của Bộ Chính trị ..."
    b = find_documents(tb, "b", [(tb.index("Bộ"), tb.index(" ..."), "Bộ Chính trị")])
    c = find_documents("Thông tư 30/2014/TT-BGDĐT và Thông tư 30/2011/TT-BTC; Thông tư 30 ...", "c")
    out = resolve_documents({"a": Facts(documents=a), "b": Facts(documents=b), "c": Facts(documents=c)})
    nq = [d for d in out if d.kind == "Nghị quyết"]
    assert len(nq) == 1 and nq[0].number == "50-NQ/TW" and nq[0].issuer == "Bộ Chính trị"
    assert nq[0].sources == ["a", "b"] and nq[0].date == "2019-08-20"
    tt = [d for d in out if d.kind == "Thông tư"]
    assert sorted(d.number for d in tt) == ["30/2011/TT-BTC", "30/2014/TT-BGDĐT"]  # two documents
    assert all(d.sources == ["c"] for d in tt)


def test_on_the_seed_card_and_searchable_by_number(seed_card: dict, seed_db: str) -> None:
    docs = seed_card["documents"]
    assert {"text": "Nghị quyết 50 của Bộ Chính trị", "kind": "Nghị quyết", "number": "50",
            "issuer": "Bộ Chính trị", "sources": [SEED_IDS[0]]} in docs
    hits = vnnews.search("Nghị quyết 50", db=seed_db)
    assert SEED_IDS[0] in [h["id"] for h in hits]


def test_searchable_by_code(tmp_path) -> None:
    db = str(tmp_path / "n.db")
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "nd", "title": "Phí trước bạ", "published": "2025-12-30", "text":
                               "Chính phủ vừa ban hành Nghị định số 357/2025/NĐ-CP quy định mức thu lệ phí "
                               "trước bạ đối với ô tô, xe máy, có hiệu lực từ ngày 1/1/2026."},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    assert vnnews.ingest([str(src)], db=db).stored == 1
    (card,) = vnnews.export(db=db)
    assert [d["number"] for d in card["documents"]] == ["357/2025/NĐ-CP"]
    assert [h["id"] for h in vnnews.search("357/2025/NĐ-CP", db=db)] == ["nd"]
    assert [h["id"] for h in vnnews.search("357/2025/nđ-cp", db=db)] == ["nd"]
    assert vnnews.search("358/2025/NĐ-CP", db=db) == []


def test_hand_checked_precision() -> None:
    """Precision of the 30 hand-checked references (tests/data/legal_refs/README.md)."""
    items = [json.loads(x) for x in (DATA / "legal_refs" / "check.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(items) == 30
    for it in items:  # the judged output is still what the extractor gives
        doc = Doc.of(it["excerpt"], it["article"])
        found = find_documents(it["excerpt"], it["article"], [(o.start, o.end, o.name) for o in find_orgs(doc)])
        got = [(r.text, r.kind, r.number, r.issuer) for r in found if r.start == it["start"]]
        assert got == [(it["text"], it["kind"], it["number"], it["issuer"])], (it["article"], got)
    precision = sum(it["correct"] for it in items) / len(items)
    assert precision >= 0.95, precision


def test_shown_on_the_event_page_and_in_show(seed_card: dict, seed_db: str) -> None:
    import os
    import subprocess
    import sys
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from vnnews.api import create_app

    with TestClient(create_app(seed_db)) as client:
        html = client.get("/events/" + quote(seed_card["id"], safe="")).text
    assert 'class="documents"' in html and "Nghị quyết 50 của Bộ Chính trị" in html
    r = subprocess.run([sys.executable, "-m", "vnnews.cli", "show", seed_card["id"], "--db", seed_db],
                       capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert r.returncode == 0, r.stderr
    assert "Văn bản được nhắc đến" in r.stdout and "Nghị quyết 50 của Bộ Chính trị" in r.stdout
