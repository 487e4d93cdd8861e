import json
from dataclasses import replace
from typing import Any

import pytest

from stc import api
from stc.core.check import Problem, check, report_blockers
from stc.core.synthesize import code_group_fingerprint
from stc.core.units import Span, unit_id
from stc.model import (
    Assignments,
    Code,
    Codebook,
    CodeGroup,
    Condensation,
    Impression,
    InformantGroup,
    MeaningUnit,
    Project,
    Researcher,
    Round,
    Step1,
    Subgroup,
    Synthesis,
    Theme,
    Transcript,
    Turn,
    UnitFile,
    Validation,
    ValidationLog,
)
from stc.store import Workspace
from stc.study import Study, fingerprint


def _messages(ws: Workspace) -> list[str]:
    return [str(p) for p in api.run_check(ws).problems]


def test_demo_workspace_is_clean(demo: Workspace):
    result = api.run_check(demo)
    assert result.problems == [] and result.repaired == []
    # the same check finds a fault planted in the demo: it looked, and found nothing else
    path = demo.transcript_path("ag-02")
    path.write_text(
        path.read_text(encoding="utf-8").replace("group: arbeidsgiver", "group: arbeidsgivar"),
        encoding="utf-8",
    )
    problems = api.run_check(Workspace(demo.root)).problems
    assert [(p.level, p.file, p.where) for p in problems] == [
        ("error", "transcripts/ag-02.md", "group"),
        ("error", "stc.yaml", "informant_groups"),  # arbeidsgiver now covers 2 informants
    ]
    assert "'arbeidsgiver'" in problems[1].message and "covers 2" in problems[1].message


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
    assert api.run_check(ws).errors == []  # dir (1) and fylke (2) are quoted as one label of 3
    api.add_group(ws, "fylke", "NAV Fylket")  # fylke no longer shares the label
    errors = [str(p) for p in api.run_check(ws).errors]
    assert errors == [
        "error: stc.yaml: informant_groups: quotes from informant group 'dir' would be "
        "attributed to 'NAV-ansatt, systemnivå', which covers 1 informant — fewer than "
        "anonymity.min_group_size (3); merge it with another group for attribution: "
        "stc group add dir --label 'Direktoratet' --quote-as '…'"
    ]


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


# --- every rule, on a small study built in memory ------------------------------------------
# Each test starts from a study with no problems, changes one thing, and asserts the one
# problem check then reports: its level, file, place, message and whether it blocks the report.

VEI_01 = Transcript(
    "vei-01",
    "veileder",
    (
        Turn(1, "I", "Hvordan prioriterer du?"),
        Turn(2, "R", "Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen."),
        Turn(3, "I", "Hva skjer da?"),
        Turn(4, "R", "Da blir de som har vært sykmeldt lengst prioritert."),
    ),
)
VEI_02 = replace(VEI_01, id="vei-02")


def _unit(t: Transcript, coder: str, turn: int, text: str, codes: tuple[str, ...]) -> MeaningUnit:
    start = t.turns[turn - 1].text.index(text)
    span = Span(turn, start, start + len(text))
    uid = unit_id(t.id, coder, span, text, set())
    return MeaningUnit(uid, t.id, coder, turn, span.start, span.end, text, codes)


U1 = _unit(VEI_01, "ms", 2, "for mange saker", ("saker",))
U2 = _unit(VEI_01, "ms", 4, "sykmeldt lengst prioritert", ("frister",))
U3 = _unit(VEI_02, "ms", 2, "Jeg rekker ikke å ringe alle", ("frister",))


