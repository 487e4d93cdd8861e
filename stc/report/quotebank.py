"""The quote bank as Markdown or DOCX: quotes by code group and subgroup, attribution only."""

from __future__ import annotations

import io
from collections.abc import Sequence
from itertools import groupby

from stc.core.quotes import QuoteRow
from stc.i18n import strings


def _sections(
    rows: Sequence[QuoteRow], unsorted: str
) -> list[tuple[str, list[tuple[str, list[QuoteRow]]]]]:
    out = []
    for cg, in_group in groupby(rows, key=lambda r: r.code_group):
        subs = [
            (sub or unsorted, list(items))
            for sub, items in groupby(in_group, key=lambda r: r.subgroup)
        ]
        out.append((cg, subs))
    return out


def markdown(rows: Sequence[QuoteRow], title: str, language: str) -> str:
    s = strings(language)
    lines = [f"# {title}", ""]
    for cg, subs in _sections(rows, s["unsorted_units"]):
        lines += [f"## {cg}", ""]
        for sub, items in subs:
            lines += [f"### {sub}", ""]
            for r in items:
                star = f" ({s['golden'].lower()})" if r.golden else ""
                if r.question:
                    lines += [f"> *{s['question']}: {r.question}*", ">"]
                lines += [f"> {r.quote} ({r.attribution}){star}", ""]
    return "\n".join(lines).rstrip() + "\n"


def docx(rows: Sequence[QuoteRow], title: str, language: str) -> bytes:
    from stc.report.docx import blank

    s = strings(language)
    doc = blank(language)
    doc.core_properties.title = title
    doc.add_paragraph(title, style="Title")
    for cg, subs in _sections(rows, s["unsorted_units"]):
        doc.add_heading(cg, level=1)
        for sub, items in subs:
            doc.add_heading(sub, level=2)
            for r in items:
                if r.question:
                    asked = doc.add_paragraph(style="Quote")
                    asked.add_run(f"{s['question']}: {r.question}").italic = True
                p = doc.add_paragraph(style="Quote")
                p.add_run(r.quote)
                p.add_run(f" ({r.attribution})")
                if r.golden:
                    p.add_run(f" – {s['golden'].lower()}").bold = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
