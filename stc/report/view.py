"""One ReportView, built from a Study and rendered to every format.

The view holds only what a reader may see: quotes carry their attribution (informant group
label or quote_as), never a transcript id, coder or name. Unit ids stay inside the view for
internal exports only (``QuoteView.unit_id``) and no renderer prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from stc.check import attribution_problems
from stc.errors import AnonymityError, NotFound
from stc.model import MeaningUnit
from stc.report.i18n import strings
from stc.steps.condense import is_stale
from stc.steps.synthesize import REF_RE
from stc.study import Study


@dataclass(frozen=True)
class QuoteView:
    text: str
    attribution: str
    unit_id: str


@dataclass(frozen=True)
class Inline:
    text: str
    bold: bool = False
    italic: bool = False


BlockKind = Literal["p", "ul", "ol", "quote", "todo", "h"]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    inlines: tuple[Inline, ...] = ()
    items: tuple[tuple[Inline, ...], ...] = ()
    quote: QuoteView | None = None


@dataclass(frozen=True)
class SubgroupView:
    label: str
    condensate: str
    golden: QuoteView | None
    units: int
    informants: int
    stale: bool


@dataclass(frozen=True)
class CodeGroupView:
    id: str
    heading: str
    label: str
    blocks: tuple[Block, ...]
    subgroups: tuple[SubgroupView, ...]
    units: int
    informants: int


@dataclass(frozen=True)
class ThemeView:
    label: str
    description: str
    code_groups: tuple[CodeGroupView, ...]


@dataclass(frozen=True)
class BankSection:
    label: str
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class BankGroup:
    label: str
    sections: tuple[BankSection, ...]


@dataclass(frozen=True)
class CodebookRow:
    code_group: str
    code: str
    definition: str


@dataclass(frozen=True)
class ReportView:
    language: str
    s: dict[str, str]
    title: str
    subtitle: str
    authors: tuple[str, ...]
    participants: tuple[tuple[str, int], ...]
    total_informants: int
    method: tuple[Block, ...]
    questions: tuple[str, ...]
    themes: tuple[ThemeView, ...]
    bank: tuple[BankGroup, ...]
    codebook: tuple[CodebookRow, ...]
    tables: dict[str, int] = field(default_factory=dict)


# --- inline Markdown ---------------------------------------------------------------------

_INLINE = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<!\w)_(.+?)_(?!\w)")


def inlines(text: str) -> tuple[Inline, ...]:
    """Parse **bold**, *italic* and _italic_ into runs."""
    out: list[Inline] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Inline(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append(Inline(m.group(1), bold=True))
        else:
            out.append(Inline(m.group(2) or m.group(3), italic=True))
        pos = m.end()
    if pos < len(text):
        out.append(Inline(text[pos:]))
    return tuple(out)


def blocks(markdown: str, quote: dict[str, QuoteView]) -> tuple[Block, ...]:
    """Parse an analytic text: paragraphs, lists, headings and [[unit]] quote references."""
    out: list[Block] = []

    def inline_ref(m: re.Match[str]) -> str:
        q = quote.get(m.group(1))
        return f"«{q.text}» ({q.attribution})" if q else "[?]"

    for para in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.strip() for line in para.strip().split("\n")]
        if not lines or not lines[0]:
            continue
        whole = REF_RE.fullmatch(" ".join(lines))
        if whole:
            q = quote.get(whole.group(1))
            if q:
                out.append(Block("quote", quote=q))
            continue
        if all(re.match(r"^[-*+] ", line) for line in lines):
            items = tuple(inlines(REF_RE.sub(inline_ref, line[2:])) for line in lines)
            out.append(Block("ul", items=items))
        elif all(re.match(r"^\d+[.)] ", line) for line in lines):
            items = tuple(inlines(REF_RE.sub(inline_ref, line.split(" ", 1)[1])) for line in lines)
            out.append(Block("ol", items=items))
        elif lines[0].startswith("#"):
            out.append(
                Block(
                    "h",
                    inlines(
                        (lines[0].lstrip("#").strip()),
                    ),
                )
            )
        else:
            out.append(Block("p", inlines(REF_RE.sub(inline_ref, " ".join(lines)))))
    return tuple(out)


def todo(text: str) -> Block:
    return Block("todo", (Inline(text),))


# --- building the view -------------------------------------------------------------------


def _informants(study: Study, units: list[MeaningUnit]) -> int:
    """Informants who contributed: distinct speakers, so R1–R3 of a focus group count as 3."""
    speakers = set()
    for u in units:
        t = study.transcripts.get(u.transcript)
        if t and 1 <= u.turn <= len(t.turns):
            speakers.add((t.id, t.turns[u.turn - 1].speaker))
    return len(speakers)


def _dedupe(units: list[MeaningUnit]) -> list[MeaningUnit]:
    """One quote per verbatim span, whoever coded it."""
    seen: set[tuple[str, int, int, int]] = set()
    out = []
    for u in units:
        key = _span(u)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def build_view(study: Study, language: str | None = None, theme: str | None = None) -> ReportView:
    """Build the report view; refuses when an attribution would identify informants."""
    problems = attribution_problems(study)
    if problems:
        raise AnonymityError(
            "\n".join(problems), hint="the report was not written; `stc check` lists all problems"
        )
    lang = language or study.project.language
    s = strings(lang)
    quotes = {u.id: QuoteView(u.text, study.attribution(u.transcript), u.id) for u in study.units}
    tables = {"participants": 1, "codebook": 2}
    cb = study.codebook
    themes: list[ThemeView] = []
    theme_ids = [t.id for t in cb.themes] + [None]
    for tid in theme_ids:
        if theme and tid != theme:
            continue
        groups = [g for g in cb.code_groups if study.theme_of(g.id) == tid]
        if not groups:
            continue
        t = cb.theme(tid) if tid else None
        label = t.label if t else s["other_results"]
        views = tuple(_code_group_view(study, g.id, quotes, s) for g in groups)
        themes.append(ThemeView(label, t.description if t else "", views))
    participants = tuple(
        (g.label, study.informants_by_group[g.id])
        for g in study.project.groups
        if study.informants_by_group[g.id]
    )
    return ReportView(
        language=lang,
        s=s,
        title=study.project.title,
        subtitle=study.project.subtitle,
        authors=study.project.authors,
        participants=participants,
        total_informants=sum(n for _, n in participants),
        method=_method(study, s, tables),
        questions=study.project.research_questions,
        themes=tuple(themes),
        bank=_bank(study, quotes, s, theme),
        codebook=_codebook(study, s),
        tables=tables,
    )


def _code_group_view(
    study: Study, cg: str, quotes: dict[str, QuoteView], s: dict[str, str]
) -> CodeGroupView:
    group = study.codebook.code_group(cg)
    if group is None:  # callers pass code groups taken from the codebook
        raise NotFound(f"no code group {cg!r}")
    syn = study.syntheses.get(cg)
    body = (
        blocks(syn.body, quotes) if syn else (todo(s["todo_synthesis"].format(label=group.label)),)
    )
    subs: list[SubgroupView] = []
    c = study.condensations.get(cg)
    for sub in c.subgroups if c else ():
        members = study.subgroup_units(cg, sub.id)
        golden = quotes.get(sub.golden) if sub.golden else None
        subs.append(
            SubgroupView(
                sub.label,
                sub.condensate,
                golden,
                len(_dedupe(members)),
                _informants(study, members),
                is_stale(study, cg, sub),
            )
        )
    units = study.units_by_code_group.get(cg, [])
    return CodeGroupView(
        id=cg,
        heading=(syn.heading if syn and syn.heading else group.label),
        label=group.label,
        blocks=body,
        subgroups=tuple(subs),
        units=len(_dedupe(units)),
        informants=_informants(study, units),
    )


def _method(study: Study, s: dict[str, str], tables: dict[str, int]) -> tuple[Block, ...]:
    p = study.project
    cb = study.codebook
    subs = [sub for c in study.condensations.values() for sub in c.subgroups]
    counts = {
        "transcripts": len(study.transcripts),
        "informants": sum(study.informants_by_group.values()),
        "groups": sum(1 for g in p.groups if study.informants_by_group[g.id]),
        "table": tables["participants"],
        "impressions": sum(len(x.impressions) for x in study.step1),
        "themes": len(cb.themes),
        "units": len(study.units),
        "coded": len({u.transcript for u in study.units}),
        "codes": len(cb.codes),
        "code_groups": len(cb.code_groups),
        "subgroups": len(subs),
        "condensates": sum(1 for x in subs if x.condensate),
        "golden": sum(1 for x in subs if x.golden),
        "syntheses": len(study.syntheses),
    }
    out = [Block("p", inlines(s["intro"].format(**counts)))]
    researchers = [r.name or r.id for r in p.researchers]
    if researchers:
        out.append(Block("p", inlines(s["researchers"].format(researchers=", ".join(researchers)))))
    out.append(Block("p", inlines(s["analysis_intro"])))
    steps = tuple(inlines(s[f"step{i}"].format(**counts)) for i in range(1, 5))
    out.append(Block("ol", items=steps))
    merged: dict[str, list[str]] = {}
    for g in p.groups:
        if g.quote_as:
            merged.setdefault(g.quote_as, []).append(g.label)
    if merged:
        text = "; ".join(f"{', '.join(labels)} → «{q}»" for q, labels in merged.items())
        out.append(Block("p", inlines(s["anonymity"].format(min=p.min_group_size, merged=text))))
    else:
        out.append(Block("p", inlines(s["anonymity_none"])))
    return tuple(out)


def _bank(
    study: Study, quotes: dict[str, QuoteView], s: dict[str, str], theme: str | None
) -> tuple[BankGroup, ...]:
    out = []
    for g in study.codebook.code_groups:
        if theme and study.theme_of(g.id) != theme:
            continue
        units = _dedupe(study.units_by_code_group.get(g.id, []))
        if not units:
            continue
        sections = []
        placed: set[tuple[str, int, int, int]] = set()
        c = study.condensations.get(g.id)
        for sub in c.subgroups if c else ():
            members = _dedupe(study.subgroup_units(g.id, sub.id))
            placed.update(_span(u) for u in members)
            sections.append(BankSection(sub.label, tuple(quotes[u.id] for u in members)))
        rest = [u for u in units if _span(u) not in placed]
        if rest:
            sections.append(BankSection(s["unsorted_units"], tuple(quotes[u.id] for u in rest)))
        out.append(BankGroup(g.label, tuple(sections)))
    return tuple(out)


def _span(u: MeaningUnit) -> tuple[str, int, int, int]:
    return (u.transcript, u.turn, u.start, u.end)


def _codebook(study: Study, s: dict[str, str]) -> tuple[CodebookRow, ...]:
    cb = study.codebook
    rows = [
        CodebookRow(g.label, c.display, c.definition)
        for g in cb.code_groups
        for c in cb.codes_in(g.id)
    ]
    rows += [CodebookRow(s["unsorted_codes"], c.display, c.definition) for c in cb.unsorted]
    return tuple(rows)
