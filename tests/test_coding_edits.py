"""Correcting step 2 and keeping the consensus: unit edits, undo, incremental merge, resolve.

The team scenarios run with two researchers in two git clones (real git, the merge driver
installed by `stc setup`), driven through the CLI.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stc import api
from stc.store import Workspace
from tests.conftest import git

VENDOR = """\
Interviewer: So how did the rollout go, from where you sat?

Respondent: Honestly? We never really knew what the vendor was doing with our data. They'd send \
these, um, quarterly summaries, but nobody could tell us where the numbers came from.

Interviewer: Did that change how you worked with clients?

Respondent: Yeah. I mean, you can't explain a risk score to a client if you don't know how it's \
made. So we stopped showing them the scores. We just talked about the case instead.

Interviewer: And the external data, the credit stuff?

Respondent: That came from a third-party provider. Nobody in our office had a contract with \
them, it was all handled centrally. Which, fine, but when it was wrong we had no one to call.
"""

HANDOVER = """\
Interviewer: Tell me about the handover between teams.

Respondent: The handover is basically a spreadsheet. If you're lucky someone adds a comment. \
Most of the time you ring the person who had the case before and hope they remember.

Interviewer: What would make it better?

Respondent: A proper case history. And, honestly, time. We get two days to read in, and that's \
not enough when the file is three years old.
"""


def _git(cwd: Path, *args: str) -> str:
    return git(cwd, *args)


def _study(root: Path) -> Workspace:
    ws = api.init_workspace(root, "Digital case work", "en", ["ann", "bob"])
    api.add_group(ws, "caseworker", "Caseworker")
    third = HANDOVER.replace("spreadsheet", "shared folder").replace("three", "five")
    for tid, body in (("cw-01", VENDOR), ("cw-02", HANDOVER), ("cw-03", third)):
        src = root / f"{tid}.txt"
        src.write_text(body, encoding="utf-8")
        api.import_transcripts(ws, [src], group="caseworker", transcript_id=tid)
        src.unlink()
    api.add_code_group(ws, "Opacity")
    return ws


@pytest.fixture
def team(tmp_path: Path, cli) -> tuple[Path, Path]:
    """Clones for ann (a) and bob (b) of one study, each set up with `stc setup`."""
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    origin = tmp_path / "origin"
    _study(origin)
    _git(origin, "init", "-q", "-b", "main")
    assert cli(origin, "setup", "--no-hooks").exit_code == 0
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "study")
    clones = []
    for name in ("ann", "bob"):
        c = tmp_path / name
        _git(tmp_path, "clone", "-q", str(origin), str(c))
        assert cli(c, "setup", "--no-hooks").exit_code == 0
        assert cli(c, "config", "--researcher", name).exit_code == 0
        clones.append(c)
    return clones[0], clones[1]


def _commit(root: Path, message: str) -> None:
    _git(root, "add", "-A")
    if _git(root, "status", "--porcelain").strip():
        _git(root, "commit", "-qm", message)


def _share(src: Path, dst: Path, message: str) -> None:
    """src commits and pushes a branch; dst commits its own work and merges src's with git
    (a three-way merge through stc's merge driver)."""
    _commit(src, message)
    _git(src, "push", "-q", "-f", "origin", f"HEAD:refs/heads/{src.name}")
    _commit(dst, f"{dst.name}: work before merging {src.name}")
    _git(dst, "fetch", "-q", "origin", src.name)
    out = _git(dst, "merge", "--no-edit", "FETCH_HEAD")
    assert "CONFLICT" not in out, out
    assert _git(dst, "status", "--porcelain") == ""


def _add(cli, root: Path, tid: str, quote: str, *codes: str) -> str:
    args = [a for c in codes for a in ("--code", c)]
    r = cli(root, "unit", "add", tid, "--quote", quote, *args)
    assert r.exit_code == 0, r.stdout + r.stderr
    return r.stdout.strip().splitlines()[-1]


def _team_units(cli, root: Path) -> list[dict[str, object]]:
    units = json.loads(cli(root, "unit", "list", "--json").stdout)
    return [u for u in units if u["coder"] == "team"]


def test_a_team_round_from_coding_to_resolve_keeps_every_decision(team, cli):
    ann, bob = team
    # both code cw-01; the same passage twice by ann (a slip), a disagreement on another
    _add(cli, ann, "cw-01", "We never really knew what the vendor was doing", "Vendor opacity")
    _add(cli, ann, "cw-01", "We never really knew what the vendor was doing with our data", "trust")
    _add(cli, ann, "cw-01", "That came from a third-party provider", "vendor-opacity")
    _add(cli, bob, "cw-01", "We never really knew what the vendor was doing", "vendor-opacity")
    _add(cli, bob, "cw-01", "That came from a third-party provider", "external-data-provider")
    _share(bob, ann, "bob codes cw-01")

    r = cli(ann, "merge", "--from", "ann", "--from", "bob", "--into", "team")
    assert r.exit_code == 0, r.stdout
    disputed = [line for line in r.stdout.splitlines() if "newly in dispute" in line]
    assert len(disputed) == 2 and "cw-01 turn 2:" in disputed[0], disputed
    assert "cw-01 turn 6:" in disputed[1]
    assert "[vendor-opacity]" in disputed[1] and "[external-data-provider]" in disputed[1]
    team_units = _team_units(cli, ann)
    # bob's unit lies on ann's with the same code: one consensus unit; the trust unit
    # overlaps it with no shared code; the provider sentence is coded differently
    assert sorted(tuple(u["codes"]) for u in team_units) == [  # type: ignore[arg-type]
        ("external-data-provider",),
        ("trust",),
        ("vendor-opacity",),
        ("vendor-opacity",),
    ]
    # the duplicate 'trust' unit is removed from the consensus by hand
    trust = next(u for u in team_units if u["codes"] == ["trust"])
    r = cli(ann, "unit", "remove", str(trust["id"]))
    assert r.exit_code == 0 and f"remove unit {trust['id']}" in r.stdout

    # re-running the merge keeps the removal and says nothing new was added
    r = cli(ann, "merge", "--from", "ann", "--from", "bob", "--into", "team")
    assert "0 units added" in r.stdout and "newly in dispute" not in r.stdout
    assert trust["id"] not in {u["id"] for u in _team_units(cli, ann)}
    _share(ann, bob, "consensus, first merge")

    # bob codes one more passage after the merge; ann's clone reports it, then merges it
    _add(cli, bob, "cw-01", "you can't explain a risk score to a client", "client-impact")
    _share(bob, ann, "bob: one more unit")
    status = cli(ann, "status").stdout
    assert "1 new unit by bob since the last merge into team" in status
    assert "next: 1 new unit by bob since the last merge: stc merge --from ann --from bob" in (
        status
    )
    r = cli(ann, "merge", "--from", "ann", "--from", "bob", "--into", "team")
    assert "1 unit added" in r.stdout and "client-impact" in r.stdout
    assert trust["id"] not in {u["id"] for u in _team_units(cli, ann)}  # still removed

    # resolve settles every dispute: the provider sentence gets both codes as one unit
    listed = json.loads(cli(ann, "resolve", "--json").stdout)
    assert len(listed) == 1 and listed[0]["turn"] == 6
    r = cli(ann, "resolve", input="o\nthe provider is the vendor here\nr\nexternal-data-provider\n")
    assert r.exit_code == 0, r.stdout
    assert "1 decision recorded; 0 disputes open" in r.stdout
    # both coders' own codings of the passage are shown beside the consensus units
    assert "ann: [Vendor opacity (vendor-opacity)] «That came from a third-party provider»" in (
        r.stdout
    )
    assert "bob: [external-data-provider] «That came from a third-party provider»" in r.stdout
    assert json.loads(cli(ann, "resolve", "--json").stdout) == []
    uf = yaml.safe_load((ann / "analyses/step2/cw-01/team.yaml").read_text(encoding="utf-8"))
    assert uf["resolved"][0]["decision"] == "recode"
    assert uf["resolved"][0]["by"] == "ann"
    assert uf["resolved"][0]["note"] == "the provider is the vendor here"
    check = cli(ann, "check")
    assert check.exit_code == 0, check.stdout
    assert "error" not in check.stdout and "cw-01" not in check.stdout

    # the decisions travel to bob's clone through git and survive his next merge
    _share(ann, bob, "resolved")
    r = cli(bob, "merge", "--from", "ann", "--from", "bob", "--into", "team")
    assert "0 units added" in r.stdout and "newly in dispute" not in r.stdout
    assert json.loads(cli(bob, "resolve", "--json").stdout) == []
    assert "next: stc merge" not in cli(bob, "next").stdout


def test_undo_in_a_new_process_restores_the_file_byte_for_byte(team, cli):
    ann, _ = team
    uid = _add(cli, ann, "cw-02", "The handover is basically a spreadsheet.", "handover")
    path = ann / "analyses/step2/cw-02/ann.yaml"
    before = path.read_bytes()
    r = cli(ann, "unit", "edit", uid, "--quote", "The handover is basically a spreadsheet. If")
    assert r.exit_code == 0
    r = cli(ann, "unit", "edit", uid, "--quote", "basically a spreadsheet")  # narrower
    assert r.exit_code == 0
    assert yaml.safe_load(path.read_text())["units"][0]["text"] == "basically a spreadsheet"
    assert yaml.safe_load(path.read_text())["units"][0]["id"] == uid  # the id holds
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "stc", "--workspace", str(ann), "undo"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "STC_RESEARCHER": ""},
        )
        assert done.returncode == 0, done.stderr
        assert "undone: re-anchor unit" in done.stdout
    assert path.read_bytes() == before
    # the unit's creation is the next change back; then the file is gone again
    r = cli(ann, "undo")
    assert r.exit_code == 0 and "undone: add unit" in r.stdout and not path.exists()
    r = cli(ann, "undo")
    assert r.exit_code == 1 and "nothing to undo for ann" in r.stderr


