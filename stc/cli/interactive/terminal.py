"""What the walkers share at the terminal: prompts, emphasis, marked spans, the pager."""

from __future__ import annotations

from dataclasses import replace

import typer

from stc.cli.common import color, echo, is_tty
from stc.model import MeaningUnit


def ask(prompt: str) -> str:
    """One line of input; end of input counts as 'q'."""
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
    out = []
    for u in units:
        if u.turn <= n <= u.last_turn:
            start = u.start if n == u.turn else 0
            end = u.end if n == u.last_turn else length
            out.append(replace(u, turn=n, start=start, end=end, to_turn=0))
    return out


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
    """Page long output in a terminal ($PAGER, less), print it otherwise."""
    import shutil

    if is_tty() and text.count("\n") > shutil.get_terminal_size().lines:
        import pydoc

        pydoc.pager(text + "\n")
    else:
        echo(text)
