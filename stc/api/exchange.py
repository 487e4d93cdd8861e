"""Exchange with other tools: REFI-QDA projects and codebooks, Word coding copies."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from stc.api._base import writes
from stc.api.anonymity import _scan_transcript
from stc.errors import Conflict, NotFound
from stc.layout import CONFIG, REPORTS
from stc.model import (
    Codebook,
    MeaningUnit,
    Project,
    Researcher,
    UnitFile,
)
from stc.store import Workspace, atomic_write_bytes


def export_docx_for_coding(ws: Workspace, tid: str, out: Path | None = None) -> Path:
    """A transcript as DOCX with numbered turns; comments on it come back as meaning units."""
    from stc.importers.word import CODING_MARK
    from stc.report.coding_copy import render

    t = ws.transcript(tid)
    group = ws.project().group(t.group)
    target = out or ws.root / REPORTS / f"{tid}-coding.docx"
    atomic_write_bytes(
        target,
        render(t, group.label if group else t.group, CODING_MARK + tid, ws.project().language),
    )
    return target


@dataclass
class QdpxExport:
    path: Path
    notices: list[str]


def export_qdpx(ws: Workspace, out: Path) -> QdpxExport:
    """The workspace as .qdpx, dated by its last change: same files, same bytes."""
    import datetime as dt

    from stc.interop.refi import export_qdpx as build

    when = dt.datetime.fromtimestamp(ws.recorded_time(), dt.UTC)
    stamp = when.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    built = build(ws.study(), stamp)
    atomic_write_bytes(out, built.data)
    return QdpxExport(out, built.notices)


def export_qdc(ws: Workspace, out: Path) -> Path:
    from stc.interop.refi import export_qdc as build

    atomic_write_bytes(out, build(ws.codebook()))
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
    notices: list[str]


@writes
def import_refi(
    ws: Workspace,
    path: Path,
    group: str | None = None,
    group_variable: str | None = None,
    force: bool = False,
) -> RefiImport:
    """Import a .qdpx project or a .qdc codebook; nothing is written if anything is refused."""
    from stc.interop.refi import import_qdc, import_qdpx

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound(f"{path}: {exc.strerror}") from None
    if path.suffix.lower() == ".qdc":
        codebook, added = merge_codebook(ws.codebook(), import_qdc(data, str(path)))
        ws.save_codebook(codebook)
        return RefiImport(0, 0, added, 0, [])
    project = ws.project()
    if group and not project.group(group):
        raise NotFound(
            f"informant group {group!r} is not in {CONFIG}",
            hint=f"add it first: stc group add {group} --label '…'",
        )
    known = {r.id: r.name for r in project.researchers}
    refi = import_qdpx(data, str(path), group, group_variable, known)
    for t in refi.transcripts:
        if ws.transcript_path(t.id).exists() and not force:
            raise Conflict(
                f"{path}: transcript {t.id!r} exists already",
                hint="import into an empty workspace, or --force to replace",
            )
    raw = [t.id for t in refi.transcripts if _scan_transcript(ws, t)]
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
    return RefiImport(len(refi.transcripts), len(refi.units), added, len(new_groups), refi.notices)
