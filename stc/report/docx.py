"""DOCX report written natively with python-docx, in Word's built-in styles.

Title, Subtitle, Heading 1–4, Quote, Caption, List Bullet / List Number and Table Grid only,
so an institution's template (``--reference-docx``) restyles the whole draft. Footnotes are
real Word footnotes; heat-map tables use cell shading.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from stc.errors import InvalidValue, StcError
from stc.report.markup import Block, Inline, TableView
from stc.report.templating import dark, heat
from stc.report.view import ReportView

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240"'
    ' w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"'
    ' w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    "</w:footnote>"
)
STYLES = (
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Heading 4",
    "Quote",
    "Caption",
    "List Bullet",
    "List Number",
)


class _Writer:
    """Appends paragraphs straight to the body, with style ids resolved once.

    python-docx looks a style up by name (scanning every style) and inserts each paragraph
    before the section properties (scanning the body); both are quadratic over a report of
    thousands of quotes. The writer detaches the section properties while it writes.
    """

    def __init__(self, doc: Any, view: ReportView) -> None:
        self.doc = doc
        self.s = view.s
        self.notes: list[tuple[int, tuple[Inline, ...]]] = []
        self.styles = {s.name: s.style_id for s in doc.styles}
        section = doc.sections[-1]
        self.width = section.page_width - section.left_margin - section.right_margin
        self.body = doc.element.body
        self.sect_pr = self.body.sectPr
        if self.sect_pr is not None:
            self.body.remove(self.sect_pr)

    def close(self) -> None:
        if self.sect_pr is not None:
            self.body.append(self.sect_pr)

    def para(self, style: str | None = None, text: str = "") -> Any:
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        p = OxmlElement("w:p")
        self.body.append(p)
        if style:
            p.style = self.styles[style]
        paragraph = Paragraph(p, self.doc._body)
        if text:
            paragraph.add_run(text)
        return paragraph

    def runs(self, paragraph: Any, runs: tuple[Inline, ...]) -> None:
        for r in runs:
            if r.note is not None:
                self.footnote_ref(paragraph, r)
                continue
            run = paragraph.add_run(r.text)
            run.bold = r.bold or None
            run.italic = r.italic or None

    def footnote_ref(self, paragraph: Any, r: Inline) -> None:
        from docx.oxml import parse_xml

        n = int(r.text)
        self.notes.append((n, ((Inline(r.note or "")),)))
        run = parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{n}"/></w:r>'
        )
        paragraph._p.append(run)

    def block(self, b: Block) -> None:
        if b.kind == "heading":
            text = f"{b.number} {b.text}" if b.number else b.text
            self.para(f"Heading {min(b.level, 4)}", text)
        elif b.kind == "quote" and b.quote:
            p = self.para("Quote", b.quote.text)
            p.add_run(f" ({b.quote.attribution})")
        elif b.kind in ("ul", "ol"):
            style = "List Bullet" if b.kind == "ul" else "List Number"
            for item in b.items:
                self.runs(self.para(style), item)
        elif b.kind == "notes":
            return  # rendered as real footnotes at the foot of the page
        elif b.kind == "todo":
            from docx.enum.text import WD_COLOR_INDEX

            run = self.para().add_run(f"[{self.s['todo']}: {b.text}]")
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif b.kind == "table" and b.table:
            self.table(b.table)
        else:
            self.runs(self.para(), b.inlines)

    def table(self, t: TableView) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        doc = self.doc
        self.para("Caption", t.caption)
        table = doc._body.add_table(1, len(t.header), self.width)
        if "Table Grid" in self.styles:
            table.style = doc.styles["Table Grid"]
        for i, (cell, text) in enumerate(zip(table.rows[0].cells, t.header, strict=True)):
            cell.paragraphs[0].add_run(text).bold = True
            if i < len(t.numeric) and t.numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r, row in enumerate(t.rows):
            cells = table.add_row().cells
            for c, (cell, text) in enumerate(zip(cells, row, strict=True)):
                run = cell.paragraphs[0].add_run(text)
                run.bold = (t.total_row and r == len(t.rows) - 1) or None
                if c < len(t.numeric) and t.numeric[c]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
                shade = t.shade[r][c] if t.shade else None
                if shade is not None:
                    _shade(cell, heat(shade))
                    if dark(shade):
                        from docx.shared import RGBColor

                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _widths(table, t, self.width)
        self.para()

    def finish_footnotes(self) -> None:
        if not self.notes:
            return
        body = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(_plain(runs))}'
            "</w:t></w:r></w:p></w:footnote>"
            for n, runs in self.notes
        )
        xml = f'<w:footnotes xmlns:w="{W_NS}">{_SEPARATORS}{body}</w:footnotes>'
        _attach_footnotes(self.doc, xml.encode("utf-8"))


def _widths(table: Any, t: TableView, usable: int) -> None:
    """Columns sized by their content (long labels wide, counts narrow), small table text."""
    from docx.shared import Pt

    weights = []
    for i, head in enumerate(t.header):
        longest = max([len(head), *(len(r[i]) for r in t.rows)])
        weights.append(min(max(longest, 6), 40) + 2)
    total = sum(weights)
    table.autofit = False
    for column, weight in zip(table.columns, weights, strict=True):
        column.width = int(usable * weight / total)  # the grid LibreOffice reads
    for row in table.rows:
        for cell, weight in zip(row.cells, weights, strict=True):
            cell.width = int(usable * weight / total)
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)


def _plain(runs: tuple[Inline, ...]) -> str:
    return "".join(r.text for r in runs)


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import parse_xml

    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(
        parse_xml(f'<w:shd xmlns:w="{W_NS}" w:val="clear" w:color="auto" w:fill="{fill}"/>')
    )


def _attach_footnotes(doc: Any, blob: bytes) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in doc.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:  # a template's own footnotes part is replaced
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def _document(reference: bytes | None) -> Any:
    """A new document, or the reference template emptied of its content (styles kept)."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    if reference is None:
        return docx.Document()
    doc = open_docx(reference, "the reference document (--reference-docx)", InvalidValue)
    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    names = {s.name for s in doc.styles}
    for name in STYLES:
        if name not in names:  # a template without a built-in style still renders
            style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = doc.styles["Normal"]
            if name == "Quote":
                style.font.italic = True
                style.paragraph_format.left_indent = Pt(28)
            elif name.startswith(("Heading", "Title")):
                style.font.bold = True
    return doc


