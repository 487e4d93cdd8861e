"""The guided layer: dashboard, show, editor flows, walkers driven through CliRunner."""

import json
import sys
from pathlib import Path

import pytest
import yaml

from stc import api
from stc.store import Workspace

EDITOR = f"{sys.executable} {Path(__file__).parent / 'helpers' / 'editor.py'}"


@pytest.fixture
def editor(monkeypatch, tmp_path):
    """Set $EDITOR to the stub; returns a function that sets its edit and reads what it saw."""
    seen = tmp_path / "seen.txt"
    monkeypatch.setenv("EDITOR", EDITOR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("STC_TEST_SEEN", str(seen))

    def set_edit(code: str) -> Path:
        monkeypatch.setenv("STC_TEST_EDIT", code)
        return seen

    return set_edit


def test_stc_alone_shows_the_dashboard_inside_a_workspace(demo, cli, monkeypatch):
    monkeypatch.chdir(demo.root / "transcripts")
    r = cli(None)
    assert r.exit_code == 0
    assert (
        "Total impression «Helhetsinntrykk»" in r.stdout and "Synthesis «Sammenfatning»" in r.stdout
    )
    assert "next:" in r.stdout


def test_stc_alone_shows_help_outside_a_workspace(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli(None)
    assert r.exit_code == 0 and "Usage:" in r.stdout and "Commands" in r.stdout


def test_next_shows_the_researchers_round_and_missing_work(ws: Workspace, cli):
    from stc.model import Round

    api.save_round(ws, Round(1, "random", {"ms": ("vei-01", "vei-02"), "ak": ("vei-03",)}))
    api.record_impression(ws, "vei-01", "ms", "Travelt.")
    r = cli(ws.root, "next", "--researcher", "ms")
    assert "ms, round 1" in r.stdout and "your transcripts: vei-01, vei-02" in r.stdout
    assert "1 Total impression «Helhetsinntrykk»" in r.stdout and "1/2" in r.stdout
    assert "missing: vei-02" in r.stdout
    assert "next: stc impression vei-02 --researcher ms" in r.stdout


def test_researcher_is_remembered_per_clone(ws: Workspace, cli, monkeypatch):
    monkeypatch.delenv("STC_RESEARCHER", raising=False)
    r = cli(ws.root, "unit", "add", "vei-01", "-q", "for mange saker", "-c", "saker")
    assert r.exit_code == 1 and "say who you are" in r.stderr
    assert cli(ws.root, "config", "--researcher", "nobody").exit_code == 1
    assert cli(ws.root, "config", "--researcher", "ak").stdout == "researcher: ak\n"
    r = cli(ws.root, "unit", "add", "vei-01", "-q", "for mange saker", "-c", "saker")
    assert r.exit_code == 0 and r.stdout.startswith("vei-01.ak.")
    assert (ws.root / ".stc" / "config.yaml").is_file()
    assert ".stc/" in (ws.root / ".gitignore").read_text()
    monkeypatch.setenv("STC_RESEARCHER", "ms")
    r = cli(ws.root, "unit", "add", "vei-02", "-q", "for mange saker", "-c", "saker")
    assert r.stdout.startswith("vei-02.ms.")


def test_show_numbers_sentences_and_marks_coded_spans(demo, cli):
    r = cli(demo.root, "show", "vei-01", "--sentences", "--researcher", "ib")
    assert r.exit_code == 0
    assert "[1] Jeg har vært veileder" in r.stdout
    assert "«Læringskurven er bratt hvis man ikke har jobbet i NAV før.»" in r.stdout
    assert "↳ ib [" in r.stdout and "↳ tl [" not in r.stdout


def test_impression_opens_the_editor_on_a_template(ws: Workspace, cli, editor):
    seen = editor(
        "text = text.replace('## Helhetsinntrykk\\n', '## Helhetsinntrykk\\nNy i NAV.\\n')"
    )
    r = cli(ws.root, "impression", "vei-01", "-r", "ms")
    assert r.exit_code == 0, r.output
    assert "## Forforståelse jeg må sette i parentes" in seen.read_text()
    assert "Læringskurven er bratt" in r.stdout  # the transcript was shown first
    text = ws.step1("ms").impression("vei-01").text  # type: ignore[union-attr]
    assert "Ny i NAV." in text and "<!--" not in text


def test_an_untouched_template_saves_nothing(ws: Workspace, cli, editor):
    editor("")
    r = cli(ws.root, "impression", "vei-01", "-r", "ms", "--edit")
    assert r.exit_code == 1 and "nothing" in r.stderr
    assert ws.step1("ms").impression("vei-01") is None


def test_code_walker_checks_every_answer_at_once(ws: Workspace, cli):
    api.add_code_group(ws, "tid", "Tid og saker")
    r = cli(
        ws.root, "code", "vei-01", "-r", "ms", input="9\ng 999\n1\n+Ny kode\n+upstream\n1\n\nq\n"
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.count("sentences are numbered 1–2") == 1
    assert "not understood" not in r.stdout  # one message for one mistake, saying why
    assert "there is no turn 999 to code here (turns 2–4)" in r.stdout
    assert "'+upstream' is no code group here" in r.stdout
    assert ws.codebook().code("ny-kode").code_group == "tid"  # type: ignore[union-attr]
    assert ws.codebook().code("ny-kode").label == "Ny kode"  # type: ignore[union-attr]


def test_the_code_list_is_grouped_by_code_group_in_columns(ws: Workspace, cli):
    for g in ("tid", "kompetanse"):
        api.add_code_group(ws, g, g.capitalize())
    for i in range(12):
        api.add_code(ws, f"kode-{i}", "tid" if i % 2 else "kompetanse")
    api.add_code(ws, "usortert-kode")
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="1\nq\nq\n")
    start = r.stdout.index("«Jeg jobber som veileder.»")
    listing = r.stdout[start : r.stdout.index("koder (nummer", start)].splitlines()[1:]
    assert len(listing) < 13  # 13 codes and 3 headings fit in far fewer lines: columns
    text = "\n".join(listing)
    assert "Tid" in text and "Kompetanse" in text and "(unsorted)" in text
    assert text.index("Tid") < text.index("kode-1") < text.index("Kompetanse")
    assert "usortert-kode" in text


def test_code_walker_codes_a_sentence_and_resumes(ws: Workspace, cli):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saksmengde", "tid", definition="Antall saker")
    # turn 2 (first respondent turn): code sentence 2 with code 1; then quit at turn 4
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="2\n1\nviktig\n\nq\n")
    assert r.exit_code == 0, r.output
    assert (
        "[1/2]" in r.stdout
        and "[2/2]" in r.stdout
        and "Tid og saker" in r.stdout
        and "1 saksmengde — Antall saker" in r.stdout
    )
    assert "tur 2 · 0 her, 0 i intervjuet" in r.stdout  # this turn's count and the whole's
    assert "  I: Kan du fortelle om jobben din?" in r.stdout  # the question before the answer
    (unit,) = ws.unit_file("vei-01", "ms").units
    assert (unit.turn, unit.text, unit.codes, unit.note) == (
        2,
        "Læringskurven er bratt hvis man ikke har jobbet i NAV før.",
        ("saksmengde",),
        "viktig",
    )
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="'for mange saker'\n+ny-kode\n1\n\nq\n")
    assert "fortsetter ved tur 4" in r.stdout
    units = ws.unit_file("vei-01", "ms").units
    assert [u.text for u in units][-1] == "for mange saker"
    assert ws.codebook().code("ny-kode").code_group == "tid"  # type: ignore[union-attr]


