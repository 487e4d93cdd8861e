"""REFI-QDA: exports valid against the official schemas, imports from other tools' files."""

import io
import zipfile
from pathlib import Path

import docx

from stc import api
from stc.store import Workspace
from tests.conftest import write_transcript

REFI = Path(__file__).resolve().parent / "refi"  # the official schemas, carried with the tests


def _schema(name: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(REFI / name)))


def _qde(path: Path):
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("project.qde")), {n: z.read(n) for n in z.namelist()}


def test_demo_export_is_valid_and_complete(demo: Workspace, tmp_path: Path):
    path = api.export_qdpx(demo, tmp_path / "demo.qdpx").path
    root, z = _qde(path)
    schema = _schema("Project.xsd")
    assert schema.validate(root), schema.error_log
    ns = {"q": "urn:QDA-XML:project:1.0"}
    assert len(root.findall(".//q:TextSource", ns)) == 12
    assert len(root.findall(".//q:PlainTextSelection", ns)) == 93
    groups = root.findall("q:CodeBook/q:Codes/q:Code", ns)
    assert {g.get("isCodable") for g in groups} == {"false"} and len(groups) == 5
    assert {u.get("id") for u in root.findall(".//q:User", ns)} == {"ib", "tl", "stc-team"}
    notes = [n.get("name") for n in root.findall(".//q:Note", ns)]
    assert any(n.startswith("Kondensat:") for n in notes) and any(
        n.startswith("Analytisk tekst:") for n in notes
    )
    assert root.find(".//q:Variable[@name='Informantgruppe']", ns) is not None
    for src in root.findall(".//q:TextSource", ns):
        text = z["sources/" + src.get("plainTextPath").removeprefix("internal://")].decode()
        for sel in src.findall("q:PlainTextSelection", ns):
            unit = demo.study().unit_index[sel.get("name")]
            assert text[int(sel.get("startPosition")) : int(sel.get("endPosition"))] == unit.text
    assert api.export_qdpx(demo, tmp_path / "again.qdpx").path.read_bytes() == path.read_bytes()


def test_codebook_export_is_valid_and_round_trips(demo: Workspace, tmp_path: Path):
    from lxml import etree

    path = api.export_qdc(demo, tmp_path / "codes.qdc")
    schema = _schema("Codebook.xsd")
    assert schema.validate(etree.parse(str(path))), schema.error_log
    fresh = api.init_workspace(tmp_path / "fresh", "T")
    r = api.import_refi(fresh, path)
    cb = fresh.codebook()
    assert r.codes_added == 27 and len(cb.codes) == 19 and len(cb.code_groups) == 5
    assert cb.code("saksmengde").definition.startswith("Utsagn om antall saker")  # type: ignore[union-attr]
    assert {t.label for t in cb.themes} >= {"Kompetanse og samarbeid"}


def test_round_trip_keeps_units_codes_and_groups_with_emoji_and_combining_marks(
    ws: Workspace, tmp_path: Path
):
    body = (
        "I: Hvordan går det?\n\nR: Jeg 😀 liker cafe\u0301en på jobben, og æøå går bra. "
        "Det var 🇳🇴 flagg overalt.\n"
    )
    write_transcript(ws, "vei-09", "veileder", body)
    a = api.add_unit(ws, "vei-09", "ms", ["glede"], quote="😀 liker caféen").unit
    b = api.add_unit(ws, "vei-09", "ak", ["sted"], quote="æøå går bra").unit
    c = api.add_unit(ws, "vei-09", "ak", ["flagg"], quote="🇳🇴 flagg").unit
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker", note="viktig")
    path = api.export_qdpx(ws, tmp_path / "p.qdpx").path
    assert _schema("Project.xsd").validate(_qde(path)[0])
    fresh = api.init_workspace(tmp_path / "fresh", "Kopi")
    api.import_refi(fresh, path)
    before = ws.study()
    after = fresh.study()
    key = lambda u: (u.transcript, u.coder, u.turn, u.start, u.end, u.text, u.codes, u.note)  # noqa: E731
    assert sorted(map(key, after.units)) == sorted(map(key, before.units))
    assert {(g.id, g.label, g.quote_as) for g in after.project.groups} == {
        (g.id, g.label, g.quote_as)
        for g in before.project.groups
        if before.informants_by_group[g.id]
    }
    assert after.transcripts["vei-09"].turns == before.transcripts["vei-09"].turns
    assert {u.text for u in after.units} >= {a.text, b.text, c.text}


