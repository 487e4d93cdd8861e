"""stc codebook add | show | rename | merge | move, stc codebook group add | rename."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, echo, print_json, workspace

codebook_app = typer.Typer(help="Codes and code groups.", no_args_is_help=True)
codebook_group_app = typer.Typer(help="Code groups.", no_args_is_help=True)


def _report(change: object) -> None:
    echo(change.summary)  # type: ignore[attr-defined]
    for f in change.files:  # type: ignore[attr-defined]
        echo(f"  {f}")


@codebook_app.command("add")
def codebook_add(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help='Code id, or a name: "Vendor opacity".')],
    code_group: Annotated[str | None, typer.Option("--code-group", "-g")] = None,
    label: Annotated[str, typer.Option("--label")] = "",
    definition: Annotated[str, typer.Option("--definition")] = "",
    include: Annotated[str, typer.Option("--include", help="When to use the code.")] = "",
    exclude: Annotated[str, typer.Option("--exclude", help="When not to.")] = "",
) -> None:
    """Add a code, or sort an existing code into a code group."""
    from stc.api import add_code

    ws = workspace(ctx)
    code_id = add_code(ws, code, code_group, label, definition, include, exclude)
    found = ws.codebook().code(code_id)
    named = f" ({found.label})" if found and found.label else ""
    echo(
        f"code {code_id}{named}" + (f" in code group {code_group}" if code_group else " (unsorted)")
    )


@codebook_app.command("show")
def codebook_show(ctx: typer.Context, as_json: JsonOpt = False) -> None:
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
                named = f" {c.label}" if c.label else ""
                echo(f"    {c.id}{named} ({used.get(c.id, 0)}){definition}")
    if cb.unsorted:
        echo("unsorted codes")
        for c in cb.unsorted:
            echo(f"    {c.id}{f' {c.label}' if c.label else ''} ({used.get(c.id, 0)})")


@codebook_app.command("rename")
def codebook_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD")],
    new: Annotated[str, typer.Argument(metavar="NEW")],
) -> None:
    """Rename a code in the codebook and in every meaning unit (one atomic change)."""
    from stc.api import rename_code

    _report(rename_code(workspace(ctx), old, new))


@codebook_app.command("merge")
def codebook_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM")],
    target: Annotated[str, typer.Argument(metavar="INTO")],
) -> None:
    """Merge code FROM into code INTO: its units take INTO, FROM leaves the codebook."""
    from stc.api import merge_codes

    _report(merge_codes(workspace(ctx), source, target))


@codebook_app.command("move")
def codebook_move(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="CODE")],
    code_group: Annotated[
        str | None, typer.Option("--code-group", "-g", help="Target code group (omit: unsorted).")
    ] = None,
) -> None:
    """Sort a code into another code group."""
    from stc.api import move_code

    _report(move_code(workspace(ctx), code, code_group))


@codebook_group_app.command("add")
def codebook_group_add(
    ctx: typer.Context,
    group_id: Annotated[str, typer.Argument(metavar="ID", help='Id, or a name: "Tillit".')],
    label: Annotated[str, typer.Option("--label", help="Readable label (default: the name).")] = "",
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
    definition: Annotated[str, typer.Option("--definition")] = "",
) -> None:
    """Add a code group (kodegruppe), optionally under a theme."""
    from stc.api import add_code_group

    ws = workspace(ctx)
    group_id = add_code_group(ws, group_id, label, theme, definition)
    g = ws.codebook().code_group(group_id)
    echo(f"code group {group_id}: {g.label if g else label}")


@codebook_group_app.command("rename")
def codebook_group_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD")],
    new: Annotated[str, typer.Argument(metavar="NEW")],
    label: Annotated[str | None, typer.Option("--label", help="A new label too.")] = None,
) -> None:
    """Rename a code group: codebook, its subgroups (step 3) and analytic text (step 4)."""
    from stc.api import rename_code_group

    _report(rename_code_group(workspace(ctx), old, new, label))


def register(app: typer.Typer) -> None:
    codebook_app.add_typer(codebook_group_app, name="group")
    app.add_typer(codebook_app, name="codebook")
