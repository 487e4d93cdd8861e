"""stc matrix: meaning units and informants per code (group) × informant group."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import JsonOpt, MatrixBy, MatrixFormat, OutOpt, emit, workspace


def matrix(
    ctx: typer.Context,
    by: Annotated[MatrixBy, typer.Option("--by", help="code or code-group.")] = "code-group",
    fmt: Annotated[
        MatrixFormat, typer.Option("--format", "-f", help="table, csv, json or xlsx.")
    ] = "table",
    out: OutOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Meaning units (informants) per code or code group and informant group."""
    from stc.api import code_matrix, output_path

    ws = workspace(ctx)
    fmt = "json" if as_json else fmt
    emit(ws, code_matrix(ws, by, fmt), out, output_path(ws, f"matrix.{fmt}"))


def register(app: typer.Typer) -> None:
    app.command()(matrix)