FOREIGN_QDE = """\
<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fra et annet verktøy" origin="OtherQDA">
  <Users><User guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Marte Solberg"/></Users>
  <CodeBook><Codes>
    <Code guid="{BBBBBBBB-0000-0000-0000-000000000001}" name="Samarbeid" isCodable="false">
      <Code guid="{BBBBBBBB-0000-0000-0000-000000000002}" name="Fastlegen" isCodable="true">
        <Description>Om fastlegens rolle</Description>
      </Code>
      <Code guid="{BBBBBBBB-0000-0000-0000-000000000003}" name="Arbeidsgiver" isCodable="true">
        <Code guid="{BBBBBBBB-0000-0000-0000-000000000004}" name="Tilrettelegging" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="{BBBBBBBB-0000-0000-0000-000000000005}" name="Diverse" isCodable="true"/>
  </Codes></CodeBook>
  <Variables><Variable guid="{CCCCCCCC-0000-0000-0000-000000000001}" name="Gruppe" typeOfVariable="Text"/></Variables>
  <Cases>
    <Case guid="{CCCCCCCC-0000-0000-0000-000000000002}" name="Informant 1">
      <VariableValue><VariableRef targetGUID="{CCCCCCCC-0000-0000-0000-000000000001}"/><TextValue>Fastlege</TextValue></VariableValue>
      <SourceRef targetGUID="{DDDDDDDD-0000-0000-0000-000000000001}"/>
    </Case>
    <Case guid="{CCCCCCCC-0000-0000-0000-000000000003}" name="Informant 2">
      <VariableValue><VariableRef targetGUID="{CCCCCCCC-0000-0000-0000-000000000001}"/><TextValue>Fastlege</TextValue></VariableValue>
      <SourceRef targetGUID="{DDDDDDDD-0000-0000-0000-000000000002}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{DDDDDDDD-0000-0000-0000-000000000001}" name="Intervju lege 1" plainTextPath="internal://{DDDDDDDD-0000-0000-0000-000000000001}.txt">
      {selections}
    </TextSource>
    <TextSource guid="{DDDDDDDD-0000-0000-0000-000000000002}" name="Intervju lege 2" richTextPath="internal://lege2.docx"/>
    <PDFSource guid="{DDDDDDDD-0000-0000-0000-000000000003}" name="Brosjyre" path="internal://b.pdf"/>
  </Sources>
</Project>
"""

FOREIGN_TEXT = (
    "\ufeffIntervjuer: Hvordan er samarbeidet?\r\n\r\nDr. Lien: Vi snakker sjelden med NAV. "
    "Fastlegen blir ofte glemt.\r\n\r\nIntervjuer: Og arbeidsgiver?\r\n\r\nDr. Lien: "
    "De tilrettelegger godt.\r\n"
)


def _sel(guid: int, start: int, end: int, code: int, note: str = "") -> str:
    desc = f"<Description>{note}</Description>" if note else ""
    return (
        f'<PlainTextSelection guid="{{EEEEEEEE-0000-0000-0000-{guid:012d}}}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{{AAAAAAAA-0000-0000-0000-000000000001}}">{desc}'
        f'<Coding guid="{{FFFFFFFF-0000-0000-0000-{guid:012d}}}" creatingUser="{{AAAAAAAA-0000-0000-0000-000000000001}}">'
        f'<CodeRef targetGUID="{{BBBBBBBB-0000-0000-0000-{code:012d}}}"/></Coding></PlainTextSelection>'
    )


def _foreign(tmp_path: Path) -> Path:
    text = FOREIGN_TEXT
    plain = text.lstrip("\ufeff")
    s1 = plain.index("Vi snakker")
    e1 = plain.index("glemt.") + len("glemt.")
    label = plain.index("Dr. Lien: De")  # a selection that starts on the speaker label
    e2 = plain.index("godt.") + len("godt.")
    span = plain.index("Fastlegen blir")  # a selection across two turns
    e3 = plain.index("Og arbeidsgiver") + len("Og arbeidsgiver")
    sels = _sel(1, s1, e1, 2, "viktig") + _sel(2, label, e2, 4) + _sel(3, span, e3, 5)
    rich = docx.Document()
    rich.add_paragraph("Intervjuer: Hva tenker du om sykmelding?")
    rich.add_paragraph("Dr. Berg: Det er et verktøy, ikke en behandling.")
    buf = io.BytesIO()
    rich.save(buf)
    path = tmp_path / "annet.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", FOREIGN_QDE.replace("{selections}", sels))
        z.writestr("sources/{DDDDDDDD-0000-0000-0000-000000000001}.txt", text.encode("utf-8"))
        z.writestr("sources/lege2.docx", buf.getvalue())
    return path


