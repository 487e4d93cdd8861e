"""The scriptable surface, driven through the CLI as a research team would script it."""

import json
from pathlib import Path

import pytest

from stc.cli.app import app


def test_a_whole_study_scripted_from_init_to_report(tmp_path: Path, cli):
    root = tmp_path / "studie"
    r = cli(
        None, "init", str(root), "--title", "Sykefravær", "--language", "en", "--researcher", "ms"
    )
    assert r.exit_code == 0, r.output
    assert (root / ".gitignore").read_text() == ".stc/\nprivate/\n"
    assert cli(root, "group", "add", "vei", "--label", "NAV adviser").exit_code == 0
    for i in (1, 2, 3):
        src = tmp_path / f"int{i}.txt"
        src.write_text(
            "Interviewer: What do you do?\n\nKari: I follow up sick-listed workers. "
            "The learning curve is steep.\n",
            encoding="utf-8",
        )
        r = cli(root, "import", str(src), "--group", "vei", "--id", f"vei-0{i}")
        assert r.exit_code == 0
        assert f"as vei-0{i}" in r.stdout
        assert "stored as R " in r.stderr
    assert cli(root, "impression", "vei-01", "-r", "ms", "--text", "Steep learning.").exit_code == 0
    assert cli(root, "theme", "add", "Competence", "--id", "comp", "-r", "ms").exit_code == 0
    r = cli(
        root,
        "unit",
        "add",
        "vei-01",
        "-r",
        "ms",
        "--quote",
        "The learning curve is steep.",
        "--code",
        "learning",
    )
    assert r.exit_code == 0
    assert "new code 'learning'" in r.stderr
    unit_id = r.stdout.strip()
    assert unit_id.startswith("vei-01.ms.")
    assert (
        cli(
            root, "codebook", "group", "add", "skills", "--label", "Skills", "--theme", "comp"
        ).exit_code
        == 0
    )
    assert cli(root, "codebook", "add", "learning", "--code-group", "skills").exit_code == 0
    ids = [unit_id]
    for tid in ("vei-02", "vei-03"):
        r = cli(root, "unit", "add", tid, "-r", "ms", "-q", "learning curve", "-c", "learning")
        ids.append(r.stdout.strip())
    args = ["subgroup", "add", "skills", "steep", "--label", "A steep start"]
    assert cli(root, *args, *[x for i in ids for x in ("--unit", i)]).exit_code == 0
    r = cli(root, "condensate", "skills", "steep", "--text", "I had to learn fast.")
    assert r.exit_code == 0
    assert cli(root, "golden", "skills", "steep", unit_id).exit_code == 0
    text = tmp_path / "skills.md"
    text.write_text(
        f"New advisers describe a **steep** start.\n\n[[{unit_id}]]\n", encoding="utf-8"
    )
    r = cli(root, "synthesize", "skills", "--text-file", str(text), "--heading", "“Steep”")
    assert r.exit_code == 0
    r = cli(root, "check")
    assert r.exit_code == 0, r.output
    r = cli(root, "report")
    assert r.exit_code == 0
    md = (root / "reports" / "report.md").read_text(encoding="utf-8")
    assert "## 5 Competence" in md
    assert "### 5.1 “Steep”" in md
    assert "> The learning curve is steep. (NAV adviser)" in md
    assert "vei-01" not in md
    assert "Kari" not in md
    r = cli(root, "report", "--format", "docx", "--out", str(tmp_path / "r.docx"))
    assert r.exit_code == 0
    assert (tmp_path / "r.docx").stat().st_size > 10_000


def test_unit_list_json_uses_file_field_names(demo, cli):
    r = cli(
        demo.root, "unit", "list", "--code-group", "kompetanse", "--group", "nav-veileder", "--json"
    )
    units = json.loads(r.stdout)
    assert units
    assert set(units[0]) == {
        "id",
        "transcript",
        "coder",
        "turn",
        "to_turn",
        "start",
        "end",
        "text",
        "codes",
        "note",
        "group",
    }
    assert all(u["to_turn"] == u["turn"] for u in units)  # none of them spans turns
    assert {u["group"] for u in units} == {"nav-veileder"}
    r = cli(demo.root, "unit", "list", "--researcher", "tl", "--code", "malstyring", "--json")
    assert {(u["coder"], "malstyring" in u["codes"]) for u in json.loads(r.stdout)} == {
        ("tl", True)
    }


def test_status_json_and_text(demo, cli):
    data = json.loads(cli(demo.root, "status", "--json").stdout)
    assert data["transcripts"] == 12
    assert data["informants"] == 14
    assert [s["done"] == s["total"] for s in data["steps"]] == [True] * 4
    text = cli(demo.root, "status").stdout
    assert "Meningsbærende enheter" in text
    assert "next:" in text


def test_listings(demo, cli):
    groups = json.loads(cli(demo.root, "group", "list", "--json").stdout)
    fylket = next(g for g in groups if g["id"] == "nav-fylket")
    assert (fylket["informants"], fylket["attribution_covers"]) == (2, 4)
    transcripts = json.loads(cli(demo.root, "transcripts", "--json").stdout)
    assert len(transcripts) == 12
    assert all(t["units"] > 0 for t in transcripts)
    themes = json.loads(cli(demo.root, "theme", "list", "--json").stdout)
    assert 4 <= len(themes) <= 8
    shown = cli(demo.root, "show", "vei-01").stdout
    assert "NAV-veileder" in shown
    assert "  12  R: Akkurat" not in shown
    assert "saksmengde" in shown
    assert "kompetanse" in cli(demo.root, "codebook", "show").stdout


