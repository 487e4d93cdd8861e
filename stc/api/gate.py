"""The output gate's hook: every command that writes outside the workspace opens a
:func:`gate` with its output's name and what it prints, renders, and passes the content to
:meth:`Gate.check` before a byte is written. The rules live in :mod:`stc.core.gate`; this
module feeds them the scans (cached, signed, in .stc/cache/)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

from stc.core.anon import Finding, Scanner, context_of
from stc.core.gate import OUTPUTS, Output, Place, Refusal, Scope, Spans
from stc.errors import AnonymityError, InvalidValue
from stc.i18n import count
from stc.store import Workspace
from stc.study import Study

SHOWN = 12


@dataclass
class Gate:
    """An output that passed the field checks; :meth:`check` takes its rendered content."""

    spec: Output
    labels: Scanner
    allow_identifiers: bool
    problems: list[Refusal] = field(default_factory=list)

    def check(self, content: str | bytes) -> None:
        """Read the rendered content back: refuse what reached it from no gated field, or
        (with --allow-identifiers) warn about everything this file carries."""
        if not self.problems:
            self.problems = _backstop(self.labels, content)
        if not self.problems:
            return
        if not self.allow_identifiers:
            _refuse(self.spec, self.problems)
        sys.stderr.write(
            f"WARNING: --allow-identifiers: {self.spec.command} writes {len(self.problems)} "
            "likely identifiers or not-anonymised text. This file must stay inside the "
            "research team: never share, publish or upload it.\n"
            + "".join(f"  {p}\n" for p in self.problems[:SHOWN])
        )


def gate(
    ws: Workspace, study: Study, output: str, scope: Scope, allow_identifiers: bool = False
) -> Gate:
    """Refuse (AnonymityError, nothing written) when ``output`` would carry a likely
    identifier, a stale quote, a dangling reference or a conflict marker; with
    ``allow_identifiers`` (team-only exports) the identifiers are warned about instead."""
    from stc.api.anonymity import scanner
    from stc.core import gate as rules

    spec = OUTPUTS[output]
    if allow_identifiers and not spec.team_only:
        raise InvalidValue(f"--allow-identifiers is not available for {spec.command}")
    found = rules.places(study, output, scope)
    blocking = rules.blockers(study, found, scope)
    if blocking:
        raise AnonymityError(
            _listing(spec, blocking),
            hint="fix these first (`stc check` lists them); nothing was written",
        )
    full = scanner(ws)
    labels = Scanner(full.language, full.identifiers, full.allow, full.model, names=False)
    problems = rules.not_anonymised(study, scope) + _identifiers(ws, study, full, labels, found)
    if problems and not allow_identifiers:
        _refuse(spec, problems)
    return Gate(spec, labels, allow_identifiers, problems)


def _identifiers(
    ws: Workspace, study: Study, full: Scanner, labels: Scanner, places: Sequence[Place]
) -> list[Refusal]:
    from stc.api.anonymity import scan
    from stc.core.gate import inspect

    wanted = sorted({p.transcript for p in places if p.transcript in study.transcripts})
    findings: dict[str, list[Finding]] = {}
    for f in scan(ws, wanted) if wanted else []:
        findings.setdefault(f.transcript, []).append(f)
    names = [i.text for i in full.identifiers if i.kind == "name"]
    return inspect(
        lambda texts: _scan_prose(ws, full, texts),
        labels,
        places,
        findings,
        names,
        full.language,
    )


def _scan_prose(ws: Workspace, full: Scanner, texts: list[str]) -> Spans:
    """The whole detector over the team's prose, cached (signed) while nothing changed: a
    report need not load spaCy when its texts are as they were."""
    import hashlib

    from stc.api.anonymity import _scan_signature

    key = hashlib.sha256("\x1e".join([_scan_signature(full), *texts]).encode("utf-8")).hexdigest()
    cache = ws.cache_read("gate") or {}
    hit = cache.get(key) if isinstance(cache, dict) else None
    if isinstance(hit, list) and len(hit) == len(texts):
        return [[(a, b, k) for a, b, k in spans] for spans in hit]
    spans = full.scan_texts(texts)
    kept = dict(list(cache.items())[-7:]) if isinstance(cache, dict) else {}
    ws.cache_write("gate", {**kept, key: spans})  # a few outputs' worth
    return spans


def _backstop(labels: Scanner, content: str | bytes) -> list[Refusal]:
    """The rendered content itself, read back for what reached it without a gated field: the
    names of the identifier list and the key, and e-mail addresses. (The whole detector
    reads about 2 MB a second: seconds for a report of thousands of quotes, which the field
    checks have covered already; these two are nearly free.)"""
    import re

    from stc.core.anon import _EMAIL
    from stc.report.extract import output_text

    text = output_text(content)
    spans = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(text)] if "@" in text else []
    folded = text.lower()
    if len(folded) == len(text):  # offsets carry over (true but for a few rare letters)
        for entry in {i.text.lower() for i in labels.identifiers if i.text.strip()}:
            at = folded.find(entry)
            while at >= 0:
                end = at + len(entry)
                if not (at and folded[at - 1].isalnum()) and not folded[end : end + 1].isalnum():
                    spans.append((at, end, "identifier"))
                at = folded.find(entry, end)
    elif labels.identifiers:
        words = "|".join(re.escape(i.text) for i in labels.identifiers if i.text.strip())
        pattern = re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
        spans += [(m.start(), m.end(), "identifier") for m in pattern.finditer(text)]
    return [
        Refusal(
            "the rendered output",
            "text from no gated field",
            kind,
            text[a:b],
            context_of(text, a, b).replace("\n", " "),
        )
        for a, b, kind in sorted(spans)
        if not labels._allowed(text[a:b])
    ]


def _listing(spec: Output, problems: Sequence[Refusal]) -> str:
    more = f"\n  … and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return (
        f"{spec.command} refused: {count(len(problems), 'problem')} in what it would write:\n  "
        + "\n  ".join(str(p) for p in problems[:SHOWN])
        + more
    )


def _refuse(spec: Output, problems: Sequence[Refusal]) -> None:
    hint = (
        "anonymise the transcripts (stc anon apply) and edit the named texts; for a false "
        "alarm add the word to anonymity.allow in stc.yaml; nothing was written"
    )
    if spec.team_only:
        hint += (
            ". Only for a copy that stays inside the research team: "
            f"{spec.command} … --allow-identifiers"
        )
    raise AnonymityError(_listing(spec, problems), hint=hint)
