"""stc unit add | list: meaning units (step 2)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import (
    JsonOpt,
    OutOpt,
    ResearcherOpt,
    UnitFormat,
    echo,
    emit,
    notice,
    print_json,
    who,
    workspace,
)

unit_app = typer.Typer(help="Meaning units (step 2).", no_args_is_help=True)


@unit_app.command("add")
def unit_add(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    code: Annotated[list[str], typer.Option("--code", "-c", help="A code (repeat).")],
    researcher: ResearcherOpt = None,
    quote: Annotated[str | None, typer.Option("--quote", "-q", help="Exact text.")] = None,
    turn: Annotated[int | None, typer.Option("--turn", help="Turn number.")] = None,
    start: Annotated[int | None, typer.Option("--start", help="Start offset in the turn.")] = None,
    end: Annotated[int | None, typer.Option("--end", help="End offset in the turn.")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    hit: Annotated[str | None, typer.Option("--hit", help="A hit id from `stc search`.")] = None,
) -> None:
    """Step 2: mark a meaning unit and code it; prints the unit id."""
    from stc.api import add_unit, parse_hit

    ws = workspace(ctx)
    if hit:
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
    as_json: JsonOpt = False,
    fmt: Annotated[UnitFormat, typer.Option("--format", "-f", help="text, json, csv or xlsx.")] = (
        "text"
    ),
    out: OutOpt = None,
) -> None:
    """List meaning units, filtered by code, code group, informant group or researcher."""
    from stc.api import output_path, unit_table, units

    ws = workspace(ctx)
    rows = units(ws, code, code_group, group, researcher, transcript)
    if as_json or fmt == "json":
        print_json(rows)
        return
    if fmt in ("csv", "xlsx"):
        emit(ws, unit_table(rows, fmt), out, output_path(ws, f"units.{fmt}"))
        return
    for r in rows:
        codes = ", ".join(r["codes"]) if isinstance(r["codes"], list) else ""
        echo(f"{r['id']}  turn {r['turn']}  [{codes}]\n    {r['text']}")
    notice(f"{len(rows)} unit(s)")


def register(app: typer.Typer) -> None:
    app.add_typer(unit_app, name="unit")