def test_code_walker_undo_and_prefixes(ws: Workspace, cli):
    api.add_code(ws, "kompetanse")
    api.add_code(ws, "kontakt")
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="1\nko\nkomp\n\nu\nq\n")
    assert "'ko' matches 2 codes" in r.stdout and "undone: add unit vei-01.ms." in r.stdout
    assert ws.unit_file("vei-01", "ms").units == ()


def test_codebook_rename_merge_move_update_every_file(demo, cli):
    r = cli(demo.root, "codebook", "rename", "saksmengde", "saksbyrde")
    assert r.exit_code == 0 and "code saksmengde → saksbyrde" in r.stdout
    assert "analyses/step2/vei-01/ib.yaml" in r.stdout
    study = Workspace(demo.root).study()
    assert not any("saksmengde" in u.codes for u in study.units)
    assert sum("saksbyrde" in u.codes for u in study.units) == 8
    r = cli(demo.root, "codebook", "merge", "frister-styrer", "malstyring")
    assert "merged into malstyring" in r.stdout
    study = Workspace(demo.root).study()
    assert study.codebook.code("frister-styrer") is None
    assert (
        cli(demo.root, "codebook", "move", "malstyring", "--code-group", "kompetanse").exit_code
        == 0
    )
    assert Workspace(demo.root).codebook().code("malstyring").code_group == "kompetanse"  # type: ignore[union-attr]
    assert cli(demo.root, "codebook", "rename", "nope", "x").exit_code == 1


