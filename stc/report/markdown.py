"""Markdown report: diff-friendly and byte-stable (no dates, nothing machine-specific)."""

from __future__ import annotations

import re
from pathlib import Path

from stc.report.templating import environment
from stc.report.view import ReportView


def render(view: ReportView, workspace_templates: Path | None = None) -> str:
    env = environment(workspace_templates, autoescape=False)
    text = env.get_template("report.md.j2").render(v=view, s=view.s)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
