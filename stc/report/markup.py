"""The report's document model (blocks and inline runs) and the Markdown subset of analytic texts.

Analytic texts may use paragraphs, ``**bold**``, ``*italic*``, bullet and numbered lists,
``### sub-headings``, footnotes (``text[^1]`` with ``[^1]: note``) and quote references
``[[unit-id]]``: alone in a paragraph a reference becomes a block quote with its attribution,
inside a sentence an inline quotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

REF_RE = re.compile(r"\[\[([^\[\]\s]+)\]\]")
_NOTE_REF = re.compile(r"\[\^([^\]\s]+)\]")
_NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s*(.*)$")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)|(?<!\w)_(.+?)_(?!\w)")


@dataclass(frozen=True)
class QuoteView:
    """A quote as readers see it; ``unit_id`` is for internal exports and never rendered."""

    text: str
    attribution: str
    unit_id: str
    english: bool = False  # set in English: inline quotes take “ ” rather than «»
    question: str = ""  # the interviewer's words of a unit spanning a question and its answer


@dataclass(frozen=True)
class Inline:
    text: str
    bold: bool = False
    italic: bool = False
    note: str | None = None  # a footnote reference: ``text`` is its number, ``note`` the note


@dataclass(frozen=True)
class TableView:
    number: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    shade: tuple[tuple[float | None, ...], ...] = ()  # 0–1 per cell, for heat maps
    total_row: bool = False
    numeric: tuple[bool, ...] = ()  # right-align these columns
    note: str = ""  # a legend printed under the table


Kind = Literal["heading", "p", "ul", "ol", "quote", "todo", "table", "notes", "condensate"]


@dataclass(frozen=True)
class Block:
    kind: Kind
    inlines: tuple[Inline, ...] = ()
    items: tuple[tuple[Inline, ...], ...] = ()
    quote: QuoteView | None = None
    table: TableView | None = None
    level: int = 0
    number: str = ""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.inlines)


def para(*runs: Inline | str) -> Block:
    return Block("p", tuple(Inline(r) if isinstance(r, str) else r for r in runs))


def heading(level: int, number: str, text: str) -> Block:
    return Block("heading", (Inline(text),), level=level, number=number)


def todo(text: str) -> Block:
    return Block("todo", (Inline(text),))


def emphasis(text: str) -> tuple[Inline, ...]:
    """Split **bold**, *italic* and _italic_ into runs."""
    out: list[Inline] = []
    pos = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > pos:
            out.append(Inline(text[pos : m.start()]))
        if m.group(1) is not None:
            out.append(Inline(m.group(1), bold=True))
        else:
            out.append(Inline(m.group(2) or m.group(3), italic=True))
        pos = m.end()
    if pos < len(text):
        out.append(Inline(text[pos:]))
    return tuple(out)


@dataclass
class Notes:
    """Numbers footnotes across the whole report, in order of first reference."""

    counter: int = 0
    pending: list[tuple[str, str]] = field(default_factory=list)

    def take(self) -> Block | None:
        if not self.pending:
            return None
        items = tuple((Inline(n), *emphasis(text)) for n, text in self.pending)
        self.pending = []
        return Block("notes", items=items)


def quoted_ids(markdown: str) -> set[str]:
    """The unit ids a text quotes."""
    return set(REF_RE.findall(markdown))


def parse(markdown: str, quotes: Mapping[str, QuoteView], notes: Notes) -> tuple[Block, ...]:
    """Parse an analytic text into blocks; footnotes are numbered through ``notes``."""
    definitions: dict[str, str] = {}
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.strip() for line in chunk.strip().split("\n") if line.strip()]
        kept = []
        for line in lines:
            m = _NOTE_DEF.match(line)
            if m:
                definitions[m.group(1)] = m.group(2)
            else:
                kept.append(line)
        if kept:
            paragraphs.append(kept)

    def runs(text: str) -> tuple[Inline, ...]:
        text = REF_RE.sub(lambda m: _inline_quote(quotes.get(m.group(1))), text)
        out: list[Inline] = []
        pos = 0
        for m in _NOTE_REF.finditer(text):
            if m.group(1) not in definitions:
                continue
            out.extend(emphasis(text[pos : m.start()]))
            notes.counter += 1
            n = str(notes.counter)
            notes.pending.append((n, definitions[m.group(1)]))
            out.append(Inline(n, note=definitions[m.group(1)]))
            pos = m.end()
        out.extend(emphasis(text[pos:]))
        return tuple(out)

    blocks = (_block(lines, quotes, runs) for lines in paragraphs)
    return tuple(b for b in blocks if b is not None)


def _inline_quote(q: QuoteView | None) -> str:
    if not q:
        return "[?]"
    left, right = ("“", "”") if q.english else ("«", "»")
    return f"{left}{q.text}{right} ({q.attribution})"


def _block(
    lines: list[str], quotes: Mapping[str, QuoteView], runs: Callable[[str], tuple[Inline, ...]]
) -> Block | None:
    whole = REF_RE.fullmatch(" ".join(lines))
    if whole:
        q = quotes.get(whole.group(1))
        return Block("quote", quote=q) if q else None
    if all(re.match(r"^[-*+] ", line) for line in lines):
        return Block("ul", items=tuple(runs(line[2:]) for line in lines))
    if all(re.match(r"^\d+[.)] ", line) for line in lines):
        return Block("ol", items=tuple(runs(line.split(" ", 1)[1]) for line in lines))
    if lines[0].startswith("#"):
        return Block("heading", runs(lines[0].lstrip("#").strip()), level=4)
    return Block("p", runs(" ".join(lines)))