def test_undo_refuses_to_overwrite_a_later_change(team, cli):
    ann, _ = team
    uid = _add(cli, ann, "cw-02", "A proper case history.", "handover")
    assert cli(ann, "unit", "note", uid, "ann: wish, not practice").exit_code == 0
    path = ann / "analyses/step2/cw-02/ann.yaml"
    path.write_text(path.read_text() + "# hand edit\n", encoding="utf-8")
    r = cli(ann, "undo")
    assert r.exit_code == 1
    assert "analyses/step2/cw-02/ann.yaml changed after 'note on unit" in r.stderr
    assert "# hand edit" in path.read_text()
    assert cli(ann, "undo", "--force").exit_code == 0
    assert "# hand edit" not in path.read_text()
    assert "note:" not in path.read_text() or "ann: wish" not in path.read_text()


def test_undo_journals_are_per_researcher(team, cli):
    ann, _ = team
    _add(cli, ann, "cw-02", "A proper case history.", "handover")
    r = cli(ann, "undo", "--researcher", "bob")
    assert r.exit_code == 1 and "nothing to undo for bob" in r.stderr
    assert (ann / ".stc/undo/ann.json").is_file()
    assert ".stc/" in (ann / ".gitignore").read_text()


# --- edits on the demo: everything that refers to a unit ------------------------------------


