"""The domain model: small frozen dataclasses, no I/O, nothing heavy imported.

Each persistent type has ``from_dict`` (which rejects unknown keys and missing required
keys, naming the file and key) and ``to_dict`` (which produces the canonical, byte-stable
order of keys written by :mod:`stc.store`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from stc.errors import FormatError

LANGUAGES = ("nb", "en")
UNSAFE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_ID_RE = re.compile(r"^[^\W_][\w.-]{0,63}$")
_COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


def check_color(value: str | None, where: str) -> str | None:
    """``#RRGGBB`` (stored upper-case) or None; anything else is a FormatError."""
    if not value:
        return None
    if not _COLOR_RE.match(value):
        raise FormatError(
            f"{where}: colour {value!r} is not a hex colour",
            hint="write it as #RRGGBB, e.g. '#3A7BD5', or leave it out for the derived colour",
        )
    return value.upper()


def check_id(value: str, kind: str) -> str:
    """Return ``value`` if it is safe as an id and a file name, else raise FormatError."""
    if (
        not isinstance(value, str)
        or not _ID_RE.match(value)
        or ".." in value
        or value.lower().split(".")[0] in UNSAFE_NAMES
    ):
        raise FormatError(
            f"{kind} id {value!r} is not usable as an id",
            hint="use 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit "
            "(e.g. 'vei-03')",
        )
    return value


