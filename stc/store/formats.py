"""Markdown-with-front-matter formats: transcripts, analytic texts, the decision log.

Each parser and formatter is pure (text in, text out); output is byte-stable.
"""

from __future__ import annotations

import re
from typing import Any

from stc.errors import FormatError
from stc.model import Decision, Fields, Synthesis, Transcript, Turn, check_id
from stc.store import yamlio
from stc.store.schema import check_version, upgrade, versioned
from stc.text import ROLE_RE, find_control

_DECISION_RE = re.compile(r"^## (?P<head>.+)$", re.MULTILINE)
_PARAGRAPH_RE = re.compile(r"(?:[^\n]|\n(?![ \t]*(?:\n|$)))+")
_TURN_RE = re.compile(
    r"^(?P<speaker>[A-Z]{1,3}\d{0,2})(?: \[(?P<time>\d{2}:\d{2}:\d{2})\])?: (?P<text>.*)$",
    re.DOTALL,
)


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str, int]:
    """Split '---' YAML front matter from a Markdown body; returns (meta, body, body line)."""
    if not text.startswith("---\n"):
        raise FormatError(f"{where}:1: expected YAML front matter starting with '---'")
    end = text.find("\n---\n", 3)
    if end == -1 and text.endswith("\n---"):
        end = len(text) - 4
    if end == -1:
        raise FormatError(f"{where}: front matter is not closed with a '---' line")
    meta = yamlio.load(text[4 : end + 1], where) or {}
    check_version(meta, where)
    meta = upgrade(meta, where)
    body = text[end + 5 :]
    return meta, body, text[: end + 5].count("\n") + 1


def join_front_matter(meta: dict[str, Any], body: str) -> str:
    return f"---\n{yamlio.dump(versioned(meta))}---\n\n{body.strip()}\n"


# --- transcripts -------------------------------------------------------------------------


def parse_transcript(text: str, where: str) -> Transcript:
    found = find_control(text)
    if found:
        raise FormatError(
            f"{where}:{found.line}:{found.column}: control character {found.name}",
            hint="delete it in an editor (most do not show it); transcripts hold text only",
        )
    meta, body, line = split_front_matter(text, where)
    f = Fields(meta, where, Transcript.META_KEYS)
    turns: list[Turn] = []
    for m in _PARAGRAPH_RE.finditer(body):
        para = m.group(0).strip("\n")
        if not para.strip():
            continue
        turn = _TURN_RE.match(para)
        if not turn:
            at = (
                line
                + body[: m.start()].count("\n")
                + (len(m.group(0)) - len(m.group(0).lstrip("\n")))
            )
            raise FormatError(
                f"{where}:{at}: expected a turn 'SPEAKER: text' (e.g. 'I: …' or 'R: …')",
                hint="a turn is a paragraph starting with a role; blank lines separate turns",
            )
        turns.append(
            Turn(
                len(turns) + 1, turn.group("speaker"), turn.group("text"), turn.group("time") or ""
            )
        )
    anonymised = meta.get("anonymised", True)
    if not isinstance(anonymised, bool):
        raise FormatError(f"{where}.anonymised: expected true or false")
    return Transcript(
        id=check_id(f.req_text("id"), "transcript", f"{where}: id"),
        group=check_id(f.req_text("group"), "informant group", f"{where}: group"),
        turns=tuple(turns),
        interviewed=f.text("interviewed"),
        interviewer=f.text("interviewer"),
        source=f.text("source"),
        informants=f.whole("informants", 1),
        anonymised=anonymised,
    )


def format_transcript(t: Transcript) -> str:
    for turn in t.turns:
        if not ROLE_RE.match(turn.speaker):
            raise FormatError(
                f"transcript {t.id} turn {turn.n}: speaker {turn.speaker!r} is no role"
            )
        if turn.time and not re.fullmatch(r"\d{2}:\d{2}:\d{2}", turn.time):
            raise FormatError(
                f"transcript {t.id} turn {turn.n}: time {turn.time!r} is not HH:MM:SS"
            )
    body = "\n\n".join(f"{_head(turn)}: {turn.text}" for turn in t.turns)
    return join_front_matter(t.meta_dict(), body)


def _head(turn: Turn) -> str:
    """A turn's role, with the time stamp of the recording when there is one: 'R [00:01:02]'."""
    return f"{turn.speaker} [{turn.time}]" if turn.time else turn.speaker


def parse_synthesis(text: str, where: str) -> Synthesis:
    meta, body, _ = split_front_matter(text, where)
    f = Fields(meta, where, Synthesis.META_KEYS)
    return Synthesis(
        code_group=f.req_text("code_group"),
        heading=f.text("heading"),
        body=body.strip(),
        theme=f.opt_text("theme"),
        fingerprint=f.text("fingerprint"),
    )


def format_synthesis(s: Synthesis) -> str:
    return join_front_matter(s.meta_dict(), s.body)


def parse_decisions(text: str, where: str) -> tuple[Decision, ...]:
    """Sections '## DATE · trinn N · author' with free text beneath, oldest first."""
    _, body, _ = split_front_matter(text, where)
    heads = list(_DECISION_RE.finditer(body))
    out = []
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        parts = [p.strip() for p in m.group("head").split("·")]
        step = next(
            (int(p.split()[-1]) for p in parts[1:] if re.fullmatch(r"(trinn|step) \d", p)), None
        )
        author = next((p for p in parts[1:] if not re.fullmatch(r"(trinn|step) \d", p)), "")
        out.append(Decision(parts[0], body[m.end() : end].strip(), step, author))
    return tuple(out)


def format_decision(d: Decision, language: str) -> str:
    word = "trinn" if language == "nb" else "step"
    head = " · ".join(x for x in (d.date, f"{word} {d.step}" if d.step else "", d.author) if x)
    return f"## {head}\n\n{d.text.strip()}\n"
