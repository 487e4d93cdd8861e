"""HTML report: one self-contained, printable file (inline CSS, no scripts, no network)."""

from __future__ import annotations

from pathlib import Path

from stc.report.templating import environment
from stc.report.view import ReportView


def colophon(view: ReportView, provenance: dict[str, str]) -> str:
    commit = f", commit {provenance['commit']}" if provenance.get("commit") else ""
    return view.s["colophon"].format(
        version=provenance["stc"], commit=commit, date=provenance["date"]
    )


def render(
    view: ReportView, provenance: dict[str, str], workspace_templates: Path | None = None
) -> str:
    env = environment(workspace_templates, autoescape=True)
    template = env.get_template("report.html.j2")
    text: str = template.render(
        v=view, s=view.s, provenance=provenance, colophon=colophon(view, provenance)
    )
    return text
