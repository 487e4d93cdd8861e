"""Transcripts in the layouts real transcripts come in: each imported with the right roles,
time stamps kept per turn and no speaker label left in the text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stc import api
from stc.store import Workspace

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
# file → (roles in turn order, time of the first turn or "", first words of turn 1)
EXPECTED = {
    "lower-case.txt": ("I R I R", "", "All right, so, uh"),
    "lower-case.docx": ("I R I R", "", "All right, so, uh"),
    "numbered.txt": ("I1 R I2 R I1 R", "", "Thanks for taking"),
    "numbered.docx": ("I1 R I2 R I1 R", "", "Thanks for taking"),
    "padded.txt": ("I R I R", "", "Thank you for joining."),
    "padded.docx": ("I R I R", "", "Thank you for joining."),
    "french-spacing.txt": ("I R I R", "", "Ja, da setter vi"),
    "timestamps-before.txt": ("I R I R", "00:00:04", "Da er opptaket"),
    "timestamps-before.docx": ("I R I R", "00:00:04", "Da er opptaket"),
    "timestamps-after.txt": ("I R I R", "00:01:10", "Okay, so, uh"),
    "speaker-lines.txt": ("I R I R", "00:00:03", "Så, eh, kan du"),
    "speaker-lines.docx": ("I R I R", "00:00:03", "Så, eh, kan du"),
    "teams.docx": ("I R R I R", "00:00:03", "Okay, so, uh, we're"),
    "label-lines.txt": ("I R I R", "", "Hvordan opplevde du"),
    "focus-group.txt": ("I R1 R2 R3 I", "", "Welcome, everyone."),
    "teams.vtt": ("I R I R", "00:00:03", "Okay, uh, so we're"),
    "zoom.vtt": ("I R I R", "00:00:02", "Ja, da er vi"),
    "speakers-numbered.vtt": ("I R I R", "00:00:01", "So, um, what made"),
}
LABEL = re.compile(
    r"^\W*(interview\w*|intervjuer\w*|informant|respondent|deltaker|participant|moderator|"
    r"speaker|kari|ola)\b|\d:\d\d",
    re.IGNORECASE,
)


def test_every_fixture_is_listed():
    files = {p.name for p in LAYOUTS.iterdir() if p.suffix in (".txt", ".docx", ".vtt")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_is_imported_with_roles_and_without_labels(name: str, tmp_path: Path):
    roles, time, opening = EXPECTED[name]
    ws = api.init_workspace(tmp_path / "w", "Layouts", "en")
    api.add_group(ws, "adv", "Advisers")
    (outcome,) = api.import_transcripts(ws, [LAYOUTS / name], group="adv", transcript_id="t1")
    t = Workspace(ws.root).transcript("t1")
    assert " ".join(turn.speaker for turn in t.turns) == roles
    assert t.turns[0].text.startswith(opening)
    assert t.turns[0].time == time
    for turn in t.turns:
        assert not LABEL.search(turn.text), f"turn {turn.n}: {turn.text!r}"
    assert not outcome.imported.warnings


def test_time_stamps_are_kept_per_turn_in_the_stored_file(tmp_path: Path):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "nb")
    api.add_group(ws, "vei", "Veiledere")
    api.import_transcripts(ws, [LAYOUTS / "timestamps-before.txt"], group="vei", transcript_id="v")
    stored = (ws.root / "transcripts/v.md").read_text(encoding="utf-8")
    assert "\nI [00:00:04]: Da er opptaket i gang." in stored
    assert "\nR [00:01:05]: Åh. For mange." in stored
    t = Workspace(ws.root).transcript("v")
    assert [turn.time for turn in t.turns] == ["00:00:04", "00:00:11", "00:01:02", "00:01:05"]
    assert t.turns[3].text == "Åh. For mange. Nei, men rundt hundre og tjue, tror jeg."


def test_every_import_prints_a_summary_per_file(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "en")
    api.add_group(ws, "adv", "Advisers")
    files = [LAYOUTS / "numbered.txt", LAYOUTS / "teams.vtt"]
    r = cli(ws.root, "import", *map(str, files), "--group", "adv")
    assert r.exit_code == 0, r.output
    assert "imported numbered.txt as numbered: 6 turns — I1 2, I2 1, R 3 (group adv)" in r.stdout
    assert "imported teams.vtt as teams: 4 turns — I 2, R 2 (group adv)" in r.stdout


def test_speaker_option_matches_any_case_and_warns_about_names_never_seen(tmp_path, cli):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "en")
    api.add_group(ws, "adv", "Advisers")
    r = cli(
        ws.root,
        "import",
        str(LAYOUTS / "teams.vtt"),
        "--group",
        "adv",
        "--speaker",
        "kari nordmann=I",
        "--speaker",
        "OLA HANSEN=r",
        "--speaker",
        "Kari Nordman=I",
    )
    assert r.exit_code == 0, r.output
    assert [t.speaker for t in Workspace(ws.root).transcript("teams").turns] == list("IRIR")
    assert "warning: --speaker 'Kari Nordman' matches no speaker label" in r.stderr
    assert "kari nordmann" not in r.stderr.lower().replace("'kari nordman'", "")


def test_no_label_at_all_is_a_warning(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "en")
    api.add_group(ws, "adv", "Advisers")
    src = tmp_path / "bare.txt"
    src.write_text(
        "So, uh, how did you start?\n\nWell, I- I answered an ad, really.\n", encoding="utf-8"
    )
    r = cli(ws.root, "import", str(src), "--group", "adv")
    assert r.exit_code == 0
    assert "warning: bare: no speaker label found — every turn is stored as R" in r.stderr


def test_one_role_with_almost_every_word_is_a_warning(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "en")
    api.add_group(ws, "adv", "Advisers")
    src = tmp_path / "mislabelled.txt"
    answer = "Well, um, it depends, you know, on the case and the employer. " * 6
    src.write_text(
        f"R: {answer}\n\nR: What then? {answer}\n\nR: {answer}\n\nR: {answer}\n\nI: Right.\n",
        encoding="utf-8",
    )
    r = cli(ws.root, "import", str(src), "--group", "adv")
    assert r.exit_code == 0
    assert "warning: mislabelled: R has 99% of the words" in r.stderr


def test_dry_run_shows_the_first_turns_and_writes_nothing(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Layouts", "nb")
    api.add_group(ws, "vei", "Veiledere")
    before = sorted(p.name for p in (ws.root / "transcripts").iterdir())
    r = cli(ws.root, "import", str(LAYOUTS / "speaker-lines.txt"), "--group", "vei", "--dry-run")
    assert r.exit_code == 0, r.output
    assert "would import speaker-lines.txt as speaker-lines: 4 turns — I 2, R 2" in r.stdout
    assert "1  I [00:00:03]: Så, eh, kan du begynne" in r.stdout
    assert "2  R [00:00:09]: Ja. Altså, jeg jobber som" in r.stdout
    assert "dry run: nothing was written" in r.stdout
    assert sorted(p.name for p in (ws.root / "transcripts").iterdir()) == before
