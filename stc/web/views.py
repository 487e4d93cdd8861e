"""The pages: plain data for the jinja2 templates, computed from the API on the server."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from stc import api
from stc.errors import StcError
from stc.model import MeaningUnit, Transcript, Turn

if TYPE_CHECKING:
    from starlette.requests import Request

    from stc.web.app import Server

HERE = Path(__file__).resolve().parent
# the dashboard's own words, in the workspace language (the step names come from stc.core)
WORDS = {
    "en": {
        "step": "Step", "done": "Done", "notes": "Notes", "missing": "missing", "next": "next",
        "stale": "stale", "transcripts": "Transcripts", "transcript": "Transcript",
        "group": "Informant group", "words": "Words", "coders": "Units by coder",
        "code_groups": "Code groups (step 3)", "units": "unit(s)",
        "facts": "{t} transcript(s), {i} informant(s) in {g} group(s)", "round": "round",
    },
    "nb": {
        "step": "Trinn", "done": "Ferdig", "notes": "Merknader", "missing": "mangler",
        "next": "neste", "stale": "utdatert", "transcripts": "Transkripsjoner",
        "transcript": "Transkripsjon", "group": "Informantgruppe", "words": "Ord",
        "coders": "Enheter per koder", "code_groups": "Kodegrupper (trinn 3)",
        "units": "enhet(er)", "facts": "{t} transkripsjon(er), {i} informant(er) i {g} gruppe(r)",
        "round": "runde",
    },
}  # fmt: skip
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


@dataclass
class Segment:
    text: str
    units: list[str] = field(default_factory=list)
    flagged: str = ""  # the kind of identifier the scan found here ('' when none)


@dataclass
class Stripe:
    unit: MeaningUnit
    lane: int
    labels: str


@dataclass
class TurnView:
    turn: Turn
    interviewer: bool
    segments: list[Segment]
    stripes: list[Stripe]


def segments(
    text: str, units: list[MeaningUnit], flags: list[tuple[int, int, str]]
) -> list[Segment]:
    """The turn's text cut at every unit and identifier boundary (offsets in code points)."""
    cuts = {0, len(text)}
    for u in units:
        cuts |= {u.start, u.end}
    for a, b, _ in flags:
        cuts |= {a, b}
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out = []
    for a, b in itertools.pairwise(points):
        if a == b:
            continue
        covering = [u.id for u in units if u.start <= a and b <= u.end]
        kind = next((k for s, e, k in flags if s <= a and b <= e), "")
        out.append(Segment(text[a:b], covering, kind))
    return out


def lanes(units: list[MeaningUnit]) -> list[int]:
    """A margin lane per unit so that overlapping units' stripes stand side by side."""
    ends: list[int] = []
    out = []
    for u in units:
        for i, end in enumerate(ends):
            if end <= u.start:
                ends[i] = u.end
                out.append(i)
                break
        else:
            ends.append(u.end)
            out.append(len(ends) - 1)
    return out


def _context(t: Transcript | None, u: MeaningUnit, width: int = 160) -> tuple[str, str]:
    """The words just before a unit in its first turn and just after it in its last."""
    if t is None or not 1 <= u.turn <= u.last_turn <= len(t.turns):
        return "", ""
    return t.turn(u.turn).text[: u.start][-width:], t.turn(u.last_turn).text[u.end :][:width]


