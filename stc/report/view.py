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
from stc.core.units import informant_words
from stc.errors import AnonymityError, FormatError
from stc.i18n import date_range, join, long_date, number, quote, strings
from stc.model import POWER_DIMENSIONS, CodeGroup, MeaningUnit, Round
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
    quoted_ids,
    todo,
)
from stc.study import Study

# the references the method section cites, in the style of Scand J Public Health
REFERENCES = (
    "Malterud K. Systematic text condensation: a strategy for qualitative analysis. "
    "Scand J Public Health. 2012;40(8):795–805. doi:10.1177/1403494812465030",
    "Malterud K, Siersma VD, Guassora AD. Sample size in qualitative interview studies: "
    "guided by information power. Qual Health Res. 2016;26(13):1753–60. "
    "doi:10.1177/1049732315617444",
)


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

    @property
    def byline(self) -> str:
        return join(list(self.authors), self.language)


Span = tuple[str, int, int, int, int]


def _span(u: MeaningUnit) -> Span:
    return (u.transcript, *u.anchor)


def _dedupe(units: Iterable[MeaningUnit]) -> list[MeaningUnit]:
    """One quote per verbatim span, whoever coded it."""
    seen: set[Span] = set()
    out = []
    for u in units:
        if _span(u) not in seen:
            seen.add(_span(u))
            out.append(u)
    return out


def _merge_overlaps(study: Study, units: list[MeaningUnit]) -> list[list[MeaningUnit]]:
    """Units grouped so that spans overlapping within one turn form one passage; a unit
    across turns is a passage of its own (it is quoted with its question)."""
    out: list[list[MeaningUnit]] = []
    ends: list[tuple[str, int, int]] = []
    for u in sorted(units, key=lambda u: (u.transcript, u.turn, u.start, u.end)):
        joins = not u.spans_turns and not out[-1][0].spans_turns if out else False
        if joins and ends[-1][:2] == (u.transcript, u.turn) and u.start < ends[-1][2]:
            out[-1].append(u)
            ends[-1] = (u.transcript, u.turn, max(ends[-1][2], u.end))
        else:
            out.append([u])
            ends.append((u.transcript, u.turn, u.end))
    return out


