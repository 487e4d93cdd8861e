"""Time everyday stc commands on the bundled demo study (median wall time of repeated runs).

Run with `make bench`. Prints a Markdown table; `--write` replaces the results section of
docs/performance.md. Each command runs as a fresh process, the way a researcher meets it.
"""

from __future__ import annotations

import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STC = Path(sys.executable).parent / "stc"
COMMANDS = [
    ["--help"],
    ["status"],
    ["check"],
    ["unit", "list", "--json"],
    ["report", "--format", "md"],
    ["report", "--format", "docx"],
]
RUNS = 7


def _workspace(tmp: Path) -> Path:
    root = tmp / "demo"
    root.mkdir()
    for part in ("stc.yaml", "transcripts", "codebooks", "analyses"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    return root


def _median(args: list[str], root: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([str(STC), "--workspace", str(root), *args], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, cwd=REPO, capture_output=True, text=True, check=False)
    with tempfile.TemporaryDirectory() as tmp:
        root = _workspace(Path(tmp))
        rows = [(" ".join(args), _median(args, root)) for args in COMMANDS]
    lines = [
        f"Demo study (12 transcripts, 93 units); commit {commit.stdout.strip()}; Python "
        f"{platform.python_version()} on {platform.machine()}, {RUNS} runs each, median.",
        "",
        "| command | median (s) |",
        "|---|---:|",
        *(f"| `stc {name}` | {seconds:.3f} |" for name, seconds in rows),
    ]
    text = "\n".join(lines)
    print(text)
    if "--write" in sys.argv:
        doc = REPO / "docs" / "performance.md"
        head = doc.read_text(encoding="utf-8").split("<!-- results -->")[0]
        doc.write_text(f"{head}<!-- results -->\n{text}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
