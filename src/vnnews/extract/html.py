"""HTML pages: main text and metadata with trafilatura (lazy import), plus what it misses
on Vietnamese news sites. Never less than trafilatura keeps.

One lxml parse serves everything:

1. one walk over the tree finds the boxes that Vietnamese sites put in and around the
   article (class or id "tin-lien-quan", "box-category", "related…", "tags", "share", …):
   block containers only, never an inline element (a tag link ``<a class="cms-relate">``
   inside a sentence) nor anything inside a paragraph, nor a container holding the h1 or
   running text; and the sapo, the date stamps, the h1s, og:title, <title>;
2. trafilatura extracts the main text of the whole page (its own extraction: nothing is
   removed before it) and the metadata (title, author, site name, tags; htmldate's date
   only when the page has no stamp of its own);
3. the lines of trafilatura's text that are the text of a box are taken out: whole lines,
   never a word out of a paragraph;
4. safety net: when that leaves under 60 % of trafilatura's text, or loses its first
   paragraph, trafilatura's own text is used;
5. the lead paragraph ("sapo"), which many sites keep outside the article body where
   trafilatura does not look, is put back in front of the text; trafilatura's "- " before
   list items is dropped (the outlet's characters are the item's);
6. the publication date and time: JSON-LD ``datePublished``, then
   ``article:published_time``, then ``pubdate``/``datePublished`` metas, then generic
   date metas, else the stamp under the headline (``<time datetime>`` or a line such as
   "Thứ sáu, 14/8/2020 - 08:47"), else trafilatura's day; never a clock in the page chrome
   before a machine-readable time;
7. the title: the article's h1 (the one agreeing with og:title or <title>; a page has
   logo and sidebar h1s too), else og:title, else <title> without a trailing site name;
8. when trafilatura finds nothing (or only a dump of layout tables), the page's visible
   text without the boxes, one line per block element, is the text; the plain-text
   cleaner that runs next picks the article out of it.
"""
from __future__ import annotations

import functools
import html as htmllib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from ..pipeline import Rejected
from ..settings import DEFAULT, ExtractSettings

VN_TZ = timezone(timedelta(hours=7))
# trafilatura's options; tables, comments and htmldate's extensive date search come from
# the settings (section ``extract``): :func:`trafilatura_options`
TRAFILATURA_OPTIONS = dict(with_metadata=True, include_images=False, deduplicate=False,
                           date_extraction_params={"original_date": True})


def trafilatura_options(settings: ExtractSettings | None = None) -> dict:
    """TRAFILATURA_OPTIONS with the settings' choices and the latest acceptable date taken
    now (per run, never at import)."""
    settings = settings or DEFAULT.extract
    return {**TRAFILATURA_OPTIONS, "include_comments": settings.include_comments,
            "include_tables": settings.include_tables,
            "date_extraction_params": {**TRAFILATURA_OPTIONS["date_extraction_params"],
                                       "extensive_search": settings.extensive_date_search,
                                       "max_date": datetime.now().strftime("%Y-%m-%d")}}


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


