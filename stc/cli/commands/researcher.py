"""stc researcher add | list: who analyses (ids used in file names and assignments)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, echo, print_json, table, workspace

researcher_app = typer.Typer(help="Researchers of the study.", no_args_is_help=True)


@researcher_app.command("add")
def researcher_add(
    ctx: typer.Context,
    researcher_id: Annotated[str, typer.Argument(metavar="ID", help="Short id, e.g. ib.")],
    name: Annotated[str, typer.Option("--name", help="Full name, for the report.")] = "",
) -> None:
    """Add a researcher (or change their name)."""
    from stc.api import add_researcher

    add_researcher(workspace(ctx), researcher_id, name)
    echo(f"researcher {researcher_id}" + (f": {name}" if name else ""))


@researcher_app.command("list")
def researcher_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the study's researchers."""
    rows = [r.to_dict() for r in workspace(ctx).project().researchers]
    if as_json:
        print_json(rows)
        return
    table("Researchers", ["id", "name"], [[str(r["id"]), str(r.get("name", ""))] for r in rows])


def register(app: typer.Typer) -> None:
    app.add_typer(researcher_app, name="researcher")
