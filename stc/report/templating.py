"""Jinja environment for Markdown and HTML reports.

Templates come from the workspace's ``templates/`` folder first, then stc's own; a workspace
template can extend the built-in one it replaces as ``stc/<name>`` (``{% extends
"stc/report.html.j2" %}``). Undefined variables are errors (StrictUndefined).

A workspace template comes from git, so it is untrusted: the environment is Jinja's
immutable sandbox (no attribute starting with ``_``, no unsafe callables, no changing the
view), repetition (``"x" * n``) and powers are capped, and the rendered text is capped at
``REPORT_OUTPUT``. The api hands over a function that reads ``templates/NAME`` through the
store, which refuses links and paths outside that folder.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from stc.limits import REPORT_OUTPUT, size
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


TemplateSource = Callable[[str], str | None]


def render_template(
    workspace_templates: TemplateSource | None, name: str, autoescape: bool, **context: Any
) -> str:
    """Render a template; a broken, unsafe or escaping workspace template is a StcError."""
    import jinja2
    from jinja2.exceptions import SecurityError

    from stc.errors import FormatError, StcError, TooLarge

    used: list[str] = []  # workspace templates loaded, so errors can name them

    def source(template: str) -> str | None:
        text = workspace_templates(template) if workspace_templates else None
        if text is not None:
            used.append(template)
        return text

    try:
        template = environment(source, autoescape).get_template(name)
        parts, total = [], 0
        for chunk in template.generate(**context):
            total += len(chunk)
            if total > REPORT_OUTPUT:
                raise TooLarge(
                    f"templates/{name}: the report grows past {size(REPORT_OUTPUT)}",
                    hint="a loop in the workspace template repeats without end; fix it",
                )
            parts.append(chunk)
    except jinja2.TemplateNotFound as exc:
        raise FormatError(
            f"templates/{name}: template {exc.name!r} not found",
            hint="workspace templates may include or extend only files in templates/ "
            "and stc's own (stc/<name>)",
        ) from None
    except SecurityError as exc:
        raise FormatError(
            f"templates/{name}: refused: {exc}",
            hint="a report template may use the report's data and filters, not Python "
            "internals; remove that expression (a template from a shared repository may "
            "be hostile)",
        ) from None
    except jinja2.TemplateError as exc:
        line = getattr(exc, "lineno", None)
        place = f"templates/{name}" + (f":{line}" if line else "")
        raise FormatError(f"{place}: {exc}", hint="fix the workspace template") from None
    except StcError:
        raise
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as exc:
        if not used:
            raise  # stc's own template: a bug to report, not the workspace's to fix
        raise FormatError(
            f"templates/{name}: the template fails while rendering ({type(exc).__name__}: {exc})",
            hint="fix the workspace template",
        ) from None
    return "".join(parts)


# "x" * n and n ** m are the two operators that can build a huge value in one step
_MAX_REPEAT = 100_000
_MAX_POWER = 4096  # bits


def _binop(env: Any, context: Any, operator_: str, left: Any, right: Any) -> Any:
    from jinja2.exceptions import SecurityError

    if operator_ == "*":
        for seq, n in ((left, right), (right, left)):
            repeated = isinstance(seq, str | list | tuple) and isinstance(n, int)
            if repeated and len(seq) * n > _MAX_REPEAT:
                raise SecurityError(f"repetition to more than {_MAX_REPEAT} items refused")
        return operator.mul(left, right)
    if operator_ == "**":
        ints = isinstance(left, int) and isinstance(right, int)
        if ints and abs(left) > 1 and right * abs(left).bit_length() > _MAX_POWER:
            raise SecurityError("a power this large is refused")
        return operator.pow(left, right)
    return env.binop_table[operator_](left, right)


def environment(workspace_templates: TemplateSource | None, autoescape: bool) -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
            return _binop(self, context, operator_, left, right)

    builtin = jinja2.PackageLoader("stc.report", "templates")
    loaders: list[jinja2.BaseLoader] = []
    if workspace_templates is not None:
        loaders.append(jinja2.FunctionLoader(workspace_templates))
    loaders += [builtin, jinja2.PrefixLoader({"stc": builtin})]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,  # Markdown is not HTML; the HTML report autoescapes
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_block"] = md_block
    env.filters["heat"] = heat
    env.filters["dark"] = dark
    return env
