"""Anonymisation: scanner, apply with re-anchoring, import refusal, report refusal, measured set."""

import json
import stat
from pathlib import Path

import pytest

from bench.anon_eval import STRUCTURED_KINDS, evaluate, labelled_set, table
from stc import api
from stc.core.anon import Scanner, valid_national_id
from stc.errors import AnonymityError, Conflict
from stc.store import Workspace

DOC = Path(__file__).resolve().parent.parent / "docs" / "anonymisation.md"


def _kinds(text: str, **kw) -> list[tuple[str, str]]:
    (found,) = Scanner("nb", **kw).scan_texts([text])
    return [(text[a:b], k) for a, b, k in found]


def test_national_ids_need_valid_check_digits():
    import random

    from bench.anon_eval import fake_account, fake_national_id

    rng = random.Random(1)
    assert all(valid_national_id(fake_national_id(rng)) for _ in range(50))
    assert all(valid_national_id(fake_national_id(rng, d_number=True)) for _ in range(50))
    assert not any(valid_national_id(fake_account(rng)) for _ in range(50))
    assert not valid_national_id("12345678901")
    assert not valid_national_id("1234567890")


def test_structured_kinds_and_lookalikes():
    found = _kinds(
        "Ring 22 33 44 55 eller +47 41234567, skriv til a.b@example.no, se "
        "www.example.no/x. Konto 12345678901, kl. 14.30, kr 12 500 i 2023."
    )
    assert found == [
        ("22 33 44 55", "phone"),
        ("+47 41234567", "phone"),
        ("a.b@example.no", "email"),
        ("www.example.no/x", "url"),
    ]


def test_names_in_every_position_but_not_public_bodies_or_the_allow_list():
    found = _kinds(
        "Kari ringte. Jeg snakket med Per Hansen hos NAV og Arbeidslivssenter om Fjordkraft.",
        allow=["Fjordkraft"],
    )
    assert found == [("Kari", "name"), ("Per Hansen", "name")]


def test_identifier_list_and_tags_already_applied():
    from stc.core.anon import Identifier

    found = _kinds(
        "Jeg jobbet hos byggmester hansen as, sammen med [navn].",
        identifiers=[Identifier("Byggmester Hansen AS", "employer")],
    )
    assert found == [("byggmester hansen as", "identifier")]


def test_measured_recall_on_structured_identifiers_is_at_least_95_percent():
    samples, identifiers = labelled_set()
    scores = evaluate(samples, identifiers)
    assert sum(s.planted for s in scores.values()) >= 200
    for kind in STRUCTURED_KINDS:
        assert scores[kind].recall >= 0.95, (kind, scores[kind])
    assert scores["national-id"].precision == 1.0  # account numbers are not flagged


def test_docs_report_the_measured_numbers():
    from bench.anon_speech import tables

    samples, identifiers = labelled_set()
    doc = DOC.read_text(encoding="utf-8")
    assert table(evaluate(samples, identifiers)) in doc
    assert tables() in doc


def test_the_spoken_set_meets_the_targets():
    from bench.anon_speech import run, speech_set

    clean, planted = speech_set()
    assert sum(t.words for t in clean + planted) >= 20_000
    _, false, words = run(clean)
    assert false / words * 1000 <= 1.0  # ≤ 1 false finding per 1,000 words of clean speech
    scores, _, _ = run(planted)
    assert scores["name"].found / scores["name"].planted >= 0.95
    for kind in ("email", "phone", "national-id", "url"):
        assert scores[kind].found == scores[kind].planted


def _dirty(ws: Workspace) -> None:
    path = ws.root / "x.txt"
    path.write_text(
        "I: Hvem hjalp deg?\n\nR: Jeg snakket med Kari Nordmann i går. Hun har nummer 22 33 44 55.\n\n"
        "I: Og så?\n\nR: Kari Nordmann ringte igjen. Læringskurven er bratt, sa hun.\n",
        encoding="utf-8",
    )
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09", force=True)


def test_import_refuses_findings_unless_forced(ws: Workspace, tmp_path: Path, cli):
    path = tmp_path / "x.txt"
    path.write_text("I: Hei\n\nR: Ring meg på 22 33 44 55, sa Per Hansen.\n", encoding="utf-8")
    with pytest.raises(Conflict, match=r"2 likely identifiers.*phone '22 33 44 55'"):
        api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09")
    r = cli(ws.root, "import", str(path), "--group", "veileder", "--id", "vei-09", "--force")
    assert r.exit_code == 0 and "marked not anonymised" in r.stderr
    assert Workspace(ws.root).transcript("vei-09").anonymised is False
    assert "not yet anonymised: vei-09" in cli(ws.root, "status").stdout
    assert "marked as not yet anonymised" in cli(ws.root, "check").stdout


