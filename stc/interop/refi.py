"""REFI-QDA exchange (QDA-XML 1.0): .qdpx projects and .qdc codebooks.

Export: researchers → Users (plus a team user); code groups → non-codable parent Codes with
their codes as children (definitions as Descriptions, a colour each); themes, code groups and
subgroups → Sets; transcripts → TextSources whose plain text (``ROLE: text`` turns separated by
blank lines) lies in ``sources/``, with the informant group as variables, beside one Case each;
meaning units → PlainTextSelections with one Coding per code (creatingUser = coder), a unit
that spans turns → one selection across them (and back: a selection is always one unit);
condensates, analytic texts, impressions and unit notes → Notes (inline and as files),
referenced from what they annotate. Every element that can carry a user and a date does; the
date is the workspace's (given by the caller), never the clock. Positions count Unicode code
points of the exported plain text. GUIDs are derived from stc's ids, so exporting the same
workspace twice gives the same bytes. ``stc/manifest.json`` carries what QDA-XML has no place
for, so that stc → .qdpx → stc loses nothing (docs/decisions/0028-refi-export.md).
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from stc.errors import FormatError, ImportFailed, NotFound
from stc.i18n import count
from stc.importers import refuse_controls
from stc.limits import read_member
from stc.model import (
    Code,
    Codebook,
    CodeGroup,
    Condensation,
    InformantGroup,
    MeaningUnit,
    Step1,
    Synthesis,
    Theme,
    Transcript,
    Turn,
    check_id,
)
from stc.study import Study

NS = "urn:QDA-XML:project:1.0"
NS_CB = "urn:QDA-XML:codebook:1.0"
_STC = uuid.UUID("6f1d3a52-3c1e-4c53-9a51-7b1c2f0d5e10")
GROUP_VARIABLE = "Informantgruppe"
CASE_PREFIX = "Case: "  # case variables need names of their own: some tools key variables by name
TEAM = "stc-team"  # the user for what stc records without an author (condensates, analytic texts)
INCLUDE, EXCLUDE = "Include: ", "Exclude: "
MANIFEST = "stc/manifest.json"  # stc's ids and step 1–4 structure; other tools ignore it
NOTE_NAMES = {
    "nb": {
        "condensate": "Kondensat",
        "synthesis": "Analytisk tekst",
        "impression": "Helhetsinntrykk",
        "note": "Notat",
        "team": "Forskergruppen",
    },
    "en": {
        "condensate": "Condensate",
        "synthesis": "Analytic text",
        "impression": "Total impression",
        "note": "Note",
        "team": "Research team",
    },
}
# stc's own case variables, so that stc → qdpx → stc keeps groups and metadata exactly
STC_VARIABLES = (
    ("stc-group", "Text"),
    ("stc-quote-as", "Text"),
    ("stc-informants", "Integer"),
    ("stc-interviewed", "Text"),
    ("stc-source", "Text"),
)


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_STC, f"{kind}:{key}"))


def plain_text(t: Transcript) -> tuple[str, list[int]]:
    """The exported text of a transcript and where each turn's text starts in it."""
    from stc.core.units import transcript_text

    return transcript_text(t)


@dataclass
class Notes:
    """What an import wants to say, grouped: one line per kind with its count; the
    details (which source, which coding) only when asked for."""

    items: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def add(self, one: str, many: str, detail: str = "") -> None:
        """``one``/``many`` hold ``{n}``: "{n} source is empty" / "{n} sources are empty"."""
        self.items.setdefault((one, many), []).append(detail)

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        for (one, many), details in self.items.items():
            n = len(details)
            line = (one if n == 1 else many).format(n=f"{n:,}")
            shown = [d for d in details if d]
            if n == 1 and shown:
                out.append(f"{line} ({shown[0]})")
                continue
            out.append(line + ("" if verbose or not shown else " (--verbose lists them)"))
            if verbose:
                out += [f"  {d}" for d in shown]
        return out


def _e(parent: Any, tag: str, ns: str = NS, **attrs: str | None) -> Any:
    from lxml import etree

    el = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for k, v in attrs.items():
        if v is not None:
            el.set(k, v)
    return el


def _text(parent: Any, tag: str, text: str, ns: str = NS) -> None:
    if text:
        _e(parent, tag, ns).text = text


def _description(code: Code) -> str:
    parts = [code.definition]
    if code.include:
        parts.append(f"{INCLUDE}{code.include}")
    if code.exclude:
        parts.append(f"{EXCLUDE}{code.exclude}")
    return "\n".join(p for p in parts if p)


def _codes(parent: Any, cb: Codebook, ns: str, notes: dict[str, list[str]] | None = None) -> None:
    from stc.core.codebook import colors

    palette = colors(cb)
    codes = _e(parent, "Codes", ns)
    for g in cb.code_groups:
        el = _e(
            codes,
            "Code",
            ns,
            guid=guid("code-group", g.id),
            name=g.label,
            isCodable="false",
            color=palette[("group", g.id)],
        )
        _text(el, "Description", g.definition, ns)
        for note in (notes or {}).get(g.id, []):
            _e(el, "NoteRef", ns, targetGUID=note)
        for c in cb.codes_in(g.id):
            _code(el, c, ns, palette[("code", c.id)])
    for c in cb.unsorted:
        _code(codes, c, ns, palette[("code", c.id)])


def _code(parent: Any, c: Code, ns: str, color: str) -> None:
    el = _e(parent, "Code", ns, guid=guid("code", c.id), name=c.id, isCodable="true", color=color)
    _text(el, "Description", _description(c), ns)


@dataclass
class _Note:
    guid: str
    name: str
    text: str
    user: str  # a user GUID


@dataclass
class _Notes:
    """The Notes of an export and what refers to each: code groups, sources, selections."""

    notes: list[_Note] = field(default_factory=list)
    by_code_group: dict[str, list[str]] = field(default_factory=dict)
    by_source: dict[str, list[str]] = field(default_factory=dict)
    by_unit: dict[str, list[str]] = field(default_factory=dict)
    by_subgroup: dict[tuple[str, str], str] = field(default_factory=dict)
    by_synthesis: dict[str, str] = field(default_factory=dict)

    def add(self, kind: str, key: str, name: str, text: str, user: str) -> str:
        n = guid(kind, key)
        taken = {x.name for x in self.notes}
        unique, k = name, 2
        while unique in taken:  # some tools key notes (journals) by name
            unique, k = f"{name} ({k})", k + 1
        self.notes.append(_Note(n, unique, text, user))
        return n


