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
_ID_RE = re.compile(r"[^\W_][\w.-]{0,63}")
# unit ids join transcript, coder and a hash, so they may be longer than other ids
_UNIT_ID_RE = re.compile(r"[^\W_][\w.-]{0,199}")
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


def check_id(value: str, kind: str, where: str = "") -> str:
    """Return ``value`` if it is safe as an id and a file name, else raise FormatError.

    ``where`` (file and key) starts the message when the id comes from a file.
    """
    if (
        not isinstance(value, str)
        or not _ID_RE.fullmatch(value)
        or ".." in value
        or value.lower().split(".")[0] in UNSAFE_NAMES
    ):
        raise FormatError(
            f"{where + ': ' if where else ''}{kind} id {value!r} is not usable as an id",
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

    def whole(self, key: str, default: int, minimum: int | None = None) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise FormatError(f"{self.where}.{key}: expected a whole number, found {value!r}")
        if minimum is not None and value < minimum:
            raise FormatError(
                f"{self.where}.{key}: {value} is less than {minimum}",
                hint=f"{key} is a whole number from {minimum} up",
            )
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

    def wholes(self, key: str) -> tuple[int, ...]:
        items = self.items(key)
        for i, item in enumerate(items):
            if isinstance(item, bool) or not isinstance(item, int):
                raise FormatError(
                    f"{self.where}.{key}[{i}]: expected a whole number, found {item!r}"
                )
        return tuple(items)

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
            return cls(check_id(data, "researcher", where))
        f = Fields(data, where, ("id", "name"))
        return cls(check_id(f.req_text("id"), "researcher", f"{where}.id"), f.text("name"))

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
            check_id(f.req_text("id"), "informant group", f"{where}.id"),
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


# the report skeleton: the reference study's chapters, in order (stc.yaml report.chapters)
REPORT_CHAPTERS = (
    "summary",
    "background",
    "data",
    "method",
    "results",
    "discussion",
    "conclusion",
    "references",
    "appendices",
)


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
    chapters: tuple[str, ...] = REPORT_CHAPTERS  # the report skeleton, in order
    condensates: bool = True  # print each subgroup's condensate in the results
    quote_bank: bool | None = None  # the quote bank appendix (None: not in DOCX, else yes)

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
            ("authors", "institution", "number_headings", "chapters", "condensates", "quote_bank"),
        )
        chapters = report.texts("chapters") or REPORT_CHAPTERS
        for c in chapters:
            if c not in REPORT_CHAPTERS:
                raise FormatError(
                    f"{where}.report.chapters: {c!r} is not one of {', '.join(REPORT_CHAPTERS)}"
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
            min_group_size=anon.whole("min_group_size", 3, minimum=1),
            allow=anon.texts("allow"),
            coding=tuple(
                check_id(c, "coder", f"{where}.coding.use")
                for c in Fields(data.get("coding") or {}, f"{where}.coding", ("use",)).texts("use")
            ),
            nlp_model=nlp.opt_text("model"),
            authors=report.texts("authors"),
            institution=report.text("institution"),
            number_headings=report.flag("number_headings", True),
            chapters=chapters,
            condensates=report.flag("condensates", True),
            quote_bank=report.flag("quote_bank", True) if "quote_bank" in report.data else None,
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
                        "chapters": None
                        if self.chapters == REPORT_CHAPTERS
                        else list(self.chapters),
                        "condensates": None if self.condensates else False,
                        "quote_bank": self.quote_bank,
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
    time: str = ""  # where the turn starts in the recording ("HH:MM:SS"), if the source said

    def __reduce__(self) -> tuple[Any, ...]:
        # the parse cache holds ~100k turns and units: rebuilding them by constructor is
        # several times faster than the slots dataclass default (a setattr per field)
        return (Turn, (self.n, self.speaker, self.text, self.time))


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
            check_id(f.req_text("id"), "theme", f"{where}.id"),
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
            check_id(f.req_text("id"), "code group", f"{where}.id"),
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
            check_id(f.req_text("id"), "code", f"{where}.id"),
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
            tid = check_id(g.req_text("transcript"), "transcript", f"{g.where}.transcript")
            items.append(Impression(tid, g.text("text")))
        return cls(
            check_id(f.req_text("researcher"), "researcher", f"{where}: researcher"),
            f.text("preconceptions"),
            tuple(items),
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
    translation: str = ""  # the researcher's own translation, for a report in another language
    to_turn: int = 0  # the last turn of a unit that spans turns (``end`` is an offset in it)

    def __reduce__(self) -> tuple[Any, ...]:
        fields = (self.id, self.transcript, self.coder, self.turn, self.start, self.end)
        rest = (self.text, self.codes, self.note, self.translation, self.to_turn)
        return (MeaningUnit, (*fields, *rest))

    @property
    def last_turn(self) -> int:
        return max(self.to_turn, self.turn)

    @property
    def spans_turns(self) -> bool:
        return self.to_turn > self.turn

    @property
    def anchor(self) -> tuple[int, int, int, int]:
        """(first turn, start, last turn, end): where the unit sits, for ordering and dedup."""
        return (self.turn, self.start, self.last_turn, self.end)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "turn": self.turn}
        if self.spans_turns:
            d["to_turn"] = self.to_turn
        d |= {"start": self.start, "end": self.end, "text": self.text}
        if self.translation:
            d["translation"] = self.translation
        return d | {"codes": list(self.codes), "note": self.note}


RESOLUTIONS = ("keep-a", "keep-b", "keep-both", "neither", "recode")


@dataclass(frozen=True, slots=True)
class Resolution:
    """One settled dispute of a consensus coding: which units, what was decided, by whom."""

    id: str  # the disputed units' ids joined by '+'
    decision: str
    by: str = ""
    note: str = ""

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Resolution:
        f = Fields(data, where, ("id", "decision", "by", "note"))
        decision = f.req_text("decision")
        if decision not in RESOLUTIONS:
            raise FormatError(f"{where}.decision: {decision!r} is not one of {RESOLUTIONS}")
        return cls(f.req_text("id"), decision, f.text("by"), f.text("note"))

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "decision": self.decision, "by": self.by, "note": self.note}
        return _drop_empty(d, keep=("id", "decision"))


