"""The signed parse cache in .stc/cache/: parsed files reused while they are unchanged."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from stc import SCHEMA_VERSION
from stc.store.files import atomic_write_bytes

T = TypeVar("T")


class FileCache:
    """Parsed workspace files, reused while a file's size and mtime — or, when those moved,
    its content hash — are unchanged. Any command may delete it; it is rebuilt on demand.

    The cache is a pickle, so it is signed with a key that lives in the user's own cache
    folder, never in the workspace: a cache file that arrives with a copied or shared folder
    fails the check and is ignored instead of being unpickled.
    """

    def __init__(self, path: Path) -> None:
        import hmac
        import pickle

        self.path = path
        self.dirty = False
        self.entries: dict[str, tuple[int, int, str, Any]] = {}
        self.key = _cache_key()
        try:
            blob = path.read_bytes()
            mac, data = blob[:32], memoryview(blob)[32:]  # a view: no second copy in memory
            if self.key and hmac.compare_digest(mac, hmac.digest(self.key, data, "sha256")):
                stamp, entries = pickle.loads(data)  # noqa: S301 - signed by this user's key
                if stamp == _cache_stamp():
                    self.entries = entries
        except Exception:
            self.entries = {}

    def get(self, path: Path, key: str, parse: Callable[[], T]) -> T:
        import hashlib
        import time

        try:
            st = path.stat()
        except FileNotFoundError:
            return parse()
        old = self.entries.get(key)
        recent = time.time() - st.st_mtime < 2  # mtime ticks are coarse: check the content
        if old and (old[0], old[1]) == (st.st_size, st.st_mtime_ns) and not recent:
            return old[3]  # type: ignore[no-any-return]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        value = old[3] if old and old[2] == digest else parse()
        self.entries[key] = (st.st_size, st.st_mtime_ns, digest, value)
        self.dirty = True
        return value

    def save(self) -> None:
        import hmac
        import pickle

        if not self.dirty or not self.key:
            return
        try:
            data = pickle.dumps((_cache_stamp(), self.entries), protocol=pickle.HIGHEST_PROTOCOL)
            atomic_write_bytes(self.path, hmac.digest(self.key, data, "sha256") + data)
            self.dirty = False
        except OSError:
            pass  # a read-only workspace works without a cache


def signed(payload: bytes) -> bytes | None:
    """``payload`` prefixed with this user's HMAC of it (None when there is no key)."""
    import hmac

    key = _cache_key()
    return hmac.digest(key, payload, "sha256").hex().encode() + b"\n" + payload if key else None


def verified(blob: bytes) -> bytes | None:
    """The payload of a :func:`signed` blob, or None when the signature does not match."""
    import hmac

    key = _cache_key()
    mac, _, payload = blob.partition(b"\n")
    if not key or not hmac.compare_digest(mac, hmac.digest(key, payload, "sha256").hex().encode()):
        return None
    return payload


def _cache_key() -> bytes | None:
    """This user's secret for signing caches (created once, mode 600); None if unavailable."""
    import secrets

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "stc" / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, secrets.token_bytes(32))
        path.chmod(0o600)
        return path.read_bytes()
    except OSError:
        return None


def _cache_stamp() -> str:
    from stc import __version__

    # the last part changes whenever a cached model type gains a field (turn times, spans)
    return f"{__version__}/{SCHEMA_VERSION}/3"
