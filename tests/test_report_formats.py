"""HTML, DOCX details, templates, chapters and the method section's records."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from stc import api
from stc.errors import StcError
from stc.store import Workspace

GOLDEN = Path(__file__).parent / "golden"


def _stable_html(text: str) -> str:
    text = re.sub(r'<meta name="generator" content="[^"]*">', "<meta generator>", text)
    return re.sub(r"<footer>.*?</footer>", "<footer/>", text, flags=re.DOTALL)


def test_demo_html_matches_golden_file(demo: Workspace):
    import os

    html = _stable_html(api.render_report(demo, "html").read_text(encoding="utf-8"))
    path = GOLDEN / "demo-report.nb.html"
    if os.environ.get("STC_UPDATE_GOLDEN"):
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8")


def test_html_is_self_contained_and_printable(demo: Workspace):
    html = api.render_report(demo, "html").read_text(encoding="utf-8")
    assert "<style>" in html and "@media print" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert 'class="heat"' in html and "background:#" in html
    assert (
        '<blockquote><p>Læringskurven er bratt hvis man ikke har jobbet i NAV før. <span class="attr">(NAV-veileder)</span>'
        in html
    )
    assert 'id="fn-1"' in html and 'href="#fn-1"' in html


def test_html_escapes_workspace_text(ws: Workspace):
    api.add_code_group(ws, "tid", "<script>alert(1)</script>")
    api.add_code(ws, "saker", "tid")
    html = api.render_report(ws, "html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_workspace_template_extends_the_builtin(demo: Workspace):
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.html.j2").write_text(
        '{% extends "stc/report.html.j2" %}{% block styles %}{{ super() }} body { color: #123456; }'
        "{% endblock %}{% block footer %}<footer>Institusjonens mal</footer>{% endblock %}",
        encoding="utf-8",
    )
    html = api.render_report(demo, "html").read_text(encoding="utf-8")
    assert "color: #123456" in html and "@media print" in html
    assert "<footer>Institusjonens mal</footer>" in html and "«Læringskurven er bratt»" in html


def test_workspace_templates_cannot_read_outside_the_folder(demo: Workspace):
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.md.j2").write_text(
        '{% include "../stc.yaml" %}', encoding="utf-8"
    )
    with pytest.raises(StcError, match="templates"):
        api.render_report(demo, "md")


def test_method_section_draws_on_the_records(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "### 3.3 Informasjonsstyrke" in md and "analysestrategi: tverrgående" in md
    assert "I analyserunde 1 (trinn 1–3) ble seks intervjuer fordelt tilfeldig" in md
    assert "fire funn holdt opp mot transkripsjonene igjen: to ble bekreftet, én revidert" in md
    assert "ble det notert moteksempler." in md
    assert "- **27. oktober 2025 (trinn 3):** Dialogmøtet gis egen kodegruppe" in md
    assert "Intervjuene ble gjort mellom 2. september og 16. oktober 2025." in md
    assert "Ingrid Bakke (seks) og Tor Lunde (seks) gjorde intervjuene." in md
    assert "elleve individuelle intervjuer og ett fokusgruppeintervju med tre deltakere" in md
    assert "- **Tor Lunde:** Jeg har bakgrunn fra bedriftshelsetjenesten" in md


def test_overview_and_heat_map_tables(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "Tabell 2 – Temaer, kodegrupper og subgrupper" in md
    assert (
        "| Prioritering av begrensede ressurser | Rammebetingelser og ressursutnyttelse | For mange saker"
        in md
    )
    assert "|  |  | Fristene og måltallene styrer | 5 |" in md
    assert (
        "| Kodegruppe | NAV-veileder | Arbeidstaker | Arbeidsgiver | NAV-ansatt, systemnivå | Totalt |"
        in md
    )


def test_footnotes_are_numbered_across_the_report(demo: Workspace):
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "tilbake i arbeid.[^1] Et møte" in md
    assert "[^1]: Informantene nevner særlig andelen dialogmøter" in md


def test_headings_can_be_unnumbered(demo: Workspace):
    cfg = demo.root / "stc.yaml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "  institution: Demonstrasjonsinstituttet\n",
            "  institution: Demonstrasjonsinstituttet\n  number_headings: false\n",
        ),
        encoding="utf-8",
    )
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "## Metode" in md and "## 3 Metode" not in md


def _docx_xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_docx_has_real_footnotes_and_shaded_heat_map(demo: Workspace):
    path = api.render_report(demo, "docx")
    notes = _docx_xml(path, "word/footnotes.xml")
    assert "Informantene nevner særlig andelen dialogmøter" in notes
    body = _docx_xml(path, "word/document.xml")
    assert '<w:footnoteReference w:id="1"/>' in body
    doc = docx.Document(str(path))
    matrix = doc.tables[2]
    assert matrix.rows[0].cells[-1].text == "Totalt"
    fills = re.findall(r'w:fill="([0-9A-F]{6})"', matrix._tbl.xml)
    assert len(fills) >= 20 and len(set(fills)) > 3


def test_docx_chapter_per_theme(demo: Workspace):
    path = api.render_report(demo, "docx", theme="kompetanse-samarbeid")
    assert path.name == "report-kompetanse-samarbeid.docx"
    doc = docx.Document(str(path))
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["6 Kompetanse og samarbeid"]
    assert not any(p.style.name == "Title" for p in doc.paragraphs)
    assert doc.core_properties.category == "kompetanse-samarbeid"


def test_reference_docx_styles_apply(demo: Workspace, tmp_path: Path):
    from docx.shared import RGBColor

    ref = docx.Document()
    ref.styles["Quote"].font.name = "Courier New"
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    ref.add_paragraph("Malens eksempeltekst som ikke skal bli med")
    ref_path = tmp_path / "mal.docx"
    ref.save(str(ref_path))
    out = api.render_report(demo, "docx", out=tmp_path / "r.docx", reference_docx=ref_path)
    doc = docx.Document(str(out))
    assert doc.styles["Quote"].font.name == "Courier New"
    assert doc.styles["Heading 1"].font.color.rgb == RGBColor(0x80, 0x00, 0x20)
    assert all("eksempeltekst" not in p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].style.name == "Title"


def test_missing_reference_docx_is_a_clear_error(demo: Workspace, tmp_path: Path):
    with pytest.raises(StcError, match="does not exist"):
        api.render_report(demo, "docx", reference_docx=tmp_path / "nope.docx")


@pytest.mark.render
@pytest.mark.skipif(
    not shutil.which("soffice") or not shutil.which("pdftotext"),
    reason="LibreOffice (soffice) and pdftotext are not installed",
)
def test_docx_converts_to_pdf_with_libreoffice(demo: Workspace, tmp_path: Path):
    path = api.render_report(demo, "docx", out=tmp_path / "rapport.docx")
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "rapport.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    assert "3 Metode" in flat
    assert "Tabell 1 – Deltakere og antall" in flat
    assert "Læringskurven er bratt hvis man ikke har jobbet i NAV før. (NAV" in flat
    assert "vei-01" not in flat
