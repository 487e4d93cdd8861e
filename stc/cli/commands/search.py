"""stc search: keyword in context over all transcripts."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from stc.cli.common import JsonOpt, count, notice, print_json, workspace


def search(
    ctx: typer.Context,
    pattern: Annotated[str, typer.Argument(metavar="PATTERN")],
    group: Annotated[str | None, typer.Option("--group", help="Informant group id.")] = None,
    code_group: Annotated[
        str | None, typer.Option("--code-group", help="Only hits inside units of this code group.")
    ] = None,
    regex: Annotated[
        bool, typer.Option("--regex", help="PATTERN is a regular expression.")
    ] = False,
    exact: Annotated[bool, typer.Option("--exact", help="Match case and accents exactly.")] = False,
    substring: Annotated[bool, typer.Option("--substring", help="Match inside words too.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Keyword in context over all transcripts; code a hit with `stc unit add --hit ID`."""
    from stc.api import search as run

    hits = run(workspace(ctx), pattern, group, code_group, regex, exact, not substring)
    if as_json:
        print_json([h.to_dict() for h in hits])
        return
    lines = []
    for h in hits:
        coded = f"  [{'; '.join(h.coded)}]" if h.coded else ""
        lines.append(f"{h.id:<22} {h.group:<14} …{h.left}[{h.text}]{h.right}…{coded}\n")
    sys.stdout.write("".join(lines))  # one write: thousands of hits print at once
    notice(f"{count(len(hits), 'hit')}; {sum(1 for h in hits if h.coded)} already coded")


def register(app: typer.Typer) -> None:
    app.command()(search)
