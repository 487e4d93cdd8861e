"""Heavy libraries stay out of start-up: `stc --help` and `stc status` must feel instant."""

import json
import subprocess
import sys

HEAVY = ["spacy", "pandas", "docx", "lxml", "openpyxl", "jinja2"]
PROBE = "import json, sys\nprint(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))"


def _loaded(code: str) -> list[str]:
    probe = f"{code}\n{PROBE.format(heavy=HEAVY)}"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _run_cli(*args: str) -> str:
    call = f"app({list(args)!r})"
    return f"from stc.cli.app import app\ntry:\n    {call}\nexcept SystemExit:\n    pass"


def test_importing_the_cli_loads_nothing_heavy():
    assert _loaded("import stc.cli.app") == []


def test_help_loads_nothing_heavy():
    assert _loaded(_run_cli("--help")) == []


def test_status_loads_nothing_heavy(demo):
    assert _loaded(_run_cli("--workspace", str(demo.root), "status")) == []
