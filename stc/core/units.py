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
    Turn,
    UnitFile,
    check_id,
)
from stc.study import Study, require_known
from stc.text import find_all, normalise


@dataclass(frozen=True)
class Span:
    """Where a unit sits: ``start`` in turn ``turn``, ``end`` in turn ``to_turn`` (0: the same
    turn). A unit that spans turns holds a question and its answer, say."""

    turn: int
    start: int
    end: int
    to_turn: int = 0

    @property
    def last(self) -> int:
        return max(self.turn, self.to_turn)


SEPARATOR = "\n\n"  # between turns in a unit's text, as in the transcript and REFI sources


def transcript_text(t: Transcript) -> tuple[str, list[int]]:
    """The transcript as one text ('ROLE: text' turns separated by blank lines) and where
    each turn's text starts in it. REFI sources and turn-spanning units use this text."""
    parts, starts, pos = [], [], 0
    for turn in t.turns:
        label = f"{turn.speaker}: "
        starts.append(pos + len(label))
        parts.append(label + turn.text)
        pos += len(label) + len(turn.text) + len(SEPARATOR)
    return SEPARATOR.join(parts), starts


def span_text(t: Transcript, span: Span) -> str:
    """A span's verbatim text; across turns, the turns' roles and blank lines are kept."""
    if span.last == span.turn:
        return t.turn(span.turn).text[span.start : span.end]
    parts = [t.turn(span.turn).text[span.start :]]
    for n in range(span.turn + 1, span.last + 1):
        turn = t.turn(n)
        parts.append(f"{turn.speaker}: {turn.text[: span.end] if n == span.last else turn.text}")
    return SEPARATOR.join(parts)


def segments(t: Transcript, u: MeaningUnit) -> list[tuple[Turn, int, int]]:
    """The part of each turn a unit covers: (turn, start, end), in order."""
    out = []
    for n in range(u.turn, u.last_turn + 1):
        if not 1 <= n <= len(t.turns):
            continue
        turn = t.turns[n - 1]
        s = u.start if n == u.turn else 0
        e = u.end if n == u.last_turn else len(turn.text)
        out.append((turn, s, e))
    return out


def in_turn(units: Iterable[MeaningUnit], n: int, length: int) -> list[MeaningUnit]:
    """The units that cover turn ``n`` (whose text has ``length`` characters), each cut to
    its part of it: a unit across turns runs from its start to the end of its first turn,
    covers middle turns whole and its last turn up to its end. Ids are kept."""
    out = []
    for u in units:
        if u.turn <= n <= u.last_turn:
            start = u.start if n == u.turn else 0
            end = u.end if n == u.last_turn else length
            out.append(replace(u, turn=n, start=start, end=end, to_turn=0))
    return out


def anchored(t: Transcript, u: MeaningUnit) -> bool:
    """Whether the unit's text still stands where its anchor says."""
    if not 1 <= u.turn <= u.last_turn <= len(t.turns):
        return False
    span = Span(u.turn, u.start, u.end, u.to_turn)
    return span_text(t, span) == u.text


def is_interviewer(role: str) -> bool:
    return role.startswith("I")


def informants(study: Study, units: Iterable[MeaningUnit]) -> int:
    """Informants who contributed: distinct speakers, so R1–R3 of a focus group count as 3.

    The interviewer is no informant: a unit that spans a question and its answer counts the
    one who answered, and a unit in an interviewer's turn alone counts nobody."""
    speakers = set()
    for u in units:
        t = study.transcripts.get(u.transcript)
        if t is None:
            continue
        for turn, _, _ in segments(t, u):
            if not is_interviewer(turn.speaker):
                speakers.add((t.id, turn.speaker))
    return len(speakers)


def informant_words(t: Transcript, u: MeaningUnit) -> tuple[str, str]:
    """(question, answer) of a unit: the interviewer's words it covers and the informant's.

    A unit within one turn is all answer (or all question, in an interviewer's turn).
    Reports quote the answer and show the question before it.
    """
    if not u.spans_turns:
        return "", u.text
    asked = [
        turn.text[s:e].strip() for turn, s, e in segments(t, u) if is_interviewer(turn.speaker)
    ]
    said = [
        turn.text[s:e].strip() for turn, s, e in segments(t, u) if not is_interviewer(turn.speaker)
    ]
    said = [x for x in said if x]
    if not said:
        return "", u.text
    return " ".join(x for x in asked if x), " […] ".join(said)


