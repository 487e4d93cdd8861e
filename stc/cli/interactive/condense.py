"""stc condense (step 3): sort a code group's units into subgroups, write condensates, choose
golden quotations."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from stc import api
from stc.cli.common import count, echo, edit
from stc.cli.interactive.terminal import ask, bold
from stc.errors import InvalidValue, NotFound, StcError
from stc.model import MeaningUnit

if TYPE_CHECKING:
    from stc.api import Study, Workspace

CONDENSE_HELP = """\
  new ID LABEL        create a subgroup             rename ID LABEL   relabel a subgroup
  move N[,N…] ID      sort units into a subgroup    write ID          condensate in $EDITOR
  remove ID           delete a subgroup (its units become unsorted)
  golden ID N         choose the golden quotation   list              show units again
  q                   quit (everything is saved)"""


class CondenseWalker:
    """Sorting a code group's units into subgroups, condensates, golden quotes (`stc condense`)."""

    def __init__(self, ws: Workspace, code_group: str) -> None:
        self.ws = ws
        self.cg = code_group
        self.lang = ws.project().language
        if ws.codebook().code_group(code_group) is None:
            raise NotFound(f"no code group {code_group!r}", hint="`stc codebook show` lists them")

    def show_units(self) -> list[MeaningUnit]:
        study = self.ws.study()
        units = api.condense_units(study, self.cg)
        c = study.condensations.get(self.cg)
        sub_of = {u: s.id for s in (c.subgroups if c else ()) for u in s.units}
        group = study.codebook.code_group(self.cg)
        echo(bold(f"{self.cg} — {group.label if group else ''} ({len(units)} units)"))
        by_group: dict[str, list[tuple[int, MeaningUnit]]] = {}
        for i, u in enumerate(units, 1):
            by_group.setdefault(study.attribution(u.transcript), []).append((i, u))
        for label, items in by_group.items():
            echo(f"\n{bold(label)} ({len(items)})")
            for i, u in items:
                where = f" → {sub_of[u.id]}" if u.id in sub_of else ""
                echo(f"  [{i}] {u.transcript} t{u.turn} «{u.text}» [{', '.join(u.codes)}]{where}")
        self._subgroups(study)
        return units

    def _subgroups(self, study: Study) -> None:

        c = study.condensations.get(self.cg)
        echo("")
        for s in c.subgroups if c else ():
            members = study.subgroup_units(self.cg, s.id)
            flags = ("✓ condensate" if s.condensate else "– condensate") + (
                " ✓ golden" if s.golden else " – golden"
            )
            echo(
                f"  {bold(s.id)} {s.label}: {count(len(members), 'unit')}, "
                f"{count(api.informants(study, members), 'informant')}; {flags}"
            )
        for w in api.condense_warnings(study, self.cg):
            echo(f"  note: {w}")

    def run(self) -> None:
        units = self.show_units()
        echo("? for help")
        while True:
            c = self.ws.condensation(self.cg)
            words = ["new", "rename", "move", "write", "golden", "remove", "list"]
            cmd = ask("condense> ", [*words, *(s.id for s in c.subgroups)]).strip()
            if cmd in ("q", "quit"):
                return
            try:
                units = self._do(cmd, units)
            except StcError as exc:
                echo(f"  {exc}")

    def _do(self, cmd: str, units: list[MeaningUnit]) -> list[MeaningUnit]:
        verb = cmd.split(maxsplit=1)[0] if cmd.strip() else ""
        parts = cmd.split() if verb == "move" else cmd.split(maxsplit=2)
        actions: dict[str, Callable[[list[str]], None]] = {
            "new": lambda p: api.add_subgroup(
                self.ws, self.cg, p[1], p[2] if len(p) > 2 else p[1], []
            ),
            "rename": lambda p: api.rename_subgroup(self.ws, self.cg, p[1], p[2]),
            # move N[,N…] ID and move N N N ID: the last word is the subgroup
            "move": lambda p: api.move_units(
                self.ws, self.cg, self._pick(" ".join(p[1:-1]), units), p[-1]
            ),
            "write": lambda p: self._write(p[1]),
            "golden": lambda p: api.choose_golden(
                self.ws, self.cg, p[1], self._pick(p[2], units)[0]
            ),
            "remove": lambda p: api.remove_subgroup(self.ws, self.cg, p[1]),
        }
        if verb == "list":
            return self.show_units()
        if verb == "?" or verb not in actions:
            if verb not in ("", "?"):
                echo(f"  {verb!r} is not a command here")
            echo(CONDENSE_HELP)
            return units
        usage = {
            "new": "new ID LABEL",
            "rename": "rename ID LABEL",
            "move": "move N[,N…] ID",
            "write": "write ID",
            "golden": "golden ID N",
            "remove": "remove ID",
        }[verb]
        if len(parts) < len(usage.split()):
            echo(f"  usage: {usage}")
            return units
        actions[verb](parts)
        self._subgroups(self.ws.study())
        return units

    def _pick(self, numbers: str, units: list[MeaningUnit]) -> list[str]:
        picked = []
        for tok in re.split(r"[,\s]+", numbers.strip()):
            if not tok.isdigit() or not 1 <= int(tok) <= len(units):
                raise InvalidValue(f"{tok!r} is not a unit number from the list (1–{len(units)})")
            picked.append(units[int(tok) - 1].id)
        return picked

    def _write(self, subgroup: str) -> None:
        write_condensate_in_editor(self.ws, self.cg, subgroup)
        s = self.ws.condensation(self.cg).subgroup(subgroup)
        if s and not api.first_person(s.condensate, self.lang):
            pronouns = api.phrases(self.lang)["pronouns"]
            echo(
                f"  note: a condensate is an artificial quotation in the first person ({pronouns})"
            )


def write_condensate_in_editor(ws: Workspace, code_group: str, subgroup: str) -> None:
    """Open $EDITOR with the subgroup's units (as comments) and its condensate so far."""
    written = edit(api.condensate_editor_text(ws, code_group, subgroup))
    api.write_condensate(ws, code_group, subgroup, api.condensate_from_editor(written))
