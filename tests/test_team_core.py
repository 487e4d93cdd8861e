"""The team core taken at its word: agreement formulas, disputes, rounds, the consensus merge
and every resolve decision, each on a small coding whose result is worked out by hand."""

from __future__ import annotations

import pytest

from stc import api
from stc.core import team
from stc.core.units import Span, unit_id
from stc.errors import InvalidValue, NotFound
from stc.model import MeaningUnit, Round, UnitFile
from stc.store import Workspace

# vei-01 of the ws fixture (tests/conftest.py):
#   turn 2 R: "Jeg jobber som veileder. Læringskurven er bratt hvis man ikke har jobbet i NAV før."
#   turn 3 I: "Hvordan prioriterer du?"
#   turn 4 R: "Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen."
T2 = "Jeg jobber som veileder. Læringskurven er bratt hvis man ikke har jobbet i NAV før."
T4 = "Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen."


def _unit(uid: str, turn: int, start: int, end: int, *codes: str, to_turn: int = 0) -> MeaningUnit:
    return MeaningUnit(uid, "vei-01", "team", turn, start, end, "x", codes, to_turn=to_turn)


# --- the formulas ---------------------------------------------------------------------------


def test_kappa_by_hand_and_none_where_chance_agreement_is_certain():
    # po 3/4; pa 1/2, pb 1/4 → pe 1/2·1/4 + 1/2·3/4 = 1/2 → κ (3/4 − 1/2)/(1 − 1/2) = 1/2
    assert team.kappa([1, 1, 0, 0], [1, 0, 0, 0]) == pytest.approx(0.5)
    # both coders always 1 (or always 0): pe = 1, kappa is undefined, never a division error
    assert team.kappa([1, 1], [1, 1]) is None
    assert team.kappa([0, 0, 0], [0, 0, 0]) is None
    assert team.kappa([], []) is None
    with pytest.raises(ValueError, match="zip"):  # ratings of different items: a bug upstream
        team.kappa([1, 0], [1, 0, 1])


def test_alpha_is_none_without_two_coders_items_or_variation():
    assert team.alpha([]) is None
    assert team.alpha([[1, 0, 1]]) is None  # one coder
    assert team.alpha([[], []]) is None  # no items
    assert team.alpha([[1, 1], [1, 1]]) is None  # one value only: D_e = 0
    # perfect agreement with variation: α = 1
    assert team.alpha([[1, 0, 1], [1, 0, 1]]) == pytest.approx(1.0)


def test_a_unit_codes_the_sentences_it_overlaps_and_not_the_one_it_touches(ws: Workspace):
    t = ws.transcript("vei-01")
    sentences = {2: [(0, 24), (25, len(T2))], 4: [(0, 23), (24, len(T4))]}
    first = _unit("u1", 2, 0, 24, "a")  # ends where sentence 2 begins (after the space)
    second = _unit("u2", 2, 24, 30, "b")  # starts at sentence 1's end: only sentence 2
    across = _unit("u3", 2, 60, 5, "c", to_turn=4)  # end of turn 2 into turn 4's first words
    rows = team.sentence_codes(t, sentences, [first, second, across])
    assert rows == [
        (2, "Jeg jobber som veileder.", {"a"}),
        (2, T2[25:], {"b", "c"}),
        (4, "Vi har for mange saker.", {"c"}),
        (4, T4[24:], set()),
    ]


def test_compare_carries_labels_places_and_the_transcripts_compared():
    per = {
        "ms": [
            ("vei-02", 2, "S1", {"a"}),
            ("vei-01", 4, "S2", {"a", "b"}),
            ("vei-01", 6, "S3", set()),
        ],
        "ak": [("vei-02", 2, "S1", {"a"}), ("vei-01", 4, "S2", {"a"}), ("vei-01", 6, "S3", set())],
    }
    result = team.compare(["ms", "ak"], per, {"a": "Arbeidspress"})
    assert result.transcripts == ["vei-01", "vei-02"]
    assert (result.sentences_total, result.sentences, result.identical) == (3, 2, 1)
    assert [(c.code, c.label) for c in result.codes] == [("a", "Arbeidspress"), ("b", "")]
    assert (result.overall.code, result.overall.label) == ("(all codes)", "")
    (d,) = result.disagreements
    assert (d.transcript, d.turn, d.sentence) == ("vei-01", 4, "S2")
    assert d.codes == {"ms": ["a", "b"], "ak": ["a"]}
    assert team.compare(["ms", "ak"], per).codes[0].label == ""  # no labels given