class Fields:
    """Reads one mapping from a file, collecting key errors with file and key path."""

    def __init__(self, data: Any, where: str, allowed: Iterable[str]) -> None:
        if not isinstance(data, Mapping):
            raise FormatError(f"{where}: expected a mapping, found {type(data).__name__}")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise FormatError(
                f"{where}: unknown key {unknown[0]!r}",
                hint=f"allowed keys here: {', '.join(allowed)}",
            )
        self.data = data
        self.where = where

    def req(self, key: str) -> Any:
        if key not in self.data or self.data[key] is None:
            raise FormatError(f"{self.where}: missing required key {key!r}")
        return self.data[key]

    def text(self, key: str, default: str = "") -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise FormatError(f"{self.where}.{key}: expected text, found {type(value).__name__}")
        return str(value)

    def req_text(self, key: str) -> str:
        self.req(key)
        return self.text(key)

    def opt_text(self, key: str) -> str | None:
        value = self.text(key)
        return value or None

    def whole(self, key: str, default: int) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FormatError(f"{self.where}.{key}: expected a whole number, found {value!r}")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise FormatError(f"{self.where}.{key}: expected true or false, found {value!r}")
        return value

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise FormatError(f"{self.where}.{key}: expected a list, found {type(value).__name__}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.items(key)
        for i, item in enumerate(items):
            if not isinstance(item, str | int) or isinstance(item, bool):
                raise FormatError(f"{self.where}.{key}[{i}]: expected text, found {item!r}")
        return tuple(str(i) for i in items)


def _drop_empty(d: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """Omit optional empty values so files stay short; keys in ``keep`` always stay."""
    kept = set(keep)
    return {k: v for k, v in d.items() if k in kept or v not in (None, "", [], (), {})}


# --- project -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Researcher:
    id: str
    name: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Researcher:
        if isinstance(data, str):
            return cls(check_id(data, "researcher"))
        f = Fields(data, where, ("id", "name"))
        return cls(check_id(f.req_text("id"), "researcher"), f.text("name"))

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty({"id": self.id, "name": self.name}, keep=("id",))


@dataclass(frozen=True, slots=True)
class InformantGroup:
    id: str
    label: str
    quote_as: str | None = None
    description: str = ""

    @property
    def attribution(self) -> str:
        """The label quotes from this group are attributed to."""
        return self.quote_as or self.label

    @classmethod
    def from_dict(cls, data: Any, where: str) -> InformantGroup:
        f = Fields(data, where, ("id", "label", "quote_as", "description"))
        return cls(
            check_id(f.req_text("id"), "informant group"),
            f.req_text("label"),
            f.opt_text("quote_as"),
            f.text("description"),
        )

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "label": self.label, "quote_as": self.quote_as}
        return _drop_empty({**d, "description": self.description}, keep=("id", "label"))


POWER_DIMENSIONS: dict[str, tuple[str, str]] = {
    "aim": ("narrow", "broad"),
    "specificity": ("dense", "sparse"),
    "theory": ("applied", "none"),
    "dialogue": ("strong", "weak"),
    "strategy": ("case", "cross-case"),
}


@dataclass(frozen=True, slots=True)
class Project:
    title: str
    language: str = "nb"
    subtitle: str = ""
    researchers: tuple[Researcher, ...] = ()
    research_questions: tuple[str, ...] = ()
    groups: tuple[InformantGroup, ...] = ()
    min_group_size: int = 3
    nlp_model: str | None = None
    authors: tuple[str, ...] = ()
    institution: str = ""
    number_headings: bool = True
    power: Mapping[str, str] = field(default_factory=dict)
    allow: tuple[str, ...] = ()
    coding: tuple[str, ...] = ()  # the codings steps 3–4 and the report rest on (empty: all)

    KEYS = (
        "schema_version",
        "title",
        "subtitle",
        "language",
        "researchers",
        "research_questions",
        "informant_groups",
        "anonymity",
        "nlp",
        "report",
        "information_power",
        "coding",
    )

    def group(self, group_id: str) -> InformantGroup | None:
        return next((g for g in self.groups if g.id == group_id), None)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Project:
        f = Fields(data, where, cls.KEYS)
        language = f.text("language", "nb")
        if language not in LANGUAGES:
            raise FormatError(
                f"{where}.language: {language!r} is not one of {', '.join(LANGUAGES)}"
            )
        anon = Fields(
            data.get("anonymity") or {}, f"{where}.anonymity", ("min_group_size", "allow")
        )
        nlp = Fields(data.get("nlp") or {}, f"{where}.nlp", ("model",))
        report = Fields(
            data.get("report") or {},
            f"{where}.report",
            ("authors", "institution", "number_headings"),
        )
        power = Fields(
            data.get("information_power") or {},
            f"{where}.information_power",
            (*POWER_DIMENSIONS, "notes"),
        )
        groups = tuple(
            InformantGroup.from_dict(g, f"{where}.informant_groups[{i}]")
            for i, g in enumerate(f.items("informant_groups"))
        )
        _no_duplicates([g.id for g in groups], f"{where}.informant_groups")
        researchers = tuple(
            Researcher.from_dict(r, f"{where}.researchers[{i}]")
            for i, r in enumerate(f.items("researchers"))
        )
        _no_duplicates([r.id for r in researchers], f"{where}.researchers")
        return cls(
            title=f.req_text("title"),
            language=language,
            subtitle=f.text("subtitle"),
            researchers=researchers,
            research_questions=f.texts("research_questions"),
            groups=groups,
            min_group_size=anon.whole("min_group_size", 3),
            allow=anon.texts("allow"),
            coding=Fields(data.get("coding") or {}, f"{where}.coding", ("use",)).texts("use"),
            nlp_model=nlp.opt_text("model"),
            authors=report.texts("authors"),
            institution=report.text("institution"),
            number_headings=report.flag("number_headings", True),
            power=_power(power, where),
        )

    def to_dict(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "title": self.title,
                "subtitle": self.subtitle,
                "language": self.language,
                "researchers": [r.to_dict() for r in self.researchers],
                "research_questions": list(self.research_questions),
                "informant_groups": [g.to_dict() for g in self.groups],
                "anonymity": _drop_empty(
                    {"min_group_size": self.min_group_size, "allow": list(self.allow)},
                    keep=("min_group_size",),
                ),
                "nlp": {"model": self.nlp_model},
                "report": _drop_empty(
                    {
                        "authors": list(self.authors),
                        "institution": self.institution,
                        "number_headings": None if self.number_headings else False,
                    }
                ),
                "information_power": dict(self.power),
                "coding": {"use": list(self.coding)} if self.coding else None,
            },
            keep=("title", "language", "researchers", "informant_groups", "anonymity"),
        )


def _power(f: Fields, where: str) -> dict[str, str]:
    out = {}
    for dim, allowed in POWER_DIMENSIONS.items():
        value = f.text(dim)
        if value and value not in allowed:
            raise FormatError(
                f"{where}.information_power.{dim}: {value!r} is not one of {' / '.join(allowed)}"
            )
        if value:
            out[dim] = value
    if f.text("notes"):
        out["notes"] = f.text("notes")
    return out


def _no_duplicates(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise FormatError(f"{where}: id {i!r} appears more than once")
        seen.add(i)


# --- transcripts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Turn:
    n: int
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class Transcript:
    id: str
    group: str
    turns: tuple[Turn, ...]
    interviewed: str = ""
    interviewer: str = ""
    source: str = ""
    informants: int = 1
    anonymised: bool = True

    META_KEYS = (
        "schema_version",
        "id",
        "group",
        "interviewed",
        "interviewer",
        "informants",
        "source",
        "anonymised",
    )

    def turn(self, n: int) -> Turn:
        if not 1 <= n <= len(self.turns):
            from stc.errors import NotFound

            raise NotFound(
                f"transcript {self.id} has no turn {n}",
                hint=f"turns are numbered 1–{len(self.turns)}; see `stc show {self.id}`",
            )
        return self.turns[n - 1]

    def meta_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "group": self.group}
        d |= {"interviewed": self.interviewed, "interviewer": self.interviewer}
        if self.informants != 1:
            d["informants"] = self.informants
        d["source"] = self.source
        if not self.anonymised:
            d["anonymised"] = False
        return _drop_empty(d, keep=("id", "group"))