def _whole(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The per-token pattern ``(?:^|[-_])…(?:$|[-_…])`` as one search over all the tokens of
    a class/id string (tokens separated by blanks): one regex call per element."""
    pat = rx.pattern.replace("(?:^|[-_])", r"(?:^|[-_\s])", 1)
    head, sep, tail = pat.rpartition("(?:$|[-_")
    return re.compile(head + r"(?=$|\s|[-_" + tail, rx.flags) if sep else rx


_BOX_ANY, _SAPO_ANY, _TAG_ANY = _whole(_BOX), _whole(_SAPO), _whole(_TAG_BOX)
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
# precedence of the machine-readable published times (lower first); JSON-LD is 0
_DATE_RANK = {"article:published_time": 1, "og:published_time": 1, "datepublished": 2, "pubdate": 2,
              "publishdate": 2, "publish-date": 2, "article.published": 2, "dc.date.issued": 3,
              "dcterms.created": 3, "dc.date": 4, "date": 4}
_BOX_TAGS = frozenset(("div", "section", "aside", "nav", "ul", "ol", "li", "table", "tbody", "tr", "td",
                       "header", "footer", "dl", "p", "figure", "form", "center", "article"))
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


def extract_html(html: str, url: str | None = None, settings: ExtractSettings | None = None) -> HtmlArticle:
    """Main text (paragraphs separated by newlines) and metadata of one page.

    Falls back to the page's visible text (scripts and styles removed) when
    trafilatura finds no main text; rejects pages with no text at all."""
    settings = settings or DEFAULT.extract
    options = trafilatura_options(settings)
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
    meta: dict = {}
    if tree is not None:
        try:  # trafilatura's own extraction of the whole page (nothing pruned) ...
            res = traf.bare_extraction(tree, url=url, **{**options, "with_metadata": False})
        except Exception:  # a page trafilatura cannot parse: use the fallback below
            res = None
        try:  # ... and its metadata, without htmldate's search unless the page has no stamp
            meta = _traf_metadata(tree, url, need_date=not (info.datetimes or info.stamps),
                                  date_params=options["date_extraction_params"])
        except Exception:
            meta = {}
    if res is not None and not isinstance(res, dict):
        res = res.as_dict()
    res = {**(res or {}), **{k: v for k, v in meta.items() if v}}
    own = res.get("text") or ""
    fallback = False
    if not own.strip() or _table_dump(own):
        try:
            if tree is not None:
                _prune(info)
            text = _tree_text(tree) if tree is not None else _visible_text(html)
        except Exception:
            text = _visible_text(html)
        fallback = True
    else:
        text = _without_boxes(own, info)
        if _safety_net(text, own, settings.safety_share):
            text = own  # ours lost too much of what trafilatura keeps: trafilatura's
        text = _undash_items(text, tree)
        if info.sapo and _canon(info.sapo) not in _canon(text):
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
        title=_title(info, res.get("title")),
        author=_author(res.get("author")),
        date=_published(res.get("date"), info),
        sitename=_clean(res.get("sitename")),
        url=res.get("url") or url,
        tags=tags,
        original_source=info.original_source,
        fallback=fallback,
        page_title=info.page_title,
    )


def _traf_metadata(tree, url: str | None, need_date: bool, date_params: dict | None = None) -> dict:
    """trafilatura's ``extract_metadata`` (title, author, url, sitename, categories, tags;
    its date only when ``need_date``): the same helpers in the same order, without
    htmldate's date search where the page's own stamps decide the date anyway."""
    try:
        from trafilatura.metadata import (META_URL, examine_meta, extract_author, extract_catstags,
                                          extract_meta_json, extract_sitename, extract_title, extract_url)
    except ImportError:  # another trafilatura: its whole metadata step
        from trafilatura.metadata import extract_metadata

        return extract_metadata(tree, url, date_params or trafilatura_options()["date_extraction_params"]).as_dict()
    m = examine_meta(tree)
    if m.author and " " not in m.author:
        m.author = None
    try:
        m = extract_meta_json(tree, m)
    except Exception:
        pass
    if not m.title:
        m.title = extract_title(tree)
    if not m.author:
        m.author = extract_author(tree)
    if not m.url:
        m.url = extract_url(tree, url)
    if need_date:
        from htmldate import find_date

        m.date = find_date(tree, **{**(date_params or trafilatura_options()["date_extraction_params"]), "url": m.url})
    if not m.sitename:
        m.sitename = extract_sitename(tree)
    if m.sitename:
        m.sitename = m.sitename.lstrip("@")
        if m.sitename and "." not in m.sitename and not m.sitename[0].isupper():
            m.sitename = m.sitename.title()
    elif m.url:
        mm = META_URL.match(m.url)
        if mm:
            m.sitename = mm[1]
    if not m.tags:
        m.tags = extract_catstags("tag", tree)
    if not m.categories and not m.tags:  # categories are only used when there are no tags
        m.categories = extract_catstags("category", tree)
    return {k: getattr(m, k, None) for k in ("title", "author", "url", "date", "sitename", "categories", "tags")}


@dataclass
class _PageInfo:
    sapo: str | None = None
    datetimes: list[str] = field(default_factory=list)  # machine-readable (meta, JSON-LD), in page order
    stamps: list[str] = field(default_factory=list)  # visible date stamps (after the h1 first)
    page_title: str | None = None
    original_source: str | None = None
    tags: list[str] = field(default_factory=list)  # the links of a visible tag row
    boxes: list = field(default_factory=list)  # block containers outside the body (not pruned)
    gone: dict = field(default_factory=dict)  # the boxes and everything inside them, by id
    h1s: list[str] = field(default_factory=list)  # texts of the h1 elements outside boxes
    og_title: str | None = None
    site_name: str | None = None


def _walk(tree) -> _PageInfo:
    """One pass over the tree: find the boxes (not removed: trafilatura sees the whole
    page), the sapo, the date stamps, the h1s, the credited original outlet and <title>."""
    from .meta import parse_byline, parse_date_line

    info = _PageInfo()
    prune = info.boxes
    seen_h1 = False
    after_h1 = 0
    early: list[str] = []  # stamps before the h1 (a site's "today" bar, or a page without h1)
    gone = info.gone  # boxes and everything inside them, by id (kept alive there: lxml
    # reuses the id of a proxy object once it is freed)
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
                info.datetimes.append((_DATE_RANK.get(key, 9), el.get("content")))
            elif key == "og:title" and info.og_title is None:
                info.og_title = _clean(el.get("content"))
            elif key in ("og:site_name", "application-name") and info.site_name is None:
                info.site_name = _clean(el.get("content"))
            continue
        if tag == "time" and el.get("datetime"):
            if seen_h1 and after_h1 < 40:  # not the times of a list of other stories
                info.stamps.append(_iso_datetime(el.get("datetime")) or "")
        elif tag == "script":
            if "ld+json" in (el.get("type") or "") and el.text:
                info.datetimes += [(0, d) for d in _LD_DATE.findall(el.text)]
            continue
        elif tag == "title" and info.page_title is None:
            info.page_title = " ".join((el.text_content() or "").split()) or None
            continue
        elif tag == "h1":
            seen_h1 = True
            h = " ".join(el.text_content().split())
            if h:
                info.h1s.append(h)
        cls, eid = el.get("class"), el.get("id")
        names = f"{cls} {eid}" if cls and eid else cls or eid or ""
        if info.original_source is None and (
                (tag == "a" and (el.text or "").lstrip()[:3].lower() in ("xem", "đọc", "bài"))
                or (names and _CREDIT_BOX.search(names))):
            t = " ".join(el.text_content().split())
            if 2 <= len(t) <= 90 and (tag != "a" or t.lower().startswith(("xem bài gốc", "đọc bài gốc", "bài gốc"))):
                by = parse_byline(t)
                if by and by.original_source:
                    info.original_source = by.original_source
        if names and not info.tags and tag not in ("a", "p", "meta") and \
                _TAG_ANY.search(names) and el.find(".//h1") is None:
            info.tags = _tag_row(el)
        if names and tag not in _PROTECTED and _is_box(el, names):
            prune.append(el)
            gone[id(el)] = el
            continue
        if seen_h1 and after_h1 < 40:
            after_h1 += 1
            if info.sapo is None and names and _SAPO_ANY.search(names):
                s = " ".join(el.text_content().split())
                if len(s.split()) >= 8:
                    info.sapo = s
        t = el.text
        if t and 8 <= len(t) <= 90 and (not len(el) or el[0].tag == "br") and (after_h1 < 40 or not seen_h1) \
                and len(early) < 20:
            iso = parse_date_line(" ".join(t.split()))
            if iso:
                (info.stamps if seen_h1 else early).append(iso)
    info.stamps += early
    if not seen_h1:  # no h1: the sapo is looked for anywhere (outside the boxes)
        for el in tree.iter():
            if id(el) in gone:
                continue
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
    """A block container of links/teasers/chrome outside the article body. Inline
    elements (a tag link ``<a class="cms-relate">`` inside a sentence) never are, nor is
    anything inside a paragraph."""
    if el.tag not in _BOX_TAGS:
        return False
    if not _BOX_ANY.search(names):
        if "related" not in (el.get("type") or "").lower():
            return False
    for anc in el.iterancestors():
        if anc.tag == "p":
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


def _prune(info: _PageInfo) -> None:
    """Remove the boxes from the tree (for the visible-text fallback)."""
    for el in info.boxes:  # none is inside another
        if el.getparent() is not None:
            _drop(el)


_ITEM = re.compile(r"^\s*(?:[-•*·+]|\d+[.)])\s+")


def _box_texts(info: _PageInfo) -> tuple[set[str], str]:
    """The text pieces of the boxes (each text node, and each box whole), and all box texts
    joined (for teasers that trafilatura writes as one line)."""
    pieces: set[str] = set()
    whole: list[str] = []
    for el in info.boxes:
        for t in el.itertext():
            t = _canon(t)
            if t:
                pieces.add(t)
        w = _canon(el.text_content() or "")
        if w:
            pieces.add(w)
            whole.append(w)
    return pieces, "\x00".join(whole)


def _without_boxes(text: str, info: _PageInfo) -> str:
    """Trafilatura's text without the lines that are the text of a box (a block container
    outside the body: related links, teasers, tag rows, share bars, sidebars). Whole lines
    only, never a word out of a paragraph: a line goes when it is a text piece of a box, or
    (4+ words) lies inside one box's text."""
    if not info.boxes:
        return text
    pieces, whole = _box_texts(info)
    out = []
    for ln in text.split("\n"):
        c = _canon(ln)
        bare = _ITEM.sub("", c).strip("| ").strip()
        if c and (c in pieces or bare in pieces
                  or (len(bare) <= 400 and bare.count(" ") >= 3 and bare in whole)):
            continue
        out.append(ln)
    return "\n".join(out)


