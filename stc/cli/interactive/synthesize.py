"""stc synthesize --edit (step 4): the analytic text in $EDITOR, from a skeleton of the code
group's condensates and golden quotations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc import api
from stc.cli.common import edit

if TYPE_CHECKING:
    from stc.api import Workspace


def write_in_editor(ws: Workspace, code_group: str) -> tuple[str | None, str]:
    """(heading, body) as written in the editor; a first '# ' line is the heading."""
    return api.synthesis_from_editor(edit(api.synthesis_draft(ws, code_group)))
