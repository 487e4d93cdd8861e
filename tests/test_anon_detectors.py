"""The identifier detectors, kind by kind: what each finds, where it stops, what it leaves alone.

The patterns are module-level regular expressions, so every pattern has labelled cases of its
own here (found text, boundary, look-alike), besides the scanner tests that combine them.
"""

from typing import Any

import pytest

from stc.core import anon
from stc.core.anon import (
    Finding,
    Identifier,
    Key,
    Scanner,
    context_of,
    map_offset,
    propagate_names,
    replace_spans,
    valid_national_id,
)


def _found(text: str, **kw: Any) -> list[tuple[str, str]]:
    (spans,) = Scanner("nb", **kw).scan_texts([text])
    return [(text[a:b], kind) for a, b, kind in spans]


def _numbers(text: str) -> list[tuple[str, str]]:
    return _found(text, names=False)


def _matches(pattern: Any, text: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(text)]


def _check_digits(first_nine: str) -> str | None:
    """Both mod-11 check digits (computed here independently of stc); None if one would be 10."""
    d = [int(c) for c in first_nine]
    k1 = (11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d, strict=True)) % 11) % 11
    d.append(k1)
    k2 = (11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d, strict=True)) % 11) % 11
    return None if 10 in (k1, k2) else f"{k1}{k2}"


def _national_id(first_nine: str) -> str:
    digits = _check_digits(first_nine)
    assert digits is not None, first_nine
    return first_nine + digits


# --- e-mail ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("skriv til kari.nordmann@nav.no i dag", ["kari.nordmann@nav.no"]),
        ("a.b+c@uni-bergen.no.", ["a.b+c@uni-bergen.no"]),  # sentence full stop left out
        ("mailto:ola_n@post.example.com,", ["ola_n@post.example.com"]),
        ("ole@localhost og @kari på X", []),  # no top-level domain; a handle
        ("kari@nav.n", []),  # a one-letter ending is not a domain
    ],
)
def test_email_pattern(text: str, expected: list[str]):
    assert _matches(anon._EMAIL, text) == expected


def test_email_is_one_finding_not_a_url_too():
    assert _numbers("Send til per.hansen@firma.no eller ring.") == [
        ("per.hansen@firma.no", "email")
    ]


# --- web addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("se https://nav.no/sykmeldt?id=7).", ["https://nav.no/sykmeldt?id=7"]),
        ("HTTP://EKSEMPEL.NO/A", ["HTTP://EKSEMPEL.NO/A"]),
        ("gå til www.example.org, så", ["www.example.org"]),
        ("«www.bedrift.no/om-oss»", ["www.bedrift.no/om-oss"]),
        ("på helsenorge.no/fastlege.", ["helsenorge.no/fastlege"]),
        ("sjekk min-side.example.com", ["min-side.example.com"]),
        ("og kommune.se eller x.dk, y.eu, z.info, a.io, b.net", None),
        ("fila rapport.txt og versjon 1.2.3, kl. 14.30", []),
    ],
)
def test_url_pattern(text: str, expected: list[str] | None):
    got = _matches(anon._URL, text)
    if expected is None:
        assert got == ["kommune.se", "x.dk", "y.eu", "z.info", "a.io", "b.net"]
    else:
        assert got == expected


def test_url_after_an_at_sign_is_the_mail_domain_not_a_web_address():
    # the domain of an address the e-mail pattern cannot take is not reported as a URL
    assert _numbers("brukeren @nav.no og ole@nav.no") == [("ole@nav.no", "email")]


