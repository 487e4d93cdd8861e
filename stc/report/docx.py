"""DOCX report written natively with python-docx, in Word's built-in styles.

Title, Heading 1–3, Quote, Caption, List Bullet / List Number and Table Grid only, so an
institution's template restyles the whole draft.
"""

from __future__ import annotations

import io
from typing import Any

from stc.report.view import Block, Inline, ReportView, SubgroupView


def _runs(paragraph: Any, runs: tuple[Inline, ...]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        run.bold = r.bold or None
        run.italic = r.italic or None


def _todo(doc: Any, word: str, text: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(f"[{word}: {text}]")
    run.bold = True
    from docx.enum.text import WD_COLOR_INDEX

    run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _quote(doc: Any, text: str, attribution: str) -> None:
    p = doc.add_paragraph(style="Quote")
    p.add_run(text)
    p.add_run(f" ({attribution})")


def _block(doc: Any, block: Block, todo_word: str) -> None:
    if block.kind == "quote" and block.quote:
        _quote(doc, block.quote.text, block.quote.attribution)
    elif block.kind in ("ul", "ol"):
        style = "List Bullet" if block.kind == "ul" else "List Number"
        for item in block.items:
            _runs(doc.add_paragraph(style=style), item)
    elif block.kind == "todo":
        _todo(doc, todo_word, "".join(r.text for r in block.inlines))
    elif block.kind == "h":
        p = doc.add_paragraph()
        _runs(p, tuple(Inline(r.text, bold=True, italic=r.italic) for r in block.inlines))
    else:
        _runs(doc.add_paragraph(), block.inlines)


def _table(
    doc: Any, caption: str, header: list[str], rows: list[list[str]], bold_last: bool = False
) -> None:
    doc.add_paragraph(caption, style="Caption")
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            run = cell.paragraphs[0].add_run(text)
            if bold_last and i == len(rows) - 1:
                run.bold = True
    doc.add_paragraph()


def _front(doc: Any, view: ReportView, provenance: dict[str, str]) -> None:
    props = doc.core_properties
    props.title = view.title
    props.author = ", ".join(view.authors)
    props.language = {"nb": "nb-NO", "en": "en-GB"}[view.language]
    props.keywords = "STC; systematic text condensation"
    props.comments = "; ".join(f"{k}: {v}" for k, v in provenance.items())
    doc.add_paragraph(view.title, style="Title")
    if view.subtitle:
        doc.add_paragraph(view.subtitle, style="Subtitle")
    if view.authors:
        doc.add_paragraph(", ".join(view.authors))


def _method(doc: Any, view: ReportView) -> None:
    s = view.s
    doc.add_heading(s["method"], level=1)
    if view.questions:
        doc.add_heading(s["questions"], level=2)
        for q in view.questions:
            doc.add_paragraph(q, style="List Bullet")
    doc.add_heading(s["participants"], level=2)
    _block(doc, view.method[0], s["todo"])
    rows = [[label, str(n)] for label, n in view.participants]
    rows.append([s["total"], str(view.total_informants)])
    caption = s["participants_caption"].format(n=view.tables["participants"])
    _table(doc, caption, [s["group"], s["count"]], rows, bold_last=True)
    doc.add_heading(s["analysis"], level=2)
    for block in view.method[1:]:
        _block(doc, block, s["todo"])


def _subgroup(doc: Any, sub: SubgroupView, s: dict[str, str]) -> None:
    p = doc.add_paragraph()
    p.add_run(sub.label).bold = True
    counts = s["units_informants"].format(units=sub.units, informants=sub.informants)
    p.add_run(f" ({counts})")
    if sub.condensate:
        p = doc.add_paragraph()
        p.add_run(f"{s['condensate']}: ").italic = True
        p.add_run(sub.condensate)
        if sub.stale:
            _todo(doc, s["todo"], s["stale"])
    else:
        _todo(doc, s["todo"], s["todo_condensate"])
    if sub.golden:
        _quote(doc, sub.golden.text, sub.golden.attribution)
    else:
        _todo(doc, s["todo"], s["todo_golden"])


def _results(doc: Any, view: ReportView) -> None:
    s = view.s
    if not view.themes:
        doc.add_heading(s["results"], level=1)
        _todo(doc, s["todo"], s["todo_results"])
    for theme in view.themes:
        doc.add_heading(theme.label, level=1)
        if theme.description:
            doc.add_paragraph(theme.description)
        for cg in theme.code_groups:
            doc.add_heading(cg.heading, level=2)
            for block in cg.blocks:
                _block(doc, block, s["todo"])
            doc.add_heading(f"{s['summary']}: {cg.label}", level=3)
            if not cg.subgroups:
                _todo(doc, s["todo"], s["todo_subgroups"])
            for sub in cg.subgroups:
                _subgroup(doc, sub, s)


def _appendices(doc: Any, view: ReportView) -> None:
    s = view.s
    doc.add_heading(s["quote_bank"], level=1)
    doc.add_paragraph(s["quote_bank_intro"])
    for group in view.bank:
        doc.add_heading(group.label, level=2)
        for section in group.sections:
            doc.add_heading(section.label, level=3)
            for q in section.quotes:
                _quote(doc, q.text, q.attribution)
    doc.add_heading(s["codebook"], level=1)
    caption = s["codebook_caption"].format(n=view.tables["codebook"])
    rows = [[r.code_group, r.code, r.definition] for r in view.codebook]
    _table(doc, caption, [s["code_group"], s["code"], s["definition"]], rows)


def render(view: ReportView, provenance: dict[str, str]) -> bytes:
    """The whole report as DOCX bytes; provenance goes to properties and a colophon."""
    import docx

    doc = docx.Document()
    _front(doc, view, provenance)
    _method(doc, view)
    _results(doc, view)
    _appendices(doc, view)
    commit = f", commit {provenance['commit']}" if provenance.get("commit") else ""
    colophon = view.s["colophon"].format(
        version=provenance["stc"], commit=commit, date=provenance["date"]
    )
    doc.add_paragraph().add_run(colophon).italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
