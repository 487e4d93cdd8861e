"""Step 2: meaning units (meningsbærende enheter) — locate, add, filter, re-anchor."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from stc.errors import AnchorError, Conflict, InvalidValue, NotFound
from stc.model import (
    Code,
    Codebook,
    Condensation,
    MeaningUnit,
    Synthesis,
    Transcript,
    UnitFile,
    check_id,
)
from stc.study import Study, require_known
from stc.text import find_all, normalise


@dataclass(frozen=True)
class Span:
    turn: int
    start: int
    end: int


def locate(
    transcript: Transcript,
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Span:
    """Find where a meaning unit sits: by exact quote (optionally within one turn) or offsets."""
    if quote is not None:
        needle = normalise(quote).strip()
        if not needle:
            raise AnchorError("the quote is empty")
        turns = [transcript.turn(turn)] if turn else list(transcript.turns)
        hits = [(t.n, i) for t in turns for i in find_all(t.text, needle)]
        if not hits:
            where = f"turn {turn} of {transcript.id}" if turn else f"transcript {transcript.id}"
            raise AnchorError(
                f"the quote was not found in {where}: {needle[:60]!r}",
                hint=f"copy the words exactly as in `stc show {transcript.id}` "
                "(a quote must lie within one turn)",
            )
        if len(hits) > 1:
            places = ", ".join(f"turn {n} at {i}" for n, i in hits[:6])
            raise AnchorError(
                f"the quote occurs {len(hits)} times in transcript {transcript.id} ({places})",
                hint="quote more words, or add --turn N to say which turn",
            )
        n, i = hits[0]
        return Span(n, i, i + len(needle))
    if turn is None:
        raise AnchorError("say where the unit is: --quote TEXT, or --turn N [--start S --end E]")
    text = transcript.turn(turn).text
    s = 0 if start is None else start
    e = len(text) if end is None else end
    if not 0 <= s < e <= len(text):
        raise AnchorError(
            f"offsets {s}–{e} do not fit turn {turn} of {transcript.id} "
            f"(its text has {len(text)} characters)",
            hint="offsets count characters from 0, after the speaker label",
        )
    return Span(turn, s, e)


def unit_id(transcript: str, coder: str, span: Span, text: str, taken: set[str]) -> str:
    """A stable id: transcript, coder and a short hash of the unit's place and text."""
    digest = hashlib.sha256(f"{span.turn}:{span.start}:{span.end}:{text}".encode()).hexdigest()
    for width in range(6, len(digest) + 1):
        candidate = f"{transcript}.{coder}.{digest[:width]}"
        if candidate not in taken:
            return candidate
    raise AnchorError("could not make a unique unit id")  # pragma: no cover - 2^-256


@dataclass(frozen=True)
class Added:
    units: UnitFile
    unit: MeaningUnit
    merged: bool


def add_unit(
    uf: UnitFile,
    transcript: Transcript,
    span: Span,
    codes: Sequence[str],
    note: str = "",
) -> Added:
    """Add a unit to one coder's file; the same span coded again gains the new codes."""
    for code in codes:
        check_id(code, "code")
    text = transcript.turn(span.turn).text[span.start : span.end]
    for u in uf.units:
        if (u.turn, u.start, u.end) == (span.turn, span.start, span.end):
            merged = replace(
                u,
                codes=tuple(dict.fromkeys([*u.codes, *codes])),
                note="\n".join(x for x in (u.note, note) if x),
            )
            units = tuple(merged if x.id == u.id else x for x in uf.units)
            return Added(replace(uf, units=units), merged, True)
    uid = unit_id(uf.transcript, uf.coder, span, text, {u.id for u in uf.units})
    unit = MeaningUnit(
        uid,
        uf.transcript,
        uf.coder,
        span.turn,
        span.start,
        span.end,
        text,
        tuple(dict.fromkeys(codes)),
        note,
    )
    return Added(replace(uf, units=(*uf.units, unit)), unit, False)


def ensure_codes(
    codebook: Codebook, codes: Iterable[str], labels: Mapping[str, str] | None = None
) -> tuple[Codebook, list[str]]:
    """Add codes the codebook lacks as unsorted codes (sorted into code groups later)."""
    new = [c for c in dict.fromkeys(codes) if codebook.code(c) is None]
    if not new:
        return codebook, []
    added = tuple(Code(check_id(c, "code"), (labels or {}).get(c, "")) for c in new)
    return replace(codebook, codes=(*codebook.codes, *added)), new


