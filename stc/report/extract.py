"""The text a rendered output carries, whatever its format, for the output gate's last look.

Markdown, CSV, JSON and plain tables are text already; HTML loses its markup; DOCX, XLSX and
QDPX are zip packages whose XML text (and ``name`` attributes, which REFI-QDA uses for labels)
is read; a template's headers and footers are its design and are not read.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

_PARAGRAPH_END = re.compile(r"</[wa]:p>")
_RUN_TAG = re.compile(r"</?[wa]:[^>]*>")
_ANY_TAG = re.compile(r"<[^>]*>")
_NAME_ATTR = re.compile(r" name=\"([^\"]*)\"")  # a literal start: found at C speed
_TEXT_PARTS = (".xml", ".qde", ".txt")
_HIDDEN = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
# headers and footers: a template's design; sources/: REFI transcripts, which the gate checks
# with the transcript scan before rendering (reading them again costs a tenth of a second)
_SKIPPED = re.compile(
    r"^sources/|word/(header|footer)\d*\.xml$|\.rels$|styles\.xml$|theme/|settings\.xml$"
)


def output_text(data: str | bytes) -> str:
    """All text of ``data`` a reader (or another program) can see, one line per piece."""
    if isinstance(data, str):
        return xml_text(_HIDDEN.sub("", data)) if data.lstrip().startswith("<") else data
    if data[:2] == b"PK":
        parts = []
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if _SKIPPED.search(name) or not name.endswith(_TEXT_PARTS):
                    continue  # images, fonts and thumbnails carry no text of the workspace
                raw = z.read(name).decode("utf-8", "replace")
                parts.append(xml_text(raw) if name.endswith((".xml", ".qde")) else raw)
        return "\n".join(parts)
    return output_text(data.decode("utf-8", "replace"))


def xml_text(markup: str) -> str:
    """Element text and ``name`` attributes of XML or HTML, unescaped, tags as line breaks
    (runs inside one Word paragraph join up: "Kari" + " Nordmann"). Plain substitutions, no
    parse: a REFI project of 54 transcripts is read in a few hundredths of a second."""
    names = _NAME_ATTR.findall(markup)
    text = _PARAGRAPH_END.sub("\n", markup)
    text = _RUN_TAG.sub("", text)
    text = _ANY_TAG.sub("\n", text)
    return html.unescape(text + "\n" + "\n".join(names))