def test_removing_a_golden_quote_updates_subgroup_and_analytic_text(demo: Workspace, cli):
    uid = "vei-01.ib.19277d"
    step3 = demo.root / "analyses/step3/kompetanse.yaml"
    step4 = demo.root / "analyses/step4/kompetanse.md"
    before = {p: p.read_bytes() for p in (step3, step4, demo.units_path("vei-01", "ib"))}
    r = cli(demo.root, "unit", "remove", uid, "-r", "ib")
    assert r.exit_code == 0, r.stdout
    assert "taken out of subgroup kompetanse/" in r.stdout
    assert "golden quote of kompetanse/" in r.stdout
    assert "quote reference removed from the analytic text of kompetanse" in r.stdout
    w = Workspace(demo.root)
    study = w.study()
    assert uid not in study.unit_index
    assert all(
        uid not in s.units and s.golden != uid for s in w.condensation("kompetanse").subgroups
    )
    assert f"[[{uid}]]" not in step4.read_text(encoding="utf-8")
    assert "[[" in step4.read_text(encoding="utf-8")  # other references stay
    # check names the subgroup now without a golden quote; nothing dangles
    out = cli(demo.root, "check", "--no-repair").stdout
    assert uid not in out
    # one undo brings back all three files
    assert cli(demo.root, "undo", "-r", "ib").exit_code == 0
    assert {p: p.read_bytes() for p in before} == before