def _study(**changes: Any) -> Study:
    """A clean study: one theme, one code group with two codes, three units in one subgroup
    with a condensate and a golden quote, an analytic text quoting one of them."""
    project = Project(
        "Prioritering",
        researchers=(Researcher("ms"), Researcher("ak")),
        groups=(InformantGroup("veileder", "NAV-veileder"),),
        min_group_size=1,
    )
    codebook = Codebook(
        (Theme("ressurser", "Ressurser"),),
        (CodeGroup("tid", "Tid og saker", "ressurser"),),
        (Code("saker", code_group="tid"), Code("frister", code_group="tid")),
    )
    units = (
        UnitFile("vei-01", "ms", (U1, U2)),
        UnitFile("vei-02", "ms", (U3,)),
    )
    sub = Subgroup("mange", "For mange saker", (U1.id, U2.id, U3.id), "Jeg har for mange saker.")
    base: dict[str, Any] = {
        "project": project,
        "transcripts": {"vei-01": VEI_01, "vei-02": VEI_02},
        "codebook": codebook,
        "unit_files": units,
        "step1": (Step1("ms", impressions=(Impression("vei-01", "Travel."),)),),
        "condensations": {"tid": Condensation("tid", (sub,))},
        "syntheses": {},
        "assignments": Assignments((Round(1, "manual", {"ms": ("vei-01", "vei-02")}),)),
        "validations": (ValidationLog("ms", (Validation("2024-02-01", "tid", "confirmed"),)),),
    }
    first = Study(**base)
    sub = replace(sub, golden=U1.id, fingerprint=fingerprint(first.subgroup_units("tid", "mange")))
    base["condensations"] = {"tid": Condensation("tid", (sub,))}
    second = Study(**base)
    base["syntheses"] = {
        "tid": Synthesis(
            "tid",
            "Tiden strekker ikke til",
            f"Veilederne har for mange saker.\n\n[[{U1.id}]]",
            "ressurser",
            code_group_fingerprint(second, "tid"),
        )
    }
    base.update(changes)
    return Study(**base)


def _only(study: Study) -> Problem:
    (problem,) = check(study).problems
    return problem


def test_the_built_study_is_clean():
    result = check(_study())
    assert result.problems == [] and result.repaired == []


def test_transcript_in_an_unknown_group_is_an_error_that_blocks_the_report():
    moved = replace(VEI_02, group="fastlege")
    p = _only(_study(transcripts={"vei-01": VEI_01, "vei-02": moved}))
    assert (p.level, p.file, p.where) == ("error", "transcripts/vei-02.md", "group")
    assert "informant group 'fastlege' is not in stc.yaml" in p.message
    assert "stc group add fastlege" in p.message and p.blocks_report


def test_transcript_without_turns_is_a_warning():
    empty = replace(VEI_02, turns=())
    problems = check(_study(transcripts={"vei-01": VEI_01, "vei-02": empty})).problems
    assert next((p.level, p.file, p.where) for p in problems) == (
        "warning",
        "transcripts/vei-02.md",
        "",
    )
    assert problems[0].message == "the transcript has no turns" and not problems[0].blocks_report
    # its unit can no longer be found in it: checked as well, not skipped
    assert (problems[1].level, problems[1].where) == ("error", f"unit {U3.id}")


def test_transcript_not_yet_anonymised_is_a_warning():
    raw = replace(VEI_02, anonymised=False)
    p = _only(_study(transcripts={"vei-01": VEI_01, "vei-02": raw}))
    assert (p.level, p.file, p.where) == ("warning", "transcripts/vei-02.md", "anonymised")
    assert p.message == "marked as not yet anonymised"


def test_units_of_a_missing_transcript_are_an_error():
    p = _only(
        _study(
            transcripts={"vei-01": VEI_01},
            assignments=Assignments((Round(1, "manual", {"ms": ("vei-01",)}),)),
        )
    )
    assert (p.level, p.file, p.where) == ("error", "analyses/step2/vei-02/ms.yaml", "")
    assert p.message == "transcript 'vei-02' does not exist" and p.blocks_report


