"""The four-step dashboard shown by `stc`, `stc status` and `stc next`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc.cli.common import count, echo, is_tty

if TYPE_CHECKING:
    from stc.api import Status


def _missing(items: list[str], limit: int = 6) -> str:
    more = f" … (+{len(items) - limit})" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def render(st: Status, detailed: bool) -> None:
    who = (
        f" — {st.researcher}" + (f", round {st.round}" if st.round else "") if st.researcher else ""
    )
    head = f"{st.title}{who}"
    facts = (
        f"{count(st.transcripts, 'transcript')}, {count(st.informants, 'informant')} "
        f"in {count(st.groups, 'group')}"
    )
    if is_tty():
        _rich(st, head, facts, detailed)
        return
    echo(head)
    echo(facts)
    if st.assigned:
        echo(f"your transcripts: {', '.join(st.assigned)}")
    for s in st.steps:
        line = f"{s.step} {s.name:<40} {s.done:>3}/{s.total:<3}"
        notes = "; ".join(s.notes)
        echo(f"{line}  {notes}".rstrip())
        if s.progress:
            echo(f"{'':>30}  {' · '.join(s.progress)}")
        if detailed and s.missing:
            echo(f"    missing: {_missing(s.missing)}")
    for item in st.stale:
        echo(f"stale: {item}")
    echo("next: " + "\n      ".join(st.next))


def _rich(st: Status, head: str, facts: str, detailed: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{head}[/bold]\n[dim]{facts}[/dim]", highlight=False)
    if st.assigned:
        console.print(f"Your transcripts: {', '.join(st.assigned)}")
    table = Table(show_header=True, header_style="bold")
    for col in ("", "step", "done", "notes" if not detailed else "missing / notes"):
        table.add_column(col)
    for s in st.steps:
        complete = s.total > 0 and s.done >= s.total
        mark = "[green]✓[/green]" if complete else "[yellow]…[/yellow]"
        extra = "; ".join(s.notes)
        if s.progress:
            extra += "\n[dim]" + " · ".join(s.progress) + "[/dim]"
        if detailed and s.missing:
            extra = f"[yellow]{_missing(s.missing)}[/yellow]\n{extra}"
        table.add_row(mark, f"{s.step} {s.name}", f"{s.done}/{s.total}", extra)
    console.print(table)
    for item in st.stale:
        console.print(f"[yellow]stale:[/yellow] {item}")
    console.print("Next: " + "\n      ".join(f"[bold cyan]{c}[/bold cyan]" for c in st.next))
