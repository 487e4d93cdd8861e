"""Team analysis: assignment rounds, inter-coder agreement, consensus coding (pure functions)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from stc.core.units import segments
from stc.errors import InvalidValue, NotFound
from stc.model import (
    RESOLUTIONS,
    Condensation,
    MeaningUnit,
    Resolution,
    Round,
    Synthesis,
    Transcript,
    UnitFile,
)
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
    overlap: float = 0.0,
    previous: Round | None = None,
) -> Round:
    """Distribute transcripts among researchers, deterministically for a seed.

    ``random``: evenly at random regardless of informant group (round 1 of the reference
    study). ``by-group``: each informant group is split across the researchers, so each gets
    several informants from the same group (round 2); group by group, the researcher with
    the fewest transcripts so far takes the larger share. ``overlap``: that share of the
    transcripts distributed now also goes to a second researcher, for double coding.
    ``previous``: the round as recorded so far; what it assigned stays, and only transcripts
    it does not hold yet are distributed.
    """
    if len(set(researchers)) != len(researchers) or not researchers:
        raise InvalidValue("name each researcher once: --researchers A,B,C")
    if not 0 <= overlap <= 1:
        raise InvalidValue(f"--overlap {overlap:g}: give a share between 0 and 1, e.g. 0.2")
    if overlap and len(researchers) < 2:
        raise InvalidValue("double coding needs two or more researchers")
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
    double: list[str] = []
    if previous is not None:
        for r, ts in previous.researchers.items():
            given.setdefault(r, []).extend(ts)
        double = list(previous.double)
    held = {t for ts in given.values() for t in ts}
    pool = [t for t in pool if t not in held]

    def lightest(exclude: Sequence[str] = ()) -> str:
        return min(
            (r for r in researchers if r not in exclude),
            key=lambda r: (len(given[r]), researchers.index(r)),
        )

    if strategy == "random":
        order = sorted(pool)
        rng.shuffle(order)
        for tid in order:
            given[lightest()].append(tid)
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
    if overlap and pool:
        k = max(1, round(overlap * len(pool)))
        for tid in sorted(rng.sample(sorted(pool), k)):
            owners = [r for r in researchers if tid in given[r]]
            given[lightest(owners)].append(tid)
            double.append(tid)
    return Round(
        number,
        strategy,
        {r: tuple(sorted(ts)) for r, ts in given.items()},
        seed,
        tuple(steps),
        previous.note if previous else "",
        tuple(sorted(set(double))),
    )


# --- agreement ---------------------------------------------------------------------------

UNIT_OF_ANALYSIS = (
    "sentence of a respondent's turn (sentence splitter); a coder applied a code to a "
    "sentence when one of their meaning units with that code overlaps it; compared are the "
    "sentences at least one coder coded"
)


@dataclass
class CodeAgreement:
    """Agreement on one code (or, pooled, on all codes) over the compared sentences.

    ``both``: sentences every coder gave the code; ``only``: per coder, sentences only they
    gave it; ``positive``: specific (positive) agreement 2a / (2a + b + c), pairwise pooled
    for more than two coders; ``observed``: share of compared sentences where the coders
    agree on the code, absence included; kappa (two coders) and alpha over the same items.
    """

    code: str
    label: str
    used_by: list[str]
    items: int
    both: int
    only: dict[str, int]
    positive: float | None
    observed: float | None
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
    sentences_total: int  # respondent sentences in the transcripts compared
    sentences: int  # of those, the ones at least one coder coded: the items compared
    identical: int  # compared sentences every coder gave exactly the same codes
    unit: str
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


def kappa(a: Sequence[int], b: Sequence[int]) -> float | None:
    """Cohen's kappa of two coders' 0/1 ratings: (po − pe) / (1 − pe); None when pe = 1."""
    n = len(a)
    if not n:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def alpha(ratings: Sequence[Sequence[int]]) -> float | None:
    """Krippendorff's alpha, nominal, every coder rating every item: 1 − D_o / D_e.

    From the coincidence matrix o (each item adds 1/(m−1) for every ordered pair of its m
    values): D_o = Σ_{c≠k} o_ck / n, D_e = Σ_{c≠k} n_c·n_k / (n(n−1)). None when only one
    value occurs (D_e = 0).
    """
    m = len(ratings)
    items = len(ratings[0]) if ratings else 0
    if m < 2 or not items:
        return None
    o: dict[tuple[int, int], float] = {}
    for i in range(items):
        values = [row[i] for row in ratings]
        for x in range(m):
            for y in range(m):
                if x != y:
                    key = (values[x], values[y])
                    o[key] = o.get(key, 0.0) + 1 / (m - 1)
    totals: dict[int, float] = {}
    for (c, _), v in o.items():
        totals[c] = totals.get(c, 0.0) + v
    n = sum(totals.values())
    d_o = sum(v for (c, k), v in o.items() if c != k) / n
    d_e = sum(totals[c] * totals[k] for c in totals for k in totals if c != k) / (n * (n - 1))
    return None if d_e == 0 else 1 - d_o / d_e


def _score(
    code: str, label: str, researchers: Sequence[str], rows: list[list[int]]
) -> CodeAgreement:
    items = len(rows[0])
    both = sum(all(row[i] for row in rows) for i in range(items))
    only = {
        r: sum(
            bool(rows[x][i]) and not any(rows[y][i] for y in range(len(rows)) if y != x)
            for i in range(items)
        )
        for x, r in enumerate(researchers)
    }
    agree = disagree = 0
    for x in range(len(rows)):
        for y in range(x + 1, len(rows)):
            agree += 2 * sum(rows[x][i] and rows[y][i] for i in range(items))
            disagree += sum(rows[x][i] != rows[y][i] for i in range(items))
    same = sum(len({row[i] for row in rows}) == 1 for i in range(items))
    return CodeAgreement(
        code,
        label,
        [r for r, row in zip(researchers, rows, strict=True) if any(row)],
        items,
        both,
        only,
        agree / (agree + disagree) if agree + disagree else None,
        same / items if items else None,
        kappa(rows[0], rows[1]) if len(rows) == 2 else None,
        alpha(rows),
    )


def compare(
    researchers: Sequence[str],
    per: Mapping[str, Sequence[tuple[str, int, str, set[str]]]],
    labels: Mapping[str, str] | None = None,
) -> Agreement:
    """Agreement over aligned sentence codings (the same sentences, in the same order, for
    every researcher): the items are the sentences at least one coder coded."""
    labels = labels or {}
    first = per[researchers[0]]
    coded = [i for i in range(len(first)) if any(per[r][i][3] for r in researchers)]
    codes = sorted({c for r in researchers for i in coded for c in per[r][i][3]})
    rows = {c: [[int(c in per[r][i][3]) for i in coded] for r in researchers] for c in codes}
    pooled = [[v for c in codes for v in rows[c][x]] for x in range(len(researchers))]
    disagreements = [
        Disagreement(
            first[i][0], first[i][1], first[i][2], {r: sorted(per[r][i][3]) for r in researchers}
        )
        for i in coded
        if len({frozenset(per[r][i][3]) for r in researchers}) > 1
    ]
    if codes:
        overall = _score("(all codes)", "", researchers, pooled)
        overall.items = len(coded)  # pooled over sentence × code decisions; N is sentences
    else:
        overall = CodeAgreement(
            "(all codes)", "", [], 0, 0, dict.fromkeys(researchers, 0), None, None, None, None
        )
    return Agreement(
        list(researchers),
        sorted({t for t, *_ in first}),
        len(first),
        len(coded),
        len(coded) - len(disagreements),
        UNIT_OF_ANALYSIS,
        overall,
        [_score(c, labels.get(c, ""), researchers, rows[c]) for c in codes],
        disagreements,
    )


def agreement(
    study: Study, researchers: Sequence[str], transcripts: Sequence[str] = ()
) -> Agreement:
    """Sentence-level agreement between coders on the transcripts they all coded.

    For each code, each compared sentence is an item every researcher rated 1 (a unit of
    theirs with that code overlaps it) or 0. Sentences nobody coded are left out: counting
    them would make any two codings look alike. Per code and pooled over codes: positive
    agreement, Cohen's kappa (two researchers) and Krippendorff's alpha (nominal).
    """
    from stc.nlp import sentences as split

    if len(researchers) < 2 or len(set(researchers)) != len(researchers):
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
    labels = {c.id: c.label for c in study.codebook.codes if c.label}
    result = compare(researchers, per, labels)
    result.transcripts = chosen
    return result


# --- consensus ---------------------------------------------------------------------------


@dataclass
class Dispute:
    """Two units of a consensus coding on overlapping text, not yet settled (``turn``: where
    the first begins; either may span turns)."""

    id: str
    transcript: str
    turn: int
    a: MeaningUnit
    b: MeaningUnit

    def describe(self) -> str:
        return (
            f"{self.transcript} turn {self.turn}: [{', '.join(self.a.codes)}] vs "
            f"[{', '.join(self.b.codes)}] on overlapping text ({self.id})"
        )


def dispute_id(a: MeaningUnit, b: MeaningUnit) -> str:
    return "+".join(sorted((a.id, b.id)))


def _overlap(a: MeaningUnit, b: MeaningUnit) -> bool:
    """Whether two units share text; positions compare as (turn, offset)."""
    return (a.turn, a.start) < (b.last_turn, b.end) and (b.turn, b.start) < (a.last_turn, a.end)


def file_disputes(uf: UnitFile) -> list[Dispute]:
    settled = {r.id for r in uf.resolved}
    units = sorted(uf.units, key=lambda u: (*u.anchor, u.id))
    out = []
    for i, a in enumerate(units):
        for b in units[i + 1 :]:
            if _overlap(a, b) and dispute_id(a, b) not in settled:
                out.append(Dispute(dispute_id(a, b), uf.transcript, a.turn, a, b))
    return out


def disputes(study: Study, into: str) -> list[Dispute]:
    """The consensus coding's open disputes, in reading order."""
    return [d for uf in study.unit_files if uf.coder == into for d in file_disputes(uf)]