def test_unit_without_a_code_is_a_warning():
    bare = replace(U2, codes=())
    units = (UnitFile("vei-01", "ms", (U1, bare)), UnitFile("vei-02", "ms", (U3,)))
    problems = check(_study(unit_files=units)).problems
    assert [(p.level, p.where, p.message) for p in problems if "step2" in p.file] == [
        ("warning", f"unit {U2.id}", "the unit has no code")
    ]
    assert problems[0].file == "analyses/step2/vei-01/ms.yaml"


def test_unit_with_a_code_not_in_the_codebook_is_an_error_naming_the_code():
    odd = _unit(VEI_02, "ms", 4, "lengst prioritert", ("ukjent",))
    p = _only(
        _study(unit_files=(UnitFile("vei-01", "ms", (U1, U2)), UnitFile("vei-02", "ms", (U3, odd))))
    )
    assert (p.level, p.file, p.where) == (
        "error",
        "analyses/step2/vei-02/ms.yaml",
        f"unit {odd.id}",
    )
    assert "code 'ukjent' is not in codebooks/codebook.yaml" in p.message
    assert "stc codebook add ukjent" in p.message and not p.blocks_report


def test_unit_at_a_turn_the_transcript_does_not_have_is_re_anchored_or_an_error():
    far = replace(U3, turn=9)
    result = check(
        _study(unit_files=(UnitFile("vei-01", "ms", (U1, U2)), UnitFile("vei-02", "ms", (far,))))
    )
    (p,) = result.problems
    assert (p.level, p.where) == ("warning", f"unit {U3.id}")
    assert "now sits at turn 2" in p.message
    (repaired,) = result.repaired
    assert repaired.units == (U3,)


def test_several_units_in_one_file_keep_the_untouched_ones_and_are_all_checked():
    text = VEI_01.turns[1].text
    edited = replace(
        VEI_01,
        turns=(
            VEI_01.turns[0],
            replace(VEI_01.turns[1], text="Altså, " + text),
            VEI_01.turns[2],
            replace(VEI_01.turns[3], text="Da blir de eldste sakene prioritert."),
        ),
    )
    first = _unit(VEI_01, "ms", 1, "Hvordan prioriterer du?", ("saker",))
    unit_files = (UnitFile("vei-01", "ms", (first, U1, U2)), UnitFile("vei-02", "ms", (U3,)))
    result = check(_study(transcripts={"vei-01": edited, "vei-02": VEI_02}, unit_files=unit_files))
    assert [(p.level, p.where) for p in result.problems] == [
        ("warning", f"unit {first.id}"),  # the interviewer's question alone
        ("warning", f"unit {U1.id}"),
        ("error", f"unit {U2.id}"),
    ]
    assert "only the interviewer's words" in result.problems[0].message
    assert f"now sits at turn 2, {U1.start + 7}–{U1.end + 7}" in result.problems[1].message
    assert "no longer in transcript vei-01 (turn 4)" in result.problems[2].message
    (repaired,) = result.repaired
    assert repaired.units == (first, replace(U1, start=U1.start + 7, end=U1.end + 7), U2)


def test_unit_whose_offsets_do_not_span_its_text_is_a_blocking_error():
    cut = replace(U2, end=U2.end + 40)
    result = check(
        _study(unit_files=(UnitFile("vei-01", "ms", (U1, cut)), UnitFile("vei-02", "ms", (U3,))))
    )
    (p,) = [p for p in result.problems if p.level == "error"]
    assert (p.file, p.where) == ("analyses/step2/vei-01/ms.yaml", f"unit {U2.id}")
    assert f"its offsets {U2.start}–{U2.end + 40} span" in p.message and p.blocks_report
    assert result.repaired == []


def test_unit_end_past_a_turn_that_got_shorter_is_re_anchored():
    short = replace(
        VEI_01,
        turns=(*VEI_01.turns[:3], Turn(4, "R", "sykmeldt lengst prioritert")),
    )
    result = check(_study(transcripts={"vei-01": short, "vei-02": VEI_02}))
    (p,) = result.problems
    assert (p.level, p.where) == ("warning", f"unit {U2.id}")
    assert result.repaired[0].units[1] == replace(U2, start=0, end=len(U2.text))


