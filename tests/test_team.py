"""Team analysis: rounds, a merge driver tested with real git, agreement, consensus, decisions."""

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from stc import api
from stc.store import Workspace
from tests.conftest import git


def test_random_rounds_are_even_and_reproducible(demo: Workspace):
    a = api.assign_round(demo, 5, ["ib", "tl"], "random", seed=11)
    b = api.assign_round(demo, 5, ["ib", "tl"], "random", seed=11, fresh=True)
    assert a == b
    assert sorted(len(v) for v in a.researchers.values()) == [6, 6]
    assert sorted(t for v in a.researchers.values() for t in v) == sorted(demo.transcript_ids())
    other = api.assign_round(demo, 5, ["ib", "tl"], "random", seed=12, fresh=True)
    assert other.researchers != a.researchers


def test_by_group_rounds_assign_every_transcript_once_and_split_every_group(demo: Workspace):
    study = demo.study()
    sizes = {g: sum(t.group == g for t in study.transcripts.values()) for g in study.groups}
    assert sorted(sizes.values()) == [2, 2, 2, 3, 3]  # groups of 3 leave a remainder
    api.add_researcher(demo, "ak")
    r = api.assign_round(demo, 7, ["ib", "tl", "ak"], "by-group", seed=3)
    assigned = [t for ts in r.researchers.values() for t in ts]
    assert sorted(assigned) == sorted(demo.transcript_ids())  # each exactly once
    for group, size in sizes.items():
        shares = [
            sum(study.transcripts[t].group == group for t in r.researchers[x])
            for x in r.researchers
        ]
        assert sum(shares) == size and max(shares) - min(shares) <= 1, (group, shares)
    # group by group the researcher with the fewest so far takes the larger share
    assert sorted(len(ts) for ts in r.researchers.values()) == [4, 4, 4]
    saved = yaml.safe_load((demo.root / "analyses" / "assignments.yaml").read_text())
    assert [x["round"] for x in saved["rounds"]] == [1, 2, 7]


def test_overlap_double_codes_a_share_and_a_second_run_keeps_the_round(ws: Workspace, cli):
    r = cli(
        ws.root,
        "assign",
        "--round",
        "1",
        "--researchers",
        "ms,ak",
        "--seed",
        "4",
        "--overlap",
        "0.34",
        "--transcripts",
        "vei-01,vei-02,fyl-01",
    )
    assert r.exit_code == 0, r.stdout
    first = ws.assignments().rounds[0]
    assert len(first.double) == 1  # round(0.34 × 3)
    (twice,) = first.double
    assert all(twice in ts for ts in first.researchers.values())
    assert "double-coded (1): " + twice in r.stdout
    singles = [t for ts in first.researchers.values() for t in ts if t != twice]
    assert sorted(singles) == sorted({"vei-01", "vei-02", "fyl-01"} - {twice})
    # new transcripts arrive: the round keeps what it assigned and adds only them
    r = cli(
        ws.root,
        "assign",
        "--round",
        "1",
        "--researchers",
        "ms,ak",
        "--seed",
        "9",
        "--overlap",
        "0.5",
    )
    assert r.exit_code == 0 and "its 4 assignments kept" in r.stderr
    second = Workspace(ws.root).assignments().rounds[0]
    for researcher, ts in first.researchers.items():
        assert set(ts) <= set(second.researchers[researcher])
    added = {"vei-03", "fyl-02", "dir-01"}
    new_double = set(second.double) - {twice}
    assert len(new_double) == 2 and new_double <= added  # round(0.5 × 3) of the new ones
    counts = {t: sum(t in ts for ts in second.researchers.values()) for t in ws.transcript_ids()}
    assert counts == {t: 2 if t in second.double else 1 for t in ws.transcript_ids()}
    assert (
        cli(ws.root, "assign", "--round", "2", "--researchers", "ms", "--overlap", "0.2").exit_code
        == 1
    )
    assert (
        cli(
            ws.root, "assign", "--round", "2", "--researchers", "ms,ak", "--overlap", "1.5"
        ).exit_code
        == 1
    )


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
    return git(cwd, *args, check=args[0] != "merge")  # a merge may stop on a conflict


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


