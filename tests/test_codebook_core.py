"""Codebook edits on their own (stc/core/codebook.py): themes, code groups and codes, renames
and merges carried into every unit, and the colours exports give them."""

from __future__ import annotations

import colorsys

import pytest

from stc import api
from stc.core import codebook as cb_steps
from stc.errors import Conflict, FormatError, InvalidValue, NotFound
from stc.model import Code, Codebook, CodeGroup, Theme
from stc.store import Workspace


def _cb() -> Codebook:
    return Codebook(
        themes=(Theme("hverdag", "Hverdagen"),),
        code_groups=(CodeGroup("tid", "Tid", "hverdag"), CodeGroup("rolle", "Rolle")),
        codes=(
            Code("saker", "Saker", "tid", "Mange saker", "inkl", "ekskl"),
            Code("frist", "", "tid"),
            Code("los", ""),
        ),
    )


@pytest.mark.parametrize(
    ("name", "label", "expected"),
    [
        ("Vendor opacity", "", ("vendor-opacity", "Vendor opacity")),
        ("  Vendor opacity ", "Own", ("vendor-opacity", "Own")),
        ("vendor-opacity", "", ("vendor-opacity", "")),
        ("vendor-opacity", "Label", ("vendor-opacity", "Label")),
        ("Tid og press", "", ("tid-og-press", "Tid og press")),
        ("!!!", "", ("!!!", "")),  # nothing to make an id of: left for check_id to refuse
    ],
)
def test_a_name_becomes_an_id_and_a_label(name: str, label: str, expected: tuple[str, str]):
    assert cb_steps.id_and_label(name, label) == expected


def test_themes_and_code_groups_are_added_once_and_updated_in_place():
    cb, theme = cb_steps.add_theme(_cb(), "Møte med NAV", None, "Om møtene", "ms")
    assert (theme.id, theme.label, theme.description, theme.author) == (
        "møte-med-nav", "Møte med NAV", "Om møtene", "ms"
    )  # fmt: skip
    assert [t.id for t in cb.themes] == ["hverdag", "møte-med-nav"]
    with pytest.raises(Conflict) as caught:
        cb_steps.add_theme(cb, "Annet", "hverdag", "", "")
    assert caught.value.hint == "choose another --id"
    same, group = cb_steps.add_code_group(cb, "tid", "Tid", "hverdag", "")
    assert same is cb and group == cb.code_group("tid")
    changed, _ = cb_steps.add_code_group(cb, "tid", "Tid og press", "møte-med-nav", "Def")
    assert [g.id for g in changed.code_groups] == ["tid", "rolle"]  # in place, not appended
    assert changed.code_group("tid") == CodeGroup("tid", "Tid og press", "møte-med-nav", "Def")
    added, _ = cb_steps.add_code_group(cb, "ny", "Ny", None, "")
    assert [g.id for g in added.code_groups] == ["tid", "rolle", "ny"]
    with pytest.raises(FormatError, match=r"theme id '\?\?\?' is not usable"):
        cb_steps.add_theme(cb, "???", None, "", "")  # no word to make an id of
    with pytest.raises(NotFound) as caught:
        cb_steps.add_code_group(cb, "x", "X", "nope", "")
    assert caught.value.message == "no theme 'nope' in the codebook"
    assert caught.value.hint.startswith("`stc theme list` shows the themes")


def test_a_code_keeps_what_an_update_leaves_out():
    cb, code = cb_steps.add_code(_cb(), "saker", None, definition="Ny definisjon")
    assert code == Code("saker", "Saker", "tid", "Ny definisjon", "inkl", "ekskl")
    assert [c.id for c in cb.codes] == ["saker", "frist", "los"]
    cb, code = cb_steps.add_code(cb, "los", "rolle", "Løs", "D", "I", "E")
    assert code == Code("los", "Løs", "rolle", "D", "I", "E")  # an unsorted code sorted
    cb, code = cb_steps.add_code(cb, "ny", None)
    assert code == Code("ny", "", None) and cb.codes[-1] == code
    with pytest.raises(NotFound) as caught:
        cb_steps.add_code(cb, "x", "nope")
    assert caught.value.hint == "add it first: stc codebook group add nope --label '…'"
    with pytest.raises(FormatError):
        cb_steps.add_code(cb, "Not an id", None)


@pytest.fixture
def coded(ws: Workspace) -> Workspace:
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid", include="om saksmengde", exclude="om frister")
    api.add_code(ws, "mengde", "tid", definition="Saksmengden", include="antall")
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-02", "ms", ["saker", "mengde"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-03", "ak", ["annet"], quote="Jeg jobber")
    return ws


def test_renaming_a_code_renames_it_in_every_unit_and_nothing_else(coded: Workspace):
    r = cb_steps.rename_code(coded.study(), "saker", "saksmengde")
    assert [c.id for c in r.codebook.codes][:2] == ["saksmengde", "mengde"]
    assert r.units == 2
    assert sorted((uf.transcript, uf.coder) for uf in r.unit_files) == [
        ("vei-01", "ms"),
        ("vei-02", "ms"),
    ]  # vei-03 holds no such code: its file is not rewritten
    codes = {uf.transcript: [u.codes for u in uf.units] for uf in r.unit_files}
    assert codes == {"vei-01": [("saksmengde",)], "vei-02": [("saksmengde", "mengde")]}
    with pytest.raises(Conflict) as caught:
        cb_steps.rename_code(coded.study(), "saker", "mengde")
    assert caught.value.hint == "to combine them: stc codebook merge saker mengde"
    with pytest.raises(NotFound) as caught:
        cb_steps.rename_code(coded.study(), "nope", "x")
    assert caught.value.hint == "`stc codebook show` lists codes"