def _notes(study: Study, team: str, units: list[MeaningUnit]) -> _Notes:
    """Condensates and analytic texts (linked to their code group and Sets), impressions (to
    their source), unit notes (to their selection)."""
    words = NOTE_NAMES.get(study.project.language, NOTE_NAMES["en"])
    out = _Notes()
    for cg, c in sorted(study.condensations.items()):
        for s in c.subgroups:
            if s.condensate:
                label = study.codebook.code_group(cg)
                name = f"{words['condensate']}: {label.label if label else cg} / {s.label}"
                n = out.add("condensate", f"{cg}/{s.id}", name, s.condensate, team)
                out.by_code_group.setdefault(cg, []).append(n)
                out.by_subgroup[(cg, s.id)] = n
    for cg, syn in sorted(study.syntheses.items()):
        name = f"{words['synthesis']}: {syn.heading or cg}"
        n = out.add("synthesis", cg, name, syn.body, team)
        out.by_code_group.setdefault(cg, []).append(n)
        out.by_synthesis[cg] = n
    for s1 in study.step1:
        for imp in s1.impressions:
            if imp.text.strip():
                key = f"{s1.researcher}/{imp.transcript}"
                name = f"{words['impression']} ({s1.researcher}): {imp.transcript}"
                n = out.add("impression", key, name, imp.text, guid("user", s1.researcher))
                out.by_source.setdefault(imp.transcript, []).append(n)
    for u in units:
        if u.note.strip():
            name = f"{words['note']}: {u.id}"
            out.by_unit[u.id] = [out.add("unit-note", u.id, name, u.note, guid("user", u.coder))]
    return out


def _variables(parent: Any, values: dict[str, tuple[str | None, str]], prefix: str) -> None:
    for var, (val, kind) in values.items():
        if val:
            value = _e(parent, "VariableValue")
            _e(value, "VariableRef", targetGUID=guid("variable", prefix + var))
            _e(value, f"{kind}Value").text = val


def _values(study: Study, t: Transcript) -> dict[str, tuple[str | None, str]]:
    """A transcript's attributes: its informant group's label, then stc's own values."""
    group = study.groups.get(t.group)
    return {
        "group": (group.label if group else t.group, "Text"),
        "stc-group": (t.group, "Text"),
        "stc-quote-as": (group.quote_as if group else None, "Text"),
        "stc-informants": (str(t.informants), "Integer"),
        "stc-interviewed": (t.interviewed, "Text"),
        "stc-source": (t.source, "Text"),
    }


def _case(cases: Any, study: Study, t: Transcript, source: str) -> None:
    case = _e(cases, "Case", guid=guid("case", t.id), name=t.id)
    _variables(case, _values(study, t), CASE_PREFIX)
    _e(case, "SourceRef", targetGUID=source)


def _day(value: str) -> str | None:
    """An interview date as an xsd:dateTime (midnight UTC), or None when it is not a date."""
    import datetime as dt

    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return f"{day.isoformat()}T00:00:00Z" if len(value.strip()) == 10 else None


@dataclass
class _Dates:
    stamp: str  # when the workspace last changed: every element's date unless it knows better
    team: str  # the user GUID for work stc records without an author


def _source(
    sources: Any,
    study: Study,
    t: Transcript,
    units: list[MeaningUnit],
    notes: _Notes,
    when: _Dates,
) -> tuple[str, str]:
    text, starts = plain_text(t)
    sid = guid("source", t.id)
    known = set(study.coders) | {r.id for r in study.project.researchers}
    src = _e(
        sources,
        "TextSource",
        guid=sid,
        name=t.id,
        plainTextPath=f"internal://{sid}.txt",
        creatingUser=guid("user", t.interviewer) if t.interviewer in known else when.team,
        creationDateTime=_day(t.interviewed) or when.stamp,
        modifiedDateTime=when.stamp,
    )
    # the impressions again as the document's memo, for tools that show no linked notes
    words = NOTE_NAMES.get(study.project.language, NOTE_NAMES["en"])
    memo = [
        f"{words['impression']} ({s1.researcher}): {imp.text.strip()}"
        for s1 in study.step1
        for imp in s1.impressions
        if imp.transcript == t.id and imp.text.strip()
    ]
    _text(src, "Description", "\n\n".join(memo))
    for u in units:
        user = guid("user", u.coder)
        sel = _e(
            src,
            "PlainTextSelection",
            guid=guid("unit", u.id),
            name=u.id,
            startPosition=str(starts[u.turn - 1] + u.start),
            endPosition=str(starts[u.last_turn - 1] + u.end),
            creatingUser=user,
            creationDateTime=when.stamp,
            modifiedDateTime=when.stamp,
        )
        _text(sel, "Description", u.note)
        for code in u.codes:
            coding = _e(
                sel,
                "Coding",
                guid=guid("coding", f"{u.id}/{code}"),
                creatingUser=user,
                creationDateTime=when.stamp,
            )
            _e(coding, "CodeRef", targetGUID=guid("code", code))
        for n in notes.by_unit.get(u.id, []):
            _e(sel, "NoteRef", targetGUID=n)
    for n in notes.by_source.get(t.id, []):
        _e(src, "NoteRef", targetGUID=n)
    _variables(src, _values(study, t), "")
    return sid, text


def fold_duplicates(
    units: list[MeaningUnit], importing: bool = False
) -> tuple[list[MeaningUnit], list[str]]:
    """One unit per (transcript, coder, span): codes and notes of the same span by the same
    coder are joined, so no two identical codings (source, span, code, coder) exist. On export
    every join is reported; on import (where a selection per code is normal) only codings
    that came twice."""
    from stc.model import sorted_units

    first: dict[tuple[str, str, int, int, int, int], MeaningUnit] = {}
    folded: list[str] = []
    identical = 0
    for u in sorted_units(units):
        key = (u.transcript, u.coder, *u.anchor)  # the last turn too: 2:0–23 is not 2:0→4:23
        kept = first.get(key)
        if kept is None:
            first[key] = u
            continue
        twice = [c for c in u.codes if c in kept.codes]
        notes = [n for n in (kept.note, u.note) if n.strip()]
        first[key] = replace(
            kept,
            codes=tuple(dict.fromkeys((*kept.codes, *u.codes))),
            note="\n\n".join(dict.fromkeys(notes)),
        )
        identical += len(twice)
        if twice or not importing:
            both = f"{u.id} into {kept.id}" if not importing else f"{u.text[:40]!r}"
            folded.append(f"{both} ({', '.join(twice)})" if twice else both)
    notices = []
    if folded and importing:
        notices.append(
            f"{count(identical, 'identical coding')} (same span, code and coder) kept once: "
            f"{'; '.join(folded[:5])}" + (" …" if len(folded) > 5 else "")
        )
    elif folded:
        notices.append(
            f"{count(len(folded), 'meaning unit')} shared a span with another unit of the same "
            f"coder and joined it, so no coding is written twice: {'; '.join(folded[:5])}"
            + (" …" if len(folded) > 5 else "")
        )
    return list(first.values()), notices


@dataclass
class QdpxFile:
    data: bytes
    notices: list[str]


