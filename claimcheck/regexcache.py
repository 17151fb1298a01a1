"""Compiled regular expressions kept between runs, so that a command starts faster.

claimcheck's patterns (the figure scanner's alternatives, the attribution cues, the vocabulary's
trigger words) take about 150 ms to compile, a third of the start-up of ``claimcheck extract``
on one article. Python keeps compiled patterns only for the life of a process (``re._cache``),
so the command line saves them to one file in the cache folder
(:func:`claimcheck.cache.default_directory`) and, at its next start, puts them back into
``re._cache`` before any module compiles them: ``re.compile`` then finds each one there.

What is saved is what ``re`` itself builds: the opcodes of ``re._compiler`` and the group names,
given back to ``_sre.compile`` as ``re._compiler.compile`` does. These are internals of CPython,
so the file is keyed by the exact interpreter (version, ``_sre.MAGIC``, code size) and carries a
SHA-256 of its content; a file that does not match is ignored, and any error only means that
patterns are compiled as usual. A pattern is found only under its own text and flags, so the
cache cannot change what anything matches.

Some libraries build a pattern's text from a set, so it differs from one process to the next
(``tokenize``, ``email``). Such a pattern would be saved by every run and crowd out the others:
a pattern is saved only once a second run has compiled it too (the file keeps the digests of
the patterns seen once), and the file is written only when that changes something.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from array import array
from pathlib import Path

FILE_NAME = "patterns-1.marshal"
MAX_ENTRIES = 512           # re._cache drops its oldest entries past this many (re._MAXCACHE)

_saved: dict[tuple[str, int], tuple] = {}       # (pattern, flags) -> its entry, as in the file
_seen_once: frozenset[bytes] = frozenset()      # digests of patterns one earlier run compiled
_written: frozenset[bytes] = frozenset()        # the digests this process last wrote
_loaded = False


def _interpreter() -> tuple:
    import _sre

    return (sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)


def _ops() -> array:
    import _sre

    return array("I" if array("I").itemsize == _sre.CODESIZE else "L")


def _digest(key: tuple[str, int]) -> bytes:
    return hashlib.sha256(f"{key[1]}:{key[0]}".encode("utf-8", "surrogatepass")).digest()[:12]


def _path(directory: str | Path | None) -> Path:
    if directory is None:
        from .cache import default_directory

        directory = default_directory()
    return Path(directory) / FILE_NAME


def load(directory: str | Path | None = None) -> int:
    """Put the saved patterns into ``re._cache`` (once per process); how many."""
    global _loaded, _seen_once
    if _loaded:
        return 0
    _loaded = True
    try:
        import _sre

        path = _path(directory)
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return 0            # marshal data is trusted only from our own folder (as cache.py)
        header, digest, payload = marshal.loads(path.read_bytes())
        if header != _interpreter() or hashlib.sha256(payload).digest() != digest:
            return 0
        entries, seen_once = marshal.loads(payload)
        compiled = {}
        for entry in entries:
            pattern, flags, all_flags, code, groups, groupindex, indexgroup = entry
            ops = _ops()
            ops.frombytes(code)
            compiled[(str, pattern, flags)] = _sre.compile(pattern, all_flags, ops.tolist(), groups,
                                                           groupindex, indexgroup)
    except Exception:           # no file, another interpreter's, damaged: compile as usual
        return 0
    for entry in entries:
        _saved[(entry[0], entry[1])] = entry
    _seen_once = frozenset(seen_once)
    for key, value in compiled.items():
        re._cache.setdefault(key, value)
    return len(compiled)


def _entry(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands to _sre.compile, in a form marshal writes."""
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    ops = _ops()
    ops.extend(map(int, _compiler._code(parsed, flags)))
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (pattern, flags, int(flags | parsed.state.flags), ops.tobytes(), parsed.state.groups - 1,
            groupindex, tuple(indexgroup))


def save(directory: str | Path | None = None) -> int:
    """Save the patterns this process compiled that an earlier run compiled too (all of them
    when there is no file yet); how many were added."""
    global _written
    try:
        new = [(pattern, int(flags)) for (kind, pattern, flags) in list(re._cache)
               if kind is str and (pattern, int(flags)) not in _saved]
        first = not _saved and not _seen_once
        add = [key for key in new if first or _digest(key) in _seen_once]
        seen_once = frozenset(_digest(key) for key in new if key not in add)
        if not add and seen_once == (_written or _seen_once):
            return 0
        path = _path(directory)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)     # (before the work)
        for key in add:
            _saved[key] = _entry(*key)
        entries = list(_saved.values())[-MAX_ENTRIES:]
        payload = marshal.dumps((entries, list(seen_once)))
        blob = marshal.dumps((_interpreter(), hashlib.sha256(payload).digest(), payload))
        tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}")
        try:
            tmp.write_bytes(blob)
            os.replace(tmp, path)       # atomic: a concurrent run reads the old file or this one
        finally:
            if tmp.exists():
                tmp.unlink()
        _written = seen_once
        return len(add)
    except Exception:           # a cache that cannot be written costs only time
        return 0
