"""stc resolve: walk the consensus coding's disputes one by one and record each decision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc import api
from stc.cli.common import count, echo
from stc.cli.interactive.terminal import ask, bold, mark
from stc.errors import StcError

if TYPE_CHECKING:
    from stc.api import Workspace

RESOLVE_HELP = """\
  a   keep A (B goes)           b   keep B (A goes)
  k   keep both                 n   neither (both go)
  r   recode: one unit over both spans, with the codes you give
  o   note: write why (kept with the decision)
  s   skip for now              q   quit (decisions so far are saved)"""

KEYS = {"a": "keep-a", "b": "keep-b", "k": "keep-both", "n": "neither", "r": "recode"}


class ResolveWalker:
    """The disputes of one consensus coding, each shown with both codings in context."""

    def __init__(self, ws: Workspace, coding: str, researcher: str) -> None:
        self.ws = ws
        self.coding = coding
        self.researcher = researcher
        self.skipped: set[str] = set()

    def run(self) -> None:
        settled = 0
        while True:
            _, open_ = api.disputes(self.ws, self.coding)
            todo = [d for d in open_ if d.id not in self.skipped]
            if not todo:
                break
            echo(bold(f"\n{count(len(open_), 'open dispute')} in '{self.coding}'"))
            outcome = self._one(todo[0])
            if outcome == "quit":
                break
            if outcome == "skip":
                self.skipped.add(todo[0].id)
            else:
                settled += 1
        _, left = api.disputes(self.ws, self.coding)
        echo(f"{count(settled, 'decision')} recorded; {count(len(left), 'dispute')} open")
        if not left:
            echo("next: stc check")

    def _label(self, code: str) -> str:
        c = self.ws.codebook().code(code)
        return f"{c.label} ({code})" if c and c.label else code

    def _show(self, d: api.Dispute) -> None:
        t = self.ws.transcript(d.transcript)
        # the text both units cover together, as (turn, offset) positions: either may span turns
        first = min((d.a.turn, d.a.start), (d.b.turn, d.b.start))
        last = max((d.a.last_turn, d.a.end), (d.b.last_turn, d.b.end))
        turns = f"turns {first[0]}–{last[0]}" if last[0] > first[0] else f"turn {first[0]}"
        echo(f"{d.transcript} {turns} ({t.turn(first[0]).speaker})")
        if first[0] > 1:
            before = t.turn(first[0] - 1)
            echo(f"  {before.speaker}: {before.text[:200]}{'…' if len(before.text) > 200 else ''}")
        for n in range(first[0], last[0] + 1):
            turn = t.turn(n)
            lo = first[1] if n == first[0] else 0
            hi = last[1] if n == last[0] else len(turn.text)
            text = turn.text
            echo(f"  {turn.speaker}: {text[:lo]}{mark(text[lo:hi])}{text[hi:]}")
        for name, u in (("A", d.a), ("B", d.b)):
            echo(f"  {bold(name)} {u.id}: [{', '.join(self._label(c) for c in u.codes)}]")
            echo(f"      «{u.text}»" + (f"  — {u.note}" if u.note else ""))
        study = self.ws.study()
        sources = study.merged_from(self.coding)
        coded = [
            u
            for u in study.units
            if u.coder in sources
            and u.transcript == d.transcript
            and (u.turn, u.start) < last
            and first < (u.last_turn, u.end)
        ]
        for u in coded:
            codes = ", ".join(self._label(c) for c in u.codes)
            echo(f"    {u.coder}: [{codes}] «{u.text}»" + (f"  — {u.note}" if u.note else ""))

    def _one(self, d: api.Dispute) -> str:
        self._show(d)
        note = ""
        while True:
            cmd = ask("a/b/k/n/r/o/s/q (? help) > ").strip().lower()
            if cmd == "?":
                echo(RESOLVE_HELP)
                continue
            if cmd == "q":
                return "quit"
            if cmd == "s":
                return "skip"
            if cmd == "o":
                note = ask("  note: ").strip()
                continue
            if cmd not in KEYS:
                echo("not understood; ? for help")
                continue
            codes: list[str] = []
            if KEYS[cmd] == "recode":
                raw = ask("  codes (comma-separated): ").strip()
                codes = [c.strip() for c in raw.split(",") if c.strip()]
                if not codes:
                    continue
            try:
                effects = api.settle(
                    self.ws, self.coding, d.id, KEYS[cmd], self.researcher, codes, note
                )
            except StcError as exc:
                echo(f"  {exc}")
                continue
            for e in effects:
                echo(f"  {e}")
            echo(f"  recorded: {KEYS[cmd]}")
            return "done"
