from stc import api
from stc.store import Workspace


def _messages(ws: Workspace) -> list[str]:
    return [str(p) for p in api.run_check(ws).problems]


def test_demo_workspace_is_clean(demo: Workspace):
    result = api.run_check(demo)
    assert result.problems == []


def test_edited_transcript_is_reanchored_and_saved(ws: Workspace):
    u = api.add_unit(ws, "vei-01", "ms", ["x"], quote="for mange saker").unit
    path = ws.transcript_path("vei-01")
    text = path.read_text(encoding="utf-8").replace("R: Vi har", "R: Altså, vi har nå")
    path.write_text(text, encoding="utf-8")
    ws2 = Workspace(ws.root)
    result = api.run_check(ws2)
    assert any("re-anchored" in str(p) and u.id in str(p) for p in result.warnings)
    (moved,) = ws2.unit_file("vei-01", "ms").units
    assert moved.id == u.id
    assert moved.start == u.start + 10
    assert ws2.transcript("vei-01").turn(4).text[moved.start : moved.end] == "for mange saker"
    assert not any("re-anchored" in str(p) for p in api.run_check(Workspace(ws.root)).problems)


def test_text_that_is_gone_is_an_error_naming_the_unit(ws: Workspace):
    u = api.add_unit(ws, "vei-01", "ms", ["x"], quote="for mange saker").unit
    path = ws.transcript_path("vei-01")
    path.write_text(
        path.read_text(encoding="utf-8").replace("for mange", "mange"), encoding="utf-8"
    )
    errors = [str(p) for p in api.run_check(Workspace(ws.root)).errors]
    assert any(u.id in e and "no longer in transcript vei-01" in e for e in errors)


def test_unknown_codes_groups_refs_and_golden_are_errors(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    u = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker").unit
    v = api.add_unit(ws, "vei-02", "ms", ["saker"], quote="for mange saker").unit
    api.add_subgroup(ws, "tid", "s", "S", [u.id])
    api.write_synthesis(ws, "tid", "Tekst [[vei-01.ms.000000]]")
    cond = ws.condensation("tid")
    from dataclasses import replace

    ws.save_condensation(cond.with_subgroup(replace(cond.subgroups[0], golden=v.id)))
    cb = ws.codebook()
    ws.save_codebook(replace(cb, codes=()))
    msgs = _messages(ws)
    assert any("code 'saker' is not in codebooks/codebook.yaml" in m for m in msgs)
    assert any("[[vei-01.ms.000000]]" in m and "does not resolve" in m for m in msgs)
    assert any(f"golden quote {v.id} is not one of its units" in m for m in msgs)


def test_small_group_quoted_under_its_own_label_is_an_error_naming_it(ws: Workspace):
    api.add_group(ws, "lege", "Fastlege")
    from tests.conftest import write_transcript

    write_transcript(ws, "lege-01", "lege")
    api.add_unit(ws, "lege-01", "ms", ["x"], quote="for mange saker")
    errors = [str(p) for p in api.run_check(ws).errors]
    assert any("'lege'" in e and "'Fastlege'" in e and "covers 1 informant" in e for e in errors)


def test_groups_sharing_quote_as_count_together(ws: Workspace):
    api.add_unit(ws, "dir-01", "ms", ["x"], quote="for mange saker")
    assert api.run_check(ws).errors == []


def test_unsorted_codes_and_stale_condensates_are_warnings(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    u = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker").unit
    api.add_unit(ws, "vei-02", "ms", ["usortert"], quote="for mange saker")
    api.add_subgroup(ws, "tid", "s", "S", [u.id])
    api.write_condensate(ws, "tid", "s", "Jeg har for mange saker.")
    assert not any("stale" in m for m in _messages(ws))
    api.add_unit(ws, "vei-01", "ms", ["saker2"], quote="for mange saker")  # codes change
    msgs = _messages(ws)
    assert any("stale" in m and "subgroup s" in m for m in msgs)
    assert any("unsorted code" in m and "usortert" in m for m in msgs)
