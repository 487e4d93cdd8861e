"""Step 3: condensation — subgroups, condensates (artificial quotations), golden quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from stc.core.units import informants
from stc.errors import Conflict, InvalidValue, NotFound
from stc.i18n import count, strings
from stc.model import Condensation, MeaningUnit, Subgroup, check_id
from stc.study import Study, fingerprint
from stc.text import normalise


def _require_code_group(study: Study, code_group: str) -> None:
    if not study.codebook.code_group(code_group):
        raise NotFound(
            f"no code group {code_group!r} in the codebook",
            hint="`stc codebook show` lists the code groups",
        )


def _require_subgroup(c: Condensation, subgroup: str) -> Subgroup:
    s = c.subgroup(subgroup)
    if not s:
        known = ", ".join(x.id for x in c.subgroups) or "none yet"
        raise NotFound(
            f"code group {c.code_group!r} has no subgroup {subgroup!r} (subgroups: {known})",
            hint=f"add it with `stc subgroup add {c.code_group} {subgroup} --label … --unit …`",
        )
    return s


def add_subgroup(
    study: Study, c: Condensation, subgroup: str, label: str, units: Sequence[str]
) -> Condensation:
    """Create a subgroup, or add units to an existing one (its label updated if given)."""
    _require_code_group(study, c.code_group)
    check_id(subgroup, "subgroup")
    members = study.units_by_code_group.get(c.code_group, [])
    member_ids = {u.id for u in members}
    for uid in units:
        if uid not in study.unit_index:
            raise NotFound(f"no meaning unit {uid!r}", hint="`stc unit list` shows unit ids")
        if uid not in member_ids:
            raise Conflict(
                f"unit {uid} has no code in code group {c.code_group!r}",
                hint="code it with a code of that group first, or pick another unit",
            )
        for other in c.subgroups:
            if other.id != subgroup and uid in other.units:
                raise Conflict(
                    f"unit {uid} is already in subgroup {other.id!r} of {c.code_group!r}",
                    hint="each meaning unit is sorted into one subgroup of a code group",
                )
    old = c.subgroup(subgroup)
    if old:
        new = replace(
            old, label=label or old.label, units=tuple(dict.fromkeys([*old.units, *units]))
        )
    else:
        new = Subgroup(subgroup, label or subgroup, tuple(dict.fromkeys(units)))
    return c.with_subgroup(new)


def write_condensate(study: Study, c: Condensation, subgroup: str, text: str) -> Condensation:
    s = _require_subgroup(c, subgroup)
    body = normalise(text).strip()
    if not body:
        raise InvalidValue("the condensate is empty", hint="write it with --text or --edit")
    fp = fingerprint(study.subgroup_units(c.code_group, subgroup))
    return c.with_subgroup(replace(s, condensate=body, fingerprint=fp))


def choose_golden(c: Condensation, subgroup: str, unit: str) -> Condensation:
    s = _require_subgroup(c, subgroup)
    if unit not in s.units:
        raise Conflict(
            f"unit {unit} is not in subgroup {subgroup!r}",
            hint="a golden quotation is chosen from the subgroup's own units",
        )
    return c.with_subgroup(replace(s, golden=unit))


def is_stale(study: Study, code_group: str, s: Subgroup) -> bool:
    """True when the subgroup's units changed after its condensate was written."""
    return bool(s.condensate) and s.fingerprint != fingerprint(
        study.subgroup_units(code_group, s.id)
    )


# the first-person pronouns of each workspace language, matched whole and in any case
# ("We have to…", "OUR system"); an English condensate is judged by English pronouns only
FIRST_PERSON = {
    "nb": re.compile(r"\b(jeg|vi|meg|oss|min|mi|mitt|mine|vår|vårt|våre)\b", re.IGNORECASE),
    "en": re.compile(r"\b(i|i'm|i've|i'd|i'll|we|we're|we've|me|us|my|mine|our|ours)\b", re.I),
}
PRONOUNS = {"nb": "jeg/vi", "en": "I/we"}


def first_person(text: str, language: str) -> bool:
    """A condensate is an artificial quotation: it speaks as 'jeg/vi' (I/we)."""
    return bool(FIRST_PERSON[language].search(text))


def move_units(
    study: Study, c: Condensation, unit_ids: Sequence[str], target: str, label: str = ""
) -> Condensation:
    """Move units into subgroup ``target`` (created if new), out of any other subgroup."""
    check_id(target, "subgroup")
    subs = [replace(s, units=tuple(u for u in s.units if u not in unit_ids)) for s in c.subgroups]
    cleared = replace(c, subgroups=tuple(subs))
    return add_subgroup(study, cleared, target, label, unit_ids)


def rename_subgroup(c: Condensation, subgroup: str, label: str) -> Condensation:
    s = _require_subgroup(c, subgroup)
    return c.with_subgroup(replace(s, label=label))


def remove_subgroup(c: Condensation, subgroup: str) -> Condensation:
    _require_subgroup(c, subgroup)
    return replace(c, subgroups=tuple(s for s in c.subgroups if s.id != subgroup))


def warnings(study: Study, c: Condensation, language: str) -> list[str]:
    """STC's rules of thumb for step 3, as gentle warnings."""
    out = []
    n = len(c.subgroups)
    if n and not 2 <= n <= 3:
        out.append(f"{count(n, 'subgroup')}; STC suggests 2–3 per code group")
    for s in c.subgroups:
        members = study.subgroup_units(c.code_group, s.id)
        if members and informants(study, members) < 2:
            out.append(f"subgroup {s.id} rests on one informant")
        if s.condensate and not first_person(s.condensate, language):
            out.append(
                f"the condensate of {s.id} is not in the first person ({PRONOUNS[language]})"
            )
    return out


def distinct_units(study: Study, code_group: str) -> list[MeaningUnit]:
    """A code group's units, one per span: several codes or coders on one span show once."""
    seen: dict[tuple[str, int, int, int, int], MeaningUnit] = {}
    for u in study.units_by_code_group.get(code_group, []):
        seen.setdefault((u.transcript, *u.anchor), u)
    return list(seen.values())


def editor_text(study: Study, code_group: str, subgroup: str) -> str:
    """What the condensate editor opens with: a reminder, the member units, the old text."""
    from stc.core.units import informant_words

    c = study.condensations.get(code_group)
    old = c.subgroup(subgroup) if c else None
    lines = []
    for u in study.subgroup_units(code_group, subgroup):
        t = study.transcripts.get(u.transcript)
        asked, said = informant_words(t, u) if t else ("", u.text)
        block = (f"({asked}) " if asked else "") + f"«{said}» ({study.attribution(u.transcript)})"
        # every line a comment: a unit's text may hold line breaks (a question and its answer)
        lines += [f"# {line}" for line in block.splitlines()]
    head = strings(study.project.language)["condensate_head"]
    return f"{head}\n{chr(10).join(lines)}\n\n{old.condensate if old else ''}"


def from_editor(text: str) -> str:
    """The condensate as written in the editor: lines starting with # are dropped."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))
