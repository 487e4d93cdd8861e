"""REFI-QDA export: what other tools' importers rely on, and stc → .qdpx → stc without loss."""

import colorsys
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from stc import api
from stc.model import MeaningUnit, UnitFile
from stc.store import Workspace
from tests.conftest import write_transcript

REFI = Path(__file__).resolve().parent / "refi"
NS = {"q": "urn:QDA-XML:project:1.0"}
Q = "{urn:QDA-XML:project:1.0}"
STAMP = "2024-03-01T09:30:00Z"
EPOCH = "1709285400"  # = STAMP
WORKSPACE_FILES = (
    "stc.yaml",
    "codebooks",
    "transcripts",
    *(f"analyses/step{n}" for n in range(1, 5)),
)


def _open(path: Path):
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(files["project.qde"])
    schema = etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))
    assert schema.validate(root), schema.error_log
    return root, files


def _hue(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0]


def _codings(root) -> list[tuple[str, str, str, str, str]]:
    out = []
    for src in root.iterfind(".//q:TextSource", NS):
        for sel in src.iterfind("q:PlainTextSelection", NS):
            for c in sel.iterfind("q:Coding", NS):
                code = c.find("q:CodeRef", NS).get("targetGUID")
                span = (sel.get("startPosition"), sel.get("endPosition"))
                out.append((src.get("guid"), *span, code, c.get("creatingUser")))
    return out


