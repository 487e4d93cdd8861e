"""Meaning units that span turns: a question and its answer kept as one unit everywhere."""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

from bench.corpus import generate
from stc import api
from stc.store import Workspace

Q = "{urn:QDA-XML:project:1.0}"


def _codings(qdpx: Path) -> Counter[tuple[str, str, str]]:
    """(source name, coded text, code name) of every coding in a .qdpx."""
    with zipfile.ZipFile(qdpx) as z:
        root = etree.fromstring(z.read("project.qde"))
        codes = {c.get("guid"): c.get("name") for c in root.iter(f"{Q}Code")}
        out: Counter[tuple[str, str, str]] = Counter()
        for src in root.iter(f"{Q}TextSource"):
            text = z.read(src.get("plainTextPath").replace("internal://", "sources/")).decode()
            for sel in src.iter(f"{Q}PlainTextSelection"):
                s, e = int(sel.get("startPosition")), int(sel.get("endPosition"))
                for coding in sel.iter(f"{Q}Coding"):
                    code = codes[coding.find(f"{Q}CodeRef").get("targetGUID")]
                    out[(src.get("name"), text[s:e], code)] += 1
    return out


def test_refi_round_trip_keeps_every_turn_spanning_coding_whole(tmp_path: Path, cli):
    corpus = generate(tmp_path / "corpus", transcripts=4, words=900, codings=80, spanning=0.5)
    first = tmp_path / "first.qdpx"
    api.export_qdpx(corpus, first)
    codings = _codings(first)
    n = sum(codings.values())
    spanning = [t for (_, t, _), k in codings.items() if "\n\nR: " in t]
    assert n == 80 and len(spanning) > 20

    target = api.init_workspace(tmp_path / "target", "Target")
    r = cli(target.root, "import", str(first))
    assert r.exit_code == 0, r.output
    assert "selections span turns; each kept whole as one meaning unit" in r.stderr
    assert len(r.stderr.splitlines()) < 6  # grouped, never one line per coding
    units = Workspace(target.root).study().units
    # every coding arrives; one coder's codings of the same span are one unit with its codes
    assert sum(len(u.codes) for u in units) == 80
    assert f"{len(units)} meaning units" in r.stdout
    assert len({(u.transcript, u.coder, u.anchor) for u in units}) == len(units)
    assert {t for u in units if u.spans_turns for t in [u.text]} == set(spanning)
    assert not cli(target.root, "check").exit_code

    second = tmp_path / "second.qdpx"
    assert cli(target.root, "export", "qdpx", str(second)).exit_code == 0
    assert _codings(second) == codings


def test_verbose_import_lists_what_the_notes_count(tmp_path: Path, cli):
    corpus = generate(tmp_path / "corpus", transcripts=2, words=400, codings=12, spanning=1.0)
    qdpx = tmp_path / "c.qdpx"
    api.export_qdpx(corpus, qdpx)
    target = api.init_workspace(tmp_path / "target", "Target")
    r = cli(target.root, "import", str(qdpx), "--verbose")
    assert r.exit_code == 0, r.output
    assert "12 selections span turns" in r.stderr
    assert sum(", turns " in line for line in r.stderr.splitlines()) == 12
    assert "t0001: 8 turns — I 4, R 4" in r.stdout


def test_dry_run_of_a_qdpx_writes_nothing(tmp_path: Path, cli):
    corpus = generate(tmp_path / "corpus", transcripts=2, words=400, codings=12, spanning=0.5)
    qdpx = tmp_path / "c.qdpx"
    api.export_qdpx(corpus, qdpx)
    target = api.init_workspace(tmp_path / "target", "Target")
    before = sorted(p.relative_to(target.root) for p in target.root.rglob("*"))
    r = cli(target.root, "import", str(qdpx), "--dry-run")
    assert r.exit_code == 0, r.output
    assert "would import c.qdpx: 2 transcripts, 12 meaning units" in r.stdout
    assert "t0001:" in r.stdout and "nothing was written" not in r.stderr
    after = sorted(
        p.relative_to(target.root) for p in target.root.rglob("*") if ".stc" not in p.parts
    )
    assert after == [p for p in before if ".stc" not in p.parts]


