"""Step 4: synthesis — analytic text per code group, with [[unit]] quote references."""

from __future__ import annotations

import re

from stc.errors import InvalidValue, NotFound
from stc.i18n import strings
from stc.model import MeaningUnit, Synthesis
from stc.speech import content_words
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
        raise InvalidValue("the analytic text is empty", hint="write it in the file or with --edit")
    old = study.syntheses.get(code_group)
    return Synthesis(
        code_group=code_group,
        heading=heading or (old.heading if old else "") or group.label,
        body=text,
        theme=theme or (old.theme if old else None),
        fingerprint=code_group_fingerprint(study, code_group),
    )


def skeleton(study: Study, code_group: str) -> str:
    """A starting text for a code group's analysis: a heading proposed from the first golden
    quotation, each subgroup's condensate as a comment, and its golden quote as a reference."""
    group = study.codebook.code_group(code_group)
    c = study.condensations.get(code_group)
    label = group.label if group else code_group
    reminder = strings(study.project.language)["synthesis_reminder"].format(label=label)
    golden = [
        study.unit_index[s.golden]
        for s in (c.subgroups if c else ())
        if s.golden and s.golden in study.unit_index
    ]
    heading = next(
        (h for u in golden if (h := proposed_heading(_answer(study, u), study.project.language))),
        group.label if group else "",
    )
    parts = [reminder, f"# {heading}", ""]
    for s in c.subgroups if c else ():
        parts += [f"<!-- {s.label}: {s.condensate or '…'} -->", ""]
        if s.golden:
            parts += [f"[[{s.golden}]]", ""]
    return "\n".join(parts)


def _answer(study: Study, u: MeaningUnit) -> str:
    """The informant's words of a unit (a unit across turns also holds the question)."""
    from stc.core.units import informant_words

    t = study.transcripts.get(u.transcript)
    return informant_words(t, u)[1] if t else u.text


def proposed_heading(quote: str, language: str, words: int = 6) -> str | None:
    """A heading from an informant's words («…»), or None when the quote is mostly fillers.

    Fillers and false starts are left out, so «Uh, uh, but, uh, the more» proposes nothing.
    """
    content = content_words(quote, language)
    if len(content) < 3:
        return None
    return f"«{' '.join(content[:words])}»"


def parse_edited(text: str) -> tuple[str | None, str]:
    """(heading, body) of an edited skeleton: comments dropped, a first '# ' line is the heading."""
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL).strip()
    lines = body.splitlines()
    if lines and lines[0].startswith("# "):
        return lines[0][2:].strip(), "\n".join(lines[1:]).strip()
    return None, body
