"""The output gate's rules on their own (stc/core/gate.py): which texts an output carries and
from where, how each kind of text is read, and what blocks an output — without rendering.

tests/test_output_gate.py proves the same table end to end through every command; these tests
pin the rules themselves, place by place."""

from __future__ import annotations

from dataclasses import replace

import pytest

from stc import api
from stc.core import gate
from stc.core.anon import Finding, Scanner
from stc.core.gate import OUTPUTS, Place, Refusal, Scope
from stc.core.names import PROPAGATE
from stc.store import Workspace


@pytest.fixture
def study(demo: Workspace):
    return demo.study()


def _all(study) -> Scope:
    return Scope(units=tuple(study.analysed))


# --- which texts, from where ---------------------------------------------------------------


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_an_output_carries_only_its_fields_and_every_one_the_demo_fills(study, output: str):
    scope = replace(_all(study), transcripts=tuple(sorted(study.transcripts)))
    found = gate.places(study, output, scope)
    fields = {p.field for p in found}
    assert fields <= set(OUTPUTS[output].fields)
    empty_in_demo = {"project subtitle", "power notes", "translation", "source", "quote_as"}
    empty_in_demo |= {"code group definition", "code definition", "unit note", "code label"}
    empty_in_demo |= {"theme description", "heading", "decision", "impression"}
    assert set(OUTPUTS[output].fields) - fields <= empty_in_demo
    assert all(p.text or p.mode == "transcript" for p in found)


def test_each_place_names_its_file_and_where_in_it(study):
    found = gate.places(study, "qdpx", replace(_all(study), transcripts=("vei-01",)))
    by_field = {}
    for p in found:
        by_field.setdefault(p.field, p)
    theme = study.codebook.themes[0]
    group = study.codebook.code_groups[0]
    assert (by_field["project title"].file, by_field["project title"].where) == (
        "stc.yaml",
        "title",
    )
    assert by_field["theme label"].where == f"theme {theme.id}: label"
    assert by_field["theme label"].file == "codebooks/codebook.yaml"
    assert by_field["code group label"].where == f"code group {group.id}: label"
    assert by_field["group label"].where.startswith("informant group ")
    sub = by_field["condensate"]
    assert sub.file.startswith("analyses/step3/") and sub.where.endswith(": condensate")
    assert by_field["analytic text"].file.startswith("analyses/step4/")
    q = by_field["quote"]
    unit = study.unit_index[q.unit]
    assert q.file == f"analyses/step2/{unit.transcript}/{unit.coder}.yaml"
    assert (q.where, q.mode, q.transcript) == (f"unit {unit.id}: text", "quote", unit.transcript)
    assert q.span == (unit.turn, unit.start, unit.last_turn, unit.end) and q.anchored
    t = by_field["transcript text"]
    assert (t.file, t.mode, t.transcript) == ("transcripts/vei-01.md", "transcript", "vei-01")
    assert by_field["transcript id"].mode == "id"


def test_a_chapter_carries_its_theme_only(study):
    theme = study.codebook.themes[0].id
    scope = Scope(units=tuple(study.analysed), theme=theme)
    found = gate.places(study, "chapter", scope)
    themes = [p for p in found if p.field == "theme label"]
    assert [p.where for p in themes] == [f"theme {theme}: label"]
    groups = {p.where.split(":")[0].split()[-1] for p in found if p.field == "code group label"}
    assert groups == {g.id for g in study.codebook.code_groups if study.theme_of(g.id) == theme}
    some = next(iter(groups))
    only = gate.places(study, "chapter", replace(scope, code_groups=(some,)))
    assert {p.where for p in only if p.field == "code group label"} == {f"code group {some}: label"}


def test_the_codebook_export_carries_the_codes_of_chosen_groups_and_unsorted_ones(ws: Workspace):
    api.add_code_group(ws, "a", "A")
    api.add_code_group(ws, "b", "B")
    api.add_code(ws, "in-a", "a", definition="Om a.")
    api.add_code(ws, "in-b", "b")
    api.add_code(ws, "loose")
    study = ws.study()
    found = gate.places(study, "qdc", Scope(code_groups=("a",)))
    assert [p.where for p in found if p.field == "code id"] == ["code in-a: id", "code loose: id"]
    assert [p.text for p in found if p.field == "code definition"] == ["Om a."]