def test_import_from_another_tool(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Import")
    r = cli(ws.root, "import", str(_foreign(tmp_path)))
    assert r.exit_code == 0, r.output
    assert "2 transcripts, 3 meaning units" in r.stdout
    assert "1 source is not text (picture, PDF, audio or video); skipped (PDFSource Brosjyre)" in (
        r.stderr
    )
    assert "1 selection included a speaker label; trimmed" in r.stderr
    assert "1 selection spans turns; kept whole as one meaning unit" in r.stderr
    assert "turns 2–3" in r.stderr
    w = Workspace(ws.root)
    study = w.study()
    t = study.transcripts["intervju-lege-1"]
    assert [x.speaker for x in t.turns] == ["I", "R", "I", "R"]
    assert "Dr. Lien" not in repr(t)
    assert (
        study.transcripts["intervju-lege-2"].turns[1].text
        == "Det er et verktøy, ikke en behandling."
    )
    units = {u.text: u for u in study.units}
    assert units["Vi snakker sjelden med NAV. Fastlegen blir ofte glemt."].codes == ("fastlegen",)
    assert units["Vi snakker sjelden med NAV. Fastlegen blir ofte glemt."].note == "viktig"
    assert units["De tilrettelegger godt."].codes == ("tilrettelegging",)
    spanning = units["Fastlegen blir ofte glemt.\n\nI: Og arbeidsgiver"]
    assert (spanning.turn, spanning.to_turn) == (2, 3)
    assert spanning.codes == ("diverse",)
    assert {u.coder for u in study.units} == {"ms"}  # initials, not a slug of the full name
    assert [(r.id, r.name) for r in study.project.researchers] == [("ms", "Marte Solberg")]
    cb = study.codebook
    assert cb.code("tilrettelegging").code_group == "samarbeid"  # type: ignore[union-attr]
    assert cb.code("diverse").code_group is None  # type: ignore[union-attr]
    assert [(g.id, g.label) for g in study.project.groups] == [("fastlege", "Fastlege")]


def test_broken_qdpx_is_a_clear_error(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "T")
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"not a zip")
    r = cli(ws.root, "import", str(bad))
    assert r.exit_code == 1 and "not a REFI-QDA project" in r.stderr


def test_word_coding_copy_round_trip(demo: Workspace, tmp_path: Path, cli):
    r = cli(demo.root, "export", "docx-for-coding", "ag-01", "--out", str(tmp_path / "ag-01.docx"))
    assert r.exit_code == 0
    doc = docx.Document(str(tmp_path / "ag-01.docx"))
    turn = next(p for p in doc.paragraphs if p.text.startswith("[4] R: "))
    target = next(run for run in turn.runs if run.text.startswith("Vi har et høyt fravær"))
    doc.add_comment(target, text="sykefravaer, muskel-og-skjelett", author="tl")
    doc.save(str(tmp_path / "ag-01.docx"))
    before = len(demo.transcript_ids())
    r = cli(demo.root, "import", str(tmp_path / "ag-01.docx"))
    assert r.exit_code == 0, r.output
    w = Workspace(demo.root)
    assert len(w.transcript_ids()) == before
    new = [u for u in w.unit_file("ag-01", "tl").units if "sykefravaer" in u.codes]
    assert len(new) == 1 and new[0].turn == 4 and new[0].text.startswith("Vi har et høyt fravær")
    assert w.transcript("ag-01").turn(4).text[new[0].start : new[0].end] == new[0].text


