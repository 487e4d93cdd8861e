"""stc — Systematic Text Condensation on plain files."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
