"""stc impression (step 1): read the transcript in the pager, then write in $EDITOR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stc.cli.common import edit
from stc.cli.interactive.show import show

if TYPE_CHECKING:
    from stc.api import Workspace


def impression(ws: Workspace, tid: str, researcher: str, page_first: bool) -> str:
    """Show the transcript (paged), then open $EDITOR on the impression template."""
    from stc.api import impression_from_editor, impression_template

    ws.transcript(tid)
    if page_first:
        show(ws, tid, None, numbered_sentences=False)
    return impression_from_editor(edit(impression_template(ws, tid, researcher)))
