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
from stc.text import ROLE_RE, Parsed, assign_roles, find_control, slug


@dataclass(frozen=True)
class CodedSpan:
    """A span coded in the source file (e.g. a Word comment): becomes a meaning unit."""

    coder: str
    turn: int
    start: int
    end: int
    codes: tuple[str, ...]
    note: str = ""
    to_turn: int = 0  # the last turn of a span across turns (``end`` counts in it)


@dataclass
class Imported:
    transcript: Transcript
    coded: list[CodedSpan] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    coding_only: bool = False  # a DOCX from `stc export docx-for-coding`: units, not a transcript
    warnings: list[str] = field(default_factory=list)  # the roles look wrong: worth a look
    speakers_used: frozenset[str] = frozenset()  # --speaker names that occur in this file

    @property
    def summary(self) -> str:
        return summary(self.transcript)


def summary(t: Transcript) -> str:
    """One line per imported transcript: 'vei-03: 118 turns — I 59, R 59'."""
    counts: dict[str, int] = {}
    for turn in t.turns:
        counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
    roles = ", ".join(f"{role} {n}" for role, n in sorted(counts.items(), key=_role_order))
    return f"{t.id}: {len(t.turns)} turn{'s' if len(t.turns) != 1 else ''} — {roles}"


def _role_order(item: tuple[str, int]) -> tuple[int, str]:
    role = item[0]
    return ({"I": 0, "R": 1}.get(role[:1], 2), role)


def role_warnings(t: Transcript, labelled: bool) -> list[str]:
    """Signs that speakers were not recognised: no label at all, or one role with >90% of
    the words and most of the turns (an interview where the interviewer never speaks is
    rarely one)."""
    if not labelled:
        return [
            f"{t.id}: no speaker label found — every turn is stored as R; write labels such as "
            "'Interviewer:' or 'I:' before each turn (layouts: docs/formats.md), or import "
            "it with --speaker"
        ]
    words: dict[str, int] = {}
    turns: dict[str, int] = {}
    for turn in t.turns:
        words[turn.speaker] = words.get(turn.speaker, 0) + len(turn.text.split())
        turns[turn.speaker] = turns.get(turn.speaker, 0) + 1
    total = sum(words.values())
    role, most = max(words.items(), key=lambda kv: kv[1], default=("", 0))
    # long answers to short questions are normal; alternating turns show both were found
    if len(t.turns) > 1 and total and most / total > 0.9 and turns[role] > 0.75 * len(t.turns):
        return [
            f"{t.id}: {role} has {most * 100 // total}% of the words — check that the "
            f"interviewer's turns were recognised (`stc show {t.id}`; map names with "
            "--speaker NAME=I)"
        ]
    return []


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
    explicit = {name: role.upper() for name, role in options.speakers.items()}
    for name, role in explicit.items():
        if not ROLE_RE.match(role):
            raise ImportFailed(
                f"--speaker {name}={role}: {role!r} is not a role",
                hint="roles are I (interviewer), R (respondent), I2, R2 … e.g. --speaker 'Kari=R'",
            )
    labels = [t.label for t in parsed.turns]
    speakers = assign_roles(labels, explicit, [t.text for t in parsed.turns])
    turns = tuple(
        Turn(i + 1, speakers.roles[t.label or ""], t.text, t.time)
        for i, t in enumerate(parsed.turns)
    )
    transcript = Transcript(
        id=tid,
        group=check_id(group, "informant group"),
        turns=turns,
        interviewed=meta.get("interviewed", ""),
        interviewer=meta.get("interviewer", ""),
        source=options.source_name or path.name,
    )
    return Imported(
        transcript,
        notices=list(speakers.notices),
        warnings=role_warnings(transcript, any(labels)),
        speakers_used=speakers.used,
    )
