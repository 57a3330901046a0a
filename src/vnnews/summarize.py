"""Extractive, sourced multi-document summary of one event.

Every summary sentence is a verbatim body sentence of one article. Candidates are
scored by

* **centrality**: cosine of the sentence's TF-IDF vector (syllables and syllable
  bigrams, IDF over the sentences of the event) to the event centroid;
* **position**: lead sentences of an article weigh more (news leads carry the story);
* **support**: share of the other voices (distinct outlets; a syndicated copy,
  ``duplicate_of``, is one voice with its original) with a similar sentence;
* **facts**: density of figures, dates and named people/organisations/places when
  the facts of the articles are given;

and penalised when they open with a connective that needs the previous sentence.
Selection is MMR (maximal marginal relevance) under a syllable budget, never cutting
a sentence. The result is chronological: by publication time, then position, of the
first report of each sentence's content (its own, or a close sentence of an earlier
article). Each summary sentence cites every article that says the same thing, with
offsets into its text.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Document, Facts, Sentence, SummarySentence
from .nlp.tokens import syllables
from .settings import SummaryParams  # noqa: F401 (weights live in the Settings tree)

# A complete sentence ends with a sentence mark, possibly followed by closing quotes.
_COMPLETE = re.compile(r"[.!?…][\"”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"”’»)\]]*$")
_BOILERPLATE = re.compile(
    r"Ảnh\s*:|\(Ảnh\b|\bẢnh minh họa|Xem thêm|Tin liên quan|Video\s*:|Clip\s*:|Nguồn\s*:"
    r"|\b(?:Bình luận|Chia sẻ)\s*(?:[:(]|\d|$)"
)
_CREDIT = re.compile(r"^(?:Theo|Nguồn)\s[^,]*$")  # "Theo NGUYÊN TRANG (Nhân dân)."
_CONNECTIVE = re.compile(
    r"^(?:Tuy nhiên|Tuy vậy|Tuy thế|Bởi vậy|Bởi vì|Bởi|Do đó|Do vậy|Vì vậy|Vì thế|Đó là|Đó"
    r"|Đây là|Điều này|Việc này|Ngoài ra|Bên cạnh đó|Đồng thời|Trước đó|Sau đó|Theo đó"
    r"|Cũng theo|Còn|Nhưng|Mặt khác|Thêm vào đó|Trong khi đó|Cụ thể|Như vậy|Chính vì vậy"
    r"|Song|Hơn nữa|Cùng với đó|Qua đó|Từ đó|Khi đó|Lúc đó|Ngay sau đó|Thế nhưng|Vậy)\b"
)
# Quoted spans: paired quotes, an unclosed opening quote (runs to the end) or a
# closing quote without its opening one (the quotation began in an earlier sentence).
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?|^[^“”\"]*”")
_SPEECH = re.compile(
    r"\b(?:cho biết|cho hay|nói|khẳng định|nhấn mạnh|tuyên bố|phát biểu|cho rằng|nêu rõ|"
    r"chia sẻ|bày tỏ|thông báo|tiết lộ|giải thích|kêu gọi|cảnh báo|thừa nhận|nhận định|"
    r"nhận xét|viết|trả lời|dẫn lời|kể|lưu ý|nhắc lại|cam kết|bác bỏ|phủ nhận|xác nhận|"
    r"khuyến cáo|đề nghị|yêu cầu|hỏi|tâm sự|mô tả|đánh giá|thông tin|trích|theo)\b",
    re.IGNORECASE,
)
# A photo credit glued before the sentence it precedes (flattened captions):
# "… (Ảnh: Reuters) Thỏa thuận …", "… - Ảnh: AFP Theo hãng tin …".
_CREDIT_BEFORE = re.compile(
    r"\((?:Ảnh|Nguồn)\b[^)]*\)\s+"
    r"|\bẢnh\s*:\s*(?:[A-ZĐ0-9][A-ZĐ0-9./&-]+|Reuters|Internet|Getty Images|Xinhua|Bloomberg)\s+"
)
# An outlet's dateline before the first sentence: "(Tổ Quốc) - ", "QĐND Online – ", "DNTH: ".
_DATELINE = re.compile(
    r"^(?:\([^()]{1,30}\)\s*[-–—:]|[A-ZĐ][\w.&]*(?:\s[A-ZĐ][\w.&]*){0,2}\s[-–—]|[A-ZĐ]{2,}[\w.&]*:)\s+"
)
_MIN_QUOTE_SYLLABLES = 5  # shorter quoted spans are terms (“lạc lối”), not quotations
_MIN_SYLLABLES = 6
# Bounds that keep a summary near-linear in the size of an event (a long article or an
# event of hundreds of articles): only the first sentences of an article are used, the
# candidates come from the first articles (by the given order, i.e. publication time);
# every article still counts for support and citations.
MAX_SENTENCES_PER_DOC = 80
MAX_CANDIDATES_PER_DOC = 40
MAX_CANDIDATE_DOCS = 40
LARGE_EVENT = 2000  # sentences
COMMON_TERM_SHARE = 0.05


DEFAULT_PARAMS = SummaryParams()


def count_syllables(text: str) -> int:
    """Length in syllables, counted as whitespace-separated tokens (a Vietnamese
    syllable is one token; a free-standing dash counts too, so this never undercounts)."""
    return len(text.split())


def _features(text: str) -> Counter[str]:
    syl = syllables(text)
    feats = Counter(syl)
    feats.update(f"{a} {b}" for a, b in zip(syl, syl[1:]))
    return feats


def _normalise(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in vec.values()))
    return {t: w / norm for t, w in vec.items()} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _is_unattributed_quote(text: str) -> bool:
    """True when the sentence carries a direct quotation but no speaker of its own.

    A quoted span is a quotation (not a quoted name or term) when it has at least
    ``_MIN_QUOTE_SYLLABLES`` syllables and opens the sentence, follows a colon, or
    closes the sentence; the speaker is a speech verb (or "theo") outside the quotes.
    """
    for m in _QUOTED.finditer(text):
        if len(syllables(m.group(0))) < _MIN_QUOTE_SYLLABLES:
            continue
        before, after = text[:m.start()].rstrip(), text[m.end():]
        if not before or before.endswith(":") or not syllables(after):
            outside = _QUOTED.sub(" ", text)
            return _SPEECH.search(outside) is None
    return False


def _trim(sent: Sentence, lead: bool) -> Sentence:
    """The sentence without what was glued before it: a photo credit (and its
    caption), or in an article's first sentence the outlet's dateline
    ("(Tổ Quốc) - ", "DNTH: "). The rest must start like a sentence."""
    cut = 0
    for m in _CREDIT_BEFORE.finditer(sent.text):
        cut = m.end()
    if not cut and lead:
        m = _DATELINE.match(sent.text)
        cut = m.end() if m else 0
    rest = sent.text[cut:]
    if not cut or not (rest[:1].isupper() or rest[:1] in "“\""):
        return sent
    return Sentence(rest, sent.start + cut, sent.end, sent.paragraph, sent.kind)


def is_candidate(sent: Sentence) -> bool:
    """Whether a sentence may appear in a summary at all (complete body sentence,
    not a question, not boilerplate, no unattributed quotation)."""
    text = sent.text.strip()
    return (
        sent.kind == "body"
        and len(syllables(text)) >= _MIN_SYLLABLES
        and _COMPLETE.search(text) is not None
        and _QUESTION.search(text) is None
        and _BOILERPLATE.search(text) is None
        and _CREDIT.match(text) is None
        and not _is_unattributed_quote(text)
    )


def _needs_context(text: str) -> bool:
    """Starts lower case, with a dash, or with a connective that needs the sentence before."""
    head = text.lstrip("\"“‘'( ")
    return not head or head[0].islower() or head[0] in "-–—" or _CONNECTIVE.match(head) is not None


@dataclass
class _Unit:
    """One body sentence of the event, with its vector."""

    doc: int
    voice: str
    sent: Sentence
    position: int
    vec: dict[str, float]


def voices(docs: list[Document]) -> list[str]:
    """The voice of each article: the original it copies (``duplicate_of``, followed
    through chains of copies within ``docs``; a cycle is one voice), else itself."""
    parent = {d.id: d.duplicate_of for d in docs}
    out = []
    for d in docs:
        path = [d.id]
        while parent.get(path[-1]) in parent:
            nxt = parent[path[-1]]
            if nxt in path:
                path = [min(path[path.index(nxt):])]
                break
            path.append(nxt)
        out.append(path[-1])
    return out


def _fact_count(doc: Document, facts: Facts, sent: Sentence) -> int:
    def inside(start: int, end: int, doc_id: str = "") -> bool:
        return (not doc_id or doc_id == doc.id) and sent.start <= start and end <= sent.end

    n = sum(inside(f.start, f.end, f.doc_id) for f in facts.figures if f.end > f.start)
    n += sum(inside(d.start, d.end) for d in facts.dates if d.end > d.start)
    n += sum(inside(m.start, m.end, m.doc_id) for p in facts.people for m in p.mentions)
    n += sum(1 for name in (*facts.organizations, *facts.places) if name and name in sent.text)
    return n


def _vectorise(texts: list[list[Counter[str]]]) -> list[list[dict[str, float]]]:
    """TF-IDF vectors (sublinear tf; smoothed idf over all the given texts: the
    event's sentences and titles), L2-normalised."""
    flat = [f for group in texts for f in group]
    df: Counter[str] = Counter()
    for f in flat:
        df.update(f.keys())
    n = len(flat)
    idf = {t: math.log((n + 1) / (k + 1)) + 1.0 for t, k in df.items()}
    return [[_normalise({t: (1.0 + math.log(c)) * idf[t] for t, c in f.items()}) for f in group]
            for group in texts]


def summarize(
    docs: list[Document],
    max_words: int = 250,
    facts: dict[str, Facts] | None = None,
    params: SummaryParams = DEFAULT_PARAMS,
) -> list[SummarySentence]:
    """Extractive summary of the articles of one event, at most ``max_words`` syllables.

    ``docs`` need ``sentences`` filled (``nlp.split_sentences``). Sentences are kept
    whole and verbatim; each cites its own article first, then every other article
    with a sentence saying the same thing (cosine ≥ ``params.same_threshold``), with
    ``offsets[doc_id] = [start, end]`` into that article's text.
    """
    if not docs:
        return []
    voice_of = voices(docs)
    units_by_doc: list[list[_Unit]] = []
    feats_by_doc: list[list[Counter[str]]] = []
    for i, doc in enumerate(docs):
        body = [s for s in doc.sentences if s.kind == "body" and s.text.strip()][:MAX_SENTENCES_PER_DOC]
        body = [_trim(s, k == 0) for k, s in enumerate(body)]
        feats_by_doc.append([_features(s.text) for s in body])
        units_by_doc.append([_Unit(i, voice_of[i], s, k, {}) for k, s in enumerate(body)])
    titles = [_features(d.title) for d in docs if d.title]
    vecs = _vectorise(feats_by_doc + [titles])
    for units, dvecs in zip(units_by_doc, vecs):
        for u, v in zip(units, dvecs):
            u.vec = v
    title_vec = _centroid(vecs[-1])
    units = [u for group in units_by_doc for u in group]

    # Originals speak for their voice; syndicated copies only add sources.
    speaking = {d.id: i for i, d in enumerate(docs) if voice_of[i] == d.id}
    own = [u for u in units if speaking[u.voice] == u.doc]
    centroid = _centroid([u.vec for u in own])
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, u in enumerate(units):
        for t, w in u.vec.items():
            postings[t].append((j, w))
    if len(units) > LARGE_EVENT:
        # large events: very common terms weigh little in a TF-IDF cosine but cost the
        # most; leave them out of the similarity computation
        limit = max(50, int(COMMON_TERM_SHARE * len(units)))
        postings = defaultdict(list, {t: p for t, p in postings.items() if len(p) <= limit})
    candidate_docs = set(sorted(speaking.values())[:MAX_CANDIDATE_DOCS])

    n_voices = len(speaking)
    cands: list[tuple[int, float]] = []  # (unit index, score)
    sims: dict[int, dict[int, float]] = {}
    for j, u in enumerate(units):
        if (speaking[u.voice] != u.doc or u.doc not in candidate_docs
                or u.position >= MAX_CANDIDATES_PER_DOC or not is_candidate(u.sent)):
            continue
        acc: dict[int, float] = defaultdict(float)
        for t, w in u.vec.items():
            for k, wk in postings[t]:
                acc[k] += w * wk
        sims[j] = acc
        best: dict[str, float] = {}
        for k, s in acc.items():
            v = units[k].voice
            if v != u.voice and s > best.get(v, 0.0):
                best[v] = s
        support = sum(s >= params.same_threshold for s in best.values()) / max(1, n_voices - 1)
        score = (
            params.centrality * _dot(u.vec, centroid)
            + params.position / (1 + u.position) ** params.position_decay
            + params.support * support
            + params.title * _dot(u.vec, title_vec)
        )
        if facts and docs[u.doc].id in facts:
            score += params.facts * min(1.0, _fact_count(docs[u.doc], facts[docs[u.doc].id], u.sent) / 3)
        if _needs_context(u.sent.text):
            score *= 1.0 - params.connective_penalty
        cands.append((j, score))

    def when(k: int) -> tuple[bool, str, int, int]:
        published = docs[units[k].doc].published
        return published is None, published or "", units[k].doc, units[k].sent.start

    # chronological: each sentence goes where its content was first reported
    chosen = _select(cands, sims, units, max_words, params)
    first = {j: min([when(j)] + [when(k) for k, s in sims[j].items() if s >= params.redundant_threshold])
             for j in chosen}
    chosen.sort(key=lambda j: (first[j], when(j)))
    return [_cite(j, sims[j], units, docs, params.same_threshold) for j in chosen]


def _centroid(vecs: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for v in vecs:
        for t, w in v.items():
            total[t] += w
    return _normalise(total)


def _select(cands: list[tuple[int, float]], sims: dict[int, dict[int, float]],
            units: list[_Unit], max_words: int, params: SummaryParams) -> list[int]:
    """MMR under the syllable budget. A sentence that does not fit, or that is too
    close to one already chosen, is passed over."""
    top = max((s for _, s in cands), default=0.0) or 1.0
    lam = params.mmr_lambda
    pool = {j: s / top for j, s in cands}
    redundancy = dict.fromkeys(pool, 0.0)  # highest similarity to a chosen sentence
    chosen: list[int] = []
    left = max_words
    while pool:
        j = max(pool, key=lambda k: lam * pool[k] - (1 - lam) * redundancy[k])
        del pool[j]
        length = count_syllables(units[j].sent.text)
        if length > left or redundancy[j] >= params.redundant_threshold:
            continue
        chosen.append(j)
        left -= length
        for k in pool:
            redundancy[k] = max(redundancy[k], sims[k].get(j, 0.0))
    return chosen


def _cite(j: int, sim: dict[int, float], units: list[_Unit], docs: list[Document],
          threshold: float) -> SummarySentence:
    """The summary sentence of unit ``j`` with all articles that say the same thing."""
    u = units[j]
    best: dict[int, tuple[float, Sentence]] = {}
    for k, s in sim.items():
        d = units[k].doc
        if d != u.doc and s >= threshold and s > best.get(d, (0.0, u.sent))[0]:
            best[d] = (s, units[k].sent)
    offsets = {docs[u.doc].id: [u.sent.start, u.sent.end]}
    for d in sorted(best):
        offsets[docs[d].id] = [best[d][1].start, best[d][1].end]
    return SummarySentence(u.sent.text, list(offsets), offsets)
