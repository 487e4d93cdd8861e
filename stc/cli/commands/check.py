"""stc check: validation, re-anchoring and recontextualisation."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, Outcome, count, echo, notice, print_json, workspace


def check(
    ctx: typer.Context,
    no_repair: Annotated[
        bool, typer.Option("--no-repair", help="Report drift without re-anchoring units.")
    ] = False,
    context: Annotated[
        str | None,
        typer.Option(
            "--context", help="Recontextualise: show UNIT or CODE_GROUP quotes in their turns."
        ),
    ] = None,
    outcome: Annotated[
        Outcome | None,
        typer.Option("--outcome", help="With --context: confirmed, revised or counter-example."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="With --context: the note.")] = None,
    researcher: Annotated[str | None, typer.Option("--researcher", "-r")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate the workspace; re-anchor units whose transcript changed. Exit 1 on errors."""
    from stc.api import current_researcher, run_check

    if context:
        from stc.cli.interactive.context import context as show_context

        ws = workspace(ctx)
        show_context(ws, context, current_researcher(ws, researcher), outcome, note)
        return
    result = run_check(workspace(ctx), repair=not no_repair)
    if as_json:
        print_json([p.to_dict() for p in result.problems])
    else:
        for p in result.problems:
            echo(str(p))
        n_e, n_w = len(result.errors), len(result.warnings)
        notice(
            f"{count(n_e, 'error')}, {count(n_w, 'warning')}"
            + (
                f"; re-anchored units saved in {count(len(result.repaired), 'file')}"
                if result.repaired and not no_repair
                else ""
            )
        )
    if result.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(check)
