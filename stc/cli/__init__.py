"""The command-line interface: the only place that imports typer and rich."""

from __future__ import annotations


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM (kill) unwinds like Ctrl-C: atomic writes remove their temporary files
    raise KeyboardInterrupt


def install_signal_handlers() -> None:
    import signal

    signal.signal(signal.SIGTERM, _terminate)


def main() -> None:
    install_signal_handlers()
    from stc.cli.app import app

    app(prog_name="stc")
