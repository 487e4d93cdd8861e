"""DOCX report written natively with python-docx, in Word's built-in styles.

Title, Subtitle, Heading 1–4, Quote, Caption, List Bullet / List Number, TOC 1–3, Footnote
Text and Table Grid, plus two of stc's own (Condensate, Table Text), so an institution's template
(``--reference-docx``) restyles the whole draft. The document is a finished Word file: A4 (or the
template's page), page numbers in the footer, a table of contents field, chapters on new pages,
table header rows repeated, rows kept whole, the language set on every style, real footnotes.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from stc.errors import InvalidValue, StcError
from stc.report.markup import Block, Inline, TableView
from stc.report.templating import heat
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
    "TOC Heading",
    "TOC 1",
    "TOC 2",
    "TOC 3",
    "footnote text",
    "Condensate",
    "Table Text",
)
LANG_TAGS = {"nb": "nb-NO", "en": "en-GB"}
_A4 = (11906, 16838)  # twentieths of a point
_MARGIN = 1418  # 2.5 cm


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
        self.bookmarks = 0
        self.headings: list[tuple[int, str, str]] = []  # level, text, bookmark
        self.modern = _compat_mode(doc) >= 15
        self.kept: Any = None  # the last condensate, kept with the next paragraph
        size = doc.styles["Table Text"].font.size or doc.styles["Normal"].font.size
        self.table_pt = size.pt if size else 11.0

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

    def heading(self, b: Block) -> None:
        from docx.oxml import parse_xml

        text = f"{b.number} {b.text}" if b.number else b.text
        level = min(b.level, 4)
        p = self.para(f"Heading {level}")
        if level == 1:
            p.paragraph_format.page_break_before = True  # chapters start on a new page
        if level <= 3:
            self.bookmarks += 1
            name = f"_Toc{self.bookmarks:05d}"
            self.headings.append((level, text, name))
            p._p.append(
                parse_xml(
                    f'<w:bookmarkStart xmlns:w="{W_NS}" w:id="{self.bookmarks}" w:name="{name}"/>'
                )
            )
            p.add_run(text)
            p._p.append(parse_xml(f'<w:bookmarkEnd xmlns:w="{W_NS}" w:id="{self.bookmarks}"/>'))
        else:
            p.add_run(text)

    def block(self, b: Block) -> None:
        from docx.shared import Cm

        if self.kept is not None and b.kind != "quote":
            # a condensate stays with its golden quote, but must not chain onto what follows
            self.kept.paragraph_format.keep_with_next = None
        self.kept = None
        if b.kind == "heading":
            self.heading(b)
        elif b.kind == "quote" and b.quote:
            # Word's Quote style, indented on both sides; the attribution upright; the question
            # of a unit spanning turns goes before the informant's words
            if b.quote.question:
                asked = self.para("Quote")
                asked.paragraph_format.left_indent = Cm(1)
                asked.paragraph_format.right_indent = Cm(1)
                asked.paragraph_format.keep_with_next = True
                asked.add_run(b.quote.question).italic = True
            p = self.para("Quote", b.quote.text)
            p.paragraph_format.left_indent = Cm(1)
            p.paragraph_format.right_indent = Cm(1)
            _attribution(p, b.quote.attribution)
        elif b.kind == "condensate":
            p = self.para("Condensate")
            p.paragraph_format.keep_with_next = True  # the golden quote follows on the same page
            self.kept = p
            self.runs(p, b.inlines)
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
            p = self.para()
            self.runs(p, b.inlines)
            label = len(b.inlines) >= 2 and b.inlines[0].bold and b.inlines[1].text.startswith(" (")
            if label or b.text.rstrip().endswith(":"):
                # a subgroup's label, or a sentence leading into a list or quote, stays with it
                p.paragraph_format.keep_with_next = True

    def table(self, t: TableView) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        doc = self.doc
        caption = self.para("Caption", t.caption)
        caption.paragraph_format.keep_with_next = True
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
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    p._p.style = self.styles["Table Text"]
        _layout(table, t, self.width, self.modern, self.table_pt)
        if t.note:
            note = self.para("Caption", t.note)
            note.runs[0].bold = False
        self.para()

    def toc(self) -> None:
        """A TOC field Word and LibreOffice fill; its cached result already lists the headings."""
        from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
        from docx.oxml import parse_xml

        self.para("TOC Heading", self.s["toc"])
        entries = self.headings or [(1, "", "")]
        for i, (level, text, name) in enumerate(entries):
            p = self.para(f"TOC {min(level, 3)}")
            p.paragraph_format.tab_stops.add_tab_stop(
                self.width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            if i == 0:
                p._p.append(_field_part("begin"))
                p._p.append(_instr(' TOC \\o "1-3" \\h \\z \\u '))
                p._p.append(_field_part("separate"))
            if name:
                p._p.append(
                    parse_xml(
                        f'<w:hyperlink xmlns:w="{W_NS}" w:anchor="{name}" w:history="1">'
                        f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
                        "<w:r><w:tab/></w:r></w:hyperlink>"
                    )
                )
                p._p.append(_field_part("begin"))
                p._p.append(_instr(f" PAGEREF {name} \\h "))
                p._p.append(_field_part("separate"))
                p.add_run("")
                p._p.append(_field_part("end"))
            if i == len(entries) - 1:
                p._p.append(_field_part("end"))

    def finish_footnotes(self) -> None:
        if not self.notes:
            return
        style = self.styles.get("footnote text", "")
        ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
        body = "".join(
            f'<w:footnote w:id="{n}"><w:p>{ppr}<w:r><w:rPr><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(_plain(runs))}'
            "</w:t></w:r></w:p></w:footnote>"
            for n, runs in self.notes
        )
        xml = f'<w:footnotes xmlns:w="{W_NS}">{_SEPARATORS}{body}</w:footnotes>'
        _attach_footnotes(self.doc, xml.encode("utf-8"))


def _attribution(p: Any, text: str) -> None:
    """ " (NAV-veileder)", upright, on one line: no break at its hyphens or spaces."""
    from docx.oxml import OxmlElement

    run = p.add_run(" (")
    run.italic = False
    for i, part in enumerate(f"{text})".split("-")):
        if i:
            run._r.append(OxmlElement("w:noBreakHyphen"))
        run._r.append(OxmlElement("w:t"))
        run._r[-1].text = part.replace(" ", "\u00a0")
        run._r[-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _field_part(kind: str) -> Any:
    from docx.oxml import parse_xml

    return parse_xml(f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="{kind}"/></w:r>')


def _instr(code: str) -> Any:
    from docx.oxml import parse_xml

    text = f'<w:instrText xml:space="preserve">{escape(code)}</w:instrText>'
    return parse_xml(f'<w:r xmlns:w="{W_NS}">{text}</w:r>')


def _compat_mode(doc: Any) -> int:
    found = doc.settings.element.xpath(
        './w:compat/w:compatSetting[@w:name="compatibilityMode"]/@w:val'
    )
    return int(found[0]) if found and str(found[0]).isdigit() else 14


def _column_widths(t: TableView, usable: int, size_pt: float) -> list[int]:
    """Widths that never break a word (or a count) mid-way; the rest by content length."""
    chars: list[tuple[float, float]] = []
    for i, head in enumerate(t.header):
        numeric = i < len(t.numeric) and t.numeric[i]
        column = [head, *(r[i] for r in t.rows)]
        words: list[float] = [len(w) for x in column[1:] for w in ([x] if numeric else x.split())]
        # a header is bold (about a tenth wider) and may break after a hyphen: "NAV-/veileder"
        words += [len(w) * 1.1 for part in head.split() for w in part.split("-")]
        least = max(words, default=1) + 2  # + cell padding
        chars.append((least, max(least, min(max(len(x) for x in column), 40) + 2.0)))
    room = usable / (size_pt * 0.6 * 12700)  # characters across the text block (wide fonts)
    widths = [float(least) for least, _ in chars]
    extra = room - sum(widths)
    want = sum(pref - least for least, pref in chars)
    if extra > 0 and want > 0:
        share = min(extra / want, 1.0)
        widths = [least + (pref - least) * share for least, pref in chars]
    total = sum(widths)
    return [int(usable * w / total) for w in widths]


def _layout(table: Any, t: TableView, usable: int, modern: bool, size_pt: float) -> None:
    """The table spans the text block; columns sized by content; header repeats; rows whole."""
    from docx.oxml import parse_xml

    # before Word 2013 (compatibility mode 14) a table is pulled left by its cell margin
    indent = 0 if modern else 108
    width = usable - indent * 635
    widths = _column_widths(t, width, size_pt)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for tag in ("tblW", "tblInd", "tblLayout"):
        for old in tbl_pr.findall(f"{{{W_NS}}}{tag}"):
            tbl_pr.remove(old)
    tbl_pr.append(parse_xml(f'<w:tblW xmlns:w="{W_NS}" w:w="{width // 635}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblInd xmlns:w="{W_NS}" w:w="{indent}" w:type="dxa"/>'))
    tbl_pr.append(parse_xml(f'<w:tblLayout xmlns:w="{W_NS}" w:type="fixed"/>'))
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w  # the grid LibreOffice reads
    for i, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:cantSplit xmlns:w="{W_NS}"/>'))
        if i == 0:
            tr_pr.append(parse_xml(f'<w:tblHeader xmlns:w="{W_NS}"/>'))
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


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
    """A new A4 document, or the reference template emptied of its content.

    The template contributes design only: styles, page size, margins, headers and footers.
    Its body text and its comments never reach the report.
    """
    import docx

    if reference is None:
        doc = docx.Document()
        sect = doc.sections[0]
        from docx.shared import Twips

        sect.page_width, sect.page_height = Twips(_A4[0]), Twips(_A4[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(sect, side, Twips(_MARGIN))
    else:
        doc = open_docx(reference, "the reference document (--reference-docx)", InvalidValue)
        body = doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        _design_only(doc)
    _styles(doc, own=reference is None)
    return doc


def _styles(doc: Any, own: bool) -> None:
    """Add the styles a template lacks, so any template still renders.

    In stc's own document table text is 9 pt; a template without a Table Text style keeps its
    body size in tables (its design decides, not stc).
    """
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    names = {s.name for s in doc.styles}
    for name in STYLES:
        if name in names:
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        if name == "Quote":
            style.font.italic = True
        elif name.startswith(("Heading", "Title", "TOC Heading")):
            style.font.bold = True
        elif name.startswith("TOC "):
            style.paragraph_format.left_indent = Cm(0.5 * (int(name[-1]) - 1))
            style.paragraph_format.space_after = Pt(2)
        elif name == "footnote text":
            style.font.size = Pt(9)
            style.paragraph_format.space_after = Pt(0)
        elif name == "Table Text":  # a template's own Table Text style wins
            style.font.size = Pt(9) if own else None
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.space_before = Pt(0)
        elif name == "Condensate":
            # set apart from the authors' voice: smaller, grey, indented, with a left rule
            style.font.size = Pt(10)
            style.font.color.rgb = RGBColor(0x44, 0x4E, 0x5A)
            style.paragraph_format.left_indent = Cm(1)
            style.paragraph_format.right_indent = Cm(1)
            _left_rule(style)


def _left_rule(style: Any) -> None:
    from docx.oxml import parse_xml

    style.element.get_or_add_pPr().append(
        parse_xml(
            f'<w:pBdr xmlns:w="{W_NS}"><w:left w:val="single" w:sz="12" w:space="8" '
            'w:color="A6B4C2"/></w:pBdr>'
        )
    )


def _language(doc: Any, tag: str) -> None:
    """Tag the defaults and every style with the report's language (spelling, hyphenation)."""
    from docx.oxml import parse_xml

    styles = doc.styles.element
    for lang in styles.iter(f"{{{W_NS}}}lang"):
        lang.set(f"{{{W_NS}}}val", tag)
    defaults = styles.find(f"{{{W_NS}}}docDefaults")
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{W_NS}"/>')
        styles.insert(0, defaults)
    rpr_default = defaults.find(f"{{{W_NS}}}rPrDefault")
    if rpr_default is None:
        rpr_default = parse_xml(f'<w:rPrDefault xmlns:w="{W_NS}"/>')
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(f"{{{W_NS}}}rPr")
    if rpr is None:
        rpr = parse_xml(f'<w:rPr xmlns:w="{W_NS}"/>')
        rpr_default.append(rpr)
    if rpr.find(f"{{{W_NS}}}lang") is None:
        rpr.append(parse_xml(f'<w:lang xmlns:w="{W_NS}" w:val="{tag}"/>'))


