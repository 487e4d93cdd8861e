"""Workspace operations: set-up, import, the four steps, codebook maintenance."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from stc.api._base import known_researcher, writes
from stc.api.anonymity import _scan_new
from stc.api.team import GITATTRIBUTES
from stc.core import codebook as cb_steps
from stc.core import condense, impression, synthesize, units
from stc.core.anon import Finding
from stc.core.check import CheckResult, check
from stc.errors import Conflict, FormatError, ImportFailed, InvalidValue, NotFound
from stc.i18n import count
from stc.importers import Imported, Options, import_file
from stc.layout import (
    CONFIG,
    FOLDERS,
    GITIGNORE,
    LOCAL_CONFIG,
    PROGRESS,
    WRITTEN_FOLDERS,
    WRITTEN_TREES,
)
from stc.model import (
    LANGUAGES,
    Codebook,
    InformantGroup,
    MeaningUnit,
    Project,
    Researcher,
    Synthesis,
    Theme,
    Transcript,
    UnitFile,
    check_id,
)
from stc.store import Workspace, atomic_write
from stc.store.files import check_input


def init_workspace(
    folder: Path, title: str, language: str = "nb", researchers: Sequence[str] = ()
) -> Workspace:
    """Scaffold an empty workspace; refuses to touch an existing one."""
    if language not in LANGUAGES:
        raise InvalidValue(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if (folder / CONFIG).exists():
        raise Conflict(f"{folder / CONFIG} exists already", hint="this is a workspace already")
    ws = Workspace(folder)
    project = Project(
        title,
        language,
        researchers=tuple(Researcher(check_id(r, "researcher")) for r in researchers),
    )
    for sub in FOLDERS:
        (folder / sub).mkdir(parents=True, exist_ok=True)
    if not (folder / ".gitignore").exists():
        atomic_write(folder / ".gitignore", GITIGNORE)
    if not (folder / ".gitattributes").exists():
        atomic_write(folder / ".gitattributes", GITATTRIBUTES)
    ws.save_codebook(Codebook())
    ws.save_project(project)
    return ws


@writes
def add_group(
    ws: Workspace, group_id: str, label: str, quote_as: str | None = None, description: str = ""
) -> InformantGroup:
    """Add an informant group, or update its label / quote_as."""
    project = ws.project()
    group = InformantGroup(check_id(group_id, "informant group"), label, quote_as, description)
    groups = [group if g.id == group.id else g for g in project.groups]
    if not project.group(group.id):
        groups.append(group)
    ws.save_project(replace(project, groups=tuple(groups)))
    return group


@writes
def add_researcher(ws: Workspace, researcher: str, name: str = "") -> None:
    """Add a researcher to stc.yaml, or give a listed one a (new) name."""
    project = ws.project()
    others = [r for r in project.researchers if r.id != researcher]
    old = next((r for r in project.researchers if r.id == researcher), None)
    new = Researcher(check_id(researcher, "researcher"), name or (old.name if old else ""))
    listed = [new if r.id == researcher else r for r in project.researchers]
    ws.save_project(replace(project, researchers=tuple(listed if old else [*others, new])))


@dataclass
class ImportOutcome:
    imported: Imported
    path: Path
    units_added: int = 0


@writes
def import_transcripts(
    ws: Workspace,
    paths: Sequence[Path],
    group: str | None = None,
    transcript_id: str | None = None,
    speakers: Mapping[str, str] | None = None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
) -> list[ImportOutcome]:
    """Import transcript files, all or nothing: every file is read and checked first, then
    everything is written in one journalled change (an interruption leaves none of it).

    With ``dry_run`` every file is read and checked, and nothing is written."""
    if transcript_id and len(paths) > 1:
        raise InvalidValue("--id names one transcript; import one file at a time with --id")
    project = ws.project()
    options = Options(group, transcript_id, speakers or {}, encoding=encoding)
    outcomes = []
    for done, path in enumerate(paths):
        if progress:
            progress(done, len(paths))
        imported = import_file(check_input(ws.root, path), options)
        _check_coded_spans(path, imported)
        t = imported.transcript
        if imported.coding_only:
            imported.transcript = _check_coding_copy(ws, path, t)
            outcomes.append(ImportOutcome(imported, path))
            continue
        if not project.group(t.group):
            raise NotFound(
                f"{path}: informant group {t.group!r} is not in {CONFIG}",
                hint=f"add it first: stc group add {t.group} --label '…'",
            )
        t = imported.transcript = _neutral_name(ws, imported, path, transcript_id, outcomes)
        if ws.transcript_path(t.id).exists() and not force:
            raise Conflict(
                f"{path}: transcript {t.id!r} exists already",
                hint="give another --id, or --force to replace it (its meaning units are kept)",
            )
        outcomes.append(ImportOutcome(imported, path))
    seen: dict[str, Path] = {}
    for o in outcomes:
        tid = o.imported.transcript.id
        if tid in seen and not o.imported.coding_only:
            raise Conflict(
                f"{seen[tid]} and {o.path} would both become transcript {tid!r}",
                hint="import them one at a time with --id",
            )
        seen[tid] = o.path
    transcripts = [o.imported.transcript for o in outcomes if not o.imported.coding_only]
    scanned = _scan_new(ws, transcripts)  # the workspace's own scan is read once per import
    for o in outcomes:
        if not o.imported.coding_only:
            _mark_findings(o, scanned[o.imported.transcript.id], force)
    if dry_run:
        return outcomes
    coded = _CodedSpans(ws)
    for outcome in outcomes:
        outcome.units_added = coded.add(outcome.imported)
    with ws.transaction():
        for outcome in outcomes:
            if not outcome.imported.coding_only:
                ws.save_transcript(outcome.imported.transcript)
        coded.save()
    return outcomes


def _mark_findings(o: ImportOutcome, findings: Sequence[Finding], force: bool) -> None:
    """Refuse a file with likely identifiers, or with ``force`` mark it not anonymised."""
    imported, path = o.imported, o.path
    t = imported.transcript
    if findings:
        if not force:
            shown = "; ".join(f"turn {f.turn}: {f.kind} {f.text!r}" for f in findings[:5])
            raise Conflict(
                f"{path}: {count(len(findings), 'likely identifier')} — {shown}"
                + (" …" if len(findings) > 5 else ""),
                hint="anonymise the file first, or import it with --force (it is then marked "
                f"not anonymised), then `stc anon review {t.id}` and `stc anon apply {t.id}`",
            )
        imported.transcript = replace(t, anonymised=False)
        imported.notices.append(
            f"{count(len(findings), 'likely identifier')}; marked not anonymised — "
            f"run `stc anon review {t.id}`, then `stc anon apply {t.id}`"
        )


def _neutral_name(
    ws: Workspace,
    imported: Imported,
    path: Path,
    given: str | None,
    earlier: Sequence[ImportOutcome],
) -> Transcript:
    """The transcript with an id and ``source`` that carry no identifier: a file named
    ``Kari Nordmann 15076540001.txt`` becomes ``<group>-NN`` and its name is not kept."""
    from stc.api.anonymity import scanner

    t = imported.transcript
    texts = [t.id.replace("-", " ").replace("_", " "), Path(t.source).stem]
    spans = scanner(ws).scan_texts(texts)
    in_id = sorted({texts[0][a:b] for a, b, _ in spans[0]})
    in_source = sorted({texts[1][a:b] for a, b, _ in spans[1]})
    if not in_id and not in_source:
        return t
    shown = ", ".join(repr(f) for f in dict.fromkeys(in_id + in_source))
    if given and in_id:
        raise InvalidValue(
            f"{path}: the id {given!r} holds a likely identifier ({shown})",
            hint=f"give a neutral id, e.g. --id {t.group}-01",
        )
    tid = t.id
    if in_id:
        taken = set(ws.transcript_ids()) | {o.imported.transcript.id for o in earlier}
        n = 1
        while f"{t.group}-{n:02d}" in taken:
            n += 1
        tid = f"{t.group}-{n:02d}"
    imported.notices.append(
        f"the file name holds a likely identifier ({shown}): imported as {tid!r}, and the "
        "file name is not kept as its source" + ("; give another id with --id" if in_id else "")
    )
    return replace(t, id=tid, source=f"{tid}{Path(t.source).suffix}")


def unused_speakers(outcomes: Sequence[ImportOutcome], speakers: Mapping[str, str]) -> list[str]:
    """The --speaker names that occur in none of the imported files (likely a typo)."""
    used = {name for o in outcomes for name in o.imported.speakers_used}
    return [name for name in speakers if name not in used]


def _check_coded_spans(path: Path, imported: Imported) -> None:
    """Coders and codes from Word comments must be usable ids before anything is written."""
    for span in imported.coded:
        try:
            check_id(span.coder, "coder")
            for code in span.codes:
                check_id(code, "code")
        except FormatError as exc:
            raise ImportFailed(
                f"{path}: a comment on turn {span.turn}: {exc.message}",
                hint="rename the comment's author (Word: File › Options › User name) or edit "
                "its codes, save, and import again; nothing was imported",
            ) from None


def _check_coding_copy(ws: Workspace, path: Path, copy: Transcript) -> Transcript:
    t = ws.transcript(copy.id)
    for turn in copy.turns:
        if not 1 <= turn.n <= len(t.turns) or t.turns[turn.n - 1].text != turn.text:
            raise Conflict(
                f"{path}: turn {turn.n} differs from transcript {t.id}",
                hint="code a fresh copy: stc export docx-for-coding " + t.id,
            )
    return t


class _CodedSpans:
    """Meaning units from imported files, gathered across files (several may add to one
    transcript's or coder's file, and to the codebook) and saved together."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.codebook = ws.codebook()
        self.files: dict[tuple[str, str], UnitFile] = {}

    def add(self, imported: Imported) -> int:
        t = imported.transcript
        for span in imported.coded:
            key = (t.id, span.coder)
            uf = self.files.get(key) or self.ws.unit_file(*key)
            where = units.Span(span.turn, span.start, span.end, span.to_turn)
            added = units.add_unit(uf, t, where, span.codes)
            self.files[key] = added.units
            self.codebook, _ = units.ensure_codes(self.codebook, span.codes)
        return len(imported.coded)

    def save(self) -> None:
        if not self.files:
            return
        for uf in self.files.values():
            self.ws.save_unit_file(uf)
        self.ws.save_codebook(self.codebook)


