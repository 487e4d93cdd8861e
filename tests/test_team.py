"""Team analysis: rounds, a merge driver tested with real git, agreement, consensus, decisions."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from stc import api
from stc.store import Workspace


def test_random_rounds_are_even_and_reproducible(demo: Workspace):
    a = api.assign_round(demo, 1, ["ib", "tl"], "random", seed=11)
    b = api.assign_round(demo, 1, ["ib", "tl"], "random", seed=11)
    assert a == b
    assert sorted(len(v) for v in a.researchers.values()) == [6, 6]
    assert sorted(t for v in a.researchers.values() for t in v) == sorted(demo.transcript_ids())
    other = api.assign_round(demo, 1, ["ib", "tl"], "random", seed=12)
    assert other.researchers != a.researchers


def test_by_group_rounds_split_every_group(demo: Workspace):
    r = api.assign_round(demo, 2, ["ib", "tl"], "by-group", seed=3)
    study = demo.study()
    for group in {t.group for t in study.transcripts.values()}:
        members = [t for t in study.transcripts if study.transcripts[t].group == group]
        shares = [sum(t in r.researchers[x] for t in members) for x in ("ib", "tl")]
        assert abs(shares[0] - shares[1]) <= 1, (group, shares)
    assert abs(len(r.researchers["ib"]) - len(r.researchers["tl"])) <= 1
    saved = yaml.safe_load((demo.root / "analyses" / "assignments.yaml").read_text())
    assert [x["round"] for x in saved["rounds"]] == [1, 2]


def test_assign_cli_and_status_per_researcher(demo: Workspace, cli):
    r = cli(
        demo.root,
        "assign",
        "--round",
        "3",
        "--researchers",
        "ib,tl",
        "--strategy",
        "random",
        "--seed",
        "1",
        "--transcripts",
        "vei-01,vei-02,ark-01,ag-01",
        "--steps",
        "1,2,3",
    )
    assert r.exit_code == 0 and "ib: 2 transcripts — " in r.stdout
    status = json.loads(cli(demo.root, "status", "-r", "tl", "--json").stdout)
    assert status["round"] == 3 and len(status["assigned"]) == 2
    assert cli(demo.root, "assign", "--round", "4", "--researchers", "ib,zz").exit_code == 1


def _git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0 and args[0] != "merge":
        raise AssertionError(f"git {' '.join(args)}: {out.stderr}")
    return out.stdout + out.stderr


@pytest.fixture
def clones(demo: Workspace, tmp_path: Path) -> tuple[Path, Path]:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    origin = demo.root
    _git(origin, "init", "-q", "-b", "main")
    api.setup_clone(Workspace(origin), hooks=False)
    _git(origin, "add", "-A")
    _git(origin, "commit", "-qm", "study")
    a, b = tmp_path / "a", tmp_path / "b"
    for c in (a, b):
        _git(tmp_path, "clone", "-q", str(origin), str(c))
        api.setup_clone(Workspace(c), hooks=False)  # git config does not travel with a clone
    return a, b


def test_concurrent_work_merges_cleanly_with_real_git(clones, cli):
    a, b = clones
    assert "merge=stc" in (a / ".gitattributes").read_text()
    # concurrent new codes in the same code group, concurrent units in the same unit file
    api.add_code(Workspace(a), "kurs-timing", "kompetanse", definition="Når kursene kommer")
    ua = api.add_unit(
        Workspace(a), "vei-03", "ib", ["kurs-timing"], quote="Jeg husker at jeg satt hjemme"
    ).unit
    api.record_decision(Workspace(a), "Kurs-timing blir egen kode.", 2, "ib", "2025-11-10")
    _git(a, "commit", "-qam", "a")
    api.add_code(Workspace(b), "introduksjon", "kompetanse", definition="Introduksjonsprogrammet")
    ub = api.add_unit(
        Workspace(b), "vei-03", "ib", ["introduksjon"], quote="mest om systemer og rutiner"
    ).unit
    api.record_decision(Workspace(b), "Introduksjon blir egen kode.", 2, "tl", "2025-11-10")
    _git(b, "commit", "-qam", "b")
    _git(b, "push", "-q", "origin", "HEAD:refs/heads/b")
    _git(a, "fetch", "-q", "origin", "b")
    out = _git(a, "merge", "--no-edit", "FETCH_HEAD")
    assert "CONFLICT" not in out, out
    for path in a.rglob("*"):
        if path.is_file() and ".git" not in path.parts:
            assert "<<<<<<<" not in path.read_text(encoding="utf-8", errors="replace"), path
    w = Workspace(a)
    cb = w.codebook()
    assert cb.code("kurs-timing").code_group == "kompetanse"  # type: ignore[union-attr]
    assert cb.code("introduksjon").code_group == "kompetanse"  # type: ignore[union-attr]
    ids = {u.id for u in w.unit_file("vei-03", "ib").units}
    assert {ua.id, ub.id} <= ids and len(ids) == 11
    decisions = (a / "analyses" / "decisions.md").read_text()
    assert (
        "Kurs-timing blir egen kode." in decisions and "Introduksjon blir egen kode." in decisions
    )
    assert cli(a, "check").exit_code == 0
    assert _git(a, "status", "--porcelain") == ""


def test_the_same_item_changed_differently_is_a_conflict_in_stc_words(clones):
    a, b = clones
    api.add_code(Workspace(a), "saksmengde", definition="Antall saker per veileder")
    _git(a, "commit", "-qam", "a")
    api.add_code(Workspace(b), "saksmengde", definition="Tidspress og saksmengde")
    _git(b, "commit", "-qam", "b")
    _git(b, "push", "-q", "origin", "HEAD:refs/heads/b")
    _git(a, "fetch", "-q", "origin", "b")
    out = _git(a, "merge", "--no-edit", "FETCH_HEAD")
    assert (
        "stc merge: codebooks/codebook.yaml: codes[id=saksmengde].definition: changed differently"
        in out
    )
    assert "CONFLICT" in out


def test_setup_installs_an_executable_pre_commit_hook(demo: Workspace):
    _git(demo.root, "init", "-q")
    done = api.setup_clone(demo, hooks=True)
    hook = demo.root / ".git" / "hooks" / "pre-commit"
    assert any("pre-commit hook installed" in d for d in done)
    assert os.access(hook, os.X_OK) and "-m stc check" in hook.read_text()


def test_pre_commit_hooks_are_declared_for_the_framework():
    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {
        "stc-check": "stc check --no-repair",
        "stc-anon-scan": "stc anon scan",
    }


def test_init_declares_the_merge_driver(tmp_path: Path):
    api.init_workspace(tmp_path / "w", "T")
    assert "*.yaml merge=stc" in (tmp_path / "w" / ".gitattributes").read_text()


def test_agreement_on_double_coded_transcripts(ws: Workspace, cli):
    for coder in ("ms", "ak"):
        api.add_unit(ws, "vei-01", coder, ["bratt"], quote="Læringskurven er bratt")
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-01", "ak", ["tid"], quote="Vi har for mange saker.")
    r = cli(ws.root, "agree", "--researchers", "ms,ak", "--json")
    data = json.loads(r.stdout)
    assert data["transcripts"] == ["vei-01"] and data["sentences"] == 4
    codes = {c["code"]: c for c in data["codes"]}
    assert codes["bratt"]["percent"] == 1.0
    assert codes["saker"]["percent"] == 0.75 and codes["saker"]["kappa"] == 0.0
    assert [d["codes"] for d in data["disagreements"]] == [{"ms": ["saker"], "ak": ["tid"]}]
    text = cli(ws.root, "agree", "--researchers", "ms,ak").stdout
    assert "material for the team's discussion" in text
    assert cli(ws.root, "agree", "--researchers", "ms,nobody").exit_code == 1


def test_consensus_merges_overlaps_lists_conflicts_and_steers_the_report(demo: Workspace, cli):
    api.add_unit(demo, "vei-02", "tl", ["bli-sett"], quote="De har ikke tid, og jeg forstår det.")
    r = cli(demo.root, "merge", "--from", "ib", "--from", "tl", "--into", "team")
    assert r.exit_code == 0 and "7 overlapping units merged" in r.stdout
    assert "to discuss: vei-02 turn 12" in r.stdout
    w = Workspace(demo.root)
    study = w.study()
    assert study.project.coding == ("team",)
    team = [u for u in study.units if u.coder == "team"]
    spans = {(u.transcript, u.turn, u.start, u.end) for u in study.units if u.coder != "team"}
    assert len(team) < len(spans)
    uf = w.unit_file("vei-01", "team")
    assert uf.merged_from == ("ib", "tl")
    assert all(u.coder == "team" for u in study.analysed)
    md = api.render_report(w, "md").read_text(encoding="utf-8")
    assert "Resultatene bygger på en konsensuskoding: kodingene til Ingrid Bakke og Tor Lunde" in md


def test_decide_appends_to_the_log(ws: Workspace, cli):
    r = cli(
        ws.root,
        "decide",
        "Vi slår sammen to koder.",
        "--step",
        "3",
        "-r",
        "ms",
        "--date",
        "2025-12-01",
    )
    assert r.exit_code == 0
    cli(ws.root, "decide", "Neste møte handler om trinn 4.", "--date", "2025-12-02")
    text = (ws.root / "analyses" / "decisions.md").read_text()
    assert text.index("## 2025-12-01 · trinn 3 · ms") < text.index("## 2025-12-02")
    assert [d.text for d in ws.decisions()] == [
        "Vi slår sammen to koder.",
        "Neste møte handler om trinn 4.",
    ]
    assert cli(ws.root, "decide", "x", "--step", "7").exit_code == 1
