"""Evidence that a capitalised word is a person's name — more than its capital letter.

Real speech is full of capitalised words that are not names ("Uh", "So", "Yeah" after a full
stop, product names, the transcript's own placeholders). A candidate (a run of capitalised
words) is scored from evidence, and only a score of at least ``REPORT`` is a finding:

- a first name or surname from the name lexicon of the workspace's language (the person-name
  lists that the Faker package ships for Norwegian, Swedish, Danish, English, German, French
  and Polish — public name statistics, kept up to date by a well-kept package, read lazily);
- a first name followed by another capitalised word ("Kari Nordmann");
- a cue before it ("jeg heter", "kollegaen min", "my colleague", "Dr", "fru", "Mr" …);
- capitals in the middle of a sentence, for words that are no common word of the language and
  do not occur in lower case in the same turn.

Spoken-language words (fillers, discourse words, stop words) are never names, and nothing
inside a placeholder (``[navn]``, ``<NAME>``, ``Company 1``, ``Person A``, ``XX``) is a finding.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from stc.speech import DISCOURSE, HESITATIONS

# public bodies and their units: naming them identifies no one (a workspace adds its own with
# anonymity.allow in stc.yaml)
PUBLIC_BODIES = (
    "NAV",
    "Nav",
    "Arbeid og ytelser",
    "NAV Arbeid og ytelser",
    "NAV Arbeidslivssenter",
    "Arbeidslivssenter",
    "Arbeidslivssenteret",
    "NAV Hjelpemidler og tilrettelegging",
    "Hjelpemidler og tilrettelegging",
    "NAV Fylket",
    "Arbeids- og velferdsdirektoratet",
    "Arbeids- og velferdsetaten",
    "Helsedirektoratet",
    "Folkehelseinstituttet",
    "Arbeidstilsynet",
    "Skatteetaten",
    "Statens vegvesen",
    "Statsforvalteren",
    "Fylkesmannen",
    "Helse Sør-Øst",
    "Helse Vest",
    "Helse Midt-Norge",
    "Helse Nord",
    "Helfo",
    "Legevakten",
    "Legevakta",
    "Rådgivende overlege",
    "Arbeids- og inkluderingsdepartementet",
    "Helse- og omsorgsdepartementet",
    "Stortinget",
    "Regjeringen",
)

REPORT = 0.5  # findings at or above this confidence are reported and gated
PROPAGATE = 0.8  # names this certain are searched for everywhere, in every sentence position

_LOCALES = {
    "nb": ("no_NO", "sv_SE", "da_DK", "en_GB", "en_US", "de_DE", "pl_PL", "fr_FR"),
    "nn": ("no_NO", "sv_SE", "da_DK", "en_GB", "en_US", "de_DE", "pl_PL", "fr_FR"),
    "en": ("en_GB", "en_US", "en_IE", "de_DE", "fr_FR", "pl_PL", "no_NO", "sv_SE"),
}

PLACEHOLDER_NOUNS = (
    "Company Firm Organisation Organization Business Employer Client Customer Vendor Supplier "
    "Partner Agency Department Unit Team Project Product Site School University College "
    "Hospital Clinic City Town Village Country Region Place Pays Ville Entreprise Personne "
    "Person Participant Informant Interviewee Respondent Colleague Manager Doctor Nurse "
    "Bedrift Firma Virksomhet Arbeidsgiver Kunde Leverandør Avdeling Enhet Prosjekt Skole "
    "Sykehus Klinikk Kommune Fylke Sted By Land Deltaker Kollega Leder Lege Sykepleier"
).split()
PLACEHOLDER = re.compile(
    r"\[[^\[\]\n]{1,40}\]"  # [navn], [sted], [name]
    r"|<[^<>\n]{1,30}>"  # <NAME>
    r"|\{[^{}\n]{1,30}\}"  # {name}
    r"|\b(?:X{2,}|NN|N\.N\.)(?!\w)"  # XX, NN
)
# "Company 1", "Person A": a placeholder noun with a number or a capital letter
_NOUN_MARK = re.compile(r"\b([A-ZÆØÅ][a-zæøå]+)[ _-]?(?:\d{1,3}|[A-Z])\b")
_NOUNS = frozenset(PLACEHOLDER_NOUNS)

CUES = re.compile(
    r"(?:\b(?:heter|het|kalt|kalles|navnet|navn|kollegaen|kollega|kollegene|sjefen|lederen|"
    r"legen|fastlegen|veilederen|saksbehandleren|naboen|kona|mannen|samboeren|datteren|"
    r"sønnen|broren|søsteren|named|called|name\s+is|colleague|manager|boss|doctor|husband|"
    r"wife|partner|daughter|son|brother|sister|neighbour|neighbor|friend|venninnen|vennen|"
    r"med|with|and|og|til|to|from|fra|ringte|called|spoke|snakket)\s+(?:min\s+|mi\s+|mitt\s+|"
    r"my\s+|our\s+|vår\s+)?"
    r"|\b(?:Dr|dr|Mr|Mrs|Ms|Miss|Prof|fru|herr|frk)\.?\s+"
    r"|\b(?:sa|sier|spurte|svarte|said|says|asked|told\s+me)\s*[:,]?\s*[«\"“]\s*)$"
)
# cues that point at a person even before a word no lexicon knows (not bare prepositions:
# "moved everything to Azure" is no person)
RELATION = re.compile(
    r"(?:\b(?:kollegaen|kollega|sjefen|lederen|legen|fastlegen|veilederen|saksbehandleren|"
    r"naboen|kona|mannen|samboeren|datteren|sønnen|broren|søsteren|venninnen|vennen|"
    r"colleague|manager|boss|doctor|husband|wife|daughter|son|brother|sister|neighbour|"
    r"neighbor|friend)\s+(?:min\s+|mi\s+|mitt\s+|vår\s+)?"
    r"|\b(?:my|our)\s+(?:colleague|manager|boss|doctor|husband|wife|partner|daughter|son|"
    r"brother|sister|neighbour|neighbor|friend)\s+"
    r"|\b(?:sa\s+til|snakket\s+med|pratet\s+med|ringte\s+til|spurte|talked\s+to|"
    r"talked\s+with|spoke\s+to|spoke\s+with|told|asked)\s+"
    r"|\b(?:sa|sier|spurte|svarte|said|says|asked)\s*[:,]?\s*[«\"“]\s*)$"
)
# where someone lives or comes from: the next capitalised word is a place ("flyttet til Gjøvik")
PLACE_CUE = re.compile(
    r"\b(?:flyttet\s+til|flytta\s+til|bor\s+i|bodde\s+i|bor\s+på|kommer\s+fra|"
    r"vokste\s+opp\s+i|moved\s+to|live\s+in|lives\s+in|lived\s+in|grew\s+up\s+in|"
    r"comes?\s+from)\s+$"
)
# a person's verbs right after the word ("Aino sa", "Sanne called")
SPEAKS = re.compile(
    r"^\s+(?:sa|sier|mente|mener|ringte|skrev|fortalte|spurte|svarte|said|says|called|"
    r"told|thinks|thought|wrote|asked|replied|mentioned)\b"
)
# cues strong enough on their own ("heter Kari"); the weak ones (med, og, to …) only add
_STRONG_CUE = re.compile(
    r"(?:\b(?:heter|het|kalt|kalles|navnet|named|called|name\s+is)\s+"
    r"|\b(?:Dr|dr|Mr|Mrs|Ms|Miss|Prof|fru|herr|frk)\.?\s+)$"
)
# a capitalised word; "McLeod", "MacDonald", "O'Brien" too
# (a hyphenated name is one word: "Per-Erik", "Mai-Britt", "Anne-Lise")
_WORD = (
    r"(?:Mc|Mac|O['’])?[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáóíúñçß'’-]+"
    r"(?:(?<=-)[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáóíúñçß'’-]+)*(?![\w])"
)
_CAPITAL_RUN = re.compile(
    rf"(?<![\w'’-]){_WORD}(?:[ ](?:(?:von|van|de|der|den|af|av)[ ])?{_WORD})*"
)
# a product name goes on with an acronym, a CamelCase word or a number ("Power BI", "Azure
# DevOps", "Office 365"); a candidate is never CamelCase itself (see _WORD)
_PRODUCT_AFTER = re.compile(r"\s+(?:[A-Za-z]+[A-Z][a-z]*[A-Z]?\w*|[A-Z]{2,}|\d+)\b")
_SENTENCE_END = re.compile(r"(?:^|[.!?…:;«\"“(\[–—-]|\.\.\.)\s*$")

ORG_SUFFIX = re.compile(
    r"\s(?:AS|ASA|SA|BA|Ltd|Inc|LLC|GmbH|AB|Oy|Group|Gruppen|Consulting|Kommune|kommune|"
    r"Sykehus|sykehus|Sykehuset|Skole|skole|Universitet|University|Hospital|Bank|Banken)\b"
)


@functools.cache
def lexicon(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames) for a workspace language, from Faker's person providers."""
    import importlib

    first: set[str] = set()
    last: set[str] = set()
    for locale in _LOCALES.get(language, _LOCALES["en"]):
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names = getattr(provider, attr, ())
            first |= set(names if not isinstance(names, dict) else names.keys())
        names = getattr(provider, "last_names", ())
        last |= set(names if not isinstance(names, dict) else names.keys())
    return frozenset(n for n in first if " " not in n), frozenset(n for n in last if " " not in n)


