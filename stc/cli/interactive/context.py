"""stc check --context (step 4, recontextualisation): quoted units inside their turns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc import api
from stc.cli.common import echo, is_tty
from stc.cli.interactive.terminal import ask, bold, highlighted, in_turn
from stc.errors import InvalidValue

if TYPE_CHECKING:
    from stc.api import Workspace


def context(
    ws: Workspace,
    target: str,
    researcher: str | None,
    outcome: str | None,
    note: str | None,
    around: int = 1,
) -> None:
    """Show quoted units inside their surrounding turns; record a validation note."""
    study = ws.study()
    units = api.context_units(ws, target)
    for u in units:
        t = study.transcripts[u.transcript]
        where = f"turns {u.turn}–{u.last_turn}" if u.spans_turns else f"turn {u.turn}"
        echo(bold(f"\n{u.id} — {study.attribution(u.transcript)}, {t.id} {where}"))
        for turn in t.turns[max(0, u.turn - 1 - around) : u.last_turn + around]:
            text = highlighted(turn.text, in_turn([u], turn.n, len(turn.text)))
            echo(f"{turn.n:>4}  {turn.speaker}: {text}")
    if not units:
        echo("no quoted units yet")
    if outcome is None and is_tty():
        answer = (
            ask(
                "\nrecord a validation note? [c]onfirmed, [r]evised, [x] counter-example, "
                "Enter = no: "
            )
            .strip()
            .lower()
        )
        outcome = {"c": "confirmed", "r": "revised", "x": "counter-example"}.get(answer[:1])
        if outcome and note is None:
            note = ask("note: ").strip()
    if outcome:
        if not researcher:
            raise InvalidValue("say who you are: --researcher R (or stc config --researcher R)")
        api.record_validation(ws, researcher, target, outcome, note or "")
        echo(f"validation recorded: {target} {outcome}")
