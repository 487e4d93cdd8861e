"""Meaning units taken at their word (stc/core/units.py): where a unit sits, whose words it
holds, how it is found again, filtered, recoded and moved — on small codings checked by hand."""

from __future__ import annotations

import pytest

from stc import api
from stc.core import units
from stc.core.units import Span
from stc.errors import AnchorError, Conflict, FormatError, InvalidValue, NotFound
from stc.model import MeaningUnit
from stc.store import Workspace

# vei-01 of the ws fixture (tests/conftest.py)
T1 = "Kan du fortelle om jobben din?"
T2 = "Jeg jobber som veileder. Læringskurven er bratt hvis man ikke har jobbet i NAV før."
T3 = "Hvordan prioriterer du?"
T4 = "Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen."
FOCUS = """\
I: Hva tenker dere om oppfølgingen?

R1: Den er for sen. Alt skjer etter åtte uker.

R2: Jeg er enig. Den er for sen for oss.

I: Og legene?

R1: De skriver det de må.
"""


def _u(tid: str, turn: int, start: int, end: int, to_turn: int = 0, text: str = "") -> MeaningUnit:
    return MeaningUnit("u", tid, "ms", turn, start, end, text, ("c",), to_turn=to_turn)


# --- where a unit sits ----------------------------------------------------------------------


def test_segments_are_each_turns_part_of_a_unit(ws: Workspace):
    t = ws.transcript("vei-01")
    across = _u("vei-01", 2, 25, 6, to_turn=4)
    assert [(turn.n, s, e) for turn, s, e in units.segments(t, across)] == [
        (2, 25, len(T2)),
        (3, 0, len(T3)),
        (4, 0, 6),
    ]
    one = _u("vei-01", 4, 3, 9)
    assert [(turn.n, s, e) for turn, s, e in units.segments(t, one)] == [(4, 3, 9)]
    # a stale unit that runs past the transcript's last turn keeps the turns that exist
    stale = _u("vei-01", 3, 0, 5, to_turn=6)
    assert [turn.n for turn, _, _ in units.segments(t, stale)] == [3, 4]


def test_informants_are_the_speakers_who_answered(ws: Workspace):
    path = ws.root / "fg.txt"
    path.write_text(FOCUS, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="fg-01")
    path.unlink()
    study = ws.study()
    fg = study.transcripts["fg-01"]
    r1, r2 = fg.turn(2), fg.turn(3)
    both = [_u("fg-01", 2, 0, 5), _u("fg-01", 3, 0, 5), _u("fg-01", 5, 0, 5)]
    assert units.informants(study, both) == 2  # R1 twice, R2 once
    assert (r1.speaker, r2.speaker) == ("R1", "R2")
    question_only = [_u("fg-01", 1, 0, 5), _u("fg-01", 4, 0, 5)]
    assert units.informants(study, question_only) == 0
    # the question and R1's answer: R1; a unit of a missing transcript counts nobody and
    # does not stop the count of those after it
    qa = _u("fg-01", 1, 4, 10, to_turn=2)
    assert units.informants(study, [_u("gone", 2, 0, 5), qa, _u("vei-01", 2, 0, 3)]) == 2


def test_informant_words_split_question_and_answer(ws: Workspace):
    t = ws.transcript("vei-01")
    # from the end of answer 2 through question 3 into answer 4
    across = _u("vei-01", 2, T2.index("Lærings"), 23, to_turn=4)
    assert units.informant_words(t, across) == (
        "Hvordan prioriterer du?",
        "Læringskurven er bratt hvis man ikke har jobbet i NAV før. […] Vi har for mange saker.",
    )
    # a question and its answer; within one turn a unit is all answer
    qa = _u("vei-01", 1, 0, 24, to_turn=2, text="x")
    assert units.informant_words(t, qa) == (T1, "Jeg jobber som veileder.")
    assert units.informant_words(t, _u("vei-01", 2, 0, 3, text="Jeg")) == ("", "Jeg")
    # only interviewer words (a question across two turns, say): no answer to quote apart
    asked = _u("vei-01", 3, 0, 5, to_turn=3, text="Hvord")
    assert units.informant_words(t, asked) == ("", "Hvord")


# --- finding a unit's place -----------------------------------------------------------------