def _footer(doc: Any) -> None:
    """Page numbers centred in the footer, unless the template has a footer of its own."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section = doc.sections[0]
    sect_pr = section._sectPr
    if sect_pr.findall(f"{{{W_NS}}}footerReference"):
        return
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p._p.append(_field_part("begin"))
    p._p.append(_instr(" PAGE "))
    p._p.append(_field_part("separate"))
    p.add_run("1")
    p._p.append(_field_part("end"))


def _update_fields_on_open(doc: Any) -> None:
    from docx.oxml import parse_xml

    settings = doc.settings.element
    for old in settings.findall(f"{{{W_NS}}}updateFields"):
        settings.remove(old)
    settings.append(parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>'))


def _properties(doc: Any, view: ReportView, provenance: dict[str, str]) -> None:
    props = doc.core_properties
    props.title = view.title
    props.subject = view.subtitle
    props.author = ", ".join(view.authors)
    props.last_modified_by = ", ".join(view.authors)
    props.language = LANG_TAGS[view.language]
    props.keywords = "STC; systematic text condensation"
    props.comments = "; ".join(f"{k}: {v}" for k, v in provenance.items() if v)
    props.category = view.chapter or ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = now
    props.modified = now
    props.revision = 1


def _title_page(w: _Writer, view: ReportView, provenance: dict[str, str]) -> None:
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    from stc.i18n import long_date

    title = w.para("Title", view.title)
    title.paragraph_format.space_before = Pt(140)
    if view.subtitle:
        w.para("Subtitle", view.subtitle)
    if view.authors:
        w.para(None, view.byline).paragraph_format.space_before = Pt(24)
    if view.institution:
        w.para(None, view.institution)
    draft = f"{view.s['draft']}, {long_date(provenance.get('date', ''), view.language)}"
    w.para(None).add_run(draft.rstrip(", ")).italic = True
    w.para(None).add_run().add_break(WD_BREAK.PAGE)


def blank(language: str) -> Any:
    """An empty A4 document in the report's language, with page numbers: for other exports."""
    import datetime as dt

    doc = _document(None)
    _language(doc, LANG_TAGS[language])
    _footer(doc)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    doc.core_properties.created = doc.core_properties.modified = now
    doc.core_properties.language = LANG_TAGS[language]
    return doc


