"""What every command shares: plurals, defaults in the workspace language, filters that name
what exists, one output convention, --json on listings, the first-person check per language,
headings from the researcher's file and never from fillers."""

from pathlib import Path

import pytest

from stc import api
from stc.store import Workspace
from tests.conftest import write_transcript


def test_counts_use_correct_plurals(ws: Workspace, cli):
    api.add_unit(ws, "vei-01", "ms", ["saksmengde"], quote="Læringskurven er bratt")
    r = cli(ws.root, "unit", "list")
    assert "1 unit\n" in r.stderr and "unit(s)" not in r.stderr
    api.add_unit(ws, "vei-02", "ms", ["saksmengde"], quote="Læringskurven er bratt")
    assert "2 units\n" in cli(ws.root, "unit", "list").stderr
    r = cli(ws.root, "status")
    assert "6 transcripts, 6 informants in 3 groups" in r.stdout
    assert "(s)" not in r.stdout


def test_the_default_title_follows_the_workspace_language(tmp_path: Path, cli):
    assert cli(None, "init", str(tmp_path / "en"), "--language", "en").exit_code == 0
    assert Workspace(tmp_path / "en").project().title == "New study"
    assert cli(None, "init", str(tmp_path / "nb")).exit_code == 0
    assert Workspace(tmp_path / "nb").project().title == "Ny studie"


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["quotes", "--subgroup", "nosuch"], "no subgroup 'nosuch'"),
        (["quotes", "--group", "nosuch"], "no informant group 'nosuch'"),
        (["unit", "list", "--code", "nosuch"], "no code 'nosuch'"),
        (["unit", "list", "--code-group", "nosuch"], "no code group 'nosuch'"),
        (["unit", "list", "--group", "nosuch"], "no informant group 'nosuch'"),
        (["unit", "list", "--researcher", "nosuch"], "no coder 'nosuch'"),
        (["unit", "list", "--transcript", "nosuch"], "no transcript 'nosuch'"),
        (["search", "saker", "--group", "nosuch"], "no informant group 'nosuch'"),
    ],
)
def test_an_unknown_filter_value_is_an_error_naming_the_known_ones(demo, cli, args, names):
    r = cli(demo.root, *args)
    assert r.exit_code == 1
    assert names in r.stderr and "known: " in r.stderr
    assert not r.stdout.strip()


def test_known_filter_values_still_filter(demo, cli):
    r = cli(demo.root, "quotes", "--subgroup", "bratt-laeringskurve", "--format", "json")
    assert r.exit_code == 0 and '"subgroup": "Bratt læringskurve, generelle kurs"' in r.stdout
    assert '"subgroup": "For mange saker' not in r.stdout


def test_exports_take_out_like_every_other_output(demo, cli, tmp_path: Path):
    assert cli(demo.root, "export", "qdpx", "-o", str(tmp_path / "a.qdpx")).exit_code == 0
    assert (tmp_path / "a.qdpx").is_file()
    assert cli(demo.root, "export", "qdpx", str(tmp_path / "b.qdpx")).exit_code == 0  # as before
    assert cli(demo.root, "export", "qdc", "--out", str(tmp_path / "c.qdc")).exit_code == 0
    r = cli(demo.root, "export", "qdpx")
    assert r.exit_code == 2 and "-o study.qdpx" in r.output


def test_matrix_takes_json_as_every_listing_does(demo, cli):
    import json

    data = json.loads(cli(demo.root, "matrix", "--json").stdout)
    assert data["by"] == "code-group" and data["rows"]


def _en_workspace(tmp_path: Path) -> Workspace:
    ws = api.init_workspace(tmp_path / "en", "Study", "en", ["ann"])
    api.add_group(ws, "dev", "Developer")
    write_transcript(
        ws,
        "dev-01",
        "dev",
        "Interviewer: What gets in the way?\n\n"
        "Respondent: Uh, uh, but, uh, the more. We have to talk to the vendor every week. "
        "Our system is old.\n",
    )
    api.add_code_group(ws, "vendors", "Vendor opacity")
    api.add_code(ws, "vendor", "vendors")
    return ws


def test_the_first_person_check_speaks_the_workspace_language(tmp_path: Path, cli):
    ws = _en_workspace(tmp_path)
    unit = api.add_unit(ws, "dev-01", "ann", ["vendor"], quote="We have to talk to the vendor").unit
    assert cli(ws.root, "subgroup", "add", "vendors", "weekly", "--unit", unit.id).exit_code == 0
    for text in ("We have to talk to them every week.", "Our system is old.", "OUR SYSTEM."):
        r = cli(ws.root, "condensate", "vendors", "weekly", "--text", text)
        assert r.exit_code == 0 and "first person" not in r.stderr, text
    r = cli(ws.root, "condensate", "vendors", "weekly", "--text", "The vendor decides.")
    assert "in the first person (I/we)" in r.stderr and "jeg/vi" not in r.stderr
    r = cli(ws.root, "condensate", "vendors", "weekly", "--text", "Vi har for mange saker.")
    assert "(I/we)" in r.stderr  # Norwegian pronouns do not count in an English study


def test_a_heading_line_in_a_text_file_is_the_heading(demo, cli, tmp_path: Path):
    text = tmp_path / "k.md"
    text.write_text(
        "# «Læringskurven er bratt»\n\nVeilederne beskriver [[x]] …\n", encoding="utf-8"
    )
    r = cli(demo.root, "synthesize", "kompetanse", "--text-file", str(text))
    assert r.exit_code == 0, r.output
    s = Workspace(demo.root).synthesis("kompetanse")
    assert s is not None and s.heading == "«Læringskurven er bratt»"
    assert not s.body.startswith("#") and s.body.startswith("Veilederne beskriver")
    r = cli(demo.root, "synthesize", "kompetanse", "--text-file", str(text), "--heading", "H")
    assert Workspace(demo.root).synthesis("kompetanse").heading == "H"  # type: ignore[union-attr]


def test_a_proposed_heading_is_never_made_of_fillers(tmp_path: Path):
    from stc.core.synthesize import proposed_heading, skeleton

    assert proposed_heading("Uh, uh, but, uh, the more", "en") is None
    assert proposed_heading("So, yeah, like, the the budget is what decides", "en") == (
        "«the budget is what decides»"
    )
    assert proposed_heading("Ja, altså, eh, det er liksom sånn at vi vi må", "nb") == (
        "«det er sånn at vi må»"
    )
    ws = _en_workspace(tmp_path)
    unit = api.add_unit(ws, "dev-01", "ann", ["vendor"], quote="Uh, uh, but, uh, the more").unit
    api.add_subgroup(ws, "vendors", "s1", "S1", [unit.id])
    api.choose_golden(ws, "vendors", "s1", unit.id)
    draft = skeleton(ws.study(), "vendors")
    assert "# Vendor opacity\n" in draft and "# «Uh" not in draft


def test_the_condense_walker_moves_several_units_given_with_spaces(demo, cli):
    r = cli(demo.root, "condense", "kompetanse", input="move 1 2 nye\nq\n")
    assert r.exit_code == 0, r.output
    assert "is not usable" not in r.stdout
    c = Workspace(demo.root).condensation("kompetanse")
    assert c.subgroup("nye") is not None and len(c.subgroup("nye").units) >= 2  # type: ignore[union-attr]
    r = cli(demo.root, "condense", "kompetanse", input="move 1\nfrobnicate\nq\n")
    assert "usage: move N[,N…] ID" in r.stdout and "'frobnicate' is not a command here" in r.stdout