@writes
def record_impression(ws: Workspace, transcript: str, researcher: str, text: str) -> None:
    known_researcher(ws, researcher)
    ws.transcript(transcript)
    ws.save_step1(impression.record_impression(ws.step1(researcher), transcript, text))


@writes
def record_preconceptions(ws: Workspace, researcher: str, text: str) -> None:
    known_researcher(ws, researcher)
    ws.save_step1(impression.record_preconceptions(ws.step1(researcher), text))


@writes
def add_theme(
    ws: Workspace, label: str, theme_id: str | None = None, description: str = "", author: str = ""
) -> Theme:
    codebook, theme = cb_steps.add_theme(ws.codebook(), label, theme_id, description, author)
    ws.save_codebook(codebook)
    return theme


def code_id(name: str) -> str:
    """The id a code named ``name`` gets ("Vendor opacity" → vendor-opacity)."""
    return check_id(cb_steps.id_and_label(name)[0], "code")


@writes
def add_code_group(
    ws: Workspace, group_id: str, label: str = "", theme: str | None = None, definition: str = ""
) -> str:
    """Add or update a code group; ``group_id`` may be a readable name ("Vendor opacity")."""
    group_id, label = cb_steps.id_and_label(group_id, label)
    codebook, _ = cb_steps.add_code_group(
        ws.codebook(), group_id, label or group_id, theme, definition
    )
    ws.save_codebook(codebook)
    return group_id