QA = """\
Intervjuer: Hva betyr oppfølgingsplanen for deg, egentlig?

Informant: Eh, altså, den er viktig. Den er jo, ja, det er det vi jobber ut fra.

Intervjuer: Mm.

Informant: Men den blir ofte glemt når det er travelt.
"""


def _qa(ws: Workspace, tmp_path: Path) -> None:
    src = tmp_path / "qa.txt"
    src.write_text(QA, encoding="utf-8")
    api.import_transcripts(ws, [src], group="veileder", transcript_id="vei-09")


def test_a_quote_across_question_and_answer_is_one_unit(ws: Workspace, tmp_path: Path, cli):
    _qa(ws, tmp_path)
    quote = "Hva betyr oppfølgingsplanen for deg, egentlig?\n\nR: Eh, altså, den er viktig."
    r = cli(ws.root, "unit", "add", "vei-09", "-r", "ms", "--quote", quote, "--code", "plan")
    assert r.exit_code == 0, r.output
    listed = json.loads(cli(ws.root, "unit", "list", "--json").stdout)
    unit = next(u for u in listed if u["transcript"] == "vei-09")
    assert (unit["turn"], unit["to_turn"], unit["start"], unit["end"]) == (1, 2, 0, 25)
    assert unit["text"] == quote
    stored = (ws.root / "analyses/step2/vei-09/ms.yaml").read_text(encoding="utf-8")
    assert "to_turn: 2" in stored


def test_check_re_anchors_a_spanning_unit_after_an_edit(ws: Workspace, tmp_path: Path, cli):
    _qa(ws, tmp_path)
    quote = "Hva betyr oppfølgingsplanen for deg, egentlig?\n\nR: Eh, altså, den er viktig."
    cli(ws.root, "unit", "add", "vei-09", "-r", "ms", "--quote", quote, "--code", "plan")
    path = ws.root / "transcripts/vei-09.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("I: Hva", "I: Da starter vi.\n\nI: Hva"), encoding="utf-8")
    r = cli(ws.root, "check")
    assert "re-anchored" in r.stdout + r.stderr and "turn 2–3" in r.stdout + r.stderr
    unit = Workspace(ws.root).study().units[-1]
    assert (unit.turn, unit.to_turn, unit.text) == (2, 3, quote)
    path.write_text(text.replace("Eh, altså, den er viktig.", "Den er viktig."), encoding="utf-8")
    r = cli(ws.root, "check")
    assert r.exit_code == 1 and "no longer in transcript vei-09 (turn 2–3)" in r.stdout + r.stderr


def test_informants_never_count_the_interviewer(ws: Workspace, tmp_path: Path, cli):
    _qa(ws, tmp_path)
    question = "Hva betyr oppfølgingsplanen for deg, egentlig?"
    both = f"{question}\n\nR: Eh, altså, den er viktig."
    for quote in (both, "Men den blir ofte glemt"):
        assert not cli(
            ws.root, "unit", "add", "vei-09", "-r", "ms", "--quote", quote, "--code", "plan"
        ).exit_code
    matrix = json.loads(cli(ws.root, "matrix", "--by", "code", "--format", "json").stdout)
    row = next(r for r in matrix["rows"] if r["id"] == "plan")
    assert row["cells"]["total"] == {"units": 2, "informants": 1}
    assert not cli(
        ws.root, "unit", "add", "vei-01", "-r", "ms", "--quote", "Kan du fortelle", "--code", "spm"
    ).exit_code
    matrix = json.loads(cli(ws.root, "matrix", "--by", "code", "--format", "json").stdout)
    row = next(r for r in matrix["rows"] if r["id"] == "spm")
    assert row["cells"]["total"] == {"units": 1, "informants": 0}


