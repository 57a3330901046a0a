"""Readers: every input form, nothing lost, nothing raises.

Each reader yields ``Document | Drop``; a bad file, JSONL line or WARC record is a Drop
with a reason and the rest goes on.
"""
from __future__ import annotations

import gzip
import json
import os
import random
import tempfile
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vnnews
from vnnews.extract import extract
from vnnews.extract.html import extract_html
from vnnews.ingest.readers import SUPPORTED, file_id, iter_files, read_path, read_paths
from vnnews.model import Document, Drop
from vnnews.pipeline import Rejected

from .conftest import SEED_IDS, SEEDS

PARAS = [
    "Chiều 13/8, Bí thư Thành ủy Hà Nội đã chủ trì buổi làm việc với Bộ Công Thương về phát triển công nghiệp.",
    "Theo báo cáo của UBND thành phố, 5 năm qua sản xuất công nghiệp trên địa bàn chuyển dịch theo hướng tích cực.",
    "Bộ trưởng đề nghị thành phố tiếp tục đầu tư hạ tầng cho thương mại điện tử và chuyển đổi số.",
]


def page(title: str, paras: list[str] = PARAS) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:title" content="{title}"></head><body>'
            f'<nav><a href="/">Trang chủ</a> <a href="/kinh-te">Kinh tế</a></nav>'
            f'<article><h1>{title}</h1>{body}</article><footer>Bản quyền thuộc Báo Thử</footer></body></html>')


def http_block(html: str, extra: bytes = b"", body: bytes | None = None,
               ctype: bytes = b"text/html; charset=utf-8") -> bytes:
    payload = html.encode("utf-8") if body is None else body
    return (b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\n" + extra
            + b"Content-Length: %d\r\n\r\n" % len(payload) + payload)


def warc_record(uri: str, block: bytes, n: int, kind: str = "response", gz: bool = True) -> bytes:
    """One WARC record (gzip per record, as crawlers write them)."""
    ctype = "application/http; msgtype=response" if kind in ("response", "request") else "text/html"
    head = ("WARC/1.0\r\nWARC-Type: %s\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
            "WARC-Date: 2020-08-14T01:47:00Z\r\nWARC-Target-URI: %s\r\n"
            "Content-Type: %s\r\nContent-Length: %d\r\n\r\n" % (kind, n, uri, ctype, len(block))).encode("ascii")
    rec = head + block + b"\r\n\r\n"
    return gzip.compress(rec, mtime=0) if gz else rec


def items(path) -> list:
    return list(read_path(str(path)))


def docs_and_drops(found):
    return [x for x in found if isinstance(x, Document)], [x for x in found if isinstance(x, Drop)]


# ------------------------------------------------------------------------------ WARC
def test_warc_gz_every_html_response_is_an_article(tmp_path):
    raw = page("Tin ba").encode("utf-8")  # record 5: chunked transfer, gzip content encoding
    gz = gzip.compress(raw, mtime=0)
    chunked = b"%x\r\n" % len(gz) + gz + b"\r\n0\r\n\r\n"
    recs = [
        warc_record("http://bao.example.vn/1.html", http_block(page("Tin một")), 1),
        warc_record("http://bao.example.vn/req", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 2, kind="request"),
        warc_record("http://bao.example.vn/logo.png", http_block("", body=b"\x89PNG....", ctype=b"image/png"), 3),
        warc_record("http://bao.example.vn/2.html", http_block(page("Tin hai")), 4),
        warc_record("http://bao.example.vn/3.html",
                    http_block("", extra=b"Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", body=chunked), 5),
    ]
    f = tmp_path / "crawl.warc.gz"
    f.write_bytes(b"".join(recs))
    docs, drops = docs_and_drops(items(f))
    assert [d.id for d in docs] == ["http://bao.example.vn/1.html", "http://bao.example.vn/2.html",
                                    "http://bao.example.vn/3.html"]
    assert not drops
    assert all(d.url == d.id and d.meta["format"] == "warc" and d.html for d in docs)
    assert "Tin ba" in docs[2].html  # de-chunked and gunzipped
    assert extract(docs[0]).title == "Tin một"


