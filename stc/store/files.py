"""Atomic writes, journalled multi-file changes, and the workspace's boundary.

Every write is atomic (temporary file in the same folder, fsync, ``os.replace``), so an
interrupted command leaves each file either as it was or complete.

A workspace arrives through git, so its tree may hold symbolic links put there to make stc
read or write elsewhere. Every read and write of a workspace file goes through
:func:`check_inside`: no part of the path below the workspace root may be a link (or a
Windows junction), and the resolved path must lie inside the root. The check uses ``lstat``
and ``realpath`` only, so it holds on every platform; where ``O_NOFOLLOW`` exists, reads
also refuse a link that appears between the check and the open.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from stc.errors import TooLarge, UnsafePath
from stc.limits import WORKSPACE_FILE, size

_LINK_TAGS = tuple(
    getattr(stat, name, -1) for name in ("IO_REPARSE_TAG_SYMLINK", "IO_REPARSE_TAG_MOUNT_POINT")
)


def is_link(st: os.stat_result) -> bool:
    """A symbolic link, or on Windows a junction (a reparse point naming another path).

    Other reparse points (OneDrive placeholders, deduplicated files) are ordinary files."""
    return stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0) in _LINK_TAGS


def _refuse_link(rel: str) -> UnsafePath:
    return UnsafePath(
        f"{rel} is a symbolic link; stc does not follow links inside a workspace",
        hint="replace the link with the real file or folder (links may come from a shared "
        "repository and point anywhere on this computer)",
    )


def check_inside(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` (POSIX text) if it is safe to read or write: inside the
    workspace, reached through no link. Parts that do not exist yet are fine (they will be
    created as plain folders)."""
    base, full = os.path.abspath(root), os.path.abspath(path)
    if _under(full, base) is None:
        raise UnsafePath(f"{path} is outside the workspace {root}")
    if os.path.normcase(full) == os.path.normcase(base):
        return "."
    parts = full[len(base.rstrip(os.sep)) + 1 :].split(os.sep)
    rel = "/".join(parts)
    if ".." in parts:  # abspath removes '..'; kept as a guard should that ever change
        raise UnsafePath(f"{rel}: a workspace path may not contain '..'")
    current = base
    for i, part in enumerate(parts):
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            break
        if is_link(st):
            raise _refuse_link("/".join(parts[: i + 1]))
    real = os.path.realpath(full)
    if _under(real, _real(base)) is None:
        raise UnsafePath(
            f"{rel} leads outside the workspace (to {real})",
            hint="remove the link or junction on the way to it",
        )
    return rel


def _under(path: str, folder: str) -> str | None:
    """``path`` relative to ``folder`` if it is ``folder`` or lies in it (both absolute;
    compared as the file system does, case-insensitively on Windows)."""
    p, f = os.path.normcase(path), os.path.normcase(folder).rstrip(os.sep)
    if p == f:
        return ""
    if p.startswith(f + os.sep):
        return path[len(f) + 1 :]
    return None


def _real(root: str) -> str:
    """The resolved workspace root, looked up once per process and root."""
    if root not in _REAL_ROOTS:
        _REAL_ROOTS[root] = os.path.realpath(root)
    return _REAL_ROOTS[root]


_REAL_ROOTS: dict[str, str] = {}