def test_codebook_rules_name_the_code_group_or_code():
    cb = _study().codebook
    lost_theme = replace(cb, code_groups=(replace(cb.code_groups[0], theme="borte"),))
    p = next(
        p
        for p in check(_study(codebook=lost_theme)).problems
        if p.file == "codebooks/codebook.yaml"
    )
    assert (p.level, p.where, p.message) == (
        "error",
        "code group tid",
        "theme 'borte' does not exist",
    )

    empty_group = replace(cb, code_groups=(*cb.code_groups, CodeGroup("tom", "Tom")))
    p = _only(_study(codebook=empty_group))
    assert (p.level, p.file, p.where) == ("warning", "codebooks/codebook.yaml", "code group tom")
    assert p.message == "the code group has no codes"

    lost_group = replace(cb, codes=(cb.codes[0], replace(cb.codes[1], code_group="borte")))
    problems = check(_study(codebook=lost_group)).problems
    p = next(p for p in problems if p.where == "code frister")
    assert (p.level, p.file, p.message) == (
        "error",
        "codebooks/codebook.yaml",
        "code group 'borte' does not exist",
    )


def test_unsorted_codes_are_one_warning_listing_at_most_eight():
    cb = _study().codebook
    extra = tuple(Code(f"kode-{i}") for i in range(10))
    p = _only(_study(codebook=replace(cb, codes=(*cb.codes, *extra))))
    assert (p.level, p.file, p.where) == ("warning", "codebooks/codebook.yaml", "codes")
    assert p.message.startswith("10 unsorted codes not yet in a code group: kode-0, ")
    assert "kode-7 …" in p.message and "kode-8" not in p.message
    p = _only(_study(codebook=replace(cb, codes=(*cb.codes, *extra[:8]))))
    assert "kode-7 (stc codebook add" in p.message and "…" not in p.message


def _with_subgroups(*subs: Subgroup, cg: str = "tid") -> Study:
    return _study(condensations={cg: Condensation(cg, subs)}, syntheses={})


def test_step3_rules_name_the_subgroup():
    p = _only(_study(condensations={"borte": Condensation("borte", ())}, syntheses={}))
    assert (p.level, p.file, p.where) == ("error", "analyses/step3/borte.yaml", "")
    assert p.message == "code group 'borte' is not in the codebook"

    ok = _study().condensations["tid"].subgroups[0]
    p = _only(_with_subgroups(replace(ok, units=(*ok.units, "vei-01.ms.ffffff"))))
    assert (p.level, p.file, p.where) == ("error", "analyses/step3/tid.yaml", "subgroup mange")
    assert p.message == "unit vei-01.ms.ffffff does not exist"


def test_unit_of_another_code_group_in_a_subgroup_is_a_warning():
    cb = _study().codebook
    cb = replace(
        cb,
        code_groups=(*cb.code_groups, CodeGroup("annet", "Annet")),
        codes=(cb.codes[0], replace(cb.codes[1], code_group="annet")),
    )
    problems = check(_study(codebook=cb, syntheses={})).problems
    assert [(p.level, p.where, p.message) for p in problems if p.file.endswith("tid.yaml")] == [
        ("warning", "subgroup mange", f"unit {U2.id} has no code in code group 'tid'"),
        ("warning", "subgroup mange", f"unit {U3.id} has no code in code group 'tid'"),
    ]


def test_golden_quote_outside_its_subgroup_is_a_blocking_error():
    ok = _study().condensations["tid"].subgroups[0]
    one = replace(ok, units=(U1.id, U2.id), golden=U3.id)
    rest = Subgroup("resten", "Resten", (U3.id,), "Jeg rekker ikke alt.", U3.id)
    problems = check(_with_subgroups(one, rest)).problems
    errors = [p for p in problems if p.level == "error"]
    assert [(p.file, p.where, p.message, p.blocks_report) for p in errors] == [
        (
            "analyses/step3/tid.yaml",
            "subgroup mange",
            f"golden quote {U3.id} is not one of its units",
            True,
        )
    ]


