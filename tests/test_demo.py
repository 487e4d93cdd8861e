"""The bundled demo study: the first thing every new user sees."""

import re
import shutil
from pathlib import Path

from stc.store import Workspace
from tests.conftest import DEMO_PARTS, REPO


def test_demo_has_the_shape_of_a_real_study(demo: Workspace):
    study = demo.study()
    assert 10 <= len(study.transcripts) <= 14
    assert all(8 <= len(t.turns) <= 20 for t in study.transcripts.values())
    assert len(study.project.groups) >= 5
    small = [g for g in study.project.groups if study.informants_by_group[g.id] == 2]
    assert len(small) >= 2
    assert {g.quote_as for g in small} == {"NAV-ansatt, systemnivå"}
    assert len({s.researcher for s in study.step1 if s.impressions}) == 2
    assert 4 <= len(study.codebook.themes) <= 8
    assert len(study.units) >= 60
    assert len(study.coders) == 2
    assert len(study.codebook.code_groups) >= 4
    for g in study.codebook.code_groups:
        subs = study.condensations[g.id].subgroups
        assert 2 <= len(subs) <= 3
        for s in subs:
            assert re.search(r"\b(jeg|Jeg|vi|Vi)\b", s.condensate), s.id
            assert s.golden in s.units
        assert g.id in study.syntheses
        assert "[[" in study.syntheses[g.id].body


def test_tools_build_demo_reproduces_the_committed_files(tmp_path: Path):
    from tools.build_demo import build

    root = tmp_path / "rebuilt"
    root.mkdir()
    shutil.copytree(REPO / "transcripts", root / "transcripts")
    build(root)
    for part in DEMO_PARTS:
        committed, rebuilt = REPO / part, root / part
        files = (
            sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
            if committed.is_dir()
            else [Path()]
        )
        for rel in files:
            assert (rebuilt / rel).read_bytes() == (committed / rel).read_bytes(), f"{part}/{rel}"
