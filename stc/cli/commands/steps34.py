"""Steps 3 and 4: subgroup, condensate, golden, synthesize."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import echo, edit, notice, workspace
from stc.store import Workspace

subgroup_app = typer.Typer(help="Subgroups of a code group (step 3).", no_args_is_help=True)

CodeGroupArg = Annotated[str, typer.Argument(metavar="CODE_GROUP")]
SubgroupArg = Annotated[str, typer.Argument(metavar="SUBGROUP")]


@subgroup_app.command("add")
def subgroup_add(
    ctx: typer.Context,
    code_group: CodeGroupArg,
    subgroup: Annotated[str, typer.Argument(metavar="ID")],
    label: Annotated[str, typer.Option("--label")] = "",
    unit: Annotated[
        list[str] | None, typer.Option("--unit", "-u", help="Unit id (repeat).")
    ] = None,
) -> None:
    """Sort meaning units into a subgroup (created if new)."""
    from stc.api import add_subgroup

    ws = workspace(ctx)
    add_subgroup(ws, code_group, subgroup, label, unit or [])
    c = ws.condensation(code_group)
    s = c.subgroup(subgroup)
    echo(f"subgroup {code_group}/{subgroup}: {len(s.units) if s else 0} unit(s)")
    if len(c.subgroups) > 3:
        notice(f"note: {len(c.subgroups)} subgroups; STC suggests 2–3 per code group")


def condensate(
    ctx: typer.Context,
    code_group: CodeGroupArg,
    subgroup: SubgroupArg,
    text: Annotated[str | None, typer.Option("--text", help="The condensate.")] = None,
    do_edit: Annotated[bool, typer.Option("--edit", help="Write it in $EDITOR.")] = False,
) -> None:
    """Write a subgroup's condensate: a first-person 'artificial quotation'."""
    from stc.api import write_condensate

    ws = workspace(ctx)
    if text is None:
        if not do_edit:
            raise typer.BadParameter("give --text T or --edit", param_hint="--text")
        from stc.cli.walkers import write_condensate_in_editor

        write_condensate_in_editor(ws, code_group, subgroup)
    else:
        write_condensate(ws, code_group, subgroup, text)
    echo(f"condensate of {code_group}/{subgroup} saved")
    _first_person_note(ws, code_group, subgroup)


def _first_person_note(ws: Workspace, code_group: str, subgroup: str) -> None:
    from stc.steps.condense import first_person

    s = ws.condensation(code_group).subgroup(subgroup)
    if s and not first_person(s.condensate, ws.project().language):
        notice("note: a condensate is an artificial quotation in the first person (jeg/vi, I/we)")


def golden(
    ctx: typer.Context,
    code_group: CodeGroupArg,
    subgroup: SubgroupArg,
    unit: Annotated[str, typer.Argument(metavar="UNIT")],
) -> None:
    """Choose a subgroup's golden quotation (gullsitat) from its own units."""
    from stc.api import choose_golden

    choose_golden(workspace(ctx), code_group, subgroup, unit)
    echo(f"golden quotation of {code_group}/{subgroup}: {unit}")


def synthesize(
    ctx: typer.Context,
    code_group: CodeGroupArg,
    text_file: Annotated[Path | None, typer.Option("--text-file", help="Markdown file.")] = None,
    do_edit: Annotated[bool, typer.Option("--edit", help="Write it in $EDITOR.")] = False,
    heading: Annotated[str | None, typer.Option("--heading")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
) -> None:
    """Step 4: write a code group's analytic text; quote units as [[unit-id]]."""
    from stc.api import write_synthesis

    ws = workspace(ctx)
    if text_file is not None:
        try:
            body = text_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise typer.BadParameter(
                f"cannot read {text_file}: {exc}", param_hint="--text-file"
            ) from None
    elif do_edit:
        from stc.cli.walkers import parse_synthesis, synthesis_skeleton

        old = ws.synthesis(code_group)
        start = f"# {old.heading}\n\n{old.body}" if old else synthesis_skeleton(ws, code_group)
        edited_heading, body = parse_synthesis(edit(start))
        heading = heading or edited_heading
    else:
        raise typer.BadParameter("give --text-file F or --edit", param_hint="--text-file")
    s = write_synthesis(ws, code_group, body, heading, theme)
    echo(f"analytic text of {code_group} saved: {s.heading}")


def condense(ctx: typer.Context, code_group: CodeGroupArg) -> None:
    """Step 3: sort a code group's units into subgroups; write condensates; pick golden quotes."""
    from stc.cli.walkers import CondenseWalker

    CondenseWalker(workspace(ctx), code_group).run()


def register(app: typer.Typer) -> None:
    app.command()(condense)
    app.add_typer(subgroup_app, name="subgroup")
    app.command()(condensate)
    app.command()(golden)
    app.command()(synthesize)
