"""stc anon review: walk the likely names and organisations, one term at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc import api
from stc.cli.common import count, echo
from stc.cli.interactive.terminal import ask, bold, mark

if TYPE_CHECKING:
    from stc.api import Workspace
    from stc.api.anonymity import ReviewItem

HELP = """\
  a   accept: an identifier (stc anon apply replaces it everywhere)
  e   accept and give the pseudonym to use instead of a tag
  l   allow: identifies no one, anywhere in this study (never asked again)
  s   skip: decide later          q   quit (decisions so far are saved)"""


def review(ws: Workspace, items: list[ReviewItem]) -> None:
    todo = [i for i in items if i.decision != "accept"]
    done = len(items) - len(todo)
    echo(
        f"{count(len(items), 'term')} to review ({done} accepted before); "
        f"structured identifiers (phone, e-mail …) need no review"
    )
    if not todo:
        echo("nothing to review; run stc anon apply")
        return
    echo(HELP)
    for n, item in enumerate(todo, 1):
        echo(
            f"\n{bold(f'[{n}/{len(todo)}]')} {mark(item.term)} — {item.kind}, "
            f"confidence {item.confidence:.2f}, {count(len(item.findings), 'occurrence')}"
        )
        for f in item.findings[:3]:
            echo(f"    {f.transcript} turn {f.turn}: {f.context}")
        while True:
            answer = ask("  [a]ccept, [e]dit, a[l]low, [s]kip, [q]uit: ").strip().lower()
            if answer in ("q", "quit"):
                echo("saved; run the same command to go on")
                return
            if answer in ("a", "l", "s"):
                decision = {"a": "accept", "l": "allow", "s": "skip"}[answer]
                api.record_review(ws, item.term, decision)
                break
            if answer == "e":
                new = ask("  pseudonym: ").strip()
                if new and new != "q":
                    api.record_review(ws, item.term, "accept", new)
                    break
                echo("  no pseudonym given; nothing recorded")
                continue
            echo("  not understood: a, e, l, s or q")
    echo("\nreview done; run stc anon apply --dry-run to see the replacements")
