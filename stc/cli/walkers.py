"""The interactive walkers: showing transcripts, coding (step 2), condensing (step 3),
recontextualising (step 4). Every change is saved the moment it is made, so quitting —
or Ctrl-C — keeps everything done so far.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import typer

from stc import api
from stc.cli.common import color, echo, edit, is_tty
from stc.errors import StcError
from stc.model import Code, Codebook, MeaningUnit, Transcript
from stc.store import Workspace
from stc.study import Study

WORDS = {
    "nb": {
        "themes": "Foreløpige temaer",
        "units": "meningsbærende enheter",
        "turn": "tur",
        "codes_prompt": "koder (nummer, begynnelse, +ny-kode; komma mellom)",
        "group_prompt": "kodegruppe for {code} (nummer, Enter = usortert)",
        "note_prompt": "notat (Enter = ingen)",
        "done": "Alle turer er gjennomgått.",
    },
    "en": {
        "themes": "Preliminary themes",
        "units": "meaning units",
        "turn": "turn",
        "codes_prompt": "codes (number, prefix, +new-code; comma-separated)",
        "group_prompt": "code group for {code} (number, Enter = unsorted)",
        "note_prompt": "note (Enter = none)",
        "done": "All turns are done.",
    },
}

CODE_HELP = """\
  3        code sentence 3          2-4   code sentences 2 to 4
  "words"  code an exact span        a     code the whole turn
  Enter    next turn                 b     previous turn
  u        undo the last unit        g N   go to turn N
  q        quit (everything is saved; `stc code` resumes here)"""


def ask(prompt: str) -> str:
    """One line of input; end of input counts as 'q'."""
    try:
        return input(prompt)
    except EOFError:
        return "q"


def bold(text: str) -> str:
    return typer.style(text, bold=True) if color() else text


def mark(text: str) -> str:
    return typer.style(text, fg="yellow", bold=True) if color() else f"«{text}»"


# --- show ----------------------------------------------------------------------------------


def highlighted(text: str, units: list[MeaningUnit]) -> str:
    """The turn with coded spans marked (colour in a terminal, «…» otherwise)."""
    spans = sorted({(u.start, u.end) for u in units})
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue  # overlapping spans: the first one is marked
        out += [text[pos:start], mark(text[start:end])]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def show(ws: Workspace, tid: str, researcher: str | None, numbered_sentences: bool) -> None:
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
    splits = _sentences(study, t) if numbered_sentences else {}
    for turn in t.turns:
        units = by_turn.get(turn.n, [])
        if numbered_sentences:
            body = " ".join(
                f"[{i}] {highlighted(turn.text[a:b], _shift(units, a, b))}"
                for i, (a, b) in enumerate(splits[turn.n], 1)
            )
        else:
            body = highlighted(turn.text, units)
        lines.append(f"\n{turn.n:>4}  {turn.speaker}: {body}")
        for u in units:
            lines.append(f"      ↳ {u.coder} [{u.start}–{u.end}] {', '.join(u.codes)}  ({u.id})")
    _page("\n".join(lines))


def _shift(units: list[MeaningUnit], a: int, b: int) -> list[MeaningUnit]:
    from dataclasses import replace

    return [
        replace(u, start=max(u.start, a) - a, end=min(u.end, b) - a)
        for u in units
        if u.start < b and u.end > a
    ]


def _sentences(study: Study, t: Transcript) -> dict[int, list[tuple[int, int]]]:
    from stc.nlp import sentences

    p = study.project
    spans = sentences((turn.text for turn in t.turns), p.language, p.nlp_model)
    return {turn.n: s for turn, s in zip(t.turns, spans, strict=True)}


def _page(text: str) -> None:
    """Page long output in a terminal ($PAGER, less), print it otherwise."""
    import shutil

    if is_tty() and text.count("\n") > shutil.get_terminal_size().lines:
        import pydoc

        pydoc.pager(text + "\n")
    else:
        echo(text)


# --- step 1 --------------------------------------------------------------------------------

IMPRESSION_TEMPLATE = {
    "nb": """\
<!-- Helhetsinntrykk av {tid} ({group}). Les hele intervjuet før du skriver.
     Linjer inne i slike kommentarer fjernes når du lagrer. -->

## Helhetsinntrykk


## Forforståelse jeg må sette i parentes


