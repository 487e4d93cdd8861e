"""schema_version on every file: checking it and upgrading older files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stc import SCHEMA_VERSION
from stc.errors import FormatError


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, **data}


# schema_version N → N + 1, applied in order when an older file is read; each takes the
# file's data and returns it in the next version's shape.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
UPGRADED: list[str] = []  # files upgraded in this process, for the CLI to mention


def upgrade(data: dict[str, Any], where: str) -> dict[str, Any]:
    """Bring an older file's data up to this stc's schema (saved on the next write)."""
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version < SCHEMA_VERSION:
        for v in range(version, SCHEMA_VERSION):
            if v not in MIGRATIONS:
                raise FormatError(f"{where}: schema_version {version} is too old to upgrade")
            data = MIGRATIONS[v](dict(data))
        data["schema_version"] = SCHEMA_VERSION
        UPGRADED.append(f"{where}: upgraded from schema_version {version} to {SCHEMA_VERSION}")
    return data


def check_version(data: Any, where: str) -> None:
    if not isinstance(data, dict):
        raise FormatError(f"{where}: expected a mapping at the top of the file")
    version = data.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version < 1:
        raise FormatError(f"{where}: schema_version must be a whole number ≥ 1, found {version!r}")
    if version > SCHEMA_VERSION:
        raise FormatError(
            f"{where}: schema_version {version} is newer than this stc understands "
            f"({SCHEMA_VERSION})",
            hint="upgrade stc (pip install --upgrade stc) and run the command again",
        )
