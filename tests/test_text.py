from stc.text import assign_roles, normalise, parse_lines, slug


def test_normalise_removes_bom_crlf_trailing_spaces_and_composes():
    raw = "\ufeffI: Hei  \r\n\r\nR: Ha\u0308 det\r\n"
    assert normalise(raw) == "I: Hei\n\nR: Hä det"


def test_labelled_lines_start_turns_and_unlabelled_lines_continue_them():
    parsed = parse_lines(["Intervjuer: Hei.", "Kari Nordmann: Jeg", "fortsetter her.", ""])
    assert [(t.label, t.text) for t in parsed.turns] == [
        ("Intervjuer", "Hei."),
        ("Kari Nordmann", "Jeg fortsetter her."),
    ]


def test_paragraph_after_blank_line_is_a_new_turn_of_the_same_speaker():
    parsed = parse_lines(["R: Første avsnitt.", "", "Andre avsnitt."])
    assert [(t.label, t.text) for t in parsed.turns] == [
        ("R", "Første avsnitt."),
        ("R", "Andre avsnitt."),
    ]


def test_lowercase_clause_with_colon_is_not_a_speaker_label():
    parsed = parse_lines(["R: Det var sånn:", "men det gikk: greit"])
    assert len(parsed.turns) == 1


def test_names_become_neutral_roles_and_are_reported():
    roles = assign_roles(["Intervjuer", "Kari", "Ola", "Kari"], {})
    assert roles.roles == {"Intervjuer": "I", "Kari": "R1", "Ola": "R2"}
    assert any("Kari" in n and "R1" in n for n in roles.notices)


def test_explicit_speaker_mapping_wins_case_insensitively():
    roles = assign_roles(["Anne", "Kari"], {"anne": "I", "KARI": "R"})
    assert roles.roles == {"Anne": "I", "Kari": "R"}
    assert roles.notices == []


def test_slug_keeps_norwegian_letters():
    assert slug("Intervju Ærlig Øst.docx") == "intervju-ærlig-øst.docx"
    assert slug("  ") == "transcript"


def test_time_stamps_in_every_position_go_to_the_turn_not_the_text():
    parsed = parse_lines(
        [
            "Interviewer [00:01:10]: So what happened?",
            "Respondent: 00:01:15 Uh, well, nothing.",
            "00:12:40",
            "Intervjuer: Hei.",
            "[Kari Nordmann] 1:02:13.500",
            "Hei igjen.",
        ]
    )
    assert [(t.label, t.time, t.text) for t in parsed.turns] == [
        ("Interviewer", "00:01:10", "So what happened?"),
        ("Respondent", "00:01:15", "Uh, well, nothing."),
        ("Intervjuer", "00:12:40", "Hei."),
        ("Kari Nordmann", "01:02:13", "Hei igjen."),
    ]


def test_lower_case_names_count_as_speakers_only_when_they_recur():
    lines = ["kari: hei", "", "ola: ja", "", "kari: ok?", "", "ola: fint", "", "kari: bra?", ""]
    lines += ["ola: javel"]
    parsed = parse_lines(lines)
    assert [t.label for t in parsed.turns] == ["kari", "ola"] * 3
    once = parse_lines(["R: Hun sa det slik:", "", "det gikk: greit, egentlig."])
    assert [t.label for t in once.turns] == ["R", "R"]


def test_role_words_in_five_languages_become_roles():
    labels = ["Enquêteur", "Interviewée", "Intervjuar", "deltakar", "Moderatorin", "Befragter"]
    roles = assign_roles(labels, {})
    assert roles.roles == {
        "Enquêteur": "I1",
        "Interviewée": "R1",
        "Intervjuar": "I2",
        "deltakar": "R2",
        "Moderatorin": "I3",
        "Befragter": "R3",
    }


def test_existing_roles_keep_their_numbers():
    roles = assign_roles(["I", "R2", "I", "R1"], {})
    assert roles.roles == {"I": "I", "R2": "R2", "R1": "R1"}


def test_the_speaker_who_asks_becomes_the_interviewer():
    labels = ["Ola", "Kari", "Ola", "Kari"]
    texts = ["Hva gjør du?", "Jeg jobber som veileder, og det er travelt.", "Hvorfor?", "Fordi."]
    roles = assign_roles(labels, {}, texts)
    assert roles.roles == {"Ola": "I", "Kari": "R"}
    assert any("'Ola' stored as I: asks most of the questions" in n for n in roles.notices)


def test_speaker_mapping_ignores_case_and_spaces_and_reports_what_it_used():
    roles = assign_roles(["Interviewer1", "Kari"], {"interviewer 1": "I", "Ola": "R"})
    assert roles.roles["Interviewer1"] == "I" and roles.used == frozenset({"interviewer 1"})


def test_a_very_long_line_without_a_label_is_text():
    line = "x." * 100_000 + ": " + "Intervjuer: hei"
    parsed = parse_lines([line])
    assert [(t.label, len(t.text)) for t in parsed.turns] == [(None, len(line))]


def test_a_clock_time_that_opens_an_answer_stays_in_the_text():
    parsed = parse_lines(["R: 12:30 var vi ferdige, tror jeg.", "", "I: [00:04:10] Og så?"])
    assert [(t.time, t.text) for t in parsed.turns] == [
        ("", "12:30 var vi ferdige, tror jeg."),
        ("00:04:10", "Og så?"),
    ]
