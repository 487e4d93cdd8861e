"""The only reader and writer of workspace files.

Every write is atomic (temporary file in the same folder, fsync, ``os.replace``), so an
interrupted command leaves each file either as it was or complete. Output is byte-stable:
loading a file and saving it again gives identical bytes, so ``git diff`` shows only real
changes. Every file carries ``schema_version``.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from stc import SCHEMA_VERSION, yamlio
from stc.errors import FormatError, LockTimeout, NotFound, WorkspaceNotFound
from stc.model import (
    Assignments,
    Codebook,
    Condensation,
    Decision,
    Fields,
    Project,
    Step1,
    Synthesis,
    Transcript,
    Turn,
    UnitFile,
    ValidationLog,
    check_id,
)
from stc.study import Study
from stc.text import ROLE_RE

CONFIG = "stc.yaml"
CODEBOOK = "codebooks/codebook.yaml"
TRANSCRIPT_FILE = "transcripts/{}.md"
UNITS_FILE = "analyses/step2/{}/{}.yaml"
STEP3_FILE = "analyses/step3/{}.yaml"
STEP4_FILE = "analyses/step4/{}.md"
ASSIGNMENTS = "analyses/assignments.yaml"
DECISIONS = "analyses/decisions.md"
VALIDATION_FILE = "analyses/validation/{}.yaml"
_DECISION_RE = re.compile(r"^## (?P<head>.+)$", re.MULTILINE)
GITIGNORE = ".stc/\nprivate/\n"
_PARAGRAPH_RE = re.compile(r"(?:[^\n]|\n(?![ \t]*(?:\n|$)))+")
_TURN_RE = re.compile(r"^(?P<speaker>[A-Z]{1,3}\d{0,2}): (?P<text>.*)$", re.DOTALL)


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


JOURNAL = ".stc/journal.json"
FILE_CACHE = ".stc/cache/files.pickle"
T = TypeVar("T")


class _FileCache:
    """Parsed workspace files, reused while a file's size and mtime — or, when those moved,
    its content hash — are unchanged. Any command may delete it; it is rebuilt on demand.

    The cache is a pickle, so it is signed with a key that lives in the user's own cache
    folder, never in the workspace: a cache file that arrives with a copied or shared folder
    fails the check and is ignored instead of being unpickled.
    """

    def __init__(self, path: Path) -> None:
        import hmac
        import pickle

        self.path = path
        self.dirty = False
        self.entries: dict[str, tuple[int, int, str, Any]] = {}
        self.key = _cache_key()
        try:
            blob = path.read_bytes()
            mac, data = blob[:32], blob[32:]
            if self.key and hmac.compare_digest(mac, hmac.digest(self.key, data, "sha256")):
                stamp, entries = pickle.loads(data)  # noqa: S301 - signed by this user's key
                if stamp == _cache_stamp():
                    self.entries = entries
        except Exception:
            self.entries = {}

    def get(self, path: Path, key: str, parse: Callable[[], T]) -> T:
        import hashlib
        import time

        try:
            st = path.stat()
        except FileNotFoundError:
            return parse()
        old = self.entries.get(key)
        recent = time.time() - st.st_mtime < 2  # mtime ticks are coarse: check the content
        if old and (old[0], old[1]) == (st.st_size, st.st_mtime_ns) and not recent:
            return old[3]  # type: ignore[no-any-return]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        value = old[3] if old and old[2] == digest else parse()
        self.entries[key] = (st.st_size, st.st_mtime_ns, digest, value)
        self.dirty = True
        return value

    def save(self) -> None:
        import hmac
        import pickle

        if not self.dirty or not self.key:
            return
        try:
            data = pickle.dumps((_cache_stamp(), self.entries), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write_bytes(self.path, hmac.digest(self.key, data, "sha256") + data)
            self.dirty = False
        except OSError:
            pass  # a read-only workspace works without a cache


def _cache_key() -> bytes | None:
    """This user's secret for signing caches (created once, mode 600); None if unavailable."""
    import secrets

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "stc" / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, secrets.token_bytes(32))
        path.chmod(0o600)
        return path.read_bytes()
    except OSError:
        return None


def _cache_stamp() -> str:
    from stc import __version__

    return f"{__version__}/{SCHEMA_VERSION}"


LOCK = ".stc/lock"


def _lock_timeout() -> float:
    try:
        return float(os.environ.get("STC_LOCK_TIMEOUT", "30"))
    except ValueError:
        return 30.0


class _Transaction:
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


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **data}


# schema_version N → N + 1, applied in order when an older file is read; each takes the
# file's data and returns it in the next version's shape.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
UPGRADED: list[str] = []  # files upgraded in this process, for the CLI to mention


