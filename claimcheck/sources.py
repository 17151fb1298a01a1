"""Reading documents for the extraction pipeline.

Contract
--------
:func:`read_source` reads one document (a path, or ``"-"`` for standard input) and returns
a :class:`Source`. It only ever reads: the file's bytes and mtime are left untouched.

* ``raw`` is the decoded document (a leading byte-order mark removed). Every offset that
  claimcheck reports (spans, comments, line/column) points into ``raw``.
* ``prose`` is the text to read for figures: markup removed, visible text kept.
  ``prose`` never contains ``"\\r"``: ``"\\r\\n"`` and a lone ``"\\r"`` become ``"\\n"``.
  Every newline of the document body is a newline of ``prose`` (front matter excepted), so
  line structure survives; block boundaries (paragraphs, headings, list items, table rows,
  HTML block tags) are a blank line (``"\\n\\n"``) in ``prose``.
* ``offsets`` maps prose to raw: ``array('l')`` with ``len(prose) + 1`` entries, or
  ``None`` when ``prose == raw`` (plain text without ``"\\r"``: reading is a no-op).
  **Rule:** a figure spanning ``prose[a:b]`` is the raw text
  ``raw[to_raw(a):to_raw(b)]``, and that slice is its exact source text: for
  ``"Revenue was **$3m** in 2014"`` the prose ``"$3m"`` maps to ``"$3m"`` (not
  ``"$3m**"``); for HTML ``"&euro;3m"`` the prose ``"€3m"`` maps to ``"&euro;3m"``.
  Every character copied verbatim satisfies ``prose[i] == raw[offsets[i]]``, with one
  deliberate exception: where markup was removed between two prose characters, the
  boundary goes to the side the markup belongs to. If the markup ends a word (``"**"`` in
  ``"$3m** in"``, ``"](url)"`` after link text) the boundary is the end of the word, so
  ``offsets[i]`` of the whitespace or punctuation after it points at the removed markup.
  Characters that are not copied verbatim (a decoded entity, a table pipe read as a space,
  an inserted paragraph break) map to the raw start of what they replace; the index after
  them maps to the raw end. ``offsets`` never decreases; ``offsets[len(prose)]`` is the
  raw end of the last prose character.
* ``meta``: ``date`` (``"YYYY-MM-DD"`` or ``None``), ``title``, ``entity``, ``source``
  (from Markdown front matter, or HTML ``<title>``/``<meta>``/``<time>``), ``comments``
  (a list of ``(raw_start, raw_end, text)`` for each HTML comment, markup included in the
  raw span, text stripped) and, for Markdown, ``front_matter`` (the whole mapping).
* ``format`` is ``"text"``, ``"markdown"`` or ``"html"``: by extension (``.md``,
  ``.markdown``; ``.html``, ``.htm``; anything else is text); standard input is sniffed.

Markdown: YAML front matter (between leading ``---`` lines; ``yaml.safe_load``; must be a
mapping; ``date`` must be a date) goes to ``meta`` and is not prose. Removed: heading
markers, emphasis/strike delimiters (not ``_`` inside words nor ``*`` between digits),
inline code and fenced code blocks (contents too), link syntax (the link text stays, the
URL goes), images, autolinks, inline HTML tags, HTML comments, footnote references,
reference definitions, block-quote and list markers, table delimiter rows; table pipes
become spaces, backslash escapes and entities are decoded. An ordered-list marker (at
most 3 digits) only starts a list after a blank line, inside a list, or as ``1.``, so a
wrapped line starting with ``2014.`` keeps its year. Indented code blocks are read as text.

HTML: visible text only, read by one linear-time token pattern as a browser reads it (an
unclosed comment or tag hides the rest of the page; ``&amp`` without ``;`` is decoded).
Dropped: ``<head>`` except ``<title>`` (to ``meta["title"]``), ``<script>``, ``<style>``, ``<noscript>``,
``<template>``, ``<svg>``, ``<iframe>``. ``meta["date"]`` comes from ``<meta name=date|
pubdate|publishdate|dc.date|...>``, ``<meta property=article:published_time>``, else the
first ``<time datetime>``. Block tags (p, div, br, li, h1-h6, tr, td, table, ...) end a
block. Leading whitespace of a block is dropped. Malformed HTML never raises.

Decoding: UTF-8 with or without BOM, UTF-16/UTF-32 with BOM; ``encoding=`` overrides. A
NUL byte in the first 8 KiB means a binary file. Every problem is an
:class:`~claimcheck.errors.InputError` naming the file (and line where known).

:func:`iter_paths` expands the paths given on the command line into documents.

Only the standard library and PyYAML (``safe_load``) are used.
"""
from __future__ import annotations

import codecs
import datetime
import fnmatch
import functools
import html
import os
import re
import stat
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

import yaml

from .errors import InputError

__all__ = ["SUPPORTED", "FORMATS", "Source", "Raw", "iter_paths", "read_raw", "read_source", "source_from_text"]

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm")
FORMATS = ("text", "markdown", "html")
_EXT_FORMAT = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_NO_SUPPORTED = "no supported documents (" + ", ".join(SUPPORTED) + ")"
_BINARY_PROBE = 8192


# --------------------------------------------------------------------------- Source