@writes
def add_code(
    ws: Workspace,
    code_id: str,
    code_group: str | None = None,
    label: str = "",
    definition: str = "",
    include: str = "",
    exclude: str = "",
) -> str:
    """Add or update a code; ``code_id`` may be a readable name: "Vendor opacity" becomes
    id vendor-opacity with that label. Returns the id."""
    code_id, label = cb_steps.id_and_label(code_id, label)
    codebook, _ = cb_steps.add_code(
        ws.codebook(), code_id, code_group, label, definition, include, exclude
    )
    ws.save_codebook(codebook)
    return code_id


@dataclass(frozen=True)
class UnitAdded:
    unit: MeaningUnit
    merged: bool
    new_codes: list[str]


@writes
def add_unit(
    ws: Workspace,
    transcript: str,
    coder: str,
    codes: Sequence[str],
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
    note: str = "",
    to_turn: int | None = None,
) -> UnitAdded:
    """Mark a meaning unit and code it; codes not yet in the codebook are added unsorted.

    ``to_turn``: the unit runs from ``start`` in ``turn`` to ``end`` in ``to_turn``."""
    known_researcher(ws, coder, "coder")
    if not codes:
        raise InvalidValue("a meaning unit needs at least one code", hint="add --code CODE")
    named = dict(cb_steps.id_and_label(c) for c in codes)  # "Vendor opacity" → its id
    codes = list(named)
    t = ws.transcript(transcript)
    span = units.locate(t, quote, turn, start, end, to_turn)
    added = units.add_unit(ws.unit_file(transcript, check_id(coder, "coder")), t, span, codes, note)
    codebook, new_codes = units.ensure_codes(ws.codebook(), codes, named)
    summary = f"{'recode' if added.merged else 'add'} unit {added.unit.id}"
    with ws.transaction(undo=(coder, summary)):
        ws.save_unit_file(added.units)
        if new_codes:
            ws.save_codebook(codebook)
    return UnitAdded(added.unit, added.merged, new_codes)


