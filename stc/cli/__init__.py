"""The command-line interface: the only place that imports typer and rich."""

from __future__ import annotations


def main() -> None:
    from stc.cli.app import app

    app(prog_name="stc")
