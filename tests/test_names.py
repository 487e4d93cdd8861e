"""Names from evidence (stc/core/names.py): which evidence gives which confidence.

The confidence is what a researcher sees in `stc anon review` and what decides whether a
candidate is reported (≥ REPORT) and searched for everywhere (≥ PROPAGATE), so each kind of
evidence is pinned here with the confidence it gives, in the order the rules are tried.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util

import pytest

from stc.core import names
from stc.core.names import PROPAGATE, REPORT, score_names

EVIDENCE = [
    # (language, sentence, [(found text, kind, confidence)])
    # a strong cue names whatever follows, known word or not
    ("nb", "Hun heter Xylofon.", [("Xylofon", "name", 0.95)]),
    ("nb", "Dr. Zyxwu kom.", [("Zyxwu", "name", 0.95)]),
    ("en", "Her name is Hope.", [("Hope", "name", 0.95)]),
    # an organisation of two or more words; a lone "Banken" is the bank
    ("nb", "Vi jobber med Berg Consulting AS nå.", [("Berg Consulting", "organisation", 0.7)]),
    ("nb", "Vi jobber i Banken nå.", []),
    # a first name and a surname: certain, even opening a sentence or after "Så"
    ("nb", "Jeg ringte Kari Nordmann i går.", [("Kari Nordmann", "name", 0.95)]),
    ("nb", "Så Kari Nordmann sa det.", [("Kari Nordmann", "name", 0.95)]),
    ("nb", "Jeg møtte Per Hansen i går.", [("Per Hansen", "name", 0.95)]),  # "per" is a word
    ("en", "Mark Hansen came.", [("Mark Hansen", "name", 0.95)]),
    ("nb", "Vi snakket om McLeod Hansen i går.", [("McLeod Hansen", "name", 0.9)]),
    # one name of the lexicon mid-sentence; opening a sentence only a first name counts
    ("nb", "Vi snakket om Kari i går.", [("Kari", "name", 0.85)]),
    ("en", "So Kari said it.", [("Kari", "name", 0.85)]),  # the filler is not part of it
    ("nb", "Vi snakket om Evas mor.", [("Evas", "name", 0.85)]),  # genitive
    ("nb", "Kari sa det.", [("Kari", "name", 0.8)]),
    # a genitive without an apostrophe opening a sentence is as often a word ("Andres
    # erfaringer": others'); with one, it is a name
    ("nb", "Evas mor ringte.", [("Evas", "name", 0.3)]),
    ("nb", "Jonas' bil sto der.", [("Jonas'", "name", 0.8)]),
    (
        "en",
        "Sarah's mum was ill. Tom's wife rang.",
        [("Sarah's", "name", 0.8), ("Tom's", "name", 0.8)],
    ),
    ("en", "I met Priya's manager.", [("Priya's", "name", 0.6)]),  # no lexicon: a possessive
    ("nb", "Det er Olsens firma.", [("Olsens", "name", 0.85)]),  # a surname's genitive
    # a hyphenated name is one name
    (
        "nb",
        "Per-Erik og Mai-Britt hjalp meg.",
        [("Per-Erik", "name", 0.8), ("Mai-Britt", "name", 0.85)],
    ),
    ("nb", "Jeg snakket med Anne-Lise i går.", [("Anne-Lise", "name", 0.85)]),
    ("nb", "Han jobber i NAV-kontoret.", []),
    ("nb", "Hansen sa det.", [("Hansen", "name", 0.3)]),
    ("nb", "Ring de små arbeidsgiverne.", [("Ring", "name", 0.3)]),
    # Mc/Mac/O' names are names, not CamelCase products
    ("nb", "Vi snakket med McLeod i går.", [("McLeod", "name", 0.85)]),
    ("en", "I met O'Brien yesterday.", [("O'Brien", "name", 0.85)]),
    # product names: a word that goes on with an acronym, CamelCase or a number
    ("nb", "Vi brukte Power BI i går.", []),
    ("nb", "Vi brukte Azure DevOps i går.", []),
    ("nb", "Vi brukte Office 365 i går.", []),
    ("nb", "Vi brukte AutoML i går.", []),
    # no lexicon: a relation, a person's verb or a place cue points at a person or place
    ("nb", "kollegaen min Mikko sa det.", [("Mikko", "name", 0.85)]),
    ("en", 'She said "Aino was there".', [("Aino", "name", 0.85)]),
    ("en", "I talked to Zyxwu yesterday.", [("Zyxwu", "name", 0.85)]),
    ("nb", "Og så Mikko sa det.", [("Mikko", "name", 0.7)]),
    ("nb", "De flyttet til Gjøvik i fjor.", [("Gjøvik", "name", 0.7)]),
    ("nb", "Vi møtte Daan García i går.", [("Daan García", "name", 0.6)]),
    # a definite noun is a role ("Fastlegen sa"): below the reporting bar
    ("nb", "Og så Fastlegen sa det.", [("Fastlegen", "name", 0.45)]),
    ("nb", "Vi møtte Zyxwu i går.", [("Zyxwu", "name", 0.45)]),
    # a single unknown capital opening a sentence, or an adverb before a verb: nothing
    ("nb", "Zyxwu er et ord.", []),
    ("nb", "Etterpå ringte hun.", []),
    # a strong cue keeps an everyday word that is a first name ("Per"); a name written in
    # lower case elsewhere in the same text is a word there too: only a cue lifts it
    ("nb", "Han heter Per.", [("Per", "name", 0.95)]),
    ("en", "I hope to work with Hope again.", [("Hope", "name", 0.6)]),
    ("en", "I hope we had Hope there.", [("Hope", "name", 0.3)]),
    ("nb", "Jeg snakket med Hans i går.", [("Hans", "name", 0.6)]),  # "hans" is "his"
    ("nb", "Hans bil er ny.", [("Hans", "name", 0.3)]),
    # a filler or conjunction before a name is dropped wherever the run starts
    ("nb", "Ja. Så Kari Nordmann kom.", [("Kari Nordmann", "name", 0.95)]),
    # capitalised words that end in a surname, whatever the words before it
    ("nb", "Vi møtte Daan Zyxwu Hansen i går.", [("Daan Zyxwu Hansen", "name", 0.9)]),
    # a first name before an acronym is still a name; a surname before one is a product
    ("nb", "Jeg snakket med Kari NAV-veileder.", [("Kari", "name", 0.85)]),
    # a false start is no name ("I- I'd" is two capitalised words)
    ("en", "Uh, well, I- I'd been on sick leave myself.", []),
    # ambiguous first names that are everyday words are left alone on their own
    ("nb", "Og Per sa det.", []),
    ("en", "In May we moved.", []),
    ("en", "Will said it.", []),
]


@pytest.mark.parametrize(("language", "text", "expected"), EVIDENCE)
def test_each_kind_of_evidence_gives_its_confidence(language, text, expected):
    found = [(text[a:b], kind, c) for a, b, kind, c in score_names(text, language)]
    assert found == expected


def test_the_bars_sit_between_the_levels_of_evidence():
    # what is reported and what is searched for everywhere follow from the table above
    assert 0.45 < REPORT <= 0.6 and 0.7 < PROPAGATE <= 0.8


def test_a_repeated_product_word_is_below_the_bar_each_time():
    text = "Vi brukte Jobbnett, og Jobbnett var bra."
    assert [(text[a:b], c) for a, b, _, c in score_names(text, "nb")] == [
        ("Jobbnett", 0.45),
        ("Jobbnett", 0.45),
    ]


def test_masked_spans_hold_no_names_whether_given_or_found():
    text = "Jeg ringte [navn] og Kari Nordmann."
    assert [text[a:b] for a, b, *_ in score_names(text, "nb")] == ["Kari Nordmann"]
    start = text.index("Kari")
    assert score_names(text, "nb", masked=[(start, start + 4)]) == []
    assert score_names(text, "nb", masked=[(start + 5, start + 13)]) == []  # the surname
    assert names.placeholders("Person A møtte Company 12 og <NAME>.") == [
        (29, 35),
        (0, 8),
        (15, 25),
    ]


@pytest.mark.parametrize(
    ("text", "start", "initial"),
    [
        ("Kari kom.", 0, True),
        ("Ja. Kari kom.", 4, True),
        ("Hun sa: Kari kom.", 8, True),
        ("Han sa «Kari kom».", 8, True),
        ("Det var – Kari kom.", 10, True),
        ("Hva... Kari kom.", 7, True),
        ("Og Kari kom.", 3, False),
        ("Vi, Kari og jeg.", 4, False),
        ("Et langt ord før. Så kom Kari.", 25, False),  # only the last few characters count
    ],
)
def test_what_opens_a_sentence(text: str, start: int, initial: bool):
    assert text[start:].startswith("Kari")
    assert names._sentence_initial(text, start) is initial


@pytest.mark.parametrize("word", ["Per", "Will", "May", "Mark", "Bill"])
def test_first_names_that_are_everyday_words_are_not_name_words_alone(word: str):
    first, _ = names.lexicon("en")
    assert not names._is_name_word(word, first | {word})
    assert names._is_name_word("Kari", first)
    assert not names._is_name_word("Zyxwu", first)


def test_stop_words_come_from_spacys_lists_without_importing_spacy():
    en, nb = names._stop_words("en"), names._stop_words("nb")
    assert {"the", "because", "would"} <= en and {"og", "ikke", "allerede"} <= nb
    assert "kari" not in nb and "tesla" not in en
    assert {"the", "og", "yeah", "mandag", "hvorfor"} <= names.common_words("nb")


def test_stop_words_are_empty_when_spacy_or_its_list_is_missing(monkeypatch, tmp_path):
    assert names._stop_words("xx-none") == set()  # a language spaCy has no folder for
    real = importlib.util.find_spec

    def without_spacy(name: str, *args: object):
        return None if name == "spacy" else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", without_spacy)
    assert names._stop_words("en") == set()
    # a list that is not Python (a broken install) gives nothing rather than an error
    broken = tmp_path / "lang" / "en"
    broken.mkdir(parents=True)
    (broken / "stop_words.py").write_text("STOP_WORDS = set(\n", encoding="utf-8")

    spec = importlib.machinery.ModuleSpec("spacy", None, is_package=True)
    spec.submodule_search_locations = [str(tmp_path)]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: spec)
    assert names._stop_words("en") == set()
    (broken / "stop_words.py").write_text(
        'STOP_WORDS = set("""\nen to\n""".split()) | set("""\ntre\n""".split())\n'
    )
    assert names._stop_words("en") == {"en", "to", "tre"}  # every list in the file
