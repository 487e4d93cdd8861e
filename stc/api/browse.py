"""What a browser front end needs besides the use cases: file versions and a fingerprint.

A version is the SHA-256 of a file's bytes ('' while the file does not exist). A client sends
back the version it saw with every change; a different version means someone else (another
tab, the terminal, a git pull) changed the file in between, and the change is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from stc.api._base import writes
from stc.errors import Conflict
from stc.layout import (
    CODEBOOK,
    CONFIG,
    STEP1_GLOB,
    STEP3_GLOB,
    STEP4_GLOB,
    TRANSCRIPT_GLOB,
    UNITS_GLOB,
)
from stc.store import Workspace

_WATCHED = (CONFIG, CODEBOOK, TRANSCRIPT_GLOB, STEP1_GLOB, UNITS_GLOB, STEP3_GLOB, STEP4_GLOB)


def _version(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    except FileNotFoundError:
        return ""


def unit_file_version(ws: Workspace, transcript: str, coder: str) -> str:
    """The version of one coder's unit file for a transcript."""
    return _version(ws.units_path(transcript, coder))


def code_group_version(ws: Workspace, code_group: str) -> str:
    """The version of a code group's step 3 and step 4 files together."""
    return _version(ws.step3_path(code_group)) + ":" + _version(ws.step4_path(code_group))


def expect_version(seen: str | None, now: str, what: str) -> None:
    """Refuse a change made on a stale view of a file."""
    if seen is not None and seen != now:
        raise Conflict(
            f"{what} was changed elsewhere since this page was loaded",
            hint="the page now shows the current state; make the change again if still wanted",
        )


def fingerprint(ws: Workspace) -> str:
    """A short digest that changes whenever a study file is written, added or removed."""
    h = hashlib.sha256()
    for pattern in _WATCHED:
        for path in sorted(ws.root.glob(pattern)):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            h.update(f"{ws.rel(path)}\x1f{st.st_mtime_ns}\x1f{st.st_size}\x1e".encode())
    return h.hexdigest()[:16]


@writes
def unsort_units(ws: Workspace, code_group: str, unit_ids: Sequence[str]) -> None:
    """Take units out of their subgroups (back to the code group's unsorted units)."""
    from dataclasses import replace

    c = ws.condensation(code_group)
    subs = tuple(
        replace(s, units=tuple(u for u in s.units if u not in unit_ids)) for s in c.subgroups
    )
    ws.save_condensation(replace(c, subgroups=subs))