## Kandidater til foreløpige temaer

""",
    "en": """\
<!-- Total impression of {tid} ({group}). Read the whole interview before you write.
     Lines inside comments like this are dropped when you save. -->

## Total impression


## Preconceptions to bracket


## Candidate preliminary themes

""",
}


def impression(ws: Workspace, tid: str, researcher: str, page_first: bool) -> str:
    """Show the transcript (paged), then open $EDITOR on the impression template."""
    t = ws.transcript(tid)
    if page_first:
        show(ws, tid, None, numbered_sentences=False)
    old = ws.step1(researcher).impression(tid)
    lang = ws.project().language
    start = old.text if old else IMPRESSION_TEMPLATE[lang].format(tid=t.id, group=t.group)
    text = re.sub(r"<!--.*?-->", "", edit(start), flags=re.DOTALL)
    filled = [line for line in text.splitlines() if line.strip() and not line.startswith("## ")]
    if not filled:
        raise StcError("the impression is empty; nothing was saved")
    return text.strip()


# --- step 2 --------------------------------------------------------------------------------


class CodeWalker:
    """Turn-by-turn coding of one transcript by one researcher (`stc code`)."""

    def __init__(self, ws: Workspace, tid: str, researcher: str, all_turns: bool) -> None:
        self.ws = ws
        self.t = ws.transcript(tid)
        self.researcher = researcher
        self.lang = ws.project().language
        self.w = WORDS[self.lang]
        self.turns = [x for x in self.t.turns if all_turns or not x.speaker.startswith("I")]
        self.splits = _sentences(ws.study(), self.t)
        self.added: list[str] = []

    def run(self) -> None:
        pos = min(api.coding_position(self.ws, self.researcher, self.t.id), len(self.turns))
        if pos:
            echo(f"resuming at {self.w['turn']} {self.turns[min(pos, len(self.turns) - 1)].n}")
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
        return [u for u in uf.units if u.turn == turn_n]

    def _turn(self, pos: int) -> str | int | None:
        turn = self.turns[pos]
        sents = self.splits[turn.n]
        n_units = len(self.ws.unit_file(self.t.id, self.researcher).units)
        echo(
            f"\n{bold(f'[{pos + 1}/{len(self.turns)}]')} {self.w['turn']} {turn.n} · "
            f"{n_units} {self.w['units']}"
        )
        mine = self._mine(turn.n)
        body = " ".join(
            f"[{i}] {highlighted(turn.text[a:b], _shift(mine, a, b))}"
            for i, (a, b) in enumerate(sents, 1)
        )
        echo(f"{turn.speaker}: {body}")
        for u in mine:
            echo(f"   ↳ {', '.join(u.codes)}: {u.text[:70]}{'…' if len(u.text) > 70 else ''}")
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
            if m := re.fullmatch(r"g\s*(\d+)", cmd):
                target = int(m.group(1))
                found = [i for i, x in enumerate(self.turns) if x.n >= target]
                return found[0] if found else pos
            span = self._span(cmd, turn.text, sents)
            if span is None:
                echo("not understood; ? for help")
                continue
            self._code(turn.n, span)

    def _span(self, cmd: str, text: str, sents: list[tuple[int, int]]) -> tuple[int, int] | None:
        if cmd == "a":
            return (0, len(text))
        if m := re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", cmd):
            a, b = int(m.group(1)), int(m.group(2) or m.group(1))
            if 1 <= a <= b <= len(sents):
                return (sents[a - 1][0], sents[b - 1][1])
            echo(f"sentences are numbered 1–{len(sents)}")
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
        return None

    def _code(self, turn_n: int, span: tuple[int, int]) -> None:
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
            turn=turn_n,
            start=span[0],
            end=span[1],
            note=note,
        )
        if not added.merged:
            self.added.append(added.unit.id)
        echo(f"  saved {added.unit.id} [{', '.join(added.unit.codes)}]")

    def _pick_codes(self) -> list[str]:
        cb = self.ws.codebook()
        listing = list(cb.codes)
        for i, c in enumerate(listing, 1):
            where = f" ({c.code_group})" if c.code_group else ""
            definition = f" — {c.definition}" if c.definition else ""
            echo(f"   {i:>2} {c.id}{where}{definition}")
        while True:
            raw = ask(f"  {self.w['codes_prompt']}: ").strip()
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
            from stc.model import check_id

            code = check_id(token[1:], "code")
            if cb.code(code) is None:
                self._place_new(code, cb)
            return code
        found = [
            c.id
            for c in listing
            if c.id.startswith(token) or c.label.lower().startswith(token.lower())
        ]
        if len(found) == 1:
            return found[0]
        raise StcError(
            f"{token!r} matches {len(found)} codes"
            + (f": {', '.join(found)}" if found else "; use +NAME for a new code")
        )

    def _place_new(self, code: str, cb: Codebook) -> None:
        groups = list(cb.code_groups)
        for i, g in enumerate(groups, 1):
            echo(f"   {i:>2} {g.id}: {g.label}")
        raw = ask(f"  {self.w['group_prompt'].format(code=code)}: ").strip()
        group = groups[int(raw) - 1].id if raw.isdigit() and 1 <= int(raw) <= len(groups) else None
        api.add_code(self.ws, code, group)

    def _undo(self) -> None:
        if not self.added:
            echo("nothing to undo in this session")
            return
        unit = api.remove_unit(self.ws, self.added.pop())
        echo(f"removed {unit.id}")


# --- step 3 --------------------------------------------------------------------------------

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
            from stc.errors import NotFound

            raise NotFound(f"no code group {code_group!r}", hint="`stc codebook show` lists them")

    def _units(self, study: Study) -> list[MeaningUnit]:
        seen: dict[tuple[str, int, int, int], MeaningUnit] = {}
        for u in study.units_by_code_group.get(self.cg, []):
            seen.setdefault((u.transcript, u.turn, u.start, u.end), u)
        return list(seen.values())

    def show_units(self) -> list[MeaningUnit]:
        study = self.ws.study()
        units = self._units(study)
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
        from stc.report.view import informants
        from stc.steps.condense import warnings

        c = study.condensations.get(self.cg)
        echo("")
        for s in c.subgroups if c else ():
            members = study.subgroup_units(self.cg, s.id)
            flags = ("✓ condensate" if s.condensate else "– condensate") + (
                " ✓ golden" if s.golden else " – golden"
            )
            echo(
                f"  {bold(s.id)} {s.label}: {len(members)} unit(s), "
                f"{informants(study, members)} informant(s); {flags}"
            )
        for w in warnings(study, c, self.lang) if c else []:
            echo(f"  note: {w}")

    def run(self) -> None:
        units = self.show_units()
        echo("? for help")
        while True:
            cmd = ask("condense> ").strip()
            if cmd in ("q", "quit"):
                return
            try:
                units = self._do(cmd, units)
            except StcError as exc:
                echo(f"  {exc}")

    def _do(self, cmd: str, units: list[MeaningUnit]) -> list[MeaningUnit]:
        parts = cmd.split(maxsplit=2)
        verb = parts[0] if parts else ""
        actions: dict[str, Callable[[list[str]], None]] = {
            "new": lambda p: api.add_subgroup(
                self.ws, self.cg, p[1], p[2] if len(p) > 2 else p[1], []
            ),
            "rename": lambda p: api.rename_subgroup(self.ws, self.cg, p[1], p[2]),
            "move": lambda p: api.move_units(self.ws, self.cg, self._pick(p[1], units), p[2]),
            "write": lambda p: self._write(p[1]),
            "golden": lambda p: api.choose_golden(
                self.ws, self.cg, p[1], self._pick(p[2], units)[0]
            ),
            "remove": lambda p: api.remove_subgroup(self.ws, self.cg, p[1]),
        }
        if verb == "list":
            return self.show_units()
        if verb == "?" or verb not in actions:
            echo(CONDENSE_HELP)
            return units
        needed = {"new": 2, "rename": 3, "move": 3, "write": 2, "golden": 3, "remove": 2}[verb]
        if len(parts) < needed:
            echo(CONDENSE_HELP)
            return units
        actions[verb](parts)
        self._subgroups(self.ws.study())
        return units

    def _pick(self, numbers: str, units: list[MeaningUnit]) -> list[str]:
        picked = []
        for tok in re.split(r"[,\s]+", numbers.strip()):
            if not tok.isdigit() or not 1 <= int(tok) <= len(units):
                raise StcError(f"{tok!r} is not a unit number from the list (1–{len(units)})")
            picked.append(units[int(tok) - 1].id)
        return picked

    def _write(self, subgroup: str) -> None:
        write_condensate_in_editor(self.ws, self.cg, subgroup)
        from stc.steps.condense import first_person

        s = self.ws.condensation(self.cg).subgroup(subgroup)
        if s and not first_person(s.condensate, self.lang):
            echo("  note: a condensate is an artificial quotation in the first person (jeg/vi)")


def write_condensate_in_editor(ws: Workspace, code_group: str, subgroup: str) -> None:
    study = ws.study()
    old = ws.condensation(code_group).subgroup(subgroup)
    units = "\n".join(
        f"# «{u.text}» ({study.attribution(u.transcript)})"
        for u in study.subgroup_units(code_group, subgroup)
    )
    head = (
        "# Kondensat: et kunstig sitat i første person (jeg/vi) som bevarer informantenes "
        "egne ord. Linjer som starter med # fjernes."
        if ws.project().language == "nb"
        else "# Condensate: an artificial quotation in the first person (I/we) that keeps the "
        "informants' own words. Lines starting with # are dropped."
    )
    written = edit(f"{head}\n{units}\n\n{old.condensate if old else ''}")
    text = "\n".join(line for line in written.splitlines() if not line.startswith("#"))
    api.write_condensate(ws, code_group, subgroup, text)


# --- step 4 --------------------------------------------------------------------------------


def synthesis_skeleton(ws: Workspace, code_group: str) -> str:
    study = ws.study()
    group = study.codebook.code_group(code_group)
    c = study.condensations.get(code_group)
    nb = study.project.language == "nb"
    reminder = (
        "<!-- Analytisk tekst for «{label}». Skriv i tredje person, med din stemme som forsker, "
        "og illustrer med sitater: [[enhets-id]] alene i et avsnitt blir et blokksitat. "
        "Første linje '# …' er overskriften – gjerne et uttrykk fra materialet. -->"
        if nb
        else "<!-- Analytic text for “{label}”. Write in the third person, in your voice as a "
        "researcher, and illustrate with quotes: [[unit-id]] alone in a paragraph becomes a "
        "block quote. The first line '# …' is the heading – often a phrase from the data. -->"
    ).format(label=group.label if group else code_group)
    golden = [
        study.unit_index[s.golden]
        for s in (c.subgroups if c else ())
        if s.golden and s.golden in study.unit_index
    ]
    heading = (
        f"«{' '.join(golden[0].text.split()[:6]).rstrip('.,')}»"
        if golden
        else (group.label if group else "")
    )
    parts = [reminder, f"# {heading}", ""]
    for s in c.subgroups if c else ():
        parts += [f"<!-- {s.label}: {s.condensate or '…'} -->", ""]
        if s.golden:
            parts += [f"[[{s.golden}]]", ""]
    return "\n".join(parts)


def parse_synthesis(text: str) -> tuple[str | None, str]:
    """(heading, body) of an edited skeleton: comments dropped, a first '# ' line is the heading."""
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    lines = body.splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:]).strip()
    return None, body


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
    if target in study.unit_index:
        units = [study.unit_index[target]]
    elif study.codebook.code_group(target):
        c = study.condensations.get(target)
        units = [
            study.unit_index[s.golden]
            for s in (c.subgroups if c else ())
            if s.golden and s.golden in study.unit_index
        ]
        if target in study.syntheses:
            from stc.steps.synthesize import references

            units += [
                study.unit_index[r]
                for r in references(study.syntheses[target].body)
                if r in study.unit_index
            ]
        units = list({u.id: u for u in units}.values())
    else:
        from stc.errors import NotFound

        raise NotFound(f"{target!r} is neither a meaning unit nor a code group")
    for u in units:
        t = study.transcripts[u.transcript]
        echo(bold(f"\n{u.id} — {study.attribution(u.transcript)}, {t.id} turn {u.turn}"))
        for turn in t.turns[max(0, u.turn - 1 - around) : u.turn + around]:
            text = highlighted(turn.text, [u]) if turn.n == u.turn else turn.text
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
            raise StcError("say who you are: --researcher R (or stc config --researcher R)")
        api.record_validation(ws, researcher, target, outcome, note or "")
        echo(f"validation recorded: {target} {outcome}")
