"""HTML pages: main text and metadata with trafilatura (lazy import), plus what it misses
on Vietnamese news sites.

One lxml parse serves everything:

1. boxes that Vietnamese sites put in and around the article and that trafilatura keeps
   (class or id "tin-lien-quan", "box-category", "related…", "tags", "share", …) are
   pruned before trafilatura sees the tree;
2. trafilatura extracts the main text and the metadata (title, author, date, site name,
   tags);
3. the lead paragraph ("sapo"), which many sites keep outside the article body where
   trafilatura does not look, is put back in front of the text;
4. the publication date and time: the page's machine-readable published time
   (``article:published_time``, ``datePublished`` in JSON-LD), else the stamp under the
   headline (``<time datetime>`` or a line such as "Thứ sáu, 14/8/2020 - 08:47"), else
   trafilatura's day (htmldate, without its slow extensive search);
5. when trafilatura finds nothing (or only a dump of layout tables), the page's visible
   text, one line per block element, is the text; the plain-text cleaner that runs next
   picks the article out of it.
"""
from __future__ import annotations

import functools
import html as htmllib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ..pipeline import Rejected

VN_TZ = timezone(timedelta(hours=7))
# htmldate's extensive search (dateparser over every date-like string in all locales) costs
# up to seconds a page; the publication time is taken from the page's own stamps below
TRAFILATURA_OPTIONS = dict(with_metadata=True, include_comments=False, include_tables=True,
                           include_images=False, deduplicate=False,
                           date_extraction_params={"original_date": True, "extensive_search": False})


def trafilatura_options() -> dict:
    """TRAFILATURA_OPTIONS with the latest acceptable date taken now (per run, never at import)."""
    return {**TRAFILATURA_OPTIONS, "date_extraction_params": {
        **TRAFILATURA_OPTIONS["date_extraction_params"], "max_date": datetime.now().strftime("%Y-%m-%d")}}


@dataclass
class HtmlArticle:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    original_source: str | None = None  # "Theo X (Tuổi Trẻ)", "Xem bài gốc tại X" in a credit element
    fallback: bool = False  # the text is the page's visible text, not trafilatura's article
    page_title: str | None = None  # the <title> element


_TAG = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->|<[^>]+>", re.I | re.S)
# class / id tokens of boxes that are not the article (matched against each token)
_BOX = re.compile(
    r"(?:^|[-_])(?:related\w*|relate|lien-?quan|tinlienquan|tin-?khac|tinkhac|cung-?chuyen-?muc|"
    r"same-?cate\w*|samecate|other-?news|news-?other|box-?category|box-?cate|xem-?them|doc-?them|"
    r"read-?more|also-?read|newsletter|cookie\w*|share|sharing|social|sharedaddy|tags?|tag-?list|tagdetail|"
    r"hashtags?|"
    r"keywords?|tu-?khoa|breadcrumbs?|sidebar|widget\w*|banner|ads|advert\w*|quang-?cao|"
    r"most-?viewed|most-?read|xem-?nhieu|doc-?nhieu|tin-?moi|recommend\w*|suggest\w*|"
    r"menu|navigation|navbar|poll|vote|tham-?do|rating)(?:$|[-_\d])", re.I)
_SAPO = re.compile(r"(?:^|[-_])(?:sapo|description|lead|chapeau|summary|intro)(?:$|[-_])", re.I)
_TAG_BOX = re.compile(r"(?:^|[-_])(?:tags?|tag-?list|tagdetail|keywords?|tu-?khoa|hashtags?)(?:$|[-_\d])", re.I)
_CREDIT_BOX = re.compile(r"(?:^|[-_\s])(?:author|byline|source|tac-?gia|nguon|credit)", re.I)
_PROTECTED = frozenset(("html", "body", "main", "h1"))
_DROP_TAGS = frozenset(("script", "style", "noscript", "template", "select", "option", "button", "input",
                        "textarea", "svg", "iframe", "head", "form"))
_BLOCK = frozenset(("p", "div", "br", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4",
                    "h5", "h6", "section", "article", "header", "footer", "nav", "aside", "main",
                    "blockquote", "figure", "figcaption", "dd", "dt", "dl", "pre", "hr", "center", "address",
                    "caption", "tbody", "thead", "title"))
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "publish-date", "article.published")
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')
_JUNK_AUTHORS = re.compile(r"^(?:admin|administrator|quản trị viên|quan tri vien|ban biên tập|"
                           r"biên tập viên|btv|editor|webmaster|root|user|guest)$", re.I)


_QUIET = ("trafilatura", "htmldate", "courlan", "justext", "readability")