# --- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring 22334455 nå", ["22334455"]),
        ("tlf 22 33 44 55.", ["22 33 44 55"]),
        ("tlf 22-33-44-55", ["22-33-44-55"]),
        ("mobil 412 34 567,", ["412 34 567"]),
        ("mobil 412.34.567", ["412.34.567"]),
        ("+4741234567", ["+4741234567"]),
        ("+47 412 34 567", ["+47 412 34 567"]),
        ("0047-41234567", ["0047-41234567"]),
        ("(+47) 22 33 44 55", ["22 33 44 55"]),
        ("i Sverige +46 8 123 456 78", ["+46 8 123 456 78"]),
        ("0046 70-123 45 67", ["0046 70-123 45 67"]),
        ("+44 20 7946 0958", ["+44 20 7946 0958"]),
    ],
)
def test_phone_pattern_finds_norwegian_and_foreign_numbers(text: str, expected: list[str]):
    assert _matches(anon._PHONE, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "12345678",  # Norwegian numbers do not start with 0 or 1
        "02345678",
        "1234 5678",
        "2233445",  # seven digits
        "223344556",  # nine digits
        "x22334455",
        "22334455x",
        "ordre22334455",
        "konto 1234.56.78903",
        "kl. 14.30 kr 12 500 i 2023",
        "+47 12345678",  # country code before a number that cannot exist
        "+4712345678",
        "++4741234567",
        "22 334 455",  # neither 8 digits, 3-2-3 nor 2-2-2-2
    ],
)
def test_phone_pattern_look_alikes(text: str):
    assert _matches(anon._PHONE, text) == []


def test_a_foreign_number_of_eleven_digits_is_still_a_phone_number():
    assert _numbers("ring 0046 8 123 456 i Stockholm") == [("0046 8 123 456", "phone")]


# --- national identity numbers ----------------------------------------------------------------


def test_check_digits_are_computed_mod_11():
    assert _national_id("010280123") == "01028012361"
    assert valid_national_id("01028012361")
    assert valid_national_id("01028000207")  # first check digit 11 - 11 is written 0
    assert valid_national_id("01028000630")  # second check digit 11 - 11 is written 0
    for wrong in ("01028012351", "01028012360", "01028012371", "01028012362"):
        assert not valid_national_id(wrong), wrong


def test_a_first_check_digit_of_ten_means_no_number_can_be_valid():
    assert not any(valid_national_id(f"010280008{i:02d}") for i in range(100))


@pytest.mark.parametrize(
    ("date", "valid"),
    [
        ("010280", True),
        ("311299", True),
        ("311280", True),
        ("000180", False),  # day 0
        ("320180", False),  # day 32
        ("010080", False),  # month 0
        ("011380", False),  # month 13
        ("410280", True),  # D-number: day + 40
        ("711299", True),
        ("720180", False),
        ("400180", False),
        ("015280", True),  # H-number: month + 40
        ("014180", True),
        ("015380", False),
        ("014080", False),
        ("019280", True),  # synthetic: month + 80
        ("018180", True),
        ("019380", False),
        ("018080", False),
    ],
)
def test_date_part_of_national_ids(date: str, valid: bool):
    numbers = [
        f"{date}{i}{digits}" for i in range(100, 200) if (digits := _check_digits(f"{date}{i}"))
    ]
    assert len(numbers) > 50
    assert all(valid_national_id(n) is valid for n in numbers)


def test_national_id_needs_exactly_eleven_digits():
    good = _national_id("010280123")
    assert valid_national_id(good)
    assert not valid_national_id(good[:10])
    assert not valid_national_id(good + "0")
    assert not valid_national_id(good[:5] + "x" + good[6:])
    assert not valid_national_id("")


@pytest.mark.parametrize(
    ("template", "found"),
    [
        ("fnr {} står i brevet", True),
        ("fnr {}.", True),
        ("({})", True),
        ("nr. 1{}", False),  # twelve digits
        ("{}9", False),
        ("1.{}", False),  # part of a dotted number
    ],
)
def test_national_id_boundaries(template: str, found: bool):
    number = _national_id("150575234")
    text = template.format(number)
    assert _numbers(text) == ([(number, "national-id")] if found else [])


def test_national_id_written_with_a_space_after_the_date():
    number = _national_id("450575234")  # a D-number
    text = f"D-nummeret hans er {number[:6]} {number[6:]}, sa hun."
    assert _numbers(text) == [(f"{number[:6]} {number[6:]}", "national-id")]


