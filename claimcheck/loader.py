"""Safe YAML loading into pydantic models, with errors that name the file, line and field.

YAML is read with ``yaml.SafeLoader`` only (no Python tags). Each mapping and sequence
remembers the line it started on (and the lines of its keys or items), so a validation error
can point at the line of the offending field. The files shipped with claimcheck are read
with libyaml's ``CSafeLoader`` when PyYAML has it (ten times faster: it is most of reading
the vocabulary at start-up); users' files always go through the checks of ``_LineLoader``.
"""
from __future__ import annotations

import os
import stat
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import RuleError

M = TypeVar("M", bound=BaseModel)
MAX_RULE_FILE_BYTES = 1_000_000
# Values in a document once its aliases are expanded: a 1 MB file without aliases has at most
# about 500,000, but a few aliases of aliases ("billion laughs") would have pydantic validate
# billions of them.
MAX_YAML_VALUES = 1_000_000
MAX_YAML_DEPTH = 64         # collections inside collections (a rule file needs 4)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of every mapping key and sequence item."""

    # Nesting is refused while scanning, with its line: deeper, PyYAML's recursive parser and
    # composer would take seconds (it looks ahead 1024 characters at every '[') and then overflow.
    def _check_depth(self):
        if self.flow_level + len(self.indents) >= MAX_YAML_DEPTH:
            raise yaml.scanner.ScannerError(None, None, f"nested more than {MAX_YAML_DEPTH} deep", self.get_mark())

    def fetch_flow_collection_start(self, TokenClass):
        self._check_depth()
        super().fetch_flow_collection_start(TokenClass)

    def add_indent(self, column):
        added = super().add_indent(column)
        if added:
            self._check_depth()
        return added

    def construct_object(self, node, deep=False):
        # PyYAML's constructors raise bare ValueError, KeyError... for a bad value under an
        # explicit tag (!!int 08, !!bool x, !!timestamp) or an int of too many digits.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            shown = repr(value if len(value) <= 40 else value[:40] + "...")
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise yaml.constructor.ConstructorError(None, None, f"cannot read {shown} as {tag}",
                                                    node.start_mark) from None


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {}
    for key_node, _ in node.value:
        try:
            lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
        except TypeError:
            pass
    loader.lines[id(mapping)] = (node.start_mark.line + 1, lines, mapping)   # kept alive: ids stay unique
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode):
    sequence = yaml.SafeLoader.construct_sequence(loader, node, deep=True)
    lines = {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}
    loader.lines[id(sequence)] = (node.start_mark.line + 1, lines, sequence)
    return sequence


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)

if hasattr(yaml, "CSafeLoader"):            # PyYAML built with libyaml
    class _CLineLoader(yaml.CSafeLoader):
        """libyaml's parser with the same constructors (same data, same lines), for shipped
        files only: it has none of _LineLoader's limits on depth and size."""

    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
else:
    _CLineLoader = None


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a document that expands to more than MAX_YAML_VALUES values (counted over the
    node graph, each shared node once: linear in the file)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:           # a recursive alias: the constructor refuses it
            return 1
        active.add(key)
        children = node.value if isinstance(node, yaml.SequenceNode) else \
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else ()
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_YAML_VALUES:
                raise yaml.constructor.ConstructorError(
                    None, None, f"aliases expand to more than {MAX_YAML_VALUES} values", node.start_mark)
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


def read_limited(path, error: type[Exception] = RuleError, what: str = "file") -> str:
    """A UTF-8 text file of at most ``MAX_RULE_FILE_BYTES`` (read as text mode would: universal
    newlines). A directory, FIFO or device is refused, never read."""
    p = str(path)
    try:
        st = os.stat(p)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"cannot read {what}: not a regular file", path=p)
        if st.st_size > MAX_RULE_FILE_BYTES:
            raise error(f"file is {st.st_size} bytes, over the limit of {MAX_RULE_FILE_BYTES}", path=p)
        with open(p, "rb") as f:
            data = f.read(MAX_RULE_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:          # ValueError: a NUL in the path
        raise error(f"cannot read {what}: {getattr(exc, 'strerror', None) or exc}", path=p) from None
    if len(data) > MAX_RULE_FILE_BYTES:           # it grew while being read
        raise error(f"file is over the limit of {MAX_RULE_FILE_BYTES} bytes", path=p)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"not UTF-8 text (byte {exc.start})", path=p, line=data.count(b"\n", 0, exc.start) + 1) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_shipped(text: str) -> tuple[Any, dict] | None:
    """A shipped file read by libyaml, or None (no libyaml, or the file does not read: the
    careful loader then reads it again, for its precise error)."""
    if _CLineLoader is None:
        return None
    loader = None
    try:
        loader = _CLineLoader(text)
        loader.lines = {}
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        loader.lines[None] = node.start_mark.line + 1 if node is not None else 1
        return data, loader.lines
    except Exception:       # anything at all: the careful loader says what and where
        return None
    finally:
        if loader is not None:
            loader.dispose()


def parse_yaml(text: str, path: str, error: type[Exception] = RuleError,
               shipped: bool = False) -> tuple[Any, dict]:
    """Parse YAML text; returns the data and a table of line numbers by mapping and sequence
    id (``None``: the line the document starts on). ``shipped``: a file of claimcheck's own
    (read by libyaml when available)."""
    if shipped:
        parsed = _parse_shipped(text)
        if parsed is not None:
            return parsed
    if len(text) > MAX_RULE_FILE_BYTES:
        raise error(f"file is {len(text)} bytes, over the limit of {MAX_RULE_FILE_BYTES}", path=path)
    loader = None
    try:
        loader = _LineLoader(text)          # the reader refuses control characters here already
        loader.lines = {}
        node = loader.get_single_node()
        if node is not None:
            _check_expanded_size(node)
        data = loader.construct_document(node) if node is not None else None
        loader.lines[None] = node.start_mark.line + 1 if node is not None else 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise error(f"invalid YAML: {exc.problem or exc}", path=path,
                    line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        raise error(f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}", path=path,
                    line=text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", path=path) from None
    except RecursionError:
        raise error("invalid YAML: nested too deeply", path=path) from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, loader.lines


def line_of(data: Any, lines: dict, loc: tuple) -> int | None:
    """The line of the field at pydantic location ``loc`` inside ``data``."""
    line = lines.get(None)
    node = data
    for part in loc:
        entry = lines.get(id(node)) if isinstance(node, (dict, list)) else None
        if entry:
            line = entry[1].get(part, entry[0])
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line


def validation_error(exc: ValidationError, data: Any, lines: dict, path: str,
                     error: type[Exception] = RuleError, prefix: tuple = ()) -> Exception:
    first = exc.errors()[0]
    loc = prefix + tuple(p for p in first["loc"] if not (isinstance(p, str) and p.startswith("function-")))
    field = ".".join(str(p) for p in loc) or "(top level)"
    return error(f"{field}: {first['msg']}", path=path, line=line_of(data, lines, loc))


def load_yaml_model(text: str, model: type[M], path: str, error: type[Exception] = RuleError,
                    shipped: bool = False) -> M:
    data, lines = parse_yaml(text, path, error, shipped)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, lines, path, error) from None
