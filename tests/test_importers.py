from pathlib import Path

import docx
import pytest

from stc import api
from stc.errors import ImportFailed, NotFound
from stc.importers import Options, import_file
from stc.store import Workspace


def _imp(path: Path, **kw: object):
    return import_file(path, Options(group="g", **kw))  # type: ignore[arg-type]


def test_txt_with_bom_and_crlf_is_normalised_and_names_are_not_stored(tmp_path: Path):
    p = tmp_path / "intervju 3.txt"
    p.write_bytes(
        "\ufeffIntervjuer: Hei\r\n\r\nKari Hansen: Jeg er e\u0301n veileder.  \r\n".encode()
    )
    got = _imp(p)
    t = got.transcript
    assert t.id == "intervju-3"
    assert [(x.speaker, x.text) for x in t.turns] == [("I", "Hei"), ("R", "Jeg er én veileder.")]
    assert "Kari" not in repr(t)
    assert any("Kari Hansen" in n for n in got.notices)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("cp1252", b"")]
)
def test_other_encodings(tmp_path: Path, encoding: str, bom: bytes):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + "I: Hvordan går det?\n\nR: Bra, særlig på jobb.\n".encode(encoding))
    assert _imp(p).transcript.turns[1].text == "Bra, særlig på jobb."


def test_speaker_mapping_option(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text("Anne: Spørsmål?\n\nKari: Svar.\n", encoding="utf-8")
    t = _imp(p, speakers={"Anne": "I", "Kari": "R"}).transcript
    assert [x.speaker for x in t.turns] == ["I", "R"]


def test_md_front_matter_supplies_id_and_group(tmp_path: Path):
    p = tmp_path / "x.md"
    p.write_text("---\nid: vei-09\ngroup: nav\n---\n\nI: Hei\n\nR: Hallo\n", encoding="utf-8")
    t = import_file(p, Options()).transcript
    assert (t.id, t.group, len(t.turns)) == ("vei-09", "nav", 2)


def test_vtt_teams_voice_tags_merge_consecutive_cues(tmp_path: Path):
    p = tmp_path / "teams.vtt"
    p.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Ola Intervjuer>Velkommen.</v>\n\n"
        "2\n00:00:04.000 --> 00:00:06.000\n<v Kari Hansen>Takk. Jeg har jobbet</v>\n\n"
        "3\n00:00:06.500 --> 00:00:08.000\n<v Kari Hansen>i NAV i &quot;mange&quot; år.</v>\n",
        encoding="utf-8",
    )
    t = _imp(p, speakers={"Ola Intervjuer": "I"}).transcript
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("I", "Velkommen."),
        ("R", 'Takk. Jeg har jobbet i NAV i "mange" år.'),
    ]
    assert "00:00" not in t.turns[1].text


def test_vtt_zoom_name_cues_and_srt(tmp_path: Path):
    zoom = tmp_path / "zoom.vtt"
    zoom.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nIntervjuer: Hei\n\n"
        "00:00:03.000 --> 00:00:04.000\nKari: Hei hei\n",
        encoding="utf-8",
    )
    assert [x.speaker for x in _imp(zoom).transcript.turns] == ["I", "R"]
    srt = tmp_path / "a.srt"
    srt.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\nIntervjuer: Første\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\n<i>Kari: Andre</i>\n\n"
        "3\n00:00:03,500 --> 00:00:04,000\nKari: og tredje\n",
        encoding="utf-8",
    )
    t = _imp(srt).transcript
    assert [(x.speaker, x.text) for x in t.turns] == [("I", "Første"), ("R", "Andre og tredje")]


def test_docx_paragraphs_and_comments_become_units(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("Intervjuer: Hva gjør du?")
    p = d.add_paragraph("Kari: Jeg følger opp sykmeldte. ")
    run = p.add_run("Læringskurven er bratt.")
    d.add_comment(run, text="kompetansebehov, Opplæring", author="ms")
    path = tmp_path / "k.docx"
    d.save(str(path))
    got = _imp(path)
    assert [x.text for x in got.transcript.turns] == [
        "Hva gjør du?",
        "Jeg følger opp sykmeldte. Læringskurven er bratt.",
    ]
    (span,) = got.coded
    text = got.transcript.turns[span.turn - 1].text[span.start : span.end]
    assert (span.coder, span.codes, text) == (
        "ms",
        ("kompetansebehov", "opplæring"),
        "Læringskurven er bratt.",
    )


def test_docx_comments_are_saved_as_units_by_import(ws: Workspace, tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("I: Hva gjør du?")
    run = d.add_paragraph("R: ").add_run("Jeg følger opp sykmeldte.")
    d.add_comment(run, text="oppfølging", author="ak")
    path = tmp_path / "k.docx"
    d.save(str(path))
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09")
    (unit,) = ws.unit_file("vei-09", "ak").units
    assert (unit.turn, unit.text, unit.codes) == (2, "Jeg følger opp sykmeldte.", ("oppfølging",))
    assert ws.codebook().code("oppfølging") is not None


INTERVIEW_LINES = (
    "I: Kan du fortelle om jobben din?",
    "R: Jeg jobber som veileder.",
    "I: Hvordan prioriterer du?",
    "R: Vi har for mange saker.",
)


def _commented(
    path: Path,
    start: tuple[int, int],
    end: tuple[int, int],
    lines: tuple[str, ...] = INTERVIEW_LINES,
) -> Path:
    """The interview in Word with one comment from character ``start[1]`` of paragraph
    ``start[0]`` to character ``end[1]`` of paragraph ``end[0]`` (a later one, or the same), as
    a coder's drag over the lines may leave it; either end may lie on a blank paragraph."""
    d = docx.Document()
    runs = []
    for i, line in enumerate(lines):
        p = d.add_paragraph()
        if i == start[0]:
            p.add_run(line[: start[1]])
            runs.insert(0, p.add_run(line[start[1] :]))
        elif i == end[0]:
            runs.append(p.add_run(line[: end[1]]))
            p.add_run(line[end[1] :])
        else:
            p.add_run(line)
    d.add_comment(runs, text="prioritering", author="ms")
    d.save(str(path))
    return path


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((2, 3), (3, 0)),  # from the question to the very start of the answer's line
        ((2, 3), (3, 3)),  # … or to just after the answer's "R: "
        ((1, len(INTERVIEW_LINES[1])), (2, len(INTERVIEW_LINES[2]))),  # from the end of a turn
    ],
)
def test_a_word_comment_that_touches_the_next_or_previous_turn_codes_the_question_alone(
    ws: Workspace, tmp_path: Path, start: tuple[int, int], end: tuple[int, int]
):
    path = _commented(tmp_path / "vei-09.docx", start, end)
    api.import_transcripts(ws, [path], group="veileder", transcript_id="vei-09")
    (unit,) = ws.unit_file("vei-09", "ms").units
    assert (unit.turn, unit.to_turn, unit.text) == (3, 0, "Hvordan prioriterer du?")
    assert unit.codes == ("prioritering",)