def export_qdpx(study: Study, stamp: str) -> QdpxFile:
    """The whole workspace as a .qdpx (zip of project.qde and sources/); ``stamp`` is the
    xsd:dateTime of the workspace's last change, the date of everything without one of its own."""
    from lxml import etree

    p = study.project
    words = NOTE_NAMES.get(p.language, NOTE_NAMES["en"])
    team = guid("user", TEAM)
    units, notices = fold_duplicates(study.units)
    missing = [
        c for c in dict.fromkeys(c for u in units for c in u.codes) if not study.codebook.code(c)
    ]
    if missing:  # every CodeRef must resolve: codes only units know are written as unsorted
        cb = study.codebook
        study = replace(study, codebook=replace(cb, codes=(*cb.codes, *(Code(c) for c in missing))))
        notices.append(
            f"{count(len(missing), 'code')} of meaning units not in the codebook, written as "
            f"unsorted codes: {', '.join(missing[:10])}"
        )
    when = _Dates(stamp, team)
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", p.title)
    root.set("origin", "stc")
    root.set("creatingUserGUID", team)
    root.set("creationDateTime", stamp)
    root.set("modifiedDateTime", stamp)
    users = _e(root, "Users")
    people = {r.id: r.name or r.id for r in p.researchers}
    for coder in sorted(set(people) | set(study.coders)):
        _e(users, "User", guid=guid("user", coder), name=people.get(coder, coder), id=coder)
    _e(users, "User", guid=team, name=words["team"], id=TEAM)
    notes = _notes(study, team, units)
    if study.codebook.code_groups or study.codebook.codes:  # <Codes> may not be empty
        _codes(_e(root, "CodeBook"), study.codebook, NS, notes.by_code_group)
    used = {k for t in study.transcripts.values() for k, (v, _) in _values(study, t).items() if v}
    variables = _e(root, "Variables") if used else None  # QDA-XML lists may not be empty
    for prefix in ("", CASE_PREFIX):  # only variables some transcript has a value for
        for name, kind in (("group", "Text"), *STC_VARIABLES):
            if name not in used:
                continue
            _e(
                variables,
                "Variable",
                guid=guid("variable", prefix + name),
                name=prefix + (GROUP_VARIABLE if name == "group" else name),
                typeOfVariable=kind,
            )
    cases = _e(root, "Cases") if study.transcripts else None
    sources = _e(root, "Sources") if study.transcripts else None
    by_transcript: dict[str, list[MeaningUnit]] = {}
    for u in units:
        by_transcript.setdefault(u.transcript, []).append(u)
    files = {}
    for t in study.transcripts.values():
        sid, text = _source(sources, study, t, by_transcript.get(t.id, []), notes, when)
        files[f"sources/{sid}.txt"] = text
        _case(cases, study, t, sid)
    if notes.notes:
        holder = _e(root, "Notes")
        for n in notes.notes:
            note = _e(
                holder,
                "Note",
                guid=n.guid,
                name=n.name,
                plainTextPath=f"internal://{n.guid}.txt",
                creatingUser=n.user,
                creationDateTime=stamp,
                modifiedDateTime=stamp,
            )
            _e(note, "PlainTextContent").text = n.text
            files[f"sources/{n.guid}.txt"] = n.text
    _sets(root, study, units, notes)
    files[MANIFEST] = _manifest(study, notes)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in (
            (
                "project.qde",
                etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True),
            ),
            *((n, t.encode("utf-8")) for n, t in files.items()),
        ):
            # a fixed date inside the zip too, so the archive's bytes depend on content only
            info = zipfile.ZipInfo(name, date_time=_zip_time(stamp))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, content)
    return QdpxFile(buf.getvalue(), notices)


def _manifest(study: Study, notes: _Notes) -> str:
    """What QDA-XML has no place for, keyed by the GUIDs of the elements it belongs to: stc's
    ids where REFI names things by label, and the structure of steps 1, 3 and 4. Other tools
    ignore the file; stc reads it back so that stc → .qdpx → stc loses nothing."""
    import json

    cb = study.codebook
    data: dict[str, Any] = {
        "stc_manifest": 1,
        "themes": {guid("theme", t.id): t.to_dict() for t in cb.themes},
        "code_groups": {guid("code-group", g.id): g.to_dict() for g in cb.code_groups},
        "codes": {guid("code", c.id): c.to_dict() for c in cb.codes},
        "groups": [g.to_dict() for g in study.project.groups],
        "project": {
            k: v
            for k, v in study.project.to_dict().items()
            if k not in ("title", "researchers", "informant_groups")
        },
        "transcripts": {guid("source", t.id): t.meta_dict() for t in study.transcripts.values()},
        "preconceptions": {s.researcher: s.preconceptions for s in study.step1 if s.preconceptions},
        "impressions": {
            guid("impression", f"{s.researcher}/{i.transcript}"): [s.researcher, i.transcript]
            for s in study.step1
            for i in s.impressions
            if i.text.strip()
        },
        "condensations": {
            cg: [
                {**s.to_dict(), "condensate": notes.by_subgroup.get((cg, s.id))}
                for s in c.subgroups
            ]
            for cg, c in sorted(study.condensations.items())
        },
        "syntheses": {
            notes.by_synthesis[cg]: syn.meta_dict() for cg, syn in sorted(study.syntheses.items())
        },
        # the researchers' own translations of quotes, and the turns' times in the recording
        "translations": {u.id: u.translation for u in study.units if u.translation},
        "turn_times": {
            guid("source", t.id): {str(turn.n): turn.time for turn in t.turns if turn.time}
            for t in study.transcripts.values()
            if any(turn.time for turn in t.turns)
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _zip_time(stamp: str) -> tuple[int, int, int, int, int, int]:
    import datetime as dt

    d = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return (max(d.year, 1980), d.month, d.day, d.hour, d.minute, d.second)


def _sets(root: Any, study: Study, units: list[MeaningUnit], notes: _Notes) -> None:
    """Themes (Sets of code groups), code groups (Sets of codes, with the analytic text) and
    subgroups (the codes and sources of their units, with the condensate)."""
    cb = study.codebook
    sets: list[tuple[str, str, str, list[str], list[str], list[str]]] = []
    for theme in cb.themes:  # preliminary themes without code groups too: step 1 made them
        members = [guid("code-group", g.id) for g in cb.groups_in(theme.id)]
        sets.append((guid("theme", theme.id), theme.label, theme.description, members, [], []))
    by_id = {u.id: u for u in study.units}
    for g in cb.code_groups:
        codes = [guid("code", c.id) for c in cb.codes_in(g.id)]
        synthesis = [notes.by_synthesis[g.id]] if g.id in notes.by_synthesis else []
        if codes:
            sets.append((guid("code-group-set", g.id), g.label, g.definition, codes, [], synthesis))
        condensation = study.condensations.get(g.id)
        for s in condensation.subgroups if condensation else ():
            members_u = [by_id[i] for i in s.units if i in by_id]
            in_group = {c.id for c in cb.codes_in(g.id)}
            sub_codes = sorted({c for u in members_u for c in u.codes if c in in_group})
            sources = sorted({u.transcript for u in members_u})
            note = [notes.by_subgroup[(g.id, s.id)]] if (g.id, s.id) in notes.by_subgroup else []
            sets.append(
                (
                    guid("subgroup", f"{g.id}/{s.id}"),
                    f"{g.label} / {s.label}",
                    "",
                    [guid("code", c) for c in sub_codes],
                    [guid("source", t) for t in sources],
                    note,
                )
            )
    if not sets:
        return
    holder = _e(root, "Sets")
    for sid, name, description, codes, sources, members in sets:
        s = _e(holder, "Set", guid=sid, name=name)
        _text(s, "Description", description)
        for c in codes:
            _e(s, "MemberCode", targetGUID=c)
        for src in sources:
            _e(s, "MemberSource", targetGUID=src)
        for n in members:
            _e(s, "MemberNote", targetGUID=n)


def export_qdc(cb: Codebook) -> bytes:
    from lxml import etree

    if not cb.code_groups and not cb.codes:
        raise NotFound(
            "the codebook has no codes yet, and a .qdc must hold at least one",
            hint="add codes with `stc codebook add CODE --code-group G` or `stc unit add`",
        )

    root = etree.Element(f"{{{NS_CB}}}CodeBook", nsmap={None: NS_CB})
    root.set("origin", "stc")
    _codes(root, cb, NS_CB)
    themes = [t for t in cb.themes if cb.groups_in(t.id)]
    if themes:
        sets = _e(root, "Sets", NS_CB)
        for theme in themes:
            s = _e(sets, "Set", NS_CB, guid=guid("theme", theme.id), name=theme.label)
            _text(s, "Description", theme.description, NS_CB)
            for g in cb.groups_in(theme.id):
                _e(s, "MemberCode", NS_CB, guid=guid("code-group", g.id))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True))