class _Builder:
    def __init__(
        self, study: Study, language: str, number: bool, texts: dict[str, str] | None = None
    ) -> None:
        self.study = study
        self.s = strings(language)
        self.language = language
        self.number = number
        self.texts = texts or {}
        self.translate = language != study.project.language
        self.quotes = {u.id: self._quote(u) for u in study.units}
        self.notes = Notes()
        self.tables = 0
        self.printed: set[str] = set()  # unit ids already quoted, so no quote prints twice
        self.body: list[Block] = []

    def _quote(self, u: MeaningUnit) -> QuoteView:
        """The informant's words; of a unit spanning turns, the question goes before them.
        An English report of a Norwegian study quotes the researcher's translation, or marks
        the quote as untranslated."""
        t = self.study.transcripts.get(u.transcript)
        question, said = informant_words(t, u) if t else ("", u.text)
        asked = f"{self.s['question']}: {question}" if question else ""
        attribution = self.study.attribution(u.transcript)
        if self.translate:
            if u.translation:
                said, asked = u.translation, ""
            else:
                lang = self.s[f"language_{self.study.project.language}"]
                attribution += "; " + self.s["original"].format(language=lang)
        return QuoteView(said, attribution, u.id, english=self.language == "en", question=asked)

    # helpers
    def n(self, count: int, neuter: bool = False) -> str:
        return number(count, self.language, neuter)

    def join(self, items: Iterable[str]) -> str:
        return join(list(items), self.language)

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

    def written(self, key: str, todo_key: str) -> None:
        """The researchers' own text for a chapter part, or a visible marker to write it."""
        text = self.texts.get(key, "").strip()
        if text:
            self.body.extend(parse(text, self.quotes, self.notes))
            notes = self.notes.take()
            if notes:
                self.body.append(notes)
        else:
            hint = self.s["todo_chapter_file"].format(key=key)
            self.body.append(todo(f"{self.s[todo_key]} ({hint})"))

    # chapters of the skeleton
    def summary(self, n: int) -> None:
        self.h(1, "", self.s["summary_chapter"])
        self.written("summary", "todo_summary")

    def background(self, n: int) -> None:
        p, s = self.study.project, self.s
        self.h(1, str(n), s["background"])
        self.h(2, f"{n}.1", s["background_sub"])
        self.written("background", "todo_background")
        if p.research_questions:
            self.h(2, f"{n}.2", s["questions"])
            self.body.append(self.fmt("questions_intro"))
            self.body.append(Block("ul", items=tuple((Inline(q),) for q in p.research_questions)))

    def data(self, n: int) -> None:
        st, s, p = self.study, self.s, self.study.project
        self.h(1, str(n), s["data"])
        self.h(2, f"{n}.1", s["recruitment"])
        self.written("recruitment", "todo_recruitment")
        self.h(2, f"{n}.2", s["participants"])
        groups = [
            (g, st.informants_by_group[g.id]) for g in p.groups if st.informants_by_group[g.id]
        ]
        total = sum(c for _, c in groups)
        self.body.append(
            self.fmt(
                "intro",
                interviews=self._interviews(),
                informants=self.n(total),
                groups=self.n(len(groups)),
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
        self.h(2, f"{n}.3", s["interviews"])
        facts = self._period() + self._interviewers()
        if facts:
            self.body.append(para(" ".join(facts)))
        self.written("mode", "todo_mode")
        self.h(2, f"{n}.4", s["consent"])
        self.written("consent", "todo_consent")

    def _interviews(self) -> str:
        """ "elleve individuelle intervjuer og ett fokusgruppeintervju med tre deltakere"."""
        ts = list(self.study.transcripts.values())
        single = [t for t in ts if t.informants <= 1]
        focus = [t for t in ts if t.informants > 1]
        if not focus:
            return self.s["interviews_n"].format(n=self.n(len(ts), neuter=True))
        parts = []
        if single:
            key = "individual_1" if len(single) == 1 else "individual_n"
            parts.append(self.s[key].format(n=self.n(len(single), neuter=True)))
        people = sum(t.informants for t in focus)
        if len(focus) == 1:
            parts.append(self.s["focus_1"].format(n=self.n(people)))
        else:
            parts.append(
                self.s["focus_n"].format(k=self.n(len(focus), neuter=True), n=self.n(people))
            )
        return self.join(parts)

    def _period(self) -> list[str]:
        dates = sorted(t.interviewed for t in self.study.transcripts.values() if t.interviewed)
        if not dates:
            return []
        if dates[0] == dates[-1]:
            return [self.s["period_one"].format(first=long_date(dates[0], self.language))]
        first, last = date_range(dates[0], dates[-1], self.language)
        return [self.s["period"].format(first=first, last=last)]

    def _interviewers(self) -> list[str]:
        names = {r.id: r.name or r.id for r in self.study.project.researchers}
        by = Counter(t.interviewer for t in self.study.transcripts.values() if t.interviewer)
        if not by:
            return []
        items = [f"{names.get(i, i)} ({self.n(c)})" for i, c in sorted(by.items())]
        return [self.s["interviewed_by"].format(items=self.join(items))]

    def method(self, n: int) -> None:
        st, s, p = self.study, self.s, self.study.project
        self.h(1, str(n), s["method"])
        sec = iter(range(1, 20))
        self.h(2, f"{n}.{next(sec)}", s["analysis"])
        self._analysis()
        self.h(2, f"{n}.{next(sec)}", s["preconceptions"])
        self._preconceptions()
        if p.power:
            self.h(2, f"{n}.{next(sec)}", s["power"])
            self.body.append(self._power())
        if st.decisions:
            self.h(2, f"{n}.{next(sec)}", s["decisions"])
            step_word = s["step_word"]
            items = []
            for d in st.decisions:
                date = long_date(d.date, self.language)
                when = f"{date} ({step_word} {d.step})" if d.step else date
                text = d.text.replace("\n", " ")
                items.append((Inline(f"{when}:", bold=True), Inline(" "), *emphasis(text)))
            self.body.append(Block("ul", items=tuple(items)))

    def _preconceptions(self) -> None:
        names = {r.id: r.name or r.id for r in self.study.project.researchers}
        memos = [
            (names.get(x.researcher, x.researcher), x.preconceptions) for x in self.study.step1
        ]
        memos = [(who, text.strip()) for who, text in memos if text.strip()]
        if not memos:
            self.body.append(todo(self.s["todo_preconceptions"]))
            return
        self.body.append(self.fmt("preconceptions_intro"))
        items = tuple(
            (Inline(f"{who}:", bold=True), Inline(" "), *emphasis(" ".join(text.split())))
            for who, text in memos
        )
        self.body.append(Block("ul", items=items))

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
        n = self.n
        counts = {
            "impressions": n(sum(len(x.impressions) for x in st.step1)),
            "themes": n(len(cb.themes)),
            "units": n(len(st.analysed)),
            "coded": n(len({u.transcript for u in st.analysed})),
            "codes": n(len(cb.codes)),
            "code_groups": n(len(cb.code_groups)),
            "subgroups": n(len(subs)),
            "condensates": n(sum(1 for x in subs if x.condensate)),
            "golden": n(sum(1 for x in subs if x.golden)),
            "syntheses": n(len(st.syntheses)),
        }
        names = {r.id: r.name or r.id for r in p.researchers}
        researchers = [r.name or r.id for r in p.researchers]
        if researchers:
            self.body.append(self.fmt("researchers", researchers=self.join(researchers)))
        self.body.append(self.fmt("analysis_intro"))
        step3 = s["step3"]
        if subs and not all(x.condensate and x.golden for x in subs):
            step3 += " " + s["step3_missing"]
        all_done = cb.code_groups and all(g.id in st.syntheses for g in cb.code_groups)
        step4 = s["step4"] if all_done else s["step4_some"]
        texts = [s["step1"], s["step2"], step3, step4]
        self.body.append(Block("ol", items=tuple(emphasis(t.format(**counts)) for t in texts)))
        self._counts(names)
        for r in st.assignments.rounds:
            self._round(r, names)
        for coder in st.analysed_coders if p.coding else []:
            sources = st.merged_from(coder)
            if sources:
                who = self.join(names.get(c, c) for c in sources)
                self.body.append(self.fmt("coding_consensus", coders=who))
        if not p.coding and st.coders:
            who = self.join(names.get(c, c) for c in st.coders)
            self.body.append(self.fmt("coding_by", coders=who))
        records = [r for log in st.validations for r in log.records]
        if records:
            by = Counter(r.outcome for r in records)
            self.body.append(
                self.fmt(
                    "validation",
                    n=n(len(records)),
                    confirmed=n(by["confirmed"]),
                    revised=n(by["revised"]),
                    counter=n(by["counter-example"]),
                )
            )
        merged: dict[str, list[str]] = {}
        for g in p.groups:
            if g.quote_as:
                merged.setdefault(g.quote_as, []).append(g.label)
        if merged:
            text = "; ".join(
                s["merged_as"].format(labels=self.join(labels), quote_as=q)
                for q, labels in merged.items()
            )
            self.body.append(self.fmt("anonymity", min=n(p.min_group_size), merged=text))
        else:
            self.body.append(self.fmt("anonymity_none"))

    def _counts(self, names: dict[str, str]) -> None:
        """Say why the report's unit counts differ from `stc status`, where they do."""
        st = self.study
        analysed, passages = len(st.analysed), len(_dedupe(st.analysed))
        if analysed != len(st.units):
            who = self.join(names.get(c, c) for c in st.analysed_coders)
            self.body.append(
                self.fmt("count_coding", coders=who, analysed=analysed, all=len(st.units))
            )
        if passages != analysed:
            self.body.append(self.fmt("count_shared", units=analysed, passages=passages))

    def _round(self, r: Round, names: dict[str, str]) -> None:
        """The round as the recorded assignments show it, not as its strategy label promises."""
        s = self.s
        assigned = {t: who for who, ts in r.researchers.items() for t in ts}
        steps = [str(x) for x in r.steps]
        consecutive = [int(x) for x in steps] == list(range(r.steps[0], r.steps[-1] + 1))
        step_text = (
            f"{steps[0]}–{steps[-1]}" if len(steps) > 2 and consecutive else self.join(steps)
        )
        how = s.get(f"round_{r.strategy.replace('-', '_')}", "")
        sentence = s["round"].format(
            number=r.number,
            steps=step_text,
            transcripts=self.n(len(assigned), neuter=True),
            how=how,
            among=s["among_2" if len(r.researchers) == 2 else "among_n"],
            researchers=self.join(names.get(x, x) for x in r.researchers),
        )
        out = [" ".join(sentence.split()).replace(" ,", ",")]
        if r.strategy != "random" and len(r.researchers) > 1:
            out += self._split(assigned)
        self.body.append(para(" ".join(out)))

    def _split(self, assigned: dict[str, str]) -> list[str]:
        s, st = self.s, self.study
        by_group: dict[str, set[str]] = {}
        count: Counter[str] = Counter()
        for t, who in assigned.items():
            tr = st.transcripts.get(t)
            if tr:
                by_group.setdefault(tr.group, set()).add(who)
                count[tr.group] += 1
        label = {g.id: g.label for g in st.project.groups}
        order = [g.id for g in st.project.groups if g.id in by_group]
        split = [label[g] for g in order if len(by_group[g]) > 1]
        whole = [label[g] for g in order if len(by_group[g]) == 1 and count[g] > 1]
        singles = [label[g] for g in order if count[g] == 1]

        def groups(labels: list[str]) -> str:
            key = "group_one" if len(labels) == 1 else "group_many"
            return s[key].format(labels=self.join(labels))

        out = []
        if split and not whole:
            out.append(
                s["round_split_all"]
                if not singles
                else s["round_split"].format(split=groups(split))
            )
        elif split:
            out.append(s["round_split_some"].format(split=groups(split), whole=groups(whole)))
        elif whole:
            out.append(s["round_split_none"])
        if singles and (split or whole):
            out.append(s["round_singles"].format(groups=s["groups_other"]))
        elif singles:
            out.append(s["round_singles"].format(groups=groups(singles)))
        return [x[0].upper() + x[1:] for x in out]

    def results(self, n: int) -> None:
        st, s = self.study, self.s
        self.h(1, str(n), s["results"])
        themes = self._themes()
        if not themes:
            self.body.append(todo(s["todo_results"]))
            return
        labels = [quote(label, self.language) for _, label in themes]
        key = "results_intro_1" if len(themes) == 1 else "results_intro"
        intro = [
            s[key].format(n=self.n(len(themes)), themes=self.join(labels)),
            s["results_chapters"],
        ]
        dropped = [
            quote(t.label, self.language) for t in st.codebook.themes if not self._groups(t.id)
        ]
        if dropped:
            key = "results_dropped_1" if len(dropped) == 1 else "results_dropped"
            intro.append(s[key].format(labels=self.join(dropped)))
        if self.translate and s["untranslated_note"]:
            lang = s[f"language_{st.project.language}"]
            intro.append(s["untranslated_note"].format(language=lang))
        self.body.append(para(" ".join(intro)))
        self.body.append(self.fmt("overview_intro", a=self.tables + 1, b=self.tables + 2))
        self._overview()
        self._matrix()

    def _overview(self) -> None:
        st, s = self.study, self.s
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
        t = self.table(
            "matrix_caption",
            [s["code_group"], *labels, s["total"]],
            rows,
            shade=shade,
            numeric=(False, *([True] * (len(labels) + 1))),
            note=s["heat_legend"].format(peak=peak),
        )
        passages = len(_dedupe(st.analysed))
        total = sum(row[-1][0] for row in cells)
        if total != passages:
            self.body.append(self.fmt("count_matrix", table=t.number, sum=total, passages=passages))

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

    def themes(self, first: int, only: str | None) -> int:
        """One chapter per theme; returns the next free chapter number."""
        n = first
        for n, (theme_id, label) in enumerate(self._themes(), first):
            if only and theme_id != only:
                continue
            t = self.study.codebook.theme(theme_id) if theme_id else None
            self.h(1, str(n), label)
            if t and t.description:
                self.body.append(para(t.description))
            groups = self._groups(theme_id)
            for k, g in enumerate(groups, 1):
                self._code_group(g.id, f"{n}.{k}")
            self.h(2, f"{n}.{len(groups) + 1}", self.s["summary"])
            self._theme_summary(theme_id or "other", groups)
        return n + 1 if self._themes() else first

    def _theme_summary(self, key: str, groups: list[CodeGroup]) -> None:
        text = self.texts.get(f"summary-{key}", "").strip()
        if text:
            self.body.extend(parse(text, self.quotes, self.notes))
            return
        items = []
        for g in groups:
            c = self.study.condensations.get(g.id)
            for sub in c.subgroups if c else ():
                items.append(emphasis(sub.label))
        if items:
            self.body.append(Block("ul", items=tuple(items)))
        self.body.append(todo(self.s["todo_theme_summary"].format(theme=key)))

    def _code_group(self, cg: str, number: str) -> None:
        st, s = self.study, self.s
        group = st.codebook.code_group(cg)
        label = group.label if group else cg
        syn = st.syntheses.get(cg)
        self.h(2, number, syn.heading if syn and syn.heading else label)
        if syn:
            self.body.extend(parse(syn.body, self.quotes, self.notes))
            self.printed |= quoted_ids(syn.body)
            notes = self.notes.take()
            if notes:
                self.body.append(notes)
        else:
            self.body.append(todo(s["todo_synthesis"].format(label=label)))
        c = st.condensations.get(cg)
        if not c or not c.subgroups:
            self.body.append(todo(s["todo_subgroups"]))
            return
        if not self.study.project.condensates:
            return
        self.h(4, "", s["condensates_heading"])
        for sub in c.subgroups:
            members = st.subgroup_units(cg, sub.id)
            counts = s["units_informants"].format(
                units=len(_dedupe(members)), informants=informants(st, members)
            )
            self.body.append(para(Inline(sub.label, bold=True), f" ({counts})"))
            if sub.condensate:
                self.body.append(
                    Block(
                        "condensate",
                        (
                            Inline(f"{s['condensate']}:", italic=True),
                            Inline(" "),
                            Inline(sub.condensate),
                        ),
                    )
                )
                if is_stale(st, cg, sub):
                    self.body.append(todo(s["stale"]))
            else:
                self.body.append(todo(s["todo_condensate"]))
            golden = self.quotes.get(sub.golden) if sub.golden else None
            if not golden:
                self.body.append(todo(s["todo_golden"]))
            elif golden.unit_id not in self.printed:
                self.printed.add(golden.unit_id)
                self.body.append(Block("quote", quote=golden))

    def closing(self, key: str, n: int) -> None:
        self.h(1, str(n), self.s[key])
        self.written(key, f"todo_{key}")

    def references(self) -> None:
        self.h(1, "", self.s["references"])
        extra = [
            line.strip()
            for line in self.texts.get("references", "").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        entries = sorted({*REFERENCES, *(x.lstrip("-* ").strip() for x in extra)})
        self.body.extend(para(*emphasis(e)) for e in entries)

    def appendices(self, quote_bank: bool) -> None:
        st, s = self.study, self.s
        if quote_bank:
            self._quote_bank()
        self.h(1, "", s["codebook"].format(letter="B" if quote_bank else "A"))
        cb = st.codebook
        rows = [
            [g.label, c.display, c.definition] for g in cb.code_groups for c in cb.codes_in(g.id)
        ]
        rows += [[s["unsorted_codes"], c.display, c.definition] for c in cb.unsorted]
        self.table("codebook_caption", [s["code_group"], s["code"], s["definition"]], rows)

    def _quote_bank(self) -> None:
        st, s = self.study, self.s
        self.h(1, "", s["quote_bank"].format(letter="A"))
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
                for passage in _merge_overlaps(st, members):
                    self.body.append(Block("quote", quote=self._passage(passage)))

    def _passage(self, units: list[MeaningUnit]) -> QuoteView:
        """Overlapping units of one turn as one quote: the turn's text from first to last."""
        if len(units) == 1:
            return self.quotes[units[0].id]
        first = units[0]
        t = self.study.transcripts.get(first.transcript)
        end = max(u.end for u in units)
        turn = t.turns[first.turn - 1].text if t and 1 <= first.turn <= len(t.turns) else ""
        if not turn or end > len(turn) or self.translate:
            return self.quotes[max(units, key=lambda u: u.end - u.start).id]
        q = self.quotes[first.id]
        return QuoteView(turn[first.start : end].strip(), q.attribution, q.unit_id, q.english)


def build_view(
    study: Study,
    language: str | None = None,
    theme: str | None = None,
    texts: dict[str, str] | None = None,
    quote_bank: bool = True,
) -> ReportView:
    """Build the report (or one theme's chapter); refuses attributions that would identify.

    ``texts`` are the chapters the researchers wrote (templates/chapters/<key>.md); every
    chapter of the skeleton without one carries a visible marker to write it.
    """
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
    b = _Builder(study, language or p.language, p.number_headings, texts)
    chapters = p.chapters
    if theme is not None:
        n = (
            1 + sum(1 for c in chapters[: chapters.index("results")] if c in _NUMBERED)
            if "results" in chapters
            else 1
        )
        b.themes(n + 1, theme)
    else:
        n = 1
        for key in chapters:
            if key == "summary":
                b.summary(n)
            elif key == "references":
                b.references()
            elif key == "appendices":
                b.appendices(quote_bank)
            elif key == "results":
                b.results(n)
                n = b.themes(n + 1, None)
            elif key in ("discussion", "conclusion"):
                b.closing(key, n)
                n += 1
            else:
                getattr(b, key)(n)
                n += 1
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


_NUMBERED = ("background", "data", "method")
