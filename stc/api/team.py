"""Team work: rounds, consensus, git merge driver and clone set-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from stc.api._base import known_researcher, writes
from stc.api.reporting import save_round
from stc.core.team import Consensus, Dispute
from stc.errors import EnvironmentProblem, InvalidValue, NotFound, StcError
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
    import fnmatch

    from stc.layout import MERGEABLE
    from stc.model import Step1, ValidationLog

    kinds = (Project, Codebook, Step1, UnitFile, Condensation, Assignments, ValidationLog)
    patterns = zip(MERGEABLE, kinds, strict=True)
    return next((cls for pattern, cls in patterns if fnmatch.fnmatch(name, pattern)), None)


def merge_files(base: Path, ours: Path, theirs: Path, name: str) -> list[str]:
    """Git merge driver: three-way merge of one stc YAML file into ``ours``; the conflicts."""
    from stc.store import yamlio
    from stc.store.merge import merge
    from stc.store.schema import versioned

    def load(p: Path) -> Any:
        text = p.read_text(encoding="utf-8") if p.is_file() else ""
        return yamlio.load(text, name) if text.strip() else None

    merged, conflicts = merge(load(base), load(ours), load(theirs), name)
    cls = _model_for(name)
    if cls is not None and isinstance(merged, dict):
        try:
            data = cls.from_dict(merged, name).to_dict()
        except StcError as exc:
            conflicts.append(f"the merged file does not read back: {exc}")
            data = {k: v for k, v in merged.items() if k != "schema_version"}
    else:
        data = {k: v for k, v in (merged or {}).items() if k != "schema_version"}
    atomic_write(ours, yamlio.dump(versioned(data)))
    return conflicts


GITATTRIBUTES = """\
# stc: three-way merge of stc's YAML files by item (stc setup installs the driver)
*.yaml merge=stc
# the decision log is append-only: keep both sides' new entries
analyses/decisions.md merge=union
"""

PRE_COMMIT_HOOK = """\
#!/bin/sh
# installed by `stc setup`: refuse a commit while the workspace has errors or identifiers
{stc} check --no-repair >/dev/null || {{ echo "stc check: errors (run stc check)"; exit 1; }}
{stc} anon scan >/dev/null 2>&1 || {{ echo "stc anon scan: identifiers found"; exit 1; }}
"""


def setup_clone(ws: Workspace, hooks: bool) -> list[str]:
    """Configure a fresh clone: the merge driver (git config), .gitattributes, a hook."""
    import shlex
    import subprocess
    import sys

    stc = f"{shlex.quote(sys.executable)} -m stc"
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
    attrs = ws.root / ".gitattributes"
    if "merge=stc" not in (attrs.read_text(encoding="utf-8") if attrs.is_file() else ""):
        old = attrs.read_text(encoding="utf-8") if attrs.is_file() else ""
        atomic_write(attrs, old + ("\n" if old and not old.endswith("\n") else "") + GITATTRIBUTES)
        done.append(".gitattributes declares merge=stc for *.yaml (commit it)")
    if hooks:
        git_dir = Path(top.stdout.strip())
        hook = (git_dir if git_dir.is_absolute() else ws.root / git_dir) / "hooks" / "pre-commit"
        atomic_write(hook, PRE_COMMIT_HOOK.format(stc=stc))
        hook.chmod(0o755)
        done.append(f"pre-commit hook installed: {hook}")
    return done
