"""stc group add | list: informant groups and how quotes are attributed."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, echo, print_json, table, workspace

group_app = typer.Typer(help="Informant groups (label, quote_as).", no_args_is_help=True)


@group_app.command("add")
def group_add(
    ctx: typer.Context,
    group_id: Annotated[str, typer.Argument(metavar="ID", help="Group id, e.g. nav-veileder.")],
    label: Annotated[str, typer.Option("--label", help="Label, e.g. 'NAV-veileder'.")],
    quote_as: Annotated[
        str | None, typer.Option("--quote-as", help="Attribution shared with other small groups.")
    ] = None,
    description: Annotated[str, typer.Option("--description")] = "",
) -> None:
    """Add an informant group (or change its label / quote_as)."""
    from stc.api import add_group

    g = add_group(workspace(ctx), group_id, label, quote_as, description)
    echo(
        f"informant group {g.id}: {g.label}" + (f" (quoted as {g.quote_as})" if g.quote_as else "")
    )


@group_app.command("list")
def group_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List informant groups with their informants and attribution."""
    study = workspace(ctx).study()
    rows = [
        {
            "id": g.id,
            "label": g.label,
            "quote_as": g.quote_as,
            "informants": study.informants_by_group[g.id],
            "attribution_covers": study.informants_by_attribution[g.attribution],
        }
        for g in study.project.groups
    ]
    if as_json:
        print_json(rows)
        return
    table(
        "Informant groups",
        ["id", "label", "quoted as", "informants"],
        [
            [str(r["id"]), str(r["label"]), str(r["quote_as"] or ""), str(r["informants"])]
            for r in rows
        ],
    )


def register(app: typer.Typer) -> None:
    app.add_typer(group_app, name="group")