def unmerged(study: Study) -> dict[str, dict[str, int]]:
    """Per consensus coding, per source coder: units coded since that coder's last merge."""
    out: dict[str, dict[str, int]] = {}
    consensus_files = {(uf.transcript, uf.coder): uf for uf in study.unit_files if uf.merged_from}
    for into in sorted({c for _, c in consensus_files}):
        sources = study.merged_from(into)
        counts: dict[str, int] = {}
        for u in study.units:
            if u.coder not in sources:
                continue
            uf = consensus_files.get((u.transcript, into))
            if uf is None or u.id not in uf.merged_units:
                counts[u.coder] = counts.get(u.coder, 0) + 1
        if counts:
            out[into] = counts
    return out


@dataclass
class Consensus:
    files: list[UnitFile]
    added: list[MeaningUnit]
    absorbed: int
    kept: int
    disputed: list[Dispute]
    combined: int = 0  # new source units merged with an overlapping one sharing a code


def consensus(study: Study, sources: Sequence[str], into: str) -> Consensus:
    """Bring a consensus coding up to date with its sources, keeping every decision in it.

    Only source units it has not taken in before are considered (the consensus file lists
    the ids it has taken in, so a unit removed from the consensus never comes back). New
    units on overlapping text that share a code become one unit (the union of
    spans and codes); one lying inside an existing consensus unit that has its codes already
    adds nothing. Anything else is added, and where it overlaps another consensus unit the
    pair is in dispute until `stc resolve` settles it.
    """
    from stc.core.units import Span, span_text, unit_id

    if into in sources:
        raise InvalidValue("the consensus coding needs a coder id of its own (--into)")
    existing = {uf.transcript: uf for uf in study.unit_files if uf.coder == into}
    files, added, absorbed, kept, disputed, combined = [], [], 0, 0, [], 0
    tids = sorted({u.transcript for u in study.units if u.coder in sources} | set(existing))
    for tid in tids:
        t = study.transcripts.get(tid)
        old = existing.get(tid) or UnitFile(tid, into)
        seen = set(old.merged_units)
        fresh = sorted(
            (
                u
                for u in study.units
                if u.transcript == tid and u.coder in sources and u.id not in seen
            ),
            key=lambda u: (*u.anchor, u.coder, u.id),
        )
        kept += sum(
            1 for u in study.units if u.transcript == tid and u.coder in sources and u.id in seen
        )
        if t is None or not fresh:
            merged_from = tuple(dict.fromkeys((*old.merged_from, *sources)))
            if tid in existing and merged_from != old.merged_from:
                files.append(replace(old, merged_from=merged_from))
            continue
        groups: list[list[MeaningUnit]] = []
        for u in fresh:
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
                combined += 1
        units = list(old.units)
        taken = {u.id for u in units}
        new_here: list[MeaningUnit] = []
        for g in groups:
            turn, start = min((u.turn, u.start) for u in g)
            last, end = max((u.last_turn, u.end) for u in g)
            span = Span(turn, start, end, last if last > turn else 0)
            codes = tuple(dict.fromkeys(c for u in g for c in u.codes))
            host = next(
                (
                    c
                    for c in units
                    if (c.turn, c.start) <= (turn, start)
                    and (span.last, end) <= (c.last_turn, c.end)
                    and set(codes) <= set(c.codes)
                ),
                None,
            )
            if host is not None:
                absorbed += len(g)
                continue
            text = span_text(t, span)
            note = "; ".join(dict.fromkeys(u.note for u in g if u.note))
            uid = unit_id(tid, into, span, text, taken)
            taken.add(uid)
            unit = MeaningUnit(
                uid, tid, into, turn, start, end, text, codes, note, to_turn=span.to_turn
            )
            units.append(unit)
            new_here.append(unit)
        uf = replace(
            old,
            units=tuple(units),
            merged_from=tuple(dict.fromkeys((*old.merged_from, *sources))),
            merged_units=tuple(sorted(seen | {u.id for u in fresh})),
        )
        files.append(uf)
        added += new_here
        new_ids = {u.id for u in new_here}
        disputed += [d for d in file_disputes(uf) if {d.a.id, d.b.id} & new_ids]
    return Consensus(files, added, absorbed, kept, disputed, combined)


