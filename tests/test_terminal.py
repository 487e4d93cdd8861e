"""`stc code` in a real terminal (a pseudo-terminal driven by pexpect): code, Ctrl-C, resume."""

import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from stc.store import Workspace  # noqa: E402

STC = str(Path(sys.executable).parent / "stc")


def _spawn(root: Path) -> "pexpect.spawn":
    child = pexpect.spawn(
        STC,
        ["--workspace", str(root), "code", "vei-01", "--researcher", "ms"],
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
        env={"PATH": "/usr/bin:/bin", "TERM": "dumb", "HOME": str(root)},
    )
    return child


@pytest.mark.terminal
@pytest.mark.skipif(not Path(STC).exists(), reason="the stc console script is not installed")
def test_code_in_a_terminal_then_ctrl_c_then_resume(ws: Workspace):
    from stc import api

    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saksmengde", "tid", definition="Antall saker")
    child = _spawn(ws.root)
    child.expect(r"\[1/2\] tur 2")
    child.expect("> ")
    child.sendline("2")
    child.expect(r"koder \(nummer")
    child.sendline("saks")
    child.expect(r"notat")
    child.sendline("")
    child.expect(r"saved vei-01\.ms\.[0-9a-f]{6} \[saksmengde\]")
    child.expect("> ")
    child.sendline("")  # on to the next respondent turn
    child.expect(r"\[2/2\] tur 4")
    child.expect("> ")
    child.sendintr()  # Ctrl-C
    child.expect(r"interrupted; nothing was half-written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    (unit,) = Workspace(ws.root).unit_file("vei-01", "ms").units
    assert unit.text == "Læringskurven er bratt hvis man ikke har jobbet i NAV før."

    again = _spawn(ws.root)
    again.expect("fortsetter ved tur 4")
    again.expect(r"\[2/2\] tur 4")
    again.expect("> ")
    again.sendline("q")
    again.expect("saved; run the same command to resume here")
    again.expect(pexpect.EOF)
    again.close()
    assert again.exitstatus == 0
