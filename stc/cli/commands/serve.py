"""stc serve: the study in the browser (transcripts, coding by selection, steps 3 and 4)."""

from __future__ import annotations

from typing import Annotated

import typer

from stc.cli.common import echo, workspace


def serve(
    ctx: typer.Context,
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free one).")
    ] = 8765,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Print the address; do not open a browser.")
    ] = False,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Reviewers: read everything, change nothing.")
    ] = False,
    researcher: Annotated[
        str | None,
        typer.Option(
            "--researcher", "-r", help="Who codes (default: $STC_RESEARCHER or stc config)."
        ),
    ] = None,
) -> None:
    """Read and code the study in a browser, over the same files (Ctrl+C stops)."""
    from stc.api import current_researcher
    from stc.web import serve as run

    ws = workspace(ctx)
    who = current_researcher(ws, researcher)
    mode = "read-only" if read_only else (f"coding as {who}" if who else "no researcher set")
    echo(f"stc serve: {ws.root} ({mode})")

    def announce(url: str) -> None:
        echo(f"open {url}")
        echo("(the token in the address is the key to this study: do not share it)")

    try:
        run(ws.root, port, "127.0.0.1", read_only, who, announce, not no_browser)
    except OSError as exc:
        from stc.errors import EnvironmentProblem

        raise EnvironmentProblem(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
            hint="choose another port with --port N (or --port 0 for any free one)",
        ) from None
    except KeyboardInterrupt:
        echo("stopped")


def register(app: typer.Typer) -> None:
    app.command()(serve)
