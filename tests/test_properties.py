"""Property-based tests: normalisation and anchoring, YAML stability, REFI offsets, fuzzed input."""

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stc.errors import StcError
from stc.importers import Options, import_file
from stc.interop.refi import _Mapper, plain_text
from stc.model import Transcript, Turn
from stc.store import yamlio
from stc.store.formats import format_transcript, parse_transcript
from stc.text import normalise

# text with emoji, combining marks, right-to-left scripts, Norwegian letters and odd spaces
ALPHABET = st.sampled_from(
    [*"abcæøåÆØÅ .,?!-«»", "😀", "🇳🇴", "e\u0301", "\u0301", "שלום", "مرحبا", "\u00a0", "ß", "İ"]
)
words = st.lists(ALPHABET, min_size=1, max_size=30).map("".join)
turn_text = words.map(lambda s: normalise(s).replace("\n", " ").strip()).filter(bool)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.text())
def test_normalise_is_idempotent_and_clean(text):
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once and "\ufeff" not in once
    assert all(line == line.rstrip() for line in once.split("\n"))


@SETTINGS
@given(st.lists(turn_text, min_size=1, max_size=6), st.data())
def test_transcripts_and_unit_offsets_round_trip(texts, data):
    turns = tuple(Turn(i + 1, "I" if i % 2 == 0 else "R", t) for i, t in enumerate(texts))
    t = Transcript("t1", "g", turns)
    again = parse_transcript(format_transcript(t), "t1.md")
    assert again.turns == t.turns
    n = data.draw(st.integers(1, len(texts)))
    text = again.turns[n - 1].text
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert again.turn(n).text[start:end] == t.turn(n).text[start:end]


yaml_scalars = st.one_of(
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.just("\n")),
)
yaml_data = st.recursive(
    yaml_scalars,
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.dictionaries(
            st.text(min_size=1, max_size=8).filter(lambda k: k.strip() == k and k.isprintable()),
            kids,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@SETTINGS
@given(
    st.dictionaries(st.text(min_size=1, max_size=8).filter(str.isidentifier), yaml_data, max_size=5)
)
def test_yaml_round_trips_and_is_byte_stable(data):
    text = yamlio.dump(data)
    back = yamlio.load(text, "x.yaml")
    assert back == data
    assert yamlio.dump(back) == text
    assert yamlio.load(text, "x.yaml", yamlio.PyLoader) == data  # C and Python parsers agree


@SETTINGS
@given(st.lists(turn_text, min_size=1, max_size=5), st.booleans(), st.booleans(), st.data())
def test_refi_positions_map_back_to_turn_offsets(texts, crlf, bom, data):
    turns = tuple(Turn(i + 1, "I" if i % 2 == 0 else "R", t) for i, t in enumerate(texts))
    text, starts = plain_text(Transcript("t", "g", turns))
    n = data.draw(st.integers(0, len(texts) - 1))
    offset = data.draw(st.integers(0, len(texts[n]) - 1))
    position = starts[n] + offset
    if crlf:  # another tool's text with CRLF: every earlier newline counts twice
        position += text[:position].count("\n")
        text = text.replace("\n", "\r\n")
    mapper = _Mapper(("\ufeff" if bom else "") + text)
    found = mapper.locate(position)
    assert found is not None
    assert (found[0], found[1]) == (n, offset)
    assert [t.text for t in mapper.parsed.turns] == list(texts)


IMPORTERS = [".txt", ".md", ".docx", ".vtt", ".srt", ".qdpx", ".qdc"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(IMPORTERS), st.binary(max_size=2000))
def test_random_bytes_never_crash_an_importer(suffix, payload):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        path.write_bytes(payload)
        _must_not_crash(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([".docx", ".qdpx"]), st.binary(max_size=500))
def test_zips_with_random_members_never_crash(suffix, payload):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"x{suffix}"
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("project.qde" if suffix == ".qdpx" else "word/document.xml", payload)
            z.writestr("[Content_Types].xml", payload[:50])
        path.write_bytes(buf.getvalue())
        _must_not_crash(path)


def _must_not_crash(path: Path) -> None:
    from stc.interop.refi import import_qdc, import_qdpx

    try:
        if path.suffix == ".qdpx":
            import_qdpx(path.read_bytes(), str(path), "g")
        elif path.suffix == ".qdc":
            import_qdc(path.read_bytes(), str(path))
        else:
            import_file(path, Options(group="g"))
    except StcError:
        pass


NAME_WORDS = st.sampled_from(
    [
        "Kari",
        "Per",
        "NAV",
        "jeg",
        "har",
        "møtt",
        "i",
        "Oslo",
        "«",
        "»",
        ".",
        "!",
        "?",
        ":",
        "-",
        "Hun",
        "sa",
        "Det",
        "var",
        "Jeg",
        "OK",
        "Nordmann",
        "…",
        "(",
        ")",
        ",",
        "I",
        "we",
        "met",
    ]
)


@SETTINGS
@given(
    st.lists(st.lists(NAME_WORDS, min_size=1, max_size=25).map(" ".join), min_size=2, max_size=4)
)
def test_findings_in_a_text_never_depend_on_what_is_scanned_with_it(texts):
    from stc.core.anon import Scanner

    scanner = Scanner("nb")
    together = scanner.scan_scored(texts)
    alone = [scanner.scan_scored([t])[0] for t in texts]
    assert together == alone
