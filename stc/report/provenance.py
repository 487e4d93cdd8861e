"""Provenance of a rendered report: stc version, the workspace's git commit, the date."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from stc import __version__


def git_commit(root: Path) -> str:
    """The short commit of the workspace's git repository, or '' outside git."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def provenance(root: Path) -> dict[str, str]:
    return {"stc": __version__, "commit": git_commit(root), "date": dt.date.today().isoformat()}
