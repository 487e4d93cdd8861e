"""Team commands: assign, agree, merge, decide, setup, and git's merge driver."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import (
    JsonOpt,
    Strategy,
    busy,
    echo,
    is_tty,
    notice,
    print_json,
    split_list,
    table,
    workspace,
)


def _steps(value: str) -> list[int]:
    try:
        return [int(s) for s in split_list(value)]
    except ValueError:
        raise typer.BadParameter(
            f"{value!r}: give step numbers, e.g. 1,2,3", param_hint="--steps"
        ) from None


def assign(
    ctx: typer.Context,
    round_: Annotated[int, typer.Option("--round", help="Round number.")],
    researchers: Annotated[str, typer.Option("--researchers", help="A,B,C")],
    strategy: Annotated[
        Strategy, typer.Option("--strategy", help="random or by-group.")
    ] = "random",
    seed: Annotated[int | None, typer.Option("--seed", help="Same seed, same allocation.")] = None,
    transcripts: Annotated[
        str | None,
        typer.Option("--transcripts", help="Only these, comma-separated (default: all)."),
    ] = None,
    steps: Annotated[
        str, typer.Option("--steps", help="STC steps of this round, e.g. 1,2,3.")
    ] = "1,2,3,4",
) -> None:
    """Distribute transcripts for an analysis round (recorded in analyses/assignments.yaml)."""
    from stc.api import assign_round

    ws = workspace(ctx)
    r = assign_round(
        ws,
        round_,
        split_list(researchers),
        strategy,
        seed,
        split_list(transcripts or ""),
        _steps(steps),
    )
    study = ws.study()
    for researcher, tids in r.researchers.items():
        groups = sorted({study.transcripts[t].group for t in tids})
        echo(f"{researcher}: {len(tids)} transcript(s) — {', '.join(tids)}  [{', '.join(groups)}]")
    notice(f"round {r.number} ({r.strategy}, seed {r.seed}) saved in analyses/assignments.yaml")


def agree(
    ctx: typer.Context,
    researchers: Annotated[str, typer.Option("--researchers", help="A,B[,C]")],
    transcript: Annotated[
        list[str] | None, typer.Option("--transcript", help="Only these.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Sentence-level agreement on double-coded transcripts: material for discussion."""
    from stc.api import agreement

    with busy("comparing codings sentence by sentence …"):
        a = agreement(workspace(ctx), split_list(researchers), transcript or [])
    if as_json:
        print_json(a.to_dict())
        return

    def num(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    echo(
        f"{len(a.transcripts)} transcript(s) coded by {', '.join(a.researchers)}: "
        f"{a.sentences} sentences"
    )
    rows = [
        [c.code, str(c.items), f"{c.percent:.0%}", num(c.kappa), num(c.alpha)]
        for c in [a.overall, *a.codes]
    ]
    table("Agreement per code", ["code", "sentences", "agree", "kappa", "alpha"], rows)
    echo(f"\n{len(a.disagreements)} sentence(s) to discuss:")
    for d in a.disagreements[:200]:
        coded = "; ".join(f"{r}: {', '.join(cs) or '–'}" for r, cs in d.codes.items())
        echo(f"  {d.transcript} turn {d.turn}: «{d.sentence}»\n      {coded}")
    echo(
        "\nAgreement figures are material for the team's discussion of the codes, "
        "not a threshold the analysis must pass (Malterud)."
    )


def merge(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Option("--from", help="A coder to merge (repeat).")],
    into: Annotated[str, typer.Option("--into", help="The consensus coding's coder id.")],
) -> None:
    """Build a consensus coding from two or more codings; steps 3–4 then rest on it."""
    from stc.api import consensus

    files, merged, conflicts = consensus(workspace(ctx), sources, into)
    echo(
        f"consensus coding '{into}' from {', '.join(sources)}: {files} transcript(s), "
        f"{merged} overlapping unit(s) merged"
    )
    for c in conflicts:
        echo(f"  to discuss: {c}")
    notice(f"stc.yaml now says steps 3–4 and the report rest on '{into}' (coding.use)")


def decide(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The decision, in a sentence or two.")],
    step: Annotated[int | None, typer.Option("--step", help="The STC step (1–4).")] = None,
    researcher: Annotated[str | None, typer.Option("--researcher", "-r")] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default today).")] = None,
) -> None:
    """Append a dated team decision to analyses/decisions.md (the report cites them)."""
    from stc.api import current_researcher, record_decision

    ws = workspace(ctx)
    d = record_decision(ws, text, step, current_researcher(ws, researcher) or "", date)
    echo(f"decision of {d.date} recorded in analyses/decisions.md")


def setup(
    ctx: typer.Context,
    hooks: Annotated[
        bool | None,
        typer.Option(
            "--hooks/--no-hooks", help="Install a pre-commit hook running stc check and anon scan."
        ),
    ] = None,
) -> None:
    """Configure a fresh clone: git merge driver for stc's files, optional pre-commit hook."""
    from stc.api import setup_clone

    ws = workspace(ctx)
    if hooks is None:
        hooks = is_tty() and typer.confirm(
            "Install a pre-commit hook that runs `stc check` and `stc anon scan`?", default=True
        )
    for line in setup_clone(ws, hooks):
        echo(line)


def merge_driver(
    base: Annotated[Path, typer.Argument()],
    ours: Annotated[Path, typer.Argument()],
    theirs: Annotated[Path, typer.Argument()],
    name: Annotated[str, typer.Argument()],
) -> None:
    """Git merge driver for stc's YAML files (configured by `stc setup`)."""
    from stc.api import merge_files

    conflicts, advice = merge_files(base, ours, theirs, name)
    for c in conflicts:
        notice(f"stc merge: {name}: {c}")
    if conflicts:
        notice(f"stc merge: {name}: {advice}")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(assign)
    app.command()(agree)
    app.command()(merge)
    app.command()(decide)
    app.command()(setup)
    app.command("merge-driver", hidden=True)(merge_driver)
