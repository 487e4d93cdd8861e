"""stc config: this clone's local settings (in .stc/, never committed)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import echo, workspace


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
    app.command()(config)