# --- how each kind of text is read ----------------------------------------------------------


def _scanner() -> Scanner:
    return Scanner("nb", names=False)


def _prose(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    return Scanner("nb").scan_texts(texts)


def _place(text: str, mode: str, **kw: object) -> Place:
    return Place("f", "file.yaml", "here", text, mode, **kw)  # type: ignore[arg-type]


def test_prose_is_read_with_the_whole_detector_labels_and_ids_without_name_guessing():
    prose = _place("Vi snakket med Daan García i går.", "prose")
    label = replace(_place("Daan García og planen", "label"), where="there")
    found = gate.inspect(_prose, _scanner(), [prose, label], {})
    # found in prose, a name is then searched for in every other text too
    assert [(r.where, r.kind, r.found) for r in found] == [
        ("here", "name", "Daan García"),
        ("there", "name", "Daan García"),
    ]
    alone = gate.inspect(_prose, _scanner(), [label], {})
    assert alone == []  # a label alone is title case by nature: no guessing
    assert gate.inspect(_prose, _scanner(), [_place("Ring 22 33 44 55", "label")], {})


def test_an_id_is_read_as_words_and_a_certain_transcript_name_is_known_everywhere():
    key = Finding("vei-01", 2, 0, 13, "name", "Kari Nordmann", "…", 0.95)
    unsure = Finding("vei-01", 2, 20, 31, "name", "Daan García", "…", 0.6)
    ident = _place("kari_nordmann-notat.docx", "id")
    label = _place("Intervju med Daan García", "label")
    found = gate.inspect(_prose, _scanner(), [ident, label], {"vei-01": [key, unsure]})
    assert [(r.kind, r.found) for r in found] == [("name", "kari_nordmann")]
    assert found[0].context == "…[kari_nordmann]-notat.docx…"


def test_a_quote_is_judged_by_its_transcripts_findings_at_its_place():
    inside = Finding("vei-01", 4, 10, 20, "phone", "22 33 44 55", "ring [22 33 44 55]")
    before = Finding("vei-01", 4, 0, 5, "name", "Aino", "[Aino] sa")
    other_turn = Finding("vei-01", 2, 10, 20, "name", "Per Olsen", "[Per Olsen]")
    findings = {"vei-01": [inside, before, other_turn]}
    quote = _place("x", "quote", transcript="vei-01", span=(4, 8, 4, 30), anchored=True)
    found = gate.inspect(_prose, _scanner(), [quote], findings)
    assert [(r.kind, r.found, r.context) for r in found] == [
        ("phone", "22 33 44 55", "ring [22 33 44 55]")
    ]
    # touching is not overlapping: a finding that ends where the quote starts stays out
    edge = replace(quote, span=(4, 5, 4, 10))
    assert gate.inspect(_prose, _scanner(), [edge], findings) == []
    # across turns 2–4 every finding in between counts; before turn 2's start does not
    across = replace(quote, span=(2, 15, 4, 3))
    assert {r.found for r in gate.inspect(_prose, _scanner(), [across], findings)} == {
        "Per Olsen",
        "Aino",
    }


def test_a_quote_that_moved_is_read_on_its_own_and_a_transcript_lists_every_finding():
    moved = _place("ring meg på 22 33 44 55", "quote", transcript="vei-01", anchored=False)
    (r,) = gate.inspect(_prose, _scanner(), [moved], {})
    assert (r.kind, r.found) == ("phone", "22 33 44 55")
    f = Finding("vei-02", 3, 0, 4, "name", "Aino", "[Aino] sa", 0.7)
    whole = _place("", "transcript", transcript="vei-02")
    (r,) = gate.inspect(_prose, _scanner(), [whole], {"vei-02": [f]})
    assert r == Refusal("file.yaml", "turn 3", "name", "Aino", "[Aino] sa")


def test_one_refusal_per_place_and_identifier():
    f = Finding("vei-01", 4, 0, 11, "phone", "22 33 44 55", "[22 33 44 55]")
    moved = _place("22 33 44 55", "quote", transcript="vei-01", span=(4, 0, 4, 11))
    found = gate.inspect(_prose, _scanner(), [moved, moved], {"vei-01": [f]})
    assert len(found) == 1


def test_markdown_prose_is_read_line_by_line_without_marks_or_references():
    text = "# Om **Kari**\n\n- [[vei-01.ms.abc123]] Vi *møtte* _Aino_.\n2. `kode`\n"
    segments = gate._prose_segments(text)
    assert [(o, s.strip()) for o, s in segments] == [
        (0, "Om   Kari"),
        (37, "Vi  møtte   Aino ."),
        (57, "kode"),
    ]
    for offset, seg in segments:
        assert len(seg) == len(
            text[offset:].split("\n", maxsplit=1)[0]
        )  # offsets point into the text
    assert gate._as_words("kari_nordmann-2.docx") == "kari nordmann 2 docx"


# --- what blocks an output ------------------------------------------------------------------


def test_conflict_markers_stale_quotes_and_dangling_references_block(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    unit = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    study = ws.study()
    stale = replace(unit, text="Vi har altfor mange saker.")
    marked = _place("<<<<<<< HEAD\nA\n=======\nB\n>>>>>>> x\n", "prose")
    harmless = _place("Ingen ======= her", "prose")
    body = Place(
        "analytic text", "analyses/step4/tid.md", "body", "Se [[vei-01.ms.ffffff]].", "prose"
    )
    found = gate.blockers(study, [marked, harmless, body], Scope(units=(unit, stale)))
    assert [(r.file, r.where, r.kind) for r in found] == [
        ("file.yaml", "here", "conflict-marker"),
        ("analyses/step2/vei-01/ms.yaml", f"unit {unit.id}", "stale-quote"),
        ("analyses/step4/tid.md", "[[vei-01.ms.ffffff]]", "dangling-reference"),
    ]
    assert str(found[1]).startswith(f"analyses/step2/vei-01/ms.yaml: unit {unit.id}: its text")
    assert [r.found for r in found] == ["", "", ""]
    assert found[0].context == (
        "a git conflict marker (<<<<<<<, =======, >>>>>>>): resolve the merge first"
    )
    assert found[2].context == (
        "[[vei-01.ms.ffffff]] refers to no meaning unit; fix or remove the reference"
    )
    # half a conflict (the rest deleted by hand) blocks too, each marker on its own
    for half in ("Tekst\n<<<<<<< HEAD\nA\n", "A\n=======\nB\n"):
        assert [r.kind for r in gate.blockers(study, [_place(half, "prose")], Scope())] == [
            "conflict-marker"
        ]

    # a stale quote whose text is found again elsewhere is no blocker (check re-anchors it)
    moved = replace(unit, turn=2, start=0, end=23)
    assert gate.blockers(study, [], Scope(units=(moved,))) == []


def test_not_anonymised_transcripts_block_their_export(ws: Workspace):
    study = ws.study()
    forced = replace(study.transcripts["vei-02"], anonymised=False)
    study = replace(study, transcripts={**study.transcripts, "vei-02": forced})
    (r,) = gate.not_anonymised(study, Scope(transcripts=("vei-01", "vei-02", "gone")))
    assert (r.file, r.where, r.kind) == ("transcripts/vei-02.md", "anonymised", "not-anonymised")
    assert "`stc anon apply vei-02` first" in str(r) and r.found == ""


def test_a_refusal_reads_as_file_place_and_what_was_found():
    r = Refusal("stc.yaml", "title", "name", "Kari", "[Kari] sin studie")
    assert str(r) == "stc.yaml: title: a likely name 'Kari' in [Kari] sin studie"
    assert str(replace(r, where="")) == "stc.yaml: a likely name 'Kari' in [Kari] sin studie"


def test_a_report_prints_its_groups_units_and_every_unit_its_texts_quote(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid")
    api.add_code(ws, "saker", "tid")
    inside = api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.").unit
    outside = api.add_unit(ws, "vei-02", "ms", ["usortert"], quote="Jeg jobber").unit
    api.write_synthesis(ws, "tid", f"Se [[{outside.id}]] og [[vei-01.ms.000000]].")
    study = ws.study()
    assert [u.id for u in gate.printed_units(study, Scope())] == [inside.id, outside.id]
    assert [u.id for u in gate.printed_units(study, Scope(), syntheses=False)] == [inside.id]


@pytest.fixture
def filled(ws: Workspace):
    """Every text an output can carry, filled once (vei-01 coded by ms)."""
    ws.save_project(
        replace(
            ws.project(),
            subtitle="Undertittel",
            research_questions=("Spørsmål én?", "Spørsmål to?"),
            power={"notes": "Notat om makt"},
        )
    )
    api.add_theme(ws, "Hverdagen", "hverdag", description="Om hverdagen")
    api.add_code_group(ws, "tid", "Tid", theme="hverdag", definition="Om tid")
    api.add_code_group(ws, "rolle", "Rolle")
    api.add_code(
        ws, "saker", "tid", label="Saker", definition="Def", include="Inkl", exclude="Ekskl"
    )
    api.add_code(ws, "los")
    unit = api.add_unit(
        ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.", note="Et notat"
    )
    api.add_subgroup(ws, "tid", "mange", "Mange saker", [unit.unit.id])
    api.write_condensate(ws, "tid", "mange", "Jeg har for mange saker.")
    api.write_synthesis(ws, "tid", f"Analyse.\n\n[[{unit.unit.id}]]", heading="Overskrift")
    api.record_decision(ws, "Vi bestemte noe.", 2, "ms", "2025-01-02")
    api.record_impression(ws, "vei-01", "ms", "Inntrykk av intervjuet.")
    return Workspace(ws.root).study(), unit.unit.id


CB = "codebooks/codebook.yaml"
COMMON = [
    ("group label", "stc.yaml", "informant group veileder: label", "NAV-veileder", "label"),
    ("group label", "stc.yaml", "informant group fylke: label", "NAV Fylket", "label"),
    ("group label", "stc.yaml", "informant group dir: label", "Direktoratet", "label"),
    ("quote_as", "stc.yaml", "informant group fylke: quote_as", "NAV-ansatt, systemnivå", "label"),
    ("quote_as", "stc.yaml", "informant group dir: quote_as", "NAV-ansatt, systemnivå", "label"),
    ("theme label", CB, "theme hverdag: label", "Hverdagen", "label"),
    ("theme description", CB, "theme hverdag: description", "Om hverdagen", "prose"),
    ("code group label", CB, "code group tid: label", "Tid", "label"),
    ("code group label", CB, "code group rolle: label", "Rolle", "label"),
]


def test_every_field_is_read_from_its_file_and_place(filled):
    study, uid = filled
    scope = Scope(units=tuple(study.analysed), transcripts=("vei-01",))
    got = [(p.field, p.file, p.where, p.text, p.mode) for p in gate.places(study, "report", scope)]
    step2 = "analyses/step2/vei-01/ms.yaml"
    assert got == [
        ("project title", "stc.yaml", "title", "Testing", "label"),
        ("project subtitle", "stc.yaml", "subtitle", "Undertittel", "label"),
        ("research question", "stc.yaml", "research_questions[0]", "Spørsmål én?", "prose"),
        ("research question", "stc.yaml", "research_questions[1]", "Spørsmål to?", "prose"),
        ("power notes", "stc.yaml", "information_power.notes", "Notat om makt", "prose"),
        *COMMON[:5],
        *COMMON[5:],
        ("code id", CB, "code saker: id", "saker", "id"),
        ("code id", CB, "code los: id", "los", "id"),
        ("code label", CB, "code saker: label", "Saker", "label"),
        ("code definition", CB, "code saker: definition", "Def", "prose"),
        ("code definition", CB, "code saker: include", "Inkl", "prose"),
        ("code definition", CB, "code saker: exclude", "Ekskl", "prose"),
        ("subgroup label", "analyses/step3/tid.yaml", "subgroup mange: label", "Mange saker", "label"),
        ("condensate", "analyses/step3/tid.yaml", "subgroup mange: condensate", "Jeg har for mange saker.", "prose"),
        ("heading", "analyses/step4/tid.md", "heading", "Overskrift", "label"),
        ("analytic text", "analyses/step4/tid.md", "body", f"Analyse.\n\n[[{uid}]]", "prose"),
        ("decision", "analyses/decisions.md", "decision 1 (2025-01-02)", "Vi bestemte noe.", "prose"),
        ("quote", step2, f"unit {uid}: text", "Vi har for mange saker.", "quote"),
    ]  # fmt: skip
    got = [(p.field, p.file, p.where, p.text, p.mode) for p in gate.places(study, "qdpx", scope)]
    assert got[-6:] == [
        ("impression", "analyses/step1/ms.yaml", "impression of vei-01", "Inntrykk av intervjuet.", "prose"),
        ("quote", step2, f"unit {uid}: text", "Vi har for mange saker.", "quote"),
        ("unit note", step2, f"unit {uid}: note", "Et notat", "prose"),
        ("transcript id", "transcripts/vei-01.md", "id", "vei-01", "id"),
        ("source", "transcripts/vei-01.md", "source", "vei-01.txt", "id"),
        ("transcript text", "transcripts/vei-01.md", "", "", "transcript"),
    ]  # fmt: skip
    assert ("code group definition", CB, "code group tid: definition", "Om tid", "prose") in got
    # a chapter of one theme: its code group and the unsorted codes, not the other groups'
    chapter = gate.places(study, "chapter", Scope(units=tuple(study.analysed), theme="hverdag"))
    assert [p.where for p in chapter if p.field == "code group label"] == ["code group tid: label"]
    qdc = gate.places(study, "qdc", Scope(code_groups=("rolle",)))
    assert [p.where for p in qdc if p.field == "code id"] == ["code los: id"]
    assert [p.where for p in qdc if p.field == "theme label"] == ["theme hverdag: label"]


def test_a_translation_is_carried_as_prose_and_an_empty_note_not_at_all(filled):
    study, uid = filled
    unit = replace(study.unit_index[uid], translation="We have too many cases.", note="")
    found = gate.places(study, "report", Scope(units=(unit,)))
    assert [(p.field, p.where, p.mode) for p in found if p.unit] == [
        ("quote", f"unit {uid}: text", "quote"),
        ("translation", f"unit {uid}: translation", "prose"),
    ]
    units = gate.places(study, "units", Scope(units=(unit,)))
    assert [p.field for p in units if p.unit] == ["quote"]  # no note to carry


def test_every_line_of_prose_is_read_and_its_names_are_known_elsewhere():
    prose = _place("Vi møtte Daan García.\n\nSå ringte vi Aino Virtanen.", "prose")
    found = gate.inspect(_prose, _scanner(), [prose], {})
    assert [r.found for r in found] == ["Daan García", "Aino Virtanen"]


def test_names_known_from_the_transcripts_are_matched_whole_and_as_written_in_labels():
    certain = Finding("vei-01", 2, 0, 4, "name", "Kari", "…", PROPAGATE)  # exactly the bar
    full = Finding("vei-01", 2, 0, 13, "name", "Kari Nordmann", "…", 0.95)
    liv = Finding("vei-01", 4, 0, 3, "name", "Liv", "…", 0.9)
    findings = {"vei-01": [certain, full, liv]}
    label = _place("Møte med Kari Nordmann om et godt liv", "label")
    found = gate.inspect(_prose, _scanner(), [label], findings)
    assert [r.found for r in found] == ["Kari Nordmann"]  # the longer name; 'liv' is a word
    only = gate.inspect(_prose, _scanner(), [_place("Kari sa ja", "label")], {"vei-01": [certain]})
    assert [r.found for r in only] == ["Kari"]


def test_an_anchored_quote_trusts_its_transcripts_scan():
    # the transcript's scan (with the study's allow list and review) found nothing here, so
    # the quote's own text is not read again; a quote that moved is
    quote = _place("Ring NAV på 55 55 33 33", "quote", transcript="vei-01", span=(2, 0, 2, 23))
    assert gate.inspect(_prose, _scanner(), [replace(quote, anchored=True)], {}) == []
    assert gate.inspect(_prose, _scanner(), [quote], {})
