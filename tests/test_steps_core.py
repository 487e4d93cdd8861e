"""Step 1 and information power on their own (stc/core/impression.py, stc/core/power.py)."""

from __future__ import annotations

import pytest

from stc.core import impression, power
from stc.errors import AnchorError
from stc.model import POWER_DIMENSIONS, Step1


def test_an_impression_is_kept_trimmed_and_an_empty_one_refused():
    step1 = impression.record_impression(Step1("ms"), "vei-01", "  Et godt intervju.\r\n")
    assert [(i.transcript, i.text) for i in step1.impressions] == [("vei-01", "Et godt intervju.")]
    with pytest.raises(AnchorError) as caught:
        impression.record_impression(step1, "vei-02", " \n ")
    assert caught.value.message == "the impression is empty"
    assert caught.value.hint == "write a few lines with --text or --edit"
    noted = impression.record_preconceptions(step1, "  Jeg har jobbet i NAV selv.\r\n")
    assert noted.preconceptions == "Jeg har jobbet i NAV selv."
    assert noted.impressions == step1.impressions  # the impressions stay


def test_the_template_names_the_transcript_and_group_and_an_untouched_one_is_nothing():
    text = impression.template("nb", "vei-01", "NAV-veileder")
    assert text.startswith("<!-- Helhetsinntrykk av vei-01 (NAV-veileder).")
    assert "## Helhetsinntrykk" in text
    assert impression.template("en", "dev-02", "Developer").startswith(
        "<!-- Total impression of dev-02 (Developer)."
    )
    with pytest.raises(AnchorError, match="nothing was saved"):
        impression.from_editor(text)  # headings and the comment only
    written = text.replace("## Helhetsinntrykk\n\n", "## Helhetsinntrykk\n\nTidspress overalt.\n")
    kept = impression.from_editor(written)
    assert "Tidspress overalt." in kept and "<!--" not in kept and kept == kept.strip()


def _all(first: bool) -> dict[str, str]:
    return {d: poles[0 if first else 1] for d, poles in POWER_DIMENSIONS.items()}


def test_the_appraisal_weighs_the_dimensions_given():
    assert power.appraisal({}) == "No dimension is appraised yet."
    high = power.appraisal(_all(True))
    assert high.startswith("The sample holds high information power: fewer informants")
    assert "lowered by" not in high and "Not yet appraised" not in high
    low = power.appraisal(_all(False))
    assert low.startswith("The sample holds lower information power: more informants")
    assert "raised by" not in low
    assert "— lowered by aim (broad), specificity (sparse), theory (none)" in low
    aim, spec = list(POWER_DIMENSIONS)[:2]
    even = {aim: POWER_DIMENSIONS[aim][0], spec: POWER_DIMENSIONS[spec][1]}
    text = power.appraisal(even)
    rest = ", ".join(list(POWER_DIMENSIONS)[2:])
    assert text == (
        f"The sample's information power is moderate — raised by {aim} ({even[aim]}); "
        f"lowered by {spec} ({even[spec]}). Not yet appraised: {rest}."
    )
    assert set(power.EXPLAIN) == set(POWER_DIMENSIONS)