def test_search_finds_words_across_case_and_accents(demo: Workspace, cli):
    import json

    hits = json.loads(cli(demo.root, "search", "fastlegen", "--json").stdout)
    assert len(hits) >= 5 and {h["text"].lower() for h in hits} == {"fastlegen"}
    coded = [h for h in hits if h["coded"]]
    assert coded and all(":" in c for h in coded for c in h["coded"])
    accents = json.loads(cli(demo.root, "search", "PA", "--json").stdout)
    assert any(h["text"] == "på" for h in accents)
    assert not json.loads(cli(demo.root, "search", "PA", "--exact", "--json").stdout)
    words = json.loads(cli(demo.root, "search", "lege", "--json").stdout)
    assert all(h["text"].lower() == "lege" for h in words)
    part = json.loads(cli(demo.root, "search", "lege", "--substring", "--json").stdout)
    assert len(part) > len(words)
    only = json.loads(
        cli(demo.root, "search", "fastlegen", "--group", "arbeidsgiver", "--json").stdout
    )
    assert only and {h["group"] for h in only} == {"arbeidsgiver"}
    in_group = json.loads(
        cli(demo.root, "search", "fastlegen", "--code-group", "samarbeid", "--json").stdout
    )
    assert in_group and all(h["coded"] for h in in_group)
    rx = json.loads(cli(demo.root, "search", r"frist\w*", "--regex", "--json").stdout)
    assert {h["text"] for h in rx} >= {"fristen", "fristene", "frister"}
    hit = next(h for h in hits if not h["coded"])
    r = cli(
        demo.root,
        "unit",
        "add",
        hit["transcript"],
        "--hit",
        hit["id"],
        "--code",
        "fastlegen-fravaerende",
        "-r",
        "ib",
    )
    assert r.exit_code == 0
    unit = Workspace(demo.root).study().unit_index[r.stdout.strip()]
    assert (unit.turn, unit.text.lower()) == (hit["turn"], "fastlegen")


def test_unit_list_spreadsheets(demo: Workspace, cli, tmp_path: Path):
    import csv

    import openpyxl

    r = cli(demo.root, "unit", "list", "--format", "csv", "--code-group", "dialogmote")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == [
        "id",
        "transcript",
        "coder",
        "turn",
        "start",
        "end",
        "text",
        "codes",
        "note",
        "group",
        "to_turn",
    ]
    assert len(rows) == 17
    # every cell under its own heading, for units in one turn and across turns
    study = demo.study()
    for row in rows[1:]:
        cell = dict(zip(rows[0], row, strict=True))
        u = study.unit_index[cell["id"]]
        assert (cell["turn"], cell["start"], cell["end"]) == (str(u.turn), str(u.start), str(u.end))
        assert (cell["text"], cell["codes"]) == (u.text, ", ".join(u.codes))
        assert cell["to_turn"] == str(u.last_turn)
        assert cell["group"] == study.transcripts[u.transcript].group
    cli(demo.root, "unit", "list", "--format", "xlsx", "--out", str(tmp_path / "u.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "u.xlsx").active
    assert sheet.max_row == 94 and sheet["A1"].value == "id"
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    u = study.unit_index[first["id"]]
    assert (first["start"], first["end"], first["text"]) == (u.start, u.end, u.text)


def test_empty_sources_are_reported_not_silently_dropped(tmp_path: Path, cli):
    path = tmp_path / "tomme.qdpx"
    sources = (
        '<TextSource guid="{DDDDDDDD-0000-0000-0000-000000000011}" name="Tom 1" '
        'plainTextPath="internal://tom1.txt"/>'
        '<TextSource guid="{DDDDDDDD-0000-0000-0000-000000000012}" name="Tom 2" '
        'plainTextPath="internal://tom2.txt"/>'
    )
    qde = FOREIGN_QDE.replace(
        FOREIGN_QDE[FOREIGN_QDE.index("  <Sources>") : FOREIGN_QDE.index("</Project>")],
        f"  <Sources>{sources}</Sources>\n",
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", qde)
        z.writestr("sources/tom1.txt", b"")
        z.writestr("sources/tom2.txt", "\ufeff  \r\n".encode())
    ws = api.init_workspace(tmp_path / "w", "Tom")
    api.add_group(ws, "lege", "Leger")
    r = cli(ws.root, "import", str(path), "--group", "lege")
    assert r.exit_code == 0, r.output
    assert "0 transcripts" in r.stdout
    assert "note: 2 sources are empty; skipped (--verbose lists them)" in r.stderr
    r = cli(ws.root, "import", str(path), "--group", "lege", "--verbose")
    assert "Tom 1" in r.stderr and "Tom 2" in r.stderr
