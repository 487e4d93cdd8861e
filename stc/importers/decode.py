"""Decoding bytes of text transcripts: UTF-8 (with or without BOM), UTF-16 with BOM, or the
encoding the user names; a file with no UTF-8 in it at all is read as Windows-1252, with a notice.

Decoding is strict: a byte that does not fit is never guessed around. A file that is UTF-8 in
places and something else in others (a Windows-1252 paste into a UTF-8 file) is refused with
the bytes and their places named, since any single reading of it garbles part of the text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from stc.errors import ImportFailed

# a well-formed UTF-8 sequence of two to four bytes
_UTF8_MULTI = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_FIX = "save the file as UTF-8 and import again"


@dataclass(frozen=True)
class Decoded:
    text: str
    notice: str = ""


def _place(data: bytes, pos: int) -> str:
    """'line L, column C' of byte ``pos`` (columns count characters, read leniently)."""
    line_start = data.rfind(b"\n", 0, pos) + 1
    column = len(data[line_start:pos].decode("utf-8", "replace")) + 1
    line = data.count(b"\n", 0, pos) + 1
    return f"line {line}, column {column}"


def _bad_bytes(data: bytes, limit: int = 3) -> list[str]:
    """The first bytes that are not UTF-8, each with its place."""
    out: list[str] = []
    pos = 0
    while len(out) < limit:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            at = pos + exc.start
            out.append(f"0x{data[at]:02X} at {_place(data, at)}")
            pos = at + max(1, exc.end - exc.start)
    return out


def decode(data: bytes, path: Path, encoding: str | None = None) -> Decoded:
    if encoding:
        return Decoded(_strict(data, _codec(encoding), path))
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(_strict(data[3:], "utf-8", path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_strict(data, "utf-16", path))
    nul = data.find(b"\x00")
    if nul != -1:
        raise ImportFailed(
            f"{path}: looks like a binary file (or UTF-16 without a byte-order mark): "
            f"a NUL byte at {_place(data, nul)}",
            hint="save it as UTF-8 text, or as .docx, and import again",
        )
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    bad = _bad_bytes(data)
    if _UTF8_MULTI.search(data):
        raise ImportFailed(
            f"{path}: mixed encodings: the file is UTF-8, but these bytes are not: "
            + "; ".join(bad)
            + (" …" if len(bad) == 3 else ""),
            hint="fix those characters in an editor and save the file as UTF-8; if the whole "
            "file is Windows-1252 after all, import it with --encoding cp1252",
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFailed(
            f"{path}: cannot decode the text (tried UTF-8, UTF-16 with BOM and Windows-1252); "
            f"not UTF-8: {'; '.join(bad)}",
            hint=f"{_FIX}, or give the file's encoding with --encoding",
        ) from None
    return Decoded(
        text,
        f"{path.name}: not UTF-8; read as Windows-1252 (first such byte {bad[0]}); check the "
        "letters æ ø å, or give the right --encoding",
    )


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ImportFailed(
            f"unknown encoding {name!r}",
            hint="use a Python codec name such as utf-8, cp1252, latin-1 or utf-16",
        ) from None


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: invalid {encoding.upper()}: byte 0x{data[exc.start]:02X} at "
            f"{_place(data, exc.start)}",
            hint=f"{_FIX}, or give the file's encoding with --encoding",
        ) from None
