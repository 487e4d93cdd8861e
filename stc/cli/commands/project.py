"""Project commands: init, group, status, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import echo, notice, print_json, table, workspace

group_app = typer.Typer(help="Informant groups (label, quote_as).", no_args_is_help=True)


def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
    title: Annotated[str, typer.Option("--title", help="The study's title.")] = "Ny studie",
    language: Annotated[str, typer.Option("--language", help="nb or en.")] = "nb",
    researcher: Annotated[
        list[str] | None, typer.Option("--researcher", help="A researcher id (repeat).")
    ] = None,
) -> None:
    """Create an empty workspace (stc.yaml, folders, .gitignore for private/ and .stc/)."""
    from stc.api import init_workspace

    ws = init_workspace(folder, title, language, researcher or [])
    echo(f"created workspace {ws.root} ({language})")
    echo("next: stc group add ID --label L   then   stc import FILE --group ID")


@group_app.command("add")
def group_add(
    ctx: typer.Context,
    group_id: Annotated[str, typer.Argument(metavar="ID", help="Group id, e.g. nav-veileder.")],
    label: Annotated[str, typer.Option("--label", help="Label, e.g. 'NAV-veileder'.")],
    quote_as: Annotated[
        str | None, typer.Option("--quote-as", help="Attribution shared with other small groups.")
    ] = None,
    description: Annotated[str, typer.Option("--description")] = "",
) -> None:
    """Add an informant group (or change its label / quote_as)."""
    from stc.api import add_group

    g = add_group(workspace(ctx), group_id, label, quote_as, description)
    echo(
        f"informant group {g.id}: {g.label}" + (f" (quoted as {g.quote_as})" if g.quote_as else "")
    )


@group_app.command("list")
def group_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """List informant groups with their informants and attribution."""
    study = workspace(ctx).study()
    rows = [
        {
            "id": g.id,
            "label": g.label,
            "quote_as": g.quote_as,
            "informants": study.informants_by_group[g.id],
            "attribution_covers": study.informants_by_attribution[g.attribution],
        }
        for g in study.project.groups
    ]
    if as_json:
        print_json(rows)
        return
    table(
        "Informant groups",
        ["id", "label", "quoted as", "informants"],
        [
            [str(r["id"]), str(r["label"]), str(r["quote_as"] or ""), str(r["informants"])]
            for r in rows
        ],
    )


def _status(ctx: typer.Context, researcher: str | None, as_json: bool, detailed: bool) -> None:
    from stc.api import current_researcher
    from stc.cli.dashboard import render
    from stc.status import status as compute

    ws = workspace(ctx)
    st = compute(ws.study(), current_researcher(ws, researcher))
    if as_json:
        print_json(st.to_dict())
    else:
        render(st, detailed)


ResearcherOpt = Annotated[
    str | None,
    typer.Option(
        "--researcher", "-r", help="Whose progress (default: $STC_RESEARCHER or stc config)."
    ),
]


def status(
    ctx: typer.Context,
    researcher: ResearcherOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """Where the study stands in the four steps, and the next command to run."""
    _status(ctx, researcher, as_json, detailed=False)


def next_(
    ctx: typer.Context,
    researcher: ResearcherOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """What is done and missing in each step for you, and the exact next command."""
    _status(ctx, researcher, as_json, detailed=True)


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
        str | None,
        typer.Option("--outcome", help="With --context: confirmed, revised or counter-example."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="With --context: the note.")] = None,
    researcher: Annotated[str | None, typer.Option("--researcher", "-r")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """Validate the workspace; re-anchor units whose transcript changed. Exit 1 on errors."""
    from stc.api import current_researcher, run_check

    if context:
        from stc.cli.walkers import context as show_context

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
            f"{n_e} error(s), {n_w} warning(s)"
            + (
                f"; re-anchored units saved in {len(result.repaired)} file(s)"
                if result.repaired and not no_repair
                else ""
            )
        )
    if result.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.add_typer(group_app, name="group")
    app.command()(status)
    app.command("next")(next_)
    app.command()(check)
