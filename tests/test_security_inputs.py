"""A shared workspace and the files imported into it are untrusted input: regression tests for
the cases of silent corruption, half-done imports and values that used to slip through
(one test or more per numbered case, named after it)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from stc import api
from stc.errors import FormatError
from stc.model import check_id
from stc.store import Workspace
from tests.conftest import write_transcript

VEI_01 = """\
I: Kan du fortelle litt om rollen din?

R: Jeg har jobbet som veileder i tre og et halvt år, og læringskurven er bratt hvis man ikke \
har jobbet i NAV før. Det tok meg et år før jeg følte meg trygg i dialogmøtene.

I: Hvordan prioriterer du når det er mye?

R: Altså, vi har for mange saker. Jeg rekker ikke å ringe alle før fristen, så de som har vært \
sykmeldt lengst kommer først.
"""

VEI_02 = """\
I: Hva gjør du når en arbeidsgiver ikke svarer?

R: Da ringer jeg igjen. Kort og godt.

I: Og fastlegen?

R: Vi snakker sjelden, dessverre.
"""

INTERVIEW_EN = """\
I: How do you plan the follow-up meetings?

R: Mostly by phone. We rarely have time to meet in person before the deadline.
"""


def _files(root: Path) -> dict[str, bytes]:
    """Every file of the workspace but the local state in .stc/, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".stc" not in p.relative_to(root).parts
    }


def _code_in_copy(path: Path, turn: int, quote: str, codes: str, author: str) -> None:
    """Mark ``quote`` in turn ``turn`` of a Word coding copy with a comment, as a coder would."""
    d = docx.Document(str(path))
    p = next(p for p in d.paragraphs if p.text.startswith(f"[{turn}] "))
    last = p.runs[-1]
    before, after = last.text.split(quote, 1)
    last.text = before
    target = p.add_run(quote)
    if after:
        p.add_run(after)
    d.add_comment(target, text=codes, author=author)
    d.save(str(path))


def _word_transcript(path: Path, author: str, codes: str = "kompetansebehov") -> Path:
    d = docx.Document()
    d.add_paragraph("Intervjuer: Hvordan ble du tatt imot som ny?")
    run = d.add_paragraph("Deltaker: ").add_run("Jeg fikk en fadder, og det hjalp veldig.")
    d.add_comment(run, text=codes, author=author)
    d.save(str(path))
    return path


@pytest.fixture
def pair(tmp_path: Path) -> Workspace:
    """Two veileder transcripts of different lengths (plus one more so the group may be quoted)."""
    w = api.init_workspace(tmp_path / "pair", "Parvis", "nb", ["ms", "ak"])
    api.add_group(w, "veileder", "NAV-veileder")
    write_transcript(w, "vei-01", "veileder", VEI_01)
    write_transcript(w, "vei-02", "veileder", VEI_02)
    write_transcript(w, "vei-03", "veileder", VEI_02.replace("dessverre", "heldigvis ikke"))
    return w


# --- case 5: two Word coding copies imported at once ---------------------------------------


def test_case05_two_coding_copies_keep_their_own_transcript(pair: Workspace, tmp_path: Path, cli):
    one = api.export_docx_for_coding(pair, "vei-01", tmp_path / "ccc-vei-01.docx")
    two = api.export_docx_for_coding(pair, "vei-02", tmp_path / "ccc-vei-02.docx")
    _code_in_copy(one, 4, "de som har vært sykmeldt lengst kommer først", "prioritering", "ms")
    _code_in_copy(two, 2, "Da ringer jeg igjen.", "purring", "ms")
    r = cli(pair.root, "import", str(one), str(two))
    assert r.exit_code == 0, r.output
    w = Workspace(pair.root)
    (u1,) = w.unit_file("vei-01", "ms").units
    (u2,) = w.unit_file("vei-02", "ms").units
    assert (u1.turn, u1.text, u1.codes) == (
        4,
        "de som har vært sykmeldt lengst kommer først",
        ("prioritering",),
    )
    assert w.transcript("vei-01").turn(4).text[u1.start : u1.end] == u1.text
    assert (u2.turn, u2.text, u2.codes) == (2, "Da ringer jeg igjen.", ("purring",))
    assert {c.id for c in w.codebook().codes} >= {"prioritering", "purring"}
    assert api.run_check(w).errors == []


