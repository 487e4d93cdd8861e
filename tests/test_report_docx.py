"""The DOCX an author hands in: page, structure, typography and language, read back with
python-docx and (where LibreOffice is installed) rendered to PDF and read page by page."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from stc import api
from stc.store import Workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def _pdf(path: Path, tmp_path: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return path.with_suffix(".pdf")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1]


def _page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return re.search(r"Page size:\s+(.*)", info.stdout).group(1)  # type: ignore[union-attr]


needs_libreoffice = pytest.mark.skipif(
    not all(shutil.which(x) for x in ("soffice", "pdftotext", "pdfinfo")),
    reason="LibreOffice (soffice) and poppler (pdftotext, pdfinfo) are not installed",
)


@pytest.mark.render
@needs_libreoffice
def test_docx_prints_as_a_finished_a4_report(demo: Workspace, tmp_path: Path):
    pdf = _pdf(api.render_report(demo, "docx", out=tmp_path / "rapport.docx"), tmp_path)
    assert "(A4)" in _page_size(pdf)
    pages = _pages(pdf)
    assert len(pages) > 10
    for n, page in enumerate(pages, 1):  # the footer's page number on every page
        assert page.strip().splitlines()[-1].strip() == str(n), f"page {n}"
    first = [p.strip().splitlines()[0].strip() for p in pages]
    assert first[0] == "Oppfølging av sykmeldte i NAV" and "Utkast" in pages[0]
    toc = pages[1]
    assert first[1] == "Innhold"
    for entry in ("Sammendrag", "3 Metode", "3.1 Analyse", "5 Prioritering av begrensede"):
        assert entry in toc
    # every chapter starts on a page of its own
    for chapter in ("1 Innledning", "2 Datainnsamling", "3 Metode", "4 Resultater", "8 Diskusjon"):
        assert chapter in first, chapter
    assert "Referanser" in first
    refs = " ".join(pages[first.index("Referanser")].split())
    assert "Malterud K. Systematic text condensation" in refs
    assert "Malterud K, Siersma VD, Guassora AD" in refs


@pytest.mark.render
@needs_libreoffice
def test_english_docx_renders_with_translated_quotes(demo: Workspace, tmp_path: Path):
    path = api.render_report(demo, "docx", language="en", out=tmp_path / "report.docx")
    pages = _pages(_pdf(path, tmp_path))
    flat = " ".join(" ".join(pages).split())
    assert "The learning curve is steep if you haven't worked in NAV before. (NAV" in flat
    assert "Contents" in pages[1] and "3 Method" in pages[1]


def test_docx_section_is_a4_with_a_page_number_footer(demo: Workspace):
    path = api.render_report(demo, "docx")
    doc = docx.Document(str(path))
    section = doc.sections[-1]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    assert section.left_margin.cm == pytest.approx(2.5, abs=0.01)
    footer = section.footer._element.xml
    assert "PAGE" in footer and 'fldCharType="begin"' in footer
    body = _xml(path, "word/document.xml")
    assert body.rstrip().endswith("</w:sectPr></w:body></w:document>")
    assert re.search(r'<w:instrText xml:space="preserve"> TOC \\o "1-3"', body)
    assert 'w:updateFields w:val="true"' in _xml(path, "word/settings.xml")


def test_chapters_start_on_new_pages_and_tables_hold_together(demo: Workspace):
    doc = docx.Document(str(api.render_report(demo, "docx")))
    h1 = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 and all(p.paragraph_format.page_break_before for p in h1)
    section = doc.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # header repeats
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        widths = sum(c.width for c in table.columns)
        indent = int(table._tbl.tblPr.find(f"{W}tblInd").get(f"{W}w")) * 635
        assert widths + indent <= text_width  # never past the right margin
        assert widths > text_width * 0.95  # and as wide as the text block
    sizes = {
        r.font.size for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs
    }
    assert sizes == {None}  # table text takes its size from a style a template can change
    assert all(
        p.style.name == "Table Text" for t in doc.tables for c in t._cells for p in c.paragraphs
    )


def test_docx_language_tags_and_real_dates(demo: Workspace):
    import datetime as dt

    nb = api.render_report(demo, "docx")
    styles = _xml(nb, "word/styles.xml")
    assert 'w:val="nb-NO"' in styles and 'w:val="en-US"' not in styles
    props = docx.Document(str(nb)).core_properties
    assert props.created.year >= 2025 and props.modified.year >= 2025
    now = dt.datetime.now(dt.UTC)
    assert abs(props.created.replace(tzinfo=dt.UTC) - now) < dt.timedelta(days=1)
    en = api.render_report(demo, "docx", language="en", out=demo.root / "en.docx")
    assert 'w:val="en-GB"' in _xml(en, "word/styles.xml")


def test_quotes_are_indented_with_an_upright_attribution(demo: Workspace):
    doc = docx.Document(str(api.render_report(demo, "docx")))
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert quotes
    for q in quotes:
        assert q.paragraph_format.left_indent.cm == pytest.approx(1, abs=0.01)
        attribution = q.runs[-1]
        assert re.fullmatch(r" \([^()]+\)", attribution.text)
        assert attribution.italic is False
    texts = [q.text for q in quotes]
    assert len(texts) == len(set(texts))  # no golden quote printed twice


def test_condensates_have_a_style_of_their_own_or_can_be_left_out(demo: Workspace):
    doc = docx.Document(str(api.render_report(demo, "docx")))
    condensates = [p for p in doc.paragraphs if p.style.name == "Condensate"]
    assert len(condensates) == 14
    assert condensates[0].text.startswith("Kondensat: Jeg har over hundre saker")
    assert not any(p.text.startswith("Jeg har over hundre") for p in doc.paragraphs)
    cfg = demo.root / "stc.yaml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "  institution: Demonstrasjonsinstituttet\n",
            "  institution: Demonstrasjonsinstituttet\n  condensates: false\n",
        ),
        encoding="utf-8",
    )
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "Kondensat" not in md and "Subgrupper og kondensater" not in md


def test_quote_bank_is_off_in_docx_unless_asked_for(demo: Workspace, cli):
    doc = docx.Document(str(api.render_report(demo, "docx")))
    assert not any("Sitatbank" in p.text for p in doc.paragraphs)
    out = demo.root / "med.docx"
    assert (
        cli(demo.root, "report", "--format", "docx", "--quote-bank", "--out", str(out)).exit_code
        == 0
    )
    h1 = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert h1[-2:] == ["Vedlegg A: Sitatbank", "Vedlegg B: Kodebok"]
    md = api.render_report(demo, "md").read_text(encoding="utf-8")
    assert "## Vedlegg A: Sitatbank" in md


def _template(tmp_path: Path) -> Path:
    """A Letter-landscape institutional template with a footer page field and a comment."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches

    ref = docx.Document()
    section = ref.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Inches(11), Inches(8.5)
    section.left_margin = Inches(1.5)
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.add_run("Demonstrasjonsinstituttet – side ")
    for xml in (
        '<w:fldChar xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:fldCharType="begin"/>',
        '<w:instrText xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        " PAGE </w:instrText>",
        '<w:fldChar xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:fldCharType="end"/>',
    ):
        from docx.oxml import parse_xml

        run = p.add_run()
        run._r.append(parse_xml(xml))
    ref.styles["Normal"].font.size = docx.shared.Pt(12)
    body = ref.add_paragraph("Malens eksempeltekst som ikke skal bli med")
    ref.add_comment(body.runs, text="Intern kommentar i malen", author="Mal")
    path = tmp_path / "mal.docx"
    ref.save(str(path))
    return path