@dataclass(frozen=True, slots=True)
class UnitFile:
    """Meaning units of one transcript by one coder: analyses/step2/<transcript>/<coder>.yaml."""

    transcript: str
    coder: str
    units: tuple[MeaningUnit, ...] = ()
    merged_from: tuple[str, ...] = ()  # a consensus coding names the codings it merges
    # a consensus coding remembers every source unit it has taken in (so a unit removed from
    # the consensus never comes back) and the disputes it has settled
    merged_units: tuple[str, ...] = ()
    resolved: tuple[Resolution, ...] = ()

    @classmethod
    def from_dict(cls, data: Any, where: str) -> UnitFile:
        top = ("schema_version", "transcript", "coder", "merged_from", "merged_units")
        f = Fields(data, where, (*top, "resolved", "units"))
        transcript = check_id(f.req_text("transcript"), "transcript", f"{where}: transcript")
        coder = check_id(f.req_text("coder"), "coder", f"{where}: coder")
        units = []
        for i, item in enumerate(f.items("units")):
            keys = ("id", "turn", "to_turn", "start", "end", "text", "translation", "codes", "note")
            g = Fields(item, f"{where}: units[{i}]", keys)
            uid = _unit_ref(g.req_text("id"), f"{where}: units[{i}].id")
            text = g.req_text("text")
            if not text.strip():
                raise FormatError(f"{where}: units[{i}].text: the unit has no text")
            for key in ("turn", "start", "end"):
                g.req(key)
            turn, to_turn = g.whole("turn", 0, minimum=1), g.whole("to_turn", 0)
            if to_turn and to_turn < turn:
                raise FormatError(
                    f"{where}: units[{i}].to_turn: {to_turn} comes before turn {turn}",
                    hint="to_turn is the last turn of a unit that spans turns",
                )
            start, end = g.whole("start", 0, minimum=0), g.whole("end", 0, minimum=0)
            if end <= start and not to_turn > turn:  # within one turn, end follows start
                raise FormatError(
                    f"{where}: units[{i}].end: {end} is not after start {start}",
                    hint="start and end count characters within the turn (see `stc show`); "
                    "end − start is the length of the unit's text",
                )
            units.append(
                MeaningUnit(
                    id=uid,
                    transcript=transcript,
                    coder=coder,
                    turn=turn,
                    start=start,
                    end=end,
                    text=text,
                    codes=tuple(
                        check_id(c, "code", f"{where}: units[{i}].codes") for c in g.texts("codes")
                    ),
                    note=g.text("note"),
                    translation=g.text("translation"),
                    to_turn=to_turn if to_turn > turn else 0,
                )
            )
        _no_duplicates([u.id for u in units], f"{where}: units")
        resolved = tuple(
            Resolution.from_dict(r, f"{where}: resolved[{i}]")
            for i, r in enumerate(f.items("resolved"))
        )
        _no_duplicates([r.id for r in resolved], f"{where}: resolved")
        return cls(
            transcript,
            coder,
            tuple(units),
            f.texts("merged_from"),
            f.texts("merged_units"),
            resolved,
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"transcript": self.transcript, "coder": self.coder}
        if self.merged_from:
            d["merged_from"] = list(self.merged_from)
        if self.merged_units:
            d["merged_units"] = sorted(set(self.merged_units))
        if self.resolved:
            d["resolved"] = [r.to_dict() for r in sorted(self.resolved, key=lambda r: r.id)]
        return {**d, "units": [u.to_dict() for u in sorted_units(self.units)]}