def test_report_quotes_the_answer_and_shows_the_question_before_it(
    ws: Workspace, tmp_path: Path, cli
):
    _qa(ws, tmp_path)
    both = "Hva betyr oppfølgingsplanen for deg, egentlig?\n\nR: Eh, altså, den er viktig."
    cli(ws.root, "unit", "add", "vei-09", "-r", "ms", "--quote", both, "--code", "plan")
    cli(ws.root, "codebook", "group", "add", "planer", "--label", "Planer")
    cli(ws.root, "codebook", "add", "plan", "--code-group", "planer")
    out = tmp_path / "r.md"
    r = cli(ws.root, "report", "--format", "md", "--out", str(out))
    assert r.exit_code == 0, r.output
    md = out.read_text(encoding="utf-8")
    assert (
        "> *Intervjuer: Hva betyr oppfølgingsplanen for deg, egentlig?*\n>\n> Eh, altså, den er viktig. (NAV-veileder)"
        in md
    )
    assert "R: Eh" not in md
    rows = json.loads(cli(ws.root, "quotes", "--format", "json").stdout)
    row = next(x for x in rows if x["transcript"] == "vei-09")
    assert (row["quote"], row["question"]) == (
        "Eh, altså, den er viktig.",
        "Hva betyr oppfølgingsplanen for deg, egentlig?",
    )


def test_code_walker_codes_an_answer_with_its_question(ws: Workspace, cli):
    api.add_code(ws, "kompetanse")
    # first informant turn (turn 2): "^1" = sentence 1 with the question before it
    r = cli(ws.root, "code", "vei-01", "-r", "ms", input="^1\n1\n\nq\n")
    assert r.exit_code == 0, r.output
    (unit,) = ws.unit_file("vei-01", "ms").units
    assert (unit.turn, unit.to_turn, unit.start) == (1, 2, 0)
    assert unit.text == "Kan du fortelle om jobben din?\n\nR: Jeg jobber som veileder."
    shown = cli(ws.root, "show", "vei-01").stdout
    assert "«Kan du fortelle om jobben din?»" in shown
    assert "«Jeg jobber som veileder.»" in shown
    assert f"ms [1:0–2:{unit.end}] kompetanse" in shown
    listed = cli(ws.root, "unit", "list").stdout
    assert "turns 1–2  [kompetanse]" in listed
    # "^2": the question and the answer up to sentence 2's end; what is shown is what is saved
    r = cli(ws.root, "code", "vei-01", "-r", "ak", input="^2\n1\n\nq\n")
    assert r.exit_code == 0, r.output
    (unit,) = ws.unit_file("vei-01", "ak").units
    answer = unit.text.split("\n\nR: ")[1]
    assert answer.startswith("Jeg jobber som veileder. Læringskurven")
    assert f"«{answer}»" in r.stdout


def test_a_word_comment_over_question_and_answer_is_one_unit(ws: Workspace, tmp_path: Path):
    import docx

    doc = docx.Document()
    asked = doc.add_paragraph("Intervjuer: ").add_run("Hva gjør du når fristen nærmer seg?")
    answer = doc.add_paragraph("Informant: ").add_run("Eh, jeg ringer arbeidsgiveren, liksom.")
    doc.add_comment([asked, answer], text="frister", author="Marte Solberg")
    path = tmp_path / "kommentar.docx"
    doc.save(str(path))
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-10")
    (unit,) = ws.unit_file("vei-10", "marte-solberg").units
    assert (unit.turn, unit.to_turn, unit.codes) == (1, 2, ("frister",))
    assert unit.text == (
        "Hva gjør du når fristen nærmer seg?\n\nR: Eh, jeg ringer arbeidsgiveren, liksom."
    )


def test_a_comment_over_question_and_answer_in_a_coding_copy_is_one_unit(
    ws: Workspace, tmp_path: Path, cli
):
    import docx

    copy = tmp_path / "vei-01-koding.docx"
    assert not cli(ws.root, "export", "docx-for-coding", "vei-01", "-o", str(copy)).exit_code
    doc = docx.Document(str(copy))
    asked = next(p for p in doc.paragraphs if p.text.startswith("[3] I: "))
    answer = next(p for p in doc.paragraphs if p.text.startswith("[4] R: "))
    doc.add_comment([asked.runs[-1], answer.runs[-1]], text="frister", author="ms")
    doc.save(str(copy))
    r = cli(ws.root, "import", str(copy))
    assert r.exit_code == 0 and "1 coded span" in r.stdout
    (unit,) = Workspace(ws.root).unit_file("vei-01", "ms").units
    assert (unit.turn, unit.to_turn, unit.codes) == (3, 4, ("frister",))
    assert unit.text == (
        "Hvordan prioriterer du?\n\nR: Vi har for mange saker. Jeg rekker ikke å ringe alle før "
        "fristen."
    )
    cli(ws.root, "codebook", "group", "add", "press", "--label", "Arbeidspress")
    cli(ws.root, "codebook", "add", "frister", "--code-group", "press")
    quotes = cli(ws.root, "quotes").stdout
    # the question stands before the quote as the interviewer's, not as an informant's quote
    assert "> Hvordan prioriterer du?" not in quotes
    assert "> *Intervjuer: Hvordan prioriterer du?*" in quotes
    assert "> Vi har for mange saker. Jeg rekker ikke å ringe alle før fristen. (NAV-veileder)" in (
        quotes
    )


