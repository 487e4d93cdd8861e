"""Bad input, interrupted writes, concurrent processes, schema versions, no network."""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from stc.store import Workspace

STC = [sys.executable, "-m", "stc"]
SRC = Path(__file__).resolve().parent.parent / "stc"


def _err(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.stderr


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty.txt: no text found"),
        ("junk.docx", b"PK\x03\x04\x14\x00truncated", "junk.docx: not a readable Word document"),
        ("notes.pdf", b"%PDF-1.7", "unsupported format '.pdf'"),
        (
            "odd.txt",
            b"I: hei\n\nR: \x81\x8d\x8f\x90\x9d",
            "tried UTF-8, UTF-16 with BOM and Windows-1252",
        ),
        ("bin.txt", b"\x00\x01\x02\x03 binary", "looks like a binary file"),
        ("bad.vtt", b"WEBVTT\n\nno cues here", "no cues with text found"),
    ],
)
def test_bad_import_files(
    ws: Workspace, cli, tmp_path: Path, name: str, data: bytes, expected: str
):
    path = tmp_path / name
    path.write_bytes(data)
    assert expected in _err(cli(ws.root, "import", str(path), "--group", "veileder"))


def test_utf16_text_with_bom_imports(ws: Workspace, cli, tmp_path: Path):
    path = tmp_path / "u16.txt"
    path.write_bytes("I: Hei\n\nR: Hei på deg\n".encode("utf-16"))
    assert cli(ws.root, "import", str(path), "--group", "veileder").exit_code == 0


@pytest.mark.parametrize("bad", ["../x", "/etc/x", "con", "a" * 80, "x y", ".skjult"])
def test_ids_that_are_not_safe_file_names(ws: Workspace, cli, tmp_path: Path, bad: str):
    path = tmp_path / "a.txt"
    path.write_text("I: Hei\n\nR: Hallo\n", encoding="utf-8")
    assert "is not usable as an id" in _err(
        cli(ws.root, "import", str(path), "--group", "veileder", "--id", bad)
    )


def test_two_files_that_would_share_an_id(ws: Workspace, cli, tmp_path: Path):
    (tmp_path / "a").mkdir()
    for folder in (tmp_path, tmp_path / "a"):
        (folder / "same.txt").write_text("I: Hei\n\nR: Hallo\n", encoding="utf-8")
    err = _err(
        cli(
            ws.root,
            "import",
            str(tmp_path / "same.txt"),
            str(tmp_path / "a" / "same.txt"),
            "--group",
            "veileder",
        )
    )
    assert "would both become transcript 'same'" in err
    assert not (ws.root / "transcripts" / "same.md").exists()


def test_broken_workspace_files_are_named_with_their_place(ws: Workspace, cli):
    cb = ws.codebook_path
    cb.write_text("schema_version: 1\ncodes:\n- id: a\n  label: [unclosed\n", encoding="utf-8")
    assert re.search(
        r"codebooks/codebook.yaml:\d+:\d+: invalid YAML", _err(cli(ws.root, "codebook", "show"))
    )
    cb.write_text("schema_version: 1\nkodes: []\n", encoding="utf-8")
    assert "codebooks/codebook.yaml: unknown key 'kodes'" in _err(cli(ws.root, "codebook", "show"))
    cb.write_text("schema_version: 7\n", encoding="utf-8")
    assert "newer than this stc understands" in _err(cli(ws.root, "codebook", "show"))
    cb.write_bytes("schema_version: 1\n".encode("utf-16"))
    assert "codebooks/codebook.yaml: not valid UTF-8" in _err(cli(ws.root, "codebook", "show"))
    cb.write_text("", encoding="utf-8")
    assert "the file is empty" in _err(cli(ws.root, "codebook", "show"))


def test_missing_required_field_in_a_unit_file(ws: Workspace, cli):
    path = ws.units_path("vei-01", "ms")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "schema_version: 1\ntranscript: vei-01\ncoder: ms\nunits:\n- id: x\n", encoding="utf-8"
    )
    assert "units[0]: missing required key 'text'" in _err(cli(ws.root, "check"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["import", "x.txt", "--group", "nope"], "informant group 'nope'"),
        (["subgroup", "add", "nope", "s", "--label", "S"], "no code group 'nope'"),
        (["codebook", "add", "c", "--code-group", "nope"], "no code group 'nope'"),
        (["golden", "nope", "s", "vei-01.ms.000000"], "no subgroup 's'"),
        (["show", "nope"], "no transcript 'nope'"),
        (["codebook", "merge", "nope", "other"], "no code 'nope'"),
        (["report", "--theme", "nope"], "no theme 'nope'"),
        (["check", "--context", "nope"], "neither a meaning unit nor a code group"),
    ],
)
def test_unknown_names_in_commands(
    ws: Workspace, cli, args: list[str], expected: str, tmp_path: Path
):
    (ws.root / "x.txt").write_text("I: Hei\n\nR: Hallo\n", encoding="utf-8")
    os.chdir(ws.root)
    assert expected in _err(cli(ws.root, *args))