@dataclass(frozen=True, slots=True)
class Source:
    """One document: its raw text, the prose to read, and the map between them."""

    path: str                 # as the user gave it; "<stdin>" for "-"
    raw: str = field(repr=False)         # the decoded file (a leading BOM removed)
    prose: str = field(repr=False)       # the text to read for figures: markup removed
    offsets: array | None = field(repr=False)  # prose index -> raw index; None if prose is raw
    meta: dict = field(repr=False)       # date, title, entity, source, comments (+ front_matter)
    format: str                          # "text" | "markdown" | "html"
    _line_starts: list | None = field(default=None, init=False, repr=False, compare=False)

    def to_raw(self, i: int) -> int:
        """Map a prose offset (``0..len(prose)``) to a raw offset (see the module rule)."""
        if not 0 <= i <= len(self.prose):
            raise IndexError(f"prose offset {i} out of range 0..{len(self.prose)}")
        offsets = self.offsets
        return i if offsets is None else offsets[i]

    def line_col(self, raw_offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a raw offset.

        Lines end at ``"\\n"`` (a ``"\\r\\n"`` pair is one line end). ``len(raw)`` is valid.
        """
        if not 0 <= raw_offset <= len(self.raw):
            raise IndexError(f"raw offset {raw_offset} out of range 0..{len(self.raw)}")
        starts = self.line_starts()
        line = bisect_right(starts, raw_offset)
        return line, raw_offset - starts[line - 1] + 1

    def line_starts(self) -> list[int]:
        """The raw offset where each line starts (computed once; do not modify)."""
        starts = self._line_starts
        if starts is None:
            starts = _line_starts(self.raw)
            object.__setattr__(self, "_line_starts", starts)
        return starts


def _line_starts(text: str) -> list[int]:
    starts = [0]
    append = starts.append
    find = text.find
    i = find("\n")
    while i >= 0:
        append(i + 1)
        i = find("\n", i + 1)
    return starts


def _empty_meta() -> dict:
    return {"date": None, "title": None, "entity": None, "source": None, "comments": []}


# --------------------------------------------------------------------------- paths

def iter_paths(paths: Iterable[str], include: Sequence[str] = (), exclude: Sequence[str] = (),
               *, warnings: list | None = None,
               on_warning: Callable[[str, str], None] | None = None) -> Iterator[str]:
    """Expand command-line paths into the documents to read, in a stable order.

    * A file named explicitly is kept whatever its extension (and whatever the globs).
    * ``"-"`` (standard input) passes through.
    * A directory is walked recursively, entries in sorted name order, keeping files with a
      supported extension (case-insensitive). ``include``/``exclude`` are fnmatch globs,
      tried on the path relative to the given directory (``/``-separated) and on the base
      name: a file is kept if it matches some include glob (when there are any) and no
      exclude glob; a subdirectory matching an exclude glob is not entered.
    * Every path is checked before anything is yielded: a missing one raises
      ``InputError("no such file or directory")``. A given directory that yields no
      document raises ``InputError("no supported documents (...)")``.
    * Symbolic link loops, directories reached twice through links, broken links and
      unreadable subdirectories are skipped with a warning: ``(path, message)`` appended to
      ``warnings`` and/or passed to ``on_warning``. A directory is never walked twice and a
      file never yielded twice (real paths are tracked).
    """
    paths = list(paths)
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise InputError("no such file or directory", path=p)
    walker = _Walker(tuple(include), tuple(exclude), warnings, on_warning)
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            yield from walker.top(p)
        else:
            real = os.path.realpath(p)
            if real not in walker.seen_files:
                walker.seen_files.add(real)
                yield p


def _matches(rel: str, name: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) for g in globs)


class _Walker:
    def __init__(self, include, exclude, warnings, on_warning):
        self.include = include
        self.exclude = exclude
        self.warnings = warnings
        self.on_warning = on_warning
        self.seen_dirs: set[str] = set()
        self.seen_files: set[str] = set()
        self.found = 0            # documents found by walks, duplicates included

    def warn(self, path: str, message: str) -> None:
        if self.warnings is not None:
            self.warnings.append((path, message))
        if self.on_warning is not None:
            self.on_warning(path, message)

    def top(self, d: str) -> Iterator[str]:
        real = os.path.realpath(d)
        if real in self.seen_dirs:          # given twice, or inside a directory already walked
            return
        try:
            entries = self._scan(d)
        except OSError as e:
            raise InputError(f"cannot read directory: {e.strerror or e}", path=d) from None
        self.seen_dirs.add(real)
        found = self.found
        yield from self._walk(d, "", entries, (real,))
        if self.found == found:
            msg = _NO_SUPPORTED
            if self.include or self.exclude:
                msg += " left after --include/--exclude"
            raise InputError(msg, path=d)

    @staticmethod
    def _scan(d: str) -> list:
        with os.scandir(d) as it:
            return sorted(it, key=lambda e: e.name)

    def _walk(self, d: str, rel: str, entries: list, stack: tuple) -> Iterator[str]:
        for e in entries:
            relpath = f"{rel}/{e.name}" if rel else e.name
            full = os.path.join(d, e.name)
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if self.exclude and _matches(relpath, e.name, self.exclude):
                    continue
                real = os.path.realpath(full)
                if real in stack:
                    self.warn(full, "symbolic link loop; not followed")
                    continue
                if real in self.seen_dirs:
                    if e.is_symlink():
                        self.warn(full, "directory already walked through another path; "
                                        "not followed twice")
                    continue
                self.seen_dirs.add(real)
                try:
                    sub = self._scan(full)
                except OSError as err:
                    self.warn(full, f"cannot read directory ({err.strerror or err}); skipped")
                    continue
                yield from self._walk(full, relpath, sub, stack + (real,))
                continue
            if os.path.splitext(e.name)[1].lower() not in SUPPORTED:
                continue
            try:
                is_file = e.is_file()
            except OSError:
                is_file = False
            if not is_file:
                if e.is_symlink() and not os.path.exists(full):
                    self.warn(full, "broken symbolic link; skipped")
                continue
            if self.include and not _matches(relpath, e.name, self.include):
                continue
            if self.exclude and _matches(relpath, e.name, self.exclude):
                continue
            self.found += 1
            real = os.path.realpath(full)
            if real in self.seen_files:
                continue
            self.seen_files.add(real)
            yield full


# --------------------------------------------------------------------------- reading

@dataclass(frozen=True)
class Raw:
    """A decoded document whose prose is not made yet: cheap to hash (for the cache) and to
    send to another process, where :meth:`source` does the rest of the reading."""

    path: str
    raw: str = field(repr=False)
    format: str
    meta: dict = field(default_factory=dict, repr=False)   # from outside the text (JSON Lines)

    def source(self) -> Source:
        src = _build(self.path, self.raw, self.format)
        src.meta.update(self.meta)
        return src


def read_source(path: str, encoding: str | None = None, max_bytes: int | None = None,
                stdin: BinaryIO | None = None) -> Source:
    """Read and decode one document (``"-"``: standard input, or ``stdin`` if given)."""
    return read_raw(path, encoding, max_bytes, stdin).source()


def read_raw(path: str, encoding: str | None = None, max_bytes: int | None = None,
             stdin: BinaryIO | None = None) -> Raw:
    """Read and decode one document, without making its prose (see :class:`Raw`)."""
    if path == "-":
        display = "<stdin>"
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
        if isinstance(data, str):           # a text stream: already decoded
            data = data.encode("utf-8")
        _check_size(len(data), max_bytes, display)
        text = _decode(data, display, encoding)
        return Raw(display, text, _sniff(text))
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file or directory", path=path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a document", path=path)
    if stat.S_ISREG(st.st_mode):
        _check_size(st.st_size, max_bytes, path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    _check_size(len(data), max_bytes, path)
    text = _decode(data, path, encoding)
    return Raw(path, text, _EXT_FORMAT.get(os.path.splitext(path)[1].lower(), "text"))


def source_from_text(text: str, path: str = "<text>", format: str = "text") -> Source:
    """Build a :class:`Source` from a string (``format``: text, markdown, html or auto)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if format == "auto":
        format = _sniff(text)
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    return _build(path, text, format)


def _check_size(size: int, max_bytes: int | None, path: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"document is {size} bytes, over the limit of {max_bytes} (--max-bytes)",
                         path=path)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _decode(data: bytes, path: str, encoding: str | None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r} (--encoding)", path=path) from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(f"cannot decode as {encoding}: invalid data at byte {e.start}",
                             path=path) from None
        return text[1:] if text.startswith("\ufeff") else text
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                if codec == "utf-8":
                    _invalid_utf8(data, e.start + len(bom), path)
                raise InputError(f"invalid {codec[:6].upper()} at byte {e.start + len(bom)}; use "
                                 f"--encoding to read it as another encoding", path=path) from None
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError("binary file, not a text document", path=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        _invalid_utf8(data, e.start, path)
        raise  # not reached


def _invalid_utf8(data: bytes, offset: int, path: str) -> None:
    line = data.count(b"\n", 0, offset) + 1
    raise InputError(f"invalid UTF-8 at byte {offset} (line {line}); use --encoding to read it "
                     f"as another encoding", path=path, line=line) from None


_SNIFF_HTML = re.compile(r"<(?:html|p|!doctype\s+html)[\s>/]", re.I)


def _sniff(text: str) -> str:
    if text.startswith(("---\n", "---\r\n")):
        return "markdown"
    head = text.lstrip()[:65536]
    if head.startswith("<") and _SNIFF_HTML.search(head):
        return "html"
    return "text"


def _build(path: str, raw: str, fmt: str) -> Source:
    if fmt == "markdown":
        prose, offsets, meta = _Markdown(raw, path).run()
    elif fmt == "html":
        prose, offsets, meta = _html_to_prose(raw)
    else:
        meta = _empty_meta()
        if "\r" in raw:
            b = _Builder(raw)
            b.text(0, len(raw))
            prose, offsets = b.finish()
        else:
            prose, offsets = raw, None
    if offsets is not None and prose == raw:
        offsets = None                       # nothing removed: the identity map
    return Source(path, raw, prose, offsets, meta, fmt)


# --------------------------------------------------------------------------- prose builder

_CURRENCY_SYMBOLS = frozenset("$€£¥₹₩₽₪₫฿₺₴₦₱¢")
_WORDISH_SYMBOLS = _CURRENCY_SYMBOLS | frozenset("%‰")


def _attach_to_previous(prev: str | None, nxt: str) -> bool:
    """At a gap (markup removed) between prose chars prev and nxt: does the gap belong to
    the word before (boundary = raw end of prev) rather than to the one after?

    It does when nxt is whitespace, or when prev ends a word (a letter, digit, currency
    sign or percent sign) and nxt cannot start one (punctuation, "%"): "**3%**," and
    "<b>12</b>%" give "3%" and "12"; "(**$3m**" and "$<b>3</b>" give "$3m" and "3".
    """
    if prev is None or prev.isspace():
        return False
    if nxt.isspace():
        return True
    return ((prev.isalnum() or prev in _WORDISH_SYMBOLS)
            and not (nxt.isalnum() or nxt in _CURRENCY_SYMBOLS))


_CR = re.compile(r"\r\n?")
_W = array("l").itemsize
_BLOCK = 1 << 16
_BLOCK_BYTES: bytes | None = None


def _identity(n: int) -> memoryview:
    """The bytes of array('l', range(n)), built without a Python int per entry.

    Offsets of verbatim text are runs of consecutive integers; copying them out of this
    buffer (``array.frombytes`` of a slice) is a memcpy instead of a loop over a range.
    """
    global _BLOCK_BYTES
    if _BLOCK_BYTES is None:
        _BLOCK_BYTES = array("l", range(_BLOCK)).tobytes()
    if n <= _BLOCK:
        return memoryview(_BLOCK_BYTES)[:n * _W]
    if sys.byteorder != "little":
        return memoryview(array("l", range(n)).tobytes())
    out = bytearray()
    for k in range(0, n, _BLOCK):        # k + i for i < 2**16: only bytes 2.. of k differ
        chunk = bytearray(_BLOCK_BYTES)
        kb = k.to_bytes(_W, "little")
        for p in range(2, _W):
            if kb[p]:
                chunk[p::_W] = bytes((kb[p],)) * _BLOCK
        out += chunk
    del out[n * _W:]
    return memoryview(out)


class _Builder:
    """Accumulates prose pieces and the offsets array (see the module contract)."""

    __slots__ = ("raw", "parts", "offs", "end", "last", "tail_nl", "_ident")

    def __init__(self, raw: str, start: int = 0):
        self.raw = raw
        self.parts: list[str] = []
        self.offs = array("l")
        self.end = start          # raw end of the last piece emitted
        self.last: str | None = None
        self.tail_nl = 0          # trailing newlines of the prose so far (capped at 2)
        self._ident: memoryview | None = None

    def _first(self, s: int, c: str) -> int:
        if s == self.end or not _attach_to_previous(self.last, c):
            return s
        return self.end

    def _tail(self, t: str) -> None:
        if t[-1] != "\n":
            self.tail_nl = 0
        elif len(t) == 1:
            self.tail_nl = min(self.tail_nl + 1, 2)
        else:
            self.tail_nl = 2 if t[-2] == "\n" else 1
        self.last = t[-1]

    def text(self, s: int, e: int) -> None:
        """Copy raw[s:e] verbatim (a "\\r\\n" or lone "\\r" becomes "\\n")."""
        if s >= e:
            return
        raw = self.raw
        t = raw[s:e]
        offs = self.offs
        n0 = len(offs)
        if e - s == 1:
            offs.append(s)
            if t == "\r":
                t = "\n"
        else:
            ident = self._ident
            if ident is None:
                ident = self._ident = _identity(len(raw) + 1)
            if "\r" in t:
                i = s
                for m in _CR.finditer(raw, s, e):
                    ms = m.start()
                    if ms > i:
                        offs.frombytes(ident[i * _W:ms * _W])
                    offs.append(ms)
                    i = m.end()
                if e > i:
                    offs.frombytes(ident[i * _W:e * _W])
                t = _CR.sub("\n", t)
            else:
                offs.frombytes(ident[s * _W:e * _W])
        if s != self.end and _attach_to_previous(self.last, t[0]):
            offs[n0] = self.end
        self.parts.append(t)
        self.end = e
        self._tail(t)

    def synth(self, t: str, s: int, e: int) -> None:
        """Emit text t standing for raw[s:e] (an entity, a replaced or inserted char)."""
        if not t:
            return
        self.offs.append(self._first(s, t[0]))
        if len(t) > 1:
            self.offs.extend([s] * (len(t) - 1))
        self.parts.append(t)
        self.end = e
        self._tail(t)

    def at_block_start(self) -> bool:
        return not self.parts or self.tail_nl >= 2

    def ensure_break(self, pos: int) -> None:
        """End the current block: make the prose end with a blank line (if non-empty)."""
        if self.parts and self.tail_nl < 2:
            self.synth("\n" * (2 - self.tail_nl), pos, pos)

    def finish(self) -> tuple[str, array]:
        self.offs.append(self.end)
        return "".join(self.parts), self.offs


# --------------------------------------------------------------------------- Markdown

_FM_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n)")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.M)
_FM_DATE_LINE = re.compile(r"^date[ \t]*:", re.M)

