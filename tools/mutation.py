"""Mutation testing of the core modules with mutmut: one run per module, a results table.

Each module listed under ``[tool.stc.mutation.modules]`` in pyproject.toml is mutated on its
own, against its own test files, in a scratch copy of the repository (.mutation/<module>/):
mutmut reads its settings from the pyproject.toml of the folder it runs in, so each copy gets
the shared ``[tool.mutmut]`` settings plus that module's ``only_mutate`` and test selection.

    python tools/mutation.py                      # every configured module
    python tools/mutation.py stc/text.py          # one module
    python tools/mutation.py --full-suite         # every mutant against the whole test suite
    python tools/mutation.py --max-children 2
    python tools/mutation.py --rev c3abcfb        # the code and tests of an earlier commit
    python tools/mutation.py --collect            # the last run's results again, no new run

Score = caught / (mutants - message-only survivors); caught = killed or timed out. A surviving
mutant is "message-only" when all it changes is the wording of a human-readable string (a
literal holding words, not a raw string: a notice or an error message), which no test
should pin word for word. Those are listed, so a reader can check the judgement. The
exit status is 1 when a module scores below ``threshold`` (0 with --report-only).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tokenize
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
SKIP = {".git", ".venv", ".mutation", "mutants", ".stc", "private", "build", "dist"}
CAUGHT = {"killed", "timeout"}


@dataclass
class Result:
    module: str
    statuses: dict[str, str] = field(default_factory=dict)
    message_only: list[str] = field(default_factory=list)
    survivors: list[str] = field(default_factory=list)

    @property
    def mutants(self) -> int:
        return len(self.statuses)

    @property
    def caught(self) -> int:
        return sum(s in CAUGHT for s in self.statuses.values())

    @property
    def score(self) -> float:
        counted = self.mutants - len(self.message_only)
        return self.caught / counted if counted else 1.0


def _settings() -> tuple[dict[str, object], dict[str, object]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool = data.get("tool", {})
    return tool.get("mutmut", {}), tool.get("stc", {}).get("mutation", {})


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)  # strings and lists of strings: valid TOML


def _pyproject(module: str, tests: list[str], shared: dict[str, object]) -> str:
    """The repository's pyproject.toml with a [tool.mutmut] section for one module."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[tool\.(?:mutmut|stc\.mutation)[^\]]*\]\n.*?(?=^\[|\Z)", "", text)
    section = {**shared, "only_mutate": [module], "pytest_add_cli_args_test_selection": tests}
    lines = [f"{k} = {_toml_value(v)}" for k, v in section.items() if not isinstance(v, dict)]
    return text.rstrip() + "\n\n[tool.mutmut]\n" + "\n".join(lines) + "\n"


def _copy(dest: Path, rev: str | None) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    if rev:  # the repository as committed at rev (to measure earlier code and tests)
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=False
        )
        if archive.returncode != 0:
            sys.exit(f"git archive {rev}: {archive.stderr.decode(errors='replace').strip()}")
        dest.mkdir(parents=True)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
        return

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {
            n
            for n in names
            if n in SKIP or n.endswith(("_cache", ".egg-info")) or n == "__pycache__"
        }

    shutil.copytree(ROOT, dest, ignore=ignore)


