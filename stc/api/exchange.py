"""Exchange with other tools: REFI-QDA projects and codebooks, Word coding copies."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from stc.api._base import writes
from stc.api.anonymity import _scan_new
from stc.api.gate import gate
from stc.core.gate import Scope
from stc.errors import Conflict, NotFound
from stc.layout import CONFIG, REPORTS
from stc.model import (
    Codebook,
    MeaningUnit,
    Project,
    Researcher,
    UnitFile,
)
from stc.store import Workspace
from stc.store.files import write_output

if TYPE_CHECKING:
    from stc.interop.refi import Notes


def export_docx_for_coding(
    ws: Workspace, tid: str, out: Path | None = None, allow_identifiers: bool = False
) -> Path:
    """A transcript as DOCX with numbered turns; comments on it come back as meaning units."""
    from stc.importers.word import CODING_MARK
    from stc.report.coding_copy import render

    t = ws.transcript(tid)
    study = ws.study()
    group = study.project.group(t.group)
    scope = Scope(transcripts=(tid,))
    checked = gate(ws, study, "docx-for-coding", scope, allow_identifiers=allow_identifiers)
    target = out or ws.root / REPORTS / f"{tid}-coding.docx"
    content = render(
        t, group.label if group else t.group, CODING_MARK + tid, study.project.language
    )
    checked.check(content)
    write_output(ws.root, target, content)
    return target


@dataclass
class QdpxExport:
    path: Path
    notices: list[str]


def export_qdpx(ws: Workspace, out: Path, allow_identifiers: bool = False) -> QdpxExport:
    """The whole project as REFI-QDA .qdpx, through the output gate, dated by the workspace's
    last change: an unchanged workspace gives the same bytes."""
    import datetime as dt

    from stc.interop.refi import export_qdpx as build

    study = ws.study()
    scope = Scope(tuple(study.units), transcripts=tuple(study.transcripts))
    checked = gate(ws, study, "qdpx", scope, allow_identifiers=allow_identifiers)
    when = dt.datetime.fromtimestamp(ws.recorded_time(), dt.UTC)
    stamp = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    built = build(study, stamp)
    checked.check(built.data)
    write_output(ws.root, out, built.data)
    return QdpxExport(out, built.notices)


def export_qdc(ws: Workspace, out: Path, allow_identifiers: bool = False) -> Path:
    """The codebook as REFI-QDA .qdc, through the output gate."""
    from stc.interop.refi import export_qdc as build

    study = ws.study()
    checked = gate(ws, study, "qdc", Scope(), allow_identifiers=allow_identifiers)
    content = build(study.codebook)
    checked.check(content)
    write_output(ws.root, out, content)
    return out


def merge_codebook(old: Codebook, new: Codebook) -> tuple[Codebook, int]:
    """Add the themes, code groups and codes the codebook lacks; existing ones are kept."""
    themes = [*old.themes, *(t for t in new.themes if not old.theme(t.id))]
    groups = [*old.code_groups, *(g for g in new.code_groups if not old.code_group(g.id))]
    codes = [*old.codes, *(c for c in new.codes if not old.code(c.id))]
    added = (
        len(themes)
        + len(groups)
        + len(codes)
        - len(old.themes)
        - len(old.code_groups)
        - len(old.codes)
    )
    return Codebook(tuple(themes), tuple(groups), tuple(codes)), added


def _settings(ws: Workspace, project: Project, settings: dict[str, object], where: str) -> Project:
    """stc.yaml settings carried by an stc export, taken only into a workspace without
    transcripts (a fresh one): an existing project's settings are the team's."""
    if not settings or ws.transcript_ids():
        return project
    body = {**settings, "title": project.title}
    return Project.from_dict(body, f"{where}: stc/manifest.json project")


@dataclass
class RefiImport:
    transcripts: int
    units: int
    codes_added: int
    groups_added: int
    notes: Notes | None = None
    summaries: list[str] = field(default_factory=list)  # one line per transcript

    def note_lines(self, verbose: bool = False) -> list[str]:
        """The import's notes, one line per kind; ``verbose`` lists each case as well."""
        return self.notes.lines(verbose) if self.notes else []

    @property
    def notices(self) -> list[str]:
        return self.note_lines()


