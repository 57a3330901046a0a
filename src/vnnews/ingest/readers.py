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

from ..errors import E, Code, Rejected
from ..model import Document, Drop
from ..settings import DEFAULT, EncodingSettings, Limits

TEXT_EXT = (".txt",)
HTML_EXT = (".html", ".htm")
WARC_EXT = (".warc", ".warc.gz")
JSONL_EXT = (".jsonl", ".jsonl.gz")
SUPPORTED = TEXT_EXT + HTML_EXT + WARC_EXT + JSONL_EXT
# the limits live in the Settings tree (section limits); these names are the defaults
MAX_FILE_BYTES = DEFAULT.limits.raw_bytes_per_document
MAX_TEXT_CHARS = DEFAULT.limits.text_chars  # one article; longer input is cut with a note

Item = Document | Drop


def file_id(path: str) -> str:
    """Article id of a file: its name without extensions (``000_69dc071e8ae462b1``).

    A name that is not valid Unicode (bytes the file system gave undecoded) gets a
    stable escaped form: each such byte as ``\\xNN`` (``caf\\xe9``). When the id is
    taken by another file, the engine adds ``~`` and a hash of the real path
    (:func:`vnnews.engine.file_id_for`)."""
    name = os.path.basename(path)
    for ext in sorted(SUPPORTED, key=len, reverse=True):
        if name.lower().endswith(ext):
            name = name[: -len(ext)]
            break
    else:
        name = name.split(".", 1)[0] or name
    return escape_id(name)


def escape_id(s: str) -> str:
    """``s`` with lone surrogates (undecodable file-name bytes, JSON ``"\\ud800"``)
    written as backslash escapes; valid text unchanged."""
    if not any("\ud800" <= c <= "\udfff" for c in s):
        return s
    out = []
    for c in s:
        o = ord(c)
        if 0xDC80 <= o <= 0xDCFF:  # surrogateescape of one byte
            out.append("\\x%02x" % (o - 0xDC00))
        elif 0xD800 <= o <= 0xDFFF:
            out.append("\\u%04x" % o)
        else:
            out.append(c)
    return "".join(out)


def has_surrogates(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def drop(origin: str, code: Code, detail: str = "") -> Drop:
    return Drop(origin, code.reason, detail, code.code)


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


def read_path(path: str, limits: Limits = DEFAULT.limits, encoding: EncodingSettings = DEFAULT.encoding
              ) -> Iterator[Item]:
    """The items of one file (``encoding``: how an undeclared encoding is detected)."""
    kind = kind_of(path)
    try:
        size = os.path.getsize(path)
        cap = min(limits.file_bytes, limits.raw_bytes_per_document)
        if size > cap and kind in ("text", "html"):
            yield drop(path, E.FILE_TOO_LARGE, f"{size} bytes; one page is at most {cap}")
            return
        if kind == "text":
            yield from _read_text(path, encoding)
        elif kind == "html":
            yield from _read_html(path, encoding)
        elif kind == "warc":
            yield from read_warc(path, limits, encoding)
        elif kind == "jsonl":
            yield from read_jsonl(path, limits)
    except PermissionError as e:
        yield drop(path, E.UNREADABLE_FILE, e.strerror or str(e))
    except OSError as e:
        yield drop(path, E.CANNOT_READ, e.strerror or str(e))
    except MemoryError:
        yield drop(path, E.OUT_OF_MEMORY, "while reading")
    except RecursionError:
        yield drop(path, E.RECURSION, "while reading")


def read_paths(paths: Iterable[str], limits: Limits = DEFAULT.limits,
               encoding: EncodingSettings = DEFAULT.encoding) -> Iterator[Item]:
    for f in iter_files(paths):
        if isinstance(f, Drop):
            yield f
        else:
            yield from read_path(f, limits, encoding)


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _read_text(path: str, encoding: EncodingSettings = DEFAULT.encoding) -> Iterator[Item]:
    from .encoding import decode_bytes

    yield from _read_page(path, lambda data, name: decode_bytes(data, name, encoding), "text")


def _read_page(path: str, decode, fmt: str) -> Iterator[Item]:
    """One page file: decoded with ``decode``, kept as raw text (``text``) or HTML."""
    try:
        content, enc = decode(_read_bytes(path), path)
    except Rejected as e:
        yield Drop(path, e.reason, e.detail, e.code)
        return
    doc = Document(id=file_id(path), origin=escape_id(path), encoding=enc)
    if doc.id != os.path.basename(path)[: len(doc.id)]:
        _note(doc, E.ID_ESCAPED, f"file name is not valid Unicode; id {doc.id}")
    if fmt == "text":
        doc.raw_text = _cap(content, doc)
    else:
        doc.html = content
    doc.meta["format"] = fmt
    try:
        doc.meta["path"] = os.path.realpath(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except (OSError, ValueError):
        pass
    yield doc


def _note(doc: Document, code: Code, detail: str = "") -> None:
    doc.meta.setdefault("notes", []).append({"code": code.code, "reason": code.reason, "detail": detail})


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)


def decode_html(data: bytes, path: str, encoding: EncodingSettings = DEFAULT.encoding) -> tuple[str, str]:
    """HTML bytes to text: declared charset when it decodes cleanly, else detection."""
    from .encoding import decode_bytes

    m = _META_CHARSET.search(data[:4096])
    if m:
        cs = m.group(1).decode("ascii", "replace").lower()
        try:
            text = data.decode(cs)
            if text.startswith("\ufeff"):
                text = text[1:]
            return unicodedata.normalize("NFC", text), cs
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data, path, encoding)