def _mutmut(workdir: Path, *args: str) -> str:
    exe = Path(sys.executable).with_name("mutmut")
    done = subprocess.run(
        [str(exe), *args], cwd=workdir, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        sys.exit(f"mutmut {' '.join(args)} failed in {workdir}:\n{tail}")
    return done.stdout


_SHOW = """
import json, sys
from mutmut.__main__ import find_mutant, get_diff_for_mutant
names = json.load(sys.stdin)
print(json.dumps([get_diff_for_mutant(n, path=find_mutant(n).path) for n in names]))
"""


def _diffs(workdir: Path, names: list[str]) -> list[str]:
    """The diff of each mutant (what `mutmut show` prints), in one process instead of one each."""
    if not names:
        return []
    done = subprocess.run(
        [sys.executable, "-c", _SHOW],
        cwd=workdir,
        input=json.dumps(names),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:  # mutmut's internals moved: fall back to its command line
        return [_mutmut(workdir, "show", n) for n in names]
    return [f"# {n}\n{d}" for n, d in zip(names, json.loads(done.stdout), strict=True)]


def _string_tokens(line: str) -> list[tuple[int, str]] | None:
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(line).readline)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _is_message(literal: str) -> bool:
    prefix = re.match(r"[A-Za-z]*", literal).group(0).lower()  # type: ignore[union-attr]
    return "r" not in prefix and re.search(r"[^\W\d_]{2,} [^\W\d_]{2,}", literal) is not None


def message_only(diff: str) -> bool:
    """True when the mutant only rewords human-readable string literals."""
    old = [ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    new = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    if not old or len(old) != len(new):
        return False
    for a, b in zip(old, new, strict=True):
        ta, tb = _string_tokens(a.strip()), _string_tokens(b.strip())
        if ta is None or tb is None or len(ta) != len(tb):
            return False
        for (kind_a, sa), (kind_b, sb) in zip(ta, tb, strict=True):
            if sa == sb:
                continue
            if kind_a != tokenize.STRING or kind_b != tokenize.STRING or not _is_message(sa):
                return False
    return True


def _workdir(module: str, rev: str | None) -> Path:
    name = module.replace("/", "-").removesuffix(".py")
    return SCRATCH / (f"{name}@{rev}" if rev else name)


def run(
    module: str,
    tests: list[str],
    shared: dict[str, object],
    children: int,
    rev: str | None,
    collect: bool = False,
) -> Result:
    work = _workdir(module, rev)
    if collect:  # the results of the last run, as they stand
        if not (work / "mutants").is_dir():
            sys.exit(f"{module}: no earlier run in {work.relative_to(ROOT)}")
    else:
        _copy(work, rev)
        tests = [t for t in tests if (work / t).exists()]  # an earlier revision may lack some
        (work / "pyproject.toml").write_text(_pyproject(module, tests, shared), encoding="utf-8")
        print(f"mutmut: {module} against {' '.join(tests) or 'the whole suite'}", flush=True)
        _mutmut(work, "run", "--max-children", str(children))
    result = Result(module)
    for line in _mutmut(work, "results", "--all", "true").splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            result.statuses[name] = status
    missed = sorted(n for n, status in result.statuses.items() if status not in CAUGHT)
    diffs = []
    for name, diff in zip(missed, _diffs(work, missed), strict=True):
        if message_only(diff):
            result.message_only.append(name)
        else:
            result.survivors.append(name)
            diffs.append(diff)
    (work / "survivors.txt").write_text("\n".join(diffs), encoding="utf-8")
    return result


def table(results: list[Result]) -> str:
    rows = [
        "| module | mutants | killed | message-only (excluded) | score |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r.module} | {r.mutants} | {r.caught} | {len(r.message_only)} | {r.score:.1%} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    shared, ours = _settings()
    modules: dict[str, list[str]] = dict(ours.get("modules", {}))  # type: ignore[call-overload]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("module", nargs="*", help="modules to mutate (default: all configured)")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument(
        "--full-suite",
        action="store_true",
        help="run each mutant's tests from the whole suite, not only the module's own test files",
    )
    parser.add_argument(
        "--rev",
        help="mutate the code and tests as committed at this "
        "git revision (default: the working tree)",
    )
    parser.add_argument("--report-only", action="store_true", help="exit 0 below the threshold")
    parser.add_argument(
        "--collect",
        action="store_true",
        help="print the results of the last run of each module again, without running mutmut",
    )
    args = parser.parse_args(argv)
    unknown = [m for m in args.module if m not in modules]
    if unknown:
        parser.error(f"not configured in [tool.stc.mutation.modules]: {', '.join(unknown)}")
    results = []
    for m in args.module or modules:
        tests = [] if args.full_suite else modules[m]
        r = run(m, tests, shared, args.max_children, args.rev, args.collect)
        print(f"  {m}: {r.score:.1%} of {r.mutants} mutants", flush=True)
        results.append(r)
    print()
    print(table(results))
    for r in results:
        if r.message_only:
            print(f"\n{r.module}: message-only survivors: {', '.join(r.message_only)}")
        if r.survivors:
            print(
                f"{r.module}: {len(r.survivors)} survivor(s), diffs in "
                f"{_workdir(r.module, args.rev).relative_to(ROOT)}"
                "/survivors.txt"
            )
    threshold = float(ours.get("threshold", 0.85))  # type: ignore[arg-type]
    low = [r.module for r in results if r.score < threshold]
    if low and not args.report_only:
        print(f"\nbelow {threshold:.0%}: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
