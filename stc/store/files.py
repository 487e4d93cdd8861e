"""Atomic writes and journalled multi-file changes.

Every write is atomic (temporary file in the same folder, fsync, ``os.replace``), so an
interrupted command leaves each file either as it was or complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` so readers see the old or the new file only."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, then ``os.replace``; no temporary left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class Transaction:
    """Writes and deletions collected during one multi-file change, committed together."""

    def __init__(self) -> None:
        self.writes: dict[Path, bytes] = {}
        self.deletes: set[Path] = set()

    def commit(self, journal: Path) -> None:
        import json

        moves: list[tuple[str, str]] = []
        try:
            for path, data in self.writes.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                moves.append((tmp, str(path)))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            plan = {"moves": moves, "deletes": sorted(str(p) for p in self.deletes)}
            atomic_write(journal, json.dumps(plan, ensure_ascii=False))
        except BaseException:
            for tmp, _ in moves:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            raise
        self.recover(journal)

    @staticmethod
    def recover(journal: Path) -> None:
        """Carry out (or finish) the renames and deletions a journal lists, then drop it."""
        import json

        plan = json.loads(journal.read_text(encoding="utf-8"))
        for tmp, target in plan["moves"]:
            if os.path.exists(tmp):
                os.replace(tmp, target)
        for path in plan["deletes"]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        journal.unlink()
