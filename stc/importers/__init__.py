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
from stc.text import Parsed, assign_roles, slug


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


SUFFIXES = (".txt", ".md", ".docx", ".vtt", ".srt")


def import_file(path: Path, options: Options) -> Imported:
    """Read one transcript file of any supported format."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFailed(f"{path}: no such file")
    _check_size(path, suffix)
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


def _check_size(path: Path, suffix: str) -> None:
    """Refuse a file too large to be an interview before reading any of it."""
    from stc.errors import TooLarge
    from stc.limits import TEXT_INPUT, ZIP_TOTAL, size

    limit = ZIP_TOTAL if suffix == ".docx" else TEXT_INPUT
    n = path.stat().st_size
    if n > limit:
        raise TooLarge(
            f"{path}: the file is {size(n)}; stc imports files of at most {size(limit)}",
            hint="is this the right file? a transcript of a long interview is well under 1 MiB",
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