_PRESCAN = re.compile(
    r"(?P<fence>^[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t]*"
    r"(?:`{3,}(?![^\n]*`)|~{3,}))|(?P<comment><!--)", re.M)
_COMMENT_END = re.compile(r"--!?>")
_MASK = re.compile(r"[^\r\n]")

_QUOTE = re.compile(r"[ \t]*>[ \t]?")
_BULLET = re.compile(r"[ \t]*[-*+](?:[ \t]+|$)")
_ORDERED = re.compile(r"[ \t]*(\d{1,3})[.)](?:[ \t]+|$)")
_HR = re.compile(r"[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"[ \t]{0,3}(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"[ \t]*(`{3,}(?!.*`)|~{3,})")
_ATX = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_REFDEF = re.compile(r"[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*\S")
_FOOTDEF = re.compile(r"[ \t]{0,3}\[\^[^\]\s]+\]:[ \t]*")
_TABLE_DELIM = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_REFDEF_SCAN = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)*\[([^\]\n^][^\]\n]*)\]:[ \t]*\S", re.M)

_SPECIAL = re.compile(r"[\\`*_~\[!<&\x00]")
_SPECIAL_TABLE = re.compile(r"[\\`*_~\[!<&\x00|]")
_BRACKETS = re.compile(r"[\\\[\]`]")
_PARENS = re.compile(r"[\\()]")
_NULS = re.compile(r"\x00+")
_NEWLINES = re.compile(r"\r\n|\r|\n")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+)>")
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9\-]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_LINK_WINDOW = 4000
_code_close_cache: dict[int, re.Pattern] = {}


