"""stc condense, stc subgroup add, stc condensate, stc golden: step 3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from stc.cli.common import count, echo, notice, workspace

if TYPE_CHECKING:
    from stc.api import Workspace

subgroup_app = typer.Typer(help="Subgroups of a code group (step 3).", no_args_is_help=True)

CodeGroupArg = Annotated[str, typer.Argument(metavar="CODE_GROUP")]
SubgroupArg = Annotated[str, typer.Argument(metavar="SUBGROUP")]


def condense(ctx: typer.Context, code_group: CodeGroupArg) -> None:
    """Step 3: sort a code group's units into subgroups; write condensates; pick golden quotes."""
    from stc.cli.interactive.condense import CondenseWalker

    CondenseWalker(workspace(ctx), code_group).run()


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
    echo(f"subgroup {code_group}/{subgroup}: {count(len(s.units) if s else 0, 'unit')}")
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
        from stc.cli.interactive.condense import write_condensate_in_editor

        write_condensate_in_editor(ws, code_group, subgroup)
    else:
        write_condensate(ws, code_group, subgroup, text)
    echo(f"condensate of {code_group}/{subgroup} saved")
    _first_person_note(ws, code_group, subgroup)


def _first_person_note(ws: Workspace, code_group: str, subgroup: str) -> None:
    from stc.api import first_person, phrases

    s = ws.condensation(code_group).subgroup(subgroup)
    language = ws.project().language
    if s and not first_person(s.condensate, language):
        pronouns = phrases(language)["pronouns"]
        notice(f"note: a condensate is an artificial quotation in the first person ({pronouns})")


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


def register(app: typer.Typer) -> None:
    app.command()(condense)
    app.add_typer(subgroup_app, name="subgroup")
    app.command()(condensate)
    app.command()(golden)