def sorted_units(units: Iterable[MeaningUnit]) -> list[MeaningUnit]:
    """Units in reading order; the order files and listings use."""
    return sorted(units, key=lambda u: (u.transcript, *u.anchor, u.coder, u.id))


# --- steps 3 and 4 -----------------------------------------------------------------------


def _unit_ref(value: str, where: str) -> str:
    if not _UNIT_ID_RE.fullmatch(value) or ".." in value:
        raise FormatError(f"{where}: {value!r} is not usable as a unit id")
    return value


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
            check_id(f.req_text("id"), "subgroup", f"{where}.id"),
            f.req_text("label"),
            tuple(_unit_ref(u, f"{where}.units") for u in f.texts("units")),
            f.text("condensate"),
            _unit_ref(golden, f"{where}.golden") if (golden := f.opt_text("golden")) else None,
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
        return cls(check_id(f.req_text("code_group"), "code group", f"{where}: code_group"), subs)

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
    double: tuple[str, ...] = ()  # transcripts given to two researchers (double coding)

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Round:
        keys = ("round", "strategy", "seed", "steps", "note", "double", "researchers")
        f = Fields(data, where, keys)
        strategy = f.text("strategy", "manual")
        if strategy not in STRATEGIES:
            raise FormatError(f"{where}.strategy: {strategy!r} is not one of {STRATEGIES}")
        raw = data.get("researchers") or {}
        people = Fields(raw, f"{where}.researchers", raw if isinstance(raw, Mapping) else ())
        seed = data.get("seed")
        steps = tuple(_step(s, f"{where}.steps[{i}]") for i, s in enumerate(f.items("steps")))
        steps = steps or (1, 2, 3)
        return cls(
            f.whole("round", 1),
            strategy,
            {
                check_id(str(r), "researcher", f"{where}.researchers"): people.texts(r)
                for r in people.data
            },
            seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
            steps or (1, 2, 3),
            f.text("note"),
            f.texts("double"),
        )

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"round": self.number, "strategy": self.strategy, "seed": self.seed}
        d |= {"steps": list(self.steps), "note": self.note, "double": list(self.double)}
        d["researchers"] = {r: list(ts) for r, ts in self.researchers.items()}
        return _drop_empty(d, keep=("round", "strategy", "researchers"))


def _step(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise FormatError(
            f"{where}: {value!r} is not a step of the method",
            hint="steps are 1 (total impression), 2 (meaning units), 3 (condensation) "
            "and 4 (synthesis), e.g. steps: [1, 2, 3]",
        )
    return value


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
        return cls(
            check_id(f.req_text("researcher"), "researcher", f"{where}: researcher"), records
        )

    def to_dict(self) -> dict[str, Any]:
        return {"researcher": self.researcher, "records": [r.to_dict() for r in self.records]}
