"""Time everyday stc commands as fresh processes (median wall time, peak memory).

    python bench/run.py [--write] [--sizes 54,162,540] [--runs 5]

Workspaces: the bundled demo study, and synthetic corpora from bench/corpus.py with 54 × n
transcripts of ~9,000 words and ~150 units each, half of which span a question and its
answer. `--write` replaces the results section of docs/performance.md with the machine,
commit and tables.
"""

from __future__ import annotations

import argparse
import os
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
    ["matrix"],
    ["unit", "list", "--json"],
    ["report", "--format", "md"],
    ["report", "--format", "html"],
    ["report", "--format", "docx"],
    ["search", "veileder"],
    ["export", "qdpx", "{tmp}/out.qdpx"],
]


def _demo(tmp: Path) -> Path:
    root = tmp / "demo"
    root.mkdir()
    for part in ("stc.yaml", "transcripts", "codebooks", "analyses"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    return root


def _measure(args: list[str], root: Path, runs: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (user + system) and peak resident memory (MB)
    of `stc ARGS` in ``root``. CPU time is what to compare on a machine shared with other
    work, where wall time also counts the waiting."""
    times, cpu, peak = [], [], 0
    args = [a.replace("{tmp}", str(root.parent)) for a in args]
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(STC), "--workspace", str(root), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        cpu.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"stc {' '.join(args)} failed in {root}")
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), statistics.median(cpu), peak / 1024


def _cold(root: Path) -> list[str]:
    """The first command after a fresh clone: no parse cache, no identifier-scan cache."""
    lines = []
    for args in (["status"], ["report", "--format", "docx"]):
        shutil.rmtree(root / ".stc", ignore_errors=True)
        seconds, cpu, mb = _measure(args, root, 1)
        lines.append(
            f"| `stc {' '.join(args)}` (cold: first run in a fresh clone) | {seconds:.3f} "
            f"| {cpu:.3f} | {mb:.0f} |"
        )
        print(lines[-1], flush=True)
    return lines


def _import(root: Path, runs: int) -> str:
    qdpx = root.parent / "out.qdpx"
    times, cpu, peak = [], [], 0
    for i in range(runs):
        target = root.parent / f"import-{i}"
        subprocess.run(
            [str(STC), "init", str(target), "--title", "x"], check=True, capture_output=True
        )
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(STC), "--workspace", str(target), "import", str(qdpx), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, _, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        cpu.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss)
        shutil.rmtree(target)
    line = (
        f"| `stc import out.qdpx` (into an empty workspace) | {statistics.median(times):.3f} "
        f"| {statistics.median(cpu):.3f} | {peak / 1024:.0f} |"
    )
    print(line, flush=True)
    return line


def _table(title: str, root: Path, runs: int) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| command | median (s) | CPU (s) | peak memory (MB) |",
        "|---|---:|---:|---:|",
    ]
    lines += _cold(root)
    for args in COMMANDS:
        seconds, cpu, mb = _measure(args, root, runs)
        shown = " ".join(a.replace("{tmp}/", "") for a in args)
        lines.append(f"| `stc {shown}` | {seconds:.3f} | {cpu:.3f} | {mb:.0f} |")
        print(lines[-1], flush=True)
    lines.append(_import(root, runs))
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--sizes", default="54,162,540")
    parser.add_argument("--runs", type=int, default=5)
    a = parser.parse_args()
    git = ["git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(
        git, cwd=REPO, capture_output=True, text=True, check=False
    ).stdout.strip()
    lines = [
        f"Commit {commit}; Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; median of "
        f"{a.runs} runs, each a fresh process; CPU = user + system time of the process.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        lines += _table("Demo study (12 transcripts, 93 units)", _demo(Path(tmp)), a.runs)
        for n in (int(x) for x in a.sizes.split(",") if x):
            root = Path(tmp) / f"corpus-{n}"
            start = time.perf_counter()
            # a separate process: a child forked from a large parent would report its memory
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "bench" / "corpus.py"),
                    str(root),
                    "--transcripts",
                    str(n),
                    "--codings",
                    str(round(n * 8016 / 54)),
                    "--spanning",
                    "0.5",  # half the units over a question and its answer, as real codings
                ],
                check=True,
            )
            print(f"generated {n} transcripts in {time.perf_counter() - start:.1f} s", flush=True)
            title = (
                f"Synthetic corpus: {n} transcripts × ~9,000 words, {round(n * 8016 / 54)} units "
                "(half of them across two turns)"
            )
            lines += _table(title, root, a.runs)
    text = "\n".join(lines)
    if a.write:
        doc = REPO / "docs" / "performance.md"
        head = doc.read_text(encoding="utf-8").split("<!-- results -->")[0]
        doc.write_text(f"{head}<!-- results -->\n{text}", encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