def test_compare_with_nothing_coded_has_an_empty_overall_row():
    per = {"ms": [("vei-01", 2, "S1", set())], "ak": [("vei-01", 2, "S1", set())]}
    result = team.compare(["ms", "ak"], per)
    o = result.overall
    assert (o.code, o.label, o.used_by, o.items, o.both) == ("(all codes)", "", [], 0, 0)
    assert o.only == {"ms": 0, "ak": 0}
    assert (o.positive, o.observed, o.kappa, o.alpha) == (None, None, None, None)
    assert (result.sentences, result.codes, result.disagreements) == (0, [], [])


def test_agreement_names_codes_by_their_codebook_labels(ws: Workspace):
    api.add_code(ws, "Tung start")
    for coder in ("ms", "ak"):
        api.add_unit(ws, "vei-01", coder, ["tung-start"], quote="Læringskurven er bratt")
    result = team.agreement(ws.study(), ["ms", "ak"])
    assert [(c.code, c.label) for c in result.codes] == [("tung-start", "Tung start")]
    with pytest.raises(NotFound, match="no transcript is coded by all of ms, tl"):
        team.agreement(ws.study(), ["ms", "tl"])


# --- disputes -------------------------------------------------------------------------------


def test_units_that_only_touch_are_not_in_dispute():
    touching = UnitFile("vei-01", "team", (_unit("a", 2, 0, 24, "x"), _unit("b", 2, 24, 40, "y")))
    assert team.file_disputes(touching) == []
    # a unit across turns ends at offset 10 of turn 4: it meets one starting there, and
    # overlaps one starting before
    across = _unit("c", 2, 25, 10, "x", to_turn=4)
    assert (
        team.file_disputes(UnitFile("vei-01", "team", (across, _unit("d", 4, 10, 20, "y")))) == []
    )
    (d,) = team.file_disputes(UnitFile("vei-01", "team", (across, _unit("e", 4, 9, 20, "y"))))
    assert (d.id, d.turn, d.a.id, d.b.id) == ("c+e", 2, "c", "e")
    assert d.describe() == "vei-01 turn 2: [x] vs [y] on overlapping text (c+e)"


def test_a_dispute_id_is_both_unit_ids_in_order_and_settled_ones_stay_settled():
    a, b = _unit("vei-01.team.bbb", 2, 0, 30, "x", "z"), _unit("vei-01.team.aaa", 2, 10, 40, "y")
    assert team.dispute_id(a, b) == team.dispute_id(b, a) == "vei-01.team.aaa+vei-01.team.bbb"
    (d,) = team.file_disputes(UnitFile("vei-01", "team", (a, b)))
    assert d.describe() == (
        "vei-01 turn 2: [x, z] vs [y] on overlapping text (vei-01.team.aaa+vei-01.team.bbb)"
    )
    from stc.model import Resolution

    settled = UnitFile("vei-01", "team", (a, b), resolved=(Resolution(d.id, "keep-both"),))
    assert team.file_disputes(settled) == []


