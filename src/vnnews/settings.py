"""Settings: one frozen tree of every tuning knob and limit, with documented defaults.

``Settings()`` is the shipped configuration. ``Settings.from_toml(path)`` reads a TOML
file whose tables are the sections below (``[limits]``, ``[cluster]``, ...); a key
that is not a setting, or a value of the wrong type, is an error naming it
(:class:`vnnews.errors.ConfigError`). The CLI takes ``--config FILE`` before the verb
(``vnnews --config my.toml ingest ...``), or ``$VNNEWS_CONFIG``.

The object is frozen: one run builds it once and passes it down (the pipeline
factory, the store, the clusterer, the summariser); ``settings.replace(cluster=...)``
or :func:`dataclasses.replace` gives a changed copy. Nothing here is computed at
import time from the clock: dates such as "now" are taken per run
(:meth:`Limits.latest_published`, :func:`today`).

Each module's owner keeps its tuning constants in its section here and reads them
from the ``Settings`` passed down, so what is measured is what ships.

Example ``vnnews.toml``::

    [limits]
    seconds_per_document = 5
    raw_bytes_per_document = 5_000_000

    [cluster]
    threshold = 0.32

    [compare]
    disagree_min = 0.4

    [stories]
    window_days = 14

Sections: extract, sentences, facts, compare, dedup, cluster, summary (with
summary.params), search, stories, web, store, encoding, executor, limits, crawl.
``tests/test_settings.py`` fails on a numeric module constant outside this file (its
one allow-list names the few that are no tuning knob, each with its reason).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing
from dataclasses import dataclass, field
from typing import Any

MB = 1024 * 1024


def today() -> dt.date:
    """Today's date, read when called (never frozen at import)."""
    return dt.date.today()


# ------------------------------------------------------------------------ sections
@dataclass(frozen=True)
class ExtractSettings:
    """Article extraction (``vnnews.extract``)."""

    min_words: int = 5  # fewer words after cleaning is no article
    include_tables: bool = True  # trafilatura: keep the text of tables
    include_comments: bool = False  # trafilatura: keep reader comments
    # htmldate's extensive search (dateparser over every date-like string) costs up to
    # seconds a page; the page's own stamps are read instead
    extensive_date_search: bool = False
    # (spine) our body (boxes removed) under this share of trafilatura's own text: trafilatura's
    # text is used instead (the safety net; ``vnnews.extract.html``)
    safety_share: float = 0.6


# ---- (spine) sentences: the sentence step's page-furniture rules
@dataclass(frozen=True)
class SentencesSettings:
    """Sentence splitting and page furniture glued to sentences (``vnnews.nlp.sentences``)."""

    max_heading: int = 20  # syllables of a headline glued before a flattened page's first sentence
    min_heading: int = 3  # ... at least this many (and no comma among them)
    max_byline: int = 10  # words of a credit line ("Theo NGUYÊN TRANG (Nhân dân).")


