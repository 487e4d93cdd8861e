"""stc show: a transcript with numbered turns and its coded units marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc.cli.interactive.terminal import bold, highlighted, page, shift
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
    by_turn: dict[int, list[MeaningUnit]] = {}
    for u in study.units:
        if u.transcript == t.id and (not researcher or u.coder == researcher):
            by_turn.setdefault(u.turn, []).append(u)
    splits = sentence_spans(study, t) if numbered_sentences else {}
    for turn in t.turns:
        units = by_turn.get(turn.n, [])
        if numbered_sentences:
            body = " ".join(
                f"[{i}] {highlighted(turn.text[a:b], shift(units, a, b))}"
                for i, (a, b) in enumerate(splits[turn.n], 1)
            )
        else:
            body = highlighted(turn.text, units)
        lines.append(f"\n{turn.n:>4}  {turn.speaker}: {body}")
        for u in units:
            lines.append(f"      ↳ {u.coder} [{u.start}–{u.end}] {', '.join(u.codes)}  ({u.id})")
    page("\n".join(lines))
