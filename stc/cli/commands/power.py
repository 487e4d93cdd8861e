"""stc power: the sample's information power (Malterud, Siersma & Guassora 2016)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import echo, workspace

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


def register(app: typer.Typer) -> None:
    app.command()(power)
