"""The output gate over every output × every field (docs/anonymisation.md prints the table).

The outputs and fields come from the registry the gate itself uses (stc.core.gate), so a new
output or field is walked here as soon as it exists: one that carries a field without the gate
refusing it fails, and so does one that prints a field the registry says it does not carry.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from stc import api, model
from stc.core.anon import valid_national_id
from stc.core.gate import FIELDS, NOT_GATED, OUTPUTS
from stc.layout import CODEBOOK, CONFIG, DECISIONS
from stc.model import Transcript, Turn
from stc.report.extract import output_text
from stc.store import Workspace
from tests.conftest import write_transcript


def national_id() -> str:
    """A fødselsnummer with valid check digits (synthetic: 1 January 1990)."""
    return next(
        f"010190{i:03d}{k:02d}"
        for i in range(100, 500)
        for k in range(100)
        if valid_national_id(f"010190{i:03d}{k:02d}")
    )


FNR = national_id()
# "Haugen" is in the anonymisation key only: at the start of a sentence nothing but the key
# can tell it is a name
PROSE = (
    f"Haugen ringte meg i går. Nummeret er 412 34 567, e-post marit@example.no, "
    f"fødselsnummer {FNR}, og hjemmesiden www.fotoklubben-vest.no."
)
ID = f"haugen-41234567-{FNR}"
PROSE_KINDS = ("identifier", "phone", "email", "national-id", "url")
ID_KINDS = ("identifier", "phone", "national-id")
PLANTED = ("Haugen", "412 34 567", "marit@example.no", FNR, "fotoklubben-vest")
THEME, GROUP, EXPORTED = "hverdag", "tid", "vei-01"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean, fully worked study: every field holds ordinary text."""
    root = tmp_path_factory.mktemp("gate") / "study"
    ws = api.init_workspace(root, "Oppfølging i NAV", "nb", ["ms"])
    api.add_group(ws, "veileder", "NAV-veileder")
    for i in (1, 2, 3):
        write_transcript(ws, f"vei-0{i}", "veileder")
    api.add_theme(ws, "Hverdagen", THEME, description="Hvordan arbeidsdagen oppleves.")
    api.add_code_group(ws, GROUP, "Tid og press", THEME, definition="Opplevd tidspress.")
    api.add_code(ws, "kapasitet", GROUP, "Kapasitet", definition="For mange saker.")
    units = [
        api.add_unit(ws, f"vei-0{i}", "ms", ["kapasitet"], quote="Vi har for mange saker.").unit
        for i in (1, 2, 3)
    ]
    api.add_subgroup(ws, GROUP, "saker", "For mange saker", [u.id for u in units])
    api.write_condensate(ws, GROUP, "saker", "Jeg har for mange saker til å rekke alt.")
    api.choose_golden(ws, GROUP, "saker", units[0].id)
    api.write_synthesis(ws, GROUP, f"Veilederne har for mange saker.\n\n[[{units[1].id}]]\n")
    api.record_decision(ws, "Vi koder tidspress som egen kodegruppe.", step=2)
    api.record_impression(ws, "vei-01", "ms", "Travel hverdag.")
    (root / "private" / "anonymisation-key.yaml").write_text(
        "entries:\n  haugen: '[navn]'\n", encoding="utf-8"
    )
    return root


def _project(ws: Workspace, **changes: object) -> str:
    ws.save_project(replace(ws.project(), **changes))  # type: ignore[arg-type]
    return CONFIG


def _group(ws: Workspace, **changes: object) -> str:
    p = ws.project()
    return _project(ws, groups=tuple(replace(g, **changes) for g in p.groups))  # type: ignore[arg-type]


def _codebook(ws: Workspace, kind: str, **changes: str) -> str:
    cb = ws.codebook()
    items = tuple(replace(x, **changes) for x in getattr(cb, kind))
    ws.save_codebook(replace(cb, **{kind: items}))
    return CODEBOOK


def _new_turn(ws: Workspace, tid: str) -> tuple[Transcript, int]:
    t = ws.transcript(tid)
    n = len(t.turns) + 1
    ws.save_transcript(replace(t, turns=(*t.turns, Turn(n, "R", PROSE))))
    return t, n


