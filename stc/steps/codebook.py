"""Codebook edits: preliminary themes, code groups and codes (pure)."""

from __future__ import annotations

from dataclasses import replace

from stc.errors import Conflict, NotFound
from stc.model import Code, Codebook, CodeGroup, Theme, check_id
from stc.text import slug


def add_theme(
    cb: Codebook, label: str, theme_id: str | None, description: str, author: str
) -> tuple[Codebook, Theme]:
    theme = Theme(check_id(theme_id or slug(label), "theme"), label, description, author)
    if cb.theme(theme.id):
        raise Conflict(f"theme {theme.id!r} exists already", hint="choose another --id")
    return replace(cb, themes=(*cb.themes, theme)), theme


def add_code_group(
    cb: Codebook, group_id: str, label: str, theme: str | None, definition: str
) -> tuple[Codebook, CodeGroup]:
    group = CodeGroup(check_id(group_id, "code group"), label, theme, definition)
    if theme and not cb.theme(theme):
        raise NotFound(
            f"no theme {theme!r} in the codebook",
            hint="`stc theme list` shows the themes; add one with `stc theme add LABEL`",
        )
    existing = cb.code_group(group.id)
    if existing:
        if existing == group:
            return cb, group
        groups = tuple(group if g.id == group.id else g for g in cb.code_groups)
        return replace(cb, code_groups=groups), group
    return replace(cb, code_groups=(*cb.code_groups, group)), group


def add_code(
    cb: Codebook,
    code_id: str,
    code_group: str | None,
    label: str = "",
    definition: str = "",
    include: str = "",
    exclude: str = "",
) -> tuple[Codebook, Code]:
    """Add a code, or update an existing one (sorting an unsorted code into a code group)."""
    check_id(code_id, "code")
    if code_group and not cb.code_group(code_group):
        raise NotFound(
            f"no code group {code_group!r} in the codebook",
            hint=f"add it first: stc codebook group add {code_group} --label '…'",
        )
    old = cb.code(code_id)
    code = Code(
        code_id,
        label or (old.label if old else ""),
        code_group or (old.code_group if old else None),
        definition or (old.definition if old else ""),
        include or (old.include if old else ""),
        exclude or (old.exclude if old else ""),
    )
    if old:
        return replace(cb, codes=tuple(code if c.id == code_id else c for c in cb.codes)), code
    return replace(cb, codes=(*cb.codes, code)), code
