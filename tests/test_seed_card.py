"""The two seeds become exactly one correct, sourced event card (issue 3 acceptance)."""
import json
import subprocess
import sys
import unicodedata

from .conftest import SEED_IDS

PEOPLE = ["Vương Đình Huệ", "Trần Tuấn Anh", "Trần Quốc Khánh", "Đỗ Thắng Hải", "Ngô Thị Thanh Hằng"]
BOILER = ["Cùng chuyên mục", "Bình luận", "Chia sẻ", "Tags:", "Sống khỏe", "OCOP", "Quảng Ngãi",
          "livestream", "22.07.2020", "Theo NGUYÊN TRANG"]


def test_one_event_both_articles(seed_card):
    assert {a["id"] for a in seed_card["articles"]} == set(SEED_IDS)


def test_event_date_is_when_it_happened(seed_card):
    assert seed_card["date"] == "2020-08-13"


def test_place_and_outlets(seed_card):
    assert "Hà Nội" in seed_card["places"]
    sources = {a["id"]: a["source"] for a in seed_card["articles"]}
    assert sources == {SEED_IDS[0]: "Tổ Quốc", SEED_IDS[1]: "DNTH"}


def test_people(seed_card):
    names = {p["name"] for p in seed_card["people"]}
    assert set(PEOPLE) <= names


def test_summary_sourced_short_clean(seed_card):
    summ = seed_card["summary"]
    assert summ
    assert sum(len(s["text"].split()) for s in summ) <= 250
    cited = set()
    for s in summ:
        assert s["sources"] and set(s["sources"]) <= set(SEED_IDS)
        cited |= set(s["sources"])
        for b in BOILER:
            assert b not in s["text"]
    assert cited == set(SEED_IDS)


def test_all_sources_valid_and_nfc(seed_card):
    ids = set(SEED_IDS)
    for part in ("summary", "quotes", "figures", "people"):
        for item in seed_card[part]:
            assert item["sources"] and set(item["sources"]) <= ids, (part, item)

    def strings(o):
        if isinstance(o, str):
            yield o
        elif isinstance(o, dict):
            for v in o.values():
                yield from strings(v)
        elif isinstance(o, list):
            for v in o:
                yield from strings(v)

    assert all(unicodedata.is_normalized("NFC", s) for s in strings(seed_card))


def validate_event(ev: dict) -> list[str]:
    """Problems of one exported event against the event schema (vnnews.schema.EventCard)."""
    from vnnews.schema import card_problems

    return card_problems(ev)


def test_cli_export_matches_schema(seed_db, tmp_path):
    out = tmp_path / "events.jsonl"
    r = subprocess.run([sys.executable, "-m", "vnnews.cli", "export", "--db", seed_db, "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    ev = json.loads(lines[0])
    assert validate_event(ev) == []


def test_schema_validator_catches_errors(seed_card):
    bad = json.loads(json.dumps(seed_card))
    bad["summary"][0]["sources"] = ["not-an-article"]
    bad["date"] = "13/8"
    errs = validate_event(bad)
    assert any("sources" in e for e in errs) and any("date" in e for e in errs), errs
    bad["places"] = "Hà Nội"
    bad["unknown_field"] = 1
    errs = validate_event(bad)
    assert any(e.startswith("places") for e in errs) and any(e.startswith("unknown_field") for e in errs), errs


def test_articles_export(seed_db):
    import vnnews

    arts = {a["id"]: a for a in vnnews.export(db=seed_db, articles=True)}
    a1 = arts[SEED_IDS[1]]
    assert a1["title"] == "Đưa Hà Nội thành trung tâm công nghiệp, thương mại hiện đại"
    assert a1["published"].startswith("2020-08-14T08:47")
    # "(Nhân dân)" on the page: the outlet under its one name (vnnews.outlets)
    assert a1["original_source"] == "Nhân Dân" and a1["source"] == "DNTH"
    assert a1["language"] == "vi"
    assert "Cùng chuyên mục" not in a1["text"] and "Quảng Ngãi" not in a1["text"]
    # captions are kept in the stored article, link lists are not
    assert "Lễ ký kết thông báo Hội nghị" in a1["text"]
    a0 = arts[SEED_IDS[0]]
    assert "22.07.2020" not in a0["text"]
    assert "Hoàn thiện ngay quy hoạch nhằm đảm bảo không gian phát triển công nghiệp" in a0["text"]
    assert a0["text"].startswith("Chiều 13/8")
    assert a0["event"] == a1["event"]
