"""stc code (step 2): walk a transcript turn by turn, marking and coding meaning units."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import typer

from stc import api
from stc.cli.common import color, count, echo
from stc.cli.interactive.terminal import (
    ask,
    bold,
    highlighted,
    in_turn,
    mark,
    shift,
    strip_styles,
)
from stc.errors import InvalidValue, StcError
from stc.model import Code, Codebook, MeaningUnit

if TYPE_CHECKING:
    from stc.api import Workspace

CODE_HELP = """\
  3        code sentence 3          2-4   code sentences 2 to 4
  "words"  code an exact span        a     code the whole turn
  Enter    next turn                 b     previous turn
  g N      go to turn N              u     undo your last change (also from earlier sessions)
  x N      remove unit N of this turn
  r N      recode unit N (+code / -code, comma-separated; +New Code Name adds a code)
  e N "words"   re-anchor unit N to a wider or narrower span
  o N      write a note on unit N
  ^2-3     sentences 2–3 with the question before them (^a: the whole answer)
  q        quit (everything is saved; `stc code` resumes here)"""


def dim(text: str) -> str:
    return typer.style(text, dim=True) if color() else f"  {text}"


def show_codes(listing: list[Code], cb: Codebook) -> None:
    """The codes under their code groups' labels, numbered, in as many columns as fit."""
    import shutil

    width = shutil.get_terminal_size((100, 24)).columns
    cells: list[str] = []
    n = 0
    for g in [*cb.code_groups, None]:
        codes = [c for c in listing if c.code_group == (g.id if g else None)]
        if not codes:
            continue
        cells.append(bold(g.label if g else "(unsorted)"))
        for c in codes:
            n += 1
            few = len(listing) <= 8  # room for the definitions; many codes go in columns
            definition = f" — {c.definition}" if few and c.definition else ""
            cells.append(f"{n:>3} {c.label or c.id}{definition}")
    longest = max((len(strip_styles(c)) for c in cells), default=0) + 2
    columns = 1 if len(listing) <= 8 else max(1, min(4, width // max(longest, 1)))
    rows = -(-len(cells) // columns)
    for r in range(rows):
        line = ""
        for col in range(columns):
            i = col * rows + r
            if i < len(cells):
                cell = cells[i]
                line += cell + " " * (longest - len(strip_styles(cell)))
        echo("  " + line.rstrip())


class CodeWalker:
    """Turn-by-turn coding of one transcript by one researcher (`stc code`)."""

    def __init__(self, ws: Workspace, tid: str, researcher: str, all_turns: bool) -> None:
        self.ws = ws
        self.t = ws.transcript(tid)
        self.researcher = researcher
        self.lang = ws.project().language
        self.w = api.phrases(self.lang)
        self.turns = [x for x in self.t.turns if all_turns or not x.speaker.startswith("I")]
        self.splits = api.sentence_spans(ws.study(), self.t)
        self._explained = False  # whether the last answer's problem was said already

    def run(self) -> None:
        pos = min(api.coding_position(self.ws, self.researcher, self.t.id), len(self.turns))
        if pos:
            echo(self.w["resuming"].format(n=self.turns[min(pos, len(self.turns) - 1)].n))
        self._header()
        while pos < len(self.turns):
            api.save_coding_position(self.ws, self.researcher, self.t.id, pos)
            action = self._turn(pos)
            if action == "quit":
                echo("saved; run the same command to resume here")
                return
            if isinstance(action, int):
                pos = max(0, min(action, len(self.turns) - 1))
            else:
                pos += 1
        api.save_coding_position(self.ws, self.researcher, self.t.id, len(self.turns))
        echo(self.w["done"])

    def _header(self) -> None:
        cb = self.ws.codebook()
        study = self.ws.study()
        group = study.groups.get(self.t.group)
        echo(bold(f"{self.t.id} — {group.label if group else self.t.group} — {self.researcher}"))
        if cb.themes:
            echo(f"{self.w['themes']}: " + " | ".join(t.label for t in cb.themes))
        echo("? for help")

    def _mine(self, turn_n: int) -> list[MeaningUnit]:
        uf = self.ws.unit_file(self.t.id, self.researcher)
        return in_turn(list(uf.units), turn_n, len(self.t.turn(turn_n).text))

    def _turn(self, pos: int) -> str | int | None:
        turn = self.turns[pos]
        sents = self.splits[turn.n]
        n_units = len(self.ws.unit_file(self.t.id, self.researcher).units)
        mine = self._mine(turn.n)
        # the count for this turn and for the whole transcript, each said as what it is
        echo(
            f"\n{bold(f'[{pos + 1}/{len(self.turns)}]')} {self.w['turn']} {turn.n} · "
            + self.w["unit_counts"].format(here=len(mine), total=n_units)
        )
        before = self.t.turns[turn.n - 2] if turn.n > 1 else None
        if before is not None and before.speaker.startswith("I") and before not in self.turns:
            echo(dim(f"{before.speaker}: {before.text}"))  # the question this turn answers
        body = " ".join(
            f"[{i}] {highlighted(turn.text[a:b], shift(mine, a, b))}"
            for i, (a, b) in enumerate(sents, 1)
        )
        echo(f"{turn.speaker}: {body}")
        for i, u in enumerate(mine, 1):
            codes = ", ".join(self._label(c) for c in u.codes)
            echo(f"   ↳ {i} {codes}: {u.text[:70]}{'…' if len(u.text) > 70 else ''}")
        while True:
            cmd = ask("> ").strip()
            if cmd in ("", "n"):
                return None
            if cmd == "q":
                return "quit"
            if cmd == "b":
                return pos - 1
            if cmd == "?":
                echo(CODE_HELP)
                continue
            if cmd == "u":
                self._undo()
                continue
            if m := re.fullmatch(r"([xreo])\s*(\d+)\s*(.*)", cmd):
                if self._edit(m.group(1), int(m.group(2)), m.group(3), turn.n):
                    return pos  # show the turn again, as it now stands
                continue
            if m := re.fullmatch(r"g\s*(\d+)", cmd):
                target = int(m.group(1))
                found = [i for i, x in enumerate(self.turns) if x.n >= target]
                if found and target >= 1:
                    return found[0]
                echo(f"there is no turn {target} to code here (turns {self._range()})")
                continue
            asked = cmd.startswith("^")
            self._explained = False
            span = self._span(cmd[1:].strip() if asked else cmd, turn.text, sents)
            if span is None:
                if not self._explained:  # one message, saying why
                    echo("not understood; ? for help")
                continue
            if asked and turn.n == 1:
                echo("there is no turn before this one")
                continue
            self._code(turn.n, span, turn.n - 1 if asked else None)

    def _span(self, cmd: str, text: str, sents: list[tuple[int, int]]) -> tuple[int, int] | None:
        if cmd == "a":
            return (0, len(text))
        if m := re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", cmd):
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            if 1 <= a <= b <= len(sents):
                return (sents[a - 1][0], sents[b - 1][1])
            echo(f"sentences are numbered 1–{len(sents)}")
            self._explained = True
            return None
        if len(cmd) > 2 and cmd[0] == cmd[-1] and cmd[0] in "\"'":
            needle = cmd[1:-1]
            hits = [m.start() for m in re.finditer(re.escape(needle), text)]
            if len(hits) == 1:
                return (hits[0], hits[0] + len(needle))
            echo(
                "those words are not in this turn"
                if not hits
                else "those words occur more than once here; quote more of them"
            )
            self._explained = True
        return None

    def _range(self) -> str:
        shown = [x.n for x in self.turns]
        return f"{shown[0]}–{shown[-1]}" if shown else "none"

    def _code(self, turn_n: int, span: tuple[int, int], question: int | None = None) -> None:
        """Code ``span`` of turn ``turn_n``; with ``question``, from the start of that turn."""
        if question is not None:  # the unit runs on from the question: all words up to the end
            echo(f"  {mark(self.t.turn(question).text)}")
            span = (0, span[1])
        echo(f"  {mark(self.t.turn(turn_n).text[span[0] : span[1]])}")
        codes = self._pick_codes()
        if not codes:
            echo("  (not coded)")
            return
        note = ask(f"  {self.w['note_prompt']}: ").strip()
        note = "" if note == "q" else note
        added = api.add_unit(
            self.ws,
            self.t.id,
            self.researcher,
            codes,
            turn=turn_n if question is None else question,
            start=span[0] if question is None else 0,
            end=span[1],
            note=note,
            to_turn=None if question is None else turn_n,
        )
        echo(f"  saved {added.unit.id} [{', '.join(self._label(c) for c in added.unit.codes)}]")

    def _label(self, code: str) -> str:
        c = self.ws.codebook().code(code)
        return c.label if c and c.label else code

    def _pick_codes(self) -> list[str]:
        cb = self.ws.codebook()
        # grouped by code group, numbered in that order, laid out in columns
        listing = [c for g in cb.code_groups for c in cb.codes_in(g.id)] + list(cb.unsorted)
        show_codes(listing, cb)
        choices = [c.id for c in listing] + [c.label for c in listing if c.label]
        while True:
            raw = ask(f"  {self.w['codes_prompt']}: ", choices).strip()
            if raw in ("", "q"):
                return []
            try:
                return [
                    self._resolve(tok.strip(), listing, cb) for tok in raw.split(",") if tok.strip()
                ]
            except StcError as exc:
                echo(f"  {exc}")

    def _resolve(self, token: str, listing: list[Code], cb: Codebook) -> str:
        if token.isdigit() and 1 <= int(token) <= len(listing):
            return listing[int(token) - 1].id
        if token.startswith("+"):
            name = token[1:].strip()
            code = api.code_id(name)
            if cb.code(code) is None:
                self._place_new(name, code, cb)
            return code
        found = [
            c.id
            for c in listing
            if c.id.startswith(token) or c.label.lower().startswith(token.lower())
        ]
        if len(found) == 1:
            return found[0]
        raise InvalidValue(
            f"{token!r} matches {len(found)} codes"
            + (f": {', '.join(found)}" if found else "; use +NAME for a new code")
        )

    def _place_new(self, name: str, code: str, cb: Codebook) -> None:
        groups = list(cb.code_groups)
        for i, g in enumerate(groups, 1):
            echo(f"   {i:>2} {g.id}: {g.label}")
        while True:
            raw = ask(
                f"  {self.w['group_prompt'].format(code=name)}: ", [g.id for g in groups]
            ).strip()
            if raw in ("", "q"):
                group = None
                break
            if raw.isdigit() and 1 <= int(raw) <= len(groups):
                group = groups[int(raw) - 1].id
                break
            known = [g.id for g in groups if g.id == raw or g.label.casefold() == raw.casefold()]
            if known:
                group = known[0]
                break
            # every answer is checked at once: "+upstream" here is no code group
            echo(f"  {raw!r} is no code group here: a number 1–{len(groups)}, an id, or Enter")
        api.add_code(self.ws, name, group)

    def _edit(self, action: str, n: int, rest: str, turn_n: int) -> bool:
        """x/r/e/o on unit n of this turn; True when the unit changed."""
        mine = self._mine(turn_n)
        if not 1 <= n <= len(mine):
            echo(
                f"this turn has {count(len(mine), 'unit')} of yours" if mine else "no unit here yet"
            )
            return False
        unit = mine[n - 1]
        try:
            if action == "x":
                result = api.remove_unit(self.ws, unit.id, self.researcher)
            elif action == "o":
                note = ask(f"  note ({unit.note or 'none'}): ").strip()
                if note == "q":
                    return False
                result = api.note_unit(self.ws, unit.id, note, self.researcher)
            elif action == "e":
                words = rest.strip()
                if len(words) < 3 or words[0] != words[-1] or words[0] not in "\"'":
                    echo('  give the new span in quotes: e 1 "the words"')
                    return False
                result = api.edit_unit(
                    self.ws, unit.id, words[1:-1], turn=turn_n, by=self.researcher
                )
            else:
                recoded = self._recode(unit)
                if recoded is None:
                    return False
                result = recoded
        except StcError as exc:
            echo(f"  {exc}")
            return False
        echo(f"  {result.summary}")
        for effect in result.effects:
            echo(f"    {effect}")
        return True

    def _recode(self, unit: MeaningUnit) -> api.UnitEdited | None:
        echo(f"  codes now: {', '.join(self._label(c) for c in unit.codes)}")
        raw = ask("  +code / -code (comma-separated): ").strip()
        add, drop = [], []
        cb = self.ws.codebook()
        for tok in (t.strip() for t in raw.split(",") if t.strip()):
            if tok.startswith("-"):
                own = [cb.code(c) or Code(c) for c in unit.codes]
                drop.append(self._resolve(tok[1:].strip(), own, cb))
            else:
                add.append(self._resolve(tok, list(cb.codes), cb))
        if not add and not drop:
            return None
        return api.recode_unit(self.ws, unit.id, add, drop, self.researcher)

    def _undo(self) -> None:
        what = api.last_change(self.ws, self.researcher)
        if what is None:
            echo("nothing to undo")
            return
        try:
            done = api.undo(self.ws, self.researcher)
        except StcError as exc:
            echo(f"  {exc}")
            return
        echo(f"undone: {done.summary}")
