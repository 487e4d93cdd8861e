"""Reports, quote banks, matrices and the records the method section cites."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stc.api._base import known_researcher, writes
from stc.api.gate import gate
from stc.core.gate import Scope, printed_units
from stc.core.quotes import Matrix
from stc.errors import InvalidValue, NotFound
from stc.layout import CONFIG, REPORTS
from stc.model import (
    LANGUAGES,
    VALIDATION_OUTCOMES,
    Assignments,
    Decision,
    Project,
    Round,
    Validation,
)
from stc.store import Workspace
from stc.store.files import read_input, write_output

REPORT_FORMATS = ("md", "docx", "html")


def render_report(
    ws: Workspace,
    fmt: str = "md",
    out: Path | None = None,
    language: str | None = None,
    theme: str | None = None,
    reference_docx: Path | None = None,
    quote_bank: bool | None = None,
) -> Path:
    """Render the report draft (or one theme's chapter); returns the path written.

    The quote bank appendix is in Markdown and HTML and left out of DOCX unless ``quote_bank``
    (or stc.yaml's report.quote_bank) says otherwise.
    """
    from stc.report.view import build_view

    if fmt not in REPORT_FORMATS:
        raise InvalidValue(
            f"unknown report format {fmt!r}", hint=f"use one of {', '.join(REPORT_FORMATS)}"
        )
    if language and language not in LANGUAGES:
        raise InvalidValue(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    reference = _reference(ws, reference_docx) if reference_docx else None
    study = ws.study()
    if theme and not study.codebook.theme(theme):
        raise NotFound(f"no theme {theme!r}", hint="`stc theme list` shows the themes")
    scope = Scope(printed_units(study, Scope(theme=theme)), theme)
    output = "chapter" if theme else "report"
    checked = gate(ws, study, output, scope)  # refuse before the work of rendering
    if quote_bank is None:
        quote_bank = study.project.quote_bank
    view = build_view(
        study,
        language,
        theme,
        ws.report_texts(),
        fmt != "docx" if quote_bank is None else quote_bank,
    )
    target = out or ws.root / REPORTS / (f"report-{theme}.{fmt}" if theme else f"report.{fmt}")
    templates = ws.template
    content: str | bytes
    if fmt == "md":
        from stc.report import markdown

        content = markdown.render(view, templates)
    else:
        from stc.report.provenance import provenance

        prov = provenance(ws.root)
        if fmt == "html":
            from stc.report import html

            content = html.render(view, prov, templates)
        else:
            from stc.report import docx

            content = docx.render(view, prov, reference)
    checked.check(content)
    write_output(ws.root, target, content)
    return target


def _reference(ws: Workspace, path: Path) -> bytes:
    """The bytes of a --reference-docx: no link inside the workspace, within the limits."""
    from stc.limits import TEXT_INPUT

    try:
        return read_input(ws.root, path, TEXT_INPUT)
    except (FileNotFoundError, IsADirectoryError):
        raise NotFound(f"reference document {path} does not exist") from None


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
        raise InvalidValue("the decision is empty")
    if step is not None and step not in (1, 2, 3, 4):
        raise InvalidValue(f"step {step} is not one of STC's four steps (1–4)")
    if author:
        known_researcher(ws, author)
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
    known_researcher(ws, researcher)
    import datetime as dt

    if outcome not in VALIDATION_OUTCOMES:
        raise InvalidValue(f"outcome {outcome!r} is not one of {', '.join(VALIDATION_OUTCOMES)}")
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

    from stc.core.quotes import QUOTE_COLUMNS, quote_rows
    from stc.i18n import strings
    from stc.interop.spreadsheet import to_csv, to_xlsx
    from stc.report import quotebank

    if fmt not in QUOTE_FORMATS:
        raise InvalidValue(f"unknown format {fmt!r}", hint=f"use one of {', '.join(QUOTE_FORMATS)}")
    study = ws.study()
    rows = quote_rows(study, **filters)  # type: ignore[arg-type]
    theme, code_group = filters.get("theme"), filters.get("code_group")
    scope = Scope(
        tuple(study.unit_index[r.unit] for r in rows),
        theme if isinstance(theme, str) else None,
        (code_group,) if isinstance(code_group, str) else None,
    )
    checked = gate(ws, study, "quotes", scope)
    lang = language or study.project.language
    title = f"{strings(lang)['quote_bank'].split(': ')[-1]}: {study.project.title}"
    table = [[getattr(r, c) for c in QUOTE_COLUMNS] for r in rows]
    content: str | bytes
    if fmt == "json":
        content = json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        content = to_csv(QUOTE_COLUMNS, table)
    elif fmt == "xlsx":
        content = to_xlsx("quotes", QUOTE_COLUMNS, table)
    elif fmt == "docx":
        content = quotebank.docx(rows, title, lang)
    else:
        content = quotebank.markdown(rows, title, lang)
    checked.check(content)
    return content


def code_matrix(ws: Workspace, by: str = "code-group", fmt: str = "table") -> str | bytes:
    """Units (informants) per code or code group × informant group, as text or xlsx."""
    from stc.core.quotes import matrix

    if fmt not in TABLE_FORMATS:
        raise InvalidValue(f"unknown format {fmt!r}", hint=f"use one of {', '.join(TABLE_FORMATS)}")
    study = ws.study()
    m = matrix(study, by)
    checked = gate(ws, study, "matrix", Scope())
    content = _matrix_content(m, by, fmt)
    checked.check(content)
    return content


def _matrix_content(m: Matrix, by: str, fmt: str) -> str | bytes:
    import json

    from stc.interop.spreadsheet import to_csv, to_xlsx

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
