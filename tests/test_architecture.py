"""The layers of docs/architecture.md, enforced: every import in stc/ points down.

Imports are read with ``ast`` — module level and inside functions alike, since stc imports
heavy modules lazily — so a new upward import fails here whatever its position.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stc"
VOCABULARY = {
    "stc",
    "stc.model",
    "stc.errors",
    "stc.text",
    "stc.study",
    "stc.nlp",
    "stc.layout",
    "stc.i18n",
    "stc.speech",
    "stc.limits",
}

# what each layer may import (besides the standard library and third-party packages)
ALLOWED: dict[str, set[str]] = {
    "vocabulary": {"vocabulary"},
    "core": {"vocabulary", "core"},
    "store": {"vocabulary", "store"},
    "importers": {"vocabulary", "core", "importers", "stc.store.yamlio"},
    "interop": {"vocabulary", "core", "importers", "interop"},
    "report": {"vocabulary", "core", "report"},
    "api": {"vocabulary", "core", "store", "importers", "interop", "report", "api"},
    "cli": {"stc", "stc.api", "stc.model", "stc.errors", "cli", "web"},
    "web": {"stc", "stc.api", "stc.model", "stc.errors", "web"},
    "main": {"cli"},
}


def layer(module: str) -> str:
    if module in VOCABULARY:
        return "vocabulary"
    if module == "stc.__main__":
        return "main"
    parts = module.split(".")
    assert parts[0] == "stc" and len(parts) > 1, module
    return parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stc_imports(path: Path) -> set[str]:
    """Every stc module ``path`` imports: 'from stc.x import y' gives stc.x.y if that is a
    module, else stc.x."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "stc"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "stc":
                continue
            for a in node.names:
                sub = f"{node.module}.{a.name}"
                is_module = (PACKAGE.parent / Path(*sub.split("."))).with_suffix(
                    ".py"
                ).is_file() or (PACKAGE.parent / Path(*sub.split("."))).is_dir()
                found.add(sub if is_module else node.module)
    return found


def allowed(importer: str, imported: str) -> bool:
    rules = ALLOWED[layer(importer)]
    named = {r for r in rules if r.startswith("stc")}  # single modules, with what they hold
    return layer(imported) in rules or any(
        imported == r or (r != "stc" and imported.startswith(r + ".")) for r in named
    )


def violations() -> list[str]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        importer = module_name(path)
        for imported in sorted(stc_imports(path)):
            if not allowed(importer, imported):
                out.append(f"{importer} ({layer(importer)}) imports {imported} ({layer(imported)})")
    return out


def test_every_import_points_down_the_layers():
    assert violations() == []


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("stc.core.check", "stc.store.workspace"),
        ("stc.core.quotes", "stc.report.view"),
        ("stc.cli.commands.unit", "stc.store"),
        ("stc.cli.commands.unit", "stc.core.units"),
        ("stc.store.workspace", "stc.api"),
        ("stc.store.workspace", "stc.cli.common"),
        ("stc.model", "stc.core.units"),
        ("stc.report.view", "stc.api"),
        ("stc.web.views", "stc.store"),
        ("stc.web.app", "stc.core.units"),
        ("stc.web.app", "stc.cli.common"),
    ],
)
def test_the_rule_refuses_an_upward_import(importer, imported):
    assert not allowed(importer, imported)


def test_the_check_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from stc.store import Workspace\n    import stc.api\n")
    assert stc_imports(source) == {"stc.store", "stc.api"}
