"""Shared fixtures: small workspaces built in tmp_path, a copy of the demo, a CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from stc import api
from stc.cli.app import app
from stc.layout import GITIGNORE
from stc.store import Workspace

REPO = Path(__file__).resolve().parent.parent
DEMO_PARTS = ("stc.yaml", "transcripts", "codebooks", "analyses")

INTERVIEW = """\
I: Kan du fortelle om jobben din?

R: Jeg jobber som veileder. Læringskurven er bratt hvis man ikke har jobbet i NAV før.

I: Hvordan prioriterer du?

R: Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen.
"""


def git(cwd: Path, *args: str, check: bool = True) -> str:
    """Run git as a test author; a failure (when ``check``) fails the test with git's words."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if check and out.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {out.stdout}{out.stderr}")
    return out.stdout + out.stderr


def write_transcript(ws: Workspace, tid: str, group: str, body: str = INTERVIEW) -> None:
    path = ws.root / f"{tid}.txt"
    path.write_text(body, encoding="utf-8")
    api.import_transcripts(ws, [path], group=group, transcript_id=tid)
    path.unlink()


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Three groups (two quoted together as one label of 3 informants), six transcripts."""
    w = api.init_workspace(tmp_path / "study", "Testing", "nb", ["ms", "ak"])
    api.add_group(w, "veileder", "NAV-veileder")
    api.add_group(w, "fylke", "NAV Fylket", quote_as="NAV-ansatt, systemnivå")
    api.add_group(w, "dir", "Direktoratet", quote_as="NAV-ansatt, systemnivå")
    for i in (1, 2, 3):
        write_transcript(w, f"vei-0{i}", "veileder")
    write_transcript(w, "fyl-01", "fylke")
    write_transcript(w, "fyl-02", "fylke")
    write_transcript(w, "dir-01", "dir")
    return w


@pytest.fixture
def demo(tmp_path: Path) -> Workspace:
    """A private copy of the bundled demo workspace."""
    root = tmp_path / "demo"
    root.mkdir()
    for part in DEMO_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, root / part)
        else:
            shutil.copy2(src, root / part)
    shutil.copy2(REPO / ".gitattributes", root / ".gitattributes")
    (root / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return Workspace(root)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run stc in-process: cli(workspace_path, "status", "--json")."""
    runner = CliRunner()

    def run(root: Path | None, *args: str, input: str | None = None) -> Result:
        prefix = ["--workspace", str(root)] if root else []
        return runner.invoke(app, [*prefix, *args], input=input, catch_exceptions=False)

    return run
