"""stc init: scaffold a workspace."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import Language, echo


def init(
    folder: Annotated[Path, typer.Argument(help="Folder for the new workspace.")] = Path("."),
    title: Annotated[str | None, typer.Option("--title", help="The study's title.")] = None,
    language: Annotated[Language, typer.Option("--language", help="nb or en.")] = "nb",
    researcher: Annotated[
        list[str] | None, typer.Option("--researcher", help="A researcher id (repeat).")
    ] = None,
) -> None:
    """Create an empty workspace (stc.yaml, folders, .gitignore for private/ and .stc/)."""
    from stc.api import init_workspace

    default = "Ny studie" if language == "nb" else "New study"
    ws = init_workspace(folder, title or default, language, researcher or [])
    echo(f"created workspace {ws.root} ({language})")
    echo("next: stc group add ID --label L   then   stc import FILE --group ID")


def register(app: typer.Typer) -> None:
    app.command()(init)
