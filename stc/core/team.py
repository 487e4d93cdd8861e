"""Team analysis: assignment rounds, inter-coder agreement, consensus coding (pure functions)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stc.core.units import segments
from stc.errors import InvalidValue, NotFound
from stc.model import MeaningUnit, Round, Transcript, UnitFile
from stc.study import Study

# --- assignment --------------------------------------------------------------------------


def assign(
    study: Study,
    number: int,
    researchers: Sequence[str],
    strategy: str,
    seed: int | None = None,
    transcripts: Sequence[str] = (),
    steps: Sequence[int] = (1, 2, 3, 4),
) -> Round:
    """Distribute transcripts among researchers, deterministically for a seed.

    ``random``: evenly at random regardless of informant group (round 1 of the reference
    study). ``by-group``: each informant group is split across the researchers, so each gets
    several informants from the same group (round 2); group by group, the researcher with
    the fewest transcripts so far takes the larger share.
    """
    if len(set(researchers)) != len(researchers) or not researchers:
        raise InvalidValue("name each researcher once: --researchers A,B,C")
    known = {r.id for r in study.project.researchers}
    unknown = [r for r in researchers if r not in known]
    if unknown:
        raise NotFound(
            f"{', '.join(unknown)} not among the researchers in stc.yaml",
            hint=f"researchers: {', '.join(sorted(known)) or 'none yet'}",
        )
    pool = list(transcripts) or sorted(study.transcripts)
    missing = [t for t in pool if t not in study.transcripts]
    if missing:
        raise NotFound(f"no transcript {missing[0]!r}", hint="`stc transcripts` lists them")
    rng = random.Random(seed)  # noqa: S311 - reproducible allocation, not security
    given: dict[str, list[str]] = {r: [] for r in researchers}
    if strategy == "random":
        order = sorted(pool)
        rng.shuffle(order)
        for i, tid in enumerate(order):
            given[researchers[i % len(researchers)]].append(tid)
    elif strategy == "by-group":
        by_group: dict[str, list[str]] = {}
        for tid in sorted(pool):
            by_group.setdefault(study.transcripts[tid].group, []).append(tid)
        for group in sorted(by_group, key=lambda g: (-len(by_group[g]), g)):
            members = by_group[group]
            rng.shuffle(members)
            k = len(researchers)
            sizes = [len(members) // k + (1 if i < len(members) % k else 0) for i in range(k)]
            order = sorted(researchers, key=lambda r: (len(given[r]), researchers.index(r)))
            pos = 0
            for r, size in zip(order, sizes, strict=True):
                given[r] += members[pos : pos + size]
                pos += size
    else:
        raise InvalidValue(f"unknown strategy {strategy!r}", hint="use random or by-group")
    return Round(
        number, strategy, {r: tuple(sorted(ts)) for r, ts in given.items()}, seed, tuple(steps)
    )


# --- agreement ---------------------------------------------------------------------------


@dataclass
class CodeAgreement:
    code: str
    items: int
    percent: float
    kappa: float | None
    alpha: float | None


@dataclass
class Disagreement:
    transcript: str
    turn: int
    sentence: str
    codes: dict[str, list[str]]


@dataclass
class Agreement:
    researchers: list[str]
    transcripts: list[str]
    sentences: int
    overall: CodeAgreement
    codes: list[CodeAgreement]
    disagreements: list[Disagreement] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        from dataclasses import asdict

        return asdict(self)


def sentence_codes(
    transcript: Transcript,
    sentences: Mapping[int, list[tuple[int, int]]],
    units: Sequence[MeaningUnit],
) -> list[tuple[int, str, set[str]]]:
    """Each sentence (turn, text) with the codes of the units that overlap it."""
    by_turn: dict[int, list[tuple[int, int, MeaningUnit]]] = {}
    for u in units:
        for turn, s, e in segments(transcript, u):  # a unit across turns: each part
            by_turn.setdefault(turn.n, []).append((s, e, u))
    out = []
    for turn in transcript.turns:
        for a, b in sentences.get(turn.n, []):
            codes = {c for s, e, u in by_turn.get(turn.n, []) if s < b and e > a for c in u.codes}
            out.append((turn.n, turn.text[a:b], codes))
    return out


def _kappa(a: list[int], b: list[int]) -> float | None:
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def _alpha(ratings: list[list[int]]) -> float | None:
    import krippendorff

    values = {v for row in ratings for v in row}
    if len(values) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=ratings, level_of_measurement="nominal"))


def _score(code: str, ratings: list[list[int]]) -> CodeAgreement:
    items = len(ratings[0]) if ratings else 0
    same = sum(len({row[i] for row in ratings}) == 1 for i in range(items))
    kappa = _kappa(ratings[0], ratings[1]) if len(ratings) == 2 else None
    return CodeAgreement(code, items, same / items if items else 1.0, kappa, _alpha(ratings))


def agreement(
    study: Study, researchers: Sequence[str], transcripts: Sequence[str] = ()
) -> Agreement:
    """Sentence-level agreement between coders on the transcripts they all coded.

    For each code, every sentence is an item each researcher rated 1 (a unit of theirs with
    that code overlaps it) or 0. Reported per code and pooled over codes: percentage
    agreement, Cohen's kappa (two researchers) and Krippendorff's alpha (nominal).
    """
    from stc.nlp import sentences as split

    if len(researchers) < 2:
        raise InvalidValue("agreement needs two or more researchers: --researchers A,B")
    coded: dict[str, set[str]] = {}
    for u in study.units:
        coded.setdefault(u.coder, set()).add(u.transcript)
    shared = set.intersection(*(coded.get(r, set()) for r in researchers))
    chosen = sorted(t for t in (transcripts or shared) if t in shared)
    if not chosen:
        raise NotFound(
            f"no transcript is coded by all of {', '.join(researchers)}",
            hint="agreement is computed on double-coded transcripts",
        )
    p = study.project
    per: dict[str, list[tuple[str, int, str, set[str]]]] = {r: [] for r in researchers}
    for tid in chosen:
        t = study.transcripts[tid]
        turns = [x for x in t.turns if not x.speaker.startswith("I")]
        spans = dict(
            zip(
                (x.n for x in turns),
                split((x.text for x in turns), p.language, p.nlp_model),
                strict=True,
            )
        )
        for r in researchers:
            units = [u for u in study.units if u.transcript == tid and u.coder == r]
            per[r] += [(tid, n, text, codes) for n, text, codes in sentence_codes(t, spans, units)]
    codes = sorted({c for r in researchers for *_, cs in per[r] for c in cs})
    rows = {c: [[int(c in item[3]) for item in per[r]] for r in researchers] for c in codes}
    pooled = [[v for c in codes for v in rows[c][i]] for i in range(len(researchers))]
    disagreements = [
        Disagreement(tid, n, text, {r: sorted(per[r][i][3]) for r in researchers})
        for i, (tid, n, text, _) in enumerate(per[researchers[0]])
        if len({frozenset(per[r][i][3]) for r in researchers}) > 1
    ]
    return Agreement(
        list(researchers),
        chosen,
        len(per[researchers[0]]),
        _score("(all codes)", pooled),
        [_score(c, rows[c]) for c in codes],
        disagreements,
    )


# --- consensus ---------------------------------------------------------------------------


@dataclass
class Consensus:
    files: list[UnitFile]
    merged: int
    conflicts: list[str]


def consensus(study: Study, sources: Sequence[str], into: str) -> Consensus:
    """A consensus coding: the union of the sources' units; overlapping units with a code in
    common are merged into one (the union of their spans and codes); overlapping units with
    no code in common are kept side by side and listed as conflicts to discuss."""
    from stc.core.units import Span, span_text, unit_id

    if into in sources:
        raise InvalidValue("the consensus coding needs a coder id of its own (--into)")
    files, merged, conflicts = [], 0, []
    for tid in sorted({u.transcript for u in study.units if u.coder in sources}):
        t = study.transcripts.get(tid)
        if t is None:
            continue
        groups: list[list[MeaningUnit]] = []
        for u in sorted(
            (u for u in study.units if u.transcript == tid and u.coder in sources),
            key=lambda u: u.anchor,
        ):
            home = next(
                (
                    g
                    for g in groups
                    if any(_overlap(v, u) and set(v.codes) & set(u.codes) for v in g)
                ),
                None,
            )
            if home is None:
                groups.append([u])
            else:
                home.append(u)
                merged += 1
        units: list[MeaningUnit] = []
        taken: set[str] = set()
        for g in groups:
            turn, start = min((u.turn, u.start) for u in g)
            last, end = max((u.last_turn, u.end) for u in g)
            span = Span(turn, start, end, last if last > turn else 0)
            text = span_text(t, span)
            codes = tuple(dict.fromkeys(c for u in g for c in u.codes))
            note = "; ".join(dict.fromkeys(u.note for u in g if u.note))
            uid = unit_id(tid, into, span, text, taken)
            taken.add(uid)
            units.append(
                MeaningUnit(uid, tid, into, turn, start, end, text, codes, note, span.to_turn)
            )
        for i, a in enumerate(units):
            for b in units[i + 1 :]:
                if _overlap(a, b) and not set(a.codes) & set(b.codes):
                    conflicts.append(
                        f"{tid} turn {a.turn}: [{', '.join(a.codes)}] vs "
                        f"[{', '.join(b.codes)}] on overlapping text"
                    )
        files.append(UnitFile(tid, into, tuple(units), tuple(sources)))
    return Consensus(files, merged, conflicts)


def _overlap(a: MeaningUnit, b: MeaningUnit) -> bool:
    """Whether two units share text; positions compare as (turn, offset)."""
    return (a.turn, a.start) < (b.last_turn, b.end) and (b.turn, b.start) < (a.last_turn, a.end)
