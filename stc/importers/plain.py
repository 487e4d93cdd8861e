"""Plain text (.txt) and Markdown (.md) transcripts."""

from __future__ import annotations

from pathlib import Path

from stc.importers import Imported, Options, build, refuse_controls
from stc.importers.decode import decode
from stc.store import yamlio
from stc.text import normalise, parse_lines


def read(path: Path, options: Options) -> Imported:
    decoded = decode(path.read_bytes(), path, options.encoding)
    refuse_controls(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), str(path))
    text = normalise(decoded.text)
    meta: dict[str, str] = {}
    if path.suffix.lower() == ".md" and text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1:
            data = yamlio.load(text[4:end], str(path))
            if isinstance(data, dict):
                keys = ("id", "group", "interviewed", "interviewer")
                meta = {k: str(data[k]) for k in keys if data.get(k)}
            text = text[end + 4 :]
    imported = build(path, parse_lines(text.split("\n")), options, meta)
    if decoded.notice:
        imported.notices.append(decoded.notice)
    return imported