_EMPHASIS_RUN = re.compile(r"[*_]+")


def _code_close(n: int) -> re.Pattern:
    rx = _code_close_cache.get(n)
    if rx is None:
        rx = _code_close_cache[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return rx


def _blank(line: str) -> bool:
    """Only whitespace (and masked comments)."""
    if "\x00" in line:
        line = line.replace("\x00", "")
    return not line.strip()


def _norm_label(label: str) -> str:
    return " ".join(label.split()).casefold()


# Front matter is nearly always a few ``key: value`` lines, and PyYAML's pure-Python scanner
# costs most of the time of reading a Markdown document. Such lines are split here; their
# scalars still go through PyYAML's own resolver and constructor (as nodes), so each value is
# exactly what ``yaml.safe_load`` gives. Anything else (nesting, comments, block scalars,
# escapes, tabs, odd characters) and anything that fails goes to ``yaml.safe_load``, which
# gives the value or the error as before.
_FM_KEY_VALUE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,62}):[ ]+(.*)")
_FM_ODD = re.compile(r"[\t\r\x85\u2028\u2029\ufeff]")
_PLAIN_FIRST_NOT = frozenset("-?:,[]{}#&*!|>'\"%@` ")


def _load_front_matter(text: str):
    data = _simple_mapping(text)
    return yaml.safe_load(text) if data is None else data


def _simple_mapping(text: str) -> dict | None:
    """``text`` read as ``yaml.safe_load`` would, when it is only ``key: scalar`` lines."""
    if _FM_ODD.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    loader = yaml.SafeLoader("")
    pairs = []
    for line in text.split("\n"):
        if not line.strip(" "):
            continue
        m = _FM_KEY_VALUE.fullmatch(line)
        if not m:
            return None
        key, value = m.group(1), m.group(2).rstrip(" ")
        if not value:
            return None
        if value[0] in "\"'":
            inner = value[1:-1]
            if len(value) < 2 or value[-1] != value[0] or value[0] in inner or "\\" in inner:
                return None
            node = yaml.ScalarNode(loader.resolve(yaml.ScalarNode, inner, (False, True)), inner, style=value[0])
        else:
            if value[0] in _PLAIN_FIRST_NOT or value[-1] == ":" or ": " in value or " #" in value:
                return None
            node = yaml.ScalarNode(loader.resolve(yaml.ScalarNode, value, (True, False)), value)
        pairs.append((yaml.ScalarNode(loader.resolve(yaml.ScalarNode, key, (True, False)), key), node))
    if not pairs:
        return None
    try:
        return loader.construct_document(yaml.MappingNode(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, pairs))
    except Exception:       # a value PyYAML cannot construct: let it report that itself
        return None


