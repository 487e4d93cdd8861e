"""The output gate: what may leave the workspace (pure; the api feeds it scans and content).

Every command that writes outside the workspace is one :data:`OUTPUTS` entry, and every
workspace text an output can carry is one :data:`FIELDS` entry. Before an output is written,
:func:`places` lists the texts of its fields (each with its file and place) and :func:`inspect`
runs the identifier detector of ``stc anon scan`` over them; the api then also scans the
rendered content itself, so a text that reaches an output without a field entry is still
caught. docs/anonymisation.md prints both tables; tests/test_output_gate.py walks them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Literal

from stc.core.anon import Finding, Scanner, _non_overlapping, context_of
from stc.core.names import PROPAGATE
from stc.core.synthesize import references
from stc.core.units import anchored, reanchor
from stc.layout import (
    CODEBOOK,
    CONFIG,
    DECISIONS,
    STEP1_FILE,
    STEP3_FILE,
    STEP4_FILE,
    TRANSCRIPT_FILE,
    UNITS_FILE,
)
from stc.model import MeaningUnit
from stc.study import Study

# prose: sentences a researcher wrote — the whole detector, names spaCy finds included;
# label: titles, labels, headings (title case by nature) — the identifier list and the key,
#   e-mail, URLs, phone and identity numbers, addresses, and names found in any other text;
# id: ids and file names — as label, with '-', '_' and '.' read as spaces;
# quote: a meaning unit's text — as label, plus the transcript's findings at its span;
# transcript: a whole transcript's text — every finding of the transcript scan.
Mode = Literal["prose", "label", "id", "quote", "transcript"]


@dataclass(frozen=True)
class Place:
    """One text an output carries: which field, in which file and where in it."""

    field: str
    file: str
    where: str
    text: str
    mode: Mode
    transcript: str = ""  # quote / transcript: whose scan findings apply
    span: tuple[int, int, int, int] = (0, 0, 0, 0)  # quote: turn, start, last turn, end
    anchored: bool = False  # quote: its text is the transcript's at its span
    unit: str = ""  # quote, unit note: the unit's id


@dataclass(frozen=True)
class Refusal:
    """An identifier (or a problem that makes the output untrustworthy) at one place."""

    file: str
    where: str
    kind: str
    found: str
    context: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.where}" if self.where else self.file
        if self.kind in BLOCKERS:
            return f"{where}: {self.context}"
        return f"{where}: a likely {self.kind} {self.found!r} in {self.context}"


BLOCKERS = ("stale-quote", "dangling-reference", "conflict-marker", "not-anonymised")


@dataclass(frozen=True)
class Scope:
    """What one run of an output prints: its units, its theme (a chapter) and transcripts."""

    units: tuple[MeaningUnit, ...] = ()
    theme: str | None = None
    code_groups: tuple[str, ...] | None = None  # None: all
    transcripts: tuple[str, ...] = ()  # exported whole (qdpx, docx-for-coding)


# each field's extractor is a plain function bound to its field with functools.partial (not
# a closure made at import), so the code that lists a field's texts runs when it is called
Extractor = Callable[[Study, Scope], Iterable[Place]]


@dataclass(frozen=True)
class Field:
    """A workspace text an output can carry; ``model`` names the model attributes it is."""

    name: str
    model: tuple[str, ...]
    extract: Extractor
    mode: Mode = "prose"


@dataclass(frozen=True)
class Output:
    """A command that writes outside the workspace, and the fields it carries."""

    name: str
    command: str
    formats: tuple[str, ...]
    fields: tuple[str, ...]
    team_only: bool = False  # may run with --allow-identifiers (stays inside the team)


def _groups(st: Study, sc: Scope) -> list[str]:
    ids = [g.id for g in st.codebook.code_groups]
    if sc.theme:
        ids = [g for g in ids if st.theme_of(g) == sc.theme]
    return [g for g in ids if sc.code_groups is None or g in sc.code_groups]


def _project(attr: str, mode: Mode, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    yield Place(name, CONFIG, attr, getattr(st.project, attr), mode)


def _questions(st: Study, sc: Scope) -> Iterable[Place]:
    for i, q in enumerate(st.project.research_questions):
        yield Place("research question", CONFIG, f"research_questions[{i}]", q, "prose")


def _power(st: Study, sc: Scope) -> Iterable[Place]:
    yield Place(
        "power notes", CONFIG, "information_power.notes", st.project.power.get("notes", ""), "prose"
    )


def _informant_groups(attr: str, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    for g in st.project.groups:
        where = f"informant group {g.id}: {attr}"
        yield Place(name, CONFIG, where, getattr(g, attr) or "", "label")


def _themes(attr: str, mode: Mode, st: Study, sc: Scope) -> Iterable[Place]:
    for t in st.codebook.themes:
        if not sc.theme or t.id == sc.theme:
            yield Place(f"theme {attr}", CODEBOOK, f"theme {t.id}: {attr}", getattr(t, attr), mode)


def _code_groups(attr: str, mode: Mode, st: Study, sc: Scope) -> Iterable[Place]:
    for gid in _groups(st, sc):
        g = st.codebook.code_group(gid)
        if g:
            where = f"code group {g.id}: {attr}"
            yield Place(f"code group {attr}", CODEBOOK, where, getattr(g, attr), mode)


def _codes(attrs: Sequence[str], mode: Mode, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    groups = set(_groups(st, sc))
    for c in st.codebook.codes:
        if c.code_group and c.code_group not in groups:
            continue
        for attr in attrs:
            yield Place(name, CODEBOOK, f"code {c.id}: {attr}", getattr(c, attr), mode)


def _subgroups(attr: str, mode: Mode, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    for gid in _groups(st, sc):
        c = st.condensations.get(gid)
        for s in c.subgroups if c else ():
            where = f"subgroup {s.id}: {attr}"
            yield Place(name, STEP3_FILE.format(gid), where, getattr(s, attr), mode)


def _syntheses(attr: str, mode: Mode, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    for gid in _groups(st, sc):
        s = st.syntheses.get(gid)
        if s:
            yield Place(name, STEP4_FILE.format(gid), attr, getattr(s, attr), mode)


def _decisions(st: Study, sc: Scope) -> Iterable[Place]:
    for i, d in enumerate(st.decisions, 1):
        yield Place("decision", DECISIONS, f"decision {i} ({d.date})", d.text, "prose")


def _impressions(st: Study, sc: Scope) -> Iterable[Place]:
    for s in st.step1:
        for imp in s.impressions:
            where = f"impression of {imp.transcript}"
            yield Place("impression", STEP1_FILE.format(s.researcher), where, imp.text, "prose")


def _anchored(st: Study, u: MeaningUnit) -> bool:
    t = st.transcripts.get(u.transcript)
    return t is not None and anchored(t, u)


def _unit_places(attr: str, mode: Mode, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    files: dict[tuple[str, str], str] = {}  # thousands of units, a few dozen files
    for u in sc.units:
        text = getattr(u, attr)
        if not text:
            continue
        f = files.get((u.transcript, u.coder)) or files.setdefault(
            (u.transcript, u.coder), UNITS_FILE.format(u.transcript, u.coder)
        )
        at, anchored = u, mode == "quote" and _anchored(st, u)
        if mode == "quote" and not anchored:
            # the transcript changed and check has not re-anchored the unit yet: its text is
            # judged by the transcript's findings where it stands now, not at its old place
            t = st.transcripts.get(u.transcript)
            moved = reanchor(t, u) if t else None
            if moved is not None:
                at, anchored = moved, True
        span = (at.turn, at.start, at.last_turn, at.end)
        yield Place(name, f, f"unit {u.id}: {attr}", text, mode, u.transcript, span, anchored, u.id)


def _transcript_ids(attr: str, name: str, st: Study, sc: Scope) -> Iterable[Place]:
    wanted = dict.fromkeys([*sc.transcripts, *(u.transcript for u in sc.units)])
    for tid in wanted:
        t = st.transcripts.get(tid)
        if t:
            yield Place(name, TRANSCRIPT_FILE.format(t.id), attr, getattr(t, attr), "id")


def _transcript_text(st: Study, sc: Scope) -> Iterable[Place]:
    for tid in sc.transcripts:
        t = st.transcripts.get(tid)
        if t:
            yield Place("transcript text", TRANSCRIPT_FILE.format(t.id), "", "", "transcript", t.id)


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field(
            "project title",
            ("Project.title",),
            partial(_project, "title", "label", "project title"),
            "label",
        ),
        Field(
            "project subtitle",
            ("Project.subtitle",),
            partial(_project, "subtitle", "label", "project subtitle"),
            "label",
        ),
        Field("research question", ("Project.research_questions",), _questions),
        Field("power notes", ("Project.power",), _power),
        Field(
            "group label",
            ("InformantGroup.label",),
            partial(_informant_groups, "label", "group label"),
            "label",
        ),
        Field(
            "quote_as",
            ("InformantGroup.quote_as",),
            partial(_informant_groups, "quote_as", "quote_as"),
            "label",
        ),
        Field("theme label", ("Theme.label",), partial(_themes, "label", "label"), "label"),
        Field(
            "theme description", ("Theme.description",), partial(_themes, "description", "prose")
        ),
        Field(
            "code group label",
            ("CodeGroup.label",),
            partial(_code_groups, "label", "label"),
            "label",
        ),
        Field(
            "code group definition",
            ("CodeGroup.definition",),
            partial(_code_groups, "definition", "prose"),
        ),
        Field(
            "code id",
            ("Code.id", "MeaningUnit.codes"),
            partial(_codes, ("id",), "id", "code id"),
            "id",
        ),
        Field(
            "code label",
            ("Code.label",),
            partial(_codes, ("label",), "label", "code label"),
            "label",
        ),
        Field(
            "code definition",
            ("Code.definition", "Code.include", "Code.exclude"),
            partial(_codes, ("definition", "include", "exclude"), "prose", "code definition"),
        ),
        Field(
            "subgroup label",
            ("Subgroup.label",),
            partial(_subgroups, "label", "label", "subgroup label"),
            "label",
        ),
        Field(
            "condensate",
            ("Subgroup.condensate",),
            partial(_subgroups, "condensate", "prose", "condensate"),
        ),
        Field(
            "heading",
            ("Synthesis.heading",),
            partial(_syntheses, "heading", "label", "heading"),
            "label",
        ),
        Field(
            "analytic text",
            ("Synthesis.body",),
            partial(_syntheses, "body", "prose", "analytic text"),
        ),
        Field("decision", ("Decision.text",), _decisions),
        Field("impression", ("Impression.text",), _impressions),
        Field(
            "quote", ("MeaningUnit.text",), partial(_unit_places, "text", "quote", "quote"), "quote"
        ),
        Field(
            "unit note", ("MeaningUnit.note",), partial(_unit_places, "note", "prose", "unit note")
        ),
        Field(
            "translation",
            ("MeaningUnit.translation",),
            partial(_unit_places, "translation", "prose", "translation"),
        ),
        Field(
            "transcript id",
            ("Transcript.id", "MeaningUnit.id", "MeaningUnit.transcript"),
            partial(_transcript_ids, "id", "transcript id"),
            "id",
        ),
        Field("source", ("Transcript.source",), partial(_transcript_ids, "source", "source"), "id"),
        Field("transcript text", ("Turn.text",), _transcript_text, "transcript"),
    )
}

# Model texts no output carries, or that are the team's own names (printed by design).
NOT_GATED = {
    "Researcher.id": "the team's own ids",
    "Researcher.name": "the team's own names (authors of the report)",
    "Project.authors": "the team's own names (authors of the report)",
    "Project.institution": "the team's institution",
    "Project.language": "a language code",
    "Project.nlp_model": "a model name",
    "Project.allow": "the allow-list itself",
    "Project.coding": "researcher ids",
    "Project.chapters": "chapter keys that order the report, never printed",
    "Code.color": "a #RRGGBB colour",
    "CodeGroup.color": "a #RRGGBB colour",
    "Turn.time": "a time stamp in the recording (HH:MM:SS)",
    "Resolution.decision": "one of keep-a, keep-b, keep-both, neither, recode",
    "Resolution.id": "unit ids of a settled dispute, never printed",
    "Resolution.by": "a researcher id",
    "Resolution.note": "the team's note on a settled dispute, never printed or exported",
    "UnitFile.merged_units": "unit ids (gated as transcript ids where printed)",
    "Round.double": "transcript ids of a round, never printed",
    "InformantGroup.id": "not printed (labels are)",
    "InformantGroup.description": "not printed",
    "Transcript.group": "an informant group id, gated by its label",
    "Transcript.interviewed": "a date",
    "Transcript.interviewer": "a researcher id",
    "Turn.speaker": "a neutral role (I, R, R2 …)",
    "Theme.id": "ids print only as hashed REFI GUIDs",
    "Theme.author": "a researcher id",
    "CodeGroup.id": "matrix csv/json row ids; see docs/anonymisation.md",
    "CodeGroup.theme": "a theme id",
    "Code.code_group": "a code group id",
    "Impression.transcript": "a transcript id (gated as transcript id)",
    "Step1.researcher": "a researcher id",
    "Step1.preconceptions": "not exported",
    "MeaningUnit.coder": "a researcher id",
    "UnitFile.transcript": "a transcript id (gated as transcript id)",
    "UnitFile.coder": "a researcher id",
    "UnitFile.merged_from": "researcher ids",
    "Subgroup.id": "not printed",
    "Subgroup.units": "unit ids",
    "Subgroup.golden": "a unit id",
    "Subgroup.fingerprint": "a hash",
    "Condensation.code_group": "a code group id",
    "Synthesis.code_group": "a code group id",
    "Synthesis.theme": "a theme id",
    "Synthesis.fingerprint": "a hash",
    "Round.strategy": "a keyword",
    "Round.researchers": "researcher and transcript ids",
    "Round.note": "not printed",
    "Decision.date": "a date",
    "Decision.author": "a researcher id",
    "Validation.date": "a date",
    "Validation.target": "an id",
    "Validation.outcome": "a keyword",
    "Validation.note": "not printed (the report prints counts only)",
    "ValidationLog.researcher": "a researcher id",
}

_REPORT = (
    "project title", "project subtitle", "research question", "power notes", "group label",
    "quote_as", "theme label", "theme description", "code group label", "code id", "code label",
    "code definition", "subgroup label", "condensate", "heading", "analytic text", "decision",
    "quote", "translation",
)  # fmt: skip
_CHAPTER = (
    "project title", "project subtitle", "group label", "quote_as", "theme label",
    "theme description", "code group label", "subgroup label", "condensate", "heading",
    "analytic text", "quote", "translation",
)  # fmt: skip
_CODEBOOK = (
    "theme label", "theme description", "code group label", "code group definition", "code id",
    "code definition",
)  # fmt: skip

OUTPUTS: dict[str, Output] = {
    o.name: o
    for o in (
        Output("report", "stc report", ("md", "docx", "html"), _REPORT),
        Output("chapter", "stc report --theme T", ("md", "docx", "html"), _CHAPTER),
        Output(
            "quotes",
            "stc quotes",
            ("md", "csv", "json", "xlsx", "docx"),
            (
                "project title",
                "group label",
                "quote_as",
                "theme label",
                "code group label",
                "code id",
                "code label",
                "subgroup label",
                "quote",
                "transcript id",
            ),
        ),
        Output(
            "matrix",
            "stc matrix",
            ("table", "csv", "json", "xlsx"),
            ("group label", "code group label", "code id", "code label"),
        ),
        Output(
            "units",
            "stc unit list",
            ("csv", "xlsx", "json"),
            ("code id", "quote", "unit note", "transcript id"),
        ),
        Output(
            "qdpx",
            "stc export qdpx",
            ("qdpx",),
            (
                *_CODEBOOK,
                "project title",
                "group label",
                "quote_as",
                "subgroup label",
                "condensate",
                "heading",
                "analytic text",
                "impression",
                "quote",
                "unit note",
                "transcript id",
                "source",
                "transcript text",
            ),
            team_only=True,
        ),
        Output("qdc", "stc export qdc", ("qdc",), _CODEBOOK, team_only=True),
        Output(
            "docx-for-coding",
            "stc export docx-for-coding ID",
            ("docx",),
            ("group label", "transcript id", "transcript text"),
            team_only=True,
        ),
    )
}


def places(study: Study, output: str, scope: Scope) -> list[Place]:
    """Every non-empty text ``output`` carries in this run, with its file and place."""
    out = []
    for name in OUTPUTS[output].fields:
        out += [p for p in FIELDS[name].extract(study, scope) if p.text or p.mode == "transcript"]
    return out


_SEPARATORS = str.maketrans("-_.", "   ")


def _as_words(text: str) -> str:
    """An id or file name read as words (same length, so offsets still apply)."""
    return text.translate(_SEPARATORS)


_REFERENCE = re.compile(r"\[\[[^\[\]\n]*\]\]|\[\^[^\[\]\n]*\]:?")
_MARKDOWN = str.maketrans("*_`#>|", "      ")


def _prose_segments(text: str) -> list[tuple[int, str]]:
    """Markdown prose as paragraphs and lines (each opens a sentence), with quote references
    and emphasis marks blanked out; offsets are kept so findings point into the text."""
    blanked = _REFERENCE.sub(lambda m: "\n" * len(m.group()), text).translate(_MARKDOWN)
    out, pos = [], 0
    for line in blanked.split("\n"):
        stripped = re.sub(r"^\s*(?:[-+]|\d+[.)])\s+", lambda m: " " * len(m.group()), line)
        if stripped.strip():
            out.append((pos, stripped))
        pos += len(line) + 1
    return out


Spans = list[list[tuple[int, int, str]]]


def inspect(
    scan_prose: Callable[[list[str]], Spans],
    label_scanner: Scanner,
    found: Sequence[Place],
    findings: Mapping[str, Sequence[Finding]],
    names: Sequence[str] = (),
    language: str = "nb",
) -> list[Refusal]:
    """Identifiers at ``found`` places. ``scan_prose`` is the whole detector
    (:meth:`Scanner.scan_texts`, perhaps cached); ``findings`` are the transcript scans (by
    transcript). Names found there or in any prose here count as identifiers in every text.
    ``names`` are person names of the key and the identifier list: each part of them ("Kari",
    "Nordmann") is an identifier too, as written with a capital, and in ids also the name run
    together ("karinordmann")."""
    prose = [p for p in found if p.mode == "prose"]
    segments = [
        (i, offset, seg) for i, p in enumerate(prose) for offset, seg in _prose_segments(p.text)
    ]
    seg_spans = scan_prose([seg for _, _, seg in segments]) if segments else []
    prose_spans: list[list[tuple[int, int, str]]] = [[] for _ in prose]
    for (i, offset, _), spans in zip(segments, seg_spans, strict=True):
        prose_spans[i] += [(offset + a, offset + b, k) for a, b, k in spans]
    # the workspace-wide name rule: only names certain enough to be searched for everywhere
    known = {
        f.text
        for fs in findings.values()
        for f in fs
        if f.kind == "name" and f.confidence >= PROPAGATE
    }
    known |= {
        p.text[a:b]
        for p, spans in zip(prose, prose_spans, strict=True)
        for a, b, k in spans
        if k == "name"
    }
    known |= _name_parts(names, language)
    joined = {"".join(n.split()) for n in names if len(n.split()) > 1}
    if known and prose:  # a known name in prose, where the detector alone may not see it
        pattern = _known_pattern(known)
        prose_spans = [
            _non_overlapping(
                [*spans, *((m.start(), m.end(), "name") for m in pattern.finditer(p.text))]
            )
            for p, spans in zip(prose, prose_spans, strict=True)
        ]
    # an anchored quote is the transcript's text, whose scan (with the key, across all
    # transcripts) is applied below; only a quote that moved is read on its own
    rest = [p for p in found if p.mode in ("label", "id") or (p.mode == "quote" and not p.anchored)]
    texts = [_as_words(p.text) if p.mode == "id" else p.text for p in rest]
    rest_spans = label_scanner.scan_texts(texts) if rest else []
    if known and rest:
        pattern = _known_pattern(known)
        # ids and file names are lower case by convention: "kari_nordmann.docx" names Kari,
        # and so does "karinordmann"
        any_case = re.compile(_known_pattern(known | joined).pattern, re.IGNORECASE)
        rest_spans = [
            _non_overlapping(
                [
                    *spans,
                    *(
                        (m.start(), m.end(), "name")
                        for m in (any_case if p.mode == "id" else pattern).finditer(t)
                    ),
                ]
            )
            for p, t, spans in zip(rest, texts, rest_spans, strict=True)
        ]
    out = []
    for p, spans in [*zip(prose, prose_spans, strict=True), *zip(rest, rest_spans, strict=True)]:
        for a, b, kind in spans:
            out.append(Refusal(p.file, p.where, kind, p.text[a:b], context_of(p.text, a, b)))
    for p in found:
        if p.mode == "quote":
            turn, start, last, end = p.span  # a quote across turns covers every turn between
            for f in findings.get(p.transcript, ()):
                if (f.turn, f.end) > (turn, start) and (f.turn, f.start) < (last, end):
                    out.append(Refusal(p.file, p.where, f.kind, f.text, f.context))
        elif p.mode == "transcript":
            for f in findings.get(p.transcript, ()):
                out.append(Refusal(p.file, f"turn {f.turn}", f.kind, f.text, f.context))
    return _unique(out)


def _known_pattern(known: Iterable[str]) -> re.Pattern[str]:
    """Known names as whole words, longest first, with a genitive ("Olsens", "Sarah's")."""
    alternatives = "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:s|['’]s?)?(?!\w)")


def _name_parts(names: Iterable[str], language: str) -> set[str]:
    """The words of person names that are names on their own: three letters or more, not an
    everyday word of the language, written with a capital."""
    from stc.core.names import common_words

    common = common_words(language)
    parts = {w for n in names for w in n.split()}
    return {
        w[:1].upper() + w[1:]
        for w in parts
        if len(w) >= 3 and w.isalpha() and w.casefold() not in common
    }


def _unique(refusals: Iterable[Refusal]) -> list[Refusal]:
    """One refusal per place and identifier (a quote's text and its transcript may agree)."""
    seen: dict[tuple[str, str, str, str], Refusal] = {}
    for r in refusals:
        seen.setdefault((r.file, r.where, r.kind, r.found), r)
    return list(seen.values())


# --- check problems that make an output untrustworthy --------------------------------------

_MARKER = re.compile(r"^(?:<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def blockers(study: Study, found: Sequence[Place], scope: Scope) -> list[Refusal]:
    """Problems ``stc check`` reports as errors that change what would be printed: quotes whose
    text is no longer in the transcript, references to no unit, git conflict markers."""
    out = []
    for p in found:
        if ("=======" in p.text or "<<<<<<<" in p.text) and _MARKER.search(p.text):
            out.append(
                Refusal(
                    p.file,
                    p.where,
                    "conflict-marker",
                    "",
                    "a git conflict marker (<<<<<<<, =======, >>>>>>>): resolve the merge first",
                )
            )
    quoted = {p.unit for p in found if p.mode == "quote" and p.anchored}
    for u in scope.units:
        if u.id in quoted:
            continue
        t = study.transcripts.get(u.transcript)
        if not _anchored(study, u) and (t is None or reanchor(t, u) is None):
            out.append(
                Refusal(
                    UNITS_FILE.format(u.transcript, u.coder),
                    f"unit {u.id}",
                    "stale-quote",
                    "",
                    f"its text is no longer in transcript {u.transcript} (turn {u.turn}); "
                    "`stc check` shows it — edit the unit or restore the transcript",
                )
            )
    for p in found:
        if p.field == "analytic text":
            for ref in references(p.text):
                if ref not in study.unit_index:
                    out.append(
                        Refusal(
                            p.file,
                            f"[[{ref}]]",
                            "dangling-reference",
                            "",
                            f"[[{ref}]] refers to no meaning unit; fix or remove the reference",
                        )
                    )
    return out


def not_anonymised(study: Study, scope: Scope) -> list[Refusal]:
    """Exported transcripts still marked not anonymised (imported with --force)."""
    out = []
    for tid in scope.transcripts:
        t = study.transcripts.get(tid)
        if t and not t.anonymised:
            out.append(
                Refusal(
                    TRANSCRIPT_FILE.format(tid),
                    "anonymised",
                    "not-anonymised",
                    "",
                    "marked not anonymised (imported with --force); run "
                    f"`stc anon apply {tid}` first",
                )
            )
    return out


def printed_units(study: Study, scope: Scope, syntheses: bool = True) -> tuple[MeaningUnit, ...]:
    """The units a report prints: its code groups' units and every unit its analytic texts
    reference — whatever their codes, sorted or not."""
    units = [u for gid in _groups(study, scope) for u in study.units_by_code_group.get(gid, [])]
    if syntheses:
        for gid in _groups(study, scope):
            s = study.syntheses.get(gid)
            for ref in references(s.body) if s else ():
                if ref in study.unit_index:
                    units.append(study.unit_index[ref])
    return tuple({u.id: u for u in units}.values())
