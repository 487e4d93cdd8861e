"""HTML report: one self-contained, printable file (inline CSS, no scripts, no network)."""

from __future__ import annotations

from stc.report.templating import TemplateSource, render_template
from stc.report.view import ReportView


def colophon(view: ReportView, provenance: dict[str, str]) -> str:
    from stc.i18n import long_date

    commit = f", commit {provenance['commit']}" if provenance.get("commit") else ""
    date = long_date(provenance["date"], view.language)
    return view.s["colophon"].format(version=provenance["stc"], commit=commit, date=date)


def render(
    view: ReportView, provenance: dict[str, str], workspace_templates: TemplateSource | None = None
) -> str:
    return render_template(
        workspace_templates,
        "report.html.j2",
        True,
        v=view,
        s=view.s,
        provenance=provenance,
        colophon=colophon(view, provenance),
    )
