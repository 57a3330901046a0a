"""Readers: paths in, Documents (or Drops with a reason) out.

Every reader yields ``Document | Drop`` and never raises on bad input: one bad file,
line or record is reported and the rest goes on.

- ``.txt``: one page of plain text in any common Vietnamese encoding.
- ``.html``/``.htm``: one page (main text extracted later by the HTML step).
- ``.warc``/``.warc.gz``: every HTML response record is one article, id = target URI;
  a truncated or corrupt archive keeps the records read before the damage.
- ``.jsonl``/``.jsonl.gz``: one article per line (INTERFACE.md schema).
"""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import unicodedata
import zlib
from typing import Iterable, Iterator

from ..model import Document, Drop
from ..pipeline import Rejected

TEXT_EXT = (".txt",)
HTML_EXT = (".html", ".htm")
WARC_EXT = (".warc", ".warc.gz")
JSONL_EXT = (".jsonl", ".jsonl.gz")
SUPPORTED = TEXT_EXT + HTML_EXT + WARC_EXT + JSONL_EXT
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000  # one article; longer input is cut with a note

Item = Document | Drop


def file_id(path: str) -> str:
    """Article id of a file: its name without extensions (``000_69dc071e8ae462b1``)."""
    name = os.path.basename(path)
    for ext in sorted(SUPPORTED, key=len, reverse=True):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name.split(".", 1)[0] or name


def kind_of(path: str) -> str | None:
    low = path.lower()
    for kind, exts in (("warc", WARC_EXT), ("jsonl", JSONL_EXT), ("html", HTML_EXT), ("text", TEXT_EXT)):
        if low.endswith(exts):
            return kind
    return None


def iter_files(paths: Iterable[str]) -> Iterator[str | Drop]:
    """Files under ``paths`` (recursively, sorted), following symlinks once: a directory
    already visited (a symlink loop) and dangling or looping file links are reported."""
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[str] = set()

    def walk(path: str, top: bool) -> Iterator[str | Drop]:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                yield Drop(path, "dangling symlink")
            else:
                yield Drop(path, "no such file or folder", "check the path")
            return
        except OSError as e:
            reason = "symlink loop" if getattr(e, "errno", None) == 40 else "cannot stat"
            yield Drop(path, reason, e.strerror or str(e))
            return
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                if os.path.islink(path):
                    yield Drop(path, "symlink loop", "folder already visited")
                return
            seen_dirs.add(key)
            try:
                names = sorted(os.listdir(path))
            except OSError as e:
                yield Drop(path, "unreadable folder", e.strerror or str(e))
                return
            for n in names:
                yield from walk(os.path.join(path, n), False)
            return
        if not stat.S_ISREG(st.st_mode):
            yield Drop(path, "not a regular file")
            return
        if kind_of(path) is None:
            if top:
                yield Drop(path, "unsupported file type", "use .txt, .html, .htm, .warc(.gz) or .jsonl(.gz)")
            elif not os.path.basename(path).startswith("."):
                yield Drop(path, "unsupported file type")
            return
        real = os.path.realpath(path)
        if real in seen_files and os.path.islink(path):
            return  # the same file reached through a link: read once
        seen_files.add(real)
        yield path

    for p in paths:
        yield from walk(p, True)


def read_path(path: str) -> Iterator[Item]:
    kind = kind_of(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES and kind in ("text", "html"):
            yield Drop(path, "file too large", f"{size} bytes; one page is at most {MAX_FILE_BYTES}")
            return
        if kind == "text":
            yield from _read_text(path)
        elif kind == "html":
            yield from _read_html(path)
        elif kind == "warc":
            yield from read_warc(path)
        elif kind == "jsonl":
            yield from read_jsonl(path)
    except PermissionError as e:
        yield Drop(path, "unreadable file", e.strerror or str(e))
    except OSError as e:
        yield Drop(path, "cannot read file", e.strerror or str(e))


def read_paths(paths: Iterable[str]) -> Iterator[Item]:
    for f in iter_files(paths):
        if isinstance(f, Drop):
            yield f
        else:
            yield from read_path(f)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _read_text(path: str) -> Iterator[Item]:
    from .encoding import decode_bytes

    yield from _read_page(path, decode_bytes, "text")


def _read_page(path: str, decode, fmt: str) -> Iterator[Item]:
    """One page file: decoded with ``decode``, kept as raw text (``text``) or HTML."""
    try:
        content, enc = decode(_read_bytes(path), path)
    except Rejected as e:
        yield Drop(path, e.reason, e.detail)
        return
    doc = Document(id=file_id(path), origin=path, encoding=enc)
    if fmt == "text":
        doc.raw_text = _cap(content)
    else:
        doc.html = content
    doc.meta["format"] = fmt
    yield doc


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode_html(data: bytes, path: str) -> tuple[str, str]:
    """HTML bytes to text: declared charset when it decodes cleanly, else detection."""
    from .encoding import decode_bytes

    m = _META_CHARSET.search(data[:4096])
    if m:
        cs = m.group(1).decode("ascii", "replace").lower()
        try:
            return unicodedata.normalize("NFC", data.decode(cs)), cs
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path)


def _read_html(path: str) -> Iterator[Item]:
    yield from _read_page(path, decode_html, "html")