@functools.cache
def common_words(language: str) -> frozenset[str]:
    """Words of the language that are never a name on their capital alone (casefolded)."""
    spoken: set[str] = set()
    for table in (HESITATIONS, DISCOURSE):
        for words in table.values():
            spoken |= words
    extra = (
        "yeah yep nope okay ok um uh hmm mm mhm hi hello thanks thank sorry please sure "
        "right exactly absolutely basically actually obviously anyway alright maybe "
        "ja jo nei nå altså liksom egentlig akkurat nettopp greit takk hei ok okei "
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december mandag tirsdag "
        "onsdag torsdag fredag lørdag søndag januar februar mars mai juni juli desember "
        "christmas easter jul påske covid korona corona teams zoom word excel outlook "
        "norge norway norwegian norsk english engelsk europe europa "
        "hvem hva hvor hvorfor hvordan hvilken hvilke hvilket who what where why how which"
    ).split()
    return frozenset({*_stop_words("en"), *_stop_words("nb"), *spoken, *extra})


def _stop_words(language: str) -> set[str]:
    """spaCy's stop-word list for a language, read from its source file: importing spaCy
    itself costs seconds, and the list is all that is needed here."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec("spacy")
    folders = spec.submodule_search_locations if spec else None
    if not folders:
        return set()
    path = Path(next(iter(folders))) / "lang" / language / "stop_words.py"
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return set()
    words: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\n" in node.value:
            words |= set(node.value.split())
    return words


def placeholders(text: str) -> list[tuple[int, int]]:
    """Where the transcript's own placeholders stand ([navn], <NAME>, Company 1, Person A …)."""
    found = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    found += [(m.start(), m.end()) for m in _NOUN_MARK.finditer(text) if m.group(1) in _NOUNS]
    return found