def reanchor(transcript: Transcript, unit: MeaningUnit) -> MeaningUnit | None:
    """Find a unit's verbatim text again after its transcript changed (exact search).

    Prefers the same turn, nearest the old offset; then the nearest turn. None if not found.
    """
    candidates = [
        (abs(t.n - unit.turn), abs(i - unit.start), t.n, i)
        for t in transcript.turns
        for i in find_all(t.text, unit.text)
    ]
    if not candidates:
        return None
    _, _, n, i = min(candidates)
    return replace(unit, turn=n, start=i, end=i + len(unit.text))


def filter_units(
    study: Study,
    code: str | None = None,
    code_group: str | None = None,
    group: str | None = None,
    researcher: str | None = None,
    transcript: str | None = None,
) -> list[MeaningUnit]:
    require_known("code", code, (c.id for c in study.codebook.codes))
    require_known("code group", code_group, (g.id for g in study.codebook.code_groups))
    require_known("informant group", group, study.groups)
    require_known("coder", researcher, study.coders)
    require_known("transcript", transcript, study.transcripts)
    out = []
    for u in study.units:
        if code and code not in u.codes:
            continue
        if code_group and code_group not in study.code_group_of_unit(u):
            continue
        if group and (
            study.transcripts.get(u.transcript) is None
            or study.transcripts[u.transcript].group != group
        ):
            continue
        if researcher and u.coder != researcher:
            continue
        if transcript and u.transcript != transcript:
            continue
        out.append(u)
    return out


UNIT_COLUMNS = (
    "id",
    "transcript",
    "coder",
    "turn",
    "start",
    "end",
    "text",
    "codes",
    "note",
    "group",
)


def unit_json(study: Study, u: MeaningUnit) -> dict[str, object]:
    """A unit as JSON: the field names of the files, plus the informant group."""
    t = study.transcripts.get(u.transcript)
    return {
        "id": u.id,
        "transcript": u.transcript,
        "coder": u.coder,
        "turn": u.turn,
        "start": u.start,
        "end": u.end,
        "text": u.text,
        "codes": list(u.codes),
        "note": u.note,
        "group": t.group if t else None,
    }


# --- editing a unit: remove, recode, re-anchor, note ---------------------------------------


@dataclass(frozen=True)
class UnitEdit:
    """One change to a meaning unit and everything that refers to it.

    ``unit`` is the unit after the change (None when removed); ``condensations`` and
    ``syntheses`` are the step 3 and step 4 files the change rewrote; ``effects`` says in
    words what else changed or now needs a look.
    """

    before: MeaningUnit
    unit: MeaningUnit | None
    units: UnitFile
    condensations: tuple[Condensation, ...] = ()
    syntheses: tuple[Synthesis, ...] = ()
    effects: tuple[str, ...] = ()


def find_unit(study: Study, unit_id: str) -> MeaningUnit:
    unit = study.unit_index.get(unit_id)
    if unit is None:
        near = [u for u in study.unit_index if u.startswith(unit_id)]
        if len(near) == 1:
            return study.unit_index[near[0]]
        raise NotFound(
            f"no meaning unit {unit_id!r}",
            hint="`stc unit list` shows unit ids"
            + (f"; {len(near)} ids start with it" if near else ""),
        )
    return unit


def _file_of(study: Study, unit: MeaningUnit) -> UnitFile:
    return next(
        uf for uf in study.unit_files if (uf.transcript, uf.coder) == (unit.transcript, unit.coder)
    )


def _replace_unit(uf: UnitFile, unit_id: str, new: MeaningUnit | None) -> UnitFile:
    kept = (new if u.id == unit_id else u for u in uf.units)
    return replace(uf, units=tuple(u for u in kept if u is not None))


def _drop_from_groups(
    study: Study, unit_id: str, groups: Iterable[str]
) -> tuple[list[Condensation], list[str]]:
    """Take a unit out of the subgroups of ``groups``; a golden quote it was is cleared."""
    changed, effects = [], []
    for cg in sorted(set(groups)):
        c = study.condensations.get(cg)
        if c is None:
            continue
        subs = []
        for s in c.subgroups:
            if unit_id in s.units:
                effects.append(f"taken out of subgroup {cg}/{s.id}")
                if s.golden == unit_id:
                    effects.append(f"golden quote of {cg}/{s.id} cleared: choose another")
                subs.append(
                    replace(
                        s,
                        units=tuple(u for u in s.units if u != unit_id),
                        golden=None if s.golden == unit_id else s.golden,
                    )
                )
            else:
                subs.append(s)
        if tuple(subs) != c.subgroups:
            changed.append(replace(c, subgroups=tuple(subs)))
    return changed, effects