def test_eleven_digit_account_numbers_are_not_identity_numbers():
    number = _national_id("010280123")
    account = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert _numbers(f"kontonummer {account} og {number}") == [(number, "national-id")]


# --- dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("hun er født 01.02.1980 i Bodø", "01.02.1980"),
        ("Født: 1/2/1980", "1/2/1980"),
        ("fødd 5 januar 2001", "5 januar 2001"),
        ("født den 3. mars 1975", "3. mars 1975"),
        ("f. 24.12.1999", "24.12.1999"),
        ("Fødselsdato: 31-12-1969", "31-12-1969"),
        ("born on 4 May 1990", "4 May 1990"),
        ("date of birth 7 oct. 2003", "7 oct. 2003"),
        ("DOB: 12/11/2001", "12/11/2001"),
    ],
)
def test_date_of_birth_after_a_birth_word(text: str, date: str):
    assert [m.group(1) for m in anon._DOB.finditer(text)] == [date]
    assert _numbers(text) == [(date, "date-of-birth")]


@pytest.mark.parametrize(
    "text",
    [
        "møtet 01.02.1980 gikk greit",  # a date without a birth word
        "født i 1980",  # only a year
        "født 01.02.1880",  # not a 19xx/20xx year
        "født 41.02.1980",
        "født 1. smarch 1980",
    ],
)
def test_dates_that_are_not_dates_of_birth(text: str):
    assert _matches(anon._DOB, text) == []


# --- addresses and postcodes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bor i Storgata 12B nå", ["Storgata 12B"]),
        ("Kirkeveien 3, Oslo", ["Kirkeveien 3"]),
        ("Øvre Slottsgate 5", ["Øvre Slottsgate 5"]),
        ("Nedre Vollgate 11 og Bakkeveg 2", ["Nedre Vollgate 11", "Bakkeveg 2"]),
        ("Torggata 1234", ["Torggata 1234"]),
        ("Solsvingen 7 a", ["Solsvingen 7 a"]),
        ("Fjellstien 2, Prinsens plass 4", ["Fjellstien 2"]),
        ("Eplehagen 3", []),  # no street word
        ("Storgata er fin", []),  # no house number
        ("på gata 12", []),  # lower case: not a street name
        ("Storgata 12345", []),  # five digits is not a house number
        ("at 221 Baker Street", ["221 Baker Street"]),
        ("12 High Road and 5 Long Lane", ["12 High Road", "5 Long Lane"]),
        ("10 Downing Way", ["10 Downing Way"]),
        ("123456 Main Street", []),
    ],
)
def test_street_address_pattern(text: str, expected: list[str]):
    assert _matches(anon._STREET, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bor på 0150 Oslo nå", ["0150 Oslo"]),
        ("5003 BERGEN", ["5003 BERGEN"]),
        ("9010 Tromsø", ["9010 Tromsø"]),
        ("7030 Trondheim Sentrum", ["7030 Trondheim Sentrum"]),
        ("1850 Mysen-Eidsberg", ["1850 Mysen-Eidsberg"]),
        ("12345 Oslo", []),  # five digits
        ("0150 oslo", []),  # the place is capitalised
        ("0150Oslo", []),
    ],
)
def test_postcode_pattern(text: str, expected: list[str]):
    assert _matches(anon._POSTCODE, text) == expected


def test_each_number_kind_is_reported_with_its_kind_and_place():
    nid = _national_id("311299123")
    text = (
        f"Hun bor i Storgata 12B, 0150 Oslo, er født 01.02.1980 og har fnr {nid}. Ring 41 23 45 67."
    )
    (spans,) = Scanner("nb", names=False).scan_texts([text])
    assert [(text[a:b], kind) for a, b, kind in spans] == [
        ("Storgata 12B", "address"),
        ("0150 Oslo", "postcode"),
        ("01.02.1980", "date-of-birth"),
        (nid, "national-id"),
        ("41 23 45 67", "phone"),
    ]
    assert [a for a, _, _ in spans] == sorted(a for a, _, _ in spans)