def test_subgroup_without_condensate_or_golden_quote_is_warned_about():
    bare = Subgroup("mange", "For mange saker", (U1.id, U2.id, U3.id))
    problems = check(_with_subgroups(bare)).problems
    assert [(p.level, p.file, p.where, p.message) for p in problems] == [
        ("warning", "analyses/step3/tid.yaml", "subgroup mange", "no condensate yet"),
        ("warning", "analyses/step3/tid.yaml", "subgroup mange", "no golden quotation chosen yet"),
    ]
    problems = check(_with_subgroups(Subgroup("tom", "Tom"))).problems
    assert [(p.level, p.where, p.message) for p in problems] == [
        ("warning", "subgroup tom", "no condensate yet")
    ]


def test_stale_condensate_is_a_warning():
    ok = _study().condensations["tid"].subgroups[0]
    p = _only(_with_subgroups(replace(ok, fingerprint="000000000000")))
    assert (p.level, p.file, p.where) == ("warning", "analyses/step3/tid.yaml", "subgroup mange")
    assert p.message.startswith("stale: its units changed after the condensate was written")


def test_step4_rules_name_the_file_and_place():
    s = _study().syntheses["tid"]
    p = _only(_study(syntheses={"tid": replace(s, theme="borte")}))
    assert (p.level, p.file, p.where, p.message) == (
        "error",
        "analyses/step4/tid.md",
        "theme",
        "theme 'borte' does not exist",
    )
    p = _only(_study(syntheses={"tid": replace(s, body=s.body + "\n\n[[vei-01.ms.000000]]")}))
    assert (p.level, p.file, p.where) == ("error", "analyses/step4/tid.md", "[[vei-01.ms.000000]]")
    assert p.message == "the quote reference does not resolve to a unit"
    p = _only(_study(syntheses={"tid": replace(s, fingerprint="000000000000")}))
    assert (p.level, p.file, p.where) == ("warning", "analyses/step4/tid.md", "")
    assert p.message.startswith("stale: the code group's subgroups changed")
    assert check(_study(syntheses={"tid": replace(s, fingerprint="")})).problems == []
    problems = check(_study(syntheses={"borte": Synthesis("borte", "H", "Tekst.")})).problems
    assert [(p.level, p.file, p.where, p.message) for p in problems] == [
        ("error", "analyses/step4/borte.md", "", "code group 'borte' is not in the codebook")
    ]


def test_records_rules_name_the_round_or_record():
    bad_target = ValidationLog(
        "ms",
        (
            Validation("2024-02-01", "tid", "confirmed"),
            Validation("2024-02-02", "borte", "revised"),
        ),
    )
    p = _only(_study(validations=(bad_target,)))
    assert (p.level, p.file, p.where) == ("warning", "analyses/validation/ms.yaml", "records[1]")
    assert p.message == "target 'borte' is no code group, unit or transcript"
    for target in ("vei-02", U3.id):
        log = ValidationLog("ms", (Validation("2024-02-01", target, "confirmed"),))
        assert check(_study(validations=(log,))).problems == []

    missing = Assignments((Round(2, "manual", {"ms": ("vei-01",), "ak": ("vei-02", "vei-09")}),))
    p = _only(_study(assignments=missing))
    assert (p.level, p.file, p.where) == ("error", "analyses/assignments.yaml", "round 2: ak")
    assert p.message == "transcript 'vei-09' does not exist"

    stranger = Assignments((Round(1, "manual", {"kn": ("vei-01",)}),))
    p = _only(_study(assignments=stranger))
    assert (p.level, p.file, p.where) == ("error", "analyses/assignments.yaml", "round 1: kn")
    assert p.message.startswith("researcher 'kn' is not in stc.yaml")


