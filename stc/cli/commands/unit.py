"""stc unit add | list | remove | recode | edit | note, and stc undo: meaning units (step 2)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import (
    JsonOpt,
    OutOpt,
    ResearcherOpt,
    UnitFormat,
    count,
    echo,
    emit,
    is_tty,
    notice,
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
    to_turn: Annotated[
        int | None,
        typer.Option("--to-turn", help="Last turn of a unit across turns; --end counts in it."),
    ] = None,
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
    added = add_unit(
        ws, transcript_id, who(ws, researcher), code, quote, turn, start, end, note, to_turn
    )
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
    from stc.api import output_path, unit_export, units

    ws = workspace(ctx)
    if as_json or fmt != "text":
        fmt = "json" if as_json else fmt
        data = unit_export(ws, fmt, code, code_group, group, researcher, transcript)
        emit(ws, data, out, output_path(ws, f"units.{fmt}"))
        return
    rows = units(ws, code, code_group, group, researcher, transcript)
    for r in rows:
        codes = ", ".join(r["codes"]) if isinstance(r["codes"], list) else ""
        turns = (
            f"turns {r['turn']}–{r['to_turn']}"
            if r["to_turn"] != r["turn"]
            else f"turn {r['turn']}"
        )
        text = str(r["text"]).replace("\n\n", "\n    ")
        echo(f"{r['id']}  {turns}  [{codes}]\n    {text}")
    notice(f"{count(len(rows), 'unit')}")


def _by(ws: object, researcher: str | None) -> str | None:
    from stc.api import current_researcher

    return current_researcher(ws, researcher)  # type: ignore[arg-type]


def _edited(result: object) -> None:
    from stc.api import UnitEdited

    if not isinstance(result, UnitEdited):  # pragma: no cover - typing aid
        raise TypeError(result)
    u = result.unit or result.before
    echo(f"{result.summary}")
    echo(f"  turn {u.turn} [{', '.join(u.codes)}] {u.text[:100]}{'…' if len(u.text) > 100 else ''}")
    for effect in result.effects:
        echo(f"  {effect}")
    notice("undo with: stc undo")


UnitId = Annotated[str, typer.Argument(metavar="UNIT", help="A unit id (`stc unit list`).")]


@unit_app.command("remove")
def unit_remove(ctx: typer.Context, unit_id: UnitId, researcher: ResearcherOpt = None) -> None:
    """Delete a meaning unit; subgroups, golden quotes and [[references]] are updated."""
    from stc.api import remove_unit

    ws = workspace(ctx)
    _edited(remove_unit(ws, unit_id, _by(ws, researcher)))


@unit_app.command("recode")
def unit_recode(
    ctx: typer.Context,
    unit_id: UnitId,
    add: Annotated[list[str] | None, typer.Option("--add", help="A code to add (repeat).")] = None,
    remove: Annotated[
        list[str] | None, typer.Option("--remove", help="A code to remove (repeat).")
    ] = None,
    researcher: ResearcherOpt = None,
) -> None:
    """Add or remove a unit's codes."""
    from stc.api import recode_unit

    if not add and not remove:
        raise typer.BadParameter("say what changes: --add CODE and/or --remove CODE")
    ws = workspace(ctx)
    _edited(recode_unit(ws, unit_id, add or [], remove or [], _by(ws, researcher)))


@unit_app.command("edit")
def unit_edit(
    ctx: typer.Context,
    unit_id: UnitId,
    quote: Annotated[
        str | None, typer.Option("--quote", "-q", help="The unit's new exact text.")
    ] = None,
    turn: Annotated[int | None, typer.Option("--turn", help="Turn number.")] = None,
    start: Annotated[int | None, typer.Option("--start", help="Start offset in the turn.")] = None,
    end: Annotated[int | None, typer.Option("--end", help="End offset in the turn.")] = None,
    to_turn: Annotated[
        int | None,
        typer.Option("--to-turn", help="Last turn of a span across turns; --end counts in it."),
    ] = None,
    researcher: ResearcherOpt = None,
) -> None:
    """Re-anchor a unit to a wider or narrower span (it keeps its id and codes).

    --start or --end alone moves that edge and keeps the other; --turn (and --to-turn) place
    the unit anew, the whole turn where an offset is not given."""
    from stc.api import edit_unit

    if quote is None and turn is None and start is None and end is None and to_turn is None:
        raise typer.BadParameter("give the new span: --quote TEXT or --start S --end E")
    ws = workspace(ctx)
    _edited(edit_unit(ws, unit_id, quote, turn, start, end, _by(ws, researcher), to_turn))


@unit_app.command("note")
def unit_note(
    ctx: typer.Context,
    unit_id: UnitId,
    text: Annotated[
        str | None, typer.Argument(help="The note ('' clears it; omitted: your editor).")
    ] = None,
    researcher: ResearcherOpt = None,
) -> None:
    """Set or clear a unit's note."""
    from stc.api import note_unit

    ws = workspace(ctx)
    if text is None:
        import click

        if not is_tty():
            raise typer.BadParameter("give the note: stc unit note UNIT 'text'")
        unit = ws.study().unit_index.get(unit_id)
        text = click.edit(unit.note if unit else "") or ""
    _edited(note_unit(ws, unit_id, text, _by(ws, researcher)))


def undo(
    ctx: typer.Context,
    researcher: ResearcherOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Restore even files changed since.")
    ] = False,
) -> None:
    """Take back your last change (unit edits, merge, resolve), restoring its files exactly."""
    from stc.api import undo as take_back

    ws = workspace(ctx)
    done = take_back(ws, who(ws, researcher), force)
    echo(f"undone: {done.summary} ({done.time})")
    for f in done.files:
        echo(f"  restored {f}")


def register(app: typer.Typer) -> None:
    app.add_typer(unit_app, name="unit")
    app.command()(undo)
