"""Size and expansion limits for everything stc reads, checked before the data is in memory.

A workspace arrives through git and input files arrive by e-mail: either may be built to
exhaust memory (a zip bomb in a .docx, a YAML alias bomb, a gigabyte "transcript"). Each limit
is far above what a real interview study needs (a two-hour interview is about 150 KB of
text) and is checked early, so a hostile file fails in milliseconds with a clear error.
"""

from __future__ import annotations

import zipfile
from typing import Any

from stc.errors import ImportFailed, TooLarge

MiB = 1 << 20

# one workspace file (transcript, YAML, Markdown, template)
WORKSPACE_FILE = 32 * MiB
# one text input (.txt, .md, .vtt, .srt, .qdc) and a report's reference .docx
TEXT_INPUT = 64 * MiB
# a zip archive (.docx, .qdpx): the members stc reads, unpacked, one by one and in total
ZIP_MEMBER = 64 * MiB
ZIP_TOTAL = 256 * MiB
ZIP_MEMBERS = 10_000
# a rendered report (Markdown, HTML): a template cannot make it grow without bound
REPORT_OUTPUT = 64 * MiB


def size(n: int) -> str:
    """A byte count for people: 3.0 GiB, 64 MiB, 812 KiB."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", MiB), ("KiB", 1 << 10)):
        if n >= factor:
            value = n / factor
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n} bytes"


def check_zip(z: zipfile.ZipFile, where: str, members: Any = None) -> None:
    """Refuse an archive whose members (all, or the named ones) unpack to more than the
    limits, judged by the sizes the archive declares. Python's zipfile never unpacks more
    than a member declares (it stops there and fails the CRC), so the check is a real cap."""
    infos = z.infolist()
    if len(infos) > ZIP_MEMBERS:
        raise TooLarge(
            f"{where}: the archive holds {len(infos)} files; stc reads archives of at most "
            f"{ZIP_MEMBERS}",
            hint="is this really a Word document or a REFI-QDA project?",
        )
    wanted = infos if members is None else [i for i in infos if i.filename in set(members)]
    total = 0
    for info in wanted:
        total += info.file_size
        if info.file_size > ZIP_MEMBER:
            raise TooLarge(
                f"{where}: {info.filename} unpacks to {size(info.file_size)}; stc reads "
                f"archive members of at most {size(ZIP_MEMBER)}",
                hint="remove large images or media from the document, or save the text as "
                ".txt and import that",
            )
    if total > ZIP_TOTAL:
        raise TooLarge(
            f"{where}: the archive unpacks to {size(total)}; stc reads at most {size(ZIP_TOTAL)}",
            hint="remove large images or media from the document, or save the text as .txt "
            "and import that",
        )


def read_member(z: zipfile.ZipFile, name: str, where: str) -> bytes:
    """One archive member, within the limits; a damaged or unsupported member is a clear
    ImportFailed naming the archive and the member."""
    import zlib

    info = z.getinfo(name)
    check_zip(z, where, [name])
    try:
        with z.open(info) as fh:
            data = fh.read(ZIP_MEMBER + 1)
    except NotImplementedError:
        raise ImportFailed(
            f"{where}: {name} is packed with a compression method stc cannot read "
            f"(method {info.compress_type})",
            hint="export the project again from the program that made it (zip 'deflate')",
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise ImportFailed(
            f"{where}: {name} is damaged inside the archive ({exc})",
            hint="export or download the file again",
        ) from None
    if len(data) > ZIP_MEMBER:  # pragma: no cover - zipfile stops at the declared size
        raise TooLarge(f"{where}: {name} unpacks to more than {size(ZIP_MEMBER)}")
    return data
