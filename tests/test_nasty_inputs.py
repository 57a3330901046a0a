"""A corpus of nasty inputs ingests in one call: no exception, every reject has a reason,
and each legacy-encoded copy of seed 000 is stored with exactly the text of its UTF-8
reference.

The corpus is built here, deterministically, of the same kinds as the outside
robust-inputs check: the seed re-encoded (UTF-8 with BOM, UTF-16 with BOM, Windows-1258,
TCVN3, VNI, VISCII, NFD), empty and whitespace-only files, 2 MB of random bytes named
.txt, HTML with script/style/nested tables, a truncated .warc.gz, broken JSONL lines, a
200,000-character single line, and symlink loops.

TCVN3, VNI and VISCII carry only ASCII and the Vietnamese letters, so those copies are
made from the "legacy reference" text (curly quotes as ASCII quotes) and compared with
that text stored from UTF-8; TCVN3 also has no capitals with tone marks (they are
lower-cased in its reference).
"""
from __future__ import annotations

import gzip
import json
import os
import random
import unicodedata

import pytest

import vnnews
from vnnews.ingest.encoding import encode_legacy

from .conftest import SEED_IDS, SEEDS

ASCII_PUNCT = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "-", "\u2014": "-",
               "\u2026": "...", "\u00a0": " "}
TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")
MARKERS = ["SCRIPTMARK", "STYLEMARK", "ONERRORMARK", "alert(", "color: red", "document.write"]


def legacy_reference(text: str, tcvn3: bool = False) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        ch = ASCII_PUNCT.get(ch, ch)
        if tcvn3 and len(ch) == 1 and ord(ch) > 127 and ch.isupper() and ch not in TCVN3_CAPITALS:
            ch = ch.lower()
        out.append(ch)
    return "".join(out)


