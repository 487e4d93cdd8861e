"""Text normalisation and turn structure (pure functions, no I/O).

Transcripts are normalised once, on import, and then frozen: NFC, LF newlines, no BOM, no
trailing spaces, one turn per paragraph. Offsets of meaning units are code points within a
turn's text, so nothing downstream depends on bytes, CRLF or how an editor counts emoji.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

ROLE_RE = re.compile(r"^[A-Z]{1,3}\d{0,2}$")
_LABEL_RE = re.compile(r"^(?P<label>[^\W_][\w'’.()-]*(?: [^\W_][\w'’.()-]*){0,3})\s*:\s+(?=\S)")
# role words in nb, nn and en
_INTERVIEWER = {
    "i",
    "int",
    "intervjuer",
    "intervjuar",
    "interviewer",
    "moderator",
    "q",
    "spørsmål",
    "question",
}
_RESPONDENT = {
    "r",
    "a",
    "respondent",
    "informant",
    "deltaker",
    "deltakar",
    "participant",
    "interviewee",
    "svar",
    "answer",
}


def normalise(text: str) -> str:
    """Return text as stc stores it: NFC, LF newlines, no BOM, no trailing spaces."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def slug(name: str) -> str:
    """A safe id from a file name or label: lower case, words joined by '-'."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    text = re.sub(r"[^\w.-]+", "-", text).strip("-._")
    return re.sub(r"-{2,}", "-", text)[:64] or "transcript"


@dataclass
class RawTurn:
    label: str | None
    text: str


@dataclass
class Placement:
    """Where one input line's content went: turn index, offset in the turn, chars skipped."""

    turn: int
    offset: int
    skipped: int


@dataclass
class Parsed:
    turns: list[RawTurn] = field(default_factory=list)
    placements: list[Placement | None] = field(default_factory=list)


def _label(line: str) -> tuple[str, int] | None:
    m = _LABEL_RE.match(line)
    if not m:
        return None
    label = m.group("label")
    words = label.split()
    if len(label) > 40 or not (ROLE_RE.match(label) or all(w[0].isupper() for w in words)):
        return None
    return label, m.end()


def parse_lines(lines: Sequence[str]) -> Parsed:
    """Split input lines into turns.

    A line that begins with a speaker label ("Name:", "I:", "Intervjuer:") starts a turn;
    a blank line ends one. An unlabelled paragraph after a blank line is a new turn of the
    same speaker; an unlabelled line right after a turn continues it (joined by a space).
    """
    out = Parsed()
    blank = True
    for line in lines:
        content = line.strip()
        if not content:
            blank = True
            out.placements.append(None)
            continue
        lead = len(line) - len(line.lstrip())
        found = _label(content)
        if found:
            label, skip = found
            out.turns.append(RawTurn(label, content[skip:]))
            out.placements.append(Placement(len(out.turns) - 1, 0, lead + skip))
        elif out.turns and not blank:
            turn = out.turns[-1]
            out.placements.append(Placement(len(out.turns) - 1, len(turn.text) + 1, lead))
            turn.text = f"{turn.text} {content}"
        else:
            previous = out.turns[-1].label if out.turns else None
            out.turns.append(RawTurn(previous, content))
            out.placements.append(Placement(len(out.turns) - 1, 0, lead))
        blank = False
    return out


@dataclass(frozen=True)
class SpeakerMap:
    roles: dict[str, str]
    notices: list[str]


def assign_roles(labels: Sequence[str | None], explicit: Mapping[str, str]) -> SpeakerMap:
    """Map speaker labels to neutral roles; names that are not mapped become R1, R2 …

    Names are never stored: only the roles are written to the transcript.
    """
    given = {k.casefold(): v for k, v in explicit.items()}
    roles: dict[str, str] = {}
    notices: list[str] = []
    n = 0
    for label in labels:
        key = label or ""
        if key in roles:
            continue
        low = key.casefold()
        if low in given:
            roles[key] = given[low]
        elif not key:
            roles[key] = "R"
        elif ROLE_RE.match(key):
            roles[key] = key
        elif low in _INTERVIEWER:
            roles[key] = "I"
        elif low in _RESPONDENT:
            roles[key] = "R"
        else:
            n += 1
            roles[key] = f"R{n}"
            notices.append(
                f"speaker {key!r} stored as {roles[key]} (map it with --speaker "
                f"'{key}=I' or '{key}=R'; the name itself is not stored)"
            )
    return SpeakerMap(roles, notices)


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start index of ``needle`` in ``haystack`` (overlaps included)."""
    hits, i = [], haystack.find(needle)
    while i != -1 and needle:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits
