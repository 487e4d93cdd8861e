"""What the walkers share at the terminal: prompts, emphasis, marked spans, the pager."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import typer

from stc.cli.common import color, echo, is_tty
from stc.model import MeaningUnit

_CHOICES: list[str] = []


def _line_editing() -> bool:
    """Arrow keys, Home/End, Ctrl-A/E/K/W and ↑/↓ history for input() (readline on Linux and
    macOS; the Windows console edits input lines and keeps their history by itself)."""
    try:
        import readline
    except ImportError:  # Windows: the console's own line editing applies
        return False
    readline.set_completer(_complete)
    readline.set_completer_delims(" ,\t\n")
    # libedit (macOS) and GNU readline spell the binding differently
    binding = "bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete"
    readline.parse_and_bind(binding)
    return True


def _complete(text: str, state: int) -> str | None:
    found = [c for c in _CHOICES if c.startswith(text) or c.casefold().startswith(text.casefold())]
    return found[state] if state < len(found) else None


_EDITING: list[bool] = []


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def ask(prompt: str, choices: list[str] | None = None) -> str:
    """One line of input with line editing, history and Tab completion over ``choices``
    (code ids and labels, code groups, unit ids …); end of input counts as 'q'."""
    if not _EDITING:
        _EDITING.append(sys.stdin.isatty() and _line_editing())
    _CHOICES[:] = choices or []
    try:
        return input(prompt)
    except EOFError:
        return "q"


def bold(text: str) -> str:
    return typer.style(text, bold=True) if color() else text


def mark(text: str) -> str:
    return typer.style(text, fg="yellow", bold=True) if color() else f"«{text}»"


def in_turn(units: list[MeaningUnit], n: int, length: int) -> list[MeaningUnit]:
    """The units that cover turn ``n``, cut to their part of it (a unit across turns marks
    the end of its first turn, whole middle turns and the start of its last)."""
    from stc.api import units_in_turn

    return units_in_turn(units, n, length)


def highlighted(text: str, units: list[MeaningUnit]) -> str:
    """The turn with coded spans marked (colour in a terminal, «…» otherwise)."""
    spans = sorted({(u.start, u.end) for u in units})
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # overlapping spans: the first one is marked
        out += [text[pos:start], mark(text[start:end])]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def shift(units: list[MeaningUnit], a: int, b: int) -> list[MeaningUnit]:
    """The parts of ``units`` inside text[a:b], with offsets relative to a."""
    return [
        replace(u, start=max(u.start, a) - a, end=min(u.end, b) - a)
        for u in units
        if u.start < b and u.end > a
    ]


def page(text: str) -> None:
    """Page long output in a terminal, print it otherwise.

    The pager is $PAGER, else ``less``; ``less`` gets -R so colour shows as colour, never as
    raw escape codes, and a pager that cannot show colour gets plain text.
    """
    import shutil

    if not is_tty() or text.count("\n") <= shutil.get_terminal_size().lines:
        echo(text)
        return
    command = os.environ.get("PAGER") or ("less" if shutil.which("less") else "")
    if not command:
        echo(text)
        return
    import shlex
    import subprocess

    argv = shlex.split(command)
    env = dict(os.environ)
    if Path(argv[0]).name == "less":
        env["LESS"] = env.get("LESS", "") + " -R"
    elif "-R" not in argv and "-r" not in argv:
        text = strip_styles(text)
    try:
        subprocess.run(argv, input=text + "\n", text=True, env=env, check=False)
    except OSError:
        echo(text)


def strip_styles(text: str) -> str:
    """Text without ANSI colour and style codes."""
    return _ANSI.sub("", text)
