"""The typer application and the one error boundary."""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from stc import __version__
from stc.errors import StcError


def _upgraded() -> None:
    from stc.api import upgrade_notes

    for line in upgrade_notes():
        typer.echo(f"note: {line}", err=True)


class StcGroup(TyperGroup):
    """Maps StcError to exit 1 with its message, and Ctrl-C to exit 130."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except StcError as exc:
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            typer.echo(f"stc: {exc}", err=True)
            raise typer.Exit(1) from None
        except BrokenPipeError:
            # the reader went away (`stc … | head`): stop quietly, as other tools do
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            typer.echo("\nstc: interrupted; nothing was half-written", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if type(exc).__module__.startswith(("typer", "click")):
                raise  # usage errors and exits belong to the command-line parser
            if (ctx.obj or {}).get("debug"):
                traceback.print_exc()
            typer.echo(
                f"stc: unexpected error ({type(exc).__name__}: {exc}). This is a bug in stc; "
                "run the command again with --debug and report what it prints.",
                err=True,
            )
            raise typer.Exit(3) from None
        finally:
            _upgraded()


app = typer.Typer(
    cls=StcGroup,
    help="Systematic Text Condensation (Malterud) for interview studies, on plain files in git.",
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stc {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar="STC_WORKSPACE",
            help="Workspace folder (default: the nearest folder with stc.yaml).",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Systematic Text Condensation (Malterud) for interview studies, on plain files in git."""
    ctx.obj = {"workspace": workspace, "debug": debug or bool(os.environ.get("STC_DEBUG"))}
    if ctx.invoked_subcommand is None:
        _dashboard_or_help(ctx)


def _dashboard_or_help(ctx: typer.Context) -> None:
    """`stc` alone: the four-step dashboard inside a workspace, the help outside one."""
    from stc.cli.commands.status import next_
    from stc.errors import WorkspaceNotFound

    try:
        next_(ctx, None, False)
    except WorkspaceNotFound:
        typer.echo(ctx.get_help())


from stc.cli.commands import (  # noqa: E402
    anon,
    check,
    code,
    codebook,
    condense,
    config,
    export,
    group,
    impression,
    init,
    matrix,
    power,
    quotes,
    report,
    researcher,
    search,
    serve,
    status,
    synthesize,
    team,
    theme,
    transcripts,
    unit,
)

# in the order of the method: set-up, step 1 … step 4, output, team, exchange
for module in (
    init,
    researcher,
    group,
    status,
    transcripts,
    anon,
    impression,
    theme,
    code,
    unit,
    codebook,
    condense,
    synthesize,
    check,
    report,
    quotes,
    matrix,
    search,
    team,
    export,
    power,
    config,
    serve,
):
    module.register(app)