@dataclass
class Settlement:
    units: UnitFile
    condensations: list[Condensation]
    syntheses: list[Synthesis]
    effects: list[str]


def settle(
    study: Study,
    into: str,
    dispute: str,
    decision: str,
    by: str = "",
    codes: Sequence[str] = (),
    note: str = "",
) -> Settlement:
    """Apply one decision on a dispute and record it in the consensus file.

    keep-a / keep-b: the other unit goes; keep-both: both stay, the pair is settled;
    neither: both go; recode: one unit over both spans with ``codes``.
    """
    from dataclasses import replace as swap

    from stc.core import units as unit_steps

    found = next((d for d in disputes(study, into) if d.id == dispute), None)
    if found is None:
        raise NotFound(
            f"no open dispute {dispute!r} in the consensus coding {into!r}",
            hint="`stc resolve --list` shows the open disputes",
        )
    if decision not in RESOLUTIONS:
        raise InvalidValue(
            f"unknown decision {decision!r}", hint=f"one of {', '.join(RESOLUTIONS)}"
        )
    a, b = found.a, found.b
    effects: list[str] = []
    condensations: dict[str, Condensation] = {}
    syntheses: dict[str, Synthesis] = {}
    current = study

    def drop(unit: MeaningUnit) -> None:
        nonlocal current
        edit = unit_steps.remove(current, unit.id)
        _absorb(edit)
        effects.append(f"unit {unit.id} [{', '.join(unit.codes)}] removed")

    def _absorb(edit: unit_steps.UnitEdit) -> None:
        nonlocal current
        for c in edit.condensations:
            condensations[c.code_group] = c
        for s in edit.syntheses:
            syntheses[s.code_group] = s
        effects.extend(edit.effects)
        files = tuple(
            edit.units if (uf.transcript, uf.coder) == (a.transcript, into) else uf
            for uf in current.unit_files
        )
        current = swap(
            current,
            unit_files=files,
            condensations={**current.condensations, **condensations},
            syntheses={**current.syntheses, **syntheses},
        )

    if decision == "keep-a":
        drop(b)
    elif decision == "keep-b":
        drop(a)
    elif decision == "neither":
        drop(a)
        drop(b)
    elif decision == "recode":
        if not codes:
            raise InvalidValue("recode needs the codes the merged unit gets: --code C")
        turn, start = min((a.turn, a.start), (b.turn, b.start))
        last, end = max((a.last_turn, a.end), (b.last_turn, b.end))
        to_turn = last if last > turn else 0
        if (turn, start, last, end) != a.anchor:  # a grows over b (across turns if b does)
            _absorb(
                unit_steps.reanchor_to(
                    current, a.id, turn=turn, start=start, end=end, to_turn=to_turn
                )
            )
        merged = swap(current.unit_index[a.id], codes=tuple(dict.fromkeys(codes)))
        drop(b)
        uf = next(x for x in current.unit_files if (x.transcript, x.coder) == (a.transcript, into))
        uf = swap(uf, units=tuple(merged if u.id == a.id else u for u in uf.units))
        current = swap(
            current,
            unit_files=tuple(
                uf if (x.transcript, x.coder) == (a.transcript, into) else x
                for x in current.unit_files
            ),
        )
        effects.append(f"unit {a.id} now covers both spans, coded [{', '.join(merged.codes)}]")
    uf = next(x for x in current.unit_files if (x.transcript, x.coder) == (a.transcript, into))
    record = Resolution(found.id, decision, by, note.strip())
    uf = swap(uf, resolved=(*(r for r in uf.resolved if r.id != found.id), record))
    return Settlement(uf, list(condensations.values()), list(syntheses.values()), effects)