# --- tags, allow-list, identifier list -------------------------------------------------------------


def test_tags_already_applied_are_not_findings_but_text_next_to_them_is():
    from stc.core.names import PLACEHOLDER

    assert _matches(PLACEHOLDER, "[navn] og [telefon], [] og [" + "x" * 41 + "]") == [
        "[navn]",
        "[telefon]",
    ]
    assert _numbers("[e-post: a@b.no] men a@b.no") == [("a@b.no", "email")]


def test_allow_list_silences_only_the_entries_given():
    text = "Vi ringte Frisklivssentralen Nord og Per Hansen."
    assert _found(text) == [("Frisklivssentralen Nord", "name"), ("Per Hansen", "name")]
    assert _found(text, allow=["frisklivssentralen nord"]) == [("Per Hansen", "name")]
    assert _found(text, allow=["Per Hansen"]) == [("Frisklivssentralen Nord", "name")]
    assert _found(text, allow=["Hansen"]) == [("Frisklivssentralen Nord", "name")]


def test_identifier_list_entries_match_whole_words_longest_first():
    ids = [Identifier("Berg"), Identifier("Berg Bygg AS", "employer"), Identifier("  ")]
    text = "jeg jobbet i berg bygg as, ikke i Bergen, sammen med Berg."
    assert _found(text, identifiers=ids, names=False) == [
        ("berg bygg as", "identifier"),
        ("Berg", "identifier"),
    ]


def test_identifier_wins_over_a_shorter_structured_finding_it_contains():
    ids = [Identifier("Kontoret i Storgata 12", "place")]
    assert _found("Møtet var på Kontoret i Storgata 12.", identifiers=ids, names=False) == [
        ("Kontoret i Storgata 12", "identifier")
    ]


def test_identifiers_and_e_mail_addresses_in_one_text_are_all_found():
    ids = [Identifier("Hansen Bygg")]
    text = "Hansen Bygg har post@hansenbygg.no og www.hansenbygg.no"
    assert _found(text, identifiers=ids, names=False) == [
        ("Hansen Bygg", "identifier"),
        ("post@hansenbygg.no", "email"),
        ("www.hansenbygg.no", "url"),
    ]


def test_findings_inside_a_bracketed_annotation_are_left_alone():
    assert _numbers("[se www.nav.no] og www.nav.no") == [("www.nav.no", "url")]


def test_overlaps_keep_the_longest_and_touching_findings_both_stay():
    keep = anon._non_overlapping
    assert keep([(0, 4, "name"), (0, 13, "name")]) == [(0, 13, "name")]
    assert keep([(4, 10, "phone"), (0, 4, "name")]) == [(0, 4, "name"), (4, 10, "phone")]
    assert keep([(6, 8, "name"), (0, 6, "phone")]) == [(0, 6, "phone"), (6, 8, "name")]
    assert keep([(2, 6, "name"), (0, 4, "phone")]) == [(0, 4, "phone")]  # same length: earlier kind
    assert keep([(3, 8, "phone"), (0, 5, "phone")]) == [(0, 5, "phone")]  # then earlier start


def test_of_two_findings_over_the_same_text_the_earlier_kind_wins():
    ids = [Identifier("22 33 44 55")]
    assert _found("ring 22 33 44 55", identifiers=ids) == [("22 33 44 55", "identifier")]


# --- names ---------------------------------------------------------------------------------------


def test_names_mid_sentence_with_a_sentence_opening_first_name():
    text = "Kari Nordmann ringte. Etterpå snakket jeg med Ola og Per Hansen."
    assert _found(text) == [
        ("Kari Nordmann", "name"),
        ("Ola", "name"),
        ("Per Hansen", "name"),
    ]