class _VMap:
    """Maps indices of a paragraph's visible string v to raw offsets and emits pieces."""

    __slots__ = ("segs", "vstarts", "base", "single", "b")

    def __init__(self, segs: list[tuple[int, int]], b: _Builder):
        self.segs = segs
        self.b = b
        self.single = len(segs) == 1
        self.base = segs[0][0]
        vst, acc = [], 0
        for s, e in segs:
            vst.append(acc)
            acc += e - s
        self.vstarts = vst

    def pos(self, a: int) -> int:
        if self.single:
            return self.base + a
        k = bisect_right(self.vstarts, a) - 1
        return self.segs[k][0] + a - self.vstarts[k]

    def endpos(self, a: int) -> int:
        return self.pos(a - 1) + 1 if a > 0 else self.pos(0)

    def emit(self, a: int, b: int) -> None:
        if a >= b:
            return
        if self.single:
            self.b.text(self.base + a, self.base + b)
            return
        vst, segs = self.vstarts, self.segs
        k = bisect_right(vst, a) - 1
        while a < b:
            s, e = segs[k]
            hi = min(b, vst[k] + e - s)
            if hi > a:
                self.b.text(s + a - vst[k], s + hi - vst[k])
            a = hi
            k += 1

    def synth(self, t: str, a: int, b: int) -> None:
        self.b.synth(t, self.pos(a), self.endpos(b))