def test_code_group_rename_moves_its_step3_and_step4_files(demo, cli):
    r = cli(demo.root, "codebook", "group", "rename", "kompetanse", "laering", "--label", "Læring")
    assert r.exit_code == 0
    steps = demo.root / "analyses"
    assert not (steps / "step3" / "kompetanse.yaml").exists()
    assert (steps / "step3" / "laering.yaml").read_text().count("code_group: laering") == 1
    assert (steps / "step4" / "laering.md").is_file()
    assert cli(demo.root, "check").exit_code == 0


def test_an_interrupted_multi_file_change_is_completed_on_next_open(tmp_path: Path):
    from stc.layout import JOURNAL
    from stc.store.files import _signed

    root = tmp_path / "w"
    api.init_workspace(root, "Tittel")
    (root / ".stc").mkdir(exist_ok=True)
    tmp = root / "codebooks" / ".codebook.yaml.1a2b3c4d.tmp"
    tmp.write_text("schema_version: 1\ncodes:\n- id: ny\n")
    (root / "analyses" / "step3" / "gammel.yaml").write_text("old")
    plan = {
        "moves": [["codebooks/.codebook.yaml.1a2b3c4d.tmp", "codebooks/codebook.yaml"]],
        "deletes": ["analyses/step3/gammel.yaml"],
    }
    (root / JOURNAL).write_bytes(_signed(plan))  # signed by this user, as stc writes it
    Workspace(root)
    assert (root / "codebooks" / "codebook.yaml").read_text().endswith("- id: ny\n")
    assert not (root / "analyses" / "step3" / "gammel.yaml").exists()
    assert not (root / JOURNAL).exists() and not tmp.exists()


def test_condense_walker_sorts_writes_and_picks(demo, cli, editor):
    editor("text = text + '\\nJeg lærte mest av kollegene.'")
    script = (
        "new nye Nye veiledere\nmove 1,2 nye\nwrite nye\ngolden nye 2\nnew tom Tom\nremove tom\nq\n"
    )
    r = cli(demo.root, "condense", "kompetanse", input=script)
    assert r.exit_code == 0, r.output
    assert "NAV-veileder (" in r.stdout and "nye Nye veiledere: 2 units, 2 informants" in r.stdout
    assert "STC suggests 2–3 per code group" in r.stdout
    assert Workspace(demo.root).condensation("kompetanse").subgroup("tom") is None
    sub = Workspace(demo.root).condensation("kompetanse").subgroup("nye")
    assert sub is not None and len(sub.units) == 2 and sub.golden == sub.units[1]
    assert sub.condensate == "Jeg lærte mest av kollegene."


def test_condensate_not_in_first_person_gets_a_note(demo, cli):
    r = cli(
        demo.root, "condensate", "kompetanse", "bratt-laeringskurve", "--text", "Veiledere lærer."
    )
    assert r.exit_code == 0 and "first person" in r.stderr


def test_synthesize_edit_starts_from_a_skeleton(ws: Workspace, cli, editor):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saker", "tid")
    u = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker").unit
    api.add_subgroup(ws, "tid", "mange", "For mange", [u.id])
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    api.choose_golden(ws, "tid", "mange", u.id)
    seen = editor(
        "text = text.replace('# «for mange saker»', '# «For mange saker»\\n\\nVeilederne har mange saker.')"
    )
    r = cli(ws.root, "synthesize", "tid", "--edit")
    assert r.exit_code == 0, r.output
    shown = seen.read_text()
    assert "tredje person" in shown and "<!-- For mange: Jeg har for mange saker. -->" in shown
    assert f"[[{u.id}]]" in shown
    s = ws.synthesis("tid")
    assert s.heading == "«For mange saker»"  # type: ignore[union-attr]
    assert s.body.startswith("Veilederne har mange saker.") and f"[[{u.id}]]" in s.body  # type: ignore[union-attr]