def _unreference(study: Study, unit_id: str) -> tuple[list[Synthesis], list[str]]:
    """Remove ``[[unit_id]]`` from the analytic texts (a reference alone on a line goes)."""
    import re

    pattern = re.compile(r"(?m)^[ \t]*\[\[" + re.escape(unit_id) + r"\]\][ \t]*\n?")
    inline = re.compile(r" ?\[\[" + re.escape(unit_id) + r"\]\]")
    changed, effects = [], []
    for cg, s in sorted(study.syntheses.items()):
        if f"[[{unit_id}]]" not in s.body:
            continue
        body = inline.sub("", pattern.sub("", s.body))
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        changed.append(replace(s, body=body))
        effects.append(f"quote reference removed from the analytic text of {cg}")
    return changed, effects


def _stale_notes(study: Study, unit_id: str) -> list[str]:
    return [
        f"condensate {cg}/{s.id} rests on this unit: re-read it (`stc condense {cg}`)"
        for cg, c in sorted(study.condensations.items())
        for s in c.subgroups
        if unit_id in s.units and s.condensate
    ]


def remove(study: Study, unit_id: str) -> UnitEdit:
    """Delete a unit; subgroups, golden quotes and analytic texts lose it with it."""
    unit = find_unit(study, unit_id)
    condensations, effects = _drop_from_groups(study, unit.id, study.condensations)
    syntheses, more = _unreference(study, unit.id)
    uf = _replace_unit(_file_of(study, unit), unit.id, None)
    return UnitEdit(unit, None, uf, tuple(condensations), tuple(syntheses), (*effects, *more))


def recode(
    study: Study, unit_id: str, add: Sequence[str] = (), drop: Sequence[str] = ()
) -> UnitEdit:
    """Add and remove codes; the unit leaves the subgroups of code groups it no longer has."""
    unit = find_unit(study, unit_id)
    for code in add:
        check_id(code, "code")
    missing = [c for c in drop if c not in unit.codes]
    if missing:
        raise NotFound(
            f"unit {unit.id} has no code {missing[0]!r}",
            hint=f"its codes: {', '.join(unit.codes) or 'none'}",
        )
    codes = tuple(dict.fromkeys(c for c in (*unit.codes, *add) if c not in drop))
    if not codes:
        raise InvalidValue(
            f"unit {unit.id} would be left without a code",
            hint=f"add another code, or remove the unit: stc unit remove {unit.id}",
        )
    new = replace(unit, codes=codes)
    left = study.code_group_of_unit(unit) - study.code_group_of_unit(new)
    condensations, effects = _drop_from_groups(study, unit.id, left)
    for cg in sorted(left):
        s = study.syntheses.get(cg)
        if s and f"[[{unit.id}]]" in s.body:
            effects.append(
                f"the analytic text of {cg} quotes it, though it is no longer in {cg}: "
                f"edit it (`stc synthesize {cg} --edit`)"
            )
    uf = _replace_unit(_file_of(study, unit), unit.id, new)
    return UnitEdit(unit, new, uf, tuple(condensations), (), tuple(effects))


def reanchor_to(
    study: Study,
    unit_id: str,
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
) -> UnitEdit:
    """Move a unit to a wider or narrower span; it keeps its id, so references hold."""
    unit = find_unit(study, unit_id)
    t = study.transcripts.get(unit.transcript)
    if t is None:
        raise NotFound(f"unit {unit.id}: no transcript {unit.transcript!r}")
    if quote is not None and turn is None:
        try:
            span = locate(t, quote, unit.turn)  # the unit's own turn first
        except AnchorError:
            span = locate(t, quote)
    else:
        span = locate(t, quote, turn or unit.turn, start, end)
    if (span.turn, span.start, span.end) == (unit.turn, unit.start, unit.end):
        raise InvalidValue(f"unit {unit.id} already covers exactly that text")
    uf = _file_of(study, unit)
    clash = next(
        (
            u
            for u in uf.units
            if u.id != unit.id and (u.turn, u.start, u.end) == (span.turn, span.start, span.end)
        ),
        None,
    )
    if clash:
        raise Conflict(
            f"unit {clash.id} of the same coder covers exactly that text",
            hint=f"recode that one instead (stc unit recode {clash.id} --add C), "
            f"then remove {unit.id}",
        )
    text = t.turn(span.turn).text[span.start : span.end]
    new = replace(unit, turn=span.turn, start=span.start, end=span.end, text=text)
    return UnitEdit(
        unit, new, _replace_unit(uf, unit.id, new), (), (), tuple(_stale_notes(study, unit.id))
    )


def annotate(study: Study, unit_id: str, note: str) -> UnitEdit:
    """Set (or, with an empty text, clear) a unit's note."""
    unit = find_unit(study, unit_id)
    new = replace(unit, note=note.strip())
    return UnitEdit(unit, new, _replace_unit(_file_of(study, unit), unit.id, new))