def _read_html(path: str, encoding: EncodingSettings = DEFAULT.encoding) -> Iterator[Item]:
    yield from _read_page(path, lambda data, name: decode_html(data, name, encoding), "html")


def read_warc(path: str, limits: Limits = DEFAULT.limits, encoding: EncodingSettings = DEFAULT.encoding
              ) -> Iterator[Item]:
    """Every HTML response record (and HTML resource record) of a WARC file is one article,
    id = its target URI. A record cut short by the end of the file is reported, not kept;
    the records before the damage are kept. A record over ``limits.raw_bytes_per_document``
    (before or after undoing its content encoding) is dropped unread; the records of a
    file stop at ``limits.decompressed_bytes_per_file``."""
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:  # pragma: no cover - core dependency
        yield drop(path, E.MISSING_DEPENDENCY, "pip install fastwarc")
        return
    n = 0
    total = 0
    kinds = WarcRecordType.response | WarcRecordType.resource
    try:
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, record_types=kinds, parse_http=False):
                n += 1
                uri = escape_id(rec.headers.get("WARC-Target-URI") or f"{path}#{n}")
                origin = f"{escape_id(path)} record {n} ({uri})"
                size = rec.content_length or 0
                total += size
                if total > limits.decompressed_bytes_per_file:
                    yield drop(origin, E.INFLATES_TOO_LARGE,
                               f"the file's records exceed {limits.decompressed_bytes_per_file} bytes; "
                               f"the records before kept")
                    return
                if size > limits.raw_bytes_per_document:
                    yield drop(origin, E.RAW_TOO_LARGE, f"{size} bytes; the limit is {limits.raw_bytes_per_document}")
                    continue
                try:
                    block = rec.reader.read()
                except Exception as e:  # a record cut by truncation or a corrupt stream
                    yield drop(origin, E.TRUNCATED_WARC_RECORD, f"{type(e).__name__}: {e}")
                    return
                if rec.content_length and len(block) < rec.content_length:
                    yield drop(origin, E.TRUNCATED_WARC_RECORD,
                               f"{len(block)} of {rec.content_length} bytes; archive ends inside the record")
                    return
                try:
                    if rec.record_type == WarcRecordType.response:
                        ctype, body = _http_payload(block, limits.decompressed_bytes_per_record)
                    else:
                        ctype, body = rec.headers.get("Content-Type") or "", block
                except Rejected as e:
                    yield Drop(origin, e.reason, e.detail, e.code)
                    continue
                if ctype and "html" not in ctype.lower():
                    continue
                if ctype is None:  # not an HTTP response at all
                    yield drop(origin, E.MALFORMED_WARC_RECORD, "no HTTP status line and headers")
                    continue
                if not body.strip():
                    yield drop(origin, E.EMPTY_WARC_RECORD)
                    continue
                try:
                    html, enc = decode_html(body, origin, encoding)
                except Rejected as e:
                    yield Drop(origin, e.reason, e.detail, e.code)
                    continue
                doc = Document(id=uri, origin=origin, url=uri, html=html, encoding=enc)
                doc.meta["format"] = "warc"
                date = rec.headers.get("WARC-Date")
                if date:
                    doc.meta["crawled"] = date
                yield doc
    except MemoryError:
        yield drop(path, E.OUT_OF_MEMORY, f"{n} records read before")
        return
    except Exception as e:  # corrupt or truncated archive: keep what was read
        yield drop(path, E.CORRUPT_WARC, f"{type(e).__name__}: {e}; {n} records read before")
        return
    if _truncated_gzip(path, limits.decompressed_bytes_per_file):
        yield drop(path, E.CORRUPT_WARC, "archive ends early; the records before kept")
    elif n == 0:
        yield drop(path, E.NO_WARC_RECORDS)


