"""Command line: a thin skin over ``vnnews.engine`` (Typer + rich)."""
from __future__ import annotations

import json
import sqlite3
import sys
from typing import List, Optional

import typer
from rich.console import Console

from . import engine
from .errors import E, VnnewsError, rich_safe, safe
from .model import Drop

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="vnnews: Vietnamese news event engine. See `vnnews COMMAND --help`.")
eval_app = typer.Typer(no_args_is_help=True, help="Measure quality on labelled data.")
app.add_typer(eval_app, name="eval")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOpt = typer.Option(None, "--db", help="SQLite file (default ./vnnews.db or $VNNEWS_DB)")
_SETTINGS: list = []  # the run's one Settings object (set by the --config callback)


@app.callback()
def _options(config: Optional[str] = typer.Option(
        None, "--config", metavar="FILE",
        help="settings file (TOML; sections extract, sentences, facts, compare, dedup, cluster, summary, "
             "stories, search, web, store, limits, encoding, executor, crawl; "
             "default: $VNNEWS_CONFIG, else the shipped defaults)")) -> None:
    """vnnews: Vietnamese news event engine. See `vnnews COMMAND --help`."""
    from .errors import VnnewsError
    from .settings import Settings

    try:
        _SETTINGS[:] = [Settings.load(config)]
    except VnnewsError as e:
        _fail(str(e), e.exit_code)


def settings():
    """The Settings of this run (defaults when the callback did not run)."""
    if not _SETTINGS:
        from .settings import Settings

        _SETTINGS.append(Settings.load())
    return _SETTINGS[0]


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {rich_safe(msg, 2000)}", highlight=False)
    raise typer.Exit(code)


def _open_out(path: str | None):
    """The output file of ``--out`` (stdout without it); a missing folder is an error."""
    if not path:
        return sys.stdout
    import os

    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        _fail(f"cannot write {path}: folder {folder} does not exist (create it first) [{E.BAD_OUTPUT.code}]", 1)
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as e:
        _fail(f"cannot write {path}: {e.strerror or e} [{E.BAD_OUTPUT.code}]", 1)


def _line(prefix: str, d: Drop) -> str:
    return f"vnnews: {prefix} {safe(d, 1000)}"


Limit = typer.Option(50, min=0, max=1_000_000, help="at most this many")