def _undash_items(text: str, tree) -> str:
    """Drop the "- " that trafilatura writes before each list item: the outlet's characters
    are the item's text (a "- " the page itself wrote stays)."""
    if "\n- " not in "\n" + text or tree is None:
        return text
    items = {_canon(li.text_content() or "") for li in tree.iter("li")}
    out = []
    for ln in text.split("\n"):
        if ln.startswith("- "):
            c = _canon(ln)
            if c not in items and _canon(ln[2:]) in items:
                ln = ln[2:]
        out.append(ln)
    return "\n".join(out)


def _safety_net(ours: str, own: str, share: float | None = None) -> bool:
    """True when our body is much shorter than trafilatura's own extraction (under
    ``share`` of it, default settings ``extract.safety_share`` = 60 %) or misses its
    first paragraph (its first line of at least 12 words)."""
    a, b = len(_canon(ours)), len(_canon(own))
    if b and a < (share if share is not None else DEFAULT.extract.safety_share) * b:
        return True
    first = next((ln for ln in own.split("\n") if len(ln.split()) >= 12), None)
    return first is not None and _canon(first) not in _canon(ours)


def _title(info: _PageInfo, traf_title: str | None) -> str | None:
    """The article's h1, else og:title, else <title> without the site suffix, else
    trafilatura's title. The article's h1 is the one that agrees with og:title/<title>
    (a page has site-logo and sidebar h1s too); with neither, the first h1 of 4+ words."""
    refs = [x for x in (info.og_title, info.page_title) if x]
    best, best_score = None, 0.0
    for h in info.h1s:
        if len(h) > 300:
            continue
        for r in refs:
            score = _overlap(h, r)
            if score > best_score:
                best, best_score = h, score
    if best is not None and best_score >= 0.6:
        return best
    if not refs:
        h = next((x for x in info.h1s if 4 <= len(x.split()) <= 60), None)
        if h:
            return h
    if info.og_title:
        return _strip_site(info.og_title, info.site_name)
    if info.page_title:
        return _strip_site(info.page_title, info.site_name)
    return _clean(traf_title)