@writes
def import_refi(
    ws: Workspace,
    path: Path,
    group: str | None = None,
    group_variable: str | None = None,
    force: bool = False,
    dry_run: bool = False,
) -> RefiImport:
    """Import a .qdpx project or a .qdc codebook; nothing is written if anything is refused,
    nor with ``dry_run``."""
    from stc.interop.refi import import_qdc, import_qdpx
    from stc.limits import TEXT_INPUT
    from stc.store.files import check_input, read_input

    try:
        data = read_input(ws.root, path, TEXT_INPUT) if path.suffix.lower() == ".qdc" else b""
        checked = check_input(ws.root, path)
        if not checked.is_file():
            raise FileNotFoundError(2, "no such file")
    except OSError as exc:
        raise NotFound(f"{path}: {exc.strerror}") from None
    if path.suffix.lower() == ".qdc":
        codebook, added = merge_codebook(ws.codebook(), import_qdc(data, str(path)))
        if not dry_run:
            ws.save_codebook(codebook)
        return RefiImport(0, 0, added, 0)
    project = ws.project()
    if group and not project.group(group):
        raise NotFound(
            f"informant group {group!r} is not in {CONFIG}",
            hint=f"add it first: stc group add {group} --label '…'",
        )
    known = {r.id: r.name for r in project.researchers}
    refi = import_qdpx(checked, str(path), group, group_variable, known)
    for notice in refi.notices:  # one line each, as said (braces kept as they are)
        safe = notice.replace("{", "{{").replace("}", "}}")
        refi.notes.add(safe, safe)
    for t in refi.transcripts:
        if ws.transcript_path(t.id).exists() and not force:
            raise Conflict(
                f"{path}: transcript {t.id!r} exists already",
                hint="import into an empty workspace, or --force to replace",
            )
    raw = [tid for tid, found in _scan_new(ws, refi.transcripts).items() if found]
    if raw and not force:
        raise Conflict(
            f"{path}: likely identifiers in {', '.join(raw[:5])}",
            hint="import with --force (marked not anonymised) and run stc anon apply",
        )
    codebook, added = merge_codebook(ws.codebook(), refi.codebook)
    new_groups = [g for g in refi.groups if not project.group(g.id)]
    coders = sorted(
        ({u.coder for u in refi.units} | {s.researcher for s in refi.step1}) - set(known)
    )
    new_people = tuple(Researcher(c, refi.users.get(c, "")) for c in coders)
    files: dict[tuple[str, str], list[MeaningUnit]] = {}
    for u in refi.units:
        files.setdefault((u.transcript, u.coder), []).append(u)
    from stc.importers import summary

    result = RefiImport(
        len(refi.transcripts),
        len(refi.units),
        added,
        len(new_groups),
        refi.notes,
        [summary(t) for t in refi.transcripts],
    )
    if dry_run:
        return result
    settings = _settings(ws, project, refi.settings, str(path))
    with ws.transaction():
        if new_groups or new_people or settings is not project:
            ws.save_project(
                replace(
                    settings,
                    groups=(*project.groups, *new_groups),
                    researchers=(*project.researchers, *new_people),
                )
            )
        ws.save_codebook(codebook)
        for t in refi.transcripts:
            ws.save_transcript(replace(t, anonymised=t.id not in raw))
        for (tid, coder), units in files.items():
            ws.save_unit_file(UnitFile(tid, coder, tuple(units)))
        for step1 in refi.step1:
            mine = ws.step1(step1.researcher)
            for imp in step1.impressions:
                mine = mine.with_impression(imp.transcript, imp.text)
            ws.save_step1(replace(mine, preconceptions=mine.preconceptions or step1.preconceptions))
        for c in refi.condensations:
            if force or not ws.step3_path(c.code_group).exists():
                ws.save_condensation(c)
        for syn in refi.syntheses:
            if force or not ws.step4_path(syn.code_group).exists():
                ws.save_synthesis(syn)
    return result
