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
TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_FULL_TIME = r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?"
_WORD = r"[^\W_][\w'’.-]*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}?"
# "Name:", "Interviewer 1 :", "[00:01:02] Name: …", "Name (00:01:10): …", "Name: 00:01:02 …"
_LABEL_RE = re.compile(
    rf"^(?:[\[(]?(?P<t1>{TIME})[\])]?[ \t]+(?:[-–][ \t]+)?)?"
    rf"(?P<label>{_NAME}(?:[ \t]*\([^():\d]{{1,30}}\))?)"
    rf"(?:[ \t]*[\[(](?P<t2>{TIME})[\])])?"
    # after the colon only a bracketed or full "00:01:02" time: "R: 12:30 var vi ferdige" is speech
    rf"[ \t]*:(?:[ \t]+(?:[\[(](?P<t3>{TIME})[\])]|(?P<t4>{_FULL_TIME})))?(?:[ \t]+|$)"
)
# a speaker on a line of its own with a time: "Kari Nordmann  0:03", "[Kari] 00:01:02",
# "Speaker 1 (0:03)", "00:00:03 Speaker 1" (Otter, Zoom and Teams exports)
_HEADER_RE = re.compile(
    rf"^(?:\[(?P<b>{_NAME})\]|(?P<n>{_NAME}))[ \t]+[\[(]?(?P<t>{TIME})[\])]?$"
    rf"|^[\[(]?(?P<t0>{TIME})[\])]?[ \t]+(?:[-–][ \t]+)?(?P<n0>{_NAME}):?$"
)
_TIME_LINE_RE = re.compile(rf"^[\[(]?(?P<t>{TIME})[\])]?$")
_INTERVIEWER = frozenset(
    (
        "i int intv iv intervjuer intervjuar intervjuaren intervjueren interviewer interviewerin "
        "intervieweur intervieweuse enquêteur enquêteuse enquêtrice moderator moderatorin "
        "modérateur modératrice facilitator fasilitator forsker researcher chercheur chercheuse "
        "forscher forscherin q spørsmål question interviewende befrager"
    ).split()
)
_RESPONDENT = frozenset(
    (
        "r resp respondent respondenten informant informanten interviewee intervjuobjekt "
        "deltaker deltakar deltakeren participant participante participants interviewé "
        "interviewée enquêté enquêtée répondant répondante befragte befragter befragt "
        "interviewte interviewter teilnehmer teilnehmerin a svar answer réponse antwort"
    ).split()
)
# generic labels of transcription services: a speaker, but not which one
_GENERIC = frozenset(
    "speaker taler talar person stemme voice locuteur locutrice intervenant sprecher".split()
)


def normalise(text: str) -> str:
    """Return text as stc stores it: NFC, LF newlines, no BOM, no trailing spaces."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def slug(name: str, fallback: str = "transcript") -> str:
    """A safe id from a file name or label: lower case, words joined by '-'; ``fallback``
    when nothing of it can make an id."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    text = re.sub(r"[^\w.-]+", "-", text).strip("-._")
    return re.sub(r"-{2,}", "-", text)[:64] or fallback


@dataclass
class RawTurn:
    label: str | None
    text: str
    time: str = ""  # when the turn starts in the recording, "HH:MM:SS"; "" if not given


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


def clock(value: str | None) -> str:
    """A time stamp as stored: "HH:MM:SS" ("0:03" → "00:00:03"; fractions dropped)."""
    if not value:
        return ""
    parts = [int(p) for p in re.split(r"[.,]", value)[0].split(":")]
    h, m, s = ([0] * (3 - len(parts)) + parts)[-3:]
    return f"{h:02d}:{m:02d}:{s:02d}"


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_I_WORDS = frozenset(_fold(w) for w in _INTERVIEWER)
_R_WORDS = frozenset(_fold(w) for w in _RESPONDENT)
_G_WORDS = frozenset(_fold(w) for w in _GENERIC)
_SPLIT_RE = re.compile(r"^(?P<base>.*?)(?:[ \t]*(?P<n>\d{1,2})|[ \t]+(?P<x>[A-Za-z]))?$")


def label_kind(label: str) -> str:
    """ "I" for an interviewer word, "R" for a respondent word, "?" for a generic speaker
    ("Speaker 1"), "" for anything else (a name) — in nb, nn, en, fr and de, any case,
    with or without a number ("Interviewer 2", "Intervjuer1")."""
    m = _SPLIT_RE.match(label.strip())
    base = _fold((m.group("base") if m else label).strip().rstrip("."))
    if base in _I_WORDS:
        return "I"
    if base in _R_WORDS:
        return "R"
    if base in _G_WORDS:
        return "?"
    return ""