@functools.lru_cache(maxsize=1)
def _trafilatura():
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - core dependency
        raise Rejected("missing dependency", "pip install trafilatura lxml_html_clean") from e
    # their warnings about one bad page ("not valid HTML") would reach stderr through
    # logging's last-resort handler; a page we cannot read is reported as a Drop instead
    for name in _QUIET:
        lg = logging.getLogger(name)
        if lg.level == logging.NOTSET:
            lg.setLevel(logging.CRITICAL)
    return trafilatura


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Main text (paragraphs separated by newlines) and metadata of one page.

    Falls back to the page's visible text (scripts and styles removed) when
    trafilatura finds no main text; rejects pages with no text at all."""
    traf = _trafilatura()
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
    except Exception:  # not parseable as HTML at all: the visible text below
        tree = None
    info = _PageInfo()
    if tree is not None:
        try:
            info = _walk(tree)
        except Exception:  # an odd tree: trafilatura alone (the tree may be half pruned)
            info = _PageInfo()
    res = None
    if tree is not None:
        try:
            res = traf.bare_extraction(tree, url=url, **trafilatura_options())
        except Exception:  # a page trafilatura cannot parse: use the fallback below
            res = None
    if res is not None and not isinstance(res, dict):
        res = res.as_dict()
    res = res or {}
    text = res.get("text") or ""
    fallback = False
    if not text.strip() or _table_dump(text):
        try:
            text = _tree_text(tree) if tree is not None else _visible_text(html)
        except Exception:
            text = _visible_text(html)
        fallback = True
    elif info.sapo and _canon(info.sapo) not in _canon(text):
        text = info.sapo + "\n" + text
    if not text.strip():
        raise Rejected("no text in HTML page")
    tags: list[str] = []
    for v in (res.get("tags"), res.get("categories"), info.tags):
        if isinstance(v, str):
            v = [v]
        for t in (x for item in v or [] for x in re.split(r"[,;]", str(item))):
            t = " ".join(t.split()).lstrip("#").strip()
            if t and t.lower() not in (x.lower() for x in tags):
                tags.append(t)
        if tags:
            break  # the page's own tag list (meta) first; its visible tag row otherwise
    return HtmlArticle(
        text=text,
        title=_clean(res.get("title")),
        author=_author(res.get("author")),
        date=_published(res.get("date"), info),
        sitename=_clean(res.get("sitename")),
        url=res.get("url") or url,
        tags=tags,
        original_source=info.original_source,
        fallback=fallback,
        page_title=info.page_title,
    )


@dataclass
class _PageInfo:
    sapo: str | None = None
    datetimes: list[str] = field(default_factory=list)  # machine-readable (meta, JSON-LD), in page order
    stamps: list[str] = field(default_factory=list)  # visible date stamps (after the h1 first)
    page_title: str | None = None
    original_source: str | None = None
    tags: list[str] = field(default_factory=list)  # the links of a visible tag row


def _walk(tree) -> _PageInfo:
    """One pass over the tree: prune boxes, find the sapo, the date stamps, the credited
    original outlet and <title>."""
    from .meta import parse_byline, parse_date_line

    info = _PageInfo()
    prune = []
    seen_h1 = False
    after_h1 = 0
    early: list[str] = []  # stamps before the h1 (a site's "today" bar, or a page without h1)
    gone: dict[int, object] = {}  # pruned elements and everything inside them, by id (kept
    # alive here: lxml reuses the id of a proxy object once it is freed)
    for el in tree.iter():
        parent = el.getparent()
        if parent is not None and id(parent) in gone:
            gone[id(el)] = el
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
            if key in _DATE_META and el.get("content"):
                info.datetimes.append(el.get("content"))
            continue
        if tag == "time" and el.get("datetime"):
            if seen_h1 and after_h1 < 40:  # not the times of a list of other stories
                info.stamps.append(_iso_datetime(el.get("datetime")) or "")
        elif tag == "script":
            if "ld+json" in (el.get("type") or "") and el.text:
                info.datetimes += _LD_DATE.findall(el.text)
            continue
        elif tag == "title" and info.page_title is None:
            info.page_title = " ".join((el.text_content() or "").split()) or None
            continue
        elif tag == "h1":
            seen_h1 = True
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if info.original_source is None and (tag == "a" or (names and _CREDIT_BOX.search(names))):
            t = " ".join(el.text_content().split())
            if 2 <= len(t) <= 90 and (tag != "a" or t.lower().startswith(("xem bài gốc", "đọc bài gốc", "bài gốc"))):
                by = parse_byline(t)
                if by and by.original_source:
                    info.original_source = by.original_source
        if names and tag not in _PROTECTED and _is_box(el, names):
            prune.append(el)
            gone[id(el)] = el
            if not info.tags and any(_TAG_BOX.search(t) for t in names.split()):
                info.tags = _tag_row(el)
            continue
        if seen_h1 and after_h1 < 40:
            after_h1 += 1
            if info.sapo is None and names and any(_SAPO.search(t) for t in names.split()):
                s = " ".join(el.text_content().split())
                if len(s.split()) >= 8:
                    info.sapo = s
        t = el.text
        if t and 8 <= len(t) <= 90 and (not len(el) or el[0].tag == "br") and (after_h1 < 40 or not seen_h1) \
                and len(early) < 20:
            iso = parse_date_line(" ".join(t.split()))
            if iso:
                (info.stamps if seen_h1 else early).append(iso)
    for el in prune:  # none is inside another
        if el.getparent() is not None:
            _drop(el)
    info.stamps += early
    if not seen_h1:  # no h1: the sapo is looked for anywhere (still after the pruning)
        for el in tree.iter():
            names = " ".join(filter(None, (el.get("class"), el.get("id")))) if isinstance(el.tag, str) else ""
            if names and el.tag != "meta" and any(_SAPO.search(t) for t in names.split()):
                s = " ".join(el.text_content().split())
                if len(s.split()) >= 8:
                    info.sapo = s
                    break
    return info


def _tag_row(el) -> list[str]:
    """The tags of a visible tag row: its links, or its text split at commas."""
    tags = [" ".join(a.text_content().split()) for a in el.iter("a")]
    if not any(tags):
        text = " ".join(el.text_content().split())
        text = re.sub(r"^(?:Tags?|Từ khóa|Từ khoá|Thẻ|Keywords?|Chủ đề)\s*:?\s*", "", text, flags=re.I)
        tags = re.split(r"\s*[,;]\s*", text) if len(text) <= 300 else []
    return [t for t in tags if t and len(t) <= 60][:30]


def _is_box(el, names: str) -> bool:
    if not any(_BOX.search(t) for t in names.split()):
        if "related" not in (el.get("type") or "").lower():
            return False
    # never a container of the article itself: it holds the h1 or running text
    if el.find(".//h1") is not None:
        return False
    long_ps = 0
    for p in el.iter("p"):
        if len((p.text_content() or "").split()) >= 25:
            long_ps += 1
            if long_ps >= 3:
                return False
    return True


def _drop(el) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _published(date: str | None, info: _PageInfo) -> str | None:
    """The publication date(time): the page's machine-readable published time (meta,
    JSON-LD), else the stamp under the headline, else trafilatura's day; a day is
    completed with the time of a stamp of the same day."""
    machine = [d for d in (_iso_datetime(x) for x in info.datetimes) if d]
    stamps = [x for x in info.stamps if x]
    best = machine[0] if machine else stamps[0] if stamps else date
    if best and "T" not in best:
        for d in machine + stamps:
            if d[:10] == best[:10] and "T" in d:
                return d
    return best


def _iso_datetime(s: str) -> str | None:
    s = s.strip()
    try:
        dt = datetime.fromisoformat(s.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", s) else s)
    except ValueError:
        return None
    if len(s) <= 10:
        return dt.date().isoformat()
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ).isoformat(timespec="seconds")


def _table_dump(text: str) -> bool:
    """Trafilatura's text is a page laid out with tables ("| … | … |" rows) rather than an article."""
    rows = sum(len(ln) for ln in text.split("\n") if ln.lstrip().startswith("|"))
    return rows > 0.5 * len(text)


def _tree_text(tree) -> str:
    """Visible text of a parsed page, one line per block element."""
    from lxml import etree

    out: list[str] = []
    skip = 0
    for event, el in etree.iterwalk(tree, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _DROP_TAGS or not tag:
                skip += 1
                continue
            if skip:
                continue
            if tag in _BLOCK:
                out.append("\n")
            if el.text:
                out.append(el.text)
        else:
            if tag in _DROP_TAGS or not tag:
                skip -= 1
            elif not skip and tag in _BLOCK:
                out.append("\n")
            if not skip and el.tail:
                out.append(el.tail)
    lines = (" ".join(x.split()) for x in "".join(out).split("\n"))
    return "\n".join(x for x in lines if x)


def _visible_text(html: str) -> str:
    body = _TAG.sub("\n", html)
    lines = [" ".join(htmllib.unescape(x).split()) for x in body.split("\n")]
    return "\n".join(x for x in lines if x)


def _canon(s: str) -> str:
    return " ".join(s.split())


def _clean(s: str | None) -> str | None:
    s = " ".join((s or "").split())
    return s or None


def _author(s: str | None) -> str | None:
    s = _clean(s)
    if not s:
        return None
    s = re.sub(r"^(?:Bởi|By|Tác giả|Người viết)\s*:?\s+", "", s, flags=re.I)
    names = [n.strip() for n in re.split(r"\s*;\s*", s) if n.strip() and not _JUNK_AUTHORS.match(n.strip())]
    return "; ".join(names) or None
