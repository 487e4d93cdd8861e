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

_TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_NAME_ATTR = re.compile(r"\sname=\"([^\"]*)\"")
_TEXT_PARTS = (".xml", ".qde", ".txt")
_HIDDEN = re.compile(r"<(style|script)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_SKIPPED = re.compile(r"word/(header|footer)\d*\.xml$|\.rels$|styles\.xml$|theme/|settings\.xml$")


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
    """Element text and ``name`` attributes of XML or HTML, unescaped, tags as line breaks."""

    def tag(m: re.Match[str]) -> str:
        t = m.group()
        if t.startswith(("<w:", "</w:", "<a:", "</a:")) and not t.startswith(("</w:p>", "</a:p>")):
            return ""  # runs inside one Word paragraph join up: "Kari" + " Nordmann"
        names = _NAME_ATTR.findall(t)
        return "\n" + "\n".join(names) + "\n" if names else "\n"

    text = _TAG.sub(tag, markup)
    return html.unescape(text)
