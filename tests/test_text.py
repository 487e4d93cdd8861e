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