def test_recode_moves_a_unit_out_of_a_code_group_it_left(demo: Workspace, cli):
    study = demo.study()
    c = demo.condensation("kompetanse")
    sub = next(s for s in c.subgroups if len(s.units) > 1 and s.golden)
    uid = next(u for u in sub.units if u != sub.golden)
    unit = study.unit_index[uid]
    args = [a for code in unit.codes for a in ("--remove", code)]
    r = cli(demo.root, "unit", "recode", uid, "--add", "Tidspress i hverdagen", *args, "-r", "ib")
    assert r.exit_code == 0, r.stdout
    assert f"taken out of subgroup kompetanse/{sub.id}" in r.stdout
    assert "new code tidspress-i-hverdagen added to the codebook, unsorted" in r.stdout
    w = Workspace(demo.root)
    assert w.study().unit_index[uid].codes == ("tidspress-i-hverdagen",)
    assert w.codebook().code("tidspress-i-hverdagen").label == "Tidspress i hverdagen"  # type: ignore[union-attr]
    assert uid not in w.condensation("kompetanse").subgroup(sub.id).units  # type: ignore[union-attr]
    # a unit is never left without a code
    r = cli(demo.root, "unit", "recode", uid, "--remove", "tidspress-i-hverdagen")
    assert r.exit_code == 1 and "would be left without a code" in r.stderr
    r = cli(demo.root, "unit", "recode", uid, "--remove", "nope")
    assert r.exit_code == 1 and "has no code 'nope'" in r.stderr


def test_widening_a_unit_keeps_its_id_and_says_which_condensate_to_reread(demo: Workspace, cli):
    study = demo.study()
    sub, uid = next(
        (s, u)
        for s in demo.condensation("kompetanse").subgroups
        if s.condensate
        for u in s.units
        if study.unit_index[u].start > 0
    )
    unit = study.unit_index[uid]
    turn = study.transcripts[unit.transcript].turn(unit.turn).text
    whole = ("--turn", str(unit.turn), "--start", "0", "--end", str(len(turn)))
    r = cli(demo.root, "unit", "edit", uid, *whole, "-r", "ib")
    assert r.exit_code == 0, r.stdout
    assert f"condensate kompetanse/{sub.id} rests on this unit" in r.stdout
    w = Workspace(demo.root)
    assert w.study().unit_index[uid].text == turn
    assert f"condensate kompetanse/{sub.id}" in api.status(w, None).stale
    r = cli(demo.root, "unit", "edit", uid, *whole)
    assert r.exit_code == 1 and "already covers exactly that text" in r.stderr


def test_unit_edits_report_unknown_ids_and_need_a_change(demo: Workspace, cli):
    r = cli(demo.root, "unit", "remove", "vei-01.zz.000000")
    assert r.exit_code == 1 and "no meaning unit 'vei-01.zz.000000'" in r.stderr
    assert cli(demo.root, "unit", "recode", "vei-01.ib.19277d").exit_code == 2
    assert cli(demo.root, "unit", "edit", "vei-01.ib.19277d").exit_code == 2