def test_warc_uncompressed(tmp_path):
    f = tmp_path / "crawl.warc"
    f.write_bytes(b"".join(warc_record(f"http://x.vn/{i}", http_block(page(f"Tin {i}")), i, gz=False)
                           for i in range(1, 4)))
    docs, drops = docs_and_drops(items(f))
    assert [d.id for d in docs] == ["http://x.vn/1", "http://x.vn/2", "http://x.vn/3"] and not drops


@pytest.mark.parametrize("gz", [True, False])
def test_truncated_warc_keeps_records_before_the_damage(tmp_path, gz):
    recs = [warc_record(f"http://x.vn/{i}", http_block(page(f"Tin số {i}")), i, gz=gz) for i in range(1, 4)]
    data = b"".join(recs)
    cut = len(recs[0]) + len(recs[1]) + len(recs[2]) // 2
    f = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    f.write_bytes(data[:cut])
    docs, drops = docs_and_drops(items(f))
    assert [d.id for d in docs] == ["http://x.vn/1", "http://x.vn/2"]
    assert drops and all(str(f) in d.origin for d in drops)
    assert any("truncated" in d.reason and "record 3" in d.origin for d in drops), drops


def test_corrupt_warc_reported(tmp_path):
    a = tmp_path / "junk.warc.gz"
    a.write_bytes(b"\x1f\x8b\x08\x00" + random.Random(3).randbytes(5000))
    b = tmp_path / "junk.warc"
    b.write_bytes(b"this is not a web archive\n" * 20)
    for f in (a, b):
        docs, drops = docs_and_drops(items(f))
        assert not docs and drops and all(d.reason for d in drops)


# ----------------------------------------------------------------------------- JSONL
def test_jsonl_gz_and_broken_lines(tmp_path):
    good = [{"id": f"a{i}", "title": f"Tin {i}", "text": PARAS[i % 3], "tags": ["x"], "extra": i} for i in range(3)]
    lines = [json.dumps(g, ensure_ascii=False) for g in good]
    lines.insert(1, '{"id": "broken", "text": "Hà Nội')
    lines.insert(2, json.dumps({"text": "không có mã"}, ensure_ascii=False))
    lines.insert(3, json.dumps({"id": "empty", "text": "  "}))
    lines.insert(4, "[1, 2, 3]")
    f = tmp_path / "a.jsonl.gz"
    f.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    docs, drops = docs_and_drops(items(f))
    assert [d.id for d in docs] == ["a0", "a1", "a2"]
    assert docs[0].meta["extra"] == 0 and docs[0].tags == ["x"]
    assert {(d.origin.split("/")[-1].split(" (")[0], d.reason) for d in drops} == {
        ("a.jsonl.gz line 2", "malformed JSON"), ("a.jsonl.gz line 3", "missing id"),
        ("a.jsonl.gz line 4", "no text"), ("a.jsonl.gz line 5", "not a JSON object")}


def test_truncated_jsonl_gz_keeps_lines_before(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": PARAS[0] * 20}, ensure_ascii=False) for i in range(50)]
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"))
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) * 2 // 3])
    docs, drops = docs_and_drops(items(f))
    assert 0 < len(docs) < 50 and [d.id for d in docs] == [f"a{i}" for i in range(len(docs))]
    assert len(drops) == 1 and "truncated" in drops[0].reason