S1 = "Jeg jobber som veileder."
S2 = "Læringskurven er bratt hvis man ikke har jobbet i NAV før."
S3 = "Vi har for mange saker."


def _code(ws: Workspace, coder: str, quote: str, *codes: str, tid: str = "vei-01") -> None:
    api.add_unit(ws, tid, coder, list(codes), quote=quote)


def test_agreement_is_computed_over_the_coded_sentences_with_hand_checked_figures(ws, cli):
    # ms: S1 {a}, S2 {a, b}, S3 {c};  ak: S1 {a}, S2 {b}, S3 {b};  S4 coded by nobody
    _code(ws, "ms", S1, "a")
    _code(ws, "ms", S2, "a", "b")
    _code(ws, "ms", S3, "c")
    _code(ws, "ak", S1, "a")
    _code(ws, "ak", S2, "b")
    _code(ws, "ak", S3, "b")
    data = json.loads(cli(ws.root, "agree", "--researchers", "ms,ak", "--json").stdout)
    assert (data["sentences_total"], data["sentences"], data["identical"]) == (4, 3, 1)
    assert "compared are the sentences at least one coder coded" in data["unit"]
    codes = {c["code"]: c for c in data["codes"]}
    # a: ms 1,1,0  ak 1,0,0 → both 1, only-ms 1; positive 2/3; po 2/3, pe 4/9 → κ 0.4;
    #    α = 1 − (n−1)(b+c)/(n0·n1) with n 6, n1 3, n0 3 → 1 − 5/9 = 4/9
    a = codes["a"]
    assert (a["both"], a["only"], a["items"]) == (1, {"ms": 1, "ak": 0}, 3)
    assert a["positive"] == pytest.approx(2 / 3) and a["observed"] == pytest.approx(2 / 3)
    assert a["kappa"] == pytest.approx(0.4) and a["alpha"] == pytest.approx(4 / 9)
    # b: ms 0,1,0  ak 0,1,1 → the mirror image of a
    b = codes["b"]
    assert (b["both"], b["only"]) == (1, {"ms": 0, "ak": 1})
    assert (b["kappa"], b["alpha"]) == (pytest.approx(0.4), pytest.approx(4 / 9))
    # c: only ms used it → no positive agreement, κ 0 (pe = po = 2/3), α 0 (n1 1, n0 5)
    c = codes["c"]
    assert c["used_by"] == ["ms"] and c["positive"] == 0
    assert c["kappa"] == pytest.approx(0.0) and c["alpha"] == pytest.approx(0.0)
    # pooled over 3 sentences × 3 codes: ms 1,1,0,0,1,0,0,0,1  ak 1,0,0,0,1,1,0,0,0
    # positive 2·2/(2·2+3) = 4/7; po 6/9, pe (4/9)(3/9)+(5/9)(6/9) = 42/81 → κ 12/39;
    # α: n 18, n1 7, n0 11, b+c 3 → 1 − 17·3/77 = 26/77
    o = data["overall"]
    assert o["items"] == 3 and o["positive"] == pytest.approx(4 / 7)
    assert o["kappa"] == pytest.approx(12 / 39) and o["alpha"] == pytest.approx(26 / 77)
    assert [d["sentence"] for d in data["disagreements"]] == [S2, S3]
    text = cli(ws.root, "agree", "--researchers", "ms,ak").stdout
    assert (
        "3 of 4 sentences compared (coded by at least one coder); 1 of them coded identically"
        in text
    )
    assert "only ms used it" in text
    assert "material for the team's discussion" in text
    assert cli(ws.root, "agree", "--researchers", "ms,nobody").exit_code == 1
    assert cli(ws.root, "agree", "--researchers", "ms,ms").exit_code == 1


def test_agreement_is_never_100_percent_when_coders_disagree_on_every_coded_sentence(ws, cli):
    _code(ws, "ms", S1, "client-impact")
    _code(ws, "ak", S1, "vendor-opacity")
    _code(ws, "ms", S3, "vendor-opacity")
    _code(ws, "ak", S3, "external-data-provider")
    data = json.loads(cli(ws.root, "agree", "--researchers", "ms,ak", "--json").stdout)
    assert data["sentences"] == 2 and data["identical"] == 0
    assert data["overall"]["positive"] == 0
    assert data["overall"]["kappa"] < 0 and data["overall"]["alpha"] < 0
    assert all(c["positive"] == 0 and c["both"] == 0 for c in data["codes"])
    text = cli(ws.root, "agree", "--researchers", "ms,ak").stdout
    assert "100%" not in text
    assert "only ms used it" in text and "only ak used it" in text


