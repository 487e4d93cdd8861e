"""Shared pieces of the API: the write lock decorator and opening a workspace."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

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


def open_workspace(path: str | Path | None = None) -> Workspace:
    return Workspace.find(Path(path) if path else None)
