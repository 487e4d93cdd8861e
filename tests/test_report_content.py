"""What the report says: the skeleton, sentences derived from the records, counts that agree
with `stc status`, wording rules, translations, the quote bank and the Markdown it writes."""

from __future__ import annotations

import json
import re

import pytest

from stc import api
from stc.errors import StcError
from stc.i18n import date_range, join, long_date, number
from stc.model import Round
from stc.store import Workspace


def _md(ws: Workspace, **kw: object) -> str:
    return api.render_report(ws, "md", **kw).read_text(encoding="utf-8")  # type: ignore[arg-type]


def test_wording_helpers_follow_the_language_rules():
    assert join(["Ingrid Bakke", "Tor Lunde"], "nb") == "Ingrid Bakke og Tor Lunde"
    assert join(["A", "B", "C"], "en") == "A, B and C"
    assert join(["A"], "nb") == "A"
    assert [number(n, "nb") for n in (1, 3, 12, 13)] == ["én", "tre", "tolv", "13"]
    assert number(1, "nb", neuter=True) == "ett" and number(2, "en") == "two"
    assert long_date("2025-09-02", "nb") == "2. september 2025"
    assert long_date("2025-09-02", "en") == "2 September 2025"
    assert long_date("i fjor høst", "nb") == "i fjor høst"
    assert date_range("2025-09-02", "2025-10-16", "nb") == ("2. september", "16. oktober 2025")
    assert date_range("2024-12-30", "2025-01-03", "en") == ("30 December 2024", "3 January 2025")


def test_skeleton_has_the_reference_studys_chapters_with_to_write_markers(demo: Workspace):
    md = _md(demo)
    heads = re.findall(r"^## (.+)$", md, flags=re.MULTILINE)
    assert heads[:5] == [
        "Sammendrag",
        "1 Innledning",
        "2 Datainnsamling",
        "3 Metode",
        "4 Resultater",
    ]
    assert heads[-5:] == [
        "8 Diskusjon",
        "9 Konklusjon",
        "Referanser",
        "Vedlegg A: Sitatbank",
        "Vedlegg B: Kodebok",
    ]
    for part in ("summary", "background", "recruitment", "mode", "consent", "discussion"):
        assert f"templates/chapters/{part}.md" in md
    assert md.count("**[Å SKRIVE:") >= 8
    assert "Malterud K. Systematic text condensation: a strategy for qualitative analysis." in md
    assert "Malterud K, Siersma VD, Guassora AD. Sample size in qualitative interview" in md


def test_written_chapters_replace_the_markers(demo: Workspace):
    chapters = demo.root / "templates" / "chapters"
    chapters.mkdir(parents=True)
    (chapters / "discussion.md").write_text(
        "Funnene samsvarer med tidligere evalueringer.\n\n[[vei-01.ib.19277d]]\n", encoding="utf-8"
    )
    (chapters / "summary-prioritering.md").write_text(
        "- Saksmengden avgjør hvem som får oppfølging.\n- Fristene styrer dagen.\n",
        encoding="utf-8",
    )
    md = _md(demo)
    discussion = md.split("## 8 Diskusjon")[1].split("## 9")[0]
    assert "Funnene samsvarer med tidligere evalueringer." in discussion
    assert (
        "> Læringskurven er bratt hvis man ikke har jobbet i NAV før. (NAV-veileder)" in discussion
    )
    assert "Å SKRIVE" not in discussion
    summary = md.split("### 5.2 Oppsummering")[1].split("## 6")[0]
    assert "- Saksmengden avgjør hvem som får oppfølging." in summary
    assert "Å SKRIVE" not in summary


