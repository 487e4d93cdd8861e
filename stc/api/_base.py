"""Shared pieces of the API: the write lock decorator and opening a workspace."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from stc.errors import NotFound, WorkspaceNotFound
from stc.layout import CONFIG
from stc.store import Workspace

P = ParamSpec("P")
R = TypeVar("R")


def writes(fn: Callable[Concatenate[Workspace, P], R]) -> Callable[Concatenate[Workspace, P], R]:
    """Run a workspace change under the write lock, so concurrent stc processes take turns."""

    @functools.wraps(fn)
    def wrapper(ws: Workspace, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with ws.lock():
            return fn(ws, *args, **kwargs)

    return wrapper


def open_workspace(path: str | Path | None = None, exact: bool = False) -> Workspace:
    """The workspace at ``path`` or the nearest one above it (``exact``: at ``path`` only)."""
    if path is not None and exact:
        root = Path(path)
        if not (root / CONFIG).is_file():
            raise WorkspaceNotFound(
                f"{root} is not a workspace (no {CONFIG} there)",
                hint="check --workspace / $STC_WORKSPACE, or create one with `stc init DIR`",
            )
        return Workspace(root.resolve())
    return Workspace.find(Path(path) if path else None)


def known_researcher(ws: Workspace, researcher: str, role: str = "researcher") -> str:
    """``researcher`` if stc.yaml lists them; else an error naming the ones it lists.

    A typo must not quietly start a new coder's files (analyses/step2/ID/typo.yaml).
    """
    known = [r.id for r in ws.project().researchers]
    if researcher not in known:
        listed = f"stc.yaml lists {', '.join(known)}" if known else "stc.yaml lists no researchers"
        raise NotFound(
            f"unknown {role} {researcher!r}: {listed}",
            hint=f"check the spelling, or add them with `stc researcher add {researcher}`",
        )
    return researcher
