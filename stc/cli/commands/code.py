"""stc code: step 2, the interactive coding walker."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import ResearcherOpt, who, workspace


def code(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    researcher: ResearcherOpt = None,
    all_turns: Annotated[
        bool, typer.Option("--all-turns", help="Include interviewer turns.")
    ] = False,
) -> None:
    """Step 2: walk a transcript turn by turn, marking and coding meaning units."""
    from stc.cli.interactive.code import CodeWalker

    ws = workspace(ctx)
    CodeWalker(ws, transcript_id, who(ws, researcher), all_turns).run()


def register(app: typer.Typer) -> None:
    app.command()(code)