def test_chapters_are_configurable_in_stc_yaml(demo: Workspace):
    cfg = demo.root / "stc.yaml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(
        text.replace(
            "  institution: Demonstrasjonsinstituttet\n",
            "  institution: Demonstrasjonsinstituttet\n  chapters: [method, results, references]\n",
        ),
        encoding="utf-8",
    )
    heads = re.findall(r"^## (.+)$", _md(demo), flags=re.MULTILINE)
    assert heads[:3] == ["1 Metode", "2 Resultater", "3 Prioritering av begrensede ressurser"]
    assert heads[-1] == "Referanser" and "Sammendrag" not in heads
    cfg.write_text(
        text.replace(
            "  institution: Demonstrasjonsinstituttet\n",
            "  institution: Demonstrasjonsinstituttet\n  chapters: [method, epilog]\n",
        ),
        encoding="utf-8",
    )
    with pytest.raises(StcError, match=r"report\.chapters: 'epilog' is not one of"):
        _md(demo)


def test_each_theme_ends_with_a_bulleted_summary_and_dropped_themes_are_named(demo: Workspace):
    md = _md(demo)
    assert "Analysene ga tre hovedtemaer: «Prioritering av begrensede ressurser»" in md
    assert "«Kompetanse og samarbeid» og «Møtet mellom NAV og den sykmeldte»." in md
    assert "De foreløpige temaene «Tidlig innsats» og «Styring og måltall» fra trinn 1" in md
    summary = md.split("### 5.2 Oppsummering")[1].split("## 6")[0]
    assert "- For mange saker til å følge opp alle\n- Fristene og måltallene styrer" in summary
    assert "Oppsummering av subgrupper" not in md


def test_counts_agree_with_status_or_say_why(demo: Workspace, cli):
    status = json.loads(cli(demo.root, "status", "--json").stdout)
    units = int(re.match(r"(\d+) meaning unit", status["steps"][1]["notes"][0]).group(1))  # type: ignore[union-attr]
    md = _md(demo)
    assert f"Forskerne identifiserte {units} meningsbærende enheter" in md
    assert f"de {units} enhetene dekker 89 ulike utdrag" in md
    assert "totalene i tabell 3 er til sammen 100, mens antall ulike utdrag er 89" in md
    assert f"til sammen {status['informants']} informanter" in md


def test_round_sentences_come_from_the_assignments_not_the_label(ws: Workspace):
    split_all = Round(2, "by-group", {"ms": ("vei-01", "fyl-01"), "ak": ("vei-02", "fyl-02")})
    api.save_round(ws, split_all)
    md = _md(ws)
    assert "I analyserunde 2 (trinn 1–3) ble fire intervjuer fordelt etter informantgruppe" in md
    assert "Hver informantgruppe med mer enn ett intervju i runden ble delt" in md
    none = Round(2, "by-group", {"ms": ("vei-01", "vei-02", "vei-03"), "ak": ("fyl-01", "fyl-02")})
    api.save_round(ws, none)
    md = _md(ws)
    assert "Ingen informantgruppe ble delt mellom forskerne." in md
    assert "hver informantgruppe ble delt" not in md.lower()
    some = Round(2, "by-group", {"ms": ("vei-01", "fyl-01", "fyl-02"), "ak": ("vei-02", "dir-01")})
    api.save_round(ws, some)
    md = _md(ws)
    assert (
        "Informantgruppen NAV-veileder ble delt mellom forskerne, mens informantgruppen "
        "NAV Fylket ble lest av én forsker. De andre informantgruppene hadde bare ett intervju"
    ) in md


def test_prose_has_no_arrows_iso_dates_progress_counts_or_bare_lists(demo: Workspace):
    for language in ("nb", "en"):
        md = _md(demo, language=language)
        prose = "\n".join(line for line in md.splitlines() if not line.startswith(("|", ">", "#")))
        assert "→" not in prose
        assert not re.search(r"\b\d{4}-\d\d-\d\d\b", prose)
        assert not re.search(r"\b(\d+) (av|of) \1\b", prose)  # "5 av 5"
        assert not re.search(r"\(\d+ (skrevet|valgt|written|chosen)\)", prose)
        assert "Ingrid Bakke, Tor Lunde." not in prose
    en = _md(demo, language="en")
    assert "appraised after" not in en and "(Table 1)" in en and "(table 1)" not in en
    assert "by Ingrid Bakke and Tor Lunde" in en


