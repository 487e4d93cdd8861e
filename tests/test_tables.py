"""stc quotes and stc matrix."""

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest

from stc import api
from stc.core.quotes import QUOTE_COLUMNS
from stc.errors import AnonymityError, NotFound
from stc.store import Workspace


def test_quote_json_rows_hold_every_column(demo: Workspace):
    rows = json.loads(api.quote_bank(demo, "json"))
    assert list(rows[0]) == list(QUOTE_COLUMNS)
    assert {r["code_group"] for r in rows} == {g.label for g in demo.codebook().code_groups}
    spans = [(r["code_group"], r["transcript"], r["quote"]) for r in rows]
    assert len(spans) == len(set(spans)), "one row per verbatim span and code group"


def test_quote_filters(demo: Workspace):
    golden = json.loads(api.quote_bank(demo, "json", golden=True))
    assert len(golden) == 14 and all(r["golden"] for r in golden)
    theirs = json.loads(api.quote_bank(demo, "json", group="arbeidsgiver", code_group="samarbeid"))
    assert theirs and {(r["attribution"], r["code_group"]) for r in theirs} == {
        ("Arbeidsgiver", "Samarbeid med arbeidsgiver og fastlege")
    }
    sub = json.loads(
        api.quote_bank(demo, "json", code_group="kompetanse", subgroup="laering-fra-erfarne")
    )
    assert {r["subgroup"] for r in sub} == {"Kompetansen sitter i de erfarne"}
    theme = json.loads(api.quote_bank(demo, "json", theme="motet"))
    assert {r["theme"] for r in theme} == {"Møtet mellom NAV og den sykmeldte"}
    with pytest.raises(NotFound):
        api.quote_bank(demo, "json", code_group="nope")


def test_quote_csv_and_xlsx_have_the_documented_columns(demo: Workspace, tmp_path: Path):
    rows = list(csv.reader(io.StringIO(api.quote_bank(demo, "csv"))))  # type: ignore[arg-type]
    assert tuple(rows[0]) == QUOTE_COLUMNS and len(rows) > 60
    path = tmp_path / "q.xlsx"
    path.write_bytes(api.quote_bank(demo, "xlsx"))  # type: ignore[arg-type]
    sheet = openpyxl.load_workbook(path).active
    assert tuple(c.value for c in sheet[1]) == QUOTE_COLUMNS
    assert sheet.max_row == len(rows)


