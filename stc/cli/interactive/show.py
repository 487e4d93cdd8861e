"""stc show: a transcript with numbered turns and its coded units marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc.cli.interactive.terminal import bold, highlighted, in_turn, page, shift
from stc.model import MeaningUnit

if TYPE_CHECKING:
    from stc.api import Workspace


def show(ws: Workspace, tid: str, researcher: str | None, numbered_sentences: bool) -> None:
    from stc.api import sentence_spans

    t = ws.transcript(tid)
    study = ws.study()
    group = study.groups.get(t.group)
    lines = [
        bold(f"{t.id} — {group.label if group else t.group}")
        + (f", {t.interviewed}" if t.interviewed else "")
    ]
    mine: list[MeaningUnit] = []
    listed: dict[int, list[MeaningUnit]] = {}  # each unit once, under its last turn
    for u in study.units:
        if u.transcript == t.id and (not researcher or u.coder == researcher):
            listed.setdefault(u.last_turn, []).append(u)
            mine.append(u)
    splits = sentence_spans(study, t) if numbered_sentences else {}
    for turn in t.turns:
        units = in_turn(mine, turn.n, len(turn.text))
        if numbered_sentences:
            body = " ".join(
                f"[{i}] {highlighted(turn.text[a:b], shift(units, a, b))}"
                for i, (a, b) in enumerate(splits[turn.n], 1)
            )
        else:
            body = highlighted(turn.text, units)
        head = f"{turn.speaker} [{turn.time}]" if turn.time else turn.speaker
        lines.append(f"\n{turn.n:>4}  {head}: {body}")
        for u in listed.get(turn.n, []):
            where = (
                f"{u.turn}:{u.start}–{u.last_turn}:{u.end}"
                if u.spans_turns
                else f"{u.start}–{u.end}"
            )
            lines.append(f"      ↳ {u.coder} [{where}] {', '.join(u.codes)}  ({u.id})")
    page("\n".join(lines))
