"""Quote bank and matrix commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import echo, notice, workspace


def _emit(data: str | bytes, out: Path | None, default: Path) -> None:
    from stc.store import atomic_write, atomic_write_bytes

    if isinstance(data, bytes):
        target = out or default
        atomic_write_bytes(target, data)
        echo(f"wrote {target}")
    elif out:
        atomic_write(out, data)
        echo(f"wrote {out}")
    else:
        sys.stdout.write(data)


def quotes(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, csv, xlsx, docx or json.")] = "md",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", help="Theme id.")] = None,
    code_group: Annotated[str | None, typer.Option("--code-group", help="Code group id.")] = None,
    subgroup: Annotated[str | None, typer.Option("--subgroup", help="Subgroup id.")] = None,
    group: Annotated[str | None, typer.Option("--group", help="Informant group id.")] = None,
    golden: Annotated[bool, typer.Option("--golden", help="Golden quotations only.")] = False,
    language: Annotated[str | None, typer.Option("--language", help="nb or en.")] = None,
) -> None:
    """The quote bank: quotes with attribution, code group, subgroup and codes."""
    from stc.api import quote_bank

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
    _emit(data, out, ws.root / "reports" / f"quotes.{fmt}")
    if fmt in ("csv", "xlsx", "json"):
        notice("note: this export carries transcript and unit ids; keep it internal")


def matrix(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", help="code or code-group.")] = "code-group",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, json or xlsx.")] = "table",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")] = None,
) -> None:
    """Meaning units (informants) per code or code group and informant group."""
    from stc.api import code_matrix

    ws = workspace(ctx)
    _emit(code_matrix(ws, by, fmt), out, ws.root / "reports" / f"matrix.{fmt}")


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
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """Keyword in context over all transcripts; code a hit with `stc unit add --hit ID`."""
    from stc.search import search as run

    study = workspace(ctx).study()
    hits = run(study, pattern, group, code_group, regex, exact, not substring)
    if as_json:
        from stc.cli.common import print_json

        print_json([h.to_dict() for h in hits])
        return
    lines = []
    for h in hits:
        coded = f"  [{'; '.join(h.coded)}]" if h.coded else ""
        lines.append(f"{h.id:<22} {h.group:<14} …{h.left}[{h.text}]{h.right}…{coded}\n")
    sys.stdout.write("".join(lines))  # one write: thousands of hits print at once
    notice(f"{len(hits)} hit(s); {sum(1 for h in hits if h.coded)} already coded")


def register(app: typer.Typer) -> None:
    app.command()(quotes)
    app.command()(matrix)
    app.command()(search)
