"""Codebook edits: preliminary themes, code groups and codes (pure)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from stc.errors import Conflict, InvalidValue, NotFound
from stc.model import Code, Codebook, CodeGroup, Theme, UnitFile, check_id
from stc.study import Study
from stc.text import slug


def id_and_label(name: str, label: str = "") -> tuple[str, str]:
    """A code or code group given by id or by a readable name.

    "Vendor opacity" → ("vendor-opacity", "Vendor opacity"); an id stays itself, with the
    label given (if any).
    """
    name = name.strip()
    if not any(ch.isalnum() for ch in name):  # nothing to make an id of: check_id refuses it
        return name, label
    ident = slug(name)
    if ident == name:
        return name, label
    return ident, label or name


def add_theme(
    cb: Codebook, label: str, theme_id: str | None, description: str, author: str
) -> tuple[Codebook, Theme]:
    theme = Theme(check_id(theme_id or id_and_label(label)[0], "theme"), label, description, author)
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


@dataclass(frozen=True)
class Recode:
    """The result of a codebook change: the new codebook, changed unit files, a summary."""

    codebook: Codebook
    unit_files: tuple[UnitFile, ...]
    units: int


def _recode(study: Study, cb: Codebook, mapping: dict[str, str]) -> Recode:
    files, count = [], 0
    for uf in study.unit_files:
        changed = []
        for u in uf.units:
            if any(c in mapping for c in u.codes):
                codes = tuple(dict.fromkeys(mapping.get(c, c) for c in u.codes))
                changed.append(replace(u, codes=codes))
                count += 1
            else:
                changed.append(u)
        if changed != list(uf.units):
            files.append(replace(uf, units=tuple(changed)))
    return Recode(cb, tuple(files), count)


def _code(cb: Codebook, code_id: str) -> Code:
    code = cb.code(code_id)
    if code is None:
        raise NotFound(
            f"no code {code_id!r} in the codebook", hint="`stc codebook show` lists codes"
        )
    return code


def rename_code(study: Study, old: str, new: str) -> Recode:
    """Give a code a new id everywhere: the codebook and every meaning unit."""
    cb = study.codebook
    code = _code(cb, old)
    check_id(new, "code")
    if cb.code(new):
        raise Conflict(
            f"code {new!r} exists already", hint=f"to combine them: stc codebook merge {old} {new}"
        )
    codes = tuple(replace(c, id=new) if c.id == old else c for c in cb.codes)
    return _recode(study, replace(cb, codes=codes), {code.id: new})


def merge_codes(study: Study, source: str, target: str) -> Recode:
    """Fold one code into another: its units take the target code; the source code goes."""
    cb = study.codebook
    src, dst = _code(cb, source), _code(cb, target)
    if src.id == dst.id:
        raise InvalidValue("a code cannot be merged into itself")
    merged = replace(
        dst,
        definition=dst.definition or src.definition,
        include="\n".join(x for x in (dst.include, src.include) if x),
        exclude="\n".join(x for x in (dst.exclude, src.exclude) if x),
    )
    codes = tuple(merged if c.id == dst.id else c for c in cb.codes if c.id != src.id)
    return _recode(study, replace(cb, codes=codes), {src.id: dst.id})


def move_code(cb: Codebook, code_id: str, code_group: str | None) -> Codebook:
    """Sort a code into another code group (None: back to unsorted)."""
    code = _code(cb, code_id)
    if code_group and not cb.code_group(code_group):
        raise NotFound(f"no code group {code_group!r}", hint="`stc codebook show` lists them")
    return replace(
        cb,
        codes=tuple(replace(c, code_group=code_group) if c.id == code.id else c for c in cb.codes),
    )


def rename_code_group(cb: Codebook, old: str, new: str, label: str | None = None) -> Codebook:
    group = cb.code_group(old)
    if group is None:
        raise NotFound(f"no code group {old!r}", hint="`stc codebook show` lists them")
    check_id(new, "code group")
    if new != old and cb.code_group(new):
        raise Conflict(f"code group {new!r} exists already")
    groups = tuple(
        replace(g, id=new, label=label or g.label) if g.id == old else g for g in cb.code_groups
    )
    codes = tuple(replace(c, code_group=new) if c.code_group == old else c for c in cb.codes)
    return replace(cb, code_groups=groups, codes=codes)


def edit_theme(cb: Codebook, theme_id: str, label: str | None, description: str | None) -> Codebook:
    theme = cb.theme(theme_id)
    if theme is None:
        raise NotFound(f"no theme {theme_id!r}", hint="`stc theme list` shows the themes")
    new = replace(
        theme,
        label=label or theme.label,
        description=theme.description if description is None else description,
    )
    return replace(cb, themes=tuple(new if t.id == theme_id else t for t in cb.themes))


def remove_theme(cb: Codebook, theme_id: str) -> Codebook:
    if cb.theme(theme_id) is None:
        raise NotFound(f"no theme {theme_id!r}", hint="`stc theme list` shows the themes")
    used = [g.id for g in cb.code_groups if g.theme == theme_id]
    if used:
        raise Conflict(
            f"theme {theme_id!r} still has code groups: {', '.join(used)}",
            hint="move them to another theme first (stc codebook group add ID --label L --theme T)",
        )
    return replace(cb, themes=tuple(t for t in cb.themes if t.id != theme_id))


GOLDEN_ANGLE = 137.508  # degrees: consecutive code groups get hues far apart


def _hex(h: float, lightness: float, saturation: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(h % 1.0, lightness, saturation)
    return "#" + "".join(f"{round(x * 255):02X}" for x in (r, g, b))


def _hls(color: str) -> tuple[float, float, float]:
    import colorsys

    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)


def colors(cb: Codebook) -> dict[tuple[str, str], str]:
    """A colour for every code group and code: ("group", id) / ("code", id) → #RRGGBB.

    Each code group has a hue of its own (the golden angle apart, in codebook order) and its
    codes are shades of it, light to dark in codebook order; unsorted codes are greys. A
    ``color`` in the codebook overrides the derived one (a group's also sets its codes' hue).
    """
    out: dict[tuple[str, str], str] = {}
    for i, g in enumerate(cb.code_groups):
        hue, _, sat = _hls(g.color) if g.color else ((i * GOLDEN_ANGLE) / 360, 0.0, 0.55)
        out[("group", g.id)] = g.color or _hex(hue, 0.42, sat)
        _shades(out, cb.codes_in(g.id), hue, sat)
    _shades(out, cb.unsorted, 0.0, 0.0)
    return out


def _shades(
    out: dict[tuple[str, str], str], codes: tuple[Code, ...], hue: float, sat: float
) -> None:
    for k, c in enumerate(codes):
        lightness = 0.72 - 0.4 * k / max(len(codes) - 1, 1) if len(codes) > 1 else 0.55
        out[("code", c.id)] = c.color or _hex(hue, lightness, sat)