def test_the_identifier_gate_looks_at_every_turn_a_unit_covers(ws: Workspace, tmp_path, cli):
    src = tmp_path / "navn.txt"
    src.write_text(
        "Intervjuer: Snakket du med henne om planen?\n\n"
        "Informant: Ja, eh, vi gikk gjennom den sammen, jeg og Kari Nordmann.\n",
        encoding="utf-8",
    )
    assert not cli(ws.root, "import", str(src), "--group", "veileder", "--force").exit_code
    quote = "om planen?\n\nR: Ja, eh, vi gikk gjennom den sammen, jeg og Kari Nordmann."
    assert not cli(ws.root, "unit", "add", "navn", "-r", "ms", "-q", quote, "-c", "plan").exit_code
    cli(ws.root, "codebook", "group", "add", "planer", "--label", "Planer")
    cli(ws.root, "codebook", "add", "plan", "--code-group", "planer")
    r = cli(ws.root, "quotes", "--format", "md")
    assert r.exit_code == 1 and "Kari Nordmann" in r.stderr and "name" in r.stderr
    assert not cli(ws.root, "anon", "review", "--accept", "Kari Nordmann").exit_code
    assert not cli(ws.root, "anon", "apply", "navn").exit_code
    (unit,) = Workspace(ws.root).unit_file("navn", "ms").units
    assert (unit.turn, unit.to_turn) == (1, 2) and "Kari" not in unit.text
    assert unit.text.startswith("om planen?\n\nR: Ja, eh, vi gikk gjennom den sammen, jeg og ")
    assert not cli(ws.root, "check").stdout.count("no longer in transcript")


def test_consensus_merge_keeps_a_unit_across_turns_whole(ws: Workspace, tmp_path: Path, cli):
    _qa(ws, tmp_path)
    both = "Hva betyr oppfølgingsplanen for deg, egentlig?\n\nR: Eh, altså, den er viktig."
    longer = f"{both} Den er jo, ja, det er det vi jobber ut fra."
    cli(ws.root, "unit", "add", "vei-09", "-r", "ms", "--quote", both, "--code", "plan")
    cli(ws.root, "unit", "add", "vei-09", "-r", "ak", "--quote", longer, "--code", "plan")
    hits = json.loads(cli(ws.root, "search", "viktig", "--json").stdout)
    assert {tuple(h["coded"]) for h in hits if h["transcript"] == "vei-09"} == {
        ("ms: plan", "ak: plan")
    }
    r = cli(ws.root, "merge", "--from", "ms", "--from", "ak", "--into", "team")
    assert r.exit_code == 0, r.output
    (unit,) = Workspace(ws.root).unit_file("vei-09", "team").units
    assert (unit.turn, unit.to_turn, unit.text) == (1, 2, longer)


def test_recontextualisation_shows_every_turn_of_a_spanning_unit(ws: Workspace, tmp_path, cli):
    _qa(ws, tmp_path)
    both = "Hva betyr oppfølgingsplanen for deg, egentlig?\n\nR: Eh, altså, den er viktig."
    uid = cli(ws.root, "unit", "add", "vei-09", "-r", "ms", "-q", both, "-c", "plan").stdout
    r = cli(ws.root, "check", "--context", uid.strip())
    assert r.exit_code in (0, 1), r.output
    assert "vei-09 turns 1–2" in r.stdout
    assert "   1  I: «Hva betyr oppfølgingsplanen for deg, egentlig?»" in r.stdout
    assert "   2  R: «Eh, altså, den er viktig.» Den er jo" in r.stdout
    assert "   3  I: Mm." in r.stdout