def test_demo_export_carries_dates_users_colours_variables_and_notes(
    demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    path = api.export_qdpx(demo, tmp_path / "demo.qdpx").path
    root, files = _open(path)
    users = {u.get("guid"): u for u in root.iterfind(".//q:User", NS)}
    assert {u.get("name") for u in users.values()} >= {"Ingrid Bakke", "Tor Lunde"}

    # every source, selection, coding and note: who made it and when
    dated = ["TextSource", "PlainTextSelection", "Coding", "Note"]
    for kind in dated:
        elements = root.findall(f".//q:{kind}", NS)
        assert elements, kind
        for el in elements:
            assert el.get("creatingUser") in users, (kind, el.get("guid"))
            assert el.get("creationDateTime"), (kind, el.get("guid"))
            if kind != "Coding":  # the schema gives a Coding no modifiedDateTime
                assert el.get("modifiedDateTime") == STAMP
    vei03 = root.find(".//q:TextSource[@name='vei-03']", NS)
    assert vei03.get("creationDateTime") == "2025-09-10T00:00:00Z"  # the interview date
    assert users[vei03.get("creatingUser")].get("id") == "ib"  # the interviewer
    unit = next(u for u in demo.study().units if u.transcript == "vei-03")
    sel = vei03.find(f"q:PlainTextSelection[@name='{unit.id}']", NS)
    assert users[sel.get("creatingUser")].get("id") == unit.coder
    assert sel.get("creationDateTime") == STAMP

    # a colour on every code: a hue per code group, its codes shades of that hue
    groups = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    hues = [round(_hue(g.get("color")), 2) for g in groups]
    assert len(set(hues)) == len(groups) == 5
    for g, hue in zip(groups, hues, strict=True):
        shades = [c.get("color") for c in g.iterfind("q:Code", NS)]
        assert len(set(shades)) == len(shades) >= 3
        assert {round(_hue(s), 2) for s in shades} == {hue}

    # the informant group on each document, beside the case that links to it
    variables = {v.get("guid"): v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    study = demo.study()
    for src in root.iterfind(".//q:TextSource", NS):
        values = {
            variables[vv.find("q:VariableRef", NS).get("targetGUID")]: vv[1].text
            for vv in src.iterfind("q:VariableValue", NS)
        }
        t = study.transcripts[src.get("name")]
        assert values["Informantgruppe"] == study.groups[t.group].label
        assert values["stc-group"] == t.group
        case = next(
            c
            for c in root.iterfind(".//q:Case", NS)
            if c.find("q:SourceRef", NS).get("targetGUID") == src.get("guid")
        )
        assert case is not None and case.get("name") == t.id
        names = {variables[r.get("targetGUID")] for r in case.iterfind(".//q:VariableRef", NS)}
        assert "Case: Informantgruppe" in names
    assert len(set(variables.values())) == len(variables)  # names unique: tools key by name

    # notes: text inline and as a file in the archive, every reference resolves
    notes = {n.get("guid"): n for n in root.iterfind(".//q:Note", NS)}
    assert len({n.get("name") for n in notes.values()}) == len(notes)
    for n in notes.values():
        inline = n.find("q:PlainTextContent", NS).text
        member = "sources/" + n.get("plainTextPath").removeprefix("internal://")
        assert files[member].decode("utf-8") == inline and inline.strip()
    refs = [r.get("targetGUID") for r in root.iter(f"{Q}NoteRef", f"{Q}MemberNote")]
    assert set(refs) == set(notes)  # every reference resolves, every note is referenced
    kinds = Counter(n.get("name").split(":")[0].split(" (")[0] for n in notes.values())
    assert kinds["Kondensat"] == sum(
        1 for c in study.condensations.values() for s in c.subgroups if s.condensate
    )
    assert kinds["Analytisk tekst"] == len(study.syntheses)
    assert kinds["Helhetsinntrykk"] == sum(len(s.impressions) for s in study.step1)
    for src in root.iterfind(".//q:TextSource", NS):  # impressions hang on their document
        for ref in src.iterfind("q:NoteRef", NS):
            assert notes[ref.get("targetGUID")].get("name").startswith("Helhetsinntrykk")
    subgroup_sets = [s for s in root.iterfind(".//q:Set", NS) if " / " in s.get("name")]
    assert subgroup_sets and all(s.find("q:MemberSource", NS) is not None for s in subgroup_sets)
    assert all(
        notes[m.get("targetGUID")].get("name").startswith("Kondensat")
        for s in subgroup_sets
        for m in s.iterfind("q:MemberNote", NS)
    )

    codings = _codings(root)
    assert len(codings) == len(set(codings)) == 108
    again = api.export_qdpx(demo, tmp_path / "again.qdpx").path
    assert again.read_bytes() == path.read_bytes()  # same workspace, same bytes


def test_export_is_dated_by_the_last_commit_not_the_clock(ws: Workspace, tmp_path: Path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "2024-03-01T09:30:00+00:00",
        "GIT_AUTHOR_DATE": "2024-03-01T09:30:00+00:00",
        "PATH": __import__("os").environ["PATH"],
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "study"]):
        subprocess.run(["git", "-C", str(ws.root), *args], env=env, check=True)
    root, _ = _open(api.export_qdpx(ws, tmp_path / "a.qdpx").path)
    assert root.get("creationDateTime") == STAMP
    assert {s.get("modifiedDateTime") for s in root.iterfind(".//q:TextSource", NS)} == {STAMP}


def test_without_git_the_newest_workspace_file_dates_the_export(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import os

    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))  # as on a machine without git
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for i, f in enumerate(sorted(p for p in ws.root.rglob("*") if p.is_file())):
        os.utime(f, (1_600_000_000 + i, 1_600_000_000 + i))
    os.utime(ws.config_path, (1_709_285_400, 1_709_285_400))
    root, _ = _open(api.export_qdpx(ws, tmp_path / "a.qdpx").path)
    assert root.get("modifiedDateTime") == STAMP


def test_a_span_coded_twice_by_one_coder_is_written_once_and_reported(
    ws: Workspace, tmp_path: Path, cli
):
    first = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker").unit
    twin = MeaningUnit(
        first.id + "2f",
        *[getattr(first, f) for f in ("transcript", "coder")],
        first.turn,
        first.start,
        first.end,
        first.text,
        ("saker", "tid"),
    )
    uf = ws.unit_file("vei-01", "ms")
    ws.save_unit_file(UnitFile("vei-01", "ms", (*uf.units, twin)))
    r = cli(ws.root, "export", "qdpx", "-o", str(tmp_path / "p.qdpx"))
    assert r.exit_code == 0, r.output
    assert "1 meaning unit shared a span" in r.stderr and twin.id in r.stderr
    root, _ = _open(tmp_path / "p.qdpx")
    sels = root.findall(".//q:PlainTextSelection", NS)
    assert [s.get("name") for s in sels] == [first.id]
    assert len(sels[0].findall("q:Coding", NS)) == 2  # saker once, tid once
    codings = _codings(root)
    assert len(codings) == len(set(codings))