# --- codebook ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str
    description: str = ""
    author: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Theme:
        f = Fields(data, where, ("id", "label", "description", "author"))
        return cls(
            check_id(f.req_text("id"), "theme"),
            f.req_text("label"),
            f.text("description"),
            f.text("author"),
        )

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "label": self.label, "description": self.description}
        return _drop_empty({**d, "author": self.author}, keep=("id", "label"))


@dataclass(frozen=True, slots=True)
class CodeGroup:
    id: str
    label: str
    theme: str | None = None
    definition: str = ""
    color: str | None = None  # #RRGGBB; None: derived (a hue per code group)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> CodeGroup:
        f = Fields(data, where, ("id", "label", "theme", "definition", "color"))
        return cls(
            check_id(f.req_text("id"), "code group"),
            f.req_text("label"),
            f.opt_text("theme"),
            f.text("definition"),
            check_color(f.opt_text("color"), f"{where}.color"),
        )

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "label": self.label, "theme": self.theme}
        d |= {"definition": self.definition, "color": self.color}
        return _drop_empty(d, keep=("id", "label"))


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    label: str = ""
    code_group: str | None = None
    definition: str = ""
    include: str = ""
    exclude: str = ""
    color: str | None = None  # #RRGGBB; None: derived (a shade of its code group's hue)

    @property
    def display(self) -> str:
        return self.label or self.id

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Code:
        keys = ("id", "label", "code_group", "definition", "include", "exclude", "color")
        f = Fields(data, where, keys)
        return cls(
            check_id(f.req_text("id"), "code"),
            f.text("label"),
            f.opt_text("code_group"),
            f.text("definition"),
            f.text("include"),
            f.text("exclude"),
            check_color(f.opt_text("color"), f"{where}.color"),
        )

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "label": self.label, "code_group": self.code_group}
        d |= {"definition": self.definition, "include": self.include, "exclude": self.exclude}
        return _drop_empty({**d, "color": self.color}, keep=("id",))


