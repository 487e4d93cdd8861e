"""Team work: rounds, consensus, git merge driver and clone set-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from stc.api._base import known_researcher, writes
from stc.api.reporting import save_round
from stc.core.team import Consensus, Dispute
from stc.errors import EnvironmentProblem, FormatError, InvalidValue, NotFound, StcError
from stc.i18n import count
from stc.layout import gitattributes_lines
from stc.model import (
    Assignments,
    Codebook,
    Condensation,
    Project,
    Round,
    UnitFile,
    check_id,
)
from stc.store import Workspace, atomic_write


@writes
def assign_round(
    ws: Workspace,
    number: int,
    researchers: Sequence[str],
    strategy: str,
    seed: int | None = None,
    transcripts: Sequence[str] = (),
    steps: Sequence[int] = (1, 2, 3, 4),
    overlap: float = 0.0,
    fresh: bool = False,
) -> Round:
    """Distribute transcripts for a round; a round recorded already keeps what it assigned
    (``fresh``: start the round over)."""
    from stc.core.team import assign

    for researcher in researchers:
        known_researcher(ws, researcher)
    rounds = () if fresh else ws.assignments().rounds
    previous = next((r for r in rounds if r.number == number), None)
    r = assign(
        ws.study(), number, researchers, strategy, seed, transcripts, steps, overlap, previous
    )
    save_round(ws, r)
    return r


@writes
def consensus(ws: Workspace, sources: Sequence[str], into: str, by: str | None = None) -> Consensus:
    """Bring the consensus coding up to date (incrementally) and make steps 3–4 rest on it."""
    from stc.core.team import consensus as build

    check_id(into, "coder")
    for source in sources:
        known_researcher(ws, source, "coder")
    if len(set(sources)) < 2:
        raise InvalidValue("a consensus merges two or more codings: --from A --from B")
    result = build(ws.study(), sources, into)
    project = ws.project()
    summary = f"merge {', '.join(sources)} into {into}"
    with ws.transaction(undo=(by or sources[0], summary)):
        for uf in result.files:
            ws.save_unit_file(uf)
        if project.coding != (into,):
            ws.save_project(replace(project, coding=(into,)))
    return result


def disputes(ws: Workspace, into: str | None = None) -> tuple[str, list[Dispute]]:
    """The consensus coding (``into``, else stc.yaml's coding.use) and its open disputes."""
    from stc.core.team import disputes as find

    study = ws.study()
    coding = into or next(iter(study.project.coding), None)
    if coding is None:
        raise NotFound(
            "no consensus coding yet", hint="build one: stc merge --from A --from B --into team"
        )
    return coding, find(study, coding)


@writes
def settle(
    ws: Workspace,
    into: str,
    dispute: str,
    decision: str,
    by: str,
    codes: Sequence[str] = (),
    note: str = "",
) -> list[str]:
    """Record one decision on a disputed pair of units; what it changed."""
    from stc.core.team import settle as decide
    from stc.core.units import ensure_codes

    known_researcher(ws, by)
    study = ws.study()
    result = decide(study, into, dispute, decision, by, codes, note)
    codebook, new = ensure_codes(study.codebook, codes)
    with ws.transaction(undo=(by, f"resolve {dispute}: {decision}")):
        ws.save_unit_file(result.units)
        for c in result.condensations:
            ws.save_condensation(c)
        for s in result.syntheses:
            ws.save_synthesis(s)
        if new:
            ws.save_codebook(codebook)
    return result.effects + [f"new code {c} added to the codebook, unsorted" for c in new]


def _model_for(name: str) -> Any:
    from stc.layout import MERGEABLE, matches
    from stc.model import Step1, ValidationLog

    kinds = (Project, Codebook, Step1, UnitFile, Condensation, Assignments, ValidationLog)
    patterns = zip(MERGEABLE, kinds, strict=True)
    return next((cls for pattern, cls in patterns if matches(name, (pattern,))), None)


def _workspace_name(name: str, top: Path) -> str | None:
    """``name`` (git's path, from the top of the repository) as a path in the workspace, if
    it is one of stc's own YAML files; the workspace may be a folder inside the repository."""
    from stc.layout import CONFIG, MERGEABLE, matches

    parts = name.split("/")
    candidates = ["/".join(parts[i:]) for i in range(len(parts))]
    for i, rest in enumerate(candidates):
        if matches(rest, MERGEABLE) and top.joinpath(*parts[:i], CONFIG).is_file():
            return rest
    return name if matches(name, MERGEABLE) else None


def _text_merge(base: Path, ours: Path, theirs: Path) -> int:
    """git's own line-based merge into ``ours`` (conflict markers where both sides changed);
    the number of conflicts."""
    import subprocess

    out = subprocess.run(
        [
            "git",
            "merge-file",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            "--",
            str(ours),
            str(base),
            str(theirs),
        ],
        capture_output=True,
        check=False,
    )
    if out.returncode < 0 or out.returncode > 127:
        raise EnvironmentProblem(
            f"git merge-file failed: {out.stderr.decode('utf-8', 'replace').strip()}"
        )
    return out.returncode


def _read_side(p: Path, name: str) -> str:
    from stc.limits import WORKSPACE_FILE
    from stc.store.files import read_input

    try:
        data = read_input(p.parent, p, WORKSPACE_FILE)
    except FileNotFoundError:
        return ""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{name}: not valid UTF-8 (byte {exc.start})") from None


def merge_files(
    base: Path, ours: Path, theirs: Path, name: str, top: Path | None = None
) -> tuple[list[str], str]:
    """Git merge driver: three-way merge of one file into ``ours``; the conflicts, and what
    to do about them.

    Only stc's own YAML files are merged item by item. Any other file (a .gitattributes
    from an older stc sent every *.yaml here) and any stc file that cannot be read safely
    (invalid YAML, aliases, too large) get git's ordinary text merge, so stc never rewrites
    a file it does not own."""
    from stc.store import yamlio
    from stc.store.merge import merge
    from stc.store.schema import versioned

    rel = _workspace_name(name, top or Path.cwd())
    text_advice = "resolve the conflict markers in it, then git add"
    if rel is None:
        n = _text_merge(base, ours, theirs)
        notes = (
            [f"not one of stc's files: merged as text by git, {count(n, 'conflict')}"] if n else []
        )
        return notes, text_advice
    try:
        sides = [_read_side(p, rel) for p in (base, ours, theirs)]
        loaded = [yamlio.load(t, rel) if t.strip() else None for t in sides]
    except StcError as exc:
        n = _text_merge(base, ours, theirs)
        why = f"could not be merged by item ({exc.message})"
        return [f"{why}; merged as text by git, {count(n, 'conflict')}" if n else why], text_advice
    merged, conflicts = merge(loaded[0], loaded[1], loaded[2], rel)
    cls = _model_for(rel)
    if cls is not None and isinstance(merged, dict):
        try:
            data = cls.from_dict(merged, rel).to_dict()
        except StcError as exc:
            conflicts.append(f"the merged file does not read back: {exc}")
            data = {k: v for k, v in merged.items() if k != "schema_version"}
    else:
        data = {k: v for k, v in (merged or {}).items() if k != "schema_version"}
    atomic_write(ours, yamlio.dump(versioned(data)))
    return conflicts, "stc kept our side where both changed; edit it, then git add"


GITATTRIBUTES = f"""\
# stc: three-way merge of stc's own YAML files by item (stc setup installs the driver)
{chr(10).join(gitattributes_lines())}
# the decision log is append-only: keep both sides' new entries
/analyses/decisions.md merge=union
"""


PRE_COMMIT_HOOK = """\
#!/bin/sh
# installed by `stc setup`: refuse a commit while the workspace has errors or identifiers
{stc} check --no-repair >/dev/null || {{ echo "stc check: errors (run stc check)"; exit 1; }}
{stc} anon scan >/dev/null 2>&1 || {{ echo "stc anon scan: identifiers found"; exit 1; }}
"""


def stc_command() -> str:
    """How git runs stc (hook, merge driver): this Python with -P, so the repository's
    folder is not put on sys.path; a typer.py or yaml.py committed at its top is never
    imported in place of the real one."""
    import shlex
    import sys

    return f"{shlex.quote(sys.executable)} -P -m stc"


def _update_gitattributes(root: Path) -> str | None:
    """Add stc's lines to .gitattributes, replacing those an older stc wrote (which sent
    every *.yaml to the merge driver); other lines stay as they are. A linked
    .gitattributes is refused: its target's content would end up in the repository."""
    from stc.store.files import read_inside, write_inside

    path = root / ".gitattributes"
    try:
        old = read_inside(root, path).decode("utf-8")
    except FileNotFoundError:
        old = ""
    stc_lines = {ln for ln in GITATTRIBUTES.splitlines() if ln.startswith("#")}
    kept = [
        ln
        for ln in old.splitlines()
        if "merge=stc" not in ln
        and ln not in stc_lines
        and ln.lstrip("/").strip() != "analyses/decisions.md merge=union"
        and not ln.startswith("# stc: three-way merge of stc's")
    ]
    rest = "\n".join(kept).strip("\n")
    new = (rest + "\n\n" if rest else "") + GITATTRIBUTES
    if new == old:
        return None
    write_inside(root, path, new.encode("utf-8"))
    if "merge=stc" in old:
        return ".gitattributes: merge=stc now covers only stc's own files (commit it)"
    return ".gitattributes declares merge=stc for stc's own YAML files (commit it)"


def setup_clone(ws: Workspace, hooks: bool) -> list[str]:
    """Configure a fresh clone: the merge driver (git config), .gitattributes, a hook."""
    import subprocess

    stc = stc_command()
    done = []
    git = ["git", "-C", str(ws.root)]
    top = subprocess.run(
        [*git, "rev-parse", "--git-dir"], capture_output=True, text=True, check=False
    )
    if top.returncode != 0:
        raise EnvironmentProblem(f"{ws.root} is not a git repository", hint="run `git init` first")
    for key, value in (
        ("merge.stc.name", "stc three-way merge of YAML files by item"),
        ("merge.stc.driver", f"{stc} merge-driver %O %A %B %P"),
    ):
        subprocess.run([*git, "config", key, value], check=True)
    done.append("merge driver 'stc' configured in .git/config")
    note = _update_gitattributes(ws.root)
    if note:
        done.append(note)
    if hooks:
        git_dir = Path(top.stdout.strip())
        hook = (git_dir if git_dir.is_absolute() else ws.root / git_dir) / "hooks" / "pre-commit"
        atomic_write(hook, PRE_COMMIT_HOOK.format(stc=stc))
        hook.chmod(0o755)
        done.append(f"pre-commit hook installed: {hook}")
    return done