def test_impression_of_a_missing_transcript_names_its_index():
    s1 = Step1("ak", impressions=(Impression("vei-01", "A"), Impression("vei-07", "B")))
    p = _only(_study(step1=(s1,)))
    assert (p.level, p.file, p.where) == ("error", "analyses/step1/ak.yaml", "impressions[1]")
    assert "transcript 'vei-07', which does not exist" in p.message and not p.blocks_report


def test_unit_ids_shared_by_two_files_and_units_in_two_subgroups_are_errors():
    copy = UnitFile("vei-01", "ak", (replace(U1, coder="ak"),))
    p = _only(_study(unit_files=(*_study().unit_files, copy)))
    assert (p.level, p.file, p.where) == ("error", "analyses/step2/vei-01/ak.yaml", f"unit {U1.id}")
    assert "the same unit id is in analyses/step2/vei-01/ms.yaml" in p.message and p.blocks_report

    ok = _study().condensations["tid"].subgroups[0]
    twice = Subgroup("igjen", "Igjen", (U2.id,), "Jeg prioriterer.", U2.id)
    problems = check(_with_subgroups(ok, twice)).problems
    errors = [p for p in problems if p.level == "error"]
    assert [(p.file, p.where, p.message) for p in errors] == [
        (
            "analyses/step3/tid.yaml",
            "subgroup igjen",
            f"unit {U2.id} is also in subgroup mange; a meaning unit belongs to one subgroup "
            "— remove it from one of them",
        )
    ]


def test_coding_use_must_name_coders_with_units():
    project = replace(_study().project, coding=("ms",))
    assert check(_study(project=project)).problems == []
    project = replace(_study().project, coding=("ms", "team"))
    p = _only(_study(project=project))
    assert (p.level, p.file, p.where) == ("error", "stc.yaml", "coding.use")
    assert p.message.startswith("'team' has coded no meaning units") and p.blocks_report
    assert "(coders with units: ms)" in p.message


def test_attribution_to_too_small_a_group_is_a_blocking_error():
    project = replace(_study().project, min_group_size=3)
    p = _only(_study(project=project))
    assert (p.level, p.file, p.where) == ("error", "stc.yaml", "informant_groups")
    assert "covers 2 informants — fewer than anonymity.min_group_size (3)" in p.message
    assert "'veileder'" in p.message and "'NAV-veileder'" in p.message
    assert p.blocks_report
    assert report_blockers(_study(project=project)) == [p]
    assert report_blockers(_study()) == []


def test_a_missing_transcript_does_not_stop_the_check_of_later_unit_files():
    orphan = UnitFile("vei-00", "ms", (replace(U1, id="vei-00.ms.abcdef", transcript="vei-00"),))
    odd = _unit(VEI_02, "ms", 4, "lengst prioritert", ("ukjent",))
    units = (orphan, UnitFile("vei-01", "ms", (U1, U2)), UnitFile("vei-02", "ms", (U3, odd)))
    result = check(_study(unit_files=units))
    assert [(p.level, p.file) for p in result.errors] == [
        ("error", "analyses/step2/vei-00/ms.yaml"),
        ("error", "analyses/step2/vei-02/ms.yaml"),
    ]
    assert result.warnings == []


def test_a_damaged_unit_is_kept_as_it_is_and_later_units_are_still_checked():
    damaged = replace(U1, end=U1.end + 3)
    moved_turn = replace(U2, turn=2)  # its text is in turn 4: re-anchored
    result = check(
        _study(
            unit_files=(UnitFile("vei-01", "ms", (damaged, moved_turn)), *_study().unit_files[1:])
        )
    )
    assert [(p.level, p.where, p.blocks_report) for p in result.problems if "step2" in p.file] == [
        ("error", f"unit {U1.id}", True),
        ("warning", f"unit {U2.id}", False),
    ]
    (repaired,) = result.repaired
    assert repaired.units == (damaged, U2)