class _Markdown:
    """Markdown (CommonMark-ish, plus tables and footnotes) to prose."""

    def __init__(self, raw: str, path: str):
        self.raw = raw
        self.path = path
        self.meta = _empty_meta()
        self.refs: set[str] = set()

    # ---- front matter

    def _front_matter(self) -> int:
        raw = self.raw
        m = _FM_OPEN.match(raw)
        if not m:
            return 0
        c = _FM_CLOSE.search(raw, m.end())
        if not c:
            raise InputError("front matter opened with '---' is never closed by a '---' line",
                             path=self.path, line=1)
        text = raw[m.end():c.start()]
        try:
            data = _load_front_matter(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
            problem = getattr(e, "problem", None) or getattr(e, "context", None) or str(e)
            line = mark.line + 2 if mark is not None else 2
            col = mark.column + 1 if mark is not None else None
            raise InputError(f"front matter is not valid YAML: {problem}", path=self.path,
                             line=line, col=col) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise InputError("front matter must be a mapping of keys to values "
                             f"(got {type(data).__name__})", path=self.path, line=2)
        meta = self.meta
        meta["front_matter"] = data
        date = data.get("date")
        if isinstance(date, datetime.datetime):
            date = date.date().isoformat()
        elif isinstance(date, datetime.date):
            date = date.isoformat()
        elif isinstance(date, str) and date.strip():
            iso = _iso_date(date)
            if iso is None:
                dm = _FM_DATE_LINE.search(text)
                line = text.count("\n", 0, dm.start()) + 2 if dm else 2
                raise InputError(f"front matter date {date!r} is not a date like 2015-01-15",
                                 path=self.path, line=line)
            date = iso
        elif date is not None and date != "":
            dm = _FM_DATE_LINE.search(text)
            line = text.count("\n", 0, dm.start()) + 2 if dm else 2
            raise InputError(f"front matter date {date!r} is not a date like 2015-01-15",
                             path=self.path, line=line)
        else:
            date = None
        meta["date"] = date
        for key in ("title", "entity", "source"):
            v = data.get(key)
            if isinstance(v, list):
                v = [str(x) for x in v if x is not None]
            elif v is not None:
                v = str(v)
            meta[key] = v
        return c.end()

    # ---- pre-scan: comments (masked), reference definitions

    def _mask_comments(self, start: int) -> str:
        raw = self.raw
        if "<!--" not in raw:
            return raw
        pieces, last, pos = [], 0, start
        comments = self.meta["comments"]
        while True:
            m = _PRESCAN.search(raw, pos)
            if not m:
                break
            if m.group("fence"):
                fence = m.group().lstrip(" \t>-*+0123456789.)")
                ch, n = fence[0], len(fence)
                eol = raw.find("\n", m.end())
                if eol < 0:
                    break
                close = re.compile(r"^[ \t]*(?:>[ \t]?)*%s{%d,}[ \t]*\r?$" % (re.escape(ch), n),
                                   re.M).search(raw, eol + 1)
                if not close:
                    break
                pos = close.end()
                continue
            s = m.start()
            e = _COMMENT_END.search(raw, s + 4)
            if not e:                       # unclosed: not a comment, read as text
                pos = s + 4
                continue
            inner = raw[s + 4:e.start()]
            comments.append((s, e.end(), inner.strip()))
            pieces.append(raw[last:s])
            pieces.append(_MASK.sub("\x00", raw[s:e.end()]))
            last = pos = e.end()
        if not pieces:
            return raw
        pieces.append(raw[last:])
        return "".join(pieces)

    # ---- block pass

    def run(self) -> tuple[str, array, dict]:
        start = self._front_matter()
        w = self.w = self._mask_comments(start)
        self.refs = {_norm_label(m.group(1)) for m in _REFDEF_SCAN.finditer(w, start)}
        b = self.b = _Builder(self.raw, start)
        n = len(w)
        cur: list[tuple[int, int]] = []

        def flush() -> None:
            if cur:
                self._inline(cur, False)
                cur.clear()

        in_fence = False
        fence_ch, fence_n = "", 0
        prev_kind = "blank"        # blank | para | heading | item | table | other
        prev_quoted = False
        in_list = False
        in_table = False
        brk_next = False
        pos = start
        while pos < n:
            nl = w.find("\n", pos)
            if nl < 0:
                ce = le = n
            else:
                le = nl + 1
                ce = nl - 1 if nl > pos and w[nl - 1] == "\r" else nl
            ls = pos
            pos = le
            line = w[ls:ce]
            if in_fence:
                q = 0
                while (m := _QUOTE.match(line, q)) and m.end() > q:
                    q = m.end()
                rest = line[q:].strip()
                if rest and rest[0] == fence_ch and len(rest) >= fence_n \
                        and rest.strip(fence_ch) == "":
                    in_fence = False
                    brk_next = True
                b.text(ce, le)
                continue
            if _blank(line):
                flush()
                b.text(ce, le)
                prev_kind = "blank"
                in_table = False
                continue
            # container prefixes: block quotes, then list markers
            p = 0
            quoted = False
            item = False
            while True:
                m = _QUOTE.match(line, p)
                if m:
                    p = m.end()
                    quoted = True
                    continue
                if not item:
                    if _HR.match(line, p):
                        break
                    if prev_kind == "para" and _SETEXT.match(line, p):
                        break
                    m = _BULLET.match(line, p)
                    if not m:
                        m = _ORDERED.match(line, p)
                        if m and not (int(m.group(1)) == 1 or in_list
                                      or prev_kind != "para"):
                            m = None
                    if m:
                        p = m.end()
                        item = True
                        continue
                break
            rest_start = p
            if quoted != prev_quoted:
                flush()
                b.ensure_break(ls)
                prev_quoted = quoted
            if item:
                in_list = True
            elif prev_kind == "blank" and line[:1] not in (" ", "\t"):
                in_list = False
            # hidden lines: thematic break, setext underline, empty item, table delimiter
            if not item and (_HR.match(line, p)
                             or (prev_kind == "para" and _SETEXT.match(line, p))):
                flush()
                b.text(ce, le)
                prev_kind = "other"
                brk_next = True
                continue
            while rest_start < len(line) and line[rest_start] in " \t":
                rest_start += 1
            if rest_start >= len(line) or _blank(line[rest_start:]):
                flush()
                b.text(ce, le)
                prev_kind = "blank" if not item else "item"
                continue
            m = _FENCE.match(line, rest_start)
            if m:
                flush()
                in_fence = True
                fence_ch, fence_n = m.group(1)[0], len(m.group(1))
                b.text(ce, le)
                prev_kind = "other"
                continue
            m = _ATX.match(line, rest_start)
            if m:
                flush()
                b.ensure_break(ls)
                cs = m.end()
                cm = _ATX_CLOSE.search(line, cs)
                cend = cm.start() if cm else len(line)
                if cend > cs:
                    self._inline([(ls + cs, ls + cend)], False)
                b.text(ce, le)
                prev_kind = "heading"
                brk_next = True
                continue
            if not quoted and not item:
                m = _FOOTDEF.match(line)
                if m:
                    flush()
                    b.ensure_break(ls)
                    cur.append((ls + m.end(), ce))
                    cur.append((ce, le))
                    prev_kind = "para"
                    continue
                m = _REFDEF.match(line)
                if m and _norm_label(m.group(1)) in self.refs:
                    flush()
                    b.text(ce, le)
                    prev_kind = "other"
                    continue
            if "|" in line:
                if in_table:
                    if _TABLE_DELIM.match(line, rest_start):
                        b.text(ce, le)
                        continue
                    self._table_row(ls + rest_start, ce, le)
                    prev_kind = "table"
                    continue
                if self._delim_follows(le, quoted):
                    flush()
                    in_table = True
                    self._table_row(ls + rest_start, ce, le)
                    prev_kind = "table"
                    continue
            elif in_table:
                in_table = False
                brk_next = True
            if item or brk_next or prev_kind in ("table", "heading"):
                flush()
                b.ensure_break(ls)
                brk_next = False
            cur.append((ls + rest_start, ce))
            if le > ce:
                cur.append((ce, le))
            prev_kind = "para"
        flush()
        prose, offs = b.finish()
        return prose, offs, self.meta

    def _delim_follows(self, le: int, quoted: bool) -> bool:
        w = self.w
        if le >= len(w):
            return False
        nl = w.find("\n", le)
        nxt = w[le:nl if nl >= 0 else len(w)].rstrip("\r")
        if "|" not in nxt and "-" not in nxt:
            return False
        q = 0
        if quoted:
            while (m := _QUOTE.match(nxt, q)) and m.end() > q:
                q = m.end()
        return "|" in nxt and _TABLE_DELIM.match(nxt, q) is not None

    def _table_row(self, s: int, ce: int, le: int) -> None:
        b = self.b
        b.ensure_break(s)
        self._inline([(s, ce)], True)
        b.text(ce, le)

    # ---- inline pass

    def _inline(self, segs: list[tuple[int, int]], table: bool) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in segs:
            if e <= s:
                continue
            if merged and merged[-1][1] == s:
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        if not merged:
            return
        w = self.w
        v = w[merged[0][0]:merged[0][1]] if len(merged) == 1 else \
            "".join(w[s:e] for s, e in merged)
        self._run(v, 0, len(v), _VMap(merged, self.b), table)

    def _drop(self, v: str, a: int, b: int, out: _VMap) -> None:
        """Drop v[a:b] but keep its line ends."""
        for m in _NEWLINES.finditer(v, a, b):
            out.emit(m.start(), m.end())

    def _run(self, v: str, lo: int, hi: int, out: _VMap, table: bool) -> None:
        rx = _SPECIAL_TABLE if table else _SPECIAL
        i = lo
        while True:
            m = rx.search(v, i, hi)
            if not m:
                out.emit(i, hi)
                return
            j = m.start()
            out.emit(i, j)
            c = v[j]
            if c == "\x00":
                i = _NULS.match(v, j, hi).end()
            elif c == "\\":
                nxt = v[j + 1] if j + 1 < hi else ""
                if nxt and nxt in _ASCII_PUNCT:
                    out.emit(j + 1, j + 2)
                    i = j + 2
                elif nxt in ("\n", "\r"):          # hard line break
                    i = j + 1
                else:
                    out.emit(j, j + 1)
                    i = j + 1
            elif c == "`":
                k = j + 1
                while k < hi and v[k] == "`":
                    k += 1
                close = _code_close(k - j).search(v, k, hi)
                if close:
                    self._drop(v, j, close.end(), out)
                    i = close.end()
                else:
                    out.emit(j, k)
                    i = k
            elif c in "*_~":
                if c != "~":
                    run = _EMPHASIS_RUN.match(v, j, hi).end()
                    if "*" in v[j:run] and "_" in v[j:run]:
                        # "*_", "**_": each same-character run touches the other character, so
                        # none is literal (the rules below): all dropped, in one step
                        i = run
                        continue
                k = j + 1
                while k < hi and v[k] == c:
                    k += 1
                prev = v[j - 1] if j > 0 else " "
                nxt = v[k] if k < len(v) else " "
                literal = (prev.isspace() and nxt.isspace()) or (c == "~" and k - j < 2)
                if not literal:
                    if c == "_":
                        literal = prev.isalnum() and nxt.isalnum()
                    elif c == "*":
                        literal = prev.isdigit() and nxt.isdigit()
                if literal:
                    out.emit(j, k)
                i = k
            elif c == "!":
                if j + 1 < hi and v[j + 1] == "[":
                    link = self._link(v, j + 1, hi)
                    if link:
                        self._drop(v, j, link[2], out)
                        i = link[2]
                        continue
                out.emit(j, j + 1)
                i = j + 1
            elif c == "[":
                if j + 1 < hi and v[j + 1] == "^":        # footnote reference [^1]
                    e = v.find("]", j + 2, min(hi, j + 200))
                    if e > j + 2 and not any(ch.isspace() for ch in v[j + 2:e]):
                        i = e + 1
                        continue
                link = self._link(v, j, hi)
                if link:
                    tlo, thi, end = link
                    self._run(v, tlo, thi, out, table)
                    self._drop(v, thi, end, out)
                    i = end
                else:
                    out.emit(j, j + 1)
                    i = j + 1
            elif c == "<":
                m2 = _AUTOLINK.match(v, j, hi) or _INLINE_TAG.match(v, j, hi)
                if m2:
                    self._drop(v, j, m2.end(), out)
                    i = m2.end()
                else:
                    out.emit(j, j + 1)
                    i = j + 1
            elif c == "&":
                m2 = _ENTITY.match(v, j, hi)
                if m2:
                    decoded = html.unescape(m2.group())
                    if decoded != m2.group():
                        out.synth(decoded, j, m2.end())
                    else:
                        out.emit(j, m2.end())
                    i = m2.end()
                else:
                    out.emit(j, j + 1)
                    i = j + 1
            else:                                           # "|" in a table row
                out.synth(" ", j, j + 1)
                i = j + 1

    def _link(self, v: str, j: int, hi: int) -> tuple[int, int, int] | None:
        """v[j] == "[": (text_start, text_end, end) of a link, or None."""
        limit = min(hi, j + _LINK_WINDOW)
        depth = 0
        k = j
        while True:
            m = _BRACKETS.search(v, k, limit)
            if not m:
                return None
            k = m.start()
            c = v[k]
            if c == "\\":
                k += 2
            elif c == "`":
                r = k + 1
                while r < limit and v[r] == "`":
                    r += 1
                close = _code_close(r - k).search(v, r, limit)
                k = close.end() if close else r
            elif c == "[":
                depth += 1
                k += 1
            else:
                depth -= 1
                if depth == 0:
                    break
                k += 1
        close = k
        after = close + 1
        if after < hi and v[after] == "(":
            end = self._paren_end(v, after, min(hi, after + _LINK_WINDOW))
            if end is not None:
                return j + 1, close, end
        if after < hi and v[after] == "[":
            e = v.find("]", after + 1, min(hi, after + 1000))
            if e >= 0 and "[" not in v[after + 1:e]:
                return j + 1, close, e + 1
        if _norm_label(v[j + 1:close]) in self.refs:
            return j + 1, close, close + 1
        return None

    @staticmethod
    def _paren_end(v: str, p: int, limit: int) -> int | None:
        k = p + 1
        while k < limit and v[k] in " \t\r\n":
            k += 1
        if k < limit and v[k] == "<":                  # <destination>
            gt = v.find(">", k, limit)
            if gt < 0:
                return None
            k = gt + 1
        depth = 1
        while True:
            m = _PARENS.search(v, k, limit)
            if not m:
                return None
            k = m.start()
            c = v[k]
            if c == "\\":
                k += 2
                continue
            depth += 1 if c == "(" else -1
            k += 1
            if depth == 0:
                return k


# --------------------------------------------------------------------------- HTML

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def _iso_date(s: str) -> str | None:
    m = _ISO_DATE.match(s)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


_BLOCK_TAGS = frozenset("""
p div br li h1 h2 h3 h4 h5 h6 tr td th section article header footer blockquote table
ul ol dl dt dd hr pre figure figcaption main nav aside address caption form fieldset
legend details summary body html thead tbody tfoot center
""".split())
_SKIP_TAGS = frozenset("script style noscript template svg iframe".split())
_HEAD_TAGS = frozenset("title meta link base script style noscript template".split())
_DATE_META = frozenset("date pubdate publishdate article:published_time dc.date "
                       "dc.date.issued datepublished".split())


# One token of HTML. Every alternative is linear and always ends: a comment, a script or a
# style runs to its end or to the end of the text; a tag to its ">" or the end (as browsers
# read an unclosed one); a quoted attribute value to its quote or the end. Each step of the
# attribute loop reads one character or one quoted value, so nothing backtracks.
_HTML_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)(?:--!?>|\Z)"
    r"|<(?P<rawtext>script|style)(?=[\t\n\r\f />]).*?(?:</(?P=rawtext)(?=[\t\n\r\f />])[^>]*>?|\Z)"
    r"|<(?P<close>/?)(?P<tag>[a-z][^\t\n\r\f />\x00]*)"
    r"(?P<attrs>(?:[^>\"']|\"[^\"]*\"?|'[^']*'?)*)>?"
    r"|<[!?/][^>]*>?"
    r"|(?P<ref>&(?:#[0-9]+|#x[0-9a-f]+|[a-z][a-z0-9]*);?)",
    re.S | re.I)