def locate(
    transcript: Transcript,
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
    to_turn: int | None = None,
) -> Span:
    """Find where a meaning unit sits: by exact quote (optionally starting in one turn) or
    offsets (``end`` in ``to_turn`` when the unit spans turns)."""
    if quote is not None:
        needle = normalise(quote).strip()
        if not needle:
            raise AnchorError("the quote is empty")
        turns = [transcript.turn(turn)] if turn else list(transcript.turns)
        hits = [(t.n, i) for t in turns for i in find_all(t.text, needle)]
        if not hits and SEPARATOR in needle:  # a question and its answer, copied whole
            spans = _spans_of(transcript, needle, turn)
            if len(spans) == 1:
                return spans[0]
            if spans:
                places = ", ".join(f"turns {s.turn}–{s.last} at {s.start}" for s in spans[:6])
                raise AnchorError(
                    f"the quote occurs {len(spans)} times in transcript {transcript.id} ({places})",
                    hint="quote more words, or add --turn N to say which turn it starts in",
                )
        if not hits:
            where = f"turn {turn} of {transcript.id}" if turn else f"transcript {transcript.id}"
            raise AnchorError(
                f"the quote was not found in {where}: {needle[:60]!r}",
                hint=f"copy the words exactly as in `stc show {transcript.id}` "
                "(a quote across turns keeps the blank line and role: '…?\\n\\nR: …')",
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
    if to_turn and to_turn != turn:
        return _offsets_across(transcript, turn, to_turn, start, end)
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


def _offsets_across(
    transcript: Transcript, turn: int, to_turn: int, start: int | None, end: int | None
) -> Span:
    if to_turn < turn:
        raise AnchorError(
            f"--to-turn {to_turn} comes before --turn {turn}",
            hint="--turn is where the unit starts, --to-turn where it ends (a later turn)",
        )
    first, last = transcript.turn(turn).text, transcript.turn(to_turn).text
    s = 0 if start is None else start
    e = len(last) if end is None else end
    if not 0 <= s < len(first) or not 0 < e <= len(last):
        raise AnchorError(
            f"turns {turn}–{to_turn} with offsets {s}–{e} do not fit transcript "
            f"{transcript.id} (turn {turn} has {len(first)} characters, turn {to_turn} "
            f"{len(last)})",
            hint="--start counts in --turn, --end in --to-turn, from 0 after the speaker label",
        )
    return Span(turn, s, e, to_turn)


def _spans_of(transcript: Transcript, needle: str, turn: int | None) -> list[Span]:
    """Every place a text copied across turns stands (starting in ``turn``, if given)."""
    return [
        Span(first, s, e, last if last > first else 0)
        for first, s, last, e in _span_matches(transcript, needle)
        if not turn or first == turn
    ]


def unit_id(transcript: str, coder: str, span: Span, text: str, taken: set[str]) -> str:
    """A stable id: transcript, coder and a short hash of the unit's place and text."""
    where = f"{span.turn}-{span.last}" if span.last > span.turn else str(span.turn)
    digest = hashlib.sha256(f"{where}:{span.start}:{span.end}:{text}".encode()).hexdigest()
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
    last = transcript.turn(span.last).text if 1 <= span.last <= len(transcript.turns) else ""
    first = transcript.turn(span.turn).text
    within = span.start < span.end if span.last == span.turn else True
    if not (0 <= span.start < len(first) and 0 < span.end <= len(last) and within):
        raise AnchorError(
            f"offsets {span.start}–{span.end} do not fit turn {span.turn}"
            + (
                f"–{span.last} of {transcript.id}"
                if span.last != span.turn
                else f" of {transcript.id} (its text has {len(first)} characters)"
            )
        )
    text = span_text(transcript, span)
    for u in uf.units:
        if u.anchor == (span.turn, span.start, span.last, span.end):
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
        to_turn=span.last if span.last > span.turn else 0,
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
    A unit that spans turns is searched in the whole text and must still span whole turns'
    texts (it may not start or end inside a role label).
    """
    if unit.spans_turns or SEPARATOR in unit.text:
        return _reanchor_span(transcript, unit)
    candidates = [
        (abs(t.n - unit.turn), abs(i - unit.start), t.n, i)
        for t in transcript.turns
        for i in find_all(t.text, unit.text)
    ]
    if not candidates:
        return None
    _, _, n, i = min(candidates)
    return replace(unit, turn=n, start=i, end=i + len(unit.text), to_turn=0)


def _span_matches(transcript: Transcript, needle: str) -> list[tuple[int, int, int, int]]:
    """(first turn, start, last turn, end) of every place ``needle`` stands in the whole
    text, where it starts and ends in turns' texts (not in a role label or a blank line)."""
    import bisect

    text, starts = transcript_text(transcript)
    out = []
    for pos in find_all(text, needle):
        first = bisect.bisect_right(starts, pos) - 1
        last = bisect.bisect_right(starts, pos + len(needle)) - 1
        if first < 0 or last < 0:
            continue
        s, e = pos - starts[first], pos + len(needle) - starts[last]
        if s > len(transcript.turns[first].text) or e > len(transcript.turns[last].text):
            continue  # starts or ends in a role label or a blank line
        out.append((first + 1, s, last + 1, e))
    return out


def _reanchor_span(transcript: Transcript, unit: MeaningUnit) -> MeaningUnit | None:
    candidates = [
        (abs(first - unit.turn), abs(s - unit.start), first, s, last, e)
        for first, s, last, e in _span_matches(transcript, unit.text)
    ]
    if not candidates:
        return None
    _, _, n, s, last, e = min(candidates)
    return replace(unit, turn=n, start=s, end=e, to_turn=last if last > n else 0)


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
    "to_turn",
)


