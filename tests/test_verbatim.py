"""Verbatim text end to end (issue 17): an article written with the "new" tone placement
("Thành uỷ", "hoà", "thuỷ") keeps its characters in the stored text, the title, the
summary sentences and the quotes; tone placement is only used for matching."""
from __future__ import annotations

import re
import unicodedata

import vnnews

from .conftest import SEED_IDS, SEEDS

# the tone mark of an open "oa"/"oe"/"uy" syllable moved to the second vowel (new style)
_FIRST = {"ò": ("o", "\u0300"), "ó": ("o", "\u0301"), "ỏ": ("o", "\u0309"), "õ": ("o", "\u0303"),
          "ọ": ("o", "\u0323"), "ù": ("u", "\u0300"), "ú": ("u", "\u0301"), "ủ": ("u", "\u0309"),
          "ũ": ("u", "\u0303"), "ụ": ("u", "\u0323")}
_NEW_STYLE = re.compile(r"(?<![qQgG\w])(\w?)([òóỏõọ])([ae])(?!\w)|(?<![qQ])([ùúủũụ])(y)(?!\w)")


def new_style(text: str) -> str:
    def move(m: re.Match[str]) -> str:
        if m.group(2):
            base, mark = _FIRST[m.group(2)]
            return m.group(1) + base + unicodedata.normalize("NFC", m.group(3) + mark)
        base, mark = _FIRST[m.group(4)]
        return base + unicodedata.normalize("NFC", m.group(5) + mark)

    return _NEW_STYLE.sub(move, unicodedata.normalize("NFC", text))


def _canon(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def test_new_style_article_is_stored_and_shown_verbatim(tmp_path):
    original = (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8")
    page = new_style(original)
    assert "Thành uỷ" in page and page != original  # the test input really is new style
    f0 = tmp_path / f"{SEED_IDS[0]}.txt"
    f0.write_text(page, encoding="utf-8")
    db = str(tmp_path / "v.db")
    res = vnnews.ingest([str(f0), str(SEEDS / f"{SEED_IDS[1]}.txt")], db=db)
    assert res.stored == 2, res.drops

    arts = {a["id"]: a for a in vnnews.export(db=db, articles=True)}
    art = arts[SEED_IDS[0]]
    shown = _canon(page)
    assert "Thành uỷ" in art["text"] and "Thành ủy" not in art["text"]
    for par in art["text"].split("\n\n"):
        assert _canon(par) in shown, par[:100]
    assert _canon(art["title"]) in shown

    texts = {i: _canon((a["title"] or "") + "\n" + a["text"]) for i, a in arts.items()}
    (card,) = list(vnnews.export(db=db))
    assert card["summary"]
    for s in card["summary"]:
        assert any(_canon(s["text"]) in texts[i] for i in s["sources"]), s["text"][:100]
    for q in card["quotes"]:
        assert any(_canon(q["text"]) in texts[i] for i in q["sources"]), q["text"][:100]
