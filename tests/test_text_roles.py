"""Speaker labels, neutral roles, line placements and normalisation, pinned case by case.

Each test names the behaviour a researcher would notice if it broke: an interviewer stored as
a respondent, a Word comment anchored a few characters off, a name leaking into a role.
"""

from pathlib import Path

import docx
import pytest

from stc.importers import Options, import_file
from stc.text import Placement, assign_roles, find_all, normalise, parse_lines, slug

# --- roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Intervjuer",  # nb
        "Intervjuar",  # nn
        "Interviewer",  # en
        "Moderator",
        "Int",
        "Spørsmål",
        "Question",
        "INTERVJUER",
    ],
)
def test_interviewer_words_become_i_without_a_notice(label: str):
    got = assign_roles([label], {})
    assert got.roles == {label: "I"}
    assert got.notices == []


@pytest.mark.parametrize(
    "label",
    [
        "Informant",
        "Deltaker",  # nb
        "Deltakar",  # nn
        "Respondent",
        "Participant",
        "Interviewee",
        "Svar",
        "Answer",
        "INFORMANT",
    ],
)
def test_respondent_words_become_r_without_a_notice(label: str):
    got = assign_roles([label], {})
    assert got.roles == {label: "R"}
    assert got.notices == []


def test_role_codes_are_kept_as_they_are():
    got = assign_roles(["I", "R2", "IP1", "R2"], {})
    assert got.roles == {"I": "I", "R2": "R2", "IP1": "IP1"}
    assert got.notices == []


def test_unlabelled_turns_belong_to_the_respondent():
    got = assign_roles([None, "I", None], {})
    assert got.roles == {"": "R", "I": "I"}
    assert got.notices == []


def test_a_repeated_name_does_not_stop_the_names_after_it():
    got = assign_roles(["Intervjuer", "Kari", "Intervjuer", "Kari", "Ola", "Per Olav"], {})
    assert got.roles == {"Intervjuer": "I", "Kari": "R1", "Ola": "R2", "Per Olav": "R3"}
    assert len(got.notices) == 3
    assert "'Ola' stored as R2" in got.notices[1] and "'Per Olav=I'" in got.notices[2]


def test_a_name_that_is_also_a_role_word_can_be_mapped_explicitly():
    got = assign_roles(["Moderator", "Svar", "Kari"], {"moderator": "R", "kari": "I"})
    # the explicit mapping wins; "Svar", a second respondent beside it, is numbered
    assert got.roles == {"Moderator": "R", "Svar": "R1", "Kari": "I"}
    assert got.notices == []


# --- labels and placements ----------------------------------------------------------------


def test_placements_record_turn_offset_and_skipped_characters():
    parsed = parse_lines(
        [
            "Intervjuer: Hva skjedde?",  # label: 12 characters skipped
            "  Kari Nordmann:   Jeg ringte NAV.",  # 2 indent + label + spaces skipped
            "    og de svarte ikke",  # continues turn 1 after "Jeg ringte NAV." and a space
            "",
            "\tEtter en uke kom brevet.",  # a new paragraph of the same speaker
        ]
    )
    assert [(t.label, t.text) for t in parsed.turns] == [
        ("Intervjuer", "Hva skjedde?"),
        ("Kari Nordmann", "Jeg ringte NAV. og de svarte ikke"),
        ("Kari Nordmann", "Etter en uke kom brevet."),
    ]
    assert parsed.placements == [
        Placement(0, 0, 12),
        Placement(1, 0, 2 + len("Kari Nordmann:   ")),
        Placement(1, len("Jeg ringte NAV. "), 4),
        None,
        Placement(2, 0, 1),
    ]


def test_a_placement_maps_an_input_column_to_the_turn_text():
    lines = ["R: Det første.", "   Det andre, med komma.", "  Tredje linje her."]
    parsed = parse_lines(lines)
    (turn,) = parsed.turns
    for n, word in ((0, "første"), (1, "komma"), (2, "Tredje")):
        p = parsed.placements[n]
        assert p is not None
        column = lines[n].index(word)
        start = p.offset + column - p.skipped
        assert turn.text[start : start + len(word)] == word


def test_unlabelled_first_line_is_a_turn_without_a_speaker():
    parsed = parse_lines(["  Jeg begynner uten navn.", "I: Og så?"])
    assert [(t.label, t.text) for t in parsed.turns] == [
        (None, "Jeg begynner uten navn."),
        ("I", "Og så?"),
    ]
    assert parsed.placements == [Placement(0, 0, 2), Placement(1, 0, 3)]


def test_labels_longer_than_forty_characters_are_text():
    forty = "Representant Fra Arbeidsgiversiden Nord"
    assert len(forty) == 39
    ok = parse_lines([f"{forty}X: hei"])
    assert ok.turns[0].label == f"{forty}X"  # 40 characters: still a label
    too_long = parse_lines([f"{forty}XY: hei"])
    assert too_long.turns[0].label is None and too_long.turns[0].text == f"{forty}XY: hei"


def test_label_needs_a_space_after_the_colon_and_at_most_four_words():
    parsed = parse_lines(["Kl. 10:30 kom hun", "", "Ole Per Kari Anne Lise: hei", "", "Tid:12"])
    assert [t.label for t in parsed.turns] == [None, None, None]


def test_word_comment_on_an_indented_continuation_line_keeps_its_words(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("Intervjuer: Hvordan var det?")
    d.add_paragraph("Kari: Det var tungt i starten.")
    p = d.add_paragraph("    Så ")
    run = p.add_run("ble det bedre")
    p.add_run(" etter hvert.")
    d.add_comment(run, text="mestring", author="ms")
    path = tmp_path / "k.docx"
    d.save(str(path))
    got = import_file(path, Options(group="g"))
    turns = got.transcript.turns
    assert turns[1].text == "Det var tungt i starten. Så ble det bedre etter hvert."
    (span,) = got.coded
    assert turns[span.turn - 1].text[span.start : span.end] == "ble det bedre"


# --- normalisation, slugs, searching --------------------------------------------------------


def test_normalise_turns_old_mac_line_ends_into_newlines():
    assert normalise("I: Hei\rR: Hallo\r\rI: Ja") == "I: Hei\nR: Hallo\n\nI: Ja"


def test_normalise_strips_blank_lines_at_the_ends_but_keeps_leading_indent():
    assert normalise("\n\n  Innrykk beholdes\t \n\n") == "  Innrykk beholdes"
    assert normalise("XL-jakka var for stor, sa BMX\n") == "XL-jakka var for stor, sa BMX"


def test_slug_joins_words_trims_edges_and_limits_length():
    assert slug("  Kari  & Ola -- intervju 2 ") == "kari-ola-intervju-2"
    assert slug("--_.intervju._--") == "intervju"
    assert slug("a" * 70) == "a" * 64
    assert slug("x - - y") == "x-y"


def test_find_all_finds_every_start_including_overlaps():
    assert find_all("ja, ja, jaja", "ja") == [0, 4, 8, 10]
    assert find_all("aaa", "aa") == [0, 1]
    assert find_all("hei", "nei") == []
    assert find_all("hei", "") == []