def unit_json(study: Study, u: MeaningUnit) -> dict[str, object]:
    """A unit as JSON: the field names of the files, plus the informant group."""
    t = study.transcripts.get(u.transcript)
    return {
        "id": u.id,
        "transcript": u.transcript,
        "coder": u.coder,
        "turn": u.turn,
        "to_turn": u.last_turn,
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
    to_turn: int | None = None,
) -> UnitEdit:
    """Move a unit to a wider or narrower span; it keeps its id, so references hold.

    Offsets without ``turn`` or ``to_turn`` move the unit's own edges: ``--start`` alone
    keeps its end and ``--end`` alone its start (``end`` counts in its last turn when it spans
    turns). A quote copied across turns gives a span across turns."""
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
        if turn is None and to_turn is None:  # the unit's own turns; an edge not given stays
            to_turn = unit.to_turn
            start = unit.start if start is None else start
            end = unit.end if end is None else end
        span = locate(t, quote, turn or unit.turn, start, end, to_turn)
    anchor = (span.turn, span.start, span.last, span.end)
    if anchor == unit.anchor:
        raise InvalidValue(f"unit {unit.id} already covers exactly that text")
    uf = _file_of(study, unit)
    clash = next((u for u in uf.units if u.id != unit.id and u.anchor == anchor), None)
    if clash:
        raise Conflict(
            f"unit {clash.id} of the same coder covers exactly that text",
            hint=f"recode that one instead (stc unit recode {clash.id} --add C), "
            f"then remove {unit.id}",
        )
    new = replace(
        unit,
        turn=span.turn,
        start=span.start,
        end=span.end,
        to_turn=span.last if span.last > span.turn else 0,
        text=span_text(t, span),
    )
    return UnitEdit(
        unit, new, _replace_unit(uf, unit.id, new), (), (), tuple(_stale_notes(study, unit.id))
    )


def annotate(study: Study, unit_id: str, note: str) -> UnitEdit:
    """Set (or, with an empty text, clear) a unit's note."""
    unit = find_unit(study, unit_id)
    new = replace(unit, note=note.strip())
    return UnitEdit(unit, new, _replace_unit(_file_of(study, unit), unit.id, new))
