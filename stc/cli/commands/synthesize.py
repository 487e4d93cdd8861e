"""stc synthesize: step 4, a code group's analytic text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import echo, workspace


def synthesize(
    ctx: typer.Context,
    code_group: Annotated[str, typer.Argument(metavar="CODE_GROUP")],
    text_file: Annotated[Path | None, typer.Option("--text-file", help="Markdown file.")] = None,
    do_edit: Annotated[bool, typer.Option("--edit", help="Write it in $EDITOR.")] = False,
    heading: Annotated[str | None, typer.Option("--heading")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
) -> None:
    """Step 4: write a code group's analytic text; quote units as [[unit-id]]."""
    from stc.api import read_text_file, synthesis_from_editor, write_synthesis

    ws = workspace(ctx)
    if text_file is not None:
        try:
            text = read_text_file(ws, text_file)
        except (OSError, UnicodeDecodeError) as exc:
            raise typer.BadParameter(
                f"cannot read {text_file}: {exc}", param_hint="--text-file"
            ) from None
        file_heading, body = synthesis_from_editor(text)  # a first '# ' line is the heading
        heading = heading or file_heading
    elif do_edit:
        from stc.cli.interactive.synthesize import write_in_editor

        edited_heading, body = write_in_editor(ws, code_group)
        heading = heading or edited_heading
    else:
        raise typer.BadParameter("give --text-file F or --edit", param_hint="--text-file")
    s = write_synthesis(ws, code_group, body, heading, theme)
    echo(f"analytic text of {code_group} saved: {s.heading}")


def register(app: typer.Typer) -> None:
    app.command()(synthesize)
