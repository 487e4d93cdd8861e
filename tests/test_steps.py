import pytest

from stc import api
from stc.core.units import locate
from stc.errors import AnchorError, Conflict, NotFound
from stc.store import Workspace


def test_unit_by_quote_is_anchored_exactly_and_stored_verbatim(ws: Workspace):
    added = api.add_unit(ws, "vei-01", "ms", ["kompetanse"], quote="Læringskurven er bratt")
    u = added.unit
    turn = ws.transcript("vei-01").turn(u.turn)
    assert turn.text[u.start : u.end] == u.text == "Læringskurven er bratt"
    assert u.id.startswith("vei-01.ms.")
    assert len(u.id.rsplit(".", 1)[1]) == 6
    assert ws.unit_file("vei-01", "ms").units == (u,)


def test_unknown_code_is_added_unsorted_and_reported(ws: Workspace):
    added = api.add_unit(ws, "vei-01", "ms", ["ny-kode"], quote="for mange saker")
    assert added.new_codes == ["ny-kode"]
    code = ws.codebook().code("ny-kode")
    assert code is not None
    assert code.code_group is None


def test_unit_by_turn_and_offsets(ws: Workspace):
    u = api.add_unit(ws, "vei-01", "ms", ["x"], turn=4, start=0, end=24).unit
    assert u.text == "Vi har for mange saker. "[:24]
    whole = api.add_unit(ws, "vei-01", "ms", ["y"], turn=2).unit
    assert whole.text.startswith("Jeg jobber som veileder.")
    assert whole.start == 0


def test_quote_not_found_or_ambiguous_is_a_clear_error(ws: Workspace):
    t = ws.transcript("vei-01")
    with pytest.raises(AnchorError, match="not found in transcript vei-01"):
        locate(t, quote="dette står ikke der")
    with pytest.raises(
        AnchorError, match=r"occurs 2 times in transcript vei-01 \(turn 2 at 0, turn 4"
    ):
        locate(t, quote="Jeg")
    assert locate(t, quote="Jeg", turn=4).turn == 4


def test_offsets_outside_the_turn_are_refused(ws: Workspace):
    with pytest.raises(AnchorError, match="do not fit turn 2"):
        api.add_unit(ws, "vei-01", "ms", ["x"], turn=2, start=5, end=999)
    with pytest.raises(NotFound, match="no turn 99"):
        api.add_unit(ws, "vei-01", "ms", ["x"], turn=99)


def test_coding_the_same_span_again_merges_codes(ws: Workspace):
    first = api.add_unit(ws, "vei-01", "ms", ["a"], quote="for mange saker").unit
    again = api.add_unit(ws, "vei-01", "ms", ["b"], quote="for mange saker")
    assert again.merged
    assert again.unit.id == first.id
    assert again.unit.codes == ("a", "b")
    assert len(ws.unit_file("vei-01", "ms").units) == 1


def _condensable(ws: Workspace) -> list[str]:
    api.add_theme(ws, "Ressurser", "ressurser")
    api.add_code_group(ws, "tid", "Tid og saker", "ressurser")
    api.add_code(ws, "saksmengde", "tid", definition="Antall saker")
    ids = []
    for tid in ("vei-01", "vei-02", "fyl-01"):
        ids.append(api.add_unit(ws, tid, "ms", ["saksmengde"], quote="for mange saker").unit.id)
    return ids


def test_subgroups_condensates_and_golden_quotes(ws: Workspace):
    ids = _condensable(ws)
    api.add_subgroup(ws, "tid", "mange", "For mange saker", ids[:2])
    api.add_subgroup(ws, "tid", "mange", "", ids[2:])
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    api.choose_golden(ws, "tid", "mange", ids[1])
    (sub,) = ws.condensation("tid").subgroups
    assert (sub.label, sub.units, sub.golden) == ("For mange saker", tuple(ids), ids[1])
    assert sub.condensate == "Jeg har for mange saker."
    assert sub.fingerprint


def test_subgroup_rules(ws: Workspace):
    ids = _condensable(ws)
    other = api.add_unit(ws, "vei-01", "ms", ["annet"], quote="Læringskurven er bratt").unit.id
    with pytest.raises(Conflict, match="has no code in code group 'tid'"):
        api.add_subgroup(ws, "tid", "a", "A", [other])
    with pytest.raises(NotFound, match="no meaning unit"):
        api.add_subgroup(ws, "tid", "a", "A", ["vei-01.ms.ffffff"])
    api.add_subgroup(ws, "tid", "a", "A", ids[:1])
    with pytest.raises(Conflict, match="already in subgroup 'a'"):
        api.add_subgroup(ws, "tid", "b", "B", ids[:1])
    with pytest.raises(Conflict, match="not in subgroup 'a'"):
        api.choose_golden(ws, "tid", "a", ids[2])
    with pytest.raises(NotFound, match="no subgroup 'zz'"):
        api.write_condensate(ws, "tid", "zz", "Jeg …")
    with pytest.raises(NotFound, match="no code group 'nope'"):
        api.add_subgroup(ws, "nope", "a", "A", ids[:1])


def test_synthesis_keeps_heading_and_body(ws: Workspace):
    ids = _condensable(ws)
    s = api.write_synthesis(
        ws, "tid", f"Veilederne har mange saker.\n\n[[{ids[0]}]]\n", "«For mange saker»"
    )
    again = ws.synthesis("tid")
    assert again == s
    assert again.heading == "«For mange saker»"
    assert again.body.endswith(f"[[{ids[0]}]]")
    path = ws.step4_path("tid")
    assert path.read_text(encoding="utf-8").startswith("---\nschema_version: 1\ncode_group: tid\n")


def test_impressions_are_kept_per_researcher(ws: Workspace):
    api.record_impression(ws, "vei-01", "ms", "Travel veileder.")
    api.record_impression(ws, "vei-01", "ak", "Mye om kompetanse.")
    api.record_impression(ws, "vei-01", "ms", "Travel veileder, ny i NAV.")
    assert ws.step1("ms").impression("vei-01").text == "Travel veileder, ny i NAV."  # type: ignore[union-attr]
    assert ws.step1("ak").impression("vei-01").text == "Mye om kompetanse."  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        api.record_impression(ws, "nope", "ms", "x")
