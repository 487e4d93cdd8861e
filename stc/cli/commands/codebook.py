"""Codebook maintenance and the project's settings: rename, merge, move; power; config."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.commands.steps12 import codebook_app, codebook_group_app, theme_app
from stc.cli.common import echo, notice, workspace


def _report(change: object) -> None:
    echo(change.summary)  # type: ignore[attr-defined]
    for f in change.files:  # type: ignore[attr-defined]
        echo(f"  {f}")


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


@theme_app.command("edit")
def theme_edit(
    ctx: typer.Context,
    theme_id: Annotated[str, typer.Argument(metavar="ID")],
    label: Annotated[str | None, typer.Option("--label")] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
) -> None:
    """Change a preliminary theme's label or description."""
    from stc.api import edit_theme

    edit_theme(workspace(ctx), theme_id, label, description)
    echo(f"theme {theme_id} updated")


@theme_app.command("remove")
def theme_remove(
    ctx: typer.Context, theme_id: Annotated[str, typer.Argument(metavar="ID")]
) -> None:
    """Remove a preliminary theme that has no code groups."""
    from stc.api import remove_theme

    ws = workspace(ctx)
    remove_theme(ws, theme_id)
    n = len(ws.codebook().themes)
    echo(f"theme {theme_id} removed ({n} theme(s) left)")
    if not 4 <= n <= 8:
        notice(f"note: {n} theme(s); STC suggests 4–8 preliminary themes")


POWER_HELP = {
    "aim": "narrow or broad",
    "specificity": "dense or sparse",
    "theory": "applied or none",
    "dialogue": "strong or weak",
    "strategy": "case or cross-case",
}


def power(
    ctx: typer.Context,
    aim: Annotated[str | None, typer.Option("--aim", help=POWER_HELP["aim"])] = None,
    specificity: Annotated[
        str | None, typer.Option("--specificity", help=POWER_HELP["specificity"])
    ] = None,
    theory: Annotated[str | None, typer.Option("--theory", help=POWER_HELP["theory"])] = None,
    dialogue: Annotated[str | None, typer.Option("--dialogue", help=POWER_HELP["dialogue"])] = None,
    strategy: Annotated[str | None, typer.Option("--strategy", help=POWER_HELP["strategy"])] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    ask: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each dimension.")
    ] = False,
) -> None:
    """Record the sample's information power (Malterud, Siersma & Guassora 2016)."""
    from stc.api import record_power
    from stc.model import POWER_DIMENSIONS

    ws = workspace(ctx)
    given = {
        "aim": aim,
        "specificity": specificity,
        "theory": theory,
        "dialogue": dialogue,
        "strategy": strategy,
    }
    if ask:
        current = ws.project().power
        for dim, (a, b) in POWER_DIMENSIONS.items():
            given[dim] = typer.prompt(f"{dim} ({a}/{b})", default=current.get(dim, a))
        notes = typer.prompt("notes", default=current.get("notes", ""), show_default=False)
    project = record_power(ws, notes, **{k: v for k, v in given.items() if v})
    if not project.power:
        echo("no information power recorded yet; give --aim, --specificity … or -i")
    for dim in (*POWER_DIMENSIONS, "notes"):
        if dim in project.power:
            echo(f"{dim}: {project.power[dim]}")


def config(
    ctx: typer.Context,
    researcher: Annotated[
        str | None, typer.Option("--researcher", "-r", help="Remember who you are here.")
    ] = None,
) -> None:
    """Show or set this clone's local settings (kept in .stc/, never committed)."""
    from stc.api import local_config, set_local_researcher

    ws = workspace(ctx)
    if researcher:
        set_local_researcher(ws, researcher)
    for key, value in local_config(ws).items():
        echo(f"{key}: {value}")


def register(app: typer.Typer) -> None:
    app.command()(power)
    app.command()(config)
