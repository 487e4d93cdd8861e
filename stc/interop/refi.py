"""REFI-QDA exchange (QDA-XML 1.0): .qdpx projects and .qdc codebooks.

Export: researchers → Users; code groups → non-codable parent Codes with their codes as
children (definitions as Descriptions); themes → Sets of code groups; transcripts → TextSources
whose plain text (``ROLE: text`` turns separated by blank lines) lies in ``sources/``; meaning
units → PlainTextSelections with one Coding per code (creatingUser = coder); informant groups →
a Text variable on one Case per transcript; condensates, analytic texts and impressions → Notes.
Positions count Unicode code points of the exported plain text. GUIDs are derived from stc's
ids, so exporting the same workspace twice gives the same file.
"""

from __future__ import annotations

import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any

from stc.errors import FormatError, ImportFailed
from stc.importers import refuse_controls
from stc.model import (
    Code,
    Codebook,
    CodeGroup,
    InformantGroup,
    MeaningUnit,
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
    parts, starts, pos = [], [], 0
    for turn in t.turns:
        label = f"{turn.speaker}: "
        starts.append(pos + len(label))
        parts.append(label + turn.text)
        pos += len(label) + len(turn.text) + 2
    return "\n\n".join(parts), starts


def _e(parent: Any, tag: str, ns: str = NS, **attrs: str) -> Any:
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
        parts.append(f"Include: {code.include}")
    if code.exclude:
        parts.append(f"Exclude: {code.exclude}")
    return "\n".join(p for p in parts if p)


def _codes(parent: Any, cb: Codebook, ns: str, notes: dict[str, list[str]] | None = None) -> None:
    codes = _e(parent, "Codes", ns)
    for g in cb.code_groups:
        el = _e(codes, "Code", ns, guid=guid("code-group", g.id), name=g.label, isCodable="false")
        _text(el, "Description", g.definition, ns)
        for note in (notes or {}).get(g.id, []):
            _e(el, "NoteRef", ns, targetGUID=note)
        for c in cb.codes_in(g.id):
            child = _e(el, "Code", ns, guid=guid("code", c.id), name=c.id, isCodable="true")
            _text(child, "Description", _description(c), ns)
    for c in cb.unsorted:
        el = _e(codes, "Code", ns, guid=guid("code", c.id), name=c.id, isCodable="true")
        _text(el, "Description", _description(c), ns)


def _notes(
    study: Study,
) -> tuple[list[tuple[str, str, str]], dict[str, list[str]], dict[str, list[str]]]:
    """Condensates and analytic texts (linked to code groups), impressions (to sources)."""
    notes: list[tuple[str, str, str]] = []
    code_notes: dict[str, list[str]] = {}
    source_notes: dict[str, list[str]] = {}
    for cg, c in study.condensations.items():
        for s in c.subgroups:
            if s.condensate:
                n = guid("condensate", f"{cg}/{s.id}")
                notes.append((n, f"Kondensat: {s.label}", s.condensate))
                code_notes.setdefault(cg, []).append(n)
    for cg, syn in study.syntheses.items():
        n = guid("synthesis", cg)
        notes.append((n, f"Analytisk tekst: {syn.heading}", syn.body))
        code_notes.setdefault(cg, []).append(n)
    for s1 in study.step1:
        for imp in s1.impressions:
            n = guid("impression", f"{s1.researcher}/{imp.transcript}")
            notes.append((n, f"Helhetsinntrykk ({s1.researcher})", imp.text))
            source_notes.setdefault(imp.transcript, []).append(n)
    return notes, code_notes, source_notes


def _case(cases: Any, study: Study, t: Transcript, source: str) -> None:
    group = study.groups.get(t.group)
    case = _e(cases, "Case", guid=guid("case", t.id), name=t.id)
    values = {
        "group": (group.label if group else t.group, "Text"),
        "stc-group": (t.group, "Text"),
        "stc-quote-as": (group.quote_as if group else None, "Text"),
        "stc-informants": (str(t.informants), "Integer"),
        "stc-interviewed": (t.interviewed, "Text"),
        "stc-source": (t.source, "Text"),
    }
    for var, (val, kind) in values.items():
        if val:
            value = _e(case, "VariableValue")
            _e(value, "VariableRef", targetGUID=guid("variable", var))
            _e(value, f"{kind}Value").text = val
    _e(case, "SourceRef", targetGUID=source)


def _source(
    sources: Any, t: Transcript, units: list[MeaningUnit], notes: list[str]
) -> tuple[str, str]:
    text, starts = plain_text(t)
    sid = guid("source", t.id)
    src = _e(sources, "TextSource", guid=sid, name=t.id, plainTextPath=f"internal://{sid}.txt")
    for u in units:
        sel = _e(
            src,
            "PlainTextSelection",
            guid=guid("unit", u.id),
            name=u.id,
            startPosition=str(starts[u.turn - 1] + u.start),
            endPosition=str(starts[u.turn - 1] + u.end),
            creatingUser=guid("user", u.coder),
        )
        _text(sel, "Description", u.note)
        for code in u.codes:
            coding = _e(
                sel,
                "Coding",
                guid=guid("coding", f"{u.id}/{code}"),
                creatingUser=guid("user", u.coder),
            )
            _e(coding, "CodeRef", targetGUID=guid("code", code))
    for n in notes:
        _e(src, "NoteRef", targetGUID=n)
    return sid, text


def export_qdpx(study: Study, created: str) -> bytes:
    """The whole workspace as a .qdpx (zip of project.qde and sources/)."""
    from lxml import etree

    p = study.project
    root = etree.Element(f"{{{NS}}}Project", nsmap={None: NS})
    root.set("name", p.title)
    root.set("origin", "stc")
    root.set("creationDateTime", created)
    users = _e(root, "Users")
    people = {r.id: r.name or r.id for r in p.researchers}
    for coder in sorted(set(people) | set(study.coders)):
        _e(users, "User", guid=guid("user", coder), name=people.get(coder, coder), id=coder)
    notes, code_notes, source_notes = _notes(study)
    _codes(_e(root, "CodeBook"), study.codebook, NS, code_notes)
    variables = _e(root, "Variables")
    for name, kind in (("group", "Text"), *STC_VARIABLES):
        _e(
            variables,
            "Variable",
            guid=guid("variable", name),
            name=GROUP_VARIABLE if name == "group" else name,
            typeOfVariable=kind,
        )
    cases = _e(root, "Cases")
    sources = _e(root, "Sources")
    by_transcript: dict[str, list[MeaningUnit]] = {}
    for u in study.units:
        by_transcript.setdefault(u.transcript, []).append(u)
    files = {}
    for t in study.transcripts.values():
        sid, text = _source(sources, t, by_transcript.get(t.id, []), source_notes.get(t.id, []))
        files[f"sources/{sid}.txt"] = text
        _case(cases, study, t, sid)
    if notes:
        holder = _e(root, "Notes")
        for n, name, text in notes:
            _e(_e(holder, "Note", guid=n, name=name), "PlainTextContent").text = text
    themes = [t for t in study.codebook.themes if study.codebook.groups_in(t.id)]
    if themes:
        sets = _e(root, "Sets")
        for theme in themes:
            s = _e(sets, "Set", guid=guid("theme", theme.id), name=theme.label)
            _text(s, "Description", theme.description)
            for g in study.codebook.groups_in(theme.id):
                _e(s, "MemberCode", targetGUID=guid("code-group", g.id))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "project.qde",
            etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True),
        )
        for name, text in files.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def export_qdc(cb: Codebook) -> bytes:
    from lxml import etree

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
    from stc.text import slug

    return slug(name)


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
        codes.append(
            Code(
                cid,
                el.get("name", "") if _slug(el.get("name", "")) != el.get("name") else "",
                group,
                description(el),
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
        groups.append(CodeGroup(gid, top.get("name", gid), None, description(top)))
        group_by_guid[_g(top.get("guid"))] = gid
        if top.get("isCodable") == "true":
            add_code(top, gid)  # a codable parent is also a code in its own group
            codes[-1] = Code(codes[-1].id, codes[-1].label, gid, codes[-1].definition)
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
        groups = [
            CodeGroup(g.id, g.label, tid if g.id in member_groups else g.theme, g.definition)
            for g in groups
        ]
    return RefiCodebook(Codebook(tuple(themes), tuple(groups), tuple(codes)), by_guid)


@dataclass
class RefiProject:
    codebook: Codebook
    groups: list[InformantGroup]
    transcripts: list[Transcript]
    units: list[MeaningUnit]
    notices: list[str] = field(default_factory=list)


class _Mapper:
    """Maps code-point positions in a source's original text to (turn, offset) in stc turns."""

    def __init__(self, original: str) -> None:
        from stc.text import parse_lines

        chars: list[str] = []
        self.to_norm: list[int] = []
        i = 0
        text = original.lstrip("\ufeff")  # a byte-order mark is not part of the text
        while i < len(text):
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            chunk = text[i:j].replace("\r\n", "\n").replace("\r", "\n")
            if text[i] == "\r" and j < len(text) and text[j] == "\n":
                chunk = ""  # the \n that follows stands for the pair
            norm = unicodedata.normalize("NFC", chunk)
            if norm == text[i:j]:  # unchanged: every code point keeps its own position
                self.to_norm.extend(range(len(chars), len(chars) + j - i))
            else:  # composed or a line end: positions inside map to the start
                self.to_norm.extend([len(chars)] * (j - i))
            chars.extend(norm)
            i = j
        self.to_norm.append(len(chars))
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

        pos = self.to_norm[max(0, min(position, len(self.to_norm) - 1))]
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


def _read_source(z: zipfile.ZipFile, src: Any, notices: list[str]) -> str | None:
    name = src.get("name") or src.get("guid")
    path = src.get("plainTextPath")
    content = src.find(f"{{{NS}}}PlainTextContent")
    if path:
        member = re.sub(r"^internal://", "", path).lstrip("/")
        candidates = [member, f"sources/{member}", f"Sources/{member}"]
        found = next((c for c in candidates if c in z.namelist()), None)
        if found:
            raw = z.read(found)
            for enc in ("utf-8-sig", "utf-16"):
                try:
                    return raw.decode(enc)
                except UnicodeDecodeError:
                    continue
            notices.append(f"source {name}: text is not UTF-8; skipped")
            return None
    if content is not None and content.text:
        return str(content.text)
    rich = src.get("richTextPath")
    if rich:
        member = re.sub(r"^internal://", "", rich).lstrip("/")
        found = next((c for c in (member, f"sources/{member}") if c in z.namelist()), None)
        if found and found.lower().endswith(".docx"):
            import docx

            doc = docx.Document(io.BytesIO(z.read(found)))
            return "\n".join(p.text for p in doc.paragraphs)
        notices.append(f"source {name}: rich text {rich} is not a .docx; skipped")
        return None
    notices.append(f"source {name}: no text found in the project; skipped")
    return None


@dataclass
class _CaseInfo:
    label: str | None = None
    values: dict[str, str] = field(default_factory=dict)


def _cases(root: Any, where: str, group_variable: str | None) -> dict[str, _CaseInfo]:
    """Per source GUID: the informant group label (from a case variable) and stc's values."""
    variables = {_g(v.get("guid")): v.get("name", "") for v in root.iter(f"{{{NS}}}Variable")}
    wanted = next((g for g, n in variables.items() if group_variable and n == group_variable), None)
    if wanted is None and group_variable:
        raise ImportFailed(
            f"{where}: no case variable named {group_variable!r}",
            hint=f"variables: {', '.join(variables.values()) or 'none'}",
        )
    if wanted is None:
        wanted = next(
            (
                g
                for g, n in variables.items()
                if re.search(r"group|gruppe", n, re.I) and not n.startswith("stc-")
            ),
            None,
        )
    out: dict[str, _CaseInfo] = {}
    for case in root.iter(f"{{{NS}}}Case"):
        info = _CaseInfo()
        for vv in case.findall(f"{{{NS}}}VariableValue"):
            ref = vv.find(f"{{{NS}}}VariableRef")
            value = next((c.text for c in vv if not c.tag.endswith("VariableRef")), None)
            if ref is None or value is None:
                continue
            var = _g(ref.get("targetGUID"))
            if var == wanted:
                info.label = value.strip()
            if variables.get(var, "").startswith("stc-"):
                info.values[variables[var]] = value.strip()
        for sref in case.findall(f"{{{NS}}}SourceRef"):
            out[_g(sref.get("targetGUID"))] = info
    return out


def import_qdpx(
    data: bytes, where: str, default_group: str | None = None, group_variable: str | None = None
) -> RefiProject:
    """Read a .qdpx from any REFI producer into stc's model."""
    from lxml import etree

    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        qde = next(n for n in z.namelist() if n.lower().endswith(".qde"))
        root = etree.fromstring(
            z.read(qde), parser=etree.XMLParser(resolve_entities=False, no_network=True)
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
    out = RefiProject(cb.codebook, [], [], [])
    users = {
        _g(u.get("guid")): _slug(u.get("id") or u.get("name") or "coder")
        for u in root.iter(f"{{{NS}}}User")
    }
    cases = _cases(root, where, group_variable)
    groups: dict[str, InformantGroup] = {}
    taken: set[str] = set()
    for kind in ("PictureSource", "PDFSource", "AudioSource", "VideoSource"):
        for src in root.iter(f"{{{NS}}}{kind}"):
            out.notices.append(
                f"{kind} {src.get('name') or src.get('guid')}: not a text source; skipped"
            )
    for src in root.iter(f"{{{NS}}}TextSource"):
        info = cases.get(_g(src.get("guid")), _CaseInfo())
        group = _group(info, default_group, src, where)
        if info.label or info.values.get("stc-group"):
            groups.setdefault(
                group, InformantGroup(group, info.label or group, info.values.get("stc-quote-as"))
            )
        t = _source_transcript(z, src, group, info, taken, out.notices, where)
        if t is None:
            continue
        out.transcripts.append(t[0])
        taken_units: set[str] = set()
        for sel in src.findall(f"{{{NS}}}PlainTextSelection"):
            out.units += _selection_units(sel, t[0], t[1], cb, users, taken_units, out.notices)
        if src.findall(f"{{{NS}}}Coding"):
            out.notices.append(
                f"{t[0].id}: codings of the whole source were skipped (stc codes spans)"
            )
    out.groups = sorted(groups.values(), key=lambda g: g.id)
    return out


def _group(info: _CaseInfo, default: str | None, src: Any, where: str) -> str:
    group = info.values.get("stc-group") or (_slug(info.label) if info.label else default)
    if not group:
        raise ImportFailed(
            f"{where}: source {src.get('name')!r} has no informant group",
            hint="name the case variable with --group-variable, or give --group",
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
    notices: list[str],
    where: str,
) -> tuple[Transcript, _Mapper] | None:
    from stc.text import assign_roles

    text = _read_source(z, src, notices)
    if text is None or not text.strip():
        return None
    refuse_controls(
        text.replace("\r\n", "\n").replace("\r", "\n"), f"{where}: source {src.get('name')!r}"
    )
    mapper = _Mapper(text)
    if not mapper.parsed.turns:
        return None
    base = _slug(src.get("name") or "kilde")
    tid, n = base, 2
    while tid in taken:
        tid, n = f"{base}-{n}", n + 1
    taken.add(tid)
    roles = assign_roles([t.label for t in mapper.parsed.turns], {})
    notices += [f"{tid}: {m}" for m in roles.notices]
    turns = tuple(
        Turn(i + 1, roles.roles[t.label or ""], t.text) for i, t in enumerate(mapper.parsed.turns)
    )
    informants = info.values.get("stc-informants", "1")
    t = Transcript(
        tid,
        group,
        turns,
        interviewed=info.values.get("stc-interviewed", ""),
        source=info.values.get("stc-source", src.get("name") or ""),
        informants=int(informants) if informants.isdigit() else 1,
    )
    return t, mapper


def _selection_units(
    sel: Any,
    t: Transcript,
    mapper: _Mapper,
    cb: RefiCodebook,
    users: dict[str, str],
    taken: set[str],
    notices: list[str],
) -> list[MeaningUnit]:
    from stc.core.units import Span, unit_id

    try:
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
    except (TypeError, ValueError):
        notices.append(f"{t.id}: a selection without positions was skipped")
        return []
    if start < 0 or end <= start:
        notices.append(
            f"{t.id}: selection {start}–{end} ends before it starts (or starts before the "
            "text); skipped"
        )
        return []
    a, b = mapper.locate(start), mapper.locate(end - 1)
    if a is None or b is None:
        notices.append(f"{t.id}: selection {start}–{end} lies outside the text; skipped")
        return []
    by_coder: dict[str, list[str]] = {}
    for coding in sel.findall(f"{{{NS}}}Coding"):
        ref = coding.find(f"{{{NS}}}CodeRef")
        code = cb.by_guid.get(_g(ref.get("targetGUID") if ref is not None else None))
        if code is None:
            notices.append(f"{t.id}: a coding refers to an unknown code; skipped")
            continue
        coder = users.get(_g(coding.get("creatingUser") or sel.get("creatingUser")), "import")
        by_coder.setdefault(coder, []).append(code)
    if a[2]:
        notices.append(
            f"{t.id}: selection {start}–{end} included a speaker label; trimmed to the turn"
        )
    if b[0] != a[0]:
        notices.append(
            f"{t.id}: selection {start}–{end} spans turns {a[0] + 1}–{b[0] + 1}; "
            "stored as one meaning unit per turn"
        )
    desc = sel.find(f"{{{NS}}}Description")
    note = (desc.text or "").strip() if desc is not None else ""
    out = []
    for ti in range(a[0], b[0] + 1):
        text = t.turns[ti].text
        s = a[1] if ti == a[0] else 0
        e = min(b[1] + 1, len(text)) if ti == b[0] else len(text)
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        for coder, codes in by_coder.items():
            uid = unit_id(t.id, coder, Span(ti + 1, s, e), text[s:e], taken)
            taken.add(uid)
            out.append(
                MeaningUnit(
                    uid, t.id, coder, ti + 1, s, e, text[s:e], tuple(dict.fromkeys(codes)), note
                )
            )
    return out


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