def test_colours_can_be_set_in_the_codebook_and_are_checked(ws: Workspace, tmp_path: Path, cli):
    from lxml import etree

    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="for mange saker")
    api.add_code_group(ws, "ressurser", "Ressurser")
    api.move_code(ws, "saker", "ressurser")
    text = ws.codebook_path.read_text(encoding="utf-8")
    text = text.replace("label: Ressurser", "label: Ressurser\n  color: '#1f77b4'")
    text = text.replace("- id: saker", "- id: saker\n  color: '#FF7F0E'")
    ws.codebook_path.write_text(text, encoding="utf-8")
    r = cli(ws.root, "export", "qdc", "-o", str(tmp_path / "c.qdc"))
    assert r.exit_code == 0, r.output
    qdc = etree.parse(str(tmp_path / "c.qdc"))
    assert etree.XMLSchema(etree.parse(str(REFI / "Codebook.xsd"))).validate(qdc)
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    assert qdc.find(".//c:Code[@name='Ressurser']", ns).get("color") == "#1F77B4"
    assert qdc.find(".//c:Code[@name='saker']", ns).get("color") == "#FF7F0E"
    ws.codebook_path.write_text(text.replace("'#FF7F0E'", "orange"), encoding="utf-8")
    r = cli(ws.root, "export", "qdc", "-o", str(tmp_path / "d.qdc"))
    assert r.exit_code == 1
    assert "codebook.yaml" in r.stderr and "color" in r.stderr and "#RRGGBB" in r.stderr


def _same_files(a: Path, b: Path) -> None:
    for part in WORKSPACE_FILES:
        left = a / part
        files = sorted(left.rglob("*")) if left.is_dir() else [left]
        for f in files:
            if f.is_file():
                rel = f.relative_to(a)
                assert (b / rel).read_bytes() == f.read_bytes(), rel