def test_jsonl_html_field(tmp_path):
    f = tmp_path / "h.jsonl"
    f.write_text(json.dumps({"id": "h1", "html": page("Tin HTML"), "source": "Báo Thử"}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    (doc,) = items(f)
    assert doc.html and not doc.raw_text
    out = extract(doc)
    assert out.title == "Tin HTML" and out.source == "Báo Thử" and PARAS[0] in out.text


# --------------------------------------------------------------------------- folders
def test_symlink_loop_and_dangling_link_reported(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("\n".join(PARAS), encoding="utf-8")
    os.symlink(".", d / "sub" / "self")
    os.symlink("..", d / "sub" / "parent")
    os.symlink("b.txt", d / "x.txt")
    os.symlink("x.txt", d / "b.txt")
    os.symlink("khong-ton-tai.txt", d / "dangling.txt")
    out = list(iter_files([str(d)]))
    files = [x for x in out if isinstance(x, str)]
    drops = [x for x in out if isinstance(x, Drop)]
    assert files == [str(d / "sub" / "a.txt")]
    reasons = {(os.path.basename(x.origin), x.reason) for x in drops}
    assert ("dangling.txt", "dangling symlink") in reasons
    assert ("self", "symlink loop") in reasons and ("parent", "symlink loop") in reasons
    assert {("x.txt", "symlink loop"), ("b.txt", "symlink loop")} <= reasons


def test_folder_mixing_good_and_bad(tmp_path, db):
    d = tmp_path / "in"
    (d / "deep" / "er").mkdir(parents=True)
    (d / "seed.txt").write_bytes((SEEDS / f"{SEED_IDS[1]}.txt").read_bytes())
    (d / "deep" / "page.htm").write_text(page("Hà Nội làm việc với Bộ Công Thương"), encoding="utf-8")
    (d / "deep" / "er" / "crawl.warc.gz").write_bytes(
        warc_record("http://x.vn/1", http_block(page("Tin trong kho lưu trữ")), 1))
    (d / "deep" / "empty.txt").write_bytes(b"")
    (d / "deep" / "random.html").write_bytes(random.Random(5).randbytes(20_000))
    (d / "deep" / "notes.docx").write_bytes(b"PK\x03\x04")
    (d / "deep" / "bad.jsonl").write_text('{"id": 1, "text": \n', encoding="utf-8")
    res = vnnews.ingest([str(d)], db=db)
    ids = {a["id"] for a in vnnews.export(db=db, articles=True)}
    assert ids == {"seed", "page", "http://x.vn/1"}, res.drops
    assert res.stored == 3
    reported = {os.path.basename(x.origin.split(" line")[0]) for x in res.drops}
    assert {"empty.txt", "random.html", "notes.docx", "bad.jsonl"} <= reported
    assert all(x.reason for x in res.drops)


def test_file_ids():
    assert file_id("/a/b/000_69dc071e8ae462b1.txt") == "000_69dc071e8ae462b1"
    assert file_id("x/crawl.warc.gz") == "crawl" and file_id("x/a.b.jsonl.gz") == "a.b"
    assert file_id("page.HTML") == "page"


# ------------------------------------------------------------------ HTML fallbacks
def test_html_fallback_when_trafilatura_finds_nothing():
    # trafilatura drops the text of a "footer" box: nothing is left for it
    html = ('<html><body><div class="footer">Chiều 5/6, Hội Nông dân xã trao 20 con bò giống cho hộ nghèo.'
            '</div></body></html>')
    art = extract_html(html)
    assert art.fallback and "20 con bò giống" in art.text
    doc = extract(Document(id="x", html=html))
    assert doc.text == "Chiều 5/6, Hội Nông dân xã trao 20 con bò giống cho hộ nghèo."


def test_html_layout_tables_fall_back_to_visible_lines():
    cell = "".join(f"<p>{p}</p>" for p in PARAS)
    html = (f"<html><head><title>Cổng thông tin - Tin hoạt động</title></head><body><table><tr><td>"
            f"<a href='/'>Trang chủ</a> | <a href='/x'>Giới thiệu</a></td></tr><tr><td><table><tr><td>"
            f"<b>Tin hoạt động của huyện trong tháng tám</b><br>Ngày đăng: 15/08/2022<br>{cell}</td></tr></table>"
            f"</td></tr></table></body></html>")
    doc = extract(Document(id="x", html=html))
    assert doc.text.split("\n\n") == PARAS
    assert doc.published == "2022-08-15"


def test_html_without_text_is_rejected():
    with pytest.raises(Rejected):
        extract(Document(id="x", html="<html><head><script>var a = 1;</script></head><body></body></html>"))


# -------------------------------------------------------------------- properties
EXTS = sorted(SUPPORTED)


def _payloads():
    raw = st.binary(max_size=3000)
    texty = st.text(max_size=800).map(lambda s: s.encode("utf-8", "surrogatepass"))
    html = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<table><tr><td>", "<script>", "</script>",
                                     "<!--", "-->", "<meta charset='x-nonsense'>", PARAS[0], "Tin liên quan",
                                     "&amp;", "&#xD800;", "\x00", "<br>", "<h1>", "</h1>"]),
                    max_size=40).map(lambda xs: "".join(xs).encode("utf-8", "surrogatepass"))
    warcish = st.tuples(st.integers(0, 5000), st.binary(max_size=800)).map(
        lambda t: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: %d\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" % t[0] + t[1])
    jsonish = st.lists(st.one_of(st.text(max_size=60), st.just('{"id": "x", "text": "Tin"}'),
                                 st.just('{"id": "y", "html": "<p>a</p>"}')), max_size=8).map(
        lambda xs: "\n".join(xs).encode("utf-8", "surrogatepass"))
    return st.one_of(raw, texty, html, warcish, jsonish)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_payloads(), ext=st.sampled_from(EXTS), gz=st.booleans())