# parts a template may carry beside its design: its comments (and their people), its
# custom properties; none of them may reach a report
_CONTENT_PARTS = ("comments", "commentsExtended", "commentsIds", "commentsExtensible", "people")


def _design_only(doc: Any) -> None:
    """Keep a reference template's design (styles, page setup, headers and footers) and drop
    what it says: comments, custom and core properties (author, lastModifiedBy …)."""
    import datetime as dt

    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in _CONTENT_PARTS:
            del doc.part.rels[rid]
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith(("/custom-properties", "/thumbnail")):  # a picture of its text
            del package.rels[rid]
    props = doc.core_properties
    for name in ("author", "category", "comments", "content_status", "identifier", "keywords",
                 "last_modified_by", "subject", "title", "version", "language"):  # fmt: skip
        setattr(props, name, "")
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    for el in props._element.xpath("cp:lastPrinted"):
        props._element.remove(el)


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
    _properties(doc, view, provenance)
    _language(doc, LANG_TAGS[view.language])
    _footer(doc)
    w = _Writer(doc, view)
    if view.chapter is None:
        _title_page(w, view, provenance)
        toc_at = len(w.body)
    for block in view.body:
        w.block(block)
    w.finish_footnotes()
    w.para().add_run(colophon(view, provenance)).italic = True
    if view.chapter is None:
        # the table of contents goes after the title page, listing the headings just written
        tail = list(w.body)[toc_at:]
        for el in tail:
            w.body.remove(el)
        w.toc()
        for el in tail:
            w.body.append(el)
        _update_fields_on_open(doc)
    w.close()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