# --- import -------------------------------------------------------------------------------


def _slug(name: str) -> str:
    """An id from a name another tool gave; a name without a letter or digit ("???") gives
    'code', never the file-name fallback 'transcript'."""
    from stc.text import slug

    return slug(name, "code")


def _g(value: str | None) -> str:
    """GUIDs compare without braces and case."""
    return (value or "").strip("{}").lower()


@dataclass
class RefiCodebook:
    codebook: Codebook
    by_guid: dict[str, str]  # code GUID → stc code id


def read_codes(root: Any, ns: str) -> RefiCodebook:
    """Nested codes → code groups (top-level codes with children) and codes; Sets → themes."""
    groups: list[CodeGroup] = []
    codes: list[Code] = []
    by_guid: dict[str, str] = {}
    group_by_guid: dict[str, str] = {}
    taken: set[str] = set()

    def unique(base: str) -> str:
        name, n = base or "kode", 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        taken.add(name)
        return name

    def description(el: Any) -> str:
        d = el.find(f"{{{ns}}}Description")
        return (d.text or "").strip() if d is not None else ""

    def add_code(el: Any, group: str | None) -> None:
        cid = unique(_slug(el.get("name", "")))
        by_guid[_g(el.get("guid"))] = cid
        definition, include, exclude = _split_description(description(el))
        codes.append(
            Code(
                cid,
                el.get("name", "") if _slug(el.get("name", "")) != el.get("name") else "",
                group,
                definition,
                include,
                exclude,
                _color(el.get("color")),
            )
        )
        for child in el.findall(f"{{{ns}}}Code"):
            add_code(child, group)  # deeper levels are flattened into the code group

    codes_el = (
        root.find(f"{{{ns}}}Codes")
        if root.tag.endswith("CodeBook")
        else root.find(f"{{{ns}}}CodeBook/{{{ns}}}Codes")
    )
    for top in codes_el.findall(f"{{{ns}}}Code") if codes_el is not None else []:
        children = top.findall(f"{{{ns}}}Code")
        if not children:
            add_code(top, None)
            continue
        gid = unique(_slug(top.get("name", "")))
        groups.append(
            CodeGroup(gid, top.get("name", gid), None, description(top), _color(top.get("color")))
        )
        group_by_guid[_g(top.get("guid"))] = gid
        if top.get("isCodable") == "true":
            add_code(top, gid)  # a codable parent is also a code in its own group
            codes[-1] = replace(codes[-1], code_group=gid)
        for child in children:
            add_code(child, gid)
    themes: list[Theme] = []
    sets = root.find(f"{{{ns}}}Sets")
    for s in sets.findall(f"{{{ns}}}Set") if sets is not None else []:
        members = [
            _g(m.get("targetGUID") or m.get("guid")) for m in s.findall(f"{{{ns}}}MemberCode")
        ]
        member_groups = [group_by_guid[m] for m in members if m in group_by_guid]
        if not member_groups:
            continue
        tid = unique(_slug(s.get("name", "tema")))
        themes.append(Theme(tid, s.get("name", tid), description(s)))
        groups = [replace(g, theme=tid) if g.id in member_groups else g for g in groups]
    return RefiCodebook(
        _derived_colors(Codebook(tuple(themes), tuple(groups), tuple(codes))), by_guid
    )


def _split_description(text: str) -> tuple[str, str, str]:
    """stc writes a code's definition, then ``Include: …`` and ``Exclude: …`` lines."""
    lines = text.split("\n")
    include = next((x.removeprefix(INCLUDE) for x in lines if x.startswith(INCLUDE)), "")
    exclude = next((x.removeprefix(EXCLUDE) for x in lines if x.startswith(EXCLUDE)), "")
    rest = [x for x in lines if not x.startswith((INCLUDE, EXCLUDE))]
    return "\n".join(rest).strip(), include.strip(), exclude.strip()


def _color(value: str | None) -> str | None:
    from stc.errors import FormatError
    from stc.model import check_color

    try:
        return check_color(value, "color")
    except FormatError:
        return None  # a short #RGB or a broken value: the derived colour is used


def _derived_colors(cb: Codebook) -> Codebook:
    """Keep only the colours that differ from those stc derives: the codebook stays quiet."""
    from stc.core.codebook import colors

    plain = Codebook(
        cb.themes,
        tuple(replace(g, color=None) for g in cb.code_groups),
        tuple(replace(c, color=None) for c in cb.codes),
    )
    derived = colors(plain)
    groups = tuple(
        g if g.color != derived[("group", g.id)] else replace(g, color=None) for g in cb.code_groups
    )
    step = replace(plain, code_groups=groups)
    derived = colors(step)
    codes = tuple(
        c if c.color != derived[("code", c.id)] else replace(c, color=None) for c in cb.codes
    )
    return replace(step, codes=codes)


@dataclass
class RefiProject:
    codebook: Codebook
    groups: list[InformantGroup]
    transcripts: list[Transcript]
    units: list[MeaningUnit]
    notes: Notes = field(default_factory=Notes)
    notices: list[str] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)  # coder id → name, from the Users
    step1: list[Step1] = field(default_factory=list)  # from stc's manifest only
    settings: dict[str, Any] = field(default_factory=dict)  # stc.yaml settings (manifest)
    condensations: list[Condensation] = field(default_factory=list)
    syntheses: list[Synthesis] = field(default_factory=list)