def test_text_gone_from_the_transcript_blocks_the_report():
    gone = replace(U2, text="sykmeldt lengre prioritert")
    units = (UnitFile("vei-01", "ms", (U1, gone)), *_study().unit_files[1:])
    blockers = report_blockers(_study(unit_files=units))
    assert [(b.level, b.where) for b in blockers] == [("error", f"unit {U2.id}")]
    assert "no longer in transcript vei-01 (turn 4)" in blockers[0].message


def test_a_unit_in_three_subgroups_names_the_first_each_time():
    ok = _study().condensations["tid"].subgroups[0]
    again = Subgroup("igjen", "Igjen", (U2.id,))
    third = Subgroup("tredje", "Tredje", (U2.id,))
    errors = check(_with_subgroups(ok, again, third)).errors
    assert [(p.where, p.message.split(";")[0]) for p in errors] == [
        ("subgroup igjen", f"unit {U2.id} is also in subgroup mange"),
        ("subgroup tredje", f"unit {U2.id} is also in subgroup mange"),
    ]


def test_attribution_skips_groups_not_in_stc_yaml_and_checks_the_rest():
    project = replace(_study().project, min_group_size=3)
    odd = replace(VEI_01, id="aaa-01", group="aaa")
    units = (
        *_study().unit_files,
        UnitFile("aaa-01", "ms", (replace(U1, id="aaa-01.ms.1", transcript="aaa-01"),)),
    )
    problems = check(
        _study(
            project=project, transcripts={**_study().transcripts, "aaa-01": odd}, unit_files=units
        )
    ).problems
    assert [(p.file, p.where) for p in problems if p.level == "error"] == [
        ("transcripts/aaa-01.md", "group"),
        ("stc.yaml", "informant_groups"),
    ]
    assert "'veileder'" in problems[-1].message


def test_context_units_of_a_unit_or_a_code_group():
    from stc.core.check import context_units
    from stc.errors import NotFound

    study = _study()
    assert context_units(study, U2.id) == [U2]
    assert context_units(study, "tid") == [U1]  # the golden quote, quoted again in the text
    with pytest.raises(NotFound, match="'borte' is neither a meaning unit nor a code group"):
        context_units(study, "borte")


def test_a_unit_of_the_interviewers_words_only_is_named(ws: Workspace):
    q = api.add_unit(ws, "vei-01", "ms", ["a"], turn=3, start=0, end=23).unit  # the question
    a = api.add_unit(ws, "vei-01", "ms", ["a"], turn=3, start=0, end=6, to_turn=4).unit
    problems = [p for p in api.run_check(ws).problems if "interviewer's words" in p.message]
    assert [(p.level, p.where) for p in problems] == [("warning", f"unit {q.id}")]
    assert problems[0].message.startswith("the unit holds only the interviewer's words (turn 3)")
    assert a.id not in problems[0].where  # a question with its answer is fine


def test_after_a_merge_subgroups_of_the_old_codings_say_why_they_no_longer_count(
    demo: Workspace,
):
    api.consensus(demo, ["ib", "tl"], "team")
    problems = api.run_check(Workspace(demo.root)).problems
    moved = [p for p in problems if "not the coding the analysis rests on" in p.message]
    assert moved and all(p.level == "warning" for p in moved)
    assert "(team): reports leave it out" in moved[0].message
    assert not [p for p in problems if "has no code in code group" in p.message]
    # and so they do: the report's subgroups and the quote bank hold the same units
    study = Workspace(demo.root).study()
    for cg, c in study.condensations.items():
        assert all(u.coder == "team" for s in c.subgroups for u in study.subgroup_units(cg, s.id))
    rows = json.loads(api.quote_bank(Workspace(demo.root), "json"))
    assert {r["subgroup"] for r in rows} == {""}  # nothing of the team's is sorted yet
