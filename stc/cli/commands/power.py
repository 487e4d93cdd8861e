"""stc power: the sample's information power (Malterud, Siersma & Guassora 2016)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from stc.cli.common import echo, workspace

Aim = Literal["narrow", "broad"]
Specificity = Literal["dense", "sparse"]
Theory = Literal["applied", "none"]
Dialogue = Literal["strong", "weak"]
Strategy = Literal["case", "cross-case"]


def power(
    ctx: typer.Context,
    aim: Annotated[Aim | None, typer.Option("--aim", help="narrow or broad")] = None,
    specificity: Annotated[
        Specificity | None, typer.Option("--specificity", help="dense or sparse")
    ] = None,
    theory: Annotated[Theory | None, typer.Option("--theory", help="applied or none")] = None,
    dialogue: Annotated[Dialogue | None, typer.Option("--dialogue", help="strong or weak")] = None,
    strategy: Annotated[
        Strategy | None, typer.Option("--strategy", help="case or cross-case")
    ] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    ask: Annotated[
        bool, typer.Option("--interactive", "-i", help="Ask for each dimension.")
    ] = False,
) -> None:
    """Record the sample's information power (Malterud, Siersma & Guassora 2016)."""
    from stc.api import power_appraisal, power_dimensions, record_power

    ws = workspace(ctx)
    given: dict[str, str | None] = {
        "aim": aim,
        "specificity": specificity,
        "theory": theory,
        "dialogue": dialogue,
        "strategy": strategy,
    }
    dimensions = power_dimensions()
    if ask:
        current = ws.project().power
        for dim, (high, low, explain) in dimensions.items():
            echo(f"\n{dim}: {explain}")
            given[dim] = _choose(f"{dim} ({high}/{low})", (high, low), current.get(dim, high))
        notes = typer.prompt("notes", default=current.get("notes", ""), show_default=False)
    project = record_power(ws, notes, **{k: v for k, v in given.items() if v})
    if not project.power:
        echo("no information power recorded yet; give --aim, --specificity … or -i")
        return
    for dim in (*dimensions, "notes"):
        if dim in project.power:
            echo(f"{dim}: {project.power[dim]}")
    echo(power_appraisal(ws))


def _choose(prompt: str, choices: tuple[str, str], default: str) -> str:
    """Ask until the answer is one of ``choices``; a wrong one is refused at once, with why."""
    while True:
        answer = str(typer.prompt(prompt, default=default)).strip().lower()
        if answer in choices:
            return answer
        echo(f"  {answer!r} is not an answer here: type {choices[0]} or {choices[1]}")


def register(app: typer.Typer) -> None:
    app.command()(power)