def test_merging_a_code_folds_units_and_definitions_into_the_target(coded: Workspace):
    r = cb_steps.merge_codes(coded.study(), "saker", "mengde")
    assert [c.id for c in r.codebook.codes if c.code_group == "tid"] == ["mengde"]
    (target,) = [c for c in r.codebook.codes if c.id == "mengde"]
    assert (target.definition, target.include, target.exclude) == (
        "Saksmengden", "antall\nom saksmengde", "om frister"
    )  # fmt: skip
    codes = {uf.transcript: [u.codes for u in uf.units] for uf in r.unit_files}
    assert codes == {"vei-01": [("mengde",)], "vei-02": [("mengde",)]}  # never twice
    assert r.units == 2
    with pytest.raises(InvalidValue, match="cannot be merged into itself"):
        cb_steps.merge_codes(coded.study(), "saker", "saker")
    merged = cb_steps.merge_codes(coded.study(), "mengde", "saker")
    (kept,) = [c for c in merged.codebook.codes if c.id == "saker"]
    assert kept.definition == "Saksmengden"  # the target had none: the source's is kept


def test_moving_and_renaming_groups_carry_their_codes():
    cb = cb_steps.move_code(_cb(), "los", "rolle")
    assert cb.code("los").code_group == "rolle"  # type: ignore[union-attr]
    assert cb_steps.move_code(cb, "los", None).code("los").code_group is None  # type: ignore[union-attr]
    assert cb.code("saker").code_group == "tid"  # type: ignore[union-attr]
    with pytest.raises(NotFound) as caught:
        cb_steps.move_code(cb, "los", "nope")
    assert caught.value.message == "no code group 'nope'"
    renamed = cb_steps.rename_code_group(cb, "tid", "tidspress", "Tidspress")
    assert [(g.id, g.label) for g in renamed.code_groups] == [
        ("tidspress", "Tidspress"),
        ("rolle", "Rolle"),
    ]
    assert [c.code_group for c in renamed.codes] == ["tidspress", "tidspress", "rolle"]
    relabel = cb_steps.rename_code_group(cb, "tid", "tid", None)
    assert relabel.code_group("tid") == cb.code_group("tid")  # same id, label kept
    with pytest.raises(Conflict, match="code group 'rolle' exists already"):
        cb_steps.rename_code_group(cb, "tid", "rolle")
    with pytest.raises(NotFound):
        cb_steps.rename_code_group(cb, "nope", "x")


def test_themes_are_edited_and_removed_only_when_empty():
    cb = cb_steps.edit_theme(_cb(), "hverdag", None, "Ny beskrivelse")
    assert cb.theme("hverdag") == Theme("hverdag", "Hverdagen", "Ny beskrivelse")
    cb = cb_steps.edit_theme(cb, "hverdag", "Arbeidsdagen", None)
    assert cb.theme("hverdag") == Theme("hverdag", "Arbeidsdagen", "Ny beskrivelse")
    cleared = cb_steps.edit_theme(cb, "hverdag", None, "")
    assert cleared.theme("hverdag").description == ""  # type: ignore[union-attr]
    with pytest.raises(Conflict) as caught:
        cb_steps.remove_theme(cb, "hverdag")
    assert caught.value.message == "theme 'hverdag' still has code groups: tid"
    moved, _ = cb_steps.add_code_group(cb, "tid", "Tid", None, "")
    assert cb_steps.remove_theme(moved, "hverdag").themes == ()
    for step in (cb_steps.remove_theme, lambda c, t: cb_steps.edit_theme(c, t, "x", None)):
        with pytest.raises(NotFound) as caught:
            step(cb, "nope")
        assert caught.value.hint == "`stc theme list` shows the themes"


def _hue(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0]


def _light(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[1]


def test_each_code_group_gets_its_own_hue_and_its_codes_shades_of_it():
    cb = Codebook(
        code_groups=(CodeGroup("a", "A"), CodeGroup("b", "B"), CodeGroup("c", "C", color="#1F77B4")),
        codes=(
            Code("a1", "", "a"), Code("a2", "", "a"), Code("a3", "", "a"),
            Code("b1", "", "b"), Code("c1", "", "c", color="#FF0000"), Code("c2", "", "c"),
            Code("x1", ""), Code("x2", ""),
        ),
    )  # fmt: skip
    col = cb_steps.colors(cb)
    assert col[("group", "a")] == "#A63030"  # hue 0, lightness 0.42, saturation 0.55
    assert _hue(col[("group", "b")]) == pytest.approx(137.508 / 360, abs=0.01)
    assert col[("group", "c")] == "#1F77B4"  # a colour of its own wins
    # a group's codes run light to dark in its hue; one code alone is mid
    a = [_light(col[("code", f"a{i}")]) for i in (1, 2, 3)]
    assert a[0] == pytest.approx(0.72, abs=0.01) and a[2] == pytest.approx(0.32, abs=0.01)
    assert a[0] > a[1] > a[2]
    assert _light(col[("code", "b1")]) == pytest.approx(0.55, abs=0.01)
    assert col[("code", "c1")] == "#FF0000"
    assert _hue(col[("code", "c2")]) == pytest.approx(_hue("#1F77B4"), abs=0.01)
    # unsorted codes are greys
    assert col[("code", "x1")] == "#B8B8B8" and col[("code", "x2")] == "#525252"