class _Mapper:
    """Maps code-point positions in a source's original text to (turn, offset) in stc turns."""

    def __init__(self, original: str) -> None:
        from stc.text import parse_lines

        chars: list[str] = []
        to_norm: list[int] = []
        i = 0
        text = original.lstrip("\ufeff")  # a byte-order mark is not part of the text
        self.length = len(text)
        fast = text == original and "\r" not in text and unicodedata.is_normalized("NFC", text)
        if fast:  # positions are as they are: no table needed
            i, chars = len(text), [text]
        while i < len(text):
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            chunk = text[i:j].replace("\r\n", "\n").replace("\r", "\n")
            if text[i] == "\r" and j < len(text) and text[j] == "\n":
                chunk = ""  # the \n that follows stands for the pair
            norm = unicodedata.normalize("NFC", chunk)
            if norm == text[i:j]:  # unchanged: every code point keeps its own position
                to_norm.extend(range(len(chars), len(chars) + j - i))
            else:  # composed or a line end: positions inside map to the start
                to_norm.extend([len(chars)] * (j - i))
            chars.extend(norm)
            i = j
        to_norm.append(len(chars))
        self.to_norm: list[int] | None = None if fast else to_norm
        normalised = "".join(chars)
        lines = normalised.split("\n")
        self.line_starts = []
        pos = 0
        for line in lines:
            self.line_starts.append(pos)
            pos += len(line) + 1
        self.parsed = parse_lines([line.rstrip() for line in lines])

    def locate(self, position: int) -> tuple[int, int, bool] | None:
        """(turn index, offset in turn, clipped?) for an original position."""
        import bisect

        pos = self._norm(position)
        line = bisect.bisect_right(self.line_starts, pos) - 1
        placement = (
            self.parsed.placements[line] if 0 <= line < len(self.parsed.placements) else None
        )
        if placement is None:
            return None
        col = pos - self.line_starts[line] - placement.skipped
        clipped = col < 0
        turn_len = len(self.parsed.turns[placement.turn].text)
        return placement.turn, min(max(col, 0) + placement.offset, turn_len), clipped

    def _norm(self, position: int) -> int:
        if self.to_norm is None:
            return max(0, min(position, self.length))
        return self.to_norm[max(0, min(position, len(self.to_norm) - 1))]

    def _line(self, position: int) -> int:
        import bisect

        pos = self._norm(position)
        return bisect.bisect_right(self.line_starts, pos) - 1

    def locate_start(self, position: int) -> tuple[int, int, bool] | None:
        """Like ``locate``; a start on a blank line moves to the next turn's text."""
        found = self.locate(position)
        if found is not None:
            return found
        for p in self.parsed.placements[self._line(position) + 1 :]:
            if p is not None:
                return p.turn, 0, True
        return None

    def locate_end(self, position: int) -> tuple[int, int] | None:
        """(turn index, end offset) for an end position (exclusive); an end in a speaker
        label or on a blank line moves back to the end of the turn before."""
        found = self.locate(max(0, position - 1))
        if found is not None and not found[2]:
            return found[0], min(found[1] + 1, len(self.parsed.turns[found[0]].text))
        line = self._line(max(0, position - 1))
        if found is not None:
            line -= 1  # the label's line starts a turn; look at the lines before it
        for p in reversed(self.parsed.placements[: line + 1]):
            if p is not None and (found is None or p.turn < found[0]):
                return p.turn, len(self.parsed.turns[p.turn].text)
        return None


def _read_source(z: zipfile.ZipFile, src: Any, notes: Notes, where: str) -> str | None:
    name = src.get("name") or src.get("guid")
    path = src.get("plainTextPath")
    content = src.find(f"{{{NS}}}PlainTextContent")
    if path:
        member = re.sub(r"^internal://", "", path).lstrip("/")
        candidates = [member, f"sources/{member}", f"Sources/{member}"]
        found = next((c for c in candidates if c in z.namelist()), None)
        if found:
            raw = read_member(z, found, where)
            for enc in ("utf-8-sig", "utf-16"):
                try:
                    return raw.decode(enc)
                except UnicodeDecodeError:
                    continue
            notes.add(
                "{n} source's text is not UTF-8; skipped",
                "{n} sources' texts are not UTF-8; skipped",
                str(name),
            )
            return None
    if content is not None and content.text:
        return str(content.text)
    rich = src.get("richTextPath")
    if rich:
        member = re.sub(r"^internal://", "", rich).lstrip("/")
        found = next((c for c in (member, f"sources/{member}") if c in z.namelist()), None)
        if found and found.lower().endswith(".docx"):
            return _rich_text(read_member(z, found, where), f"{where}: {found}")
        notes.add(
            "{n} source's rich text is not a .docx; skipped",
            "{n} sources' rich texts are not .docx; skipped",
            f"{name}: {rich}",
        )
        return None
    notes.add(
        "{n} source has no text in the project; skipped",
        "{n} sources have no text in the project; skipped",
        str(name),
    )
    return None


@dataclass
class _CaseInfo:
    label: str | None = None
    values: dict[str, str] = field(default_factory=dict)


def _value_of(vv: Any) -> tuple[str, str] | None:
    """(variable GUID, value) of a VariableValue element."""
    ref = vv.find(f"{{{NS}}}VariableRef")
    value = next((c.text for c in vv if not c.tag.endswith("VariableRef")), None)
    if ref is None or value is None:
        return None
    return _g(ref.get("targetGUID")), value.strip()


def _cases(root: Any, where: str, group_variable: str | None) -> dict[str, _CaseInfo]:
    """Per source GUID: the informant group label and stc's values, from the variables of
    its cases and of the source itself (the source's own values win)."""
    variables = {
        _g(v.get("guid")): v.get("name", "").removeprefix(CASE_PREFIX)
        for v in root.iter(f"{{{NS}}}Variable")
    }
    wanted = {g for g, n in variables.items() if group_variable and n == group_variable}
    if not wanted and group_variable:
        raise ImportFailed(
            f"{where}: no document or case variable named {group_variable!r}",
            hint=f"variables: {', '.join(sorted(set(variables.values()))) or 'none'}",
        )
    if not wanted:
        wanted = {
            g
            for g, n in variables.items()
            if re.search(r"group|gruppe", n, re.I) and not n.startswith("stc-")
        }
    out: dict[str, _CaseInfo] = {}

    def read(holder: Any, info: _CaseInfo) -> None:
        for vv in holder.findall(f"{{{NS}}}VariableValue"):
            found = _value_of(vv)
            if found is None:
                continue
            var, value = found
            if var in wanted and value:
                info.label = value
            if variables.get(var, "").startswith("stc-"):
                info.values[variables[var]] = value

    for case in root.iter(f"{{{NS}}}Case"):
        info = _CaseInfo()
        read(case, info)
        for sref in case.findall(f"{{{NS}}}SourceRef"):
            out[_g(sref.get("targetGUID"))] = info
    for src in root.iter(f"{{{NS}}}TextSource"):
        key = _g(src.get("guid"))
        old = out.get(key, _CaseInfo())
        info = _CaseInfo(old.label, dict(old.values))
        read(src, info)
        out[key] = info
    return out


