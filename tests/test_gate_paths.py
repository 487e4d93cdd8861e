"""The ways identifiers used to slip past the output gate, one test each."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from stc import api
from stc.errors import AnonymityError, InvalidValue
from stc.store import Workspace

DIRTY = (
    "I: Hvem hjalp deg?\n\nR: Jeg snakket med Kari Nordmann i går. Hun har nummer 22 33 44 55.\n\n"
    "I: Og så?\n\nR: Læringskurven er bratt, sa hun.\n"
)


def _forced(ws: Workspace, tid: str = "vei-09") -> None:
    path = ws.root / "x.txt"
    path.write_text(DIRTY, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id=tid, force=True)
    path.unlink()


def _studied(ws: Workspace) -> str:
    """A code group with one clean unit and an analytic text quoting it; returns the unit."""
    api.add_code_group(ws, "tid", "Tid og press")
    api.add_code(ws, "kapasitet", "tid")
    unit = api.add_unit(ws, "vei-01", "ms", ["kapasitet"], quote="Vi har for mange saker.").unit
    api.write_synthesis(ws, "tid", f"Veilederne har mange saker.\n\n[[{unit.id}]]\n")
    return unit.id


def test_a_reference_to_a_unit_with_an_unsorted_code_is_gated(ws: Workspace, cli):
    _studied(ws)
    _forced(ws)
    hidden = api.add_unit(ws, "vei-09", "ms", ["usortert"], quote="Hun har nummer 22 33 44 55.")
    s = Workspace(ws.root).synthesis("tid")
    assert s is not None
    ws.save_synthesis(replace(s, body=s.body + f"\n[[{hidden.unit.id}]]\n"))
    for fmt in ("md", "docx", "html"):
        r = cli(ws.root, "report", "--format", fmt)
        assert r.exit_code == 1 and f"unit {hidden.unit.id}: text: a likely phone" in r.stderr
    assert not list((ws.root / "reports").glob("report*"))


def test_a_reference_to_another_coders_unit_is_gated_once_coding_use_is_set(ws: Workspace, cli):
    _studied(ws)
    _forced(ws)
    other = api.add_unit(ws, "vei-09", "ak", ["kapasitet"], quote="Kari Nordmann i går")
    ws.save_project(replace(ws.project(), coding=("ms",)))
    s = Workspace(ws.root).synthesis("tid")
    assert s is not None
    ws.save_synthesis(replace(s, body=s.body + f"\n[[{other.unit.id}]]\n"))
    r = cli(ws.root, "report")
    assert r.exit_code == 1 and "a likely name 'Kari Nordmann'" in r.stderr


def test_a_stale_quote_is_refused_even_after_the_name_left_the_transcript(ws: Workspace, cli):
    _studied(ws)
    _forced(ws)
    unit = api.add_unit(ws, "vei-09", "ms", ["kapasitet"], quote="Jeg snakket med Kari Nordmann")
    t = ws.transcript("vei-09")
    fixed = t.turns[1].text.replace("Kari Nordmann", "[navn]").replace("22 33 44 55", "[telefon]")
    ws.save_transcript(
        replace(t, turns=(t.turns[0], replace(t.turns[1], text=fixed), *t.turns[2:]))
    )
    assert "is no longer in transcript vei-09" in cli(ws.root, "check").stdout
    for args in (
        ["report"],
        ["quotes"],
        ["quotes", "--format", "csv"],
        ["unit", "list", "-f", "json"],
    ):
        r = cli(ws.root, *args)
        assert r.exit_code == 1, args
        assert f"unit {unit.unit.id}: its text is no longer in transcript vei-09" in r.stderr
        assert "Kari Nordmann" not in r.stdout


def test_a_dangling_reference_and_a_conflict_marker_are_refused(ws: Workspace, cli):
    _studied(ws)
    s = ws.synthesis("tid")
    assert s is not None
    ws.save_synthesis(replace(s, body=s.body + "\n[[vei-01.ms.000000]]\n"))
    r = cli(ws.root, "report")
    assert r.exit_code == 1 and "analyses/step4/tid.md: [[vei-01.ms.000000]]" in r.stderr
    ws.save_synthesis(
        replace(s, body="<<<<<<< HEAD\nVi ser at …\n=======\nDe ser at …\n>>>>>>> theirs\n")
    )
    r = cli(ws.root, "report", "--format", "html")
    assert r.exit_code == 1 and "conflict marker" in r.stderr
    assert not (ws.root / "reports" / "report.html").exists()


def test_an_emptied_scan_cache_does_not_open_the_gate(ws: Workspace, cli):
    _studied(ws)
    _forced(ws)
    api.add_unit(ws, "vei-09", "ms", ["kapasitet"], quote="Hun har nummer 22 33 44 55.")
    assert cli(ws.root, "report").exit_code == 1
    cache = ws.root / ".stc" / "cache" / "anon.json"
    mac, _, payload = cache.read_bytes().partition(b"\n")
    data = json.loads(payload)
    for entry in data["transcripts"].values():
        entry["findings"] = []
    forged = json.dumps(data).encode()
    for blob in (mac + b"\n" + forged, forged):  # the old signature, or none at all
        cache.write_bytes(blob)
        r = cli(ws.root, "report")
        assert r.exit_code == 1 and "a likely phone '22 33 44 55'" in r.stderr
        cache.write_bytes(blob)
        assert cli(ws.root, "anon", "scan").exit_code == 1


def test_a_key_name_opening_a_sentence_elsewhere_is_found(ws: Workspace, cli):
    (ws.root / "private" / "anonymisation-key.yaml").write_text(
        "entries:\n  nordmann: '[navn]'\n", encoding="utf-8"
    )
    path = ws.root / "y.txt"
    path.write_text("I: Hvem?\n\nR: Nordmann ringte i går. Det hjalp.\n", encoding="utf-8")
    r = cli(ws.root, "import", str(path), "--group", "veileder", "--id", "vei-10")
    assert r.exit_code == 1 and "identifier 'Nordmann'" in r.stderr
    cli(ws.root, "import", str(path), "--group", "veileder", "--id", "vei-10", "--force")
    r = cli(ws.root, "anon", "scan", "vei-10")
    assert r.exit_code == 1 and "Nordmann" in r.stdout


def test_a_file_name_with_a_name_never_becomes_the_id_or_source(ws: Workspace, cli, tmp_path):
    path = tmp_path / "Kari Nordmann 15076540001.txt"
    path.write_text("I: Hei.\n\nR: Vi har for mange saker.\n", encoding="utf-8")
    r = cli(ws.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 0, r.stderr
    assert "file name holds a likely identifier" in r.stderr and "'veileder-01'" in r.stderr
    t = Workspace(ws.root).transcript("veileder-01")
    assert t.source == "veileder-01.txt"
    text = (ws.root / "transcripts" / "veileder-01.md").read_text(encoding="utf-8")
    assert "Nordmann" not in text and "15076540001" not in text
    (ws.root / "private" / "anonymisation-key.yaml").write_text(
        "entries:\n  kari nordmann: '[navn]'\n", encoding="utf-8"
    )
    r = cli(ws.root, "import", str(path), "--group", "veileder", "--id", "kari-nordmann")
    assert r.exit_code == 1 and "the id 'kari-nordmann' holds a likely identifier" in r.stderr


def test_not_anonymised_transcripts_need_allow_identifiers_and_it_says_so(
    ws: Workspace, cli, tmp_path: Path
):
    _forced(ws)
    out = tmp_path / "team.qdpx"
    for args in (["export", "qdpx", str(out)], ["export", "docx-for-coding", "vei-09"]):
        r = cli(ws.root, *args)
        assert r.exit_code == 1 and "transcripts/vei-09.md: anonymised: marked not anonymised" in (
            r.stderr
        )
        assert "--allow-identifiers" in r.stderr
    assert not out.exists() and not (ws.root / "reports" / "vei-09-coding.docx").exists()
    r = cli(ws.root, "export", "qdpx", str(out), "--allow-identifiers")
    assert r.exit_code == 0 and "WARNING: --allow-identifiers" in r.stderr
    assert "must stay inside the research team" in r.stderr
    with zipfile.ZipFile(out) as z:
        assert any("Kari Nordmann" in z.read(n).decode() for n in z.namelist())
    r = cli(ws.root, "report", "--allow-identifiers")
    assert r.exit_code == 2  # reports have no such option


def test_unit_lists_refuse_quotes_with_identifiers(ws: Workspace, cli):
    _forced(ws)
    api.add_unit(ws, "vei-09", "ms", ["x"], quote="Hun har nummer 22 33 44 55.")
    for fmt in ("csv", "xlsx", "json"):
        r = cli(ws.root, "unit", "list", "--format", fmt)
        assert r.exit_code == 1 and "a likely phone '22 33 44 55'" in r.stderr
    assert not list((ws.root / "reports").glob("units.*"))


def test_a_reference_docx_gives_its_design_only(ws: Workspace, tmp_path: Path):
    import docx

    _studied(ws)
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Institutt for helse og samfunn"
    p = template.add_paragraph("Malen ble laget av Kari Nordmann, tlf. 22 33 44 55.")
    template.add_comment(p.runs, text="Spør Kari om logoen", author="Kari Nordmann", initials="KN")
    template.core_properties.author = "Kari Nordmann"
    template.core_properties.last_modified_by = "Kari Nordmann"
    template.core_properties.keywords = "Kari sin mal"
    ref = tmp_path / "mal.docx"
    template.save(str(ref))
    target = api.render_report(ws, "docx", reference_docx=ref)
    with zipfile.ZipFile(target) as z:
        for name in z.namelist():
            assert b"Kari" not in z.read(name), name
        assert not any("comments" in n for n in z.namelist())
    report = docx.Document(str(target))
    assert report.sections[0].header.paragraphs[0].text == "Institutt for helse og samfunn"
    assert report.core_properties.last_modified_by == ""
    assert report.core_properties.author == ""  # the workspace names no authors


def test_allow_identifiers_is_refused_for_outputs_that_leave_the_team(ws: Workspace):
    from stc.api.gate import gate
    from stc.core.gate import Scope

    with pytest.raises(InvalidValue, match="not available for stc report"):
        gate(ws, ws.study(), "report", Scope(), allow_identifiers=True)
    _forced(ws)
    with pytest.raises(AnonymityError, match="marked not anonymised"):
        api.export_qdpx(ws, ws.root / "x.qdpx")


def test_a_quote_across_turns_is_read_against_every_turn_it_covers(ws: Workspace, cli):
    # "Daan García" is reported by stc anon scan (two capitalised non-words, 0.6) but is not
    # certain enough to be searched for everywhere: only the transcript's own findings at
    # the quote's place can stop it, in the second turn the quote covers
    text = (
        "I: Hvem hjalp deg?\n\nR: Det var en kollega. Vi hadde mye å gjøre.\n\n"
        "I: Hvem da?\n\nR: Vi møtte Daan García i går. Han var flink.\n"
    )
    path = ws.root / "x.txt"
    path.write_text(text, encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-08", force=True)
    path.unlink()
    api.add_code_group(ws, "hjelp", "Hjelp")
    api.add_code(ws, "kollega", "hjelp")
    t2 = ws.transcript("vei-08").turn(2).text
    unit = api.add_unit(
        ws, "vei-08", "ms", ["kollega"], turn=2, start=t2.index("Vi hadde"), end=27, to_turn=4
    ).unit
    assert unit.text.endswith("R: Vi møtte Daan García i går.")
    api.write_synthesis(ws, "hjelp", f"Kolleger hjelper.\n\n[[{unit.id}]]\n")
    r = cli(ws.root, "report")
    assert r.exit_code == 1, r.stdout
    assert f"unit {unit.id}: text: a likely name 'Daan García'" in r.stderr
    r = cli(ws.root, "quotes", "--format", "csv")
    assert r.exit_code == 1 and "Daan García" in r.stderr


def test_a_quote_whose_transcript_changed_is_judged_where_it_stands_now(ws: Workspace, cli):
    path = ws.root / "g.txt"
    path.write_text(
        "Intervjuer: Hvordan startet det?\n\n"
        "Informant: Det startet da jeg flyttet til Gjøvik for jobben.\n",
        encoding="utf-8",
    )
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-07", force=True)
    path.unlink()
    api.add_code_group(ws, "start", "Start")
    api.add_code(ws, "flytting", "start")
    quote = "Det startet da jeg flyttet til Gjøvik for jobben."
    unit = api.add_unit(ws, "vei-07", "ms", ["flytting"], quote=quote).unit
    assert cli(ws.root, "quotes").exit_code == 1  # 'Gjøvik' (a place cue: reported, 0.7)
    # a teammate adds two turns before it (the unit file still says turn 2) and check has
    # not run: the quote now stands in turn 4, and turn 2 holds other words
    md = ws.root / "transcripts" / "vei-07.md"
    text = md.read_text(encoding="utf-8")
    md.write_text(
        text.replace(
            "I: Hvordan startet det?",
            "I: Først litt om deg.\n\nR: Jeg er femti år.\n\nI: Hvordan startet det?",
        ),
        encoding="utf-8",
    )
    assert Workspace(ws.root).study().unit_index[unit.id].turn == 2
    for args in (("quotes",), ("report", "--format", "md")):
        r = cli(ws.root, *args)
        assert r.exit_code == 1 and "Gjøvik" in r.stderr, (args, r.output)


def test_every_part_of_a_name_in_the_key_is_an_identifier_in_outputs(ws: Workspace, cli):
    path = ws.root / "k.txt"
    path.write_text(
        "Intervjuer: Hvem hjalp deg?\n\nInformant: Kari Nordmann hjalp meg mye med papirene. "
        "Olsen også.\n\nIntervjuer: Og så?\n\nInformant: Så ble det bedre.\n",
        encoding="utf-8",
    )
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-08", force=True)
    path.unlink()
    for term in ("Kari Nordmann", "Olsen"):
        assert cli(ws.root, "anon", "review", "--accept", term).exit_code == 0
    assert cli(ws.root, "anon", "apply", "vei-08").exit_code == 0
    # an accepted term is replaced wherever it stands, also opening a sentence
    text = " ".join(turn.text for turn in Workspace(ws.root).transcript("vei-08").turns)
    assert "Olsen" not in text and "Kari" not in text
    api.add_code_group(ws, "hjelp", "Hjelp")
    api.add_code(ws, "papirer", "hjelp")
    unit = api.add_unit(ws, "vei-08", "ms", ["papirer"], quote="Så ble det bedre.").unit
    api.add_subgroup(ws, "hjelp", "p", "Papirer", [unit.id])
    for condensate, found in (
        ("Nordmann hjalp meg med papirene.", "Nordmann"),  # a surname alone, opening it
        ("Jeg fikk hjelp av Kari.", "Kari"),
        ("Olsens kontor hjalp meg.", "Olsens"),  # a genitive of a name in the key
    ):
        api.write_condensate(ws, "hjelp", "p", condensate)
        r = cli(ws.root, "report", "--format", "md")
        assert r.exit_code == 1 and f"'{found}'" in r.stderr, (condensate, r.output)
    api.write_condensate(ws, "hjelp", "p", "Jeg fikk hjelp med papirene.")
    api.add_code(ws, "karinordmann", "hjelp")  # the name run together in an id
    api.recode_unit(ws, unit.id, add=["karinordmann"], by="ms")
    r = cli(ws.root, "report", "--format", "md")
    assert r.exit_code == 1 and "karinordmann" in r.stderr, r.output
