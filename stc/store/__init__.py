"""The only code that opens workspace files.

``workspace`` reads and writes each file in its canonical format; ``files`` writes atomically
and journals multi-file changes; ``cache`` keeps parsed files; ``schema`` checks and upgrades
``schema_version``; ``formats`` parses and formats the Markdown files; ``yamlio`` is the one
YAML reader and writer; ``merge`` is the git merge driver for stc's YAML.
"""

from __future__ import annotations

from stc.store.files import atomic_write, atomic_write_bytes
from stc.store.workspace import Workspace

__all__ = ["Workspace", "atomic_write", "atomic_write_bytes"]
