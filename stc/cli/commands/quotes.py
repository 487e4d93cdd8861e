"""stc quotes: the quote bank."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import Language, OutOpt, QuoteFormat, emit, notice, workspace


def quotes(
    ctx: typer.Context,
    fmt: Annotated[
        QuoteFormat, typer.Option("--format", "-f", help="md, csv, xlsx, docx or json.")
    ] = "md",
    out: OutOpt = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
    code_group: Annotated[str | None, typer.Option("--code-group", help="Code group id.")] = None,
    subgroup: Annotated[str | None, typer.Option("--subgroup", help="Subgroup id.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Informant group id.")] = None,
    golden: Annotated[bool, typer.Option("--golden", help="Golden quotations only.")] = False,
    language: Annotated[Language | None, typer.Option("--language", help="nb or en.")] = None,
) -> None:
    """The quote bank: quotes with attribution, code group, subgroup and codes."""
    from stc.api import output_path, quote_bank

    ws = workspace(ctx)
    data = quote_bank(
        ws,
        fmt,
        language,
        theme=theme,
        code_group=code_group,
        subgroup=subgroup,
        group=group,
        golden=golden,
    )
    emit(ws, data, out, output_path(ws, f"quotes.{fmt}"))
    if fmt in ("csv", "xlsx", "json"):
        notice("note: this export carries transcript and unit ids; keep it internal")


def register(app: typer.Typer) -> None:
    app.command()(quotes)
