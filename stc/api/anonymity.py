"""Anonymisation: scanning for identifiers and replacing them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from stc.api._base import writes
from stc.core.anon import SURE_KINDS, Finding, Identifier, Key, Scanner, split_genitive
from stc.core.units import Span, segments, span_text
from stc.errors import NotFound
from stc.layout import ANON_KEY, ANON_REVIEW, IDENTIFIERS
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


def key_identifiers(ws: Workspace) -> list[Identifier]:
    """Every original in the anonymisation key: once replaced, an identifier everywhere."""
    path = ws.root / ANON_KEY
    if not path.is_file():
        return []
    entries = ws.read_yaml(path).get("entries") or {}
    return (
        [Identifier(str(k)) for k in entries if str(k).strip()] if isinstance(entries, dict) else []
    )


def scanner(ws: Workspace, identifiers_file: Path | None = None) -> Scanner:
    """The detector with the identifier list and every name of the anonymisation key."""
    project = ws.project()
    ids = load_identifiers(ws, identifiers_file)
    listed = {i.text.casefold() for i in ids}
    ids += [i for i in key_identifiers(ws) if i.text.casefold() not in listed]
    # a term accepted in review is an identifier wherever it stands, also where the detector
    # alone would not find it ("Olsen" opening a sentence)
    listed = {i.text.casefold() for i in ids}
    ids += [i for term, i in _accepted(review_decisions(ws)).items() if term not in listed]
    allow = [*project.allow, *(i.replacement for i in ids if i.replacement)]
    return Scanner(project.language, ids, allow, project.nlp_model)


def _scan_signature(s: Scanner) -> str:
    """What the cached findings depend on: stc's version, the detector's own rules (the
    source of the modules that find identifiers, so a changed rule is never served from an
    old cache), the language, model, allow-list and identifier list."""
    import hashlib

    import stc.core.anon
    import stc.core.names
    from stc import __version__

    rules = [Path(m.__file__ or "").read_bytes() for m in (stc.core.anon, stc.core.names)]
    parts = [
        __version__,
        hashlib.sha256(b"".join(rules)).hexdigest(),
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

    Every transcript is judged on its own; then a name found with certainty in any
    transcript of the workspace is searched for in all of them, so it is caught also where it
    opens a sentence. Scanning one transcript gives the same findings for it as scanning all.
    ``progress(done, total)`` reports transcripts scanned.
    """
    from stc.core.anon import context_of

    s = scanner(ws, identifiers_file)
    everything = ws.transcripts()
    wanted = set(transcript_ids) or {t.id for t in everything}
    for tid in wanted:
        ws.transcript(tid)  # an unknown id is an error naming it
    cached = _scan_cached(ws, s, everything, use_cache, progress)
    found = _everywhere(everything, cached)
    out = []
    for t in everything:
        if t.id not in wanted:
            continue
        for n, a, b, kind, confidence in found[t.id]:
            text = t.turns[n - 1].text
            out.append(Finding(t.id, n, a, b, kind, text[a:b], context_of(text, a, b), confidence))
    return out


_CACHE_FORMAT = 2  # findings carry their confidence


def _scan_cached(
    ws: Workspace,
    s: Scanner,
    transcripts: Sequence[Transcript],
    use_cache: bool,
    progress: Callable[[int, int], None] | None,
) -> dict[str, list[list[Any]]]:
    """Per transcript, its own findings [turn, start, end, kind, confidence], from the cache
    where the transcript and the scanner's settings are unchanged."""
    import hashlib

    signature = f"{_CACHE_FORMAT}:{_scan_signature(s)}"
    cache = (ws.cache_read("anon") if use_cache else None) or {}
    if cache.get("signature") != signature:
        cache = {"signature": signature, "transcripts": {}}
    todo = []
    for t in transcripts:
        digest = hashlib.sha256("\x1e".join(x.text for x in t.turns).encode()).hexdigest()
        entry = cache["transcripts"].get(t.id)
        if not entry or entry["hash"] != digest:
            todo.append((t, digest))
    for done, (t, digest) in enumerate(todo, 1):
        results = s.scan_scored([turn.text for turn in t.turns])
        spans = [
            [turn.n, a, b, k, c]
            for turn, found in zip(t.turns, results, strict=True)
            for a, b, k, c in found
        ]
        cache["transcripts"][t.id] = {"hash": digest, "findings": spans}
        if progress:
            progress(done, len(todo))
    if todo and use_cache:
        ws.cache_write("anon", cache)
    return {t.id: cache["transcripts"][t.id]["findings"] for t in transcripts}