def _plausible(label: str) -> bool:
    """A label stc takes without seeing it repeated: a role word or a name in title case."""
    if len(label) > 40:
        return False
    if ROLE_RE.match(label) or label_kind(label):
        return True
    words = re.sub(r"\([^)]*\)", "", label).split()
    return bool(words) and all(w[0].isupper() or w.isdigit() for w in words)


@dataclass(frozen=True)
class _Label:
    label: str
    time: str
    skip: int  # characters before the turn's text


_PREFIX = 120  # a label, its time stamps and padding fit in this; long lines are not scanned


def _label_match(line: str) -> re.Match[str] | None:
    head = line[:_PREFIX]
    m = _LABEL_RE.match(head)
    return m if m and (m.end() < len(head) or len(line) <= _PREFIX) else None


def _label(line: str, repeated: frozenset[str]) -> _Label | None:
    m = _label_match(line)
    if not m:
        return None
    label = re.sub(r"[ \t]+", " ", m.group("label"))
    if not (_plausible(label) or label.casefold() in repeated):
        return None
    time = clock(m.group("t1") or m.group("t2") or m.group("t3") or m.group("t4"))
    return _Label(label, time, m.end())


def _header(line: str) -> _Label | None:
    m = _HEADER_RE.match(line) if len(line) <= _PREFIX else None
    if not m:
        return None
    label = re.sub(r"[ \t]+", " ", m.group("b") or m.group("n") or m.group("n0"))
    if not _plausible(label):
        return None
    return _Label(label, clock(m.group("t") or m.group("t0")), len(line))


def _repeated(lines: Sequence[str]) -> frozenset[str]:
    """Labels in any case that open at least three lines ("kari:", "ola:"): speakers, not
    a sentence that happens to hold a colon."""
    counts: dict[str, int] = {}
    for line in lines:
        m = _label_match(line.strip())
        if m and len(m.group("label").split()) <= 3:
            key = re.sub(r"[ \t]+", " ", m.group("label")).casefold()
            counts[key] = counts.get(key, 0) + 1
    return frozenset(k for k, n in counts.items() if n >= 3)


def parse_lines(lines: Sequence[str]) -> Parsed:
    """Split input lines into turns.

    A line that begins with a speaker label ("Name:", "I:", "interviewer 2 :", "[00:01:02]
    Intervjuer:", "Speaker 1 (00:01:10):") starts a turn, and so does a speaker on a line of
    its own ("Kari Nordmann  0:03", "Intervjuer:"), whose text follows on the next lines. A
    blank line ends a turn. An unlabelled paragraph after a blank line is a new turn of the
    same speaker; an unlabelled line right after a turn continues it (joined by a space).
    Time stamps go to the turn's ``time``, never into its text.
    """
    out = Parsed()
    repeated = _repeated(lines)
    blank = True
    pending = ""  # a time stamp on a line of its own, for the next turn
    for line in lines:
        content = line.strip()
        if not content:
            blank = True
            out.placements.append(None)
            continue
        lead = len(line) - len(line.lstrip())
        timed = _TIME_LINE_RE.match(content)
        if timed:
            pending = clock(timed.group("t"))
            out.placements.append(None)
            continue
        found = _label(content, repeated) or _header(content)
        last = out.turns[-1] if out.turns else None
        if found:
            text = content[found.skip :]
            out.turns.append(RawTurn(found.label, text, found.time or pending))
            out.placements.append(Placement(len(out.turns) - 1, 0, lead + found.skip))
        elif last is not None and not last.text:
            out.placements.append(Placement(len(out.turns) - 1, 0, lead))
            last.text = content
        elif last is not None and not blank:
            out.placements.append(Placement(len(out.turns) - 1, len(last.text) + 1, lead))
            last.text = f"{last.text} {content}"
        else:
            previous = last.label if last else None
            out.turns.append(RawTurn(previous, content, pending))
            out.placements.append(Placement(len(out.turns) - 1, 0, lead))
        pending = ""
        blank = False
    return _without_empty(out)


def _without_empty(parsed: Parsed) -> Parsed:
    """Drop turns left without text (a speaker line with nothing after it)."""
    if all(t.text for t in parsed.turns):
        return parsed
    index: dict[int, int] = {}
    turns: list[RawTurn] = []
    for i, t in enumerate(parsed.turns):
        if t.text:
            index[i] = len(turns)
            turns.append(t)
    placements = [
        Placement(index[p.turn], p.offset, p.skipped) if p and p.turn in index else None
        for p in parsed.placements
    ]
    return Parsed(turns, placements)


@dataclass(frozen=True)
class SpeakerMap:
    roles: dict[str, str]
    notices: list[str]
    used: frozenset[str] = frozenset()  # the keys of ``explicit`` that matched a label


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name.casefold())