def _overlap(h1: str, ref: str) -> float:
    """Share of the h1's words found in the reference title (case-insensitive)."""
    a = h1.lower().split()
    b = set(ref.lower().split())
    return sum(w in b for w in a) / len(a) if a else 0.0


_SITE_SUFFIX = re.compile(r"\s+(?:[-|–—:]|::)\s+([^-|–—]{2,40})$")
_SITE_WORDS = re.compile(r"\.(?:vn|com|net|org)\b|^(?:báo|tạp chí|cổng thông tin|trang tin|kênh)\b|"
                         r"\b(?:online|news|tv|plus|express|vnexpress|zing|times|media|portal)\b", re.I)


def _strip_site(t: str, site: str | None = None) -> str:
    """"Tiêu đề - VnExpress Kinh doanh" -> "Tiêu đề": one trailing segment is taken off only
    when it names the site (its og:site_name, a domain, "Báo …", "… Online"); "Bão Noru đổ
    bộ Quảng Nam - Quảng Ngãi" keeps its second half."""
    t = " ".join(t.split())
    m = _SITE_SUFFIX.search(t)
    if not m:
        return t
    seg = m.group(1).strip()
    named = bool(_SITE_WORDS.search(seg))
    if site and not named:
        a, b = set(seg.lower().split()), set(site.lower().replace(".", " ").split())
        named = bool(a & b) and len(a) <= 6
    stripped = t[:m.start()].rstrip()
    return stripped if named and len(stripped.split()) >= 3 else t


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
    # JSON-LD datePublished, article:published_time, pubdate ... before generic "date" metas
    ranked = sorted(info.datetimes, key=lambda rx: rx[0])  # stable: page order within a rank
    machine = [d for d in (_iso_datetime(x) for _, x in ranked) if d]
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


