"""Anonymisation: stc anon scan, stc anon apply."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import busy, count, echo, notice, print_json, progress_bar, workspace

anon_app = typer.Typer(help="Find and replace identifiers in transcripts.", no_args_is_help=True)

Ids = Annotated[
    list[str] | None, typer.Argument(metavar="[ID]...", help="Transcripts (default: all).")
]
IdentifiersFile = Annotated[
    Path | None,
    typer.Option("--identifiers", help="Identifier list (default: private/identifiers.yaml)."),
]


@anon_app.command("scan")
def anon_scan(
    ctx: typer.Context,
    ids: Ids = None,
    identifiers: IdentifiersFile = None,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """List likely identifiers with transcript, turn, offset, kind and context; exit 1 if any."""
    from stc.api import scan

    with progress_bar("scanning transcripts") as update:
        findings = scan(workspace(ctx), ids or [], identifiers, progress=update)
    if as_json:
        print_json([f.to_dict() for f in findings])
    else:
        for f in findings:
            echo(f"{f.transcript} turn {f.turn} @{f.start}  {f.kind:<13} {f.context}")
        notice(
            f"{count(len(findings), 'likely identifier')}" if findings else "no identifiers found"
        )
    if findings:
        raise typer.Exit(1)


@anon_app.command("apply")
def anon_apply(
    ctx: typer.Context,
    ids: Ids = None,
    identifiers: IdentifiersFile = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the changes as a diff only.")
    ] = False,
) -> None:
    """Replace identifiers with consistent tags or pseudonyms; the key goes to private/."""
    from stc.api import ANON_KEY, anonymise

    with busy("anonymising …"):
        results = anonymise(workspace(ctx), ids or [], identifiers, dry_run)
    totals: dict[str, int] = {}
    for r in results:
        if dry_run and r.diff:
            echo(r.diff)
        for term, n in r.terms.items():
            totals[term] = totals.get(term, 0) + n
        if r.replaced:
            kinds = ", ".join(f"{n} {k}" for k, n in sorted(r.replaced.items()))
            echo(f"{r.transcript}: {kinds}; {count(r.units, 'meaning unit')} re-anchored")
    total = sum(sum(r.replaced.values()) for r in results)
    if totals:
        echo("replacements per term:")
        for term, n in sorted(totals.items(), key=lambda x: (-x[1], x[0])):
            echo(f"  {n:>4} × {term}")
    if dry_run:
        notice(f"dry run: {count(total, 'replacement')} shown, nothing changed")
    else:
        notice(
            f"{count(total, 'replacement')} in "
            f"{count(sum(1 for r in results if r.replaced), 'transcript')}; "
            f"the key is in {ANON_KEY} (never commit it)"
        )


@anon_app.command("review")
def anon_review(
    ctx: typer.Context,
    ids: Ids = None,
    accept: Annotated[
        list[str] | None, typer.Option("--accept", help="TERM is an identifier (repeat).")
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option("--allow", help="TERM identifies no one, anywhere in this study (repeat)."),
    ] = None,
    skip: Annotated[list[str] | None, typer.Option("--skip", help="Decide TERM later.")] = None,
    replacement: Annotated[
        list[str] | None,
        typer.Option("--replace", help="TERM=PSEUDONYM: accept TERM and replace it so (repeat)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="List the terms as JSON.")] = False,
) -> None:
    """Review likely names and organisations before `stc anon apply` replaces anything."""
    from stc.api import record_review, review_items

    ws = workspace(ctx)
    given: list[tuple[str, str, str | None]] = [(t, "accept", None) for t in accept or []]
    given += [(t, "allow", None) for t in allow or []]
    given += [(t, "skip", None) for t in skip or []]
    for pair in replacement or []:
        term, sep, pseudonym = pair.partition("=")
        if not sep or not term.strip() or not pseudonym.strip():
            raise typer.BadParameter(
                f"expected TERM=PSEUDONYM, got {pair!r}", param_hint="--replace"
            )
        given.append((term.strip(), "accept", pseudonym.strip()))
    for term, decision, new in given:
        record_review(ws, term, decision, new)
        echo(f"{term}: {decision}" + (f" → {new}" if new else ""))
    if given:
        return
    with busy("scanning …"):
        items = review_items(ws, ids or [])
    if as_json:
        print_json(
            [
                {
                    "term": i.term,
                    "kind": i.kind,
                    "confidence": i.confidence,
                    "occurrences": len(i.findings),
                    "decision": i.decision,
                    "replacement": i.replacement,
                }
                for i in items
            ]
        )
        return
    from stc.cli.interactive.review import review

    review(ws, items)


def register(app: typer.Typer) -> None:
    app.add_typer(anon_app, name="anon")