def test_scan_reports_with_context_and_exit_status(ws: Workspace, cli):
    assert cli(ws.root, "anon", "scan").exit_code == 0
    _dirty(ws)
    r = cli(ws.root, "anon", "scan", "vei-09", "--json")
    assert r.exit_code == 1
    found = json.loads(r.stdout)
    assert {(f["kind"], f["text"]) for f in found} == {
        ("name", "Kari Nordmann"),
        ("phone", "22 33 44 55"),
    }
    assert found[0]["turn"] == 2 and "[Kari Nordmann]" in found[0]["context"]


def test_apply_replaces_consistently_reanchors_units_and_keeps_the_key_private(ws: Workspace, cli):
    _dirty(ws)
    unit = api.add_unit(ws, "vei-09", "ms", ["x"], quote="Hun har nummer 22 33 44 55.").unit
    later = api.add_unit(ws, "vei-09", "ms", ["y"], quote="Læringskurven er bratt").unit
    # before review only the phone number is replaced: a name waits for a person's judgement
    r = cli(ws.root, "anon", "apply", "vei-09", "--dry-run")
    assert "+Jeg snakket med Kari Nordmann i går. Hun har nummer [telefon]." in r.stdout
    assert "1 × 22 33 44 55 → [telefon]" in r.stdout and "[navn]" not in r.stdout
    r = cli(ws.root, "anon", "review", "vei-09", input="a\n")
    assert r.exit_code == 0 and "Kari Nordmann" in r.stdout and "2 occurrences" in r.stdout
    r = cli(ws.root, "anon", "apply", "vei-09", "--dry-run")
    assert (
        "-Jeg snakket med Kari Nordmann i går." in r.stdout
        and "+Jeg snakket med [navn] i går." in r.stdout
    )
    assert "2 × Kari Nordmann → [navn]" in r.stdout  # counts per term, seen before it happens
    assert Workspace(ws.root).transcript("vei-09").turn(2).text.startswith("Jeg snakket med Kari")
    r = cli(ws.root, "anon", "apply", "vei-09")
    assert r.exit_code == 0 and "vei-09: 2 name, 1 phone; 1 meaning unit re-anchored" in r.stdout
    w = Workspace(ws.root)
    t = w.transcript("vei-09")
    assert (
        t.anonymised and t.turn(2).text == "Jeg snakket med [navn] i går. Hun har nummer [telefon]."
    )
    assert t.turn(4).text.startswith("[navn] ringte igjen.")
    units = {u.id: u for u in w.unit_file("vei-09", "ms").units}
    assert units[unit.id].text == "Hun har nummer [telefon]."
    assert t.turn(2).text[units[unit.id].start : units[unit.id].end] == units[unit.id].text
    assert t.turn(4).text[units[later.id].start : units[later.id].end] == "Læringskurven er bratt"
    key = ws.root / "private" / "anonymisation-key.yaml"
    assert (
        stat.S_IMODE(key.stat().st_mode) == 0o600 and "kari nordmann: '[navn]'" in key.read_text()
    )
    assert cli(ws.root, "anon", "scan").exit_code == 0
    assert cli(ws.root, "check").exit_code == 0


def test_review_allow_skip_and_pseudonym_are_remembered(ws: Workspace, cli):
    _dirty(ws)
    r = cli(ws.root, "anon", "review", "--json")
    terms = {i["term"]: i for i in __import__("json").loads(r.stdout)}
    assert terms["Kari Nordmann"]["occurrences"] == 2 and terms["Kari Nordmann"]["decision"] is None
    assert "22 33 44 55" not in terms  # structured kinds need no review
    assert cli(ws.root, "anon", "review", "--replace", "Kari Nordmann=Anne Berg").exit_code == 0
    r = cli(ws.root, "anon", "apply", "vei-09")
    assert "2 × Kari Nordmann → Anne Berg" in r.stdout
    assert Workspace(ws.root).transcript("vei-09").turn(4).text.startswith("Anne Berg ringte")
    review = ws.root / "private" / "anonymisation-review.yaml"
    assert stat.S_IMODE(review.stat().st_mode) == 0o600


