"""Information power (Malterud, Siersma & Guassora 2016): the five dimensions and an appraisal.

Each dimension has two poles; the first pole of each (narrow aim, dense specificity, applied
theory, strong dialogue, case analysis) gives a sample more information power, so fewer
informants can be enough.
"""

from __future__ import annotations

from collections.abc import Mapping

from stc.model import POWER_DIMENSIONS

EXPLAIN = {
    "aim": "Is the study's aim narrow (a specific question) or broad (a wide field)?",
    "specificity": "Do the informants hold experience dense with what the aim asks, or sparse?",
    "theory": "Does an established theory guide the analysis (applied), or none?",
    "dialogue": "Was the quality of the interview dialogue strong or weak?",
    "strategy": "Is the analysis an in-depth study of a few cases, or cross-case (as STC is)?",
}


def appraisal(power: Mapping[str, str]) -> str:
    """The appraisal in words, from the dimensions recorded so far."""
    given = [d for d in POWER_DIMENSIONS if d in power]
    if not given:
        return "No dimension is appraised yet."
    high = [d for d in given if power[d] == POWER_DIMENSIONS[d][0]]
    low = [d for d in given if d not in high]
    if len(high) > len(low):
        verdict = "The sample holds high information power: fewer informants can be enough"
    elif len(low) > len(high):
        verdict = "The sample holds lower information power: more informants are needed"
    else:
        verdict = "The sample's information power is moderate"
    reasons = []
    if high:
        reasons.append("raised by " + ", ".join(f"{d} ({power[d]})" for d in high))
    if low:
        reasons.append("lowered by " + ", ".join(f"{d} ({power[d]})" for d in low))
    missing = [d for d in POWER_DIMENSIONS if d not in power]
    tail = f" Not yet appraised: {', '.join(missing)}." if missing else ""
    return f"{verdict} — {'; '.join(reasons)}.{tail}"