def test_offsets_across_turns_fit_or_are_refused_with_both_turns_sizes(ws: Workspace):
    t = ws.transcript("vei-01")
    assert units.locate(t, turn=2, start=len(T2) - 1, end=len(T4), to_turn=4) == Span(
        2, len(T2) - 1, len(T4), 4
    )
    assert units.locate(t, turn=2, start=0, to_turn=4) == Span(2, 0, len(T4), 4)  # end: all
    with pytest.raises(AnchorError) as caught:
        units.locate(t, turn=4, start=0, end=5, to_turn=2)
    assert caught.value.message == "--to-turn 2 comes before --turn 4"
    for start, end, to_turn in ((len(T2), 5, 4), (0, 0, 4), (0, len(T4) + 1, 4)):
        with pytest.raises(AnchorError) as caught:
            units.locate(t, turn=2, start=start, end=end, to_turn=to_turn)
        assert f"turns 2–{to_turn} with offsets {start}–{end}" in str(caught.value)
        assert caught.value.hint.startswith("--start counts in --turn, --end in --to-turn")


def test_a_quote_copied_across_turns_is_found_with_its_turns(ws: Workspace):
    t = ws.transcript("vei-01")
    quote = "i NAV før.\n\nI: Hvordan prioriterer du?\n\nR: Vi har for mange"
    span = Span(2, T2.index("i NAV før."), len("Vi har for mange"), 4)
    assert units.locate(t, quote) == span
    assert units.locate(t, quote, turn=2) == span
    with pytest.raises(AnchorError, match="not found in turn 3"):
        units.locate(t, quote, turn=3)  # it starts in turn 2


def test_reanchor_prefers_the_nearest_turn_then_the_nearest_offset(ws: Workspace):
    body = "I: Si noe.\n\nR: Ja, ja. Det går bra. Ja, ja.\n\nI: Og så?\n\nR: Ja, ja.\n"
    path = ws.root / "j.txt"
    path.write_text(body, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="jj-01")
    path.unlink()
    t = ws.transcript("jj-01")
    moved = units.reanchor(t, _u("jj-01", 4, 3, 9, text="Ja, ja"))
    assert moved is not None and (moved.turn, moved.start, moved.to_turn) == (4, 0, 0)
    later = units.reanchor(t, _u("jj-01", 2, 20, 26, text="Ja, ja"))
    assert later is not None and (later.turn, later.start, later.end) == (2, 21, 27)
    assert units.reanchor(t, _u("jj-01", 2, 0, 6, text="Nei, nei")) is None
    # a text with a turn break in it is searched across turns, even if it claims one turn
    joined = "bra. Ja, ja.\n\nI: Og så?"
    found = units.reanchor(t, _u("jj-01", 2, 0, 6, text=joined))
    assert found is not None and (found.turn, found.start, found.to_turn, found.end) == (
        2,
        16,
        3,
        6,
    )


# --- filters ----------------------------------------------------------------------------------


