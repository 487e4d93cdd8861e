"""Steps 1 and 2: impression, theme, unit, codebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import echo, notice, print_json, table, who, workspace

theme_app = typer.Typer(help="Preliminary themes (step 1).", no_args_is_help=True)
unit_app = typer.Typer(help="Meaning units (step 2).", no_args_is_help=True)
codebook_app = typer.Typer(help="Codes and code groups.", no_args_is_help=True)
codebook_group_app = typer.Typer(help="Code groups.", no_args_is_help=True)

Researcher = Annotated[
    str | None,
    typer.Option(
        "--researcher", "-r", help="Researcher id (default: $STC_RESEARCHER, stc config)."
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Output JSON.")]


def impression(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    researcher: Researcher = None,
    text: Annotated[str | None, typer.Option("--text", help="The impression.")] = None,
    do_edit: Annotated[bool, typer.Option("--edit", help="Straight to $EDITOR, no pager.")] = False,
) -> None:
    """Step 1: your total impression (helhetsinntrykk): read the transcript, then write."""
    from stc.api import record_impression
    from stc.cli import walkers

    ws = workspace(ctx)
    r = who(ws, researcher)
    if text is None:
        text = walkers.impression(ws, transcript_id, r, page_first=not do_edit)
    record_impression(ws, transcript_id, r, text)
    echo(f"impression of {transcript_id} by {r} saved")


def code(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    researcher: Researcher = None,
    all_turns: Annotated[
        bool, typer.Option("--all-turns", help="Include interviewer turns.")
    ] = False,
) -> None:
    """Step 2: walk a transcript turn by turn, marking and coding meaning units."""
    from stc.cli.walkers import CodeWalker

    ws = workspace(ctx)
    CodeWalker(ws, transcript_id, who(ws, researcher), all_turns).run()


@theme_app.command("add")
def theme_add(
    ctx: typer.Context,
    label: Annotated[str, typer.Argument(help="The theme, in words.")],
    theme_id: Annotated[str | None, typer.Option("--id")] = None,
    description: Annotated[str, typer.Option("--description")] = "",
    author: Annotated[str, typer.Option("--researcher", "-r", envvar="STC_RESEARCHER")] = "",
) -> None:
    """Add a preliminary theme (step 1)."""
    from stc.api import add_theme

    ws = workspace(ctx)
    theme = add_theme(ws, label, theme_id, description, author)
    n = len(ws.codebook().themes)
    echo(f"theme {theme.id}: {theme.label} ({n} theme(s))")
    if n > 8:
        notice("note: STC suggests 4–8 preliminary themes; consider merging some")


@theme_app.command("list")
def theme_list(ctx: typer.Context, as_json: Json = False) -> None:
    """List preliminary themes and their code groups."""
    cb = workspace(ctx).codebook()
    rows = [
        {
            "id": t.id,
            "label": t.label,
            "description": t.description,
            "author": t.author,
            "code_groups": [g.id for g in cb.groups_in(t.id)],
        }
        for t in cb.themes
    ]
    if as_json:
        print_json(rows)
        return
    table(
        "Preliminary themes",
        ["id", "label", "code groups"],
        [[t.id, t.label, ", ".join(g.id for g in cb.groups_in(t.id))] for t in cb.themes],
    )
    if cb.themes and not 4 <= len(cb.themes) <= 8:
        notice(f"note: {len(cb.themes)} theme(s); STC suggests 4–8 preliminary themes")


@unit_app.command("add")
def unit_add(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    code: Annotated[list[str], typer.Option("--code", "-c", help="A code (repeat).")],
    researcher: Researcher = None,
    quote: Annotated[str | None, typer.Option("--quote", "-q", help="Exact text.")] = None,
    turn: Annotated[int | None, typer.Option("--turn", help="Turn number.")] = None,
    start: Annotated[int | None, typer.Option("--start", help="Start offset in the turn.")] = None,
    end: Annotated[int | None, typer.Option("--end", help="End offset in the turn.")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    hit: Annotated[str | None, typer.Option("--hit", help="A hit id from `stc search`.")] = None,
) -> None:
    """Step 2: mark a meaning unit and code it; prints the unit id."""
    from stc.api import add_unit

    ws = workspace(ctx)
    if hit:
        from stc.search import parse_hit

        hit_transcript, turn, start, end = parse_hit(hit)
        if hit_transcript != transcript_id:
            raise typer.BadParameter(
                f"the hit is in {hit_transcript}, not {transcript_id}", param_hint="--hit"
            )
    added = add_unit(ws, transcript_id, who(ws, researcher), code, quote, turn, start, end, note)
    for c in added.new_codes:
        notice(
            f"note: new code {c!r} added to the codebook as unsorted; sort it later with "
            f"`stc codebook add {c} --code-group G`"
        )
    if added.merged:
        notice("note: this span was coded already; its codes were merged")
    echo(added.unit.id)


@unit_app.command("list")
def unit_list(
    ctx: typer.Context,
    code: Annotated[str | None, typer.Option("--code")] = None,
    code_group: Annotated[str | None, typer.Option("--code-group")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Informant group.")] = None,
    researcher: Annotated[str | None, typer.Option("--researcher", "-r")] = None,
    transcript: Annotated[str | None, typer.Option("--transcript")] = None,
    as_json: Json = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, csv or xlsx.")] = "text",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")] = None,
) -> None:
    """List meaning units, filtered by code, code group, informant group or researcher."""
    from stc.steps.units import UNIT_COLUMNS, filter_units, unit_json

    ws = workspace(ctx)
    study = ws.study()
    found = filter_units(study, code, code_group, group, researcher, transcript)
    if as_json or fmt == "json":
        print_json([unit_json(study, u) for u in found])
        return
    if fmt in ("csv", "xlsx"):
        from stc.cli.commands.tables import _emit
        from stc.interop.spreadsheet import to_csv, to_xlsx

        rows = [
            [", ".join(v) if isinstance(v, list) else v for v in unit_json(study, u).values()]
            for u in found
        ]
        data = to_csv(UNIT_COLUMNS, rows) if fmt == "csv" else to_xlsx("units", UNIT_COLUMNS, rows)
        _emit(data, out, ws.root / "reports" / f"units.{fmt}")
        return
    for u in found:
        echo(f"{u.id}  turn {u.turn}  [{', '.join(u.codes)}]\n    {u.text}")
    notice(f"{len(found)} unit(s)")


@codebook_app.command("add")
def codebook_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help="Code id.")],
    code_group: Annotated[str | None, typer.Option("--code-group", "-g")] = None,
    label: Annotated[str, typer.Option("--label")] = "",
    definition: Annotated[str, typer.Option("--definition")] = "",
    include: Annotated[str, typer.Option("--include", help="When to use the code.")] = "",
    exclude: Annotated[str, typer.Option("--exclude", help="When not to.")] = "",
) -> None:
    """Add a code, or sort an existing code into a code group."""
    from stc.api import add_code

    add_code(workspace(ctx), code, code_group, label, definition, include, exclude)
    echo(f"code {code}" + (f" in code group {code_group}" if code_group else " (unsorted)"))


@codebook_group_app.command("add")
def codebook_group_add(
    ctx: typer.Context,
    group_id: Annotated[str, typer.Argument(metavar="ID")],
    label: Annotated[str, typer.Option("--label")],
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
    definition: Annotated[str, typer.Option("--definition")] = "",
) -> None:
    """Add a code group (kodegruppe), optionally under a theme."""
    from stc.api import add_code_group

    add_code_group(workspace(ctx), group_id, label, theme, definition)
    echo(f"code group {group_id}: {label}")


@codebook_app.command("show")
def codebook_show(ctx: typer.Context, as_json: Json = False) -> None:
    """Show themes → code groups → codes, with definitions and unit counts."""
    study = workspace(ctx).study()
    cb = study.codebook
    if as_json:
        print_json(cb.to_dict())
        return
    used: dict[str, int] = {}
    for u in study.units:
        for code_id in u.codes:
            used[code_id] = used.get(code_id, 0) + 1
    sections = [(t.id, t.label) for t in cb.themes] + [(None, "(no theme)")]
    for theme_id, label in sections:
        groups = cb.groups_in(theme_id)
        if groups:
            echo(f"{label}")
        for g in groups:
            echo(f"  {g.id}: {g.label}")
            for c in cb.codes_in(g.id):
                definition = f" — {c.definition}" if c.definition else ""
                echo(f"    {c.id} ({used.get(c.id, 0)}){definition}")
    if cb.unsorted:
        echo("unsorted codes")
        for c in cb.unsorted:
            echo(f"    {c.id} ({used.get(c.id, 0)})")


def register(app: typer.Typer) -> None:
    app.command()(impression)
    app.command()(code)
    app.add_typer(theme_app, name="theme")
    app.add_typer(unit_app, name="unit")
    codebook_app.add_typer(codebook_group_app, name="group")
    app.add_typer(codebook_app, name="codebook")