@writes
def add_subgroup(
    ws: Workspace, code_group: str, subgroup: str, label: str, unit_ids: Sequence[str]
) -> None:
    study = ws.study()
    c = condense.add_subgroup(study, ws.condensation(code_group), subgroup, label, unit_ids)
    ws.save_condensation(c)


@writes
def write_condensate(ws: Workspace, code_group: str, subgroup: str, text: str) -> None:
    study = ws.study()
    ws.save_condensation(
        condense.write_condensate(study, ws.condensation(code_group), subgroup, text)
    )


@writes
def choose_golden(ws: Workspace, code_group: str, subgroup: str, unit: str) -> None:
    ws.save_condensation(condense.choose_golden(ws.condensation(code_group), subgroup, unit))


@writes
def write_synthesis(
    ws: Workspace, code_group: str, body: str, heading: str | None = None, theme: str | None = None
) -> Synthesis:
    s = synthesize.write_synthesis(ws.study(), code_group, body, heading, theme)
    ws.save_synthesis(s)
    return s


@writes
def run_check(ws: Workspace, repair: bool = True) -> CheckResult:
    """Check the whole workspace; saves re-anchored units unless ``repair`` is False."""
    result = check(ws.study())
    leftovers = [
        p for folder in (ws.root / sub for sub in WRITTEN_FOLDERS) for p in folder.glob(".*.tmp")
    ]
    for tree in WRITTEN_TREES:
        leftovers += list((ws.root / tree).rglob(".*.tmp"))
    if leftovers and repair:
        for p in leftovers:
            ws.delete(p)  # safe: we hold the lock, so no write is under way; no link followed
        result.add(
            "warning",
            ws.rel(leftovers[0].parent),
            "",
            f"removed {count(len(leftovers), 'temporary file')} left by an interrupted write",
        )
    if repair:
        for uf in result.repaired:
            ws.save_unit_file(uf)
    return result


@dataclass(frozen=True)
class CodebookChange:
    summary: str
    files: tuple[str, ...]


def _apply_recode(ws: Workspace, recode: cb_steps.Recode, summary: str) -> CodebookChange:
    with ws.transaction():
        ws.save_codebook(recode.codebook)
        for uf in recode.unit_files:
            ws.save_unit_file(uf)
    files = (
        ws.rel(ws.codebook_path),
        *(ws.rel(ws.units_path(u.transcript, u.coder)) for u in recode.unit_files),
    )
    return CodebookChange(
        f"{summary}: {count(recode.units, 'meaning unit')} in "
        f"{count(len(recode.unit_files), 'file')} updated",
        files,
    )


@writes
def rename_code(ws: Workspace, old: str, new: str) -> CodebookChange:
    return _apply_recode(ws, cb_steps.rename_code(ws.study(), old, new), f"code {old} → {new}")


