"""Helpers shared by the commands: the workspace, output, editors."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from stc.errors import StcError, WorkspaceNotFound
from stc.store import CONFIG, Workspace


def workspace(ctx: typer.Context) -> Workspace:
    root: Path | None = (ctx.obj or {}).get("workspace")
    if root is None:
        return Workspace.find()
    if not (root / CONFIG).is_file():
        raise WorkspaceNotFound(
            f"{root} is not a workspace (no {CONFIG} there)",
            hint="check --workspace / $STC_WORKSPACE, or create one with `stc init DIR`",
        )
    return Workspace(root.resolve())


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
            raise StcError(
                f"cannot start the editor {command!r}: {exc.strerror}",
                hint="set $EDITOR to an editor installed here",
            ) from None
        if code != 0:
            raise StcError(f"the editor {command!r} exited with status {code}; nothing changed")
        with open(name, encoding="utf-8") as fh:
            text = fh.read()
        if os.stat(name).st_mtime_ns == before and text == initial:
            raise StcError("the editor was closed without saving; nothing changed")
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
    from stc.api import current_researcher

    researcher = current_researcher(ws, given)
    if not researcher:
        raise StcError(
            "say who you are: --researcher ID",
            hint="or once for this clone: stc config --researcher ID (or set $STC_RESEARCHER)",
        )
    return researcher


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
