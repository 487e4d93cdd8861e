"""Jinja environment for Markdown and HTML reports.

Templates come from the workspace's ``templates/`` folder first, then stc's own; a workspace
template can extend the built-in one it replaces as ``stc/<name>`` (``{% extends
"stc/report.html.j2" %}``). Undefined variables are errors (StrictUndefined). Workspace
templates are loaded only from that folder, so they cannot read files elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stc.report.markup import Block, Inline


def md_inlines(runs: tuple[Inline, ...]) -> str:
    out = []
    for r in runs:
        if r.note is not None:
            out.append(f"[^{r.text}]")
        elif (r.bold or r.italic) and r.text.strip():
            # CommonMark emphasis may not begin or end inside whitespace: "*Kondensat:* Jeg"
            mark = "**" if r.bold else "*"
            core = r.text.strip()
            lead, trail = (
                r.text[: len(r.text) - len(r.text.lstrip())],
                r.text[len(r.text.rstrip()) :],
            )
            out.append(f"{lead}{mark}{core}{mark}{trail}")
        else:
            out.append(r.text)
    return "".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def md_block(block: Block, todo_word: str) -> str:
    """One block as Markdown."""
    if block.kind == "heading":
        number = f"{block.number} " if block.number else ""
        return f"{'#' * (block.level + 1)} {number}{md_inlines(block.inlines)}"
    if block.kind == "quote" and block.quote:
        asked = f"> *{block.quote.question}*\n>\n" if block.quote.question else ""
        return f"{asked}> {block.quote.text} ({block.quote.attribution})"
    if block.kind == "ul":
        return "\n".join(f"- {md_inlines(item)}" for item in block.items)
    if block.kind == "ol":
        return "\n".join(f"{i}. {md_inlines(item)}" for i, item in enumerate(block.items, 1))
    if block.kind == "notes":
        return "\n".join(f"[^{item[0].text}]: {md_inlines(item[1:])}" for item in block.items)
    if block.kind == "todo":
        return f"**[{todo_word}: {md_inlines(block.inlines)}]**"
    if block.kind == "table" and block.table:
        t = block.table
        align = [
            "---:" if i < len(t.numeric) and t.numeric[i] else "---" for i in range(len(t.header))
        ]
        lines = [
            t.caption,
            "",
            f"| {' | '.join(_cell(h) for h in t.header)} |",
            f"|{'|'.join(align)}|",
        ]
        for i, row in enumerate(t.rows):
            last = t.total_row and i == len(t.rows) - 1
            cells = [f"**{_cell(c)}**" if last else _cell(c) for c in row]
            lines.append(f"| {' | '.join(cells)} |")
        if t.note:
            lines += ["", f"*{t.note}*"]
        return "\n".join(lines)
    return md_inlines(block.inlines)


def heat(value: float | None) -> str:
    """A cell colour from white (0) to a light blue (1), for heat-map tables.

    The darkest shade keeps the report's dark ink above 6:1 contrast (black: 8.6:1; WCAG AA
    asks 4.5:1), so the text colour never changes with the shading.
    """
    if value is None:
        return ""
    lo, hi = (255, 255, 255), (127, 170, 214)
    mix = [round(a + (b - a) * min(max(value, 0.0), 1.0)) for a, b in zip(lo, hi, strict=True)]
    return "{:02X}{:02X}{:02X}".format(*mix)


def dark(value: float | None) -> bool:
    """Kept for workspace templates written for white-on-dark cells: never dark now."""
    return False


def render_template(
    workspace_templates: Path | None, name: str, autoescape: bool, **context: Any
) -> str:
    """Render a template; a broken or escaping workspace template is a clear StcError."""
    import jinja2

    from stc.errors import FormatError

    try:
        text: str = (
            environment(workspace_templates, autoescape).get_template(name).render(**context)
        )
    except jinja2.TemplateNotFound as exc:
        raise FormatError(
            f"templates/{name}: template {exc.name!r} not found",
            hint="workspace templates may include or extend only files in templates/ "
            "and stc's own (stc/<name>)",
        ) from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        place = f"templates/{name}" + (f":{line}" if line else "")
        raise FormatError(f"{place}: {exc}", hint="fix the workspace template") from None
    return text


def environment(workspace_templates: Path | None, autoescape: bool) -> Any:
    import jinja2

    builtin = jinja2.PackageLoader("stc.report", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates and workspace_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(workspace_templates)))
    loaders += [builtin, jinja2.PrefixLoader({"stc": builtin})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,  # noqa: S701 - Markdown is not HTML; the HTML report autoescapes
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_block"] = md_block
    env.filters["heat"] = heat
    env.filters["dark"] = dark
    return env