def read_warc(path: str) -> Iterator[Item]:
    """Every HTML response record (and HTML resource record) of a WARC file is one article,
    id = its target URI. A record cut short by the end of the file is reported, not kept;
    the records before the damage are kept."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # pragma: no cover - core dependency
        yield Drop(path, "missing dependency", "pip install fastwarc")
        return
    n = 0
    kinds = WarcRecordType.response | WarcRecordType.resource
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, record_types=kinds, parse_http=False):
                n += 1
                uri = rec.headers.get("WARC-Target-URI") or f"{path}#{n}"
                origin = f"{path} record {n} ({uri})"
                try:
                    block = rec.reader.read()
                except Exception as e:  # a record cut by truncation or a corrupt stream
                    yield Drop(origin, "truncated WARC record", f"{type(e).__name__}: {e}")
                    return
                if rec.content_length and len(block) < rec.content_length:
                    yield Drop(origin, "truncated WARC record",
                               f"{len(block)} of {rec.content_length} bytes; archive ends inside the record")
                    return
                if rec.record_type == WarcRecordType.response:
                    ctype, body = _http_payload(block)
                else:
                    ctype, body = rec.headers.get("Content-Type") or "", block
                if ctype and "html" not in ctype.lower():
                    continue
                if ctype is None:  # not an HTTP response at all
                    yield Drop(origin, "malformed WARC record", "no HTTP status line and headers")
                    continue
                if not body.strip():
                    yield Drop(origin, "empty WARC record")
                    continue
                try:
                    html, enc = decode_html(body, origin)
                except Rejected as e:
                    yield Drop(origin, e.reason, e.detail)
                    continue
                doc = Document(id=uri, origin=origin, url=uri, html=html, encoding=enc)
                doc.meta["format"] = "warc"
                date = rec.headers.get("WARC-Date")
                if date:
                    doc.meta["crawled"] = date
                yield doc
    except Exception as e:  # corrupt or truncated archive: keep what was read
        yield Drop(path, "corrupt or truncated WARC", f"{type(e).__name__}: {e}; {n} records read before")
        return
    if _truncated_gzip(path):
        yield Drop(path, "corrupt or truncated WARC", "archive ends early; the records before kept")
    elif n == 0:
        yield Drop(path, "no HTML response records in WARC")


def _http_payload(block: bytes) -> tuple[str | None, bytes]:
    """(Content-Type, decoded body) of an HTTP response block; (None, b"") when the block
    is no HTTP response. Chunked transfer encoding and gzip/deflate content encoding are undone."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    if not sep or not head.startswith(b"HTTP/"):
        return None, b""
    headers: dict[str, str] = {}
    for line in head.split(b"\n")[1:]:
        k, _, v = line.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _unchunk(body)
    enc = headers.get("content-encoding", "").lower()
    if enc in ("gzip", "x-gzip", "deflate"):
        import zlib

        try:
            body = zlib.decompress(body, 47 if "gzip" in enc else 15)
        except zlib.error:
            try:
                body = zlib.decompress(body, -15)
            except zlib.error:
                pass  # leave as is: decoding reports it
    return headers.get("content-type", ""), body


def _unchunk(data: bytes) -> bytes:
    out, pos = [], 0
    while pos < len(data):
        eol = data.find(b"\r\n", pos)
        if eol < 0:
            break
        try:
            size = int(data[pos:eol].split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return data  # not chunked after all
        if size == 0:
            break
        out.append(data[eol + 2: eol + 2 + size])
        pos = eol + 2 + size + 2
    return b"".join(out)


def _truncated_gzip(path: str) -> bool:
    """True when a .gz file ends before its last member is complete."""
    if not path.lower().endswith(".gz"):
        return False
    try:
        with gzip.open(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except (EOFError, OSError, gzip.BadGzipFile):
        return True
    return False


ARTICLE_FIELDS = ("id", "text", "html", "title", "url", "source", "published", "author", "tags")


def read_jsonl(path: str) -> Iterator[Item]:
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        fh = opener(path, "rb")
    except OSError as e:
        yield Drop(path, "cannot read file", str(e))
        return
    with fh:
        stream = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="\n")
        lineno = n = 0
        try:
            for line in stream:
                lineno += 1
                if not line.strip():
                    continue
                n += 1
                yield parse_article(line, f"{path} line {lineno}")
        except (EOFError, OSError, gzip.BadGzipFile, zlib.error) as e:
            yield Drop(f"{path} line {lineno + 1}", "corrupt or truncated file", str(e))
            return
        if n == 0:
            yield Drop(path, "empty file" if lineno == 0 else "no articles in JSONL file")


def parse_article(line: str, origin: str) -> Item:
    """One JSONL line to a Document, or a Drop saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except ValueError as e:
        return Drop(origin, "malformed JSON", str(e)[:80])
    if not isinstance(obj, dict):
        return Drop(origin, "not a JSON object")
    aid = obj.get("id")
    if aid is None or (isinstance(aid, str) and not aid.strip()) or isinstance(aid, (dict, list, bool)):
        return Drop(origin, "missing id", "each line needs a string field 'id'")
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return Drop(f"{origin} (id {aid})", "no text", "each line needs a non-empty 'text' or 'html'")
    tags = obj.get("tags") or []
    if not isinstance(tags, list):
        tags = [tags]
    doc = Document(
        id=str(aid),
        origin=origin,
        raw_text=_cap(unicodedata.normalize("NFC", text)) if isinstance(text, str) and text.strip() else "",
        html=html if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()) else None,
        title=_str(obj.get("title")),
        url=_str(obj.get("url")),
        source=_str(obj.get("source")),
        published=_str(obj.get("published")),
        author=_str(obj.get("author")),
        tags=[unicodedata.normalize("NFC", str(t)) for t in tags if t is not None],
    )
    doc.meta = {k: v for k, v in obj.items() if k not in ARTICLE_FIELDS}
    doc.meta["format"] = "jsonl"
    return doc


def _str(v) -> str | None:
    if v is None:
        return None
    s = unicodedata.normalize("NFC", str(v)).strip()
    return s or None


def _cap(text: str) -> str:
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS]