def upgrade(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Bring an older file's data up to this stc's schema (saved on the next write)."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version < SCHEMA_VERSION:
        for v in range(version, SCHEMA_VERSION):
            if v not in MIGRATIONS:
                raise FormatError(f"{where}: schema_version {version} is too old to upgrade")
            data = MIGRATIONS[v](dict(data))
        data["schema_version"] = SCHEMA_VERSION
        UPGRADED.append(f"{where}: upgraded from schema_version {version} to {SCHEMA_VERSION}")
    return data


def check_version(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise FormatError(f"{where}: expected a mapping at the top of the file")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise FormatError(f"{where}: schema_version must be a whole number ≥ 1, found {version!r}")
    if version > SCHEMA_VERSION:
        raise FormatError(
            f"{where}: schema_version {version} is newer than this stc understands "
            f"({SCHEMA_VERSION})",
            hint="upgrade stc (pip install --upgrade stc) and run the command again",
        )


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str, int]:
    """Split '---' YAML front matter from a Markdown body; returns (meta, body, body line)."""
    if not text.startswith("---\n"):
        raise FormatError(f"{where}:1: expected YAML front matter starting with '---'")
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        raise FormatError(f"{where}: front matter is not closed with a '---' line")
    meta = yamlio.load(text[4 : end + 1], where) or {}
    check_version(meta, where)
    meta = upgrade(meta, where)
    body = text[end + 5 :]
    return meta, body, text[: end + 5].count("\n") + 1


def join_front_matter(meta: dict[str, Any], body: str) -> str:
    return f"---\n{yamlio.dump(versioned(meta))}---\n\n{body.strip()}\n"


# --- transcripts -------------------------------------------------------------------------


def parse_transcript(text: str, where: str) -> Transcript:
    meta, body, line = split_front_matter(text, where)
    f = Fields(meta, where, Transcript.META_KEYS)
    turns: list[Turn] = []
    for m in _PARAGRAPH_RE.finditer(body):
        para = m.group(0).strip("\n")
        if not para.strip():
            continue
        turn = _TURN_RE.match(para)
        if not turn:
            at = (
                line
                + body[: m.start()].count("\n")
                + (len(m.group(0)) - len(m.group(0).lstrip("\n")))
            )
            raise FormatError(
                f"{where}:{at}: expected a turn 'SPEAKER: text' (e.g. 'I: …' or 'R: …')",
                hint="a turn is a paragraph starting with a role; blank lines separate turns",
            )
        turns.append(Turn(len(turns) + 1, turn.group("speaker"), turn.group("text")))
    anonymised = meta.get("anonymised", True)
    if not isinstance(anonymised, bool):
        raise FormatError(f"{where}.anonymised: expected true or false")
    return Transcript(
        id=check_id(f.req_text("id"), "transcript"),
        group=f.req_text("group"),
        turns=tuple(turns),
        interviewed=f.text("interviewed"),
        interviewer=f.text("interviewer"),
        source=f.text("source"),
        informants=f.whole("informants", 1),
        anonymised=anonymised,
    )


def format_transcript(t: Transcript) -> str:
    for turn in t.turns:
        if not ROLE_RE.match(turn.speaker):
            raise FormatError(
                f"transcript {t.id} turn {turn.n}: speaker {turn.speaker!r} is no role"
            )
    body = "\n\n".join(f"{turn.speaker}: {turn.text}" for turn in t.turns)
    return join_front_matter(t.meta_dict(), body)


def parse_synthesis(text: str, where: str) -> Synthesis:
    meta, body, _ = split_front_matter(text, where)
    f = Fields(meta, where, Synthesis.META_KEYS)
    return Synthesis(
        code_group=f.req_text("code_group"),
        heading=f.text("heading"),
        body=body.strip(),
        theme=f.opt_text("theme"),
        fingerprint=f.text("fingerprint"),
    )


def format_synthesis(s: Synthesis) -> str:
    return join_front_matter(s.meta_dict(), s.body)


def parse_decisions(text: str, where: str) -> tuple[Decision, ...]:
    """Sections '## DATE · trinn N · author' with free text beneath, oldest first."""
    _, body, _ = split_front_matter(text, where)
    heads = list(_DECISION_RE.finditer(body))
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        parts = [p.strip() for p in m.group("head").split("·")]
        step = next(
            (int(p.split()[-1]) for p in parts[1:] if re.fullmatch(r"(trinn|step) \d", p)), None
        )
        author = next((p for p in parts[1:] if not re.fullmatch(r"(trinn|step) \d", p)), "")
        out.append(Decision(parts[0], body[m.end() : end].strip(), step, author))
    return tuple(out)


def format_decision(d: Decision, language: str) -> str:
    word = "trinn" if language == "nb" else "step"
    head = " · ".join(x for x in (d.date, f"{word} {d.step}" if d.step else "", d.author) if x)
    return f"## {head}\n\n{d.text.strip()}\n"


# --- the workspace -----------------------------------------------------------------------


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


class Workspace:
    """A workspace folder; reads and writes its files in their canonical formats."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._transcripts: dict[str, Transcript] = {}
        self._tx: _Transaction | None = None
        self._lock_depth = 0
        self._lock_fd: int | None = None
        self._files: _FileCache | None = None
        if (root / JOURNAL).is_file():
            _Transaction.recover(root / JOURNAL)

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
        return self.root / "analyses" / "step1" / f"{check_id(researcher, 'researcher')}.yaml"

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
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(f"{self.rel(path)} does not exist") from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(
                f"{self.rel(path)}: not valid UTF-8 (byte {exc.start})",
                hint="workspace files are UTF-8; restore the file with git or re-save it as UTF-8",
            ) from None

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
            atomic_write(path, text)

    def delete(self, path: Path) -> None:
        if self._tx is not None:
            self._tx.writes.pop(path, None)
            self._tx.deletes.add(path)
        else:
            path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the workspace's write lock (re-entrant within one process).

        Two stc processes writing one workspace take turns, so neither loses the other's
        update. The lock is an advisory flock on .stc/lock; the kernel releases it when a
        process dies, so a crash never leaves the workspace locked.
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
        self._transcripts.clear()  # another process may have changed files meanwhile
        try:
            yield
        finally:
            self._lock_depth = 0
            self._release()

    def _acquire(self, timeout: float) -> None:
        import fcntl
        import sys
        import time

        path = self.root / LOCK
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                    os.close(fd)
                    raise LockTimeout(
                        f"the workspace is locked by another stc process ({holder or 'unknown'}) "
                        f"for more than {timeout:g} s",
                        hint="wait for it to finish and try again; the lock is released when "
                        "that process ends (STC_LOCK_TIMEOUT sets the wait in seconds)",
                    ) from None
                time.sleep(0.02)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.argv[:3])}".encode(), 0)
        self._lock_fd = fd

    def _release(self) -> None:
        import fcntl

        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes to many files into one all-or-nothing change.

        New contents go to temporary files beside their targets first; a journal in .stc/
        then lists the renames, which are carried out; an interrupted commit is completed the
        next time the workspace is opened. An exception inside the block writes nothing.
        """
        self._tx = _Transaction()
        try:
            yield
            tx, self._tx = self._tx, None
            tx.commit(self.root / JOURNAL)
        finally:
            self._tx = None

    # project
    def project(self) -> Project:
        return self._cached(
            self.config_path, lambda: Project.from_dict(self.read_yaml(self.config_path), CONFIG)
        )

    def save_project(self, project: Project) -> None:
        self.write_yaml(self.config_path, project.to_dict())

    # transcripts
    def transcript_ids(self) -> list[str]:
        folder = self.root / "transcripts"
        return sorted(p.stem for p in folder.glob("*.md")) if folder.is_dir() else []

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
        return self._cached(path, lambda: Step1.from_dict(self.read_yaml(path), self.rel(path)))

    def step1_all(self) -> list[Step1]:
        folder = self.root / "analyses" / "step1"
        return (
            [self.step1(p.stem) for p in sorted(folder.glob("*.yaml"))] if folder.is_dir() else []
        )

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
        folder = self.root / "analyses" / "step2"
        if folder.is_dir():
            for path in sorted(folder.glob("*/*.yaml")):
                yield self.unit_file(path.parent.name, path.stem)

    def save_unit_file(self, uf: UnitFile) -> None:
        self.write_yaml(self.units_path(uf.transcript, uf.coder), uf.to_dict())

    # step 3
    def condensation(self, code_group: str) -> Condensation:
        path = self.step3_path(code_group)
        if not path.is_file():
            return Condensation(code_group)
        return self._cached(
            path, lambda: Condensation.from_dict(self.read_yaml(path), self.rel(path))
        )

    def condensations(self) -> list[Condensation]:
        folder = self.root / "analyses" / "step3"
        paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        return [self.condensation(p.stem) for p in paths]

    def save_condensation(self, c: Condensation) -> None:
        self.write_yaml(self.step3_path(c.code_group), c.to_dict())

    # step 4
    def synthesis(self, code_group: str) -> Synthesis | None:
        path = self.step4_path(code_group)
        if not path.is_file():
            return None
        return self._cached(path, lambda: parse_synthesis(self._read_text(path), self.rel(path)))

    def syntheses(self) -> list[Synthesis]:
        folder = self.root / "analyses" / "step4"
        paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
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
        return ValidationLog.from_dict(self.read_yaml(path), self.rel(path))

    def validations(self) -> list[ValidationLog]:
        folder = self.root / "analyses" / "validation"
        paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        return [self.validation(p.stem) for p in paths]

    def save_validation(self, log: ValidationLog) -> None:
        self.write_yaml(self.root / VALIDATION_FILE.format(log.researcher), log.to_dict())

    # local cache (.stc/cache/): derived data any command may discard and rebuild
    def cache_read(self, name: str) -> Any:
        import json

        path = self.root / ".stc" / "cache" / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def cache_write(self, name: str, data: Any) -> None:
        import json

        path = self.root / ".stc" / "cache" / f"{name}.json"
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    # parsed files, cached in .stc/cache/ by size, mtime and content hash
    def _cached(self, path: Path, parse: Callable[[], T]) -> T:
        if self._files is None:
            self._files = _FileCache(self.root / FILE_CACHE)
        return self._files.get(path, self.rel(path), parse)

    def save_cache(self) -> None:
        if self._files is not None:
            self._files.save()

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
