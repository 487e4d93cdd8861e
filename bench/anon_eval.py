"""A labelled synthetic test set for the identifier scanner, and its evaluation.

Every sentence is written for this purpose; names, numbers and addresses are invented.
National identity numbers are synthetic test numbers (month + 80), which no person holds.
Look-alikes that must not be flagged are planted beside the identifiers: 11-digit account
numbers, organisations on the allow-list, sentence-initial capitals, amounts, years, times.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from stc.core.anon import STRUCTURED as STRUCTURED_KINDS
from stc.core.anon import Identifier, Scanner, propagate_names

__all__ = ["STRUCTURED_KINDS", "Sample", "Score", "evaluate", "labelled_set", "table"]

FIRST = [
    "Kari",
    "Ola",
    "Ingrid",
    "Per",
    "Marit",
    "Jonas",
    "Sofie",
    "Emil",
    "Hilde",
    "Arne",
    "Lise",
    "Tore",
    "Anna",
    "Jakob",
    "Nora",
    "Henrik",
    "Sara",
    "Lars",
    "Eva",
    "Magnus",
]
LAST = [
    "Nordmann",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Berg",
    "Haugen",
    "Dahl",
    "Lunde",
    "Strand",
    "Moen",
    "Solheim",
    "Eide",
    "Brekke",
    "Vik",
]
STREETS = [
    "Storgata",
    "Kirkeveien",
    "Parkveien",
    "Skolegata",
    "Elvebakken",
    "Sjøgata",
    "Granstien",
    "Bjørkeveien",
    "Torggata",
    "Fjordgata",
]
PLACES = ["Tromsø", "Bodø", "Hamar", "Molde", "Gjøvik", "Lillehammer", "Kongsberg", "Harstad"]
EMPLOYERS = ["Byggmester Hansen AS", "Fjordtransport", "Kystbakeriet", "Solbakken sykehjem"]
ALLOWED = ["NAV", "Arbeidslivssenter", "Arbeidstilsynet", "Helsedirektoratet", "Teams"]


def fake_national_id(rng: random.Random, d_number: bool = False) -> str:
    """A synthetic 11-digit number with valid check digits (month + 80: test numbers only)."""
    while True:
        day = rng.randint(1, 28) + (40 if d_number else 0)
        month = rng.randint(1, 12) + 80
        digits = f"{day:02d}{month:02d}{rng.randint(0, 99):02d}{rng.randint(0, 499):03d}"
        d = [int(c) for c in digits]
        k1 = (
            11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=True)) % 11
        ) % 11
        if k1 == 10:
            continue
        d.append(k1)
        k2 = (
            11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d, strict=True)) % 11
        ) % 11
        if k2 == 10:
            continue
        return digits + str(k1) + str(k2)


def fake_account(rng: random.Random) -> str:
    from stc.core.anon import valid_national_id

    while True:
        n = f"{rng.randint(1000, 9999)}{rng.randint(10, 99)}{rng.randint(10000, 99999)}"
        if not valid_national_id(n):
            return n


def fake_phone(rng: random.Random) -> str:
    n = f"{rng.choice('49')}{rng.randint(1000000, 9999999)}"
    style = rng.randrange(5)
    if style == 0:
        return n
    if style == 1:
        return f"{n[:3]} {n[3:5]} {n[5:]}"
    if style == 2:
        return f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}"
    if style == 3:
        return f"+47 {n}"
    return f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


@dataclass
class Sample:
    text: str
    gold: list[tuple[int, int, str]] = field(default_factory=list)


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.gold: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, text: str, kind: str | None = None) -> _Builder:
        if kind:
            self.gold.append((self.pos, self.pos + len(text), kind))
        self.parts.append(text)
        self.pos += len(text)
        return self

    def sample(self) -> Sample:
        return Sample("".join(self.parts), self.gold)


def _nb(rng: random.Random, listed: list[str]) -> list[Sample]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    first = rng.choice(FIRST)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    post = f"{rng.randint(1000, 9899):04d} {rng.choice(PLACES)}"
    email = f"{first.lower()}.{rng.choice(LAST).lower()}@example.no"
    return [
        _Builder().add("Jeg snakket med ").add(name, "name").add(" om planen i går.").sample(),
        _Builder().add("Hun sa at ").add(first, "name").add(" hadde ringt fra kontoret.").sample(),
        _Builder()
        .add("Du kan ringe meg på ")
        .add(fake_phone(rng), "phone")
        .add(" etter klokka fire.")
        .sample(),
        _Builder().add("Send det til ").add(email, "email").add(", så svarer jeg.").sample(),
        _Builder()
        .add("Skjemaet ligger på ")
        .add(f"https://www.example.no/skjema/{rng.randint(1, 99)}", "url")
        .add(".")
        .sample(),
        _Builder()
        .add("Fødselsnummeret mitt er ")
        .add(fake_national_id(rng), "national-id")
        .add(", står det.")
        .sample(),
        _Builder()
        .add("D-nummeret var ")
        .add(fake_national_id(rng, True), "national-id")
        .add(" den gangen.")
        .sample(),
        _Builder()
        .add("Jeg er født ")
        .add(
            f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.19{rng.randint(50, 99)}",
            "date-of-birth",
        )
        .add(" og har jobbet lenge.")
        .sample(),
        _Builder().add("Vi bodde i ").add(street, "address").add(" i mange år.").sample(),
        _Builder().add("Adressen er ").add(post, "postcode").add(", tror jeg.").sample(),
        _Builder()
        .add("Jeg jobbet hos ")
        .add(listed[0], "identifier")
        .add(" før jeg ble syk.")
        .sample(),
        # look-alikes: nothing here may be flagged
        _Builder()
        .add(
            f"Kontonummeret er {fake_account(rng)}, og saksnummeret 2023/{rng.randint(1000, 9999)}."
        )
        .sample(),
        _Builder()
        .add(f"{rng.choice(ALLOWED)} hadde møte med Arbeidstilsynet klokka 14.30.")
        .sample(),
        _Builder()
        .add(
            f"Det kostet kr {rng.randint(10, 99)} 500 i {rng.randint(2015, 2024)}, og det var 40 prosent."
        )
        .sample(),
        _Builder().add("Men så skjedde det noe. Etterpå gikk det bedre.").sample(),
    ]


def _hard(rng: random.Random) -> list[Sample]:
    """Cases the scanner is known to find hard; labelled as a careful reader would."""
    first = rng.choice(FIRST)
    return [
        # a name that opens a sentence looks like any sentence start: expected miss
        _Builder().add(first, "name").add(" ringte meg i går, og vi snakket lenge.").sample(),
        _Builder().add("Vi var hjemme hos ").add(f"{first}s", "name").add(" mor etterpå.").sample(),
        _Builder().add("Jeg flyttet til ").add(rng.choice(PLACES), "name").add(" i fjor.").sample(),
        # a birth date without a word for birth: expected miss
        _Builder()
        .add("Bursdagen min er ")
        .add(f"{rng.randint(1, 28):02d}.0{rng.randint(1, 9)}.1981", "date-of-birth")
        .add(".")
        .sample(),
        _Builder()
        .add("Ring oss på tlf. ")
        .add(f"(+47) 2{rng.randint(1000000, 9999999)}", "phone")
        .add(".")
        .sample(),
        _Builder()
        .add("Adressen er ")
        .add(f"{rng.choice(FIRST)}.{rng.choice(LAST)}@Example.NO", "email")
        .add(".")
        .sample(),
        # not identifiers, but flagged: organisations and odd capitals mid-sentence, case numbers
        _Builder().add("Så ringte Statens vegvesen og spurte om bilen.").sample(),
        _Builder().add("Da sa Fastlegen at jeg måtte vente.").sample(),
        _Builder().add(f"Saken har nummer 2{rng.randint(1000000, 9999999)} i systemet.").sample(),
    ]


def _en(rng: random.Random, listed: list[str]) -> list[Sample]:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return [
        _Builder().add("I talked to ").add(name, "name").add(" about it last week.").sample(),
        _Builder()
        .add("You can reach me on ")
        .add(fake_phone(rng), "phone")
        .add(" most days.")
        .sample(),
        _Builder()
        .add("Write to ")
        .add(f"{rng.choice(FIRST).lower()}@example.org", "email")
        .add(" instead.")
        .sample(),
        _Builder()
        .add("It is all on ")
        .add(f"www.example.com/page{rng.randint(1, 9)}", "url")
        .add(".")
        .sample(),
        _Builder()
        .add("My national identity number is ")
        .add(fake_national_id(rng), "national-id")
        .add(".")
        .sample(),
        _Builder()
        .add("I was born on ")
        .add(f"{rng.randint(1, 28)}.{rng.randint(1, 12)}.19{rng.randint(50, 99)}", "date-of-birth")
        .add(".")
        .sample(),
        _Builder()
        .add("We met at ")
        .add(f"{rng.randint(1, 200)} Harbour Road", "address")
        .add(" every Monday.")
        .sample(),
        _Builder().add("She used to work for ").add(listed[1], "identifier").add(".").sample(),
        _Builder()
        .add(f"The account was {fake_account(rng)} and the meeting was at 9.45.")
        .sample(),
        _Builder().add("Then things changed. After that it got better.").sample(),
    ]


def labelled_set(rounds: int = 20, seed: int = 7) -> tuple[list[Sample], list[Identifier]]:
    rng = random.Random(seed)
    listed = [EMPLOYERS[0], EMPLOYERS[1]]
    identifiers = [Identifier(e, "employer") for e in listed]
    samples: list[Sample] = []
    for _ in range(rounds):
        samples += _nb(rng, listed) + _en(rng, listed) + _hard(rng)
    return samples, identifiers


@dataclass
class Score:
    kind: str
    planted: int = 0
    found: int = 0
    flagged: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0


def evaluate(samples: list[Sample], identifiers: list[Identifier]) -> dict[str, Score]:
    """Recall per planted kind, precision per reported kind (a hit must overlap, same kind)."""
    scanner = Scanner("nb", identifiers, ALLOWED)
    texts = [s.text for s in samples]
    # as in a workspace: each text judged alone, then certain names searched for everywhere
    results = [
        [(a, b, k) for a, b, k, _ in spans]
        for spans in propagate_names(texts, scanner.scan_scored(texts))
    ]
    scores: dict[str, Score] = {}
    for sample, found in zip(samples, results, strict=True):
        for a, b, kind in sample.gold:
            sc = scores.setdefault(kind, Score(kind))
            sc.planted += 1
            sc.found += any(f[0] < b and f[1] > a and f[2] == kind for f in found)
        for a, b, kind in found:
            sc = scores.setdefault(kind, Score(kind))
            sc.flagged += 1
            sc.correct += any(g[0] < b and g[1] > a and g[2] == kind for g in sample.gold)
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = [
        "| kind | planted | found | recall | flagged | correct | precision |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for sc in sorted(scores.values(), key=lambda s: s.kind):
        lines.append(
            f"| {sc.kind} | {sc.planted} | {sc.found} | {sc.recall:.2f} | {sc.flagged} | "
            f"{sc.correct} | {sc.precision:.2f} |"
        )
    return "\n".join(lines)