@dataclass(frozen=True, slots=True)
class Codebook:
    themes: tuple[Theme, ...] = ()
    code_groups: tuple[CodeGroup, ...] = ()
    codes: tuple[Code, ...] = ()

    def theme(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def code_group(self, group_id: str) -> CodeGroup | None:
        return next((g for g in self.code_groups if g.id == group_id), None)

    def code(self, code_id: str) -> Code | None:
        return next((c for c in self.codes if c.id == code_id), None)

    def codes_in(self, group_id: str) -> tuple[Code, ...]:
        return tuple(c for c in self.codes if c.code_group == group_id)

    def groups_in(self, theme_id: str | None) -> tuple[CodeGroup, ...]:
        return tuple(g for g in self.code_groups if g.theme == theme_id)

    @property
    def unsorted(self) -> tuple[Code, ...]:
        return tuple(c for c in self.codes if c.code_group is None)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Codebook:
        f = Fields(data, where, ("schema_version", "themes", "code_groups", "codes"))
        themes = tuple(
            Theme.from_dict(t, f"{where}: themes[{i}]") for i, t in enumerate(f.items("themes"))
        )
        groups = tuple(
            CodeGroup.from_dict(g, f"{where}: code_groups[{i}]")
            for i, g in enumerate(f.items("code_groups"))
        )
        codes = tuple(
            Code.from_dict(c, f"{where}: codes[{i}]") for i, c in enumerate(f.items("codes"))
        )
        for kind, items in (("themes", themes), ("code_groups", groups), ("codes", codes)):
            _no_duplicates([x.id for x in items], f"{where}: {kind}")
        return cls(themes, groups, codes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "themes": [t.to_dict() for t in self.themes],
            "code_groups": [g.to_dict() for g in self.code_groups],
            "codes": [c.to_dict() for c in self.codes],
        }


# --- step 1 ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Impression:
    transcript: str
    text: str


@dataclass(frozen=True, slots=True)
class Step1:
    """One researcher's total impressions (helhetsinntrykk) and preconceptions memo."""

    researcher: str
    preconceptions: str = ""
    impressions: tuple[Impression, ...] = ()

    def impression(self, transcript_id: str) -> Impression | None:
        return next((i for i in self.impressions if i.transcript == transcript_id), None)

    def with_impression(self, transcript_id: str, text: str) -> Step1:
        others = [i for i in self.impressions if i.transcript != transcript_id]
        items = sorted([*others, Impression(transcript_id, text)], key=lambda i: i.transcript)
        return replace(self, impressions=tuple(items))

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Step1:
        f = Fields(data, where, ("schema_version", "researcher", "preconceptions", "impressions"))
        items = []
        for i, item in enumerate(f.items("impressions")):
            g = Fields(item, f"{where}: impressions[{i}]", ("transcript", "text"))
            items.append(Impression(g.req_text("transcript"), g.text("text")))
        return cls(
            check_id(f.req_text("researcher"), "researcher"), f.text("preconceptions"), tuple(items)
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "researcher": self.researcher,
            "preconceptions": self.preconceptions,
            "impressions": [{"transcript": i.transcript, "text": i.text} for i in self.impressions],
        }


# --- step 2 ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeaningUnit:
    id: str
    transcript: str
    coder: str
    turn: int
    start: int
    end: int
    text: str
    codes: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "turn": self.turn,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "codes": list(self.codes),
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class UnitFile:
    """Meaning units of one transcript by one coder: analyses/step2/<transcript>/<coder>.yaml."""

    transcript: str
    coder: str
    units: tuple[MeaningUnit, ...] = ()
    merged_from: tuple[str, ...] = ()  # a consensus coding names the codings it merges

    @classmethod
    def from_dict(cls, data: Any, where: str) -> UnitFile:
        f = Fields(data, where, ("schema_version", "transcript", "coder", "merged_from", "units"))
        transcript, coder = f.req_text("transcript"), f.req_text("coder")
        units = []
        for i, item in enumerate(f.items("units")):
            keys = ("id", "turn", "start", "end", "text", "codes", "note")
            g = Fields(item, f"{where}: units[{i}]", keys)
            units.append(
                MeaningUnit(
                    id=g.req_text("id"),
                    transcript=transcript,
                    coder=coder,
                    turn=g.whole("turn", 0),
                    start=g.whole("start", 0),
                    end=g.whole("end", 0),
                    text=g.req_text("text"),
                    codes=g.texts("codes"),
                    note=g.text("note"),
                )
            )
        _no_duplicates([u.id for u in units], f"{where}: units")
        return cls(transcript, coder, tuple(units), f.texts("merged_from"))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"transcript": self.transcript, "coder": self.coder}
        if self.merged_from:
            d["merged_from"] = list(self.merged_from)
        return {**d, "units": [u.to_dict() for u in sorted_units(self.units)]}


def sorted_units(units: Iterable[MeaningUnit]) -> list[MeaningUnit]:
    """Units in reading order; the order files and listings use."""
    return sorted(units, key=lambda u: (u.transcript, u.turn, u.start, u.end, u.coder, u.id))


# --- steps 3 and 4 -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subgroup:
    id: str
    label: str
    units: tuple[str, ...] = ()
    condensate: str = ""
    golden: str | None = None
    fingerprint: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Subgroup:
        keys = ("id", "label", "units", "condensate", "golden", "fingerprint")
        f = Fields(data, where, keys)
        return cls(
            check_id(f.req_text("id"), "subgroup"),
            f.req_text("label"),
            f.texts("units"),
            f.text("condensate"),
            f.opt_text("golden"),
            f.text("fingerprint"),
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "label": self.label, "units": list(self.units)}
        d |= {"condensate": self.condensate, "golden": self.golden, "fingerprint": self.fingerprint}
        return _drop_empty(d, keep=("id", "label", "units"))


@dataclass(frozen=True, slots=True)
class Condensation:
    """Step 3 for one code group: analyses/step3/<code-group>.yaml."""

    code_group: str
    subgroups: tuple[Subgroup, ...] = ()

    def subgroup(self, subgroup_id: str) -> Subgroup | None:
        return next((s for s in self.subgroups if s.id == subgroup_id), None)

    def with_subgroup(self, sub: Subgroup) -> Condensation:
        subs = list(self.subgroups)
        for i, s in enumerate(subs):
            if s.id == sub.id:
                subs[i] = sub
                return replace(self, subgroups=tuple(subs))
        return replace(self, subgroups=(*subs, sub))

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Condensation:
        f = Fields(data, where, ("schema_version", "code_group", "subgroups"))
        subs = tuple(
            Subgroup.from_dict(s, f"{where}: subgroups[{i}]")
            for i, s in enumerate(f.items("subgroups"))
        )
        _no_duplicates([s.id for s in subs], f"{where}: subgroups")
        return cls(f.req_text("code_group"), subs)

    def to_dict(self) -> dict[str, Any]:
        return {"code_group": self.code_group, "subgroups": [s.to_dict() for s in self.subgroups]}


