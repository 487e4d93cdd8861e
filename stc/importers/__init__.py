"""Importers: one module per input format, each turning a file into a Transcript.

Every importer returns an :class:`Imported`: the normalised transcript (speaker names
replaced by neutral roles, never stored), spans already coded in the source (Word
comments), and notices to show the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from stc.errors import ImportFailed
from stc.model import Transcript, Turn, check_id
from stc.text import Parsed, assign_roles, find_control, slug


@dataclass(frozen=True)
class CodedSpan:
    """A span coded in the source file (e.g. a Word comment): becomes a meaning unit."""

    coder: str
    turn: int
    start: int
    end: int
    codes: tuple[str, ...]
    note: str = ""


@dataclass
class Imported:
    transcript: Transcript
    coded: list[CodedSpan] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    coding_only: bool = False  # a DOCX from `stc export docx-for-coding`: units, not a transcript


@dataclass(frozen=True)
class Options:
    group: str | None = None
    id: str | None = None
    speakers: Mapping[str, str] = field(default_factory=dict)
    source_name: str = ""
    encoding: str | None = None  # of text input; None: UTF-8 / UTF-16 with BOM / Windows-1252


SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")


def import_file(path: Path, options: Options) -> Imported:
    """Read one transcript file of any supported format."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    if suffix in (".txt", ".md"):
        from stc.importers import plain

        return plain.read(path, options)
    if suffix == ".docx":
        from stc.importers import word

        return word.read(path, options)
    if suffix in (".vtt", ".srt"):
        from stc.importers import subtitles

        return subtitles.read(path, options)
    raise ImportFailed(
        f"{path}: unsupported format {suffix or '(no extension)'!r}",
        hint=f"stc imports {', '.join(SUFFIXES)}; save the transcript in one of these formats",
    )


def refuse_controls(text: str, where: str, line_word: str = "line") -> None:
    """Refuse text with control characters (NUL, vertical tab, ESC …; tab and newline are
    fine): they are invisible in editors and break the DOCX and XLSX writers later."""
    found = find_control(text)
    if found:
        raise ImportFailed(
            f"{where}: control character {found.name} at {line_word} {found.line}, "
            f"column {found.column}",
            hint="remove it in an editor (most do not show it) and import again",
        )


def build(
    path: Path, parsed: Parsed, options: Options, meta: Mapping[str, str] | None = None
) -> Imported:
    """Turn parsed raw turns into a Transcript with neutral speaker roles."""
    meta = meta or {}
    if not parsed.turns:
        raise ImportFailed(f"{path}: no text found", hint="is the file empty?")
    group = options.group or meta.get("group")
    if not group:
        raise ImportFailed(
            f"{path}: no informant group given",
            hint="add --group ID (see `stc group list`)",
        )
    tid = check_id(options.id or meta.get("id") or slug(path.stem), "transcript")
    speakers = assign_roles([t.label for t in parsed.turns], options.speakers)
    turns = tuple(
        Turn(i + 1, speakers.roles[t.label or ""], t.text) for i, t in enumerate(parsed.turns)
    )
    transcript = Transcript(
        id=tid,
        group=check_id(group, "informant group"),
        turns=turns,
        interviewed=meta.get("interviewed", ""),
        interviewer=meta.get("interviewer", ""),
        source=options.source_name or path.name,
    )
    return Imported(transcript, notices=list(speakers.notices))
