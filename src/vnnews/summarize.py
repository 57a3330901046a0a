"""Extractive, sourced multi-document summary of one event.

Every summary sentence is a verbatim body sentence of one article. The summariser is
concept coverage (Gillick & Favre 2009, "A scalable global model for summarization",
in its greedy form): the concepts are the syllable bigrams of the event, a concept
weighs the number of voices (distinct outlets; a syndicated copy, ``duplicate_of``, is
one voice with its original) that state it, each voice counting more when it states
the concept in its lead (``1 + position / (1 + sentence index)``); concepts stated by
fewer than ``min_voices`` voices weigh nothing. Sentences are taken greedily by the
weight of the concepts they add divided by ``length ** length_exponent``, under a
syllable budget, never cut; a sentence that opens with a connective needing the
previous sentence counts less. The design and its parameters were chosen by
5-fold cross-validation over VMDS and ViMs-dev pooled (``tools/summary_cv.py``,
docs/quality.md), against MEAD (centroid + position), LexRank and Lin & Bilmes'
submodular coverage + diversity.

The result is chronological: by publication time, then position, of the first
report of each sentence's content (its own article or an article it cites).

Citations are strict (:func:`states_same`): a summary sentence cites another article
only when a sentence of that article has at least ``cite_cover`` of its syllable
bigrams, every one of its numbers and every one of its capitalised names. A close
sentence that states different numbers is never cited as the same voice: it is a
disagreement candidate (:func:`summarize_event` returns them for ``compare``).
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .model import Claim, Disagreement, Document, Facts, Sentence, SummarySentence
from .text.tokens import syllables
from .settings import SummaryParams  # the parameters live in the Settings tree (section summary)

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
# Bounds that keep a summary near-linear in the size of an event (a long article or an
# event of hundreds of articles): only the first sentences of an article are used, the
# candidates come from the first articles (by the given order, i.e. publication time);
# every article still counts for support and citations (``SummaryParams``:
# max_sentences_per_doc, max_candidates_per_doc, max_candidate_docs).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\w+")
_SYLLABLE = re.compile(r"\w+(?:[.,]\d+)*")  # as text.tokens.syllables, on lower-cased text
_DIGIT = re.compile(r"\d")
_GRID = 2 ** 20


DEFAULT_PARAMS = SummaryParams()


def count_syllables(text: str) -> int:
    """Length in syllables, counted as whitespace-separated tokens (a Vietnamese
    syllable is one token; a free-standing dash counts too, so this never undercounts)."""
    return len(text.split())


def _is_unattributed_quote(text: str, min_quote_syllables: int = DEFAULT_PARAMS.min_quote_syllables) -> bool:
    """True when the sentence carries a direct quotation but no speaker of its own.

    A quoted span is a quotation (not a quoted name or term) when it has at least
    ``min_quote_syllables`` syllables (``SummaryParams``) and opens the sentence, follows a colon, or
    closes the sentence; the speaker is a speech verb (or "theo") outside the quotes.
    """
    for m in _QUOTED.finditer(text):
        if len(syllables(m.group(0))) < min_quote_syllables:
            continue
        before, after = text[:m.start()].rstrip(), text[m.end():]
        if not before or before.endswith(":") or not syllables(after):
            outside = _QUOTED.sub(" ", text)
            return _SPEECH.search(outside) is None
    return False


def is_candidate(sent: Sentence, n_syllables: int | None = None, params: SummaryParams = DEFAULT_PARAMS) -> bool:
    """Whether a sentence may appear in a summary at all (complete body sentence,
    not a question, not boilerplate, no unattributed quotation)."""
    text = sent.text.strip()
    return (
        sent.kind == "body"
        and (len(syllables(text)) if n_syllables is None else n_syllables) >= params.min_syllables
        and _COMPLETE.search(text) is not None
        and _QUESTION.search(text) is None
        and _BOILERPLATE.search(text) is None
        and _CREDIT.match(text) is None
        and not _is_unattributed_quote(text, params.min_quote_syllables)
    )


def _needs_context(text: str) -> bool:
    """Starts lower case, with a dash, or with a connective that needs the sentence before."""
    head = text.lstrip("\"“‘'( ")
    return not head or head[0].islower() or head[0] in "-–—" or _CONNECTIVE.match(head) is not None


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




Bigram = tuple[str, str]


@dataclass
class Unit:
    """One body sentence of the event (the first ``params.max_sentences_per_doc`` of an article)."""

    doc: int  # index into the event's articles
    voice: str
    sent: Sentence
    position: int  # index among the article's body sentences
    length: int  # syllables (whitespace tokens, as the budget counts them)
    bigrams: frozenset[Bigram]
    numbers: frozenset[str]  # digits only: "5.000" and "5,000" are both "5000"
    words: frozenset[str]  # case kept
    names: frozenset[str]  # capitalised words after the first
    candidate: bool = False  # may be a summary sentence
    context: bool = False  # opens with what needs the previous sentence
    _plain: frozenset[Bigram] | None = None

    @property
    def plain(self) -> frozenset[Bigram]:
        """Bigrams without digits (what two statements of different figures share)."""
        if self._plain is None:
            self._plain = (frozenset(b for b in self.bigrams if not _DIGIT.search(b[0] + b[1]))
                           if self.numbers else self.bigrams)
        return self._plain


def _numbers(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"[.,]", "", m) for m in _NUMBER.findall(text))


def prepare(docs: list[Document], params: SummaryParams = DEFAULT_PARAMS) -> list[Unit]:
    """The units of an event: per-article work done once (the summariser and the
    cross-validation tool both start here)."""
    voice_of = voices(docs)
    speaking = [i for i, d in enumerate(docs) if voice_of[i] == d.id]
    candidate_docs = set(speaking[:params.max_candidate_docs])
    units: list[Unit] = []
    for i, doc in enumerate(docs):
        body = [s for s in doc.sentences if s.kind == "body" and s.text.strip()][:params.max_sentences_per_doc]
        for k, s in enumerate(body):
            syl = _SYLLABLE.findall(s.text.lower())
            toks = _WORD.findall(s.text)
            units.append(Unit(
                i, voice_of[i], s, k, count_syllables(s.text), frozenset(zip(syl, syl[1:])),
                _numbers(s.text), frozenset(toks), frozenset(t for t in toks[1:] if t[:1].isupper()),
                candidate=(i in candidate_docs and k < params.max_candidates_per_doc and is_candidate(s, len(syl), params)),
                context=_needs_context(s.text)))
    return units


def concept_weights(units: list[Unit], params: SummaryParams = DEFAULT_PARAMS) -> dict[Bigram, float]:
    """Weight of each concept (syllable bigram): the sum over the voices stating it of
    ``1 + position / (1 + index of its first sentence stating it)``; concepts of fewer
    than ``min_voices`` voices or ``min_share`` of the voices (at most all voices) are
    left out."""
    by_voice: dict[Bigram, dict[str, float]] = defaultdict(dict)
    for u in units:
        bonus = 1.0 + params.position / (1 + u.position)
        for b in u.bigrams:
            seen = by_voice[b]
            if seen.get(u.voice, 0.0) < bonus:
                seen[u.voice] = bonus
    n = len({u.voice for u in units})
    need = min(max(params.min_voices, math.ceil(params.min_share * n - 1e-9)), n)
    # weights on a grid of 2**-20: the greedy's sums are then exact whatever order a
    # set of bigrams is added in (string hashing differs between processes)
    return {b: round(sum(v.values()) * _GRID) / _GRID for b, v in by_voice.items() if len(v) >= need}


def select(units: list[Unit], weights: dict[Bigram, float], budget: int,
           params: SummaryParams = DEFAULT_PARAMS) -> list[int]:
    """Greedy concept coverage under the syllable budget: repeatedly the candidate with
    the highest (weight of the concepts it adds) / length ** ``length_exponent``,
    until no candidate that fits adds anything. Indices into ``units``, in choice order."""
    scale: dict[int, float] = {}
    gain: dict[int, float] = {}
    postings: dict[Bigram, list[int]] = defaultdict(list)
    for j, u in enumerate(units):
        if not u.candidate or u.length > budget:
            continue
        scale[j] = (1.0 - params.connective_penalty if u.context else 1.0) / u.length ** params.length_exponent
        gain[j] = 0.0
        for b in u.bigrams:
            w = weights.get(b)
            if w:
                gain[j] += w
                postings[b].append(j)
    chosen: list[int] = []
    covered: set[Bigram] = set()
    left = budget
    while gain:
        j = max(gain, key=lambda k: (gain[k] * scale[k], -k))
        if gain[j] <= 1e-9:
            break
        chosen.append(j)
        left -= units[j].length
        del gain[j]
        for b in units[j].bigrams:
            if b in weights and b not in covered:
                covered.add(b)
                for k in postings[b]:
                    if k in gain:
                        gain[k] -= weights[b]
        gain = {k: g for k, g in gain.items() if units[k].length <= left}
    return chosen


def states_same(a: Unit, b: Unit, params: SummaryParams = DEFAULT_PARAMS) -> bool:
    """Whether sentence ``b`` states what sentence ``a`` states: at least ``cite_cover``
    of a's syllable bigrams, all of a's numbers and all of a's capitalised names."""
    if not a.bigrams:
        return False
    cover = len(a.bigrams & b.bigrams) / len(a.bigrams)
    return cover >= params.cite_cover and a.numbers <= b.numbers and a.names <= b.words


