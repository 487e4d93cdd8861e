"""Jinja environment: workspace templates/ first, then the built-in ones (StrictUndefined)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stc.report.view import Block, Inline


def md_inlines(runs: tuple[Inline, ...]) -> str:
    out = []
    for r in runs:
        text = r.text
        if r.bold:
            text = f"**{text}**"
        elif r.italic:
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def md_block(block: Block, todo_word: str) -> str:
    if block.kind == "quote" and block.quote:
        return f"> {block.quote.text} ({block.quote.attribution})"
    if block.kind == "ul":
        return "\n".join(f"- {md_inlines(item)}" for item in block.items)
    if block.kind == "ol":
        return "\n".join(f"{i}. {md_inlines(item)}" for i, item in enumerate(block.items, 1))
    if block.kind == "todo":
        return f"**[{todo_word}: {md_inlines(block.inlines)}]**"
    if block.kind == "h":
        return f"**{md_inlines(block.inlines)}**"
    return md_inlines(block.inlines)


def environment(workspace_templates: Path | None, autoescape: bool) -> Any:
    import jinja2

    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates and workspace_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(workspace_templates)))
    loaders.append(jinja2.PackageLoader("stc.report", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,  # noqa: S701 - Markdown output is not HTML; HTML autoescapes
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_block"] = md_block
    env.filters["md_inlines"] = md_inlines
    env.filters["cell"] = lambda text: str(text).replace("|", "\\|").replace("\n", " ")
    return env