def test_case05_check_reports_a_unit_whose_end_is_past_its_turn(pair: Workspace, cli):
    # what the old import stored: vei-01's offsets on vei-02's shorter turn, the text cut short
    turn = pair.transcript("vei-02").turn(4).text  # "Vi snakker sjelden, dessverre."
    path = pair.units_path("vei-02", "ms")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "schema_version: 1\ntranscript: vei-02\ncoder: ms\nunits:\n"
        f"- id: vei-02.ms.1a2b3c\n  turn: 4\n  start: 11\n  end: 96\n  text: {turn[11:]}\n"
        "  codes: [prioritering]\n",
        encoding="utf-8",
    )
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert (
        "error: analyses/step2/vei-02/ms.yaml: unit vei-02.ms.1a2b3c: its offsets 11–96 span "
        "85 characters, but its text has 19" in r.stdout
    )
    # not "repaired" by re-anchoring: the stored text is a fragment of the wrong transcript
    assert Workspace(pair.root).unit_file("vei-02", "ms").units[0].end == 96


# --- case 6: imports are all-or-nothing ----------------------------------------------------


def _three(tmp_path: Path, third: Path) -> list[Path]:
    a, b = tmp_path / "vei-04.txt", tmp_path / "vei-05.txt"
    a.write_text(VEI_01, encoding="utf-8")
    b.write_text(INTERVIEW_EN, encoding="utf-8")
    return [a, b, third]


def test_case06_failure_on_the_third_file_writes_nothing(pair: Workspace, tmp_path: Path, cli):
    third = tmp_path / "vei-06.txt"
    third.write_bytes("I: Går det bra?\n\nR: Ja, det går".encode() + b" bra p\xe5 jobb.\n")
    before = _files(pair.root)
    r = cli(pair.root, "import", *map(str, _three(tmp_path, third)), "--group", "veileder")
    assert r.exit_code == 1
    assert "vei-06.txt: mixed encodings" in r.stderr
    assert _files(pair.root) == before


def test_case06_comment_author_con_is_refused_before_anything_is_written(
    pair: Workspace, tmp_path: Path, cli
):
    third = _word_transcript(tmp_path / "vei-06.docx", author="CON")
    before = _files(pair.root)
    r = cli(pair.root, "import", *map(str, _three(tmp_path, third)), "--group", "veileder")
    assert r.exit_code == 1
    assert "vei-06.docx: a comment on turn 2: coder id 'con' is not usable as an id" in r.stderr
    assert "nothing was imported" in r.stderr
    assert _files(pair.root) == before