@app.command()
def ingest(paths: List[str] = typer.Argument(..., help="files and folders (recursively)"),
           db: Optional[str] = DbOpt,
           executor: str = typer.Option("local", help="local | ray"),
           workers: Optional[int] = typer.Option(
               None, min=1, help="processes for the per-document stages (default: settings executor.workers; "
                                 "0 there: one per idle CPU, at most 4)"),
           ray_address: Optional[str] = typer.Option(
               None, "--ray-address", help="Ray cluster for --executor ray (default: a local Ray instance)"),
           quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress display")) -> None:
    """Read pages (.txt .html .warc(.gz) .jsonl(.gz)), build events, store them."""
    from .progress import IngestProgress, count_inputs

    show_progress = not quiet and err.is_terminal
    progress = IngestProgress(err, count_inputs(paths) if show_progress else None, enabled=show_progress)

    def on_drop(d: Drop) -> None:
        progress.progress.console.print(_line("rejected", d), markup=False, highlight=False)

    def on_note(d: Drop) -> None:
        progress.progress.console.print(_line("note", d), markup=False, highlight=False)

    if workers is None and executor == "local":
        from .executors import auto_workers

        workers = auto_workers(settings())
    try:
        with progress:
            res = engine.ingest(paths, db=db, executor=executor, workers=workers,
                                on_item=progress.on_item, on_drop=on_drop, on_note=on_note,
                                on_progress=progress.on_progress, settings=settings(),
                                **({"ray_address": ray_address} if ray_address else {}))
    except VnnewsError as e:
        _fail(str(e), e.exit_code)
        return
    except Exception as e:  # the database could not be opened or written
        if not (isinstance(e, (sqlite3.Error, OSError)) or type(e).__module__.startswith("psycopg")):
            raise
        _fail(f"cannot write the database {engine.db_path(db)}: {e}", 3)
        return
    summary = (f"{res.stored} stored, {res.unchanged} unchanged, {res.copies} syndicated copies, "
               f"{len(res.drops)} rejected, {len(res.notes)} notes; {res.events_touched} events updated")
    err.print(summary, highlight=False, markup=False)
    for reason, n in res.reasons().items():
        err.print(f"  {n:6d}  {reason}", highlight=False, markup=False)
    if res.stats.steps and not quiet:
        for row in res.stats.table():
            err.print(row, highlight=False, markup=False)
    if not res.ok:
        _fail("nothing could be ingested from the given paths (see the reasons above)", 1)


def _read(fn, *args, **kw):
    """Run a read verb: a missing database or another person-actionable error is a message."""
    try:
        return fn(*args, **kw)
    except VnnewsError as e:
        _fail(str(e), e.exit_code)
    except sqlite3.Error as e:
        _fail(f"cannot read the database {engine.db_path(kw.get('db'))}: {e}", 3)


@app.command()
def crawl(sources: List[str] = typer.Argument(..., help="feed, sitemap, home page or article URLs, or a sources .toml file"),
          db: Optional[str] = DbOpt,
          once: bool = typer.Option(False, "--once", help="fetch what is new, then exit"),
          interval: Optional[float] = typer.Option(None, "--interval",
                                                   help="seconds between polls of the feeds and sitemaps [default: 300]"),
          delay: Optional[float] = typer.Option(None, "--delay",
                                                help="seconds between two requests to one host, at least [default: 1.0]"),
          warc: Optional[str] = typer.Option(None, "--warc", help="also write every fetched page to a WARC file in this folder"),
          max_pages: Optional[int] = typer.Option(None, "--max-pages", help="fetch at most this many article pages, then exit"),
          user_agent: Optional[str] = typer.Option(None, "--user-agent",
                                                   help="User-Agent (name it and give a contact URL)"),
          quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress display")) -> None:
    """Follow outlets' feeds and sitemaps politely and feed their articles to the pipeline."""
    from .ingest.crawl import crawl as run_crawl

    live = None
    if not quiet and err.is_terminal:
        from rich.live import Live
        from rich.table import Table

        def table(stats) -> Table:
            t = Table(title="vnnews crawl", title_justify="left", expand=False)
            for col in ("host", "fetched", "stored", "failed", "waiting"):
                t.add_column(col, justify="left" if col == "host" else "right")
            for host, s in sorted(stats.items()):
                t.add_row(host + (f" [dim]({s.note})[/]" if s.note else ""), str(s.fetched), str(s.stored),
                          str(s.failed), str(s.waiting))
            return t

        live = Live(table({}), console=err, refresh_per_second=4, transient=False)

    def on_progress(stats) -> None:
        if live is not None:
            live.update(table(stats))

    def on_fail(url: str, reason: str) -> None:
        (live.console if live is not None else err).print(f"vnnews: {url}: {reason}", markup=False, highlight=False)

    try:
        if live is not None:
            live.start()
        res = run_crawl(sources, db=db, once=once, interval=interval, delay=delay, warc=warc,
                        max_pages=max_pages, user_agent=user_agent, on_fail=on_fail, on_progress=on_progress,
                        settings=settings())
    except ImportError as e:
        _fail(str(e))
        return
    except Exception as e:
        if not (isinstance(e, (sqlite3.Error, OSError, ValueError)) or type(e).__module__.startswith("psycopg")):
            raise
        _fail(f"cannot use the database {engine.db_path(db)}: {e}", 3)
        return
    finally:
        if live is not None:
            live.stop()
    for e in res.errors:
        err.print(f"vnnews: {e}", markup=False, highlight=False)
    if res.errors and not res.rounds:
        _fail("no usable source in the arguments", 2)
    err.print(f"{res.requests} requests, {res.fetched} fetched, {res.stored} articles stored, "
              f"{res.unchanged} unchanged, {res.rejected} rejected, {res.failed} failed"
              + (" (interrupted)" if res.interrupted else ""), highlight=False)


@app.command()
def export(db: Optional[str] = DbOpt,
           out_file: Optional[str] = typer.Option(None, "--out", help="file to write (default stdout)"),
           articles: bool = typer.Option(False, "--articles", help="one line per article instead of per event")) -> None:
    """Write events (or articles) as JSON lines."""
    _read(lambda db: engine.open_existing(db).close(), db=db)  # before creating the output
    fh = _open_out(out_file)
    try:
        for obj in _read(engine.export, db=db, articles=articles):
            fh.write(engine.dumps(obj) + "\n")
    finally:
        if out_file:
            fh.close()


@app.command()
def events(db: Optional[str] = DbOpt, as_json: bool = typer.Option(False, "--json"),
           ids: bool = typer.Option(False, "--ids", help="print event ids only"),
           limit: int = Limit) -> None:
    """List events, newest first."""
    evs = _read(engine.events, db=db, limit=limit)
    if ids:
        for e in evs:
            print(safe(e["id"], 10_000))
        return
    if as_json:
        print(engine.dumps([engine.event_brief(e, settings()) for e in evs]))
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(title=f"{len(evs)} events", show_lines=False)
    for col in ("id", "date", "title", "articles", "outlets"):
        t.add_column(col)
    for e in evs:
        b = engine.event_brief(e, settings())
        t.add_row(*(Text(safe(x)) for x in (b["id"], b["date"] or "", b["title"] or "", str(b["n_articles"]),
                                            ", ".join(b["outlets"]))))
    out.print(t)


@app.command()
def show(event_id: str, db: Optional[str] = DbOpt, as_json: bool = typer.Option(False, "--json"),
         all_figures: bool = typer.Option(False, "--all-figures", help="every figure, not the ten most salient")) -> None:
    """Print one event card: the sections of its web page, in the same order."""
    card = _read(engine.show, event_id, db=db)
    if card is None:
        _fail(f"no event {event_id!r}: list them with `vnnews events`", 1)
    if as_json:
        print(engine.dumps(card))
        return
    from .render import render_card

    render_card(card, out, all_figures=all_figures, figures_shown=settings().web.figures_shown)


@app.command()
def summarize(file: str, group_by: str = typer.Option(..., "--group-by", help="field that names the group"),
              max_words: Optional[int] = typer.Option(None, "--max-words", min=1, max=100_000,
                                                      help="syllables per summary (default: settings summary.max_words)"),
              out_file: Optional[str] = typer.Option(None, "--out")) -> None:
    """Summarise given groups of a JSONL file (no clustering); rejected lines are reported on stderr."""
    import os

    from .pipeline import Stats

    if not os.path.isfile(file):
        _fail(f"no such input file: {file} [{E.MISSING_INPUT.code}]", 1)
    fh = _open_out(out_file)
    stats = Stats()
    n = 0
    try:
        for obj in engine.summarize(file, group_by, max_words=max_words, settings=settings(), stats=stats):
            fh.write(engine.dumps(obj) + "\n")
            n += 1
    except VnnewsError as e:
        _fail(str(e), e.exit_code)
    finally:
        if out_file:
            fh.close()
    for d in stats.drops:
        err.print(_line("rejected", d), markup=False, highlight=False)
    for d in stats.notes:
        err.print(_line("note", d), markup=False, highlight=False)
    err.print(f"{n} groups summarised, {len(stats.drops)} lines rejected", markup=False, highlight=False)


@app.command()
def search(query: str, db: Optional[str] = DbOpt, as_json: bool = typer.Option(False, "--json"),
           limit: int = typer.Option(20, min=1, max=10_000), offset: int = typer.Option(0, min=0, max=1_000_000),
           date_from: Optional[str] = typer.Option(None, "--date-from", help="published on or after (YYYY-MM-DD)"),
           date_to: Optional[str] = typer.Option(None, "--date-to", help="published on or before (YYYY-MM-DD)"),
           source: Optional[str] = typer.Option(None, "--source", help="outlet (any of its names; 'dan tri')"),
           person: Optional[str] = typer.Option(None, "--person", help="articles naming this person"),
           place: Optional[str] = typer.Option(None, "--place", help="articles naming this place"),
           sort: str = typer.Option("relevance", "--sort", help="relevance | date (newest first)"),
           by_event: bool = typer.Option(False, "--events", help="group the hits by event (as /api/search/events)")) -> None:
    """Accent-aware full-text search of articles, with the API's filters and sort."""
    try:
        hits = _read(engine.search, query, db=db, limit=limit, events=by_event, offset=offset, date_from=date_from,
                     date_to=date_to, source=source, person=person, place=place, sort=sort,
                     settings=settings())
    except ValueError as e:
        _fail(str(e))
        return
    if as_json:
        print(engine.dumps(hits))
        return
    if not hits:
        err.print("no match")
        return
    from rich.text import Text

    from .errors import safe

    def show_hit(h: dict, indent: str = "") -> None:
        line = Text(indent).append(safe(h["title"] or h["id"]), style="bold")
        meta = " · ".join(safe(x) for x in (h.get("source"), h.get("published")) if x)
        line.append(f"  {meta}" + ("" if by_event else f" · event {safe(h.get('event'))}"), style="dim")
        if h.get("near") is False:
            line.append(" · words apart", style="dim")
        out.print(line)
        out.print(indent + "  " + safe((h["snippet"] or "").replace("\n", " "), 2000), markup=False, highlight=False)

    if by_event:
        for g in hits:
            ev = g.get("event")
            head = Text("■ ").append(safe(ev["title"] or ev["id"]) if ev else "(no event)", style="bold cyan")
            if ev:
                head.append(f"  {safe(ev.get('date') or '')} · {ev.get('n_articles')} articles, {g['n_hits']} matching"
                            f" · {safe(ev['id'])}", style="dim")
            out.print(head)
            for h in g["hits"]:
                show_hit(h, "  ")
        return
    for h in hits:
        show_hit(h)


@app.command()
def serve(db: Optional[str] = DbOpt, host: str = typer.Option("127.0.0.1", help="address to listen on"),
          port: int = typer.Option(8000),
          allow_host: List[str] = typer.Option(
              [], "--allow-host", envvar="VNNEWS_ALLOWED_HOSTS",
              help="a name clients use in the Host header, beside the local names (repeat; * allows any)")) -> None:
    """Web UI and JSON API: prints its address; warns when other machines can reach it;
    answers 400 to a Host header not in the allow list (DNS rebinding)."""
    try:
        import uvicorn

        from .api import create_app
    except ImportError as e:
        _fail(f"the web server needs FastAPI and uvicorn: pip install vnnews ({e})")
        return
    _read(lambda db: engine.open_existing(db).close(), db=db)  # the server reads an existing database only
    from .web.serving import allowed_hosts, banner, exposure_warning

    allowed = allowed_hosts(host, allow_host)
    warning = exposure_warning(host, allowed)
    if warning:
        err.print(warning, markup=False, highlight=False, style="bold yellow")
    err.print(banner(host, port), markup=False, highlight=False)
    uvicorn.run(create_app(engine.db_path(db), allowed_hosts=allowed, settings=settings()), host=host, port=port, log_level="warning")


@eval_app.command("cluster")
def eval_cluster(file: str, field: str = typer.Option("cluster", "--gold", help="gold label field"),
                 extra: List[str] = typer.Option([], "--extra", help="unlabelled inputs ingested too"),
                 followups: Optional[int] = typer.Option(
                     None, "--followups", help="add labelled follow-up distractors published N days later"),
                 part: Optional[str] = typer.Option(
                     None, "--part", help="K/M: only the gold clusters numbered K modulo M (a fixed half)"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """BCubed of event clustering against a gold field (pooled ingest), next to TF-IDF."""
    from .eval.cluster import evaluate_clustering, parse_part

    try:
        which = parse_part(part) if part else None
    except ValueError as e:
        err.print(str(e), markup=False, highlight=False)
        raise typer.Exit(2)
    res = evaluate_clustering(file, field, extra=extra, followup_days=followups, part=which)
    if as_json:
        print(engine.dumps(res))
        return
    out.print(f"{res['articles']} articles, {res['gold_clusters']} gold clusters, "
              f"{res['events']} events predicted, {res['not_ingested']} not ingested", highlight=False)
    b, v = res["baseline"], res["vnnews"]
    out.print(f"{'':28s} {'P':>6s} {'R':>6s} {'F1':>6s}")
    out.print(f"{'vnnews':28s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f}", highlight=False)
    out.print(f"{'TF-IDF single-pass @' + str(b['threshold']):28s} {b['precision']:6.3f} {b['recall']:6.3f} "
              f"{b['f1']:6.3f}", highlight=False)


@eval_app.command("summary")
def eval_summary(file: str, refs: str = typer.Option(..., "--refs", help="JSONL with group field and 'refs'"),
                 group_by: str = typer.Option("cluster", "--group-by"),
                 budget: str = typer.Option(
                     "mean-all", "--budget",
                     help="mean-all: one budget, the mean length of all references, summaries cut at it "
                          "(as the summarize verb is scored); mean-ref: each group's mean reference length"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """ROUGE-1/2/L of the summarize verb's summaries vs references, with Lead and human ref-vs-ref."""
    from .eval.summary import evaluate_file

    if budget not in ("mean-all", "mean-ref"):
        _fail(f"--budget must be mean-all or mean-ref, not {budget!r}")
    try:
        res = evaluate_file(file, refs, group_by, budget=budget.replace("-", "_"), settings=settings())
    except VnnewsError as e:
        _fail(str(e), e.exit_code)
        return
    if as_json:
        print(engine.dumps(res))
        return
    what = "mean length of all references" if budget == "mean-all" else "each group's mean reference length"
    out.print(f"{res['groups']} groups; budget: {what}", highlight=False)
    out.print(f"{'':16s} {'R1':>6s} {'R2':>6s} {'RL':>6s}")
    names = {"system": "vnnews", "lead": "Lead (1st art.)", "lead_rr": "Lead (rr)", "ref_vs_ref": "ref vs ref"}
    for key, name in names.items():
        r = res[key]
        out.print(f"{name:16s} {100 * r['rouge1']:6.1f} {100 * r['rouge2']:6.1f} {100 * r['rougeL']:6.1f}")
    out.print(f"fidelity {res['fidelity']:.3f}; {res['seconds']:.1f} s", highlight=False)


@eval_app.command("facts")
def eval_facts(gold: str = typer.Option("tests/data/facts_gold/vmds_gold.jsonl", "--gold",
                                        help="hand annotations (JSONL)"),
               articles: str = typer.Option("tests/data/vmds/articles.jsonl", "--articles",
                                            help="the annotated articles (JSONL)"),
               baseline: bool = typer.Option(True, "--baseline/--no-baseline",
                                             help="score underthesea's NER too"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """P/R/F1 of people, organisations, places, quotes vs hand annotations, next to underthesea NER."""
    from .eval.facts import evaluate_facts, format_table

    res = evaluate_facts(gold, articles, baseline=baseline)
    if as_json:
        print(engine.dumps(res))
        return
    out.print(format_table(res), highlight=False)


@eval_app.command("cards")
def eval_cards(gold: str = typer.Option("tests/data/audit/cards_gold.jsonl", "--gold",
                                        help="hand-made audit set (JSONL)"),
               vims: str = typer.Option("../shared/data/vims-dev/articles.jsonl", "--vims-dev",
                                        help="vims-dev articles (JSONL)"),
               vmds: str = typer.Option("../shared/data/vmds/articles.jsonl", "--vmds",
                                        help="VMDS articles (JSONL)"),
               judgements: str = typer.Option("tests/data/audit/disagreements.jsonl",
                                              "--judgements", help="judged disagreements (JSONL)"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """Audit of event cards: date right, top-5 people/org/place precision, disagreements."""
    from .eval.cards import evaluate_cards, format_report

    res = evaluate_cards(gold, {"vims-dev": vims, "vmds": vmds}, judgements, settings=settings())
    if not res["events"]:
        _fail("no audited event could be built: check --vims-dev / --vmds paths")
    if as_json:
        print(engine.dumps(res))
        return
    out.print(format_report(res), highlight=False)


@eval_app.command("extract")
def eval_extract(which: str = typer.Option("all", "--set", help="real | golden | all"),
                 as_json: bool = typer.Option(False, "--json")) -> None:
    """Extraction per page and check (title, date, sapo, first/last paragraph, chrome), next to trafilatura alone."""
    from .eval.extract import evaluate, format_table

    if which not in ("real", "golden", "all"):
        _fail("--set must be real, golden or all")
    res = evaluate(which)
    if as_json:
        print(engine.dumps(res))
        return
    out.print(format_table(res), highlight=False)


def main() -> None:
    try:
        app()
    except VnnewsError as e:  # raised where a verb did not catch it
        err.print(f"[bold red]error:[/] {rich_safe(str(e), 2000)}", highlight=False)
        sys.exit(e.exit_code)


if __name__ == "__main__":
    main()