def _http_payload(block: bytes, limit: int = DEFAULT.limits.decompressed_bytes_per_record
                  ) -> tuple[str | None, bytes]:
    """(Content-Type, decoded body) of an HTTP response block; (None, b"") when the block
    is no HTTP response. Chunked transfer encoding and gzip/deflate content encoding are
    undone, streamed: a body that inflates past ``limit`` bytes is rejected (``R402``)
    without being inflated whole."""
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
        for wbits in ((47,) if "gzip" in enc else (15,)) + (-15,):
            try:
                body = _inflate(body, wbits, limit)
                break
            except zlib.error:
                continue  # leave as is: decoding reports it
    return headers.get("content-type", ""), body


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    d = zlib.decompressobj(wbits)
    out = d.decompress(data, limit + 1)
    if len(out) > limit:
        raise Rejected(E.INFLATES_TOO_LARGE, f"content encoding inflates past {limit} bytes")
    return out


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


def _truncated_gzip(path: str, limit: int = DEFAULT.limits.decompressed_bytes_per_file) -> bool:
    """True when a .gz file ends before its last member is complete (looked at up to
    ``limit`` inflated bytes: a bigger file is taken as complete)."""
    if not path.lower().endswith(".gz"):
        return False
    seen = 0
    try:
        with gzip.open(path, "rb") as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                seen += len(chunk)
                if seen > limit:
                    return False
    except (EOFError, OSError, gzip.BadGzipFile, zlib.error):
        return True
    return False


ARTICLE_FIELDS = ("id", "text", "html", "title", "url", "source", "published", "author", "tags")


