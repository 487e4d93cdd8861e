"""Step 1: total impression (helhetsinntrykk) — per researcher, per transcript."""

from __future__ import annotations

import re
from dataclasses import replace

from stc.errors import AnchorError
from stc.i18n import strings
from stc.model import Step1
from stc.text import normalise


def record_impression(step1: Step1, transcript_id: str, text: str) -> Step1:
    body = normalise(text).strip()
    if not body:
        raise AnchorError("the impression is empty", hint="write a few lines with --text or --edit")
    return step1.with_impression(transcript_id, body)


def record_preconceptions(step1: Step1, text: str) -> Step1:
    return replace(step1, preconceptions=normalise(text).strip())


def template(language: str, transcript_id: str, group: str) -> str:
    """The text a researcher starts an impression from (headings, a reminder comment)."""
    return strings(language)["impression_template"].format(tid=transcript_id, group=group)


def from_editor(text: str) -> str:
    """The impression as written in the editor: comments dropped; empty headings are nothing."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    filled = [line for line in text.splitlines() if line.strip() and not line.startswith("## ")]
    if not filled:
        raise AnchorError("the impression is empty; nothing was saved")
    return text.strip()