def test_quote_md_and_docx_never_show_ids(demo: Workspace, tmp_path: Path):
    md = api.quote_bank(demo, "md", code_group="opplevelse")
    assert isinstance(md, str) and "> Man føler seg veldig alene" in md and "(Arbeidstaker)" in md
    assert "ark-01" not in md
    path = tmp_path / "q.docx"
    path.write_bytes(api.quote_bank(demo, "docx"))  # type: ignore[arg-type]
    doc = docx.Document(str(path))
    quotes = [p.text for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes and all(".ib." not in q and ".tl." not in q for q in quotes)


def test_quote_bank_refuses_identifying_attribution(ws: Workspace):
    api.add_group(ws, "lege", "Fastlege")
    from tests.conftest import write_transcript

    write_transcript(ws, "lege-01", "lege")
    api.add_unit(ws, "lege-01", "ms", ["x"], quote="for mange saker")
    with pytest.raises(AnonymityError, match="'lege'"):
        api.quote_bank(ws, "csv")


def test_matrix_counts_units_and_informants(demo: Workspace):
    m = json.loads(api.code_matrix(demo, "code-group", "json"))
    row = next(r for r in m["rows"] if r["id"] == "opplevelse")
    assert row["cells"]["arbeidstaker"] == {"units": 10, "informants": 4}
    assert row["cells"]["total"]["units"] == sum(
        c["units"] for k, c in row["cells"].items() if k != "total"
    )
    by_code = json.loads(api.code_matrix(demo, "code", "json"))
    assert len(by_code["rows"]) == 19


def test_matrix_table_and_csv(demo: Workspace, cli):
    r = cli(demo.root, "matrix")
    assert (
        r.exit_code == 0 and "Rammebetingelser og ressursutnyttelse" in r.stdout and "(" in r.stdout
    )
    r = cli(demo.root, "matrix", "--by", "code", "--format", "csv")
    header = r.stdout.splitlines()[0].split(",")
    assert header[:4] == ["code", "label", "nav-veileder units", "nav-veileder informants"]
    assert cli(demo.root, "matrix", "--by", "theme").exit_code == 2  # a usage error


def test_quotes_cli_writes_binary_formats_to_reports(demo: Workspace, cli):
    r = cli(demo.root, "quotes", "--format", "xlsx")
    assert r.exit_code == 0 and (demo.root / "reports" / "quotes.xlsx").is_file()
    assert "keep it internal" in r.stderr


def test_the_code_matrix_counts_the_coding_the_analysis_rests_on(demo: Workspace):
    # after a consensus merge every span stands three times (ib, tl, team); both matrices
    # count the consensus coding only, so a code's total is its spans in that coding
    assert api.consensus(demo, ["ib", "tl"], "team").added
    study = Workspace(demo.root).study()
    assert study.project.coding == ("team",)
    by_code = json.loads(api.code_matrix(Workspace(demo.root), "code", "json"))
    for row in by_code["rows"]:
        spans = {(u.transcript, *u.anchor) for u in study.analysed if row["id"] in u.codes}
        assert row["cells"]["total"]["units"] == len(spans), row["id"]
    by_group = json.loads(api.code_matrix(Workspace(demo.root), "code-group", "json"))
    for row in by_group["rows"]:
        units = study.units_by_code_group[row["id"]]
        assert {u.coder for u in units} <= {"team"}
        assert row["cells"]["total"]["units"] == len({(u.transcript, *u.anchor) for u in units})


def test_quote_rows_by_hand(ws: Workspace):
    from stc.core.quotes import quote_rows

    api.add_theme(ws, "Hverdagen", "hverdag")
    api.add_code_group(ws, "tid", "Tid og press", theme="hverdag")
    api.add_code_group(ws, "rolle", "Rolle")
    api.add_code(ws, "saker", "tid", label="For mange saker")
    api.add_code(ws, "frist", "tid")
    api.add_code(ws, "jobb", "rolle")
    a = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    twin = api.add_unit(ws, "vei-01", "ak", ["saker", "frist"], quote="Vi har for mange saker.")
    b = api.add_unit(ws, "fyl-01", "ms", ["frist"], quote="Jeg rekker ikke").unit
    qa = api.add_unit(ws, "dir-01", "ms", ["frist"], turn=3, start=0, end=23, to_turn=4).unit
    c = api.add_unit(ws, "vei-02", "ms", ["jobb"], quote="Jeg jobber som veileder.").unit
    api.add_subgroup(ws, "tid", "frister", "Fristene", [qa.id])
    api.add_subgroup(ws, "tid", "frister", "", [b.id])
    api.choose_golden(ws, "tid", "frister", b.id)
    study = ws.study()
    rows = quote_rows(study)
    # subgroup order first (frister: qa, then b), unsorted after; one row per span
    vei = twin.unit.id  # the same span by ak and ms: one row (the first coder's unit)
    assert [(r.unit, r.subgroup, r.golden) for r in rows] == [
        (qa.id, "Fristene", False),
        (b.id, "Fristene", True),
        (vei, "", False),
        (c.id, "", False),
    ]
    assert a.id not in {r.unit for r in rows}
    first = rows[0]
    assert (first.quote, first.question, first.turn) == (
        "Vi har for mange saker.", "Hvordan prioriterer du?", 3
    )  # fmt: skip
    assert (first.attribution, first.theme, first.code_group, first.codes) == (
        "NAV-ansatt, systemnivå", "Hverdagen", "Tid og press", "frist"
    )  # fmt: skip
    assert rows[2].codes == "For mange saker, frist"  # labels as readers see them
    assert (rows[3].theme, rows[3].code_group, rows[3].transcript) == ("", "Rolle", "vei-02")
    assert [r.unit for r in quote_rows(study, golden=True)] == [b.id]
    assert [r.unit for r in quote_rows(study, subgroup="frister")] == [qa.id, b.id]
    assert [r.unit for r in quote_rows(study, group="veileder")] == [vei, c.id]
    assert [r.unit for r in quote_rows(study, theme="hverdag")] == [qa.id, b.id, vei]
    assert [r.unit for r in quote_rows(study, code_group="rolle")] == [c.id]
    for kw, words in (
        ({"theme": "nope"}, "no theme 'nope'"),
        ({"code_group": "nope"}, "no code group 'nope'"),
        ({"group": "nope"}, "no informant group 'nope'"),
        ({"subgroup": "nope"}, "no subgroup 'nope'"),
        ({"code_group": "rolle", "subgroup": "frister"}, "no subgroup 'frister'"),
    ):
        with pytest.raises(NotFound) as caught:
            quote_rows(study, **kw)
        assert caught.value.message == words


def test_the_matrix_json_layout_by_hand(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid", label="For mange saker")
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-02", "ms", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "fyl-01", "ak", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "fyl-01", "ms", ["saker"], quote="Vi har for mange saker.")  # same span
    by_code = json.loads(api.code_matrix(ws, "code", "json"))
    assert by_code == {
        "by": "code",
        "columns": [
            {"id": "veileder", "label": "NAV-veileder"},
            {"id": "fylke", "label": "NAV Fylket"},
            {"id": "dir", "label": "Direktoratet"},
        ],
        "rows": [
            {
                "id": "saker",
                "label": "For mange saker",
                "cells": {
                    "veileder": {"units": 2, "informants": 2},
                    "fylke": {"units": 1, "informants": 1},
                    "dir": {"units": 0, "informants": 0},
                    "total": {"units": 3, "informants": 3},
                },
            }
        ],
    }
    by_group = json.loads(api.code_matrix(ws, "code-group", "json"))
    assert by_group["by"] == "code-group"
    assert [(r["id"], r["label"]) for r in by_group["rows"]] == [("tid", "Tid")]
    assert by_group["rows"][0]["cells"] == by_code["rows"][0]["cells"]
