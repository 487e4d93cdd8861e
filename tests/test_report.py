"""Report drafts: golden Markdown, DOCX opened with python-docx, drafts at any stage."""

import os
import re
from pathlib import Path

import docx
import pytest

from stc import api
from stc.store import Workspace

GOLDEN = Path(__file__).parent / "golden"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("STC_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; STC_UPDATE_GOLDEN=1 to accept"
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_demo_markdown_matches_golden_file(demo: Workspace, language: str):
    out = api.render_report(demo, "md", language=language)
    _golden(f"demo-report.{language}.md", out.read_text(encoding="utf-8"))


def test_markdown_is_byte_identical_between_runs(demo: Workspace, tmp_path: Path):
    a = api.render_report(demo, "md", out=tmp_path / "a.md").read_bytes()
    b = api.render_report(demo, "md", out=tmp_path / "b.md").read_bytes()
    assert a == b


def test_report_never_shows_transcript_ids_coders_or_unit_ids(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    study = demo.study()
    for tid in study.transcripts:
        assert not re.search(rf"\b{re.escape(tid)}\b", md), tid
    assert "[[" not in md
    assert ".ib." not in md
    assert ".tl." not in md


def test_quotes_are_attributed_by_group_or_quote_as(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    quotes = [line for line in md.splitlines() if line.startswith("> ")]
    labels = {re.search(r"\(([^()]*)\)$", q).group(1) for q in quotes}  # type: ignore[union-attr]
    assert labels == {"NAV-veileder", "Arbeidstaker", "Arbeidsgiver", "NAV-ansatt, systemnivå"}
    assert "(NAV Fylket)" not in md


def test_participants_table_lists_each_group_and_the_total(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "Tabell 1 – Deltakere og antall" in md
    assert "| NAV Fylket | 2 |" in md
    assert "| Arbeidstaker | 4 |" in md
    assert "| **Totalt** | **14** |" in md


def test_an_early_workspace_renders_with_visible_todo_markers(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saker", "tid")
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker")
    md = api.render_report(ws, "md").read_text(encoding="utf-8")
    assert (
        "**[Å SKRIVE: analytisk tekst for kodegruppen «Tid og saker» er ikke skrevet ennå]**" in md
    )
    assert "**[Å SKRIVE: enhetene i kodegruppen er ikke sortert i subgrupper ennå]**" in md
    en = api.render_report(ws, "md", language="en").read_text(encoding="utf-8")
    assert (
        "**[TO WRITE: the analytic text for code group “Tid og saker” is not written yet]**" in en
    )


def test_an_empty_workspace_renders(ws: Workspace):
    md = api.render_report(ws, "md").read_text(encoding="utf-8")
    assert "ingen kodegrupper ennå" in md


def test_theme_chapter_holds_only_that_theme(demo: Workspace):
    out = api.render_report(demo, "md", theme="motet")
    assert out.name == "report-motet.md"
    md = out.read_text(encoding="utf-8")
    assert md.startswith("## 7 Møtet mellom NAV og den sykmeldte\n")  # no title block
    assert "«Læringskurven er bratt»" not in md
    assert "Metode" not in md and "Oppfølging av sykmeldte i NAV" not in md
    assert "### 7.3 Oppsummering" in md


def _styles(doc: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs]


def test_docx_uses_word_builtin_styles(demo: Workspace):
    path = api.render_report(demo, "docx")
    doc = docx.Document(str(path))
    paras = _styles(doc)
    assert paras[0] == ("Title", "Oppfølging av sykmeldte i NAV")
    h1 = [t for s, t in paras if s == "Heading 1"]
    assert h1 == [
        "Sammendrag",
        "1 Innledning",
        "2 Datainnsamling",
        "3 Metode",
        "4 Resultater",
        "5 Prioritering av begrensede ressurser",
        "6 Kompetanse og samarbeid",
        "7 Møtet mellom NAV og den sykmeldte",
        "8 Diskusjon",
        "9 Konklusjon",
        "Referanser",
        "Vedlegg A: Kodebok",  # the quote bank is left out of the DOCX by default
    ]
    h2 = [t for s, t in paras if s == "Heading 2"]
    assert "6.1 «Læringskurven er bratt»" in h2
    quotes = [t for s, t in paras if s == "Quote"]
    assert "Læringskurven er bratt hvis man ikke har jobbet i NAV før. (NAV-veileder)" in quotes
    assert all(t.endswith(")") for t in quotes)
    assert ("Caption", "Tabell 1 – Deltakere og antall") in paras
    assert any(s == "List Number" for s, _ in paras)
    table = doc.tables[0]
    assert table.style.name == "Table Grid"
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Informantgruppe", "Antall"]
    assert rows[-1] == ["Totalt", "14"]
    assert len(doc.tables) == 4


def test_docx_renders_markdown_as_word_formatting(demo: Workspace):
    doc = docx.Document(str(api.render_report(demo, "docx")))
    bold = [r.text for p in doc.paragraphs for r in p.runs if r.bold]
    italic = [r.text for p in doc.paragraphs for r in p.runs if r.italic]
    assert "bare det mest nødvendige" in bold
    assert "aktivitet" in italic
    assert not any("**" in p.text for p in doc.paragraphs)


def test_docx_properties_carry_provenance_not_the_text(demo: Workspace):
    doc = docx.Document(str(api.render_report(demo, "docx", language="en")))
    props = doc.core_properties
    assert props.title == "Oppfølging av sykmeldte i NAV"
    assert props.author == "Ingrid Bakke, Tor Lunde"
    assert props.language == "en-GB"
    assert "stc: " in props.comments
    assert "date: " in props.comments
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["Summary", "1 Introduction", "2 Data collection", "3 Method"]