def test_agreement_adds_up_over_several_shared_transcripts(ws, cli):
    for tid in ("vei-01", "vei-02", "vei-03"):
        _code(ws, "ms", S1, "a", tid=tid)
        _code(ws, "ak", S1, "a", tid=tid)
    _code(ws, "ms", S3, "b", tid="vei-02")
    _code(ws, "ak", S2, "b", tid="vei-03")
    data = json.loads(cli(ws.root, "agree", "--researchers", "ms,ak", "--json").stdout)
    assert data["transcripts"] == ["vei-01", "vei-02", "vei-03"]
    assert (data["sentences_total"], data["sentences"], data["identical"]) == (12, 5, 3)
    codes = {c["code"]: c for c in data["codes"]}
    assert (codes["a"]["both"], codes["a"]["items"], codes["a"]["positive"]) == (3, 5, 1.0)
    assert codes["b"]["only"] == {"ms": 1, "ak": 1} and codes["b"]["positive"] == 0
    one = json.loads(
        cli(ws.root, "agree", "--researchers", "ms,ak", "--transcript", "vei-02", "--json").stdout
    )
    assert (one["sentences_total"], one["sentences"]) == (4, 2)


def test_agreement_of_three_coders_has_alpha_but_no_kappa(ws, cli):
    for coder in ("ms", "ak"):
        _code(ws, coder, S1, "a")
    api.add_researcher(ws, "tl")
    _code(ws, "tl", S3, "a")
    data = json.loads(cli(ws.root, "agree", "--researchers", "ms,ak,tl", "--json").stdout)
    a = data["codes"][0]
    # items S1 (1,1,0) and S3 (0,0,1); pairs agree 2·1, disagree 2 + 2 → 2/6
    assert a["positive"] == pytest.approx(2 / 6) and a["kappa"] is None
    # coincidences: S1 o11 1, o10 = o01 1; S3 o00 1, o01 = o10 1 → n1 3, n0 3, n 6
    # D_o = 4/6, D_e = 2·3·3/30 → α = 1 − (4/6)/(18/30) = −1/9
    assert a["alpha"] == pytest.approx(-1 / 9)


def test_consensus_merges_only_within_a_turn_with_several_units_per_file(ws, cli):
    # the same offsets in turns 2 and 4, the same code: two places, never one unit
    api.add_unit(ws, "vei-01", "ms", ["tid"], turn=2, start=0, end=24)
    api.add_unit(ws, "vei-01", "ak", ["tid"], turn=4, start=0, end=23)
    # overlapping within turn 4 and sharing a code: one unit over both spans
    api.add_unit(ws, "vei-01", "ms", ["tid", "frister"], quote="Jeg rekker ikke å ringe alle")
    api.add_unit(ws, "vei-01", "ak", ["frister"], quote="ringe alle før fristen.")
    r = cli(ws.root, "merge", "--from", "ms", "--from", "ak", "--into", "team")
    assert "3 units added (1 overlapping unit merged)" in r.stdout
    units = sorted(
        (u.turn, u.start, u.end, u.codes)
        for u in Workspace(ws.root).unit_file("vei-01", "team").units
    )
    t4 = ws.transcript("vei-01").turn(4).text
    start = t4.index("Jeg rekker")
    assert units == [
        (2, 0, 24, ("tid",)),
        (4, 0, 23, ("tid",)),
        (4, start, len(t4), ("tid", "frister")),
    ]
    assert "newly in dispute" not in r.stdout  # turn 4's two units do not overlap