def html_page(title: str, paras: list[str]) -> str:
    body = "\n".join("<p>%s</p>" % p for p in paras[1:])
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Thử Nghiệm</title>
<style>.tin {{ color: red }} body::after {{ content: "STYLEMARK"; }}</style>
<script>var x = "SCRIPTMARK"; document.write("<p>SCRIPTMARK2</p>");</script></head><body>
<table><tr><td><table><tr><td><a href="/">Trang chủ</a> | <a href="/kinh-te">Kinh tế</a></td></tr></table></td></tr>
<tr><td><table><tr><td class="noi-dung"><article><h1>{title}</h1><p>{paras[0]}</p>
<img src="x.jpg" onerror="alert('ONERRORMARK')" alt="Ảnh"><table><tr><td>{body}</td></tr></table></article></td>
<td><table><tr><td>Quảng cáo: mua ngay</td></tr></table></td></tr></table></td></tr></table>
<script>console.log("SCRIPTMARK3")</script></body></html>"""


def warc_record(uri: str, html: str, n: int) -> bytes:
    payload = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: %d\r\n\r\n" % len(payload)) + payload
    head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
            "WARC-Date: 2020-08-14T01:47:00Z\r\nWARC-Target-URI: %s\r\n"
            "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
            % (n, uri, len(http))).encode("ascii")
    return gzip.compress(head + http + b"\r\n\r\n", mtime=0)


@pytest.fixture(scope="module")
def nasty(tmp_path_factory):
    root = tmp_path_factory.mktemp("nasty")
    c = root / "corpus"
    c.mkdir()
    seed = unicodedata.normalize("NFC", (SEEDS / f"{SEED_IDS[0]}.txt").read_text(encoding="utf-8"))
    s001 = (SEEDS / f"{SEED_IDS[1]}.txt").read_text(encoding="utf-8").split("\n")
    body001 = [ln for ln in s001[:20] if len(ln.split()) > 12]
    ref = legacy_reference(seed)
    ref_tcvn = legacy_reference(seed, tcvn3=True)
    files = {
        # name: (bytes, the reference copy whose stored text it must equal)
        "utf8": (seed.encode("utf-8"), None),
        "ref_legacy": (ref.encode("utf-8"), None),
        "ref_tcvn3": (ref_tcvn.encode("utf-8"), None),
        "utf8bom": (seed.encode("utf-8-sig"), "utf8"),
        "utf16": (b"\xff\xfe" + seed.encode("utf-16-le"), "utf8"),
        "cp1258": (encode_legacy(seed, "cp1258"), "utf8"),
        "nfd": (unicodedata.normalize("NFD", seed).encode("utf-8"), "utf8"),
        "tcvn3": (encode_legacy(ref_tcvn, "tcvn3"), "ref_tcvn3"),
        "vni": (encode_legacy(ref, "vni"), "ref_legacy"),
        "viscii": (encode_legacy(ref, "viscii"), "ref_legacy"),
    }
    for name, (data, _) in files.items():
        (c / f"seed_{name}.txt").write_bytes(data)
    (c / "empty.txt").write_bytes(b"")
    (c / "whitespace.txt").write_bytes(b" \n\t\r\n   \n\xe3\x80\x80\n \n")
    (c / "random.txt").write_bytes(random.Random(20200813).randbytes(2 * 1024 * 1024))
    (c / "page_script.html").write_text(html_page("Hỗ trợ thương mại điện tử cho Thủ đô", body001[:4]),
                                        encoding="utf-8")
    r1 = warc_record("http://bao-thu.example.vn/tin/1.html", html_page("Hà Nội đề nghị hỗ trợ năng lượng",
                                                                      body001[4:7]), 1)
    r2 = warc_record("http://bao-thu.example.vn/tin/2.html", html_page("Thương mại điện tử", body001[7:10]), 2)
    (c / "truncated.warc.gz").write_bytes(r1 + r2[: len(r2) // 2])
    lines = [json.dumps({"id": "jsonl-good", "title": "Hà Nội phối hợp phát triển công nghiệp",
                         "text": "\n".join(body001[2:5]), "published": "2020-08-14"}, ensure_ascii=False),
             '{"id": "jsonl-broken", "text": "Hà Nội phát triển, "title": ',
             json.dumps({"title": "Dòng thiếu mã số bài", "text": body001[5]}, ensure_ascii=False),
             json.dumps({"id": "jsonl-null", "text": None}),
             "[1, 2]", "\x00\x01 not json"]
    (c / "malformed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = " ".join(body001).split()
    long_line = []
    n = 0
    while n < 200_000:
        w = words[len(long_line) % len(words)]
        long_line.append(w)
        n += len(w) + 1
    (c / "longline.txt").write_text(" ".join(long_line)[:200_000], encoding="utf-8")
    loop = c / "loop"
    loop.mkdir()
    os.symlink(".", loop / "self")
    os.symlink("..", loop / "parent")
    os.symlink("b.txt", loop / "a.txt")
    os.symlink("a.txt", loop / "b.txt")
    os.symlink("khong-ton-tai.txt", loop / "dangling.txt")
    db = str(root / "nasty.db")
    res = vnnews.ingest([str(c)], db=db)
    arts = {a["id"]: a for a in vnnews.export(db=db, articles=True)}
    return {"res": res, "arts": arts, "files": files, "dir": c, "db": db}


def test_one_call_no_exception_and_reasons(nasty):
    res = nasty["res"]
    assert res.ok
    assert all(d.reason and d.origin for d in res.drops)
    reported = {}
    for d in res.drops:
        reported.setdefault(os.path.basename(d.origin.split(" line ")[0].split(" record ")[0]), set()).add(d.reason)
    for f in ("empty.txt", "whitespace.txt", "random.txt", "truncated.warc.gz", "malformed.jsonl",
              "self", "parent", "a.txt", "b.txt", "dangling.txt"):
        assert f in reported, (f, reported)
    assert "seed_empty" not in nasty["arts"] and "random" not in nasty["arts"] and "whitespace" not in nasty["arts"]


@pytest.mark.parametrize("name", ["utf8bom", "utf16", "cp1258", "nfd", "tcvn3", "vni", "viscii"])
def test_every_encoding_yields_the_reference_text(nasty, name):
    ref = nasty["files"][name][1]
    arts = nasty["arts"]
    got, want = arts.get(f"seed_{name}"), arts.get(f"seed_{ref}")
    assert want is not None and got is not None, sorted(arts)
    assert got["text"] == want["text"]
    assert got["title"] == want["title"] and got["source"] == want["source"] == "Tổ Quốc"
    assert unicodedata.is_normalized("NFC", got["text"])


def test_legacy_references_are_the_seed_up_to_punctuation(nasty):
    arts = nasty["arts"]
    utf8 = arts["seed_utf8"]["text"]
    assert arts["seed_ref_legacy"]["text"] == legacy_reference(utf8)
    assert arts["seed_ref_tcvn3"]["text"] == legacy_reference(utf8, tcvn3=True)


def test_html_truncated_warc_jsonl_and_long_line(nasty):
    arts, res = nasty["arts"], nasty["res"]
    page = arts["page_script"]
    assert page["title"] == "Hỗ trợ thương mại điện tử cho Thủ đô"
    for a in arts.values():
        assert not any(m in (a["text"] or "") or m in (a["title"] or "") for m in MARKERS), a["id"]
    assert "http://bao-thu.example.vn/tin/1.html" in arts  # the record before the damage
    assert "http://bao-thu.example.vn/tin/2.html" not in arts  # the cut record is reported
    assert any("record 2" in d.origin and "truncated" in d.reason for d in res.drops)
    assert "jsonl-good" in arts and not {"jsonl-broken", "jsonl-null"} & set(arts)
    bad_lines = {d.origin.rsplit(" line ", 1)[1].split()[0] for d in res.drops if "malformed.jsonl line" in d.origin}
    assert bad_lines == {"2", "3", "4", "5", "6"}
    assert "longline" in arts and len(arts["longline"]["text"]) > 100_000


def test_reingest_is_idempotent(nasty):
    before = list(vnnews.export(db=nasty["db"], articles=True))
    res = vnnews.ingest([str(nasty["dir"])], db=nasty["db"])
    assert res.stored == 0 and res.unchanged == len(nasty["arts"])
    assert list(vnnews.export(db=nasty["db"], articles=True)) == before