def _everywhere(
    transcripts: Sequence[Transcript], found: dict[str, list[list[Any]]]
) -> dict[str, list[list[Any]]]:
    """Apply the workspace-wide name rule (:func:`stc.core.anon.propagate_names`) to cached
    findings, which are stored per transcript as [turn, start, end, kind, confidence]."""
    from stc.core.anon import _non_overlapping_scored, propagate_names

    turns = [(t, turn) for t in transcripts for turn in t.turns]
    per_turn: dict[tuple[str, int], list[tuple[int, int, str, float]]] = {}
    for t in transcripts:
        for n, a, b, k, c in found[t.id]:
            per_turn.setdefault((t.id, n), []).append((a, b, k, c))
    texts = [turn.text for _, turn in turns]
    spans = [per_turn.get((t.id, turn.n), []) for t, turn in turns]
    out: dict[str, list[list[Any]]] = {t.id: [] for t in transcripts}
    for (t, turn), before, after in zip(turns, spans, propagate_names(texts, spans), strict=True):
        kept = _non_overlapping_scored(after) if len(after) > len(before) else before
        out[t.id] += [[turn.n, a, b, k, c] for a, b, k, c in kept]
    return out


@dataclass
class ReviewItem:
    """One term to review: every finding with this text, and the decision so far."""

    term: str
    kind: str
    confidence: float
    findings: list[Finding]
    decision: str | None = None  # accept | skip (allowed terms are no longer findings)
    replacement: str | None = None


def review_decisions(ws: Workspace) -> dict[str, dict[str, str]]:
    """private/anonymisation-review.yaml: term (casefolded) → {decision, replacement}."""
    from stc.model import Fields

    path = ws.root / ANON_REVIEW
    if not path.is_file():
        return {}
    f = Fields(ws.read_yaml(path), ANON_REVIEW, ("schema_version", "decisions"))
    out = {}
    for i, item in enumerate(f.items("decisions")):
        g = Fields(item, f"{ANON_REVIEW}: decisions[{i}]", ("term", "decision", "replacement"))
        decision = g.req_text("decision")
        if decision not in ("accept", "skip"):
            from stc.errors import FormatError

            raise FormatError(f"{ANON_REVIEW}: decisions[{i}].decision must be accept or skip")
        out[g.req_text("term").casefold()] = {
            "decision": decision,
            "replacement": g.text("replacement"),
        }
    return out


def review_items(ws: Workspace, transcript_ids: Sequence[str] = ()) -> list[ReviewItem]:
    """Findings that need a person's judgement (names, organisations), one item per term,
    most frequent first; structured kinds and listed identifiers need none."""
    decisions = review_decisions(ws)
    items: dict[str, ReviewItem] = {}
    for f in scan(ws, transcript_ids):
        if f.kind in SURE_KINDS:
            continue
        key = f.text.casefold()
        item = items.setdefault(key, ReviewItem(f.text, f.kind, f.confidence, []))
        item.findings.append(f)
        item.confidence = max(item.confidence, f.confidence)
        d = decisions.get(key)
        if d:
            item.decision, item.replacement = d["decision"], d["replacement"] or None
    return sorted(items.values(), key=lambda i: (-len(i.findings), i.term.casefold()))


@writes
def record_review(ws: Workspace, term: str, decision: str, replacement: str | None = None) -> None:
    """accept (an identifier: `stc anon apply` replaces it, with ``replacement`` if given),
    allow (not an identifier anywhere in this study: added to anonymity.allow), skip (decide
    later)."""
    from stc.errors import InvalidValue

    if decision not in ("accept", "allow", "skip"):
        raise InvalidValue(f"{decision!r} is not a decision: accept, allow or skip")
    if not term.strip():
        raise InvalidValue("the term is empty")
    if decision == "allow":
        project = ws.project()
        if term not in project.allow:
            ws.save_project(replace(project, allow=(*project.allow, term)))
        decision = "skip"  # remembered, but an allowed term is no longer a finding at all
    decisions = review_decisions(ws)
    decisions[term.casefold()] = {"decision": decision, "replacement": replacement or ""}
    data = {
        "decisions": [
            {
                "term": t,
                "decision": d["decision"],
                **({"replacement": d["replacement"]} if d["replacement"] else {}),
            }
            for t, d in sorted(decisions.items())
        ]
    }
    path = ws.root / ANON_REVIEW
    ws.write_yaml(path, data)
    path.chmod(0o600)