_RAW_OPEN = re.compile(r"<(script|style|noscript|template)\b", re.I)
_RAW_CLOSE = {n: re.compile(rf"</{n}\s*>", re.I) for n in ("script", "style", "noscript", "template")}


class _NextMatch:
    """Next match of a pattern at or after a position, remembered: over a left-to-right
    scan every search starts where the last one left off, so the scan stays linear."""

    def __init__(self, text: str, find):
        self.text, self.find = text, find
        self.start, self.found = -1, None  # last search start and its result (-1: none)

    def at(self, pos: int):
        if self.found is not None and self.start <= pos and (self.found == -1 or self.found[0] >= pos):
            return self.found
        self.start, self.found = pos, self.find(self.text, pos)
        return self.found


def _strip_tags(html: str) -> str:
    """``_TAG.sub("\n", html)`` in linear time (the regex rescans to the end of the text
    from every unclosed ``<script>``: quadratic on hostile pages)."""
    def regex(p):
        def f(t, pos):
            m = p.search(t, pos)
            return (m.start(), m.end()) if m else -1
        return f

    def literal(sub):
        def f(t, pos):
            i = t.find(sub, pos)
            return (i, i + len(sub)) if i >= 0 else -1
        return f

    closes = {n: _NextMatch(html, regex(p)) for n, p in _RAW_CLOSE.items()}
    comment_end = _NextMatch(html, literal("-->"))
    gt = _NextMatch(html, literal(">"))
    out: list[str] = []
    pos = i = 0
    while True:
        i = html.find("<", i)
        if i < 0:
            break
        end = -1
        m = _RAW_OPEN.match(html, i)
        if m:
            c = closes[m.group(1).lower()].at(m.end())
            if c != -1:
                end = c[1]
        if end < 0 and html.startswith("<!--", i):
            c = comment_end.at(i + 4)
            if c != -1:
                end = c[1]
        if end < 0:
            c = gt.at(i + 1)
            if c != -1 and c[0] > i + 1:
                end = c[1]
        if end < 0:
            i += 1
            continue
        out.append(html[pos:i])
        out.append("\n")
        pos = i = end
    out.append(html[pos:])
    return "".join(out)


def _visible_text(html: str) -> str:
    body = _strip_tags(html)
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