def test_allow_in_review_silences_a_term_for_the_whole_study(ws: Workspace, cli):
    path = ws.root / "y.txt"
    path.write_text("I: Hvor?\n\nR: Vi brukte Fjordkraft Energi til det.\n", encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-08", force=True)
    assert "Fjordkraft Energi" in cli(ws.root, "anon", "scan").stdout
    r = cli(ws.root, "anon", "review", input="l\n")
    assert r.exit_code == 0
    assert "Fjordkraft Energi" in Workspace(ws.root).project().allow
    assert cli(ws.root, "anon", "scan").exit_code == 0


def test_scanning_one_transcript_gives_the_same_findings_as_scanning_all(ws: Workspace):
    path = ws.root / "z.txt"
    path.write_text(
        "I: Hvem?\n\nR: Jeg snakket med kollegaen min Mikko om det.\n\n"
        "I: Og?\n\nR: Mikko sa det samme.\n",
        encoding="utf-8",
    )
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-07", force=True)
    path.write_text("I: Hvem ringte?\n\nR: Mikko. Han ringte i går.\n", encoding="utf-8")
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-06", force=True)
    alone = [(f.turn, f.text) for f in api.scan(ws, ["vei-06"], use_cache=False)]
    together = [(f.turn, f.text) for f in api.scan(ws, use_cache=False) if f.transcript == "vei-06"]
    assert alone == together == [(2, "Mikko")]  # a sentence-initial name, known from vei-07


def test_spoken_words_and_placeholders_are_never_findings():
    text = (
        "Uh, so, yeah. Um, I think – I think Company 1 and School 2 were, like, fine. "
        "So, Um, we moved to Azure DevOps and AutoML. [name] called Person A and XX. "
        "Yeah. No. Okay, Right, so <NAME> said it."
    )
    (found,) = Scanner("en").scan_texts([text])
    assert found == []
    (found,) = Scanner("nb").scan_texts(
        [
            "Ja, altså, Arbeid og ytelser og NAV Arbeidslivssenter, "
            "liksom. Eh, Ja. Men [sted] og Firma 2, vet du."
        ]
    )
    assert found == []


def test_names_carry_a_kind_and_a_confidence(ws: Workspace):
    _dirty(ws)
    findings = api.scan(ws, ["vei-09"], use_cache=False)
    names = [f for f in findings if f.kind == "name"]
    assert names and all(0.5 <= f.confidence <= 1.0 for f in names)
    assert {f.kind for f in findings} == {"name", "phone"}
    assert all(f.to_dict()["confidence"] == f.confidence for f in findings)


def test_pseudonyms_from_the_identifier_list(ws: Workspace, cli):
    _dirty(ws)
    (ws.root / "private" / "identifiers.yaml").write_text(
        "schema_version: 1\nidentifiers:\n- text: Kari Nordmann\n  kind: name\n  replacement: Anne\n",
        encoding="utf-8",
    )
    cli(ws.root, "anon", "apply")
    t = Workspace(ws.root).transcript("vei-09")
    assert t.turn(2).text.startswith("Jeg snakket med Anne i går.") and t.turn(4).text.startswith(
        "Anne ringte"
    )
    assert cli(ws.root, "anon", "scan").exit_code == 0  # the pseudonym is not flagged again


def test_reports_and_quote_exports_refuse_quotes_with_identifiers(ws: Workspace, cli):
    _dirty(ws)
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "x", "tid")
    api.add_unit(ws, "vei-09", "ms", ["x"], quote="Hun har nummer 22 33 44 55.")
    with pytest.raises(
        AnonymityError, match=r"unit vei-09\.ms\.[0-9a-f]+: text: a likely phone '22 33 44 55'"
    ):
        api.render_report(ws, "docx")
    for fmt in ("md", "csv", "json"):
        r = cli(ws.root, "quotes", "--format", fmt)
        assert r.exit_code == 1 and "likely phone" in r.stderr
    assert not (ws.root / "reports" / "report.docx").exists()
    cli(ws.root, "anon", "apply")
    assert api.render_report(Workspace(ws.root), "md").read_text().count("[telefon]") >= 1