_HTML_ATTR = re.compile(r"([^\s=/>]+)(?:\s*=\s*(\"[^\"]*\"?|'[^']*'?|[^\s>]*))?")


def _attrs(text: str) -> dict:
    """An HTML tag's attributes: names lowercased, values unquoted and unescaped."""
    out = {}
    for m in _HTML_ATTR.finditer(text):
        value = m.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1] if len(value) > 1 and value[-1] == value[0] else value[1:]
        out.setdefault(m.group(1).lower(), html.unescape(value))
    return out


_unescape = functools.lru_cache(maxsize=1024)(html.unescape)


class _HTMLToProse:
    """Visible text of an HTML page, read token by token with :data:`_HTML_TOKEN`.

    Tags, comments, declarations and character references are tokens; the text between them
    is prose. A ``<script>`` or ``<style>`` element, raw text up to its end tag, is one token
    and never prose; the other invisible elements (``_SKIP_TAGS``) are skipped with a depth
    count, since they may nest.
    """

    def __init__(self, raw: str, b: _Builder, meta: dict):
        self.raw = raw
        self.b = b
        self.meta = meta
        self.skip = 0
        self.in_head = False
        self.title_buf: list[str] | None = None
        self.meta_date: str | None = None
        self.time_date: str | None = None

    def run(self) -> None:
        raw = self.raw
        last = 0
        for m in _HTML_TOKEN.finditer(raw):
            if last < m.start():
                self._data(last, m.start())
            last = m.end()
            kind = m.lastgroup
            if kind == "attrs":
                close, tag, attrs = m.group("close", "tag", "attrs")
                tag = tag.lower()
                if tag in _BLOCK_TAGS and self.plain:       # the common case, made short
                    self.b.ensure_break(m.start())
                elif close:
                    self._end(tag, m.start())
                else:
                    self._start(tag, attrs, attrs.endswith("/") and raw[last - 1] == ">",
                                m.start())
            elif kind == "ref":
                self._ref(m.start(), last)
            elif kind == "comment":
                self.meta["comments"].append((m.start(), last, m.group("comment").strip()))
        self._data(last, len(raw))
        self._end_title()
        self.meta["date"] = self.meta_date or self.time_date

    @property
    def plain(self) -> bool:
        """In visible body text: not skipping, not in ``<head>``, not reading a title."""
        return not self.skip and not self.in_head and self.title_buf is None

    def _start(self, tag: str, attrs: str, selfclosing: bool, pos: int) -> None:
        if self.skip:
            if tag in _SKIP_TAGS and not selfclosing:
                self.skip += 1
            return
        if tag == "meta":
            self._meta(_attrs(attrs))
            return
        if tag == "title":
            if not selfclosing:
                self.title_buf = []
            return
        if self.title_buf is not None and (tag in _BLOCK_TAGS or tag == "body"):
            self._end_title()                  # an unclosed <title> must not eat the page
        if tag == "time" and self.time_date is None:
            value = _attrs(attrs).get("datetime")
            if value:
                self.time_date = _iso_date(value)
        if tag in _SKIP_TAGS:
            if not selfclosing:
                self.skip += 1
            return
        if self.in_head:
            if tag in _HEAD_TAGS:
                return
            self.in_head = False               # body content without <body>
        if tag == "head":
            if not selfclosing and not self.b.parts:
                self.in_head = True
            return
        if tag in _BLOCK_TAGS:
            self.b.ensure_break(pos)

    def _meta(self, d: dict) -> None:
        if self.meta_date is not None:
            return
        key = (d.get("name") or d.get("property") or d.get("itemprop") or "").strip().lower()
        if key in _DATE_META and d.get("content"):
            self.meta_date = _iso_date(d["content"])

    def _end(self, tag: str, pos: int) -> None:
        if self.skip:
            if tag in _SKIP_TAGS:
                self.skip -= 1
            return
        if tag == "title":
            self._end_title()
            return
        if tag == "head":
            self.in_head = False
            return
        if self.in_head:
            return
        if tag in _BLOCK_TAGS:
            self.b.ensure_break(pos)

    def _end_title(self) -> None:
        if self.title_buf is not None:
            title = " ".join("".join(self.title_buf).split())
            if title and self.meta["title"] is None:
                self.meta["title"] = title
            self.title_buf = None

    def _data(self, start: int, end: int) -> None:
        if start >= end or self.skip:
            return
        if self.title_buf is not None:
            self.title_buf.append(self.raw[start:end])
            return
        if self.in_head:
            return
        b = self.b
        if b.at_block_start():
            raw = self.raw
            while start < end and raw[start].isspace():
                start += 1
            if start == end:
                return
        b.text(start, end)

    def _ref(self, start: int, end: int) -> None:
        if self.skip:
            return
        text = self.raw[start:end]
        decoded = _unescape(text)
        if self.title_buf is not None:
            self.title_buf.append(decoded)
            return
        if self.in_head:
            return
        b = self.b
        if decoded == text:
            b.text(start, end)
        elif not (decoded.isspace() and b.at_block_start()):
            b.synth(decoded, start, end)


def markup_removed(raw: str) -> str:
    """An HTML page's text with every tag, comment, script, style and character reference
    replaced by a space, in one pass in C: cheap, for counting its numbers before its prose is
    built (invisible text such as <noscript> stays, and "1<b>2</b>" counts twice)."""
    return _HTML_TOKEN.sub(" ", raw)


def _html_to_prose(raw: str) -> tuple[str, array, dict]:
    meta = _empty_meta()
    b = _Builder(raw)
    _HTMLToProse(raw, b, meta).run()
    prose, offs = b.finish()
    return prose, offs, meta