def within(root: Path, path: Path) -> str | None:
    """``path`` relative to the workspace if it lies inside it (however it is spelled:
    relative, absolute, through a linked folder above the workspace), else None."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        here = os.stat(root)
    except OSError:
        return None
    for ancestor in absolute.parents:
        try:
            st = os.stat(ancestor)
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (here.st_dev, here.st_ino):
            return absolute.relative_to(ancestor).as_posix()
    return None


def read_inside(root: Path, path: Path, limit: int = WORKSPACE_FILE) -> bytes:
    """The bytes of a workspace file: a regular file, inside the workspace, reached through
    no link, at most ``limit`` bytes. FileNotFoundError if it does not exist."""
    rel = check_inside(root, path)
    return _read_regular(path, rel, limit)


def read_input(root: Path, path: Path, limit: int) -> bytes:
    """A file the user named (an import, --identifiers, --reference-docx): checked like a
    workspace file if it lies in the workspace, else read as given; at most ``limit`` bytes."""
    rel = within(root, path)
    if rel is not None:
        rel = check_inside(root, root / rel)
        return _read_regular(root / rel, rel, limit)
    return _read_regular(path, str(path), limit, follow=True)


def check_input(root: Path, path: Path) -> Path:
    """A file the user named, to be read by a library: if it lies in the workspace, it must
    be a regular file reached through no link (a planted link could import a private file
    from elsewhere into the study, and from there into git)."""
    rel = within(root, path)
    if rel is None:
        return path
    check_inside(root, root / rel)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(root / rel).st_mode):
            raise UnsafePath(f"{rel} is not a regular file")
    return root / rel


def _read_regular(path: Path, rel: str, limit: int, follow: bool = False) -> bytes:
    st = os.stat(path) if follow else os.lstat(path)  # FileNotFoundError: the caller's
    if is_link(st):
        raise _refuse_link(rel)
    if not stat.S_ISREG(st.st_mode):  # a folder, a pipe (which would block), a device
        raise UnsafePath(f"{rel} is not a regular file")
    if st.st_size > limit:
        raise _too_large(rel, st.st_size, limit)
    nofollow = 0 if follow else getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nofollow)
    except OSError:
        if not follow and is_link(os.lstat(path)):  # a link appeared since the check
            raise _refuse_link(rel) from None
        raise
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnsafePath(f"{rel} is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:  # the file grew while it was read
        raise _too_large(rel, len(data), limit)
    return data


def _too_large(rel: str, n: int, limit: int) -> TooLarge:
    return TooLarge(
        f"{rel} is {size(n)}; stc reads files of at most {size(limit)}",
        hint="is this the right file? a transcript of a long interview is well under 1 MiB",
    )


def write_inside(root: Path, path: Path, data: bytes) -> None:
    """Write a workspace file atomically, after checking no link leads it elsewhere."""
    check_inside(root, path)
    atomic_write_bytes(path, data)


def delete_inside(root: Path, path: Path) -> None:
    check_inside(root, path)
    path.unlink(missing_ok=True)


def write_output(root: Path, path: Path, data: str | bytes) -> None:
    """Write a report or export: checked like a workspace file when it lands inside the
    workspace (reports/ may be a planted link), written as given elsewhere."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    rel = within(root, path)
    if rel is not None:
        write_inside(root, root / rel, raw)
    else:
        atomic_write_bytes(path, raw)


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` so readers see the old or the new file only."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, then ``os.replace``; no temporary left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    try:
        fd = _temporary(path, made)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(made[-1], path)
    except BaseException:
        for tmp in made:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise


def _temporary(path: Path, made: list[str]) -> int:
    """Create ``.NAME.XXXXXXXX.tmp`` beside ``path`` and return its descriptor. The name is
    put in ``made`` before the file exists, so an interruption at any point (SIGTERM, ^C)
    lets the caller remove it."""
    import secrets

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        made.append(str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"))
        try:
            return os.open(made[-1], flags, 0o600)
        except FileExistsError:
            made.pop()  # someone else's: not ours to remove


class Transaction:
    """Writes and deletions collected during one multi-file change, committed together.

    The journal lists the renames and deletions with paths relative to the workspace and is
    signed with this user's key (the one that signs the parse cache): a journal that comes
    from git or a copied folder is never followed (see :func:`recover`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.writes: dict[Path, bytes] = {}
        self.deletes: set[Path] = set()

    def commit(self, journal: Path) -> None:
        moves: list[tuple[str, str]] = []
        made: list[str] = []
        try:
            for path, data in self.writes.items():
                rel = check_inside(self.root, path)
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = _temporary(path, made)
                moves.append((f"{PurePosixPath(rel).parent / Path(made[-1]).name}", rel))
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            deletes = sorted(check_inside(self.root, p) for p in self.deletes)
            plan = {"moves": [list(m) for m in moves], "deletes": deletes}
            write_inside(self.root, journal, _signed(plan))
        except BaseException:
            for tmp in made:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
            raise
        _carry_out(self.root, plan, journal)


def _signed(plan: dict[str, Any]) -> bytes:
    import hmac
    import json

    from stc.store.cache import _cache_key

    body = json.dumps(plan, ensure_ascii=False, sort_keys=True)
    key = _cache_key()
    mac = hmac.new(key, body.encode("utf-8"), "sha256").hexdigest() if key else ""
    return json.dumps({"plan": plan, "mac": mac}, ensure_ascii=False).encode("utf-8")


def recover(root: Path, journal: Path, written: tuple[str, ...]) -> str | None:
    """Finish the change an interrupted command's journal lists, then drop the journal.

    A journal is followed only if this user's key signed it and every path in it is one stc
    writes (``written``: layout globs), relative, inside the workspace, reached through no
    link, with each temporary file beside its target. Anything else is set aside unfollowed
    (as journal.refused.json) and the returned note says why. Call it holding the lock."""
    import hmac
    import json

    from stc.store.cache import _cache_key

    try:
        raw = read_inside(root, journal, 4 * 1024 * 1024)
    except FileNotFoundError:
        return None  # another process finished it meanwhile
    rel = check_inside(root, journal)
    try:
        doc = json.loads(raw.decode("utf-8"))
        plan = doc["plan"]
        body = json.dumps(plan, ensure_ascii=False, sort_keys=True).encode("utf-8")
        key = _cache_key()
        if key is None or not hmac.compare_digest(
            str(doc.get("mac", "")), hmac.new(key, body, "sha256").hexdigest()
        ):
            raise ValueError("it was not written by stc for this user on this computer")
        _validate(root, plan, written)
    except (ValueError, KeyError, TypeError, AttributeError, UnsafePath) as exc:
        if isinstance(exc, UnsafePath):
            reason = exc.message
        elif isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
            reason = "it is not valid JSON"
        elif isinstance(exc, ValueError):
            reason = str(exc)
        else:
            reason = "it is not a journal stc writes"
        aside = journal.with_name("journal.refused.json")
        os.replace(journal, aside)
        return (
            f"{rel} was not followed and was set aside as {check_inside(root, aside)}: "
            f"{reason} (a journal never belongs in a shared workspace; "
            "delete the file once you have read it)"
        )
    _carry_out(root, plan, journal)
    return None


def _carry_out(root: Path, plan: dict[str, Any], journal: Path) -> None:
    for tmp, target in plan["moves"]:
        with contextlib.suppress(FileNotFoundError):
            os.replace(root / tmp, root / target)
    for path in plan["deletes"]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / path)
    with contextlib.suppress(FileNotFoundError):
        journal.unlink()


def _validate(root: Path, plan: Any, written: tuple[str, ...]) -> None:
    from stc.layout import matches

    if not isinstance(plan, dict) or set(plan) != {"moves", "deletes"}:
        raise ValueError("it is not a journal stc writes")
    moves, deletes = plan["moves"], plan["deletes"]
    if not isinstance(moves, list) or not isinstance(deletes, list):
        raise ValueError("it is not a journal stc writes")
    for move in moves:
        if not (isinstance(move, list) and len(move) == 2):
            raise ValueError("it is not a journal stc writes")
        tmp, target = (_plain(p) for p in move)
        if not matches(target, written):
            raise ValueError(f"it would replace {target}, which is not a file stc writes")
        t, g = PurePosixPath(tmp), PurePosixPath(target)
        if t.parent != g.parent or not (
            t.name.startswith(f".{g.name}.") and t.name.endswith(".tmp")
        ):
            raise ValueError(f"{tmp} is not a temporary file stc writes for {target}")
        check_inside(root, root / tmp)
        check_inside(root, root / target)
    for path in deletes:
        if not matches(_plain(path), written):
            raise ValueError(f"it would delete {path}, which is not a file stc writes")
        check_inside(root, root / path)


def _plain(path: Any) -> str:
    """A relative POSIX path with no '..', drive or backslash; else ValueError."""
    if not isinstance(path, str) or not path:
        raise ValueError(f"{path!r} is not a path")
    posix, windows = PurePosixPath(path), PureWindowsPath(path)
    if (
        posix.is_absolute()
        or windows.is_absolute()
        or windows.drive
        or "\\" in path
        or any(p in ("..", ".", "") for p in path.split("/"))
    ):
        raise ValueError(f"{path} is not a path inside the workspace")
    return path