def test_check_context_shows_turns_and_records_validation(demo, cli):
    r = cli(
        demo.root,
        "check",
        "--context",
        "kompetanse",
        "--outcome",
        "confirmed",
        "--note",
        "Stemmer med vei-03",
        "-r",
        "ib",
    )
    assert r.exit_code == 0, r.output
    assert "«Læringskurven er bratt hvis man ikke har jobbet i NAV før.»" in r.stdout
    assert "   7  I: Opplever du at du har den kompetansen du trenger?" in r.stdout
    records = yaml.safe_load((demo.root / "analyses/validation/ib.yaml").read_text())["records"]
    assert records[-1]["target"] == "kompetanse" and records[-1]["outcome"] == "confirmed"
    md = api.render_report(Workspace(demo.root), "md").read_text(encoding="utf-8")
    assert "fem funn holdt opp mot transkripsjonene igjen: tre ble bekreftet" in md


def test_stale_work_is_named_by_status_next_and_check(demo, cli):
    unit = next(u for u in Workspace(demo.root).study().units if u.id.startswith("vei-01.ib."))
    api.add_unit(
        Workspace(demo.root),
        "vei-01",
        "ib",
        ["bli-sett"],
        turn=unit.turn,
        start=unit.start,
        end=unit.end,
    )
    data = json.loads(cli(demo.root, "status", "--json").stdout)
    assert any(s.startswith("condensate ressurser/") for s in data["stale"])
    assert "stc condense ressurser" in data["next"][0]
    assert "stale" in cli(demo.root, "check").stdout


def test_power_is_recorded_and_validated(ws: Workspace, cli):
    r = cli(ws.root, "power", "--aim", "narrow", "--dialogue", "strong", "--notes", "God dialog")
    assert r.exit_code == 0 and "aim: narrow" in r.stdout
    assert ws.project().power == {"aim": "narrow", "dialogue": "strong", "notes": "God dialog"}
    assert "high information power" in r.stdout and "dialogue (strong)" in r.stdout
    r = cli(ws.root, "power", "--aim", "wide")
    assert r.exit_code == 2 and "wide" in r.output  # a usage error before anything is asked


def test_power_interactive_explains_checks_each_answer_at_once_and_appraises(ws: Workspace, cli):
    answers = "medium\nnarrow\ndense\nnone\nweak\nsuper\ncross-case\nGod dialog\n"
    r = cli(ws.root, "power", "-i", input=answers)
    assert r.exit_code == 0, r.output
    # each dimension explained in a line before it is asked
    assert "aim: Is the study's aim narrow" in r.stdout
    assert "dialogue: Was the quality of the interview dialogue" in r.stdout
    # a wrong answer is refused when given, and the same question asked again
    assert "'medium' is not an answer here: type narrow or broad" in r.stdout
    assert "'super' is not an answer here: type case or cross-case" in r.stdout
    assert ws.project().power == {
        "aim": "narrow",
        "specificity": "dense",
        "theory": "none",
        "dialogue": "weak",
        "strategy": "cross-case",
        "notes": "God dialog",
    }
    assert "lower information power: more informants are needed" in r.stdout
    assert "raised by aim (narrow), specificity (dense)" in r.stdout


def test_themes_warn_outside_four_to_eight(ws: Workspace, cli):
    for i in range(9):
        r = cli(ws.root, "theme", "add", f"Tema {i}")
    assert "STC suggests 4–8" in r.stderr
    assert cli(ws.root, "theme", "edit", "tema-0", "--label", "Første tema").exit_code == 0
    assert ws.codebook().theme("tema-0").label == "Første tema"  # type: ignore[union-attr]
    assert cli(ws.root, "theme", "remove", "tema-8").exit_code == 0
