"""Archives as JSON Lines: one document per line, as newsroom archives are exported.

Each line is a JSON object with ``id`` (string or integer) and ``text``, and optionally
``date`` (``YYYY-MM-DD``, or a timestamp that starts with one), ``title``, ``url`` and
``format`` (``text``, the default, ``markdown`` or ``html``). Other keys are ignored. A
document's ``id`` is its path in reports; offsets, lines and columns point into its ``text``.

A line that cannot be read (not JSON, no text, a duplicate id, over the size limit) is
reported through ``on_error`` with the archive's file name and line number, and the run goes
on: nothing is skipped silently.
"""
from __future__ import annotations

import datetime
import json
import re
import sys
from typing import BinaryIO, Callable, Iterator, Optional

from .errors import InputError
from .sources import FORMATS, Raw

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iter_jsonl(path: str, max_bytes: Optional[int] = None,
               on_error: Optional[Callable[[InputError], None]] = None,
               stdin: Optional[BinaryIO] = None) -> Iterator[Raw]:
    """The documents of a JSON Lines archive (``"-"``: standard input), streamed."""
    display = "<stdin>" if path == "-" else path
    try:
        stream = (stdin or sys.stdin.buffer) if path == "-" else open(path, "rb")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    seen: set[str] = set()
    with stream:
        for n, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                doc = _document(line, display, n, max_bytes, seen)
            except InputError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            seen.add(doc.path)
            yield doc


def _document(line: bytes, path: str, n: int, max_bytes: Optional[int], seen: set[str]) -> Raw:
    def bad(message: str) -> InputError:
        return InputError(message, path=path, line=n)

    try:
        obj = json.loads(line.decode("utf-8-sig" if n == 1 else "utf-8"))
    except UnicodeDecodeError as e:
        raise bad(f"invalid UTF-8 at byte {e.start} of the line") from None
    except json.JSONDecodeError as e:
        raise bad(f"not JSON: {e.msg} at column {e.colno}") from None
    except RecursionError:
        raise bad("not JSON: nested too deeply") from None
    if not isinstance(obj, dict):
        raise bad("expected a JSON object with 'id' and 'text'")
    doc_id, text = obj.get("id"), obj.get("text")
    if isinstance(doc_id, bool) or not isinstance(doc_id, (str, int)) or str(doc_id) == "":
        raise bad("'id' must be a non-empty string or an integer")
    doc_id = str(doc_id)
    if doc_id in seen:
        raise bad(f"duplicate id {doc_id!r}")
    if not isinstance(text, str):
        raise bad(f"document {doc_id!r}: 'text' must be a string")
    if max_bytes is not None and len(text) > max_bytes // 4 and len(text.encode("utf-8")) > max_bytes:
        raise bad(f"document {doc_id!r} is over the limit of {max_bytes} bytes (--max-bytes)")
    fmt = obj.get("format", "text")
    if fmt not in FORMATS:
        raise bad(f"document {doc_id!r}: 'format' must be one of {', '.join(FORMATS)}")
    meta = {}
    date = obj.get("date")
    if date is not None:
        if not isinstance(date, str) or not _DATE.match(date) or not _valid_date(date[:10]):
            raise bad(f"document {doc_id!r}: 'date' must be YYYY-MM-DD, not {date!r}")
        meta["date"] = date[:10]
    for key in ("title", "url"):
        if isinstance(obj.get(key), str):
            meta[key] = obj[key]
    if text.startswith("\ufeff"):
        text = text[1:]
    return Raw(doc_id, text, fmt, meta)


def _valid_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