def test_words_that_open_sentences_quotes_and_clauses_are_not_names():
    text = "Det var tungt. Så ble det bedre! «Hvorfor nå?» spurte hun. Svaret: Vent. (Greit.)"
    assert _found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hjelp! Ingen svarte. Hvorfor? Ingen vet… Etterpå ringte Ola.",
        'Han sa «Ingen» og "Alle" og “Noen” og (Bare) det: Flere - Mange – Somme, ringte Ola.',
    ],
)
def test_only_the_name_mid_sentence_is_found_after_sentence_ends_and_quotes(text: str):
    assert _found(text) == [("Ola", "name")]


def test_a_known_first_name_opening_a_quote_or_a_sentence_is_a_name_too():
    assert _found("«Kari kom,» sa Ola.") == [("Kari", "name"), ("Ola", "name")]
    assert _found("Ring de små arbeidsgiverne.") == []  # a surname that is also a word


def test_runs_of_capitalised_words_are_one_name():
    assert _found("Jeg møtte Per Ole Hansen, Ola McLeod og Kari i går.") == [
        ("Per Ole Hansen", "name"),
        ("Ola McLeod", "name"),
        ("Kari", "name"),
    ]
    # "Per" is also a word ("per dag"): alone, without a cue or a surname, it says too little
    assert _found("Vi så Ola, Kari og Per.") == [("Ola", "name"), ("Kari", "name")]
    assert _found("Vi ringte Per Hansen.") == [("Per Hansen", "name")]
    assert _found("McLeod Hansen ringte i går.") == [("McLeod Hansen", "name")]


def test_common_capitalised_words_are_not_names_mid_sentence():
    assert _found("Vi møttes på Teams hos NAV i Norge på Mandag i Påske.") == []


def test_a_name_found_once_is_found_where_it_opens_a_sentence_too():
    texts = ["Jeg ringte Kari i dag.", "Kari svarte ikke. Hun ringte tilbake."]
    found = Scanner("nb").scan_texts(texts)
    assert [[t[a:b] for a, b, _ in spans] for t, spans in zip(texts, found, strict=True)] == [
        ["Kari"],
        ["Kari"],
    ]


def test_a_longer_name_is_propagated_whole_not_its_first_name():
    texts = ["Jeg møtte Kari Nordmann.", "Jeg ringte Kari.", "Kari Nordmann svarte."]
    found = Scanner("nb").scan_texts(texts)
    assert [[t[a:b] for a, b, _ in spans] for t, spans in zip(texts, found, strict=True)] == [
        ["Kari Nordmann"],
        ["Kari"],
        ["Kari Nordmann"],
    ]


def test_propagate_names_adds_only_whole_word_occurrences_of_names():
    texts = ["med Kari", "Karianne og Kari, kari"]
    out = propagate_names(texts, [[(4, 8, "name", 0.9)], [(0, 3, "phone", 1.0)]])
    assert out == [
        [(4, 8, "name", 0.9), (4, 8, "name", 0.8)],
        [(0, 3, "phone", 1.0), (12, 16, "name", 0.8)],
    ]
    assert propagate_names(texts, [[(0, 3, "phone", 1.0)], []]) == [[(0, 3, "phone", 1.0)], []]
    texts = ["Kari Nordmann", "Kari", "da Kari Nordmann kom"]
    out = propagate_names(texts, [[(0, 13, "name", 0.95)], [(0, 4, "name", 0.8)], []])
    assert out[2] == [(3, 16, "name", 0.8)]  # the longest known name, not its first name
    # a name found without certainty never spreads ("Um" capitalised once by chance)
    assert propagate_names(["Um ja", "um, Um"], [[(0, 2, "name", 0.45)], []])[1] == []


def test_names_off_finds_no_names():
    assert _found("Jeg snakket med Per Hansen.", names=False) == []


