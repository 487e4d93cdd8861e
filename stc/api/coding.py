"""Correcting step 2: remove, recode, re-anchor or annotate a meaning unit; undo."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stc.api._base import known_researcher, writes
from stc.core import units as unit_steps
from stc.errors import Conflict, FormatError, NotFound
from stc.model import Codebook, MeaningUnit
from stc.store import Workspace


@dataclass(frozen=True)
class UnitEdited:
    """What a unit edit did: the unit before and after, the other files it updated."""

    summary: str
    before: MeaningUnit
    unit: MeaningUnit | None
    effects: tuple[str, ...]
    files: tuple[str, ...]


def _apply(
    ws: Workspace,
    edit: unit_steps.UnitEdit,
    by: str | None,
    summary: str,
    codebook: Codebook | None = None,
    effects: tuple[str, ...] = (),
) -> UnitEdited:
    researcher = by or edit.before.coder
    paths = [ws.units_path(edit.units.transcript, edit.units.coder)]
    with ws.transaction(undo=(researcher, summary)):
        ws.save_unit_file(edit.units)
        if codebook is not None:
            ws.save_codebook(codebook)
            paths.append(ws.codebook_path)
        for c in edit.condensations:
            ws.save_condensation(c)
            paths.append(ws.step3_path(c.code_group))
        for s in edit.syntheses:
            ws.save_synthesis(s)
            paths.append(ws.step4_path(s.code_group))
    files = tuple(ws.rel(p) for p in paths)
    return UnitEdited(summary, edit.before, edit.unit, (*edit.effects, *effects), files)


def _by(ws: Workspace, by: str | None) -> str | None:
    return known_researcher(ws, by) if by else None


@writes
def remove_unit(ws: Workspace, unit_id: str, by: str | None = None) -> UnitEdited:
    """Delete a meaning unit; its subgroups, golden quotes and [[references]] go with it."""
    edit = unit_steps.remove(ws.study(), unit_id)
    return _apply(ws, edit, _by(ws, by), f"remove unit {edit.before.id}")


@writes
def recode_unit(
    ws: Workspace,
    unit_id: str,
    add: Sequence[str] = (),
    drop: Sequence[str] = (),
    by: str | None = None,
) -> UnitEdited:
    """Add and remove a unit's codes; new codes join the codebook unsorted."""
    from stc.core.codebook import id_and_label

    named = dict(id_and_label(c) for c in add)  # "Vendor opacity" → vendor-opacity
    add = list(named)
    study = ws.study()
    edit = unit_steps.recode(study, unit_id, add, drop)
    codebook, new = unit_steps.ensure_codes(study.codebook, add, named)
    changes = [f"+{c}" for c in add] + [f"-{c}" for c in drop]
    summary = f"recode unit {edit.before.id} ({' '.join(changes)})"
    effects = tuple(f"new code {c} added to the codebook, unsorted" for c in new)
    return _apply(ws, edit, _by(ws, by), summary, codebook if new else None, effects)


@writes
def edit_unit(
    ws: Workspace,
    unit_id: str,
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
    by: str | None = None,
    to_turn: int | None = None,
) -> UnitEdited:
    """Re-anchor a unit to a wider or narrower span; it keeps its id. ``to_turn``: the span
    ends in that turn (offsets alone keep the unit's own turns)."""
    edit = unit_steps.reanchor_to(ws.study(), unit_id, quote, turn, start, end, to_turn)
    return _apply(ws, edit, _by(ws, by), f"re-anchor unit {edit.before.id}")


@writes
def note_unit(ws: Workspace, unit_id: str, note: str, by: str | None = None) -> UnitEdited:
    """Set or clear a unit's note."""
    edit = unit_steps.annotate(ws.study(), unit_id, note)
    return _apply(ws, edit, _by(ws, by), f"note on unit {edit.before.id}")


@dataclass(frozen=True)
class Undone:
    summary: str
    time: str
    files: tuple[str, ...]


def last_change(ws: Workspace, researcher: str) -> str | None:
    """The summary of the change `stc undo` would take back, if any."""
    entries = ws.undo_entries(researcher)
    return str(entries[-1].get("summary", "")) if entries else None


@writes
def undo(ws: Workspace, researcher: str, force: bool = False) -> Undone:
    """Take back this researcher's last recorded change, restoring its files byte for byte.

    Refuses (unless ``force``) when a file was changed again since, by anyone: undoing would
    silently lose that later work.
    """
    import base64
    import hashlib

    known_researcher(ws, researcher)
    entries = ws.undo_entries(researcher)
    if not entries:
        raise NotFound(
            f"nothing to undo for {researcher}",
            hint="stc undo takes back unit edits, merges and resolve decisions made in this clone",
        )
    entry = entries[-1]
    try:
        files = [(ws.inside(str(f["path"])), f["before"], f["after"]) for f in entry["files"]]
        restore = [(p, None if b is None else base64.b64decode(b)) for p, b, _ in files]
    except (KeyError, TypeError, ValueError) as exc:
        raise FormatError(
            f"{ws.rel(ws.undo_path(researcher))}: damaged entry ({exc})",
            hint="delete the file to start a fresh undo journal",
        ) from None
    if not force:
        for path, _, after in files:
            now = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
            if now != after:
                raise Conflict(
                    f"{ws.rel(path)} changed after '{entry.get('summary')}'",
                    hint="undoing would lose that later change; stc undo --force restores "
                    "the earlier file anyway",
                )
    with ws.transaction():
        for path, data in restore:
            if data is None:
                ws.delete(path)
            else:
                ws.write_bytes(path, data)
        ws.save_undo_entries(researcher, entries[:-1])
    return Undone(
        str(entry.get("summary", "")),
        str(entry.get("time", "")),
        tuple(ws.rel(p) for p, _ in restore),
    )