@dataclass(frozen=True)
class FactsSettings:
    """Facts: people, organisations, places, figures, quotes (``vnnews.facts``)."""

    quote_min_words: int = 6  # shorter quoted spans are not quotations
    # two quotes of an event are one passage in other words ("… 2 đồng nội tệ …" / "… 2 đồng
    # tiền tệ …") when their word sets share this Jaccard share and each has quote_min_words
    quote_same_passage: float = 0.8
    # salience of a place in one article (``facts._salient_places``): a mention in the title
    # counts title_weight, one in the lead (first paragraph, at most lead_chars characters)
    # lead_weight, any other one 1; a place with a score below salient_min is a passing mention
    title_weight: float = 3.0  # a place's mention in the title
    lead_weight: float = 2.0  # a mention in the lead
    lead_chars: int = 400  # the lead: first paragraph, at most this many characters
    salient_min: float = 2.0  # below: a passing mention
    # a foreign place named past the lead of a story set in Vietnam (title and lead name
    # Vietnamese places only) is a comparison or an example: each mention counts this much
    domestic_foreign_weight: float = 0.5
    # a place named in passing that lies inside a salient one (a district of the city the
    # story is about) joins the card when at least this many articles name it, or half of
    # the articles when that is fewer (of two articles, one): one article's example, address
    # or background among three or more does not (``facts.resolve._ranked_places``)
    card_inside_min_articles: int = 2
    # the day an article ties to the happening (``facts.dates.event_date_basis``): within
    # reported_days before publication it is ``reported``, within scheduled_days after it
    # ``scheduled``; further away it is background or a plan
    reported_days: int = 7  # days before publication a reported happening may lie
    # where an article's happening day is looked for: the title and the lead, the first
    # date_lead_paragraphs paragraphs (at most date_lead_chars characters); a text without
    # paragraph breaks (VMDS) has the first date_lead_sentences sentences instead: 4 is the
    # median number of sentences of the three-paragraph lead of vims-dev's articles
    date_lead_paragraphs: int = 3  # paragraphs of the lead
    date_lead_chars: int = 1500  # at most this many characters
    date_lead_sentences: int = 4  # sentences of the lead of a text without paragraph breaks
    scheduled_days: int = 7  # days after publication a scheduled happening may lie
    # the card's date must lie within [first publication - card_before_days, last
    # publication + card_after_days] (``facts.resolve.event_date_and_basis``), else the
    # first publication date with basis ``published``
    card_before_days: int = 7  # days before the first publication
    card_after_days: int = 1  # days after the last publication
    # a reported date later than the first publication (the first article cannot have
    # reported it) is the card's only when at least card_later_share of the articles
    # published since tie it (a development the cluster is about, not one outlet's
    # follow-up: "Ngày 18/5, trao đổi với PV ..." in one of five articles)
    card_later_share: float = 0.5  # share of the articles published since a later date that tie it
    # learned salience of the card's names (``facts.salience``, weights in
    # vnnews/data/salience.json, trained by tools/train_salience.py): each list of the card is
    # ordered by the model's score and the names scoring below the type's show-threshold go to
    # the card's ``mentioned`` lists (still searchable). Thresholds by the rule of
    # docs/quality.md ("Salience ranker (round 6)"): the smallest whose out-of-fold
    # precision at five (10-fold CV by event, 268 training events) reaches 0.90. Places keep
    # the round-5 weights and threshold 0.60 (any model retrained on the 268 events scores the
    # seed card's districts 0.28-0.39: the seed contract would need a cap <= 0.35). They must
    # equal the "thresholds" of vnnews/data/salience.json (tests/test_facts_salience.py)
    salience: bool = True  # False: the facts' own order, every name shown
    salience_show_people: float = 0.69  # show-threshold of a person's score (0: all shown)
    salience_show_organizations: float = 0.80  # of an organisation's
    salience_show_places: float = 0.60  # of a place's
    salience_tail: float = 0.2  # feature tail_share: a mention in the last fifth of an article


