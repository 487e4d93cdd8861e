"""Where a study stands in the four steps, and the exact next command (pure).

With a researcher and assignment rounds, steps 1 and 2 count that researcher's transcripts in
the current round (the latest round that gives them any); otherwise all transcripts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from stc.core.condense import is_stale
from stc.core.synthesize import code_group_fingerprint
from stc.core.team import disputes, unmerged
from stc.i18n import count
from stc.model import Round
from stc.study import Study

STEP_NAMES = {
    "nb": ("Helhetsinntrykk", "Meningsbærende enheter", "Kondensering", "Sammenfatning"),
    "en": ("Total impression", "Meaning units", "Condensation", "Synthesis"),
}


@dataclass
class StepStatus:
    step: int
    name: str
    done: int
    total: int
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)  # a second line: per coder


@dataclass
class Status:
    title: str
    researcher: str | None
    round: int | None
    transcripts: int
    informants: int
    groups: int
    assigned: list[str]
    steps: list[StepStatus]
    stale: list[str]
    next: list[str]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _units(n: int) -> str:
    return f"{n} new unit{'' if n == 1 else 's'}"


def _coder_progress(study: Study) -> list[str]:
    """Per coder: transcripts coded and units (the consensus coding marked as such)."""
    out = []
    for coder in study.coders:
        units = [u for u in study.units if u.coder == coder]
        tids = {u.transcript for u in units}
        role = " (consensus)" if study.merged_from(coder) else ""
        out.append(
            f"{coder}{role} {len(tids)}/{len(study.transcripts)} ({count(len(units), 'unit')})"
        )
    return out


def current_round(study: Study, researcher: str | None) -> Round | None:
    rounds = [r for r in study.assignments.rounds if not researcher or researcher in r.researchers]
    return max(rounds, key=lambda r: r.number) if rounds else None


def status(study: Study, researcher: str | None = None) -> Status:
    cb = study.codebook
    # the dashboard speaks English; a Norwegian workspace sees its own step names quoted
    names = tuple(
        en if study.project.language == "en" else f"{en} «{nb}»"
        for en, nb in zip(STEP_NAMES["en"], STEP_NAMES["nb"], strict=True)
    )
    rnd = current_round(study, researcher)
    if rnd and researcher:
        scope = [t for t in rnd.researchers[researcher] if t in study.transcripts]
    else:
        scope = sorted(study.transcripts)
    mine = researcher or None

    read = {
        i.transcript for s in study.step1 if mine in (None, s.researcher) for i in s.impressions
    }
    s1 = StepStatus(1, names[0], len(read & set(scope)), len(scope))
    s1.missing = [t for t in scope if t not in read]
    s1.notes.append(f"{count(len(cb.themes), 'preliminary theme')}")
    raw = [t.id for t in study.transcripts.values() if not t.anonymised]
    if raw:
        s1.notes.append(f"{count(len(raw), 'transcript')} not yet anonymised: {', '.join(raw[:5])}")
    if cb.themes and not 4 <= len(cb.themes) <= 8:
        s1.notes.append("STC suggests 4–8 preliminary themes")

    # step 2 counts the coding the analysis rests on (coding.use), a researcher their own
    counted = [u for u in (study.units if mine else study.analysed) if mine in (None, u.coder)]
    coded = {u.transcript for u in counted}
    s2 = StepStatus(2, names[1], len(coded & set(scope)), len(scope))
    s2.missing = [t for t in scope if t not in coded]
    basis = f" in coding {', '.join(study.project.coding)}" if study.project.coding else ""
    s2.notes.append(
        f"{count(len(counted), 'meaning unit')}{'' if mine else basis}, "
        f"{count(len(cb.codes), 'code')}, {count(len(cb.code_groups), 'code group')}"
    )
    if cb.unsorted:
        s2.notes.append(f"{count(len(cb.unsorted), 'code')} not yet sorted into a code group")
    s2.progress = _coder_progress(study)
    pending = unmerged(study)
    for into, counts in pending.items():
        for coder, n in sorted(counts.items()):
            s2.notes.append(f"{_units(n)} by {coder} since the last merge into {into}")
    open_disputes = {c: len(disputes(study, c)) for c in study.project.coding}
    for c, n in open_disputes.items():
        if n:
            s2.notes.append(f"{count(n, 'open dispute')} in the consensus coding {c}")

    subs = [(cg, s) for cg, c in study.condensations.items() for s in c.subgroups]
    written = [x for x in subs if x[1].condensate]
    with_subs = {cg for cg, _ in subs}
    done_groups = [
        g.id
        for g in cb.code_groups
        if g.id in with_subs and all(s.condensate and s.golden for cg, s in subs if cg == g.id)
    ]
    s3 = StepStatus(3, names[2], len(done_groups), len(cb.code_groups))
    s3.missing = [g.id for g in cb.code_groups if g.id not in with_subs]
    s3.missing += [f"{cg}/{s.id}" for cg, s in subs if not s.condensate or not s.golden]
    s3.notes.append(f"{len(written)}/{len(subs)} condensates written")
    s3.notes.append(count(sum(1 for _, s in subs if s.golden), "golden quotation"))

    s4 = StepStatus(4, names[3], len(study.syntheses), len(cb.code_groups))
    s4.missing = [g.id for g in cb.code_groups if g.id not in study.syntheses]

    stale = [f"condensate {cg}/{s.id}" for cg, s in written if is_stale(study, cg, s)]
    stale += [
        f"analytic text {cg}"
        for cg, syn in study.syntheses.items()
        if syn.fingerprint and syn.fingerprint != code_group_fingerprint(study, cg)
    ]
    steps = [s1, s2, s3, s4]
    return Status(
        title=study.project.title,
        researcher=researcher,
        round=rnd.number if rnd else None,
        transcripts=len(study.transcripts),
        informants=sum(study.informants_by_group.values()),
        groups=len(study.project.groups),
        assigned=scope if rnd and researcher else [],
        steps=steps,
        stale=stale,
        next=_next(study, steps, stale, researcher),
    )


def _next(
    study: Study, steps: list[StepStatus], stale: list[str], researcher: str | None
) -> list[str]:
    r = researcher or "<researcher>"
    if not study.transcripts:
        return ["stc group add ID --label L", "stc import FILE --group ID"]
    raw = [t.id for t in study.transcripts.values() if not t.anonymised]
    if raw:
        return [f"stc anon scan {raw[0]}", f"stc anon apply {raw[0]}"]
    s1, s2, s3, s4 = steps
    # the analysis rests on the consensus: units it has not taken in are invisible to it
    for into, counts in unmerged(study).items():
        if into in study.project.coding:
            coder, n = max(counts.items(), key=lambda x: (x[1], x[0]))
            sources = " ".join(f"--from {c}" for c in study.merged_from(into))
            return [
                f"{_units(n)} by {coder} since the last merge: stc merge {sources} --into {into}"
            ]
    if s1.missing:
        hint = [f"stc impression {s1.missing[0]} --researcher {r}"]
        return hint if study.codebook.themes else [*hint, "stc theme add LABEL"]
    if not study.codebook.themes:
        return ["stc theme add LABEL"]
    if s2.missing:
        return [f"stc code {s2.missing[0]} --researcher {r}"]
    for c in study.project.coding:
        if disputes(study, c):
            return [f"{count(len(disputes(study, c)), 'open dispute')}: stc resolve --into {c}"]
    if study.codebook.unsorted:
        return [f"stc codebook move {study.codebook.unsorted[0].id} --code-group G"]
    if not study.codebook.code_groups:
        return ["stc codebook group add ID --label L --theme T"]
    if s3.missing:
        return [f"stc condense {s3.missing[0].split('/')[0]}"]
    if stale:
        target = stale[0].split()[-1].split("/")[0]
        return [
            f"stc condense {target}"
            if stale[0].startswith("condensate")
            else f"stc synthesize {target} --edit"
        ]
    if s4.missing:
        return [f"stc synthesize {s4.missing[0]} --edit"]
    return ["stc check", "stc report --format docx"]
