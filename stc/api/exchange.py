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
    UnitFile,
)
from stc.store import Workspace
from stc.store.files import write_output


def export_docx_for_coding(ws: Workspace, tid: str, out: Path | None = None) -> Path:
    """A transcript as DOCX with numbered turns; comments on it come back as meaning units."""
    from stc.importers.word import CODING_MARK
    from stc.report.coding_copy import render

    t = ws.transcript(tid)
    group = ws.project().group(t.group)
    target = out or ws.root / REPORTS / f"{tid}-coding.docx"
    write_output(
        ws.root,
        target,
        render(t, group.label if group else t.group, CODING_MARK + tid, ws.project().language),
    )
    return target


def export_qdpx(ws: Workspace, out: Path) -> Path:
    import datetime as dt

    from stc.interop.refi import export_qdpx as build

    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    write_output(ws.root, out, build(ws.study(), stamp))
    return out


def export_qdc(ws: Workspace, out: Path) -> Path:
    from stc.interop.refi import export_qdc as build

    write_output(ws.root, out, build(ws.codebook()))
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
        ws.save_codebook(codebook)
        return RefiImport(0, 0, added, 0, [])
    project = ws.project()
    if group and not project.group(group):
        raise NotFound(
            f"informant group {group!r} is not in {CONFIG}",
            hint=f"add it first: stc group add {group} --label '…'",
        )
    refi = import_qdpx(checked, str(path), group, group_variable)
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
    files: dict[tuple[str, str], list[MeaningUnit]] = {}
    for u in refi.units:
        files.setdefault((u.transcript, u.coder), []).append(u)
    with ws.transaction():
        if new_groups:
            ws.save_project(replace(project, groups=(*project.groups, *new_groups)))
        ws.save_codebook(codebook)
        for t in refi.transcripts:
            ws.save_transcript(replace(t, anonymised=t.id not in raw))
        for (tid, coder), units in files.items():
            ws.save_unit_file(UnitFile(tid, coder, tuple(units)))
    return RefiImport(len(refi.transcripts), len(refi.units), added, len(new_groups), refi.notices)