@dataclass(frozen=True, slots=True)
class Synthesis:
    """Step 4 for one code group: analyses/step4/<code-group>.md (front matter + Markdown)."""

    code_group: str
    heading: str = ""
    body: str = ""
    theme: str | None = None
    fingerprint: str = ""

    META_KEYS = ("schema_version", "code_group", "heading", "theme", "fingerprint")

    def meta_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code_group": self.code_group, "heading": self.heading}
        d |= {"theme": self.theme, "fingerprint": self.fingerprint}
        return _drop_empty(d, keep=("code_group",))


# --- team records: assignment rounds, decisions, validation ------------------------------

STRATEGIES = ("random", "by-group", "manual")


@dataclass(frozen=True, slots=True)
class Round:
    """One analysis round: which researcher reads and codes which transcripts."""

    number: int
    strategy: str
    researchers: Mapping[str, tuple[str, ...]]
    seed: int | None = None
    steps: tuple[int, ...] = (1, 2, 3)
    note: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Round:
        f = Fields(data, where, ("round", "strategy", "seed", "steps", "note", "researchers"))
        strategy = f.text("strategy", "manual")
        if strategy not in STRATEGIES:
            raise FormatError(f"{where}.strategy: {strategy!r} is not one of {STRATEGIES}")
        raw = data.get("researchers") or {}
        people = Fields(raw, f"{where}.researchers", raw if isinstance(raw, Mapping) else ())
        seed = data.get("seed")
        steps = tuple(int(s) for s in f.texts("steps")) or (1, 2, 3)
        return cls(
            f.whole("round", 1),
            strategy,
            {check_id(str(r), "researcher"): people.texts(r) for r in people.data},
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            steps,
            f.text("note"),
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"round": self.number, "strategy": self.strategy, "seed": self.seed}
        d |= {"steps": list(self.steps), "note": self.note}
        d["researchers"] = {r: list(ts) for r, ts in self.researchers.items()}
        return _drop_empty(d, keep=("round", "strategy", "researchers"))


@dataclass(frozen=True, slots=True)
class Assignments:
    """analyses/assignments.yaml: the rounds of the analysis."""

    rounds: tuple[Round, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Assignments:
        f = Fields(data, where, ("schema_version", "rounds"))
        rounds = tuple(
            Round.from_dict(r, f"{where}: rounds[{i}]") for i, r in enumerate(f.items("rounds"))
        )
        _no_duplicates([str(r.number) for r in rounds], f"{where}: rounds")
        return cls(rounds)

    def to_dict(self) -> dict[str, Any]:
        return {"rounds": [r.to_dict() for r in self.rounds]}


@dataclass(frozen=True, slots=True)
class Decision:
    """One team decision from analyses/decisions.md (analysis meetings of steps 3–4)."""

    date: str
    text: str
    step: int | None = None
    author: str = ""


VALIDATION_OUTCOMES = ("confirmed", "revised", "counter-example")


@dataclass(frozen=True, slots=True)
class Validation:
    """A recontextualisation record: what was re-read against the transcripts, and the outcome."""

    date: str
    target: str
    outcome: str
    note: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Validation:
        f = Fields(data, where, ("date", "target", "outcome", "note"))
        outcome = f.text("outcome", "confirmed")
        if outcome not in VALIDATION_OUTCOMES:
            raise FormatError(f"{where}.outcome: {outcome!r} is not one of {VALIDATION_OUTCOMES}")
        return cls(f.req_text("date"), f.req_text("target"), outcome, f.text("note"))

    def to_dict(self) -> dict[str, Any]:
        d = {"date": self.date, "target": self.target, "outcome": self.outcome, "note": self.note}
        return _drop_empty(d, keep=("date", "target", "outcome"))


@dataclass(frozen=True, slots=True)
class ValidationLog:
    """analyses/validation/<researcher>.yaml."""

    researcher: str
    records: tuple[Validation, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ValidationLog:
        f = Fields(data, where, ("schema_version", "researcher", "records"))
        records = tuple(
            Validation.from_dict(r, f"{where}: records[{i}]")
            for i, r in enumerate(f.items("records"))
        )
        return cls(check_id(f.req_text("researcher"), "researcher"), records)

    def to_dict(self) -> dict[str, Any]:
        return {"researcher": self.researcher, "records": [r.to_dict() for r in self.records]}