def plant_quote(ws: Workspace) -> str:
    _, n = _new_turn(ws, EXPORTED)
    api.add_unit(ws, EXPORTED, "ms", ["kapasitet"], turn=n)
    return f"analyses/step2/{EXPORTED}/ms.yaml"


def plant_transcript_text(ws: Workspace) -> str:
    _new_turn(ws, EXPORTED)
    return f"transcripts/{EXPORTED}.md"


def plant_transcript_id(ws: Workspace) -> str:
    t = ws.transcript("vei-03")
    ws.save_transcript(replace(t, id=ID))
    api.add_unit(ws, ID, "ms", ["kapasitet"], quote="Vi har for mange saker.")
    return f"transcripts/{ID}.md"


def plant_source(ws: Workspace) -> str:
    ws.save_transcript(replace(ws.transcript(EXPORTED), source=f"Haugen 41234567 {FNR}.docx"))
    return f"transcripts/{EXPORTED}.md"


def plant_code_id(ws: Workspace) -> str:
    api.add_code(ws, ID, GROUP, "Ringer")
    api.add_unit(ws, "vei-02", "ms", [ID], quote="Jeg rekker ikke å ringe alle")
    return CODEBOOK


def plant_note(ws: Workspace) -> str:
    api.add_unit(ws, "vei-02", "ms", ["kapasitet"], quote="Jeg rekker ikke", note=PROSE)
    return "analyses/step2/vei-02/ms.yaml"


def plant_synthesis(ws: Workspace, heading: bool) -> str:
    s = ws.synthesis(GROUP)
    assert s is not None
    ws.save_synthesis(replace(s, heading=PROSE) if heading else replace(s, body=s.body + PROSE))
    return f"analyses/step4/{GROUP}.md"


def plant_subgroup(ws: Workspace, **changes: str) -> str:
    c = ws.condensation(GROUP)
    ws.save_condensation(replace(c, subgroups=tuple(replace(s, **changes) for s in c.subgroups)))
    return f"analyses/step3/{GROUP}.yaml"


def plant_translation(ws: Workspace) -> str:
    golden = next(s.golden for c in ws.condensations() for s in c.subgroups if s.golden)
    for uf in ws.unit_files():
        units = tuple(replace(u, translation=PROSE) if u.id == golden else u for u in uf.units)
        if units != uf.units:
            ws.save_unit_file(replace(uf, units=units))
            return f"analyses/step2/{uf.transcript}/{uf.coder}.yaml"
    raise AssertionError("no golden quotation to translate")


PLANT: dict[str, Callable[[Workspace], str]] = {
    "project title": lambda ws: _project(ws, title=PROSE),
    "project subtitle": lambda ws: _project(ws, subtitle=PROSE),
    "research question": lambda ws: _project(ws, research_questions=(PROSE,)),
    "power notes": lambda ws: _project(ws, power={"aim": "narrow", "notes": PROSE}),
    "group label": lambda ws: _group(ws, label=PROSE),
    "quote_as": lambda ws: _group(ws, quote_as=PROSE),
    "theme label": lambda ws: _codebook(ws, "themes", label=PROSE),
    "theme description": lambda ws: _codebook(ws, "themes", description=PROSE),
    "code group label": lambda ws: _codebook(ws, "code_groups", label=PROSE),
    "code group definition": lambda ws: _codebook(ws, "code_groups", definition=PROSE),
    "code id": plant_code_id,
    "code label": lambda ws: _codebook(ws, "codes", label=PROSE),
    "code definition": lambda ws: _codebook(ws, "codes", definition=PROSE),
    "subgroup label": lambda ws: plant_subgroup(ws, label=PROSE),
    "condensate": lambda ws: plant_subgroup(ws, condensate="Jeg ringte. " + PROSE),
    "heading": lambda ws: plant_synthesis(ws, heading=True),
    "analytic text": lambda ws: plant_synthesis(ws, heading=False),
    "decision": lambda ws: (api.record_decision(ws, PROSE), DECISIONS)[1],
    "impression": lambda ws: (
        api.record_impression(ws, "vei-02", "ms", PROSE),
        "analyses/step1/ms.yaml",
    )[1],
    "quote": plant_quote,
    "unit note": plant_note,
    "translation": plant_translation,
    "transcript id": plant_transcript_id,
    "source": plant_source,
    "transcript text": plant_transcript_text,
}