def test_consensus_merges_overlaps_lists_disputes_and_steers_the_report(demo: Workspace, cli):
    api.add_unit(demo, "vei-02", "tl", ["bli-sett"], quote="De har ikke tid, og jeg forstår det.")
    r = cli(demo.root, "merge", "--from", "ib", "--from", "tl", "--into", "team")
    assert r.exit_code == 0 and "overlapping units merged" in r.stdout
    assert "newly in dispute: vei-02 turn 12" in r.stdout
    assert "stc resolve --into team" in r.stderr
    w = Workspace(demo.root)
    study = w.study()
    assert study.project.coding == ("team",)
    team = [u for u in study.units if u.coder == "team"]
    spans = {(u.transcript, u.turn, u.start, u.end) for u in study.units if u.coder != "team"}
    assert len(team) < len(spans)
    uf = w.unit_file("vei-01", "team")
    assert uf.merged_from == ("ib", "tl")
    assert set(uf.merged_units) == {
        u.id for u in study.units if u.transcript == "vei-01" and u.coder in ("ib", "tl")
    }
    assert all(u.coder == "team" for u in study.analysed)
    md = api.render_report(w, "md").read_text(encoding="utf-8")
    assert "Resultatene bygger på en konsensuskoding: kodingene til Ingrid Bakke og Tor Lunde" in md
    # resolve by options: keep A; the dispute is settled and recorded
    (d,) = json.loads(cli(demo.root, "resolve", "--json").stdout)
    r = cli(
        demo.root,
        "resolve",
        "--dispute",
        d["id"],
        "--decision",
        "keep-a",
        "-r",
        "ib",
        "--note",
        "samme poeng",
    )
    assert r.exit_code == 0 and f"unit {d['b']['id']}" in r.stdout
    assert json.loads(cli(demo.root, "resolve", "--json").stdout) == []
    (rec,) = Workspace(demo.root).unit_file("vei-02", "team").resolved
    assert (rec.id, rec.decision, rec.by, rec.note) == (d["id"], "keep-a", "ib", "samme poeng")
    r = cli(demo.root, "resolve", "--dispute", d["id"], "--decision", "keep-b", "-r", "ib")
    assert r.exit_code == 1 and "no open dispute" in r.stderr


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


def test_a_second_merge_adds_only_new_units_and_keeps_settled_pairs_settled(ws: Workspace):
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt")
    api.add_unit(ws, "vei-01", "ak", ["kurs"], quote="Læringskurven er bratt hvis")
    api.add_unit(ws, "vei-01", "ak", ["tid"], quote=S3)
    first = api.consensus(ws, ["ms", "ak"], "team")
    assert (len(first.added), first.kept, len(first.disputed)) == (3, 0, 1)
    (d,) = first.disputed
    api.settle(ws, "team", d.id, "keep-both", "ms")
    tid_unit = next(u for u in first.added if u.codes == ("tid",))
    api.remove_unit(ws, tid_unit.id, "ms")
    again = api.consensus(ws, ["ms", "ak"], "team")
    assert (again.added, again.kept, again.disputed) == ([], 3, [])
    assert api.disputes(ws, "team") == ("team", [])
    units = Workspace(ws.root).unit_file("vei-01", "team").units
    assert sorted(u.codes for u in units) == [("bratt",), ("kurs",)]
    # units inside an existing consensus unit with its codes add nothing; an open dispute in
    # another transcript is not "newly" in dispute when something else is merged
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven")
    api.add_unit(ws, "vei-01", "ak", ["bratt"], quote="er bratt")
    api.add_unit(ws, "vei-02", "ms", ["tid"], quote=S3)
    api.add_unit(ws, "vei-02", "ak", ["saker"], quote=S3)
    third = api.consensus(ws, ["ms", "ak"], "team")
    assert (len(third.added), third.absorbed, third.kept, len(third.disputed)) == (2, 2, 3, 1)
    api.add_unit(ws, "vei-02", "ak", ["tid"], quote=S1)  # beside vei-02's open dispute
    fourth = api.consensus(ws, ["ms", "ak"], "team")
    assert (len(fourth.added), fourth.absorbed, fourth.kept, fourth.disputed) == (1, 0, 7, [])
    assert len(api.disputes(ws, "team")[1]) == 1  # vei-02's is still open
    fifth = api.consensus(ws, ["ms", "ak"], "team")
    assert (fifth.added, fifth.kept) == ([], 8)
