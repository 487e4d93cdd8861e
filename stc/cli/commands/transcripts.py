"""stc import, stc transcripts, stc show: getting transcripts in and reading them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stc.cli.common import (
    busy,
    count,
    echo,
    notice,
    parse_mapping,
    print_json,
    progress_bar,
    table,
    workspace,
)


def import_(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=".txt .md .docx .vtt .srt .qdpx .qdc files.")],
    group: Annotated[str | None, typer.Option("--group", "-g", help="Informant group id.")] = None,
    transcript_id: Annotated[str | None, typer.Option("--id", help="Transcript id.")] = None,
    speaker: Annotated[
        list[str] | None,
        typer.Option("--speaker", help="Map a speaker name to a role, e.g. 'Kari=R' (repeat)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace existing transcripts; import ones with identifiers."),
    ] = False,
    group_variable: Annotated[
        str | None,
        typer.Option(
            "--group-variable",
            help=".qdpx: the document or case variable holding informant groups.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Show the first turns as they would be stored; write nothing."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every note, not only their counts.")
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding", help="Text files: their encoding (e.g. cp1252), if not UTF-8 or UTF-16."
        ),
    ] = None,
) -> None:
    """Import transcripts: normalised once (UTF-8, NFC, LF), speaker names replaced by roles."""
    from stc.api import import_refi, import_transcripts, unused_speakers

    ws = workspace(ctx)
    refi = [p for p in paths if p.suffix.lower() in (".qdpx", ".qdc")]
    for p in refi:
        with busy(f"reading {p.name} …" if dry_run else f"importing {p.name} …"):
            r = import_refi(ws, p, group, group_variable, force, dry_run=dry_run)
        echo(
            f"{'would import' if dry_run else 'imported'} {p.name}: "
            f"{count(r.transcripts, 'transcript')}, {count(r.units, 'meaning unit')}, "
            f"{count(r.codes_added, 'codebook entry')} and "
            f"{count(r.groups_added, 'informant group')} added"
        )
        shown = r.summaries if verbose else r.summaries[: DRY_RUN_TURNS if dry_run else 0]
        for line in shown:
            echo(f"  {line}")
        if len(r.summaries) > len(shown) and dry_run:
            echo(
                f"  … {count(len(r.summaries) - len(shown), 'more transcript')} "
                "(--verbose lists them)"
            )
        for n in r.note_lines(verbose):
            notice(f"      {n.strip()}" if n.startswith("  ") else f"  note: {n}")
    paths = [p for p in paths if p not in refi]
    if not paths:
        return
    speakers = parse_mapping(speaker or [], "--speaker")
    with progress_bar("reading and checking files") as update:
        outcomes = import_transcripts(
            ws, paths, group, transcript_id, speakers, force, update, dry_run, encoding
        )
    for o in outcomes:
        t = o.imported.transcript
        extra = (
            f", {count(o.units_added, 'coded span')} from Word comments" if o.units_added else ""
        )
        if o.imported.coding_only:
            echo(f"imported {o.path.name}: coding copy of {t.id}{extra}")
            for n in o.imported.notices:
                notice(f"  note: {n}")
            continue
        verb = "would import" if dry_run else "imported"
        echo(f"{verb} {o.path.name} as {o.imported.summary} (group {t.group}{extra})")
        for n in o.imported.notices:
            notice(f"  note: {n}")
        for w in o.imported.warnings:
            notice(f"warning: {w}")
        if dry_run:
            for turn in t.turns[:DRY_RUN_TURNS]:
                head = f"{turn.speaker} [{turn.time}]" if turn.time else turn.speaker
                text = turn.text if len(turn.text) <= 100 else turn.text[:99] + "…"
                echo(f"  {turn.n:>3}  {head}: {text}")
            if len(t.turns) > DRY_RUN_TURNS:
                echo(f"  … {count(len(t.turns) - DRY_RUN_TURNS, 'more turn')}")
    for name in unused_speakers(outcomes, speakers):
        notice(f"warning: --speaker {name!r} matches no speaker label in the imported files")
    if dry_run:
        echo("dry run: nothing was written")


DRY_RUN_TURNS = 6


def transcripts(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
) -> None:
    """List transcripts with informant group, turns and meaning units."""
    study = workspace(ctx).study()
    counts: dict[str, int] = {}
    for u in study.units:
        counts[u.transcript] = counts.get(u.transcript, 0) + 1
    rows = [
        {
            "id": t.id,
            "group": t.group,
            "turns": len(t.turns),
            "units": counts.get(t.id, 0),
            "interviewed": t.interviewed,
            "anonymised": t.anonymised,
        }
        for t in study.transcripts.values()
    ]
    if as_json:
        print_json(rows)
        return
    table(
        f"{count(len(rows), 'transcript')}",
        ["id", "group", "turns", "units", "interviewed"],
        [
            [str(r["id"]), str(r["group"]), str(r["turns"]), str(r["units"]), str(r["interviewed"])]
            for r in rows
        ],
    )


def show(
    ctx: typer.Context,
    transcript_id: Annotated[str, typer.Argument(metavar="ID")],
    researcher: Annotated[
        str | None, typer.Option("--researcher", "-r", help="Show only this coder's units.")
    ] = None,
    sentences: Annotated[bool, typer.Option("--sentences", help="Number the sentences.")] = False,
) -> None:
    """Show a transcript: numbered turns, informant group, coded units marked with codes."""
    from stc.cli.interactive.show import show as show_transcript

    show_transcript(workspace(ctx), transcript_id, researcher, sentences)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command()(transcripts)
    app.command()(show)