def test_each_filter_keeps_exactly_its_units_and_unknown_values_are_named(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    a = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    b = api.add_unit(ws, "vei-02", "ak", ["bratt"], quote="Læringskurven er bratt").unit
    c = api.add_unit(ws, "fyl-01", "ms", ["bratt", "saker"], quote="Jeg jobber").unit
    study = ws.study()

    def ids(**kw: str) -> list[str]:
        return sorted(u.id for u in units.filter_units(study, **kw))

    assert ids() == sorted([a.id, b.id, c.id])
    assert ids(code="bratt") == sorted([b.id, c.id])
    assert ids(code_group="tid") == sorted([a.id, c.id])
    assert ids(group="fylke") == [c.id]
    assert ids(researcher="ak") == [b.id]
    assert ids(transcript="vei-01") == [a.id]
    assert ids(code="saker", researcher="ms", group="veileder") == [a.id]
    for kind, kw in (
        ("code", {"code": "nope"}),
        ("code group", {"code_group": "nope"}),
        ("informant group", {"group": "nope"}),
        ("coder", {"researcher": "nope"}),
        ("transcript", {"transcript": "nope"}),
    ):
        with pytest.raises(NotFound) as caught:
            units.filter_units(study, **kw)
        assert str(caught.value).startswith(f"no {kind} 'nope'")
        assert caught.value.hint.startswith("known: ")


# --- edits ----------------------------------------------------------------------------------


def test_recode_says_when_an_analytic_text_still_quotes_a_unit_that_left(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    unit = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    api.write_synthesis(ws, "tid", f"Mange saker.\n\n[[{unit.id}]]\n")
    edit = units.recode(ws.study(), unit.id, add=["press"], drop=["saker"])
    assert edit.unit is not None and edit.unit.codes == ("press",)
    assert edit.effects[-1] == (
        "the analytic text of tid quotes it, though it is no longer in tid: "
        "edit it (`stc synthesize tid --edit`)"
    )
    # staying in the group says nothing of the analytic text
    kept = units.recode(ws.study(), unit.id, add=["press"])
    assert kept.effects == () and kept.unit is not None
    assert kept.unit.codes == ("saker", "press")
    with pytest.raises(NotFound) as caught:
        units.recode(ws.study(), unit.id, drop=["nope"])
    assert caught.value.hint == "its codes: saker"
    with pytest.raises(InvalidValue) as caught:
        units.recode(ws.study(), unit.id, drop=["saker"])
    assert caught.value.hint == f"add another code, or remove the unit: stc unit remove {unit.id}"
    with pytest.raises(FormatError, match="'Not an id!' is not usable as an id"):
        units.recode(ws.study(), unit.id, add=["Not an id!"])


def test_moving_a_unit_finds_a_quote_outside_its_turn_and_refuses_a_twin(ws: Workspace):
    one = api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.").unit
    two = api.add_unit(ws, "vei-01", "ms", ["b"], quote="Vi har for mange saker.").unit
    edit = units.reanchor_to(ws.study(), one.id, quote="Jeg rekker ikke")  # in turn 4 now
    assert edit.unit is not None and edit.unit.id == one.id
    assert (edit.unit.turn, edit.unit.start, edit.unit.text) == (4, 24, "Jeg rekker ikke")
    assert [u.text for u in edit.units.units] == ["Jeg rekker ikke", "Vi har for mange saker."]
    with pytest.raises(Conflict) as caught:
        units.reanchor_to(ws.study(), one.id, turn=4, start=0, end=23)
    assert str(caught.value).startswith(f"unit {two.id} of the same coder covers exactly")
    assert caught.value.hint == (
        f"recode that one instead (stc unit recode {two.id} --add C), then remove {one.id}"
    )
    with pytest.raises(InvalidValue, match="already covers exactly that text"):
        units.reanchor_to(ws.study(), one.id, quote="Jeg jobber som veileder.")
    # the same offsets in another coder's file are no twin
    other = api.add_unit(ws, "vei-01", "ak", ["b"], quote="Vi har for mange").unit
    moved = units.reanchor_to(ws.study(), other.id, end=23)
    assert moved.unit is not None and moved.unit.text == "Vi har for mange saker."


def test_moving_a_unit_a_condensate_rests_on_says_so_and_only_then(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    inside = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    outside = api.add_unit(ws, "vei-02", "ms", ["saker"], quote="Vi har for mange saker.").unit
    api.add_subgroup(ws, "tid", "mange", "Mange saker", [inside.id])
    api.add_subgroup(ws, "tid", "tom", "Uten kondensat", [outside.id])
    assert units.reanchor_to(ws.study(), outside.id, end=22).effects == ()
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    edit = units.reanchor_to(ws.study(), inside.id, end=22)
    assert edit.effects == (
        "condensate tid/mange rests on this unit: re-read it (`stc condense tid`)",
    )
    assert units.reanchor_to(ws.study(), outside.id, end=22).effects == ()


def test_a_note_is_set_trimmed_and_cleared(ws: Workspace):
    unit = api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.").unit
    edit = units.annotate(ws.study(), unit.id, "  sjekk dette  ")
    assert edit.unit is not None and edit.unit.note == "sjekk dette"
    assert edit.units.units[0].note == "sjekk dette" and edit.before.note == ""


def test_a_quote_across_turns_that_stands_twice_is_refused_with_both_places(ws: Workspace):
    body = (
        "I: Har du mange saker?\n\nR: Ja.\n\nI: Hvorfor?\n\nR: Fordi vi er for få.\n\n"
        "I: Har dere nok tid?\n\nR: Ja.\n\nI: Hvorfor?\n\nR: Fordi vi prioriterer hardt.\n"
    )
    path = ws.root / "t.txt"
    path.write_text(body, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09")
    path.unlink()
    t = ws.transcript("vei-09")
    with pytest.raises(AnchorError) as caught:
        units.locate(t, "Ja.\n\nI: Hvorfor?")
    assert str(caught.value).startswith(
        "the quote occurs 2 times in transcript vei-09 (turns 2–3 at 0, turns 6–7 at 0)"
    )
    assert "--turn N" in caught.value.hint
    assert units.locate(t, "Ja.\n\nI: Hvorfor?", turn=6) == Span(6, 0, 8, 7)
    assert units.locate(t, "Ja.\n\nI: Hvorfor?\n\nR: Fordi vi er") == Span(2, 0, 11, 4)


# --- adding, finding, listing ---------------------------------------------------------------


def test_adding_checks_offsets_in_both_turns_and_a_second_coding_joins_codes_and_notes(
    ws: Workspace,
):
    t = ws.transcript("vei-01")
    uf = ws.unit_file("vei-01", "ms")
    for span, words in (
        (Span(2, 5, 5), f"offsets 5–5 do not fit turn 2 of vei-01 (its text has {len(T2)}"),
        (Span(2, len(T2), len(T2)), "do not fit turn 2 of vei-01"),
        (Span(2, 0, len(T2) + 1), "do not fit turn 2"),
        (Span(2, 0, 0, 4), "offsets 0–0 do not fit turn 2–4 of vei-01"),
        (Span(2, 0, len(T4) + 1, 4), "do not fit turn 2–4 of vei-01"),
        (Span(2, len(T2), 5, 4), "do not fit turn 2–4"),
        (Span(2, 0, 5, 9), "do not fit turn 2–9"),
    ):
        with pytest.raises(AnchorError) as caught:
            units.add_unit(uf, t, span, ["a"])
        assert words in str(caught.value), span
    # across turns an end before the start is fine: it counts in the last turn
    across = units.add_unit(uf, t, Span(2, 30, 5, 4), ["a"], note="først")
    assert (across.unit.to_turn, across.merged) == (4, False)
    assert across.unit.text.endswith("\n\nR: Vi ha")
    again = units.add_unit(across.units, t, Span(2, 30, 5, 4), ["b", "a"], note="så")
    assert again.merged and again.unit.id == across.unit.id
    assert (again.unit.codes, again.unit.note) == (("a", "b"), "først\nså")
    assert [u.codes for u in again.units.units] == [("a", "b")]
    plain = units.add_unit(again.units, t, Span(2, 0, 3), ["c"])
    assert plain.unit.note == "" and plain.unit.to_turn == 0 and len(plain.units.units) == 2
    assert plain.unit.id == units.unit_id("vei-01", "ms", Span(2, 0, 3), "Jeg", set())
    with pytest.raises(FormatError, match="code id 'A B' is not usable"):
        units.add_unit(uf, t, Span(2, 0, 3), ["A B"])


def test_locate_refuses_what_it_cannot_place_and_says_how(ws: Workspace):
    t = ws.transcript("vei-01")
    with pytest.raises(AnchorError, match=r"^the quote is empty"):
        units.locate(t, "  ")
    with pytest.raises(AnchorError) as caught:
        units.locate(t)
    assert str(caught.value).startswith("say where the unit is: --quote TEXT, or --turn N")
    with pytest.raises(AnchorError) as caught:
        units.locate(t, "Ingen slike ord", turn=2)
    assert str(caught.value).startswith("the quote was not found in turn 2 of vei-01")
    assert caught.value.hint.startswith("copy the words exactly as in `stc show vei-01`")
    with pytest.raises(AnchorError, match="not found in transcript vei-01"):
        units.locate(t, "Ingen slike ord")
    with pytest.raises(AnchorError) as caught:
        units.locate(t, "er")  # stands in several places
    assert str(caught.value).startswith("the quote occurs ")
    assert caught.value.hint == "quote more words, or add --turn N to say which turn"
    with pytest.raises(AnchorError) as caught:
        units.locate(t, turn=2, start=10, end=10)
    assert str(caught.value).startswith("offsets 10–10 do not fit turn 2 of vei-01 (its text")
    assert caught.value.hint == "offsets count characters from 0, after the speaker label"
    assert units.locate(t, turn=2, start=25) == Span(2, 25, len(T2))
    assert units.locate(t, turn=2, end=3) == Span(2, 0, 3)


def test_a_unit_is_found_by_a_unique_prefix_of_its_id(ws: Workspace):
    a = api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.").unit
    b = api.add_unit(ws, "vei-01", "ak", ["a"], quote="Jeg jobber som veileder.").unit
    study = ws.study()
    assert units.find_unit(study, a.id[:-2]) == a
    with pytest.raises(NotFound) as caught:
        units.find_unit(study, "vei-01.")
    assert caught.value.hint == "`stc unit list` shows unit ids; 2 ids start with it"
    with pytest.raises(NotFound) as caught:
        units.find_unit(study, "zz")
    assert caught.value.hint == "`stc unit list` shows unit ids"
    assert units.find_unit(study, b.id) == b


def test_a_unit_as_json_carries_its_note_and_informant_group(ws: Workspace):
    u = api.add_unit(ws, "fyl-01", "ms", ["a"], quote="Jeg jobber", note="se vei-02").unit
    row = units.unit_json(ws.study(), u)
    assert list(row) == [
        "id", "transcript", "coder", "turn", "to_turn", "start", "end", "text", "codes",
        "note", "group",
    ]  # fmt: skip
    assert (row["note"], row["group"], row["to_turn"], row["codes"]) == (
        "se vei-02", "fylke", 2, ["a"]
    )  # fmt: skip
    assert set(row) - {"to_turn"} <= set(units.UNIT_COLUMNS)


def test_new_codes_get_their_readable_labels(ws: Workspace):
    codebook, new = units.ensure_codes(
        ws.codebook(), ["tid", "for-mange-saker", "tid"], {"for-mange-saker": "For mange saker"}
    )
    assert new == ["tid", "for-mange-saker"]
    assert [(c.id, c.label) for c in codebook.codes][-2:] == [
        ("tid", ""),
        ("for-mange-saker", "For mange saker"),
    ]
    assert units.ensure_codes(codebook, ["tid"]) == (codebook, [])


def test_removing_a_unit_clears_it_everywhere_and_nothing_else(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code_group(ws, "rolle", "Rolle")
    api.add_code(ws, "saker", "tid")
    api.add_code(ws, "jobb", "rolle")
    gone = api.add_unit(ws, "vei-01", "ms", ["saker", "jobb"], quote="Vi har for mange").unit
    kept = api.add_unit(ws, "vei-02", "ms", ["saker", "jobb"], quote="Vi har for mange").unit
    api.add_subgroup(ws, "rolle", "r", "R", [kept.id])
    api.choose_golden(ws, "rolle", "r", kept.id)
    api.add_subgroup(ws, "tid", "a", "A", [gone.id, kept.id])
    api.choose_golden(ws, "tid", "a", gone.id)
    other = api.add_unit(ws, "vei-03", "ms", ["saker"], quote="Vi har for mange").unit
    api.add_subgroup(ws, "tid", "b", "B", [other.id])
    api.choose_golden(ws, "tid", "b", other.id)
    api.write_synthesis(
        ws, "tid", f"Mange saker [[{gone.id}]] og mer.\n\n[[{gone.id}]]\n\n\n\n[[{kept.id}]]\n"
    )
    edit = units.remove(ws.study(), gone.id)
    (c,) = edit.condensations  # rolle never held it
    a, b = c.subgroups
    assert (a.units, a.golden) == ((kept.id,), None)
    assert (b.units, b.golden) == ((other.id,), other.id)  # another unit's golden quote stays
    (s,) = edit.syntheses
    assert s.body == f"Mange saker og mer.\n\n[[{kept.id}]]"
    assert edit.effects[:2] == (
        "taken out of subgroup tid/a",
        "golden quote of tid/a cleared: choose another",
    )
    assert edit.unit is None and [u.id for u in edit.units.units] == []


def test_each_turn_gets_its_part_of_the_units_covering_it():
    across = _u("vei-01", 2, 25, 6, to_turn=4)
    one = _u("vei-01", 4, 3, 9)
    cut = {
        n: [(u.start, u.end, u.to_turn) for u in units.in_turn([across, one], n, 80)]
        for n in (1, 2, 3, 4, 5)
    }
    assert cut == {1: [], 2: [(25, 80, 0)], 3: [(0, 80, 0)], 4: [(0, 6, 0), (3, 9, 0)], 5: []}
    assert {u.id for u in units.in_turn([across], 3, 10)} == {"u"}
