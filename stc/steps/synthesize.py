"""Step 4: synthesis — analytic text per code group, with [[unit]] quote references."""

from __future__ import annotations

import re

from stc.errors import Conflict, NotFound
from stc.model import Synthesis
from stc.study import Study, fingerprint
from stc.text import normalise

REF_RE = re.compile(r"\[\[([^\[\]\s]+)\]\]")


def references(body: str) -> list[str]:
    return REF_RE.findall(body)


def code_group_fingerprint(study: Study, code_group: str) -> str:
    c = study.condensations.get(code_group)
    units = [u for s in (c.subgroups if c else ()) for u in study.subgroup_units(code_group, s.id)]
    return fingerprint(units)


def write_synthesis(
    study: Study, code_group: str, body: str, heading: str | None = None, theme: str | None = None
) -> Synthesis:
    group = study.codebook.code_group(code_group)
    if not group:
        raise NotFound(f"no code group {code_group!r}", hint="`stc codebook show` lists them")
    text = normalise(body).strip()
    if not text:
        raise Conflict("the analytic text is empty", hint="write it in the file or with --edit")
    old = study.syntheses.get(code_group)
    return Synthesis(
        code_group=code_group,
        heading=heading or (old.heading if old else "") or group.label,
        body=text,
        theme=theme or (old.theme if old else None),
        fingerprint=code_group_fingerprint(study, code_group),
    )
