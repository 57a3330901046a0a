"""A readable event card in the terminal (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text


def render_card(card: dict, console: Console) -> None:
    arts = card.get("articles", [])
    num = {a["id"]: i + 1 for i, a in enumerate(arts)}
    head = Text()
    head.append(card.get("title") or "", style="bold")
    head.append(f"\n{card.get('date') or 'date unknown'}")
    if card.get("places"):
        head.append(" · " + ", ".join(card["places"][:8]))
    console.print(Panel(head, title=f"event {card['id']}", expand=True))

    t = Table.grid(padding=(0, 1))
    for a in arts:
        src = a.get("source") or "?"
        if a.get("original_source"):
            src += f" (theo {a['original_source']})"
        extra = f" — copy of [{num.get(a.get('duplicate_of'), '?')}]" if a.get("duplicate_of") else ""
        t.add_row(Text(f"[{num[a['id']]}]", style="cyan"),
                  Text(f"{src} · {a.get('published') or ''} · {a.get('title') or a['id']}{extra}"))
    console.print(Text("Articles", style="bold underline"))
    console.print(t)

    def cite(sources: list[str]) -> str:
        return "".join(f"[{num[s]}]" for s in sources if s in num)

    if card.get("summary"):
        console.print(Text("\nSummary", style="bold underline"))
        for s in card["summary"]:
            console.print(Text("• " + s["text"] + " ").append(cite(s["sources"]), style="cyan"))
    if card.get("people"):
        console.print(Text("\nPeople", style="bold underline"))
        for p in card["people"]:
            line = Text("• ").append(p["name"], style="bold")
            if p.get("titles"):
                line.append(" — " + "; ".join(p["titles"]))
            if p.get("aliases"):
                line.append(" (also: " + ", ".join(p["aliases"]) + ")", style="dim")
            console.print(line)
    if card.get("organizations"):
        console.print(Text("\nOrganisations: ", style="bold").append(", ".join(card["organizations"]), style=""))
    if card.get("quotes"):
        console.print(Text("\nQuotes", style="bold underline"))
        for q in card["quotes"]:
            if q.get("kind", "direct") != "direct":
                continue
            console.print(Text("• ").append(q["speaker"] or "?", style="bold").append(": " + q["text"] + " ")
                          .append(cite(q["sources"]), style="cyan"))
    if card.get("figures"):
        console.print(Text("\nFigures", style="bold underline"))
        for f in card["figures"][:15]:
            console.print(Text("• ").append(f["text"], style="bold").append(" — " + (f.get("context") or "")[:120] + " ")
                          .append(cite(f["sources"]), style="cyan"))
    if card.get("disagreements"):
        console.print(Text("\nWhere the outlets differ", style="bold underline"))
        for d in card["disagreements"]:
            console.print(Text("• " + d["topic"], style="bold"))
            for c in d["claims"]:
                console.print(Text("    – " + c["text"] + " ").append(cite(c["sources"]), style="cyan"))
