"""Step 1: total impression (helhetsinntrykk) — per researcher, per transcript."""

from __future__ import annotations

from dataclasses import replace

from stc.errors import AnchorError
from stc.model import Step1
from stc.text import normalise


def record_impression(step1: Step1, transcript_id: str, text: str) -> Step1:
    body = normalise(text).strip()
    if not body:
        raise AnchorError("the impression is empty", hint="write a few lines with --text or --edit")
    return step1.with_impression(transcript_id, body)


def record_preconceptions(step1: Step1, text: str) -> Step1:
    return replace(step1, preconceptions=normalise(text).strip())