def _sentence_initial(text: str, start: int) -> bool:
    return bool(_SENTENCE_END.search(text[max(0, start - 8) : start])) if start else True


def score_names(
    text: str, language: str, masked: list[tuple[int, int]] | None = None
) -> list[tuple[int, int, str, float]]:
    """Name (and organisation) candidates in one text with a confidence in 0–1; ``masked``
    spans (placeholders, allowed phrases) hold none."""
    first, last = lexicon(language)
    common = common_words(language)
    lower_here = {w.casefold() for w in re.findall(r"(?<![\w-])[a-zæøå][\w'’-]*", text)}
    masked = placeholders(text) if masked is None else masked
    out: list[tuple[int, int, str, float]] = []
    for m in _CAPITAL_RUN.finditer(text):
        start, words = m.start(), m.group().split(" ")
        cued = bool(_STRONG_CUE.search(text[max(0, start - 40) : start]))
        # leading spoken words and common words are not part of a name ("So Kari", "Og Per")
        while (
            words
            and not cued
            and words[0].casefold() in common
            and not _is_name_word(words[0], first)
            and not (  # "Per Hansen", "Per Ole Hansen": a first name before a name
                words[0] in first and len(words) > 1 and (words[1] in last or words[1] in first)
            )
        ):
            start += len(words[0]) + 1
            words = words[1:]
        if not words:
            continue
        end = start + len(" ".join(words))
        if any(a <= start < b or a < end <= b for a, b in masked):
            continue
        span_text = text[start:end]
        kind = "organisation" if ORG_SUFFIX.search(" " + span_text) else "name"
        confidence = _confidence(
            text, start, words, first, last, common, lower_here, kind == "organisation"
        )
        if confidence > 0:
            out.append((start, end, kind, confidence))
    return out


