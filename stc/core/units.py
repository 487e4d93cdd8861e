"""Step 2: meaning units (meningsbærende enheter) — locate, add, filter, re-anchor."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from stc.errors import AnchorError
from stc.model import Code, Codebook, MeaningUnit, Transcript, UnitFile, check_id
from stc.study import Study
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
    turn_text = transcript.turn(span.turn).text
    if not 0 <= span.start < span.end <= len(turn_text):
        raise AnchorError(
            f"offsets {span.start}–{span.end} do not fit turn {span.turn} of {transcript.id} "
            f"(its text has {len(turn_text)} characters)"
        )
    text = turn_text[span.start : span.end]
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


def ensure_codes(codebook: Codebook, codes: Iterable[str]) -> tuple[Codebook, list[str]]:
    """Add codes the codebook lacks as unsorted codes (sorted into code groups later)."""
    new = [c for c in dict.fromkeys(codes) if codebook.code(c) is None]
    if not new:
        return codebook, []
    added = tuple(Code(check_id(c, "code")) for c in new)
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
