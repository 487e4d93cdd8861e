"""A transcript as a DOCX for coding with Word comments (`stc export docx-for-coding`)."""

from __future__ import annotations

import io

from stc.model import Transcript

HELP = {
    "nb": "Marker en meningsbærende enhet og sett inn en kommentar med kodene, adskilt med komma. "
    "Importer filen igjen med `stc import`; teksten må ikke endres.",
    "en": "Select a meaning unit and insert a comment with its codes, separated by commas. Import "
    "the file again with `stc import`; do not change the text.",
}


def render(t: Transcript, group: str, subject: str, language: str) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    doc = docx.Document()
    doc.core_properties.title = f"{t.id} — {group}"
    doc.core_properties.subject = subject
    doc.core_properties.keywords = "stc; coding copy"
    doc.add_paragraph(f"{t.id} — {group}", style="Title")
    doc.add_paragraph(HELP[language]).runs[0].italic = True
    for turn in t.turns:
        p = doc.add_paragraph()
        number = p.add_run(f"[{turn.n}] ")
        number.font.size = Pt(8)
        number.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        p.add_run(f"{turn.speaker}: ").bold = True
        p.add_run(turn.text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