def _document_variables(root: Any) -> list[str]:
    """Names of the variables that have a value on a source (the candidates for groups)."""
    names = {_g(v.get("guid")): v.get("name", "") for v in root.iter(f"{{{NS}}}Variable")}
    used = set()
    for src in root.iter(f"{{{NS}}}TextSource"):
        for vv in src.findall(f"{{{NS}}}VariableValue"):
            found = _value_of(vv)
            if found and found[0] in names:
                used.add(names[found[0]])
    return sorted(used)


def _coder_ids(root: Any, researchers: dict[str, str]) -> dict[str, str]:
    """User GUID → coder id: the user's ``id``; else the id of the researcher in stc.yaml with
    that name; else the name itself when it is one short word; else the name's initials
    (``Tor Lunde`` → ``tl``), or a slug of the whole name when initials would be ambiguous."""
    from stc.errors import FormatError
    from stc.model import check_id

    by_name = {name.casefold(): rid for rid, name in researchers.items() if name}
    users = [(u, (u.get("name") or "").strip()) for u in root.iter(f"{{{NS}}}User")]

    def initials(name: str) -> str:
        return _slug("".join(w[0] for w in name.split() if w[:1].isalnum()))

    counts: dict[str, int] = {}
    for _, name in users:
        counts[initials(name)] = counts.get(initials(name), 0) + 1
    out: dict[str, str] = {}
    for u, name in users:
        given = (u.get("id") or "").strip()
        try:
            short = check_id(given, "coder") if given else ""
        except FormatError:
            short = ""
        if not short:
            short = by_name.get(name.casefold(), "")
        if not short and name and len(name.split()) == 1:
            short = _slug(name)
        if not short and name:
            ini = initials(name)
            ambiguous = counts[ini] > 1 or (ini in researchers and researchers[ini] != name)
            short = _slug(name) if ambiguous or len(ini) < 2 else ini
        out[_g(u.get("guid"))] = short or "coder"
    return out


def _rich_text(data: bytes, where: str) -> str:
    """The paragraphs of a source's rich text (.docx inside the project)."""
    import docx

    from stc.errors import StcError
    from stc.limits import check_zip

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            check_zip(z, where)
        doc = docx.Document(io.BytesIO(data))
        return "\n".join(p.text for p in doc.paragraphs)
    except StcError:
        raise
    except Exception as exc:  # zip, lxml and python-docx errors have no common base
        raise ImportFailed(
            f"{where}: the source's rich text is not a readable Word document "
            f"({type(exc).__name__})",
            hint="export the project again from the program that made it",
        ) from None


