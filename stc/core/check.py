"""Validation of a whole workspace: every problem collected with its file and place.

``check`` is pure: it returns the problems and the unit files it could repair by
re-anchoring; the caller decides whether to save the repairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from stc.core.condense import is_stale
from stc.core.synthesize import code_group_fingerprint, references
from stc.core.units import anchored, is_interviewer, reanchor, segments
from stc.errors import NotFound
from stc.i18n import count
from stc.layout import (
    ASSIGNMENTS,
    CODEBOOK,
    CONFIG,
    STEP1_FILE,
    STEP3_FILE,
    STEP4_FILE,
    TRANSCRIPT_FILE,
    UNITS_FILE,
    VALIDATION_FILE,
)
from stc.model import MeaningUnit, UnitFile
from stc.study import Study

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    level: Level
    file: str
    where: str
    message: str
    blocks_report: bool = False  # the report would print something wrong while this stands

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        return f"{self.level}: {place}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {
            "level": self.level,
            "file": self.file,
            "where": self.where,
            "message": self.message,
        }


@dataclass
class CheckResult:
    problems: list[Problem] = field(default_factory=list)
    repaired: list[UnitFile] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    def add(
        self, level: Level, file: str, where: str, message: str, blocks_report: bool = False
    ) -> None:
        self.problems.append(Problem(level, file, where, message, blocks_report))


def check(study: Study) -> CheckResult:
    result = CheckResult()
    _check_project(study, result)
    _check_transcripts(study, result)
    _check_units(study, result)
    _check_codebook(study, result)
    _check_step1(study, result)
    _check_step3(study, result)
    _check_step4(study, result)
    _check_anonymity(study, result)
    _check_records(study, result)
    return result


def report_blockers(study: Study) -> list[Problem]:
    """The errors that make a report print something wrong (a misquote, another unit's text,
    an identifying attribution, units of no coder): while any stands, no report is written."""
    return [p for p in check(study).problems if p.blocks_report]


def _check_project(study: Study, r: CheckResult) -> None:
    for coder in study.project.coding:
        if coder not in study.coders:
            r.add(
                "error",
                CONFIG,
                "coding.use",
                f"{coder!r} has coded no meaning units, so steps 3–4 and the report would rest "
                f"on none of theirs (coders with units: {', '.join(study.coders) or 'none'})",
                blocks_report=True,
            )


def _check_records(study: Study, r: CheckResult) -> None:
    known = (
        set(study.transcripts) | set(study.unit_index) | {g.id for g in study.codebook.code_groups}
    )
    for log in study.validations:
        f = VALIDATION_FILE.format(log.researcher)
        for i, rec in enumerate(log.records):
            if rec.target not in known:
                r.add(
                    "warning",
                    f,
                    f"records[{i}]",
                    f"target {rec.target!r} is no code group, unit or transcript",
                )
    known_researchers = {x.id for x in study.project.researchers}
    for rnd in study.assignments.rounds:
        for researcher, tids in rnd.researchers.items():
            if researcher not in known_researchers:
                r.add(
                    "error",
                    ASSIGNMENTS,
                    f"round {rnd.number}: {researcher}",
                    f"researcher {researcher!r} is not in {CONFIG}; add them with "
                    f"`stc researcher add {researcher}` or correct the name",
                )
            for tid in tids:
                if tid not in study.transcripts:
                    r.add(
                        "error",
                        ASSIGNMENTS,
                        f"round {rnd.number}: {researcher}",
                        f"transcript {tid!r} does not exist",
                    )


def _check_step1(study: Study, r: CheckResult) -> None:
    for s1 in study.step1:
        f = STEP1_FILE.format(s1.researcher)
        for i, imp in enumerate(s1.impressions):
            if imp.transcript not in study.transcripts:
                r.add(
                    "error",
                    f,
                    f"impressions[{i}]",
                    f"an impression of transcript {imp.transcript!r}, which does not exist "
                    "(renamed or removed?); correct the transcript id or delete the impression",
                )


def _check_transcripts(study: Study, r: CheckResult) -> None:
    for t in study.transcripts.values():
        f = TRANSCRIPT_FILE.format(t.id)
        if t.group not in study.groups:
            r.add(
                "error",
                f,
                "group",
                f"informant group {t.group!r} is not in {CONFIG}; "
                f"add it with `stc group add {t.group} --label …`",
                blocks_report=True,
            )
        if not t.turns:
            r.add("warning", f, "", "the transcript has no turns")
        if not t.anonymised:
            r.add("warning", f, "anonymised", "marked as not yet anonymised")


def _check_units(study: Study, r: CheckResult) -> None:
    first_file: dict[str, str] = {}
    for uf in study.unit_files:
        f = UNITS_FILE.format(uf.transcript, uf.coder)
        for u in uf.units:
            if u.id in first_file:
                r.add(
                    "error",
                    f,
                    f"unit {u.id}",
                    f"the same unit id is in {first_file[u.id]}; a unit id belongs to one unit "
                    "only — delete the copy that does not belong to this transcript and coder",
                    blocks_report=True,
                )
            else:
                first_file[u.id] = f
    for uf in study.unit_files:
        f = UNITS_FILE.format(uf.transcript, uf.coder)
        t = study.transcripts.get(uf.transcript)
        if t is None:
            r.add(
                "error", f, "", f"transcript {uf.transcript!r} does not exist", blocks_report=True
            )
            continue
        units, changed = [], False
        for u in uf.units:
            where = f"unit {u.id}"
            if not u.codes:
                r.add("warning", f, where, "the unit has no code")
            for code in u.codes:
                if study.codebook.code(code) is None:
                    r.add(
                        "error",
                        f,
                        where,
                        f"code {code!r} is not in {CODEBOOK}; add it with "
                        f"`stc codebook add {code} --code-group …`",
                    )
            if not u.spans_turns and len(u.text) != u.end - u.start:
                r.add(
                    "error",
                    f,
                    where,
                    f"its offsets {u.start}–{u.end} span {u.end - u.start} characters, but its "
                    f"text has {len(u.text)}; the unit is damaged — check it against "
                    f"`stc show {t.id}` and add it again",
                    blocks_report=True,
                )
                units.append(u)
                continue
            if anchored(t, u):
                if all(is_interviewer(turn.speaker) for turn, _, _ in segments(t, u)):
                    r.add(
                        "warning",
                        f,
                        where,
                        f"the unit holds only the interviewer's words (turn {_turns(u)}): "
                        "quotes would attribute them to the informants — widen it to the "
                        f"answer (`stc unit edit {u.id} --to-turn N`) or remove it",
                    )
                units.append(u)
                continue
            moved = reanchor(t, u)
            if moved is None:
                r.add(
                    "error",
                    f,
                    where,
                    f"its text is no longer in transcript {t.id} (turn "
                    f"{_turns(u)}); edit the unit or restore the transcript",
                    blocks_report=True,
                )
                units.append(u)
            else:
                r.add(
                    "warning",
                    f,
                    where,
                    f"re-anchored: transcript {t.id} changed; the text "
                    f"now sits at turn {_turns(moved)}, {moved.start}–{moved.end}",
                )
                units.append(moved)
                changed = True
        if changed:
            r.repaired.append(replace(uf, units=tuple(units)))


def _turns(u: MeaningUnit) -> str:
    return f"{u.turn}–{u.last_turn}" if u.spans_turns else str(u.turn)


def _check_codebook(study: Study, r: CheckResult) -> None:
    cb = study.codebook
    for g in cb.code_groups:
        if g.theme and cb.theme(g.theme) is None:
            r.add("error", CODEBOOK, f"code group {g.id}", f"theme {g.theme!r} does not exist")
        if not cb.codes_in(g.id):
            r.add("warning", CODEBOOK, f"code group {g.id}", "the code group has no codes")
    for c in cb.codes:
        if c.code_group and cb.code_group(c.code_group) is None:
            r.add("error", CODEBOOK, f"code {c.id}", f"code group {c.code_group!r} does not exist")
    if cb.unsorted:
        names = ", ".join(c.id for c in cb.unsorted[:8]) + (" …" if len(cb.unsorted) > 8 else "")
        r.add(
            "warning",
            CODEBOOK,
            "codes",
            f"{count(len(cb.unsorted), 'unsorted code')} not yet in a "
            f"code group: {names} (stc codebook add CODE --code-group G)",
        )


def _check_step3(study: Study, r: CheckResult) -> None:
    for cg, c in study.condensations.items():
        f = STEP3_FILE.format(cg)
        if study.codebook.code_group(cg) is None:
            r.add("error", f, "", f"code group {cg!r} is not in the codebook")
        members = {u.id for u in study.units_by_code_group.get(cg, [])}
        placed: dict[str, str] = {}
        for s in c.subgroups:
            where = f"subgroup {s.id}"
            for uid in s.units:
                if uid in placed:
                    r.add(
                        "error",
                        f,
                        where,
                        f"unit {uid} is also in subgroup {placed[uid]}; a meaning unit belongs "
                        "to one subgroup — remove it from one of them",
                    )
                placed.setdefault(uid, s.id)
                if uid not in study.unit_index:
                    r.add("error", f, where, f"unit {uid} does not exist")
                elif uid not in members:
                    unit = study.unit_index[uid]
                    used = study.project.coding
                    r.add(
                        "warning",
                        f,
                        where,
                        f"unit {uid} is coding {unit.coder}'s, not the coding the analysis "
                        f"rests on ({', '.join(used)}): reports leave it out — sort that "
                        "coding's units into the subgroup instead"
                        if used and unit.coder not in used
                        else f"unit {uid} has no code in code group {cg!r}",
                    )
            if s.golden and s.golden not in s.units:
                r.add(
                    "error",
                    f,
                    where,
                    f"golden quote {s.golden} is not one of its units",
                    blocks_report=True,
                )
            if not s.condensate:
                r.add("warning", f, where, "no condensate yet")
            elif is_stale(study, cg, s):
                r.add(
                    "warning",
                    f,
                    where,
                    "stale: its units changed after the condensate was "
                    "written; re-read them and revise the condensate",
                )
            if s.units and not s.golden:
                r.add("warning", f, where, "no golden quotation chosen yet")


def _check_step4(study: Study, r: CheckResult) -> None:
    for cg, s in study.syntheses.items():
        f = STEP4_FILE.format(cg)
        if study.codebook.code_group(cg) is None:
            r.add("error", f, "", f"code group {cg!r} is not in the codebook")
        if s.theme and study.codebook.theme(s.theme) is None:
            r.add("error", f, "theme", f"theme {s.theme!r} does not exist")
        for ref in references(s.body):
            if ref not in study.unit_index:
                r.add("error", f, f"[[{ref}]]", "the quote reference does not resolve to a unit")
        if s.fingerprint and s.fingerprint != code_group_fingerprint(study, cg):
            r.add(
                "warning",
                f,
                "",
                "stale: the code group's subgroups changed after the analytic text was written",
            )


def _check_anonymity(study: Study, r: CheckResult) -> None:
    for problem in attribution_problems(study):
        r.add("error", CONFIG, "informant_groups", problem, blocks_report=True)


def attribution_problems(study: Study) -> list[str]:
    """Quote labels that cover fewer informants than anonymity.min_group_size allows."""
    minimum = study.project.min_group_size
    quoted = {t.group for u in study.units if (t := study.transcripts.get(u.transcript))}
    out = []
    for gid in sorted(quoted):
        g = study.groups.get(gid)
        if g is None:
            continue
        covered = study.informants_by_attribution[g.attribution]
        if covered < minimum:
            out.append(
                f"quotes from informant group {g.id!r} would be attributed to {g.attribution!r}, "
                f"which covers {count(covered, 'informant')} — fewer than anonymity.min_group_size "
                f"({minimum}); merge it with another group for attribution: "
                f"stc group add {g.id} --label '{g.label}' --quote-as '…'"
            )
    return out


def context_units(study: Study, target: str) -> list[MeaningUnit]:
    """The units to re-read in context for recontextualisation: one unit, or a code group's
    golden quotations and the units its analytic text quotes."""
    if target in study.unit_index:
        return [study.unit_index[target]]
    if not study.codebook.code_group(target):
        raise NotFound(f"{target!r} is neither a meaning unit nor a code group")
    c = study.condensations.get(target)
    ids = [s.golden for s in (c.subgroups if c else ()) if s.golden]
    if target in study.syntheses:
        ids += references(study.syntheses[target].body)
    return list({i: study.unit_index[i] for i in ids if i in study.unit_index}.values())