def test_twelve_parallel_writers_lose_nothing(ws: Workspace):
    procs = [
        subprocess.Popen(
            [
                *STC,
                "--workspace",
                str(ws.root),
                "unit",
                "add",
                "vei-01",
                "--researcher",
                "ms",
                "--turn",
                "2",
                "--start",
                str(i * 5),
                "--end",
                str(i * 5 + 4),
                "--code",
                f"k{i}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for i in range(12)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 12, outputs
    units = Workspace(ws.root).unit_file("vei-01", "ms").units
    assert len(units) == 12
    assert {u.codes[0] for u in units} == {f"k{i}" for i in range(12)}
    assert {c.id for c in Workspace(ws.root).codebook().codes} >= {f"k{i}" for i in range(12)}


def test_a_held_lock_times_out_with_a_clear_message(ws: Workspace):
    with ws.lock():
        out = subprocess.run(
            [*STC, "--workspace", str(ws.root), "theme", "add", "X"],
            capture_output=True,
            text=True,
            env={**os.environ, "STC_LOCK_TIMEOUT": "0.3"},
            timeout=60,
            check=False,
        )
    assert out.returncode == 1
    assert "locked by another stc process (pid" in out.stderr and "Traceback" not in out.stderr
    assert (
        subprocess.run(
            [*STC, "--workspace", str(ws.root), "theme", "add", "X"],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )


SIGTERM_SCRIPT = """
import sys
from pathlib import Path
from stc.cli import install_signal_handlers
from stc.store import atomic_write
install_signal_handlers()
target = Path(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    atomic_write(target, ("AB"[i % 2]) * 4_000_000)
    i += 1
"""


def test_sigterm_leaves_the_old_or_the_new_file_and_no_temporary_files(tmp_path: Path):
    target = tmp_path / "data.yaml"
    target.write_text("A" * 4_000_000)
    for delay in (0.05, 0.2, 0.35):
        p = subprocess.Popen(
            [sys.executable, "-c", SIGTERM_SCRIPT, str(target)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert p.stdout is not None and p.stdout.readline() == b"ready\n"
        time.sleep(delay)
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=60)
        text = target.read_text()
        assert text in ("A" * 4_000_000, "B" * 4_000_000)
        assert sorted(x.name for x in tmp_path.iterdir()) == ["data.yaml"]


def test_check_removes_temporary_files_left_by_a_killed_process(ws: Workspace, cli):
    leftover = ws.root / "analyses" / ".ms.yaml.abc123.tmp"
    leftover.write_text("half")
    r = cli(ws.root, "check")
    assert "removed 1 temporary file left by an interrupted write" in r.stdout
    assert not leftover.exists()


def test_older_schema_versions_are_upgraded_with_a_message(ws: Workspace, monkeypatch, cli):
    from stc.store import schema as store

    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(
        store.MIGRATIONS,
        1,
        lambda d: {**{k: v for k, v in d.items() if k != "koder"}, "codes": d.get("koder", [])},
    )
    ws.codebook_path.write_text(
        "schema_version: 1\nthemes: []\ncode_groups: []\nkoder:\n- id: a\n", encoding="utf-8"
    )
    r = cli(ws.root, "codebook", "add", "b")
    assert r.exit_code == 0
    assert "upgraded from schema_version 1 to 2" in r.stderr
    text = ws.codebook_path.read_text()
    assert text.startswith("schema_version: 2\n") and "- id: a" in text and "- id: b" in text


def test_the_whole_demo_runs_without_network(demo: Workspace, cli, monkeypatch, tmp_path: Path):
    import socket

    def refuse(*_a, **_k):
        raise AssertionError("stc tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for args in (
        ["check"],
        ["anon", "scan"],
        ["report", "-f", "md"],
        ["report", "-f", "docx"],
        ["report", "-f", "html"],
        ["quotes", "-f", "xlsx"],
        ["matrix"],
        ["agree", "--researchers", "ib,tl"],
        ["export", "qdpx", str(tmp_path / "x.qdpx")],
        ["search", "fastlegen"],
    ):
        r = cli(demo.root, *args)
        assert r.exit_code == 0, (args, r.output)


def test_security_rules_hold_in_the_source():
    code = {p: p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}
    assert not [p for p, t in code.items() if "shell=True" in t]
    assert not [
        p
        for p, t in code.items()
        if re.search(r"\byaml\.(unsafe_load|full_load)\b|Loader=yaml\.Loader", t)
    ]
    loads = r"\byaml\.(safe_)?load\(|\.get_single_node\("  # yamlio composes, then constructs
    assert [p.name for p, t in code.items() if re.search(loads, t)] == ["yamlio.py"]
    assert not [p for p, t in code.items() if re.search(r"\b(eval|exec)\(", t)]