def test_reference_docx_keeps_its_page_and_footer_but_not_its_text(demo: Workspace, tmp_path: Path):
    ref = _template(tmp_path)
    out = api.render_report(demo, "docx", out=tmp_path / "r.docx", reference_docx=ref)
    doc = docx.Document(str(out))
    section = doc.sections[-1]
    assert (section.page_width.inches, section.page_height.inches) == (11, 8.5)
    assert section.left_margin.inches == 1.5
    footer = section.footer._element.xml
    assert "Demonstrasjonsinstituttet – side" in footer and "PAGE" in footer
    assert all("eksempeltekst" not in p.text for p in doc.paragraphs)
    with zipfile.ZipFile(out) as z:
        assert not any("comments" in n for n in z.namelist())
        assert all(b"Intern kommentar" not in z.read(n) for n in z.namelist())
    assert doc.styles["Normal"].font.size.pt == 12  # the template's design, untouched
    assert doc.styles["Table Text"].font.size is None  # tables take the template's text size


@pytest.mark.render
@needs_libreoffice
def test_reference_docx_page_and_footer_survive_rendering(demo: Workspace, tmp_path: Path):
    ref = _template(tmp_path)
    out = api.render_report(demo, "docx", out=tmp_path / "r.docx", reference_docx=ref)
    pdf = _pdf(out, tmp_path)
    assert "792 x 612" in _page_size(pdf)  # Letter, landscape
    pages = _pages(pdf)
    for n, page in enumerate(pages, 1):
        assert f"Demonstrasjonsinstituttet – side {n}" in page


def test_quote_bank_docx_is_a4_in_the_project_language(demo: Workspace, tmp_path: Path):
    import io

    data = api.quote_bank(demo, "docx")
    assert isinstance(data, bytes)
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[-1]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    assert "PAGE" in section.footer._element.xml
    path = tmp_path / "q.docx"
    path.write_bytes(data)
    assert 'w:val="nb-NO"' in _xml(path, "word/styles.xml")
    assert doc.core_properties.created.year >= 2025