def _lines(fh, limits: Limits) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, bytes, size) of each line of a binary stream, read in chunks: a line
    over ``limits.raw_bytes_per_document`` comes as (n, None, size) without being held
    whole; the stream stops (``MemoryError``-free) past ``decompressed_bytes_per_file``."""
    cap = limits.raw_bytes_per_document
    total = 0
    lineno = 0
    buf = bytearray()
    skipping = 0  # > 0: bytes of an overlong line seen so far
    while True:
        chunk = fh.read(1 << 16)
        if not chunk:
            break
        total += len(chunk)
        if total > limits.decompressed_bytes_per_file:
            raise _FileTooLarge(lineno + 1)
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            piece = chunk[start:] if nl < 0 else chunk[start:nl]
            if skipping:
                skipping += len(piece)
            else:
                buf += piece
                if len(buf) > cap:
                    skipping, buf = len(buf), bytearray()
            if nl < 0:
                break
            lineno += 1
            if skipping:
                yield lineno, None, skipping
                skipping = 0
            else:
                yield lineno, bytes(buf), len(buf)
                buf = bytearray()
            start = nl + 1
    if skipping:
        yield lineno + 1, None, skipping
    elif buf:
        yield lineno + 1, bytes(buf), len(buf)


class _FileTooLarge(Exception):
    def __init__(self, lineno: int):
        self.lineno = lineno


def read_jsonl(path: str, limits: Limits = DEFAULT.limits) -> Iterator[Item]:
    """One article per line (a UTF-8 BOM at the start is accepted). A line over
    ``limits.raw_bytes_per_document`` bytes is dropped (``R401``) without being held in
    memory; a .gz file is inflated as a stream and stops at
    ``limits.decompressed_bytes_per_file`` (``R402``)."""
    opener = gzip.open if path.lower().endswith(".gz") else open
    try:
        fh = opener(path, "rb")
    except OSError as e:
        yield drop(path, E.CANNOT_READ, str(e))
        return
    with fh:
        n = 0
        lineno = 0
        try:
            for lineno, raw, size in _lines(fh, limits):
                origin = f"{escape_id(path)} line {lineno}"
                if raw is None:
                    n += 1
                    yield drop(origin, E.RAW_TOO_LARGE, f"{size} bytes; the limit is {limits.raw_bytes_per_document}")
                    continue
                if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                line = raw.decode("utf-8", errors="replace")
                if not line.strip():
                    continue
                n += 1
                yield parse_article(line, origin, limits)
        except _FileTooLarge as e:
            yield drop(f"{path} line {e.lineno}", E.INFLATES_TOO_LARGE,
                       f"over {limits.decompressed_bytes_per_file} bytes; the lines before kept")
            return
        except (EOFError, OSError, gzip.BadGzipFile, zlib.error) as e:
            yield drop(f"{path} line {lineno + 1}", E.CORRUPT_FILE, str(e))
            return
        if n == 0:
            yield drop(path, E.EMPTY_FILE if lineno == 0 else E.NO_JSONL_ARTICLES)


def _depth(obj, limit: int) -> bool:
    """True when ``obj`` nests deeper than ``limit`` (iterative: no recursion)."""
    stack = [(obj, 1)]
    while stack:
        o, d = stack.pop()
        if isinstance(o, (list, dict)):
            if d > limit:
                return True
            stack.extend((v, d + 1) for v in (o.values() if isinstance(o, dict) else o))
    return False


_STRING_FIELDS = ("title", "url", "source", "author", "published")


def parse_article(line: str, origin: str, limits: Limits = DEFAULT.limits) -> Item:
    """One JSONL line to a Document, or a Drop saying what is wrong with it. Fields are
    checked one by one: a non-string title, url, source, author or published is refused
    with a note (the article is kept); an id that is not valid Unicode is escaped."""
    try:
        obj = json.loads(line)
    except RecursionError:
        return drop(origin, E.TOO_DEEP, f"JSON nested deeper than Python can parse")
    except ValueError as e:
        return drop(origin, E.MALFORMED_JSON, str(e)[:80])
    if not isinstance(obj, dict):
        return drop(origin, E.NOT_AN_OBJECT)
    if _depth(obj, limits.json_depth):
        return drop(origin, E.TOO_DEEP, f"values nested deeper than {limits.json_depth}")
    aid = obj.get("id")
    if aid is None or (isinstance(aid, str) and not aid.strip()) or isinstance(aid, (dict, list, bool)):
        return drop(origin, E.MISSING_ID, "each line needs a string field 'id'")
    aid = str(aid)
    notes: list[tuple[Code, str]] = []
    if has_surrogates(aid):
        aid = escape_id(aid)
        notes.append((E.ID_ESCAPED, f"id is not valid Unicode; stored as {aid}"))
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return drop(f"{origin} (id {aid})", E.NO_TEXT, "each line needs a non-empty 'text' or 'html'")
    for name, value in (("text", text), ("html", html)):
        if isinstance(value, str) and has_surrogates(value):
            return drop(f"{origin} (id {aid})", E.INVALID_UNICODE, f"'{name}' holds a lone surrogate")
    fields = {}
    for name in _STRING_FIELDS:
        v = obj.get(name)
        if v is None:
            fields[name] = None
        elif not isinstance(v, str):
            notes.append((E.FIELD_REFUSED, f"'{name}' is a {type(v).__name__}, not a string"))
            fields[name] = None
        elif has_surrogates(v):
            notes.append((E.FIELD_REFUSED, f"'{name}' holds a lone surrogate"))
            fields[name] = None
        else:
            fields[name] = _str(v)
    tags = obj.get("tags") or []
    if not isinstance(tags, list):
        tags = [tags]
    good_tags = [unicodedata.normalize("NFC", t) for t in tags if isinstance(t, str) and not has_surrogates(t)]
    if len(good_tags) < len([t for t in tags if t is not None]):
        notes.append((E.FIELD_REFUSED, "'tags' holds values that are not strings"))
    use_text = isinstance(text, str) and bool(text.strip())
    doc = Document(
        id=aid,
        origin=origin,
        raw_text="" if not use_text else unicodedata.normalize("NFC", text),
        html=html if isinstance(html, str) and html.strip() and not use_text else None,
        title=fields["title"], url=fields["url"], source=fields["source"],
        published=fields["published"], author=fields["author"],
        tags=good_tags,
    )
    meta = {k: v for k, v in obj.items() if k not in ARTICLE_FIELDS}
    bad = [k for k, v in meta.items()
           if has_surrogates(k) or has_surrogates(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))]
    for k in bad:
        meta.pop(k)
        notes.append((E.FIELD_REFUSED, f"field {escape_id(k)!r} holds a lone surrogate"))
    doc.meta = meta
    doc.meta["format"] = "jsonl"
    if doc.raw_text:
        doc.raw_text = _cap(doc.raw_text, doc, limits.text_chars)
    for code, detail in notes:
        _note(doc, code, detail)
    return doc


def _str(v) -> str | None:
    if v is None:
        return None
    s = unicodedata.normalize("NFC", str(v)).strip()
    return s or None


def _cap(text: str, doc: Document | None = None, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut at ``limit`` characters, with a note on ``doc`` when cut."""
    if len(text) <= limit:
        return text
    if doc is not None:
        _note(doc, E.TEXT_CUT, f"{len(text)} characters cut to {limit}")
    return text[:limit]
