"""Keyword in context (stc/core/search.py): what matches, where a hit is, what it shows."""

from __future__ import annotations

import pytest

from stc import api
from stc.core import search as kwic
from stc.errors import InvalidValue, NotFound
from stc.store import Workspace

BODY = """\
I: Hvor møtes dere?

R: På kafé Fjord, i Storgata. Kafeen er liten. Vi møttes der i går, og CAFÉ-en var full.

I: Og strasse?

R: I Straße 5 bodde han. Møtet var kort.
"""


@pytest.fixture
def searched(ws: Workspace) -> Workspace:
    path = ws.root / "k.txt"
    path.write_text(BODY, encoding="utf-8")
    api.import_transcripts(ws, [path], group="fylke", transcript_id="fyl-09")
    path.unlink()
    return ws


def _hits(ws: Workspace, pattern: str, **kw: object) -> list[tuple[str, int, str]]:
    return [(h.transcript, h.turn, h.text) for h in kwic.search(ws.study(), pattern, **kw)]  # type: ignore[arg-type]


def test_case_and_accents_are_folded_and_words_are_whole(searched: Workspace):
    assert _hits(searched, "kafe", group="fylke") == [
        ("fyl-09", 2, "kafé"),
    ]  # "Kafeen" is another word
    assert _hits(searched, "cafe", group="fylke") == [("fyl-09", 2, "CAFÉ")]
    assert _hits(searched, "kafe", group="fylke", whole_words=False) == [
        ("fyl-09", 2, "kafé"),
        ("fyl-09", 2, "Kafe"),
    ]
    # exact: case and accents as written
    assert _hits(searched, "CAFÉ", group="fylke", exact=True) == [("fyl-09", 2, "CAFÉ")]
    assert _hits(searched, "café", group="fylke", exact=True) == []


def test_a_character_that_folds_to_two_still_gives_the_right_place(searched: Workspace):
    question, hit = kwic.search(searched.study(), "strasse", group="fylke")
    assert (question.turn, question.text, hit.turn, hit.text) == (3, "strasse", 4, "Straße")
    turn = searched.transcript("fyl-09").turn(4).text
    assert turn[hit.start : hit.end] == "Straße"
    assert hit.id == f"fyl-09:4:{hit.start}-{hit.end}"
    (after,) = kwic.search(searched.study(), "bodde", group="fylke")
    assert turn[after.start : after.end] == "bodde"  # offsets after the ß still fit


def test_context_width_and_the_units_coded_there(searched: Workspace):
    api.add_unit(searched, "fyl-09", "ms", ["sted", "kafe"], quote="På kafé Fjord")
    api.add_unit(searched, "fyl-09", "ak", ["sted"], quote="i Storgata")
    (hit,) = kwic.search(searched.study(), "fjord", width=8)
    assert (hit.left, hit.text, hit.right) == ("På kafé ", "Fjord", ", i Stor")
    assert hit.coded == ["ms: sted, kafe"]  # ak's unit only touches nothing of it
    assert hit.group == "fylke"
    (first,) = kwic.search(searched.study(), "på", width=5)
    assert (first.left, first.right) == ("", " kafé")


def test_regex_and_refusals(searched: Workspace):
    assert _hits(searched, r"m[øo]tt?es", group="fylke", regex=True) == [
        ("fyl-09", 1, "møtes"),
        ("fyl-09", 2, "møttes"),
    ]
    with pytest.raises(InvalidValue, match="the regular expression is not valid"):
        kwic.search(searched.study(), "(", regex=True)
    with pytest.raises(InvalidValue, match="the search pattern is empty"):
        kwic.search(searched.study(), "  ")
    with pytest.raises(NotFound, match="no informant group 'nope'"):
        kwic.search(searched.study(), "x", group="nope")
    with pytest.raises(NotFound, match="no code group 'nope'"):
        kwic.search(searched.study(), "x", code_group="nope")
    # no hit runs from one turn into the next
    assert kwic.search(searched.study(), r"full\.\s+Og", regex=True, whole_words=False) == []
    assert kwic.search(searched.study(), "full. Og", whole_words=False) == []
    # a regex ignores case unless --exact says otherwise
    assert _hits(searched, r"Hvor\b", group="fylke", regex=True) == [("fyl-09", 1, "Hvor")]
    assert _hits(searched, r"hvor\b", group="fylke", regex=True, exact=True) == []


def test_a_code_group_keeps_only_hits_inside_its_units(searched: Workspace):
    api.add_code_group(searched, "steder", "Steder")
    api.add_code(searched, "sted", "steder")
    api.add_unit(searched, "fyl-09", "ms", ["sted"], quote="På kafé Fjord")
    api.add_unit(searched, "fyl-09", "ms", ["annet"], quote="CAFÉ-en var full")
    assert _hits(searched, "kafe", code_group="steder") == [("fyl-09", 2, "kafé")]
    assert _hits(searched, "cafe", code_group="steder") == []
    # a unit across turns counts in every turn it covers
    api.add_unit(searched, "fyl-09", "ak", ["sted"], turn=2, start=60, end=20, to_turn=4)
    assert _hits(searched, "strasse", code_group="steder") == [
        ("fyl-09", 3, "strasse"),
        ("fyl-09", 4, "Straße"),
    ]
    assert _hits(searched, "møtet", code_group="steder") == []  # after the unit's end


def test_hit_ids_parse_back():
    assert kwic.parse_hit("vei-01:12:3-9") == ("vei-01", 12, 3, 9)
    assert kwic.parse_hit("a:b:1:2-3") == ("a:b", 1, 2, 3)
    with pytest.raises(InvalidValue) as caught:
        kwic.parse_hit("vei-01:12")
    assert caught.value.hint == "`stc search WORD` prints hit ids"


def test_the_code_group_filter_and_coded_list_use_overlap_not_touching(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "frist", "tid")
    # "Jeg" stands in turn 2 and turn 4 of vei-01; only turn 4's is inside the group's unit
    api.add_unit(ws, "vei-01", "ms", ["frist"], quote="Jeg rekker ikke")
    hits = kwic.search(ws.study(), "jeg", code_group="tid")
    assert [(h.transcript, h.turn, h.start) for h in hits] == [("vei-01", 4, 24)]
    # a unit that ends where a hit starts neither holds it nor is listed with it
    api.add_unit(ws, "vei-02", "ak", ["frist"], turn=4, start=0, end=24)  # up to "Jeg"
    (hit,) = [h for h in kwic.search(ws.study(), "jeg rekker") if h.transcript == "vei-02"]
    assert hit.coded == []
    assert [h.transcript for h in kwic.search(ws.study(), "jeg rekker", code_group="tid")] == [
        "vei-01"
    ]


def test_the_default_context_is_forty_characters_each_side(ws: Workspace):
    (hit,) = [h for h in kwic.search(ws.study(), "hvis") if h.transcript == "vei-01"]
    t2 = "Jeg jobber som veileder. Læringskurven er bratt hvis man ikke har jobbet i NAV før."
    a = t2.index("hvis")
    assert (hit.left, hit.right) == (t2[a - 40 : a], t2[a + 4 : a + 44])
