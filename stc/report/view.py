"""One ReportView, built from a Study and rendered to every format.

The view is a flat sequence of blocks (headings, paragraphs, lists, quotes, tables, notes)
that every renderer walks in order, so Markdown, HTML and DOCX carry the same content. It
holds only what a reader may see: quotes carry their attribution (informant group label or
``quote_as``), never a transcript id, coder or name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from stc.core.check import attribution_problems, report_blockers
from stc.core.condense import is_stale
from stc.core.quotes import informants
from stc.errors import AnonymityError, FormatError
from stc.i18n import strings
from stc.model import POWER_DIMENSIONS, CodeGroup, MeaningUnit
from stc.report.markup import (
    Block,
    Inline,
    Notes,
    QuoteView,
    TableView,
    emphasis,
    heading,
    para,
    parse,
    todo,
)
from stc.study import Study


@dataclass(frozen=True)
class ReportView:
    language: str
    s: dict[str, str]
    title: str
    subtitle: str
    authors: tuple[str, ...]
    institution: str
    body: tuple[Block, ...]
    chapter: str | None = None  # the theme id when the view is one chapter


Span = tuple[str, int, int, int]


def _span(u: MeaningUnit) -> Span:
    return (u.transcript, u.turn, u.start, u.end)


def _dedupe(units: Iterable[MeaningUnit]) -> list[MeaningUnit]:
    """One quote per verbatim span, whoever coded it."""
    seen: set[Span] = set()
    out = []
    for u in units:
        if _span(u) not in seen:
            seen.add(_span(u))
            out.append(u)
    return out


class _Builder:
    def __init__(self, study: Study, language: str, number: bool) -> None:
        self.study = study
        self.s = strings(language)
        self.language = language
        self.number = number
        self.quotes = {
            u.id: QuoteView(u.text, study.attribution(u.transcript), u.id) for u in study.units
        }
        self.notes = Notes()
        self.tables = 0
        self.body: list[Block] = []

    # helpers
    def h(self, level: int, number: str, text: str) -> None:
        self.body.append(heading(level, number if self.number else "", text))

    def table(
        self, caption_key: str, header: Iterable[str], rows: Iterable[Iterable[str]], **kw: object
    ) -> TableView:
        self.tables += 1
        caption = self.s[caption_key].format(n=self.tables)
        t = TableView(self.tables, caption, tuple(header), tuple(tuple(r) for r in rows), **kw)  # type: ignore[arg-type]
        self.body.append(Block("table", table=t))
        return t

    def fmt(self, key: str, **values: object) -> Block:
        return Block("p", emphasis(self.s[key].format(**values)))

    # chapters
    def method(self, n: int) -> None:
        st, s, p = self.study, self.s, self.study.project
        self.h(1, str(n), s["method"])
        sec = iter(range(1, 20))
        if p.research_questions:
            self.h(2, f"{n}.{next(sec)}", s["questions"])
            self.body.append(Block("ul", items=tuple((Inline(q),) for q in p.research_questions)))
        self.h(2, f"{n}.{next(sec)}", s["participants"])
        groups = [
            (g, st.informants_by_group[g.id]) for g in p.groups if st.informants_by_group[g.id]
        ]
        total = sum(c for _, c in groups)
        self.body.append(
            self.fmt(
                "intro",
                transcripts=len(st.transcripts),
                informants=total,
                groups=len(groups),
                table=self.tables + 1,
            )
        )
        rows = [[g.label, str(c)] for g, c in groups] + [[s["total"], str(total)]]
        self.table(
            "participants_caption",
            [s["group"], s["count"]],
            rows,
            total_row=True,
            numeric=(False, True),
        )
        if p.power:
            self.h(2, f"{n}.{next(sec)}", s["power"])
            self.body.append(self._power())
        self.h(2, f"{n}.{next(sec)}", s["analysis"])
        self._analysis()
        if st.decisions:
            self.h(2, f"{n}.{next(sec)}", s["decisions"])
            step_word = s["step_word"]
            items = []
            for d in st.decisions:
                when = f"{d.date} ({step_word} {d.step})" if d.step else d.date
                text = d.text.replace("\n", " ")
                items.append((Inline(f"{when}:", bold=True), Inline(" "), *emphasis(text)))
            self.body.append(Block("ul", items=tuple(items)))

    def _power(self) -> Block:
        s, power = self.s, self.study.project.power
        parts = [
            f"{s['power_' + dim]}: {s['power_' + power[dim]]}"
            for dim in POWER_DIMENSIONS
            if power.get(dim)
        ]
        text = s["power_intro"].format(items="; ".join(parts))
        if power.get("notes"):
            text += " " + power["notes"]
        return Block("p", emphasis(text))

    def _analysis(self) -> None:
        st, s, p = self.study, self.s, self.study.project
        cb = st.codebook
        subs = [sub for c in st.condensations.values() for sub in c.subgroups]
        counts = {
            "impressions": sum(len(x.impressions) for x in st.step1),
            "themes": len(cb.themes),
            "units": len(_dedupe(st.analysed)),
            "coded": len({u.transcript for u in st.analysed}),
            "codes": len(cb.codes),
            "code_groups": len(cb.code_groups),
            "subgroups": len(subs),
            "condensates": sum(1 for x in subs if x.condensate),
            "golden": sum(1 for x in subs if x.golden),
            "syntheses": len(st.syntheses),
        }
        researchers = [r.name or r.id for r in p.researchers]
        if researchers:
            self.body.append(self.fmt("researchers", researchers=", ".join(researchers)))
        self.body.append(self.fmt("analysis_intro"))
        steps = tuple(emphasis(s[f"step{i}"].format(**counts)) for i in range(1, 5))
        self.body.append(Block("ol", items=steps))
        for r in st.assignments.rounds:
            n_t = len({t for ts in r.researchers.values() for t in ts})
            how = s[f"round_{r.strategy.replace('-', '_')}"]
            steps_text = ", ".join(str(x) for x in r.steps)
            self.body.append(
                self.fmt(
                    "round",
                    number=r.number,
                    transcripts=n_t,
                    researchers=len(r.researchers),
                    how=how,
                    steps=steps_text,
                )
            )
        names = {r.id: r.name or r.id for r in p.researchers}
        for coder in st.analysed_coders if p.coding else []:
            sources = st.merged_from(coder)
            if sources:
                who = ", ".join(names.get(c, c) for c in sources)
                self.body.append(self.fmt("coding_consensus", coders=who))
        if not p.coding and st.coders:
            who = ", ".join(names.get(c, c) for c in st.coders)
            self.body.append(self.fmt("coding_by", coders=who))
        records = [r for log in st.validations for r in log.records]
        if records:
            by = Counter(r.outcome for r in records)
            self.body.append(
                self.fmt(
                    "validation",
                    n=len(records),
                    confirmed=by["confirmed"],
                    revised=by["revised"],
                    counter=by["counter-example"],
                )
            )
        merged: dict[str, list[str]] = {}
        for g in p.groups:
            if g.quote_as:
                merged.setdefault(g.quote_as, []).append(g.label)
        if merged:
            text = "; ".join(f"{', '.join(labels)} → «{q}»" for q, labels in merged.items())
            self.body.append(self.fmt("anonymity", min=p.min_group_size, merged=text))
        else:
            self.body.append(self.fmt("anonymity_none"))

    def overview(self, n: int) -> None:
        st, s = self.study, self.s
        self.h(1, str(n), s["overview"])
        self.body.append(self.fmt("overview_intro", a=self.tables + 1, b=self.tables + 2))
        rows = []
        for theme_id, label in self._themes():
            for g in self._groups(theme_id):
                c = st.condensations.get(g.id)
                subs = c.subgroups if c else ()
                for sub in subs or (None,):
                    members = (
                        st.subgroup_units(g.id, sub.id) if sub else st.units_by_code_group[g.id]
                    )
                    rows.append(
                        [label, g.label, sub.label if sub else "–", str(informants(st, members))]
                    )
        for i in range(len(rows) - 1, 0, -1):  # a label is shown once, where its rows begin
            for col in (1, 0):
                if rows[i][: col + 1] == rows[i - 1][: col + 1]:
                    rows[i][col] = ""
        header = [s["theme"], s["code_group"], s["subgroup"], s["informants"]]
        self.table("overview_caption", header, rows, numeric=(False, False, False, True))
        self._matrix()

    def _matrix(self) -> None:
        st, s = self.study, self.s
        labels = list(
            dict.fromkeys(g.attribution for g in st.project.groups if st.informants_by_group[g.id])
        )
        cells: list[list[tuple[int, int]]] = []
        for g in st.codebook.code_groups:
            units = _dedupe(st.units_by_code_group.get(g.id, []))
            row = []
            for label in labels:
                mine = [u for u in units if st.attribution(u.transcript) == label]
                row.append((len(mine), informants(st, mine)))
            row.append((len(units), informants(st, units)))
            cells.append(row)
        peak = max((u for row in cells for u, _ in row[:-1]), default=0) or 1
        rows = [
            [g.label] + [f"{u} ({i})" if u else "–" for u, i in row]
            for g, row in zip(st.codebook.code_groups, cells, strict=True)
        ]
        shade = tuple((None, *(u / peak for u, _ in row[:-1]), None) for row in cells)
        self.table(
            "matrix_caption",
            [s["code_group"], *labels, s["total"]],
            rows,
            shade=shade,
            numeric=(False, *([True] * (len(labels) + 1))),
        )

    def _themes(self) -> list[tuple[str | None, str]]:
        cb = self.study.codebook
        out: list[tuple[str | None, str]] = [
            (t.id, t.label) for t in cb.themes if self._groups(t.id)
        ]
        if self._groups(None):
            out.append((None, self.s["other_results"]))
        return out

    def _groups(self, theme_id: str | None) -> list[CodeGroup]:
        return [g for g in self.study.codebook.code_groups if self.study.theme_of(g.id) == theme_id]

    def results(self, first: int, only: str | None) -> None:
        themes = self._themes()
        if not themes and not only:
            self.h(1, str(first), self.s["results"])
            self.body.append(todo(self.s["todo_results"]))
        for n, (theme_id, label) in enumerate(themes, first):
            if only and theme_id != only:
                continue
            t = self.study.codebook.theme(theme_id) if theme_id else None
            self.h(1, str(n), label)
            if t and t.description:
                self.body.append(para(t.description))
            for k, g in enumerate(self._groups(theme_id), 1):
                self._code_group(g.id, f"{n}.{k}")

    def _code_group(self, cg: str, number: str) -> None:
        st, s = self.study, self.s
        group = st.codebook.code_group(cg)
        label = group.label if group else cg
        syn = st.syntheses.get(cg)
        self.h(2, number, syn.heading if syn and syn.heading else label)
        if syn:
            self.body.extend(parse(syn.body, self.quotes, self.notes))
            notes = self.notes.take()
            if notes:
                self.body.append(notes)
        else:
            self.body.append(todo(s["todo_synthesis"].format(label=label)))
        self.h(3, f"{number}.1", f"{s['summary']}: {label}")
        c = st.condensations.get(cg)
        if not c or not c.subgroups:
            self.body.append(todo(s["todo_subgroups"]))
            return
        for sub in c.subgroups:
            members = st.subgroup_units(cg, sub.id)
            counts = s["units_informants"].format(
                units=len(_dedupe(members)), informants=informants(st, members)
            )
            self.body.append(para(Inline(sub.label, bold=True), f" ({counts})"))
            if sub.condensate:
                self.body.append(para(Inline(f"{s['condensate']}: ", italic=True), sub.condensate))
                if is_stale(st, cg, sub):
                    self.body.append(todo(s["stale"]))
            else:
                self.body.append(todo(s["todo_condensate"]))
            golden = self.quotes.get(sub.golden) if sub.golden else None
            self.body.append(Block("quote", quote=golden) if golden else todo(s["todo_golden"]))

    def appendices(self) -> None:
        st, s = self.study, self.s
        self.h(1, "", s["quote_bank"])
        self.body.append(self.fmt("quote_bank_intro"))
        for g in st.codebook.code_groups:
            units = _dedupe(st.units_by_code_group.get(g.id, []))
            if not units:
                continue
            self.h(2, "", g.label)
            placed: set[Span] = set()
            c = st.condensations.get(g.id)
            sections = []
            for sub in c.subgroups if c else ():
                members = _dedupe(st.subgroup_units(g.id, sub.id))
                placed.update(_span(u) for u in members)
                sections.append((sub.label, members))
            rest = [u for u in units if _span(u) not in placed]
            if rest:
                sections.append((s["unsorted_units"], rest))
            for label, members in sections:
                self.h(3, "", label)
                self.body.extend(Block("quote", quote=self.quotes[u.id]) for u in members)
        self.h(1, "", s["codebook"])
        cb = st.codebook
        rows = [
            [g.label, c.display, c.definition] for g in cb.code_groups for c in cb.codes_in(g.id)
        ]
        rows += [[s["unsorted_codes"], c.display, c.definition] for c in cb.unsorted]
        self.table("codebook_caption", [s["code_group"], s["code"], s["definition"]], rows)


def build_view(study: Study, language: str | None = None, theme: str | None = None) -> ReportView:
    """Build the report (or one theme's chapter); refuses attributions that would identify."""
    problems = attribution_problems(study)
    if problems:
        raise AnonymityError(
            "\n".join(problems), hint="the report was not written; `stc check` lists all problems"
        )
    blockers = report_blockers(study)
    if blockers:
        shown = "\n".join(f"  {p}" for p in blockers[:5])
        more = f"\n  … and {len(blockers) - 5} more" if len(blockers) > 5 else ""
        raise FormatError(
            f"the report would print wrong text while these errors stand:\n{shown}{more}",
            hint="fix them (`stc check` lists every problem), then render the report again",
        )
    p = study.project
    b = _Builder(study, language or p.language, p.number_headings)
    if theme is None:
        b.method(1)
        b.overview(2)
        b.results(3, None)
        b.appendices()
    else:
        b.results(3, theme)
    return ReportView(
        language=b.language,
        s=b.s,
        title=p.title,
        subtitle=p.subtitle,
        authors=p.authors,
        institution=p.institution,
        body=tuple(b.body),
        chapter=theme,
    )