@dataclass(frozen=True)
class CompareSettings:
    """Where outlets agree and differ (``vnnews.compare``); figure thresholds chosen on the
    tune half of the judged disagreements (tests/data/audit/disagreements.jsonl)."""

    agree_min: float = 0.35  # context similarity (IDF Dice) of two figures of one measure
    disagree_min: float = 0.35  # the same, for one measure reported with different values
    date_disagree_min: float = 0.7  # stricter for dates: a story tells of many days
    ambiguous_min: float = 0.5  # two figures of one article this alike make its measure ambiguous
    shared_min: int = 3  # content syllables a disagreement's contexts must share
    need_head: bool = True  # two figures must share a syllable of the words just before them
    head: int = 3  # how many content syllables before a figure are its head
    subject_near: bool = True  # a figure's subject names are read since the previous figure only
    parallel_min: float = 0.45  # token-set cosine for two sentences to be compared slot by slot (0.3 before:
    # on the tune and old report halves no name slot came from a pair below 0.47; halves the slot reads)
    anchor_min: int = 3  # common syllables before a differing name
    slot_max: int = 5  # longest differing stretch (syllables) read as a name
    # Name slots are found between pairs of articles: the first voices and their first
    # sentences bound that quadratic step (leads carry who met whom).
    max_name_voices: int = 12  # voices read for name slots
    max_name_sentences: int = 30  # first sentences of each voice read for name slots
    topic_words: int = 10  # shared context syllables named in a disagreement's topic
    label_left: int = 14  # words before a figure a label is made from
    measure_words: int = 2  # first words after a figure's unit that must agree when both have them ("ngôi nhà bị sập" / "tốc")
    crowded: int = 3  # figures of a unit in one clause (or more of any) that make it a list
    # Near-duplicate sentences of two voices that differ in a number (summariser's
    # conflict candidates, read by ``compare``): chosen on the tune and old report halves.
    year_default: bool = True  # a figure with no year written near it is of its article's year
    neardup: bool = True  # read them at all
    neardup_cover: float = 0.6  # share of the shorter sentence's digit-free syllable pairs the other has
    neardup_slot: int = 4  # longest differing stretch (syllables) holding the number
    neardup_anchor: int = 2  # common syllables right before the differing stretch
    # Reworded claims (``compare._reworded_disagreements``): numbers of two voices read with
    # their own phrase (its words before the number, after its unit); chosen on the tune and
    # old report halves (issue 19, third round).
    reword: bool = True  # read them at all
    reword_window: int = 6  # content words of a number's phrase read on each side
    reword_after: int = 2  # common first words after the unit (with ``reword_before``) that make one quantity
    reword_before: int = 2  # common words before the number
    filters: bool = True  # aspect, ambiguity and subject filters of the figure alignment (off: the loose variant)
    # Learned gate (issue 19, fourth round; ``compare.candidates`` / ``compare.gate``): the
    # broad candidates are the rules, the rules with these loose thresholds and no filters,
    # and near-duplicate sentence pairs; a logistic model (``data/<gate_model>``, trained by
    # tools/train_differ.py) keeps those scoring at least ``gate`` (0: the rules alone).
    gate: float = 0.9  # threshold chosen by cross-validation on folds 0-3 (docs/quality.md); 0: rules alone
    gate_model: str = "differ_gate.json"  # the weights file, under src/vnnews/data/
    gate_rules: bool = True  # the rules' outputs are shown whatever their score (the gate adds the others):
    # the seed's "khoảng 23%" / "22,7 đến 23,0%" (a rule output the seed-card contract expects) scores 0.11
    loose_min: float = 0.2  # agree_min, disagree_min and parallel_min of the loose variant
    loose_date_min: float = 0.5  # date_disagree_min of the loose variant
    loose_shared: int = 1  # shared_min of the loose variant
    loose_anchor: int = 2  # anchor_min of the loose variant
    candidate_cover: float = 0.4  # near-duplicate pairs: share of the shorter's digit-free syllable pairs
    candidate_stretch: int = 3  # near-duplicate pairs: longest replaced stretch (words) each side


@dataclass(frozen=True)
class DedupSettings:
    """Syndicated copies: MinHash over word shingles, LSH bands (``vnnews.dedup``)."""

    num_perm: int = 128
    bands: int = 32  # 4 rows per band: pairs with Jaccard >= ~0.5 collide with high probability
    shingle: int = 4  # words per shingle
    threshold: float = 0.5  # estimated Jaccard of shingle sets to call two articles copies
    seed: int = 20200813

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands


@dataclass(frozen=True)
class ClusterConfig:
    """Event clustering scores (chosen on VMDS, see docs/quality.md; ``vnnews.cluster``)."""

    threshold: float = 0.30  # average-link score an article needs to join an event
    title_weight: float = 0.4  # weight of the title cosine added to the text cosine
    date_penalty: float = 0.1  # subtracted when explicit event dates disagree
    entity_weight: float = 0.1  # bonus per share of the article's people found in the event
    window_days: int = 2  # publication days between an article and the event's latest
    merge_threshold: float = 0.5  # average-link score between two events to merge them
    split_floor: float = 0.28  # complete-link similarity that holds an event's members together (0: never split)
    day_penalty: float = 0.2  # subtracted when titles name different days ("phiên 22/10" / "Sáng 23/10:")
    day_lead: bool = False  # also read the named day from the lead's first sentence (measured: lowers F1)
    day_lead_apart: bool = True  # a day the lead names keeps two parts of an event apart (not a join penalty)
    day_relative: bool = False  # "sáng nay", "hôm nay" name the publication day (measured: lowers F1)
    day_series: bool = True  # a daily market or weather report without a named day is about its publication day
    day_before: int = 2  # a named day up to this many days before publication is the report's day (further: background)
    day_after: int = 1  # ... and up to this many days after it
    rejoin: float = 0.6  # centroid cosine at which two parts of an event (split groups, two events) are one happening
    rejoin_days: int = 7  # publication days between two events' spans that the batch-end merge bridges for a straggler
    rejoin_straggler: int = 1  # ... an event of at most this many articles (larger events: window_days)
    glued_weight: float = 0.6  # weight of the glued form added for a spaced foreign two-word name ("Viet foods" -> "vietfoods"; 0: none)
    top_terms: int = 300  # terms kept per article vector
    index_terms: int = 15  # highest-weighted terms of an article put in the index
    title_terms: int = 30  # terms kept per title vector
    member_terms: int = 150  # terms kept of each member vector in an event's state
    max_members: int = 30  # most recent members an article is compared with
    max_candidates: int = 40  # candidate events scored per article (most shared index terms first)
    event_terms: int = 10  # an event's most frequent index terms, looked up for the batch-end merge
    rejoin_candidates: int = 8  # events (most shared terms first) the batch-end merge compares an event with


@dataclass(frozen=True)
class SummaryParams:
    """Parameters of the summariser (``vnnews.summarize``: greedy concept coverage),
    chosen by 5-fold cross-validation over VMDS and ViMs-dev (``tools/summary_cv.py``)."""

    position: float = 10.0  # a voice's concept weight: 1 + position / (1 + sentence index)
    min_voices: int = 1  # a concept counts when this many voices state it (at most all voices)
    min_share: float = 0.25  # ... and at least this share of the voices
    length_exponent: float = 0.5  # greedy gain: added concept weight / length ** exponent
    connective_penalty: float = 0.2  # gain multiplied by (1 - penalty)
    cite_cover: float = 0.7  # share of a sentence's bigrams another article's sentence must have
    conflict_cover: float = 0.5  # close enough that different numbers are a disagreement
    # (spine) caps on the work per event (fixed, not cross-validated)
    max_sentences_per_doc: int = 80  # body sentences of one article read (its first ones)
    max_candidates_per_doc: int = 40  # of those, the first ones that may be chosen
    max_candidate_docs: int = 40  # articles (speaking voices first) whose sentences may be chosen
    min_syllables: int = 6  # a shorter sentence is never a summary sentence
    min_quote_syllables: int = 5  # shorter quoted spans are terms ("lạc lối"), not quotations


@dataclass(frozen=True)
class SummarySettings:
    """Event-card and ``summarize`` summaries."""

    max_words: int = 250  # syllables per summary
    params: SummaryParams = field(default_factory=SummaryParams)


@dataclass(frozen=True)
class SearchSettings:
    """Full-text search (``vnnews.search``)."""

    window: int = 100  # newest matches ranked per query
    tier_window: int = 50  # newest matches of the query exactly as typed added to them
    snippet_width: int = 240  # characters of text around the hits
    max_query_chars: int = 500  # a longer query is refused (the API and web pages: 422)
    near_distance: int = 8  # tokens between the words of a multi-word query (FTS5 NEAR)
    near_max_words: int = 6  # a query of more words is a plain AND
    count_cap: int = 1000  # matches counted for a total (more: the total says "at least")
    snippet_context: int = 60  # of the snippet's characters, before the first hit
    snippet_scan_first: int = 600  # characters of a text searched for a snippet first (the lead)
    max_spans: int = 400  # regex hits looked at per text and query word (snippets)
    event_pool: int = 200  # best article hits grouped into events (at least; 5 per group asked)