def test_markdown_emphasis_is_valid_commonmark(demo: Workspace):
    md = _md(demo)
    assert "*Kondensat:* Jeg har over hundre saker" in md
    runs = re.findall(r"\*\*([^*\n]+)\*\*", md) + re.findall(r"(?<!\*)\*([^*\n]+)\*(?!\*)", md)
    assert runs and all(r == r.strip() for r in runs)  # no space just inside a delimiter
    assert "*Kondensat: *" not in md


def test_english_report_uses_translations_and_marks_the_rest(demo: Workspace):
    en = _md(demo, language="en")
    assert "> The learning curve is steep if you haven't worked in NAV before. (NAV-veileder)" in en
    assert "Læringskurven er bratt hvis" not in en.split("## Appendix")[0]
    assert "(Arbeidsgiver; Norwegian original)" in en  # a golden quote left untranslated
    assert "the others are in the Norwegian original and marked so" in en
    nb = _md(demo)
    assert "Norwegian original" not in nb and "The learning curve" not in nb


def test_translation_is_kept_by_the_unit_file(demo: Workspace):
    uf = demo.unit_file("vei-01", "ib")
    unit = next(u for u in uf.units if u.id == "vei-01.ib.19277d")
    assert unit.translation.startswith("The learning curve is steep")
    before = demo.units_path("vei-01", "ib").read_bytes()
    demo.save_unit_file(uf)
    assert demo.units_path("vei-01", "ib").read_bytes() == before


def test_golden_quotes_print_once(demo: Workspace):
    md = _md(demo, quote_bank=False)
    quotes = [line for line in md.splitlines() if line.startswith("> ")]
    assert len(quotes) == len(set(quotes))
    # a golden quote not used in the analytic text still appears, once, under its subgroup
    assert md.count("> Men i den enkelte saken er det mer tilfeldig.") == 1


def test_quote_bank_merges_overlapping_spans(ws: Workspace):
    api.add_code_group(ws, "tid", "Tid og saker")
    api.add_code(ws, "saker", "tid")
    api.add_unit(ws, "vei-01", "ms", ["saker"], quote="Vi har for mange saker.")
    api.add_unit(ws, "vei-01", "ak", ["saker"], quote="mange saker. Jeg rekker ikke å ringe alle")
    bank = _md(ws).split("Sitatbank")[1]
    quotes = [line for line in bank.splitlines() if line.startswith("> ")]
    assert quotes == ["> Vi har for mange saker. Jeg rekker ikke å ringe alle (NAV-veileder)"]


def test_theme_chapter_in_html_has_no_title_block(demo: Workspace):
    html = api.render_report(demo, "html", theme="motet").read_text(encoding="utf-8")
    assert 'class="title"' not in html and "<header>" not in html
    assert '<span class="num">7</span> Møtet mellom NAV' in html


def test_heat_map_has_a_legend_and_dark_text(demo: Workspace):
    html = api.render_report(demo, "html").read_text(encoding="utf-8")
    assert "color:#fff" not in html
    assert "i forhold til den største cellen i tabellen (12 enheter)" in html
    md = _md(demo, language="en")
    assert "relative to the largest cell in the table (12 units)" in md


def test_chapter_files_outside_the_workspace_are_not_read(demo: Workspace, tmp_path):
    secret = tmp_path / "utenfor"
    secret.mkdir()
    (secret / "summary.md").write_text("Hemmelig tekst utenfor arbeidsområdet.", encoding="utf-8")
    (demo.root / "templates").mkdir()
    try:
        (demo.root / "templates" / "chapters").symlink_to(secret, target_is_directory=True)
    except OSError:
        pytest.skip("this system does not let the test create symbolic links")
    md = _md(demo)
    assert "Hemmelig tekst" not in md and "templates/chapters/summary.md" in md