def test_readers_never_raise_on_arbitrary_bytes(data, ext, gz):
    if ext.endswith(".gz") and gz:
        data = gzip.compress(data, mtime=0)
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "x" + ext)
        with open(path, "wb") as fh:
            fh.write(data)
        out = list(read_paths([path]))
    assert out, "every input yields something: an article or a reason"
    for item in out:
        assert isinstance(item, (Document, Drop))
        if isinstance(item, Drop):
            assert item.reason
            continue
        try:  # the extract step either makes an article or rejects with a reason
            doc = extract(item)
        except Rejected as e:
            assert e.reason
        else:
            assert doc.text.strip()


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=1, max_size=2000))
def test_zlib_garbage_in_gz_files(data):
    """A .gz name on bytes that are no gzip, or a gzip stream cut anywhere."""
    blobs = [data, gzip.compress(data)[: max(1, len(data) // 2)], zlib.compress(data)]
    with tempfile.TemporaryDirectory() as d:
        for i, b in enumerate(blobs):
            for ext in (".warc.gz", ".jsonl.gz"):
                p = os.path.join(d, f"f{i}{ext}")
                with open(p, "wb") as fh:
                    fh.write(b)
                assert all(isinstance(x, (Document, Drop)) for x in read_path(p))


def test_non_vietnamese_articles_are_kept_and_marked(tmp_path, db):
    en = ("Hanoi plans to stop motorbikes from entering its inner districts from 2030, as part of a push "
          "to cut pollution and traffic congestion, the city's transport department said on Friday.")
    f = tmp_path / "mixed.jsonl"
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "en-1", "title": "Hanoi to ban motorbikes", "text": en},
        {"id": "vi-1", "title": "Hà Nội làm việc với Bộ Công Thương", "text": " ".join(PARAS)},
    ]) + "\n", encoding="utf-8")
    res = vnnews.ingest([str(f)], db=db)
    assert res.stored == 2, res.drops
    lang = {a["id"]: a["language"] for a in vnnews.export(db=db, articles=True)}
    assert lang == {"en-1": "en", "vi-1": "vi"}


@pytest.mark.parametrize("text,lang", [
    ("Chiều 13/8, Bí thư Thành ủy Hà Nội đã chủ trì buổi làm việc với Bộ Công Thương.", "vi"),
    ("Ha Noi la thu do cua Viet Nam va la trung tam chinh tri cua ca nuoc", "vi"),
    ("The government announced new measures on Tuesday to curb inflation.", "en"),
    ("La casa de la ciudad es muy grande y los niños juegan en el parque todos los días.", "es"),
    ("12345 6789 --- 2020", None),
])
def test_detect_language(text, lang):
    from vnnews.nlp.language import detect_language

    assert detect_language(text) == lang