# ---- (spine) stories, web, store, executor
@dataclass(frozen=True)
class StoriesSettings:
    """Events of one story linked as ``related`` (``vnnews.stories``); thresholds set by
    reading VMDS candidate pairs, judged on vims-dev afterwards (see the module)."""

    window_days: int = 21  # how far apart (publication) two events of one story may be
    min_score: float = 0.33  # average-link text similarity of two events of one story
    min_names: float = 3.5  # weight of the names two events share (``stories.name_weight``)
    max_links: int = 6  # related events kept per event
    max_terms: int = 80  # index terms of an event looked up for candidates
    max_candidates: int = 60  # candidate events (most shared terms first) scored per event
    recent_members: int = 10  # an event's most recent members compared (average link)


@dataclass(frozen=True)
class WebSettings:
    """What the web pages and event lists show (``vnnews.api``, ``vnnews.web``)."""

    page_size: int = 20  # events per HTML page
    search_groups: int = 20  # events (or lone articles) per HTML search page
    figures_shown: int = 10  # figures shown on an event page before the fold
    brief_summary_chars: int = 220  # the one-line summary of an event list entry (web, CLI, API)


@dataclass(frozen=True)
class StoreSettings:
    """The database (``vnnews.store``)."""

    busy_timeout_s: float = 60.0  # how long opening, creating or writing waits for another process


@dataclass(frozen=True)
class EncodingSettings:
    """Encoding detection of text and HTML files and records (``vnnews.ingest.encoding``)."""

    sample_bytes: int = 65536  # bytes of a file looked at to detect its encoding
    max_control_share: float = 0.05  # control bytes / characters of the sample: more is binary
    max_noise_share: float = 0.01  # noise characters of a legacy decoding: more is implausible
    min_syllable_share: float = 0.6  # non-ASCII words a legacy decoding must read as syllables
    min_whitespace_share: float = 0.01  # of the bytes: less is not text in any encoding


@dataclass(frozen=True)
class ExecutorSettings:
    """Executors of the per-document steps (``vnnews.executors``)."""

    ray_object_store_bytes: int = 512 * MB  # shared memory of a local Ray instance
    # processes for the per-document steps of ``vnnews ingest`` with the local executor
    # when --workers is not given (0: one per idle CPU, i.e. CPUs less the 1-minute load
    # average, at least 1, at most max_auto_workers); the library's ``vnnews.ingest``
    # runs in one process unless given ``workers``
    workers: int = 0
    max_auto_workers: int = 4  # the most processes "0" gives


@dataclass(frozen=True)
class Limits:
    """What one input may cost. A document over a limit is dropped with a coded reason
    (``vnnews.errors``), or cut with a reported note (text characters); the rest of the
    batch goes on."""

    raw_bytes_per_document: int = 10 * MB  # a page file, a WARC record body, a JSONL line
    decompressed_bytes_per_file: int = 1024 * MB  # all that one .gz file may inflate to
    decompressed_bytes_per_record: int = 10 * MB  # one gzip/deflate HTTP body, one JSONL line
    text_chars: int = 2_000_000  # an article's text; longer is cut with a note
    seconds_per_document: float = 10.0  # CPU seconds of the per-document steps; a runaway document is dropped
    json_depth: int = 64  # nesting of a JSONL line's values
    file_bytes: int = 64 * MB  # a .txt/.html file (a page); archives are streamed
    published_min_year: int = 1900  # an earlier publication date is dropped with a note
    published_max_days_ahead: int = 2  # a date later than now + this is dropped with a note
    batch_size: int = 2000  # articles per store transaction

    def latest_published(self) -> dt.datetime:
        """The latest acceptable publication time, computed now (per run)."""
        return dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=self.published_max_days_ahead)