def open_docx(data: bytes, where: str, error: type[StcError]) -> Any:
    """A python-docx Document from bytes, after checking the zip's declared sizes; a file
    that is not a Word document is ``error`` naming ``where``."""
    import zipfile

    import docx

    from stc.limits import check_zip

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            check_zip(z, where)
        return docx.Document(io.BytesIO(data))
    except StcError:
        raise
    except Exception as exc:  # zip, lxml and python-docx errors have no common base
        raise error(
            f"{where}: not a readable Word document ({type(exc).__name__})",
            hint="open it in Word and save it again as .docx",
        ) from None


def render(view: ReportView, provenance: dict[str, str], reference: bytes | None = None) -> bytes:
    """The report as DOCX bytes; provenance goes to the properties and a colophon."""
    from stc.report.html import colophon

    doc = _document(reference)
    props = doc.core_properties
    props.title = view.title
    props.subject = view.subtitle
    props.author = ", ".join(view.authors)
    props.language = {"nb": "nb-NO", "en": "en-GB"}[view.language]
    props.keywords = "STC; systematic text condensation"
    props.comments = "; ".join(f"{k}: {v}" for k, v in provenance.items() if v)
    props.category = view.chapter or ""
    doc.add_paragraph(view.title, style="Title")
    if view.subtitle:
        doc.add_paragraph(view.subtitle, style="Subtitle")
    if view.authors:
        doc.add_paragraph(
            ", ".join(view.authors) + (f" · {view.institution}" if view.institution else "")
        )
    writer = _Writer(doc, view)
    for block in view.body:
        writer.block(block)
    writer.finish_footnotes()
    doc.add_paragraph().add_run(colophon(view, provenance)).italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