def import_qdpx(
    data: bytes | Path,
    where: str,
    default_group: str | None = None,
    group_variable: str | None = None,
    researchers: dict[str, str] | None = None,
) -> RefiProject:
    """Read a .qdpx (its bytes, or its path: then only the members stc uses are read) from
    any REFI producer into stc's model."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except zipfile.BadZipFile:
        raise ImportFailed(
            f"{where}: not a REFI-QDA project (.qdpx is a zip with project.qde)"
        ) from None
    with z:
        return _import_qdpx(z, where, default_group, group_variable, researchers)


def _import_qdpx(
    z: zipfile.ZipFile,
    where: str,
    default_group: str | None,
    group_variable: str | None,
    researchers: dict[str, str] | None,
) -> RefiProject:
    from lxml import etree

    try:
        qde = next(n for n in z.namelist() if n.lower().endswith(".qde"))
        root = etree.fromstring(
            read_member(z, qde, where),
            parser=etree.XMLParser(resolve_entities=False, no_network=True),
        )
    except (zipfile.BadZipFile, StopIteration):
        raise ImportFailed(
            f"{where}: not a REFI-QDA project (.qdpx is a zip with project.qde)"
        ) from None
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(f"{where}: project.qde is not valid XML ({exc})") from None
    if etree.QName(root).namespace != NS:
        raise ImportFailed(f"{where}: project.qde is not QDA-XML 1.0 (namespace {NS})")
    cb = read_codes(root, NS)
    manifest = _read_manifest(z, root, where)
    if manifest is not None:
        with _blame(where):
            cb = _stc_codebook(root, cb, manifest)
    out = RefiProject(cb.codebook, [], [], [])
    users = _coder_ids(root, researchers or {})
    out.users = {
        coder: (u.get("name") or "").strip()
        for u in root.iter(f"{{{NS}}}User")
        for coder in [users[_g(u.get("guid"))]]
        if (u.get("name") or "").strip() not in ("", coder)
    }
    cases = _cases(root, where, group_variable)
    variables = _document_variables(root)
    groups: dict[str, InformantGroup] = {}
    taken: set[str] = set()
    for kind in ("PictureSource", "PDFSource", "AudioSource", "VideoSource"):
        for src in root.iter(f"{{{NS}}}{kind}"):
            out.notes.add(
                "{n} source is not text (picture, PDF, audio or video); skipped",
                "{n} sources are not text (pictures, PDFs, audio or video); skipped",
                f"{kind} {src.get('name') or src.get('guid')}",
            )
    for src in root.iter(f"{{{NS}}}TextSource"):
        info = cases.get(_g(src.get("guid")), _CaseInfo())
        group = _group(info, default_group, src, where, variables)
        if info.label or info.values.get("stc-group"):
            groups.setdefault(
                group, InformantGroup(group, info.label or group, info.values.get("stc-quote-as"))
            )
        t = _source_transcript(z, src, group, info, taken, out.notes, where)
        if t is None:
            continue
        out.transcripts.append(t[0])
        taken_units: set[str] = set()
        units: list[MeaningUnit] = []
        for sel in src.findall(f"{{{NS}}}PlainTextSelection"):
            units += _selection_units(sel, t[0], t[1], cb, users, taken_units, out.notes)
        folded, notices = fold_duplicates(units, importing=True)
        out.units += folded
        out.notices += [f"{t[0].id}: {n}" for n in notices]
        if src.findall(f"{{{NS}}}Coding"):
            out.notes.add(
                "{n} source was coded as a whole; skipped (stc codes spans of text)",
                "{n} sources were coded as a whole; skipped (stc codes spans of text)",
                t[0].id,
            )
    out.groups = sorted(groups.values(), key=lambda g: g.id)
    if manifest is not None:
        with _blame(where):
            _stc_analysis(root, manifest, out)
    return out


@contextlib.contextmanager
def _blame(where: str) -> Iterator[None]:
    """A bad value in the manifest is an import error that names the file inside the .qdpx."""
    try:
        yield
    except FormatError as exc:
        raise ImportFailed(
            f"{where}: {MANIFEST}: {exc.message.removeprefix(MANIFEST + ': ')}",
            hint="the file was changed after stc wrote it; export the project again",
        ) from None


def _read_manifest(z: zipfile.ZipFile, root: Any, where: str) -> dict[str, Any] | None:
    """stc's manifest, when the project comes from stc and carries one."""
    import json

    if root.get("origin") != "stc" or MANIFEST not in z.namelist():
        return None
    try:
        data = json.loads(z.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ImportFailed(f"{where}: {MANIFEST} is not valid JSON") from None
    if not isinstance(data, dict) or data.get("stc_manifest") != 1:
        raise ImportFailed(f"{where}: {MANIFEST} is not an stc manifest this version reads")
    return data


def _section(manifest: dict[str, Any], key: str) -> dict[str, Any]:
    value = manifest.get(key) or {}
    if not isinstance(value, dict):
        raise FormatError(f"{MANIFEST}: {key}: expected a mapping")
    return value


def _stc_codebook(root: Any, cb: RefiCodebook, manifest: dict[str, Any]) -> RefiCodebook:
    """stc's own ids, labels and colours for the codes, code groups and themes the project
    still has (matched by GUID); anything added by another tool keeps its imported form."""
    themes_m = _section(manifest, "themes")
    groups_m = _section(manifest, "code_groups")
    codes_m = _section(manifest, "codes")
    by_label = {g.label: g for g in cb.codebook.code_groups}
    themes: dict[str, Theme] = {}
    theme_of: dict[str, str] = {}  # imported theme id → stc theme
    for s in root.iter(f"{{{NS}}}Set"):
        found = themes_m.get(_g(s.get("guid")))
        if found is not None:
            theme = Theme.from_dict(found, f"{MANIFEST}: themes")
            themes[theme.id] = theme
            theme_of[_slug(s.get("name", ""))] = theme.id
    group_id: dict[str, str] = {}
    groups: list[CodeGroup] = []
    codes: list[Code] = []
    by_guid = dict(cb.by_guid)
    for top in root.iterfind(f"{{{NS}}}CodeBook/{{{NS}}}Codes/{{{NS}}}Code"):
        found = groups_m.get(_g(top.get("guid")))
        imported = by_label.get(top.get("name", ""))
        if found is not None and imported is not None:
            g = CodeGroup.from_dict(found, f"{MANIFEST}: code_groups")
            group_id[imported.id] = g.id
            groups.append(g)
        elif imported is not None:
            groups.append(imported)
    for c in cb.codebook.codes:
        key = next((k for k, v in cb.by_guid.items() if v == c.id), "")
        found = codes_m.get(key)
        if found is not None:
            code = Code.from_dict(found, f"{MANIFEST}: codes")
            by_guid[key] = code.id
            codes.append(code)
        else:
            codes.append(replace(c, code_group=group_id.get(c.code_group or "", c.code_group)))
    groups = [replace(g, theme=theme_of.get(g.theme or "", g.theme)) for g in groups]
    extra = [t for t in cb.codebook.themes if t.id not in theme_of]
    return RefiCodebook(Codebook((*themes.values(), *extra), tuple(groups), tuple(codes)), by_guid)


def _note_texts(root: Any) -> dict[str, str]:
    out = {}
    for note in root.iter(f"{{{NS}}}Note"):
        content = note.find(f"{{{NS}}}PlainTextContent")
        out[_g(note.get("guid"))] = (content.text or "") if content is not None else ""
    return out


def _stc_analysis(root: Any, manifest: dict[str, Any], out: RefiProject) -> None:
    """Steps 1, 3 and 4 and the transcripts' and groups' details from stc's manifest."""
    from stc.model import Impression, Subgroup

    texts = _note_texts(root)
    metas = _section(manifest, "transcripts")
    by_source = {guid("source", t.id): t for t in out.transcripts}
    for key, meta in metas.items():
        t = by_source.get(key)
        if t is not None and isinstance(meta, dict):
            informants = meta.get("informants", 1)
            out.transcripts[out.transcripts.index(t)] = replace(
                t,
                interviewer=str(meta.get("interviewer") or ""),
                interviewed=str(meta.get("interviewed") or ""),
                source=str(meta.get("source") or ""),
                informants=informants
                if isinstance(informants, int)
                and not isinstance(informants, bool)
                and informants > 0
                else t.informants,
            )
    listed = manifest.get("groups") or []
    if not isinstance(listed, list):
        raise FormatError(f"{MANIFEST}: groups: expected a list")
    described = [
        InformantGroup.from_dict(g, f"{MANIFEST}: groups[{i}]") for i, g in enumerate(listed)
    ]
    out.groups = described + [g for g in out.groups if g.id not in {d.id for d in described}]
    out.settings = _section(manifest, "project")
    translations = _section(manifest, "translations")
    out.units = [
        replace(u, translation=str(translations[u.id])) if u.id in translations else u
        for u in out.units
    ]
    for key, times in _section(manifest, "turn_times").items():
        t = next((x for x in out.transcripts if guid("source", x.id) == key), None)
        if t is not None and isinstance(times, dict):
            turns = tuple(
                replace(turn, time=str(times.get(str(turn.n), turn.time) or "")) for turn in t.turns
            )
            out.transcripts[out.transcripts.index(t)] = replace(t, turns=turns)
    known = {t.id for t in out.transcripts}
    step1: dict[str, list[Impression]] = {}
    for key, pair in _section(manifest, "impressions").items():
        if key in texts and isinstance(pair, list) and len(pair) == 2 and pair[1] in known:
            step1.setdefault(str(pair[0]), []).append(Impression(str(pair[1]), texts[key]))
    pre = _section(manifest, "preconceptions")
    for researcher in sorted(set(step1) | set(pre)):
        items = tuple(sorted(step1.get(researcher, []), key=lambda i: i.transcript))
        out.step1.append(Step1(researcher, str(pre.get(researcher, "")), items))
    groups = {g.id for g in out.codebook.code_groups}
    for cg, subs in _section(manifest, "condensations").items():
        if cg not in groups or not isinstance(subs, list):
            continue
        parsed = []
        for i, sub in enumerate(subs):
            where = f"{MANIFEST}: condensations.{cg}[{i}]"
            if not isinstance(sub, dict):
                raise FormatError(f"{where}: expected a mapping")
            note = sub.get("condensate")
            body = {**sub, "condensate": texts.get(_g(note), "") if note else ""}
            parsed.append(Subgroup.from_dict(body, where))
        out.condensations.append(Condensation(cg, tuple(parsed)))
    for key, meta in _section(manifest, "syntheses").items():
        if key in texts and isinstance(meta, dict) and meta.get("code_group") in groups:
            f = {k: meta.get(k) for k in ("heading", "theme", "fingerprint")}
            out.syntheses.append(
                Synthesis(
                    str(meta["code_group"]),
                    str(f["heading"] or ""),
                    texts[key],
                    str(f["theme"]) if f["theme"] else None,
                    str(f["fingerprint"] or ""),
                )
            )


def _group(info: _CaseInfo, default: str | None, src: Any, where: str, variables: list[str]) -> str:
    group = info.values.get("stc-group") or (_slug(info.label) if info.label else default)
    if not group:
        found = (
            f"document variables in this project: {', '.join(variables)}"
            if variables
            else "this project has no document variables"
        )
        raise ImportFailed(
            f"{where}: source {src.get('name')!r} has no informant group "
            "(the project links no case to it, and no variable names a group)",
            hint=f"take each document's group from a variable with --group-variable NAME "
            f"({found}), or put every document in one group with --group ID "
            "(create it first with `stc group add ID --label …`)",
        )
    try:
        return check_id(group, "informant group")
    except FormatError as exc:
        raise ImportFailed(
            f"{where}: source {src.get('name')!r}: {exc.message}",
            hint="fix the case variable in the exporting program, or give --group",
        ) from None


def _source_transcript(
    z: zipfile.ZipFile,
    src: Any,
    group: str,
    info: _CaseInfo,
    taken: set[str],
    notes: Notes,
    where: str,
) -> tuple[Transcript, _Mapper] | None:
    from stc.importers import role_warnings
    from stc.text import assign_roles

    text = _read_source(z, src, notes, where)
    if text is None:
        return None
    refuse_controls(
        text.replace("\r\n", "\n").replace("\r", "\n"), f"{where}: source {src.get('name')!r}"
    )
    mapper = _Mapper(text) if text.strip() else None
    if mapper is None or not mapper.parsed.turns:
        notes.add(
            "{n} source is empty; skipped",
            "{n} sources are empty; skipped",
            str(src.get("name") or src.get("guid")),
        )
        return None
    base = _slug(src.get("name") or "kilde")
    tid, n = base, 2
    while tid in taken:
        tid, n = f"{base}-{n}", n + 1
    taken.add(tid)
    labels = [t.label for t in mapper.parsed.turns]
    roles = assign_roles(labels, {}, [t.text for t in mapper.parsed.turns])
    for m in roles.notices:
        notes.add(
            "{n} speaker name was replaced by a role",
            "{n} speaker names were replaced by roles",
            f"{tid}: {m}",
        )
    turns = tuple(
        Turn(i + 1, roles.roles[t.label or ""], t.text, t.time)
        for i, t in enumerate(mapper.parsed.turns)
    )
    informants = info.values.get("stc-informants", "1")
    t = Transcript(
        tid,
        group,
        turns,
        interviewed=info.values.get("stc-interviewed", ""),
        source=info.values.get("stc-source", src.get("name") or ""),
        informants=int(informants) if re.fullmatch(r"[0-9]{1,6}", informants) else 1,
    )
    for w in role_warnings(t, any(labels)):
        notes.add(
            "{n} transcript needs a look at its speakers",
            "{n} transcripts need a look at their speakers",
            w,
        )
    return t, mapper


def _selection_units(
    sel: Any,
    t: Transcript,
    mapper: _Mapper,
    cb: RefiCodebook,
    users: dict[str, str],
    taken: set[str],
    notes: Notes,
) -> list[MeaningUnit]:
    """One selection → one meaning unit per coder, even when it spans turns."""
    from stc.core.units import Span, span_text, unit_id

    try:
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
    except (TypeError, ValueError):
        notes.add(
            "{n} selection without positions was skipped",
            "{n} selections without positions were skipped",
            t.id,
        )
        return []
    if start < 0 or end <= start:
        notes.add(
            "{n} selection ends before it starts (or starts before the text); skipped",
            "{n} selections end before they start (or start before the text); skipped",
            f"{t.id}: {start}–{end}",
        )
        return []
    a, b = mapper.locate_start(start), mapper.locate_end(max(start + 1, end))
    if a is None or b is None or (b[0], b[1]) < (a[0], a[1]):
        notes.add(
            "{n} selection lies outside the text; skipped",
            "{n} selections lie outside the text; skipped",
            f"{t.id}: {start}–{end}",
        )
        return []
    by_coder: dict[str, list[str]] = {}
    for coding in sel.findall(f"{{{NS}}}Coding"):
        ref = coding.find(f"{{{NS}}}CodeRef")
        code = cb.by_guid.get(_g(ref.get("targetGUID") if ref is not None else None))
        if code is None:
            notes.add(
                "{n} coding refers to an unknown code; skipped",
                "{n} codings refer to unknown codes; skipped",
                f"{t.id}: {start}–{end}",
            )
            continue
        coder = users.get(_g(coding.get("creatingUser") or sel.get("creatingUser")), "import")
        by_coder.setdefault(coder, []).append(code)
    if a[2]:
        notes.add(
            "{n} selection included a speaker label; trimmed to the turn's text",
            "{n} selections included a speaker label; trimmed to the turns' text",
            f"{t.id}: {start}–{end}",
        )
    first, last = a[0], b[0]
    s, e = a[1], b[1]  # kept as coded, spaces too: export gives back the same text
    if first == last and s >= e:
        return []
    if (
        s >= len(t.turns[first].text) and first < last
    ):  # nothing of the first turn: start at the next
        first, s = first + 1, 0
    if e == 0 and last > first:
        last, e = last - 1, len(t.turns[last - 1].text)
    if last > first:
        notes.add(
            "{n} selection spans turns; kept whole as one meaning unit",
            "{n} selections span turns; each kept whole as one meaning unit",
            f"{t.id}: {start}–{end}, turns {first + 1}–{last + 1}",
        )
    desc = sel.find(f"{{{NS}}}Description")
    note = (desc.text or "").strip() if desc is not None else ""
    span = Span(first + 1, s, e, last + 1 if last > first else 0)
    text = span_text(t, span)
    out = []
    for coder, codes in by_coder.items():
        # a selection named like an stc unit id of this transcript and coder keeps that id
        uid = _kept_id(sel.get("name"), t.id, coder, taken)
        uid = uid or unit_id(t.id, coder, span, text, taken)
        taken.add(uid)
        out.append(
            MeaningUnit(
                uid,
                t.id,
                coder,
                span.turn,
                s,
                e,
                text,
                tuple(dict.fromkeys(codes)),
                note,
                to_turn=span.to_turn,
            )
        )
    return out


def _kept_id(name: str | None, tid: str, coder: str, taken: set[str]) -> str | None:
    """A selection named like an stc unit id of this transcript and coder keeps that id."""
    from stc.model import check_id

    if not name or not name.startswith(f"{tid}.{coder}.") or name in taken:
        return None
    try:
        return check_id(name, "unit")
    except FormatError:
        return None


def import_qdc(data: bytes, where: str) -> Codebook:
    from lxml import etree

    try:
        root = etree.fromstring(
            data, parser=etree.XMLParser(resolve_entities=False, no_network=True)
        )
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(f"{where}: not valid XML ({exc})") from None
    ns = etree.QName(root).namespace or ""
    if ns not in (NS_CB, NS):
        raise ImportFailed(f"{where}: not a REFI-QDA codebook (namespace {NS_CB})")
    return read_codes(root, ns).codebook