@dataclass(frozen=True)
class CrawlSettings:
    """The crawler (``vnnews crawl``)."""

    delay_s: float = 1.0  # seconds between two requests to one host
    interval_s: float = 300.0  # seconds between two polls without --once
    timeout_s: float = 30.0  # one request
    max_response_bytes: int = 10 * MB  # a larger response is dropped with a reason
    user_agent: str = "vnnews (+https://github.com/vnnews/vnnews)"
    # (spine) politeness and retries
    robots_ttl_s: float = 24 * 3600.0  # a host's robots.txt is re-read after this long
    max_robots_bytes: int = 512 * 1024  # robots.txt read up to this size
    max_crawl_delay_s: float = 60.0  # a longer Crawl-delay is taken as this
    max_retries: int = 3  # per URL and run, for errors retried with backoff
    max_retry_after_s: float = 300.0  # a longer Retry-After: give up for this run, try on a later one
    child_sitemap_ttl_s: float = 3600.0  # a sitemap of an index without lastmod: re-read at most hourly
    give_up_after: int = 6  # failures over runs before a page is dropped for good
    max_redirects: int = 5  # redirects followed per request
    response_deadline_s: float = 120.0  # wall-clock seconds for one whole response (slow drip)
    max_links_per_source: int = 50_000  # links read from one feed or sitemap


@dataclass(frozen=True)
class Settings:
    """The whole configuration of one run."""

    extract: ExtractSettings = field(default_factory=ExtractSettings)
    facts: FactsSettings = field(default_factory=FactsSettings)
    compare: CompareSettings = field(default_factory=CompareSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    summary: SummarySettings = field(default_factory=SummarySettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    limits: Limits = field(default_factory=Limits)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    # (spine)
    sentences: SentencesSettings = field(default_factory=SentencesSettings)
    stories: StoriesSettings = field(default_factory=StoriesSettings)
    web: WebSettings = field(default_factory=WebSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    executor: ExecutorSettings = field(default_factory=ExecutorSettings)
    encoding: EncodingSettings = field(default_factory=EncodingSettings)

    # ------------------------------------------------------------------ loading
    @classmethod
    def from_toml(cls, path: str | os.PathLike) -> "Settings":
        """Settings from a TOML file; what it does not name keeps its default."""
        import tomllib

        from .errors import ConfigError, E

        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError(E.CONFIG_MISSING, f"no such settings file: {path}") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(E.CONFIG_INVALID, f"{path}: {e}") from None
        return cls.from_dict(data, where=str(path))

    @classmethod
    def from_dict(cls, data: dict, where: str = "settings") -> "Settings":
        return _build(cls, data, where)

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Settings":
        """``path``, else ``$VNNEWS_CONFIG``, else the defaults."""
        path = path or os.environ.get("VNNEWS_CONFIG")
        return cls.from_toml(path) if path else cls()

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


DEFAULT = Settings()


def _build(cls, data: Any, where: str):
    from .errors import ConfigError, E

    if not isinstance(data, dict):
        raise ConfigError(E.CONFIG_INVALID, f"{where}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            raise ConfigError(E.CONFIG_INVALID,
                              f"{where}: unknown setting {key!r} (known: {', '.join(sorted(names))})")
        typ = hints[key]
        here = f"{where}.{key}" if where != "settings" else key
        if dataclasses.is_dataclass(typ):
            kwargs[key] = _build(typ, value, here)
        else:
            kwargs[key] = _check(typ, value, here)
    return cls(**kwargs)


def _check(typ, value, where: str):
    from .errors import ConfigError, E

    if typ is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if typ in (int, float, str, bool) and type(value) is typ:
        return value
    raise ConfigError(E.CONFIG_INVALID,
                      f"{where}: expected {getattr(typ, '__name__', typ)}, got {type(value).__name__} {value!r}")
