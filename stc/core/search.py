"""Keyword in context over all transcripts (pure)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from dataclasses import asdict, dataclass

from stc.core.units import segments
from stc.errors import InvalidValue
from stc.model import MeaningUnit
from stc.study import Study, require_known


@dataclass(frozen=True)
class Hit:
    id: str  # transcript:turn:start-end, usable as `stc unit add --hit ID`
    transcript: str
    turn: int
    start: int
    end: int
    group: str
    text: str
    left: str
    right: str
    coded: list[str]  # "coder: code, code" for units that overlap the hit

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@functools.cache
def _one_to_one() -> tuple[dict[int, str], re.Pattern[str]]:
    """Characters (Latin, Greek, Cyrillic) that fold to exactly one character; built on the
    first search, not on import."""
    table: dict[int, str] = {ord("\n"): "\n", ord("\t"): "\t"}
    for code in range(0x20, 0x530):
        ch = chr(code)
        folded = "".join(
            c for c in unicodedata.normalize("NFD", ch.casefold()) if not unicodedata.combining(c)
        )
        if len(folded) == 1:
            table[code] = folded
    allowed = re.escape("".join(chr(c) for c in table))
    return table, re.compile(f"[^{allowed}]")


def fold(text: str) -> tuple[str, list[int] | None]:
    """Case- and accent-folded text, with each folded character's original index.

    The index is None when folding kept every character in place (the common case, done at
    C speed with str.translate); otherwise it is built character by character.
    """
    table, other = _one_to_one()
    if not other.search(text):
        return text.translate(table), None
    out, index = [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFD", ch.casefold()):
            if not unicodedata.combining(c):
                out.append(c)
                index.append(i)
    return "".join(out), index


def search(
    study: Study,
    pattern: str,
    group: str | None = None,
    code_group: str | None = None,
    regex: bool = False,
    exact: bool = False,
    whole_words: bool = True,
    width: int = 40,
) -> list[Hit]:
    """Hits of ``pattern``; by default case- and accent-insensitive, whole words only."""
    if not pattern.strip():
        raise InvalidValue("the search pattern is empty")
    require_known("informant group", group, study.groups)
    require_known("code group", code_group, (g.id for g in study.codebook.code_groups))
    needle = pattern if regex else re.escape(pattern if exact else fold(pattern)[0])
    if whole_words:
        needle = rf"(?<!\w){needle}(?!\w)"
    try:
        rx = re.compile(needle, 0 if exact or (regex and exact) else re.IGNORECASE)
    except re.error as exc:
        raise InvalidValue(f"the regular expression is not valid: {exc}") from None
    by_turn: dict[tuple[str, int], list[tuple[int, int, MeaningUnit]]] = {}
    for u in study.units:
        t = study.transcripts.get(u.transcript)
        for turn, s, e in segments(t, u) if t else []:  # a unit across turns: each part
            by_turn.setdefault((u.transcript, turn.n), []).append((s, e, u))
    allowed = None
    if code_group:
        allowed = {(u.transcript, *u.anchor) for u in study.units_by_code_group.get(code_group, [])}
    hits = []
    for t in study.transcripts.values():
        if group and t.group != group:
            continue
        # one pass over the whole transcript: turns joined by newlines, which no hit crosses
        joined = "\n".join(turn.text for turn in t.turns)
        starts = list(itertools.accumulate((len(x.text) + 1 for x in t.turns[:-1]), initial=0))
        text, index = (joined, None) if exact else fold(joined)
        for m in rx.finditer(text):
            if m.start() == m.end() or "\n" in m.group():
                continue
            ga, gb = (
                (m.start(), m.end())
                if index is None
                else (index[m.start()], index[m.end() - 1] + 1)
            )
            k = bisect.bisect_right(starts, ga) - 1
            turn = t.turns[k]
            a, b = ga - starts[k], gb - starts[k]
            units = by_turn.get((t.id, turn.n), [])
            if allowed is not None and not any(
                (t.id, *u.anchor) in allowed and s < b and a < e for s, e, u in units
            ):
                continue
            coded = [f"{u.coder}: {', '.join(u.codes)}" for s, e, u in units if s < b and a < e]
            hits.append(
                Hit(
                    f"{t.id}:{turn.n}:{a}-{b}",
                    t.id,
                    turn.n,
                    a,
                    b,
                    t.group,
                    turn.text[a:b],
                    turn.text[max(0, a - width) : a],
                    turn.text[b : b + width],
                    coded,
                )
            )
    return hits


def parse_hit(hit: str) -> tuple[str, int, int, int]:
    m = re.fullmatch(r"(.+):(\d+):(\d+)-(\d+)", hit)
    if not m:
        raise InvalidValue(
            f"{hit!r} is not a search hit id (transcript:turn:start-end)",
            hint="`stc search WORD` prints hit ids",
        )
    return m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
