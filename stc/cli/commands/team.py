"""Team commands: assign, agree, merge, decide, setup, and git's merge driver."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import (
    JsonOpt,
    ResearcherOpt,
    Resolution,
    Strategy,
    busy,
    count,
    echo,
    is_tty,
    notice,
    print_json,
    split_list,
    table,
    who,
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
    overlap: Annotated[
        float,
        typer.Option("--overlap", help="Share of transcripts coded by two researchers, e.g. 0.2."),
    ] = 0.0,
    fresh: Annotated[
        bool, typer.Option("--fresh", help="Start the round over instead of keeping it.")
    ] = False,
) -> None:
    """Distribute transcripts for an analysis round (recorded in analyses/assignments.yaml).

    Running it again for the same round keeps what the round assigned and distributes only
    transcripts it does not hold yet (new imports).
    """
    from stc.api import assign_round

    ws = workspace(ctx)
    before = next((r for r in ws.assignments().rounds if r.number == round_), None)
    r = assign_round(
        ws,
        round_,
        split_list(researchers),
        strategy,
        seed,
        split_list(transcripts or ""),
        _steps(steps),
        overlap,
        fresh,
    )
    study = ws.study()
    for researcher, tids in r.researchers.items():
        groups = sorted({study.transcripts[t].group for t in tids if t in study.transcripts})
        echo(
            f"{researcher}: {count(len(tids), 'transcript')} — {', '.join(tids)}"
            f"  [{', '.join(groups)}]"
        )
    if r.double:
        echo(f"double-coded ({len(r.double)}): {', '.join(r.double)}")
    if before is not None and not fresh:
        kept = sum(len(ts) for ts in before.researchers.values())
        notice(
            f"round {r.number} existed: its {count(kept, 'assignment')} kept, new transcripts added"
        )
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

    def pct(x: float | None) -> str:
        return "–" if x is None else f"{x:.0%}"

    echo(
        f"{count(len(a.transcripts), 'transcript')} coded by {', '.join(a.researchers)}: "
        f"{a.sentences} of {a.sentences_total} sentences compared (coded by at least one "
        f"coder); {a.identical} of them coded identically"
    )
    echo(f"unit of analysis: {a.unit}")

    def used(c: object) -> str:
        by = getattr(c, "used_by", [])
        if len(by) == len(a.researchers):
            return ""
        return f"only {', '.join(by)} used it" if by else "not used"

    rows = [
        [
            c.code + (f" ({c.label})" if c.label else ""),
            str(c.both),
            " / ".join(str(c.only[r]) for r in a.researchers),
            pct(c.positive),
            num(c.kappa),
            num(c.alpha),
            used(c) if c is not a.overall else "sentence × code",
        ]
        for c in [a.overall, *a.codes]
    ]
    only = "only " + " / ".join(a.researchers)
    table(
        "Agreement per code",
        ["code", "both", only, "positive agreement", "kappa", "alpha", ""],
        rows,
    )
    echo(f"\n{count(len(a.disagreements), 'sentence')} to discuss:")
    for d in a.disagreements[:200]:
        coded = "; ".join(f"{r}: {', '.join(cs) or '–'}" for r, cs in d.codes.items())
        echo(f"  {d.transcript} turn {d.turn}: «{d.sentence}»\n      {coded}")
    echo(
        "\nAgreement figures are material for the team's discussion of the codes, "
        "not a threshold the analysis must pass (Malterud). Formulas: docs/team.md."
    )


def merge(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Option("--from", help="A coder to merge (repeat).")],
    into: Annotated[str, typer.Option("--into", help="The consensus coding's coder id.")],
    researcher: ResearcherOpt = None,
) -> None:
    """Bring a consensus coding up to date: adds what is new, keeps every decision made."""
    from stc.api import consensus, current_researcher

    ws = workspace(ctx)
    r = consensus(ws, sources, into, current_researcher(ws, researcher))
    echo(
        f"consensus coding '{into}' from {', '.join(sources)}: "
        f"{count(len(r.added), 'unit')} added ({count(r.combined, 'overlapping unit')} merged), "
        f"{r.absorbed} already covered, {r.kept} taken in before (kept as decided)"
    )
    for u in r.added:
        echo(f"  added {u.id}  {u.transcript} turn {u.turn} [{', '.join(u.codes)}]")
    for d in r.disputed:
        echo(f"  newly in dispute: {d.describe()}")
    if r.disputed:
        notice(f"settle the disputes with: stc resolve --into {into}")
    notice(f"steps 3–4 and the report rest on '{into}' (stc.yaml coding.use)")


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def resolve(
    ctx: typer.Context,
    into: Annotated[
        str | None, typer.Option("--into", help="The consensus coding (default: coding.use).")
    ] = None,
    dispute: Annotated[
        str | None, typer.Option("--dispute", help="Settle this dispute (an id from --list).")
    ] = None,
    decision: Annotated[
        Resolution | None,
        typer.Option("--decision", help="keep-a, keep-b, keep-both, neither or recode."),
    ] = None,
    code: Annotated[
        list[str] | None, typer.Option("--code", "-c", help="With recode: a code (repeat).")
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why; kept with the decision.")] = "",
    list_: Annotated[bool, typer.Option("--list", help="List the open disputes.")] = False,
    as_json: JsonOpt = False,
    researcher: ResearcherOpt = None,
) -> None:
    """Settle the consensus coding's disputes one by one (interactive), or one by options."""
    from stc.api import disputes, settle

    ws = workspace(ctx)
    coding, open_ = disputes(ws, into)
    if list_ or as_json:
        if as_json:
            print_json(
                [
                    {
                        "id": d.id,
                        "transcript": d.transcript,
                        "turn": d.turn,
                        "a": {"id": d.a.id, "codes": list(d.a.codes), "text": d.a.text},
                        "b": {"id": d.b.id, "codes": list(d.b.codes), "text": d.b.text},
                    }
                    for d in open_
                ]
            )
            return
        for d in open_:
            echo(f"{d.id}\n    {d.describe()}")
        notice(f"{count(len(open_), 'open dispute')} in '{coding}'")
        return
    by = who(ws, researcher)
    if dispute or decision:
        if not (dispute and decision):
            raise typer.BadParameter("give both --dispute ID and --decision D")
        for effect in settle(ws, coding, dispute, decision, by, code or [], note):
            echo(f"  {effect}")
        echo(f"settled {dispute}: {decision}")
        return
    from stc.cli.interactive.resolve import ResolveWalker

    ResolveWalker(ws, coding, by).run()


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
    app.command()(resolve)
    app.command()(decide)
    app.command()(setup)
    app.command("merge-driver", hidden=True)(merge_driver)
