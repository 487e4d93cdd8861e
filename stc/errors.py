"""The one exception hierarchy of stc.

Every error a user can fix is an :class:`StcError`; the CLI catches it at one boundary,
prints its message and exits with status 1. Messages say what happened, where (file and
key or line) and what to do next.
"""

from __future__ import annotations


class StcError(Exception):
    """Base class: a problem the user can fix. Never raised itself: every raise names the kind
    of problem with one of the subclasses below."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class WorkspaceNotFound(StcError):
    """Raised when no stc.yaml is found in the given directory or any parent."""


class FormatError(StcError):
    """Raised when a workspace file cannot be parsed or has unknown/missing keys."""


class ImportFailed(StcError):
    """Raised when an input file cannot be imported (format, encoding, content)."""


class NotFound(StcError):
    """Raised when a command names a transcript, code, group, unit … that does not exist."""


class Conflict(StcError):
    """Raised when a command would overwrite or duplicate something that exists."""


class InvalidValue(StcError):
    """Raised when a value given to a command is missing or not acceptable: empty text, an
    unknown format or strategy, a step outside 1–4, a pattern that does not compile, a number
    outside the list shown."""


class Cancelled(StcError):
    """Raised when the user gives up on an interactive edit (the editor closed unsaved)."""


class EnvironmentProblem(StcError):
    """Raised when something outside the workspace is missing or fails: git, $EDITOR, a
    configured spaCy model."""


class AnchorError(StcError):
    """Raised when a quote or span cannot be located in a transcript, or is ambiguous."""


class LockTimeout(StcError):
    """Raised when another stc process holds the workspace's write lock for too long."""


class AnonymityError(StcError):
    """Raised when a report would attribute quotes to a label that covers too few informants."""


class UnsafePath(StcError):
    """Raised when a workspace path is a symbolic link (or a Windows junction), leads outside
    the workspace, or is not a regular file: stc never follows a link inside a workspace."""


class TooLarge(StcError):
    """Raised when an input or workspace file exceeds one of stc's size or expansion limits
    (a file, a member of a zip archive, YAML aliases), before it is read into memory."""