def test_unmerged_counts_every_unit_coded_since_the_last_merge(ws: Workspace):
    api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.")
    api.add_unit(ws, "vei-01", "ak", ["a"], quote="Jeg jobber som veileder.")
    api.consensus(ws, ["ms", "ak"], "team")
    assert team.unmerged(ws.study()) == {}
    api.add_unit(ws, "vei-01", "ak", ["b"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-02", "ak", ["b"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-02", "ms", ["b"], quote="Jeg rekker ikke")
    assert team.unmerged(ws.study()) == {"team": {"ak": 2, "ms": 1}}


# --- rounds ---------------------------------------------------------------------------------


def test_a_round_records_its_choices_and_double_codes_only_when_asked(ws: Workspace):
    study = ws.study()
    r = team.assign(study, 3, ["ms", "ak"], "by-group", seed=5)
    assert (r.number, r.strategy, r.seed, r.steps, r.note, r.double) == (
        3, "by-group", 5, (1, 2, 3, 4), "", ()
    )  # fmt: skip
    every = team.assign(study, 3, ["ms", "ak"], "random", seed=5, overlap=1.0)
    assert every.double == tuple(sorted(study.transcripts))  # a share of 1: all, twice
    assert all(every.double == ts for ts in every.researchers.values())


def test_the_largest_group_is_split_first_and_the_next_group_evens_out(ws: Workspace):
    # veileder has 3 transcripts, dir 1, fylke 2. Largest first: ms (named first) takes two of
    # veileder, ak one; then fylke splits 1/1; dir goes to ak, who has fewer.
    r = team.assign(ws.study(), 1, ["ms", "ak"], "by-group", seed=1)
    groups = {t: ws.study().transcripts[t].group for t in ws.transcript_ids()}
    assert sorted(groups[t] for t in r.researchers["ms"]) == ["fylke", "veileder", "veileder"]
    assert sorted(groups[t] for t in r.researchers["ak"]) == ["dir", "fylke", "veileder"]


def test_a_round_keeps_what_it_gave_earlier_even_to_someone_not_named_now(ws: Workspace):
    api.add_researcher(ws, "tl")
    before = Round(1, "random", {"tl": ("vei-01",), "ms": ("vei-02",)}, 4, (1, 2), "pilot")
    r = team.assign(ws.study(), 1, ["ms", "ak"], "random", seed=4, previous=before)
    assert r.researchers["tl"] == ("vei-01",)
    assert "vei-02" in r.researchers["ms"]
    assert r.note == "pilot"
    given = [t for ts in r.researchers.values() for t in ts]
    assert sorted(given) == sorted(ws.transcript_ids())


@pytest.mark.parametrize(
    ("researchers", "kwargs", "error", "words"),
    [
        ([], {}, InvalidValue, "name each researcher once"),
        (["ms", "ms"], {}, InvalidValue, "name each researcher once"),
        (["ms", "ak"], {"overlap": 1.5}, InvalidValue, "--overlap 1.5"),
        (["ms"], {"overlap": 0.5}, InvalidValue, "double coding needs two"),
        (["ms", "xx", "yy"], {}, NotFound, "xx, yy not among the researchers"),
        (["ms"], {"transcripts": ["vei-01", "nope"]}, NotFound, "no transcript 'nope'"),
        (["ms"], {"strategy": "alphabetical"}, InvalidValue, "unknown strategy 'alphabetical'"),
    ],
)
def test_a_round_refuses_what_it_cannot_do_and_says_what(ws, researchers, kwargs, error, words):
    options = dict(kwargs)  # the parameter's own dict is shared by every run of the test
    strategy = options.pop("strategy", "random")
    with pytest.raises(error) as caught:
        team.assign(ws.study(), 1, researchers, strategy, **options)
    assert words in str(caught.value)


def test_refusals_of_a_round_point_to_the_way_out(ws: Workspace):
    with pytest.raises(NotFound) as caught:
        team.assign(ws.study(), 1, ["zz"], "random")
    assert caught.value.hint == "researchers: ak, ms"
    with pytest.raises(NotFound) as caught:
        team.assign(ws.study(), 1, ["ms"], "random", transcripts=["nope"])
    assert caught.value.hint == "`stc transcripts` lists them"
    with pytest.raises(InvalidValue) as caught:
        team.assign(ws.study(), 1, ["ms"], "bogus")
    assert caught.value.hint == "use random or by-group"


# --- the consensus merge --------------------------------------------------------------------


def test_merged_units_are_the_consensus_coders_with_ids_notes_and_spans_kept(ws: Workspace):
    t2 = T2.index("Læringskurven")
    api.add_unit(ws, "vei-01", "ms", ["bratt"], turn=2, start=t2, end=23, to_turn=4, note="les")
    api.add_unit(ws, "vei-01", "ak", ["bratt"], quote="mange saker.", note="sjekk")
    api.add_unit(ws, "vei-02", "ak", ["tid"], quote="Vi har for mange saker.")
    result = team.consensus(ws.study(), ["ms", "ak"], "team")
    across, single = result.added
    # ms's span across turns 2–4 and ak's inside it, sharing a code: one unit, both notes
    assert (across.coder, across.turn, across.start, across.to_turn, across.end) == (
        "team", 2, t2, 4, 23
    )  # fmt: skip
    assert across.note == "les; sjekk" and result.combined == 1
    assert across.id == unit_id("vei-01", "team", Span(2, t2, 23, 4), across.text, set())
    assert across.text.endswith("R: Vi har for mange saker.")
    # a unit of one turn keeps to_turn 0 (no span "across" a single turn)
    assert (single.transcript, single.to_turn, single.coder) == ("vei-02", 0, "team")
    assert single == MeaningUnit(
        unit_id("vei-02", "team", Span(4, 0, 23), "Vi har for mange saker.", set()),
        "vei-02", "team", 4, 0, 23, "Vi har for mange saker.", ("tid",),
    )  # fmt: skip
    assert [uf.transcript for uf in result.files] == ["vei-01", "vei-02"]


def test_a_merge_with_nothing_new_writes_nothing_but_a_new_source_is_recorded(ws: Workspace):
    api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.")
    api.add_unit(ws, "vei-01", "ak", ["b"], quote="Vi har for mange saker.")
    api.consensus(ws, ["ms", "ak"], "team")
    again = team.consensus(ws.study(), ["ms", "ak"], "team")
    assert (again.files, again.added, again.kept) == ([], [], 2)
    api.add_researcher(ws, "tl")
    api.add_unit(ws, "vei-02", "tl", ["c"], quote="Vi har for mange saker.")
    wider = team.consensus(ws.study(), ["ms", "ak", "tl"], "team")
    by_file = {uf.transcript: uf for uf in wider.files}
    # vei-01 gets nothing new from tl but now names tl among its sources; vei-02 is new
    assert by_file["vei-01"].merged_from == ("ms", "ak", "tl")
    assert by_file["vei-01"].units == ws.unit_file("vei-01", "team").units
    assert [u.transcript for u in wider.added] == ["vei-02"]
    with pytest.raises(InvalidValue, match="needs a coder id of its own"):
        team.consensus(ws.study(), ["ms", "team"], "team")


# --- resolve: every decision ----------------------------------------------------------------


@pytest.fixture
def disputed(ws: Workspace) -> tuple[Workspace, team.Dispute]:
    """A consensus with one dispute in vei-01 turn 2: [bratt] over 'Læringskurven er bratt'
    against [kurs] over 'er bratt hvis man ikke', both in subgroup kompetanse/laering."""
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt")
    api.add_unit(ws, "vei-01", "ak", ["kurs"], quote="er bratt hvis man ikke")
    api.add_unit(ws, "vei-02", "ms", ["tid"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-02", "ak", ["frist"], quote="mange saker. Jeg rekker")
    api.consensus(ws, ["ms", "ak"], "team")
    api.add_code_group(ws, "kompetanse")
    for code in ("bratt", "kurs", "tid", "frist"):
        api.move_code(ws, code, "kompetanse")
    team_units = [u.id for u in ws.study().units if u.coder == "team"]
    api.add_subgroup(ws, "kompetanse", "laering", "Læring", team_units)
    d = next(d for d in api.disputes(ws, "team")[1] if d.transcript == "vei-01")
    return ws, d


def _team_units(ws: Workspace, tid: str = "vei-01") -> list[tuple[str, int, int, tuple[str, ...]]]:
    return sorted((u.text, u.start, u.end, u.codes) for u in ws.unit_file(tid, "team").units)


@pytest.mark.parametrize(
    ("decision", "left"),
    [
        ("keep-a", [("Læringskurven er bratt", 25, 47, ("bratt",))]),
        ("keep-b", [("er bratt hvis man ikke", 39, 61, ("kurs",))]),
        (
            "keep-both",
            [
                ("Læringskurven er bratt", 25, 47, ("bratt",)),
                ("er bratt hvis man ikke", 39, 61, ("kurs",)),
            ],
        ),
        ("neither", []),
    ],
)
def test_each_decision_leaves_the_units_it_says(disputed, decision, left):
    ws, d = disputed
    assert (d.a.codes, d.b.codes) == (("bratt",), ("kurs",))
    api.settle(ws, "team", d.id, decision, "ms", note="  drøftet på møtet  ")
    assert _team_units(ws) == left
    (record,) = ws.unit_file("vei-01", "team").resolved
    assert (record.id, record.decision, record.by, record.note) == (
        d.id, decision, "ms", "drøftet på møtet"
    )  # fmt: skip
    # the subgroup loses exactly the units that went; vei-02's units are untouched
    kept = {u.id for u in ws.study().units if u.coder == "team"}
    sub = ws.condensation("kompetanse").subgroup("laering")
    assert sub is not None and set(sub.units) == kept
    assert len(_team_units(ws, "vei-02")) == 2


def test_neither_takes_both_units_out_of_the_subgroup_in_one_change(disputed):
    ws, d = disputed
    result = team.settle(ws.study(), "team", d.id, "neither")
    assert f"unit {d.a.id} [bratt] removed" in result.effects
    assert f"unit {d.b.id} [kurs] removed" in result.effects
    assert result.effects.count("taken out of subgroup kompetanse/laering") == 2
    (c,) = result.condensations
    assert c.code_group == "kompetanse"
    (sub,) = c.subgroups
    assert d.a.id not in sub.units and d.b.id not in sub.units and len(sub.units) == 2
    (record,) = result.units.resolved
    assert (record.by, record.note) == ("", "")  # nobody named, no note


def test_recode_makes_one_unit_over_both_spans_with_the_new_codes(disputed):
    ws, d = disputed
    effects = api.settle(ws, "team", d.id, "recode", "ak", codes=["laering", "bratt", "laering"])
    assert _team_units(ws) == [
        ("Læringskurven er bratt hvis man ikke", 25, 61, ("laering", "bratt"))
    ]
    (unit,) = ws.unit_file("vei-01", "team").units
    assert unit.id == d.a.id  # the first unit keeps its id, so references to it hold
    assert effects[-2:] == [
        f"unit {d.a.id} now covers both spans, coded [laering, bratt]",
        "new code laering added to the codebook, unsorted",
    ]
    assert ws.unit_file("vei-01", "team").resolved[0].decision == "recode"
    with pytest.raises(InvalidValue, match="needs the codes"):
        team.settle(ws.study(), "team", api.disputes(ws, "team")[1][0].id, "recode")


def test_recode_of_a_dispute_across_turns_spans_both_turns(ws: Workspace):
    t2 = T2.index("Læringskurven")
    api.add_unit(ws, "vei-01", "ms", ["bratt"], turn=2, start=t2, end=23, to_turn=4)
    api.add_unit(ws, "vei-01", "ak", ["saker"], quote="mange saker. Jeg rekker")
    api.consensus(ws, ["ms", "ak"], "team")
    ((d,),) = [api.disputes(ws, "team")[1]]
    api.settle(ws, "team", d.id, "recode", "ms", codes=["press"])
    (unit,) = ws.unit_file("vei-01", "team").units
    assert (unit.turn, unit.start, unit.to_turn, unit.end) == (2, t2, 4, T4.index(" ikke"))
    assert unit.text == (
        "Læringskurven er bratt hvis man ikke har jobbet i NAV før.\n\n"
        "I: Hvordan prioriterer du?\n\nR: Vi har for mange saker. Jeg rekker"
    )
    assert unit.codes == ("press",)
    # the unit stands where its anchor says: check neither repairs nor reports it
    checked = api.run_check(ws, repair=False)
    assert checked.repaired == [] and not [p for p in checked.problems if d.a.id in str(p)]


def test_settling_one_dispute_keeps_the_records_of_the_others(ws: Workspace):
    api.add_unit(ws, "vei-01", "ms", ["a"], quote="Jeg jobber som veileder.")
    api.add_unit(ws, "vei-01", "ak", ["b"], quote="jobber som")
    api.add_unit(ws, "vei-01", "ms", ["c"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-01", "ak", ["d"], quote="for mange")
    api.consensus(ws, ["ms", "ak"], "team")
    first, second = api.disputes(ws, "team")[1]
    api.settle(ws, "team", first.id, "keep-both", "ms")
    api.settle(ws, "team", second.id, "keep-a", "ak")
    records = ws.unit_file("vei-01", "team").resolved
    assert [(r.id, r.decision, r.by) for r in records] == [
        (first.id, "keep-both", "ms"),
        (second.id, "keep-a", "ak"),
    ]


def test_unknown_disputes_and_decisions_are_refused_with_the_way_out(disputed):
    ws, d = disputed
    with pytest.raises(NotFound) as caught:
        team.settle(ws.study(), "team", "a+b", "keep-a")
    assert "no open dispute 'a+b' in the consensus coding 'team'" in str(caught.value)
    assert caught.value.hint == "`stc resolve --list` shows the open disputes"
    with pytest.raises(InvalidValue) as caught:
        team.settle(ws.study(), "team", d.id, "keep-c")
    assert "unknown decision 'keep-c'" in str(caught.value)
    assert caught.value.hint == "one of keep-a, keep-b, keep-both, neither, recode"


def test_the_resolve_walker_shows_a_dispute_across_turns_turn_by_turn(ws: Workspace, cli):
    t2 = T2.index("Læringskurven")
    api.add_unit(ws, "vei-01", "ms", ["bratt"], turn=2, start=t2, end=23, to_turn=4)
    api.add_unit(ws, "vei-01", "ak", ["saker"], quote="mange saker. Jeg rekker")
    api.consensus(ws, ["ms", "ak"], "team")
    r = cli(ws.root, "resolve", "-r", "ms", input="b\n")
    assert r.exit_code == 0, r.stdout
    out = r.stdout
    assert "vei-01 turns 2–4 (R)" in out
    assert "I: Kan du fortelle om jobben din?" in out  # the question before the first turn
    # every turn between is shown, the covered text whole up to the later unit's end
    assert "R: Jeg jobber som veileder. «Læringskurven er bratt hvis man ikke har" in out
    assert "I: «Hvordan prioriterer du?»" in out
    assert "R: «Vi har for mange saker. Jeg rekker» ikke å ringe alle før fristen." in out
    assert "ms: [bratt]" in out and "ak: [saker] «mange saker. Jeg rekker»" in out
    assert [u.codes for u in ws.unit_file("vei-01", "team").units] == [("saker",)]
