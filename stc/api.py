"""The Python API: one function per workspace operation (load, call a pure step, save).

The CLI is a thin layer over these functions, and a researcher can script them directly::

    from stc.api import open_workspace, add_unit
    ws = open_workspace("my-study")
    add_unit(ws, "vei-03", "ms", quote="Læringskurven er bratt", codes=["kompetansebehov"])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from stc.anon import Finding, Identifier, Scanner
from stc.check import CheckResult, check
from stc.errors import AnonymityError, Conflict, NotFound, StcError
from stc.importers import Imported, Options, import_file
from stc.model import (
    LANGUAGES,
    VALIDATION_OUTCOMES,
    Assignments,
    Codebook,
    Condensation,
    Decision,
    InformantGroup,
    MeaningUnit,
    Project,
    Researcher,
    Round,
    Synthesis,
    Theme,
    Transcript,
    UnitFile,
    Validation,
    check_id,
)
from stc.steps import codebook as cb_steps
from stc.steps import condense, impression, synthesize, units
from stc.store import CONFIG, GITIGNORE, Workspace, atomic_write, atomic_write_bytes
from stc.study import Study

P = ParamSpec("P")
R = TypeVar("R")


def writes(fn: Callable[Concatenate[Workspace, P], R]) -> Callable[Concatenate[Workspace, P], R]:
    """Run a workspace change under the write lock, so concurrent stc processes take turns."""

    @functools.wraps(fn)
    def wrapper(ws: Workspace, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with ws.lock():
            return fn(ws, *args, **kwargs)

    return wrapper


def open_workspace(path: str | Path | None = None) -> Workspace:
    return Workspace.find(Path(path) if path else None)


def init_workspace(
    folder: Path, title: str, language: str = "nb", researchers: Sequence[str] = ()
) -> Workspace:
    """Scaffold an empty workspace; refuses to touch an existing one."""
    if language not in LANGUAGES:
        raise Conflict(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if (folder / CONFIG).exists():
        raise Conflict(f"{folder / CONFIG} exists already", hint="this is a workspace already")
    ws = Workspace(folder)
    project = Project(
        title,
        language,
        researchers=tuple(Researcher(check_id(r, "researcher")) for r in researchers),
    )
    for sub in (
        "transcripts",
        "analyses/step1",
        "analyses/step2",
        "analyses/step3",
        "analyses/step4",
        "reports",
        "private",
    ):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    if not (folder / ".gitignore").exists():
        atomic_write(folder / ".gitignore", GITIGNORE)
    if not (folder / ".gitattributes").exists():
        atomic_write(folder / ".gitattributes", GITATTRIBUTES)
    ws.save_codebook(Codebook())
    ws.save_project(project)
    return ws


@writes
def add_group(
    ws: Workspace, group_id: str, label: str, quote_as: str | None = None, description: str = ""
) -> InformantGroup:
    """Add an informant group, or update its label / quote_as."""
    project = ws.project()
    group = InformantGroup(check_id(group_id, "informant group"), label, quote_as, description)
    groups = [group if g.id == group.id else g for g in project.groups]
    if not project.group(group.id):
        groups.append(group)
    ws.save_project(replace(project, groups=tuple(groups)))
    return group


@writes
def add_researcher(ws: Workspace, researcher: str) -> None:
    project = ws.project()
    if all(r.id != researcher for r in project.researchers):
        new = (*project.researchers, Researcher(check_id(researcher, "researcher")))
        ws.save_project(replace(project, researchers=new))


@dataclass
class ImportOutcome:
    imported: Imported
    path: Path
    units_added: int = 0


@writes
def import_transcripts(
    ws: Workspace,
    paths: Sequence[Path],
    group: str | None = None,
    transcript_id: str | None = None,
    speakers: Mapping[str, str] | None = None,
    force: bool = False,
) -> list[ImportOutcome]:
    """Import transcript files; all are read and checked before any is written."""
    if transcript_id and len(paths) > 1:
        raise Conflict("--id names one transcript; import one file at a time with --id")
    project = ws.project()
    outcomes = []
    for path in paths:
        imported = import_file(path, Options(group, transcript_id, speakers or {}))
        t = imported.transcript
        if imported.coding_only:
            _check_coding_copy(ws, path, t)
            outcomes.append(ImportOutcome(imported, path))
            continue
        if not project.group(t.group):
            raise NotFound(
                f"{path}: informant group {t.group!r} is not in {CONFIG}",
                hint=f"add it first: stc group add {t.group} --label '…'",
            )
        if ws.transcript_path(t.id).exists() and not force:
            raise Conflict(
                f"{path}: transcript {t.id!r} exists already",
                hint="give another --id, or --force to replace it (its meaning units are kept)",
            )
        findings = _scan_transcript(ws, t)
        if findings:
            if not force:
                shown = "; ".join(f"turn {f.turn}: {f.kind} {f.text!r}" for f in findings[:5])
                raise Conflict(
                    f"{path}: {len(findings)} likely identifier(s) — {shown}"
                    + (" …" if len(findings) > 5 else ""),
                    hint="anonymise the file first, or import it with --force (it is then marked "
                    f"not anonymised) and run `stc anon apply {t.id}`",
                )
            imported.transcript = replace(t, anonymised=False)
            imported.notices.append(
                f"{len(findings)} likely identifier(s); marked not anonymised — "
                f"run `stc anon scan {t.id}` and `stc anon apply {t.id}`"
            )
        outcomes.append(ImportOutcome(imported, path))
    seen: dict[str, Path] = {}
    for o in outcomes:
        tid = o.imported.transcript.id
        if tid in seen and not o.imported.coding_only:
            raise Conflict(
                f"{seen[tid]} and {o.path} would both become transcript {tid!r}",
                hint="import them one at a time with --id",
            )
        seen[tid] = o.path
    for outcome in outcomes:
        if not outcome.imported.coding_only:
            ws.save_transcript(outcome.imported.transcript)
        else:
            outcome.imported = replace(outcome.imported, transcript=ws.transcript(t.id))
        outcome.units_added = _add_coded_spans(ws, outcome.imported)
    return outcomes


def _check_coding_copy(ws: Workspace, path: Path, copy: Transcript) -> None:
    t = ws.transcript(copy.id)
    for turn in copy.turns:
        if not 1 <= turn.n <= len(t.turns) or t.turns[turn.n - 1].text != turn.text:
            raise Conflict(
                f"{path}: turn {turn.n} differs from transcript {t.id}",
                hint="code a fresh copy: stc export docx-for-coding " + t.id,
            )


def export_docx_for_coding(ws: Workspace, tid: str, out: Path | None = None) -> Path:
    """A transcript as DOCX with numbered turns; comments on it come back as meaning units."""
    from stc.importers.word import CODING_MARK
    from stc.report.coding_copy import render

    t = ws.transcript(tid)
    group = ws.project().group(t.group)
    target = out or ws.root / "reports" / f"{tid}-coding.docx"
    atomic_write_bytes(
        target,
        render(t, group.label if group else t.group, CODING_MARK + tid, ws.project().language),
    )
    return target


def _scan_transcript(ws: Workspace, t: Transcript) -> list[Finding]:
    spans = scanner(ws).scan_texts([turn.text for turn in t.turns])
    return [
        Finding(t.id, turn.n, a, b, kind, turn.text[a:b])
        for turn, found in zip(t.turns, spans, strict=True)
        for a, b, kind in found
    ]


def _add_coded_spans(ws: Workspace, imported: Imported) -> int:
    t = imported.transcript
    if not imported.coded:
        return 0
    codebook = ws.codebook()
    files: dict[str, UnitFile] = {}
    for span in imported.coded:
        uf = files.get(span.coder) or ws.unit_file(t.id, span.coder)
        added = units.add_unit(uf, t, units.Span(span.turn, span.start, span.end), span.codes)
        files[span.coder] = added.units
        codebook, _ = units.ensure_codes(codebook, span.codes)
    for uf in files.values():
        ws.save_unit_file(uf)
    ws.save_codebook(codebook)
    return len(imported.coded)


@writes
def record_impression(ws: Workspace, transcript: str, researcher: str, text: str) -> None:
    ws.transcript(transcript)
    ws.save_step1(impression.record_impression(ws.step1(researcher), transcript, text))


@writes
def record_preconceptions(ws: Workspace, researcher: str, text: str) -> None:
    ws.save_step1(impression.record_preconceptions(ws.step1(researcher), text))


@writes
def add_theme(
    ws: Workspace, label: str, theme_id: str | None = None, description: str = "", author: str = ""
) -> Theme:
    codebook, theme = cb_steps.add_theme(ws.codebook(), label, theme_id, description, author)
    ws.save_codebook(codebook)
    return theme


@writes
def add_code_group(
    ws: Workspace, group_id: str, label: str, theme: str | None = None, definition: str = ""
) -> None:
    codebook, _ = cb_steps.add_code_group(ws.codebook(), group_id, label, theme, definition)
    ws.save_codebook(codebook)


@writes
def add_code(
    ws: Workspace,
    code_id: str,
    code_group: str | None = None,
    label: str = "",
    definition: str = "",
    include: str = "",
    exclude: str = "",
) -> None:
    codebook, _ = cb_steps.add_code(
        ws.codebook(), code_id, code_group, label, definition, include, exclude
    )
    ws.save_codebook(codebook)


@dataclass(frozen=True)
class UnitAdded:
    unit: MeaningUnit
    merged: bool
    new_codes: list[str]


@writes
def add_unit(
    ws: Workspace,
    transcript: str,
    coder: str,
    codes: Sequence[str],
    quote: str | None = None,
    turn: int | None = None,
    start: int | None = None,
    end: int | None = None,
    note: str = "",
) -> UnitAdded:
    """Mark a meaning unit and code it; codes not yet in the codebook are added unsorted."""
    if not codes:
        raise Conflict("a meaning unit needs at least one code", hint="add --code CODE")
    t = ws.transcript(transcript)
    span = units.locate(t, quote, turn, start, end)
    added = units.add_unit(ws.unit_file(transcript, check_id(coder, "coder")), t, span, codes, note)
    codebook, new_codes = units.ensure_codes(ws.codebook(), codes)
    ws.save_unit_file(added.units)
    if new_codes:
        ws.save_codebook(codebook)
    return UnitAdded(added.unit, added.merged, new_codes)


@writes
def add_subgroup(
    ws: Workspace, code_group: str, subgroup: str, label: str, unit_ids: Sequence[str]
) -> None:
    study = ws.study()
    c = condense.add_subgroup(study, ws.condensation(code_group), subgroup, label, unit_ids)
    ws.save_condensation(c)


@writes
def write_condensate(ws: Workspace, code_group: str, subgroup: str, text: str) -> None:
    study = ws.study()
    ws.save_condensation(
        condense.write_condensate(study, ws.condensation(code_group), subgroup, text)
    )


@writes
def choose_golden(ws: Workspace, code_group: str, subgroup: str, unit: str) -> None:
    ws.save_condensation(condense.choose_golden(ws.condensation(code_group), subgroup, unit))


@writes
def write_synthesis(
    ws: Workspace, code_group: str, body: str, heading: str | None = None, theme: str | None = None
) -> Synthesis:
    s = synthesize.write_synthesis(ws.study(), code_group, body, heading, theme)
    ws.save_synthesis(s)
    return s


@writes
def run_check(ws: Workspace, repair: bool = True) -> CheckResult:
    """Check the whole workspace; saves re-anchored units unless ``repair`` is False."""
    result = check(ws.study())
    leftovers = [
        p
        for folder in (ws.root, ws.root / "transcripts", ws.root / "codebooks")
        for p in folder.glob(".*.tmp")
    ]
    leftovers += list((ws.root / "analyses").rglob(".*.tmp"))
    if leftovers and repair:
        for p in leftovers:
            p.unlink(missing_ok=True)  # safe: we hold the lock, so no write is under way
        result.add(
            "warning",
            ws.rel(leftovers[0].parent),
            "",
            f"removed {len(leftovers)} temporary file(s) left by an interrupted write",
        )
    if repair:
        for uf in result.repaired:
            ws.save_unit_file(uf)
    return result


REPORT_FORMATS = ("md", "docx", "html")


def render_report(
    ws: Workspace,
    fmt: str = "md",
    out: Path | None = None,
    language: str | None = None,
    theme: str | None = None,
    reference_docx: Path | None = None,
) -> Path:
    """Render the report draft (or one theme's chapter); returns the path written."""
    from stc.report.view import build_view

    if fmt not in REPORT_FORMATS:
        raise Conflict(
            f"unknown report format {fmt!r}", hint=f"use one of {', '.join(REPORT_FORMATS)}"
        )
    if language and language not in LANGUAGES:
        raise Conflict(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    if reference_docx and not reference_docx.is_file():
        raise NotFound(f"reference document {reference_docx} does not exist")
    study = ws.study()
    if theme and not study.codebook.theme(theme):
        raise NotFound(f"no theme {theme!r}", hint="`stc theme list` shows the themes")
    printed = [
        u
        for g, units in study.units_by_code_group.items()
        if not theme or study.theme_of(g) == theme
        for u in units
    ]
    _refuse_identifiers(ws, study, printed)
    view = build_view(study, language, theme)
    target = out or ws.root / "reports" / (f"report-{theme}.{fmt}" if theme else f"report.{fmt}")
    templates = ws.root / "templates"
    if fmt == "md":
        from stc.report import markdown

        atomic_write(target, markdown.render(view, templates))
        return target
    from stc.report.provenance import provenance

    prov = provenance(ws.root)
    if fmt == "html":
        from stc.report import html

        atomic_write(target, html.render(view, prov, templates))
    else:
        from stc.report import docx

        atomic_write_bytes(target, docx.render(view, prov, reference_docx))
    return target


@writes
def record_power(ws: Workspace, /, notes: str | None = None, **dimensions: str) -> Project:
    """Record Malterud's information-power appraisal in stc.yaml (validated by the model)."""
    project = ws.project()
    power = {**project.power, **{k: v for k, v in dimensions.items() if v}}
    if notes is not None:
        power["notes"] = notes
    data = project.to_dict()
    data["information_power"] = power
    updated = Project.from_dict(data, CONFIG)
    ws.save_project(updated)
    return updated


@writes
def record_decision(
    ws: Workspace, text: str, step: int | None = None, author: str = "", date: str | None = None
) -> Decision:
    """Append a dated team decision to analyses/decisions.md (append-only)."""
    import datetime as dt

    if not text.strip():
        raise Conflict("the decision is empty")
    if step is not None and step not in (1, 2, 3, 4):
        raise Conflict(f"step {step} is not one of STC's four steps (1–4)")
    decision = Decision(date or dt.date.today().isoformat(), text.strip(), step, author)
    ws.append_decision(decision, ws.project().language)
    return decision


@writes
def record_validation(
    ws: Workspace,
    researcher: str,
    target: str,
    outcome: str,
    note: str = "",
    date: str | None = None,
) -> Validation:
    """Record what was re-read against the transcripts (recontextualisation) and the outcome."""
    import datetime as dt

    if outcome not in VALIDATION_OUTCOMES:
        raise Conflict(f"outcome {outcome!r} is not one of {', '.join(VALIDATION_OUTCOMES)}")
    record = Validation(date or dt.date.today().isoformat(), target, outcome, note)
    log = ws.validation(researcher)
    ws.save_validation(replace(log, records=(*log.records, record)))
    return record


@writes
def save_round(ws: Workspace, new: Round) -> Assignments:
    """Record (or replace) one analysis round in analyses/assignments.yaml."""
    old = ws.assignments()
    rounds = sorted(
        [r for r in old.rounds if r.number != new.number] + [new], key=lambda r: r.number
    )
    updated = Assignments(tuple(rounds))
    ws.save_assignments(updated)
    return updated


QUOTE_FORMATS = ("md", "csv", "xlsx", "docx", "json")
TABLE_FORMATS = ("table", "csv", "json", "xlsx")


def quote_bank(
    ws: Workspace, fmt: str = "md", language: str | None = None, **filters: str | bool | None
) -> str | bytes:
    """The quote bank in one format: text for md/csv/json, bytes for xlsx/docx."""
    import json

    from stc.interop.spreadsheet import to_csv, to_xlsx
    from stc.report import quotebank
    from stc.report.i18n import strings
    from stc.tables import QUOTE_COLUMNS, quote_rows

    if fmt not in QUOTE_FORMATS:
        raise Conflict(f"unknown format {fmt!r}", hint=f"use one of {', '.join(QUOTE_FORMATS)}")
    study = ws.study()
    rows = quote_rows(study, **filters)  # type: ignore[arg-type]
    _refuse_identifiers(ws, study, [study.unit_index[r.unit] for r in rows])
    lang = language or study.project.language
    title = f"{strings(lang)['quote_bank'].split(': ')[-1]}: {study.project.title}"
    if fmt == "json":
        return json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"
    table = [[getattr(r, c) for c in QUOTE_COLUMNS] for r in rows]
    if fmt == "csv":
        return to_csv(QUOTE_COLUMNS, table)
    if fmt == "xlsx":
        return to_xlsx("quotes", QUOTE_COLUMNS, table)
    if fmt == "docx":
        return quotebank.docx(rows, title, lang)
    return quotebank.markdown(rows, title, lang)


def code_matrix(ws: Workspace, by: str = "code-group", fmt: str = "table") -> str | bytes:
    """Units (informants) per code or code group × informant group, as text or xlsx."""
    import json

    from stc.interop.spreadsheet import to_csv, to_xlsx
    from stc.tables import matrix

    if fmt not in TABLE_FORMATS:
        raise Conflict(f"unknown format {fmt!r}", hint=f"use one of {', '.join(TABLE_FORMATS)}")
    m = matrix(ws.study(), by)
    if fmt == "json":
        return json.dumps(m.to_dict(), ensure_ascii=False, indent=2) + "\n"
    labels = [label for _, label in m.columns] + ["total"]
    if fmt == "table":
        header = [by, *labels]
        rows = [
            [label] + [f"{u} ({i})" if u else "–" for u, i in cells] for _, label, cells in m.rows
        ]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        lines = [
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
            for r in [header, *rows]
        ]
        return "\n".join(lines) + "\n\nunits (informants contributing)\n"
    ids = [gid for gid, _ in m.columns] + ["total"]
    header = [by.replace("-", "_"), "label"] + [
        f"{x} {k}" for x in ids for k in ("units", "informants")
    ]
    flat = [[rid, label, *[v for cell in cells for v in cell]] for rid, label, cells in m.rows]
    return to_csv(header, flat) if fmt == "csv" else to_xlsx("matrix", header, flat)


@dataclass(frozen=True)
class CodebookChange:
    summary: str
    files: tuple[str, ...]


def _apply_recode(ws: Workspace, recode: cb_steps.Recode, summary: str) -> CodebookChange:
    with ws.transaction():
        ws.save_codebook(recode.codebook)
        for uf in recode.unit_files:
            ws.save_unit_file(uf)
    files = (
        ws.rel(ws.codebook_path),
        *(ws.rel(ws.units_path(u.transcript, u.coder)) for u in recode.unit_files),
    )
    return CodebookChange(
        f"{summary}: {recode.units} meaning unit(s) in {len(recode.unit_files)} file(s) updated",
        files,
    )


@writes
def rename_code(ws: Workspace, old: str, new: str) -> CodebookChange:
    return _apply_recode(ws, cb_steps.rename_code(ws.study(), old, new), f"code {old} → {new}")


@writes
def merge_codes(ws: Workspace, source: str, target: str) -> CodebookChange:
    return _apply_recode(
        ws, cb_steps.merge_codes(ws.study(), source, target), f"code {source} merged into {target}"
    )


@writes
def move_code(ws: Workspace, code: str, code_group: str | None) -> CodebookChange:
    ws.save_codebook(cb_steps.move_code(ws.codebook(), code, code_group))
    where = f"code group {code_group}" if code_group else "unsorted codes"
    return CodebookChange(f"code {code} moved to {where}", (ws.rel(ws.codebook_path),))


@writes
def rename_code_group(
    ws: Workspace, old: str, new: str, label: str | None = None
) -> CodebookChange:
    """Rename a code group everywhere: codebook, its step 3 and step 4 files."""
    codebook = cb_steps.rename_code_group(ws.codebook(), old, new, label)
    condensation = ws.condensation(old)
    synthesis = ws.synthesis(old)
    files = [ws.rel(ws.codebook_path)]
    with ws.transaction():
        ws.save_codebook(codebook)
        if old != new and ws.step3_path(old).is_file():
            ws.save_condensation(replace(condensation, code_group=new))
            ws.delete(ws.step3_path(old))
            files.append(ws.rel(ws.step3_path(new)))
        if old != new and synthesis is not None:
            ws.save_synthesis(replace(synthesis, code_group=new))
            ws.delete(ws.step4_path(old))
            files.append(ws.rel(ws.step4_path(new)))
    return CodebookChange(f"code group {old} → {new}", tuple(files))


@writes
def edit_theme(
    ws: Workspace, theme_id: str, label: str | None = None, description: str | None = None
) -> None:
    ws.save_codebook(cb_steps.edit_theme(ws.codebook(), theme_id, label, description))


@writes
def remove_theme(ws: Workspace, theme_id: str) -> None:
    ws.save_codebook(cb_steps.remove_theme(ws.codebook(), theme_id))


LOCAL_CONFIG = ".stc/config.yaml"


def local_config(ws: Workspace) -> dict[str, str]:
    """This clone's settings (.stc/config.yaml, git-ignored)."""
    path = ws.root / LOCAL_CONFIG
    if not path.is_file():
        return {}
    data = ws.read_yaml(path)
    return {str(k): str(v) for k, v in data.items() if k != "schema_version"}


@writes
def set_local_researcher(ws: Workspace, researcher: str) -> None:
    check_id(researcher, "researcher")
    if all(r.id != researcher for r in ws.project().researchers):
        raise NotFound(
            f"{researcher!r} is not a researcher in {CONFIG}",
            hint=f"researchers: {', '.join(r.id for r in ws.project().researchers)}",
        )
    ws.write_yaml(ws.root / LOCAL_CONFIG, {**local_config(ws), "researcher": researcher})


def current_researcher(ws: Workspace, given: str | None) -> str | None:
    """--researcher, else $STC_RESEARCHER, else the one remembered in .stc/config.yaml."""
    import os

    return given or os.environ.get("STC_RESEARCHER") or local_config(ws).get("researcher")


@writes
def move_units(
    ws: Workspace, code_group: str, unit_ids: Sequence[str], subgroup: str, label: str = ""
) -> None:
    study = ws.study()
    ws.save_condensation(
        condense.move_units(study, ws.condensation(code_group), unit_ids, subgroup, label)
    )


@writes
def rename_subgroup(ws: Workspace, code_group: str, subgroup: str, label: str) -> None:
    ws.save_condensation(condense.rename_subgroup(ws.condensation(code_group), subgroup, label))


@writes
def remove_unit(ws: Workspace, unit_id: str) -> MeaningUnit:
    """Delete one meaning unit (undo while coding); refuses while step 3 or 4 uses it."""
    from stc.steps.synthesize import references

    study = ws.study()
    unit = study.unit_index.get(unit_id)
    if unit is None:
        raise NotFound(f"no meaning unit {unit_id!r}")
    used = [
        f"step 3 {cg}/{s.id}"
        for cg, c in study.condensations.items()
        for s in c.subgroups
        if unit_id in s.units
    ]
    used += [f"step 4 {cg}" for cg, s in study.syntheses.items() if unit_id in references(s.body)]
    if used:
        raise Conflict(f"unit {unit_id} is used in {', '.join(used)}", hint="remove it there first")
    uf = ws.unit_file(unit.transcript, unit.coder)
    ws.save_unit_file(replace(uf, units=tuple(u for u in uf.units if u.id != unit_id)))
    return unit


PROGRESS = ".stc/progress.yaml"


def coding_position(ws: Workspace, researcher: str, transcript: str) -> int:
    """The turn index (0-based) where this researcher stopped coding this transcript."""
    path = ws.root / PROGRESS
    data = ws.read_yaml(path) if path.is_file() else {}
    value = data.get(researcher, {}).get(transcript, 0)
    return value if isinstance(value, int) else 0


@writes
def save_coding_position(ws: Workspace, researcher: str, transcript: str, position: int) -> None:
    path = ws.root / PROGRESS
    data = ws.read_yaml(path) if path.is_file() else {}
    data.pop("schema_version", None)
    data.setdefault(researcher, {})[transcript] = position
    ws.write_yaml(path, data)


# --- anonymisation -------------------------------------------------------------------------

IDENTIFIERS = "private/identifiers.yaml"
ANON_KEY = "private/anonymisation-key.yaml"


def load_identifiers(ws: Workspace, path: Path | None = None) -> list[Identifier]:
    """The private identifier list: names, employers, places … with optional replacements."""
    from stc.model import Fields

    source = path or ws.root / IDENTIFIERS
    if not source.is_file():
        if path:
            raise NotFound(f"identifier list {path} does not exist")
        return []
    data = ws.read_yaml(source)
    f = Fields(data, ws.rel(source), ("schema_version", "identifiers"))
    out = []
    for i, item in enumerate(f.items("identifiers")):
        if isinstance(item, str):
            out.append(Identifier(item))
            continue
        g = Fields(item, f"{ws.rel(source)}: identifiers[{i}]", ("text", "kind", "replacement"))
        out.append(
            Identifier(g.req_text("text"), g.text("kind", "name"), g.opt_text("replacement"))
        )
    return out


def scanner(ws: Workspace, identifiers_file: Path | None = None) -> Scanner:
    project = ws.project()
    ids = load_identifiers(ws, identifiers_file)
    allow = [*project.allow, *(i.replacement for i in ids if i.replacement)]
    return Scanner(project.language, ids, allow, project.nlp_model)


def _scan_signature(s: Scanner) -> str:
    import hashlib

    from stc import __version__

    parts = [
        __version__,
        s.language,
        s.model or "",
        *sorted(s.allow),
        *sorted(f"{i.text}\x1f{i.kind}" for i in s.identifiers),
    ]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def scan(
    ws: Workspace,
    transcript_ids: Sequence[str] = (),
    identifiers_file: Path | None = None,
    use_cache: bool = True,
) -> list[Finding]:
    """Likely identifiers in transcripts (all when none named), cached by content in .stc/."""
    import hashlib

    from stc.anon import context_of

    s = scanner(ws, identifiers_file)
    ids = list(transcript_ids) or ws.transcript_ids()
    transcripts = [ws.transcript(t) for t in ids]
    signature = _scan_signature(s)
    cache = (ws.cache_read("anon") if use_cache else None) or {}
    if cache.get("signature") != signature:
        cache = {"signature": signature, "transcripts": {}}
    todo = []
    for t in transcripts:
        digest = hashlib.sha256("\x1e".join(x.text for x in t.turns).encode()).hexdigest()
        entry = cache["transcripts"].get(t.id)
        if not entry or entry["hash"] != digest:
            todo.append((t, digest))
    if todo:
        texts = [turn.text for t, _ in todo for turn in t.turns]
        results = iter(s.scan_texts(texts))
        for t, digest in todo:
            spans = [[turn.n, a, b, kind] for turn in t.turns for a, b, kind in next(results)]
            cache["transcripts"][t.id] = {"hash": digest, "findings": spans}
        if use_cache:
            ws.cache_write("anon", cache)
    out = []
    for t in transcripts:
        for n, a, b, kind in cache["transcripts"][t.id]["findings"]:
            text = t.turns[n - 1].text
            out.append(Finding(t.id, n, a, b, kind, text[a:b], context_of(text, a, b)))
    return out


@dataclass
class Anonymised:
    transcript: str
    replaced: dict[str, int]
    units: int
    diff: str


@writes
def anonymise(
    ws: Workspace,
    transcript_ids: Sequence[str] = (),
    identifiers_file: Path | None = None,
    dry_run: bool = False,
) -> list[Anonymised]:
    """Replace findings with consistent tags or pseudonyms; re-anchor affected units."""
    import difflib

    from stc.anon import Key, map_offset, replace_spans

    project = ws.project()
    ids = {i.text.casefold(): i for i in load_identifiers(ws, identifiers_file)}
    key_path = ws.root / ANON_KEY
    key = Key(dict(ws.read_yaml(key_path).get("entries", {})) if key_path.is_file() else {})
    findings = scan(ws, transcript_ids, identifiers_file)
    by_transcript: dict[str, list[Finding]] = {}
    for f in findings:
        by_transcript.setdefault(f.transcript, []).append(f)
    results, new_transcripts, new_units = [], [], []
    for tid in list(transcript_ids) or ws.transcript_ids():
        t = ws.transcript(tid)
        edits: dict[int, list[tuple[int, int, str]]] = {}
        counts: dict[str, int] = {}
        for f in by_transcript.get(tid, []):
            new = key.replacement(f.text, f.kind, project.language, ids)
            edits.setdefault(f.turn, []).append((f.start, f.end, new))
            counts[f.kind] = counts.get(f.kind, 0) + 1
        turns = tuple(
            replace(turn, text=replace_spans(turn.text, edits[turn.n])[0])
            if turn.n in edits
            else turn
            for turn in t.turns
        )
        new_t = replace(t, turns=turns, anonymised=True)
        moved = 0
        for uf in ws.unit_files():
            if uf.transcript != tid:
                continue
            units = []
            for u in uf.units:
                e = edits.get(u.turn)
                if not e:
                    units.append(u)
                    continue
                start, end = map_offset(u.start, e, "start"), map_offset(u.end, e, "end")
                text = turns[u.turn - 1].text[start:end]
                moved += text != u.text
                units.append(replace(u, start=start, end=end, text=text))
            new_units.append(replace(uf, units=tuple(units)))
        old_text = "\n\n".join(x.text for x in t.turns).splitlines()
        new_text = "\n\n".join(x.text for x in turns).splitlines()
        diff = "\n".join(
            difflib.unified_diff(
                old_text, new_text, f"{tid} (now)", f"{tid} (anonymised)", lineterm="", n=0
            )
        )
        results.append(Anonymised(tid, counts, moved, diff))
        new_transcripts.append(new_t)
    if not dry_run:
        with ws.transaction():
            for t in new_transcripts:
                ws.save_transcript(t)
            for uf in new_units:
                ws.save_unit_file(uf)
            ws.write_yaml(key_path, {"entries": dict(sorted(key.entries.items()))})
        key_path.chmod(0o600)
    return results


def _refuse_identifiers(ws: Workspace, study: Study, units: Sequence[MeaningUnit]) -> None:
    problems = quote_findings(ws, study, units)
    if problems:
        more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
        raise AnonymityError(
            "quotes would print likely identifiers:\n  " + "\n  ".join(problems[:8]) + more,
            hint="anonymise the transcripts (stc anon apply) or, for a false alarm, add the word "
            "to anonymity.allow in stc.yaml; nothing was written",
        )


def quote_findings(ws: Workspace, study: Study, units: Iterable[MeaningUnit]) -> list[str]:
    """Identifiers inside units about to be printed, as messages (empty when all is clean)."""
    wanted = {u.transcript for u in units}
    findings = scan(ws, sorted(t for t in wanted if t in study.transcripts))
    by_turn: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        by_turn.setdefault((f.transcript, f.turn), []).append(f)
    out = []
    for u in units:
        for f in by_turn.get((u.transcript, u.turn), []):
            if f.start < u.end and f.end > u.start:
                out.append(f"unit {u.id} quotes a likely {f.kind}: {f.text!r}")
    return out


# --- team ---------------------------------------------------------------------------------


@writes
def assign_round(
    ws: Workspace,
    number: int,
    researchers: Sequence[str],
    strategy: str,
    seed: int | None = None,
    transcripts: Sequence[str] = (),
    steps: Sequence[int] = (1, 2, 3, 4),
) -> Round:
    from stc.team import assign

    r = assign(ws.study(), number, researchers, strategy, seed, transcripts, steps)
    save_round(ws, r)
    return r


@writes
def consensus(ws: Workspace, sources: Sequence[str], into: str) -> tuple[int, int, list[str]]:
    """Build and save the consensus coding; steps 3–4 and the report then rest on it."""
    from stc.team import consensus as build

    check_id(into, "coder")
    result = build(ws.study(), sources, into)
    project = ws.project()
    with ws.transaction():
        for uf in result.files:
            ws.save_unit_file(uf)
        ws.save_project(replace(project, coding=(into,)))
    return len(result.files), result.merged, result.conflicts


def _model_for(name: str) -> Any:
    import fnmatch

    from stc.model import Step1, ValidationLog

    patterns = [
        ("stc.yaml", Project),
        ("codebooks/codebook.yaml", Codebook),
        ("analyses/step1/*.yaml", Step1),
        ("analyses/step2/*/*.yaml", UnitFile),
        ("analyses/step3/*.yaml", Condensation),
        ("analyses/assignments.yaml", Assignments),
        ("analyses/validation/*.yaml", ValidationLog),
    ]
    return next((cls for pattern, cls in patterns if fnmatch.fnmatch(name, pattern)), None)


def merge_files(base: Path, ours: Path, theirs: Path, name: str) -> list[str]:
    """Git merge driver: three-way merge of one stc YAML file into ``ours``; the conflicts."""
    from stc import yamlio
    from stc.store import versioned
    from stc.yamlmerge import merge

    def load(p: Path) -> Any:
        text = p.read_text(encoding="utf-8") if p.is_file() else ""
        return yamlio.load(text, name) if text.strip() else None

    merged, conflicts = merge(load(base), load(ours), load(theirs), name)
    cls = _model_for(name)
    if cls is not None and isinstance(merged, dict):
        try:
            data = cls.from_dict(merged, name).to_dict()
        except StcError as exc:
            conflicts.append(f"the merged file does not read back: {exc}")
            data = {k: v for k, v in merged.items() if k != "schema_version"}
    else:
        data = {k: v for k, v in (merged or {}).items() if k != "schema_version"}
    atomic_write(ours, yamlio.dump(versioned(data)))
    return conflicts


GITATTRIBUTES = """\
# stc: three-way merge of stc's YAML files by item (stc setup installs the driver)
*.yaml merge=stc
# the decision log is append-only: keep both sides' new entries
analyses/decisions.md merge=union
"""

PRE_COMMIT_HOOK = """\
#!/bin/sh
# installed by `stc setup`: refuse a commit while the workspace has errors or identifiers
{stc} check --no-repair >/dev/null || {{ echo "stc check: errors (run stc check)"; exit 1; }}
{stc} anon scan >/dev/null 2>&1 || {{ echo "stc anon scan: identifiers found"; exit 1; }}
"""


def setup_clone(ws: Workspace, hooks: bool) -> list[str]:
    """Configure a fresh clone: the merge driver (git config), .gitattributes, a hook."""
    import shlex
    import subprocess
    import sys

    stc = f"{shlex.quote(sys.executable)} -m stc"
    done = []
    git = ["git", "-C", str(ws.root)]
    top = subprocess.run(
        [*git, "rev-parse", "--git-dir"], capture_output=True, text=True, check=False
    )
    if top.returncode != 0:
        raise StcError(f"{ws.root} is not a git repository", hint="run `git init` first")
    for key, value in (
        ("merge.stc.name", "stc three-way merge of YAML files by item"),
        ("merge.stc.driver", f"{stc} merge-driver %O %A %B %P"),
    ):
        subprocess.run([*git, "config", key, value], check=True)
    done.append("merge driver 'stc' configured in .git/config")
    attrs = ws.root / ".gitattributes"
    if "merge=stc" not in (attrs.read_text(encoding="utf-8") if attrs.is_file() else ""):
        old = attrs.read_text(encoding="utf-8") if attrs.is_file() else ""
        atomic_write(attrs, old + ("\n" if old and not old.endswith("\n") else "") + GITATTRIBUTES)
        done.append(".gitattributes declares merge=stc for *.yaml (commit it)")
    if hooks:
        git_dir = Path(top.stdout.strip())
        hook = (git_dir if git_dir.is_absolute() else ws.root / git_dir) / "hooks" / "pre-commit"
        atomic_write(hook, PRE_COMMIT_HOOK.format(stc=stc))
        hook.chmod(0o755)
        done.append(f"pre-commit hook installed: {hook}")
    return done


# --- REFI-QDA ------------------------------------------------------------------------------


def export_qdpx(ws: Workspace, out: Path) -> Path:
    import datetime as dt

    from stc.interop.refi import export_qdpx as build

    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    atomic_write_bytes(out, build(ws.study(), stamp))
    return out


def export_qdc(ws: Workspace, out: Path) -> Path:
    from stc.interop.refi import export_qdc as build

    atomic_write_bytes(out, build(ws.codebook()))
    return out


def merge_codebook(old: Codebook, new: Codebook) -> tuple[Codebook, int]:
    """Add the themes, code groups and codes the codebook lacks; existing ones are kept."""
    themes = [*old.themes, *(t for t in new.themes if not old.theme(t.id))]
    groups = [*old.code_groups, *(g for g in new.code_groups if not old.code_group(g.id))]
    codes = [*old.codes, *(c for c in new.codes if not old.code(c.id))]
    added = (
        len(themes)
        + len(groups)
        + len(codes)
        - len(old.themes)
        - len(old.code_groups)
        - len(old.codes)
    )
    return Codebook(tuple(themes), tuple(groups), tuple(codes)), added


@dataclass
class RefiImport:
    transcripts: int
    units: int
    codes_added: int
    groups_added: int
    notices: list[str]


@writes
def import_refi(
    ws: Workspace,
    path: Path,
    group: str | None = None,
    group_variable: str | None = None,
    force: bool = False,
) -> RefiImport:
    """Import a .qdpx project or a .qdc codebook; nothing is written if anything is refused."""
    from stc.interop.refi import import_qdc, import_qdpx

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFound(f"{path}: {exc.strerror}") from None
    if path.suffix.lower() == ".qdc":
        codebook, added = merge_codebook(ws.codebook(), import_qdc(data, str(path)))
        ws.save_codebook(codebook)
        return RefiImport(0, 0, added, 0, [])
    project = ws.project()
    if group and not project.group(group):
        raise NotFound(
            f"informant group {group!r} is not in {CONFIG}",
            hint=f"add it first: stc group add {group} --label '…'",
        )
    refi = import_qdpx(data, str(path), group, group_variable)
    for t in refi.transcripts:
        if ws.transcript_path(t.id).exists() and not force:
            raise Conflict(
                f"{path}: transcript {t.id!r} exists already",
                hint="import into an empty workspace, or --force to replace",
            )
    raw = [t.id for t in refi.transcripts if _scan_transcript(ws, t)]
    if raw and not force:
        raise Conflict(
            f"{path}: likely identifiers in {', '.join(raw[:5])}",
            hint="import with --force (marked not anonymised) and run stc anon apply",
        )
    codebook, added = merge_codebook(ws.codebook(), refi.codebook)
    new_groups = [g for g in refi.groups if not project.group(g.id)]
    files: dict[tuple[str, str], list[MeaningUnit]] = {}
    for u in refi.units:
        files.setdefault((u.transcript, u.coder), []).append(u)
    with ws.transaction():
        if new_groups:
            ws.save_project(replace(project, groups=(*project.groups, *new_groups)))
        ws.save_codebook(codebook)
        for t in refi.transcripts:
            ws.save_transcript(replace(t, anonymised=t.id not in raw))
        for (tid, coder), units in files.items():
            ws.save_unit_file(UnitFile(tid, coder, tuple(units)))
    return RefiImport(len(refi.transcripts), len(refi.units), added, len(new_groups), refi.notices)