def test_demo_is_clean(demo, cli):
    r = cli(demo.root, "anon", "scan", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout) == []
    # the same scan speaks as soon as one turn of the demo holds an identifier
    path = demo.root / "transcripts" / "ag-01.md"
    text = path.read_text(encoding="utf-8")
    planted = "daglig leder i et transportfirma, ring meg på 41 23 45 67,"
    path.write_text(text.replace("daglig leder i et transportfirma", planted, 1), encoding="utf-8")
    r = cli(demo.root, "anon", "scan", "--json")
    assert r.exit_code == 1
    assert [(f["transcript"], f["turn"], f["kind"], f["text"]) for f in json.loads(r.stdout)] == [
        ("ag-01", 2, "phone", "41 23 45 67")
    ]


def test_a_unit_whose_ends_fall_inside_identifiers_grows_to_the_whole_tags(ws: Workspace, cli):
    _dirty(ws)
    inside = api.add_unit(
        ws, "vei-09", "ms", ["x"], quote="Nordmann i går. Hun har nummer 22 33"
    ).unit
    before = api.add_unit(ws, "vei-09", "ms", ["y"], quote="Jeg snakket med").unit
    after = api.add_unit(ws, "vei-09", "ms", ["z"], quote="ringte igjen").unit
    assert cli(ws.root, "anon", "review", "--accept", "Kari Nordmann").exit_code == 0
    r = cli(ws.root, "anon", "apply", "vei-09")
    assert r.exit_code == 0 and "1 meaning unit re-anchored" in r.stdout  # text changed
    w = Workspace(ws.root)
    units = {u.id: u for u in w.unit_file("vei-09", "ms").units}
    assert units[inside.id].text == "[navn] i går. Hun har nummer [telefon]"
    assert units[before.id].text == "Jeg snakket med"
    assert units[after.id].text == "ringte igjen"
    for u in units.values():
        assert w.transcript("vei-09").turn(u.turn).text[u.start : u.end] == u.text
    assert cli(ws.root, "check").exit_code == 0


def test_a_name_found_in_one_transcript_is_found_in_all(ws: Workspace, tmp_path: Path):
    for tid, body in (
        ("vei-07", "I: Hvem?\n\nR: Jeg snakket med Kari Nordmann om det.\n"),
        ("vei-08", "I: Og?\n\nR: Kari Nordmann ringte meg i går.\n"),
    ):
        (tmp_path / f"{tid}.txt").write_text(body, encoding="utf-8")
        api.import_transcripts(ws, [tmp_path / f"{tid}.txt"], group="veileder", force=True)
    api.scan(ws, ["vei-07"])  # vei-07 is scanned (and cached) on its own first
    found = {(f.transcript, f.text) for f in api.scan(ws)}
    assert {("vei-07", "Kari Nordmann"), ("vei-08", "Kari Nordmann")} <= found


def test_a_replaced_name_takes_its_genitive_with_it(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "en", "T", "en", ["ab"])
    api.add_group(ws, "mgr", "Manager")
    src = tmp_path / "i.txt"
    src.write_text(
        "Speaker 1 [00:00:03]: So, uh, who helped you?\n\n"
        "Speaker 2 [00:00:07]: Uh, yeah, so, Mary-Kate did. Mary-Kate's team, like, sorted "
        "it. Olsens kontor too.\n",
        encoding="utf-8",
    )
    assert cli(ws.root, "import", str(src), "-g", "mgr", "--force").exit_code == 0
    for term in ("Mary-Kate", "Olsen"):
        assert cli(ws.root, "anon", "review", "--accept", term).exit_code == 0
    r = cli(ws.root, "anon", "apply", "i")
    assert r.exit_code == 0, r.output
    text = Workspace(ws.root).transcript("i").turn(2).text
    assert text == "Uh, yeah, so, [name] did. [name]'s team, like, sorted it. [name]s kontor too."
    assert "no identifiers found" in cli(ws.root, "anon", "scan", "i").output


def test_a_genitive_ending_is_split_from_a_known_name_only():
    from stc.core.anon import split_genitive

    known = {"olsen", "mary-kate", "jonas"}
    assert split_genitive("Olsens", known) == ("Olsen", "s")
    assert split_genitive("Mary-Kate's", known) == ("Mary-Kate", "'s")
    assert split_genitive("Jonas'", known) == ("Jonas", "'")
    assert split_genitive("Jonas", known) == ("Jonas", "")  # the name itself ends in s
    assert split_genitive("Hans", known) == ("Hans", "")
