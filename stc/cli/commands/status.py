"""stc status, stc next: where the study stands in the four steps."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, print_json, workspace

WhoseOpt = Annotated[
    str | None,
    typer.Option(
        "--researcher", "-r", help="Whose progress (default: $STC_RESEARCHER or stc config)."
    ),
]


def _status(ctx: typer.Context, researcher: str | None, as_json: bool, detailed: bool) -> None:
    from stc.api import status as compute
    from stc.cli.dashboard import render

    st = compute(workspace(ctx), researcher)
    if as_json:
        print_json(st.to_dict())
    else:
        render(st, detailed)


def status(ctx: typer.Context, researcher: WhoseOpt = None, as_json: JsonOpt = False) -> None:
    """Where the study stands in the four steps, and the next command to run."""
    _status(ctx, researcher, as_json, detailed=False)


def next_(ctx: typer.Context, researcher: WhoseOpt = None, as_json: JsonOpt = False) -> None:
    """What is done and missing in each step for you, and the exact next command."""
    _status(ctx, researcher, as_json, detailed=True)


def register(app: typer.Typer) -> None:
    app.command()(status)
    app.command("next")(next_)
