"""Finding identifiers in transcripts and replacing them (pure functions; spaCy imported lazily).

Kinds: entries of the private identifier list (names, employers, places …), e-mail addresses,
URLs, phone numbers, Norwegian national identity numbers and D-numbers (checked with their
mod-11 check digits, so account numbers and other 11-digit numbers are not flagged), dates of
birth, street addresses, postcodes with a place, and names: capitalised words in the middle
of a sentence (spaCy's blank pipeline and sentencizer), or a configured NER model's persons
and places. An allow-list (``anonymity.allow`` in stc.yaml) silences known false positives.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

KINDS = (
    "identifier",
    "email",
    "url",
    "phone",
    "national-id",
    "date-of-birth",
    "address",
    "postcode",
    "name",
    "organisation",
)
STRUCTURED = ("email", "url", "phone", "national-id")
# identifiers by their form alone (and listed ones): replaced without review, unlike the
# names and organisations a person judges in `stc anon review`
SURE_KINDS = tuple(k for k in KINDS if k not in ("name", "organisation"))

TAGS = {
    "nb": {
        "name": "[navn]",
        "place": "[sted]",
        "employer": "[arbeidsgiver]",
        "email": "[e-post]",
        "url": "[nettadresse]",
        "phone": "[telefon]",
        "national-id": "[fødselsnummer]",
        "date-of-birth": "[fødselsdato]",
        "address": "[adresse]",
        "postcode": "[postnummer]",
        "identifier": "[identifikator]",
        "organisation": "[virksomhet]",
    },
    "en": {
        "name": "[name]",
        "place": "[place]",
        "employer": "[employer]",
        "email": "[email]",
        "url": "[web address]",
        "phone": "[phone]",
        "national-id": "[national id]",
        "date-of-birth": "[date of birth]",
        "address": "[address]",
        "postcode": "[postcode]",
        "identifier": "[identifier]",
        "organisation": "[organisation]",
    },
}

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>()\"«»]+[^\s<>()\"«».,;:!?]"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:no|com|org|net|io|se|dk|eu|info)(?:/[^\s<>()\"«»]*[^\s<>()\"«».,;:!?])?\b",
    re.IGNORECASE,
)
_PHONE = re.compile(
    r"""(?<![\w+])
        (?:(?:\+|00)47[ -]?)?                        # optional country code
        (?:[2-9]\d{7}                                 # 22334455
          |[2-9]\d{2}[ .-]\d{2}[ .-]\d{3}              # 223 34 455
          |[2-9]\d[ .-]\d{2}[ .-]\d{2}[ .-]\d{2})      # 22 33 44 55
        (?!\w)
      | (?<![\w+])(?:\+|00)(?!47)[1-9]\d{0,2}[ -]?\d{1,4}(?:[ -]?\d{2,4}){2,4}(?!\w)""",
    re.VERBOSE,
)
_ELEVEN = re.compile(r"(?<![\d.])(\d{6})[ ]?(\d{5})(?![\d])")
_MONTHS = "jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|des|dec"
_DATE = (
    r"(?:[0-3]?\d[./-][01]?\d[./-](?:19|20)\d{2}"
    rf"|[0-3]?\d\.?\s+(?:{_MONTHS})[a-zæøå]*\.?\s+(?:19|20)\d{{2}})"
)
_DOB = re.compile(
    rf"(?:født|fødd|fødselsdato|f\.|born|date of birth|DOB)[:\s]+(?:den\s+|on\s+)?({_DATE})",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b[A-ZÆØÅ][a-zæøå]+(?:[- ][A-ZÆØÅ]?[a-zæøå]+)?"
    r"(?:gata|gaten|gate|veien|vei|vegen|veg|stien|sti|plass|plassen|allé|alle|bakken|torget|svingen|ringen|tunet)"
    r"\s+\d{1,4}(?:\s?[A-Za-z])?\b"
    r"|\b\d{1,5}\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way)\b"
)
_POSTCODE = re.compile(r"(?<![\d])\d{4}\s+[A-ZÆØÅ][A-ZÆØÅa-zæøå]+(?:[ -][A-ZÆØÅ][a-zæøå]+)?\b")

# Capitalised words that are not names even mid-sentence (Norwegian and English).
COMMON_CAPITALISED = frozenset(
    (
        "I Jeg Vi De Du Han Hun Det Den Dette Men Og Så Når Da Ja Nei Hei OK Ok Mr Mrs Ms Dr "
        "NAV Nav Teams Zoom Word Excel Covid Korona Norge Norway Norwegian Norsk "
        "Mandag Tirsdag Onsdag Torsdag Fredag Lørdag Søndag Monday Tuesday Wednesday Thursday "
        "Friday Saturday Sunday January February March April May June July August September "
        "October November December Christmas Jul Påske"
    ).split()
)


@dataclass(frozen=True)
class Identifier:
    """An entry of private/identifiers.yaml."""

    text: str
    kind: str = "name"
    replacement: str | None = None


@dataclass(frozen=True)
class Finding:
    transcript: str
    turn: int
    start: int
    end: int
    kind: str
    text: str
    context: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, object]:
        return {
            "transcript": self.transcript,
            "turn": self.turn,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "text": self.text,
            "context": self.context,
            "confidence": self.confidence,
        }


@dataclass
class Scanner:
    """Finds identifiers in texts; reusable across a whole project."""

    language: str = "nb"
    identifiers: Sequence[Identifier] = ()
    allow: Iterable[str] = ()
    model: str | None = None
    names: bool = True
    _allow: set[str] = field(init=False, default_factory=set)
    _ids: re.Pattern[str] | None = field(init=False, default=None)
    _allowed_phrases: re.Pattern[str] = field(init=False, default=re.compile("(?!)"))
    _phrases: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        from stc.core.names import PUBLIC_BODIES

        self._allow = (
            {a.casefold() for a in self.allow}
            | {w.casefold() for w in COMMON_CAPITALISED}
            | {b.casefold() for b in PUBLIC_BODIES}
        )
        phrases = sorted({*self.allow, *PUBLIC_BODIES}, key=len, reverse=True)
        self._phrases = [a.casefold() for a in phrases if a.strip()]
        # an allowed phrase masks what lies inside it ("Arbeid" in "fra Arbeid og ytelser")
        self._allowed_phrases = re.compile(
            "|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in phrases if a.strip()) or "(?!)",
            re.IGNORECASE,
        )
        entries = sorted(
            {i.text for i in self.identifiers if i.text.strip()}, key=len, reverse=True
        )
        if entries:
            alternatives = "|".join(re.escape(e) for e in entries)
            # with its genitive: "Olsens", "Mary-Kate's", "Jonas'" name the same person
            self._ids = re.compile(
                rf"(?<!\w)(?:{alternatives})(?:{GENITIVE.pattern})?(?!\w)", re.IGNORECASE
            )

    def _allowed(self, text: str) -> bool:
        return text.casefold() in self._allow or all(
            w.casefold() in self._allow for w in text.split()
        )

    def scan_texts(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """For each text, its reportable findings as (start, end, kind)."""
        return [[(a, b, k) for a, b, k, _ in spans] for spans in self.scan_scored(texts)]

    def scan_scored(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """For each text, its findings as (start, end, kind, confidence) at or above the
        reporting threshold, longest first where they overlap.

        Each text is judged on its own, so a finding never depends on what else was scanned
        with it; the workspace-wide rule (a certain name is searched for everywhere) is
        :func:`propagate_names`, applied to a whole workspace's findings.
        """
        from stc.core.names import REPORT, placeholders, score_names

        ner = self._ner(texts) if self.names and self.model else None
        out = []
        for i, text in enumerate(texts):
            spans: list[tuple[int, int, str, float]] = []
            masked = placeholders(text)  # nothing inside a placeholder is a finding
            allowed = []  # inside an allowed phrase, no name ("Arbeid" in "Arbeid og ytelser")
            folded = text.casefold()
            if any(phrase in folded for phrase in self._phrases):  # a C-speed gate first
                allowed = [(m.start(), m.end()) for m in self._allowed_phrases.finditer(text)]
            if ner is not None:
                found_names = ner[i]
            elif self.names:
                found_names = score_names(text, self.language, masked + allowed)
            else:
                found_names = []
            if self._ids:
                spans += [(m.start(), m.end(), "identifier", 1.0) for m in self._ids.finditer(text)]
            if "@" in text:
                spans += [(m.start(), m.end(), "email", 1.0) for m in _EMAIL.finditer(text)]
            if "." in text:
                spans += [
                    (m.start(), m.end(), "url", 1.0)
                    for m in _URL.finditer(text)
                    if "@" not in text[max(0, m.start() - 1) : m.start() + 1]
                ]
            if _DIGIT.search(text):  # the remaining kinds all hold digits
                spans += [(a, b, k, 1.0) for a, b, k in _numbers(text)]
            spans += [s for s in found_names if s[3] >= REPORT]
            spans = [
                s
                for s in spans
                if not self._allowed(text[s[0] : s[1]])
                and (s[2] == "identifier" or not any(a < s[1] and s[0] < b for a, b in masked))
                and (
                    s[2] not in ("name", "organisation")
                    or not any(a < s[1] and s[0] < b for a, b in allowed)
                )
            ]
            out.append(_non_overlapping_scored(spans))
        return out

    def _ner(self, texts: Sequence[str]) -> list[list[tuple[int, int, str, float]]]:
        """Persons and places from the spaCy model the workspace names."""
        from stc.nlp import pipeline

        nlp = pipeline(self.language, self.model)
        return [
            [
                (e.start_char, e.end_char, "name", 0.9)
                for e in doc.ents
                if e.label_ in ("PER", "PERSON", "LOC", "GPE", "GPE_LOC", "GPE_ORG")
            ]
            for doc in nlp.pipe(texts)
        ]


def propagate_names(
    texts: Sequence[str], found: Sequence[list[tuple[int, int, str, float]]]
) -> list[list[tuple[int, int, str, float]]]:
    """A name found with certainty once is an identifier everywhere, also where it opens a
    sentence: every further occurrence in ``texts`` of a name found with a confidence of at
    least ``PROPAGATE`` joins that text's findings. A word capitalised once by chance ("Um")
    never reaches that confidence, so it never spreads."""
    from stc.core.names import PROPAGATE, placeholders

    pairs = zip(texts, found, strict=True)
    known = {t[a:b] for t, spans in pairs for a, b, k, c in spans if k == "name" and c >= PROPAGATE}
    if not known:
        return [list(spans) for spans in found]
    words = "|".join(re.escape(k) for k in sorted(known, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)")
    out = []
    for t, spans in zip(texts, found, strict=True):
        masked = placeholders(t)
        extra = [
            (m.start(), m.end(), "name", PROPAGATE)
            for m in pattern.finditer(t)
            if not any(a < m.end() and m.start() < b for a, b in masked)
        ]
        out.append([*spans, *extra])
    return out


_DIGIT = re.compile(r"\d")


def _numbers(text: str) -> list[tuple[int, int, str]]:
    spans = [
        (m.start(), m.end(), "phone")
        for m in _PHONE.finditer(text)
        if not valid_national_id(m.group(0).replace(" ", ""))  # not any 11 digits: 0046 8 123 456
    ]
    spans += [
        (m.start(), m.end(), "national-id")
        for m in _ELEVEN.finditer(text)
        if valid_national_id(m.group(1) + m.group(2))
    ]
    spans += [(m.start(1), m.end(1), "date-of-birth") for m in _DOB.finditer(text)]
    spans += [(m.start(), m.end(), "address") for m in _STREET.finditer(text)]
    spans += [(m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text)]
    return spans


def _non_overlapping_scored(
    spans: list[tuple[int, int, str, float]],
) -> list[tuple[int, int, str, float]]:
    order = {k: i for i, k in enumerate(KINDS)}
    chosen: list[tuple[int, int, str, float]] = []
    for s in sorted(spans, key=lambda s: (-(s[1] - s[0]), order[s[2]], -s[3], s[0])):
        if all(s[1] <= c[0] or s[0] >= c[1] for c in chosen):
            chosen.append(s)
    return sorted(chosen)


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first where spans overlap (for (start, end, kind) spans without a confidence)."""
    scored = _non_overlapping_scored([(a, b, k, 1.0) for a, b, k in spans])
    return [(a, b, k) for a, b, k, _ in scored]


