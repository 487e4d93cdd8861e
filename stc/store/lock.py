"""The workspace's write lock on .stc/lock, on every platform.

The lock is held by the operating system: ``fcntl.flock`` on Linux and macOS,
``msvcrt.locking`` on Windows. Either is released by the kernel when the process dies, so a
crash never leaves the workspace locked. Where neither exists, a lock file created with
``O_EXCL`` stands in (removed on release; the timeout message names it in case a crash left
it behind).

Byte 0 of .stc/lock is the locked byte; the holder's description (pid and command) follows
it, so another process can say who holds the lock without touching the locked byte. The lock
file is opened only after checking that no link leads it elsewhere, and with ``O_NOFOLLOW``
where that exists: a planted .stc/lock link must not make every write truncate its target.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

from stc.errors import LockTimeout
from stc.store.files import check_inside

_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)


def _backend() -> str:
    """fcntl, msvcrt or file: the first this Python has."""
    for name in ("fcntl", "msvcrt"):
        try:
            __import__(name)
        except ImportError:
            continue
        return name
    return "file"


class Lock:
    """An exclusive lock on one file; ``acquire`` waits up to ``timeout`` seconds."""

    def __init__(self, root: Path, path: Path) -> None:
        self.root = root
        self.path = path
        self.backend = _backend()
        self.fd: int | None = None

    def acquire(self, timeout: float) -> None:
        check_inside(self.root, self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        check_inside(self.root, self.path)
        if self.backend == "file":
            self._acquire_file(timeout)
            return
        fd = os.open(self.path, _FLAGS | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try_lock = self._flock if self.backend == "fcntl" else self._msvcrt
        deadline = time.monotonic() + timeout
        while not try_lock(fd):
            if time.monotonic() >= deadline:
                holder = _read_holder(fd)
                os.close(fd)
                raise self._timeout(timeout, holder)
            time.sleep(0.02)
        os.ftruncate(fd, 1)
        os.lseek(fd, 1, os.SEEK_SET)
        os.write(fd, _holder().encode("utf-8"))
        self.fd = fd

    def release(self) -> None:
        if self.backend == "file":
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._held_path)
            return
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        with contextlib.suppress(OSError):
            if self.backend == "fcntl":
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
            else:
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        os.close(fd)

    # the operating system's locks
    @staticmethod
    def _flock(fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    @staticmethod
    def _msvcrt(fd: int) -> bool:
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True

    # the fallback: a file that exists while the lock is held
    @property
    def _held_path(self) -> Path:
        return self.path.with_name(self.path.name + ".held")

    def _acquire_file(self, timeout: float) -> None:
        held = self._held_path
        check_inside(self.root, held)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fd = os.open(held, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _binary(), 0o644)
                break
            except FileExistsError:
                if time.monotonic() >= deadline:
                    holder = _read_file(held)
                    raise self._timeout(
                        timeout,
                        holder,
                        f"; if no stc process is running, delete {held.name} in .stc/",
                    ) from None
                time.sleep(0.02)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_holder())

    def _timeout(self, timeout: float, holder: str, extra: str = "") -> LockTimeout:
        return LockTimeout(
            f"the workspace is locked by another stc process ({holder or 'unknown'}) "
            f"for more than {timeout:g} s",
            hint="wait for it to finish and try again; the lock is released when that process "
            f"ends (STC_LOCK_TIMEOUT sets the wait in seconds){extra}",
        )


def _binary() -> int:
    return getattr(os, "O_BINARY", 0)


def _holder() -> str:
    return f"pid {os.getpid()}: {' '.join(sys.argv[:3])}"


def _read_holder(fd: int) -> str:
    try:
        os.lseek(fd, 1, os.SEEK_SET)
        return os.read(fd, 200).decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _read_file(path: Path) -> str:
    try:
        return path.read_bytes()[:200].decode("utf-8", "replace").strip()
    except OSError:
        return ""
