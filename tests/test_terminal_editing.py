"""Line editing, history and completion in the walkers' prompts, and a pager that shows colour
as colour — in real terminals (pexpect for the prompts, tmux for the pager)."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from stc import api  # noqa: E402
from stc.store import Workspace  # noqa: E402

STC = str(Path(sys.executable).parent / "stc")
LEFT = "\x1b[D"
UP = "\x1b[A"

needs_stc = pytest.mark.skipif(not Path(STC).exists(), reason="the stc console script is absent")


def _env(root: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "TERM": "xterm",
        "HOME": str(root),
        "INPUTRC": "/dev/null",
        **extra,
    }


@pytest.mark.terminal
@needs_stc
def test_a_quote_typed_with_arrow_edits_and_recalled_from_history_codes_what_was_meant(
    ws: Workspace,
):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saksmengde", "tid")
    child = pexpect.spawn(
        STC,
        ["--workspace", str(ws.root), "code", "vei-01", "--researcher", "ms"],
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 160),
        env=_env(ws.root),
    )
    child.expect("> ")
    # a typo fixed with the arrow keys: the missing 't' goes in before the closing quote
    child.send('"Læringskurven er brat"' + LEFT + "t\r")
    child.expect(r"koder \(nummer")
    child.send("saks\t\r")  # Tab completes the code
    child.expect("notat")
    child.send("\r")
    child.expect(r"saved vei-01\.ms\.[0-9a-f]{6} \[saksmengde\]")
    child.expect("> ")
    # ↑ ↑ brings the quote back; widen it before the closing quote
    child.send(UP + UP + LEFT + " hvis man ikke\r")
    child.expect(r"koder \(nummer")
    child.send("saksmengde\r")
    child.expect("notat")
    child.send("\r")
    child.expect(r"saved vei-01\.ms\.[0-9a-f]{6} \[saksmengde\]")
    child.expect("> ")
    child.send("q\r")
    child.expect(pexpect.EOF)
    texts = sorted(u.text for u in Workspace(ws.root).unit_file("vei-01", "ms").units)
    assert texts == ["Læringskurven er bratt", "Læringskurven er bratt hvis man ikke"]


def _tmux_screen(root: Path, command: list[str], env: dict[str, str]) -> str:
    session = f"stc-pager-{time.monotonic_ns()}"
    exports = " ".join(f"{k}={v!r}" for k, v in env.items())
    shell = f"env -i {exports} {' '.join(command)}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "12", shell],
        check=True,
    )
    try:
        screen = ""
        for _ in range(100):  # wait until the pager has drawn its first page
            time.sleep(0.1)
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session],
                check=False,
                capture_output=True,
                text=True,
            ).stdout
            if "vei-01" in screen:
                break
        return screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


@pytest.mark.terminal
@needs_stc
@pytest.mark.skipif(not shutil.which("tmux") or not shutil.which("less"), reason="tmux/less absent")
@pytest.mark.parametrize("pager", ["", "less", "more"])
def test_the_pager_shows_coded_spans_without_escape_codes(ws: Workspace, pager: str):
    for n in range(1, 4):
        api.add_unit(ws, "vei-01", "ms", ["saksmengde"], quote="Læringskurven er bratt")
        api.add_unit(ws, f"vei-0{n}", "ms", ["prioritering"], quote="Vi har for mange saker")
    env = _env(ws.root, TERM="xterm-256color")
    if pager:
        env["PAGER"] = pager
    screen = _tmux_screen(
        ws.root, [STC, "--workspace", str(ws.root), "show", "vei-01", "--sentences"], env
    )
    assert "vei-01" in screen and "Læringskurven er bratt" in screen
    assert (
        "\x1b" not in screen
        and "ESC[" not in screen
        and "[33m" not in screen
        and "[1m" not in screen
    )
