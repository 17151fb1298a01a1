"""A content-hash cache of per-document outcomes, so re-checking an archive after a small edit
reads again only the documents that changed.

The key of a document is a SHA-256 of everything its outcome depends on: the claimcheck
version and a digest of its code, the rule set's digest (rule files, overrides, vocabulary,
rates, facts), the ``--date`` option, the document's path, format, outside metadata and text.
A new version, changed code or an edited rule therefore misses the cache instead of
returning stale findings.

Entries live in one SQLite file in the user's cache folder (``platformdirs``), or in
``$CLAIMCHECK_CACHE_DIR``. The folder is created private (0700) and a cache file owned by
another user is not read, since entries are pickles. Entries older than
:data:`MAX_AGE_DAYS` are dropped. The cache never fails a run: if it cannot be opened or
written, the run goes on without it and says so once.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sqlite3
import time
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional, Union

from . import __version__

if TYPE_CHECKING:       # (sources compiles its patterns: not before regexcache.load)
    from .sources import Raw, Source

FILE_NAME = "outcomes-1.sqlite3"
MAX_AGE_DAYS = 30
COMMIT_EVERY = 256


def code_digest(package: Path = Path(__file__).parent) -> str:
    """A digest of the package's own code (every ``.py`` file and ``units.txt``), so that a
    cached outcome is not reused by other code of the same version number, as an editable
    install or a local change would have it. About 2 ms, once per process."""
    return _code_digest(str(package))


@lru_cache(maxsize=None)
def _code_digest(package: str) -> str:
    h = hashlib.sha256()
    root = Path(package)
    for path in sorted(list(root.rglob("*.py")) + [root / "units.txt"]):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode())
            h.update(b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def default_directory() -> Path:
    env = os.environ.get("CLAIMCHECK_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs
    return Path(platformdirs.user_cache_dir("claimcheck", appauthor=False))


class Cache:
    def __init__(self, directory: Union[str, Path, None] = None,
                 on_warning: Optional[Callable[[str], None]] = None):
        self.directory = Path(directory) if directory is not None else default_directory()
        self.path = self.directory / FILE_NAME
        self.on_warning = on_warning
        self.hits = self.misses = 0
        self._pending = 0
        self._db: Optional[sqlite3.Connection] = None
        try:
            self._db = self._open()
        except (OSError, sqlite3.Error, PermissionError) as exc:
            self._disable(f"cannot use the cache at {self.path} ({exc}); continuing without it")

    def _open(self) -> sqlite3.Connection:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        if hasattr(os, "getuid") and self.path.exists() and self.path.stat().st_uid != os.getuid():
            raise PermissionError("the cache file belongs to another user")
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS outcome (key TEXT PRIMARY KEY, created REAL, data BLOB)")
        db.execute("DELETE FROM outcome WHERE created < ?", (time.time() - MAX_AGE_DAYS * 86400,))
        db.execute("BEGIN")
        return db

    def _disable(self, message: str) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        if self.on_warning is not None:
            self.on_warning(message)

    @staticmethod
    def key(item: Union[Source, Raw], digest: str, options) -> str:
        """(Outcomes of documents skipped by a limit are never stored: a higher limit must
        read them.)"""
        from .sources import Raw

        h = hashlib.sha256()
        meta = {k: item.meta[k] for k in ("date", "title", "url") if k in item.meta} if isinstance(item, Raw) else {}
        date = options.date.isoformat() if options.date else ""
        head = [__version__, code_digest(), digest, date, options.keep, item.path, item.format, meta]
        h.update(json.dumps(head, sort_keys=True).encode())
        h.update(b"\0")
        h.update(item.raw.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def get(self, key: str):
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT data FROM outcome WHERE key = ?", (key,)).fetchone()
            out = pickle.loads(zlib.decompress(row[0])) if row else None
        except Exception as exc:        # a damaged entry or file: the document is read again
            self._disable(f"cannot read the cache at {self.path} ({exc}); continuing without it")
            out = None
        if out is None:
            self.misses += 1
        else:
            self.hits += 1
        return out

    def put(self, key: str, outcome) -> None:
        if self._db is None:
            return
        try:
            data = zlib.compress(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL), 1)
            self._db.execute("INSERT OR REPLACE INTO outcome VALUES (?, ?, ?)", (key, time.time(), data))
            self._pending += 1
            if self._pending >= COMMIT_EVERY:
                self._db.execute("COMMIT")
                self._db.execute("BEGIN")
                self._pending = 0
        except (sqlite3.Error, pickle.PicklingError, OSError) as exc:
            self._disable(f"cannot write the cache at {self.path} ({exc}); continuing without it")

    def close(self) -> None:
        if self._db is None:
            return
        try:
            self._db.execute("COMMIT")
            self._db.close()
        except sqlite3.Error as exc:
            self._disable(f"cannot write the cache at {self.path} ({exc})")
        self._db = None

    def __enter__(self) -> "Cache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def clear(directory: Union[str, Path, None] = None) -> Path:
    """Delete the cache file; returns its path."""
    path = (Path(directory) if directory is not None else default_directory()) / FILE_NAME
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
    return path
