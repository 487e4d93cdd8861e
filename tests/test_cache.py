"""The parse cache in .stc/: reused while files are unchanged, never trusted over a change."""

import os
from pathlib import Path

import pytest

from stc import api
from stc.layout import FILE_CACHE
from stc.store import Workspace


def _age(path, seconds: float = 10) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_cache_is_written_and_reused(demo: Workspace, monkeypatch):
    for p in demo.root.rglob("*"):
        if p.is_file():
            _age(p)
    first = demo.study()
    assert (demo.root / FILE_CACHE).is_file()

    import stc.store.workspace

    def boom(*_a, **_k):
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(stc.store.workspace, "parse_transcript", boom)
    again = Workspace(demo.root).study()
    assert again.units == first.units and again.transcripts == first.transcripts


def test_a_touched_file_with_the_same_content_is_not_parsed_again(demo: Workspace, monkeypatch):
    demo.study()
    path = demo.transcript_path("vei-01")
    _age(path, 100)
    import stc.store.workspace

    monkeypatch.setattr(stc.store.workspace, "parse_transcript", lambda *_a: pytest.fail("parsed"))
    assert Workspace(demo.root).transcript("vei-01").id == "vei-01"


def test_a_changed_file_is_read_again(demo: Workspace):
    demo.study()
    api.add_unit(demo, "vei-01", "ib", ["ny"], quote="Før det var jeg i privat næringsliv")
    study = Workspace(demo.root).study()
    assert any("ny" in u.codes for u in study.units)
    path = demo.transcript_path("vei-01")
    path.write_text(path.read_text(encoding="utf-8").replace("fire år", "fem år"), encoding="utf-8")
    assert "fem år" in Workspace(demo.root).study().transcripts["vei-01"].turns[1].text


def test_a_broken_cache_is_rebuilt(demo: Workspace, cli):
    demo.study()
    (demo.root / FILE_CACHE).write_bytes(b"not a pickle")
    assert Workspace(demo.root).study().transcripts
    assert cli(demo.root, "status").exit_code == 0


def test_a_cache_from_elsewhere_is_never_unpickled(demo: Workspace, tmp_path: Path, monkeypatch):
    import pickle

    class Boom:
        def __reduce__(self):
            return (os.system, ("touch " + str(tmp_path / "pwned"),))

    demo.study()
    (demo.root / FILE_CACHE).write_bytes(b"\0" * 32 + pickle.dumps(Boom()))
    assert Workspace(demo.root).study().transcripts
    assert not (tmp_path / "pwned").exists()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    assert Workspace(demo.root).study().transcripts  # another user's key: rebuilt, not trusted
