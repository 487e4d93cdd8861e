"""stc impression: step 1, a researcher's total impression of one transcript."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import ResearcherOpt, echo, who, workspace


def impression(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    researcher: ResearcherOpt = None,
    text: Annotated[str | None, typer.Option("--text", help="The impression.")] = None,
    do_edit: Annotated[bool, typer.Option("--edit", help="Straight to $EDITOR, no pager.")] = False,
) -> None:
    """Step 1: your total impression (helhetsinntrykk): read the transcript, then write."""
    from stc.api import record_impression

    ws = workspace(ctx)
    r = who(ws, researcher)
    if text is None:
        from stc.cli.interactive.impression import impression as write

        text = write(ws, transcript_id, r, page_first=not do_edit)
    record_impression(ws, transcript_id, r, text)
    echo(f"impression of {transcript_id} by {r} saved")


def register(app: typer.Typer) -> None:
    app.command()(impression)
