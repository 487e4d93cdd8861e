"""stc export qdpx | qdc | docx-for-coding: files for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import OutOpt, busy, echo, notice, workspace

export_app = typer.Typer(help="Export to other tools: REFI-QDA, Word.", no_args_is_help=True)


OutArg = Annotated[Path | None, typer.Argument(metavar="[OUT]", help="The file to write.")]


def _target(out: Path | None, option: Path | None, default: str) -> Path:
    """OUT as an argument or as -o/--out (the convention of every other output)."""
    if out and option and out != option:
        raise typer.BadParameter("give the output file once: OUT or --out", param_hint="--out")
    target = out or option
    if target is None:
        raise typer.BadParameter(f"say where to write it, e.g. -o {default}", param_hint="--out")
    return target


@export_app.command("qdpx")
def export_qdpx(ctx: typer.Context, out: OutArg = None, option: OutOpt = None) -> None:
    """The whole project as REFI-QDA .qdpx (NVivo, ATLAS.ti, MAXQDA, QualCoder …)."""
    from stc.api import export_qdpx as run

    target = _target(out, option, "study.qdpx")
    with busy("writing the REFI-QDA project …"):
        done = run(workspace(ctx), target)
    for text in done.notices:
        notice(text)
    echo(f"wrote {done.path}")


@export_app.command("qdc")
def export_qdc(ctx: typer.Context, out: OutArg = None, option: OutOpt = None) -> None:
    """The codebook as REFI-QDA .qdc."""
    from stc.api import export_qdc as run

    echo(f"wrote {run(workspace(ctx), _target(out, option, 'codebook.qdc'))}")


@export_app.command("docx-for-coding")
def export_docx_for_coding(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    out: OutOpt = None,
) -> None:
    """A transcript as DOCX with numbered turns, for coding with Word comments."""
    from stc.api import export_docx_for_coding as run

    echo(f"wrote {run(workspace(ctx), transcript_id, out)}")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