class Pages:
    def __init__(self, server: Server) -> None:
        self.server = server
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def _render(self, name: str, **data: Any) -> str:
        return self.env.get_template(name).render(
            csrf=self.server.csrf, read_only=self.server.read_only, **data
        )

    def error(self, message: str) -> str:
        return self._render("error.html", title="stc", message=message)

    def home(self, ws: api.Workspace, request: Request) -> str:
        study = ws.study()
        st = api.status(ws, self.server.researcher)
        counts: dict[str, dict[str, int]] = {}
        for u in study.units:
            counts.setdefault(u.transcript, {}).setdefault(u.coder, 0)
            counts[u.transcript][u.coder] += 1
        groups = study.groups
        transcripts = [
            {
                "id": t.id,
                "group": groups[t.group].label if t.group in groups else t.group,
                "words": sum(len(x.text.split()) for x in t.turns),
                "coders": counts.get(t.id, {}),
            }
            for t in study.transcripts.values()
        ]
        by_cg = study.units_by_code_group
        code_groups = [
            {"id": g.id, "label": g.label, "units": len(by_cg.get(g.id, []))}
            for g in study.codebook.code_groups
        ]
        return self._render(
            "home.html",
            title=study.project.title,
            lang=study.project.language,
            w=WORDS.get(study.project.language, WORDS["en"]),
            status=st,
            transcripts=transcripts,
            code_groups=code_groups,
            fingerprint=api.fingerprint(ws),
        )

    def transcript(self, ws: api.Workspace, request: Request) -> str:
        tid = request.path_params["tid"]
        study = ws.study()
        t = ws.transcript(tid)  # validates the id and refuses anything outside transcripts/
        me = self.server.coder(ws)
        units = [u for u in study.units if u.transcript == t.id]
        coders = sorted({u.coder for u in units} | ({me} if me else set()))
        colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(coders)}
        labels = {c.id: c.label or c.id for c in study.codebook.codes}
        flags, scan_problem = self._flags(ws, t)
        turns = []
        for turn in t.turns:
            cut = api.units_in_turn(units, turn.n, len(turn.text))
            here = sorted(cut, key=lambda u: (u.start, -u.end, u.coder))
            stripes = [
                Stripe(u, lane, ", ".join(labels.get(c, c) for c in u.codes))
                for u, lane in zip(here, lanes(here), strict=True)
            ]
            turns.append(
                TurnView(
                    turn,
                    bool(t.interviewer) and turn.speaker in ("I", t.interviewer),
                    segments(turn.text, here, flags.get(turn.n, [])),
                    stripes,
                )
            )
        group = study.groups.get(t.group)
        unit_data = {
            u.id: {
                "coder": u.coder,
                "turn": u.turn,
                "last_turn": u.last_turn,
                "codes": list(u.codes),
                "labels": [labels.get(c, c) for c in u.codes],
                "text": u.text,
                "note": u.note,
            }
            for u in units
        }
        return self._render(
            "transcript.html",
            title=f"{t.id} — {study.project.title}",
            t=t,
            group=group,
            turns=turns,
            coders=coders,
            colour=colour,
            me=me,
            version=api.unit_file_version(ws, t.id, me) if me else "",
            versions={c: api.unit_file_version(ws, t.id, c) for c in coders},
            codes=sorted(study.codebook.codes, key=lambda c: (c.label or c.id).casefold()),
            code_groups=study.codebook.code_groups,
            unit_data=unit_data,
            words=sum(len(x.text.split()) for x in t.turns),
            scan_problem=scan_problem,
            flagged=sum(len(v) for v in flags.values()),
            fingerprint=api.fingerprint(ws),
        )

    def _flags(
        self, ws: api.Workspace, t: Transcript
    ) -> tuple[dict[int, list[tuple[int, int, str]]], str]:
        """The identifiers the scan flags in each turn (cached by content in .stc/)."""
        try:
            found = api.scan(ws, [t.id])
        except StcError as exc:
            return {}, str(exc)
        out: dict[int, list[tuple[int, int, str]]] = {}
        for f in found:
            out.setdefault(f.turn, []).append((f.start, f.end, f.kind))
        return out, ""

    def code_group(self, ws: api.Workspace, request: Request) -> str:
        cg = request.path_params["cg"]
        study = ws.study()
        group = next((g for g in study.codebook.code_groups if g.id == cg), None)
        if group is None:
            from stc.errors import NotFound

            raise NotFound(f"no code group {cg!r} in the codebook")
        units = api.condense_units(study, cg)
        by_id = {u.id: u for u in units}
        c = study.condensations.get(cg)
        placed: set[str] = set()
        subgroups = []
        language = study.project.language
        for sg in c.subgroups if c else ():
            members = [by_id[i] for i in sg.units if i in by_id]
            placed |= {u.id for u in members}
            subgroups.append(
                {
                    "sg": sg,
                    "units": members,
                    # the warning: a condensate not (yet) written in the first person
                    "not_first_person": bool(sg.condensate.strip())
                    and not api.first_person(sg.condensate, language),
                }
            )
        unsorted = [u for u in units if u.id not in placed]
        labels = {x.id: x.label or x.id for x in study.codebook.codes}
        synthesis = study.syntheses.get(cg)
        draft = api.synthesis_draft(ws, cg)
        refs = []
        import re

        for ref in dict.fromkeys(re.findall(r"\[\[([^\]\s]+)\]\]", draft)):
            u = study.unit_index.get(ref)
            if u is not None:
                before, after = _context(study.transcripts.get(u.transcript), u)
                refs.append({"id": ref, "unit": u, "before": before, "after": after})
            else:
                refs.append({"id": ref, "unit": None, "before": "", "after": ""})
        return self._render(
            "group.html",
            title=f"{group.label} — {study.project.title}",
            group=group,
            subgroups=subgroups,
            unsorted=unsorted,
            labels=labels,
            attribution={u.id: study.attribution(u.transcript) for u in units},
            warnings=api.condense_warnings(study, cg),
            synthesis=synthesis,
            draft=draft,
            refs=refs,
            unit_ids=[u.id for u in units],
            version=api.code_group_version(ws, cg),
            fingerprint=api.fingerprint(ws),
        )
