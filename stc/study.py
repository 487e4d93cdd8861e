"""A loaded workspace: everything in memory, with the lookups steps, check and report need."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from stc.model import (
    Assignments,
    Codebook,
    Condensation,
    Decision,
    InformantGroup,
    MeaningUnit,
    Project,
    Step1,
    Synthesis,
    Transcript,
    UnitFile,
    ValidationLog,
    sorted_units,
)


def fingerprint(units: Iterable[MeaningUnit]) -> str:
    """A short hash of units' ids, texts and codes: changes when any member changes."""
    h = hashlib.sha256()
    for u in sorted(units, key=lambda u: u.id):
        h.update(f"{u.id}\x1f{u.text}\x1f{','.join(u.codes)}\x1e".encode())
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class Study:
    project: Project
    transcripts: Mapping[str, Transcript]
    codebook: Codebook
    unit_files: tuple[UnitFile, ...] = ()
    step1: tuple[Step1, ...] = ()
    condensations: Mapping[str, Condensation] = field(default_factory=dict)
    syntheses: Mapping[str, Synthesis] = field(default_factory=dict)
    assignments: Assignments = field(default_factory=Assignments)
    decisions: tuple[Decision, ...] = ()
    validations: tuple[ValidationLog, ...] = ()

    @cached_property
    def units(self) -> list[MeaningUnit]:
        return sorted_units(u for uf in self.unit_files for u in uf.units)

    @cached_property
    def analysed(self) -> list[MeaningUnit]:
        """The units steps 3–4 and the report rest on: stc.yaml's coding.use, else all."""
        use = set(self.project.coding)
        return [u for u in self.units if u.coder in use] if use else self.units

    @cached_property
    def unit_index(self) -> dict[str, MeaningUnit]:
        return {u.id: u for u in self.units}

    @cached_property
    def groups(self) -> dict[str, InformantGroup]:
        return {g.id: g for g in self.project.groups}

    def group_of(self, transcript_id: str) -> InformantGroup | None:
        t = self.transcripts.get(transcript_id)
        return self.groups.get(t.group) if t else None

    def attribution(self, transcript_id: str) -> str:
        g = self.group_of(transcript_id)
        return g.attribution if g else "?"

    @cached_property
    def informants_by_group(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for t in self.transcripts.values():
            counts[t.group] += t.informants
        return counts

    @cached_property
    def informants_by_attribution(self) -> Counter[str]:
        """Informants covered by each attribution label (groups sharing quote_as add up)."""
        counts: Counter[str] = Counter()
        for gid, n in self.informants_by_group.items():
            g = self.groups.get(gid)
            if g:
                counts[g.attribution] += n
        return counts

    def code_group_of_unit(self, unit: MeaningUnit) -> set[str]:
        groups = set()
        for code in unit.codes:
            c = self.codebook.code(code)
            if c and c.code_group:
                groups.add(c.code_group)
        return groups

    @cached_property
    def units_by_code_group(self) -> dict[str, list[MeaningUnit]]:
        out: dict[str, list[MeaningUnit]] = {g.id: [] for g in self.codebook.code_groups}
        for u in self.analysed:
            for g in sorted(self.code_group_of_unit(u)):
                out.setdefault(g, []).append(u)
        return out

    @cached_property
    def coders(self) -> list[str]:
        return sorted({uf.coder for uf in self.unit_files if uf.units})

    @cached_property
    def analysed_coders(self) -> list[str]:
        return sorted({u.coder for u in self.analysed})

    def merged_from(self, coder: str) -> list[str]:
        return sorted({s for uf in self.unit_files if uf.coder == coder for s in uf.merged_from})

    def subgroup_units(self, code_group: str, subgroup: str) -> list[MeaningUnit]:
        """A subgroup's units in the coding the analysis rests on (coding.use): after a
        merge into a consensus coding, the old codings' units no longer count (check says
        so), in the report as in the quote bank."""
        c = self.condensations.get(code_group)
        s = c.subgroup(subgroup) if c else None
        use = set(self.project.coding)
        return [
            self.unit_index[u]
            for u in (s.units if s else ())
            if u in self.unit_index and (not use or self.unit_index[u].coder in use)
        ]

    def theme_of(self, code_group: str) -> str | None:
        s = self.syntheses.get(code_group)
        if s and s.theme:
            return s.theme
        g = self.codebook.code_group(code_group)
        return g.theme if g else None


def require_known(kind: str, value: str | None, known: Iterable[str]) -> None:
    """A filter value (code, group, researcher …) must name something that exists: an unknown
    one is an error naming the known ones, never an empty result that looks like 'nothing'."""
    names = sorted(set(known))
    if value is None or value in names:
        return
    from stc.errors import NotFound

    shown = ", ".join(names[:12]) + (f" … (+{len(names) - 12})" if len(names) > 12 else "")
    raise NotFound(
        f"no {kind} {value!r}", hint=f"known: {shown}" if names else f"there is no {kind} yet"
    )