@dataclass
class Anonymised:
    transcript: str
    replaced: dict[str, int]
    units: int
    diff: str
    terms: dict[str, int] = field(default_factory=dict)  # "Kari → [navn]": how often


def _accepted(decisions: Mapping[str, Mapping[str, str]]) -> dict[str, Identifier]:
    """Terms accepted in review, each a name: tagged as one, or given its chosen pseudonym."""
    return {
        term: Identifier(term, "name", d["replacement"] or None)
        for term, d in decisions.items()
        if d["decision"] == "accept"
    }


def _replacement(key: Key, f: Finding, language: str, ids: Mapping[str, Identifier]) -> str:
    """The key's replacement for a finding; a known name's genitive keeps its ending
    ("Olsens" → "[navn]s", "Mary-Kate's" → "[name]'s")."""
    name, ending = split_genitive(f.text, {*ids, *key.entries})
    return key.replacement(name, f.kind, language, ids) + ending


def _kind_of(f: Finding, ids: Mapping[str, Identifier]) -> str:
    """A finding's kind as counted: a listed or accepted name counts as a name."""
    listed = ids.get(f.text.casefold()) if f.kind == "identifier" else None
    return listed.kind if listed else f.kind


@writes
def anonymise(
    ws: Workspace,
    transcript_ids: Sequence[str] = (),
    identifiers_file: Path | None = None,
    dry_run: bool = False,
) -> list[Anonymised]:
    """Replace findings with consistent tags or pseudonyms; re-anchor affected units."""
    import difflib

    from stc.core.anon import map_offset, replace_spans

    project = ws.project()
    ids = {i.text.casefold(): i for i in load_identifiers(ws, identifiers_file)}
    key_path = ws.root / ANON_KEY
    key = Key(dict(ws.read_yaml(key_path).get("entries", {})) if key_path.is_file() else {})
    decisions = review_decisions(ws)
    findings = [
        f
        for f in scan(ws, transcript_ids, identifiers_file)
        if f.kind in SURE_KINDS or decisions.get(f.text.casefold(), {}).get("decision") == "accept"
    ]
    ids = {**_accepted(decisions), **ids}
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
        per_term: dict[tuple[str, str], int] = {}
        for f in by_transcript.get(tid, []):
            new = _replacement(key, f, project.language, ids)
            edits.setdefault(f.turn, []).append((f.start, f.end, new))
            kind = _kind_of(f, ids)
            counts[kind] = counts.get(kind, 0) + 1
            per_term[(f.text, new)] = per_term.get((f.text, new), 0) + 1
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
        terms = {f"{a} → {b}": n for (a, b), n in sorted(per_term.items())}
        results.append(Anonymised(tid, counts, moved, diff, terms))
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


def _scan_new(ws: Workspace, new: Sequence[Transcript]) -> dict[str, list[Finding]]:
    """Findings in transcripts about to be imported, by the same rules as `stc anon scan`
    (names certain elsewhere in the workspace, or in another of them, count here too).
    The workspace's own findings are read from the cache once for the whole batch."""
    s = scanner(ws)
    ids = {t.id for t in new}
    others = [x for x in ws.transcripts() if x.id not in ids]
    cached = _scan_cached(ws, s, others, True, None)
    for t in new:
        mine = s.scan_scored([turn.text for turn in t.turns])
        cached[t.id] = [
            [turn.n, a, b, k, c]
            for turn, found in zip(t.turns, mine, strict=True)
            for a, b, k, c in found
        ]
    found = _everywhere([*others, *new], cached)
    return {
        t.id: [
            Finding(t.id, n, a, b, k, t.turns[n - 1].text[a:b], "", c)
            for n, a, b, k, c in found[t.id]
        ]
        for t in new
    }
