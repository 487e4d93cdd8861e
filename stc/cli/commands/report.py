"""stc report: the report draft in Markdown, DOCX or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import Language, OutOpt, ReportFormat, busy, echo, workspace


def report(
    ctx: typer.Context,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="md, docx or html.")] = "md",
    out: OutOpt = None,
    language: Annotated[Language | None, typer.Option("--language", help="nb or en.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="One theme's chapter only.")] = None,
    reference_docx: Annotated[
        Path | None,
        typer.Option(
            "--reference-docx",
            help="A Word template: its styles, page, margins, headers and footers (not its text).",
        ),
    ] = None,
    quote_bank: Annotated[
        bool | None,
        typer.Option(
            "--quote-bank/--no-quote-bank",
            help="Add every meaning unit as an appendix (default: in md and html, not in docx).",
        ),
    ] = None,
) -> None:
    """Render the report draft: the reference study's chapters, filled or marked to write."""
    from stc.api import render_report

    with busy(f"rendering the {fmt} report …"):
        path = render_report(
            workspace(ctx), fmt, out, language, theme, reference_docx, quote_bank=quote_bank
        )
    echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command()(report)
