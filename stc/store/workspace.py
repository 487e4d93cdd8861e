"""The workspace: reads and writes its files in their canonical formats.

Output is byte-stable: loading a file and saving it again gives identical bytes, so
``git diff`` shows only real changes. Every file carries ``schema_version``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from stc.errors import FormatError, NotFound, StcError, UnsafePath, WorkspaceNotFound
from stc.layout import (
    ASSIGNMENTS,
    CACHE_FILE,
    CHAPTER_GLOB,
    CODEBOOK,
    CONFIG,
    DECISIONS,
    FILE_CACHE,
    JOURNAL,
    JOURNALLED,
    LOCK,
    STEP1_FILE,
    STEP1_GLOB,
    STEP3_FILE,
    STEP3_GLOB,
    STEP4_FILE,
    STEP4_GLOB,
    TEMPLATES,
    TRANSCRIPT_FILE,
    TRANSCRIPT_GLOB,
    UNDO_FILE,
    UNITS_FILE,
    UNITS_GLOB,
    VALIDATION_FILE,
    VALIDATION_GLOB,
)
from stc.limits import WORKSPACE_FILE
from stc.model import (
    Assignments,
    Codebook,
    Condensation,
    Decision,
    Project,
    Step1,
    Synthesis,
    Transcript,
    UnitFile,
    ValidationLog,
    check_id,
)
from stc.store import yamlio
from stc.store.cache import FileCache
from stc.store.files import (
    Transaction,
    check_inside,
    delete_inside,
    read_input,
    read_inside,
    recover,
    write_inside,
)
from stc.store.formats import (
    format_decision,
    format_synthesis,
    format_transcript,
    join_front_matter,
    parse_decisions,
    parse_synthesis,
    parse_transcript,
)
from stc.store.lock import Lock
from stc.store.schema import check_version, upgrade, versioned
from stc.study import Study
from stc.text import conflict_marker

T = TypeVar("T")


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("STC_LOCK_TIMEOUT", "30"))
    except ValueError:
        return 30.0


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds stc.yaml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise WorkspaceNotFound(
        f"no {CONFIG} in {start} or any folder above it",
        hint="run stc inside a workspace, pass --workspace DIR, or create one with `stc init DIR`",
    )


def _as_written(text: str, where: str) -> str:
    """The text as stc wrote it: a byte-order mark and CRLF line ends (added by editors or by
    git's autocrlf on Windows) are undone, so offsets and front matter read as they were saved.
    A file still holding git's conflict markers is refused: either side may be wrong."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    line = conflict_marker(text)
    if line is not None:
        raise FormatError(
            f"{where}:{line}: git conflict marker: the file holds both sides of an "
            "unfinished merge",
            hint="resolve the conflict (keep the right lines, delete the <<<<<<< ======= >>>>>>> "
            "lines), then `git add` the file and run `stc check`",
        )
    return text


def _named_as(path: Path, holds: str, kind: str, where: str) -> None:
    """A file's content must belong where its name puts it (a stray copy must not replace it)."""
    if holds != path.stem:
        raise FormatError(
            f"{where}: holds {kind} {holds!r}, but its file name says {path.stem!r}",
            hint=f"a copy or a merge left it behind: move its content into {holds}"
            f"{path.suffix} if it belongs there, then delete {path.name}",
        )


class Workspace:
    """A workspace folder; reads and writes its files in their canonical formats."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._transcripts: dict[str, Transcript] = {}
        self._tx: Transaction | None = None
        self._lock_depth = 0
        self._lock: Lock | None = None
        self._files: FileCache | None = None
        if os.path.lexists(root / JOURNAL):
            self._recover()

    def _recover(self) -> None:
        """Finish a multi-file change an interrupted command left, under the lock: a reader
        must not race the writer that is carrying out the same journal."""
        from stc.store.schema import UPGRADED

        try:
            with self.lock():
                note = recover(self.root, self.root / JOURNAL, JOURNALLED)
        except FileNotFoundError:
            return
        except OSError as exc:  # a read-only copy: reading goes on, as before the change
            note = f"{JOURNAL} could not be carried out here ({exc.strerror}); run stc again"
        if note:
            UPGRADED.append(note)  # the CLI prints these notes after the command

    def fresh(self) -> Workspace:
        """A new view of this workspace for a long-running process (stc serve): it reads every
        file anew but shares the parse cache, whose entries are checked file by file."""
        if self._files is None:
            self._files = FileCache(self.root / FILE_CACHE)
        other = Workspace(self.root)
        other._files = self._files
        return other

    @classmethod
    def find(cls, start: Path | None = None) -> Workspace:
        return cls(find_root(start or Path.cwd()))

    # paths
    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def codebook_path(self) -> Path:
        return self.root / CODEBOOK

    def transcript_path(self, tid: str) -> Path:
        return self.root / TRANSCRIPT_FILE.format(check_id(tid, "transcript"))

    def step1_path(self, researcher: str) -> Path:
        return self.root / STEP1_FILE.format(check_id(researcher, "researcher"))

    def units_path(self, tid: str, coder: str) -> Path:
        return self.root / UNITS_FILE.format(check_id(tid, "transcript"), check_id(coder, "coder"))

    def step3_path(self, code_group: str) -> Path:
        return self.root / STEP3_FILE.format(check_id(code_group, "code group"))

    def step4_path(self, code_group: str) -> Path:
        return self.root / STEP4_FILE.format(check_id(code_group, "code group"))

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    # generic YAML
    def _read_text(self, path: Path) -> str:
        try:
            data = read_input(self.root, path, WORKSPACE_FILE)  # elsewhere: --identifiers F
        except FileNotFoundError:
            raise NotFound(f"{self.rel(path)} does not exist") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(
                f"{self.rel(path)}: not valid UTF-8 (byte {exc.start})",
                hint="workspace files are UTF-8; restore the file with git or re-save it as UTF-8",
            ) from None
        return _as_written(text, self.rel(path))

    def read_yaml(self, path: Path) -> Any:
        where = self.rel(path)
        data = yamlio.load(self._read_text(path), where)
        if data is None:
            raise FormatError(f"{where}: the file is empty")
        check_version(data, where)
        return upgrade(data, where)

    def write_yaml(self, path: Path, data: dict[str, Any]) -> None:
        self.write_text(path, yamlio.dump(versioned(data)))

    def write_text(self, path: Path, text: str) -> None:
        """Write now (atomically), or as part of the open transaction."""
        if self._tx is not None:
            self._tx.writes[path] = text.encode("utf-8")
            self._tx.deletes.discard(path)
        else:
            write_inside(self.root, path, text.encode("utf-8"))

    def delete(self, path: Path) -> None:
        if self._tx is not None:
            self._tx.writes.pop(path, None)
            self._tx.deletes.add(path)
        else:
            delete_inside(self.root, path)

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the workspace's write lock (re-entrant within one process).

        Two stc processes writing one workspace take turns, so neither loses the other's
        update. The lock is held by the operating system on .stc/lock (store/lock.py), so a
        crash never leaves the workspace locked.
        """
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        self._acquire(timeout if timeout is not None else _lock_timeout())
        self._lock_depth = 1
        if os.path.lexists(self.root / JOURNAL):
            # finish a change another process left half done, now that no one commits
            try:
                note = recover(self.root, self.root / JOURNAL, JOURNALLED)
            except BaseException:
                self._lock_depth = 0
                self._release()
                raise
            if note:
                from stc.store.schema import UPGRADED

                UPGRADED.append(note)
        self._transcripts.clear()  # another process may have changed files meanwhile
        try:
            yield
        finally:
            self._lock_depth = 0
            self._release()

    def _acquire(self, timeout: float) -> None:
        lock = Lock(self.root, self.root / LOCK)
        lock.acquire(timeout)
        self._lock = lock

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def write_bytes(self, path: Path, data: bytes) -> None:
        """Write exact bytes (undo restores files byte for byte)."""
        if self._tx is not None:
            self._tx.writes[path] = data
            self._tx.deletes.discard(path)
        else:
            write_inside(self.root, path, data)

    @contextlib.contextmanager
    def transaction(self, undo: tuple[str, str] | None = None) -> Iterator[None]:
        """Group writes to many files into one all-or-nothing change.

        New contents go to temporary files beside their targets first; a journal in .stc/
        then lists the renames, which are carried out; an interrupted commit is completed the
        next time the workspace is opened. An exception inside the block writes nothing.
        ``undo`` = (researcher, summary) records the files' earlier bytes in that
        researcher's undo journal, written in the same all-or-nothing change.
        """
        self._tx = Transaction(self.root)
        try:
            yield
            tx, self._tx = self._tx, None
            if undo is not None and (tx.writes or tx.deletes):
                self._record_undo(tx, *undo)
            tx.commit(self.root / JOURNAL)
        finally:
            self._tx = None

    # undo journal (.stc/undo/<researcher>.json): this clone's local state
    UNDO_DEPTH = 20

    def undo_path(self, researcher: str) -> Path:
        return self.root / UNDO_FILE.format(check_id(researcher, "researcher"))

    def undo_entries(self, researcher: str) -> list[dict[str, Any]]:
        """The researcher's recorded changes, oldest first; a damaged journal reads as empty."""
        import json

        path = self.undo_path(researcher)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []

    def save_undo_entries(self, researcher: str, entries: list[dict[str, Any]]) -> None:
        import json

        text = json.dumps(entries[-self.UNDO_DEPTH :], ensure_ascii=False, indent=1)
        self.write_text(self.undo_path(researcher), text + "\n")

    def _record_undo(self, tx: Transaction, researcher: str, summary: str) -> None:
        import base64
        import datetime
        import hashlib

        files = []
        for path in sorted({*tx.writes, *tx.deletes}):
            before = path.read_bytes() if path.is_file() else None
            after = tx.writes.get(path)
            files.append(
                {
                    "path": self.rel(path),
                    "before": None if before is None else base64.b64encode(before).decode(),
                    "after": None if after is None else hashlib.sha256(after).hexdigest(),
                }
            )
        entry = {
            "summary": summary,
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "files": files,
        }
        entries = [*self.undo_entries(researcher), entry]
        self._tx = tx  # the journal joins the same all-or-nothing change
        try:
            self.save_undo_entries(researcher, entries)
        finally:
            self._tx = None

    def inside(self, rel: str) -> Path:
        """The path ``rel`` names inside the workspace; refuses one that leaves it."""
        path = (self.root / rel).resolve()
        root = self.root.resolve()
        if (
            not rel
            or Path(rel).is_absolute()
            or ".." in Path(rel).parts
            or not path.is_relative_to(root)
            or ".git" in Path(rel).parts
        ):
            raise FormatError(f"{rel!r} is not a workspace file")
        return self.root / rel

    # project
    def project(self) -> Project:
        return self._cached(
            self.config_path, lambda: Project.from_dict(self.read_yaml(self.config_path), CONFIG)
        )

    def save_project(self, project: Project) -> None:
        self.write_yaml(self.config_path, project.to_dict())

    # transcripts
    def transcript_ids(self) -> list[str]:
        return sorted(p.stem for p in self.root.glob(TRANSCRIPT_GLOB))

    def transcript(self, tid: str) -> Transcript:
        if tid not in self._transcripts:
            path = self.transcript_path(tid)
            if not path.is_file():
                raise NotFound(
                    f"no transcript {tid!r} in {self.rel(path.parent)}/",
                    hint="`stc transcripts` lists the transcripts of this workspace",
                )
            t = self._cached(path, lambda: parse_transcript(self._read_text(path), self.rel(path)))
            if t.id != tid:
                raise FormatError(f"{self.rel(path)}: front matter id {t.id!r} ≠ file name {tid!r}")
            self._transcripts[tid] = t
        return self._transcripts[tid]

    def transcripts(self) -> list[Transcript]:
        return [self.transcript(tid) for tid in self.transcript_ids()]

    def save_transcript(self, t: Transcript) -> None:
        self.write_text(self.transcript_path(t.id), format_transcript(t))
        self._transcripts[t.id] = t

    # codebook
    def codebook(self) -> Codebook:
        if not self.codebook_path.is_file():
            return Codebook()
        path = self.codebook_path
        return self._cached(path, lambda: Codebook.from_dict(self.read_yaml(path), self.rel(path)))

    def save_codebook(self, codebook: Codebook) -> None:
        self.write_yaml(self.codebook_path, codebook.to_dict())

    # step 1
    def step1(self, researcher: str) -> Step1:
        path = self.step1_path(researcher)
        if not path.is_file():
            return Step1(researcher)
        s1 = self._cached(path, lambda: Step1.from_dict(self.read_yaml(path), self.rel(path)))
        _named_as(path, s1.researcher, "the step 1 notes of researcher", self.rel(path))
        return s1

    def step1_all(self) -> list[Step1]:
        return [self.step1(p.stem) for p in sorted(self.root.glob(STEP1_GLOB))]

    def save_step1(self, step1: Step1) -> None:
        self.write_yaml(self.step1_path(step1.researcher), step1.to_dict())

    # step 2
    def unit_file(self, tid: str, coder: str) -> UnitFile:
        path = self.units_path(tid, coder)
        if not path.is_file():
            return UnitFile(tid, coder)
        uf = self._cached(path, lambda: UnitFile.from_dict(self.read_yaml(path), self.rel(path)))
        if (uf.transcript, uf.coder) != (tid, coder):
            raise FormatError(
                f"{self.rel(path)}: holds transcript {uf.transcript!r} by {uf.coder!r}, "
                f"but its path says {tid!r} by {coder!r}"
            )
        return uf

    def unit_files(self) -> Iterator[UnitFile]:
        for path in sorted(self.root.glob(UNITS_GLOB)):
            yield self.unit_file(path.parent.name, path.stem)

    def save_unit_file(self, uf: UnitFile) -> None:
        self.write_yaml(self.units_path(uf.transcript, uf.coder), uf.to_dict())

    # step 3
    def condensation(self, code_group: str) -> Condensation:
        path = self.step3_path(code_group)
        if not path.is_file():
            return Condensation(code_group)
        c = self._cached(path, lambda: Condensation.from_dict(self.read_yaml(path), self.rel(path)))
        _named_as(path, c.code_group, "code_group", self.rel(path))
        return c

    def condensations(self) -> list[Condensation]:
        return [self.condensation(p.stem) for p in sorted(self.root.glob(STEP3_GLOB))]

    def save_condensation(self, c: Condensation) -> None:
        self.write_yaml(self.step3_path(c.code_group), c.to_dict())

    # step 4
    def synthesis(self, code_group: str) -> Synthesis | None:
        path = self.step4_path(code_group)
        if not path.is_file():
            return None
        s = self._cached(path, lambda: parse_synthesis(self._read_text(path), self.rel(path)))
        _named_as(path, s.code_group, "code_group", self.rel(path))
        return s

    def syntheses(self) -> list[Synthesis]:
        paths = sorted(self.root.glob(STEP4_GLOB))
        return [s for p in paths if (s := self.synthesis(p.stem))]

    def save_synthesis(self, s: Synthesis) -> None:
        self.write_text(self.step4_path(s.code_group), format_synthesis(s))

    # team records
    def assignments(self) -> Assignments:
        path = self.root / ASSIGNMENTS
        if not path.is_file():
            return Assignments()
        return Assignments.from_dict(self.read_yaml(path), ASSIGNMENTS)

    def save_assignments(self, a: Assignments) -> None:
        self.write_yaml(self.root / ASSIGNMENTS, a.to_dict())

    def decisions(self) -> tuple[Decision, ...]:
        path = self.root / DECISIONS
        if not path.is_file():
            return ()
        return parse_decisions(self._read_text(path), DECISIONS)

    def report_texts(self) -> dict[str, str]:
        """The report chapters the researchers wrote (templates/chapters/<key>.md), by key."""
        out = {}
        root = self.root.resolve()
        for path in sorted(self.root.glob(CHAPTER_GLOB)):
            # a link (or a linked folder) that arrived with the workspace could reach outside it
            if path.is_file() and path.resolve().is_relative_to(root / "templates"):
                out[path.stem] = self._read_text(path)
        return out

    def append_decision(self, d: Decision, language: str) -> None:
        path = self.root / DECISIONS
        if path.is_file():
            text = self._read_text(path).rstrip("\n") + "\n\n"
        else:
            text = join_front_matter({}, "").rstrip("\n") + "\n\n"
        self.write_text(path, text + format_decision(d, language))

    def validation(self, researcher: str) -> ValidationLog:
        path = self.root / VALIDATION_FILE.format(check_id(researcher, "researcher"))
        if not path.is_file():
            return ValidationLog(researcher)
        log = ValidationLog.from_dict(self.read_yaml(path), self.rel(path))
        _named_as(path, log.researcher, "the validation records of researcher", self.rel(path))
        return log

    def validations(self) -> list[ValidationLog]:
        return [self.validation(p.stem) for p in sorted(self.root.glob(VALIDATION_GLOB))]

    def save_validation(self, log: ValidationLog) -> None:
        self.write_yaml(self.root / VALIDATION_FILE.format(log.researcher), log.to_dict())

    # local cache (.stc/cache/): derived data any command may discard and rebuild. Some of it
    # decides what may be printed (the identifier scan), so it is signed like the parse cache:
    # a cache file edited by hand or arriving with a shared folder is ignored and recomputed.
    def cache_read(self, name: str) -> Any:
        import json

        from stc.store.cache import verified

        path = self.root / CACHE_FILE.format(name)
        try:
            payload = verified(read_inside(self.root, path))
            return json.loads(payload.decode("utf-8")) if payload is not None else None
        except (OSError, ValueError, StcError):
            return None

    def cache_write(self, name: str, data: Any) -> None:
        import json

        from stc.store.cache import signed

        path = self.root / CACHE_FILE.format(name)
        blob = signed(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        if blob is None:
            return  # no signing key (read-only home): work without this cache
        with contextlib.suppress(OSError):  # a read-only workspace works without a cache
            write_inside(self.root, path, blob)

    # parsed files, cached in .stc/cache/ by size, mtime and content hash
    def _cached(self, path: Path, parse: Callable[[], T]) -> T:
        check_inside(self.root, path)
        with contextlib.suppress(OSError):
            if os.stat(path).st_size > WORKSPACE_FILE:
                return parse()  # refused with a clear message, never hashed or cached
        if self._files is None:
            check_inside(self.root, self.root / FILE_CACHE)
            self._files = FileCache(self.root / FILE_CACHE)
        return self._files.get(path, self.rel(path), parse)

    def save_cache(self) -> None:
        if self._files is not None:
            check_inside(self.root, self.root / FILE_CACHE)
            self._files.save()

    # workspace templates (templates/): regular files inside that folder only
    def template(self, name: str) -> str | None:
        """The text of ``templates/NAME``, or None if the workspace has no such template.

        ``name`` comes from a template ({% include %}, {% extends %}): it must be a plain
        relative path, and neither the file nor any folder on the way may be a link."""
        parts = name.split("/")
        if any(p in ("", ".", "..") or "\\" in p or ":" in p for p in parts):
            raise UnsafePath(
                f"{TEMPLATES}/{name}: a template name must be a plain path inside {TEMPLATES}/"
            )
        path = self.root.joinpath(TEMPLATES, *parts)
        try:
            return self._read_text(path)
        except NotFound:
            return None

    def recorded_time(self) -> int:
        """When the workspace last changed, in seconds since 1970 (UTC), for dated exports.

        ``SOURCE_DATE_EPOCH`` if set (the reproducible-builds convention); else the time of
        the last git commit that touched the workspace; else the newest modification time of
        its files. Never the wall clock, so an unchanged workspace exports identical bytes.
        """
        env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if env.isdigit():
            return int(env)
        committed = self._commit_time()
        if committed is not None:
            return committed
        files = [self.config_path, self.codebook_path]
        for pattern in (TRANSCRIPT_GLOB, STEP1_GLOB, UNITS_GLOB, STEP3_GLOB, STEP4_GLOB):
            files += self.root.glob(pattern)
        times = [int(p.stat().st_mtime) for p in files if p.is_file()]
        return max(times, default=0)

    def _commit_time(self) -> int | None:
        import subprocess

        try:
            done = subprocess.run(
                ["git", "-C", str(self.root), "log", "-1", "--format=%ct", "--", "."],
                capture_output=True,
                text=True,
                check=False,
                timeout=20,
            )
        except (OSError, subprocess.SubprocessError):  # no git on this machine
            return None
        out = done.stdout.strip()
        return int(out) if done.returncode == 0 and out.isdigit() else None

    # everything
    def study(self) -> Study:
        study = self._study()
        self.save_cache()
        return study

    def _study(self) -> Study:
        return Study(
            project=self.project(),
            transcripts={t.id: t for t in self.transcripts()},
            codebook=self.codebook(),
            unit_files=tuple(self.unit_files()),
            step1=tuple(self.step1_all()),
            condensations={c.code_group: c for c in self.condensations()},
            syntheses={s.code_group: s for s in self.syntheses()},
            assignments=self.assignments(),
            decisions=self.decisions(),
            validations=tuple(self.validations()),
        )