def command(output: str, fmt: str, out: Path, exported: str) -> list[str]:
    return {
        "report": ["report", "--format", fmt, "--out", str(out)],
        "chapter": ["report", "--theme", THEME, "--format", fmt, "--out", str(out)],
        "quotes": ["quotes", "--format", fmt, "--out", str(out)],
        "matrix": ["matrix", "--by", "code", "--format", fmt, "--out", str(out)],
        "units": ["unit", "list", "--format", fmt, "--out", str(out)],
        "qdpx": ["export", "qdpx", str(out)],
        "qdc": ["export", "qdc", str(out)],
        "docx-for-coding": ["export", "docx-for-coding", exported, "--out", str(out)],
    }[output]


CASES = [
    pytest.param(o.name, fmt, f, id=f"{o.name}-{fmt}-{f}")
    for o in OUTPUTS.values()
    for fmt in o.formats
    for f in FIELDS
]


def test_the_table_covers_every_output_and_field():
    assert set(PLANT) == set(FIELDS), "plant an identifier in every field the gate knows"
    assert {c.values[0] for c in CASES} == set(OUTPUTS)


@pytest.mark.parametrize(("output", "fmt", "field"), CASES)
def test_output_gate(template: Path, tmp_path: Path, cli, output: str, fmt: str, field: str):
    root = tmp_path / "study"
    shutil.copytree(template, root)
    ws = Workspace(root)
    file = PLANT[field](ws)
    exported = ID if field == "transcript id" else EXPORTED
    out = tmp_path / "out" / f"{output}.{fmt}"
    r = cli(root, *command(output, fmt, out, exported))
    carried = OUTPUTS[output].fields
    if field == "quote" and "transcript text" in carried:  # the quote is in the transcript
        field, file = "transcript text", f"transcripts/{EXPORTED}.md"
    if field in carried:
        assert r.exit_code == 1, r.output
        assert "refused" in r.stderr and file in r.stderr
        kinds = ID_KINDS if field in ("transcript id", "source", "code id") else PROSE_KINDS
        for kind in kinds:
            assert f"a likely {kind}" in r.stderr, (kind, r.stderr)
        assert "nothing was written" in r.stderr
        assert not out.exists() and not list((root / "reports").glob("*"))
    else:  # the registry says this output does not carry the field: it must not
        assert r.exit_code == 0, r.stderr
        text = output_text(out.read_bytes())
        for planted in PLANTED:
            assert planted not in text, (planted, field)


def test_every_model_text_is_gated_or_listed_as_never_printed():
    """A new text attribute in the model must join FIELDS (and this table) or NOT_GATED."""
    import dataclasses

    gated = {m for f in FIELDS.values() for m in f.model}
    texts = {
        f"{cls.__name__}.{f.name}"
        for cls in vars(model).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == model.__name__
        for f in dataclasses.fields(cls)
        if "str" in str(f.type) or "Mapping" in str(f.type)
    }
    assert texts - gated - set(NOT_GATED) == set()
    assert gated & set(NOT_GATED) == set()


def test_a_text_outside_every_field_is_still_caught_in_the_rendered_output(
    template: Path, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    """The last look at the rendered bytes: a field missing from the registry still refuses."""
    from stc.core import gate

    root = tmp_path / "study"
    shutil.copytree(template, root)
    plant_subgroup(Workspace(root), condensate="Jeg ringte. " + PROSE)
    trimmed = tuple(f for f in gate.OUTPUTS["report"].fields if f != "condensate")
    monkeypatch.setitem(gate.OUTPUTS, "report", replace(gate.OUTPUTS["report"], fields=trimmed))
    for fmt in ("md", "docx", "html"):
        r = cli(root, "report", "--format", fmt)
        assert r.exit_code == 1 and "the rendered output" in r.stderr
        assert "a likely identifier 'Haugen'" in r.stderr
        assert "a likely email 'marit@example.no'" in r.stderr
    assert not list((root / "reports").glob("*"))


def test_the_docs_table_is_the_registry():
    doc = (Path(__file__).parent.parent / "docs" / "anonymisation.md").read_text(encoding="utf-8")
    from tools.gate_table import table

    assert table() in doc, "run `python tools/gate_table.py` and paste the table"
