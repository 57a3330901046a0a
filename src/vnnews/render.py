"""A readable event card in the terminal (rich): the event page's sections, in its order.

Headline, date with its basis, last update, outlets; the summary with citations [n];
the sources (outlet, time, title, link); the story line (``related``); people,
organisations, places; quotes (direct first, then reported); the ten most salient
figures (``all_figures=True``: every one); where the outlets differ; what they agree
on. Every string is printed as text (``rich.text.Text``), never as markup, with control
characters escaped (:func:`vnnews.errors.safe`).
"""
from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .web import views


def _safe(v):
    """Every string of the card fit for a terminal (control characters escaped)."""
    from .errors import safe

    if isinstance(v, str):
        return safe(v, limit=10_000)
    if isinstance(v, dict):
        return {k: _safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_safe(x) for x in v]
    return v


def _heading(console: Console, title: str) -> None:
    console.print(Text("\n" + title, style="bold underline"))


def render_card(card: dict, console: Console, all_figures: bool = False, figures_shown: int | None = None) -> None:
    """``figures_shown``: figures printed unless ``all_figures`` (default settings
    ``web.figures_shown``)."""
    card = _safe(card)  # ids in "sources" are escaped the same way as the articles' ids
    arts = card.get("articles", [])
    num = {a["id"]: i + 1 for i, a in enumerate(arts)}

    def cite(sources: list[str]) -> str:
        return "".join(f"[{num[s]}]" for s in sources or [] if s in num)

    # headline, date with its basis, last update, outlets
    head = Text()
    head.append(card.get("title") or card.get("id") or "", style="bold")
    head.append("\n" + (views.fmt_date(card.get("date")) or "không rõ ngày"))
    basis = views.date_basis(card)
    if basis:
        head.append(f" ({basis})", style="dim")
    updated = views.last_update(card)
    if updated:
        head.append(" · cập nhật " + views.fmt_time(updated))
    outlets = views.outlet_list(card)
    head.append(f" · {len(arts)} bài" + (f", {len(outlets)} báo" if outlets else ""))
    if outlets:
        head.append("\n" + " · ".join(outlets), style="cyan")
    if card.get("places"):
        head.append("\n" + ", ".join(card["places"][:8]), style="dim")
    console.print(Panel(head, title=Text(f"event {card['id']}"), expand=True))

    if card.get("summary"):
        _heading(console, "Tóm tắt")
        for s in card["summary"]:
            console.print(Text("• " + s["text"] + " ").append(cite(s["sources"]), style="cyan"))

    _heading(console, f"Nguồn ({len(arts)} bài)")
    t = Table.grid(padding=(0, 1))
    for a in arts:
        src = a.get("source") or "không rõ báo"
        if a.get("original_source") and a["original_source"] != a.get("source"):
            src += f" (theo {a['original_source']})"
        when = views.fmt_time(a.get("published")) if a.get("published") else ""
        line = Text(src, style="bold")
        if when:
            line.append(" · " + when)
        line.append("\n" + (a.get("title") or "(không có tiêu đề)"))
        if a.get("duplicate_of"):
            line.append(f" — bản sao của [{num.get(a['duplicate_of'], '?')}]", style="dim")
        if a.get("url"):
            line.append("\n" + a["url"], style="dim")
        t.add_row(Text(f"[{num[a['id']]}]", style="cyan"), line)
    console.print(t)

    story = views.related_items(card)
    if story:
        _heading(console, "Dòng sự kiện")
        for r in story:
            line = Text(f"{views.fmt_date(r.get('date')) or 'không rõ ngày':>10}  ")
            if r["current"]:
                line.append((r.get("title") or r["id"]) + " (sự kiện này)", style="bold")
            else:
                line.append(r.get("title") or r["id"])
                line.append(f" — {views.RELATION_WORDS.get(r['relation'], r['relation'])} · {r['id']}", style="dim")
            console.print(line)

    if card.get("people"):
        _heading(console, "Nhân vật")
        for p in card["people"]:
            line = Text("• ").append(p["name"], style="bold")
            if p.get("titles"):
                line.append(" — " + "; ".join(p["titles"]))
            if p.get("aliases"):
                line.append(" (còn gọi: " + ", ".join(p["aliases"]) + ")", style="dim")
            console.print(line.append(" ").append(cite(p.get("sources")), style="cyan"))
    if card.get("organizations"):
        console.print(Text("\nTổ chức: ", style="bold").append(", ".join(card["organizations"])))
    if card.get("places"):
        console.print(Text("Địa danh: ", style="bold").append(", ".join(card["places"])))
    also = [n for k in ("people", "organizations", "places") for n in (card.get("mentioned") or {}).get(k) or []]
    if also:  # names below the salience ranker's show-threshold: named in passing
        console.print(Text("Cũng được nhắc đến: ", style="dim bold").append(", ".join(also), style="dim"))

    quotes = views.quotes_ordered(card.get("quotes") or [])
    if quotes:
        _heading(console, "Trích dẫn")
        for q in quotes:
            line = Text("• ").append(q.get("speaker") or "không rõ người nói", style="bold")
            if q.get("kind", "direct") != "direct":
                line.append(" (thuật lại)", style="dim")
            console.print(line.append(": " + q["text"] + " ").append(cite(q["sources"]), style="cyan"))

    figures = views.salient_figures(card.get("figures") or [])
    if figures:
        if figures_shown is None:
            from .settings import DEFAULT

            figures_shown = DEFAULT.web.figures_shown
        shown = figures if all_figures else figures[:figures_shown]
        _heading(console, "Số liệu")
        for f in shown:
            line = Text("• ").append(f["text"], style="bold")
            if f.get("context"):
                line.append(" — " + f["context"])
            console.print(line.append(" ").append(cite(f["sources"]), style="cyan"))
        if len(figures) > len(shown):
            console.print(Text(f"  … và {len(figures) - len(shown)} số liệu khác (--all-figures)", style="dim"))

    if card.get("documents"):
        _heading(console, "Văn bản được nhắc đến")
        for d in card["documents"]:
            line = Text("• ").append(d["text"], style="bold")
            if d.get("issuer") and d["issuer"] not in d["text"]:
                line.append(" — " + d["issuer"])
            console.print(line.append(" ").append(cite(d["sources"]), style="cyan"))

    if card.get("disagreements"):
        _heading(console, "Các báo nói khác nhau")
        for d in card["disagreements"]:
            console.print(Text("• " + d["topic"], style="bold"))
            for c in d["claims"]:
                console.print(Text("    – " + c["text"] + " ").append(cite(c["sources"]), style="cyan"))
    if card.get("agreements"):
        _heading(console, "Các báo cùng đưa tin")
        for a in card["agreements"]:
            console.print(Text("• " + a["text"] + " ").append(cite(a["sources"]), style="cyan"))