@writes
def merge_codes(ws: Workspace, source: str, target: str) -> CodebookChange:
    return _apply_recode(
        ws, cb_steps.merge_codes(ws.study(), source, target), f"code {source} merged into {target}"
    )


@writes
def move_code(ws: Workspace, code: str, code_group: str | None) -> CodebookChange:
    ws.save_codebook(cb_steps.move_code(ws.codebook(), code, code_group))
    where = f"code group {code_group}" if code_group else "unsorted codes"
    return CodebookChange(f"code {code} moved to {where}", (ws.rel(ws.codebook_path),))


@writes
def rename_code_group(
    ws: Workspace, old: str, new: str, label: str | None = None
) -> CodebookChange:
    """Rename a code group everywhere: codebook, its step 3 and step 4 files."""
    codebook = cb_steps.rename_code_group(ws.codebook(), old, new, label)
    condensation = ws.condensation(old)
    synthesis = ws.synthesis(old)
    files = [ws.rel(ws.codebook_path)]
    with ws.transaction():
        ws.save_codebook(codebook)
        if old != new and ws.step3_path(old).is_file():
            ws.save_condensation(replace(condensation, code_group=new))
            ws.delete(ws.step3_path(old))
            files.append(ws.rel(ws.step3_path(new)))
        if old != new and synthesis is not None:
            ws.save_synthesis(replace(synthesis, code_group=new))
            ws.delete(ws.step4_path(old))
            files.append(ws.rel(ws.step4_path(new)))
    return CodebookChange(f"code group {old} → {new}", tuple(files))


@writes
def edit_theme(
    ws: Workspace, theme_id: str, label: str | None = None, description: str | None = None
) -> None:
    ws.save_codebook(cb_steps.edit_theme(ws.codebook(), theme_id, label, description))


@writes
def remove_theme(ws: Workspace, theme_id: str) -> None:
    ws.save_codebook(cb_steps.remove_theme(ws.codebook(), theme_id))


def local_config(ws: Workspace) -> dict[str, str]:
    """This clone's settings (.stc/config.yaml, git-ignored)."""
    path = ws.root / LOCAL_CONFIG
    if not path.is_file():
        return {}
    data = ws.read_yaml(path)
    return {str(k): str(v) for k, v in data.items() if k != "schema_version"}


@writes
def set_local_researcher(ws: Workspace, researcher: str) -> None:
    known_researcher(ws, check_id(researcher, "researcher"))
    ws.write_yaml(ws.root / LOCAL_CONFIG, {**local_config(ws), "researcher": researcher})


def current_researcher(ws: Workspace, given: str | None) -> str | None:
    """--researcher, else $STC_RESEARCHER, else the one remembered in .stc/config.yaml."""
    import os

    return given or os.environ.get("STC_RESEARCHER") or local_config(ws).get("researcher")


@writes
def move_units(
    ws: Workspace, code_group: str, unit_ids: Sequence[str], subgroup: str, label: str = ""
) -> None:
    study = ws.study()
    ws.save_condensation(
        condense.move_units(study, ws.condensation(code_group), unit_ids, subgroup, label)
    )


@writes
def remove_subgroup(ws: Workspace, code_group: str, subgroup: str) -> None:
    ws.save_condensation(condense.remove_subgroup(ws.condensation(code_group), subgroup))


@writes
def rename_subgroup(ws: Workspace, code_group: str, subgroup: str, label: str) -> None:
    ws.save_condensation(condense.rename_subgroup(ws.condensation(code_group), subgroup, label))


def coding_position(ws: Workspace, researcher: str, transcript: str) -> int:
    """The turn index (0-based) where this researcher stopped coding this transcript."""
    path = ws.root / PROGRESS
    data = ws.read_yaml(path) if path.is_file() else {}
    value = data.get(researcher, {}).get(transcript, 0)
    return value if isinstance(value, int) else 0


@writes
def save_coding_position(ws: Workspace, researcher: str, transcript: str, position: int) -> None:
    known_researcher(ws, researcher)
    path = ws.root / PROGRESS
    data = ws.read_yaml(path) if path.is_file() else {}
    data.pop("schema_version", None)
    data.setdefault(researcher, {})[transcript] = position
    ws.write_yaml(path, data)