def valid_national_id(digits: str) -> bool:
    """A Norwegian fødselsnummer, D-number (day + 40) or H-/synthetic number (month + 40/80).

    The date must exist and both mod-11 check digits must match, so an arbitrary 11-digit
    number (an account number, say) is rejected about 98 % of the time.
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    d = [int(c) for c in digits]
    k1 = 11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d[:9], strict=True)) % 11
    k1 = 0 if k1 == 11 else k1
    k2 = 11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d[:10], strict=True)) % 11
    k2 = 0 if k2 == 11 else k2
    if k1 == 10 or k2 == 10 or k1 != d[9] or k2 != d[10]:
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    day = day - 40 if day > 40 else day
    month = month - 80 if month > 80 else month - 40 if month > 40 else month
    return 1 <= day <= 31 and 1 <= month <= 12


GENITIVE = re.compile(r"['’]s|['’]|s")


def split_genitive(text: str, known: Container[str]) -> tuple[str, str]:
    """(name, genitive ending) when ``text`` is a known name (casefolded in ``known``) with a
    genitive ending ("Olsens" → "Olsen", "s"); else (text, "")."""
    for m in GENITIVE.finditer(text):
        if m.end() == len(text) and m.start() and text[: m.start()].casefold() in known:
            return text[: m.start()], m.group()
    return text, ""


def context_of(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"…{left}[{text[start:end]}]{right}…"


# --- replacing ----------------------------------------------------------------------------


@dataclass
class Key:
    """The pseudonymisation key: original → replacement, the same across the whole project."""

    entries: dict[str, str] = field(default_factory=dict)

    def replacement(
        self, original: str, kind: str, language: str, identifiers: Mapping[str, Identifier]
    ) -> str:
        k = original.casefold()
        if k not in self.entries:
            given = identifiers.get(k)
            tag_kind = given.kind if given else kind
            tags = TAGS[language]
            self.entries[k] = (
                given.replacement
                if given and given.replacement
                else tags.get(tag_kind, tags["identifier"])
            )
        return self.entries[k]


def replace_spans(
    text: str, spans: Sequence[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int, int]]]:
    """Apply (start, end, replacement) edits; returns the new text and the edits' shifts."""
    out, pos, shifts = [], 0, []
    delta = 0
    for start, end, new in sorted(spans):
        out += [text[pos:start], new]
        shifts.append((start, end, delta))
        delta += len(new) - (end - start)
        pos = end
    out.append(text[pos:])
    return "".join(out), shifts


def map_offset(pos: int, edits: Sequence[tuple[int, int, str]], side: str) -> int:
    """Where old offset ``pos`` lands after the edits; inside an edit it snaps to its edge."""
    delta = 0
    for start, end, new in sorted(edits):
        if pos <= start:
            break
        if pos < end:
            return start + delta + (0 if side == "start" else len(new))
        delta += len(new) - (end - start)
    return pos + delta