def test_one_edge_moves_and_the_other_stays_also_across_turns(ws: Workspace, cli):
    t2 = ws.transcript("vei-01").turn(2).text
    learning = t2.index("Læringskurven")
    one = api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt").unit
    # --start alone widens to the left; the end stays where it was
    assert cli(ws.root, "unit", "edit", one.id, "--start", "0", "-r", "ms").exit_code == 0
    unit = Workspace(ws.root).study().unit_index[one.id]
    assert unit.text == "Jeg jobber som veileder. Læringskurven er bratt"
    # a unit across turns 2–4: --end alone counts in turn 4 and keeps the span across turns
    across = api.add_unit(
        ws, "vei-01", "ak", ["saker"], turn=2, start=learning, end=6, to_turn=4
    ).unit
    assert across.text.endswith("R: Vi har")
    r = cli(ws.root, "unit", "edit", across.id, "--end", "23", "-r", "ak")
    assert r.exit_code == 0, r.stdout
    unit = Workspace(ws.root).study().unit_index[across.id]
    assert (unit.turn, unit.start, unit.to_turn, unit.end) == (2, learning, 4, 23)
    assert unit.text.endswith("R: Vi har for mange saker.")
    # --turn places it anew in one turn: no longer across turns, text of that turn only
    r = cli(ws.root, "unit", "edit", across.id, "--turn", "4", "--end", "23", "-r", "ak")
    assert r.exit_code == 0, r.stdout
    unit = Workspace(ws.root).study().unit_index[across.id]
    assert (unit.turn, unit.start, unit.to_turn, unit.text) == (
        4, 0, 0, "Vi har for mange saker."
    )  # fmt: skip
    # and --to-turn stretches it across turns again; check finds every unit where it says
    r = cli(ws.root, "unit", "edit", across.id, "--turn", "2", "--to-turn", "4", "-r", "ak")
    assert r.exit_code == 0, r.stdout
    unit = Workspace(ws.root).study().unit_index[across.id]
    t4 = ws.transcript("vei-01").turn(4).text
    assert (unit.turn, unit.start, unit.to_turn, unit.end) == (2, 0, 4, len(t4))
    assert unit.text == f"{t2}\n\nI: Hvordan prioriterer du?\n\nR: {t4}"
    out = cli(ws.root, "check", "--no-repair").stdout
    assert "error" not in out and "vei-01" not in out, out


def test_walker_edits_units_and_undoes_across_sessions(ws: Workspace, cli):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saksmengde", "tid", label="Saksmengde")
    # session 1: code sentence 1 of turn 4 with a new code given by its name
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="g 4\n1\n+For Mange Saker\n1\n\nq\n")
    assert r.exit_code == 0, r.stdout
    cb = Workspace(ws.root).codebook()
    code = cb.code("for-mange-saker")
    assert code is not None and code.label == "For Mange Saker" and code.code_group == "tid"
    uf = ws.unit_file("vei-01", "ms")
    assert [u.codes for u in uf.units] == [("for-mange-saker",)]
    # session 2: recode (add by label prefix, drop by id), widen, note; the listing shows labels
    r = cli(
        ws.root,
        "code",
        "vei-01",
        "-r",
        "ms",
        input='g 4\nr 1\nSaksm, -for-mange-saker\ne 1 "Vi har for mange saker. Jeg rekker"\no 1\nsjekk\nq\n',
    )
    assert r.exit_code == 0, r.stdout
    assert "↳ 1 For Mange Saker: Vi har for mange saker." in r.stdout
    assert "↳ 1 Saksmengde: Vi har for mange saker. Jeg rekker" in r.stdout
    (u,) = Workspace(ws.root).unit_file("vei-01", "ms").units
    assert (u.codes, u.text, u.note) == (
        ("saksmengde",),
        "Vi har for mange saker. Jeg rekker",
        "sjekk",
    )
    # session 3: u undoes the note made in session 2, then x removes the unit
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="g 4\nu\nx 1\nq\n")
    assert "undone: note on unit" in r.stdout and "remove unit" in r.stdout
    assert Workspace(ws.root).unit_file("vei-01", "ms").units == ()


