"""Step 3 rules on their own (stc/core/condense.py and stc/core/synthesize.py): subgroups,
condensates, golden quotes, the rules of thumb and the step 4 texts built on them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stc import api
from stc.core import condense, synthesize
from stc.errors import Conflict, FormatError, InvalidValue, NotFound
from stc.i18n import strings
from stc.model import Condensation
from stc.store import Workspace


@pytest.fixture
def grouped(ws: Workspace) -> tuple[Workspace, list[str]]:
    """Code group 'tid' with four units: vei-01, vei-02 (veiledere), fyl-01 and vei-01 again."""
    api.add_code_group(ws, "tid", "Tid og press")
    api.add_code(ws, "saker", "tid")
    api.add_code(ws, "frist", "tid")
    ids = [
        api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit.id,
        api.add_unit(ws, "vei-02", "ms", ["saker"], quote="Vi har for mange saker.").unit.id,
        api.add_unit(ws, "fyl-01", "ms", ["frist"], quote="Jeg rekker ikke").unit.id,
        api.add_unit(ws, "vei-01", "ms", ["frist"], quote="før fristen.").unit.id,
    ]
    return ws, ids


def _empty() -> Condensation:
    return Condensation("tid")


def test_a_subgroup_takes_only_units_of_its_code_group_each_once(grouped):
    ws, (a, b, c, d) = grouped
    api.add_unit(ws, "vei-03", "ms", ["annet"], quote="Jeg jobber som veileder.")
    study = ws.study()
    other = next(u.id for u in study.units if u.codes == ("annet",))
    s1 = condense.add_subgroup(study, _empty(), "mange", "", [a, b, a])
    assert [(s.id, s.label, s.units) for s in s1.subgroups] == [("mange", "mange", (a, b))]
    s2 = condense.add_subgroup(study, s1, "mange", "Mange saker", [c, a])
    assert [(s.label, s.units) for s in s2.subgroups] == [("Mange saker", (a, b, c))]
    s3 = condense.add_subgroup(study, s2, "mange", "", [d])
    assert s3.subgroups[0].label == "Mange saker"  # an empty label keeps the old one
    with pytest.raises(Conflict) as caught:
        condense.add_subgroup(study, s3, "frister", "Frister", [a])
    assert caught.value.message == f"unit {a} is already in subgroup 'mange' of 'tid'"
    with pytest.raises(Conflict) as caught:
        condense.add_subgroup(study, s3, "frister", "Frister", [other])
    assert str(caught.value).startswith(f"unit {other} has no code in code group 'tid'")
    assert caught.value.hint.startswith("code it with a code of that group first")
    with pytest.raises(NotFound) as caught:
        condense.add_subgroup(study, s3, "frister", "Frister", ["vei-01.ms.000000"])
    assert caught.value.hint == "`stc unit list` shows unit ids"
    with pytest.raises(NotFound) as caught:
        condense.add_subgroup(study, Condensation("nope"), "x", "X", [a])
    assert str(caught.value).startswith("no code group 'nope' in the codebook")
    assert caught.value.hint == "`stc codebook show` lists the code groups"
    with pytest.raises(FormatError):
        condense.add_subgroup(study, s3, "Not an id", "X", [])


def test_condensate_golden_quote_and_staleness(grouped):
    ws, (a, b, c, _) = grouped
    study = ws.study()
    sub = condense.add_subgroup(study, _empty(), "mange", "Mange", [a, b])
    with pytest.raises(InvalidValue) as caught:
        condense.write_condensate(study, sub, "mange", "  \n ")
    assert caught.value.hint == "write it with --text or --edit"
    written = condense.write_condensate(study, sub, "mange", "  Vi har  for mange saker.\r\n")
    (s,) = written.subgroups
    assert s.condensate == "Vi har  for mange saker." and s.fingerprint
    api.add_subgroup(ws, "tid", "mange", "Mange", [a, b])
    api.write_condensate(ws, "tid", "mange", "Vi har for mange saker.")
    assert not condense.is_stale(ws.study(), "tid", ws.condensation("tid").subgroups[0])
    api.add_subgroup(ws, "tid", "mange", "", [c])  # a unit joins after it was written
    assert condense.is_stale(ws.study(), "tid", ws.condensation("tid").subgroups[0])
    assert not condense.is_stale(ws.study(), "tid", sub.subgroups[0])  # no condensate yet
    golden = condense.choose_golden(sub, "mange", b)
    assert golden.subgroups[0].golden == b
    with pytest.raises(Conflict) as caught:
        condense.choose_golden(sub, "mange", c)
    assert caught.value.message == f"unit {c} is not in subgroup 'mange'"
    assert caught.value.hint == "a golden quotation is chosen from the subgroup's own units"
    with pytest.raises(NotFound) as caught:
        condense.choose_golden(sub, "fa", b)
    assert caught.value.message == "code group 'tid' has no subgroup 'fa' (subgroups: mange)"
    assert caught.value.hint.startswith("add it with `stc subgroup add tid fa --label")
    with pytest.raises(NotFound, match=r"\(subgroups: none yet\)"):
        condense.choose_golden(_empty(), "fa", b)


def test_moving_renaming_and_removing_subgroups(grouped):
    ws, (a, b, c, d) = grouped
    study = ws.study()
    two = condense.add_subgroup(study, _empty(), "mange", "Mange", [a, b, c])
    two = condense.add_subgroup(study, two, "frister", "Frister", [d])
    moved = condense.move_units(study, two, [c], "frister")
    assert [(s.id, s.units) for s in moved.subgroups] == [("mange", (a, b)), ("frister", (d, c))]
    fresh = condense.move_units(study, moved, [a], "ny", "Ny gruppe")
    assert [(s.id, s.label, s.units) for s in fresh.subgroups][-1] == ("ny", "Ny gruppe", (a,))
    assert fresh.subgroups[0].units == (b,)
    renamed = condense.rename_subgroup(fresh, "ny", "Nytt navn")
    assert renamed.subgroup("ny").label == "Nytt navn"  # type: ignore[union-attr]
    gone = condense.remove_subgroup(renamed, "ny")
    assert [s.id for s in gone.subgroups] == ["mange", "frister"]
    with pytest.raises(NotFound):
        condense.remove_subgroup(gone, "ny")
    with pytest.raises(NotFound):
        condense.rename_subgroup(gone, "ny", "X")


@pytest.mark.parametrize(
    ("language", "text", "first"),
    [
        ("nb", "Jeg har for mange saker.", True),
        ("nb", "Saksmengden er for stor for OSS.", True),
        ("nb", "Våre frister er for korte.", True),
        ("nb", "Saksmengden er for stor.", False),
        ("nb", "Vil de jobbe mindre?", False),  # 'vi' inside 'Vil' is no pronoun
        ("en", "We never knew what the vendor did.", True),
        ("en", "I'm always behind.", True),
        ("en", "The vendor never told anyone.", False),
        ("en", "It is mine.", True),
        ("en", "Jeg har for mye.", False),  # an English condensate is judged in English
    ],
)
def test_first_person(language: str, text: str, first: bool):
    assert condense.first_person(text, language) is first


def test_rules_of_thumb_speak_only_when_a_rule_is_broken(grouped):
    ws, (a, b, c, d) = grouped
    api.add_subgroup(ws, "tid", "mange", "Mange", [a])
    api.write_condensate(ws, "tid", "mange", "Saksmengden er stor.")
    assert condense.warnings(ws.study(), ws.condensation("tid"), "nb") == [
        "1 subgroup; STC suggests 2–3 per code group",
        "subgroup mange rests on one informant",
        "the condensate of mange is not in the first person (jeg/vi)",
    ]
    api.add_subgroup(ws, "tid", "mange", "", [b])
    api.write_condensate(ws, "tid", "mange", "Vi har for mange saker.")
    api.add_subgroup(ws, "tid", "frister", "Frister", [c, d])
    assert condense.warnings(ws.study(), ws.condensation("tid"), "nb") == []
    assert condense.warnings(ws.study(), _empty(), "en") == []  # nothing sorted: no rule
    for sid in ("x", "y"):
        api.add_subgroup(ws, "tid", sid, sid, [])
    assert condense.warnings(ws.study(), ws.condensation("tid"), "nb") == [
        "4 subgroups; STC suggests 2–3 per code group"
    ]
    # an English study judges the same Norwegian condensate by English pronouns
    assert condense.warnings(ws.study(), ws.condensation("tid"), "en")[1] == (
        "the condensate of mange is not in the first person (I/we)"
    )


def test_one_unit_per_span_however_many_codes_or_coders(grouped):
    ws, (a, b, c, d) = grouped
    api.add_unit(ws, "vei-01", "ak", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-01", "ms", ["frist"], quote="Vi har for mange saker.")  # a's span
    study = ws.study()
    spans = [(u.transcript, u.anchor) for u in condense.distinct_units(study, "tid")]
    expected = [(study.unit_index[x].transcript, study.unit_index[x].anchor) for x in (a, b, c, d)]
    assert sorted(spans) == sorted(expected)  # five units, four spans


def test_the_step_4_skeleton_proposes_a_heading_and_lists_each_subgroup(grouped):
    ws, (a, b, c, d) = grouped
    api.add_subgroup(ws, "tid", "mange", "Mange saker", [a, b])
    api.write_condensate(ws, "tid", "mange", "Vi har for mange saker.")
    api.choose_golden(ws, "tid", "mange", b)
    api.add_subgroup(ws, "tid", "frister", "Frister", [c, d])
    text = synthesize.skeleton(ws.study(), "tid")
    lines = text.splitlines()
    assert "# «Vi har for mange saker»" in lines
    assert "<!-- Mange saker: Vi har for mange saker. -->" in lines
    assert f"[[{b}]]" in lines and "<!-- Frister: … -->" in lines
    assert lines.index("<!-- Mange saker: Vi har for mange saker. -->") < lines.index(f"[[{b}]]")
    # without a golden quote the code group's label is the heading
    api.add_code_group(ws, "rolle", "Rollen som veileder")
    assert "# Rollen som veileder" in synthesize.skeleton(ws.study(), "rolle").splitlines()


def test_an_analytic_text_keeps_its_heading_and_theme_unless_given_new_ones(grouped):
    ws, (a, b, _, _) = grouped
    study = ws.study()
    first = synthesize.write_synthesis(study, "tid", "  Veilederne har mange saker.\r\n")
    assert (first.heading, first.body, first.theme) == (
        "Tid og press", "Veilederne har mange saker.", None
    )  # fmt: skip
    api.add_theme(ws, "Arbeidshverdagen", "hverdag")
    api.write_synthesis(ws, "tid", "Tekst.", heading="Mange saker", theme="hverdag")
    again = synthesize.write_synthesis(ws.study(), "tid", "Ny tekst.")
    assert (again.heading, again.theme, again.body) == ("Mange saker", "hverdag", "Ny tekst.")
    moved = synthesize.write_synthesis(ws.study(), "tid", "Ny.", heading="Annen", theme="x")
    assert (moved.heading, moved.theme) == ("Annen", "x")
    with pytest.raises(InvalidValue) as caught:
        synthesize.write_synthesis(study, "tid", " \n ")
    assert caught.value.hint == "write it in the file or with --edit"
    with pytest.raises(NotFound) as caught:
        synthesize.write_synthesis(study, "nope", "Tekst.")
    assert caught.value.message == "no code group 'nope'"
    # the fingerprint follows the subgroups' units: a new member changes it
    api.add_subgroup(ws, "tid", "mange", "Mange", [a])
    before = synthesize.code_group_fingerprint(ws.study(), "tid")
    api.add_subgroup(ws, "tid", "mange", "", [b])
    assert synthesize.code_group_fingerprint(ws.study(), "tid") != before
    assert synthesize.code_group_fingerprint(
        ws.study(), "rolle"
    ) == synthesize.code_group_fingerprint(
        ws.study(), "ingen"
    )  # no subgroups: the empty fingerprint


def test_references_headings_and_an_edited_skeleton():
    body = "Se [[vei-01.ms.abc123]] og [[fyl-01.ak.def456]], ikke [[ ]] eller [[a b]]."
    assert synthesize.references(body) == ["vei-01.ms.abc123", "fyl-01.ak.def456"]
    assert synthesize.proposed_heading("Eh, altså, jeg har liksom for mange saker nå", "nb") == (
        "«jeg har for mange saker nå»"
    )
    assert synthesize.proposed_heading("Uh, uh, but, uh, the more", "en") is None
    many = "one two three four five six seven eight"
    assert synthesize.proposed_heading(many, "en", words=3) == "«one two three»"
    edited = "<!-- a\nreminder -->\n# Mange saker\n\nTekst [[u1]].\n<!-- Sub: … -->\nMer.\n"
    assert synthesize.parse_edited(edited) == ("Mange saker", "Tekst [[u1]].\n\nMer.")
    assert synthesize.parse_edited("Bare tekst.\n# Ikke overskrift") == (
        None,
        "Bare tekst.\n# Ikke overskrift",
    )
    assert synthesize.parse_edited("<!-- x -->\n\n#Tett\nTekst") == (None, "#Tett\nTekst")


def test_the_condensate_editor_shows_every_unit_as_a_comment_and_the_old_text(grouped):
    ws, (a, _b, c, _d) = grouped
    api.add_subgroup(ws, "tid", "mange", "Mange", [a, c])
    api.add_unit(ws, "vei-02", "ms", ["saker"], turn=3, start=0, end=23, to_turn=4)
    qa = next(u.id for u in ws.study().units if u.spans_turns)
    api.add_subgroup(ws, "tid", "mange", "", [qa])
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    study = ws.study()
    head = strings("nb")["condensate_head"]
    assert condense.editor_text(study, "tid", "mange") == (
        f"{head}\n"
        "# «Vi har for mange saker.» (NAV-veileder)\n"
        "# «Jeg rekker ikke» (NAV-ansatt, systemnivå)\n"
        "# (Hvordan prioriterer du?) «Vi har for mange saker.» (NAV-veileder)\n"
        "\nJeg har for mange saker."
    )
    assert condense.editor_text(study, "tid", "ny") == f"{head}\n\n\n"  # nothing yet
    assert condense.editor_text(study, "rolle", "x") == f"{head}\n\n\n"


def test_the_skeleton_text_in_full_and_its_fallbacks(grouped):
    ws, (a, b, c, d) = grouped
    api.add_subgroup(ws, "tid", "mange", "Mange saker", [a, b])
    api.choose_golden(ws, "tid", "mange", b)
    api.add_subgroup(ws, "tid", "frister", "Frister", [c, d])
    api.write_condensate(ws, "tid", "frister", "Jeg rekker ikke fristene.")
    study = ws.study()
    reminder = strings("nb")["synthesis_reminder"].format(label="Tid og press")
    assert synthesize.skeleton(study, "tid") == "\n".join(
        [
            reminder,
            "# «Vi har for mange saker»",
            "",
            "<!-- Mange saker: … -->",
            "",
            f"[[{b}]]",
            "",
            "<!-- Frister: Jeg rekker ikke fristene. -->",
            "",
        ]
    )
    # a golden quote that no longer exists proposes nothing; the label is the heading
    c_ = study.condensations["tid"]
    gone = replace(c_, subgroups=(replace(c_.subgroups[0], golden="vei-01.ms.000000"),))
    stale = replace(study, condensations={"tid": gone})
    assert synthesize.skeleton(stale, "tid").splitlines()[1] == "# Tid og press"
    # a code group not (yet) in the codebook: its id names it, no heading is proposed
    unknown = synthesize.skeleton(study, "ukjent").splitlines()
    assert unknown[0] == strings("nb")["synthesis_reminder"].format(label="ukjent").splitlines()[0]
    assert "# " in unknown


def test_more_on_headings_fingerprints_and_moves(grouped):
    ws, (a, b, c, _d) = grouped
    eight = "én to tre fire fem seks sju åtte"
    assert synthesize.proposed_heading(eight, "nb") == "«én to tre fire fem seks»"
    assert synthesize.parse_edited("# H\nFørste linje.\nAndre.") == ("H", "Første linje.\nAndre.")
    api.add_subgroup(ws, "tid", "mange", "Mange", [a, b])
    s = synthesize.write_synthesis(ws.study(), "tid", "Tekst.")
    assert s.fingerprint == synthesize.code_group_fingerprint(ws.study(), "tid")
    assert s.fingerprint != synthesize.code_group_fingerprint(ws.study(), "rolle")
    study = ws.study()
    moved = condense.move_units(study, study.condensations["tid"], [b], "andre")
    assert moved.subgroup("andre").label == "andre"  # type: ignore[union-attr]
    three = moved
    three = condense.add_subgroup(study, three, "tredje", "Tredje", [c])
    assert not any("STC suggests" in w for w in condense.warnings(study, three, "nb"))
