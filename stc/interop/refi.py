"""REFI-QDA exchange (QDA-XML 1.0): .qdpx projects and .qdc codebooks.

Export: researchers → Users; code groups → non-codable parent Codes with their codes as
children (definitions as Descriptions); themes → Sets of code groups; transcripts → TextSources
whose plain text (``ROLE: text`` turns separated by blank lines) lies in ``sources/``; meaning
units → PlainTextSelections with one Coding per code (creatingUser = coder), a unit that spans
turns → one selection across them (and back: a selection is always one unit); informant groups →
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
from pathlib import Path
from typing import Any

from stc.errors import FormatError, ImportFailed
from stc.importers import refuse_controls
from stc.limits import read_member
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
            endPosition=str(starts[u.last_turn - 1] + u.end),
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
    notes: Notes = field(default_factory=Notes)


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
        return _import_qdpx(z, where, default_group, group_variable)


def _import_qdpx(
    z: zipfile.ZipFile, where: str, default_group: str | None, group_variable: str | None
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
            out.notes.add(
                "{n} source is not text (picture, PDF, audio or video); skipped",
                "{n} sources are not text (pictures, PDFs, audio or video); skipped",
                f"{kind} {src.get('name') or src.get('guid')}",
            )
    for src in root.iter(f"{{{NS}}}TextSource"):
        info = cases.get(_g(src.get("guid")), _CaseInfo())
        group = _group(info, default_group, src, where)
        if info.label or info.values.get("stc-group"):
            groups.setdefault(
                group, InformantGroup(group, info.label or group, info.values.get("stc-quote-as"))
            )
        t = _source_transcript(z, src, group, info, taken, out.notes, where)
        if t is None:
            continue
        out.transcripts.append(t[0])
        taken_units: set[str] = set()
        for sel in src.findall(f"{{{NS}}}PlainTextSelection"):
            out.units += _selection_units(sel, t[0], t[1], cb, users, taken_units, out.notes)
        if src.findall(f"{{{NS}}}Coding"):
            out.notes.add(
                "{n} source was coded as a whole; skipped (stc codes spans of text)",
                "{n} sources were coded as a whole; skipped (stc codes spans of text)",
                t[0].id,
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
        uid = unit_id(t.id, coder, span, text, taken)
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
