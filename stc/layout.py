"""The one place that knows where things live in a workspace: every path and glob.

Paths are POSIX-style and relative to the workspace root; ``{}`` marks an id to fill in.
Nothing here opens a file.
"""

from __future__ import annotations

CONFIG = "stc.yaml"
CODEBOOK = "codebooks/codebook.yaml"
TRANSCRIPTS = "transcripts"
TRANSCRIPT_FILE = "transcripts/{}.md"
TRANSCRIPT_GLOB = "transcripts/*.md"
STEP1_FILE = "analyses/step1/{}.yaml"
STEP1_GLOB = "analyses/step1/*.yaml"
UNITS_FILE = "analyses/step2/{}/{}.yaml"
UNITS_GLOB = "analyses/step2/*/*.yaml"
STEP3_FILE = "analyses/step3/{}.yaml"
STEP3_GLOB = "analyses/step3/*.yaml"
STEP4_FILE = "analyses/step4/{}.md"
STEP4_GLOB = "analyses/step4/*.md"
ASSIGNMENTS = "analyses/assignments.yaml"
DECISIONS = "analyses/decisions.md"
VALIDATION_FILE = "analyses/validation/{}.yaml"
VALIDATION_GLOB = "analyses/validation/*.yaml"
REPORTS = "reports"
TEMPLATES = "templates"
CHAPTER_FILE = "templates/chapters/{}.md"  # texts the researchers write for the report skeleton
CHAPTER_GLOB = "templates/chapters/*.md"

# folders `stc init` creates
FOLDERS = (
    "transcripts",
    "analyses/step1",
    "analyses/step2",
    "analyses/step3",
    "analyses/step4",
    "reports",
    "private",
)
# folders where an interrupted write may leave a temporary file (.NAME.*.tmp)
WRITTEN_FOLDERS = ("", "transcripts", "codebooks")
WRITTEN_TREES = ("analyses",)

# private/: identifier keys, never committed
IDENTIFIERS = "private/identifiers.yaml"
ANON_KEY = "private/anonymisation-key.yaml"
ANON_REVIEW = "private/anonymisation-review.yaml"

# .stc/: this clone's local state, never committed
LOCAL = ".stc"
JOURNAL = ".stc/journal.json"
LOCK = ".stc/lock"
FILE_CACHE = ".stc/cache/files.pickle"
CACHE_FILE = ".stc/cache/{}.json"
LOCAL_CONFIG = ".stc/config.yaml"
PROGRESS = ".stc/progress.yaml"
UNDO_FILE = ".stc/undo/{}.json"  # each researcher's recent changes, restorable byte for byte

GITIGNORE = ".stc/\nprivate/\n"

# the YAML files stc's git merge driver understands
MERGEABLE = (CONFIG, CODEBOOK, STEP1_GLOB, UNITS_GLOB, STEP3_GLOB, ASSIGNMENTS, VALIDATION_GLOB)
# the files a journalled multi-file change may replace or delete
JOURNALLED = (
    *MERGEABLE,
    TRANSCRIPT_GLOB,
    STEP4_GLOB,
    DECISIONS,
    ANON_KEY,
    ANON_REVIEW,
    UNDO_FILE.format("*"),
)


def matches(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether a relative POSIX path matches one of ``patterns`` part by part (``*`` never
    crosses a ``/``, unlike fnmatch on the whole path)."""
    import fnmatch

    parts = path.split("/")
    return any(
        len(p := pattern.split("/")) == len(parts)
        and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, p, strict=True))
        for pattern in patterns
    )


def gitattributes_lines() -> list[str]:
    """The .gitattributes lines that send stc's own YAML files (and no other) to its merge
    driver; a leading / anchors a pattern to the workspace folder."""
    return [f"/{p} merge=stc" for p in MERGEABLE]
