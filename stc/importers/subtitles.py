"""WebVTT (.vtt: Teams ``<v Name>`` voice tags, Zoom ``Name:`` cues) and SubRip (.srt).

Consecutive cues of one speaker are merged into one turn; the start of its first cue is kept
as the turn's time (for going back to the recording), never in its text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from stc.errors import ImportFailed
from stc.importers import Imported, Options, build, refuse_controls
from stc.importers.decode import decode
from stc.text import Parsed, Placement, RawTurn, clock, normalise, parse_lines

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")
_HEADERS = ("WEBVTT", "NOTE", "STYLE", "REGION")


def cues(text: str) -> list[tuple[str | None, str, str]]:
    """(speaker, words, start time) of every cue with text."""
    out: list[tuple[str | None, str, str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.strip().split("\n")]
        if not lines or lines[0].startswith(_HEADERS):
            continue
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        payload = " ".join(line for line in lines[timing + 1 :] if line)
        start = re.match(r"\s*(\d+:\d{2}(?::\d{2})?)", lines[timing])
        voice = _VOICE.search(payload)
        speaker = voice.group(1).strip() if voice else None
        words = html.unescape(_TAG.sub("", payload)).strip()
        if not speaker:
            labelled = parse_lines([words])
            if labelled.turns and labelled.turns[0].label:
                speaker, words = labelled.turns[0].label, labelled.turns[0].text
        if words:
            out.append((speaker, re.sub(r"\s+", " ", words), clock(start and start.group(1))))
    return out


def read(path: Path, options: Options) -> Imported:
    decoded = decode(path.read_bytes(), path, options.encoding)
    refuse_controls(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), str(path))
    text = normalise(decoded.text)
    if path.suffix.lower() == ".vtt" and not text.startswith("WEBVTT"):
        raise ImportFailed(f"{path}: not a WebVTT file (it must start with 'WEBVTT')")
    parsed = Parsed()
    for speaker, words, time in cues(text):
        last = parsed.turns[-1] if parsed.turns else None
        if last and (speaker is None or speaker == last.label):
            last.text = f"{last.text} {words}"
        else:
            parsed.turns.append(RawTurn(speaker, words, time))
    parsed.placements = [Placement(i, 0, 0) for i in range(len(parsed.turns))]
    if not parsed.turns:
        raise ImportFailed(f"{path}: no cues with text found")
    imported = build(path, parsed, options)
    if decoded.notice:
        imported.notices.append(decoded.notice)
    return imported
