"""Decoding bytes of text transcripts: UTF-8 (with or without BOM), UTF-16 with BOM, cp1252."""

from __future__ import annotations

from pathlib import Path

from stc.errors import ImportFailed


def decode(data: bytes, path: Path) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", path)
    if b"\x00" in data:
        raise ImportFailed(
            f"{path}: looks like a binary file (or UTF-16 without a byte-order mark)",
            hint="save it as UTF-8 text, or as .docx, and import again",
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(
        f"{path}: cannot decode the text (tried UTF-8, UTF-16 with BOM and Windows-1252)",
        hint="save the file as UTF-8 and import again",
    )


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: invalid {encoding.upper()} at byte {exc.start}",
            hint="save the file as UTF-8 and import again",
        ) from None
