"""Helpers shared by the commands: the workspace, output, editors."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from stc.errors import Cancelled, EnvironmentProblem, InvalidValue

if TYPE_CHECKING:
    from stc.api import Workspace

# closed sets of values: typer refuses anything else as a usage error (exit 2)
Language = Literal["nb", "en"]
ReportFormat = Literal["md", "docx", "html"]
QuoteFormat = Literal["md", "csv", "xlsx", "docx", "json"]
MatrixFormat = Literal["table", "csv", "json", "xlsx"]
UnitFormat = Literal["text", "json", "csv", "xlsx"]
MatrixBy = Literal["code", "code-group"]
Strategy = Literal["random", "by-group"]
Outcome = Literal["confirmed", "revised", "counter-example"]
Resolution = Literal["keep-a", "keep-b", "keep-both", "neither", "recode"]

ResearcherOpt = Annotated[
    str | None,
    typer.Option(
        "--researcher", "-r", help="Researcher id (default: $STC_RESEARCHER, stc config)."
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Output JSON.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Output file.")]


def workspace(ctx: typer.Context) -> Workspace:
    """The workspace named by --workspace / $STC_WORKSPACE, else the nearest one above."""
    from stc.api import open_workspace

    root: Path | None = (ctx.obj or {}).get("workspace")
    return open_workspace(root, exact=root is not None)


def count(n: int, word: str) -> str:
    """'1 unit', '2 units': messages never say 'unit(s)'."""
    from stc.api import count as plural

    return plural(n, word)


def echo(text: str = "") -> None:
    typer.echo(text)


def notice(text: str) -> None:
    typer.echo(text, err=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def is_tty() -> bool:
    return sys.stdout.isatty()


def color() -> bool:
    """Colour and bold only in a terminal that wants them (NO_COLOR, TERM=dumb say no)."""
    import os

    return is_tty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def edit(initial: str, suffix: str = ".md") -> str:
    """Open $VISUAL/$EDITOR on ``initial`` and return the saved text.

    The editor command is split like a shell would (``EDITOR="code --wait"``) but run
    without a shell. An unsaved, unchanged file means the user gave up: nothing changes.
    """
    import os
    import shlex
    import subprocess
    import tempfile

    command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="stc-", suffix=suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        before = os.stat(name).st_mtime_ns
        try:
            code = subprocess.run([*shlex.split(command), name], check=False).returncode
        except OSError as exc:
            raise EnvironmentProblem(
                f"cannot start the editor {command!r}: {exc.strerror}",
                hint="set $EDITOR to an editor installed here",
            ) from None
        if code != 0:
            raise EnvironmentProblem(
                f"the editor {command!r} exited with status {code}; nothing changed"
            )
        with open(name, encoding="utf-8") as fh:
            text = fh.read()
        if os.stat(name).st_mtime_ns == before and text == initial:
            raise Cancelled("the editor was closed without saving; nothing changed")
        return text
    finally:
        os.unlink(name)


def parse_mapping(pairs: list[str], option: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, role = pair.partition("=")
        if not sep or not name.strip() or not role.strip():
            raise typer.BadParameter(f"expected NAME=ROLE, got {pair!r}", param_hint=option)
        out[name.strip()] = role.strip()
    return out


def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    """A rich table in a terminal; aligned plain text otherwise (pipes, files, tests)."""
    if is_tty():
        from rich.console import Console
        from rich.table import Table

        t = Table(title=title)
        for c in columns:
            t.add_column(c, overflow="fold")
        for r in rows:
            t.add_row(*r)
        Console().print(t)
        return
    widths = [
        max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(columns)
    ]
    if title:
        echo(title)
    for r in [columns, *rows]:
        echo("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())


def who(ws: Workspace, given: str | None) -> str:
    """The researcher: --researcher, $STC_RESEARCHER or `stc config --researcher`."""
    from stc.api import current_researcher, known_researcher

    researcher = current_researcher(ws, given)
    if not researcher:
        raise InvalidValue(
            "say who you are: --researcher ID",
            hint="or once for this clone: stc config --researcher ID (or set $STC_RESEARCHER)",
        )
    return known_researcher(ws, researcher)


def split_list(value: str) -> list[str]:
    """'a, b,c' → ['a', 'b', 'c']."""
    return [x.strip() for x in value.split(",") if x.strip()]


def emit(ws: Workspace, data: str | bytes, out: Path | None, default: Path) -> None:
    """Text to stdout (or --out); a binary file to --out or the default path."""
    from stc.api import write_output

    if isinstance(data, bytes):
        target = out or default
        write_output(ws, target, data)
        echo(f"wrote {target}")
    elif out:
        write_output(ws, out, data)
        echo(f"wrote {out}")
    else:
        sys.stdout.write(data)


@contextlib.contextmanager
def busy(message: str) -> Iterator[None]:
    """A spinner on stderr for work that can take more than a second (terminals only)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr, fed by callback(done, total); silent off a terminal."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update
