"""``vnnews show`` prints the event page's sections in the page's order: headline with
date, basis, update and outlets; summary; sources; story line; people, organisations,
places; quotes, direct before reported; the ten most salient figures (all with
``--all-figures``); differences; agreements."""
from __future__ import annotations

from typer.testing import CliRunner

from vnnews.cli import app
from vnnews.render import render_card
from vnnews.settings import DEFAULT


def _render(card: dict, **kw) -> str:
    from rich.console import Console

    con = Console(record=True, width=200, color_system=None)
    render_card(card, con, **kw)
    return con.export_text()


CARD = {"id": "ev", "title": "Sự kiện", "date": "2020-08-13", "places": ["Hà Nội"],
        "articles": [{"id": "a1", "source": "VnExpress", "title": "Bài một", "published": "2020-08-13T10:00:00+07:00",
                      "url": "https://vnexpress.net/a1.html"},
                     {"id": "a2", "source": "Dân trí", "title": "Bài hai", "published": "2020-08-14T09:00:00+07:00"}],
        "summary": [{"text": "Câu tóm tắt.", "sources": ["a1"]}],
        "people": [{"name": "Vương Đình Huệ", "titles": ["Bí thư"], "aliases": [], "sources": ["a1"]}],
        "organizations": ["Bộ Công Thương"],
        "mentioned": {"people": ["Lê Văn Tám"], "organizations": [], "places": ["Quốc lộ 1A"]},
        "quotes": [{"text": "lời thuật lại", "speaker": "A", "sources": ["a1"], "kind": "reported"},
                   {"text": "lời trực tiếp", "speaker": "B", "sources": ["a2"], "kind": "direct"}],
        "figures": [{"text": f"{i}%", "value": i, "unit": "%", "context": "", "sources": ["a1"]} for i in range(14)],
        "disagreements": [{"topic": "số người", "claims": [{"text": "x", "sources": ["a1"]}, {"text": "y", "sources": ["a2"]}]}],
        "agreements": [{"text": "cùng nói", "sources": ["a1", "a2"]}],
        "related": [{"id": "ev0", "title": "Trước đó", "date": "2020-08-10", "relation": "earlier"}]}


def test_sections_in_the_page_order() -> None:
    text = _render(CARD)
    order = ["Sự kiện", "Tóm tắt", "Nguồn (2 bài)", "Dòng sự kiện", "Nhân vật", "Tổ chức", "Địa danh",
             "Cũng được nhắc đến: Lê Văn Tám, Quốc lộ 1A", "Trích dẫn", "Số liệu", "Các báo nói khác nhau", "Các báo cùng đưa tin"]
    pos = [text.index(h) for h in order]
    assert pos == sorted(pos), pos
    assert "13/08/2020 (ngày đăng bài)" in text and "cập nhật 14/08/2020 09:00" in text
    assert "VnExpress · Dân trí" in text and "https://vnexpress.net/a1.html" in text
    assert text.index("lời trực tiếp") < text.index("lời thuật lại") and "(thuật lại)" in text
    assert "10/08/2020" in text and "trước đó" in text and "(sự kiện này)" in text
    shown = [f"• {i}%" for i in range(14) if f"• {i}%" in text]
    assert len(shown) == DEFAULT.web.figures_shown and "4 số liệu khác" in text
    assert all(f"• {i}%" in _render(CARD, all_figures=True) for i in range(14))


def test_show_command_matches_the_page(seed_db: str, seed_card: dict) -> None:
    res = CliRunner().invoke(app, ["show", seed_card["id"], "--db", seed_db])
    assert res.exit_code == 0, res.output
    for p in seed_card["people"]:
        assert p["name"] in res.output
    for q in seed_card["quotes"]:  # direct and reported alike (the page shows both)
        assert q["text"][:30] in res.output
    for a in seed_card["articles"]:
        assert (a.get("source") or "không rõ báo") in res.output
    assert "Nguồn (2 bài)" in res.output and "Tóm tắt" in res.output


def test_search_command_takes_the_api_filters(seed_db: str) -> None:
    import json

    run = CliRunner()

    def ids(*args: str) -> list[str]:
        res = run.invoke(app, ["search", *args, "--db", seed_db, "--json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.output)
        return [h["id"] for h in data]

    both = ids("Huệ")
    assert set(both) == {"000_69dc071e8ae462b1", "001_ff470c2923c8895d"}
    assert ids("Huệ", "--source", "to quoc") == ["000_69dc071e8ae462b1"]
    assert ids("Huệ", "--date-from", "2020-08-14") == ["001_ff470c2923c8895d"]  # the undated one has no date
    assert ids("Huệ", "--person", "tran quoc khanh") == ["000_69dc071e8ae462b1"]
    assert ids("Huệ", "--place", "Yên Thường") == ["000_69dc071e8ae462b1"]
    assert ids("Huệ", "--sort", "date", "--limit", "1") == ["001_ff470c2923c8895d"]
    assert ids("Huệ", "--offset", "1", "--limit", "5") == both[1:]
    res = run.invoke(app, ["search", "Huệ", "--db", seed_db, "--events", "--json"])
    groups = json.loads(res.output)
    assert len(groups) == 1 and groups[0]["n_hits"] == 2
    res = run.invoke(app, ["search", "Huệ", "--db", seed_db, "--events"])
    assert res.exit_code == 0 and "2 matching" in res.output
    bad = run.invoke(app, ["search", "Huệ", "--db", seed_db, "--sort", "size"])
    assert bad.exit_code == 2 and "sort must be one of" in bad.output
    bad = run.invoke(app, ["search", "Huệ", "--db", seed_db, "--date-from", "13/08/2020"])
    assert bad.exit_code == 2
