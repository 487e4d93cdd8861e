import os
from pathlib import Path

import pytest

from stc.errors import FormatError, NotFound
from stc.store import Workspace, atomic_write, yamlio
from stc.store.formats import parse_transcript


def _all_files(root: Path) -> list[Path]:
    files = [root / "stc.yaml", root / "codebooks" / "codebook.yaml"]
    files += sorted((root / "transcripts").glob("*.md"))
    files += sorted((root / "analyses").rglob("*.yaml")) + sorted((root / "analyses").rglob("*.md"))
    return files


def test_every_demo_file_is_byte_stable_through_load_and_save(demo: Workspace):
    before = {p: p.read_bytes() for p in _all_files(demo.root)}
    study = demo.study()
    demo.save_project(study.project)
    demo.save_codebook(study.codebook)
    for t in study.transcripts.values():
        demo.save_transcript(t)
    for uf in study.unit_files:
        demo.save_unit_file(uf)
    for s1 in study.step1:
        demo.save_step1(s1)
    for c in study.condensations.values():
        demo.save_condensation(c)
    for s in study.syntheses.values():
        demo.save_synthesis(s)
    after = {p: p.read_bytes() for p in _all_files(demo.root)}
    assert after == before
    assert len(before) > 30


def test_every_file_carries_schema_version(demo: Workspace):
    for path in _all_files(demo.root):
        assert b"schema_version: 1\n" in path.read_bytes(), path


def test_dates_stay_text_and_unit_codes_are_flow_lists():
    data = yamlio.load("interviewed: 2023-10-12\ncodes: [a, b]\n", "x.yaml")
    assert data == {"interviewed": "2023-10-12", "codes": ["a", "b"]}
    assert yamlio.dump(data) == "interviewed: 2023-10-12\ncodes: [a, b]\n"


def test_multiline_text_is_written_as_a_literal_block():
    assert yamlio.dump({"text": "a\nb"}) == "text: |-\n  a\n  b\n"


def test_invalid_yaml_names_file_line_and_column(ws: Workspace):
    ws.codebook_path.write_text("themes: [\n  - x\ncodes: {\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"codebooks/codebook.yaml:\d+:\d+: invalid YAML"):
        ws.codebook()


def test_unknown_key_is_refused_with_file_and_key(ws: Workspace):
    text = ws.config_path.read_text(encoding="utf-8") + "colour: blue\n"
    ws.config_path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match=r"stc.yaml: unknown key 'colour'"):
        ws.project()


def test_missing_required_key_is_named(ws: Workspace):
    path = ws.units_path("vei-01", "ms")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "schema_version: 1\ntranscript: vei-01\ncoder: ms\nunits:\n- id: x\n  turn: 2\n",
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match=r"units\[0\]: missing required key 'text'"):
        ws.unit_file("vei-01", "ms")


def test_newer_schema_version_says_to_upgrade(ws: Workspace):
    text = ws.codebook_path.read_text(encoding="utf-8").replace(
        "schema_version: 1", "schema_version: 9"
    )
    ws.codebook_path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as exc:
        ws.codebook()
    assert "newer than this stc" in str(exc.value)
    assert "upgrade" in str(exc.value)


def test_transcript_turns_are_numbered_and_bad_paragraphs_named():
    t = parse_transcript("---\nid: a\ngroup: g\n---\n\nI: Hei\n\nR: Svar\n", "a.md")
    assert [(x.n, x.speaker, x.text) for x in t.turns] == [(1, "I", "Hei"), (2, "R", "Svar")]
    with pytest.raises(FormatError, match=r"a.md:8: expected a turn"):
        parse_transcript("---\nid: a\ngroup: g\n---\n\nI: Hei\n\nno label here\n", "a.md")


def test_unsafe_ids_are_refused(ws: Workspace):
    for bad in ("../x", "/etc/passwd", "con", "a" * 80, ".hidden"):
        with pytest.raises(FormatError):
            ws.transcript_path(bad)


def test_unknown_transcript_is_a_clear_error(ws: Workspace):
    with pytest.raises(NotFound, match="no transcript 'nope'"):
        ws.transcript("nope")


def test_atomic_write_replaces_and_leaves_no_temporary_files(tmp_path: Path):
    target = tmp_path / "f.yaml"
    atomic_write(target, "one\n")
    atomic_write(target, "two\n")
    assert target.read_text() == "two\n"
    assert os.listdir(tmp_path) == ["f.yaml"]


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "f.yaml"
    atomic_write(target, "old\n")

    def boom(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert os.listdir(tmp_path) == ["f.yaml"]


def test_workspace_is_found_from_a_subfolder(ws: Workspace):
    sub = ws.root / "transcripts"
    assert Workspace.find(sub).root == ws.root.resolve()


def test_c_and_pure_python_yaml_write_identical_bytes(demo: Workspace):
    for path in _all_files(demo.root):
        text = path.read_text(encoding="utf-8")
        if path.suffix != ".yaml":
            continue
        data = yamlio.load(text, path.name, yamlio.PyLoader)
        assert data == yamlio.load(text, path.name)
        assert yamlio.dump(data, yamlio.PyDumper) == yamlio.dump(data) == text
