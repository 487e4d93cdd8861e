"""`stc serve`: read and code a study in the browser, over the same plain files.

A layer beside the CLI: it imports only stc.api, stc.model and stc.errors, and every change
goes through the same API functions (and the same workspace lock) as the terminal commands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stc.web.app import Server, create_app, new_token

__all__ = ["Server", "create_app", "new_token", "serve"]


def serve(
    root: Path,
    port: int = 8765,
    host: str = "127.0.0.1",
    read_only: bool = False,
    researcher: str | None = None,
    announce: Callable[[str], None] = print,
    open_browser: bool = True,
) -> None:
    """Run the server until interrupted; ``announce`` gets the address with its token."""
    import os
    import socket
    import webbrowser

    import uvicorn

    token = new_token()
    hosts = tuple(dict.fromkeys(("127.0.0.1", "localhost", "[::1]", host)))
    server = Server(root, token, read_only=read_only, researcher=researcher, hosts=hosts)
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    if os.name != "nt":  # on Windows SO_REUSEADDR would let two servers share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host.strip("[]"), port))  # port 0: any free port
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
    url = f"http://{shown}:{port}/?token={token}"
    announce(url)
    if open_browser:
        webbrowser.open(url)
    config = uvicorn.Config(create_app(server), log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
