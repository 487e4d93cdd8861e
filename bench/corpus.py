"""A deterministic synthetic corpus at the size of real studies, written straight to files.

    python bench/corpus.py OUT --transcripts 54 --words 9000 --codings 8000 [--spanning 0.5]
                           [--multi-code 0.2] [--qdpx FILE]

Twelve informant groups as in the reference study, transcripts of ~``words`` words in
interviewer/respondent turns, ``codings`` meaning units over 40 codes in 8 code groups under
3 themes, 3 subgroups per code group with condensates and golden quotes, an analytic text per
code group. ``--spanning F``: that share of the units spans a question and its answer (two
turns), as codings from NVivo, ATLAS.ti or MAXQDA often do. The same seed always gives the
same bytes. `--qdpx` also writes the corpus as a
REFI-QDA project, so the same data can be loaded into other tools for side-by-side runs.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from stc.core.units import Span, span_text, unit_id
from stc.model import (
    Code,
    Codebook,
    CodeGroup,
    Condensation,
    InformantGroup,
    MeaningUnit,
    Project,
    Researcher,
    Subgroup,
    Synthesis,
    Theme,
    Transcript,
    Turn,
    UnitFile,
)
from stc.store import Workspace
from stc.study import fingerprint

GROUPS = [
    ("nav-veileder", "NAV-veileder", None, 16),
    ("arbeidstaker", "Arbeidstaker", None, 10),
    ("nav-leder", "NAV-leder", None, 4),
    ("nav-als", "NAV Arbeidslivssenter", None, 4),
    ("arbeidsgiver", "Arbeidsgiver", "Arbeidslivets parter", 4),
    ("nav-ay", "NAV Arbeid og ytelser", None, 3),
    ("fastlege", "Fastlege", None, 3),
    ("nav-fylket", "NAV Fylket", "NAV-ansatt, systemnivå", 2),
    ("nav-dir", "NAV Arbeids- og velferdsdirektoratet", "NAV-ansatt, systemnivå", 2),
    ("nav-hjelpemidler", "NAV Hjelpemidler og tilrettelegging", "NAV-ansatt, spesialenhet", 2),
    ("nav-ro", "NAV Rådgivende overlege", "NAV-ansatt, spesialenhet", 2),
    ("interesse", "Interesseorganisasjon", "Arbeidslivets parter", 2),
]
WORDS = (
    "jeg vi de det som er har var ikke med på til for at en et og i om så men når da kan skal "
    "veileder sykmeldt arbeidsgiver fastlege dialogmøte oppfølging frist plan tilrettelegging "
    "saker tid kompetanse samarbeid kontakt telefon møte jobb arbeid hjelp behov erfaring uke "
    "måned tilbake gradert aktivitet ressurser prioritere vanskelig viktig lett tidlig sent"
).split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _turn_text(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(_sentence(rng))
    return " ".join(out)


def generate(
    root: Path,
    transcripts: int = 54,
    words: int = 9000,
    codings: int = 8000,
    seed: int = 1,
    spanning: float = 0.0,
    multi_code: float = 0.0,
) -> Workspace:
    """``multi_code``: the share of meaning units that carry a second code of their group."""
    rng = random.Random(seed)
    ws = Workspace(root)
    researchers = ("ab", "cd", "ef", "gh")
    ws.save_project(
        Project(
            f"Syntetisk korpus ({transcripts} intervjuer)",
            "nb",
            researchers=tuple(Researcher(r) for r in researchers),
            groups=tuple(InformantGroup(g, label, q) for g, label, q, _ in GROUPS),
        )
    )
    # the reference study's 54 informants by group, repeated for larger corpora
    cycle = [g for g, _, _, n in GROUPS for _ in range(n)]
    all_t: list[Transcript] = []
    for i in range(transcripts):
        group = cycle[i % len(cycle)]
        turns: list[Turn] = []
        written = 0
        while written < words:
            turns.append(Turn(len(turns) + 1, "I", _sentence(rng)))
            text = _turn_text(rng, rng.randint(60, 180))
            turns.append(Turn(len(turns) + 1, "R", text))
            written += len(text.split()) + 10
        t = Transcript(f"t{i + 1:04d}", group, tuple(turns), interviewed="2025-09-01")
        ws.save_transcript(t)
        all_t.append(t)
    themes = tuple(Theme(f"tema-{k}", f"Tema {k}") for k in range(1, 4))
    groups = tuple(
        CodeGroup(f"kg-{k}", f"Kodegruppe {k}", f"tema-{k % 3 + 1}") for k in range(1, 9)
    )
    codes = tuple(
        Code(f"kode-{k:02d}", f"Kode {k}", f"kg-{(k - 1) // 5 + 1}") for k in range(1, 41)
    )
    ws.save_codebook(Codebook(themes, groups, codes))
    files: dict[tuple[str, str], list[MeaningUnit]] = {}
    used: set[tuple[str, str, Span]] = set()
    for n in range(codings):
        t = all_t[n % len(all_t)]
        coder = researchers[n % len(researchers)]
        while True:  # one coder codes a span once (stc merges a second coding of it)
            turn = rng.choice([x for x in t.turns if x.speaker == "R"])
            if spanning and rng.random() < spanning:  # the question and the start of the answer
                end = turn.text.find(" ", min(len(turn.text) - 1, rng.randint(60, 200)))
                span = Span(turn.n - 1, 0, end if end > 0 else len(turn.text), turn.n)
            else:
                start = turn.text.find(" ", rng.randrange(max(1, len(turn.text) - 120))) + 1
                span = Span(turn.n, start, min(len(turn.text), start + rng.randint(60, 200)))
            if (t.id, coder, span) not in used:
                used.add((t.id, coder, span))
                break
        key = (t.id, coder)
        taken = {u.id for u in files.get(key, [])}
        text = span_text(t, span)
        uid = unit_id(t.id, coder, span, text, taken)
        code = rng.choice(codes).id
        chosen: tuple[str, ...] = (code,)
        if multi_code and rng.random() < multi_code:  # a second code from the same group
            k = int(code[5:])
            chosen = (code, f"kode-{(k - 1) // 5 * 5 + (k % 5) + 1:02d}")
        files.setdefault(key, []).append(
            MeaningUnit(
                uid,
                t.id,
                coder,
                span.turn,
                span.start,
                span.end,
                text,
                chosen,
                "",
                to_turn=span.to_turn,
            )
        )
    for (tid, coder), units in files.items():
        ws.save_unit_file(UnitFile(tid, coder, tuple(units)))
    by_group: dict[str, list[MeaningUnit]] = {g.id: [] for g in groups}
    for units in files.values():
        for u in units:
            by_group[f"kg-{(int(u.codes[0][5:]) - 1) // 5 + 1}"].append(u)
    for g in groups:
        members = sorted(by_group[g.id], key=lambda u: u.id)
        subs = []
        for k in range(3):
            part = members[k::3]
            subs.append(
                Subgroup(
                    f"sub-{k + 1}",
                    f"Subgruppe {k + 1}",
                    tuple(u.id for u in part),
                    "Jeg " + _turn_text(rng, 60).lower(),
                    part[0].id if part else None,
                    fingerprint(part),
                )
            )
        ws.save_condensation(Condensation(g.id, tuple(subs)))
        refs = "\n\n".join(f"{_turn_text(rng, 80)}\n\n[[{s.golden}]]" for s in subs if s.golden)
        ws.save_synthesis(Synthesis(g.id, f"Overskrift {g.id}", refs))
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--transcripts", type=int, default=54)
    parser.add_argument("--words", type=int, default=9000)
    parser.add_argument("--codings", type=int, default=8000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--spanning", type=float, default=0.0, help="Share of units over 2 turns.")
    parser.add_argument(
        "--multi-code", type=float, default=0.0, help="Share of units with a second code."
    )
    parser.add_argument("--qdpx", type=Path, help="Also write the corpus as a REFI-QDA .qdpx here.")
    a = parser.parse_args()
    ws = generate(a.out, a.transcripts, a.words, a.codings, a.seed, a.spanning, a.multi_code)
    if a.qdpx:
        from stc.api import export_qdpx

        export_qdpx(ws, a.qdpx)


if __name__ == "__main__":
    main()