def _stems(word: str) -> list[str]:
    """A word and what it names: its hyphenated parts, and without an apostrophe genitive."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    elif word.endswith(("'", "’")):
        word = word[:-1]
    return [word, *word.split("-")] if "-" in word else [word]


def _is_name_word(word: str, first: frozenset[str]) -> bool:
    return word in first and word.casefold() not in ("per", "will", "may", "mark", "bill")


def _confidence(
    text: str,
    start: int,
    words: list[str],
    first: frozenset[str],
    last: frozenset[str],
    common: frozenset[str],
    lower_here: set[str],
    organisation: bool,
) -> float:
    before = text[max(0, start - 80) : start]  # cues stand right before the word
    initial = _sentence_initial(text, start)
    # "Evas mor", "Jonas' bil": a genitive of a known first name is that name
    # a first name as written, in a hyphenated name, or with an apostrophe genitive
    # ("Sarah's", "Jonas'"): certain enough to open a sentence
    given = [any(s in first for s in _stems(w)) for w in words]
    # a genitive without an apostrophe ("Evas", "Olsens") is a name mid-sentence only: at the
    # start, "Andres" is as often "others'"
    in_lexicon = [
        g
        or any(s in last for s in _stems(w))
        or (w[-1:] == "s" and (w[:-1] in first or w[:-1] in last))
        for g, w in zip(given, words, strict=True)
    ]
    common_word = [w.casefold() in common or w.casefold() in lower_here for w in words]
    if _STRONG_CUE.search(before):
        return 0.95
    if organisation:
        return 0.7 if len(words) >= 2 else 0.0
    if len(words) >= 2 and words[0] in first and not common_word[0]:
        return 0.95  # "Kari Nordmann"
    if len(words) >= 2 and words[0] in first and words[1] in last:
        return 0.95  # "Per Hansen": a first name that is also a word, then a surname
    if len(words) >= 2 and words[-1] in last and not any(common_word):
        return 0.9  # "McLeod Hansen": capitalised words ending in a surname
    after = text[start + len(" ".join(words)) :]
    if _PRODUCT_AFTER.match(after) and not any(given):
        return 0.0  # part of a product name: "Power BI", "Azure DevOps", "Office 365"
    if any(lex and not com for lex, com in zip(in_lexicon, common_word, strict=True)):
        if not initial or CUES.search(before):
            return 0.85
        # opening a sentence, only a first name says "name"; a surname alone is often a
        # word too ("Ring de små arbeidsgiverne")
        return 0.8 if any(given) else 0.3
    if any(in_lexicon):  # a name that is also a word ("Per", "Liv", "Will")
        return 0.6 if (CUES.search(before) and not initial) else 0.3
    if all(common_word):
        return 0.0
    if any(w.isupper() for w in words):
        return 0.0  # a false start ("I- I'd") or a capital with a dash; acronyms never match
    # a Norwegian noun in its definite form ("Fastlegen skrev") is a role, not a name
    definite = len(words) == 1 and re.search(r"(?:en|et|ene|na)$", words[0]) is not None
    # a word opening a sentence and followed by a verb ("Etterpå ringte …") is too often an
    # adverb; mid-sentence, after a filler or a comma, a verb of speech points at a person
    speaks = bool(SPEAKS.match(after)) and not definite and not initial
    if not any(common_word) and RELATION.search(before):
        return 0.85  # "kollegaen min Mikko", "sa til Lucía"
    if not any(common_word) and (speaks or PLACE_CUE.search(before)):
        return 0.7  # "kollegaen min Mikko", "sa til Lucía", 'she said "Aino'
    if len(words) >= 2 and not any(common_word):
        return 0.6  # "Daan García ringte": two capitalised words that are no words
    if not initial and not any(common_word) and words[-1].endswith(("'s", "’s")):
        return 0.6  # "I met Priya's manager": a possessive of a word that is no word
    if initial:
        return 0.0  # a single capital that opens a sentence says nothing
    return 0.45
