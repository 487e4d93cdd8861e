"""Read-only use cases: what the commands and walkers show (no file is changed here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stc.core.status import Status
from stc.core.team import Agreement
from stc.model import MeaningUnit, Transcript
from stc.store import Workspace
from stc.study import Study


def upgrade_notes() -> list[str]:
    """Files upgraded to the current schema in this process (each said once)."""
    from stc.store.schema import UPGRADED

    notes = list(UPGRADED)
    UPGRADED.clear()
    return notes


def phrases(language: str) -> dict[str, str]:
    """The fixed wording of stc in a workspace language (nb or en)."""
    from stc.i18n import strings

    return strings(language)


def status(ws: Workspace, researcher: str | None) -> Status:
    from stc.api.workspace import current_researcher
    from stc.core.status import status as compute

    return compute(ws.study(), current_researcher(ws, researcher))


def agreement(ws: Workspace, researchers: list[str], transcripts: list[str]) -> Agreement:
    from stc.core.team import agreement as compute

    return compute(ws.study(), researchers, transcripts)


def search(
    ws: Workspace,
    pattern: str,
    group: str | None = None,
    code_group: str | None = None,
    regex: bool = False,
    exact: bool = False,
    whole_words: bool = True,
) -> list[Any]:
    from stc.core.search import search as run

    return run(ws.study(), pattern, group, code_group, regex, exact, whole_words)


def parse_hit(hit: str) -> tuple[str, int, int, int]:
    from stc.core.search import parse_hit as parse

    return parse(hit)


def units(
    ws: Workspace,
    code: str | None = None,
    code_group: str | None = None,
    group: str | None = None,
    researcher: str | None = None,
    transcript: str | None = None,
) -> list[dict[str, object]]:
    """Meaning units as JSON objects (the unit file's fields and the informant group)."""
    from stc.core.units import filter_units, unit_json

    study = ws.study()
    found = filter_units(study, code, code_group, group, researcher, transcript)
    return [unit_json(study, u) for u in found]


def unit_export(
    ws: Workspace,
    fmt: str,
    code: str | None = None,
    code_group: str | None = None,
    group: str | None = None,
    researcher: str | None = None,
    transcript: str | None = None,
) -> str | bytes:
    """Meaning units as a json, csv or xlsx file, through the output gate."""
    import json

    from stc.api.gate import gate
    from stc.core.gate import Scope
    from stc.core.units import filter_units, unit_json

    study = ws.study()
    found = filter_units(study, code, code_group, group, researcher, transcript)
    scope = Scope(tuple(found))
    checked = gate(ws, study, "units", scope)
    rows = [unit_json(study, u) for u in found]
    if fmt == "json":
        content: str | bytes = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    else:
        content = unit_table(rows, fmt)
    checked.check(content)
    return content


def unit_table(rows: list[dict[str, object]], fmt: str) -> str | bytes:
    """Unit rows (from :func:`units`) as a csv or xlsx file with the documented columns."""
    from stc.core.units import UNIT_COLUMNS
    from stc.interop.spreadsheet import to_csv, to_xlsx

    cells = [[_cell(r.get(c)) for c in UNIT_COLUMNS] for r in rows]  # by name, not by order
    if fmt == "csv":
        return to_csv(UNIT_COLUMNS, cells)
    return to_xlsx("units", UNIT_COLUMNS, cells)


def _cell(value: object) -> object:
    return ", ".join(map(str, value)) if isinstance(value, list) else value


def output_path(ws: Workspace, name: str) -> Path:
    """Where an export goes when no --out is given: the workspace's reports/ folder."""
    from stc.layout import REPORTS

    return ws.root / REPORTS / name


def write_output(ws: Workspace, path: Path, data: str | bytes) -> None:
    """Write an export atomically (a reader never sees half a file); inside the workspace
    no link is followed (reports/ may be a link planted in a shared repository)."""
    from stc.store.files import write_output as write

    write(ws.root, path, data)


def read_text_file(ws: Workspace, path: Path) -> str:
    """A UTF-8 text file the user names (--text-file); inside the workspace no link is
    followed, so a planted link cannot copy a private file into the study."""
    from stc.limits import WORKSPACE_FILE
    from stc.store.files import read_input

    return read_input(ws.root, path, WORKSPACE_FILE).decode("utf-8")


def sentence_spans(study: Study, t: Transcript) -> dict[int, list[tuple[int, int]]]:
    """Sentence boundaries per turn (turn number → [(start, end), …])."""
    from stc.nlp import sentences

    p = study.project
    spans = sentences((turn.text for turn in t.turns), p.language, p.nlp_model)
    return {turn.n: s for turn, s in zip(t.turns, spans, strict=True)}


def informants(study: Study, units: list[MeaningUnit]) -> int:
    from stc.core.quotes import informants as count

    return count(study, units)


def condense_units(study: Study, code_group: str) -> list[MeaningUnit]:
    from stc.core.condense import distinct_units

    return distinct_units(study, code_group)


def condense_warnings(study: Study, code_group: str) -> list[str]:
    from stc.core.condense import warnings

    c = study.condensations.get(code_group)
    return warnings(study, c, study.project.language) if c else []


def first_person(text: str, language: str) -> bool:
    from stc.core.condense import first_person as check

    return check(text, language)


def condensate_editor_text(ws: Workspace, code_group: str, subgroup: str) -> str:
    from stc.core.condense import editor_text

    return editor_text(ws.study(), code_group, subgroup)


def condensate_from_editor(text: str) -> str:
    from stc.core.condense import from_editor

    return from_editor(text)


def impression_template(ws: Workspace, transcript_id: str, researcher: str) -> str:
    """The researcher's impression so far, or the template to start one from."""
    from stc.core.impression import template

    t = ws.transcript(transcript_id)
    old = ws.step1(researcher).impression(transcript_id)
    return old.text if old else template(ws.project().language, t.id, t.group)


def impression_from_editor(text: str) -> str:
    from stc.core.impression import from_editor

    return from_editor(text)


def synthesis_draft(ws: Workspace, code_group: str) -> str:
    """The analytic text so far, or a skeleton built from the code group's subgroups."""
    from stc.core.synthesize import skeleton

    old = ws.synthesis(code_group)
    return f"# {old.heading}\n\n{old.body}" if old else skeleton(ws.study(), code_group)


def synthesis_from_editor(text: str) -> tuple[str | None, str]:
    from stc.core.synthesize import parse_edited

    return parse_edited(text)


def context_units(ws: Workspace, target: str) -> list[MeaningUnit]:
    from stc.core.check import context_units as pick

    return pick(ws.study(), target)


def power_dimensions() -> dict[str, tuple[str, str, str]]:
    """Each information-power dimension: (high pole, low pole, a one-line explanation)."""
    from stc.core.power import EXPLAIN
    from stc.model import POWER_DIMENSIONS

    return {d: (a, b, EXPLAIN[d]) for d, (a, b) in POWER_DIMENSIONS.items()}


def power_appraisal(ws: Workspace) -> str:
    from stc.core.power import appraisal

    return appraisal(ws.project().power)


def units_in_turn(units: list[MeaningUnit], n: int, length: int) -> list[MeaningUnit]:
    """The units covering turn ``n``, each cut to its part of it (see core.units.in_turn)."""
    from stc.core.units import in_turn

    return in_turn(units, n, length)