def states_other_numbers(a: Unit, b: Unit, params: SummaryParams = DEFAULT_PARAMS) -> bool:
    """Whether ``b`` says what ``a`` says with other figures: at least ``conflict_cover``
    of a's digit-free bigrams, and each states a number the other does not."""
    if not (a.numbers - b.numbers) or not (b.numbers - a.numbers) or not a.plain:
        return False
    return len(a.plain & b.plain) / len(a.plain) >= params.conflict_cover


def summarize_event(
    docs: list[Document],
    max_words: int = 250,
    params: SummaryParams = DEFAULT_PARAMS,
    units: list[Unit] | None = None,
) -> tuple[list[SummarySentence], list[Disagreement]]:
    """The summary of one event and its number disagreements.

    Returns ``(summary, conflicts)``: ``summary`` as :func:`summarize`; ``conflicts``
    one :class:`Disagreement` per summary sentence that another article states with
    other numbers (a claim for the summary sentence with its sources, then one per
    differing statement with the articles stating it), candidates for ``compare``.
    """
    if not docs:
        return [], []
    units = prepare(docs, params) if units is None else units
    chosen = select(units, concept_weights(units, params), max_words, params)
    postings: dict[Bigram, list[int]] = defaultdict(list)
    if len(docs) > 1:
        for k, u in enumerate(units):
            for b in u.bigrams:
                postings[b].append(k)

    def when(k: int) -> tuple[bool, str, int, int]:
        published = docs[units[k].doc].published
        return published is None, published or "", units[k].doc, units[k].sent.start

    rows = []
    conflicts: list[Disagreement] = []
    for j in chosen:
        a = units[j]
        shared: Counter[int] = Counter()
        for b in a.bigrams:
            shared.update(postings.get(b, ()))
        same: dict[int, int] = {}  # doc -> its unit stating the same, the closest
        other: dict[frozenset[str], list[int]] = defaultdict(list)  # numbers -> units
        least = min(params.cite_cover * len(a.bigrams), params.conflict_cover * len(a.plain))
        close = [(k, n) for k, n in shared.items() if n >= least and units[k].doc != a.doc]
        for k, n in sorted(close, key=lambda kv: (-kv[1], kv[0])):
            b = units[k]
            if b.doc not in same and states_same(a, b, params):
                same[b.doc] = k
            elif states_other_numbers(a, b, params):
                other[b.numbers].append(k)
        sources = [a.doc] + sorted(same)
        offsets = {docs[a.doc].id: [a.sent.start, a.sent.end]}
        for d in sorted(same):
            offsets[docs[d].id] = [units[same[d]].sent.start, units[same[d]].sent.end]
        first = min([when(j)] + [when(k) for k in same.values()])
        rows.append((first, when(j), SummarySentence(a.sent.text, [docs[d].id for d in sources], offsets)))
        claims = []
        for ks in other.values():
            ids = [docs[d].id for d in sorted({units[k].doc for k in ks} - set(same) - {a.doc})]
            if ids:
                claims.append(Claim(units[ks[0]].sent.text, ids))
        if claims:
            topic = " ".join(a.sent.text.split()[:8]) + " …"
            conflicts.append(Disagreement(topic, [Claim(a.sent.text, list(offsets))] + claims))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows], conflicts


def summarize(
    docs: list[Document],
    max_words: int = 250,
    facts: dict[str, Facts] | None = None,
    params: SummaryParams = DEFAULT_PARAMS,
) -> list[SummarySentence]:
    """Extractive summary of the articles of one event, at most ``max_words`` syllables.

    ``docs`` need ``sentences`` filled (``nlp.split_sentences``). Sentences are kept
    whole and verbatim; each cites its own article first, then every other article
    with a sentence stating the same thing (:func:`states_same`), with
    ``offsets[doc_id] = [start, end]`` into that article's text. ``facts`` is
    accepted for the callers' convenience and not used: the cards, ``vnnews
    summarize`` and ``vnnews eval summary`` run the same summariser on the same input.
    """
    return summarize_event(docs, max_words, params)[0]