def test_a_word_comment_between_turns_that_covers_no_words_is_skipped_with_a_notice(
    tmp_path: Path,
):
    # from the very end of the question to just after the answer's "R: "
    path = _commented(tmp_path / "vei-09.docx", (2, len(INTERVIEW_LINES[2])), (3, 3))
    got = _imp(path)
    assert [x.text for x in got.transcript.turns][2:] == [
        "Hvordan prioriterer du?",
        "Vi har for mange saker.",
    ]
    assert got.coded == []
    assert any("covers no words" in n for n in got.notices)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "unsupported format '.pdf'"),
        ("a.txt", b"", "no text found"),
        ("a.txt", b"\x00\x01\x02binary", "binary"),
        ("a.docx", b"PK\x03\x04 truncated", "not a readable Word document"),
        ("a.docx", b"not a zip at all", "not a readable Word document"),
        ("a.vtt", b"00:00:01.000 --> 00:00:02.000\nHei\n", "not a WebVTT file"),
    ],
)
def test_bad_input_gives_a_clear_error_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ImportFailed) as exc:
        _imp(p)
    assert message in str(exc.value)
    assert name in str(exc.value)


def test_import_refuses_unknown_group_and_existing_transcript(ws: Workspace, tmp_path: Path):
    p = tmp_path / "vei-01.txt"
    p.write_text("I: Hei\n\nR: Hallo\n", encoding="utf-8")
    with pytest.raises(NotFound, match="informant group 'nope'"):
        api.import_transcripts(ws, [p], group="nope")
    with pytest.raises(Exception, match="exists already"):
        api.import_transcripts(ws, [p], group="veileder")
    api.import_transcripts(ws, [p], group="veileder", force=True)
    assert [t.text for t in ws.transcript("vei-01").turns] == ["Hei", "Hallo"]


SPACED_LINES = (
    "I: Kan du fortelle om jobben din?",
    "",
    "R: Jeg jobber som veileder.",
    "",
    "I: Hvordan prioriterer du?",
    "",
    "R: Vi har for mange saker.",
)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((3, 0), (4, len(SPACED_LINES[4]))),  # from the blank line before the question
        ((4, 0), (5, 0)),  # to the blank line after it
        ((3, 0), (5, 0)),  # both
    ],
)
def test_a_word_comment_from_or_to_a_blank_line_between_turns_is_kept(
    tmp_path: Path, start: tuple[int, int], end: tuple[int, int]
):
    got = _imp(_commented(tmp_path / "vei-09.docx", start, end, SPACED_LINES))
    (span,) = got.coded
    assert (span.turn, span.start, span.end, span.to_turn) == (3, 0, 23, 0)
    assert got.notices == []


def test_a_word_comment_on_blank_lines_only_is_skipped_with_a_notice(tmp_path: Path):
    got = _imp(_commented(tmp_path / "vei-09.docx", (3, 0), (3, 0), SPACED_LINES))
    assert got.coded == []
    assert any("covers no words of a turn" in n for n in got.notices)


def test_a_word_comment_of_marks_only_names_no_code(tmp_path: Path):
    d = docx.Document()
    d.add_paragraph("Intervjuer: Hva gjør du?")
    p = d.add_paragraph("Informant: Jeg følger opp sykmeldte. ")
    doubt = p.add_run("Det går sånn passe.")
    d.add_comment(doubt, text="?", author="ms")  # a coder's mark of doubt
    both = d.add_paragraph("Informant: ").add_run("Vi ringer tidlig.")
    d.add_comment(both, text="!!!, tidlig kontakt", author="ms")
    path = tmp_path / "k.docx"
    d.save(str(path))
    got = _imp(path)
    assert [span.codes for span in got.coded] == [("tidlig-kontakt",)]
    assert any("has no text to use as a code" in n for n in got.notices)
