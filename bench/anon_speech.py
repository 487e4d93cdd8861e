"""A labelled evaluation set that looks like real interview speech, in nb and en.

Written for stc, never taken from interviews: turns are built from spoken-language templates
with hesitations, false starts, discourse words, ellipses and dashes, reported speech, numbered
speaker habits, the placeholders pseudonymised transcripts already use (`Company 1`, `[navn]`,
`Person A`, `XX`), public bodies and product names — and, in the "planted" half, identifiers of
every kind in every sentence position (sentence-initial, turn-initial, after a filler, inside
reported speech). Person names come from two sources: the name lists stc's lexicon is built
from, and names from locales outside that lexicon (Finnish, Italian, Spanish, Dutch), so the
recall figure does not only measure the lexicon.

Run `python bench/anon.py` to see the tables; `--write` puts them in docs/anonymisation.md.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

try:
    from anon_eval import Sample, _Builder, fake_national_id, fake_phone
except ImportError:  # imported as bench.anon_speech (the tests)
    from bench.anon_eval import Sample, _Builder, fake_national_id, fake_phone

from stc.core.anon import Scanner, propagate_names

NB_FILLERS = ["Eh,", "Ehm,", "Ja,", "Altså,", "Nei, altså", "Ja, nei,", "Øh,", "Liksom,", "Så,"]
EN_FILLERS = ["Uh,", "Um,", "So,", "Yeah,", "Like,", "Well,", "Uh, so,", "Yeah, yeah.", "Right,"]

NB_CLEAN = [
    "vi har jo for mange saker, og det er liksom ikke tid til å ringe alle før fristen",
    "det er jo sånn at Arbeid og ytelser tar seg av det, og vi i NAV-kontoret følger opp",
    "jeg – jeg tror egentlig at dialogmøtet kommer for sent, altså",
    "hun sa «dette må vi ta opp igjen», og så ble det bare med det",
    "Company 1 hadde ikke noe opplegg for tilrettelegging i det hele tatt",
    "[navn] ringte meg, og jeg skjønte at det var alvorlig",
    "vi bruker Teams til møtene nå, og det fungerer greit … stort sett",
    "Person A og Person B var med på møtet, og XX fra arbeidsgiversiden",
    "Arbeidslivssenteret kom inn ganske tidlig, det var bra",
    "fastlegen skrev bare sykmelding, men – eh – ingen dialog med oss",
    "det var i uke 12, tror jeg, kanskje kl. 14.30, og det kostet kr 12 500",
    "School 2 hadde egentlig en veldig god rutine, sånn sett",
    "Helsedirektoratet har jo retningslinjer, men de leses ikke",
    "så sa jeg at «nei, dette går ikke», liksom",
    "NAV Arbeid og ytelser behandler sakene, og vi – vi venter",
    "Ja. Nei. Altså, det er vanskelig å si",
    "vi hadde et møte med [arbeidsgiver] og Statsforvalteren om det",
    "Mandag og fredag er det fullt, i januar er det verst",
]
EN_CLEAN = [
    "we have, uh, way too many cases and there's like no time to call everyone",
    "So the team at Company 1 just, you know, didn't have a plan for that",
    "I – I think the meeting comes too late, honestly",
    'she said "we need to take this up again", and that was it',
    "we moved everything to Azure DevOps and then AutoML for the models",
    "[name] called me and I realised it was serious",
    "we use Teams for the meetings now and it's fine … mostly",
    "Person A and Person B were there, and XX from the employer side",
    "Um, yeah, the GP just wrote the sick note, no dialogue with us",
    "it was in week 12, I think, maybe at 14.30, and it cost 12 500 kroner",
    "School 2 actually had a really good routine for that",
    "Uh, so, yeah, go ahead",
    "Like, Um, the thing is – the thing is we never heard back",
    "Yeah. No. Well, it's hard to say",
    "Monday and Friday are full, January is the worst",
    "and then Client 3 asked for the numbers again",
    "so, uh, So what we did was, uh, just wait",
    "Right, right. And, um, Okay, so the second question",
]
NB_OUT = ["Mikko", "Giulia", "Javier", "Sanne", "Aino", "Matteo", "Lucía", "Daan"]
NB_OUT_LAST = ["Virtanen", "Rossi", "García", "de Vries", "Korhonen", "Bianchi", "Jansen"]
NB_NAMES = ["Kari", "Ola", "Ingrid", "Lars", "Berit", "Stig", "Ahmed", "Fatima", "Sigrid"]
NB_LAST = ["Nordmann", "Hansen", "Johansen", "Olsen", "Berg", "Haugen", "Bakke", "Lunde"]
EN_NAMES = ["Sarah", "James", "Emily", "Michael", "Aisha", "David", "Claire", "Tom"]
EN_LAST = ["Thompson", "Walker", "Patel", "Hughes", "Morgan", "Kelly", "Evans", "Reid"]
STREETS = ["Storgata", "Kirkeveien", "Fjellveien", "Parkveien"]
PLACES = ["Tromsø", "Bodø", "Hamar", "Molde"]


@dataclass
class Transcript:
    language: str
    turns: list[Sample] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(len(t.text.split()) for t in self.turns)


def _clean_turn(rng: random.Random, language: str) -> Sample:
    fillers, lines = (NB_FILLERS, NB_CLEAN) if language == "nb" else (EN_FILLERS, EN_CLEAN)
    b = _Builder()
    for i in range(rng.randint(2, 4)):
        if i:
            b.add(" ")
        if rng.random() < 0.5:
            b.add(rng.choice(fillers) + " ")
        line = rng.choice(lines)
        b.add(line[0].upper() + line[1:] if rng.random() < 0.6 else line)
        b.add(rng.choice([".", ".", " …", "?"]))
    return b.sample()


def _person(rng: random.Random, language: str) -> str:
    inside = rng.random() < 0.7
    if language == "nb":
        first, last = (NB_NAMES, NB_LAST) if inside else (NB_OUT, NB_OUT_LAST)
    else:
        first, last = (EN_NAMES, EN_LAST) if inside else (NB_OUT, NB_OUT_LAST)
    return rng.choice(first) if rng.random() < 0.4 else f"{rng.choice(first)} {rng.choice(last)}"


def _planted_turn(rng: random.Random, language: str) -> Sample:
    nb = language == "nb"
    b = _Builder()
    filler = rng.choice(NB_FILLERS if nb else EN_FILLERS)
    shape = rng.randrange(9)
    name = _person(rng, language)
    if shape == 0:  # turn-initial and sentence-initial name
        b.add(name, "name").add(
            " ringte meg i går, og det var jo greit."
            if nb
            else " called me yesterday, which was fine."
        )
    elif shape == 1:  # after a filler
        b.add(filler + " ").add(name, "name").add(
            " sa at vi måtte vente." if nb else " said we had to wait."
        )
    elif shape == 2:  # mid-sentence with a cue
        b.add("Jeg snakket med kollegaen min " if nb else "I talked to my colleague ").add(
            name, "name"
        ).add(" om det.")
    elif shape == 3:  # reported speech
        b.add("Hun sa «" if nb else 'She said "').add(name, "name").add(
            " tar det»." if nb else ' will handle it".'
        )
    elif shape == 4:  # phone and e-mail
        b.add("Ring meg på " if nb else "Call me on ").add(fake_phone(rng), "phone")
        b.add(" eller skriv til " if nb else " or write to ").add(
            f"{name.split()[0].lower()}@example.no", "email"
        ).add(".")
    elif shape == 5:  # national id and date of birth
        b.add("Fødselsnummeret er " if nb else "My national ID is ").add(
            fake_national_id(rng), "national-id"
        )
        b.add(", født " if nb else ", born ").add(
            f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.19{rng.randint(50, 99)}", "date-of-birth"
        ).add(".")
    elif shape == 6:  # address and postcode
        b.add("Jeg bor i " if nb else "I live at ").add(
            f"{rng.choice(STREETS)} {rng.randint(1, 90)}", "address"
        )
        b.add(", ").add(f"{rng.randint(1000, 9999)} {rng.choice(PLACES)}", "postcode").add(".")
    elif shape == 7:  # url
        b.add("Det står på " if nb else "It is on ").add(
            f"www.{name.split()[0].lower()}-hjelp.no", "url"
        ).add(".")
    else:  # false start, then the name twice
        b.add("Jeg – jeg sa til " if nb else "I – I told ").add(name, "name").add(
            ", ja, " if nb else ", yeah, "
        ).add(name, "name").add(" skjønte det." if nb else " got it.")
    return b.sample()


def speech_set(seed: int = 11, words: int = 24_000) -> tuple[list[Transcript], list[Transcript]]:
    """(clean, planted): already-pseudonymised speech, and speech with planted identifiers."""
    rng = random.Random(seed)
    clean: list[Transcript] = []
    planted: list[Transcript] = []
    total = 0
    while total < words:
        for language in ("nb", "en"):
            c = Transcript(language, [_clean_turn(rng, language) for _ in range(40)])
            p = Transcript(
                language,
                [
                    _planted_turn(rng, language) if i % 2 else _clean_turn(rng, language)
                    for i in range(40)
                ],
            )
            clean.append(c)
            planted.append(p)
            total += c.words + p.words
    return clean, planted


@dataclass
class Result:
    kind: str
    planted: int = 0
    found: int = 0
    flagged: int = 0
    correct: int = 0


def run(transcripts: list[Transcript]) -> tuple[dict[str, Result], int, int]:
    """Scan every transcript on its own, apply the workspace-wide name rule, and score:
    per kind recall and precision; the number of false findings; the number of words."""
    results: dict[str, Result] = {}
    false = 0
    by_language: dict[str, list[Transcript]] = {}
    for t in transcripts:
        by_language.setdefault(t.language, []).append(t)
    for language, group in by_language.items():
        scanner = Scanner(language)
        texts = [turn.text for t in group for turn in t.turns]
        own = [spans for t in group for spans in scanner.scan_scored([x.text for x in t.turns])]
        found = propagate_names(texts, own)
        samples = [turn for t in group for turn in t.turns]
        for sample, spans in zip(samples, found, strict=True):
            for a, b, kind in sample.gold:
                r = results.setdefault(kind, Result(kind))
                r.planted += 1
                r.found += any(f[0] < b and f[1] > a for f in spans)
            for a, b, kind, _ in spans:
                r = results.setdefault(kind, Result(kind))
                r.flagged += 1
                ok = any(g[0] < b and g[1] > a for g in sample.gold)
                r.correct += ok
                false += not ok
    return results, false, sum(t.words for t in transcripts)


def tables(seed: int = 11) -> str:
    clean, planted = speech_set(seed)
    _, false_clean, words_clean = run(clean)
    scores, _, _ = run(planted)
    lines = [
        f"Already-pseudonymised speech: {words_clean:,} words, {false_clean} false findings "
        f"({1000 * false_clean / words_clean:.2f} per 1,000 words).",
        "",
        f"Speech with planted identifiers ({sum(t.words for t in planted):,} words):",
        "",
        "| kind | planted | found | recall | flagged | correct | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in sorted(scores.values(), key=lambda r: r.kind):
        recall = r.found / r.planted if r.planted else 1.0
        precision = r.correct / r.flagged if r.flagged else 1.0
        lines.append(
            f"| {r.kind} | {r.planted} | {r.found} | {recall:.2f} | {r.flagged} | "
            f"{r.correct} | {precision:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(tables())
