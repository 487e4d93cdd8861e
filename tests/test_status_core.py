"""Where a study stands and the next command (stc/core/status.py), step by step through a
small study: each stage's counts and the one command `stc status` proposes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stc import api
from stc.core.status import current_round, status
from stc.model import Round
from stc.store import Workspace

TIDS = ["dir-01", "fyl-01", "fyl-02", "vei-01", "vei-02", "vei-03"]


def _next(ws: Workspace, researcher: str | None = None) -> list[str]:
    return status(Workspace(ws.root).study(), researcher).next


def test_an_empty_study_asks_for_groups_and_transcripts(tmp_path: Path):
    ws = api.init_workspace(tmp_path / "s", "Tom", "en", ["ms"])
    st = status(ws.study())
    assert st.next == ["stc group add ID --label L", "stc import FILE --group ID"]
    assert (st.transcripts, st.informants, st.groups, st.round) == (0, 0, 0, None)
    assert [s.name for s in st.steps] == [
        "Total impression", "Meaning units", "Condensation", "Synthesis"
    ]  # fmt: skip


def test_the_next_command_follows_the_four_steps(ws: Workspace):
    st = status(ws.study())
    assert next(s.name for s in st.steps) == "Total impression «Helhetsinntrykk»"
    assert (st.transcripts, st.informants, st.groups) == (6, 6, 3)
    assert st.next == ["stc impression dir-01 --researcher <researcher>", "stc theme add LABEL"]
    assert _next(ws, "ms")[0] == "stc impression dir-01 --researcher ms"
    for tid in TIDS:
        api.record_impression(ws, tid, "ms", f"Inntrykk av {tid}.")
    assert _next(ws) == ["stc theme add LABEL"]
    st = status(ws.study(), "ak")
    assert (st.steps[0].done, st.steps[0].total, st.steps[0].missing[:1]) == (0, 6, ["dir-01"])
    api.add_theme(ws, "Hverdagen", "hverdag")
    assert status(ws.study()).steps[0].notes == [
        "1 preliminary theme",
        "STC suggests 4–8 preliminary themes",
    ]
    assert _next(ws) == ["stc code dir-01 --researcher <researcher>"]
    ids = [
        api.add_unit(ws, tid, "ms", ["saker"], quote="Vi har for mange saker.").unit.id
        for tid in TIDS
    ]
    st = status(ws.study())
    assert (st.steps[1].done, st.steps[1].total, st.steps[1].missing) == (6, 6, [])
    assert st.steps[1].notes == [
        "6 meaning units, 1 code, 0 code groups",
        "1 code not yet sorted into a code group",
    ]
    assert st.steps[1].progress == ["ms 6/6 (6 units)"]
    assert _next(ws) == ["stc codebook move saker --code-group G"]
    api.add_code_group(ws, "tid", "Tid", theme="hverdag")
    api.move_code(ws, "saker", "tid")
    assert _next(ws) == ["stc condense tid"]
    api.add_subgroup(ws, "tid", "mange", "Mange", ids[:3])
    st = status(ws.study())
    assert (st.steps[2].done, st.steps[2].missing) == (0, ["tid/mange"])
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    api.choose_golden(ws, "tid", "mange", ids[0])
    st = status(ws.study())
    assert (st.steps[2].done, st.steps[2].total) == (1, 1)
    assert st.steps[2].notes == ["1/1 condensates written", "1 golden quotation"]
    assert _next(ws) == ["stc synthesize tid --edit"]
    api.write_synthesis(ws, "tid", f"Mange saker.\n\n[[{ids[0]}]]")
    st = status(ws.study())
    assert (st.steps[3].done, st.steps[3].missing, st.stale) == (1, [], [])
    assert st.next == ["stc check", "stc report --format docx"]
    # a unit joins the subgroup after both texts were written: both are stale
    api.add_subgroup(ws, "tid", "mange", "", [ids[3]])
    st = status(ws.study())
    assert st.stale == ["condensate tid/mange", "analytic text tid"]
    assert st.next == ["stc condense tid"]
    api.write_condensate(ws, "tid", "mange", "Jeg har altfor mange saker.")
    assert _next(ws) == ["stc synthesize tid --edit"]


def test_raw_transcripts_disputes_and_unmerged_units_come_first(ws: Workspace):
    raw = replace(ws.transcript("vei-02"), anonymised=False)
    ws.save_transcript(raw)
    st = status(ws.study())
    assert st.next == ["stc anon scan vei-02", "stc anon apply vei-02"]
    assert "1 transcript not yet anonymised: vei-02" in st.steps[0].notes
    ws.save_transcript(replace(raw, anonymised=True))
    for tid in TIDS:
        api.record_impression(ws, tid, "ms", "Inntrykk.")
        api.add_unit(ws, tid, "ms", ["a"], quote="Læringskurven er bratt")
    api.add_theme(ws, "Hverdagen", "hverdag")
    api.add_unit(ws, "vei-01", "ak", ["b"], quote="er bratt hvis")
    api.consensus(ws, ["ms", "ak"], "team")
    st = status(ws.study())
    assert "1 open dispute in the consensus coding team" in st.steps[1].notes
    assert st.next == ["1 open dispute: stc resolve --into team"]
    assert st.steps[1].progress == [
        "ak 1/6 (1 unit)",
        "ms 6/6 (6 units)",
        "team (consensus) 6/6 (7 units)",
    ]
    api.add_unit(ws, "vei-02", "ak", ["b"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-03", "ak", ["b"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-03", "ms", ["b"], quote="Vi har for mange saker.")
    st = status(ws.study())
    assert st.next == [
        "2 new units by ak since the last merge: stc merge --from ak --from ms --into team"
    ]
    assert "1 new unit by ms since the last merge into team" in st.steps[1].notes


def test_a_researchers_round_scopes_steps_1_and_2(ws: Workspace):
    api.assign_round(ws, 1, ["ms", "ak"], "random", seed=2, transcripts=["vei-01", "vei-02"])
    api.assign_round(ws, 2, ["ms"], "random", seed=2, transcripts=["fyl-01"])
    study = ws.study()
    assert current_round(study, "ak").number == 1  # type: ignore[union-attr]
    assert current_round(study, "ms").number == 2  # type: ignore[union-attr]
    assert current_round(study, None).number == 2  # type: ignore[union-attr]
    st = status(study, "ms")
    assert (st.round, st.assigned, st.steps[0].total) == (2, ["fyl-01"], 1)
    assert status(study).assigned == []
    # a researcher's own coding counts for them, whatever coding.use says
    api.add_unit(ws, "fyl-01", "ms", ["a"], quote="Jeg jobber")
    ws.save_project(replace(ws.project(), coding=("ak",)))
    assert status(ws.study(), "ms").steps[1].done == 1
    assert status(ws.study()).steps[1].done == 0
    assert status(ws.study()).steps[1].notes[0].startswith("0 meaning units in coding ak")
    assert current_round(ws.study(), "zz") is None
    assert isinstance(current_round(ws.study(), "ms"), Round)
