"""Anonymisation: scanning for identifiers and replacing them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stc.api._base import writes
from stc.core.anon import Finding, Identifier, Scanner
from stc.core.units import Span, segments, span_text
from stc.errors import AnonymityError, NotFound
from stc.layout import ANON_KEY, IDENTIFIERS
from stc.model import (
    MeaningUnit,
    Transcript,
    UnitFile,
)
from stc.store import Workspace
from stc.study import Study


def load_identifiers(ws: Workspace, path: Path | None = None) -> list[Identifier]:
    """The private identifier list: names, employers, places … with optional replacements."""
    from stc.model import Fields

    source = path or ws.root / IDENTIFIERS
    if not source.is_file():
        if path:
            raise NotFound(f"identifier list {path} does not exist")
        return []
    data = ws.read_yaml(source)
    f = Fields(data, ws.rel(source), ("schema_version", "identifiers"))
    out = []
    for i, item in enumerate(f.items("identifiers")):
        if isinstance(item, str):
            out.append(Identifier(item))
            continue
        g = Fields(item, f"{ws.rel(source)}: identifiers[{i}]", ("text", "kind", "replacement"))
        out.append(
            Identifier(g.req_text("text"), g.text("kind", "name"), g.opt_text("replacement"))
        )
    return out


def scanner(ws: Workspace, identifiers_file: Path | None = None) -> Scanner:
    project = ws.project()
    ids = load_identifiers(ws, identifiers_file)
    allow = [*project.allow, *(i.replacement for i in ids if i.replacement)]
    return Scanner(project.language, ids, allow, project.nlp_model)


def _scan_signature(s: Scanner) -> str:
    import hashlib

    from stc import __version__

    parts = [
        __version__,
        s.language,
        s.model or "",
        *sorted(s.allow),
        *sorted(f"{i.text}\x1f{i.kind}" for i in s.identifiers),
    ]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:16]


def scan(
    ws: Workspace,
    transcript_ids: Sequence[str] = (),
    identifiers_file: Path | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[Finding]:
    """Likely identifiers in transcripts (all when none named), cached by content in .stc/.

    A name found in any transcript is then searched for in all of them, so it is caught
    also where it opens a sentence. ``progress(done, total)`` reports transcripts scanned.
    """
    import hashlib

    from stc.core.anon import context_of

    s = scanner(ws, identifiers_file)
    ids = list(transcript_ids) or ws.transcript_ids()
    transcripts = [ws.transcript(t) for t in ids]
    signature = _scan_signature(s)
    cache = (ws.cache_read("anon") if use_cache else None) or {}
    if cache.get("signature") != signature:
        cache = {"signature": signature, "transcripts": {}}
    todo = []
    for t in transcripts:
        digest = hashlib.sha256("\x1e".join(x.text for x in t.turns).encode()).hexdigest()
        entry = cache["transcripts"].get(t.id)
        if not entry or entry["hash"] != digest:
            todo.append((t, digest))
    for done in range(0, len(todo), 8):
        batch = todo[done : done + 8]
        results = iter(s.scan_texts([turn.text for t, _ in batch for turn in t.turns]))
        for t, digest in batch:
            spans = [[turn.n, a, b, kind] for turn in t.turns for a, b, kind in next(results)]
            cache["transcripts"][t.id] = {"hash": digest, "findings": spans}
        if progress:
            progress(done + len(batch), len(todo))
    if todo and use_cache:
        ws.cache_write("anon", cache)
    found = _everywhere(
        transcripts, {t.id: cache["transcripts"][t.id]["findings"] for t in transcripts}
    )
    out = []
    for t in transcripts:
        for n, a, b, kind in found[t.id]:
            text = t.turns[n - 1].text
            out.append(Finding(t.id, n, a, b, kind, text[a:b], context_of(text, a, b)))
    return out


def _everywhere(
    transcripts: Sequence[Transcript], found: dict[str, list[list[Any]]]
) -> dict[str, list[list[Any]]]:
    """Apply the workspace-wide name rule (:func:`stc.core.anon.propagate_names`) to cached
    findings, which are stored per transcript as [turn, start, end, kind]."""
    from stc.core.anon import _non_overlapping, propagate_names

    turns = [(t, turn) for t in transcripts for turn in t.turns]
    per_turn: dict[tuple[str, int], list[tuple[int, int, str]]] = {}
    for t in transcripts:
        for n, a, b, k in found[t.id]:
            per_turn.setdefault((t.id, n), []).append((a, b, k))
    texts = [turn.text for _, turn in turns]
    spans = [per_turn.get((t.id, turn.n), []) for t, turn in turns]
    out: dict[str, list[list[Any]]] = {t.id: [] for t in transcripts}
    for (t, turn), before, after in zip(turns, spans, propagate_names(texts, spans), strict=True):
        kept = _non_overlapping(after) if len(after) > len(before) else before
        out[t.id] += [[turn.n, a, b, k] for a, b, k in kept]
    return out


@dataclass
class Anonymised:
    transcript: str
    replaced: dict[str, int]
    units: int
    diff: str


@writes
def anonymise(
    ws: Workspace,
    transcript_ids: Sequence[str] = (),
    identifiers_file: Path | None = None,
    dry_run: bool = False,
) -> list[Anonymised]:
    """Replace findings with consistent tags or pseudonyms; re-anchor affected units."""
    import difflib

    from stc.core.anon import Key, map_offset, replace_spans

    project = ws.project()
    ids = {i.text.casefold(): i for i in load_identifiers(ws, identifiers_file)}
    key_path = ws.root / ANON_KEY
    key = Key(dict(ws.read_yaml(key_path).get("entries", {})) if key_path.is_file() else {})
    findings = scan(ws, transcript_ids, identifiers_file)
    by_transcript: dict[str, list[Finding]] = {}
    for f in findings:
        by_transcript.setdefault(f.transcript, []).append(f)
    results, new_transcripts, new_units = [], [], []
    files_of: dict[str, list[UnitFile]] = {}
    for uf in ws.unit_files():  # read once, not once per transcript
        files_of.setdefault(uf.transcript, []).append(uf)
    for tid in list(transcript_ids) or ws.transcript_ids():
        t = ws.transcript(tid)
        edits: dict[int, list[tuple[int, int, str]]] = {}
        counts: dict[str, int] = {}
        for f in by_transcript.get(tid, []):
            new = key.replacement(f.text, f.kind, project.language, ids)
            edits.setdefault(f.turn, []).append((f.start, f.end, new))
            counts[f.kind] = counts.get(f.kind, 0) + 1
        turns = tuple(
            replace(turn, text=replace_spans(turn.text, edits[turn.n])[0])
            if turn.n in edits
            else turn
            for turn in t.turns
        )
        new_t = replace(t, turns=turns, anonymised=True)
        moved = 0
        for uf in files_of.get(tid, []):
            units = []
            for u in uf.units:
                if not any(n in edits for n in range(u.turn, u.last_turn + 1)):
                    units.append(u)
                    continue
                first, last = edits.get(u.turn), edits.get(u.last_turn)
                start = map_offset(u.start, first, "start") if first else u.start
                end = map_offset(u.end, last, "end") if last else u.end
                text = span_text(new_t, Span(u.turn, start, end, u.to_turn))
                moved += text != u.text
                units.append(replace(u, start=start, end=end, text=text))
            new_units.append(replace(uf, units=tuple(units)))
        old_text = "\n\n".join(x.text for x in t.turns).splitlines()
        new_text = "\n\n".join(x.text for x in turns).splitlines()
        diff = "\n".join(
            difflib.unified_diff(
                old_text, new_text, f"{tid} (now)", f"{tid} (anonymised)", lineterm="", n=0
            )
        )
        results.append(Anonymised(tid, counts, moved, diff))
        new_transcripts.append(new_t)
    if not dry_run:
        with ws.transaction():
            for t in new_transcripts:
                ws.save_transcript(t)
            for uf in new_units:
                ws.save_unit_file(uf)
            ws.write_yaml(key_path, {"entries": dict(sorted(key.entries.items()))})
        key_path.chmod(0o600)
    return results


def _refuse_identifiers(ws: Workspace, study: Study, units: Sequence[MeaningUnit]) -> None:
    problems = quote_findings(ws, study, units)
    if problems:
        more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
        raise AnonymityError(
            "quotes would print likely identifiers:\n  " + "\n  ".join(problems[:8]) + more,
            hint="anonymise the transcripts (stc anon apply) or, for a false alarm, add the word "
            "to anonymity.allow in stc.yaml; nothing was written",
        )


def quote_findings(ws: Workspace, study: Study, units: Iterable[MeaningUnit]) -> list[str]:
    """Identifiers inside units about to be printed, as messages (empty when all is clean)."""
    wanted = {u.transcript for u in units}
    findings = scan(ws, sorted(t for t in wanted if t in study.transcripts))
    by_turn: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        by_turn.setdefault((f.transcript, f.turn), []).append(f)
    out = []
    for u in units:
        t = study.transcripts.get(u.transcript)
        parts = segments(t, u) if t else []
        for turn, start, end in parts:  # every turn a unit covers, the question too
            for f in by_turn.get((u.transcript, turn.n), []):
                if f.start < end and f.end > start:
                    out.append(f"unit {u.id} quotes a likely {f.kind}: {f.text!r}")
    return out


def _scan_transcript(ws: Workspace, t: Transcript) -> list[Finding]:
    spans = scanner(ws).scan_texts([turn.text for turn in t.turns])
    return [
        Finding(t.id, turn.n, a, b, kind, turn.text[a:b])
        for turn, found in zip(t.turns, spans, strict=True)
        for a, b, kind in found
    ]
