"""Word (.docx) transcripts: paragraphs become lines; Word comments become meaning units.

A comment's text gives the codes (separated by commas, semicolons or new lines) and its
author the coder. A comment spanning several turns (a question and its answer) becomes one
unit across them.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from stc.errors import ImportFailed, StcError
from stc.importers import CodedSpan, Imported, Options, build, refuse_controls
from stc.limits import check_zip
from stc.text import parse_lines, slug

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CODING_MARK = "stc-coding:"
_NUMBERED = re.compile(r"^\[(\d+)\] ([A-Z]{1,3}\d{0,2}): ")


@dataclass
class _Range:
    comment: str
    line: int
    start: int
    end_line: int = -1
    end: int = -1


def _paragraph(p: Any, line: int, open_: dict[str, _Range], done: list[_Range]) -> str:
    text = ""
    for el in p.iter():
        tag = el.tag
        if tag == f"{W}t" and el.text:
            text += el.text
        elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
            text += " "
        elif tag == f"{W}commentRangeStart":
            cid = el.get(f"{W}id")
            open_[cid] = _Range(cid, line, len(text))
        elif tag == f"{W}commentRangeEnd":
            r = open_.pop(el.get(f"{W}id"), None)
            if r:
                r.end_line, r.end = line, len(text)
                done.append(r)
    return text


def _nfc_offset(raw: str, k: int) -> int:
    return len(unicodedata.normalize("NFC", raw[:k]))


def _body_lines(doc: Any) -> tuple[list[str], list[_Range]]:
    """Paragraphs (and table rows, as 'cell: cell') in document order, with comment ranges."""
    lines: list[str] = []
    open_: dict[str, _Range] = {}
    done: list[_Range] = []
    raw_lines: list[str] = []
    for block in doc.element.body.iterchildren():
        if block.tag == f"{W}p":
            raw_lines.append(_paragraph(block, len(raw_lines), open_, done))
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = [
                    " ".join(_paragraph(p, len(raw_lines), open_, done) for p in tc.iter(f"{W}p"))
                    for tc in row.iter(f"{W}tc")
                ]
                raw_lines.append(": ".join(c.strip() for c in cells if c.strip()))
            raw_lines.append("")
    for r in done:
        r.start = _nfc_offset(raw_lines[r.line], r.start)
        r.end = _nfc_offset(raw_lines[r.end_line], r.end)
    lines = [unicodedata.normalize("NFC", line).rstrip() for line in raw_lines]
    return lines, done


def _codes(text: str) -> tuple[str, ...]:
    """The codes a comment names; a part without a letter or digit ("?", "!!!", a coder's
    mark of doubt) names none."""
    parts = re.split(r"[,;\n]+", text)
    return tuple(dict.fromkeys(slug(c) for c in parts if any(ch.isalnum() for ch in c)))


def read(path: Path, options: Options) -> Imported:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as z:
            check_zip(z, str(path))
        doc = docx.Document(str(path))
        comments = {str(c.comment_id): c for c in doc.comments}
    except StcError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(
            f"{path}: not a readable Word document ({type(exc).__name__})",
            hint="open it in Word and save it again as .docx, or export it as .txt",
        ) from None
    except Exception as exc:  # lxml and zip errors of broken packages have no common base
        raise ImportFailed(f"{path}: the Word document is damaged ({exc})") from None
    lines, ranges = _body_lines(doc)
    refuse_controls("\n".join(lines), str(path), "paragraph")
    subject = doc.core_properties.subject or ""
    if subject.startswith(CODING_MARK):
        return _coding_copy(path, subject[len(CODING_MARK) :], lines, ranges, comments)
    parsed = parse_lines(lines)
    imported = build(path, parsed, options)
    texts = [turn.text for turn in imported.transcript.turns]
    for raw in ranges:
        c = comments.get(raw.comment)
        if c is None:
            continue
        r = _on_text(raw, lines, lambda i: parsed.placements[i] is not None)
        if r is None:
            imported.notices.append(f"comment {raw.comment} covers no words of a turn; skipped")
            continue
        first, last = parsed.placements[r.line], parsed.placements[r.end_line]
        if first is None or last is None:  # not so: _on_text moved both onto turn lines
            continue
        codes = _codes(c.text or "")
        if not codes:
            imported.notices.append(f"comment {r.comment} has no text to use as a code; skipped")
            continue
        coder = slug(c.author or "unknown")
        s = min(first.offset + max(0, r.start - first.skipped), len(texts[first.turn]))
        e = min(last.offset + max(0, r.end - last.skipped), len(texts[last.turn]))
        span = _trimmed(texts, first.turn, s, last.turn, e)
        if span is None:
            imported.notices.append(f"comment {r.comment} covers no words of a turn; skipped")
            continue
        a, s, b, e = span
        imported.coded.append(CodedSpan(coder, a + 1, s, e, codes, to_turn=b + 1 if b > a else 0))
    return imported


def _on_text(r: _Range, lines: Sequence[str], holds: Callable[[int], bool]) -> _Range | None:
    """A comment range moved off blank paragraphs at its ends (a drag from the empty line
    before a question, or to the one after an answer): it starts at the next line that
    holds a turn and ends at the end of the last one; None when it holds no such line."""
    line, start, end_line, end = r.line, r.start, r.end_line, r.end
    while line <= end_line and not holds(line):
        line, start = line + 1, 0
    while end_line >= line and not holds(end_line):
        end_line -= 1
        end = len(lines[end_line])
    if line > end_line:
        return None
    return replace(r, line=line, start=start, end_line=end_line, end=end)


def _trimmed(
    texts: Sequence[str], first: int, s: int, last: int, e: int
) -> tuple[int, int, int, int] | None:
    """A comment's span (first turn, start, last turn, end; turns index ``texts``) without
    the white space at its two ends, or None when no words are left.

    A comment that starts at the very end of a turn starts at the next one; one that ends at
    the very start of a later turn, before or right after its speaker label (a selection
    dragged to the start of the next line), ends with the turn before, as a REFI selection
    does. Inside the span, the turns are kept as they are."""
    while first < last and not texts[first][s:].strip():
        first, s = first + 1, 0
    while last > first and not texts[last][:e].strip():
        last, e = last - 1, len(texts[last - 1])
    a, b = texts[first], texts[last]
    s += len(a[s:]) - len(a[s:].lstrip())
    e -= len(b[:e]) - len(b[:e].rstrip())
    if first == last and s >= e:
        return None
    return first, s, last, e


def _coding_copy(
    path: Path, tid: str, lines: list[str], ranges: list[_Range], comments: dict[str, Any]
) -> Imported:
    """Comments in a coding copy become units of the existing transcript ``tid``."""
    from stc.model import Transcript, Turn

    turns: dict[int, tuple[int, str, str]] = {}  # line → (turn, speaker, text)
    for i, line in enumerate(lines):
        m = _NUMBERED.match(line)
        if m:
            turns[i] = (int(m.group(1)), m.group(2), line[m.end() :])
    stub = Transcript(tid, "-", tuple(Turn(n, sp, text) for n, sp, text in sorted(turns.values())))
    imported = Imported(stub, coding_only=True)
    order = sorted(turns)  # the lines that hold a turn, in document order
    texts = [turns[i][2] for i in order]
    for raw in ranges:
        c = comments.get(raw.comment)
        if c is None:
            continue
        r = _on_text(raw, lines, lambda i: i in turns)
        if r is None:
            imported.notices.append(f"comment {raw.comment} covers no words of a turn; skipped")
            continue
        codes = _codes(c.text or "")
        if not codes:
            imported.notices.append(f"comment {raw.comment} has no text to use as a code; skipped")
            continue
        coder = slug(c.author or "unknown")
        first, last = order.index(r.line), order.index(r.end_line)
        # offsets in the line count the '[n] R: ' before the turn's text
        s = max(0, r.start - (len(lines[r.line]) - len(texts[first])))
        e = min(len(texts[last]), max(0, r.end - (len(lines[r.end_line]) - len(texts[last]))))
        span = _trimmed(texts, first, s, last, e)
        if span is None:
            imported.notices.append(f"comment {raw.comment} covers no words of a turn; skipped")
            continue
        a, s, b, e = span
        n, to = turns[order[a]][0], turns[order[b]][0]
        imported.coded.append(CodedSpan(coder, n, s, e, codes, to_turn=to if to > n else 0))
    return imported