def test_case06_interrupt_while_writing_leaves_the_workspace_as_before(
    pair: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    paths = _three(tmp_path, _word_transcript(tmp_path / "vei-06.docx", author="ak"))
    before = _files(pair.root)
    calls = []
    real = os.fsync

    def interrupted(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 3:  # the third file of the change is being written
            raise KeyboardInterrupt
        real(fd)

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.import_transcripts(pair, paths, group="veileder")
    monkeypatch.undo()
    assert len(calls) == 3
    w = Workspace(pair.root)
    assert _files(w.root) == before  # no transcript, unit file, codebook entry or temp file
    assert api.run_check(w).errors == []


def test_case06_interrupt_while_renaming_is_finished_on_the_next_command(
    pair: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    paths = _three(tmp_path, _word_transcript(tmp_path / "vei-06.docx", author="ak"))
    calls = []
    real = os.replace

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3 and str(dst).endswith(".md"):
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        api.import_transcripts(pair, paths, group="veileder")
    monkeypatch.undo()
    w = Workspace(pair.root)  # the next command finds the journal and completes the change
    assert {"vei-04", "vei-05", "vei-06"} <= set(w.transcript_ids())
    (unit,) = w.unit_file("vei-06", "ak").units
    assert unit.text == "Jeg fikk en fadder, og det hjalp veldig."
    assert w.codebook().code("kompetansebehov") is not None
    assert not (w.root / ".stc" / "journal.json").exists()


def test_case06_codes_from_several_files_all_reach_the_codebook(pair: Workspace, tmp_path: Path):
    a = _word_transcript(tmp_path / "vei-07.docx", author="ms", codes="fadderordning")
    b = _word_transcript(tmp_path / "vei-08.docx", author="ak", codes="introduksjon")
    api.import_transcripts(pair, [a, b], group="veileder")
    w = Workspace(pair.root)
    assert w.codebook().code("fadderordning") and w.codebook().code("introduksjon")
    assert len(w.unit_file("vei-07", "ms").units) == len(w.unit_file("vei-08", "ak").units) == 1


# --- case 7: duplicates, stray files, conflict markers, renames on both sides --------------


@pytest.fixture
def coded(pair: Workspace) -> Workspace:
    """vei-01..03 coded by ms in one code group, one subgroup with a golden quote."""
    api.add_code_group(pair, "kompetanse", "Kompetanse")
    api.add_code(pair, "opplaering", "kompetanse")
    u = api.add_unit(pair, "vei-01", "ms", ["opplaering"], quote="læringskurven er bratt").unit
    api.add_unit(pair, "vei-02", "ms", ["opplaering"], quote="Da ringer jeg igjen.")
    api.add_subgroup(pair, "kompetanse", "bratt", "En bratt start", [u.id])
    api.write_condensate(pair, "kompetanse", "bratt", "Jeg brukte et år på å bli trygg.")
    api.choose_golden(pair, "kompetanse", "bratt", u.id)
    api.write_synthesis(pair, "kompetanse", f"Nye veiledere trenger tid.\n\n[[{u.id}]]\n")
    return pair


def test_case07_duplicate_unit_id_across_files_is_an_error_and_blocks_the_report(
    coded: Workspace, cli
):
    (u,) = coded.unit_file("vei-01", "ms").units
    # a teammate copies ms's file as a start for ak's coding and edits the quote
    text = coded.units_path("vei-01", "ms").read_text(encoding="utf-8")
    forged = text.replace("coder: ms", "coder: ak").replace(
        "læringskurven er bratt", "Det tok meg et år"
    )
    forged = forged.replace(f"start: {u.start}", "start: 128").replace(
        f"end: {u.end}", f"end: {128 + len('Det tok meg et år')}"
    )
    coded.units_path("vei-01", "ak").write_text(forged, encoding="utf-8")
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert (
        f"error: analyses/step2/vei-01/ms.yaml: unit {u.id}: the same unit id is in "
        "analyses/step2/vei-01/ak.yaml" in " ".join(r.stdout.split())
    )
    r = cli(coded.root, "report", "--format", "md")
    assert r.exit_code == 1
    assert "the report would print wrong text" in r.stderr and u.id in r.stderr
    assert not (coded.root / "reports" / "report.md").exists()


def test_case07_stray_step3_file_cannot_replace_the_real_one(coded: Workspace, cli):
    real = coded.step3_path("kompetanse").read_text(encoding="utf-8")
    stray = coded.root / "analyses" / "step3" / "zzz.yaml"
    stray.write_text(real.replace("En bratt start", "Feil kopi"), encoding="utf-8")
    for command in (["check"], ["report", "--format", "md"]):
        r = cli(coded.root, *command)
        assert r.exit_code == 1
        assert (
            "analyses/step3/zzz.yaml: holds code_group 'kompetanse', but its file name says 'zzz'"
            in r.stderr
        )
    assert not (coded.root / "reports" / "report.md").exists()
    stray.unlink()
    assert cli(coded.root, "report", "--format", "md").exit_code == 0
    assert "Feil kopi" not in (coded.root / "reports" / "report.md").read_text(encoding="utf-8")


def test_case07_stray_step4_file_cannot_replace_the_real_one(coded: Workspace, cli):
    real = coded.step4_path("kompetanse").read_text(encoding="utf-8")
    (coded.root / "analyses" / "step4" / "kompetanse-kopi.md").write_text(real, encoding="utf-8")
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert "analyses/step4/kompetanse-kopi.md: holds code_group 'kompetanse'" in r.stderr


CONFLICTED = """\
Nye veiledere trenger tid.

<<<<<<< HEAD
De fleste bruker et år på å bli trygge.
=======
Noen blir aldri trygge.
>>>>>>> origin/main
"""


@pytest.mark.parametrize(
    ("rel", "edit"),
    [
        ("analyses/step4/kompetanse.md", lambda t: t.replace("Nye veiledere trenger tid.\n", "")),
        ("transcripts/vei-02.md", lambda t: t),
        ("analyses/step3/kompetanse.yaml", lambda t: t),
        ("codebooks/codebook.yaml", lambda t: t),
    ],
)
def test_case07_git_conflict_markers_in_any_workspace_file_are_refused(
    coded: Workspace, cli, rel: str, edit
):
    path = coded.root / rel
    text = edit(path.read_text(encoding="utf-8"))
    marked = (
        text.rstrip("\n") + "\n\n" + CONFLICTED
        if rel.endswith(".md")
        else (text + "<<<<<<< HEAD\n# ours\n=======\n# theirs\n>>>>>>> origin/main\n")
    )
    path.write_text(marked, encoding="utf-8")
    line = marked[: marked.index("<<<<<<<")].count("\n") + 1
    for command in (["check"], ["report", "--format", "md"]):
        r = cli(coded.root, *command)
        assert r.exit_code == 1
        assert f"{rel}:{line}: git conflict marker" in r.stderr
    assert not (coded.root / "reports" / "report.md").exists()


def test_case07_markdown_heading_underline_is_no_conflict_marker(coded: Workspace, cli):
    path = coded.step4_path("kompetanse")
    path.write_text(
        path.read_text(encoding="utf-8") + "\nEn overskrift\n=======\n\nMer tekst.\n",
        encoding="utf-8",
    )
    assert cli(coded.root, "check").exit_code == 0


def test_case07_code_renamed_differently_on_two_sides_is_a_conflict(tmp_path: Path):
    def write(name: str, codes: list[dict[str, str]], unit_codes: list[str]) -> tuple[Path, Path]:
        from stc.store import yamlio

        cb = tmp_path / f"{name}-codebook.yaml"
        cb.write_text(
            yamlio.dump(
                {
                    "schema_version": 1,
                    "code_groups": [{"id": "kompetanse", "label": "Kompetanse"}],
                    "codes": codes,
                }
            ),
            encoding="utf-8",
        )
        units = tmp_path / f"{name}-units.yaml"
        unit = {"id": "vei-01.ms.3f9a1c", "turn": 2, "start": 0, "end": 9, "text": "Jeg jobber"}
        units.write_text(
            yamlio.dump(
                {
                    "schema_version": 1,
                    "transcript": "vei-01",
                    "coder": "ms",
                    "units": [{**unit, "codes": unit_codes}],
                }
            ),
            encoding="utf-8",
        )
        return cb, units

    code = {"label": "Opplæring", "code_group": "kompetanse", "definition": "Å lære jobben"}
    base = write("base", [{"id": "opplaering", **code}], ["opplaering"])
    ours = write("ours", [{"id": "laering", **code}], ["laering"])
    theirs = write("theirs", [{"id": "kurs", **code}], ["kurs"])
    conflicts, _ = api.merge_files(base[0], ours[0], theirs[0], "codebooks/codebook.yaml")
    assert conflicts[0] == (
        "codes[id=opplaering]: renamed differently on both sides (ours: laering; theirs: kurs)"
    )
    conflicts, _ = api.merge_files(base[1], ours[1], theirs[1], "analyses/step2/vei-01/ms.yaml")
    assert len([c for c in conflicts if c.startswith("units[")]) == 1
    assert conflicts[0].startswith(
        "units[id=vei-01.ms.3f9a1c].codes: replaced differently on both sides"
    )


def test_case07_a_rename_on_one_side_merges_cleanly(tmp_path: Path):
    from stc.store.merge import merge

    code = {"label": "Opplæring", "code_group": "kompetanse"}
    base = {"codes": [{"id": "opplaering", **code}, {"id": "frist", "label": "Frister"}]}
    ours = {"codes": [{"id": "laering", **code}, {"id": "frist", "label": "Frister"}]}
    theirs = {"codes": [{"id": "opplaering", **code}, {"id": "frist", "label": "Fristene"}]}
    merged, conflicts = merge(base, ours, theirs, "codebooks/codebook.yaml")
    assert conflicts == []
    assert [c["id"] for c in merged["codes"]] == ["laering", "frist"]
    assert merged["codes"][1]["label"] == "Fristene"


# --- case 9: encodings, control characters, CRLF and BOM in the workspace ------------------


def test_case09_utf8_with_a_few_cp1252_bytes_is_refused_naming_the_bytes(
    pair: Workspace, tmp_path: Path, cli
):
    path = tmp_path / "vei-09.txt"
    good = "I: Hvordan går det med oppfølgingen?\n\nR: Det går greit, men "
    path.write_bytes(good.encode() + b"det er mye \xe5 gj\xf8re.\n")
    r = cli(pair.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 1
    assert "vei-09.txt: mixed encodings" in r.stderr
    assert "0xE5 at line 3, column 34" in r.stderr and "0xF8 at line 3, column 38" in r.stderr
    assert "--encoding cp1252" in r.stderr
    assert "vei-09" not in Workspace(pair.root).transcript_ids()


def test_case09_a_wholly_cp1252_file_is_read_with_a_warning(pair: Workspace, tmp_path: Path, cli):
    path = tmp_path / "vei-09.txt"
    path.write_bytes("I: Hvordan går det?\n\nR: Bra, særlig på jobb.\n".encode("cp1252"))
    r = cli(pair.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 0, r.output
    assert "vei-09.txt: not UTF-8; read as Windows-1252 (first such byte 0xE5 at line 1" in r.stderr
    assert Workspace(pair.root).transcript("vei-09").turn(2).text == "Bra, særlig på jobb."


def test_case09_encoding_option_reads_strictly_in_the_named_encoding(
    pair: Workspace, tmp_path: Path, cli
):
    path = tmp_path / "vei-09.txt"
    path.write_bytes("I: Hvordan går det?\n\nR: Bra.\n".encode("latin-1"))
    r = cli(pair.root, "import", str(path), "--group", "veileder", "--encoding", "utf-8")
    assert r.exit_code == 1 and "invalid UTF-8: byte 0xE5 at line 1, column 13" in r.stderr
    r = cli(pair.root, "import", str(path), "--group", "veileder", "--encoding", "latin-1")
    assert r.exit_code == 0, r.output
    assert "Windows-1252" not in r.stderr
    assert Workspace(pair.root).transcript("vei-09").turn(1).text == "Hvordan går det?"
    r = cli(pair.root, "import", str(path), "--id", "x", "--group", "veileder", "--encoding", "x")
    assert r.exit_code == 1 and "unknown encoding 'x'" in r.stderr


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x0b", "U+000B (vertical tab)"), ("\x1b", "U+001B (ESC)"), ("\x07", "U+0007 (BEL)")],
)
@pytest.mark.parametrize("suffix", [".txt", ".vtt"])
def test_case09_control_characters_are_refused_at_import_with_their_place(
    pair: Workspace, tmp_path: Path, cli, char: str, name: str, suffix: str
):
    if suffix == ".txt":
        body, line, column = f"I: Hei.\n\nR: Jeg{char}jobber i NAV.\n", 3, 7
    else:
        body = f"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Kari>Jeg{char}jobber i NAV.\n"
        line, column = 4, 12
    path = tmp_path / f"vei-09{suffix}"
    path.write_text(body, encoding="utf-8")
    r = cli(pair.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 1
    assert f"vei-09{suffix}: control character {name} at line {line}, column {column}" in r.stderr
    assert "vei-09" not in Workspace(pair.root).transcript_ids()


def test_case09_nul_bytes_are_refused(pair: Workspace, tmp_path: Path, cli):
    path = tmp_path / "vei-09.txt"
    path.write_bytes(b"I: Hei.\n\nR: Jeg\x00jobber.\n")
    r = cli(pair.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 1 and "binary file" in r.stderr
    assert "a NUL byte at line 3, column 7" in r.stderr
    assert "vei-09" not in Workspace(pair.root).transcript_ids()


def test_case09_tabs_and_newlines_are_kept(pair: Workspace, tmp_path: Path):
    path = tmp_path / "vei-09.txt"
    path.write_text("I: Hei.\n\nR: Jeg\tjobber\ni NAV.\n", encoding="utf-8")
    api.import_transcripts(pair, [path], group="veileder")
    assert Workspace(pair.root).transcript("vei-09").turn(2).text == "Jeg\tjobber i NAV."


def test_case09_transcript_with_crlf_and_bom_is_read_as_written(coded: Workspace, cli):
    path = coded.transcript_path("vei-01")
    before = coded.transcript("vei-01")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    w = Workspace(coded.root)
    assert w.transcript("vei-01") == before
    r = cli(coded.root, "check")
    assert r.exit_code == 0, r.output
    assert "re-anchored" not in r.stdout  # offsets still fit: nothing moved
    assert cli(coded.root, "show", "vei-01").exit_code == 0


def test_case09_control_character_in_a_workspace_transcript_is_named(pair: Workspace, cli):
    path = pair.transcript_path("vei-02")
    path.write_text(
        path.read_text(encoding="utf-8").replace("Kort og godt.", "Kort\x1b og godt."),
        encoding="utf-8",
    )
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert "transcripts/vei-02.md:" in r.stderr and "control character U+001B (ESC)" in r.stderr


def test_case09_qdpx_source_with_a_control_character_is_refused(tmp_path: Path, cli):
    from tests.test_refi import FOREIGN_QDE, FOREIGN_TEXT

    path = tmp_path / "annet.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", FOREIGN_QDE.replace("{selections}", ""))
        text = FOREIGN_TEXT.replace("sjelden", "sjelden\x0c")
        z.writestr("sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt", text.encode("utf-8"))
    ws = api.init_workspace(tmp_path / "w", "Import")
    before = _files(ws.root)
    r = cli(ws.root, "import", str(path))
    assert r.exit_code == 1
    assert "source 'Intervju lege 1': control character U+000C (form feed) at line 3" in r.stderr
    assert _files(ws.root) == before


# --- case 12: values check used to let through ----------------------------------------------


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_case12_id_with_a_trailing_newline_is_refused(pair: Workspace, cli):
    for bad in ("vei-01\n", "vei-01\n\n", "con", "../x", "a" * 65):
        with pytest.raises(FormatError, match="is not usable as an id"):
            check_id(bad, "transcript")
    assert check_id("vei-01", "transcript") == "vei-01"
    _set(pair.config_path, "- id: veileder\n", '- id: "veileder\\n"\n')
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert "stc.yaml.informant_groups[0].id: informant group id 'veileder\\n'" in r.stderr


def test_case12_unit_id_with_a_trailing_newline_is_refused(coded: Workspace, cli):
    (u,) = coded.unit_file("vei-01", "ms").units
    _set(coded.units_path("vei-01", "ms"), f"- id: {u.id}\n", f'- id: "{u.id}\\n"\n')
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert "analyses/step2/vei-01/ms.yaml: units[0].id:" in r.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("start: ", "start: -", "units[0].start: -{start} is less than 0"),
        ("end: ", "end: 1", "units[0].end: 1{end} is not after start"),  # set below
        ("turn: ", "turn: -", "units[0].turn: -{turn} is less than 1"),
    ],
    ids=["negative_start", "start_after_end", "negative_turn"],
)
def test_case12_negative_start_and_start_after_end_are_refused(
    coded: Workspace, cli, old: str, new: str, message: str
):
    (u,) = coded.unit_file("vei-01", "ms").units
    path = coded.units_path("vei-01", "ms")
    if "end" in old:
        _set(path, f"end: {u.end}", f"end: {u.start}")
        expected = f"units[0].end: {u.start} is not after start {u.start}"
    else:
        _set(path, old, new)
        expected = message.format(start=u.start, turn=u.turn)
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert f"analyses/step2/vei-01/ms.yaml: {expected}" in r.stderr


def test_case12_reversed_qdpx_offsets_are_skipped_with_a_notice(tmp_path: Path, cli):
    from tests.test_refi import FOREIGN_QDE, FOREIGN_TEXT, _sel

    plain = FOREIGN_TEXT.lstrip("\ufeff")
    s, e = plain.index("Vi snakker"), plain.index("glemt.") + len("glemt.")
    good = plain.index("De tilrettelegger"), plain.index("godt.") + len("godt.")
    path = tmp_path / "annet.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        sels = _sel(1, e, s, 2) + _sel(2, -5, 10, 2) + _sel(3, *good, 4)
        z.writestr("project.qde", FOREIGN_QDE.replace("{selections}", sels))
        z.writestr(
            "sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt", FOREIGN_TEXT.encode("utf-8")
        )
    ws = api.init_workspace(tmp_path / "w", "Import")
    r = cli(ws.root, "import", str(path), "--verbose")
    assert r.exit_code == 0, r.output
    assert "2 selections end before they start (or start before the text); skipped" in r.stderr
    assert f"{e}–{s}" in r.stderr and "-5–10" in r.stderr  # --verbose names each
    units = Workspace(ws.root).study().units
    assert [u.text for u in units] == ["De tilrettelegger godt."]
    r = cli(ws.root, "check")
    assert "analyses/step2" not in r.stdout  # the unit that was kept fits its turn


def test_case12_qdpx_group_id_escaping_the_folder_is_refused(tmp_path: Path, cli):
    from tests.test_refi import FOREIGN_QDE, FOREIGN_TEXT

    qde = FOREIGN_QDE.replace("{selections}", "").replace(
        '<Variable guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="Gruppe"',
        '<Variable guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="stc-group"',
    )
    qde = qde.replace("<TextValue>Fastlege</TextValue>", "<TextValue>../../evil group</TextValue>")
    path = tmp_path / "annet.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr(
            "sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt", FOREIGN_TEXT.encode("utf-8")
        )
        buf = io.BytesIO()
        docx.Document().save(buf)
        z.writestr("sources/lege2.docx", buf.getvalue())
    ws = api.init_workspace(tmp_path / "w", "Import")
    before = _files(ws.root)
    r = cli(ws.root, "import", str(path))
    assert r.exit_code == 1
    assert "source 'Intervju lege 1': informant group id '../../evil group'" in r.stderr
    assert _files(ws.root) == before


def test_case12_min_group_size_below_one_is_refused(pair: Workspace, cli):
    _set(pair.config_path, "min_group_size: 3", "min_group_size: -5")
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert "stc.yaml.anonymity.min_group_size: -5 is less than 1" in r.stderr


@pytest.mark.parametrize(("steps", "shown"), [("[9]", "9"), ("[0, 1]", "0"), ("[a]", "'a'")])
def test_case12_step_outside_the_method_is_refused(pair: Workspace, cli, steps: str, shown: str):
    (pair.root / "analyses" / "assignments.yaml").write_text(
        f"schema_version: 1\nrounds:\n- round: 1\n  strategy: manual\n  steps: {steps}\n"
        "  researchers:\n    ms: [vei-01]\n",
        encoding="utf-8",
    )
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert "analyses/assignments.yaml: rounds[0].steps[" in r.stderr
    assert f"{shown} is not a step of the method" in r.stderr


def test_case12_unknown_researcher_in_a_round_is_an_error(pair: Workspace, cli):
    (pair.root / "analyses" / "assignments.yaml").write_text(
        "schema_version: 1\nrounds:\n- round: 1\n  strategy: manual\n"
        "  researchers:\n    ms: [vei-01]\n    kn: [vei-02, vei-03]\n",
        encoding="utf-8",
    )
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert (
        "error: analyses/assignments.yaml: round 1: kn: researcher 'kn' is not in stc.yaml"
        in r.stdout
    )
    assert "round 1: ms" not in r.stdout


def test_case12_impression_of_a_missing_transcript_is_an_error(pair: Workspace, cli):
    api.record_impression(pair, "vei-01", "ms", "Engasjert, men sliten.")
    api.record_impression(pair, "vei-02", "ms", "Kort og presis.")
    _set(pair.step1_path("ms"), "transcript: vei-02", "transcript: vei-22")
    r = cli(pair.root, "check")
    assert r.exit_code == 1
    assert (
        "error: analyses/step1/ms.yaml: impressions[1]: an impression of transcript 'vei-22', "
        "which does not exist" in r.stdout
    )
    assert "impressions[0]" not in r.stdout


def test_case12_unit_in_two_subgroups_is_an_error(coded: Workspace, cli):
    (u,) = coded.unit_file("vei-01", "ms").units
    # both sides of a merge sorted the unit, each into a subgroup of its own
    path = coded.step3_path("kompetanse")
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"- id: trygghet\n  label: Å bli trygg\n  units: [{u.id}]\n",
        encoding="utf-8",
    )
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert (
        f"error: analyses/step3/kompetanse.yaml: subgroup trygghet: unit {u.id} is also in "
        "subgroup bratt" in r.stdout
    )
    assert "subgroup bratt: unit" not in r.stdout


def test_case12_coding_use_naming_no_coder_is_an_error_and_blocks_the_report(coded: Workspace, cli):
    _set(coded.config_path, "anonymity:", "coding:\n  use: [team]\nanonymity:")
    r = cli(coded.root, "check")
    assert r.exit_code == 1
    assert "error: stc.yaml: coding.use: 'team' has coded no meaning units" in r.stdout
    assert "(coders with units: ms)" in r.stdout
    r = cli(coded.root, "report")
    assert r.exit_code == 1 and "coding.use" in r.stderr
    assert not (coded.root / "reports" / "report.md").exists()


def test_case12_a_coding_use_entry_that_is_no_id_is_refused(pair: Workspace, cli):
    _set(pair.config_path, "anonymity:", "coding:\n  use: ['../ms']\nanonymity:")
    r = cli(pair.root, "check")
    assert r.exit_code == 1 and "stc.yaml.coding.use: coder id '../ms'" in r.stderr


def test_report_blockers_name_only_what_the_report_would_print_wrong(coded: Workspace):
    from stc.core.check import check, report_blockers

    api.add_subgroup(coded, "kompetanse", "tom", "Tom", [])  # warnings only: not blocking
    study = Workspace(coded.root).study()
    assert check(study).warnings and report_blockers(study) == []
    _set(coded.config_path, "anonymity:", "coding:\n  use: [ak]\nanonymity:")
    (blocker,) = report_blockers(Workspace(coded.root).study())
    assert (blocker.level, blocker.file, blocker.where) == ("error", "stc.yaml", "coding.use")