def test_codebook_names_become_ids_with_labels(ws: Workspace, cli):
    r = cli(ws.root, "codebook", "add", "Vendor opacity")
    assert r.exit_code == 0 and "code vendor-opacity (Vendor opacity) (unsorted)" in r.stdout
    r = cli(ws.root, "codebook", "group", "add", "Kunnskap om systemet")
    assert r.exit_code == 0 and "code group kunnskap-om-systemet: Kunnskap om systemet" in r.stdout
    r = cli(ws.root, "codebook", "add", "vendor-opacity", "-g", "kunnskap-om-systemet")
    cb = Workspace(ws.root).codebook()
    code = cb.code("vendor-opacity")
    assert code is not None and code.label == "Vendor opacity"
    assert code.code_group == "kunnskap-om-systemet"
    assert "vendor-opacity Vendor opacity (0)" in cli(ws.root, "codebook", "show").stdout
    r = cli(
        ws.root,
        "unit",
        "add",
        "vei-01",
        "-r",
        "ms",
        "-q",
        "Vi har for mange saker.",
        "-c",
        "Tidspress",
    )
    assert r.exit_code == 0
    assert Workspace(ws.root).codebook().code("tidspress").label == "Tidspress"  # type: ignore[union-attr]


def test_status_counts_the_coding_the_analysis_rests_on(ws: Workspace, cli):
    for coder in ("ms", "ak"):
        for tid in ("vei-01", "vei-02"):
            api.add_unit(ws, tid, coder, ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-03", "ms", ["saker"], quote="Vi har for mange saker.")
    assert cli(ws.root, "merge", "--from", "ms", "--from", "ak", "--into", "team").exit_code == 0
    st = json.loads(cli(ws.root, "status", "--json").stdout)
    s2 = st["steps"][1]
    assert (s2["done"], s2["total"]) == (3, 6)  # the consensus covers 3 of 6 transcripts
    assert s2["notes"][0].startswith("3 meaning units in coding team")
    assert s2["progress"] == [
        "ak 2/6 (2 units)",
        "ms 3/6 (3 units)",
        "team (consensus) 3/6 (3 units)",
    ]
    text = cli(ws.root, "status").stdout
    assert "ak 2/6 (2 units) · ms 3/6 (3 units) · team (consensus) 3/6 (3 units)" in text
    # step 3 counts code groups: none of the two is done
    api.add_code_group(ws, "tid", "Tid")
    api.add_code_group(ws, "laering", "Læring")
    api.add_code(ws, "saker", "tid")
    st = json.loads(cli(ws.root, "status", "--json").stdout)
    assert (st["steps"][2]["done"], st["steps"][2]["total"]) == (0, 2)


def test_two_researchers_resolve_different_disputes_and_git_keeps_both(team, cli):
    ann, bob = team
    _add(cli, ann, "cw-01", "We never really knew what the vendor was doing", "vendor-opacity")
    _add(cli, ann, "cw-01", "That came from a third-party provider", "vendor-opacity")
    _add(cli, bob, "cw-01", "We never really knew what the vendor was doing", "trust")
    _add(cli, bob, "cw-01", "That came from a third-party provider", "external-data-provider")
    _share(bob, ann, "bob codes")
    assert cli(ann, "merge", "--from", "ann", "--from", "bob", "--into", "team").exit_code == 0
    _share(ann, bob, "consensus")
    first, second = json.loads(cli(ann, "resolve", "--json").stdout)
    assert (first["turn"], second["turn"]) == (2, 6)
    # in parallel: ann settles the first dispute, bob the second, each in their own clone
    r = cli(ann, "resolve", "--dispute", first["id"], "--decision", "keep-both")
    assert r.exit_code == 0, r.stdout
    r = cli(bob, "resolve", "--dispute", second["id"], "--decision", "neither", "--note", "vag")
    assert r.exit_code == 0, r.stdout
    _share(bob, ann, "bob resolves turn 6")
    assert json.loads(cli(ann, "resolve", "--json").stdout) == []
    uf = Workspace(ann).unit_file("cw-01", "team")
    assert sorted((r.decision, r.by) for r in uf.resolved) == [
        ("keep-both", "ann"),
        ("neither", "bob"),
    ]
    assert sorted(u.turn for u in uf.units) == [2, 2]  # both turn-6 units went, both turn-2 stay
    assert cli(ann, "check").exit_code == 0
    # a new merge in either clone brings nothing back
    r = cli(ann, "merge", "--from", "ann", "--from", "bob", "--into", "team")
    assert "0 units added" in r.stdout and "newly in dispute" not in r.stdout