def assign_roles(
    labels: Sequence[str | None],
    explicit: Mapping[str, str],
    texts: Sequence[str] | None = None,
) -> SpeakerMap:
    """Map speaker labels to neutral roles: interviewer words → I (I1, I2 … for several),
    respondent words → R (R1, R2 … for several), roles stay; other names become respondents,
    except that of two or more unnamed speakers the one who asks the questions becomes I
    (``texts``, one per label, are the turns' texts).

    Names are never stored: only the roles are written to the transcript.
    """
    given = {_key(k): v for k, v in explicit.items()}
    order = list(dict.fromkeys(label or "" for label in labels))
    roles: dict[str, str] = {}
    notices: list[str] = []
    used: set[str] = set()
    kinds: dict[str, str] = {}
    for key in order:
        if _key(key) in given and key:
            roles[key] = given[_key(key)]
            used.update(k for k in explicit if _key(k) == _key(key))
        elif not key:
            kinds[key] = "R"
        else:
            canonical = re.fullmatch(r"[IR]\d{0,2}", key)
            kinds[key] = (
                "=" if canonical else label_kind(key) or ("=" if ROLE_RE.match(key) else "")
            )
    unnamed = [k for k, kind in kinds.items() if kind in ("", "?")]
    if (
        unnamed
        and not any(kind == "I" or (kind == "=" and k.startswith("I")) for k, kind in kinds.items())
        and "I" not in roles.values()
    ):
        asker = _questioner(unnamed, labels, texts)
        if asker is not None:
            kinds[asker] = "I"
            notices.append(
                f"speaker {asker!r} stored as I: asks most of the questions (map it with "
                f"--speaker '{asker}=R' if that is wrong; the name itself is not stored)"
            )
    for kind in ("I", "R"):
        members = [
            k for k in order if kinds.get(k) == kind or (kind == "R" and kinds.get(k) in ("", "?"))
        ]
        taken = {*roles.values(), *(k for k in order if kinds.get(k) == "=")}
        numbered = len(members) > 1 or kind in taken
        n = 0
        for key in members:
            if not numbered:
                roles[key] = kind
            else:
                n += 1
                while f"{kind}{n}" in taken:
                    n += 1
                roles[key] = f"{kind}{n}"
            if key and label_kind(key) in ("", "?") and kinds.get(key) != "I":
                notices.append(
                    f"speaker {key!r} stored as {roles[key]} (map it with --speaker "
                    f"'{key}=I' or '{key}=R'; the name itself is not stored)"
                )
    for key in order:
        if kinds.get(key) == "=":
            roles[key] = key
    return SpeakerMap(roles, notices, frozenset(used))


def _questioner(
    candidates: list[str], labels: Sequence[str | None], texts: Sequence[str] | None
) -> str | None:
    """Of two or more speakers without a role word, the one who asks: most of their turns
    end in a question mark and they speak less than the others."""
    if texts is None or len(candidates) < 2:
        return None
    asked: dict[str, list[int]] = {k: [0, 0, 0] for k in candidates}  # turns, questions, words
    total = 0
    for label, text in zip(labels, texts, strict=True):
        words = len(text.split())
        total += words
        if (label or "") in asked:
            counts = asked[label or ""]
            counts[0] += 1
            counts[1] += text.rstrip().endswith("?")
            counts[2] += words
    ratio = {k: c[1] / c[0] for k, c in asked.items() if c[0]}
    best = max(ratio, key=lambda k: ratio[k], default=None)
    if best is None or ratio[best] < 0.3 or asked[best][2] * 2 >= total:
        return None
    if sum(1 for r in ratio.values() if r == ratio[best]) > 1:
        return None
    return best


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start index of ``needle`` in ``haystack`` (overlaps included)."""
    hits, i = [], haystack.find(needle)
    while i != -1 and needle:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits


# Git writes these around both sides of a conflicting change; a file holding them is half-merged.
_CONFLICT_RE = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)", re.MULTILINE)
# C0 and C1 control characters other than tab and line feed (and DEL): invisible in editors,
# refused by the DOCX and XLSX writers.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def conflict_marker(text: str) -> int | None:
    """The line number (from 1) of the first git conflict marker in ``text``, if any."""
    m = _CONFLICT_RE.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


@dataclass(frozen=True)
class Control:
    """A control character found in text: where it is (line and column from 1) and its name."""

    line: int
    column: int
    char: str

    @property
    def name(self) -> str:
        code = f"U+{ord(self.char):04X}"
        label = _CONTROL_NAMES.get(self.char)
        return f"{code} ({label})" if label else code


_CONTROL_NAMES = {
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\r": "carriage return",
    "\x1b": "ESC",
    "\x7f": "DEL",
}


def find_control(text: str) -> Control | None:
    """The first control character in ``text`` other than tab and line feed."""
    m = _CONTROL_RE.search(text)
    if not m:
        return None
    line_start = text.rfind("\n", 0, m.start()) + 1
    return Control(text.count("\n", 0, m.start()) + 1, m.start() - line_start + 1, m.group(0))
