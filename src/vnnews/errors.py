"""Errors, drops and notes with stable codes (as spaCy's ``errors.py``).

A code never changes meaning once released; a new case gets a new code. The letter
says what kind of thing it is:

- ``R…`` an input (file, line, record, document) was **rejected** (a drop): it is not
  stored, the batch goes on. ``R0xx`` files and folders, ``R1xx`` archives and
  records, ``R2xx`` JSONL lines, ``R3xx`` decoding and extraction, ``R4xx`` limits,
  ``R5xx`` failures inside a processing step.
- ``N…`` a **note**: the input was stored, but something in it was cut or refused
  (a field, the tail of a text).
- ``C…`` a configuration or command error (a person must act; nothing was done).

Every drop and note is reported on standard error as ``origin: [CODE] reason (detail)``
and counted per reason at the end of a run. Library code raises the exceptions below,
never ``SystemExit``: the CLI turns them into messages and exit codes.
"""
from __future__ import annotations

from typing import NamedTuple


class Code(NamedTuple):
    code: str
    reason: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.reason}"


class E:
    """The registry of codes. ``E.MALFORMED_JSON.code == "R201"``."""

    # files and folders
    NO_SUCH_FILE = Code("R001", "no such file or folder")
    DANGLING_SYMLINK = Code("R002", "dangling symlink")
    SYMLINK_LOOP = Code("R003", "symlink loop")
    CANNOT_STAT = Code("R004", "cannot stat")
    UNREADABLE_FOLDER = Code("R005", "unreadable folder")
    NOT_REGULAR_FILE = Code("R006", "not a regular file")
    UNSUPPORTED_TYPE = Code("R007", "unsupported file type")
    FILE_TOO_LARGE = Code("R008", "file too large")
    UNREADABLE_FILE = Code("R009", "unreadable file")
    CANNOT_READ = Code("R010", "cannot read file")
    EMPTY_FILE = Code("R011", "empty file")
    CORRUPT_FILE = Code("R012", "corrupt or truncated file")
    MISSING_DEPENDENCY = Code("R013", "missing dependency")
    DUPLICATE_ID = Code("R014", "duplicate id in this run")
    # archives and records
    TRUNCATED_WARC_RECORD = Code("R101", "truncated WARC record")
    MALFORMED_WARC_RECORD = Code("R102", "malformed WARC record")
    EMPTY_WARC_RECORD = Code("R103", "empty WARC record")
    CORRUPT_WARC = Code("R104", "corrupt or truncated WARC")
    NO_WARC_RECORDS = Code("R105", "no HTML response records in WARC")
    BAD_CONTENT_ENCODING = Code("R106", "undecodable content encoding")
    # JSONL lines
    MALFORMED_JSON = Code("R201", "malformed JSON")
    NOT_AN_OBJECT = Code("R202", "not a JSON object")
    MISSING_ID = Code("R203", "missing id")
    NO_TEXT = Code("R204", "no text")
    NO_JSONL_ARTICLES = Code("R205", "no articles in JSONL file")
    TOO_DEEP = Code("R206", "nesting too deep")
    BAD_ID = Code("R207", "invalid id")
    NO_GROUP_FIELD = Code("R208", "no group field")
    # decoding and extraction
    BINARY = Code("R301", "binary content")
    UNKNOWN_ENCODING = Code("R302", "not text in a known encoding")
    EMPTY_TEXT = Code("R303", "empty text")
    NO_ARTICLE_TEXT = Code("R304", "no article text")
    NO_HTML_TEXT = Code("R305", "no text in HTML page")
    INVALID_UNICODE = Code("R306", "invalid Unicode")
    # limits
    RAW_TOO_LARGE = Code("R401", "document too large")
    INFLATES_TOO_LARGE = Code("R402", "decompresses too large")
    TIME_LIMIT = Code("R403", "time limit exceeded")
    OUT_OF_MEMORY = Code("R404", "out of memory")
    # failures inside a step
    STEP_ERROR = Code("R501", "error in a processing step")
    RECURSION = Code("R502", "nested too deeply to process")
    STEP_DROPPED = Code("R503", "dropped by a processing step")
    STORE_ERROR = Code("R504", "could not be stored")
    # notes: stored, something cut or refused
    TEXT_CUT = Code("N001", "text cut at the character limit")
    PUBLISHED_REFUSED = Code("N002", "publication date refused")
    FIELD_REFUSED = Code("N003", "field refused")
    ID_ESCAPED = Code("N004", "id escaped")
    # configuration and commands
    CONFIG_MISSING = Code("C001", "settings file not found")
    CONFIG_INVALID = Code("C002", "invalid settings")
    MISSING_EXTRA = Code("C003", "optional dependency missing")
    PIPELINE_INVALID = Code("C004", "invalid pipeline")
    NO_DATABASE = Code("C005", "no such database")
    MISSING_INPUT = Code("C006", "no such input file")
    BAD_OUTPUT = Code("C007", "cannot write the output")
    UNKNOWN_EXECUTOR = Code("C008", "unknown executor")
    BAD_VALUE = Code("C009", "invalid value")


_BY_REASON = {v.reason: v for k, v in vars(E).items() if isinstance(v, Code)}
_BY_CODE = {v.code: v for v in _BY_REASON.values()}
assert len(_BY_CODE) == len(_BY_REASON), "codes must be unique"


def code_for(reason: str) -> str:
    """The code of a reason text ('' when the reason is not registered)."""
    c = _BY_REASON.get(reason)
    if c is None and reason.startswith("error in "):
        c = E.STEP_ERROR
    elif c is None and reason.startswith("dropped by "):
        c = E.STEP_DROPPED
    return c.code if c else ""


def lookup(code: str) -> Code | None:
    return _BY_CODE.get(code)


# ------------------------------------------------------------------- exceptions
class VnnewsError(Exception):
    """Base of the errors a person can act on (the CLI prints the message, no traceback)."""

    exit_code = 2

    def __init__(self, code: Code, message: str):
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.args[0]} [{self.code.code}]"


class ConfigError(VnnewsError, ValueError):
    """Bad settings file, option value or pipeline."""


class InputError(VnnewsError, FileNotFoundError):
    """A named input (file, database) does not exist."""

    exit_code = 1


class OutputError(VnnewsError, OSError):
    """An output cannot be written (missing folder, permission)."""

    exit_code = 1


class MissingDependency(VnnewsError, ImportError):
    """An optional dependency is missing; the message says what to install."""

    def __init__(self, what: str, hint: str, code: Code = E.MISSING_EXTRA):
        super().__init__(code, f"{what} needs an optional dependency: {hint}")
        self.hint = hint


class Rejected(Exception):
    """Raised by a per-document function to drop that document with a reason.

    ``reason`` is a :class:`Code` (preferred) or a registered reason text."""

    def __init__(self, reason: "Code | str", detail: str = ""):
        if isinstance(reason, Code):
            code, text = reason.code, reason.reason
        else:
            code, text = code_for(reason), reason
        super().__init__(text)
        self.reason = text
        self.code = code
        self.detail = detail


# ------------------------------------------------------------------ terminal text
def safe(text: object, limit: int = 500) -> str:
    """``text`` fit for one terminal line: control characters (C0, C1, DEL, line and
    paragraph separators, bidi controls) escaped as ``\\xNN``/``\\uNNNN``, lone
    surrogates escaped, cut at ``limit`` characters. Use with ``markup=False`` or
    :func:`rich_safe` so that ``[...]`` is never read as Rich markup."""
    s = str(text)
    out = []
    for ch in s[: limit + 1]:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o < 0xA0:
            out.append("\\x%02x" % o)
        elif o in (0x2028, 0x2029, 0x200E, 0x200F, 0x061C) or 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 \
                or 0xD800 <= o <= 0xDFFF:
            out.append("\\u%04x" % o)
        else:
            out.append(ch)
    r = "".join(out)
    if len(s) > limit:
        r = r[:limit] + "…"
    return r


def rich_safe(text: object, limit: int = 500) -> str:
    """:func:`safe`, and Rich markup escaped (for strings put inside markup)."""
    from rich.markup import escape

    return escape(safe(text, limit))
