"""stc theme add | list | edit | remove: preliminary themes (step 1)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, count, echo, notice, print_json, table, workspace

theme_app = typer.Typer(help="Preliminary themes (step 1).", no_args_is_help=True)


def _suggest(n: int) -> None:
    if n and not 4 <= n <= 8:
        notice(f"note: {count(n, 'theme')}; STC suggests 4–8 preliminary themes")


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
    echo(f"theme {theme.id}: {theme.label} ({count(n, 'theme')})")
    if n > 8:
        notice("note: STC suggests 4–8 preliminary themes; consider merging some")


@theme_app.command("list")
def theme_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
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
    _suggest(len(cb.themes))


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
    echo(f"theme {theme_id} removed ({count(n, 'theme')} left)")
    if not 4 <= n <= 8:
        notice(f"note: {count(n, 'theme')}; STC suggests 4–8 preliminary themes")


def register(app: typer.Typer) -> None:
    app.add_typer(theme_app, name="theme")
