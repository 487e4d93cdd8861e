"""Exchange with other tools: REFI-QDA projects and codebooks, Word coding copies."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from stc.api._base import writes
from stc.api.anonymity import _scan_transcript
from stc.api.gate import gate
from stc.core.gate import Scope
from stc.errors import Conflict, NotFound
from stc.layout import CONFIG, REPORTS
from stc.model import (
    Codebook,
    MeaningUnit,
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


def export_qdpx(ws: Workspace, out: Path, allow_identifiers: bool = False) -> Path:
    """The whole project as REFI-QDA .qdpx, through the output gate."""
    import datetime as dt

    from stc.interop.refi import export_qdpx as build

    study = ws.study()
    scope = Scope(tuple(study.units), transcripts=tuple(study.transcripts))
    checked = gate(ws, study, "qdpx", scope, allow_identifiers=allow_identifiers)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    content = build(study, stamp)
    checked.check(content)
    write_output(ws.root, out, content)
    return out


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
    with ws.transaction():
        if new_groups:
            ws.save_project(replace(project, groups=(*project.groups, *new_groups)))
        ws.save_codebook(codebook)
        for t in refi.transcripts:
            ws.save_transcript(replace(t, anonymised=t.id not in raw))
        for (tid, coder), units in files.items():
            ws.save_unit_file(UnitFile(tid, coder, tuple(units)))
    return result
