"""stc export qdpx | qdc | docx-for-coding: files for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import OutOpt, busy, echo, notice, workspace

export_app = typer.Typer(help="Export to other tools: REFI-QDA, Word.", no_args_is_help=True)

AllowOpt = Annotated[
    bool,
    typer.Option(
        "--allow-identifiers",
        help="Write likely identifiers and not-anonymised transcripts anyway: only for a copy "
        "that stays inside the research team (e.g. the team's own NVivo). Warns on stderr.",
    ),
]
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
def export_qdpx(
    ctx: typer.Context,
    out: OutArg = None,
    option: OutOpt = None,
    allow_identifiers: AllowOpt = False,
) -> None:
    """The whole project as REFI-QDA .qdpx (NVivo, ATLAS.ti, MAXQDA, QualCoder …)."""
    from stc.api import export_qdpx as run

    target = _target(out, option, "study.qdpx")
    with busy("writing the REFI-QDA project …"):
        done = run(workspace(ctx), target, allow_identifiers)
    for text in done.notices:
        notice(text)
    echo(f"wrote {done.path}")


@export_app.command("qdc")
def export_qdc(
    ctx: typer.Context,
    out: OutArg = None,
    option: OutOpt = None,
    allow_identifiers: AllowOpt = False,
) -> None:
    """The codebook as REFI-QDA .qdc."""
    from stc.api import export_qdc as run

    target = _target(out, option, "codebook.qdc")
    echo(f"wrote {run(workspace(ctx), target, allow_identifiers)}")


@export_app.command("docx-for-coding")
def export_docx_for_coding(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    out: OutOpt = None,
    allow_identifiers: AllowOpt = False,
) -> None:
    """A transcript as DOCX with numbered turns, for coding with Word comments."""
    from stc.api import export_docx_for_coding as run

    echo(f"wrote {run(workspace(ctx), transcript_id, out, allow_identifiers)}")


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