@pytest.fixture
def ner(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """A configured NER model: spaCy's entity ruler labelling a few persons, places and firms."""
    import spacy

    import stc.nlp

    nlp = spacy.blank("nb")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PER", "pattern": "kari"},
            {"label": "PERSON", "pattern": "Nordmann"},
            {"label": "GPE_LOC", "pattern": "Bodø"},
            {"label": "LOC", "pattern": "Lofoten"},
            {"label": "GPE", "pattern": "Tromsø"},
            {"label": "GPE_ORG", "pattern": "Harstad"},
            {"label": "ORG", "pattern": "Equinor"},
            {"label": "MISC", "pattern": "Hurtigruten"},
        ]
    )
    loaded: list[tuple[str, str | None]] = []

    def pipeline(language: str, model: str | None = None) -> Any:
        loaded.append((language, model))
        return nlp

    monkeypatch.setattr(stc.nlp, "pipeline", pipeline)
    return loaded


def test_a_configured_model_reports_its_persons_and_places(ner: list[tuple[str, str | None]]):
    texts = [
        "kari flyttet fra Bodø til Lofoten for Equinor.",  # the model's entities, not ORG
        "Ingen enheter her, men Per Hansen ringte.",  # the model found no one here
        "Ingen navn.",
        "Fru Nordmann tok Hurtigruten fra Tromsø til Harstad.",
    ]
    found = Scanner("nn", model="nn_test").scan_texts(texts)
    assert ner == [("nn", "nn_test")]
    assert [[(t[a:b], k) for a, b, k in s] for t, s in zip(texts, found, strict=True)] == [
        [("kari", "name"), ("Bodø", "name"), ("Lofoten", "name")],
        [],
        [],
        [("Nordmann", "name"), ("Tromsø", "name"), ("Harstad", "name")],
    ]


# --- replacing, re-anchoring, context -------------------------------------------------------------


def test_key_gives_one_replacement_per_identifier_whatever_its_case():
    key = Key()
    ids = {"kari nordmann": Identifier("Kari Nordmann", "name", "Anne")}
    assert key.replacement("Kari Nordmann", "name", "nb", ids) == "Anne"
    assert key.replacement("KARI NORDMANN", "name", "nb", ids) == "Anne"
    assert key.replacement("22 33 44 55", "phone", "nb", ids) == "[telefon]"
    assert key.replacement("ola@nav.no", "email", "en", ids) == "[email]"
    assert key.replacement("Bodø", "name", "nb", {"bodø": Identifier("Bodø", "place")}) == "[sted]"
    assert key.replacement("Hansen AS", "identifier", "en", {}) == "[identifier]"
    assert key.replacement("x", "no-such-kind", "nb", {}) == "[identifikator]"
    assert key.entries["kari nordmann"] == "Anne" and key.entries["ola@nav.no"] == "[email]"


def test_replace_spans_applies_edits_in_order_and_reports_shifts():
    text = "Ring Kari på 22 33 44 55, sa Ola."
    edits = [(13, 24, "[telefon]"), (29, 32, "[navn]"), (5, 9, "[navn]")]
    new, shifts = replace_spans(text, edits)
    assert new == "Ring [navn] på [telefon], sa [navn]."
    assert shifts == [(5, 9, 0), (13, 24, 2), (29, 32, 0)]  # +2, then -2
    assert replace_spans(text, []) == (text, [])


def test_map_offset_moves_offsets_after_edits_and_snaps_inside_them():
    edits = [(0, 4, "[navn]"), (12, 23, "[telefon]")]  # +2, then -2
    new = "[navn] ringte [telefon] i går"
    assert map_offset(0, edits, "start") == 0
    assert map_offset(4, edits, "end") == 6  # right after an edit
    assert map_offset(5, edits, "start") == 7 and new[7:].startswith("ringte")
    assert map_offset(2, edits, "start") == 0  # inside "Kari": the tag's start
    assert map_offset(2, edits, "end") == 6  # … or its end
    assert map_offset(12, edits, "start") == 14  # at an edit's start
    assert map_offset(12, edits, "end") == 14  # a unit ending where the edit starts keeps out
    assert map_offset(15, edits, "start") == 14 and map_offset(15, edits, "end") == 23
    assert map_offset(23, edits, "start") == 23 and map_offset(29, edits, "end") == 29
    assert map_offset(3, [], "start") == 3


