"""Quote bank rows and code × informant-group matrices (pure; rendering lives elsewhere).

Column names are stable and documented in docs/formats.md; spreadsheets and JSON use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from stc.core.check import attribution_problems
from stc.core.units import informant_words, informants

__all__ = ["QUOTE_COLUMNS", "Matrix", "QuoteRow", "informants", "matrix", "quote_rows"]
from stc.errors import AnonymityError, NotFound
from stc.model import MeaningUnit, Subgroup
from stc.study import Study, require_known

QUOTE_COLUMNS = (
    "quote",
    "attribution",
    "theme",
    "code_group",
    "subgroup",
    "codes",
    "golden",
    "transcript",
    "unit",
    "turn",
    "question",
)


@dataclass(frozen=True)
class QuoteRow:
    quote: str
    attribution: str
    theme: str
    code_group: str
    subgroup: str
    codes: str
    golden: bool
    transcript: str
    unit: str
    turn: int
    question: str = ""  # the interviewer's words of a unit that spans question and answer

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def quote_rows(
    study: Study,
    theme: str | None = None,
    code_group: str | None = None,
    subgroup: str | None = None,
    group: str | None = None,
    golden: bool = False,
) -> list[QuoteRow]:
    """The quote bank: one row per verbatim span and code group, in report order."""
    problems = attribution_problems(study)
    if problems:
        raise AnonymityError("\n".join(problems), hint="`stc check` lists all problems")
    cb = study.codebook
    for kind, value, found in (
        ("theme", theme, cb.theme),
        ("code group", code_group, cb.code_group),
    ):
        if value and not found(value):
            raise NotFound(f"no {kind} {value!r}", hint="`stc codebook show` lists them")
    require_known("informant group", group, study.groups)
    subgroups = {
        s.id
        for cg, c in study.condensations.items()
        if not code_group or cg == code_group
        for s in c.subgroups
    }
    require_known("subgroup", subgroup, subgroups)
    rows = []
    for g in cb.code_groups:
        if (code_group and g.id != code_group) or (theme and study.theme_of(g.id) != theme):
            continue
        t = cb.theme(study.theme_of(g.id) or "")
        c = study.condensations.get(g.id)
        sub_of = {uid: s for s in (c.subgroups if c else ()) for uid in s.units}
        goldens = {s.golden for s in (c.subgroups if c else ()) if s.golden}
        seen: set[tuple[str, int, int, int, int]] = set()
        for u in _in_subgroup_order(study.units_by_code_group.get(g.id, []), sub_of):
            span = (u.transcript, *u.anchor)
            sub = sub_of.get(u.id)
            if span in seen or (subgroup and (not sub or sub.id != subgroup)):
                continue
            tr = study.transcripts.get(u.transcript)
            if group and (not tr or tr.group != group):
                continue
            if golden and u.id not in goldens:
                continue
            seen.add(span)
            question, said = informant_words(tr, u) if tr else ("", u.text)
            rows.append(
                QuoteRow(
                    said,
                    study.attribution(u.transcript),
                    t.label if t else "",
                    g.label,
                    sub.label if sub else "",
                    ", ".join(_display(study, c) for c in u.codes),
                    u.id in goldens,
                    u.transcript,
                    u.id,
                    u.turn,
                    question,
                )
            )
    return rows


def _in_subgroup_order(
    units: list[MeaningUnit], sub_of: Mapping[str, Subgroup]
) -> list[MeaningUnit]:
    """Units of the first subgroup first, …, unsorted units last (stable within each)."""
    order = {s.id: i for i, s in enumerate(dict.fromkeys(sub_of.values()))}
    return sorted(units, key=lambda u: order[sub_of[u.id].id] if u.id in sub_of else len(order))


@dataclass(frozen=True)
class Matrix:
    by: str
    columns: list[tuple[str, str]]  # (informant group id, label)
    rows: list[tuple[str, str, list[tuple[int, int]]]]  # (id, label, cells incl. total)

    def to_dict(self) -> dict[str, object]:
        names = [gid for gid, _ in self.columns] + ["total"]
        return {
            "by": self.by,
            "columns": [{"id": gid, "label": label} for gid, label in self.columns],
            "rows": [
                {"id": rid, "label": label, "cells": _cells(names, cells)}
                for rid, label, cells in self.rows
            ],
        }


def _cells(names: list[str], cells: list[tuple[int, int]]) -> dict[str, dict[str, int]]:
    return {n: {"units": u, "informants": i} for n, (u, i) in zip(names, cells, strict=True)}


def matrix(study: Study, by: str = "code-group") -> Matrix:
    """Meaning units (and informants contributing) per code or code group × informant group."""

    if by not in ("code", "code-group"):
        raise NotFound(f"cannot build a matrix by {by!r}", hint="use --by code or --by code-group")
    groups = [g for g in study.project.groups if study.informants_by_group[g.id]]
    cb = study.codebook
    if by == "code":
        # the coding the analysis rests on, as --by code-group counts (not every coder's)
        keys = [(c.id, c.display, [u for u in study.analysed if c.id in u.codes]) for c in cb.codes]
    else:
        keys = [(g.id, g.label, study.units_by_code_group.get(g.id, [])) for g in cb.code_groups]
    rows = []
    for rid, label, units in keys:
        spans = list({(u.transcript, *u.anchor): u for u in units}.values())
        cells = []
        for g in groups:
            mine = [u for u in spans if study.transcripts[u.transcript].group == g.id]
            cells.append((len(mine), informants(study, mine)))
        cells.append((len(spans), informants(study, spans)))
        rows.append((rid, label, cells))
    return Matrix(by, [(g.id, g.label) for g in groups], rows)


def _display(study: Study, code: str) -> str:
    """A code as readers see it: its label, else its id."""
    c = study.codebook.code(code)
    return c.display if c else code