def test_a_unit_across_turns_overlapping_another_is_quoted_whole_in_the_report(
    ws: Workspace, tmp_path: Path, cli
):
    t2 = ws.transcript("vei-01").turn(2).text
    start = t2.index("Læringskurven")
    api.add_code_group(ws, "press", "Press")
    api.add_code(ws, "bratt", "press")
    api.add_unit(ws, "vei-01", "ms", ["bratt"], quote="som veileder. Læringskurven er bratt")
    api.add_unit(ws, "vei-01", "ms", ["bratt"], turn=2, start=start, end=23, to_turn=4)
    out = tmp_path / "r.md"
    r = cli(ws.root, "report", "--format", "md", "--out", str(out))
    assert r.exit_code == 0, r.output
    md = out.read_text(encoding="utf-8")
    # the answer across turns keeps its question and its last turn's words
    assert "Hvordan prioriterer du?" in md and "Vi har for mange saker." in md
    assert "som veileder. Læringskurven er bratt (NAV-veileder)" in md


def test_condensing_and_synthesising_a_question_and_answer_use_the_answer(ws: Workspace):
    from stc.core.condense import editor_text, from_editor
    from stc.core.synthesize import skeleton

    api.add_code_group(ws, "press", "Press")
    api.add_code(ws, "saker", "press")
    qa = api.add_unit(ws, "vei-01", "ms", ["saker"], turn=3, start=0, end=23, to_turn=4).unit
    api.add_subgroup(ws, "press", "mange", "Mange saker", [qa.id])
    api.choose_golden(ws, "press", "mange", qa.id)
    text = editor_text(ws.study(), "press", "mange")
    # the question and the answer are shown as comments, nothing of them outside a comment
    assert "# (Hvordan prioriterer du?) «Vi har for mange saker.» (NAV-veileder)" in text
    written = text + "Jeg har for mange saker til å rekke alt.\n"
    assert from_editor(written).strip() == "Jeg har for mange saker til å rekke alt."
    # the proposed heading is the informant's words, not the interviewer's question
    assert "# «Vi har for mange saker»" in skeleton(ws.study(), "press").splitlines()


def test_an_answer_and_the_same_answer_with_what_follows_stay_two_units_in_qdpx(
    ws: Workspace, tmp_path: Path, cli
):
    a = api.add_unit(ws, "vei-01", "ms", ["rolle"], turn=2, start=0, end=23).unit
    b = api.add_unit(ws, "vei-01", "ms", ["frister"], turn=2, start=0, end=23, to_turn=4).unit
    out = tmp_path / "s.qdpx"
    r = cli(ws.root, "export", "qdpx", str(out))
    assert r.exit_code == 0, r.output
    assert "shared a span" not in r.output
    coded = _codings(out)
    assert coded[("vei-01", a.text, "rolle")] == 1
    assert coded[("vei-01", b.text, "frister")] == 1
    back = api.init_workspace(tmp_path / "back", "Back", "nb", ["ms"])
    assert cli(back.root, "import", str(out)).exit_code == 0
    anchors = sorted((u.anchor, u.codes) for u in Workspace(back.root).study().units)
    assert anchors == [((2, 0, 2, 23), ("rolle",)), ((2, 0, 4, 23), ("frister",))]


def test_a_coding_copy_says_which_comments_it_could_not_use(ws: Workspace, tmp_path: Path, cli):
    import docx

    copy = tmp_path / "vei-01-koding.docx"
    assert not cli(ws.root, "export", "docx-for-coding", "vei-01", "-o", str(copy)).exit_code
    doc = docx.Document(str(copy))
    answer = next(p for p in doc.paragraphs if p.text.startswith("[4] R: "))
    asked = next(p for p in doc.paragraphs if p.text.startswith("[3] I: "))
    doc.add_comment(answer.runs[-1], text="  ", author="ms")  # a comment with no code
    doc.add_comment(asked.runs[-1], text="frister", author="ms")
    doc.save(str(copy))
    r = cli(ws.root, "import", str(copy))
    assert r.exit_code == 0 and "1 coded span" in r.stdout
    assert "has no text to use as a code; skipped" in r.stderr
