"""Markdown report: diff-friendly and byte-stable (no dates, nothing machine-specific)."""

from __future__ import annotations

import re

from stc.report.templating import TemplateSource, render_template
from stc.report.view import ReportView


def render(view: ReportView, workspace_templates: TemplateSource | None = None) -> str:
    text = render_template(workspace_templates, "report.md.j2", False, v=view, s=view.s)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