def test_errors_are_one_line_with_exit_1_and_no_traceback(demo, cli):
    r = cli(demo.root, "unit", "add", "vei-01", "-r", "ib", "-q", "finnes ikke her", "-c", "x")
    assert r.exit_code == 1
    assert "not found in transcript vei-01" in r.stderr
    assert "Traceback" not in r.output
    r = cli(demo.root, "show", "nope")
    assert r.exit_code == 1
    assert "no transcript 'nope'" in r.stderr
    r = cli(demo.root / "transcripts" / "nowhere", "status")
    assert r.exit_code == 1
    assert "stc init" in r.stderr


def test_check_exits_1_on_errors_and_lists_them(demo, cli):
    path = demo.root / "analyses" / "step4" / "kompetanse.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[vei-01.ib.000000]]\n", encoding="utf-8")
    r = cli(demo.root, "check")
    assert r.exit_code == 1
    assert "analyses/step4/kompetanse.md: [[vei-01.ib.000000]]" in r.stdout
    problems = json.loads(cli(demo.root, "check", "--json").stdout)
    assert problems[0]["level"] == "error"
    assert problems[0]["file"] == "analyses/step4/kompetanse.md"


def test_report_refuses_when_attribution_would_identify(demo, cli):
    cfg = demo.root / "stc.yaml"
    text = cfg.read_text(encoding="utf-8").replace("  quote_as: NAV-ansatt, systemnivå\n", "", 1)
    cfg.write_text(text, encoding="utf-8")
    r = cli(demo.root, "report")
    assert r.exit_code == 1
    assert "merge it" in r.stderr
    assert "'nav-fylket'" in r.stderr
    assert "'nav-direktoratet'" in r.stderr
    assert not (demo.root / "reports" / "report.md").exists()


def test_usage_errors_exit_2(cli, demo):
    assert cli(demo.root, "unit", "add", "vei-01").exit_code == 2
    assert cli(demo.root, "report", "--format").exit_code == 2


def _commands(group, prefix=()):
    import typer

    cmd = typer.main.get_command(group) if not hasattr(group, "commands") else group
    for name, sub in cmd.commands.items():
        yield (*prefix, name), sub
        if hasattr(sub, "commands"):
            yield from _commands(sub, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(app)], ids=" ".join)
def test_every_command_has_help_text(cli, path):
    r = cli(None, *path, "--help")
    assert r.exit_code == 0
    lines = [line for line in r.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2
    assert not lines[1].startswith("Options")


def test_an_unknown_researcher_is_refused_before_any_file_is_written(demo, cli):
    for args in (
        ["unit", "add", "vei-01", "-r", "typo", "-q", "Læringskurven", "-c", "x"],
        ["impression", "vei-01", "-r", "typo", "--text", "Et inntrykk."],
        ["assign", "--round", "3", "--researchers", "ib,typo"],
        ["merge", "--from", "ib", "--from", "typo", "--into", "team"],
        ["decide", "En beslutning.", "-r", "typo"],
        ["config", "--researcher", "typo"],
    ):
        r = cli(demo.root, *args)
        assert r.exit_code == 1, args
        assert "unknown researcher 'typo'" in r.stderr or "unknown coder 'typo'" in r.stderr
        assert "stc.yaml lists ib, tl" in r.stderr
    assert not list(demo.root.glob("analyses/**/typo*"))
    r = cli(demo.root, "researcher", "add", "typo", "--name", "Tyra Pose")
    assert r.exit_code == 0
    assert (
        cli(
            demo.root, "unit", "add", "vei-01", "-r", "typo", "-q", "Læringskurven", "-c", "x"
        ).exit_code
        == 0
    )
    assert (demo.root / "analyses/step2/vei-01/typo.yaml").is_file()


@pytest.mark.parametrize(
    "args",
    [
        ["unit", "list", "--format", "pdf"],
        ["report", "--format", "pdf"],
        ["quotes", "--format", "pdf"],
        ["matrix", "--format", "pdf"],
        ["matrix", "--by", "theme"],
        ["report", "--language", "de"],
        ["assign", "--round", "1", "--researchers", "ib", "--strategy", "lottery"],
        ["assign", "--round", "1", "--researchers", "ib", "--steps", "a,b"],
        ["check", "--context", "kompetanse", "--outcome", "maybe"],
        ["init", "x", "--language", "sv"],
    ],
)
def test_a_value_outside_a_closed_set_is_a_usage_error(demo, cli, args):
    r = cli(demo.root, *args)
    assert r.exit_code == 2, r.output
    assert not r.stdout.strip()


def test_unexpected_errors_exit_3_without_a_traceback(demo, cli, monkeypatch):
    import stc.api

    def broken(*_a, **_k):
        raise RuntimeError("boom")

    monkeypatch.setattr(stc.api, "render_report", broken)
    r = cli(demo.root, "report")
    assert r.exit_code == 3
    assert "unexpected error (RuntimeError: boom)" in r.stderr and "--debug" in r.stderr
    assert "Traceback" not in r.output
    r = cli(demo.root, "--debug", "report")
    assert r.exit_code == 3 and "Traceback" in r.stderr
