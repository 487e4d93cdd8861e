"""Where a study stands in the four steps, and what to do next (pure)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from stc.steps.condense import is_stale
from stc.study import Study


@dataclass
class StepStatus:
    step: int
    name: str
    done: int
    total: int
    notes: list[str] = field(default_factory=list)


@dataclass
class Status:
    title: str
    transcripts: int
    informants: int
    groups: int
    steps: list[StepStatus]
    next: list[str]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def status(study: Study, researcher: str | None = None) -> Status:
    cb = study.codebook
    n_t = len(study.transcripts)
    read = {
        i.transcript
        for s in study.step1
        if researcher in (None, s.researcher)
        for i in s.impressions
    }
    s1 = StepStatus(1, "total impression", len(read & set(study.transcripts)), n_t)
    s1.notes.append(f"{len(cb.themes)} preliminary theme(s)")
    if cb.themes and not 4 <= len(cb.themes) <= 8:
        s1.notes.append("STC suggests 4–8 preliminary themes")

    coded = {u.transcript for u in study.units if researcher in (None, u.coder)}
    s2 = StepStatus(2, "meaning units", len(coded), n_t)
    s2.notes.append(
        f"{len(study.units)} meaning unit(s), {len(cb.codes)} code(s), "
        f"{len(cb.code_groups)} code group(s)"
    )
    if cb.unsorted:
        s2.notes.append(f"{len(cb.unsorted)} code(s) not yet sorted into a code group")

    subs = [(cg, s) for cg, c in study.condensations.items() for s in c.subgroups]
    written = [x for x in subs if x[1].condensate]
    s3 = StepStatus(3, "condensation", len(written), len(subs))
    groups_with_subs = {cg for cg, _ in subs}
    missing = [g.id for g in cb.code_groups if g.id not in groups_with_subs]
    if missing:
        s3.notes.append(f"code groups without subgroups: {', '.join(missing)}")
    stale = [f"{cg}/{s.id}" for cg, s in written if is_stale(study, cg, s)]
    if stale:
        s3.notes.append(f"stale condensates: {', '.join(stale)}")
    s3.notes.append(f"{sum(1 for _, s in subs if s.golden)} golden quotation(s)")

    s4 = StepStatus(4, "synthesis", len(study.syntheses), len(cb.code_groups))
    return Status(
        title=study.project.title,
        transcripts=n_t,
        informants=sum(study.informants_by_group.values()),
        groups=len(study.project.groups),
        steps=[s1, s2, s3, s4],
        next=_next(study, [s1, s2, s3, s4], researcher),
    )


def _next(study: Study, steps: list[StepStatus], researcher: str | None) -> list[str]:
    r = researcher or "<researcher>"
    if not study.transcripts:
        return ["stc group add ID --label L", "stc import FILE --group ID"]
    s1, s2, s3, s4 = steps
    if s1.done < s1.total or not study.codebook.themes:
        done = {
            i.transcript
            for s in study.step1
            if researcher in (None, s.researcher)
            for i in s.impressions
        }
        todo = next((t for t in sorted(study.transcripts) if t not in done), None)
        hints = [f"stc impression {todo} --researcher {r} --edit"] if todo else []
        return [*hints, "stc theme add LABEL"] if not study.codebook.themes else hints
    if s2.done < s2.total:
        coded = {u.transcript for u in study.units if not researcher or u.coder == researcher}
        todo = next(t for t in sorted(study.transcripts) if t not in coded)
        return [f"stc unit add {todo} --researcher {r} --quote '…' --code CODE"]
    if study.codebook.unsorted:
        return [f"stc codebook add {study.codebook.unsorted[0].id} --code-group G"]
    if s3.done < s3.total or s3.total == 0:
        return [
            "stc subgroup add CODE_GROUP ID --label L --unit U …",
            "stc condensate CODE_GROUP SUBGROUP --text '…'",
        ]
    if s4.done < s4.total:
        todo = next(g.id for g in study.codebook.code_groups if g.id not in study.syntheses)
        return [f"stc synthesize {todo} --text-file FILE --heading '…'"]
    return ["stc check", "stc report --format docx"]