def test_demo_round_trips_through_qdpx_without_loss(
    demo: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = api.export_qdpx(demo, tmp_path / "a.qdpx").path
    fresh = api.init_workspace(tmp_path / "fresh", demo.project().title)
    r = api.import_refi(fresh, first)
    assert (r.transcripts, r.units) == (12, 93) and not r.notices
    second = api.export_qdpx(Workspace(fresh.root), tmp_path / "b.qdpx").path
    assert second.read_bytes() == first.read_bytes()
    _same_files(demo.root, fresh.root)  # transcripts, codebook, steps 1–4, stc.yaml


def test_generated_corpus_with_multi_code_units_round_trips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from bench.corpus import generate
    from stc.interop.refi import fold_duplicates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    ws = generate(tmp_path / "corpus", transcripts=4, words=1200, codings=240, multi_code=0.3)
    first = api.export_qdpx(ws, tmp_path / "a.qdpx")
    root, _ = _open(first.path)
    per_selection = Counter(
        len(s.findall("q:Coding", NS)) for s in root.iter(f"{Q}PlainTextSelection")
    )
    assert per_selection[2] > 20 and per_selection[1] > 100
    fresh = api.init_workspace(tmp_path / "fresh", ws.project().title)
    api.import_refi(fresh, first.path)
    second = api.export_qdpx(Workspace(fresh.root), tmp_path / "b.qdpx")
    assert second.path.read_bytes() == first.path.read_bytes()

    def key(u: MeaningUnit):
        return (u.id, u.transcript, u.coder, u.turn, u.start, u.end, u.text, u.codes)

    expected, _ = fold_duplicates(ws.study().units)
    assert sorted(map(key, Workspace(fresh.root).study().units)) == sorted(map(key, expected))
    assert any(len(u.codes) == 2 for u in Workspace(fresh.root).study().units)


QDE = """\
<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Fra QualCoder" origin="QualCoder 3.6">
  <Users>
    <User guid="AAAAAAAA-0000-0000-0000-000000000001" name="Tor Lunde"/>
    <User guid="AAAAAAAA-0000-0000-0000-000000000002" name="kari"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="BBBBBBBB-0000-0000-0000-000000000001" name="Samarbeid" isCodable="false">
      <Code guid="BBBBBBBB-0000-0000-0000-000000000002" name="fastlegen" isCodable="true" color="#F781F3"/>
      <Code guid="BBBBBBBB-0000-0000-0000-000000000003" name="arbeidsgiver" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="CCCCCCCC-0000-0000-0000-000000000001" name="Yrke" typeOfVariable="Text"/>
  </Variables>
  <Sources>
    <TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="lege-1" plainTextPath="internal://lege-1.txt">
      {selections}
      <VariableValue><VariableRef targetGUID="CCCCCCCC-0000-0000-0000-000000000001"/><TextValue>Fastlege</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>
"""
TEXT = "Intervjuer: Hvordan er samarbeidet?\n\nLege: Vi snakker sjelden med NAV, og arbeidsgiveren ringer aldri.\n"


def _qualcoder_like(tmp_path: Path) -> Path:
    """One selection per code (as QualCoder writes them), one coding twice, users by name
    only, no cases."""
    start = TEXT.index("Vi snakker")
    end = TEXT.index("aldri.") + len("aldri.")
    sels = "".join(
        f'<PlainTextSelection guid="EEEEEEEE-0000-0000-0000-00000000000{i}" startPosition="{start}" '
        f'endPosition="{end}" creatingUser="{user}"><Coding guid="FFFFFFFF-0000-0000-0000-00000000000{i}" '
        f'creatingUser="{user}"><CodeRef targetGUID="BBBBBBBB-0000-0000-0000-00000000000{code}"/>'
        "</Coding></PlainTextSelection>"
        for i, (code, user) in enumerate(
            [
                (2, "AAAAAAAA-0000-0000-0000-000000000001"),
                (3, "AAAAAAAA-0000-0000-0000-000000000001"),
                (3, "AAAAAAAA-0000-0000-0000-000000000002"),
                (2, "AAAAAAAA-0000-0000-0000-000000000001"),  # the same coding twice
            ],
            start=1,
        )
    )
    path = tmp_path / "qualcoder.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", QDE.replace("{selections}", sels))
        z.writestr("sources/lege-1.txt", TEXT.encode("utf-8"))
    return path