def test_context_shows_the_finding_in_brackets_with_up_to_30_characters_around():
    text = "a" * 40 + "Kari" + "b" * 40
    assert context_of(text, 40, 44) == "…" + "a" * 30 + "[Kari]" + "b" * 30 + "…"
    assert context_of("Ring Kari nå", 5, 9) == "…Ring [Kari] nå…"
    assert context_of("Ring Kari nå", 5, 9, width=2) == "…g [Kari] n…"


def test_finding_as_dict():
    f = Finding("vei-01", 3, 5, 9, "name", "Kari", "…[Kari]…")
    assert f.to_dict() == {
        "transcript": "vei-01",
        "turn": 3,
        "start": 5,
        "end": 9,
        "kind": "name",
        "text": "Kari",
        "context": "…[Kari]…",
        "confidence": 1.0,
    }


def test_a_model_never_reports_a_place_the_study_allows(ner):
    ner_texts = ["Hun kom fra Tromsø og Bodø til Harstad."]
    assert len(Scanner("nb", model="m").scan_texts(ner_texts)[0]) == 3
    # Tromsø allowed by the study; "Bodø" stays; a public body's name is never a finding
    found = Scanner("nb", model="m", allow=("Tromsø", "Harstad")).scan_texts(ner_texts)[0]
    assert [ner_texts[0][a:b] for a, b, _ in found] == ["Bodø"]
    assert Scanner("nb", model="m", allow=("Tromsø",)).scan_scored(ner_texts)[0][0][3] == 0.9


def test_structured_findings_are_certain_and_names_carry_their_evidence():
    text = "Ring 22 33 44 55 eller skriv til kari@example.no, sa kollegaen min Mikko."
    ((phone, mail, name),) = Scanner("nb").scan_scored([text])
    assert [(text[a:b], k, c) for a, b, k, c in (phone, mail, name)] == [
        ("22 33 44 55", "phone", 1.0),
        ("kari@example.no", "email", 1.0),
        ("Mikko", "name", 0.85),
    ]
    (spans,) = Scanner("nb", identifiers=[Identifier("Sagvik", "place")]).scan_scored(
        ["Vi bor på Sagvik."]
    )
    assert spans == [(10, 16, "identifier", 1.0)]
    (spans,) = Scanner("nb").scan_scored(["Se https://example.no/side nå."])
    assert spans == [(3, 26, "url", 1.0)]


def test_a_listed_identifier_is_found_even_inside_a_placeholder_other_kinds_are_not():
    ids = [Identifier("Sagvik", "place")]
    text = "[Sagvik skole] ringte fra <22 33 44 55>; [navn]22 33 44 56 rett etter."
    found = [(text[a:b], k) for a, b, k in Scanner("nb", identifiers=ids).scan_texts([text])[0]]
    # the phone number inside <…> is the placeholder's; the one touching [navn] is not
    assert found == [("Sagvik", "identifier"), ("22 33 44 56", "phone")]


def test_a_public_number_the_study_allows_is_silent_as_a_whole():
    text = "Ring NAV på 55 55 33 33 eller meg på 22 33 44 55."
    found = Scanner("nb", names=False, allow=("55 55 33 33",)).scan_texts([text])[0]
    assert [text[a:b] for a, b, _ in found] == ["22 33 44 55"]


def test_inside_an_allowed_phrase_no_name_but_numbers_and_names_beside_it_are_found():
    text = "Jeg ringte Arbeid og ytelser, Kari Hansen, på 22 33 44 55."
    found = [(text[a:b], k) for a, b, k in Scanner("nb").scan_texts([text])[0]]
    assert found == [("Kari Hansen", "name"), ("22 33 44 55", "phone")]
    text = "Vi fikk svar fra Hjelpemidler og tilrettelegging Lise Berg."
    assert _found(text) == [("Lise Berg", "name")]