def test_a_project_without_case_links_says_how_to_give_groups(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Import")
    path = _qualcoder_like(tmp_path)
    r = cli(ws.root, "import", str(path))
    assert r.exit_code == 1
    assert "--group-variable NAME" in r.stderr and "Yrke" in r.stderr
    assert "--group ID" in r.stderr
    assert not list((ws.root / "transcripts").glob("*.md"))  # nothing half-imported
    r = cli(ws.root, "import", str(path), "--group-variable", "Yrke")
    assert r.exit_code == 0, r.output
    study = Workspace(ws.root).study()
    assert study.transcripts["lege-1"].group == "fastlege"
    assert [(g.id, g.label) for g in study.project.groups] == [("fastlege", "Fastlege")]


def test_import_keeps_short_coder_ids_and_a_multi_code_selection_as_one_unit(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Import")
    api.add_group(ws, "lege", "Fastlege")
    r = cli(ws.root, "import", str(_qualcoder_like(tmp_path)), "--group", "lege")
    assert r.exit_code == 0, r.output
    study = Workspace(ws.root).study()
    by_coder = {u.coder: u for u in study.units}
    assert "1 identical coding (same span, code and coder) kept once" in r.stderr
    assert sorted(by_coder) == ["kari", "tl"]  # never 'tor-lunde'
    assert by_coder["tl"].codes == ("fastlegen", "arbeidsgiver")  # one unit, both codes
    assert by_coder["tl"].text == "Vi snakker sjelden med NAV, og arbeidsgiveren ringer aldri."
    assert {(p.id, p.name) for p in study.project.researchers} == {
        ("tl", "Tor Lunde"),
        ("kari", ""),
    }
    assert study.codebook.code("fastlegen").color == "#F781F3"  # type: ignore[union-attr]


def test_a_researcher_of_that_name_gives_the_id(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "w", "Import", "nb", ["tlu"])
    text = ws.config_path.read_text(encoding="utf-8").replace(
        "- id: tlu", "- id: tlu\n  name: Tor Lunde"
    )
    ws.config_path.write_text(text, encoding="utf-8")
    api.add_group(ws, "lege", "Fastlege")
    r = cli(ws.root, "import", str(_qualcoder_like(tmp_path)), "--group", "lege")
    assert r.exit_code == 0, r.output
    assert {u.coder for u in Workspace(ws.root).study().units} == {"tlu", "kari"}


def test_round_trip_keeps_units_with_trailing_space_and_emoji(ws: Workspace, tmp_path: Path):
    body = "I: Hvordan går det?\n\nR: Jeg 😀 liker jobben, og æøå går bra. Det er travelt.\n"
    write_transcript(ws, "vei-09", "veileder", body)
    text = "😀 liker jobben, og "  # a span that ends on a space, as hand-set offsets can
    unit = MeaningUnit(
        "vei-09.ms.a1b2c3", "vei-09", "ms", 2, 4, 4 + len(text), text, ("glede", "jobb")
    )
    ws.save_unit_file(UnitFile("vei-09", "ms", (unit,)))
    first = api.export_qdpx(ws, tmp_path / "a.qdpx").path
    fresh = api.init_workspace(tmp_path / "fresh", "Kopi")
    api.import_refi(fresh, first)
    assert Workspace(fresh.root).unit_file("vei-09", "ms").units == (unit,)


def test_a_tampered_manifest_is_refused_with_a_clear_error(demo: Workspace, tmp_path: Path, cli):
    import json

    path = api.export_qdpx(demo, tmp_path / "a.qdpx").path
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(files["stc/manifest.json"])
    code = next(iter(manifest["codes"]))
    manifest["codes"][code]["id"] = "../../utenfor"
    for name, data in (("evil", json.dumps(manifest).encode()), ("broken", b"{not json")):
        bad = tmp_path / f"{name}.qdpx"
        with zipfile.ZipFile(bad, "w") as z:
            for n, content in files.items():
                z.writestr(n, data if n == "stc/manifest.json" else content)
        fresh = api.init_workspace(tmp_path / name, "T")
        r = cli(fresh.root, "import", str(bad))
        assert r.exit_code == 1 and "stc/manifest.json" in r.stderr, r.output
        assert not list((fresh.root / "transcripts").glob("*.md"))
    assert not (tmp_path / "utenfor").exists()


def test_a_new_workspace_exports_a_valid_project(tmp_path: Path, cli):
    ws = api.init_workspace(tmp_path / "ny", "Ny studie", "en")
    r = cli(ws.root, "export", "qdpx", "-o", str(tmp_path / "empty.qdpx"))
    assert r.exit_code == 0, r.output
    root, _ = _open(tmp_path / "empty.qdpx")  # validates: no empty lists
    assert root.find("q:Sources", NS) is None and root.find("q:CodeBook", NS) is None
    api.add_group(ws, "lege", "GP")
    write_transcript(ws, "gp-01", "lege")
    root, _ = _open(api.export_qdpx(ws, tmp_path / "one.qdpx").path)
    names = {v.get("name") for v in root.iterfind(".//q:Variable", NS)}
    assert "Informantgruppe" in names and "stc-quote-as" not in names  # only what has values
